"""The Sphinx directive confines Argdown includes to the documentation's source folder
(issue 12, item 1): a real Sphinx build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

pytest_plugins = ("sphinx.testing.fixtures",)


def _tree(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "maps").mkdir(parents=True)
    (src / "shared").mkdir()
    (src / "conf.py").write_text('extensions = ["argmap.sphinx"]\n')
    (src / "index.rst").write_text(
        "Maps\n====\n\n.. toctree::\n\n   bad\n\n"
        ".. argmap:: maps/page.argdown\n\n"
        ".. argmap::\n\n   [Inline]: SHARED-INLINE.\n\n   @include(shared/common.argdown)\n"
    )
    (src / "bad.rst").write_text("Bad\n===\n\n.. argmap:: maps/bad.argdown\n")
    (src / "maps" / "page.argdown").write_text(
        "[Page]: PAGE-CLAIM.\n  + [Common]\n\n@include(../shared/common.argdown)\n"
    )
    (src / "shared" / "common.argdown").write_text("[Common]: COMMON-CLAIM.\n")
    (tmp_path / "secret.argdown").write_text("[Secret]: TOP-SECRET-CONTENT.\n")
    (src / "maps" / "bad.argdown").write_text("[Bad]: b.\n\n@include(../../secret.argdown)\n")
    return src


def test_includes_read_the_source_folder_and_nothing_outside(
    make_app: Any, tmp_path: Path
) -> None:
    app = make_app("html", srcdir=_tree(tmp_path))
    app.build()
    warnings = app.warning.getvalue()
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "COMMON-CLAIM" in index  # ../shared from maps/: inside the source folder
    assert "SHARED-INLINE" in index
    bad = (Path(app.outdir) / "bad.html").read_text(encoding="utf-8")
    assert "TOP-SECRET" not in bad
    assert "TOP-SECRET" not in warnings
    assert "bad.argdown:3:10" in warnings
    assert "outside" in warnings
    assert warnings.count("WARNING") == 1, warnings
