"""The batch engine: plans a run, skips what is up to date, hands the rest to an
executor, writes outputs atomically and keeps the manifest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import attrs

from .._errors import ArgmapError, CorpusError, OutputError
from .._log import logger
from ._executors import Done, Executor, Task, _text_digest, as_executor
from ._ops import Operation
from ._sources import MANIFEST_NAME, Corpus, output_names

__all__ = ["BatchInterrupted", "BatchResult", "Manifest", "Record", "run"]

log = logger()

PathLike = str | os.PathLike[str]

_WRITERS = 8
"""Threads writing outputs in the process that runs the batch."""


@attrs.frozen
class Record:
    """What happened to one map of a run."""

    key: str
    """The map's name in the corpus (its path relative to the corpus root)."""
    path: str
    """The file as given (for a JSON Lines item, the ``.jsonl`` file)."""
    ok: bool
    error: str | None = None
    """The located error (``path:line:column: message``) when the map failed."""
    error_type: str | None = None
    """The exception's class name, or ``"failed"`` when the operation's verdict failed it."""
    figures: dict[str, Any] = attrs.field(factory=dict)
    output: str | None = None
    """The output written, relative to the output folder."""
    seconds: float = 0.0
    skipped: bool = False
    """Taken from the manifest: the input and options were unchanged."""

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        fields = {f.name for f in attrs.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in fields})

    def located_error(self) -> str:
        """The error, starting with the file it is in."""
        if self.error is None:
            return ""
        return self.error if self.error.startswith(self.path) else f"{self.path}: {self.error}"


def _totals(records: Iterable[Record]) -> dict[str, int]:
    totals: dict[str, int] = {"maps": 0}
    for r in records:
        if not r.figures:
            continue
        totals["maps"] += 1
        for k, v in r.figures.items():
            if isinstance(v, int) and not isinstance(v, bool):
                totals[k] = totals.get(k, 0) + v
    return totals


@attrs.frozen
class BatchResult:
    """The records of a run, in corpus order, and what they add up to."""

    operation: str
    options: dict[str, Any]
    records: tuple[Record, ...]
    executor: str
    seconds: float
    output: str | None = None
    interrupted: bool = False

    @property
    def failures(self) -> list[Record]:
        return [r for r in self.records if not r.ok]

    @property
    def ok(self) -> bool:
        """No map failed and the run was not interrupted."""
        return not self.interrupted and all(r.ok for r in self.records)

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.records if r.skipped)

    @property
    def processed(self) -> int:
        return sum(1 for r in self.records if not r.skipped)

    @property
    def totals(self) -> dict[str, int]:
        """Each numeric figure summed over the maps that have it; ``maps`` counts those."""
        return _totals(self.records)

    def counts(self) -> dict[str, int]:
        n_ok = sum(1 for r in self.records if r.ok)
        return {
            "maps": len(self.records),
            "ok": n_ok,
            "failed": len(self.records) - n_ok,
            "skipped": self.skipped,
        }

    def summary(self, *, limit: int | None = None) -> str:
        """A few lines for people: the counts, then each failure with its located error
        (at most ``limit`` of them, then how many more)."""
        c = self.counts()
        head = (
            f"{self.operation}: {c['maps']} map(s), {c['ok']} ok, {c['failed']} failed"
            + (f", {c['skipped']} unchanged (skipped)" if c["skipped"] else "")
            + f", in {self.seconds:.2f} s on {self.executor}"
        )
        if self.interrupted:
            head += " (interrupted: run again to resume)"
        lines = [head]
        if self.failures:
            lines.append("failed:")
            failures = self.failures
            shown = failures if limit is None else failures[:limit]
            lines.extend(f"  {r.located_error()}" for r in shown)
            if len(shown) < len(failures):
                lines.append(f"  ... and {len(failures) - len(shown)} more")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "options": self.options,
            "output": self.output,
            "executor": self.executor,
            "seconds": self.seconds,
            "interrupted": self.interrupted,
            "summary": self.counts(),
            "totals": self.totals,
            "failures": [r.located_error() for r in self.failures],
            "records": [r.as_dict() for r in self.records],
        }

    def to_csv(self) -> str:
        """One row per map (its scalar figures as columns), then a ``(total)`` row."""
        columns: list[str] = []
        for r in self.records:
            for k, v in r.figures.items():
                if not isinstance(v, (list, dict)) and k not in columns:
                    columns.append(k)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["key", "path", "ok", "error", "output", "seconds", "skipped", *columns])
        for r in self.records:
            writer.writerow(
                [r.key, r.path, r.ok, r.error or "", r.output or "", f"{r.seconds:.6f}", r.skipped]
                + [r.figures.get(k, "") for k in columns]
            )
        totals = self.totals
        writer.writerow(
            ["(total)", "", self.ok, "", "", f"{self.seconds:.6f}", self.skipped]
            + [totals.get(k, "") for k in columns]
        )
        return buf.getvalue()


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a run; :attr:`result` holds the maps finished before it (they are
    in the manifest, so running again resumes)."""

    def __init__(self, result: BatchResult) -> None:
        super().__init__("interrupted")
        self.result = result


class Manifest:
    """The run's memory, next to its outputs: one JSON line per map and operation
    fingerprint (input hash, size, modification time, planned output, record).

    Lines are appended (and flushed) as maps finish, so an interrupted run leaves every
    finished map recorded; a torn last line is ignored when read. A run that completes
    rewrites the file atomically with one line per entry.
    """

    def __init__(self, folder: PathLike) -> None:
        self.path = Path(folder) / MANIFEST_NAME
        self.entries: dict[tuple[str, str], dict[str, Any]] = {}
        self._fh: io.TextIOWrapper | None = None
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{self.path}: cannot read the manifest: {exc}") from exc
        lines = text.splitlines()
        for n, line in enumerate(lines, 1):
            try:
                entry = json.loads(line)
                self.entries[(entry["fingerprint"], entry["key"])] = entry
            except (ValueError, KeyError, TypeError):
                if n < len(lines):
                    log.warning("%s:%d: ignoring a malformed manifest line", self.path, n)

    def get(self, fingerprint: str, key: str) -> dict[str, Any] | None:
        return self.entries.get((fingerprint, key))

    def add(self, entry: dict[str, Any]) -> None:
        self.entries[(entry["fingerprint"], entry["key"])] = entry
        if self._fh is None:
            try:
                self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                raise OutputError(f"{self.path}: cannot write: {exc.strerror or exc}") from exc
        try:
            self._fh.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
            self._fh.flush()
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write: {exc.strerror or exc}") from exc

    def close(self, *, compact: bool) -> None:
        if self._fh is not None:
            fh, self._fh = self._fh, None
            try:
                with fh:
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise OutputError(f"{self.path}: cannot write: {exc.strerror or exc}") from exc
        if compact and self.entries:
            from .._api import write_output

            text = "".join(
                json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"
                for e in self.entries.values()
            )
            write_output(text, self.path)


def fingerprint(operation: Operation, format: str | None) -> str:
    """What makes two runs the same: the operation, its options, the input format and
    argmap's version."""
    from .. import __version__

    doc = {
        "operation": operation.name,
        "options": operation.options(),
        "format": format,
        "argmap": __version__,
    }
    text = json.dumps(doc, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _progress_bar(total: int, enabled: bool) -> Any:
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, unit="map", file=sys.stderr, leave=False, dynamic_ncols=True)


def _chunks(tasks: list[Task], size: int) -> list[list[Task]]:
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


def run(
    corpus: Corpus | PathLike | Iterable[PathLike],
    operation: Operation,
    *,
    output: PathLike | None = None,
    executor: Any = None,
    force: bool = False,
    retry_failed: bool = False,
    progress: bool | None = None,
    format: str | None = None,
) -> BatchResult:
    """Apply ``operation`` to every map of ``corpus`` and return the records.

    ``corpus`` is a :class:`Corpus` or its sources (see :meth:`Corpus.from_sources`).
    ``output`` is the folder for per-map outputs (required by :class:`Convert`) and the
    manifest; without it nothing is written and nothing is skipped. ``executor`` is
    ``None`` (in this process), a number of workers (a process pool; 0: in-process), a
    Dask scheduler address or :class:`dask.distributed.Client`, or an :class:`Executor`.

    A map whose input (SHA-256) and options are unchanged since the manifest recorded
    it is skipped, its record taken from the manifest, unless ``force``;
    ``retry_failed`` redoes the maps that failed. A bad map never stops the run: it is
    recorded with its error. Ctrl-C stops the run, leaves no partial output and raises
    :class:`BatchInterrupted` (a :class:`KeyboardInterrupt`) carrying what finished.
    """
    started = time.perf_counter()
    operation.validate()
    outdir = Path(output) if output is not None else None
    if operation.writes and outdir is None:
        raise CorpusError(f"{operation.name} needs an output folder (output=, CLI: -o DIR)")
    if outdir is not None and outdir.exists() and not outdir.is_dir():
        raise CorpusError(f"{outdir}: is not a folder")
    if not isinstance(corpus, Corpus):
        exclude = [outdir] if outdir is not None else []
        corpus = Corpus.from_sources(corpus, format=format, exclude=exclude)
    fmt = corpus.format if format is None else format
    runner: Executor = as_executor(executor)
    if outdir is not None:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{outdir}: cannot create the folder: {exc.strerror}") from exc
    items = corpus.items
    extension = operation.extension() if outdir is not None else None
    names: dict[str, str] = {}
    if outdir is not None and extension is not None:
        out_abs = os.path.abspath(outdir)
        inputs_at = set()
        for it in items:
            rel = os.path.relpath(os.path.abspath(it.path), out_abs)
            if not rel.startswith(".."):
                inputs_at.add(Path(rel).as_posix())
        names = output_names(items, extension, inputs_at=inputs_at)
    manifest = Manifest(outdir) if outdir is not None else None
    fp = fingerprint(operation, fmt)
    records: list[Record | None] = [None] * len(items)
    previous: dict[int, dict[str, Any]] = {}
    tasks: list[Task] = []
    for i, item in enumerate(items):
        location = os.path.abspath(item.path)
        target = names.get(item.key)
        expected = None
        prev = manifest.get(fp, item.key) if manifest is not None and not force else None
        if prev is not None and _reusable(prev, target, outdir, retry_failed):
            if item.line is not None:
                assert item.text is not None
                digest = _text_digest(item.text)
                if digest == prev.get("sha256"):
                    records[i] = attrs.evolve(Record.from_dict(prev["record"]), skipped=True)
                    continue
            else:
                try:
                    st = os.stat(location)
                except OSError:
                    st = None
                if st is not None and (st.st_size, st.st_mtime_ns) == (
                    prev.get("size"),
                    prev.get("mtime_ns"),
                ):
                    records[i] = attrs.evolve(Record.from_dict(prev["record"]), skipped=True)
                    continue
                expected = prev.get("sha256")
            previous[i] = prev
        tasks.append(
            Task(
                i,
                item.path,
                location,
                item.line,
                item.text,
                fmt,
                want_hash=manifest is not None,
                expected=expected,
            )
        )

    def remember(record: Record, done: Done) -> None:
        records[done.index] = record
        if manifest is None or done.transient:
            return
        manifest.add(
            {
                "fingerprint": fp,
                "operation": operation.name,
                "key": record.key,
                "sha256": done.sha256,
                "size": done.size,
                "mtime_ns": done.mtime_ns,
                "target": names.get(record.key),
                "output": record.output,
                "record": record.as_dict(),
            }
        )

    # Outputs are written by a few threads of this process (an atomic write ends with an
    # fsync, which would otherwise make this process the bottleneck); each map enters the
    # manifest once its output is in place.
    writer: ThreadPoolExecutor | None = None
    pending: dict[Future[str], tuple[Record, Done]] = {}

    def settle(futures: Iterable[Future[str]]) -> None:
        for fut in list(futures):
            record, done = pending.pop(fut)
            try:
                record = attrs.evolve(record, output=fut.result())
            except ArgmapError as exc:
                record = attrs.evolve(
                    record, ok=False, error=str(exc), error_type=type(exc).__name__
                )
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # a bug while writing: this map fails, not the run
                record = attrs.evolve(
                    record,
                    ok=False,
                    error=f"{record.path}: internal error while writing: "
                    f"{type(exc).__name__}: {exc}",
                    error_type=type(exc).__name__,
                )
            remember(record, done)

    def finish(done: Done) -> None:
        nonlocal writer
        item = items[done.index]
        target = names.get(item.key)
        if done.unchanged:
            prev = previous[done.index]
            records[done.index] = attrs.evolve(Record.from_dict(prev["record"]), skipped=True)
            if manifest is not None:
                manifest.add({**prev, "size": done.size, "mtime_ns": done.mtime_ns})
            return
        record = Record(
            item.key,
            item.path,
            done.ok,
            done.error,
            done.error_type,
            done.figures,
            None,
            done.seconds,
        )
        if done.data is None or outdir is None or target is None:
            remember(record, done)
            return
        if writer is None:
            writer = ThreadPoolExecutor(max_workers=_WRITERS, thread_name_prefix="argmap-write")
        inputs = done.inputs or (os.path.abspath(item.path),)
        pending[writer.submit(_write, done.data, outdir, target, inputs)] = (record, done)
        if len(pending) >= 4 * _WRITERS:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            settle(finished)

    interrupted = False
    bar = _progress_bar(len(tasks), progress if progress is not None else sys.stderr.isatty())
    stream: Iterator[list[Done]] | None = None
    try:
        if tasks:
            chunks = _chunks(tasks, runner.chunk_size(len(tasks)))
            stream = runner.results(operation, chunks, progress=bar is not None)
            for batch in stream:
                for done in batch:
                    finish(done)
                settle([f for f in pending if f.done()])
                if bar is not None:
                    bar.update(len(batch))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if stream is not None:
            stream.close()  # type: ignore[attr-defined]
        runner.close()
        try:
            # Writes under way finish (each is atomic) and are recorded, even on Ctrl-C.
            wait(list(pending))
            settle(list(pending))
        finally:
            if writer is not None:
                writer.shutdown(wait=True)
            if bar is not None:
                bar.close()
            if manifest is not None:
                manifest.close(compact=not interrupted)
    result = BatchResult(
        operation.name,
        operation.options(),
        tuple(r for r in records if r is not None),
        runner.describe(),
        time.perf_counter() - started,
        os.fspath(outdir) if outdir is not None else None,
        interrupted,
    )
    if interrupted:
        raise BatchInterrupted(result)
    return result


def _reusable(
    prev: dict[str, Any], target: str | None, outdir: Path | None, retry_failed: bool
) -> bool:
    record = prev.get("record") or {}
    if prev.get("target") != target:
        return False
    if not record.get("ok"):
        return not retry_failed
    out = prev.get("output")
    return out is None or (outdir is not None and (outdir / out).is_file())


def _write(data: str | bytes, outdir: Path, target: str, inputs: tuple[str, ...]) -> str:
    from .._api import write_output

    path = outdir / target
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot create the folder: {exc.strerror}") from exc
    write_output(data, path, inputs=inputs)
    return target
