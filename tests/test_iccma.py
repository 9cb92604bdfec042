"""Readers for the ICCMA formats: ICCMA'23 (.af), ASPARTIX (.apx), TGF (.tgf)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapError, ArgmapSyntaxError, RelationKind
from argmap.formats.iccma import ApxReader, ICCMAOptions, ICCMAReader, TgfReader


def _attacks(amap: argmap.ArgumentMap) -> set[tuple[str, str]]:
    assert all(r.kind is RelationKind.ATTACK for r in amap.relations.values())
    return {(r.source, r.target) for r in amap.relations.values()}


def test_iccma23() -> None:
    text = "# a comment\np af 3\n# names are ignored\n1 2\n2 3\n\n3 3\n1 2\n"
    m = ICCMAReader().parse(text, path="x.af")
    assert list(m.statements) == ["1", "2", "3"]
    assert _attacks(m) == {("1", "2"), ("2", "3"), ("3", "3")}
    assert len(m.relations) == 3  # the repeated attack is kept once
    rel = m.relations["1 -attack-> 2"]
    assert rel.location is not None
    assert rel.location.line == 4


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("1 2\n", 1, 1, "missing header"),
        ("p af x\n", 1, 6, "bad number"),
        ("p af 123456789012\n", 1, 6, "more than this reader accepts"),
        ("p af 2\n1 3\n", 2, 3, "'3' is not an argument"),
        ("p af 2\n1 2 2\n", 2, 1, "two argument numbers"),
        ("p af 2\n  0 1\n", 2, 3, "'0' is not an argument"),
        ("# only a comment\n", 1, 1, "no 'p af N' header"),
        ("", 1, 1, "no 'p af N' header"),
    ],
)
def test_iccma23_errors_are_located(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ArgmapSyntaxError, match=message) as info:
        ICCMAReader().parse(text, path="bad.af")
    err = info.value
    assert (err.path, err.line, err.column) == ("bad.af", line, column)


def test_apx() -> None:
    text = "% ASPARTIX\narg(a). arg(b).\narg( c ).\natt(a,b).\natt(b, c). att(c,a).\n"
    m = ApxReader().parse(text)
    assert list(m.statements) == ["a", "b", "c"]
    assert _attacks(m) == {("a", "b"), ("b", "c"), ("c", "a")}
    loc = m.relations["c -attack-> a"].location
    assert loc is not None
    assert (loc.line, loc.column) == (5, 12)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("arg(a).\nfoo(b).\n", 2, 1, "not an ASPARTIX fact"),
        ("arg(a).\natt(a,b).\n", 2, 1, "undeclared argument 'b'"),
        ("arg(a).\n  arg(a).\n", 2, 3, "declared twice"),
        ("arg(a)\n", 1, 1, "not an ASPARTIX fact"),
        ("arg(a). att(a,a", 1, 9, "not an ASPARTIX fact"),
    ],
)
def test_apx_errors_are_located(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ArgmapSyntaxError, match=message) as info:
        ApxReader().parse(text, path="bad.apx")
    err = info.value
    assert (err.line, err.column) == (line, column)
    assert err.source_line is not None


def test_tgf() -> None:
    m = TgfReader().parse("a\nb The second argument\nc\n#\na b\nb c edge label\nc c \n")
    assert list(m.statements) == ["a", "b", "c"]
    assert m.statements["b"].text == "The second argument"
    assert _attacks(m) == {("a", "b"), ("b", "c"), ("c", "c")}


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a\n#\na z\n", 3, 3, "undeclared argument 'z'"),
        ("a\n#\na\n", 3, 1, "two arguments"),
        ("a\na\n#\n", 2, 1, "declared twice"),
        ("a\n#\n#\n", 3, 1, "second '#'"),
    ],
)
def test_tgf_errors_are_located(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ArgmapSyntaxError, match=message) as info:
        TgfReader().parse(text)
    assert (info.value.line, info.value.column) == (line, column)


def _outcome(reader: argmap.plugin.Reader, text: str) -> argmap.ArgumentMap | ArgmapError:
    """The map, or the argmap error; anything else propagates and fails the test."""
    try:
        return reader.parse(text)
    except ArgmapError as exc:
        return exc


@pytest.mark.parametrize("reader", [ICCMAReader(), ApxReader(), TgfReader()])
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("pa f0123#\n\t ()arg.t,x%"), max_size=60))
def test_fuzz_only_syntax_errors(reader: argmap.plugin.Reader, text: str) -> None:
    out = _outcome(reader, text)
    if isinstance(out, ArgmapError):
        assert isinstance(out, ArgmapSyntaxError)
        assert out.line is not None
    else:
        for r in out.relations.values():
            assert r.source in out.statements
            assert r.target in out.statements


@pytest.mark.parametrize("reader", [ICCMAReader(), ApxReader(), TgfReader()])
@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80))
def test_fuzz_any_text(reader: argmap.plugin.Reader, text: str) -> None:
    out = _outcome(reader, text)
    assert isinstance(out, (argmap.ArgumentMap, ArgmapSyntaxError))


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=0, max_value=12),
    data=st.data(),
)
def test_three_formats_agree(n: int, data: st.DataObject) -> None:
    pairs = data.draw(
        st.lists(st.tuples(st.integers(1, max(n, 1)), st.integers(1, max(n, 1))), max_size=20)
        if n
        else st.just([])
    )
    af = f"p af {n}\n" + "".join(f"{a} {b}\n" for a, b in pairs)
    apx = "".join(f"arg({i}).\n" for i in range(1, n + 1)) + "".join(
        f"att({a},{b}).\n" for a, b in pairs
    )
    tgf = (
        "".join(f"{i}\n" for i in range(1, n + 1)) + "#\n" + "".join(f"{a} {b}\n" for a, b in pairs)
    )
    maps = [r.parse(t) for r, t in ((ICCMAReader(), af), (ApxReader(), apx), (TgfReader(), tgf))]
    assert maps[0] == maps[1] == maps[2]


@pytest.mark.corpus
def test_registered_readers_by_extension(corpus: Path) -> None:
    for sub, name, n in (
        ("af", "admbuster_1000.af", 1000),
        ("apx", "ASSAT_LLM_a.apx", 4),
        ("tgf", "ASSAT_LLM_b.tgf", 8),
    ):
        m = argmap.read(corpus / "iccma" / sub / name)
        assert len(m) == n
        assert m.source_path is not None
        assert m.source_path.endswith(name)


def test_sniffing() -> None:
    assert ICCMAReader().sniff("# c\np af 3\n1 2\n") == 1.0
    assert ICCMAReader().sniff("arg(a).") == 0.0
    assert ApxReader().sniff("arg(a).\n") > 0.5
    assert ApxReader().sniff("p af 2") == 0.0


@pytest.mark.parametrize(
    ("reader", "text", "options", "line", "column", "message"),
    [
        # 13 bytes that once made ten million claims (~90 s, >2.5 GB, then MemoryError)
        (ICCMAReader(), "p af 9999999\n", {}, 1, 6, "more than this reader accepts"),
        # more digits than int() converts: a ValueError before
        (ICCMAReader(), "p af " + "9" * 5000 + "\n", {}, 1, 6, "max_arguments"),
        (ICCMAReader(), "p af 5\n", {"max_arguments": 4}, 1, 6, "max_arguments"),
        (ICCMAReader(), "p af 3\n1 2\n2 3\n", {"max_attacks": 1}, 3, 1, "max_attacks"),
        (ICCMAReader(), "p af 3\n1 2\n", {"max_bytes": 5}, 1, 1, "max_bytes"),
        (ApxReader(), "arg(a).\narg(b).\n", {"max_arguments": 1}, 2, 1, "max_arguments"),
        (ApxReader(), "arg(a). att(a,a).\natt(a , a).\n", {"max_attacks": 1}, 2, 1,
         "max_attacks"),
        (ApxReader(), "arg(a).\n att(a,a).\n att(a, a).\n", {"max_attacks": 1}, 3, 2,
         "max_attacks"),
        (TgfReader(), "a\nb\n#\na b\nb a\n", {"max_attacks": 1}, 5, 1, "max_attacks"),
        (TgfReader(), "a\nb\n", {"max_arguments": 1}, 2, 1, "max_arguments"),
    ],
)
def test_limits_are_options_and_located_errors(
    reader: argmap.plugin.Reader,
    text: str,
    options: dict[str, int],
    line: int,
    column: int,
    message: str,
) -> None:
    with pytest.raises(ArgmapSyntaxError, match=message) as info:
        reader.parse(text, path="big", **options)
    assert (info.value.path, info.value.line, info.value.column) == ("big", line, column)


def test_apx_fast_and_general_paths_agree() -> None:
    one_a_line = "arg(a).\narg(b).  % two\natt(a,b).\n  att( b , a ) .\n"
    spread = "arg(a). arg(b).\natt(a,\nb). att(b,a)."
    for text in (one_a_line, spread):
        m = ApxReader().parse(text)
        assert _attacks(m) == {("a", "b"), ("b", "a")}
    loc = ApxReader().parse(one_a_line).relations["b -attack-> a"].location
    assert loc is not None
    assert (loc.line, loc.column) == (4, 3)


# ------------------------------------------------ the fast path against the slow one
def _everything(amap: argmap.ArgumentMap) -> tuple[object, ...]:
    """All a reader makes, in order, locations included (map equality ignores both)."""
    return (
        [(s.id, s.text, s.kind, s.location) for s in amap.statements.values()],
        [(r.id, r.kind, r.source, r.target, r.location) for r in amap.relations.values()],
        {k: list(v) for k, v in amap._out.items()},
        {k: list(v) for k, v in amap._in.items()},
    )


def _render(reader: argmap.plugin.Reader, names: list[str], attacks: list[tuple[int, int]],
            extras: list[int], crlf: bool) -> str:
    """The framework in the fast path's layout; ``extras`` put a blank or comment line
    before the line of that index."""
    if isinstance(reader, ICCMAReader):
        lines = [f"p af {len(names)}"] + [f"{a + 1} {b + 1}" for a, b in attacks]
        comment = "# c"
    elif isinstance(reader, ApxReader):
        lines = [f"arg({n})." for n in names] + [f"att({names[a]},{names[b]})." for a, b in
                                                 attacks]
        comment = "% c"
    else:
        lines = [*names, "#"] + [f"{names[a]}\t{names[b]}" for a, b in attacks]
        comment = ""
    for k, at in enumerate(sorted(extras, reverse=True)):
        lines.insert(min(at, len(lines)), comment if k % 2 else "")
    return ("\r\n" if crlf else "\n").join(lines) + "\n"


_READERS = [ICCMAReader(), ApxReader(), TgfReader()]
_NAME = st.text(alphabet="abcxyz019_é", min_size=1, max_size=4)


@st.composite
def _framework(draw: st.DrawFn, reader: argmap.plugin.Reader) -> str:
    if isinstance(reader, ICCMAReader):
        n = draw(st.integers(0, 8))
        names = [str(i) for i in range(1, n + 1)]
    else:
        names = draw(st.lists(_NAME, max_size=8, unique=True))
    pairs = st.tuples(st.integers(0, len(names) - 1), st.integers(0, len(names) - 1))
    attacks = draw(st.lists(pairs, max_size=20)) if names else []
    extras = draw(st.lists(st.integers(0 if isinstance(reader, ApxReader) else 1, 40),
                           max_size=4))
    return _render(reader, names, attacks, extras, draw(st.booleans()))


@pytest.mark.parametrize("reader", _READERS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_path_is_the_slow_path(reader: argmap.plugin.Reader, data: st.DataObject) -> None:
    text = data.draw(_framework(reader))
    opts = ICCMAOptions()
    fast = reader._fast(text, opts, "f")  # type: ignore[attr-defined]
    assert fast is not None, text  # the layout it is for: else this tests nothing
    assert _everything(fast) == _everything(reader._slow(text, opts, "f"))  # type: ignore[attr-defined]


def _located(reader: argmap.plugin.Reader, text: str, how: str, **options: int) -> object:
    opts = ICCMAOptions(**options)
    try:
        if how == "slow":
            return _everything(reader._slow(text, opts, "m"))  # type: ignore[attr-defined]
        return _everything(reader.parse_map(text, opts, path="m"))
    except ArgmapSyntaxError as exc:
        return (str(exc), exc.path, exc.line, exc.column, exc.source_line, exc.expected)


@pytest.mark.parametrize("reader", _READERS)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_fast_path_on_malformed_input(reader: argmap.plugin.Reader, data: st.DataObject) -> None:
    """A framework with one character inserted, deleted or replaced, and a limit or two:
    reading (fast path first) gives what the slow path alone gives, map or located
    error; and when the fast path takes the text, its map is the slow path's."""
    text = data.draw(_framework(reader))
    at = data.draw(st.integers(0, len(text)))
    char = data.draw(st.sampled_from("a1 \t\n\r#%(),.0x\x0c\u2028é"))
    cut = data.draw(st.sampled_from([0, 1]))
    text = text[:at] + char + text[at + cut :]
    limits = data.draw(st.fixed_dictionaries({}, optional={
        "max_arguments": st.integers(0, 6), "max_attacks": st.integers(0, 10)}))
    slow = _located(reader, text, "slow", **limits)
    assert _located(reader, text, "read", **limits) == slow
    fast = reader._fast(text, ICCMAOptions(**limits), "m")  # type: ignore[attr-defined]
    if fast is not None:
        assert _everything(fast) == slow
