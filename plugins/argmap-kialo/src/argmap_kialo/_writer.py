"""Writing Kialo's discussion export, and what a map loses on the way (:func:`normalize`)."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import compress, repeat
from operator import is_not
from typing import Any, ClassVar

from argmap import (
    ArgumentMap,
    Relation,
    RelationKind,
    RenderError,
    Source,
    Statement,
    StatementKind,
)
from argmap._graph import main_claim_mask
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
_KINDS = (RelationKind.SUPPORT, RelationKind.ATTACK)  # a view's relation kinds, by edge bit


class _Tree:
    """:func:`kialo_view` as positions, the form the writer walks: the view's statements
    in order (``ids``, ``texts``, ``sources``; evidence is a statement with sources) and
    its relations in order as integer edges, from ``src[k]`` to ``dst[k]``, an attack
    (Con) where ``attack[k]`` is 1. No :class:`Statement`, :class:`Relation` or relation
    id is made: at 200,000 statements the view map's objects, id strings and indexes
    were most of the writer's time, and their dict work grew faster than the map."""

    __slots__ = ("attack", "dst", "ids", "sources", "src", "texts", "title")

    def __init__(self, amap: ArgumentMap) -> None:
        self.title = _clean_line(amap.title)
        evidence = StatementKind.EVIDENCE
        ids = list(amap._statements)
        texts: list[str] = []
        sources: list[tuple[Source, ...]] = []
        for st in amap._statements.values():
            sources.append(_sources(st.sources) if st.kind is evidence and st.sources else ())
            texts.append(_clean_text(st.text) or _clean_text(st.title or "") or st.id)
        # an argument with premises stands for them; one without is a statement
        ends: dict[str, tuple[str, ...]] = {}
        lifted: list[tuple[str, str]] = []  # (premise, conclusion): a Pro each, first
        for arg in amap._arguments.values():
            if arg.premises:
                ends[arg.id] = arg.premises
                if arg.conclusion is not None:
                    lifted += [(p, arg.conclusion) for p in arg.premises]
            else:
                ids.append(arg.id)
                texts.append(_clean_text(arg.label) or arg.id)
                sources.append(())
        self.ids, self.texts, self.sources = ids, texts, sources
        n = len(ids)
        at = dict(zip(ids, range(n), strict=True))
        # the ends' positions: an id that is no view statement has none (its edges go)
        spread = {a: [at[p] for p in ps if p in at] for a, ps in ends.items()}
        get = at.get
        src: list[int] = []
        dst: list[int] = []
        attack = bytearray()
        for p, c in lifted:
            s, t = get(p), get(c)
            if s is not None and t is not None:
                src.append(s)
                dst.append(t)
        attack += bytes(len(src))
        table = amap._table
        columns = None if table is None else _table_edges(amap, table, at, spread)
        if columns is not None:  # a reader's columns, not yet Relation objects
            src += columns[0]
            dst += columns[1]
            attack += columns[2]
        else:
            if table is not None:  # columns over other nodes: by id (targets are nodes)
                nodes = list(table.nodes)
                kinds = table.kinds
                support = RelationKind.SUPPORT
                if isinstance(kinds, RelationKind):
                    bits: Iterable[bool] = repeat(kinds is not support, len(table.sources))
                else:
                    bits = map(is_not, kinds, repeat(support))
                tails: Iterable[str] = map(nodes.__getitem__, table.sources)
                heads: Iterable[str] = map(nodes.__getitem__, table.targets)
                rows: Iterable[tuple[bool, str, str]] = zip(bits, tails, heads, strict=True)
            else:
                rows = _relation_rows(amap._relations)
            for bit, source, target in rows:
                s = get(source)
                t = get(target)
                if s is not None and t is not None:  # the common case: statement to statement
                    src.append(s)
                    dst.append(t)
                    attack.append(bit)
                    continue
                ss = [s] if s is not None else spread.get(source, ())
                ts = [t] if t is not None else spread.get(target, ())
                for s in ss:
                    for t in ts:
                        src.append(s)
                        dst.append(t)
                        attack.append(bit)
        self.src, self.dst, self.attack = _unique(ids, src, dst, attack)

    def view(self) -> ArgumentMap:
        """The view as a map (:func:`kialo_view`)."""
        view = ArgumentMap(self.title)
        evidence, claim = StatementKind.EVIDENCE, StatementKind.CLAIM
        ids, texts = self.ids, self.texts
        statements = [
            _statement(i, text, evidence if srcs else claim, None, srcs, (), None, {}, None)
            for i, text, srcs in zip(ids, texts, self.sources, strict=True)
        ]
        view.add_all(statements)
        view.add_all(
            _relation(f"{ids[s]} -{_WORD[_KINDS[a]]}-> {ids[t]}", _KINDS[a], ids[s], ids[t], None)
            for s, t, a in zip(self.src, self.dst, self.attack, strict=True)
        )
        return view

    def thesis(self) -> int | None:
        """The position of the view's first main claim (else of its first statement)."""
        n = len(self.ids)
        if not n:
            return None
        first = main_claim_mask(n, n, self.src, self.dst, self.attack).find(1)
        return first if first >= 0 else 0


def _table_edges(
    amap: ArgumentMap, table: Any, at: dict[str, int], spread: dict[str, list[int]]
) -> tuple[list[int], list[int], bytearray] | None:
    """The edges of a map whose relations are still a reader's table, from its position
    columns: when its nodes are the map's statements then arguments (as the readers
    make them), a statement's position is its position in the view, so only the few
    relations with an argument at an end are looked at one by one (in C otherwise: no
    lookup by id a relation). None for a table over other nodes."""
    n_st = len(amap._statements)
    nodes = table.nodes
    if len(nodes) != n_st + len(amap._arguments) or list(nodes) != [
        *amap._statements,
        *amap._arguments,
    ]:
        return None
    tails: list[int] = list(table.sources)
    heads: list[int] = list(table.targets)
    kinds = table.kinds
    support = RelationKind.SUPPORT
    if isinstance(kinds, RelationKind):
        bits = bytearray([kinds is not support]) * len(tails)
    else:
        bits = bytearray(map(is_not, kinds, repeat(support)))
    # the relations with an argument at an end (a position from n_st on), in order
    odd = list(compress(range(len(tails)), map(n_st.__le__, map(max, tails, heads))))
    if not odd:
        return tails, heads, bits

    def ends(p: int) -> list[int]:
        if p < n_st:
            return [p]
        arg = nodes[p]
        return [at[arg]] if arg in at else spread.get(arg, [])

    src: list[int] = []
    dst: list[int] = []
    attack = bytearray()
    start = 0
    for k in odd:
        src += tails[start:k]
        dst += heads[start:k]
        attack += bits[start:k]
        for s in ends(tails[k]):
            for t in ends(heads[k]):
                src.append(s)
                dst.append(t)
                attack.append(bits[k])
        start = k + 1
    src += tails[start:]
    dst += heads[start:]
    attack += bits[start:]
    return src, dst, attack


def _relation_rows(relations: dict[str, Relation]) -> Iterator[tuple[bool, str, str]]:
    """Each relation as (attack, source, target); a relation aimed at a relation is aimed
    at that relation's source."""
    support = RelationKind.SUPPORT
    for rel in relations.values():
        target = rel.target
        if target in relations:
            target = relations[target].source
        yield rel.kind is not support, rel.source, target


def _unique(
    ids: list[str], src: list[int], dst: list[int], attack: bytearray
) -> tuple[list[int], list[int], bytearray]:
    """The edges without loops and repeats, in order: one relation an id
    ``"<source> -<support|attack>-> <target>"``, the first with its id, and none whose id
    is a statement's (the view's relations have these ids)."""
    keep: list[int] = []
    if ">" in "".join(ids):
        # an id with ">" in it: two edges (or an edge and a statement) may share an id
        taken: set[str] = set(ids)
        for k, (s, t, a) in enumerate(zip(src, dst, attack, strict=True)):
            rid = f"{ids[s]} -{_WORD[_KINDS[a]]}-> {ids[t]}"
            if s != t and rid not in taken:
                taken.add(rid)
                keep.append(k)
    else:
        # no ">" in any id: the id names its edge, and no statement has such an id
        n = len(ids)
        seen: set[int] = set()
        for k, (s, t, a) in enumerate(zip(src, dst, attack, strict=True)):
            key = (s * n + t) * 2 + a
            if s != t and key not in seen:
                seen.add(key)
                keep.append(k)
    if len(keep) == len(src):
        return src, dst, attack
    return (
        list(map(src.__getitem__, keep)),
        list(map(dst.__getitem__, keep)),
        bytearray(map(attack.__getitem__, keep)),
    )


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
    return _Tree(amap).view()


MAX_DEPTH = 1000
"""How many levels below the thesis a written export may nest (see :func:`_walk`)."""


class _Frame:
    __slots__ = ("children", "count", "number")

    def __init__(self, number: str, children: Iterator[int]) -> None:
        self.number = number
        self.children = children
        self.count = 0


def _walk(tree: _Tree) -> Iterator[tuple[str, int, int, str | None]]:
    """The export's lines in order, as ``(number, edge, statement, see)`` (positions in
    ``tree``; the thesis has the edge -1): a depth-first walk from the thesis down the
    incoming Pro/Con relations; a statement met again is a ``-> See`` line, and ``see``
    is then the number it was first written at."""
    thesis = tree.thesis()
    if thesis is None:
        return
    n = len(tree.ids)
    src = tree.src
    # the edges into each statement, in order
    into: list[list[int]] = [[] for _ in range(n)]
    deque(map(list.append, map(into.__getitem__, tree.dst), range(len(src))), maxlen=0)
    numbers: list[str | None] = [None] * n
    numbers[thesis] = "1"
    yield "1", -1, thesis, None
    stack = [_Frame("1", iter(into[thesis]))]
    while stack:
        frame = stack[-1]
        edge = next(frame.children, -1)
        if edge < 0:
            stack.pop()
            continue
        frame.count += 1
        number = f"{frame.number}.{frame.count}"
        source = src[edge]
        seen = numbers[source]
        if seen is not None:
            yield number, edge, source, seen
            continue
        if len(stack) >= MAX_DEPTH:  # the thesis is level 1, this claim len(stack) + 1
            raise RenderError(
                f"claim {tree.ids[source]!r} is at level {len(stack) + 1} (the thesis is 1); "
                f"a Kialo export written by argmap nests at most {MAX_DEPTH} levels (every "
                "claim's number spells out its whole path, so deeper chains make the export "
                "grow with the square of their depth)"
            )
        numbers[source] = number
        yield number, edge, source, None
        stack.append(_Frame(number, iter(into[source])))


def normalize(amap: ArgumentMap) -> ArgumentMap:
    """What ``amap`` becomes after a Kialo round trip (``render`` then ``parse``).

    It is :func:`kialo_view` restricted to what the export reaches from the thesis (the
    first main claim), with statements renamed by their position in the export
    (``"1"``, ``"1.2"`` …) as the reader names them, and relations renamed to match.
    Compare maps with ``normalize(a) == normalize(b)``.
    """
    tree = _Tree(amap)
    out = ArgumentMap(tree.title)
    evidence, claim = StatementKind.EVIDENCE, StatementKind.CLAIM
    numbers: dict[int, str] = {}
    edges: list[int] = []
    for number, edge, at, see in _walk(tree):
        if see is None:
            numbers[at] = number
            srcs = tree.sources[at]
            kind = evidence if srcs else claim
            out.add(Statement(id=number, text=tree.texts[at], kind=kind, sources=srcs))
        if edge >= 0:
            edges.append(edge)
    for edge in edges:
        s, t = numbers[tree.src[edge]], numbers[tree.dst[edge]]
        rkind = _KINDS[tree.attack[edge]]
        out.add(Relation(id=f"{s} -{rkind.value}-> {t}", kind=rkind, source=s, target=t))
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
        tree = _Tree(amap)
        if not tree.ids:
            raise RenderError("a Kialo export needs at least one statement (the thesis)")
        out = [f"{TITLE} {escape_title(tree.title or '')}".rstrip(), ""]
        written = 0
        texts, sources, attack = tree.texts, tree.sources, tree.attack
        for number, edge, at, see in _walk(tree):
            if edge < 0:
                head = f"{number}."
            else:
                head = f"{number}. Con:" if attack[edge] else f"{number}. Pro:"
            if see is not None:
                out.append(f"{head} -> See {see}.")
                continue
            written += 1
            lines = escape_text(texts[at])
            out.append(f"{head} {lines[0]}")
            out.extend(lines[1:])
            for src in sources[at]:
                title = escape_link_part(src.title or "", "]")
                url = escape_link_part(src.url or "", ")")
                out.append(f"Source: [{title}]({url})")
        if written < len(tree.ids):
            log.warning(
                "kialo: %d of %d statements are not reachable from the thesis and were left out",
                len(tree.ids) - written,
                len(tree.ids),
            )
        return "\n".join(out) + "\n"
