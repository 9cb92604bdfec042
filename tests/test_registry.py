"""The plugin registry, tested with throwaway plugin distributions on sys.path."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import argmap
from argmap._registry import registry
from argmap.cli import main

RENDERER_SRC = '''
from argmap.plugin import Renderer

class ShoutRenderer(Renderer):
    """Every statement in capitals."""
    name = "shout"
    aliases = ("loud",)
    extensions = (".shout",)
    media_type = "text/x-shout"
    api_version = 1

    def render(self, amap, /, **options):
        return "\\n".join(s.text.upper() for s in amap.statements.values()) + "\\n"
'''


def make_dist(root: Path, dist: str, module: str, source: str, entry_points: str) -> None:
    """A minimal installed distribution: a module and a dist-info with entry points."""
    (root / f"{module}.py").write_text(textwrap.dedent(source), "utf-8")
    info = root / f"{dist.replace('-', '_')}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points), "utf-8")
    registry.refresh()  # as after a `pip install` at run time


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh directory on sys.path; the registry forgets what it found before and after."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    registry.refresh()
    yield root
    registry.refresh()
    for name in [
        m for m in sys.modules if m.startswith(("shout_plugin", "broken_plugin", "old_api"))
    ]:
        del sys.modules[name]


@pytest.fixture
def small_map(tmp_path: Path) -> Path:
    m = argmap.ArgumentMap("t")
    a = m.claim("Meta's corporate charity will dry up")
    b = m.claim("AI-generated content is grist for Meta's ads")
    m.rebut(b, a)
    return argmap.write(m, tmp_path / "map.json")


def test_builtins_are_listed_with_distribution_and_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plugins", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    json_rows = {r["kind"]: r for r in rows if r["name"] == "json"}
    assert set(json_rows) == {"reader", "renderer"}
    for row in json_rows.values():
        assert row["distribution"] == "argmap"
        assert row["version"] == argmap.__version__
        assert row["status"] == "ok"
        assert ".json" in row["extensions"]


def test_nothing_is_scanned_at_import() -> None:
    import subprocess

    code = (
        "import sys, argmap; import argmap._registry as r; "  # (import argmap alone skips it)
        "print(r.registry._candidates is None, "
        "'argmap.formats.native' in sys.modules, 'graphviz' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False", "False"]


def test_third_party_renderer_is_found_and_used(
    site: Path, small_map: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_dist(
        site,
        "argmap-shout",
        "shout_plugin",
        RENDERER_SRC,
        "[argmap.renderers]\nshout = shout_plugin:ShoutRenderer\n",
    )
    assert main(["plugins", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    row = next(r for r in rows if r["name"] == "shout")
    assert (row["distribution"], row["version"], row["status"]) == ("argmap-shout", "1.2.3", "ok")
    assert row["extensions"] == [".shout"]
    assert main(["render", str(small_map), "-o", "-", "--to", "shout"]) == 0
    assert "META'S CORPORATE CHARITY WILL DRY UP" in capsys.readouterr().out
    # by alias, and by the output file's extension
    out = tmp_path / "x.shout"
    assert main(["render", str(small_map), "-o", str(out)]) == 0
    assert "GRIST" in out.read_text("utf-8")
    assert isinstance(argmap.get_renderer("loud"), argmap.plugin.Renderer)


def test_broken_plugin_is_reported_and_others_still_work(
    site: Path, small_map: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_dist(
        site,
        "argmap-broken",
        "broken_plugin",
        "raise RuntimeError('kaboom')\n",
        "[argmap.renderers]\nbroken = broken_plugin:Nope\n",
    )
    make_dist(
        site,
        "argmap-shout",
        "shout_plugin",
        RENDERER_SRC,
        "[argmap.renderers]\nshout = shout_plugin:ShoutRenderer\n",
    )
    assert main(["plugins", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out) if r["kind"] == "renderer"}
    assert rows["broken"]["status"] == "broken"
    assert rows["broken"]["distribution"] == "argmap-broken"
    assert "kaboom" in rows["broken"]["error"]
    assert rows["shout"]["status"] == "ok"
    assert main(["render", str(small_map), "-o", "-", "--to", "shout"]) == 0
    assert main(["render", str(small_map), "-o", "-", "--to", "json"]) == 0
    capsys.readouterr()
    assert main(["render", str(small_map), "-o", "-", "--to", "broken"]) == 1
    err = capsys.readouterr().err
    assert "argmap-broken" in err
    assert "kaboom" in err
    assert len(err.strip().splitlines()) == 1


def test_wrong_api_version_is_incompatible(site: Path) -> None:
    src = RENDERER_SRC.replace("api_version = 1", "api_version = 99").replace('"shout"', '"old"')
    make_dist(
        site, "argmap-old", "old_api", src, "[argmap.renderers]\nold = old_api:ShoutRenderer\n"
    )
    with pytest.raises(argmap.PluginLoadError, match=r"argmap-old.*API version 99"):
        argmap.get_renderer("old")
    info = next(i for i in argmap.plugins() if i.name == "old")
    assert info.status == "incompatible"


def test_builtin_wins_a_collision_with_a_warning(site: Path) -> None:
    src = RENDERER_SRC.replace('"shout"', '"json"')
    make_dist(
        site,
        "argmap-evil-json",
        "shout_plugin",
        src,
        "[argmap.renderers]\njson = shout_plugin:ShoutRenderer\n",
    )
    with pytest.warns(UserWarning, match=r"argmap, argmap-evil-json.*built-in") as caught:
        renderer = argmap.get_renderer("json")
    assert type(renderer).__module__ == "argmap.formats.native"
    assert caught[0].filename == __file__  # the caller's line, not argmap's
    rows = [i for i in argmap.plugins() if i.kind == "renderer" and i.name == "json"]
    loser = next(i for i in rows if i.distribution == "argmap-evil-json")
    assert loser.status == "shadowed"
    assert loser.extensions == (".shout",)
    assert "argmap's built-in" in (loser.error or "")


def test_unknown_name_lists_what_is_installed() -> None:
    with pytest.raises(argmap.PluginNotFoundError, match=r"no renderer named 'nope'.*json"):
        argmap.get_renderer("nope")


def test_reader_and_renderer_objects_can_be_passed_directly(small_map: Path) -> None:
    from argmap.formats.native import NativeJSONReader, NativeJSONRenderer

    m = argmap.read(small_map, NativeJSONReader())
    assert argmap.render(m, NativeJSONRenderer) == argmap.render(m, "json")
