"""Small graph algorithms over id adjacency lists, shared by the model and validation."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, compress, filterfalse, repeat
from operator import attrgetter, gt, is_, is_not, not_
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from ._model import ArgumentMap, RelationKind

__all__ = [
    "main_claim_ids",
    "main_claim_indexes",
    "main_claim_mask",
    "scc_ids",
    "strongly_connected_components",
]

_T = TypeVar("_T")
_source = attrgetter("source")
_target = attrgetter("target")
_kind = attrgetter("kind")
_premises = attrgetter("premises")
_conclusion = attrgetter("conclusion")
_flatten = chain.from_iterable


def strongly_connected_components(
    nodes: Iterable[str], edges: Mapping[str, Sequence[str]]
) -> list[list[str]]:
    """The strongly connected components of a directed graph (Tarjan, iterative: no
    recursion limit on long chains), in reverse topological order: a component comes
    before every component that has an edge into it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            succ = edges.get(node, ())
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == node:
                        break
                out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def scc_ids(succ: Sequence[Sequence[int]]) -> list[int]:
    """``comp[i]``: the strongly connected component of node ``i`` of the graph
    ``succ`` over ``0 .. n-1`` (iterative Tarjan), numbered in reverse topological order
    (a component gets a lower number than every component with an edge into it)."""
    n = len(succ)
    index = [-1] * n
    low = [0] * n
    comp = [-1] * n
    stack: list[int] = []
    counter = 0
    ncomp = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        if not succ[root]:  # the common case: a node without edges out
            index[root] = counter
            counter += 1
            comp[root] = ncomp
            ncomp += 1
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        while work:
            node, i = work[-1]
            edges = succ[node]
            if i < len(edges):
                work[-1] = (node, i + 1)
                nxt = edges[i]
                if index[nxt] < 0:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    work.append((nxt, 0))
                elif comp[nxt] < 0 and index[nxt] < low[node]:  # on the stack
                    low[node] = index[nxt]
                continue
            work.pop()
            if low[node] == index[node]:
                while True:
                    w = stack.pop()
                    comp[w] = ncomp
                    if w == node:
                        break
                ncomp += 1
            if work:
                parent = work[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
    return comp


def main_claim_indexes(amap: ArgumentMap, index: dict[str, int]) -> list[int]:
    """The main claims of ``amap`` (see :meth:`ArgumentMap.main_claims`) as indexes of
    its nodes, numbered by ``index`` (statements, then arguments); ``index`` gains an
    entry for each id a relation names that is not a node.

    The graph is "who argues about whom" (``ArgumentMap._reasoning_edges``) over
    integers; a node is a main claim when its strongly connected component has no edge
    leaving it, is one node or holds a conflict (an attack, undercut or contradiction
    between two of its members), and something argues about the node."""
    from ._model import RelationKind

    n_nodes = len(index)
    relations = amap._relations
    support = RelationKind.SUPPORT
    contradiction = RelationKind.CONTRADICTION
    src_list: list[int] = []
    dst_list: list[int] = []
    conflicts: list[tuple[int, int]] = []  # (a, b) with a non-support relation between them

    def number(nid: str) -> int:
        i = index.get(nid)
        if i is None:
            i = index[nid] = len(index)
        return i

    for r in relations.values():
        target = r.target
        if target in relations:
            for _ in range(len(relations)):  # undercut of an undercut of … a link
                if target not in relations:
                    break
                target = relations[target].target
        s = index.get(r.source)
        if s is None:
            s = number(r.source)
        t = index.get(target)
        if t is None:
            t = number(target)
        src_list.append(s)
        dst_list.append(t)
        kind = r.kind
        if kind is not support:
            conflicts.append((s, t))
            if kind is contradiction:
                src_list.append(t)
                dst_list.append(s)
    for a in amap._arguments.values():
        ai = index[a.id]
        for p in a.premises:
            src_list.append(number(p))
            dst_list.append(ai)
        if a.conclusion is not None:
            src_list.append(ai)
            dst_list.append(number(a.conclusion))
    n = len(index)
    succ: list[list[int]] = [[] for _ in range(n)]
    for s, t in zip(src_list, dst_list, strict=True):
        succ[s].append(t)
    comp = scc_ids(succ)
    n_comp = max(comp, default=-1) + 1
    leaves = [False] * n_comp
    size = [0] * n_comp
    for c in comp:
        size[c] += 1
    targeted = [False] * n
    for s, t in zip(src_list, dst_list, strict=True):
        targeted[t] = True
        if comp[s] != comp[t]:
            leaves[comp[s]] = True
    # a component of several nodes is a position only when its members are rivals
    rivals = [False] * n_comp
    if any(size[c] > 1 and not leaves[c] for c in range(n_comp)):
        pairs = set(conflicts)
        pairs.update((t, s) for s, t in conflicts)
        for s, t in zip(src_list, dst_list, strict=True):
            if comp[s] == comp[t] and (s, t) in pairs:
                rivals[comp[s]] = True
    roots = [
        i
        for i in range(n_nodes)
        if targeted[i] and not leaves[comp[i]] and (size[comp[i]] == 1 or rivals[comp[i]])
    ]
    if not roots:
        roots = [i for i in range(n_nodes) if not succ[i]]
    return roots


def main_claim_ids(amap: ArgumentMap) -> list[str] | None:
    """The ids of the main claims of ``amap`` (the same as :func:`main_claim_indexes`,
    in node order), computed by C-level passes over integer columns rather than a
    Python loop per edge; None for a shape this path does not handle (a relation whose
    source or premise is a relation, undercuts in a cycle).

    The edges are numbered once (statements, then arguments, then any other id named):
    one lookup an end, none when the relations are still a reader's table (its columns
    are positions already, and no :class:`Relation` is made). A node nothing leads away
    from is a main claim when something argues about it. Of the others, only those that
    cannot reach such a node (they lead into a closed circle) can be in a component with
    no edge leaving it: walking backwards from the nodes with no way out (a breadth-first
    search over integer predecessor lists, each level a few C-level passes) finds all
    that can, and the strongly connected components are computed for what is left,
    usually nothing."""
    edges = _table_edges(amap) if amap._table is not None else _relation_edges(amap)
    if edges is None:
        return None
    ids, n_nodes, src, dst, conflict = edges
    return list(compress(ids[:n_nodes], main_claim_mask(len(ids), n_nodes, src, dst, conflict)))


def main_claim_mask(
    n: int, n_nodes: int, src: list[int], dst: list[int], conflict: bytearray
) -> bytearray:
    """:func:`main_claim_ids`' walk over a graph given as integer edges: of ``n``
    positions, the first ``n_nodes`` nodes (the others are ids that are not nodes), an
    edge from ``src[k]`` to ``dst[k]``, a byte 1 in ``conflict`` for an edge of a
    conflict. A byte 1 for each node that is a main claim (one byte a node). For a
    writer that has its own graph as positions (Kialo's Pro/Con view of a map)."""
    leaving = bytearray(n)  # 1: an edge out
    deque(map(leaving.__setitem__, src, repeat(1)), maxlen=0)
    entered = bytearray(n)  # 1: an edge in
    deque(map(entered.__setitem__, dst, repeat(1)), maxlen=0)

    # walk backwards from the nodes with no edge out
    pred: list[list[int]] = [[] for _ in range(n)]
    deque(map(list.append, map(pred.__getitem__, dst), src), maxlen=0)
    reached = bytearray(map(not_, leaving))
    frontier = list(compress(range(n), reached))
    while frontier:
        step = set(_flatten(map(pred.__getitem__, frontier)))
        frontier = list(filterfalse(reached.__getitem__, step))
        deque(map(reached.__setitem__, frontier, repeat(1)), maxlen=0)
    del pred

    is_root = bytearray(map(gt, entered, leaving))  # something argues about it, it about nothing
    if reached.count(0):
        closed = _closed_positions(reached, src, dst, conflict)
        deque(map(is_root.__setitem__, closed, repeat(1)), maxlen=0)
    del is_root[n_nodes:]
    if not is_root.count(1):
        return bytearray(map(not_, leaving[:n_nodes]))
    return is_root


_Edges = tuple[list[str], int, list[int], list[int], bytearray]
"""The node ids (statements, arguments, then other ids named), how many are nodes, every
edge as a source and a target position, and a byte 1 an edge of a conflict (a relation
that is not a support)."""


def _argument_ends(amap: ArgumentMap) -> tuple[list[str], list[int], list[int], list[str]]:
    """The arguments' edges (a premise to its argument, an argument to its conclusion):
    the premises' ids, the position of the argument of each (statements, then
    arguments), the positions of the arguments with a conclusion and the conclusions'
    ids. Only the premises and conclusions are left to look up."""
    arguments = amap._arguments
    args = list(arguments.values())
    premises = list(map(_premises, args))
    conclusions = list(map(_conclusion, args))
    concluded = [c is not None for c in conclusions]
    at = range(len(amap._statements), len(amap._statements) + len(args))
    return (
        list(_flatten(premises)),
        list(_flatten(map(repeat, at, map(len, premises)))),
        list(compress(at, concluded)),
        list(compress(conclusions, concluded)),
    )


def _numbered(
    ids: list[str], tails: list[str], heads: list[str], relations: Mapping[str, object]
) -> tuple[list[int], list[int]] | None:
    """``tails`` and ``heads`` as positions in ``ids``, which the ids that are not there
    are appended to (in the order first named); None when one of them is a relation."""
    num = dict(zip(ids, range(len(ids)), strict=True))
    src: list[int] = list(map(num.get, tails))  # type: ignore[arg-type]  # None: checked
    dst: list[int] = list(map(num.get, heads))  # type: ignore[arg-type]
    if None in src or None in dst:  # ids that are not nodes (dangling)
        missing = chain(
            compress(tails, map(is_, src, repeat(None))),
            compress(heads, map(is_, dst, repeat(None))),
        )
        extra = list(dict.fromkeys(missing))
        if not relations.keys().isdisjoint(extra):
            return None  # a relation id used as a node (a source, premise or conclusion)
        num.update(zip(extra, range(len(ids), len(ids) + len(extra)), strict=True))
        ids += extra
        src = list(map(num.__getitem__, tails))
        dst = list(map(num.__getitem__, heads))
    return src, dst


def _with_kinds(kinds: Sequence[RelationKind], tails: list[_T], heads: list[_T]) -> bytearray:
    """A byte 1 an edge of a conflict (each relation of ``kinds``, from ``tails[k]`` to
    ``heads[k]``, that is not a support); a contradiction's edge back is appended to
    ``tails`` and ``heads`` (and a 0 to the flags)."""
    from ._model import RelationKind

    conflict = bytearray(map(is_not, kinds, repeat(RelationKind.SUPPORT)))
    is_contra = list(map(is_, kinds, repeat(RelationKind.CONTRADICTION)))
    if True in is_contra:
        back = list(compress(heads, is_contra))
        heads += compress(tails, is_contra)
        tails += back
        conflict += bytearray(len(back))
    return conflict


def _table_edges(amap: ArgumentMap) -> _Edges | None:
    """The edges of a map whose relations are still a reader's table: its columns are
    positions in its nodes (map nodes, the caller of ``_add_columns`` guarantees), so
    only the arguments' ends are looked up."""
    from ._model import RelationKind

    table = amap._table
    assert table is not None
    ids = [*amap._statements, *amap._arguments]
    n_nodes = len(ids)
    nodes = table.nodes
    if len(nodes) == n_nodes and list(nodes) == ids:
        src, dst = list(table.sources), list(table.targets)
    else:
        num = dict(zip(ids, range(n_nodes), strict=True))
        at: list[int] = list(map(num.get, nodes))  # type: ignore[arg-type]  # None: checked
        if None in at:
            return None
        src = list(map(at.__getitem__, table.sources))
        dst = list(map(at.__getitem__, table.targets))
    kinds = table.kinds
    support, contradiction = RelationKind.SUPPORT, RelationKind.CONTRADICTION
    if isinstance(kinds, RelationKind):
        conflict = bytearray([kinds is not support]) * len(src)
        if kinds is contradiction:
            src, dst = src + dst, dst + src
            conflict *= 2
    else:
        conflict = _with_kinds(kinds, src, dst)
    premises, of_premise, concluding, conclusions = _argument_ends(amap)
    if premises or conclusions:
        ends = _numbered(ids, premises, conclusions, {})
        assert ends is not None  # (no relation id can be named: they are all in the table)
        src += ends[0]
        dst += of_premise
        src += concluding
        dst += ends[1]
        conflict += bytearray(len(premises) + len(conclusions))
    return ids, n_nodes, src, dst, conflict


def _relation_edges(amap: ArgumentMap) -> _Edges | None:
    """The edges of a map whose relations are objects: from each relation's source to
    what it is about (the end of a chain of undercuts of links), back along a
    contradiction, and the arguments' ends."""

    relations = amap._relations
    rels = list(relations.values())

    # undercuts of links: a relation about a relation is about the end of its chain
    targets = list(map(_target, rels))
    linked = relations.keys() & set(targets)
    resolved: dict[str, str] = {}
    for rid in linked:
        target, seen = relations[rid].target, {rid}
        while target in relations:
            if target in seen:
                return None  # relations about each other in a circle
            seen.add(target)
            target = relations[target].target
        resolved[rid] = target
    if resolved:
        targets = list(map(resolved.get, targets, targets))

    tails: list[str] = list(map(_source, rels))
    heads: list[str] = targets
    conflict = _with_kinds(list(map(_kind, rels)), tails, heads)
    premises, of_premise, concluding, conclusions = _argument_ends(amap)
    n_rel = len(tails)
    conflict += bytearray(len(premises) + len(conclusions))

    ids = [*amap._statements, *amap._arguments]
    n_nodes = len(ids)
    ends = _numbered(ids, tails + premises, heads + conclusions, relations)
    if ends is None:
        return None
    tail_at, head_at = ends
    src = tail_at + concluding
    dst = head_at[:n_rel] + of_premise + head_at[n_rel:]
    return ids, n_nodes, src, dst, conflict


def _closed_positions(
    reached: bytearray, src: list[int], dst: list[int], conflict: bytearray
) -> list[int]:
    """Of the nodes not ``reached`` (those that cannot reach a node without an edge
    out), the members of the components with no edge leaving them that are one node or
    hold a conflict (an edge of ``conflict`` inside the component)."""
    # the edges out of a stuck node (their targets are stuck too)
    inner = list(compress(range(len(src)), map(not_, map(reached.__getitem__, src))))
    stuck = list(compress(range(len(reached)), map(not_, reached)))
    local = dict(zip(stuck, range(len(stuck)), strict=True))
    succ: list[list[int]] = [[] for _ in stuck]
    tails = list(map(local.__getitem__, map(src.__getitem__, inner)))
    heads = list(map(local.__getitem__, map(dst.__getitem__, inner)))
    deque(map(list.append, map(succ.__getitem__, tails), heads), maxlen=0)
    comp = scc_ids(succ)
    n_comp = max(comp, default=-1) + 1
    size = [0] * n_comp
    for c in comp:
        size[c] += 1
    open_ = [False] * n_comp  # an edge leads out of it (into another closed circle)
    rivals = [False] * n_comp
    for s, t, c in zip(tails, heads, map(conflict.__getitem__, inner), strict=True):
        if comp[s] != comp[t]:
            open_[comp[s]] = True
        elif c:
            rivals[comp[s]] = True
    return [
        x for x, c in zip(stuck, comp, strict=True) if not open_[c] and (size[c] == 1 or rivals[c])
    ]
