"""Benchmark: the evidence finder's recall on the seed map, and quote verification and
evidence finding at scale (issue 15). Run on demand (not a test)::

    python benchmarks/bench_evidence.py recall [--seeds ../shared/seeds]
    python benchmarks/bench_evidence.py scale [--docs 1000] [--size 5000]

**recall**: for each evidence statement of ``seeds/meta-open-models.argdown`` and each
statement or argument it bears on (the target of its support, attack or undercut), is the
"gold" paragraph (one the verified quote overlaps: a quote running over two paragraphs
is found in either) among the top k candidates that ``find_evidence`` returns for that
target, as a user asking by the target's id gets them? The query is the target's text
(for an argument, its text or title), never the evidence's own text or quote.
Candidates are paragraphs, each once, so five sentences of one paragraph cannot fill the
top 5. The "support" rows are the issue's
measure (evidence for the claim it supports, one pair per supported claim); "all" adds
attacks and undercuts; halves A and B are the first and last half of the supports in map
order (a hold-out check). Also printed: the best recall@5 any ranking could reach (a
claim with more than five gold paragraphs cannot have them all in its top 5), recall@1/5/
10, MRR@10 and CPU time per claim; ``--misses`` lists each pair's gold rank. Lexical
(BM25) and lexical+semantic (wordllama) are measured side by side in one run, on the
same library.

**scale**: ``--docs`` generated documents of about ``--size`` characters (deterministic
pseudo-English from a fixed vocabulary), and a map quoting 200 of them (exact, with
typographic quotes, with a typo, and invented quotes). Reported: reading the documents,
verifying the quotes, building the BM25 indexes and finding evidence, in CPU seconds
(``time.process_time``: a loaded machine distorts wall time); peak memory traced
(tracemalloc) and the process's max RSS; indexing time per document at a quarter, half
and all of the corpus (linear indexing: the per-document time stays flat).
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import argmap  # noqa: E402
from argmap import RelationKind  # noqa: E402
from argmap.sources import (  # noqa: E402
    EvidenceIndex,
    Library,
    find_evidence,
    map_citations,
    read_documents,
    verify_quotes,
)


class _Pair(NamedTuple):
    """One evidence statement and a claim (or argument) it bears on."""

    evidence: str
    kind: str
    """The relation: support, attack, undercut (of an argument), contradiction."""
    target: str
    document: str
    gold: frozenset[str]
    """Locators of the paragraphs the verified quote overlaps (usually one)."""


def _pairs(amap: argmap.ArgumentMap, report: object) -> tuple[list[_Pair], int]:
    """A pair for each relation from a verified evidence statement to a statement or an
    argument (in map order), and the number of relations left out because their target
    is a relation (an undercut of a support or attack arrow has no text to query)."""
    out, skipped = [], 0
    for check in report.checks:  # type: ignore[attr-defined]
        v = check.verification
        if not v.verified or check.start is None or check.end is None:
            continue
        doc = report.library[v.document]  # type: ignore[attr-defined]
        gold = frozenset(
            p.locator for p in doc.paragraphs if p.start < check.end and check.start < p.end
        )
        for rel in amap.outgoing(check.statement):
            if isinstance(amap.get(rel.target), argmap.Relation):
                skipped += 1
                continue
            out.append(_Pair(check.statement, rel.kind.value, rel.target, doc.id, gold))
    return out, skipped


def _without(amap: argmap.ArgumentMap, evidence: str) -> argmap.ArgumentMap:
    """``amap`` without the statement ``evidence``: its relations and sources go too."""
    return amap._submap({n.id for n in amap.nodes()} - {evidence})


def _shared_known(
    pairs: Sequence[_Pair], maps: dict[str, argmap.ArgumentMap], index: EvidenceIndex
) -> list[tuple[str, str]]:
    """The pairs whose gold paragraph is quoted by another evidence statement of the
    same claim, in the map left without the pair's own: the finder lists it as known
    evidence, after the new candidates (counted at that rank, nothing special)."""
    out = []
    for pr in pairs:
        known = map_citations(maps[pr.evidence], pr.target, index).known
        if any((pr.document, g) in known for g in pr.gold):
            out.append((pr.evidence, pr.target))
    return out


def _ceiling(pairs: Sequence[_Pair], k: int) -> tuple[float, int]:
    """The best recall@k any ranking could reach (a claim with more than k gold
    paragraphs cannot have them all in its top k; a paragraph shared by several of its
    evidence statements counts for each), and the most gold paragraphs of one claim."""
    by_target: dict[str, dict[tuple[str, str], int]] = {}
    for pr in pairs:
        golds = by_target.setdefault(pr.target, {})
        key = (pr.document, min(pr.gold))  # one paragraph of a pair is enough to hit it
        golds[key] = golds.get(key, 0) + 1
    best = sum(sum(sorted(g.values(), reverse=True)[:k]) for g in by_target.values())
    return best / max(len(pairs), 1), max((len(g) for g in by_target.values()), default=0)


def _rank(found: Sequence[argmap.sources.Candidate], pr: _Pair) -> int | None:
    for r, c in enumerate(found, 1):
        if c.document == pr.document and c.locator in pr.gold:
            return r
    return None


def recall(args: argparse.Namespace) -> None:
    seeds = Path(args.seeds)
    library = read_documents(seeds)
    amap = argmap.read(ROOT / "seeds" / "meta-open-models.argdown")
    report = verify_quotes(amap, library)
    pairs, skipped = _pairs(amap, report)
    n_passages = sum(len(d.paragraphs) for d in library)
    support = [pr for pr in pairs if pr.kind == RelationKind.SUPPORT.value]
    print(
        f"{len(library)} documents, {n_passages} paragraphs; {len(pairs)} evidence→target "
        f"relations from {len({pr.evidence for pr in pairs})} evidence statements "
        f"({len(support)} supports; {skipped} undercuts of a relation left out); "
        f"quotes spanning paragraphs: {sum(len(pr.gold) > 1 for pr in pairs)}"
    )
    (sup_best, _), (all_best, most) = _ceiling(support, 5), _ceiling(pairs, 5)
    print(
        f"best possible recall@5: supports {sup_best:.2f}, all {all_best:.2f} "
        f"(most gold paragraphs of one claim: {most})"
    )
    t0 = time.process_time()
    lexical = EvidenceIndex(library, semantic=False)
    t_lex_index = time.process_time() - t0
    try:
        t0 = time.process_time()
        semantic: EvidenceIndex | None = EvidenceIndex(library, semantic=True)
        t_sem_index = time.process_time() - t0
    except argmap.ArgmapError as exc:
        print(f"semantic re-ranker not available: {exc}")
        semantic, t_sem_index = None, 0.0
    half = len(support) // 2  # two fixed halves, in map order: a hold-out check
    subsets = {
        "support": support,
        "support A": support[:half],
        "support B": support[half:],
        "all": pairs,
    }
    # leave one out: each pair is asked of the map without its evidence statement (the
    # statement, its relations and so its quote), so that its own quote never informs
    # the ranking; what is left is the map a user has when asking for more evidence
    maps = {pr.evidence: _without(amap, pr.evidence) for pr in pairs}
    shared = _shared_known(pairs, maps, lexical)
    print(
        f"leave-one-out: pairs whose gold paragraph another evidence statement of the same "
        f"claim also quotes (so listed last, as known): {len(shared)}"
        + (f" ({', '.join(f'{e} -> {t}' for e, t in shared)})" if shared else "")
    )
    rows = []
    ranks: dict[str, list[int | None]] = {}
    # before: the claim's text alone; asked clause by clause too; with the map context
    # as well (the finder before the map prior); after: the claim's known evidence
    # listed last, and the map prior too (find_evidence's default)
    off = {"map_prior": 0.0, "known_last": False}
    variants: list[tuple[str, dict[str, Any]]] = [
        ("", {"context": 0.0, "clauses": False, **off}),
        (" +clauses", {"context": 0.0, "clauses": True, **off}),
    ]
    if args.context > 0:
        variants.append((" +clauses +context", {"context": args.context, **off}))
        variants.append((" +context +known last", {"context": args.context, "map_prior": 0.0}))
        if args.map_prior > 0:
            variants.append(
                (
                    " +context +known +map prior",
                    {"context": args.context, "map_prior": args.map_prior},
                )
            )
    for name, index in (("lexical", lexical), ("lexical+semantic", semantic)):
        if index is None:
            continue
        # the claim's candidates as a user gets them: find_evidence with the claim's id;
        # the variants alternate, and each claim's CPU time is the median of the rounds
        got: dict[tuple[str, _Pair], int | None] = {}
        times: dict[str, list[float]] = {label: [] for label, _ in variants}
        for _ in range(args.rounds):
            for label, kw in variants:
                t0 = time.process_time()
                for pr in pairs:
                    (found,) = find_evidence(
                        maps[pr.evidence],
                        library,
                        claim=pr.target,
                        top=10,
                        weight=args.weight,
                        index=index,
                        **kw,
                    )
                    got[label, pr] = _rank(found.candidates, pr)
                times[label].append((time.process_time() - t0) / max(len(pairs), 1))
        for label, _ in variants:
            per = statistics.median(times[label])
            for subset, chosen in subsets.items():
                rs = [got[label, pr] for pr in chosen]
                n = max(len(rs), 1)
                at = [sum(r is not None and r <= k for r in rs) / n for k in (1, 5, 10)]
                mrr = sum(1 / r for r in rs if r is not None) / n
                rows.append((name + label, subset, len(rs), *at, mrr, per))
        if args.misses:
            full = len(index.passages)
            for label, kw in variants:
                ranks[name + label] = [
                    _rank(
                        find_evidence(
                            maps[pr.evidence],
                            library,
                            claim=pr.target,
                            top=full,
                            weight=args.weight,
                            index=index,
                            **kw,
                        )[0].candidates,
                        pr,
                    )
                    for pr in pairs
                ]
    print(
        f"index build (CPU): lexical {t_lex_index * 1000:.0f} ms, "
        f"with embeddings {t_sem_index * 1000:.0f} ms"
    )
    print(
        f"{'ranking':44} {'pairs':>9} {'n':>3} {'recall@1':>9} {'recall@5':>9} "
        f"{'recall@10':>10} {'MRR@10':>7} {'CPU ms/claim':>13}"
    )
    for name, subset, n, r1, r5, r10, mrr, per in rows:
        print(
            f"{name:44} {subset:>9} {n:3d} {r1:9.2f} {r5:9.2f} {r10:10.2f} {mrr:7.3f} "
            f"{per * 1000:13.2f}"
        )
    if args.misses:
        print(f"\nrank of the gold paragraph ({', '.join(ranks)}):")
        for i, pr in enumerate(pairs):
            got_ranks = " ".join(f"{r[i]!s:>4}" for r in ranks.values())
            print(
                f"  {got_ranks}  {pr.evidence[:24]:24} {pr.kind:9} {pr.target[:28]:28} "
                f"{pr.document} {'+'.join(sorted(pr.gold))}"
            )


_WORDS = (
    "model open weights licence meta llama training cost revenue developer ecosystem "
    "benchmark frontier closed source release risk government data cloud platform ads "
    "content users privacy security compute research startup community foundation api "
    "apps value market strategy investor quarter spending network device edge partner "
    "the a of to and in is that for it as with was on be by this are from at or an"
).split()


def _document(rng: random.Random, size: int) -> str:
    paragraphs = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 24))]
            sentences.append(" ".join(words).capitalize() + ".")
        para = " ".join(sentences)
        paragraphs.append(para)
        total += len(para) + 2
    return "title:: Generated document\nsource:: https://example.org/doc\n\n" + "\n\n".join(
        paragraphs
    )


def _map(library: Library, rng: random.Random, n: int) -> argmap.ArgumentMap:
    m = argmap.ArgumentMap("scale")
    root = m.claim("Something is the case", id="root")
    docs = list(library)
    for i in range(n):
        doc = rng.choice(docs)
        sentence = rng.choice(doc.sentences)
        words = sentence.text.split()
        quote = " ".join(words[: min(len(words), 12)])
        kind = i % 4
        if kind == 1:
            quote = "“" + quote.replace(" ", "  ") + "”"
        elif kind == 2 and len(quote) > 10:
            j = len(quote) // 2
            quote = quote[:j] + "x" + quote[j + 1 :]
        elif kind == 3:
            quote = "An invented sentence that no document holds at all, surely."
        ev = m.evidence(
            f"evidence {i}", argmap.Source(title="gen", document=doc.id, quote=quote), id=f"e{i}"
        )
        m.support(ev, root)
    return m


def scale(args: argparse.Namespace) -> None:
    rng = random.Random(15)
    with tempfile.TemporaryDirectory(prefix="argmap-bench-") as tmp:
        folder = Path(tmp)
        for i in range(args.docs):
            (folder / f"doc{i:05d}.txt").write_text(_document(rng, args.size), encoding="utf-8")
        size_mb = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        gc.collect()
        t0 = time.process_time()
        library = read_documents(folder)
        t_read = time.process_time() - t0
        n_par = sum(len(d.paragraphs) for d in library)
        n_sent = sum(len(d.sentences) for d in library)
        amap = _map(library, rng, 200)
        t0 = time.process_time()
        report = verify_quotes(amap, library)
        t_verify = time.process_time() - t0
        t0 = time.process_time()
        index = EvidenceIndex(library, semantic=False)
        t_index = time.process_time() - t0
        claims = [s.text for s in library[f"doc{0:05d}.txt"].sentences[:20]]
        t0 = time.process_time()
        for c in claims:
            index.search(c, top=5)
        t_find = (time.process_time() - t0) / len(claims)
        # as find_evidence asks for a map's claim: two clauses, and a map context (here
        # another sentence standing for the claim it supports)
        nxt, after = claims[1:] + claims[:1], claims[2:] + claims[:2]
        asked = [
            (f"{c.rstrip('.')}, so {d[0].lower()}{d[1:]}", e)
            for c, d, e in zip(claims, nxt, after, strict=True)
        ]
        t0 = time.process_time()
        for c, e in asked:
            index.search(c, top=5, context=e)
        t_find_map = (time.process_time() - t0) / len(asked)
        statuses: dict[str, int] = {}
        for c in report.checks:
            statuses[c.verification.status.value] = statuses.get(c.verification.status.value, 0) + 1
        print(f"{args.docs} documents, {size_mb:.1f} MB, {n_par} paragraphs, {n_sent} sentences")
        print(f"read + split:      {t_read:7.2f} s  ({t_read / args.docs * 1000:.2f} ms/doc)")
        print(f"verify 200 quotes: {t_verify:7.2f} s  {statuses}")
        print(f"BM25 index:        {t_index:7.2f} s  ({t_index / args.docs * 1000:.3f} ms/doc)")
        print(f"find (lexical):    {t_find * 1000:7.1f} ms per claim")
        print(f"  2 clauses + map context: {t_find_map * 1000:.1f} ms per claim")
        sem = None
        try:
            t0 = time.process_time()
            sem = EvidenceIndex(library, semantic=True)
            t_sem_index = time.process_time() - t0
            t0 = time.process_time()
            for c in claims:
                sem.search(c, top=5)
            t_sem = (time.process_time() - t0) / len(claims)
            t0 = time.process_time()
            for c, e in asked:
                sem.search(c, top=5, context=e)
            t_sem_map = (time.process_time() - t0) / len(asked)
            print(
                f"index + embed:     {t_sem_index:7.2f} s; "
                f"find (+semantic) {t_sem * 1000:.1f} ms per claim; "
                f"2 clauses + map context {t_sem_map * 1000:.1f} ms"
            )
        except argmap.ArgmapError as exc:
            print(f"semantic: not available ({exc})")
        del sem, index, library
        gc.collect()
        tracemalloc.start()  # a second pass for memory: tracing slows everything down
        library = read_documents(folder)
        verify_quotes(amap, library)
        index = EvidenceIndex(library, semantic=False)
        for c in claims:
            index.search(c, top=5)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"peak traced memory (read, verify, lexical index, find): {peak / 1e6:.0f} MB; "
            f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        docs = list(library)
        print("linear indexing (read+split+BM25 per document):")
        for share in (4, 2, 1):
            part = docs[: len(docs) // share]
            files = [Path(d.path) for d in part if d.path]
            t0 = time.process_time()
            lib = Library(argmap.sources.read_document(f, id=f.name) for f in files)
            EvidenceIndex(lib, semantic=False)
            dt = time.process_time() - t0
            print(f"  {len(part):5d} docs: {dt:6.2f} s  {dt / len(part) * 1000:.2f} ms/doc")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("recall")
    p.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    p.add_argument(
        "--weight",
        type=float,
        default=0.5,
        help="semantic share of the score (0.5: every signal alike)",
    )
    p.add_argument(
        "--context",
        type=float,
        default=0.05,
        help="the map context's share (find_evidence's default); rows with 0 (the claim's "
        "text alone) are printed beside it, 0 prints those only",
    )
    p.add_argument(
        "--map-prior",
        type=float,
        default=0.05,
        help="the map prior's share (find_evidence's default); 0 leaves its rows out",
    )
    p.add_argument("--rounds", type=int, default=3, help="alternating timing rounds")
    p.add_argument("--misses", action="store_true", help="print each pair's gold rank")
    p = sub.add_parser("scale")
    p.add_argument("--docs", type=int, default=1000)
    p.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    recall(args) if args.what == "recall" else scale(args)


if __name__ == "__main__":
    main()
