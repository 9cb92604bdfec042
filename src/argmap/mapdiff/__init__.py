"""Structural diffs of argument maps: what changed between two versions of a debate.

:func:`diff` compares two maps and returns a frozen :class:`MapDiff`: per kind of element
(statements — claims and evidence —, arguments, relations, groups) what was added,
removed and changed, and what changed on the map itself (title, description, metadata).

Elements are **matched** before they are compared, so that a renamed or reworded element
is one change rather than a removal plus an addition. Each :class:`Match` says why it was
made:

- ``same id``: the id is in both maps;
- ``same text``: statements with the same text (after case and white-space folding);
- ``same title``: statements, arguments or groups with the same title;
- ``same premises and conclusion``: arguments whose premises and conclusion are the same
  (after the statements' own matches);
- ``similar text``: the texts are at least ``threshold`` alike (rapidfuzz, through an
  index: never all pairs); the score is on the match;
- ``same kind and ends``: relations between the same (matched) nodes;
- ``same ends``: relations between the same nodes whose kind changed;
- ``same kind and target``: a relation of the same kind into the same node, its source moved;
- ``same kind and source``: … from the same node, its target moved.

A :class:`Change` lists each changed field as a :class:`FieldChange` named like the
attribute: ``text``, ``title``, ``kind``, ``tags``, ``group``, ``premises``,
``conclusion``, ``source``, ``target``, ``parent``, ``sources[0].quote``, ``meta.key``.
A field whose difference only follows from a renamed element it refers to (a premise
whose statement was renamed) is marked ``implied``; reports leave it out, but it is kept,
so that the diff is complete: ``diff(a, b).apply(a) == b`` and
``diff(a, b).reverse().apply(b) == a``.

>>> import argmap
>>> old = argmap.ArgumentMap()
>>> _ = old.claim("Meta's charity will dry up", id="charity")
>>> new = argmap.ArgumentMap()
>>> _ = new.claim("Meta's corporate charity will dry up", id="charity")
>>> d = argmap.diff(old, new)
>>> [str(f) for c in d.statements.changed for f in c.fields]
["text: \\"Meta's charity will dry up\\" → \\"Meta's corporate charity will dry up\\""]
>>> d.apply(old) == new
True
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from .._errors import DiffError, DuplicateIdError
from .._model import (
    Argument,
    ArgumentMap,
    Group,
    Relation,
    RelationKind,
    Source,
    Statement,
    relation_id,
)
from ._similar import normalize, similar_pairs

if TYPE_CHECKING:
    from ..renderers.graphviz import Highlight

__all__ = [
    "ABSENT",
    "DEFAULT_THRESHOLD",
    "IGNORABLE",
    "Change",
    "FieldChange",
    "MapDiff",
    "Match",
    "Section",
    "diff",
]

DEFAULT_THRESHOLD = 0.75
"""How alike two texts must be (0–1) for a renamed element to be matched by its text."""

IGNORABLE = frozenset(
    {
        "conclusion",
        "description",
        "group",
        "groups",
        "kind",
        "meta",
        "premises",
        "sources",
        "tags",
        "text",
        "title",
    }
)
"""Field names that ``ignore=`` accepts (``groups`` leaves out the whole groups section
and each element's ``group``)."""


class _Absent:
    """The value of a field that is not there (a metadata key, a source)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Absent, ())


ABSENT: Any = _Absent()
"""Stands for a value that is not there: a metadata key added (``old``) or removed (``new``)."""

Element = Statement | Argument | Relation | Group
E = TypeVar("E", Statement, Argument, Relation, Group)


@attrs.frozen
class Match:
    """Why an element of the old map was taken for one of the new map."""

    old: str
    new: str
    reason: str
    score: float = 1.0
    """1.0 except for ``similar text``: how alike the texts were (0–1)."""

    def __str__(self) -> str:
        if self.reason == "similar text":
            return f"similar text ({self.score:.0%})"
        return self.reason


@attrs.frozen
class FieldChange:
    """One field of an element (or of the map) that differs."""

    field: str
    old: Any
    new: Any
    implied: bool = False
    """True when the difference only follows from a renamed element this field refers to."""
    ignored: bool = False
    """True when the field was named in ``ignore=``."""

    @property
    def reported(self) -> bool:
        return not self.implied and not self.ignored

    def reverse(self) -> FieldChange:
        return attrs.evolve(self, old=self.new, new=self.old)

    def __str__(self) -> str:
        return f"{self.field}: {_show(self.old)} → {_show(self.new)}"


def _show(value: Any) -> str:
    if value is ABSENT:
        return "(none)"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    if isinstance(value, Source):
        return _show(value.label())
    if isinstance(value, RelationKind):
        return value.value
    return repr(value)


@attrs.frozen
class Change(Generic[E]):
    """An element matched across the two maps that differs: both versions, why they were
    matched, and the fields that differ."""

    old: E
    new: E
    match: Match
    fields: tuple[FieldChange, ...] = ()

    @property
    def renamed(self) -> bool:
        """The id changed (for a relation: only when that is not just its derived id)."""
        if self.old.id == self.new.id:
            return False
        if isinstance(self.old, Relation) and isinstance(self.new, Relation):
            return not (_derived_id(self.old) and _derived_id(self.new))
        return True

    @property
    def reported_fields(self) -> tuple[FieldChange, ...]:
        return tuple(f for f in self.fields if f.reported)

    @property
    def reported(self) -> bool:
        """Whether a report shows this change (a rename, or a field not implied/ignored)."""
        return self.renamed or any(f.reported for f in self.fields)

    def reverse(self) -> Change[E]:
        return Change(
            old=self.new,
            new=self.old,
            match=Match(self.match.new, self.match.old, self.match.reason, self.match.score),
            fields=tuple(f.reverse() for f in self.fields),
        )


def _derived_id(r: Relation) -> bool:
    return r.id == relation_id(r.kind, r.source, r.target)


@attrs.frozen
class Section(Generic[E]):
    """What changed in one kind of element."""

    added: tuple[E, ...] = ()
    removed: tuple[E, ...] = ()
    changed: tuple[Change[E], ...] = ()

    @property
    def reported_changes(self) -> tuple[Change[E], ...]:
        return tuple(c for c in self.changed if c.reported)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.reported_changes)

    def reverse(self) -> Section[E]:
        return Section(
            added=self.removed,
            removed=self.added,
            changed=tuple(c.reverse() for c in self.changed),
        )

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.reported_changes),
        }


_SECTIONS = ("groups", "statements", "arguments", "relations")


@attrs.frozen
class MapDiff:
    """The difference between two maps (see :func:`diff`); frozen.

    ``bool(d)`` is true when the maps differ in anything a report shows; :attr:`equal`
    is its negation. :meth:`apply` turns the old map into the new one, :meth:`reverse`
    gives the diff the other way round.
    """

    statements: Section[Statement] = Section()
    arguments: Section[Argument] = Section()
    relations: Section[Relation] = Section()
    groups: Section[Group] = Section()
    map_fields: tuple[FieldChange, ...] = ()
    """The map's own title, description and ``meta.<key>`` changes."""
    threshold: float = DEFAULT_THRESHOLD
    ignore: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ reading
    @property
    def equal(self) -> bool:
        """No difference that a report would show (implied and ignored ones aside)."""
        return not (
            self.statements
            or self.arguments
            or self.relations
            or (self.groups and "groups" not in self.ignore)
            or any(f.reported for f in self.map_fields)
        )

    def __bool__(self) -> bool:
        return not self.equal

    def sections(self) -> Iterator[tuple[str, Section[Any]]]:
        """``(name, section)`` in report order, leaving out an ignored ``groups``."""
        for name in ("statements", "arguments", "relations", "groups"):
            if name == "groups" and "groups" in self.ignore:
                continue
            yield name, getattr(self, name)

    @property
    def evidence(self) -> Section[Statement]:
        """The statement changes that concern evidence (on either side)."""
        s = self.statements
        return Section(
            added=tuple(x for x in s.added if x.is_evidence),
            removed=tuple(x for x in s.removed if x.is_evidence),
            changed=tuple(c for c in s.changed if c.old.is_evidence or c.new.is_evidence),
        )

    @property
    def sources(self) -> tuple[tuple[Change[Statement], FieldChange], ...]:
        """Every reported change to a statement's cited sources, with its statement."""
        return tuple(
            (c, f)
            for c in self.statements.changed
            for f in c.reported_fields
            if f.field.startswith("sources")
        )

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts of added, removed and changed elements per section (reported ones)."""
        out = {name: section.counts() for name, section in self.sections()}
        out["map"] = {"changed": sum(1 for f in self.map_fields if f.reported)}
        return out

    @property
    def matches(self) -> tuple[Match, ...]:
        """How each changed element was matched (id-equal unchanged ones are not listed)."""
        return tuple(c.match for _, s in self.sections() for c in s.changed)

    # ------------------------------------------------------------------ algebra
    def reverse(self) -> MapDiff:
        """The diff from the new map back to the old one."""
        return MapDiff(
            statements=self.statements.reverse(),
            arguments=self.arguments.reverse(),
            relations=self.relations.reverse(),
            groups=self.groups.reverse(),
            map_fields=tuple(f.reverse() for f in self.map_fields),
            threshold=self.threshold,
            ignore=self.ignore,
        )

    def apply(self, base: ArgumentMap) -> ArgumentMap:
        """A new map: ``base`` (the old map of this diff) with the diff applied.

        Elements keep ``base``'s order; added ones come after. ``base`` itself is not
        changed. Raises :class:`~argmap.DiffError` when ``base`` is not the map this diff
        was made from (an element to remove or change is missing or different, or an
        element to add is already there).
        """
        title, description, meta = base.title, base.description, dict(base.meta)
        for f in self.map_fields:
            if f.field == "title":
                _expect(base.title == f.old, f"the map's title is {base.title!r}, not {f.old!r}")
                title = f.new
            elif f.field == "description":
                _expect(
                    base.description == f.old,
                    f"the map's description is {base.description!r}, not {f.old!r}",
                )
                description = f.new
            else:
                key = f.field[len("meta.") :]
                _expect(
                    meta.get(key, ABSENT) == f.old,
                    f"the map's meta[{key!r}] is {meta.get(key, ABSENT)!r}, not {f.old!r}",
                )
                if f.new is ABSENT:
                    del meta[key]
                else:
                    meta[key] = f.new
        result = ArgumentMap(title, description=description, meta=meta)
        for name in _SECTIONS:
            section: Section[Any] = getattr(self, name)
            table: Mapping[str, Any] = getattr(base, name)
            elements = _apply_section(name, section, table)
            try:
                result.add_all(elements) if name != "groups" else [result.add(g) for g in elements]
            except DuplicateIdError as exc:
                raise DiffError(f"cannot apply the diff: {exc}") from exc
        return result

    # ------------------------------------------------------------------ output
    def to_text(self, *, old_name: str = "old", new_name: str = "new", color: bool = False) -> str:
        """A plain-text report, one line per change (for a terminal)."""
        from ._report import to_text

        return to_text(self, old_name=old_name, new_name=new_name, color=color)

    def to_markdown(self, *, old_name: str = "old", new_name: str = "new") -> str:
        """A Markdown report (for a pull-request comment)."""
        from ._report import to_markdown

        return to_markdown(self, old_name=old_name, new_name=new_name)

    def to_dict(self, *, old_name: str | None = None, new_name: str | None = None) -> Any:
        """The whole diff as plain JSON data (what ``argmap diff --format json`` prints)."""
        from ._report import to_dict

        return to_dict(self, old_name=old_name, new_name=new_name)

    def highlight(self, new: ArgumentMap) -> tuple[ArgumentMap, Highlight]:
        """The map to draw (``new`` with the removed elements back in, as ghosts) and the
        Graphviz highlight that marks additions, removals and changes."""
        from ._draw import highlight

        return highlight(self, new)

    def draw(self, new: ArgumentMap, format: str = "svg", /, **options: Any) -> str | bytes:
        """The new map drawn with this diff highlighted: ``dot``, ``svg``, ``png``, ``pdf``
        or ``html`` (a page with the diagram and the report). Options are the Graphviz
        renderers' (``direction``, ``wrap``, ``theme`` …)."""
        from ._draw import draw

        return draw(self, new, format, **options)


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise DiffError(f"cannot apply the diff: {message} (is this the diff's old map?)")


def _apply_section(name: str, section: Section[Any], table: Mapping[str, Any]) -> list[Any]:
    kind = name[:-1]
    removed = {e.id: e for e in section.removed}
    changed = {c.old.id: c for c in section.changed}
    out: list[Any] = []
    seen = 0
    for key, element in table.items():
        gone = removed.get(key)
        if gone is not None:
            _expect(element == gone, f"the {kind} {key!r} differs from the one to remove")
            seen += 1
            continue
        change = changed.get(key)
        if change is not None:
            _expect(element == change.old, f"the {kind} {key!r} differs from the one to change")
            seen += 1
            out.append(change.new)
            continue
        out.append(element)
    if seen != len(removed) + len(changed):
        missing = next(k for k in (*removed, *changed) if k not in table)
        _expect(False, f"the {kind} {missing!r} is not in the map")
    out.extend(section.added)
    return out


# ====================================================================== comparing
_Ref = Callable[[str], Any]


def _meta_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], ignored: bool
) -> list[FieldChange]:
    if old == new:
        return []
    out = []
    for key in dict.fromkeys([*old, *new]):
        a, b = old.get(key, ABSENT), new.get(key, ABSENT)
        if a is ABSENT or b is ABSENT or a != b:
            out.append(FieldChange(f"meta.{key}", a, b, ignored=ignored))
    return out


def _source_changes(
    old: tuple[Source, ...], new: tuple[Source, ...], ignored: bool
) -> list[FieldChange]:
    if old == new:
        return []
    out: list[FieldChange] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    names = [f.name for f in attrs.fields(Source)]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            a, b = old[i1 + k], new[j1 + k]
            for attr in names:
                va, vb = getattr(a, attr), getattr(b, attr)
                if va != vb:
                    field = f"sources[{j1 + k}].{attr}"
                    out.append(
                        FieldChange(
                            field,
                            ABSENT if va is None else va,
                            ABSENT if vb is None else vb,
                            ignored=ignored,
                        )
                    )
        for i in range(i1 + paired, i2):
            out.append(FieldChange(f"sources[{i}]", old[i], ABSENT, ignored=ignored))
        for j in range(j1 + paired, j2):
            out.append(FieldChange(f"sources[{j}]", ABSENT, new[j], ignored=ignored))
    return out


class _Comparer:
    """Field-by-field comparison, with references resolved through the matches."""

    def __init__(self, ignore: frozenset[str], ids: dict[str, str], gids: dict[str, str]) -> None:
        self.ignore = ignore
        self.ids = ids  # old node/relation id -> new id (matched ones)
        self.gids = gids  # old group id -> new group id

    def ref(self, old_id: str | None) -> Any:
        if old_id is None:
            return None
        return self.ids.get(old_id, ("unmatched", old_id))

    def gref(self, old_id: str | None) -> Any:
        if old_id is None:
            return None
        return self.gids.get(old_id, ("unmatched", old_id))

    def _field(
        self, out: list[FieldChange], name: str, a: Any, b: Any, mapped: Any = attrs.NOTHING
    ) -> None:
        if a == b:
            return
        implied = mapped is not attrs.NOTHING and mapped == b
        ignored = name in self.ignore or (name == "group" and "groups" in self.ignore)
        out.append(FieldChange(name, a, b, implied=implied, ignored=ignored))

    def _title(
        self, out: list[FieldChange], a: Statement | Argument, b: Statement | Argument
    ) -> None:
        if a.title == b.title:
            return
        # an Argdown title is the element's id: the rename already says it
        implied = a.title == a.id and b.title == b.id
        out.append(
            FieldChange("title", a.title, b.title, implied=implied, ignored="title" in self.ignore)
        )

    def _common(self, out: list[FieldChange], a: Any, b: Any) -> None:
        self._field(out, "tags", a.tags, b.tags)
        if hasattr(a, "group"):
            self._field(out, "group", a.group, b.group, self.gref(a.group))
        out.extend(_meta_changes(a.meta, b.meta, "meta" in self.ignore))

    def statement(self, a: Statement, b: Statement) -> tuple[FieldChange, ...]:
        out: list[FieldChange] = []
        self._field(out, "text", a.text, b.text)
        self._field(out, "kind", a.kind, b.kind)
        self._title(out, a, b)
        out.extend(_source_changes(a.sources, b.sources, "sources" in self.ignore))
        self._common(out, a, b)
        return tuple(out)

    def argument(self, a: Argument, b: Argument) -> tuple[FieldChange, ...]:
        out: list[FieldChange] = []
        self._field(out, "text", a.text, b.text)
        self._title(out, a, b)
        self._field(out, "premises", a.premises, b.premises, tuple(self.ref(p) for p in a.premises))
        self._field(out, "conclusion", a.conclusion, b.conclusion, self.ref(a.conclusion))
        self._common(out, a, b)
        return tuple(out)

    def relation(self, a: Relation, b: Relation) -> tuple[FieldChange, ...]:
        out: list[FieldChange] = []
        self._field(out, "kind", a.kind, b.kind)
        src, tgt = self.ref(a.source), self.ref(a.target)
        if a.kind is b.kind is RelationKind.CONTRADICTION and (src, tgt) == (
            b.target,
            b.source,
        ):  # contradiction is symmetric: its direction is no change
            src, tgt = b.source, b.target
        self._field(out, "source", a.source, b.source, src)
        self._field(out, "target", a.target, b.target, tgt)
        self._field(out, "tags", a.tags, b.tags)
        out.extend(_meta_changes(a.meta, b.meta, "meta" in self.ignore))
        return tuple(out)

    def group(self, a: Group, b: Group) -> tuple[FieldChange, ...]:
        out: list[FieldChange] = []
        self._field(out, "title", a.title, b.title)
        self._field(out, "parent", a.parent, b.parent, self.gref(a.parent))
        out.extend(_meta_changes(a.meta, b.meta, "meta" in self.ignore))
        return tuple(out)


# ====================================================================== matching
class _Pairing:
    """Matches within one table; the work of each step is proportional to what is still
    unmatched, not to the size of the table."""

    def __init__(
        self, old: Mapping[str, Any], new: Mapping[str, Any], ids: dict[str, str] | None = None
    ) -> None:
        self.old = old
        self.new = new
        self.matched: dict[str, str] = {k: k for k in old if k in new}
        """old id → new id."""
        self.why: dict[str, tuple[str, float]] = {}
        """old id → (reason, score) of the matches not made by id."""
        self.left_old = dict.fromkeys(k for k in old if k not in self.matched)
        self.left_new = dict.fromkeys(k for k in new if k not in self.matched)
        self.ids = ids if ids is not None else {}
        """old id → new id of every match so far (may be shared between tables)."""
        self.ids.update(self.matched)

    def take(self, old_id: str, new_id: str, reason: str, score: float = 1.0) -> None:
        self.matched[old_id] = new_id
        self.why[old_id] = (reason, score)
        del self.left_old[old_id]
        del self.left_new[new_id]
        self.ids[old_id] = new_id

    def match(self, old_id: str) -> Match:
        reason, score = self.why.get(old_id, ("same id", 1.0))
        return Match(old_id, self.matched[old_id], reason, score)

    def rest_old(self) -> list[str]:
        return list(self.left_old)

    def rest_new(self) -> list[str]:
        return list(self.left_new)

    def by_key(
        self,
        reason: str,
        old_key: Callable[[Any], Any],
        new_key: Callable[[Any], Any] | None = None,
    ) -> None:
        """Pair unmatched elements whose keys are equal (``None`` keys never pair), in order."""
        new_key = new_key or old_key
        waiting: dict[Any, list[str]] = {}
        for k in self.rest_old():
            key = old_key(self.old[k])
            if key is not None:
                waiting.setdefault(key, []).append(k)
        if not waiting:
            return
        for k in self.rest_new():
            key = new_key(self.new[k])
            queue = waiting.get(key) if key is not None else None
            if queue:
                self.take(queue.pop(0), k, reason)

    def by_similarity(self, text: Callable[[Any], str | None], threshold: float) -> None:
        old_items = [(k, t) for k in self.rest_old() if (t := text(self.old[k]))]
        new_items = [(k, t) for k in self.rest_new() if (t := text(self.new[k]))]
        for a, b, score in similar_pairs(old_items, new_items, threshold):
            self.take(a, b, "similar text", score)


def _title_key(el: Any) -> str | None:
    return normalize(el.title) if el.title else None


def _arg_text(a: Argument) -> str | None:
    parts = [p for p in (a.title, a.text) if p]
    return " — ".join(parts) or None


def diff(
    old: ArgumentMap,
    new: ArgumentMap,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    ignore: Iterable[str] = (),
) -> MapDiff:
    """What changed from ``old`` to ``new``: a frozen :class:`MapDiff`.

    Elements are matched by id first, then by equal text or title, then (statements,
    arguments and groups) by text similarity of at least ``threshold`` (0–1), found
    through an index rather than by comparing every pair; relations by their (matched)
    ends. ``ignore`` names fields to leave out of the report (see :data:`IGNORABLE`),
    e.g. what one of the two formats cannot carry; the diff still records them, so
    :meth:`MapDiff.apply` stays exact. Any two maps can be compared, whatever formats
    they were read from.
    """
    if not isinstance(old, ArgumentMap) or not isinstance(new, ArgumentMap):
        raise DiffError(
            f"diff() compares two ArgumentMaps, got {type(old).__name__} and {type(new).__name__}"
        )
    try:
        threshold = float(threshold)
    except (TypeError, ValueError):
        raise DiffError(f"threshold must be a number between 0 and 1, got {threshold!r}") from None
    if not 0.0 < threshold <= 1.0:
        raise DiffError(f"threshold must be above 0 and at most 1, got {threshold}")
    ignored = frozenset(ignore if not isinstance(ignore, str) else [ignore])
    unknown = sorted(ignored - IGNORABLE)
    if unknown:
        raise DiffError(
            f"cannot ignore {', '.join(unknown)}: the fields that can be ignored are "
            + ", ".join(sorted(IGNORABLE))
        )

    # groups
    groups = _Pairing(old._groups, new._groups)  # groups have their own id namespace
    groups.by_key("same title", _title_key)
    groups.by_similarity(lambda g: g.title, threshold)
    gids = groups.ids

    # statements
    ids: dict[str, str] = {}  # old node or relation id -> new id, filled as matches are made
    stmts = _Pairing(old._statements, new._statements, ids)
    stmts.by_key("same text", lambda s: normalize(s.text) or None)
    stmts.by_key("same title", _title_key)
    stmts.by_similarity(lambda s: s.text, threshold)

    # arguments
    args = _Pairing(old._arguments, new._arguments, ids)

    def structure(a: Argument, mapped: bool) -> Any:
        if not a.premises and a.conclusion is None:
            return None
        premises = frozenset(ids.get(p, ("unmatched", p)) if mapped else p for p in a.premises)
        conclusion: Any = a.conclusion
        if mapped and conclusion is not None:
            conclusion = ids.get(conclusion, ("unmatched", conclusion))
        return premises, conclusion

    args.by_key(
        "same premises and conclusion",
        lambda a: structure(a, True),
        lambda a: structure(a, False),
    )
    args.by_key("same title", _title_key)
    args.by_similarity(_arg_text, threshold)

    # relations, by their ends (an undercut may target a relation: repeat while that helps)
    rels = _Pairing(old._relations, new._relations, ids)

    def end(x: str) -> Any:
        return ids.get(x, ("unmatched", x))

    def contra(r: Relation, s: Any, t: Any) -> Any:
        if r.kind is RelationKind.CONTRADICTION:
            return (r.kind, frozenset((s, t)))
        return (r.kind, s, t)

    keys: list[tuple[str, Callable[[Relation], Any], Callable[[Relation], Any]]] = [
        (
            "same kind and ends",
            lambda r: contra(r, end(r.source), end(r.target)),
            lambda r: contra(r, r.source, r.target),
        ),
        ("same ends", lambda r: (end(r.source), end(r.target)), lambda r: (r.source, r.target)),
        ("same kind and target", lambda r: (r.kind, end(r.target)), lambda r: (r.kind, r.target)),
        ("same kind and source", lambda r: (r.kind, end(r.source)), lambda r: (r.kind, r.source)),
    ]
    nested = any(r.target in old._relations for r in old._relations.values())
    for _ in range(4 if nested else 1):
        before = len(rels.matched)
        for reason, okey, nkey in keys:
            if not rels.left_old or not rels.left_new:
                break
            rels.by_key(reason, okey, nkey)
        if len(rels.matched) == before:
            break

    cmp = _Comparer(ignored, ids, gids)
    return MapDiff(
        statements=_section(stmts, cmp.statement),
        arguments=_section(args, cmp.argument),
        relations=_section(rels, cmp.relation),
        groups=_section(groups, cmp.group),
        map_fields=tuple(_map_fields(old, new, ignored)),
        threshold=threshold,
        ignore=ignored,
    )


def _section(pairing: _Pairing, compare: Callable[[Any, Any], tuple[FieldChange, ...]]) -> Any:
    changed = []
    old, new = pairing.old, pairing.new
    for old_id, new_id in pairing.matched.items():
        a, b = old[old_id], new[new_id]
        if a is b or a == b:
            continue
        changed.append(Change(old=a, new=b, match=pairing.match(old_id), fields=compare(a, b)))
    return Section(
        added=tuple(pairing.new[k] for k in pairing.rest_new()),
        removed=tuple(pairing.old[k] for k in pairing.rest_old()),
        changed=tuple(changed),
    )


def _map_fields(
    old: ArgumentMap, new: ArgumentMap, ignore: frozenset[str]
) -> Iterator[FieldChange]:
    if old.title != new.title:
        yield FieldChange("title", old.title, new.title, ignored="title" in ignore)
    if old.description != new.description:
        yield FieldChange(
            "description", old.description, new.description, ignored="description" in ignore
        )
    yield from _meta_changes(old.meta, new.meta, "meta" in ignore)
