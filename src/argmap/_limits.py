"""Input limits shared by the readers, and reading files within them.

Every reader of argmap's own formats takes the options of :class:`LimitOptions`
(``max_bytes``, ``max_elements``, ``max_depth``); each checks them before it builds what
they bound, and reports a breach as a located :class:`~argmap.ArgmapSyntaxError`. The
checks are cheap: a size is known before a file is read (its ``stat``, or a bounded read
for a pipe or device), elements are counted where the reader counts them anyway, and
JSON nesting is bounded by the JSON parser itself (see :func:`argmap.plugin.load_json`).

Also here: :func:`read_input` (a map file, read within ``max_bytes``), and
:func:`read_include` (a file another one includes: confined to a root folder, a
regular file, within a byte budget). docs/security.md states the rules.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ._errors import ArgmapSyntaxError
from ._options import option

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_ELEMENTS",
    "IncludeRules",
    "LimitOptions",
    "check_elements",
    "check_text",
    "count_error",
    "decode",
    "depth_error",
    "load_json_within",
    "located",
    "max_bytes_of",
    "read_include",
    "read_input",
    "surrogate_offset",
]

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
"""256 MiB: the largest input (with everything it includes) a reader takes by default."""
DEFAULT_MAX_ELEMENTS = 5_000_000
"""The most elements (nodes, edges, lines, ... as each reader counts them) by default."""
DEFAULT_MAX_DEPTH = 100
"""How deeply nested (JSON arrays and objects, Kialo claim numbers) an input may be by
default. Argument formats nest a handful of levels; 100 leaves room for metadata and
keeps every accepted map writable (JSON writers refuse more than 254 levels)."""
_MAX_DEPTH_ALLOWED = 1000

_CHUNK = 1 << 20
_SURROGATE = re.compile("[\ud800-\udfff]")


@attrs.frozen
class LimitOptions:
    """The input limits every built-in reader takes (compose them into a reader's
    options by subclassing: ``class MyOptions(LimitOptions): ...``).

    A breach is an :class:`~argmap.ArgmapSyntaxError` that says where and which option
    widens the limit (``-O max_bytes=...`` on the command line, a keyword in Python).
    """

    max_bytes: int = option(
        DEFAULT_MAX_BYTES,
        help="largest input in bytes, included files counted (text given as a str: characters)",
        min=0,
    )
    max_elements: int = option(
        DEFAULT_MAX_ELEMENTS,
        help="most elements the input may hold (nodes and edges, lines, XML elements: "
        "as the format counts them)",
        min=0,
    )
    max_depth: int = option(
        DEFAULT_MAX_DEPTH,
        help="deepest nesting the input may have (JSON arrays/objects, claim numbers)",
        min=1,
        max=_MAX_DEPTH_ALLOWED,
    )


def max_bytes_of(reader: type, options: Mapping[str, Any]) -> int | None:
    """The ``max_bytes`` a reader class gets with these keyword ``options`` (read as
    its :attr:`~argmap.plugin.Plugin.Options` reads them), or ``None`` when its options
    have no such limit."""
    cls = getattr(reader, "Options", None)
    if cls is None or not (isinstance(cls, type) and issubclass(cls, LimitOptions)):
        return None
    parsed = reader.parse_options(options)  # type: ignore[attr-defined]
    value = getattr(parsed, "max_bytes", None)
    return value if isinstance(value, int) else None


# --------------------------------------------------------------------------- errors
def _where(text: str | None, offset: int) -> tuple[int, int, str | None]:
    """(line, column, the line's text) of a character offset in ``text``."""
    if text is None:
        return 1, 1, None
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return (
        text.count("\n", 0, offset) + 1,
        offset - start + 1,
        text[start : end if end >= 0 else len(text)],
    )


def located(message: str, path: str | None, text: str | None, offset: int) -> ArgmapSyntaxError:
    """An error at the character ``offset`` of ``text`` (line, column and excerpt)."""
    line, column, source_line = _where(text, offset)
    return ArgmapSyntaxError(message, path=path, line=line, column=column, source_line=source_line)


def _too_large(size: str, limit: int, what: str = "bytes") -> str:
    return (
        f"the input is larger than the limit of {limit:,} {what} (it is {size}); "
        "the reader option max_bytes widens it"
    )


def count_error(
    what: str,
    count: int,
    limit: int,
    *,
    path: str | None,
    text: str | None = None,
    offset: int = 0,
    line: int | None = None,
) -> ArgmapSyntaxError:
    """The error for more ``what`` (e.g. ``"nodes and edges"``) than ``max_elements``."""
    message = (
        f"too many {what}: {count:,}, over the limit of {limit:,} "
        "(the reader option max_elements widens it)"
    )
    if line is not None:  # no excerpt: finding the line would split a huge text
        return ArgmapSyntaxError(message, path=path, line=line, column=1)
    return located(message, path, text, offset)


def depth_error(
    limit: int, *, path: str | None, text: str | None, offset: int, what: str = "JSON"
) -> ArgmapSyntaxError:
    """The error for an input nested deeper than ``max_depth``, at ``offset``."""
    return located(
        f"{what} nested deeper than the limit of {limit} levels "
        "(the reader option max_depth widens it)",
        path,
        text,
        offset,
    )


def check_elements(
    doc: Any,
    limit: int,
    *,
    keys: Iterable[str] | None = None,
    text: str | None = None,
    path: str | None = None,
    prefix: Sequence[str | int] = (),
) -> None:
    """Refuse a parsed JSON document whose arrays ``keys`` (default: every array at its
    top level) hold more than ``limit`` items together, before anything is built from
    them; the error is located at the array that crosses the limit."""
    if doc.__class__ is not dict:
        return  # not an object: the reader says what it expected
    total = 0
    for key in doc if keys is None else keys:
        items = doc.get(key)
        if items.__class__ is list:
            total += len(items)
            if total > limit:
                from ._jsonloc import json_error

                raise json_error(
                    f"too many elements: {total:,} or more, over the limit of {limit:,} "
                    "(the reader option max_elements widens it)",
                    [*prefix, key],
                    text=text,
                    path=path,
                )


# --------------------------------------------------------------------------- text
def surrogate_offset(text: str) -> int | None:
    """Where ``text`` holds a surrogate code point (not valid Unicode text), or ``None``.

    Cheap: an ASCII string (flagged as such by Python) is not scanned at all.
    """
    if text.isascii():
        return None
    m = _SURROGATE.search(text)
    return m.start() if m is not None else None


def check_text(text: str, max_bytes: int | None, path: str | None) -> None:
    """Refuse text longer than ``max_bytes`` characters (characters: counting UTF-8
    bytes would take a pass over it) or holding lone surrogates (no file can hold them:
    a map with one could not be written)."""
    if max_bytes is not None and len(text) > max_bytes:
        limit = max_bytes
        raise ArgmapSyntaxError(
            _too_large(f"{len(text):,} characters", limit, "characters"),
            path=path,
            line=1,
            column=1,
        )
    off = surrogate_offset(text)
    if off is not None:
        raise located(
            f"invalid text: a lone surrogate U+{ord(text[off]):04X} (not a Unicode character)",
            path,
            text,
            off,
        )


def decode(data: bytes, path: str | os.PathLike[str] | None, encoding: str = "utf-8") -> str:
    """``data`` as text (a byte order mark dropped); bytes that are not valid
    ``encoding`` are an error located at them."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ArgmapSyntaxError(
            f"not valid {encoding} text ({exc.reason})", path=path, line=line, column=col
        ) from exc
    return text[1:] if text.startswith("\ufeff") else text


def load_json_within(text: str, path: str | None, limits: LimitOptions | None = None) -> Any:
    """``text`` parsed as JSON within ``limits`` (default: the defaults): no larger than
    ``max_bytes``, no deeper than ``max_depth``, valid Unicode; every breach located."""
    from ._jsonloc import load_json

    limits = limits if limits is not None else LimitOptions()
    check_text(text, limits.max_bytes, path)
    return load_json(text, path, max_depth=limits.max_depth)


# --------------------------------------------------------------------------- files
def _read_fd(fd: int, size_hint: int, limit: int) -> bytes | None:
    """At most ``limit`` bytes of ``fd``; ``None`` when there are more. A regular file
    (``size_hint`` its size) takes one read and one more to see its end; a pipe or a
    device is read in chunks, never past the limit."""
    parts: list[bytes] = []
    total = 0
    want = size_hint + 1 if size_hint >= 0 else _CHUNK
    while True:
        chunk = os.read(fd, max(1, min(want, limit + 1 - total)))
        if not chunk:
            return b"".join(parts)
        total += len(chunk)
        if total > limit:
            return None
        parts.append(chunk)
        want = _CHUNK


def read_input(path: str | os.PathLike[str], max_bytes: int | None) -> bytes:
    """The bytes of the map file ``path``, refused (located) when larger than
    ``max_bytes`` (``None``: no limit). A pipe or a device (``/dev/stdin``) is read in
    chunks, never past the limit; a directory is an error."""
    name = os.fspath(path)
    limit = max_bytes if max_bytes is not None else sys.maxsize
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ArgmapSyntaxError(f"cannot read file: {exc.strerror or exc}", path=name) from exc
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ArgmapSyntaxError("is a directory, not a map file", path=name)
        regular = stat.S_ISREG(st.st_mode)
        if regular and st.st_size > limit:
            raise ArgmapSyntaxError(
                _too_large(f"{st.st_size:,} bytes", limit), path=name, line=1, column=1
            )
        try:
            data = _read_fd(fd, st.st_size if regular else -1, limit)
        except OSError as exc:
            raise ArgmapSyntaxError(f"cannot read file: {exc.strerror or exc}", path=name) from exc
    finally:
        os.close(fd)
    if data is None:
        raise ArgmapSyntaxError(
            _too_large(f"more than {limit:,} bytes", limit), path=name, line=1, column=1
        )
    return data


class IncludeRules:
    """What an Argdown ``@include`` may read: files under ``root`` (resolved), at most
    ``limit`` bytes and ``max_lines`` lines in all, the including text counted.

    Made for every text read; the root is resolved and the lines counted only when the
    text includes something."""

    __slots__ = ("_lines", "_root", "_text", "budget", "given_root", "limit", "max_lines")

    def __init__(
        self,
        root: str | os.PathLike[str],
        limit: int = DEFAULT_MAX_BYTES,
        max_lines: int = DEFAULT_MAX_ELEMENTS,
        text: str = "",
    ) -> None:
        self.given_root = root
        self.limit = limit
        self.budget = limit - len(text)
        self.max_lines = max_lines
        self._text: str | None = text
        self._root: str | None = None
        self._lines = 0

    @property
    def root(self) -> str:
        """The folder includes are confined to, symlinks resolved."""
        if self._root is None:
            self._root = os.path.realpath(self.given_root)
        return self._root

    def spend_lines(self, n: int) -> bool:
        """Count ``n`` more lines; ``False`` when that is past ``max_lines``."""
        if self._text is not None:
            self._lines = self._text.count("\n") + 1
            self._text = None
        self._lines += n
        return self._lines <= self.max_lines

    @classmethod
    def for_input(
        cls,
        path: str | None,
        include_root: str | os.PathLike[str] | None,
        limit: int = DEFAULT_MAX_BYTES,
        max_lines: int = DEFAULT_MAX_ELEMENTS,
        text: str = "",
    ) -> IncludeRules:
        """The rules for ``text`` read from ``path``: confined to ``include_root`` when
        given, else the folder of ``path`` (with everything under it), else the
        current folder (text that is not from a file)."""
        if include_root is not None:
            root: str | os.PathLike[str] = include_root
        elif path is not None:
            root = os.path.dirname(os.path.abspath(path))
        else:
            root = os.getcwd()
        return cls(root, limit, max_lines, text)

    def base(self, path: str | None) -> str:
        """The folder relative ``@include`` names start from: the including file's, or
        (for text not from a file) the root."""
        return os.path.dirname(path) if path is not None else self.root

    def contains(self, real: str) -> bool:
        """Whether the resolved path ``real`` is the root or under it."""
        return real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)


def _regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise ValueError(f"it is {kind} (only regular files are included)")


def read_include(target: str, rules: IncludeRules) -> str:
    """The text of an included file (UTF-8), or :class:`OSError` (it cannot be read) or
    :class:`ValueError` (it is refused, or not UTF-8) saying why; the caller locates the
    error at the ``@include``.

    The path is resolved (symlinks too) before it is checked against ``rules.root``; only
    a regular file is read (never a directory, pipe or device; the open does not block
    on a FIFO), and never more than the bytes left in ``rules.budget``.
    """
    real = os.path.realpath(target)
    if not rules.contains(real):
        raise ValueError(
            f"it is outside {rules.root}, the folder includes may read from; "
            "the reader option include_root widens it (command line: --include-root)"
        )
    _regular(os.stat(real).st_mode)  # before the open: a socket or device is not opened
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)  # resolved already: a link now is a swap
    fd = os.open(real, flags)
    try:
        st = os.fstat(fd)
        _regular(st.st_mode)  # and what was opened (it may have been swapped since)
        if st.st_size > rules.budget:
            raise ValueError(
                f"it would take the input past the limit of {rules.limit:,} bytes "
                "(the reader option max_bytes widens it)"
            )
        data = _read_fd(fd, st.st_size, rules.budget)
    finally:
        os.close(fd)
    if data is None:
        raise ValueError(
            f"it would take the input past the limit of {rules.limit:,} bytes "
            "(the reader option max_bytes widens it)"
        )
    rules.budget -= len(data)
    if not rules.spend_lines(data.count(b"\n") + 1):
        raise ValueError(
            f"it would take the input past the limit of {rules.max_lines:,} lines "
            "(the reader option max_elements widens it)"
        )
    return data.decode("utf-8")
