"""Benchmark: every row of the speed table (issue 18), side by side with the peers, in one run.

Run on demand (not a test)::

    .venv/bin/python benchmarks/run_all.py [--repeat 3] [--only ROW ...] [--quick]
        [--arguebuf-python /tmp/bench-venv/bin/python] [--argdown PATH]
        [--graphviz] [--markdown]

Each measurement runs in its own child process (wall time and peak RSS of the child from
``wait4``), the two sides of a comparison are interleaved run after run, and the table
shows the median of ``--repeat`` runs of each side, the ratio of the medians and whether
the goal is met. The machine is shared: absolute times drift, the ratios measured in one
run are the result. A writer row's growth exponent is fitted to the CPU time of the
render call at four sizes (see :func:`row_writer`).

Peers, each optional (a row without its peer shows only argmap's figure):

* the reference Argdown CLI, ``npm install --prefix /tmp/argdown-ref @argdown/cli@1.7.5``
  (found as ``bench_argdown.py`` finds it);
* arguebuf 2.7.2 in its own interpreter:
  ``python -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install arguebuf==2.7.2``
  (``--arguebuf-python``, default ``/tmp/bench-venv/bin/python`` when it exists).

Inputs: Argdown debates from the shared generator ``gen_argdown.py N SEED``; native JSON
and writer maps from ``bench_native_json.build`` and ``bench_outline.make_map``; AIF maps
from the corpus (``aif/qt30``, which the issue names: a row saying it is missing when the
corpus has no such folder; ``aif/us-2016-en``, ``aif/araucaria-en``) and
``bench_dot.make_aif``; an ``.apx`` framework with 1M attacks written here. The Graphviz
rows (time to a picture, owned by the layout work) run only with ``--graphviz``, each
under a time limit of twice its goal. ``--markdown`` prints the table as Markdown (for
docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_argdown  # noqa: E402  (the sibling scripts are reused, not repeated)

ROOT = HERE.parent
PY = sys.executable


@attrs.frozen
class Sample:
    seconds: float
    mb: float
    out: str = ""


def child(cmd: Sequence[str], *, timeout: float | None = None, ok: bool = True) -> Sample:
    """Wall time and peak RSS of one child process (``inf`` seconds when it timed out)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=env)
        deadline = None if timeout is None else start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                return Sample(math.inf, math.nan, "timed out")
            time.sleep(0.002)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode()
        if proc.returncode != 0 and ok:
            raise SystemExit(
                f"{' '.join(cmd)} failed ({proc.returncode}):\n{text}\n"
                f"{err.read().decode()[-2000:]}"
            )
        if proc.returncode != 0:  # a failure is never a fast result
            last = (err.read().decode().strip().splitlines() or ["?"])[-1]
            return Sample(math.inf, usage.ru_maxrss / 1024, f"failed: {last[:100]}")
    return Sample(wall, usage.ru_maxrss / 1024, text)


def inner(cmd: Sequence[str]) -> Sample:
    """A child that times its own work and prints ``{"seconds": s}`` as its last line."""
    s = child(cmd)
    data = json.loads(s.out.strip().splitlines()[-1])
    return Sample(float(data["seconds"]), s.mb, s.out)


def interleave(sides: dict[str, Callable[[], Sample]], repeat: int) -> dict[str, list[Sample]]:
    """Each side run ``repeat`` times (after one warm-up), the sides alternating."""
    for fn in sides.values():
        fn()
    runs: dict[str, list[Sample]] = {name: [] for name in sides}
    for _ in range(repeat):
        for name, fn in sides.items():
            runs[name].append(fn())
    return runs


def med(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.seconds for s in samples), statistics.median(s.mb for s in samples)
    )


@attrs.define
class Row:
    workload: str
    argmap: str
    peer: str = ""
    ratio: str = ""
    goal: str = ""
    met: bool | None = None


ROWS: list[Row] = []


def add(row: Row) -> None:
    ROWS.append(row)
    mark = {True: "met", False: "NOT met", None: "-"}[row.met]
    print(
        f"  {row.workload}: {row.argmap} | {row.peer} | {row.ratio} | {row.goal} | {mark}",
        file=sys.stderr,
        flush=True,
    )


def secs(x: float) -> str:
    if math.isinf(x):
        return "timed out"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


# --------------------------------------------------------------------------- inputs


def generate(tmp: Path, n: int, seed: int = 1) -> Path:
    path = tmp / f"debate-{n}-{seed}.argdown"
    if not path.exists():
        gen = bench_argdown.bench_dir() / "gen_argdown.py"
        if not gen.is_file():
            raise SystemExit(f"generator not found: {gen} (set ARGMAP_CORPUS)")
        with path.open("w", encoding="utf-8") as fh:
            subprocess.run([PY, str(gen), str(n), str(seed)], stdout=fh, check=True)
    return path


READ = "import argmap, sys; argmap.read(sys.argv[1])"


# --------------------------------------------------------------------------- rows


def row_argdown(tmp: Path, n: int, repeat: int, cli: str | None, goal_x: float) -> None:
    path = generate(tmp, n)
    sides: dict[str, Callable[[], Sample]] = {"argmap": lambda: child([PY, "-c", READ, str(path)])}
    if cli is not None:
        out = tmp / f"ref-json-{n}"
        sides["ref"] = lambda: child([cli, "json", str(path), str(out)])
    runs = interleave(sides, repeat)
    ours = med(runs["argmap"])
    label = f"Argdown N={n:,}, whole process"
    if cli is None:
        add(
            Row(
                label,
                f"{secs(ours.seconds)}, {ours.mb:.0f} MB",
                "reference not installed",
                goal=f">= {goal_x:g}x",
            )
        )
        return
    ref = med(runs["ref"])
    fast, mem = ref.seconds / ours.seconds, ref.mb / ours.mb
    goal = f">= {goal_x:g}x" + (", >= 5x less memory" if n >= 20000 else "")
    met = fast >= goal_x and (mem >= 5 or n < 20000)
    add(
        Row(
            label,
            f"{secs(ours.seconds)}, {ours.mb:.0f} MB",
            f"argdown json {secs(ref.seconds)}, {ref.mb:.0f} MB",
            f"{fast:.1f}x faster, {mem:.1f}x less memory",
            goal,
            met,
        )
    )


def row_argdown_big(tmp: Path, n: int, repeat: int) -> None:
    path = generate(tmp, n)
    runs = interleave({"argmap": lambda: child([PY, "-c", READ, str(path)])}, repeat)
    ours = med(runs["argmap"])
    add(
        Row(
            f"Argdown N={n:,}, whole process",
            f"{secs(ours.seconds)}, {ours.mb:.0f} MB",
            "reference fails at this size (not run)",
            "",
            "<= 4 s",
            ours.seconds <= 4,
        )
    )


def row_argdown_linear(tmp: Path, sizes: Sequence[int], repeat: int) -> None:
    code = (
        "import argmap, sys, time; p = sys.argv[1]; t = time.perf_counter(); "
        "argmap.read(p); print('{\"seconds\": %f}' % (time.perf_counter() - t))"
    )
    per = []
    for n in sizes:
        path = generate(tmp, n)
        s = med(interleave({"a": lambda p=path: inner([PY, "-c", code, str(p)])}, repeat)["a"])
        per.append((n, s.seconds))
    (n0, t0), (n1, t1) = per[0], per[-1]
    k = math.log(t1 / t0) / math.log(n1 / n0)
    add(
        Row(
            f"Argdown read growth {n0:,} -> {n1:,} (in process)",
            " / ".join(f"{t / n * 1e6:.0f} us" for n, t in per) + " per statement",
            "",
            f"time ~ n^{k:.2f}",
            "linear (n^<=1.15)",
            k <= 1.15,
        )
    )


# The floor of the native and AIF rows: the stdlib's ``json.loads`` of the same bytes (the
# AIF row: the same decoded texts), in the same kind of child, with the collector as
# Python starts it. argmap's side reads the file itself (``argmap.read(path)``: format
# detection, the file read, orjson, the build); the floor gets its bytes already read.
# Both sides are timed in CPU seconds (``time.process_time``): on a shared machine the
# wall time of a 1-3 s step mostly measures the other processes.
STEP_NATIVE = r"""
import json, sys, time
path, what = sys.argv[1], sys.argv[2]
import argmap
data = open(path, "rb").read()
t0 = time.process_time()
if what == "json.loads":
    json.loads(data)
else:
    argmap.read(path)
print(json.dumps({"seconds": time.process_time() - t0}))
"""


def row_native(tmp: Path, n: int, repeat: int) -> None:
    import bench_native_json

    import argmap

    path = tmp / f"native-{n}.json"
    argmap.write(bench_native_json.build(n), path)  # type: ignore[arg-type]
    runs = interleave(
        {
            "json": lambda: inner([PY, "-c", STEP_NATIVE, str(path), "json.loads"]),
            "argmap": lambda: inner([PY, "-c", STEP_NATIVE, str(path), "argmap.read"]),
        },
        repeat,
    )
    ours, floor = med(runs["argmap"]), med(runs["json"])
    x = ours.seconds / floor.seconds
    add(
        Row(
            f"native JSON, {n:,} statements / {2 * n:,} relations (CPU)",
            secs(ours.seconds),
            f"json.loads {secs(floor.seconds)}",
            f"{x:.1f}x the floor",
            "<= 3x",
            x <= 3,
        )
    )


STEP_AIF = r"""
import gc, json, sys, time
from pathlib import Path
folder, what = sys.argv[1], sys.argv[2]
texts = [(f.stem, f.read_text(encoding="utf-8")) for f in sorted(Path(folder).glob("*.json"))]
if what == "argmap":
    from argmap_aif import AIFReader
    reader = AIFReader()
    fn = lambda name, t: reader.parse(t)
elif what == "arguebuf":
    import arguebuf
    fn = lambda name, t: arguebuf.load.aif(json.loads(t), name)
else:
    fn = lambda name, t: json.loads(t)
best = float("inf")
for _ in range(3):
    gc.collect()
    t0 = time.process_time()
    for name, t in texts:
        fn(name, t)
    best = min(best, time.process_time() - t0)
print(json.dumps({"seconds": best}))
"""


def aif_folder() -> Path:
    setting = os.environ.get("ARGMAP_CORPUS", "")
    corpus = Path(setting) if setting else ROOT.parent / "shared" / "corpus"
    return (corpus if corpus.is_absolute() else ROOT / corpus) / "aif"


def row_aif(name: str, repeat: int, ab_py: str | None, *, json_goal: bool = True) -> None:
    """AIF reading against arguebuf and ``json.loads``; the issue sets the ``json`` goal for
    qt30 and us-2016 only (``json_goal=False``: the ratio is shown, judged on arguebuf alone)."""
    folder = aif_folder() / name
    if not any(folder.glob("*.json")):
        add(Row(f"AIF read, {name}", f"corpus not found at {folder}", "", "", ">= 5x; <= 2x"))
        return
    files = sorted(folder.glob("*.json"))
    n_nodes = sum(len(json.loads(f.read_bytes())["nodes"]) for f in files)
    sides: dict[str, Callable[[], Sample]] = {
        "json": lambda: inner([PY, "-c", STEP_AIF, str(folder), "json"]),
        "argmap": lambda: inner([PY, "-c", STEP_AIF, str(folder), "argmap"]),
    }
    if ab_py:
        sides["arguebuf"] = lambda: inner([ab_py, "-c", STEP_AIF, str(folder), "arguebuf"])
    runs = interleave(sides, repeat)
    ours, floor = med(runs["argmap"]), med(runs["json"])
    xj = ours.seconds / floor.seconds
    label = f"AIF read, {name} ({len(files):,} maps, {n_nodes:,} nodes, CPU)"
    goal = ">= 5x; <= 2x" if json_goal else ">= 5x (json: no goal set)"
    if "arguebuf" in runs:
        ab = med(runs["arguebuf"])
        xa = ab.seconds / ours.seconds
        add(
            Row(
                label,
                secs(ours.seconds),
                f"arguebuf {secs(ab.seconds)}; json.loads {secs(floor.seconds)}",
                f"{xa:.1f}x arguebuf; {xj:.1f}x json",
                goal,
                xa >= 5 and (xj <= 2 or not json_goal),
            )
        )
    else:
        add(
            Row(
                label,
                secs(ours.seconds),
                f"json.loads {secs(floor.seconds)} (no arguebuf)",
                f"{xj:.1f}x json",
                goal,
                None,
            )
        )


STEP_DOT = r"""
import json, sys, time
path, what = sys.argv[1], sys.argv[2]
if what == "argmap":
    import argmap
    m = argmap.read(path, "aif")
    t0 = time.perf_counter()
    argmap.render(m, "dot")
else:
    import arguebuf
    with open(path, encoding="utf-8") as f:
        g = arguebuf.load.aif(json.load(f), "bench")
    t0 = time.perf_counter()
    arguebuf.dump.graphviz(g, max_nodes=sys.maxsize).source
print(json.dumps({"seconds": time.perf_counter() - t0}))
"""


def row_dot(tmp: Path, n: int, repeat: int, ab_py: str | None) -> None:
    import bench_dot

    path = tmp / f"aif-{n}.json"
    path.write_text(json.dumps(bench_dot.make_aif(n)), encoding="utf-8")
    sides: dict[str, Callable[[], Sample]] = {
        "argmap": lambda: inner([PY, "-c", STEP_DOT, str(path), "argmap"])
    }
    if ab_py:
        sides["arguebuf"] = lambda: inner([ab_py, "-c", STEP_DOT, str(path), "arguebuf"])
    runs = interleave(sides, max(1, repeat // 2))
    ours = med(runs["argmap"])
    label = f"DOT source, {n:,}-node AIF map"
    if "arguebuf" in runs:
        ab = med(runs["arguebuf"])
        x = ab.seconds / ours.seconds
        add(
            Row(
                label,
                secs(ours.seconds),
                f"arguebuf {secs(ab.seconds)}",
                f"{x:.1f}x",
                ">= 5x",
                x >= 5,
            )
        )
    else:
        add(Row(label, secs(ours.seconds), "arguebuf not installed", "", ">= 5x"))


def row_graphviz(tmp: Path, n: int, goal: float, repeat: int, mb_goal: float | None = None) -> None:
    path = generate(tmp, n, 7)
    out = tmp / f"picture-{n}.svg"
    cmd = [PY, "-m", "argmap", "render", str(path), "-o", str(out)]
    runs = []
    for _ in range(max(1, repeat // 2)):
        out.unlink(missing_ok=True)
        run = child(cmd, timeout=2 * goal, ok=False)
        if math.isfinite(run.seconds) and not out.is_file():
            run = Sample(math.inf, run.mb, "failed: no SVG written")
        runs.append(run)
    s = med(runs)
    why = next((r.out for r in runs if not math.isfinite(r.seconds)), "")
    add(
        Row(
            f"`argmap render` to SVG, generated {n:,}-statement debate with sections",
            f"{secs(s.seconds)}, {s.mb:.0f} MB"
            if math.isfinite(s.seconds)
            else f"no picture in {2 * goal:g} s ({why})",
            "",
            "",
            f"< {goal:g} s" + (f", < {mb_goal / 1024:g} GB" if mb_goal else ""),
            s.seconds < goal and (mb_goal is None or s.mb < mb_goal),
        )
    )


IMPORT = (
    "import time; t = time.perf_counter(); import argmap; "
    "print('{\"seconds\": %f}' % (time.perf_counter() - t))"
)


def row_startup(tmp: Path, repeat: int) -> None:
    tiny = tmp / "tiny.argdown"
    tiny.write_text(
        "# Tiny\n\n[A]: Cars should go.\n  <+ [B]: The air is bad.\n"
        "  <- [C]: Shops lose customers.\n",
        encoding="utf-8",
    )
    runs = interleave(
        {
            "bare": lambda: child([PY, "-c", "pass"]),
            "import": lambda: inner([PY, "-c", IMPORT]),
            "process": lambda: child([PY, "-c", "import argmap"]),
            "info": lambda: child([PY, "-m", "argmap", "info", str(tiny)]),
        },
        max(repeat, 15),  # start-up is short and the machine's load is not: many runs
    )
    imp, bare, info = med(runs["import"]), med(runs["bare"]), med(runs["info"])
    whole = med(runs["process"])
    add(
        Row(
            "`import argmap`",
            f"{secs(imp.seconds)} in-process; whole process {secs(whole.seconds)}",
            f"bare python (`-c pass`) {secs(bare.seconds)}",
            f"+{secs(max(whole.seconds - bare.seconds, 0))} over bare",
            "<= 50 ms",
            whole.seconds <= 0.050,
        )
    )
    add(
        Row(
            "`argmap info tiny.argdown`, whole process",
            secs(info.seconds),
            "",
            "",
            "<= 150 ms",
            info.seconds <= 0.150,
        )
    )


STEP_INFO = r"""
import json, sys, time, io, contextlib
path, what = sys.argv[1], sys.argv[2]
import argmap
from argmap import cli
t0 = time.perf_counter()
if what == "read":
    argmap.read(path)
else:
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(["info", path])
print(json.dumps({"seconds": time.perf_counter() - t0}))
"""


def row_info(tmp: Path, n: int, repeat: int) -> None:
    path = generate(tmp, n)
    runs = interleave(
        {
            "read": lambda: inner([PY, "-c", STEP_INFO, str(path), "read"]),
            "info": lambda: inner([PY, "-c", STEP_INFO, str(path), "info"]),
        },
        repeat,
    )
    read, info = med(runs["read"]), med(runs["info"])
    extra = info.seconds - read.seconds
    add(
        Row(
            f"`argmap info` on N={n:,} over a plain read",
            f"+{secs(max(extra, 0))}",
            f"read {secs(read.seconds)}, info {secs(info.seconds)}",
            "",
            "<= +0.5 s",
            extra <= 0.5,
        )
    )


STEP_APX = r"""
import json, sys, time
import argmap
t0 = time.perf_counter()
argmap.read(sys.argv[1], "apx")
print(json.dumps({"seconds": time.perf_counter() - t0}))
"""


def row_apx(tmp: Path, attacks: int, repeat: int) -> None:
    path = tmp / f"af-{attacks}.apx"
    rnd = random.Random(3)
    n_args = attacks // 5
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(f"arg(a{i}).\n" for i in range(n_args))
        fh.writelines(
            f"att(a{rnd.randrange(n_args)},a{rnd.randrange(n_args)}).\n" for _ in range(attacks)
        )
    s = med(interleave({"a": lambda: inner([PY, "-c", STEP_APX, str(path)])}, repeat)["a"])
    add(
        Row(
            f"ICCMA `.apx` read, {attacks:,} attacks",
            f"{secs(s.seconds)}, {s.mb:.0f} MB",
            "",
            "",
            "<= 2 s",
            s.seconds <= 2,
        )
    )


STEP_WRITE = r"""
import json, sys, time
import argmap
path, fmt = sys.argv[1], sys.argv[2]
opts = {"diagram": False} if fmt == "html" else {}
m = argmap.read(path, "json")
t0, c0 = time.perf_counter(), time.process_time()
argmap.render(m, fmt, **opts)
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0}))
"""

WRITERS = {
    # format: (sizes to show growth, goal seconds at the largest, memory goal MB or None)
    "markdown": ((20_000, 200_000), 10.0, None),
    "text": ((20_000, 200_000), 10.0, None),
    "kialo": ((20_000, 200_000), 10.0, None),
    "argdown": ((10_000, 40_000), 3.0, None),
    "mermaid": ((5_000, 20_000), 2.0, None),
    "html": ((20_000, 200_000), 10.0, 2048.0),
    "aif": ((20_000, 200_000), 10.0, 2048.0),
    "sadface": ((20_000, 200_000), 10.0, 2048.0),
}


GROWTH_POINTS = 4
"""How many sizes a writer's growth is fitted over (geometric, from its smallest to its
largest size)."""


def geometric(n0: int, n1: int, count: int) -> list[int]:
    """``count`` sizes from ``n0`` to ``n1``, evenly spaced on a log scale."""
    return sorted({round(n0 * (n1 / n0) ** (i / (count - 1))) for i in range(count)})


def growth_exponent(points: Sequence[tuple[int, float]]) -> float:
    """The least-squares slope of log(time) over log(size): ``k`` of ``t ~ n^k`` fitted
    to every point, so that one noisy run moves it less than it moves the ratio of two."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def row_writer(tmp: Path, fmt: str, repeat: int, quick: bool, timeout: float) -> None:
    """The render call's time at the smallest and the largest size, and its growth.

    The time shown and the goal are the median wall time of the call. The exponent is
    fitted (:func:`growth_exponent`) to the median CPU time of the call at
    :data:`GROWTH_POINTS` sizes, each run ``repeat`` times in rounds that visit every size
    in turn (a slow minute on the shared machine then falls on all sizes, not on one)."""
    import bench_outline

    import argmap

    (first, last), goal, mem_goal = WRITERS[fmt]
    if quick:
        first, last = first // 10, last // 10
    sizes = geometric(first, last, GROWTH_POINTS)
    paths = {}
    for n in sizes:
        paths[n] = tmp / f"outline-{n}.json"
        if not paths[n].exists():
            argmap.write(bench_outline.make_map(n), paths[n])
    runs: dict[int, list[Sample]] = {n: [] for n in sizes}
    cpu: dict[int, list[float]] = {n: [] for n in sizes}
    for _ in range(repeat):
        for n in sizes:
            if runs[n] and not math.isfinite(runs[n][-1].seconds):
                continue  # failed or timed out once: not again
            s = child([PY, "-c", STEP_WRITE, str(paths[n]), fmt], timeout=timeout, ok=False)
            if math.isfinite(s.seconds):
                data = json.loads(s.out.strip().splitlines()[-1])
                s = Sample(float(data["seconds"]), s.mb)
                cpu[n].append(float(data["cpu"]))
            runs[n].append(s)
    s0, s1 = med(runs[first]), med(runs[last])
    if not all(math.isfinite(r.seconds) for n in sizes for r in runs[n]):
        failed = next(r.out for n in sizes for r in runs[n] if not math.isfinite(r.seconds))
        add(
            Row(
                f"{fmt} writer, {first:,} / {last:,} statements",
                f"{secs(s0.seconds)} / {failed or 'failed'} (limit {timeout:g} s)",
                "",
                "",
                f"linear, {last:,} < {goal:g} s",
                False,
            )
        )
        return
    k = growth_exponent([(n, statistics.median(cpu[n])) for n in sizes])
    met = s1.seconds < goal and k <= 1.15 and (mem_goal is None or s1.mb < mem_goal)
    mem = f", {s1.mb:.0f} MB peak" if mem_goal else ""
    add(
        Row(
            f"{fmt} writer, {first:,} / {last:,} statements",
            f"{secs(s0.seconds)} / {secs(s1.seconds)}{mem}",
            "",
            f"CPU ~ n^{k:.2f} ({len(sizes)} sizes)",
            f"linear, {last:,} < {goal:g} s" + (f", < {mem_goal / 1024:g} GB" if mem_goal else ""),
            met,
        )
    )


# --------------------------------------------------------------------------- table


def table(markdown: bool) -> str:
    mark = {True: "met", False: "**not met**" if markdown else "NOT MET", None: "-"}
    head = ("workload", "argmap", "peer", "ratio", "goal", "goal met")
    cells = [(r.workload, r.argmap, r.peer, r.ratio, r.goal, mark[r.met]) for r in ROWS]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c) + " |" for c in cells]
        return "\n".join(lines)
    widths = [max(len(x[i]) for x in [head, *cells]) for i in range(len(head))]
    fmt = lambda row: " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))  # noqa: E731
    return "\n".join([fmt(head), "-+-".join("-" * w for w in widths)] + [fmt(c) for c in cells])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="a tenth of the sizes (a smoke run)")
    ap.add_argument(
        "--only",
        nargs="+",
        metavar="ROW",
        help="startup argdown native aif dot apx info writers graphviz",
    )
    ap.add_argument("--argdown", help="path of the reference argdown CLI")
    ap.add_argument("--arguebuf-python", default=None)
    ap.add_argument("--graphviz", action="store_true", help="also the time-to-picture rows")
    ap.add_argument("--writer-timeout", type=float, default=120.0)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args(argv)
    q = 10 if args.quick else 1
    cli = bench_argdown.find_cli(args.argdown)
    ab_py = args.arguebuf_python
    if ab_py is None and Path("/tmp/bench-venv/bin/python").exists():
        ab_py = "/tmp/bench-venv/bin/python"
    if ab_py and subprocess.run([ab_py, "-c", "import arguebuf"], capture_output=True).returncode:
        print(
            f"arguebuf not importable with {ab_py}: arguebuf rows without the peer", file=sys.stderr
        )
        ab_py = None
    wanted = set(
        args.only
        or ["startup", "argdown", "native", "aif", "dot", "apx", "info", "writers"]
        + (["graphviz"] if args.graphviz else [])
    )
    r = args.repeat
    import argmap

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="argmap-bench-") as name:
        tmp = Path(name)
        if "startup" in wanted:
            row_startup(tmp, r)
        if "argdown" in wanted:
            row_argdown(tmp, 20_000 // q, r, cli, 10)
            row_argdown(tmp, 1_000 // q, r, cli, 10)
            row_argdown_big(tmp, 100_000 // q, r)
            row_argdown_linear(tmp, (10_000 // q, 100_000 // q), r)
        if "native" in wanted:
            row_native(tmp, 100_000 // q, r)
        if "aif" in wanted:
            row_aif("qt30", r, ab_py)  # the corpus: a row saying so when it is absent
            row_aif("us-2016-en", r, ab_py)
            row_aif("araucaria-en", r, ab_py, json_goal=False)
        if "dot" in wanted:
            row_dot(tmp, 100_000 // q, r, ab_py)
        if "graphviz" in wanted:
            row_graphviz(tmp, 1_000, 5.0, r)
            row_graphviz(tmp, 5_000, 30.0, r, mb_goal=1024.0)
            row_graphviz(tmp, 20_000, 120.0, r)
        if "apx" in wanted:
            row_apx(tmp, 1_000_000 // q, r)
        if "info" in wanted:
            row_info(tmp, 100_000 // q, r)
        if "writers" in wanted:
            for fmt in WRITERS:
                try:
                    row_writer(tmp, fmt, r, args.quick, args.writer_timeout)
                except SystemExit as exc:  # a writer that is not installed
                    add(Row(f"{fmt} writer", f"failed: {str(exc)[:80]}"))
    print()
    print(
        f"argmap {argmap.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
        f"median of {r} interleaved runs; {time.perf_counter() - started:.0f} s in all"
    )
    print(table(args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
