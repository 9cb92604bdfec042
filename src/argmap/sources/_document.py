"""The source-document model: a document split into addressable passages.

A :class:`Document` is the text a piece of evidence cites (an article, a comment thread,
a PDF), with its metadata. Its text is split into **paragraphs** and each paragraph into
**sentences**; every :class:`Passage` knows its character offsets in
:attr:`Document.text` and has a stable **locator**:

``¶12``          the twelfth paragraph
``¶12.s3``       its third sentence
``p. 4, ¶12.s3`` the same, in a paged document (a PDF), with the page it is on

Locators depend only on the document's text, so the same text always gives the same
locators. A span of text is also addressed, in the style of the W3C Web Annotation
``TextQuoteSelector``, by a :class:`QuoteSelector`: the exact text plus a little of what
comes before and after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "Block",
    "Document",
    "Passage",
    "QuoteSelector",
    "build_document",
    "parse_locator",
    "split_sentences",
]

PARAGRAPH_SEPARATOR = "\n\n"


@attrs.frozen
class QuoteSelector:
    """A span addressed by its text: ``exact`` with ``prefix`` and ``suffix`` around it
    (the W3C Web Annotation ``TextQuoteSelector``)."""

    exact: str
    prefix: str = ""
    suffix: str = ""

    def as_dict(self) -> dict[str, str]:
        """The selector as Web Annotation JSON."""
        return {
            "type": "TextQuoteSelector",
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


@attrs.frozen
class Passage:
    """A paragraph or a sentence of a :class:`Document`.

    ``start``/``end`` are character offsets into the document's text
    (``document.text[start:end] == text``); ``paragraph`` and ``sentence`` count from 1.
    """

    locator: str
    text: str
    start: int
    end: int
    paragraph: int
    sentence: int | None = None
    """``None`` for a paragraph."""
    page: int | None = None
    """The page the passage starts on, in paged documents."""
    section: str | None = None
    """The heading the passage stands under, if the document has headings."""

    @property
    def kind(self) -> str:
        return "paragraph" if self.sentence is None else "sentence"


@attrs.frozen
class Block:
    """What a source reader hands to :func:`build_document`: one paragraph's text, the
    page it is on and the section heading it stands under."""

    text: str
    page: int | None = None
    section: str | None = None
    heading: bool = False
    """The block is itself a heading (it becomes a paragraph, and the ``section`` of the
    paragraphs after it)."""


@attrs.frozen
class Document:
    """A source document: metadata, text, and its passages (paragraphs then, after each,
    its sentences, in document order)."""

    id: str
    """How maps name it (by default the file name)."""
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    clipped: str | None = None
    """When a web clipper saved it."""
    format: str | None = None
    """The name of the source reader that read it."""
    path: str | None = attrs.field(default=None, eq=False)
    meta: dict[str, Any] = attrs.field(factory=dict, hash=False)
    passages: tuple[Passage, ...] = ()
    _index: dict[str, Passage] = attrs.field(
        factory=dict, init=False, eq=False, repr=False, hash=False
    )

    @property
    def paragraphs(self) -> list[Passage]:
        return [p for p in self.passages if p.sentence is None]

    @property
    def sentences(self) -> list[Passage]:
        return [p for p in self.passages if p.sentence is not None]

    def label(self) -> str:
        return self.title or self.url or self.id

    def to_dict(self) -> dict[str, Any]:
        """The document as plain JSON-ready data (argmap's own cattrs converter)."""
        from .._serialize import document_to_dict

        return document_to_dict(self)

    @classmethod
    def from_dict(cls, data: Any, *, path: str | None = None) -> Document:
        """The document :meth:`to_dict` made; a located error if ``data`` is not one."""
        from .._serialize import document_from_dict

        doc: Document = document_from_dict(data, path)
        return doc

    def passage(self, locator: str) -> Passage:
        """The passage with this locator (``¶12``, ``¶12.s3``; a page prefix is optional).

        ``KeyError`` if there is none.
        """
        if not self._index:
            for p in self.passages:
                self._index[_bare(p.locator)] = p
        parsed = parse_locator(locator)
        if parsed is None:
            raise KeyError(locator)
        para, sent = parsed[1], parsed[2]
        key = f"¶{para}" if sent is None else f"¶{para}.s{sent}"
        return self._index[key]

    def locate(self, start: int, end: int) -> str:
        """The most precise locator for ``text[start:end]``: a sentence, a paragraph, or
        a range of paragraphs (``¶3–¶4``)."""
        end = max(end, start + 1)
        first = last = None
        best: Passage | None = None
        for p in self.passages:
            if p.sentence is None:
                if p.start <= start < p.end or (first is None and start < p.start):
                    first = first or p
                if p.start < end:
                    last = p
            if (
                p.start <= start
                and end <= p.end
                and (best is None or (p.end - p.start) < (best.end - best.start))
            ):
                best = p
        if best is not None:
            return best.locator
        if first is None or last is None:
            return self.passages[-1].locator if self.passages else "¶1"
        if first is last:
            return first.locator
        return f"{first.locator}–{_bare(last.locator)}"

    def selector(self, start: int, end: int, *, context: int = 32) -> QuoteSelector:
        """A :class:`QuoteSelector` for ``text[start:end]`` with up to ``context``
        characters either side."""
        return QuoteSelector(
            self.text[start:end],
            self.text[max(0, start - context) : start],
            self.text[end : end + context],
        )

    def paragraph_at(self, offset: int) -> Passage | None:
        """The paragraph holding character ``offset`` (or the next one after it)."""
        for p in self.passages:
            if p.sentence is None and offset < p.end:
                return p
        return None


_LOCATOR = re.compile(r"^\s*(?:p\.?\s*(\d+)\s*,?\s*)?¶\s*(\d+)(?:\s*\.\s*s(\d+))?\s*$")


def parse_locator(text: str) -> tuple[int | None, int, int | None] | None:
    """``"p. 4, ¶12.s3"`` → ``(4, 12, 3)``; ``"¶2"`` → ``(None, 2, None)``; anything that
    is not an exact locator → ``None``."""
    m = _LOCATOR.match(text)
    if m is None:
        return None
    page, para, sent = m.groups()
    return (int(page) if page else None, int(para), int(sent) if sent else None)


def is_exact_locator(text: str | None) -> bool:
    return text is not None and (
        parse_locator(text) is not None
        or (("–" in text) and all(parse_locator(x) for x in text.split("–")))
    )


def _bare(locator: str) -> str:
    """``"p. 4, ¶12.s3"`` → ``"¶12.s3"``."""
    i = locator.find("¶")
    return locator[i:] if i >= 0 else locator


# A sentence ends at . ! ? or … (with closing quotes/brackets after it), followed by
# space and something that can start a sentence. Abbreviations and initials do not end one.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[*_]?[A-Z0-9À-Þ$£€])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc e.g i.e cf fig figs no nos vol vols pp p ed eds "
    "inc ltd co corp u.s u.k u.n a.m p.m approx dept est jan feb mar apr jun jul aug sep "
    "sept oct nov dec".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of one paragraph, without surrounding space."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _SENTENCE_END.finditer(text):
        stop = m.end()
        if text[m.start()] == ".":
            word = re.search(r"([\w.]+)\.$", text[start : m.start() + 1])
            if word is not None:
                stem = word.group(1).casefold()
                if stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()):
                    continue
        spans.append((start, stop))
        start = stop
    spans.append((start, n))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def build_document(
    blocks: Iterable[Block],
    *,
    id: str,
    format: str | None = None,
    path: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    paged: bool = False,
) -> Document:
    """Make a :class:`Document` from a reader's blocks (one per paragraph).

    The document's text is the blocks' texts joined by blank lines; empty blocks are
    dropped. ``metadata`` may hold ``title``, ``author``, ``publisher``, ``url``,
    ``published`` and ``clipped``; other keys go to :attr:`Document.meta`. With ``paged``
    locators carry page numbers (``p. 4, ¶12``).
    """
    meta = dict(metadata or {})
    fields = {k: meta.pop(k) for k in _META_FIELDS if k in meta}
    for k, v in list(fields.items()):
        fields[k] = None if v is None else str(v)
    parts: list[str] = []
    passages: list[Passage] = []
    offset = 0
    para = 0
    section: str | None = None
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        if parts:
            offset += len(PARAGRAPH_SEPARATOR)
        para += 1
        page = block.page
        where = f"p. {page}, " if paged and page is not None else ""
        if not block.heading:
            sec = block.section if block.section is not None else section
        else:
            sec = block.section
        passages.append(
            Passage(f"{where}¶{para}", text, offset, offset + len(text), para, None, page, sec)
        )
        for s, (a, b) in enumerate(split_sentences(text), 1):
            passages.append(
                Passage(
                    f"{where}¶{para}.s{s}", text[a:b], offset + a, offset + b, para, s, page, sec
                )
            )
        if block.heading:
            section = text
        parts.append(text)
        offset += len(text)
    return Document(
        id=id,
        text=PARAGRAPH_SEPARATOR.join(parts),
        format=format,
        path=path,
        meta=meta,
        passages=tuple(passages),
        **fields,
    )


_META_FIELDS = ("title", "author", "publisher", "url", "published", "clipped")
