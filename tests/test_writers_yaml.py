"""The Argdown writer's own flow-YAML emitter (issue 18 item 4): for the data it writes
itself it gives exactly PyYAML's text, and what it writes reads back to the same data."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgumentMap
from argmap.formats.argdown._writer import _dump, _dump_pyyaml, _flow_dict, _Unusual

# characters that matter to YAML's choice of style, to Argdown comments, and some that
# PyYAML double-quotes (control characters, line breaks, the byte order mark)
_TRICKY = list("aZ09 -+.:#,[]{}&*!|>'\"%@`?~=<_/\\\t\n\x85\u2028\ufeff\x7féü中\U0001f600")
_WORDS = [
    "yes",
    "No",
    "null",
    "~",
    "1_0",
    "0x1F",
    "1:20",
    "2024-05-01",
    "1e5",
    ".5",
    ".inf",
    "<<",
    "=",
    "---x",
    "...",
    "- x",
    "-x",
    "-",
    "on",
    "OFF",
    "true",
    "a #b",
    "a#b",
]
text = st.one_of(
    st.text(st.sampled_from(_TRICKY), max_size=12), st.sampled_from(_WORDS), st.text(max_size=8)
)
scalar = st.one_of(text, st.integers(), st.floats(), st.booleans(), st.none())
value = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=12,
)
data = st.dictionaries(text, value, min_size=1, max_size=5)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data)
def test_flow_yaml_is_pyyaml_text(d: dict[str, Any]) -> None:
    assert _dump(d) == _dump_pyyaml(d)


def test_unusual_values_go_to_pyyaml() -> None:
    shared: list[int] = [1]
    for d in (
        {"a": shared, "b": shared},
        {"k": "two\nlines"},
        {"k": "\t"},
        {"": 1},
        {"k" * 130: 1},
        {"k": (1, 2)},
        {1: "int key"},
    ):
        try:
            _flow_dict(d, {id(d)}, 0)
        except _Unusual:
            pass
        else:
            raise AssertionError(f"{d!r} should be left to PyYAML")
        assert _dump(d) == _dump_pyyaml(d)  # type: ignore[arg-type]
    assert _dump({"a": shared, "b": shared}) == "{a: &id001 [1], b: *id001}"


# what the round trip can carry: data keys the reader keeps as metadata, values that are
# not dates or other YAML types the reader gives back differently
_PLAIN = st.text(st.sampled_from(list("ab Z09-+.:#,[]{}&*!|>'\"%@`?~=_/é中")), max_size=10)
_rt_scalar = st.one_of(
    _PLAIN.filter(lambda t: not any(c.isdigit() for c in t)),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
_rt_value = st.recursive(
    _rt_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["p", "q r"]), inner)
    ),
    max_leaves=6,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["k", "note", "x y", "weight"]), _rt_value, min_size=1))
def test_data_round_trips_through_the_reader(meta: dict[str, Any]) -> None:
    m = ArgumentMap("Data")
    a = m.claim("Cities should ban cars.", id="a", **meta)
    m.support(m.claim("Cars pollute.", id="b", n=1), a)
    text = argmap.render(m, "argdown")
    assert isinstance(text, str)
    back = argmap.parse(text, "argdown")
    got = back.statements["a"].meta
    assert _same(got, meta), (text, got, meta)


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return x == y or (math.isnan(x) and math.isnan(y))
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_same(x[k], y[k]) for k in x)
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(_same(a, b) for a, b in zip(x, y, strict=True))
    return type(x) is type(y) and x == y
