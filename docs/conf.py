"""Sphinx configuration of argmap's documentation.

Build with ``sphinx-build -W -b html docs docs/_build/html`` (needs ``argmap[docs]``
and Graphviz). No network is used: intersphinx is off.
"""

from __future__ import annotations

import sys
from pathlib import Path

import argmap

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "argmap"
author = "argmap developers"
copyright = "argmap developers"
release = argmap.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "argmap.sphinx",
    "argmap_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
root_doc = "index"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_fence_as_directive = ["argmap"]
myst_heading_anchors = 3

numfig = True
numfig_format = {"figure": "Map %s"}

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = f"argmap {release}"
html_static_path: list[str] = []
