"""Text helpers shared by renderers: cleaning, wrapping and escaping user text.

User text (claims, titles, source names) may contain anything a Python ``str`` can:
quotes, backslashes, markup look-alikes, newlines, control characters and even lone
surrogates. Renderers never put it into their output unescaped. The policy:

* :func:`clean` makes text printable: tabs become spaces, line breaks are kept as
  ``"\\n"`` (``\\r\\n`` and ``\\r`` normalised), every other control character
  (C0, DEL, C1, including NUL) is dropped, and lone surrogates and the non-characters
  U+FFFE/U+FFFF become U+FFFD (they cannot be written as UTF-8 or XML), and format
  characters (bidi controls, zero-width characters) are shown as ``⟨U+202E⟩``
  (:func:`argmap._display.visible`, the rule of every displayed text).
* :func:`wrap` breaks each line of clean text greedily at ``width`` characters,
  splitting words longer than the width.
* :func:`html` escapes clean text for XML/HTML (also Graphviz HTML-like labels).
"""

from __future__ import annotations

import re

from .._display import visible

__all__ = ["clean", "html", "wrap", "wrap_text"]

_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]|\r\n?")


def _fix(match: re.Match[str]) -> str:
    ch = match.group()
    if ch[0] == "\r":
        return "\n"
    if "\ud800" <= ch <= "\udfff" or ch in "\ufffe\uffff":
        return "\ufffd"
    return ""


def clean(text: str) -> str:
    """``text`` with tabs as spaces, line breaks as ``\\n`` and no other control chars."""
    if text.isprintable():  # the common case, decided in C
        return text
    if "\t" in text:
        text = text.replace("\t", " ")
    if _BAD.search(text) is not None:
        text = _BAD.sub(_fix, text)
    return visible(text)


_WRAPPERS: dict[int, re.Pattern[str]] = {}


def _wrapper(width: int) -> re.Pattern[str]:
    pattern = _WRAPPERS.get(width)
    if pattern is None:
        # the longest run of up to `width` characters that ends before a space or the
        # end; failing that (a word longer than the width), exactly `width` characters
        pattern = _WRAPPERS[width] = re.compile(f"(.{{1,{width}}}(?= |$)|.{{{width}}}) ?")
    return pattern


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap of clean ``text``; existing line breaks are kept.

    Runs of whitespace become one space. ``width <= 0`` means no wrapping. Blank lines
    are dropped and words longer than ``width`` are split, so no line is longer than
    ``width``.
    """
    out: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        if width <= 0 or len(line) <= width:
            out.append(line)
            continue
        out.extend(_wrapper(width).findall(line))
    return out


def wrap_text(text: str, width: int) -> str:
    """:func:`wrap`, with the lines joined by ``"\\n"`` (faster for single-line text)."""
    if "\n" in text:
        return "\n".join(wrap(text, width))
    line = " ".join(text.split())
    if width <= 0 or len(line) <= width:
        return line
    return "\n".join(_wrapper(width).findall(line))


def html(text: str) -> str:
    """Escape clean text for XML/HTML content and attribute values."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "'" in text:
        text = text.replace("'", "&#39;")
    return text


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def title_option(value: object) -> bool | str:
    """The ``title`` option every renderer shares: ``True``/``False`` (also as the words
    ``true``/``false``, ``yes``/``no``, ``on``/``off``, ``1``/``0``) shows or hides the map's
    title; any other text replaces it."""
    if isinstance(value, bool):
        return value
    text = str(value)
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return text
