"""``argmap evaluate`` explanations: the direct attackers and defenders named, and a
derived attack shown as the chain of the map it comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap.cli import main
from argmap.evaluate import cli_run, evaluate
from argmap.evaluate._explain import Deriver
from markers import ROOT


def crafted(*, defended: bool) -> argmap.ArgumentMap:
    """``c`` attacks ``t`` and is attacked by ``u``; ``s`` supports ``c`` (so, under
    cayrol, attacks ``t`` too); with ``defended``, ``x`` attacks ``s``. Apart: ``q`` and
    ``r`` attack each other and ``r`` supports ``k``."""
    m = argmap.ArgumentMap()
    for sid in "tcusqrk":
        m.claim(f"claim {sid}", id=sid)
    m.rebut("c", "t")
    m.rebut("u", "c")
    m.support("s", "c")
    if defended:
        m.claim("claim x", id="x")
        m.rebut("x", "s")
    m.rebut("q", "r")
    m.rebut("r", "q")
    m.support("r", "k")
    return m


def test_rejected_by_a_derived_attack_shows_its_path() -> None:
    ev = evaluate(crafted(defended=False), "grounded")
    assert ev.status("t") == "rejected"
    assert ev.explain("t") == (
        "rejected: attacked by s, which is accepted: a supported attack: "
        "s supports c, which attacks t"
    )
    assert ev.explain("c") == "rejected: attacked by u, which is accepted"
    assert ev.explain("u") == "accepted: nothing attacks it"


def test_accepted_names_each_attacker_and_its_defender() -> None:
    ev = evaluate(crafted(defended=True), "grounded")
    assert ev.status("t") == "accepted"
    assert ev.explain("t") == (
        "accepted: every attacker is rejected: c is defeated by u; and 1 attacker through "
        "support, each defeated too, e.g. s (a supported attack: s supports c, which "
        "attacks t) is defeated by x"
    )
    assert ev.explain("s") == "rejected: attacked by x, which is accepted"


def test_undecided_names_the_undecided_attackers() -> None:
    ev = evaluate(crafted(defended=False), "grounded")
    assert ev.status("k") == "undecided"
    assert ev.explain("k") == (
        "undecided: no accepted argument attacks it, but attacked by q, which is undecided: "
        "a secondary attack: q attacks r, which supports k"
    )
    assert ev.explain("r") == (
        "undecided: no accepted argument attacks it, but attacked by q, which is undecided"
    )


def test_without_support_the_derived_attack_is_gone() -> None:
    ev = evaluate(crafted(defended=False), "grounded", support="none")
    assert ev.status("t") == "accepted"
    assert ev.explain("t") == "accepted: every attacker is rejected: c is defeated by u"
    assert ev.status("k") == "accepted"


@pytest.mark.parametrize(
    ("support", "attacker", "target", "rule", "text"),
    [
        ("cayrol", "s", "t", "supported", "s supports c, which attacks t"),
        ("cayrol", "q", "k", "secondary", "q attacks r, which supports k"),
        ("deductive", "u", "s", "mediated", "u attacks c, and s supports c"),
        ("necessary", "k", "q", "extended", "r supports k, and r attacks q"),
        ("cayrol", "u", "c", "direct", "u attacks c"),
    ],
)
def test_each_construction_is_explained(
    support: str, attacker: str, target: str, rule: str, text: str
) -> None:
    m = crafted(defended=False)
    af = argmap.evaluate.to_af(m, support=support)
    assert af.index[attacker] in af.attackers[af.index[target]]  # the attack is there
    d = Deriver(m, af, support).derive(attacker, target)
    assert d is not None
    assert (d.rule, d.text()) == (rule, text)


def test_extension_semantics_name_attackers_and_paths() -> None:
    pytest.importorskip("pysat")
    ev = evaluate(crafted(defended=False), "preferred")
    assert ev.explain("t") == (
        "rejected: in 0 of 2 preferred extensions; attacked by c (in 0 of 2); and through "
        "support by s (in 2 of 2): a supported attack: s supports c, which attacks t"
    )


def test_gradual_strength_is_not_a_label() -> None:
    m = argmap.ArgumentMap()
    ev_id = m.evidence("A quote.", argmap.Source(title="A source"), id="e").id
    m.support(ev_id, m.claim("claim", id="c"))
    ev = evaluate(m, "df-quad")
    assert ev.strength("e") == pytest.approx(0.5)
    assert ev.status("e") is None
    assert ev.explain("e") == "strength 0.5 from base score 0.5; nothing attacks or supports it"
    text, _ = cli_run(m, "df-quad", False)
    assert "undecided" not in text
    assert "accepted" not in text


def test_both_spellings_of_every_semantics() -> None:
    m = crafted(defended=False)
    a = evaluate(m, "h-categoriser")
    b = evaluate(m, "h-categorizer")
    assert a.semantics == b.semantics == "h-categorizer"
    assert a.strengths == b.strengths
    assert main(["evaluate", str(ROOT / "seeds" / "meta-open-models.argdown"),
                 "--semantics", "h-categoriser"]) == 0  # fmt: skip


def test_text_output_wraps_and_lists_one_statement_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    seed = str(ROOT / "seeds" / "meta-open-models.argdown")
    assert main(["evaluate", seed]) == 0
    plain = capsys.readouterr().out
    assert "attacked by" not in plain
    assert "    Charity question\n" in plain  # one statement a line
    assert "…" not in plain
    assert main(["evaluate", seed, "--explain"]) == 0
    out = capsys.readouterr().out
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= 72
    words = " ".join(out.split())
    assert (
        "Meta keeps giving rejected attacked by Regulation risk, which is accepted (and "
        "through support by 12 more accepted arguments, e.g. Charity question: a supported "
        "attack: Charity question supports Charity dries up, which contradicts Meta keeps "
        "giving)"
    ) in words
    assert main(["evaluate", seed, "--semantics", "df-quad", "--explain"]) == 0
    gradual = capsys.readouterr().out
    assert "undecided" not in gradual
    assert "strength 0.5 from base score 0.5; nothing attacks or supports it" in " ".join(
        gradual.split()
    )
