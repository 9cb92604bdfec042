"""argmap's native JSON: one private cattrs converter, and a versioned document shape.

The document (JSON Schema: ``argmap/schema/argmap.schema.json``)::

    {"schema_version": 1, "title": ..., "description": ..., "meta": {...},
     "groups": [...], "statements": [...], "arguments": [...], "relations": [...]}

Fields that hold their default are left out, so files stay small and diffs readable.
Source locations are not written (they describe the file a map was read from).
"""

from __future__ import annotations

import json
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._errors import (
    ArgmapSyntaxError,
    DanglingReferenceError,
    DuplicateIdError,
    MapStructureError,
    RenderError,
)
from ._model import (
    Argument,
    ArgumentMap,
    Group,
    Relation,
    RelationKind,
    Source,
    Statement,
    StatementKind,
)

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
    conv = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)  # no silent str(3)
    for enum_cls in (StatementKind, RelationKind):
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
        _FAST[cls] = make_dict_structure_fn(
            cls,
            conv,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=False,
            location=override(omit=True),
        )
    conv.register_unstructure_hook(
        Source, make_dict_unstructure_fn(Source, conv, _cattrs_omit_if_default=True)
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


_FAST: dict[type, Any] = {}
_converter = _make_converter()

# Lean hooks for the two element types that make up nearly all of a large map. They accept
# exactly the common shape (every field a plain string; no tags, metadata or sources) and
# hand anything else to the converter's generated hook, which does the full job.
_RELATION_KINDS = {k.value: k for k in RelationKind}
_STATEMENT_KINDS = {k.value: k for k in StatementKind}
_RELATION_KEYS = frozenset({"id", "kind", "source", "target"})
_STATEMENT_KEYS = frozenset({"id", "text", "kind", "title", "group", "tags"})


def _lean_relation(d: Any, cls: type, _general: Any = _FAST[Relation]) -> Any:
    if d.__class__ is dict and d.keys() <= _RELATION_KEYS:
        rid, src, tgt = d.get("id"), d.get("source"), d.get("target")
        kind = _RELATION_KINDS.get(d.get("kind"))  # type: ignore[arg-type]
        if rid.__class__ is src.__class__ is tgt.__class__ is str and kind is not None:
            return Relation(rid, kind, src, tgt)
    return _general(d, cls)


def _lean_statement(d: Any, cls: type, _general: Any = _FAST[Statement]) -> Any:
    if d.__class__ is dict and d.keys() <= _STATEMENT_KEYS:
        sid, text = d.get("id"), d.get("text")
        kind = _STATEMENT_KINDS.get(d.get("kind", "claim"))
        title, group, tags = d.get("title"), d.get("group"), d.get("tags", ())
        if (
            sid.__class__ is text.__class__ is str
            and kind is not None
            and (title is None or title.__class__ is str)
            and (group is None or group.__class__ is str)
            and (tags.__class__ is list or tags == ())
            and all(t.__class__ is str for t in tags)
        ):
            return Statement(sid, text, kind, title, (), tags, group)
    return _general(d, cls)


_FAST[Relation] = _lean_relation
_FAST[Statement] = _lean_statement


def to_dict(amap: ArgumentMap) -> dict[str, Any]:
    """The native JSON document of ``amap``, as plain data."""
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if amap.title is not None:
        doc["title"] = amap.title
    if amap.description is not None:
        doc["description"] = amap.description
    if amap.meta:
        doc["meta"] = amap.meta
    unstructure = _converter.unstructure
    for key, cls in _ELEMENTS:
        table = getattr(amap, "_" + key)
        doc[key] = [unstructure(el, cls) for el in table.values()]
    return doc


def dumps(amap: ArgumentMap) -> str:
    """``amap`` as native JSON text (UTF-8, 2-space indent, deterministic)."""
    doc = to_dict(amap)
    try:
        if _orjson is not None:
            return _orjson.dumps(doc, option=_orjson.OPT_INDENT_2).decode("utf-8") + "\n"
        return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise RenderError(
            f"the map holds a value that JSON cannot represent ({exc}); "
            "metadata must be JSON data: strings, numbers, booleans, null, lists and objects"
        ) from exc


def _json_error(exc: json.JSONDecodeError, path: str | None, text: str) -> ArgmapSyntaxError:
    lines = text.splitlines()
    src = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else None
    return ArgmapSyntaxError(
        f"malformed JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno, source_line=src
    )


def parse_json(text: str | bytes, path: str | None = None) -> Any:
    """Parse JSON text into plain data, or raise a located :class:`ArgmapSyntaxError`."""
    if _orjson is not None:
        try:
            return _orjson.loads(text)
        except _orjson.JSONDecodeError:
            pass  # fall through to the stdlib parser for a precise location
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raw = text if isinstance(text, str) else text.decode("utf-8", "replace")
        raise _json_error(exc, path, raw) from exc
    except RecursionError as exc:
        raise ArgmapSyntaxError("JSON nested too deeply", path=path) from exc


def loads(text: str | bytes, path: str | None = None) -> ArgumentMap:
    """Read native JSON text into a map."""
    return from_dict(parse_json(text, path), path)


def _fail(path: str | None, where: str, message: str) -> ArgmapSyntaxError:
    return ArgmapSyntaxError(f"{message} at {where}", path=path)


def from_dict(doc: Any, path: str | None = None) -> ArgumentMap:
    """Build a map from a native JSON document (plain data)."""
    if not isinstance(doc, dict):
        raise _fail(
            path, "$", f"expected a JSON object (an argmap document), got {type(doc).__name__}"
        )
    version = doc.get("schema_version")
    if version is None:
        raise _fail(path, "$.schema_version", "not an argmap document: no schema_version")
    if version != SCHEMA_VERSION:
        raise _fail(
            path,
            "$.schema_version",
            f"schema_version {version!r} is not supported "
            f"(this argmap reads version {SCHEMA_VERSION})",
        )
    known = {"schema_version", "title", "description", "meta", *(k for k, _ in _ELEMENTS)}
    for key in doc:
        if key not in known:
            raise _fail(path, f"$.{key}", f"unknown key {key!r}")
    for key in ("title", "description"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise _fail(path, f"$.{key}", f"{key} must be a string")
    meta = doc.get("meta", {})
    if not isinstance(meta, dict):
        raise _fail(path, "$.meta", "meta must be a JSON object")
    amap = ArgumentMap(
        doc.get("title"), description=doc.get("description"), meta=meta, source_path=path
    )
    add = amap.add
    for key, cls in _ELEMENTS:
        items = doc.get(key, [])
        if not isinstance(items, list):
            raise _fail(path, f"$.{key}", f"{key} must be a JSON array")
        fast = _FAST[cls]
        i = 0
        try:
            for i, item in enumerate(items):  # noqa: B007 - i locates a failure
                add(fast(item, cls))
        except DuplicateIdError as exc:
            where = f"$.{key}[{i}]"
            raise DuplicateIdError(f"{path or '<input>'}: {exc} (at {where}.id)") from None
        except Exception:
            where = f"$.{key}[{i}]"
            try:
                _converter.structure(items[i], cls)
            except Exception as exc:
                raise ArgmapSyntaxError(_describe(exc, where), path=path) from None
            raise ArgmapSyntaxError(f"invalid element at {where}", path=path) from None
    problems = next(amap._dangling(), None)
    if problems is not None:
        raise DanglingReferenceError(f"{path or '<input>'}: {problems[1]}")
    return amap


def _describe(exc: BaseException, where: str) -> str:
    """One line from a cattrs error: what was wrong, with the JSON path inside the element."""
    if isinstance(exc, cattrs.BaseValidationError):
        messages = cattrs.transform_error(exc, path=where)
        if messages:
            msg = messages[0]
            # transform_error puts the path after '@'; we add our own suffix
            text, _, at = msg.rpartition(" @ ")
            return f"{text} at {at}" if text else msg
    if isinstance(exc, (MapStructureError, ValueError, TypeError, KeyError)):
        return f"invalid element at {where}: {exc}"
    return f"invalid element at {where}: {type(exc).__name__}: {exc}"
