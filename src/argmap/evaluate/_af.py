"""The compact attack graph, and how an :class:`~argmap.ArgumentMap` becomes one.

See the docstring of :mod:`argmap.evaluate` for the construction in words; this module
implements it. An :class:`AF` numbers its arguments ``0 .. n-1`` and keeps, for each,
the lists of its attackers and of the arguments it attacks.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from itertools import chain, compress, repeat
from operator import attrgetter

from .._errors import ArgmapError, DanglingReferenceError, MapStructureError
from .._gc import gc_paused
from .._graph import scc_ids
from .._model import ArgumentMap, Relation, RelationKind, _RelationTable

__all__ = ["AF", "MAX_ATTACKS", "SUPPORT_MODES", "EvaluationError", "Support", "af_from_map"]


_get_kind = attrgetter("kind")
_get_source = attrgetter("source")
_get_target = attrgetter("target")


class EvaluationError(ArgmapError, ValueError):
    """An unknown semantics, support construction or option, or a node not in the map."""


SUPPORT_MODES = ("none", "cayrol", "deductive", "necessary")
"""The bipolar constructions :func:`af_from_map` knows (see :mod:`argmap.evaluate`)."""


MAX_ATTACKS = 10_000_000
"""The default budget of :attr:`AF.max_attacks`: how many attacks (direct and derived
from support chains) :attr:`AF.attacks` may list before it stops with an
:class:`EvaluationError` instead of filling the memory. Grounded evaluation never needs
the list (see :mod:`argmap.evaluate._grounded`); the SAT semantics do."""


class Support:
    """The support steps of a map, as the bipolar construction ``mode`` reads them.

    Every construction's attack relation has one shape: with ``D`` the direct attacks,
    ``a`` attacks ``b`` exactly when ``a U* x D b`` or ``a D y V* b`` for some ``x``,
    ``y``, where ``U*``/``V*`` are chains of zero or more steps along ``U``/``V``, each
    the support relation ``S`` or its reverse:

    - cayrol: ``U = V = S`` (supported and secondary attacks);
    - deductive: ``U = S``, ``V = S⁻¹`` (supported and mediated attacks);
    - necessary: ``U = S⁻¹``, ``V = S`` (extended and secondary attacks).

    ``u_succ``/``u_pred`` and ``v_succ``/``v_pred`` are the adjacency lists of ``U`` and
    ``V``; ``comp`` numbers the strongly connected components of ``S`` (the same for
    its reverse), ``members`` lists them.
    """

    __slots__ = ("_comp", "_members", "mode", "pairs", "pred", "succ", "u_pred", "u_succ",
                 "v_pred", "v_succ")

    def __init__(self, n: int, pairs: list[tuple[int, int]], mode: str) -> None:
        succ: list[list[int]] = [[] for _ in range(n)]
        pred: list[list[int]] = [[] for _ in range(n)]
        for a, b in pairs:
            succ[a].append(b)
            pred[b].append(a)
        self.pairs = pairs
        self.mode = mode
        self.succ, self.pred = succ, pred
        self.u_succ, self.u_pred = (pred, succ) if mode == "necessary" else (succ, pred)
        self.v_succ, self.v_pred = (pred, succ) if mode == "deductive" else (succ, pred)
        self._comp: list[int] | None = None
        self._members: list[list[int]] = []

    def components(self) -> tuple[list[int], list[list[int]]]:
        """``comp[i]``, the component of node ``i``, and each component's members."""
        if self._comp is None:
            self._comp = scc_ids(self.succ)
            members: list[list[int]] = [[] for _ in range(max(self._comp, default=-1) + 1)]
            for i, c in enumerate(self._comp):
                members[c].append(i)
            self._members = members
        return self._comp, self._members


class AF:
    """An abstract argumentation framework (Dung 1995) over arguments ``0 .. n-1``.

    ``names[i]`` is the id of argument ``i``. Arguments listed in ``hidden`` are
    auxiliary (introduced by the map construction): they take part in the semantics but
    are left out of reported extensions.

    A framework made from a map under a support construction keeps the map's direct
    attacks and its support steps (:attr:`support`) and derives the other attacks only
    when asked: :meth:`attackers_of` for one argument, :attr:`attacks` and
    :attr:`attackers` for all of them (listed at most :attr:`max_attacks`, else an
    :class:`EvaluationError`). The grounded labelling works on the compact form.
    """

    __slots__ = ("_attackers", "_attacks", "direct", "direct_in", "hidden", "index",
                 "max_attacks", "names", "notes", "support")

    def __init__(
        self,
        names: Sequence[str],
        attacks: Iterable[tuple[int, int]],
        *,
        hidden: Iterable[int] = (),
    ) -> None:
        n = len(names)
        with gc_paused():
            out: list[list[int]] = [[] for _ in range(n)]
            for a, b in attacks:
                if not (0 <= a < n and 0 <= b < n):
                    raise MapStructureError(
                        f"attack ({a}, {b}) names an argument outside 0..{n - 1}"
                    )
                out[a].append(b)
            self._setup(list(names), out, hidden)

    @classmethod
    def from_adjacency(
        cls,
        names: list[str],
        out: list[list[int]],
        hidden: Iterable[int] = (),
        *,
        support: Support | None = None,
        max_attacks: int = MAX_ATTACKS,
    ) -> AF:
        """A framework from ``out[i]``, the (valid) indexes ``i`` attacks directly;
        takes ownership. With ``support``, the attacks its construction derives are
        part of the framework too (computed when needed)."""
        af = cls.__new__(cls)
        with gc_paused():
            af._setup(names, out, hidden, support, max_attacks)
        return af

    def _setup(
        self,
        names: list[str],
        out: list[list[int]],
        hidden: Iterable[int],
        support: Support | None = None,
        max_attacks: int = MAX_ATTACKS,
    ) -> None:
        n = len(names)
        self.names = names
        self.index: dict[str, int] = dict(zip(names, range(n), strict=True))
        if len(self.index) != n:
            raise MapStructureError("the arguments of a framework must have distinct names")
        repeats = map(int.__gt__, map(len, out), map(len, map(set, out)))
        for i in compress(range(n), repeats):  # drop repeated attacks, keep first-seen order
            out[i] = list(dict.fromkeys(out[i]))
        self.direct: list[list[int]] = out
        """``direct[i]``: whom ``i`` attacks in the map itself (no support chains)."""
        self.direct_in: list[list[int]] = _reverse(out)
        self.hidden: frozenset[int] = frozenset(hidden)
        self.notes: dict[int, str] = {}
        """Why an auxiliary argument exists (for explanations)."""
        self.max_attacks = max_attacks
        self.support: Support | None = support if support is not None and support.pairs else None
        """The support steps the construction derives attacks from (``None``: none)."""
        self._attacks: list[list[int]] | None = out if self.support is None else None
        self._attackers: list[list[int]] | None = self.direct_in if self.support is None else None

    @classmethod
    def from_names(cls, names: Sequence[str], attacks: Iterable[tuple[str, str]]) -> AF:
        """A framework from argument names and ``(attacker, attacked)`` name pairs."""
        index = {name: i for i, name in enumerate(names)}
        try:
            pairs = [(index[a], index[b]) for a, b in attacks]
        except KeyError as exc:
            raise DanglingReferenceError(f"attack names unknown argument {exc.args[0]!r}") from None
        return cls(names, pairs)

    def __len__(self) -> int:
        return len(self.names)

    def __repr__(self) -> str:
        if self._attacks is None:
            direct = sum(map(len, self.direct))
            return (
                f"<AF: {len(self.names)} arguments, {direct} direct attacks "
                f"and the attacks derived from {len(self.support.pairs) if self.support else 0} "
                "support steps>"
            )
        return f"<AF: {len(self.names)} arguments, {self.n_attacks} attacks>"

    @property
    def attacks(self) -> list[list[int]]:
        """``attacks[i]``: every argument ``i`` attacks, derived attacks included (built
        on first use, within :attr:`max_attacks`)."""
        if self._attacks is None:
            self._materialise()
        assert self._attacks is not None
        return self._attacks

    @property
    def attackers(self) -> list[list[int]]:
        """``attackers[i]``: every attacker of ``i``, in increasing order (built on first
        use, within :attr:`max_attacks`)."""
        if self._attackers is None:
            self._materialise()
        assert self._attackers is not None
        return self._attackers

    @property
    def n_attacks(self) -> int:
        """The number of attacks (lists them all: see :attr:`attacks`)."""
        return sum(map(len, self.attacks))

    @property
    def materialised(self) -> bool:
        """Whether every attack is listed (always, without support steps)."""
        return self._attacks is not None

    def _materialise(self) -> None:
        assert self.support is not None
        out = [list(t) for t in self.direct]
        try:
            with gc_paused():
                _derive_into(out, self.support, self.max_attacks)
                for i, targets in enumerate(out):
                    if len(targets) > 1 and len(set(targets)) < len(targets):
                        out[i] = list(dict.fromkeys(targets))
                into = _reverse(out)
        except MemoryError:
            del out
            raise EvaluationError(
                f"out of memory listing the attacks that support={self.support.mode!r} "
                f"derives for {len(self.names)} arguments; grounded evaluation does not "
                "need them: use it, or support='none'"
            ) from None
        self._attacks, self._attackers = out, into

    def attackers_of(self, i: int) -> list[int]:
        """The attackers of ``i``, in increasing order, derived on the fly (time
        proportional to the support chains that reach ``i``)."""
        if self._attackers is not None:
            return self._attackers[i]
        sup = self.support
        assert sup is not None
        direct_in = self.direct_in
        found: set[int] = set(direct_in[i])
        seen: set[int] = set(found)
        stack = list(found)
        u_pred = sup.u_pred
        while stack:  # a U+ x, x attacks i directly
            for a in u_pred[stack.pop()]:
                if a not in seen:
                    seen.add(a)
                    stack.append(a)
        found |= seen
        v_pred = sup.v_pred
        ys = {i}
        stack = [i]
        while stack:  # x attacks y directly, y V+ i
            for y in v_pred[stack.pop()]:
                if y not in ys:
                    ys.add(y)
                    stack.append(y)
                    found.update(direct_in[y])
        return sorted(found)

    def pairs(self) -> list[tuple[int, int]]:
        """Every attack as an ``(attacker, attacked)`` pair of indexes."""
        return [(a, b) for a, ts in enumerate(self.attacks) for b in ts]

    def visible(self, ext: Iterable[int]) -> frozenset[str]:
        """The names of the non-auxiliary members of ``ext``."""
        hidden = self.hidden
        return frozenset(self.names[i] for i in ext if i not in hidden)


def _reverse(out: list[list[int]]) -> list[list[int]]:
    into: list[list[int]] = [[] for _ in out]
    heads = chain.from_iterable(map(repeat, range(len(out)), map(len, out)))  # a, per b
    deque(map(list.append, map(into.__getitem__, chain.from_iterable(out)), heads), maxlen=0)
    return into  # into[b] lists each a with b in out[a], in order of a: in C, not a loop


def _closure(succ: dict[int, list[int]], start: int) -> set[int]:
    """Nodes reachable from ``start`` by one or more steps of ``succ``."""
    seen: set[int] = set()
    stack = list(succ.get(start, ()))
    while stack:
        x = stack.pop()
        if x in seen:
            continue
        seen.add(x)
        stack.extend(succ.get(x, ()))
    return seen


def af_from_map(amap: ArgumentMap, *, support: str = "cayrol") -> AF:
    """The attack graph of ``amap`` under the bipolar construction ``support``.

    Raises :class:`EvaluationError` for an unknown ``support`` mode and
    :class:`~argmap.DanglingReferenceError` when a relation names a missing element.
    """
    with gc_paused():
        return _af_from_map(amap, support)


def _af_from_map(amap: ArgumentMap, support: str) -> AF:
    if support not in SUPPORT_MODES:
        raise EvaluationError(
            f"unknown support construction {support!r}: expected one of {', '.join(SUPPORT_MODES)}"
        )
    # the map's own dicts: the public read-only views cost a Python call per lookup
    statements = amap._statements
    arguments = amap._arguments
    names: list[str] = list(statements)
    names.extend(arguments)
    index: dict[str, int] = dict(zip(names, range(len(names)), strict=True))
    hidden: list[int] = []
    notes: dict[int, str] = {}
    supports: list[tuple[int, int]] = []
    table = amap._table  # the relations as columns, when they were read so and not yet used
    out = None if table is None else _table_into(table, names, index, supports)
    if out is None:
        out = _relations_into(amap, names, index, supports, hidden, notes)

    # Premise-conclusion structure: each premise supports the argument, and the
    # argument supports its conclusion.
    for arg in arguments.values():
        ai = index[arg.id]
        for p in arg.premises:
            pi = index.get(p)
            if pi is None or p not in statements:
                raise DanglingReferenceError(
                    f"argument {arg.id!r} has premise {p!r}, which is not a statement of the map"
                )
            supports.append((pi, ai))
        if arg.conclusion is not None:
            ci = index.get(arg.conclusion)
            if ci is None or arg.conclusion not in statements:
                raise DanglingReferenceError(
                    f"argument {arg.id!r} has conclusion {arg.conclusion!r}, "
                    "which is not a statement of the map"
                )
            supports.append((ai, ci))

    bip = Support(len(names), supports, support) if supports and support != "none" else None
    af = AF.from_adjacency(names, out, hidden, support=bip)
    af.notes.update(notes)
    return af


def _table_into(
    table: _RelationTable,
    names: list[str],
    index: dict[str, int],
    supports: list[tuple[int, int]],
) -> list[list[int]] | None:
    """The direct attacks of a map whose relations are still a table (its only ones:
    nothing is undercut), read from the columns; its supports appended to
    ``supports``. ``None`` when a node of the table is not a node of the map (then the
    relations say which)."""
    sources, targets = table.sources, table.targets
    nodes = list(table.nodes)
    if nodes != names[: len(nodes)]:  # usually the map's statements, in order: no lookups
        try:
            at = list(map(index.__getitem__, nodes))
        except KeyError:
            return None
        sources, targets = list(map(at.__getitem__, sources)), list(map(at.__getitem__, targets))
    out: list[list[int]] = [[] for _ in names]  # out[i]: whom i attacks directly
    kinds = table.kinds
    if kinds is RelationKind.ATTACK or kinds is RelationKind.UNDERCUT:  # ICCMA: in C
        deque(map(list.append, map(out.__getitem__, sources), targets), maxlen=0)
        return out
    support, contradiction = RelationKind.SUPPORT, RelationKind.CONTRADICTION
    each = repeat(kinds, len(sources)) if isinstance(kinds, RelationKind) else kinds
    for kind, src, tgt in zip(each, sources, targets, strict=True):  # as _relations_into would
        if kind is support:
            supports.append((src, tgt))
        else:
            out[src].append(tgt)
            if kind is contradiction:
                out[tgt].append(src)
    return out


def _relations_into(
    amap: ArgumentMap,
    names: list[str],
    index: dict[str, int],
    supports: list[tuple[int, int]],
    hidden: list[int],
    notes: dict[int, str],
) -> list[list[int]]:
    """The direct attacks of ``amap``'s relations (its supports appended to ``supports``);
    the relations that are undercut become arguments (appended to ``names``, with their
    auxiliary arguments in ``hidden`` and ``notes``)."""
    relations = amap._relations
    # Relations that are themselves attacked (undercut) become AF arguments.
    # (the map's incoming index lists each target once, in order of first use)
    targeted = dict.fromkeys(t for t, rids in amap._in.items() if rids and t in relations)
    for rid in targeted:
        index[rid] = len(names)
        names.append(rid)

    out: list[list[int]] = [[] for _ in names]  # out[i]: whom i attacks directly

    def aux(label: str, note: str) -> int:
        i = len(names)
        names.append(label)
        out.append([])
        index[label] = i
        hidden.append(i)
        notes[i] = note
        return i

    def flatten_attack(rid: str, src: int, tgt: int, suffix: str = "") -> None:
        # Gabbay's flattening of an attack that can itself be attacked:
        # src -> X -> link -> tgt, where X reads "the source is not accepted".
        link = index[rid] if not suffix else aux(rid + suffix, f"the link {rid!r} (reverse)")
        x = aux(f"{rid}{suffix} (source out)", f"{names[src]!r} is not accepted")
        out[src].append(x)
        out[x].append(link)
        out[link].append(tgt)
        if suffix:  # the reverse link of a contradiction shares the undercutters
            for u in undercutters.get(rid, ()):
                out[u].append(link)

    undercutters: dict[str, list[int]] = {}
    for r in relations.values() if targeted else ():
        if r.source in index and r.target in relations and r.kind is not RelationKind.SUPPORT:
            undercutters.setdefault(r.target, []).append(index[r.source])

    attack, undercut = RelationKind.ATTACK, RelationKind.UNDERCUT
    rels: Iterable[Relation] = relations.values()
    try:
        if not targeted and set(map(_get_kind, rels)) <= {attack, undercut}:
            # only plain attacks (an ICCMA framework): the loop below, in C
            ends = map(index.__getitem__, map(_get_target, rels))
            buckets = map(out.__getitem__, map(index.__getitem__, map(_get_source, rels)))
            deque(map(list.append, buckets, ends), maxlen=0)
            rels = ()
        for r in rels:
            src = index[r.source]
            tgt = index[r.target]
            if targeted and r.source in relations:
                raise KeyError(r.source)
            kind = r.kind
            if (kind is attack or kind is undercut) and not (targeted and r.id in targeted):
                out[src].append(tgt)
            elif kind is RelationKind.SUPPORT:
                if r.id in targeted:
                    supports.append((src, index[r.id]))
                    supports.append((index[r.id], tgt))
                else:
                    supports.append((src, tgt))
            elif kind is RelationKind.CONTRADICTION:
                if r.id in targeted:
                    flatten_attack(r.id, src, tgt)
                    flatten_attack(r.id, tgt, src, " (reverse)")
                else:
                    out[src].append(tgt)
                    out[tgt].append(src)
            else:  # attack or undercut that is itself undercut
                flatten_attack(r.id, src, tgt)
    except KeyError:
        _raise_dangling(relations, index)
    return out


def _raise_dangling(relations: dict[str, Relation], index: dict[str, int]) -> None:
    for r in relations.values():
        if r.source not in index or r.source in relations:
            raise DanglingReferenceError(
                f"relation {r.id!r} comes from {r.source!r}, which is not a node of the map"
            )
        if r.target not in index:
            raise DanglingReferenceError(
                f"relation {r.id!r} goes to {r.target!r}, which is not in the map"
            )
    raise AssertionError("unreachable: no dangling relation found")  # pragma: no cover


def _derive_into(out: list[list[int]], sup: Support, budget: int) -> None:
    """Append to ``out`` (the direct attacks) the complex attacks that ``sup.mode``
    derives from support chains; stop with :class:`EvaluationError` past ``budget``
    attacks (the chains' closures count too: they are kept while listing).

    With ``a =>+ b`` for a chain of one or more supports, and ``x -> y`` a direct attack:

    - supported attack (cayrol, deductive): ``a =>+ x -> y`` gives ``a -> y``;
    - secondary attack (cayrol, necessary): ``x -> y =>+ b`` gives ``x -> b``;
    - mediated attack (deductive): ``a =>+ y`` and ``x -> y`` give ``x -> a``;
    - extended attack (necessary): ``x =>+ a`` and ``x -> y`` give ``a -> y``.
    """
    mode = sup.mode
    succ = {a: ts for a, ts in enumerate(sup.succ) if ts}
    pred = {b: ss for b, ss in enumerate(sup.pred) if ss}
    down: dict[int, set[int]] = {}  # y -> nodes y supports, transitively
    up: dict[int, set[int]] = {}  # x -> nodes supporting x, transitively
    used = sum(map(len, out))

    def spend(k: int) -> None:
        nonlocal used
        used += k
        if used > budget:
            raise EvaluationError(
                f"listing every attack that support={mode!r} derives would pass the "
                f"budget of {budget:,} (max_attacks): the support chains of this map "
                "combine with its attacks into too many pairs; grounded evaluation "
                "does not list them (use it, or support='none'), or raise max_attacks"
            )

    def downs(y: int) -> set[int]:
        if y not in down:
            down[y] = found = _closure(succ, y)
            spend(len(found))
        return down[y]

    def ups(x: int) -> set[int]:
        if x not in up:
            up[x] = found = _closure(pred, x)
            spend(len(found))
        return up[x]

    direct = [(a, b) for a, targets in enumerate(out) for b in targets]
    supported = mode in ("cayrol", "deductive")
    secondary = mode in ("cayrol", "necessary")
    for x, y in direct:
        if supported:
            found = ups(x)
            spend(len(found))
            for a in found:
                out[a].append(y)
        if secondary:
            found = downs(y)
            spend(len(found))
            out[x].extend(found)
        if mode == "deductive":  # mediated
            found = ups(y)
            spend(len(found))
            out[x].extend(found)
        if mode == "necessary":  # extended
            found = downs(x)
            spend(len(found))
            for a in found:
                out[a].append(y)
