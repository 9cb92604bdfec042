"""main_claims over the map's indexes (argmap._graph.main_claim_ids, the path `argmap info`
takes) agrees with the integer-SCC definition (main_claim_indexes) on every shape: cycles,
rivals, contradictions, undercuts of links (and of undercuts), arguments, dangling ids,
removed relations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import Argument, ArgumentMap, Relation, RelationKind
from argmap._graph import main_claim_ids, main_claim_indexes

KINDS = list(RelationKind)


def _reference(amap: ArgumentMap) -> list[str]:
    nodes = [*amap._statements.values(), *amap._arguments.values()]
    index = {node.id: i for i, node in enumerate(nodes)}
    return [nodes[i].id for i in main_claim_indexes(amap, index)]


@st.composite
def shapes(draw: st.DrawFn) -> ArgumentMap:
    """Small maps of any shape the model accepts, references forward or dangling."""
    amap = ArgumentMap()
    n = draw(st.integers(1, 7))
    ids = [f"s{i}" for i in range(n)]
    for i in ids:
        amap.claim(i, id=i)
    arg_ids = [f"a{i}" for i in range(draw(st.integers(0, 3)))]
    names = ids + arg_ids + ["ghost"]  # "ghost" is never defined
    for a in arg_ids:
        premises = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
        conclusion = draw(st.none() | st.sampled_from(names))
        amap.add(Argument(id=a, premises=tuple(premises), conclusion=conclusion))
    rel_ids = [f"r{i}" for i in range(draw(st.integers(0, 12)))]
    for j, r in enumerate(rel_ids):
        kind = draw(st.sampled_from(KINDS))
        source = draw(st.sampled_from(names * 4 + rel_ids[:1]))  # rarely a link
        # an undercut may target a link (a relation), even a later one
        targets = names + (rel_ids if kind is RelationKind.UNDERCUT else [])
        target = draw(st.sampled_from(targets))
        if target == r:
            target = names[j % len(names)]
        amap.add(Relation(id=r, kind=kind, source=source, target=target))
    for r in draw(st.lists(st.sampled_from(rel_ids), max_size=2, unique=True)) if rel_ids else []:
        amap.remove_relation(r)  # leaves empty lists in the indexes
    return amap


@settings(max_examples=600, deadline=None)
@given(shapes())
def test_the_fast_main_claims_agree_with_the_integer_sccs(amap: ArgumentMap) -> None:
    fast = main_claim_ids(amap)
    if fast is not None:
        assert fast == _reference(amap)
    assert [n.id for n in amap.main_claims()] == _reference(amap)


def test_the_fast_path_takes_the_usual_shapes() -> None:
    m = ArgumentMap()
    for i in "abcdef":
        m.claim(i, id=i)
    m.support("b", "a")
    m.rebut("c", "a")
    m.contradict("d", "e")
    m.add(Argument(id="arg", premises=("f",), conclusion="a"))
    m.undercut("f", next(iter(m.relations)))
    assert main_claim_ids(m) == ["a", "d", "e"] == _reference(m)  # d, e: rivals
    # rivals in a circle of attacks, and a circle of mere support (not a position)
    m = ArgumentMap()
    for i in "xyzuv":
        m.claim(i, id=i)
    m.rebut("x", "y")
    m.rebut("y", "x")
    m.support("z", "x")
    m.support("u", "v")
    m.support("v", "u")
    assert main_claim_ids(m) == ["x", "y"] == _reference(m)


def test_a_relation_used_as_a_node_falls_back_to_the_general_path() -> None:
    m = ArgumentMap()
    m.claim("a", id="a")
    m.claim("b", id="b")
    rel = m.support("a", "b")
    m.add(Relation(id="odd", kind=RelationKind.ATTACK, source=rel.id, target="a"))
    assert main_claim_ids(m) is None
    assert [n.id for n in m.main_claims()] == _reference(m)


@st.composite
def tables(draw: st.DrawFn) -> tuple[ArgumentMap, ArgumentMap]:
    """The same map twice: its relations as a reader's table (nodes in any order, one
    kind for all or a kind a row) and as objects."""
    n = draw(st.integers(1, 8))
    ids = [f"s{i}" for i in range(n)]
    arg_ids = [f"a{i}" for i in range(draw(st.integers(0, 3)))]
    names = ids + arg_ids
    pairs = st.tuples(st.sampled_from(names), st.sampled_from(names))
    ends = draw(st.lists(pairs, max_size=14, unique=True))
    one_kind = draw(st.booleans())
    kinds = (
        [draw(st.sampled_from(KINDS))] * len(ends)
        if one_kind
        else [draw(st.sampled_from(KINDS)) for _ in ends]
    )
    order = draw(st.permutations(names))
    made = []
    for _ in range(2):
        amap = ArgumentMap()
        for i in ids:
            amap.claim(i, id=i)
        for a in arg_ids:
            premises = draw(st.lists(st.sampled_from([*names, "ghost"]), max_size=3, unique=True))
            conclusion = draw(st.none() | st.sampled_from([*names, "ghost"]))
            amap.add(Argument(id=a, premises=tuple(premises), conclusion=conclusion))
        made.append(amap)
    table, eager = made
    eager._arguments = dict(table._arguments)  # the same arguments in both
    at = {x: i for i, x in enumerate(order)}
    table._add_columns(
        order,
        kinds[0] if one_kind and kinds else kinds,
        [at[s] for s, _ in ends],
        [at[t] for _, t in ends],
    )
    eager.add_all(
        Relation(id=f"r{k}", kind=kind, source=s, target=t)
        for k, (kind, (s, t)) in enumerate(zip(kinds, ends, strict=True))
    )
    return table, eager


@settings(max_examples=400, deadline=None)
@given(tables())
def test_main_claims_of_a_relation_table_without_building_it(
    maps: tuple[ArgumentMap, ArgumentMap],
) -> None:
    table, eager = maps
    fast = main_claim_ids(table)
    assert table._table is not None or not eager.relations  # no Relation was built
    assert fast == main_claim_ids(eager) == _reference(eager)
