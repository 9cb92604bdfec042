"""Format detection: by file name, and by content where readers share an extension."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import argmap

AIF = {
    "nodes": [
        {"nodeID": "1", "text": "Meta's charity will dry up", "type": "I"},
        {"nodeID": "2", "text": "Content is grist for ads", "type": "I"},
        {"nodeID": "3", "text": "Default Conflict", "type": "CA"},
    ],
    "edges": [
        {"edgeID": "1", "fromID": "2", "toID": "3"},
        {"edgeID": "2", "fromID": "3", "toID": "1"},
    ],
    "locutions": [],
}


def test_native_json_is_detected(tmp_path: Path) -> None:
    m = argmap.ArgumentMap("t")
    m.claim("a")
    path = argmap.write(m, tmp_path / "map.json")
    assert argmap.detect_format(path) == "json"
    assert argmap.read(path) == m


def test_extension_decides_when_only_one_reader_claims_it(tmp_path: Path) -> None:
    path = tmp_path / "x.argdown"
    path.write_text("[A]: a.\n  + [B]: b.\n", "utf-8")
    assert argmap.detect_format(path) == "argdown"


def test_aif_json_is_told_apart_by_content(tmp_path: Path) -> None:
    pytest.importorskip("argmap_aif", reason="the argmap-aif plugin is not installed")
    path = tmp_path / "nodeset1.json"
    path.write_text(json.dumps(AIF), "utf-8")
    assert argmap.detect_format(path) == "aif"
    m = argmap.read(path)
    assert m.counts()["relations"]["attack"] == 1
    svg_input = argmap.render(m, "dot")
    assert "grist" in str(svg_input)


def test_sadface_json_is_told_apart_by_content(corpus: Path) -> None:
    pytest.importorskip("argmap_sadface", reason="the argmap-sadface plugin is not installed")
    assert argmap.detect_format(corpus / "sadface" / "hangback.json") == "sadface"


def test_unknown_json_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}', "utf-8")
    with pytest.raises(argmap.FormatDetectionError, match=r"other\.json: cannot tell the format"):
        argmap.read(path)


def test_unknown_extension_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("just some words", "utf-8")
    with pytest.raises(argmap.FormatDetectionError, match=r"installed readers: .*argdown"):
        argmap.read(path)
