"""The evidence finder's ranking (argmap.sources._evidence): what it is asked, which
signals it fuses, how it lists candidates."""

from __future__ import annotations

import pytest

import argmap
from argmap.sources import Block, Library, build_document, find_evidence


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
