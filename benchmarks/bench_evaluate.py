"""Benchmark of argmap.evaluate (a script, not a test; run on demand).

1. Grounded semantics on generated frameworks of 10^4, 10^5 and 10^6 attacks: the
   semantics alone (on a prebuilt attack graph), and separately the map -> attack graph
   conversion; time per attack shows the growth is linear.
2. Stable and preferred enumeration (EE-ST, EE-PR) on the corpus's ICCMA instances,
   side by side in this run with reference solvers in another virtual environment:
   pygarg (SAT, python-sat) and clingo with ASP encodings of stable/complete/preferred
   (preferred by domain heuristics, as ASPARTIX does). Each engine gets only the
   argument and attack lists (no file parsing) and a per-task time limit.

    python -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install pygarg clingo
    .venv/bin/python benchmarks/bench_evaluate.py [--reference-python /tmp/bench-venv/bin/python]
        [--timeout 60] [--corpus PATH] [--skip-grounded] [--skip-solvers]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import argmap
from argmap._model import Relation, RelationKind, Statement, relation_id
from argmap.evaluate import AF, count_extensions, to_af
from argmap.evaluate._grounded import grounded_labelling

ROOT = Path(__file__).resolve().parent.parent


def _corpus(arg: str | None) -> Path:
    setting = arg or os.environ.get("ARGMAP_CORPUS", "")
    path = Path(setting) if setting else ROOT.parent / "shared" / "corpus"
    return path if path.is_absolute() else (ROOT / path).resolve()


def _best(fn: object, repeat: int) -> tuple[float, float]:
    """Best CPU time (process_time, robust on a loaded machine) and best wall time."""
    cpu = wall = float("inf")
    for _ in range(repeat):
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        fn()  # type: ignore[operator]
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall


def generated(n_attacks: int, seed: int = 1) -> tuple[int, list[tuple[int, int]]]:
    """A random framework with n_attacks attacks over n_attacks/2 arguments, mostly
    "forward" (low -> high index) so that the fixpoint labels nearly everything, with 5%
    random attacks to make cycles."""
    rng = random.Random(seed)
    n = max(n_attacks // 2, 2)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < n_attacks:
        a = rng.randrange(n)
        b = rng.randrange(n)
        if rng.random() >= 0.05 and a > b:
            a, b = b, a
        pairs.add((a, b))
    return n, sorted(pairs)


def bench_grounded() -> None:
    print("== grounded semantics on generated frameworks (best of 3; CPU s / wall s) ==")
    print(f"{'attacks':>9} {'args':>7} {'grounded':>15} {'CPU us/attack':>13} "
          f"{'map->AF':>15} {'map->AF+grounded':>17} {'|GR|':>7}")
    base = None
    for m in (10**4, 10**5, 10**6):
        n, pairs = generated(m)
        names = [f"a{i}" for i in range(n)]
        af = AF(names, pairs)
        sem = _best(lambda af=af: grounded_labelling(af), 3)
        amap = argmap.ArgumentMap()
        for name in names:
            amap.add(Statement(id=name, text=name))
        att = RelationKind.ATTACK
        for a, b in pairs:
            s, t = names[a], names[b]
            amap.add(Relation(id=relation_id(att, s, t), kind=att, source=s, target=t))
        conv = _best(lambda amap=amap: to_af(amap), 3)
        both = _best(lambda amap=amap: grounded_labelling(to_af(amap)), 3)
        size = len(grounded_labelling(af).extension())
        per = sem[0] / m * 1e6
        base = base or per
        print(f"{m:>9} {n:>7} {sem[0]:>6.3f}/{sem[1]:>6.3f}s {per:>13.3f} "
              f"{conv[0]:>6.3f}/{conv[1]:>6.3f}s {both[0]:>7.3f}/{both[1]:>7.3f}s {size:>7}"
              f"   per-attack CPU x{per / base:.2f} of 10^4")
        del amap
    print()


RUNNER = r"""
import json, sys, time, threading
data = json.load(open(sys.argv[1]))
engine, sem = sys.argv[2], sys.argv[3]
args, atts = data["args"], data["atts"]
if engine == "pygarg":
    from pygarg.dung import solver
    t0 = time.perf_counter()
    n = len(solver.extension_enumeration(args, atts, {"stable": "ST", "preferred": "PR"}[sem]))
    print(json.dumps({"count": n, "seconds": time.perf_counter() - t0}))
else:
    import clingo
    base = '''
in(X) :- arg(X), not out(X).
out(X) :- arg(X), not in(X).
:- in(X), in(Y), att(X,Y).
defeated(X) :- in(Y), att(Y,X).
'''
    stable = ':- out(X), not defeated(X).'
    complete = '''
undefended(X) :- att(Y,X), not defeated(Y).
:- in(X), undefended(X).
:- out(X), not defeated(X), not undefended(X).
#heuristic in(X) : arg(X). [1,true]
'''
    facts = "".join(f"arg({i}).\n" for i in range(len(args)))
    index = {a: i for i, a in enumerate(args)}
    facts += "".join(f"att({index[a]},{index[b]}).\n" for a, b in atts)
    opts = ["0"] if sem == "stable" else ["0", "--heuristic=Domain",
                                                       "--enum-mode=domRec"]
    t0 = time.perf_counter()
    ctl = clingo.Control(opts)
    ctl.add("base", [], facts + base + (stable if sem == "stable" else complete))
    ctl.ground([("base", [])])
    count = 0
    def on_model(m):
        global count
        count += 1
    ctl.solve(on_model=on_model)
    print(json.dumps({"count": count, "seconds": time.perf_counter() - t0}))
"""


def _reference(python: str, af_json: str, engine: str, sem: str, timeout: float) -> str:
    try:
        proc = subprocess.run(
            [python, "-c", RUNNER, af_json, engine, sem],
            capture_output=True, text=True, timeout=timeout + 30,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    if proc.returncode:
        return "error: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:60]
    out = json.loads(proc.stdout)
    if out["seconds"] > timeout:
        return "timeout"
    return f"{out['seconds']:.3f}s/{out['count']}"


def _ours(af: AF, sem: str, timeout: float) -> tuple[float, int] | None:
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    q: mp.Queue[tuple[float, int]] = ctx.Queue()

    def work() -> None:
        t0 = time.perf_counter()
        n = count_extensions(af, sem)
        q.put((time.perf_counter() - t0, n))

    p = ctx.Process(target=work)
    p.start()
    p.join(timeout)
    if p.is_alive():
        p.kill()
        p.join()
        return None
    return q.get()


def bench_solvers(corpus: Path, python: str | None, timeout: float) -> None:
    print(f"== EE-ST / EE-PR on the corpus ICCMA instances (timeout {timeout:.0f} s per task) ==")
    print("   cells: seconds/extensions; ratio = reference time / argmap time (>1: argmap faster)")
    refs = json.loads((corpus / "iccma" / "reference_answers.json").read_text("utf-8"))
    count_extensions(AF(["a", "b"], [(0, 1), (1, 0)]), "preferred")  # import python-sat now
    folder = {".af": "af", ".apx": "apx", ".tgf": "tgf"}
    engines = ["pygarg", "clingo"] if python else []
    head = f"{'instance':<52} {'sem':<9} {'argmap':>16}"
    for e in engines:
        head += f" {e:>18} {'ratio':>7}"
    print(head)
    with tempfile.TemporaryDirectory() as tmp:
        for rec in sorted(refs["instances"], key=lambda r: (r.get("n_attacks", 0), r["file"])):
            name = rec["file"]
            amap = argmap.read(corpus / "iccma" / folder[Path(name).suffix] / name)
            af = to_af(amap)
            af_json = os.path.join(tmp, "af.json")
            with open(af_json, "w", encoding="utf-8") as fh:
                json.dump({"args": af.names, "atts": [[af.names[a], af.names[b]]
                                                      for a, b in af.pairs()]}, fh)
            for sem in ("stable", "preferred"):
                ours = _ours(af, sem, timeout)
                cell = "timeout" if ours is None else f"{ours[0]:.3f}s/{ours[1]}"
                line = f"{name[:52]:<52} {sem:<9} {cell:>16}"
                for e in engines:
                    assert python is not None
                    ref = _reference(python, af_json, e, sem, timeout)
                    ratio = ""
                    if ours is not None and "/" in ref:
                        secs = float(ref.split("s/")[0])
                        ratio = f"{secs / max(ours[0], 1e-6):.1f}"
                        if int(ref.split("/")[1]) != ours[1]:
                            ratio += " COUNT DIFFERS"
                    line += f" {ref:>18} {ratio:>7}"
                print(line, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference-python", default="/tmp/bench-venv/bin/python")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--skip-grounded", action="store_true")
    parser.add_argument("--skip-solvers", action="store_true")
    ns = parser.parse_args()
    print(f"python {sys.version.split()[0]}, argmap {argmap.__version__}, {os.cpu_count()} cpus")
    if not ns.skip_grounded:
        bench_grounded()
    if not ns.skip_solvers:
        python = ns.reference_python if Path(ns.reference_python).exists() else None
        if python is None:
            print("(no reference solvers: create /tmp/bench-venv with pygarg and clingo)")
        bench_solvers(_corpus(ns.corpus), python, ns.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
