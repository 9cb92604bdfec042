"""Argdown (https://argdown.org): a reader and a writer.

The reader is a hand-written parser (linear time; common paragraphs on a fast path,
the others line by line); the writer produces
idiomatic Argdown that the reader reads back to an equal map. How Argdown elements map
onto the argmap model, and the conventions for evidence (``{source: ...}`` data), are
described in :mod:`argmap.formats.argdown._reader` and the user guide.
"""

from __future__ import annotations

import os

import attrs

from ..._limits import LimitOptions, check_text, count_error
from ..._model import ArgumentMap
from ...plugin import EVERYTHING, Reader, Renderer, option
from ._reader import MAX_ERRORS, parse_argdown

__all__ = ["ArgdownReader", "ArgdownReaderOptions", "ArgdownRenderer"]


def _folder(value: object) -> str | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
        return None
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    raise ValueError("a folder path, or none")


@attrs.frozen
class ArgdownReaderOptions(LimitOptions):
    """The options of the Argdown reader (with its input limits: ``max_elements``
    counts lines, included files' too; ``max_bytes`` counts included files too)."""

    includes: bool = option(
        True, help="expand @include lines (false: leave them in the text unexpanded)"
    )
    max_errors: int = option(
        MAX_ERRORS, help="syntax errors collected before reading stops (each is reported)"
    )
    include_root: str | None = option(
        None,
        help="the folder @include may read from, with everything under it (default: the "
        "including file's folder; for text without a file, the current folder)",
        parse=_folder,
        allowed="a folder path, or none",
        type="path",
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
        """Parse Argdown ``text``; ``@include`` paths are relative to ``path``'s folder
        and confined to ``include_root`` (default: that folder; see docs/security.md).

        ``max_errors`` bounds how many syntax errors are collected before the first is
        raised with all of them in its ``errors``.
        """
        check_text(text, options.max_bytes, path)
        lines = text.count("\n") + 1
        if lines > options.max_elements:
            raise count_error(
                "lines",
                lines,
                options.max_elements,
                path=path,
                line=options.max_elements + 1,
                text=text,
            )
        return parse_argdown(
            text,
            path,
            includes=options.includes,
            max_errors=options.max_errors,
            include_root=options.include_root,
            max_bytes=options.max_bytes,
            max_lines=options.max_elements,
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
