"""The evidence finder's ranking (argmap.sources._evidence): what it is asked, which
signals it fuses, how it lists candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import argmap
from argmap.sources import Block, Library, build_document, claim_context, find_evidence
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
