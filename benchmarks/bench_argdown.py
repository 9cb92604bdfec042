"""Benchmark: reading Argdown, argmap against the reference ``argdown json`` CLI.

Run on demand (not a test)::

    python benchmarks/bench_argdown.py [--sizes 1000 5000 20000] [--repeat 3] [--seed 1]

Debates are made by the shared generator ``gen_argdown.py N SEED`` (found through the
corpus setting: ``$ARGMAP_CORPUS/../bench``, default ``../shared/bench``). For each size,
side by side in one run, each measured as a whole process (wall time and peak RSS of the
child, from ``wait4``; best of ``--repeat``):

* argmap: ``python -c "import argmap; argmap.read(FILE)"`` — start-up, import, reading
  the file into an ArgumentMap;
* reference: ``argdown json FILE OUTDIR`` from ``@argdown/cli`` 1.7.5 — start-up, parsing
  and building its model, writing the JSON. Install it with
  ``npm install --prefix /tmp/argdown-ref @argdown/cli@1.7.5``; it is looked up at
  ``--argdown``, then ``$ARGMAP_ARGDOWN_CLI``, then ``argdown`` on PATH, then
  ``/tmp/argdown-ref/node_modules/.bin/argdown``; without it only argmap is measured.

The table shows both, the ratios (reference / argmap: how many times faster, how many
times less memory), and argmap's time per statement to show growth is linear.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_dir() -> Path:
    setting = os.environ.get("ARGMAP_CORPUS", "")
    corpus = Path(setting) if setting else ROOT.parent / "shared" / "corpus"
    if not corpus.is_absolute():
        corpus = (ROOT / corpus).resolve()
    return corpus.parent / "bench"


def find_cli(explicit: str | None) -> str | None:
    for candidate in (
        explicit,
        os.environ.get("ARGMAP_ARGDOWN_CLI"),
        shutil.which("argdown"),
        "/tmp/argdown-ref/node_modules/.bin/argdown",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process; fails loudly if it fails."""
    # as a user runs it: Python may cache bytecode (some sandboxes set
    # PYTHONDONTWRITEBYTECODE, which would recompile argmap on every run)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stdout:
        proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out}\n{err}")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return wall, usage.ru_maxrss / scale


def best(cmd: list[str], repeat: int) -> tuple[float, float]:
    run(cmd)  # warm-up: file cache, bytecode cache
    results = [run(cmd) for _ in range(repeat)]
    return min(r[0] for r in results), min(r[1] for r in results)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--argdown", help="path of the reference argdown CLI")
    args = ap.parse_args(argv)

    gen = bench_dir() / "gen_argdown.py"
    if not gen.is_file():
        print(f"generator not found: {gen} (set ARGMAP_CORPUS)", file=sys.stderr)
        return 2
    cli = find_cli(args.argdown)
    if cli is None:
        print(
            "reference CLI not installed: measuring argmap only "
            "(npm install --prefix /tmp/argdown-ref @argdown/cli@1.7.5)"
        )
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-argdown-") as tmp:
        tmpdir = Path(tmp)
        for n in args.sizes:
            path = tmpdir / f"debate-{n}.argdown"
            with path.open("w", encoding="utf-8") as fh:
                subprocess.run(
                    [sys.executable, str(gen), str(n), str(args.seed)],
                    stdout=fh,
                    stderr=subprocess.DEVNULL,
                    check=True,
                )
            code = (
                "import argmap, sys; m = argmap.read(sys.argv[1]); "
                "c = m.counts(); assert c['claims'] + c['evidence'] >= int(sys.argv[2])"
            )
            ours = best([sys.executable, "-c", code, str(path), str(n)], args.repeat)
            ref = None
            if cli is not None:
                outdir = tmpdir / f"json-{n}"
                ref = best([cli, "json", str(path), str(outdir)], args.repeat)
            size_mb = path.stat().st_size / 1e6
            rows.append((n, size_mb, ours, ref))
            print(f"N={n}: done", file=sys.stderr)

    print()
    version = sys.version.split()[0]
    print(f"Argdown reading, whole process, best of {args.repeat} (python {version})")
    head = (
        f"{'N':>7} {'MB':>6} | {'argmap s':>9} {'argmap MB':>10} {'us/stmt':>8} | "
        f"{'argdown s':>9} {'argdown MB':>10} | {'faster':>7} {'less mem':>8}"
    )
    print(head)
    print("-" * len(head))
    for n, size_mb, (t, mem), ref in rows:
        line = f"{n:>7} {size_mb:>6.2f} | {t:>9.2f} {mem:>10.0f} {t / n * 1e6:>8.1f} | "
        if ref is not None:
            rt, rmem = ref
            line += f"{rt:>9.2f} {rmem:>10.0f} | {rt / t:>6.1f}x {rmem / mem:>7.1f}x"
        else:
            line += f"{'-':>9} {'-':>10} | {'-':>7} {'-':>8}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
