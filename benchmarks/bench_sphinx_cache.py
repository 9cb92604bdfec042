"""Benchmark: what the ``argmap.sphinx`` content-hash cache saves on a documentation build.

Builds argmap's own ``docs/`` with Sphinx's HTML builder three times, side by side in one
run, each into a fresh output directory with a fresh environment (``-E``: every page is
read and written again):

* **cold**: the argmap cache is empty, every map is drawn by Graphviz;
* **warm**: the cache of the cold build is kept, so no map is drawn at all;
* **no maps**: the same build with the ``argmap`` directive's rendering replaced by a
  constant placeholder (so the cost of Sphinx itself is known).

It counts the renders of each build (calls of the svg, pdf and text renderers: the
directive's, and one text outline the docs' own ``argmap-outline`` helper draws on every
read) and reports the times and the ratio cold / warm::

    .venv/bin/python benchmarks/bench_sphinx_cache.py [--repeat 3]

Absolute times drift between machines; the ratios measured in one run are the result.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import argmap
import argmap.sphinx as ext

DOCS = Path(__file__).resolve().parent.parent / "docs"


def build(out: Path, doctrees: Path) -> None:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        app = Sphinx(
            str(DOCS), str(DOCS), str(out), str(doctrees), "html",
            freshenv=True, status=None, warning=None,
        )
        app.build()
        if app.statuscode:
            raise SystemExit(f"the build of {DOCS} failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of this many builds")
    args = parser.parse_args()

    calls: list[str] = []
    classes = {type(argmap.get_renderer(name)) for name in ("svg", "pdf", "text")}
    originals = {cls: cls.render for cls in classes}
    for cls, real in originals.items():

        def counting(self: Any, amap: Any, /, _real: Any = real, **options: Any) -> Any:
            calls.append(self.name)
            return _real(self, amap, **options)

        cls.render = counting  # type: ignore[method-assign]
    results: dict[str, tuple[float, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cold_times, warm_times, bare_times = [], [], []
        cold_calls = warm_calls = 0
        for i in range(args.repeat):
            doctrees = root / f"doctrees{i}"
            calls.clear()
            start = time.perf_counter()
            build(root / f"cold{i}", doctrees)
            cold_times.append(time.perf_counter() - start)
            cold_calls = len(calls)
            calls.clear()
            start = time.perf_counter()
            build(root / f"warm{i}", doctrees)  # same doctrees: the cache is kept
            warm_times.append(time.perf_counter() - start)
            warm_calls = len(calls)
            shutil.rmtree(doctrees)

        real_cached = ext.render_cached
        ext.render_cached = lambda app, node, to: ("0" * 64, "<svg></svg>")  # type: ignore[assignment]
        try:
            for i in range(args.repeat):
                start = time.perf_counter()
                build(root / f"bare{i}", root / f"bare-doctrees{i}")
                bare_times.append(time.perf_counter() - start)
        finally:
            ext.render_cached = real_cached  # type: ignore[assignment]
        results = {
            "cold (empty cache)": (min(cold_times), cold_calls),
            "warm (cache kept)": (min(warm_times), warm_calls),
            "no drawing at all": (min(bare_times), 0),
        }
    for cls, real in originals.items():
        cls.render = real  # type: ignore[method-assign]

    print(f"Sphinx HTML build of {DOCS} with -E, best of {args.repeat}:")
    for name, (seconds, n) in results.items():
        print(f"  {name:20s} {seconds:7.2f} s   {n:3d} renders")
    cold, warm = results["cold (empty cache)"][0], results["warm (cache kept)"][0]
    bare = results["no drawing at all"][0]
    print(f"  cold / warm = {cold / warm:.2f}x; warm / no drawing = {warm / bare:.2f}x")


if __name__ == "__main__":
    main()
