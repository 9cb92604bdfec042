"""A/B of a whole-process read: two argmap source trees and the reference CLI, alternating.

Run on demand (not a test)::

    git -C . worktree add /tmp/argmap-base main     # or: git archive main | tar -x -C DIR
    python benchmarks/ab_read.py FILE --base /tmp/argmap-base/src [--new src] [--pairs 9]
        [--argdown /tmp/argdown-ref/node_modules/.bin/argdown]

Each side is ``python -c "import argmap, sys; argmap.read(sys.argv[1])" FILE`` in a child
process (``PYTHONPATH`` set to its tree; the same interpreter), and the reference is
``argdown json FILE OUTDIR``. One warm-up each, then ``--pairs`` rounds, the order
alternating round by round. Each side has a plugin cache folder of its own
(``ARGMAP_CACHE_DIR``), so that the two trees do not invalidate each other's entries.
Printed: the median wall time and CPU time (user + system of the child, from ``wait4``),
the median peak RSS, and the ratios (medians, and the median of the per-round ratios).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_argdown  # noqa: E402

CODE = "import argmap, sys; argmap.read(sys.argv[1])"


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--base", required=True, help="the old tree's src folder")
    ap.add_argument("--new", default=str(HERE.parent / "src"), help="the new tree's src folder")
    ap.add_argument("--pairs", type=int, default=9)
    ap.add_argument("--argdown", help="the reference CLI (default: as bench_argdown finds it)")
    args = ap.parse_args(argv)
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    tmp = Path(tempfile.mkdtemp(prefix="ab-read-"))
    sides: dict[str, tuple[list[str], dict[str, str]]] = {}
    for name, src in (("base", args.base), ("new", args.new)):
        env = {**clean, "PYTHONPATH": src, "ARGMAP_CACHE_DIR": str(tmp / f"cache-{name}")}
        sides[name] = ([sys.executable, "-c", CODE, args.file], env)
    cli = bench_argdown.find_cli(args.argdown)
    if cli is not None:
        sides["ref"] = ([cli, "json", args.file, str(tmp / "ref-out")], clean)
    names = list(sides)
    for name in names:
        run(*sides[name])  # warm-up: .pyc files, the plugin caches, the page cache
    res: dict[str, list[tuple[float, float, float]]] = {n: [] for n in names}
    for i in range(args.pairs):
        for name in names if i % 2 == 0 else names[::-1]:
            res[name].append(run(*sides[name]))

    def med(name: str, k: int) -> float:
        return statistics.median(r[k] for r in res[name])

    for name in names:
        print(
            f"{name:5} wall {med(name, 0) * 1000:7.1f} ms  cpu {med(name, 1) * 1000:7.1f} ms  "
            f"peak {med(name, 2):6.1f} MB"
        )
    for x, y in (("ref", "new"), ("ref", "base"), ("base", "new")):
        if x in res and y in res:
            wall = statistics.median(a[0] / b[0] for a, b in zip(res[x], res[y], strict=True))
            cpu = statistics.median(a[1] / b[1] for a, b in zip(res[x], res[y], strict=True))
            print(
                f"{x}/{y}: wall {med(x, 0) / med(y, 0):.2f}x cpu {med(x, 1) / med(y, 1):.2f}x "
                f"(per round: wall {wall:.2f}x cpu {cpu:.2f}x) memory {med(x, 2) / med(y, 2):.2f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
