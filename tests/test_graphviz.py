"""The Graphviz renderers: golden DOT, options, selection, errors, real dot output.

Golden files live in ``tests/golden/<name>.dot``. After an intended change of the
DOT output, regenerate them with::

    ARGMAP_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_graphviz.py -k golden

and review the diff before committing.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import pytest

import argmap
from _render_maps import MAPS, evidence_groups, fake_evaluation_map, nasty_text
from argmap import ArgumentMap, GraphvizNotFoundError, RelationKind, RenderError
from argmap.renderers import graphviz as gv
from markers import needs_dot

GOLDEN = Path(__file__).parent / "golden"
SVG_NS = "{http://www.w3.org/2000/svg}"


class FakeEvaluation:
    """A stand-in honouring the argmap.evaluate result contract."""

    def __init__(
        self,
        status: dict[str, str],
        strength: dict[str, float] | None = None,
        semantics: str = "grounded",
    ) -> None:
        self._status = status
        self._strength = strength or {}
        self.is_gradual = strength is not None
        self.semantics = semantics

    def status(self, node_id: str) -> str | None:
        return self._status.get(node_id)

    def strength(self, node_id: str) -> float | None:
        return self._strength.get(node_id)


GOLDEN_CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "basic": ("basic", {}),
    "all_relations": ("all_relations", {}),
    "evidence_groups": ("evidence_groups", {}),
    "nasty_text": ("nasty_text", {}),
    "options_lr_mono": (
        "evidence_groups",
        {"direction": "LR", "theme": "mono", "wrap": "20", "legend": "false", "title": "no"},
    ),
    "tag_colors": ("evidence_groups", {"tag_colors": "pro:#CDE5F7,con:salmon", "legend": True}),
    "no_clusters": ("evidence_groups", {"clusters": False, "tag_colors": True}),
}


def _golden_evaluation(name: str) -> tuple[ArgumentMap, dict[str, Any]]:
    m = fake_evaluation_map()
    if name == "evaluation_grounded":
        ev = FakeEvaluation({"a": "accepted", "b": "rejected", "c": "undecided", "d": "undecided"})
    else:
        ev = FakeEvaluation({}, {"a": 0.75, "b": 0.0, "c": 1.0, "d": 0.333}, semantics="df-quad")
    return m, {"evaluation": ev}


def _case(name: str) -> tuple[ArgumentMap, dict[str, Any]]:
    if name.startswith("evaluation_"):
        return _golden_evaluation(name)
    map_name, options = GOLDEN_CASES[name]
    return MAPS[map_name](), options


@pytest.mark.parametrize("name", [*GOLDEN_CASES, "evaluation_grounded", "evaluation_gradual"])
def test_golden_dot(name: str) -> None:
    amap, options = _case(name)
    dot = argmap.render(amap, "dot", **options)
    path = GOLDEN / f"{name}.dot"
    if os.environ.get("ARGMAP_UPDATE_GOLDEN") == "1":
        path.write_text(dot, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with ARGMAP_UPDATE_GOLDEN=1"
    assert dot == path.read_text(encoding="utf-8")


@needs_dot
@pytest.mark.parametrize("name", [*GOLDEN_CASES, "evaluation_grounded", "evaluation_gradual"])
def test_golden_dot_is_accepted_by_dot(name: str) -> None:
    source = (GOLDEN / f"{name}.dot").read_text(encoding="utf-8")
    proc = subprocess.run(
        ["dot", "-Tcanon"], input=source.encode(), capture_output=True, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b"", proc.stderr.decode()


def test_deterministic() -> None:
    for build in MAPS.values():
        first, second = build(), build()
        assert argmap.render(first, "dot") == argmap.render(second, "dot")
        assert argmap.render(first, "dot") == argmap.render(first, "dot")


def test_visual_language() -> None:
    dot = argmap.render(MAPS["all_relations"](), "dot")
    lines = dot.splitlines()

    def edge(cls: str) -> str:
        return next(  # a whole relation, not the first half of an undercut link
            line
            for line in lines
            if f'class="{cls}"' in line and "->" in line and "-> r" not in line
        )

    styles = {
        k: re.search(r"style=(\w+)", edge(k)).group(1)  # type: ignore[union-attr]
        for k in ("support", "attack", "undercut", "contradiction")
    }
    heads = {
        k: re.search(r"arrowhead=(\w+)", edge(k)).group(1)  # type: ignore[union-attr]
        for k in ("support", "attack", "undercut", "contradiction")
    }
    colours = {
        k: re.search(r'color="([^"]+)"', edge(k)).group(1)  # type: ignore[union-attr]
        for k in ("support", "attack", "undercut", "contradiction")
    }
    # each relation differs by line style, arrowhead and colour
    assert len(set(styles.values())) == 4
    assert len(set(heads.values())) == 4
    assert len(set(colours.values())) == 4
    assert "dir=both" in edge("contradiction")
    # the undercut of a relation aims at a point on the undercut link
    assert re.search(r"^  r0 \[shape=point", dot, re.M)
    assert re.search(r"-> r0 \[style=dotted", dot, re.M)
    # premises -> argument -> conclusion
    assert 'class="premise"' in dot
    assert 'class="conclusion"' in dot
    shapes = {k: re.search(rf'shape=(\w+)[^\n]*class="{k}"', dot) for k in ("claim", "argument")}
    assert shapes["claim"]
    assert shapes["argument"]
    ev = argmap.render(evidence_groups(), "dot", wrap=0)
    assert "shape=note" in ev
    # the evidence's source and date show on a second line
    assert "<I>Does Working from Home Work?, 2015</I>" in ev
    assert "https://example.org/survey, 2021-03-04; Memo" in ev


def test_mono_theme_has_no_colour() -> None:
    dot = argmap.render(MAPS["all_relations"](), "dot", theme="mono", legend=False)
    colours = set(re.findall(r'(?:color|fillcolor)="(#[0-9A-F]{6})"', dot))
    for c in colours:
        r, g, b = int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)
        assert r == g == b, f"mono theme uses the colour {c}"


def test_groups_become_nested_clusters_and_empty_ones_are_dropped() -> None:
    dot = argmap.render(evidence_groups(), "dot")
    assert "subgraph cluster_g0 {" in dot
    assert "    subgraph cluster_g1 {" in dot  # nested inside g0
    assert "cluster_g2" not in dot  # "Empty section" has no nodes
    outer = dot.index("subgraph cluster_g0")
    inner = dot.index("subgraph cluster_g1")
    assert outer < inner < dot.index("}", inner)


def test_wrap_option() -> None:
    m = ArgumentMap()
    m.claim("one two three four five six seven eight nine ten", id="x")
    assert "one two three four<BR/>five six seven eight<BR/>nine ten" in argmap.render(
        m, "dot", wrap=20
    )
    assert "one two three four five six seven eight nine ten>" in argmap.render(m, "dot", wrap=0)
    assert "one two three four five<BR/>" in argmap.render(m, "dot", wrap="24")


@pytest.mark.parametrize("direction", ["TB", "LR", "BT", "rl"])
def test_direction(direction: str) -> None:
    assert f"rankdir={direction.upper()}" in argmap.render(
        MAPS["basic"](), "dot", direction=direction
    )


def test_title_option() -> None:
    m = MAPS["basic"]()
    assert "Should cities ban cars" in argmap.render(m, "dot")
    assert "Should cities ban cars" not in argmap.render(m, "dot", title=False)


def _node_texts(dot: str) -> list[str]:
    return re.findall(r"^\s+n\d+ \[label=<(.*?)>, ", dot, re.M)


def test_selection_options() -> None:
    m = evidence_groups()
    assert len(_node_texts(argmap.render(m, "dot"))) == 3
    no_ev = argmap.render(m, "dot", show_evidence="false")
    assert len(_node_texts(no_ev)) == 1
    assert "shape=note" not in no_ev
    only_con = argmap.render(m, "dot", tags="con")
    assert len(_node_texts(only_con)) == 1
    assert "Survey" in only_con
    only_group = argmap.render(m, "dot", groups=["Productivity"])
    assert len(_node_texts(only_group)) == 2
    assert "Survey" not in only_group

    chain = ArgumentMap()
    prev = chain.claim("c0", id="c0")
    for i in range(1, 6):
        nxt = chain.claim(f"c{i}", id=f"c{i}")
        chain.support(nxt, prev)
        prev = nxt
    assert len(_node_texts(argmap.render(chain, "dot", root="c0", depth=2))) == 3
    assert len(_node_texts(argmap.render(chain, "dot", root="c3"))) == 3
    with pytest.raises(RenderError, match="nope"):
        argmap.render(chain, "dot", root="nope")


def test_legend_auto() -> None:
    m = ArgumentMap()
    a, b = m.claim("a"), m.claim("b")
    m.support(a, b)
    assert "Legend" not in argmap.render(m, "dot")  # only claims and support: obvious
    assert "<B>Legend</B>" in argmap.render(m, "dot", legend=True)
    m.rebut(m.claim("c"), b)
    auto = argmap.render(m, "dot")
    assert "<B>Legend</B>" in auto
    assert "supports" in auto
    assert "attacks" in auto
    assert "undercuts" not in auto
    assert "Legend" not in argmap.render(m, "dot", legend="off")


def test_unknown_option_names_the_valid_ones() -> None:
    with pytest.raises(RenderError) as info:
        argmap.render(MAPS["basic"](), "dot", colour="red")
    message = str(info.value)
    assert "colour" in message
    for name in ("direction", "wrap", "show_evidence", "legend", "evaluation", "theme"):
        assert name in message
    assert (
        set(gv.DotRenderer.options)
        == set(gv.SvgRenderer.options)
        >= {
            "direction",
            "wrap",
            "show_evidence",
            "tags",
            "groups",
            "root",
            "depth",
            "title",
            "theme",
            "legend",
            "evaluation",
        }
    )


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"direction": "up"}, "direction"),
        ({"wrap": "wide"}, "wrap"),
        ({"wrap": -1}, "wrap"),
        ({"legend": "maybe"}, "legend"),
        ({"theme": "neon"}, "theme"),
        ({"tag_colors": "pro:red;x"}, "tag_colors"),
        ({"tag_colors": 'pro:"];'}, "tag_colors"),
        ({"font": 'Arial"]; x -> y; z ["'}, "font"),
        ({"depth": "two"}, "depth"),
    ],
)
def test_bad_option_values(options: dict[str, Any], match: str) -> None:
    with pytest.raises(RenderError, match=match):
        argmap.render(MAPS["basic"](), "dot", **options)


def test_text_cannot_change_structure() -> None:
    dot = argmap.render(nasty_text(), "dot", wrap=0)
    # every node/edge statement is one of ours; user text stays inside <...> labels
    body = [line.strip() for line in dot.splitlines()[5:-2]]
    for line in body:
        assert re.match(
            r"(n\d+ \[label=<|n\d+ -> n\d+ \[|subgraph cluster_g\d+ \{|graph \[label=<|\})",
            line,
        ), line
    assert "\x00" not in dot
    assert "\x1b" not in dot
    assert "\ud800" not in dot
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;amp; &lt;BR/&gt;" in dot
    assert "He said &quot;no&quot; \\\\ then left; n1 -&gt; n2 [color=red&#93; }" in dot
    assert "line one<BR/>line two<BR/>line three[31m" in dot
    dot.encode("utf-8")  # no lone surrogates left


def test_fake_evaluation_colours_and_badges() -> None:
    m = fake_evaluation_map()
    ev = FakeEvaluation({"a": "accepted", "b": "rejected", "c": "undecided"})
    dot = argmap.render(m, "dot", evaluation=ev)
    line = {
        n: next(x for x in dot.splitlines() if x.strip().startswith(f"{n} ["))
        for n in ("n0", "n1", "n2", "n3")
    }
    assert "✓" in line["n0"]
    assert 'color="#009E73", penwidth=2.5' in line["n0"]
    assert "✗" in line["n1"]
    assert 'color="#D55E00"' in line["n1"]
    assert "?" in line["n2"]
    assert 'color="#E69F00"' in line["n2"]
    assert 'style="rounded,filled,dashed"' in line["n1"]
    assert 'style="rounded,filled,dotted"' in line["n2"]
    assert "penwidth" not in line["n3"]  # status None: no badge
    assert "accepted (solid border)" in dot
    assert "rejected (dashed border)" in dot
    assert "semantics: grounded" in dot

    gradual = FakeEvaluation({}, {"a": 0.25, "b": 1.0}, semantics="df-quad")
    dot = argmap.render(m, "dot", evaluation=gradual)
    n0 = next(x for x in dot.splitlines() if x.strip().startswith("n0 ["))
    assert ">25%</FONT>" in n0
    assert 'WIDTH="15"' in n0
    assert 'WIDTH="45"' in n0
    assert "strength (df-quad), 0–100%" in dot


def test_evaluation_by_name_without_the_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "argmap.evaluate", None)
    with pytest.raises(RenderError, match=r"argmap\.evaluate"):
        argmap.render(fake_evaluation_map(), "dot", evaluation="grounded")


def test_evaluation_by_name_integration() -> None:
    evaluate = pytest.importorskip("argmap.evaluate")
    m = fake_evaluation_map()
    ev = evaluate.evaluate(m, "grounded")
    dot = argmap.render(m, "dot", evaluation="grounded")
    assert dot == argmap.render(m, "dot", evaluation=ev)
    if ev.status("a") == "accepted":
        assert "✓" in dot


def test_ten_thousand_nodes() -> None:
    m = ArgumentMap("big")
    ids = [m.claim(f"claim number {i} with some text", id=f"c{i}").id for i in range(10_000)]
    for i in range(1, 10_000):
        if i % 3:
            m.support(ids[i], ids[(i - 1) // 2])
        else:
            m.rebut(ids[i], ids[(i - 1) // 2])
    dot = argmap.render(m, "dot")
    assert len(re.findall(r"^  n\d+ \[label=", dot, re.M)) == 10_000
    assert len(re.findall(r"^  n\d+ -> n\d+ ", dot, re.M)) == 9_999
    assert "n9999 [label=<claim number 9999 with some text>" in dot


# ------------------------------------------------------------------ real dot
def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + chunk) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
        if kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    assert len(raw) > 0
    return width, height


@needs_dot
def test_svg_png_pdf_are_valid_files() -> None:
    m = MAPS["all_relations"]()
    svg = argmap.render(m, "svg")
    assert isinstance(svg, str)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    titles = [t.text or "" for t in root.iter(f"{SVG_NS}title")]
    # what a browser shows on hover: the statements' own words, never DOT names
    assert not [t for t in titles if re.fullmatch(r"(n|r)\d+(->(n|r)\d+)?|cluster_g\d+", t)]
    assert any(" supports " in t for t in titles)
    assert any(" undercuts " in t for t in titles)

    png = argmap.render(m, "png")
    assert isinstance(png, bytes)
    width, height = _png_size(png)
    assert width > 200
    assert height > 100

    pdf = argmap.render(m, "pdf")
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert gv.PngRenderer.binary
    assert gv.PdfRenderer.binary
    assert not gv.SvgRenderer.binary


@needs_dot
def test_write_by_extension(tmp_path: Path) -> None:
    m = MAPS["basic"]()
    for ext in ("dot", "gv", "svg", "png", "pdf"):
        out = argmap.write(m, tmp_path / f"map.{ext}")
        assert out.stat().st_size > 100


@needs_dot
def test_dot_failure_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="syntax error"):
        gv.run_dot("digraph { a -> }", "svg")


def test_dot_missing_raises_with_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no dot anywhere
    m = MAPS["basic"]()
    for fmt in ("svg", "png", "pdf"):
        with pytest.raises(GraphvizNotFoundError) as info:
            argmap.render(m, fmt)
        assert "apt-get install graphviz" in str(info.value)
        assert "brew install graphviz" in str(info.value)
        assert isinstance(info.value, RenderError)
    assert argmap.render(m, "dot").startswith("digraph argmap {")


def test_dot_missing_in_a_subprocess(tmp_path: Path) -> None:
    code = (
        "import argmap\n"
        "m = argmap.ArgumentMap(); a = m.claim('a'); b = m.claim('b'); m.support(a, b)\n"
        "print(argmap.render(m, 'dot').splitlines()[0])\n"
        "try:\n    argmap.render(m, 'svg')\n"
        "except argmap.GraphvizNotFoundError as e:\n    print('missing:', e)\n"
    )
    env = {**os.environ, "PATH": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert proc.stdout.startswith("digraph argmap {\nmissing: ")
    assert "apt-get install graphviz" in proc.stdout


def test_cli_options_arrive_as_strings(tmp_path: Path) -> None:
    from argmap.cli import main

    src = argmap.write(evidence_groups(), tmp_path / "map.json")
    out = tmp_path / "map.dot"
    code = main(
        [
            "render",
            str(src),
            "-o",
            str(out),
            "-O",
            "direction=LR",
            "-O",
            "wrap=13",
            "-O",
            "show_evidence=no",
            "-O",
            "legend=true",
            "-O",
            "theme=mono",
        ]
    )
    assert code == 0
    dot = out.read_text(encoding="utf-8")
    assert "rankdir=LR" in dot
    assert "Remote work<BR/>raises<BR/>productivity." in dot
    assert "shape=note" not in dot
    assert "<B>Legend</B>" in dot
    assert main(["render", str(src), "-o", str(tmp_path / "x.dot"), "-O", "bogus=1"]) != 0


def test_evaluation_is_of_the_whole_map_when_drawing_a_part() -> None:
    evaluate = pytest.importorskip("argmap.evaluate")
    m = ArgumentMap()  # c attacks b attacks a: grounded accepts a and c
    a, b, c = m.claim("A", id="a"), m.claim("B", id="b"), m.claim("C", id="c")
    m.rebut(b, a)
    m.rebut(c, b)
    whole = evaluate.evaluate(m, "grounded")
    part = argmap.render(m, "dot", evaluation="grounded", root="a", depth=1)
    n0 = next(x for x in part.splitlines() if x.strip().startswith("n0 ["))
    assert whole.status("a") == "accepted"
    assert "✓" in n0  # drawn alone with b, a would be rejected


# ------------------------------------------------------------------ layout at size
def _slow_map(n: int = 3_000, *, one_top_section: bool = False) -> ArgumentMap:
    """A map dot needs seconds for (many crossing edges between sections)."""
    m = ArgumentMap("slow map")
    top = m.group("all of it", id="top").id if one_top_section else None
    groups = [m.group(f"section {g}", id=f"g{g}", parent=top) for g in range(10)]
    ids = [
        m.claim(f"claim {i} with a few words of text", id=f"c{i}", group=groups[i % 10].id).id
        for i in range(n)
    ]
    for i in range(1, n):
        m.support(ids[i], ids[(i * 7919) % i])
        if i % 3 == 0:
            m.rebut(ids[i], ids[(i * 104729) % i])
    return m


@needs_dot
def test_dot_time_limit_is_a_render_error_naming_the_map(tmp_path: Path) -> None:
    m = _slow_map()
    m.source_path = str(tmp_path / "slow.argdown")
    with pytest.raises(RenderError) as info:
        # a real dot run, stopped after 1 ms: dot cannot start, read and lay out 3,000
        # statements in that time on any machine (0.2 s was not always too little)
        argmap.render(m, "svg", timeout=0.001)
    message = str(info.value)
    assert "within 0.001 s" in message
    assert "slow.argdown" in message
    assert "layout=bounded" in message
    assert "timeout=" in message


@needs_dot
def test_dot_time_limit_without_a_path_names_the_title() -> None:
    with pytest.raises(RenderError, match="'slow map'"):
        gv.run_dot(argmap.render(_slow_map(), "dot"), "svg", timeout=0.001, name="'slow map'")


def test_timeout_and_layout_options() -> None:
    m = MAPS["basic"]()
    for bad in ("-1", "soon", "nan", "inf"):
        with pytest.raises(RenderError, match="timeout"):
            argmap.render(m, "dot", timeout=bad)
    with pytest.raises(argmap.OptionError, match="timeout='-1' is not allowed: expected 0"):
        argmap.render(m, "dot", timeout="-1")
    with pytest.raises(
        argmap.OptionError, match="layout='fastest' is not allowed: expected one of auto, full"
    ):
        argmap.render(m, "dot", layout="fastest")
    with pytest.raises(
        argmap.OptionError, match="direction='up' is not allowed: expected one of auto"
    ):
        argmap.render(m, "dot", direction="up")
    assert "rankdir=LR" in argmap.render(m, "dot", direction="lr")
    dot = argmap.render(m, "dot", layout="bounded")
    assert "nslimit=" in dot
    assert "// layout: bounded (chosen by the layout option)" in dot
    assert 'comment="argmap layout=bounded' in dot
    auto = argmap.render(m, "dot")
    assert "// layout: full (auto: 3 drawn nodes" in auto
    assert "nslimit" not in auto


def test_layout_auto_by_size() -> None:
    big = _slow_map(gv.FULL_LIMIT + 1, one_top_section=True)
    dot = argmap.render(big, "dot")
    assert "// layout: bounded (auto:" in dot
    assert "newrank" not in dot  # newrank on a clustered map makes dot not finish
    assert "subgraph cluster_g" in dot


def test_newrank_only_without_clusters() -> None:
    m = evidence_groups()
    assert "newrank" not in argmap.render(m, "dot")
    assert "newrank=true" in argmap.render(m, "dot", clusters=False)


def _chain(depth: int, width: int) -> ArgumentMap:
    """``width`` reasons for each of ``depth`` claims in a chain."""
    m = ArgumentMap()
    prev = m.claim("the main claim of this little map", id="top")
    for d in range(depth):
        for w in range(width):
            m.support(m.claim(f"reason {d}.{w} for the claim above", id=f"r{d}_{w}"), prev)
        prev = f"r{d}_0"
    return m


def test_direction_auto_follows_the_maps_shape() -> None:
    assert gv.auto_direction(_chain(6, 1)) == "BT"  # deep and narrow: conclusions on top
    assert gv.auto_direction(_chain(2, 3)) == "BT"
    assert gv.auto_direction(_chain(2, 40)) == "RL"  # broad: conclusions on the left
    assert gv.auto_direction(ArgumentMap()) == "BT"
    broad = argmap.render(_chain(2, 40), "dot")
    assert "rankdir=RL" in broad
    assert "rankdir=BT" in argmap.render(_chain(2, 40), "dot", direction="BT")  # explicit wins


@needs_dot
def test_direction_auto_gives_a_page_shaped_picture() -> None:
    svg = argmap.render(_chain(2, 12), "svg")
    w, h = (float(x) for x in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    assert max(w / h, h / w) <= 2.5
    forced = argmap.render(_chain(2, 12), "svg", direction="BT")
    w, h = (float(x) for x in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', forced).groups())
    assert w / h > 2.5  # what the old fixed default gave


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_legend_points_the_way_the_diagram_does(direction: str) -> None:
    m = MAPS["all_relations"]()
    dot = argmap.render(m, "dot", direction=direction, legend=True)
    head = {"BT": "&#9650;", "TB": "&#9660;", "LR": "&#9654;", "RL": "&#9664;"}[direction]
    assert head in dot  # ▲ ▼ ▶ ◀: the support arrowhead, as drawn
    others = {"&#9650;", "&#9660;", "&#9654;", "&#9664;"} - {head}
    assert not [g for g in others if g in dot]
    # the legend sits in the graph's label, above the diagram, not among its nodes
    assert re.search(r"graph \[[^\n]*label=<<TABLE[^\n]*<B>Legend</B>", dot)
    assert "legend [" not in dot


def test_tooltips_carry_the_statements_words() -> None:
    m = ArgumentMap()
    a = m.claim("Cars pollute the air we breathe.", title="Pollution", id="a")
    b = m.claim('A "quoted" \\N text', id="b")
    m.support(a, b)
    dot = argmap.render(m, "dot")
    assert 'tooltip="Pollution: Cars pollute the air we breathe."' in dot
    assert 'tooltip="A \\"quoted\\" \\\\N text"' in dot  # \N stays text, not the node name
    assert 'tooltip="Pollution supports A \\"quoted\\" \\\\N text"' in dot


@needs_dot
def test_svg_titles_are_words_not_ids() -> None:
    m = evidence_groups()
    svg = argmap.render(m, "svg")
    root = ET.fromstring(svg)
    titles = [t.text or "" for t in root.iter(f"{SVG_NS}title")]
    assert not [t for t in titles if re.fullmatch(r"(n|r)\d+(->(n|r)\d+)?|cluster_g\d+", t)]
    tips = [a.get("{http://www.w3.org/1999/xlink}title") for a in root.iter(f"{SVG_NS}a")]
    assert any(t and "productivity" in t.lower() for t in tips)
    assert any(t.startswith("section: ") for t in titles)


# ------------------------------------------------------------------ --split sections
SEED = Path(__file__).parent.parent / "seeds" / "meta-open-models.argdown"


def test_split_sections_files_and_links() -> None:
    m = argmap.read(SEED)
    files = gv.split_sections(m, "dot")
    names = list(files)
    assert names[0] == "overview.dot"
    assert names[-1] == "index.html"
    tops = [g for g in m.groups.values() if g.parent is None]
    assert len(names) == 2 + len(tops)  # one diagram per top-level section
    overview = str(files["overview.dot"])
    for name in names[1:-1]:
        assert f'URL="{name}"' in overview  # the overview links to every section
    index = str(files["index.html"])
    for name in names[:-1]:
        assert f'href="{name}"' in index
    charity = next(str(v) for k, v in files.items() if "is-it-charity" in k)
    assert "Grist for ads" in charity
    assert "Linux path" not in charity  # another section's own statement
    # what the section argues about elsewhere: drawn dashed, linking to its section
    assert re.search(r'Charity dries up.*style="rounded,filled,dashed".*URL="section-01-', charity)


def test_split_sections_cli(tmp_path: Path) -> None:
    from argmap.cli import main

    out = tmp_path / "out"
    assert main(["render", str(SEED), "--split", "sections", "--to", "dot", "-o", str(out)]) == 0
    assert (out / "index.html").exists()
    assert (out / "overview.dot").exists()
    assert len(list(out.glob("section-*.dot"))) == 7
    assert main(["render", str(SEED), "--split", "sections", "-o", "-"]) == 2
    with pytest.raises(RenderError, match="svg, png, pdf or dot"):
        gv.split_sections(argmap.read(SEED), "json")


@needs_dot
def test_split_sections_svg_links_are_real(tmp_path: Path) -> None:
    files = gv.split_sections(argmap.read(SEED), "svg")
    root = ET.fromstring(str(files["overview.svg"]))
    hrefs = {a.get("{http://www.w3.org/1999/xlink}href") for a in root.iter(f"{SVG_NS}a")}
    assert {h for h in hrefs if h} == {n for n in files if n.startswith("section-")}


@needs_dot
def test_layout_sections_composes_one_svg() -> None:
    m = argmap.read(SEED)
    svg = argmap.render(m, "svg", layout="sections")
    root = ET.fromstring(svg)  # one well-formed SVG
    placed = [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "section"]
    assert len(placed) == len([g for g in m.groups.values() if g.parent is None])
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))  # the sections' ids were made unique
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    for word in ("Meta keeps giving", "Grist for ads", "Linux path"):
        assert word in texts
    assert "argmap layout=sections" in svg
    titles = [t.text or "" for t in root.iter(f"{SVG_NS}title")]
    assert not [t for t in titles if re.fullmatch(r"(n|r)\d+(->(n|r)\d+)?|box\d+(->box\d+)?", t)]


@needs_dot
def test_layout_sections_for_png_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="argmap"):
        png = argmap.render(argmap.read(SEED), "png", layout="sections")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "SVG only" in caplog.text


def _broad_map(sections: int = 6, reasons: int = 25) -> ArgumentMap:
    """Sections of one claim with many reasons each: broad and shallow, like a debate."""
    m = ArgumentMap("broad map")
    claims = []
    for s in range(sections):
        g = m.group(f"Section {s}", id=f"s{s}")
        top = m.claim(f"the claim of section {s}", id=f"c{s}", group=g.id)
        claims.append(top.id)
        for r in range(reasons):
            m.support(m.claim(f"reason {r} for claim {s} in a few words", group=g.id), top)
    for s in range(1, sections):  # and a word on the section before
        m.rebut(m.claim(f"an objection to claim {s - 1}", group=f"s{s}"), claims[s - 1])
    return m


def _svg_aspect(svg: str) -> float:
    found = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert found is not None
    w, h = float(found.group(1)), float(found.group(2))
    return max(w / h, h / w)


@needs_dot
def test_layout_auto_draws_a_broad_map_section_by_section() -> None:
    """One layout of a broad, shallow map is a sliver (measured here: its SVG); auto
    predicts that and draws it section by section, page-shaped."""
    m = _broad_map()
    assert "// layout: sections (auto: " in argmap.render(m, "dot")
    assert "predicted for one layout" in argmap.render(m, "dot")
    one = argmap.render(m, "svg", layout="full", wrap_ranks=False)
    assert _svg_aspect(one) > 5
    # wrapping its wide ranks makes one layout page-shaped too
    assert _svg_aspect(argmap.render(m, "svg", layout="full")) <= 1.8
    auto = argmap.render(m, "svg")
    assert "argmap layout=sections" in auto
    assert _svg_aspect(auto) <= 2.5
    # a page-shaped map keeps one layout; an explicit layout wins
    assert "// layout: full (auto: " in argmap.render(_broad_map(2, 3), "dot")
    assert "argmap layout=full" in argmap.render(m, "svg", layout="full")


@needs_dot
def test_layout_auto_measures_the_first_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the prediction is too kind, the first dot layout (its bounding box) shows
    the sliver, and the SVG is drawn section by section after all."""
    monkeypatch.setattr(gv, "_predicted_aspects", lambda amap, wrap=32: (1.0, 1.0))
    m = _broad_map()
    assert "// layout: full (auto: " in argmap.render(m, "dot", direction="RL")
    svg = argmap.render(m, "svg", direction="RL")
    assert "argmap layout=sections" in svg
    assert _svg_aspect(svg) <= 2.5


@needs_dot
def test_layout_auto_sections_for_png_is_one_layout(caplog: pytest.LogCaptureFixture) -> None:
    """PNG cannot be composed: a broad map's auto layout falls back without a warning."""
    with caplog.at_level("WARNING", logger="argmap"):
        png = argmap.render(_broad_map(), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "SVG only" not in caplog.text


def test_sections_that_argue_most_are_placed_side_by_side() -> None:
    from argmap.renderers import _sections

    sizes = [(100.0, 100.0)] * 6
    # sections 0 and 5 argue a lot, 2 and 4 too; the map's order puts them far apart
    tally = {
        (0, 5): {RelationKind.SUPPORT: 20},
        (4, 2): {RelationKind.ATTACK: 15},
        (1, 3): {RelationKind.SUPPORT: 1},
    }
    boxes = _sections._place(sizes, tally)
    centre = [(x + w / 2, y + h / 2) for x, y, w, h in boxes]
    import math

    def gap(i: int, j: int) -> float:
        return math.dist(centre[i], centre[j])

    step = 100 + _sections._GAP
    assert gap(0, 5) == pytest.approx(step)
    assert gap(2, 4) == pytest.approx(step)
    in_order = _sections._rows(sizes, list(range(6)))
    assert len({(x, y) for x, y, _, _ in boxes}) == 6  # no two in one place
    assert {(w, h) for _, _, w, h in boxes} == {(w, h) for _, _, w, h in in_order}


SEED_MAIN = {"direction": "RL", "root": "Meta keeps giving", "depth": 1, "show_evidence": False}


def _one_broad_section(arguments: int = 40) -> ArgumentMap:
    """One section whose sub-section of arguments has no relation inside it: dot puts
    all the arguments in one rank (like the generated 100-statement debate)."""
    m = ArgumentMap("one broad section")
    top = m.group("Topic", id="top")
    cg = m.group("Claims", id="claims", parent=top.id)
    ag = m.group("Arguments", id="args", parent=top.id)
    text = "Claim {} says something that takes a line or two of text"
    claims = [m.claim(text.format(i), group=cg.id) for i in range(3)]
    for i in range(arguments):
        p = m.claim(f"Premise {i}, a reason given for the argument", group=cg.id)
        m.argument([p.id], claims[i % 3].id, title=f"Argument {i}", group=ag.id)
    return m


def _drawn_edges(svg: str) -> int:
    return len(re.findall(r'<g id="(?:s\d+_)?edge\d+" class="edge', svg))


@needs_dot
def test_wide_ranks_are_wrapped_to_a_page() -> None:
    """One section, one layout: its rank of 40 arguments makes a 1:6 sliver; cut into
    parts one behind the other it comes within the page-to-screen range, with the same
    edges drawn (the cuts are invisible) and the DOT text unchanged."""
    m = _one_broad_section()
    dot = argmap.render(m, "dot")
    assert "// layout: full (auto: " in dot
    assert "invis" not in dot
    sliver = argmap.render(m, "svg", wrap_ranks=False)
    wrapped = argmap.render(m, "svg")
    assert _svg_aspect(sliver) > 4
    assert _svg_aspect(wrapped) <= 1.8
    assert "argmap layout=full" in wrapped
    assert _drawn_edges(wrapped) == _drawn_edges(sliver) == dot.count(" -> ")
    assert argmap.render(m, "dot", wrap_ranks=False) == dot


@needs_dot
def test_sections_wrap_their_wide_ranks() -> None:
    """Drawn section by section, two sections of 40 reasons each are two 1:10 slivers
    side by side; with their ranks wrapped the picture is page-shaped."""
    m = _broad_map(2, 40)
    wrapped = argmap.render(m, "svg")
    sliver = argmap.render(m, "svg", wrap_ranks=False)
    assert "argmap layout=sections" in wrapped
    assert "argmap layout=sections" in sliver
    assert _svg_aspect(sliver) > 2.5
    assert _svg_aspect(wrapped) <= 1.8
    assert _drawn_edges(wrapped) == _drawn_edges(sliver) == 80  # those inside the sections


@needs_dot
def test_narrow_ranks_are_not_wrapped() -> None:
    """The seed map (at most six boxes of one section in a rank) is drawn as before."""
    seed = argmap.read(SEED)
    assert argmap.render(seed, "svg") == argmap.render(seed, "svg", wrap_ranks=False)


def test_ports_dot_cannot_route_are_taken_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Graphviz 2.43 fails on some ports ("lost n1 n0 edge"): only those edges lose
    their ports, and the layout is run again."""
    source = (
        "digraph argmap {\n"
        "  n1 -> n0 [color=red, headport=ne, tailport=sw]\n"
        "  n2 -> n0 [color=red, headport=nw]\n"
        "}\n"
    )
    seen: list[str] = []

    def run_dot(text: str, fmt: str, **_: Any) -> bytes:
        seen.append(text)
        if "n1 -> n0 [color=red, headport" in text:
            raise RenderError("Graphviz dot failed: Error: lost n1 n0 edge")
        return b"laid out"

    monkeypatch.setattr(gv, "run_dot", run_dot)
    fixed, out = gv._routed(source, "svg", 0, "x")
    assert out == b"laid out"
    assert len(seen) == 2
    assert "  n1 -> n0 [color=red]\n" in fixed
    assert "  n2 -> n0 [color=red, headport=nw]\n" in fixed
    # a failure that names no edge is not retried
    monkeypatch.setattr(gv, "run_dot", lambda *a, **k: (_ for _ in ()).throw(RenderError("x")))
    with pytest.raises(RenderError):
        gv._routed(source, "svg", 0, "x")


@needs_dot
def test_section_titles_are_moved_off_the_edges() -> None:
    """dot runs the README picture's support from "Not charity" through the title of
    "The question and the main positions"; moving (or narrowing) the titles clears it."""
    source = gv._spread_arrowheads(argmap.render(argmap.read(SEED), "dot", **SEED_MAIN), 0, "x")
    assert gv._label_crossings(source, 0, "x")
    cleared = gv._clear_labels(source, 0, "x")
    assert gv._label_crossings(cleared, 0, "x") == set()
    assert cleared.count(" -> ") == source.count(" -> ")


def test_spline_points_reads_an_edge_drawn_as_several_splines() -> None:
    """dot writes an edge it draws as several splines as ``pos`` parts separated by
    ``;`` (the generated 500-statement debate, ``layout=full``): each part is read, where
    before the title check crashed on the number ``"33809;e,331,33804"``."""
    one = "e,10,0 0,0 3,0 6,0 9,0"
    two = "e,30,5 20,5 23,5 26,5 29,5"
    points = gv._spline_points(f"{one};{two}", steps=3)
    assert len(points) == 8
    assert points[0] == (0.0, 0.0)
    assert points[3] == (9.0, 0.0)
    assert points[4] == (20.0, 5.0)
    assert points[-1] == (29.0, 5.0)
    assert gv._spline_points(one, steps=3) == points[:4]


def test_flip_labels_only_touches_the_named_clusters() -> None:
    m = ArgumentMap()
    g0 = m.group('labeljust=l, labelloc=t, class="group"]', id="g0")  # hostile title
    g1 = m.group("Second section with a longer title than most", id="g1")
    m.support(m.claim("a", group=g0.id), m.claim("b", group=g1.id))
    dot = argmap.render(m, "dot", direction="RL")

    def groups(source: str) -> list[str]:
        return [line for line in source.splitlines() if line.endswith('class="group"]')]

    before = groups(dot)
    after = groups(gv._flip_labels(dot, {"cluster_g1"}, (0, 1, 2)))
    assert after[0] == before[0]
    assert after[1].endswith('labeljust=r, labelloc=b, class="group"]')
    assert "<B>Second section with a<BR/>longer title than most</B>" in after[1]
    moved = groups(gv._flip_labels(dot, {"cluster_g0"}, (1,)))
    assert moved[0].endswith('labeljust=l, labelloc=b, class="group"]')
    assert "<B>labeljust=l, labelloc=t, class=&quot;group&quot;&#93;</B>" in moved[0]
    assert moved[1] == before[1]
    # words, and the entities in them, are never split
    long = ArgumentMap()
    g = long.group("Tom&Jerry's_extraordinarily_long_compound_word and more", id="g")
    long.support(long.claim("a", group=g.id), long.claim("b"))
    narrow = groups(gv._flip_labels(argmap.render(long, "dot"), {"cluster_g0"}, (2,)))
    assert "<B>Tom&amp;Jerry&#39;s_extraordinarily_long_compound_word<BR/>and more</B>" in narrow[0]


def _close_arrowheads(source: str) -> list[tuple[str, str, str]]:
    """Pairs of arrow ends that meet one node less than 9 pt apart in dot's layout."""
    import math

    plain = gv.run_dot(source, "plain").decode("utf-8")
    _, ends = gv._arrow_ends(source, plain)
    at: dict[str, list[tuple[str, str, str, float, float]]] = {}
    for end in ends:
        at.setdefault(end[0], []).append(end)
    return [
        (node, a[1] + "->" + a[2], b[1] + "->" + b[2])
        for node, here in at.items()
        for i, a in enumerate(here)
        for b in here[i + 1 :]
        if math.dist(a[3:], b[3:]) < 9
    ]


@needs_dot
@pytest.mark.graphviz
@pytest.mark.parametrize("depth", [None, 1])
def test_each_arrowhead_meets_its_node_at_a_point_of_its_own(depth: int | None) -> None:
    """On the seed map (clusters and all), arrowheads that dot would land on one spot
    are moved to compass ports of their own."""
    seed = argmap.read(Path(__file__).parent.parent / "seeds" / "meta-open-models.argdown")
    opts: dict[str, Any] = {"direction": "RL"}
    if depth is not None:
        opts.update(root="Meta keeps giving", depth=depth, show_evidence=False)
    source = gv.to_dot(seed, **opts)
    assert _close_arrowheads(source), "the seed map no longer shows the problem"
    spread = gv._spread_arrowheads(source, 0, "seed")
    assert "headport=" in spread
    assert _close_arrowheads(spread) == []


def _undercut_in_two_sections() -> ArgumentMap:
    """Two top-level sections (one nested), an undercut of a link in each, and
    relations between the sections."""
    m = ArgumentMap("two sections")
    a, b = m.group("A"), m.group("B")
    inner = m.group("B inner", parent=b)
    for i in range(3):
        m.claim(f"a{i}", id=f"a{i}", group=a)
        m.claim(f"b{i}", id=f"b{i}", group=inner if i else b)
    m.relate("support", "a1", "a0")
    m.relate("undercut", "a2", m.relate("attack", "a0", "a1"))  # a link undercut in A
    m.relate("undercut", "b2", m.relate("support", "b1", "b0"))
    m.relate("attack", "b0", "a0")  # across the sections
    m.relate("support", "a2", "b2")
    m.claim("loose", id="loose")  # in no section
    m.relate("attack", "loose", "b1")
    return m


@needs_dot
@pytest.mark.parametrize("which", ["seed", "undercuts"])
def test_layout_sections_gives_elements_the_ids_of_the_whole_drawing(which: str) -> None:
    # the viewer finds each statement, edge, section and undercut point by the id it has
    # in a drawing of the whole map; layout=sections must give the same ids (and titles)
    m = argmap.read(SEED) if which == "seed" else _undercut_in_two_sections()
    opts = {"title": False, "legend": False}

    def elements(layout: str) -> dict[str, str]:
        svg = gv._draw_map(
            m, "svg", gv._parse_options({**opts, "layout": layout}), element_ids="am-"
        )
        assert isinstance(svg, str)
        root = ET.fromstring(svg)
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids))
        found = {}
        for e in root.iter(f"{SVG_NS}g"):
            name = e.get("id") or ""
            title = e.find(f"{SVG_NS}title")
            if re.fullmatch(r"am-(n\d+|r\d+|cluster_g\d+)(~(n|r)\d+)?", name):
                found[name] = (title.text or "") if title is not None else ""
        return found

    whole, composed = elements("bounded"), elements("sections")
    nodes = {k for k in whole if re.fullmatch(r"am-n\d+", k)}
    assert len(nodes) == len(list(m.nodes()))
    assert {k: composed.get(k) for k in nodes} == {k: whole[k] for k in nodes}
    clusters = {k for k in whole if "cluster" in k}
    assert clusters
    assert clusters <= set(composed)
    # every edge of the composed drawing is an edge of the whole one, with its title;
    # only the edges between sections are missing (the sections are drawn apart)
    edges = {k: v for k, v in composed.items() if "~" in k}
    assert edges
    assert {k: whole.get(k) for k in edges} == edges
    assert len(edges) < len([k for k in whole if "~" in k])
    if which == "undercuts":
        points = {k for k in whole if re.fullmatch(r"am-r\d+", k)}
        assert len(points) == 2
        assert points <= set(composed)


def _two_sections(nested: bool = False) -> ArgumentMap:
    m = ArgumentMap()
    g1 = m.group("One", id="g1")
    g2 = m.group("Two", id="g2", parent="g1" if nested else None)
    a = m.claim("A", id="a", group=g1.id)
    b = m.claim("B", id="b", group=g1.id)
    c = m.claim("C", id="c", group=g2.id)
    m.support(b, a)
    m.attack(c, a)
    m.contradict(c, b)
    return m


def test_cross_minlen_lengthens_only_the_edges_between_sections() -> None:
    m = _two_sections()
    builder = gv._prepare(m, gv._parse_options({"direction": "BT"}))
    source = builder.build()
    home = gv._section_homes(builder)
    assert home == {"n0": "g1", "n1": "g1", "n2": "g2"}
    longer = gv._cross_minlen(source, home)
    assert longer is not None
    edges = {(m_.group(1), m_.group(2)): m_.group(3) for m_ in gv._EDGE_LINE.finditer(longer)}
    assert edges["n2", "n0"].endswith(", minlen=2")  # the attack between the sections
    assert "minlen" not in edges["n1", "n0"]  # within a section
    # the contradiction has no rank constraint, a minimum length means nothing to it
    assert all("minlen" not in spec for spec in edges.values() if "constraint=false" in spec)
    assert gv._cross_minlen(source, {}) is None


@needs_dot
def test_seed_map_edges_between_sections_are_kept_shorter() -> None:
    """Issue 11: in the seed map's full picture the relations from the other sections
    to the main positions ran across the stack of sections (the longest 1,787 pt); with
    the edges between sections a rank longer the main positions stand beside the stack,
    and the layout is kept because its edges are shorter, its shape no worse."""
    m = argmap.read(SEED)
    builder = gv._prepare(m, gv._parse_options({"direction": "RL"}))
    source = builder.build()
    plain = gv.run_dot(source, "plain").decode()
    kept, laid = gv._shorter_between_sections(builder, source, plain, 0, "seed")
    assert "minlen=2" in kept
    assert gv._edge_stretch(laid) <= gv._SECTION_GAIN * gv._edge_stretch(plain)
    assert gv._page_miss(gv._plain_aspect(laid)) <= gv._page_miss(gv._plain_aspect(plain)) + (
        gv._SECTION_SHAPE
    )
    assert gv._page_size(laid) <= gv._SECTION_SIZE * gv._page_size(plain)


@needs_dot
def test_a_map_without_sections_to_keep_apart_is_laid_out_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    m = _two_sections(nested=True)  # one top-level section only
    builder = gv._prepare(m, gv._parse_options({}))
    source = builder.build()
    runs: list[str] = []
    monkeypatch.setattr(gv, "run_dot", lambda *a, **k: runs.append(a[0]) or b"")
    assert gv._shorter_between_sections(builder, source, "plain", 0, "x") == (source, "plain")
    assert runs == []
