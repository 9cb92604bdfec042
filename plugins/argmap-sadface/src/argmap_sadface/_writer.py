""":class:`argmap.ArgumentMap` → SADFace JSON.

Statements become atoms, arguments and relations scheme nodes named ``support``,
``conflict`` (attack, undercut) or ``disagree`` (contradiction); evidence sources become
resources cited by the atom. Ids that are not UUIDs (SADFace wants UUIDs) are replaced
by UUIDs derived from them, the original kept in the node's ``argmap`` metadata.
Output is deterministic: no clock, no random ids.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from argmap import ArgumentMap, Relation, RelationKind, Source, StatementKind
from argmap.plugin import dump_json

from ._reader import CONFLICT_NAMES, EXT, default_name, resource_fields

__all__ = ["to_sadface", "write_sadface"]

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson comes with argmap
    _orjson = None  # type: ignore[assignment]

SADFACE_VERSION = "0.2"
_DEFAULT_CORE = {
    "analyst_email": "",
    "analyst_name": "argmap",
    "created": "1970-01-01T00:00:00",
    "edited": "1970-01-01T00:00:00",
    "version": SADFACE_VERSION,
}
_OFFSET = re.compile(r"offset ([1-9][0-9]*)")
_INDENT = re.compile(r"^( +)", re.MULTILINE)


def write_sadface(amap: ArgumentMap, *, extensions: bool = True) -> str:
    """``amap`` as SADFace JSON text (UTF-8, 4-space indent like the SADFace tools)."""
    # the core's writer (orjson's C encoder; json.dumps with an indent falls back to the
    # pure-Python encoder, 70% of the time on large maps), its 2-space indent doubled:
    # JSON text has no raw newline inside a string, so every line starts with indentation
    doc = to_sadface(amap, extensions=extensions)
    text = dump_json(doc)
    if len(text) > _CHUNK and not _spaced_strings(doc):
        # every run of two spaces is then indentation (2k spaces, then a non-space):
        # doubling each pair doubles the indentation, in one pass
        return text.replace("  ", "    ")
    return _double_indent(text)


def _spaced_strings(doc: Any) -> bool:
    """Whether a string (key or value) in ``doc`` holds two spaces in a row (or the
    answer is not known cheaply): the compact JSON has no other space."""
    if _orjson is None:
        return True
    try:
        return b"  " in _orjson.dumps(doc)
    except TypeError:  # what dump_json refused (it raised already) or refuses differently
        return True


def _double_indent(text: str) -> str:
    """Every line's leading spaces doubled. A regular expression would call back into
    Python once per line (most of the writer's time on a large map); instead, one
    ``str.replace`` per indentation level, deepest first, through a NUL marker (JSON
    text holds no raw NUL, and every indentation is a whole number of levels)."""
    if "\0" in text:  # not JSON from dump_json: the general way
        return _INDENT.sub(lambda m: m.group() * 2, text)
    if len(text) <= _CHUNK:
        return _double_chunk(text)
    # in pieces that fit in a cache, each cut before a line break (so that every line
    # but the text's first still starts after one): each pass over a piece then runs in
    # the cache, where the passes over the whole text would each stream it from memory
    out = []
    start, end = 0, len(text)
    while start < end:
        cut = text.find("\n", start + _CHUNK)
        if cut < 0:
            cut = end
        out.append(_double_chunk(text[start:cut]))
        start = cut
    return "".join(out)


_CHUNK = 1 << 17


def _double_chunk(text: str) -> str:
    """:func:`_double_indent` of JSON text without NUL, in one piece."""
    depth = 0
    while "\n" + "  " * (depth + 1) in text:
        depth += 1
    for k in range(depth, 0, -1):
        text = text.replace("\n" + "  " * k, "\n" + "\0" * k)
    return text.replace("\0", "    ")


# what str(uuid.UUID(x)) gives: lower-case hex in 8-4-4-4-12 groups
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _is_uuid(value: str) -> bool:
    """Whether ``value`` is a UUID in its canonical form (``str(uuid.UUID(value)) == value``,
    without building a UUID and an exception for every id that is none)."""
    return _CANONICAL_UUID.fullmatch(value) is not None


def _derived_uuid(*parts: str) -> str:
    """A version-4 UUID from the SHA-256 of the parts (as ``uuid.UUID(bytes=digest[:16],
    version=4)`` makes it, without that constructor's cost)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    # byte 6's high nibble is the version (4), byte 8's top two bits the RFC 4122 variant
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


_VARIANT = {f"{n:x}": f"{(n & 0x3) | 0x8:x}" for n in range(16)}


def _split(meta: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(meta["sadface"] when it is argmap-sadface's own, the rest)."""
    if not meta:
        return {}, {}
    sf = meta.get("sadface")
    rest = {k: v for k, v in meta.items() if k != "sadface"}
    if (
        isinstance(sf, dict)
        and set(sf) <= {"name", "metadata"}
        and isinstance(sf.get("metadata", {}), dict)
        and isinstance(sf.get("name", ""), str)
        and EXT not in sf.get("metadata", {})
    ):
        return sf, rest
    if sf is not None:
        rest["sadface"] = sf
    return {}, rest


def to_sadface(amap: ArgumentMap, *, extensions: bool = True) -> dict[str, Any]:
    """``amap`` as a SADFace document (plain data)."""
    stmts, args, rels = amap.statements, amap.arguments, amap.relations
    node_ids: dict[str, str] = {}

    def nid(element_id: str) -> str:
        found = node_ids.get(element_id)
        if found is None:
            found = element_id if _is_uuid(element_id) else _derived_uuid("node", element_id)
            node_ids[element_id] = found
        return found

    edges: list[dict[str, Any]] = []
    seen_edges: set[tuple[str, str]] = set()

    def edge(a: str, b: str) -> None:
        source, target = nid(a), nid(b)
        key = (source, target)
        if key in seen_edges:
            return
        seen_edges.add(key)
        edges.append(
            {"id": _derived_uuid("edge", source, target), "source_id": source, "target_id": target}
        )

    def node_metadata(sf: dict[str, Any], ext: dict[str, Any], element_id: str) -> dict[str, Any]:
        md: dict[str, Any] = {"core": {}}
        md.update(sf.get("metadata", {}))
        if nid(element_id) != element_id:
            ext = {"id": element_id, **ext}
        if ext and extensions:
            md[EXT] = ext
        return md

    sf_top = amap.meta.get("sadface")
    sf_top = sf_top if isinstance(sf_top, dict) else {}
    raw_resources = [x for x in sf_top.get("resources", []) if isinstance(x, dict)]
    resources: list[dict[str, Any]] = list(raw_resources)
    resource_ids: dict[tuple[Any, ...], str] = {}
    for res in raw_resources:
        f = resource_fields(res)
        resource_ids.setdefault(tuple(f.get(k) for k in _SOURCE_KEYS), res["id"])

    def resource_for(src: Source) -> str:
        key = tuple(getattr(src, k) for k in _SOURCE_KEYS)
        if key not in resource_ids:
            rid = _derived_uuid("resource", *(v or "" for v in key))
            core = {k: v for k, v in zip(_SOURCE_KEYS, key, strict=True) if v is not None}
            resources.append(
                {
                    "id": rid,
                    "content": src.quote or "",
                    "type": "text",
                    "metadata": {"core": core, EXT: {"generated": True}},
                }
            )
            resource_ids[key] = rid
        return resource_ids[key]

    extra: dict[str, list[Relation]] = {}
    own: list[Relation] = []
    for r in rels.values():
        if _rides_on_argument(amap, r):
            extra.setdefault(r.source, []).append(r)
        else:
            own.append(r)

    nodes: list[dict[str, Any]] = []
    claim = StatementKind.CLAIM
    for s in stmts.values():
        if (
            not s.meta
            and not s.sources
            and s.kind is claim
            and s.title is None
            and not s.tags
            and s.group is None
        ):  # a plain claim (most of a big map): what the general path below makes of it
            sid = s.id
            node_id = nid(sid)
            md: dict[str, Any] = {"core": {}}
            if extensions and node_id != sid:
                md[EXT] = {"id": sid}
            nodes.append(
                {"id": node_id, "metadata": md, "sources": [], "text": s.text, "type": "atom"}
            )
            continue
        sf, rest = _split(s.meta)
        ext: dict[str, Any] = {}
        if s.is_evidence != bool(s.sources):
            ext["kind"] = s.kind.value
        ext.update(_common(s.title, None, s.tags, s.group, rest))
        cited = []
        for src in s.sources:
            entry: dict[str, Any] = {
                "resource_id": resource_for(src),
                "text": src.quote or "",
                "offset": 0,
                "length": len(src.quote or ""),
            }
            if src.locator is not None:
                m = _OFFSET.fullmatch(src.locator)
                if m:
                    entry["offset"] = int(m.group(1))
                else:
                    entry["locator"] = src.locator
            cited.append(entry)
        nodes.append(
            {
                "id": nid(s.id),
                "metadata": node_metadata(sf, ext, s.id),
                "sources": cited,
                "text": s.text,
                "type": "atom",
            }
        )

    for a in args.values():
        sf, rest = _split(a.meta)
        name = sf.get("name", "support")
        conflict = name.strip().lower() in CONFLICT_NAMES
        premises = list(dict.fromkeys(p for p in a.premises if p in stmts))
        for p in premises:
            edge(p, a.id)
        targets = []
        if a.conclusion is not None:
            edge(a.id, a.conclusion)
            targets.append(a.conclusion)
        for r in extra.get(a.id, ()):
            edge(a.id, r.target)
            targets.append(r.target)
        ext = _common(a.title, a.text, a.tags, a.group, rest)
        if len(premises) == 1 and len(targets) == 1:
            ext["element"] = "argument"
        inferred = None if conflict else next((x for x in targets if x in stmts), None)
        if inferred != a.conclusion:
            ext["conclusion"] = a.conclusion
        nodes.append(
            {
                "id": nid(a.id),
                "metadata": node_metadata({k: v for k, v in sf.items() if k != "name"}, ext, a.id),
                "name": name,
                "type": "scheme",
            }
        )

    for r in own:
        if r.meta:
            sf, rest = _split(r.meta)
            name = sf.get("name", default_name(r.kind))
            ext = _common(None, None, r.tags, None, rest)
        else:  # (no metadata: no scheme name or metadata of its own, nothing else kept)
            sf, name = {}, default_name(r.kind)
            ext = {"tags": list(r.tags)} if r.tags else {}
        if r.source in stmts:
            edge(r.source, r.id)
        else:
            ext["element"] = "relation"
            ext["source"] = r.source
        edge(r.id, r.target)
        lowered = name.strip().lower()
        if r.kind is RelationKind.SUPPORT:
            node_type = "inference" if lowered in CONFLICT_NAMES else "scheme"
            inferred = RelationKind.SUPPORT
        else:
            node_type = "scheme" if lowered in CONFLICT_NAMES else "conflict"
            if lowered in ("disagree", "disagreement", "contradiction", "contrary"):
                inferred = RelationKind.CONTRADICTION
            elif r.target in stmts:
                inferred = RelationKind.ATTACK
            else:
                inferred = RelationKind.UNDERCUT
        if inferred is not r.kind:
            ext["kind"] = r.kind.value
        nodes.append(
            {
                "id": nid(r.id),
                "metadata": node_metadata(
                    {k: v for k, v in sf.items() if k != "name"} if sf else sf, ext, r.id
                ),
                "name": name,
                "type": node_type,
            }
        )

    written = {n["id"] for n in nodes}
    for n in sf_top.get("nodes", []):
        if isinstance(n, dict) and n.get("id") not in written:
            nodes.append(n)
            written.add(n.get("id"))
    for e in sf_top.get("edges", []):
        if isinstance(e, dict) and e.get("source_id") in written and e.get("target_id") in written:
            edges.append(e)

    md_raw = sf_top.get("metadata", {})
    md_in: dict[str, Any] = dict(md_raw) if isinstance(md_raw, dict) else {}
    core_in = md_in.pop("core", {})
    core: dict[str, Any] = dict(core_in) if isinstance(core_in, dict) else {}
    invented = []
    for key, value in _DEFAULT_CORE.items():
        if key not in core:
            core[key] = value
            invented.append(key)
    if "id" not in core:
        core["id"] = _derived_uuid("document", amap.title or "", *sorted(node_ids.values())[:1])
        invented.append("id")
    if amap.title is not None:
        core["title"] = amap.title
    if amap.description is not None:
        core["description"] = amap.description
    metadata: dict[str, Any] = {"core": core, **md_in}
    top_ext: dict[str, Any] = {"generated": sorted(invented)} if invented else {}
    map_rest = {k: v for k, v in amap.meta.items() if k != "sadface"}
    if "sadface" in amap.meta and not isinstance(amap.meta["sadface"], dict):
        map_rest["sadface"] = amap.meta["sadface"]
    if map_rest:
        top_ext["meta"] = map_rest
    if amap.groups:
        top_ext["groups"] = [
            {
                "id": g.id,
                "title": g.title,
                **({"parent": g.parent} if g.parent is not None else {}),
                **({"meta": g.meta} if g.meta else {}),
            }
            for g in amap.groups.values()
        ]
    if top_ext and extensions:
        metadata[EXT] = top_ext
    doc: dict[str, Any] = {
        "edges": edges,
        "metadata": metadata,
        "nodes": nodes,
        "resources": resources,
    }
    document = sf_top.get("document")
    if isinstance(document, dict):
        doc.update({k: v for k, v in document.items() if k not in doc})
    envelope = sf_top.get("envelope")
    if isinstance(envelope, dict):
        return {"sadface": doc, **{k: v for k, v in envelope.items() if k != "sadface"}}
    return doc


_SOURCE_KEYS = ("title", "author", "url", "published", "publisher")


def _common(
    title: str | None,
    text: str | None,
    tags: tuple[str, ...],
    group: str | None,
    rest: dict[str, Any],
) -> dict[str, Any]:
    ext: dict[str, Any] = {}
    if title is not None:
        ext["title"] = title
    if text is not None:
        ext["text"] = text
    if tags:
        ext["tags"] = list(tags)
    if group is not None:
        ext["group"] = group
    if rest:
        ext["meta"] = rest
    return ext


def _rides_on_argument(amap: ArgumentMap, r: Relation) -> bool:
    """Whether ``r`` is written as a further target edge of its source argument's scheme."""
    a = amap.arguments.get(r.source)
    if a is None or r.tags or r.meta or r.target == a.conclusion:
        return False
    if r.id != f"{r.source} -{r.kind.value}-> {r.target}":
        return False
    target_is_statement = r.target in amap.statements
    if not (target_is_statement or r.target in amap.arguments or r.target in amap.relations):
        return False
    sf, _ = _split(a.meta)
    conflict = str(sf.get("name", "support")).strip().lower() in CONFLICT_NAMES
    if conflict:
        ok = r.kind is (RelationKind.ATTACK if target_is_statement else RelationKind.UNDERCUT)
    else:
        ok = r.kind is RelationKind.SUPPORT
    return ok and not amap.incoming(r.id)
