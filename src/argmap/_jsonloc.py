"""JSON parsing with located errors: a JSON path is turned into a line and column."""

from __future__ import annotations

import gc
import json
import re
import sys
from collections.abc import Sequence
from itertools import accumulate, compress
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


def load_json(text: str | bytes, path: str | None, *, max_depth: int | None = None) -> Any:
    """Parse ``text``; malformed JSON raises :class:`ArgmapSyntaxError` with line and column.

    Nesting deeper than ``max_depth`` arrays and objects (default
    :data:`~argmap._limits.DEFAULT_MAX_DEPTH`) is refused, located at the first opening
    bracket too deep, and so is a string holding a lone surrogate (``"\\ud800"``: no
    Unicode character, so no file could hold the map). Both cost nothing on well-formed
    input: orjson refuses surrogates, and bounds the depth itself when the document is
    wrapped in as many arrays as its own limit leaves over (unwrapped again after).
    """
    if max_depth is None:
        from ._limits import DEFAULT_MAX_DEPTH

        max_depth = DEFAULT_MAX_DEPTH
    refused = _orjson is None
    if _orjson is not None:
        cap = _orjson_cap()
        if cap is not None and cap >= max_depth:
            pad = cap - max_depth if len(text) >= _WRAP_FROM else 0
            try:
                doc = _orjson.loads(_wrap(text, pad) if pad else text)
            except _orjson.JSONDecodeError:
                refused = True
            else:
                if pad:
                    doc = _unwrap(doc, pad)
                    if doc is not _TOO_DEEP:
                        return doc
                elif max_depth >= cap or not _nested_deeper_than(doc, text, max_depth):
                    return doc
                refused = True  # the slow path below says where it nests too deeply
        else:  # pragma: no cover - an orjson whose own limit is below max_depth, or none
            refused = True
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = bytes(text).decode("utf-8", "replace")
    # orjson refused it (or is missing): the stdlib parser says where; the scan says
    # where it nests too deeply or holds a lone surrogate (only on this slow path)
    problem = _scan(text, max_depth) if refused else None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if problem is not None and problem[0] < exc.pos:
            raise _problem(problem, text, path, max_depth) from None
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
        if problem is not None:
            raise _problem(problem, text, path, max_depth) from None
        raise ArgmapSyntaxError("JSON nested too deeply", path=path) from None
    if problem is not None:
        raise _problem(problem, text, path, max_depth)
    return doc


_CAP: list[int | None] = []


def _orjson_cap() -> int | None:
    """How deeply orjson lets JSON nest (1024 in orjson 3), found once by trying;
    ``None`` when it has no limit below 65,536."""
    if not _CAP:
        assert _orjson is not None

        def ok(n: int) -> bool:
            try:
                _orjson.loads("[" * n + "]" * n)
            except _orjson.JSONDecodeError:
                return False
            return True

        if ok(1024) and not ok(1025):
            _CAP.append(1024)
        elif ok(1 << 16):  # pragma: no cover - another orjson
            _CAP.append(None)
        else:  # pragma: no cover
            lo, hi = 1, 1 << 16  # ok(lo), not ok(hi)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if ok(mid) else (lo, mid)
            _CAP.append(lo)
    return _CAP[0]


_WRAP_FROM = 1 << 18
"""From this size on (characters or bytes), orjson itself bounds the depth: the text is
wrapped in as many arrays as its own limit leaves over (one copy of the text, a few ms on
40 MB), where :func:`_deeper_than`'s passes over the bytes would cost ten times that.
Smaller texts are scanned: the wrapping's fixed cost (~1,000 levels) would dominate."""
_TOO_DEEP = object()


def _wrap(text: str | bytes, pad: int) -> str | bytes:
    if isinstance(text, str):
        return "[" * pad + text + "]" * pad
    return b"".join((b"[" * pad, text, b"]" * pad))


def _unwrap(doc: Any, pad: int) -> Any:
    """``[[x]]`` → ``x``; :data:`_TOO_DEEP` when orjson accepted the wrapped text only
    because it was not one JSON value (``1] [2``)."""
    for _ in range(pad):
        if doc.__class__ is not list or len(doc) != 1:
            return _TOO_DEEP
        doc = doc[0]
    return doc


_REFERENTS = sys.implementation.name == "cpython"
"""Whether :func:`gc.get_referents` of a dict gives its values and of a list its items,
and nothing of a string or a number (CPython: they are no garbage-collected types)."""
_CONTAINERS = frozenset({dict, list})


def _nested_deeper_than(doc: Any, text: str | bytes, limit: int) -> bool:
    """Whether ``doc``, which orjson parsed from ``text``, nests arrays and objects more
    than ``limit`` deep: measured on the parsed values where the interpreter can walk
    them a level at a time in C (CPython), else on the text (:func:`_deeper_than`)."""
    if not _REFERENTS:  # pragma: no cover - another interpreter
        return _deeper_than(text, limit)
    return _parsed_deeper_than(doc, limit)


def _untracked_objects_hold_no_containers() -> bool:
    """Whether an object orjson makes that holds only strings, numbers, booleans and
    nulls is left untracked by the collector, and one holding an array or an object is
    tracked (CPython's rule for dicts, shown in the docs of :func:`gc.is_tracked`;
    arrays are always tracked). Checked once, on orjson's own output."""
    if _orjson is None:  # pragma: no cover
        return False
    scalars = _orjson.loads('{"a": "x", "b": 1, "c": 1.5, "d": true, "e": null}')
    nested = [_orjson.loads(t) for t in ('{"a": {}}', '{"a": []}', '{"a": [1]}', "[1]")]
    return not gc.is_tracked(scalars) and all(map(gc.is_tracked, nested))


_PRUNE: list[bool] = []


def _parsed_deeper_than(doc: Any, limit: int) -> bool:
    """Whether parsed JSON ``doc`` nests arrays and objects more than ``limit`` deep.

    A level at a time, in C: :func:`gc.get_referents` of the arrays and objects of a
    level is the next level (the values of objects, whose keys are strings, and the
    items of arrays); strings, numbers, booleans and null have none. Only the tracked
    ones are opened (:func:`gc.is_tracked`): an object the collector does not track
    holds no array or object (CPython's rule, checked once on orjson's output), so a
    level of AIF nodes is not opened at all. When nothing in a level is left to open,
    the depth is that level's, or one more if it holds an array or object (looked for
    only when that decides it). Stops past ``limit`` levels.
    """
    if not _PRUNE:
        _PRUNE.append(_untracked_objects_hold_no_containers())
    prune = _PRUNE[0]
    tracked = gc.is_tracked
    level: list[Any] = [doc]
    depth = 0  # the values in ``level`` are nested this deep (in ``depth`` containers)
    while True:
        if prune:
            opened = list(compress(level, map(tracked, level)))
        else:  # another orjson or CPython: every container opened
            opened = [x for x in level if x.__class__ in _CONTAINERS]
        if not opened:  # the containers of this level (if any) hold no container
            if depth < limit:
                return False
            return not _CONTAINERS.isdisjoint(map(type, level))  # depth == limit
        depth += 1  # a container at this level: at least this deep
        if depth > limit:
            return True
        level = gc.get_referents(*opened)


_ESCAPED = re.compile(rb'\\[\\"]')  # an escaped backslash or quote
_BRACKETS = bytes.maketrans(b"{}", b"[]")
_STEP = {ord("["): 1, ord("]"): -1}
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')


def _deeper_than(text: str | bytes, limit: int) -> bool:
    """Whether well-formed JSON ``text`` (orjson accepted it) nests arrays and objects
    more than ``limit`` deep; a few passes in C over the bytes, no Python loop per value.

    Escaped backslashes and quotes go first (left to right, as JSON pairs them), then
    everything but quotes and brackets; what is left between quotes is string content.
    Each round then removes every empty ``[]``: the pairs of height one, so the rounds
    count the depth exactly. Past a few rounds (real documents are shallow) the rest is
    measured in one linear pass, so a hostile input costs no more than a constant times
    its size.
    """
    if isinstance(text, str):
        data = text.encode("utf-8", "surrogatepass")
    else:
        data = text if isinstance(text, bytes) else bytes(text)
    if b"\\" in data:
        data = _ESCAPED.sub(b"", data)
    s = data.translate(_BRACKETS, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in s:  # strings holding brackets: keep what lies outside them
        s = b"".join(s.split(b'"')[::2])
    depth = 0
    while s and depth < 8:
        s = s.replace(b"[]", b"")
        depth += 1
    if s:  # deeper than 8: the deepest prefix of the rest (opening +1, closing -1)
        depth += max(accumulate(map(_STEP.__getitem__, s)))
    return depth > limit


_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\.", re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(token: str) -> int | None:
    """Where the JSON string ``token`` holds a surrogate: a code point (from str input)
    or an escape that is not half of a pair; ``None`` when it holds none."""
    found = []
    m = _SURROGATE.search(token)
    if m is not None:
        found.append(m.start())
    if "\\u" in token:
        high = -1  # the offset of a high-surrogate escape waiting for its low half
        high_end = -1
        for e in _ESCAPE.finditer(token):
            code = int(e.group(1), 16) if e.group(1) else -1
            if high >= 0:
                if 0xDC00 <= code <= 0xDFFF and e.start() == high_end:
                    high = -1
                    continue
                break
            if 0xD800 <= code <= 0xDBFF:
                high, high_end = e.start(), e.end()
            elif 0xDC00 <= code <= 0xDFFF:
                high = e.start()
                break
        if high >= 0:
            found.append(high)
    return min(found) if found else None


def _scan(text: str, max_depth: int) -> tuple[int, str] | None:
    """``(offset, "depth" | "surrogate")`` of the first bracket nested deeper than
    ``max_depth`` or the first lone surrogate in a string; ``None`` when neither."""
    depth = 0
    for m in _TOKENS.finditer(text):
        c = text[m.start()]
        if c == '"':
            off = _lone_surrogate(m.group())
            if off is not None:
                return m.start() + off, "surrogate"
        elif c in "[{":
            depth += 1
            if depth > max_depth:
                return m.start(), "depth"
        else:
            depth -= 1
    return None


def _problem(
    problem: tuple[int, str], text: str, path: str | None, max_depth: int
) -> ArgmapSyntaxError:
    from ._limits import depth_error, located

    offset, kind = problem
    if kind == "depth":
        return depth_error(max_depth, path=path, text=text, offset=offset)
    return located(
        "invalid text: a lone surrogate (half of a UTF-16 pair, not a Unicode character); "
        "every JSON string must be valid Unicode",
        path,
        text,
        offset,
    )


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
