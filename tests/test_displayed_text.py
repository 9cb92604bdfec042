"""Bidi overrides and invisible format characters are shown, never obeyed, in every
rendering a person reads (issue 12 item 6): md, txt, dot, svg (through the real ``dot``),
html (static), the viewer (in a real browser) and Mermaid; lossless formats keep the
text exactly.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import argmap
from argmap import ArgumentMap, Source
from argmap._display import _format, visible
from markers import needs_dot

RLO = "\u202e"
SPOOFS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200e\u200f\ufeff\u2060\U000e0041"
)


def spoofed() -> ArgumentMap:
    """A map with bidi overrides and invisible characters in every text it has."""
    m = ArgumentMap(f"Title {RLO}gnp.exe", description=f"About \u200bthis{RLO} map")
    sec = m.group(f"Section {RLO}A\u2066")
    claim = m.claim(
        f"Pay {RLO}0001$ to the account\u200b", title=f"Claim{RLO}x", group=sec, tags=[f"t{RLO}g"]
    )
    ev = m.evidence(
        f"Study\ufeff says {RLO}so",
        Source(
            title=f"Report {RLO}fdp.exe",
            author=f"A{RLO}uthor",
            publisher="P\u2067ub",
            url=f"https://example.org/{RLO}x",
            quote=f"quoted{RLO} words\u200f",
            locator=f"p. {RLO}4",
        ),
    )
    other = m.claim(f"Every invisible one: {SPOOFS}")
    arg = m.argument([other], claim, title=f"Arg{RLO}ument")
    m.support(ev, claim)
    m.undercut(m.claim(f"Under{RLO}cut"), arg)
    return m


def _no_spoof(text: str, where: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"})
    assert not found, f"{where}: format characters in the output: {found}"


def test_the_rule() -> None:
    assert visible(f"a{RLO}b") == "a⟨U+202E⟩b"
    assert visible("zero\u200bwidth\ufeff") == "zero⟨U+200B⟩width⟨U+FEFF⟩"
    assert visible("tag\U000e0041") == "tag⟨U+E0041⟩"
    # joiners inside words and emoji sequences are kept; a stray one is shown
    assert visible("\u0645\u200c\u06cc") == "\u0645\u200c\u06cc"
    assert visible("👩\u200d💻") == "👩\u200d💻"
    assert visible("a \u200d b") == "a ⟨U+200D⟩ b"
    assert visible("plain text, ünïcödé") == "plain text, ünïcödé"


def test_every_format_character_is_covered() -> None:
    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(cf) > 150
    assert [f"U+{ord(c):04X}" for c in cf if not _format().match(c)] == []


@given(st.text())
def test_shown_text_has_no_format_characters_but_joiners(text: str) -> None:
    out = visible(text)
    assert all(unicodedata.category(c) != "Cf" or c in "\u200c\u200d" for c in out)
    if not any(unicodedata.category(c) == "Cf" for c in text):
        assert out == text


@pytest.mark.parametrize("fmt", ["markdown", "text", "dot", "mermaid"])
def test_text_renderings_show_the_characters(fmt: str) -> None:
    out = argmap.render(spoofed(), fmt)
    assert isinstance(out, str)
    _no_spoof(out, fmt)
    assert "⟨U+202E⟩" in out
    assert "⟨U+200B⟩" in out or fmt in ("dot", "mermaid")  # outlines carry the description


def test_static_html_shows_the_characters() -> None:
    out = argmap.render(spoofed(), "html", interactive=False)
    assert isinstance(out, str)
    _no_spoof(out, "html")
    _no_spoof(_entities(out), "html (entities decoded)")
    assert "⟨U+202E⟩" in out


def _entities(page: str) -> str:
    import html

    return html.unescape(page)


@needs_dot
def test_svg_from_the_real_dot_shows_the_characters() -> None:
    out = argmap.render(spoofed(), "svg")
    assert isinstance(out, str)
    _no_spoof(_entities(out), "svg")
    assert "⟨U+202E⟩" in _entities(out)


@pytest.mark.parametrize("fmt", ["json", "argdown", "aif", "sadface"])
def test_lossless_formats_keep_the_text_exactly(fmt: str) -> None:
    amap = spoofed()
    out = argmap.render(amap, fmt)
    assert isinstance(out, str)
    back = argmap.parse(out, fmt)
    texts = {s.text for s in back.statements.values()}
    assert f"Pay {RLO}0001$ to the account\u200b" in texts


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@needs_dot
@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_the_viewer_in_a_browser_shows_no_format_character(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "viewer.html"
    argmap.write(spoofed(), page_file)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            page.wait_for_selector("#am-canvas svg g.node")
            shown: dict[str, Any] = page.evaluate(
                "() => ({body: document.body.innerText, title: document.title,"
                " svg: document.querySelector('#am-canvas svg').textContent})"
            )
            # open the panel of every node: its texts (sources, quotes) are shown too
            count = page.evaluate("() => document.querySelectorAll('g.node[id^=am-n]').length")
            for i in range(count):
                box = page.evaluate(
                    "(i) => { const r = document.getElementById('am-n' + i)"
                    ".getBoundingClientRect();"
                    " return [r.left + r.width / 2, r.top + r.height / 2]; }",
                    i,
                )
                page.keyboard.press("Escape")
                page.mouse.click(box[0], box[1])
                if page.locator("#am-panel").is_visible():
                    shown[f"panel{i}"] = page.locator("#am-panel").inner_text()
            page.fill("#am-q", "Pay")
            page.wait_for_selector("#am-results li[role=option]")
            shown["results"] = page.locator("#am-results").inner_text()
        finally:
            browser.close()
    assert errors == []
    for where, text in shown.items():
        _no_spoof(text, f"viewer {where}")
    assert "⟨U+202E⟩" in shown["svg"]
    panels = [t for k, t in shown.items() if k.startswith("panel")]
    assert len(panels) >= 3
    assert any("fdp.exe" in t and "⟨U+202E⟩" in t for t in panels)


def test_the_viewer_data_holds_no_format_character() -> None:
    page = argmap.render(spoofed(), "html")
    assert isinstance(page, str)
    m = re.search(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', page, re.S)
    body = m.group(1) if m else page
    _no_spoof(body, "viewer page")
    _no_spoof(_entities(body), "viewer page (entities decoded)")
    if m:
        json.loads(m.group(1))
