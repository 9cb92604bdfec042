"""Declared plugin options (``argmap.plugin.option``): how values are read from text and
Python, what a bad one says, and that every built-in declaration behaves on any input."""

from __future__ import annotations

import pickle
from typing import Any, ClassVar, Literal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap.plugin import OptionSpec, option, option_specs, parse_options


@attrs.frozen
class Demo:
    direction: Literal["BT", "TB", "LR", "RL"] = option("BT", help="which way")
    wrap: int = option(32, help="wrap at", min=0, max=500)
    ratio: float = option(0.5, help="a ratio", min=0, max=1)
    show: bool = option(True, help="show it")
    tags: tuple[str, ...] | None = option(None, help="only these")
    depth: int | None = option(None, help="how deep", min=0)
    theme: str = option("default", help="colours", choices=("default", "mono"))
    name: str | None = option(None, help="a name")
    anything: Any = option(None, help="passed through")


def test_text_and_typed_values_give_the_same_options() -> None:
    from_text = parse_options(
        Demo,
        {"direction": "lr", "wrap": "12", "ratio": "0.25", "show": "off", "tags": "a, b,",
         "depth": "none", "theme": "MONO", "name": "none"},
    )  # fmt: skip
    typed = parse_options(
        Demo,
        {"direction": "LR", "wrap": 12, "ratio": 0.25, "show": False, "tags": ["a", "b"],
         "depth": None, "theme": "mono", "name": "none"},
    )  # fmt: skip
    assert from_text == typed
    assert from_text.name == "none"  # text that may be a real value stays text
    assert from_text.tags == ("a", "b")
    assert parse_options(Demo, {}) == Demo()
    assert parse_options(Demo, {"show-evidence" if False else "wrap": 0}).wrap == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"wrap": "wide"}, "option wrap='wide' is not allowed: expected a whole number >= 0 "
         "and <= 500"),
        ({"wrap": 501}, "expected a whole number >= 0 and <= 500"),
        ({"wrap": True}, "expected a whole number"),
        ({"wrap": 2.5}, "expected a whole number"),
        ({"ratio": "x"}, "expected a number >= 0 and <= 1"),
        ({"show": "maybe"}, "option show='maybe' is not allowed: expected true or false"),
        ({"direction": "up"}, "expected one of BT, TB, LR, RL"),
        ({"theme": "neon"}, "expected one of default, mono"),
        ({"depth": "deep"}, "expected a whole number >= 0, or none"),
        ({"tags": 3}, "expected names, comma-separated, or none"),
        ({"colour": "red"}, "the demo renderer has no option colour; its options are: "),
        ({"wrapp": 3}, "has no option wrapp (did you mean wrap?)"),
    ],
)  # fmt: skip
def test_a_bad_value_names_the_option_the_value_and_what_is_allowed(
    options: dict[str, Any], message: str
) -> None:
    with pytest.raises(argmap.OptionError) as caught:
        parse_options(Demo, options, plugin="demo renderer")
    assert message in str(caught.value)
    assert caught.value.option == next(iter(options))
    assert caught.value.value == next(iter(options.values()))


def test_option_error_is_a_value_and_render_error_and_pickles() -> None:
    with pytest.raises(argmap.OptionError) as caught:
        parse_options(Demo, {"wrap": -1}, plugin="demo renderer")
    exc = caught.value
    assert isinstance(exc, ValueError)
    assert isinstance(exc, argmap.RenderError)
    back = pickle.loads(pickle.dumps(exc))
    assert (str(back), back.option, back.value, back.allowed) == (
        str(exc), exc.option, exc.value, exc.allowed
    )  # fmt: skip


def test_specs_describe_every_option() -> None:
    specs = {s.name: s for s in option_specs(Demo)}
    assert list(specs) == [f.name for f in attrs.fields(Demo)]
    assert specs["wrap"] == OptionSpec(
        name="wrap", type="int", default=32, help="wrap at",
        allowed="a whole number >= 0 and <= 500", min=0, max=500,
    )  # fmt: skip
    assert specs["direction"].type == "choice"
    assert specs["theme"].allowed == "one of default, mono"
    assert specs["tags"].as_dict()["default"] is None
    assert specs["anything"].type == "any"


def test_a_mutable_default_is_refused() -> None:
    with pytest.raises(TypeError, match="immutable"):
        option([], help="no")


def test_old_style_plugins_get_raw_values_new_style_none_means_no_options() -> None:
    class Old(argmap.plugin.Renderer):
        name = "old"
        options: ClassVar[dict[str, str]] = {"x": "anything"}

        def render(self, amap: argmap.ArgumentMap, /, **options: Any) -> str:
            return repr(options)

    class New(argmap.plugin.Renderer):
        name = "new"

        def render_map(self, amap: argmap.ArgumentMap, options: None) -> str:
            return "new"

    assert (Old.api_version, New.api_version) == (1, 2)
    assert Old.parse_options({"x": "1"}) == {"x": "1"}
    assert argmap.render(argmap.ArgumentMap(), Old(), x="1") == "{'x': '1'}"
    assert argmap.render(argmap.ArgumentMap(), New()) == "new"
    with pytest.raises(argmap.OptionError, match="the new renderer takes no options, got x"):
        argmap.render(argmap.ArgumentMap(), New(), x="1")


def _declared() -> list[tuple[str, str]]:
    out = []
    for info in argmap.plugins():
        if info.cls is not None and info.cls.Options is not None and info.status == "ok":
            out.append((info.kind, info.name))
    return out


TEXT = st.text(max_size=20) | st.sampled_from(["true", "none", "", "0", "-1", "LR", "a,b"])


@settings(deadline=None)  # the first example loads the plugins
@given(data=st.data())
def test_no_built_in_declaration_crashes_on_any_text(data: st.DataObject) -> None:
    kind, name = data.draw(st.sampled_from(_declared()))
    cls = argmap._registry.registry.get(kind, name)  # type: ignore[arg-type]
    key = data.draw(st.sampled_from(sorted(cls.options)))
    value = data.draw(TEXT)
    try:
        parsed = cls.parse_options({key: value})
    except argmap.OptionError as exc:
        problem: argmap.OptionError | None = exc
    else:
        problem = None
    if problem is not None:
        assert problem.option == key
        assert key in str(problem)
    else:
        # what was read is read again to itself: typed values pass through unchanged
        again = cls.parse_options({key: getattr(parsed, key)})
        assert getattr(again, key) == getattr(parsed, key)


@given(
    st.sampled_from(["BT", "TB", "LR", "RL"]),
    st.integers(0, 500),
    st.booleans(),
    st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), max_size=4),
)
def test_the_text_form_of_a_value_reads_back_to_it(
    direction: str, wrap: int, show: bool, tags: list[str]
) -> None:
    typed = parse_options(Demo, {"direction": direction, "wrap": wrap, "show": show,
                                 "tags": tuple(tags) or None})  # fmt: skip
    text = parse_options(
        Demo,
        {"direction": direction.lower(), "wrap": str(wrap), "show": str(show).lower(),
         "tags": ",".join(tags) or "none"},
    )  # fmt: skip
    assert text == typed
