"""``argmap diff``: reports, exit status like diff's, drawings, git integration."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from argmap.cli import main
from markers import ROOT, needs_dot

V1 = ROOT / "docs" / "examples" / "first.argdown"
V2 = ROOT / "docs" / "examples" / "diff-v2.argdown"


def test_equal_maps_exit_0_and_different_maps_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(V1), str(V1)]) == 0
    assert "no changes" in capsys.readouterr().out
    assert main(["diff", str(V1), str(V2)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[1] == (
        "5 changes: 1 statement added, 2 statements changed, 1 relation added, 1 relation changed"
    )
    assert "  ~ claim [Misuse → Misuse risk]   (matched by same text)" in out
    assert '      target: "Outside fixes" → "Publish"' in out


def test_trouble_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["diff", str(V1), str(tmp_path / "missing.argdown")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("argmap: error: ")
    assert "no such file" in err
    assert err.count("\n") == 1
    assert main(["diff", str(V1), str(bad)]) == 2
    assert main(["diff", str(V1)]) == 2  # usage
    assert main(["diff", str(V1), str(V2), "--threshold", "3"]) == 2
    assert "threshold" in capsys.readouterr().err
    assert main(["diff", str(V1), str(V2), "-o", str(tmp_path / "x.gif")]) == 2


def test_json_and_markdown_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(V1), str(V2), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["equal"] is False
    assert doc["summary"]["statements"] == {"added": 1, "removed": 0, "changed": 2}
    assert main(["diff", str(V1), str(V2), "--format", "markdown", "-q"]) == 1
    assert capsys.readouterr().out == ""
    assert main(["diff", str(V1), str(V2), "--format", "markdown"]) == 1
    md = capsys.readouterr().out
    assert "- ➕ **added** evidence `Hub count`" in md


def test_ignore_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "tagged.argdown"
    other.write_text(V1.read_text(encoding="utf-8").replace("#decision", "#decision #core"),
                     encoding="utf-8")  # fmt: skip
    assert main(["diff", str(V1), str(other)]) == 1
    assert main(["diff", str(V1), str(other), "--ignore", "tags"]) == 0


@needs_dot
@pytest.mark.parametrize("suffix", [".svg", ".html", ".png", ".pdf", ".dot"])
def test_output_drawing(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"diff{suffix}"
    assert main(["diff", str(V1), str(V2), "-o", str(out), "-O", "direction=LR"]) == 1
    data = out.read_bytes()
    assert data
    if suffix in (".svg", ".html", ".dot"):
        text = data.decode("utf-8")
        assert "added" in text
        assert "Legend" in text
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # written atomically


def test_drawing_into_a_map_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.argdown"
    shutil.copy(V1, a)
    assert main(["diff", str(a), str(V2), "-o", str(a)]) == 2
    assert "name a .svg, .html" in capsys.readouterr().err
    assert a.read_text(encoding="utf-8") == V1.read_text(encoding="utf-8")


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True, env=env)  # fmt: skip
    return proc.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    r = tmp_path / "repo"
    (r / "maps").mkdir(parents=True)
    _git(r, "init", "-q")
    _git(r, "config", "user.email", "t@example.org")
    _git(r, "config", "user.name", "t")
    shutil.copy(V1, r / "maps" / "debate.argdown")
    _git(r, "add", ".")
    _git(r, "commit", "-qm", "v1")
    shutil.copy(V2, r / "maps" / "debate.argdown")
    return r


def test_rev_colon_path_reads_a_version_from_git(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD:maps/debate.argdown", "maps/debate.argdown"]) == 1
    assert "5 changes" in capsys.readouterr().out
    monkeypatch.chdir(repo / "maps")  # relative to the current directory, as a file would be
    assert main(["diff", "HEAD:debate.argdown", "debate.argdown"]) == 1
    assert main(["diff", "HEAD:maps/debate.argdown", "debate.argdown"]) == 1  # or to the top
    assert main(["diff", "nope:debate.argdown", "debate.argdown"]) == 2
    assert "git cannot show it" in capsys.readouterr().err


def test_git_diff_uses_argmap_as_external_driver_and_textconv(repo: Path) -> None:
    argmap_cmd = shutil.which("argmap", path=str(Path(os.sys.executable).parent))  # type: ignore[attr-defined]
    if argmap_cmd is None:
        pytest.skip("the argmap command is not installed next to this Python")
    (repo / ".gitattributes").write_text("*.argdown diff=argmap\n", encoding="utf-8")
    _git(repo, "config", "diff.argmap.command", f"{argmap_cmd} diff --git")
    out = _git(repo, "diff")
    assert out.startswith("argmap diff a/maps/debate.argdown → b/maps/debate.argdown\n5 changes")
    assert "+ evidence [Hub count]" in out
    _git(repo, "config", "--unset", "diff.argmap.command")
    _git(repo, "config", "diff.argmap.textconv", f"{argmap_cmd} diff --textconv")
    out = _git(repo, "diff")
    assert '+evidence [Hub count] "A public model hub lists' in out
    assert "+support [Hub count] → [Already out]" in out
    assert "-support [Pilot fixes] → [Outside fixes]" in out
    # a new file: git passes /dev/null as the old side
    shutil.copy(V1, repo / "maps" / "new.argdown")
    _git(repo, "add", "-N", "maps/new.argdown")
    _git(repo, "config", "--unset", "diff.argmap.textconv")
    _git(repo, "config", "diff.argmap.command", f"{argmap_cmd} diff --git")
    out = _git(repo, "diff", "--", "maps/new.argdown")
    assert "5 statements added" in out or "statements added" in out


@needs_dot
@pytest.mark.chromium
def test_html_page_in_a_real_browser(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    page_file = tmp_path / "diff.html"
    assert main(["diff", str(V1), str(V2), "-o", str(page_file), "-q"]) == 1
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(page_file.as_uri())
            assert page.title().startswith("argmap diff")
            assert page.locator("li.add").count() == 2  # the evidence and its support
            assert page.locator("li.chg").count() == 3
            box = page.locator("figure svg").bounding_box()
            assert box is not None
            assert box["width"] > 300
            assert box["height"] > 200
            assert box["width"] <= 1200  # scaled to the page, not wider
            # 6 statements; the legend is part of the graph label, not a node
            assert page.locator("figure svg g.node").count() == 6
            assert "Legend" in (page.locator("figure svg").text_content() or "")
            page.screenshot(path=str(tmp_path / "diff.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "diff.png").stat().st_size > 10_000
