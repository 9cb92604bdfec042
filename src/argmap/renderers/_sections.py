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

from typing import Any

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
        from .._errors import RenderError

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
