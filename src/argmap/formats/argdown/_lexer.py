"""Line-oriented preprocessing of Argdown text: front matter, comments, includes.

The result is a flat list of :class:`Line` records, each remembering the file and line
number it came from, so that errors in included files point into those files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from itertools import count, repeat
from operator import itemgetter
from typing import Any

from ..._errors import ArgmapSyntaxError
from ..._limits import IncludeRules, read_include
from ..._log import log

__all__ = [
    "COMMENT_MARK",
    "Line",
    "Notes",
    "SourceText",
    "lines_of",
    "NOT_SIMPLE",
    "flow_data",
    "load_yaml",
    "plain",
    "prepare",
    "preprocess",
    "with_expected",
]

_INCLUDE = re.compile(r"[ \t]*@include\((?P<files>[^)]*)\)[ \t]*$")
_FENCE_LINE = re.compile(r"^===[ \t]*$", re.MULTILINE)  # a whole line, within a text
COMMENT_MARK = "\x00"


def _yaml() -> tuple[Any, Any]:
    """PyYAML and its safe loader, in C (libyaml) when available: same results, much
    faster. Imported on first use: most Argdown files carry no YAML, and the import
    costs more than reading a small file."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_YAML_CACHE: dict[str, Any] = {}  # data blocks repeat a lot ({uses: [1, 2]})
_MISSING = object()


class Line(tuple):
    """One physical line after comments were removed: ``(text, lineno, source)``.

    A tuple, so that a whole file's lines are made at C speed.
    """

    __slots__ = ()

    text: str = property(itemgetter(0))  # type: ignore[assignment]
    lineno: int = property(itemgetter(1))  # type: ignore[assignment]
    source: SourceText = property(itemgetter(2))  # type: ignore[assignment]

    def error(
        self, message: str, column: int = 1, expected: str | None = None
    ) -> ArgmapSyntaxError:
        return self.source.error(message, self.lineno, column, expected)


class SourceText:
    """One file (or string) of Argdown source: its path and original lines."""

    __slots__ = ("_lines", "path", "text")

    def __init__(self, path: str | None, text: str) -> None:
        self.path = path
        self.text = text
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        """The original lines (split when first needed: only errors need them)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def error(
        self, message: str, line: int, column: int = 1, expected: str | None = None
    ) -> ArgmapSyntaxError:
        src = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        return ArgmapSyntaxError(
            message, path=self.path, line=line, column=column, source_line=src, expected=expected
        )


class _TooBig(Exception):
    pass


def plain(value: Any, budget: list[int] | None = None) -> Any:
    """YAML values made JSON-friendly: dates as ISO text, mapping keys as text; a fresh
    copy. ``budget`` bounds the number of values (YAML aliases can nest exponentially)."""
    if budget is None:
        budget = [100_000]
    budget[0] -= 1
    if budget[0] < 0 or (len(budget) > 1 and budget[1] > 200):
        raise _TooBig
    if isinstance(value, (dict, list, tuple)):
        if len(budget) == 1:
            budget.append(0)
        budget[1] += 1
        try:
            return _plain_container(value, budget)
        finally:
            budget[1] -= 1
    if value is None or isinstance(value, (str, int, float)):
        return value
    import datetime  # not at start-up: PyYAML, the only source of dates, imported it

    if isinstance(value, datetime.date):  # a datetime.datetime too
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v, budget) for v in value), key=repr)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def _plain_container(value: Any, budget: list[int]) -> Any:
    if isinstance(value, dict):
        return {
            k if isinstance(k, str) else str(plain(k, budget)): plain(v, budget)
            for k, v in value.items()
        }
    return [plain(v, budget) for v in value]


def with_expected(err: ArgmapSyntaxError, expected: str) -> ArgmapSyntaxError:
    """``err`` saying what was expected."""
    return ArgmapSyntaxError(
        err.message,
        path=err.path,
        line=err.line,
        column=err.column,
        source_line=err.source_line,
        expected=expected,
    )


# ---- simple flow data without PyYAML: Argdown data is mostly ``{key: value, ...}`` of
# plain scalars (``{source: "Author (2001)", confidence: 0.9}``, ``{uses: [1, 2]}``).
# :func:`flow_data` reads the flow mappings and sequences whose every scalar is one of a
# few shapes that YAML 1.1 (PyYAML's safe loader) reads one way only (a quoted scalar
# may go on over lines: see _fold); anything else (a tab, an escape, a line break inside
# a plain scalar or a key, U+2028 and U+2029 included, a repeated key, a number of
# another form...) is left to PyYAML. ``tests/test_argdown_yaml.py`` checks the two agree.
_FLOW = re.compile(
    r" *(?:\n *)*(?:"
    r"(?P<open>[{\[])|(?P<close>[}\]])|(?P<comma>,)|(?P<colon>:(?=[ \n]))"
    # quoted scalars: line breaks (folded, see _fold) but no other control character (the
    # characters of _ODD, in no token, are refused before: a smaller pattern to compile)
    r'|"(?P<dq>[^"\\\x00-\x09\x0b-\x1f\x7f]*)"'
    r"|'(?P<sq>[^'\x00-\x09\x0b-\x1f\x7f]*)'"
    r"|(?P<num>-?(?:0|[1-9][0-9]{0,17})(?P<frac>\.[0-9]{1,15})?)(?=[ \n]*[,}\]])"
    # a plain scalar: starts with a letter; words of neither white space, flow
    # indicators, quotes, '#', ':' nor backslashes, one space or more between them
    r"|(?P<plain>[^\W\d_](?:[^\s,\[\]{}#:\"'\\\x00-\x1f\x7f]"
    r"| +(?=[^\s,\[\]{}#:\"'\\\x00-\x1f\x7f]))*)"
    r")"
)
_FLOW_END = re.compile(r"[ \n]*")
# the characters no token of _FLOW takes (C1 controls, line and paragraph separators,
# surrogates, BOM, non-characters): a text holding one is not simple. Compiled when first
# needed, for a text that is not ASCII.
_ODD_CHARS = "[\x80-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
_ODD: list[re.Pattern[str]] = []
# the plain scalars starting with a letter that YAML 1.1 resolves to no string
_FLOW_WORDS: dict[str, Any] = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("null", "Null", "NULL"), None),
}


class _NotSimple(Exception):
    pass


_BREAKS = re.compile(r" *\n(?: *\n)* *")


def _fold_break(m: re.Match[str]) -> str:
    n = m.group().count("\n")
    return " " if n == 1 else "\n" * (n - 1)


def _fold(text: str) -> str:
    """A quoted scalar's text over several lines as YAML reads it: each line break,
    with the spaces around it, is one space; ``n`` breaks in a row (empty lines between)
    are ``n - 1`` line breaks. A line opening with ``---`` or ``...`` (which could
    be a document marker: an error) is left to PyYAML."""
    if "\n---" in text or "\n..." in text:
        raise _NotSimple
    return _BREAKS.sub(_fold_break, text)


def _flow_token(text: str, pos: int) -> re.Match[str]:
    m = _FLOW.match(text, pos)
    if m is None:
        raise _NotSimple
    return m


def _flow_value(m: re.Match[str], text: str, depth: int) -> tuple[Any, int]:
    """The value starting with token ``m``, and the position after it."""
    kind = m.lastgroup
    if kind == "plain":
        word = m.group("plain")
        return _FLOW_WORDS.get(word, word), m.end()
    if kind == "dq" or kind == "sq":
        text = m.group(kind)
        return (_fold(text) if "\n" in text else text), m.end()
    if kind == "num":
        num = m.group("num")
        return (int(num) if m.group("frac") is None else float(num)), m.end()
    if kind != "open" or depth > 20:
        raise _NotSimple
    pos = m.end()
    if m.group("open") == "[":
        items: list[Any] = []
        m = _flow_token(text, pos)
        if m.lastgroup != "close":
            while True:
                value, pos = _flow_value(m, text, depth + 1)
                items.append(value)
                m = _flow_token(text, pos)
                if m.lastgroup != "comma":
                    break
                m = _flow_token(text, m.end())
        if m.group("close") != "]":
            raise _NotSimple
        return items, m.end()
    mapping: dict[str, Any] = {}
    m = _flow_token(text, pos)
    if m.lastgroup != "close":
        while True:
            kind = m.lastgroup
            if kind == "plain":
                key = m.group("plain")
                if key in _FLOW_WORDS:
                    raise _NotSimple
            elif kind == "dq" or kind == "sq":
                key = m.group(kind)
                if "\n" in key:  # a simple key is one line
                    raise _NotSimple
            else:
                raise _NotSimple
            if key in mapping or _flow_token(text, m.end()).lastgroup != "colon":
                raise _NotSimple
            colon = _FLOW.match(text, m.end())
            value, pos = _flow_value(_flow_token(text, colon.end()), text, depth + 1)  # type: ignore[union-attr]
            mapping[key] = value
            m = _flow_token(text, pos)
            if m.lastgroup != "comma":
                break
            m = _flow_token(text, m.end())
    if m.group("close") != "}":
        raise _NotSimple
    return mapping, m.end()


def flow_data(text: str) -> Any:
    """``text`` read as YAML (as PyYAML's safe loader reads it) when it is a simple flow
    mapping or sequence (see :data:`_FLOW`), else :data:`NOT_SIMPLE`."""
    if not text.isascii():
        if not _ODD:
            _ODD.append(re.compile(_ODD_CHARS))
        if _ODD[0].search(text) is not None:
            return NOT_SIMPLE
    try:
        m = _flow_token(text, 0)
        if m.lastgroup != "open":
            return NOT_SIMPLE
        value, pos = _flow_value(m, text, 0)
    except _NotSimple:
        return NOT_SIMPLE
    if _FLOW_END.match(text, pos).end() != len(text):  # type: ignore[union-attr]
        return NOT_SIMPLE
    return value


NOT_SIMPLE: Any = object()

# ---- simple block mappings without PyYAML: front matter is mostly ``key: value`` lines,
# some with a nested mapping under ``key:`` (``color:`` / ``tagColors:``). :func:`block_data`
# reads those whose every line is blank, a comment, or ``key: value`` on one line (a
# value being a plain scalar of a shape YAML 1.1 reads one way only, a quoted one without
# escapes, or simple flow data); anything else (a sequence, a scalar over several lines, a
# tab, an anchor, a tag, a repeated key, an odd indentation...) is left to PyYAML, as are
# the texts it reads some other way. ``tests/test_argdown_yaml.py`` checks the two agree.
# No regular expressions: compiling them would cost more than reading a front matter.
_KEY_REFUSED = frozenset(",[]{}#:\"'\\")  # in a plain key (some are fine in YAML: left to it)
# every character of the plain scalars starting with a digit that YAML 1.1 reads as a
# number or a date (ints of any base, sexagesimals, floats, timestamps)
_NUMERIC_CHARS = frozenset("0123456789_+-.:abcdefABCDEFxXoOtTzZ ")


def _block_scalar(text: str) -> Any:
    """The value of ``key: text`` (``text`` stripped, not empty, printable: see
    :func:`block_data`), or :data:`NOT_SIMPLE`."""
    first = text[0]
    if first == "{" or first == "[":
        return flow_data(text)
    if first == '"' or first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != first or first in inner or (first == '"' and "\\" in inner):
            return NOT_SIMPLE
        return inner
    # a plain scalar: a letter or digit first, no '#', no ': ', no ':' at the end
    if not first.isalnum() or "#" in text or ": " in text or text[-1] == ":":
        return NOT_SIMPLE
    if first not in "0123456789":  # a letter (or a digit of another script)
        return _FLOW_WORDS.get(text, text)
    whole, dot, frac = text.partition(".")
    if (
        whole.isascii()
        and whole.isdigit()
        and len(whole) <= 18
        and (whole == "0" or first != "0")
        and (not dot or (0 < len(frac) <= 15 and frac.isascii() and frac.isdigit()))
    ):
        return float(text) if dot else int(text)
    if _NUMERIC_CHARS.issuperset(text):
        return NOT_SIMPLE  # perhaps a number or a date of another form
    return text


def block_data(text: str) -> Any:
    """``text`` read as YAML (as PyYAML's safe loader reads it) when it is a simple block
    mapping (see above), else :data:`NOT_SIMPLE`."""
    root: dict[str, Any] = {}
    levels: list[tuple[int, dict[str, Any]]] = []  # (indentation, mapping), outermost first
    open_key: tuple[int, dict[str, Any], str] | None = None  # ``key:`` with no value yet
    leaf = -1  # the indentation of the last ``key: value`` line
    for line in text.split("\n"):
        if not line.isprintable():  # no tab, no control, no odd space, line break or BOM
            return NOT_SIMPLE
        rest = line.lstrip(" ")
        if not rest or rest[0] == "#":
            continue  # a blank line, a comment
        indent = len(line) - len(rest)
        first = rest[0]
        if first == '"' or first == "'":
            close = rest.find(first, 1)
            key = rest[1:close]
            if close < 0 or (first == '"' and "\\" in key):
                return NOT_SIMPLE
            after = rest[close + 1 :].lstrip(" ")
        elif first.isalpha():
            colon = rest.find(":")
            key = rest[:colon].rstrip(" ")
            if colon < 0 or not _KEY_REFUSED.isdisjoint(key) or key in _FLOW_WORDS:
                return NOT_SIMPLE
            after = rest[colon:]
        else:
            return NOT_SIMPLE
        if after[:1] != ":" or after[1:2] not in ("", " ") or len(key) > 512:
            return NOT_SIMPLE
        if open_key is not None:
            above, mapping, name = open_key
            open_key = None
            if indent > above:  # a nested mapping
                if len(levels) > 20:
                    return NOT_SIMPLE
                mapping[name] = {}
                levels.append((indent, mapping[name]))
        elif indent > leaf >= 0:  # a scalar going on over lines, or an error
            return NOT_SIMPLE
        if not levels:
            levels.append((indent, root))
        while levels and levels[-1][0] > indent:
            levels.pop()
        if not levels or levels[-1][0] != indent:
            return NOT_SIMPLE
        mapping = levels[-1][1]
        if key in mapping:
            return NOT_SIMPLE
        value = after[1:].strip(" ")
        if not value:
            mapping[key] = None
            open_key = (indent, mapping, key)
            leaf = -1
            continue
        data = _block_scalar(value)
        if data is NOT_SIMPLE:
            return NOT_SIMPLE
        mapping[key] = data
        leaf = indent
    return root if levels else NOT_SIMPLE


def load_yaml(text: str, fail: Callable[[str, int, int], ArgmapSyntaxError], expected: str) -> Any:
    """Safe-load YAML; ``fail(message, line_offset, column)`` builds the located error."""
    value = flow_data(text) if text[:1] == "{" else block_data(text)
    if value is not NOT_SIMPLE:
        return value  # new containers each time: callers never share them
    cached = _YAML_CACHE.get(text, _MISSING)
    if cached is not _MISSING:
        return plain(cached)  # plain() copies, so callers never share containers
    yaml, loader = _yaml()
    try:
        value = yaml.load(text, Loader=loader)
        result = plain(value)
        if len(_YAML_CACHE) < 4096:
            _YAML_CACHE[text] = value
        return result
    except (_TooBig, RecursionError) as exc:
        err = fail("YAML data too large or self-referencing (aliases)", 0, 1)
        raise with_expected(err, "plain YAML data without deep aliases") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = exc.problem or str(exc)
        context = exc.context or ""
        cm = exc.context_mark
        opener = text[cm.index : cm.index + 1] if cm is not None else ""
        closer = {"[": "]", "{": "}", '"': '"', "'": "'"}.get(opener)
        if cm is not None and closer is not None and closer not in text[cm.index + 1 :]:
            # an unclosed bracket or quote: PyYAML notices where it gives up (often the
            # next line); the author needs where the unclosed thing opened
            mark = cm
            what = context.removeprefix("while parsing ").removeprefix("while scanning ")
            problem = f"the {what.removeprefix('a ')} opened here is not closed ({problem})"
        line = mark.line if mark is not None else 0
        col = mark.column + 1 if mark is not None else 1
        err = fail(f"invalid YAML data: {problem}", line, col)
        raise with_expected(err, expected) from exc
    except Exception as exc:  # PyYAML raises assorted errors (ValueError...) on odd input
        raise with_expected(fail(f"invalid YAML data: {exc}", 0, 1), expected) from exc


_OPENERS = ("/*", "<!--", "//")


class _Openers:
    """The next comment opener at or after a position, found with ``str.find`` (much
    faster than a regex over a large text); each opener's next position is kept."""

    __slots__ = ("next", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.next = [text.find(tok) for tok in _OPENERS]

    def search(self, pos: int) -> tuple[int, str] | None:
        best: tuple[int, str] | None = None
        nxt = self.next
        for k, tok in enumerate(_OPENERS):
            at = nxt[k]
            if 0 <= at < pos:
                at = nxt[k] = self.text.find(tok, pos)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, tok)
        return best


_IGNORE = re.compile(r"argmap:[ \t]*ignore(?:\[(?P<codes>[^\]]*)\])?")


class Notes:
    """What preprocessing collects besides the lines: syntax errors (when recovering)
    and ``argmap: ignore[...]`` comments, as ``(source, line, column, codes, lines)``
    where ``lines`` are the line numbers the comment silences."""

    __slots__ = ("errors", "ignores")

    def __init__(self) -> None:
        self.errors: list[ArgmapSyntaxError] = []
        self.ignores: list[tuple[SourceText, int, int, list[str], tuple[int, ...]]] = []

    def fail(self, err: ArgmapSyntaxError) -> None:
        self.errors.append(err)


def _ignore_comment(text: str, s: int, end: int, source: SourceText, notes: Notes) -> None:
    """Record an ``argmap: ignore[CODES]`` comment spanning ``text[s:end]``: it silences
    its own line, or, alone on its line, the next line with text."""
    m = _IGNORE.search(text, s, end)
    if m is None:
        return
    line = text.count("\n", 0, s) + 1
    start = text.rfind("\n", 0, s) + 1
    col = m.start() - start + 1
    codes = [c.strip().upper() for c in (m.group("codes") or "").split(",") if c.strip()]
    after = text.find("\n", end)
    after = len(text) if after < 0 else after
    alone = not text[start:s].strip() and not text[end:after].strip()
    lines: tuple[int, ...] = (line,)
    if alone:
        nxt, n = after, line + text.count("\n", s, after)
        while nxt < len(text):
            eol = text.find("\n", nxt + 1)
            eol = len(text) if eol < 0 else eol
            n += 1
            if text[nxt + 1 : eol].strip():
                lines = (line, n)
                break
            nxt = eol
    notes.ignores.append((source, line, col, codes, lines))


def _strip_comments(text: str, source: SourceText, notes: Notes | None = None) -> str:
    """Replace comments by marks, keeping the line structure (a comment over several
    lines leaves a mark on each)."""
    openers = _Openers(text)
    m = openers.search(0)
    if m is None:
        return text
    parts: list[str] = []
    i = 0
    while m is not None:
        s, tok = m
        k = s
        while k > 0 and text[k - 1] == "\\":
            k -= 1
        if (s - k) % 2 or (tok == "//" and s > 0 and not text[s - 1].isspace()):
            m = openers.search(s + 1)  # escaped, or part of a URL
            continue
        if tok == "//":
            end = text.find("\n", s)
            end = len(text) if end < 0 else end
            parts.append(text[i:s])
            parts.append(COMMENT_MARK)
        else:
            closer = "*/" if tok == "/*" else "-->"
            close = text.find(closer, s + len(tok))
            if close < 0:
                line = text.count("\n", 0, s) + 1
                col = s - (text.rfind("\n", 0, s) + 1) + 1
                err = source.error(f"unterminated comment {tok}", line, col, expected=closer)
                if notes is None:
                    raise err
                notes.fail(err)  # the rest of the text is the comment
                close = len(text) - len(closer)
            end = close + len(closer)
            parts.append(text[i:s])
            parts.append(COMMENT_MARK + ("\n" + COMMENT_MARK) * text.count("\n", s, end))
        if notes is not None and "argmap" in text[s:end]:
            _ignore_comment(text, s, end, source, notes)
        i = end
        m = openers.search(i)
    parts.append(text[i:])
    return "".join(parts)


def split_front_matter(
    text: str, source: SourceText, notes: Notes | None = None
) -> tuple[dict[str, Any], str]:
    """Front matter between ``===`` fences at the top, and the text with it blanked out.

    With ``notes``, an error is recorded there (and the front matter taken as empty)
    instead of raised."""
    first = len(text) - len(text.lstrip(" \t\n"))  # only blank lines before it
    if not text.startswith("===", first):
        return {}, text
    # found in the text (not by splitting it all into lines: it can be large)
    line_start = text.rfind("\n", 0, first) + 1
    if line_start != first or _FENCE_LINE.match(text, first) is None:
        return {}, text
    start = text.count("\n", 0, first)  # the opening fence's line index
    body_start = text.find("\n", first) + 1
    closing = _FENCE_LINE.search(text, body_start) if body_start else None
    if closing is None:
        err = source.error(
            "front matter is not closed", start + 1, 1, expected="a closing === line"
        )
        if notes is None:
            raise err
        notes.fail(err)
        return {}, ""
    end = start + 1 + text.count("\n", body_start, closing.start())
    body = text[body_start : closing.start() - 1] if end > start + 1 else ""
    after = text.find("\n", closing.start())
    rest = text[after + 1 :] if after >= 0 else ""

    def fail(message: str, offset: int, column: int) -> ArgmapSyntaxError:
        return source.error(message, start + 2 + offset, column)

    blanked = "\n" * (end + 1) + rest
    try:
        data = load_yaml(body, fail, "YAML key: value lines") if body.strip() else {}
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise source.error(
                "front matter must be a YAML mapping", start + 2, 1, expected="key: value lines"
            )
    except ArgmapSyntaxError as err:
        if notes is None:
            raise
        notes.fail(err)
        data = {}
    return data, blanked


def prepare(
    text: str, path: str | None, notes: Notes | None = None
) -> tuple[dict[str, Any], str, SourceText]:
    """Front matter, and the body: the text with line ends normalised, the front matter
    blanked out and comments replaced by marks (:data:`COMMENT_MARK`), line for line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    source = SourceText(path, text)
    front, body = split_front_matter(text, source, notes)
    return front, _strip_comments(body, source, notes), source


def lines_of(body: str, source: SourceText, first: int = 1) -> list[Line]:
    """The lines of ``body`` (a prepared text without includes, or a run of its lines
    starting at line ``first``): comment marks taken out, and a line holding only a
    comment is no line at all."""
    raw_lines = body.split("\n")
    lines: list[Line | None] = list(map(Line, zip(raw_lines, count(first), repeat(source))))
    mark = body.find(COMMENT_MARK)
    if mark < 0:
        return lines  # type: ignore[return-value]
    i = done = 0
    while mark >= 0:  # the lines with comment marks, found in the text
        i += body.count("\n", done, mark)
        done = mark
        raw = raw_lines[i].replace(COMMENT_MARK, "")
        lines[i] = Line((raw, i + first, source)) if raw.strip() else None
        nl = body.find("\n", mark)
        if nl < 0:
            break
        mark = body.find(COMMENT_MARK, nl)
    return list(filter(None, lines))


def preprocess(
    text: str,
    path: str | None,
    *,
    includes: bool = True,
    notes: Notes | None = None,
    _seen: set[str] | None = None,
    _out: list[Line] | None = None,
    _rules: IncludeRules | None = None,
) -> tuple[dict[str, Any], list[Line]]:
    """Front matter and the lines of ``text`` (with includes expanded within ``_rules``:
    see :func:`argmap._limits.read_include`).

    With ``notes``, syntax errors are recorded there and preprocessing goes on (an
    unclosed comment takes the rest of its file), and ignore comments are collected."""
    front, body, source = prepare(text, path, notes)
    out: list[Line] = [] if _out is None else _out
    seen = _seen if _seen is not None else set()
    if path is not None:
        seen.add(os.path.realpath(path))
    if not (includes and "@include(" in body):
        out.extend(lines_of(body, source))
        return front, out
    for n, raw in enumerate(body.split("\n"), 1):
        if COMMENT_MARK in raw:
            raw = raw.replace(COMMENT_MARK, "")
            if not raw.strip():
                continue  # a line holding only a comment is no line at all
        if "@include(" in raw:
            m = _INCLUDE.match(raw)
            if m is not None:
                try:
                    _include(m.group("files"), path, source, n, raw, seen, out, notes, _rules)
                except ArgmapSyntaxError as err:
                    if notes is None:
                        raise
                    notes.fail(err)
                continue
        out.append(Line((raw, n, source)))
    return front, out


def _include(
    files: str,
    path: str | None,
    source: SourceText,
    lineno: int,
    raw: str,
    seen: set[str],
    out: list[Line],
    notes: Notes | None = None,
    rules: IncludeRules | None = None,
) -> None:
    """Expand one ``@include(a, b)`` line: each file is read within ``rules`` (confined
    to its root folder, a regular file, within the byte budget); one that is refused is
    an error located at its name in the ``@include``."""
    if rules is None:
        rules = IncludeRules.for_input(path, None, text=source.text)
    base = rules.base(path)
    start = raw.index("@include(") + len("@include(")
    for part in _parts(files):
        name = part[0].strip().strip("\"'")
        col = start + part[1] + 1 + (len(part[0]) - len(part[0].lstrip()))
        if not name:
            raise source.error("empty @include", lineno, col, expected="a file name")
        target = os.path.join(base, name)
        if os.path.realpath(target) in seen:
            log.warning("%s:%d: skipping %s, it is already included", path, lineno, name)
            continue
        try:
            data = read_include(target, rules)
        except ValueError as exc:  # refused: outside the root, not a file, too large
            raise source.error(f"cannot include {name}: {exc}", lineno, col) from exc
        except OSError as exc:
            raise source.error(
                f"cannot include {name}: {exc.strerror or exc}",
                lineno,
                col,
                expected="a readable UTF-8 file, relative to the including file",
            ) from exc
        sub_front, _ = preprocess(data, target, notes=notes, _seen=seen, _out=out, _rules=rules)
        if sub_front:
            log.info("%s: front matter of an included file is ignored", target)


def _parts(files: str) -> list[tuple[str, int]]:
    """The comma-separated names of an ``@include`` with their offsets."""
    found = []
    pos = 0
    for piece in files.split(","):
        found.append((piece, pos))
        pos += len(piece) + 1
    return found
