"""The compact attack graph, and how an :class:`~argmap.ArgumentMap` becomes one.

See the docstring of :mod:`argmap.evaluate` for the construction in words; this module
implements it. An :class:`AF` numbers its arguments ``0 .. n-1`` and keeps, for each,
the lists of its attackers and of the arguments it attacks.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from .._errors import ArgmapError, DanglingReferenceError, MapStructureError
from .._model import ArgumentMap, Relation, RelationKind

__all__ = ["AF", "SUPPORT_MODES", "EvaluationError", "af_from_map"]


class EvaluationError(ArgmapError, ValueError):
    """An unknown semantics, support construction or option, or a node not in the map."""


SUPPORT_MODES = ("none", "cayrol", "deductive", "necessary")
"""The bipolar constructions :func:`af_from_map` knows (see :mod:`argmap.evaluate`)."""


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small lists (it
    would otherwise rescan them again and again); restore its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class AF:
    """An abstract argumentation framework (Dung 1995) over arguments ``0 .. n-1``.

    ``names[i]`` is the id of argument ``i``. Arguments listed in ``hidden`` are
    auxiliary (introduced by the map construction): they take part in the semantics but
    are left out of reported extensions.
    """

    __slots__ = ("attackers", "attacks", "hidden", "index", "n_attacks", "names", "notes")

    def __init__(
        self,
        names: Sequence[str],
        attacks: Iterable[tuple[int, int]],
        *,
        hidden: Iterable[int] = (),
    ) -> None:
        n = len(names)
        with _gc_paused():
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
        cls, names: list[str], out: list[list[int]], hidden: Iterable[int] = ()
    ) -> AF:
        """A framework from ``out[i]``, the (valid) indexes ``i`` attacks; takes ownership."""
        af = cls.__new__(cls)
        with _gc_paused():
            af._setup(names, out, hidden)
        return af

    def _setup(self, names: list[str], out: list[list[int]], hidden: Iterable[int]) -> None:
        n = len(names)
        self.names = names
        self.index: dict[str, int] = {name: i for i, name in enumerate(names)}
        if len(self.index) != n:
            raise MapStructureError("the arguments of a framework must have distinct names")
        for i, targets in enumerate(out):  # drop repeated attacks, keep first-seen order
            if len(targets) > 1 and len(set(targets)) < len(targets):
                out[i] = list(dict.fromkeys(targets))
        self.attacks: list[list[int]] = out
        into: list[list[int]] = [[] for _ in range(n)]
        for a, targets in enumerate(out):
            for b in targets:
                into[b].append(a)
        self.attackers: list[list[int]] = into
        self.n_attacks = sum(map(len, out))
        self.hidden: frozenset[int] = frozenset(hidden)
        self.notes: dict[int, str] = {}
        """Why an auxiliary argument exists (for explanations)."""

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
        return f"<AF: {len(self.names)} arguments, {self.n_attacks} attacks>"

    def pairs(self) -> list[tuple[int, int]]:
        """Every attack as an ``(attacker, attacked)`` pair of indexes."""
        return [(a, b) for a, ts in enumerate(self.attacks) for b in ts]

    def visible(self, ext: Iterable[int]) -> frozenset[str]:
        """The names of the non-auxiliary members of ``ext``."""
        hidden = self.hidden
        return frozenset(self.names[i] for i in ext if i not in hidden)


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
    with _gc_paused():
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
    index: dict[str, int] = {name: i for i, name in enumerate(names)}
    relations = amap._relations
    hidden: list[int] = []
    notes: dict[int, str] = {}

    # Relations that are themselves attacked (undercut) become AF arguments.
    # (the map's incoming index lists each target once, in order of first use)
    targeted = dict.fromkeys(t for t, rids in amap._in.items() if rids and t in relations)
    for rid in targeted:
        index[rid] = len(names)
        names.append(rid)

    out: list[list[int]] = [[] for _ in names]  # out[i]: whom i attacks directly
    supports: list[tuple[int, int]] = []

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
    try:
        for r in relations.values():
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

    if supports and support != "none":
        direct = [(a, b) for a, targets in enumerate(out) for b in targets]
        for a, b in _bipolar(direct, supports, support)[len(direct) :]:
            out[a].append(b)
    af = AF.from_adjacency(names, out, hidden)
    af.notes.update(notes)
    return af


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


def _bipolar(
    attacks: list[tuple[int, int]], supports: list[tuple[int, int]], mode: str
) -> list[tuple[int, int]]:
    """Add the complex attacks that ``mode`` derives from support chains.

    With ``a =>+ b`` for a chain of one or more supports, and ``x -> y`` a direct attack:

    - supported attack (cayrol, deductive): ``a =>+ x -> y`` gives ``a -> y``;
    - secondary attack (cayrol, necessary): ``x -> y =>+ b`` gives ``x -> b``;
    - mediated attack (deductive): ``a =>+ y`` and ``x -> y`` give ``x -> a``;
    - extended attack (necessary): ``x =>+ a`` and ``x -> y`` give ``a -> y``.
    """
    succ: dict[int, list[int]] = {}
    pred: dict[int, list[int]] = {}
    for a, b in supports:
        succ.setdefault(a, []).append(b)
        pred.setdefault(b, []).append(a)
    down: dict[int, set[int]] = {}  # y -> nodes y supports, transitively
    up: dict[int, set[int]] = {}  # x -> nodes supporting x, transitively

    def downs(y: int) -> set[int]:
        if y not in down:
            down[y] = _closure(succ, y)
        return down[y]

    def ups(x: int) -> set[int]:
        if x not in up:
            up[x] = _closure(pred, x)
        return up[x]

    result = list(attacks)
    for x, y in attacks:
        if mode in ("cayrol", "deductive"):
            result.extend((a, y) for a in ups(x))  # supported
        if mode in ("cayrol", "necessary"):
            result.extend((x, b) for b in downs(y))  # secondary
        if mode == "deductive":
            result.extend((x, a) for a in ups(y))  # mediated
        if mode == "necessary":
            result.extend((a, y) for a in downs(x))  # extended
    return result
