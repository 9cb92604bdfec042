"""Example maps shared by the renderer tests (every element and relation type)."""

from __future__ import annotations

from collections.abc import Callable

from argmap import ArgumentMap, Source


def basic() -> ArgumentMap:
    """Claims with support and attack: the smallest real debate."""
    m = ArgumentMap("Should cities ban cars from their centres?")
    ban = m.claim("Cities should ban cars from their centres.", title="Car ban")
    air = m.claim("Cars are the main source of urban air pollution.")
    shops = m.claim("Shops in the centre would lose customers.")
    m.support(air, ban)
    m.rebut(shops, ban)
    return m


def all_relations() -> ArgumentMap:
    """Arguments with premises, undercuts of an argument and of a relation, contradiction."""
    m = ArgumentMap("Every relation")
    c = m.claim("We should all be vegetarian.", title="Veggie")
    p1 = m.claim("Eating meat causes avoidable suffering.")
    p2 = m.claim("Avoidable suffering is wrong.")
    arg = m.argument([p1, p2], c, title="Suffering argument")
    m.undercut(m.claim("Fish may not feel pain."), arg)
    tradition = m.claim("Meat is part of our tradition.")
    link = m.support(tradition, c)
    m.undercut(m.claim("Tradition alone justifies nothing."), link)
    m.rebut(m.claim("Humans evolved to eat meat.", title="Evolution"), c)
    m.contradict(m.claim("Meat is necessary for health."), m.claim("Vegetarians live longer."))
    bare = m.argument(title="Climate argument", text="Livestock emit a large share of methane.")
    m.support(bare, c)
    return m


def evidence_groups() -> ArgumentMap:
    """Evidence with cited sources, nested groups and tags."""
    m = ArgumentMap("Remote work")
    prod = m.group("Productivity")
    studies = m.group("Studies", parent=prod)
    m.group("Empty section")
    claim = m.claim("Remote work raises productivity.", group=prod, tags=["pro"])
    ev = m.evidence(
        "A two-year trial found 13% higher output among home workers.",
        Source(title="Does Working from Home Work?", author="Bloom et al.", published="2015"),
        group=studies,
        tags=["pro", "study"],
    )
    ev2 = m.evidence(
        "Survey: managers report fewer spontaneous ideas.",
        [Source(url="https://example.org/survey", published="2021-03-04"), Source(title="Memo")],
        tags=["con"],
    )
    m.support(ev, claim)
    m.rebut(ev2, claim)
    return m


def nasty_text() -> ArgumentMap:
    """Text that looks like DOT, HTML or escapes; control characters; unicode."""
    m = ArgumentMap('Title with "quotes" & <b>tags</b> }')
    a = m.claim('He said "no" \\ then left; n1 -> n2 [color=red] }', id="a")
    b = m.claim("<b>bold</b> &amp; <BR/> ]]> <!-- x --> {braces}", id="b", title="<T>")
    c = m.claim("line one\nline two\r\nline\tthree\x00\x07\x1b[31m\u200b ünïcødé 論証 🙂", id="c")
    d = m.claim("\ud800 lone surrogate \ufffe", id="d")
    m.support(a, b)
    m.rebut(c, b)
    m.contradict(d, a)
    m.group('G "1" <x>', id="g")
    m.update(d, group="g")
    return m


def fake_evaluation_map() -> ArgumentMap:
    m = ArgumentMap("Evaluated")
    a = m.claim("A", id="a")
    b = m.claim("B", id="b")
    c = m.claim("C", id="c")
    m.rebut(b, a)
    m.rebut(c, b)
    m.claim("D", id="d")
    m.contradict("d", "c")
    return m


MAPS: dict[str, Callable[[], ArgumentMap]] = {
    "basic": basic,
    "all_relations": all_relations,
    "evidence_groups": evidence_groups,
    "nasty_text": nasty_text,
}

__all__ = ["MAPS", "all_relations", "basic", "evidence_groups", "fake_evaluation_map", "nasty_text"]
