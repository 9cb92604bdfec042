"""The SuperFences custom fence ``argmap.mkdocs``: through Python-Markdown, and in a real
``mkdocs build`` of a tiny site."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pymdownx.superfences")
markdown = pytest.importorskip("markdown")

from markers import needs_dot  # noqa: E402

pytestmark = [pytest.mark.graphviz, needs_dot]

MAP = """\
[Meta keeps giving]: Meta will keep releasing open models.
  - [Charity dries up]: Meta's free models are corporate charity that will dry up.
    - [Cost insignificant]: The cost is insignificant next to Meta's revenue.
      {source: "Hacker News thread on Meta's open Llama models", publisher: "Hacker News"}
"""

BAD_MAP = """\
[Meta keeps giving]: Meta will keep releasing open models.
  - [Charity dries up]: Meta's free models are corporate charity.
    {source: "Hacker News", url: [unclosed
"""


def _md(fmt: str = "fence_format") -> markdown.Markdown:
    from argmap import mkdocs

    return markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [
                    {
                        "name": "argmap",
                        "class": "argmap",
                        "validator": mkdocs.fence_validator,
                        "format": getattr(mkdocs, fmt),
                    }
                ]
            }
        },
    )


def _fence(body: str, header: str = "") -> str:
    return f"```argmap {header}\n{body}```\n".replace("argmap \n", "argmap\n")


def test_fence_renders_inline_svg() -> None:
    out = _md().convert("Before.\n\n" + _fence(MAP, 'direction="LR" wrap="24"'))
    assert out.startswith("<p>Before.</p>")
    assert (
        '<div class="argmap" style="max-width:100%"><svg style="max-width:100%;height:auto" '
        'role="img"' in out
    )
    assert 'aria-label="Meta will keep releasing open models."' in out
    assert re.search(r"<text[^>]*>[^<]*Meta will keep", out)
    assert "<?xml" not in out


def test_fence_options_select_part_of_the_map() -> None:
    whole = _md().convert(_fence(MAP))
    part = _md().convert(_fence(MAP, 'root="Charity dries up" hide_evidence'))
    assert "revenue" in whole
    assert "revenue" not in part
    assert "dry up." in part
    assert "Meta will keep releasing" in whole
    assert "Meta will keep releasing" not in part  # not even as the alt text


def test_bad_map_is_an_error_block_and_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    out = _md().convert(_fence(BAD_MAP))
    assert 'class="argmap argmap-error"' in out
    assert "<svg" not in out
    assert any(
        r.name == "mkdocs.plugins.argmap" and r.levelname == "WARNING" and ":3:" in r.getMessage()
        for r in caplog.records
    )


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (
            'direction="sideways"',
            "fence option direction='sideways': the svg renderer's option "
            "direction='sideways' is not allowed: expected one of auto, BT, TB, LR, RL",
        ),
        (
            'wrap="wide"',
            "option wrap='wide' is not allowed: expected a whole number &gt;= 0",
        ),
        ('colour="red"', "unknown option 'colour'"),
    ],
)
def test_bad_option_is_reported(header: str, problem: str) -> None:
    out = _md().convert(_fence(MAP, header))
    assert "argmap-error" in out
    assert problem.replace("'", "&#x27;") in out


def test_the_same_map_twice_on_a_page_has_ids_of_its_own() -> None:
    import re
    from collections import Counter

    out = _md().convert(_fence(MAP) + "\ntext\n\n" + _fence(MAP))
    assert out.count("<svg") == 2
    ids = Counter(re.findall(r'\bid="([^"]+)"', out))
    assert [i for i, n in ids.items() if n > 1] == []


def test_strict_formatter_aborts() -> None:
    from pymdownx.superfences import SuperFencesException

    with pytest.raises(SuperFencesException, match=":3"):
        _md("fence_format_strict").convert(_fence(BAD_MAP))


def _site(tmp_path: Path, page: str, fmt: str = "fence_format") -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: argmap fence test
            markdown_extensions:
              - pymdownx.superfences:
                  custom_fences:
                    - name: argmap
                      class: argmap
                      validator: !!python/name:argmap.mkdocs.fence_validator
                      format: !!python/name:argmap.mkdocs.{fmt}
            """
        ),
        encoding="utf-8",
    )
    return tmp_path


def _mkdocs(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site / "site"), *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_mkdocs_site_build(tmp_path: Path) -> None:
    site = _site(tmp_path, "# Debate\n\n" + _fence(MAP, 'direction="LR"'))
    done = _mkdocs(site, "--strict")
    assert done.returncode == 0, done.stderr
    page = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert '<div class="argmap" style="max-width:100%"><svg style="max-width:100%' in page
    assert "Meta will keep releasing" in page


def test_mkdocs_strict_build_fails_on_a_bad_map(tmp_path: Path) -> None:
    site = _site(tmp_path, "# Debate\n\n" + _fence(BAD_MAP))
    lenient = _mkdocs(site)
    assert lenient.returncode == 0, lenient.stderr
    assert "argmap fence:" in lenient.stderr
    assert "argmap-error" in (site / "site" / "index.html").read_text(encoding="utf-8")
    strict = _mkdocs(site, "--strict")
    assert strict.returncode != 0
    assert "argmap fence:" in strict.stderr


def test_unknown_root_is_reported() -> None:
    out = _md().convert(_fence(MAP, 'root="Nobody"'))
    assert "argmap-error" in out
    assert "root &#x27;Nobody&#x27; is not a statement" in out


def test_empty_selection_is_reported() -> None:
    out = _md().convert(_fence(MAP, 'tags="nosuchtag"'))
    assert "argmap-error" in out
    assert "nothing in the map matches" in out


def test_a_renderer_bug_is_an_error_block(monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap

    def broken(self: object, amap: object, /, **options: object) -> str:
        raise KeyError("n7")  # fault injection: a bug deep inside a renderer

    monkeypatch.setattr(type(argmap.get_renderer("svg")), "render", broken)
    out = _md().convert(_fence(MAP))
    assert "argmap-error" in out
    assert "the renderer &#x27;svg&#x27; (distribution argmap " in out  # wrapped, named
    assert "failed: KeyError: &#x27;n7&#x27;" in out


def test_fence_links_the_viewer_and_interactive_embeds_it() -> None:
    out = _md().convert(_fence(MAP))
    assert '<details class="argmap-viewer"><summary>Open the interactive viewer' in out
    frame = re.search(r'<iframe class="argmap-frame" srcdoc="([^"]*)"', out)
    assert frame is not None
    page = html.unescape(frame.group(1))
    assert page.startswith("<!DOCTYPE html>")
    assert 'id="am-stage"' in page
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in out
    inline = _md().convert(_fence(MAP, "interactive"))
    assert "<svg" not in inline.split("srcdoc=")[0]
    assert "<details" not in inline
    assert 'class="argmap-frame"' in inline
    plain = _md().convert(_fence(MAP, 'viewer="false"'))
    assert "iframe" not in plain
    assert "<svg" in plain


WIDE = "".join(
    f"[C{i}]: Claim number {i} of a wide map, with words enough to need a box.\n"
    f"  + [E{i}]: Evidence {i} for it.\n"
    f"  - [O{i}]: An objection to claim {i}.\n\n"
    for i in range(40)
)


@pytest.mark.chromium
def test_wide_map_fits_the_column_in_a_browser(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed")
    site = _site(tmp_path, "# Debate\n\n" + _fence(WIDE))
    done = _mkdocs(site, "--strict")
    assert done.returncode == 0, done.stderr
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((site / "site" / "index.html").as_uri())
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 1000
        width = page.evaluate(
            "() => document.querySelector('div.argmap svg').getBoundingClientRect().width"
        )
        column = page.evaluate(
            "() => document.querySelector('div.argmap').getBoundingClientRect().width"
        )
        assert 0 < width <= column + 1
        page.locator("details.argmap-viewer summary").click()
        frame = page.frame_locator("iframe.argmap-frame")
        frame.locator("body[data-ready=true]").wait_for(timeout=60_000)
        assert frame.locator("#am-canvas g.node[tabindex]").count() == 120
        # the MkDocs theme's own scripts fail from file:// (highlight.js from a CDN, the
        # search worker); nothing else may
        theirs = ("hljs is not defined", "search/worker.js")
        assert [e for e in errors if not any(t in e for t in theirs)] == []
        browser.close()
