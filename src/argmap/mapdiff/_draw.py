"""The highlighted diagram of a diff: the new map, with what was removed drawn back in as
grey ghosts, additions and changes marked.

Every mark differs by colour *and* by line or text, so that a black-and-white print still
tells them apart: an added node has a double green border and a ``+ added`` line, a removed
one a dashed grey border and grey text, a changed one a thick orange border, a line naming
the changed fields and the old text struck through. Added links are drawn doubled with a
``+``, removed links grey with a ``−``, changed or moved ones thick orange with a ``~``
(a moved link also leaves a grey ghost where it was). A legend explains the marks.
"""

from __future__ import annotations

import html as _html_mod
from typing import TYPE_CHECKING, Any

import attrs

from .._errors import DiffError
from .._model import Argument, ArgumentMap, Relation, Statement
from ..renderers._text import clean, wrap
from ..renderers.graphviz import Highlight, html, run_dot, to_dot

if TYPE_CHECKING:
    from . import Change, MapDiff

__all__ = ["ADDED", "CHANGED", "REMOVED", "DiffHighlight", "draw", "highlight", "html_page"]

ADDED = "#009E73"
"""Bluish green (Okabe–Ito): additions."""
REMOVED = "#9A9A9A"
"""Grey: removals, drawn as ghosts."""
CHANGED = "#E69F00"
"""Orange (Okabe–Ito): changes."""
_CHANGED_TEXT = "#8A5F00"

_NOTE = {"added": "+ added", "removed": "− removed", "changed": "~ changed"}
_EDGE_MARK = {"added": "+", "removed": "−", "changed": "~"}


def _append_style(attrs_: str, extra: str) -> str:
    """A ``style`` attribute that adds ``extra`` to the node's own style."""
    from ..renderers.graphviz import _attrs

    base = _attrs(attrs_).get("style", "")
    parts = [p for p in base.split(",") if p and p not in ("dashed", "dotted", "bold")]
    return f', style="{",".join([*parts, extra])}"'


class DiffHighlight(Highlight):
    """Marks for the nodes and edges of a diff's drawing map (see :func:`highlight`)."""

    def __init__(
        self,
        nodes: dict[str, str],
        edges: dict[str, str],
        notes: dict[str, str],
        was: dict[str, str],
        *,
        wrap_width: int = 32,
    ) -> None:
        self.nodes = nodes
        """Node id → ``added``, ``removed`` or ``changed``."""
        self.edges = edges
        """Edge key (relation id, ``premise:…``, ``conclusion:…``) → status."""
        self.notes = notes
        """Changed node id → the changed fields, as words."""
        self.was = was
        """Changed node id → its old text."""
        self.wrap_width = wrap_width
        self.drawn: set[str] = set()
        """The marks drawn so far (``added``, ``edge:removed`` …): the legend lists only those,
        so that a part of the map (``root``, ``tags``) gets only its own."""

    def node(self, node_id: str, attrs: str) -> str:
        status = self.nodes.get(node_id)
        if status is not None:
            self.drawn.add(status)
        if status == "added":
            return f', color="{ADDED}", penwidth=2.2, peripheries=2'
        if status == "removed":
            return f', color="{REMOVED}", fontcolor="#7A7A7A", fillcolor="#F4F4F4"' + _append_style(
                attrs, "dashed"
            )
        if status == "changed":
            return f', color="{CHANGED}", penwidth=3.2' + _append_style(attrs, "bold")
        return ""

    def edge(self, key: str, attrs: str) -> str:
        status = self.edges.get(key)
        if status is None:
            return ""
        self.drawn.add("edge:" + status)
        from ..renderers.graphviz import _attrs

        colour = _attrs(attrs).get("color", "#444444")
        mark = _EDGE_MARK[status]
        if status == "added":
            line = f', color="{colour}:white:{colour}", penwidth=1.6'
            font = ADDED
        elif status == "removed":
            line = f', color="{REMOVED}", penwidth=1.2'
            font = "#7A7A7A"
        else:
            line = f', color="{CHANGED}", penwidth=3.2'
            font = _CHANGED_TEXT
        return f'{line}, label=<<B>{mark}</B>>, fontcolor="{font}", fontsize=12'

    def label(self, node_id: str, body: str) -> str:
        status = self.nodes.get(node_id)
        if status is None:
            return body
        colour = {"added": ADDED, "removed": "#6E6E6E", "changed": _CHANGED_TEXT}[status]
        words = _NOTE[status]
        if status == "changed" and self.notes.get(node_id):
            words += ": " + self.notes[node_id]
        head = f'<FONT POINT-SIZE="9" COLOR="{colour}"><B>{html(words)}</B></FONT><BR/>'
        tail = ""
        old = self.was.get(node_id)
        if old:
            lines = wrap(clean(old), self.wrap_width + 8 if self.wrap_width else 0)
            struck = "<BR/>".join(f"<S>{html(x)}</S>" for x in lines[:6] if x)
            if len(lines) > 6:
                struck += "<BR/>…"
            tail = (
                f'<BR/><FONT POINT-SIZE="8" COLOR="{_CHANGED_TEXT}">was: </FONT>'
                f'<FONT POINT-SIZE="8" COLOR="#777777">{struck}</FONT>'
            )
        return head + body + tail

    def legend(self) -> list[tuple[str, str]]:
        used = {s for s in self.drawn if not s.startswith("edge:")}
        used_edges = {s[5:] for s in self.drawn if s.startswith("edge:")}
        rows: list[tuple[str, str]] = []

        def box(text: str, colour: str, border: int, style: str = "") -> str:
            st = f' STYLE="{style}"' if style else ""
            return (
                f'<TABLE BORDER="{border}" CELLBORDER="0" CELLPADDING="3" COLOR="{colour}"{st}>'
                f'<TR><TD><FONT POINT-SIZE="9" COLOR="{colour}"><B>{text}</B></FONT></TD></TR>'
                "</TABLE>"
            )

        def line(colour: str, mark: str, border: int, double: bool = False) -> str:
            sides = "TB" if double else "B"
            return (
                '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
                f'<TD SIDES="{sides}" BORDER="{border}" COLOR="{colour}" WIDTH="34" HEIGHT="5">'
                f'</TD><TD><FONT COLOR="{colour}"><B> {mark}</B></FONT></TD></TR></TABLE>'
            )

        if "added" in used:
            rows.append((box("+ added", ADDED, 2), "added (double border)"))
        if "removed" in used:
            rows.append((box("− removed", REMOVED, 1, "dashed"), "removed (a grey ghost, dashed)"))
        if "changed" in used:
            rows.append(
                (box("~ changed", CHANGED, 3), "changed (thick border; <I>was:</I> old text)")
            )
        if "added" in used_edges:
            rows.append((line("#444444", "+", 1, double=True), "link added (doubled line)"))
        if "removed" in used_edges:
            rows.append((line(REMOVED, "−", 1), "link removed (grey)"))
        if "changed" in used_edges:
            rows.append(
                (line(CHANGED, "~", 3), "link changed or moved (thick; old place a grey ghost)")
            )
        return rows


def _free(stem: str, taken: Any) -> str:
    candidate, n = f"{stem} (removed)", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem} (removed {n})"
    return candidate


def highlight(
    d: MapDiff, new: ArgumentMap, *, wrap_width: int = 32
) -> tuple[ArgumentMap, DiffHighlight]:
    """The map to draw (``new`` plus the removed elements, as ghosts) and its marks."""
    added: list[Statement | Argument | Relation] = [
        *d.statements.added,
        *d.arguments.added,
        *d.relations.added,
    ]
    removed: list[Statement | Argument | Relation] = [
        *d.statements.removed,
        *d.arguments.removed,
        *d.relations.removed,
    ]
    for el in added:
        if el.id not in new:
            raise DiffError(
                f"the map to draw on is not the diff's new map: it has no element {el.id!r}"
            )
    out = ArgumentMap(new.title, description=new.description, meta=new.meta)
    nodes: dict[str, str] = {}
    edges: dict[str, str] = {}
    notes: dict[str, str] = {}
    was: dict[str, str] = {}

    # where an old id is drawn: its match, its ghost, or itself (unchanged)
    place: dict[str, str] = {}
    gplace: dict[str, str] = {}
    for name in ("statements", "arguments", "relations"):
        for c in getattr(d, name).changed:
            place[c.old.id] = c.new.id
    for c in d.groups.changed:
        gplace[c.old.id] = c.new.id
    taken = {*new.statements, *new.arguments, *new.relations}
    for el in removed:
        ghost = el.id if el.id not in taken else _free(el.id, taken)
        taken.add(ghost)
        place[el.id] = ghost
    for g in d.groups.removed:
        gplace[g.id] = g.id if g.id not in new.groups else _free(g.id, new.groups)

    def at(x: str) -> str:
        return place.get(x, x)

    def gat(x: str | None) -> str | None:
        return None if x is None else gplace.get(x, x)

    for g in new.groups.values():
        out.add(g)
    for g in d.groups.removed:
        out.add(attrs.evolve(g, id=gplace[g.id], parent=gat(g.parent)))
    for s in new.statements.values():
        out.add(s)
    for s in d.statements.removed:
        out.add(attrs.evolve(s, id=place[s.id], group=gat(s.group)))
    for a in new.arguments.values():
        out.add(a)
    for a in d.arguments.removed:
        out.add(
            attrs.evolve(
                a,
                id=place[a.id],
                premises=tuple(at(p) for p in a.premises),
                conclusion=None if a.conclusion is None else at(a.conclusion),
                group=gat(a.group),
            )
        )
    for r in new.relations.values():
        out.add(r)
    ghosts: list[Relation] = []
    for r in d.relations.removed:
        ghosts.append(attrs.evolve(r, id=place[r.id], source=at(r.source), target=at(r.target)))
    for c in d.relations.changed:
        moved = {f.field for f in c.reported_fields} & {"source", "target", "kind"}
        if moved:
            r = c.old
            gid = _free(r.id, taken)
            taken.add(gid)
            ghosts.append(attrs.evolve(r, id=gid, source=at(r.source), target=at(r.target)))
    for r in ghosts:
        out.add(r)
        edges[r.id] = "removed"

    for el in added:
        if not isinstance(el, Relation):
            nodes[el.id] = "added"
    for el in removed:
        if not isinstance(el, Relation):
            nodes[place[el.id]] = "removed"
    changes: list[Change[Any]] = [
        *d.statements.reported_changes,
        *d.arguments.reported_changes,
    ]
    for c in changes:
        nodes[c.new.id] = "changed"
        fields = list(dict.fromkeys(f.field.split("[")[0].split(".")[0] for f in c.reported_fields))
        if c.renamed:
            fields.insert(0, "renamed")
        notes[c.new.id] = ", ".join(fields)
        text = next((f for f in c.reported_fields if f.field == "text"), None)
        if text is not None and isinstance(text.old, str) and text.old:
            was[c.new.id] = text.old
    for r in d.relations.added:
        edges[r.id] = "added"
    for c in d.relations.reported_changes:
        edges[c.new.id] = "changed"
    # premise and conclusion links of arguments
    for a in d.arguments.added:
        _argument_edges(a, edges, "added", ())
    for c in d.arguments.changed:
        old_premises = {at(p) for p in c.old.premises}
        _argument_edges(c.new, edges, "added", old_premises)
        if c.old.conclusion is not None and at(c.old.conclusion) != c.new.conclusion:
            edges[f"conclusion:{c.new.id}"] = "changed"
    for a in d.arguments.removed:
        _argument_edges(out.arguments[place[a.id]], edges, "removed", ())
    return out, DiffHighlight(nodes, edges, notes, was, wrap_width=wrap_width)


def _argument_edges(a: Argument, edges: dict[str, str], status: str, keep: Any) -> None:
    for p in a.premises:
        if p not in keep:
            edges[f"premise:{p}:{a.id}"] = status
    if (status != "added" or not keep) and a.conclusion is not None:
        edges[f"conclusion:{a.id}"] = status


def _title(d: MapDiff, new: ArgumentMap, old_name: str | None, new_name: str | None) -> str:
    head = clean(new.title) if new.title else "Map"
    if old_name and new_name:
        return f"{head} — changes from {old_name} to {new_name}"
    return f"{head} — changes"


def to_diff_dot(
    d: MapDiff,
    new: ArgumentMap,
    *,
    old_name: str | None = None,
    new_name: str | None = None,
    **options: Any,
) -> str:
    """The DOT source of the highlighted diagram."""
    wrap_width = options.get("wrap", 32)
    try:
        wrap_width = int(wrap_width)
    except (TypeError, ValueError):
        wrap_width = 32
    drawing, hl = highlight(d, new, wrap_width=wrap_width)
    options.setdefault("title", _title(d, new, old_name, new_name))
    return to_dot(drawing, highlight=hl, **options)


def draw(
    d: MapDiff,
    new: ArgumentMap,
    format: str = "svg",
    /,
    *,
    old_name: str | None = None,
    new_name: str | None = None,
    **options: Any,
) -> str | bytes:
    """The highlighted diagram as ``dot``, ``svg``, ``png``, ``pdf``, or ``html`` (a page
    with the diagram and the text of the report)."""
    fmt = format.lower().lstrip(".")
    if fmt not in ("dot", "gv", "svg", "png", "pdf", "html", "htm"):
        raise DiffError(f"cannot draw a diff as {format!r}: choose dot, svg, png, pdf or html")
    source = to_diff_dot(d, new, old_name=old_name, new_name=new_name, **options)
    if fmt in ("dot", "gv"):
        return source
    if fmt in ("png", "pdf"):
        return run_dot(source, fmt)
    svg = run_dot(source, "svg").decode("utf-8")
    if fmt == "svg":
        return svg
    return html_page(d, svg, old_name=old_name or "old", new_name=new_name or "new", new=new)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2rem;
color:#222;line-height:1.45;max-width:80rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
.summary{font-weight:600}
ul{padding-left:1.2rem}li{margin:.25rem 0}
.add{color:#00684c}.del{color:#6e6e6e}.chg{color:#8a5f00}
.mark{font-weight:700;display:inline-block;width:1.2em}
.fields{list-style:none;padding-left:1.6rem;font-size:.92rem}
del{color:#777}
.why{color:#666;font-size:.88rem}
figure{margin:1.5rem 0;overflow:auto;border:1px solid #ddd;padding:.5rem}
figure svg{max-width:100%;height:auto}
"""


def html_page(
    d: MapDiff, svg: str, *, old_name: str, new_name: str, new: ArgumentMap | None = None
) -> str:
    """A self-contained HTML page: the report as lists, and the highlighted diagram."""
    from .._inline_svg import inline_svg
    from ._report import _TITLES, _change_head, _extra_lines, _field_line, describe, summary_line

    esc = _html_mod.escape
    title = f"argmap diff {old_name} → {new_name}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="summary">{esc(summary_line(d))}</p>',
    ]

    def item(cls: str, sign: str, text: str, extra: str = "") -> str:
        return f'<li class="{cls}"><span class="mark">{sign}</span>{esc(text)}{extra}</li>'

    def fields(c: Change[Any]) -> str:
        rows = "".join(f"<li>{esc(_field_line(f))}</li>" for f in c.reported_fields)
        return f'<ul class="fields">{rows}</ul>' if rows else ""

    map_fields = [f for f in d.map_fields if f.reported]
    if map_fields:
        parts.append("<h2>Map</h2><ul>")
        parts += [item("chg", "~", _field_line(f)) for f in map_fields]
        parts.append("</ul>")
    for name, section in d.sections():
        if not section:
            continue
        parts.append(f"<h2>{esc(_TITLES[name])}</h2><ul>")
        for el in section.added:
            extra = "".join(f"<li>{esc(x)}</li>" for x in _extra_lines(el))
            parts.append(
                item("add", "+", describe(el), f'<ul class="fields">{extra}</ul>' if extra else "")
            )
        parts += [item("del", "−", describe(el)) for el in section.removed]
        for c in section.reported_changes:
            why = f' <span class="why">(matched by {esc(str(c.match))})</span>'
            parts.append(item("chg", "~", _change_head(c), why + fields(c)))
        parts.append("</ul>")
    alt = f"The map {new_name} with the changes since {old_name} highlighted"
    parts.append(f"<figure>{inline_svg(svg, prefix='diff-', alt=alt)}</figure>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
