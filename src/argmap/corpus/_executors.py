"""Where the work runs: in this process, on a local process pool, or on a Dask cluster.

Every executor runs the same task function (:func:`work`) on the same chunks of tasks and
hands back its outcomes; only the engine in this process writes files. So records and
outputs are the same whichever executor ran them; only the order in which chunks finish
differs, and the engine puts records back in corpus order.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import math
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import attrs

from .._errors import ArgmapError, ArgmapSyntaxError
from .._log import logger
from .._model import ArgumentMap
from ._ops import Operation

__all__ = [
    "DaskExecutor",
    "Done",
    "Executor",
    "InProcess",
    "ProcessPool",
    "Task",
    "as_executor",
    "default_workers",
    "work",
]

log = logger()


@attrs.frozen
class Task:
    """One map to process, as it travels to a worker."""

    index: int
    path: str
    """The file as given (shown in messages)."""
    location: str
    """The absolute path the worker reads (the same for every executor)."""
    line: int | None = None
    text: str | None = None
    format: str | None = None
    want_hash: bool = False
    expected: str | None = None
    """The input's SHA-256 in the manifest: when the file still has it, skip the work."""


@attrs.frozen
class Done:
    """A worker's answer for one task."""

    index: int
    ok: bool
    figures: dict[str, Any]
    data: str | bytes | None
    error: str | None
    error_type: str | None
    seconds: float
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    unchanged: bool = False
    transient: bool = False
    """The executor failed (not the map): not remembered, so a rerun tries again."""
    inputs: tuple[str, ...] = ()
    """Every file the map was read from (its file and the files it includes): its
    output is never written over one of them."""


def _relocated(exc: ArgmapSyntaxError, task: Task) -> ArgmapSyntaxError:
    """A JSON Lines item's syntax error, moved to its line of the ``.jsonl`` file."""
    line = (task.line or 1) + (exc.line or 1) - 1
    return ArgmapSyntaxError(
        exc.message,
        path=task.path,
        line=line,
        column=exc.column,
        source_line=exc.source_line,
        expected=exc.expected,
    )


def _load(task: Task) -> ArgumentMap:
    from .._api import parse, read

    if task.text is None:
        return read(task.location, task.format)
    try:
        amap = parse(task.text, task.format, path=task.location)
    except ArgmapSyntaxError as exc:
        raise _relocated(exc, task) from exc
    amap.source_path = f"{task.location}:{task.line}"
    return amap


def _shown(text: str, task: Task) -> str:
    return text.replace(task.location, task.path) if task.location != task.path else text


def _shown_figures(figures: dict[str, Any], task: Task) -> dict[str, Any]:
    if task.location == task.path:
        return figures
    return {
        k: [_shown(v, task) if isinstance(v, str) else v for v in val]
        if isinstance(val, list)
        else val
        for k, val in figures.items()
    }


def work(operation: Operation, tasks: Sequence[Task]) -> list[Done]:
    """Run ``operation`` on each task; never raises for a bad map, whatever it raises
    (only a :class:`KeyboardInterrupt` goes through)."""
    results: list[Done] = []
    for task in tasks:
        start = time.perf_counter()
        digest = size = mtime = None
        try:
            if task.want_hash:
                if task.text is not None:
                    digest = hashlib.sha256(
                        task.text.encode("utf-8", "surrogateescape")
                    ).hexdigest()
                else:
                    st = os.stat(task.location)
                    size, mtime = st.st_size, st.st_mtime_ns
                    with open(task.location, "rb") as fh:
                        digest = hashlib.sha256(fh.read()).hexdigest()
                if task.expected is not None and digest == task.expected:
                    results.append(
                        Done(task.index, True, {}, None, None, None, 0.0, digest, size, mtime, True)
                    )
                    continue
            amap = _load(task)
            out = operation.apply(amap)
            done = Done(
                task.index,
                out.ok,
                _shown_figures(out.figures, task),
                out.data,
                _shown(out.error, task) if out.error else None,
                None if out.ok else "failed",
                time.perf_counter() - start,
                digest,
                size,
                mtime,
                inputs=(task.location, *amap.included_paths),
            )
        except ArgmapError as exc:
            done = Done(
                task.index,
                False,
                {},
                None,
                _shown(str(exc), task),
                type(exc).__name__,
                time.perf_counter() - start,
                digest,
                size,
                mtime,
            )
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a bug in argmap or a plugin (even a SystemExit): this
            # map fails, not the run
            log.debug("internal error on %s", task.path, exc_info=True)
            done = Done(
                task.index,
                False,
                {},
                None,
                f"{task.path}: internal error: {type(exc).__name__}: {_shown(str(exc), task)}",
                type(exc).__name__,
                time.perf_counter() - start,
                digest,
                size,
                mtime,
            )
        results.append(done)
    return results


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _distributed() -> Any:
    """The ``distributed`` module (untyped for our purposes), or a clear error."""
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:
        from .._errors import CorpusError

        raise CorpusError(
            "Dask is not installed: pip install 'argmap[dask]' (dask[distributed])"
        ) from exc


def _failed_chunk(tasks: Sequence[Task], exc: BaseException, where: str) -> list[Done]:
    message = f"{where}: {type(exc).__name__}: {exc}"
    return [
        Done(
            t.index,
            False,
            {},
            None,
            f"{t.path}: {message}",
            type(exc).__name__,
            0.0,
            transient=True,
        )
        for t in tasks
    ]


def default_workers() -> int:
    """The CPUs this process may use."""
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class Executor:
    """Base of the executors: runs chunks of tasks and yields their outcomes."""

    name: ClassVar[str] = "executor"
    workers: int = 1

    def chunk_size(self, n_tasks: int) -> int:
        """Tasks per chunk: about four chunks per worker, at most 64 maps each."""
        return max(1, min(64, math.ceil(n_tasks / (self.workers * 4))))

    def describe(self) -> str:
        return self.name

    def close(self) -> None:
        """Release what the executor opened for a run (a Dask client it connected)."""

    def results(
        self, operation: Operation, chunks: Sequence[Sequence[Task]], *, progress: bool = False
    ) -> Iterator[list[Done]]:
        raise NotImplementedError


class InProcess(Executor):
    """Run every map in this process, one after another."""

    name = "in-process"

    def chunk_size(self, n_tasks: int) -> int:
        return 1

    def results(
        self, operation: Operation, chunks: Sequence[Sequence[Task]], *, progress: bool = False
    ) -> Iterator[list[Done]]:
        for chunk in chunks:
            yield work(operation, chunk)


def _worker_init() -> None:
    # Ctrl-C is the engine's business: it stops the pool, and workers write nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()


def warm_up() -> None:
    """Discover and import the readers once per worker, not inside the first map's time."""
    from ._sources import reader_extensions

    reader_extensions()


class ProcessPool(Executor):
    """A local pool of ``workers`` processes (default: the CPUs this process may use)."""

    name = "process pool"

    def __init__(self, workers: int | None = None) -> None:
        if workers is not None and workers < 1:
            raise ValueError("a process pool needs at least one worker")
        self.workers = workers or default_workers()

    def describe(self) -> str:
        return f"a process pool of {self.workers} worker(s)"

    def results(
        self, operation: Operation, chunks: Sequence[Sequence[Task]], *, progress: bool = False
    ) -> Iterator[list[Done]]:
        from concurrent.futures import Future, ProcessPoolExecutor, as_completed

        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(["argmap", "argmap.corpus"])
        pool = ProcessPoolExecutor(
            max_workers=min(self.workers, max(1, len(chunks))),
            mp_context=ctx,
            initializer=_worker_init,
        )
        futures: dict[Future[list[Done]], Sequence[Task]] = {}
        finished = False
        try:
            for chunk in chunks:
                futures[pool.submit(work, operation, chunk)] = chunk
            for fut in as_completed(futures):
                chunk = futures.pop(fut)
                try:
                    yield fut.result()
                except Exception as exc:  # the worker process died (BrokenProcessPool)
                    yield _failed_chunk(chunk, exc, "the worker process failed")
            finished = True
        finally:
            pool.shutdown(wait=finished, cancel_futures=True)
            if not finished:
                processes = getattr(pool, "_processes", None) or {}
                for proc in list(processes.values()):
                    proc.terminate()
                for proc in list(processes.values()):
                    proc.join(5)


class DaskExecutor(Executor):
    """Run on a Dask cluster: a :class:`dask.distributed.Client`, or a scheduler address
    (``tcp://host:8786``) to connect to for the run. Chunks of maps are submitted as
    futures (about four per worker thread, at most 64 maps each) and collected as they
    finish. Workers read the inputs by path, so they must see the same files (a
    :class:`~dask.distributed.LocalCluster`, or a shared filesystem). Needs
    ``pip install 'argmap[dask]'``."""

    name = "dask"

    def __init__(self, client: Any) -> None:
        _distributed()
        self.address: str | None = client if isinstance(client, str) else None
        self.client: Any = None if isinstance(client, str) else client
        self._own = False
        self.workers = 1

    def describe(self) -> str:
        where = self.address or getattr(getattr(self.client, "scheduler", None), "address", "")
        return f"Dask ({where}, {self.workers} worker thread(s))"

    def connect(self) -> Any:
        """The client: the one given, or one opened on the address (closed after the run)."""
        if self.client is None:
            try:
                self.client = _distributed().Client(self.address, timeout="10s")
            except OSError as exc:
                from .._errors import CorpusError

                raise CorpusError(
                    f"cannot reach the Dask scheduler at {self.address}: {exc}"
                ) from exc
            self._own = True
        try:
            workers = self.client.scheduler_info().get("workers", {}).values()
            self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in workers))
        except Exception:  # an old or odd scheduler: partition as for one worker
            self.workers = 1
        return self.client

    def chunk_size(self, n_tasks: int) -> int:
        self.connect()
        return super().chunk_size(n_tasks)

    def close(self) -> None:
        if self._own and self.client is not None:
            self.client.close()
            self.client, self._own = None, False

    def results(
        self, operation: Operation, chunks: Sequence[Sequence[Task]], *, progress: bool = False
    ) -> Iterator[list[Done]]:
        as_completed = _distributed().as_completed
        client = self.connect()
        futures: dict[Any, Sequence[Task]] = {}
        try:
            link = getattr(client, "dashboard_link", None)
            if link:
                log.info("Dask dashboard: %s", link)
            token = hashlib.sha256(f"{time.time_ns()}-{os.getpid()}".encode()).hexdigest()[:12]
            keys = [f"argmap-{operation.name}-{token}-{i}" for i in range(len(chunks))]
            submitted = client.map(work, [operation] * len(chunks), list(chunks), key=keys)
            futures = dict(zip(submitted, chunks, strict=True))
            if progress:
                _notebook_progress(submitted)
            for fut in as_completed(submitted):
                chunk = futures.pop(fut)
                try:
                    yield fut.result()
                except Exception as exc:  # a worker died (KilledWorker) or the cluster went
                    yield _failed_chunk(chunk, exc, "the Dask task failed")
                fut.release()
        finally:
            if futures:
                try:
                    client.cancel(list(futures))
                except Exception:  # already closing
                    log.debug("cancelling Dask futures failed", exc_info=True)
            self.close()


def _notebook_progress(futures: list[Any]) -> None:
    """In a Jupyter kernel, Dask's own progress widget for the submitted chunks."""
    dist = _distributed()
    if not importlib.import_module("distributed.utils").is_kernel():
        return
    widget = dist.progress(futures, notebook=True, multi=False)
    with contextlib.suppress(ImportError):  # a kernel has IPython
        importlib.import_module("IPython.display").display(widget)


def as_executor(spec: Any) -> Executor:
    """An executor from ``None`` (in-process), a number of workers (0: in-process),
    a Dask scheduler address, a :class:`dask.distributed.Client`, or an executor."""
    if spec is None:
        return InProcess()
    if isinstance(spec, Executor):
        return spec
    if isinstance(spec, bool):
        raise TypeError("executor: expected a number of workers, an address, a Client")
    if isinstance(spec, int):
        return InProcess() if spec == 0 else ProcessPool(spec)
    if isinstance(spec, str):
        return DaskExecutor(spec)
    if hasattr(spec, "submit") and hasattr(spec, "scheduler_info"):
        return DaskExecutor(spec)
    raise TypeError(f"executor: cannot run on {spec!r}")
