"""Shared fixtures. Markers and paths live in ``markers.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from markers import CORPUS, CORPUS_REASON, DATA, ROOT, corpus_path, needs_corpus, needs_dot

__all__ = ["CORPUS", "DATA", "ROOT", "corpus_path", "needs_corpus", "needs_dot"]


@pytest.fixture
def corpus() -> Path:
    if CORPUS is None:
        pytest.skip(CORPUS_REASON)
    return CORPUS


def pytest_configure(config: pytest.Config) -> None:
    """The plugin metadata cache of the test run lives in a temporary directory (also for
    the subprocesses tests start), never in the user's ~/.cache."""
    import os
    import tempfile

    if "ARGMAP_CACHE_DIR" not in os.environ:
        os.environ["ARGMAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="argmap-test-cache-")
