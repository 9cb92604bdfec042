"""The Sphinx extension and plugins: the rendering cache knows the plugin's code, and
element ids stay unique on a page. A real editable (``pip install -e``) reader plugin,
real ``sphinx-build`` runs in subprocesses (a rebuild must see the edited code)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from markers import needs_dot
from plugin_dists import pip_install, write_project, yaml_reader

pytest.importorskip("sphinx")

pytestmark = [pytest.mark.graphviz, needs_dot]

BOOT = (
    "import site, sys; site.addsitedir(sys.argv[1]); "
    "from sphinx.cmd.build import main; sys.exit(main(sys.argv[2:]))"
)
MAP = """\
title: Will Meta keep its models open?
claims:
  open: Meta will keep its models open
  charity: Charity dries up
attacks:
  - [charity, open]
"""


def _build(site: Path, src: Path, out: Path, *extra: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", BOOT, str(site), "-b", "html", "-q", "-d", str(out / "doctrees"),
         *extra, str(src), str(out / "html")],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "WARNING" not in run.stderr, run.stderr
    return (out / "html" / "index.html").read_text("utf-8")


def _drawings(page: str) -> list[str]:
    """The inline SVGs' contents (without the ``<svg>`` tag and its aria-label)."""
    return [m.split(">", 1)[1] for m in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)]


def test_editing_an_editable_reader_re_renders_and_ids_stay_unique(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "src",
        "argmap-edit-yaml",
        "edit_yaml",
        yaml_reader("editable")
        .replace('name = "yamlmap"', 'name = "edityaml"')
        .replace('extensions = (".yml", ".yaml")', 'extensions = (".eyml",)'),
        {"argmap.readers": {"edityaml": "edit_yaml:YamlMapReader"}},
    )
    site = pip_install([project], editable_prefix=tmp_path / "prefix")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text('extensions = ["argmap.sphinx"]\n', "utf-8")
    (docs / "debate.eyml").write_text(MAP, "utf-8")
    (docs / "index.rst").write_text(
        "Maps\n====\n\n.. argmap:: debate.eyml\n\nAnd once more:\n\n.. argmap:: debate.eyml\n",
        "utf-8",
    )
    page = _build(site, docs, tmp_path / "out")
    svgs = _drawings(page)
    assert len(svgs) == 2
    assert "Meta will keep" in svgs[0]
    ids = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []  # the same map twice: ids of its own

    module = project / "src" / "edit_yaml" / "__init__.py"
    module.write_text(
        module.read_text("utf-8").replace('amap.claim("" + value', 'amap.claim("EDITED: " + value'),
        "utf-8",
    )
    page = _build(site, docs, tmp_path / "out", "-E")
    svgs = _drawings(page)
    assert ">EDITED: Meta" in svgs[0]  # the drawing is re-rendered, not served from the cache
    assert 'aria-label="EDITED: Meta will keep its models open' in page  # and the alt text


def test_fingerprint_names_distribution_version_and_editable_source(tmp_path: Path) -> None:
    from argmap._registry import fingerprint

    svg = fingerprint("renderer", "svg")
    assert svg["distribution"] == "argmap"
    assert svg["version"]
    assert fingerprint("reader", "nope")["name"] == "nope"
