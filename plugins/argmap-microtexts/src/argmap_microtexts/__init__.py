"""argmap reader for the arg-microtexts corpus (Peldszus & Stede's ``arggraph`` XML).

Installed, it is found by argmap through the ``argmap.readers`` entry point group::

    import argmap
    amap = argmap.read("micro_b001.xml")          # or format="microtexts"

See the README for how EDUs, ADUs and the seg/sup/exa/reb/und/add edges map onto
argmap's model.
"""

from __future__ import annotations

from ._reader import MicrotextsReader


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("argmap-microtexts")
    except PackageNotFoundError:  # a bare source checkout
        return "0+unknown"


__version__ = _version()

__all__ = ["MicrotextsReader", "__version__"]
