"""Gradual semantics: corpus reference values, hand-checked formulas, closed forms."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap.evaluate import ConvergenceWarning, EvaluationError, evaluate
from argmap.evaluate._gradual import UPDATES, BipolarGraph, _inputs, strengths

GOLDEN = (math.sqrt(5) - 1) / 2


def _graph(path: Path) -> BipolarGraph:
    """A reader for the corpus's gradual JSON graphs (arguments, attacks, supports)."""
    data = json.loads(path.read_text("utf-8"))
    return BipolarGraph.from_edges(
        data["arguments"],
        [tuple(p) for p in data["attacks"]],
        [tuple(p) for p in data.get("supports", [])],
    )


def _as_map(path: Path) -> argmap.ArgumentMap:
    data = json.loads(path.read_text("utf-8"))
    m = argmap.ArgumentMap()
    for name, weight in data["arguments"].items():
        m.claim(name, id=name, weight=weight)
    for s, t in data["attacks"]:
        m.rebut(s, t)
    for s, t in data.get("supports", []):
        m.support(s, t)
    return m


def _semantics(key: str) -> str:
    if "DF" in key:
        return "df-quad"
    if "Euler" in key:
        return "euler"
    return "quadratic-energy"


def _references(corpus: Path) -> list[tuple[str, str, dict[str, float]]]:
    data = json.loads(
        (corpus / "gradual" / "reference_values_computed_with_uncertainpy.json").read_text("utf-8")
    )
    return [(f, key, vals) for f, table in data.items() for key, vals in table.items()]


def _max_error(values: dict[str, float], expected: dict[str, float]) -> float:
    return max(abs(values[k] - v) for k, v in expected.items())


@pytest.mark.corpus
def test_acyclic_forward_propagation_matches_uncertainpy(corpus: Path) -> None:
    checked = 0
    for fname, key, expected in _references(corpus):
        if "acyclic" not in key:
            continue
        ev = evaluate(_as_map(corpus / "gradual" / fname), _semantics(key))
        assert ev.converged
        assert _max_error(ev.strengths, expected) < 1e-9, key
        checked += 1
    assert checked == 3


@pytest.mark.corpus
def test_rk4_matches_uncertainpy(corpus: Path) -> None:
    """Same RK4 method and stopping rule (step 0.1, tolerance 1e-3) as the references;
    run to a tight tolerance, the values stay within the references' own 1e-3-ish error."""
    checked = 0
    for fname, key, expected in _references(corpus):
        if "RK4" not in key:
            continue
        graph = _graph(corpus / "gradual" / fname)
        sem = _semantics(key)
        close = strengths(graph, sem, method="continuous", step=0.1, tolerance=1e-3)
        tight = strengths(graph, sem, method="continuous")
        assert close.converged
        assert tight.converged
        for result, tol in ((close, 2e-4), (tight, 3e-3)):
            got = dict(zip(graph.names, result.values, strict=True))
            assert _max_error(got, expected) < tol, (fname, key, tol)
        checked += 1
    assert checked == 6


@pytest.mark.corpus
def test_cyclic_stock_example_uses_continuous_method(corpus: Path) -> None:
    m = _as_map(corpus / "gradual" / "stock_example.json")
    ev = evaluate(m, "quadratic-energy")
    assert ev.method == "continuous"
    assert ev.converged
    assert ev.strength("Buy") == pytest.approx(0.820818, abs=2e-3)
    with pytest.raises(EvaluationError, match="acyclic"):
        evaluate(m, "df-quad", method="exact")


@pytest.mark.corpus
def test_hand_checks_of_references_md(corpus: Path) -> None:
    """The worked values in gradual/REFERENCES.md, and QuAD by its definition."""
    m = _as_map(corpus / "gradual" / "RagoEtAlEDemocracy.json")
    dfq = evaluate(m, "df-quad")
    assert dfq.strength("P2") == pytest.approx(0.08)
    assert dfq.strength("A1") == pytest.approx(0.862)
    assert dfq.strength("A2") == pytest.approx(0.85)
    assert evaluate(m, "euler").strength("P2") == pytest.approx(0.33994, abs=1e-5)
    quad = evaluate(m, "quad")
    assert quad.strength("P2") == pytest.approx(0.5 * 0.8 * 0.4 * 0.5)  # attack only
    assert quad.strength("A1") == pytest.approx(1 - 0.5 * 0.3 * 0.92)  # support only
    assert quad.strength("A2") == pytest.approx((0.5 * 0.8 + (1 - 0.5 * 0.1)) / 2)  # average
    assert quad.strength("C1") == 0.2  # neither: the base score


def _chain(*attacks: tuple[str, str], weight: float = 1.0) -> argmap.ArgumentMap:
    m = argmap.ArgumentMap()
    for name in sorted({x for pair in attacks for x in pair}):
        m.claim(name, id=name, weight=weight)
    for s, t in attacks:
        m.rebut(s, t)
    return m


def test_h_categorizer_closed_forms() -> None:
    assert evaluate(_chain(("b", "a")), "h-categorizer").strength("a") == pytest.approx(0.5)
    chain = evaluate(_chain(("c", "b"), ("b", "a")), "h-categorizer")
    assert chain.strength("b") == pytest.approx(0.5)
    assert chain.strength("a") == pytest.approx(2 / 3)
    cycle = evaluate(_chain(("a", "b"), ("b", "a")), "h-categorizer")
    assert cycle.method == "iterate"
    assert cycle.strength("a") == pytest.approx(GOLDEN, abs=1e-8)
    assert cycle.strength("b") == pytest.approx(GOLDEN, abs=1e-8)
    selfish = evaluate(_chain(("a", "a")), "h-categorizer")
    assert selfish.strength("a") == pytest.approx(GOLDEN, abs=1e-8)


def test_weighted_h_categorizer_and_supports_ignored() -> None:
    m = _chain(("b", "a"), weight=0.5)
    m.claim("s", id="s", weight=1.0)
    m.support("s", "a")
    ev = evaluate(m, "h-categorizer")
    assert ev.strength("a") == pytest.approx(0.5 / 1.5)  # w(a) / (1 + Hbs(b))


def test_default_weight_and_bad_weight() -> None:
    m = argmap.ArgumentMap()
    m.claim("x", id="x")
    assert evaluate(m, "df-quad").strength("x") == 0.5
    assert evaluate(m, "df-quad", default_weight=0.3).strength("x") == pytest.approx(0.3)
    m.claim("y", id="y", weight="heavy")
    with pytest.raises(argmap.MapStructureError, match="weight"):
        evaluate(m, "euler")
    m2 = argmap.ArgumentMap()
    m2.claim("z", id="z", weight=1.5)
    with pytest.raises(argmap.MapStructureError, match=r"\[0, 1\]"):
        evaluate(m2, "quad")


def test_not_converging_is_flagged_and_warned() -> None:
    m = _chain(("a", "b"), ("b", "a"), weight=0.9)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        ev = evaluate(m, "df-quad", max_steps=2)
    assert not ev.converged
    assert ev.method == "continuous"
    full = evaluate(m, "df-quad")
    assert full.converged


def test_status_threshold_and_explain() -> None:
    m = _chain(("b", "a"), weight=0.8)
    ev = evaluate(m, "df-quad")
    assert ev.is_gradual
    assert ev.semantics == "df-quad"
    assert ev.strength("a") == pytest.approx(0.8 - 0.8 * 0.8)
    assert ev.status("a") is None  # a gradual semantics defines strengths, not labels
    assert ev.status("b") is None
    labelled = evaluate(m, "df-quad", threshold=0.5)
    assert labelled.status("a") == "rejected"
    assert labelled.status("b") == "accepted"
    assert ev.status("nope") is None
    assert ev.strength("nope") is None
    assert "attacked by b" in ev.explain("a")
    assert ev.as_json() == {"semantics": "df-quad", "strength": ev.strengths}
    assert ev.extensions == []


def test_undercut_relation_scales_the_edge() -> None:
    m = argmap.ArgumentMap()
    a = m.claim("a", id="a", weight=0.5)
    s = m.claim("s", id="s", weight=1.0)
    u = m.claim("u", id="u", weight=1.0)
    link = m.support(s, a)
    m.undercut(u, link)
    # link node: base 1.0, attacked by u (1.0) under DF-QuAD -> 0; the support vanishes
    ev = evaluate(m, "df-quad")
    assert ev.strength("a") == pytest.approx(0.5)
    assert link.id not in ev.strengths
    m2 = argmap.ArgumentMap()
    m2.claim("a", id="a", weight=0.5)
    m2.claim("s", id="s", weight=1.0)
    m2.support("s", "a")
    assert evaluate(m2, "df-quad").strength("a") == pytest.approx(1.0)


def test_arguments_premises_support_conclusion() -> None:
    m = argmap.ArgumentMap()
    p = m.claim("p", id="p", weight=1.0)
    c = m.claim("c", id="c", weight=0.5)
    m.argument([p], c, id="arg", weight=1.0)
    ev = evaluate(m, "quadratic-energy")
    # arg: w=1 stays 1 whatever its support; c gets support 1 -> 0.5 + 0.5 * h(1)
    assert ev.strength("c") == pytest.approx(0.5 + 0.5 * 0.5)


def test_unknown_option_rejected() -> None:
    with pytest.raises(EvaluationError, match="tolerance"):
        evaluate(_chain(("a", "b")), "euler", tolerence=1e-3)


weights = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def bipolar(draw: st.DrawFn) -> BipolarGraph:
    n = draw(st.integers(min_value=1, max_value=6))
    names = [f"n{i}" for i in range(n)]
    w = {x: draw(weights) for x in names}
    pairs = [(a, b) for a in names for b in names]
    att = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=8))
    sup = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=8))
    return BipolarGraph.from_edges(w, att, sup)


@settings(max_examples=60, deadline=None)
@given(
    bipolar(), st.sampled_from(["df-quad", "quad", "h-categorizer", "euler", "quadratic-energy"])
)
def test_strengths_in_unit_interval_and_fixed_point(g: BipolarGraph, sem: str) -> None:
    res = strengths(g, sem, max_steps=20_000)
    assert all(0.0 <= v <= 1.0 for v in res.values)
    if res.converged:
        # the result is a fixed point of the update (exact, continuous and iterative)
        upd = UPDATES[sem]
        for i in range(len(g.names)):
            att, sup = _inputs(g, i, res.values, sem != "h-categorizer")
            assert upd(g.weights[i], att, sup) == pytest.approx(res.values[i], abs=1e-6)
