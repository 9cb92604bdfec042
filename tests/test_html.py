"""The standalone HTML renderer: structure, escaping, sanitising, and a real browser."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap import ArgumentMap, RenderError, Source
from argmap._api import get_renderer, render
from argmap.plugin import visible
from argmap.renderers.html import CSP, HtmlRenderer, sanitize_svg
from argmap.testing import maps
from markers import needs_dot
from test_outline import FakeEvaluation, full_map

HOSTILE = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "\"><svg onload=\"document.title='pwned'\">",
    "</style><b>bold</b><!--",
    "javascript:document.title='pwned'",
]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless chromium is not installed (Debian: apt-get install -y chromium)",
)


class Page(HTMLParser):
    """Every element, attribute and text node of a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.stack: list[str] = []
        self.title = ""
        self.style = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        top = self.stack[-1] if self.stack else ""
        if top == "title" and "svg" not in self.stack:
            self.title += data
        elif top == "style":
            self.style += data
        else:
            self.texts.append(data)

    def tags(self) -> set[str]:
        return {t for t, _ in self.elements}

    def attrs(self, tag: str | None = None) -> list[tuple[str, str, str | None]]:
        return [(t, k, v) for t, a in self.elements if tag in (None, t) for k, v in a.items()]

    def text(self) -> str:
        return " ".join("".join(self.texts).split())


def hostile_map() -> ArgumentMap:
    m = ArgumentMap(HOSTILE[0], description=HOSTILE[1])
    main = m.claim(HOSTILE[0], id="c1", title=HOSTILE[2], tags=["x<y"])
    b = m.claim(HOSTILE[1], id="c2")
    ev = m.evidence(
        HOSTILE[2],
        Source(title=HOSTILE[1], url=HOSTILE[4], author=HOSTILE[0], quote=HOSTILE[3],
               locator=HOSTILE[1], publisher=HOSTILE[2], published=HOSTILE[3]),
        id="e1",
    )
    m.support(b, main)
    m.rebut(ev, main)
    arg = m.argument([b], main, title=HOSTILE[3], id="a1")
    m.undercut(m.claim(HOSTILE[3], id="u1"), arg)
    m.contradict(m.claim(HOSTILE[4], id="c5"), b)
    return m


# ------------------------------------------------------------------------- structure
def test_registered() -> None:
    assert isinstance(get_renderer("html"), HtmlRenderer)
    assert HtmlRenderer.extensions == (".html", ".htm")
    assert HtmlRenderer.media_type == "text/html"


def test_page_is_self_contained_with_a_strict_csp() -> None:
    out = render(full_map(), "html", diagram=False)
    assert out.startswith("<!DOCTYPE html>")
    page = Page(out)
    csp = [a for a in page.elements if a[0] == "meta" and a[1].get("http-equiv")]
    assert csp == [("meta", {"http-equiv": "Content-Security-Policy", "content": CSP})]
    assert "default-src 'none'" in CSP
    assert "script" not in CSP
    assert "script" not in page.tags()
    assert not page.tags() & {"link", "iframe", "object", "embed", "img", "base", "form"}
    assert "url(" not in page.style
    assert "@import" not in page.style
    for tag, name, value in page.attrs():
        assert not name.startswith("on"), (tag, name)
        assert name not in ("src", "srcset", "action", "formaction"), (tag, name)
        if name == "href":
            assert value is not None
            assert value.startswith(("#", "https://", "http://", "mailto:")), value
    external = [a for t, a in page.elements if t == "a" and not a["href"].startswith("#")]
    assert external
    assert all(a.get("rel") == "noopener noreferrer" for a in external)


def test_outline_and_sources_sections() -> None:
    page = Page(render(full_map(), "html", diagram=False))
    text = page.text()
    assert page.title == "Should cities ban cars from their centres?"
    for needle in (
        "Pro Cleaner air: Car bans improve air quality",
        "Con Shops in the centre lose customers",
        "Premise 1/2 Most shoppers arrive on foot or by transit",
        "Undercut The survey was run by a car lobby — undercuts the inference of ⟨Footfall⟩",
        "Contradicts Car bans never change anything",
        "see above: Cleaner air",
        "Orphans (no relations)",
        "An orphan thought",
        "Not connected to a main claim",
    ):
        assert needle in text, needle
    sources = text[text.rindex("Sources") :]
    assert "Madrid Central: first-year report, Ayuntamiento de Madrid, City of Madrid, 2019-06"\
        in sources
    assert "NO2 levels fell by 15% on average" in sources
    assert "cited for: Madrid's low-emission zone" in sources
    # the unsafe URL is shown, as text only
    assert "javascript:alert(1)" in sources
    hrefs = [v for _, k, v in page.attrs("a") if k == "href"]
    assert "https://example.org/madrid-central" in hrefs
    assert not any("javascript" in (v or "") for v in hrefs)
    # back-references point at anchors that exist
    ids = {v for _, k, v in page.attrs() if k == "id"}
    for href in hrefs:
        if href and href.startswith("#"):
            assert href[1:] in ids, href


def test_options_pass_through() -> None:
    out = render(full_map(), "html", diagram="false", title="Mine", groups="economy")
    page = Page(out)
    assert page.title == "Mine"
    assert "Shops in the centre" in page.text()
    assert "Cleaner air" not in page.text()
    assert 'id="diagram"' not in out
    with pytest.raises(RenderError, match="no option width"):
        render(full_map(), "html", width=3)


def test_evaluation_badges_and_explanations() -> None:
    ev = FakeEvaluation({"main": ("accepted", 0.5), "shops": ("rejected", None)})
    page = Page(render(full_map(), "html", diagram=False, evaluation=ev))
    badges = [a.get("class") for t, a in page.elements if t == "span" and "badge" in
              (a.get("class") or "")]
    assert badges == ["badge accepted", "badge rejected"]
    assert "IN 50%" in page.text()
    assert "because of reasons about main" in page.text()


def test_real_evaluation_integration() -> None:
    pytest.importorskip("argmap.evaluate")
    m = ArgumentMap()
    a, b = m.claim("a claim", id="a"), m.claim("b claim", id="b")
    m.rebut(b, a)
    text = Page(render(m, "html", diagram=False, evaluation="grounded")).text()
    assert "a claim OUT" in text
    assert "b claim IN" in text


def test_deterministic() -> None:
    assert render(full_map(), "html", diagram=False) == render(full_map(), "html", diagram=False)


def test_deep_chain_renders() -> None:
    m = ArgumentMap()
    prev = m.claim("claim 0", id="c0")
    for i in range(1, 2000):
        cur = m.claim(f"claim {i}", id=f"c{i}")
        m.support(cur, prev)
        prev = cur
    page = Page(render(m, "html", diagram=False))
    assert "claim 1999" in page.text()
    assert sum(1 for t, _ in page.elements if t == "ul") == 1999


# ------------------------------------------------------------------------- escaping
def test_hostile_text_is_escaped_without_diagram() -> None:
    out = render(hostile_map(), "html", diagram=False)
    page = Page(out)
    assert page.title == HOSTILE[0]
    assert "script" not in page.tags()
    assert "img" not in page.tags()
    assert "b" not in page.tags()
    assert not any(k.startswith("on") for _, k, _ in page.attrs())
    for text in HOSTILE:
        assert text in page.text(), text
    assert "</style>" not in page.style


def _fixed_attribute_values() -> str:
    page = Page(render(full_map(), "html", diagram=False))
    return " ".join(v or "" for _, _, v in page.attrs())


_FIXED = _fixed_attribute_values()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(max_statements=6, max_relations=8))
def test_user_text_appears_only_as_text(amap: ArgumentMap) -> None:
    page = Page(render(amap, "html", diagram=False))
    allowed = {"html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2",
               "h3", "p", "nav", "a", "section", "article", "ul", "li", "span", "div", "cite",
               "blockquote", "ol", "footer", "strong"}
    assert page.tags() <= allowed, page.tags() - allowed
    text = page.text()
    values = " ".join(v or "" for _, _, v in page.attrs())
    urls = {s.url for st_ in amap.statements.values() for s in st_.sources if s.url}
    for node in amap.nodes():
        for piece in (getattr(node, "text", None), node.title):
            if not piece:
                continue
            one = " ".join(visible(piece).split())  # as displayed (docs/security.md)
            assert one in text or one[:50] in text
            if len(one) >= 3 and one not in _FIXED and not any(one in u for u in urls):
                assert one not in values, one
    for _, name, _value in page.attrs():
        assert not name.startswith("on")


# ------------------------------------------------------------------------- the diagram
SVG_ATTACK = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- a comment -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="100pt" height="50pt" onload="alert(1)">
<script>alert(2)</script>
<g id="graph0" class="graph"><title>G</title>
<a xlink:href="javascript:alert(3)"><text x="1" y="2" onclick="alert(4)">a &lt;b&gt;</text></a>
<a href="https://example.org/ok"><text>fine</text></a>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
<set attributeName="href" to="javascript:alert(5)"/>
<polygon fill="white" points="0,0 1,1"/>
</g></svg>"""


def test_sanitize_svg_removes_active_content() -> None:
    clean = sanitize_svg(SVG_ATTACK)
    page = Page(clean)
    assert page.tags() == {"svg", "g", "title", "a", "text", "polygon"}
    assert not any(k.startswith("on") for _, k, _ in page.attrs())
    assert "alert" not in clean
    assert ("a", "href", "https://example.org/ok") in page.attrs()
    assert "a &lt;b&gt;" in clean
    assert not clean.startswith("<?xml")
    assert "<!--" not in clean
    assert "DOCTYPE" not in clean


def test_sanitize_svg_min_scale() -> None:
    assert 'style="min-width:75pt"' in sanitize_svg(SVG_ATTACK, min_scale=0.75)
    assert "style=" not in sanitize_svg(SVG_ATTACK)


def test_sanitize_svg_rejects_non_svg() -> None:
    with pytest.raises(RenderError, match="not well-formed"):
        sanitize_svg("<svg><g></svg>")
    with pytest.raises(RenderError, match="not an SVG"):
        sanitize_svg("<html/>")


@needs_dot
@pytest.mark.graphviz
def test_inline_svg_diagram() -> None:
    out = render(full_map(), "html", interactive=False)
    page = Page(out)
    assert "svg" in page.tags()
    assert out.count("<svg") == 1
    assert '<figure class="diagram"' in out
    assert "Cities should ban private" in page.text()


@needs_dot
@pytest.mark.graphviz
def test_graphviz_svg_of_hostile_text_has_no_active_content() -> None:
    """The SVG that the graphviz renderer makes is clean before sanitising, too."""
    svg = render(hostile_map(), "svg")
    assert isinstance(svg, str)
    page = Page(svg)
    assert not page.tags() & {"script", "img", "foreignobject", "iframe", "b"}
    assert not any(k.startswith("on") for _, k, _ in page.attrs())
    assert sanitize_svg(svg).count("<") == sanitize_svg(sanitize_svg(svg)).count("<")


@needs_dot
@pytest.mark.graphviz
def test_diagram_follows_the_selection() -> None:
    whole = render(full_map(), "html", interactive=False)
    part = render(full_map(), "html", groups="economy", interactive=False)
    svg_whole = whole[whole.index("<svg") : whole.index("</svg>")]
    svg_part = part[part.index("<svg") : part.index("</svg>")]
    assert "Cleaner air" in svg_whole
    assert "Cleaner air" not in svg_part
    assert "Shops in the centre" in svg_part


@needs_dot
@pytest.mark.graphviz
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(max_statements=5, max_relations=6))
def test_inlined_svg_of_any_text_is_inert(amap: ArgumentMap) -> None:
    out = render(amap, "html", interactive=False)
    page = Page(out)
    assert not page.tags() & {"script", "img", "iframe", "object", "embed", "foreignobject"}
    assert not any(k.startswith("on") for _, k, _ in page.attrs())
    for _, name, value in page.attrs():
        if name in ("href", "xlink:href"):
            assert value is not None
            assert value.startswith(("#", "http://", "https://", "mailto:")), value


def test_no_graphviz_degrades_to_outline_with_a_note(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot anywhere
    out = render(full_map(), "html")
    page = Page(out)
    assert "svg" not in page.tags()
    assert "No diagram:" in page.text()
    assert "Graphviz" in page.text()
    assert "Pro Cleaner air: Car bans improve air quality" in page.text()


# ------------------------------------------------------------------------- a real browser
def _chromium(url: str, tmp_path: Path, *extra: str) -> str:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}", *extra, url,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.chromium
@needs_chromium
@pytest.mark.parametrize("diagram", [False, pytest.param(True, marks=needs_dot)])
def test_chromium_runs_nothing_from_hostile_text(tmp_path: Path, diagram: bool) -> None:
    path = tmp_path / "hostile.html"
    argmap.write(hostile_map(), path, diagram=diagram, interactive=False)
    dom = _chromium(path.as_uri(), tmp_path, "--dump-dom")
    page = Page(dom)
    assert page.title == HOSTILE[0]  # no script changed document.title
    assert page.title != "pwned"
    assert "script" not in page.tags()
    assert "img" not in page.tags()
    assert "b" not in page.tags()
    assert not any(k.startswith("on") for _, k, _ in page.attrs())
    assert page.tags() & {"svg"} == ({"svg"} if diagram else set())
    for text in HOSTILE:
        assert text in page.text(), text


@pytest.mark.chromium
@needs_chromium
def test_chromium_screenshot(tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    argmap.write(full_map(), path, interactive=False)
    shot = tmp_path / "map.png"
    _chromium(path.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1000,1600")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000


def test_sources_listed_once_per_document() -> None:
    """The seed map's 46 pieces of evidence cite five documents: five entries, each with
    the evidence that cites it."""
    seed = argmap.read(Path(__file__).resolve().parent.parent / "seeds/meta-open-models.argdown")
    out = render(seed, "html", diagram=False)
    sources = out[out.index('<section id="sources">') :]
    assert sources.count('<ul class="cited">') == 5
    assert sources.count("cited for:") == sum(len(e.sources) for e in seed.evidence_items)
    assert sources.count("Stratechery") >= 1
