"""A standalone HTML page of a map: by default the interactive viewer, or a static page.

By default (``interactive=true``) the page is the interactive viewer of
:mod:`argmap.renderers.viewer`: the diagram fitted to the window, with pan, zoom, search,
focus and a side panel. With ``interactive=false`` (or ``diagram=false``, or when
Graphviz is not installed) it is a static document: the diagram (inline SVG), the
outline and the sources, with no scripts at all.

Either page is one self-contained file: inline CSS, no external resources of any kind,
and a Content-Security-Policy that forbids them anyway (the viewer's allows exactly its
own script, by hash). All user text is escaped; the inlined SVG is re-serialised from a
parse tree with scripts, event-handler attributes and unsafe links removed. When
Graphviz is not installed the page says so and still shows the outline.
"""

from __future__ import annotations

import html as _html
import re
import xml.etree.ElementTree as ET
from typing import Any, ClassVar, Literal

import attrs

from .._errors import GraphvizNotFoundError, RenderError
from .._model import Argument, ArgumentMap, Node, Source, Statement
from ..plugin import EVERYTHING, Renderer, bool_option, option
from . import _quotes
from ._text import clean
from .outline import (
    OUTLINE_EXPRESSES,
    Item,
    Outline,
    OutlineOptions,
    Role,
    _has_details,
    build_outline,
    conclusion_shown,
    node_label,
    resolve_evaluation,
    role_word,
    safe_url,
    short_label,
    source_parts,
    undercut_phrase,
)
from .viewer import viewer_page

__all__ = ["CSP", "HtmlOptions", "HtmlRenderer", "sanitize_svg", "sanitize_tree"]

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
"""The page's Content-Security-Policy: inline styles and data: images only."""

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_DROP_ELEMENTS = frozenset(
    {
        "script",
        "foreignobject",
        "iframe",
        "object",
        "embed",
        "handler",
        "set",
        "animate",
        "animatemotion",
        "animatetransform",
        "listener",
        "style",
        "image",
        "use",
    }
)


_HTML_SPECIAL = re.compile("[&<>\"']")


def _esc(text: str | None) -> str:
    if not text:
        return ""
    text = clean(text)
    if _HTML_SPECIAL.search(text) is None:
        return text  # the common case: nothing to escape (html.escape makes five passes)
    return _html.escape(text, quote=True)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(pt|px)?\s*")


def sanitize_svg(svg: str, *, min_scale: float | None = None) -> str:
    """``svg`` without scripts, event handlers, animations or non-local, unsafe links.

    The SVG is parsed and re-serialised (without its XML declaration, doctype and
    comments), so what is inlined is well-formed. Raises :class:`RenderError` if it
    does not parse. With ``min_scale`` the image, which the page shrinks to fit its
    width, is never shrunk below that fraction of its natural width (it scrolls instead).
    """
    root = sanitize_tree(svg)
    if min_scale is not None:
        match = _LENGTH.fullmatch(root.get("width", ""))
        if match:
            width = float(match.group(1)) * min_scale
            root.set("style", f"min-width:{width:.0f}{match.group(2) or 'px'}")
    return ET.tostring(root, encoding="unicode")


def sanitize_tree(svg: str) -> ET.Element:
    """The parse tree of ``svg`` with active content removed (see :func:`sanitize_svg`)."""
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise RenderError(f"the SVG diagram is not well-formed XML: {exc}") from exc
    if _local(root.tag) != "svg":
        raise RenderError("the diagram is not an SVG image")
    stack = [root]
    while stack:
        el = stack.pop()
        for child in list(el):
            if not isinstance(child.tag, str) or _local(child.tag) in _DROP_ELEMENTS:
                el.remove(child)
            else:
                stack.append(child)
        for attr in list(el.attrib):
            name = _local(attr)
            value = el.attrib[attr]
            unsafe_link = name == "href" and not (value.startswith("#") or safe_url(value))
            scripted = "javascript:" in "".join(value.lower().split())
            if name.startswith("on") or unsafe_link or scripted:
                del el.attrib[attr]
    return root


_CSS = """
:root{--pro:#009E73;--con:#D55E00;--undercut:#CC79A7;--contra:#0072B2;--ink:#1d1d1f;
--muted:#5f6368;--line:#d7d7db;--bg:#fff;--panel:#f6f7f9}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0 .75rem}
h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
.description{color:var(--muted);white-space:pre-line}
nav{font-size:.9rem;color:var(--muted)}
nav a{color:inherit;margin-right:1rem}
figure.diagram{margin:0;padding:.75rem;background:var(--panel);border:1px solid var(--line);
border-radius:.5rem;overflow:auto;max-height:85vh;text-align:center}
figure.diagram svg{max-width:100%;height:auto}
.note{background:#fff4e5;border-left:4px solid #E69F00;padding:.75rem 1rem;border-radius:.25rem}
.tree{margin:0 0 1.5rem;padding:.75rem 1rem;border:1px solid var(--line);border-radius:.5rem}
.tree>h3{margin-top:0}
ul.items{list-style:none;margin:.25rem 0 0;padding-left:1rem}
ul.items>li{margin:.4rem 0;padding-left:.5rem}
.role{display:inline-block;min-width:4.2rem;font-size:.72rem;font-weight:700;letter-spacing:.04em;
text-transform:uppercase;padding:.05rem .4rem;margin-right:.15rem;border-radius:.25rem;color:#fff;
text-align:center;vertical-align:.1em;background:var(--muted)}
li.pro>.role{background:var(--pro)}
li.con>.role{background:var(--con)}
li.undercut>.role{background:var(--undercut)}
li.contradiction>.role{background:var(--contra)}
li.premise>.role{background:#fff;color:var(--ink);border:1px solid var(--muted)}
li.pro{border-left:3px solid var(--pro)}
li.con{border-left:3px solid var(--con)}
li.undercut{border-left:3px solid var(--undercut)}
li.contradiction{border-left:3px solid var(--contra)}
li.premise{border-left:3px dotted var(--muted)}
.kind{font-size:.8rem;color:var(--muted);font-style:italic}
.target,.backref,.concl,.more{color:var(--muted);font-size:.92rem}
.backref a{color:inherit}
.tags{font-size:.8rem;color:var(--muted)}
.src{font-size:.9rem;margin:.2rem 0 0;color:var(--muted)}
cite{font-style:normal;font-weight:600}
blockquote{margin:.25rem 0 .25rem .25rem;padding:.1rem .75rem;border-left:3px solid var(--line);
color:var(--ink);font-style:italic}
blockquote .ctx{color:var(--muted);font-style:normal}
.verified{color:#00704f;font-size:.8rem}
.unverified{color:#a33a00;font-size:.8rem;font-weight:700}
.badge{display:inline-block;font-size:.75rem;font-weight:700;padding:0 .4rem;margin-left:.35rem;
border-radius:1rem;border:1px solid currentColor;vertical-align:.1em}
.badge.accepted{color:#00704f}
.badge.rejected{color:#a33a00}
.badge.undecided{color:#7a5b00}
.why{font-size:.88rem;color:var(--muted);margin:.15rem 0 0}
ol.sources>li{margin:.75rem 0}
ul.cited{margin:.2rem 0 0;padding-left:1.1rem}
a{color:#0b57d0}
.url{word-break:break-all}
footer{margin-top:3rem;font-size:.8rem;color:var(--muted)}
@media (prefers-color-scheme: dark){:root{--ink:#e8e8ea;--muted:#a0a4ab;--line:#3a3d42;
--bg:#15171a;--panel:#f6f7f9}a{color:#8ab4f8}.note{background:#3a2e16}
li.premise>.role{background:transparent;color:var(--ink)}}
@media print{nav{display:none}.tree{break-inside:avoid}
figure.diagram{max-height:none;overflow:visible}figure.diagram svg{min-width:0!important}}
"""


class _Page:
    def __init__(self, outline: Outline, amap: ArgumentMap) -> None:
        self.o = outline
        self.anchor: dict[str, str] = {n.id: f"n{i}" for i, n in enumerate(amap.nodes(), 1)}
        self.lookup: dict[str, Node] = {n.id: n for n in amap.nodes()}
        self.source_no: dict[int, int] = {}
        self.role_spans: dict[str, str] = {}  # role word -> its badge, made once
        self.parts: list[str] = []

    # -- pieces
    def badge(self, node: Node) -> str:
        b = self.o.badges.get(node.id)
        if b is None or not b.short():
            return ""
        cls = _esc(b.status or "gradual")
        title = _esc(b.status or "strength")
        return f' <span class="badge {cls}" title="{title}">{_esc(b.short())}</span>'

    def label(self, node: Node) -> str:
        kind = ""
        if isinstance(node, Statement) and node.is_evidence:
            kind = '<span class="kind">evidence</span> '
        elif isinstance(node, Argument):
            kind = '<span class="kind">argument</span> '
        tags = ""
        if node.tags:
            tags = ' <span class="tags">' + " ".join(f"#{_esc(t)}" for t in node.tags) + "</span>"
        badge = self.badge(node) if self.o.badges else ""
        return f'{kind}<span class="text">{_esc(node_label(node))}</span>{tags}{badge}'

    def document_html(self, src: Source) -> str:
        """The cited document: title (a link when the URL is safe), author, publisher, date."""
        head, rest = source_parts(src)
        url = safe_url(src.url)
        if url:
            title = f'<a href="{_esc(url)}" rel="noopener noreferrer">{_esc(head)}</a>'
        else:
            title = _esc(head)
        out = f"<cite>{title}</cite>" + "".join(f", {_esc(x)}" for x in rest)
        if src.url and not url:
            out += f' · <span class="url">{_esc(src.url)}</span>'
        elif url and src.title:
            out += f' · <span class="url">{_esc(url)}</span>'
        return out

    @staticmethod
    def citation_html(src: Source) -> str:
        """Where in the document, and the quote."""
        where = _quotes.locator(src)
        out = f" ({_esc(where)})" if where else ""
        if src.quote:
            ctx = _quotes.context(src)
            before, after = (
                (
                    f'<span class="ctx">…{_esc(ctx[0])} </span>',
                    f'<span class="ctx"> {_esc(ctx[1])}…</span>',
                )
                if ctx
                else ("", "")
            )
            out += f"<blockquote>{before}{_esc(src.quote)}{after}</blockquote>"
            checked = _quotes.verdict(src)
            if checked is not None:
                cls = "verified" if checked[0] else "unverified"
                out += f'<div class="{cls}">{_esc(checked[1])}</div>'
        return out

    def source_html(self, src: Source) -> str:
        return self.document_html(src) + self.citation_html(src)

    def details(self, node: Node, parent: Node | None) -> str:
        out = []
        concl = conclusion_shown(node, parent, self.lookup)
        if concl is not None:
            out.append(f'<div class="concl">→ concludes: {_esc(node_label(concl))}</div>')
        if isinstance(node, Statement) and node.is_evidence:
            for src in node.sources:
                out.append(f'<div class="src">Source: {self.source_html(src)}</div>')
        b = self.o.badges.get(node.id)
        if b is not None and b.explanation:
            out.append(f'<p class="why">{_esc(b.explanation)}</p>')
        return "".join(out)

    def item(self, item: Item) -> str:
        word = role_word(item)
        role = self.role_spans.get(word)
        if role is None:
            role = self.role_spans[word] = (
                f'<span class="role">{_esc(word)}</span> ' if word else ""
            )
        if item.backref:
            ref = self.anchor.get(item.node.id, "")
            body = (
                f'<span class="backref">see above: <a href="#{ref}">'
                f"{_esc(short_label(item.node))}</a></span>"
            )
            anchor = ""
        else:
            body = self.label(item.node)
            anchor = f' id="{self.anchor[item.node.id]}"' if item.node.id in self.anchor else ""
        if item.undercut_of:
            body += f' <span class="target">— undercuts {_esc(undercut_phrase(item))}</span>'
        if item.backref or not _has_details(item.node, self.o.badges):
            extra = ""
        else:
            extra = self.details(item.node, item.parent)
        if item.hidden:
            extra += f'<div class="more">… {item.hidden} more below (depth limit)</div>'
        if item.continued:
            extra += '<div class="more">… continued below</div>'
        return f'<li class="{item.role}"{anchor}>{role}{body}{extra}'

    def tree(self, top: Item) -> None:
        anchor = self.anchor.get(top.node.id, "")
        if top.role == Role.CONTINUED:  # the node is shown (with its anchor) above
            self.parts.append('<article class="tree continued">')
            self.parts.append(f"<h3>Continued: {self.label(top.node)}</h3>")
        else:
            self.parts.append(f'<article class="tree" id="{anchor}">')
            self.parts.append(f"<h3>{self.label(top.node)}</h3>")
            self.parts.append(self.details(top.node, None))
        if top.hidden:
            self.parts.append(f'<div class="more">… {top.hidden} more below (depth limit)</div>')
        # iterative nested lists: open a <ul> for children, close after the last one
        stack: list[tuple[Item, int]] = [(child, 0) for child in reversed(top.children)]
        if top.children:
            self.parts.append('<ul class="items">')
        open_levels = 0
        while stack:
            item, level = stack.pop()
            while open_levels > level:
                self.parts.append("</ul></li>")
                open_levels -= 1
            self.parts.append(self.item(item))
            if item.children:
                self.parts.append('<ul class="items">')
                open_levels += 1
                for child in reversed(item.children):
                    stack.append((child, level + 1))
            else:
                self.parts.append("</li>")
        while open_levels > 0:
            self.parts.append("</ul></li>")
            open_levels -= 1
        if top.children:
            self.parts.append("</ul>")
        self.parts.append("</article>")

    def sources(self) -> None:
        """Each cited document once, with the evidence that cites it."""
        if not self.o.evidence:
            return
        cited: dict[tuple[str | None, ...], list[tuple[Statement, Source]]] = {}
        for ev in self.o.evidence:
            for src in ev.sources:
                key = (src.title, src.author, src.publisher, src.published, src.url)
                cited.setdefault(key, []).append((ev, src))
        self.parts.append('<section id="sources"><h2>Sources</h2><ol class="sources">')
        for citations in cited.values():
            self.parts.append(f'<li>{self.document_html(citations[0][1])}<ul class="cited">')
            for ev, src in citations:
                anchor = self.anchor.get(ev.id, "")
                self.parts.append(
                    f'<li class="src">cited for: <a href="#{anchor}">'
                    f"{_esc(short_label(ev, 100))}</a>{self.citation_html(src)}</li>"
                )
            self.parts.append("</ul></li>")
        self.parts.append("</ol></section>")


_NAV = "<nav>{links}</nav>"


@attrs.define
class HtmlOptions(OutlineOptions):
    """The options of the HTML page: the outline's, and the diagram's."""

    diagram: bool = option(True, help="include the SVG diagram (needs Graphviz)")
    direction: Literal["auto", "BT", "TB", "LR", "RL"] = option(
        "auto", help="diagram direction: auto (as the svg renderer picks it), BT, TB, LR or RL"
    )
    interactive: bool = option(
        True,
        help="the interactive viewer; false: a static page with the diagram, outline and "
        "sources, and no scripts",
    )
    wrap: int | None = option(
        None, help="wrap statement text in the diagram at this many characters", min=0
    )
    clusters: bool = option(True, help="draw sections as boxes")
    layout: Literal["auto", "full", "bounded", "sections"] = option(
        "auto",
        help="diagram layout strategy: auto (by map size, as the svg renderer picks it), "
        "full, bounded or sections",
    )
    focus_depth: int = option(
        2, help="relation steps shown around a node in the viewer's focus mode", min=1, max=20
    )


class HtmlRenderer(Renderer):
    """One self-contained HTML page: the interactive viewer, or a static page without
    scripts (diagram, outline and sources)."""

    name = "html"
    aliases = ("htm", "viewer")
    extensions = (".html", ".htm")
    media_type = "text/html"
    description = "standalone HTML page: interactive map viewer, or static diagram + outline"
    Options = HtmlOptions
    expresses: ClassVar[frozenset[str] | None] = EVERYTHING - {"metadata"}

    def expressible(self, **options: Any) -> frozenset[str] | None:
        # the sections are drawn in the diagram only
        if "diagram" in options and not bool_option("diagram", options["diagram"]):
            return OUTLINE_EXPRESSES
        return self.expresses

    def render_map(self, amap: ArgumentMap, options: HtmlOptions) -> str:
        diagram_opts: dict[str, Any] = {"direction": options.direction}
        if options.wrap is not None:
            diagram_opts["wrap"] = options.wrap
        if not options.clusters:
            diagram_opts["clusters"] = False
        if options.layout != "auto":
            diagram_opts["layout"] = options.layout
        show_diagram = options.diagram
        evaluation = resolve_evaluation(amap, options.evaluation)
        opts = attrs.evolve(options, evaluation=evaluation)
        if show_diagram and options.interactive:
            try:
                return viewer_page(amap, opts, evaluation, diagram_opts, options.focus_depth)
            except GraphvizNotFoundError:
                pass  # the static page below says that Graphviz is missing
        outline = build_outline(amap, opts)
        page = _Page(outline, amap)
        title = outline.title or "Argument map"
        parts = page.parts
        parts.append(
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="generator" content="argmap">\n'
            f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        )
        parts.append(f"<header><h1>{_esc(title)}</h1>")
        if outline.description:
            parts.append(f'<p class="description">{_esc(outline.description)}</p>')
        links = ['<a href="#outline">Outline</a>']
        if show_diagram:
            links.insert(0, '<a href="#diagram">Diagram</a>')
        if outline.evidence:
            links.append('<a href="#sources">Sources</a>')
        parts.append(_NAV.format(links="".join(links)) + "</header>\n")
        if show_diagram:
            parts.append('<section id="diagram"><h2>Diagram</h2>')
            parts.append(self._diagram(amap, opts, evaluation, diagram_opts))
            parts.append("</section>\n")
        parts.append('<section id="outline"><h2>Outline</h2>')
        if not outline.trees and not outline.others and not outline.orphans:
            parts.append("<p>The map is empty.</p>")
        for top in outline.trees:
            page.tree(top)
        if outline.others:
            parts.append("<h3>Not connected to a main claim</h3>")
            for top in outline.others:
                page.tree(top)
        parts.append("</section>\n")
        if outline.orphans:
            parts.append('<section id="orphans"><h2>Orphans (no relations)</h2><ul>')
            for node in outline.orphans:
                anchor = page.anchor.get(node.id, "")
                parts.append(f'<li id="{anchor}">{page.label(node)}{page.details(node, None)}</li>')
            parts.append("</ul></section>\n")
        page.sources()
        parts.append("\n<footer>Made with argmap.</footer>\n</main>\n</body>\n</html>\n")
        return "".join(parts)

    @staticmethod
    def _diagram(
        amap: ArgumentMap, opts: OutlineOptions, evaluation: object, extra: dict[str, Any]
    ) -> str:
        from .._api import get_renderer

        svg_opts: dict[str, Any] = {"title": False, **extra}
        for key in ("tags", "groups", "root", "depth"):
            value = getattr(opts, key)
            if value is not None:
                svg_opts[key] = value
        if opts.depth is not None and opts.root is None:
            svg_opts.pop("depth")  # the diagram draws the whole selection
        if not opts.show_evidence:
            svg_opts["show_evidence"] = False
        if evaluation is not None:
            svg_opts["evaluation"] = evaluation
        try:
            svg = get_renderer("svg").render(amap, **svg_opts)
        except GraphvizNotFoundError as exc:
            return (
                '<p class="note" role="note"><strong>No diagram:</strong> '
                f"{_esc(str(exc))} The outline below shows the whole map.</p>"
            )
        if not isinstance(svg, str):  # pragma: no cover - the svg renderer returns text
            svg = svg.decode("utf-8")
        return (
            '<figure class="diagram" role="img" aria-label="Diagram of the argument map">'
            f"{sanitize_svg(svg, min_scale=0.75)}</figure>"
        )
