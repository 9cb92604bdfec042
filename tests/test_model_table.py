"""The relation table (a reader's attacks kept as columns) against the eager model.

The ``.apx`` reader has a path for the common large framework: every ``arg`` line, then
every ``att`` line, the names one prefix and a number (``a0``, ``a1``, ...), read as
integers from the whole text. These properties draw such frameworks, near misses of
them (a leading zero, a name twice, an undeclared or unprefixed name, a repeated
attack, a comment) and check that what is read — map, locations, order, or located
error — is what the line-by-line slow path reads, and that a map holding its relations
as a table answers as the same map built relation by relation.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapSyntaxError, ArgumentMap
from argmap.evaluate import grounded, to_af
from argmap.formats import iccma
from argmap.formats.iccma import ApxReader, ICCMAOptions, _apx_numbered, _lf
from argmap.plugin import map_features
from argmap.testing import maps
from test_iccma import _everything

_READER = ApxReader()


def _outcome(text: str, how: str, **limits: int) -> object:
    opts = ICCMAOptions(**limits)
    try:
        if how == "slow":
            return _everything(_READER._slow(text, opts, "m"))
        return _everything(_READER.parse_map(text, opts, path="m"))
    except ArgmapSyntaxError as exc:
        return (str(exc), exc.path, exc.line, exc.column, exc.source_line, exc.expected)


@st.composite
def _numbered(draw: st.DrawFn) -> str:
    """A framework with numbered names (in or out of order, with gaps or not), its
    attacks possibly repeated."""
    prefix = draw(st.sampled_from(["a", "", "arg_", "x1y", "é"]))
    n = draw(st.integers(1, 12))
    start = draw(st.integers(0, 3))
    numbers = list(range(start, start + n))
    if draw(st.booleans()):
        numbers = draw(st.permutations(numbers))
    if draw(st.booleans()):
        numbers = [k * draw(st.integers(1, 7)) + k for k in numbers]
        numbers = list(dict.fromkeys(numbers))
    names = [f"{prefix}{k}" for k in numbers]
    pairs = st.tuples(st.integers(0, len(names) - 1), st.integers(0, len(names) - 1))
    attacks = draw(st.lists(pairs, max_size=25))
    if attacks and draw(st.booleans()):
        attacks.append(draw(st.sampled_from(attacks)))  # a repeated attack
    lines = [f"arg({x})." for x in names] + [f"att({names[a]},{names[b]})." for a, b in attacks]
    end = draw(st.sampled_from(["\n", "", "\r\n"]))
    sep = "\r\n" if end == "\r\n" else "\n"
    return sep.join(lines) + end


@settings(max_examples=300, deadline=None)
@given(_numbered())
def test_numbered_path_is_the_slow_path(text: str) -> None:
    fast = _apx_numbered(_lf(text), ICCMAOptions(), "m")
    assert fast is not None, text  # the layout it is for: else this tests nothing
    slow = _READER._slow(text, ICCMAOptions(), "m")
    assert _everything(fast) == _everything(slow)
    assert fast.counts() == slow.counts()


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_numbered_near_misses(data: st.DataObject) -> None:
    """One edit of a numbered framework (a character inserted, deleted or replaced, a
    line repeated, a comment or blank line), under a limit or two: reading gives what the
    slow path alone gives, map or located error."""
    text = data.draw(_numbered())
    how = data.draw(st.sampled_from(["char", "line", "comment"]))
    lines = text.split("\n")
    if how == "char":
        at = data.draw(st.integers(0, len(text)))
        char = data.draw(st.sampled_from("a0 1\t\n\r%(),.-+e"))
        cut = data.draw(st.sampled_from([0, 1]))
        text = text[:at] + char + text[at + cut :]
    elif how == "line":
        k = data.draw(st.integers(0, len(lines) - 1))
        lines.insert(data.draw(st.integers(0, len(lines))), lines[k])
        text = "\n".join(lines)
    else:
        lines.insert(data.draw(st.integers(0, len(lines))), data.draw(st.sampled_from(["", "% c"])))
        text = "\n".join(lines)
    limits = data.draw(
        st.fixed_dictionaries(
            {}, optional={"max_arguments": st.integers(0, 14), "max_attacks": st.integers(0, 26)}
        )
    )
    assert _outcome(text, "read", **limits) == _outcome(text, "slow", **limits)


@pytest.mark.parametrize(
    "text",
    [
        "arg(a01).\narg(a1).\n",  # a leading zero: a different name from a1
        "arg(a1).\narg(a1).\n",  # declared twice
        "arg(a1).\natt(a1,a2).\n",  # undeclared
        "arg(a1).\narg(b2).\natt(a1,b2).\n",  # two prefixes
        "arg(a1).\narg(2).\natt(a1,2).\n",
        "arg(a1).\narg(a5).\natt(a1,5).\n",  # a target without the prefix
        "arg(a1).\narg(a5).\natt(5,a1).\n",
        "arg(a1).\narg(a5).\natt(a1,a3).\n",  # undeclared, between two declared
        "arg(a5).\narg(a1).\natt(a1,a3).\n",
        "arg(a-0).\narg(a0).\n",
        "arg(a1e1).\narg(a10).\n",
        "arg(a1).\natt(a1,a1).\narg(a2).\n",  # an arg after the attacks
    ],
)
def test_numbered_path_declines_what_it_cannot_read(text: str) -> None:
    assert _apx_numbered(_lf(text), ICCMAOptions(), "m") is None
    assert _outcome(text, "read") == _outcome(text, "slow")


@settings(max_examples=100, deadline=None)
@given(_numbered())
def test_table_answers_as_the_eager_map(text: str) -> None:
    """A map still holding its relations as a table (counting, evaluating, main claims
    through the lazy build) against the same framework read line by line."""
    lazy = _READER.parse_map(text, ICCMAOptions(), path="m")
    eager = _READER._slow(text, ICCMAOptions(), "m")
    assert lazy._table is not None or not eager.relations  # else this tests nothing
    assert lazy.counts() == eager.counts()
    assert map_features(lazy) == map_features(eager)
    assert lazy._table is not None or not eager.relations  # the report built no Relation
    af_lazy, af_eager = to_af(lazy), to_af(eager)
    assert af_lazy.names == af_eager.names
    assert list(map(sorted, af_lazy.attacks)) == list(map(sorted, af_eager.attacks))
    assert grounded(lazy) == grounded(eager)
    assert [n.id for n in lazy.main_claims()] == [n.id for n in eager.main_claims()]
    assert lazy == eager
    assert _everything(lazy) == _everything(eager)


@settings(max_examples=200, deadline=None)
@given(
    keys=st.lists(st.integers(0, 40), max_size=120),
    size=st.sampled_from([1, 2, 3, 7, 64, 4096]),
)
def test_repeats_are_the_later_occurrences(keys: list[int], size: int) -> None:
    """Whatever the slice the set is filled by: the positions of the keys that stand
    earlier, as a dict of first positions finds them."""
    first: dict[int, int] = {}
    expected = [at for at, key in enumerate(keys) if first.setdefault(key, at) != at]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(iccma, "_SLICE", size)
        assert iccma._repeats(keys) == expected


@pytest.mark.parametrize("many", [3, 200])
def test_many_repeated_attacks_are_kept_once(many: int) -> None:
    """A few repeats are deleted where they stand, many through a mask: same map."""
    names = [f"a{k}" for k in range(5)]
    attacks = [(k % 5, (k * 3) % 5) for k in range(many)] + [(4, 0)]
    text = "".join(f"arg({x}).\n" for x in names) + "".join(
        f"att({names[a]},{names[b]}).\n" for a, b in attacks
    )
    fast = _apx_numbered(text, ICCMAOptions(), "m")
    assert fast is not None
    assert _everything(fast) == _everything(_READER._slow(text, ICCMAOptions(), "m"))


@pytest.mark.parametrize(
    "text",
    [
        "arg(a1).\narg(a2).\natt(a1,a2,a1).\natt(a2).\n",  # commas moved between lines
        "arg(a0).\natt(a0,a0,a0).\natt(a0).\n",
        "arg(a1).\narg(a2).\natt(a1,a2).\natt(a2,a1)\n.\n",
        "arg(a1).\n arg(a2).\n",  # a blank before a fact
        "arg(a1).\narg(a2). \n",
        "arg(a1).\narg(a2).\natt(a1,a2).5\n",
        "arg(a1).\narg(a2).\n5att(a1,a2).\n",
        "arg(a1).\narg(a2).\natt(a15,a2).\natt(1a,a2).\n",
        "arg(a1).\narg(a99999999999999999999999).\n",  # past 64 bits: a float to JSON
        "arg(a1).\narg(a\u20282).\n",
        "arg(a\n1).\n",
        "arg(a1).\narg(a\udc802).\n",  # a lone surrogate (not encodable): no traceback
    ],
)
def test_numbered_layout_is_proved_without_a_pattern(text: str) -> None:
    """Near misses that only the counts and the digit-free line catch."""
    assert _apx_numbered(text, ICCMAOptions(), "m") is None
    assert _outcome(text, "read") == _outcome(text, "slow")


@settings(max_examples=100, deadline=None)
@given(maps())
def test_a_render_report_counts_a_table_as_its_relations(amap: ArgumentMap) -> None:
    """What a writer's report counts (:func:`map_features`) on a map read back from
    native JSON with its relations still a table is what it counts on the same map with
    its relations built, and counting builds none."""
    text = argmap.render(amap, "json")
    lazy, eager = argmap.parse(text, "json"), argmap.parse(text, "json")
    len(eager.relations)  # built
    had_table = lazy._table is not None
    assert map_features(lazy) == map_features(eager) == map_features(amap)
    assert (lazy._table is not None) == had_table
