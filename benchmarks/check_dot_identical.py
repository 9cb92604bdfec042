"""Check (not timed): the DOT text of this checkout is byte-identical to a baseline's.

Renders the same maps with the same options twice, in two child processes: once with
this checkout's ``argmap`` and once with a baseline's (``--baseline DIR``, the ``src``
folder of an older tree, e.g. ``git -C /work/main archive main | tar -x -C /tmp/base``
then ``--baseline /tmp/base/src``), and compares, for every render, the DOT text,
what the builder records for SVG titles (node and edge titles) and the layout decisions
(direction, strategy and why, the exact predicted aspects for several wraps, the drawn
node count and the undercut points). The maps:

* the seed map (``seeds/*.argdown``);
* the conformance corpus (``../shared/corpus`` or ``--corpus``): Argdown, AIF,
  microtexts and SADFace files (those a reader rejects are skipped, on both sides);
* generated maps: Argdown debates (``gen_argdown.py``, several sizes and seeds),
  ``bench_dot.make_aif`` AIF maps (up to 10,000 I-nodes), and hypothesis-drawn maps
  (``argmap.testing.maps``, hostile text included) saved as native JSON.

Each map is drawn with several option sets (directions, wraps, themes, clusters, legend,
titles, tag colours, an evaluation, selections) and through the hooks the viewer,
``--split sections`` and ``mapdiff`` use (element ids, links, external and section nodes,
a highlight). Run it after changing the DOT generation::

    .venv/bin/python benchmarks/check_dot_identical.py --baseline /tmp/base/src

Exit status 0 when every render matches; otherwise the first differences are shown.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# option sets: every map gets the first few, small maps all of them
OPTION_SETS: list[dict[str, Any]] = [
    {},
    {"direction": "LR", "wrap": 12, "legend": True},
    {"direction": "TB", "wrap": 0, "clusters": False, "theme": "mono", "title": False},
    {"direction": "RL", "tag_colors": True, "title": 'A "custom" <title> \\N', "wrap": 5},
    {"evaluation": "grounded", "legend": False, "layout": "full"},
    {"show_evidence": False, "layout": "bounded", "direction": "BT", "wrap": 80},
    {"evaluation": "df-quad", "layout": "sections", "font": "Times"},
    {"hooks": True},
    {"hooks": True, "direction": "LR", "clusters": False, "evaluation": "preferred"},
]
HOSTILE = [
    "",
    " ",
    "  ",
    '"',
    "\\",
    "\\N",
    "]",
    "[",
    "<BR/>",
    "&amp;",
    "<",
    ">",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x85",
    "\u2028",
    "\u00a0",
    "\ufeff",
    "\u202e",
    "\ud800",
    "e\u0301",
    "論証",
    "a" * 40,
    "word",
    "->",
    "{",
    "}",
]
SMALL_BYTES = 80_000  # map files up to this size (about 400 nodes) get every option set
FEW = 3  # larger maps: this many

CHILD = r"""
import hashlib, json, sys
import argmap
from argmap.renderers import graphviz as gv

cases = json.loads(open(sys.argv[1], encoding="utf-8").read())
dump = int(sys.argv[2]) if len(sys.argv) > 2 else -1


class Marks(gv.Highlight):
    def node(self, node_id, attrs):
        return ', color="#E69F00"' if hash_of(node_id) % 3 == 0 else ""

    def edge(self, key, attrs):
        return ", penwidth=3" if hash_of(key) % 4 == 0 else ""

    def label(self, node_id, body):
        return "<U>" + body + "</U>" if hash_of(node_id) % 5 == 0 else body

    def legend(self):
        return [("<B>+</B>", "added")]


def hash_of(text):
    return int(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16)


def render(amap, options):
    options = dict(options)
    hooks = options.pop("hooks", False)
    if not hooks:
        builder = gv._prepare(amap, gv._parse_options(options))
        direct = gv.to_dot(amap, **options)  # the DOT renderer's path (records no edge titles)
    else:
        ids = [n.id for n in amap.nodes()]
        pick = lambda k: {i for i in ids if hash_of(i) % 7 == k}
        builder = gv._prepare(
            amap,
            gv._parse_options(options),
            links={i: f"part-{hash_of(i) % 9}.svg#n\"{i}" for i in pick(1)},
            external=pick(2),
            section_nodes=pick(3),
            element_ids="v",
            highlight=Marks(),
        )
    text = builder.build()
    if not hooks and direct != text:
        text = "to_dot and the builder differ:\n" + direct
    drawn = builder.amap
    decisions = [  # the layout decisions (exact predicted aspects, not only their effect)
        builder.direction,
        builder.strategy,
        builder.why,
        [repr(gv._predicted_aspects(drawn, wrap=w)) for w in sorted({0, 5, 32, builder.o.wrap})],
        gv.auto_direction(drawn, wrap=builder.o.wrap),
        gv._drawn_nodes(drawn),
        sorted(gv._point_names(drawn).items()),
    ]
    extra = json.dumps(
        [
            sorted(builder.titles.items()),
            sorted(map(list, builder.edge_titles.items())),
            decisions,
        ],
        ensure_ascii=True,
    )
    return text, extra


maps = {}
out = []
errors = []
for k, (path, fmt, options) in enumerate(cases):
    if dump >= 0 and k != dump:
        continue
    try:
        if path not in maps:
            maps[path] = argmap.read(path, format=fmt) if fmt else argmap.read(path)
        amap = maps[path]
    except Exception as exc:  # a file the readers reject: skipped on both sides
        maps[path] = None
        out.append("unreadable: " + type(exc).__name__)
        continue
    if amap is None:
        out.append("unreadable")
        continue
    try:
        text, extra = render(amap, options)
    except Exception as exc:
        text, extra = "error: " + type(exc).__name__ + ": " + str(exc), ""
        errors.append(text)
    if dump >= 0:
        sys.stdout.write(json.dumps([text, extra], ensure_ascii=True))
        raise SystemExit(0)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    digest.update(extra.encode("ascii"))
    out.append(digest.hexdigest())
print(json.dumps(out))
print(json.dumps(errors))
"""


def _hypothesis_maps(folder: Path, count: int) -> list[str]:
    """``count`` hypothesis-drawn maps (deterministic), written as native JSON."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    import argmap
    from argmap import testing

    paths: list[str] = []

    pieces = st.sampled_from(HOSTILE)
    texts = st.lists(st.one_of(pieces, st.text(max_size=12)), max_size=8).map("".join)

    @st.composite
    def hostile(draw: st.DrawFn) -> argmap.ArgumentMap:
        """Claims whose text and titles are hostile snippets (empty text too)."""
        m = argmap.ArgumentMap(draw(texts))
        ids = [
            m.claim(t, id=f"s{i}", title=draw(st.none() | texts)).id
            for i, t in enumerate(draw(st.lists(texts, min_size=1, max_size=5)))
        ]
        pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids))
        for a, b in draw(st.lists(pairs, unique_by=frozenset)):
            if a != b:
                m.relate(draw(st.sampled_from(["support", "attack", "contradiction"])), a, b)
        return m

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(testing.maps() | hostile())
    def draw(amap: argmap.ArgumentMap) -> None:
        path = folder / f"drawn-{len(paths)}.json"
        try:
            argmap.write(amap, path, format="json")
        except Exception:
            return
        paths.append(str(path))

    draw()
    return paths


def _cases(args: argparse.Namespace, tmp: Path) -> list[tuple[str, str | None, dict[str, Any]]]:
    sys.path.insert(0, str(HERE))
    import bench_dot

    files: list[tuple[str, str | None]] = [
        (str(p), None) for p in sorted(ROOT.glob("seeds/*.argdown"))
    ]
    corpus = Path(args.corpus)
    for pattern, fmt in (
        ("argdown/**/*.argdown", None),
        ("aif/**/*.json", "aif"),
        ("microtexts/**/*.xml", None),
        ("sadface/**/*.json", None),
    ):
        found = sorted(corpus.glob(pattern))
        if args.quick:
            found = found[:: max(1, len(found) // 40)]
        files += [(str(p), fmt) for p in found]
    gen = Path(args.gen_argdown)
    for n, seed in ((10, 1), (60, 2), (300, 3), (1000, 4), (3000, 5)):
        path = tmp / f"debate-{n}-{seed}.argdown"
        with path.open("w", encoding="utf-8") as f:
            subprocess.run(
                [sys.executable, str(gen), str(n), str(seed)],
                stdout=f,
                stderr=subprocess.DEVNULL,
                check=True,
            )
        files.append((str(path), "argdown"))
    for n in (50, 1000, 10_000):
        path = tmp / f"aif-{n}.json"
        path.write_text(json.dumps(bench_dot.make_aif(n)), encoding="utf-8")
        files.append((str(path), "aif"))
    files += [(p, "json") for p in _hypothesis_maps(tmp, 40 if args.quick else args.drawn)]
    cases: list[tuple[str, str | None, dict[str, Any]]] = []
    for file, fmt in files:
        size = Path(file).stat().st_size
        sets = OPTION_SETS if size <= SMALL_BYTES else OPTION_SETS[:FEW]
        cases += [(file, fmt, o) for o in sets]
    return cases


def _run(src: str | None, cases_file: Path, *extra: str) -> str:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(cases_file), *extra],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child ({src or 'this checkout'}) failed:\n{proc.stderr}")
    return proc.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="src folder of the baseline tree")
    parser.add_argument("--corpus", default=str(ROOT.parent.parent / "shared" / "corpus"))
    parser.add_argument(
        "--gen-argdown", default=str(ROOT.parent.parent / "shared" / "bench" / "gen_argdown.py")
    )
    parser.add_argument("--drawn", type=int, default=300, help="hypothesis-drawn maps")
    parser.add_argument("--quick", action="store_true", help="a sample of the corpus")
    parser.add_argument("--show", type=int, default=3, help="differences to show")
    args = parser.parse_args(argv)
    if not Path(args.corpus).is_dir():
        args.corpus = "/work/shared/corpus"
    if not Path(args.gen_argdown).is_file():
        args.gen_argdown = "/work/shared/bench/gen_argdown.py"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cases = _cases(args, tmp)
        cases_file = tmp / "cases.json"
        cases_file.write_text(json.dumps(cases), encoding="utf-8")
        new, errors = map(json.loads, _run(None, cases_file).splitlines())
        old, old_errors = map(json.loads, _run(args.baseline, cases_file).splitlines())
        bad = [k for k, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        rendered = sum(1 for a in old if not a.startswith("unreadable"))
        maps = len({c[0] for c in cases})
        print(
            f"{len(cases)} renders of {maps} maps ({rendered} readable, {len(errors)} refused "
            f"with an error, baseline {len(old_errors)}): {len(bad)} differ"
        )
        for kind in sorted({e.split(":")[1] for e in errors}):
            print(f"  refused: {kind} ({sum(1 for e in errors if e.split(':')[1] == kind)})")
        for k in bad[: args.show]:
            path, fmt, options = cases[k]
            print(f"\n--- differs: {path} ({fmt}) {options}")
            a = json.loads(_run(args.baseline, cases_file, str(k)))
            b = json.loads(_run(None, cases_file, str(k)))
            for part, x, y in (("DOT", a[0], b[0]), ("titles", a[1], b[1])):
                if x != y:
                    diff = difflib.unified_diff(
                        x.splitlines(), y.splitlines(), "baseline", "this", lineterm="", n=1
                    )
                    print(part + ":\n" + "\n".join(list(diff)[:20]))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
