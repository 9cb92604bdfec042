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

With ``--shape`` it reports how the pictures look instead of how long they take: for
the seed map and each size, the layout chosen, the SVG's size and width : height, and how
long the relations are drawn (node centre to centre, in inches; all, and those between
top-level sections), e.g. ``--shape --sizes 100,300,1000,5000`` (``-O layout=sections``
passes an option). With ``--shape --edges`` it measures the edges as drawn instead: the
length of each edge's SVG path (points), for the edges within a top-level section and
those between two (median / 90th percentile / longest), and the picture's width : height
(``layout=sections`` draws no edge between sections, only counted arrows).

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
if not GEN.exists():  # a worktree under /work/wt/<name>
    GEN = Path("/work/shared/bench/gen_argdown.py")

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


# ---------------------------------------------------------------- --shape: picture quality
def _node_centres(svg: str, prefix: str) -> dict[str, tuple[float, float]]:
    """DOT name -> centre (points) of every node of an SVG drawn with element ids
    ``prefix`` (composed sections included: their ``<svg x= y=>`` offsets are added)."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(svg)
    centres: dict[str, tuple[float, float]] = {}

    def walk(el: Any, ox: float, oy: float) -> None:
        for child in el:
            tag = child.tag.replace(ns, "")
            dx, dy = ox, oy
            if tag == "svg":
                dx += float(child.get("x", 0))
                dy += float(child.get("y", 0))
            elif tag == "g":
                move = re.search(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", child.get("transform", ""))
                if move:
                    dx += float(move.group(1))
                    dy += float(move.group(2))
                ident = child.get("id", "")
                if "node" in (child.get("class") or "").split() and ident.startswith(prefix):
                    pts: list[tuple[float, float]] = []
                    for shape in child.iter():
                        if shape.tag.replace(ns, "") in ("polygon", "polyline"):
                            for pair in (shape.get("points") or "").split():
                                x, _, y = pair.partition(",")
                                pts.append((float(x), float(y)))
                        elif shape.tag.replace(ns, "") == "path":
                            nums = [float(v) for v in re.findall(r"-?[\d.]+", shape.get("d", ""))]
                            pts += list(zip(nums[::2], nums[1::2], strict=False))
                        elif shape.tag.replace(ns, "") == "ellipse":
                            pts.append((float(shape.get("cx", 0)), float(shape.get("cy", 0))))
                    if pts:
                        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                        centres[ident[len(prefix) :]] = (
                            (min(xs) + max(xs)) / 2 + dx,
                            (min(ys) + max(ys)) / 2 + dy,
                        )
            walk(child, dx, dy)

    walk(root, 0.0, 0.0)
    return centres


def _bezier_length(d: str) -> float:
    """Length (points) of an SVG path of ``M x,y C x,y x,y x,y ...`` (what dot draws)."""
    import math

    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", d)]
    pts = list(zip(nums[::2], nums[1::2], strict=False))
    total = 0.0
    for i in range(0, len(pts) - 3, 3):
        p0, p1, p2, p3 = pts[i : i + 4]
        prev = p0
        for k in range(1, 9):
            t = k / 8
            u = 1 - t
            q = (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
            total += math.dist(prev, q)
            prev = q
    return total


def edge_lengths(svg: str, prefix: str) -> dict[tuple[str, str], float]:
    """(tail, head) DOT names -> length (points) of the edge's drawn path in an SVG drawn
    with element ids ``prefix`` (the edges dot drew; not the arrows between sections)."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    out: dict[tuple[str, str], float] = {}
    for g in ET.fromstring(svg).iter(f"{ns}g"):
        ident = g.get("id", "")
        if "edge" not in (g.get("class") or "").split() or not ident.startswith(prefix):
            continue
        tail, _, head = ident[len(prefix) :].partition("~")
        path = next(g.iter(f"{ns}path"), None)
        if path is not None and head:
            out[tail, head] = _bezier_length(path.get("d", ""))
    return out


def _spread(values: list[float]) -> str:
    """Median / 90th percentile / longest of ``values`` (points), or ``-``."""
    if not values:
        return "-"
    v = sorted(values)
    return f"{v[len(v) // 2]:.0f}/{v[min(len(v) - 1, len(v) * 9 // 10)]:.0f}/{v[-1]:.0f}"


def _drawn(path: Path, options: dict[str, str]) -> tuple[Any, Any, str, tuple[float, float]]:
    """The map at ``path``, its builder, its SVG (element ids ``bl-``) and the SVG's size."""
    import argmap
    from argmap.renderers import graphviz as gv

    m = argmap.read(path)
    opts = gv._parse_options(options)
    builder = gv._prepare(m, opts)
    svg = gv._draw_map(m, "svg", opts, element_ids="bl-")
    svg = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    wh = (float(size.group(1)), float(size.group(2))) if size else (0.0, 0.0)
    return m, builder, svg, wh


def edge_report(paths: list[Path], options: dict[str, str]) -> None:
    """For each map: the drawn length (points, along dot's path) of the edges within a
    top-level section and of those between two, as median/90th percentile/longest, and
    the picture's width : height."""
    from argmap.renderers import graphviz as gv
    from argmap.renderers._sections import _top

    print(f"{'map':<26} {'layout':>8} {'shape':>7} {'within':>6} {'med/p90/max pt':>16} "
          f"{'across':>6} {'med/p90/max pt':>16} {'total across pt':>15}")
    for path in paths:
        _, builder, svg, wh = _drawn(path, options)
        drawn = builder.amap  # the part of the map drawn
        top = _top(drawn)
        home = {builder.names[n.id]: top.get(n.group) if n.group else None for n in drawn.nodes()}
        rels = drawn.relations
        for rid, point in gv._point_names(drawn).items():
            home[point] = home.get(builder.names.get(rels[rid].source, ""))
        within: list[float] = []
        across: list[float] = []
        for (tail, head), length in edge_lengths(svg, "bl-").items():
            (within if home.get(tail) == home.get(head) else across).append(length)
        print(f"{path.name[:26]:<26} {builder.strategy:>8} {_shape(wh):>7} {len(within):>6} "
              f"{_spread(within):>16} {len(across):>6} {_spread(across):>16} "
              f"{sum(across):>15,.0f}")


def shape_report(paths: list[Path], options: dict[str, str]) -> None:
    """For each map: the layout auto (or ``options``) chooses, the SVG's size and shape,
    and how long its relations are drawn (node centre to node centre, inches): all of
    them, and those between top-level sections."""
    import math

    from argmap.renderers._sections import _top

    print(f"{'map':<28} {'layout':>8} {'dir':>3} {'picture (pt)':>17} {'shape':>7} "
          f"{'all in':>9} {'longest':>8} {'across':>6} {'across in':>10} {'longest':>8}")
    for path in paths:
        m, builder, svg, wh = _drawn(path, options)
        centres = _node_centres(svg, "bl-")
        names = {n.id: f"n{i}" for i, n in enumerate(m.nodes())}
        top = _top(m)
        home = {names[n.id]: top.get(n.group) if n.group else None for n in m.nodes()}
        pairs = []
        rels = m.relations
        for r in rels.values():
            target = rels[r.target].target if r.target in rels else r.target
            pairs.append((names[r.source], names[target]))
        for a in m.arguments.values():
            pairs += [(names[p], names[a.id]) for p in a.premises]
            if a.conclusion in names:
                pairs.append((names[a.id], names[a.conclusion]))
        drawn = [(s, t) for s, t in pairs if s in centres and t in centres]
        lengths = [math.dist(centres[s], centres[t]) / 72 for s, t in drawn]
        across = [d for (s, t), d in zip(drawn, lengths, strict=True) if home[s] != home[t]]
        print(f"{path.name[:28]:<28} {builder.strategy:>8} {builder.direction:>3} "
              f"{_picture(wh):>17} {_shape(wh):>7} {sum(lengths):>9.0f} "
              f"{max(lengths, default=0):>8.1f} {len(across):>6} {sum(across):>10.0f} "
              f"{max(across, default=0):>8.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--timeout", type=float, default=600, help="give up on one render after")
    ap.add_argument("--old-cap", type=float, default=60)
    ap.add_argument(
        "--shape",
        action="store_true",
        help="report picture shape and relation lengths (the seed map and --sizes) instead",
    )
    ap.add_argument(
        "--edges",
        action="store_true",
        help="with --shape: drawn edge lengths (SVG paths) within and between sections",
    )
    ap.add_argument("-O", dest="options", action="append", default=[], help="key=value")
    args = ap.parse_args()
    if args.shape:
        options = dict(o.split("=", 1) for o in args.options)
        with tempfile.TemporaryDirectory() as tmp:
            seed = HERE.parent / "seeds" / "meta-open-models.argdown"
            sizes = [int(s) for s in args.sizes.split(",")]
            maps = [seed] + [generate(n, Path(tmp)) for n in sizes]
            (edge_report if args.edges else shape_report)(maps, options)
        return 0
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
