"""Where an Argdown read spends its time: the reader's phases, and what memory locality costs.

Run on demand (not a test)::

    python ../shared/bench/gen_argdown.py 20000 1 > /tmp/s1-20k.argdown
    python benchmarks/argdown_phases.py /tmp/s1-20k.argdown [--repeat 3]

Printed, in process and with the garbage collector off as the reader runs: ``prepare``
(line ends, front matter, comments), ``parse`` (the paragraph loop), ``scan`` (the same
loop's regular expressions alone, building nothing: the floor of a paragraph-by-paragraph
parse in Python), ``build`` (the map from the parser's nodes and relation rows) and
``free`` (dropping the parser). Then the locality probe: one pass over the parser's nodes
as the parse left them in memory against the same number of nodes allocated side by side,
and the lookups of every relation's end in a node index (best of five each).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from argmap.formats.argdown import _lexer, _reader


def _best(fn: Callable[[], Any], times: int = 5) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _scan(body: str) -> int:
    """The fast path's paragraph loop with its regular expressions only."""
    skip, para_end = _reader._BLANKS.match, _reader._PARA_END.search
    fast_def, fast_pcs = _reader._FAST_DEF.match, _reader._FAST_PCS.match
    fast_head, rel_rows = _reader._FAST_HEAD.match, _reader._REL_ROWS.findall
    pos, n, count = 0, len(body), 0
    while True:
        pos = skip(body, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            return count
        c = body[pos]
        m = None
        if c in "[<":
            m = fast_def(body, pos)
            if m is not None and m.group(5):
                rel_rows(m.group(5))
        elif c == "(":
            m = fast_pcs(body, pos)
        elif c == "#":
            m = fast_head(body, pos)
        if m is not None:
            pos = m.end()
        else:
            b = para_end(body, pos)
            pos = b.start() if b is not None else n
        count += 1


def _parser(text: str, path: str) -> tuple[Any, dict[str, Any], float, float]:
    start = time.perf_counter()
    notes = _lexer.Notes()
    front, body, source = _lexer.prepare(text, path, notes)
    prepared = time.perf_counter()
    parser = _reader._Parser([])
    parser.notes = notes
    parser.path = path
    parser.max_errors = 20
    parser.parse_text(body, source)
    return parser, front, prepared - start, time.perf_counter() - prepared


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    text = Path(args.file).read_text(encoding="utf-8")
    gc.disable()
    ms = 1e3
    body = _lexer.prepare(text, args.file)[1]  # for the scan alone
    for _ in range(args.repeat):
        parser, front, t_prep, t_parse = _parser(text, args.file)
        start = time.perf_counter()
        amap = parser.build(front, args.file)
        built = time.perf_counter()
        del parser
        freed = time.perf_counter()
        t_scan = _best(partial(_scan, body), 1)
        print(
            f"prepare {t_prep * ms:.0f} ms  parse {t_parse * ms:.0f} ms "
            f"(scan alone {t_scan * ms:.0f} ms)  build {(built - start) * ms:.0f} ms  "
            f"free {(freed - built) * ms:.0f} ms  ({len(amap.statements)} statements)"
        )
        del amap
    parser = _parser(text, args.file)[0]
    nodes = parser.order
    get = attrgetter("title")
    side_by_side = [
        _reader._Node(x.title, x.is_arg, x.src, x.lineno, x.col, x.group) for x in nodes
    ]
    shuffled = list(nodes)
    random.Random(1).shuffle(shuffled)
    passes = {
        "as parsed": _best(lambda: list(map(get, nodes))),
        "side by side": _best(lambda: list(map(get, side_by_side))),
        "shuffled": _best(lambda: list(map(get, shuffled))),
    }
    print(
        f"one pass over {len(nodes)} nodes: "
        + ", ".join(f"{k} {v * ms:.1f} ms" for k, v in passes.items())
    )
    index = dict(zip(nodes, range(len(nodes)), strict=True))
    ends = [row[1] for row in parser.relations]
    t_lookup = _best(lambda: list(map(index.__getitem__, ends)))
    print(f"{len(ends)} relation ends looked up in the node index: {t_lookup * ms:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
