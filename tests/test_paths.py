"""argmap._paths gives what pathlib gives, for the read path that does not import it."""

from __future__ import annotations

import os
import pathlib

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from argmap import _paths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the POSIX rules (else: pathlib)")

PIECES = st.sampled_from(["/", "//", ".", "..", "a", "b.c", ".d", "e.", "f.tar.gz", " ", "é"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
@example("")
@example("//a//b/")
@example("///x")
@example("./a.argdown")
def test_normal_name_and_suffix_are_pathlibs(text: str) -> None:
    path = pathlib.Path(text)
    assert _paths.normal(text) == os.fspath(path)
    assert _paths.name(text) == path.name
    assert _paths.suffix(_paths.name(text)) == path.suffix
    assert _paths.normal(path) == os.fspath(path)


def test_exists_and_is_dir_are_pathlibs(tmp_path: pathlib.Path) -> None:
    file = tmp_path / "a.argdown"
    file.write_text("[A]: a.\n", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for p in [file, tmp_path, tmp_path / "missing", file / "child", tmp_path / "loop"]:
        assert _paths.exists(str(p)) == p.exists(), p
        assert _paths.is_dir(str(p)) == p.is_dir(), p
    assert _paths.exists("a\0b") is pathlib.Path("a\0b").exists() is False
