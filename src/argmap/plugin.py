"""Base classes for readers and renderers: what a plugin author subclasses.

A plugin is a class with declarative attributes, registered under an entry point::

    # pyproject.toml of your distribution
    [project.entry-points."argmap.renderers"]
    mermaid = "argmap_mermaid:MermaidRenderer"

The entry point's name must equal the class's :attr:`Plugin.name`. argmap's own
formats are registered exactly this way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ._errors import ArgmapSyntaxError, RenderError
from ._jsonloc import JSONPath, dump_json, json_error, json_path, json_type_name, load_json

if TYPE_CHECKING:
    from ._model import ArgumentMap

__all__ = [
    "API_VERSION",
    "JSONPath",
    "Plugin",
    "Reader",
    "Renderer",
    "bool_option",
    "check_options",
    "dump_json",
    "json_error",
    "json_path",
    "json_type_name",
    "load_json",
]

API_VERSION = 1
"""The plugin API version this argmap speaks. A plugin declaring another is not loaded."""


class Plugin:
    """What readers and renderers declare about themselves."""

    name: ClassVar[str]
    """The format's name, e.g. ``"argdown"``; also the entry point's name."""
    aliases: ClassVar[tuple[str, ...]] = ()
    """Other names the format answers to."""
    extensions: ClassVar[tuple[str, ...]] = ()
    """File extensions with the dot, e.g. ``(".argdown", ".ad")``."""
    media_type: ClassVar[str] = "application/octet-stream"
    api_version: ClassVar[int] = API_VERSION
    description: ClassVar[str] = ""
    """One line shown by ``argmap plugins``."""


class Reader(Plugin):
    """Turns source text into an :class:`~argmap.ArgumentMap`.

    Override :meth:`parse`. A reader must raise only :class:`~argmap.ArgmapError`
    subclasses on bad input (``argmap.testing`` checks this for you).
    """

    encoding: ClassVar[str] = "utf-8"

    def parse(self, text: str, *, path: str | None = None, **options: Any) -> ArgumentMap:
        """Parse ``text``; ``path`` (if any) is used in error messages and for includes."""
        raise NotImplementedError

    def read(self, path: str | os.PathLike[str], **options: Any) -> ArgumentMap:
        """Read a file. The default decodes it with :attr:`encoding` and calls :meth:`parse`."""
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise ArgmapSyntaxError(f"cannot read file: {exc.strerror or exc}", path=p) from exc
        try:
            text = data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise ArgmapSyntaxError(
                f"not valid {self.encoding} text ({exc.reason})", path=p, line=line, column=col
            ) from exc
        if text.startswith("\ufeff"):
            text = text[1:]
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


class Renderer(Plugin):
    """Turns an :class:`~argmap.ArgumentMap` into text or bytes.

    Override :meth:`render`; options arrive as keyword arguments (from the CLI as
    ``-O key=value`` strings, so accept both typed values and their text form).
    """

    binary: ClassVar[bool] = False
    """Whether :meth:`render` returns ``bytes`` (PNG, PDF) rather than ``str``."""
    options: ClassVar[dict[str, str]] = {}
    """Option name → one-line help, shown by ``argmap plugins``."""

    def render(self, amap: ArgumentMap, /, **options: Any) -> str | bytes:
        raise NotImplementedError


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
