"""Plugin code called under guard: what a reader, renderer or source reader raises that is
not an argmap error becomes one, naming the plugin and its distribution.

A plugin is expected to raise only :class:`~argmap.ArgmapError` subclasses; anything else
(``KeyError``, ``RecursionError``, ``MemoryError`` …) is a bug in it. It reaches the
caller as a :class:`~argmap.ReaderError` (reading: it keeps the file's path) or a
:class:`~argmap.RenderError` (rendering) saying which plugin of which distribution failed,
with the original exception chained (``__cause__``). ``KeyboardInterrupt`` and
``SystemExit`` pass through unchanged. Built-in formats are guarded the same way.

A reader's :meth:`~argmap.plugin.Reader.sniff` is asked how sure it is of a format; its
answer counts clamped to ``[0, 1]``. An answer that is not a number, is NaN, or an
exception counts as 0, with a warning naming the plugin (once per plugin and problem).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

from ._errors import ArgmapError, ReaderError, RenderError
from ._log import log

__all__ = ["guarded", "plugin_origin", "sniff_score"]

_WARNED: set[tuple[str, str]] = set()


def plugin_origin(kind: str, cls: type) -> tuple[str, str]:
    """The plugin's name and where it comes from: ``("yamlmap", "distribution
    argmap-yamlmap 1.0.0")``; a class not found through the registry names its module."""
    from ._registry import registry

    name = str(getattr(cls, "name", cls.__name__))
    with contextlib.suppress(Exception):
        for info in registry._discover().get(kind, {}).get(name.lower(), []):
            if info.cls is cls:
                return name, f"distribution {info.distribution} {info.version}"
    return name, f"module {cls.__module__}, not registered"


@contextlib.contextmanager
def guarded(kind: str, plugin: object, *, path: str | None = None) -> Iterator[None]:
    """Run the body (a call of ``plugin``'s code); turn what it raises that is not an
    :class:`ArgmapError` into one that names the plugin and its distribution."""
    try:
        yield
    except ArgmapError:
        raise
    except Exception as exc:  # KeyboardInterrupt, SystemExit: not Exceptions, pass through
        cls = plugin if isinstance(plugin, type) else type(plugin)
        name, origin = plugin_origin(kind, cls)
        what = {"reader": "reader", "source": "source reader"}.get(kind, "renderer")
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        message = (
            f"the {what} {name!r} ({origin}) failed: {detail} "
            "(a bug in the plugin; it should raise an argmap error)"
        )
        if kind == "renderer":
            raise RenderError(message) from exc
        raise ReaderError(message, path=path, plugin=name, origin=origin) from exc


def instantiate(kind: str, cls: Any) -> Any:
    """``cls()``, with what a plugin's constructor raises reported like its other bugs."""
    with guarded(kind, cls):
        return cls()


def _warn_once(cls: type, problem: str, message: str) -> None:
    key = (f"{cls.__module__}.{cls.__qualname__}", problem)
    if key in _WARNED:
        return
    _WARNED.add(key)
    from ._registry import warn

    warn(message)


def sniff_score(cls: type, text: str, where: str) -> float:
    """``cls().sniff(text)`` as a number in ``[0, 1]``; 0 (with a warning) for an answer
    that is not a number, NaN, or an exception."""
    name, origin = plugin_origin("reader", cls)
    who = f"the reader {name!r} ({origin})"
    try:
        raw: Any = cls().sniff(text)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # a plugin's bug (SystemExit too) is not fatal here
        log.debug("%s failed to sniff %s", who, where, exc_info=True)
        _warn_once(
            cls,
            "raised",
            f"{who} failed to sniff {where} ({type(exc).__name__}: {exc}); counted as 0",
        )
        return 0.0
    try:
        if isinstance(raw, (str, bytes)):
            raise TypeError
        score = float(raw)
    except (TypeError, ValueError, OverflowError):
        _warn_once(cls, "type", f"{who}: sniff() returned {raw!r:.60}, not a number; counted as 0")
        return 0.0
    if math.isnan(score):
        _warn_once(cls, "nan", f"{who}: sniff() returned NaN; counted as 0")
        return 0.0
    if not 0.0 <= score <= 1.0:
        _warn_once(
            cls,
            "range",
            f"{who}: sniff() returned {score!r}, outside 0..1; counted as "
            f"{min(max(score, 0.0), 1.0):g}",
        )
        return min(max(score, 0.0), 1.0)
    return score
