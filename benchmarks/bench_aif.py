"""Benchmark: loading the us-2016 AIF corpus with argmap-aif, arguebuf and bare json.loads.

Run on demand (not a test)::

    python benchmarks/bench_aif.py [--rounds 5] [--set us-2016-en]

Every file is read from disk once; each method is then timed on the same in-memory
texts, the methods interleaved within each round, and the best round of each kept.
Reported: total time, microseconds per AIF node, and ratios measured side by side.

- ``json.loads``: the stdlib parser alone (the floor any reader pays).
- ``argmap-aif``: ``AIFReader().parse(text)`` — parsing and building the ArgumentMap.
- ``argmap-aif build``: ``build_map(doc)`` on already parsed data (the reader's own work).
- ``arguebuf``: ``arguebuf.load.aif(json.loads(text), name)``, as its docs show.

arguebuf is optional: install it next to argmap, e.g. in a separate venv::

    python -m venv /tmp/bench-venv
    /tmp/bench-venv/bin/pip install arguebuf==2.7.2 -e . -e plugins/argmap-aif
    /tmp/bench-venv/bin/python benchmarks/bench_aif.py

The corpus is found through ``ARGMAP_CORPUS`` (default ``../shared/corpus``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path:
    setting = os.environ.get("ARGMAP_CORPUS", "")
    path = Path(setting) if setting else ROOT.parent / "shared" / "corpus"
    return path if path.is_absolute() else (ROOT / path).resolve()


def best_of(fn: Callable[[], Any], rounds: int) -> float:
    return min(_once(fn) for _ in range(rounds))


def _once(fn: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--set", default="us-2016-en", help="the corpus/aif/ sub-folder")
    args = ap.parse_args(argv)

    folder = corpus_dir() / "aif" / args.set
    files = sorted(folder.glob("*.json"))
    if not files:
        print(f"no AIF files in {folder}; set ARGMAP_CORPUS", file=sys.stderr)
        return 2
    texts = [(f.stem, f.read_bytes().decode("utf-8")) for f in files]
    docs = [json.loads(t) for _, t in texts]
    n_nodes = sum(len(d["nodes"]) for d in docs)
    n_edges = sum(len(d["edges"]) for d in docs)

    from argmap_aif import AIFReader, build_map

    reader = AIFReader()

    def run_json() -> None:
        for _, t in texts:
            json.loads(t)

    def run_argmap() -> None:
        for _, t in texts:
            reader.parse(t)

    def run_build() -> None:
        for d in docs:
            build_map(d)

    methods: dict[str, Callable[[], None]] = {
        "json.loads": run_json,
        "argmap-aif": run_argmap,
        "argmap-aif build": run_build,
    }
    try:
        import arguebuf

        def run_arguebuf() -> None:
            for name, t in texts:
                arguebuf.load.aif(json.loads(t), name)

        methods["arguebuf"] = run_arguebuf
        from importlib.metadata import version

        ab_version = version("arguebuf")
    except ImportError:
        ab_version = None

    for fn in methods.values():  # warm up (imports, caches)
        fn()
    timings = dict.fromkeys(methods, float("inf"))
    for _ in range(args.rounds):
        for name, fn in methods.items():
            timings[name] = min(timings[name], _once(fn))

    base = timings["json.loads"]
    print(
        f"{len(files)} files of corpus/aif/{args.set}: {n_nodes} nodes, {n_edges} edges; "
        f"best of {args.rounds} rounds; Python {sys.version.split()[0]}"
        + (f"; arguebuf {ab_version}" if ab_version else "; arguebuf not installed")
    )
    print(f"{'method':<18} {'total s':>9} {'µs/node':>9} {'× json.loads':>13}")
    for name, seconds in timings.items():
        print(
            f"{name:<18} {seconds:>9.3f} {seconds / n_nodes * 1e6:>9.2f} {seconds / base:>13.2f}"
        )
    if "arguebuf" in timings:
        print(
            f"argmap-aif is {timings['arguebuf'] / timings['argmap-aif']:.1f}x faster than "
            f"arguebuf (target >= 5x); {timings['argmap-aif'] / base:.2f}x json.loads "
            "(target <= 3x)"
        )
    else:
        print(f"argmap-aif: {timings['argmap-aif'] / base:.2f}x json.loads (target <= 3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
