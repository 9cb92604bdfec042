"""Validation: what is wrong, or worth a second look, in a map.

Every :class:`Finding` has a stable code from :data:`CODES` — a letter for its severity
(``E`` error, ``W`` warning, ``I`` info) and three digits for its family: ``1xx``
definitions and references, ``2xx`` relations and arguments, ``3xx`` evidence and
sources, ``4xx`` syntax, ``5xx`` quotations checked against source documents. It names
the element and, when the map came from a file, where in it (line and column), with a
one-line hint on what to do.

Errors make a map untrue to what its author wrote (a reference to nothing, a statement
that supports itself); warnings are what a careful author wants to know (a title defined
twice with different texts, a circle of support); infos are fine as they are but worth
knowing (two claims that attack each other both ways).

Readers add what only they can see (an Argdown ``[Title]`` that is never defined) to
``ArgumentMap.reader_findings``; :func:`validate` reports those together with its own.
A finding is silenced for one place by a comment on its line (or alone on the line
above): ``// argmap: ignore[W105]`` in Argdown, and for a whole file by front matter
``argmap: {ignore: [W105]}``; see ``docs/errors.md``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence

import attrs

from ._errors import UnknownCodeError
from ._graph import strongly_connected_components
from ._model import ArgumentMap, Location, RelationKind, Statement

__all__ = ["CODES", "Code", "Finding", "Severity", "Suppressions", "select_findings", "validate"]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


_LETTER = {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@attrs.frozen
class Code:
    """One kind of finding: its code, a short name, what it means and what to do."""

    code: str
    """``E101``: the severity's letter and three digits."""
    name: str
    """A readable slug, e.g. ``undefined-statement``."""
    summary: str
    """What the finding means (one sentence, for the docs)."""
    hint: str
    """What to do about it (one line, printed with each finding)."""

    @property
    def severity(self) -> Severity:
        return _LETTER[self.code[0]]


def _codes(*items: Code) -> dict[str, Code]:
    return {c.code: c for c in items}


CODES: dict[str, Code] = _codes(
    Code(
        "E101",
        "undefined-statement",
        "A statement title is used ([Title]) but never given a text anywhere in the map.",
        "define it once with '[Title]: its text', or correct the title's spelling",
    ),
    Code(
        "W102",
        "undefined-argument",
        "An argument title is used (<Title>) but the argument is never described or "
        "reconstructed: an empty argument. A warning, as sketching an argument by its title "
        "first is a step of the Argdown workflow (an undefined statement is more likely a "
        "misspelt title).",
        "describe it with '<Title>: text', give it premises and a conclusion, "
        "or correct the title's spelling",
    ),
    Code(
        "E103",
        "dangling-reference",
        "An element refers to an id (a premise, conclusion, relation end, group or parent "
        "group) that is not in the map.",
        "add the element it refers to, or correct the id",
    ),
    Code(
        "E104",
        "duplicate-id",
        "Two elements of the map share one id.",
        "give each element an id of its own",
    ),
    Code(
        "W105",
        "conflicting-definitions",
        "A statement title is defined twice with different texts; as in Argdown both texts "
        "are kept, the first as the statement's text and the others in meta 'other_texts'.",
        "write the text once if both mean one statement; otherwise give the second its own title",
    ),
    Code(
        "E106",
        "empty-statement",
        "A statement has no text.",
        "write its text, e.g. '[Title]: the claim in a sentence'",
    ),
    Code(
        "W107",
        "orphan",
        "A statement or argument is not related to anything else in the map.",
        "relate it to the claim it bears on (+ supports, - attacks), or remove it",
    ),
    Code(
        "E201",
        "self-support",
        "A node supports itself, or an argument has its conclusion among its premises: "
        "circular reasoning in one step.",
        "remove the relation, or support the claim with something else",
    ),
    Code(
        "W202",
        "self-attack",
        "A node attacks, undercuts or contradicts itself (a paradox in argumentation "
        "theory, usually a slip in a map).",
        "point the relation at the node it was meant for",
    ),
    Code(
        "W203",
        "duplicate-relation",
        "The same relation is written twice; it counts once.",
        "remove one of the two",
    ),
    Code(
        "W204",
        "support-cycle",
        "Statements and arguments support each other in a circle.",
        "break the circle: something in it must rest on something outside it",
    ),
    Code(
        "W205",
        "unused-conclusion",
        "The conclusion of an argument reconstructed with premises appears nowhere else: "
        "not as a paragraph of its own, in no relation (nor has the argument one), in no "
        "other argument (Argdown reader).",
        "relate the conclusion to the claim it bears on (or the argument with +> / ->)",
    ),
    Code(
        "I206",
        "mutual-attack",
        "Two nodes attack each other both ways (rival positions); fine, and the same as "
        "a contradiction for evaluation.",
        "if they cannot both be true, '><' (contradiction) says so in one relation",
    ),
    Code(
        "I207",
        "attack-and-contradiction",
        "Two statements contradict each other and one also attacks the other; the "
        "contradiction already implies the attack.",
        "keep the contradiction alone unless the attack says more",
    ),
    Code(
        "E301",
        "evidence-without-source",
        "A piece of evidence cites no source.",
        "add {source: ...} (title, url, author ...) to its data, or make it a claim",
    ),
    Code(
        "W302",
        "empty-source",
        "A cited source has neither a title nor a URL: nobody could find it.",
        "give the source a title or a url",
    ),
    Code(
        "E401",
        "syntax-error",
        "The text cannot be read; the map is not built until it is fixed (the reader "
        "goes on after each error to report the others).",
        "fix it at the location shown: the message says what was expected there",
    ),
    Code(
        "W402",
        "unclosed-bracket",
        "A text starts with [ or < that is never closed: it looks like a reference but "
        "is read as plain text.",
        "close the bracket ([Title] or <Title>), or escape it (\\[) if it is text",
    ),
    Code(
        "W403",
        "stray-bracket",
        "A text ends with ] or > that was never opened: it looks like a reference but is "
        "read as plain text.",
        "open the bracket ([Title] or <Title>), or escape it (\\]) if it is text",
    ),
    Code(
        "W404",
        "unknown-code",
        "An 'argmap: ignore[...]' comment or front-matter entry names a code argmap does not know.",
        "use a code listed by the documentation (docs/errors.md)",
    ),
    Code(
        "E501",
        "quote-not-found",
        "A piece of evidence quotes its document, but the quote is not in it, not even "
        "approximately (argmap check --sources); the closest passage is named.",
        "copy the quote from the document again, or correct the source it names",
    ),
    Code(
        "E502",
        "unknown-document",
        "A source names a document (path, URL or id) that is not among the sources given.",
        "add the document to --sources, or correct the source's document, path or url",
    ),
    Code(
        "E503",
        "unreadable-document",
        "A source document cannot be read (its reader reports where and why).",
        "fix or replace the document at the location shown",
    ),
    Code(
        "W501",
        "approximate-quote",
        "A quote matches its document only approximately (the similarity score is given).",
        "copy the exact words from the passage named",
    ),
    Code(
        "W502",
        "inexact-locator",
        "A verified quote's locator is not its exact locator in the document.",
        "run argmap check --sources DIR --fix-locators to write the exact locators",
    ),
    Code(
        "W503",
        "source-without-document",
        "A source names no document, but its quote was found in one of the sources.",
        "name the document in the source (document, path or url)",
    ),
    Code(
        "W504",
        "locator-not-written",
        "--fix-locators could not write a verified quote's exact locator into the file.",
        "write the locator shown by hand",
    ),
    Code(
        "I501",
        "normalised-quote",
        "A quote is found once quote marks, dashes, spaces and case are normalised.",
        "nothing to do, or copy the quote exactly",
    ),
    Code(
        "I502",
        "quote-not-checked",
        "A quote's source names no document and no source document holds it: not checked.",
        "name the document in the source, or add it to --sources",
    ),
)


@attrs.frozen
class Finding:
    """One thing found by :func:`argmap.check`."""

    severity: Severity
    code: str
    """A stable code from :data:`CODES`, e.g. ``E101``."""
    message: str
    element: str | None = None
    """The id of the element concerned."""
    location: Location | None = None
    hint: str | None = None
    """What to do about it; defaults to the code's hint."""

    @property
    def name(self) -> str:
        """The code's readable name, e.g. ``undefined-statement``."""
        known = CODES.get(self.code)
        return known.name if known else self.code

    @property
    def help(self) -> str | None:
        """The hint: this finding's own, or its code's."""
        if self.hint is not None:
            return self.hint
        known = CODES.get(self.code)
        return known.hint if known else None

    def __str__(self) -> str:
        where = (
            f"{self.location}: "
            if self.location and (self.location.path or self.location.line)
            else ""
        )
        return f"{where}{self.severity.value}[{self.code}]: {self.message}"

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "severity": self.severity.value,
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "hint": self.help,
            "element": self.element,
            "path": loc.path if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
        }


def finding(
    code: str,
    message: str,
    element: str | None = None,
    location: Location | None = None,
    hint: str | None = None,
) -> Finding:
    """A finding of a known ``code`` (its severity follows from the code)."""
    return Finding(CODES[code].severity, code, message, element, location, hint)


@attrs.define
class Suppressions:
    """Where findings are silenced: per file and line, and for the whole map.

    ``lines[(path, line)]`` is the set of codes silenced on that line (empty: all of
    them); ``codes`` are silenced everywhere.
    """

    lines: dict[tuple[str | None, int], frozenset[str] | None] = attrs.field(factory=dict)
    codes: set[str] = attrs.field(factory=set)

    def add_line(self, path: str | None, line: int, codes: Iterable[str]) -> None:
        """Silence ``codes`` (every code when empty) on ``line`` of ``path``."""
        key = (path, line)
        new = frozenset(codes)
        if key in self.lines:
            old = self.lines[key]
            self.lines[key] = None if old is None or not new else old | new
        else:
            self.lines[key] = new or None

    def silences(self, f: Finding) -> bool:
        if _matches(f.code, self.codes):
            return True
        loc = f.location
        if loc is None or loc.line is None or (loc.path, loc.line) not in self.lines:
            return False
        codes = self.lines[(loc.path, loc.line)]
        return codes is None or _matches(f.code, codes)


def _matches(code: str, selectors: Iterable[str]) -> bool:
    return any(code.startswith(s) for s in selectors)


def _check_selectors(selectors: Iterable[str], what: str) -> list[str]:
    out = []
    for raw in selectors:
        s = raw.strip().upper()
        if not s:
            continue
        if s == "ALL":
            s = ""
        elif not any(code.startswith(s) for code in CODES):
            raise UnknownCodeError(
                f"{what}: no finding code starts with {raw!r}; codes are "
                f"{', '.join(CODES)} (a prefix such as W or E1 selects a group)"
            )
        out.append(s)
    return out


def select_findings(
    findings: Iterable[Finding],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> list[Finding]:
    """The findings whose code matches one of ``select`` (all when ``None``) and none of
    ``ignore``; a selector is a code (``W105``) or a prefix of codes (``W``, ``E1``,
    ``ALL``). Raises :class:`~argmap.UnknownCodeError` for a selector matching no code."""
    chosen = _check_selectors(select, "select") if select is not None else None
    dropped = _check_selectors(ignore or (), "ignore")
    return [
        f
        for f in findings
        if (chosen is None or _matches(f.code, chosen)) and not _matches(f.code, dropped)
    ]


def _loc(amap: ArgumentMap, el: object) -> Location | None:
    loc: Location | None = getattr(el, "location", None)
    if loc is None and amap.source_path:
        return Location(amap.source_path)
    if loc is not None and loc.path is None and amap.source_path:
        return attrs.evolve(loc, path=amap.source_path)
    return loc


def validate(amap: ArgumentMap, *, extra_findings: Iterable[Finding] = ()) -> list[Finding]:
    """Every finding for ``amap``: errors first, then warnings, then infos, each in map
    order; the ones silenced in the map's source are left out."""
    findings: list[Finding] = list(amap.reader_findings)
    findings.extend(extra_findings)
    undefined = {f.element for f in findings if f.code in ("E101", "W102", "E106")}

    for el, message in amap._dangling():
        findings.append(finding("E103", message, el.id, _loc(amap, el)))

    for st in amap.statements.values():
        if not st.text.strip() and st.id not in undefined:
            message = f"statement {st.id!r} has no text"
            findings.append(finding("E106", message, st.id, _loc(amap, st)))

    _relation_findings(amap, findings)

    for st in amap.statements.values():
        if st.is_evidence and not st.sources:
            findings.append(
                finding("E301", f"evidence {st.id!r} cites no source", st.id, _loc(amap, st))
            )
        for k, src in enumerate(st.sources, 1):
            if not (src.title or src.url):
                which = f"source {k} of" if len(st.sources) > 1 else "the source of"
                message = f"{which} {st.id!r} has neither a title nor a URL"
                findings.append(finding("W302", message, st.id, _loc(amap, st)))

    _orphans(amap, findings)
    suppress = amap._suppressions
    out = [f for f in findings if suppress is None or not suppress.silences(f)]
    out.sort(key=_order)
    return out


def _order(f: Finding) -> tuple[int, str, int, int]:
    loc = f.location or Location()
    return (_RANK.get(f.severity, 3), loc.path or "", loc.line or 0, loc.column or 0)


def _relation_findings(amap: ArgumentMap, findings: list[Finding]) -> None:
    support_edges: dict[str, list[str]] = {}
    attacks: set[tuple[str, str]] = set()
    contradictions: set[frozenset[str]] = set()
    for rel in amap.relations.values():
        if rel.source == rel.target:
            if rel.kind is RelationKind.SUPPORT:
                message = f"{rel.source!r} supports itself"
                findings.append(finding("E201", message, rel.id, _loc(amap, rel)))
            else:
                message = f"{rel.source!r} {_VERB[rel.kind]} itself"
                findings.append(finding("W202", message, rel.id, _loc(amap, rel)))
        if rel.kind is RelationKind.SUPPORT:
            support_edges.setdefault(rel.source, []).append(rel.target)
        elif rel.kind is RelationKind.ATTACK:
            attacks.add((rel.source, rel.target))
        elif rel.kind is RelationKind.CONTRADICTION:
            contradictions.add(frozenset((rel.source, rel.target)))
    for arg in amap.arguments.values():
        if arg.conclusion is not None and arg.conclusion in arg.premises:
            findings.append(
                finding(
                    "E201",
                    f"argument {arg.id!r} has its conclusion {arg.conclusion!r} among its premises",
                    arg.id,
                    _loc(amap, arg),
                )
            )
        if arg.conclusion is not None:
            support_edges.setdefault(arg.id, []).append(arg.conclusion)
            for p in arg.premises:
                support_edges.setdefault(p, []).append(arg.id)

    for cycle in _cycles(support_edges):
        first = amap.get(cycle[0])
        findings.append(
            finding(
                "W204",
                "circular support: " + " -> ".join([*cycle, cycle[0]]),
                cycle[0],
                _loc(amap, first),
            )
        )

    earlier: set[tuple[str, str]] = set()
    for rel in amap.relations.values():
        if rel.kind is not RelationKind.ATTACK or rel.source == rel.target:
            continue
        earlier.add((rel.source, rel.target))
        pair = frozenset((rel.source, rel.target))
        if pair in contradictions:
            findings.append(
                finding(
                    "I207",
                    f"{rel.source!r} attacks {rel.target!r}, which it also contradicts",
                    rel.id,
                    _loc(amap, rel),
                )
            )
        elif (rel.target, rel.source) in earlier:  # reported where it becomes mutual
            findings.append(
                finding(
                    "I206",
                    f"{rel.source!r} and {rel.target!r} attack each other",
                    rel.id,
                    _loc(amap, rel),
                )
            )


_VERB = {
    RelationKind.ATTACK: "attacks",
    RelationKind.UNDERCUT: "undercuts",
    RelationKind.CONTRADICTION: "contradicts",
    RelationKind.SUPPORT: "supports",
}


def _orphans(amap: ArgumentMap, findings: list[Finding]) -> None:
    if len(amap) <= 1:
        return
    touched: set[str] = set()
    for rel in amap.relations.values():
        touched.add(rel.source)
        touched.add(rel.target)
    for arg in amap.arguments.values():
        if arg.premises or arg.conclusion:
            touched.add(arg.id)
            touched.update(arg.premises)
            if arg.conclusion:
                touched.add(arg.conclusion)
    for node in amap.nodes():
        if node.id not in touched:
            what = "statement" if isinstance(node, Statement) else "argument"
            findings.append(
                finding(
                    "W107",
                    f"{what} {node.id!r} is not related to anything else in the map",
                    node.id,
                    _loc(amap, node),
                )
            )


def codes_table(codes: Mapping[str, Code] = CODES) -> str:
    """The codes as a Markdown table (docs/errors.md embeds it; a test keeps them equal)."""
    rows = ["| code | name | severity | meaning | hint |", "|---|---|---|---|---|"]
    for c in codes.values():
        cells = [f"`{c.code}`", f"`{c.name}`", c.severity.value, c.summary, c.hint]
        rows.append("| " + " | ".join(_md_cell(x) for x in cells) + " |")
    return "\n".join(rows)


def _md_cell(text: str) -> str:
    """Text for a Markdown table cell: ``|`` and the angle brackets of ``<Title>`` escaped
    (CommonMark would read ``<Title>`` as an HTML tag)."""
    if text.startswith("`"):
        return text
    for ch in "\\|<>":
        text = text.replace(ch, "\\" + ch)
    return text


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """One representative cycle per strongly connected component of more than one node."""
    return [
        _cycle_in(component, edges)
        for component in strongly_connected_components(list(edges), edges)
        if len(component) > 1
    ]


def _cycle_in(component: list[str], edges: dict[str, list[str]]) -> list[str]:
    members = set(component)
    start = min(component)
    path = [start]
    seen = {start}
    node = start
    while True:
        nxt = next(n for n in edges.get(node, []) if n in members)
        if nxt == start or nxt in seen:
            return path[path.index(nxt) :] if nxt in seen and nxt != start else path
        path.append(nxt)
        seen.add(nxt)
        node = nxt
