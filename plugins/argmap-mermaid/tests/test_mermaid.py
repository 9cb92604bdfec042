"""Tests of the Mermaid renderer, written as a plugin's tests should be (see README)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from argmap_mermaid import MermaidRenderer, escape, to_mermaid
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgumentMap, RelationKind, RenderError, Source
from argmap.plugin import visible
from argmap.testing import maps

# ---------------------------------------------------------------- the promised grammar
LABEL = r'(?:[^"<>\n]|<b>|</b>|<i>|</i>|<br/>)*'
LINE = re.compile(
    "|".join(
        [
            r"---",
            r'title: "(?:[^"\\\n]|\\.)*"',
            r"flowchart (?:BT|TB|LR|RL)",
            r"  classDef \w+ [\w:#.,% -]+",
            rf' +n\d+(?:\("{LABEL}"\)|\[/"{LABEL}"/\]|\[\["{LABEL}"\]\])',
            r' +p\d+\(\(" "\)\)',
            rf' +subgraph g\d+\["{LABEL}"\]',
            r" +end",
            r" +[np]\d+ (?:-->|--x|-\.-x|<==>|---) [np]\d+",
            r"  class [np]\d+(?:,[np]\d+)* (?:claim|evidence|argument|link)",
            r"  linkStyle \d+(?:,\d+)* [\w:#.,% -]+",
        ]
    )
)
NODE = re.compile(rf' +(n\d+)(?:\("({LABEL})"\)|\[/"({LABEL})"/\]|\[\["({LABEL})"\]\])$')
LINK = re.compile(r" +([np]\d+) (-->|--x|-\.-x|<==>|---) ([np]\d+)$")


def _decode(label: str) -> str:
    text = label.replace("<br/>", "\n")
    text = re.sub(r"</?[bi]>", "", text)
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


def _check_grammar(out: str) -> None:
    lines = out.split("\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert LINE.fullmatch(line), f"line outside the grammar: {line!r}"


# ---------------------------------------------------------------- discovery
def test_found_through_its_entry_point() -> None:
    infos = [p for p in argmap.plugins() if p.name == "mermaid"]
    assert len(infos) == 1
    info = infos[0]
    assert info.distribution == "argmap-mermaid"
    assert info.kind == "renderer"
    assert info.status == "ok"
    assert info.extensions == (".mmd", ".mermaid")
    assert isinstance(argmap.get_renderer("mermaid"), MermaidRenderer)
    assert isinstance(argmap.get_renderer("mmd"), MermaidRenderer)


def test_write_by_extension(tmp_path: Path) -> None:
    m = _example()
    for name in ("map.mmd", "map.mermaid"):
        path = argmap.write(m, tmp_path / name)
        assert path.read_text(encoding="utf-8") == to_mermaid(m)


# ---------------------------------------------------------------- exact output
def _example() -> ArgumentMap:
    m = ArgumentMap('Veggie "debate"')
    sec = m.group("Health")
    veg = m.claim("We should all be vegetarian.", title="Veggie")
    p1 = m.claim("Meat causes avoidable suffering.", group=sec)
    p2 = m.claim("Avoidable suffering is wrong.")
    arg = m.argument([p1, p2], veg, title="Suffering")
    m.undercut(m.claim("Fish may not feel pain."), arg)
    link = m.support(m.claim("It is our tradition."), veg)
    m.undercut(m.claim("Tradition justifies nothing."), link)
    ev = m.evidence(
        "Vegetarians live 3 years longer.", Source(title="Cohort <study>", published="2019")
    )
    m.rebut(ev, m.claim("Meat is needed for health.", group=sec))
    m.contradict("meat-is-needed-for-health", "vegetarians-live-3-years-longer")
    return m


EXPECTED = """\
---
title: "Veggie \\"debate\\""
---
flowchart BT
  classDef claim fill:#FFFFFF,stroke:#0072B2,stroke-width:1.5px,color:#000000
  classDef evidence fill:#FFF6D5,stroke:#A07A00,stroke-width:1.5px,color:#000000
  classDef argument fill:#D7E9F7,stroke:#0072B2,stroke-width:2px,color:#000000
  classDef link fill:#444444,stroke:#444444
  subgraph g0["Health"]
    n1("Meat causes avoidable suffering.")
    n7("Meat is needed for health.")
  end
  n0("<b>Veggie</b><br/>We should all be vegetarian.")
  n2("Avoidable suffering is wrong.")
  n3("Fish may not feel pain.")
  n4("It is our tradition.")
  n5("Tradition justifies nothing.")
  n6[/"Vegetarians live 3 years longer.<br/><i>Cohort #60;study#62;, 2019</i>"/]
  n8[["<b>Suffering</b>"]]
  p0((" "))
  n1 --- n8
  n2 --- n8
  n8 --> n0
  n3 -.-x n8
  n4 --- p0
  p0 --> n0
  n5 -.-x p0
  n6 --x n7
  n7 <==> n6
  class n0,n1,n2,n3,n4,n5,n7 claim
  class n6 evidence
  class n8 argument
  class p0 link
  linkStyle 0,1 stroke:#666666,stroke-width:1px
  linkStyle 2,4,5 stroke:#009E73,stroke-width:2px
  linkStyle 3,6 stroke:#CC79A7,stroke-width:2px,stroke-dasharray:2 3
  linkStyle 7 stroke:#D55E00,stroke-width:2px,stroke-dasharray:6 4
  linkStyle 8 stroke:#0072B2,stroke-width:3px
"""


def test_exact_output() -> None:
    out = argmap.render(_example(), "mermaid")
    assert out == EXPECTED
    _check_grammar(out)


def test_options() -> None:
    m = _example()
    assert "flowchart LR" in argmap.render(m, "mermaid", direction="lr")
    assert "title:" not in argmap.render(m, "mermaid", title="false")
    assert "subgraph" not in argmap.render(m, "mermaid", clusters=False)
    assert "Meat causes<br/>avoidable<br/>suffering." in argmap.render(m, "mermaid", wrap="12")
    assert "We should all be vegetarian." in argmap.render(m, "mermaid", wrap="0")
    no_ev = argmap.render(m, "mermaid", show_evidence=False)
    assert "[/" not in no_ev
    _check_grammar(no_ev)
    small = argmap.render(m, "mermaid", root="fish-may-not-feel-pain")
    assert small.count('("') == 1


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"colour": "red"}, "its options are: direction"),
        ({"direction": "up"}, "direction"),
        ({"wrap": "wide"}, "wrap"),
        ({"title": "maybe"}, "title"),
        ({"root": "nope"}, "nope"),
    ],
)
def test_bad_options(options: dict[str, object], match: str) -> None:
    with pytest.raises(RenderError, match=match):
        argmap.render(_example(), "mermaid", **options)


def test_escape() -> None:
    assert escape('a "b" #c; <d> & e') == "a #34;b#34; #35;c#59; #60;d#62; #38; e"
    assert escape("`x` [y] {z} (w) |v| \\") == (
        "#96;x#96; #91;y#93; #123;z#125; #40;w#41; #124;v#124; #92;"
    )
    assert escape("ünï 論証 🙂") == "ünï 論証 🙂"
    assert escape("\u200b") == "#8203;"


# ---------------------------------------------------------------- properties
def _expected_links(amap: ArgumentMap) -> int:
    explicit = {
        (r.source, r.target) for r in amap.relations.values() if r.kind is RelationKind.SUPPORT
    }
    n = sum(len(a.premises) for a in amap.arguments.values())
    n += sum(
        1
        for a in amap.arguments.values()
        if a.conclusion is not None and (a.id, a.conclusion) not in explicit
    )
    n += len(amap.relations)
    n += sum(
        1 for r in amap.relations.values() if any(x.target == r.id for x in amap.relations.values())
    )
    return n


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(), st.sampled_from([0, 12, 32]))
def test_any_map_gives_valid_mermaid(amap: ArgumentMap, width: int) -> None:
    out = to_mermaid(amap, wrap=width)
    _check_grammar(out)
    lines = out.split("\n")
    nodes = {
        m.group(1): next(g for g in m.groups()[1:] if g is not None)
        for m in map(NODE.fullmatch, lines)
        if m
    }
    assert len(nodes) == len(amap)
    links = [m.groups() for m in map(LINK.fullmatch, lines) if m]
    assert len(links) == _expected_links(amap)
    styled = sorted(
        int(i)
        for line in lines
        if line.startswith("  linkStyle ")
        for i in line.split()[1].split(",")
    )
    assert styled == list(range(len(links)))
    # every label decodes back to the node's text (wrapped, whitespace collapsed)
    for i, node in enumerate(amap.nodes()):
        decoded = _decode(nodes[f"n{i}"])
        text = node.text or ""
        clean = " ".join(
            visible(  # format characters are shown as escapes (argmap's displayed-text rule)
                re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", "", text.replace("\r", "\n"))
            ).split()
        )
        # long words may be split across lines, so compare without whitespace
        assert "".join(clean.split()) in "".join(decoded.split()), (clean, decoded)


def test_deterministic() -> None:
    assert to_mermaid(_example()) == to_mermaid(_example())


# ---------------------------------------------------------------- the real Mermaid
MMDC = os.environ.get("ARGMAP_MMDC") or shutil.which("mmdc")


@pytest.mark.skipif(MMDC is None, reason="Mermaid CLI (mmdc) not found; set ARGMAP_MMDC")
def test_real_mermaid_draws_it(tmp_path: Path) -> None:
    src = tmp_path / "map.mmd"
    src.write_text(to_mermaid(_example()), encoding="utf-8")
    out = tmp_path / "map.svg"
    config = tmp_path / "puppeteer.json"
    browser = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    config.write_text(
        json.dumps({"args": ["--no-sandbox"], **({"executablePath": browser} if browser else {})})
    )
    proc = subprocess.run(
        [str(MMDC), "-p", str(config), "-i", str(src), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    svg = out.read_text(encoding="utf-8")
    assert "Cohort &lt;study&gt;" in svg or "Cohort &#60;study&#62;" in svg
    assert svg.count('class="node') + svg.count("class='node") >= 9
