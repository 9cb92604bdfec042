"""Typed plugin options: declared once as an attrs class, structured with cattrs.

A plugin declares its options as an attrs class whose fields are made with
:func:`option`; :func:`parse_options` turns keywords (typed values from Python, or
text from ``-O key=value``, Sphinx directive options and MkDocs fence options) into an
instance of that class, and :func:`option_specs` describes every option for
``argmap plugins`` and the documentation's option tables.

Text is read the same way whatever it comes from: ``true``/``false`` (also ``yes``/``no``,
``on``/``off``, ``1``/``0``) for a ``bool``, digits for an ``int``, a comma-separated list
for ``tuple[str, ...]``, a case-insensitive match for a ``Literal`` or declared
``choices``, and ``none`` (or nothing) for ``None`` where the type allows it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeVar, Union

import attrs

from ._errors import OptionError

__all__ = ["OptionSpec", "option", "option_specs", "parse_options"]

_META = "argmap"
_TRUE = frozenset({"1", "true", "yes", "on", "y", "t"})
_FALSE = frozenset({"0", "false", "no", "off", "n", "f"})
_NONE = frozenset({"", "none", "null"})
T = TypeVar("T")


class _Invalid(ValueError):
    """A value the option's type does not allow (the message says what is allowed)."""


@attrs.frozen
class _Meta:
    help: str
    choices: tuple[str, ...] | None
    min: float | None
    max: float | None
    parse: Callable[[Any], Any] | None
    allowed: str | None
    type_name: str | None


def option(
    default: Any,
    *,
    help: str,
    choices: Sequence[str] | None = None,
    min: float | None = None,
    max: float | None = None,
    parse: Callable[[Any], Any] | None = None,
    allowed: str | None = None,
    type: str | None = None,
) -> Any:
    """One declared option: an attrs field with its default and what it allows.

    ``help`` is the one line ``argmap plugins NAME`` and the docs show. ``choices`` limits
    a text option to these words (matched case-insensitively; ``Literal`` types do that by
    themselves); ``min``/``max`` bound a number. ``parse`` replaces the type-driven reading
    for an option the types cannot express (it gets the raw value and returns the typed
    one, or raises :class:`ValueError` saying what is wrong); then give ``allowed`` (what
    the error and the docs say is allowed) and ``type`` (a short name for the listing).
    A mutable default (a list or dict) is not allowed: use a tuple or ``None``.
    """
    if isinstance(default, (list, dict, set)):
        raise TypeError("an option's default must be immutable (use a tuple or None)")
    meta = _Meta(
        help=help,
        choices=tuple(choices) if choices is not None else None,
        min=min,
        max=max,
        parse=parse,
        allowed=allowed,
        type_name=type,
    )
    return attrs.field(default=default, metadata={_META: meta}, kw_only=True)


@attrs.frozen
class OptionSpec:
    """What ``argmap plugins NAME`` shows about one option."""

    name: str
    type: str
    """A short type name: ``bool``, ``int``, ``float``, ``text``, ``choice``, ``list`` or the
    plugin's own; ``any`` for options of old-style (API version 1) plugins."""
    default: Any
    help: str
    allowed: str
    """What values are allowed, in words (the same text a bad value's error shows)."""
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``argmap plugins --json``)."""
        default = self.default
        if isinstance(default, tuple):
            default = list(default)
        elif not isinstance(default, (str, int, float, bool, type(None))):
            default = repr(default)
        return {
            "name": self.name,
            "type": self.type,
            "default": default,
            "help": self.help,
            "allowed": self.allowed,
            "choices": list(self.choices) if self.choices is not None else None,
            "min": self.min,
            "max": self.max,
        }


# --------------------------------------------------------------------------- types
def _is_none(tp: Any) -> bool:
    return tp is type(None) or tp is None


def _union_args(tp: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(tp)
    if origin is Union or origin is types.UnionType:
        return typing.get_args(tp)
    return None


def _is_names(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple and typing.get_args(tp) in ((str, ...),)


def _describe(tp: Any, meta: _Meta | None) -> tuple[str, str]:
    """(type name, what is allowed in words)."""
    if meta is not None and meta.allowed:
        return meta.type_name or "text", meta.allowed
    if meta is not None and meta.choices:
        return "choice", "one of " + ", ".join(meta.choices)
    args = _union_args(tp)
    if args is not None:
        rest = [a for a in args if not _is_none(a)]
        if len(rest) == 1:
            name, allowed = _describe(rest[0], meta)
            return name, f"{allowed}, or none"
        parts = [_describe(a, meta) for a in rest]
        return "/".join(p[0] for p in parts), " or ".join(p[1] for p in parts)
    if typing.get_origin(tp) is Literal:
        return "choice", "one of " + ", ".join(str(a) for a in typing.get_args(tp))
    if tp is bool:
        return "bool", "true or false"
    if tp in (int, float):
        word = "a whole number" if tp is int else "a number"
        bounds = []
        if meta is not None and meta.min is not None:
            bounds.append(f">= {_num(meta.min)}")
        if meta is not None and meta.max is not None:
            bounds.append(f"<= {_num(meta.max)}")
        return ("int" if tp is int else "float"), " ".join([word, " and ".join(bounds)]).strip()
    if _is_names(tp):
        return "list", "names, comma-separated"
    if tp is str:
        return "text", "text"
    return "any", "any value"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# --------------------------------------------------------------------------- cattrs
def _bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    raise _Invalid("true or false")


def _int(value: Any, _: Any) -> int:
    if isinstance(value, bool):
        raise _Invalid("a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("+-").isdigit():
            return int(text)
    raise _Invalid("a whole number")


def _float(value: Any, _: Any) -> float:
    if isinstance(value, bool):
        raise _Invalid("a number")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise _Invalid("a number")


def _str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    raise _Invalid("text")


def _names(value: Any, _: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    raise _Invalid("names, comma-separated")


def _literal(value: Any, tp: Any) -> Any:
    allowed = typing.get_args(tp)
    if value in allowed and type(value) in {type(a) for a in allowed}:
        return value
    if isinstance(value, str):
        for a in allowed:
            if isinstance(a, str) and a.lower() == value.strip().lower():
                return a
    raise _Invalid("one of " + ", ".join(str(a) for a in allowed))


def _union(value: Any, tp: Any) -> Any:
    args = typing.get_args(tp)
    empty = value is None or (
        isinstance(value, str) and value.strip().lower() in _NONE and str not in args
    )
    if empty and any(_is_none(a) for a in args):
        return None
    problems = []
    for arg in args:
        if _is_none(arg):
            continue
        try:
            return _converter.structure(value, arg)
        except _Invalid as exc:
            problems.append(str(exc))
    if any(_is_none(a) for a in args):
        problems.append("none")
    raise _Invalid(" or ".join(problems))


def _is_literal(tp: Any) -> bool:
    return bool(typing.get_origin(tp) == Literal)


class _LazyConverter:
    """The cattrs converter, built at the first option read (not at ``import argmap``)."""

    _conv: Any = None

    def structure(self, value: Any, tp: Any) -> Any:
        if self._conv is None:
            import cattrs

            conv = cattrs.Converter()
            conv.register_structure_hook(bool, _bool)
            conv.register_structure_hook(int, _int)
            conv.register_structure_hook(float, _float)
            conv.register_structure_hook(str, _str)
            conv.register_structure_hook_func(lambda t: bool(t == Any), lambda v, _: v)
            conv.register_structure_hook_func(_is_literal, _literal)
            conv.register_structure_hook_func(_is_names, _names)
            conv.register_structure_hook_func(lambda t: _union_args(t) is not None, _union)
            self._conv = conv
        return self._conv.structure(value, tp)


_converter = _LazyConverter()


# --------------------------------------------------------------------------- the API
_RESOLVED: set[type] = set()


def _fields(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    if cls not in _RESOLVED:
        attrs.resolve_types(cls)
        _RESOLVED.add(cls)
    found: tuple[attrs.Attribute[Any], ...] = attrs.fields(cls)
    return found


def _meta(field: attrs.Attribute[Any]) -> _Meta | None:
    meta = field.metadata.get(_META)
    return meta if isinstance(meta, _Meta) else None


def option_help(cls: type) -> dict[str, str]:
    """Option name → help of the attrs class ``cls`` (its types need not be resolvable)."""
    out = {}
    for field in attrs.fields(cls):
        meta = _meta(field)
        out[field.name] = meta.help if meta is not None else ""
    return out


def option_specs(cls: type) -> list[OptionSpec]:
    """Every option the attrs class ``cls`` declares, in declaration order."""
    out = []
    for field in _fields(cls):
        meta = _meta(field)
        type_name, allowed = _describe(field.type, meta)
        default = field.default
        factory = getattr(default, "factory", None)
        if isinstance(default, attrs.Factory) and callable(factory):  # type: ignore[arg-type]
            default = factory()
        out.append(
            OptionSpec(
                name=field.name,
                type=type_name,
                default=default,
                help=meta.help if meta is not None else "",
                allowed=allowed,
                choices=meta.choices if meta is not None else None,
                min=meta.min if meta is not None else None,
                max=meta.max if meta is not None else None,
            )
        )
    return out


def _structure(field: attrs.Attribute[Any], value: Any) -> Any:
    meta = _meta(field)
    if meta is not None and meta.parse is not None:
        try:
            return meta.parse(value)
        except (ValueError, TypeError) as exc:
            raise _Invalid(str(exc) or (meta.allowed or "another value")) from None
    try:
        result = _converter.structure(value, field.type)
    except _Invalid:
        raise _Invalid(_describe(field.type, meta)[1]) from None
    if meta is None:
        return result
    if meta.choices is not None and isinstance(result, str):
        for choice in meta.choices:
            if choice.lower() == result.strip().lower():
                return choice
        raise _Invalid("one of " + ", ".join(meta.choices))
    number = isinstance(result, (int, float)) and not isinstance(result, bool)
    if number and (
        (meta.min is not None and result < meta.min) or (meta.max is not None and result > meta.max)
    ):
        raise _Invalid(_describe(field.type, meta)[1])
    return result


def parse_options(cls: type[T], options: Mapping[str, Any], *, plugin: str = "plugin") -> T:
    """An instance of the options class ``cls`` from keywords (typed values or text).

    Raises :class:`~argmap.OptionError` naming the option, the value and what is allowed;
    ``plugin`` (e.g. ``"svg renderer"``) says whose option it is.
    """
    if isinstance(options, cls):
        return options
    fields = {f.name: f for f in _fields(cls)}
    values: dict[str, Any] = {}
    for raw_key, value in options.items():
        key = str(raw_key).replace("-", "_")
        field = fields.get(key)
        if field is None:
            known = ", ".join(fields) or "none"
            import difflib

            close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.75)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise OptionError(
                f"the {plugin} has no option {raw_key}{hint}; its options are: {known}",
                plugin=plugin,
                option=str(raw_key),
                value=value,
                allowed=known,
            )
        try:
            values[key] = _structure(field, value)
        except _Invalid as exc:
            raise OptionError(
                f"the {plugin}'s option {key}={_show(value)} is not allowed: expected {exc}",
                plugin=plugin,
                option=key,
                value=value,
                allowed=str(exc),
            ) from None
    return cls(**values)


def node_id_option(value: Any) -> str | None:
    """Read an option naming a statement or argument: its id, or the node itself."""
    if value is None:
        return None
    found = getattr(value, "id", value)
    if not isinstance(found, str):
        raise ValueError("the id of a statement or argument")
    return found


def evaluation_option(value: Any) -> Any:
    """Read the ``evaluation`` option: ``None``/``""``/``"none"`` for none, else the value
    (a semantics name or a computed evaluation)."""
    return None if value is None or value in ("", "none") else value


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_keywords(instance: Any) -> dict[str, Any]:
    """The options instance as keywords (each value as typed)."""
    return {f.name: getattr(instance, f.name) for f in attrs.fields(type(instance))}
