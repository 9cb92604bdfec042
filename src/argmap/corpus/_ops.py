"""The operations a batch run applies to each map: convert, check, stats, evaluate.

An operation is a small frozen (picklable) value: it travels to process-pool and Dask
workers, and its fields are the options a manifest remembers.
"""

from __future__ import annotations

import json
import warnings
from typing import Any, ClassVar

import attrs

from .._errors import CorpusError
from .._model import ArgumentMap, RelationKind

__all__ = ["Check", "Convert", "Evaluate", "Operation", "Outcome", "Stats"]


@attrs.frozen
class Outcome:
    """What an operation made of one map: its verdict, figures and output data."""

    ok: bool
    figures: dict[str, Any]
    data: str | bytes | None = None
    error: str | None = None


class Operation:
    """Base of the batch operations."""

    name: ClassVar[str]
    writes: ClassVar[bool] = False
    """Whether the operation must have an output folder (convert)."""

    def extension(self) -> str | None:
        """The extension of a per-map output file, or ``None`` when there is none."""
        return None

    def options(self) -> dict[str, Any]:
        """The options, as JSON data (what the manifest's fingerprint is made of)."""
        return {k: v for k, v in attrs.asdict(self).items()}  # type: ignore[arg-type]

    def validate(self) -> None:
        """Raise an :class:`~argmap.ArgmapError` for options that cannot work."""

    def apply(self, amap: ArgumentMap) -> Outcome:
        raise NotImplementedError


def _options_dict(value: Any) -> dict[str, Any]:
    return dict(value or {})


@attrs.frozen
class Convert(Operation):
    """Render each map with the renderer ``to`` (any installed one) and its options.

    What the format cannot express of a map is its figure ``dropped``; with ``strict`` a
    conversion that drops something fails (see :func:`argmap.render`)."""

    to: str
    render_options: dict[str, Any] = attrs.field(factory=dict, converter=_options_dict)
    strict: bool = False
    name: ClassVar[str] = "convert"
    writes: ClassVar[bool] = True

    def validate(self) -> None:
        from .._api import get_renderer

        get_renderer(self.to)

    def extension(self) -> str:
        from .._api import get_renderer

        renderer = get_renderer(self.to)
        return renderer.extensions[0] if renderer.extensions else "." + renderer.name

    def apply(self, amap: ArgumentMap) -> Outcome:
        from .._api import get_renderer, render_reporting

        renderer = get_renderer(self.to)
        lost = renderer.dropped(amap, **self.render_options)
        data = render_reporting(renderer, amap, self.render_options, strict=self.strict)
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        figures: dict[str, Any] = {"bytes": size}
        if lost:
            figures["dropped"] = ", ".join(f"{n} {k}" for k, n in lost.items())
        return Outcome(True, figures, data)


@attrs.frozen
class Check(Operation):
    """Validate each map (:func:`argmap.check`): it fails when it has errors (with
    ``strict``, warnings too); figures count the findings by severity and list them."""

    strict: bool = False
    name: ClassVar[str] = "check"

    def apply(self, amap: ArgumentMap) -> Outcome:
        from .._api import check
        from .._validate import Severity

        findings = check(amap)
        figures: dict[str, Any] = {s.value: 0 for s in Severity}
        for f in findings:
            figures[f.severity.value] = figures.get(f.severity.value, 0) + 1
        figures["findings"] = [str(f) for f in findings]
        failing = [
            f
            for f in findings
            if f.severity is Severity.ERROR or (self.strict and f.severity.value == "warning")
        ]
        if not failing:
            return Outcome(True, figures)
        more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
        return Outcome(False, figures, error=str(failing[0]) + more)


def map_counts(amap: ArgumentMap) -> dict[str, int]:
    """A map's counts by kind, flat: statements, claims, evidence, arguments, relations
    and each relation kind, tags, groups."""
    counts = amap.counts()
    flat: dict[str, int] = {
        "statements": counts["claims"] + counts["evidence"],
        "claims": counts["claims"],
        "evidence": counts["evidence"],
        "arguments": counts["arguments"],
        "relations": sum(counts["relations"].values()),
    }
    for kind in RelationKind:
        flat[kind.value] = counts["relations"].get(kind.value, 0)
    flat["tags"] = counts["tags"]
    flat["groups"] = counts["groups"]
    return flat


@attrs.frozen
class Stats(Operation):
    """Count each map's statements, claims, evidence, arguments, relations by kind,
    tags and groups (the run's totals add them up)."""

    name: ClassVar[str] = "stats"

    def apply(self, amap: ArgumentMap) -> Outcome:
        return Outcome(True, dict(map_counts(amap)))


@attrs.frozen
class Evaluate(Operation):
    """Evaluate each map under ``semantics`` (see :func:`argmap.evaluate.evaluate`):
    figures count accepted, rejected and undecided nodes (and extensions); with an
    output folder each map's result is also written as ``<name>.evaluation.json``.
    A gradual semantics that does not converge fails the map."""

    semantics: str = "grounded"
    support: str = "cayrol"
    evaluate_options: dict[str, Any] = attrs.field(factory=dict, converter=_options_dict)
    name: ClassVar[str] = "evaluate"

    def extension(self) -> str:
        return ".evaluation.json"

    def validate(self) -> None:
        from ..evaluate import SEMANTICS, SUPPORT_MODES

        if self.semantics not in SEMANTICS:
            raise CorpusError(
                f"unknown semantics {self.semantics!r}: expected one of {', '.join(SEMANTICS)}"
            )
        if self.support not in SUPPORT_MODES:
            raise CorpusError(
                f"unknown support construction {self.support!r}: expected one of "
                + ", ".join(SUPPORT_MODES)
            )

    def apply(self, amap: ArgumentMap) -> Outcome:
        from ..evaluate import ConvergenceWarning, evaluate

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            ev = evaluate(amap, self.semantics, support=self.support, **self.evaluate_options)
        status = {node: ev.status(node) for node in ev.ids}
        figures: dict[str, Any] = {
            "accepted": sum(1 for s in status.values() if s == "accepted"),
            "rejected": sum(1 for s in status.values() if s == "rejected"),
            "undecided": sum(1 for s in status.values() if s == "undecided"),
        }
        if ev.is_gradual:
            figures["converged"] = bool(ev.converged)
        else:
            figures["extensions"] = len(ev.extensions)
        doc = ev.as_json()
        doc["support"] = self.support
        doc["status"] = status
        data = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        if not ev.converged:
            return Outcome(
                False,
                figures,
                data,
                f"{self.semantics} did not converge (values are the last iterate)",
            )
        return Outcome(True, figures, data)
