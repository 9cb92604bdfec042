"""argmap's native JSON format: lossless, versioned, with a JSON Schema."""

from __future__ import annotations

from typing import Any

from .._errors import ArgmapSyntaxError
from .._model import ArgumentMap
from .._serialize import dumps, loads, parse_json
from ..plugin import Reader, Renderer

__all__ = ["NativeJSONReader", "NativeJSONRenderer"]


class NativeJSONReader(Reader):
    """argmap's native JSON (lossless)."""

    name = "json"
    aliases = ("argmap", "argmap-json", "native")
    extensions = (".json", ".argmap.json")
    media_type = "application/vnd.argmap+json"
    description = "argmap's native JSON (lossless, versioned)"

    def parse(self, text: str, *, path: str | None = None, **options: Any) -> ArgumentMap:
        return loads(text, path)

    def sniff(self, text: str) -> float:
        head = text[:4096]
        if '"schema_version"' in head:
            return 1.0
        if text.lstrip()[:1] in ("{", "["):
            # not valid JSON (or only the start of a large file): claim it weakly, so that
            # a broken file gets the JSON parser's located error rather than a shrug
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

    def render(self, amap: ArgumentMap, /, **options: Any) -> str:
        if options:
            from .._errors import RenderError

            raise RenderError(
                f"the json renderer takes no options, got {', '.join(sorted(options))}"
            )
        return dumps(amap)
