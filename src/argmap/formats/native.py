"""argmap's native JSON format: lossless, versioned, with a JSON Schema."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .._errors import ArgmapSyntaxError
from .._model import ArgumentMap
from ..plugin import EVERYTHING, Reader, Renderer

__all__ = ["NativeJSONReader", "NativeJSONRenderer"]


class NativeJSONReader(Reader):
    """argmap's native JSON (lossless)."""

    name = "json"
    aliases = ("argmap", "argmap-json", "native")
    extensions = (".json", ".argmap.json")
    media_type = "application/vnd.argmap+json"
    description = "argmap's native JSON (lossless, versioned)"

    def parse_map(self, text: str, options: None, *, path: str | None = None) -> ArgumentMap:
        from .._serialize import loads  # cattrs: only when a native map is read

        return loads(text, path)

    def read(self, path: str | os.PathLike[str], **options: Any) -> ArgumentMap:
        """Read a file; well-formed files take a fast path (bytes straight to the parser)."""
        type(self).parse_options(options)  # it takes none: an unknown option is an error
        from .._serialize import fast_json_loads, from_dict
        name = os.fspath(path)
        try:
            data = Path(path).read_bytes()
        except OSError:
            return super().read(path, **options)  # says what went wrong, located
        try:
            doc = fast_json_loads(data)
        except (ValueError, RecursionError):
            return super().read(path, **options)  # malformed: the located error
        try:
            return from_dict(doc, name)
        except ArgmapSyntaxError:  # again with the text, so the error has line and column
            return from_dict(doc, name, text=data.decode("utf-8", "replace"))

    def sniff(self, text: str) -> float:
        head = text[:4096]
        if '"schema_version"' in head:
            return 1.0
        if text.lstrip()[:1] in ("{", "["):
            # not valid JSON (or only the start of a large file): claim it weakly, so that
            # a broken file gets the JSON parser's located error rather than a shrug
            from .._serialize import parse_json

            try:
                parse_json(text)
            except ArgmapSyntaxError:
                return 0.05
        return 0.0


class NativeJSONRenderer(Renderer):
    """argmap's native JSON (lossless)."""

    name = "json"
    aliases = ("argmap", "argmap-json", "native")
    extensions = (".json", ".argmap.json")
    media_type = "application/vnd.argmap+json"
    description = "argmap's native JSON (lossless, versioned)"
    expresses = EVERYTHING

    api_version = 2

    def render_map(self, amap: ArgumentMap, options: None) -> str:
        from .._serialize import dumps

        return dumps(amap)
