"""argmap-sadface: the SADFace examples, round trips, sources, robustness and errors."""

from __future__ import annotations

import json
import os
import re
import uuid
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from argmap_sadface import SADFaceReader, SADFaceRenderer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapError, ArgmapSyntaxError, ArgumentMap, RelationKind, Source
from argmap.testing import assert_reader_robust, assert_round_trip, maps

ROOT = Path(__file__).resolve().parents[3]


def corpus_path() -> Path | None:
    """The corpus: ``$ARGMAP_CORPUS``, default ``<repo>/../shared/corpus``."""
    setting = os.environ.get("ARGMAP_CORPUS", "")
    path = Path(setting) if setting else ROOT.parent / "shared" / "corpus"
    if not path.is_absolute():
        path = (ROOT / path).resolve()
    return path if (path / "sadface").is_dir() else None


CORPUS = corpus_path()
needs_corpus = pytest.mark.skipif(
    CORPUS is None,
    reason="SADFace corpus not found: set ARGMAP_CORPUS to the corpus folder (with sadface/)",
)


def example(name: str) -> Path:
    assert CORPUS is not None
    return CORPUS / "sadface" / name


def test_registered_through_entry_points_with_distribution_and_version() -> None:
    found = {(p.kind, p.name): p for p in argmap.plugins()}
    for kind in ("reader", "renderer"):
        info = found[(kind, "sadface")]
        assert info.distribution == "argmap-sadface"
        assert info.version == version("argmap-sadface")
        assert info.status == "ok"
    assert isinstance(argmap.get_reader("sadface"), SADFaceReader)


@needs_corpus
def test_hangback_matches_the_sadface_tools_own_dot() -> None:
    """The SADFace tool's DOT of hangback is an independent account of its structure."""
    amap = SADFaceReader().read(example("hangback.json"))
    dot = example("hangback.reference.dot").read_text(encoding="utf-8")
    labels = dict(re.findall(r'"([0-9a-f-]{36})" \[label="([^"]*)"\]', dot))
    arrows = re.findall(r'"([0-9a-f-]{36})" -> "([0-9a-f-]{36})"', dot)
    schemes = {i for i, label in labels.items() if label in ("support", "conflict")}
    atoms = set(labels) - schemes
    assert set(amap.statements) == atoms
    for sid in schemes:
        premises = {a for a, b in arrows if b == sid}
        (target,) = [b for a, b in arrows if a == sid]
        element = amap[sid]
        if labels[sid] == "support":
            assert isinstance(element, argmap.Argument)
            assert set(element.premises) == premises
            assert element.conclusion == target
        else:
            assert isinstance(element, argmap.Relation)
            assert element.kind is RelationKind.ATTACK
            assert {element.source} == premises
            assert element.target == target
    for s in amap.statements.values():
        assert " ".join(s.text.split()) == " ".join(labels[s.id].replace("\\n", " ").split())
    assert amap.title == "Hangback Example"
    assert amap.description is not None
    assert amap.description.startswith("An example SADFace document")
    assert amap.meta["sadface"]["metadata"]["core"]["analyst_name"] == "Simon Wells"


@needs_corpus
@pytest.mark.parametrize("name", ["hangback.json", "minimal.json"])
def test_examples_round_trip(name: str) -> None:
    reader, renderer = SADFaceReader(), SADFaceRenderer()
    amap = reader.read(example(name))
    out = renderer.render(amap)
    assert reader.parse(out) == amap
    original = json.loads(example(name).read_text(encoding="utf-8"))
    doc = json.loads(out)
    # the same node ids, texts and scheme names; edges between the same nodes
    assert {n["id"]: (n["type"], n.get("text"), n.get("name")) for n in doc["nodes"]} == {
        n["id"]: (n["type"], n.get("text"), n.get("name")) for n in original["nodes"]
    }
    pairs = {(e["source_id"], e["target_id"]) for e in doc["edges"]}
    assert pairs == {(e["source_id"], e["target_id"]) for e in original["edges"]}
    assert doc["metadata"]["core"] == original["metadata"]["core"]
    assert "argmap" not in doc["metadata"]


@needs_corpus
def test_detected_by_content() -> None:
    assert argmap.detect_format(example("hangback.json")) == "sadface"
    assert argmap.detect_format(example("minimal.json")) == "sadface"
    assert len(argmap.read(example("hangback.json")).statements) == 4


def _valid_sadface(doc: dict[str, Any]) -> None:
    """The checks of SADFace's own validator (0.2): UUID ids, node types, core metadata."""
    core = doc["metadata"]["core"]
    for key in ("analyst_email", "analyst_name", "created", "edited", "id", "version"):
        assert isinstance(core[key], str), key
    for block in doc["metadata"].values():
        assert isinstance(block, dict)
    ids = set()
    for n in doc["nodes"]:
        uuid.UUID(n["id"])
        ids.add(n["id"])
        assert n["type"] in ("atom", "scheme")
        if n["type"] == "atom":
            assert isinstance(n["text"], str)
            assert isinstance(n["sources"], list)
        else:
            assert isinstance(n["name"], str)
        assert "core" in n["metadata"]
    for e in doc["edges"]:
        assert set(e) == {"id", "source_id", "target_id"}
        uuid.UUID(e["id"])
        assert e["source_id"] in ids
        assert e["target_id"] in ids
    resources = {r["id"] for r in doc["resources"]}
    for n in doc["nodes"]:
        for src in n.get("sources", []):
            assert src["resource_id"] in resources


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_round_trip_is_lossless_and_output_valid(amap: ArgumentMap) -> None:
    assert_round_trip(amap, SADFaceRenderer(), SADFaceReader())
    out = SADFaceRenderer().render(amap)
    _valid_sadface(json.loads(out))
    assert SADFaceRenderer().render(amap) == out  # deterministic


def plain_sadface_loss(amap: ArgumentMap) -> ArgumentMap:
    """What plain SADFace (``extensions=False``) loses of maps drawn without arguments,
    groups, tags, titles and metadata: ids that are not UUIDs (replaced by UUIDs derived
    from them; statements are renamed here by their order of text), and the map's
    metadata (the reader keeps SADFace's core block, analyst and dates, there)."""
    order = sorted(amap.statements, key=lambda i: amap.statements[i].text)
    rename = {sid: f"s{n}" for n, sid in enumerate(order)}
    out = ArgumentMap(amap.title, description=amap.description)
    for sid in order:
        s = amap.statements[sid]
        out.add(argmap.Statement(rename[sid], s.text, kind=s.kind, sources=s.sources))
    for r in sorted(amap.relations.values(), key=lambda r: (rename[r.source], rename[r.target])):
        out.add(
            argmap.Relation(
                f"{rename[r.source]} {r.kind.value} {rename[r.target]}",
                r.kind,
                rename[r.source],
                rename[r.target],
            )
        )
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    maps(
        arguments=False,
        groups=False,
        tags=False,
        meta=False,
        titles=False,
        kinds=(RelationKind.SUPPORT, RelationKind.ATTACK, RelationKind.CONTRADICTION),
    )
)
def test_plain_sadface_loses_only_what_is_documented(amap: ArgumentMap) -> None:
    texts = [s.text for s in amap.statements.values()]
    if len(set(texts)) != len(texts):
        return  # the normalisation names statements by their text
    back = assert_round_trip(
        amap, SADFaceRenderer(), SADFaceReader(), normalize=plain_sadface_loss, extensions=False
    )
    assert all(str(uuid.UUID(i)) == i for i in back.statements)


def test_evidence_sources_become_resources() -> None:
    amap = ArgumentMap("Cycling")
    study = Source(
        title="Cycling and health",
        author="A. Author",
        url="https://example.org/a",
        published="2021",
        quote="cyclists live longer",
        locator="p. 3",
    )
    other = Source(
        title="Cycling and health",
        author="A. Author",
        url="https://example.org/a",
        published="2021",
        quote="fewer sick days",
        locator="offset 120",
    )
    ev = amap.evidence("Cyclists are healthier", [study, other], id="ev")
    claim = amap.claim("We should cycle", id="c")
    amap.support(ev, claim)
    doc = json.loads(SADFaceRenderer().render(amap, extensions=False))
    assert len(doc["resources"]) == 1  # one work, cited twice
    res = doc["resources"][0]
    assert res["metadata"]["core"] == {
        "title": "Cycling and health",
        "author": "A. Author",
        "url": "https://example.org/a",
        "published": "2021",
    }
    atom = next(n for n in doc["nodes"] if n.get("text") == "Cyclists are healthier")
    assert [s["text"] for s in atom["sources"]] == ["cyclists live longer", "fewer sick days"]
    assert atom["sources"][1]["offset"] == 120
    back = SADFaceReader().parse(json.dumps(doc))
    (ev_back,) = back.evidence_items
    assert ev_back.sources == (study, other)


def test_foreign_resources_become_sources() -> None:
    doc = {
        "metadata": {
            "core": {
                "analyst_name": "X",
                "analyst_email": "",
                "created": "",
                "edited": "",
                "id": "d",
                "version": "0.2",
            }
        },
        "resources": [
            {
                "id": "r1",
                "content": "The whole article text ...",
                "type": "text",
                "metadata": {
                    "core": {"url": "https://example.org/x", "doi": "10.1/2"},
                    "bib": {"title": "An article", "year": 2019},
                },
            }
        ],
        "nodes": [
            {
                "id": "a1",
                "type": "atom",
                "text": "Claim with a source",
                "metadata": {},
                "sources": [
                    {"resource_id": "r1", "text": "article text", "offset": 4, "length": 12}
                ],
            },
            {"id": "a2", "type": "atom", "text": "Conclusion", "metadata": {}, "sources": []},
            {"id": "a3", "type": "atom", "text": "Other", "metadata": {}, "sources": []},
            {
                "id": "s1",
                "type": "inference",
                "name": "Argument from Expert Opinion",
                "metadata": {},
            },
            {"id": "c1", "type": "conflict", "name": "disagree", "metadata": {}},
            {"id": "c2", "type": "conflict", "name": "attack", "metadata": {}},
        ],
        "edges": [
            {"id": "e1", "source_id": "a1", "target_id": "s1"},
            {"id": "e2", "source_id": "s1", "target_id": "a2"},
            {"id": "e3", "source_id": "a3", "target_id": "c1"},
            {"id": "e4", "source_id": "c1", "target_id": "a2"},
            {"id": "e5", "source_id": "a3", "target_id": "c2"},
            {"id": "e6", "source_id": "c2", "target_id": "s1"},
        ],
    }
    amap = SADFaceReader().parse(json.dumps(doc))
    (src,) = amap.statements["a1"].sources
    assert src == Source(
        title="An article",
        url="https://example.org/x",
        published="2019",
        quote="article text",
        locator="offset 4",
    )
    assert amap.statements["a1"].is_evidence
    assert amap.relations["s1"].kind is RelationKind.SUPPORT
    assert amap.relations["s1"].meta["sadface"]["name"] == "Argument from Expert Opinion"
    assert amap.relations["c1"].kind is RelationKind.CONTRADICTION
    assert amap.relations["c2"].kind is RelationKind.UNDERCUT
    assert amap.relations["c2"].target == "s1"
    assert amap.relations["c2"].meta["sadface"]["name"] == "attack"
    # written back: the resource keeps its content, the conflicts their names
    again = json.loads(SADFaceRenderer().render(amap))
    assert again["resources"] == doc["resources"]
    # ids that are not UUIDs are replaced by UUIDs, the original kept in argmap metadata
    names = {n["metadata"]["argmap"]["id"]: n.get("name") for n in again["nodes"]}
    assert names["c1"] == "disagree"
    assert names["c2"] == "attack"
    assert SADFaceReader().parse(json.dumps(again)) == amap


def test_reader_robust_on_arbitrary_and_mutated_text() -> None:
    amap = ArgumentMap("T")
    a = amap.evidence("Evidence", Source(title="S", quote="q"))
    b = amap.claim("Claim")
    amap.argument([a], b, id="arg")
    amap.undercut(amap.claim("Doubt"), "arg")
    seeds = [SADFaceRenderer().render(amap), SADFaceRenderer().render(amap, extensions=False)]
    assert_reader_robust(SADFaceReader(), seeds=seeds, max_examples=300)


_scalars = st.none() | st.booleans() | st.integers(-2, 5) | st.text(max_size=3)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
_ids = st.sampled_from(["a", "b", "c", "d"]) | _scalars
_meta = st.fixed_dictionaries(
    {},
    optional={
        "argmap": st.fixed_dictionaries(
            {},
            optional={
                k: _json | _ids
                for k in ("id", "kind", "element", "source", "conclusion", "tags", "meta", "title")
            },
        )
        | _json,
        "core": _json,
    },
)
_node = st.fixed_dictionaries(
    {"id": _ids, "type": st.sampled_from(["atom", "scheme", "conflict", "inference"]) | _scalars},
    optional={
        "text": _scalars,
        "name": st.sampled_from(["support", "conflict", "disagree"]) | _scalars,
        "metadata": _meta | _json,
        "sources": st.lists(
            st.fixed_dictionaries(
                {"resource_id": _ids},
                optional={"text": _scalars, "offset": _scalars, "locator": _scalars},
            )
        )
        | _json,
    },
)
_doc = st.fixed_dictionaries(
    {
        "nodes": st.lists(_node, max_size=6) | _json,
        "edges": st.lists(
            st.fixed_dictionaries({"id": _ids, "source_id": _ids, "target_id": _ids}), max_size=8
        )
        | _json,
    },
    optional={
        "resources": st.lists(st.fixed_dictionaries({"id": _ids}, optional={"metadata": _json}))
        | _json,
        "metadata": st.fixed_dictionaries({}, optional={"core": _json, "argmap": _json}) | _json,
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_doc)
def test_reader_raises_only_argmap_errors_on_odd_structures(doc: dict[str, Any]) -> None:
    try:
        amap = SADFaceReader().parse(json.dumps(doc))
    except ArgmapError:
        return
    SADFaceReader().parse(SADFaceRenderer().render(amap))


@pytest.mark.parametrize(
    ("doc", "where", "line"),
    [
        ('{"nodes": [\n{"id": "a", "type": "atom"},\n{"type": "atom"}]}', "$.nodes[1].id", 3),
        ('{"nodes": [\n{"id": "a",\n "type": 3}]}', "$.nodes[0].type", 3),
        (
            '{"nodes": [], "edges": [\n{"id": "e", "source_id": 1, "target_id": "b"}]}',
            "$.edges[0].source_id",
            2,
        ),
        (
            '{"nodes": [\n{"id": "a", "type": "atom", "text": "x",\n "sources": {}}]}',
            "$.nodes[0].sources",
            3,
        ),
        ('{"nodes": [], "metadata": {"core": {\n"title": 5}}}', "$.metadata.core.title", 2),
        ('{"sadface": {"nodes": [\n{"id": "", "type": "atom"}]}}', "$.sadface.nodes[0].id", 2),
    ],
)
def test_errors_name_the_json_path_and_line(doc: str, where: str, line: int) -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        SADFaceReader().parse(doc, path="bad.json")
    assert where in info.value.message
    assert info.value.line == line
    assert info.value.path == "bad.json"


def test_malformed_json_is_located() -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        SADFaceReader().parse('{"nodes": [\n  {"id": "a",]\n}', path="x.json")
    assert info.value.line == 2


def test_sniff_tells_sadface_from_aif_and_native_json() -> None:
    reader = SADFaceReader()
    amap = ArgumentMap()
    amap.claim("x")
    assert reader.sniff(SADFaceRenderer().render(amap)) >= 0.9
    assert reader.sniff(argmap.render(amap, "json")) == 0.0
    assert reader.sniff('{"nodes": [{"nodeID": "1", "type": "I"}], "edges": []}') == 0.0
    assert argmap.detect_format(text=SADFaceRenderer().render(amap)) == "sadface"
