"""Markers and paths shared by the test modules (import from here, not from conftest:
several conftest modules exist across tests/ and plugins/*/tests/).

The conformance corpus (real argument files by others) is found through one setting:
the environment variable ``ARGMAP_CORPUS``, default ``../shared/corpus`` relative to the
project root. Tests that need it use the ``corpus`` fixture or the ``needs_corpus`` marker
and are skipped, with the reason, when it is absent.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def corpus_path() -> Path | None:
    """The corpus folder, or None when it is not there."""
    setting = os.environ.get("ARGMAP_CORPUS", "")
    path = Path(setting) if setting else ROOT.parent / "shared" / "corpus"
    if not path.is_absolute():
        path = (ROOT / path).resolve()
    return path if path.is_dir() else None


CORPUS = corpus_path()
CORPUS_REASON = (
    "conformance corpus not found: set ARGMAP_CORPUS to the corpus folder "
    "(default ../shared/corpus next to the project)"
)
needs_corpus = pytest.mark.skipif(CORPUS is None, reason=CORPUS_REASON)
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed (apt-get install graphviz)"
)
