"""Verified quotes in the interactive viewer, in a real browser (issue 15).

``argmap render MAP -o page.html --sources DIR`` checks every quote against its document
before rendering; clicking an evidence node must then show, in the panel, the quote, its
exact locator, a little of the text around it and the verified mark, and a quote that is
not in its document must be marked unverified. Debian's chromium, driven by Playwright
(never a downloaded browser).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.cli import main
from argmap.sources import read_documents, verify_quotes
from markers import ROOT, needs_dot

playwright_api = pytest.importorskip("playwright.sync_api")

SEED_MAP = ROOT / "seeds" / "meta-open-models.argdown"
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = shutil.which("chromium")

pytestmark = [needs_dot, pytest.mark.chromium]


def _render(map_path: Path, sources: Path, out: Path) -> dict[str, Any]:
    """The viewer page rendered by the CLI with ``--sources``, and its embedded data."""
    assert main(["render", str(map_path), "-o", str(out), "--sources", str(sources)]) == 0
    page = out.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="am-data">(.*?)</script>', page, re.S)
    assert block is not None
    data: dict[str, Any] = json.loads(block.group(1))
    return data


def _panel_for(browser: Any, page_path: Path, data: dict[str, Any], node_id: str) -> Any:
    """Open the page, bring ``node_id`` into view, close the panel and click the node;
    returns the page (the panel is then open on that node)."""
    i = next(k for k, n in enumerate(data["nodes"]) if n["id"] == node_id)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(180_000)  # a loaded 2-core machine draws slowly
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_path.as_uri() + "#n=" + node_id)  # selects and centres it
    page.wait_for_selector("body[data-ready=true]", timeout=120_000)
    page.keyboard.press("Escape")  # the panel closes: the click below must reopen it
    assert page.evaluate("() => document.getElementById('am-panel').hidden")
    box = page.evaluate(
        "(i) => { const r = document.getElementById('am-n' + i).getBoundingClientRect();"
        " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; }",
        i,
    )
    page.mouse.click(box["x"], box["y"])
    page.wait_for_selector("#am-panel .am-cite")
    assert page.locator("#am-panel").is_visible()
    assert errors == []
    return page


def _words(text: str) -> str:
    return " ".join(text.split())


def test_seed_evidence_panel_shows_verified_quote_locator_and_context(
    browser: Any, tmp_path: Path
) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not at {SEEDS} (../shared/seeds)")
    library = read_documents(SEEDS)
    report = verify_quotes(argmap.read(SEED_MAP), library)
    (check,) = [c for c in report.checks if c.statement == "Cost insignificant"]
    v = check.verification
    assert v.verified
    assert v.locator is not None
    assert check.start is not None
    assert check.end is not None
    doc = library[v.document]  # type: ignore[index]
    # the exact locator addresses the passage that holds the quote
    assert check.source.quote in doc.passage(v.locator).text  # type: ignore[operator]
    assert v.prefix
    assert v.suffix
    assert _words(doc.text[: check.start]).endswith(_words(v.prefix))  # the words around it
    assert _words(doc.text[check.end :]).startswith(_words(v.suffix))

    data = _render(SEED_MAP, SEEDS, tmp_path / "seed.html")
    page = _panel_for(browser, tmp_path / "seed.html", data, "Cost insignificant")
    try:
        cite = page.locator("#am-panel .am-cite").first
        assert _words(cite.locator("blockquote strong").inner_text()) == _words(
            check.source.quote  # type: ignore[arg-type]
        )
        quote_box = _words(cite.locator("blockquote").inner_text())
        assert quote_box == _words(f"…{v.prefix} {check.source.quote} {v.suffix}…")
        assert v.locator in cite.locator(".am-meta").all_inner_texts()
        mark = cite.locator(".am-verified")
        assert mark.count() == 1
        assert mark.inner_text() == f"verified in {v.document}"
        assert cite.locator(".am-unverified").count() == 0
        # every cited quote of the seed map verifies: no node's panel would say otherwise
        cites = [c for n in data["nodes"] for c in n.get("cites", [])]
        assert len(cites) == 46
        assert all(c["verified"] for c in cites)
    finally:
        page.close()


def test_unverified_quote_is_marked_in_the_panel(browser: Any, tmp_path: Path) -> None:
    sources = tmp_path / "docs"
    sources.mkdir()
    (sources / "report.txt").write_text(
        "title:: A report\n\nOpen models are close to the frontier. Costs remain high.\n\n"
        "Nobody knows what comes next.\n",
        encoding="utf-8",
    )
    map_path = tmp_path / "m.argdown"
    map_path.write_text(
        "[Claim]: Open models are catching up.\n"
        "  + [Good]: The report says costs are high.\n"
        '    {source: "A report", quote: "Costs remain high.", document: "report.txt"}\n'
        "  + [Bad]: The report says costs are falling.\n"
        '    {source: "A report", quote: "Costs are falling fast.", document: "report.txt",'
        ' locator: "¶1"}\n',
        encoding="utf-8",
    )
    data = _render(map_path, sources, tmp_path / "m.html")
    page = _panel_for(browser, tmp_path / "m.html", data, "Bad")
    try:
        cite = page.locator("#am-panel .am-cite").first
        assert _words(cite.locator("blockquote").inner_text()) == "Costs are falling fast."
        mark = cite.locator(".am-unverified")
        assert mark.count() == 1
        assert mark.inner_text().startswith("unverified: not found in report.txt")
        assert cite.locator(".am-verified").count() == 0
    finally:
        page.close()
    page = _panel_for(browser, tmp_path / "m.html", data, "Good")
    try:
        cite = page.locator("#am-panel .am-cite").first
        assert cite.locator(".am-verified").inner_text() == "verified in report.txt"
        assert "¶1.s2" in cite.locator(".am-meta").all_inner_texts()
    finally:
        page.close()
