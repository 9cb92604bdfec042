"""``argmap check --fix-locators``: write verified quotes' exact locators back into an
Argdown file, changing nothing else in it.

The file is edited as text, never re-written from the model: only the value of a data
block's ``locator`` key is replaced (or a ``locator`` key added after the ``quote``), and
``document`` added where the document was found by searching. The edited text is read
again and must give the same map but for those fields, or nothing is written; the file
is then replaced atomically (a temporary file in the same folder, renamed over it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import attrs
import yaml

from .._errors import ArgmapError
from .._model import ArgumentMap, Statement
from ._verify import QuoteReport

__all__ = ["fix_locators", "plan_fixes"]


@attrs.frozen
class _Entry:
    """A key: value pair of a YAML flow mapping, by offsets into the file's text."""

    key: str
    key_start: int
    value_start: int
    value_end: int


@attrs.frozen
class _Mapping:
    path: tuple[Any, ...]
    """``()`` for a data block, ``("sources", i)`` for an item of its sources list."""
    entries: tuple[_Entry, ...]


def _skip_string(text: str, i: int) -> int:
    """The offset just after the quoted scalar starting at ``text[i]``."""
    q = text[i]
    i += 1
    n = len(text)
    while i < n:
        c = text[i]
        if q == '"' and c == "\\":
            i += 2
            continue
        if c == q:
            if q == "'" and text[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return n


def _scan_value(text: str, i: int, stop: str) -> int:
    """The end of a flow value starting at ``i`` (before ``,`` or ``stop`` at depth 0)."""
    depth = 0
    n = len(text)
    start = i
    while i < n:
        c = text[i]
        if c in "\"'" and (i == start or text[i - 1] in " \t\n[{,:"):
            i = _skip_string(text, i)
            continue
        if c in "{[":
            depth += 1
        elif c in "}]":
            if depth == 0:
                break
            depth -= 1
        elif c == "," and depth == 0:
            break
        i += 1
    end = i
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return end


def _mapping(text: str, i: int, path: tuple[Any, ...], out: list[_Mapping]) -> int:
    """Parse the flow mapping whose ``{`` is at ``text[i]``; returns the offset after ``}``."""
    entries: list[_Entry] = []
    i += 1
    n = len(text)
    while i < n:
        while i < n and text[i] in " \t\n,":
            i += 1
        if i >= n or text[i] == "}":
            break
        key_start = i
        if text[i] in "\"'":
            i = _skip_string(text, i)
            key = text[key_start + 1 : i - 1]
        else:
            while i < n and text[i] not in ":,}\n":
                i += 1
            key = text[key_start:i].strip()
        while i < n and text[i] in " \t":
            i += 1
        if i >= n or text[i] != ":":
            i = _scan_value(text, i, "}")
            continue
        i += 1
        while i < n and text[i] in " \t\n":
            i += 1
        value_start = i
        if i < n and text[i] == "{":
            i = _mapping(text, i, (*path, key), out)
            value_end = i
        elif i < n and text[i] == "[" and key == "sources":
            i += 1
            item = 0
            while i < n:
                while i < n and text[i] in " \t\n,":
                    i += 1
                if i >= n or text[i] == "]":
                    i += 1
                    break
                if text[i] == "{":
                    i = _mapping(text, i, (*path, key, item), out)
                else:
                    i = _scan_value(text, i, "]")
                item += 1
            value_end = i
        else:
            value_end = i = _scan_value(text, i, "}")
        entries.append(_Entry(key, key_start, value_start, value_end))
    out.append(_Mapping(path, tuple(entries)))
    return i + 1


def _data_blocks(text: str) -> list[tuple[int, int, list[_Mapping]]]:
    """Every top-level ``{...}`` block of an Argdown text: start, end and its mappings."""
    blocks = []
    i = 0
    n = len(text)
    in_comment = False
    while i < n:
        c = text[i]
        if in_comment:
            if text.startswith("*/", i):
                in_comment = False
                i += 2
                continue
            i += 1
            continue
        if text.startswith("//", i) and (i == 0 or text[i - 1] in " \t\n"):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            in_comment = True
            i += 2
            continue
        if c == "\\":
            i += 2
            continue
        if c == "{":
            maps: list[_Mapping] = []
            end = _mapping(text, i, (), maps)
            blocks.append((i, end, maps))
            i = end
            continue
        i += 1
    return blocks


def _load(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def plan_fixes(text: str, report: QuoteReport) -> list[tuple[int, int, str]]:
    """The edits (start, end, replacement) that write the report's exact locators into
    ``text``, an Argdown document."""
    wanted: dict[tuple[str, str | None], tuple[str, str | None]] = {}
    for check in report.checks:
        v = check.verification
        if not v.verified or v.locator is None:
            continue
        src = check.source
        add_doc = v.document if check.found_by == "search" and not src.document else None
        if src.locator == v.locator and add_doc is None:
            continue
        assert src.quote is not None
        wanted[(src.quote, src.document or src.title)] = (v.locator, add_doc)
    edits: list[tuple[int, int, str]] = []
    if not wanted:
        return edits
    for _start, _end, maps in _data_blocks(text):
        by_path = {m.path: m for m in maps}
        top = by_path.get(())
        if top is None:
            continue
        flat_title = None
        for e in top.entries:
            if e.key == "source":
                flat_title = _load(text[e.value_start : e.value_end])
        for m in maps:
            keys = {e.key: e for e in m.entries}
            if "quote" not in keys:
                continue
            if m.path == ():
                title = flat_title
            elif len(m.path) == 2 and m.path[0] == "sources":
                title = (
                    _load(text[keys["title"].value_start : keys["title"].value_end])
                    if ("title" in keys)
                    else None
                )
            else:
                continue
            q = keys["quote"]
            quote = _load(text[q.value_start : q.value_end])
            document = (
                _load(text[keys["document"].value_start : keys["document"].value_end])
                if "document" in keys
                else None
            )
            key = (str(quote), document if document is not None else title)
            if key not in wanted:
                continue
            locator, add_doc = wanted[key]
            new = json.dumps(locator, ensure_ascii=False)
            if "locator" in keys:
                loc = keys["locator"]
                if text[loc.value_start : loc.value_end] != new:
                    edits.append((loc.value_start, loc.value_end, new))
            doc = (
                f", document: {json.dumps(add_doc, ensure_ascii=False)}"
                if add_doc is not None and "document" not in keys
                else ""
            )
            if "locator" not in keys:
                edits.append((q.value_end, q.value_end, f", locator: {new}{doc}"))
            elif doc:
                end = keys["locator"].value_end
                edits.append((end, end, doc))
    edits.sort()
    return edits


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out = []
    pos = 0
    for start, end, new in edits:
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _comparable(amap: ArgumentMap) -> ArgumentMap:
    """The map with what the fixer may change (locators, documents) blanked out."""
    out = ArgumentMap(amap.title, description=amap.description, meta=amap.meta)
    out.add_all(list(amap.groups.values()))
    out.add_all(
        [
            attrs.evolve(
                s,
                sources=[
                    attrs.evolve(x, locator=None, document=None, verification=None)
                    for x in s.sources
                ],
            )
            if s.sources
            else s
            for s in amap.statements.values()
        ]
    )
    out.add_all(list(amap.arguments.values()))
    out.add_all(list(amap.relations.values()))
    return out


def fix_locators(path: str | os.PathLike[str], report: QuoteReport) -> int:
    """Write the exact locators of ``report``'s verified quotes into the Argdown file at
    ``path``; returns the number of edits (0: the file is left as it was)."""
    from ..formats.argdown._reader import parse_argdown

    p = Path(path)
    raw = p.read_bytes()
    text = raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    work = text.replace("\r\n", "\n")
    edits = plan_fixes(work, report)
    if not edits:
        return 0
    fixed = _apply(work, edits)
    before = parse_argdown(work, os.fspath(p))
    after = parse_argdown(fixed, os.fspath(p))
    if _comparable(before) != _comparable(after):
        raise ArgmapError(
            f"{p}: fixing the locators would change more than the locators; the file is "
            f"left as it was (please report this)"
        )
    changed = {
        (s.id, i): x.locator
        for s in after.statements.values()
        for i, x in enumerate(s.sources)
        if isinstance(s, Statement)
    }
    lost = [
        c
        for c in report.checks
        if c.verification.verified
        and c.verification.locator is not None
        and changed.get((c.statement, c.index)) not in (c.verification.locator, None)
        and changed.get((c.statement, c.index)) != c.source.locator
    ]
    if lost:
        raise ArgmapError(f"{p}: some locators could not be written; the file is unchanged")
    data = fixed.replace("\n", newline).encode("utf-8")
    from .._api import write_output

    write_output(data, p)  # in place, on purpose: atomic, every OS error an OutputError
    return len(edits)
