"""argmap's native JSON format: lossless, versioned, with a JSON Schema."""

from __future__ import annotations

import os
from typing import Any

import attrs

from .._errors import ArgmapSyntaxError
from .._gc import gc_paused
from .._jsonloc import load_json
from .._limits import LimitOptions, check_elements, decode, load_json_within, read_input
from .._model import ArgumentMap
from ..plugin import EVERYTHING, Reader, Renderer

__all__ = ["NativeJSONOptions", "NativeJSONReader", "NativeJSONRenderer"]


@attrs.frozen
class NativeJSONOptions(LimitOptions):
    """The options of the native JSON reader: its input limits (``max_elements`` counts
    statements, arguments, relations and groups)."""


_ELEMENT_KEYS = ("statements", "arguments", "relations", "groups")


def _lists(doc: dict[str, Any]) -> list[list[Any]]:
    return [v for v in map(doc.get, _ELEMENT_KEYS) if v.__class__ is list]


class NativeJSONReader(Reader):
    """argmap's native JSON (lossless)."""

    name = "json"
    aliases = ("argmap", "argmap-json", "native")
    extensions = (".json", ".argmap.json")
    media_type = "application/vnd.argmap+json"
    description = "argmap's native JSON (lossless, versioned)"
    Options = NativeJSONOptions

    def parse_map(
        self, text: str, options: NativeJSONOptions, *, path: str | None = None
    ) -> ArgumentMap:
        from .._serialize import from_dict  # cattrs: only when a native map is read

        with gc_paused(promote=True):  # a million small objects, no cycle: see from_dict
            doc = load_json_within(text, path, options)
            check_elements(doc, options.max_elements, keys=_ELEMENT_KEYS, text=text, path=path)
            return from_dict(doc, path, text=text)

    def read(self, path: str | os.PathLike[str], **options: Any) -> ArgumentMap:
        """Read a file; well-formed files take a fast path (bytes straight to the parser)."""
        opts: NativeJSONOptions = type(self).parse_options(options)
        from .._serialize import from_dict

        name = os.fspath(path)
        data = read_input(name, opts.max_bytes)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        with gc_paused(promote=True):  # a million small objects, no cycle: see from_dict
            doc = load_json(data, name, max_depth=opts.max_depth)  # malformed: located
            if doc.__class__ is dict and sum(map(len, _lists(doc))) > opts.max_elements:
                check_elements(
                    doc, opts.max_elements, keys=_ELEMENT_KEYS, text=decode(data, name), path=name
                )
            try:
                amap = from_dict(doc, name)
            except ArgmapSyntaxError:  # again with the text: the error gets line and column
                amap = from_dict(doc, name, text=decode(data, name))
        if amap.source_path is None:
            amap.source_path = name
        return amap

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
