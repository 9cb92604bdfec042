"""The model: builder verbs, queries, selection and validation."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings

import argmap
from argmap import ArgumentMap, RelationKind, Source, StatementKind
from argmap.testing import maps


@pytest.fixture
def debate() -> ArgumentMap:
    m = ArgumentMap("Will Meta keep giving its models away?")
    g = m.group("Business model")
    charity = m.claim("Meta's corporate charity will dry up", id="charity", tags=["business"])
    grist = m.claim("AI-generated content is grist for Meta's ads", id="grist", group=g)
    spam = m.claim("Most AI content is spam users may not want", id="spam")
    quote = m.evidence(
        "It's more grist for the mill.",
        source=Source(
            title="Meta Open Sources Another AI Model",
            publisher="Stratechery",
            published="2023-05-11",
            locator="section 2",
        ),
        id="ev-grist",
    )
    m.rebut(grist, charity)
    m.rebut(spam, grist)
    m.support(quote, grist)
    expensive = m.claim("Training models is expensive", id="expensive")
    cheap = m.claim("The cost is insignificant for Meta", id="cheap")
    arg = m.argument([expensive], charity, title="Cost argument", id="cost-arg")
    m.undercut(cheap, arg)
    return m


def test_builder_verbs_make_the_expected_relations(debate: ArgumentMap) -> None:
    assert [n.id for n in debate.attackers("charity")] == ["grist"]
    assert [n.id for n in debate.attackers("grist")] == ["spam"]
    assert [n.id for n in debate.supporters("grist")] == ["ev-grist"]
    assert [n.id for n in debate.supporters("charity")] == ["cost-arg"]
    assert [n.id for n in debate.attackers("cost-arg")] == ["cheap"]
    assert debate["ev-grist"].kind is StatementKind.EVIDENCE  # type: ignore[union-attr]


def test_main_claims_and_leaves(debate: ArgumentMap) -> None:
    assert [n.id for n in debate.main_claims()] == ["charity"]
    assert {n.id for n in debate.leaves()} == {"spam", "ev-grist", "expensive", "cheap"}


def test_counts(debate: ArgumentMap) -> None:
    assert debate.counts() == {
        "claims": 5,
        "evidence": 1,
        "arguments": 1,
        "relations": {"support": 1, "attack": 2, "undercut": 1, "contradiction": 0},
        "tags": 1,
        "groups": 1,
    }


def test_ids_are_deterministic() -> None:
    def build() -> list[str]:
        m = ArgumentMap()
        a = m.claim("Open models are catching up!")
        b = m.claim("Open models are catching up?")
        return [a.id, b.id]

    assert build() == build() == ["open-models-are-catching-up", "open-models-are-catching-up-2"]


def test_lookup_by_id_and_neighbours(debate: ArgumentMap) -> None:
    assert debate["grist"].text.startswith("AI-generated")  # type: ignore[union-attr]
    assert "grist" in debate
    assert {n.id for n in debate.neighbours("grist")} == {"charity", "spam", "ev-grist"}
    with pytest.raises(KeyError):
        debate["nope"]


def test_select_by_tag_group_and_depth(debate: ArgumentMap) -> None:
    assert list(debate.select(tags="business").statements) == ["charity"]
    assert list(debate.select(groups="Business model").statements) == ["grist"]
    near = debate.select(root="charity", depth=1)
    assert set(near.statements) == {"charity", "grist"}
    assert set(near.arguments) == {"cost-arg"}
    full = debate.select(root="charity")
    assert set(full.statements) == set(debate.statements)
    debate.contradict("charity", "cheap")
    assert "cheap" in debate.select(root="charity", depth=1).statements  # symmetric
    no_ev = debate.select(include_evidence=False)
    assert "ev-grist" not in no_ev.statements
    assert not [r for r in no_ev.relations.values() if r.source == "ev-grist"]


def test_undercut_must_target_an_inference(debate: ArgumentMap) -> None:
    with pytest.raises(argmap.MapStructureError, match="use rebut"):
        debate.undercut("cheap", "charity")
    rel = debate.support("expensive", "charity")
    assert debate.undercut("cheap", rel).target == rel.id


def test_references_must_exist() -> None:
    m = ArgumentMap()
    a = m.claim("a")
    with pytest.raises(argmap.DanglingReferenceError):
        m.support(a, "missing")
    with pytest.raises(argmap.DuplicateIdError):
        m.claim("again", id=a.id)


def test_value_objects_are_frozen(debate: ArgumentMap) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        debate["grist"].text = "changed"  # type: ignore[misc]
    updated = debate.update("grist", text="changed")
    assert debate["grist"] == updated


def test_validation_errors_and_warnings() -> None:
    m = ArgumentMap()
    a = m.claim("a", id="a")
    b = m.claim("b", id="b")
    m.claim("c", id="c")
    m.claim("lonely", id="lonely")
    m.add(argmap.Statement(id="ev", text="evidence", kind="evidence"))
    m.support("a", "b")
    m.support("b", "a")
    m.add(argmap.Relation(id="self", kind="support", source="c", target="c"))
    m.add(argmap.Relation(id="dangling", kind="attack", source="c", target="ghost"))
    codes = {(f.severity.value, f.code, f.element) for f in argmap.check(m)}
    assert ("error", "E103", "dangling") in codes
    assert ("error", "E201", "self") in codes
    assert ("error", "E301", "ev") in codes
    assert ("warning", "W204", "a") in codes
    assert ("warning", "W107", "lonely") in codes
    findings = argmap.check(m)
    assert findings[0].severity is argmap.Severity.ERROR
    assert not {a.id, b.id} & {f.element for f in findings if f.code == "orphan"}


def test_findings_carry_file_and_line() -> None:
    m = ArgumentMap(source_path="debate.argdown")
    m.add(
        argmap.Statement(
            id="ev", text="e", kind="evidence", location=argmap.Location("debate.argdown", 7, 3)
        )
    )
    m.claim("x")
    m.support("ev", "x")
    (finding,) = argmap.check(m)
    assert str(finding).startswith("debate.argdown:7:3: error[E301]: evidence 'ev' cites no source")


@settings(max_examples=100, deadline=None)
@given(maps())
def test_generated_maps_are_well_formed(amap: ArgumentMap) -> None:
    amap.check_references()
    for rel in amap.relations.values():
        assert rel in amap.outgoing(rel.source)
        assert rel in amap.incoming(rel.target)
        if rel.kind is RelationKind.UNDERCUT:
            assert rel.target not in amap.statements
    sub = amap.select()
    assert sub == amap
    assert {n.id for n in amap.main_claims()} <= {n.id for n in amap.nodes()}


def test_rival_positions_that_attack_each_other_are_main_claims() -> None:
    m = ArgumentMap()
    meat = m.claim("Eating meat is fine", id="meat")
    veggie = m.claim("Nobody should eat meat", id="veggie")
    less = m.claim("Eat less meat", id="less")
    m.rebut(meat, veggie)
    m.rebut(veggie, meat)
    m.support(m.claim("Tradition", id="tradition"), meat)
    m.rebut(m.claim("Animal welfare", id="welfare"), meat)
    m.support(less, veggie)
    assert [n.id for n in m.main_claims()] == ["meat", "veggie"]


def test_a_circle_of_support_is_not_a_position() -> None:
    m = ArgumentMap()
    main = m.claim("Main", id="main")
    m.rebut(m.claim("Objection", id="objection"), main)
    a, b = m.claim("A", id="a"), m.claim("B", id="b")
    m.support(a, b)
    m.support(b, a)
    assert [n.id for n in m.main_claims()] == ["main"]


def test_main_claims_of_a_long_chain_need_no_recursion() -> None:
    m = ArgumentMap()
    prev = m.claim("root", id="c0")
    for i in range(1, 5000):
        cur = m.claim(f"claim {i}", id=f"c{i}")
        m.support(cur, prev)
        prev = cur
    assert [n.id for n in m.main_claims()] == ["c0"]
