"""Render argmap maps as Mermaid flowcharts.

>>> import argmap
>>> m = argmap.ArgumentMap()
>>> a = m.claim("Cities should ban cars.")
>>> b = m.claim("Cars pollute the air.")
>>> _ = m.support(b, a)
>>> print(argmap.render(m, "mermaid"))  # doctest: +ELLIPSIS
flowchart BT
...
  n1 --> n0
...

The visual language follows argmap's Graphviz diagrams: claims are rounded boxes,
evidence parallelograms with their source on a second line, arguments boxes with
double side bars; support is a solid green arrow, attack a dashed vermillion line
ending in a cross, undercut a dotted purple line ending in a cross (aimed at an
argument, or at a small circle placed on the undercut link), contradiction a thick
blue line with arrowheads at both ends. Colours are from the colour-blind-safe
Okabe–Ito palette and every relation also differs by line style.

Escaping: node ids are generated (``n0``, ``n1`` …), never taken from user text; every
label is double-quoted, and inside it every character that Mermaid or HTML could read as
syntax (``"`` ``#`` ``&`` ``<`` ``>`` ``\\`` `````` brackets, pipes …) is written as a
Mermaid entity code ``#<decimal>;``. Control characters are dropped, tabs become spaces
and lone surrogates become U+FFFD.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar, Literal

import attrs

import argmap
from argmap import Argument, ArgumentMap, RelationKind, RenderError, Statement
from argmap.plugin import EVERYTHING, Renderer, option, option_specs, parse_options, visible

__all__ = ["MermaidOptions", "MermaidRenderer", "escape", "to_mermaid"]
__version__ = "0.1.0"


def _root(value: Any) -> str | None:
    if value is None:
        return None
    found = getattr(value, "id", value)
    if not isinstance(found, str):
        raise ValueError("the id of a statement or argument")
    return found


@attrs.frozen
class MermaidOptions:
    """The options of the ``mermaid`` renderer."""

    direction: Literal["BT", "TB", "LR", "RL"] = option(
        "BT", help="layout direction: BT (conclusions on top), TB, LR or RL"
    )
    wrap: int = option(32, help="wrap text at this many characters (0: no wrapping)", min=0)
    show_evidence: bool = option(True, help="draw evidence statements")
    tags: tuple[str, ...] | None = option(None, help="only nodes carrying one of these tags")
    groups: tuple[str, ...] | None = option(
        None, help="only nodes in these groups or their sub-groups"
    )
    root: str | None = option(
        None,
        help="only this node and what argues for or against it (see depth)",
        parse=_root,
        allowed="the id of a statement or argument",
        type="text",
    )
    depth: int | None = option(
        None, help="with root: how many relation steps to follow (none: all)", min=0
    )
    title: bool = option(True, help="put the map's title in the front matter")
    clusters: bool = option(True, help="draw groups as (nested) subgraphs")


OPTIONS: dict[str, str] = {s.name: s.help for s in option_specs(MermaidOptions)}

_DIRECTIONS = ("BT", "TB", "LR", "RL")

# Characters kept as they are inside a quoted label; everything else that is ASCII
# punctuation becomes an entity code. Non-ASCII text is kept (Mermaid reads UTF-8).
_SAFE_PUNCT = set(" .,:!?'+-*/=_~^@$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]|\r\n?")
_SURROGATE = re.compile("[\ud800-\udfff\ufffe\uffff]")

CLASS_DEFS = {
    "claim": "fill:#FFFFFF,stroke:#0072B2,stroke-width:1.5px,color:#000000",
    "evidence": "fill:#FFF6D5,stroke:#A07A00,stroke-width:1.5px,color:#000000",
    "argument": "fill:#D7E9F7,stroke:#0072B2,stroke-width:2px,color:#000000",
    "link": "fill:#444444,stroke:#444444",
}
LINKS = {
    # kind: (arrow, linkStyle)
    "support": ("-->", "stroke:#009E73,stroke-width:2px"),
    "attack": ("--x", "stroke:#D55E00,stroke-width:2px,stroke-dasharray:6 4"),
    "undercut": ("-.-x", "stroke:#CC79A7,stroke-width:2px,stroke-dasharray:2 3"),
    "contradiction": ("<==>", "stroke:#0072B2,stroke-width:3px"),
    "premise": ("---", "stroke:#666666,stroke-width:1px"),
    "conclusion": ("-->", "stroke:#009E73,stroke-width:2px"),
    "link": ("---", "stroke:#009E73,stroke-width:2px"),
}
_SHAPES = {"claim": ('("', '")'), "evidence": ('[/"', '"/]'), "argument": ('[["', '"]]')}


_MAX_INDENT = 80
"""Subgraphs are indented two spaces per level, up to this many spaces (the indentation
is cosmetic in Mermaid; capping it keeps the output linear in the number of sections)."""


def _clean(text: str) -> str:
    text = text.replace("\t", " ")
    text = _CONTROL.sub(lambda m: "\n" if m.group()[0] == "\r" else "", text)
    return visible(_SURROGATE.sub("\ufffd", text))


def _wrap(text: str, width: int) -> list[str]:
    out: list[str] = []
    for raw in text.split("\n"):
        words = raw.split()
        line = ""
        for word in words:
            while width > 0 and len(word) > width:
                if line:
                    out.append(line)
                    line = ""
                out.append(word[:width])
                word = word[width:]
            if not line:
                line = word
            elif width <= 0 or len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                out.append(line)
                line = word
        if line:
            out.append(line)
    return out


# the ASCII characters escape() turns into entity codes: all but letters, digits, _SAFE_PUNCT
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9 .,:!?'+\-*/=_~^@$]")


def _entity(m: re.Match[str]) -> str:
    return f"#{ord(m.group())};"


def escape(text: str) -> str:
    """One line of clean text, safe inside a double-quoted Mermaid label."""
    if text.isascii():  # the common case, by one regular expression instead of per character
        return _UNSAFE_ASCII.sub(_entity, text)
    return "".join(
        ch
        if ch.isalnum() or ch in _SAFE_PUNCT or (ord(ch) > 127 and ch.isprintable())
        else f"#{ord(ch)};"
        for ch in text
    )


def _label(text: str, width: int) -> str:
    return "<br/>".join(escape(line) for line in _wrap(_clean(text), width))


def _options(options: dict[str, Any]) -> dict[str, Any]:
    parsed = parse_options(MermaidOptions, options, plugin="mermaid renderer")
    return attrs.asdict(parsed, recurse=False)


def _node_kind(node: Statement | Argument) -> str:
    if isinstance(node, Argument):
        return "argument"
    return "evidence" if node.is_evidence else "claim"


def _node_label(node: Statement | Argument, width: int) -> str:
    parts = []
    title, text = node.title or "", node.text or ""
    clean_title = _clean(title).strip() if title else ""
    clean_text = _clean(text).strip() if text else ""  # each cleaned once per node
    if clean_title and clean_title != clean_text:
        parts.append(f"<b>{_label(title, width)}</b>")
    if clean_text:
        parts.append(_label(text, width))
    if not parts:
        parts.append(f"<i>{_label(node.id, width) or '(empty)'}</i>")
    if isinstance(node, Statement) and node.sources:
        srcs = []
        for s in node.sources:
            head = s.title or s.url or s.publisher or s.author or "untitled source"
            srcs.append(f"{head}, {s.published}" if s.published else head)
        parts.append(f"<i>{_label('; '.join(srcs), width + 8 if width else 0)}</i>")
    return "<br/>".join(parts)


def to_mermaid(amap: ArgumentMap, /, **options: Any) -> str:
    """The Mermaid flowchart of ``amap`` (options: :class:`MermaidOptions`)."""
    return _to_mermaid(amap, _options(options))


def _to_mermaid(amap: ArgumentMap, o: dict[str, Any]) -> str:
    if (
        o["tags"] is not None
        or o["groups"] is not None
        or o["root"] is not None
        or not o["show_evidence"]
    ):
        try:
            amap = amap.select(
                tags=o["tags"],
                groups=o["groups"],
                root=o["root"],
                depth=o["depth"],
                include_evidence=o["show_evidence"],
            )
        except (KeyError, argmap.ArgmapError) as exc:
            raise RenderError(f"cannot select the part of the map to draw: {exc}") from exc
    width: int = o["wrap"]
    out: list[str] = []
    if o["title"] and amap.title and _clean(amap.title).strip():
        title = " ".join(_clean(amap.title).split())
        out += ["---", f"title: {json.dumps(title, ensure_ascii=True)}", "---"]
    out.append(f"flowchart {o['direction']}")
    for name, style in CLASS_DEFS.items():
        out.append(f"  classDef {name} {style}")

    names = {node.id: f"n{i}" for i, node in enumerate(amap.nodes())}
    lines: dict[str, str] = {}
    by_class: dict[str, list[str]] = {}
    for node in amap.nodes():
        kind = _node_kind(node)
        left, right = _SHAPES[kind]
        lines[node.id] = f"{names[node.id]}{left}{_node_label(node, width)}{right}"
        by_class.setdefault(kind, []).append(names[node.id])

    if o["clusters"] and amap.groups:
        groups = amap.groups
        children: dict[str | None, list[str]] = {}
        for gid, g in groups.items():
            parent = g.parent if g.parent in groups and g.parent != gid else None
            children.setdefault(parent, []).append(gid)
        members: dict[str, list[str]] = {}
        for node in amap.nodes():
            if node.group in groups:
                members.setdefault(node.group, []).append(node.id)  # type: ignore[arg-type]
        gnames = {gid: f"g{i}" for i, gid in enumerate(groups)}

        # iteratively (sections may nest any number of levels): the groups reachable
        # from the top ones, parents before children, and which of them hold a node
        order: list[str] = []
        reached: set[str] = set()
        todo = list(reversed(children.get(None, ())))
        while todo:
            gid = todo.pop()
            if gid in reached:
                continue
            reached.add(gid)
            order.append(gid)
            todo.extend(c for c in reversed(children.get(gid, ())) if c not in reached)
        used = {gid for gid in order if members.get(gid)}
        for gid in reversed(order):  # children first: a group is used if a child is
            if gid in used:
                g_parent = groups[gid].parent
                if g_parent in reached and g_parent != gid:
                    used.add(g_parent)
        # depth first, as subgraphs nest: ("open", gid, indent) and ("end", gid, indent)
        stack: list[tuple[str, str, str]] = [
            ("open", gid, "  ") for gid in reversed(children.get(None, ()))
        ]
        emitted: set[str] = set()
        while stack:
            what, gid, indent = stack.pop()
            if what == "end":
                out.append(f"{indent}end")
                continue
            if gid not in used or gid in emitted:
                continue
            emitted.add(gid)
            out.append(f'{indent}subgraph {gnames[gid]}["{_label(groups[gid].title, 0)}"]')
            for nid in members.get(gid, ()):
                out.append(indent + "  " + lines.pop(nid))
            stack.append(("end", gid, indent))
            inner = indent + "  " if len(indent) < _MAX_INDENT else indent
            for child in reversed(children.get(gid, ())):
                stack.append(("open", child, inner))
    out.extend("  " + line for line in lines.values())

    links: dict[str, list[int]] = {}

    def link(a: str, kind: str, b: str) -> None:
        out.append(f"  {a} {LINKS[kind][0]} {b}")
        links.setdefault(kind, []).append(sum(len(v) for v in links.values()))

    rels = amap.relations
    targets = {r.target for r in rels.values()}  # one pass: a scan per relation was quadratic
    pointed = [rid for rid in rels if rid in targets]
    points = {rid: f"p{i}" for i, rid in enumerate(pointed)}
    for rid in pointed:
        out.append(f'  {points[rid]}((" "))')
        by_class.setdefault("link", []).append(points[rid])
    explicit = {(r.source, r.target) for r in rels.values() if r.kind is RelationKind.SUPPORT}
    for arg in amap.arguments.values():
        for p in arg.premises:
            if p in names:
                link(names[p], "premise", names[arg.id])
        if arg.conclusion in names and (arg.id, arg.conclusion) not in explicit:
            link(names[arg.id], "conclusion", names[arg.conclusion])
    for r in rels.values():
        src = names.get(r.source)
        tgt = names.get(r.target) or points.get(r.target)
        if src is None or tgt is None:
            continue
        if r.id in points:
            link(src, "link", points[r.id])
            link(points[r.id], r.kind.value, tgt)
        else:
            link(src, r.kind.value, tgt)
    for kind, members_ in by_class.items():
        out.append(f"  class {','.join(members_)} {kind}")
    by_style: dict[str, list[int]] = {}
    for kind, indexes in links.items():
        by_style.setdefault(LINKS[kind][1], []).extend(indexes)
    for style, indexes in by_style.items():
        out.append(f"  linkStyle {','.join(map(str, sorted(indexes)))} {style}")
    out.append("")
    return "\n".join(out)


class MermaidRenderer(Renderer):
    """Mermaid flowchart (``.mmd``) of an argument map."""

    name: ClassVar[str] = "mermaid"
    aliases: ClassVar[tuple[str, ...]] = ("mmd",)
    extensions: ClassVar[tuple[str, ...]] = (".mmd", ".mermaid")
    media_type: ClassVar[str] = "text/vnd.mermaid"
    description: ClassVar[str] = "Mermaid flowchart of the argument map"
    api_version: ClassVar[int] = 2
    Options: ClassVar[type[MermaidOptions]] = MermaidOptions
    # a diagram: no map description, no metadata, of a source only its title and date,
    # tags only as a filter
    expresses: ClassVar[frozenset[str] | None] = EVERYTHING - {
        "description",
        "metadata",
        "source-details",
        "quotes",
        "tags",
    }

    def render_map(self, amap: ArgumentMap, options: MermaidOptions) -> str:
        return _to_mermaid(amap, attrs.asdict(options, recurse=False))
