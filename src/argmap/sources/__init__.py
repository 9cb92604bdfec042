"""Source documents: the texts evidence cites, split into passages with stable locators.

Read documents with :func:`read_document` / :func:`read_documents` (source readers are
plugins of the ``argmap.sources`` entry point group: ``text``, ``markdown`` and ``html``
are built in, ``pdf`` comes with the ``argmap-pdf`` distribution), check a map's quotes
against them with :func:`verify_quotes`, and look for evidence for a map's claims with
:func:`find_evidence`.

>>> from argmap.sources import SourceReader, build_document, Block
>>> doc = build_document([Block("Open models are catching up. Fast.")], id="note.txt")
>>> [p.locator for p in doc.passages]
['¶1', '¶1.s1', '¶1.s2']
>>> doc.locate(0, 28)
'¶1.s1'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._base import SourceReader

if TYPE_CHECKING:
    from ._document import (
        Block,
        Document,
        Passage,
        QuoteSelector,
        build_document,
        parse_locator,
        split_sentences,
    )
    from ._evidence import (
        Candidate,
        ClaimEvidence,
        EvidenceIndex,
        MapCitations,
        claim_context,
        find_evidence,
        map_citations,
    )
    from ._fix import LocatorFixes, fix_locators
    from ._library import Library, get_source_reader, read_document, read_documents
    from ._verify import QuoteCheck, QuoteReport, verify_quotes

__all__ = [
    "Block",
    "Candidate",
    "ClaimEvidence",
    "Document",
    "EvidenceIndex",
    "Library",
    "LocatorFixes",
    "MapCitations",
    "Passage",
    "QuoteCheck",
    "QuoteReport",
    "QuoteSelector",
    "SourceReader",
    "build_document",
    "claim_context",
    "find_evidence",
    "fix_locators",
    "get_source_reader",
    "map_citations",
    "parse_locator",
    "read_document",
    "read_documents",
    "split_sentences",
    "verify_quotes",
]

_LAZY = {  # imported on first use: `import argmap` needs only SourceReader (the registry)
    "Block": "._document",
    "Document": "._document",
    "Passage": "._document",
    "QuoteSelector": "._document",
    "build_document": "._document",
    "parse_locator": "._document",
    "split_sentences": "._document",
    "Library": "._library",
    "get_source_reader": "._library",
    "read_document": "._library",
    "read_documents": "._library",
    "Candidate": "._evidence",
    "ClaimEvidence": "._evidence",
    "EvidenceIndex": "._evidence",
    "MapCitations": "._evidence",
    "claim_context": "._evidence",
    "find_evidence": "._evidence",
    "map_citations": "._evidence",
    "fix_locators": "._fix",
    "LocatorFixes": "._fix",
    "QuoteCheck": "._verify",
    "QuoteReport": "._verify",
    "verify_quotes": "._verify",
}


def __getattr__(name: str) -> Any:  # the engines import rapidfuzz/bm25s: only when used
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module, __name__), name)


def __dir__() -> list[str]:
    # what dir() showed when documents and library were imported eagerly (autodoc lists a
    # module's members by dir(); the engines' names are documented one by one)
    eager = (n for n, m in _LAZY.items() if m in ("._document", "._library"))
    return sorted({*globals(), *eager})
