"""The arg-microtexts reader against the real corpus and hand-made graphs."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # only for trusted corpus files, to compute expectations
from collections import Counter
from pathlib import Path

import pytest
from argmap_microtexts import MicrotextsReader
from microtexts_corpus import CORPUS_REASON, MICROTEXTS

import argmap
from argmap import ArgmapSyntaxError, Argument, RelationKind, Source, StatementKind

CORPUS_FILES = sorted(MICROTEXTS.glob("*.xml")) if MICROTEXTS is not None else []
CORPUS_PARAMS = CORPUS_FILES or [pytest.param(None, marks=pytest.mark.skip(reason=CORPUS_REASON))]

SMALL = """<?xml version='1.0' encoding='UTF-8'?>
<arggraph id="t1" topic_id="cats" stance="con">
  <edu id="e1"><![CDATA[Cats should not be allowed outside]]></edu>
  <edu id="e2"><![CDATA[because they hunt songbirds,]]></edu>
  <edu id="e3"><![CDATA[for instance my neighbour's cat caught three robins last spring.]]></edu>
  <edu id="e4"><![CDATA[Some say birds are plenty,]]></edu>
  <edu id="e5"><![CDATA[but that is no reason]]></edu>
  <edu id="e6"><![CDATA[to let them die.]]></edu>
  <edu id="e7"><![CDATA[Besides, cats get run over.]]></edu>
  <edu id="e8"><![CDATA[And cars are everywhere.]]></edu>
  <joint id="j1" />
  <adu id="a1" type="pro" />
  <adu id="a2" type="pro" />
  <adu id="a3" type="pro" />
  <adu id="a4" type="opp" />
  <adu id="a5" type="pro" />
  <adu id="a6" type="pro" />
  <adu id="a7" type="pro" />
  <edge id="c11" src="e1" trg="a1" type="seg" />
  <edge id="c12" src="e2" trg="a2" type="seg" />
  <edge id="c13" src="e3" trg="a3" type="seg" />
  <edge id="c14" src="e4" trg="a4" type="seg" />
  <edge id="c15" src="e5" trg="j1" type="seg" />
  <edge id="c16" src="e6" trg="j1" type="seg" />
  <edge id="c17" src="j1" trg="a5" type="seg" />
  <edge id="c18" src="e7" trg="a6" type="seg" />
  <edge id="c19" src="e8" trg="a7" type="seg" />
  <edge id="c1" src="a2" trg="a1" type="sup" />
  <edge id="c2" src="a3" trg="a2" type="exa" />
  <edge id="c3" src="a4" trg="c1" type="und" />
  <edge id="c4" src="a5" trg="c3" type="und" />
  <edge id="c5" src="a6" trg="a1" type="sup" />
  <edge id="c6" src="a7" trg="c5" type="add" />
</arggraph>
"""


def test_small_graph_maps_every_edge_type() -> None:
    m = MicrotextsReader().parse(SMALL, path="small.xml")
    assert m.title == "t1"
    assert m.meta == {"id": "t1", "topic_id": "cats", "stance": "con", "central_claim": "a1"}
    assert m.description is not None
    assert m.description.startswith("Cats should not")
    # ADU text: its EDUs joined; through a joint too
    assert m.statements["a5"].text == "but that is no reason to let them die."
    assert m.statements["a5"].meta == {"adu_type": "pro", "edus": ["e5", "e6"]}
    assert m.statements["a4"].meta["adu_type"] == "opp"
    # exa: the example is evidence citing the microtext
    ex = m.statements["a3"]
    assert ex.kind is StatementKind.EVIDENCE
    assert ex.sources == (Source(title="t1", locator="e3"),)
    assert m.relations["c2"].kind is RelationKind.SUPPORT
    assert m.relations["c2"].meta == {"edge_type": "exa"}
    assert m.relations["c1"].kind is RelationKind.SUPPORT
    # und of a plain edge targets the relation; und of an und targets that undercut
    assert m.relations["c3"].kind is RelationKind.UNDERCUT
    assert m.relations["c3"].target == "c1"
    assert m.relations["c4"].target == "c3"
    # add: linked premises in one argument concluding the supported ADU; no relation c5
    assert m.arguments["c5"] == Argument(
        id="c5", premises=("a6", "a7"), conclusion="a1", meta={"edge_type": "sup"}
    )
    assert "c5" not in m.relations
    assert m.counts()["relations"] == {"support": 2, "attack": 0, "undercut": 2, "contradiction": 0}
    m.check_references()
    assert m.statements["a2"].location == argmap.Location("small.xml", 13, 3)


def test_linked_attack_becomes_argument_with_attack_and_undercut_targets_it() -> None:
    text = SMALL.replace(
        '<edge id="c6" src="a7" trg="c5" type="add" />',
        '<edge id="c6" src="a7" trg="c5" type="add" />\n'
        '  <edge id="c7" src="a6" trg="c3" type="add" />',
    )
    m = MicrotextsReader().parse(text)
    # the undercut c3 now has two premises: an argument that undercuts c1
    assert m.arguments["c3"].premises == ("a4", "a6")
    assert m.arguments["c3"].conclusion is None
    rel = m.relations["c3 -undercut-> c1"]
    assert (rel.source, rel.target, rel.kind) == ("c3", "c1", RelationKind.UNDERCUT)
    # c4 undercuts the linked undercut: its target is the argument
    assert m.relations["c4"].target == "c3"
    m.check_references()


def _expected_counts(path: Path) -> dict[str, int]:
    """What the map of one file must contain, computed from the raw XML."""
    root = ET.parse(path).getroot()
    edges = root.findall("edge")
    types = Counter(e.get("type") for e in edges)
    linked = {e.get("trg") for e in edges if e.get("type") == "add"}
    plain_support = sum(
        1 for e in edges if e.get("type") in ("sup", "exa") and e.get("id") not in linked
    )
    examples = {e.get("src") for e in edges if e.get("type") == "exa"}
    return {
        "statements": len(root.findall("adu")),
        "evidence": len(examples),
        "arguments": len(linked),
        "support": plain_support,
        "attack": types["reb"],
        "undercut": types["und"],
        "edus": len(root.findall("edu")),
    }


@pytest.mark.skipif(not CORPUS_FILES, reason=CORPUS_REASON)
def test_corpus_has_all_112_texts() -> None:
    assert len(CORPUS_FILES) == 112


@pytest.mark.parametrize("path", CORPUS_PARAMS, ids=lambda p: p.stem if p else "corpus")
def test_corpus_file_counts(path: Path) -> None:
    m = argmap.read(path)  # found by extension + content sniffing, through the entry point
    want = _expected_counts(path)
    c = m.counts()
    assert len(m.statements) == want["statements"]
    assert c["evidence"] == want["evidence"]
    assert c["arguments"] == want["arguments"]
    assert c["relations"]["support"] == want["support"]
    assert c["relations"]["attack"] == want["attack"]
    assert c["relations"]["undercut"] == want["undercut"]
    assert c["relations"]["contradiction"] == 0
    m.check_references()
    assert m.source_path == str(path)
    assert m.meta["id"] == path.stem
    central = m.meta["central_claim"]
    assert central in m.statements
    assert m.main_claims()[0].id == central
    for st in m.statements.values():
        assert st.text.strip()
        assert st.meta["adu_type"] in ("pro", "opp")


def test_corpus_texts_are_the_edu_texts(microtexts: Path) -> None:
    path = microtexts / "micro_b001.xml"
    root = ET.parse(path).getroot()
    edu = {e.get("id"): " ".join((e.text or "").split()) for e in root.findall("edu")}
    m = MicrotextsReader().read(path)
    assert m.statements["a5"].text == edu["e5"]
    assert m.description == " ".join(edu.values())
    # b001: a3 undercuts the rebuttal c1 together with a4 (add on the undercut c3)
    assert m.arguments["c3"].premises == ("a3", "a4")
    assert m.relations["c3 -undercut-> c1"].target == "c1"


def test_whole_corpus_counts(microtexts: Path) -> None:
    totals: Counter[str] = Counter()
    for path in sorted(microtexts.glob("*.xml")):
        c = MicrotextsReader().read(path).counts()
        totals["statements"] += c["claims"] + c["evidence"]
        totals["evidence"] += c["evidence"]
        totals["arguments"] += c["arguments"]
        for k, v in c["relations"].items():
            totals[k] += v
    raw: Counter[str] = Counter()
    for path in sorted(microtexts.glob("*.xml")):
        for k, v in _expected_counts(path).items():
            raw[k] += v
    assert totals["statements"] == raw["statements"] == 576
    assert totals["attack"] == raw["attack"] == 108
    assert totals["undercut"] == raw["undercut"] == 63
    assert totals["support"] == raw["support"]
    assert totals["evidence"] == raw["evidence"]
    assert totals["arguments"] == raw["arguments"]


def test_registered_through_entry_point() -> None:
    infos = [p for p in argmap.plugins() if p.name == "microtexts" and p.kind == "reader"]
    assert len(infos) == 1
    info = infos[0]
    assert info.distribution == "argmap-microtexts"
    assert info.version == argmap_microtexts_version()
    assert info.status == "ok"
    assert argmap.get_reader("microtexts").__class__ is MicrotextsReader


def argmap_microtexts_version() -> str:
    from importlib.metadata import version

    return version("argmap-microtexts")


def test_sniff_and_detect(tmp_path: Path) -> None:
    r = MicrotextsReader()
    assert r.sniff(SMALL) > 0.5
    assert r.sniff("<?xml version='1.0'?><svg/>") == 0.0
    f = tmp_path / "graph.xml"
    f.write_text(SMALL, encoding="utf-8")
    assert argmap.detect_format(f) == "microtexts"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("<arggraph id='x'>\n<edu id='e1'>a</edu>\n", "malformed XML", 3),
        (
            "<arggraph id='x'>\n  <edu id='e1'>a</edu>\n  <adu id='a1' type='maybe'/>",
            "unknown ADU type",
            3,
        ),
        (
            "<arggraph id='x'>\n<edu id='e1'>a</edu>\n<edu id='e1'>b</edu></arggraph>",
            "duplicate id",
            3,
        ),
        (
            "<arggraph id='x'><edu id='e1'>a</edu><adu id='a1' type='pro'/>\n"
            "<edge id='c1' src='e1' trg='a9' type='seg'/></arggraph>",
            "not defined",
            2,
        ),
        (
            "<arggraph id='x'><edu id='e1'>a</edu><adu id='a1' type='pro'/>\n"
            "<edge id='c1' src='e1' trg='a1' type='seg'/>\n"
            "<edge id='c2' src='a1' trg='a1' type='und'/></arggraph>",
            "und edge ends at",
            3,
        ),
        (
            "<arggraph id='x'><edu id='e1'>a</edu>\n<adu id='a1' type='pro'/></arggraph>",
            "has no text",
            2,
        ),
        ("<graph/>", "root element", 1),
        ("<arggraph id='x'><edu id='e1'>a<b/></edu></arggraph>", "cannot stand inside", 1),
        ("<arggraph/>", "'id' attribute", 1),
    ],
)
def test_located_errors(text: str, message: str, line: int) -> None:
    with pytest.raises(ArgmapSyntaxError, match=message) as info:
        MicrotextsReader().parse(text, path="bad.xml")
    assert info.value.path == "bad.xml"
    assert info.value.line == line
    assert info.value.column is not None
    assert info.value.column >= 1
