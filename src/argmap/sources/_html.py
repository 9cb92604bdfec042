"""The built-in HTML source reader: a web page's main text and metadata.

Extraction is trafilatura's (the ``argmap[html]`` extra): it tells an article's text
from navigation, footers and boilerplate, and reads title, author, site name and date
from the page's metadata (``<meta>``, Open Graph, JSON-LD), which hand-written code over
an HTML parser would do far less well. Nothing is fetched: the reader only reads a file.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from .._errors import ArgmapError, ArgmapSyntaxError
from .._log import logger
from ._base import SourceReader, document_id
from ._document import Block, Document, build_document

__all__ = ["HtmlSourceReader"]

log = logger()


def _text_of(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


class HtmlSourceReader(SourceReader):
    """A web page: its main text (headings, paragraphs, list items, quotes, table rows)
    and metadata, extracted by trafilatura."""

    name: ClassVar[str] = "html"
    aliases: ClassVar[tuple[str, ...]] = ("htm", "web")
    extensions: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml")
    media_type: ClassVar[str] = "text/html"
    description: ClassVar[str] = "web pages: main text and metadata (trafilatura)"

    def parse(self, text: str, *, path: str | None = None, id: str | None = None) -> Document:
        try:
            import trafilatura
        except ImportError:
            raise ArgmapError(
                "reading HTML sources needs trafilatura: pip install 'argmap[html]'"
            ) from None
        if not text.strip():
            raise ArgmapSyntaxError("an empty HTML file", path=path, line=1, column=1)
        # trafilatura logs its own doubts at WARNING through the root logger's children;
        # they are not the user's business unless asked for with -v
        quiet = logging.getLogger("trafilatura")
        level = quiet.level
        quiet.setLevel(max(level, logging.ERROR))
        try:
            result = trafilatura.bare_extraction(
                text, with_metadata=True, include_comments=False, favor_recall=True
            )
        except Exception as exc:  # lxml and friends on hostile markup
            raise ArgmapSyntaxError(
                f"cannot extract text from this HTML: {type(exc).__name__}: {exc}", path=path
            ) from None
        finally:
            quiet.setLevel(level)
        if isinstance(result, dict):  # not asked for; keep mypy and odd versions honest
            result = None
        body = getattr(result, "body", None) if result is not None else None
        if result is None or body is None or not (getattr(result, "text", "") or "").strip():
            raise ArgmapSyntaxError(
                "no main text found in this HTML page (is it a page of navigation, a "
                "script-only page, or not HTML at all?)",
                path=path,
            )
        blocks: list[Block] = []
        section: str | None = None
        for el in body:
            tag = el.tag
            if tag == "head":
                section = _text_of(el) or section
                blocks.append(Block(section or "", section=section, heading=True))
            elif tag == "list":
                blocks.extend(Block(_text_of(item), section=section) for item in el)
            elif tag == "table":
                for row in el:
                    cells = [_text_of(c) for c in row]
                    blocks.append(Block(" | ".join(c for c in cells if c), section=section))
            else:
                blocks.append(Block(_text_of(el), section=section))
        meta: dict[str, Any] = {
            "title": result.title,
            "author": result.author,
            "publisher": result.sitename,
            "url": result.url,
            "published": result.date,
        }
        if result.description:
            meta["description"] = result.description
        return build_document(
            blocks,
            id=id or document_id(path),
            format=self.name,
            path=path,
            metadata={k: v for k, v in meta.items() if v},
        )
