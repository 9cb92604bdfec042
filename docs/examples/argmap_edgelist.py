"""A complete small argmap plugin: a reader and a renderer for an "edge list" format.

    # a comment
    keep: Meta will keep releasing open models.
    charity: Meta's free models are charity, and charity dries up.
    charity -> keep

A line ``id: text`` defines a claim; ``a +> b`` says a supports b, ``a -> b`` a attacks b,
``a _> b`` a undercuts b, ``a <> b`` they contradict each other.

Both classes declare typed options (attrs classes of ``option`` fields): argmap reads
``-O sort=true`` from the command line, ``sort=True`` from Python and ``:options: sort=true``
from the Sphinx directive into an ``EdgeListOptions`` before ``render_map`` sees it.
"""

from __future__ import annotations

import re
from typing import ClassVar, Literal

import attrs

from argmap import (
    ArgmapSyntaxError,
    ArgumentMap,
    Location,
    Relation,
    RelationKind,
    RenderError,
    Statement,
)
from argmap.plugin import Reader, Renderer, option, relation_id

ARROWS = {
    "+>": RelationKind.SUPPORT,
    "->": RelationKind.ATTACK,
    "_>": RelationKind.UNDERCUT,
    "<>": RelationKind.CONTRADICTION,
}
SYMBOLS = {kind: arrow for arrow, kind in ARROWS.items()}
STATEMENT = re.compile(r"([\w-]+):\s*(\S.*)")
RELATION = re.compile(r"([\w-]+)\s+(\+>|->|_>|<>)\s+([\w-]+)")


@attrs.frozen
class EdgeListReaderOptions:
    undefined: Literal["error", "create"] = option(
        "error", help="a relation naming an undefined id: an error, or create a claim"
    )


class EdgeListReader(Reader):
    name = "edgelist"
    aliases = ("edges",)
    extensions = (".edges",)
    media_type = "text/plain"
    description = "edge list: 'id: text' statements and 'a -> b' relations"
    Options = EdgeListReaderOptions

    def parse_map(
        self, text: str, options: EdgeListReaderOptions, *, path: str | None = None
    ) -> ArgumentMap:
        amap = ArgumentMap()
        relations = []
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            column = len(line) - len(line.lstrip()) + 1
            where = Location(path, number, column)
            if m := RELATION.fullmatch(stripped):
                source, arrow, target = m.groups()
                relations.append((ARROWS[arrow], source, target, where))
            elif m := STATEMENT.fullmatch(stripped):
                if m.group(1) in amap:
                    raise ArgmapSyntaxError(
                        f"statement {m.group(1)!r} is defined twice",
                        path=path, line=number, column=column, source_line=line,
                    )
                amap.add(Statement(id=m.group(1), text=m.group(2), location=where))
            else:
                raise ArgmapSyntaxError(
                    "not a statement or a relation",
                    path=path, line=number, column=column, source_line=line,
                    expected="'id: text' or 'a -> b'",
                )
        for kind, source, target, where in relations:
            for ref in (source, target):
                if ref in amap:
                    continue
                if options.undefined == "create":
                    amap.add(Statement(id=ref, text=ref, location=where))
                    continue
                raise ArgmapSyntaxError(
                    f"no statement {ref!r}", path=path, line=where.line,
                    column=where.column,
                )
            amap.add(Relation(id=relation_id(kind, source, target), kind=kind,
                              source=source, target=target, location=where))
        return amap

    def sniff(self, text: str) -> float:
        lines = [x.strip() for x in text.splitlines() if x.strip() and not x.startswith("#")]
        return 0.5 if lines and all(RELATION.fullmatch(x) or STATEMENT.fullmatch(x)
                                    for x in lines[:20]) else 0.0


@attrs.frozen
class EdgeListOptions:
    sort: bool = option(False, help="statements and relations sorted by id")
    title: bool = option(False, help="a first comment line with the map's title")
    width: int = option(0, help="cut statement texts at this many characters (0: never)",
                        min=0)


class EdgeListRenderer(Renderer):
    name = "edgelist"
    aliases = ("edges",)
    extensions = (".edges",)
    media_type = "text/plain"
    description = "edge list: 'id: text' statements and 'a -> b' relations"
    Options = EdgeListOptions
    # what the format carries (argmap.plugin.FEATURES); argmap reports the rest it drops
    expresses: ClassVar[frozenset[str] | None] = frozenset(
        {"support", "attack", "undercut", "contradiction"}
    )

    def render_map(self, amap: ArgumentMap, options: EdgeListOptions) -> str:
        statements = list(amap.statements.values())
        relations = list(amap.relations.values())
        if options.sort:
            statements.sort(key=lambda s: s.id)
            relations.sort(key=lambda r: r.id)
        for s in statements:
            if not re.fullmatch(r"[\w-]+", s.id):
                raise RenderError(f"the id {s.id!r} cannot be written in an edge list")
        lines = [f"# {amap.title}"] if options.title and amap.title else []
        for s in statements:
            text = " ".join(s.text.split())
            lines.append(f"{s.id}: {text[: options.width].rstrip() if options.width else text}")
        lines += [f"{r.source} {SYMBOLS[r.kind]} {r.target}" for r in relations]
        return "\n".join(lines) + "\n"
