"""A hand-written Argdown parser producing an :class:`ArgumentMap`.

One pass over the text builds an intermediate form (equivalence classes of statements
by title, arguments by title, premise-conclusion structures, relations, sections); a
second pass assigns ids and builds the model. Both passes are linear. In the first,
paragraphs of the common shapes are each matched by one regex (the fast path,
:meth:`_Parser.parse_text`); every other paragraph is read line by line
(:meth:`_Parser.parse_lines`, the general path, which alone reports syntax errors). The
two give the same result (``tests/test_argdown_fastpath.py`` compares them).

How Argdown maps onto argmap:

* a statement equivalence class (every ``[Title]`` with its texts) is one
  :class:`~argmap.Statement`; its first text is the text, further different texts are
  kept in ``meta["other_texts"]``; untitled statements get ids derived from their text;
* an argument ``<Title>`` is an :class:`~argmap.Argument` whose ``text`` is its first
  description (others in ``meta["other_descriptions"]``);
* a premise-conclusion structure gives the argument its ``premises`` (the numbered
  statements that are not concluded by an inference) and its ``conclusion`` (the last
  statement). When it has intermediary conclusions, or its inferences name rules or carry
  data, the whole structure is kept in ``meta["pcs"]``: a list of statement ids and, in
  between, one mapping per inference (``{"rules": [...], "data": {...}}``). Each inference
  there derives the statement after it from the statements since the previous inference
  (the previous conclusion included) or, with ``uses: [n, ...]`` in its data, from the
  statements numbered so;
* relations (``+ <+ +> - <- -> _ <_ _> ><``) become support, attack, undercut and
  contradiction relations (duplicates, and contradictions in both directions, count once);
* headings become nested groups; front matter becomes title, description and meta;
* as in Argdown, a relation from a reconstructed argument (one with a
  premise-conclusion structure) is a relation from its main conclusion (and one to
  that conclusion itself is dropped), and a relation to a reconstructed argument is
  dropped when the same relation goes to one of its premises; the front matter
  ``argmap: {argument-relations: explicit}`` turns both off (the writer says so
  when it must);
* data ``{source: ...}`` / ``{sources: [...]}`` makes a statement evidence (see
  ``docs``: the Argdown evidence convention), other data keys go to ``meta``; a data key
  ``title`` on a statement or argument sets the argmap title apart from the Argdown
  title (which is then the id), and ``id`` on a heading sets the group id.
"""

from __future__ import annotations

import gc
import os
import re
from collections import deque
from itertools import chain, compress, count, repeat
from operator import (
    add,
    and_,
    attrgetter,
    eq,
    is_,
    is_not,
    itemgetter,
    lt,
    mul,
    ne,
    not_,
    or_,
)
from typing import Any

import attrs

from ..._errors import ArgmapSyntaxError
from ..._gc import promote_survivors
from ..._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ELEMENTS, IncludeRules
from ..._model import (
    Argument,
    ArgumentMap,
    Group,
    Location,
    Relation,
    RelationKind,
    Source,
    Statement,
    StatementKind,
    _trusted_many,
    _trusted_statement,
    relation_id,
    slugify,
)
from ..._validate import Finding, Suppressions, finding
from ._inline import parse_inline, unescape
from ._lexer import Line, Notes, SourceText, lines_of, plain, prepare, preprocess

__all__ = ["parse_argdown"]

_REL = re.compile(r"(<\+|<-|<_|\+>|->|_>|><|\+|-|_)(?:[ \t]+|$)")
_PCS = re.compile(r"\((\d+)\)(?:[ \t]+|$)")
_LIST = re.compile(r"(?:\*|\d+\.)[ \t]+")
_HEADING = re.compile(r"(#+)[ \t]+(?=\S)")
_INFER = re.compile(r"--")
_STMT_TITLE = re.compile(r"\[((?:\\.|[^\]\\\n])*)\]")
_ARG_TITLE = re.compile(r"<((?:\\.|[^>\\\n])*)>")
_AFTER_REF = re.compile(r"[ \t]*(?:$|#|\{)")
_INFER_FULL = re.compile(r"-{2,}[ \t]*$")
_SPECIAL = re.compile(r"[\\{#]")  # text needing parse_inline (mentions alone do not)
_INFER_CLOSE = re.compile(r"(.*?)[ \t]*-{2,}[ \t]*$")
# first characters of a line that may be more than the text of the paragraph it continues
_NOT_PLAIN = frozenset("+-_<>[(")
_CLOSERS = ("]", ">")

# ---- the fast path (see _Parser.parse_text): whole paragraphs of the common shapes,
# matched in one go over the text. Every piece is a subset of what the general parser
# (_Parser.parse_lines) accepts, chosen so that a match means the general parser reads
# the paragraph without an error and to the same effect; anything else (and anything a
# fast handler declines) is left to the general parser, paragraph by paragraph.
_SYM = r"(?:<\+|<-|<_|\+>|->|_>|><|\+|-|_)"  # as _REL, same order
# titles that need no unescaping or whitespace normalising; an argument title does not
# start with + - _ ("<- x>" at the start of a paragraph is a relation to the general path)
_ST = r"[^\s\]\\\x00]+(?: [^\s\]\\\x00]+)*"
_AT = r"[^\s>\\\x00+\-_][^\s>\\\x00]*(?: [^\s>\\\x00]+)*"
_REL_ROW = rf"\n +{_SYM}[ \t]+(?:\[{_ST}\]|<{_AT}>)[ \t]*"
# the paragraph ends: the next line is empty (lines holding only a comment do not count)
_END = r"(?=(?:\n[ \t]*\x00[ \t\x00]*)*(?:\n[ \t]*(?:\n|\Z)|\Z))"
# a line continuing a paragraph's text: unindented, and not starting like a relation, a
# title or a numbered statement would (those the general path tells apart); it may start
# like _italic_, a [link](url) or a (parenthesis)
# (its rest, as the first line's text, may hold a comment mark: [^\n] scans in a tight
# loop where a class of two needs a set test a character; the handler declines then)
_MORE = r"\n(?:[^\n\x00 \t+\-_<>\[(]|_\w|\[[^\]\\\n\x00]*\]\(|\((?!\d+\)(?:[ \t\n]|\Z)))[^\n]*"
# [Title]: text / <Title>: text / [Title] / <Title>, continued by unindented lines of
# plain text, then relations to bare references
_FAST_DEF = re.compile(
    rf"(?:\[(?P<st>{_ST})\]|<(?P<at>{_AT})>)"
    rf"(?:(?P<colon>:)(?P<text>[^\n]*(?:{_MORE})*)|[ \t]*)"
    rf"(?P<rels>(?:{_REL_ROW})*){_END}"
)
# a relation row: (everything before the reference, indentation, symbol, title, title)
_REL_ROWS = re.compile(rf"^(( +)({_SYM})[ \t]+)(?:\[({_ST})\]|<({_AT})>)[ \t]*$", re.MULTILINE)
# a premise-conclusion structure of (n) [Title] lines (with relations below them) and
# inferences: ----- or --, one line of rules and data, --
_P_ROW = rf"\(\d+\)[ \t]+\[{_ST}\][ \t]*(?:{_REL_ROW})*"
_INF_ROW = r"\n(?:-{3,}|--[ \t]*\n[^\n\x00]+\n-{2,})[ \t]*"
_FAST_PCS = re.compile(rf"{_P_ROW}(?:\n{_P_ROW})*(?:{_INF_ROW}\n{_P_ROW}(?:\n{_P_ROW})*)+{_END}")
_P_PARTS = re.compile(rf"\((\d+)\)[ \t]+\[({_ST})\]")
_FAST_HEAD = re.compile(rf"(#+)[ \t]+(?=\S)([^\n\x00]*){_END}")
_BLANKS = re.compile(r"[ \t\x00\n]*")  # empty lines and lines holding only comments
_PARA_END = re.compile(r"\n[ \t]*(?:\n|\Z)")


def _declined(message: str, offset: int, column: int) -> ArgmapSyntaxError:
    """The error of an inline parse on the fast path: the paragraph goes to the general
    path, which reports it with its location."""
    return ArgmapSyntaxError(message)


_VERBS = {
    RelationKind.SUPPORT: "supports",
    RelationKind.ATTACK: "attacks",
    RelationKind.UNDERCUT: "undercuts",
    RelationKind.CONTRADICTION: "contradicts",
}
MAX_ERRORS = 100
"""At most this many syntax errors are reported for one input (then reading stops)."""


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# relation symbol -> (kind, child is the source)
_RELATIONS: dict[str, tuple[RelationKind, bool]] = {
    "+": (RelationKind.SUPPORT, True),
    "<+": (RelationKind.SUPPORT, True),
    "+>": (RelationKind.SUPPORT, False),
    "-": (RelationKind.ATTACK, True),
    "<-": (RelationKind.ATTACK, True),
    "->": (RelationKind.ATTACK, False),
    "_": (RelationKind.UNDERCUT, True),
    "<_": (RelationKind.UNDERCUT, True),
    "_>": (RelationKind.UNDERCUT, False),
    "><": (RelationKind.CONTRADICTION, False),
}

_KIND_VALUE = {kind: kind.value for kind in RelationKind}  # cheaper than the enum property

_get_nid = attrgetter("nid")
_get_pcs = attrgetter("pcs")
_get_pcs_head = attrgetter("pcs_head")
_first = itemgetter(0)
_last = itemgetter(-1)
_get_src = attrgetter("src")
_get_lineno = attrgetter("lineno")
_get_col = attrgetter("col")
_get_texts = attrgetter("texts")
_get_title = attrgetter("title")
_get_tags = attrgetter("tags")
_get_group = attrgetter("group")
_get_path = attrgetter("path")

_FLAT_SOURCE_KEYS = ("author", "publisher", "url", "published", "quote", "locator", "document")
_ITEM_KEYS = ("title", *_FLAT_SOURCE_KEYS)


_NO_DATA: dict[str, Any] = {}  # never changed: a node without data holds it


class _Node:
    """A statement equivalence class or an argument, while parsing."""

    __slots__ = (
        "col",
        "data",
        "decl",
        "defined",
        "group",
        "is_arg",
        "lineno",
        "nid",
        "pcs",
        "pcs_head",
        "pcs_ids",
        "placed",
        "src",
        "tags",
        "text_at",
        "texts",
        "title",
    )

    def __init__(
        self,
        title: str | None,
        is_arg: bool,
        src: SourceText,
        lineno: int,
        col: int,
        group: str | None,
    ) -> None:
        self.title = title
        self.is_arg = is_arg
        self.texts: list[str] = []
        # tags and data: shared empty values until the node has some (most never do)
        self.tags: list[str] | tuple[()] = ()
        self.data: dict[str, Any] = _NO_DATA
        # where it first appears (its location in the map)
        self.src = src
        self.lineno = lineno
        self.col = col
        self.group = group
        self.defined = False  # seen with a text: its group is where that happened
        self.placed = False  # seen at the top level (as a paragraph of its own)
        self.pcs: list[Any] | None = None
        # set with pcs by the fast path in the common case: (conclusion id, premise ids)
        self.pcs_ids: tuple[str, tuple[str, ...]] | None = None
        self.pcs_head: list[_Node] | None = None  # then its statements above the inference
        self.nid = ""  # its id in the map, given when the map is built
        # first "[Title]:" (a definition): (source, line, column)
        self.decl: tuple[SourceText, int, int] | None = None
        self.text_at: tuple[int, int, str] | None = None  # (line, column, first line)

    def where(self) -> tuple[SourceText, int, int]:
        """Its definition, else its first appearance: (source, line, column)."""
        return self.decl or (self.src, self.lineno, self.col)


class _Elem:
    """One occurrence of a node in the text: its lines are collected, then merged."""

    __slots__ = ("col", "indent", "line", "node", "parts")

    def __init__(self, node: _Node, first: str, line: Line, col: int, indent: int) -> None:
        self.node = node
        self.parts = [first]
        self.line = line
        self.col = col
        self.indent = indent


class _Heading:
    __slots__ = ("level", "line", "parts")

    def __init__(self, level: int, first: str, line: Line) -> None:
        self.level = level
        self.parts = [first]
        self.line = line


class _Parser:
    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.statements: dict[str, _Node] = {}
        self.arguments: dict[str, _Node] = {}
        self.order: list[_Node] = []  # every node, in order of first appearance
        # (kind, source, target, where: source text, line and column)
        self.relations: list[tuple[RelationKind, _Node, _Node, SourceText, int, int]] = []
        self.groups: list[tuple[str, str, str | None, dict[str, Any], Line]] = []
        self.group_ids: set[str] = set()
        self.section_stack: list[tuple[int, str]] = []
        self.group: str | None = None
        self.refs: dict[str, _Node] = {}  # bare reference text ([Title] or <Title>) -> node
        self.errors: list[ArgmapSyntaxError] = []
        self.findings: list[Finding] = []
        self.max_errors = MAX_ERRORS
        self.notes: Notes | None = None
        self.path: str | None = None
        self.prev_top: _Node | None = None  # the node of the last paragraph, if a text
        # the fast path's inference lines read so far (they repeat): rules and data
        self.inferences: dict[str, tuple[list[str], dict[str, Any]]] = {}

    # ------------------------------------------------------------------ nodes
    def statement(self, title: str | None, line: Line, col: int) -> _Node:
        if title is not None:
            node = self.statements.get(title)
            if node is not None:
                return node
        node = _Node(title, False, line[2], line[1], col, self.group)
        if title is not None:
            self.statements[title] = node
        self.order.append(node)
        return node

    def argument(self, title: str | None, line: Line, col: int) -> _Node:
        if title is not None:
            node = self.arguments.get(title)
            if node is not None:
                return node
        node = _Node(title, True, line[2], line[1], col, self.group)
        if title is not None:
            self.arguments[title] = node
        self.order.append(node)
        return node

    def element(self, content: str, line: Line, col: int, indent: int, *, in_pcs: bool) -> _Elem:
        """An element starting with ``content`` (at 1-based column ``col``)."""
        node = self.refs.get(content)
        if node is not None:  # a bare reference seen before: [Title] or <Title>
            if node.is_arg and in_pcs:
                raise line.error(
                    "an argument cannot be a premise or conclusion",
                    col,
                    expected="a statement: text, [Title] or [Title]: text",
                )
            return _Elem(node, "", line, col + len(content), indent)
        first = content[:1]
        if first == "[":
            m = _STMT_TITLE.match(content)
            if m is not None:
                end = m.end()
                after = content[end : end + 1]
                if after != "(":
                    title = m.group(1)
                    if "\\" in title:
                        title = unescape(title)
                    title = " ".join(title.split())
                    if not title:
                        raise line.error("empty statement title", col, expected="[Title]")
                    if after == ":":
                        node = self.statements.get(title)
                        if node is None:
                            node = self.statement(title, line, col)
                        if node.decl is None:
                            node.decl = (line[2], line[1], col)
                        return _Elem(node, content[end + 1 :], line, col + end + 1, indent)
                    rest = content[end:]
                    if rest and _AFTER_REF.match(rest) is None:
                        raise line.error(
                            "unexpected text after a statement reference",
                            col + end,
                            expected="':' after the title to define the statement, or a new line",
                        )
                    node = self.statements.get(title)
                    if node is None:
                        node = self.statement(title, line, col)
                    if not rest:
                        self.refs[content] = node
                    return _Elem(node, rest, line, col + end, indent)
        elif first == "<":
            m = _ARG_TITLE.match(content)
            if m is not None:
                end = m.end()
                title = m.group(1)
                if "\\" in title:
                    title = unescape(title)
                title = " ".join(title.split())
                if not title:
                    raise line.error("empty argument title", col, expected="<Title>")
                if in_pcs:
                    raise line.error(
                        "an argument cannot be a premise or conclusion",
                        col,
                        expected="a statement: text, [Title] or [Title]: text",
                    )
                rest = content[end:]
                if rest[:1] == ":":
                    node = self.argument(title, line, col)
                    if node.decl is None:
                        node.decl = (line[2], line[1], col)
                    return _Elem(node, rest[1:], line, col + end + 1, indent)
                if rest and _AFTER_REF.match(rest) is None:
                    raise line.error(
                        "unexpected text after an argument reference",
                        col + end,
                        expected="':' after the title to define the argument, or a new line",
                    )
                node = self.argument(title, line, col)
                if not rest:
                    self.refs[content] = node
                return _Elem(node, rest, line, col + end, indent)
        if first == "[" or first == "<" or content[-1:] in _CLOSERS:
            self._bracket(content, line, col)
        return _Elem(self.statement(None, line, col), content, line, col, indent)

    def _bracket(self, content: str, line: Line, col: int) -> None:
        """Warn about a text that looks like a reference but is not one."""
        first = content[:1]
        loc = Location(line.source.path, line.lineno, col)
        if first == "[" and "]" not in content:
            self.findings.append(
                finding(
                    "W402",
                    f"'[' is never closed: {_short(content)!r} is read as text",
                    location=loc,
                )
            )
        elif first == "<" and ">" not in content and content[1:2].strip():
            self.findings.append(
                finding(
                    "W402",
                    f"'<' is never closed: {_short(content)!r} is read as text",
                    location=loc,
                )
            )
        else:
            text = content.rstrip()
            last = text[-1:]
            opener = "[" if last == "]" else "<"
            if (
                last in _CLOSERS
                and opener not in text
                and text[-2:-1].strip()
                and text[-2:-1] not in "\\-=+_"
            ):
                at = attrs.evolve(loc, column=col + len(text) - 1)
                self.findings.append(
                    finding(
                        "W403",
                        f"{last!r} was never opened: {_short(content)!r} is read as text",
                        location=at,
                    )
                )

    def _text(
        self, node: _Node, text: str, src: SourceText, lineno: int, col: int, first: str
    ) -> None:
        """Add a text to a node: its first, or another one (which Argdown keeps too);
        the element's text starts at column ``col`` of line ``lineno`` with ``first``."""
        texts = node.texts
        if not texts:
            if not node.defined:
                node.group = self.group
            node.defined = True
            texts.append(text)
            node.text_at = (lineno, col, first)
        elif text not in texts:
            texts.append(text)
            if node.title is not None:
                what = (
                    f"<{node.title}> is described" if node.is_arg else f"[{node.title}] is defined"
                )
                at = node.text_at
                where = f" (first at {at[0]}:{_lead(at[1], at[2])})" if at else ""
                col = _lead(col, first)
                self.findings.append(
                    finding(
                        "W105",
                        f"{what} again with a different text{where}; both texts are kept",
                        location=Location(src.path, lineno, col),
                    )
                )

    def finish(self, elem: _Elem) -> None:
        """Merge an element's text, tags and data into its node."""
        parts = elem.parts
        if len(parts) == 1:
            text = parts[0]
            if not text:
                return  # a bare reference
        else:
            text = "\n".join(parts)
        node = elem.node
        if _SPECIAL.search(text) is None:
            text = " ".join(text.split())
            if text:
                if node.texts or node.defined:
                    line = elem.line
                    self._text(node, text, line[2], line[1], elem.col, parts[0])
                else:  # the common case, inline: a node's first text
                    node.group = self.group
                    node.defined = True
                    node.texts.append(text)
                    node.text_at = (elem.line[1], elem.col, parts[0])
            return
        line = elem.line
        src = line.source

        def fail(message: str, offset: int, column: int) -> ArgmapSyntaxError:
            col = _column(src, line, offset, column, elem.col)
            return src.error(message, line.lineno + offset, col)

        text, tags, data = parse_inline(text, fail)
        if text:
            self._text(node, text, src, line[1], elem.col, parts[0])
        if tags:
            have = node.tags
            if not have:
                node.tags = list(tags)  # distinct already
            else:
                for t in tags:
                    if t not in have:
                        have.append(t)
        if data:
            if node.data:
                node.data.update(data)
            else:
                node.data = dict(data)

    # ------------------------------------------------------------------ fast path
    def parse_text(self, body: str, source: SourceText) -> None:
        """Parse a prepared text (no includes): paragraphs of the common shapes on the
        fast path, every other paragraph with :meth:`parse_lines`.

        The commonest paragraph, a statement or argument with a plain text (or none) and
        relations to bare references below it, is read here inline (what
        :meth:`_fast_def` does, with the tables and functions in locals); the others of
        the fast shapes go to their handlers."""
        n = len(body)
        pos = 0
        lineno = 1
        skip, para_end = _BLANKS.match, _PARA_END.search
        fast_def, fast_pcs, fast_head = _FAST_DEF.match, _FAST_PCS.match, _FAST_HEAD.match
        rel_rows = _REL_ROWS.findall
        statements, arguments = self.statements, self.arguments
        new_node, add_node, add_rel = _Node, self.order.append, self.relations.append
        relations = _RELATIONS
        while True:
            e = skip(body, pos).end()  # type: ignore[union-attr]  # matches, maybe empty
            if e >= n:
                return
            nl = body.rfind("\n", pos, e)
            if nl >= 0:
                lineno += body.count("\n", pos, nl + 1)
                pos = nl + 1
            c = body[pos]
            m = None
            if c == "[" or c == "<":
                m = fast_def(body, pos)
                if m is not None:
                    title, at, colon, raw, rels = m.groups()
                    if raw and "\x00" in raw:
                        m = None  # a comment in the text: the general path
                    elif (raw and ("#" in raw or "{" in raw or "\\" in raw)) or (
                        rels and "><" in rels
                    ):  # tags, data, escapes (as _SPECIAL finds) or contradictions: the handler
                        if not self._fast_def(m, body, pos, lineno, source):
                            m = None
                    else:  # as _fast_def does it
                        group = self.group
                        if title is None:
                            node = arguments.get(at)
                            if node is None:
                                node = arguments[at] = new_node(at, True, source, lineno, 1, group)
                                add_node(node)
                        else:
                            node = statements.get(title)
                            if node is None:
                                node = statements[title] = new_node(
                                    title, False, source, lineno, 1, group
                                )
                                add_node(node)
                        if colon is not None and node.decl is None:
                            node.decl = (source, lineno, 1)
                        if not node.defined and not node.placed:
                            node.group = group
                            node.placed = True
                        if raw:
                            clean = " ".join(raw.split())
                            if clean:
                                ts = m.start(4)
                                eol = raw.find("\n")
                                first = raw if eol < 0 else raw[:eol]
                                if node.texts or node.defined:
                                    self._text(node, clean, source, lineno, ts - pos + 1, first)
                                else:
                                    node.group = group
                                    node.defined = True
                                    node.texts.append(clean)
                                    node.text_at = (lineno, ts - pos + 1, first)
                        if rels:
                            below = lineno + 1 + (raw.count("\n") if raw else 0)
                            k0 = 0
                            parent = node
                            stack: list[tuple[int, _Node]] = []
                            for lead, ind, sym, st, at in rel_rows(rels):
                                k = len(ind)
                                if k <= k0:
                                    while stack and stack[-1][0] >= k:
                                        stack.pop()
                                    parent = stack[-1][1] if stack else node
                                else:
                                    stack.append((k0, parent))
                                if st:
                                    child = statements.get(st)
                                    if child is None:
                                        child = statements[st] = new_node(
                                            st, False, source, below, len(lead) + 1, group
                                        )
                                        add_node(child)
                                else:
                                    child = arguments.get(at)
                                    if child is None:
                                        child = arguments[at] = new_node(
                                            at, True, source, below, len(lead) + 1, group
                                        )
                                        add_node(child)
                                kind, child_is_source = relations[sym]
                                if child_is_source:
                                    add_rel((kind, child, parent, source, below, k + 1))
                                else:
                                    add_rel((kind, parent, child, source, below, k + 1))
                                below += 1
                                k0 = k
                                parent = child
                        self.prev_top = node
            elif c == "(":
                m = fast_pcs(body, pos)
                if m is not None and not self._fast_pcs(m.group(), lineno, source):
                    m = None
            elif c == "#":
                m = fast_head(body, pos)
                if m is not None and not self._fast_heading(m, lineno, source):
                    m = None
            if m is not None:
                end = m.end()
            else:  # the general path, for this paragraph
                b = para_end(body, pos)
                end = b.start() if b is not None else n
                if not self.parse_lines(lines_of(body[pos:end], source, lineno)):
                    return
            lineno += body.count("\n", pos, end)
            pos = end

    def _fast_def(
        self, m: re.Match[str], body: str, pos: int, lineno: int, src: SourceText
    ) -> bool:
        """A paragraph of a statement or argument (defined, or a bare reference) with
        relations below it; False (nothing done) to leave it to the general path."""
        title, at, colon, raw, rels = m.groups()
        if raw and "\x00" in raw:
            return False  # a comment in the text (see _MORE)
        is_arg = title is None
        if is_arg:
            title = at
        rows = _REL_ROWS.findall(rels) if rels else ()
        if rows and "><" in rels and not _contradictions_ok(rows, is_arg):
            return False
        tags: list[str] = []
        data: dict[str, Any] = {}
        clean = raw
        if raw:
            if _SPECIAL.search(raw) is None:
                clean = " ".join(raw.split())
            else:
                try:
                    clean, tags, data = parse_inline(raw, _declined)
                except ArgmapSyntaxError:
                    return False
        table = self.arguments if is_arg else self.statements
        node = table.get(title)
        if node is None:
            node = table[title] = _Node(title, is_arg, src, lineno, 1, self.group)
            self.order.append(node)
        if colon is not None and node.decl is None:
            node.decl = (src, lineno, 1)
        if not node.defined and not node.placed:
            node.group = self.group
            node.placed = True
        if clean:
            ts, te = m.span(4)
            eol = body.find("\n", ts, te)
            first = body[ts : eol if eol >= 0 else te]  # the text's first line
            if node.texts or node.defined:
                self._text(node, clean, src, lineno, ts - pos + 1, first)
            else:  # the common case, inline: a node's first text (as _text adds it)
                node.group = self.group
                node.defined = True
                node.texts.append(clean)
                node.text_at = (lineno, ts - pos + 1, first)
        if tags:
            have = node.tags
            if not have:
                node.tags = list(tags)  # distinct already
            else:
                for t in tags:
                    if t not in have:
                        have.append(t)
        if data:
            if node.data:
                node.data.update(data)
            else:
                node.data = dict(data)
        if rows:
            below = lineno + 1 + (raw.count("\n") if raw else 0)
            self._fast_relations(rows, [(0, node)], below, src)
        self.prev_top = node
        return True

    def _fast_relations(
        self, rows: Any, stack: list[tuple[int, _Node]], lineno: int, src: SourceText
    ) -> None:
        """Relations to bare references, one a line from ``lineno`` on, below the
        nodes on ``stack`` (indentation, node)."""
        statements, arguments, order, group = (
            self.statements,
            self.arguments,
            self.order,
            self.group,
        )
        add = self.relations.append
        relations = _RELATIONS
        for lead, ind, sym, st, at in rows:
            k = len(ind)
            while stack[-1][0] >= k:
                stack.pop()
            parent = stack[-1][1]
            if st:
                child = statements.get(st)
                if child is None:
                    child = statements[st] = _Node(st, False, src, lineno, len(lead) + 1, group)
                    order.append(child)
            else:
                child = arguments.get(at)
                if child is None:
                    child = arguments[at] = _Node(at, True, src, lineno, len(lead) + 1, group)
                    order.append(child)
            kind, child_is_source = relations[sym]
            if child_is_source:
                add((kind, child, parent, src, lineno, k + 1))
            else:
                add((kind, parent, child, src, lineno, k + 1))
            lineno += 1
            stack.append((k, child))

    def _fast_pcs(self, para: str, lineno: int, src: SourceText) -> bool:
        """A premise-conclusion structure of bare statement references; False (nothing
        done) to leave it to the general path."""
        owner = self.prev_top
        if owner is not None and owner.is_arg and owner.pcs is not None:
            return False  # a second one: an error
        rows = para.split("\n")
        ops: list[tuple[Any, ...]] = []
        i, n = 0, len(rows)
        while i < n:
            row = rows[i]
            c = row[0]
            if c == "(":
                ops.append((0, i, _P_PARTS.match(row)))
            elif c == " ":
                found = _REL_ROWS.findall(row)
                if "><" in row and not _contradictions_ok(found, False):
                    return False
                ops.append((1, i, found))
            else:
                rules: list[str] = []
                data: dict[str, Any] = {}
                if row.rstrip(" \t") == "--":  # rules and data on the next line
                    t = rows[i + 1].strip()
                    if not t or t.endswith("--"):
                        return False
                    known = self.inferences.get(t)
                    if known is None:
                        try:
                            text, _tags, data = parse_inline(t + "\n", _declined, keep_tags=True)
                        except ArgmapSyntaxError:
                            return False
                        rules = [r.strip() for r in text.split(",") if r.strip()]
                        if len(self.inferences) < 4096:
                            self.inferences[t] = (list(rules), plain(data))
                    else:  # the same rules and data as before: fresh copies (the map owns them)
                        rules = list(known[0])
                        data = _fresh(known[1]) if known[1] else {}
                    i += 2
                ops.append((2, rules, data))
            i += 1
        statements, order, group = self.statements, self.order, self.group
        if owner is not None and owner.is_arg:
            owner.pcs = []
        else:
            owner = _Node(None, True, src, lineno, 1, group)
            owner.defined = True
            order.append(owner)
        # the items as the general path makes them, without the lines (which only its
        # errors use: the fast path has none)
        items: list[Any] = []
        stack: list[tuple[int, _Node]] = []
        titles: list[str] = []  # of the numbered statements (their ids: see build)
        pnodes: list[_Node] = []  # the numbered statements
        inferences = 0
        for op in ops:
            if op[0] == 0:
                pm = op[2]
                num, title = pm.group(1, 2)
                node = statements.get(title)
                if node is None:
                    node = statements[title] = _Node(
                        title, False, src, lineno + op[1], pm.start(2), group
                    )
                    order.append(node)
                items.append((node, int(num), None))
                titles.append(title)
                pnodes.append(node)
                stack = [(0, node)]
            elif op[0] == 1:
                self._fast_relations(op[2], stack, lineno + op[1], src)
            else:
                items.append({"rules": op[1], "data": op[2], "line": None, "col": 1})
                inferences += 1
        owner.pcs = items
        last = items[-2]
        if inferences == 1 and last.__class__ is dict and not (last["rules"] or last["data"]):
            # the common case (see _pcs): premises, one plain inference, the conclusion
            # (which is no premise, even when written above too). A titled statement's id
            # is its title: the argument's premises and conclusion are known now.
            concl = titles.pop()
            once = dict.fromkeys(titles)
            once.pop(concl, None)
            owner.pcs_ids = (concl, tuple(once))
        # the statements above the conclusion, once each (see _add_relations)
        owner.pcs_head = list(dict.fromkeys(pnodes[:-1]))
        self.prev_top = None
        return True

    def _fast_heading(self, m: re.Match[str], lineno: int, src: SourceText) -> bool:
        """A heading of one line; False (nothing done) to leave it to the general path."""
        line = Line((m.group(), lineno, src))
        try:
            self.add_heading(_Heading(len(m.group(1)), m.group(2), line))
        except ArgmapSyntaxError:
            return False  # it changed nothing: the general path reports the error
        self.prev_top = None
        return True

    # ------------------------------------------------------------------ lines
    def parse_lines(self, lines: list[Line]) -> bool:
        """Parse ``lines`` (whole paragraphs), going on from the state the paragraphs
        before left; False when reading stops (too many errors)."""
        self.lines = lines
        n = len(lines)
        i = 0
        refs = self.refs
        element, finish = self.element, self.finish
        add_relation = self.relations.append
        contradiction = RelationKind.CONTRADICTION
        # block state
        block: str | None = None  # "heading", "text", "pcs", "list"
        elem: _Elem | None = None
        heading: _Heading | None = None
        stack: list[tuple[int, _Node]] = []
        pcs_owner: _Node | None = None
        pcs_items: list[Any] = []
        pcs_line: Line | None = None
        list_indent = 0
        prev_top: _Node | None = self.prev_top  # top-level node of the previous block
        top: _Node | None = None

        def close_block() -> None:
            nonlocal block, elem, heading, pcs_owner, pcs_items, prev_top, top
            if elem is not None:
                self.finish(elem)
                elem = None
            if heading is not None:
                self.add_heading(heading)
                heading = None
            if block == "pcs":
                self.end_pcs(pcs_owner, pcs_items, pcs_line)  # type: ignore[arg-type]
                pcs_owner = None
                pcs_items = []
            if block is not None:
                prev_top = top if block == "text" else None
            top = None
            block = None
            stack.clear()

        while True:  # recovering from a syntax error: resume after its paragraph
            try:
                while i < n:
                    line = lines[i]
                    raw = line[0]
                    c0 = raw[:1]
                    if c0 == " " or c0 == "\t":
                        content = raw.lstrip(" \t")
                        if not content:
                            if block is not None:
                                close_block()
                            i += 1
                            continue
                        lead = len(raw) - len(content)
                        indent = (
                            lead if raw.find("\t", 0, lead) < 0 else len(raw[:lead].expandtabs(4))
                        )
                        c0 = content[0]
                    elif not c0:
                        if block is not None:
                            close_block()
                        i += 1
                        continue
                    else:
                        if block == "text" and c0 not in _NOT_PLAIN:
                            # the common case: an unindented line continuing a paragraph's text
                            elem.parts.append(raw)  # type: ignore[union-attr]
                            i += 1
                            continue
                        content = raw
                        lead = indent = 0
                    col = lead + 1

                    if block is None:
                        # ---------------------------------------------------- a new paragraph
                        if (
                            c0 == "#"
                            and indent == 0
                            and (hm := _HEADING.match(content)) is not None
                        ):
                            block = "heading"
                            heading = _Heading(len(hm.group(1)), content[hm.end() :], line)
                        elif c0 == "(" and (pm := _PCS.match(content)) is not None:
                            block = "pcs"
                            pcs_line = line
                            if prev_top is not None and prev_top.is_arg:
                                pcs_owner = prev_top
                                if pcs_owner.pcs is not None:
                                    raise line.error(
                                        "a second premise-conclusion structure for "
                                        f"<{pcs_owner.title}>",
                                        col,
                                        expected="one premise-conclusion structure per argument",
                                    )
                                pcs_owner.pcs = []
                            else:
                                pcs_owner = _Node(None, True, line[2], line[1], col, self.group)
                                pcs_owner.defined = True
                                self.order.append(pcs_owner)
                            pcs_items = []
                            elem = self.element(
                                content[pm.end() :], line, col + pm.end(), indent, in_pcs=True
                            )
                            pcs_items.append((elem.node, int(pm.group(1)), line))
                            stack[:] = [(indent, elem.node)]
                        elif c0 == "-" and content.startswith("--"):
                            raise line.error(
                                "an inference line must follow a numbered premise",
                                col,
                                expected="(1) a premise before the inference",
                            )
                        elif c0 in "+-_<>" and (rm := _REL.match(content)) is not None:
                            raise line.error(
                                f"a paragraph cannot start with a relation ({rm.group(1)})",
                                col,
                                expected="a statement or argument above the relation, without an "
                                "empty line in between",
                            )
                        elif (c0 == "*" or c0.isdigit()) and (
                            lm := _LIST.match(content)
                        ) is not None:
                            block = "list"
                            list_indent = indent
                            elem = self.element(
                                content[lm.end() :], line, col + lm.end(), indent, in_pcs=False
                            )
                            stack[:] = [(indent, elem.node)]
                        else:
                            block = "text"
                            elem = self.element(content, line, col, indent, in_pcs=False)
                            top = elem.node
                            if not top.defined and not top.placed:
                                top.group = self.group
                                top.placed = True
                            stack[:] = [(indent, elem.node)]
                        i += 1
                        continue

                    # -------------------------------------------------------- inside a paragraph
                    if block == "heading":
                        heading.parts.append(content)  # type: ignore[union-attr]
                        i += 1
                        continue

                    rm = _REL.match(content) if c0 in "+-_<>" else None
                    if rm is not None:
                        while stack and stack[-1][0] >= indent:
                            stack.pop()
                        if not stack:
                            raise line.error(
                                "a relation must be indented below the statement or "
                                "argument it belongs to",
                                col,
                                expected=f"more indentation than {indent} spaces",
                            )
                        parent = stack[-1][1]
                        end = rm.end()
                        rest = content[end:]
                        if not rest or rest.isspace():
                            raise line.error(
                                f"the relation {rm.group(1)} has no statement or argument",
                                col + len(content.rstrip()),
                                expected="a statement or argument after the relation symbol",
                            )
                        if elem is not None and (elem.parts[0] or len(elem.parts) > 1):
                            finish(elem)
                        node = refs.get(rest)
                        if node is not None:  # a bare reference seen before, the common case
                            elem = _Elem(node, "", line, col + len(content), indent)
                        else:
                            elem = element(rest, line, col + end, indent, in_pcs=False)
                            node = elem.node
                        kind, child_is_source = _RELATIONS[rm.group(1)]
                        if kind is contradiction and (parent.is_arg or node.is_arg):
                            raise line.error(
                                "a contradiction (><) holds between statements, not arguments",
                                col + rm.end(),
                                expected="a statement on both sides of ><",
                            )
                        if child_is_source:
                            add_relation((kind, node, parent, line[2], line[1], col))
                        else:
                            add_relation((kind, parent, node, line[2], line[1], col))
                        stack.append((indent, node))
                        i += 1
                        continue

                    if block == "pcs":
                        pm = _PCS.match(content) if c0 == "(" else None
                        if pm is not None:
                            if elem is not None and (elem.parts[0] or len(elem.parts) > 1):
                                finish(elem)
                            end = pm.end()
                            rest = content[end:]
                            node = refs.get(rest)
                            if node is not None and not node.is_arg:  # a bare [Title] seen before
                                elem = _Elem(node, "", line, col + len(content), indent)
                            else:
                                elem = element(rest, line, col + end, indent, in_pcs=True)
                                node = elem.node
                            pcs_items.append((node, int(pm.group(1)), line))
                            stack[:] = [(indent, node)]
                            i += 1
                            continue
                        if content.startswith("--"):
                            if elem is not None and (elem.parts[0] or len(elem.parts) > 1):
                                self.finish(elem)
                            elem = None
                            if pcs_items and not isinstance(pcs_items[-1], tuple):
                                raise line.error(
                                    "two inferences in a row",
                                    col,
                                    expected="a numbered statement between inferences",
                                )
                            i = self.inference(i, col, pcs_items)
                            stack[:] = [(indent, pcs_owner)]  # type: ignore[list-item]
                            i += 1
                            continue
                    elif content.startswith("--") and _INFER_FULL.match(content):
                        raise line.error(
                            "an inference line outside a premise-conclusion structure",
                            col,
                            expected="numbered statements: (1) premise, ----, (2) conclusion",
                        )

                    if block == "list" and (c0 == "*" or c0.isdigit()):
                        lm = _LIST.match(content)
                        if lm is not None:
                            if indent != list_indent:
                                raise line.error(
                                    "nested lists are not supported",
                                    col,
                                    expected=f"a list item at indentation {list_indent}",
                                )
                            if elem is not None and (elem.parts[0] or len(elem.parts) > 1):
                                self.finish(elem)
                            elem = self.element(
                                content[lm.end() :], line, col + lm.end(), indent, in_pcs=False
                            )
                            stack[:] = [(indent, elem.node)]
                            i += 1
                            continue

                    if c0 == "[" or c0 == "<":
                        m = (_STMT_TITLE if c0 == "[" else _ARG_TITLE).match(content)
                        if m is not None and content[m.end() : m.end() + 1] != "(":
                            after = content[m.end() :]
                            if after[:1] == ":" or _AFTER_REF.match(after) is not None:
                                raise line.error(
                                    "a statement or argument title must start a new paragraph",
                                    col,
                                    expected="an empty line before it, or a relation symbol",
                                )
                    if c0 == "(" and _PCS.match(content) is not None:
                        raise line.error(
                            "a numbered statement must start a new paragraph",
                            col,
                            expected="an empty line before the premise-conclusion structure",
                        )
                    if elem is None:
                        # text right after an inference line in a premise-conclusion structure
                        raise line.error(
                            "text after an inference",
                            col,
                            expected="the numbered conclusion, e.g. (2) ...",
                        )
                    elem.parts.append(content)
                    i += 1
                close_block()
                self.prev_top = prev_top
                return True
            except ArgmapSyntaxError as exc:
                self.errors.append(exc)
                if pcs_owner is not None and not pcs_owner.pcs:
                    pcs_owner.pcs = None  # its premise-conclusion structure never finished
                block = None
                elem = heading = pcs_owner = top = prev_top = None
                pcs_items = []
                stack.clear()
                if len(self.errors) >= self.max_errors:
                    self.prev_top = None
                    return False
                if i < n and lines[i][0].strip():
                    while i < n and lines[i][0].strip():
                        i += 1
                i += 1

    def _inference_rules(self, j: int, parts: list[str], line: Line, col: int) -> tuple[str, int]:
        """Collect inference rules from line ``j`` up to the closing ``--`` line; return
        them joined and the index of the closing line."""
        while True:
            if j >= len(self.lines) or not self.lines[j].text.strip():
                raise line.error(
                    "inference rules are not closed", col, expected="a closing -- line"
                )
            t = self.lines[j].text.strip()
            cm = _INFER_CLOSE.match(t)
            if cm is not None:
                parts.append(cm.group(1))
                return "\n".join(parts), j
            parts.append(t)
            j += 1

    def inference(self, i: int, col: int, items: list[Any]) -> int:
        """Parse the inference starting at line ``i``; return the index of its last line."""
        line = self.lines[i]
        content = line.text.strip()
        body = ""
        if _INFER_FULL.match(content):
            dashes = len(content.rstrip())
            if dashes == 2:  # "--" opens the long form: rules and data, closed by "--"
                body, end = self._inference_rules(i + 1, [], line, col)
            else:
                end = i
        else:
            cm = _INFER_CLOSE.match(content[2:])
            if cm is not None:
                body = cm.group(1)
                end = i
            else:
                body, end = self._inference_rules(i + 1, [content[2:]], line, col)
        rules: list[str] = []
        data: dict[str, Any] = {}
        if body.strip():
            src = line.source

            def fail(message: str, offset: int, column: int) -> ArgmapSyntaxError:
                return src.error(message, line.lineno + offset, column)

            text, _tags, data = parse_inline(body, fail, keep_tags=True)
            rules = [r.strip() for r in text.split(",") if r.strip()]
        items.append({"rules": rules, "data": data, "line": line, "col": col})
        return end

    def end_pcs(self, owner: _Node | None, items: list[Any], first: Line) -> None:
        last = items[-1]
        if not any(isinstance(x, dict) for x in items):
            line = last[2]
            raise line.error(
                "a premise-conclusion structure needs an inference and a conclusion",
                1,
                expected="an inference line (----) and a numbered conclusion",
            )
        if isinstance(last, dict):
            raise last["line"].error(
                "the premise-conclusion structure ends with an inference",
                last["col"],
                expected="a numbered conclusion after the inference",
            )
        if owner is not None:
            owner.pcs = items

    def add_heading(self, h: _Heading) -> None:
        line = h.line
        src = line.source

        def fail(message: str, offset: int, column: int) -> ArgmapSyntaxError:
            return src.error(message, line.lineno + offset, column)

        title, _tags, data = parse_inline("\n".join(h.parts), fail, keep_tags=True)
        if not title:
            raise line.error("empty heading", 1, expected="a heading text after #")
        while self.section_stack and self.section_stack[-1][0] >= h.level:
            self.section_stack.pop()
        parent = self.section_stack[-1][1] if self.section_stack else None
        gid = data.pop("id", None)
        if not isinstance(gid, str) or not gid or gid in self.group_ids:
            stem = slugify(title)
            gid, k = stem, 1
            while gid in self.group_ids:
                k += 1
                gid = f"{stem}-{k}"
        self.group_ids.add(gid)
        self.groups.append((gid, title, parent, data, line))
        self.section_stack.append((h.level, gid))
        self.group = gid

    # ------------------------------------------------------------------ model
    def build(self, front: dict[str, Any], path: str | None) -> ArgumentMap:
        front = dict(front)
        options = front.pop("argmap", None) if isinstance(front.get("argmap"), dict) else None
        explicit = bool(options) and options.get("argument-relations") == "explicit"  # type: ignore[union-attr]
        title = front.pop("title", None)
        description = front.pop("description", None)
        if description is None and "abstract" in front:
            description = front.pop("abstract")
        amap = ArgumentMap(
            str(title) if title is not None else None,
            description=str(description) if description is not None else None,
            meta=front,
        )
        for gid, gtitle, parent, data, line in self.groups:
            amap.add(
                Group(
                    id=gid,
                    title=gtitle,
                    parent=parent,
                    meta=data,
                    location=Location(line.source.path, line.lineno, 1),
                )
            )
        # ids: titled statements, titled arguments, then untitled ones (from their text)
        taken: set[str] = set(self.statements)
        for t, node in self.statements.items():
            node.nid = t
        for t, node in self.arguments.items():
            aid = t if t not in taken else f"arg:{t}"
            if aid in taken:
                aid = _unique(aid, taken)
            node.nid = aid
            taken.add(aid)
        order = self.order
        untitled = [node for node in order if node.title is None]
        for node in untitled:
            if not node.is_arg:
                sid = _unique(slugify(node.texts[0] if node.texts else ""), taken)
                node.nid = sid
                taken.add(sid)
        for node in untitled:
            if node.is_arg:
                concl = node.pcs[-1][0] if node.pcs else None
                stem = slugify("arg " + concl.nid) if concl is not None else "argument"
                aid = _unique(stem, taken)
                node.nid = aid
                taken.add(aid)
        order_s = [node for node in order if not node.is_arg]
        order_a = [node for node in order if node.is_arg]
        # statements and arguments live apart in the map: two batches keep each one's order
        self._add_nodes(amap, order_s, self._statements(order_s))
        self._add_nodes(amap, order_a, self._arguments(order_a))
        self._add_relations(amap, order_s + order_a, len(order_s), explicit)
        self._undefined()
        self._unused_conclusions()
        self._ignores(options, amap)
        return amap

    def _repeated(
        self, keys: list[int], kinds: list[Any], srcs: list[int], tgts: list[int], n: int
    ) -> None:
        """W203 for each relation written a second time (a contradiction in either
        direction), in the order written; ``keys`` are the rows' :func:`_rel_keys` (over
        ``n`` nodes, the rows' ends are ``srcs`` and ``tgts``)."""
        contradiction = RelationKind.CONTRADICTION
        first: dict[int, int] = {}
        deque(map(first.setdefault, keys, count()), maxlen=0)
        rows = self.relations
        flagged = set(compress(count(), map(ne, map(first.__getitem__, keys), count())))
        code = _KIND_CODE[contradiction]
        big = len(keys)
        for i in compress(count(), map(is_, kinds, repeat(contradiction))):
            # the other way round, before or in this row (a statement contradicting itself)
            if first.get(code + 4 * (tgts[i] + n * srcs[i]), big) <= i:
                flagged.add(i)
        for i in sorted(flagged):
            kind, src, tgt, source, lineno, col = rows[i]
            self.findings.append(
                finding(
                    "W203",
                    f"{_name(src)} {_VERBS[kind]} {_name(tgt)} a second time",
                    location=Location(source.path, lineno, col),
                )
            )

    def _add_relations(
        self, amap: ArgumentMap, nodes: list[_Node], statements: int, explicit: bool
    ) -> None:
        """The relations, as Argdown reads them, added to ``amap`` (whose nodes are
        ``nodes``, in order: the first ``statements`` of them statements) as columns: no
        :class:`Relation` is made until someone asks for one (see
        :meth:`ArgumentMap._add_columns`). Worked a column at a time, on node indexes
        (ints hash and compare without touching the nodes), with Python loops only over
        the rows a rule concerns."""
        rows = self.relations
        if not rows:
            return
        contradiction = RelationKind.CONTRADICTION
        n = len(nodes)
        index = dict(zip(nodes, count()))  # nodes hash by identity
        cols: list[list[Any]] = list(map(list, zip(*rows, strict=True)))
        kinds = cols[0]
        srcs = cols[1] = list(map(index.__getitem__, cols[1]))
        tgts = cols[2] = list(map(index.__getitem__, cols[2]))
        keys = _rel_keys(kinds, srcs, tgts, n)
        contradictions = contradiction in kinds
        repeated = len(set(keys)) != len(keys)
        if contradictions and not repeated:  # one the other way round?
            picked = list(map(is_, kinds, repeat(contradiction)))
            cs, ct = list(compress(srcs, picked)), list(compress(tgts, picked))
            pairs = set(map(add, cs, map(mul, ct, repeat(n))))
            repeated = any(map(pairs.__contains__, map(add, ct, map(mul, cs, repeat(n)))))
        if repeated:  # W203, before Argdown's own rewriting below (which merges on purpose)
            self._repeated(keys, kinds, srcs, tgts, n)
        # the rows to keep (None: all), worked out for all rules first and applied once
        # (each pass over the columns touches every row's objects)
        keep: list[bool] | None = None
        if not explicit:
            # a reconstructed argument supports, attacks or undercuts through its main
            # conclusion; a relation to that conclusion itself says nothing
            args = nodes[statements:]  # arguments follow statements
            pcss = list(map(_get_pcs, args))
            reconstructed = list(compress(range(statements, n), pcss))
            rnodes = list(compress(args, pcss))
            # each reconstructed argument's main conclusion (the last item of its pcs)
            concl = dict(
                zip(
                    reconstructed,
                    map(index.__getitem__, map(_first, map(_last, compress(pcss, pcss)))),
                    strict=True,
                )
            )
            via = list(map(concl.get, range(n), range(n)))
            # a relation to a reconstructed argument is implied by the same relation
            # (from a statement) to one of its premises, and then not repeated: the
            # arguments each statement is in. The fast path's common structures give
            # their statements above the conclusion (pcs_head): those in C loops.
            in_pcs: dict[int, list[int]] = {}
            heads = list(map(_get_pcs_head, rnodes))
            simple = list(map(is_not, heads, repeat(None)))
            s_heads = list(compress(heads, simple))
            deque(
                map(
                    list.append,
                    map(
                        in_pcs.setdefault,
                        map(index.__getitem__, chain.from_iterable(s_heads)),
                        iter(list, None),
                    ),
                    chain.from_iterable(
                        map(repeat, compress(reconstructed, simple), map(len, s_heads))
                    ),
                ),
                maxlen=0,
            )
            for i, node in compress(zip(reconstructed, rnodes, strict=True), map(not_, simple)):
                for item in node.pcs[:-1]:  # type: ignore[index]
                    if item.__class__ is tuple:
                        p = index[item[0]]
                        have = in_pcs.get(p)
                        if have is None:
                            in_pcs[p] = [i]
                        elif have[-1] != i:
                            have.append(i)
            if reconstructed:
                srcs = cols[1] = list(map(via.__getitem__, srcs))
                keys = _rel_keys(kinds, srcs, tgts, n)
                same = list(map(eq, srcs, tgts))
                if True in same:
                    keep = list(map(not_, same))
                hits = list(map(in_pcs.get, tgts))
                # the keys of the rows from a statement to a premise (not to itself: that
                # row is dropped), with the target replaced by each argument it is in
                hit = list(compress(count(), hits))
                hs = list(map(srcs.__getitem__, hit))
                ok = list(
                    map(
                        and_,
                        map(lt, hs, repeat(statements)),
                        map(ne, hs, map(tgts.__getitem__, hit)),
                    )
                )
                hit = list(compress(hit, ok))
                bases = map(
                    add,
                    map(_KIND_CODE.__getitem__, map(kinds.__getitem__, hit)),
                    map(mul, compress(hs, ok), repeat(4)),
                )
                lists: list[list[int]] = list(map(hits.__getitem__, hit))  # type: ignore[arg-type]
                implied = set(
                    map(
                        add,
                        chain.from_iterable(map(repeat, bases, map(len, lists))),
                        map(mul, chain.from_iterable(lists), repeat(4 * n)),
                    )
                )
                if implied:
                    drop = list(map(implied.__contains__, keys))
                    if True in drop:
                        keep = list(map(not_, drop if keep is None else map(or_, same, drop)))
        # each relation once (the first time); a contradiction once in either direction.
        # The rules above drop all rows of a key or none: a key's first row is its first
        # kept one.
        if len(dict.fromkeys(keys)) != len(keys):
            first: dict[int, int] = {}
            deque(map(first.setdefault, keys, count()), maxlen=0)
            firsts = map(eq, map(first.__getitem__, keys), count())
            keep = list(firsts if keep is None else map(and_, keep, firsts))
        if contradictions:
            both: set[int] = set()
            for i in compress(count(), map(is_, kinds, repeat(contradiction))):
                if keep is not None and not keep[i]:
                    continue
                s, t = srcs[i], tgts[i]
                if t + n * s in both:
                    if keep is None:
                        keep = [True] * len(kinds)
                    keep[i] = False
                both.add(s + n * t)
        if keep is not None and False in keep:
            cols = _compress(cols, keep)
            kinds, srcs, tgts = cols[0], cols[1], cols[2]
        where, lines, columns = cols[3], cols[4], cols[5]
        if not kinds:
            return
        ids = list(map(_get_nid, nodes))
        # a relation id can repeat another, or an element's id, only when ids hold "->"
        odd = "->" in "\x00".join(ids)
        if not odd and where.count(where[0]) == len(where):  # one file: the columns
            amap._add_columns(
                ids,
                kinds,
                srcs,
                tgts,
                path=where[0].path,
                lines=lines,
                columns=columns,
            )
            return
        taken = set(ids)
        made: list[tuple[str, RelationKind, str, str, SourceText, int, int]] = []
        seen: set[str] = set()
        for kind, si, ti, source, lineno, col in zip(*cols, strict=True):
            s, t = ids[si], ids[ti]
            rid = relation_id(kind, s, t)
            if rid in seen:
                continue
            if kind is contradiction and relation_id(kind, t, s) in seen:
                continue
            if rid in taken:
                self.errors.append(
                    source.error(
                        f"the relation {rid!r} has the same name as a statement or argument",
                        lineno,
                        col,
                        expected="titles that do not look like relation ids",
                    )
                )
                continue
            seen.add(rid)
            made.append((rid, kind, s, t, source, lineno, col))
        if made:
            # the values have the model's types already: built a field at a time
            rids, kinds_, sids, tids, sources, linenos, cols_ = zip(*made, strict=True)
            n = len(made)
            locs = _trusted_many(Location, n, map(_get_path, sources), linenos, cols_)
            rels = _trusted_many(
                Relation, n, rids, kinds_, sids, tids, repeat(()), iter(dict, None), locs
            )
            if not amap._add_batch(rels, list(rids), sids, tids, typed=True):
                amap.add_all(rels)  # names the offending one

    def _unused_conclusions(self) -> None:
        """W205: a reconstructed argument whose conclusion appears nowhere else: not as
        a paragraph of its own, in no relation (nor the argument), in no other argument."""
        if len(self.order) <= 1:
            return
        rels = self.relations
        touched = set(map(itemgetter(1), rels))  # nodes hash by identity
        touched.update(map(itemgetter(2), rels))
        candidates = [
            node
            for node in self.order
            if node.is_arg
            and node.pcs
            and not node.pcs[-1][0].placed
            and node.pcs[-1][0] not in touched
            and node not in touched
        ]
        if not candidates:
            return
        in_pcs: dict[_Node, int] = {}
        for node in self.order:
            for item in node.pcs or ():
                if isinstance(item, tuple):
                    in_pcs[item[0]] = in_pcs.get(item[0], 0) + 1
        for node in candidates:
            c = node.pcs[-1][0]  # type: ignore[index]
            if in_pcs.get(c, 0) > 1:
                continue
            own = {x[0] for x in node.pcs if isinstance(x, tuple)}  # type: ignore[union-attr]
            if len(self.order) <= len(own) + 1:
                continue  # the argument is the whole map: its conclusion is the thesis
            src, lineno, col = node.where()
            self.findings.append(
                finding(
                    "W205",
                    f"the conclusion {_name(c)} of {_name(node)} is used nowhere else",
                    node.nid,
                    Location(src.path, lineno, col),
                )
            )

    def _undefined(self) -> None:
        """E101/W102/E106: titles used but never given a text, empty statements."""
        for node in self.order:
            if node.texts:
                continue
            if node.is_arg:
                if node.title is None or node.pcs is not None:
                    continue
                code = "W102"
                message = f"<{node.title}> is used but never described or reconstructed"
            elif node.title is not None and node.decl is None:
                code = "E101"
                message = f"[{node.title}] is used but never defined: it has no text"
            else:
                code = "E106"
                what = f"[{node.title}] is defined" if node.title else "a statement is"
                message = f"{what} without a text"
            src, lineno, col = node.where()
            loc = Location(src.path, lineno, col)
            self.findings.append(finding(code, message, node.nid, loc))

    def _ignores(self, options: dict[str, Any] | None, amap: ArgumentMap) -> None:
        """``argmap: ignore[...]`` comments and front matter ``argmap: {ignore: [...]}``."""
        from ..._validate import CODES

        ignore = options.get("ignore") if options else None
        notes = self.notes
        if ignore is None and (notes is None or not notes.ignores):
            return
        supp = Suppressions()
        if ignore is not None:
            codes = [ignore] if isinstance(ignore, str) else ignore
            if not isinstance(codes, list):
                codes = []
            for code in codes:
                code = str(code).strip().upper()
                if any(c.startswith(code) for c in CODES) and code:
                    supp.codes.add(code)
                else:
                    self.findings.append(
                        finding(
                            "W404",
                            f"front matter argmap.ignore names {code!r}, which is no code",
                            location=Location(self.path, 1, 1),
                        )
                    )
        for source, line, col, found, lines in notes.ignores if notes is not None else ():
            for code in found:
                if not any(c.startswith(code) for c in CODES):
                    self.findings.append(
                        finding(
                            "W404",
                            f"argmap: ignore[{code}] names no code",
                            location=Location(source.path, line, col),
                        )
                    )
            for n in lines:
                supp.add_line(source.path, n, found)
        amap._suppressions = supp

    def _add_nodes(self, amap: ArgumentMap, nodes: list[_Node], made: list[Any]) -> None:
        """Add the statements or arguments ``made`` of ``nodes`` (None for one that
        could not be made: its error is recorded) in one batch."""
        ids = list(map(_get_nid, nodes))
        if None in made:
            ids = [i for i, x in zip(ids, made, strict=True) if x is not None]
            made = [x for x in made if x is not None]
        if made and not amap._add_batch(made, ids, typed=True):
            amap.add_all(made)  # names the offending one

    def _locations(self, nodes: list[_Node]) -> list[Location]:
        """Where each node first appears, a field at a time."""
        return _trusted_many(
            Location,
            len(nodes),
            map(_get_path, map(_get_src, nodes)),
            map(_get_lineno, nodes),
            map(_get_col, nodes),
        )

    def _statements(self, nodes: list[_Node]) -> list[Statement | None]:
        """The statements of ``nodes``: every one as a plain claim, a field at a time
        (node.tags holds distinct strings: the values have the model's types, so no
        converters are needed), then those with data or several texts remade."""
        locs = self._locations(nodes)
        made: list[Statement | None] = _trusted_many(
            Statement,
            len(nodes),
            map(_get_nid, nodes),
            [t[0] if t else "" for t in map(_get_texts, nodes)],
            repeat(StatementKind.CLAIM),
            map(_get_title, nodes),
            repeat(()),
            map(tuple, map(_get_tags, nodes)),
            map(_get_group, nodes),
            iter(dict, None),
            locs,
        )
        for i, node in enumerate(nodes):
            if node.data or len(node.texts) > 1:
                try:
                    made[i] = self.make_statement(node, locs[i])
                except ArgmapSyntaxError as exc:
                    self.errors.append(exc)
                    made[i] = None
        return made

    def _arguments(self, nodes: list[_Node]) -> list[Argument]:
        """The arguments of ``nodes``, a field at a time as :meth:`_statements`."""
        premises: list[tuple[str, ...]] = []
        conclusions: list[str | None] = []
        titles: list[str | None] = []
        metas: list[dict[str, Any]] = []
        for node in nodes:
            title = node.title
            meta = {}
            if node.data:
                meta = dict(node.data)
                if "title" in meta:  # a data key title: the argmap title
                    t = meta.pop("title")
                    title = None if t is None else str(t)
            titles.append(title)
            if node.pcs_ids is not None:
                conclusions.append(node.pcs_ids[0])
                premises.append(node.pcs_ids[1])
            elif node.pcs:
                conclusion, prem, pcs_meta = _pcs(node.pcs)
                if pcs_meta is not None:
                    meta["pcs"] = pcs_meta
                premises.append(tuple(prem))
                conclusions.append(conclusion)
            else:
                premises.append(())
                conclusions.append(None)
            if len(node.texts) > 1:
                meta["other_descriptions"] = node.texts[1:]
            metas.append(meta)
        made: list[Argument] = _trusted_many(
            Argument,
            len(nodes),
            map(_get_nid, nodes),
            premises,
            conclusions,
            titles,
            [t[0] if t else None for t in map(_get_texts, nodes)],
            map(tuple, map(_get_tags, nodes)),
            map(_get_group, nodes),
            metas,
            self._locations(nodes),
        )
        return made

    def make_statement(self, node: _Node, loc: Location) -> Statement:
        """The statement of a node with data or several texts (at ``loc``)."""
        meta = dict(node.data)  # a dict of its own, as Statement's converter would make
        sources: tuple[Source, ...] = ()
        kind = StatementKind.CLAIM
        if "source" in meta or "sources" in meta:
            kind = StatementKind.EVIDENCE
            sources = tuple(_sources(meta, node))
        title: Any = node.title
        if "title" in meta:
            t = meta.pop("title")
            title = None if t is None else str(t)
        texts = node.texts
        if len(texts) > 1:
            meta["other_texts"] = texts[1:]
        # node.tags holds distinct strings (finish() adds each once): the values have the
        # model's types, so the statement is built without its converters
        return _trusted_statement(
            node.nid,
            texts[0] if texts else "",
            kind,
            title,
            sources,
            tuple(node.tags),
            node.group,
            meta,
            loc,
        )


_KIND_CODE: dict[RelationKind, int] = {kind: i for i, kind in enumerate(RelationKind)}


def _rel_keys(kinds: list[Any], srcs: list[int], tgts: list[int], n: int) -> list[int]:
    """One int for each relation row (kind, source index, target index) among ``n``
    nodes: ``code + 4 * (source + n * target)``, equal exactly when the rows are."""
    return list(
        map(
            add,
            map(_KIND_CODE.__getitem__, kinds),
            map(mul, map(add, srcs, map(mul, tgts, repeat(n))), repeat(4)),
        )
    )


def _fresh(value: Any) -> Any:
    """A copy of :func:`plain` data (dicts, lists and scalars), new containers throughout."""
    if value.__class__ is dict:
        return {k: _fresh(v) for k, v in value.items()}
    if value.__class__ is list:
        return [_fresh(v) for v in value]
    return value


def _compress(cols: list[list[Any]], keep: list[bool]) -> list[list[Any]]:
    """The rows of the columns ``cols`` that ``keep`` says to keep."""
    return [list(compress(col, keep)) for col in cols]


def _contradictions_ok(rows: Any, root_is_arg: bool) -> bool:
    """Whether the relation rows (as :data:`_REL_ROWS` finds them) below a node have
    each contradiction between two statements (else the general path reports it)."""
    stack = [(0, root_is_arg)]
    for _, ind, sym, st, _ in rows:
        k = len(ind)
        while stack[-1][0] >= k:
            stack.pop()
        if sym == "><" and (stack[-1][1] or not st):
            return False
        stack.append((k, not st))
    return True


def _column(src: Any, line: Line, offset: int, column: int, start: int) -> int:
    """The column in the file of ``column`` in line ``offset`` of an element's text (whose
    first line starts at column ``start``; the others are taken without indentation)."""
    if offset == 0:
        return start + column - 1
    lines = src.lines
    n = line.lineno + offset
    raw = lines[n - 1] if 0 < n <= len(lines) else ""
    return len(raw) - len(raw.lstrip(" \t")) + column


def _lead(col: int, first: str) -> int:
    """The column of an element's text: after the white space its first line starts with."""
    return col + len(first) - len(first.lstrip()) if first.strip() else col


def _name(node: _Node) -> str:
    if node.title is not None:
        return f"<{node.title}>" if node.is_arg else f"[{node.title}]"
    if node.is_arg:
        return "an untitled argument"
    text = node.texts[0] if node.texts else ""
    return repr(_short(text, 30))


def _unique(stem: str, taken: set[str]) -> str:
    candidate, k = stem, 1
    while candidate in taken:
        k += 1
        candidate = f"{stem}-{k}"
    return candidate


def _pcs(items: list[Any]) -> tuple[str, list[str], list[Any] | None]:
    last = items[-2] if len(items) > 2 else None
    if last.__class__ is dict and not (last["rules"] or last["data"]):
        # the common case: premises, one plain inference, the conclusion (which is no
        # premise, even when it is written above too)
        head = items[:-2]
        if dict not in map(type, head):
            concl: str = items[-1][0].nid
            once = dict.fromkeys(map(_get_nid, map(_first, head)))
            once.pop(concl, None)
            return concl, list(once), None
    conclusion: str = items[-1][0].nid
    concluded: set[str] = set()
    inferences = 0
    complex_ = False
    after_inference = False
    pcs: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            inferences += 1
            after_inference = True
            inf: dict[str, Any] = {}
            if item["rules"]:
                inf["rules"] = item["rules"]
                complex_ = True
            if item["data"]:
                inf["data"] = item["data"]
                complex_ = True
            pcs.append(inf)
            continue
        sid = item[0].nid
        pcs.append(sid)
        if after_inference:
            concluded.add(sid)
            after_inference = False
    # the statements not concluded by an inference, once each, in order
    premises = list(dict.fromkeys(x for x in pcs if isinstance(x, str) and x not in concluded))
    return conclusion, premises, pcs if complex_ or inferences > 1 else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _sources(meta: dict[str, Any], node: _Node) -> list[Source]:
    out: list[Source] = []
    items: list[Any] = []
    if "source" in meta:
        value = meta.pop("source")
        if isinstance(value, dict):
            items.append(value)
        else:
            flat = {"title": value}
            for key in _FLAT_SOURCE_KEYS:
                if key in meta:
                    flat[key] = meta.pop(key)
            items.append(flat)
    if "sources" in meta:
        value = meta.pop("sources")
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            raise node.src.error(
                "'sources' must be a list of sources",
                node.lineno,
                node.col,
                expected="sources: [{title: ...}]",
            )
        items.extend(value)
    for item in items:
        if not isinstance(item, dict):
            item = {"title": item}
        out.append(Source(**{k: _text(item.get(k)) for k in _ITEM_KEYS}))  # type: ignore[arg-type]
    return out


def parse_argdown(
    text: str,
    path: str | None = None,
    *,
    includes: bool = True,
    max_errors: int = MAX_ERRORS,
    include_root: str | os.PathLike[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_lines: int = DEFAULT_MAX_ELEMENTS,
    fast: bool = True,
) -> ArgumentMap:
    """Parse Argdown text into an :class:`ArgumentMap`.

    After a syntax error the parser goes on with the next paragraph, and then raises the
    first error with every one found (up to ``max_errors``) in its ``errors``. The map
    carries what the reader noticed besides (titles used but never defined, texts
    that look like references, ...) in ``reader_findings``, for :func:`argmap.check`.

    ``@include`` reads only regular files under ``include_root`` (default: the folder of
    ``path``; for text without a path, the current folder), all of them together within
    ``max_bytes`` and ``max_lines`` (see docs/security.md).

    Paragraphs of the common shapes are read on a fast path, the others line by line;
    ``fast=False`` reads every paragraph line by line (the same map, findings and
    errors: the tests compare the two).
    """
    rules = (
        IncludeRules.for_input(path, include_root, max_bytes, max_lines, text) if includes else None
    )
    # The parser makes many small objects and no reference cycles: the cyclic garbage
    # collector would only rescan them again and again (a quarter of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        notes = Notes()
        opened: set[str] = set()  # the resolved paths of this file and those it includes
        lines: list[Line] = []
        body = ""
        if (includes and "@include(" in text) or not fast:
            front, lines = preprocess(
                text, path, includes=includes, notes=notes, _seen=opened, _rules=rules
            )
        else:
            front, body, source = prepare(text, path, notes)
        parser = _Parser(lines)
        parser.notes = notes
        parser.path = path
        parser.max_errors = max(1, max_errors) - len(notes.errors)
        if parser.max_errors > 0:
            if body:
                parser.parse_text(body, source)
            else:
                parser.parse_lines(lines)
        try:
            amap = parser.build(front, path)
        except Exception:
            # building after syntax errors only to report the build's errors too: a
            # half-read text may trip it, and the syntax errors are reported then
            if not (notes.errors or parser.errors):
                raise
        errors = sorted(
            [*notes.errors, *parser.errors],
            key=lambda e: (e.path != path, e.path or "", e.line or 0, e.column or 0),
        )[: max(1, max_errors)]
        findings = parser.findings
        # free the parser's objects while the collector is off: alive at enable(), they
        # made the first collection after it rescan them all (0.09 s at N=20000)
        del parser, lines, body
    finally:
        if collecting:
            # the map outlives the call: its objects straight to the oldest generation,
            # or the first young collection after enable() walks them all only to find
            # them alive (0.14 s of CPU after a 100,000-statement read), as the native
            # JSON reader does
            promote_survivors()
            gc.enable()
    if errors:
        raise errors[0].with_others(errors[1:])
    amap.source_path = path
    opened.discard(os.path.realpath(path) if path is not None else "")
    amap.included_paths = tuple(sorted(opened))
    amap.reader_findings.extend(findings)
    return amap
