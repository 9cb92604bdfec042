"""Benchmark: native JSON at scale (run on demand, not part of the test suite).

Builds a map of 100,000 statements and 200,000 relations through the public API,
writes it as native JSON, reads it back, and compares the read with a bare
``json.loads`` of the same file, side by side in one run. Each measurement runs in
its own process so peak memory (max RSS) is that step's alone.

    .venv/bin/python benchmarks/bench_native_json.py [--statements N] [--repeat K]

Target (issue #2): reading is at most 3x ``json.loads``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEP = r"""
import json, resource, sys, time
path, what = sys.argv[1], sys.argv[2]
import argmap
data = open(path, "rb").read()
t0 = time.perf_counter()
if what == "json.loads":
    obj = json.loads(data)
elif what == "argmap.read":
    obj = argmap.read(path)
elif what == "read(format)":
    obj = argmap.read(path, "json")
elif what == "argmap.parse":
    obj = argmap.parse(data.decode("utf-8"), "json")
t1 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": t1 - t0, "max_rss_kib": rss}))
"""


def build(n_statements: int) -> object:
    import argmap

    m = argmap.ArgumentMap("benchmark", description="synthetic map")
    ids = []
    for i in range(n_statements):
        if i % 10 == 0:
            s = m.evidence(
                f"Evidence number {i} says something measurable.",
                source=argmap.Source(title=f"Report {i}", url=f"https://example.org/{i}",
                                     published="2024-01-01", quote="a short quote"),
                id=f"e{i}",
            )
        else:
            s = m.claim(f"Claim number {i} about the debate", id=f"s{i}", tags=(f"t{i % 7}",))
        ids.append(s.id)
    n = len(ids)
    kinds = (m.support, m.rebut, m.contradict)
    made = 0
    step = 1
    while made < 2 * n_statements:
        for i in range(n):
            if made >= 2 * n_statements:
                break
            j = (i + step) % n
            kinds[(i + step) % 3](ids[i], ids[j])
            made += 1
        step += 1
    return m


def run_step(path: Path, what: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", STEP, str(path), what], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import argmap

    t0 = time.perf_counter()
    amap = build(args.statements)
    t_build = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.json"
        t0 = time.perf_counter()
        argmap.write(amap, path)  # type: ignore[arg-type]
        t_write = time.perf_counter() - t0
        size = os.path.getsize(path)
        counts = amap.counts()  # type: ignore[attr-defined]
        print(f"map: {args.statements:,} statements, {sum(counts['relations'].values()):,} "
              f"relations; file {size / 1e6:.1f} MB")
        print(f"build through the API: {t_build:.2f} s; write native JSON: {t_write:.2f} s")
        results: dict[str, list[dict[str, float]]] = {
            "json.loads": [],
            "argmap.read": [],
            "read(format)": [],
        }
        for _ in range(args.repeat):
            for what in results:
                results[what].append(run_step(path, what))
        print(f"\n{'step':<14}{'best s':>10}{'peak RSS MiB':>15}")
        best = {}
        for what, rows in results.items():
            best[what] = min(r["seconds"] for r in rows)
            rss = max(r["max_rss_kib"] for r in rows) / 1024
            print(f"{what:<14}{best[what]:>10.3f}{rss:>15.0f}")
        for what in ("argmap.read", "read(format)"):
            ratio = best[what] / best["json.loads"]
            print(f"{what} / json.loads = {ratio:.2f}x (target <= 3x)")
        print(
            "argmap.read(path) includes format detection and the first plugin discovery;\n"
            "read(format) is argmap.read(path, 'json')."
        )
    _ = resource


if __name__ == "__main__":
    main()
