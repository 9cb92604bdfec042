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
  (60 steps) and the wheel zooms in and out (40 steps, x36 in and back out); reported as
  p50, p95 and max, with the count of frames over 50 ms (a visible stall);
* **settle**: the frames in the ``--settle`` ms (3 s) after each gesture, when the viewer
  brings the live SVG back at the new view (or draws its stand-in sharp); the longest is
  reported, or "none within T s" when not one frame arrived in that time;
* **long**: the longest long task (``PerformanceObserver``) during the gesture: main-thread
  work; a long frame with no long task is raster or compositing;
* **stand-in**: when the canvas stand-in of a big map was ready (``argmap-standin``).

``--compare DIR`` also measures each page with ``DIR/viewer.js`` and ``DIR/viewer.css``
(e.g. main's copy), interleaved with this checkout's, so the two are compared in one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


FRAMES = """async ([steps, kind, after]) => {
  const stage = document.getElementById('am-stage');
  const during = [], settle = [], long = [];
  const obs = new PerformanceObserver(list => {
    for (const e of list.getEntries()) long.push([e.startTime, e.duration]);
  });
  try { obs.observe({type: 'longtask', buffered: false}); } catch (err) { /* not supported */ }
  let into = during;
  let last = null;
  let going = true;
  function tick(t) {
    if (last !== null) into.push(t - last);
    last = t;
    if (going) requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
  const frame = () => new Promise(ok => requestAnimationFrame(() => ok()));
  await frame();
  performance.mark('bench-' + kind + '-start');
  const t0 = performance.now();
  const r = stage.getBoundingClientRect();
  let x = r.left + r.width / 2, y = r.top + r.height / 2;
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
  const t1 = performance.now();
  performance.mark('bench-' + kind + '-end');
  into = settle;
  await new Promise(ok => setTimeout(ok, after));
  going = false;
  await frame();
  await new Promise(ok => setTimeout(ok, 50));
  obs.disconnect();
  const work = performance.getEntriesByName('argmap-work')
    .filter(e => e.startTime >= t0 && e.startTime < t1).map(e => e.duration);
  return {during, settle, gesture_ms: t1 - t0, work,
          long: long.filter(([s]) => s >= t0).map(([s, d]) => [s < t1, d])};
}"""


PAINTED = """(() => {
  new MutationObserver((_, obs) => {
    if (document.body && document.body.dataset.ready === 'true') {
      obs.disconnect();
      requestAnimationFrame(() => { window.__benchPainted = performance.now();
        performance.mark('bench-loaded'); });
    }
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-ready']});
})();"""

TRACE_CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "toplevel",
    "blink.user_timing",
]
_TASKS = ("ThreadControllerImpl::RunTask", "RunTask")


def trace_cpu(raw: bytes) -> dict[str, float]:
    """Thread CPU time (ms, the trace's ``tdur``) of the page's main thread and of the
    raster workers in each window between the bench's marks: load (navigation to the
    frame after the fitted one), pan and zoom. CPU time is what the page itself costs;
    unlike frame times it barely grows when other processes load the machine."""
    import json

    loaded = json.loads(raw)
    events = loaded["traceEvents"] if isinstance(loaded, dict) else loaded
    threads = {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name"
    }
    marks = {e["name"]: e["ts"] for e in events if str(e.get("name", "")).startswith("bench-")}
    start = min((e["ts"] for e in events if e.get("name") == "navigationStart"), default=0)
    windows = {
        "load": (start, marks.get("bench-loaded", 0)),
        "pan": (marks.get("bench-pan-start", 0), marks.get("bench-pan-end", 0)),
        "zoom": (marks.get("bench-zoom-start", 0), marks.get("bench-zoom-end", 0)),
    }
    out: dict[str, float] = {}
    for e in events:
        if e.get("ph") != "X" or e.get("name") not in (*_TASKS, "RasterTask"):
            continue
        name = threads.get((e["pid"], e["tid"]), "")
        if name == "CrRendererMain" and e["name"] in _TASKS:
            where = "main"
        elif "TileWorker" in name and e["name"] == "RasterTask":
            where = "raster"
        else:
            continue
        for window, (t0, t1) in windows.items():
            if t0 <= e["ts"] < t1:
                key = f"{window} {where}"
                out[key] = out.get(key, 0.0) + e.get("tdur", 0) / 1000
    return out


def _percentiles(times: list[float]) -> dict[str, Any]:
    if not times:
        return {"frames": 0}
    ordered = sorted(times)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]

    return {
        "frames": len(ordered),
        "p50": pick(0.5),
        "p95": pick(0.95),
        "max": ordered[-1],
        "over50": sum(t > 50 for t in ordered),
    }


def measure(browser: Any, page_path: Path, *, after_ms: int, trace: bool = False) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(600_000)
    page.add_init_script(PAINTED)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if trace:
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(page_path.as_uri(), timeout=600_000)  # a 15 MB page loads for > 30 s
    page.wait_for_selector("body[data-ready=true]", timeout=600_000)
    page.wait_for_function("() => window.__benchPainted !== undefined", timeout=600_000)
    fitted = page.evaluate("() => window.__benchPainted")
    # the stand-in of a big map is built after the first paint; gestures start once it is
    page.wait_for_function(
        "() => ['ready', 'none', undefined].includes(document.body.dataset.standin)",
        timeout=600_000,
    )
    standin = page.evaluate(
        "() => { const m = performance.getEntriesByName('argmap-standin')[0];"
        " return m ? m.startTime : null; }"
    )
    result: dict[str, Any] = {"fitted_ms": fitted, "standin_ms": standin, "errors": errors}
    for kind, steps in (("pan", 60), ("zoom", 40)):
        got = page.evaluate(FRAMES, [steps, kind, after_ms])
        result[kind] = _percentiles(got["during"])
        result[kind]["work"] = _percentiles(got["work"])
        result[kind]["gesture_ms"] = got["gesture_ms"]
        result[kind]["long_max"] = max((d for inside, d in got["long"] if inside), default=0.0)
        result[kind + "_settle"] = _percentiles(got["settle"])
        result[kind + "_settle"]["long_max"] = max(
            (d for inside, d in got["long"] if not inside), default=0.0
        )
    if trace:
        result["cpu"] = trace_cpu(browser.stop_tracing())
    page.close()
    return result


def reskin(page: Path, assets: Path, out: Path) -> Path:
    """A copy of a viewer page with another viewer.js/viewer.css (e.g. main's), so that
    two versions of the script are measured on the same diagram in one run."""
    import base64
    import hashlib
    import re

    text = page.read_text(encoding="utf-8")
    script = (assets / "viewer.js").read_text(encoding="utf-8")
    style = (assets / "viewer.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    text = re.sub(r"script-src 'sha256-[^']*'", f"script-src 'sha256-{digest}'", text, count=1)
    head, _, rest = text.partition("<style>")
    _, _, rest = rest.partition("</style>")
    text = head + "<style>" + style + "</style>" + rest
    head, sep, _ = text.rpartition("<script>")
    text = head + sep + script + "</script>\n</body>\n</html>\n"
    out.write_text(text, encoding="utf-8")
    return out


def make_with(src: Path, n: int, out: Path, *, keep: bool, layout: str) -> Path:
    """The viewer page of the same map rendered by another checkout (``src/argmap``)."""
    page = out / f"viewer-{n}-{layout}-compare.html"
    if keep and page.is_file():
        return page
    source = out / f"map-{n}.argdown"
    code = (
        "import argmap, sys; "
        "argmap.write(argmap.read(sys.argv[1]), sys.argv[2], layout=sys.argv[3])"
    )
    env = {**os.environ, "PYTHONPATH": str(src / "src")}
    subprocess.run(
        [sys.executable, "-c", code, str(source), str(page), layout], check=True, env=env
    )
    return page


def _frames(r: dict[str, Any]) -> str:
    if not r.get("frames"):
        return f"{'none':>22}"
    return f"{r['p50']:>6.0f}/{r['p95']:>6.0f}/{r['max']:>7.0f}"


def _settle(r: dict[str, Any], after_ms: int) -> str:
    if not r.get("frames"):
        return f"none within {after_ms / 1000:g} s"
    return f"{r['max']:>6.0f} ({r['frames']} frames)"


def _work(r: dict[str, Any]) -> str:
    return "-" if not r.get("frames") else f"{r['p95']:.0f}/{r['max']:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--out", type=Path, default=Path("/tmp/argmap-viewer-bench"))
    parser.add_argument("--keep", action="store_true", help="reuse viewer files in --out")
    parser.add_argument(
        "--layout", default="sections", choices=("auto", "full", "bounded", "sections", "none")
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="also measure each page as DIR makes it (interleaved): DIR is another checkout"
        " (its src/argmap renders the page) or a folder with viewer.js and viewer.css"
        " (put into this checkout's page)",
    )
    parser.add_argument(
        "--settle", type=int, default=3000, help="ms of frames recorded after each gesture"
    )
    parser.add_argument("--rounds", type=int, default=1, help="measure each page this often")
    parser.add_argument(
        "--trace", action="store_true", help="also report thread CPU time from a trace"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium is not installed", file=sys.stderr)
        return 2
    rows: list[tuple[int, str, Path]] = []
    for n in (int(s) for s in args.sizes.split(",")):
        path, took = make(n, args.out, keep=args.keep, layout=args.layout)
        made = "reused" if took is None else f"rendered in {took:.1f} s"
        print(f"{n:>5} statements: {path} ({path.stat().st_size / 1e6:.2f} MB, {made})", flush=True)
        if args.compare and (args.compare / "src" / "argmap").is_dir():
            rows.append(
                (
                    n,
                    "compare",
                    make_with(args.compare, n, args.out, keep=args.keep, layout=args.layout),
                )
            )
        elif args.compare:
            other = reskin(path, args.compare, path.with_name(path.stem + "-compare.html"))
            rows.append((n, "compare", other))
        # a reused page gets this checkout's script too
        here = Path(gv.__file__).parent / "_viewer"
        rows.append((n, "this", reskin(path, here, path.with_name(path.stem + "-this.html"))))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        print(
            "ms; fitted: navigation to the first frame after the fitted map was drawn;"
            " frame times from requestAnimationFrame, p50/p95/max; >50: frames over 50 ms;"
            " long: the longest long task (PerformanceObserver); work: the script's own"
            " stand-in work per frame (argmap-work measures), p95/max;"
            f" settle: the longest frame in the {args.settle} ms after the gesture"
            + ("; cpu: thread CPU ms from a trace, main+raster" if args.trace else "")
        )
        print(
            f"{'N':>5} {'script':>7} {'MB':>6} {'fitted':>7} {'stand-in':>8} | "
            f"{'pan p50/p95/max':>22} {'>50':>4} {'long':>5} {'work':>8} {'settle':>18} | "
            f"{'zoom p50/p95/max':>22} {'>50':>4} {'long':>5} {'work':>8} {'settle':>18}"
        )
        for _ in range(args.rounds):
            for n, which, path in rows:
                r = measure(browser, path, after_ms=args.settle, trace=args.trace)
                standin = "-" if r["standin_ms"] is None else f"{r['standin_ms']:.0f}"
                size = path.stat().st_size / 1e6
                line = f"{n:>5} {which:>7} {size:>6.2f} {r['fitted_ms']:>7.0f} {standin:>8} |"
                for kind in ("pan", "zoom"):
                    g, st = r[kind], r[kind + "_settle"]
                    line += (
                        f" {_frames(g)} {g.get('over50', 0):>4} {g['long_max']:>5.0f}"
                        f" {_work(g['work']):>8} {_settle(st, args.settle):>18} |"
                    )
                if "cpu" in r:
                    c = r["cpu"]
                    line += " cpu " + "  ".join(
                        f"{w} {c.get(w + ' main', 0):.0f}+{c.get(w + ' raster', 0):.0f}"
                        for w in ("load", "pan", "zoom")
                    )
                if r["errors"]:
                    line += f"  errors: {r['errors']}"
                print(line.rstrip(" |"), flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
