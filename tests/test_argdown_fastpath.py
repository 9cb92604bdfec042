"""The Argdown reader's fast path against its general path (a differential test).

The reader takes paragraphs of the common shapes (``[T]: text`` with relations below,
``(1) [T]`` premise-conclusion structures, one-line headings) on a fast path and every
other paragraph line by line (``parse_argdown(..., fast=False)`` reads everything line by
line). Both must give the same map — elements in the same order with the same locations —,
the same reader findings and suppressions, and the same errors (messages, files, lines,
columns), on the corpus, on generated debates and on generated Argdown-like text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from argmap import ArgmapSyntaxError, Argument, Location
from argmap._model import _trusted_argument
from argmap.formats.argdown import _reader
from argmap.formats.argdown._reader import parse_argdown
from markers import CORPUS, DATA, ROOT

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def _plain(value: Any) -> Any:
    """Model values as plain data, locations included (they do not take part in ==)."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value).__name__, {f.name: _plain(getattr(value, f.name)) for f in fields})
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(text: str, path: str | None, *, fast: bool) -> Any:
    """What reading ``text`` gives, as plain data: the map in order, or the errors."""
    try:
        amap = parse_argdown(text, path, fast=fast)
    except ArgmapSyntaxError as err:
        return [
            "errors",
            [
                (e.message, e.path, e.line, e.column, e.source_line, e.expected)
                for e in (err, *err.errors)
            ],
        ]
    return [
        amap.title,
        amap.description,
        amap.meta,
        list(amap.included_paths),
        *([(k, _plain(v)) for k, v in table.items()] for table in _tables(amap)),
        [_plain(f) for f in amap.reader_findings],
        repr(amap._suppressions),
    ]


def _tables(amap: Any) -> tuple[dict[str, Any], ...]:
    return (amap._statements, amap._arguments, amap._relations, amap._groups)


def assert_same(text: str, path: str | None = "in.argdown") -> None:
    general = snapshot(text, path, fast=False)
    fast = snapshot(text, path, fast=True)
    assert fast == general


def slow_paragraphs(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many paragraphs of ``text`` the fast path leaves to the general path."""
    calls: list[int] = []
    general = _reader._Parser.parse_lines

    def counting(self: Any, lines: Any) -> bool:
        calls.append(len(lines))
        return general(self, lines)

    with monkeypatch.context() as m:
        m.setattr(_reader._Parser, "parse_lines", counting)
        parse_argdown(text, "in.argdown")
    return len(calls)


# ---------------------------------------------------------------------- real files

_FILES = sorted((DATA / "argdown").glob("*.argdown")) + sorted(
    (CORPUS / "argdown").rglob("*.argdown") if CORPUS is not None else []
)


@pytest.mark.parametrize("path", _FILES, ids=lambda p: p.name)
def test_fast_and_general_paths_agree_on_real_files(path: Path) -> None:
    assert_same(path.read_text(encoding="utf-8"), str(path))


def test_real_files_are_there() -> None:
    assert len(_FILES) >= 2


_GEN = (
    (CORPUS.parent if CORPUS is not None else ROOT.parent / "shared") / "bench" / "gen_argdown.py"
)


@pytest.mark.skipif(not _GEN.is_file(), reason="the shared benchmark generator is not there")
@pytest.mark.parametrize(("n", "seed"), [(60, 1), (300, 7), (1000, 3)])
def test_generated_debates_take_the_fast_path_and_agree(
    n: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = subprocess.run(
        [sys.executable, str(_GEN), str(n), str(seed)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert slow_paragraphs(text, monkeypatch) == 0  # every paragraph on the fast path
    assert_same(text)


# ---------------------------------------------------------------------- generated text

_TITLES = st.sampled_from(["S1", "S2", "A b", "x", "S 1", "+p", "_u", "a]b", "é"])
_REF = st.one_of(_TITLES.map(lambda t: f"[{t}]"), _TITLES.map(lambda t: f"<{t}>"))
_SYMS = st.sampled_from(["+", "-", "_", "<+", "<-", "<_", "+>", "->", "_>", "><"])
_WORDS = st.sampled_from(
    [
        "text",
        "more words",
        "#tag",
        "#(two words)",
        "@[S1]",
        "@<A b>",
        "{a: 1}",
        "{source: s}",
        "{uses: [1,2]}",
        "{bad: [",
        "\\[",
        "_italic_",
        "**bold**",
        "[link](https://e.org/x)",
        "(2005)",
        "(1)",
        "[S2]",
        "<A b>:",
        "--",
        "\x0c",
        "\u00a0",
        "//c",
        "/* c */",
        "\t",
        "",
    ]
)
_TEXT = st.lists(_WORDS, max_size=4).map(" ".join)


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    indent = " " * draw(st.sampled_from([0, 0, 2, 4, 8]))
    if kind == 0:
        return indent + draw(_REF) + ":" + draw(_TEXT)
    if kind == 1:
        return " " * draw(st.integers(1, 8)) + draw(_SYMS) + " " + draw(_REF)
    if kind == 2:
        return f"{indent}({draw(st.integers(1, 4))}) " + draw(st.one_of(_REF, _TEXT))
    if kind == 3:
        return indent + draw(st.sampled_from(["-----", "--", "---- ", "-- rule --"]))
    if kind == 4:
        return draw(st.sampled_from(["# ", "## ", "#"])) + draw(_TEXT)
    if kind == 5:
        return indent + draw(_REF)
    if kind == 6:
        return draw(st.sampled_from(["", "  ", "// only a comment", "/* a\nb */"]))
    return indent + draw(_TEXT)


_ARGDOWNISH = st.lists(_line(), max_size=16).map("\n".join)


@_SETTINGS
@given(_ARGDOWNISH)
@example("[S1]: a\n    + [S2]\n        - <A b>\n\n<A b>: d\n\n(1) [S1]\n-----\n(2) [S2]")
@example("<A>: d\n\n(1) [S1]\n--\nr1, r2 {uses: [1]}\n--\n(2) [S2]\n\n(1) [S3]\n--\n(2) [S4]")
@example("<A>: d\n\n(1) [S1]\n----\n(2) [S2]\n\n(1) [S1]\n----\n(2) [S3]")  # a second pcs
@example("[S1]: a\n    >< <A>\n\n[S1]: b\n// c\n[S2]\n  + [S1]")
@example("# H {id: x}\n\n# H {id: x\n\n[S1]: t {a: 1} more\n\n[S1]: t {bad: [\n")
def test_fast_and_general_paths_agree_on_argdownish_text(text: str) -> None:
    assert_same(text)


@_SETTINGS
@given(_ARGDOWNISH, st.integers(1, 3))
def test_the_paths_agree_when_reading_stops_early(text: str, max_errors: int) -> None:
    """With few errors allowed, reading stops at the same point on both paths."""
    results = []
    for fast in (False, True):
        try:
            parse_argdown(text, "x.argdown", max_errors=max_errors, fast=fast)
            results.append(None)
        except ArgmapSyntaxError as err:
            results.append([(e.message, e.line, e.column) for e in (err, *err.errors)])
    assert results[0] == results[1]


def test_fast_path_shapes_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "# Topic\n\n[S1]: A text\ncontinued _here_ and [a link](https://e.org)\n(2005), too.\n"
        "    + [S2]\n        - <A1>\n    -> <A2>\n\n<A1>: An argument. #pro\n    _> <A2>\n\n"
        "(1) [S2]\n    - [S3]\n(2) [S4]\n--\nModus ponens {uses: [1, 2]}\n--\n(3) [S1]\n\n"
        "// a comment\n\n[S3]\n    + [S4]\n"
    )
    assert slow_paragraphs(text, monkeypatch) == 0
    assert_same(text)
    amap = parse_argdown(text, "in.argdown")
    assert amap.arguments["A1"].premises == ("S2", "S4")
    assert amap.arguments["A1"].meta["pcs"][2] == {
        "rules": ["Modus ponens"],
        "data": {"uses": [1, 2]},
    }
    assert amap.statements["S1"].text == (
        "A text continued _here_ and [a link](https://e.org) (2005), too."
    )
    assert amap.relations["S2 -support-> S1"].location == Location("in.argdown", 6, 5)


def test_unusual_paragraphs_go_to_the_general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "[S1]: text\n    + [S2]: inline definition\n\n  [S3]: indented\n\n* a list\n"
    assert slow_paragraphs(text, monkeypatch) == 3
    assert_same(text)


def test_trusted_argument_is_the_argument() -> None:
    loc = Location("f.argdown", 3, 1)
    made = Argument(
        id="a", premises=["p", "q"], conclusion="c", title="A", text="t", tags=["x"],
        group="g", meta={"k": 1}, location=loc,
    )  # fmt: skip
    trusted = _trusted_argument("a", ("p", "q"), "c", "A", "t", ("x",), "g", {"k": 1}, loc)
    assert trusted == made
    assert trusted.location == made.location
    assert type(trusted.premises) is tuple
    assert type(trusted.tags) is tuple
