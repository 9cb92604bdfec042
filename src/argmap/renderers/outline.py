"""Outline renderers: the map as nested pros and cons, as Markdown or as a plain-text tree.

Each main claim heads a tree; under every node come its premises (for an argument),
then its supporters (pro), rebuttals (con), undercuts and contradictions, recursively.
A node reached a second time (a shared node, or a cycle) is printed once and then only
referred to (``see above: …``). Nodes that no main claim reaches are shown afterwards:
first the connected ones (as further trees), then the orphans (nodes with no relation).
A tree nests at most :data:`MAX_LEVEL` levels: a deeper subtree is "continued below" as a
further tree headed by the node it hangs from, so output grows linearly at any depth.

The tree itself is built by :func:`build_outline`, which the HTML renderer reuses.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, ClassVar, Protocol

import attrs

from .._display import visible_url
from .._errors import ArgmapError, RenderError
from .._model import (
    Argument,
    ArgumentMap,
    Node,
    Relation,
    RelationKind,
    Source,
    Statement,
    StatementKind,
)
from .._options import evaluation_option, node_id_option
from ..plugin import EVERYTHING, Renderer, option, option_specs
from . import _quotes
from ._text import _wrapper, clean, title_option, wrap

__all__ = ["MarkdownRenderer", "OutlineOptions", "TextOptions", "TextRenderer"]


# ---------------------------------------------------------------------------- evaluation
class Evaluation(Protocol):
    """What the outline needs from a computed evaluation (``argmap.evaluate``)."""

    @property
    def semantics(self) -> str: ...

    @property
    def is_gradual(self) -> bool: ...

    def status(self, node_id: str) -> str | None: ...

    def strength(self, node_id: str) -> float | None: ...

    def explain(self, node_id: str) -> str: ...


def resolve_evaluation(amap: ArgumentMap, evaluation: object) -> Evaluation | None:
    """``None`` (no evaluation), a computed evaluation, or one computed from a semantics name."""
    if evaluation is None or evaluation is False:
        return None
    if isinstance(evaluation, str):
        if evaluation.strip().lower() in ("", "none", "false", "off"):
            return None
        try:
            from argmap.evaluate import evaluate
        except ImportError as exc:
            raise RenderError(
                f"evaluation={evaluation!r} needs argmap.evaluate, which cannot be imported: {exc}"
            ) from exc
        try:
            return evaluate(amap, evaluation.strip())
        except ArgmapError:
            raise
        except (ValueError, LookupError) as exc:
            raise RenderError(f"option evaluation: {exc}") from exc
    for attr in ("status", "strength", "explain"):
        if not callable(getattr(evaluation, attr, None)):
            raise RenderError(
                "evaluation must be a semantics name or an evaluation object with "
                f"status(), strength() and explain(); {type(evaluation).__name__} has no {attr}()"
            )
    return evaluation  # type: ignore[return-value]


_STATUS_WORD = {"accepted": "IN", "rejected": "OUT", "undecided": "UNDEC"}


@dataclass(frozen=True)
class Badge:
    """An evaluation result for one node."""

    status: str | None
    strength: float | None
    explanation: str

    def word(self) -> str:
        return _STATUS_WORD.get(self.status or "", "")

    def percent(self) -> str:
        if self.strength is None:
            return ""
        return f"{round(self.strength * 100)}%"

    def short(self) -> str:
        """``IN 73%``, ``OUT``, ``UNDEC`` or ``73%``."""
        parts = [p for p in (self.word(), self.percent()) if p]
        return " ".join(parts)


# ---------------------------------------------------------------------------- options


@attrs.define
class OutlineOptions:
    """The options of the Markdown outline (and, with more, the text tree and HTML page)."""

    title: bool | str = option(
        True,
        help="true/false: head the output with the map's title; other text: use that "
        "heading instead",
        parse=title_option,
        allowed="true, false or a heading",
        type="bool/text",
    )
    show_evidence: bool = option(True, help="show evidence and its sources")
    tags: tuple[str, ...] | None = option(None, help="only nodes with any of these tags")
    groups: tuple[str, ...] | None = option(
        None, help="only nodes in these groups or their sub-groups (ids or titles)"
    )
    root: str | None = option(
        None,
        help="the id of the node to start from (instead of the main claims)",
        parse=node_id_option,
        allowed="the id of a statement or argument",
        type="text",
    )
    depth: int | None = option(
        None, help="how many levels below each main claim (or below root) to show", min=0
    )
    evaluation: object = option(
        None,
        help="a semantics name (or evaluation object) whose results are shown as badges",
        parse=evaluation_option,
        allowed="a semantics name or an evaluation",
        type="text",
    )


@attrs.define
class TextOptions(OutlineOptions):
    """The options of the plain-text tree."""

    width: int = option(
        80,
        help="wrap lines at this many characters (0: no wrapping; deeply nested lines "
        "keep at least 20 columns for their text)",
        min=0,
    )
    ascii: bool = option(False, help="draw the tree with ASCII characters only")


OUTLINE_OPTIONS: dict[str, str] = {s.name: s.help for s in option_specs(OutlineOptions)}


# ---------------------------------------------------------------------------- the tree
class Role:
    """How an item relates to its parent in the outline."""

    MAIN = "main"
    PRO = "pro"
    CON = "con"
    UNDERCUT = "undercut"
    CONTRADICTION = "contradiction"
    PREMISE = "premise"
    OTHER = "other"
    CONTINUED = "continued"
    """The head of a continuation: a node whose subtree goes deeper than
    :data:`MAX_LEVEL`, shown again as the top of a tree of its own."""


MAX_LEVEL = 30
"""How many levels an outline tree nests. A node at this level whose subtree goes on is
marked "continued below", and its subtree is shown as a further tree right after the
one it is in (headed by that node), so any depth is shown, and output grows linearly
with the map instead of with the square of its depth (each line is indented by its level)."""


@dataclass(slots=True)
class Item:
    """One entry of the outline: a node in a role under its parent."""

    role: str
    node: Node
    relation: Relation | None = None
    """The relation linking this item to its parent (None for premises and inferences)."""
    parent: Node | None = None
    backref: bool = False
    """The node was shown before: this entry only refers to it."""
    premise_index: tuple[int, int] | None = None
    undercut_of: tuple[Node, Node | None, RelationKind | None] | None = None
    """For undercuts, the inference attacked: ``(argument, None, None)`` for an argument's
    own inference, ``(source, target, kind)`` for the ``kind`` link from ``source`` to
    ``target`` (``target`` is None when it is not a node)."""
    hidden: int = 0
    """Children not shown because of the depth limit."""
    continued: bool = False
    """The children are shown in a continuation tree (below :data:`MAX_LEVEL`)."""
    children: list[Item] = field(default_factory=list)


@dataclass
class Outline:
    """The outline of a map, ready for an emitter."""

    title: str | None
    description: str | None
    trees: list[Item]
    others: list[Item]
    orphans: list[Node]
    evidence: list[Statement]
    badges: dict[str, Badge]


def node_label(node: Node, *, brackets: tuple[str, str] = ("⟨", "⟩")) -> str:
    """A one-line label: ``title: text`` for statements, ``⟨title⟩: text`` for arguments."""
    if isinstance(node, Statement):
        text = _one_line(node.text)
        title = _one_line(node.title) if node.title else ""
        if title and text and title != text:
            return f"{title}: {text}"
        return title or text or node.id
    title = _one_line(node.title or "")
    text = _one_line(node.text or "")
    head = f"{brackets[0]}{title}{brackets[1]}" if title else ""
    if head and text:
        return f"{head}: {text}"
    return head or text or f"{brackets[0]}{node.id}{brackets[1]}"


def short_label(
    node: Node,
    limit: int = 60,
    *,
    brackets: tuple[str, str] = ("⟨", "⟩"),
    ellipsis: str = "…",
) -> str:
    """A label cut to ``limit`` characters (for back-references)."""
    if isinstance(node, Argument) and node.title:
        label = f"{brackets[0]}{_one_line(node.title)}{brackets[1]}"
    elif isinstance(node, Statement) and node.title:
        label = _one_line(node.title)
    else:
        label = node_label(node, brackets=brackets)
    if len(label) > limit:
        label = label[: limit - len(ellipsis)].rstrip() + ellipsis
    return label


def undercut_phrase(
    item: Item, *, brackets: tuple[str, str] = ("⟨", "⟩"), ellipsis: str = "…"
) -> str:
    """``the inference of ⟨A⟩`` or ``the inference from X to Y`` (empty if not an undercut)."""
    if item.undercut_of is None:
        return ""
    source, target, kind = item.undercut_of
    first = short_label(source, brackets=brackets, ellipsis=ellipsis)
    if kind is None:
        return f"the inference of {first}"
    second = short_label(target, brackets=brackets, ellipsis=ellipsis) if target else ""
    if kind is RelationKind.CONTRADICTION:
        return f"the contradiction between {first} and {second}"
    if kind is RelationKind.ATTACK:
        return f"the attack of {first} on {second}"
    if kind is RelationKind.UNDERCUT:
        return f"the undercut by {first}"
    return f"the inference from {first} to {second}" if second else f"the inference from {first}"


def _is_one_line(text: str) -> bool:
    """Whether ``_one_line(text) == text`` (printable: no white space but the space, and
    no run of spaces, none at either end), decided in C."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _one_line(text: str) -> str:
    if _is_one_line(text):
        return text  # the common case (and "")
    return " ".join(clean(text).split())


class _Builder:
    def __init__(self, amap: ArgumentMap, depth: int | None) -> None:
        self.amap = amap
        self.depth = depth
        self.seen: set[str] = set()
        self.pending: deque[tuple[Item, int]] = deque()  # continuations, with their level
        self.concluding: dict[str, list[Argument]] = {}
        for arg in amap.arguments.values():
            if arg.conclusion is not None:
                self.concluding.setdefault(arg.conclusion, []).append(arg)
        # the map's own tables, read directly in the loops below (one Item per node and
        # relation shown: no list rebuilt, no accessor called per lookup)
        self.lookup: dict[str, Node] = {**amap._arguments, **amap._statements}
        self.relations = relations = amap._relations
        self.into = amap._in
        contradiction = RelationKind.CONTRADICTION
        # node id -> its outgoing contradictions, in the order of amap.outgoing()
        self.contra_out: dict[str, list[Relation]] = {}
        for rel in relations.values():
            if rel.kind is contradiction and rel.source not in self.contra_out:
                self.contra_out[rel.source] = amap.outgoing(rel.source, contradiction)

    def _node(self, nid: str) -> Node | None:
        """The node ``nid`` when it is in the map (as ``nid in amap`` then
        ``amap.node(nid)``: the id of a relation raises ``KeyError``), else None."""
        node = self.lookup.get(nid)
        if node is None and nid in self.relations:
            return self.amap.node(nid)
        return node

    # The children of a node, in display order: premises, pros, cons, undercuts,
    # contradictions. ``via`` is the relation that led here (not followed back).
    def candidates(self, node: Node, via: Relation | None) -> list[Item]:
        nid = node.id
        rids = self.into.get(nid)
        concluding = self.concluding.get(nid)
        contra_out = self.contra_out.get(nid)
        is_argument = isinstance(node, Argument)
        if not (rids or concluding or contra_out or is_argument):
            return []  # the common case: a leaf
        out: list[Item] = []
        if isinstance(node, Argument):
            statements = self.amap._statements
            total = len(node.premises)
            for i, pid in enumerate(node.premises, 1):
                premise = statements.get(pid)
                if premise is not None:
                    out.append(Item(Role.PREMISE, premise, None, node, premise_index=(i, total)))
        cons: list[Item] = []
        undercuts: list[Item] = []
        contra: list[Relation] = []
        supporters: set[str] = set()
        if rids:
            relations = self.relations
            for rid in rids:
                rel = relations[rid]
                kind = rel.kind
                if kind is RelationKind.CONTRADICTION:
                    contra.append(rel)
                    continue
                source = self._node(rel.source)
                if source is None:
                    continue
                if kind is RelationKind.SUPPORT:
                    out.append(Item(Role.PRO, source, rel, node))
                    supporters.add(rel.source)
                elif kind is RelationKind.ATTACK:
                    cons.append(Item(Role.CON, source, rel, node))
                elif kind is RelationKind.UNDERCUT:
                    undercuts.append(
                        Item(Role.UNDERCUT, source, rel, node, undercut_of=(node, None, None))
                    )
        if concluding:
            for arg in concluding:
                if arg.id not in supporters:
                    out.append(Item(Role.PRO, arg, None, node))
        out += cons
        out += undercuts
        if contra_out:
            contra += contra_out
        for rel in contra:
            if via is not None and rel.id == via.id:
                continue
            other = rel.source if rel.target == nid else rel.target
            if other != nid:
                found = self._node(other)
                if found is not None:
                    out.append(Item(Role.CONTRADICTION, found, rel, node))
        return out

    def link_undercuts(self, item: Item) -> list[Item]:
        """Undercuts of the relation that links ``item`` to its parent."""
        rel = item.relation
        if rel is None:
            return []
        rids = self.into.get(rel.id)
        if not rids:
            return []
        found = []
        relations = self.relations
        for rid in rids:
            u = relations[rid]
            if u.kind is RelationKind.UNDERCUT:
                source = self._node(u.source)
                if source is not None:
                    link = (item.node, item.parent, rel.kind)
                    found.append(Item(Role.UNDERCUT, source, u, item.node, undercut_of=link))
        return found

    def expand(self, top: Item) -> list[Item]:
        """Fill in ``top``'s subtree (pre-order, iteratively so deep maps cannot overflow):
        ``top``, then the continuation trees of what nests below :data:`MAX_LEVEL`."""
        self._expand([(top, 0, 0)])
        trees = [top]
        while self.pending:  # in the order met, so that nodes are seen in display order
            head, level = self.pending.popleft()
            trees.append(head)
            self._expand([(kid, level + 1, level) for kid in reversed(head.children)])
        return trees

    def _expand(self, stack: list[tuple[Item, int, int]]) -> None:
        # (item, its level below the main claim, the level its tree starts at)
        while stack:
            item, level, base = stack.pop()
            kids = self.link_undercuts(item)
            if item.node.id in self.seen:
                item.backref = True
            else:
                self.seen.add(item.node.id)
                kids += self.candidates(item.node, item.relation)
            if self.depth is not None and level >= self.depth:
                item.hidden = len(kids)
                continue
            if kids and level - base >= MAX_LEVEL:
                item.continued = True
                self.pending.append((Item(Role.CONTINUED, item.node, children=kids), level))
                continue
            item.children = kids
            for kid in reversed(kids):
                stack.append((kid, level + 1, base))

    def reachable(self, starts: Sequence[Node]) -> set[str]:
        found = {n.id for n in starts}
        todo = list(starts)
        while todo:
            node = todo.pop()
            for kid in self.candidates(node, None):
                for sub in [kid, *self.link_undercuts(kid)]:
                    if sub.node.id not in found:
                        found.add(sub.node.id)
                        todo.append(sub.node)
        return found


def _nodes_among(amap: ArgumentMap, ids: set[str]) -> list[Node]:
    """The nodes of ``amap`` whose ids are in ``ids``, in node order (as ``amap.nodes()``)."""
    if not ids:
        return []
    statements, arguments = amap._statements, amap._arguments
    found: list[Node] = [*map(statements.__getitem__, filter(ids.__contains__, statements))]
    found += map(arguments.__getitem__, filter(ids.__contains__, arguments))
    return found


def _connected_ids(amap: ArgumentMap) -> set[str]:
    """Nodes with a relation, or taking part in an inference (as argument, premise or
    conclusion); the rest are orphans."""
    relations = amap._relations.values()
    found = set(map(attrgetter("source"), relations))
    found.update(map(attrgetter("target"), relations))
    for arg in amap.arguments.values():
        if arg.premises or arg.conclusion is not None:
            found.add(arg.id)
            found.update(arg.premises)
            if arg.conclusion is not None:
                found.add(arg.conclusion)
    return found


def _points_to(amap: ArgumentMap, node: Node) -> bool:
    """Whether ``node`` argues for or against something (it is not a root)."""
    if isinstance(node, Argument) and node.conclusion is not None:
        return True
    return any(r.kind is not RelationKind.CONTRADICTION for r in amap.outgoing(node.id))


def select_map(amap: ArgumentMap, opts: OutlineOptions) -> ArgumentMap:
    """The part of ``amap`` the options ask for."""
    if opts.tags is None and opts.groups is None and opts.root is None and opts.show_evidence:
        return amap
    return amap.select(
        tags=opts.tags,
        groups=opts.groups,
        root=opts.root,
        depth=opts.depth if opts.root is not None else None,
        include_evidence=opts.show_evidence,
    )


def build_outline(amap: ArgumentMap, opts: OutlineOptions) -> Outline:
    """The outline of ``amap`` under ``opts`` (selection, depth, evaluation)."""
    evaluation = resolve_evaluation(amap, opts.evaluation)
    sub = select_map(amap, opts)
    builder = _Builder(sub, opts.depth if opts.root is None else None)
    connected = _connected_ids(sub)
    if opts.root is not None:
        roots: list[Node] = [sub.node(opts.root)]
    elif connected:
        # isolated nodes are orphans, even where main_claims() falls back to them
        roots = [n for n in sub.main_claims() if n.id in connected]
    else:
        roots = list(sub.main_claims())
    trees = [tree for node in roots for tree in builder.expand(Item(Role.MAIN, node))]
    reached = builder.reachable(roots) if opts.depth is not None else builder.seen
    others: list[Item] = []
    orphans: list[Node] = []
    if opts.root is None:
        shown = {n.id for n in roots}
        # what no main claim reaches: trees from nodes that argue about nothing first,
        # (a thesis that is also used as a premise, say), then the rest (cycles)
        left = connected - shown
        left -= reached
        rest = _nodes_among(sub, left)
        rest.sort(key=lambda n: _points_to(sub, n))
        for node in rest:
            if node.id in reached or node.id in builder.seen:
                continue
            others += builder.expand(Item(Role.OTHER, node))
            if opts.depth is not None:
                reached |= builder.reachable([node])
        alone = sub._statements.keys() - connected
        alone |= sub._arguments.keys() - connected
        alone -= shown
        orphans = _nodes_among(sub, alone)
        if not trees:
            trees, others = others, []
    badges: dict[str, Badge] = {}
    if evaluation is not None:
        for node in sub.nodes():
            status = evaluation.status(node.id)
            strength = evaluation.strength(node.id)
            if status is None and strength is None:
                continue
            explanation = evaluation.explain(node.id)
            badges[node.id] = Badge(status, strength, _one_line(explanation or ""))
    title = amap.title if opts.title is True else ("" if opts.title is False else opts.title)
    evidence = [s for s in sub.evidence_items if s.sources] if opts.show_evidence else []
    return Outline(
        title=_one_line(title) if title else None,
        description=clean(amap.description).strip() if amap.description else None,
        trees=trees,
        others=others,
        orphans=orphans,
        evidence=evidence,
        badges=badges,
    )


def conclusion_shown(node: Node, parent: Node | None, lookup: dict[str, Node]) -> Node | None:
    """An argument's conclusion, when the outline does not already show it as the parent."""
    if not isinstance(node, Argument) or node.conclusion is None:
        return None
    if parent is not None and parent.id == node.conclusion:
        return None
    return lookup.get(node.conclusion)


def walk(items: Sequence[Item]) -> Iterator[tuple[Item, int, bool]]:
    """Pre-order walk (iterative): each item with its depth and whether it is a last child."""
    stack: list[tuple[Item, int, bool]] = [
        (item, 0, i == len(items) - 1) for i, item in reversed(list(enumerate(items)))
    ]
    while stack:
        item, depth, last = stack.pop()
        yield item, depth, last
        n = len(item.children)
        for i in range(n - 1, -1, -1):
            stack.append((item.children[i], depth + 1, i == n - 1))


# ---------------------------------------------------------------------------- sources
def source_parts(src: Source) -> tuple[str, list[str]]:
    """A source's title (or URL) and its other bibliographic fields, as plain text."""
    head = _one_line(src.title or "") or _one_line(src.url or "") or "untitled source"
    rest = [_one_line(x) for x in (src.author, src.publisher, src.published) if x and x.strip()]
    return head, rest


_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_URL_BREAK = re.compile(r"[\s\x00-\x1f\x7f]")  # (\s: what str.isspace() calls white space)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http, https or mailto URL without white space, else ``None``."""
    if not url:
        return None
    url = url.strip()
    if not url.lower().startswith(_SAFE_SCHEMES):
        return None
    if _URL_BREAK.search(url) is not None:
        return None
    return visible_url(url)  # no bidi control or invisible character in a link


# ---------------------------------------------------------------------------- role words
_ROLE_WORDS = {
    Role.MAIN: "",
    Role.OTHER: "",
    Role.PRO: "Pro",
    Role.CON: "Con",
    Role.UNDERCUT: "Undercut",
    Role.CONTRADICTION: "Contradicts",
    Role.PREMISE: "Premise",
    Role.CONTINUED: "Continued",
}


def role_word(item: Item) -> str:
    word = _ROLE_WORDS[item.role]
    if item.role == Role.PREMISE and item.premise_index is not None:
        i, n = item.premise_index
        word = f"Premise {i}/{n}"
    return word


def _badge_short(badges: dict[str, Badge], node_id: str) -> str:
    """The node's short badge (``IN 73%``), or ``""`` (no evaluation, no result)."""
    if not badges:
        return ""
    badge = badges.get(node_id)
    return badge.short() if badge is not None else ""


def _has_details(node: Node, badges: dict[str, Badge]) -> bool:
    """Whether an emitter's ``details`` may show something for ``node`` (a conclusion,
    sources or an explanation): false for most nodes, decided without building them."""
    if isinstance(node, Statement):
        if node.kind is StatementKind.EVIDENCE:
            return True
    elif node.conclusion is not None:
        return True
    return bool(badges) and node.id in badges


# ---------------------------------------------------------------------------- text
_TEXT_TAGS = {role: f"{word.upper()}  " if word else "" for role, word in _ROLE_WORDS.items()}
"""The text tree's role tags (but a premise's, numbered), as role_word() makes them."""
_UNICODE = {"mid": "├── ", "last": "└── ", "pipe": "│   ", "space": "    "}
_ASCII = {"mid": "|-- ", "last": "`-- ", "pipe": "|   ", "space": "    "}
_UNICODE_DECOR = {
    "brackets": ("⟨", "⟩"),
    "ellipsis": "…",
    "arrow": "→",
    "dash": "—",
    "quotes": ("“", "”"),
    "bullet": "■",
    "rule": "═",
    "subrule": "─",
}
_ASCII_DECOR = {
    "brackets": ("<", ">"),
    "ellipsis": "...",
    "arrow": "->",
    "dash": "--",
    "quotes": ('"', '"'),
    "bullet": "*",
    "rule": "=",
    "subrule": "-",
}


class _TextEmitter:
    def __init__(self, outline: Outline, opts: TextOptions, lookup: dict[str, Node]) -> None:
        self.o = outline
        self.opts = opts
        self.lookup = lookup
        self.art = _ASCII if opts.ascii else _UNICODE
        decor: dict[str, Any] = _ASCII_DECOR if opts.ascii else _UNICODE_DECOR
        self.brackets: tuple[str, str] = decor["brackets"]
        self.ellipsis: str = decor["ellipsis"]
        self.arrow: str = decor["arrow"]
        self.dash: str = decor["dash"]
        self.quotes: tuple[str, str] = decor["quotes"]
        self.bullet: str = decor["bullet"]
        self.rule: str = decor["rule"]
        self.subrule: str = decor["subrule"]
        self.lines: list[str] = []

    def short(self, node: Node, limit: int = 60) -> str:
        return short_label(node, limit, brackets=self.brackets, ellipsis=self.ellipsis)

    def put(self, first: str, rest: str, text: str, *, breakable: bool = True) -> None:
        """Wrap ``text`` to the width: first line after ``first``, the others after ``rest``."""
        width = self.opts.width
        room = max(width - max(len(first), len(rest)), 20) if width > 0 else 0
        if not breakable:
            self.lines.append((first + text).rstrip())
            return
        if _is_one_line(text):  # one clean line: what wrap() makes of it, without its passes
            if room == 0 or len(text) <= room:
                self.lines.append((first + text).rstrip())
                return
            chunks = _wrapper(room).findall(text)
        else:
            chunks = wrap(text, room) or [""]
        self.lines.append((first + chunks[0]).rstrip())
        for chunk in chunks[1:]:
            self.lines.append((rest + chunk).rstrip())

    def emit(self) -> str:
        o = self.o
        if o.title:
            self.put("", "", o.title)
            longest = max(len(x) for x in wrap(o.title, self.opts.width) or [""])
            self.lines.append(self.rule * longest)
            self.lines.append("")
        if o.description:
            self.put("", "", o.description)
            self.lines.append("")
        self.trees(o.trees)
        if o.others:
            self.section("Not connected to a main claim")
            self.trees(o.others)
        if o.orphans:
            self.section("Orphans (no relations)")
            for node in o.orphans:
                self.put("- ", "  ", self.label(node))
                self.details(node, "  ")
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    def section(self, heading: str) -> None:
        self.lines.append(heading)
        self.lines.append(self.subrule * len(heading))
        self.lines.append("")

    def label(self, node: Node) -> str:
        text = node_label(node, brackets=self.brackets)
        if isinstance(node, Statement) and node.kind is StatementKind.EVIDENCE:
            text = "[evidence] " + text
        if node.tags:
            text += "".join(f" #{_one_line(t)}" for t in node.tags)
        short = _badge_short(self.o.badges, node.id)
        if short:
            text += f" [{short}]"
        return text

    def trees(self, items: list[Item]) -> None:
        art = self.art
        last_lead, mid_lead, last_kids, mid_kids = (
            art["last"],
            art["mid"],
            art["space"],
            art["pipe"],
        )
        pipe = mid_kids[0]
        badges = self.o.badges
        for top in items:
            prefixes: list[str] = []  # prefixes[d]: what the children of depth d start with
            for item, depth, last in walk([top]):
                if depth == 0:
                    lead, kids = self.bullet + " ", ""
                else:
                    pre = prefixes[depth - 1]
                    lead = pre + (last_lead if last else mid_lead)
                    kids = pre + (last_kids if last else mid_kids)
                del prefixes[depth:]
                prefixes.append(kids)
                if item.premise_index is None:
                    tag = _TEXT_TAGS[item.role]
                else:
                    word = role_word(item).upper()
                    tag = f"{word}  " if word else ""
                below = kids + (pipe if item.children else " ")
                below = below.ljust(len(lead) + len(tag))
                if item.backref:
                    body = f"(see above: {self.short(item.node)})"
                else:
                    body = self.label(item.node)
                if item.undercut_of:
                    phrase = undercut_phrase(item, brackets=self.brackets, ellipsis=self.ellipsis)
                    body += f" {self.dash} undercuts {phrase}"
                self.put(lead + tag, below, body)
                if (
                    not item.backref
                    and item.role != Role.CONTINUED
                    and _has_details(item.node, badges)
                ):
                    self.details(item.node, below, parent=item.parent)
                if item.hidden:
                    more = f"{self.ellipsis} {item.hidden} more below (depth limit)"
                    self.put(below, below, more)
                if item.continued:
                    self.put(below, below, f"{self.ellipsis} continued below")
            self.lines.append("")

    def details(self, node: Node, indent: str, parent: Node | None = None) -> None:
        concl = conclusion_shown(node, parent, self.lookup)
        if concl is not None:
            text = node_label(concl, brackets=self.brackets)
            self.put(indent + f"{self.arrow} concludes: ", indent + "  ", text)
        if isinstance(node, Statement) and node.is_evidence:
            for src in node.sources:
                head, rest = source_parts(src)
                line = "source: " + head + "".join(f", {x}" for x in rest)
                self.put(indent, indent + "  ", line)
                if src.url:
                    self.put(indent + "  ", indent + "  ", _one_line(src.url), breakable=False)
                if src.quote or src.locator:
                    q = _one_line(src.quote).join(self.quotes) if src.quote else ""
                    where = _quotes.locator(src)
                    loc = f"({_one_line(where)})" if where else ""
                    text = " ".join(x for x in (q, loc) if x)
                    self.put(indent + "  ", indent + "  ", text)
                    checked = _quotes.verdict(src)
                    if checked is not None:
                        ctx = _quotes.context(src)
                        note = checked[1] if checked[0] else "UNVERIFIED" + checked[1][10:]
                        if ctx is not None:
                            note += f"; context: …{ctx[0]} [quote] {ctx[1]}…"
                        self.put(indent + "  ", indent + "    ", _one_line(note))
        badge = self.o.badges.get(node.id)
        if badge is not None and badge.explanation:
            self.put(indent + "why: ", indent + "     ", badge.explanation)


# ---------------------------------------------------------------------------- markdown
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|~!])")


# A line that begins with one of these starts a block (a list item, a thematic break, a
# setext underline) wherever it stands: `- -` would be a nested list, not a dash.
_MD_BLOCK_START = re.compile(r"[-+=]|\d{1,9}[.)]")


def md_escape(text: str) -> str:
    """Escape user text for inline Markdown: no emphasis, code, links, HTML or entities,
    and no block marker at its start (backslash escapes are valid before any ASCII
    punctuation, so the text reads the same wherever it stands)."""
    text = _one_line(text)
    if _MD_SPECIAL.search(text) is not None:
        text = _MD_SPECIAL.sub(r"\\\1", text)
    m = _MD_BLOCK_START.match(text)
    if m is not None:
        end = m.end()
        text = text[: end - 1] + "\\" + text[end - 1 :]
    return text


def md_url(url: str) -> str:
    """A safe URL as a CommonMark link destination (``<…>`` form)."""
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace("\\", "%5C") + ">"


_MD_TAGS = {
    Role.PRO: "**Pro**",
    Role.CON: "**Con**",
    Role.UNDERCUT: "**Undercut**",
    Role.CONTRADICTION: "**Contradicts**",
}
"""The bold role tags of the Markdown list; the others are ``*role word*``."""


class _MarkdownEmitter:
    def __init__(self, outline: Outline, opts: OutlineOptions, lookup: dict[str, Node]) -> None:
        self.o = outline
        self.opts = opts
        self.lookup = lookup
        self.lines: list[str] = []

    def emit(self) -> str:
        o = self.o
        if o.title:
            self.lines += [f"# {md_escape(o.title)}", ""]
        if o.description:
            for para in re.split(r"\n\s*\n", o.description):
                if para.strip():
                    self.lines += [md_escape(para), ""]
        for top in o.trees:
            self.tree(top, "##")
        if o.others:
            self.lines += ["## Not connected to a main claim", ""]
            for top in o.others:
                self.tree(top, "###")
        if o.orphans:
            self.lines += ["## Orphans (no relations)", ""]
            for node in o.orphans:
                self.lines.append("- " + self.label(node))
                self.details(node, "  ", None)
            self.lines.append("")
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    def label(self, node: Node) -> str:
        text = md_escape(node_label(node))
        if isinstance(node, Statement) and node.kind is StatementKind.EVIDENCE:
            text = "*(evidence)* " + text
        if node.tags:
            text += "".join(f" {md_escape('#' + t)}" for t in node.tags)
        short = _badge_short(self.o.badges, node.id)
        if short:
            text += f" `{short}`"
        return text

    def tree(self, top: Item, heading: str) -> None:
        continued = top.role == Role.CONTINUED
        lead = "Continued: " if continued else ""
        self.lines += [f"{heading} {lead}{self.label(top.node)}", ""]
        start = len(self.lines)
        if not continued:
            self.details(top.node, "", None, bullets=False)
        if len(self.lines) > start:
            self.lines.append("")
        lines = self.lines
        indents = [""]
        stack = [(item, 0) for item in reversed(top.children)]  # pre-order, as walk()
        while stack:
            item, depth = stack.pop()
            if item.children:
                stack += [(kid, depth + 1) for kid in reversed(item.children)]
            while len(indents) <= depth:
                indents.append(indents[-1] + "  ")
            indent = indents[depth]
            tag = _MD_TAGS.get(item.role) or f"*{role_word(item)}*"
            node = item.node
            if item.backref:
                body = f"(see above: {md_escape(short_label(node))})"
            else:
                body = self.label(node)
            if item.undercut_of:
                body += f" — undercuts {md_escape(undercut_phrase(item))}"
            lines.append(f"{indent}- {tag}: {body}")
            if not item.backref and _has_details(node, self.o.badges):
                self.details(node, indent + "  ", item.parent)
            if item.hidden:
                self.lines.append(f"{indent}  - … {item.hidden} more below (depth limit)")
            if item.continued:
                self.lines.append(f"{indent}  - … continued below")
        if top.hidden:
            self.lines.append(f"- … {top.hidden} more below (depth limit)")
        self.lines.append("")

    def details(
        self, node: Node, indent: str, parent: Node | None, *, bullets: bool = True
    ) -> None:
        bullet = "- " if bullets else ""
        concl = conclusion_shown(node, parent, self.lookup)
        if concl is not None:
            self.lines.append(f"{indent}{bullet}→ *concludes:* {md_escape(node_label(concl))}")
        if isinstance(node, Statement) and node.is_evidence:
            for src in node.sources:
                self.lines.append(f"{indent}{bullet}{md_source(src)}")


def md_source(src: Source) -> str:
    """One source as a Markdown line: linked title, author/publisher/date, quote, locator."""
    head, rest = source_parts(src)
    url = safe_url(src.url)
    text = f"[{md_escape(head)}]({md_url(url)})" if url else md_escape(head)
    if src.url and not url:
        rest.append(_one_line(src.url))
    line = "Source: " + text + "".join(f", {md_escape(x)}" for x in rest if x)
    if src.quote:
        line += f" — “{md_escape(src.quote)}”"
    where = _quotes.locator(src)
    if where:
        line += f" ({md_escape(where)})"
    checked = _quotes.verdict(src)
    if checked is not None:
        ok, note = checked
        line += f" *{md_escape(note)}*" if ok else f" **{md_escape(note)}**"
        ctx = _quotes.context(src)
        if ctx is not None:
            line += f" — context: …{md_escape(ctx[0])} \\[quote\\] {md_escape(ctx[1])}…"
    return line


# ---------------------------------------------------------------------------- renderers
def _lookup(amap: ArgumentMap) -> dict[str, Node]:
    return {n.id: n for n in amap.nodes()}


OUTLINE_EXPRESSES = EVERYTHING - {"metadata", "sections"}
"""What an outline shows: everything but free metadata and the sections (groups)."""


class TextRenderer(Renderer):
    """The map as a plain-text tree of pros and cons, for terminals."""

    name = "text"
    aliases = ("txt", "tree", "outline")
    extensions = (".txt",)
    media_type = "text/plain"
    description = "plain-text tree of pros and cons (terminal-friendly)"
    Options = TextOptions
    expresses: ClassVar[frozenset[str] | None] = OUTLINE_EXPRESSES

    def render_map(self, amap: ArgumentMap, options: TextOptions) -> str:
        opts = options
        outline = build_outline(amap, opts)
        return _TextEmitter(outline, opts, _lookup(amap)).emit()


class MarkdownRenderer(Renderer):
    """The map as a Markdown outline of pros and cons (nested lists), for READMEs."""

    name = "markdown"
    aliases = ("md",)
    extensions = (".md", ".markdown")
    media_type = "text/markdown"
    description = "Markdown outline of pros and cons (nested lists)"
    Options = OutlineOptions
    expresses: ClassVar[frozenset[str] | None] = OUTLINE_EXPRESSES

    def render_map(self, amap: ArgumentMap, options: OutlineOptions) -> str:
        opts = options
        outline = build_outline(amap, opts)
        return _MarkdownEmitter(outline, opts, _lookup(amap)).emit()
