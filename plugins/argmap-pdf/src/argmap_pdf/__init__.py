"""argmap source reader for PDF documents, with page numbers in the locators."""

from __future__ import annotations

import io
import itertools
import logging
import re
from typing import Any, ClassVar

from argmap import ArgmapSyntaxError
from argmap.sources import Block, Document, SourceReader, build_document

__all__ = ["PdfSourceReader", "page_paragraphs"]

_END = re.compile(r"[.!?:…][\"'”’)\]]*$")


def page_paragraphs(text: str) -> list[str]:
    """One page's extracted text as paragraphs: blank lines and short lines ending a
    sentence end a paragraph; other lines are joined, and a word hyphenated across a
    line break is mended."""
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    longest = max((len(x) for x in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        short = len(line) < 0.8 * longest
        if _END.search(line) and short and (not nxt or nxt[:1].isupper() or nxt[:1].isdigit()):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _collector(lines: list[tuple[float, str]]) -> Any:
    """A pypdf ``visitor_text`` that records each line of text with its height on the page."""

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        y = float(tm[5]) * float(cm[3]) + float(cm[5])
        for k, piece in enumerate(text.split("\n")):
            if k:
                lines.append((y, "\n"))
            if piece.strip():
                lines.append((y, piece))

    return visit


def _by_position(fragments: list[tuple[float, str]]) -> list[str]:
    """Paragraphs from positioned text: a paragraph ends where the gap to the next line is
    clearly wider than the usual line spacing (or the text jumps up: a new column)."""
    lines: list[tuple[float, str]] = []
    for y, piece in fragments:
        if piece == "\n":
            continue
        if lines and abs(lines[-1][0] - y) < 1.0:
            lines[-1] = (lines[-1][0], lines[-1][1] + piece)
        else:
            lines.append((y, piece))
    if not lines:
        return []
    gaps = sorted(a[0] - b[0] for a, b in itertools.pairwise(lines) if a[0] - b[0] > 0)
    usual = gaps[(len(gaps) - 1) // 2] if gaps else 0.0  # the lower median: line spacing
    out: list[str] = []
    current = ""
    for i, (y, raw) in enumerate(lines):
        line = " ".join(raw.split())
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}".strip()
        if i + 1 < len(lines):
            gap = y - lines[i + 1][0]
            if gap <= 0 or (usual and gap > 1.4 * usual):
                out.append(current)
                current = ""
    if current:
        out.append(current)
    return [p for p in out if p]


def _date(value: Any) -> str | None:
    """A PDF date (``D:20240726120000Z``) as ISO ``2024-07-26``."""
    if not isinstance(value, str):
        return None
    m = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", value)
    if not m:
        return None
    return "-".join(x for x in m.groups() if x)


class PdfSourceReader(SourceReader):
    """PDF documents (pypdf): text by page, paragraphs with page numbers in locators."""

    name: ClassVar[str] = "pdf"
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)
    media_type: ClassVar[str] = "application/pdf"
    binary: ClassVar[bool] = True
    description: ClassVar[str] = "PDF documents, with page numbers in locators (pypdf)"

    def parse(self, text: str, *, path: str | None = None, id: str | None = None) -> Document:
        raise ArgmapSyntaxError("a PDF is read from its bytes, not from text", path=path)

    def parse_bytes(
        self, data: bytes, *, path: str | None = None, id: str | None = None
    ) -> Document:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        if not data.lstrip()[:5].startswith(b"%PDF-"):
            raise ArgmapSyntaxError("not a PDF file (it does not start with %PDF-)", path=path)
        quiet = logging.getLogger("pypdf")
        level = quiet.level
        quiet.setLevel(logging.ERROR)  # pypdf warns about every odd object; not our user's
        try:
            try:
                reader = PdfReader(io.BytesIO(data), strict=False)
                if reader.is_encrypted and not reader.decrypt(""):
                    raise ArgmapSyntaxError(
                        "the PDF is encrypted with a password; decrypt it first", path=path
                    )
                pages = list(reader.pages)
            except ArgmapSyntaxError:
                raise
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
                raise ArgmapSyntaxError(
                    f"cannot read this PDF: {type(exc).__name__}: {exc}", path=path
                ) from None
            blocks: list[Block] = []
            for number, page in enumerate(pages, 1):
                lines: list[tuple[float, str]] = []
                try:
                    text = page.extract_text(visitor_text=_collector(lines)) or ""
                except Exception as exc:  # pypdf on a damaged content stream
                    raise ArgmapSyntaxError(
                        f"page {number}: cannot extract its text: {type(exc).__name__}: {exc}",
                        path=path,
                    ) from None
                paragraphs = _by_position(lines) or page_paragraphs(text)
                blocks.extend(Block(p, page=number) for p in paragraphs)
            if not blocks:
                raise ArgmapSyntaxError(
                    f"no text in this PDF's {len(pages)} page(s): a scan without a text "
                    "layer? (run OCR on it first)",
                    path=path,
                )
            try:
                info: Any = reader.metadata or {}
            except Exception:
                info = {}
        finally:
            quiet.setLevel(level)
        meta = {
            "title": info.get("/Title"),
            "author": info.get("/Author"),
            "published": _date(info.get("/CreationDate")),
            "pages": len(pages),
        }
        from argmap.sources._base import document_id

        return build_document(
            blocks,
            id=id or document_id(path),
            format=self.name,
            path=path,
            metadata={k: (str(v) if k != "pages" else v) for k, v in meta.items() if v},
            paged=True,
        )
