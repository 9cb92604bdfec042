"""Outputs never clobber (issue 12, item 3): inputs and the files they include are
protected, special files are written into, every OS error is an OutputError naming
the path, and batch rendering loses no map.

Each test here failed on the code before the fix. Tests may run as root, for whom a
chmod'ed read-only folder is writable all the same: the read-only case is then shown on
a folder of ``/sys`` (sysfs refuses new files even to root), and a full disk by making
``os.write`` fail with ENOSPC (and with a private ``/dev/full`` node where ``mknod`` is
allowed). Device tests never touch the real ``/dev``: they make their own nodes in
``tmp_path`` (the code before the fix replaced ``/dev/full`` by a regular file).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap import OutputError, corpus
from argmap._api import write_output
from argmap.cli import main

PART = "[A]: Cats are great.\n  + [B]: They purr.\n"
WHOLE = "# Whole\n\n@include(part.argdown)\n\n[C]: Dogs are great too.\n  - [A]\n"
ARGDOWN = "[A]: Cats are great.\n  + [B]: They purr.\n  - [C]: They scratch.\n"

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and devices are POSIX")


@pytest.fixture
def whole(tmp_path: Path) -> Path:
    (tmp_path / "part.argdown").write_text(PART, "utf-8")
    path = tmp_path / "whole.argdown"
    path.write_text(WHOLE, "utf-8")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------ included files are inputs
def test_a_read_map_names_every_file_it_was_read_from(whole: Path) -> None:
    amap = argmap.read(whole)
    part = os.path.realpath(whole.parent / "part.argdown")
    assert amap.source_path == str(whole)
    assert amap.included_paths == (part,)
    assert amap.input_paths == (str(whole), part)
    # a selection of the map still knows them
    assert amap.select(include_evidence=False).input_paths == amap.input_paths


def test_render_refuses_to_overwrite_an_included_file(
    whole: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    part = whole.parent / "part.argdown"
    assert main(["render", str(whole), "-o", str(part)]) == 1
    err = capsys.readouterr().err
    assert f"{part}: refusing to overwrite the input file" in err
    assert part.read_text("utf-8") == PART
    # the library's write too, by any name of the file (a symbolic link to it)
    link = whole.parent / "link.argdown"
    link.symlink_to(part)
    with pytest.raises(OutputError, match="refusing to overwrite the input file"):
        argmap.write(argmap.read(whole), link)
    assert part.read_text("utf-8") == PART
    assert link.is_symlink()


# ------------------------------------------------------------ special files
@posix_only
def test_a_fifo_is_written_into_never_replaced(
    whole: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    assert main(["render", str(whole), "-o", str(fifo), "--to", "json"]) == 0, (
        capsys.readouterr().err
    )
    thread.join(10)
    assert not thread.is_alive()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert argmap.parse(got[0].decode("utf-8"), "json") == argmap.read(whole)
    assert _leftovers(tmp_path) == []


def _device(path: Path, major: int, minor: int) -> Path:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except (OSError, AttributeError) as exc:
        pytest.skip(f"cannot make a device node here ({exc}); needs root (CAP_MKNOD)")
    try:
        with open(path, "wb"):
            pass
    except OSError as exc:  # a nodev mount
        pytest.skip(f"device nodes cannot be opened in {path.parent}: {exc}")
    return path


@posix_only
def test_a_character_device_is_written_into_never_replaced(whole: Path, tmp_path: Path) -> None:
    null = _device(tmp_path / "null", 1, 3)  # the same device as /dev/null
    write_output(argmap.render(argmap.read(whole), "json"), null)
    assert stat.S_ISCHR(os.stat(null).st_mode)
    assert _leftovers(tmp_path) == []


@posix_only
def test_a_full_device_is_an_output_error_naming_it(
    whole: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = _device(tmp_path / "full", 1, 7)  # the same device as /dev/full: ENOSPC
    assert main(["render", str(whole), "-o", str(full), "--to", "json"]) == 1
    err = capsys.readouterr().err
    assert f"argmap: error: {full}: cannot write: No space left on device" in err
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_dash_is_standard_output_never_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_output("hello\n", "-")
    assert capfd.readouterr().out == "hello\n"
    assert not (tmp_path / "-").exists()
    src = tmp_path / "maps"
    src.mkdir()
    (src / "a.argdown").write_text(ARGDOWN, "utf-8")
    assert main(["batch", "stats", str(src), "--report", "-", "--workers", "0"]) == 0
    assert '"operation": "stats"' in capfd.readouterr().out
    assert not (tmp_path / "-").exists()
    # a batch output folder cannot be standard output
    assert main(["batch", "convert", str(src), "--to", "json", "-o", "-"]) == 2
    assert not (tmp_path / "-").exists()


# ------------------------------------------------------------ every OS error is named
def _readonly_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        (folder / "probe").touch()
    except PermissionError:
        return folder
    (folder / "probe").unlink()  # root: the mode does not bite
    folder.chmod(0o700)
    sysfs = Path("/sys/kernel")
    if sys.platform.startswith("linux") and sysfs.is_dir():
        try:
            (sysfs / "argmap-probe").touch()
        except OSError:
            return sysfs  # sysfs refuses new files, even to root
        (sysfs / "argmap-probe").unlink()
    pytest.skip("no read-only folder to try: running as root without a sysfs")


def test_a_read_only_folder_is_an_output_error_naming_the_path(
    whole: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _readonly_folder(tmp_path)
    target = folder / "map.json"
    with pytest.raises(OutputError, match=f"^{target}: cannot write: "):
        write_output("{}", target)
    assert main(["render", str(whole), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"argmap: error: {target}: cannot write: " in err
    assert "internal error" not in err


def test_a_full_disk_is_an_output_error_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.json"
    target.write_text("old", "utf-8")

    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OutputError, match=f"^{target}: cannot write: No space left on device"):
        write_output("new", target)
    monkeypatch.undo()
    assert target.read_text("utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_missing_folders_folders_and_files_as_folders_are_named(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=f"^{tmp_path / 'no' / 'x.json'}: the directory"):
        write_output("{}", tmp_path / "no" / "x.json")
    with pytest.raises(OutputError, match=f"^{tmp_path}: is a directory"):
        write_output("{}", tmp_path)
    (tmp_path / "file").write_text("", "utf-8")
    with pytest.raises(OutputError, match=f"^{tmp_path / 'file' / 'x.json'}: cannot write"):
        write_output("{}", tmp_path / "file" / "x.json")


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", "utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    write_output("new", link)
    assert link.is_symlink()
    assert real.read_text("utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_a_long_file_name_still_gets_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / ("m" * 250 + ".json")
    write_output("{}", target)
    assert target.read_text("utf-8") == "{}"


# ------------------------------------------------------------ batch rendering
def test_batch_outputs_never_overwrite_an_included_file(tmp_path: Path) -> None:
    """``maps/x.argdown`` includes ``out/x.argdown``: rendering ``maps`` into ``maps/out``
    as Argdown would put ``x.argdown``'s output exactly on the file it includes."""
    src = tmp_path / "maps"
    (src / "out").mkdir(parents=True)
    (src / "out" / "x.argdown").write_text(PART, "utf-8")
    (src / "x.argdown").write_text("@include(out/x.argdown)\n\n[C]: More.\n  - [A]\n", "utf-8")
    (src / "y.argdown").write_text(ARGDOWN, "utf-8")
    result = corpus.convert(src, "argdown", output=src / "out")
    assert (src / "out" / "x.argdown").read_text("utf-8") == PART
    (failed,) = result.failures
    assert failed.key == "x.argdown"
    assert "refusing to overwrite the input file" in (failed.error or "")
    assert [r.output for r in result.records if r.ok] == ["y.argdown"]


def test_batch_into_the_input_folder_itself_reads_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "maps"
    (src / "a").mkdir(parents=True)
    (src / "a" / "x.argdown").write_text(ARGDOWN, "utf-8")
    (src / "x.argdown").write_text(PART, "utf-8")
    for _ in range(2):
        assert main(["render", str(src), "-o", str(src), "--to", "argdown"]) == 0
        assert "rendered 2 of 2" in capsys.readouterr().err
    files = sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file())
    assert files == [
        ".argmap-batch.jsonl",
        "a/x.argdown",
        "a/x.argdown.argdown",
        "x.argdown",
        "x.argdown.argdown",
    ]
    assert (src / "x.argdown").read_text("utf-8") == PART


@posix_only
def test_a_walk_skips_fifos_that_would_never_end(tmp_path: Path) -> None:
    src = tmp_path / "maps"
    src.mkdir()
    (src / "a.argdown").write_text(ARGDOWN, "utf-8")
    os.mkfifo(src / "b.argdown")
    assert [i.key for i in corpus.Corpus.from_sources(src)] == ["a.argdown"]


def test_a_system_exit_in_one_map_fails_it_and_the_rest_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from argmap.formats import native

    original = native.NativeJSONRenderer.render

    def exits(self: Any, amap: argmap.ArgumentMap, /, **options: Any) -> str | bytes:
        if "A bad one." in [s.text for s in amap.statements.values()]:
            raise SystemExit(3)  # a plugin's bug; it must not end the run
        return original(self, amap, **options)

    monkeypatch.setattr(native.NativeJSONRenderer, "render", exits)
    src = tmp_path / "maps"
    src.mkdir()
    (src / "a.argdown").write_text("[Z]: A bad one.\n", "utf-8")
    (src / "b.argdown").write_text(ARGDOWN, "utf-8")
    (src / "c.argdown").write_text(PART, "utf-8")
    out = tmp_path / "out"
    assert main(["render", str(src), "-o", str(out), "--to", "json"]) == 1
    err = capsys.readouterr().err
    assert f"{src / 'a.argdown'}: internal error: SystemExit: 3" in err
    assert "rendered 2 of 3" in err
    assert sorted(p.name for p in out.glob("*.json")) == ["b.json", "c.json"]
