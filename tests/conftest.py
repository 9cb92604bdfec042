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
