"""Why an attack of the attack graph is there: the path in the map it comes from.

The attack graph of a map (:func:`~argmap.evaluate.to_af`) holds the map's direct attacks
and, under a support construction, attacks derived from support chains. This module
does not build that graph; it explains one attack of it after the fact, by finding the
shortest chain of the map's own relations that the construction turns into it:

- ``direct``: an attack, undercut or contradiction of the map (or a step of a flattened
  attacked link);
- ``supported`` (cayrol, deductive): ``a ⇒+ x → b``;
- ``secondary`` (cayrol, necessary): ``a → y ⇒+ b``;
- ``mediated`` (deductive): ``b ⇒+ y`` and ``a → y``;
- ``extended`` (necessary): ``x ⇒+ a`` and ``x → b``.

A support step is a support relation, a premise of an argument (``p`` is a premise of
``A``) or an argument's conclusion (``A`` argues for ``c``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import attrs

from .._model import ArgumentMap, RelationKind
from ._af import AF, af_from_map

__all__ = ["Derivation", "Deriver"]

_ATTACK_WORD = {
    RelationKind.ATTACK: "attacks",
    RelationKind.UNDERCUT: "undercuts",
    RelationKind.CONTRADICTION: "contradicts",
}
_RULES = {
    "none": (),
    "cayrol": ("supported", "secondary"),
    "deductive": ("supported", "mediated"),
    "necessary": ("secondary", "extended"),
}


@attrs.frozen
class Derivation:
    """How attack ``attacker → target`` arises: its rule and the map's steps, each
    ``(from, verb, to)`` with verb ``attacks``/``undercuts``/``contradicts`` or
    ``supports``/``is a premise of``/``argues for``."""

    attacker: str
    target: str
    rule: str
    steps: tuple[tuple[str, str, str], ...]

    @property
    def direct(self) -> bool:
        return self.rule == "direct"

    def text(self, name: dict[str, str] | None = None) -> str:
        """The steps in words: ``A supports B, which contradicts C``."""

        def n(x: str) -> str:
            return (name or {}).get(x, x)

        steps = self.steps
        if self.rule in ("direct", "supported", "secondary"):
            return _chain(steps, n)
        if self.rule == "mediated":  # a attacks y; b supports ... y
            attack, chain = steps[0], steps[1:]
            return f"{_chain((attack,), n)}, and {_chain(chain, n)}"
        # extended: x supports ... a; x attacks b
        attack, chain = steps[-1], steps[:-1]
        return f"{_chain(chain, n)}, and {n(attack[0])} {attack[1]} {n(attack[2])}"


def _distances(
    starts: list[str], edges: dict[str, list[tuple[str, str]]]
) -> dict[str, int]:
    """Breadth-first distances from ``starts`` (distance 0) along ``edges``."""
    dist = dict.fromkeys(starts, 0)
    queue = deque(dist)
    while queue:
        x = queue.popleft()
        d = dist[x] + 1
        for _verb, y in edges.get(x, ()):
            if y not in dist:
                dist[y] = d
                queue.append(y)
    return dist


def _chain(steps: tuple[tuple[str, str, str], ...], name: Callable[[str], str]) -> str:
    text = f"{name(steps[0][0])} {steps[0][1]} {name(steps[0][2])}"
    for _src, verb, tgt in steps[1:]:
        text += f", which {verb} {name(tgt)}"
    return text


class Deriver:
    """Explains the attacks of ``af`` (the attack graph of ``amap`` under ``support``)."""

    def __init__(self, amap: ArgumentMap, af: AF, support: str) -> None:
        self.af = af
        self.support = support
        direct_af = af_from_map(amap, support="none")  # the same arguments, direct attacks
        names = direct_af.names
        self.direct: dict[tuple[str, str], str] = {}
        for a, targets in enumerate(direct_af.attacks):
            for b in targets:
                self.direct[(names[a], names[b])] = "attacks"
        for r in amap.relations.values():
            word = _ATTACK_WORD.get(r.kind)
            if word is None:
                continue
            for key in ((r.source, r.target), (r.target, r.source)):
                if key in self.direct and (key == (r.source, r.target) or word == "contradicts"):
                    self.direct[key] = word
        self.attacks_from: dict[str, list[str]] = {}
        for src, tgt in self.direct:
            self.attacks_from.setdefault(src, []).append(tgt)
        # support steps, as the construction sees them
        self.succ: dict[str, list[tuple[str, str]]] = {}
        self.pred: dict[str, list[tuple[str, str]]] = {}
        known = set(names)
        for r in amap.relations.values():
            if r.kind is not RelationKind.SUPPORT:
                continue
            if r.id in known:  # an undercut support: source => link => target
                self._support(r.source, "supports", r.id)
                self._support(r.id, "carries the support to", r.target)
            else:
                self._support(r.source, "supports", r.target)
        for arg in amap.arguments.values():
            for p in arg.premises:
                self._support(p, "is a premise of", arg.id)
            if arg.conclusion is not None:
                self._support(arg.id, "argues for", arg.conclusion)
        self._cache: dict[tuple[str, str], Derivation | None] = {}
        self.attacks_into: dict[str, list[str]] = {}
        for src, tgt in self.direct:
            self.attacks_into.setdefault(tgt, []).append(src)
        self._lengths: dict[str, dict[str, int]] = {}

    def _support(self, a: str, verb: str, b: str) -> None:
        self.succ.setdefault(a, []).append((verb, b))
        self.pred.setdefault(b, []).append((verb, a))

    def _reach(
        self, start: str, edges: dict[str, list[tuple[str, str]]], goal: Callable[[str], bool]
    ) -> list[tuple[str, str, str]] | None:
        """The shortest chain of one or more support steps from ``start`` along ``edges``
        to a node for which ``goal(node)`` holds, as ``(from, verb, to)`` steps in the
        direction walked."""
        test = goal
        back: dict[str, tuple[str, str]] = {}
        queue = deque([start])
        seen = {start}
        while queue:
            x = queue.popleft()
            for verb, y in edges.get(x, ()):
                if y in seen:
                    continue
                seen.add(y)
                back[y] = (x, verb)
                if test(y):
                    path = []
                    node = y
                    while node != start:
                        prev, v = back[node]
                        path.append((prev, v, node))
                        node = prev
                    return path[::-1]
                queue.append(y)
        return None

    def lengths(self, target: str) -> dict[str, int]:
        """For every attacker the construction derives against ``target``, the number of
        steps of its shortest derivation (what :meth:`derive` would give), found by one
        breadth-first walk per rule instead of one walk per attacker."""
        if target in self._lengths:
            return self._lengths[target]
        best: dict[str, int] = {}
        into = self.attacks_into

        def offer(node: str, steps: int) -> None:
            if steps < best.get(node, steps + 1):
                best[node] = steps

        rules = _RULES.get(self.support, ())
        for rule in rules:
            if rule in ("supported", "extended"):  # a chain to (or from) an attacker of target
                starts = into.get(target, [])
                edges = self.pred if rule == "supported" else self.succ
                for node, dist in _distances(starts, edges).items():
                    if dist:
                        offer(node, dist + 1)
            else:  # secondary: a -> y =>+ target; mediated: a -> y, target =>+ y
                edges = self.pred if rule == "secondary" else self.succ
                for y, dist in _distances([target], edges).items():
                    if dist:
                        for a in into.get(y, ()):
                            offer(a, dist + 1)
        self._lengths[target] = best
        return best

    def derive(self, attacker: str, target: str) -> Derivation | None:
        """How ``attacker → target`` arises, or ``None`` when it is not an attack."""
        key = (attacker, target)
        if key not in self._cache:
            self._cache[key] = self._derive(attacker, target)
        return self._cache[key]

    def _derive(self, a: str, b: str) -> Derivation | None:
        word = self.direct.get((a, b))
        if word is not None:
            return Derivation(a, b, "direct", ((a, word, b),))
        found: list[Derivation] = []
        for rule in _RULES.get(self.support, ()):
            steps = getattr(self, "_" + rule)(a, b)
            if steps is not None:
                found.append(Derivation(a, b, rule, tuple(steps)))
        return min(found, key=lambda d: len(d.steps)) if found else None

    def _supported(self, a: str, b: str) -> list[tuple[str, str, str]] | None:
        chain = self._reach(a, self.succ, lambda x: (x, b) in self.direct)
        if chain is None:
            return None
        x = chain[-1][2]
        return [*chain, (x, self.direct[(x, b)], b)]

    def _secondary(self, a: str, b: str) -> list[tuple[str, str, str]] | None:
        best: list[tuple[str, str, str]] | None = None
        for y in self.attacks_from.get(a, ()):
            chain = self._reach(y, self.succ, lambda x: x == b)
            if chain is not None and (best is None or len(chain) + 1 < len(best)):
                best = [(a, self.direct[(a, y)], y), *chain]
        return best

    def _mediated(self, a: str, b: str) -> list[tuple[str, str, str]] | None:
        attacked = set(self.attacks_from.get(a, ()))
        chain = self._reach(b, self.succ, lambda x: x in attacked)
        if chain is None:
            return None
        y = chain[-1][2]
        return [(a, self.direct[(a, y)], y), *chain]

    def _extended(self, a: str, b: str) -> list[tuple[str, str, str]] | None:
        back = self._reach(a, self.pred, lambda x: (x, b) in self.direct)
        if back is None:
            return None
        x = back[-1][2]
        chain = [(t, verb, f) for f, verb, t in reversed(back)]  # x ... => a, forwards
        return [*chain, (x, self.direct[(x, b)], b)]
