"""argmap's native JSON format: lossless, versioned, with a JSON Schema."""

from __future__ import annotations

from typing import Any

from .._model import ArgumentMap
from .._serialize import dumps, loads
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
        return (
            1.0
            if '"schema_version"' in head
            and ('"statements"' in text[:1_000_000] or '"relations"' in head)
            else 0.0
        )


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
