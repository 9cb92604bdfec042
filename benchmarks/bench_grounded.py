"""Benchmark: evaluation and ICCMA reading at scale (a script, not a test; run on demand).

1. Grounded semantics on generated debates (``../shared/bench/gen_argdown.py N 7``) of
   5k, 50k and 500k statements under the default support construction (cayrol): the
   map -> attack graph conversion plus the labelling, CPU time and the peak of the memory
   it allocates (tracemalloc, in a second pass), and the growth exponent between sizes.
   For the smallest size also the old way side by side: every derived attack listed
   (``AF.attacks``), then the queue labelling on the list.
2. ICCMA ``.apx`` read of a generated framework with 1M attacks (100k arguments).
3. ``main_claims`` (what ``argmap info`` adds to a plain read) on the N=100k debate.

Each size runs in a fresh process so memory figures do not mix.

    .venv/bin/python benchmarks/bench_grounded.py [--sizes 5000,50000,500000]
        [--old 5000] [--skip-apx] [--skip-info] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_argdown.py"


def _debate(n: int, folder: Path) -> Path:
    path = folder / f"debate-{n}.argdown"
    if not path.exists():
        with path.open("w", encoding="utf-8") as fh:
            subprocess.run([sys.executable, str(GEN), str(n), "7"], stdout=fh, check=True)
    return path


def _timed(fn: Any) -> tuple[float, float, Any]:
    gc.collect()
    c0, w0 = time.process_time(), time.perf_counter()
    result = fn()
    return time.process_time() - c0, time.perf_counter() - w0, result


def _peak(fn: Any) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def child_grounded(path: str, old: bool) -> dict[str, Any]:
    import argmap
    from argmap.evaluate import to_af
    from argmap.evaluate._grounded import grounded_labelling

    amap = argmap.read(path)
    rec: dict[str, Any] = {
        "statements": len(amap.statements),
        "arguments": len(amap.arguments),
        "relations": len(amap.relations),
    }

    def compact() -> Any:
        return grounded_labelling(to_af(amap))

    cpu, wall, lab = _timed(compact)
    af = lab.af
    rec.update(
        cpu=cpu,
        wall=wall,
        peak=_peak(compact),
        direct_attacks=sum(map(len, af.direct)),
        support_steps=len(af.support.pairs) if af.support else 0,
        accepted=len(lab.order),
    )
    for support in ("none",):
        c, w, _ = _timed(lambda support=support: grounded_labelling(to_af(amap, support=support)))
        rec[f"cpu_{support}"] = c
    if old:  # the way before: list every derived attack, then label the list

        def listed() -> Any:
            a = to_af(amap, max_attacks=10**9)
            a.attacks  # noqa: B018 - builds the list
            plain = type(a).from_adjacency(a.names, a.attacks, a.hidden)
            return grounded_labelling(plain), sum(map(len, a.attacks))

        c, w, (old_lab, n_attacks) = _timed(listed)
        rec.update(old_cpu=c, old_wall=w, old_attacks=n_attacks, old_peak=_peak(listed))
        rec["same_labels"] = old_lab.label == lab.label
    return rec


def child_apx(path: str) -> dict[str, Any]:
    import argmap

    cpu, wall, amap = _timed(lambda: argmap.read(path))
    return {"cpu": cpu, "wall": wall, "attacks": len(amap.relations)}


def child_info(path: str) -> dict[str, Any]:
    import argmap

    read_cpu, _, amap = _timed(lambda: argmap.read(path))
    info_cpu, _, roots = _timed(amap.main_claims)
    return {"read_cpu": read_cpu, "main_claims_cpu": info_cpu, "main_claims": len(roots)}


def _run_child(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if out.returncode:
        return {"error": (out.stderr.strip().splitlines() or ["?"])[-1]}
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _apx(path: Path, n_attacks: int = 1_000_000) -> Path:
    if not path.exists():
        rng = random.Random(1)
        n_args = n_attacks // 10
        lines = [f"arg(a{i}).\n" for i in range(n_args)]
        seen: set[tuple[int, int]] = set()
        while len(seen) < n_attacks:
            pair = (rng.randrange(n_args), rng.randrange(n_args))
            if pair not in seen:
                seen.add(pair)
                lines.append(f"att(a{pair[0]},a{pair[1]}).\n")
        path.write_text("".join(lines), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="5000,50000,500000")
    p.add_argument("--old", type=int, default=5000, help="size to run the old way too (0: none)")
    p.add_argument("--skip-apx", action="store_true")
    p.add_argument("--skip-info", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--workdir", default=None, help="keep generated inputs here")
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        kind, path, *rest = args.child
        if kind == "grounded":
            rec = child_grounded(path, rest == ["old"])
        elif kind == "apx":
            rec = child_apx(path)
        else:
            rec = child_info(path)
        print(json.dumps(rec))
        return 0

    folder = Path(args.workdir or tempfile.mkdtemp(prefix="bench-grounded-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"grounded": {}}
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print("== grounded, support=cayrol, generated debates (gen_argdown.py N 7) ==")
    print(f"{'N':>8} {'nodes':>8} {'relations':>9} {'CPU s':>7} {'us/node':>8} "
          f"{'peak MB':>8} {'none CPU s':>10} {'growth':>7}")
    prev: tuple[int, float] | None = None
    for n in sizes:
        rec = _run_child("grounded", str(_debate(n, folder)), *(["old"] if n == args.old else []))
        results["grounded"][n] = rec
        if "error" in rec:
            print(f"{n:>8} error: {rec['error']}")
            continue
        nodes = rec["statements"] + rec["arguments"]
        growth = ""
        if prev is not None:
            growth = f"{math.log(rec['cpu'] / prev[1]) / math.log(n / prev[0]):.2f}"
        prev = (n, rec["cpu"])
        print(f"{n:>8} {nodes:>8} {rec['relations']:>9} {rec['cpu']:>7.2f} "
              f"{rec['cpu'] / nodes * 1e6:>8.2f} {rec['peak'] / 2**20:>8.1f} "
              f"{rec['cpu_none']:>10.2f} {growth:>7}")
        if "old_cpu" in rec:
            print(f"{'':>8} the old way (every derived attack listed: {rec['old_attacks']:,}): "
                  f"{rec['old_cpu']:.2f} CPU s, peak {rec['old_peak'] / 2**20:.0f} MB; "
                  f"{rec['old_cpu'] / rec['cpu']:.0f}x the time, "
                  f"{rec['old_peak'] / rec['peak']:.0f}x the memory; "
                  f"same labels: {rec['same_labels']}")
    if not args.skip_apx:
        rec = _run_child("apx", str(_apx(folder / "af-1m.apx")))
        results["apx_1m"] = rec
        print(f"\n== ICCMA .apx read, 1M attacks over 100k arguments ==\n"
              f"{rec.get('cpu', float('nan')):.2f} CPU s "
              f"({rec.get('wall', float('nan')):.2f} s wall)"
              f"{'  error: ' + rec['error'] if 'error' in rec else ''}")
    if not args.skip_info:
        rec = _run_child("info", str(_debate(100_000, folder)))
        results["info_100k"] = rec
        if "error" in rec:
            print(f"\n== argmap info, N=100k == error: {rec['error']}")
        else:
            print(f"\n== argmap info on the N=100k debate ==\nread {rec['read_cpu']:.2f} CPU s; "
                  f"main_claims adds {rec['main_claims_cpu']:.2f} CPU s")
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
