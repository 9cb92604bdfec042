"""argmap's native JSON: one private cattrs converter, and a versioned document shape.

The converter is made on first use (:func:`_conv`): reading a well-formed document
takes the columnar paths below, which need neither it nor cattrs (importing cattrs and
generating its hooks is a tenth of a second, a third of a ``json.loads`` of a large map).

The document (JSON Schema: ``argmap/schema/argmap.schema.json``)::

    {"schema_version": 1, "title": ..., "description": ..., "meta": {...},
     "groups": [...], "statements": [...], "arguments": [...], "relations": [...]}

Fields that hold their default are left out, so files stay small and diffs readable.
Source locations are not written (they describe the file a map was read from).
"""

from __future__ import annotations

import json
import re
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import (
    ArgmapSyntaxError,
    DanglingReferenceError,
    DuplicateIdError,
    MapStructureError,
)
from ._gc import gc_paused
from ._jsonloc import dump_json, json_error, load_json
from ._model import (
    Argument,
    ArgumentMap,
    Group,
    QuoteStatus,
    Relation,
    RelationKind,
    Source,
    Statement,
    StatementKind,
    Verification,
    _trusted_many,
    _trusted_relation,
    _trusted_statement,
)

if TYPE_CHECKING:
    import cattrs

try:  # orjson is a declared dependency, but keep a pure-Python path for odd platforms
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None  # type: ignore[assignment]

__all__ = ["SCHEMA_VERSION", "dumps", "from_dict", "loads", "to_dict"]

SCHEMA_VERSION = 1

_ELEMENTS: tuple[tuple[str, type], ...] = (
    ("groups", Group),
    ("statements", Statement),
    ("arguments", Argument),
    ("relations", Relation),
)


def _make_converter() -> cattrs.Converter:
    import cattrs
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    conv = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)  # no silent str(3)
    for enum_cls in (StatementKind, RelationKind, QuoteStatus):
        conv.register_structure_hook(enum_cls, _structure_enum)
    for cls in (Statement, Argument, Relation, Group):
        conv.register_unstructure_hook(
            cls,
            make_dict_unstructure_fn(
                cls, conv, _cattrs_omit_if_default=True, location=override(omit=True)
            ),
        )
        conv.register_structure_hook(
            cls,
            make_dict_structure_fn(
                cls, conv, _cattrs_forbid_extra_keys=True, location=override(omit=True)
            ),
        )
        # the fast path for whole documents: same converter, no per-field error bookkeeping;
        # on failure the registered (detailed) hook runs again to say where
        _GENERATED[cls] = make_dict_structure_fn(
            cls,
            conv,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=False,
            location=override(omit=True),
        )
    for value_cls in (Source, Verification):
        conv.register_unstructure_hook(
            value_cls, make_dict_unstructure_fn(value_cls, conv, _cattrs_omit_if_default=True)
        )
    # meta is free JSON: take it as it is (the JSON parser already made it plain data)
    conv.register_structure_hook_func(lambda t: t == dict[str, Any], _structure_meta)
    return conv


def _structure_str(value: Any, _type: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__} {value!r}")
    return value


def _structure_enum(value: Any, type_: Any) -> Any:
    try:
        return type_(value)
    except ValueError:
        allowed = ", ".join(m.value for m in type_)
        raise ValueError(f"{value!r} is not one of: {allowed}") from None


def _structure_meta(value: Any, _type: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"metadata must be a JSON object, not {type(value).__name__}")
    return value


_GENERATED: dict[type, Any] = {}
_CONVERTER: list[cattrs.Converter] = []


def _conv() -> cattrs.Converter:
    """The converter (made, with :data:`_GENERATED`'s hooks, on first use)."""
    if not _CONVERTER:
        _CONVERTER.append(_make_converter())
    return _CONVERTER[0]


def _generated(cls: type) -> Any:
    """The converter's fast structure hook for ``cls`` (no per-field error bookkeeping)."""
    if not _CONVERTER:
        _conv()
    return _GENERATED[cls]


def __getattr__(name: str) -> Any:  # ``_converter``, as this module had it before
    if name == "_converter":
        return _conv()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Lean hooks for the two element types that make up nearly all of a large map. They accept
# exactly the common shape (every field a plain string; no tags, metadata or sources) and
# hand anything else to the converter's generated hook, which does the full job.
_RELATION_KINDS = {k.value: k for k in RelationKind}
_STATEMENT_KINDS = {k.value: k for k in StatementKind}
_RELATION_KEYS = frozenset({"id", "kind", "source", "target"})
_STATEMENT_KEYS = frozenset({"id", "text", "kind", "title", "group", "tags", "sources"})
_SOURCE_KEYS = frozenset(attrs.fields_dict(Source))


def _lean_sources(items: Any) -> tuple[Source, ...] | None:
    """Sources whose fields are all strings; None when anything is unusual."""
    if items.__class__ is not list:
        return None
    out = []
    for item in items:
        if item.__class__ is not dict or not item.keys() <= _SOURCE_KEYS:
            return None
        for value in item.values():
            if value is not None and value.__class__ is not str:
                return None
        out.append(Source(**item))
    return tuple(out)


def _lean_relation(d: Any, cls: type) -> Any:
    if d.__class__ is dict and d.keys() <= _RELATION_KEYS:
        rid, src, tgt = d.get("id"), d.get("source"), d.get("target")
        kind = _RELATION_KINDS.get(d.get("kind"))  # type: ignore[arg-type]
        if rid.__class__ is src.__class__ is tgt.__class__ is str and kind is not None:
            return _trusted_relation(rid, kind, src, tgt, None)  # typed: no converters
    return _generated(Relation)(d, cls)


def _lean_statement(d: Any, cls: type) -> Any:
    if d.__class__ is dict and d.keys() <= _STATEMENT_KEYS:
        sid, text = d.get("id"), d.get("text")
        kind = _STATEMENT_KINDS.get(d.get("kind", "claim"))
        title, group, tags = d.get("title"), d.get("group"), d.get("tags", ())
        sources = _lean_sources(d["sources"]) if "sources" in d else ()
        if (
            sid.__class__ is text.__class__ is str
            and kind is not None
            and sources is not None
            and (title is None or title.__class__ is str)
            and (group is None or group.__class__ is str)
            and (tags.__class__ is list or tags == ())
            and all(t.__class__ is str for t in tags)
        ):
            # the values are typed (checked above): built without the converters
            tags = tuple(dict.fromkeys(tags)) if tags else ()
            return _trusted_statement(sid, text, kind, title, sources, tags, group, {}, None)
    return _generated(Statement)(d, cls)


def _fast(cls: type) -> Any:
    """The element-by-element structure function for ``cls``: the lean hooks above for
    statements and relations, else the converter's generated one."""
    if cls is Statement:
        return _lean_statement
    if cls is Relation:
        return _lean_relation
    return _generated(cls)


# The columnar fast path for whole element lists. Each field is read for the whole list at
# once (``map(dict.get, ...)``, in C) and its column checked with set operations; when every
# column has exactly the plain shape (strings where strings go, known kinds, lists of
# strings for tags and premises, objects for metadata), the elements are built field by
# field with ``_trusted_many``. Anything else gives ``None``, and the list takes the
# element-by-element path above, which also says where a bad element is. Neither path
# decides what a document means: tests/test_native_json.py checks they build equal maps.
_ABSENT = object()  # a key the element does not have (``null`` is a value)
_NO_META: dict[str, Any] = {}
_NONE_T = type(None)
_STR: frozenset[type] = frozenset({str})
_OPT_STR: frozenset[type] = frozenset({str, _NONE_T})
_TAGS: frozenset[type] = frozenset({list, tuple})  # a tuple: only the default ()
_KIND_OF: dict[Any, StatementKind] = {_ABSENT: StatementKind.CLAIM, **_STATEMENT_KINDS}
_REQUIRED = "required"
_OPTIONAL = "optional"
_KIND = "kind"
_STRINGS = "strings"  # a list of strings, kept as a tuple
_TAG_LIST = "tags"  # a list of strings, duplicates dropped
_SOURCES = "sources"
_META = "meta"
_LOCATION = "location"

_SHAPES: dict[type, tuple[tuple[str, str], ...]] = {
    Statement: (
        ("id", _REQUIRED),
        ("text", _REQUIRED),
        ("kind", _KIND),
        ("title", _OPTIONAL),
        ("sources", _SOURCES),
        ("tags", _TAG_LIST),
        ("group", _OPTIONAL),
        ("meta", _META),
        ("location", _LOCATION),
    ),
    Argument: (
        ("id", _REQUIRED),
        ("premises", _STRINGS),
        ("conclusion", _OPTIONAL),
        ("title", _OPTIONAL),
        ("text", _OPTIONAL),
        ("tags", _TAG_LIST),
        ("group", _OPTIONAL),
        ("meta", _META),
        ("location", _LOCATION),
    ),
    Relation: (
        ("id", _REQUIRED),
        ("kind", _KIND),
        ("source", _REQUIRED),
        ("target", _REQUIRED),
        ("tags", _TAG_LIST),
        ("meta", _META),
        ("location", _LOCATION),
    ),
    Group: (
        ("id", _REQUIRED),
        ("title", _REQUIRED),
        ("parent", _OPTIONAL),
        ("meta", _META),
        ("location", _LOCATION),
    ),
}
_KEYS: dict[type, frozenset[str]] = {
    cls: frozenset(name for name, how in shape if how != _LOCATION)
    for cls, shape in _SHAPES.items()
}
_DEFAULTS: dict[str, Any] = {
    _OPTIONAL: repeat(None),
    _KIND: repeat(StatementKind.CLAIM),
    _STRINGS: repeat(()),
    _TAG_LIST: repeat(()),
    _SOURCES: repeat(()),
    _LOCATION: repeat(None),
}
_KIND_TABLES: dict[type, dict[Any, Any]] = {Statement: _KIND_OF, Relation: _RELATION_KINDS}


def _batch(items: list[Any], cls: type) -> list[list[Any]] | None:
    """The elements of ``items`` built column by column, with the columns of their ids
    (and of a relation's source and target), or ``None`` when any of them is not of the
    plain shape (the element-by-element path then does the whole list)."""
    n = len(items)
    if not n:
        return None  # nothing to build either way
    get: Any = dict.get
    columns: list[Any] = []
    col: list[Any]
    try:  # a non-object item: union or dict.get raise TypeError
        present = set().union(*items)
        if not _KEYS[cls].issuperset(present):
            return None
        for name, how in _SHAPES[cls]:
            if name not in present:  # no element has it: the default for all
                if how == _REQUIRED or (how == _KIND and cls is Relation):
                    return None
                columns.append(iter(dict, None) if how == _META else _DEFAULTS[how])
                continue
            if how in (_REQUIRED, _OPTIONAL):
                col = list(map(get, items, repeat(name)))
                if not (_STR if how == _REQUIRED else _OPT_STR).issuperset(map(type, col)):
                    return None
            elif how == _KIND:
                col = list(
                    map(_KIND_TABLES[cls].get, map(get, items, repeat(name), repeat(_ABSENT)))
                )
                if None in col:  # an unknown kind (or null, or a missing relation kind)
                    return None
            elif how == _META:
                col = list(map(get, items, repeat(name), repeat(_NO_META)))
                if set(map(type, col)) != {dict}:
                    return None
                col = list(map(dict, col))  # a dict of its own for each element
            else:  # a list of strings, or of sources
                col = list(map(get, items, repeat(name), repeat(())))
                if not _TAGS.issuperset(map(type, col)):
                    return None
                if how == _SOURCES:
                    col = [x if x == () else _lean_sources(x) for x in col]
                    if None in col:
                        return None
                elif not _STR.issuperset(map(type, chain.from_iterable(col))):
                    return None
                elif how == _TAG_LIST and max(map(len, col)) > 1:
                    col = list(map(tuple, map(dict.fromkeys, col)))  # repeats dropped
                else:
                    col = list(map(tuple, col))
            columns.append(col)
    except TypeError:  # an item that is no object, an unhashable kind
        return None
    made = _trusted_many(cls, n, *columns)
    if cls is Relation:
        return [made, columns[0], columns[2], columns[3]]
    return [made, columns[0]]


_TABLE_KEYS = frozenset({"id", "kind", "source", "target"})


def _relation_table(amap: ArgumentMap, items: list[Any]) -> bool:
    """Relations of the plainest shape (an id, a known kind, and a source and target
    that are nodes of the map; no tags or metadata) put straight into the map's relation
    table (:meth:`ArgumentMap._add_columns`): no :class:`Relation`, and no index entry,
    until someone asks for them. ``False``, with nothing added, for anything else (an
    undercut of a relation, a dangling end, a repeated id, an odd value): the other paths
    then do the whole list, and say what is wrong."""
    if not items or amap._table is not None or amap._relations:
        return False
    get: Any = dict.get
    try:  # a non-object item, an unhashable kind: TypeError
        if set().union(*items) != _TABLE_KEYS:
            return False
        ids = list(map(get, items, repeat("id")))
        sources = list(map(get, items, repeat("source")))
        targets = list(map(get, items, repeat("target")))
        kinds = list(map(_RELATION_KINDS.get, map(get, items, repeat("kind"))))
    except TypeError:
        return False
    if None in kinds or not _STR.issuperset(map(type, chain(ids, sources, targets))):
        return False
    unique = set(ids)
    if (
        len(unique) != len(ids)
        or "" in unique
        or not unique.isdisjoint(amap._statements)
        or not unique.isdisjoint(amap._arguments)
    ):
        return False
    nodes = [*amap._statements, *amap._arguments]
    at = dict(zip(nodes, range(len(nodes)), strict=True)).__getitem__
    try:  # an end that is no node: dangling, or a relation (undercut)
        source_at, target_at = list(map(at, sources)), list(map(at, targets))
    except KeyError:
        return False
    amap._add_columns(nodes, kinds, source_at, target_at, ids=ids)  # type: ignore[arg-type]
    return True


def to_dict(amap: ArgumentMap) -> dict[str, Any]:
    """The native JSON document of ``amap``, as plain data."""
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if amap.title is not None:
        doc["title"] = amap.title
    if amap.description is not None:
        doc["description"] = amap.description
    if amap.meta:
        doc["meta"] = amap.meta
    unstructure = _conv().unstructure
    for key, cls in _ELEMENTS:
        table = getattr(amap, "_" + key)
        doc[key] = [unstructure(el, cls) for el in table.values()]
    return doc


def dumps(amap: ArgumentMap) -> str:
    """``amap`` as native JSON text (UTF-8, 2-space indent, deterministic)."""
    return dump_json(to_dict(amap))


def fast_json_loads(data: bytes) -> Any:
    """Parse JSON bytes as fast as this machine can; ``ValueError`` on any problem."""
    if _orjson is not None:
        return _orjson.loads(data)
    return json.loads(data)


def parse_json(text: str | bytes, path: str | None = None) -> Any:
    """Parse JSON text into plain data, or raise a located :class:`ArgmapSyntaxError`."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return load_json(text, path)


def loads(text: str | bytes, path: str | None = None) -> ArgumentMap:
    """Read native JSON text into a map."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return from_dict(load_json(text, path), path, text=text)


_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def _parts(where: str) -> list[str | int]:
    """``"$.statements[3].text"`` → ``["statements", 3, "text"]``."""
    return [int(i) if i else k for k, i in _PATH_PART.findall(where)]


def from_dict(doc: Any, path: str | None = None, *, text: str | None = None) -> ArgumentMap:
    """Build a map from a native JSON document (plain data).

    With the document's ``text``, errors also say the line and column.
    """

    def fail(where: list[str | int], message: str) -> ArgmapSyntaxError:
        return json_error(message, where, text=text, path=path)

    if not isinstance(doc, dict):
        raise fail([], f"expected a JSON object (an argmap document), got {type(doc).__name__}")
    version = doc.get("schema_version")
    if version is None:
        raise fail([], "not an argmap document: no schema_version")
    if version != SCHEMA_VERSION:
        raise fail(
            ["schema_version"],
            f"schema_version {version!r} is not supported "
            f"(this argmap reads version {SCHEMA_VERSION})",
        )
    known = {"schema_version", "title", "description", "meta", *(k for k, _ in _ELEMENTS)}
    for key in doc:
        if key not in known:
            raise fail([key], f"unknown key {key!r}")
    for key in ("title", "description"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise fail([key], f"{key} must be a string")
    meta = doc.get("meta", {})
    if not isinstance(meta, dict):
        raise fail(["meta"], "meta must be a JSON object")
    amap = ArgumentMap(
        doc.get("title"), description=doc.get("description"), meta=meta, source_path=path
    )
    # Building hundreds of thousands of small objects triggers the cyclic garbage collector
    # again and again, each pass walking every object made so far; nothing built here forms
    # a cycle, so it is paused for the build (about a third of the time on large maps).
    with gc_paused(promote=True):
        amap = _build_elements(amap, doc, fail)
    problems = next(amap._dangling(), None)
    if problems is not None:
        raise DanglingReferenceError(f"{path or '<input>'}: {problems[1]}")
    return amap


def _build_elements(amap: ArgumentMap, doc: dict[str, Any], fail: Any) -> ArgumentMap:
    add = amap.add
    for key, cls in _ELEMENTS:
        items = doc.get(key, [])
        if not isinstance(items, list):
            raise fail([key], f"{key} must be a JSON array")
        if not items:
            continue
        try:  # the fast paths: the whole list at once, by columns or element by element
            if cls is Relation and _relation_table(amap, items):
                continue
            columns = _batch(items, cls) if cls is not Group else None
            if columns is None:
                fast = _fast(cls)
                amap.add_all([fast(item, cls) for item in items])
            elif not amap._add_batch(*columns, typed=True):
                amap.add_all(columns[0])  # one id is taken: add_all says which
            continue
        except Exception:  # a bad element: start again, element by element, to say where
            amap = ArgumentMap(
                amap.title,
                description=amap.description,
                meta=amap.meta,
                source_path=amap.source_path,
            )
            add = amap.add
            for earlier_key, earlier_cls in _ELEMENTS:
                if earlier_key == key:
                    break
                earlier = _fast(earlier_cls)
                amap.add_all(earlier(x, earlier_cls) for x in doc.get(earlier_key, []))
        fast = _fast(cls)
        i = 0
        try:
            for i, item in enumerate(items):  # noqa: B007 - i locates a failure
                add(fast(item, cls))
        except DuplicateIdError as exc:
            located = fail([key, i, "id"], str(exc))
            raise DuplicateIdError(str(located)) from None
        except Exception:
            try:
                _conv().structure(items[i], cls)
            except Exception as exc:
                message, where = _describe(exc, f"$.{key}[{i}]")
                raise fail(_parts(where), message) from None
            raise fail([key, i], "invalid element") from None
    return amap


def _describe(exc: BaseException, where: str) -> tuple[str, str]:
    """What was wrong (one line, from a cattrs error) and the JSON path where."""
    import cattrs

    if isinstance(exc, cattrs.BaseValidationError):
        messages = cattrs.transform_error(exc, path=where)
        if messages:
            text, _, at = messages[0].rpartition(" @ ")
            if text:
                return text, at
            return messages[0], where
    if isinstance(exc, (MapStructureError, ValueError, TypeError, KeyError)):
        return f"invalid element: {exc}", where
    return f"invalid element: {type(exc).__name__}: {exc}", where


# ----------------------------------------------------------------- source documents
def _document_hooks() -> tuple[Any, Any]:
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    from .sources._document import Document

    conv = _conv()
    unstructure = make_dict_unstructure_fn(
        Document, conv, _cattrs_omit_if_default=True, _index=override(omit=True)
    )
    structure = make_dict_structure_fn(
        Document, conv, _cattrs_forbid_extra_keys=True, _index=override(omit=True)
    )
    return unstructure, structure


_DOCUMENT_HOOKS: list[Any] = []


def document_to_dict(doc: Any) -> dict[str, Any]:
    """A source :class:`~argmap.sources.Document` as plain data (the same converter as maps)."""
    if not _DOCUMENT_HOOKS:
        _DOCUMENT_HOOKS.extend(_document_hooks())
    out: dict[str, Any] = _DOCUMENT_HOOKS[0](doc)
    return out


def document_from_dict(data: Any, path: str | None = None) -> Any:
    """The :class:`~argmap.sources.Document` of :func:`document_to_dict`'s data; a located
    :class:`ArgmapSyntaxError` naming the JSON path when it is not one."""
    from .sources._document import Document

    if not _DOCUMENT_HOOKS:
        _DOCUMENT_HOOKS.extend(_document_hooks())
    try:
        return _DOCUMENT_HOOKS[1](data, Document)
    except Exception as exc:
        message, where = _describe(exc, "$")
        raise ArgmapSyntaxError(
            f"not a source document: {message} (at {where})", path=path
        ) from None
