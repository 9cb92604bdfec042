"""The Kialo export reader, on hand-written exports in the published format."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
from argmap_kialo import KialoReader, KialoRenderer

import argmap
from argmap import ArgmapSyntaxError, RelationKind, Source, StatementKind

DATA = Path(__file__).resolve().parent / "data"
UNIFORMS = DATA / "school-uniforms.kialo.txt"


def _edges(m: argmap.ArgumentMap) -> set[tuple[str, str, str]]:
    return {(r.source, r.kind.value, r.target) for r in m.relations.values()}


def test_reads_the_tree_links_multiline_claims_and_sources() -> None:
    m = argmap.read(UNIFORMS)  # by extension, through the entry point
    assert m.title == "Should schools require uniforms?"
    assert list(m.statements) == [
        "1",
        "1.1",
        "1.1.1",
        "1.1.2",
        "1.2",
        "1.2.1",
        "1.2.2",
        "1.3",
        "1.3.2",
    ]
    assert m.statements["1"].text == "Schools should require students to wear uniforms."
    # Kialo's backslash escapes are removed
    assert m.statements["1.1.1"].text.endswith("bags (which uniforms do not cover).")
    # Markdown links in a claim stay in its text
    assert "[2019 survey](https://example.org/uniform-survey)" in m.statements["1.1.2"].text
    # a claim over two lines
    assert m.statements["1.2.1"].text == (
        "Clothing is one of the few ways teenagers can express who they are at school.\n"
        "It matters most in the years when identity is forming."
    )
    ev = m.statements["1.3.2"]
    assert ev.kind is StatementKind.EVIDENCE
    assert ev.sources == (
        Source(title="Pilot programme report", url="https://example.org/pilot-report"),
    )
    assert _edges(m) == {
        ("1.1", "support", "1"),
        ("1.1.1", "attack", "1.1"),
        ("1.2.1", "support", "1.1.1"),  # '1.1.1.1. Pro: -> See 1.2.1.' (a forward link)
        ("1.1.2", "support", "1.1"),
        ("1.2", "attack", "1"),
        ("1.2.1", "support", "1.2"),
        ("1.2.2", "attack", "1.2"),
        ("1.3", "support", "1"),
        ("1.1.1", "attack", "1.3"),  # '1.3.1. Con: -> See 1.1.1.'
        ("1.3.2", "support", "1.3"),
    }
    assert [n.id for n in m.main_claims()] == ["1"]
    assert m.statements["1.2.1"].location == argmap.Location(str(UNIFORMS), 9, 1)
    m.check_references()


def test_without_header() -> None:
    m = argmap.read(DATA / "minimal.kialo")
    assert m.title is None
    assert _edges(m) == {("1.1", "support", "1"), ("1.2", "attack", "1")}


def test_crlf_bom_and_extra_header_lines() -> None:
    text = "\ufeffDiscussion Title: T\r\nQuestion: Is it?\r\n\r\n1. A\r\n1.1. con: B\r\n"
    m = KialoReader().parse(text)
    assert m.title == "T"
    assert m.meta == {"Question": "Is it?"}
    assert m.relations["1.1 -attack-> 1"].kind is RelationKind.ATTACK
    assert m.statements["1.1"].text == "B"


def test_children_of_a_link_answer_the_linked_claim() -> None:
    text = "1. A\n1.1. Pro: B\n1.2. Con: -> See 1.1.\n1.2.1. Con: C\n"
    m = KialoReader().parse(text)
    assert ("1.2.1", "attack", "1.1") in _edges(m)
    assert ("1.1", "attack", "1") in _edges(m)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("Discussion Title: T\n\nhello\n1. A\n", "expected the discussion's thesis", 3),
        ("Discussion Title: T\n\n", "no thesis", 3),
        ("1. A\n1.1. B\n", "expected 'Pro:' or 'Con:'", 2),
        ("1. A\n1.2.1. Pro: B\n", "comes before its parent", 2),
        ("1. A\n1.1. Pro: B\n1.1. Con: C\n", "numbered twice", 3),
        ("1. Pro: A\n", "thesis '1.' cannot be a Pro or Con", 1),
        ("1. A\n1.1. Pro: -> See 1.9.\n", "not in the discussion", 2),
        ("1. A\n1.1. Pro: B\n1.2. Pro: -> See 1.1.\n", "already a Pro", 3),
        ("1. A\n1.1. Pro: -> See 1.\n", "itself", 2),
        (
            "1. A\n1.1. Pro: B\n1.2. Con: -> See 1.3.\n1.3. Con: -> See 1.1.\n",
            "is itself a link",
            3,
        ),
        ("1. A\n1.1. Pro:   \n", "has no text", 2),
        ("1. A\n1.1. Pro: B\n1.01. Con: C\n", "numbered twice", 3),
        ("1. A\n1.1. Pro: -> See 1.\nmore words\n", "has no text of its own", 3),
    ],
)
def test_located_errors(text: str, message: str, line: int) -> None:
    with pytest.raises(ArgmapSyntaxError, match=message) as info:
        KialoReader().parse(text, path="d.kialo")
    assert info.value.path == "d.kialo"
    assert info.value.line == line


def test_error_excerpt_shows_the_line() -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        KialoReader().parse("1. A\n1.1. B\n")
    assert info.value.excerpt.startswith("1.1. B\n")


def test_sniff() -> None:
    r = KialoReader()
    assert r.sniff(UNIFORMS.read_text("utf-8")) >= 0.9
    assert r.sniff("1. A\n1.1. Pro: B\n") > 0
    assert r.sniff("Discussion Title: no tree here\n") == 0.0
    assert r.sniff("1. Buy milk\n2. Buy eggs\n") == 0.0
    assert r.sniff("# Argdown\n[A]: text\n") == 0.0


def test_detect_format_by_content(tmp_path: Path) -> None:
    f = tmp_path / "export.txt"  # .txt is too generic: told apart by content
    f.write_text(UNIFORMS.read_text("utf-8"), encoding="utf-8")
    assert argmap.detect_format(f) == "kialo"


def test_registered_with_distribution_and_version() -> None:
    found = {(p.kind, p.name): p for p in argmap.plugins() if p.distribution == "argmap-kialo"}
    assert set(found) == {("reader", "kialo"), ("renderer", "kialo")}
    for info in found.values():
        assert info.version == version("argmap-kialo")
        assert info.status == "ok"
    assert type(argmap.get_reader("kialo")) is KialoReader
    assert type(argmap.get_renderer("kialo")) is KialoRenderer


def test_reader_raises_only_argmap_errors() -> None:
    testing = pytest.importorskip("argmap.testing")
    seeds = [p.read_text("utf-8") for p in sorted(DATA.iterdir())]
    testing.assert_reader_robust(KialoReader(), seeds=seeds, max_examples=400)
