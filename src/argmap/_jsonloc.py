"""JSON parsing with located errors: a JSON path is turned into a line and column."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from ._errors import ArgmapSyntaxError

try:  # orjson comes with argmap; the stdlib parser is the fallback and gives locations
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None  # type: ignore[assignment]

__all__ = ["JSONPath", "dump_json", "json_error", "json_path", "json_type_name", "load_json"]

JSONPath = Sequence["str | int"]
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def load_json(text: str, path: str | None) -> Any:
    """Parse ``text``; malformed JSON raises :class:`ArgmapSyntaxError` with line and column."""
    if _orjson is not None:
        try:
            return _orjson.loads(text)
        except _orjson.JSONDecodeError:
            pass  # the stdlib parser says where
        except RecursionError:  # pragma: no cover - orjson limits depth itself
            pass
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        lines = text.splitlines()
        src = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else None
        raise ArgmapSyntaxError(
            f"malformed JSON: {exc.msg}",
            path=path,
            line=exc.lineno,
            column=exc.colno,
            source_line=src,
        ) from None
    except RecursionError:
        raise ArgmapSyntaxError("JSON nested too deeply", path=path) from None


def json_path(parts: JSONPath) -> str:
    """``["nodes", 3, "nodeID"]`` → ``"$.nodes[3].nodeID"``."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _offset(text: str, parts: JSONPath) -> int | None:
    """The character offset of the value at ``parts`` in ``text`` (best effort)."""
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    try:
        for part in parts:
            if isinstance(part, int):
                if text[pos] != "[":
                    return pos
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                for _ in range(part):
                    _, pos = _DECODER.raw_decode(text, pos)
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if text[pos] != ",":
                        return pos
                    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            else:
                if text[pos] != "{":
                    return pos
                start = pos
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                found = False
                while text[pos] == '"':
                    key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                    pos = _WS.match(text, pos).end() + 1  # type: ignore[union-attr]
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if key == part:
                        found = True
                        break
                    _, pos = _DECODER.raw_decode(text, pos)
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if text[pos] == ",":
                        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                if not found:  # a missing key: point at the object that lacks it
                    return start
    except (IndexError, ValueError, RecursionError):
        return None
    return pos


def json_error(
    message: str, parts: JSONPath, *, text: str | None, path: str | None
) -> ArgmapSyntaxError:
    """An :class:`ArgmapSyntaxError` naming the JSON path and, when found, line and column."""
    where = json_path(parts)
    line = column = None
    source_line = None
    if text is not None:
        off = _offset(text, parts)
        if off is not None:
            line = text.count("\n", 0, off) + 1
            start = text.rfind("\n", 0, off) + 1
            column = off - start + 1
            end = text.find("\n", off)
            source_line = text[start : end if end >= 0 else len(text)]
    return ArgmapSyntaxError(
        f"{message} at {where}", path=path, line=line, column=column, source_line=source_line
    )


def dump_json(doc: Any) -> str:
    """``doc`` as JSON text: UTF-8, 2-space indent, a final newline, deterministic.

    A value JSON cannot hold (a date, a set, NaN) raises :class:`~argmap.RenderError`.
    """
    from ._errors import RenderError

    try:
        if _orjson is not None:
            return _orjson.dumps(doc, option=_orjson.OPT_INDENT_2).decode("utf-8") + "\n"
        return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise RenderError(
            f"the map holds a value that JSON cannot represent ({exc}); "
            "metadata must be JSON data: strings, numbers, booleans, null, lists and objects"
        ) from exc


def json_type_name(value: Any) -> str:
    """What a parsed JSON value is, for error messages: ``"a string"``, ``"null"``, …"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"
