"""Benchmark: every writer's time and peak memory at growing sizes, and its growth exponent.

Run on demand (not a test)::

    .venv/bin/python benchmarks/bench_writers.py [--sizes 1000,10000,50000,200000]
        [--shape debate|chain|groups|generated] [--only argdown,mermaid ...] [--repeat 1]
        [--timeout 300] [--baseline /tmp/main-copy]

Shapes (each built once per size and saved as native JSON, read back in the child):

* ``debate`` (default): ``bench_outline.make_map`` -- a debate tree of supports, rebuttals,
  linked-premise arguments, evidence with sources, some undercuts and contradictions (the
  map the speed table's writer rows use);
* ``chain``: a support chain ``s0 <- s1 <- ... <- s(n-1)``, the deepest map there is
  (recursion, and output indentation, at depth ``n``);
* ``groups``: ``n`` statements in ``n`` sections nested one inside the other;
* ``generated``: the Argdown benchmark generator's debate (``../shared/bench/gen_argdown.py
  n 7``: sections, reconstructed arguments, inference data, mentions), read by argmap.

Every (writer, size) runs in its own child process: the time is the ``render`` call only
(the child reads the map first), the memory is the child's peak RSS. For each writer the
table shows, per size, the wall and CPU seconds of the call, the child's peak RSS and the
output's size, and ``k``, the exponent of the time's growth between successive sizes
(``t ~ n^k``; 1 is linear, 2 quadratic; sub-second times are noisy, and on a loaded
machine the CPU time is the steadier figure).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_outline  # noqa: E402

import argmap  # noqa: E402
from argmap import ArgumentMap  # noqa: E402

WRITERS: dict[str, dict[str, object]] = {
    "argdown": {},
    "markdown": {},
    "text": {},
    "html": {"diagram": False},
    "kialo": {},
    "mermaid": {},
    "aif": {},
    "sadface": {},
    "json": {},
}

STEP = r"""
import json, sys, time
import argmap
path, fmt, opts = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
m = argmap.read(path, "json")
t0, c0 = time.perf_counter(), time.process_time()
out = argmap.render(m, fmt, **opts)
t, c = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"seconds": t, "cpu": c, "chars": len(out)}))
"""


def make_chain(n: int) -> ArgumentMap:
    m = ArgumentMap(f"A support chain of {n} statements")
    prev = m.claim("Statement 0 of the chain.", id="s0")
    for i in range(1, n):
        node = m.claim(f"Statement {i} of the chain, which supports the one before.", id=f"s{i}")
        m.support(node, prev)
        prev = node
    return m


def make_groups(n: int) -> ArgumentMap:
    m = ArgumentMap(f"{n} nested sections")
    parent = None
    for i in range(n):
        g = m.group(f"Section {i}", id=f"g{i}", parent=parent)
        m.claim(f"Statement {i} in section {i}.", id=f"s{i}", group=g.id)
        parent = g.id
    return m


GENERATOR = HERE.parent.parent / "shared" / "bench" / "gen_argdown.py"
if not GENERATOR.exists():  # a worktree under /work/wt/<name>
    GENERATOR = Path("/work/shared/bench/gen_argdown.py")


def make_generated(n: int) -> ArgumentMap:
    text = subprocess.run(
        [sys.executable, str(GENERATOR), str(n), "7"], check=True, capture_output=True, text=True
    ).stdout
    return argmap.parse(text, "argdown")


SHAPES = {
    "debate": bench_outline.make_map,
    "chain": make_chain,
    "groups": make_groups,
    "generated": make_generated,
}


@dataclass
class Cell:
    wall: float  # seconds of the render call (inf: failed or timed out)
    cpu: float  # CPU seconds of the render call (less disturbed by a loaded machine)
    mb: float  # peak RSS of the child
    chars: int  # length of the output
    note: str = ""


def baseline_env(tree: str) -> dict[str, str]:
    """The environment for a child that imports argmap and its plugins from ``tree``
    (a copy of another revision, e.g. ``git archive main | tar -x -C /tmp/main``)."""
    root = Path(tree)
    paths = [root / "src", *sorted((root / "plugins").glob("*/src"))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in paths)}


def run(path: Path, fmt: str, timeout: float, env: dict[str, str] | None = None) -> Cell:
    """One child: read the map, render it, report the render's time."""
    cmd = [sys.executable, "-c", STEP, str(path), fmt, json.dumps(WRITERS[fmt])]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                return Cell(math.inf, math.inf, math.nan, 0, f"timed out ({timeout:g} s)")
            time.sleep(0.005)
        mb = usage.ru_maxrss / 1024
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            last = (err.read().decode(errors="replace").strip().splitlines() or ["?"])[-1]
            return Cell(math.inf, math.inf, mb, 0, f"failed: {last[:60]}")
        out.seek(0)
        data = json.loads(out.read().decode().strip().splitlines()[-1])
    return Cell(float(data["seconds"]), float(data["cpu"]), mb, int(data["chars"]))


def growth(sizes: list[int], times: list[float]) -> str:
    """The exponents k of ``t ~ n^k`` between successive sizes."""
    ks = []
    points = list(zip(sizes, times, strict=True))
    pairs = itertools.pairwise(points)
    for (n0, t0), (n1, t1) in pairs:
        if math.isfinite(t0) and math.isfinite(t1) and t0 > 0 and t1 > 0:
            ks.append(f"{math.log(t1 / t0) / math.log(n1 / n0):.2f}")
        else:
            ks.append("-")
    return " ".join(ks)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,50000,200000")
    ap.add_argument("--shape", choices=sorted(SHAPES), default="debate")
    ap.add_argument("--only", default=",".join(WRITERS), help="comma-separated writers")
    ap.add_argument("--repeat", type=int, default=1, help="runs per cell (the fastest is kept)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per child")
    ap.add_argument(
        "--baseline",
        metavar="TREE",
        help="also time the writers of this source tree (another revision's copy), "
        "alternating with this one's runs, as rows 'NAME@base'",
    )
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    writers = [w for w in args.only.split(",") if w]
    for w in writers:
        if w not in WRITERS:
            raise SystemExit(f"unknown writer {w!r}; choose from {', '.join(WRITERS)}")
    print(
        f"argmap {argmap.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}; shape {args.shape}; fastest of {args.repeat}; "
        "render call only: wall s / CPU s / peak RSS MB of the child / output MB"
    )
    with tempfile.TemporaryDirectory(prefix="argmap-bench-writers-") as name:
        tmp = Path(name)
        paths = {}
        for n in sizes:
            paths[n] = tmp / f"{args.shape}-{n}.json"
            # built in a child: a child forked from a big parent inherits its peak RSS
            code = (
                f"import sys; sys.path.insert(0, {str(HERE)!r}); import argmap, bench_writers; "
                f"argmap.write(bench_writers.SHAPES[{args.shape!r}]({n}), {str(paths[n])!r})"
            )
            subprocess.run([sys.executable, "-c", code], check=True)
        width = 30
        head = f"{'writer':<12}" + "".join(f" | {n:>{width},}" for n in sizes)
        head += " | k (wall) | k (CPU)"
        print(head)
        print("-" * len(head))
        variants: list[tuple[str, dict[str, str] | None]] = [("", None)]
        if args.baseline:
            variants.append(("@base", baseline_env(args.baseline)))
        for fmt in writers:
            rows: dict[str, list[Cell]] = {tag: [] for tag, _ in variants}
            for n in sizes:
                best: dict[str, Cell] = {}
                for _ in range(args.repeat):
                    for tag, env in variants:  # alternating: the same load for both
                        got = run(paths[n], fmt, args.timeout, env)
                        if tag not in best or got.cpu < best[tag].cpu:
                            best[tag] = got
                for tag, _ in variants:
                    rows[tag].append(best[tag])
            for tag, cells in rows.items():
                text = [
                    c.note[:width]
                    if c.note
                    else f"{c.wall:.2f} / {c.cpu:.2f} / {c.mb:.0f} / {c.chars / 1e6:.1f}"
                    for c in cells
                ]
                print(
                    f"{fmt + tag:<12}"
                    + "".join(f" | {t:>{width}}" for t in text)
                    + f" | {growth(sizes, [c.wall for c in cells])}"
                    + f" | {growth(sizes, [c.cpu for c in cells])}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
