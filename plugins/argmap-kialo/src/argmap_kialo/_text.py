"""Text conventions shared by the Kialo reader and writer: escapes and the line grammar.

Kialo's export is Markdown-flavoured: it escapes some punctuation with a backslash
(``\\(``). The reader removes a backslash before any ASCII punctuation character
(CommonMark's rule); the writer escapes every backslash, parentheses outside Markdown
links (as Kialo does), and whatever, at the start of a line, would otherwise read as
structure (a number ``1.``, ``Pro:``/``Con:``, ``->``, ``Source:``).
"""

from __future__ import annotations

import re

__all__ = [
    "ENTRY",
    "SEE",
    "SOURCE",
    "STANCE",
    "TITLE",
    "escape_line_start",
    "escape_text",
    "escape_title",
    "unescape",
]

TITLE = "Discussion Title:"
ENTRY = re.compile(r"((?:\d+\.)+)(?:[ \t]+(.*))?\Z", re.DOTALL)
"""A numbered line: ``1.2.3. rest``; the number's first component must be 1 (checked apart)."""
STANCE = re.compile(r"(pro|con):[ \t]*(.*)\Z", re.IGNORECASE | re.DOTALL)
SEE = re.compile(r"->[ \t]*See[ \t]+((?:\d+\.)*\d+)\.?[ \t]*\Z", re.IGNORECASE)
SOURCE = re.compile(r"Source:[ \t]*(.*)\Z", re.DOTALL)

_LINK = re.compile(r"\[[^\]\n]*\]\([^()\s]*\)")
_PUNCT = re.compile(r"\\([!-/:-@\[-`{-~])")
_NUMBER_START = re.compile(r"(\d+)\.")
_STANCE_START = re.compile(r"(pro|con):", re.IGNORECASE)
_MAY_START = frozenset("S-pPcC")  # the first letters of Source:, ->, Pro:, Con:


def unescape(text: str) -> str:
    """Remove Markdown backslash escapes of ASCII punctuation: ``\\(`` → ``(``."""
    if "\\" not in text:
        return text
    return _PUNCT.sub(r"\1", text)


def escape_line_start(line: str, *, first: bool) -> str:
    """Escape what would make ``line`` read as structure (the backslashes are done already)."""
    if line[:1] not in _MAY_START and not line[:1].isdigit():
        return line  # the common case (str.isdigit() holds for every digit that \d matches)
    m = _NUMBER_START.match(line)
    if m:
        return f"{m.group(1)}\\.{line[m.end() :]}"
    if line.startswith("Source:"):
        return "Source\\:" + line[len("Source:") :]
    if first:
        if line.startswith("->"):
            return "\\" + line
        m = _STANCE_START.match(line)
        if m:
            return f"{m.group(1)}\\:{line[m.end() :]}"
    return line


def _escape_parens(line: str) -> str:
    """Escape parentheses as Kialo does, except in Markdown links ``[text](url)``."""
    if "(" not in line and ")" not in line:
        return line
    out: list[str] = []
    pos = 0
    for m in _LINK.finditer(line):
        out.append(line[pos : m.start()].replace("(", "\\(").replace(")", "\\)"))
        out.append(m.group())
        pos = m.end()
    out.append(line[pos:].replace("(", "\\(").replace(")", "\\)"))
    return "".join(out)


def escape_text(text: str) -> list[str]:
    """A claim's text as lines of the export, escaped so that the reader gives it back."""
    if "\\" not in text and "\n" not in text and "(" not in text and ")" not in text:
        return [escape_line_start(text, first=True)]  # the common case: one plain line
    lines = text.replace("\\", "\\\\").split("\n")
    return [escape_line_start(_escape_parens(line), first=i == 0) for i, line in enumerate(lines)]


def escape_title(text: str) -> str:
    return _escape_parens(text.replace("\\", "\\\\"))


def escape_link_part(text: str, closing: str) -> str:
    """Escape a source's title (``closing="]"``) or URL (``closing=")"``)."""
    text = text.replace("\\", "\\\\")
    for ch in ("[", "]") if closing == "]" else ("(", ")"):
        text = text.replace(ch, "\\" + ch)
    return text
