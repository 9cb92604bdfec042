"""The evidence finder's ranking (argmap.sources._evidence): what it is asked, which
signals it fuses, how it lists candidates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import argmap
from argmap.sources import Block, Library, build_document, find_evidence
from argmap.sources._evidence import _american, _heading_like


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
def test_respelling_is_idempotent_and_keeps_short_words(word: str) -> None:
    once = _american(word)
    assert _american(once) == once
    if len(word) <= 3:
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
