"""Benchmark of the interactive viewer: file size, time to the first fitted paint, and
frame times while panning and zooming, in Debian's chromium (Playwright for Python).

    python benchmarks/bench_viewer.py                    # 100, 1000 and 5000 statements
    python benchmarks/bench_viewer.py --sizes 100,1000 --out /tmp/viewer-bench --keep

Maps come from ``../shared/bench/gen_argdown.py N 7``. By default they are drawn with
``layout=sections`` (what ``layout=auto`` picks for the biggest maps: each section laid
out on its own), and the time to write the viewer file is reported. ``--layout bounded``
or ``--layout full`` draws them in one ``dot`` run instead (``auto``: as the map's size
picks). ``--layout none`` is the old set-up: ``clusters=false`` and bounded Graphviz
settings (nslimit, mclimit, no remincross, straight edges) patched into ``dot``.
``--keep`` reuses viewer files already in ``--out`` (the rendering is slow).

Measured in the browser (window 1400x900):

* **first fitted paint**: from navigation start to the frame after the script has fitted
  the map (``performance.mark("argmap-fitted")`` is set in that frame);
* **frame times**: ``requestAnimationFrame`` intervals while the mouse drags the map
  (60 steps) and the wheel zooms in and out (40 steps); reported as median, 95th
  percentile and worst, with the count of frames over 50 ms (a visible stall);
* **settled zoom**: after one wheel step (zoom in ×1.25 around the middle), the longest
  frame in the next 3 s: the redraw at the new scale once the gesture has settled.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import argmap
from argmap.renderers import graphviz as gv

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_argdown.py"
BOUNDS = "nslimit=0.2, nslimit1=0.2, mclimit=0.05, remincross=false, splines=false"

_run_dot = gv.run_dot


def _bounded(source: str, fmt: str, **kwargs: Any) -> bytes:
    return _run_dot(source.replace("{\n", f"{{\n  graph [{BOUNDS}]\n", 1), fmt, **kwargs)


def make(n: int, out: Path, *, keep: bool, layout: str) -> tuple[Path, float | None]:
    page = out / f"viewer-{n}-{layout}.html"
    if keep and page.is_file():
        return page, None
    src = out / f"map-{n}.argdown"
    text = subprocess.run(
        [sys.executable, str(GENERATOR), str(n), "7"], capture_output=True, text=True, check=True
    ).stdout
    src.write_text(text, encoding="utf-8")
    options: dict[str, Any] = {"layout": layout}
    if layout == "none":
        gv.run_dot = _bounded
        options = {"clusters": False}
    try:
        start = time.perf_counter()
        argmap.write(argmap.read(src), page, **options)
        took = time.perf_counter() - start
    finally:
        gv.run_dot = _run_dot
    return page, took


FRAMES = """async ([steps, kind]) => {
  const stage = document.getElementById('am-stage');
  const times = [];
  let last = performance.now();
  let going = true;
  function tick(t) { times.push(t - last); last = t; if (going) requestAnimationFrame(tick); }
  requestAnimationFrame(tick);
  const r = stage.getBoundingClientRect();
  let x = r.left + r.width / 2, y = r.top + r.height / 2;
  const frame = () => new Promise(ok => requestAnimationFrame(() => ok()));
  if (kind === 'pan') {
    stage.dispatchEvent(new PointerEvent('pointerdown', {clientX: x, clientY: y, pointerId: 1,
      button: 0, pointerType: 'mouse', bubbles: true}));
    for (let i = 0; i < steps; i++) {
      x += (i < steps / 2 ? 12 : -12); y += (i % 20 < 10 ? 6 : -6);
      stage.dispatchEvent(new PointerEvent('pointermove', {clientX: x, clientY: y, pointerId: 1,
        pointerType: 'mouse', bubbles: true}));
      await frame();
    }
    stage.dispatchEvent(new PointerEvent('pointerup', {clientX: x, clientY: y, pointerId: 1,
      pointerType: 'mouse', bubbles: true}));
  } else {
    for (let i = 0; i < steps; i++) {
      stage.dispatchEvent(new WheelEvent('wheel', {clientX: x, clientY: y,
        deltaY: i < steps / 2 ? -120 : 120, bubbles: true, cancelable: true}));
      await frame();
    }
  }
  going = false;
  await frame();
  return times.slice(1);
}"""


def measure(browser: Any, page_path: Path) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_path.as_uri(), timeout=600_000)  # a 28 MB page loads for > 30 s
    page.wait_for_selector("body[data-ready=true]", timeout=600_000)
    fitted = page.evaluate("() => performance.getEntriesByName('argmap-fitted')[0].startTime")
    result: dict[str, Any] = {"fitted_ms": fitted, "errors": errors}
    for kind, steps in (("pan", 60), ("zoom", 40)):
        times = sorted(page.evaluate(FRAMES, [steps, kind]))
        result[kind] = {
            "median": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1],
            "worst": times[-1],
            "over50": sum(t > 50 for t in times),
            "frames": len(times),
        }
    page.evaluate("() => new Promise(ok => setTimeout(ok, 1500))")
    result["settled_ms"] = page.evaluate(SETTLED)
    page.close()
    return result


SETTLED = """async () => {
  const stage = document.getElementById('am-stage');
  const r = stage.getBoundingClientRect();
  const times = [];
  let last = performance.now();
  const start = last;
  await new Promise(ok => {
    function tick(t) {
      times.push(t - last); last = t;
      if (t - start < 3000) requestAnimationFrame(tick); else ok();
    }
    requestAnimationFrame(tick);
    stage.dispatchEvent(new WheelEvent('wheel', {clientX: r.left + r.width / 2,
      clientY: r.top + r.height / 2, deltaY: -120, bubbles: true, cancelable: true}));
  });
  return Math.max(...times.slice(1));
}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--out", type=Path, default=Path("/tmp/argmap-viewer-bench"))
    parser.add_argument("--keep", action="store_true", help="reuse viewer files in --out")
    parser.add_argument(
        "--layout", default="sections", choices=("auto", "full", "bounded", "sections", "none")
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium is not installed", file=sys.stderr)
        return 2
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        path, took = make(n, args.out, keep=args.keep, layout=args.layout)
        rows.append((n, path, took))
        made = "reused" if took is None else f"rendered in {took:.1f} s"
        print(f"{n:>5} statements: {path} ({path.stat().st_size / 1e6:.2f} MB, {made})", flush=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        print(
            f"{'N':>5} {'size MB':>8} {'fitted ms':>10} | {'pan med/p95/worst ms':>22} "
            f"{'>50ms':>5} | {'zoom med/p95/worst ms':>22} {'>50ms':>5} | {'settled ms':>10}"
        )
        for n, path, _ in rows:
            r = measure(browser, path)
            pan, zoom = r["pan"], r["zoom"]
            print(
                f"{n:>5} {path.stat().st_size / 1e6:>8.2f} {r['fitted_ms']:>10.0f} | "
                f"{pan['median']:>6.1f}/{pan['p95']:>6.1f}/{pan['worst']:>7.1f} "
                f"{pan['over50']:>5} | "
                f"{zoom['median']:>6.1f}/{zoom['p95']:>6.1f}/{zoom['worst']:>7.1f} "
                f"{zoom['over50']:>5} | {r['settled_ms']:>10.0f}"
                + (f"  errors: {r['errors']}" if r["errors"] else ""),
                flush=True,
            )
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
