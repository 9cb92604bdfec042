"""Argdown (https://argdown.org): a reader and a writer.

The reader is a hand-written line-oriented parser (linear time); the writer produces
idiomatic Argdown that the reader reads back to an equal map. How Argdown elements map
onto the argmap model, and the conventions for evidence (``{source: ...}`` data), are
described in :mod:`argmap.formats.argdown._reader` and the user guide.
"""

from __future__ import annotations

import attrs

from ..._model import ArgumentMap
from ...plugin import EVERYTHING, Reader, Renderer, option
from ._reader import MAX_ERRORS, parse_argdown

__all__ = ["ArgdownReader", "ArgdownReaderOptions", "ArgdownRenderer"]


@attrs.frozen
class ArgdownReaderOptions:
    """The options of the Argdown reader."""

    includes: bool = option(
        True, help="expand @include lines (false: leave them in the text unexpanded)"
    )
    max_errors: int = option(
        MAX_ERRORS, help="syntax errors collected before reading stops (each is reported)"
    )


class ArgdownReader(Reader):
    """Argdown: statements, arguments, premise-conclusion structures and relations."""

    name = "argdown"
    aliases = ("ad",)
    extensions = (".argdown", ".ad")
    media_type = "text/x-argdown"
    description = "Argdown argument maps (argdown.org), with @include and YAML data"

    Options = ArgdownReaderOptions

    def parse_map(
        self, text: str, options: ArgdownReaderOptions, *, path: str | None = None
    ) -> ArgumentMap:
        """Parse Argdown ``text``; ``@include`` paths are relative to ``path``'s folder.

        ``max_errors`` bounds how many syntax errors are collected before the first is
        raised with all of them in its ``errors``.
        """
        return parse_argdown(
            text, path, includes=options.includes, max_errors=options.max_errors
        )

    def sniff(self, text: str) -> float:
        head = text[:4096]
        if head.lstrip().startswith("{"):
            return 0.0
        markers = ("]:", ">:", "\n  +", "\n  -", "----", "<+", "\n(1)")
        hits = sum(1 for marker in markers if marker in head)
        return min(0.2 * hits, 0.8)


class ArgdownRenderer(Renderer):
    """Argdown that :class:`ArgdownReader` reads back to an equal map."""

    name = "argdown"
    aliases = ("ad",)
    extensions = (".argdown", ".ad")
    media_type = "text/x-argdown"
    description = "Argdown source (round-trips through the argdown reader)"
    api_version = 2
    expresses = EVERYTHING

    def render_map(self, amap: ArgumentMap, options: None) -> str:
        from ._writer import write_argdown

        return write_argdown(amap)
