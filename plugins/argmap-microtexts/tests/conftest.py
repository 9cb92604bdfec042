"""Fixtures of the argmap-microtexts tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from microtexts_corpus import CORPUS_REASON, MICROTEXTS


@pytest.fixture
def microtexts() -> Path:
    if MICROTEXTS is None:
        pytest.skip(CORPUS_REASON)
    return MICROTEXTS
