"""The visual language of argmap diagrams, shared by the Graphviz renderers.

Colours come from the Okabe–Ito palette, which stays distinguishable with the common
colour-vision deficiencies; every relation also differs by line style and arrowhead, so
a diagram printed in black and white still reads:

==============  ==========================  ==============  =================
relation        colour (default theme)      line            arrowhead
==============  ==========================  ==============  =================
support         bluish green ``#009E73``    solid           filled triangle
attack          vermillion ``#D55E00``      dashed          tee (a bar)
undercut        purple ``#AA3377``          dotted, heavy   tee + open dot
contradiction   blue ``#0072B2``            bold            open diamonds, both ends
==============  ==========================  ==============  =================

Claims are rounded boxes, evidence a "note" (dog-eared page) with its source on a
second, smaller line, and arguments square boxes with a heavier fill.
"""

from __future__ import annotations

import attrs

__all__ = ["BADGES", "TAG_PALETTE", "THEMES", "Theme"]


@attrs.frozen
class Theme:
    name: str
    claim: str
    """DOT node attributes (without brackets) for claims."""
    evidence: str
    argument: str
    edges: dict[str, str]
    """Relation kind (and ``premise``/``conclusion``) → DOT edge attributes."""
    cluster: str
    source_color: str
    """Font colour of the source line under evidence."""
    badge: dict[str, str]
    """Evaluation status → colour."""
    bar: str
    bar_back: str
    link_point: str = 'color="#444444"'
    """DOT attributes of the small point on a link that an undercut aims at."""


OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

UNDERCUT = "#AA3377"
"""Undercuts: Paul Tol's purple, darker than Okabe–Ito's reddish purple, so a dotted
undercut is as easy to see as a dashed attack (and still tells apart from it)."""

_EDGE_SHAPES = {
    "support": "style=solid, arrowhead=normal",
    "attack": "style=dashed, arrowhead=tee",
    "undercut": "style=dotted, arrowhead=teeodot, arrowsize=1.1, penwidth=2.6",
    "contradiction": "style=bold, dir=both, arrowhead=odiamond, arrowtail=odiamond, "
    "constraint=false",
    "premise": "style=solid, arrowhead=vee, arrowsize=0.6, penwidth=1.0",
    "conclusion": "style=solid, arrowhead=normal",
}


def _edges(colors: dict[str, str]) -> dict[str, str]:
    return {
        kind: f'{shape}, color="{colors[kind]}", class="{kind}"'
        for kind, shape in _EDGE_SHAPES.items()
    }


THEMES: dict[str, Theme] = {
    "default": Theme(
        name="default",
        claim='shape=box, style="rounded,filled", fillcolor="#FFFFFF", color="#0072B2"',
        evidence='shape=note, style=filled, fillcolor="#FFF6D5", color="#A07A00"',
        argument='shape=box, style=filled, fillcolor="#D7E9F7", color="#0072B2"',
        edges=_edges(
            {
                "support": OKABE_ITO["green"],
                "attack": OKABE_ITO["vermillion"],
                "undercut": UNDERCUT,
                "contradiction": OKABE_ITO["blue"],
                "premise": "#666666",
                "conclusion": OKABE_ITO["green"],
            }
        ),
        cluster='style="rounded,filled", fillcolor="#F3F3F3", color="#BBBBBB"',
        source_color="#6B5A2A",
        badge={
            "accepted": OKABE_ITO["green"],
            "rejected": OKABE_ITO["vermillion"],
            "undecided": OKABE_ITO["orange"],
        },
        bar=OKABE_ITO["blue"],
        bar_back="#DDDDDD",
        link_point=f'color="{UNDERCUT}"',
    ),
    "mono": Theme(
        name="mono",
        claim='shape=box, style="rounded,filled", fillcolor="#FFFFFF", color="#000000"',
        evidence='shape=note, style=filled, fillcolor="#EEEEEE", color="#000000"',
        argument='shape=box, style=filled, fillcolor="#D0D0D0", color="#000000"',
        edges=_edges(
            {
                "support": "#000000",
                "attack": "#000000",
                "undercut": "#000000",
                "contradiction": "#000000",
                "premise": "#555555",
                "conclusion": "#000000",
            }
        ),
        cluster='style="rounded", color="#777777"',
        source_color="#333333",
        badge={"accepted": "#000000", "rejected": "#000000", "undecided": "#000000"},
        bar="#000000",
        bar_back="#CCCCCC",
    ),
}
THEMES["print"] = attrs.evolve(THEMES["mono"], name="print")

TAG_PALETTE = (
    "#CDE5F7",  # light sky
    "#FCE3C0",  # light orange
    "#C9EBDD",  # light green
    "#F3D5E6",  # light purple
    "#FAF3B5",  # light yellow
    "#F7CDB8",  # light vermillion
    "#DCDCDC",  # light grey
    "#D9D2F0",  # light violet
)
"""Fill colours for tags, in order of first use (cycled)."""

BADGES = {"accepted": "✓", "rejected": "✗", "undecided": "?"}
"""Evaluation status → badge glyph."""
