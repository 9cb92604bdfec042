"""Benchmark: DOT generation, argmap against arguebuf, on the same AIF maps.

Builds synthetic AIF JSON maps (a debate tree: every statement supports or attacks an
earlier one through an RA/CA scheme node; every tenth RA has two linked premises), writes
them to a temporary folder, and in one run, side by side on this machine, times

* loading the AIF file: ``argmap.read(path, format="aif")`` (the ``argmap-aif`` plugin)
  and ``arguebuf.load.aif(json.load(f))``;
* producing DOT source from the loaded graph: ``argmap.render(m, "dot")`` and
  ``arguebuf.dump.graphviz(g, max_nodes=sys.maxsize).source``.

arguebuf (2.7.2) runs in its own interpreter (it may not install next to argmap)::

    python -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install arguebuf==2.7.2
    .venv/bin/python benchmarks/bench_dot.py --arguebuf-python /tmp/bench-venv/bin/python

Each figure is the best of ``--repeat`` runs (one run for the largest size unless
``--repeat-large`` says otherwise). Absolute times drift between machines; the ratios
measured in one run are the result.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import argmap

WORDS = tuple(
    re.findall(
        r"\w+",
        "the city should ban cars because air pollution harms children and shops lose "
        "customers while cyclists gain space public transport must improve first evidence "
        "from studies shows emissions fall when traffic is reduced but some residents "
        "disagree strongly about costs jobs tourism noise safety health",
    )
)


def make_aif(n: int, seed: int = 7) -> dict[str, Any]:
    """An AIF graph with ``n`` I-nodes and ``n - 1`` (+ a few) RA/CA scheme nodes."""
    rnd = random.Random(seed)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for i in range(n):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 18)))
        nodes.append({"nodeID": str(i), "text": f"{text.capitalize()}.", "type": "I"})
    next_id = n
    edge_id = 0

    def edge(a: int, b: int) -> None:
        nonlocal edge_id
        edges.append({"edgeID": str(edge_id), "fromID": str(a), "toID": str(b)})
        edge_id += 1

    for i in range(1, n):
        parent = (i - 1) // 2
        attack = i % 4 == 0
        s = next_id
        next_id += 1
        if attack:
            nodes.append({"nodeID": str(s), "text": "Default Conflict", "type": "CA"})
        else:
            nodes.append({"nodeID": str(s), "text": "Default Inference", "type": "RA"})
        edge(i, s)
        if not attack and i % 10 == 1 and i + 1 < n:
            edge(i + 1, s)  # a linked second premise
        edge(s, parent)
    return {"nodes": nodes, "edges": edges, "locutions": [], "participants": []}


ARGUEBUF_CHILD = r"""
import gc, json, sys, time
import arguebuf
path, repeat = sys.argv[1], int(sys.argv[2])
best = {"load": float("inf"), "dot": float("inf"), "load_cpu": float("inf"),
        "dot_cpu": float("inf")}
for _ in range(repeat):
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8") as f:
        g = arguebuf.load.aif(json.load(f), "bench")
    t1, c1 = time.perf_counter(), time.process_time()
    source = arguebuf.dump.graphviz(g, max_nodes=sys.maxsize).source
    t2, c2 = time.perf_counter(), time.process_time()
    for key, value in (("load", t1 - t0), ("dot", t2 - t1), ("load_cpu", c1 - c0),
                       ("dot_cpu", c2 - c1)):
        best[key] = min(best[key], value)
print(json.dumps({**best, "nodes": len(g.nodes), "bytes": len(source.encode("utf-8"))}))
"""


def time_argmap(path: Path, repeat: int) -> dict[str, Any]:
    best = {"load": float("inf"), "dot": float("inf"), "load_cpu": float("inf"),
            "dot_cpu": float("inf")}
    amap = None
    source = ""
    for _ in range(repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        amap = argmap.read(path, format="aif")
        t1, c1 = time.perf_counter(), time.process_time()
        source = argmap.render(amap, "dot")  # type: ignore[assignment]
        t2, c2 = time.perf_counter(), time.process_time()
        for key, value in (("load", t1 - t0), ("dot", t2 - t1), ("load_cpu", c1 - c0),
                           ("dot_cpu", c2 - c1)):
            best[key] = min(best[key], value)
    assert amap is not None
    return {**best, "nodes": len(amap), "bytes": len(source.encode("utf-8"))}


def time_arguebuf(python: str, path: Path, repeat: int) -> dict[str, Any]:
    proc = subprocess.run(
        [python, "-c", ARGUEBUF_CHILD, str(path), str(repeat)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"arguebuf run failed:\n{proc.stderr}")
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def find_arguebuf_python(given: str | None) -> str:
    candidates = [given] if given else [sys.executable, "/tmp/bench-venv/bin/python"]
    for python in candidates:
        if python and (shutil.which(python) or Path(python).exists()):
            ok = subprocess.run(
                [python, "-c", "import arguebuf"], capture_output=True, check=False
            )
            if ok.returncode == 0:
                return python
    raise SystemExit(
        "arguebuf is not installed: python -m venv /tmp/bench-venv && "
        "/tmp/bench-venv/bin/pip install arguebuf==2.7.2, then pass --arguebuf-python"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="I-node counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-large", type=int, default=1, help="repeats for >= 50k nodes")
    parser.add_argument("--arguebuf-python", default=None)
    args = parser.parse_args(argv)
    python = find_arguebuf_python(args.arguebuf_python)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"argmap {argmap.__version__}, Python {sys.version.split()[0]}; arguebuf via {python}")
    header = (
        f"{'I-nodes':>8} {'AIF nodes':>9} | {'argmap DOT':>16} {'arguebuf DOT':>16} "
        f"{'ratio':>11} | {'argmap load':>16} {'arguebuf load':>16} {'ratio':>11}"
    )
    print("times: wall / CPU seconds, best of the repeats")
    print(header)
    print("-" * len(header))

    def pair(wall: float, cpu: float) -> str:
        return f"{wall:7.3f}/{cpu:7.3f}s"

    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"map-{n}.json"
            data = make_aif(n)
            path.write_text(json.dumps(data), encoding="utf-8")
            repeat = args.repeat_large if n >= 50_000 else args.repeat
            a = time_argmap(path, repeat)
            b = time_arguebuf(python, path, repeat)
            dot_ratio = f"{b['dot'] / a['dot']:4.1f}/{b['dot_cpu'] / a['dot_cpu']:4.1f}x"
            load_ratio = f"{b['load'] / a['load']:4.1f}/{b['load_cpu'] / a['load_cpu']:4.1f}x"
            print(
                f"{n:>8} {len(data['nodes']):>9} | {pair(a['dot'], a['dot_cpu']):>16} "
                f"{pair(b['dot'], b['dot_cpu']):>16} {dot_ratio:>11} | "
                f"{pair(a['load'], a['load_cpu']):>16} {pair(b['load'], b['load_cpu']):>16} "
                f"{load_ratio:>11}",
                flush=True,
            )
    print("ratio = arguebuf time / argmap time, wall/CPU (higher is better for argmap);")
    print("CPU time (time.process_time) is less disturbed by other load on the machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
