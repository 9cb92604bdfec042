"""argmap.evaluate: the map -> attack graph construction, the result API, the CLI hook."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import argmap
from argmap.evaluate import (
    AF,
    Evaluation,
    EvaluationError,
    SolverNotInstalledError,
    cli_run,
    credulous,
    evaluate,
    grounded,
    preferred,
    sceptical,
    stable,
    to_af,
)


def _map(*claims: str) -> argmap.ArgumentMap:
    m = argmap.ArgumentMap()
    for c in claims:
        m.claim(c, id=c)
    return m


def _attacks(af: AF) -> set[tuple[str, str]]:
    return {(af.names[a], af.names[b]) for a, b in af.pairs()}


# ---------------------------------------------------------------- construction
def test_rebuttal_is_an_attack_and_contradiction_is_symmetric() -> None:
    m = _map("a", "b", "c", "d")
    m.rebut("a", "b")
    m.contradict("c", "d")
    assert _attacks(to_af(m)) == {("a", "b"), ("c", "d"), ("d", "c")}
    ev = evaluate(m, "grounded")
    assert [ev.status(x) for x in "abcd"] == ["accepted", "rejected", "undecided", "undecided"]
    pytest.importorskip("pysat")
    assert preferred(m) == [frozenset({"a", "c"}), frozenset({"a", "d"})]


def _argument_map() -> argmap.ArgumentMap:
    m = _map("p", "q", "c")
    m.argument(["p", "q"], "c", id="A")
    return m


def test_premises_and_conclusion_under_cayrol() -> None:
    m = _argument_map()
    m.claim("x", id="x")
    m.rebut("x", "p")
    af = to_af(m)
    # secondary attacks through p => A => c
    assert {("x", "p"), ("x", "A"), ("x", "c")} <= _attacks(af)
    assert grounded(m) == {"x", "q"}
    # with support ignored, the argument stands apart from its premises
    assert grounded(m, support="none") == {"x", "q", "A", "c"}


def test_undercut_of_an_argument_defeats_the_inference_not_the_premises() -> None:
    m = _argument_map()
    m.claim("u", id="u")
    m.undercut("u", "A")
    ev = evaluate(m, "grounded")
    assert ev.status("A") == "rejected"
    assert ev.status("c") == "rejected"
    assert ev.status("p") == "accepted"
    assert "attacked by u" in ev.explain("c")


def test_undercut_of_an_attack_relation_is_flattened() -> None:
    m = _map("a", "b", "u")
    link = m.rebut("a", "b")
    m.undercut("u", link)
    af = to_af(m)
    assert link.id in af.index
    assert len(af.hidden) == 1  # the auxiliary "a is not accepted"
    ev = evaluate(m, "grounded")
    assert ev.status("b") == "accepted"  # the attack does not hold
    assert ev.status(link.id) == "rejected"
    assert all(ev.status(af.names[h]) is None for h in af.hidden)
    # defeat the undercutter and the attack holds again
    m.claim("v", id="v")
    m.rebut("v", "u")
    ev = evaluate(m, "grounded")
    assert ev.status(link.id) == "accepted"
    assert ev.status("b") == "rejected"
    assert set(ev.ids) == {"a", "b", "u", "v", link.id}


def test_undercut_of_a_contradiction_cuts_both_directions() -> None:
    m = _map("a", "b", "u")
    link = m.contradict("a", "b")
    m.undercut("u", link)
    assert grounded(m) == {"a", "b", "u"}
    assert grounded(_contradiction_only()) == set()


def _contradiction_only() -> argmap.ArgumentMap:
    m = _map("a", "b")
    m.contradict("a", "b")
    return m


def test_undercut_of_a_support_relation() -> None:
    m = _map("s", "t", "x", "u")
    link = m.support("s", "t")
    m.rebut("x", "s")
    m.undercut("u", link)
    af = to_af(m)
    # s => link => t: the secondary attack of x on s reaches the link and t
    assert {("x", link.id), ("x", "t"), ("u", link.id)} <= _attacks(af)


@pytest.mark.parametrize(
    ("support", "expected"),
    [
        ("none", {("x", "y")}),
        # supported a=>x->y gives a->y; secondary x->y=>b gives x->b
        ("cayrol", {("x", "y"), ("a", "y"), ("x", "b")}),
        # supported, and mediated: c=>y and x->y give x->c
        ("deductive", {("x", "y"), ("a", "y"), ("x", "c")}),
        # secondary, and extended: x=>e and x->y give e->y
        ("necessary", {("x", "y"), ("x", "b"), ("e", "y")}),
    ],
)
def test_bipolar_constructions(support: str, expected: set[tuple[str, str]]) -> None:
    m = _map("a", "x", "y", "b", "c", "e")
    m.support("a", "x")
    m.rebut("x", "y")
    m.support("y", "b")
    m.support("c", "y")
    m.support("x", "e")
    assert _attacks(to_af(m, support=support)) == expected


def test_support_chains_are_transitive() -> None:
    m = _map("a", "b", "x", "y")
    m.support("a", "b")
    m.support("b", "x")
    m.rebut("x", "y")
    assert ("a", "y") in _attacks(to_af(m))


def test_unknown_support_and_semantics() -> None:
    m = _map("a")
    with pytest.raises(EvaluationError, match="support construction"):
        evaluate(m, "grounded", support="strong")
    with pytest.raises(EvaluationError, match="support construction"):
        to_af(m, support="strong")
    with pytest.raises(EvaluationError, match="unknown semantics 'ideal'"):
        evaluate(m, "ideal")
    with pytest.raises(EvaluationError, match="limit"):
        evaluate(m, "grounded", limt=3)
    with pytest.raises(argmap.ArgmapError):
        credulous(m, "missing", "grounded")


def test_dangling_relation_is_a_structure_error() -> None:
    m = _map("a")
    m.add(argmap.Relation(id="r", kind="attack", source="a", target="ghost"))
    with pytest.raises(argmap.DanglingReferenceError, match="ghost"):
        evaluate(m, "grounded")
    m2 = _map("a")
    m2.add(argmap.Relation(id="r", kind="support", source="ghost", target="a"))
    with pytest.raises(argmap.DanglingReferenceError, match="ghost"):
        evaluate(m2, "df-quad")


# ---------------------------------------------------------------- grounded + explanations
def test_grounded_explanations() -> None:
    m = _map("a", "b", "c", "d", "e")
    m.rebut("b", "a")
    m.rebut("c", "b")
    m.rebut("d", "e")
    m.rebut("e", "d")
    m.rebut("a", "a") if False else None
    ev = evaluate(m, "grounded")
    assert ev.explain("c") == "accepted: nothing attacks it"
    assert ev.explain("b") == "rejected: attacked by c, which is accepted"
    assert ev.explain("a") == "accepted: every attacker is rejected: b is defeated by c"
    assert ev.explain("d").startswith("undecided:")
    assert "e" in ev.explain("d")
    assert "not in the evaluated map" in ev.explain("zzz")


def test_self_attack_explained() -> None:
    m = _map("a", "b")
    m.rebut("a", "a")
    m.rebut("a", "b")
    ev = evaluate(m, "grounded")
    assert ev.status("a") == "undecided"
    assert "attacks itself" in ev.explain("a")
    assert ev.status("b") == "undecided"


def test_evaluation_contract_for_extension_semantics() -> None:
    m = _map("b", "a", "c")
    m.rebut("c", "b")
    ev = evaluate(m, "grounded")
    assert isinstance(ev, Evaluation)
    assert ev.semantics == "grounded"
    assert ev.is_gradual is False
    assert ev.converged is True
    assert ev.strength("a") is None
    assert ev.strengths == {}
    assert ev.extensions == [frozenset({"a", "c"})]
    assert ev.as_json() == {"semantics": "grounded", "extensions": [["a", "c"]]}
    assert ev.status("b") == "rejected"
    assert ev.status("unknown") is None


# ---------------------------------------------------------------- SAT-based semantics
def test_preferred_statuses_and_limit() -> None:
    pytest.importorskip("pysat")
    m = _map("a", "b", "c")
    m.contradict("a", "b")
    m.rebut("b", "c")
    ev = evaluate(m, "preferred")
    assert ev.extensions == [frozenset({"a", "c"}), frozenset({"b"})]
    assert ev.status("a") == "undecided"
    assert "in 1 of 2 preferred" in ev.explain("a")
    m.claim("z", id="z")
    ev = evaluate(m, "preferred")
    assert ev.status("z") == "accepted"
    limited = evaluate(m, "preferred", limit=1)
    assert len(limited.extensions) == 1
    for x in "abcz":  # decided by the solver, the same answers
        assert limited.status(x) == ev.status(x)
    assert "solver" in limited.explain("a")
    with pytest.raises(EvaluationError):
        evaluate(m, "preferred", limit="two")


def test_stable_without_extension() -> None:
    pytest.importorskip("pysat")
    m = _map("a", "b", "c")
    m.rebut("a", "b")
    m.rebut("b", "c")
    m.rebut("c", "a")
    assert stable(m) == []
    ev = evaluate(m, "stable")
    assert ev.extensions == []
    assert ev.status("a") == "undecided"
    assert "no stable extension" in ev.explain("a")
    assert sceptical(m, "a", "stable")  # vacuously
    assert not credulous(m, "a", "stable")
    assert evaluate(m, "complete").extensions == [frozenset()]


def test_missing_solver_is_a_clear_argmap_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pysat.solvers", None)
    m = _map("a", "b")
    m.rebut("a", "b")
    with pytest.raises(SolverNotInstalledError, match=r"argmap\[solver\]") as info:
        evaluate(m, "preferred")
    assert isinstance(info.value, argmap.ArgmapError)
    assert evaluate(m, "grounded").status("b") == "rejected"  # pure Python


# ---------------------------------------------------------------- CLI hook
def test_cli_run_json_and_text() -> None:
    m = _map("b", "a", "c")
    m.rebut("c", "b")
    text, code = cli_run(m, "grounded", True, "cayrol", None)
    assert code == 0
    assert json.loads(text) == {"semantics": "grounded", "extensions": [["a", "c"]]}
    text, code = cli_run(m, "grounded", False, "cayrol", None)
    assert code == 0
    assert "grounded semantics" in text
    assert "rejected" in text
    assert "attacked by c" not in text  # the reasons come with --explain
    text, code = cli_run(m, "grounded", False, "cayrol", None, explain=True)
    assert "attacked by c" in text
    text, code = cli_run(m, "h-categorizer", True, "cayrol", None)
    assert json.loads(text)["strength"] == {"b": pytest.approx(0.5 / 1.5), "a": 0.5, "c": 0.5}
    text, _ = cli_run(m, "h-categorizer", False, "cayrol", None)
    assert "0.333333" in text


def test_cli_run_cyclic_gradual() -> None:
    m = _map("a", "b")
    m.rebut("a", "b")
    m.rebut("b", "a")
    text, code = cli_run(m, "df-quad", False, "cayrol", None)
    assert code == 0
    assert text.startswith("df-quad (gradual, continuous)")
    assert "DID NOT CONVERGE" not in text


@pytest.mark.corpus
def test_cli_evaluate_on_a_corpus_file(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pysat")
    from argmap.cli import main

    path = corpus / "iccma" / "tgf" / "ICCMA19-EqArgSolver_t1.tgf"
    assert main(["evaluate", str(path), "--semantics", "preferred", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"semantics": "preferred", "extensions": [["a1", "a3"]]}
    path = corpus / "iccma" / "af" / "admbuster_1000.af"
    assert main(["evaluate", str(path), "--json"]) == 0
    ext = json.loads(capsys.readouterr().out)["extensions"]
    assert len(ext) == 1
    assert len(ext[0]) == 500
    assert ext[0] == sorted(ext[0])
