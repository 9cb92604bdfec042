"""SAT encodings of complete, stable and preferred semantics (through python-sat).

Variables: for argument ``i`` (0-based), ``in(i) = i + 1`` and, in the labelling
encoding, ``out(i) = n + i + 1``; UNDEC is "neither".

- **Stable** (conflict-free, and every argument outside is attacked):
  ``¬in(a) ∨ ¬in(b)`` for each attack ``a → b``; ``in(b) ∨ ⋁_{a→b} in(a)`` for each ``b``.
- **Complete** (Caminada's labelling encoding, as in Cerutti, Dunne, Giacomin, Vallati,
  "Computing preferred extensions in abstract argumentation: a SAT-based approach",
  TAFA 2013): ``in(b) ↔ ⋀_{a→b} out(a)``, ``out(b) ↔ ⋁_{a→b} in(a)``, ``¬in(b) ∨ ¬out(b)``.
  Complete extensions and complete labellings are in one-to-one correspondence, so a
  blocking clause over the ``in`` variables enumerates each extension once.
- **Preferred**: iterative maximisation (the PrefSAT idea of the paper above). Find a
  complete extension ``E`` not contained in any preferred extension found so far; then
  ask for a complete extension containing ``E`` and one more argument, until there is
  none, so ``E`` is maximal (a stable ``E`` is maximal at once, without a solver call).
  A global clause ``⋁_{i∉E} in(i)`` then excludes every subset of ``E`` from later
  rounds. The grounded extension is fixed IN up front.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._errors import ArgmapError
from ._af import AF
from ._grounded import IN, OUT, grounded_labelling

__all__ = [
    "Oracle",
    "SolverNotInstalledError",
    "complete_exts",
    "preferred_exts",
    "stable_exts",
]

SOLVER_NAME = "cadical195"


class SolverNotInstalledError(ArgmapError, ImportError):
    """python-sat, needed for complete, preferred and stable semantics, is not installed."""


def _solver() -> Any:
    try:
        from pysat.solvers import Solver
    except ImportError as exc:
        raise SolverNotInstalledError(
            "complete, preferred and stable semantics need the SAT solver package "
            "python-sat: install argmap[solver] (pip install 'argmap[solver]')"
        ) from exc
    try:
        return Solver(name=SOLVER_NAME)
    except Exception:  # pragma: no cover - an older python-sat without CaDiCaL 1.9.5
        return Solver(name="glucose4")


def _grounded_units(af: AF) -> tuple[list[int], list[int]]:
    lab = grounded_labelling(af).label
    return [i for i, x in enumerate(lab) if x == IN], [i for i, x in enumerate(lab) if x == OUT]


def _add_complete(solver: Any, af: AF) -> None:
    n = len(af.names)
    for b in range(n):
        inb, outb = b + 1, n + b + 1
        att = af.attackers[b]
        solver.add_clause([-inb, -outb])
        solver.add_clause([inb, *(-(n + a + 1) for a in att)])
        solver.add_clause([-outb, *(a + 1 for a in att)])
        for a in att:
            solver.add_clause([-inb, n + a + 1])
            solver.add_clause([-(a + 1), outb])
    gin, gout = _grounded_units(af)
    for i in gin:
        solver.add_clause([i + 1])
    for i in gout:
        solver.add_clause([n + i + 1])


def _add_stable(solver: Any, af: AF) -> None:
    for b, att in enumerate(af.attackers):
        solver.add_clause([b + 1, *(a + 1 for a in att)])
        for a in att:
            solver.add_clause([-(a + 1), -(b + 1)])
    gin, gout = _grounded_units(af)
    for i in gin:
        solver.add_clause([i + 1])
    for i in gout:
        solver.add_clause([-(i + 1)])


def _members(model: list[int], n: int) -> list[int]:
    return [v - 1 for v in model[:n] if v > 0]


def _enumerate(af: AF, stable: bool, include: int | None) -> Iterator[frozenset[int]]:
    n = len(af.names)
    solver = _solver()
    try:
        if stable:
            _add_stable(solver, af)
        else:
            _add_complete(solver, af)
        assumptions = [] if include is None else [include + 1]
        while solver.solve(assumptions=assumptions):
            model = solver.get_model()
            ext = _members(model, n)
            yield frozenset(ext)
            if stable:  # stable extensions are pairwise incomparable: block supersets
                block = [-(i + 1) for i in ext]
            else:
                inside = set(ext)
                block = [-(i + 1) if i in inside else i + 1 for i in range(n)]
            if not block:
                return
            solver.add_clause(block)
    finally:
        solver.delete()


def stable_exts(af: AF, include: int | None = None) -> Iterator[frozenset[int]]:
    """Every stable extension (containing argument ``include``, if given)."""
    return _enumerate(af, True, include)


def complete_exts(af: AF, include: int | None = None) -> Iterator[frozenset[int]]:
    """Every complete extension (containing argument ``include``, if given)."""
    return _enumerate(af, False, include)


def preferred_exts(af: AF) -> Iterator[frozenset[int]]:
    """Every preferred extension, each maximised from a complete one."""
    n = len(af.names)
    solver = _solver()
    fresh = 2 * n
    try:
        _add_complete(solver, af)
        attacks = af.attacks
        while solver.solve():
            ext = set(_members(solver.get_model(), n))
            while len(ext) < n:
                ranged = set(ext)
                for a in ext:
                    ranged.update(attacks[a])
                if len(ranged) == n:  # stable, so already maximal: no solver call needed
                    break
                fresh += 1
                act = fresh
                outside = [i + 1 for i in range(n) if i not in ext]
                solver.add_clause([-act, *outside])
                grown = solver.solve(assumptions=[act, *(i + 1 for i in ext)])
                if grown:
                    ext = set(_members(solver.get_model(), n))
                solver.add_clause([-act])
                if not grown:
                    break
            yield frozenset(ext)
            outside = [i + 1 for i in range(n) if i not in ext]
            if not outside:
                return
            solver.add_clause(outside)
    finally:
        solver.delete()


class Oracle:
    """Acceptance queries on one framework, reusing one solver per encoding.

    Sceptical preferred acceptance is a counterexample search: find a complete
    extension without the argument, grow it to a maximal one without the argument, and
    check whether it is maximal outright. If it is, it is a preferred extension without
    the argument; if not, no preferred extension lies inside it, so it is excluded with
    all its subsets and the search goes on. Exclusions and preferred extensions found
    are kept across queries (both stay sound for any argument).
    """

    def __init__(self, af: AF, preferred: list[frozenset[int]] | None = None) -> None:
        self.af = af
        self._solvers: dict[str, Any] = {}
        self._preferred: list[frozenset[int]] = list(preferred or ())
        self._fresh = 2 * len(af.names)
        self._credulous: dict[str, set[int]] = {}

    def _get(self, kind: str) -> Any:
        if kind not in self._solvers:
            solver = _solver()
            (_add_stable if kind == "stable" else _add_complete)(solver, self.af)
            if kind == "preferred":
                n = len(self.af.names)
                for ext in self._preferred:
                    solver.add_clause([j + 1 for j in range(n) if j not in ext])
            self._solvers[kind] = solver
        return self._solvers[kind]

    def credulous(self, i: int, semantics: str) -> bool:
        kind = "stable" if semantics == "stable" else "complete"
        known = self._credulous.setdefault(kind, set())
        if i in known:
            return True
        solver = self._get(kind)
        if not solver.solve(assumptions=[i + 1]):
            return False
        known.update(_members(solver.get_model(), len(self.af.names)))  # all witnessed
        return True

    def sceptical(self, i: int, semantics: str) -> bool:
        if semantics == "stable":
            return not self._get("stable").solve(assumptions=[-(i + 1)])
        if semantics == "preferred":
            return self._sceptical_preferred(i)
        return grounded_labelling(self.af).label[i] == IN

    def _grow(self, solver: Any, ext: set[int], fixed: list[int]) -> set[int]:
        """Grow ``ext`` to a maximal complete extension (under the ``fixed`` literals)."""
        n = len(self.af.names)
        banned = {-lit - 1 for lit in fixed if lit < 0}
        while True:
            self._fresh += 1
            act = self._fresh
            more = [j + 1 for j in range(n) if j not in ext and j not in banned]
            if not more:
                return ext
            solver.add_clause([-act, *more])
            grown = solver.solve(assumptions=[act, *fixed, *(j + 1 for j in ext)])
            if grown:
                ext = set(_members(solver.get_model(), n))
            solver.add_clause([-act])
            if not grown:
                return ext

    def _sceptical_preferred(self, i: int) -> bool:
        if any(i not in ext for ext in self._preferred):
            return False
        n = len(self.af.names)
        solver = self._get("preferred")
        while solver.solve(assumptions=[-(i + 1)]):
            # a complete extension without i, made maximal among those without i
            ext = self._grow(solver, set(_members(solver.get_model(), n)), [-(i + 1)])
            bigger = self._grow(solver, set(ext), [])
            # excluding the subsets of ext is sound for every later query: a preferred
            # extension is never a strict subset of a complete one
            solver.add_clause([j + 1 for j in range(n) if j not in ext])
            if bigger == ext:  # preferred, and without i
                self._preferred.append(frozenset(ext))
                self._credulous.setdefault("complete", set()).update(ext)
                return False
        return True

    def close(self) -> None:
        for solver in self._solvers.values():
            solver.delete()
        self._solvers.clear()
