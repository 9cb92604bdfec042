"""Native JSON: lossless round trip, schema conformance, located errors."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

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
