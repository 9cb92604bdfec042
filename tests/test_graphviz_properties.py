"""Property: whatever the text, the real ``dot`` reads back exactly the map's graph.

Text is drawn from all of Unicode, lone surrogates included, plus a pool of hostile
snippets (quotes, backslashes, braces, ``->``, HTML tags, entities, NUL and other control
characters). Policy (see ``argmap.renderers._text``): control characters other than line
breaks are dropped, tabs become spaces, surrogates and U+FFFE/U+FFFF become U+FFFD;
everything else is drawn as written.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgumentMap, testing
from argmap.renderers._text import clean, wrap
from markers import needs_dot

SVG = "{http://www.w3.org/2000/svg}"

HOSTILE = [
    '"',
    "\\",
    '\\"',
    "{",
    "}",
    "[",
    "]",
    "->",
    "--",
    ";",
    "<b>",
    "</b>",
    "<BR/>",
    "&amp;",
    "&",
    "<",
    ">",
    "]]>",
    "<!--",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\ud800",
    "\\N",
    "\\G",
    "\\l",
    "digraph {",
    "n0",
    "label=<x>",
    "🙂",
    "論証",
    "e\u0301",
]

texts = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12),
    ),
    max_size=6,
).map("".join)

KINDS = ["support", "attack", "contradiction"]


@st.composite
def maps(draw: st.DrawFn) -> tuple[ArgumentMap, list[str], set[tuple[str, str]]]:
    m = ArgumentMap(draw(texts))
    items = draw(st.lists(texts, min_size=1, max_size=5))
    ids = [m.claim(t, id=f"s{i}").id for i, t in enumerate(items)]
    edges: set[tuple[str, str]] = set()
    pairs = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(ids) - 1), st.integers(0, len(ids) - 1), st.sampled_from(KINDS)
            ),
            max_size=6,
            unique_by=lambda t: (t[0], t[1]),
        )
    )
    for a, b, kind in pairs:
        if a != b:
            m.relate(kind, ids[a], ids[b])
            edges.add((f"n{a}", f"n{b}"))
    return m, items, edges


def _expected_text(text: str, node_id: str) -> str:
    lines = wrap(clean(text), 32)
    return " ".join(lines) if lines else node_id  # a node without text shows its id


@needs_dot
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_dot_reads_back_exactly_the_map(
    case: tuple[ArgumentMap, list[str], set[tuple[str, str]]],
) -> None:
    amap, items, edges = case
    source = argmap.render(amap, "dot", legend=False)
    proc = subprocess.run(
        ["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    root = ET.fromstring(proc.stdout)
    nodes: dict[str, str] = {}
    found_edges: set[tuple[str, str]] = set()
    for g in root.iter(f"{SVG}g"):
        classes = (g.get("class") or "").split()
        if not classes:  # the <g id="a_node1"> wrapping a tooltip's <a>
            continue
        title = g.find(f"{SVG}title")
        assert title is not None
        name = title.text or ""
        if "node" in classes:
            nodes[name] = " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
        elif "edge" in classes:
            tail, _, head = name.partition("->")
            found_edges.add((tail, head))
    assert set(nodes) == {f"n{i}" for i in range(len(items))}
    assert found_edges == edges
    for i, text in enumerate(items):
        # dot draws each of our lines as one <text>, exactly as written
        assert nodes[f"n{i}"] == _expected_text(text, f"s{i}")


def _expected_graph(amap: ArgumentMap) -> tuple[int, int]:
    """Nodes and edges the DOT of ``amap`` must have (legend off)."""
    rels = amap.relations
    pointed = {r.target for r in rels.values() if r.target in rels}
    explicit = {(r.source, r.target) for r in rels.values() if r.kind.value == "support"}
    edges = sum(len(a.premises) for a in amap.arguments.values())
    edges += sum(
        1
        for a in amap.arguments.values()
        if a.conclusion is not None and (a.id, a.conclusion) not in explicit
    )
    edges += len(rels) + len(pointed)
    return len(amap) + len(pointed), edges


@needs_dot
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(testing.maps(), st.sampled_from(["BT", "LR"]), st.booleans())
def test_any_map_draws_with_all_its_nodes_and_edges(
    amap: ArgumentMap, direction: str, clusters: bool
) -> None:
    source = argmap.render(amap, "dot", legend=False, direction=direction, clusters=clusters)
    proc = subprocess.run(
        ["dot", "-Tjson"], input=source.encode("utf-8"), capture_output=True, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    graph = json.loads(proc.stdout)
    objects = graph.get("objects", [])
    nodes = [o for o in objects if "nodes" not in o and "subgraphs" not in o]
    clusters_drawn = [o for o in objects if o["name"].startswith("cluster_")]
    want_nodes, want_edges = _expected_graph(amap)
    assert len(nodes) == want_nodes
    assert len(graph.get("edges", [])) == want_edges
    if not clusters:
        assert clusters_drawn == []
    else:
        used = {n.group for n in amap.nodes() if n.group is not None}
        assert len(clusters_drawn) <= len(amap.groups)
        assert bool(clusters_drawn) == bool(used)
