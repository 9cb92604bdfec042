"""The Argdown reader and writer: syntax, conventions, errors, robustness, round trips."""

from __future__ import annotations

import itertools
import logging
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapError, ArgmapSyntaxError, ArgumentMap, RelationKind, Source
from argmap._model import relation_id
from argmap.formats.argdown import ArgdownReader, ArgdownRenderer
from argmap.testing import assert_maps_equal, assert_reader_robust, maps
from markers import DATA

SAMPLES = DATA / "argdown"


def parse(text: str, path: str | None = None) -> ArgumentMap:
    return ArgdownReader().parse(text, path=path)


def write(amap: ArgumentMap) -> str:
    return ArgdownRenderer().render(amap)


def rels(amap: ArgumentMap) -> set[tuple[str, str, str]]:
    return {(r.source, r.kind.value, r.target) for r in amap.relations.values()}


# ---------------------------------------------------------------------- statements


def test_statements_titles_references_and_untitled() -> None:
    m = parse("[A]: First text.\n\n[A]\n\nJust some text\nover two lines.\n\n[B]\n")
    assert m.statements["A"].text == "First text."
    assert m.statements["A"].title == "A"
    assert m.statements["B"].text == ""
    untitled = m.statements["just-some-text-over-two-lines"]
    assert untitled.title is None
    assert untitled.text == "Just some text over two lines."
    assert len(m.statements) == 3


def test_equivalence_class_keeps_first_text_others_in_meta() -> None:
    m = parse("[A]: one\n\n[A]: two\n\n[A]: one\n\n[A]: three\n")
    assert m.statements["A"].text == "one"
    assert m.statements["A"].meta == {"other_texts": ["two", "three"]}


def test_untitled_ids_are_deterministic_and_unique() -> None:
    m = parse("Same text\n\nSame text\n\n[same-text]: titled\n")
    assert sorted(m.statements) == ["same-text", "same-text-2", "same-text-3"]
    assert m.statements["same-text"].title == "same-text"
    assert parse("Same text\n\nSame text\n\n[same-text]: titled\n") == m


def test_mentions_formatting_and_links_are_kept_as_text() -> None:
    text = "[S]: See @[Other] and @<Arg>, **bold**, _it_ and [a link](https://x.org/#a).\n"
    m = parse(text)
    assert m.statements["S"].text == (
        "See @[Other] and @<Arg>, **bold**, _it_ and [a link](https://x.org/#a)."
    )
    assert "Other" not in m.statements  # a mention does not create a statement


def test_escapes() -> None:
    m = parse("\\[not a title\\] \\#notag \\{no: data\\} a\\\\b\n")
    (s,) = m.statements.values()
    assert s.text == "[not a title] #notag {no: data} a\\b"
    assert s.tags == ()
    assert s.meta == {}


def test_tags() -> None:
    m = parse("[A]: Text #tag1 #(multi word) here #tag-2 C#sharp\n\n<X>: desc #pro\n")
    assert m.statements["A"].tags == ("tag1", "multi word", "tag-2")
    assert m.statements["A"].text == "Text here C#sharp"
    assert m.arguments["X"].tags == ("pro",)


# ---------------------------------------------------------------------- arguments


def test_arguments_descriptions_and_shared_titles() -> None:
    m = parse("<A>: first\n\n<A>: second\n\n[A]: a statement\n\n<B>\n")
    assert m.arguments["arg:A"].title == "A"
    assert m.arguments["arg:A"].text == "first"
    assert m.arguments["arg:A"].meta == {"other_descriptions": ["second"]}
    assert m.statements["A"].text == "a statement"
    assert m.arguments["B"].text is None


def test_premise_conclusion_structure() -> None:
    m = parse("<A>: desc\n\n(1) [P]: premise one\n(2) premise two\n----\n(3) [C]: the end\n")
    a = m.arguments["A"]
    assert a.premises == ("P", "premise-two")
    assert a.conclusion == "C"
    assert "pcs" not in a.meta
    assert m.statements["premise-two"].text == "premise two"


def test_untitled_argument_from_a_bare_pcs() -> None:
    m = parse("(1) a\n----\n(2) b\n")
    (a,) = m.arguments.values()
    assert a.id == "arg-b"
    assert a.title is None
    assert (a.premises, a.conclusion) == (("a",), "b")


def test_intermediary_conclusions_rules_and_data() -> None:
    m = parse(
        "<A>\n\n(1) p\n(2) q\n--\nModus ponens, Conjunction {uses: [1, 2]}\n--\n"
        "(3) [Mid]: r\n(4) s\n----\n(5) t\n"
    )
    a = m.arguments["A"]
    assert a.premises == ("p", "q", "s")  # Mid is concluded, not a premise
    assert a.conclusion == "t"
    assert a.meta["pcs"] == [
        "p",
        "q",
        {"rules": ["Modus ponens", "Conjunction"], "data": {"uses": [1, 2]}},
        "Mid",
        "s",
        {},
        "t",
    ]


def test_single_line_inference_with_rules() -> None:
    m = parse("<A>\n\n(1) p\n-- Modus Ponens --\n(2) q\n")
    assert m.arguments["A"].meta["pcs"] == ["p", {"rules": ["Modus Ponens"]}, "q"]


def test_pcs_belongs_to_the_argument_of_the_previous_paragraph_only() -> None:
    m = parse("<X>\n  + [Q]\n\n(1) a\n----\n(2) b\n\n[S]: s\n\n(1) c\n----\n(2) d\n")
    assert m.arguments["X"].conclusion == "b"
    assert m.arguments["arg-d"].conclusion == "d"


# ---------------------------------------------------------------------- relations


def test_relations_in_both_directions_nested() -> None:
    m = parse(
        "[A]: a\n"
        "  + [B]: b\n"
        "    - [C]: c\n"
        "      <+ [D]: d\n"
        "  +> [E]: e\n"
        "  <- [F]: f\n"
        "  -> [G]: g\n"
        "  >< [H]: h\n"
        "  _ <U>: u\n"
        "\n"
        "<U>\n"
        "  <_ <V>\n"
        "  _> <W>\n"
    )
    assert rels(m) == {
        ("B", "support", "A"),
        ("C", "attack", "B"),
        ("D", "support", "C"),
        ("A", "support", "E"),
        ("F", "attack", "A"),
        ("A", "attack", "G"),
        ("A", "contradiction", "H"),
        ("U", "undercut", "A"),
        ("V", "undercut", "U"),
        ("U", "undercut", "W"),
    }
    r = m.relations[relation_id("support", "D", "C")]
    assert (r.location.line, r.location.column) == (4, 7)


def test_duplicate_and_symmetric_relations_count_once() -> None:
    m = parse("[A]: a\n  + [B]: b\n  + [B]\n  >< [C]: c\n\n[C]\n  >< [A]\n")
    assert rels(m) == {("B", "support", "A"), ("A", "contradiction", "C")}


def test_relations_of_a_reconstructed_argument_go_through_its_conclusion() -> None:
    text = "[T]: t\n  + <A>\n  - <B>\n\n<A>\n\n(1) p\n----\n(2) [T]\n\n<B>\n\n(1) q\n----\n(2) r\n"
    assert rels(parse(text)) == {("r", "attack", "T")}
    explicit = "===\nargmap: {argument-relations: explicit}\n===\n\n" + text
    assert rels(parse(explicit)) == {("A", "support", "T"), ("B", "attack", "T")}


def test_relations_to_a_reconstructed_argument_implied_by_its_premises() -> None:
    text = "[S]: s\n  -> <A>\n  -> [P]\n  -> <B>\n\n<A>\n\n(1) [P]: p\n----\n(2) c\n"
    assert rels(parse(text)) == {("S", "attack", "P"), ("S", "attack", "B")}
    m = parse(text)
    m.rebut("S", "A")  # written back, it needs the explicit mode to survive
    assert_maps_equal(m, parse(write(m)))


def test_continuation_lines_and_relation_text() -> None:
    m = parse("First line\n  + Second\nline\n  - Third\n  line\n")
    assert set(m.statements) == {"first-line", "second-line", "third-line"}


def test_lists() -> None:
    m = parse("* item one\n* item two\n  + support\n\n1. first\n2. second\n")
    assert [s.text for s in m.statements.values()] == [
        "item one",
        "item two",
        "support",
        "first",
        "second",
    ]
    assert rels(m) == {("support", "support", "item-two")}


# ---------------------------------------------------------------------- sections, data


def test_headings_become_nested_groups() -> None:
    m = parse("# One\n\n[A]: a\n\n## Two\nover lines {isGroup: false}\n\n[B]: b\n\n# Three\n\nC\n")
    assert [(g.id, g.title, g.parent) for g in m.groups.values()] == [
        ("one", "One", None),
        ("two-over-lines", "Two over lines", "one"),
        ("three", "Three", None),
    ]
    assert m.groups["two-over-lines"].meta == {"isGroup": False}
    assert (m.statements["A"].group, m.statements["B"].group, m.statements["c"].group) == (
        "one",
        "two-over-lines",
        "three",
    )


def test_front_matter() -> None:
    m = parse("===\ntitle: My map\nabstract: About it\nauthor: Me\ndate: 2024-01-02\n===\n\nA\n")
    assert m.title == "My map"
    assert m.description == "About it"
    assert m.meta == {"author": "Me", "date": "2024-01-02"}


def test_data_and_weight_go_to_meta() -> None:
    m = parse("[A]: a {weight: 0.8, note: hi}\n\n<X>: x\n{color: red}\n")
    assert m.statements["A"].meta == {"weight": 0.8, "note": "hi"}
    assert m.arguments["X"].meta == {"color": "red"}


def test_evidence_flat_form() -> None:
    m = parse(
        "[Grist]: AI content is grist.\n"
        '  {source: "Meta Open Sources", publisher: Stratechery, author: "Ben Thompson",\n'
        '   url: "https://stratechery.com/x", published: 2023-05-11,\n'
        '   quote: "more grist", locator: "section 2", weight: 0.5}\n'
    )
    s = m.statements["Grist"]
    assert s.is_evidence
    assert s.sources == (
        Source(
            title="Meta Open Sources",
            author="Ben Thompson",
            url="https://stratechery.com/x",
            published="2023-05-11",
            publisher="Stratechery",
            quote="more grist",
            locator="section 2",
        ),
    )
    assert s.meta == {"weight": 0.5}
    assert m.counts()["evidence"] == 1


def test_evidence_list_form_and_mapping_source() -> None:
    m = parse(
        '[E]: e {sources: [{title: "One", url: "https://a.b/c"}, {title: Two, locator: p. 3}]}\n'
        "\n"
        "[F]: f {source: {title: Three, author: X}, note: n}\n"
    )
    assert [s.title for s in m.statements["E"].sources] == ["One", "Two"]
    assert m.statements["E"].sources[1].locator == "p. 3"
    assert m.statements["F"].sources == (Source(title="Three", author="X"),)
    assert m.statements["F"].meta == {"note": "n"}


def test_comments_of_all_kinds() -> None:
    m = parse(
        "A // a comment\n"
        "  + B /* inline */ text\n"
        "  <!-- a\n"
        "  multi-line comment -->\n"
        "  - C see http://example.org/x\n"
        "/* a block\n\nover blank lines */\n"
        "\n"
        "D\n"
    )
    assert [s.text for s in m.statements.values()] == [
        "A",
        "B text",
        "C see http://example.org/x",
        "D",
    ]


# ---------------------------------------------------------------------- includes


def test_include_relative_to_the_including_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "part.argdown").write_text("[P]: part\n\n@include(more.ad)\n")
    (tmp_path / "sub" / "more.ad").write_text("[M]: more\n  + [P]\n")
    main = tmp_path / "main.argdown"
    main.write_text("[A]: main\n\n@include(sub/part.argdown)\n\n[Z]: end\n")
    m = argmap.read(main)
    assert list(m.statements) == ["A", "P", "M", "Z"]
    assert m.statements["M"].location.path == str(tmp_path / "sub" / "more.ad")
    assert rels(m) == {("P", "support", "M")}


def test_include_cycle_is_cut(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "a.argdown").write_text("A\n\n@include(b.argdown)\n")
    (tmp_path / "b.argdown").write_text("B\n\n@include(a.argdown)\n")
    with caplog.at_level(logging.WARNING, logger="argmap"):
        m = argmap.read(tmp_path / "a.argdown")
    assert [s.text for s in m.statements.values()] == ["A", "B"]
    assert "already included" in caplog.text


def test_errors_in_included_files_point_into_them(tmp_path: Path) -> None:
    (tmp_path / "bad.argdown").write_text("fine\n\n    + dangling\n")
    (tmp_path / "main.argdown").write_text("x\n\n@include(bad.argdown)\n")
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.read(tmp_path / "main.argdown")
    assert info.value.path == str(tmp_path / "bad.argdown")
    assert (info.value.line, info.value.column) == (3, 5)


def test_missing_include_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "main.argdown").write_text("x\n\n  @include(nope.argdown)\n")
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.read(tmp_path / "main.argdown")
    assert (info.value.line, info.value.column) == (3, 12)
    assert "nope.argdown" in info.value.message


# ---------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("A\n+ B\n", 2, 1, "indented"),
        ("A\n\n  + B\n", 3, 3, "cannot start with a relation"),
        ("[A] more text\n", 1, 4, "after a statement reference"),
        ("A\n[B]: b\n", 2, 1, "new paragraph"),
        ("(1) a\n(2) b\n", 2, 1, "inference"),
        ("(1) a\n----\n", 2, 1, "ends with an inference"),
        ("(1) <A>\n----\n(2) b\n", 1, 5, "argument cannot be a premise"),
        ("<X>\n\n(1) a\n----\n(2) b\n\n<X>\n\n(1) c\n----\n(2) d\n", 9, 1, "second"),
        ("A {a: 1} more\n", 1, 10, "text after data"),
        ("A {a: [1, 2}\n", 1, 3, "not closed"),
        ("A {a: b: c}\n", 1, 8, "invalid YAML"),
        ("===\ntitle: [x\n===\nA\n", 2, 8, "invalid YAML"),
        ("A /* never closed\n", 1, 3, "unterminated comment"),
        ("[A]: a\n  >< <B>\n", 2, 6, "contradiction"),
        ("* a\n  * b\n", 2, 3, "nested lists"),
        ("----\n", 1, 1, "inference"),
        ("(1) [A]\n----\ntext\n(2) b\n", 3, 1, "text after an inference"),
        ("[]: empty\n", 1, 1, "empty statement title"),
    ],
)
def test_syntax_errors_are_located(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        parse(text, path="doc.argdown")
    err = info.value
    assert words in err.message
    assert (err.path, err.line, err.column) == ("doc.argdown", line, column)
    assert err.expected
    assert err.source_line == text.split("\n")[line - 1]
    assert str(err).startswith(f"doc.argdown:{line}:{column}: ")


def test_unknown_reader_option() -> None:
    with pytest.raises(argmap.OptionError, match="argdown reader has no option colour"):
        ArgdownReader().parse("A", colour="red")


# ---------------------------------------------------------------------- robustness

_FRAGMENTS = st.sampled_from(
    [
        "[A]",
        "[A]: ",
        "[B]: text",
        "<X>",
        "<X>: ",
        "<Y>: desc",
        "@[A]",
        "@<X>",
        "(1) ",
        "(2) ",
        "----",
        "--",
        "-- rule --",
        "+ ",
        "- ",
        "<+ ",
        "<- ",
        "+> ",
        "-> ",
        "_ ",
        "<_ ",
        "_> ",
        ">< ",
        "# ",
        "## ",
        "* ",
        "1. ",
        "{a: 1}",
        "{",
        "}",
        "{source: s}",
        "{sources: [{title: t}]}",
        "{sources: 3}",
        "#tag",
        "#(multi tag)",
        "//",
        "/*",
        "*/",
        "<!--",
        "-->",
        "===",
        "\\",
        "\\[",
        "text",
        "more words",
        "@include(x.argdown)",
        ":",
        "\t",
        "&a",
        "*a",
        "'",
        '"',
        "\r\n",
    ]
)
_ARGDOWNISH = st.lists(
    st.tuples(st.integers(0, 6), st.lists(_FRAGMENTS, max_size=4)), max_size=12
).map(lambda rows: "\n".join(" " * n + "".join(parts) for n, parts in rows))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_ARGDOWNISH)
def test_reader_raises_only_syntax_errors_on_argdownish_text(text: str) -> None:
    try:
        amap = parse(text, path="fuzz.argdown")
    except ArgmapSyntaxError as err:
        located = err.line is not None
    else:
        located = isinstance(amap, ArgumentMap)
    assert located


def test_reader_is_robust_on_arbitrary_text() -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.argdown"))]
    assert len(seeds) == 2
    assert_reader_robust(ArgdownReader(), seeds=seeds, max_examples=300)


def test_reader_raises_argmap_syntax_errors_only() -> None:
    """Each failure is an ArgmapSyntaxError, never another ArgmapError."""
    for text in ("A\n+ B", "{", "A {a: &x [*x]}", "(1) a"):
        with pytest.raises(ArgmapError) as info:
            parse(text)
        assert type(info.value) is ArgmapSyntaxError


# ---------------------------------------------------------------------- writer

_RESERVED = {
    "source", "sources", "title", "other_texts", "other_descriptions", "pcs",
    "author", "publisher", "url", "published", "quote", "locator",
}  # fmt: skip


def _expressible(amap: ArgumentMap) -> ArgumentMap:
    """The documented loss: Argdown cannot undercut a relation, contradictions hold
    between statements, and a contradiction counts once for both directions."""
    out = ArgumentMap(amap.title, description=amap.description, meta=amap.meta)
    for g in amap.groups.values():
        out.add(g)
    for n in amap.nodes():
        out.add(n)
    for r in amap.relations.values():
        if r.target in amap.relations:
            continue
        if r.kind is RelationKind.CONTRADICTION:
            if r.source in amap.arguments or r.target in amap.arguments:
                continue
            back = relation_id(r.kind, r.target, r.source)
            if back in amap.relations and r.source > r.target:
                continue
        out.add(r)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(maps())
def test_round_trip_of_generated_maps(amap: ArgumentMap) -> None:
    # data keys the Argdown conventions reserve cannot also be free metadata
    assume(not any(_RESERVED & set(n.meta) for n in amap.nodes()))
    assume(not any("id" in g.meta for g in amap.groups.values()))
    assume(not {"title", "description", "abstract", "argmap"} & set(amap.meta))
    back = parse(write(amap))
    assert_maps_equal(_expressible(amap), back)


_TEXT = (
    st.text(
        st.sampled_from(string.ascii_letters + " []<>{}#@\\/*-+_()!:.'\"&|,`~=^%$"),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_TEXT, min_size=1, max_size=4, unique=True), st.lists(_TEXT, max_size=3))
@example(["\\<!--", "a <!-- b", "x \\/* y", "@[a <!-- b]", "0."], ["<!--"])
def test_round_trip_of_syntax_laden_texts(texts: list[str], titles: list[str]) -> None:
    """Texts full of Argdown's special characters survive the writer's escaping."""
    amap = ArgumentMap()
    ids = []
    for i, text in enumerate(texts):
        title = titles[i] if i < len(titles) else None
        if title:
            s = amap.claim(text, title=title, id=amap.unique_id(title))
        else:
            s = amap.claim(text)
        ids.append(s.id)
    for a, b in itertools.pairwise(ids):
        amap.support(a, b)
    assert_maps_equal(amap, parse(write(amap)))


_TAG = (
    st.text(string.ascii_letters + " -_", min_size=1, max_size=8)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_round_trip_of_syntax_laden_maps(data: st.DataObject) -> None:
    """Groups, evidence, arguments and relations whose titles and texts are full of
    Argdown syntax, with titles used as ids (as maps read from Argdown have them)."""
    m = ArgumentMap(data.draw(st.none() | _TEXT), description=data.draw(st.none() | _TEXT))
    groups: list[str | None] = [None]
    for title in data.draw(st.lists(_TEXT, max_size=3)):
        groups.append(m.group(title, parent=data.draw(st.sampled_from(groups))).id)
    ids = []
    for _ in range(data.draw(st.integers(1, 6))):
        text, title = data.draw(_TEXT), data.draw(st.none() | _TEXT)
        sid = m.unique_id(title) if title else None
        group = data.draw(st.sampled_from(groups))
        if data.draw(st.booleans()):
            source = Source(title=data.draw(_TEXT), quote=data.draw(st.none() | _TEXT))
            tags = data.draw(st.lists(_TAG, max_size=2))
            s = m.evidence(text, source, sid, title=title, group=group, tags=tags)
        else:
            s = m.claim(text, sid, title=title, group=group)
        ids.append(s.id)
    nodes = list(ids)
    for j in range(data.draw(st.integers(0, 2)) if len(ids) > 1 else 0):
        conclusion = data.draw(st.sampled_from(ids))
        others = [x for x in ids if x != conclusion]
        premises = data.draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
        title = data.draw(st.none() | _TEXT)
        text = data.draw(st.none() | _TEXT)
        arg = m.argument(premises, conclusion, title, id=m.unique_id(title or f"a{j}"), text=text)
        nodes.append(arg.id)
    for _ in range(data.draw(st.integers(0, 6))):
        kind = data.draw(st.sampled_from([RelationKind.SUPPORT, RelationKind.ATTACK]))
        src, tgt = data.draw(st.sampled_from(nodes)), data.draw(st.sampled_from(nodes))
        if src != tgt and relation_id(kind, src, tgt) not in m:
            m.relate(kind, src, tgt)
    assert_maps_equal(m, parse(write(m)))


def test_writer_output_is_idiomatic() -> None:
    m = ArgumentMap("Debate", description="About cats")
    g = m.group("Main points")
    m.claim("Cats are great.", id="Cats", title="Cats", tags=["core"], group=g)
    m.claim("They purr.", group=g)
    m.evidence(
        "Purring lowers stress.",
        Source(title="Study", url="https://e.org/s", published="2020"),
        id="Purr study",
        title="Purr study",
        group=g,
    )
    m.support("they-purr", "Cats")
    m.support("Purr study", "they-purr")
    m.claim("Cats scratch furniture.", id="Scratch", title="Scratch", group=g)
    m.rebut("Scratch", "Cats")
    m.argument(["they-purr"], "Cats", "Purr argument", id="Purr argument", group=g)
    assert write(m) == (
        "===\n"
        "title: Debate\n"
        "description: About cats\n"
        "===\n"
        "\n"
        "# Main points\n"
        "\n"
        # mentioned twice (a premise, a supporter): defined once, referred to by its id
        "[they-purr]: They purr. {title: null}\n"
        "  + [Purr study]: Purring lowers stress. "
        "{source: Study, url: 'https://e.org/s', published: '2020'}\n"
        "\n"
        "<Purr argument>\n"
        "\n"
        "(1) [they-purr]\n"
        "----\n"
        "(2) [Cats]: Cats are great. #core\n"
        "  + [they-purr]\n"
        "  - [Scratch]: Cats scratch furniture.\n"
    )
    assert_maps_equal(m, parse(write(m)))


def test_writer_says_what_argdown_cannot_express(caplog: pytest.LogCaptureFixture) -> None:
    m = ArgumentMap()
    m.claim("a", id="a")
    m.claim("b", id="b")
    m.argument(["a"], "b", "A", id="A")
    support = m.support("a", "b")
    m.undercut("A", support)
    m.contradict("A", "a")
    with caplog.at_level(logging.WARNING, logger="argmap"):
        back = parse(write(m))
    assert "cannot express 2" in caplog.text
    assert rels(back) == {("a", "support", "b")}


def test_read_argdown_write_json(tmp_path: Path) -> None:
    src = SAMPLES / "primer.argdown"
    m = argmap.read(src)
    out = tmp_path / "primer.json"
    argmap.write(m, out)
    assert argmap.read(out) == m
    assert argmap.detect_format(src) == "argdown"
    assert argmap.detect_format("x.ad") == "argdown"


def test_sample_round_trips_through_files(tmp_path: Path) -> None:
    m = argmap.read(SAMPLES / "parser-arguments.argdown")
    out = tmp_path / "again.argdown"
    argmap.write(m, out)
    assert_maps_equal(m, argmap.read(out))
    assert m.arguments["arg-i"].meta["pcs"][2:4] == [{}, "f"]
