"""Argdown (https://argdown.org): a reader and a writer.

The reader is a hand-written line-oriented parser (linear time); the writer produces
idiomatic Argdown that the reader reads back to an equal map. How Argdown elements map
onto the argmap model, and the conventions for evidence (``{source: ...}`` data), are
described in :mod:`argmap.formats.argdown._reader` and the user guide.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..._model import ArgumentMap
from ...plugin import EVERYTHING, Reader, Renderer
from ._reader import MAX_ERRORS, parse_argdown

__all__ = ["ArgdownReader", "ArgdownRenderer"]


class ArgdownReader(Reader):
    """Argdown: statements, arguments, premise-conclusion structures and relations."""

    name = "argdown"
    aliases = ("ad",)
    extensions = (".argdown", ".ad")
    media_type = "text/x-argdown"
    description = "Argdown argument maps (argdown.org), with @include and YAML data"

    def parse(self, text: str, *, path: str | None = None, **options: Any) -> ArgumentMap:
        """Parse Argdown ``text``; ``@include`` paths are relative to ``path``'s folder.

        Option ``includes=False`` leaves ``@include`` lines unexpanded (read as text);
        ``max_errors`` (default 100) bounds how many syntax errors are collected before
        the first is raised with all of them in its ``errors``.
        """
        includes = options.pop("includes", True)
        max_errors = options.pop("max_errors", MAX_ERRORS)
        if options:
            from ..._errors import ArgmapSyntaxError

            raise ArgmapSyntaxError(
                f"unknown option(s) for the argdown reader: {', '.join(sorted(options))}",
                path=path,
            )
        return parse_argdown(text, path, includes=bool(includes), max_errors=int(max_errors))

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
    expresses = EVERYTHING
    options: ClassVar[dict[str, str]] = {}

    def render(self, amap: ArgumentMap, /, **options: Any) -> str:
        from ._writer import write_argdown

        if options:
            from ..._errors import RenderError

            raise RenderError(
                f"the argdown renderer takes no options, got {', '.join(sorted(options))}"
            )
        return write_argdown(amap)
