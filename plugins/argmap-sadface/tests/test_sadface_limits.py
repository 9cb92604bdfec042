"""SADFace reader: every error located (fuzzed), bounded input, valid text (issue 12)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from argmap_sadface import SADFaceReader
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapError, ArgmapSyntaxError


def _atom(nid: str, **extra: Any) -> dict[str, Any]:
    return {"id": nid, "type": "atom", "text": f"text of {nid}", **extra}


def _parse(doc: Any, **options: Any) -> argmap.ArgumentMap:
    return SADFaceReader().parse(json.dumps(doc, indent=1), path="f.json", **options)


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        (  # two atoms given one element id
            {
                "nodes": [
                    _atom("1", metadata={"argmap": {"id": "x"}}),
                    _atom("2", metadata={"argmap": {"id": "x"}}),
                ]
            },
            "$.nodes[1].metadata.argmap.id",
        ),
        (  # a scheme whose id an atom already took
            {
                "nodes": [
                    _atom("1", metadata={"argmap": {"id": "s"}}),
                    _atom("2"),
                    {"id": "s", "type": "scheme"},
                ],
                "edges": [
                    {"source_id": "1", "target_id": "s"},
                    {"source_id": "s", "target_id": "2"},
                ],
            },
            "$.nodes[2].id",
        ),
        (  # the same, wrapped in {"sadface": ...}
            {
                "sadface": {
                    "nodes": [
                        _atom("1", metadata={"argmap": {"id": "x"}}),
                        _atom("2", metadata={"argmap": {"id": "x"}}),
                    ]
                }
            },
            "$.sadface.nodes[1].metadata.argmap.id",
        ),
    ],
)
def test_a_duplicate_element_id_is_located(doc: Any, where: str) -> None:
    with pytest.raises(ArgmapSyntaxError, match="duplicate id") as info:
        _parse(doc)
    assert info.value.line is not None
    assert info.value.column is not None
    assert where in info.value.message


_IDS = st.sampled_from(["a", "b", "s", "", "1"])
_ANY = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 2) | st.text(max_size=3) | _IDS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_IDS, inner, max_size=3),
    max_leaves=6,
)


def _mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly ``valid``, now and then any JSON value (hypothesis has no weights: a
    boolean decides, true nine times in ten)."""
    return st.integers(0, 9).flatmap(lambda n: _ANY if n == 0 else valid)


_EXT = st.fixed_dictionaries(
    {},
    optional={
        "id": _mostly(_IDS),
        **{
            k: _IDS | _ANY
            for k in (
                "kind",
                "element",
                "source",
                "conclusion",
                "group",
                "title",
                "tags",
                "meta",
                "generated",
                "groups",
                "text",
            )
        },
    },
)
_MD = st.fixed_dictionaries({}, optional={"argmap": _mostly(_EXT), "core": _ANY, "x": _ANY})
_NODE = st.fixed_dictionaries(
    {
        "id": _mostly(st.sampled_from(["1", "2", "3", "s", "t"])),
        "type": _mostly(st.sampled_from(["atom", "atom", "scheme", "inference", "conflict"])),
    },
    optional={
        "text": _mostly(st.text(max_size=3)),
        "name": st.sampled_from(["support", "conflict", "disagree", "rebut"]) | _ANY,
        # an element id of the node ids' own kind: renamed nodes collide
        "metadata": st.one_of(
            st.builds(lambda i: {"argmap": {"id": i}}, st.sampled_from(["1", "2", "s"])),
            _MD,
            _ANY,
        ),
        "sources": st.lists(
            st.fixed_dictionaries(
                {}, optional={"resource_id": _IDS | _ANY, "text": _ANY, "offset": _ANY}
            ),
            max_size=2,
        )
        | _ANY,
    },
)
_EDGE = st.fixed_dictionaries(
    {
        "source_id": _mostly(st.sampled_from(["1", "2", "3", "s", "t"])),
        "target_id": _mostly(st.sampled_from(["1", "2", "3", "s", "t"])),
    }
)
_DOC = st.fixed_dictionaries(
    {"nodes": _mostly(st.lists(_NODE, max_size=6))},
    optional={
        "edges": _mostly(st.lists(_EDGE, max_size=6)),
        "resources": st.lists(
            st.fixed_dictionaries({"id": _IDS | _ANY}, optional={"metadata": _MD | _ANY}),
            max_size=2,
        )
        | _ANY,
        "metadata": _MD | _ANY,
        "analyst_name": _ANY,
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_DOC, st.booleans(), st.sampled_from([None, 0, 1]))
@example(  # duplicate element ids: reported without a location before
    {"nodes": [_atom("2", metadata={"argmap": {"id": "1"}}), _atom("1")]}, False, None
)
@example(
    {"nodes": [_atom("1"), {"id": "s", "type": "scheme", "metadata": {"argmap": {"id": "1"}}}]},
    True,
    1,
)
def test_fuzzed_documents_give_a_map_or_a_located_error(
    doc: Any, wrap: bool, indent: int | None
) -> None:
    """Any SADFace-like JSON gives a map that every JSON writer can write, or an
    ``ArgmapSyntaxError`` with a line and column, never another error."""
    text = json.dumps({"sadface": doc} if wrap else doc, indent=indent)
    problem: ArgmapError | None = None
    try:
        amap = SADFaceReader().parse(text, path="f.json")
    except ArgmapError as exc:
        problem = exc
    if problem is not None:
        assert isinstance(problem, ArgmapSyntaxError), f"{type(problem).__name__}: {problem}"
        assert problem.line is not None, str(problem)
        assert problem.column is not None, str(problem)
        return
    for fmt in ("json", "sadface"):
        written = argmap.render(amap, fmt)
        assert isinstance(written, str)
        written.encode("utf-8")


def test_limits_are_reader_options() -> None:
    doc = {"nodes": [_atom(str(i)) for i in range(30)]}
    assert len(_parse(doc).statements) == 30
    with pytest.raises(ArgmapSyntaxError, match="max_elements") as info:
        _parse(doc, max_elements=10)
    assert info.value.line == 2
    with pytest.raises(ArgmapSyntaxError, match="max_bytes"):
        _parse(doc, max_bytes=100)


def test_deep_metadata_is_a_located_error() -> None:
    text = '{"nodes": [{"id": "1", "type": "atom", "metadata": {"x": ' + "[" * 5000 + "]" * 5000
    text += "}}]}"
    with pytest.raises(ArgmapSyntaxError, match="max_depth") as info:
        SADFaceReader().parse(text)
    assert info.value.line == 1
    assert info.value.column is not None


def test_a_lone_surrogate_is_refused_so_every_map_can_be_written() -> None:
    with pytest.raises(ArgmapSyntaxError, match="surrogate") as info:
        SADFaceReader().parse('{"nodes": [{"id": "1", "type": "atom",\n "text": "\\ud800"}]}')
    assert (info.value.line, info.value.column) == (2, 11)
