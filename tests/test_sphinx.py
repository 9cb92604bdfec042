"""The Sphinx extension ``argmap.sphinx``: real Sphinx builds of the test roots in
``tests/roots/test-argmap-*`` (copied to a temporary directory by sphinx.testing)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sphinx")

import argmap
import argmap.sphinx as ext
from markers import needs_dot

pytest_plugins = ("sphinx.testing.fixtures",)

pytestmark = [pytest.mark.graphviz, needs_dot]

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def build(make_app: Any, tmp_path: Path) -> Any:
    """``build(root, builder, **kwargs)``: copy ``tests/roots/test-<root>`` to a temporary
    source directory (once per test) and build it; returns the finished app."""

    def run(root: str, builder: str = "html", **kwargs: Any) -> Any:
        srcdir = tmp_path / root
        if not srcdir.exists():
            shutil.copytree(ROOTS / f"test-{root}", srcdir)
        app = make_app(builder, srcdir=srcdir, **kwargs)
        app.build()
        return app

    return run


@pytest.fixture
def render_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every rendering (a call of the svg, pdf or text renderer's ``render``) made during
    the test, by format. The renderer classes are patched: ``argmap.render`` itself may be
    rebound by Python when the ``argmap.render`` package is first imported."""
    calls: list[str] = []
    for name in ("svg", "pdf", "text", "html"):
        cls = type(argmap.get_renderer(name))
        real = cls.render

        def counting(self: Any, amap: Any, /, _real: Any = real, **options: Any) -> Any:
            calls.append(self.name)
            return _real(self, amap, **options)

        monkeypatch.setattr(cls, "render", counting)
    return calls


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, flags=re.S)


def test_rst_html_inlines_svg(build: Any) -> None:
    app = build("argmap-rst", "html")
    assert app.warning.getvalue() == ""
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    svgs = _svgs(page)
    assert len(svgs) == 3
    # the text of the map is real SVG text (selectable), not pixels
    assert re.search(r"<text[^>]*>[^<]*Meta will keep releasing", svgs[0])
    # default alt: the main claim; explicit alt when given
    assert 'aria-label="Meta will keep releasing open models."' in svgs[0]
    assert 'aria-label="Two claims in conflict"' in svgs[1]
    assert "<?xml" not in page
    assert "<!DOCTYPE svg" not in page
    # the caption makes a numbered figure with the anchor of :name:
    assert re.search(r'<figure[^>]*id="fig-debate"', page)
    assert "Will Meta keep <em>giving</em>?" in page
    assert "Fig. 1" in page
    classes = re.findall(r'<div class="([^"]*)"[^>]*><a class="argmap-zoom"[^>]*><svg', page)
    assert len(classes) == 3
    assert all("argmap" in c.split() for c in classes)
    assert "small-map" in classes[1].split()
    assert "align-left" in classes[1].split()
    # ids are unique across the maps on one page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    # :root: with :hide-evidence: leaves the evidence out
    assert "quarterly revenue" in svgs[0]
    assert "quarterly revenue" not in svgs[2]
    assert "Charity dries up" in svgs[2] or "corporate charity" in svgs[2]
    assert ">Legend<" in svgs[0]
    # :evaluation: colours the map by a semantics
    assert "semantics: grounded" in svgs[1]
    assert "semantics:" not in svgs[0]
    # :options: passes renderer options (here: no title)
    assert "Will Meta keep giving its models away?" in svgs[0]
    assert "Will Meta keep giving its models away?" not in svgs[2]
    assert "Commoditize" not in svgs[2]
    assert "commoditize" not in svgs[2]
    # the stylesheet is shipped
    assert (Path(app.outdir) / "_static" / "argmap.css").is_file()
    assert "argmap.css" in page


def test_myst_directive_and_fence(build: Any) -> None:
    app = build("argmap-myst", "html")
    assert app.warning.getvalue() == ""
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    svgs = _svgs(page)
    assert len(svgs) == 2
    assert "Meta will keep releasing" in svgs[0]
    assert "Closed models stay ahead" in svgs[1]
    assert re.search(r'<figure[^>]*id="myst-debate"', page)


def test_errors_are_located_warnings(build: Any) -> None:
    app = build("argmap-errors", "html")
    app.build()  # never raises: each problem is a warning
    warnings = app.warning.getvalue()
    expected = [
        r"index\.rst:4: WARNING: argmap file not found: maps/nowhere\.argdown",
        # a bad map: the document's line and the map's own file:line
        r"index\.rst:6: WARNING: maps/bad\.argdown:3(:\d+)?: ",
        r"index\.rst:8: WARNING: argmap directive needs a file name or inline content",
        r"index\.rst:10: WARNING: argmap directive: give a file name or inline content",
        r"index\.rst:14: WARNING: argmap directive: unknown renderer option\(s\) colour; known: ",
        r"index\.rst:19: WARNING: maps/good\.argdown: nothing in the map matches "
        r":groups: No such section \[argmap\.map\]",
        # a bad value: read by the renderer's declaration, said where and what is allowed
        r"index\.rst:22: WARNING: argmap directive: :wrap: many: the svg renderer's option "
        r"wrap='many' is not allowed: expected a whole number >= 0 \[argmap\.usage\]",
    ]
    for pattern in expected:
        assert re.search(pattern, warnings, re.M), pattern
    assert "[argmap." in warnings
    assert "Traceback" not in warnings
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "<svg" not in page


def test_inline_errors_name_the_document_line(build: Any) -> None:
    app = build("argmap-errors", "html")
    warnings = app.warning.getvalue()
    # the bad line of inline content, counted in the document
    assert re.search(r"inline\.rst:6: WARNING: inline\.rst:11:\d+: data is not closed", warnings)


def test_myst_inline_errors_name_the_document_line(build: Any) -> None:
    app = build("argmap-myst-errors", "html")
    warnings = app.warning.getvalue()
    assert re.search(r"index\.md:5: WARNING: index\.md:10:\d+: data is not closed", warnings)
    assert re.search(r"index\.md:13: WARNING: index\.md:15:\d+: data is not closed", warnings)


def test_errors_fail_a_build_with_W(build: Any) -> None:
    from sphinx.errors import SphinxError

    def build_strict() -> None:
        app = build("argmap-errors", "html", warningiserror=True)
        # Sphinx >= 8.1 may report it only through the exit status
        if app.statuscode:
            raise SphinxError("build failed")

    with pytest.raises(SphinxError):
        build_strict()


def test_cache_second_build_renders_nothing(build: Any, render_calls: list[str]) -> None:
    app = build("argmap-rst")
    srcdir = Path(app.srcdir)
    assert render_calls == ["svg", "html"] * 3  # each diagram and its interactive viewer
    cache = Path(app.doctreedir) / "argmap-cache"
    cached = sorted(p.name for p in cache.iterdir())
    assert len(cached) == 6
    first = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")

    # a fresh environment re-reads and rewrites every page, and still draws nothing
    render_calls.clear()
    app = build("argmap-rst", freshenv=True)
    assert render_calls == []
    assert sorted(p.name for p in cache.iterdir()) == cached
    assert (Path(app.outdir) / "index.html").read_text(encoding="utf-8") == first

    # editing the map file rebuilds the page (dependency) and redraws the maps from it
    debate = srcdir / "maps" / "debate.argdown"
    debate.write_text(
        debate.read_text(encoding="utf-8").replace("open models.", "open-weight models."),
        encoding="utf-8",
    )
    app = build("argmap-rst")
    assert render_calls == ["svg", "html"] * 2  # the inline map is unchanged: cached
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "open-weight" in page


def test_latex_includes_pdf(build: Any) -> None:
    app = build("argmap-rst", "latex")
    assert app.warning.getvalue() == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    names = re.findall(r"\\sphinxincludegraphics\{\{(argmap-[0-9a-f]+)\}\.pdf\}", tex)
    assert len(names) == 3
    for name in names:
        assert (Path(app.outdir) / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    assert r"\caption{Will Meta keep \sphinxstyleemphasis{giving}?}" in tex


def test_text_builder_gets_the_outline(build: Any, render_calls: list[str]) -> None:
    app = build("argmap-rst", "text")
    assert app.warning.getvalue() == ""
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert render_calls == ["text", "text", "text"]
    assert "Meta will keep releasing open models." in text
    assert "Closed models stay ahead." in text
    assert "[OUT]" in text  # the evaluation reaches the outline too
    # :options: title=false means "no title" to the outline too
    assert "false" not in text
    assert "<svg" not in text


def test_man_builder_gets_the_outline(build: Any) -> None:
    app = build("argmap-rst", "man")
    assert app.warning.getvalue() == ""
    page = next(Path(app.outdir).rglob("*.1")).read_text(encoding="utf-8")
    assert "Closed models stay ahead." in page


def test_setup_metadata(build: Any) -> None:
    app = build("argmap-rst", "html")
    meta = app.extensions["argmap.sphinx"]
    assert meta.parallel_read_safe is True
    assert meta.parallel_write_safe is True
    assert meta.version == argmap.__version__


def test_inline_svg_prefixes_ids_and_references() -> None:
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- made by hand -->\n'
        '<svg width="1pt"><g id="node1"><use href="#node1"/><rect fill="url(#grad)"/>'
        '<linearGradient id="grad"/></g><a href="#elsewhere"/></svg>'
    )
    out = ext.inline_svg(svg, prefix="p-", alt='A "quoted" <claim>')
    assert out.startswith('<svg role="img" aria-label="A &quot;quoted&quot; &lt;claim&gt;"')
    assert 'id="p-node1"' in out
    assert 'href="#p-node1"' in out
    assert 'url(#p-grad)' in out
    assert 'id="p-grad"' in out
    assert 'href="#elsewhere"' in out  # not an id of this SVG: left alone
    assert "<!--" not in out
    assert "<?xml" not in out


def test_every_diagram_links_to_its_interactive_viewer(build: Any) -> None:
    app = build("argmap-rst", "html")
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    page = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<p class="argmap-open"><a href="([^"]+)">', page)
    assert len(links) == 3
    for link in links:
        assert link.startswith(ext.VIEWER_DIR + "/argmap-")
        viewer = (out / link).read_text(encoding="utf-8")
        assert 'id="am-stage"' in viewer
        assert "script-src 'sha256-" in viewer
    # each diagram is a link to its viewer, too
    assert len(re.findall(r'<a class="argmap-zoom" href="_argmap/argmap-[0-9a-f]{16}\.html"',
                          page)) == 3


def test_interactive_option_embeds_the_viewer(build: Any) -> None:
    app = build("argmap-interactive", "dirhtml")
    assert app.warning.getvalue() == ""
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    frames = re.findall(r'<iframe class="argmap-viewer" src="([^"]+)"[^>]*>', page)
    assert len(frames) == 1
    assert 'sandbox="allow-scripts allow-popups' in page
    assert (Path(app.outdir) / frames[0]).is_file()


def test_viewers_can_be_turned_off(build: Any) -> None:
    app = build("argmap-rst", "html", confoverrides={"argmap_viewer": False})
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "argmap-open" not in page
    assert not (Path(app.outdir) / ext.VIEWER_DIR).exists()


def test_parallel_build(build: Any) -> None:
    app = build("argmap-rst", "html", parallel=2)
    assert app.warning.getvalue() == ""
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert len(_svgs(page)) == 3


def test_config_cache_dir_and_default_options(build: Any, tmp_path: Path) -> None:
    cache = tmp_path / "my-cache"
    app = build(
        "argmap-rst",
        "html",
        confoverrides={
            "argmap_cache_dir": str(cache),
            "argmap_default_options": {"direction": "LR", "legend": False},
        },
    )
    assert app.warning.getvalue() == ""
    assert len(list(cache.glob("*.svg"))) == 3
    assert len(list(cache.glob("*.html"))) == 3  # the interactive viewers
    assert not (Path(app.doctreedir) / "argmap-cache").exists()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert ">Legend<" not in page  # the default option reached the renderer


def test_a_renderer_bug_is_a_warning_not_a_crash(
    build: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Any, amap: Any, /, **options: Any) -> str:
        raise KeyError("n7")  # fault injection: a bug deep inside a renderer

    monkeypatch.setattr(type(argmap.get_renderer("svg")), "render", broken)
    app = build("argmap-rst", "html")
    warnings = app.warning.getvalue()
    assert re.search(
        r"index\.rst:\d+: WARNING: maps/debate\.argdown: cannot draw the argument map: "
        r"the renderer 'svg' \(distribution argmap [^)]*\) failed: KeyError: 'n7'",
        warnings,
    )
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "argmap-error" in page
    assert "<p>Two claims in conflict</p>" in page  # the alt text stands in for the map
