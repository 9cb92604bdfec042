"""Validation: what is wrong, or suspicious, in a map.

Errors make a map unusable or untrue to the model (dangling references, duplicate ids,
self-support, evidence without a source); warnings are things a careful author wants
to know about (support cycles, orphans). Each :class:`Finding` names the element and,
when the map came from a file, where in it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from ._graph import strongly_connected_components
from ._model import ArgumentMap, Location, RelationKind, Statement

__all__ = ["Finding", "Severity", "validate"]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class Finding:
    """One problem found by :func:`argmap.check`."""

    severity: Severity
    code: str
    """A stable identifier: ``dangling-reference``, ``duplicate-id``, ``self-support``,
    ``evidence-without-source``, ``support-cycle``, ``orphan``."""
    message: str
    element: str | None = None
    """The id of the element concerned."""
    location: Location | None = None

    def __str__(self) -> str:
        where = (
            f"{self.location}: "
            if self.location and (self.location.path or self.location.line)
            else ""
        )
        return f"{where}{self.severity.value}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "element": self.element,
            "path": loc.path if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
        }


def _loc(amap: ArgumentMap, el: object) -> Location | None:
    loc: Location | None = getattr(el, "location", None)
    if loc is None and amap.source_path:
        return Location(amap.source_path)
    if loc is not None and loc.path is None and amap.source_path:
        return attrs.evolve(loc, path=amap.source_path)
    return loc


def validate(amap: ArgumentMap, *, extra_findings: Iterable[Finding] = ()) -> list[Finding]:
    """Every finding for ``amap``: errors first, then warnings, each in map order."""
    findings: list[Finding] = list(extra_findings)
    err, warn = Severity.ERROR, Severity.WARNING

    for el, message in amap._dangling():
        findings.append(Finding(err, "dangling-reference", message, el.id, _loc(amap, el)))

    support_edges: dict[str, list[str]] = {}
    for rel in amap.relations.values():
        if rel.source == rel.target and rel.kind is RelationKind.SUPPORT:
            findings.append(
                Finding(
                    err, "self-support", f"{rel.source!r} supports itself", rel.id, _loc(amap, rel)
                )
            )
        if rel.kind is RelationKind.SUPPORT:
            support_edges.setdefault(rel.source, []).append(rel.target)
    for arg in amap.arguments.values():
        if arg.conclusion is not None and arg.conclusion in arg.premises:
            findings.append(
                Finding(
                    err,
                    "self-support",
                    f"argument {arg.id!r} has its conclusion {arg.conclusion!r} among its premises",
                    arg.id,
                    _loc(amap, arg),
                )
            )
        if arg.conclusion is not None:
            support_edges.setdefault(arg.id, []).append(arg.conclusion)
            for p in arg.premises:
                support_edges.setdefault(p, []).append(arg.id)

    for st in amap.statements.values():
        if st.is_evidence and not st.sources:
            findings.append(
                Finding(
                    err,
                    "evidence-without-source",
                    f"evidence {st.id!r} cites no source",
                    st.id,
                    _loc(amap, st),
                )
            )

    for cycle in _cycles(support_edges):
        first = amap.get(cycle[0])
        findings.append(
            Finding(
                warn,
                "support-cycle",
                "circular support: " + " -> ".join([*cycle, cycle[0]]),
                cycle[0],
                _loc(amap, first),
            )
        )

    touched: set[str] = set()
    for rel in amap.relations.values():
        touched.add(rel.source)
        touched.add(rel.target)
    for arg in amap.arguments.values():
        if arg.premises or arg.conclusion:
            touched.add(arg.id)
            touched.update(arg.premises)
            if arg.conclusion:
                touched.add(arg.conclusion)
    if len(amap) > 1:
        for node in amap.nodes():
            if node.id not in touched:
                what = "statement" if isinstance(node, Statement) else "argument"
                findings.append(
                    Finding(
                        warn,
                        "orphan",
                        f"{what} {node.id!r} is not related to anything else in the map",
                        node.id,
                        _loc(amap, node),
                    )
                )
    findings.sort(key=lambda f: f.severity is not Severity.ERROR)
    return findings


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """One representative cycle per strongly connected component of more than one node."""
    return [
        _cycle_in(component, edges)
        for component in strongly_connected_components(list(edges), edges)
        if len(component) > 1
    ]


def _cycle_in(component: list[str], edges: dict[str, list[str]]) -> list[str]:
    members = set(component)
    start = min(component)
    path = [start]
    seen = {start}
    node = start
    while True:
        nxt = next(n for n in edges.get(node, []) if n in members)
        if nxt == start or nxt in seen:
            return path[path.index(nxt) :] if nxt in seen and nxt != start else path
        path.append(nxt)
        seen.add(nxt)
        node = nxt
