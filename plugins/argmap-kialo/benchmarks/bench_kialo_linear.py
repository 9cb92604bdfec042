"""Is the Kialo reader (and writer) linear? Times exports of growing size side by side.

    .venv/bin/python plugins/argmap-kialo/benchmarks/bench_kialo_linear.py

Builds a balanced Pro/Con tree of N claims (every 7th claim also linked elsewhere with
``-> See``), writes it, then reads it; prints the best of 5 runs per size and the time per
claim relative to the smallest size (≈ 1.0 everywhere means linear).
"""

from __future__ import annotations

import time

from argmap_kialo import KialoReader, KialoRenderer

from argmap import ArgumentMap


def build(n: int) -> ArgumentMap:
    m = ArgumentMap(f"benchmark of {n} claims")
    m.claim("The thesis.", "c0")
    for i in range(1, n):
        m.claim(f"Claim number {i}, with a few words (and parentheses) in it.", f"c{i}")
        parent = f"c{(i - 1) // 4}"
        (m.support if i % 2 else m.rebut)(f"c{i}", parent)
        if i % 7 == 0 and i > 8:
            m.support(f"c{i}", f"c{i // 8}")
    return m


def best(fn: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    reader, writer = KialoReader(), KialoRenderer()
    rows = []
    for n in (2_000, 8_000, 32_000):
        m = build(n)
        text = writer.render(m)
        t_read = best(lambda text=text: reader.parse(text))
        t_write = best(lambda m=m: writer.render(m))
        rows.append((n, len(text), t_read, t_write))
    n0, b0, r0, w0 = rows[0]
    print(
        f"{'claims':>8} {'bytes':>10} {'read s':>8} {'per claim':>10} {'per byte':>9}"
        f" {'write s':>8} {'per claim':>10}"
    )
    for n, size, r, w in rows:
        print(
            f"{n:>8} {size:>10} {r:>8.4f} {r / n / (r0 / n0):>9.2f}x"
            f" {r / size / (r0 / b0):>8.2f}x {w:>8.4f} {w / n / (w0 / n0):>9.2f}x"
        )


if __name__ == "__main__":
    main()
