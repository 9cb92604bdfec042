""":class:`argmap.ArgumentMap` → AIF JSON.

Statements become I-nodes (L-nodes when they were read from one), arguments RA-nodes
(or CA-nodes when read from a linked conflict), relations RA-/CA-nodes of their own.
A relation drawn from an argument whose node can carry it (an RA's further
conclusion, a CA's further target) is written as an edge from that node. What AIF
has no place for goes into an ``"argmap"`` object on the node or the document,
which other AIF tools ignore; ``extensions=False`` leaves it out.
"""

from __future__ import annotations

from typing import Any

from argmap import ArgumentMap, Relation, RelationKind, RenderError, Statement
from argmap.plugin import dump_json

from ._reader import DEFAULT_TEXT, EXT

__all__ = ["to_aif", "write_aif"]

_RESERVED = frozenset({"nodeID", "type", "text", EXT})
_DERIVED = ("aif_locutions", "aif_rephrases")


def write_aif(amap: ArgumentMap, *, extensions: bool = True) -> str:
    """``amap`` as AIF JSON text (UTF-8, 2-space indent, deterministic)."""
    return dump_json(to_aif(amap, extensions=extensions))


def _split_meta(meta: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(AIF node keys, the rest of the metadata for the extension)."""
    aif = meta.get("aif")
    rest = {k: v for k, v in meta.items() if k != "aif" and k not in _DERIVED}
    if not isinstance(aif, dict) or any(k in ("nodeID", EXT) for k in aif):
        if aif is not None:
            rest["aif"] = aif
        return {}, rest
    return dict(aif), rest


def to_aif(amap: ArgumentMap, *, extensions: bool = True) -> dict[str, Any]:
    """``amap`` as an AIF document (plain data)."""
    stmts = amap.statements
    args = amap.arguments
    rels = amap.relations
    top_aif, top_rest = _split_meta(amap.meta)
    int_ids = bool(top_aif.pop("int_ids", False))
    envelope = top_aif.pop("envelope", None)
    raw_nodes = top_aif.pop("nodes", [])
    raw_edges = top_aif.pop("edges", [])
    if not isinstance(raw_nodes, list) or not isinstance(raw_edges, list):
        raise RenderError("the map's meta['aif'] nodes and edges must be lists")

    def nid(value: str) -> str | int:
        return int(value) if int_ids and value.isdigit() else value

    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    used_edge_ids = {str(e.get("edgeID")) for e in raw_edges if isinstance(e, dict)}
    counter = 0

    def edge(a: str, b: str) -> None:
        nonlocal counter
        counter += 1
        while str(counter) in used_edge_ids:
            counter += 1
        eid: str | int = counter if int_ids else str(counter)
        edges.append({"edgeID": eid, "fromID": nid(a), "toID": nid(b), "formEdgeID": None})

    # relations that are further targets of their source argument's node
    extra: dict[str, list[Relation]] = {}
    own: list[Relation] = []
    for r in rels.values():
        if _rides_on_argument(amap, r):
            extra.setdefault(r.source, []).append(r)
        else:
            own.append(r)

    for s in stmts.values():
        aif, rest = _split_meta(s.meta)
        t = aif.pop("type", "I")
        if t not in ("I", "L"):
            aif["type"] = t
            t = "I"
        aif.pop("text", None)
        node: dict[str, Any] = {"nodeID": nid(s.id), "text": s.text, "type": t, **aif}
        ext = _statement_ext(s, rest)
        if ext and extensions:
            node[EXT] = ext
        nodes.append(node)

    for a in args.values():
        aif, rest = _split_meta(a.meta)
        t = aif.pop("type", "RA")
        if t not in ("RA", "CA"):
            raise RenderError(f"argument {a.id!r}: meta['aif']['type'] must be RA or CA")
        text = aif.pop("text", DEFAULT_TEXT[t])
        node = {"nodeID": nid(a.id), "text": text, "type": t, **aif}
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
        ext = _common_ext(a.title, a.text, a.tags, a.group, rest)
        if len(premises) == 1 and len(targets) == 1:
            ext["element"] = "argument"
        if t == "RA":
            inferred = next((x for x in targets if x in stmts), None)
        else:
            inferred = None
        if inferred != a.conclusion:
            ext["conclusion"] = a.conclusion
        if ext and extensions:
            node[EXT] = ext
        nodes.append(node)

    for r in own:
        aif, rest = _split_meta(r.meta)
        aif.pop("type", None)
        t = "RA" if r.kind is RelationKind.SUPPORT else "CA"
        text = aif.pop("text", DEFAULT_TEXT[t])
        node = {"nodeID": nid(r.id), "text": text, "type": t, **aif}
        ext = _common_ext(None, None, r.tags, None, rest)
        if r.source in stmts:
            edge(r.source, r.id)
        else:
            ext["element"] = "relation"
            ext["source"] = r.source
        edge(r.id, r.target)
        if t == "RA":
            inferred = RelationKind.SUPPORT
        elif r.target in stmts:
            inferred = RelationKind.ATTACK
        else:
            inferred = RelationKind.UNDERCUT
        if inferred is not r.kind:
            ext["kind"] = r.kind.value
        if ext and extensions:
            node[EXT] = ext
        nodes.append(node)

    written = {str(n["nodeID"]) for n in nodes}
    for n in raw_nodes:
        if isinstance(n, dict) and str(n.get("nodeID")) not in written:
            nodes.append(n)
            written.add(str(n.get("nodeID")))
    for e in raw_edges:
        if (
            isinstance(e, dict)
            and str(e.get("fromID")) in written
            and str(e.get("toID")) in written
        ):
            edges.append(e)

    doc: dict[str, Any] = {"nodes": nodes, "edges": edges, "locutions": []}
    doc.update(top_aif)
    top_ext: dict[str, Any] = {}
    if amap.title is not None:
        top_ext["title"] = amap.title
    if amap.description is not None:
        top_ext["description"] = amap.description
    if top_rest:
        top_ext["meta"] = top_rest
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
        doc[EXT] = top_ext
    if isinstance(envelope, dict):
        return {"AIF": doc, **envelope}
    return doc


def _rides_on_argument(amap: ArgumentMap, r: Relation) -> bool:
    """Whether ``r`` is written as a further target edge of its source argument's node."""
    a = amap.arguments.get(r.source)
    if a is None or r.tags or r.meta or r.target == a.conclusion:
        return False
    if r.id != f"{r.source} -{r.kind.value}-> {r.target}":
        return False
    target_is_statement = r.target in amap.statements
    if not (target_is_statement or r.target in amap.arguments or r.target in amap.relations):
        return False
    aif = a.meta.get("aif")
    t = aif.get("type", "RA") if isinstance(aif, dict) else "RA"
    if t == "RA":
        ok = r.kind is RelationKind.SUPPORT
    elif t == "CA":
        ok = r.kind is (RelationKind.ATTACK if target_is_statement else RelationKind.UNDERCUT)
    else:
        ok = False
    return ok and not amap.incoming(r.id)


def _common_ext(
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


def _statement_ext(s: Statement, rest: dict[str, Any]) -> dict[str, Any]:
    ext: dict[str, Any] = {}
    if s.kind.value != "claim":
        ext["kind"] = s.kind.value
    ext.update(_common_ext(s.title, None, s.tags, s.group, rest))
    if s.sources:
        ext["sources"] = [
            {
                k: v
                for k, v in (
                    ("title", src.title),
                    ("author", src.author),
                    ("url", src.url),
                    ("published", src.published),
                    ("publisher", src.publisher),
                    ("quote", src.quote),
                    ("locator", src.locator),
                )
                if v is not None
            }
            for src in s.sources
        ]
    return ext
