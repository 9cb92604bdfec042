"""The evidence finder's ranking (argmap.sources._evidence): what it is asked, which
signals it fuses, how it lists candidates."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import argmap
from argmap.sources import (
    Block,
    EvidenceIndex,
    Library,
    build_document,
    claim_context,
    find_evidence,
    map_citations,
)
from argmap.sources._evidence import _IRREGULAR, _american, _clauses, _heading_like


def _library(*docs: tuple[str, list[str]]) -> Library:
    return Library(build_document([Block(t) for t in paras], id=doc_id) for doc_id, paras in docs)


def test_an_argument_is_a_claim_to_find_evidence_for() -> None:
    # an undercut's target is an argument: the finder is asked with the argument's text
    m = argmap.parse(
        "<Costs>: Training costs too much, so the releases stop.\n\n"
        "(1) [Fortune]: Training costs a fortune.\n----\n(2) [Stop]: The releases stop.\n",
        "argdown",
    )
    lib = _library(
        (
            "a.txt",
            [
                "The weather was mild all week long.",
                "Birds sang in the garden at dawn.",
                "A quiet lake lay under the hills.",
                "Training runs cost too much money.",
            ],
        )
    )
    (found,) = find_evidence(m, lib, claim="Costs", semantic=False)
    assert found.claim == "Costs"
    assert found.text == "Training costs too much, so the releases stop."
    assert found.candidates[0].locator == "¶4"
    with pytest.raises(argmap.ArgmapError, match="no statement 'Nope'"):
        find_evidence(m, lib, claim="Nope", semantic=False)


_FILLER = [
    "The weather was mild all week long.",
    "Birds sang in the garden at dawn.",
    "A quiet lake lay under the hills.",
]


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        ("The licence bars large rivals.", "Its license is strict."),
        ("Its license bars large rivals.", "The licence is strict."),
        ("Meta wants to commoditise them.", "Models get commoditized."),
        ("Users' behaviour shows it.", "The behavior was odd."),
        ("The centre holds.", "Downtown is the center."),
        ("Open models caught up.", "They are catching on."),
        ("Who builds them?", "Meta built the models."),
    ],
)
def test_spellings_and_verb_forms_find_each_other(claim: str, passage: str) -> None:
    # the passage shares only the differently spelt word with the claim
    lib = _library(("a.txt", [*_FILLER, passage]))
    (found,) = find_evidence(claim, lib, semantic=False)
    assert found.candidates[0].locator == "¶4"
    assert found.candidates[0].lexical > 0


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14))
@example("won")  # found by hypothesis: an irregular verb form of three letters
def test_respelling_is_idempotent_and_keeps_short_words(word: str) -> None:
    once = _american(word)
    assert _american(once) == once
    if len(word) <= 3 and word not in _IRREGULAR:  # "won" is "win", "led" "lead"
        assert once == word  # "our", "ise": no stem left to respell


def test_a_heading_ranks_below_the_passage_under_it() -> None:
    # the heading shares more of the claim's words, but the evidence is the paragraph
    lib = _library(
        (
            "a.txt",
            [
                *_FILLER,
                "The benefits of open source",
                "Rivals gain as much from the shared code as its authors do.",
            ],
        )
    )
    for semantic in (False, None):
        (found,) = find_evidence(
            "The benefits of open source reach rivals too.", lib, semantic=semantic
        )
        locators = [c.locator for c in found.candidates]
        assert locators.index("¶5") < locators.index("¶4")


def test_heading_like_lines() -> None:
    assert _heading_like("The benefits of open source")
    assert _heading_like("### Apple and Meta")
    assert _heading_like("It's hardly corporate charity:")
    assert not _heading_like("Essentially, Meta has recreated the cathedral.")
    assert not _heading_like("“It is not open source by any real definition.”")
    assert not _heading_like(" ".join(["word"] * 11))


def test_a_paragraph_is_found_by_the_heading_it_stands_under() -> None:
    # ¶6 shares no word with the claim, nor do its neighbours: only its heading does
    lib = _library(
        (
            "a.txt",
            [
                *_FILLER,
                "The licensing terms today",
                "Meta wrote them in 2023.",
                "Nobody above a size may use the model.",
                "The lawyers were happy.",
            ],
        )
    )
    (found,) = find_evidence("The licensing terms exclude rivals.", lib, semantic=False)
    assert "¶6" in [c.locator for c in found.candidates]


def _context_map() -> argmap.ArgumentMap:
    m = argmap.ArgumentMap("context")
    outer = m.group("Is it charity?", id="charity")
    inner = m.group("Grist for the ad machine", id="grist", parent=outer)
    top = m.claim("Meta will keep giving its models away.", id="Top")
    m.claim("The licence fences off rivals.", id="Fence", title="Licence fence", tags="licensing")
    m.claim("Content is surface for ads.", id="Ads", group=inner, tags=["business model"])
    m.claim("AI eases content creation.", id="Eases", group=inner)
    m.claim("Grist for the ad business.", id="Grist", group=inner)
    m.argument(["Ads", "Eases"], "Grist", id="Grist arg", text="Free tools pay off in ads.")
    ev = m.evidence(
        "A commenter on the fence.",
        argmap.Source(title="A thread", quote="secret quoted words", locator="¶3"),
        id="Ev",
    )
    m.support("Fence", top)
    m.support(ev, "Fence")  # the claim's own evidence: never part of its context
    m.rebut("Ads", ev)  # an evidence statement it attacks: nothing of it either
    return m


def test_claim_context_is_the_maps_structure_never_its_evidence() -> None:
    m = _context_map()
    assert (
        claim_context(m, "Fence")
        == "Meta will keep giving its models away. licensing Licence fence"
    )
    ads = claim_context(m, "Ads")
    # the argument it is a premise of, that argument's conclusion, the sections (innermost
    # first) and the tags; not its co-premise, not the evidence it attacks
    assert ads == (
        "Free tools pay off in ads. Grist for the ad business. Grist for the ad machine "
        "Is it charity? business model"
    )
    for cid in m.statements:
        around = claim_context(m, cid)
        assert not {"commenter", "secret", "thread"} & set(around.split())
    assert claim_context(m, "Grist arg") == "Grist for the ad business."
    with pytest.raises(argmap.ArgmapError, match="no statement or argument 'Nope'"):
        claim_context(m, "Nope")


def test_the_map_context_finds_what_the_claim_alone_does_not() -> None:
    # ¶4 shares no word with the claim, only with the claim it supports
    m = _context_map()
    lib = _library(("a.txt", [*_FILLER, "Meta keeps giving the models away to developers."]))
    (alone,) = find_evidence(m, lib, claim="Fence", semantic=False, context=0)
    assert alone.candidates == ()
    assert alone.context == ""
    (found,) = find_evidence(m, lib, claim="Fence", semantic=False)
    assert found.candidates[0].locator == "¶4"
    assert found.context.startswith("Meta will keep giving")
    assert found.as_dict()["context"] == found.context


def test_without_context_the_claim_is_asked_as_plain_text() -> None:
    m = _context_map()
    lib = _library(("a.txt", [*_FILLER, "The licence is strict.", "Rivals are fenced off by it."]))
    for semantic in (False, None):
        (plain,) = find_evidence("The licence fences off rivals.", lib, semantic=semantic)
        (alone,) = find_evidence(m, lib, claim="Fence", semantic=semantic, context=0)
        assert alone.candidates == plain.candidates


@pytest.mark.parametrize("share", [-0.1, 1.5, float("nan"), float("inf")])
def test_a_context_share_outside_0_1_is_an_error(share: float) -> None:
    lib = _library(("a.txt", _FILLER))
    with pytest.raises(argmap.ArgmapError, match="between 0 and 1"):
        find_evidence(_context_map(), lib, context=share, semantic=False)


def test_evidence_cli_context(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from argmap.cli import main

    (tmp_path / "docs").mkdir()
    text = "\n\n".join([*_FILLER, "Meta keeps giving the models away to developers."])
    (tmp_path / "docs" / "a.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "map.argdown"
    path.write_text(
        "[Top]: Meta will keep giving its models away.\n\n"
        "[Fence]: The licence fences off rivals.\n  +> [Top]\n",
        encoding="utf-8",
    )
    args = ["evidence", str(path), "--sources", str(tmp_path / "docs"), "--claim", "Fence"]
    assert main([*args, "--no-semantic", "--json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["context"] == "Meta will keep giving its models away. Fence"  # and its title
    assert found["candidates"][0]["locator"] == "¶4"
    assert main([*args, "--no-semantic", "--json", "--context", "0"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["candidates"] == []
    assert main([*args, "--no-semantic", "--context", "2"]) == 2
    assert "--context must be between 0 and 1" in capsys.readouterr().err


def test_clauses_of_a_claim() -> None:
    assert _clauses("Meta sells ads, not models, so giving models away costs it no revenue.") == [
        "Meta sells ads",
        "giving models away costs it no revenue",
    ]
    assert _clauses("A licence keeps most benefits of openness while fencing off rivals.") == [
        "A licence keeps most benefits of openness",
        "fencing off rivals",
    ]
    assert _clauses("Open models are catching up with the closed frontier.") == []
    assert _clauses("Costs, mostly.") == []  # one clause of three words or more: none


@given(st.lists(st.sampled_from(["Meta", "sells", "ads", ",", ";", ":", "so", "and", "—"])))
def test_clauses_are_parts_of_the_claim(words: list[str]) -> None:
    text = " ".join(words)
    got = _clauses(text)
    assert len(got) != 1
    for part in got:
        assert len(part.split()) >= 3
        assert part in text


def test_a_claim_of_clauses_is_also_asked_clause_by_clause() -> None:
    pytest.importorskip("wordllama")  # semantic: every passage is ranked, none left out
    lib = _library(
        (
            "a.txt",
            [
                *_FILLER,
                "Meta sells ads.",
                "Giving models away for free costs money.",
                "Revenue from models is small.",
            ],
        )
    )
    claim = "Meta sells ads, so giving models away costs it no product revenue."
    n = len(lib["a.txt"].paragraphs)

    def scores(query: str, clauses: bool) -> dict[str, float]:
        (found,) = find_evidence(query, lib, semantic=True, top=n, clauses=clauses)
        return {c.locator: c.score for c in found.candidates}

    whole = scores(claim, False)
    parts = [scores(c, False) for c in _clauses(claim)]
    fused = scores(claim, True)
    assert fused != whole
    for locator, score in fused.items():  # the whole claim and its clauses' mean, alike
        mean = sum(p[locator] for p in parts) / len(parts)
        assert score == pytest.approx((whole[locator] + mean) / 2, abs=2e-4)


def test_evidence_cli_for_an_argument(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from argmap.cli import main

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(
        "\n\n".join([*_FILLER, "Training runs cost too much money."]), encoding="utf-8"
    )
    path = tmp_path / "map.argdown"
    path.write_text(
        "<Costs>: Training costs too much, so the releases stop.\n\n"
        "(1) [Fortune]: Training costs a fortune.\n----\n(2) [Stop]: The releases stop.\n",
        encoding="utf-8",
    )
    args = ["evidence", str(path), "--sources", str(tmp_path / "docs"), "--claim", "Costs"]
    assert main([*args, "--no-semantic", "--top", "1"]) == 0  # an argument has no statement
    out = capsys.readouterr().out
    assert out.startswith("[Costs]: Training costs too much, so the releases stop.\n  1. ")


# ------------------------------------------------------------------ the map prior
def _cited_map() -> argmap.ArgumentMap:
    """A claim with one piece of evidence (quoting a.txt ¶2), the claim it supports with
    evidence of its own (a.txt ¶6), a section holding another (b.txt ¶1), and an
    evidence statement whose quote is in no document."""
    m = argmap.ArgumentMap("cited")
    sec = m.group("Licences", id="sec")
    top = m.claim("Meta will keep giving its models away.", id="Top", group=sec)
    claim = m.claim("The licence fences off rivals.", id="Fence", group=sec)
    m.support(claim, top)
    own = m.evidence(
        "Own evidence.",
        argmap.Source(document="a.txt", quote="The licence bars the largest rivals."),
        id="Own",
        group=sec,
    )
    m.support(own, claim)
    up = m.evidence(
        "Evidence of the claim it supports.",
        argmap.Source(document="a.txt", quote="Meta keeps releasing models."),
        id="Up",
    )
    m.support(up, top)
    m.evidence(
        "Another in the section.",
        argmap.Source(document="b.txt", quote="Lawyers wrote the terms."),
        id="Side",
        group=sec,
    )
    ghost = m.evidence(
        "A quote no document holds.",
        argmap.Source(document="a.txt", quote="Words nobody ever wrote down."),
        id="Ghost",
    )
    m.support(ghost, claim)
    return m


def _cited_library() -> Library:
    a = [
        "The weather was mild all week long.",
        "The licence bars the largest rivals.",
        "Rivals above a size need another licence.",
        "Birds sang in the garden at dawn.",
        "A quiet lake lay under the hills.",
        "Meta keeps releasing models.",
    ]
    b = ["Lawyers wrote the terms.", "Rivals above a size need another licence."]
    return _library(("b.txt", b), ("a.txt", a))


def test_map_citations_by_level() -> None:
    m = _cited_map()
    lib = _cited_library()
    index = EvidenceIndex(lib, semantic=False)
    cites = map_citations(m, "Fence", index)
    assert cites.evidence == {"Own": "claim", "Ghost": "claim", "Up": "near", "Side": "section"}
    # the unverified quote counts for nothing; the levels weigh 1, 0.5 and 0.25
    assert cites.prior == {("a.txt", "¶2"): 1.0, ("a.txt", "¶6"): 0.5, ("b.txt", "¶1"): 0.25}
    assert cites.known == {("a.txt", "¶2")}
    assert (
        index.locate(argmap.Source(document="a.txt", quote="Words nobody ever wrote down.")) == ()
    )
    assert index.locate(argmap.Source(quote="Lawyers wrote the terms.")) == (("b.txt", "¶1"),)
    with pytest.raises(argmap.ArgmapError, match="no statement or argument 'Nope'"):
        map_citations(m, "Nope", index)


def test_known_evidence_is_listed_last_and_the_prior_favours_its_neighbourhood() -> None:
    m = _cited_map()
    lib = _cited_library()
    index = EvidenceIndex(lib, semantic=False)
    n = len(index.passages)

    def ranked(**kw: float | bool) -> list[tuple[str, str, float, bool]]:
        (found,) = find_evidence(m, lib, claim="Fence", index=index, top=n, **kw)  # type: ignore[arg-type]
        return [(c.document, c.locator, c.score, c.cited) for c in found.candidates]

    plain = ranked(map_prior=0, known_last=False)
    assert plain[0][:2] == ("a.txt", "¶2")  # the claim's own evidence matches it best
    assert not any(c[3] for c in plain)
    # the claim's own evidence goes last, marked; the rest keeps its order
    last = ranked(map_prior=0)
    assert last[-1][:2] == ("a.txt", "¶2")
    assert last[-1][3]
    assert [c[:2] for c in last[:-1]] == [c[:2] for c in plain if c[:2] != ("a.txt", "¶2")]
    # the prior adds map_prior times each paragraph's nearness to what the map cites
    cites = map_citations(m, "Fence", index)
    near = index._prior(cites.prior, 3.0, 0.0)
    where = {(d.id, p.locator): i for i, (d, p) in enumerate(index.passages)}
    before = {c[:2]: c[2] for c in last}
    after = ranked(map_prior=0.05)
    for doc, loc, score, _ in after:
        assert score == pytest.approx(before[doc, loc] + 0.05 * near[where[doc, loc]], abs=2e-4)
    # a.txt ¶3, next to the cited ¶2, gains more than its twin b.txt ¶2
    assert near[where["a.txt", "¶3"]] > near[where["b.txt", "¶2"]]
    (found,) = find_evidence(m, lib, claim="Fence", index=index, top=n)
    assert set(found.evidence) == {"Own", "Ghost", "Up", "Side"}
    assert found.as_dict()["candidates"][-1]["cited"] is True


def test_without_the_map_prior_the_maps_evidence_changes_nothing() -> None:
    # map_prior=0, known_last=False: as if the map held no evidence statement at all
    m = _cited_map()
    lib = _cited_library()
    bare = m.select(include_evidence=False)
    for semantic in (False, None):
        (a,) = find_evidence(
            m, lib, claim="Fence", semantic=semantic, map_prior=0, known_last=False
        )
        (b,) = find_evidence(bare, lib, claim="Fence", semantic=semantic)
        assert a.candidates == b.candidates


@pytest.mark.parametrize("share", [-0.1, 1.5, float("nan")])
def test_a_map_prior_share_outside_0_1_is_an_error(share: float) -> None:
    with pytest.raises(argmap.ArgmapError, match="map prior's share must be between 0 and 1"):
        find_evidence(_cited_map(), _cited_library(), map_prior=share, semantic=False)


@given(
    st.lists(st.integers(0, 11), min_size=1, max_size=4, unique=True),
    st.floats(0.5, 10),
    st.floats(0, 1),
)
def test_the_prior_is_highest_at_the_cited_paragraph_and_falls_with_distance(
    cited: list[int], spread: float, document: float
) -> None:
    paragraphs = [f"Paragraph number {i} of the article here." for i in range(12)]
    lib = _library(("a.txt", paragraphs), ("b.txt", paragraphs[:3]))
    index = EvidenceIndex(lib, semantic=False)
    near = index._prior({("a.txt", f"¶{i + 1}"): 1.0 for i in cited}, spread, document)
    assert near.max() == pytest.approx(1.0)
    assert (near >= 0).all()
    assert (near <= 1 + 1e-9).all()
    assert (near[12:] == 0).all()  # another document gets nothing
    if len(cited) == 1:
        (c,) = cited
        left, right = near[: c + 1], near[c:12]
        assert near[c] == pytest.approx(1.0)
        assert (left[1:] >= left[:-1]).all()
        assert (right[:-1] >= right[1:]).all()


def test_evidence_cli_map_prior(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from argmap.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    lib = _cited_library()
    for doc in lib:
        (docs / doc.id).write_text("\n\n".join(p.text for p in doc.paragraphs), encoding="utf-8")
    path = tmp_path / "map.argdown"
    path.write_text(
        "[Fence]: The licence fences off rivals.\n"
        "  + [Own]: Own evidence.\n"
        '    {source: "A", document: "a.txt", quote: "The licence bars the largest rivals."}\n',
        encoding="utf-8",
    )
    args = ["evidence", str(path), "--sources", str(docs), "--claim", "Fence", "--no-semantic"]
    assert main([*args, "--top", "10"]) == 0
    text = capsys.readouterr().out
    assert "a.txt ¶2  (already cited for this claim)" in text
    assert text.index("a.txt ¶3") < text.index("a.txt ¶2")
    assert main([*args, "--top", "10", "--format", "argdown"]) == 0
    assert "The licence bars the largest rivals." not in capsys.readouterr().out  # not again
    assert main([*args, "--json", "--no-map-prior"]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["evidence"] == []
    assert found["candidates"][0]["locator"] == "¶2"
    assert not found["candidates"][0]["cited"]
    assert main([*args, "--map-prior", "1.5"]) == 2
    assert "--map-prior must be between 0 and 1" in capsys.readouterr().err


def _seeds() -> Path:
    path = Path(
        os.environ.get("ARGMAP_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds")
    )
    if not path.is_dir():
        pytest.skip(f"seed documents not found ({path}; set ARGMAP_SEEDS to their folder)")
    return path


def test_seed_quotes_locate_where_verification_finds_them() -> None:
    # the map prior's paragraphs are those verify_quotes finds each quote in
    from argmap.sources import read_documents, verify_quotes

    lib = read_documents(_seeds())
    m = argmap.read(Path(__file__).resolve().parents[1] / "seeds" / "meta-open-models.argdown")
    index = EvidenceIndex(lib, semantic=False)
    report = verify_quotes(m, lib)
    assert report.checks
    for check in report.checks:
        assert check.verification.verified
        doc = lib[check.verification.document]
        assert check.start is not None
        assert check.end is not None
        want = {
            (doc.id, p.locator)
            for p in doc.paragraphs
            if p.start < check.end and check.start < p.end
        }
        assert set(index.locate(check.source)) == want


def test_seed_leave_one_out_never_sees_the_left_out_quote() -> None:
    # what the benchmark does: without an evidence statement, nothing of it is cited
    from argmap.sources import read_documents

    lib = read_documents(_seeds())
    m = argmap.read(Path(__file__).resolve().parents[1] / "seeds" / "meta-open-models.argdown")
    index = EvidenceIndex(lib, semantic=False)
    for ev in [s for s in m.statements.values() if s.is_evidence][:12]:
        rest = m._submap({n.id for n in m.nodes()} - {ev.id})
        for rel in m.outgoing(ev.id):
            if rel.target not in rest.statements and rel.target not in rest.arguments:
                continue
            cites = map_citations(rest, rel.target, index)
            assert ev.id not in cites.evidence
            (found,) = find_evidence(rest, lib, claim=rel.target, index=index)
            assert found.candidates
            assert ev.id not in found.evidence
