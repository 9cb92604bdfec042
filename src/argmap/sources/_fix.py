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
from .._model import ArgumentMap, Source, Statement
from .._validate import Finding, Severity
from ..formats.argdown._lexer import _FENCE_LINE
from ._verify import QuoteCheck, QuoteReport

__all__ = ["LocatorFixes", "fix_locators", "plan_fixes"]


@attrs.frozen
class LocatorFixes:
    """What :func:`fix_locators` did: how many edits it wrote, and a W504 finding for each
    verified quote whose exact locator (or found document) it could not write."""

    edits: int
    findings: tuple[Finding, ...] = ()


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


def _after_front_matter(text: str) -> int:
    """The offset just after the ``===`` front matter at the top of ``text`` (0 without
    one): its YAML can hold braces that are no data block."""
    first = len(text) - len(text.lstrip(" \t\n"))
    if not (first == text.rfind("\n", 0, first) + 1 and _FENCE_LINE.match(text, first)):
        return 0
    closing = _FENCE_LINE.search(text, text.find("\n", first) + 1)
    return len(text) if closing is None else closing.end()


def _data_blocks(text: str) -> list[tuple[int, int, list[_Mapping]]]:
    """Every top-level ``{...}`` block of an Argdown text: start, end and its mappings."""
    blocks = []
    i = _after_front_matter(text)
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


def _wants_fix(check: QuoteCheck) -> bool:
    v = check.verification
    if not v.verified or v.locator is None:
        return False
    return check.source.locator != v.locator or _wants_document(check)


def _wants_document(check: QuoteCheck) -> bool:
    return check.found_by == "search" and not check.source.document


def _missed(p: Path, report: QuoteReport, after: dict[tuple[str, int], Source]) -> list[Finding]:
    """A W504 finding for each quote that wanted a fix ``after`` does not have; an error
    when a locator was written that is neither the old nor the exact one."""
    findings = []
    for c in report.checks:
        if not _wants_fix(c):
            continue
        v = c.verification
        got = after.get((c.statement, c.index))
        locator = got.locator if got is not None else None
        if locator not in (v.locator, c.source.locator):
            raise ArgmapError(
                f"{p}: fixing the locators would write {locator!r} for evidence "
                f"{c.statement!r} (exact: {v.locator!r}); the file is left as it was "
                f"(please report this)"
            )
        document = got.document if got is not None else None
        if locator == v.locator and (not _wants_document(c) or document == v.document):
            continue
        what = f"locator {v.locator}"
        if _wants_document(c) and document != v.document:
            what += f" and document {v.document!r}"
        st = report.map.statements.get(c.statement)
        findings.append(
            Finding(
                Severity.WARNING,
                "W504",
                f"evidence {c.statement!r}: --fix-locators could not write its exact "
                f"{what} into {p} (its data block was not found); please edit it by hand",
                c.statement,
                st.location if st is not None else None,
            )
        )
    return findings


def _sources(amap: ArgumentMap) -> dict[tuple[str, int], Source]:
    return {
        (s.id, i): x
        for s in amap.statements.values()
        if isinstance(s, Statement)
        for i, x in enumerate(s.sources)
    }


def fix_locators(path: str | os.PathLike[str], report: QuoteReport) -> LocatorFixes:
    """Write the exact locators of ``report``'s verified quotes into the Argdown file at
    ``path``. Returns the number of edits (0: the file is left as it was) and a W504
    finding for each locator it could not write; raises :class:`~argmap.ArgmapError`
    (writing nothing) when the edits would change anything else."""
    from ..formats.argdown._reader import parse_argdown

    p = Path(path)
    raw = p.read_bytes()
    text = raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    work = text.replace("\r\n", "\n")
    edits = plan_fixes(work, report)
    if not edits:
        unchanged = {(c.statement, c.index): c.source for c in report.checks}
        return LocatorFixes(0, tuple(_missed(p, report, unchanged)))
    fixed = _apply(work, edits)
    before = parse_argdown(work, os.fspath(p))
    after = parse_argdown(fixed, os.fspath(p))
    if _comparable(before) != _comparable(after):
        raise ArgmapError(
            f"{p}: fixing the locators would change more than the locators; the file is "
            f"left as it was (please report this)"
        )
    missed = _missed(p, report, _sources(after))
    data = fixed.replace("\n", newline).encode("utf-8")
    from .._api import write_output

    write_output(data, p)  # in place, on purpose: atomic, every OS error an OutputError
    return LocatorFixes(len(edits), tuple(missed))
