"""Benchmark: the evidence finder's recall on the seed map, and quote verification and
evidence finding at scale (issue 15). Run on demand (not a test)::

    python benchmarks/bench_evidence.py recall [--seeds ../shared/seeds]
    python benchmarks/bench_evidence.py scale [--docs 1000] [--size 5000]

**recall**: for each evidence statement of ``seeds/meta-open-models.argdown``, the
"gold" passage is the paragraph of its document that holds its (verified) quote. The
query is the text of the statement the evidence argues about (the target of its
relation: a claim it supports or attacks; for an undercut, the argument's text), never
the evidence's own text. recall@k = share of evidence statements whose gold paragraph is
among the top k candidates for that query, over all five documents. Lexical (BM25) and
lexical+semantic (wordllama re-ranker) are measured side by side in one run, on the same
index, with the time per query.

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
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import argmap  # noqa: E402
from argmap import RelationKind  # noqa: E402
from argmap.sources import (  # noqa: E402
    EvidenceIndex,
    Library,
    read_documents,
    verify_quotes,
)


def _queries(amap: argmap.ArgumentMap, report: object) -> list[tuple[str, str, str, str, str]]:
    """(evidence id, query text, relation kind, document id, gold paragraph locator)."""
    out = []
    for check in report.checks:  # type: ignore[attr-defined]
        v = check.verification
        if not v.verified or check.start is None:
            continue
        doc = report.library[v.document]  # type: ignore[attr-defined]
        gold = doc.paragraph_at(check.start)
        for rel in amap.outgoing(check.statement):
            target = amap.get(rel.target)
            if target is None or isinstance(target, argmap.Relation):
                continue
            text = getattr(target, "text", None) or target.label
            out.append((check.statement, text, rel.kind.value, doc.id, gold.locator))
    return out


def recall(args: argparse.Namespace) -> None:
    seeds = Path(args.seeds)
    library = read_documents(seeds)
    amap = argmap.read(ROOT / "seeds" / "meta-open-models.argdown")
    report = verify_quotes(amap, library)
    queries = _queries(amap, report)
    n_passages = sum(len(d.paragraphs) for d in library)
    print(
        f"{len(library)} documents, {n_passages} paragraphs; {len(queries)} evidence→target pairs"
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
    rows = []
    for name, index in (("lexical", lexical), ("lexical+semantic", semantic)):
        if index is None:
            continue
        for subset in ("support", "support A", "support B", "all"):
            chosen = [q for q in queries if subset == "all" or q[2] == RelationKind.SUPPORT.value]
            half = len(chosen) // 2  # two fixed halves, in map order: a hold-out check
            if subset.endswith("A"):
                chosen = chosen[:half]
            elif subset.endswith("B"):
                chosen = chosen[half:]
            hits = dict.fromkeys((1, 5, 10), 0)
            t0 = time.process_time()
            for _eid, text, _kind, doc_id, gold in chosen:
                found = index.search(text, top=10, weight=args.weight)
                keys = [(c.document, c.locator) for c in found]
                for k in hits:
                    hits[k] += (doc_id, gold) in keys[:k]
            per = (time.process_time() - t0) / max(len(chosen), 1)
            rows.append((name, subset, len(chosen), *(hits[k] / len(chosen) for k in hits), per))
    print(
        f"index build (CPU): lexical {t_lex_index * 1000:.0f} ms, "
        f"with embeddings {t_sem_index * 1000:.0f} ms"
    )
    print(
        f"{'ranking':17} {'pairs':>9} {'n':>3} {'recall@1':>9} {'recall@5':>9} "
        f"{'recall@10':>10} {'CPU ms/claim':>13}"
    )
    for name, subset, n, r1, r5, r10, per in rows:
        print(f"{name:17} {subset:>9} {n:3d} {r1:9.2f} {r5:9.2f} {r10:10.2f} {per * 1000:13.2f}")


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
        statuses: dict[str, int] = {}
        for c in report.checks:
            statuses[c.verification.status.value] = statuses.get(c.verification.status.value, 0) + 1
        print(f"{args.docs} documents, {size_mb:.1f} MB, {n_par} paragraphs, {n_sent} sentences")
        print(f"read + split:      {t_read:7.2f} s  ({t_read / args.docs * 1000:.2f} ms/doc)")
        print(f"verify 200 quotes: {t_verify:7.2f} s  {statuses}")
        print(f"BM25 index:        {t_index:7.2f} s  ({t_index / args.docs * 1000:.3f} ms/doc)")
        print(f"find (lexical):    {t_find * 1000:7.1f} ms per claim")
        sem = None
        try:
            t0 = time.process_time()
            sem = EvidenceIndex(library, semantic=True)
            t_sem_index = time.process_time() - t0
            t0 = time.process_time()
            for c in claims:
                sem.search(c, top=5)
            t_sem = (time.process_time() - t0) / len(claims)
            print(
                f"index + embed:     {t_sem_index:7.2f} s; "
                f"find (+semantic) {t_sem * 1000:.1f} ms per claim"
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
    p.add_argument("--weight", type=float, default=0.5, help="semantic share of the score")
    p = sub.add_parser("scale")
    p.add_argument("--docs", type=int, default=1000)
    p.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    recall(args) if args.what == "recall" else scale(args)


if __name__ == "__main__":
    main()
