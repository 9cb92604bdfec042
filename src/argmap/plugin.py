"""Base classes for readers and renderers: what a plugin author subclasses.

A plugin is a class with declarative attributes, registered under an entry point::

    # pyproject.toml of your distribution
    [project.entry-points."argmap.renderers"]
    mermaid = "argmap_mermaid:MermaidRenderer"

The entry point's name must equal the class's :attr:`Plugin.name`. argmap's own
formats are registered exactly this way.

Options are declared once, as an attrs class made of :func:`option` fields, and named
by the plugin's :attr:`Plugin.Options`; argmap reads ``-O key=value`` text, Python
keywords, Sphinx directive and MkDocs fence options into an instance of it (see
:func:`parse_options`), and ``argmap plugins NAME`` and the docs list them::

    @attrs.frozen
    class ShoutOptions:
        width: int = option(72, help="wrap at this many characters", min=0)

    class ShoutRenderer(Renderer):
        name = "shout"
        Options = ShoutOptions

        def render_map(self, amap, options: ShoutOptions) -> str: ...

Plugin API versions: ``2`` (this one) declares :attr:`Plugin.Options` and overrides
:meth:`Renderer.render_map` / :meth:`Reader.parse_map`, which get the typed options;
``1`` overrides :meth:`Renderer.render` / :meth:`Reader.parse` and gets the raw keyword
values (text from the command line), its options only described by
:attr:`Renderer.options`. Both load; any other version is reported ``incompatible``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from . import _paths
from ._display import visible
from ._errors import OptionError, RenderError
from ._limits import (
    LimitOptions,
    check_elements,
    check_text,
    decode,
    load_json_within,
    max_bytes_of,
    read_input,
)
from ._log import logger as _logger
from ._model import relation_id
from ._options import OptionSpec, option, option_help, option_specs, parse_options
from ._yamlloc import load_yaml, yaml_error

if TYPE_CHECKING:
    from ._jsonloc import JSONPath, dump_json, json_error, json_path, json_type_name, load_json
    from ._model import ArgumentMap

_JSON_HELPERS = ("JSONPath", "dump_json", "json_error", "json_path", "json_type_name", "load_json")


def __getattr__(name: str) -> Any:
    # the JSON helpers are imported when first used (PEP 562): they import orjson, and
    # through it uuid, dataclasses, ..., which a command reading no JSON should not pay
    if name in _JSON_HELPERS:
        from . import _jsonloc

        value = getattr(_jsonloc, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    # the lazy names are listed too (Sphinx autodoc and dir() users find them)
    return sorted({*globals(), *_JSON_HELPERS})


__all__ = [
    "API_VERSION",
    "SUPPORTED_API_VERSIONS",
    "EVERYTHING",
    "FEATURES",
    "JSONPath",
    "LimitOptions",
    "OptionSpec",
    "Plugin",
    "Reader",
    "Renderer",
    "bool_option",
    "check_elements",
    "check_options",
    "check_text",
    "dropped_features",
    "dump_json",
    "json_error",
    "json_path",
    "json_type_name",
    "load_json",
    "load_json_within",
    "load_yaml",
    "option",
    "option_specs",
    "parse_options",
    "read_input",
    "relation_id",
    "visible",
    "yaml_error",
    "loss_message",
    "map_features",
]

API_VERSION = 2
"""The plugin API version this argmap speaks natively (typed :attr:`Plugin.Options`)."""
SUPPORTED_API_VERSIONS: tuple[int, ...] = (1, 2)
"""Plugin API versions that load: ``1`` gets raw option values, ``2`` typed ones."""


class Plugin:
    """What readers and renderers declare about themselves."""

    name: ClassVar[str]
    """The format's name, e.g. ``"argdown"``; also the entry point's name."""
    aliases: ClassVar[tuple[str, ...]] = ()
    """Other names the format answers to."""
    extensions: ClassVar[tuple[str, ...]] = ()
    """File extensions with the dot, e.g. ``(".argdown", ".ad")``."""
    media_type: ClassVar[str] = "application/octet-stream"
    """The IANA media type of the format (``argmap plugins`` shows it)."""
    api_version: ClassVar[int] = 1
    """The plugin API the class is written for (see :data:`SUPPORTED_API_VERSIONS`). A
    class that declares :attr:`Options` or overrides ``render_map``/``parse_map`` without
    saying is version 2; otherwise it is version 1."""
    description: ClassVar[str] = ""
    """One line shown by ``argmap plugins``."""
    Options: ClassVar[type[Any] | None] = None
    """The attrs class declaring the plugin's options (API version 2), or ``None``: an
    API-2 plugin without it takes no options."""
    options: ClassVar[dict[str, str]] = {}
    """Option name → one-line help. Derived from :attr:`Options` when that is declared;
    an API-1 plugin writes it by hand."""

    _kind: ClassVar[str] = "plugin"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__module__.startswith("argmap."):
            _logger()  # the "argmap" logger's NullHandler, before a third party's plugin logs
        declared = cls.__dict__.get("Options")
        if declared is not None:
            cls.options = option_help(declared)
        bases: tuple[type, ...] | None = globals().get("_BASE_CLASSES")
        if bases is None:  # Reader and Renderer themselves
            return
        own = [k for k in cls.__mro__ if k not in bases]
        said = any("api_version" in k.__dict__ for k in own)
        if not said and (
            cls.Options is not None
            or any(m in k.__dict__ for k in own for m in ("render_map", "parse_map"))
        ):
            cls.api_version = 2

    @classmethod
    def _label(cls) -> str:
        return f"{getattr(cls, 'name', cls.__name__)} {cls._kind}"

    @classmethod
    def option_specs(cls) -> list[OptionSpec]:
        """Every option the plugin takes, with type, default, help and what is allowed."""
        if cls.Options is not None:
            return option_specs(cls.Options)
        return [
            OptionSpec(name=k, type="any", default=None, help=v, allowed="any value")
            for k, v in cls.options.items()
        ]

    @classmethod
    def parse_options(cls, options: Mapping[str, Any]) -> Any:
        """The plugin's :attr:`Options` instance for ``options`` (typed values or text).

        Raises :class:`~argmap.OptionError` for an option the plugin does not take or a
        value it does not allow. For an API-1 plugin the keywords come back as a dict.
        """
        if cls.Options is not None:
            return parse_options(cls.Options, options, plugin=cls._label())
        if cls.api_version < 2:
            return dict(options)
        if options:
            names = ", ".join(sorted(map(str, options)))
            first = next(iter(options))
            raise OptionError(
                f"the {cls._label()} takes no options, got {names}",
                plugin=cls._label(),
                option=str(first),
                value=options[first],
                allowed="none",
            )
        return None


class Reader(Plugin):
    """Turns source text into an :class:`~argmap.ArgumentMap`.

    Override :meth:`parse_map` (API version 2; or :meth:`parse` in API version 1). A
    reader must raise only :class:`~argmap.ArgmapError` subclasses on bad input
    (``argmap.testing`` checks this for you).
    """

    encoding: ClassVar[str] = "utf-8"
    """How :meth:`read` decodes a file's bytes."""
    _kind: ClassVar[str] = "reader"

    def parse(self, text: str, *, path: str | None = None, **options: Any) -> ArgumentMap:
        """Parse ``text``; ``path`` (if any) is used in error messages and for includes.

        The default reads ``options`` with :meth:`Plugin.parse_options` and calls
        :meth:`parse_map`.
        """
        return self.parse_map(text, type(self).parse_options(options), path=path)

    def parse_map(self, text: str, options: Any, *, path: str | None = None) -> ArgumentMap:
        """Parse ``text`` with ``options``, an instance of :attr:`Plugin.Options` (or
        ``None`` when the reader declares no options). Override this."""
        raise NotImplementedError

    def read(self, path: str | os.PathLike[str], **options: Any) -> ArgumentMap:
        """Read a file. The default reads it within the reader's ``max_bytes`` option
        (when it takes :class:`LimitOptions`), decodes it with :attr:`encoding` and calls
        :meth:`parse`."""
        p = _paths.normal(path)  # (as pathlib.Path(path) names it)
        text = decode(read_input(p, max_bytes_of(type(self), options)), p, self.encoding)
        amap = self.parse(text, path=os.fspath(path), **options)
        if amap.source_path is None:
            amap.source_path = os.fspath(path)
        return amap

    def sniff(self, text: str) -> float:
        """How sure (0.0–1.0) this reader is that ``text`` is its format.

        Used to tell formats sharing an extension (``.json``) apart by content.
        The default is 0.0: never claimed by content alone.
        """
        return 0.0


FEATURES: dict[str, tuple[str, str]] = {
    "title": ("the map title", "map titles"),
    "description": ("the map description", "map descriptions"),
    "metadata": ("element with metadata", "elements with metadata"),
    "titles": ("title", "titles"),
    "evidence": ("evidence statement", "evidence statements"),
    "sources": ("source", "sources"),
    "source-details": ("source's author/publisher/date", "sources' author/publisher/date"),
    "quotes": ("quote or locator", "quotes and locators"),
    "arguments": ("argument", "arguments"),
    "support": ("support", "supports"),
    "attack": ("attack", "attacks"),
    "undercut": ("undercut", "undercuts"),
    "contradiction": ("contradiction", "contradictions"),
    "tags": ("tag", "tags"),
    "sections": ("section", "sections"),
}
"""What a map can hold that a format may not carry (name → the words for one, and for
several, used in reports).

``title``/``description``: the map's; ``metadata``: free ``meta`` of the map or an
element; ``titles``: statement and argument titles; ``evidence``: the evidence kind;
``sources``: cited sources (title, URL); ``source-details``: a source's author,
publisher, date; ``quotes``: a source's quote and locator; ``arguments``: argument
nodes (linked premises and a conclusion); ``support`` … ``contradiction``: the
relation kinds; ``tags``; ``sections``: groups."""

EVERYTHING = frozenset(FEATURES)
"""The ``expresses`` of a format that carries every feature (round trips)."""

_DETAIL_FIELDS = ("author", "publisher", "published")


def map_features(amap: ArgumentMap, only: Iterable[str] | None = None) -> dict[str, int]:
    """How many of each :data:`FEATURES` the map has (only the ones it has), in
    :data:`FEATURES` order; with ``only``, just those features are counted.

    Every count is a pass of C-level ``map``/``filter`` over one table (the cost of a
    render's report on a 200,000-statement map is a few of those, not a Python loop
    with a call per element and feature)."""
    from collections import Counter
    from itertools import chain, repeat
    from operator import attrgetter, is_, truth

    from ._model import StatementKind

    want = EVERYTHING if only is None else frozenset(only)
    statements = amap.statements.values()
    arguments = amap.arguments.values()
    # relations still a reader's table (no metadata or tags: not built for them) are
    # counted from its kind column; Relation objects are not made for a report
    table = amap._table
    relations = amap.relations.values() if table is None else ()
    groups = amap.groups.values()
    counts: dict[str, int] = {}

    def count(values: Iterable[Any]) -> int:
        return sum(map(truth, values))

    if "title" in want:
        counts["title"] = 1 if amap.title else 0
    if "description" in want:
        counts["description"] = 1 if amap.description else 0
    if "metadata" in want:
        meta = attrgetter("meta")
        counts["metadata"] = (1 if amap.meta else 0) + sum(
            count(map(meta, table)) for table in (statements, arguments, relations, groups)
        )
    if "titles" in want:
        title = attrgetter("title")
        counts["titles"] = count(map(title, statements)) + count(map(title, arguments))
    if "evidence" in want:
        kinds = map(attrgetter("kind"), statements)
        counts["evidence"] = sum(map(is_, kinds, repeat(StatementKind.EVIDENCE)))
    if want & {"sources", "source-details", "quotes"}:
        cited = list(chain.from_iterable(map(attrgetter("sources"), statements)))
        counts["sources"] = len(cited)
        details = attrgetter(*_DETAIL_FIELDS)
        counts["source-details"] = sum(map(any, map(details, cited)))
        counts["quotes"] = sum(1 for src in cited if src.quote or src.locator)
    if "arguments" in want:
        counts["arguments"] = len(arguments)
    kinds_wanted = want & {"support", "attack", "undercut", "contradiction"}
    if kinds_wanted:
        by_kind = (
            table.kind_counts()
            if table is not None
            else Counter(map(attrgetter("kind"), relations))
        )
        for kind, n in by_kind.items():
            counts[kind.value] = n
    if "tags" in want:
        tags = attrgetter("tags")
        tagged = chain(map(tags, statements), map(tags, arguments), map(tags, relations))
        counts["tags"] = len(set(chain.from_iterable(tagged)))
    if "sections" in want:
        counts["sections"] = len(groups)
    return {k: counts[k] for k in FEATURES if counts.get(k) and k in want}


def dropped_features(amap: ArgumentMap, expresses: Iterable[str] | None) -> dict[str, int]:
    """What of ``amap`` a format that ``expresses`` these features cannot carry, with
    counts, in :data:`FEATURES` order (nothing when ``expresses`` is ``None``)."""
    if expresses is None:
        return {}
    missing = EVERYTHING.difference(expresses)
    if not missing:  # a format that carries everything: nothing to count
        return {}
    return map_features(amap, missing)


def loss_message(format_name: str, dropped: dict[str, int], *, strict: bool = False) -> str:
    """``kialo: 4 arguments, 9 sections, 12 tags cannot be expressed — written without them``
    (with ``strict``: ``... cannot be expressed — nothing written (strict)``)."""
    parts = [
        FEATURES[k][0] if n == 1 and k in ("title", "description") else f"{n} {FEATURES[k][n != 1]}"
        for k, n in dropped.items()
    ]
    tail = "nothing written (strict)" if strict else "written without them"
    return f"{format_name}: {', '.join(parts)} cannot be expressed — {tail}"


class Renderer(Plugin):
    """Turns an :class:`~argmap.ArgumentMap` into text or bytes.

    Override :meth:`render_map` (API version 2), which gets the typed options; an API-1
    renderer overrides :meth:`render` and reads its keyword options itself.
    """

    binary: ClassVar[bool] = False
    """Whether :meth:`render` returns ``bytes`` (PNG, PDF) rather than ``str``."""
    _kind: ClassVar[str] = "renderer"
    expresses: ClassVar[frozenset[str] | None] = None
    """Which :data:`FEATURES` of a map the format carries (:data:`EVERYTHING` for a
    format that round-trips). ``argmap.render``/``write`` report the rest, counted,
    when a map has them; ``None`` (not declared) reports nothing."""

    def render(self, amap: ArgumentMap, /, **options: Any) -> str | bytes:
        """Render ``amap``. The default reads ``options`` with
        :meth:`Plugin.parse_options` and calls :meth:`render_map`, with the cyclic
        garbage collector paused: a writer makes millions of short strings and lists and
        no cycles, and every full collection meanwhile would walk the whole map again
        (a fifth to a third of a 200,000-statement outline's time)."""
        from ._gc import gc_paused

        parsed = type(self).parse_options(options)
        with gc_paused():
            return self.render_map(amap, parsed)

    def render_map(self, amap: ArgumentMap, options: Any) -> str | bytes:
        """Render ``amap`` with ``options``, an instance of :attr:`Plugin.Options` (or
        ``None`` when the renderer declares no options). Override this."""
        raise NotImplementedError

    def expressible(self, **options: Any) -> frozenset[str] | None:
        """What the format carries when rendered with ``options``: :attr:`expresses`,
        unless an option changes it (override for that)."""
        return self.expresses

    def dropped(self, amap: ArgumentMap, /, **options: Any) -> dict[str, int]:
        """What of ``amap`` this renderer cannot carry, with counts (see :data:`FEATURES`)."""
        return dropped_features(amap, self.expressible(**options))


_TRUE = frozenset({"1", "true", "yes", "on", "y", "t"})
_FALSE = frozenset({"0", "false", "no", "off", "n", "f", "none", ""})


def bool_option(name: str, value: object) -> bool:
    """A renderer option that is on or off, given as a bool or, from the command line
    (``-O name=value``), as ``true``/``false``, ``yes``/``no``, ``on``/``off``, ``1``/``0``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    raise RenderError(f"option {name} must be true or false, got {value!r}")


def check_options(renderer: str, options: Iterable[str], allowed: Iterable[str]) -> None:
    """Raise :class:`~argmap.RenderError` naming any option ``renderer`` does not take."""
    known = set(allowed)
    unknown = sorted(set(options) - known)
    if unknown:
        valid = ", ".join(sorted(known)) or "none"
        raise RenderError(
            f"the {renderer} renderer has no option {', '.join(unknown)}; its options are: {valid}"
        )


_BASE_CLASSES: tuple[type, ...] = (Plugin, Reader, Renderer, object)
