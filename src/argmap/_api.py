"""The library API: read, parse, render, write and check maps."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

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
from ._model import ArgumentMap, Location
from ._registry import registry
from ._validate import Finding, Severity, finding, select_findings, validate
from .plugin import Reader, Renderer, loss_message

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

log = logging.getLogger("argmap")

PathLike = str | os.PathLike[str]
ReaderSpec = str | Reader | type[Reader] | None
RendererSpec = str | Renderer | type[Renderer]


def get_reader(format: str | Reader | type[Reader]) -> Reader:
    """A reader instance, from a name or alias, a class or an instance."""
    if isinstance(format, Reader):
        return format
    if isinstance(format, type):
        return format()
    cls = registry.get("reader", format)
    return cls()  # type: ignore[return-value]


def get_renderer(format: str | Renderer | type[Renderer]) -> Renderer:
    """A renderer instance, from a name or alias, a class or an instance."""
    if isinstance(format, Renderer):
        return format
    if isinstance(format, type):
        return format()
    cls = registry.get("renderer", format)
    return cls()  # type: ignore[return-value]


def _readers() -> list[type[Reader]]:
    return [
        info.cls
        for info in registry._each_loaded("reader")
        if info.cls is not None and issubclass(info.cls, Reader)
    ]


def _head(path: Path, size: int = 65536) -> str:
    try:
        with path.open("rb") as fh:
            return fh.read(size).decode("utf-8", "replace").lstrip("\ufeff")
    except OSError as exc:
        raise ArgmapSyntaxError(f"cannot read file: {exc.strerror or exc}", path=path) from exc


def detect_format(path: PathLike | None = None, text: str | None = None) -> str:
    """The name of the reader for a file: by extension, and by content when several
    readers share the extension (``.json``) or none claims it."""
    candidates: list[type[Reader]] = []
    name = os.fspath(path) if path is not None else ""
    if name:
        candidates = registry.for_filename("reader", Path(name).name)  # type: ignore[assignment]
        if len(candidates) == 1:
            return candidates[0].name
    if text is None and name:
        text = _head(Path(name))
    if text is not None:
        pool = candidates or _readers()
        scored = []
        for cls in pool:
            try:
                score = float(cls().sniff(text))
            except KeyboardInterrupt:
                raise
            except BaseException:  # a plugin's bug (SystemExit too) is not fatal
                log.warning(
                    "reader %s failed to sniff %s", cls.name, name or "<text>", exc_info=True
                )
                continue
            if score > 0:
                scored.append((score, cls.name))
        scored.sort(key=lambda t: -t[0])
        if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        if scored:
            tied = ", ".join(n for s, n in scored if s == scored[0][0])
            raise FormatDetectionError(
                f"{name or '<text>'}: cannot tell the format, it could be any of: {tied}; "
                "name it with format= (CLI: --from)"
            )
        if candidates:
            names = ", ".join(c.name for c in candidates)
            raise FormatDetectionError(
                f"{name}: cannot tell the format: {Path(name).suffix} files are read by "
                f"{names}, and the content looks like none of them; name it with format= "
                "(CLI: --from)"
            )
    ext = Path(name).suffix or "(none)"
    readers = registry._available("reader")
    raise FormatDetectionError(
        f"{name or '<text>'}: cannot tell the format from the extension {ext} or the content; "
        f"name it with format= (CLI: --from); installed readers: {readers}"
    )


def read(path: PathLike, format: ReaderSpec = None, **options: Any) -> ArgumentMap:
    """Read a map from a file; the format is inferred from its name (and content) if not given."""
    p = Path(path)
    if not p.exists():
        raise ArgmapSyntaxError("no such file", path=p)
    if p.is_dir():
        raise ArgmapSyntaxError("is a directory, not a map file", path=p)
    reader = get_reader(format if format is not None else detect_format(p))
    return reader.read(p, **options)


def parse(
    text: str, format: ReaderSpec = None, *, path: PathLike | None = None, **options: Any
) -> ArgumentMap:
    """Parse a map from text; without ``format`` it is told from the content."""
    if format is None:
        format = detect_format(path, text)
    reader = get_reader(format)
    return reader.parse(text, path=os.fspath(path) if path is not None else None, **options)


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
    lost = renderer.dropped(amap, **options)
    if lost:
        if not _readable(renderer.name):
            log.info("%s", loss_message(renderer.name, lost))
        elif strict:
            raise RenderError(loss_message(renderer.name, lost, strict=True))
        else:
            log.warning("%s", loss_message(renderer.name, lost))
    return renderer.render(amap, **options)


def _readable(name: str) -> bool:
    """Whether a reader of that name is installed (the format converts, both ways)."""
    return name in registry.names("reader")


def renderer_for_path(path: PathLike, format: RendererSpec | None = None) -> Renderer:
    if format is not None:
        return get_renderer(format)
    name = Path(path).name
    found = registry.for_filename("renderer", name)
    if not found:
        ext = Path(name).suffix or "(none)"
        raise PluginNotFoundError(
            f"{os.fspath(path)}: no renderer writes {ext} files; name one with format= "
            f"(CLI: --to); installed renderers: {registry._available('renderer')}"
        )
    return found[0]()  # type: ignore[return-value]


def write_output(data: str | bytes, path: PathLike, *, inputs: Iterable[PathLike] = ()) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file + rename), never over an input."""
    target = Path(path)
    for src in inputs:
        try:
            same = target.exists() and os.path.samefile(target, src)
        except OSError:
            same = False
        if same or target.resolve() == Path(src).resolve():
            raise OutputError(f"{target}: refusing to overwrite the input file")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{target}: the directory {directory} does not exist")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    import tempfile  # only when writing: it costs start-up time (shutil, random)

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from exc
        raise
    return target


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
    the file the map was read from. What the format cannot express is reported as in
    :func:`render`; with ``strict`` nothing is written then.
    """
    renderer = renderer_for_path(path, format)
    data = render_reporting(renderer, amap, options, strict=strict)
    inputs = [amap.source_path] if amap.source_path else []
    return write_output(data, path, inputs=inputs)


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
