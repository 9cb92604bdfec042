"""The argument model: value objects and the :class:`ArgumentMap` container.

Value objects (:class:`Source`, :class:`Statement`, :class:`Argument`, :class:`Relation`,
:class:`Group`) are frozen attrs classes. :class:`ArgumentMap` owns them by id and keeps
indexes so that supporters, attackers, roots and leaves are O(1)/O(degree) lookups.

Nodes are statements and arguments; they share one id namespace with relations (an
undercut may target a relation), so an id names exactly one element of a map. Groups
(sections) have their own namespace.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections import Counter, deque
from collections.abc import (
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    Sequence,
    ValuesView,
)
from itertools import chain, repeat
from operator import attrgetter, countOf
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import DanglingReferenceError, DuplicateIdError, MapStructureError

__all__ = [
    "Argument",
    "ArgumentMap",
    "Group",
    "Location",
    "Node",
    "QuoteStatus",
    "Relation",
    "RelationKind",
    "Source",
    "Statement",
    "StatementKind",
    "Verification",
]


def _tuple_of_str(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _tags(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if not value:  # the common case, kept cheap: maps can hold millions of elements
        return ()
    return _dedupe(_tuple_of_str(value))


def _statement_kind(value: StatementKind | str) -> StatementKind:
    return value if value.__class__ is StatementKind else StatementKind(value)


def _relation_kind(value: RelationKind | str) -> RelationKind:
    return value if value.__class__ is RelationKind else RelationKind(value)


def _sources(value: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(value)


def _quote_status(value: QuoteStatus | str) -> QuoteStatus:
    return QuoteStatus(value)


def _meta(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value) if value else {}


@attrs.frozen
class Location:
    """Where an element was defined in its source file (1-based line and column)."""

    path: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.path or "<input>"
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class StatementKind(str, enum.Enum):
    """What a statement is: a plain claim, or evidence grounded in cited sources."""

    CLAIM = "claim"
    EVIDENCE = "evidence"

    def __str__(self) -> str:
        return self.value


class RelationKind(str, enum.Enum):
    """The four relations between elements of a map."""

    SUPPORT = "support"
    ATTACK = "attack"
    """A rebuttal: the source speaks against the target's truth."""
    UNDERCUT = "undercut"
    """An attack on an inference (an argument or a relation), not on a statement."""
    CONTRADICTION = "contradiction"
    """Source and target cannot both be true (symmetric)."""

    def __str__(self) -> str:
        return self.value


class QuoteStatus(str, enum.Enum):
    """What checking a quote against its source document found."""

    EXACT = "exact"
    """The quote is in the document, character for character."""
    NORMALISED = "normalised"
    """It is there once whitespace, quote marks, dashes and case are normalised."""
    APPROXIMATE = "approximate"
    """Only something similar is there (see the score)."""
    NOT_FOUND = "not-found"
    """Nothing close enough; the verification names the closest passage."""
    NO_DOCUMENT = "no-document"
    """The document the source names is not at hand."""

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class Verification:
    """The result of checking a :class:`Source`'s quote against its document
    (see :func:`argmap.verify_quotes`); recorded on the source so every renderer can
    show it."""

    status: QuoteStatus = attrs.field(converter=_quote_status)
    document: str | None = None
    """The id of the document checked."""
    locator: str | None = None
    """The exact locator of the quote (``¶12.s3``), or of the closest passage."""
    score: float | None = None
    """Similarity of quote and document text, 0-100 (100 when found)."""
    prefix: str | None = None
    """A little of the text before the quote, when documents were at hand."""
    suffix: str | None = None
    """A little of the text after it."""

    @property
    def verified(self) -> bool:
        """The quote is in the document (exactly, or once normalised)."""
        return self.status in (QuoteStatus.EXACT, QuoteStatus.NORMALISED)


@attrs.frozen
class Source:
    """A cited source of evidence.

    ``published`` is an ISO 8601 date, or a partial one (``"2023"``, ``"2023-05"``), as text.
    ``locator`` says where in the source: a page, paragraph, timestamp or comment id.
    ``document`` names the source document the quote comes from (a path, a URL or a
    document id, see :mod:`argmap.sources`); ``verification`` records what checking the
    quote against it found.
    """

    title: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    publisher: str | None = None
    quote: str | None = None
    locator: str | None = None
    document: str | None = None
    verification: Verification | None = None

    def label(self) -> str:
        """A short human label: title (or URL), with author and date when known."""
        head = self.title or self.url or self.publisher or "untitled source"
        extra = ", ".join(x for x in (self.author or self.publisher, self.published) if x)
        return f"{head} ({extra})" if extra else head


@attrs.frozen
class Statement:
    """A claim, or a piece of evidence (a statement that carries its :class:`Source` s)."""

    id: str
    text: str
    kind: StatementKind = attrs.field(default=StatementKind.CLAIM, converter=_statement_kind)
    title: str | None = None
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources)
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    group: str | None = None
    meta: dict[str, Any] = attrs.field(factory=dict, converter=_meta, hash=False)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def is_evidence(self) -> bool:
        """Whether the statement is evidence (grounded in cited sources), not a claim."""
        return self.kind is StatementKind.EVIDENCE

    @property
    def label(self) -> str:
        """What to call the statement in a diagram or a list: its title, else its text."""
        return self.title or self.text


@attrs.frozen
class Argument:
    """An inference: premises that jointly support a conclusion.

    Premises and conclusion are statement ids. An argument may also stand without a
    premise-conclusion structure (an Argdown argument known only by its description),
    and may take part in relations itself, as source or target.
    """

    id: str
    premises: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    conclusion: str | None = None
    title: str | None = None
    text: str | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    group: str | None = None
    meta: dict[str, Any] = attrs.field(factory=dict, converter=_meta, hash=False)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def label(self) -> str:
        """What to call the argument: its title, else its text, else its id."""
        return self.title or self.text or self.id


@attrs.frozen
class Relation:
    """A directed relation ``source --kind--> target``.

    ``source`` and ``target`` are node ids; an undercut's target may also be an argument
    (attacking its inference) or the id of another relation (attacking that link).
    """

    id: str
    kind: RelationKind = attrs.field(converter=_relation_kind)
    source: str
    target: str
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    meta: dict[str, Any] = attrs.field(factory=dict, converter=_meta, hash=False)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Group:
    """A section of a map (an Argdown heading); groups nest through ``parent``."""

    id: str
    title: str
    parent: str | None = None
    meta: dict[str, Any] = attrs.field(factory=dict, converter=_meta, hash=False)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


# ---------------------------------------------------------------- trusted construction
# Readers build hundreds of thousands of elements whose values already have the types the
# converters above would make (a kind enum, tuples, a dict of its own, distinct tags).
# These build the same frozen objects without the converters or the generated __init__:
# each field's slot is set directly (about a third cheaper per object). Private: the
# caller guarantees the types; everyone else calls the classes.
def _slot_setters(cls: type) -> tuple[Any, ...]:
    return tuple(cls.__dict__[f.name].__set__ for f in attrs.fields(cls))


def _trusted_location(
    path: str | None,
    line: int | None,
    column: int | None,
    _new: Any = object.__new__,
    _set: tuple[Any, ...] = _slot_setters(Location),
) -> Location:
    self = _new(Location)
    _set[0](self, path)
    _set[1](self, line)
    _set[2](self, column)
    return self  # type: ignore[no-any-return]


def _trusted_statement(
    id: str,
    text: str,
    kind: StatementKind,
    title: str | None,
    sources: tuple[Source, ...],
    tags: tuple[str, ...],
    group: str | None,
    meta: dict[str, Any],
    location: Location | None,
    _new: Any = object.__new__,
    _set: tuple[Any, ...] = _slot_setters(Statement),
) -> Statement:
    self = _new(Statement)
    _set[0](self, id)
    _set[1](self, text)
    _set[2](self, kind)
    _set[3](self, title)
    _set[4](self, sources)
    _set[5](self, tags)
    _set[6](self, group)
    _set[7](self, meta)
    _set[8](self, location)
    return self  # type: ignore[no-any-return]


def _trusted_argument(
    id: str,
    premises: tuple[str, ...],
    conclusion: str | None,
    title: str | None,
    text: str | None,
    tags: tuple[str, ...],
    group: str | None,
    meta: dict[str, Any],
    location: Location | None,
    _new: Any = object.__new__,
    _set: tuple[Any, ...] = _slot_setters(Argument),
) -> Argument:
    self = _new(Argument)
    _set[0](self, id)
    _set[1](self, premises)
    _set[2](self, conclusion)
    _set[3](self, title)
    _set[4](self, text)
    _set[5](self, tags)
    _set[6](self, group)
    _set[7](self, meta)
    _set[8](self, location)
    return self  # type: ignore[no-any-return]


def _trusted_relation(
    id: str,
    kind: RelationKind,
    source: str,
    target: str,
    location: Location | None,
    meta: dict[str, Any] | None = None,
    _new: Any = object.__new__,
    _set: tuple[Any, ...] = _slot_setters(Relation),
) -> Relation:
    self = _new(Relation)
    _set[0](self, id)
    _set[1](self, kind)
    _set[2](self, source)
    _set[3](self, target)
    _set[4](self, ())
    _set[5](self, {} if meta is None else meta)  # a dict of the caller's own
    _set[6](self, location)
    return self  # type: ignore[no-any-return]


def _trusted_many(cls: type, n: int, *columns: Iterable[Any]) -> list[Any]:
    """``n`` new ``cls`` objects, trusted as above, built a field at a time: field ``i``
    of the ``k``-th object is the ``k``-th value of ``columns[i]`` (one column for each
    of ``attrs.fields(cls)``, in order). No Python call per object: a reader's million
    attacks cost a few C loops."""
    objs: list[Any] = list(map(object.__new__, repeat(cls, n)))
    for setter, values in zip(_slot_setters(cls), columns, strict=True):
        deque(map(setter, objs, values), maxlen=0)
    return objs


Node = Statement | Argument
Element = Statement | Argument | Relation
NodeRef = str | Statement | Argument
TargetRef = str | Statement | Argument | Relation

_SLUG_DROP = re.compile(r"[^\w\s-]", re.UNICODE)
_SLUG_DASH = re.compile(r"[\s_-]+", re.UNICODE)


def slugify(text: str, *, max_length: int = 48) -> str:
    """A readable, deterministic id stem from text: ``"Meta's charity"`` → ``"metas-charity"``."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    norm = _SLUG_DROP.sub("", norm)
    norm = _SLUG_DASH.sub("-", norm).strip("-")
    if len(norm) > max_length:
        cut = norm[:max_length]
        norm = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return norm or "node"


def relation_id(kind: RelationKind | str, source: str, target: str) -> str:
    """The deterministic id of a relation: ``"<source> -support-> <target>"``."""
    return f"{source} -{RelationKind(kind).value}-> {target}"


def _ref(value: TargetRef) -> str:
    if isinstance(value, str):
        return value
    return value.id


class ArgumentMap:
    """A mutable container of statements, arguments, relations and groups.

    Build one with the verbs :meth:`claim`, :meth:`evidence`, :meth:`argument`,
    :meth:`support`, :meth:`rebut`, :meth:`undercut` and :meth:`contradict`; readers
    may also :meth:`add` finished elements (references may then point forward, and
    :meth:`check_references` or :func:`argmap.check` tell what is left dangling).

    Two maps are equal when their title, description, metadata and elements are equal
    (source locations are not compared).
    """

    def __init__(
        self,
        title: str | None = None,
        *,
        description: str | None = None,
        meta: Mapping[str, Any] | None = None,
        source_path: str | None = None,
        included_paths: Iterable[str] = (),
    ) -> None:
        self.title = title
        self.description = description
        self.meta: dict[str, Any] = dict(meta or {})
        self.source_path = source_path
        """The file this map was read from, if any (not part of equality)."""
        self.included_paths: tuple[str, ...] = tuple(included_paths)
        """The other files its source pulled in (Argdown ``@include``), resolved; not part
        of equality."""
        self.reader_findings: list[Any] = []
        """:class:`~argmap.Finding` s its reader made while reading (an Argdown title
        used but never defined, ...); :func:`argmap.check` reports them. Not part of
        equality."""
        self._suppressions: Any = None  # _validate.Suppressions from the source's comments
        self._statements: dict[str, Statement] = {}
        self._arguments: dict[str, Argument] = {}
        self._relations: dict[str, Relation] = {}
        self._groups: dict[str, Group] = {}
        self._out: dict[str, list[str]] = {}
        self._in: dict[str, list[str]] = {}
        self._table: _RelationTable | None = None  # relations still as columns: see there
        self._concluding_cache: dict[str, list[str]] | None = None

    @property
    def input_paths(self) -> tuple[str, ...]:
        """Every file this map was read from: :attr:`source_path` (when there is one), then
        each of :attr:`included_paths`. :func:`argmap.write` and the CLI never write over
        any of them."""
        head = (self.source_path,) if self.source_path else ()
        return head + self.included_paths

    # ------------------------------------------------------------------ dunder
    def __repr__(self) -> str:
        c = self.counts()
        title = f" {self.title!r}" if self.title else ""
        return (
            f"<ArgumentMap{title}: {c['claims']} claims, {c['evidence']} evidence, "
            f"{c['arguments']} arguments, {sum(c['relations'].values())} relations>"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArgumentMap):
            return NotImplemented
        return (
            self.title == other.title
            and self.description == other.description
            and self.meta == other.meta
            and self._statements == other._statements
            and self._arguments == other._arguments
            and self._relations == other._relations
            and self._groups == other._groups
        )

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        """The number of nodes (statements and arguments)."""
        return len(self._statements) + len(self._arguments)

    def __contains__(self, item: object) -> bool:
        key = item if isinstance(item, str) else getattr(item, "id", None)
        return isinstance(key, str) and (
            key in self._statements or key in self._arguments or key in self._relations
        )

    def __getitem__(self, id: str) -> Statement | Argument | Relation:
        """The element with this id (O(1)); ``KeyError`` if none."""
        for table in (self._statements, self._arguments, self._relations):
            if id in table:
                return table[id]
        raise KeyError(id)

    def get(self, id: str) -> Statement | Argument | Relation | None:
        try:
            return self[id]
        except KeyError:
            return None

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        from ._jupyter import mimebundle

        bundle: dict[str, Any] = mimebundle(self, include=include, exclude=exclude)
        return bundle

    # ------------------------------------------------------------------ views
    @property
    def statements(self) -> Mapping[str, Statement]:
        """Statements by id, in insertion order (read-only view)."""
        return _ReadOnly(self._statements)

    @property
    def arguments(self) -> Mapping[str, Argument]:
        """Arguments (premises jointly supporting a conclusion) by id, in insertion order."""
        return _ReadOnly(self._arguments)

    @property
    def relations(self) -> Mapping[str, Relation]:
        """Relations (support, attack, undercut, contradiction) by id, in insertion order."""
        return _ReadOnly(self._relations)

    @property
    def groups(self) -> Mapping[str, Group]:
        """Groups (sections) by id, in insertion order."""
        return _ReadOnly(self._groups)

    @property
    def claims(self) -> list[Statement]:
        """The statements that are claims, in map order."""
        return [s for s in self._statements.values() if s.kind is StatementKind.CLAIM]

    @property
    def evidence_items(self) -> list[Statement]:
        """The statements that are evidence, in map order."""
        return [s for s in self._statements.values() if s.kind is StatementKind.EVIDENCE]

    def nodes(self) -> Iterator[Node]:
        """Statements, then arguments, in insertion order."""
        yield from self._statements.values()
        yield from self._arguments.values()

    def node(self, ref: NodeRef) -> Node:
        key = _ref(ref)
        if key in self._statements:
            return self._statements[key]
        if key in self._arguments:
            return self._arguments[key]
        raise KeyError(key)

    def tags(self) -> list[str]:
        """Every tag used in the map, in order of first use."""
        elements: Iterable[Statement | Argument | Relation] = (
            chain(self._statements.values(), self._arguments.values())
            if self._table is not None  # a table's relations have no tags: not built for it
            else self._elements()
        )
        return list(dict.fromkeys(chain.from_iterable(map(_get_tags, elements))))

    def _elements(self) -> Iterator[Statement | Argument | Relation]:
        yield from self._statements.values()
        yield from self._arguments.values()
        yield from self._relations.values()

    # ------------------------------------------------------------------ adding
    def _check_new_id(self, id: str) -> None:
        if not isinstance(id, str) or not id:
            raise MapStructureError(f"an element id must be a non-empty string, got {id!r}")
        if id in self._statements or id in self._arguments or id in self._relations:
            raise DuplicateIdError(f"duplicate id {id!r}: the map already has an element with it")

    def unique_id(self, stem: str) -> str:
        """``stem``, or ``stem-2``, ``stem-3`` … : the first id not yet taken."""
        candidate, n = stem, 1
        while candidate in self:
            n += 1
            candidate = f"{stem}-{n}"
        return candidate

    def add(self, element: Statement | Argument | Relation | Group) -> Any:
        """Add a finished element. References may point forward; ids must be new."""
        eid = element.id
        if isinstance(element, Group):
            if eid in self._groups:
                raise DuplicateIdError(f"duplicate group id {eid!r}")
            self._groups[eid] = element
            return element
        if (
            eid in self._statements
            or eid in self._arguments
            or eid in self._relations
            or not eid
            or eid.__class__ is not str
        ):
            self._check_new_id(eid)
        cls = element.__class__
        if cls is Relation or isinstance(element, Relation):
            self._relations[eid] = element  # type: ignore[assignment]
            out = self._out.get(element.source)  # type: ignore[union-attr]
            if out is None:
                self._out[element.source] = [eid]  # type: ignore[union-attr]
            else:
                out.append(eid)
            inc = self._in.get(element.target)  # type: ignore[union-attr]
            if inc is None:
                self._in[element.target] = [eid]  # type: ignore[union-attr]
            else:
                inc.append(eid)
        elif cls is Statement or isinstance(element, Statement):
            self._statements[eid] = element  # type: ignore[assignment]
        elif isinstance(element, Argument):
            self._arguments[eid] = element
            self._concluding_cache = None
        else:
            raise TypeError(f"cannot add {type(element).__name__} to an ArgumentMap")
        return element

    def add_all(self, elements: Iterable[Statement | Argument | Relation | Group]) -> None:
        """Add many finished elements at once: the same as :meth:`add` for each, in order,
        but several times faster for the large batches a reader builds."""
        batch = list(elements)
        if not batch:
            return
        cls = batch[0].__class__
        if (
            cls not in (Statement, Argument, Relation)
            or set(map(type, batch)) != {cls}
            or not self._add_batch(batch, list(map(_get_id, batch)))
        ):
            for element in batch:  # the slow path names the offending element
                self.add(element)

    def _add_batch(
        self,
        batch: list[Any],
        ids: list[str],
        sources: Iterable[str] | None = None,
        targets: Iterable[str] | None = None,
        *,
        typed: bool = False,
    ) -> bool:
        """:meth:`add_all`'s work for a batch of one class (statements, arguments or
        relations) whose ids are given, and for relations their sources and targets when
        the caller has them (a reader's columns: no pass over the objects to get them).
        ``typed``: the caller knows every id is a string. ``False``, with nothing added,
        when an id is taken, repeated, empty or not a string."""
        unique = set(ids)
        if (
            len(unique) != len(ids)
            or not unique.isdisjoint(self._statements)
            or not unique.isdisjoint(self._arguments)
            or not unique.isdisjoint(self._relations)
            or "" in unique
            or (not typed and set(map(type, unique)) != {str})  # in C: batches are long
        ):
            return False
        cls = batch[0].__class__
        if cls is Statement:
            self._statements.update(zip(ids, batch, strict=True))
        elif cls is Argument:
            self._arguments.update(zip(ids, batch, strict=True))
            self._concluding_cache = None
        else:
            self._relations.update(zip(ids, batch, strict=True))
            if sources is None or targets is None:
                sources, targets = map(_get_source, batch), map(_get_target, batch)
            _index(self._out, list(sources), ids)
            _index(self._in, list(targets), ids)
        return True

    def _add_trusted(
        self,
        statements: dict[str, Statement],
        relations: dict[str, Relation],
        sources: list[str],
        targets: list[str],
    ) -> None:
        """A reader's fast path: what :meth:`add_all` does with ``statements`` and then
        ``relations`` (each by id), without its checks or its passes over the elements.
        The caller guarantees the ids are distinct, new, non-empty ``str`` s and that
        ``sources``/``targets`` are the relations' ends, in order."""
        self._statements.update(statements)
        self._relations.update(relations)
        ids = list(relations)
        _index(self._out, sources, ids)
        _index(self._in, targets, ids)

    # ------------------------------------------------------------------ relation table
    def _add_columns(
        self,
        nodes: Sequence[str],
        kinds: RelationKind | Sequence[RelationKind],
        sources: Sequence[int],
        targets: Sequence[int],
        *,
        path: str | None = None,
        lines: Sequence[int] | None = None,
        columns: int | Sequence[int] = 1,
        ids: Sequence[str] | None = None,
    ) -> None:
        """A reader's relations as columns (see :class:`_RelationTable`): the ``k``-th
        is of ``kinds[k]`` (or ``kinds`` for all), from ``nodes[sources[k]]`` to
        ``nodes[targets[k]]``, with the id ``ids[k]`` (by default its
        :func:`relation_id`), no tags or metadata, and located at ``path``, ``lines[k]``,
        ``columns[k]`` (or ``columns``) when ``lines`` is given. The caller guarantees
        that ``nodes`` are ids of nodes already in the map, that the indexes are in range
        and that no relation repeats (given ``ids``: that they are distinct, non-empty
        strings that no node of the map has); takes ownership of the sequences.

        On a map without relations the columns are kept as they are and the
        :class:`Relation` objects, their ids and the incoming/outgoing indexes are built
        on first use (:meth:`__getattr__`); what only counts or converts them (an
        evaluation, :meth:`counts`) reads the columns. Otherwise they are added now, as
        :meth:`add_all` would."""
        table = _RelationTable(nodes, kinds, sources, targets, path, lines, columns, ids)
        if not len(table):
            return
        if self._table is None and not (self._relations or self._out or self._in):
            self._table = table
            del self._relations, self._out, self._in  # __getattr__ builds them on first use
        else:
            self.add_all(table.build()[0].values())

    def _materialise(self) -> None:
        """The relation table as :class:`Relation` objects and indexes, from now on."""
        from ._gc import gc_paused

        table = self._table
        assert table is not None
        with gc_paused(promote=True):  # a million acyclic objects that outlive the call
            self._relations, self._out, self._in = table.build()
        self._table = None

    if not TYPE_CHECKING:  # (for mypy the three are plain attributes, set in __init__)

        def __getattr__(self, name: str) -> Any:
            # Python calls this only when an attribute is missing: the relation dict and
            # its indexes while the relations are still a table. Then they are built.
            if name in _TABLE_BUILDS and self.__dict__.get("_table") is not None:
                self._materialise()
                return self.__dict__[name]
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self
            )

    def replace(self, element: Statement | Argument | Group) -> Any:
        """Put a changed version of an existing statement, argument or group in its place.

        Relations are identified by their endpoints; remove and re-add one to change it.
        """
        if isinstance(element, Statement) and element.id in self._statements:
            self._statements[element.id] = element
        elif isinstance(element, Argument) and element.id in self._arguments:
            self._arguments[element.id] = element
            self._concluding_cache = None
        elif isinstance(element, Group) and element.id in self._groups:
            self._groups[element.id] = element
        else:
            raise KeyError(getattr(element, "id", element))
        return element

    def update(self, ref: NodeRef, **changes: Any) -> Node:
        """Replace a node by a copy with ``changes`` applied (``attrs.evolve``)."""
        return self.replace(attrs.evolve(self.node(ref), **changes))  # type: ignore[no-any-return]

    def remove_relation(self, ref: str | Relation) -> Relation:
        rel = self._relations.pop(_ref(ref))
        self._out[rel.source].remove(rel.id)
        self._in[rel.target].remove(rel.id)
        return rel

    # ------------------------------------------------------------------ builder verbs
    def _new_id(self, id: str | None, text: str) -> str:
        if id is not None:
            self._check_new_id(id)
            return id
        return self.unique_id(slugify(text))

    def claim(
        self,
        text: str,
        id: str | None = None,
        *,
        title: str | None = None,
        tags: Iterable[str] | str = (),
        group: str | Group | None = None,
        **meta: Any,
    ) -> Statement:
        """Add a claim; its id is ``id`` or derived from the title/text (``slugify``)."""
        st = Statement(
            id=self._new_id(id, title or text),
            text=text,
            title=title,
            tags=tags,
            group=self._group_ref(group),
            meta=meta,
        )
        return self.add(st)  # type: ignore[no-any-return]

    def evidence(
        self,
        text: str,
        source: Source | Sequence[Source] | None = None,
        id: str | None = None,
        *,
        title: str | None = None,
        tags: Iterable[str] | str = (),
        group: str | Group | None = None,
        **meta: Any,
    ) -> Statement:
        """Add evidence: a statement grounded in one or more :class:`Source` s."""
        if source is None:
            sources: tuple[Source, ...] = ()
        elif isinstance(source, Source):
            sources = (source,)
        else:
            sources = tuple(source)
        for s in sources:
            if not isinstance(s, Source):
                raise TypeError(f"evidence sources must be argmap.Source objects, got {s!r}")
        st = Statement(
            id=self._new_id(id, title or text),
            text=text,
            kind=StatementKind.EVIDENCE,
            title=title,
            sources=sources,
            tags=tags,
            group=self._group_ref(group),
            meta=meta,
        )
        return self.add(st)  # type: ignore[no-any-return]

    def argument(
        self,
        premises: Iterable[NodeRef] = (),
        conclusion: NodeRef | None = None,
        title: str | None = None,
        *,
        id: str | None = None,
        text: str | None = None,
        tags: Iterable[str] | str = (),
        group: str | Group | None = None,
        **meta: Any,
    ) -> Argument:
        """Add an argument whose premises jointly support ``conclusion`` (linked premises)."""
        prem = tuple(self._existing(p) for p in premises)
        concl = self._existing(conclusion) if conclusion is not None else None
        stem = title or text or ("arg-" + (concl or "-".join(prem) or "untitled"))
        arg = Argument(
            id=self._new_id(id, stem),
            premises=prem,
            conclusion=concl,
            title=title,
            text=text,
            tags=tags,
            group=self._group_ref(group),
            meta=meta,
        )
        return self.add(arg)  # type: ignore[no-any-return]

    def relate(
        self,
        kind: RelationKind | str,
        source: NodeRef,
        target: TargetRef,
        *,
        tags: Iterable[str] | str = (),
        **meta: Any,
    ) -> Relation:
        """Add a relation of ``kind``; both ends must already be in the map."""
        kind = RelationKind(kind)
        src = self._existing(source)
        tgt = _ref(target)
        if tgt not in self:
            raise DanglingReferenceError(f"{kind.value} target {tgt!r} is not in the map")
        rid = relation_id(kind, src, tgt)
        if rid in self._relations:
            raise DuplicateIdError(f"the map already has the relation {rid!r}")
        return self.add(  # type: ignore[no-any-return]
            Relation(id=rid, kind=kind, source=src, target=tgt, tags=tags, meta=meta)
        )

    def support(self, source: NodeRef, target: NodeRef, **meta: Any) -> Relation:
        """``source`` supports ``target``."""
        return self.relate(RelationKind.SUPPORT, source, target, **meta)

    def rebut(self, source: NodeRef, target: NodeRef, **meta: Any) -> Relation:
        """``source`` attacks (rebuts) ``target``."""
        return self.relate(RelationKind.ATTACK, source, target, **meta)

    attack = rebut

    def undercut(self, source: NodeRef, target: TargetRef, **meta: Any) -> Relation:
        """``source`` attacks the inference ``target``: an argument or a relation."""
        tgt = _ref(target)
        if tgt in self._statements:
            raise MapStructureError(
                f"an undercut attacks an inference (an argument or a relation), "
                f"but {tgt!r} is a statement: use rebut() to attack a statement"
            )
        return self.relate(RelationKind.UNDERCUT, source, target, **meta)

    def contradict(self, source: NodeRef, target: NodeRef, **meta: Any) -> Relation:
        """``source`` and ``target`` contradict each other."""
        return self.relate(RelationKind.CONTRADICTION, source, target, **meta)

    def group(
        self, title: str, id: str | None = None, *, parent: str | Group | None = None, **meta: Any
    ) -> Group:
        """Add a group (section)."""
        gid = id if id is not None else slugify(title)
        if id is None:
            base, n = gid, 1
            while gid in self._groups:
                n += 1
                gid = f"{base}-{n}"
        return self.add(  # type: ignore[no-any-return]
            Group(id=gid, title=title, parent=self._group_ref(parent), meta=meta)
        )

    def _existing(self, ref: NodeRef) -> str:
        key = _ref(ref)
        if key not in self._statements and key not in self._arguments:
            raise DanglingReferenceError(f"{key!r} is not a statement or argument of this map")
        return key

    def _group_ref(self, group: str | Group | None) -> str | None:
        if group is None:
            return None
        gid = group.id if isinstance(group, Group) else group
        if gid not in self._groups:
            raise DanglingReferenceError(f"group {gid!r} is not in the map")
        return gid

    # ------------------------------------------------------------------ queries
    def outgoing(self, ref: TargetRef, kind: RelationKind | str | None = None) -> list[Relation]:
        """Relations whose source is ``ref`` (optionally of one kind); O(degree)."""
        rels = [self._relations[r] for r in self._out.get(_ref(ref), ())]
        return rels if kind is None else [r for r in rels if r.kind is RelationKind(kind)]

    def incoming(self, ref: TargetRef, kind: RelationKind | str | None = None) -> list[Relation]:
        """Relations whose target is ``ref`` (optionally of one kind); O(degree)."""
        rels = [self._relations[r] for r in self._in.get(_ref(ref), ())]
        return rels if kind is None else [r for r in rels if r.kind is RelationKind(kind)]

    def supporters(self, ref: TargetRef) -> list[Node]:
        """Nodes that support ``ref``: by a support relation, or as an argument concluding it."""
        key = _ref(ref)
        found = [self.node(r.source) for r in self.incoming(key, RelationKind.SUPPORT)]
        found += [
            self._arguments[a]
            for a in self._concluding().get(key, ())
            if self._arguments[a] not in found
        ]
        return found

    def attackers(self, ref: TargetRef) -> list[Node]:
        """Nodes that attack ``ref``: rebuttals, undercuts and contradictions (either side)."""
        key = _ref(ref)
        found: list[Node] = []
        for r in self.incoming(key):
            if r.kind is not RelationKind.SUPPORT:
                found.append(self.node(r.source))
        for r in self.outgoing(key, RelationKind.CONTRADICTION):
            node = self.node(r.target)
            if node not in found:
                found.append(node)
        return found

    def neighbours(self, ref: TargetRef) -> list[Node]:
        """Nodes joined to ``ref`` by a relation in either direction, or by an inference."""
        key = _ref(ref)
        ids: dict[str, None] = {}
        for r in self.incoming(key):
            ids.setdefault(r.source, None)
        for r in self.outgoing(key):
            ids.setdefault(r.target, None)
        if key in self._arguments:
            arg = self._arguments[key]
            for p in arg.premises:
                ids.setdefault(p, None)
            if arg.conclusion:
                ids.setdefault(arg.conclusion, None)
        return [self.node(i) for i in ids if i in self._statements or i in self._arguments]

    def _concluding(self) -> dict[str, list[str]]:
        """Statement id → ids of the arguments that conclude it (rebuilt when arguments change)."""
        if self._concluding_cache is not None:
            return self._concluding_cache
        index: dict[str, list[str]] = {}
        for a in self._arguments.values():
            if a.conclusion is not None:
                index.setdefault(a.conclusion, []).append(a.id)
        self._concluding_cache = index
        return index

    def _reasoning_edges(
        self, conflicts: set[tuple[str, str]] | None = None
    ) -> dict[str, list[str]]:
        """Who argues about whom: an edge from each node to what it supports, attacks,
        undercuts (an undercut of a link counts as being about the link's target) or
        concludes, from each premise to its argument, and both ways for contradictions."""
        edges: dict[str, list[str]] = {}
        relations = self._relations
        for r in relations.values():
            target = r.target
            for _ in range(len(relations)):  # undercut of an undercut of … a link
                if target not in relations:
                    break
                target = relations[target].target
            edges.setdefault(r.source, []).append(target)
            if r.kind is RelationKind.CONTRADICTION:
                edges.setdefault(target, []).append(r.source)
            if conflicts is not None and r.kind is not RelationKind.SUPPORT:
                conflicts.add((r.source, target))
                conflicts.add((target, r.source))
        for a in self._arguments.values():
            for p in a.premises:
                edges.setdefault(p, []).append(a.id)
            if a.conclusion is not None:
                edges.setdefault(a.id, []).append(a.conclusion)
        return edges

    def main_claims(self) -> list[Node]:
        """The positions everything else is ultimately about.

        Follow every relation from what argues to what it argues about (a premise to its
        argument, an argument to its conclusion, both ways for a contradiction): the main
        claims are the nodes that nothing leads away from — a claim that only receives
        support and attack, or a set of rivals that attack or contradict each other and
        nothing else — and that something argues about. (A circle of mere support is not
        a position: validation reports it as circular.) Isolated nodes are main claims only
        when the map has nothing else; otherwise validation reports them as orphans.
        """
        from ._gc import gc_paused
        from ._graph import main_claim_ids, main_claim_indexes

        statements, arguments = self._statements, self._arguments
        with gc_paused():  # the walk makes big sets and lists: no collector pass over the map
            ids = main_claim_ids(self)
        if ids is not None:
            return [statements[i] if i in statements else arguments[i] for i in ids]
        nodes: list[Node] = [*statements.values(), *arguments.values()]
        index: dict[str, int] = {node.id: i for i, node in enumerate(nodes)}
        return [nodes[i] for i in main_claim_indexes(self, index)]

    roots = main_claims

    def leaves(self) -> list[Node]:
        """Nodes that nothing supports or attacks (the starting points of reasoning)."""
        concluded = {a.conclusion for a in self._arguments.values() if a.conclusion}
        return [
            n
            for n in self.nodes()
            if not self._in.get(n.id)
            and n.id not in concluded
            and not (isinstance(n, Argument) and n.premises)
        ]

    def counts(self) -> dict[str, Any]:
        """Counts as ``argmap info --json`` reports them."""
        kinds = (  # counted in C
            self._table.kind_counts()
            if self._table is not None
            else Counter(map(_get_kind, self._relations.values()))
        )
        by_kind = {k.value: kinds[k] for k in RelationKind}
        n_evidence = countOf(map(_get_kind, self._statements.values()), StatementKind.EVIDENCE)
        return {
            "claims": len(self._statements) - n_evidence,
            "evidence": n_evidence,
            "arguments": len(self._arguments),
            "relations": by_kind,
            "tags": len(self.tags()),
            "groups": len(self._groups),
        }

    def select(
        self,
        *,
        tags: Iterable[str] | str | None = None,
        groups: Iterable[str] | str | None = None,
        root: NodeRef | None = None,
        depth: int | None = None,
        include_evidence: bool = True,
    ) -> ArgumentMap:
        """A sub-map: nodes carrying any of ``tags``, in any of ``groups`` (or their
        sub-groups), and/or within ``depth`` relation steps of ``root``; relations and
        arguments between kept nodes come along.
        """
        keep = {n.id for n in self.nodes()}
        if tags is not None:
            wanted = set(_tuple_of_str(tags))
            keep &= {n.id for n in self.nodes() if wanted.intersection(n.tags)}
        if groups is not None:
            wanted_g = self._group_closure(_tuple_of_str(groups))
            keep &= {n.id for n in self.nodes() if n.group in wanted_g}
        if root is not None:
            keep &= self._within(self._existing(root), depth)
        if not include_evidence:
            keep -= {s.id for s in self._statements.values() if s.is_evidence}
        return self._submap(keep)

    def _group_closure(self, ids: Iterable[str]) -> set[str]:
        wanted = set(ids)
        for gid in ids:
            if gid not in self._groups:
                # accept titles too
                wanted |= {g.id for g in self._groups.values() if g.title == gid}
        changed = True
        while changed:
            changed = False
            for g in self._groups.values():
                if g.parent in wanted and g.id not in wanted:
                    wanted.add(g.id)
                    changed = True
        return wanted

    def _within(self, start: str, depth: int | None) -> set[str]:
        """Nodes reachable from ``start`` against the direction of reasoning (who argues
        for or against it, recursively), up to ``depth`` steps."""
        seen = {start}
        frontier = [start]
        level = 0
        while frontier and (depth is None or level < depth):
            level += 1
            nxt = []
            for nid in frontier:
                neighbours = [r.source for r in self.incoming(nid)]
                # contradiction is symmetric: what the node contradicts is argued about it too
                neighbours += [r.target for r in self.outgoing(nid, RelationKind.CONTRADICTION)]
                neighbours += self._concluding().get(nid, [])
                if nid in self._arguments:
                    neighbours += list(self._arguments[nid].premises)
                for rel in self.incoming(nid):  # undercuts of links into this node
                    neighbours += [u.source for u in self.incoming(rel.id)]
                for n in neighbours:
                    if n not in seen and (n in self._statements or n in self._arguments):
                        seen.add(n)
                        nxt.append(n)
            frontier = nxt
        return seen

    def _submap(self, keep: set[str]) -> ArgumentMap:
        sub = ArgumentMap(
            self.title,
            description=self.description,
            meta=self.meta,
            source_path=self.source_path,
            included_paths=self.included_paths,
        )
        for g in self._groups.values():
            sub.add(g)
        for s in self._statements.values():
            if s.id in keep:
                sub.add(s)
        for a in self._arguments.values():
            if a.id in keep:
                sub.add(
                    attrs.evolve(
                        a,
                        premises=tuple(p for p in a.premises if p in keep),
                        conclusion=a.conclusion if a.conclusion in keep else None,
                    )
                )
        pending = list(self._relations.values())
        kept: set[str] = set(keep)
        progress = True
        while progress:  # undercuts of relations need their target relation kept first
            progress = False
            rest = []
            for r in pending:
                if r.source in keep and r.target in kept:
                    sub.add(r)
                    kept.add(r.id)
                    progress = True
                else:
                    rest.append(r)
            pending = rest
        return sub

    # ------------------------------------------------------------------ integrity
    def check_references(self) -> None:
        """Raise :class:`DanglingReferenceError` for the first reference to a missing id."""
        for problem in self._dangling():
            raise DanglingReferenceError(problem[1])

    def _dangling(self) -> Iterator[tuple[Statement | Argument | Relation | Group, str]]:
        if self._references_hold():
            return
        for node in self.nodes():
            if node.group is not None and node.group not in self._groups:
                yield node, f"{node.id!r} refers to group {node.group!r}, which is not in the map"
        for a in self._arguments.values():
            for p in a.premises:
                if p not in self._statements:
                    yield a, f"argument {a.id!r} has premise {p!r}, which is not a statement"
            if a.conclusion is not None and a.conclusion not in self._statements:
                yield (
                    a,
                    f"argument {a.id!r} has conclusion {a.conclusion!r}, which is not a statement",
                )
        for r in self._relations.values():
            if r.source not in self._statements and r.source not in self._arguments:
                yield r, f"relation {r.id!r} comes from {r.source!r}, which is not in the map"
            if r.target not in self:
                yield r, f"relation {r.id!r} goes to {r.target!r}, which is not in the map"
        for g in self._groups.values():
            if g.parent is not None and g.parent not in self._groups:
                yield g, f"group {g.id!r} has parent {g.parent!r}, which is not in the map"

    def _references_hold(self) -> bool:
        """Whether every reference resolves, checked with set operations (C loops): the
        common case for a map just read, and then :meth:`_dangling` has nothing to say."""
        stmts, args, groups = self._statements, self._arguments, self._groups
        # a relation table's ends are nodes of the map (its reader made sure): nothing to check
        rels = self._relations if self._table is None else {}
        nodes = [*stmts.values(), *args.values()]
        used_groups = set(map(_get_group, nodes))
        used_groups.discard(None)
        parents = set(map(_get_parent, groups.values()))
        parents.discard(None)
        if not groups.keys() >= used_groups | parents:
            return False
        premises = {p for a in args.values() for p in a.premises}
        conclusions = set(map(_get_conclusion, args.values()))
        conclusions.discard(None)
        if not stmts.keys() >= premises | conclusions:
            return False
        # usually every end is a statement: one lookup each, no set built
        if not all(map(stmts.__contains__, map(_get_source, rels.values()))):
            sources = set(map(_get_source, rels.values()))
            sources.difference_update(stmts, args)
            if sources:
                return False
        if all(map(stmts.__contains__, map(_get_target, rels.values()))):
            return True
        targets = set(map(_get_target, rels.values()))
        targets.difference_update(stmts, args, rels)
        return not targets


def _index(index: dict[str, list[str]], ends: list[str], ids: list[str]) -> None:
    """Append ``ids[k]`` to the bucket of ``ends[k]`` in ``index`` (a new bucket for each
    new end, in order of first use); in C throughout: no Python call a relation, and one
    lookup an end (``setdefault``, offered a fresh empty list each time)."""
    deque(map(list.append, map(index.setdefault, ends, iter(list, None)), ids), maxlen=0)


class _RelationTable:
    """A map's relations as columns, before anyone asks for them as objects.

    Reading an ICCMA framework of a million attacks would otherwise build a million
    :class:`Relation` s, their id strings, locations and metadata dicts, and two indexes
    over them: seconds of work and hundreds of megabytes that evaluating the framework
    never looks at. The table keeps, for each relation, a kind (or one kind for all), a
    source and a target index into ``nodes`` and, when located, a line (and column); the
    map builds the objects from it on first use (:meth:`ArgumentMap._materialise`), in
    the table's order, the same objects :meth:`ArgumentMap.add_all` would hold.

    While a map holds a table it has no other relations (adding one builds the table
    first), so the table is the whole of its relations: :meth:`ArgumentMap.counts` and
    the map→framework conversion (:mod:`argmap.evaluate._af`) read it directly."""

    __slots__ = ("columns", "ids", "kinds", "lines", "nodes", "path", "sources", "targets")

    def __init__(
        self,
        nodes: Sequence[str],
        kinds: RelationKind | Sequence[RelationKind],
        sources: Sequence[int],
        targets: Sequence[int],
        path: str | None,
        lines: Sequence[int] | None,
        columns: int | Sequence[int],
        ids: Sequence[str] | None = None,
    ) -> None:
        n = len(sources)
        if (
            len(targets) != n
            or (not isinstance(kinds, RelationKind) and len(kinds) != n)
            or (ids is not None and len(ids) != n)
        ):
            raise ValueError("the columns of a relation table differ in length")
        if lines is not None and (
            len(lines) != n or (not isinstance(columns, int) and len(columns) != n)
        ):
            raise ValueError("the location columns of a relation table differ in length")
        self.nodes = nodes
        self.kinds = kinds
        self.sources = sources
        self.targets = targets
        self.path = path
        self.lines = lines
        self.columns = columns
        self.ids = ids
        """The relations' ids, when the reader had them (native JSON); else each one's
        :func:`relation_id`."""

    def __len__(self) -> int:
        return len(self.sources)

    def kind_counts(self) -> Counter[RelationKind]:
        if isinstance(self.kinds, RelationKind):
            return Counter({self.kinds: len(self)})
        return Counter(self.kinds)

    def build(self) -> tuple[dict[str, Relation], dict[str, list[str]], dict[str, list[str]]]:
        """The relations by id, and the outgoing and incoming indexes (node id → ids of
        its relations, in order), built a column at a time: no Python call a relation."""
        n = len(self)
        nodes = self.nodes
        sources = list(map(nodes.__getitem__, self.sources))
        targets = list(map(nodes.__getitem__, self.targets))
        kinds: Iterable[RelationKind]
        kinds = repeat(self.kinds, n) if isinstance(self.kinds, RelationKind) else self.kinds
        if self.ids is not None:
            ids = list(self.ids)
        elif isinstance(self.kinds, RelationKind):
            ids = list(map(f" -{self.kinds.value}-> ".join, zip(sources, targets, strict=True)))
        else:
            ids = list(map("{} -{}-> {}".format, sources, map(_get_value, kinds), targets))
        locations: Iterable[Location | None] = repeat(None, n)
        if self.lines is not None:
            cols = repeat(self.columns, n) if isinstance(self.columns, int) else self.columns
            locations = _trusted_many(Location, n, repeat(self.path, n), self.lines, cols)
        made = _trusted_many(
            Relation, n, ids, kinds, sources, targets, repeat((), n), iter(dict, None),
            locations,
        )
        out: dict[str, list[str]] = {}
        into: dict[str, list[str]] = {}
        _index(out, sources, ids)
        _index(into, targets, ids)
        return dict(zip(ids, made, strict=True)), out, into


_TABLE_BUILDS = frozenset({"_relations", "_out", "_in"})
"""The attributes of a map that its relation table becomes."""
_get_value = attrgetter("value")
_get_id = attrgetter("id")
_get_source = attrgetter("source")
_get_target = attrgetter("target")
_get_group = attrgetter("group")
_get_parent = attrgetter("parent")
_get_conclusion = attrgetter("conclusion")
_get_kind = attrgetter("kind")
_get_tags = attrgetter("tags")


class _ReadOnly(Mapping[str, Any]):
    """A read-only, O(1) view of one of the map's tables."""

    __slots__ = ("_d",)

    def __init__(self, d: dict[str, Any]) -> None:
        self._d = d

    def __getitem__(self, key: str) -> Any:
        return self._d[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __contains__(self, key: object) -> bool:
        return key in self._d

    # the dict's own views: as read-only as the mapping, and without the generic
    # Mapping machinery (which costs a method call per item on large maps)
    def keys(self) -> KeysView[str]:
        return self._d.keys()

    def values(self) -> ValuesView[Any]:
        return self._d.values()

    def items(self) -> ItemsView[str, Any]:
        return self._d.items()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._d!r})"
