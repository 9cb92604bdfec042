"""A map cut into its sections: one diagram per top-level section, an overview, an index.

:func:`split_sections` is what ``argmap render MAP --split sections -o DIR`` writes:

* ``overview.<ext>``: the map's main claims, the relations between them, and one box per
  section with arrows for what the section argues about (how many supports and attacks
  go where); every box and claim links to the section diagram that holds it;
* ``section-<n>-<slug>.<ext>``: each top-level section (with its sub-sections) on its own,
  plus, drawn dashed, the statements of other sections it argues about, each linking to
  its own section's diagram (statements in no section make a section of their own);
* ``index.html``: a page listing (and, for SVG and PNG, showing) all of them.

Links are relative, so the folder can be moved or published as it is.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

from .._errors import RenderError
from .._model import ArgumentMap, Node, RelationKind, slugify
from ._text import clean
from ._text import html as _html

__all__ = ["Section", "sections", "split_sections"]

_KIND_WORDS = {
    RelationKind.SUPPORT: ("support", "supports"),
    RelationKind.ATTACK: ("attack", "attacks"),
    RelationKind.UNDERCUT: ("undercut", "undercuts"),
    RelationKind.CONTRADICTION: ("contradiction", "contradictions"),
}


class Section:
    """One top-level section: its group id (``None``: statements in no section), title,
    member node ids and the file name of its diagram."""

    def __init__(self, gid: str | None, title: str, members: list[str], filename: str) -> None:
        self.gid = gid
        self.title = title
        self.members = members
        self.filename = filename

    def __repr__(self) -> str:
        return f"<Section {self.title!r}: {len(self.members)} nodes>"


def _top(amap: ArgumentMap) -> dict[str, str]:
    """Group id → the id of its top-level ancestor (cycles stop at the first repeat)."""
    groups = amap.groups
    top: dict[str, str] = {}
    for gid in groups:
        seen = {gid}
        cur = gid
        while True:
            parent = groups[cur].parent
            if parent is None or parent not in groups or parent in seen:
                break
            seen.add(parent)
            cur = parent
        top[gid] = cur
    return top


def sections(amap: ArgumentMap, ext: str = ".svg") -> list[Section]:
    """The map's top-level sections that hold any node, in the map's order."""
    top = _top(amap)
    members: dict[str | None, list[str]] = {}
    for node in amap.nodes():
        g = top.get(node.group) if node.group is not None else None
        members.setdefault(g, []).append(node.id)
    out: list[Section] = []
    order: list[str | None] = [g for g in amap.groups if g in members]
    if None in members:
        order.append(None)
    for i, gid in enumerate(order, 1):
        title = amap.groups[gid].title if gid is not None else "Statements in no section"
        slug = slugify(clean(title)) or "section"
        out.append(Section(gid, title, members[gid], f"section-{i:02d}-{slug}{ext}"))
    return out


def _argued(amap: ArgumentMap, nid: str) -> list[tuple[RelationKind, str]]:
    """(kind, target node) of everything ``nid`` argues about directly."""
    found = []
    rels = amap.relations
    for r in amap.outgoing(nid):
        target = r.target
        if target in rels:  # an undercut of a link: it is about the link's target
            target = rels[target].target
        found.append((r.kind, target))
    node = amap.node(nid)
    conclusion = getattr(node, "conclusion", None)
    if conclusion is not None:
        found.append((RelationKind.SUPPORT, conclusion))
    return found


def section_map(amap: ArgumentMap, section: Section) -> tuple[ArgumentMap, set[str]]:
    """The sub-map drawn for ``section`` and the ids in it from other sections."""
    inside = set(section.members)
    outside = {t for nid in section.members for _, t in _argued(amap, nid) if t not in inside}
    outside &= {n.id for n in amap.nodes()}
    return amap._submap(inside | outside), outside


def overview_map(amap: ArgumentMap, secs: list[Section]) -> tuple[ArgumentMap, dict[str, str]]:
    """The overview: main claims, one node per section, aggregated relations; and each
    overview node's link (a section file name)."""
    home = {nid: s for s in secs for nid in s.members}
    mains = amap.main_claims()
    main_ids = {n.id for n in mains}
    ov = ArgumentMap(amap.title, source_path=amap.source_path)
    links: dict[str, str] = {}
    for n in mains:
        ov.add(_plain(n))
        links[n.id] = home[n.id].filename
    sec_ids: dict[str, str] = {}
    for i, s in enumerate(secs):
        sid = ov.unique_id(f"section-{i + 1}")
        sec_ids[s.filename] = sid
        n_args = sum(1 for nid in s.members if nid in amap.arguments)
        n_st = len(s.members) - n_args
        text = f"{n_st} statement{'s' if n_st != 1 else ''}"
        if n_args:
            text += f", {n_args} argument{'s' if n_args != 1 else ''}"
        ov.claim(text, id=sid, title=s.title)
        links[sid] = s.filename
    # relations between main claims, as they are; the rest counted per section and target
    tally: dict[tuple[str, str, RelationKind], int] = {}
    for s in secs:
        for nid in s.members:
            for kind, target in _argued(amap, nid):
                if target not in home:
                    continue
                if nid in main_ids and target in main_ids:
                    ov.relate(kind, nid, target)
                    continue
                dest = target if target in main_ids else sec_ids[home[target].filename]
                src = sec_ids[s.filename]
                if dest == src:
                    continue
                tally[src, dest, kind] = tally.get((src, dest, kind), 0) + 1
    for (src, dest, kind), times in tally.items():
        ov.relate(kind, src, dest, argmap_count=times)
    return ov, links


def _plain(node: Node) -> Any:
    """``node`` without its group (the overview has no clusters)."""
    import attrs

    return attrs.evolve(node, group=None)


def split_sections(
    amap: ArgumentMap, fmt: str = "svg", /, **options: Any
) -> dict[str, str | bytes]:
    """The files of ``amap`` split by section (see the module documentation): file name
    → content, ``overview.<ext>`` first, ``index.html`` last. ``fmt`` is ``svg``,
    ``png``, ``pdf`` or ``dot``; ``options`` are the Graphviz renderers' options."""
    from .graphviz import _draw_map

    ext = {"svg": ".svg", "png": ".png", "pdf": ".pdf", "dot": ".dot"}.get(fmt)
    if ext is None:
        raise RenderError(f"--split sections draws svg, png, pdf or dot, not {fmt!r}")
    secs = sections(amap, ext)
    files: dict[str, str | bytes] = {}
    ov, links = overview_map(amap, secs)
    real = {n.id for n in amap.nodes()}
    section_nodes = {nid for nid in links if nid not in real}
    # narrower boxes, so that the overview reads at a page's width
    ov_options = {"wrap": 24, **options}
    files["overview" + ext] = _draw_map(
        ov, fmt, ov_options, links=links, section_nodes=section_nodes
    )
    home = {nid: s.filename for s in secs for nid in s.members}
    for s in secs:
        sub, outside = section_map(amap, s)
        title = s.title if options.get("title", True) is True else options["title"]
        files[s.filename] = _draw_map(
            sub,
            fmt,
            {**options, "title": title},
            links={nid: home[nid] for nid in outside},
            external=outside,
        )
    files["index.html"] = _index(amap, secs, ext)
    return files


def _index(amap: ArgumentMap, secs: list[Section], ext: str) -> str:
    title = _html(clean(amap.title or "Argument map"))
    show = ext in (".svg", ".png")

    def item(name: str, label: str) -> str:
        pic = f'<br><img src="{_html(name)}" alt="{_html(label)}" loading="lazy">' if show else ""
        return f'<li><a href="{_html(name)}">{_html(label)}</a>{pic}</li>'

    items = [item("overview" + ext, "Overview: the main claims and the sections")]
    items += [item(s.filename, f"{clean(s.title)} ({len(s.members)} nodes)") for s in secs]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        "<style>body{font-family:Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem}li{margin:1.5rem 0}img{max-width:100%;height:auto;"
        "border:1px solid #ddd}</style></head>\n"
        f"<body><h1>{title}</h1><ol>\n" + "\n".join(items) + "\n</ol></body></html>\n"
    )


# ---------------------------------------------------------------- one picture, by section
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_BODY = re.compile(r"<svg\b[^>]*>(.*)</svg>", re.S)
_NODE = re.compile(
    r'<g id="node\d+" class="node">\s*<title>(box\d+)</title>\s*'
    r'<polygon[^>]*points="([^"]+)"[^>]*/>\s*</g>',
    re.S,
)


_EDGE_TITLE = re.compile(r"<title>box(\d+)&#45;&gt;box(\d+)</title>")


def compose_svg(amap: ArgumentMap, options: Mapping[str, Any], timeout: float) -> str:
    """``amap`` as one SVG, each top-level section laid out on its own by ``dot`` (all in
    one run) and the sections placed by a second, small layout whose edges count the
    relations between them (``layout=sections``)."""
    from .graphviz import _map_name, _prepare, _svg_titles, _tip, run_dot

    secs = sections(amap)
    started = time.monotonic()
    opts = {k: v for k, v in options.items() if k not in ("layout", "title", "legend")}
    builders = [
        _prepare(
            amap._submap(set(s.members)),
            {**opts, "layout": "bounded", "title": False, "legend": False},
        )
        for s in secs
    ]
    source = "\n".join(b.build() for b in builders)
    name = _map_name(amap)
    out = run_dot(source, "svg", timeout=timeout, name=name).decode("utf-8")
    parts = [p for p in out.split("<?xml") if p.strip()]
    if len(parts) != len(secs):
        raise RenderError(f"Graphviz dot drew {len(parts)} of {len(secs)} sections of {name}")
    drawings = []
    for i, (part, builder) in enumerate(zip(parts, builders, strict=True)):
        svg = _svg_titles(part, builder)
        size = _SIZE.search(svg)
        body = _BODY.search(svg)
        if size is None or body is None:
            raise RenderError(f"Graphviz dot drew an unreadable section of {name}")
        inner = body.group(1).replace(' id="', f' id="s{i}_')
        drawings.append((float(size.group(1)), float(size.group(2)), inner))
    # the sections as boxes of their drawings' size; edges count what crosses between them
    home = {nid: i for i, s in enumerate(secs) for nid in s.members}
    tally: dict[tuple[int, int, RelationKind], int] = {}
    for i, s in enumerate(secs):
        for nid in s.members:
            for kind, target in _argued(amap, nid):
                j = home.get(target)
                if j is not None and j != i:
                    tally[i, j, kind] = tally.get((i, j, kind), 0) + 1
    whole = _prepare(amap, {**options, "layout": "bounded"})
    theme = whole.theme
    heading = amap.title if options.get("title", True) is True else options.get("title")
    label = ""
    if heading and isinstance(heading, str) and clean(heading).strip():
        label = f", label=<<B>{_html(' '.join(clean(heading).split()))}</B>>, labelloc=t"
    lines = [
        "digraph sections {",
        f"  graph [rankdir={whole.direction}, nodesep=0.6, ranksep=1.2, fontsize=28, "
        f'bgcolor="white", comment="argmap layout=sections direction={whole.direction}"'
        f"{label}]",
        '  node [shape=box, fixedsize=true, label="", color="#FFFFFF00"]',
    ]
    for i, (w, h, _) in enumerate(drawings):
        lines.append(f"  box{i} [width={w / 72:.3f}, height={h / 72:.3f}]")
    names = [" ".join(clean(s.title).split()) for s in secs]
    between: dict[tuple[int, int], list[str]] = {}
    for (i, j, kind), n in tally.items():
        spec = theme.edges[kind.value]
        words = f"{n} {_KIND_WORDS[kind][0 if n == 1 else 1]}"
        between.setdefault((i, j), []).append(words)
        tip = _tip(f"{words} from {names[i]} to {names[j]}")
        lines.append(
            f'  box{i} -> box{j} [{spec}, label="{n}", fontsize=14, penwidth=2, tooltip={tip}]'
        )
    lines.append("}")
    left = None if not timeout else max(timeout - (time.monotonic() - started), 1.0)
    outer = run_dot("\n".join(lines), "svg", timeout=left, name=name).decode("utf-8")

    def place(match: re.Match[str]) -> str:
        i = int(match.group(1)[3:])
        xs, ys = [], []
        for point in match.group(2).split():
            x, y = point.split(",")
            xs.append(float(x))
            ys.append(float(y))
        w, h, inner = drawings[i]
        return (
            f'<g id="section{i}" class="section"><title>{_html(clean(secs[i].title))}</title>'
            f'<svg x="{min(xs):.2f}" y="{min(ys):.2f}" width="{w:.2f}" height="{h:.2f}" '
            f'viewBox="0 0 {w:.2f} {h:.2f}" overflow="visible">{inner}</svg></g>'
        )

    def edge_title(match: re.Match[str]) -> str:
        i, j = int(match.group(1)), int(match.group(2))
        said = ", ".join(between.get((i, j), []))
        return f"<title>{_html(f'{names[i]} to {names[j]}: {said}')}</title>"

    composed = _NODE.sub(place, outer)
    composed = _EDGE_TITLE.sub(edge_title, composed)
    if label:
        title = _html(" ".join(clean(str(heading)).split()))
        composed = composed.replace("<title>sections</title>", f"<title>{title}</title>", 1)
    return composed
