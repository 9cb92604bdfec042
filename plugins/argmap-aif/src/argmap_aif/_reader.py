"""AIF JSON → :class:`argmap.ArgumentMap`.

One pass over the nodes (index by id), one over the edges (adjacency lists), then one
over the nodes again to build the elements; every lookup is a dict lookup.
"""

from __future__ import annotations

import gc
from itertools import compress, repeat
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
from argmap._gc import promote_survivors
from argmap._model import (
    StatementKind,
    _trusted_argument,
    _trusted_relation,
    _trusted_statement,
)
from argmap.plugin import JSONPath, LimitOptions, check_elements, load_json_within
from argmap.plugin import json_error as fail
from argmap.plugin import json_type_name as _jtype

__all__ = ["DEFAULT_TEXT", "EXT", "S_TYPES", "build_map", "read_aif"]

EXT = "argmap"
"""The key of argmap's extension object on AIF nodes and on the document."""

S_TYPES = frozenset({"RA", "CA"})
"""Scheme nodes that become arguments and relations."""

DEFAULT_TEXT = {
    "RA": "Default Inference",
    "CA": "Default Conflict",
    "MA": "Default Rephrase",
    "PA": "Default Preference",
}

_KINDS = tuple(k.value for k in RelationKind)
_CLAIM = StatementKind.CLAIM
_SNODE_SKIP = frozenset({"nodeID", "type", EXT})
_SOURCE_FIELDS = ("title", "author", "url", "published", "publisher", "quote", "locator")
_TOP_SKIP = frozenset({"nodes", "edges", EXT})


def read_aif(
    text: str, path: str | None = None, *, limits: LimitOptions | None = None
) -> ArgumentMap:
    """Parse AIF JSON text into a map, within ``limits`` (default: the defaults of
    :class:`~argmap.plugin.LimitOptions`)."""
    # many small objects, no cycle: no collector passes (gc_paused(promote=True), inlined:
    # a context manager costs a microsecond, a twentieth of reading a small map)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        doc = load_json_within(text, path, limits)
        return build_map(doc, text=text, path=path, limits=limits)
    finally:
        if was_enabled:
            promote_survivors()
            gc.enable()


def _node_id(value: Any) -> str | None:
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    return None


class _Ctx:
    __slots__ = ("path", "prefix", "text")

    def __init__(self, text: str | None, path: str | None, prefix: list[str | int]) -> None:
        self.text = text
        self.path = path
        self.prefix = prefix

    def fail(self, message: str, *parts: str | int) -> Exception:
        where: JSONPath = [*self.prefix, *parts]
        return fail(message, where, text=self.text, path=self.path)


def build_map(
    doc: Any,
    *,
    text: str | None = None,
    path: str | None = None,
    limits: LimitOptions | None = None,
) -> ArgumentMap:
    """Build a map from a parsed AIF document (``text`` is used to locate errors), with
    no more elements than ``limits.max_elements``."""
    envelope: dict[str, Any] | None = None
    ctx = _Ctx(text, path, [])
    max_elements = (limits if limits is not None else LimitOptions()).max_elements
    check_elements(doc, max_elements, text=text, path=path)
    if isinstance(doc, dict) and "nodes" not in doc and isinstance(doc.get("AIF"), dict):
        # OVA 3 exports wrap the AIF in {"AIF": {...}, "OVA": {...}, "text": ...}
        envelope = {k: v for k, v in doc.items() if k != "AIF"}
        doc = doc["AIF"]
        ctx.prefix = ["AIF"]
        check_elements(doc, max_elements, text=text, path=path, prefix=ctx.prefix)
    if not isinstance(doc, dict):
        raise ctx.fail(f"expected a JSON object with AIF nodes and edges, got {_jtype(doc)}")
    nodes = doc.get("nodes")
    if not isinstance(nodes, list):
        raise ctx.fail('an AIF document needs a "nodes" array', "nodes")
    edges = doc.get("edges")
    if edges is None:
        edges = []
    elif not isinstance(edges, list):
        raise ctx.fail('"edges" must be an array', "edges")

    # ---- passes 1 and 2, in C for the common shape: every nodeID, type, fromID and toID a
    # string, no nodeID twice; anything else takes the loops below, which say where
    fast = _fast_types(nodes)
    int_ids = False
    if fast is not None:
        types, ids, tlist, by_type = fast
    else:
        types, ids, int_ids = _index_nodes(nodes, ctx)
        tlist = list(types.values())
        by_type = _positions_by_type(tlist)
    adjacency = _fast_edges(edges, types)
    if adjacency is not None:
        out, inn, raw_edges, linked = adjacency
    else:
        out, inn, raw_edges, linked = _index_edges(edges, types, ctx)

    # ---- statements: I-nodes, and L-nodes an inference or conflict is drawn from or to
    no_pos: list[int] = []
    at = ids.__getitem__
    ipos = by_type.get("I", no_pos)
    kpos = by_type.get("RA", no_pos) + by_type.get("CA", no_pos)
    kpos.sort()  # the scheme nodes in file order
    stmt: set[str] = set(map(at, ipos))
    snodes: list[str] = list(map(at, kpos))
    dialogue: list[str] = list(map(at, by_type.get("YA", no_pos)))
    rephrase: list[str] = list(map(at, by_type.get("MA", no_pos)))
    lstmt: list[str] = []  # L-nodes an inference or conflict is drawn from or to
    for x in linked:
        if x not in stmt:
            stmt.add(x)
            lstmt.append(x)
    lpos: dict[str, int] = {}  # L-node id -> position, for the dialogue and L-statements
    if dialogue or lstmt:
        posl = by_type.get("L", no_pos)
        lpos = dict(zip(map(at, posl), posl, strict=True))
    spos = ipos + [lpos[x] for x in lstmt] if lstmt else ipos
    spos.sort()  # the statements in file order

    # ---- derived metadata: the locutions anchoring each statement, rephrases
    locutions = doc.get("locutions")
    participants = doc.get("participants")
    speakers = _speakers(locutions, participants) if dialogue else {}
    anchored: dict[str, list[dict[str, Any]]] = {}
    for y in dialogue:
        outs = out.get(y)
        if outs is None or stmt.isdisjoint(outs):  # most anchor an inference, a conflict
            continue  # or a transition
        ins = inn.get(y)
        if ins is None:
            continue
        if len(ins) == 1:  # the common case: one locution, one anchor
            sources = ins if types[ins[0]] == "L" else None
        else:
            sources = [x for x in ins if types[x] == "L"]
        if not sources:
            continue
        anchors = outs if len(outs) == 1 else [x for x in outs if x in stmt]
        for target in anchors:
            found = anchored.get(target)
            if found is None:
                found = anchored[target] = []
            for lid in sources:  # the locution of each dialogue move
                node = nodes[lpos[lid]]
                loc = {"nodeID": lid, "text": node.get("text")}
                if "timestamp" in node:
                    loc["timestamp"] = node["timestamp"]
                if lid in speakers:
                    loc.update(speakers[lid])
                found.append(loc)
    rephrases: dict[str, list[str]] = {}
    for m in rephrase:
        targets = [x for x in out.get(m, ()) if x in stmt]
        for p in inn.get(m, ()):
            if p in stmt:
                rephrases.setdefault(p, []).extend(targets)

    # ---- the map
    top_ext = doc.get(EXT)
    amap = ArgumentMap()
    if top_ext is not None:
        _apply_top_ext(amap, top_ext, ctx)
    aif_meta: dict[str, Any] = {}
    for key, value in doc.items():
        if key in _TOP_SKIP or (key == "locutions" and not value):
            continue
        aif_meta[key] = value
    if int_ids:
        aif_meta["int_ids"] = True
    if envelope is not None:
        aif_meta["envelope"] = envelope

    # ---- pass 3: elements, in file order
    elements = stmt.union(snodes)
    kept = bytearray(b"\x01") * len(ids)  # 1 for each node that is no element
    for i in spos:
        kept[i] = 0
    for i in kpos:
        kept[i] = 0
    raw_nodes = list(compress(nodes, kept))
    plain = top_ext is None
    if plain:
        try:
            plain = _add_plain(
                amap, ids, nodes, tlist, spos, kpos, stmt, elements, inn, out, anchored, rephrases
            )
        except MapStructureError:  # a derived relation's id is a node's too: the loop
            amap = ArgumentMap()  # below says at which node, as it meets them in order
            plain = False
    if not plain:
        positions = sorted(spos + kpos)
        _add_elements(amap, ids, nodes, positions, stmt, types, inn, out, anchored, rephrases, ctx)

    if raw_nodes:
        aif_meta["nodes"] = raw_nodes
    if raw_edges:
        aif_meta["edges"] = raw_edges
    if aif_meta:
        amap.meta["aif"] = aif_meta
    return amap


def _add_elements(
    amap: ArgumentMap,
    ids: list[str],
    nodes: list[Any],
    positions: list[int],
    stmt: set[str],
    types: dict[str, str],
    inn: dict[str, list[str]],
    out: dict[str, list[str]],
    anchored: dict[str, list[dict[str, Any]]],
    rephrases: dict[str, list[str]],
    ctx: _Ctx,
) -> None:
    """Pass 3 of :func:`build_map` for any document: each element in file order, its
    argmap extension read and checked, every error located at its node."""
    add = amap.add
    for i in positions:
        try:
            nid = ids[i]
            n = nodes[i]
            t = types[nid]
            if nid in stmt:
                extras = n.copy()  # all but nodeID, type, text and the extension
                del extras["nodeID"], extras["type"]  # present: pass 1 read them
                txt = extras.pop("text", "")
                if type(txt) is not str:
                    txt = _text(txt, ctx, i)
                ext = extras.pop(EXT, None)
                meta: dict[str, Any] = {}
                if t != "I":
                    extras["type"] = t
                if ext is None:
                    if extras:
                        meta["aif"] = extras
                    if nid in anchored:
                        meta["aif_locutions"] = anchored[nid]
                    if nid in rephrases:
                        meta["aif_rephrases"] = rephrases[nid]
                    add(_trusted_statement(nid, txt, _CLAIM, None, (), (), None, meta, None))
                else:
                    xt = _ext(ext, ctx, i)
                    meta = _meta(xt, extras, ctx, i)
                    if nid in anchored:
                        meta["aif_locutions"] = anchored[nid]
                    if nid in rephrases:
                        meta["aif_rephrases"] = rephrases[nid]
                    add(
                        Statement(
                            nid,
                            txt,
                            kind=_choice(xt, "kind", ("claim", "evidence"), "claim", ctx, i),
                            title=_opt_str(xt, "title", ctx, i),
                            sources=_sources(xt, ctx, i),
                            tags=_str_list(xt, "tags", ctx, i),
                            group=_opt_str(xt, "group", ctx, i),
                            meta=meta,
                        )
                    )
            else:
                _scheme_node(amap, nid, t, n, i, inn, out, stmt, types, ctx)
        except MapStructureError as exc:  # a derived relation's id is a node's too
            raise ctx.fail(f"{exc} (node {nid!r})", "nodes", i) from None


def _add_plain(
    amap: ArgumentMap,
    ids: list[str],
    nodes: list[Any],
    tlist: list[str],
    spos: list[int],
    kpos: list[int],
    stmt: set[str],
    elements: set[str],
    inn: dict[str, list[str]],
    out: dict[str, list[str]],
    anchored: dict[str, list[dict[str, Any]]],
    rephrases: dict[str, list[str]],
) -> bool:
    """Pass 3 of :func:`build_map` for the common document, where nothing can be wrong:
    no statement or scheme node has an argmap extension and every statement's text is a
    string or missing. ``False``, with nothing added, for any other; a
    :class:`MapStructureError` when a derived relation's id is taken (the caller then
    runs :func:`_add_elements` on a new map, which says at which node).

    The same elements as :func:`_add_elements` in the same order of each table: the
    statements first (all of them: none refers to anything), then the scheme nodes.
    ``amap`` must be new: the statements go in without checks."""
    node_at = nodes.__getitem__
    sdicts: list[dict[str, Any]] = list(map(node_at, spos))
    has: Any = dict.__contains__
    if any(map(has, sdicts, repeat(EXT))):
        return False
    texts: list[Any] = list(map(dict.get, sdicts, repeat("text")))
    if None in texts:  # no text, or null: an empty one
        texts = ["" if x is None else x for x in texts]
    if not _STR.issuperset(map(type, texts)):
        return False
    knodes: list[dict[str, Any]] = list(map(node_at, kpos))
    if any(map(has, knodes, repeat(EXT))):
        return False

    # statements: the node's other keys are its "aif" metadata (type only for an L-node)
    sids = list(map(ids.__getitem__, spos))
    made: dict[str, Statement] = {}
    trusted = _trusted_statement
    for nid, node, txt, t in zip(sids, sdicts, texts, map(tlist.__getitem__, spos), strict=True):
        extra = node.copy()
        del extra["nodeID"], extra["type"]
        extra.pop("text", None)
        if t != "I":
            extra["type"] = t
        meta: dict[str, Any] = {"aif": extra} if extra else {}
        if nid in anchored:
            meta["aif_locutions"] = anchored[nid]
        if nid in rephrases:
            meta["aif_rephrases"] = rephrases[nid]
        made[nid] = trusted(nid, txt, _CLAIM, None, (), (), None, meta, None)
    # the ids are distinct non-empty strings (pass 1) and the map is new: no checks
    amap._add_trusted(made, {}, [], [])

    # scheme nodes: _scheme_node without an extension, inlined
    add = amap.add
    in_stmt = stmt.__contains__
    targetable = elements.__contains__  # statements, inferences and conflicts
    no_edges: list[str] = []
    kids = map(ids.__getitem__, kpos)
    for nid, t, node in zip(kids, map(tlist.__getitem__, kpos), knodes, strict=True):
        premises = list(filter(in_stmt, inn.get(nid, no_edges)))
        targets = list(filter(targetable, out.get(nid, no_edges)))
        extra = node.copy()
        del extra["nodeID"], extra["type"]
        if extra.get("text") == DEFAULT_TEXT[t]:
            del extra["text"]
        if len(premises) > 1:
            premises = list(dict.fromkeys(premises))
        if len(targets) > 1:
            targets = list(dict.fromkeys(targets))
        if len(premises) == 1 and len(targets) == 1:  # the common case: one relation
            target = targets[0]
            if t == "RA":
                kind = RelationKind.SUPPORT
            else:
                kind = RelationKind.ATTACK if target in stmt else RelationKind.UNDERCUT
            rmeta = {"aif": extra} if extra else None
            add(_trusted_relation(nid, kind, premises[0], target, None, rmeta))
        else:
            _plain_argument(amap, nid, t, premises, targets, extra, stmt)
    return True


_STR = frozenset({str})
_PROPOSITION = frozenset({"I", "L"})
_S_OR_PROPOSITION = S_TYPES | _PROPOSITION
_STRUCTURAL = frozenset(
    [(a, b) for a in S_TYPES for b in (*S_TYPES, *_PROPOSITION)]
    + [(a, b) for a in _PROPOSITION for b in S_TYPES]
)
"""(from type, to type) of the edges that make arguments and relations; all others are kept."""
_ADJACENT = frozenset({*S_TYPES, "YA", "MA"})
"""The types of the nodes whose neighbours :func:`build_map` looks up."""


def _fast_types(
    nodes: list[Any],
) -> tuple[dict[str, str], list[str], list[str], dict[str, list[int]]] | None:
    """nodeID → type, the columns of ids and types and the positions of each type, when
    every node is an object with string ones and no id repeats."""
    get: Any = dict.get
    try:
        ids: list[Any] = list(map(get, nodes, repeat("nodeID")))
        tlist: list[Any] = list(map(get, nodes, repeat("type")))
        by_type = _positions_by_type(tlist)  # an unhashable type: TypeError
    except TypeError:  # a node that is not an object
        return None
    if not (_STR.issuperset(map(type, ids)) and _STR.issuperset(map(type, tlist))):
        return None
    types = dict(zip(ids, tlist, strict=True))
    if len(types) != len(ids) or "" in types:
        return None
    return types, ids, tlist, by_type


def _positions_by_type(tlist: list[Any]) -> dict[Any, list[int]]:
    """Node type → the positions of its nodes, in order (one loop, not a pass a type)."""
    by_type: dict[Any, list[int]] = {}
    for i, t in enumerate(tlist):
        if t in by_type:
            by_type[t].append(i)
        else:
            by_type[t] = [i]
    return by_type


def _index_nodes(nodes: list[Any], ctx: _Ctx) -> tuple[dict[str, str], list[str], bool]:
    types: dict[str, str] = {}
    int_ids = False
    ids: list[str] = []
    for i, n in enumerate(nodes):
        if type(n) is not dict:
            raise ctx.fail(f"a node must be a JSON object, got {_jtype(n)}", "nodes", i)
        raw_id = n.get("nodeID")
        nid0 = raw_id if type(raw_id) is str else _node_id(raw_id)
        if not nid0:
            raise ctx.fail("nodeID must be a non-empty string or an integer", "nodes", i, "nodeID")
        nid: str = nid0
        if nid is not raw_id:
            int_ids = True
        ids.append(nid)
        t = n.get("type")
        if type(t) is not str:
            raise ctx.fail("a node's type must be a string (I, L, RA, CA …)", "nodes", i, "type")
        if nid in types:
            raise ctx.fail(f"duplicate nodeID {nid!r}", "nodes", i, "nodeID")
        types[nid] = t

    return types, ids, int_ids


def _fast_edges(
    edges: list[Any], types: dict[str, str]
) -> tuple[dict[str, list[str]], dict[str, list[str]], list[dict[str, Any]], list[str]] | None:
    """Adjacency lists, the edges kept as they are and the L-node ends of the edges
    between an L-node and an RA/CA node (statements, then), when every edge is an object
    with string ends (None otherwise: :func:`_index_edges` says where).

    Only the nodes whose neighbours :func:`build_map` looks up (:data:`_ADJACENT`) get
    adjacency lists: YA, TA and L-nodes are most of a dialogue's. One loop over the
    edges, which costs less than the C passes a column each it replaces."""
    get: Any = dict.get
    try:  # an edge that is no object: TypeError
        froms: list[Any] = list(map(get, edges, repeat("fromID")))
        tos: list[Any] = list(map(get, edges, repeat("toID")))
    except TypeError:
        return None
    out: dict[str, list[str]] = {}
    inn: dict[str, list[str]] = {}
    raw_edges: list[dict[str, Any]] = []
    keep = raw_edges.append
    linked: list[str] = []  # the L-node end of each edge between an L and an RA/CA node
    type_of = types.get
    adjacent = _ADJACENT
    s_types = S_TYPES
    s_or_p = _S_OR_PROPOSITION
    proposition = _PROPOSITION
    try:  # an unhashable end: TypeError
        for e, a, b in zip(edges, froms, tos, strict=True):
            ta = type_of(a)
            tb = type_of(b)
            # the ids of ``types`` are strings: an end found there is one, so an end's
            # type is only checked when it is not found
            if ta is None or tb is None:
                if a.__class__ is not str or b.__class__ is not str:
                    return None  # an integer the slow path converts, or no id at all
                keep(e)  # a dangling edge: kept, not followed
                continue
            # the edge is kept unless it is structural (_STRUCTURAL, in branches: no tuple)
            if ta in adjacent:
                if a in out:
                    out[a].append(b)
                else:
                    out[a] = [b]
                if ta not in s_types or tb not in s_or_p:
                    keep(e)
                elif tb == "L":
                    linked.append(b)
            elif ta not in proposition or tb not in s_types:
                keep(e)
            elif ta == "L":
                linked.append(a)
            if tb in adjacent:
                if b in inn:
                    inn[b].append(a)
                else:
                    inn[b] = [a]
    except TypeError:
        return None
    return out, inn, raw_edges, linked


def _index_edges(
    edges: list[Any], types: dict[str, str], ctx: _Ctx
) -> tuple[dict[str, list[str]], dict[str, list[str]], list[dict[str, Any]], list[str]]:
    # edges not drawn to or from an RA/CA node are kept as they are
    out: dict[str, list[str]] = {}
    inn: dict[str, list[str]] = {}
    raw_edges: list[dict[str, Any]] = []
    linked: list[str] = []  # the L-node end of each edge between an L and an RA/CA node
    proposition = ("I", "L")
    for j, e in enumerate(edges):
        if type(e) is not dict:
            raise ctx.fail(f"an edge must be a JSON object, got {_jtype(e)}", "edges", j)
        a = e.get("fromID")
        if type(a) is not str:
            a = _node_id(a)
            if a is None:
                raise ctx.fail("fromID must be a string or an integer", "edges", j, "fromID")
        b = e.get("toID")
        if type(b) is not str:
            b = _node_id(b)
            if b is None:
                raise ctx.fail("toID must be a string or an integer", "edges", j, "toID")
        ta = types.get(a)
        tb = types.get(b)
        if ta is None or tb is None:  # a dangling edge
            raw_edges.append(e)
            continue
        if a in out:
            out[a].append(b)
        else:
            out[a] = [b]
        if b in inn:
            inn[b].append(a)
        else:
            inn[b] = [a]
        if ta in S_TYPES:
            if tb not in S_TYPES and tb not in proposition:
                raw_edges.append(e)
            elif tb == "L":
                linked.append(b)
        elif tb not in S_TYPES or ta not in proposition:
            raw_edges.append(e)
        elif ta == "L":
            linked.append(a)

    return out, inn, raw_edges, linked


def _scheme_node(
    amap: ArgumentMap,
    nid: str,
    t: str,
    n: dict[str, Any],
    i: int,
    inn: dict[str, list[str]],
    out: dict[str, list[str]],
    stmt: set[str],
    types: dict[str, str],
    ctx: _Ctx,
) -> None:
    premises = list(dict.fromkeys(x for x in inn.get(nid, ()) if x in stmt))
    targets = list(dict.fromkeys(x for x in out.get(nid, ()) if x in stmt or types[x] in S_TYPES))
    extras = {k: v for k, v in n.items() if k not in _SNODE_SKIP}
    if extras.get("text") == DEFAULT_TEXT[t]:
        del extras["text"]
    ext_raw = n.get(EXT)
    if ext_raw is None and len(premises) == 1 and len(targets) == 1:  # the common case
        target = targets[0]
        kind = _default_kind(t, target, stmt)
        meta = {"aif": extras} if extras else None
        amap.add(_trusted_relation(nid, kind, premises[0], target, None, meta))
        return
    if ext_raw is None and (len(premises) != 1 or len(targets) != 1):
        _plain_argument(amap, nid, t, premises, targets, extras, stmt)  # the common case
        return
    x = _ext(ext_raw, ctx, i) if ext_raw is not None else {}
    element = _choice(x, "element", ("argument", "relation"), None, ctx, i)
    if element is None:
        element = "relation" if len(premises) == 1 and len(targets) == 1 else "argument"
    if element == "relation":
        if "source" in x:
            source = _opt_str(x, "source", ctx, i)
        else:
            source = premises[0] if premises else None
        if source is None or len(targets) != 1:
            raise ctx.fail(
                f"the {t} node {nid!r} is marked as one relation but has "
                f"{len(premises)} premise(s) and {len(targets)} target(s)",
                "nodes",
                i,
            )
        target = targets[0]
        kind = _choice(x, "kind", _KINDS, None, ctx, i)
        if kind is None:
            kind = _default_kind(t, target, stmt)
        amap.add(
            Relation(
                nid,
                kind,
                source,
                target,
                tags=_str_list(x, "tags", ctx, i),
                meta=_meta(x, extras, ctx, i),
            )
        )
        return
    if t != "RA":
        extras["type"] = t
    if "conclusion" in x:
        conclusion = _opt_str(x, "conclusion", ctx, i)
    elif t == "RA":
        conclusion = next((y for y in targets if y in stmt), None)
    else:
        conclusion = None
    amap.add(
        Argument(
            nid,
            premises=premises,
            conclusion=conclusion,
            title=_opt_str(x, "title", ctx, i),
            text=_opt_str(x, "text", ctx, i),
            tags=_str_list(x, "tags", ctx, i),
            group=_opt_str(x, "group", ctx, i),
            meta=_meta(x, extras, ctx, i),
        )
    )
    _other_targets(amap, nid, t, targets, conclusion, stmt)


def _plain_argument(
    amap: ArgumentMap,
    nid: str,
    t: str,
    premises: list[str],
    targets: list[str],
    extras: dict[str, Any],
    stmt: set[str],
) -> None:
    """What :func:`_scheme_node` builds for a scheme node without an argmap extension
    that is no single relation: an argument (its premises and, for an inference, the
    first statement it points to as conclusion), and a relation to each other target;
    the values are typed, so no converter runs."""
    conclusion = None
    if t == "RA":
        for y in targets:
            if y in stmt:
                conclusion = y
                break
    else:
        extras["type"] = t
    meta = {"aif": extras} if extras else {}
    amap.add(_trusted_argument(nid, tuple(premises), conclusion, None, None, (), None, meta, None))
    if len(targets) > 1 or (targets and targets[0] != conclusion):
        _other_targets(amap, nid, t, targets, conclusion, stmt)


def _other_targets(
    amap: ArgumentMap,
    nid: str,
    t: str,
    targets: list[str],
    conclusion: str | None,
    stmt: set[str],
) -> None:
    """The relations from the argument of scheme node ``nid`` to its targets other than
    its conclusion."""
    for y in targets:
        if y != conclusion:
            kind = _default_kind(t, y, stmt)
            amap.add(_trusted_relation(f"{nid} -{kind.value}-> {y}", kind, nid, y, None))


def _default_kind(t: str, target: str, stmt: set[str]) -> RelationKind:
    if t == "RA":
        return RelationKind.SUPPORT
    return RelationKind.ATTACK if target in stmt else RelationKind.UNDERCUT


def _speakers(locutions: Any, participants: Any) -> dict[str, dict[str, Any]]:
    """Locution node id → {"speaker", "personID", "start", …} from the AIFdb tables."""
    names: dict[str, str] = {}
    if isinstance(participants, list):
        for p in participants:
            if isinstance(p, dict):
                pid = _node_id(p.get("participantID"))
                name = " ".join(
                    str(p[k]) for k in ("firstname", "surname") if isinstance(p.get(k), str)
                )
                if pid is not None and name:
                    names[pid] = name
    found: dict[str, dict[str, Any]] = {}
    if isinstance(locutions, list):
        for loc in locutions:
            if not isinstance(loc, dict):
                continue
            lid = _node_id(loc.get("nodeID"))
            if lid is None:
                continue
            info: dict[str, Any] = {}
            pid = _node_id(loc.get("personID"))
            if pid is not None:
                info["personID"] = pid
                if pid in names:
                    info["speaker"] = names[pid]
            for key in ("start", "end", "source"):
                if loc.get(key) is not None:
                    info[key] = loc[key]
            found[lid] = info
    return found


# --------------------------------------------------------------------- the argmap extension


def _text(value: Any, ctx: _Ctx, i: int) -> str:
    if value is None:
        return ""
    raise ctx.fail(f"a node's text must be a string, got {_jtype(value)}", "nodes", i, "text")


def _ext(value: Any, ctx: _Ctx, i: int) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ctx.fail(f"{EXT!r} must be a JSON object, got {_jtype(value)}", "nodes", i, EXT)
    return value


def _opt_str(x: dict[str, Any], key: str, ctx: _Ctx, i: int) -> str | None:
    value = x.get(key)
    if value is not None and not isinstance(value, str):
        raise ctx.fail(f"{key} must be a string, got {_jtype(value)}", "nodes", i, EXT, key)
    return value


def _choice(
    x: dict[str, Any], key: str, allowed: tuple[str, ...], default: Any, ctx: _Ctx, i: int
) -> Any:
    value = x.get(key, default)
    if value is not default and value not in allowed:
        raise ctx.fail(
            f"{key} must be one of {', '.join(allowed)}, got {value!r}", "nodes", i, EXT, key
        )
    return value


def _str_list(x: dict[str, Any], key: str, ctx: _Ctx, i: int) -> tuple[str, ...]:
    value = x.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ctx.fail(f"{key} must be an array of strings", "nodes", i, EXT, key)
    return tuple(value)


def _meta(x: dict[str, Any], extras: dict[str, Any], ctx: _Ctx, i: int) -> dict[str, Any]:
    value = x.get("meta")
    if value is None:
        meta: dict[str, Any] = {}
    elif isinstance(value, dict):
        meta = dict(value)
    else:
        raise ctx.fail(f"meta must be a JSON object, got {_jtype(value)}", "nodes", i, EXT, "meta")
    if extras:
        meta["aif"] = extras
    return meta


def _sources(x: dict[str, Any], ctx: _Ctx, i: int) -> tuple[Source, ...]:
    value = x.get("sources")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ctx.fail("sources must be an array", "nodes", i, EXT, "sources")
    found = []
    for k, item in enumerate(value):
        if not isinstance(item, dict) or not all(
            key in _SOURCE_FIELDS and (v is None or isinstance(v, str)) for key, v in item.items()
        ):
            raise ctx.fail(
                "a source must be an object with string fields " + ", ".join(_SOURCE_FIELDS),
                "nodes",
                i,
                EXT,
                "sources",
                k,
            )
        found.append(Source(**item))
    return tuple(found)


def _apply_top_ext(amap: ArgumentMap, value: Any, ctx: _Ctx) -> None:
    if not isinstance(value, dict):
        raise ctx.fail(f"{EXT!r} must be a JSON object, got {_jtype(value)}", EXT)
    for key in ("title", "description"):
        v = value.get(key)
        if v is not None and not isinstance(v, str):
            raise ctx.fail(f"{key} must be a string", EXT, key)
    amap.title = value.get("title")
    amap.description = value.get("description")
    meta = value.get("meta")
    if meta is not None:
        if not isinstance(meta, dict):
            raise ctx.fail("meta must be a JSON object", EXT, "meta")
        amap.meta.update(meta)
    groups = value.get("groups", [])
    if not isinstance(groups, list):
        raise ctx.fail("groups must be an array", EXT, "groups")
    for k, g in enumerate(groups):
        ok = (
            isinstance(g, dict)
            and isinstance(g.get("id"), str)
            and g["id"]
            and isinstance(g.get("title"), str)
            and (g.get("parent") is None or isinstance(g.get("parent"), str))
            and isinstance(g.get("meta", {}), dict)
        )
        if not ok:
            raise ctx.fail(
                "a group must be an object with string id and title, optional parent and meta",
                EXT,
                "groups",
                k,
            )
        if g["id"] in amap.groups:
            raise ctx.fail(f"duplicate group id {g['id']!r}", EXT, "groups", k, "id")
        amap.add(Group(g["id"], g["title"], parent=g.get("parent"), meta=g.get("meta")))
