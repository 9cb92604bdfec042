"""Benchmark: time to a picture, i.e. ``argmap render debate.argdown -o debate.svg``.

Run on demand (not a test)::

    python benchmarks/bench_layout.py [--sizes 1000,5000,20000] [--old-cap 60]

For each size, a debate from ``../shared/bench/gen_argdown.py N 7`` (sections included:
N/100 top-level headings) is rendered to SVG in a fresh interpreter, as a user's command
would be, and reported:

* ``strategy``: the layout the renderer chose (``layout=auto``);
* ``dot wall``/``dot cpu``/``dot RSS``: the Graphviz step (every ``dot`` run of the render;
  CPU time and peak resident memory of the ``dot`` processes);
* ``render wall``/``CPU``/``peak RSS``: the whole process (read, DOT text, dot, SVG
  written); CPU is the process's and its ``dot`` children's (the steadier figure on a
  loaded machine); peak RSS is the larger of the Python process and its children;
* ``picture``/``shape``: the SVG's size in points and its width : height.

With ``--old-cap S`` (default 60; 0 skips it) the 1,000-statement map is also laid out
the way argmap did before layout strategies (``newrank=true`` with clusters), stopped
after S seconds, so the before/after ratio is measured in the same run. The machine is
shared: CPU seconds are the steadier figure when the load is high.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GEN = HERE.parent.parent / "shared" / "bench" / "gen_argdown.py"

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import argmap
from argmap.renderers import graphviz as gv
dot_wall = 0.0
original = gv.run_dot
def timed(*args, **kwargs):
    global dot_wall
    t = time.perf_counter()
    try:
        return original(*args, **kwargs)
    finally:
        dot_wall += time.perf_counter() - t
gv.run_dot = timed
src, out = sys.argv[1], sys.argv[2]
m = argmap.read(src)
t1 = time.perf_counter()
builder = gv._prepare(m, gv._parse_options({}))
strategy = builder.strategy
argmap.write(m, out)
t2 = time.perf_counter()
self_ = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "read": t1 - t0, "render": t2 - t1, "dot_wall": dot_wall, "strategy": strategy,
    "dot_cpu": kids.ru_utime + kids.ru_stime, "dot_rss_mb": kids.ru_maxrss / 1024,
    "py_rss_mb": self_.ru_maxrss / 1024,
    "cpu": self_.ru_utime + self_.ru_stime + kids.ru_utime + kids.ru_stime,
}))
"""


def generate(n: int, folder: Path) -> Path:
    path = folder / f"debate-{n}.argdown"
    with path.open("w", encoding="utf-8") as fh:
        subprocess.run([sys.executable, str(GEN), str(n), "7"], stdout=fh, check=True,
                       stderr=subprocess.DEVNULL)
    return path


def render(path: Path, timeout: float) -> dict[str, object]:
    out = path.with_suffix(".svg")
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path), str(out)],
                          capture_output=True, text=True, timeout=timeout, check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:], "wall": wall}
    data: dict[str, object] = json.loads(proc.stdout)
    data["wall"] = wall
    data["svg_mb"] = out.stat().st_size / 1e6
    with out.open(encoding="utf-8") as fh:
        head = fh.read(4096)
    size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', head)
    data["picture"] = (float(size.group(1)), float(size.group(2))) if size else (0.0, 0.0)
    return data


def old_layout(path: Path, cap: float) -> tuple[str, float]:
    """The map laid out as before (newrank=true with clusters), stopped after ``cap`` s."""
    import argmap

    source = str(argmap.render(argmap.read(path), "dot", layout="full", direction="BT"))
    source = source.replace("graph [rankdir=BT,", "graph [rankdir=BT, newrank=true,", 1)
    t = time.perf_counter()
    try:
        subprocess.run(["dot", "-Tsvg", "-o", os.devnull], input=source.encode(), timeout=cap,
                       check=True, capture_output=True)
    except subprocess.TimeoutExpired:
        return f"no picture after {cap:g} s (stopped)", time.perf_counter() - t
    return "finished", time.perf_counter() - t


def _picture(wh: Any) -> str:
    w, h = float(wh[0]), float(wh[1])
    return f"{w:,.0f} x {h:,.0f}"


def _shape(wh: Any) -> str:
    """Width : height as 1:N or N:1 (the picture's aspect ratio)."""
    w, h = float(wh[0]), float(wh[1])
    if not w or not h:
        return "?"
    return f"{w / h:.2g}:1" if w >= h else f"1:{h / w:.2g}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--timeout", type=float, default=600, help="give up on one render after")
    ap.add_argument("--old-cap", type=float, default=60)
    args = ap.parse_args()
    if not GEN.exists():
        print(f"needs {GEN}", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'N':>7} {'strategy':>9} {'dot wall':>9} {'dot cpu':>8} {'dot RSS':>8} "
          f"{'render wall':>11} {'CPU':>7} {'peak RSS':>9} {'SVG':>7} {'picture (pt)':>17} "
          f"{'shape':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = {n: generate(n, Path(tmp)) for n in sizes}
        for n in sizes:
            r = render(paths[n], args.timeout)
            if "error" in r:
                print(f"{n:>7} failed after {r['wall']:.1f} s: {r['error']}")
                continue
            peak = max(float(r["dot_rss_mb"]), float(r["py_rss_mb"]))  # type: ignore[arg-type]
            print(f"{n:>7} {r['strategy']:>9} {r['dot_wall']:>8.2f}s {r['dot_cpu']:>7.2f}s "
                  f"{r['dot_rss_mb']:>6.0f}MB {r['wall']:>10.2f}s {r['cpu']:>6.2f}s {peak:>7.0f}MB "
                  f"{r['svg_mb']:>5.1f}MB {_picture(r['picture']):>17} {_shape(r['picture']):>7}")
        if args.old_cap and 1000 in paths:
            what, took = old_layout(paths[1000], args.old_cap)
            print(f"before (newrank=true with clusters), N=1000: {what}, {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
