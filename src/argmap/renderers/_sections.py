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

import math
import re
from typing import TYPE_CHECKING, Any

import attrs

from .._errors import RenderError
from .._model import ArgumentMap, Node, RelationKind, slugify
from ._text import clean
from ._text import html as _html

if TYPE_CHECKING:
    from .graphviz import GraphvizOptions

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


def section_maps(amap: ArgumentMap, secs: list[Section]) -> list[ArgumentMap]:
    """The part of ``amap`` inside each of ``secs`` (as :meth:`ArgumentMap._submap` of its
    members would give, but with only the section's own groups), all built in one pass
    over the map: ``layout=sections`` on a 20,000-statement map has 200 sections, and a
    pass per section made the composing quadratic."""
    top = _top(amap)
    where = {nid: i for i, s in enumerate(secs) for nid in s.members}
    subs = [ArgumentMap(amap.title, source_path=amap.source_path) for _ in secs]
    index = {s.gid: i for i, s in enumerate(secs)}
    for gid, g in amap.groups.items():
        i = index.get(top[gid])
        if i is not None:
            subs[i].add(g)
    for st in amap.statements.values():
        i = where.get(st.id)
        if i is not None:
            subs[i].add(st)
    for a in amap.arguments.values():
        i = where.get(a.id)
        if i is None:
            continue
        premises = tuple(p for p in a.premises if where.get(p) == i)
        conclusion = a.conclusion if where.get(a.conclusion or "") == i else None
        if premises != a.premises or conclusion != a.conclusion:
            a = attrs.evolve(a, premises=premises, conclusion=conclusion)
        subs[i].add(a)
    rels = amap.relations
    pending: list[list[Any]] = [[] for _ in secs]
    for r in rels.values():
        i = where.get(r.source)
        if i is not None:
            pending[i].append(r)
    for i, todo in enumerate(pending):
        sub = subs[i]
        progress = True
        while progress:  # an undercut of a relation needs its target relation first
            progress = False
            rest = []
            for r in todo:
                if where.get(r.target) == i or r.target in sub:
                    sub.add(r)
                    progress = True
                else:
                    rest.append(r)
            todo = rest
    return subs


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
    return attrs.evolve(node, group=None)


def split_sections(
    amap: ArgumentMap, fmt: str = "svg", /, **options: Any
) -> dict[str, str | bytes]:
    """The files of ``amap`` split by section (see the module documentation): file name
    → content, ``overview.<ext>`` first, ``index.html`` last. ``fmt`` is ``svg``,
    ``png``, ``pdf`` or ``dot``; ``options`` are the Graphviz renderers' options."""
    from .graphviz import _draw_map, _parse_options

    opts = _parse_options(options)
    ext = {"svg": ".svg", "png": ".png", "pdf": ".pdf", "dot": ".dot"}.get(fmt)
    if ext is None:
        raise RenderError(f"--split sections draws svg, png, pdf or dot, not {fmt!r}")
    secs = sections(amap, ext)
    files: dict[str, str | bytes] = {}
    ov, links = overview_map(amap, secs)
    real = {n.id for n in amap.nodes()}
    section_nodes = {nid for nid in links if nid not in real}
    # narrower boxes, so that the overview reads at a page's width
    ov_options = opts if "wrap" in options else attrs.evolve(opts, wrap=24)
    files["overview" + ext] = _draw_map(
        ov, fmt, ov_options, links=links, section_nodes=section_nodes
    )
    home = {nid: s.filename for s in secs for nid in s.members}
    for s in secs:
        sub, outside = section_map(amap, s)
        title = s.title if opts.title is True else opts.title
        files[s.filename] = _draw_map(
            sub,
            fmt,
            attrs.evolve(opts, title=title),
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

_ARROWS_PER_SECTION = 3
"""``layout=sections``: how many arrows (to the sections it argues with most) each
section gets in the placing layout."""
_ASPECT = 1.1
"""``layout=sections``: the width : height the rows of sections aim at."""


def _global_names(amap: ArgumentMap, sub: ArgumentMap) -> dict[str, str]:
    """DOT names of ``sub`` (a part of ``amap``) → the names the same nodes, clusters and
    undercut points have when all of ``amap`` is drawn (see :mod:`.graphviz`)."""
    from .graphviz import _point_names

    nodes = {n.id: f"n{i}" for i, n in enumerate(amap.nodes())}
    out = {f"n{i}": nodes[n.id] for i, n in enumerate(sub.nodes())}
    gindex = {gid: i for i, gid in enumerate(amap.groups)}
    out.update({f"cluster_g{i}": f"cluster_g{gindex[gid]}" for i, gid in enumerate(sub.groups)})
    whole = _point_names(amap)
    out.update({name: whole[rid] for rid, name in _point_names(sub).items() if rid in whole})
    return out


_ID = re.compile(r' id="([^"]*)"')


def compose_svg(
    amap: ArgumentMap,
    options: GraphvizOptions,
    timeout: float,
    element_ids: str | None = None,
) -> str:
    """``amap`` as one SVG, each top-level section laid out on its own by ``dot`` (all in
    one run), the sections then placed in rows (``layout=sections``). Arrows between the
    sections count the relations between them (the strongest few of each section).

    With ``element_ids=PREFIX`` (the viewer's hook, see :mod:`.graphviz`) each node,
    edge, cluster and undercut point has the id it would have in a drawing of the whole
    map (``PREFIX`` + its DOT name in that drawing), so ids are unique across sections;
    other ids get ``PREFIX`` + ``s<section>_``."""
    from .graphviz import _attrs, _map_name, _prepare, _svg_titles, run_dot

    secs = sections(amap)
    # ``amap`` is already the part of the map to draw (and ``options.evaluation`` its
    # evaluation): the sections are drawn without selecting again
    options = attrs.evolve(options, tags=None, groups=None, root=None, depth=None)
    each = attrs.evolve(options, layout="bounded", title=False, legend=False)
    subs = section_maps(amap, secs)
    builders = [_prepare(sub, each, element_ids=element_ids) for sub in subs]
    name = _map_name(amap)
    source = "\n".join(_wrapped(builders, options, timeout, name))
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
        if element_ids is None:
            inner = body.group(1).replace(' id="', f' id="s{i}_')
        else:
            inner = _ID.sub(_renamer(element_ids, i, _global_names(amap, subs[i])), body.group(1))
        drawings.append((float(size.group(1)), float(size.group(2)), inner))
    # the sections placed in rows, in the map's order, the rows as wide as makes the
    # whole about as wide as it is tall; one arrow per pair of sections that argue with
    # each other (each section's strongest few), in the colour of most of its relations
    home = {nid: i for i, s in enumerate(secs) for nid in s.members}
    tally: dict[tuple[int, int], dict[RelationKind, int]] = {}
    for i, s in enumerate(secs):
        for nid in s.members:
            for kind, target in _argued(amap, nid):
                j = home.get(target)
                if j is not None and j != i:
                    kinds = tally.setdefault((i, j), {})
                    kinds[kind] = kinds.get(kind, 0) + 1
    boxes = _place([(w, h) for w, h, _ in drawings], tally)
    width = max(bx + bw for bx, _, bw, _ in boxes)
    height = max(by + bh for _, by, _, bh in boxes)
    whole = _prepare(amap, attrs.evolve(options, layout="bounded"))
    colours = {k: _attrs(whole.theme.edges[k.value]) for k in _KIND_WORDS}
    names = [" ".join(clean(s.title).split()) for s in secs]
    heading = amap.title if options.title is True else options.title
    top = 0.0
    parts_out: list[str] = []
    if heading and isinstance(heading, str) and clean(heading).strip():
        top = 60.0
        parts_out.append(
            f'<text x="{width / 2:.1f}" y="40" text-anchor="middle" font-family="Helvetica,'
            f'Arial,sans-serif" font-size="32" font-weight="bold">'
            f"{_html(' '.join(clean(heading).split()))}</text>"
        )
    for i, ((bx, by, bw, bh), (_, _, inner)) in enumerate(zip(boxes, drawings, strict=True)):
        parts_out.append(
            f'<g id="section{i}" class="section"><title>{_html(names[i])}</title>'
            f'<svg x="{bx:.2f}" y="{by + top:.2f}" width="{bw:.2f}" height="{bh:.2f}" '
            f'viewBox="0 0 {bw:.2f} {bh:.2f}" overflow="visible">{inner}</svg></g>'
        )
    strongest: dict[int, list[tuple[int, int]]] = {}
    for (i, j), kinds in tally.items():
        strongest.setdefault(i, []).append((-sum(kinds.values()), j))
    markers: dict[str, None] = {}
    for i, targets in strongest.items():
        for minus, j in sorted(targets)[:_ARROWS_PER_SECTION]:
            kinds = tally[i, j]
            main = max(kinds, key=lambda k: (kinds[k], -list(_KIND_WORDS).index(k)))
            words = ", ".join(f"{n} {_KIND_WORDS[k][0 if n == 1 else 1]}" for k, n in kinds.items())
            (x1, y1), (x2, y2) = _ends(boxes[i], boxes[j])
            a = colours[main]
            dash = {"dashed": ' stroke-dasharray="12,6"', "dotted": ' stroke-dasharray="3,6"'}
            markers[a["color"]] = None
            mid_x, mid_y = (x1 + x2) / 2, (y1 + y2) / 2 + top
            parts_out.append(
                f'<g class="edge {_KIND_WORDS[main][0]}"><title>'
                f"{_html(f'{names[i]} to {names[j]}: {words}')}</title>"
                f'<path d="M{x1:.1f},{y1 + top:.1f} L{x2:.1f},{y2 + top:.1f}" fill="none" '
                f'stroke="{a["color"]}" stroke-width="4" stroke-opacity="0.75"'
                f"{dash.get(a.get('style', ''), '')} "
                f'marker-end="url(#head{a["color"].lstrip("#")})"/>'
                f'<text x="{mid_x:.1f}" y="{mid_y:.1f}" font-family="Helvetica,Arial,sans-serif"'
                f' font-size="20" fill="{a["color"]}">{-minus}</text></g>'
            )
    defs = "".join(
        f'<marker id="head{c.lstrip("#")}" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{c}"/></marker>'
        for c in markers
    )
    total_h = height + top
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f"<!-- argmap layout=sections direction={whole.direction}: {len(secs)} sections "
        "laid out one by one -->\n"
        f'<svg width="{width:.0f}pt" height="{total_h:.0f}pt" viewBox="0 0 {width:.2f} '
        f'{total_h:.2f}" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        f"<title>{_html(' '.join(clean(str(heading or '')).split()) or 'argument map')}</title>"
        f'<defs>{defs}</defs><rect width="100%" height="100%" fill="white"/>\n'
        + "\n".join(parts_out)
        + "\n</svg>\n"
    )


_WRAP_LIMIT = 2_000
"""``layout=sections`` wraps the wide ranks of its sections (option ``wrap_ranks``) on
maps of up to this many drawn nodes (one more ``dot`` run for all the sections: +2.5 CPU
s at 5,000 statements). Bigger maps have sections enough for the rows to pack slivers
into a page (the generated 5,000-statement debate: 1 : 1.5 without)."""


def _wrapped(builders: list[Any], options: GraphvizOptions, timeout: float, name: str) -> list[str]:
    """The DOT text of each section, its widest ranks cut (``graphviz._rank_cutter``,
    once, at ``graphviz._first_cut``) where a first layout of all the sections (one
    ``dot -Tplain`` run) shows the section broader across its ranks than a page: the
    generated 300-statement debate's three sections are each a 1 : 10 sliver of 100
    claims, and rows of slivers cannot make a page."""
    from .graphviz import _drawn_nodes, _first_cut, _plain_aspect, _rank_cutter, run_dot

    sources = [b.build() for b in builders]
    drawn = sum(_drawn_nodes(b.amap, b.points) for b in builders)
    if not options.wrap_ranks or drawn > _WRAP_LIMIT:
        return sources
    laid = run_dot("\n".join(sources), "plain", timeout=timeout, name=name).decode("utf-8")
    plains = [p + "stop\n" for p in laid.split("stop\n") if p.strip()]
    if len(plains) != len(sources):
        return sources
    for i, (builder, plain) in enumerate(zip(builders, plains, strict=True)):
        cutter = _rank_cutter(builder, sources[i], plain)
        if cutter is not None:
            sources[i] = cutter(_first_cut(_plain_aspect(plain))) or sources[i]
    return sources


_GAP = 60.0
"""``layout=sections``: points between the sections."""
_STARTS = 8
"""``layout=sections``: how many orders (beside the map's own) are tried for placing."""

Box = tuple[float, float, float, float]  # x, y, width, height


def _rows(sizes: list[tuple[float, float]], order: list[int]) -> list[Box]:
    """The sections of ``sizes`` placed in rows in ``order``, the rows as wide as makes
    the whole about :data:`_ASPECT` times as wide as it is tall (by section index)."""
    gap = _GAP
    area = sum((w + gap) * (h + gap) for w, h in sizes)
    row_width = max(max(w for w, _ in sizes), (area * _ASPECT) ** 0.5)
    boxes: list[Box] = [(0.0, 0.0, 0.0, 0.0)] * len(sizes)
    x = y = row_h = 0.0
    for i in order:
        w, h = sizes[i]
        if x and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        boxes[i] = (x, y, w, h)
        x += w + gap
        row_h = max(row_h, h)
    return boxes


def _place(
    sizes: list[tuple[float, float]], tally: dict[tuple[int, int], dict[RelationKind, int]]
) -> list[Box]:
    """Where each section goes: in rows (:func:`_rows`), in the order that keeps the
    sections that argue with each other most closest together.

    Tried: the map's order, and greedy chains (each next section the one with the most
    relations to the last and to those placed before) starting from the
    :data:`_STARTS` sections with the most relations; kept: the one with the smallest
    sum over relations between sections of the distance between their centres."""
    n = len(sizes)
    weight: dict[tuple[int, int], int] = {}
    for (i, j), kinds in tally.items():
        key = (min(i, j), max(i, j))
        weight[key] = weight.get(key, 0) + sum(kinds.values())
    neighbours: dict[int, list[tuple[int, int]]] = {}
    for (i, j), w in weight.items():
        neighbours.setdefault(i, []).append((j, w))
        neighbours.setdefault(j, []).append((i, w))

    def cost(boxes: list[Box]) -> float:
        c = [(x + w / 2, y + h / 2) for x, y, w, h in boxes]
        return sum(w * math.dist(c[i], c[j]) for (i, j), w in weight.items())

    def chain(start: int) -> list[int]:
        order, placed = [start], {start}
        score = [0.0] * n  # relations with those placed (the last counts twice more)
        last = start
        while len(order) < n:
            for j, w in neighbours.get(last, ()):
                score[j] += w
            near = dict(neighbours.get(last, ()))
            best = max(
                (j for j in range(n) if j not in placed),
                key=lambda j: (score[j] + 2 * near.get(j, 0), -j),
            )
            order.append(best)
            placed.add(best)
            last = best
        return order

    best_boxes = _rows(sizes, list(range(n)))
    if not weight or n < 3:
        return best_boxes
    best_cost = cost(best_boxes)
    total = {i: sum(w for _, w in neighbours.get(i, ())) for i in range(n)}
    for start in sorted(range(n), key=lambda i: (-total[i], i))[:_STARTS]:
        boxes = _rows(sizes, chain(start))
        c = cost(boxes)
        if c < best_cost:
            best_boxes, best_cost = boxes, c
    return best_boxes


def _renamer(prefix: str, section: int, names: dict[str, str]) -> Any:
    """The ``re.sub`` function turning a section's element ids into the whole map's."""

    def rename(match: re.Match[str]) -> str:
        value = match.group(1).replace("&#45;", "-")  # how dot writes "-" in an id
        anchor = "a_" if value.startswith("a_" + prefix) else ""  # a link round a node
        value = value.removeprefix(anchor)
        if value.startswith(prefix):
            parts = value[len(prefix) :].split("~")
            if all(p in names for p in parts):
                return f' id="{anchor}{prefix}{"~".join(names[p] for p in parts)}"'
        return f' id="{anchor}{prefix}s{section}_{value.removeprefix(prefix)}"'

    return rename


def _ends(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where a straight arrow from box ``a`` to box ``b`` leaves ``a`` and meets ``b``."""

    def centre(r: tuple[float, float, float, float]) -> tuple[float, float]:
        return r[0] + r[2] / 2, r[1] + r[3] / 2

    def clip(r: tuple[float, float, float, float], dx: float, dy: float) -> float:
        # the fraction of (dx, dy) from r's centre to its border
        tx = (r[2] / 2) / abs(dx) if dx else float("inf")
        ty = (r[3] / 2) / abs(dy) if dy else float("inf")
        return min(tx, ty, 1.0)

    (ax, ay), (bx, by) = centre(a), centre(b)
    dx, dy = bx - ax, by - ay
    ta, tb = clip(a, dx, dy), clip(b, -dx, -dy)
    return (ax + dx * ta, ay + dy * ta), (bx - dx * tb, by - dy * tb)
