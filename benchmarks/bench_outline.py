"""Benchmark: the outline renderers (text, Markdown, HTML) beside native JSON and DOT.

Run on demand (not a test)::

    python benchmarks/bench_outline.py [--sizes 1000,10000,50000] [--repeat 3]

One synthetic map per size (a debate tree: supports, rebuttals, some evidence with
sources, some linked-premise arguments, a few undercuts and contradictions) is rendered
by each renderer, the renderers interleaved within each round and the best round kept.
Reported: seconds per render and each renderer's time relative to native JSON measured
in the same run (JSON serialisation walks the same map, so it is the natural floor).
The HTML page is rendered without its diagram (``diagram=False``): drawing is ``dot``'s
work, timed by ``bench_dot.py``.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from typing import Any

import argmap
from argmap import ArgumentMap, Source
from argmap._api import render

WORDS = (
    "cities should ban cars centre air quality shops lose customers while cyclists gain "
    "space public transport must improve evidence studies shows emissions fall traffic "
    "reduced residents disagree costs jobs tourism noise safety health"
).split()


def make_map(n: int, seed: int = 11) -> ArgumentMap:
    rnd = random.Random(seed)
    m = ArgumentMap(f"Synthetic debate with {n} statements")
    ids: list[str] = []
    for i in range(n):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 18))).capitalize()
        if i and i % 7 == 0:
            src = Source(title=f"Report {i}", author="A. Author", url=f"https://example.org/{i}",
                         published="2024-05", quote="a short quote", locator=f"p. {i % 50}")
            node = m.evidence(text + ".", src, id=f"s{i}")
        else:
            node = m.claim(text + ".", id=f"s{i}")
        ids.append(node.id)
        if i:
            parent = ids[(i - 1) // 2]
            if i % 4 == 0:
                m.rebut(node, parent)
            elif i % 10 == 3 and i >= 2:
                m.argument([node.id, ids[i - 1]], parent, id=f"a{i}")
            else:
                m.support(node, parent)
            if i % 25 == 0:
                m.contradict(node, ids[rnd.randrange(i)])
            if i % 31 == 0 and f"a{i - 8}" in m:
                m.undercut(node, f"a{i - 8}")
    return m


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    jobs: list[tuple[str, str, dict[str, Any]]] = [
        ("json", "json", {}),
        ("dot", "dot", {}),
        ("text", "text", {}),
        ("markdown", "markdown", {}),
        ("html", "html", {"diagram": False}),
    ]
    print(f"argmap {argmap.__version__}, Python {sys.version.split()[0]}")
    header = f"{'nodes':>7} | " + " | ".join(f"{name:>16}" for name, _, _ in jobs)
    print(header)
    print("-" * len(header))
    for n in (int(s) for s in args.sizes.split(",")):
        amap = make_map(n)
        best = {name: float("inf") for name, _, _ in jobs}
        for _ in range(args.repeat):
            for name, fmt, opts in jobs:
                gc.collect()
                t0 = time.perf_counter()
                render(amap, fmt, **opts)
                best[name] = min(best[name], time.perf_counter() - t0)
        base = best["json"]
        cells = [f"{best[name]:>7.3f}s {best[name] / base:>5.2f}x" for name, _, _ in jobs]
        print(f"{len(amap):>7} | " + " | ".join(f"{c:>16}" for c in cells), flush=True)
    print("x = time relative to native JSON in the same run (lower is faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
