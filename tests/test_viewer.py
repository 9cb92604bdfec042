"""The interactive viewer (the ``html`` renderer's default page), in a real browser.

Browser tests drive Debian's chromium through Playwright for Python (never a downloaded
browser) on the seed map and on a generated map of 1,000 statements.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap import ArgumentMap, Source
from argmap.renderers.viewer import viewer_csp
from argmap.testing import maps
from markers import ROOT, corpus_path, needs_dot
from test_html import HOSTILE, Page, hostile_map

SEED = ROOT / "seeds" / "meta-open-models.argdown"
GENERATOR = (corpus_path() or ROOT.parent / "shared" / "corpus").parent / "bench" / "gen_argdown.py"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = os.environ.get("ARGMAP_SHOTS")  # a folder to keep the screenshots in

pytestmark = needs_dot


def _data(page: str) -> dict[str, Any]:
    block = re.search(r'<script type="application/json" id="am-data">(.*?)</script>', page, re.S)
    assert block is not None
    loaded: dict[str, Any] = json.loads(block.group(1))
    return loaded


def _scripts(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)


@pytest.fixture(scope="module")
def seed_map() -> ArgumentMap:
    return argmap.read(SEED)


@pytest.fixture(scope="module")
def seed_page(seed_map: ArgumentMap) -> str:
    page = argmap.render(seed_map, "html")
    assert isinstance(page, str)
    return page


# ------------------------------------------------------------------ the file itself
def test_html_is_the_viewer_and_static_stays_available(seed_map: ArgumentMap) -> None:
    viewer = argmap.render(seed_map, "html")
    assert isinstance(viewer, str)
    assert 'id="am-stage"' in viewer
    assert argmap.render(seed_map, "viewer") == viewer
    static = argmap.render(seed_map, "html", interactive=False)
    assert isinstance(static, str)
    assert "<script" not in static
    assert '<figure class="diagram"' in static


def test_the_only_script_is_ours_named_by_its_hash(seed_page: str) -> None:
    scripts = _scripts(seed_page)
    assert [attrs for attrs, _ in scripts] == [' type="application/json" id="am-data"', ""]
    code = scripts[1][1]
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', seed_page)
    assert csp is not None
    assert csp.group(1) == viewer_csp()
    assert f"script-src 'sha256-{digest}'" in csp.group(1)
    assert "default-src 'none'" in csp.group(1)
    assert "unsafe-eval" not in csp.group(1)
    page = Page(seed_page)
    assert not page.tags() & {"link", "iframe", "object", "embed", "img", "base", "form"}
    for tag, name, value in page.attrs():
        assert not name.startswith("on"), (tag, name)
        assert name not in ("src", "srcset", "action", "formaction"), (tag, name)
        if name in ("href", "xlink:href"):
            assert value is not None
            assert value.startswith(("#", "https://", "http://", "mailto:")), value


def test_script_builds_no_markup_from_text() -> None:
    code = (ROOT / "src/argmap/renderers/_viewer/viewer.js").read_text(encoding="utf-8")
    for banned in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "javascript:",
        'setAttribute("on',
        "srcdoc",
    ):
        assert banned not in code, banned
    # the one place a URL becomes a link checks the scheme first
    assert "/^https?:\\/\\/[^\\s]+$/i" in code


def test_data_lists_each_document_once_with_its_evidence(
    seed_page: str, seed_map: ArgumentMap
) -> None:
    data = _data(seed_page)
    assert len(data["docs"]) == 5  # the seed debate's five source documents
    titles = [d["title"] for d in data["docs"]]
    assert len(set(titles)) == 5
    cites = [c for n in data["nodes"] for c in n.get("cites", [])]
    assert len(cites) == sum(len(s.sources) for s in seed_map.evidence_items)
    assert all(c.get("quote") for c in cites)
    stratechery = next(d for d in data["docs"] if d.get("publisher") == "Stratechery")
    assert stratechery["href"].startswith("https://stratechery.com/")


def test_every_node_has_its_shape_in_the_svg(seed_page: str) -> None:
    """The data names nodes as the graphviz renderer does (n0, n1, ... in map order)."""
    data = _data(seed_page)
    for i, node in enumerate(data["nodes"]):
        found = re.search(
            rf'<g id="am-n{i}" class="node[^"]*"[^>]*>\s*<title>([^<]*)</title>', seed_page
        )
        assert found is not None, node["id"]
        assert 'tabindex="0"' in seed_page[found.start() : found.end()]
        # one <title>: the tooltip and the accessible name, with the kind of statement
        kind = node["kind"].capitalize() + ": "
        assert found.group(1).startswith(kind + (node.get("title") or node.get("text", "")[:20]))
        assert "aria-label" not in seed_page[found.start() : found.end()]
    for name in data["points"]:
        assert f'id="am-{name}"' in seed_page


def test_json_block_cannot_be_closed_by_text() -> None:
    m = ArgumentMap("</script><script>document.title='pwned'</script>")
    m.claim("</script><!-- <script> & ]]>", id="x</script>")
    page = argmap.render(m, "html")
    assert isinstance(page, str)
    scripts = _scripts(page)
    assert len(scripts) == 2
    block = scripts[0][1]
    for char in "<>&":
        assert char not in block
    data = json.loads(block)
    assert data["nodes"][0]["id"] == "x</script>"
    assert data["nodes"][0]["text"] == "</script><!-- <script> & ]]>"


def test_options(seed_map: ArgumentMap) -> None:
    page = argmap.render(seed_map, "html", focus_depth=3, direction="LR", clusters="false")
    assert isinstance(page, str)
    assert _data(page)["focusDepth"] == 3
    assert 'value="3"' in page
    assert "am-cluster_g0" not in page
    with pytest.raises(argmap.RenderError, match="focus_depth"):
        argmap.render(seed_map, "html", focus_depth=0)
    part = argmap.render(seed_map, "html", groups="Is Llama open source?")
    assert isinstance(part, str)
    assert len(_data(part)["nodes"]) < len(seed_map.statements)


def test_no_graphviz_gives_the_static_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    page = argmap.render(hostile_map(), "html")
    assert isinstance(page, str)
    assert "<script" not in page
    assert "No diagram:" in page


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(max_statements=5, max_relations=6))
def test_any_map_gives_a_page_whose_data_is_the_map(amap: ArgumentMap) -> None:
    page = argmap.render(amap, "html")
    assert isinstance(page, str)
    assert len(_scripts(page)) == 2
    data = _data(page)
    assert [n["id"] for n in data["nodes"]] == [n.id for n in amap.nodes()]
    for _, name, value in Page(page).attrs():
        assert not name.startswith("on")
        if name in ("href", "xlink:href"):
            assert (value or "").startswith(("#", "http://", "https://", "mailto:")), value


# ------------------------------------------------------------------ in a real browser
playwright_api = pytest.importorskip("playwright.sync_api")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install -y chromium)"
)


class Viewer:
    """One page of the viewer in the browser, with the console watched."""

    def __init__(self, browser: Any, path: Path, fragment: str = "") -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        # Playwright clicks only what stayed put for two frames; a redraw of the
        # 1,000-statement map after a zoom takes seconds under software raster on a busy
        # machine (bench_viewer.py measures it), so waits get more than the default 30 s
        self.page.set_default_timeout(180_000)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("body[data-ready=true]", timeout=120_000)

    def _console(self, msg: Any) -> None:
        if msg.type in ("error", "warning"):
            self.errors.append(f"{msg.type}: {msg.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def stage(self) -> dict[str, float]:
        box: dict[str, float] = self.js(
            "() => { const r = document.getElementById('am-stage').getBoundingClientRect();"
            " return {x: r.left, y: r.top, w: r.width, h: r.height}; }"
        )
        return box

    def node_box(self, i: int) -> dict[str, float]:
        """Where node i is drawn: by the live SVG, or by the stand-in (whose view the
        stage names in data-view while the live SVG keeps its last transform)."""
        box: dict[str, float] = self.js(SCREEN_BOX, i)
        return box

    def accessible_buttons(self) -> list[str]:
        """The names of the buttons in chromium's accessibility tree (not ignored)."""
        cdp = self.page.context.new_cdp_session(self.page)
        try:
            tree = cdp.send("Accessibility.getFullAXTree")
        finally:
            cdp.detach()
        return [
            n.get("name", {}).get("value", "")
            for n in tree["nodes"]
            if n.get("role", {}).get("value") == "button" and not n.get("ignored")
        ]

    def standin(self) -> bool:
        return bool(self.js("() => document.getElementById('am-stage').matches('.am-standin')"))

    def selected(self) -> int | None:
        found: int | None = self.js(
            "() => { const e = document.querySelector('g.node.am-selected');"
            " return e ? parseInt(e.id.slice(4), 10) : null; }"
        )
        return found

    def centred(self, i: int, tolerance: float = 0.1) -> bool:
        s, b = self.stage(), self.node_box(i)
        cx, cy = b["x"] + b["w"] / 2, b["y"] + b["h"] / 2
        return (
            abs(cx - (s["x"] + s["w"] / 2)) <= tolerance * s["w"]
            and abs(cy - (s["y"] + s["h"] / 2)) <= tolerance * s["h"]
        )

    def visible_nodes(self) -> set[int]:
        shown: list[int] = self.js(
            "() => Array.from(document.querySelectorAll('#am-canvas g.node'))"
            ".filter(e => e.id.startsWith('am-n') && getComputedStyle(e).display !== 'none')"
            ".map(e => parseInt(e.id.slice(4), 10))"
        )
        return set(shown)

    def shot(self, name: str, tmp: Path) -> Path:
        folder = Path(SHOTS) if SHOTS else tmp
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path))
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        return path

    def close(self) -> None:
        self.page.close()


SCREEN_BOX = """(i) => {
  const stage = document.getElementById('am-stage');
  const canvas = document.getElementById('am-canvas');
  const r = document.getElementById('am-n' + i).getBoundingClientRect();
  if (!stage.matches('.am-standin')) return {x: r.left, y: r.top, w: r.width, h: r.height};
  const c = canvas.getBoundingClientRect();
  const k = parseFloat(/scale\\(([^)]+)\\)/.exec(canvas.style.transform)[1]);
  const [vx, vy, vk] = stage.dataset.view.split(' ').map(Number);
  const s = stage.getBoundingClientRect();
  return {x: s.left + vx + (r.left - c.left) / k * vk, y: s.top + vy + (r.top - c.top) / k * vk,
          w: r.width / k * vk, h: r.height / k * vk};
}"""


def _generated(factory: pytest.TempPathFactory, name: str, statements: int) -> Path:
    """A map of ``statements`` statements from the bench generator (seed 7)."""
    if not GENERATOR.is_file():
        pytest.skip(f"the map generator is not at {GENERATOR}")
    src = factory.mktemp(name) / f"{name}.argdown"
    out = subprocess.run(
        [sys.executable, str(GENERATOR), str(statements), "7"],
        capture_output=True,
        text=True,
        check=True,
    )
    src.write_text(out.stdout, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def big_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generated(tmp_path_factory, "big", 1000)


@pytest.fixture(scope="module")
def big_page(big_map: Path) -> Path:
    """The 1,000-statement map's viewer with the default options (layout=auto)."""
    path = big_map.with_suffix(".html")
    argmap.write(argmap.read(big_map), path)
    return path


@pytest.fixture(scope="module")
def sections_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated map of 300 statements drawn section by section (``layout=sections``,
    what layout=auto picks for the biggest maps)."""
    src = _generated(tmp_path_factory, "sections", 300)
    path = src.with_suffix(".html")
    argmap.write(argmap.read(src), path, layout="sections")
    return path


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory, seed_map: ArgumentMap) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.html"
    argmap.write(seed_map, path)
    return path


@pytest.fixture(
    params=[
        "seed",
        "sections",
        pytest.param("big", marks=pytest.mark.slow),
    ]
)
def which(request: pytest.FixtureRequest) -> tuple[str, Path]:
    name: str = request.param
    fixture = {"seed": "seed_file", "sections": "sections_page", "big": "big_page"}[name]
    return name, request.getfixturevalue(fixture)


def _links(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The data's links as the script reads them ([kind, from, to] or [kind, from,
    [tail, head], kind of that link], kinds indexing linkKinds)."""
    kinds = data["linkKinds"]
    out: list[dict[str, Any]] = []
    for link in data["links"]:
        item = {"kind": kinds[link[0]], "from": link[1]}
        if isinstance(link[2], int):
            item["to"] = link[2]
        else:
            item["link"], item["linkKind"] = link[2], kinds[link[3]]
        out.append(item)
    return out


def _neighbourhood(data: dict[str, Any], start: int, depth: int) -> set[int]:
    near: dict[int, set[int]] = {i: set() for i in range(len(data["nodes"]))}
    for link in _links(data):
        for end in [link["to"]] if "to" in link else link["link"]:
            near[link["from"]].add(end)
            near[end].add(link["from"])
    seen, frontier = {start}, [start]
    for _ in range(depth):
        frontier = [j for i in frontier for j in near[i] if j not in seen]
        seen.update(frontier)
    return seen


def _word_of(data: dict[str, Any], i: int) -> str:
    """A word of node i's text that only few other statements contain."""
    words = re.findall(r"[A-Za-z]{6,}", data["nodes"][i].get("text", ""))
    hay = [(n.get("title", "") + " " + n.get("text", "")).lower() for n in data["nodes"]]
    return min(words, key=lambda w: sum(w.lower() in h for h in hay))


@pytest.mark.chromium
@needs_chromium
def test_viewer_in_the_browser(browser: Any, which: tuple[str, Path], tmp_path: Path) -> None:
    name, path = which
    data = _data(path.read_text(encoding="utf-8"))
    v = Viewer(browser, path)
    try:
        # fitted: the whole diagram is inside the window, and nothing was fetched
        box = v.js(
            "() => { const r = document.querySelector('#am-canvas svg')"
            ".getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"
        )
        s = v.stage()
        assert box[0] >= s["x"] - 1, box
        assert box[1] >= s["y"] - 1, box
        assert box[2] <= s["x"] + s["w"] + 1, box
        assert box[3] <= s["y"] + s["h"] + 1, box
        assert max(box[2] - box[0] - s["w"], box[3] - box[1] - s["h"]) > -40  # and fills it
        assert [u for u in v.requests if not u.startswith("file:")] == []
        if name == "seed":
            v.shot("viewer-seed-fitted", tmp_path)

        # search by a word of a statement's text: it is listed, chosen and centred
        target = next(i for i, n in enumerate(data["nodes"]) if n["kind"] == "evidence")
        word = _word_of(data, target)
        v.page.fill("#am-q", word)
        v.page.wait_for_selector("#am-results li[role=option]")
        options = v.page.locator("#am-results li[role=option]")
        texts = options.all_text_contents()
        label = data["nodes"][target].get("title") or data["nodes"][target]["text"]
        k = next(j for j, t in enumerate(texts) if t.endswith(label))
        assert re.match(r"\d+ match", v.page.locator("#am-status").inner_text())
        if name == "seed":  # (a big map's hits are drawn by its stand-in only)
            assert v.js("() => document.querySelectorAll('g.node.am-match').length") >= 1
        if name == "seed":
            v.shot("viewer-seed-search", tmp_path)
        options.nth(k).dispatch_event("mousedown")
        v.page.wait_for_timeout(100)
        assert v.selected() == target
        assert v.centred(target)
        if name == "seed":
            v.shot("viewer-seed-selected", tmp_path)

        # clicking a node opens the panel with its evidence and sources
        v.page.keyboard.press("Escape")  # closes the panel
        assert v.js("() => document.getElementById('am-panel').hidden")
        b = v.node_box(target)
        v.page.mouse.click(b["x"] + b["w"] / 2, b["y"] + b["h"] / 2)
        panel = v.page.locator("#am-panel")
        assert panel.is_visible()
        cite = data["nodes"][target]["cites"][0]
        doc = data["docs"][cite["doc"]]
        text = panel.inner_text()
        assert doc["title"] in text
        if cite.get("quote"):
            assert " ".join(cite["quote"].split()) in " ".join(text.split())
        if doc.get("href"):
            link = panel.locator("a[target=_blank]").first
            assert link.get_attribute("href") == doc["href"]
            assert link.get_attribute("rel") == "noopener noreferrer"
        v.page.wait_for_function(HASH_IS, arg="#n=" + _quote(data["nodes"][target]["id"]))

        # following a link in the panel moves the selection and the view
        links = panel.locator("#am-body ul a")
        assert links.count() >= 1
        href = links.first.get_attribute("href")
        assert href is not None
        dest = next(i for i, n in enumerate(data["nodes"]) if "#n=" + _quote(n["id"]) == href)
        links.first.click()
        v.page.wait_for_timeout(100)
        assert v.selected() == dest
        assert v.centred(dest)
        v.page.wait_for_function(HASH_IS, arg=href)

        # focus mode: only the neighbourhood to depth k stays; then back to the whole map
        v.page.fill("#am-depth", "1")
        v.page.locator("#am-focus").click()
        expect = _neighbourhood(data, dest, 1)
        assert v.visible_nodes() == expect
        assert len(expect) < len(data["nodes"])
        if name == "seed":
            v.shot("viewer-seed-focus", tmp_path)
        v.page.fill("#am-depth", "2")
        v.page.locator("#am-depth").dispatch_event("change")
        assert v.visible_nodes() == _neighbourhood(data, dest, 2)
        v.page.locator("#am-all").click()
        assert v.visible_nodes() == set(range(len(data["nodes"])))

        # collapse evidence, and expand it again
        v.page.locator("#am-ev").click()
        shown = v.visible_nodes()
        assert shown == {i for i, n in enumerate(data["nodes"]) if n["kind"] != "evidence"}
        v.page.locator("#am-ev").click()
        assert len(v.visible_nodes()) == len(data["nodes"])

        # the Sources view lists each document once, with the evidence citing it
        v.page.locator("#am-sources").click()
        assert panel.locator(".am-cite").count() == len(data["docs"])

        if name == "sections":
            # drawn section by section, yet each statement has its own shape, and a
            # relation to another section's statement is listed in the panel
            assert v.js("() => document.querySelectorAll('#am-canvas svg svg').length") >= 2
            assert v.js(
                "(n) => Array.from({length: n}, (_, i) => document.getElementById('am-n' + i))"
                ".every(e => e && e.matches('g.node'))",
                len(data["nodes"]),
            )
            src, dest = _across_sections(data)
            v.page.keyboard.press("Escape")
            b = v.node_box(src)
            v.page.mouse.click(b["x"] + b["w"] / 2, b["y"] + b["h"] / 2)
            assert v.selected() == src
            hrefs = panel.locator("#am-body ul a").evaluate_all("els => els.map(a => a.href)")
            assert any(h.endswith("#n=" + _quote(data["nodes"][dest]["id"])) for h in hrefs)
        assert v.errors == [], v.errors
    finally:
        v.close()

    # a link to one statement opens the viewer with it selected
    pick = len(data["nodes"]) // 2
    v = Viewer(browser, path, "#n=" + _quote(data["nodes"][pick]["id"]))
    try:
        assert v.selected() == pick
        assert v.centred(pick)
        assert v.page.locator("#am-panel").is_visible()
        assert v.errors == [], v.errors
    finally:
        v.close()


def _across_sections(data: dict[str, Any]) -> tuple[int, int]:
    """A relation (from, to) between statements of two top-level sections."""

    def top(i: int) -> int | None:
        g = data["nodes"][i].get("group")
        while g is not None and "parent" in data["groups"][g]:
            g = data["groups"][g]["parent"]
        return g

    return next(
        (link["from"], link["to"])
        for link in _links(data)
        if "to" in link and top(link["from"]) != top(link["to"])
    )


def _quote(text: str) -> str:
    """What encodeURIComponent makes of ``text``."""
    from urllib.parse import quote

    return quote(text, safe="-_.!~*'()")


@pytest.mark.chromium
@needs_chromium
def test_keyboard_and_screen_reader(browser: Any, seed_file: Path) -> None:
    v = Viewer(browser, seed_file)
    try:
        roles = v.js(
            "() => Array.from(document.querySelectorAll('#am-canvas g.node[tabindex]'))"
            ".map(e => e.getAttribute('role'))"
        )
        assert roles
        assert all(role == "button" for role in roles)
        # chromium's own accessibility tree names each node (from its <title>)
        names = v.accessible_buttons()
        statements = [n for n in names if n.startswith(("Claim: ", "Evidence: ", "Argument: "))]
        assert len(statements) == len(roles)
        # Tab reaches a node; Enter opens it
        v.page.locator("#am-sources").focus()
        for _ in range(5):
            v.page.keyboard.press("Tab")
            if v.js("() => document.activeElement.matches('g.node')"):
                break
        assert v.js("() => document.activeElement.matches('g.node')")
        v.page.keyboard.press("Enter")
        assert v.selected() is not None
        before = v.js("() => document.getElementById('am-canvas').style.transform")
        v.page.locator("#am-stage").focus()
        # (a gesture moves the stand-in; the live SVG follows when it settles)
        v.page.wait_for_selector("body[data-standin=ready]")
        v.page.keyboard.press("+")
        v.page.keyboard.press("ArrowLeft")
        v.page.wait_for_function(MOVED, arg=before)
        after = v.js("() => document.getElementById('am-canvas').style.transform")
        v.page.keyboard.press("0")
        v.page.wait_for_function(MOVED, arg=after)
        # the wheel zooms
        s = v.stage()
        v.page.mouse.move(s["x"] + s["w"] / 2, s["y"] + s["h"] / 2)
        k0 = v.js("() => document.getElementById('am-canvas').style.transform")
        v.page.mouse.wheel(0, -300)
        assert v.standin()
        v.page.wait_for_function(MOVED, arg=k0)
        # settled, a small map shows its live SVG again, at the view
        v.page.wait_for_selector("#am-stage:not(.am-standin)")
        assert _live_transform(v) == pytest.approx(_view(v), rel=1e-5, abs=0.01)
        # "/" goes to the search box
        v.page.locator("#am-stage").focus()
        v.page.keyboard.press("/")
        assert v.js("() => document.activeElement.id") == "am-q"
        # printing shows the plain diagram: no toolbar, no panel, no transform
        v.page.emulate_media(media="print")
        assert v.js("() => getComputedStyle(document.getElementById('am-bar')).display") == "none"
        assert (
            v.js("() => getComputedStyle(document.getElementById('am-canvas')).transform") == "none"
        )
        assert v.errors == [], v.errors
    finally:
        v.close()


FINDS = """() => {
  window.__finds = [];
  window.addEventListener('keydown', e => {
    const find = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f';
    if (find) window.__finds.push(e.defaultPrevented);
  });
}"""


@pytest.mark.chromium
@needs_chromium
@pytest.mark.parametrize("name", ["seed", "sections"])
def test_find_shortcut_and_tooltips(
    browser: Any, name: str, request: pytest.FixtureRequest
) -> None:
    """Ctrl+F (Cmd+F) goes to the viewer's search, a second press is the browser's own
    find; hovering a node shows its title and text (on the live SVG of a small map, on
    the stand-in of a big one), and moving away hides it."""
    path: Path = request.getfixturevalue({"seed": "seed_file", "sections": "sections_page"}[name])
    data = _data(path.read_text(encoding="utf-8"))
    v = Viewer(browser, path)
    try:
        v.page.wait_for_selector("body[data-standin=ready]")
        v.js(FINDS)
        for keys in ("Control+f", "Meta+f"):
            v.page.locator("#am-stage").focus()
            v.page.keyboard.press(keys)
            assert v.js("() => document.activeElement.id") == "am-q"
            v.page.keyboard.press(keys)  # in the search box: left to the browser
            assert v.js("() => document.activeElement.id") == "am-q"
        assert v.js("() => window.__finds") == [True, False, True, False]

        v.page.locator("#am-stage").focus()
        if name == "seed":  # settled, a small map shows its live SVG
            v.page.wait_for_selector("#am-stage:not(.am-standin)")
        else:
            assert v.standin()
        pick = next(i for i, n in enumerate(data["nodes"]) if n.get("title") and n.get("text"))
        node = data["nodes"][pick]
        b = v.node_box(pick)
        v.page.mouse.move(b["x"] + b["w"] / 2, b["y"] + b["h"] / 2)
        tip = v.page.locator("#am-tip")
        tip.wait_for(state="visible")
        shown = " ".join(tip.inner_text().split())
        assert node["title"] in shown
        assert " ".join(node["text"].split())[:60] in shown
        tags = tip.evaluate("t => Array.from(t.querySelectorAll('*')).map(e => e.localName)")
        assert set(tags) <= {"div", "strong", "p"}
        # the browser's own tooltip (the SVG <title>) gives way: it is the node's
        # aria-label now, the same accessible name
        label = v.js(f"() => document.getElementById('am-n{pick}').getAttribute('aria-label')")
        assert label.startswith(f"{node['kind'].capitalize()}: {node['title']}")
        assert v.js(f"() => document.querySelector('#am-n{pick} > title')") is None
        assert any(n.startswith(label[:40]) for n in v.accessible_buttons())
        tip_box = tip.bounding_box()
        assert tip_box is not None
        assert tip_box["x"] + tip_box["width"] <= 1400
        assert tip_box["y"] + tip_box["height"] <= 900
        v.page.mouse.move(5, 5)  # the toolbar
        tip.wait_for(state="hidden")
        assert v.errors == [], v.errors
    finally:
        v.close()


@pytest.mark.chromium
@needs_chromium
def test_hostile_text_runs_nothing(browser: Any, tmp_path: Path) -> None:
    m = hostile_map()
    m.evidence(
        HOSTILE[0],
        Source(title=HOSTILE[2], url="javascript:document.title='pwned'", quote=HOSTILE[1]),
        id="e2",
    )
    path = tmp_path / "hostile.html"
    argmap.write(m, path)
    data = _data(path.read_text(encoding="utf-8"))
    v = Viewer(browser, path)
    try:
        assert v.js("() => document.title") == HOSTILE[0]
        assert v.dialogs == []
        tags = set(v.js("() => Array.from(document.querySelectorAll('*')).map(e => e.localName)"))
        assert not tags & {"img", "iframe", "object", "embed", "b", "foreignobject"}
        assert v.js("() => document.querySelectorAll('script').length") == 2
        # every node's panel shows the text as text, and makes no javascript: link
        for i in range(len(data["nodes"])):
            v.js(
                "(i) => { location.hash = '#n=' + encodeURIComponent("
                "JSON.parse(document.getElementById('am-data').textContent).nodes[i].id); }",
                i,
            )
            v.page.wait_for_timeout(30)
            assert v.selected() == i
            hrefs = v.js(
                "() => Array.from(document.querySelectorAll('#am-panel a'))"
                ".map(a => a.getAttribute('href'))"
            )
            assert all(h.startswith(("#n=", "http://", "https://")) for h in hrefs), hrefs
        v.page.locator("#am-sources").click()
        panel_text = v.page.locator("#am-panel").inner_text()
        assert HOSTILE[2] in panel_text
        # a node's tooltip shows its text as text
        v.page.keyboard.press("Escape")
        v.page.wait_for_selector("body[data-standin=ready]")
        v.page.wait_for_selector("#am-stage:not(.am-standin)")
        b = v.node_box(0)
        v.page.mouse.move(b["x"] + b["w"] / 2, b["y"] + b["h"] / 2)
        v.page.locator("#am-tip").wait_for(state="visible")
        tip = v.page.locator("#am-tip").inner_text()
        assert (data["nodes"][0].get("title") or data["nodes"][0]["text"])[:30] in tip
        v.page.fill("#am-q", "<img")
        v.page.wait_for_timeout(200)
        tags = set(v.js("() => Array.from(document.querySelectorAll('*')).map(e => e.localName)"))
        assert not tags & {"img", "iframe", "b"}
        assert v.js("() => document.title") == HOSTILE[0]
        assert v.js("() => typeof window.pwned") == "undefined"
        assert v.dialogs == []
        assert v.errors == [], v.errors
    finally:
        v.close()


WHEEL = """(steps) => {
  const stage = document.getElementById('am-stage');
  const r = stage.getBoundingClientRect();
  const before = stage.dataset.view.split(' ').map(Number);
  const live = document.getElementById('am-canvas').style.transform;
  for (let i = 0; i < steps; i++) {
    stage.dispatchEvent(new WheelEvent('wheel', {clientX: r.left + r.width / 2,
      clientY: r.top + r.height / 2, deltaY: -240, bubbles: true, cancelable: true}));
  }
  return {before, live, standin: stage.matches('.am-standin'),
          liveAfter: document.getElementById('am-canvas').style.transform,
          centre: [r.width / 2, r.height / 2]};
}"""

HASH_IS = "(hash) => location.hash === hash"  # (the URL names a selection a moment later)

MOVED = "(before) => document.getElementById('am-canvas').style.transform !== before"

TEXT_SHOWN = """(i) => getComputedStyle(document.querySelector('#am-n' + i + ' > text')).display
  !== 'none'"""

SYNCED = """() => {
  const view = document.getElementById('am-stage').dataset.view.split(' ').map(Number);
  const m = /translate\\(([-\\d.e]+)px, ?([-\\d.e]+)px\\) scale\\(([-\\d.e]+)\\)/.exec(
    document.getElementById('am-canvas').style.transform);
  // (six significant digits, as _live_transform reads them)
  return !!m && [1, 2, 3].every(i =>
    Math.abs(Number(m[i]) - view[i - 1]) < 0.01 + 1e-5 * Math.abs(view[i - 1]));
}"""

RASTER_COLOURS = """(b) => {
  const c = document.getElementById('am-raster');
  const s = c.getBoundingClientRect();
  const d = window.devicePixelRatio || 1;
  const ctx = c.getContext('2d');
  const out = [];
  for (let i = 1; i < 6; i++) for (let j = 1; j < 6; j++) {
    const x = Math.round((b.x - s.left + b.w * i / 6) * d);
    const y = Math.round((b.y - s.top + b.h * j / 6) * d);
    out.push(Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3)));
  }
  return out;
}"""


def _view(v: Viewer) -> list[float]:
    """The view (x, y, scale) the stage says it shows."""
    return [
        float(x) for x in v.js("() => document.getElementById('am-stage').dataset.view").split()
    ]


def _live_transform(v: Viewer) -> list[float]:
    """The live SVG's transform (x, y, scale).

    Chromium serialises a CSS transform with six significant digits, so far from the
    origin (-10184.049 is read back as -10184) it is compared with a relative tolerance."""
    live = v.js("() => document.getElementById('am-canvas').style.transform")
    found = re.fullmatch(r"translate\(([-\d.e]+)px, ?([-\d.e]+)px\) scale\(([-\d.e]+)\)", live)
    assert found is not None, live
    return [float(g) for g in found.groups()]


def _near(rgb: list[int], want: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(rgb, want, strict=True))


@pytest.mark.chromium
@needs_chromium
def test_big_map_gestures_move_a_stand_in_then_the_live_svg(
    browser: Any, sections_page: Path
) -> None:
    """A big map (450 nodes here) opens drawn by a canvas stand-in, and pans and zooms
    it; the live SVG stays in the page, clipped away (not painted), keeps its transform
    during a gesture and takes the view's when it settles; a jump (search, link) keeps
    the stand-in (painting the live SVG again stalled for 100s of ms at 5,000
    statements), drawn sharp at the statement; it shows search hits, clicks on it select."""
    data = _data(sections_page.read_text(encoding="utf-8"))
    v = Viewer(browser, sections_page)
    try:
        v.page.wait_for_selector("body[data-standin=ready]")
        assert v.standin()
        assert v.js("() => getComputedStyle(document.getElementById('am-canvas')).overflow") == (
            "hidden"
        )
        assert _live_transform(v) == pytest.approx(_view(v), rel=1e-5, abs=0.01)
        got = v.js(WHEEL, 8)
        assert got["standin"], "the stand-in is shown while the wheel turns"
        assert got["liveAfter"] == got["live"], "the live SVG is not moved during a gesture"
        # settled, the live SVG (not painted) follows the view, for assistive technology,
        # and the stand-in is drawn sharp at the view (no compositor transform left)
        v.page.wait_for_function(SYNCED)
        v.page.wait_for_function(
            "() => document.getElementById('am-raster').style.transform === 'none'"
        )
        after = _view(v)
        assert _live_transform(v) == pytest.approx(after, rel=1e-5, abs=0.01)
        # the zoom kept the diagram point under the pointer in place
        # (within a screen pixel at the old scale)
        (x0, y0, k0), (x1, y1, k1), (cx, cy) = got["before"], after, got["centre"]
        assert k1 > k0 * 4
        assert abs((cx - x0) / k0 - (cx - x1) / k1) * k0 < 1
        assert abs((cy - y0) / k0 - (cy - y1) / k1) * k0 < 1
        # a jump to a statement keeps the stand-in, drawn sharp there; the live SVG (not
        # painted, its texts not laid out) takes the view's transform
        pick = len(data["nodes"]) // 3
        v.js(
            "(id) => { location.hash = '#n=' + encodeURIComponent(id); }", data["nodes"][pick]["id"]
        )
        v.page.wait_for_function(SYNCED)
        v.page.wait_for_function(
            "() => document.getElementById('am-raster').style.transform === 'none'"
        )
        assert v.standin()
        assert v.js("() => getComputedStyle(document.getElementById('am-canvas')).overflow") == (
            "hidden"
        )
        assert _live_transform(v) == pytest.approx(_view(v), rel=1e-5, abs=0.01)
        assert not v.js(TEXT_SHOWN, pick)
        assert v.selected() == pick
        assert v.centred(pick)

        # the whole map is too many shapes to repaint: fitted, the stand-in stays
        v.page.locator("#am-stage").focus()
        v.page.keyboard.press("0")
        v.page.wait_for_selector("#am-stage.am-standin")
        target = next(i for i, n in enumerate(data["nodes"]) if n["kind"] == "claim")
        box = v.node_box(target)
        hit = (0xFF, 0xD5, 0x4F)
        assert not any(_near(c, hit) for c in v.js(RASTER_COLOURS, box))
        v.page.fill("#am-q", _word_of(data, target))
        v.page.wait_for_selector("#am-results li[role=option]")
        v.page.wait_for_timeout(100)
        assert v.standin()
        assert any(_near(c, hit) for c in v.js(RASTER_COLOURS, box)), "the hit is highlighted"
        v.page.keyboard.press("Escape")
        # a click on the stand-in selects the node drawn there
        v.page.locator("#am-stage").focus()
        v.page.mouse.click(box["x"] + box["w"] / 2, box["y"] + box["h"] / 2)
        assert v.selected() == target
        # the live nodes stay focusable and named while the stand-in is shown
        v.page.keyboard.press("Escape")
        v.page.keyboard.press("0")
        v.page.wait_for_selector("#am-stage.am-standin")
        last = len(data["nodes"]) - 1
        v.js(f"() => document.getElementById('am-n{last}').focus()")
        assert v.js("() => document.activeElement.id") == f"am-n{last}"
        assert (
            v.js(f"() => getComputedStyle(document.getElementById('am-n{last}')).visibility")
            == "visible"
        )
        node = data["nodes"][last]
        name = f"{node['kind'].capitalize()}: {node.get('title') or node['text']}"
        assert any(n.startswith(name) for n in v.accessible_buttons())
        v.page.emulate_media(media="print")
        assert (
            v.js("() => getComputedStyle(document.getElementById('am-raster-box')).display")
            == "none"
        )
        # (the test's own pixel reads make chromium suggest willReadFrequently)
        errors = [e for e in v.errors if "willReadFrequently" not in e]
        assert errors == [], errors
    finally:
        v.close()
