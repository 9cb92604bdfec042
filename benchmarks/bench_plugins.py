"""Benchmark: what ``argmap.read("x.argdown")`` costs with 10 third-party plugins installed.

Installs ten fake plugin distributions (each a reader and a renderer for its own
extension, ``.fake0`` … ``.fake9``, whose module imports a few standard-library modules
as a real plugin would) into a temporary site directory, then measures, in fresh
processes side by side, the first ``argmap.read`` of a small Argdown file after
``import argmap``:

* **before**: argmap's source at ``--before`` (default: ``main``), extracted with
  ``git archive``; its registry imports every plugin of the group to look up an
  extension;
* **after**: this tree's source; the registry answers from its plugin metadata cache
  (filled by one warm-up run, as a user's first command fills it).

It reports the median time of the read, the number of modules the read imported, and
how many of them belong to the fake plugins::

    .venv/bin/python benchmarks/bench_plugins.py [--runs 15] [--before main]

Absolute times drift between machines; the ratios measured in one run are the result.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLUGIN = '''
"""Fake third-party plugin {n}: what a real one imports and declares."""

import csv
import decimal
import xml.dom.minidom

from argmap import ArgumentMap
from argmap.plugin import Reader, Renderer


class FakeReader(Reader):
    name = "fake{n}"
    extensions = (".fake{n}",)
    media_type = "text/x-fake{n}"

    def parse(self, text, *, path=None, **options):
        return ArgumentMap(text[:20])


class FakeRenderer(Renderer):
    name = "fake{n}"
    extensions = (".fake{n}",)

    def render(self, amap, /, **options):
        return amap.title or ""
'''

PROBE = """
import json, sys, time
import argmap
before = set(sys.modules)
t0 = time.perf_counter()
argmap.read(sys.argv[1])
elapsed = time.perf_counter() - t0
new = set(sys.modules) - before
print(json.dumps({"seconds": elapsed, "modules": len(new),
                  "plugin_modules": sorted(m for m in new if m.startswith("fake_plugin"))}))
"""


def install_fakes(site: Path, count: int = 10) -> None:
    """Ten plugin distributions as pip leaves them: a module and its ``.dist-info``."""
    for n in range(count):
        (site / f"fake_plugin{n}.py").write_text(textwrap.dedent(PLUGIN.format(n=n)), "utf-8")
        info = site / f"argmap_fake{n}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: argmap-fake{n}\nVersion: 1.0\n", "utf-8"
        )
        (info / "entry_points.txt").write_text(
            f"[argmap.readers]\nfake{n} = fake_plugin{n}:FakeReader\n\n"
            f"[argmap.renderers]\nfake{n} = fake_plugin{n}:FakeRenderer\n",
            "utf-8",
        )
        (info / "INSTALLER").write_text("pip\n", "utf-8")


def extract(rev: str, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    archive = into / "src.tar"
    with archive.open("wb") as fh:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], stdout=fh, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def probe(src: Path, site: Path, argdown: Path, cache: Path) -> dict[str, object]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), str(site)])
    env["ARGMAP_CACHE_DIR"] = str(cache)
    env.pop("ARGMAP_PREFER", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(argdown)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", default="main", help="git revision to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="argmap-bench-plugins-") as tmp:
        base = Path(tmp)
        site = base / "site"
        site.mkdir()
        install_fakes(site)
        argdown = base / "x.argdown"
        argdown.write_text(
            "[Open]: Meta will keep its models open.\n  - [Charity]: Charity dries up.\n",
            "utf-8",
        )
        variants = {
            "before": (extract(args.before, base / "before"), base / "cache-before"),
            "after": (ROOT / "src", base / "cache-after"),
        }
        for src, cache in variants.values():
            probe(src, site, argdown, cache)  # warm-up: bytecode, and the metadata cache
        results: dict[str, list[dict[str, object]]] = {k: [] for k in variants}
        for _ in range(args.runs):  # interleaved, so that drift hits both alike
            for name, (src, cache) in variants.items():
                results[name].append(probe(src, site, argdown, cache))
        print(f"argmap.read('x.argdown') with 10 third-party plugins, {args.runs} runs each")
        print(f"{'':8} {'median ms':>10} {'modules':>8} {'plugin modules':>15}")
        medians = {}
        for name, rows in results.items():
            ms = statistics.median(float(r["seconds"]) for r in rows) * 1000  # type: ignore[arg-type]
            modules = statistics.median(int(r["modules"]) for r in rows)  # type: ignore[call-overload]
            plugin = len(rows[-1]["plugin_modules"])  # type: ignore[arg-type]
            medians[name] = ms
            print(f"{name:8} {ms:10.2f} {modules:8.0f} {plugin:15d}")
        print(f"before / after: {medians['before'] / medians['after']:.1f}x")


if __name__ == "__main__":
    main()
