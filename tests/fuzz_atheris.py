"""The atheris (libFuzzer) driver of ``scripts/fuzz --engine atheris``.

Usage: python tests/fuzz_atheris.py READER REPORT.jsonl SEED_DIR [libFuzzer flags]

Each input that breaks the property (see ``fuzz_harness``) is appended to REPORT as one
JSON line and the run goes on; a slow or memory-hungry input ends the run (libFuzzer's
``-timeout`` and ``-rss_limit_mb``) and ``scripts/fuzz`` starts another.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import atheris

with atheris.instrument_imports():
    import argmap  # noqa: F401
    import fuzz_harness as fh

target = fh.TARGETS[sys.argv[1]]
report = Path(sys.argv[2])
workdir = Path(tempfile.mkdtemp(prefix=f"argmap-atheris-{target.name}-", dir=fh._tmp_root()))
fh.run_one(target, b"", workdir)  # import the reader (and its plugin) instrumented


def one_input(data: bytes) -> None:
    result = fh.run_one(target, data, workdir)
    if fh.failure_key(result) is not None:
        result["input"] = repr(data[:2000])
        with report.open("a", encoding="utf-8") as out:
            out.write(json.dumps(result) + "\n")


atheris.Setup([sys.argv[0], *sys.argv[3:]], one_input)
atheris.Fuzz()
