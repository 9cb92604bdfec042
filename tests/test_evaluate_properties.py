"""Properties of the extension semantics on random small frameworks (hypothesis).

The solver's answers are compared with a brute-force enumeration over all subsets,
written here from the definitions (Dung 1995), for frameworks of at most 8 arguments.
"""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.evaluate import (
    AF,
    complete,
    count_extensions,
    credulous,
    evaluate,
    grounded,
    preferred,
    sceptical,
    stable,
)

pytest.importorskip("pysat")


@st.composite
def frameworks(draw: st.DrawFn, max_args: int = 8) -> AF:
    n = draw(st.integers(min_value=0, max_value=max_args))
    names = [f"a{i}" for i in range(n)]
    pairs = [(a, b) for a in range(n) for b in range(n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    return AF(names, chosen)


def _subsets(n: int) -> list[frozenset[int]]:
    return [frozenset(c) for k in range(n + 1) for c in combinations(range(n), k)]


def _cf(af: AF, s: frozenset[int]) -> bool:
    return all(b not in s for a in s for b in af.attacks[a])


def _defended(af: AF, s: frozenset[int]) -> set[int]:
    return {
        i
        for i in range(len(af))
        if all(any(d in s for d in af.attackers[b]) for b in af.attackers[i])
    }


def _brute(af: AF) -> dict[str, set[frozenset[str]]]:
    adm, co, st_ = [], [], []
    for s in _subsets(len(af)):
        if not _cf(af, s):
            continue
        d = _defended(af, s)
        if s <= d:
            adm.append(s)
            if d == s:
                co.append(s)
        if all(i in s or any(a in s for a in af.attackers[i]) for i in range(len(af))):
            st_.append(s)
    pr = [s for s in adm if not any(s < t for t in adm)]
    gr = [min(co, key=len)]

    def names(xs: list[frozenset[int]]) -> set[frozenset[str]]:
        return {frozenset(af.names[i] for i in x) for x in xs}

    return {
        "admissible": names(adm),
        "complete": names(co),
        "preferred": names(pr),
        "stable": names(st_),
        "grounded": names(gr),
    }


@settings(max_examples=150, deadline=None)
@given(frameworks())
def test_solver_equals_brute_force(af: AF) -> None:
    expected = _brute(af)
    assert {grounded(af)} == expected["grounded"]
    assert set(complete(af)) == expected["complete"]
    assert set(preferred(af)) == expected["preferred"]
    assert set(stable(af)) == expected["stable"]
    assert count_extensions(af, "preferred") == len(expected["preferred"])


@settings(max_examples=100, deadline=None)
@given(frameworks())
def test_grounded_is_least_complete(af: AF) -> None:
    gr = grounded(af)
    exts = complete(af)
    assert gr in exts
    assert all(gr <= e for e in exts)


@settings(max_examples=100, deadline=None)
@given(frameworks())
def test_stable_are_preferred_and_preferred_admissible_maximal(af: AF) -> None:
    prefs = preferred(af)
    assert set(stable(af)) <= set(prefs)
    adm = _brute(af)["admissible"]
    for p in prefs:
        assert p in adm
        assert not any(p < a for a in adm)


@settings(max_examples=80, deadline=None)
@given(frameworks(), st.data())
def test_acceptance_matches_enumeration(af: AF, data: st.DataObject) -> None:
    if not len(af):
        return
    node = data.draw(st.sampled_from(af.names))
    for sem, exts in (
        ("preferred", preferred(af)),
        ("stable", stable(af)),
        ("complete", complete(af)),
        ("grounded", [grounded(af)]),
    ):
        assert credulous(af, node, sem) == any(node in e for e in exts), sem
        assert sceptical(af, node, sem) == all(node in e for e in exts), sem


@settings(max_examples=50, deadline=None)
@given(frameworks(), st.integers(min_value=0, max_value=3))
def test_limit_lists_that_many(af: AF, limit: int) -> None:
    every = complete(af)
    some = complete(af, limit)
    assert len(some) == min(limit, len(every))
    assert set(some) <= set(every)


@settings(max_examples=60, deadline=None)
@given(frameworks(), st.sampled_from(["complete", "preferred", "stable"]))
def test_statuses_with_a_limit_equal_full_enumeration(af: AF, semantics: str) -> None:
    full = evaluate(af, semantics)
    cut = evaluate(af, semantics, limit=1)
    assert len(cut.extensions) == min(1, len(full.extensions))
    assert set(cut.extensions) <= set(full.extensions)
    for name in af.names:
        assert cut.status(name) == full.status(name), name
