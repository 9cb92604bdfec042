"""AIF reader: bounded input and valid text (issue 12)."""

from __future__ import annotations

import json

import pytest
from argmap_aif import AIFReader

from argmap import ArgmapSyntaxError
from argmap.plugin import LimitOptions


def _doc(n: int) -> str:
    nodes = [{"nodeID": str(i), "type": "I", "text": f"claim {i}"} for i in range(n)]
    return json.dumps({"nodes": nodes, "edges": []}, indent=1)


def test_limits_are_reader_options() -> None:
    assert AIFReader.Options is not None
    assert issubclass(AIFReader.Options, LimitOptions)
    assert len(AIFReader().parse(_doc(30)).statements) == 30
    with pytest.raises(ArgmapSyntaxError, match="max_elements") as info:
        AIFReader().parse(_doc(30), max_elements=10)
    assert info.value.line == 2
    with pytest.raises(ArgmapSyntaxError, match="max_bytes"):
        AIFReader().parse(_doc(30), max_bytes=100)


def test_deep_json_is_a_located_error() -> None:
    text = '{"nodes": [{"nodeID": "1", "type": "I", "x": ' + "[" * 3000 + "]" * 3000 + "}]}"
    with pytest.raises(ArgmapSyntaxError, match="max_depth") as info:
        AIFReader().parse(text)
    assert (info.value.line, info.value.column) == (1, text.index("[[") + 97 + 1)


def test_a_lone_surrogate_is_refused() -> None:
    text = '{"nodes": [{"nodeID": "1", "type": "I", "text": "\\udc00"}], "edges": []}'
    with pytest.raises(ArgmapSyntaxError, match="surrogate") as info:
        AIFReader().parse(text)
    assert info.value.column == text.index("\\udc00") + 1
