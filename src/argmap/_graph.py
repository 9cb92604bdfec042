"""Small graph algorithms over id adjacency lists, shared by the model and validation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

__all__ = ["strongly_connected_components"]


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
