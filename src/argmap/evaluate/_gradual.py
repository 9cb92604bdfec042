"""Gradual semantics for weighted bipolar maps (see :mod:`argmap.evaluate` for formulas).

A :class:`BipolarGraph` numbers the nodes and keeps, for each, its base score and its
attackers and supporters, each with an edge weight (1.0 unless the edge is undercut, see
:func:`bipolar_from_map`). :func:`strengths` evaluates a semantics exactly in topological
order when the graph is acyclic, and otherwise integrates the continuous dynamical system
``dσ/dt = f(σ) - σ`` (Potyka 2018) with fourth-order Runge-Kutta until the largest
change per unit of time is below a tolerance.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .._errors import DanglingReferenceError, MapStructureError
from .._model import ArgumentMap, RelationKind
from ._af import EvaluationError

__all__ = ["GRADUAL", "BipolarGraph", "GradualResult", "bipolar_from_map", "strengths"]

GRADUAL = ("df-quad", "quad", "h-categorizer", "euler", "quadratic-energy")

Edges = list[list[tuple[int, int | None]]]
"""Per node: ``(source node, link node or None)`` pairs."""


class BipolarGraph:
    """A weighted bipolar graph: base scores, attackers and supporters per node.

    An incoming edge is ``(source, link)``: ``link`` is the index of a link node whose
    strength scales the edge (an undercut relation), or ``None`` for weight 1.
    """

    __slots__ = ("attackers", "names", "supporters", "weights")

    def __init__(
        self, names: Sequence[str], weights: Sequence[float], attackers: Edges, supporters: Edges
    ) -> None:
        self.names = list(names)
        self.weights = list(weights)
        self.attackers = attackers
        self.supporters = supporters

    @classmethod
    def from_edges(
        cls,
        weights: dict[str, float],
        attacks: Sequence[tuple[str, str]],
        supports: Sequence[tuple[str, str]] = (),
    ) -> BipolarGraph:
        """A graph from base scores by name and ``(source, target)`` name pairs."""
        names = list(weights)
        index = {n: i for i, n in enumerate(names)}
        att: Edges = [[] for _ in names]
        sup: Edges = [[] for _ in names]
        for pairs, table in ((attacks, att), (supports, sup)):
            for s, t in pairs:
                if s not in index or t not in index:
                    missing = s if s not in index else t
                    raise DanglingReferenceError(f"edge ({s!r}, {t!r}) names unknown {missing!r}")
                table[index[t]].append((index[s], None))
        return cls(names, [float(weights[n]) for n in names], att, sup)

    def is_acyclic(self) -> bool:
        return self.topological_order() is not None

    def topological_order(self) -> list[int] | None:
        """Nodes so that every node comes after its attackers, supporters and link
        nodes; ``None`` when the graph has a cycle."""
        n = len(self.names)
        succ: list[list[int]] = [[] for _ in range(n)]
        indeg = [0] * n
        for t in range(n):
            for s, link in (*self.attackers[t], *self.supporters[t]):
                for x in (s,) if link is None else (s, link):
                    succ[x].append(t)
                    indeg[t] += 1
        order = [i for i in range(n) if indeg[i] == 0]
        for i in order:  # grows while we walk it
            for t in succ[i]:
                indeg[t] -= 1
                if indeg[t] == 0:
                    order.append(t)
        return order if len(order) == n else None


def _weight(meta: dict[str, object], default: float, what: str) -> float:
    value = meta.get("weight", default)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise MapStructureError(f"{what}: weight must be a number in [0, 1], got {value!r}")
    try:
        w = float(value)
    except ValueError:
        raise MapStructureError(
            f"{what}: weight must be a number in [0, 1], got {value!r}"
        ) from None
    if not 0.0 <= w <= 1.0:
        raise MapStructureError(f"{what}: weight must be in [0, 1], got {w}")
    return w


def bipolar_from_map(amap: ArgumentMap, *, default_weight: float = 0.5) -> BipolarGraph:
    """The weighted bipolar graph of ``amap``.

    Nodes are statements and arguments, with base score ``meta["weight"]`` (default
    ``default_weight``). Supports, and the premise → argument → conclusion links of an
    argument, are supports; attacks and undercuts of nodes are attacks; a contradiction
    is an attack both ways. A relation that is undercut becomes a link node (base score
    its own ``meta["weight"]``, default 1.0, attacked by its undercutters) whose strength
    multiplies the contribution of the relation's source.
    """
    names: list[str] = []
    weights: list[float] = []
    for node in amap.nodes():
        names.append(node.id)
        weights.append(_weight(node.meta, default_weight, f"node {node.id!r}"))
    index = {n: i for i, n in enumerate(names)}
    relations = amap._relations  # the dict itself: the public view is slower
    for rid in sorted({r.target for r in relations.values() if r.target in relations}):
        index[rid] = len(names)
        names.append(rid)
        weights.append(_weight(relations[rid].meta, 1.0, f"relation {rid!r}"))
    att: Edges = [[] for _ in names]
    sup: Edges = [[] for _ in names]
    for r in relations.values():
        s = index.get(r.source)
        t = index.get(r.target)
        if s is None or r.source in relations or t is None:
            raise DanglingReferenceError(
                f"relation {r.id!r} links {r.source!r} to {r.target!r}, not both in the map"
            )
        link = index.get(r.id)
        if r.kind is RelationKind.SUPPORT:
            sup[t].append((s, link))
        else:
            att[t].append((s, link))
            if r.kind is RelationKind.CONTRADICTION:
                att[s].append((t, link))
    for arg in amap.arguments.values():
        a = index[arg.id]
        for p in arg.premises:
            if p not in amap.statements:
                raise DanglingReferenceError(f"argument {arg.id!r} has unknown premise {p!r}")
            sup[a].append((index[p], None))
        if arg.conclusion is not None:
            if arg.conclusion not in amap.statements:
                raise DanglingReferenceError(
                    f"argument {arg.id!r} has unknown conclusion {arg.conclusion!r}"
                )
            sup[index[arg.conclusion]].append((a, None))
    return BipolarGraph(names, weights, att, sup)


# ---------------------------------------------------------------------- semantics
# Each update takes (w, attacker strengths, supporter strengths) -> strength.
Update = Callable[[float, list[float], list[float]], float]


def _prod_compl(values: list[float]) -> float:
    p = 1.0
    for v in values:
        p *= 1.0 - v
    return p


def _df_quad(w: float, att: list[float], sup: list[float]) -> float:
    va = 1.0 - _prod_compl(att)
    vs = 1.0 - _prod_compl(sup)
    if va >= vs:
        return w - w * (va - vs)
    return w + (1.0 - w) * (vs - va)


def _quad(w: float, att: list[float], sup: list[float]) -> float:
    if not att and not sup:
        return w
    f_att = w * _prod_compl(att)
    f_sup = 1.0 - (1.0 - w) * _prod_compl(sup)
    if not sup:
        return f_att
    if not att:
        return f_sup
    return (f_att + f_sup) / 2.0


def _h_categorizer(w: float, att: list[float], sup: list[float]) -> float:
    return w / (1.0 + math.fsum(att))


def _euler(w: float, att: list[float], sup: list[float]) -> float:
    energy = math.fsum(sup) - math.fsum(att)
    try:
        e = math.exp(energy)
    except OverflowError:
        return 1.0
    return 1.0 - (1.0 - w * w) / (1.0 + w * e)


def _h(x: float) -> float:
    x = max(x, 0.0)
    return x * x / (1.0 + x * x)


def _quadratic_energy(w: float, att: list[float], sup: list[float]) -> float:
    energy = math.fsum(sup) - math.fsum(att)
    return w - w * _h(-energy) + (1.0 - w) * _h(energy)


UPDATES: dict[str, Update] = {
    "df-quad": _df_quad,
    "quad": _quad,
    "h-categorizer": _h_categorizer,
    "euler": _euler,
    "quadratic-energy": _quadratic_energy,
}


class GradualResult:
    """Strengths by node index, how they were computed, and whether it converged."""

    __slots__ = ("converged", "method", "steps", "values")

    def __init__(self, values: list[float], method: str, converged: bool, steps: int) -> None:
        self.values = values
        self.method = method
        self.converged = converged
        self.steps = steps


def _inputs(
    g: BipolarGraph, i: int, sigma: Sequence[float], with_support: bool
) -> tuple[list[float], list[float]]:
    def val(s: int, link: int | None) -> float:
        return sigma[s] if link is None else sigma[s] * sigma[link]

    att = [val(s, link) for s, link in g.attackers[i]]
    sup = [val(s, link) for s, link in g.supporters[i]] if with_support else []
    return att, sup


def strengths(
    g: BipolarGraph,
    semantics: str,
    *,
    method: str = "auto",
    tolerance: float = 1e-9,
    max_steps: int = 100_000,
    step: float = 0.1,
) -> GradualResult:
    """Evaluate ``semantics`` on ``g``.

    ``method``: ``"exact"`` (topological propagation; the graph must be acyclic),
    ``"continuous"`` (RK4 on ``dσ/dt = f(σ) - σ`` with time step ``step``, stopping when
    the largest ``|f(σ) - σ|`` is at most ``tolerance``, or after ``max_steps`` steps, then
    not converged), ``"iterate"`` (Jacobi iteration ``σ ← f(σ)``, the classical method for
    the h-categorizer) or ``"auto"`` (exact when acyclic, else iterate for the
    h-categorizer and continuous for the others).
    """
    if semantics not in UPDATES:
        raise EvaluationError(
            f"unknown gradual semantics {semantics!r}: expected one of {', '.join(GRADUAL)}"
        )
    if method not in ("auto", "exact", "continuous", "iterate"):
        raise EvaluationError(
            f"unknown method {method!r}: expected auto, exact, continuous or iterate"
        )
    update = UPDATES[semantics]
    with_support = semantics != "h-categorizer"
    n = len(g.names)
    w = g.weights
    if method in ("auto", "exact"):
        order = g.topological_order()
        if order is not None:
            sigma = list(w)
            for i in order:
                att, sup = _inputs(g, i, sigma, with_support)
                sigma[i] = update(w[i], att, sup)
            return GradualResult(sigma, "exact", True, 1)
        if method == "exact":
            raise EvaluationError(
                "the exact method needs an acyclic graph; this one has a cycle "
                "(use method='continuous')"
            )
        method = "iterate" if semantics == "h-categorizer" else "continuous"

    def f(sigma: Sequence[float]) -> list[float]:
        return [update(w[i], *_inputs(g, i, sigma, with_support)) for i in range(n)]

    sigma = list(w)
    if method == "iterate":
        for k in range(1, max_steps + 1):
            new = f(sigma)
            delta = max((abs(a - b) for a, b in zip(new, sigma, strict=True)), default=0.0)
            sigma = new
            if delta <= tolerance:
                return GradualResult(sigma, "iterate", True, k)
        return GradualResult(sigma, "iterate", False, max_steps)

    def deriv(s: Sequence[float]) -> list[float]:
        return [a - b for a, b in zip(f(s), s, strict=True)]

    h = step
    for k in range(1, max_steps + 1):
        k1 = deriv(sigma)
        if max((abs(x) for x in k1), default=0.0) <= tolerance:
            return GradualResult(sigma, "continuous", True, k - 1)
        k2 = deriv([s + h / 2 * d for s, d in zip(sigma, k1, strict=True)])
        k3 = deriv([s + h / 2 * d for s, d in zip(sigma, k2, strict=True)])
        k4 = deriv([s + h * d for s, d in zip(sigma, k3, strict=True)])
        sigma = [
            min(1.0, max(0.0, s + h / 6 * (a + 2 * b + 2 * c + d)))
            for s, a, b, c, d in zip(sigma, k1, k2, k3, k4, strict=True)
        ]
    return GradualResult(sigma, "continuous", False, max_steps)
