"""Kialo reader: deep chains, bounded input, valid text (issue 12)."""

from __future__ import annotations

import pytest
from argmap_kialo import KialoReader

from argmap import ArgmapSyntaxError


def _chain(depth: int) -> str:
    lines = ["Discussion Title: deep", "", "1. The thesis."]
    number = "1."
    for i in range(depth):
        number += "1."
        lines.append(f"{number} Pro: claim {i}")
    return "\n".join(lines) + "\n"


def test_a_chain_deeper_than_the_limit_is_a_located_error() -> None:
    with pytest.raises(ArgmapSyntaxError, match="max_depth") as info:
        KialoReader().parse(_chain(2000), path="deep.kialo")
    assert (info.value.path, info.value.line) == ("deep.kialo", 3 + 100)


def test_a_deep_chain_reads_when_the_limit_is_widened() -> None:
    amap = KialoReader().parse(_chain(999), max_depth=1000)  # near the recursion limit
    assert len(amap.statements) == 1000
    assert len(amap.relations) == 999


def test_too_many_lines_are_refused_before_the_text_is_split() -> None:
    with pytest.raises(ArgmapSyntaxError, match="max_elements") as info:
        KialoReader().parse(_chain(50), max_elements=20)
    assert info.value.line == 21
    with pytest.raises(ArgmapSyntaxError, match="max_bytes"):
        KialoReader().parse(_chain(50), max_bytes=100)


def test_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(ArgmapSyntaxError, match="surrogate") as info:
        KialoReader().parse("Discussion Title: t\n\n1. A thesis \ud800.\n")
    assert (info.value.line, info.value.column) == (3, 13)
