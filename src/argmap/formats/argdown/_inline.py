"""Inline Argdown: escapes, mentions, tags and trailing ``{yaml: data}`` in element text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..._errors import ArgmapSyntaxError
from ._lexer import NOT_SIMPLE, flow_data, load_yaml, with_expected

__all__ = ["PUNCT", "parse_inline", "unescape"]

PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # string.punctuation

# Escapes first, then mentions (kept verbatim), data openers and tags.
_TOKEN = re.compile(
    r"\\(?P<esc>[!-/:-@\[-`{-~])"
    r"|(?P<mention>@\[(?:\\.|[^\]\\\n])*\]|@<(?:\\.|[^>\\\n])*>)"
    r"|(?P<data>\{)"
    r"|#(?<!\S#)(?:\((?P<ptag>[^)]+)\)|(?P<tag>[\w-]+))"
)
# without escapes, data and tags, text is kept as it is (mentions too)
_SIMPLE = re.compile(r"[\\{#]")
_NOT_TAGS = re.compile(r"[\\{@]")
# "#" not after a non-space; the lookbehind comes after the "#" so that the regex
# engine can skip ahead to each "#" instead of trying the pattern at every position
_TAGS = re.compile(r"#(?<!\S#)(?:\(([^)]+)\)|([\w-]+))")
# mentions as _TOKEN finds them, in text without backslashes
_MENTIONS = re.compile(r"@\[[^\]\n]*\]|@<[^>\n]*>")
_ESC = re.compile(r"\\([!-/:-@\[-`{-~])")

_AFTER_DATA = "data {...} at the end of the element (only #tags may follow it)"

Fail = Callable[[str, int, int], ArgmapSyntaxError]
"""Builds a located error from (message, newline-offset into the text, column)."""


def unescape(text: str) -> str:
    return _ESC.sub(r"\1", text) if "\\" in text else text


def _data_end(text: str, start: int) -> int:
    """Index just after the ``}`` closing the ``{`` at ``start``, or -1."""
    depth = 0
    quote = ""
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                if quote == "'" and text[i + 1 : i + 2] == "'":
                    i += 2  # '' is a quote inside a single-quoted string
                    continue
                quote = ""
        elif c in "\"'":
            # a quote only opens a YAML string at the start of a scalar
            j = i - 1
            while j > start and text[j] in " \t\n":
                j -= 1
            if text[j] in "{[,:":
                quote = c
        elif c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _take_tags(text: str) -> tuple[str, list[str]]:
    """Text without escapes, mentions' escapes or data: without its tags; the tags."""
    found: list[str] = []
    for ptag, tag in _TAGS.findall(text):
        t = " ".join(ptag.split()) if ptag else tag
        if t and t not in found:
            found.append(t)
    return " ".join(_TAGS.sub(" ", text).split()), found


def _locate(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos)
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def parse_inline(
    text: str, fail: Fail, *, keep_tags: bool = False
) -> tuple[str, list[str], dict[str, Any]]:
    """Text with escapes resolved and tags and data taken out; the tags; the data.

    ``text`` may span lines (joined with ``\\n``); the result has its whitespace
    collapsed. Data must come last (only tags may follow it), as in Argdown.
    """
    if _SIMPLE.search(text) is None:
        return " ".join(text.split()), [], {}
    if not keep_tags:
        if _NOT_TAGS.search(text) is None:
            return (*_take_tags(text), {})  # tags only, the common case
        if "{" not in text and "\\" not in text and "#" not in "".join(_MENTIONS.findall(text)):
            # tags and mentions (kept as they are): no "#" in a mention to be taken for a tag
            return (*_take_tags(text), {})
        if text.count("{") == 1 and "\\" not in text and "@" not in text and "#(" not in text:
            # text (and tags), then one simple flow mapping: its data, read as the general
            # loop below reads it (no "#(" tag can swallow the "{")
            start = text.index("{")
            value = flow_data(text[start:])  # all the rest, or NOT_SIMPLE
            if value is not NOT_SIMPLE:
                head, found = _take_tags(text[:start])
                return head, found, value
    return _inline_loop(text, fail, keep_tags)


def _inline_loop(text: str, fail: Fail, keep_tags: bool) -> tuple[str, list[str], dict[str, Any]]:
    """:func:`parse_inline` token by token, for any text (its shortcuts give the same)."""
    out: list[str] = []
    tags: list[str] = []
    data: dict[str, Any] = {}
    pos = 0
    data_end = -1
    for m in _TOKEN.finditer(text):
        if m.start() < pos:
            continue  # inside a data block already consumed
        if data_end >= 0 and m.group("tag") is None and m.group("ptag") is None:
            line, col = _locate(text, m.start())
            raise with_expected(fail("text after data", line, col), _AFTER_DATA)
        piece = text[pos : m.start()]
        if data_end >= 0 and piece.strip():
            line, col = _locate(text, pos + len(piece) - len(piece.lstrip()))
            raise with_expected(fail("text after data", line, col), _AFTER_DATA)
        out.append(piece)
        if m.group("esc") is not None:
            out.append(m.group("esc"))
            pos = m.end()
        elif m.group("mention") is not None:
            out.append(unescape(m.group("mention")))
            pos = m.end()
        elif m.group("data") is not None:
            start = m.start()
            end = _data_end(text, start)
            if end < 0:
                line, col = _locate(text, start)
                raise with_expected(fail("data is not closed", line, col), "a closing }")
            sline, scol = _locate(text, start)

            def yaml_fail(
                msg: str, off: int, col: int, sline: int = sline, scol: int = scol
            ) -> ArgmapSyntaxError:
                return fail(msg, sline + off, col if off else col + scol - 1)

            value = load_yaml(text[start:end], yaml_fail, "YAML data: {key: value, ...}")
            if not isinstance(value, dict):
                raise with_expected(
                    fail("data must be a YAML mapping", sline, scol), "{key: value, ...}"
                )
            data.update(value)
            pos = end
            data_end = end
        else:
            tag = m.group("ptag") if m.group("ptag") is not None else m.group("tag")
            tag = " ".join(tag.split())
            if tag and tag not in tags:
                tags.append(tag)
            if keep_tags:
                out.append(m.group(0))
            pos = m.end()
    rest = text[pos:]
    if data_end >= 0 and rest.strip():
        line, col = _locate(text, pos + len(rest) - len(rest.lstrip()))
        raise with_expected(fail("text after data", line, col), _AFTER_DATA)
    out.append(rest)
    return " ".join("".join(out).split()), tags, data
