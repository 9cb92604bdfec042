"""Native JSON: lossless round trip, schema conformance, located errors."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap.formats.native import NativeJSONReader, NativeJSONRenderer
from argmap.testing import assert_reader_robust, assert_round_trip, maps


def _schema() -> dict:
    text = resources.files("argmap").joinpath("schema/argmap.schema.json").read_text("utf-8")
    return json.loads(text)


@settings(max_examples=150, deadline=None)
@given(maps())
def test_round_trip_is_lossless(amap: argmap.ArgumentMap) -> None:
    back = assert_round_trip(amap, NativeJSONRenderer(), NativeJSONReader())
    assert back == amap


@settings(max_examples=60, deadline=None)
@given(maps())
def test_output_conforms_to_the_shipped_schema(amap: argmap.ArgumentMap) -> None:
    doc = json.loads(argmap.render(amap, "json"))
    jsonschema.validate(doc, _schema())


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(_schema())


def test_output_is_deterministic(tiny_map: argmap.ArgumentMap) -> None:
    assert argmap.render(tiny_map, "json") == argmap.render(tiny_map, "json")


def test_reader_raises_only_argmap_errors() -> None:
    seed = argmap.render(_example(), "json")
    assert isinstance(seed, str)
    assert_reader_robust(NativeJSONReader(), seeds=[seed], max_examples=150)


def _example() -> argmap.ArgumentMap:
    m = argmap.ArgumentMap("Example", description="d", meta={"k": [1, 2]})
    g = m.group("Section")
    a = m.claim("A", tags=["x"], group=g)
    b = m.evidence("B", source=argmap.Source(title="T", url="https://e.org"))
    c = m.claim("C")
    r = m.support(b, a)
    m.rebut(c, a)
    m.undercut(c, r)
    arg = m.argument([a, b], c, title="Arg")
    m.undercut(b, arg)
    m.contradict(a, c)
    return m


@pytest.fixture
def tiny_map() -> argmap.ArgumentMap:
    return _example()


def test_write_and_read_file(tmp_path: Path, tiny_map: argmap.ArgumentMap) -> None:
    out = argmap.write(tiny_map, tmp_path / "m.json")
    assert argmap.read(out) == tiny_map


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{", "malformed JSON"),
        ("[]", "expected a JSON object"),
        ('{"statements": []}', "no schema_version"),
        ('{"schema_version": 99}', "schema_version 99 is not supported"),
        ('{"schema_version": 1, "statements": [{"id": "a"}]}', "$.statements[0]"),
        ('{"schema_version": 1, "statements": [{"id": "a", "text": 3}]}', "$.statements[0]"),
        ('{"schema_version": 1, "bogus": 1}', "unknown key 'bogus'"),
        (
            '{"schema_version": 1, "statements": [{"id": "a", "text": "x", "kind": "opinion"}]}',
            "$.statements[0]",
        ),
    ],
)
def test_malformed_documents_name_the_json_path(text: str, fragment: str) -> None:
    with pytest.raises(argmap.ArgmapSyntaxError) as info:
        argmap.parse(text, "json", path="m.json")
    assert fragment in str(info.value)
    assert str(info.value).startswith("m.json")


def test_malformed_json_has_line_and_column() -> None:
    with pytest.raises(argmap.ArgmapSyntaxError) as info:
        argmap.parse('{\n  "schema_version": 1,\n  oops\n}', "json", path="m.json")
    assert (info.value.line, info.value.column) == (3, 3)


def test_duplicate_id_is_reported() -> None:
    doc = {
        "schema_version": 1,
        "statements": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}],
    }
    with pytest.raises(argmap.DuplicateIdError, match=r"\$\.statements\[1\]\.id"):
        argmap.parse(json.dumps(doc), "json", path="m.json")


def test_dangling_reference_is_reported() -> None:
    doc = {
        "schema_version": 1,
        "statements": [{"id": "a", "text": "x"}],
        "relations": [{"id": "r", "kind": "support", "source": "a", "target": "nope"}],
    }
    with pytest.raises(argmap.DanglingReferenceError, match="'nope'"):
        argmap.parse(json.dumps(doc), "json", path="m.json")


# --------------------------------------------------------------------------- fast paths
# The reader builds element lists column by column (_serialize._batch) and measures JSON
# depth on the bytes (_jsonloc._deeper_than); these properties hold them to the validated
# path: cattrs' structure hook for every element, one by one, and a recursive depth.


def _validated(doc: dict) -> argmap.ArgumentMap | type[Exception]:
    """The map the validated path builds from ``doc``: every element through the
    converter's detailed structure hook and ArgumentMap.add; the error class if any."""
    from argmap._serialize import _ELEMENTS, _converter

    m = argmap.ArgumentMap(
        doc.get("title"), description=doc.get("description"), meta=doc.get("meta", {})
    )
    try:
        for key, cls in _ELEMENTS:
            for item in doc.get(key, []):
                m.add(_converter.structure(item, cls))
    except Exception as exc:
        return type(exc)
    return m


def _same_elements(a: argmap.ArgumentMap, b: argmap.ArgumentMap) -> None:
    assert a == b
    for table in ("_statements", "_arguments", "_relations", "_groups"):
        left, right = getattr(a, table), getattr(b, table)
        assert list(left) == list(right)  # the same order
        for x, y in zip(left.values(), right.values(), strict=True):
            assert type(x) is type(y)
            assert repr(x) == repr(y)
            for field in attrs.fields(type(x)):
                vx, vy = getattr(x, field.name), getattr(y, field.name)
                assert type(vx) is type(vy), field.name
    assert a._out == b._out
    assert a._in == b._in


@settings(max_examples=120, deadline=None)
@given(maps())
def test_fast_path_builds_what_the_validated_path_builds(amap: argmap.ArgumentMap) -> None:
    from argmap._serialize import from_dict, to_dict

    doc = json.loads(json.dumps(to_dict(amap)))
    fast = from_dict(doc)
    validated = _validated(json.loads(json.dumps(doc)))
    assert isinstance(validated, argmap.ArgumentMap)
    _same_elements(fast, validated)
    for el in [*fast.statements.values(), *fast.relations.values()]:  # meta of its own
        assert all(
            el.meta is not item.get("meta")
            for key in ("statements", "relations")
            for item in doc[key]
        )


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.text("ab", max_size=2),
    st.sampled_from(["claim", "evidence", "support", "attack", "undercut", "contradiction"]),
    st.lists(st.text("ab", max_size=2) | st.integers(0, 1), max_size=3),
    st.dictionaries(
        st.sampled_from(["title", "url", "x"]),
        st.none() | st.text("ab") | st.integers(),
        max_size=2,
    ),
)
_FIELDS = [
    "id",
    "text",
    "kind",
    "title",
    "sources",
    "tags",
    "group",
    "meta",
    "premises",
    "conclusion",
    "source",
    "target",
    "parent",
    "location",
    "bogus",
]


@settings(max_examples=200, deadline=None)
@given(maps(), st.data())
def test_fast_path_agrees_on_altered_documents(
    amap: argmap.ArgumentMap, data: st.DataObject
) -> None:
    """One field of one element changed to something odd (or removed): the reader's map
    equals the validated path's, or both refuse it (the reader with a located error)."""
    from argmap._serialize import to_dict

    doc = json.loads(json.dumps(to_dict(amap)))
    lists = [k for k in ("groups", "statements", "arguments", "relations") if doc[k]]
    if lists:
        key = data.draw(st.sampled_from(lists))
        item = data.draw(st.sampled_from(doc[key]))
        field = data.draw(st.sampled_from(_FIELDS))
        if data.draw(st.booleans()) and field in item:
            del item[field]
        else:
            item[field] = data.draw(_JUNK)
    text = json.dumps(doc)
    validated = _validated(json.loads(text))
    if isinstance(validated, argmap.ArgumentMap) and not next(validated._dangling(), None):
        _same_elements(argmap.parse(text, "json"), validated)
    else:
        with pytest.raises(argmap.ArgmapError) as info:
            argmap.parse(text, "json", path="m.json")
        assert str(info.value).startswith("m.json")


def test_plain_lists_take_the_columnar_path() -> None:
    """A map of the benchmark's shape is built by _batch (not element by element)."""
    from argmap._model import Relation, Statement
    from argmap._serialize import _SHAPES, _batch, to_dict

    m = argmap.ArgumentMap()
    m.evidence("E", source=argmap.Source(title="T", url="u"), id="e", tags=["t", "t"])
    m.claim("C", id="c", tags=["x"])
    m.support("e", "c")
    m.rebut("c", "e")
    doc = json.loads(json.dumps(to_dict(m)))
    for key, cls in (("statements", Statement), ("relations", Relation)):
        columns = _batch(doc[key], cls)
        assert columns is not None
        assert columns[0] == list(getattr(m, key).values())
    assert argmap.parse(json.dumps(doc), "json") == m
    for cls, shape in _SHAPES.items():  # one column per field, in the class's order
        assert [name for name, _ in shape] == [f.name for f in attrs.fields(cls)]


_TEXT = st.text(alphabet='[]{}"\\ab\n\u00e9', max_size=6)
_VALUES = st.recursive(
    st.none() | st.integers() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=40,
)


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.booleans(), st.booleans(), st.integers(0, 12))
def test_depth_on_the_bytes_is_the_depth(
    value: object, ascii_only: bool, as_bytes: bool, extra: int
) -> None:
    """Strings holding brackets, quotes and backslashes, deep values (past the rounds
    the check does by replacement): the byte-level depth is the recursive one."""
    from argmap._jsonloc import _deeper_than

    for _ in range(extra):
        value = [value] if extra % 2 else {"k": value}
    text = json.dumps(value, ensure_ascii=ascii_only)
    data = text.encode() if as_bytes else text
    depth = _depth(value)
    for limit in {0, depth - 1, depth, depth + 1}:
        assert _deeper_than(data, limit) == (depth > limit)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.integers(0, 12), st.booleans())
def test_depth_of_the_parsed_values_is_the_depth(value: object, extra: int, empty: bool) -> None:
    """The level-at-a-time depth of parsed JSON (gc.get_referents, opening only what the
    collector tracks) is the recursive one, also when the deepest level is an empty array
    or object."""
    import orjson

    from argmap._jsonloc import _parsed_deeper_than

    if empty:
        value = [value, [[]], {"k": {}}, 1.5, True]
    for _ in range(extra):
        value = [value] if extra % 2 else {"k": value}
    from argmap import _jsonloc

    doc = orjson.loads(json.dumps(value))
    depth = _depth(doc)
    assert _jsonloc._untracked_objects_hold_no_containers()  # what the pruning relies on
    saved = list(_jsonloc._PRUNE)
    try:
        for prune in (True, False):  # untracked objects left closed, or every one opened
            _jsonloc._PRUNE[:] = [prune]
            for limit in {0, depth - 1, depth, depth + 1, depth + 2}:
                if limit >= 0:
                    assert _parsed_deeper_than(doc, limit) == (depth > limit)
    finally:
        _jsonloc._PRUNE[:] = saved


def test_plain_relations_go_straight_into_the_relation_table() -> None:
    """Relations of the plain shape are kept as the map's relation table (no objects until
    used); an undercut of a relation or a dangling end takes the other paths. Either
    way the map is the validated path's."""
    from argmap._serialize import to_dict

    m = argmap.ArgumentMap()
    m.claim("A", id="a")
    m.claim("B", id="b")
    m.argument(["a"], "b", id="arg")
    m.support("a", "b")
    m.undercut("b", "arg")
    doc = json.loads(json.dumps(to_dict(m)))
    doc["relations"][0]["id"] = "its own id"  # ids are kept as written
    text = json.dumps(doc)
    read = argmap.parse(text, "json")
    assert read._table is not None
    assert read.counts() == m.counts()
    validated = _validated(json.loads(text))
    assert isinstance(validated, argmap.ArgumentMap)
    _same_elements(read, validated)
    assert read._table is None  # built on first use

    undercut = m.undercut("a", m.relations["a -support-> b"])
    assert undercut.target == "a -support-> b"
    text = json.dumps(to_dict(m))
    read = argmap.parse(text, "json")
    assert read._table is None
    _same_elements(read, _validated(json.loads(text)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("tail", "message"),
    [(b"[" * 101 + b"]" * 101, "deeper than the limit"), (b"[1] [2]", "malformed JSON")],
)
def test_large_inputs_are_bounded_by_orjson(tail: bytes, message: str) -> None:
    """From _WRAP_FROM bytes on, orjson bounds the depth (the text wrapped in arrays):
    too deep, or two values, is still refused with a located error."""
    from argmap._jsonloc import _WRAP_FROM, load_json

    text = b" " * _WRAP_FROM + tail
    with pytest.raises(argmap.ArgmapSyntaxError, match=message):
        load_json(text, "big.json")
    assert load_json(b" " * _WRAP_FROM + b'{"a": [[1]]}', "big.json") == {"a": [[1]]}
