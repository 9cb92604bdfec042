"""Benchmark: argmap.corpus over the three AIF corpora, on every executor.

Run on demand (not a test)::

    python benchmarks/bench_corpus.py [--rounds 3] [--ops convert,stats]

Needs the AIF reader (``pip install -e plugins/argmap-aif``) and ``argmap[dask]``. The
corpus is found through ``ARGMAP_CORPUS`` (default ``../shared/corpus``):
``aif/microtexts-en``, ``aif/araucaria-en`` and ``aif/us-2016-en`` together, one corpus.

Operations: ``convert`` (AIF → native JSON into a fresh folder, ``force=True`` so every
round does all the work) and ``stats``. Executors, measured side by side, interleaved,
best of the rounds: in-process, a process pool of 1 and of 2 workers; then a Dask
``LocalCluster`` on 127.0.0.1 with 2 single-threaded worker processes (started before
timing, as a running cluster would be). The cluster runs only in the second phase: its
scheduler lives in this process and would slow the in-process runs down.

Reported per operation and executor: wall time (pool start-up included), files/s,
speed-up over in-process, and overhead per file = (wall − work / workers) / files, where
work is the sum of the records' own seconds (reading, the operation). Also measured:
the in-process engine's serial cost per file (planning, writing, manifest: wall − work),
the pool's start-up, and Dask's scheduler cost per task (1,000 no-op tasks). From those,
the cost of a 1,000,000-map corpus on N workers, on paper:

    T(N) ≈ n·c/N + n·s_client + (n/k)·s_task + start-up

with c the per-file work, s_client the client's serial cost per file, k the chunk size
(64 maps a task at that size) and s_task Dask's cost per task.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETS = ("microtexts-en", "araucaria-en", "us-2016-en")


def corpus_dir() -> Path:
    setting = os.environ.get("ARGMAP_CORPUS", "")
    path = Path(setting) if setting else ROOT.parent / "shared" / "corpus"
    return path if path.is_absolute() else (ROOT / path).resolve()


def _noop(x: int) -> int:
    return x


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--ops", default="convert,stats")
    args = ap.parse_args(argv)

    from argmap import corpus

    try:
        import argmap_aif  # noqa: F401
        import distributed
    except ImportError as exc:
        print(f"needs argmap-aif and argmap[dask]: {exc}", file=sys.stderr)
        return 2
    sources = [corpus_dir() / "aif" / s for s in SETS]
    if not all(s.is_dir() for s in sources):
        print(f"AIF corpora not found under {corpus_dir()}; set ARGMAP_CORPUS", file=sys.stderr)
        return 2
    maps = corpus.Corpus.from_sources(sources)
    n = len(maps)
    print(f"corpus: {n} AIF maps in {', '.join(SETS)}")

    ops = {
        "convert": lambda: corpus.Convert("json"),
        "stats": lambda: corpus.Stats(),
    }
    executors: dict[str, tuple[Any, int]] = {
        "in-process": (corpus.InProcess(), 1),
        "pool, 1 worker": (corpus.ProcessPool(1), 1),
        "pool, 2 workers": (corpus.ProcessPool(2), 2),
    }
    best: dict[tuple[str, str], tuple[float, float]] = {}
    tmp = Path(tempfile.mkdtemp(prefix="argmap-bench-corpus-"))

    def measure(label: str, executor: Any) -> None:
        for op_name in args.ops.split(","):
            out = tmp / "out"
            shutil.rmtree(out, ignore_errors=True)
            output = out if op_name == "convert" else None
            start = time.perf_counter()
            result = corpus.run(
                maps, ops[op_name](), output=output, executor=executor, progress=False
            )
            wall = time.perf_counter() - start
            assert result.ok, result.summary(limit=3)
            work = sum(r.seconds for r in result.records)
            key = (op_name, label)
            if key not in best or wall < best[key][0]:
                best[key] = (wall, work)

    try:
        for _ in range(args.rounds):
            for label, (executor, _workers) in executors.items():
                measure(label, executor)
        # Start-up of a pool: one map on a pool of 2 (pool start, worker warm-up, one map).
        one = corpus.Corpus(maps.items[:1], maps.root)
        startups = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            corpus.run(one, corpus.Stats(), executor=corpus.ProcessPool(2), progress=False)
            startups.append(time.perf_counter() - start)
        pool_start = min(startups)

        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None,
        )  # fmt: skip
        client = distributed.Client(cluster)
        try:
            label = "Dask LocalCluster, 2 workers"
            executors[label] = (corpus.DaskExecutor(client), 2)
            for _ in range(args.rounds):
                measure(label, executors[label][0])
            # Dask's cost per task: 1,000 no-op tasks through the scheduler.
            task_costs = []
            for r in range(args.rounds):
                start = time.perf_counter()
                keys = [f"noop-{r}-{i}" for i in range(1000)]
                futures = client.map(_noop, range(1000), key=keys)
                client.gather(futures)
                task_costs.append((time.perf_counter() - start) / 1000)
                del futures
            s_task = min(task_costs)
        finally:
            client.close()
            cluster.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for op_name in args.ops.split(","):
        base = best[(op_name, "in-process")][0]
        print(f"\n{op_name} ({n} maps)")
        head = f"{'wall s':>7} {'files/s':>8} {'speed-up':>8} {'overhead/file':>14}"
        print(f"  {'executor':<30} {head}")
        for label, (_executor, workers) in executors.items():
            wall, work = best[(op_name, label)]
            overhead = (wall - work / workers) / n
            print(
                f"  {label:<30} {wall:7.2f} {n / wall:8.0f} {base / wall:7.2f}x"
                f" {overhead * 1e3:11.3f} ms"
            )
    print(f"\npool start-up (2 workers, one map): {pool_start:.2f} s")
    print(f"Dask scheduler cost per task (1,000 no-op tasks): {s_task * 1e3:.3f} ms")

    print("\n1,000,000 maps on paper: T(N) = n*c/N + n*s_client + (n/64)*s_task + start-up")
    big = 1_000_000
    for op_name in args.ops.split(","):
        wall, work = best[(op_name, "in-process")]
        c = work / n
        s_client = (wall - work) / n
        print(f"  {op_name}: c = {c * 1e3:.3f} ms/map, s_client = {s_client * 1e3:.3f} ms/map")
        for workers in (1, 2, 8, 32, 128):
            total = big * c / workers + big * s_client + big / 64 * s_task + pool_start
            print(f"    N = {workers:>3}: {total / 60:8.1f} min ({total / 3600:.2f} h)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
