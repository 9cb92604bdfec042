"""Displayed text: invisible format characters are made visible.

Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) reorder
the text around them, and zero-width characters (U+200B, U+2060–U+2064, U+FEFF, the tag
characters U+E0000–U+E007F) hide in it: a claim can then *look* like another claim, or
show text in an order it was not written in. **The rule**, applied by every renderer that
shows text to a reader (diagrams — DOT, SVG, PNG, PDF, Mermaid —, Markdown and text
outlines, the HTML page and viewer): every character of Unicode category ``Cf``
("format") is replaced by a visible escape, ``⟨U+202E⟩``. The one exception: a zero-width
joiner or non-joiner (U+200D, U+200C) between two visible characters is kept, as the
scripts and emoji sequences that need it expect. Formats that are copies of a map
(native JSON, Argdown, AIF, SADFace, Kialo) keep the text exactly as it was read. In a
link's URL the characters are percent-encoded instead (:func:`visible_url`): the link
goes where it went, and what it shows cannot be reordered.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["visible", "visible_url"]

_JOINERS = "\u200c\u200d"
# the Cf characters of Unicode 15 (checked against unicodedata by the tests), as ranges;
# compiled when first needed (only for text that is not ASCII): reading a map shows nothing
_FORMAT_CHARS = (
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


_FORMAT: re.Pattern[str] | None = None


def _format() -> re.Pattern[str]:
    global _FORMAT
    if _FORMAT is None:
        _FORMAT = re.compile(_FORMAT_CHARS)
    return _FORMAT


def _show(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _JOINERS:
        text, at = match.string, match.start()
        before = text[at - 1] if at else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        if _shown(before) and _shown(after):
            return ch
    return f"⟨U+{ord(ch):04X}⟩"


def _shown(ch: str) -> bool:
    return bool(ch) and not ch.isspace() and unicodedata.category(ch) != "Cf"


def visible(text: str) -> str:
    """``text`` with its format characters (bidi controls, zero-width characters) shown
    as ``⟨U+XXXX⟩`` escapes, except joiners between two visible characters."""
    if text.isascii():
        return text
    return _format().sub(_show, text)


def visible_url(url: str) -> str:
    """``url`` with its format characters percent-encoded (``%E2%80%AE``)."""
    if url.isascii():
        return url
    return _format().sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)
