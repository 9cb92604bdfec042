"""The interactive viewer: one self-contained HTML file to explore a map of any size.

Graphviz lays the map out when the file is rendered (the SVG is embedded); a small
script of our own (``_viewer/viewer.js``, no framework) only navigates it: the map opens
fitted to the window; drag, the arrow keys, the wheel, a pinch, ``+``/``-`` and ``0``
pan, zoom and fit; a search box (``/`` or Ctrl/Cmd+F; pressed again, the browser's own
find) lists and highlights matching statements; hovering a node shows its title and text
in a tooltip; a click (or
Enter on a focused node) opens a side panel with the statement's full text, its evidence
(quotes, clickable http/https sources), what it supports and attacks and what supports
and attacks it (each a link that moves the view), its tags, section and evaluation;
focus mode shows one node's neighbourhood to a chosen depth; evidence and sections can
be collapsed; the URL fragment ``#n=<id>`` names the selected node. The panel's Sources
view lists each cited document once, with the evidence citing it.

Safety: the map's data travels as JSON in a ``<script type="application/json">`` block
(``<``, ``>`` and ``&`` escaped, so no text can close it) and the script inserts all user
text with ``textContent``, never as markup; the SVG is sanitised as for the static page
(:func:`argmap.renderers.html.sanitize_svg`). The page's Content-Security-Policy allows
no network at all and no script but ours, named by its SHA-256 hash, so the file works
from ``file://`` and anything injected would not run.

The ``html`` renderer produces this page by default (``interactive=false`` gives the
script-free static page).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from importlib import resources
from typing import Any

from .._errors import RenderError
from .._model import Argument, ArgumentMap, Node, RelationKind, Source, Statement
from . import _quotes
from ._text import clean
from .outline import OutlineOptions, safe_url, select_map

__all__ = ["map_data", "viewer_csp", "viewer_page"]

PREFIX = "am-"
"""The prefix of the DOM ids of the diagram's elements (``am-n0``, ``am-n0~n3``, ...)."""

_ASSETS = "_viewer"

BIG = 100
"""Maps with at least this many nodes get the canvas stand-in (``am-big``) for good: at
150 nodes (the bench's 100-statement map) a search jump that brought the live SVG back
took 100-400 ms (its repaint under software raster); drawn by the stand-in, under 20 ms."""


@cache
def _asset(name: str) -> str:
    folder = resources.files(__package__) / _ASSETS
    return (folder / name).read_text(encoding="utf-8")


def _script() -> str:
    return _asset("viewer.js")


def viewer_csp() -> str:
    """The viewer page's Content-Security-Policy: no network, only our own inline script."""
    digest = base64.b64encode(hashlib.sha256(_script().encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def _text(value: str | None) -> str:
    return " ".join(clean(value or "").split()) if value else ""


def _para(value: str | None) -> str:
    return clean(value or "").strip()


def _json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or start markup inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---------------------------------------------------------------------------- the data
def _doc_key(src: Source) -> tuple[str | None, ...]:
    return (src.title, src.author, src.publisher, src.published, src.url)


def map_data(amap: ArgumentMap, evaluation: Any, focus_depth: int) -> dict[str, Any]:
    """What the script needs: nodes (by diagram name), links, sections and documents.

    Node ``i`` is drawn by Graphviz as ``n<i>`` (map order: statements, then arguments);
    the ``r<i>`` points on links that something undercuts follow relation order, as in
    :mod:`argmap.renderers.graphviz`.
    """
    nodes: list[Node] = list(amap.nodes())
    index = {n.id: i for i, n in enumerate(nodes)}
    groups = list(amap.groups.values())
    gindex = {g.id: i for i, g in enumerate(groups)}
    docs: dict[tuple[str | None, ...], int] = {}
    doc_list: list[dict[str, Any]] = []
    out_nodes: list[dict[str, Any]] = []
    for node in nodes:
        item: dict[str, Any] = {"id": node.id}
        if isinstance(node, Argument):
            item["kind"] = "argument"
        else:
            item["kind"] = "evidence" if node.is_evidence else "claim"
        title = _text(node.title)
        text = _para(node.text)
        if title and title != " ".join(text.split()):
            item["title"] = title
        if text:
            item["text"] = text
        if not title and not text:
            item["title"] = _text(node.id) or "(empty)"
        if node.tags:
            item["tags"] = [_text(t) for t in node.tags]
        if node.group in gindex:
            item["group"] = gindex[node.group]
        if isinstance(node, Statement) and node.sources:
            cites = []
            for src in node.sources:
                key = _doc_key(src)
                if key not in docs:
                    docs[key] = len(doc_list)
                    doc: dict[str, Any] = {
                        "title": _text(src.title or src.url) or "untitled source"
                    }
                    for field in ("author", "publisher", "published"):
                        value = _text(getattr(src, field))
                        if value:
                            doc[field] = value
                    if src.url:
                        doc["url"] = _text(src.url)
                        href = safe_url(src.url)
                        if href and href.lower().startswith(("http://", "https://")):
                            doc["href"] = href
                    doc_list.append(doc)
                cite: dict[str, Any] = {"doc": docs[key]}
                if src.quote:
                    cite["quote"] = _para(src.quote)
                where = _quotes.locator(src)
                if where:
                    cite["locator"] = _text(where)
                checked = _quotes.verdict(src)
                if checked is not None:
                    cite["verified"], cite["check"] = checked[0], _text(checked[1])
                ctx = _quotes.context(src)
                if ctx is not None:
                    cite["ctx"] = [_text(ctx[0]), _text(ctx[1])]
                cites.append(cite)
            item["cites"] = cites
        if evaluation is not None:
            item["eval"] = _evaluation_of(evaluation, node.id)
        out_nodes.append(item)

    # each link is [kind, from, to] or, to the link between two nodes, [kind, from,
    # [tail, head], kind of that link]; kinds index LINK_KINDS (12,000 links of the
    # 5,000-statement map: 0.77 MB as objects, a third of that as lists)
    kind_of = {k: i for i, k in enumerate(LINK_KINDS)}
    links: list[list[Any]] = []
    rels = amap.relations
    premise, conclusion = kind_of["premise"], kind_of["conclusion"]
    for arg in amap.arguments.values():
        a = index[arg.id]
        for p in arg.premises:
            if p in index:
                links.append([premise, index[p], a])
        if arg.conclusion in index:
            links.append([conclusion, a, index[arg.conclusion]])
    from .graphviz import _point_names

    points = _point_names(amap)
    point_ends: dict[str, list[int]] = {}
    for r in rels.values():
        if r.source not in index:
            continue
        kind = kind_of[_KIND[r.kind]]
        if r.target in index:
            links.append([kind, index[r.source], index[r.target]])
        elif r.target in rels:
            target = rels[r.target]
            if target.source not in index or target.target not in index:
                continue
            ends = [index[target.source], index[target.target]]
            links.append([kind, index[r.source], ends, kind_of[_KIND[target.kind]]])
        else:
            continue
        if r.id in points and r.target in index:
            point_ends[points[r.id]] = [index[r.source], index[r.target]]

    out_groups = []
    for i, g in enumerate(groups):
        entry: dict[str, Any] = {"title": _text(g.title) or _text(g.id), "dom": f"cluster_g{i}"}
        if g.parent in gindex and g.parent != g.id:
            entry["parent"] = gindex[g.parent]
        out_groups.append(entry)

    data: dict[str, Any] = {
        "prefix": PREFIX,
        "focusDepth": focus_depth,
        "nodes": out_nodes,
        "linkKinds": list(LINK_KINDS),
        "links": links,
        "points": point_ends,
        "groups": out_groups,
        "docs": doc_list,
    }
    if evaluation is not None:
        data["semantics"] = _text(str(getattr(evaluation, "semantics", "") or ""))
    return data


LINK_KINDS = ("premise", "conclusion", "support", "attack", "undercut", "contradiction")
"""The kinds of the data's links, by index."""

_KIND = {
    RelationKind.SUPPORT: "support",
    RelationKind.ATTACK: "attack",
    RelationKind.UNDERCUT: "undercut",
    RelationKind.CONTRADICTION: "contradiction",
}


def _evaluation_of(evaluation: Any, node_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    status = evaluation.status(node_id)
    if status:
        out["status"] = str(status)
    if getattr(evaluation, "is_gradual", False):
        strength = evaluation.strength(node_id)
        if strength is not None:
            out["strength"] = round(min(max(float(strength), 0.0), 1.0), 4)
    explain = getattr(evaluation, "explain", None)
    if callable(explain):
        why = _para(str(explain(node_id) or ""))
        if why:
            out["why"] = why
    return out


# ---------------------------------------------------------------------------- the SVG
_NUM = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)")


def _annotate_svg(svg: str, data: dict[str, Any]) -> str:
    """The sanitised SVG with accessible, focusable nodes and readable ``<title>``s,
    without what the viewer never uses (see :func:`_compact`)."""
    from .html import sanitize_tree

    root = sanitize_tree(svg)
    ns = "{http://www.w3.org/2000/svg}"
    box = (root.get("viewBox") or "").split()
    if len(box) == 4:
        width, height = float(box[2]), float(box[3])
        root.set("width", f"{width * 4 / 3:.0f}")
        root.set("height", f"{height * 4 / 3:.0f}")
    root.set("id", PREFIX + "svg")
    root.set("role", "group")
    root.set("aria-label", "Diagram of the argument map")
    names: dict[str, dict[str, Any]] = {f"n{i}": n for i, n in enumerate(data["nodes"])}
    groups = {g["dom"]: g for g in data["groups"]}
    seen: dict[str, int] = {}
    for el in root.iter(f"{ns}g"):
        dom_id = el.get("id", "")
        if not dom_id.startswith(PREFIX):
            continue
        name = dom_id[len(PREFIX) :]
        classes = el.get("class", "").split()
        title = el.find(f"{ns}title")
        if "node" in classes and name in names:
            node = names[name]
            el.set("tabindex", "0")
            el.set("role", "button")
            # the <title> is both the tooltip and the accessible name (SVG-AAM)
            if title is None:
                title = ET.Element(f"{ns}title")
                el.insert(0, title)
            title.text = f"{node['kind'].capitalize()}: {_label(node)}"
        elif "edge" in classes:
            tail, _, head = name.partition("~")
            n = seen.get(name, 0) + 1
            seen[name] = n
            if n > 1:
                el.set("id", f"{dom_id}~{n}")
            if title is not None:
                ends = (names.get(tail), names.get(head))
                title.text = " → ".join(_short(_label(e) if e else None) for e in ends)
        elif "cluster" in classes and name in groups:
            if title is not None:
                title.text = groups[name]["title"]
        elif name == "legend":
            el.set("aria-hidden", "true")
            if title is not None:
                title.text = "Legend"
        elif title is not None and name.startswith("r"):
            title.text = "link"
    _compact(root, ns)
    return ET.tostring(root, encoding="unicode")


_TEXT_ATTRS = ("font-family", "font-size")


def _compact(root: ET.Element, ns: str) -> None:
    """Drop what Graphviz writes that the viewer never uses, in place.

    - the tooltip wrappers (``<g id="a_…"><a xlink:title>``, no link) around each node's
      and edge's shapes: the group's ``<title>`` already names it (tooltip and accessible
      name), and each wrapper is two more elements to parse, style and lay out;
    - ``font-family`` and ``font-size`` repeated on every ``<text>``: the most common
      value is set once on the root and inherited; ``text-anchor="start"`` (the default);
    - the whitespace between elements (a text node each in the DOM).
    """
    text_tag, a_tag, g_tag = f"{ns}text", f"{ns}a", f"{ns}g"
    href = "{http://www.w3.org/1999/xlink}href"
    counts: dict[str, dict[str, int]] = {a: {} for a in _TEXT_ATTRS}
    for el in root.iter(text_tag):
        for attr in _TEXT_ATTRS:
            value = el.get(attr, "")  # "": inherits, so the root must not set it
            counts[attr][value] = counts[attr].get(value, 0) + 1
    common = {a: max(c, key=c.__getitem__) for a, c in counts.items() if c and "" not in c}
    for attr, value in common.items():
        root.set(attr, value)
    stack = [root]
    while stack:
        el = stack.pop()
        if el.tag == text_tag:
            for attr, value in common.items():
                if el.get(attr) == value:
                    del el.attrib[attr]
            if el.get("text-anchor") == "start":
                del el.attrib["text-anchor"]
            continue
        if el.text is not None and not el.text.strip() and el.tag != f"{ns}title":
            el.text = None
        children: list[ET.Element] = []
        for child in el:
            inner = list(child) if child.tag == g_tag else []
            if (
                child.get("id", "").startswith("a_")
                and len(inner) == 1
                and inner[0].tag == a_tag
                and href not in inner[0].attrib
            ):
                children.extend(inner[0])
            else:
                children.append(child)
        for child in children:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
        el[:] = children
        stack.extend(children)


def _label(node: dict[str, Any]) -> str:
    title, text = node.get("title", ""), " ".join(node.get("text", "").split())
    if title and text:
        return f"{title}: {text}"
    return title or text


def _short(label: str | None, limit: int = 60) -> str:
    if not label:
        return "…"
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------- the page
def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def _int_option(name: str, value: Any, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise RenderError(f"option {name} must be a whole number, got {value!r}") from None
    if isinstance(value, bool) or not low <= number <= high or str(number) != str(value).strip():
        raise RenderError(
            f"option {name} must be a whole number from {low} to {high}, got {value!r}"
        )
    return number


def viewer_page(
    amap: ArgumentMap,
    opts: OutlineOptions,
    evaluation: Any,
    diagram_options: dict[str, Any],
    focus_depth: int = 2,
) -> str:
    """The viewer page of the part of ``amap`` that ``opts`` selects.

    ``diagram_options`` go to the Graphviz renderer (direction, wrap, clusters). Raises
    :class:`~argmap.GraphvizNotFoundError` when ``dot`` is missing.
    """
    from .graphviz import _draw_map, _parse_options

    focus_depth = _int_option("focus_depth", focus_depth, 1, 20)
    shown = select_map(amap, opts)
    dot_opts: dict[str, Any] = {"title": False, **diagram_options}
    if evaluation is not None:
        dot_opts["evaluation"] = evaluation
    parsed = _parse_options(dot_opts, "html")
    svg = _draw_map(shown, "svg", parsed, element_ids=PREFIX)
    if isinstance(svg, bytes):
        svg = svg.decode("utf-8")
    data = map_data(shown, evaluation, focus_depth)
    heading = opts.title if isinstance(opts.title, str) else amap.title if opts.title else ""
    title = _text(heading) or "Argument map"
    data["title"] = title
    description = _para(amap.description) if opts.title is True else ""
    # a big map is drawn by the script's canvas stand-in; the live SVG is not painted
    # (clipped away) from the start, also while the page is still being parsed
    big = len(data["nodes"]) >= BIG
    summary = (
        f"{len(shown.statements)} statements, {len(shown.arguments)} arguments, "
        f"{len(shown.relations)} relations"
    )
    return "".join(
        [
            "<!DOCTYPE html>\n",
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{viewer_csp()}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="referrer" content="no-referrer">\n',
            '<meta name="generator" content="argmap">\n',
            f"<title>{_esc(title)}</title>\n",
            f"<style>{_asset('viewer.css')}</style>\n</head>\n",
            '<body class="am-viewer am-big">\n' if big else '<body class="am-viewer">\n',
            _TOOLBAR.format(title=_esc(title), summary=_esc(summary), depth=focus_depth),
            '<main id="am-stage" tabindex="-1" aria-describedby="am-help"',
            ' class="am-standin am-clip">\n' if big else ">\n",
            f'<div id="am-canvas">{_annotate_svg(svg, data)}</div>\n',
            "</main>\n",
            _PANEL,
            f'<p id="am-help" class="am-vh">{_esc(_HELP)}</p>\n',
            (f'<p class="am-description am-vh">{_esc(description)}</p>\n' if description else ""),
            '<script type="application/json" id="am-data">',
            _json_for_script(data),
            "</script>\n<script>",
            _script(),
            "</script>\n</body>\n</html>\n",
        ]
    )


_HELP = (
    "Drag or use the arrow keys to pan; the wheel, a pinch, + and - zoom; 0 fits the whole "
    "map. Tab moves between statements; Enter opens one. / or Ctrl+F searches. Escape goes back."
)

_TOOLBAR = """<header id="am-bar">
<h1 id="am-title" title="{summary}">{title}</h1>
<div id="am-search" role="search">
<label for="am-q" class="am-vh">Search statements</label>
<input id="am-q" type="search" placeholder="Search statements  ( / )" autocomplete="off"
 spellcheck="false" role="combobox" aria-expanded="false" aria-controls="am-results"
 aria-autocomplete="list">
<ul id="am-results" role="listbox" aria-label="Matching statements" hidden></ul>
</div>
<div id="am-tools" role="toolbar" aria-label="View">
<button type="button" id="am-zout" title="Zoom out (-)" aria-label="Zoom out">−</button>
<button type="button" id="am-zin" title="Zoom in (+)" aria-label="Zoom in">+</button>
<button type="button" id="am-fit" title="Fit the whole map (0)">Fit</button>
<button type="button" id="am-focus" aria-pressed="false" disabled
 title="Show only the selected statement and its neighbourhood (f)">Focus</button>
<label id="am-depth-label" title="How many relation steps focus mode shows">depth
<input id="am-depth" type="number" min="1" max="20" value="{depth}"></label>
<button type="button" id="am-all" hidden title="Back to the whole map (Escape)">Whole map</button>
<button type="button" id="am-ev" aria-pressed="true" title="Show or hide evidence">Evidence</button>
<button type="button" id="am-sections" title="Collapse or expand sections">Sections</button>
<button type="button" id="am-sources" title="Every cited document">Sources</button>
</div>
<p id="am-status" role="status" aria-live="polite"></p>
</header>
"""

_PANEL = """<aside id="am-panel" aria-label="Details" hidden>
<button type="button" id="am-close" title="Close (Escape)" aria-label="Close the panel">×</button>
<div id="am-body"></div>
</aside>
"""
