"""argmap reader and writer for Kialo's discussion export.

Installed, both are found by argmap through the ``argmap.readers`` and
``argmap.renderers`` entry point groups::

    import argmap
    amap = argmap.read("discussion.kialo.txt")    # or format="kialo"
    argmap.write(amap, "copy.kialo")

:func:`normalize` says what a map loses on the way through the format; see the README
for the whole mapping.
"""

from __future__ import annotations

from ._reader import KialoReader
from ._writer import KialoRenderer, kialo_view, normalize


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("argmap-kialo")
    except PackageNotFoundError:  # a bare source checkout
        return "0+unknown"


__version__ = _version()

__all__ = ["KialoReader", "KialoRenderer", "__version__", "kialo_view", "normalize"]
