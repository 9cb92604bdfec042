"""Jupyter display: SVG from Graphviz, a text outline and one warning without ``dot``."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap
from argmap import _jupyter
from markers import needs_dot


def _map() -> argmap.ArgumentMap:
    m = argmap.ArgumentMap("Jupyter <demo>")
    a = m.claim("Notebooks help & teach.")
    b = m.claim("Notebooks hide state.")
    m.rebut(b, a)
    return m


@needs_dot
def test_svg_bundle() -> None:
    bundle = _map()._repr_mimebundle_()
    assert list(bundle) == ["image/svg+xml"]
    root = ET.fromstring(bundle["image/svg+xml"])
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert bundle["image/svg+xml"] == argmap.render(_map(), "svg")


@needs_dot
def test_include_exclude() -> None:
    m = _map()
    assert _jupyter.mimebundle(m, exclude=["image/svg+xml"]).keys() == {"text/plain"}
    assert _jupyter.mimebundle(m, include=["text/plain"]).keys() == {"text/plain"}
    assert _jupyter.mimebundle(m, include=["image/svg+xml"]).keys() == {"image/svg+xml"}
    assert _jupyter.mimebundle(m, exclude=["image/svg+xml", "text/plain"]) == {}


def test_without_dot_warns_once_and_shows_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(_jupyter, "_warned", False)
    m = _map()
    with pytest.warns(RuntimeWarning, match="apt-get install graphviz") as record:
        first = m._repr_mimebundle_()
    assert len(record) == 1
    assert list(first) == ["text/plain"]
    text = first["text/plain"]
    assert "Notebooks help & teach." in text or text == repr(m)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second warning would fail here
        second = m._repr_mimebundle_()
    assert second == first
