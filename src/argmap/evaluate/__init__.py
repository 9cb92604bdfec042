"""Which claims stand: argumentation semantics and gradual strength for argument maps.

>>> import argmap
>>> from argmap.evaluate import evaluate
>>> m = argmap.ArgumentMap()
>>> a, b, c = m.claim("a", id="a"), m.claim("b", id="b"), m.claim("c", id="c")
>>> _ = m.rebut(b, a), m.rebut(c, b)
>>> ev = evaluate(m, "grounded")
>>> ev.status("a"), ev.status("b")
('accepted', 'rejected')

Two families of semantics are offered through one call, :func:`evaluate`:

- **extension semantics** (Dung 1995) on the attack graph of the map: ``grounded``,
  ``complete``, ``preferred``, ``stable``;
- **gradual semantics** on the weighted bipolar graph of the map: ``df-quad``, ``quad``,
  ``h-categorizer``, ``euler``, ``quadratic-energy``.

From a map to an attack graph (:func:`to_af`)
---------------------------------------------
Every statement and every argument is an argument of the framework, with the same id.

- ``attack`` (rebuttal) ``s → t``: the attack ``s → t``.
- ``contradiction`` ``s — t``: the two attacks ``s → t`` and ``t → s``.
- ``undercut`` of an argument node ``A``: the attack ``u → A``. An argument node stands
  for its inference, so attacking it attacks the inference, and through the support
  construction below (``A`` supports its conclusion) the conclusion loses it.
- A **relation that is itself undercut** (or attacked) becomes a framework argument
  with the relation's id, read "this link holds":

  - an attack (or undercut, or contradiction, each direction) ``r = s → t`` is
    *flattened* (Gabbay 2009, "Semantics for higher level attacks in extended
    argumentation frames"): ``s → X_r → r → t``, where the auxiliary argument ``X_r``
    reads "``s`` is not accepted", and each undercutter attacks ``r``. ``r`` is IN exactly
    when ``s`` is IN and no undercutter is, and then ``t`` is OUT. Auxiliary arguments are
    hidden from reported extensions;
  - a support ``r = s ⇒ t`` becomes the chain ``s ⇒ r ⇒ t`` of two supports, and each
    undercutter attacks ``r``.

- **Premises and conclusions**: an argument ``A`` with premises ``p1..pk`` and conclusion
  ``c`` contributes the supports ``pi ⇒ A`` and ``A ⇒ c``. Under the default construction
  an argument is therefore defeated whenever one of its premises is (secondary attack),
  and a defeated inference takes its conclusion down with it.

- **Support** (``support=`` option) is turned into attacks by a bipolar construction;
  with ``a ⇒+ b`` a chain of one or more supports and ``x → y`` a direct attack:

  - ``"none"``: supports (including premise/conclusion links) are ignored;
  - ``"cayrol"`` (default): Cayrol & Lagasquie-Schiex, "On the acceptability of
    arguments in bipolar argumentation frameworks", ECSQARU 2005: *supported* attacks
    (``a ⇒+ x → y`` gives ``a → y``) and *secondary* attacks (``x → y ⇒+ b`` gives
    ``x → b``);
  - ``"deductive"``: Boella, Gabbay, van der Torre, Villata, COMMA 2010 (and Cayrol &
    Lagasquie-Schiex, IJAR 54(7), 2013): supported attacks and *mediated* attacks
    (``a ⇒+ y`` and ``x → y`` give ``x → a``);
  - ``"necessary"``: Nouioua & Risch, ICTAI 2010: secondary attacks and *extended*
    attacks (``x ⇒+ a`` and ``x → y`` give ``a → y``).

  Each derived attack combines one direct attack with support chains; derived attacks
  are not combined again with further chains.

  The derived attacks are never all listed for ``grounded``: it is computed from the
  map's direct attacks and support steps in time linear in the map (a few thousand
  statements can derive tens of millions of attacks). ``complete``, ``preferred`` and
  ``stable`` hand the solver every attack, listed within a budget (``max_attacks``,
  default :data:`MAX_ATTACKS`); past it they stop with an :class:`EvaluationError`.

Statuses
--------
For ``grounded``: ``accepted`` = IN (in the grounded extension), ``rejected`` = OUT
(attacked by an accepted argument), ``undecided`` = UNDEC. For ``complete``,
``preferred`` and ``stable``: ``accepted`` = in every extension (sceptically accepted),
``rejected`` = in no extension, ``undecided`` = in some but not all. When ``stable`` has
no extension at all, every status is ``undecided``. For gradual semantics a node is
``accepted`` when its strength is above ``threshold`` (default 0.5), ``rejected`` below
it, ``undecided`` at it (within 1e-9). ``status`` is ``None`` for an id that is not in
the evaluated graph.

Gradual semantics
-----------------
Base score: ``meta["weight"]`` of a node (default 0.5). See ``docs/evaluation.md`` for
each formula and its source. Acyclic graphs are evaluated exactly in topological order;
cyclic ones by the continuous method of Potyka (KR 2018), RK4 on ``dσ/dt = f(σ) - σ``
(the h-categorizer by plain fixpoint iteration). When that does not converge within
``max_steps``, a :class:`ConvergenceWarning` is issued and ``converged`` is False.

Needs ``python-sat`` (``pip install 'argmap[solver]'``) for complete, preferred and
stable semantics; grounded and the gradual semantics are pure Python.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from typing import Any

from .._model import ArgumentMap
from ._af import AF, MAX_ATTACKS, SUPPORT_MODES, EvaluationError, af_from_map
from ._explain import Deriver
from ._gradual import GRADUAL, BipolarGraph, GradualResult, bipolar_from_map, strengths
from ._grounded import IN, OUT, UNDEC, GroundedLabelling, grounded_labelling
from ._sat import Oracle, SolverNotInstalledError, complete_exts, preferred_exts, stable_exts

__all__ = [
    "AF",
    "EXTENSION_SEMANTICS",
    "GRADUAL_SEMANTICS",
    "MAX_ATTACKS",
    "SEMANTICS",
    "SPELLINGS",
    "SUPPORT_MODES",
    "BipolarGraph",
    "ConvergenceWarning",
    "Evaluation",
    "EvaluationError",
    "SolverNotInstalledError",
    "bipolar_from_map",
    "cli_run",
    "complete",
    "count_extensions",
    "credulous",
    "evaluate",
    "extensions",
    "grounded",
    "preferred",
    "sceptical",
    "semantics_name",
    "stable",
    "to_af",
]

EXTENSION_SEMANTICS = ("grounded", "complete", "preferred", "stable")
GRADUAL_SEMANTICS = GRADUAL
SEMANTICS = EXTENSION_SEMANTICS + GRADUAL_SEMANTICS
SPELLINGS = {"h-categoriser": "h-categorizer"}
"""Other spellings accepted for a semantics name (British and American), and the
canonical name each stands for."""


def semantics_name(name: str) -> str:
    """The canonical name of a semantics: ``h-categoriser`` is ``h-categorizer``; names
    are taken case-insensitively, with ``_`` for ``-``."""
    key = name.strip().lower().replace("_", "-") if isinstance(name, str) else name
    return SPELLINGS.get(key, key)


class ConvergenceWarning(UserWarning):
    """A gradual semantics on a cyclic map did not converge within its step budget."""


# ---------------------------------------------------------------------- attack graphs
def to_af(
    amap: ArgumentMap | AF, *, support: str = "cayrol", max_attacks: int | None = None
) -> AF:
    """The attack graph of a map (an :class:`AF` is returned as it is).

    The attacks a support construction derives are listed only when asked for
    (:attr:`AF.attacks`), and then at most ``max_attacks`` of them (default
    :data:`MAX_ATTACKS`), else :class:`EvaluationError`."""
    if isinstance(amap, AF):
        af = amap
    elif not isinstance(amap, ArgumentMap):
        raise EvaluationError(f"expected an ArgumentMap or an AF, got {type(amap).__name__}")
    else:
        af = af_from_map(amap, support=support)
    if max_attacks is not None:
        if isinstance(max_attacks, bool) or not isinstance(max_attacks, int) or max_attacks < 0:
            raise EvaluationError(
                f"max_attacks must be a non-negative integer, got {max_attacks!r}"
            )
        af.max_attacks = max_attacks
    return af


def _sorted_exts(af: AF, exts: Iterable[frozenset[int]]) -> list[frozenset[str]]:
    seen: dict[frozenset[str], None] = {}
    for ext in exts:
        seen.setdefault(af.visible(ext), None)
    return sorted(seen, key=lambda e: sorted(e))


def _take(it: Iterator[frozenset[int]], limit: int | None) -> list[frozenset[int]]:
    if limit is not None and limit < 0:
        raise EvaluationError(f"limit must be a non-negative integer, got {limit}")
    out: list[frozenset[int]] = []
    for ext in it:
        if limit is not None and len(out) >= limit:
            break
        out.append(ext)
    return out


def _iter(af: AF, semantics: str, include: int | None = None) -> Iterator[frozenset[int]]:
    if semantics == "grounded":
        ext = frozenset(grounded_labelling(af).extension())
        if include is None or include in ext:
            yield ext
    elif semantics == "complete":
        yield from complete_exts(af, include)
    elif semantics == "stable":
        yield from stable_exts(af, include)
    elif semantics == "preferred":
        for ext in preferred_exts(af):
            if include is None or include in ext:
                yield ext
    else:
        raise EvaluationError(
            f"unknown extension semantics {semantics!r}: "
            f"expected one of {', '.join(EXTENSION_SEMANTICS)}"
        )


def grounded(amap: ArgumentMap | AF, *, support: str = "cayrol") -> frozenset[str]:
    """The grounded extension (linear time)."""
    af = to_af(amap, support=support)
    return af.visible(grounded_labelling(af).extension())


def extensions(
    amap: ArgumentMap | AF,
    semantics: str = "preferred",
    limit: int | None = None,
    *,
    support: str = "cayrol",
) -> list[frozenset[str]]:
    """Up to ``limit`` extensions (all when ``None``), sorted."""
    af = to_af(amap, support=support)
    return _sorted_exts(af, _take(_iter(af, semantics), limit))


def complete(
    amap: ArgumentMap | AF, limit: int | None = None, *, support: str = "cayrol"
) -> list[frozenset[str]]:
    """Complete extensions (SAT, labelling encoding)."""
    return extensions(amap, "complete", limit, support=support)


def preferred(
    amap: ArgumentMap | AF, limit: int | None = None, *, support: str = "cayrol"
) -> list[frozenset[str]]:
    """Preferred extensions (SAT, iterative maximisation of complete extensions)."""
    return extensions(amap, "preferred", limit, support=support)


def stable(
    amap: ArgumentMap | AF, limit: int | None = None, *, support: str = "cayrol"
) -> list[frozenset[str]]:
    """Stable extensions (SAT); possibly none."""
    return extensions(amap, "stable", limit, support=support)


def count_extensions(
    amap: ArgumentMap | AF, semantics: str = "preferred", *, support: str = "cayrol"
) -> int:
    """The number of extensions, by enumeration."""
    af = to_af(amap, support=support)
    return sum(1 for _ in _iter(af, semantics))


def _node(af: AF, node: str) -> int:
    if node not in af.index or af.index[node] in af.hidden:
        raise EvaluationError(f"{node!r} is not an argument of the evaluated map")
    return af.index[node]


def credulous(
    amap: ArgumentMap | AF, node: str, semantics: str = "preferred", *, support: str = "cayrol"
) -> bool:
    """Whether ``node`` is in some extension (DC task)."""
    af = to_af(amap, support=support)
    i = _node(af, node)
    if semantics == "preferred":  # credulous preferred = credulous complete (admissible)
        semantics = "complete"
    return next(_iter(af, semantics, i), None) is not None


def sceptical(
    amap: ArgumentMap | AF, node: str, semantics: str = "preferred", *, support: str = "cayrol"
) -> bool:
    """Whether ``node`` is in every extension (DS task; vacuously true with none)."""
    af = to_af(amap, support=support)
    i = _node(af, node)
    if semantics in ("grounded", "complete"):  # the grounded extension is the least complete
        return grounded_labelling(af).label[i] == IN
    if semantics not in EXTENSION_SEMANTICS:
        raise EvaluationError(
            f"unknown extension semantics {semantics!r}: "
            f"expected one of {', '.join(EXTENSION_SEMANTICS)}"
        )
    oracle = Oracle(af)
    try:
        return oracle.sceptical(i, semantics)
    finally:
        oracle.close()


# ---------------------------------------------------------------------- results
class Evaluation:
    """The result of :func:`evaluate` (see the module docstring for what statuses mean)."""

    def __init__(
        self,
        semantics: str,
        *,
        order: list[str],
        af: AF | None = None,
        labelling: GroundedLabelling | None = None,
        exts: list[frozenset[str]] | None = None,
        complete_enum: bool = True,
        gradual: GradualResult | None = None,
        graph: BipolarGraph | None = None,
        threshold: float | None = None,
        amap: ArgumentMap | None = None,
        support: str = "cayrol",
    ) -> None:
        self.semantics = semantics
        self.is_gradual = gradual is not None
        self.extensions: list[frozenset[str]] = exts or []
        self.strengths: dict[str, float] = {}
        self.converged = True
        self.method = "exact"
        self._order = order
        self._af = af
        self._labelling = labelling
        self._complete_enum = complete_enum
        self._threshold = threshold
        self._graph = graph
        self._graph_index: dict[str, int] | None = None
        self._oracle: Oracle | None = None
        self._status_cache: dict[str, str] = {}
        self._amap = amap
        self.support = support
        self._deriver: Deriver | None = None
        if gradual is not None and graph is not None:
            shown = set(order)  # a set: a list here made this quadratic (100k: 107 s)
            self.strengths = {
                name: gradual.values[i] for i, name in enumerate(graph.names) if name in shown
            }
            self.converged = gradual.converged
            self.method = gradual.method

    def __repr__(self) -> str:
        if self.is_gradual:
            return f"<Evaluation {self.semantics}: {len(self.strengths)} strengths>"
        return f"<Evaluation {self.semantics}: {len(self.extensions)} extension(s)>"

    @property
    def ids(self) -> list[str]:
        """The evaluated node ids, in map order."""
        return list(self._order)

    def strength(self, node_id: str) -> float | None:
        """The final strength (gradual semantics only; ``None`` otherwise)."""
        return self.strengths.get(node_id) if self.is_gradual else None

    def status(self, node_id: str) -> str | None:
        """``"accepted"``, ``"rejected"``, ``"undecided"``, or ``None`` for an unknown id.

        A gradual semantics defines strengths, not labels: its status is ``None``, unless
        a ``threshold`` was given, which makes a strength above it ``"accepted"`` and one
        below it ``"rejected"`` (one at it, within 1e-9, has no label)."""
        if self.is_gradual:
            value = self.strengths.get(node_id)
            threshold = self._threshold
            if value is None or threshold is None or abs(value - threshold) <= 1e-9:
                return None
            return "accepted" if value > threshold else "rejected"
        af = self._af
        if af is None or node_id not in af.index or af.index[node_id] in af.hidden:
            return None
        if node_id in self._status_cache:
            return self._status_cache[node_id]
        i = af.index[node_id]
        if self._labelling is not None and self.semantics in ("grounded", "complete"):
            lab = self._labelling.label[i]
            if self.semantics == "grounded" or lab != 0:
                result = {IN: "accepted", OUT: "rejected"}.get(lab, "undecided")
                self._status_cache[node_id] = result
                return result
        if self._complete_enum:
            exts = self.extensions
            if not exts:
                result = "undecided"
            else:
                n_in = sum(1 for e in exts if node_id in e)
                result = (
                    "accepted" if n_in == len(exts) else "rejected" if n_in == 0 else "undecided"
                )
        else:  # the enumeration was cut short, so there is an extension: ask the solver
            lab = self._labelling.label[i] if self._labelling is not None else 0
            listed = self.extensions
            if lab:  # IN is in every complete extension, OUT in none
                result = "accepted" if lab == IN else "rejected"
            elif listed and not all(node_id in e for e in listed):
                # outside a listed extension: not sceptical; inside one: credulous
                in_some = any(node_id in e for e in listed)
                cred = in_some or self._ask().credulous(i, self.semantics)
                result = "undecided" if cred else "rejected"
            else:
                cred = bool(listed) or self._ask().credulous(i, self.semantics)
                scep = cred and self._ask().sceptical(i, self.semantics)
                result = "accepted" if scep else "undecided" if cred else "rejected"
        self._status_cache[node_id] = result
        return result

    def _ask(self) -> Oracle:
        if self._oracle is None:
            assert self._af is not None
            known = None
            if self.semantics == "preferred":
                known = [frozenset(self._af.index[x] for x in e) for e in self.extensions]
            self._oracle = Oracle(self._af, known)
        return self._oracle

    def explain(self, node_id: str) -> str:
        """Why ``node_id`` has its status, in one sentence that names its direct
        attackers (and, for an accepted node, who defeats them); an attack that the
        support construction derives is shown as the chain of the map it comes from."""
        if self.is_gradual:
            if node_id not in self.strengths:
                return f"{node_id!r} is not in the evaluated map"
            return self._explain_gradual(node_id)
        status = self.status(node_id)
        if status is None:
            return f"{node_id!r} is not in the evaluated map"
        assert self._af is not None
        if self.semantics == "grounded" and self._labelling is not None:
            return self._explain_grounded(self._af.index[node_id])
        if self._complete_enum:
            n, k = len(self.extensions), sum(1 for e in self.extensions if node_id in e)
            if n == 0:
                head = f"undecided: there is no {self.semantics} extension"
            else:
                head = f"{status}: in {k} of {n} {self.semantics} extensions"
        else:
            head = f"{status}: decided by the solver (more extensions than listed)"
        i = self._af.index[node_id]
        attackers = self._attackers(i)
        if not attackers:
            return f"{head}; nothing attacks it"
        direct, derived = self._split(attackers, i)
        parts = []
        if direct:
            listed = ", ".join(f"{self._name(a)} ({self._where(a)})" for a in direct)
            parts.append(f"attacked by {listed}")
        if derived:
            # the example: an attacker in the most extensions, the shortest chain first
            ex = max(derived, key=self._weight)
            lead = "and through support by" if direct else "attacked through support by"
            many = f"{len(derived)} arguments, e.g. " if len(derived) > 1 else ""
            where = self._where(ex)
            parts.append(
                f"{lead} {many}{self._name(ex)}"
                + (f" ({where})" if where else "")
                + f": {self._how(ex, i)}"
            )
        return f"{head}; " + "; ".join(parts)

    def _weight(self, a: int) -> int:
        """How strongly an attacker counts: the number of extensions it is in."""
        assert self._af is not None
        name = self._af.names[a]
        if self._complete_enum:
            return sum(1 for e in self.extensions if name in e)
        return 1 if self.status(name) != "rejected" else 0

    def _where(self, a: int) -> str:
        """An attacker's standing under this semantics, in a few words."""
        assert self._af is not None
        name = self._af.names[a]
        if a in self._af.hidden:
            return ""
        if self._complete_enum and self.extensions:
            k = sum(1 for e in self.extensions if name in e)
            return f"in {k} of {len(self.extensions)}"
        return self.status(name) or ""

    def _attackers(self, i: int) -> list[int]:
        """The attackers of ``i``, those the map states directly first."""
        assert self._af is not None
        af = self._af
        found = af.attackers_of(i)
        deriver = self._derivations()
        if deriver is None:
            return found
        target = af.names[i]
        return sorted(found, key=lambda a: not _is_direct(deriver, af.names[a], target))

    def _derivations(self) -> Deriver | None:
        if self._deriver is None and self._amap is not None and self._af is not None:
            self._deriver = Deriver(self._amap, self._af, self.support)
        return self._deriver

    def _name(self, i: int) -> str:
        af = self._af
        assert af is not None
        if i in af.hidden:
            return f"(the auxiliary argument: {af.notes.get(i, af.names[i])})"
        name = af.names[i]
        if self._amap is not None and name in self._amap.relations:
            return f"the link {name!r}"
        return name

    def _how(self, a: int, b: int) -> str:
        """``"a supported attack: X supports Y, which attacks Z"`` for a derived attack,
        else ``""``."""
        deriver = self._derivations()
        af = self._af
        if deriver is None or af is None or a in af.hidden or b in af.hidden:
            return ""
        d = deriver.derive(af.names[a], af.names[b])
        if d is None or d.direct:
            return ""
        return f"a {d.rule} attack: {d.text()}"

    def _split(self, attackers: list[int], target: int) -> tuple[list[int], list[int]]:
        """``attackers`` of ``target`` as (stated in the map, derived by the construction),
        the derived ones shortest path first."""
        deriver = self._derivations()
        af = self._af
        assert af is not None
        if deriver is None:
            return attackers, []
        t = af.names[target]
        direct = [a for a in attackers if _is_direct(deriver, af.names[a], t)]
        derived = [a for a in attackers if a not in direct]

        lengths = deriver.lengths(t)
        names = af.names
        return direct, sorted(derived, key=lambda a: lengths.get(names[a], 0))

    def _with_how(self, a: int, target: int) -> str:
        how = self._how(a, target)
        return f"{self._name(a)} ({how})" if how else self._name(a)

    def _explain_grounded(self, i: int) -> str:
        lab = self._labelling
        af = self._af
        assert lab is not None
        assert af is not None
        attackers = self._attackers(i)
        label = lab.label[i]
        if label == IN:
            if not attackers:
                return "accepted: nothing attacks it"
            direct, derived = self._split(attackers, i)

            def defeat(a: int) -> str:
                defenders = [d for d in self._attackers(a) if lab.label[d] == IN]
                ddirect, dderived = self._split(defenders, a)
                d = (ddirect or dderived or [lab.defeater[a]])[0]
                return f"{self._with_how(a, i)} is defeated by {self._with_how(d, a)}"

            parts = [defeat(a) for a in direct]
            if derived:
                if parts:
                    more = "attacker" if len(derived) == 1 else "attackers"
                    parts.append(
                        f"and {len(derived)} {more} through support, each defeated too, "
                        f"e.g. {defeat(derived[0])}"
                    )
                else:
                    parts.append(defeat(derived[0]))
                    if len(derived) > 1:
                        parts.append(f"and {len(derived) - 1} more through support, each defeated")
            return "accepted: every attacker is rejected: " + "; ".join(parts)
        if label == OUT:
            accepted = [a for a in attackers if lab.label[a] == IN]
            return "rejected: " + self._listing(accepted, i, "accepted")
        undecided = [a for a in attackers if lab.label[a] == UNDEC]
        if i in undecided and len(undecided) == 1:
            return "undecided: it attacks itself and no accepted argument defeats it"
        return "undecided: no accepted argument attacks it, but " + self._listing(
            undecided, i, "undecided"
        )

    def _listing(self, attackers: list[int], target: int, status: str) -> str:
        """``attacked by A and B, which are accepted (and by 3 more through support, e.g.
        C: a supported attack: C supports D, which attacks X)``."""
        direct, derived = self._split(attackers, target)
        if direct:
            names = [self._name(a) for a in direct]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            verb = "which is" if len(names) == 1 else "which are"
            text = f"attacked by {listed}, {verb} {status}"
            if derived:
                n = len(derived)
                text += (
                    f" (and through support by {n} more {status} argument{'s' * (n != 1)}, "
                    f"e.g. {self._name(derived[0])}: {self._how(derived[0], target)})"
                )
            return text
        first = derived[0]
        text = f"attacked by {self._name(first)}, which is {status}: {self._how(first, target)}"
        if len(derived) > 1:
            n = len(derived) - 1
            text += f"; and through support by {n} more {status} argument{'s' * (n != 1)}"
        return text

    def _explain_gradual(self, node_id: str) -> str:
        g = self._graph
        assert g is not None
        if self._graph_index is None:
            self._graph_index = {name: k for k, name in enumerate(g.names)}
        i = self._graph_index[node_id]
        value = self.strengths[node_id]
        status = self.status(node_id)
        head = f"{status}: strength" if status else "strength"
        parts = [f"{head} {value:.4g} from base score {g.weights[i]:.4g}"]
        att = [g.names[s] for s, _ in g.attackers[i]]
        sup = [g.names[s] for s, _ in g.supporters[i]]
        if self.semantics == "h-categorizer":
            sup = []
        if att:
            parts.append("attacked by " + ", ".join(f"{a} ({self._fmt(a)})" for a in att))
        if sup:
            parts.append("supported by " + ", ".join(f"{s} ({self._fmt(s)})" for s in sup))
        if not att and not sup:
            parts.append("nothing attacks or supports it")
        return "; ".join(parts)

    def _fmt(self, name: str) -> str:
        v = self.strengths.get(name)
        return "?" if v is None else f"{v:.4g}"

    def as_json(self) -> dict[str, Any]:
        """``{"semantics", "extensions"}`` or ``{"semantics", "strength"}`` (CLI ``--json``)."""
        if self.is_gradual:
            return {
                "semantics": self.semantics,
                "strength": {k: self.strengths[k] for k in self._order if k in self.strengths},
            }
        return {
            "semantics": self.semantics,
            "extensions": [sorted(e) for e in self.extensions],
        }


def _is_direct(deriver: Deriver, attacker: str, target: str) -> bool:
    return (attacker, target) in deriver.direct


def evaluate(
    amap: ArgumentMap | AF,
    semantics: str = "grounded",
    *,
    support: str = "cayrol",
    **options: Any,
) -> Evaluation:
    """Evaluate ``amap`` under ``semantics`` (one of :data:`SEMANTICS`).

    Options: ``limit`` (extension semantics: list at most this many extensions; statuses
    are then decided by the solver), ``max_attacks`` (extension semantics: how many
    attacks complete, preferred and stable may list, derived ones included, default
    :data:`MAX_ATTACKS`; grounded never lists the derived attacks); for gradual semantics
    ``method`` (``auto``,
    ``exact``, ``continuous``, ``iterate``), ``tolerance``, ``max_steps``, ``step``,
    ``default_weight`` (base score of nodes without ``weight``, 0.5) and ``threshold``
    (0.5; the strength above which a node counts as accepted).
    """
    if support not in SUPPORT_MODES:
        raise EvaluationError(
            f"unknown support construction {support!r}: expected one of {', '.join(SUPPORT_MODES)}"
        )
    semantics = semantics_name(semantics)
    if semantics in EXTENSION_SEMANTICS:
        return _evaluate_extensions(amap, semantics, support, options)
    if semantics in GRADUAL_SEMANTICS:
        return _evaluate_gradual(amap, semantics, options)
    raise EvaluationError(
        f"unknown semantics {semantics!r}: expected one of {', '.join(SEMANTICS)} "
        f"(also spelt {', '.join(SPELLINGS)})"
    )


def _check_options(options: dict[str, Any], allowed: tuple[str, ...], semantics: str) -> None:
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise EvaluationError(
            f"{semantics} takes the options {', '.join(allowed)}; got {', '.join(unknown)}"
        )


def _evaluate_extensions(
    amap: ArgumentMap | AF, semantics: str, support: str, options: dict[str, Any]
) -> Evaluation:
    _check_options(options, ("limit", "max_attacks"), semantics)
    limit = options.get("limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
        raise EvaluationError(f"limit must be an integer, got {limit!r}")
    af = to_af(amap, support=support, max_attacks=options.get("max_attacks"))
    labelling = grounded_labelling(af)
    if semantics == "grounded":
        exts = [frozenset(labelling.extension())]
        whole = True
    else:
        probe = None if limit is None else limit + 1
        found = _take(_iter(af, semantics), probe)
        whole = limit is None or len(found) <= limit
        exts = found if whole else found[:limit]
    order = [n for i, n in enumerate(af.names) if i not in af.hidden]
    return Evaluation(
        semantics,
        order=order,
        af=af,
        labelling=labelling,
        exts=_sorted_exts(af, exts),
        complete_enum=whole,
        amap=amap if isinstance(amap, ArgumentMap) else None,
        support=support,
    )


def _evaluate_gradual(
    amap: ArgumentMap | AF, semantics: str, options: dict[str, Any]
) -> Evaluation:
    allowed = ("method", "tolerance", "max_steps", "step", "default_weight", "threshold")
    _check_options(options, allowed, semantics)
    if isinstance(amap, AF):
        graph = BipolarGraph(
            amap.names,
            [float(options.get("default_weight", 0.5))] * len(amap.names),
            [[(a, None) for a in att] for att in amap.attackers],
            [[] for _ in amap.names],
        )
        order = list(amap.names)
    else:
        graph = bipolar_from_map(amap, default_weight=float(options.get("default_weight", 0.5)))
        order = [n.id for n in amap.nodes()]
    kwargs: dict[str, Any] = {}
    for key in ("method", "tolerance", "max_steps", "step"):
        if key in options:
            kwargs[key] = options[key]
    result = strengths(graph, semantics, **kwargs)
    if not result.converged:
        warnings.warn(
            f"{semantics} did not converge within {result.steps} steps "
            f"(method {result.method}); the strengths are the last iterate",
            ConvergenceWarning,
            stacklevel=3,
        )
    return Evaluation(
        semantics,
        order=order,
        gradual=result,
        graph=graph,
        threshold=None if options.get("threshold") is None else float(options["threshold"]),
    )


# ---------------------------------------------------------------------- CLI
def cli_run(
    amap: ArgumentMap,
    semantics: str,
    as_json: bool,
    support: str = "cayrol",
    limit: int | None = None,
    explain: bool = False,
) -> tuple[str, int]:
    """The output and exit code of ``argmap evaluate``.

    With ``explain`` the output also says why each node has its status: in JSON as
    ``"status"`` and ``"explanations"``, in text as a wrapped column after the status.

    Exit code 0, or 1 when a gradual semantics did not converge (the output then says
    so). Raises :class:`~argmap.ArgmapError` subclasses for bad arguments.
    """
    options: dict[str, Any] = {}
    if semantics in EXTENSION_SEMANTICS and limit is not None:
        options["limit"] = limit
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ev = evaluate(amap, semantics, support=support, **options)
    code = 0 if ev.converged else 1
    if as_json:
        import json

        doc = ev.as_json()
        if explain:
            doc["status"] = {node: ev.status(node) for node in ev.ids}
            doc["explanations"] = {node: ev.explain(node) for node in ev.ids}
        return json.dumps(doc, ensure_ascii=False, indent=2), code
    return _text_report(ev, support, explain), code


def _text_report(ev: Evaluation, support: str, explain: bool = False, width: int = 0) -> str:
    """The text of ``argmap evaluate``: the extensions (one statement a line), then a
    table of every node's status (gradual: strength); with ``explain`` each row also says
    why, wrapped to ``width`` columns (default: the terminal's, at least 60)."""
    import shutil
    import textwrap

    width = width or max(shutil.get_terminal_size((100, 24)).columns, 60)
    lines: list[str] = []
    if ev.is_gradual:
        head = f"{ev.semantics} (gradual, {ev.method})"
        if not ev.converged:
            head += ": DID NOT CONVERGE, values are the last iterate"
        lines.append(head)
    else:
        n = len(ev.extensions)
        lines.append(
            f"{ev.semantics} semantics, support={support}: {n} extension(s)"
            + ("" if ev._complete_enum else " listed (limit reached)")
        )
        for k, ext in enumerate(ev.extensions, 1):
            lines.append(f"  extension {k} ({len(ext)} of {len(ev.ids)}):")
            lines.extend(f"    {name}" for name in sorted(ext))
    ids = ev.ids
    col = min(max((len(i) for i in ids), default=2), 32)
    value_head = "strength" if ev.is_gradual else "status"
    lines.append("")
    lines.append(f"{'id':<{col}}  {value_head:<9}" + ("  why" if explain else ""))
    indent = " " * (col + 13)
    for node in ids:
        if ev.is_gradual:
            value = ev.strength(node)
            cell = f"{value:.6f}" if value is not None else "-"
            status = ev.status(node)
            if status:
                cell += f" ({status})"
        else:
            cell = ev.status(node) or "-"
        row = f"{node:<{col}}  {cell:<9}"
        if len(node) > col:  # a long id on a line of its own, the rest below it
            lines.append(node)
            row = f"{'':<{col}}  {cell:<9}"
        if not explain:
            lines.append(row.rstrip())
            continue
        why = ev.explain(node)
        if not ev.is_gradual:
            why = why.split(": ", 1)[-1]
        wrapped = textwrap.wrap(
            why, width=max(width - len(indent), 30), break_long_words=False, break_on_hyphens=False
        )
        lines.append(f"{row}  {wrapped[0] if wrapped else ''}".rstrip())
        lines.extend(indent + w for w in wrapped[1:])
    return "\n".join(lines)
