"""Conformance checks and hypothesis strategies for plugin authors.

Every reader and renderer — argmap's own and a stranger's — should pass the same
checks. Use them from your plugin's tests::

    from argmap.testing import assert_reader_robust, assert_round_trip, maps
    from hypothesis import given

    def test_my_reader_never_crashes():
        assert_reader_robust(MyReader(), seeds=[EXAMPLE_TEXT])

    @given(maps())
    def test_round_trip(amap):
        assert_round_trip(amap, MyRenderer(), MyReader(), normalize=drop_tags)

``normalize`` is where a format's documented loss lives: a function from map to map
that removes what the format cannot carry. It is applied to both maps, the original and
the one read back, before they are compared (so it may also undo what the reader adds).

This module needs ``hypothesis`` (install ``argmap[test]``).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ._errors import ArgmapError
from ._model import (
    Argument,
    ArgumentMap,
    Group,
    Relation,
    RelationKind,
    Source,
    Statement,
    StatementKind,
    relation_id,
)
from ._serialize import dumps
from .plugin import Reader, Renderer

__all__ = [
    "assert_maps_equal",
    "assert_reader_robust",
    "assert_round_trip",
    "drop_locations",
    "maps",
    "sources",
    "texts",
]

_SAFE_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"
)


def texts(*, min_size: int = 1, max_size: int = 60, plain: bool = False) -> st.SearchStrategy[str]:
    """Statement texts: any printable unicode (``plain``: letters, digits and spaces only),
    without leading/trailing white space."""
    alphabet = st.sampled_from(string.ascii_letters + string.digits + " ") if plain else _SAFE_CHARS
    return (
        st.text(alphabet, min_size=min_size, max_size=max_size)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: len(s) >= min_size)
    )


_ids = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12).filter(
    lambda s: s[0].isalnum()
)
_tag = st.text(string.ascii_lowercase, min_size=1, max_size=8)
_meta_values = st.one_of(
    st.none(), st.booleans(), st.integers(-1000, 1000), texts(max_size=20, plain=True)
)
_meta = st.dictionaries(
    st.text(string.ascii_lowercase, min_size=1, max_size=8), _meta_values, max_size=2
)


def sources(*, plain: bool = False) -> st.SearchStrategy[Source]:
    """Cited sources with a title and, sometimes, the other fields."""

    def opt(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
        return st.none() | strategy

    return st.builds(
        Source,
        title=texts(max_size=30, plain=plain),
        author=opt(texts(max_size=20, plain=plain)),
        url=opt(st.sampled_from(["https://example.org/a", "https://example.com/b?x=1&y=2"])),
        published=opt(st.sampled_from(["2023-05-11", "2024-04", "2024"])),
        publisher=opt(texts(max_size=20, plain=plain)),
        quote=opt(texts(max_size=40, plain=plain)),
        locator=opt(st.sampled_from(["p. 3", "para 2", "comment 17"])),
    )


@st.composite
def maps(
    draw: st.DrawFn,
    *,
    max_statements: int = 8,
    max_relations: int = 10,
    kinds: Iterable[RelationKind] = tuple(RelationKind),
    evidence: bool = True,
    arguments: bool = True,
    groups: bool = True,
    tags: bool = True,
    meta: bool = True,
    plain: bool = False,
    titles: bool = True,
) -> ArgumentMap:
    """Random well-formed maps: every reference resolves, ids are unique.

    Switch features off for formats that cannot carry them:

    - ``max_statements`` / ``max_relations``: at most this many statements / relations;
    - ``kinds``: the relation kinds drawn (default: every :class:`~argmap.RelationKind`),
      e.g. ``kinds=[RelationKind.SUPPORT, RelationKind.ATTACK]``;
    - ``evidence``: evidence statements with :func:`sources`; ``arguments``: arguments
      (premises jointly supporting a conclusion); ``groups``: groups of nodes;
      ``tags``: tags on nodes and relations; ``meta``: free metadata;
    - ``titles``: statements with titles besides their text;
    - ``plain``: texts of letters, digits and spaces only (see :func:`texts`).
    """
    kinds = tuple(kinds)
    amap = ArgumentMap(
        draw(st.none() | texts(max_size=30, plain=plain)),
        description=draw(st.none() | texts(max_size=40, plain=plain)),
        meta=draw(_meta) if meta else None,
    )
    group_ids: list[str] = []
    if groups:
        for i, title in enumerate(draw(st.lists(texts(max_size=20, plain=plain), max_size=3))):
            parent = draw(st.none() | st.sampled_from(group_ids)) if group_ids else None
            amap.add(Group(id=f"g{i}", title=title, parent=parent))
            group_ids.append(f"g{i}")
    n = draw(st.integers(1, max_statements))
    statement_ids: list[str] = []
    for i in range(n):
        is_ev = evidence and draw(st.booleans())
        sid = f"s{i}-" + draw(_ids)
        amap.add(
            Statement(
                id=sid,
                text=draw(texts(plain=plain)),
                kind=StatementKind.EVIDENCE if is_ev else StatementKind.CLAIM,
                title=draw(st.none() | texts(max_size=20, plain=plain)) if titles else None,
                sources=tuple(draw(st.lists(sources(plain=plain), min_size=1, max_size=2)))
                if is_ev
                else (),
                tags=draw(st.lists(_tag, max_size=2)) if tags else (),
                group=draw(st.none() | st.sampled_from(group_ids)) if group_ids else None,
                meta=draw(_meta) if meta else {},
            )
        )
        statement_ids.append(sid)
    node_ids = list(statement_ids)
    if arguments and n >= 2:
        for j in range(draw(st.integers(0, 2))):
            conclusion = draw(st.sampled_from(statement_ids))
            others = [s for s in statement_ids if s != conclusion]
            premises = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
            aid = f"a{j}"
            amap.add(
                Argument(
                    id=aid,
                    premises=tuple(premises),
                    conclusion=conclusion,
                    title=draw(st.none() | texts(max_size=20, plain=plain)) if titles else None,
                    text=draw(st.none() | texts(max_size=30, plain=plain)),
                    tags=draw(st.lists(_tag, max_size=2)) if tags else (),
                    group=draw(st.none() | st.sampled_from(group_ids)) if group_ids else None,
                )
            )
            node_ids.append(aid)
    for _ in range(draw(st.integers(0, max_relations))):
        kind = draw(st.sampled_from(kinds))
        src = draw(st.sampled_from(node_ids))
        if kind is RelationKind.UNDERCUT:
            targets = [a for a in amap.arguments] + [
                r.id for r in amap.relations.values() if r.kind is RelationKind.SUPPORT
            ]
            if not targets:
                continue
            tgt = draw(st.sampled_from(targets))
        else:
            tgt = draw(st.sampled_from([x for x in node_ids if x != src] or node_ids))
        if src == tgt:
            continue
        rid = relation_id(kind, src, tgt)
        if rid in amap:
            continue
        amap.add(Relation(id=rid, kind=kind, source=src, target=tgt))
    return amap


def drop_locations(amap: ArgumentMap) -> ArgumentMap:
    """A copy of ``amap`` (locations never take part in equality; this is the identity
    ``normalize``, useful as a starting point for your own)."""
    from ._serialize import loads

    return loads(dumps(amap))


def _describe_difference(a: ArgumentMap, b: ArgumentMap) -> str:
    lines = []
    for attr in ("title", "description", "meta"):
        if getattr(a, attr) != getattr(b, attr):
            lines.append(f"{attr}: {getattr(a, attr)!r} != {getattr(b, attr)!r}")
    for table in ("statements", "arguments", "relations", "groups"):
        ta, tb = getattr(a, table), getattr(b, table)
        for key in ta.keys() - tb.keys():
            lines.append(f"{table}: {key!r} missing after the round trip")
        for key in tb.keys() - ta.keys():
            lines.append(f"{table}: {key!r} appeared in the round trip")
        for key in ta.keys() & tb.keys():
            if ta[key] != tb[key]:
                da, db = attrs.asdict(ta[key]), attrs.asdict(tb[key])
                diff = {k: (da[k], db.get(k)) for k in da if da[k] != db.get(k)}
                lines.append(f"{table}[{key!r}] differs: {diff}")
    return "\n".join(lines[:20])


def assert_maps_equal(expected: ArgumentMap, actual: ArgumentMap) -> None:
    """Assert two maps are equal, with a readable account of the differences."""
    if expected != actual:
        raise AssertionError("maps differ:\n" + _describe_difference(expected, actual))


def assert_round_trip(
    amap: ArgumentMap,
    renderer: Renderer,
    reader: Reader,
    *,
    normalize: Callable[[ArgumentMap], ArgumentMap] | None = None,
    **render_options: Any,
) -> ArgumentMap:
    """Render ``amap`` with ``renderer`` (with ``render_options``), parse the output back
    with ``reader``, and assert ``normalize(amap) == normalize(read_back)``: ``normalize``
    (the format's documented loss) is applied to both maps, the original and the one read
    back. Without ``normalize`` the maps are compared as they are. Returns the map read back
    (not normalized)."""
    out = renderer.render(amap, **render_options)
    text = out.decode("utf-8") if isinstance(out, bytes) else out
    back = reader.parse(text, path=None)
    expected = normalize(amap) if normalize is not None else amap
    actual = normalize(back) if normalize is not None else back
    assert_maps_equal(expected, actual)
    return back


def _mutations(seed: str) -> st.SearchStrategy[str]:
    if not seed:
        return st.just(seed)

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        text = seed
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, len(text)))
            op = draw(st.sampled_from(["insert", "delete", "cut", "dup"]))
            if op == "insert":
                text = text[:i] + draw(st.text(max_size=5)) + text[i:]
            elif op == "delete":
                j = draw(st.integers(i, min(len(text), i + 10)))
                text = text[:i] + text[j:]
            elif op == "cut":
                text = text[:i]
            else:
                text = text[:i] + text[i:] + text[i:]
        return text

    return mutate()


def assert_reader_robust(
    reader: Reader,
    *,
    seeds: Iterable[str] = (),
    max_examples: int = 200,
    path: str | None = "input",
) -> None:
    """Feed ``reader`` arbitrary text and mutations of the ``seeds`` (valid examples of
    its format) and assert it raises nothing but :class:`~argmap.ArgmapError`.

    Runs a hypothesis search itself; call it from a plain test function.
    """
    seed_list = list(seeds)
    candidates: st.SearchStrategy[str] = st.text(max_size=300)
    if seed_list:
        candidates = candidates | st.sampled_from(seed_list).flatmap(_mutations)

    @settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(candidates)
    def run(text: str) -> None:
        try:
            result = reader.parse(text, path=path)
        except ArgmapError:
            return
        if not isinstance(result, ArgumentMap):
            raise AssertionError(
                f"{type(reader).__name__}.parse returned {type(result).__name__}, not ArgumentMap"
            )

    run()
