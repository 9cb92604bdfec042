"""Reading Kialo's discussion export: one pass over the lines."""

from __future__ import annotations

import re

import attrs

from argmap import (
    ArgmapSyntaxError,
    ArgumentMap,
    Location,
    Relation,
    RelationKind,
    Source,
    Statement,
    StatementKind,
)
from argmap.plugin import LimitOptions, Reader, check_text

from ._text import ENTRY, SEE, SOURCE, STANCE, TITLE, unescape

__all__ = ["KialoReader"]

_DEFAULTS = LimitOptions()
_HEADER = re.compile(r"([A-Za-z][A-Za-z0-9 _-]{0,40}):[ \t]*(.*)\Z")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+\Z", re.IGNORECASE)
_SNIFF_ENTRY = re.compile(r"^1\.(?:\d+\.)*[ \t]", re.MULTILINE)
_SNIFF_CHILD = re.compile(r"^1\.(?:\d+\.)+[ \t]+(?:Pro|Con):", re.MULTILINE)


class _Entry:
    """One numbered line and the lines that continue it."""

    __slots__ = ("key", "kind", "line", "lines", "parent", "see")

    def __init__(self, key: str, parent: str | None, kind: RelationKind | None, line: int) -> None:
        self.key = key
        self.parent = parent
        self.kind = kind
        self.line = line
        self.lines: list[str] = []
        self.see: str | None = None


@attrs.frozen
class KialoReaderOptions(LimitOptions):
    """The options of the Kialo reader: its input limits (``max_elements`` counts lines,
    ``max_depth`` the parts of a claim number: ``1.2.3.`` is 3 deep)."""


class KialoReader(Reader):
    """Reads a Kialo discussion export (``Discussion Title:`` and a numbered claim tree)."""

    name = "kialo"
    aliases = ("kialo-txt",)
    extensions = (".kialo", ".kialo.txt")
    media_type = "text/plain"
    description = "Kialo discussion export (numbered Pro/Con claim tree, '-> See' links)"

    def sniff(self, text: str) -> float:
        head = text[:65536].lstrip("\ufeff \t\r\n")
        if head.startswith(TITLE) and _SNIFF_ENTRY.search(head):
            return 0.9
        if head.startswith("1. ") and _SNIFF_CHILD.search(head):
            return 0.6
        return 0.0

    Options = KialoReaderOptions

    def parse_map(
        self, text: str, options: KialoReaderOptions, *, path: str | None = None
    ) -> ArgumentMap:
        check_text(text, options.max_bytes, path)
        lines = text.count("\n") + 1
        if lines > options.max_elements:  # counted before the text is split
            raise ArgmapSyntaxError(
                f"too many lines: {lines:,}, over the limit of {options.max_elements:,} "
                "(the reader option max_elements widens it)",
                path=path,
                line=options.max_elements + 1,
                column=1,
            )
        return _Parser(text, path, options.max_depth).run()


class _Parser:
    def __init__(self, text: str, path: str | None, max_depth: int = _DEFAULTS.max_depth) -> None:
        if text.startswith("\ufeff"):
            text = text[1:]
        self.lines = text.split("\n")
        self.path = path
        self.max_depth = max_depth
        self.amap = ArgumentMap(source_path=path)
        self.entries: dict[str, _Entry] = {}

    def error(self, message: str, line: int, column: int | None = 1) -> ArgmapSyntaxError:
        source_line = self.lines[line - 1].rstrip("\r") if 0 < line <= len(self.lines) else None
        return ArgmapSyntaxError(
            message, path=self.path, line=line, column=column, source_line=source_line
        )

    def run(self) -> ArgumentMap:
        current: _Entry | None = None
        title: str | None = None
        header = False
        meta: dict[str, str] = {}
        for number, raw in enumerate(self.lines, start=1):
            line = raw[:-1] if raw.endswith("\r") else raw
            m = ENTRY.match(line)
            if m and m.group(1).startswith("1."):
                if current is not None:
                    self.finish(current)
                current = self.start(m.group(1), m.group(2) or "", number)
                continue
            if current is not None:
                current.lines.append(line)
                continue
            # the header, before the thesis
            if not line.strip():
                continue
            if line.startswith(TITLE) and not header:
                title = unescape(line[len(TITLE) :].strip()) or None
                header = True
                continue
            h = _HEADER.match(line)
            if h and header:
                meta[h.group(1)] = unescape(h.group(2).strip())
                continue
            raise self.error(
                "expected the discussion's thesis, a line starting '1. '"
                + ("" if header else " (or a 'Discussion Title:' header)"),
                number,
            )
        if current is None:
            raise self.error(
                "no thesis: a Kialo export has a numbered line '1. <thesis>'",
                len(self.lines),
                None,
            )
        self.finish(current)
        statements = self.amap.statements
        for rel in self.amap.relations.values():  # '-> See' may point forward: checked last
            for end in (rel.source, rel.target):
                if end not in statements:
                    why = "is itself a link" if end in self.entries else "is not in the discussion"
                    at = rel.location.line if rel.location and rel.location.line else 1
                    raise self.error(f"'-> See {end}.' refers to a claim that {why}", at)
        self.amap.title = title
        self.amap.meta.update(meta)
        return self.amap

    def start(self, number: str, rest: str, line: int) -> _Entry:
        parts = number[:-1].split(".")
        if len(parts) > self.max_depth:
            raise self.error(
                f"claim {_short(number)} is nested {len(parts)} levels deep, deeper than the "
                f"limit of {self.max_depth} (the reader option max_depth widens it)",
                line,
            )
        key = _key(parts)
        if key in self.entries:
            raise self.error(f"claim {number} is numbered twice", line)
        if len(parts) == 1:
            if self.entries:
                raise self.error("a second thesis: the discussion already has '1.'", line)
            entry = _Entry(key, None, None, line)
            if STANCE.match(rest):
                raise self.error("the thesis '1.' cannot be a Pro or Con", line, len(number) + 2)
        else:
            parent_key = key.rsplit(".", 1)[0]
            parent = self.entries.get(parent_key)
            if parent is None:
                raise self.error(f"claim {number} comes before its parent {parent_key}.", line)
            sm = STANCE.match(rest)
            if sm is None:
                raise self.error(f"expected 'Pro:' or 'Con:' after {number}", line, len(number) + 2)
            kind = RelationKind.SUPPORT if sm.group(1).lower() == "pro" else RelationKind.ATTACK
            rest = sm.group(2)
            # a claim listed under a '-> See' link answers the linked claim
            target = parent.see if parent.see is not None else parent_key
            entry = _Entry(key, target, kind, line)
            see = SEE.match(rest)
            if see is not None:
                entry.see = _key(see.group(1).rstrip(".").split("."))
        self.entries[key] = entry
        entry.lines.append(rest)
        return entry

    def finish(self, entry: _Entry) -> None:
        lines = entry.lines
        while lines and not lines[-1].strip():
            lines.pop()
        if entry.see is not None:
            if len(lines) > 1:
                raise self.error("a '-> See' link has no text of its own", entry.line + 1)
            self.relate(entry, entry.see)
            return
        sources: list[Source] = []
        while len(lines) > 1:
            sm = SOURCE.match(lines[-1])
            if sm is None:
                break
            sources.append(_source(sm.group(1)))
            lines.pop()
        sources.reverse()
        text = unescape("\n".join(lines).strip())
        if not text:
            raise self.error(f"claim {entry.key}. has no text", entry.line)
        self.amap.add(
            Statement(
                id=entry.key,
                text=text,
                kind=StatementKind.EVIDENCE if sources else StatementKind.CLAIM,
                sources=tuple(sources),
                location=Location(self.path, entry.line, 1),
            )
        )
        if entry.parent is not None:
            self.relate(entry, entry.key)

    def relate(self, entry: _Entry, source: str) -> None:
        assert entry.kind is not None
        assert entry.parent is not None
        target = entry.parent
        if source == target:
            raise self.error(f"claim {entry.key}. would argue for or against itself", entry.line)
        rid = f"{source} -{entry.kind.value}-> {target}"
        if rid in self.amap.relations:
            stance = "Pro" if entry.kind is RelationKind.SUPPORT else "Con"
            raise self.error(f"claim {source}. is already a {stance} of {target}.", entry.line)
        rel = Relation(
            id=rid,
            kind=entry.kind,
            source=source,
            target=target,
            location=Location(self.path, entry.line, 1),
        )
        self.amap.add(rel)


def _short(number: str) -> str:
    return number if len(number) <= 24 else f"{number[:20]}…{number[-3:]}"


def _key(parts: list[str]) -> str:
    """The id of a numbered claim: ``["1", "02", "3"]`` → ``"1.2.3"``."""
    return ".".join(p.lstrip("0") or "0" for p in parts)


def _source(text: str) -> Source:
    """``[title](url)``, a bare URL, or a bare title."""
    text = text.strip()
    if text.startswith("["):
        title, i = _until(text, 1, "]")
        url: str | None = None
        if i < len(text) and text[i] == "(":
            url, i = _until(text, i + 1, ")")
        rest = text[i:].strip()
        if rest:  # not the link form after all: keep it all as the title
            return Source(title=unescape(text))
        return Source(title=title or None, url=url or None)
    if _URL.match(text):
        return Source(url=text)
    return Source(title=unescape(text) or None)


def _until(text: str, i: int, closing: str) -> tuple[str, int]:
    """The unescaped text from ``i`` up to an unescaped ``closing``, and the index after it."""
    out: list[str] = []
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in _ASCII_PUNCT:
            out.append(text[i + 1])
            i += 2
            continue
        if ch == closing:
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    return "".join(out), n
