"""Indexed text similarity: pair renamed or reworded elements without comparing all pairs.

Each text is cut into features (its words, and runs of two and three words; character
trigrams for texts of one or two words). An inverted index over the old texts gives, for
each new text, the old texts that share its *rarer* features: a feature found in more than
:data:`MAX_POSTINGS` old texts says little about which one is meant and is not followed,
and the rarest features are followed first, up to a fixed budget of index entries: the
work per new text is bounded whatever the size of the map. The best few
candidates by shared-feature weight (idf) are scored with rapidfuzz's normalised Indel
similarity (plain and with words sorted), and the pairs above the threshold are taken
greedily, best first, each text at most once.

Cost: O(old features) to build the index; for each new text O(its features + BUDGET +
MAX_POSTINGS) to gather candidates and MAX_CANDIDATES rapidfuzz calls; O(pairs log pairs)
to assign them. Never O(old × new).
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
import unicodedata
from collections.abc import Sequence

__all__ = [
    "BUDGET",
    "MAX_CANDIDATES",
    "MAX_POSTINGS",
    "MIN_FEATURES",
    "normalize",
    "similar_pairs",
    "similarity",
]

MAX_POSTINGS = 64
"""Features shared by more old texts than this are too common to follow."""
MAX_CANDIDATES = 8
"""How many candidates per new text are scored with rapidfuzz."""
BUDGET = 96
MIN_FEATURES = 3
"""Features are followed rarest first, at least ``MIN_FEATURES`` of them, until about
``BUDGET`` index entries have been visited."""

_WORD = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """Text as compared: NFKC, case-folded, runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _features(norm: str) -> set[str]:
    words = _WORD.findall(norm)
    feats = set(words)
    feats.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    feats.update(f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False))
    if len(words) <= 2:
        squeezed = f" {' '.join(words)} "
        feats.update("#" + squeezed[i : i + 3] for i in range(len(squeezed) - 2))
    return feats


def similarity(a: str, b: str) -> float:
    """How alike two normalised texts are, 0–1 (rapidfuzz Indel ratio, plain or with the
    words sorted, whichever is higher)."""
    from rapidfuzz import fuzz

    if a == b:
        return 1.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b, processor=None))
    return float(score) / 100.0


def similar_pairs(
    old: Sequence[tuple[str, str]],
    new: Sequence[tuple[str, str]],
    threshold: float,
) -> list[tuple[str, str, float]]:
    """Pairs ``(old_key, new_key, score)`` of texts at least ``threshold`` alike, each key
    used at most once, best pairs first.

    ``old`` and ``new`` are ``(key, text)`` sequences; texts are normalised here.
    """
    if not old or not new:
        return []
    old_norm = [(k, normalize(t)) for k, t in old]
    index: dict[str, list[int]] = {}
    for i, (_, text) in enumerate(old_norm):
        for f in _features(text):
            index.setdefault(f, []).append(i)
    n = len(old_norm)
    idf = {f: math.log(1.0 + n / len(p)) for f, p in index.items() if len(p) <= MAX_POSTINGS}

    pairs: list[tuple[float, int, int]] = []
    for j, (_, raw) in enumerate(new):
        text = normalize(raw)
        weights: dict[int, float] = {}
        usable = sorted((len(index[f]), f) for f in _features(text) if f in idf)
        visited = 0
        for used, (size, f) in enumerate(usable):
            if used >= MIN_FEATURES and visited >= BUDGET:
                break  # the rarest features have spoken; the common ones add little
            w = idf[f]
            for i in index[f]:
                weights[i] = weights.get(i, 0.0) + w
            visited += size
        if not weights:
            continue
        for i in heapq.nlargest(MAX_CANDIDATES, weights, key=weights.__getitem__):
            score = similarity(old_norm[i][1], text)
            if score >= threshold:
                pairs.append((score, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    out: list[tuple[str, str, float]] = []
    for score, i, j in pairs:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        out.append((old_norm[i][0], new[j][0], score))
    return out
