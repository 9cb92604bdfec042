"""argmap's own documentation: it builds with warnings as errors, its tutorial draws the
real seed map inline, and the plugin guide's example plugin passes the checks it shows."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("myst_parser")
pytest.importorskip("furo")

from hypothesis import given, settings

import argmap
from argmap.testing import assert_reader_robust, assert_round_trip, maps
from markers import ROOT, needs_dot

DOCS = ROOT / "docs"
SEED = ROOT / "seeds" / "meta-open-models.argdown"


@pytest.mark.graphviz
@needs_dot
def test_docs_build_with_warnings_as_errors(tmp_path: Path) -> None:
    out = tmp_path / "html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = (out / "getting-started.html").read_text(encoding="utf-8")
    maps_drawn = re.findall(r'<div class="argmap[^"]*"[^>]*><svg role="img".*?</svg>', page, re.S)
    assert len(maps_drawn) >= 4
    # the first map is docs/examples/first.argdown, the later ones parts of the real seed
    assert "Our team should publish" in maps_drawn[0]
    seed = argmap.read(SEED)
    charity = seed.statements["Charity dries up"]
    assert ">Charity dries up<" in maps_drawn[1]  # its title, drawn as SVG text
    assert 'aria-label="' + charity.text.replace("'", "&#x27;") + '"' in maps_drawn[1]
    # the CLI reference is generated from the real parser
    cli = (out / "cli.html").read_text(encoding="utf-8")
    assert "usage: argmap render" in cli
    # the option tables are generated from the renderers' declarations
    assert "a whole number &gt;= 0" in cli
    plugins = (out / "plugins.html").read_text(encoding="utf-8")
    assert plugins.count('class="argmap-options') >= 5
    _api_page_lists_every_public_member((out / "api.html").read_text(encoding="utf-8"))


PUBLIC_MODULES = (
    "argmap",
    "argmap.plugin",
    "argmap.testing",
    "argmap.evaluate",
    "argmap.sphinx",
    "argmap.mkdocs",
    "argmap.corpus",
)
#: Members a plugin author needs that are not in ``__all__`` themselves.
AUTHOR_MEMBERS = (
    "argmap.plugin.Renderer.render",
    "argmap.plugin.Renderer.render_map",
    "argmap.plugin.Reader.parse",
    "argmap.plugin.Reader.parse_map",
    "argmap.plugin.Reader.encoding",
    "argmap.plugin.Plugin.media_type",
    "argmap.plugin.Plugin.api_version",
    "argmap.plugin.Plugin.Options",
    "argmap.ArgumentMap.relations",
    "argmap.ArgumentMap.arguments",
    "argmap.ArgumentMap.groups",
    "argmap.ArgumentMap.claims",
    "argmap.ArgumentMap.evidence_items",
    "argmap.Statement.label",
    "argmap.Statement.is_evidence",
)


def _api_page_lists_every_public_member(page: str) -> None:
    """Every name in ``__all__`` of each public module is described on the API page (an
    object description with its id), or, for the errors, linked to its description."""
    import importlib

    described = set(re.findall(r'\bid="([^"]+)"', page))
    linked = set(re.findall(r'href="errors\.html#([^"]+)"', page))
    missing = [
        f"{name}.{member}"
        for name in PUBLIC_MODULES
        for member in importlib.import_module(name).__all__
        if f"{name}.{member}" not in described | linked
    ]
    missing += [m for m in AUTHOR_MEMBERS if m not in described]
    assert missing == []


def _example_plugin() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "argmap_edgelist", DOCS / "examples" / "argmap_edgelist.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["argmap_edgelist"] = module  # as an import would (type hints resolve in it)
    spec.loader.exec_module(module)
    return module


EDGES = _example_plugin()
EXAMPLE = "keep: Meta keeps giving.\ncharity: Charity dries up.\ncharity -> keep\n"


def _edge_list_part(amap: argmap.ArgumentMap) -> argmap.ArgumentMap:
    out = argmap.ArgumentMap()
    for s in amap.statements.values():
        out.add(argmap.Statement(id=s.id, text=" ".join(s.text.split())))
    for r in amap.relations.values():
        if r.source in out.statements and r.target in out.statements:
            out.add(argmap.Relation(id=r.id, kind=r.kind, source=r.source, target=r.target))
    return out


def test_guide_example_reader_raises_only_argmap_errors() -> None:
    assert_reader_robust(EDGES.EdgeListReader(), seeds=[EXAMPLE], max_examples=100)


@settings(max_examples=50, deadline=None)
@given(maps(evidence=False, arguments=False, groups=False, tags=False, meta=False, plain=True))
def test_guide_example_round_trip(amap: argmap.ArgumentMap) -> None:
    assert_round_trip(_edge_list_part(amap), EDGES.EdgeListRenderer(), EDGES.EdgeListReader())


def test_guide_example_errors_are_located() -> None:
    with pytest.raises(argmap.ArgmapSyntaxError) as info:
        EDGES.EdgeListReader().parse("keep: a\nkeep => b\n", path="x.edges")
    assert (info.value.line, info.value.column) == (2, 1)
    assert str(info.value).startswith("x.edges:2:1: not a statement or a relation")


def test_guide_example_refuses_what_it_cannot_write() -> None:
    # the seed's ids are Argdown titles with spaces, which an edge list cannot carry
    with pytest.raises(argmap.RenderError, match="cannot be written in an edge list"):
        argmap.render(argmap.read(SEED), EDGES.EdgeListRenderer())
    back = EDGES.EdgeListReader().parse(EXAMPLE)
    assert argmap.render(back, EDGES.EdgeListRenderer()) == EXAMPLE


def test_guide_example_options_are_typed_and_checked() -> None:
    amap = argmap.parse("keep: Meta keeps giving.\nx -> keep\n", EDGES.EdgeListReader(),
                        undefined="CREATE")  # fmt: skip
    assert amap.statements["x"].text == "x"
    out = argmap.render(amap, EDGES.EdgeListRenderer(), sort="yes", width="4")
    assert out == "keep: Meta\nx: x\nx -> keep\n"
    with pytest.raises(argmap.OptionError, match=r"width='wide' is not allowed: expected a wh"):
        argmap.render(amap, EDGES.EdgeListRenderer(), width="wide")
    with pytest.raises(argmap.OptionError, match="one of error, create"):
        EDGES.EdgeListReader().parse("a: b\n", undefined="ignore")
    assert EDGES.EdgeListRenderer.api_version == 2
