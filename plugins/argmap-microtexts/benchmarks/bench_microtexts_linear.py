"""Is the arg-microtexts reader linear? Times synthetic graphs of growing size side by side.

    .venv/bin/python plugins/argmap-microtexts/benchmarks/bench_microtexts_linear.py

Each graph has N ADUs (one EDU each) in a support/rebut tree, with undercuts and added
premises on some edges (targets are edges defined later in the file, so the second pass is
exercised). Prints the best of 5 runs per size and the time per ADU relative to the
smallest size (≈ 1.0 everywhere means linear); with the corpus present it also times the
112 real microtexts.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from argmap_microtexts import MicrotextsReader


def build(n: int) -> str:
    out = ["<?xml version='1.0' encoding='UTF-8'?>", '<arggraph id="bench" stance="pro">']
    out += [f'  <edu id="e{i}"><![CDATA[Segment {i} says something.]]></edu>' for i in range(n)]
    out += [f'  <adu id="a{i}" type="{"pro" if i % 3 else "opp"}" />' for i in range(n)]
    edges = []
    for i in range(n):
        edges.append(f'  <edge id="s{i}" src="e{i}" trg="a{i}" type="seg" />')
    for i in range(1, n):
        if i % 10 == 5:
            edges.append(f'  <edge id="c{i}" src="a{i}" trg="c{i - 1}" type="und" />')
        elif i % 10 == 7:
            edges.append(f'  <edge id="c{i}" src="a{i}" trg="c{i - 1}" type="add" />')
        else:
            kind = "sup" if i % 2 else "reb"
            edges.append(f'  <edge id="c{i}" src="a{i}" trg="a{(i - 1) // 3}" type="{kind}" />')
    out += reversed(edges)  # every edge-to-edge reference points forward
    out.append("</arggraph>")
    return "\n".join(out)


def best(fn: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    reader = MicrotextsReader()
    rows = []
    for n in (1_000, 4_000, 16_000):
        text = build(n)
        rows.append((n, len(text), best(lambda text=text: reader.parse(text))))
    n0, _, t0 = rows[0]
    print(f"{'ADUs':>8} {'bytes':>10} {'read s':>8} {'per ADU':>8}")
    for n, size, t in rows:
        print(f"{n:>8} {size:>10} {t:>8.4f} {t / n / (t0 / n0):>7.2f}x")
    setting = os.environ.get("ARGMAP_CORPUS", "")
    root = Path(__file__).resolve().parents[3]
    corpus = Path(setting) if setting else root.parent / "shared" / "corpus"
    folder = corpus / "microtexts" / "microtexts-en"
    if folder.is_dir():
        files = sorted(folder.glob("*.xml"))
        texts = [f.read_text("utf-8") for f in files]
        t = best(lambda: [reader.parse(x) for x in texts])
        print(f"corpus: {len(files)} microtexts in {t:.4f} s ({t / len(files) * 1e3:.2f} ms each)")


if __name__ == "__main__":
    main()
