"""The Argdown reader's YAML-free reading of simple flow data (``{key: value, ...}``).

:func:`argmap.formats.argdown._lexer.flow_data` reads the simple flow mappings most
Argdown data blocks are without PyYAML, and declines everything else. Whenever it reads
a text, it must read it exactly as PyYAML's safe loader does (the C one the reader uses
and the pure-Python one): the same values of the same types, the same keys in the same
order. Hypothesis writes texts near the simple shapes, with the characters and words
YAML treats specially, to find a text where the two differ.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from argmap import ArgmapSyntaxError
from argmap.formats.argdown._lexer import NOT_SIMPLE, block_data, flow_data, load_yaml, plain
from argmap.formats.argdown._reader import parse_argdown

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types throughout (1 is not 1.0 nor True; -0.0 is not 0.0),
    and mappings in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float):
        return (a == b and math.copysign(1, a) == math.copysign(1, b)) or (a != a and b != b)
    return bool(a == b)


def pyyaml(text: str, loader: Any) -> Any:
    try:
        return plain(yaml.load(text, Loader=loader))
    except Exception as exc:  # what PyYAML refuses, flow_data must decline
        return exc


# scalars: what YAML 1.1 resolves specially, and what ends or breaks a plain scalar
WORDS = [
    "a", "source", "Author 87 (1999)", "yes", "No", "TRUE", "off", "on", "y", "n", "null",
    "Null", "~", "", "0", "-0", "00", "07", "1", "-12", "+1", "0.9", "-0.0", "1.", ".5",
    "1e3", "1_000", "0x1F", "1:30", "2024-01-01", "01/01/2024", ".inf", "-.inf", ".nan",
    "<<", "=", "é", "Müller", "a b", "a  b", "a #b", "a#b", "a:b", "a: b", "a\tb", "a\\b",
    "a'b", 'a"b', "-a", "?a", "!a", "&a", "*a", "|a", ">a", "%a", "@a", "`a", "a-b",
    "a.b", "a/b", "a (b)", "a\u2028b", "a\x85b", "\ufeffa", "a\x01", "123456789012345678901",
    "Author\n90 (1991)", "a \n b", "a\n\nb", "a \n \n\n  b", "\na", "a\n", "a\n---b",
    "a\n--- b", "a\n...", "a\n ---", "a\n\tb", "a\t\nb",
]  # fmt: skip


def scalar() -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS) | st.text(
        alphabet=st.sampled_from(list("ab0 .:-#,'\"\\\t\n{}[]é")), max_size=6
    )
    quoted = st.builds(
        lambda w, q: q + w + q, st.sampled_from(WORDS) | st.text(max_size=5), st.sampled_from("\"'")
    )
    return word | quoted


SPACE = st.sampled_from(["", " ", "  ", "\n", " \n ", "\t"])


def flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    item_sep = st.sampled_from([", ", ",", " , ", ",\n", ",\n  ", ", ,", " "])
    colon = st.sampled_from([": ", ":", ":  ", ":\n", " : ", ":\t"])

    def mapping(pairs: list[tuple[str, str, str, str]], a: str, b: str) -> str:
        return "{" + a + "".join(k + c + v + s for k, c, v, s in pairs)[:-1] + b + "}"

    def sequence(items: list[tuple[str, str]], a: str, b: str) -> str:
        return "[" + a + "".join(v + s for v, s in items)[:-1] + b + "]"

    pair = st.tuples(scalar(), colon, children, item_sep)
    return st.builds(mapping, st.lists(pair, max_size=4), SPACE, SPACE) | st.builds(
        sequence, st.lists(st.tuples(children, item_sep), max_size=4), SPACE, SPACE
    )


DATA = st.recursive(scalar(), flow, max_leaves=10).map(
    lambda t: t if t[:1] in "{[" else "{a: " + t + "}"
)


@settings(max_examples=1500, deadline=None)
@given(DATA)
@example('{source: "Author 87 (1999)", confidence: 0.9}')
@example("{uses: [1,2]}")
@example("{a: 1:30}")
@example("{a: b,\nc: [1, -0.0, yes, null]}")
@example('{"a\u2028b": a}')  # YAML 1.1 line separators end a simple key
@example("{a: 'b\u2029c'}")
@example('{source: "Author\n90 (1991)", confidence: 0.7}')  # a quoted scalar over lines
@example('{a: "b \n\n  c\n"}')
@example('{"a\nb": c}')  # a simple key is one line
def test_flow_data_reads_as_pyyaml(text: str) -> None:
    value = flow_data(text)
    if value is NOT_SIMPLE:
        return
    for loader in LOADERS:
        expected = pyyaml(text, loader)
        assert same(value, expected), (text, value, expected, loader)


@pytest.mark.parametrize(
    "text",
    [
        '{source: "Author 87 (1999)", confidence: 0.9}',
        "{uses: [1,2]}",
        "{uses: [1, 2, 3]}",
        "{title: Some report, sources: [{title: A, url: 'https://example.org/a'}]}",
        "{a: 1,\nb: text over\ntwo}"[:14] + "}",
        "{verified: yes, note: null}",
    ],
)
def test_the_common_data_blocks_take_the_simple_path(text: str) -> None:
    value = flow_data(text)
    assert value is not NOT_SIMPLE
    assert same(value, plain(yaml.load(text, Loader=LOADERS[-1])))


def test_load_yaml_gives_fresh_containers() -> None:
    def fail(message: str, line: int, column: int) -> Any:
        raise AssertionError(message)

    one = load_yaml("{uses: [1, 2]}", fail, "data")
    one["uses"].append(3)
    assert load_yaml("{uses: [1, 2]}", fail, "data") == {"uses": [1, 2]}


def test_what_the_simple_path_declines_still_reads_and_fails_located() -> None:
    amap = parse_argdown("[A]: text {when: 2024-01-02, at: 1:30}\n")
    assert amap.statements["A"].meta == {"when": "2024-01-02", "at": 90}
    with pytest.raises(ArgmapSyntaxError, match="invalid YAML data") as info:
        parse_argdown("[A]: text\n\n[B]: more {a: @x}\n")
    assert (info.value.line, info.value.column) == (3, 15)  # at the "@"


# ---- parse_inline's shortcuts (tags only; text, tags, then one simple flow mapping)
_INLINE_PIECES = st.sampled_from(
    [" ", "\n", "word", "Author 9 (2001)", ",", ".", "#tag", "#(two words)", "#", "(", ")",
     "{", "}", "{source: \"A (1999)\", confidence: 0.9}", "{a: 1}", "{a: [1, 2]}", "{a: {b: c}}",
     "{a: 1} #t", "[", "]", ":", "\"", "'", "@", "@[S1]", "@<A 1>", "@[a #b]", "@[",
     "\\", "\\#", "x#y", "\t", "-", "yes"]
)  # fmt: skip


def _inline(text: str, loop: bool) -> Any:
    from argmap.formats.argdown._inline import _inline_loop, parse_inline
    from argmap.formats.argdown._reader import _declined

    try:
        return _inline_loop(text, _declined, False) if loop else parse_inline(text, _declined)
    except ArgmapSyntaxError as err:
        return ("error", err.message, err.line, err.column)


@settings(max_examples=500, deadline=None)
@given(st.lists(_INLINE_PIECES, max_size=12).map("".join))
@example('text {source: "A (1999)", confidence: 0.9}')
@example("#(a {b: 1}) c")
@example("see @[a #b] and #c")
@example("#(x @[a) #b] @<c>")
@example("a #t {x: 1}  \n")
def test_parse_inline_shortcuts_agree_with_the_token_loop(text: str) -> None:
    fast, slow = _inline(text, False), _inline(text, True)
    assert fast == slow
    assert fast[0] == "error" or same(fast[2], slow[2])


# ---- front matter: simple block mappings (``key: value`` lines, nested under ``key:``)
KEY = st.sampled_from(WORDS) | st.sampled_from(
    ["title", "author", "date", "color", "tagColors", "pro", "con", "a b", "x-y", "k_1"]
)
_BLOCK_WORDS = [
    "Synthetic debate (N=1000, seed=7)", "gen_argdown.py", "01/01/2024", "10 apples",
    "https://example.org/a", "it's", 'say "x"', "a, b", "[x] y", "a {b}", "C#", "a:",
    "2024-01-01 10:00", "1e3", "12:30", "0.5.1", "٣", "x # y", "a\u00a0b", "- a", "|",
]  # fmt: skip
_BLOCK_SCALAR = scalar() | st.sampled_from(_BLOCK_WORDS) | DATA
_BLOCK_LINE = st.tuples(
    st.sampled_from(["", "", " ", "  ", "    ", "   ", "\t", "        "]),
    KEY,
    st.sampled_from([": ", ":", ": ", " : ", ":  ", ":\t", ""]),
    st.sampled_from(["", ""]) | _BLOCK_SCALAR,
    st.sampled_from(["", "", " ", "  # note", "\t"]),
).map("".join) | st.sampled_from(
    ["", "  ", "# a comment", "  # indented", "#\tx", "---", "...", "- a", "%YAML 1.1", "a"]
)


def _nested(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A mapping whose values are scalars or mappings indented under their key."""
    entry = st.tuples(KEY, _BLOCK_SCALAR.map(lambda v: " " + v) | children)

    def join(entries: list[tuple[str, str]], step: str) -> str:
        out = []
        for key, value in entries:
            if value.startswith(" "):
                out.append(key + ":" + value)
            else:
                out.append(key + ":\n" + "\n".join(step + x for x in value.split("\n")))
        return "\n".join(out)

    steps = st.sampled_from([" ", "  ", "    "])
    return st.builds(join, st.lists(entry, min_size=1, max_size=4), steps)


BLOCK = st.lists(_BLOCK_LINE, min_size=1, max_size=8).map("\n".join) | st.recursive(
    st.tuples(KEY, _BLOCK_SCALAR).map(lambda kv: kv[0] + ": " + kv[1]), _nested, max_leaves=8
)


@settings(max_examples=1500, deadline=None)
@given(BLOCK)
@example(
    "title: Synthetic debate (N=1000, seed=7)\nauthor: gen_argdown.py\ndate: 01/01/2024\n"
    'color:\n    tagColors:\n        pro: "#1b9e77"\n        con: "#d95f02"'
)
@example("a:\n  b: 1\n c: 2")  # a dedent to no level: an error
@example("a: b\n  c")  # a plain scalar over two lines
@example("a:\n\n  # note\n  b: [1, 2]\nc:")
def test_block_data_reads_as_pyyaml(text: str) -> None:
    value = block_data(text)
    if value is NOT_SIMPLE:
        return
    for loader in LOADERS:
        expected = pyyaml(text, loader)
        assert same(value, expected), (text, value, expected, loader)


def test_the_common_front_matter_takes_the_simple_path() -> None:
    text = (
        "title: Pros and Cons\nsubTitle: A Simple Analysis  \nauthor: Gregor Betz (ed.)\n"
        "date: 22/10/2018\ncolor:\n    colorScheme: colorbrewer-set3\n    tagColors:\n"
        '        pro: 0\n        con: "#d95f02"\ndot:\n  graphVizSettings:\n    "rankdir": "TB"'
    )
    value = block_data(text)
    assert value is not NOT_SIMPLE
    assert same(value, plain(yaml.load(text, Loader=LOADERS[-1])))
