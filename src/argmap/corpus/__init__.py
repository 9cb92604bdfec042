"""Batch jobs over corpora of maps: convert, check, count and evaluate thousands of maps,
in this process, on a local process pool, or on a Dask cluster.

>>> from argmap import corpus
>>> result = corpus.stats("maps/", executor=4)                # doctest: +SKIP
>>> result.totals["claims"], len(result.failures)             # doctest: +SKIP
(18342, 1)
>>> corpus.convert("maps/", "svg", output="out/")             # doctest: +SKIP

A **corpus** (:class:`Corpus`) is a set of map files: folders (walked for the files an
installed reader claims), glob patterns, lists of files and JSON Lines files (one map
per line). Each map has a key, its path relative to the corpus root.

An **operation** (:class:`Convert`, :class:`Check`, :class:`Stats`, :class:`Evaluate`)
is applied to each map and gives a :class:`Record` (key, path, ok or the located error,
figures, output, seconds). A bad map — any exception, not only argmap's — fails that
map and the run goes on; :meth:`BatchResult.summary` lists the failures.

An **executor** runs the work: :class:`InProcess`, :class:`ProcessPool` or
:class:`DaskExecutor`. Workers compute and return; only this process writes, so the
records and outputs are the same whichever executor ran them.

Outputs go to an output folder that mirrors the input tree (``a/x.argdown`` →
``a/x.svg``); where two inputs would give the same name (``x.argdown`` and
``x.sadface.json``), or a name that is an input, each of them keeps its whole input name
(``x.argdown.svg``, ``x.sadface.json.svg``). Next to the outputs a manifest
(:data:`MANIFEST_NAME`) records each map's input hash and result: a rerun skips the maps
whose input and options are unchanged. Outputs are written atomically; Ctrl-C leaves no
partial file, and the manifest keeps every map finished before it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from .._errors import CorpusError
from ._engine import BatchInterrupted, BatchResult, Manifest, Record, run
from ._executors import DaskExecutor, Executor, InProcess, ProcessPool, default_workers
from ._ops import Check, Convert, Evaluate, Operation, Stats, map_counts
from ._sources import MANIFEST_NAME, Corpus, Item, output_names

__all__ = [
    "MANIFEST_NAME",
    "BatchInterrupted",
    "BatchResult",
    "Check",
    "Convert",
    "Corpus",
    "CorpusError",
    "DaskExecutor",
    "Evaluate",
    "Executor",
    "InProcess",
    "Item",
    "Manifest",
    "Operation",
    "ProcessPool",
    "Record",
    "Stats",
    "check",
    "convert",
    "default_workers",
    "evaluate",
    "map_counts",
    "output_names",
    "run",
    "stats",
]

Sources = Corpus | str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def convert(
    corpus: Sources,
    to: str,
    *,
    output: str | os.PathLike[str],
    options: Mapping[str, Any] | None = None,
    **run_options: Any,
) -> BatchResult:
    """Render every map with the renderer ``to`` into ``output`` (see :func:`run` for
    ``executor``, ``force``, ``retry_failed``, ``progress``, ``format``)."""
    return run(corpus, Convert(to, dict(options or {})), output=output, **run_options)


def check(corpus: Sources, *, strict: bool = False, **run_options: Any) -> BatchResult:
    """Validate every map; a map with errors (``strict``: or warnings) fails."""
    return run(corpus, Check(strict), **run_options)


def stats(corpus: Sources, **run_options: Any) -> BatchResult:
    """Count every map's elements by kind; :attr:`BatchResult.totals` adds them up."""
    return run(corpus, Stats(), **run_options)


def evaluate(
    corpus: Sources,
    semantics: str = "grounded",
    *,
    support: str = "cayrol",
    options: Mapping[str, Any] | None = None,
    **run_options: Any,
) -> BatchResult:
    """Evaluate every map under ``semantics``; with ``output=`` each map's statuses are
    also written as ``<name>.evaluation.json``."""
    return run(corpus, Evaluate(semantics, support, dict(options or {})), **run_options)
