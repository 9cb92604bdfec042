"""Check: every writer's output is byte-identical between two source trees.

Run on demand (not a test)::

    .venv/bin/python benchmarks/compare_writers.py --baseline /tmp/main-copy
        [--only kialo,markdown ...] [--corpus $ARGMAP_CORPUS] [--random 300]

Each side runs in a child (this tree, and the ``--baseline`` tree through ``PYTHONPATH``)
that renders the same maps with every writer and prints a SHA-256 per (map, writer,
options), or the error's class and message. Maps: every file of the corpus that argmap
reads (files over 4 MB skipped), the benchmark shapes at several sizes (debate, chain,
groups, the Argdown generator's debate) and ``--random`` maps drawn from
``argmap.testing.maps`` once and read back from native JSON by both sides (as the reader's
relation table and as objects), plus a few hand-made odd ones (ids with
``>`` in them, dangling references, undercuts of relations, arguments without premises,
repeated relations). For Kialo, :func:`normalize` and :func:`kialo_view` are compared too
(as native JSON). Prints the keys that differ; exit 1 when any does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import hashlib, json, logging, os, random, sys, warnings
from pathlib import Path
sys.path.insert(0, sys.argv[1])
logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")
import argmap
from argmap import ArgumentMap, Source
import bench_outline, bench_writers
only = sys.argv[2].split(",")
corpus = sys.argv[3]
drawn_dir = sys.argv[4]

OPTS = {
    "markdown": [{}, {"depth": 2}],
    "text": [{}, {"ascii": True, "width": 40}],
    "html": [{"diagram": False}],
    "argdown": [{}],
    "mermaid": [{}],
    "aif": [{}],
    "sadface": [{}],
    "kialo": [{}],
    "json": [{}],
}

def odd_maps():
    from argmap import Argument, Relation, Statement

    def rel(m, kind, s, t, rid=None):
        rid = rid or f"rel{len(m.relations)}"
        m.add(Relation(id=rid, kind=kind, source=s, target=t))

    m = ArgumentMap("Odd > ids")
    for sid in ("a -support-> b", "b", "a", "b -support-> b", "x>y", "a -attack-> b"):
        m.add(Statement(id=sid, text=f"Text of {sid}"))
    rel(m, "support", "a", "b"); rel(m, "support", "a -support-> b", "b")
    rel(m, "support", "a", "b -support-> b"); rel(m, "attack", "x>y", "a")
    rel(m, "attack", "a", "b"); rel(m, "support", "a", "b")
    yield "odd-gt", m
    m = ArgumentMap("Undercuts, dangling, premise-less")
    for i in range(9):
        text = f"  Claim {i}\r\nsecond line (x)\\ " if i % 2 else f"{i}. Pro: x"
        m.add(Statement(id=f"c{i}", text=text))
    m.add(Argument(id="arg", premises=("c1", "c2", "nowhere"), conclusion="c0"))
    m.add(Argument(id="bare", title="Bare one"))
    m.add(Argument(id="open", premises=("c8",)))
    rel(m, "support", "c3", "c0", "r-s"); rel(m, "undercut", "c4", "r-s")
    rel(m, "undercut", "c5", "arg"); rel(m, "attack", "arg", "c6"); rel(m, "support", "c6", "c0")
    rel(m, "support", "c6", "c0"); rel(m, "support", "c7", "c7"); rel(m, "support", "bare", "c6")
    rel(m, "contradiction", "c2", "c3"); rel(m, "support", "ghost", "c0")
    rel(m, "attack", "c8", "ghost")
    rel(m, "support", "open", "c3"); rel(m, "support", "c5", "r-s")
    src = Source(title="T [x]", url="http://x/(y)")
    m.add(Statement(id="e1", text="Ev", kind="evidence", sources=(src,)))
    src = Source(author="nobody")
    m.add(Statement(id="e2", text="", title=" t ", kind="evidence", sources=(src,)))
    rel(m, "support", "e1", "c6"); rel(m, "attack", "e2", "c6")
    yield "odd-mixed", m
    yield "empty", ArgumentMap(None)
    m = ArgumentMap("Circle")
    for i in range(4):
        m.add(Statement(id=f"r{i}", text=f"R{i}"))
    rel(m, "attack", "r0", "r1"); rel(m, "attack", "r1", "r0")
    rel(m, "support", "r2", "r3"); rel(m, "support", "r3", "r2")
    yield "circle", m


def maps():
    for n in (1, 2, 7, 100, 1000, 5000):
        for seed in (11, 3):
            m = bench_outline.make_map(n, seed=seed)
            yield f"debate-{n}-{seed}", m
            yield f"debate-{n}-{seed}-read", argmap.parse(argmap.render(m, "json"), "json")
    yield "chain-300", bench_writers.make_chain(300)
    yield "groups-60", bench_writers.make_groups(60)
    yield "generated-800", bench_writers.make_generated(800)
    yield from odd_maps()
    for p in sorted(Path(drawn_dir).glob("*.json"), key=lambda p: int(p.stem)):
        yield f"random-{p.stem}", argmap.read(p, "json")  # relations as a reader's table
        m = argmap.read(p, "json")
        len(m.relations)  # ... and as Relation objects
        yield f"random-{p.stem}-objects", m
    if corpus:
        for p in sorted(Path(corpus).rglob("*")):
            if not p.is_file() or p.stat().st_size > 4_000_000:
                continue
            try:
                m = argmap.read(p)
            except Exception:
                continue
            yield str(p.relative_to(corpus)), m

def digest(fn):
    try:
        r = fn()
    except Exception as e:
        return f"ERR {type(e).__name__}: {str(e)[:300]}"
    if isinstance(r, str):
        r = r.encode("utf-8", "surrogatepass")
    return hashlib.sha256(r).hexdigest()

out = {}
for name, m in maps():
    out[f"{name}|map"] = digest(lambda: argmap.render(m, "json"))  # the input itself
    for fmt in only:
        for o in OPTS[fmt]:
            out[f"{name}|{fmt}|{json.dumps(o)}"] = digest(lambda: argmap.render(m, fmt, **o))
    if "kialo" in only:
        from argmap_kialo import kialo_view, normalize
        out[f"{name}|kialo_view"] = digest(lambda: argmap.render(kialo_view(m), "json"))
        out[f"{name}|normalize"] = digest(lambda: argmap.render(normalize(m), "json"))
print(json.dumps(out))
"""


DRAW = r"""
import sys
from hypothesis import HealthCheck, given, settings
import argmap
from argmap.testing import maps
drawn = []
@settings(max_examples=int(sys.argv[2]), derandomize=True, database=None,
          suppress_health_check=list(HealthCheck), deadline=None)
@given(maps())
def collect(m):
    drawn.append(m)
collect()
for i, m in enumerate(drawn):
    argmap.write(m, f"{sys.argv[1]}/{i}.json")
"""


def side(env: dict[str, str], only: str, corpus: str, drawn: str) -> dict[str, str]:
    cmd = [sys.executable, "-c", CHILD, str(HERE), only, corpus, drawn]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if res.returncode:
        raise SystemExit(res.stderr[-3000:])
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", required=True, metavar="TREE", help="the other source tree")
    ap.add_argument("--only", default="markdown,text,html,kialo,argdown,mermaid,aif,sadface")
    ap.add_argument("--corpus", default=os.environ.get("ARGMAP_CORPUS", ""))
    ap.add_argument("--random", type=int, default=300, help="maps drawn by hypothesis")
    args = ap.parse_args(argv)
    root = Path(args.baseline)
    paths = [root / "src", *sorted((root / "plugins").glob("*/src"))]
    base_env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, paths))}
    # the random maps are drawn once (hypothesis does not draw the same ones in every
    # process) and read back by both sides
    drawn = tempfile.mkdtemp(prefix="argmap-compare-")
    subprocess.run([sys.executable, "-c", DRAW, drawn, str(args.random)], check=True)
    # one hash seed on both sides: the drawn maps (and any set's order) are then the same
    base_env["PYTHONHASHSEED"] = "0"
    new = side({**os.environ, "PYTHONHASHSEED": "0"}, args.only, args.corpus, drawn)
    old = side(base_env, args.only, args.corpus, drawn)
    shutil.rmtree(drawn)
    differ = sorted(k for k in new.keys() | old.keys() if new.get(k) != old.get(k))
    for k in differ:
        print(f"differs: {k}\n  new {new.get(k)}\n  old {old.get(k)}")
    errors = sum(v.startswith("ERR") for v in new.values())
    print(
        f"{len(new)} outputs compared ({errors} errors, the same on both sides when not listed); "
        f"{len(differ)} differ"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
