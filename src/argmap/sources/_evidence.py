"""The evidence finder: for a claim, the passages of the source documents most likely
to bear on it.

Every paragraph of the documents is ranked by up to four signals, fused by reciprocal
rank (each signal gives a paragraph ``1 / (60 + its rank)``; the sum decides), so that no
signal's score scale matters and none can hide a paragraph the others rank high:

- **lexical** (always): BM25 (bm25s, English stop words, Snowball stemming after
  British spellings are made American and irregular verb forms their base: "licence"
  finds "license", "caught up" "catching up") of the paragraph, and of the paragraph in
  context (with the paragraphs before and after it and the heading it stands under): a
  one-line comment or a short paragraph often names its topic only around it;
- **semantic** (the ``argmap[evidence]`` extra): the cosine similarity of claim and
  paragraph (that of its closest sentence, when higher) and of claim and paragraph in
  context, from wordllama's small static embedding model, whose 256-dimensional weights
  ship inside its wheel. ``weight`` is the semantic signals' share (0.5: all alike).

A heading or a one-line lead-in (ten words or fewer, not ending as a sentence does) counts
half: it often shares the claim's words, but the evidence is in the passages under it.

A claim asked for in a map brings its **map context** (:func:`claim_context`): the texts
of what it supports or attacks, of the argument it is a premise of and that argument's
conclusion, its section headings, tags and title; never anything of an evidence
statement. The context has a small share (``context``, 0.05 by default) of each signal: its
BM25 scores are added at that weight, and its embedding is added to the claim's at that
weight before the cosine; it breaks ties between passages the claim alone ranks alike
("Meta wants commodity models" finds the paragraph on "scenario 2", the argument's topic).

Nothing is fetched from the network, ever: the model is loaded from the installed
package's own files, and a missing file is an error, not a download. The paragraphs'
embeddings are computed once per :class:`EvidenceIndex`.

Each candidate carries its best sentence as a quote, so it can be pasted into a map as
an Argdown evidence snippet (:meth:`Candidate.argdown`).
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import attrs

from .._errors import ArgmapError
from .._log import logger
from .._model import Argument, ArgumentMap, QuoteStatus, Source, Statement
from ._document import Document, Passage
from ._library import Library, read_documents

__all__ = [
    "Candidate",
    "ClaimEvidence",
    "EvidenceIndex",
    "MapCitations",
    "claim_context",
    "find_evidence",
    "load_embedder",
    "map_citations",
]

log = logger()


@attrs.frozen
class Candidate:
    """A passage proposed as evidence for a claim."""

    document: str
    locator: str
    """The paragraph's locator."""
    score: float
    """The fused score: 1 for a paragraph every signal ranks first, about 0 for the last."""
    lexical: float
    """The raw BM25 score."""
    semantic: float | None
    """Cosine similarity of claim and passage, when the embedding model ran."""
    text: str
    """The paragraph."""
    quote: str
    """Its sentence that matches the claim best."""
    quote_locator: str
    title: str | None = None
    url: str | None = None
    section: str | None = None
    cited: bool = False
    """The map already cites this paragraph as evidence for the claim (see
    :func:`map_citations`): known evidence, listed after the new candidates."""

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)

    def argdown(self, claim_title: str | None = None, *, label: str | None = None) -> str:
        """A ready-to-paste Argdown evidence statement supporting ``claim_title``."""
        data: dict[str, str] = {"source": self.title or self.document}
        if self.url:
            data["url"] = self.url
        data["document"] = self.document
        data["quote"] = self.quote
        data["locator"] = self.quote_locator
        body = ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items())
        name = label or f"{self.document} {self.quote_locator}"
        words = self.quote.split()
        gist = " ".join(words[:20]) + (" …" if len(words) > 20 else "")
        where = self.title or self.document
        head = f"[{claim_title}]\n  + " if claim_title else ""
        indent = "    " if claim_title else "  "
        text = _argdown_text(f"{where}: “{gist}”")
        return f"{head}[{_argdown_text(name)}]: {text}\n{indent}{{{body}}}\n"


@attrs.frozen
class ClaimEvidence:
    """The candidates for one claim, best first."""

    claim: str
    """The claim's id."""
    text: str
    candidates: tuple[Candidate, ...]
    context: str = ""
    """The map context the query was expanded with (:func:`claim_context`), if any."""
    evidence: tuple[str, ...] = ()
    """The map's evidence statements around the claim that :func:`map_citations`
    looked at (for the map prior and the known evidence), if any."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "text": self.text,
            "context": self.context,
            "evidence": list(self.evidence),
            "candidates": [c.as_dict() for c in self.candidates],
        }


_PACKAGE_MODEL = (
    "weights/l2_supercat_256.safetensors",
    "tokenizers/l2_supercat_tokenizer_config.json",
)


def load_embedder() -> Any:
    """wordllama's bundled 256-d model, loaded from the installed wheel's own files.

    Raises :class:`~argmap.ArgmapError` with an install hint when wordllama is missing,
    and never downloads anything.
    """
    root_logger = logging.getLogger()
    guard = logging.NullHandler()
    added = not root_logger.handlers
    if added:  # wordllama calls logging.basicConfig() on import: keep the root logger ours
        root_logger.addHandler(guard)
    try:
        import importlib.resources

        from safetensors import safe_open
        from wordllama import WordLlama, WordLlamaInference
    except ImportError:
        raise ArgmapError(
            "semantic ranking needs wordllama: pip install 'argmap[evidence]' "
            "(or run without it: --no-semantic)"
        ) from None
    finally:
        if added:
            root_logger.removeHandler(guard)
    base = importlib.resources.files("wordllama")
    weights, tokenizer = (base.joinpath(p) for p in _PACKAGE_MODEL)
    if not (weights.is_file() and tokenizer.is_file()):
        raise ArgmapError(
            "wordllama is installed without its bundled model files "
            f"({', '.join(_PACKAGE_MODEL)}); argmap never downloads models"
        )
    from pathlib import Path

    tok = WordLlama.load_tokenizer(Path(str(tokenizer)))
    with safe_open(str(weights), framework="np", device="cpu") as fh:
        embedding = fh.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, tok)


class EvidenceIndex:
    """The ranking signals over the paragraphs of a :class:`Library`, built once and
    queried many times: two BM25 indexes (each paragraph alone, and the paragraph with its
    neighbours), and with ``semantic`` the paragraphs' embeddings (computed once per
    index: a caller ranking many claims builds one index and passes it around)."""

    def __init__(self, library: Library, *, semantic: bool = False) -> None:
        import numpy as np

        self.library = library
        self.passages: list[tuple[Document, Passage]] = [
            (doc, p) for doc in library for p in doc.paragraphs if len(p.text.split()) >= 3
        ]
        self._np = np
        self._stemmer = _stemmer()
        texts = [p.text for _, p in self.passages]
        # a passage's neighbours: the kept paragraphs before and after it in its document
        n = len(self.passages)
        same = [i + 1 < n and self.passages[i + 1][0] is self.passages[i][0] for i in range(n)]
        self._prev = np.asarray([i - 1 if i and same[i - 1] else -1 for i in range(n)])
        self._next = np.asarray([i + 1 if same[i] else -1 for i in range(n)])
        contexts = [
            " ".join(texts[j] for j in (self._prev[i], i, self._next[i]) if j >= 0)
            for i in range(n)
        ]
        # and the heading it stands under (its section, or the last heading-like line
        # before it in a plain text): a heading names the topic of several paragraphs
        self._heading = np.asarray([_heading_like(t) for t in texts], dtype=bool)
        heading = ""
        for i in range(n):
            if i and self.passages[i][0] is not self.passages[i - 1][0]:
                heading = ""
            if self._heading[i]:
                heading = texts[i]
                continue
            section = self.passages[i][1].section or heading
            if section and not (self._prev[i] >= 0 and texts[self._prev[i]] == section):
                contexts[i] = f"{section} {contexts[i]}"
        self._bm25 = self._bm25_index(texts)
        self._bm25_context = self._bm25_index(contexts)
        # where each passage is: its document's number and its paragraph number, for the
        # map prior's nearness; and each (document id, locator) to its passage's index
        doc_no: dict[int, int] = {}
        self._doc_no = np.asarray(
            [doc_no.setdefault(id(d), len(doc_no)) for d, _ in self.passages], dtype="int64"
        )
        self._para_no = np.asarray([p.paragraph for _, p in self.passages], dtype="float64")
        self._where = {(d.id, p.locator): i for i, (d, p) in enumerate(self.passages)}
        self._located: dict[Any, tuple[int, ...]] = {}
        self.embedder = load_embedder() if semantic else None
        self._vectors: Any = None
        self._context_vectors: Any = None
        self._sentence_vectors: Any = None
        self._sentence_owner: Any = None
        """The paragraphs that have sentences, each once; ``_sentence_starts``: where
        each one's sentences begin in ``_sentence_vectors``."""
        self._sentence_starts: Any = None
        if self.embedder is not None and texts:
            self._vectors = self._embed(texts)
            self._context_vectors = self._embed(contexts)
            # a paragraph is as close to the claim as its closest sentence (or itself):
            # averaged word vectors of a long paragraph blur what any one sentence says
            owner: list[int] = []
            sentences: list[str] = []
            for i, (doc, p) in enumerate(self.passages):
                for s in doc.passages:
                    if s.paragraph == p.paragraph and s.sentence is not None:
                        sentences.append(s.text)
                        owner.append(i)
            if sentences:
                self._sentence_vectors = self._embed(sentences)
                # owners ascend (passage order): each paragraph's sentences are one run
                owners = np.asarray(owner)
                starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
                self._sentence_owner = owners[starts]
                self._sentence_starts = starts

    def _bm25_index(self, texts: Sequence[str]) -> Any:
        import bm25s

        index = bm25s.BM25()
        if texts:
            tokens = bm25s.tokenize(
                list(texts), stopwords="en", stemmer=self._stemmer, show_progress=False
            )
            index.index(tokens, show_progress=False)
        return index

    def _embed(self, texts: Sequence[str]) -> Any:
        assert self.embedder is not None
        vecs = self._np.asarray(self.embedder.embed(list(texts)), dtype="float32")
        return _unit(self._np, vecs)

    def _lexical(self, query: str) -> tuple[Any, Any]:
        """BM25 scores of every passage for ``query``: alone and in context."""
        import bm25s

        zeros = self._np.zeros(len(self.passages), dtype="float32")
        if not self.passages:
            return zeros, zeros
        tokens = bm25s.tokenize(
            [query],
            stopwords="en",
            stemmer=self._stemmer,
            return_ids=False,
            show_progress=False,
        )[0]
        out = []
        for index in (self._bm25, self._bm25_context):
            known = [w for w in tokens if w in index.vocab_dict]
            got = index.get_scores(known) if known else zeros
            out.append(self._np.asarray(got, dtype="float32"))
        return out[0], out[1]

    def _semantic(self, qvs: Any) -> tuple[Any, Any]:
        """Cosine similarities of every passage to each unit query vector (rows of
        ``qvs``; one row of the result per query): alone (or its closest sentence, when
        closer) and in context."""
        np = self._np
        sem = qvs @ self._vectors.T
        if self._sentence_vectors is not None:
            closest = np.maximum.reduceat(qvs @ self._sentence_vectors.T, self._sentence_starts, 1)
            owners = self._sentence_owner
            sem[:, owners] = np.maximum(sem[:, owners], closest)
        return sem, qvs @ self._context_vectors.T

    def search(
        self,
        query: str,
        *,
        top: int = 5,
        weight: float = 0.5,
        context: str = "",
        context_weight: float = 0.05,
        clauses: bool = True,
        prior: Mapping[tuple[str, str], float] | None = None,
        prior_weight: float = 0.0,
        prior_spread: float = 3.0,
        prior_document: float = 0.0,
        known: Collection[tuple[str, str]] = (),
    ) -> list[Candidate]:
        """The ``top`` passages for ``query``, ranked over all passages by reciprocal rank
        fusion of the signals; ``weight`` is the semantic signals' share of the fused
        score (0.5: all signals count alike). ``context`` (a claim's map context, see
        :func:`claim_context`) expands the query: its BM25 scores are added at
        ``context_weight``, and its embedding is added to the query's at that weight.
        With ``clauses``, a query of several clauses (:func:`_clauses`) is also asked
        clause by clause, and the clauses' mean fused score counts as much as the whole
        query's.

        ``prior`` (see :func:`map_citations`) maps paragraphs, as (document id, locator),
        to weights: paragraphs cited near the claim in its map. Each paragraph of a cited
        paragraph's document gets its weight times ``prior_document + (1 -
        prior_document) * exp(-distance / prior_spread)`` (distance in paragraphs; the
        cited paragraph itself gets all of it); the sums, scaled to a best of 1, are
        added to the fused score at ``prior_weight`` (a fused score's best is 1).
        ``known`` paragraphs (already cited for the claim) are marked ``cited`` and listed
        after all others."""
        np = self._np
        if not self.passages or not query.strip():
            return []
        queries = [query, *(_clauses(query) if clauses else ())]
        share = context_weight if context.strip() else 0.0
        more = self._lexical(context) if share > 0 else None
        vectors: Any = None
        if self._vectors is not None:
            vectors = self._embed([*queries, context] if share > 0 else queries)
            if share > 0:
                vectors = _unit(np, vectors[:-1] + share * vectors[-1])
        sems = self._semantic(vectors) if vectors is not None else None
        fused = np.zeros(len(self.passages), dtype="float64")
        lex = lex_context = sem = None
        for k, q in enumerate(queries):
            q_lex, q_lex_context = self._lexical(q)
            if more is not None:
                q_lex, q_lex_context = q_lex + share * more[0], q_lex_context + share * more[1]
            signals = [(q_lex, 1.0 - weight), (q_lex_context, 1.0 - weight)]
            q_sem = None
            if sems is not None:
                q_sem, q_sem_context = sems[0][k], sems[1][k]
                signals += [(q_sem, weight), (q_sem_context, weight)]
            else:
                signals = [(x, 1.0) for x, _ in signals]
            part = np.zeros(len(self.passages), dtype="float64")
            for scores, signal_share in signals:
                part += signal_share * _reciprocal_ranks(np, scores)
            part /= sum(w for _, w in signals) / (_RRF_K + 1)  # the best possible is 1
            if k == 0:
                lex, lex_context, sem = q_lex, q_lex_context, q_sem
                fused += part
            else:  # the clauses' mean counts as much as the whole query
                fused += part / (len(queries) - 1)
        if len(queries) > 1:
            fused /= 2.0
        assert lex is not None
        assert lex_context is not None
        if sem is None:  # lexical only: a passage sharing no word with the claim is no candidate
            fused[(lex <= 0) & (lex_context <= 0)] = -1.0
        # a heading or a one-line lead-in ("The benefits of open source") shares the
        # claim's words but is no evidence: it counts half, below the passages under it
        fused[self._heading & (fused > 0)] *= 0.5
        if prior and prior_weight > 0:
            near = self._prior(prior, prior_spread, prior_document)
            fused[fused >= 0] += prior_weight * near[fused >= 0]
        cited = np.zeros(len(self.passages), dtype=bool)
        for key in known:
            j = self._where.get(key)
            if j is not None:
                cited[j] = True
        # the map's known evidence for the claim last, the new candidates first
        order = np.lexsort((-fused, cited))[:top]
        out = []
        for i in (int(i) for i in order):
            if fused[i] < 0:
                continue
            doc, p = self.passages[i]
            quote = self._best_sentence(doc, p, query)
            out.append(
                Candidate(
                    document=doc.id,
                    locator=p.locator,
                    score=round(float(fused[i]), 4),
                    lexical=round(float(lex[i]), 4),
                    semantic=round(float(sem[i]), 4) if sem is not None else None,
                    text=p.text,
                    quote=quote.text,
                    quote_locator=quote.locator,
                    title=doc.title,
                    url=doc.url,
                    section=p.section,
                    cited=bool(cited[i]),
                )
            )
        return out

    def _prior(self, prior: Mapping[tuple[str, str], float], spread: float, document: float) -> Any:
        """Each passage's nearness to the cited paragraphs ``prior`` (weights): the sum
        over them of ``weight * (document + (1 - document) * exp(-distance / spread))``
        within the same document (0 in another), scaled to a best of 1."""
        np = self._np
        out = np.zeros(len(self.passages), dtype="float64")
        for key, w in prior.items():
            j = self._where.get(key)
            if j is None or w <= 0:
                continue
            same = self._doc_no == self._doc_no[j]
            dist = np.abs(self._para_no[same] - self._para_no[j])
            out[same] += w * (document + (1.0 - document) * np.exp(-dist / max(spread, 1e-9)))
        best = out.max() if len(out) else 0.0
        return out / best if best > 0 else out

    def locate(self, source: Source) -> tuple[tuple[str, str], ...]:
        """The paragraphs, as (document id, locator), that ``source``'s quote verifies
        to (exactly or once normalised, as :func:`~argmap.verify_quotes` checks it);
        none when it has no quote or it is not found. Cached per index."""
        if not source.quote:
            return ()
        key = (source.document, source.url, source.title, source.quote)
        hit = self._located.get(key)
        if hit is None:
            hit = self._located[key] = self._locate_uncached(source)
        return tuple((self.passages[i][0].id, self.passages[i][1].locator) for i in hit)

    def _locate_uncached(self, source: Source) -> tuple[int, ...]:
        from ._verify import _find, _search_all

        assert source.quote
        cache: dict[str, Any] = {}
        doc, _ = self.library.resolve(source)
        if doc is None:
            if source.document:
                return ()
            found = _search_all(source.quote, self.library, cache)
            if found is None:
                return ()
            doc, _, start, end = found
        else:
            status, s0, e0, _, _ = _find(source.quote, doc, cache, 100.0)
            if status not in (QuoteStatus.EXACT, QuoteStatus.NORMALISED):
                return ()
            start, end = s0 or 0, e0 or 0
        return tuple(
            j
            for p in doc.paragraphs
            if p.start < end and start < p.end
            for j in [self._where.get((doc.id, p.locator))]
            if j is not None
        )

    def _best_sentence(self, doc: Document, paragraph: Passage, query: str) -> Passage:
        sentences = [s for s in doc.passages if s.paragraph == paragraph.paragraph and s.sentence]
        if len(sentences) <= 1:
            return paragraph
        words = _stems(query, self._stemmer)
        best = max(
            sentences,
            key=lambda s: (len(words & _stems(s.text, self._stemmer)), -s.sentence),  # type: ignore[operator]
        )
        return best


_RRF_K = 60
"""Reciprocal rank fusion's constant (Cormack et al. 2009): a passage's share from one
signal is ``1 / (k + rank)``; 60 damps the gap between the first few ranks."""


def _reciprocal_ranks(np: Any, scores: Any) -> Any:
    """``1 / (k + rank)`` for each score (rank 1 is the highest; ties keep index order)."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype="float64")
    ranks[order] = np.arange(1, len(scores) + 1)
    return 1.0 / (_RRF_K + ranks)


_CLAUSE_BREAK = re.compile(
    r"\s*[:;,]\s*(?:(?:and|but|or|so|because|while|whereas)\b)?"
    r"|\s+(?:so|because|while|whereas|whose)\s+|\s+[–—]\s+"
)


def _clauses(text: str) -> list[str]:
    """The clauses of a claim of several, each of three words or more ("Meta sells ads,
    not models, so giving models away costs it no product revenue" → "Meta sells ads",
    "giving models away costs it no product revenue"); none for a claim of one clause.
    A claim's evidence often bears on one of its parts, which the whole claim's other
    words drown."""
    parts = [p.strip(" .!?\"'“”‘’()") for p in _CLAUSE_BREAK.split(text)]
    kept = [p for p in parts if len(p.split()) >= 3]
    return kept if len(kept) > 1 else []


def _heading_like(text: str) -> bool:
    """A title or a lead-in, not a passage: a short line that does not end as a sentence
    does ("The benefits of open source", "### Apple and Meta", "It's hardly charity:")."""
    if len(text.split()) > 10:
        return False
    return not text.rstrip("\"'”’)]*_ ").endswith((".", "!", "?", "…"))


def _unit(np: Any, vecs: Any) -> Any:
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms


def _argdown_text(text: str) -> str:
    """Text safe to paste into an Argdown statement (no brackets, tags, data or comments)."""
    for ch in "[]<>{}#":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.replace("//", "/ /").split())


def _stemmer() -> Any:
    """Snowball (PyStemmer) behind British-to-American spelling and irregular verb forms:
    both the claims and the documents go through it, so "licence" meets "license",
    "commoditise" "commoditize", "caught" "catching"."""
    try:
        import Stemmer

        return _SpellingStemmer(Stemmer.Stemmer("english"))
    except ImportError:  # PyStemmer is a dependency; without it BM25 works on plain words
        return _SpellingStemmer(None)


class _SpellingStemmer:
    """``stemWords`` (what bm25s calls) of a Snowball stemmer, on words spelt the American
    way first (:func:`_american`)."""

    def __init__(self, snowball: Any) -> None:
        self._snowball = snowball
        self._stems: dict[str, str] = {}  # a word's stem, once: claims reuse their words

    def stemWords(self, words: Sequence[str]) -> list[str]:  # PyStemmer's name
        stems = self._stems
        new = [w for w in dict.fromkeys(words) if w not in stems]
        if new:
            spelt = [_american(w) for w in new]
            got = self._snowball.stemWords(spelt) if self._snowball else spelt
            stems.update(zip(new, got, strict=True))
        return [stems[w] for w in words]


_BRITISH_ENDINGS = (
    # (ending, replacement, shortest stem left before the ending)
    ("isations", "izations", 2),
    ("isation", "ization", 2),
    ("ising", "izing", 3),
    ("ised", "ized", 3),
    ("ises", "izes", 3),
    ("iser", "izer", 3),
    ("ise", "ize", 3),
    ("ysing", "yzing", 3),
    ("ysed", "yzed", 3),
    ("yse", "yze", 3),
    ("ours", "ors", 3),
    ("oured", "ored", 3),
    ("ouring", "oring", 3),
    ("our", "or", 3),
    ("tres", "ters", 2),
    ("tre", "ter", 2),
)
_BRITISH_STEMS = {"licenc": "licens", "defenc": "defens", "offenc": "offens"}


_IRREGULAR = {
    form: base
    for base, forms in {
        "be": "was were been",
        "become": "became",
        "begin": "began begun",
        "break": "broke broken",
        "bring": "brought",
        "build": "built",
        "buy": "bought",
        "catch": "caught",
        "choose": "chose chosen",
        "come": "came",
        "do": "did done",
        "draw": "drew drawn",
        "drive": "drove driven",
        "fall": "fell fallen",
        "feel": "felt",
        "fight": "fought",
        "find": "found",
        "fly": "flew flown",
        "forget": "forgot forgotten",
        "get": "got gotten",
        "give": "gave given",
        "go": "went gone",
        "grow": "grew grown",
        "have": "had has",
        "hold": "held",
        "keep": "kept",
        "know": "knew known",
        "lead": "led",
        "lose": "lost",
        "make": "made",
        "mean": "meant",
        "meet": "met",
        "pay": "paid",
        "rise": "risen",
        "run": "ran",
        "say": "said",
        "see": "seen",
        "seek": "sought",
        "sell": "sold",
        "send": "sent",
        "show": "shown",
        "speak": "spoke spoken",
        "spend": "spent",
        "stand": "stood",
        "take": "took taken",
        "teach": "taught",
        "tell": "told",
        "think": "thought",
        "throw": "threw thrown",
        "understand": "understood",
        "win": "won",
        "write": "wrote written",
    }.items()
    for form in forms.split()
}
"""Common irregular verb forms and their base: "caught up" finds "catching up"."""


def _american(word: str) -> str:
    """``word`` in American spelling, by its ending (licence → license, commoditise →
    commoditize, behaviour → behavior, centre → center); an irregular verb form becomes
    its base (caught → catch), which the stemmer cannot do. Claims and documents are both
    respelt, so a word the rules respell wrongly ("promise" → "promize") still matches
    itself."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for british, american in _BRITISH_STEMS.items():
        if word.startswith(british):
            return american + word[len(british) :]
    for ending, replacement, stem in _BRITISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= stem:
            return word[: -len(ending)] + replacement
    return word


def _stems(text: str, stemmer: Any) -> set[str]:
    import bm25s.stopwords

    stop = set(bm25s.stopwords.STOPWORDS_EN)
    words = [w for w in "".join(c if c.isalnum() else " " for c in text.lower()).split()]
    kept = [w for w in words if w not in stop]
    return set(stemmer.stemWords(kept) if stemmer else kept)


def claim_context(
    amap: ArgumentMap, node: str, *, _premise_of: dict[str, list[Argument]] | None = None
) -> str:
    """What the map says around the statement or argument ``node``, as one text to expand
    the query for its evidence with: the texts of the statements and arguments it supports
    or attacks (an argument: its conclusion first), of each argument it is a premise of and
    of that argument's conclusion, its section headings (innermost first), its tags and its
    title (when not its text).

    Nothing of an evidence statement is used, neither its text nor its sources: the
    context is the map's argument structure, never the evidence already in it (an
    evidence statement that ``node`` attacks, say, adds nothing)."""
    st = amap.statements.get(node)
    element: Statement | Argument | None = st if st is not None else amap.arguments.get(node)
    if element is None:
        raise ArgmapError(f"no statement or argument {node!r} in the map")
    own = st.text if st is not None else (element.text or element.title or "")
    parts: list[str] = []

    def add(ref: str | None) -> None:
        if ref is None:
            return
        s = amap.statements.get(ref)
        if s is not None:
            if not s.is_evidence:
                parts.append(s.text)
            return
        a = amap.arguments.get(ref)
        if a is not None and (a.text or a.title):
            parts.append(a.text or a.title or "")

    if isinstance(element, Argument):  # an argument supports its conclusion
        add(element.conclusion)
    for rel in amap.outgoing(node):  # what it supports or attacks (a relation target: none)
        add(rel.target)
    if _premise_of is None:
        arguments = [a for a in amap.arguments.values() if node in a.premises]
    else:
        arguments = _premise_of.get(node, [])
    for arg in arguments:
        add(arg.id)
        add(arg.conclusion)
    group = element.group
    seen: set[str] = set()
    while group is not None and group not in seen and group in amap.groups:
        seen.add(group)
        parts.append(amap.groups[group].title)
        group = amap.groups[group].parent
    parts.extend(element.tags)
    if element.title and element.title != own:
        parts.append(element.title)
    return " ".join(dict.fromkeys(p.strip() for p in parts if p.strip()))


_PRIOR_LEVELS = {"claim": 1.0, "near": 0.5, "section": 0.25}
"""The weight of a paragraph cited by the claim's own evidence, by the evidence of the
statements and arguments next to it, and by other evidence of its sections."""


@attrs.frozen
class MapCitations:
    """What a map already cites around one claim (:func:`map_citations`)."""

    prior: dict[tuple[str, str], float]
    """Cited paragraphs, as (document id, locator), and their weight: the claim's own
    evidence counts 1, that of its neighbours 0.5, other evidence of its sections 0.25
    (the largest, where a paragraph is cited at several)."""
    known: frozenset[tuple[str, str]]
    """The paragraphs the claim's own evidence quotes."""
    evidence: dict[str, str]
    """The evidence statements used, each with its level: ``claim``, ``near``,
    ``section``."""


def _related(amap: ArgumentMap, node: str) -> list[str]:
    """What ``node`` has a relation with, either way (relation targets left out)."""
    out = [r.target for r in amap.outgoing(node)]
    out += [r.source for r in amap.incoming(node)]
    return [x for x in out if x in amap.statements or x in amap.arguments]


@attrs.define
class _Around:
    """A map's arguments by premise and by conclusion and its evidence by section, made
    once per map, so that asking about each claim costs only what is near it."""

    premise_of: dict[str, list[Argument]]
    conclusion_of: dict[str, list[Argument]]
    evidence_in: dict[str, list[str]]
    position: dict[str, int]  # of each evidence statement in the map

    @classmethod
    def of(cls, amap: ArgumentMap) -> _Around:
        premise_of: dict[str, list[Argument]] = {}
        conclusion_of: dict[str, list[Argument]] = {}
        for arg in amap.arguments.values():
            for p in dict.fromkeys(arg.premises):
                premise_of.setdefault(p, []).append(arg)
            if arg.conclusion:
                conclusion_of.setdefault(arg.conclusion, []).append(arg)
        evidence_in: dict[str, list[str]] = {}
        position: dict[str, int] = {}
        for st in amap.statements.values():
            if st.is_evidence and st.group is not None:
                evidence_in.setdefault(st.group, []).append(st.id)
                position[st.id] = len(position)
        return cls(premise_of, conclusion_of, evidence_in, position)


def map_citations(
    amap: ArgumentMap,
    node: str,
    index: EvidenceIndex,
    *,
    _around: _Around | None = None,
) -> MapCitations:
    """The paragraphs that the evidence already in ``amap`` quotes around the statement
    or argument ``node`` (each quote located in ``index``'s documents, as
    :func:`~argmap.verify_quotes` finds it; an unverified quote counts for nothing):

    - **claim**: evidence statements that support or attack ``node`` (their paragraphs
      are also :attr:`MapCitations.known`);
    - **near**: evidence that ``node`` attacks or supports, and the evidence of what it
      has a relation with, of the arguments it is a premise or the conclusion of, and of
      their other premises and conclusions;
    - **section**: the other evidence statements in ``node``'s section and in the
      sections of its own evidence.

    Quotes for one point cluster in one passage of one article: the paragraphs these
    cite, and those next to them, are likely places for more."""
    element = amap.statements.get(node) or amap.arguments.get(node)
    if element is None:
        raise ArgmapError(f"no statement or argument {node!r} in the map")

    def evidence_of(ids: Iterable[str]) -> list[str]:
        out = []
        for x in ids:
            st = amap.statements.get(x)
            if st is not None and st.is_evidence:
                out.append(x)
                continue
            out.extend(
                y
                for y in _related(amap, x)
                if y in amap.statements and amap.statements[y].is_evidence
            )
        return out

    level: dict[str, str] = {}
    for rel in amap.incoming(node):  # the evidence for or against it
        st = amap.statements.get(rel.source)
        if st is not None and st.is_evidence and st.id != node:
            level.setdefault(st.id, "claim")
    near: list[str] = []
    if isinstance(element, Argument):
        near += [*element.premises, *([element.conclusion] if element.conclusion else [])]
    near += [x for x in _related(amap, node) if x not in level]
    around = _around if _around is not None else _Around.of(amap)
    arguments = [*around.premise_of.get(node, ()), *around.conclusion_of.get(node, ())]
    for arg in arguments:
        near += [arg.id, *arg.premises, *([arg.conclusion] if arg.conclusion else [])]
    for e in evidence_of(x for x in dict.fromkeys(near) if x != node):
        if e != node:
            level.setdefault(e, "near")
    groups = {element.group} | {
        amap.statements[e].group for e, lv in level.items() if lv == "claim"
    }
    in_sections = {e for g in groups if g is not None for e in around.evidence_in.get(g, ())}
    for e in sorted(in_sections, key=around.position.__getitem__):  # in map order
        if e != node:
            level.setdefault(e, "section")
    prior: dict[tuple[str, str], float] = {}
    known: set[tuple[str, str]] = set()
    for e, lv in level.items():
        w = _PRIOR_LEVELS[lv]
        for src in amap.statements[e].sources:
            for key in index.locate(src):
                prior[key] = max(prior.get(key, 0.0), w)
                if lv == "claim":
                    known.add(key)
    return MapCitations(prior, frozenset(known), level)


def _claims(amap: ArgumentMap, claim: str | None) -> list[tuple[str, str]]:
    """(id, text) of the map's claims, or of the one statement or argument ``claim``
    names (by id, title or text; statements first)."""
    if claim is None:
        return [(st.id, st.text) for st in amap.claims]
    st = amap.statements.get(claim)
    if st is None:
        for s in amap.statements.values():
            if s.title == claim or s.text == claim:
                st = s
                break
    if st is not None:
        return [(st.id, st.text)]
    for arg in amap.arguments.values():  # an argument: evidence for (or against) its inference
        text = arg.text or arg.title
        if text and claim in (arg.id, arg.title):
            return [(arg.id, text)]
    raise ArgmapError(f"no statement {claim!r} in the map")


def find_evidence(
    amap: ArgumentMap | str,
    sources: Library | Iterable[Document] | str | os.PathLike[str],
    *,
    claim: str | None = None,
    top: int = 5,
    semantic: bool | None = None,
    weight: float = 0.5,
    context: float = 0.05,
    clauses: bool = True,
    index: EvidenceIndex | None = None,
    map_prior: float = 0.05,
    known_last: bool = True,
) -> list[ClaimEvidence]:
    """For each claim of ``amap`` (or the one named by ``claim``: a statement's id, title or
    text, or an argument's id or title; a plain string ``amap`` is itself the claim), the
    ``top`` candidate passages.

    ``semantic=None`` re-ranks with the embedding model when it is installed, ``True``
    requires it, ``False`` is lexical only. ``context`` is the share of the claim's map
    context (:func:`claim_context`) in the query; 0 asks with the claim's text alone.
    With ``clauses``, a claim of several clauses is also asked clause by clause (see
    :meth:`EvidenceIndex.search`).

    The evidence already in the map informs the ranking (:func:`map_citations`): the
    paragraphs its verified quotes point at around the claim, and those near them, get
    ``map_prior`` (0 turns it off) added to their fused score at most; with
    ``known_last``, the paragraphs the claim's own evidence already quotes are marked
    :attr:`Candidate.cited` and listed after the new candidates. Both need the quotes
    to verify against ``sources``; ``map_prior=0, known_last=False`` ranks as if the map
    held no evidence.
    """
    if not (math.isfinite(context) and 0.0 <= context <= 1.0):
        raise ArgmapError(f"the map context's share must be between 0 and 1, not {context!r}")
    if not (math.isfinite(map_prior) and 0.0 <= map_prior <= 1.0):
        raise ArgmapError(f"the map prior's share must be between 0 and 1, not {map_prior!r}")
    if index is None:
        if isinstance(sources, Library):
            library = sources
        elif isinstance(sources, (str, os.PathLike)):
            library = read_documents(sources, errors="collect")
        else:
            library = Library(sources)
        if semantic is None:
            try:
                index = EvidenceIndex(library, semantic=True)
            except ArgmapError as exc:
                log.info("evidence: lexical ranking only (%s)", exc)
                index = EvidenceIndex(library, semantic=False)
        else:
            index = EvidenceIndex(library, semantic=semantic)
    if isinstance(amap, str):
        found = index.search(amap, top=top, weight=weight, clauses=clauses)
        return [ClaimEvidence("query", amap, tuple(found))]
    use_map = map_prior > 0 or known_last
    near = _Around.of(amap) if context > 0 or use_map else None
    out = []
    for cid, text in _claims(amap, claim):
        around = (
            claim_context(amap, cid, _premise_of=near.premise_of) if near and context > 0 else ""
        )
        cites = map_citations(amap, cid, index, _around=near) if near and use_map else None
        found = index.search(
            text,
            top=top,
            weight=weight,
            context=around,
            context_weight=context,
            clauses=clauses,
            prior=cites.prior if cites is not None else None,
            prior_weight=map_prior,
            known=cites.known if cites is not None and known_last else (),
        )
        used = tuple(cites.evidence) if cites is not None else ()
        out.append(ClaimEvidence(cid, text, tuple(found), around, used))
    return out
