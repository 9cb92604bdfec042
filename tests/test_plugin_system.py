"""The plugin system with real, pip-installed plugin distributions: name clashes and how
to settle them, a plugin that exits at import, typed options from every front end, lazy
lookups by extension and an old-style (API version 1) plugin.

The distributions are built once per session (``plugin_dists.py``) and installed with
``pip install --target`` into a temporary directory that each test puts on ``sys.path``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import argmap
from argmap._registry import registry
from argmap.cli import main
from plugin_dists import (
    EXITING,
    OLD_STYLE_RENDERER,
    SHOUT_RENDERER,
    forget,
    pip_install,
    write_project,
    yaml_reader,
)

MODULES = ("yamlmap_a", "yamlmap_b", "argmap_exiter", "shout_typed", "echo_old")

YAML = """\
title: Will Meta keep its models open?
claims:
  open: Meta will keep its models open
  charity: Charity dries up
attacks:
  - [charity, open]
"""


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five plugin distributions, pip-installed into one directory."""
    src = tmp_path_factory.mktemp("plugin-src")
    target = tmp_path_factory.mktemp("plugin-site")
    reader = {"argmap.readers": {"yamlmap": "yamlmap_a:YamlMapReader"}}
    projects = [
        write_project(src, "argmap-yamlmap", "yamlmap_a", yaml_reader("A"), reader),
        write_project(
            src,
            "yaml-argmaps",
            "yamlmap_b",
            yaml_reader("B", prefix="B: "),
            {"argmap.readers": {"yamlmap": "yamlmap_b:YamlMapReader"}},
        ),
        write_project(
            src,
            "argmap-exiter",
            "argmap_exiter",
            EXITING,
            {
                "argmap.readers": {"exiter": "argmap_exiter:Reader"},
                "argmap.renderers": {"exiter": "argmap_exiter:Renderer"},
            },
        ),
        write_project(
            src,
            "argmap-shout",
            "shout_typed",
            SHOUT_RENDERER,
            {"argmap.renderers": {"shout": "shout_typed:ShoutRenderer"}},
        ),
        write_project(
            src,
            "argmap-echo",
            "echo_old",
            OLD_STYLE_RENDERER,
            {"argmap.renderers": {"echo": "echo_old:EchoRenderer"}},
        ),
    ]
    return pip_install(projects, target=target)


def _forget() -> None:
    forget(*MODULES)


@pytest.fixture
def site(installed: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(installed))
    monkeypatch.delenv("ARGMAP_PREFER", raising=False)
    _forget()
    yield installed
    _forget()


@pytest.fixture
def yaml_file(tmp_path: Path) -> Path:
    path = tmp_path / "debate.yml"
    path.write_text(YAML, "utf-8")
    return path


@pytest.fixture
def argdown_file(tmp_path: Path) -> Path:
    path = tmp_path / "x.argdown"
    path.write_text("[Open]: Meta will keep its models open.\n  - Charity dries up.\n", "utf-8")
    return path


def _rows(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["plugins", "--json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


# --------------------------------------------------------------------------- clashes
def test_a_clash_between_third_parties_is_an_error_naming_both(
    site: Path, yaml_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(argmap.PluginClashError) as caught:
        argmap.read(yaml_file)
    message = str(caught.value)
    assert "argmap-yamlmap 1.0.0" in message
    assert "yaml-argmaps 1.0.0" in message
    assert "ARGMAP_PREFER=reader:yamlmap=" in message
    assert "argmap.prefer('reader', 'yamlmap'," in message
    with pytest.raises(argmap.PluginClashError):
        argmap.get_reader("yamlmap")
    # never a silent fallback to sniffing the YAML as Argdown
    assert main(["info", str(yaml_file)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "argmap-yamlmap" in err
    assert "yaml-argmaps" in err
    rows = [r for r in _rows(capsys) if r["name"] == "yamlmap"]
    assert sorted(str(r["distribution"]) for r in rows) == ["argmap-yamlmap", "yaml-argmaps"]
    assert {r["status"] for r in rows} == {"clash"}
    assert all(r["extensions"] == [".yml", ".yaml"] for r in rows)


def test_the_environment_chooses_and_the_loser_is_listed_shadowed(
    site: Path, yaml_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARGMAP_PREFER", "reader:yamlmap=yaml-argmaps")
    registry.refresh()
    amap = argmap.read(yaml_file)
    assert amap.statements["open"].text == "B: Meta will keep its models open"
    rows = {r["distribution"]: r for r in _rows(capsys) if r["name"] == "yamlmap"}
    assert rows["yaml-argmaps"]["status"] == "ok"
    assert rows["argmap-yamlmap"]["status"] == "shadowed"
    assert rows["argmap-yamlmap"]["extensions"] == [".yml", ".yaml"]
    assert "yaml-argmaps" in str(rows["argmap-yamlmap"]["error"])
    assert main(["info", str(yaml_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["claims"] == 2


def test_the_api_chooses(site: Path, yaml_file: Path) -> None:
    argmap.prefer("reader", "yamlmap", "argmap-yamlmap")
    assert argmap.read(yaml_file).statements["open"].text == "Meta will keep its models open"
    shadowed = [i for i in argmap.plugins() if i.name == "yamlmap" and i.status == "shadowed"]
    assert [i.distribution for i in shadowed] == ["yaml-argmaps"]
    assert shadowed[0].extensions == (".yml", ".yaml")


def test_a_choice_of_a_distribution_that_is_not_installed_says_so(
    site: Path, yaml_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGMAP_PREFER", "reader:yamlmap=argmap-nowhere")
    registry.refresh()
    with pytest.raises(argmap.PluginClashError, match="prefers argmap-nowhere"):
        argmap.read(yaml_file)


def test_a_malformed_preference_is_one_clean_warning_line(
    site: Path, argdown_file: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("ARGMAP_PREFER", "yamlmap=argmap-yamlmap")
    registry.refresh()
    assert main(["info", str(argdown_file)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "argmap: warning: ARGMAP_PREFER: ignoring 'yamlmap=argmap-yamlmap'; expected "
        "KIND:NAME=DISTRIBUTION with KIND one of reader, renderer, source, e.g. "
        "reader:yamlmap=argmap-yamlmap"
    ]


def test_library_warnings_point_at_the_callers_line(
    site: Path, argdown_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGMAP_PREFER", "nonsense")
    registry.refresh()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        argmap.read(argdown_file)
    assert caught, "no warning"
    assert caught[0].filename == __file__
    assert "ARGMAP_PREFER" in str(caught[0].message)


# --------------------------------------------------------------------------- isolation
def test_a_plugin_that_exits_at_import_breaks_nothing_else(
    site: Path, argdown_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [r for r in _rows(capsys) if r["name"] == "exiter"]
    assert len(rows) == 2
    for row in rows:
        assert row["status"] == "broken"
        assert row["distribution"] == "argmap-exiter"
        assert "SystemExit" in str(row["error"])
    assert main(["plugins"]) == 0
    assert "argmap-exiter" in capsys.readouterr().out
    for command in (
        ["info", str(argdown_file)],
        ["check", str(argdown_file)],
        ["evaluate", str(argdown_file)],
        ["render", str(argdown_file), "-o", "-", "--to", "text"],
        ["render", str(argdown_file), "-o", str(tmp_path / "x.json")],
        ["plugins", "shout"],
    ):
        assert main(command) == 0, command
    capsys.readouterr()
    assert main(["render", str(argdown_file), "-o", "-", "--to", "exiter"]) == 1
    err = capsys.readouterr().err
    assert "argmap-exiter" in err
    assert "SystemExit" in err
    assert len(err.strip().splitlines()) == 1
    assert [i.name for i in argmap.plugins() if i.status == "broken"] == ["exiter", "exiter"]


def test_a_broken_plugin_is_never_offered(site: Path, tmp_path: Path) -> None:
    unknown = tmp_path / "x.unknown"
    unknown.write_text("\x00\x01", "utf-8")
    with pytest.raises(argmap.FormatDetectionError) as caught:
        argmap.read(unknown)
    assert "installed readers:" in str(caught.value)
    assert "exiter" not in str(caught.value)
    assert "argdown" in str(caught.value)
    with pytest.raises(argmap.PluginNotFoundError) as missing:
        argmap.get_renderer("nope")
    assert "exiter" not in str(missing.value)
    assert "shout" in str(missing.value)


# --------------------------------------------------------------------------- options
def test_declared_options_are_listed(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = next(r for r in _rows(capsys) if r["name"] == "shout")
    options = {o["name"]: o for o in row["options"]}  # type: ignore[attr-defined]
    assert options["width"] == {
        "name": "width",
        "type": "int",
        "default": 40,
        "help": "cut lines at this many characters",
        "allowed": "a whole number >= 10 and <= 200",
        "choices": None,
        "min": 10,
        "max": 200,
    }
    assert options["case"]["type"] == "choice"
    assert options["case"]["allowed"] == "one of upper, lower"
    assert options["marks"]["default"] is True
    assert main(["plugins", "shout", "--json"]) == 0
    (one,) = json.loads(capsys.readouterr().out)
    assert [o["name"] for o in one["options"]] == ["width", "case", "marks"]
    assert main(["plugins", "shout"]) == 0
    text = capsys.readouterr().out
    assert "width: a whole number >= 10 and <= 200 (default: 40)" in text
    assert "case: one of upper, lower (default: upper)" in text
    # a reader's options too
    argmap.prefer("reader", "yamlmap", "argmap-yamlmap")
    assert main(["plugins", "yamlmap"]) == 0
    text = capsys.readouterr().out
    assert "default_kind: one of claim, evidence (default: claim)" in text
    assert "status:       shadowed" in text  # the other distribution's


def test_options_are_typed_from_text_and_keywords(
    site: Path, argdown_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    amap = argmap.read(argdown_file)
    assert argmap.render(amap, "shout", width=12, case="lower", marks=False).splitlines()[0] == (
        "meta will ke"
    )
    args = ["render", str(argdown_file), "-o", "-", "--to", "shout"]
    assert main([*args, "-O", "width=12", "-O", "case=LOWER", "-O", "marks=no"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "meta will ke"


def test_a_bad_option_value_is_rejected_saying_what_is_allowed(
    site: Path, argdown_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    amap = argmap.read(argdown_file)
    with pytest.raises(argmap.OptionError) as caught:
        argmap.render(amap, "shout", width=3)
    exc = caught.value
    assert (exc.plugin, exc.option, exc.value) == ("shout renderer", "width", 3)
    assert str(exc) == (
        "the shout renderer's option width=3 is not allowed: expected a whole number >= 10 "
        "and <= 200"
    )
    assert isinstance(exc, ValueError)
    assert isinstance(exc, argmap.RenderError)
    with pytest.raises(argmap.OptionError, match="has no option colour"):
        argmap.render(amap, "shout", colour="red")
    args = ["render", str(argdown_file), "-o", "-", "--to", "shout"]
    assert main([*args, "-O", "case=sideways"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "argmap: error: -O case=sideways: the shout renderer's option case='sideways' is not "
        "allowed: expected one of upper, lower\n"
    )
    # a reader's option
    argmap.prefer("reader", "yamlmap", "argmap-yamlmap")
    with pytest.raises(argmap.OptionError, match=r"yamlmap reader's option min_claims=-1"):
        argmap.parse(YAML, "yamlmap", min_claims=-1)
    with pytest.raises(argmap.ArgmapSyntaxError, match=r"<input>:3:3: at least 5 claims"):
        argmap.parse(YAML, "yamlmap", min_claims="5")


def test_an_old_style_plugin_gets_its_options_as_given(
    site: Path, argdown_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["render", str(argdown_file), "-o", "-", "--to", "echo", "-O", "anything=12"]
    assert main(args) == 0
    assert capsys.readouterr().out == "[('anything', '12')]\n"
    info = next(i for i in argmap.plugins() if i.name == "echo")
    assert (info.status, info.api_version) == ("ok", 1)
    assert [(o.name, o.type, o.help) for o in info.options] == [("anything", "any", "echoed back")]


def test_yaml_errors_are_located(site: Path) -> None:
    argmap.prefer("reader", "yamlmap", "argmap-yamlmap")
    with pytest.raises(argmap.ArgmapSyntaxError) as caught:
        argmap.parse("title: x\nclaims:\n  a: [unclosed\n", "yamlmap", path="m.yml")
    assert (caught.value.path, caught.value.line) == ("m.yml", 4)
    with pytest.raises(argmap.ArgmapSyntaxError, match=r"m\.yml:3:6: a claim is text"):
        argmap.parse("title: x\nclaims:\n  a: [1, 2]\n", "yamlmap", path="m.yml")


# --------------------------------------------------------------------------- laziness
LOOKUP = (
    "import sys, argmap; argmap.read(sys.argv[1]); "
    "print(sorted(m for m in sys.modules if m.startswith({modules!r})))"
)


def test_lookups_by_extension_import_no_unrelated_plugin(
    installed: Path, argdown_file: Path, tmp_path: Path
) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(installed), env.get("PYTHONPATH", "")])
    env["ARGMAP_CACHE_DIR"] = str(tmp_path / "cache")
    code = LOOKUP.format(modules=MODULES)

    def run() -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", code, str(argdown_file)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return json.loads(out.stdout.replace("'", '"'))  # type: ignore[no-any-return]

    first = run()  # the cache is filled: every plugin is looked at once
    assert "yamlmap_a" in first
    assert run() == []  # afterwards .argdown finds argmap's reader and imports nothing else
    assert len(list((tmp_path / "cache").glob("plugins-*.json"))) == 1


def test_each_environment_keeps_its_own_scan_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argmap import _registry as reg

    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path))
    scan = {"stamp": [], "records": [], "own_version": "1"}
    reg._save_scan("env-a", scan)
    reg._save_scan("env-b", {**scan, "own_version": "2"})
    assert len(list(tmp_path.glob("entry-points-*.json"))) == 2
    assert reg._read_scan("env-a")["own_version"] == "1"  # type: ignore[index]
    assert reg._read_scan("env-b")["own_version"] == "2"  # type: ignore[index]
    # a file under this environment's tag that holds another key (a clash) is a miss
    other = {"format": reg._SCAN_FORMAT, "key": "env-b", **scan}
    Path(reg._scan_file("env-a")).write_text(json.dumps(other), encoding="utf-8")
    assert reg._read_scan("env-a") is None
    # the newest environments are kept
    monkeypatch.setattr(reg, "_SCAN_KEEP", 1)
    reg._save_scan("env-c", scan)
    names = [p.name for p in tmp_path.glob("entry-points-*.json")]
    assert names == [os.path.basename(reg._scan_file("env-c"))]
