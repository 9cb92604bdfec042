"""Jupyter display of maps: ``ArgumentMap._repr_mimebundle_`` delegates here.

A map shows as the SVG drawn by Graphviz (the same picture as ``argmap.render(m, "svg")``).
When the ``dot`` program is not installed, the map shows as a text outline instead and
one warning (per session) says how to install Graphviz.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._errors import ArgmapError, GraphvizNotFoundError

if TYPE_CHECKING:
    from ._model import ArgumentMap

__all__ = ["mimebundle"]

_warned = False

SVG = "image/svg+xml"
TEXT = "text/plain"


def _wanted(mime: str, include: Iterable[str] | None, exclude: Iterable[str] | None) -> bool:
    if include is not None and mime not in set(include):
        return False
    return not (exclude is not None and mime in set(exclude))


def _text(amap: ArgumentMap) -> str:
    try:
        from ._api import render

        text = render(amap, "text")
    except ArgmapError:
        return repr(amap)
    return text if isinstance(text, str) else repr(amap)


def mimebundle(
    amap: ArgumentMap, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, Any]:
    """The MIME bundle IPython shows for ``amap``: its SVG, or a text outline without ``dot``."""
    global _warned
    include = list(include) if include is not None else None
    exclude = list(exclude) if exclude is not None else None
    bundle: dict[str, Any] = {}
    if _wanted(SVG, include, exclude):
        from .renderers.graphviz import INSTALL_HINT, SvgRenderer

        try:
            bundle[SVG] = SvgRenderer().render(amap)
        except GraphvizNotFoundError:
            if not _warned:
                _warned = True
                warnings.warn(
                    f"argmap: showing a text outline: {INSTALL_HINT}", RuntimeWarning, stacklevel=3
                )
    if (SVG not in bundle or include is not None) and _wanted(TEXT, include, exclude):
        bundle[TEXT] = _text(amap)
    return bundle
