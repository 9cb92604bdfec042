"""Writing Kialo's discussion export, and what a map loses on the way (:func:`normalize`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import ClassVar

from argmap import (
    ArgumentMap,
    Relation,
    RelationKind,
    RenderError,
    Source,
    Statement,
    StatementKind,
)
from argmap._model import _trusted_relation as _relation
from argmap._model import _trusted_statement as _statement
from argmap.plugin import Renderer

from ._text import TITLE, escape_link_part, escape_text, escape_title

__all__ = ["KialoRenderer", "kialo_view", "normalize"]

log = logging.getLogger("argmap.kialo")


def _clean_line(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(text.split()) or None


def _clean_text(text: str) -> str:
    if "\r" not in text:
        return text.strip()
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _sources(sources: tuple[Source, ...]) -> tuple[Source, ...]:
    kept = []
    for s in sources:
        title, url = _clean_line(s.title), _clean_line(s.url)
        if title or url:
            kept.append(Source(title=title, url=url))
    return tuple(kept)


_WORD = {kind: kind.value for kind in RelationKind}


def kialo_view(amap: ArgumentMap) -> ArgumentMap:
    """``amap`` as far as Kialo can say it: statements joined by Pro (support) and Con
    (attack) relations only, with the documented degradations (see the README):

    - an argument with premises becomes a Pro from each premise to its conclusion; in
      other relations the argument stands for its premises; one without premises
      becomes a claim worded by its label;
    - attacks, undercuts and contradictions become Cons; a relation aimed at a relation
      (an undercut of a support) is aimed at that relation's source (in Kialo a Con of a
      claim may dispute its relevance to its parent);
    - statements keep their text (line breaks as ``\\n``, surrounding white space
      stripped) and, for evidence, the title and URL of each source (an evidence item
      without either becomes a claim); titles, tags, groups and metadata are dropped.
    """
    view = ArgumentMap(_clean_line(amap.title))
    ends: dict[str, tuple[str, ...]] = {}
    # the view's elements are collected here and added in two batches (add_all: as one
    # add() each, in this order); membership is asked of these dicts, not of the view
    statements: dict[str, Statement] = {}
    evidence, claim = StatementKind.EVIDENCE, StatementKind.CLAIM
    for st in amap.statements.values():
        sources = _sources(st.sources) if st.kind is evidence else ()
        text = _clean_text(st.text) or _clean_text(st.title or "") or st.id
        skind = evidence if sources else claim
        statements[st.id] = _statement(st.id, text, skind, None, sources, (), None, {}, None)
    pending: list[tuple[RelationKind, str, str]] = []
    for arg in amap.arguments.values():
        if arg.premises:
            ends[arg.id] = arg.premises
            if arg.conclusion is not None:
                pending += [(RelationKind.SUPPORT, p, arg.conclusion) for p in arg.premises]
        else:
            statements[arg.id] = Statement(id=arg.id, text=_clean_text(arg.label) or arg.id)
            ends[arg.id] = (arg.id,)
    view.add_all(statements.values())
    relations = amap.relations
    for rel in relations.values():
        kind = RelationKind.SUPPORT if rel.kind is RelationKind.SUPPORT else RelationKind.ATTACK
        target = rel.target
        if target in relations:
            target = relations[target].source
        for s in ends.get(rel.source, (rel.source,)):
            for t in ends.get(target, (target,)):
                pending.append((kind, s, t))
    added: dict[str, Relation] = {}
    for kind, s, t in pending:
        if s != t and s in statements and t in statements:
            rid = f"{s} -{_WORD[kind]}-> {t}"
            if rid not in added and rid not in statements:
                added[rid] = _relation(rid, kind, s, t, None)
    view.add_all(added.values())
    return view


def _thesis(view: ArgumentMap) -> str | None:
    roots = [n.id for n in view.main_claims()]
    if roots:
        return roots[0]
    return next(iter(view.statements), None)


MAX_DEPTH = 1000
"""How many levels below the thesis a written export may nest (see :func:`_walk`)."""


class _Frame:
    __slots__ = ("children", "count", "number")

    def __init__(self, number: str, children: Iterator[Relation]) -> None:
        self.number = number
        self.children = children
        self.count = 0


def _walk(view: ArgumentMap) -> Iterator[tuple[str, Relation | None, str, str | None]]:
    """The export's lines in order, as ``(number, relation, statement id, see)``: a
    depth-first walk from the thesis down the incoming Pro/Con relations; a statement met
    again is a ``-> See`` line, and ``see`` is then the number it was first written at."""
    thesis = _thesis(view)
    if thesis is None:
        return
    numbers: dict[str, str] = {thesis: "1"}
    yield "1", None, thesis, None
    relation, into = view._relations.__getitem__, view._in  # what view.incoming() reads
    stack = [_Frame("1", map(relation, into.get(thesis, ())))]
    while stack:
        frame = stack[-1]
        rel = next(frame.children, None)
        if rel is None:
            stack.pop()
            continue
        frame.count += 1
        number = f"{frame.number}.{frame.count}"
        seen = numbers.get(rel.source)
        if seen is not None:
            yield number, rel, rel.source, seen
            continue
        if len(stack) >= MAX_DEPTH:  # the thesis is level 1, this claim len(stack) + 1
            raise RenderError(
                f"claim {rel.source!r} is at level {len(stack) + 1} (the thesis is 1); a Kialo "
                f"export written by argmap nests at most {MAX_DEPTH} levels (every claim's "
                "number spells out its whole path, so deeper chains make the export grow with "
                "the square of their depth)"
            )
        numbers[rel.source] = number
        yield number, rel, rel.source, None
        stack.append(_Frame(number, map(relation, into.get(rel.source, ()))))


def normalize(amap: ArgumentMap) -> ArgumentMap:
    """What ``amap`` becomes after a Kialo round trip (``render`` then ``parse``).

    It is :func:`kialo_view` restricted to what the export reaches from the thesis (the
    first main claim), with statements renamed by their position in the export
    (``"1"``, ``"1.2"`` …) as the reader names them, and relations renamed to match.
    Compare maps with ``normalize(a) == normalize(b)``.
    """
    view = kialo_view(amap)
    out = ArgumentMap(view.title)
    numbers: dict[str, str] = {}
    rels: list[Relation] = []
    for number, rel, sid, see in _walk(view):
        if see is None:
            numbers[sid] = number
            st = view.statements[sid]
            out.add(Statement(id=number, text=st.text, kind=st.kind, sources=st.sources))
        if rel is not None:
            rels.append(rel)
    for rel in rels:
        s, t = numbers[rel.source], numbers[rel.target]
        out.add(Relation(id=f"{s} -{rel.kind.value}-> {t}", kind=rel.kind, source=s, target=t))
    return out


class KialoRenderer(Renderer):
    """Writes a map as a Kialo discussion export."""

    name = "kialo"
    aliases = ("kialo-txt",)
    extensions = (".kialo", ".kialo.txt")
    media_type = "text/plain"
    description = "Kialo discussion export (numbered Pro/Con claim tree, '-> See' links)"
    # a tree of Pro/Con claims under a discussion title, evidence with source lines of
    # title and URL; contradictions and undercuts become plain Cons (see the README)
    expresses: ClassVar[frozenset[str] | None] = frozenset(
        {"title", "evidence", "sources", "support", "attack"}
    )

    api_version = 2

    def render_map(self, amap: ArgumentMap, options: None) -> str:
        view = kialo_view(amap)
        if not view.statements:
            raise RenderError("a Kialo export needs at least one statement (the thesis)")
        out = [f"{TITLE} {escape_title(view.title or '')}".rstrip(), ""]
        written = 0
        statements = dict(view.statements)
        for number, rel, sid, see in _walk(view):
            if rel is None:
                head = f"{number}."
            else:
                stance = "Pro" if rel.kind is RelationKind.SUPPORT else "Con"
                head = f"{number}. {stance}:"
            if see is not None:
                out.append(f"{head} -> See {see}.")
                continue
            written += 1
            st = statements[sid]
            lines = escape_text(st.text)
            out.append(f"{head} {lines[0]}")
            out.extend(lines[1:])
            for src in st.sources:
                title = escape_link_part(src.title or "", "]")
                url = escape_link_part(src.url or "", ")")
                out.append(f"Source: [{title}]({url})")
        if written < len(view.statements):
            log.warning(
                "kialo: %d of %d statements are not reachable from the thesis and were left out",
                len(view.statements) - written,
                len(view.statements),
            )
        return "\n".join(out) + "\n"
