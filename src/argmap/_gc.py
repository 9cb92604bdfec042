"""One context manager for readers and evaluation that build millions of small objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(*, promote: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while millions of small acyclic objects are made (each
    pass would walk all of them again); the collector's previous state is restored after.

    ``promote=True`` is for a reader whose objects outlive the call: afterwards every
    object the collector tracks goes straight to its oldest generation (``gc.freeze()``
    then ``gc.unfreeze()``, a list splice), so the first young collection does not walk
    the whole new map only to find it alive (0.14 s of CPU after a 300,000-element native
    JSON read)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if promote:
                promote_survivors()
            gc.enable()


def promote_survivors() -> None:
    """Every object the collector tracks, now, to its oldest generation (``gc.freeze()``
    then ``gc.unfreeze()``: a list splice). For a map that was just read and will live
    until the process ends: the next young collection walks only what is new, not the
    whole map (0.65 s after a 100,000-statement Argdown read, triggered by whatever
    allocates next)."""
    gc.freeze()
    gc.unfreeze()
