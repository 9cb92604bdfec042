"""Quote verification: is each quote of a map really in the document it cites?

Each quote is looked for, in this order:

1. **exact**: the quote's characters occur in the document's text;
2. **normalised**: they occur once both are normalised (Unicode NFKC, case folded, curly
   quotes and apostrophes made straight, every dash and minus a hyphen, runs of
   whitespace one space, zero-width characters dropped);
3. **approximate**: a passage matches with a similarity (rapidfuzz's partial ratio, 0-100)
   at or above ``threshold``;
4. otherwise **not found**, with the closest passage, its locator and its score.

Findings (``argmap check --sources``):

=====  =========================================================================
E501   the quote is not in its document (the closest passage is named)
E502   the source names a document that is not among the sources
E503   a source document cannot be read
W501   only an approximate match (score given)
W502   the map's locator is not the quote's exact locator (``--fix-locators``)
W503   the source names no document, but its quote was found in one
W504   ``--fix-locators`` could not write a verified quote's exact locator into the file
I501   found once normalised (quote marks, dashes, spaces or case differ)
I502   the quote's source names no document and none holds it: not checked
=====  =========================================================================
"""

from __future__ import annotations

import bisect
import os
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import attrs

from .._model import ArgumentMap, Location, QuoteStatus, Source, Statement, Verification
from .._validate import Finding, Severity
from ._document import Document, Passage, QuoteSelector
from ._library import Library, read_documents

__all__ = ["QuoteCheck", "QuoteReport", "normalise", "verify_quotes"]

_QUOTES = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "`": "'",
    "´": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "«": '"',
    "»": '"',
}
_DASHES = dict.fromkeys("‐‑‒–—―−﹘﹣－", "-")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


_TABLE = str.maketrans({**_QUOTES, **_DASHES, **dict.fromkeys(_ZERO_WIDTH, " ")})
_TOKEN = re.compile(r"\S+")


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` normalised for matching, and for each of its characters the offset in
    ``text`` it came from."""
    t = text.translate(_TABLE)  # one character for one: offsets are kept
    out: list[str] = []
    where: list[int] = []
    for m in _TOKEN.finditer(t):
        s, e = m.span()
        if out:
            out.append(" ")
            where.append(s - 1)
        token = m.group()
        if token.isascii():
            out.append(token.lower())
            where.extend(range(s, e))
            continue
        for i, ch in enumerate(token, s):  # NFKC and case folding may change lengths
            mapped = unicodedata.normalize("NFKC", ch).casefold()
            mapped = mapped.translate(_TABLE).replace(" ", "")
            out.append(mapped)
            where.extend([i] * len(mapped))
    return "".join(out), where


@attrs.frozen
class QuoteCheck:
    """One quote checked: the evidence statement, which of its sources, what was found."""

    statement: str
    index: int
    """The position of the source in the statement's ``sources``."""
    source: Source
    verification: Verification
    start: int | None = None
    """Offsets of the quote in the document's text, when found."""
    end: int | None = None
    found_by: str = ""
    """How the document was found: ``document``, ``url``, ``title`` or ``search``."""
    selector: QuoteSelector | None = None
    """The quote's span as a Web Annotation ``TextQuoteSelector``, when found."""

    @property
    def locator_mismatch(self) -> bool:
        v = self.verification
        return v.verified and v.locator is not None and self.source.locator != v.locator


@attrs.define
class QuoteReport:
    """What :func:`verify_quotes` found: each check, the findings, and the map with each
    source's :class:`~argmap.Verification` recorded."""

    map: ArgumentMap
    checks: list[QuoteCheck]
    findings: list[Finding]
    library: Library

    @property
    def verified(self) -> int:
        return sum(1 for c in self.checks if c.verification.verified)

    def as_dict(self) -> dict[str, Any]:
        return {
            "quotes": len(self.checks),
            "verified": self.verified,
            "checks": [
                {
                    "statement": c.statement,
                    "source": c.index,
                    "quote": c.source.quote,
                    "locator": c.source.locator,
                    **{k: v for k, v in attrs.asdict(c.verification).items() if v is not None},
                    "status": c.verification.status.value,
                    **({"selector": c.selector.as_dict()} if c.selector else {}),
                }
                for c in self.checks
            ],
            "findings": [f.as_dict() for f in self.findings],
        }


class _Normalised:
    """A document's normalised text (and its paragraphs'), made once when a quote is not
    found exactly."""

    __slots__ = ("_paragraphs", "doc", "text", "where")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text, self.where = normalise(doc.text)
        self._paragraphs: list[tuple[Passage, str, list[int]]] | None = None

    def paragraphs(self) -> list[tuple[Passage, str, list[int]]]:
        """Each paragraph with its slice of the normalised text and (absolute) offsets."""
        if self._paragraphs is None:
            out = []
            for p in self.doc.passages:
                if p.sentence is None:
                    i = bisect.bisect_left(self.where, p.start)
                    j = bisect.bisect_left(self.where, p.end)
                    out.append((p, self.text[i:j], self.where[i:j]))
            self._paragraphs = out
        return self._paragraphs


def _context(doc: Document, start: int, end: int, words: int = 8) -> tuple[str, str]:
    before = doc.text[max(0, start - 200) : start].split()
    after = doc.text[end : end + 200].split()
    return " ".join(before[-words:]), " ".join(after[:words])


def _find(
    quote: str, doc: Document, cache: dict[str, _Normalised], threshold: float
) -> tuple[QuoteStatus, int | None, int | None, float, Passage | None]:
    i = doc.text.find(quote)
    if i >= 0:
        return QuoteStatus.EXACT, i, i + len(quote), 100.0, None
    stripped = quote.strip().strip("\"'“”‘’").strip()
    if stripped and stripped != quote:
        i = doc.text.find(stripped)
        if i >= 0:
            return QuoteStatus.EXACT, i, i + len(stripped), 100.0, None
    norm = cache.get(doc.id)
    if norm is None:
        norm = cache[doc.id] = _Normalised(doc)
    q, _ = normalise(stripped or quote)
    q = q.strip("\"' ")
    if q:
        j = norm.text.find(q)
        if j >= 0:
            start = norm.where[j]
            end = norm.where[j + len(q) - 1] + 1
            return QuoteStatus.NORMALISED, start, end, 100.0, None
    from rapidfuzz import fuzz

    best: tuple[float, Passage | None, int, int] = (0.0, None, 0, 0)
    for p, pn, pw in norm.paragraphs():
        if not pn:
            continue
        al = fuzz.partial_ratio_alignment(q, pn)
        if al is not None and al.score > best[0]:
            a = pw[min(al.dest_start, len(pw) - 1)]
            b = pw[min(max(al.dest_end - 1, al.dest_start), len(pw) - 1)] + 1
            best = (al.score, p, a, b)
    score, passage, start, end = best
    if passage is not None and score >= threshold:
        return QuoteStatus.APPROXIMATE, start, end, round(score, 1), passage
    return QuoteStatus.NOT_FOUND, None, None, round(score, 1), passage


def _search_all(
    quote: str, library: Library, cache: dict[str, _Normalised]
) -> tuple[Document, QuoteStatus, int, int] | None:
    """The one document that holds ``quote`` exactly or once normalised."""
    hits = []
    q, _ = normalise(quote.strip().strip("\"'“”‘’").strip())
    for doc in library:
        i = doc.text.find(quote)
        if i >= 0:
            hits.append((doc, QuoteStatus.EXACT, i, i + len(quote)))
            continue
        if not q:
            continue
        norm = cache.get(doc.id)
        if norm is None:
            norm = cache[doc.id] = _Normalised(doc)
        j = norm.text.find(q)
        if j >= 0:
            hits.append(
                (doc, QuoteStatus.NORMALISED, norm.where[j], norm.where[j + len(q) - 1] + 1)
            )
    return hits[0] if len(hits) == 1 else None


def _location(amap: ArgumentMap, st: Statement) -> Location | None:
    loc = st.location
    if loc is None:
        return Location(amap.source_path) if amap.source_path else None
    if loc.path is None and amap.source_path:
        return attrs.evolve(loc, path=amap.source_path)
    return loc


def verify_quotes(
    amap: ArgumentMap,
    sources: Library | Iterable[Document] | str | os.PathLike[str],
    *,
    threshold: float = 85.0,
) -> QuoteReport:
    """Check every quote of ``amap`` against the source documents (a :class:`Library`,
    documents, or a folder of them).

    Returns a :class:`QuoteReport`; its ``map`` is a copy of ``amap`` whose sources carry
    their :class:`~argmap.Verification` (``amap`` itself is not changed).
    """
    if isinstance(sources, Library):
        library = sources
    elif isinstance(sources, (str, os.PathLike)):
        library = read_documents(sources, errors="collect")
    else:
        library = Library(sources)
    cache: dict[str, _Normalised] = {}
    checks: list[QuoteCheck] = []
    findings: list[Finding] = []
    err, warn, info = Severity.ERROR, Severity.WARNING, Severity.INFO
    for problem in library.problems:
        path = getattr(problem, "path", None)
        line = getattr(problem, "line", None)
        column = getattr(problem, "column", None)
        findings.append(
            Finding(
                err,
                "E503",
                f"source document cannot be read: {getattr(problem, 'message', problem)}",
                None,
                Location(path, line, column) if path else None,
            )
        )
    replaced: dict[str, Statement] = {}
    for st in amap.statements.values():
        if not st.sources:
            continue
        new_sources = list(st.sources)
        for k, src in enumerate(st.sources):
            if not src.quote:
                continue
            where = _location(amap, st)
            doc, found_by = library.resolve(src)
            if doc is None and src.document:
                v = Verification(QuoteStatus.NO_DOCUMENT, document=src.document)
                findings.append(
                    Finding(
                        err,
                        "E502",
                        f"evidence {st.id!r} cites document {src.document!r}, which is not "
                        f"among the {len(library)} source document(s)",
                        st.id,
                        where,
                    )
                )
                checks.append(QuoteCheck(st.id, k, src, v))
                new_sources[k] = attrs.evolve(src, verification=v)
                continue
            if doc is None:
                hit = _search_all(src.quote, library, cache)
                if hit is None:
                    v = Verification(QuoteStatus.NO_DOCUMENT)
                    findings.append(
                        Finding(
                            info,
                            "I502",
                            f"evidence {st.id!r}: its source names no document (add "
                            f"'document: FILE'), and no source document holds its quote",
                            st.id,
                            where,
                        )
                    )
                    checks.append(QuoteCheck(st.id, k, src, v))
                    new_sources[k] = attrs.evolve(src, verification=v)
                    continue
                doc, status, start, end = hit
                found_by = "search"
                score: float = 100.0
                near: Passage | None = None
            else:
                status, s0, e0, score, near = _find(src.quote, doc, cache, threshold)
                start, end = (s0 or 0), (e0 or 0)
            if status is QuoteStatus.NOT_FOUND:
                assert near is not None or not doc.passages
                loc = near.locator if near is not None else None
                v = Verification(status, doc.id, loc, score)
                closest = (
                    f"; the closest passage is {loc} (similarity {score:.0f}): "
                    f"{_short(near.text)!r}"
                    if near is not None
                    else ""
                )
                findings.append(
                    Finding(
                        err,
                        "E501",
                        f"evidence {st.id!r}: the quote is not in {doc.id}{closest}",
                        st.id,
                        where,
                    )
                )
                checks.append(QuoteCheck(st.id, k, src, v, found_by=found_by))
                new_sources[k] = attrs.evolve(src, verification=v)
                continue
            locator = doc.locate(start, end)
            prefix, suffix = _context(doc, start, end)
            v = Verification(status, doc.id, locator, score, prefix or None, suffix or None)
            check = QuoteCheck(st.id, k, src, v, start, end, found_by, doc.selector(start, end))
            checks.append(check)
            new_sources[k] = attrs.evolve(src, verification=v)
            if status is QuoteStatus.APPROXIMATE:
                findings.append(
                    Finding(
                        warn,
                        "W501",
                        f"evidence {st.id!r}: only an approximate match in {doc.id} at "
                        f"{locator} (similarity {score:.0f}): "
                        f"{_short(doc.text[start:end])!r}",
                        st.id,
                        where,
                    )
                )
            elif status is QuoteStatus.NORMALISED:
                findings.append(
                    Finding(
                        info,
                        "I501",
                        f"evidence {st.id!r}: the quote is in {doc.id} at {locator} once "
                        f"quote marks, dashes, spaces and case are normalised",
                        st.id,
                        where,
                    )
                )
            if found_by == "search":
                findings.append(
                    Finding(
                        warn,
                        "W503",
                        f"evidence {st.id!r}: its source names no document, but the quote "
                        f"is in {doc.id} at {locator} (add document: {doc.id!r}; "
                        f"--fix-locators does)",
                        st.id,
                        where,
                    )
                )
            elif check.locator_mismatch:
                was = f"{src.locator!r}" if src.locator else "no locator"
                findings.append(
                    Finding(
                        warn,
                        "W502",
                        f"evidence {st.id!r}: the map gives {was}; the quote's exact locator "
                        f"is {locator} (--fix-locators writes it)",
                        st.id,
                        where,
                    )
                )
        replaced[st.id] = attrs.evolve(st, sources=new_sources)
    findings.sort(key=lambda f: _SEVERITY_ORDER[f.severity])
    return QuoteReport(_with_statements(amap, replaced), checks, findings, library)


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _with_statements(amap: ArgumentMap, replaced: dict[str, Statement]) -> ArgumentMap:
    out = ArgumentMap(
        amap.title,
        description=amap.description,
        meta=amap.meta,
        source_path=amap.source_path,
        included_paths=amap.included_paths,
    )
    out.add_all(list(amap.groups.values()))
    out.add_all([replaced.get(s.id, s) for s in amap.statements.values()])
    out.add_all(list(amap.arguments.values()))
    out.add_all(list(amap.relations.values()))
    return out


_WORD = re.compile(r"\w+")
