"""Where the tests find the arg-microtexts corpus.

The corpus is not shipped with this plugin: it is found through the environment variable
``ARGMAP_CORPUS`` (default ``../shared/corpus`` next to the argmap checkout), and the tests
that need it are skipped, with the reason, when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CORPUS_REASON = (
    "arg-microtexts corpus not found: set ARGMAP_CORPUS to the corpus folder "
    "(default ../shared/corpus next to the argmap checkout) containing microtexts/microtexts-en"
)


def microtexts_dir() -> Path | None:
    """``<corpus>/microtexts/microtexts-en``, or None when it is not there."""
    setting = os.environ.get("ARGMAP_CORPUS", "")
    corpus = Path(setting) if setting else REPO.parent / "shared" / "corpus"
    if not corpus.is_absolute():
        corpus = (REPO / corpus).resolve()
    folder = corpus / "microtexts" / "microtexts-en"
    return folder if folder.is_dir() else None


MICROTEXTS = microtexts_dir()
