"""Shared fixtures. Markers and paths live in ``markers.py``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from markers import CORPUS, CORPUS_REASON, DATA, ROOT, corpus_path, needs_corpus, needs_dot

__all__ = ["CORPUS", "DATA", "ROOT", "corpus_path", "needs_corpus", "needs_dot"]


@pytest.fixture
def corpus() -> Path:
    if CORPUS is None:
        pytest.skip(CORPUS_REASON)
    return CORPUS


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (never a downloaded browser), one per test
    module; skipped when Playwright or chromium is missing."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (Debian: apt-get install -y chromium)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


def pytest_configure(config: pytest.Config) -> None:
    """The plugin metadata cache of the test run lives in a temporary directory (also for
    the subprocesses tests start), never in the user's ~/.cache."""
    import os
    import tempfile

    if "ARGMAP_CACHE_DIR" not in os.environ:
        os.environ["ARGMAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="argmap-test-cache-")
