"""argmap: argument mapping for Python.

Build maps of claims, evidence and the relations between them (support, rebuttal,
undercut, contradiction); read them from Argdown and other formats; check them; render
them as diagrams and outlines. Readers and renderers are plugins found through the
``argmap.readers`` and ``argmap.renderers`` entry point groups.

>>> import argmap
>>> m = argmap.ArgumentMap("Will Meta keep giving its models away?")
>>> charity = m.claim("Meta's corporate charity will dry up")
>>> grist = m.claim("AI-generated content is grist for Meta's ads")
>>> m.rebut(grist, charity).kind
<RelationKind.ATTACK: 'attack'>
"""

from __future__ import annotations

import logging as _logging
from typing import TYPE_CHECKING, Any

from ._api import check, detect_format, get_reader, get_renderer, parse, read, render, write
from ._errors import (
    ArgmapError,
    ArgmapSyntaxError,
    DanglingReferenceError,
    DiffError,
    DuplicateIdError,
    FormatDetectionError,
    GraphvizNotFoundError,
    MapStructureError,
    OutputError,
    PluginError,
    PluginLoadError,
    PluginNotFoundError,
    RenderError,
    ValidationError,
)
from ._model import (
    Argument,
    ArgumentMap,
    Group,
    Location,
    Relation,
    RelationKind,
    Source,
    Statement,
    StatementKind,
)
from ._registry import PluginInfo
from ._validate import Finding, Severity

if TYPE_CHECKING:
    from .mapdiff import MapDiff, diff


def __getattr__(name: str) -> Any:
    if name in ("MapDiff", "diff"):  # argmap.mapdiff is imported when first used
        from . import mapdiff

        return getattr(mapdiff, name)
    raise AttributeError(f"module 'argmap' has no attribute {name!r}")


def plugins(*, load: bool = True) -> list[PluginInfo]:
    """Every installed reader and renderer with its distribution, version and status."""
    from ._registry import registry

    return registry.list(load=load)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("argmap")
    except PackageNotFoundError:  # a bare source checkout
        return "0+unknown"


__version__ = _version()

_logging.getLogger("argmap").addHandler(_logging.NullHandler())

__all__ = [
    "ArgmapError",
    "ArgmapSyntaxError",
    "Argument",
    "ArgumentMap",
    "DanglingReferenceError",
    "DiffError",
    "DuplicateIdError",
    "Finding",
    "FormatDetectionError",
    "GraphvizNotFoundError",
    "Group",
    "Location",
    "MapDiff",
    "MapStructureError",
    "OutputError",
    "PluginError",
    "PluginInfo",
    "PluginLoadError",
    "PluginNotFoundError",
    "Relation",
    "RelationKind",
    "RenderError",
    "Severity",
    "Source",
    "Statement",
    "StatementKind",
    "ValidationError",
    "__version__",
    "check",
    "detect_format",
    "diff",
    "get_reader",
    "get_renderer",
    "parse",
    "plugins",
    "read",
    "render",
    "write",
]
