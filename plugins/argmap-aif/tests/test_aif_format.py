"""argmap-aif: registration, round trips of generated maps, robustness, located errors."""

from __future__ import annotations

import json
from importlib.metadata import version
from typing import Any

import attrs
import pytest
from argmap_aif import AIFReader, AIFRenderer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapError, ArgmapSyntaxError, ArgumentMap, RelationKind
from argmap.testing import assert_reader_robust, assert_round_trip, maps

SMALL_AIF = {
    "nodes": [
        {"nodeID": 1, "text": "We should cycle to work", "type": "I"},
        {"nodeID": 2, "text": "Cycling is healthy", "type": "I"},
        {"nodeID": 3, "text": "It keeps you fit", "type": "I"},
        {
            "nodeID": 4,
            "text": "Default Inference",
            "type": "RA",
            "scheme": "Argument from Consequences",
        },
        {"nodeID": 5, "text": "Roads are dangerous", "type": "I"},
        {"nodeID": 6, "text": "Default Conflict", "type": "CA"},
        {"nodeID": 7, "text": "Helmets exist", "type": "I"},
        {"nodeID": 8, "text": "Default Conflict", "type": "CA"},
        {"nodeID": 9, "text": "Bob: cycling is healthy", "type": "L"},
        {"nodeID": 10, "text": "Asserting", "type": "YA"},
        {"nodeID": 11, "text": "It is fun", "type": "I"},
        {"nodeID": 12, "type": "RA"},
        {"nodeID": 13, "text": "Default Rephrase", "type": "MA"},
    ],
    "edges": [
        {"edgeID": 1, "fromID": 2, "toID": 4},
        {"edgeID": 2, "fromID": 3, "toID": 4},
        {"edgeID": 3, "fromID": 4, "toID": 1},
        {"edgeID": 4, "fromID": 5, "toID": 6},
        {"edgeID": 5, "fromID": 6, "toID": 1},
        {"edgeID": 6, "fromID": 7, "toID": 8},
        {"edgeID": 7, "fromID": 8, "toID": 4},
        {"edgeID": 8, "fromID": 9, "toID": 10},
        {"edgeID": 9, "fromID": 10, "toID": 2},
        {"edgeID": 10, "fromID": 11, "toID": 12},
        {"edgeID": 11, "fromID": 12, "toID": 1},
        {"edgeID": 12, "fromID": 3, "toID": 13},
        {"edgeID": 13, "fromID": 13, "toID": 2},
    ],
    "locutions": [{"nodeID": 9, "personID": 3}],
    "participants": [{"participantID": 3, "firstname": "Bob", "surname": "Smith"}],
}


def small() -> ArgumentMap:
    return AIFReader().parse(json.dumps(SMALL_AIF, indent=1))


def test_registered_through_entry_points_with_distribution_and_version() -> None:
    found = {(p.kind, p.name): p for p in argmap.plugins()}
    for kind in ("reader", "renderer"):
        info = found[(kind, "aif")]
        assert info.distribution == "argmap-aif"
        assert info.version == version("argmap-aif")
        assert info.status == "ok"
        assert ".aif" in info.extensions
    assert isinstance(argmap.get_reader("aif"), AIFReader)
    assert isinstance(argmap.get_renderer("aifdb"), AIFRenderer)


def test_mapping_of_a_small_document() -> None:
    amap = small()
    assert set(amap.statements) == {"1", "2", "3", "5", "7", "11"}
    arg = amap.arguments["4"]
    assert arg.premises == ("2", "3")
    assert arg.conclusion == "1"
    assert arg.meta["aif"]["scheme"] == "Argument from Consequences"
    assert amap.relations["6"].kind is RelationKind.ATTACK
    assert (amap.relations["6"].source, amap.relations["6"].target) == ("5", "1")
    undercut = amap.relations["8"]
    assert undercut.kind is RelationKind.UNDERCUT
    assert undercut.target == "4"
    support = amap.relations["12"]
    assert (support.kind, support.source, support.target) == (RelationKind.SUPPORT, "11", "1")
    assert "aif" not in support.meta  # default text, nothing else to keep
    loc = amap.statements["2"].meta["aif_locutions"]
    assert loc == [
        {"nodeID": "9", "text": "Bob: cycling is healthy", "personID": "3", "speaker": "Bob Smith"}
    ]
    assert amap.meta["aif"]["int_ids"] is True
    assert {n["type"] for n in amap.meta["aif"]["nodes"]} == {"L", "YA", "MA"}
    assert amap.statements["3"].meta["aif_rephrases"] == ["2"]


def test_writer_restores_ids_types_and_dialogue() -> None:
    out = json.loads(AIFRenderer().render(small()))
    before = {n["nodeID"]: n for n in SMALL_AIF["nodes"]}  # type: ignore[union-attr]
    after = {n["nodeID"]: n for n in out["nodes"]}
    assert after.keys() == before.keys()  # integer ids come back as integers
    for key, node in before.items():
        assert after[key]["type"] == node["type"]
        assert after[key]["text"] == node.get("text", "Default Inference")
    assert after[4]["scheme"] == "Argument from Consequences"
    pairs = {(e["fromID"], e["toID"]) for e in out["edges"]}
    assert pairs == {(e["fromID"], e["toID"]) for e in SMALL_AIF["edges"]}  # type: ignore[union-attr]
    assert out["participants"] == SMALL_AIF["participants"]
    assert "argmap" not in out  # nothing the AIF could not say


# --------------------------------------------------------------------- round trips


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_round_trip_with_extensions_is_lossless(amap: ArgumentMap) -> None:
    assert_round_trip(amap, AIFRenderer(), AIFReader())


def plain_aif_loss(amap: ArgumentMap) -> ArgumentMap:
    """What plain AIF (``extensions=False``) loses of maps drawn without evidence,
    arguments, groups, tags, titles and metadata: the map's title and description, and
    the symmetry of contradiction (read back as an attack)."""
    out = ArgumentMap()
    for s in amap.statements.values():
        out.add(s)
    for r in amap.relations.values():
        if r.kind is RelationKind.CONTRADICTION:
            r = attrs.evolve(r, kind=RelationKind.ATTACK)
        out.add(r)
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(evidence=False, arguments=False, groups=False, tags=False, meta=False, titles=False))
def test_round_trip_of_plain_aif_loses_only_what_is_documented(amap: ArgumentMap) -> None:
    back = assert_round_trip(
        amap, AIFRenderer(), AIFReader(), normalize=plain_aif_loss, extensions=False
    )
    assert back.title is None
    doc = json.loads(AIFRenderer().render(amap, extensions="false"))
    assert "argmap" not in doc
    assert all("argmap" not in n for n in doc["nodes"])


def test_plain_aif_drops_the_extras() -> None:
    amap = ArgumentMap("Title")
    g = amap.group("Section")
    ev = amap.evidence("Studies show it", argmap.Source(title="A study"), tags="x", group=g)
    c = amap.claim("Cycling is healthy")
    amap.contradict(ev, c)
    back = AIFReader().parse(AIFRenderer().render(amap, extensions=False))
    assert back.title is None
    assert not back.groups
    assert back.statements[ev.id].sources == ()
    assert back.statements[ev.id].tags == ()
    assert [r.kind for r in back.relations.values()] == [RelationKind.ATTACK]
    # with the extension, all of it comes back
    assert AIFReader().parse(AIFRenderer().render(amap)) == amap


def test_plain_aif_loses_the_shape_of_one_premise_arguments() -> None:
    """Documented: without the extension a one-premise argument reads back as a support
    relation, and a relation from an argument that its node cannot carry (an attack
    from an RA) as an argument without premises."""
    amap = ArgumentMap()
    p, c, x = amap.claim("p", "p"), amap.claim("c", "c"), amap.claim("x", "x")
    arg = amap.argument([p], c, id="arg")
    amap.rebut(arg, x)
    back = AIFReader().parse(AIFRenderer().render(amap, extensions=False))
    assert back.relations["arg"].kind is RelationKind.SUPPORT
    assert (back.relations["arg"].source, back.relations["arg"].target) == ("p", "c")
    attack_id = "arg -attack-> x"
    assert back.arguments[attack_id].premises == ()
    assert AIFReader().parse(AIFRenderer().render(amap)) == amap


def test_renderer_rejects_unknown_options() -> None:
    with pytest.raises(argmap.RenderError, match="no option"):
        AIFRenderer().render(small(), colour="red")
    with pytest.raises(argmap.RenderError, match="true or false"):
        AIFRenderer().render(small(), extensions="maybe")


# --------------------------------------------------------------------- robustness, errors


def test_reader_robust_on_arbitrary_and_mutated_text() -> None:
    seeds = [json.dumps(SMALL_AIF), AIFRenderer().render(small())]
    assert_reader_robust(AIFReader(), seeds=seeds, max_examples=300)


_json_scalars = st.none() | st.booleans() | st.integers(-3, 12) | st.text(max_size=4)
_json = st.recursive(
    _json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
_ids = st.integers(1, 6) | st.sampled_from(["1", "2", "x"]) | _json_scalars
_ext = st.fixed_dictionaries(
    {},
    optional={
        "element": st.sampled_from(["argument", "relation", "x"]) | _json,
        "kind": st.sampled_from(["support", "attack", "undercut", "evidence", "claim"]) | _json,
        "source": _ids,
        "conclusion": _ids,
        "sources": st.lists(st.dictionaries(st.sampled_from(["title", "url", "x"]), _json_scalars)),
        "tags": _json,
        "meta": _json,
        "title": _json_scalars,
    },
)
_node = st.fixed_dictionaries(
    {"nodeID": _ids, "type": st.sampled_from(["I", "L", "RA", "CA", "YA", "MA"]) | _json_scalars},
    optional={"text": _json_scalars, "argmap": _ext | _json},
)
_edge = st.fixed_dictionaries({"fromID": _ids, "toID": _ids}, optional={"edgeID": _ids})
_doc = st.fixed_dictionaries(
    {"nodes": st.lists(_node, max_size=8) | _json, "edges": st.lists(_edge, max_size=10) | _json},
    optional={
        "locutions": _json,
        "participants": _json,
        "argmap": st.fixed_dictionaries(
            {}, optional={"groups": _json, "title": _json_scalars, "meta": _json}
        )
        | _json,
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_doc)
def test_reader_raises_only_argmap_errors_on_odd_structures(doc: dict[str, Any]) -> None:
    try:
        amap = AIFReader().parse(json.dumps(doc))
    except ArgmapError:
        return
    # what was read can be written and read again
    AIFReader().parse(AIFRenderer().render(amap))


def test_malformed_json_is_located() -> None:
    text = '{\n  "nodes": [\n    {"nodeID": 1, "type": "I",}\n  ]\n}\n'
    with pytest.raises(ArgmapSyntaxError) as info:
        AIFReader().parse(text, path="broken.json")
    err = info.value
    assert err.path == "broken.json"
    assert err.line == 3
    assert err.column is not None
    assert str(err).startswith("broken.json:3:")


@pytest.mark.parametrize(
    ("doc", "where", "line"),
    [
        ('{\n"nodes": [\n{"nodeID": 1, "type": "I"},\n{"type": "I"}\n]}', "$.nodes[1].nodeID", 4),
        ('{\n"nodes": [\n{"nodeID": 1,\n "type": 7}\n]}', "$.nodes[0].type", 4),
        (
            '{"nodes": [], "edges": [\n{"fromID": 1, "toID": 2},\n{"fromID": 1.5, "toID": 2}]}',
            "$.edges[1].fromID",
            3,
        ),
        (
            '{"nodes": [\n{"nodeID": "a", "type": "I"},\n{"nodeID": "a", "type": "I"}]}',
            "$.nodes[1].nodeID",
            3,
        ),
        ('{"nodes": {"a": 1}}', "$.nodes", 1),
        ("[1, 2]", "$", 1),
        ('{"nodes": [\n{"nodeID": "a", "type": "I", "text": 5}]}', "$.nodes[0].text", 2),
        (
            '{"nodes": [\n{"nodeID": "a", "type": "I",\n "argmap": {"tags": "x"}}]}',
            "$.nodes[0].argmap.tags",
            3,
        ),
        ('{"AIF": {"nodes": [\n{"nodeID": "a", "type": null}]}}', "$.AIF.nodes[0].type", 2),
    ],
)
def test_structural_errors_name_the_json_path_and_line(doc: str, where: str, line: int) -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        AIFReader().parse(doc, path="bad.json")
    err = info.value
    assert where in err.message
    assert err.line == line
    assert err.source_line is not None


@pytest.mark.parametrize("clash_first", [True, False])
def test_a_derived_relation_id_taken_by_a_node_is_located_at_the_later_one(
    clash_first: bool,
) -> None:
    """An inference with two targets makes a relation ``"r -support-> d"``; a statement
    with that id is an error located at whichever of the two comes later in the file."""
    nodes: list[dict[str, Any]] = [
        {"nodeID": x, "type": "I", "text": x} for x in ("a", "b", "c", "d")
    ]
    clash = {"nodeID": "r -support-> d", "type": "I", "text": "clash"}
    nodes.append({"nodeID": "r", "type": "RA", "text": "Default Inference"})
    if clash_first:
        nodes.insert(0, clash)
    else:
        nodes.append(clash)
    edges = [
        {"fromID": "a", "toID": "r"},
        {"fromID": "b", "toID": "r"},
        {"fromID": "r", "toID": "c"},
        {"fromID": "r", "toID": "d"},
    ]
    text = json.dumps({"nodes": nodes, "edges": edges}, indent=1)
    with pytest.raises(ArgmapSyntaxError, match=r"duplicate id 'r -support-> d'") as info:
        argmap.parse(text, "aif")
    node = "'r'" if clash_first else "'r -support-> d'"
    assert f"(node {node}) at $.nodes[5]" in str(info.value)


@pytest.mark.parametrize("clash_first", [True, False])
@pytest.mark.parametrize("clash", ["I", "relation", "argument", "twice"])
def test_a_taken_derived_relation_id_is_the_error_the_general_loop_gives(
    clash_first: bool, clash: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A derived relation id taken by a statement, a relation, an argument or another
    derived relation: the shortcut for plain documents gives the general loop's error."""
    import argmap_aif._reader as reader

    rid = "r -support-> d"
    nodes: list[dict[str, Any]] = [
        {"nodeID": x, "type": "I", "text": x} for x in ("a", "b", "c", "d")
    ]
    nodes.append({"nodeID": "r", "type": "RA", "text": "Default Inference"})
    edges = [
        {"fromID": "a", "toID": "r"},
        {"fromID": "b", "toID": "r"},
        {"fromID": "r", "toID": "c"},
        {"fromID": "r", "toID": "d"},
    ]
    if clash == "I":
        other = [{"nodeID": rid, "type": "I", "text": "clash"}]
    elif clash == "twice":  # two arguments make "r -support-> q -support-> d"
        other = [
            {"nodeID": "q -support-> d", "type": "I", "text": "a statement"},
            {"nodeID": "r -support-> q", "type": "RA"},
        ]
        edges.append({"fromID": "r", "toID": "q -support-> d"})
        edges += [{"fromID": x, "toID": "r -support-> q"} for x in ("a", "b")]
        edges += [{"fromID": "r -support-> q", "toID": y} for y in ("c", "d")]
    else:
        other = [{"nodeID": rid, "type": "CA"}]
        premises = ["a"] if clash == "relation" else ["a", "b"]
        edges += [{"fromID": x, "toID": rid} for x in premises]
        edges.append({"fromID": rid, "toID": "c"})
    nodes = other + nodes if clash_first else nodes + other
    text = json.dumps({"nodes": nodes, "edges": edges}, indent=1)

    def error() -> str:
        try:
            argmap.parse(text, "aif")
        except ArgmapSyntaxError as exc:
            return str(exc)
        return "no error"

    fast = error()
    monkeypatch.setattr(reader, "_add_plain", lambda *args: False)
    assert fast == error()
    assert "duplicate id" in fast


def test_ova_envelope_is_unwrapped_and_restored() -> None:
    doc = {"AIF": SMALL_AIF, "OVA": {"nodes": [], "edges": []}, "text": {"txt": "..."}}
    amap = AIFReader().parse(json.dumps(doc))
    assert len(amap.statements) == 6
    out = json.loads(AIFRenderer().render(amap))
    assert out["OVA"] == doc["OVA"]
    assert out["text"] == doc["text"]
    assert len(out["AIF"]["nodes"]) == len(SMALL_AIF["nodes"])


def test_sniff() -> None:
    reader = AIFReader()
    assert reader.sniff(json.dumps(SMALL_AIF)) >= 0.9
    assert reader.sniff(argmap.render(small(), "json")) == 0.0
    assert reader.sniff('{"nodes": [{"id": "x", "type": "atom"}], "edges": []}') == 0.0
    assert argmap.detect_format(text=json.dumps(SMALL_AIF)) == "aif"
