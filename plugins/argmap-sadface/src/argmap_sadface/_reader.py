"""SADFace JSON → :class:`argmap.ArgumentMap`."""

from __future__ import annotations

from typing import Any

from argmap import (
    Argument,
    ArgumentMap,
    Group,
    MapStructureError,
    Relation,
    RelationKind,
    Source,
    Statement,
)
from argmap.plugin import LimitOptions, check_elements, load_json_within
from argmap.plugin import json_error as fail
from argmap.plugin import json_type_name as _jtype

__all__ = [
    "CONTRADICTION_NAMES",
    "EXT",
    "build_map",
    "default_name",
    "read_sadface",
    "resource_fields",
]

EXT = "argmap"
"""The metadata namespace argmap keeps what SADFace has no place for in."""

CONFLICT_NAMES = frozenset(
    {
        "conflict",
        "attack",
        "defeat",
        "rebut",
        "rebuttal",
        "undercut",
        "disagree",
        "disagreement",
        "contradiction",
        "contrary",
    }
)
CONTRADICTION_NAMES = frozenset({"disagree", "disagreement", "contradiction", "contrary"})
SCHEME_TYPES = frozenset({"scheme", "inference", "conflict"})
_CORE_KEYS = ("analyst_email", "analyst_name", "created", "edited", "id", "version")
_TOP_KEYS = frozenset({"nodes", "edges", "resources", "metadata", *_CORE_KEYS})
_SOURCE_FIELDS = ("title", "author", "url", "published", "publisher")
_ALIASES = {"date": "published", "year": "published", "link": "url", "creator": "author"}


def read_sadface(
    text: str, path: str | None = None, *, limits: LimitOptions | None = None
) -> ArgumentMap:
    """Parse SADFace JSON text into a map, within ``limits`` (default: the defaults of
    :class:`~argmap.plugin.LimitOptions`)."""
    doc = load_json_within(text, path, limits)
    return build_map(doc, text=text, path=path, limits=limits)


def default_name(kind: RelationKind) -> str:
    """The scheme name the writer gives a relation of ``kind``."""
    if kind is RelationKind.SUPPORT:
        return "support"
    return "disagree" if kind is RelationKind.CONTRADICTION else "conflict"


def resource_fields(resource: Any) -> dict[str, str]:
    """Bibliographic fields of a SADFace resource, from any of its metadata blocks."""
    found: dict[str, str] = {}
    if not isinstance(resource, dict):
        return found
    blocks = [resource]
    md = resource.get("metadata")
    if isinstance(md, dict):
        blocks += [b for ns, b in md.items() if isinstance(b, dict) and ns != EXT]
    for block in blocks:
        for key, value in block.items():
            field = _ALIASES.get(key, key)
            if field in _SOURCE_FIELDS and isinstance(value, (str, int)) and field not in found:
                found[field] = str(value)
            elif key == "doi" and isinstance(value, str) and "url" not in found:
                found["url"] = f"https://doi.org/{value}"
    return found


class _Ctx:
    def __init__(self, text: str | None, path: str | None) -> None:
        self.text = text
        self.path = path
        self.prefix: list[str | int] = []

    def fail(self, message: str, *parts: str | int) -> Exception:
        return fail(message, [*self.prefix, *parts], text=self.text, path=self.path)

    def opt_str(self, x: dict[str, Any], key: str, *where: str | int) -> str | None:
        value = x.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail(f"{key} must be a string, got {_jtype(value)}", *where, key)
        return value

    def str_list(self, x: dict[str, Any], key: str, *where: str | int) -> tuple[str, ...]:
        value = x.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key} must be an array of strings", *where, key)
        return tuple(value)

    def obj(self, x: dict[str, Any], key: str, *where: str | int) -> dict[str, Any]:
        value = x.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"{key} must be a JSON object, got {_jtype(value)}", *where, key)
        return value

    def choice(
        self, x: dict[str, Any], key: str, allowed: tuple[str, ...], *where: str | int
    ) -> str | None:
        value = x.get(key)
        if value is not None and value not in allowed:
            raise self.fail(f"{key} must be one of {', '.join(allowed)}", *where, key)
        return value


def _split_metadata(
    md: dict[str, Any], ctx: _Ctx, *where: str | int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(argmap's extension block, the other non-empty namespaces)."""
    ext = ctx.obj(md, EXT, *where)
    rest = {ns: b for ns, b in md.items() if ns != EXT and b not in ({}, None)}
    return ext, rest


def build_map(
    doc: Any,
    *,
    text: str | None = None,
    path: str | None = None,
    limits: LimitOptions | None = None,
) -> ArgumentMap:
    """Build a map from a parsed SADFace document (``text`` is used to locate errors),
    with no more elements than ``limits.max_elements``."""
    ctx = _Ctx(text, path)
    envelope = None
    max_elements = (limits if limits is not None else LimitOptions()).max_elements
    check_elements(doc, max_elements, text=text, path=path)
    if isinstance(doc, dict) and "nodes" not in doc and isinstance(doc.get("sadface"), dict):
        envelope = {k: v for k, v in doc.items() if k != "sadface"}
        doc = doc["sadface"]
        ctx.prefix = ["sadface"]
        check_elements(doc, max_elements, text=text, path=path, prefix=ctx.prefix)
    if not isinstance(doc, dict):
        raise ctx.fail(f"expected a SADFace JSON object, got {_jtype(doc)}")
    nodes = doc.get("nodes")
    if not isinstance(nodes, list):
        raise ctx.fail('a SADFace document needs a "nodes" array', "nodes")
    edges = doc.get("edges", [])
    if not isinstance(edges, list):
        raise ctx.fail('"edges" must be an array', "edges")
    resources = doc.get("resources", [])
    if not isinstance(resources, list):
        raise ctx.fail('"resources" must be an array', "resources")
    metadata = ctx.obj(doc, "metadata")

    # ---- the document
    core = dict(ctx.obj(metadata, "core", "metadata"))
    for key in _CORE_KEYS:  # SADFace 0.1 kept these at the top level
        if key in doc:
            core.setdefault(key, doc[key])
    top_ext, other_md = _split_metadata(metadata, ctx, "metadata")
    other_md.pop("core", None)
    amap = ArgumentMap(
        ctx.opt_str(core, "title", "metadata", "core"),
        description=ctx.opt_str(core, "description", "metadata", "core"),
    )
    invented = ctx.str_list(top_ext, "generated", "metadata", EXT)
    core_rest = {
        k: v for k, v in core.items() if k not in ("title", "description") and k not in invented
    }
    sadface_meta: dict[str, Any] = {}
    if core_rest:
        other_md = {"core": core_rest, **other_md}
    if other_md:
        sadface_meta["metadata"] = other_md
    extra_top = {k: v for k, v in doc.items() if k not in _TOP_KEYS}
    if extra_top:
        sadface_meta["document"] = extra_top
    if envelope is not None:
        sadface_meta["envelope"] = envelope
    amap.meta.update(ctx.obj(top_ext, "meta", "metadata", EXT))
    groups = top_ext.get("groups", [])
    if not isinstance(groups, list):
        raise ctx.fail("groups must be an array", "metadata", EXT, "groups")
    for k, g in enumerate(groups):
        where = ("metadata", EXT, "groups", k)
        if not isinstance(g, dict) or not isinstance(g.get("id"), str) or not g["id"]:
            raise ctx.fail("a group needs a non-empty string id", *where)
        title = ctx.opt_str(g, "title", *where)
        if title is None:
            raise ctx.fail("a group needs a title", *where, "title")
        if g["id"] in amap.groups:
            raise ctx.fail(f"duplicate group id {g['id']!r}", *where, "id")
        amap.add(
            Group(
                g["id"],
                title,
                parent=ctx.opt_str(g, "parent", *where),
                meta=ctx.obj(g, "meta", *where),
            )
        )

    # ---- resources
    by_resource: dict[str, dict[str, Any]] = {}
    raw_resources = []
    for k, res in enumerate(resources):
        if not isinstance(res, dict) or not isinstance(res.get("id"), str):
            raise ctx.fail("a resource must be an object with a string id", "resources", k)
        by_resource[res["id"]] = res
        md = res.get("metadata")
        ext = md.get(EXT) if isinstance(md, dict) else None
        if not (isinstance(ext, dict) and ext.get("generated") is True):
            raw_resources.append(res)
    if raw_resources:
        sadface_meta["resources"] = raw_resources

    # ---- nodes
    types: dict[str, str] = {}
    element: dict[str, str] = {}  # node id -> element id
    for i, n in enumerate(nodes):
        if not isinstance(n, dict):
            raise ctx.fail(f"a node must be a JSON object, got {_jtype(n)}", "nodes", i)
        nid = n.get("id")
        if not isinstance(nid, str) or not nid:
            raise ctx.fail("a node's id must be a non-empty string", "nodes", i, "id")
        t = n.get("type")
        if not isinstance(t, str):
            raise ctx.fail("a node's type must be a string (atom, scheme)", "nodes", i, "type")
        if nid in types:
            raise ctx.fail(f"duplicate node id {nid!r}", "nodes", i, "id")
        types[nid] = t
        ext = ctx.obj(ctx.obj(n, "metadata", "nodes", i), EXT, "nodes", i, "metadata")
        eid = ctx.opt_str(ext, "id", "nodes", i, "metadata", EXT)
        element[nid] = eid or nid

    inn: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    raw_edges = []
    for j, e in enumerate(edges):
        if not isinstance(e, dict):
            raise ctx.fail(f"an edge must be a JSON object, got {_jtype(e)}", "edges", j)
        a, b = e.get("source_id"), e.get("target_id")
        if not isinstance(a, str):
            raise ctx.fail("source_id must be a string", "edges", j, "source_id")
        if not isinstance(b, str):
            raise ctx.fail("target_id must be a string", "edges", j, "target_id")
        ta, tb = types.get(a), types.get(b)
        if ta is None or tb is None:
            raw_edges.append(e)
            continue
        out.setdefault(a, []).append(b)
        inn.setdefault(b, []).append(a)
        if not (
            (ta == "atom" and tb in SCHEME_TYPES)
            or (ta in SCHEME_TYPES and (tb == "atom" or tb in SCHEME_TYPES))
        ):
            raw_edges.append(e)

    raw_nodes = []
    for i, n in enumerate(nodes):
        nid = n["id"]
        t = types[nid]
        try:
            if t == "atom":
                amap.add(_atom(n, i, element[nid], by_resource, ctx))
            elif t in SCHEME_TYPES:
                _scheme(amap, n, i, t, inn, out, types, element, ctx)
            else:
                raw_nodes.append(n)
        except MapStructureError as exc:  # two nodes (or a derived relation) share an id
            at = ("metadata", EXT, "id") if element[nid] != nid else ("id",)
            raise ctx.fail(f"{exc} (node {nid!r})", "nodes", i, *at) from None
    if raw_nodes:
        sadface_meta["nodes"] = raw_nodes
    if raw_edges:
        sadface_meta["edges"] = raw_edges
    if sadface_meta:
        amap.meta["sadface"] = sadface_meta
    return amap


def _atom(
    n: dict[str, Any], i: int, eid: str, by_resource: dict[str, dict[str, Any]], ctx: _Ctx
) -> Statement:
    text = n.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ctx.fail(f"an atom's text must be a string, got {_jtype(text)}", "nodes", i, "text")
    ext, rest = _split_metadata(ctx.obj(n, "metadata", "nodes", i), ctx, "nodes", i, "metadata")
    where = ("nodes", i, "metadata", EXT)
    cited = n.get("sources", [])
    if cited is None:
        cited = []
    if not isinstance(cited, list):
        raise ctx.fail("an atom's sources must be an array", "nodes", i, "sources")
    sources = []
    for k, src in enumerate(cited):
        if not isinstance(src, dict):
            raise ctx.fail("a source must be a JSON object", "nodes", i, "sources", k)
        rid = src.get("resource_id")
        fields = resource_fields(by_resource.get(rid)) if isinstance(rid, str) else {}
        quote = ctx.opt_str(src, "text", "nodes", i, "sources", k) or None
        locator = ctx.opt_str(src, "locator", "nodes", i, "sources", k)
        offset = src.get("offset")
        if locator is None and isinstance(offset, int) and not isinstance(offset, bool) and offset:
            locator = f"offset {offset}"
        sources.append(Source(quote=quote, locator=locator, **fields))  # type: ignore[arg-type]
    kind = ctx.choice(ext, "kind", ("claim", "evidence"), *where)
    if kind is None:
        kind = "evidence" if sources else "claim"
    meta = dict(ctx.obj(ext, "meta", *where))
    if rest:
        meta["sadface"] = {"metadata": rest}
    return Statement(
        eid,
        text,
        kind=kind,
        title=ctx.opt_str(ext, "title", *where),
        sources=tuple(sources),
        tags=ctx.str_list(ext, "tags", *where),
        group=ctx.opt_str(ext, "group", *where),
        meta=meta,
    )


def _scheme(
    amap: ArgumentMap,
    n: dict[str, Any],
    i: int,
    t: str,
    inn: dict[str, list[str]],
    out: dict[str, list[str]],
    types: dict[str, str],
    element: dict[str, str],
    ctx: _Ctx,
) -> None:
    nid: str = n["id"]
    eid = element[nid]
    name = n.get("name")
    if name is not None and not isinstance(name, str):
        raise ctx.fail(f"a scheme's name must be a string, got {_jtype(name)}", "nodes", i, "name")
    if t == "conflict" or (t == "scheme" and (name or "").strip().lower() in CONFLICT_NAMES):
        role = "conflict"
    else:
        role = "support"
    ext, rest = _split_metadata(ctx.obj(n, "metadata", "nodes", i), ctx, "nodes", i, "metadata")
    where = ("nodes", i, "metadata", EXT)
    premises = list(dict.fromkeys(element[x] for x in inn.get(nid, ()) if types[x] == "atom"))
    targets = list(
        dict.fromkeys(
            element[x] for x in out.get(nid, ()) if types[x] == "atom" or types[x] in SCHEME_TYPES
        )
    )
    statements = {element[x] for x in out.get(nid, ()) if types[x] == "atom"}
    sadface: dict[str, Any] = {}
    if rest:
        sadface["metadata"] = rest
    shape = ctx.choice(ext, "element", ("argument", "relation"), *where)
    if shape is None:
        shape = "relation" if len(premises) == 1 and len(targets) == 1 else "argument"
    meta = dict(ctx.obj(ext, "meta", *where))
    if shape == "relation":
        source = (
            ctx.opt_str(ext, "source", *where)
            if "source" in ext
            else (premises[0] if premises else None)
        )
        if source is None or len(targets) != 1:
            raise ctx.fail(
                f"the scheme {nid!r} is marked as one relation but has "
                f"{len(premises)} premise(s) and {len(targets)} target(s)",
                "nodes",
                i,
            )
        target = targets[0]
        kinds = tuple(k.value for k in RelationKind)
        kind_text = ctx.choice(ext, "kind", kinds, *where)
        if kind_text is not None:
            kind = RelationKind(kind_text)
        elif role == "support":
            kind = RelationKind.SUPPORT
        elif (name or "").strip().lower() in CONTRADICTION_NAMES:
            kind = RelationKind.CONTRADICTION
        else:
            kind = RelationKind.ATTACK if target in statements else RelationKind.UNDERCUT
        if name is not None and name != default_name(kind):
            sadface["name"] = name
        if sadface:
            meta["sadface"] = sadface
        amap.add(
            Relation(eid, kind, source, target, tags=ctx.str_list(ext, "tags", *where), meta=meta)
        )
        return
    if name is not None and name != "support":
        sadface["name"] = name
    if role == "conflict" and "name" not in sadface:
        sadface["name"] = "conflict"
    if sadface:
        meta["sadface"] = sadface
    if "conclusion" in ext:
        conclusion = ctx.opt_str(ext, "conclusion", *where)
    elif role == "support":
        conclusion = next((y for y in targets if y in statements), None)
    else:
        conclusion = None
    amap.add(
        Argument(
            eid,
            premises=premises,
            conclusion=conclusion,
            title=ctx.opt_str(ext, "title", *where),
            text=ctx.opt_str(ext, "text", *where),
            tags=ctx.str_list(ext, "tags", *where),
            group=ctx.opt_str(ext, "group", *where),
            meta=meta,
        )
    )
    for y in targets:
        if y == conclusion:
            continue
        if role == "support":
            kind = RelationKind.SUPPORT
        else:
            kind = RelationKind.ATTACK if y in statements else RelationKind.UNDERCUT
        amap.add(Relation(f"{eid} -{kind.value}-> {y}", kind, eid, y))
