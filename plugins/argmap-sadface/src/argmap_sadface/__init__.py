"""argmap reader and writer for SADFace, the Simple Argument Description Format.

Registered under the entry point name ``sadface`` in ``argmap.readers`` and
``argmap.renderers``::

    import argmap
    amap = argmap.read("hangback.json")            # told from other JSON by its content
    argmap.write(amap, "out.sadface.json")

See the README for how SADFace maps onto argmap's model.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from typing import Any, ClassVar

import attrs

from argmap import ArgumentMap
from argmap.plugin import EVERYTHING, LimitOptions, Reader, Renderer, bool_option, option

from ._reader import build_map, read_sadface
from ._writer import to_sadface, write_sadface

PLAIN = EVERYTHING - {"metadata", "sections", "titles", "tags"}
"""What plain SADFace (``extensions=False``) carries: no groups, titles, tags or free
metadata (see the README)."""

__all__ = [
    "SADFaceOptions",
    "SADFaceReader",
    "SADFaceReaderOptions",
    "SADFaceRenderer",
    "__version__",
    "build_map",
    "to_sadface",
]

try:
    __version__ = version("argmap-sadface")
except PackageNotFoundError:  # pragma: no cover - a bare source checkout
    __version__ = "0+unknown"

_EXTENSIONS = (".sadface", ".sadface.json", ".json")
_WRAPPED = re.compile(r'\s*\{\s*"sadface"\s*:')
_ATOM = re.compile(r'"type"\s*:\s*"(atom|scheme)"')


@attrs.frozen
class SADFaceReaderOptions(LimitOptions):
    """The options of the ``sadface`` reader: its input limits (``max_elements`` counts
    the items of the document's top-level arrays: nodes, edges, resources)."""


class SADFaceReader(Reader):
    """SADFace JSON: atoms, support and conflict schemes, resources as evidence sources."""

    name = "sadface"
    extensions = _EXTENSIONS
    media_type = "application/vnd.sadface+json"
    description = "SADFace JSON (Simple Argument Description Format)"

    Options = SADFaceReaderOptions

    def parse_map(
        self, text: str, options: SADFaceReaderOptions, *, path: str | None = None
    ) -> ArgumentMap:
        amap = read_sadface(text, path, limits=options)
        if path is not None:
            amap.source_path = path
        return amap

    def sniff(self, text: str) -> float:
        head = text[:8192]
        if '"schema_version"' in head or '"nodeID"' in head:
            return 0.0  # argmap's native JSON, AIF
        score = 0.0
        if '"analyst_name"' in head or '"analyst_email"' in head or _WRAPPED.match(head):
            score = 0.9
        elif _ATOM.search(head) and '"source_id"' in text[:1_000_000]:
            score = 0.85
        return score


@attrs.frozen
class SADFaceOptions:
    """The options of the ``sadface`` renderer."""

    extensions: bool = option(
        True,
        help="write argmap's extras (tags, groups, titles, ids …) in 'argmap' metadata "
        "blocks; false gives plain SADFace",
    )


class SADFaceRenderer(Renderer):
    """SADFace JSON, with argmap's extras in an ``argmap`` metadata namespace."""

    name = "sadface"
    extensions = _EXTENSIONS
    media_type = "application/vnd.sadface+json"
    description = "SADFace JSON (Simple Argument Description Format)"
    Options = SADFaceOptions

    expresses: ClassVar[frozenset[str] | None] = EVERYTHING  # with extensions (default)

    def expressible(self, **options: Any) -> frozenset[str] | None:
        if bool_option("extensions", options.get("extensions", True)):
            return self.expresses
        return PLAIN

    def render_map(self, amap: ArgumentMap, options: SADFaceOptions) -> str:
        return write_sadface(amap, extensions=options.extensions)
