"""Benchmark: argmap.diff on large maps — time, memory and growth (run on demand, not a test).

::

    python benchmarks/bench_diff.py [--sizes 1000,10000,100000] [--edits 0.05] [--repeat 3]

For each size N a synthetic debate is built (N statements with distinct sentences, one in
seven evidence with a source; a support/attack tree with arguments, contradictions and
undercuts; sections), and two edited copies:

* ``5% edits``: 5% of the statements edited — reworded in place, renamed and reworded
  (so only their text can match them), removed, added, a relation moved, a quote changed;
* ``all renamed``: *every* statement renamed and reworded (its id changed, a word added),
  the worst case for matching: each element must be found by similarity through the index,
  where an all-pairs comparison would make N² rapidfuzz calls.

Reported per scenario: CPU seconds for ``diff`` (best of ``--repeat``; CPU time rather
than wall time, because the machines this runs on are shared), microseconds per
statement, the peak memory the diff allocates (tracemalloc, measured in a separate run
so that tracing does not slow the timed one), and, measured in the same run as a floor,
the time to serialise the new map to native JSON (``x JSON``: diff time / JSON time).
Growth is the ratio of time per statement against the smallest size: flat means linear,
a quadratic step would multiply it by ten at each tenfold size.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import tracemalloc

import attrs

import argmap
from argmap import ArgumentMap, Relation, Source, Statement
from argmap._model import relation_id

WORDS = (
    "policy market evidence risk public health cost benefit data study trial tax income "
    "growth climate energy emission carbon price city transport school education teacher "
    "student law court right freedom speech privacy security crime police drug harm "
    "regulation safety innovation research science expert survey majority minority vote "
    "election reform budget debt inflation employment wage worker family child welfare "
    "insurance hospital doctor patient treatment vaccine infection water food farm animal "
    "meat diet environment forest species technology internet platform algorithm model "
    "open weights licence developer company revenue advertising content user network"
).split()
VERBS = "increases reduces causes prevents requires justifies undermines improves".split()


def sentence(rnd: random.Random) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(5, 9))]
    words.insert(rnd.randint(1, len(words) - 1), rnd.choice(VERBS))
    return " ".join(words).capitalize() + "."


def make_map(n: int, seed: int = 7) -> ArgumentMap:
    rnd = random.Random(seed)
    m = ArgumentMap(f"Synthetic debate, {n} statements")
    sections = [m.group(f"Section {k}", id=f"g{k}") for k in range(max(1, n // 500))]
    ids: list[str] = []
    for i in range(n):
        group = sections[i % len(sections)].id
        if i and i % 7 == 0:
            src = Source(title=f"Report {i}", author="A. Author", published="2024-05",
                         quote=sentence(rnd), locator=f"p. {i % 90}")  # fmt: skip
            node = m.evidence(sentence(rnd), src, id=f"s{i}", group=group)
        else:
            node = m.claim(sentence(rnd), id=f"s{i}", group=group)
        ids.append(node.id)
        if i:
            parent = ids[(i - 1) // 2]
            if i % 4 == 0:
                m.rebut(node, parent)
            elif i % 10 == 3:
                m.argument([node.id, ids[i - 1]], parent, id=f"a{i}")
            else:
                m.support(node, parent)
            if i % 25 == 0:
                m.contradict(node, ids[rnd.randrange(i)])
            if i % 31 == 0 and f"a{i - 8}" in m:
                m.undercut(node, f"a{i - 8}")
    return m


def _rebuild(m: ArgumentMap, statements: dict[str, Statement], rename: dict[str, str],
             extra_relations: list[Relation], drop: set[str]) -> ArgumentMap:  # fmt: skip
    def ren(x: str | None) -> str | None:
        return None if x is None else rename.get(x, x)

    out = ArgumentMap(m.title, description=m.description, meta=m.meta)
    out.add_all(list(m.groups.values()))
    out.add_all(list(statements.values()))
    out.add_all(
        [
            attrs.evolve(
                a,
                premises=tuple(p for p in map(ren, a.premises) if p not in drop),
                conclusion=None if ren(a.conclusion) in drop else ren(a.conclusion),
            )
            for a in m.arguments.values()
        ]
    )
    rels: list[Relation] = []
    rel_rename: dict[str, str] = {}
    for r in m.relations.values():
        src, tgt = ren(r.source), ren(r.target)
        assert src is not None
        assert tgt is not None
        if src in drop or tgt in drop:
            continue
        tgt = rel_rename.get(tgt, tgt)
        rid = relation_id(r.kind, src, tgt)
        rel_rename[r.id] = rid
        rels.append(attrs.evolve(r, id=rid, source=src, target=tgt))
    rels = [r for r in rels if r.target in out or r.target in {x.id for x in rels}]
    taken = {r.id for r in rels}
    rels += [r for r in extra_relations if r.id not in taken]
    out.add_all(rels)
    return out


def edit_map(m: ArgumentMap, share: float, seed: int = 3) -> ArgumentMap:
    """``share`` of the statements edited, in six ways (see the module docstring)."""
    rnd = random.Random(seed)
    ids = list(m.statements)
    chosen = rnd.sample(ids[1:], max(6, int(len(ids) * share)))
    ops = ["reword", "rename", "remove", "add", "move", "quote"]
    statements = dict(m.statements)
    rename: dict[str, str] = {}
    drop: set[str] = set()
    extra: list[Relation] = []
    moved: set[str] = set()
    for k, sid in enumerate(chosen):
        op = ops[k % len(ops)]
        s = statements[sid]
        if op == "reword":
            statements[sid] = attrs.evolve(s, text=s.text[:-1] + ", in most cases.")
        elif op == "rename":
            new_id = f"{sid}-renamed"
            del statements[sid]
            statements[new_id] = attrs.evolve(s, id=new_id, text="Indeed, " + s.text.lower())
            rename[sid] = new_id
        elif op == "remove":
            del statements[sid]
            drop.add(sid)
        elif op == "add":
            new = Statement(f"new-{k}", sentence(rnd), group=s.group)
            statements[new.id] = new
            extra.append(Relation(relation_id("support", new.id, sid), "support", new.id, sid))
        elif op == "move":
            moved.add(sid)
        elif op == "quote" and s.sources:
            src = attrs.evolve(s.sources[0], quote=s.sources[0].quote + " (abridged)")
            statements[sid] = attrs.evolve(s, sources=(src,))
    out = _rebuild(m, statements, rename, extra, drop)
    for sid in moved:  # the support out of each of these now goes to the map's root
        for r in list(out.outgoing(sid, "support")):
            if any(u.target == r.id for u in out.relations.values() if u.kind.value == "undercut"):
                continue
            out.remove_relation(r)
            target = "s0" if r.target != "s0" else "s1"
            if relation_id("support", sid, target) not in out:
                out.support(sid, target)
            break
    return out


def rename_all(m: ArgumentMap) -> ArgumentMap:
    """Every statement renamed and reworded: nothing matches by id or by equal text."""
    statements = {}
    rename = {}
    for s in m.statements.values():
        new_id = f"x-{s.id}"
        rename[s.id] = new_id
        statements[new_id] = attrs.evolve(s, id=new_id, text=s.text[:-1] + " overall.")
    return _rebuild(m, statements, rename, [], set())


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def peak_mib(fn) -> float:  # type: ignore[no-untyped-def]
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--edits", type=float, default=0.05)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"argmap {argmap.__version__}; edits {args.edits:.0%}; best of {args.repeat}")
    header = (f"{'scenario':<12} {'N':>7} {'diff s':>8} {'µs/stmt':>8} {'growth':>7} "
              f"{'peak MiB':>9} {'JSON s':>7} {'x JSON':>7}  reported")  # fmt: skip
    print(header)
    base: dict[str, float] = {}
    for n in sizes:
        old = make_map(n)
        for scenario, new in (
            ("5% edits", edit_map(old, args.edits)),
            ("all renamed", rename_all(old)),
        ):
            if scenario == "all renamed" and n > 10 * sizes[0] and n > 10000 and args.repeat > 1:
                repeat = 1  # the worst case at the largest size: one run is enough
            else:
                repeat = args.repeat
            result: list[argmap.MapDiff] = []
            t = best(lambda: result.append(argmap.diff(old, new)), repeat)  # noqa: B023
            d = result[-1]
            assert d.apply(old) == new, "the diff must be complete"
            mem = peak_mib(lambda: argmap.diff(old, new))  # noqa: B023
            t_json = best(lambda: argmap.render(new, "json"), repeat)  # noqa: B023
            per = t / n * 1e6
            base.setdefault(scenario, per)
            counts = d.summary()["statements"]
            similar = sum(1 for c in d.statements.changed if c.match.reason == "similar text")
            print(
                f"{scenario:<12} {n:>7} {t:>8.3f} {per:>8.1f} {per / base[scenario]:>6.2f}x "
                f"{mem:>9.1f} {t_json:>7.3f} {t / t_json:>6.1f}x  "
                f"stmts +{counts['added']} -{counts['removed']} ~{counts['changed']} "
                f"(similar text {similar})",
                flush=True,
            )
            gc.collect()


if __name__ == "__main__":
    main()
