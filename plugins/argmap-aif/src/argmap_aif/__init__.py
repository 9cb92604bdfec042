"""argmap reader and writer for AIF JSON, the Argument Interchange Format of AIFdb and OVA.

Registered under the entry point name ``aif`` in ``argmap.readers`` and
``argmap.renderers``::

    import argmap
    amap = argmap.read("nodeset6362.json", format="aif")   # or let argmap sniff it
    argmap.write(amap, "out.aif.json")

See the README for how AIF nodes map onto argmap's model.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from typing import Any, ClassVar

import attrs

from argmap import ArgumentMap
from argmap.plugin import EVERYTHING, LimitOptions, Reader, Renderer, bool_option, option

from ._reader import build_map, read_aif
from ._writer import to_aif, write_aif

PLAIN = frozenset({"arguments", "support", "attack", "undercut"})
"""What plain AIF (``extensions=False``) carries: I-nodes with RA/CA links, arguments as
RA-nodes; no map title or description, statement kinds, sources, titles, tags, groups,
metadata, and contradictions become attacks (see the README)."""

__all__ = [
    "AIFOptions",
    "AIFReader",
    "AIFReaderOptions",
    "AIFRenderer",
    "__version__",
    "build_map",
    "to_aif",
]

try:
    __version__ = version("argmap-aif")
except PackageNotFoundError:  # pragma: no cover - a bare source checkout
    __version__ = "0+unknown"

_NODES = re.compile(r'"nodes"\s*:\s*\[\s*[{\]]')
_EXTENSIONS = (".aif", ".aif.json", ".json")


@attrs.frozen
class AIFReaderOptions(LimitOptions):
    """The options of the ``aif`` reader: its input limits (``max_elements`` counts the
    items of the document's top-level arrays: nodes, edges, locutions, ...)."""


_DEFAULT_OPTIONS = AIFReaderOptions()


class AIFReader(Reader):
    """AIF JSON (AIFdb, OVA): I-nodes, RA/CA inferences and conflicts, dialogue kept as metadata."""

    name = "aif"
    aliases = ("aif-json", "aifdb", "ova")
    extensions = _EXTENSIONS
    media_type = "application/vnd.aif+json"
    description = "AIF JSON of AIFdb and OVA (argument interchange format)"

    Options = AIFReaderOptions

    def parse(self, text: str, *, path: str | None = None, **options: Any) -> ArgumentMap:
        """:meth:`Reader.parse`, with the default options made once (they are frozen):
        reading them again costs a tenth of reading a small map."""
        limits = type(self).parse_options(options) if options else _DEFAULT_OPTIONS
        return self.parse_map(text, limits, path=path)

    def parse_map(
        self, text: str, options: AIFReaderOptions, *, path: str | None = None
    ) -> ArgumentMap:
        amap = read_aif(text, path, limits=options)
        if path is not None:
            amap.source_path = path
        return amap

    def sniff(self, text: str) -> float:
        head = text[:8192]
        if '"schema_version"' in head or not _NODES.search(head):
            return 0.0  # argmap's native JSON, or no AIF node array
        score = 0.8 if '"nodeID"' in head else 0.0
        if '"fromID"' in text[:1_000_000] or '"edges"' in head:
            score += 0.15
        return score if score >= 0.8 else 0.0


@attrs.frozen
class AIFOptions:
    """The options of the ``aif`` renderer."""

    extensions: bool = option(
        True,
        help="write argmap's extras (tags, groups, sources, titles) in 'argmap' objects; "
        "false gives plain AIF",
    )


class AIFRenderer(Renderer):
    """AIF JSON (AIFdb, OVA), with argmap's extras in an ``"argmap"`` object per node."""

    name = "aif"
    aliases = ("aif-json", "aifdb", "ova")
    extensions = _EXTENSIONS
    media_type = "application/vnd.aif+json"
    description = "AIF JSON of AIFdb and OVA (argument interchange format)"
    Options = AIFOptions

    expresses: ClassVar[frozenset[str] | None] = EVERYTHING  # with extensions (default)

    def expressible(self, **options: Any) -> frozenset[str] | None:
        if bool_option("extensions", options.get("extensions", True)):
            return self.expresses
        return PLAIN

    def render_map(self, amap: ArgumentMap, options: AIFOptions) -> str:
        return write_aif(amap, extensions=options.extensions)
