"""argmap-aif against the AIFdb corpora: every map loads, with the counts its own nodes
give, and AIF → argmap → AIF keeps every I-node text and every inference and conflict."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from argmap_aif import AIFReader, AIFRenderer

import argmap
from argmap import Argument, Relation, RelationKind

ROOT = Path(__file__).resolve().parents[3]


def corpus_path() -> Path | None:
    """The corpus: ``$ARGMAP_CORPUS``, default ``<repo>/../shared/corpus``."""
    setting = os.environ.get("ARGMAP_CORPUS", "")
    path = Path(setting) if setting else ROOT.parent / "shared" / "corpus"
    if not path.is_absolute():
        path = (ROOT / path).resolve()
    return path if (path / "aif").is_dir() else None


CORPUS = corpus_path()
needs_corpus = pytest.mark.skipif(
    CORPUS is None,
    reason="AIF corpus not found: set ARGMAP_CORPUS to the corpus folder (with aif/ in it)",
)
SETS = ["microtexts-en", "araucaria-en", "us-2016-en"]


def aif_files(name: str) -> list[Path]:
    assert CORPUS is not None
    files = sorted((CORPUS / "aif" / name).glob("*.json"))
    assert files, f"no AIF files in {CORPUS / 'aif' / name}"
    return files


S_TYPES = {"RA", "CA"}


def expected(doc: dict[str, Any]) -> dict[str, Any]:
    """What the raw JSON says the map must hold."""
    types = {str(n["nodeID"]): n["type"] for n in doc["nodes"]}
    adjacent_l = set()
    for e in doc["edges"]:
        a, b = str(e["fromID"]), str(e["toID"])
        if types.get(b) in S_TYPES and types.get(a) == "L":
            adjacent_l.add(a)
        if types.get(a) in S_TYPES and types.get(b) == "L":
            adjacent_l.add(b)
    return {
        "statements": {i for i, t in types.items() if t == "I"} | adjacent_l,
        "RA": {i for i, t in types.items() if t == "RA"},
        "CA": {i for i, t in types.items() if t == "CA"},
    }


def inferences(doc: dict[str, Any]) -> Counter[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(type, sorted premise texts, sorted conclusion texts) for every RA and CA node;
    a conclusion that is itself an RA/CA node is named by its type and premise texts."""
    nodes = {str(n["nodeID"]): n for n in doc["nodes"]}
    prem: dict[str, list[str]] = {}
    concl: dict[str, list[str]] = {}
    for e in doc["edges"]:
        a, b = str(e["fromID"]), str(e["toID"])
        if a not in nodes or b not in nodes:
            continue
        ta, tb = nodes[a]["type"], nodes[b]["type"]
        if tb in S_TYPES and ta in ("I", "L"):
            prem.setdefault(b, []).append(nodes[a].get("text") or "")
        if ta in S_TYPES and tb in ("I", "L"):
            concl.setdefault(a, []).append(nodes[b].get("text") or "")
    for e in doc["edges"]:
        a, b = str(e["fromID"]), str(e["toID"])
        if a not in nodes or b not in nodes:
            continue
        if nodes[a]["type"] in S_TYPES and nodes[b]["type"] in S_TYPES:
            concl.setdefault(a, []).append(
                nodes[b]["type"] + ":" + "|".join(sorted(prem.get(b, [])))
            )
    return Counter(
        (n["type"], tuple(sorted(prem.get(i, []))), tuple(sorted(concl.get(i, []))))
        for i, n in nodes.items()
        if n["type"] in S_TYPES
    )


@needs_corpus
@pytest.mark.parametrize("name", SETS)
def test_every_map_loads_with_the_counts_of_its_nodes(name: str) -> None:
    reader = AIFReader()
    problems = []
    n_files = 0
    for f in aif_files(name):
        doc = json.loads(f.read_text(encoding="utf-8"))
        want = expected(doc)
        amap = reader.read(f)
        n_files += 1
        got = amap.counts()
        if set(amap.statements) != want["statements"]:
            n_want = len(want["statements"])
            problems.append(f"{f.name}: statements {len(amap.statements)} != {n_want}")
        by_ra = [amap[i] for i in want["RA"] if i in amap]
        supports = [x for x in by_ra if isinstance(x, Relation) and x.kind is RelationKind.SUPPORT]
        ra_args = [x for x in by_ra if isinstance(x, Argument)]
        if len(supports) + len(ra_args) != len(want["RA"]):
            problems.append(
                f"{f.name}: {len(supports)} supports + {len(ra_args)} arguments "
                f"for {len(want['RA'])} RA nodes"
            )
        by_ca = [amap[i] for i in want["CA"] if i in amap]
        attacks = [
            x
            for x in by_ca
            if isinstance(x, Relation) and x.kind in (RelationKind.ATTACK, RelationKind.UNDERCUT)
        ]
        ca_args = [x for x in by_ca if isinstance(x, Argument) and x.meta["aif"]["type"] == "CA"]
        if len(attacks) + len(ca_args) != len(want["CA"]):
            problems.append(
                f"{f.name}: {len(attacks)} attacks + {len(ca_args)} linked conflicts "
                f"for {len(want['CA'])} CA nodes"
            )
        # every linked conflict attacks through a relation drawn from it
        for a in ca_args:
            if not amap.outgoing(a.id):
                problems.append(f"{f.name}: linked conflict {a.id} attacks nothing")
        # an undercut targets an inference or a conflict, never a statement
        for r in amap.relations.values():
            if r.kind is RelationKind.UNDERCUT and r.target in amap.statements:
                problems.append(f"{f.name}: undercut {r.id} targets a statement")
        assert got["claims"] == len(amap.statements)
        amap.check_references()
    assert n_files > 100
    assert not problems, "\n".join(problems[:20])


@needs_corpus
@pytest.mark.parametrize("name", SETS)
def test_aif_round_trip_keeps_texts_and_inferences(name: str) -> None:
    reader, renderer = AIFReader(), AIFRenderer()
    for f in aif_files(name):
        doc = json.loads(f.read_text(encoding="utf-8"))
        amap = reader.read(f)
        out = json.loads(renderer.render(amap))
        before_i = Counter(n.get("text") for n in doc["nodes"] if n["type"] == "I")
        after_i = Counter(n.get("text") for n in out["nodes"] if n["type"] == "I")
        assert after_i == before_i, f.name
        assert inferences(out) == inferences(doc), f.name
        # and read back, the map is the same map
        assert reader.parse(json.dumps(out)) == amap, f.name


@needs_corpus
def test_undercuts_and_linked_premises_in_microtexts() -> None:
    """microtexts annotates undercuts as CA → RA and linked premises as RAs with two I-nodes."""
    reader = AIFReader()
    undercuts = linked = 0
    for f in aif_files("microtexts-en"):
        amap = reader.read(f)
        for r in amap.relations.values():
            if r.kind is RelationKind.UNDERCUT:
                undercuts += 1
                assert r.target in amap.relations or r.target in amap.arguments
        linked += sum(1 for a in amap.arguments.values() if len(a.premises) >= 2)
    assert undercuts >= 50
    assert linked >= 10


@needs_corpus
def test_dialogue_layer_is_kept_as_metadata() -> None:
    f = aif_files("us-2016-en")[0]
    doc = json.loads(f.read_text(encoding="utf-8"))
    amap = AIFReader().read(f)
    kept = {n["nodeID"] for n in amap.meta["aif"]["nodes"]}
    dialogue = {n["nodeID"] for n in doc["nodes"] if n["type"] not in S_TYPES}
    assert kept == dialogue - set(amap.statements)
    assert {n["type"] for n in amap.meta["aif"]["nodes"]} >= {"L", "YA", "TA"}
    anchored = [s for s in amap.statements.values() if "aif_locutions" in s.meta]
    assert anchored
    loc = anchored[0].meta["aif_locutions"][0]
    l_node = next(n for n in doc["nodes"] if n["nodeID"] == loc["nodeID"])
    assert l_node["type"] == "L"
    assert loc["text"] == l_node["text"]
    assert loc["timestamp"] == l_node["timestamp"]
    assert amap.meta["aif"]["locutions"] == doc["locutions"]


@needs_corpus
def test_detected_by_content_next_to_native_json(tmp_path: Path) -> None:
    f = aif_files("araucaria-en")[0]
    assert argmap.detect_format(f) == "aif"
    amap = argmap.read(f)
    assert len(amap.statements) > 0
    native = tmp_path / "copy.json"
    argmap.write(amap, native)  # .json writes native JSON
    assert argmap.detect_format(native) == "json"
    assert argmap.read(native) == amap
    aif_out = tmp_path / "copy.aif.json"
    argmap.write(amap, aif_out)
    assert argmap.detect_format(aif_out) == "aif"
    assert argmap.read(aif_out) == amap


def _same_maps(a: argmap.ArgumentMap, b: argmap.ArgumentMap) -> None:
    """Equal, and the same in every way a user can see: element order, field types,
    metadata, the incoming and outgoing indexes."""
    import attrs

    assert a == b
    assert a.meta == b.meta
    for table in ("_statements", "_arguments", "_relations", "_groups"):
        left, right = getattr(a, table), getattr(b, table)
        assert list(left) == list(right)
        for x, y in zip(left.values(), right.values(), strict=True):
            assert repr(x) == repr(y)
            for field in attrs.fields(type(x)):
                assert type(getattr(x, field.name)) is type(getattr(y, field.name)), field.name
    assert a._out == b._out
    assert a._in == b._in


@needs_corpus
@pytest.mark.parametrize("name", SETS)
def test_fast_paths_build_what_the_general_loops_build(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's shortcuts for the common document (string ids and ends in C loops,
    adjacency of the scheme and dialogue nodes only, pass 3 without extensions) build
    the maps the general loops build, which check and locate everything."""
    import argmap_aif._reader as reader

    docs = [json.loads(f.read_bytes()) for f in aif_files(name)]
    fast = [reader.build_map(doc) for doc in docs]
    monkeypatch.setattr(reader, "_fast_types", lambda nodes: None)
    monkeypatch.setattr(reader, "_fast_edges", lambda edges, types: None)
    monkeypatch.setattr(reader, "_add_plain", lambda *args: False)
    for doc, made in zip(docs, fast, strict=True):
        _same_maps(made, reader.build_map(doc))
