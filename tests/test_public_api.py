"""The public namespace is exactly what we mean to export, and behaves as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap

EXPECTED = {
    "Argument", "ArgumentMap", "ArgmapError", "ArgmapSyntaxError", "DanglingReferenceError",
    "DuplicateIdError", "Finding", "FormatDetectionError", "GraphvizNotFoundError", "Group",
    "Location", "MapStructureError", "OutputError", "PluginError", "PluginInfo", "PluginLoadError",
    "PluginNotFoundError", "ReaderError", "Relation", "RelationKind", "RenderError", "Severity",
    "Source",
    "Statement", "StatementKind", "ValidationError", "__version__", "check", "detect_format",
    "get_reader", "get_renderer", "parse", "plugins", "read", "render", "write",
    "DiffError", "MapDiff", "diff",
    "QuoteStatus", "Verification", "find_evidence", "verify_quotes",  # issue 15
    "OptionError", "PluginClashError", "prefer",
    "UnknownCodeError",  # issue 13
}  # fmt: skip


def test_exported_names_are_the_intended_api() -> None:
    assert set(argmap.__all__) == EXPECTED
    assert argmap.__all__ == sorted(argmap.__all__)
    for name in argmap.__all__:
        assert hasattr(argmap, name), name


def test_every_error_is_an_argmap_error_and_a_builtin() -> None:
    errors = [getattr(argmap, n) for n in argmap.__all__ if n.endswith("Error")]
    for cls in errors:
        assert issubclass(cls, argmap.ArgmapError)
        if cls is not argmap.ArgmapError:
            assert any(
                issubclass(cls, b) for b in (ValueError, LookupError, RuntimeError, OSError)
            ), cls


def test_write_is_atomic_and_never_overwrites_the_input(tmp_path: Path) -> None:
    m = argmap.ArgumentMap("t")
    m.claim("a")
    src = argmap.write(m, tmp_path / "map.json")
    loaded = argmap.read(src)
    before = src.read_bytes()
    with pytest.raises(argmap.OutputError, match="refusing to overwrite the input"):
        argmap.write(loaded, src)
    assert src.read_bytes() == before
    argmap.write(loaded, tmp_path / "copy.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.json", "map.json"]  # no temp left


def test_write_into_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    m = argmap.ArgumentMap()
    with pytest.raises(argmap.OutputError, match="does not exist"):
        argmap.write(m, tmp_path / "nope" / "map.json")


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    assert argmap.__version__ == version("argmap")
