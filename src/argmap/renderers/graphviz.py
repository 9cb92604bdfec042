"""Graphviz renderers: DOT source, and SVG, PNG and PDF drawn by the ``dot`` program.

The DOT text is built directly (no Graphviz needed for ``dot`` output) and is
deterministic: nodes are named ``n0``, ``n1`` … in map order (statements, then
arguments), helper points on undercut links ``r0``, ``r1`` … in relation order, and
clusters ``cluster_g0`` … in group order. All user text goes into HTML-like labels
through :func:`argmap.renderers._text.html`, so no text can change the graph's structure.

Visual language (see :mod:`argmap.renderers._style`): claims are rounded boxes, evidence
dog-eared notes with their source (title, date) on a second line, arguments filled
square boxes; support is a solid green arrow, attack (rebuttal) a dashed vermillion
line ending in a bar, undercut a dotted purple line ending in bar-and-dot, aimed at an
argument or at a small point placed on the undercut link, contradiction a bold blue line
with open diamonds at both ends. Premises of an argument join it by thin grey lines, and
the argument points to its conclusion.

Options (keywords, or ``-O key=value`` strings from the CLI) are listed in
:attr:`DotRenderer.options`. The legend defaults to ``auto``: it is drawn when the
diagram mixes at least three kinds of elements (for example claims, support and attack),
or uses tag colours or an evaluation, since a reader then needs the key; it lists only
what the diagram uses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from .._errors import ArgmapError, GraphvizNotFoundError, RenderError
from .._model import Argument, ArgumentMap, RelationKind, Statement, StatementKind
from ..plugin import Renderer, bool_option
from ._style import BADGES, TAG_PALETTE, THEMES, Theme
from ._text import _wrapper, clean, title_option, wrap, wrap_text
from ._text import html as _html

__all__ = [
    "INSTALL_HINT",
    "DotRenderer",
    "Highlight",
    "PdfRenderer",
    "PngRenderer",
    "SvgRenderer",
    "run_dot",
    "to_dot",
]

log = logging.getLogger("argmap")

INSTALL_HINT = (
    "the Graphviz 'dot' program is needed to draw SVG, PNG or PDF but was not found on "
    "PATH; install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install "
    "graphviz; conda: conda install -c conda-forge graphviz; Windows: winget install "
    "graphviz), or render to 'dot' to get the DOT source"
)

OPTIONS: dict[str, str] = {
    "direction": "layout direction: BT (default; conclusions on top), TB, LR or RL",
    "wrap": "wrap text at this many characters (default 32; 0 = no wrapping)",
    "show_evidence": "draw evidence statements (default true)",
    "tags": "only nodes carrying one of these tags (comma-separated)",
    "groups": "only nodes in these groups or their sub-groups (ids or titles, comma-separated)",
    "root": "only this node and what argues for or against it (see depth)",
    "depth": "with root: how many relation steps to follow (default: all)",
    "title": "true/false: draw the map's title above the diagram (default true); other text: "
    "draw that text instead",
    "theme": "default (colour-blind-safe colours) or mono/print (black and white)",
    "legend": "draw a legend: auto (default: when it helps), true or false",
    "evaluation": "colour nodes by an evaluation: a semantics name (e.g. grounded, df-quad) "
    "or a computed evaluation",
    "tag_colors": "fill nodes by their first tag: true, or tag:colour pairs (comma-separated)",
    "clusters": "draw groups as (nested) boxes (default true)",
    "font": "font name (default Helvetica,Arial,sans-serif)",
}

_DIRECTIONS = ("BT", "TB", "LR", "RL")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?|[A-Za-z][A-Za-z0-9]{0,30}")
_FONT = re.compile(r"[\w ,.-]{1,200}")

_SUPPORT, _ATTACK, _UNDERCUT = RelationKind.SUPPORT, RelationKind.ATTACK, RelationKind.UNDERCUT
_EVIDENCE = StatementKind.EVIDENCE
_LEGEND_WORDS = {
    "support": "supports",
    "attack": "attacks (rebuts)",
    "undercut": "undercuts (an inference)",
    "contradiction": "contradicts",
    "premise": "premise of",
}


# ---------------------------------------------------------------------- options


def _int(name: str, value: Any, *, minimum: int = 0) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise RenderError(f"option {name} must be a whole number, got {value!r}") from None
    if isinstance(value, float) and value != number:
        raise RenderError(f"option {name} must be a whole number, got {value!r}")
    if number < minimum:
        raise RenderError(f"option {name} must be at least {minimum}, got {number}")
    return number


def _names(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v) for v in value)


def _tag_colors(value: Any) -> dict[str, str] | bool:
    if isinstance(value, Mapping):
        pairs = [(str(k), str(v)) for k, v in value.items()]
    elif isinstance(value, str) and ":" in value:
        pairs = []
        for item in value.split(","):
            if not item.strip():
                continue
            tag, sep, colour = item.rpartition(":")
            if not sep or not tag.strip():
                raise RenderError(f"option tag_colors: expected tag:colour, got {item!r}")
            pairs.append((tag.strip(), colour.strip()))
    else:
        return bool_option("tag_colors", value)
    for tag, colour in pairs:
        if not _COLOR.fullmatch(colour):
            raise RenderError(
                f"option tag_colors: {colour!r} (for tag {tag!r}) is not a colour "
                "(use #RRGGBB or a colour name)"
            )
    return dict(pairs)


@attrs.frozen
class _Options:
    direction: str = "BT"
    wrap: int = 32
    show_evidence: bool = True
    tags: tuple[str, ...] | None = None
    groups: tuple[str, ...] | None = None
    root: str | None = None
    depth: int | None = None
    title: bool = True
    theme: Theme = THEMES["default"]
    legend: bool | None = None
    evaluation: Any = None
    tag_colors: dict[str, str] | bool = False
    clusters: bool = True
    font: str = "Helvetica,Arial,sans-serif"


def _parse_options(options: Mapping[str, Any]) -> _Options:
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise RenderError(
            f"unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"valid options: {', '.join(OPTIONS)}"
        )
    kw: dict[str, Any] = {}
    for key, value in options.items():
        if key == "direction":
            d = str(value).strip().upper()
            if d not in _DIRECTIONS:
                raise RenderError(
                    f"option direction must be one of {', '.join(_DIRECTIONS)}, got {value!r}"
                )
            kw[key] = d
        elif key == "wrap":
            kw[key] = _int(key, value)
        elif key == "depth":
            kw[key] = None if value is None else _int(key, value)
        elif key == "title":
            kw[key] = title_option(value)
        elif key in ("show_evidence", "clusters"):
            kw[key] = bool_option(key, value)
        elif key in ("tags", "groups"):
            kw[key] = _names(value)
        elif key == "root":
            kw[key] = None if value is None else str(getattr(value, "id", value))
        elif key == "theme":
            if str(value) not in THEMES:
                raise RenderError(f"option theme must be one of {', '.join(THEMES)}, got {value!r}")
            kw[key] = THEMES[str(value)]
        elif key == "legend":
            if value is None or (isinstance(value, str) and value.strip().lower() == "auto"):
                kw[key] = None
            else:
                kw[key] = bool_option(key, value)
        elif key == "evaluation":
            kw[key] = None if value in (None, "", "none") else value
        elif key == "tag_colors":
            kw[key] = _tag_colors(value)
        elif key == "font":
            if not isinstance(value, str) or not _FONT.fullmatch(value):
                raise RenderError(f"option font: not a font name: {value!r}")
            kw[key] = value
    return _Options(**kw)


# ---------------------------------------------------------------------- evaluation
def _evaluation(amap: ArgumentMap, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        from argmap.evaluate import evaluate  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise RenderError(
            f"option evaluation={value!r} needs argmap.evaluate, which is not available: {exc}"
        ) from exc
    try:
        return evaluate(amap, value)
    except ArgmapError:
        raise
    except (ValueError, LookupError) as exc:
        raise RenderError(f"option evaluation: {exc}") from exc


# ---------------------------------------------------------------------- DOT
def html(text: str) -> str:
    """Escape clean user text for a Graphviz HTML-like label.

    Besides XML escaping, backslashes are doubled: Graphviz expands escape sequences
    such as ``\\N`` (the node's name) even inside HTML-like labels; and ``]`` is written
    as a character reference.
    """
    text = _html(text)
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "]" in text:  # Graphviz 2.43 cannot parse a label ending in "]"
        text = text.replace("]", "&#93;")
    return text


def _q(text: str) -> str:
    """A DOT double-quoted string (for our own, controlled values)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Builder:
    """Builds the DOT text of one (already selected) map."""

    def __init__(
        self, amap: ArgumentMap, opts: _Options, highlight: Highlight | None = None
    ) -> None:
        self.amap = amap
        self.o = opts
        self.hl = highlight or Highlight()
        self.theme = opts.theme
        self.names: dict[str, str] = {}
        for i, node in enumerate(amap.nodes()):
            self.names[node.id] = f"n{i}"
        self.ev: Any = opts.evaluation
        self.used: dict[str, None] = {}
        self.tag_fill = self._tag_fill()
        self.used_eval: dict[str, None] = {}
        self._pattern = _wrapper(max(opts.wrap, 1))

    # ---------------------------------------------------------------- labels
    def _lines(self, text: str) -> str:
        """Clean, wrapped and escaped text; lines joined by ``<BR/>``."""
        width = self.o.wrap
        if "\n" in text:
            return html(wrap_text(text, width)).replace("\n", "<BR/>")
        line = " ".join(text.split())
        if width <= 0 or len(line) <= width:
            return html(line)
        return html("\n".join(self._pattern.findall(line))).replace("\n", "<BR/>")

    def _source_line(self, st: Statement) -> str:
        parts = []
        for src in st.sources:
            head = src.title or src.url or src.publisher or src.author or "untitled source"
            parts.append(f"{head}, {src.published}" if src.published else head)
        if not parts:
            return ""
        text = "; ".join(parts)
        lines = wrap(clean(text), self.o.wrap + 8 if self.o.wrap else 0)
        body = "<BR/>".join(html(line) for line in lines)
        if not body:
            return ""
        return f'<BR/><FONT POINT-SIZE="8" COLOR="{self.theme.source_color}"><I>{body}</I></FONT>'

    def _label(self, node: Statement | Argument) -> str:
        text = clean(node.text) if node.text else ""
        body = self._lines(text) if text else ""
        if node.title:
            title = clean(node.title)
            if title.strip() and " ".join(title.split()) != " ".join(text.split()):
                head = self._lines(title)
                body = f"<B>{head}</B><BR/>{body}" if body else f"<B>{head}</B>"
        if not body:
            nid = html(clean(node.id))
            body = f"<I>{nid}</I>" if nid.strip() else "<I>(empty)</I>"
        if isinstance(node, Statement) and node.sources:
            body += self._source_line(node)
        if self.ev is not None:
            body = self._eval_label(node.id, body)
        return "<" + self.hl.label(node.id, body) + ">"

    def _eval_label(self, node_id: str, body: str) -> str:
        ev = self.ev
        status = ev.status(node_id)
        strength = ev.strength(node_id) if getattr(ev, "is_gradual", False) else None
        head = ""
        if status in BADGES:
            colour = self.theme.badge[status]
            head = f'<FONT COLOR="{colour}"><B>{BADGES[status]}</B></FONT> '
            self.used_eval[status] = None
        if strength is None:
            return head + body
        s = min(max(float(strength), 0.0), 1.0)
        self.used_eval["strength"] = None
        width = 60
        filled = round(s * width)
        cells = ""
        if filled > 0:
            cells += f'<TD WIDTH="{filled}" HEIGHT="6" BGCOLOR="{self.theme.bar}"></TD>'
        if width - filled > 0:
            cells += (
                f'<TD WIDTH="{width - filled}" HEIGHT="6" BGCOLOR="{self.theme.bar_back}"></TD>'
            )
        bar = (
            '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
            f'<TD><FONT POINT-SIZE="8">{round(s * 100)}%</FONT></TD><TD WIDTH="4"></TD>'
            f"{cells}</TR></TABLE>"
        )
        return (
            '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
            f"<TR><TD>{head}{body}</TD></TR><TR><TD>{bar}</TD></TR></TABLE>"
        )

    def _tag_fill(self) -> dict[str, str]:
        tc = self.o.tag_colors
        if tc is False:
            return {}
        if tc is True:
            return {t: TAG_PALETTE[i % len(TAG_PALETTE)] for i, t in enumerate(self.amap.tags())}
        assert isinstance(tc, dict)
        return tc

    def _node_line(self, node: Statement | Argument) -> str:
        if isinstance(node, Argument):
            kind = "argument"
            attrs_ = self.theme.argument
        elif node.kind is _EVIDENCE:
            kind = "evidence"
            attrs_ = self.theme.evidence
        else:
            kind = "claim"
            attrs_ = self.theme.claim
        self.used[kind] = None
        extra = ""
        if self.tag_fill:
            for tag in node.tags:
                if tag in self.tag_fill:
                    extra += f', fillcolor="{self.tag_fill[tag]}"'
                    self.used["tag:" + tag] = None
                    break
        if self.ev is not None:
            status = self.ev.status(node.id)
            if status in BADGES:
                extra += f', color="{self.theme.badge[status]}", penwidth=2.5'
                if status != "accepted":  # the border's line tells the status in B/W too
                    base = _attrs(attrs_).get("style", "")
                    line = _EVAL_BORDER[status]
                    extra += f', style="{base},{line}"' if base else f", style={line}"
                if status == "rejected":
                    extra += ', fontcolor="#666666"'
        extra += self.hl.node(node.id, attrs_ + extra)
        return f'{self.names[node.id]} [label={self._label(node)}, {attrs_}{extra}, class="{kind}"]'

    # ---------------------------------------------------------------- structure
    def build(self) -> str:
        amap, o = self.amap, self.o
        out: list[str] = ["digraph argmap {"]
        graph = [f"rankdir={o.direction}", f"fontname={_q(o.font)}", "newrank=true"]
        graph += ["nodesep=0.3", "ranksep=0.45", 'bgcolor="white"']
        heading = o.title if isinstance(o.title, str) else amap.title
        if o.title and heading and clean(heading).strip():
            title = "<BR/>".join(html(x) for x in wrap(clean(heading), max(o.wrap * 2, 0)))
            graph += [f"label=<<B>{title}</B>>", "labelloc=t", "fontsize=16"]
        out.append(f"  graph [{', '.join(graph)}]")
        out.append(f'  node [fontname={_q(o.font)}, fontsize=11, margin="0.15,0.1", penwidth=1.3]')
        out.append(f"  edge [fontname={_q(o.font)}, penwidth=1.5, arrowsize=0.9]")

        node_lines = {node.id: self._node_line(node) for node in amap.nodes()}
        if o.clusters and amap.groups:
            self._clusters(out, node_lines)
        for line in node_lines.values():
            out.append("  " + line)
        self._edges(out)
        legend = o.legend
        if legend is None:
            legend = (
                len(self.used) + len(self.used_eval) >= 3
                or bool(self.used_eval)
                or any(k.startswith("tag:") for k in self.used)
            )
        if (legend and self.used) or self.hl.legend():
            self._legend(out)
        out.append("}")
        out.append("")
        return "\n".join(out)

    def _clusters(self, out: list[str], node_lines: dict[str, str]) -> None:
        groups = self.amap.groups
        members: dict[str, list[str]] = {}
        for node in self.amap.nodes():
            if node.group is not None and node.group in groups:
                members.setdefault(node.group, []).append(node.id)
        children: dict[str | None, list[str]] = {}
        for gid, g in groups.items():
            parent = g.parent if g.parent in groups and g.parent != gid else None
            children.setdefault(parent, []).append(gid)
        gnames = {gid: f"cluster_g{i}" for i, gid in enumerate(groups)}
        nonempty: dict[str, bool] = {}

        def has_nodes(gid: str, seen: frozenset[str]) -> bool:
            if gid not in nonempty:
                nonempty[gid] = bool(members.get(gid)) or any(
                    has_nodes(c, seen | {gid}) for c in children.get(gid, ()) if c not in seen
                )
            return nonempty[gid]

        def emit(gid: str, indent: str, seen: frozenset[str]) -> None:
            if not has_nodes(gid, seen):
                return
            g = groups[gid]
            title = "<BR/>".join(html(x) for x in wrap(clean(g.title), max(self.o.wrap * 2, 0)))
            label = f"<B>{title}</B>" if title else " "
            out.append(f"{indent}subgraph {gnames[gid]} {{")
            out.append(
                f"{indent}  graph [label=<{label}>, {self.theme.cluster}, "
                f"fontsize=12, labeljust=l, labelloc={'b' if self.o.direction == 'BT' else 't'}, "
                'class="group"]'
            )
            for nid in members.get(gid, ()):
                out.append(indent + "  " + node_lines.pop(nid))
            for child in children.get(gid, ()):
                if child not in seen:
                    emit(child, indent + "  ", seen | {gid})
            out.append(f"{indent}}}")

        for gid in children.get(None, ()):
            emit(gid, "  ", frozenset())
        self.used["group"] = None

    def _edges(self, out: list[str]) -> None:
        amap = self.amap
        names = self.names
        rels = amap._relations  # the dict behind amap.relations: iterating it is faster
        points: dict[str, str] = {}
        for r in rels.values():
            if r.target in rels and r.target not in points:
                points[r.target] = ""
        for i, rid in enumerate(rid for rid in rels if rid in points):
            points[rid] = f"r{i}"
        edges = self.theme.edges
        explicit = {(r.source, r.target) for r in rels.values() if r.kind is RelationKind.SUPPORT}
        for arg in amap.arguments.values():
            a = names[arg.id]
            for p in arg.premises:
                if p in names:
                    hl = self.hl.edge(f"premise:{p}:{arg.id}", edges["premise"])
                    out.append(f"  {names[p]} -> {a} [{edges['premise']}{hl}]")
                    self.used["premise"] = None
            if arg.conclusion in names and (arg.id, arg.conclusion) not in explicit:
                hl = self.hl.edge(f"conclusion:{arg.id}", edges["conclusion"])
                out.append(f"  {a} -> {names[arg.conclusion]} [{edges['conclusion']}{hl}]")
                self.used["support"] = None
        for r in rels.values():
            src = names.get(r.source)
            tgt = names.get(r.target) or points.get(r.target)
            if src is None or tgt is None:
                log.warning("dot: skipping relation %r: an end is not in the map", r.id)
                continue
            k = r.kind
            kind = (
                "support"
                if k is _SUPPORT
                else "attack"
                if k is _ATTACK
                else "undercut"
                if k is _UNDERCUT
                else "contradiction"
            )
            self.used[kind] = None
            point = points.get(r.id)
            hl = self.hl.edge(r.id, edges[kind])
            if point:
                # the first half of the undercut link: same line, no arrowheads
                pattrs = re.sub(r"(?:arrowhead|arrowtail|dir)=\w+, ", "", edges[kind])
                out.append(f'  {point} [shape=point, width=0.07, color="#444444", class="link"]')
                out.append(f"  {src} -> {point} [{pattrs}, dir=none{hl}]")
                out.append(f"  {point} -> {tgt} [{edges[kind]}{hl}]")
            else:
                out.append(f"  {src} -> {tgt} [{edges[kind]}{hl}]")

    def _legend(self, out: list[str]) -> None:
        """The legend: one HTML-like table listing what the diagram uses."""
        t = self.theme
        rows: list[str] = []

        def row(sample: str, words: str) -> None:
            rows.append(f'<TR><TD>{sample}</TD><TD ALIGN="LEFT">{words}</TD></TR>')

        def box(fill: str, color: str, text: str, style: str = "") -> str:
            st = f' STYLE="{style}"' if style else ""
            return (
                f'<TABLE BORDER="1" CELLBORDER="0" CELLPADDING="3" COLOR="{color}" '
                f'BGCOLOR="{fill}"{st}><TR><TD><FONT POINT-SIZE="9">{text}</FONT></TD></TR></TABLE>'
            )

        samples = {"claim": t.claim, "evidence": t.evidence, "argument": t.argument}
        words = {
            "claim": "claim",
            "evidence": "evidence (<I>source, date</I>)",
            "argument": "argument",
        }
        for kind in ("claim", "evidence", "argument"):
            if kind in self.used:
                a = _attrs(samples[kind])
                row(
                    box(a["fillcolor"], a["color"], kind, "rounded" if kind == "claim" else ""),
                    words[kind],
                )
        if "group" in self.used:
            a = _attrs(t.cluster)
            row(box(a.get("fillcolor", "#FFFFFF"), a["color"], "section", "rounded"), "group")
        for tag, colour in self.tag_fill.items():
            if "tag:" + tag in self.used:
                row(box(colour, "#999999", "#" + html(clean(tag)), "rounded"), "tag")
        glyphs = {
            "support": ("", "&#9654;"),
            "attack": ("", "&#8867;"),
            "undercut": ("", "&#8867;&#9675;"),
            "contradiction": ("&#9671;", "&#9671;"),
            "premise": ("", "&#8250;"),
        }
        for kind in ("support", "attack", "undercut", "contradiction", "premise"):
            if kind not in self.used:
                continue
            a = _attrs(t.edges[kind])
            colour = a["color"]
            style = a["style"]
            border = "3" if style == "bold" else "2" if style != "solid" else "1"
            dash = f' STYLE="{style}"' if style in ("dashed", "dotted") else ""
            tail, head = glyphs[kind]
            line = (
                '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
                f"<TD>{_font(colour, tail)}</TD>"
                f'<TD SIDES="B" BORDER="{border}" COLOR="{colour}"{dash} WIDTH="40" HEIGHT="9">'
                f"</TD><TD>{_font(colour, head)}</TD></TR></TABLE>"
            )
            row(line, _LEGEND_WORDS[kind])
        for status in ("accepted", "rejected", "undecided"):
            if status in self.used_eval:
                colour = t.badge[status]
                row(
                    f'<FONT COLOR="{colour}"><B>{BADGES[status]}</B></FONT>',
                    f"{status} ({_EVAL_BORDER[status]} border)",
                )
        if "strength" in self.used_eval:
            sem = html(clean(str(getattr(self.ev, "semantics", "") or "")))
            bar = (
                '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
                f'<TD WIDTH="30" HEIGHT="6" BGCOLOR="{t.bar}"></TD>'
                f'<TD WIDTH="20" HEIGHT="6" BGCOLOR="{t.bar_back}"></TD></TR></TABLE>'
            )
            row(bar, f"strength{f' ({sem})' if sem else ''}, 0–100%")
        if self.ev is not None and "strength" not in self.used_eval:
            sem = html(clean(str(getattr(self.ev, "semantics", "") or "")))
            if sem:
                rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT"><I>semantics: {sem}</I></TD></TR>')
        for sample, words_ in self.hl.legend():
            row(sample, words_)
        table = (
            '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2" '
            'STYLE="rounded" COLOR="#999999" BGCOLOR="#FFFFFF">'
            '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>' + "".join(rows) + "</TABLE>"
        )
        out.append(
            f'  legend [shape=plaintext, fontsize=9, margin=0, label=<{table}>, class="legend"]'
        )


_EVAL_BORDER = {"accepted": "solid", "rejected": "dashed", "undecided": "dotted"}
_ATTR = re.compile(r'(\w+)=("[^"]*"|[^,\s]+)')


def _font(colour: str, text: str) -> str:
    return f'<FONT COLOR="{colour}">{text}</FONT>' if text else " "


def _attrs(spec: str) -> dict[str, str]:
    """Our own attribute strings (``_style``) as a dict, quotes removed."""
    return {k: v.strip('"') for k, v in _ATTR.findall(spec)}


def to_dot(amap: ArgumentMap, /, *, highlight: Highlight | None = None, **options: Any) -> str:
    """The DOT source of ``amap`` (see :attr:`DotRenderer.options`); ``highlight`` draws
    chosen elements differently (see :class:`Highlight`)."""
    opts = _parse_options(options)
    if isinstance(opts.evaluation, str):  # evaluate the whole map, then draw a part of it
        opts = attrs.evolve(opts, evaluation=_evaluation(amap, opts.evaluation))
    if (
        opts.tags is not None
        or opts.groups is not None
        or opts.root is not None
        or not opts.show_evidence
    ):
        try:
            amap = amap.select(
                tags=opts.tags,
                groups=opts.groups,
                root=opts.root,
                depth=opts.depth,
                include_evidence=opts.show_evidence,
            )
        except (KeyError, ArgmapError) as exc:
            raise RenderError(f"cannot select the part of the map to draw: {exc}") from exc
    return _Builder(amap, opts, highlight).build()


def run_dot(source: str, fmt: str) -> bytes:
    """Run Graphviz ``dot`` on ``source`` and return its ``fmt`` output.

    Raises :class:`~argmap.GraphvizNotFoundError` (with how to install Graphviz) when
    ``dot`` is not installed and :class:`~argmap.RenderError` (with ``dot``'s own message)
    when it fails.
    """
    import graphviz

    try:
        data: bytes = graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise GraphvizNotFoundError(INSTALL_HINT) from exc
    except graphviz.CalledProcessError as exc:
        err = exc.stderr
        message = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err or "")
        message = " ".join(message.split()) or f"exit status {exc.returncode}"
        raise RenderError(f"Graphviz dot failed: {message}") from exc
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz dot: {exc}") from exc
    return data


# ---------------------------------------------------------------------- highlight hook
class Highlight:
    """A hook for drawing chosen elements differently, e.g. a diff's additions and
    removals (:mod:`argmap.mapdiff` subclasses it). Pass one as ``to_dot(highlight=...)``.

    Every method returns trusted DOT text, built by the subclass with :func:`html`
    escaping for any user text; the default draws nothing extra.
    """

    def node(self, node_id: str, attrs: str) -> str:
        """Extra attributes for a node (``', color="#E69F00"'``), after ``attrs``, its own."""
        return ""

    def edge(self, key: str, attrs: str) -> str:
        """Extra attributes for an edge. ``key`` is the relation id, or
        ``premise:<statement id>:<argument id>`` / ``conclusion:<argument id>``."""
        return ""

    def label(self, node_id: str, body: str) -> str:
        """A node's HTML-like label body (without the outer ``<>``), changed or not."""
        return body

    def legend(self) -> list[tuple[str, str]]:
        """Extra legend rows: (sample, words), both HTML-like label text; rows force a legend."""
        return []


# ---------------------------------------------------------------------- renderers
class DotRenderer(Renderer):
    """Graphviz DOT source (no Graphviz install needed)."""

    name: ClassVar[str] = "dot"
    aliases: ClassVar[tuple[str, ...]] = ("gv", "graphviz")
    extensions: ClassVar[tuple[str, ...]] = (".dot", ".gv")
    media_type: ClassVar[str] = "text/vnd.graphviz"
    description: ClassVar[str] = "Graphviz DOT source of the argument map"
    options: ClassVar[dict[str, str]] = OPTIONS

    def render(self, amap: ArgumentMap, /, **options: Any) -> str:
        return to_dot(amap, **options)


class _DrawnRenderer(Renderer):
    fmt: ClassVar[str]
    options: ClassVar[dict[str, str]] = OPTIONS

    def render_bytes(self, amap: ArgumentMap, /, **options: Any) -> bytes:
        return run_dot(to_dot(amap, **options), self.fmt)


class SvgRenderer(_DrawnRenderer):
    """SVG drawn by Graphviz ``dot``."""

    name: ClassVar[str] = "svg"
    extensions: ClassVar[tuple[str, ...]] = (".svg",)
    media_type: ClassVar[str] = "image/svg+xml"
    description: ClassVar[str] = "SVG image of the argument map (needs Graphviz)"
    fmt: ClassVar[str] = "svg"

    def render(self, amap: ArgumentMap, /, **options: Any) -> str:
        return self.render_bytes(amap, **options).decode("utf-8")


class PngRenderer(_DrawnRenderer):
    """PNG drawn by Graphviz ``dot``."""

    name: ClassVar[str] = "png"
    extensions: ClassVar[tuple[str, ...]] = (".png",)
    media_type: ClassVar[str] = "image/png"
    description: ClassVar[str] = "PNG image of the argument map (needs Graphviz)"
    binary: ClassVar[bool] = True
    fmt: ClassVar[str] = "png"

    def render(self, amap: ArgumentMap, /, **options: Any) -> bytes:
        return self.render_bytes(amap, **options)


class PdfRenderer(_DrawnRenderer):
    """PDF drawn by Graphviz ``dot``."""

    name: ClassVar[str] = "pdf"
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)
    media_type: ClassVar[str] = "application/pdf"
    description: ClassVar[str] = "PDF of the argument map (needs Graphviz)"
    binary: ClassVar[bool] = True
    fmt: ClassVar[str] = "pdf"

    def render(self, amap: ArgumentMap, /, **options: Any) -> bytes:
        return self.render_bytes(amap, **options)
