"""Options that every built-in renderer shares mean the same thing in each of them."""

from __future__ import annotations

import pytest

import argmap


@pytest.fixture
def amap() -> argmap.ArgumentMap:
    m = argmap.ArgumentMap("Will Meta keep giving?")
    a = m.claim("Charity dries up")
    m.rebut(m.claim("Grist for ads"), a)
    return m


@pytest.mark.parametrize("fmt", ["dot", "text", "markdown"])
def test_title_option_shows_hides_or_replaces(amap: argmap.ArgumentMap, fmt: str) -> None:
    def out(**options: object) -> str:
        result = argmap.render(amap, fmt, **options)
        assert isinstance(result, str)
        return result

    assert "Will Meta keep giving?" in out()
    assert "Will Meta keep giving?" in out(title="true")
    for off in (False, "false", "no", "off"):
        text = out(title=off)
        assert "Will Meta keep giving?" not in text
        assert "Charity dries up" in text
    replaced = out(title="A heading of my own")
    assert "A heading of my own" in replaced
    assert "Will Meta keep giving?" not in replaced
