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

from ._errors import (
    ArgmapError,
    ArgmapSyntaxError,
    DanglingReferenceError,
    DiffError,
    DuplicateIdError,
    FormatDetectionError,
    GraphvizNotFoundError,
    MapStructureError,
    OptionError,
    OutputError,
    PluginClashError,
    PluginError,
    PluginLoadError,
    PluginNotFoundError,
    ReaderError,
    RenderError,
    UnknownCodeError,
    ValidationError,
)

# (type checkers take any name TYPE_CHECKING as typing.TYPE_CHECKING; importing typing
# itself would be a third of what `import argmap` costs)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._api import check, detect_format, get_reader, get_renderer, parse, read, render, write
    from ._model import (
        Argument,
        ArgumentMap,
        Group,
        Location,
        QuoteStatus,
        Relation,
        RelationKind,
        Source,
        Statement,
        StatementKind,
        Verification,
    )
    from ._registry import PluginInfo, prefer
    from ._validate import Finding, Severity
    from .mapdiff import MapDiff, diff

# The public names whose modules are imported when first used (PEP 562): ``import argmap``
# loads the errors only, so a program (or a command) pays for the model (attrs), the
# registry, validation and the library API only if it uses them; ``from argmap import
# read`` and ``argmap.ArgumentMap`` work as if they were imported here.
_LAZY: dict[str, str] = {
    "Argument": "._model",
    "ArgumentMap": "._model",
    "Group": "._model",
    "Location": "._model",
    "QuoteStatus": "._model",
    "Relation": "._model",
    "RelationKind": "._model",
    "Source": "._model",
    "Statement": "._model",
    "StatementKind": "._model",
    "Verification": "._model",
    "check": "._api",
    "detect_format": "._api",
    "get_reader": "._api",
    "get_renderer": "._api",
    "parse": "._api",
    "read": "._api",
    "render": "._api",
    "write": "._api",
    "PluginInfo": "._registry",
    "prefer": "._registry",
    "Finding": "._validate",
    "Severity": "._validate",
    "MapDiff": ".mapdiff",
    "diff": ".mapdiff",
}


def plugins(*, load: bool = True) -> list[PluginInfo]:
    """Every installed reader and renderer with its distribution, version and status."""
    from ._registry import registry

    return registry.list(load=load)


def verify_quotes(amap: ArgumentMap, sources: Any, **options: Any) -> Any:
    """Check every quote of ``amap`` against source documents (a folder, a
    :class:`argmap.sources.Library` or documents); see :func:`argmap.sources.verify_quotes`."""
    from .sources import verify_quotes as _verify

    return _verify(amap, sources, **options)


def find_evidence(amap: ArgumentMap | str, sources: Any, **options: Any) -> Any:
    """Candidate passages of source documents for a map's claims; see
    :func:`argmap.sources.find_evidence`."""
    from .sources import find_evidence as _find

    return _find(amap, sources, **options)


def _version() -> str:
    # importlib_metadata, not the standard library's copy: the plugin registry reads the
    # entry points through it, and importing both costs a command's start-up twice
    from importlib_metadata import PackageNotFoundError, version

    try:
        return version("argmap")
    except PackageNotFoundError:  # a bare source checkout
        return "0+unknown"


__version__: str  # set by __getattr__ below on first use


def __getattr__(name: str) -> Any:
    # __version__ is read from the package metadata on first use: importlib.metadata
    # costs start-up time that `import argmap` should not pay (PEP 562)
    if name == "__version__":
        value: Any = _version()
    elif name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    else:
        raise AttributeError(f"module 'argmap' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
    "OptionError",
    "OutputError",
    "PluginClashError",
    "PluginError",
    "PluginInfo",
    "PluginLoadError",
    "PluginNotFoundError",
    "QuoteStatus",
    "ReaderError",
    "Relation",
    "RelationKind",
    "RenderError",
    "Severity",
    "Source",
    "Statement",
    "StatementKind",
    "UnknownCodeError",
    "ValidationError",
    "Verification",
    "__version__",
    "check",
    "detect_format",
    "diff",
    "find_evidence",
    "get_reader",
    "get_renderer",
    "parse",
    "plugins",
    "prefer",
    "read",
    "render",
    "verify_quotes",
    "write",
]
