"""Hostile input to the core readers: confined includes, bounded inputs, valid text
(issue 12, items 1, 2 and 6a; docs/security.md states the rules tested here)."""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

import pytest

import argmap
from argmap import ArgmapSyntaxError
from argmap.cli import main
from argmap.plugin import LimitOptions

HOSTNAME = Path("/etc/hostname")


def _no_hang(target: object, *args: object, seconds: float = 20.0) -> object:
    """Run ``target(*args)`` in a thread; fail (instead of hanging the suite) when it
    does not finish in time. Returns its result or the exception it raised."""
    box: list[object] = []

    def run() -> None:
        try:
            box.append(target(*args))  # type: ignore[operator]
        except BaseException as exc:
            box.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    return box[0]


# ---------------------------------------------------------------------- includes
@pytest.mark.skipif(not HOSTNAME.is_file(), reason="/etc/hostname is not on this machine")
def test_an_absolute_include_outside_the_folder_is_refused(tmp_path: Path) -> None:
    secret = HOSTNAME.read_text().strip()
    main_file = tmp_path / "main.argdown"
    main_file.write_text("[A]: a claim.\n\n  @include(/etc/hostname)\n")
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.read(main_file)
    err = info.value
    assert (err.path, err.line, err.column) == (str(main_file), 3, 12)
    assert "outside" in err.message
    assert "include_root" in err.message
    assert secret not in err.message.replace(str(tmp_path), "")


@pytest.mark.skipif(not HOSTNAME.is_file(), reason="/etc/hostname is not on this machine")
def test_text_without_a_file_includes_only_under_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "part.argdown").write_text("[P]: a part.\n")
    amap = argmap.parse("[A]: a.\n\n@include(part.argdown)\n", "argdown")
    assert list(amap.statements) == ["A", "P"]
    with pytest.raises(ArgmapSyntaxError, match="outside") as info:
        argmap.parse("[A]: a.\n\n@include(/etc/hostname)\n", "argdown")
    assert (info.value.line, info.value.column) == (3, 10)


def test_a_dotdot_escape_is_refused_unless_the_root_is_widened(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "shared.argdown").write_text("[S]: shared.\n")
    main_file = tmp_path / "docs" / "main.argdown"
    main_file.write_text("[A]: a.\n\n@include(ok.argdown, ../shared.argdown)\n")
    (tmp_path / "docs" / "ok.argdown").write_text("[O]: fine.\n")
    with pytest.raises(ArgmapSyntaxError, match="outside") as info:
        argmap.read(main_file)
    assert (info.value.line, info.value.column) == (3, 22)  # at the second name
    amap = argmap.read(main_file, include_root=tmp_path)
    assert list(amap.statements) == ["A", "O", "S"]


def test_a_nested_include_may_climb_back_within_the_root(tmp_path: Path) -> None:
    """The root is the top file's folder: a file in a subfolder may include its
    sibling folder's files, all inside it."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "one.argdown").write_text("[One]: one.\n\n@include(../b/two.argdown)\n")
    (tmp_path / "b" / "two.argdown").write_text("[Two]: two.\n")
    (tmp_path / "main.argdown").write_text("[M]: m.\n\n@include(a/one.argdown)\n")
    assert list(argmap.read(tmp_path / "main.argdown").statements) == ["M", "One", "Two"]


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "docs").mkdir()
    secret = tmp_path / "outside" / "secret.argdown"
    secret.write_text("[Secret]: TOP-SECRET-CONTENT\n")
    (tmp_path / "docs" / "link.argdown").symlink_to(secret)
    (tmp_path / "docs" / "dirlink").symlink_to(tmp_path / "outside")
    for name in ("link.argdown", "dirlink/secret.argdown"):
        main_file = tmp_path / "docs" / "main.argdown"
        main_file.write_text(f"[A]: a.\n\n@include({name})\n")
        with pytest.raises(ArgmapSyntaxError, match="outside") as info:
            argmap.read(main_file)
        assert info.value.line == 3
        assert "TOP-SECRET" not in str(info.value)


def test_a_symlink_within_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.argdown").write_text("[R]: real.\n")
    (tmp_path / "alias.argdown").symlink_to(tmp_path / "real.argdown")
    (tmp_path / "main.argdown").write_text("[A]: a.\n\n@include(alias.argdown)\n")
    assert list(argmap.read(tmp_path / "main.argdown").statements) == ["A", "R"]


def test_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "main.argdown").write_text("[A]: a.\n\n@include(/dev/zero)\n")
    with pytest.raises(ArgmapSyntaxError, match="outside"):
        argmap.read(tmp_path / "main.argdown")
    # even where the folder allows it, a device is not a file to include
    result = _no_hang(lambda: argmap.read(tmp_path / "main.argdown", include_root="/"))
    assert isinstance(result, ArgmapSyntaxError)
    assert "not a regular file" in result.message
    assert (result.line, result.column) == (3, 10)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.argdown")  # no writer: opening it to read would block
    (tmp_path / "main.argdown").write_text("[A]: a.\n\n@include(pipe.argdown)\n")
    result = _no_hang(argmap.read, tmp_path / "main.argdown")
    assert isinstance(result, ArgmapSyntaxError)
    assert "not a regular file" in result.message
    assert result.line == 3


def test_a_socket_and_a_directory_are_refused(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "s.argdown"))
        for name, words in (("sub", "a directory"), ("s.argdown", "not a regular file")):
            (tmp_path / "main.argdown").write_text(f"[A]: a.\n\n@include({name})\n")
            with pytest.raises(ArgmapSyntaxError, match=words):
                argmap.read(tmp_path / "main.argdown")
    finally:
        sock.close()


def test_a_too_large_include_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.argdown"
    with big.open("wb") as fh:  # sparse: 1 GiB that takes no disk and must not be read
        fh.truncate(1 << 30)
    (tmp_path / "main.argdown").write_text("[A]: a.\n\n@include(big.argdown)\n")
    with pytest.raises(ArgmapSyntaxError, match="max_bytes") as info:
        argmap.read(tmp_path / "main.argdown")
    assert (info.value.line, info.value.column) == (3, 10)


def test_the_byte_limit_counts_every_included_file(tmp_path: Path) -> None:
    for name in "abc":
        (tmp_path / f"{name}.argdown").write_text(f"[{name.upper()}]: " + "x" * 400 + "\n")
    text = "[M]: m.\n\n@include(a.argdown, b.argdown, c.argdown)\n"
    (tmp_path / "main.argdown").write_text(text)
    assert len(argmap.read(tmp_path / "main.argdown").statements) == 4
    with pytest.raises(ArgmapSyntaxError, match="max_bytes") as info:
        argmap.read(tmp_path / "main.argdown", max_bytes=len(text) + 1000)
    assert info.value.column == len("@include(a.argdown, b.argdown, ") + 1  # the third


def test_include_cycles_are_still_cut_within_the_root(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.argdown").write_text("[A]: a.\n\n@include(sub/b.argdown)\n")
    (tmp_path / "sub" / "b.argdown").write_text("[B]: b.\n\n@include(../a.argdown)\n")
    (tmp_path / "alias.argdown").symlink_to(tmp_path / "a.argdown")
    (tmp_path / "c.argdown").write_text("[C]: c.\n\n@include(alias.argdown, c.argdown)\n")
    amap = argmap.read(tmp_path / "a.argdown")
    assert list(amap.statements) == ["A", "B"]
    amap = argmap.read(tmp_path / "c.argdown")
    assert list(amap.statements) == ["C", "A", "B"]
    assert "already included" in caplog.text


def test_the_command_line_widens_the_root_with_include_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "shared.argdown").write_text("[S]: shared.\n")
    main_file = tmp_path / "docs" / "main.argdown"
    main_file.write_text("[A]: a.\n  + [S]\n\n@include(../shared.argdown)\n")
    assert main(["info", str(main_file), "--json"]) == 1
    assert "outside" in capsys.readouterr().err
    assert main(["info", str(main_file), "--json", "--include-root", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["claims"] == 2
    out = tmp_path / "out.json"
    assert main(["render", str(main_file), "-o", str(out), "--include-root", str(tmp_path)]) == 0
    assert "S" in argmap.read(out).statements
    assert main(["check", str(main_file)]) == 1
    assert "outside" in capsys.readouterr().out
    assert main(["check", str(main_file), "--include-root", str(tmp_path)]) == 0


# ---------------------------------------------------------------------- limits
def test_limits_are_options_of_every_core_reader() -> None:
    for name in ("argdown", "json"):
        cls = type(argmap.get_reader(name))
        assert cls.Options is not None
        assert issubclass(cls.Options, LimitOptions)
        specs = {s.name: s for s in cls.option_specs()}
        assert specs["max_bytes"].default == 256 * 1024 * 1024
        assert specs["max_elements"].default == 5_000_000
        assert specs["max_depth"].default == 100


@pytest.mark.parametrize("fmt", ["argdown", "json"])
def test_a_too_large_file_is_refused_from_its_size(tmp_path: Path, fmt: str) -> None:
    big = tmp_path / f"big.{fmt}"
    with big.open("wb") as fh:
        fh.truncate(1 << 30)  # sparse: reading it would take a GiB
    with pytest.raises(ArgmapSyntaxError, match="max_bytes") as info:
        argmap.read(big, fmt, max_bytes=1 << 20)
    assert info.value.path == str(big)
    with pytest.raises(ArgmapSyntaxError, match="max_bytes"):
        argmap.read(big, fmt)  # the default limit (256 MiB) too


def test_text_larger_than_the_limit_is_refused() -> None:
    with pytest.raises(ArgmapSyntaxError, match="max_bytes"):
        argmap.parse("[A]: " + "x" * 100, "argdown", max_bytes=50)
    with pytest.raises(ArgmapSyntaxError, match="max_bytes"):
        argmap.parse('{"schema_version": 1, "title": "' + "x" * 100 + '"}', "json", max_bytes=50)


def test_a_device_as_the_input_is_read_only_up_to_the_limit() -> None:
    result = _no_hang(lambda: argmap.read("/dev/zero", "argdown", max_bytes=1 << 20))
    assert isinstance(result, ArgmapSyntaxError)
    assert "max_bytes" in result.message


def test_too_many_lines_are_refused_before_they_are_split() -> None:
    with pytest.raises(ArgmapSyntaxError, match="max_elements") as info:
        argmap.parse("[A]: a.\n" * 20, "argdown", max_elements=10)
    assert info.value.line == 11


def test_too_many_elements_in_native_json_are_located() -> None:
    doc = {"schema_version": 1, "statements": [{"id": f"s{i}", "text": "t"} for i in range(20)]}
    text = json.dumps(doc, indent=1)
    with pytest.raises(ArgmapSyntaxError, match="max_elements") as info:
        argmap.parse(text, "json", max_elements=10)
    assert info.value.line == 3  # the statements array
    assert len(argmap.parse(text, "json").statements) == 20


def _deep(depth: int) -> str:
    return '{"schema_version": 1, "meta": {"x": ' + "[" * depth + "]" * depth + "}}"


@pytest.mark.parametrize("depth", [200, 5000, 100_000])
def test_deep_json_is_a_located_error_not_a_recursion_error(depth: int) -> None:
    with pytest.raises(ArgmapSyntaxError, match="max_depth") as info:
        argmap.parse(_deep(depth), "json")
    # the document is 2 deep where the arrays start: the 99th array is the 101st level
    assert (info.value.line, info.value.column) == (1, len(_deep(0)) - 2 + 98 + 1)


def test_the_depth_limit_is_exact_and_an_option(tmp_path: Path) -> None:
    assert argmap.parse(_deep(98), "json").meta["x"]  # 100 levels: accepted
    with pytest.raises(ArgmapSyntaxError, match="max_depth"):
        argmap.parse(_deep(99), "json")
    assert argmap.parse(_deep(300), "json", max_depth=302).meta["x"]
    f = tmp_path / "deep.json"
    f.write_text(_deep(99))
    with pytest.raises(ArgmapSyntaxError, match="max_depth") as info:
        argmap.read(f)  # the file's fast path bounds it too
    assert info.value.path == str(f)
    assert argmap.read(f, max_depth=101).meta["x"]


def test_a_bad_limit_option_is_an_option_error() -> None:
    with pytest.raises(argmap.OptionError, match="max_depth"):
        argmap.parse("[A]: a.\n", "argdown", max_depth=0)
    with pytest.raises(argmap.OptionError, match="max_bytes"):
        argmap.parse("{}", "json", max_bytes="lots")


# ---------------------------------------------------------------------- text
@pytest.mark.parametrize(
    ("title", "column"),
    [('"x\\ud800"', 34), ('"ok \\ud83d\\ude00 \\udc00"', 49), ('"\\ud800\\u0041"', 33)],
)
def test_a_lone_surrogate_escape_in_json_is_refused(title: str, column: int) -> None:
    text = '{"schema_version": 1, "title": ' + title + "}"
    with pytest.raises(ArgmapSyntaxError, match="surrogate") as info:
        argmap.parse(text, "json")
    assert (info.value.line, info.value.column) == (1, column)


def test_a_surrogate_pair_escape_is_one_character() -> None:
    amap = argmap.parse('{"schema_version": 1, "title": "\\ud83d\\ude00"}', "json")
    assert amap.title == "\U0001f600"
    assert "\U0001f600" in argmap.render(amap, "json")


def test_a_lone_surrogate_in_a_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "m.json"
    f.write_text('{"schema_version": 1,\n "title": "a\\udfff"}\n')
    with pytest.raises(ArgmapSyntaxError, match="surrogate") as info:
        argmap.read(f)
    assert (info.value.path, info.value.line, info.value.column) == (str(f), 2, 13)


@pytest.mark.parametrize(
    ("fmt", "text", "where"),
    [
        ("argdown", "[A]: fine.\n[B]: not \ud800 fine.\n", (2, 10)),
        ("json", '{"schema_version": 1, "title": "\udc00"}', (1, 33)),
    ],
)
def test_str_input_with_surrogates_is_refused(fmt: str, text: str, where: tuple[int, int]) -> None:
    with pytest.raises(ArgmapSyntaxError, match="surrogate") as info:
        argmap.parse(text, fmt)
    assert (info.value.line, info.value.column) == where


def test_every_accepted_json_map_can_be_written() -> None:
    for title in ('"\\ud83d\\ude00"', '"\\u00e9"', '"plain"'):
        amap = argmap.parse('{"schema_version": 1, "title": ' + title + "}", "json")
        for fmt in ("json", "argdown"):
            argmap.render(amap, fmt).encode("utf-8")


def test_the_command_line_passes_reader_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "m.argdown"
    f.write_text("".join(f"[A{i}]: a.\n\n" for i in range(30)))
    assert main(["info", str(f), "-R", "max_elements=10"]) == 1
    assert "max_elements" in capsys.readouterr().err
    assert main(["info", str(f), "--json", "-R", "max_elements=100"]) == 0
    assert main(["check", str(f), "-R", "max_elements=10"]) == 1
    assert "max_elements" in capsys.readouterr().out
