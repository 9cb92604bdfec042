"""The Kialo export writer: golden output, documented degradations, and round trips."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from argmap_kialo import KialoReader, KialoRenderer, kialo_view, normalize
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import (
    Argument,
    ArgumentMap,
    Relation,
    RelationKind,
    RenderError,
    Source,
    Statement,
    StatementKind,
)

testing = pytest.importorskip("argmap.testing")

DATA = Path(__file__).resolve().parent / "data"


def _edges(m: ArgumentMap) -> set[tuple[str, str, str]]:
    return {(r.source, r.kind.value, r.target) for r in m.relations.values()}


def _golden_map() -> ArgumentMap:
    m = ArgumentMap("Should we (really) build it?")
    m.claim("We should build the bridge.", "bridge")
    m.claim("It shortens the commute.", "commute")
    m.claim("Traffic would rise.\n1. More cars\nSource: my guess", "traffic")
    m.evidence(
        "A study found 20 minutes saved.",
        [Source(title="City [traffic] study", url="https://example.org/s(1)", author="X")],
        "study",
    )
    m.claim("Pro: it is cheap (see [costs](https://example.org/costs))", "cheap")
    m.support("commute", "bridge")
    m.rebut("traffic", "bridge")
    m.support("study", "commute")
    m.rebut("traffic", "commute")  # reached twice: written once, then linked
    m.support("cheap", "bridge")
    return m


def test_golden_output_with_a_shared_claim_and_evidence() -> None:
    assert KialoRenderer().render(_golden_map()) == (
        "Discussion Title: Should we \\(really\\) build it?\n"
        "\n"
        "1. We should build the bridge.\n"
        "1.1. Pro: It shortens the commute.\n"
        "1.1.1. Pro: A study found 20 minutes saved.\n"
        "Source: [City \\[traffic\\] study](https://example.org/s\\(1\\))\n"
        "1.1.2. Con: Traffic would rise.\n"
        "1\\. More cars\n"
        "Source\\: my guess\n"
        "1.2. Con: -> See 1.1.2.\n"
        "1.3. Pro: Pro\\: it is cheap \\(see [costs](https://example.org/costs)\\)\n"
    )


def test_golden_output_reads_back() -> None:
    m = KialoReader().parse(KialoRenderer().render(_golden_map()))
    assert m.title == "Should we (really) build it?"
    assert m.statements["1.3"].text == "Pro: it is cheap (see [costs](https://example.org/costs))"
    assert m.statements["1.1.2"].text == "Traffic would rise.\n1. More cars\nSource: my guess"
    assert m.statements["1.1.1"].sources == (
        Source(title="City [traffic] study", url="https://example.org/s(1)"),
    )


def test_written_file_reads_back(tmp_path: Path) -> None:
    m = KialoReader().read(DATA / "school-uniforms.kialo.txt")
    out = tmp_path / "copy.kialo"
    argmap.write(m, out)
    back = argmap.read(out)
    assert normalize(back) == normalize(m)
    # the walk starts at the same thesis and keeps every claim and link
    assert len(back.statements) == len(m.statements)
    assert len(back.relations) == len(m.relations)


def test_undercut_contradiction_and_arguments_degrade() -> None:
    m = ArgumentMap()
    m.claim("C", "c")
    m.claim("P1", "p1")
    m.claim("P2", "p2")
    m.claim("S", "s")
    m.claim("U", "u")
    m.claim("K", "k")
    m.claim("V", "v")
    arg = m.argument(["p1", "p2"], "c", id="arg")
    rel = m.support("s", "c")
    m.undercut("u", rel)  # -> a Con of s (disputing its relevance)
    m.contradict("k", "c")  # -> a Con of c
    m.undercut("v", arg)  # -> a Con of each premise
    view = kialo_view(m)
    assert view.arguments == {}
    assert _edges(view) == {
        ("p1", "support", "c"),
        ("p2", "support", "c"),
        ("s", "support", "c"),
        ("u", "attack", "s"),
        ("k", "attack", "c"),
        ("v", "attack", "p1"),
        ("v", "attack", "p2"),
    }
    back = KialoReader().parse(KialoRenderer().render(m))
    assert normalize(back) == normalize(m)
    texts = {s.id: s.text for s in back.statements.values()}
    by_text = {t: i for i, t in texts.items()}
    assert (by_text["U"], "attack", by_text["S"]) in _edges(back)
    assert (by_text["V"], "attack", by_text["P2"]) in _edges(back)
    assert (by_text["K"], "attack", by_text["C"]) in _edges(back)


def test_unreachable_statements_are_left_out_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    m = ArgumentMap()
    m.claim("A", "a")
    m.claim("B", "b")
    m.support("b", "a")
    m.claim("Lonely", "z")
    with caplog.at_level(logging.WARNING, logger="argmap.kialo"):
        out = KialoRenderer().render(m)
    assert "Lonely" not in out
    assert "1 of 3 statements" in caplog.text
    assert len(normalize(m).statements) == 2


def test_nothing_to_write() -> None:
    with pytest.raises(RenderError):
        KialoRenderer().render(ArgumentMap("empty"))


@st.composite
def tree_maps(draw: st.DrawFn, *, links: bool = True) -> ArgumentMap:
    """Tree-shaped maps (each node Pro or Con of an earlier one), optionally with a few
    extra links that Kialo writes as '-> See'; texts over several lines, and evidence."""
    text = st.lists(testing.texts(max_size=40), min_size=1, max_size=3).map("\n".join)
    amap = ArgumentMap(draw(st.none() | testing.texts(max_size=30)))
    n = draw(st.integers(1, 12))
    for i in range(n):
        is_ev = draw(st.booleans())
        amap.add(
            Statement(
                id=f"n{i}",
                text=draw(text),
                kind=StatementKind.EVIDENCE if is_ev else StatementKind.CLAIM,
                sources=tuple(draw(st.lists(testing.sources(), min_size=1, max_size=2)))
                if is_ev
                else (),
            )
        )
        if i:
            parent = draw(st.integers(0, i - 1))
            kind = draw(st.sampled_from([RelationKind.SUPPORT, RelationKind.ATTACK]))
            amap.add(Relation(f"n{i} -{kind.value}-> n{parent}", kind, f"n{i}", f"n{parent}"))
    if links and n > 2:
        for _ in range(draw(st.integers(0, 3))):
            s, t = draw(st.integers(1, n - 1)), draw(st.integers(0, n - 1))
            kind = draw(st.sampled_from([RelationKind.SUPPORT, RelationKind.ATTACK]))
            rid = f"n{s} -{kind.value}-> n{t}"
            if s != t and rid not in amap:
                amap.add(Relation(rid, kind, f"n{s}", f"n{t}"))
    return amap


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree_maps())
def test_round_trip_tree_maps(amap: ArgumentMap) -> None:
    testing.assert_round_trip(amap, KialoRenderer(), KialoReader(), normalize=normalize)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree_maps(links=False))
def test_trees_lose_nothing_but_ids_and_source_details(amap: ArgumentMap) -> None:
    back = KialoReader().parse(KialoRenderer().render(amap))
    # the reader's own output is already normalized: normalize changes nothing
    assert normalize(back) == back
    assert len(back.statements) == len(amap.statements)
    assert len(back.relations) == len(amap.relations)
    assert sorted(s.text for s in back.statements.values()) == sorted(
        s.text for s in amap.statements.values()
    )
    kinds = sorted(r.kind.value for r in amap.relations.values())
    assert sorted(r.kind.value for r in back.relations.values()) == kinds
    assert back.title == amap.title
    for s in back.evidence_items:
        for src in s.sources:
            assert src.title is not None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(testing.maps())
def test_round_trip_any_map(amap: ArgumentMap) -> None:
    """Any well-formed map writes and reads back to its Kialo view."""
    testing.assert_round_trip(amap, KialoRenderer(), KialoReader(), normalize=normalize)


def test_argument_without_premises_becomes_a_claim() -> None:
    m = ArgumentMap()
    m.claim("C", "c")
    m.add(Argument(id="a", title="Because", conclusion=None))
    m.support("a", "c")
    view = kialo_view(m)
    assert view.statements["a"].text == "Because"
    assert _edges(view) == {("a", "support", "c")}
