"""A plugin's bugs reach the caller as argmap errors naming the plugin and its distribution
(issue 12), and a plugin's ``sniff()`` cannot claim more than certainty.

The plugins are a real distribution (``argmap-crashy``), built and pip-installed into a
temporary directory as a stranger's plugin would be (see ``plugin_dists.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import argmap
from argmap import _guard
from argmap.cli import main
from argmap.sources import read_document, read_documents
from plugin_dists import forget, pip_install, write_project

CRASHY = '''
"""Plugins with bugs, for argmap's tests."""

import os

from argmap import ArgumentMap
from argmap.plugin import Reader, Renderer
from argmap.sources import SourceReader


class CrashyReader(Reader):
    name = "crashy"
    extensions = (".crashy",)
    api_version = 1

    def parse(self, text, *, path=None, **options):
        if text.startswith("interrupt"):
            raise KeyboardInterrupt
        if text.startswith("exit"):
            raise SystemExit(3)
        return {}["no such key"]


class CrashyRenderer(Renderer):
    name = "crashy"
    extensions = (".crashy",)
    api_version = 1

    def render(self, amap, /, **options):
        return len(amap.statements) / 0


class CrashySource(SourceReader):
    name = "crashy"
    extensions = (".crashy",)

    def parse(self, text, *, path=None, id=None):
        return [][1]


class FragileReader(Reader):
    name = "fragile"
    extensions = (".fragile",)
    api_version = 1

    def __init__(self):
        raise RuntimeError("cannot even start")


class FragileRenderer(Renderer):
    name = "fragile"
    extensions = (".fragile",)
    api_version = 1

    def __init__(self):
        raise RuntimeError("cannot even start")


class FragileSource(SourceReader):
    name = "fragile"
    extensions = (".fragile",)

    def __init__(self):
        raise RuntimeError("cannot even start")


ANSWERS = {
    "inf": float("inf"), "-inf": float("-inf"), "huge": 1e9, "nan": float("nan"),
    "text": "very sure", "none": None, "list": [1.0], "one": 1.0,
}


class GreedyReader(Reader):
    """Claims .json and is always very sure (how sure: $GREEDY_SNIFF)."""

    name = "greedy"
    extensions = (".json",)
    api_version = 1

    def parse(self, text, *, path=None, **options):
        return ArgumentMap("read by greedy")

    def sniff(self, text):
        answer = os.environ.get("GREEDY_SNIFF", "inf")
        if answer == "raise":
            raise RuntimeError("sniffing went wrong")
        return ANSWERS[answer]
'''

MODULE = "argmap_crashy"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("crashy-src")
    target = tmp_path_factory.mktemp("crashy-site")
    project = write_project(
        src,
        "argmap-crashy",
        MODULE,
        CRASHY,
        {
            "argmap.readers": {
                "crashy": f"{MODULE}:CrashyReader",
                "greedy": f"{MODULE}:GreedyReader",
                "fragile": f"{MODULE}:FragileReader",
            },
            "argmap.renderers": {
                "crashy": f"{MODULE}:CrashyRenderer",
                "fragile": f"{MODULE}:FragileRenderer",
            },
            "argmap.sources": {
                "crashy": f"{MODULE}:CrashySource",
                "fragile": f"{MODULE}:FragileSource",
            },
        },
    )
    return pip_install([project], target=target)


def _forget() -> None:
    forget(MODULE)
    _guard._WARNED.clear()


@pytest.fixture
def site(installed: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(installed))
    monkeypatch.delenv("ARGMAP_PREFER", raising=False)
    _forget()
    yield installed
    _forget()


@pytest.fixture
def crashy_file(tmp_path: Path) -> Path:
    path = tmp_path / "input.crashy"
    path.write_text("anything\n", "utf-8")
    return path


def _names_the_plugin(exc: BaseException, kind: str) -> None:
    message = str(exc)
    assert f"the {kind} 'crashy'" in message
    assert "distribution argmap-crashy 1.0.0" in message


# --------------------------------------------------------------------------- reading
def test_a_reader_bug_is_a_reader_error_naming_the_distribution(
    site: Path, crashy_file: Path
) -> None:
    with pytest.raises(argmap.ReaderError) as caught:
        argmap.read(crashy_file)
    _names_the_plugin(caught.value, "reader")
    assert isinstance(caught.value, argmap.ArgmapSyntaxError)
    assert isinstance(caught.value.__cause__, KeyError)
    assert caught.value.path == str(crashy_file)
    assert str(caught.value).startswith(f"{crashy_file}: ")
    assert caught.value.plugin == "crashy"
    assert caught.value.origin == "distribution argmap-crashy 1.0.0"
    with pytest.raises(argmap.ReaderError) as parsed:
        argmap.parse("anything", "crashy")
    _names_the_plugin(parsed.value, "reader")


def test_the_cli_reports_a_reader_bug_in_one_line(
    site: Path, crashy_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", str(crashy_file)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "argmap-crashy 1.0.0" in err
    assert "KeyError" in err


def test_check_reports_a_reader_bug_as_a_located_finding(site: Path, crashy_file: Path) -> None:
    findings = argmap.check(crashy_file)
    assert [f.code for f in findings] == ["E401"]
    assert "argmap-crashy" in findings[0].message


def test_interrupt_and_exit_pass_through(site: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        argmap.parse("interrupt", "crashy")
    with pytest.raises(SystemExit):
        argmap.parse("exit", "crashy")


def test_a_builtin_reader_bug_is_wrapped_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.formats.iccma import TgfReader

    def broken(self: object, text: str, options: object, *, path: str | None = None) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(TgfReader, "parse_map", broken)
    with pytest.raises(argmap.ReaderError) as caught:
        argmap.parse("1\n#\n", "tgf")
    assert "the reader 'tgf' (distribution argmap " in str(caught.value)
    assert isinstance(caught.value.__cause__, IndexError)


def test_a_source_reader_bug_is_a_reader_error(site: Path, crashy_file: Path) -> None:
    with pytest.raises(argmap.ReaderError) as caught:
        read_document(crashy_file)
    _names_the_plugin(caught.value, "source reader")
    assert isinstance(caught.value.__cause__, IndexError)
    library = read_documents(crashy_file.parent, errors="collect")
    assert len(library.problems) == 1
    assert "argmap-crashy" in str(library.problems[0])


# --------------------------------------------------------------------------- rendering
def test_a_renderer_bug_is_a_render_error_naming_the_distribution(
    site: Path, tmp_path: Path
) -> None:
    amap = argmap.parse("[A]: a claim.\n", "argdown")
    with pytest.raises(argmap.RenderError) as caught:
        argmap.render(amap, "crashy")
    _names_the_plugin(caught.value, "renderer")
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
    out = tmp_path / "out.crashy"
    with pytest.raises(argmap.RenderError):
        argmap.write(amap, out)
    assert not out.exists()


def test_the_cli_reports_a_renderer_bug_in_one_line(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "m.argdown"
    src.write_text("[A]: a claim.\n", "utf-8")
    assert main(["render", str(src), "-o", str(tmp_path / "m.crashy")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "argmap-crashy 1.0.0" in err
    assert "ZeroDivisionError" in err


# --------------------------------------------------------------------------- sniffing
@pytest.fixture
def native_json(tmp_path: Path) -> Path:
    path = tmp_path / "map.json"
    path.write_text(argmap.render(argmap.parse("[A]: a claim.\n", "argdown"), "json"), "utf-8")
    return path


@pytest.mark.parametrize("answer", ["inf", "huge", "one"])
def test_a_sniff_above_one_does_not_beat_a_builtin(
    site: Path, native_json: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    monkeypatch.setenv("GREEDY_SNIFF", answer)
    if answer == "one":  # a tie at certainty: the built-in format is used, silently
        assert argmap.detect_format(native_json) == "json"
    else:
        with pytest.warns(UserWarning, match=r"'greedy' \(distribution argmap-crashy 1\.0\.0\)"):
            assert argmap.detect_format(native_json) == "json"
    assert argmap.read(native_json).title != "read by greedy"


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("nan", "NaN"),
        ("text", "not a number"),
        ("none", "not a number"),
        ("list", "not a number"),
        ("raise", "RuntimeError: sniffing went wrong"),
        ("-inf", "outside 0..1"),
    ],
)
def test_a_sniff_that_is_not_a_number_counts_as_zero(
    site: Path, native_json: Path, monkeypatch: pytest.MonkeyPatch, answer: str, says: str
) -> None:
    monkeypatch.setenv("GREEDY_SNIFF", answer)
    with pytest.warns(UserWarning, match="argmap-crashy") as caught:
        assert argmap.detect_format(native_json) == "json"
    assert any(says in str(w.message) for w in caught)
    # a plain JSON file no reader knows is not claimed by greedy's garbage either
    other = native_json.with_name("other.json")
    other.write_text('{"neither": "format"}', "utf-8")
    with pytest.raises(argmap.FormatDetectionError):
        argmap.detect_format(other)


# --------------------------------------------------------------------------- constructors
def test_a_plugin_whose_constructor_raises_is_an_argmap_error(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from argmap.sources import get_source_reader

    for get, kind, error in (
        (argmap.get_reader, "reader", argmap.ReaderError),
        (argmap.get_renderer, "renderer", argmap.RenderError),
        (get_source_reader, "source reader", argmap.ReaderError),
    ):
        with pytest.raises(error) as caught:
            get("fragile")
        message = str(caught.value)
        assert f"the {kind} 'fragile'" in message, message
        assert "distribution argmap-crashy 1.0.0" in message
        assert "RuntimeError: cannot even start" in message
        assert isinstance(caught.value.__cause__, RuntimeError)
    source = tmp_path / "m.argdown"
    source.write_text("[A]: a.\n", "utf-8")
    assert main(["render", str(source), "-o", str(tmp_path / "m.fragile")]) == 1
    err = capsys.readouterr().err
    assert "the renderer 'fragile'" in err
    assert "internal error" not in err
    assert not (tmp_path / "m.fragile").exists()
