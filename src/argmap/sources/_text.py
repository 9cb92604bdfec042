"""Built-in source readers for plain text and Markdown.

Both take the metadata web clippers write at the top of a file: YAML front matter
(``---`` … ``---``) or ``key:: value`` property lines (Obsidian, Logseq)::

    author:: Ben Thompson
    source:: [Meta Open Sources Another AI Model](https://stratechery.com/...)
    clipped:: [[2023-05-11]]

``source`` (or ``url``) may be a Markdown link, giving title and URL; ``[[...]]`` wiki
links are unwrapped; ``null`` and empty values mean "not known". A line of hashtags right
after the properties (``#clippings``) becomes the document's ``tags``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml

from .._errors import ArgmapSyntaxError
from ._base import SourceReader, document_id
from ._document import Block, Document, build_document

__all__ = ["MarkdownSourceReader", "TextSourceReader", "split_header"]

_PROPERTY = re.compile(r"^([A-Za-z][\w -]{0,40}?)::[ \t]*(.*)$")
_MD_LINK = re.compile(r"^\[(.*)\]\((\S+?)\)$")
_WIKI = re.compile(r"^\[\[(.*)\]\]$")
_TAGS_LINE = re.compile(r"^(?:#[\w/-]+\s*)+$")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "by": "author",
    "publisher": "publisher",
    "site": "publisher",
    "site_name": "publisher",
    "url": "url",
    "link": "url",
    "source": "source",
    "published": "published",
    "date": "published",
    "created": "clipped",
    "clipped": "clipped",
}


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if value.lower() in ("", "null", "none", "~"):
            return None
        m = _WIKI.match(value)
        if m:
            value = m.group(1).strip()
    elif isinstance(value, list):
        items = [_clean_value(v) for v in value]
        items = [str(v) for v in items if v is not None]
        return ", ".join(items) if items else None
    elif value is not None and not isinstance(value, (dict, bool)):
        value = str(value)  # dates, numbers
    return value


def _metadata(raw: dict[str, Any]) -> dict[str, Any]:
    """Clipper properties → document metadata (title, author, url, … and the rest)."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        value = _clean_value(value)
        field = _KEYS.get(str(key).strip().lower().replace("-", "_"))
        if field is None:
            if value is not None:
                out[str(key)] = value
            continue
        if field == "source" or field == "url":
            if isinstance(value, str):
                m = _MD_LINK.match(value)
                if m:
                    out.setdefault("title", m.group(1).strip() or None)
                    out["url"] = m.group(2)
                elif _URL.match(value):
                    out["url"] = value
                else:
                    out.setdefault("title", value)
            continue
        if value is not None and not isinstance(value, (dict, list)):
            out.setdefault(field, str(value))
    return {k: v for k, v in out.items() if v is not None}


def split_header(text: str, path: str | None) -> tuple[dict[str, Any], int]:
    """The metadata at the top of ``text`` and the line (0-based) where the body starts."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                break
        else:
            raise ArgmapSyntaxError(
                "front matter opened with --- is never closed",
                path=path,
                line=1,
                column=1,
                source_line=lines[0],
                expected="a closing --- line",
            )
        try:
            data = yaml.safe_load("\n".join(lines[1:end]))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 2
            column = mark.column + 1 if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc)
            raise ArgmapSyntaxError(
                f"invalid YAML front matter: {problem}",
                path=path,
                line=line,
                column=column,
                source_line=lines[line - 1] if line - 1 < len(lines) else None,
            ) from None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ArgmapSyntaxError(
                f"front matter must be a mapping of keys to values, not {type(data).__name__}",
                path=path,
                line=2,
                column=1,
            )
        return _metadata(data), end + 1
    raw: dict[str, Any] = {}
    i = 0
    while i < len(lines) and _PROPERTY.match(lines[i]):
        m = _PROPERTY.match(lines[i])
        assert m is not None
        raw[m.group(1).strip()] = m.group(2)
        i += 1
    if not raw:
        return {}, 0
    meta = _metadata(raw)
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and _TAGS_LINE.match(lines[j].strip()):
        meta["tags"] = [t.lstrip("#") for t in lines[j].split()]
        i = j + 1
    return meta, i


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")


def _looks_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped prose: most lines but the last of similar, moderate length."""
    if len(lines) < 3:
        return False
    body = [len(x) for x in lines[:-1]]
    return sum(1 for n in body if 40 <= n <= 100) >= 0.8 * len(body)


class TextSourceReader(SourceReader):
    """Plain text: a paragraph per line, or per blank-line block when lines are wrapped."""

    name: ClassVar[str] = "text"
    aliases: ClassVar[tuple[str, ...]] = ("txt", "plain")
    extensions: ClassVar[tuple[str, ...]] = (".txt", ".text")
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "plain text, with front matter or key:: value properties"

    def parse(self, text: str, *, path: str | None = None, id: str | None = None) -> Document:
        meta, first = split_header(text, path)
        lines = text.split("\n")[first:]
        blocks: list[Block] = []
        section: str | None = None
        run: list[str] = []

        def flush() -> None:
            if not run:
                return
            if _looks_wrapped(run):
                blocks.append(Block(" ".join(x.strip() for x in run), section=section))
            else:
                blocks.extend(Block(x, section=section) for x in run)
            run.clear()

        for line in lines:
            if not line.strip():
                flush()
                continue
            m = _HEADING.match(line)
            if m:
                flush()
                section = m.group(2).strip() or section
                blocks.append(Block(line, section=section, heading=True))
                continue
            run.append(line)
        flush()
        return build_document(
            blocks, id=id or document_id(path), format=self.name, path=path, metadata=meta
        )


class MarkdownSourceReader(SourceReader):
    """Markdown (CommonMark, read with markdown-it-py): a paragraph per block (paragraph,
    heading, list item, quote); links keep their text, markup is dropped."""

    name: ClassVar[str] = "markdown"
    aliases: ClassVar[tuple[str, ...]] = ("md",)
    extensions: ClassVar[tuple[str, ...]] = (".md", ".markdown", ".mdown")
    media_type: ClassVar[str] = "text/markdown"
    description: ClassVar[str] = "Markdown, with front matter or key:: value properties"

    def parse(self, text: str, *, path: str | None = None, id: str | None = None) -> Document:
        from markdown_it import MarkdownIt

        meta, first = split_header(text, path)
        body = "\n".join(text.split("\n")[first:])
        tokens = MarkdownIt("commonmark").parse(body)
        blocks: list[Block] = []
        section: str | None = None
        heading = False
        for tok in tokens:
            if tok.type == "heading_open":
                heading = True
            elif tok.type == "heading_close":
                heading = False
            elif tok.type == "inline":
                plain = _inline_text(tok.children or [])
                if heading:
                    section = plain.strip() or section
                    blocks.append(Block(plain, section=section, heading=True))
                else:
                    blocks.append(Block(plain, section=section))
            elif tok.type in ("code_block", "fence"):
                blocks.append(Block(tok.content, section=section))
        return build_document(
            blocks, id=id or document_id(path), format=self.name, path=path, metadata=meta
        )


def _inline_text(children: list[Any]) -> str:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(_inline_text(child.children or []))
        elif child.type == "html_inline":
            continue
    return "".join(out)
