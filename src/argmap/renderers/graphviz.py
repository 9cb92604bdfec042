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

Options (keywords, or ``-O key=value`` strings from the CLI) are declared by
:class:`GraphvizOptions` (``argmap plugins svg`` lists them). The legend defaults to
``auto``: it is drawn when the diagram mixes at least three kinds of elements (for
example claims, support and attack), or uses tag colours or an evaluation, since a reader
then needs the key; it lists only what the diagram uses. It sits with the title above the
diagram (in the graph's label, so never among the nodes), and its sample arrows point the
way the diagram's do.

Hovering over a box or an arrow shows what it says: nodes and edges carry tooltips
with their title and text, and in SVG output every ``<title>`` is rewritten from the DOT
name (``n12``, ``n7->n76``) to those words (``A supports B``).

``direction=auto`` (the default) is :func:`auto_direction`. ``layout`` picks how much
work Graphviz may do (``auto`` by the number of drawn boxes, see :data:`FULL_LIMIT`, and
by the picture's shape, see :data:`_WRAP_MISS`): ``full`` leaves ``dot``'s defaults,
``bounded`` caps its searches (``nslimit``, ``nslimit1``, ``mclimit``, ``searchsize``),
and ``sections`` (SVG only) lays out each top-level section on its own and places the
sections in rows, those that argue with each other most side by side
(:func:`argmap.renderers._sections.compose_svg`). ``newrank=true`` is set only on maps
drawn without clusters: with clusters it can keep ``dot`` from finishing. ``dot`` runs
under ``timeout`` seconds (:data:`DEFAULT_TIMEOUT`).

Section titles stay off the edges: Graphviz routes edges through cluster labels, so with
``layout=full`` a ``dot -Tjson`` layout shows which titles an edge crosses, and those are
wrapped narrower or moved to another side of their box until none is (or the fewest
are) crossed (:func:`_clear_labels`; fewer tries as maps grow, :func:`_label_tries`).

Wide ranks are wrapped (option ``wrap_ranks``, on by default): with ``layout=full``, when
the first layout is broader across its ranks than a page, the widest ranks of each
section are cut into several, one behind the other, until the picture comes within the
page-to-screen range (:func:`_wrap_ranks`; the generated 100-statement debate: 1 : 3.5
before, 1.1 : 1 after); ``layout=sections`` cuts each too broad section once
(``_sections._wrapped``). Maps with narrow ranks (the seed map) are not changed.

Each arrowhead meets its node at a point of its own: with ``layout=full``, SVG, PNG and
PDF are drawn after a first ``dot -Tplain`` layout; where two arrowheads would land on
one node less than 9 pt apart, that node's arrow ends get compass ports
(``samehead`` is not used, it breaks inside clusters). The
``dot`` output stays the plain DOT text, and if ``dot`` cannot route a port it is drawn
without them.
"""

from __future__ import annotations

import itertools
import math
import re
import shutil
import subprocess
from collections.abc import Mapping
from operator import attrgetter
from typing import Any, ClassVar, Literal

import attrs

from .._errors import ArgmapError, GraphvizNotFoundError, RenderError
from .._log import logger
from .._model import Argument, ArgumentMap, RelationKind, Statement, StatementKind
from .._options import evaluation_option, node_id_option
from ..plugin import EVERYTHING, Renderer, bool_option, option, option_specs, parse_options
from ._sections import split_sections
from ._style import BADGES, TAG_PALETTE, THEMES
from ._text import _wrapper, clean, title_option, wrap, wrap_text
from ._text import html as _html

__all__ = [
    "BOUNDED_LIMIT",
    "DEFAULT_TIMEOUT",
    "FULL_LIMIT",
    "INSTALL_HINT",
    "LAYOUTS",
    "DotRenderer",
    "GraphvizOptions",
    "Highlight",
    "PdfRenderer",
    "PngRenderer",
    "SvgRenderer",
    "auto_direction",
    "run_dot",
    "split_sections",
    "to_dot",
]

log = logger()

INSTALL_HINT = (
    "the Graphviz 'dot' program is needed to draw SVG, PNG or PDF but was not found on "
    "PATH; install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install "
    "graphviz; conda: conda install -c conda-forge graphviz; Windows: winget install "
    "graphviz), or render to 'dot' to get the DOT source"
)

LAYOUTS = ("auto", "full", "bounded", "sections")
"""The layout strategies (option ``layout``)."""
FULL_LIMIT = 1_500
"""``layout=auto`` uses ``full`` up to this many drawn nodes (statements, arguments and
undercut points), ``bounded`` up to :data:`BOUNDED_LIMIT`, and ``sections`` above (when
the map has at least two top-level sections; ``bounded`` otherwise). ``sections`` is also
chosen for a smaller map whose one layout would be a sliver (:data:`_WRAP_MISS`)."""
BOUNDED_LIMIT = 8_000
DEFAULT_TIMEOUT = 120.0
"""Seconds ``dot`` may run by default (option ``timeout``)."""

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
                raise ValueError(f"tag:colour pairs, comma-separated (not {item!r})")
            pairs.append((tag.strip(), colour.strip()))
    else:
        try:
            return bool_option("tag_colors", value)
        except RenderError:
            raise ValueError("true, false or tag:colour pairs, comma-separated") from None
    for tag, colour in pairs:
        if not _COLOR.fullmatch(colour):
            raise ValueError(
                f"colours as #RRGGBB or a colour name ({colour!r} for tag {tag!r} is not one)"
            )
    return dict(pairs)


def _legend(value: Any) -> bool | str:
    if value is None or (isinstance(value, str) and value.strip().lower() == "auto"):
        return "auto"
    try:
        return bool_option("legend", value)
    except RenderError:
        raise ValueError("auto, true or false") from None


def _font_option(value: Any) -> str:
    if not isinstance(value, str) or not _FONT.fullmatch(value):
        raise ValueError("a font name (letters, digits, spaces, commas, dots, dashes)")
    return value


def _title(value: Any) -> bool | str:
    return title_option(value)


def _timeout(value: Any) -> float:
    if value is None:
        return 0.0
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError("0 (no limit) or more seconds") from None
    if isinstance(value, bool) or not seconds >= 0 or seconds == float("inf"):  # NaN too
        raise ValueError("0 (no limit) or more seconds")
    return seconds


@attrs.frozen
class GraphvizOptions:
    """The options of the ``dot``, ``svg``, ``png`` and ``pdf`` renderers."""

    direction: Literal["auto", "BT", "TB", "LR", "RL"] = option(
        "auto",
        help="layout direction: auto (BT, or RL when BT would be wider than a screen; "
        "see the module documentation), BT (conclusions on top), TB, LR or RL",
    )
    wrap: int = option(32, help="wrap text at this many characters (0: no wrapping)", min=0)
    show_evidence: bool = option(True, help="draw evidence statements")
    tags: tuple[str, ...] | None = option(None, help="only nodes carrying one of these tags")
    groups: tuple[str, ...] | None = option(
        None, help="only nodes in these groups or their sub-groups (ids or titles)"
    )
    root: str | None = option(
        None,
        help="only this node and what argues for or against it (see depth)",
        parse=node_id_option,
        allowed="the id of a statement or argument",
        type="text",
    )
    depth: int | None = option(
        None, help="with root: how many relation steps to follow (none: all)", min=0
    )
    title: bool | str = option(
        True,
        help="true/false: draw the map's title above the diagram; other text: draw that "
        "text instead",
        parse=_title,
        allowed="true, false or a title",
        type="bool/text",
    )
    theme: str = option(
        "default",
        help="default (colour-blind-safe colours) or mono/print (black and white)",
        choices=tuple(THEMES),
    )
    legend: bool | str = option(
        "auto",
        help="draw a legend: auto (when it helps), true or false",
        parse=_legend,
        allowed="auto, true or false",
        type="choice",
    )
    evaluation: Any = option(
        None,
        help="colour nodes by an evaluation: a semantics name (e.g. grounded, df-quad) "
        "or a computed evaluation",
        parse=evaluation_option,
        allowed="a semantics name or an evaluation",
        type="text",
    )
    tag_colors: Any = option(
        False,
        help="fill nodes by their first tag: true, or tag:colour pairs (comma-separated)",
        parse=_tag_colors,
        allowed="true, false or tag:colour pairs, comma-separated",
        type="bool/text",
    )
    clusters: bool = option(True, help="draw groups as (nested) boxes")
    font: str = option(
        "Helvetica,Arial,sans-serif",
        help="font name",
        parse=_font_option,
        allowed="a font name",
        type="text",
    )
    layout: str = option(
        "auto",
        help="layout strategy: auto (by map size), full, bounded or sections "
        "(see the module documentation)",
        choices=LAYOUTS,
    )
    wrap_ranks: bool = option(
        True,
        help="with layout=full: when the picture misses a page's shape, split its widest "
        "rows (ranks) of boxes in a section into several (see the module documentation)",
    )
    timeout: float = option(
        DEFAULT_TIMEOUT,
        help="seconds Graphviz may take to lay the map out (0: no limit)",
        parse=_timeout,
        allowed="0 (no limit) or more seconds",
        type="float",
    )


_Options = GraphvizOptions
OPTIONS: dict[str, str] = {spec.name: spec.help for spec in option_specs(GraphvizOptions)}


def _parse_options(options: Mapping[str, Any], renderer: str = "dot") -> GraphvizOptions:
    parsed: GraphvizOptions = parse_options(GraphvizOptions, options, plugin=f"{renderer} renderer")
    return parsed


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


def _tip(text: str) -> str:
    """A DOT string for a ``tooltip`` (an escString: backslashes doubled so that user
    text such as ``\\N`` stays text; line breaks as ``\\n``)."""
    return f'"{_tip_body(text)}"'


def _tip_body(text: str) -> str:
    """:func:`_tip` without the quotes."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text:
        text = text.replace("\n", "\\n")
    return text


_TIP_LIMIT = 400


def _flat(text: str | None) -> str:
    """``text`` cleaned, on one line, each run of white space one space."""
    return " ".join(clean(text).split()) if text else ""


def _short(node: Statement | Argument, flat_text: str | None = None) -> str:
    """What a reader calls ``node``: its title, else its text (one line, at most 80 chars).

    ``flat_text`` is ``_flat(node.text)`` when the caller has it."""
    if node.title:
        text = _flat(node.title)
    elif node.text:
        text = _flat(node.text) if flat_text is None else flat_text
    else:
        text = _flat(node.id)
    text = text or "(empty)"
    return text if len(text) <= 80 else text[:79] + "…"


def _tooltip(
    node: Statement | Argument, flat_text: str | None = None, short: str | None = None
) -> str:
    """The node's title and full text (what hovering over it shows), cleaned.

    ``flat_text`` is ``_flat(node.text)`` and ``short`` is ``_short(node)`` when the
    caller has them."""
    title = _flat(node.title)
    text = _flat(node.text) if flat_text is None else flat_text
    tip = f"{title}: {text}" if title and text and title != text else title or text
    if isinstance(node, Statement) and node.sources:
        heads = [s.title or s.url or s.author or "" for s in node.sources]
        heads = [" ".join(clean(h).split()) for h in heads if h]
        if heads:
            tip += "\n(" + "; ".join(heads) + ")"
    tip = tip or (_short(node) if short is None else short)
    return tip if len(tip) <= _TIP_LIMIT else tip[: _TIP_LIMIT - 1] + "…"


_VERBS = {
    "support": "supports",
    "attack": "attacks",
    "undercut": "undercuts",
    "contradiction": "contradicts",
    "premise": "is a premise of",
}

# legend glyphs (tail, head) by direction: an arrow drawn the way the diagram's point
_GLYPHS: dict[str, dict[str, tuple[str, str]]] = {
    d: {
        "support": ("", head),
        "attack": ("", tee),
        "undercut": ("", tee + "&#9675;" if d in ("LR", "TB") else "&#9675;" + tee),
        "contradiction": ("&#9671;", "&#9671;"),
        "premise": ("", vee),
    }
    for d, head, tee, vee in (
        ("BT", "&#9650;", "&#8868;", "&#708;"),  # ▲ ⊤ ˄
        ("TB", "&#9660;", "&#8869;", "&#709;"),  # ▼ ⊥ ˅
        ("LR", "&#9654;", "&#8867;", "&#8250;"),  # ▶ ⊣ ›
        ("RL", "&#9664;", "&#8866;", "&#8249;"),  # ◀ ⊢ ‹
    )
}

# Graphviz settings of each layout strategy (see the module documentation)
_BOUNDED = ["nslimit=4", "nslimit1=4", "mclimit=0.3", "searchsize=30"]
_STRATEGY_ATTRS: dict[str, list[str]] = {
    "full": [],
    "bounded": _BOUNDED,
    "sections": _BOUNDED,  # the DOT text of the whole map; SVG is drawn section by section
}


def _drawn_nodes(amap: ArgumentMap, points: Mapping[str, str] | None = None) -> int:
    """Statements, arguments and undercut points (``points``: :func:`_point_names`,
    when the caller has it)."""
    if points is None:
        points = _point_names(amap)
    return len(amap._statements) + len(amap._arguments) + len(points)


def _top_sections(amap: ArgumentMap) -> int:
    return sum(1 for g in amap.groups.values() if g.parent is None)


def _strategy(
    amap: ArgumentMap,
    opts: GraphvizOptions,
    direction: str,
    points: Mapping[str, str] | None = None,
    aspects: tuple[float, float] | None = None,
) -> tuple[str, str]:
    """The layout strategy and why it was chosen (for the DOT comment and the log);
    ``points`` (:func:`_point_names`) and ``aspects`` (:func:`_predicted_aspects` with
    ``opts.wrap``) when the caller has them."""
    if opts.layout != "auto":
        return opts.layout, "chosen by the layout option"
    n = _drawn_nodes(amap, points)
    name = "full" if n <= FULL_LIMIT else "bounded" if n <= BOUNDED_LIMIT else "sections"
    why = f"auto: {n:,} drawn nodes"
    if name != "sections" and n > 1 and _top_sections(amap) >= 2:
        bt, rl = aspects or _predicted_aspects(amap, wrap=opts.wrap)
        aspect = rl if direction in ("RL", "LR") else bt
        if _page_miss(aspect) > _WRAP_MISS:
            name = "sections"
            why += f", {_shape_words(aspect)} predicted for one layout"
    if name == "sections" and _top_sections(amap) < 2:
        name = "bounded"
    why += "; override with the layout option"
    log.debug("dot: layout strategy %s (%s)", name, why)
    return name, why


_PAGE = (0.7, 1.8)  # aspect ratios (width / height) between a portrait page and a screen
_WRAP_MISS = math.log(2.5)
"""``layout=auto`` draws a map with at least two top-level sections section by section
(``sections``) when one layout of it would miss the page-to-screen range :data:`_PAGE`
by more than 2.5 times (the generated 1,000-statement debate came out 723 × 141,991 pt
drawn as one)."""


def _page_miss(aspect: float) -> float:
    """How far (log of the factor) ``aspect`` (width / height) lies outside :data:`_PAGE`."""
    low, high = _PAGE
    return max(math.log(low / aspect), math.log(aspect / high), 0.0)


def _shape_words(aspect: float) -> str:
    return f"{aspect:.2g}:1" if aspect >= 1 else f"1:{1 / aspect:.2g}"


def _predicted_aspects(amap: ArgumentMap, *, wrap: int = 32) -> tuple[float, float]:
    """The width : height a BT and an RL layout of ``amap`` would have (estimated).

    The map is cut into layers by how far each node is from what it argues about (the
    ranks Graphviz will use): a BT layout is about as wide as the fullest layer and as
    tall as the number of layers; RL turns that on its side. Node sizes are typical ones
    for the ``wrap`` width. ``dot`` packs the ranks of maps with cycles tighter than
    this, so the real pictures of broad maps are more extreme still.
    """
    stmts, args = amap._statements, amap._arguments
    nodes = len(stmts) + len(args)
    if not nodes:
        return 1.0, 1.0
    ranks, breadth = _rank_sizes(amap, nodes)
    chars = (
        sum(map(len, filter(None, map(_TEXT_OF, stmts.values()))))
        + sum(map(len, filter(None, map(_TEXT_OF, args.values()))))
        + sum(map(len, filter(None, map(_TITLE_OF, stmts.values()))))
        + sum(map(len, filter(None, map(_TITLE_OF, args.values()))))
    ) / nodes
    width = min(chars, wrap or chars) * 5.8 + 24  # points, with margins
    lines = chars / wrap + 1 if wrap else 1
    height = lines * 13.5 + 18
    gap = 0.3 * 72  # nodesep
    rank_gap = 0.45 * 72
    bt = (breadth * (width + gap)) / (ranks * (height + rank_gap))
    rl = (ranks * (width + rank_gap)) / (breadth * (height + gap))
    return bt, rl


_TARGET_OF, _SOURCE_OF, _KIND_OF = attrgetter("target"), attrgetter("source"), attrgetter("kind")
_TEXT_OF, _TITLE_OF = attrgetter("text"), attrgetter("title")
_PREMISES_OF, _CONCLUSION_OF = attrgetter("premises"), attrgetter("conclusion")


def _rank_sizes(amap: ArgumentMap, nodes: int) -> tuple[int, int]:
    """How many layers :func:`_predicted_aspects` cuts ``amap`` into, and how many of
    its ``nodes`` nodes the fullest holds.

    A node's layer is the length of the shortest path from it, along the edges from what
    argues to what it argues about, to a node nothing leads away from (layer 0); nodes
    with no such path (only on cycles) are in layer 0 too. Found breadth first from the
    layer-0 nodes, on node numbers (ends that are not nodes get numbers after them)."""
    stmts, args, rels = amap._statements, amap._arguments, amap._relations
    vals = rels.values()
    heads = list(map(_TARGET_OF, vals))  # what each edge argues about
    if RelationKind.CONTRADICTION in map(_KIND_OF, vals) or not rels.keys().isdisjoint(heads):
        tails, heads = [], []
        for r in vals:
            if r.kind is RelationKind.CONTRADICTION:
                continue  # drawn without a rank constraint
            target = r.target
            if target in rels:  # an undercut of a link sits beside the link's target
                target = rels[target].target
            tails.append(r.source)
            heads.append(target)
    else:
        tails = list(map(_SOURCE_OF, vals))
    premises = list(map(_PREMISES_OF, args.values()))
    tails += itertools.chain.from_iterable(premises)
    heads += itertools.chain.from_iterable(map(itertools.repeat, args, map(len, premises)))
    conclusions = list(map(_CONCLUSION_OF, args.values()))
    if None in conclusions:
        concluded = [c is not None for c in conclusions]
        tails += itertools.compress(args, concluded)
        heads += itertools.compress(conclusions, concluded)
    else:
        tails += args
        heads += conclusions
    number = dict(zip(itertools.chain(stmts, args), itertools.count()))
    tail_at: list[Any] = list(map(number.get, tails))
    head_at: list[Any] = list(map(number.get, heads))
    if None in tail_at or None in head_at:  # ends that are not nodes: numbered after them
        for end in itertools.chain(tails, heads):
            number.setdefault(end, len(number))
        tail_at = list(map(number.__getitem__, tails))
        head_at = list(map(number.__getitem__, heads))
    size = len(number)
    # the tails of each head's edges, together: head h's are by_head[start[h]:start[h + 1]]
    start = [0] * (size + 1)
    for h in head_at:
        start[h + 1] += 1
    start = list(itertools.accumulate(start))
    free = start[:]
    by_head = [0] * len(head_at)
    for h, t in zip(head_at, tail_at, strict=True):
        by_head[free[h]] = t
        free[h] += 1
    leading = set(tail_at)
    frontier = list(itertools.filterfalse(leading.__contains__, range(nodes)))
    seen = bytearray(size)
    for h in frontier:
        seen[h] = 1
    counts = [len(frontier)]
    while frontier:
        nxt = []
        for h in frontier:
            for t in by_head[start[h] : start[h + 1]]:
                if not seen[t]:
                    seen[t] = 1
                    nxt.append(t)
        counts.append(len(nxt) if size == nodes else sum(1 for t in nxt if t < nodes))
        frontier = nxt
    counts[0] += nodes - sum(counts)  # nodes only on cycles: treat as top level
    return sum(1 for c in counts if c), max(counts)


def auto_direction(amap: ArgumentMap, *, wrap: int = 32) -> str:
    """The direction ``direction=auto`` picks for ``amap``: ``BT`` or ``RL``.

    With the shapes :func:`_predicted_aspects` estimates, BT is kept unless it would
    come out wider than a screen (16 : 9); then RL is chosen if its width : height comes
    closer to the range from a portrait page (1 : 1.4) to a screen.
    """
    return _direction(*_predicted_aspects(amap, wrap=wrap))


def _direction(bt: float, rl: float) -> str:
    """:func:`auto_direction` for the predicted aspects ``bt`` and ``rl``."""
    if bt <= _PAGE[1]:
        return "BT"
    return "RL" if _page_miss(rl) < _page_miss(bt) else "BT"


class _Builder:
    """Builds the DOT text of one (already selected) map."""

    def __init__(
        self,
        amap: ArgumentMap,
        opts: GraphvizOptions,
        *,
        links: Mapping[str, str] | None = None,
        external: frozenset[str] | set[str] = frozenset(),
        section_nodes: frozenset[str] | set[str] = frozenset(),
        element_ids: str | None = None,
        highlight: Highlight | None = None,
    ) -> None:
        self.amap = amap
        self.o = opts
        self.element_ids = element_ids
        """A prefix for stable DOM ids of the drawn elements (the interactive viewer)."""
        self.hl = highlight or Highlight()
        """Draws chosen elements differently (a map diff's changes); by default nothing."""
        self.links = links or {}
        """Node id → URL the node links to (``--split sections``)."""
        self.external = external
        """Nodes of another section, drawn dashed (``--split sections``)."""
        self.section_nodes = section_nodes
        """Overview nodes standing for a whole section."""
        self.theme = THEMES[opts.theme]
        self.names: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        """DOT node name → what a reader calls the node (its title, or its text)."""
        self.edge_titles: dict[tuple[str, str], str] = {}
        """(tail, head) DOT names → what the edge says, e.g. ``A supports B``."""
        self.keep_edge_titles = True
        """Whether :meth:`build` fills :attr:`edge_titles` (not needed for DOT text)."""
        shown = opts.title if isinstance(opts.title, str) else amap.title if opts.title else ""
        self.titles["argmap"] = " ".join(clean(shown or "").split()) or "argument map"
        names, titles = self.names, self.titles
        self._flats: list[str] = []
        """Each node's text, cleaned and on one line (``_flat``), in map order: the text
        itself (the same object) when it already is (``_node_lines``' fast path)."""
        flats = self._flats
        for i, node in enumerate(amap.nodes()):
            name = f"n{i}"
            names[node.id] = name
            text = node.text
            if not text:
                flat = ""
            elif text.isprintable() and "  " not in text and text[0] != " " != text[-1]:
                flat = text  # printable: no white space but " " (checked for all of Unicode)
            else:
                flat = " ".join(clean(text).split())
                if flat == text:
                    flat = text
            flats.append(flat)
            if flat and not node.title:  # _short, inline
                titles[name] = flat if len(flat) <= 80 else flat[:79] + "…"
            else:
                titles[name] = _short(node, flat)
        self.points = _point_names(amap)
        """Relation id → DOT name of the point on each link something undercuts."""
        self.direction: str = opts.direction
        aspects = None  # predicted once, for the direction and the strategy
        if self.direction == "auto":
            aspects = _predicted_aspects(amap, wrap=opts.wrap)
            self.direction = _direction(*aspects)
        self.strategy, self.why = _strategy(amap, opts, self.direction, self.points, aspects)
        self.ev: Any = opts.evaluation
        self.used: dict[str, None] = {}
        self.tag_fill = self._tag_fill()
        self.used_eval: dict[str, None] = {}
        self._pattern = _wrapper(max(opts.wrap, 1))
        self._wrapped: dict[str, str] = {}
        """One-line text → :meth:`_line` of it (texts repeat: scheme names, ids)."""

    # ---------------------------------------------------------------- labels
    def _lines(self, text: str) -> str:
        """Clean, wrapped and escaped text; lines joined by ``<BR/>``."""
        if "\n" in text:
            return html(wrap_text(text, self.o.wrap)).replace("\n", "<BR/>")
        return self._line(" ".join(text.split()))

    def _line(self, line: str) -> str:
        """:meth:`_lines` of clean text on one line, white space runs already one space."""
        done = self._wrapped.get(line)
        if done is None:
            done = self._wrapped[line] = self._wrap_line(line)
        return done

    def _wrap_line(self, line: str) -> str:
        """:meth:`_line`, not cached."""
        width = self.o.wrap
        escaped = html(line)
        if width <= 0 or len(line) <= width:
            done = escaped
        elif escaped is line:  # nothing to escape (the common case)
            done = "<BR/>".join(self._pattern.findall(line))
        else:
            done = html("\n".join(self._pattern.findall(line))).replace("\n", "<BR/>")
        return done

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

    def _label(self, node: Statement | Argument, flat: str) -> str:
        """The node's HTML-like label; ``flat`` is ``_flat(node.text)``."""
        raw = node.text
        if not raw:
            body = ""
        elif "\n" in raw or "\r" in raw:  # its own line breaks are kept
            body = self._lines(clean(raw))
        else:
            body = self._line(flat)
        if node.title:
            title = clean(node.title)
            if title.strip() and " ".join(title.split()) != flat:
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

    def _node_lines(self) -> dict[str, str]:
        """Node id → the node's DOT statement (indented by two spaces), in map order."""
        theme, used, ev, hl = self.theme, self.used, self.ev, self.hl
        names, titles, tag_fill = self.names, self.titles, self.tag_fill
        section_nodes, external, links = self.section_nodes, self.external, self.links
        hl_node = None if type(hl).node is Highlight.node else hl.node
        kinds = {"claim": theme.claim, "evidence": theme.evidence, "argument": theme.argument}
        section = f"shape=box, {theme.cluster}, penwidth=2"
        label, wrap_line, wrapped = self._label, self._wrap_line, self._wrapped
        plain = ev is None and type(hl).label is Highlight.label
        lines: dict[str, str] = {}
        for node, flat in zip(self.amap.nodes(), self._flats, strict=True):
            nid = node.id
            if isinstance(node, Argument):
                kind = "argument"
                sourced = False
            else:
                kind = "evidence" if node.kind is _EVIDENCE else "claim"
                sourced = bool(node.sources)
            if section_nodes and nid in section_nodes:
                attrs_ = section
                kind = "section"
                used["group"] = None
            else:
                attrs_ = kinds[kind]
                used[kind] = None
            extra = ""
            if tag_fill:
                for tag in node.tags:
                    if tag in tag_fill:
                        extra += f', fillcolor="{tag_fill[tag]}"'
                        used["tag:" + tag] = None
                        break
            if ev is not None:
                status = ev.status(nid)
                if status in BADGES:
                    extra += f', color="{theme.badge[status]}", penwidth=2.5'
                    if status != "accepted":  # the border's line tells the status in B/W too
                        base = _attrs(attrs_).get("style", "")
                        line = _EVAL_BORDER[status]
                        extra += f', style="{base},{line}"' if base else f", style={line}"
                    if status == "rejected":
                        extra += ', fontcolor="#666666"'
            name = names[nid]
            if external and nid in external:
                extra += ', style="rounded,filled,dashed", color="#888888", fontcolor="#444444"'
            if links and nid in links:
                extra += f", URL={_q(links[nid])}, target=_top"
            if hl_node is not None:
                extra += hl_node(nid, attrs_ + extra)
            if (
                flat  # not empty ("" is node.text for an empty text too)
                and flat is node.text  # clean text on one line (see __init__)
                and plain
                and not node.title
                and not sourced
            ):  # the common case: _label and _tooltip, inline
                body = wrapped.get(flat)
                if body is None:
                    body = wrapped[flat] = wrap_line(flat)
                tip = flat if len(flat) <= _TIP_LIMIT else flat[: _TIP_LIMIT - 1] + "…"
                if "\\" in tip or '"' in tip:
                    tip = _tip_body(tip)
                lines[nid] = (
                    f'  {name} [label=<{body}>, {attrs_}{extra}, tooltip="{tip}", class="{kind}"]'
                )
                continue
            tip = _tip(_tooltip(node, flat, titles[name]))
            lines[nid] = (
                f"  {name} [label={label(node, flat)}, {attrs_}{extra}, tooltip={tip}, "
                f'class="{kind}"]'
            )
        return lines

    # ---------------------------------------------------------------- structure
    def build(self) -> str:
        amap, o = self.amap, self.o
        node_lines = self._node_lines()
        clustered = o.clusters and bool(amap.groups)
        edges: list[str] = []
        self._edges(edges)
        legend = None if o.legend == "auto" else o.legend
        if legend is None:
            legend = (
                len(self.used) + len(self.used_eval) + (1 if clustered else 0) >= 3
                or bool(self.used_eval)
                or any(k.startswith("tag:") for k in self.used)
            )
        out: list[str] = ["digraph argmap {"]
        out.append(f"  // layout: {self.strategy} ({self.why}); direction: {self.direction}")
        graph = [f"rankdir={self.direction}", f"fontname={_q(o.font)}"]
        graph += _STRATEGY_ATTRS[self.strategy]
        if self.strategy == "full" and not clustered:
            graph.append("newrank=true")
        graph += ["nodesep=0.3", "ranksep=0.45", 'bgcolor="white"']
        graph.append(f'comment="argmap layout={self.strategy} direction={self.direction}"')
        heading = o.title if isinstance(o.title, str) else amap.title
        title = ""
        if o.title and heading and clean(heading).strip():
            title = "<BR/>".join(html(x) for x in wrap(clean(heading), max(o.wrap * 2, 0)))
        cells: list[str] = []
        if title:
            cells.append(f"<TR><TD><B>{title}</B></TD></TR>")
        if clustered:
            self.used["group"] = None
        if (legend and self.used) or self.hl.legend():
            cells.append(f"<TR><TD>{self._legend()}</TD></TR>")
        if len(cells) == 1 and title:
            graph += [f"label=<<B>{title}</B>>", "labelloc=t", "fontsize=16"]
        elif cells:
            # title and legend above the diagram, never among its nodes
            graph += [
                f'label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4">{"".join(cells)}'
                "</TABLE>>",
                "labelloc=t",
                "fontsize=16",
            ]
        out.append(f"  graph [{', '.join(graph)}]")
        out.append(f'  node [fontname={_q(o.font)}, fontsize=11, margin="0.15,0.1", penwidth=1.3]')
        out.append(f"  edge [fontname={_q(o.font)}, penwidth=1.5, arrowsize=0.9]")
        if self.element_ids is not None:
            out.extend(_element_id_defaults(self.element_ids))
        if clustered:
            self._clusters(out, node_lines)
        out.extend(node_lines.values())
        out.extend(edges)
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
        for gid, name in gnames.items():
            title = " ".join(clean(groups[gid].title or "").split())
            self.titles[name] = f"section: {title}" if title else "section"
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
                f"fontsize=12, labeljust=l, labelloc={'b' if self.direction == 'BT' else 't'}, "
                'class="group"]'
            )
            for nid in members.get(gid, ()):
                out.append(indent + node_lines.pop(nid))  # the line has two spaces
            for child in children.get(gid, ()):
                if child not in seen:
                    emit(child, indent + "  ", seen | {gid})
            out.append(f"{indent}}}")

        for gid in children.get(None, ()):
            emit(gid, "  ", frozenset())

    def _edges(self, out: list[str]) -> None:
        amap = self.amap
        names = self.names
        rels = amap._relations  # the dicts behind amap.relations/arguments: faster to iterate
        args = amap._arguments
        points = self.points
        theme_edges = self.theme.edges
        used, titles, edge_titles = self.used, self.titles, self.edge_titles
        keep = self.keep_edge_titles
        everything = "".join(titles.values())  # node titles are on one line: no "\n"
        plain = '"' not in everything and "\\" not in everything  # tooltips: no escaping
        hl = self.hl
        hl_edge = None if type(hl).edge is Highlight.edge else hl.edge
        counted = bool(self.section_nodes)  # the overview: relations counted
        edges: list[str] = []  # after the undercut points
        if args:
            explicit = {
                (r.source, r.target)
                for r in rels.values()
                if r.kind is _SUPPORT and r.source in args
            }
            premise, conclusion = theme_edges["premise"], theme_edges["conclusion"]
            for arg in args.values():
                a = names[arg.id]
                for p in arg.premises:
                    if p in names:
                        tail = names[p]
                        tip = f"{titles[tail]} is a premise of {titles[a]}"
                        spec = premise
                        if hl_edge is not None:
                            spec += hl_edge(f"premise:{p}:{arg.id}", spec)
                        quoted = f'"{tip}"' if plain else _tip(tip)
                        edges.append(f"  {tail} -> {a} [{spec}, tooltip={quoted}]")
                        if keep:
                            edge_titles.setdefault((tail, a), tip)
                        used["premise"] = None
                if arg.conclusion in names and (arg.id, arg.conclusion) not in explicit:
                    c = names[arg.conclusion]
                    tip = f"{titles[a]} supports {titles[c]}"
                    spec = conclusion
                    if hl_edge is not None:
                        spec += hl_edge(f"conclusion:{arg.id}", spec)
                    quoted = f'"{tip}"' if plain else _tip(tip)
                    edges.append(f"  {a} -> {c} [{spec}, tooltip={quoted}]")
                    if keep:
                        edge_titles.setdefault((a, c), tip)
                    used["support"] = None
        kinds = {k: (k.value, theme_edges[k.value], _VERBS[k.value]) for k in RelationKind}
        fast = plain and not keep and not counted
        for r in rels.values():
            src = names.get(r.source)
            tgt = names.get(r.target) or points.get(r.target)
            if src is None or tgt is None:
                log.warning("dot: skipping relation %r: an end is not in the map", r.id)
                continue
            kind, spec, verb = kinds[r.kind]
            used[kind] = None
            hl_attrs = "" if hl_edge is None else hl_edge(r.id, spec)
            point = points.get(r.id) if points else None
            if fast and not point:  # the tooltip needs no escaping, and no edge title is kept
                edges.append(
                    f"  {src} -> {tgt} [{spec}{hl_attrs}, "
                    f'tooltip="{titles[src]} {verb} {titles.get(tgt, "")}"]'
                )
                continue
            tip = f"{titles[src]} {verb} {titles.get(tgt, '')}"
            if point:
                # the first half of the undercut link: same line, no arrowheads
                titles[point] = f"the link: {tip}"
                pattrs = re.sub(r"(?:arrowhead|arrowtail|dir)=\w+, ", "", spec)
                out.append(
                    f"  {point} [shape=point, width=0.1, {self.theme.link_point}, "
                    f'tooltip={_tip(titles[point])}, class="link"]'
                )
                quoted = _tip(tip)
                edges.append(f"  {src} -> {point} [{pattrs}, dir=none{hl_attrs}, tooltip={quoted}]")
                if keep:
                    edge_titles.setdefault((src, point), tip)
                edges.append(f"  {point} -> {tgt} [{spec}{hl_attrs}, tooltip={quoted}]")
                if keep:
                    edge_titles.setdefault((point, tgt), tip)
                continue
            if counted:
                n = r.meta.get("argmap_count")
                if isinstance(n, int) and n > 1:
                    spec += f', label="{n}", fontsize=10, fontcolor={_q(_attrs(spec)["color"])}'
                    tip = f"{n} {verb}: {tip}"
            edges.append(f"  {src} -> {tgt} [{spec}{hl_attrs}, tooltip={_tip(tip)}]")
            if keep:
                edge_titles.setdefault((src, tgt), tip)
        out.extend(edges)

    def _legend(self) -> str:
        """The legend: one HTML-like table listing what the diagram uses, its arrows
        pointing the way the diagram's do."""
        t = self.theme
        entries: list[tuple[str, str]] = []

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
                entries.append(
                    (
                        box(a["fillcolor"], a["color"], kind, "rounded" if kind == "claim" else ""),
                        words[kind],
                    )
                )
        if "group" in self.used:
            a = _attrs(t.cluster)
            entries.append(
                (box(a.get("fillcolor", "#FFFFFF"), a["color"], "section", "rounded"), "group")
            )
        for tag, colour in self.tag_fill.items():
            if "tag:" + tag in self.used:
                entries.append((box(colour, "#999999", "#" + html(clean(tag)), "rounded"), "tag"))
        glyphs = _GLYPHS[self.direction]
        vertical = self.direction in ("BT", "TB")
        for kind in ("support", "attack", "undercut", "contradiction", "premise"):
            if kind not in self.used:
                continue
            a = _attrs(t.edges[kind])
            colour = a["color"]
            style = a["style"]
            border = "3" if style == "bold" else "2" if style != "solid" else "1"
            dash = f' STYLE="{style}"' if style in ("dashed", "dotted") else ""
            tail, head = glyphs[kind]
            # the sample is drawn from its source (tail) to its target (head)
            first, last = (head, tail) if self.direction in ("BT", "RL") else (tail, head)
            if vertical:
                line = (
                    '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
                    f'<TR><TD COLSPAN="2">{_font(colour, first)}</TD></TR>'
                    f'<TR><TD SIDES="R" BORDER="{border}" COLOR="{colour}"{dash} WIDTH="6" '
                    'HEIGHT="18"></TD><TD WIDTH="6"></TD></TR>'
                    f'<TR><TD COLSPAN="2">{_font(colour, last)}</TD></TR></TABLE>'
                )
            else:
                line = (  # the line is the border between two rows: level with the glyphs
                    '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
                    f'<TD ROWSPAN="2">{_font(colour, first)}</TD>'
                    f'<TD SIDES="B" BORDER="{border}" COLOR="{colour}"{dash} WIDTH="36" HEIGHT="6">'
                    f'</TD><TD ROWSPAN="2">{_font(colour, last)}</TD></TR>'
                    '<TR><TD WIDTH="36" HEIGHT="6"></TD></TR></TABLE>'
                )
            entries.append((line, _LEGEND_WORDS[kind]))
        for status in ("accepted", "rejected", "undecided"):
            if status in self.used_eval:
                colour = t.badge[status]
                entries.append(
                    (
                        f'<FONT COLOR="{colour}"><B>{BADGES[status]}</B></FONT>',
                        f"{status} ({_EVAL_BORDER[status]} border)",
                    )
                )
        if "strength" in self.used_eval:
            sem = html(clean(str(getattr(self.ev, "semantics", "") or "")))
            bar = (
                '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
                f'<TD WIDTH="30" HEIGHT="6" BGCOLOR="{t.bar}"></TD>'
                f'<TD WIDTH="20" HEIGHT="6" BGCOLOR="{t.bar_back}"></TD></TR></TABLE>'
            )
            entries.append((bar, f"strength{f' ({sem})' if sem else ''}, 0–100%"))
        entries += self.hl.legend()
        footer = ""
        if self.ev is not None and "strength" not in self.used_eval:
            sem = html(clean(str(getattr(self.ev, "semantics", "") or "")))
            if sem:
                footer = f"<I>semantics: {sem}</I>"
        per_row = 4
        rows: list[str] = []
        for i in range(0, len(entries), per_row):
            cells = "".join(
                f'<TD>{sample}</TD><TD ALIGN="LEFT">{words_}</TD><TD WIDTH="8"></TD>'
                for sample, words_ in entries[i : i + per_row]
            )
            rows.append(f"<TR>{cells}</TR>")
        span = 3 * min(per_row, max(len(entries), 1))
        head_row = f'<TR><TD COLSPAN="{span}" ALIGN="LEFT"><B>Legend</B></TD></TR>'
        if footer:
            rows.append(f'<TR><TD COLSPAN="{span}" ALIGN="LEFT">{footer}</TD></TR>')
        return (
            '<FONT POINT-SIZE="9"><TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" '
            'CELLPADDING="2" STYLE="rounded" COLOR="#999999" BGCOLOR="#FFFFFF">'
            + head_row
            + "".join(rows)
            + "</TABLE></FONT>"
        )


_EVAL_BORDER = {"accepted": "solid", "rejected": "dashed", "undecided": "dotted"}
_ATTR = re.compile(r'(\w+)=("[^"]*"|[^,\s]+)')


def _font(colour: str, text: str) -> str:
    return f'<FONT COLOR="{colour}">{text}</FONT>' if text else " "


def _attrs(spec: str) -> dict[str, str]:
    """Our own attribute strings (``_style``) as a dict, quotes removed."""
    return {k: v.strip('"') for k, v in _ATTR.findall(spec)}


# Hook for the interactive viewer (argmap.renderers.viewer), kept apart from the layout:
# with ``element_ids=PREFIX`` every SVG element Graphviz draws gets a stable DOM id made
# from its DOT name -- ``PREFIX`` + node name (``n0``, ``r0``), + ``TAIL~HEAD`` for an
# edge, + cluster name (``cluster_g0``) -- so a script can find each statement's shape
# without reading ``<title>``s. Graphviz expands ``\N``, ``\T``, ``\H`` and ``\G``.
def _point_names(amap: ArgumentMap) -> dict[str, str]:
    """Relation id → DOT name (``r0``, ``r1`` … in relation order) of each link that
    something undercuts: the point on the link the undercut's arrow ends at."""
    rels = amap._relations
    if rels.keys().isdisjoint(map(_TARGET_OF, rels.values())):
        return {}
    undercut = set(map(_TARGET_OF, rels.values()))
    return {rid: f"r{i}" for i, rid in enumerate(rid for rid in rels if rid in undercut)}


def _element_id_defaults(prefix: str) -> list[str]:
    if not re.fullmatch(r"[A-Za-z][\w-]*", prefix):
        raise RenderError(f"element id prefix must be a name, got {prefix!r}")
    return [
        f'  graph [id="{prefix}\\G"]',
        f'  node [id="{prefix}\\N"]',
        f'  edge [id="{prefix}\\T~\\H"]',
    ]


def _prepare(amap: ArgumentMap, opts: GraphvizOptions, **hooks: Any) -> _Builder:
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
    return _Builder(amap, opts, **hooks)


def to_dot(amap: ArgumentMap, /, *, highlight: Highlight | None = None, **options: Any) -> str:
    """The DOT source of ``amap`` (see :class:`GraphvizOptions`); ``highlight`` draws
    chosen elements differently (see :class:`Highlight`)."""
    if highlight is not None:
        builder = _prepare(amap, _parse_options(options), highlight=highlight)
        builder.keep_edge_titles = False  # the text is all that is wanted
        return builder.build()
    return _to_dot(amap, _parse_options(options))


def _to_dot(amap: ArgumentMap, opts: GraphvizOptions) -> str:
    builder = _prepare(amap, opts)
    builder.keep_edge_titles = False  # the text is all that is wanted
    return builder.build()


def _map_name(amap: ArgumentMap) -> str:
    if amap.source_path:
        return str(amap.source_path)
    if amap.title and clean(amap.title).strip():
        return repr(" ".join(clean(amap.title).split()))
    return "an untitled map"


def run_dot(
    source: str, fmt: str, *, timeout: float | None = None, name: str | None = None
) -> bytes:
    """Run Graphviz ``dot`` on ``source`` and return its ``fmt`` output.

    ``timeout`` is how many seconds ``dot`` may run (``None`` or 0: no limit); ``name``
    names the map in error messages. Raises :class:`~argmap.GraphvizNotFoundError`
    (with how to install Graphviz) when ``dot`` is not installed and
    :class:`~argmap.RenderError` when it fails (with ``dot``'s own message) or runs out
    of time (naming the map and the options that make the layout cheaper).
    """
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizNotFoundError(INSTALL_HINT)
    try:
        proc = subprocess.run(
            [exe, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout or None,
            check=False,
        )
    except subprocess.TimeoutExpired:  # subprocess.run has killed dot by now
        what = name or "the map"
        raise RenderError(
            f"Graphviz dot did not finish laying out {what} within {timeout:g} s; make the "
            "layout cheaper with -O layout=bounded or -O layout=sections, "
            "draw a part of the map (-O groups=..., -O root=... -O depth=...), split it "
            "(argmap render --split sections), or allow more time with -O timeout=SECONDS "
            "(0 = no limit)"
        ) from None
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz dot: {exc}") from exc
    if proc.returncode != 0:
        message = " ".join(proc.stderr.decode("utf-8", "replace").split())
        raise RenderError(f"Graphviz dot failed: {message or f'exit status {proc.returncode}'}")
    return proc.stdout


_SVG_TITLE = re.compile(r"<title>([^<]*)</title>")


def _svg_titles(svg: str, builder: _Builder) -> str:
    """``svg`` with each node's and edge's ``<title>`` (what a browser shows on hover,
    and a screen reader reads) saying what the element is, not its DOT name."""
    titles, edge_titles = builder.titles, builder.edge_titles

    def fix(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in titles:
            return f"<title>{html(titles[name])}</title>"
        tail, sep, head = name.partition("&#45;&gt;")
        # an edge with ports is called "n3:e->n0:nw"
        tail, head = tail.partition(":")[0], head.partition(":")[0]
        if sep and (tail, head) in edge_titles:
            return f"<title>{html(edge_titles[tail, head])}</title>"
        return match.group()

    return _SVG_TITLE.sub(fix, svg)


def _draw_map(amap: ArgumentMap, fmt: str, options: GraphvizOptions, **hooks: Any) -> bytes | str:
    """``amap`` drawn as ``fmt`` (``dot`` gives the DOT text); ``hooks`` go to the
    builder (links, external and section nodes of ``--split sections``)."""
    builder = _prepare(amap, options, **hooks)
    if fmt == "dot":
        return builder.build()
    if builder.strategy == "sections":
        if fmt == "svg":
            return _compose(builder)
        if options.layout == "auto":  # chosen for the shape: one layout is the fallback
            n = _drawn_nodes(builder.amap, builder.points)
            builder.strategy = "full" if n <= FULL_LIMIT else "bounded"
            log.debug("dot: layout=sections draws SVG only; %s uses %s", fmt, builder.strategy)
        else:
            log.warning("dot: layout=sections draws SVG only; %s uses layout=bounded", fmt)
            builder.strategy = "bounded"
    source = builder.build()
    name, timeout = _map_name(amap), builder.o.timeout
    ported = source
    if builder.strategy == "full" and source.count(" -> ") >= 2:
        plain = run_dot(source, "plain", timeout=timeout, name=name).decode("utf-8", "replace")
        source, plain = _shorter_between_sections(builder, source, plain, timeout, name)
        aspect = _plain_aspect(plain)
        if (
            fmt == "svg"
            and options.layout == "auto"
            and _top_sections(builder.amap) >= 2
            and _page_miss(aspect) > _WRAP_MISS
        ):  # the prediction was too kind: this picture cannot be read at a page's size
            log.debug("dot: a %s layout; drawn section by section", _shape_words(aspect))
            return _compose(builder)
        if options.wrap_ranks and _page_miss(aspect) > 0:
            source, plain = _wrap_ranks(builder, source, plain, timeout, name)
        ported = _add_ports(source, plain)
        if _LABELS.search(ported):
            tries = _label_tries(_drawn_nodes(builder.amap, builder.points))
            ported = _clear_labels(ported, timeout, name, tries)
    try:
        ported, data = _routed(ported, fmt, timeout, name)
    except RenderError as exc:
        if ported is source or "did not finish" in str(exc):
            raise
        # dot's edge router can fail on a port it chose itself ("triangulation failed")
        log.debug("dot: drawing without arrowhead ports: %s", exc)
        data = run_dot(source, fmt, timeout=timeout, name=name)
    if fmt != "svg":
        return data
    return _svg_titles(data.decode("utf-8"), builder)


# ---------------------------------------------------------------------- arrowheads
_EDGE_LINE = re.compile(r"^  (\w+) -> (\w+) \[(.*)\]$", re.M)
_CLOSE = 9.0  # points: arrow ends nearer than this at one node cannot be told apart
_COMPASS = {  # compass point: offset from the node's centre in half widths / heights
    "n": (0, 1),
    "ne": (1, 1),
    "e": (1, 0),
    "se": (1, -1),
    "s": (0, -1),
    "sw": (-1, -1),
    "w": (-1, 0),
    "nw": (-1, 1),
}


def _arrow_ends(
    source: str, plain: str
) -> tuple[dict[str, tuple[float, ...]], list[tuple[str, str, str, float, float]]]:
    """Nodes (name -> x, y, w, h in points) and arrow ends (node, tail, head, x, y) of a
    ``dot -Tplain`` layout: where each edge's arrowheads meet their node."""
    heads: dict[tuple[str, str], tuple[bool, bool]] = {}
    for m in _EDGE_LINE.finditer(source):
        spec = m.group(3)
        pointed = "dir=none" not in spec and "arrowhead=none" not in spec and "invis" not in spec
        heads[m.group(1), m.group(2)] = (pointed, "dir=both" in spec)
    nodes: dict[str, tuple[float, ...]] = {}
    ends: list[tuple[str, str, str, float, float]] = []
    for line in plain.splitlines():
        parts = line.split()
        if parts[:1] == ["node"] and len(parts) >= 6:
            nodes[parts[1]] = tuple(float(v) * 72 for v in parts[2:6])
        elif parts[:1] == ["edge"] and len(parts) >= 4:
            tail, head, n = parts[1], parts[2], int(parts[3])
            pts = [float(v) * 72 for v in parts[4 : 4 + 2 * n]]
            has_head, has_tail = heads.get((tail, head), (False, False))
            if has_head and len(pts) >= 2:
                ends.append((head, tail, head, pts[-2], pts[-1]))
            if has_tail and len(pts) >= 2:
                ends.append((tail, tail, head, pts[0], pts[1]))
    return nodes, ends


def _compose(builder: _Builder) -> str:
    from ._sections import compose_svg

    return compose_svg(builder.amap, builder.o, builder.o.timeout, element_ids=builder.element_ids)


def _plain_aspect(plain: str) -> float:
    """Width / height of a ``dot -Tplain`` layout (1 if it says nothing)."""
    w, h = _plain_size(plain)
    return w / h if w > 0 and h > 0 else 1.0


_LOST = re.compile(r"lost (\w+) (\w+) edge")
_PORT = re.compile(r", (?:head|tail)port=\w+")


def _routed(source: str, fmt: str, timeout: float, name: str) -> tuple[str, bytes]:
    """``dot -T<fmt>`` of ``source`` with arrowhead ports, and the source it took.

    Graphviz 2.43's edge router fails on some ports it is given ("triangulation
    failed ... lost n4 n130 edge"): the ports of the edges it names are taken off and
    the layout run again (at most three times); raises :class:`RenderError` if it still
    fails. (Before, one such edge cost the whole map its ports, and the section titles
    their check: the generated 100-statement debate lost 15 of its edges' ports.)"""
    for _ in range(3):
        try:
            return source, run_dot(source, fmt, timeout=timeout, name=name)
        except RenderError as exc:
            lost = set(_LOST.findall(str(exc)))
            if not lost or "did not finish" in str(exc):
                raise

            fixed = _EDGE_LINE.sub(
                lambda m, lost=lost: (  # type: ignore[misc]
                    _PORT.sub("", m.group()) if (m.group(1), m.group(2)) in lost else m.group()
                ),
                source,
            )
            if fixed == source:
                raise
            log.debug("dot: %d edges drawn without ports (dot could not route them)", len(lost))
            source = fixed
    return source, run_dot(source, fmt, timeout=timeout, name=name)


def _spread_arrowheads(source: str, timeout: float, name: str) -> str:
    """``source`` with compass ports on the edges whose arrowheads would meet one node
    at (nearly) one point, so that each arrowhead sits at a point of its own.

    A first ``dot -Tplain`` layout shows where the arrowheads land (see
    :func:`_add_ports`)."""
    if source.count(" -> ") < 2:
        return source
    plain = run_dot(source, "plain", timeout=timeout, name=name).decode("utf-8", "replace")
    return _add_ports(source, plain)


def _add_ports(source: str, plain: str) -> str:
    """``source`` with ports from its first layout ``plain``: at a node where two arrow
    ends come closer than :data:`_CLOSE`, every arrow end there is given the nearest free
    compass point of the node's box (ports work inside clusters, unlike ``samehead``)."""
    nodes, ends = _arrow_ends(source, plain)
    at: dict[str, list[tuple[str, str, str, float, float]]] = {}
    for end in ends:
        at.setdefault(end[0], []).append(end)
    ports: dict[tuple[str, str], list[str]] = {}  # (tail, head) -> attributes to add
    for node, here in at.items():
        if len(here) < 2 or node not in nodes:
            continue
        if all(
            math.dist(a[3:], b[3:]) >= _CLOSE for i, a in enumerate(here) for b in here[i + 1 :]
        ):
            continue
        x, y, w, h = nodes[node]
        free = dict(_COMPASS)
        order = sorted(here, key=lambda e: math.atan2(e[4] - y, e[3] - x))
        for _, tail, head, ex, ey in order[: len(_COMPASS)]:
            best = min(
                free,
                key=lambda c: math.dist((ex, ey), (x + free[c][0] * w / 2, y + free[c][1] * h / 2)),
            )
            del free[best]
            side = "headport" if head == node else "tailport"
            ports.setdefault((tail, head), []).append(f"{side}={best}")
    if not ports:
        return source

    def add(m: re.Match[str]) -> str:
        extra = ports.get((m.group(1), m.group(2)))
        if not extra:
            return m.group()
        return f"  {m.group(1)} -> {m.group(2)} [{m.group(3)}, {', '.join(extra)}]"

    return _EDGE_LINE.sub(add, source)


# ---------------------------------------------------------------------- between sections
_SECTION_NODES = 400
""":func:`_shorter_between_sections` tries its layout on maps of up to this many drawn
nodes."""
_SECTION_GAIN = 0.9
""":func:`_shorter_between_sections` keeps a layout whose :func:`_edge_stretch` is at
most this share of the first one's ..."""
_SECTION_SHAPE = math.log(1.15)
"""... whose shape misses the page (:data:`_PAGE`) by at most 1.15 times more ..."""
_SECTION_SIZE = 1.1
"""... and which needs a page at most 1.1 times bigger (:func:`_page_size`)."""


def _edge_stretch(plain: str) -> float:
    """The sum of the squared lengths (points², along each spline's control points) of
    the edges of a ``dot -Tplain`` layout: small when no edge is long."""
    total = 0.0
    for line in plain.splitlines():
        if line.startswith("edge "):
            parts = line.split()
            try:
                pts = [float(v) * 72 for v in parts[4 : 4 + 2 * int(parts[3])]]
            except (IndexError, ValueError):
                continue
            length = sum(
                math.dist(pts[i : i + 2], pts[i + 2 : i + 4]) for i in range(0, len(pts) - 3, 2)
            )
            total += length * length
    return total


def _section_homes(builder: _Builder) -> dict[str, str]:
    """DOT node name -> the top-level group it is drawn in (an undercut's point: its
    link's source's)."""
    from ._sections import _top

    amap = builder.amap
    top = _top(amap)
    home = {builder.names[n.id]: top[n.group] for n in amap.nodes() if n.group in top}
    rels = amap._relations
    for rid, point in builder.points.items():
        src = builder.names.get(rels[rid].source, "")
        if src in home:
            home[point] = home[src]
    return home


def _cross_minlen(source: str, home: dict[str, str]) -> str | None:
    """``source`` with ``minlen=2`` on each edge between two top-level sections (``None``
    if there is none): the sections then need not share ranks with the ones they argue
    about, and can stand beside them instead of above and below."""
    changed = False

    def lengthen(m: re.Match[str]) -> str:
        nonlocal changed
        a, b = home.get(m.group(1)), home.get(m.group(2))
        if a is None or b is None or a == b or "constraint=false" in m.group(3):
            return m.group()
        changed = True
        return f"  {m.group(1)} -> {m.group(2)} [{m.group(3)}, minlen=2]"

    out = _EDGE_LINE.sub(lengthen, source)
    return out if changed else None


def _page_size(plain: str) -> float:
    """How big (points) a portrait page (:data:`_PAGE`) must be to hold the layout
    ``plain`` at full size: its height, or its width over the page's width : height."""
    w, h = _plain_size(plain)
    return max(w / _PAGE[0], h)


def _shorter_between_sections(
    builder: _Builder, source: str, plain: str, timeout: float, name: str
) -> tuple[str, str]:
    """``source`` and its ``dot -Tplain`` layout ``plain``, or, if that draws the edges
    shorter, above all the longest ones (:func:`_edge_stretch` at most
    :data:`_SECTION_GAIN` of before), the same with the edges between top-level
    sections a rank longer (:func:`_cross_minlen`), when its shape is no further from a
    page (:data:`_SECTION_SHAPE`) and a page holds it at no more than :data:`_SECTION_SIZE`
    times smaller.

    ``dot`` stacks the sections of a picture wherever they share ranks, and orders them
    to cross few edges, not to keep edges short: in the seed map every section argues
    with the main positions, stacked among them, and relations ran 1,787 pt across the
    stack. A rank more lets the main positions stand beside the stack (there: longest
    edge between sections 1,217 pt). Whether it helps depends on the map, hence the
    measuring (one more ``dot -Tplain`` layout); maps with fewer than two top-level
    sections, or above :data:`_SECTION_NODES` drawn nodes, are left as they are, at no
    cost."""
    if (
        not builder.o.clusters
        or _drawn_nodes(builder.amap, builder.points) > _SECTION_NODES
        or _top_sections(builder.amap) < 2
    ):
        return source, plain
    trial = _cross_minlen(source, _section_homes(builder))
    if trial is None:
        return source, plain
    try:
        laid = run_dot(trial, "plain", timeout=timeout, name=name).decode("utf-8", "replace")
    except RenderError as exc:
        if "did not finish" in str(exc):
            raise
        return source, plain
    before, after = _edge_stretch(plain), _edge_stretch(laid)
    log.debug("dot: edges between sections a rank longer: stretch %.3g (was %.3g)", after, before)
    if (
        after <= before * _SECTION_GAIN
        and _page_miss(_plain_aspect(laid)) <= _page_miss(_plain_aspect(plain)) + _SECTION_SHAPE
        and _page_size(laid) <= _page_size(plain) * _SECTION_SIZE
    ):
        return trial, laid
    return source, plain


# ---------------------------------------------------------------------- wide ranks
_MIN_CHUNK = 4
"""Wrapping a rank never leaves fewer than this many boxes in one of its parts."""
_WRAP_TRIES = 3
"""How many wrapped layouts :func:`_wrap_ranks` may try (one on maps above
:data:`_LABEL_LIMIT` drawn nodes)."""


def _plain_nodes(plain: str) -> dict[str, tuple[float, ...]]:
    """Node name -> centre x, y and width, height (points) in a ``dot -Tplain`` layout."""
    nodes: dict[str, tuple[float, ...]] = {}
    for line in plain.splitlines():
        if line.startswith("node "):
            parts = line.split(None, 6)
            nodes[parts[1]] = tuple(float(v) * 72 for v in parts[2:6])
    return nodes


def _plain_size(plain: str) -> tuple[float, float]:
    """Width, height (points) of a ``dot -Tplain`` layout (0, 0 if it says nothing)."""
    head = plain.split("\n", 1)[0].split()
    if len(head) >= 4 and head[0] == "graph":
        try:
            return float(head[2]) * 72, float(head[3]) * 72
        except ValueError:
            pass
    return 0.0, 0.0


def _too_broad(direction: str, aspect: float) -> bool:
    """Whether a layout of width : height ``aspect`` is broader across its ranks than
    the page-to-screen range (:data:`_PAGE`): too tall for ``RL``/``LR``, too wide for
    ``BT``/``TB``."""
    return aspect < _PAGE[0] if direction in ("RL", "LR") else aspect > _PAGE[1]


def _first_cut(aspect: float) -> float:
    """The first :func:`_rank_cutter` ``parts`` to try for a layout of ``aspect``: 4
    times the factor by which it misses the page range, to the power 1.5 (the generated
    100-statement debate, 1 : 3.5, gets 15 and comes out 1.1 : 1), from 2 to 64."""
    return float(min(max(4 * math.exp(1.5 * _page_miss(aspect)), 2.0), 64.0))


def _rank_cutter(builder: _Builder, source: str, plain: str) -> Any:
    """A function of ``parts`` giving ``source`` with the widest ranks of each section
    cut at ``1 / parts`` of the picture's breadth (``None``: nothing to cut), for the
    layout ``plain``; ``None`` if that layout is not too broad (:func:`_too_broad`).

    ``dot`` puts every node at a rank (its distance from the ends of the edges) and
    lines each rank up across the picture: a section of 50 arguments none of which
    argues with another is one row (in ``RL`` one column) of 50 boxes, and the map a
    1 : 3.5 sliver. The boxes of one rank and one (innermost) section are cut into parts
    no wider than the limit (and of at least :data:`_MIN_CHUNK` boxes), each part one
    rank further than the one before (invisible edges, ``weight=0`` so that they pull
    nothing straight); the boxes whose neighbours lie further along go further."""
    nodes = _plain_nodes(plain)
    width, height = _plain_size(plain)
    across = builder.direction in ("RL", "LR")  # ranks are columns
    axis = 0 if across else 1
    grow = -1.0 if builder.direction in ("RL", "TB") else 1.0  # the way later ranks lie
    breadth = height if across else width
    if not nodes or breadth <= 0 or not _too_broad(builder.direction, _plain_aspect(plain)):
        return None
    group = {}
    if builder.o.clusters:
        group = {builder.names[n.id]: n.group for n in builder.amap.nodes()}
    ranks: dict[tuple[float, str | None], list[str]] = {}
    for node in builder.names.values():
        if node in nodes:
            ranks.setdefault((round(nodes[node][axis]), group.get(node)), []).append(node)
    keys = sorted(ranks, key=str)
    near: dict[str, list[str]] = {}
    for m in _EDGE_LINE.finditer(source):
        near.setdefault(m.group(1), []).append(m.group(2))
        near.setdefault(m.group(2), []).append(m.group(1))

    def pull(node: str) -> float:  # how far along the node's neighbours lie, on average
        here = nodes[node][axis]
        ds = [grow * (nodes[o][axis] - here) for o in near.get(node, ()) if o in nodes]
        return sum(ds) / len(ds) if ds else 0.0

    def cut(parts: float) -> str | None:
        limit, gap = breadth / parts, 0.3 * 72  # nodesep
        extra = []
        for key in keys:
            members = ranks[key]
            span = sum(nodes[n][3 if across else 2] + gap for n in members)
            k = min(math.ceil(span / limit), len(members) // _MIN_CHUNK)
            if k < 2:
                continue
            members = sorted(members, key=lambda n: (pull(n), grow * nodes[n][1 - axis]))
            chunks = [
                members[i * len(members) // k : (i + 1) * len(members) // k] for i in range(k)
            ]
            for prev, chunk in itertools.pairwise(chunks):
                extra += [
                    f"  {prev[i % len(prev)]} -> {n} [style=invis, weight=0]"
                    for i, n in enumerate(chunk)
                ]
        if not extra:
            return None
        return source[: source.rstrip().rfind("}")] + "\n".join(extra) + "\n}\n"

    return cut


def _wrap_ranks(
    builder: _Builder, source: str, plain: str, timeout: float, name: str
) -> tuple[str, str]:
    """``source`` and its ``dot -Tplain`` layout, with the widest ranks of each section
    cut into several (:func:`_rank_cutter`) when that brings the picture closer to a
    page (:data:`_PAGE`).

    The cut starts at :func:`_first_cut` and is searched (× 4 while the picture stays
    too broad, else halfway to the last one that was) in at most :data:`_WRAP_TRIES`
    ``dot -Tplain`` layouts; the first in the page-to-screen range is kept, else the
    closest, if closer than before. A map whose ranks are narrow (the seed map: at most
    six boxes of one section in a rank) is left as it is, at no cost."""
    cutter = _rank_cutter(builder, source, plain)
    if cutter is None:
        return source, plain
    best = (_page_miss(_plain_aspect(plain)), source, plain)
    low, high, parts = 1.0, math.inf, _first_cut(_plain_aspect(plain))
    tried: set[str] = set()
    drawn = _drawn_nodes(builder.amap, builder.points)
    for _ in range(_WRAP_TRIES if drawn <= _LABEL_LIMIT else 1):
        trial = cutter(parts)
        if trial is None or trial in tried:
            break
        tried.add(trial)
        try:
            laid = run_dot(trial, "plain", timeout=timeout, name=name).decode("utf-8", "replace")
        except RenderError as exc:
            if "did not finish" in str(exc):
                raise
            log.debug("dot: cannot wrap the ranks: %s", exc)
            break
        aspect = _plain_aspect(laid)
        miss = _page_miss(aspect)
        log.debug("dot: ranks cut at 1/%.3g of the breadth: %s", parts, _shape_words(aspect))
        if miss < best[0]:
            best = (miss, trial, laid)
        if miss == 0:
            break
        if _too_broad(builder.direction, aspect):
            low = parts
        else:
            high = parts
        parts = parts * 4 if high == math.inf else math.sqrt(low * high)
    if best[1] is not source:
        log.debug(
            "dot: wide ranks wrapped: %s -> %s",
            _shape_words(_plain_aspect(plain)),
            _shape_words(_plain_aspect(best[2])),
        )
    return best[1], best[2]


_LABEL_LIMIT = 400
"""Maps above this many drawn nodes try one wrapped layout only (:func:`_wrap_ranks`)."""
_LABEL_WORK = 1_000
"""``layout=full`` moves section titles off the edges with at most this many drawn
nodes times layouts tried (:func:`_label_tries`): ten tries for the seed map, two at
500 nodes, one above."""
_LABELS = re.compile(
    r"^(\s*subgraph (cluster_g\d+) \{\n\s*graph \[.*)"
    r'labeljust=(\w), labelloc=(\w)(, class="group"\])$',
    re.M,
)
_FLIPS = ({"l": "r", "r": "l"}, {"t": "b", "b": "t"})


def _label_crossings(source: str, timeout: float, name: str) -> set[str] | None:
    """The clusters of ``source`` whose title an edge runs through, in ``dot``'s layout
    (``None`` if ``dot`` cannot lay it out).

    Graphviz does not keep edges off cluster labels (with ``rankdir=RL`` an edge from
    outside often runs through the title at the top of a section): each title's box
    (``lp``, ``lwidth``, ``lheight`` of ``dot -Tjson``) is tested against points along
    every edge's spline."""
    return _routed_crossings(source, timeout, name)[0]


def _routed_crossings(source: str, timeout: float, name: str) -> tuple[set[str] | None, str]:
    """:func:`_label_crossings`, and ``source`` as :func:`_routed` could lay it out."""
    import json

    try:
        source, laid = _routed(source, "json", timeout, name)
    except RenderError as exc:
        if "did not finish" in str(exc):
            raise
        # dot's router can fail on a port ("triangulation failed"): no answer
        log.debug("dot: cannot check the section titles: %s", exc)
        return None, source
    layout = json.loads(laid)
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for obj in layout.get("objects", ()):
        if str(obj.get("name", "")).startswith("cluster") and "lp" in obj:
            x, y = (float(v) for v in obj["lp"].split(","))
            # half the box, a quarter wider than Graphviz's estimate: browsers draw
            # bold Helvetica/Arial wider than dot measures it
            w, h = float(obj["lwidth"]) * 45 + 2, float(obj["lheight"]) * 36 + 2
            boxes[obj["name"]] = (x - w, y - h, x + w, y + h)
    crossed: set[str] = set()
    for edge in layout.get("edges", ()):
        points = _spline_points(str(edge.get("pos", "")))
        for cluster, (x0, y0, x1, y1) in boxes.items():
            if cluster not in crossed and any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points):
                crossed.add(cluster)
    return crossed, source


def _spline_points(pos: str, steps: int = 12) -> list[tuple[float, float]]:
    """Points along a Graphviz edge spline (``pos``: ``e,x,y`` and cubic Bézier points;
    an edge drawn as several splines has them separated by ``;``)."""
    out: list[tuple[float, float]] = []
    for spline in pos.split(";"):
        ctrl = []
        for token in spline.split():
            if token[:2] in ("s,", "e,"):
                continue
            x, _, y = token.partition(",")
            ctrl.append((float(x), float(y)))
        for i in range(0, len(ctrl) - 3, 3):
            (ax, ay), (bx, by), (cx, cy), (dx, dy) = ctrl[i : i + 4]
            for k in range(steps + 1):
                t = k / steps
                u = 1 - t
                out.append(
                    (
                        u * u * u * ax + 3 * u * u * t * bx + 3 * u * t * t * cx + t * t * t * dx,
                        u * u * u * ay + 3 * u * u * t * by + 3 * u * t * t * cy + t * t * t * dy,
                    )
                )
    return out


_TITLE = re.compile(r"label=<<B>(.*?)</B>>")


def _flip_labels(source: str, clusters: set[str], which: tuple[int, ...]) -> str:
    """``source`` with the titles of ``clusters`` moved to the other side or wrapped
    narrower (``which``: 0 = ``labeljust``, 1 = ``labelloc``, 2 = half as wide)."""

    def flip(m: re.Match[str]) -> str:
        head, just, loc = m.group(1), m.group(3), m.group(4)
        if m.group(2) in clusters:
            just = _FLIPS[0][just] if 0 in which else just
            loc = _FLIPS[1][loc] if 1 in which else loc
            if 2 in which:
                head = _TITLE.sub(_narrower, head, count=1)
        return f"{head}labeljust={just}, labelloc={loc}{m.group(5)}"

    return _LABELS.sub(flip, source)


def _narrower(m: re.Match[str]) -> str:
    """A cluster title (escaped words, lines joined by ``<BR/>``) wrapped at half its
    longest line (entities have no spaces, so the words are those of the plain text)."""
    words = m.group(1).replace("<BR/>", " ").split()
    width = max(max(len(line) for line in m.group(1).split("<BR/>")) // 2, 12)
    lines: list[str] = []
    for word in words:  # at spaces only: a long word (or an entity) is never split
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "label=<<B>" + "<BR/>".join(lines) + "</B>>"


def _clear_labels(source: str, timeout: float, name: str, tries: int = 10) -> str:
    """``source`` with the section titles that edges run through moved: the crossed
    titles try a narrower wrapping (alone, and on the other side), the other side, and
    the other end of their side, stopping at the first try that clears them all, else
    keeping what leaves the fewest titles crossed (at most two rounds, at most ``tries``
    layouts after the first)."""
    crossed, source = _routed_crossings(source, timeout, name)
    for _ in range(2):
        if not crossed or tries <= 0:
            break
        best = source, crossed
        for which in ((2,), (1, 2), (1,), (0, 1), (0,))[:tries]:
            tries -= 1
            now, trial = _routed_crossings(_flip_labels(source, crossed, which), timeout, name)
            if now is not None and len(now) < len(best[1]):
                best = trial, now
            if now == set():
                break
        if best[0] is source:
            break
        source, crossed = best
    if crossed:
        log.debug("dot: an edge still runs through the titles of %s", ", ".join(sorted(crossed)))
    return source


def _label_tries(drawn: int) -> int:
    """How many layouts :func:`_clear_labels` may try for a map of ``drawn`` nodes: ten
    up to :data:`_LABEL_LIMIT` / 4, then fewer as the map grows (each try is a ``dot``
    run that costs about as much as the map's layout), at least one."""
    return max(1, min(10, _LABEL_WORK // max(drawn, 1)))


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
# what a diagram shows: no map description, no metadata, of a source only its title (or
# URL) and date, and tags only as fill colours (with the tag_colors option)
_DIAGRAM = EVERYTHING - {"description", "metadata", "source-details", "quotes", "tags"}


def _diagram_expresses(options: dict[str, Any]) -> frozenset[str]:
    try:
        colours = options.get("tag_colors") not in (None, False) and _tag_colors(
            options["tag_colors"]
        )
    except ValueError:  # a bad value: rendering reports it as an OptionError
        colours = False
    return _DIAGRAM | {"tags"} if colours else _DIAGRAM


class DotRenderer(Renderer):
    """Graphviz DOT source (no Graphviz install needed)."""

    expresses: ClassVar[frozenset[str] | None] = _DIAGRAM

    name: ClassVar[str] = "dot"
    aliases: ClassVar[tuple[str, ...]] = ("gv", "graphviz")
    extensions: ClassVar[tuple[str, ...]] = (".dot", ".gv")
    media_type: ClassVar[str] = "text/vnd.graphviz"
    description: ClassVar[str] = "Graphviz DOT source of the argument map"
    api_version: ClassVar[int] = 2
    Options: ClassVar[type[GraphvizOptions]] = GraphvizOptions

    def render_map(self, amap: ArgumentMap, options: GraphvizOptions) -> str:
        return _to_dot(amap, options)

    def expressible(self, **options: Any) -> frozenset[str]:
        return _diagram_expresses(options)


class _DrawnRenderer(Renderer):
    fmt: ClassVar[str]
    api_version: ClassVar[int] = 2
    Options: ClassVar[type[GraphvizOptions]] = GraphvizOptions
    expresses: ClassVar[frozenset[str] | None] = _DIAGRAM

    def expressible(self, **options: Any) -> frozenset[str]:
        return _diagram_expresses(options)

    def render_bytes(self, amap: ArgumentMap, /, **options: Any) -> bytes:
        return self.draw(amap, type(self).parse_options(options))

    def draw(self, amap: ArgumentMap, options: GraphvizOptions) -> bytes:
        data = _draw_map(amap, self.fmt, options)
        return data.encode("utf-8") if isinstance(data, str) else data


class SvgRenderer(_DrawnRenderer):
    """SVG drawn by Graphviz ``dot``."""

    name: ClassVar[str] = "svg"
    extensions: ClassVar[tuple[str, ...]] = (".svg",)
    media_type: ClassVar[str] = "image/svg+xml"
    description: ClassVar[str] = "SVG image of the argument map (needs Graphviz)"
    fmt: ClassVar[str] = "svg"

    def render_map(self, amap: ArgumentMap, options: GraphvizOptions) -> str:
        return self.draw(amap, options).decode("utf-8")


class PngRenderer(_DrawnRenderer):
    """PNG drawn by Graphviz ``dot``."""

    name: ClassVar[str] = "png"
    extensions: ClassVar[tuple[str, ...]] = (".png",)
    media_type: ClassVar[str] = "image/png"
    description: ClassVar[str] = "PNG image of the argument map (needs Graphviz)"
    binary: ClassVar[bool] = True
    fmt: ClassVar[str] = "png"

    def render_map(self, amap: ArgumentMap, options: GraphvizOptions) -> bytes:
        return self.draw(amap, options)


class PdfRenderer(_DrawnRenderer):
    """PDF drawn by Graphviz ``dot``."""

    name: ClassVar[str] = "pdf"
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)
    media_type: ClassVar[str] = "application/pdf"
    description: ClassVar[str] = "PDF of the argument map (needs Graphviz)"
    binary: ClassVar[bool] = True
    fmt: ClassVar[str] = "pdf"

    def render_map(self, amap: ArgumentMap, options: GraphvizOptions) -> bytes:
        return self.draw(amap, options)
