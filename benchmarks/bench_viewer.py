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

``--gestures`` measures real input instead (Playwright's mouse and keyboard, through the
browser's input pipeline): wheel zoom, a drag, typing a common word into the search box,
and ``--jumps`` searches for a statement's title, each chosen with Enter (the view centres
and zooms on it, the panel opens): frame times and long tasks of each, and the jump's
latency (Enter to the last frame over 34 ms; ``shown``: to the viewer's ``argmap-shown``
mark). With ``--trace`` it prints the main thread's rendering phases per gesture (style,
layout, pre-paint, paint, script...): what a stall is made of.

    python benchmarks/bench_viewer.py --gestures --keep --compare MAIN/src/argmap/renderers/_viewer

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
_CORPUS = Path(os.environ.get("ARGMAP_CORPUS") or ROOT.parent / "shared" / "corpus")
GENERATOR = (ROOT / _CORPUS).resolve().parent / "bench" / "gen_argdown.py"
"""The shared generator, beside the corpus (``ARGMAP_CORPUS``, default ../shared/corpus)."""
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


def _open(browser: Any, page_path: Path, errors: list[str], *, trace: bool = False) -> Any:
    """A 1400x900 page with the viewer loaded, fitted, its stand-in (if any) ready."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(600_000)
    page.add_init_script(PAINTED)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if trace:
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(page_path.as_uri(), timeout=600_000)  # a 15 MB page loads for > 30 s
    page.wait_for_selector("body[data-ready=true]", timeout=600_000)
    page.wait_for_function("() => window.__benchPainted !== undefined", timeout=600_000)
    # the stand-in of a big map is built after the first paint; gestures start once it is
    page.wait_for_function(
        "() => ['ready', 'none', undefined].includes(document.body.dataset.standin)",
        timeout=600_000,
    )
    return page


def measure(browser: Any, page_path: Path, *, after_ms: int, trace: bool = False) -> dict[str, Any]:
    errors: list[str] = []
    page = _open(browser, page_path, errors, trace=trace)
    fitted = page.evaluate("() => window.__benchPainted")
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


RECORD = """(name) => {
  const r = window.__rec = {name, frames: [], long: [], keys: [], going: true, last: null};
  r.obs = new PerformanceObserver(l => {
    for (const e of l.getEntries()) r.long.push([e.startTime, e.duration]);
  });
  try { r.obs.observe({type: 'longtask'}); } catch (err) { /* not supported */ }
  const tick = t => {
    if (r.last !== null) r.frames.push([t, t - r.last]);
    r.last = t;
    if (r.going) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  r.onkey = e => { if (e.key === 'Enter') r.keys.push(e.timeStamp); };
  window.addEventListener('keydown', r.onkey, true);
  r.t0 = performance.now();
  performance.mark('bench-' + name + '-start');
}"""

STOP = """() => {
  const r = window.__rec;
  r.going = false;
  r.obs.disconnect();
  window.removeEventListener('keydown', r.onkey, true);
  performance.mark('bench-' + r.name + '-end');
  const shown = performance.getEntriesByName('argmap-shown')
    .filter(e => e.startTime >= r.t0).map(e => e.startTime);
  return {frames: r.frames, long: r.long.filter(([s]) => s >= r.t0), keys: r.keys, shown};
}"""

QUIET_MS = 34
"""A jump is over once no frame takes longer than this (two 60 Hz frames) any more."""


def _jump_targets(page_path: Path, count: int) -> list[str]:
    """Titles of ``count`` statements spread over the map (each a search's only hit)."""
    import json
    import re

    text = page_path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="am-data">(.*?)</script>', text, re.S)
    assert block is not None
    nodes = json.loads(block.group(1))["nodes"]
    numbers = [int(n["title"][1:]) for n in nodes if re.fullmatch(r"S\d+", n.get("title", ""))]
    # the titles are [S1]..[SN]: Sk with 10k > N is no longer title's prefix
    unique = [k for k in numbers if k * 10 > max(numbers, default=0)]
    step = max(1, len(unique) // (count + 1))
    return [f"S{k}" for k in unique[step // 2 :: step][:count]]


def gestures(
    browser: Any, page_path: Path, *, after_ms: int, jumps: int, trace: bool = False
) -> dict[str, Any]:
    """Real input (Playwright's mouse and keyboard, through the browser's input pipeline):
    wheel zoom at the centre, a drag, typing a common word into the search box, and
    ``jumps`` searches for a statement's title each chosen with Enter (centre and zoom
    on it, the panel opens). Frame times are requestAnimationFrame deltas from the first
    input to ``after_ms`` after the last; a jump's latency is from the Enter keydown to the
    last frame over ``QUIET_MS`` (the view at the statement, drawn), and ``shown`` to the
    viewer's own ``argmap-shown`` mark (the view drawn, the live SVG back if it comes)."""
    errors: list[str] = []
    page = _open(browser, page_path, errors, trace=trace)
    stage = page.locator("#am-stage").bounding_box()
    assert stage is not None
    cx, cy = stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2
    out: dict[str, Any] = {"errors": errors}

    def record(name: str, act: Any) -> dict[str, Any]:
        page.evaluate(RECORD, name)
        act()
        page.wait_for_timeout(after_ms)
        got: dict[str, Any] = page.evaluate(STOP)
        stats = _percentiles([d for _, d in got["frames"]])
        stats["long_max"] = max((d for _, d in got["long"]), default=0.0)
        stats["raw"] = got
        out.setdefault(name, []).append(stats)
        return got

    def wheel() -> None:
        page.mouse.move(cx, cy)
        for i in range(30):
            page.mouse.wheel(0, -120 if i < 15 else 120)
            page.wait_for_timeout(16)

    def drag() -> None:
        page.mouse.move(cx, cy)
        page.mouse.down()
        x, y = cx, cy
        for i in range(40):
            x += 12 if i < 20 else -12
            y += 6 if i % 20 < 10 else -6
            page.mouse.move(x, y)
            page.wait_for_timeout(16)
        page.mouse.up()

    def typing() -> None:
        page.locator("#am-q").click()
        page.keyboard.type("carbon", delay=60)  # a word of most generated statements

    record("wheel", wheel)
    record("drag", drag)
    record("search", typing)
    latencies: list[float] = []
    shown: list[float] = []
    for title in _jump_targets(page_path, jumps):
        page.fill("#am-q", title)
        page.wait_for_selector("#am-results li[role=option]")
        page.wait_for_timeout(300)  # the search has highlighted its hit

        got = record("jump", lambda: page.keyboard.press("Enter"))
        if not got["keys"]:
            continue
        key = got["keys"][-1]
        after = [(t, d) for t, d in got["frames"] if t > key]
        slow = [t for t, d in after if d > QUIET_MS]
        end = max(slow) if slow else (after[0][0] if after else key)
        latencies.append(end - key)
        marks = [m for m in got["shown"] if m > key]
        if marks:
            shown.append(marks[0] - key)
    out["jump_ms"] = latencies
    out["shown_ms"] = shown
    if trace:
        out["trace"] = trace_breakdown(browser.stop_tracing())
    page.close()
    return out


_PHASES = (
    "UpdateLayoutTree",
    "Layout",
    "PrePaint",
    "Paint",
    "Layerize",
    "Commit",
    "FunctionCall",
    "EventDispatch",
    "TimerFire",
    "FireAnimationFrame",
    "HitTest",
    "RasterTask",
)


def trace_breakdown(raw: bytes) -> dict[str, dict[str, float]]:
    """Wall ms of the main thread's rendering phases (and raster) in each gesture's
    window (between its bench marks): where a stall goes. Phases nest (a forced layout
    inside a FunctionCall counts in both)."""
    import json

    loaded = json.loads(raw)
    events = loaded["traceEvents"] if isinstance(loaded, dict) else loaded
    threads = {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name"
    }
    starts: dict[str, list[float]] = {}
    ends: dict[str, list[float]] = {}
    for e in events:
        name = str(e.get("name", ""))
        if name.startswith("bench-") and name.endswith("-start"):
            starts.setdefault(name[6:-6], []).append(e["ts"])
        elif name.startswith("bench-") and name.endswith("-end"):
            ends.setdefault(name[6:-4], []).append(e["ts"])
    windows = [
        (g, t0, t1) for g in starts for t0, t1 in zip(starts[g], ends.get(g, []), strict=False)
    ]
    out: dict[str, dict[str, float]] = {}
    for e in events:
        if e.get("ph") != "X" or e.get("name") not in _PHASES:
            continue
        thread = threads.get((e["pid"], e["tid"]), "")
        if thread != "CrRendererMain" and e["name"] != "RasterTask":
            continue
        for g, t0, t1 in windows:
            if t0 <= e["ts"] < t1:
                phases = out.setdefault(g, {})
                phases[e["name"]] = phases.get(e["name"], 0.0) + e.get("dur", 0) / 1000
    return out


def _gesture_line(n: int, which: str, r: dict[str, Any]) -> str:
    line = f"{n:>5} {which:>7} |"
    for name in ("wheel", "drag", "search", "jump"):
        runs = r.get(name, [])
        frames = [d for run in runs for _, d in run["raw"]["frames"]]
        p = _percentiles(frames)
        long = max((run["long_max"] for run in runs), default=0.0)
        line += f" {_frames(p)} {p.get('over50', 0):>4} {long:>5.0f} |"
    jumps = sorted(r["jump_ms"])
    if jumps:
        line += f" {jumps[len(jumps) // 2]:>6.0f}/{jumps[-1]:>6.0f}"
    shown = sorted(r["shown_ms"])
    if shown:
        line += f" shown {shown[len(shown) // 2]:.0f}/{shown[-1]:.0f}"
    if r["errors"]:
        line += f"  errors: {r['errors']}"
    return line


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


def _run_gestures(browser: Any, rows: list[tuple[int, str, Path]], args: Any) -> None:
    after = min(args.settle, 1500)
    print(
        "ms; real input; frame times from requestAnimationFrame p50/p95/max over the"
        f" gesture and {after} ms after it; >50: frames over 50 ms; long: the longest long"
        f" task; jump: Enter to the last frame over {QUIET_MS} ms, median/max of"
        f" {args.jumps}; shown: Enter to the viewer's argmap-shown mark"
        + ("; then the main thread's phases (wall ms) per gesture (trace)" if args.trace else "")
    )
    print(
        f"{'N':>5} {'script':>7} | {'wheel p50/p95/max':>22} {'>50':>4} {'long':>5} |"
        f" {'drag':>22} {'>50':>4} {'long':>5} | {'search typing':>22} {'>50':>4} {'long':>5} |"
        f" {'jump frames':>22} {'>50':>4} {'long':>5} | {'jump':>13}"
    )
    for _ in range(args.rounds):
        for n, which, path in rows:
            r = gestures(browser, path, after_ms=after, jumps=args.jumps, trace=args.trace)
            print(_gesture_line(n, which, r), flush=True)
            for gesture, phases in r.get("trace", {}).items():
                top = sorted(phases.items(), key=lambda kv: -kv[1])
                print(f"      {gesture:>7}: " + ", ".join(f"{k} {v:.0f}" for k, v in top))


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
    parser.add_argument(
        "--gestures",
        action="store_true",
        help="real input instead: wheel, drag, typing a search and jumps to search results",
    )
    parser.add_argument("--jumps", type=int, default=5, help="search jumps per page (--gestures)")
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
        if args.gestures:
            _run_gestures(browser, rows, args)
            browser.close()
            return 0
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
