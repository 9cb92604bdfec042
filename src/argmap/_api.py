"""The library API: read, parse, render, write and check maps."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import _paths
from ._errors import (
    ArgmapSyntaxError,
    DuplicateIdError,
    FormatDetectionError,
    MapStructureError,
    OutputError,
    PluginNotFoundError,
    RenderError,
    ValidationError,
)
from ._guard import guarded, instantiate, sniff_score
from ._log import log
from ._model import ArgumentMap, Location
from ._registry import registry
from ._validate import Finding, Severity, finding, select_findings, validate
from .plugin import Reader, Renderer, loss_message

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "check",
    "detect_format",
    "get_reader",
    "get_renderer",
    "parse",
    "read",
    "render",
    "write",
    "write_output",
]


PathLike = str | os.PathLike[str]
ReaderSpec = str | Reader | type[Reader] | None
RendererSpec = str | Renderer | type[Renderer]


def get_reader(format: str | Reader | type[Reader]) -> Reader:
    """A reader instance, from a name or alias, a class or an instance."""
    if isinstance(format, Reader):
        return format
    if isinstance(format, type):
        return instantiate("reader", format)  # type: ignore[no-any-return]
    return instantiate("reader", registry.get("reader", format))  # type: ignore[no-any-return]


def get_renderer(format: str | Renderer | type[Renderer]) -> Renderer:
    """A renderer instance, from a name or alias, a class or an instance."""
    if isinstance(format, Renderer):
        return format
    if isinstance(format, type):
        return instantiate("renderer", format)  # type: ignore[no-any-return]
    return instantiate("renderer", registry.get("renderer", format))  # type: ignore[no-any-return]


def _readers() -> list[type[Reader]]:
    return [
        info.cls
        for info in registry._each_loaded("reader")
        if info.cls is not None and issubclass(info.cls, Reader)
    ]


def _builtin(cls: type) -> bool:
    return cls.__module__.partition(".")[0] == "argmap"


def _head(path: str, size: int = 65536) -> str:
    try:
        with open(path, "rb") as fh:
            return fh.read(size).decode("utf-8", "replace").lstrip("\ufeff")
    except OSError as exc:
        raise ArgmapSyntaxError(f"cannot read file: {exc.strerror or exc}", path=path) from exc


def detect_format(path: PathLike | None = None, text: str | None = None) -> str:
    """The name of the reader for a file: by extension, and by content when several
    readers share the extension (``.json``) or none claims it."""
    candidates: list[type[Reader]] = []
    name = os.fspath(path) if path is not None else ""
    if name:
        candidates = registry.for_filename("reader", _paths.name(name))  # type: ignore[assignment]
        if len(candidates) == 1:
            return candidates[0].name
    if text is None and name:
        text = _head(_paths.normal(name))
    if text is not None:
        pool = candidates or _readers()
        scored = []
        for cls in pool:
            score = sniff_score(cls, text, name or "<text>")
            if score > 0:
                scored.append((score, cls.name, _builtin(cls)))
        scored.sort(key=lambda t: -t[0])
        if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        top = [t for t in scored if t[0] == scored[0][0]] if scored else []
        if sum(builtin for *_, builtin in top) == 1:  # a built-in wins a tie with plugins
            return next(n for _, n, builtin in top if builtin)
        if scored:
            tied = ", ".join(n for _, n, _ in top)
            raise FormatDetectionError(
                f"{name or '<text>'}: cannot tell the format, it could be any of: {tied}; "
                "name it with format= (CLI: --from)"
            )
        if candidates:
            names = ", ".join(c.name for c in candidates)
            ext = _paths.suffix(_paths.name(name))
            raise FormatDetectionError(
                f"{name}: cannot tell the format: {ext} files are read by "
                f"{names}, and the content looks like none of them; name it with format= "
                "(CLI: --from)"
            )
    ext = _paths.suffix(_paths.name(name)) or "(none)"
    readers = registry._available("reader")
    raise FormatDetectionError(
        f"{name or '<text>'}: cannot tell the format from the extension {ext} or the content; "
        f"name it with format= (CLI: --from); installed readers: {readers}"
    )


def read(path: PathLike, format: ReaderSpec = None, **options: Any) -> ArgumentMap:
    """Read a map from a file; the format is inferred from its name (and content) if not given."""
    p = _paths.normal(path)  # os.fspath(pathlib.Path(path)), without importing pathlib
    if not _paths.exists(p):
        raise ArgmapSyntaxError("no such file", path=p)
    if _paths.is_dir(p):
        raise ArgmapSyntaxError("is a directory, not a map file", path=p)
    reader = get_reader(format if format is not None else detect_format(p))
    with guarded("reader", reader, path=p):
        if type(reader).read is Reader.read:  # (it takes str too)
            return reader.read(p, **options)
        from pathlib import Path  # a reader of its own: given a Path, as it always was

        return reader.read(Path(p), **options)


def parse(
    text: str, format: ReaderSpec = None, *, path: PathLike | None = None, **options: Any
) -> ArgumentMap:
    """Parse a map from text; without ``format`` it is told from the content."""
    if format is None:
        format = detect_format(path, text)
    reader = get_reader(format)
    where = os.fspath(path) if path is not None else None
    with guarded("reader", reader, path=where):
        return reader.parse(text, path=where, **options)


def render(
    amap: ArgumentMap, format: RendererSpec, /, *, strict: bool = False, **options: Any
) -> str | bytes:
    """Render a map: text (``str``) or, for binary formats such as PNG and PDF, ``bytes``.

    What the format cannot express of this map (see the renderer's ``expresses``) is
    logged as one warning on the ``argmap`` logger, with counts; with ``strict`` it is a
    :class:`~argmap.RenderError` instead, and nothing is rendered.
    """
    return render_reporting(get_renderer(format), amap, options, strict=strict)


def render_reporting(
    renderer: Renderer, amap: ArgumentMap, options: dict[str, Any], *, strict: bool = False
) -> str | bytes:
    """``renderer.render(amap, **options)``, saying first what the format drops.

    A conversion (to a format argmap can read back) that drops something is a warning,
    and with ``strict`` an error; a view (a diagram, an outline) shows a map without
    being a copy of it, so what it leaves out is logged as info only.
    """
    with guarded("renderer", renderer):
        lost = renderer.dropped(amap, **options)
    if lost:
        if not _readable(renderer.name):
            log.info("%s", loss_message(renderer.name, lost))
        elif strict:
            raise RenderError(loss_message(renderer.name, lost, strict=True))
        else:
            log.warning("%s", loss_message(renderer.name, lost))
    with guarded("renderer", renderer):
        return renderer.render(amap, **options)


def _readable(name: str) -> bool:
    """Whether a reader of that name is installed (the format converts, both ways)."""
    return name in registry.names("reader")


def renderer_for_path(path: PathLike, format: RendererSpec | None = None) -> Renderer:
    if format is not None:
        return get_renderer(format)
    from pathlib import Path

    name = Path(path).name
    found = registry.for_filename("renderer", name)
    if not found:
        ext = Path(name).suffix or "(none)"
        raise PluginNotFoundError(
            f"{os.fspath(path)}: no renderer writes {ext} files; name one with format= "
            f"(CLI: --to); installed renderers: {registry._available('renderer')}"
        )
    return instantiate("renderer", found[0])  # type: ignore[no-any-return]


def write_output(data: str | bytes, path: PathLike, *, inputs: Iterable[PathLike] = ()) -> Path:
    """Write ``data`` (``str`` as UTF-8) to ``path``, never over one of ``inputs``.

    - A regular file, or a new one, is replaced atomically: the data goes to a temporary
      file in the same folder, which is then renamed over it, so a reader sees the old
      file or the new one, never a part. A symbolic link is followed: the file it points
      to is replaced, the link stays.
    - A special file (a FIFO, a character or block device such as ``/dev/null``) is
      written to directly, opened without creating or truncating it; it is never
      replaced by a regular file. ``"-"`` is standard output.
    - ``inputs`` are the files the data was made from (a map's
      :attr:`~argmap.ArgumentMap.input_paths`: its file and each file it includes). A
      target that is one of them, by any name (a symbolic or hard link), is refused.

    Every problem is an :class:`~argmap.OutputError` naming the path: a refused input,
    a missing folder, a target that is a folder, and every OS error while writing (a
    read-only or full disk, a permission denied); a failed write leaves no temporary
    file behind.
    """
    from pathlib import Path  # (only writing needs it: not imported for argmap.read)

    payload = data.encode("utf-8") if isinstance(data, str) else data
    if os.fspath(path) == "-":
        _write_stdout(payload)
        return Path("-")
    target = Path(path)
    _refuse_inputs(target, inputs)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:  # a parent that is a file, a loop of links, permissions
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{target}: is a directory; name an output file")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_special(payload, target)
        return target
    final = Path(os.path.realpath(target)) if target.is_symlink() else target
    directory = final.parent if str(final.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{target}: the directory {directory} does not exist")
    _replace_atomically(payload, final, st, shown=target)
    return target


def _refuse_inputs(target: Path, inputs: Iterable[PathLike]) -> None:
    """An :class:`OutputError` when ``target`` is one of ``inputs`` by any name."""
    resolved = None
    for src in inputs:
        try:
            same = os.path.samefile(target, src)  # links and hard links: the same inode
        except (OSError, ValueError):  # one of them does not exist (yet)
            same = False
        if not same:
            if resolved is None:
                resolved = os.path.realpath(target)
            same = resolved == os.path.realpath(src)
        if same:
            shown = "" if os.fspath(src) == os.fspath(target) else f" {os.fspath(src)}"
            raise OutputError(f"{target}: refusing to overwrite the input file{shown}")


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def _write_stdout(payload: bytes) -> None:
    import sys

    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            stream.flush()
            buffer.write(payload)
            buffer.flush()
        else:  # a text stream only (replaced in a test, a notebook): text goes as text
            stream.write(payload.decode("utf-8"))
            stream.flush()
    except BrokenPipeError:
        raise  # the reader went away: the CLI ends quietly
    except (OSError, UnicodeDecodeError) as exc:
        raise OutputError(f"-: cannot write to standard output: {exc}") from exc


def _write_special(payload: bytes, target: Path) -> None:
    """Write into a FIFO or a device as it is: no temporary file, no rename."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            _write_all(fd, payload)
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from exc


def _replace_atomically(
    payload: bytes, target: Path, st: os.stat_result | None, *, shown: Path
) -> None:
    """A temporary file beside ``target``, then a rename over it."""
    # the temporary name stays within the 255 bytes a file name may have
    stem = target.name.encode("utf-8", "surrogateescape")[:200].decode("utf-8", "ignore")
    tmp: str | None = None
    try:
        for attempt in range(100):
            name = os.path.join(target.parent, f".{stem}.{os.urandom(6).hex()}.tmp")
            try:
                # mode 0o666 less the umask, as for any new file (the kernel applies it)
                fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                if attempt == 99:
                    raise
                continue
            tmp = name
            break
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        if st is not None:  # an existing file keeps its permissions
            with contextlib.suppress(OSError):
                os.chmod(name, stat.S_IMODE(st.st_mode))
        os.replace(name, target)
        tmp = None
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write(
    amap: ArgumentMap,
    path: PathLike,
    format: RendererSpec | None = None,
    *,
    strict: bool = False,
    **options: Any,
) -> Path:
    """Render ``amap`` and write it to ``path`` atomically.

    The format is inferred from the file name when not given. Refuses to write over
    any file the map was read from (:attr:`~argmap.ArgumentMap.input_paths`); how
    special files and errors are handled: :func:`write_output`. What the format cannot
    express is reported as in :func:`render`; with ``strict`` nothing is written then.
    """
    renderer = renderer_for_path(path, format)
    data = render_reporting(renderer, amap, options, strict=strict)
    return write_output(data, path, inputs=amap.input_paths)


def check(
    source: ArgumentMap | PathLike,
    format: ReaderSpec = None,
    *,
    raise_on_error: bool = False,
    sources: Any = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    reader_options: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Validate a map (or a file): every :class:`Finding`, errors first.

    A file that cannot be read gives one ``E401`` error per syntax error its reader
    found (the Argdown reader goes on after an error and reports up to 100), each with
    its location, and nothing else. With ``sources`` (a folder of source documents, or
    an :class:`argmap.sources.Library`) every quote is also verified against them
    (:func:`argmap.verify_quotes`; findings E5xx/W5xx/I5xx). ``select`` and ``ignore``
    keep only the findings whose codes match one of ``select`` and none of ``ignore``
    (a code such as ``W105``, or a prefix: ``W``, ``E1``, ``ALL``). With
    ``raise_on_error`` a :class:`ValidationError` carrying the findings is raised when
    any of them is an error. ``reader_options`` go to the reader of a file (e.g.
    ``{"include_root": "docs"}``).
    """
    if isinstance(source, ArgumentMap):
        findings = validate(source)
    else:
        try:
            amap = read(source, format, **(reader_options or {}))
        except ArgmapSyntaxError as exc:
            findings = [
                finding(
                    "E401",
                    err.message + (f" (expected {err.expected})" if err.expected else ""),
                    None,
                    Location(err.path or os.fspath(source), err.line, err.column),
                )
                for err in exc.errors
            ]
        except MapStructureError as exc:
            code = "E104" if isinstance(exc, DuplicateIdError) else "E103"
            findings = [finding(code, str(exc), None, Location(os.fspath(source)))]
        else:
            findings = validate(amap)
            source = amap
    if sources is not None and isinstance(source, ArgumentMap):
        from .sources import verify_quotes

        findings += verify_quotes(source, sources).findings
    if select is not None or ignore:
        findings = select_findings(findings, select=select, ignore=ignore)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if raise_on_error and errors:
        raise ValidationError(
            f"{len(errors)} error(s): " + "; ".join(str(e) for e in errors[:3]), findings
        )
    return findings
