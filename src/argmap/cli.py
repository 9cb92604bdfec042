"""The ``argmap`` command line: a thin shell over the library API.

Exit codes: 0 success, 1 an error in the input or while working (one line on stderr;
``-v`` shows the traceback), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from ._api import (
    check,
    detect_format,
    get_reader,
    get_renderer,
    read,
    render_reporting,
    renderer_for_path,
    write_output,
)
from ._errors import (
    ArgmapError,
    OptionError,
    OutputError,
    PluginNotFoundError,
    UnknownCodeError,
)
from ._gc import promote_survivors
from ._model import ArgumentMap
from ._registry import GROUPS, registry
from ._validate import Finding, Severity, select_findings
from .plugin import Renderer

__all__ = ["build_parser", "main"]

EVALUATE_SEMANTICS = (
    "grounded",
    "complete",
    "preferred",
    "stable",
    "df-quad",
    "quad",
    "h-categorizer",
    "h-categoriser",
    "euler",
    "quadratic-energy",
)


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"argmap: {record.levelname.lower()}: {record.getMessage()}"


class _UsageError(Exception):
    """A usage error found after argument parsing (exit 2)."""


def _option(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip().replace("-", "_"), value


def _add_options_flag(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument(
        "-O",
        "--option",
        dest="options",
        action="append",
        type=_option,
        default=[],
        metavar="KEY=VALUE",
        help=help,
    )


class _VersionAction(argparse.Action):
    """``--version``: the version is read from the package metadata only when asked for
    (importing the metadata machinery costs every other command's start-up)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the version and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from . import __version__

        print(f"argmap {__version__}")  # to stdout, as argparse's own version action
        parser.exit()


def _add_include_root(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--include-root",
        metavar="DIR",
        help="Argdown @include may read files anywhere under DIR (default: only under the "
        "including file's folder)",
    )
    p.add_argument(
        "-R",
        "--reader-option",
        dest="reader_options",
        action="append",
        type=_option,
        default=[],
        metavar="KEY=VALUE",
        help="reader option, e.g. -R max_bytes=1000000000 (repeatable); "
        "a reader's options: argmap plugins NAME",
    )


def _columns() -> int:
    """The terminal's width as :func:`shutil.get_terminal_size` finds it (``$COLUMNS``,
    else the terminal of stdout, else 80), without importing :mod:`shutil`: argparse
    imports it (and bz2, lzma, ...) for every parser, a tenth of a command's start-up."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, its width from :func:`_columns`."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
        **kwargs: Any,
    ) -> None:
        if width is None:
            width = _columns() - 2  # as argparse does
        super().__init__(prog, indent_increment, max_help_position, width, **kwargs)


class _CommandParser(argparse.ArgumentParser):
    """A command's parser whose arguments are added when it is first used (to parse or
    to show help): ``fill``, if set, adds them. A command's start-up pays for its own
    arguments only, not for those of the seven others (``argmap diff``'s import
    :mod:`argmap.mapdiff`)."""

    fill: Callable[[argparse.ArgumentParser], None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def _filled(self) -> None:
        fill, self.fill = self.fill, None
        if fill is not None:
            fill(self)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._filled()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._filled()
        return super().format_usage()

    def format_help(self) -> str:
        self._filled()
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the ``argmap`` command (also used to document it)."""
    parser = _CommandParser(
        prog="argmap",
        description="Argument maps: read, check, evaluate and render claims, evidence "
        "and the relations between them.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show tracebacks and debug logging"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    sub.required = True

    p = sub.add_parser(
        "render",
        help="render maps to a diagram or another format",
        description="Render INPUT to OUTPUT; formats are inferred from the file names. "
        "With several inputs, or a directory, OUTPUT is a directory and --to names the format: "
        "the outputs mirror the input tree there (a/x.argdown -> OUTPUT/a/x.svg), and where "
        "two inputs would give one name (x.argdown, x.sadface.json) each keeps its whole "
        "input name (x.argdown.svg, x.sadface.json.svg). No output is ever written over an "
        "input or a file it includes, a FIFO or device (/dev/null) is written to as it is, "
        "and a map that fails is reported while the others are rendered.",
    )
    p.fill = _args_render

    p = sub.add_parser(
        "check",
        help="validate maps",
        description="Validate maps: each finding with its location, code and a hint; "
        "exit 1 if any input has errors (with --strict, warnings too). Codes: docs/errors.md.",
    )
    p.fill = _args_check

    p = sub.add_parser(
        "evidence",
        help="find passages of source documents that bear on a map's claims",
        description="Rank, for each claim of MAP (or one), candidate passages from the source "
        "documents in DIR: BM25, fused with a bundled embedding model's similarity when "
        "argmap[evidence] is installed.",
    )
    p.fill = _args_evidence

    p = sub.add_parser("info", help="title, main claims and counts of a map")
    p.fill = _args_info

    p = sub.add_parser(
        "plugins",
        help="list installed readers and renderers, or one with its options",
        description="Without NAME: every installed reader and renderer with its "
        "distribution, version and status. With NAME: that plugin (reader and renderer "
        "of that name) with every option it takes: type, default, what is allowed, help.",
    )
    p.fill = _args_plugins

    p = sub.add_parser(
        "evaluate",
        help="which claims stand: argumentation semantics and gradual strength",
    )
    p.fill = _args_evaluate

    p = sub.add_parser(
        "batch",
        help="convert, check, count or evaluate a whole corpus of maps",
        description="Apply OPERATION to every map of a corpus: folders, glob patterns, "
        "files, JSON Lines files (one map a line). A bad map is reported and the rest go on. "
        "With -o DIR, outputs mirror the input tree there, next to a manifest; a rerun "
        "skips maps whose input and options are unchanged.",
    )
    p.fill = _args_batch

    p = sub.add_parser(
        "diff", help="what changed between two versions of a map (exit 0 equal, 1 different)"
    )
    p.fill = _add_diff_arguments
    return parser


def _add_diff_arguments(p: argparse.ArgumentParser) -> None:
    from .mapdiff._cli import add_arguments

    add_arguments(p, _add_options_flag)


def _args_render(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="map file(s) or a directory")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUTPUT", help="output file, directory, or -"
    )
    p.add_argument("--to", metavar="FORMAT", help="renderer name (default: from OUTPUT's name)")
    p.add_argument("--from", dest="from_", metavar="FORMAT", help="reader name (default: detect)")
    _add_options_flag(
        p,
        "renderer option, e.g. -O direction=LR -O wrap=30 (repeatable); "
        "a renderer's options: argmap plugins NAME",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar for many inputs")
    _add_include_root(p)
    p.add_argument(
        "--split",
        choices=["sections"],
        help="sections: OUTPUT is a directory; write one diagram per top-level section, an "
        "overview of the main claims linking to them, and index.html (--to: svg, png, pdf, dot)",
    )
    p.add_argument(
        "--sources",
        metavar="DIR",
        help="verify quotes against the documents in DIR first, so the output shows them",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1, nothing written) when the format cannot express part of a map",
    )


def _args_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--from", dest="from_", metavar="FORMAT")
    _add_include_root(p)
    p.add_argument(
        "--format",
        dest="output_format",
        choices=("text", "json", "github"),
        default=None,
        help="text (default), json, or github (GitHub Actions annotations)",
    )
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument(
        "--sources",
        metavar="DIR",
        help="verify every quote against the source documents in DIR (findings E5xx/W5xx/I5xx)",
    )
    p.add_argument(
        "--fix-locators",
        action="store_true",
        help="with --sources: write verified quotes' exact locators into the map file",
    )
    p.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these codes or prefixes, comma-separated (e.g. E,W105); repeatable",
    )
    p.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="leave out these codes or prefixes, comma-separated (e.g. W107,I); repeatable",
    )


def _args_evidence(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", metavar="MAP")
    p.add_argument("--sources", required=True, metavar="DIR", help="folder of source documents")
    p.add_argument("--from", dest="from_", metavar="FORMAT")
    p.add_argument("--claim", metavar="CLAIM", help="only this claim (id, title or text)")
    _add_include_root(p)
    p.add_argument("--top", type=int, default=5, metavar="N", help="candidates per claim")
    p.add_argument(
        "--context",
        type=float,
        default=0.05,
        metavar="SHARE",
        help="share of the claim's map context (what it supports or attacks, its argument, "
        "section, tags) in the query, 0-1 (default 0.05; 0: the claim's text alone)",
    )
    p.add_argument(
        "--no-clauses",
        dest="clauses",
        action="store_false",
        help="ask with the whole claim only, not also clause by clause",
    )
    p.add_argument(
        "--map-prior",
        type=float,
        default=0.05,
        metavar="SHARE",
        help="share of the map prior: paragraphs near those the map's evidence around the "
        "claim already quotes rank higher, 0-1 (default 0.05; 0: off)",
    )
    p.add_argument(
        "--no-map-prior",
        dest="map_evidence",
        action="store_false",
        help="ignore the evidence already in the map: no map prior, and the paragraphs "
        "the claim's evidence quotes are not listed last",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "argdown"),
        default="text",
        help="text (default), json, or Argdown evidence snippets to paste",
    )
    p.add_argument("--json", action="store_const", const="json", dest="format")
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--semantic",
        action="store_true",
        default=None,
        help="require the embedding model (argmap[evidence])",
    )
    group.add_argument(
        "--no-semantic", dest="semantic", action="store_false", help="lexical ranking only"
    )


def _args_info(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--from", dest="from_", metavar="FORMAT")
    _add_include_root(p)
    p.add_argument("--json", action="store_true")


def _args_plugins(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", metavar="NAME", help="a reader or renderer name or alias")
    p.add_argument("--json", action="store_true")


def _args_evaluate(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--from", dest="from_", metavar="FORMAT")
    p.add_argument("--semantics", default="grounded", choices=EVALUATE_SEMANTICS)
    _add_include_root(p)
    p.add_argument(
        "--support",
        default="cayrol",
        help="how support enters the attack graph (default: cayrol)",
    )
    p.add_argument("--limit", type=int, default=None, help="at most this many extensions")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--explain",
        action="store_true",
        help="also say why each node has its status (its direct attackers and defenders; "
        "a derived attack as the path it comes from)",
    )


def _args_batch(p: argparse.ArgumentParser) -> None:
    p.add_argument("operation", choices=("convert", "check", "stats", "evaluate"))
    p.add_argument("sources", nargs="*", metavar="CORPUS", help="folder, glob, file or .jsonl")
    p.add_argument("--files-from", metavar="FILE", help="also the paths listed in FILE, one a line")
    p.add_argument(
        "-o", "--output", metavar="DIR", help="output folder and manifest (convert: required)"
    )
    p.add_argument("--to", metavar="FORMAT", help="convert: the renderer")
    p.add_argument("--from", dest="from_", metavar="FORMAT", help="reader name (default: detect)")
    _add_options_flag(p, "convert: renderer option; evaluate: evaluation option (repeatable)")
    p.add_argument("--strict", action="store_true", help="check: warnings fail too")
    p.add_argument("--semantics", default="grounded", choices=EVALUATE_SEMANTICS)
    p.add_argument("--support", default="cayrol", help="evaluate: support construction")
    p.add_argument("--limit", type=int, default=None, help="evaluate: at most this many extensions")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="a local process pool of N workers (default: the CPU count; 0: in this process)",
    )
    where.add_argument("--dask", metavar="ADDRESS", help="run on the Dask scheduler at ADDRESS")
    p.add_argument("--force", action="store_true", help="redo every map, even unchanged ones")
    p.add_argument("--retry-failed", action="store_true", help="redo the maps that failed")
    p.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="what goes to stdout: per-map lines, the whole result as JSON, or CSV rows",
    )
    p.add_argument("--report", metavar="FILE", help="also write the records (.json or .csv)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


# --------------------------------------------------------------------------- commands
def _reader_options(
    path: str, fmt: str | None, args: argparse.Namespace | None
) -> tuple[str | None, dict[str, Any]]:
    """The reader's name and options for ``path``: the ``-R`` options, and
    ``--include-root`` for a reader that takes it (Argdown)."""
    root = getattr(args, "include_root", None)
    given = dict(getattr(args, "reader_options", None) or [])
    if root is None and not given:
        return fmt, {}
    name = fmt or detect_format(path)
    if root is not None and "include_root" in type(get_reader(name)).options:
        given.setdefault("include_root", root)
    return name, given


def _load(path: str, fmt: str | None, args: argparse.Namespace | None = None) -> ArgumentMap:
    fmt, options = _reader_options(path, fmt, args)
    amap = read(path, fmt, **options)
    promote_survivors()  # the map lives until the command ends: no collector pass over it
    return amap


def _write_stdout(data: str | bytes, out: TextIO) -> None:
    if isinstance(data, bytes):
        out.flush()
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            raise _UsageError("binary output cannot go to this stream; give -o FILE")
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data)


def _checked_options(renderer: Renderer, options: dict[str, str]) -> Any:
    """The ``-O`` options read by the renderer's declaration before any input is read;
    a bad one is an error that shows it as it was typed."""
    try:
        return type(renderer).parse_options(options)
    except OptionError as exc:
        typed = f"-O {exc.option}={exc.value}" if exc.option in options else "-O"
        raise OptionError(
            f"{typed}: {exc}",
            plugin=exc.plugin,
            option=exc.option,
            value=exc.value,
            allowed=exc.allowed,
        ) from None


def _cmd_render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    options = dict(args.options)
    if args.split:
        return _render_split(args, options, err)
    many = len(args.inputs) > 1 or any(Path(i).is_dir() for i in args.inputs)
    if not many:
        if args.output == "-":
            renderer = get_renderer(args.to or "json")
        else:
            renderer = renderer_for_path(args.output, args.to)
        _checked_options(renderer, options)
        amap = _load(args.inputs[0], args.from_, args)
        inputs = [args.inputs[0], *amap.input_paths]  # the map's file and what it includes
        if getattr(args, "sources", None):
            from .sources import verify_quotes

            amap = verify_quotes(amap, args.sources).map
        data = render_reporting(renderer, amap, options, strict=args.strict)
        if args.output == "-":
            _write_stdout(data, out)
            return 0
        write_output(data, args.output, inputs=inputs)
        return 0
    if args.output == "-":
        raise _UsageError("several inputs need an output directory, not -")
    if not args.to:
        raise _UsageError("several inputs: name the output format with --to")
    renderer = get_renderer(args.to)
    _checked_options(renderer, options)
    outdir = Path(args.output)
    if outdir.exists() and not outdir.is_dir():
        raise _UsageError(f"{outdir} is not a directory")
    from .corpus import Convert, run

    show = not args.no_progress and err.isatty()
    result = _run_batch(
        lambda: run(
            args.inputs,
            Convert(args.to, options, strict=args.strict),
            output=outdir,
            force=True,
            progress=show,
            format=args.from_,
        ),
        err,
    )
    if result is None:
        return 130
    for record in result.failures:
        print(f"argmap: error: {record.located_error()}", file=err)
    done = len(result.records) - len(result.failures)
    print(f"rendered {done} of {len(result.records)} map(s) into {outdir}", file=err)
    return 1 if result.failures else 0


def _run_batch(job: Any, err: TextIO) -> Any:
    """Run a batch job; on Ctrl-C say what is kept and give ``None`` (exit 130)."""
    from .corpus import BatchInterrupted

    try:
        return job()
    except BatchInterrupted as exc:
        done = exc.result.processed
        print(
            f"argmap: interrupted: {done} map(s) finished and recorded; run again to resume",
            file=err,
        )
        return None


def _cmd_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .corpus import Check, Convert, Evaluate, Stats, run

    sources: list[str] = list(args.sources)
    if args.files_from:
        try:
            listed = Path(args.files_from).read_text("utf-8").splitlines()
        except OSError as exc:
            raise ArgmapError(f"{args.files_from}: cannot read: {exc.strerror or exc}") from exc
        sources.extend(line.strip() for line in listed if line.strip())
    if not sources:
        raise _UsageError("name the corpus: folders, globs, files or --files-from FILE")
    options = dict(args.options)
    operation: Any
    if args.output == "-":
        raise _UsageError("-o names an output folder; - (standard output) is not one")
    if args.operation == "convert":
        if not args.to or not args.output:
            raise _UsageError("convert needs --to FORMAT and -o DIR")
        _checked_options(get_renderer(args.to), options)  # before any map is read
        operation = Convert(args.to, options)
    elif args.operation == "check":
        operation = Check(strict=args.strict)
    elif args.operation == "stats":
        operation = Stats()
    else:
        if args.limit is not None:
            options["limit"] = args.limit
        operation = Evaluate(args.semantics, args.support, options)
    if args.operation in ("check", "stats") and options:
        raise _UsageError(f"{args.operation} takes no -O options")
    executor: Any = args.dask if args.dask else args.workers
    if executor is None:
        from .corpus import default_workers

        executor = default_workers()
    show = not args.no_progress and err.isatty()
    if args.dask and show:
        print(f"argmap: running on the Dask scheduler at {args.dask}", file=err)
    result = _run_batch(
        lambda: run(
            sources,
            operation,
            output=args.output,
            executor=executor,
            force=args.force,
            retry_failed=args.retry_failed,
            progress=show,
            format=args.from_,
        ),
        err,
    )
    if result is None:
        return 130
    if args.report:
        report = result.to_csv() if args.report.lower().endswith(".csv") else _json(result)
        write_output(report, args.report, inputs=[r.path for r in result.records])
    if args.format == "json":
        out.write(_json(result))
    elif args.format == "csv":
        out.write(result.to_csv())
    else:
        _batch_text(result, out)
    print(result.summary(limit=20), file=err)
    return 0 if result.ok else 1


def _json(result: Any) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _batch_text(result: Any, out: TextIO) -> None:
    for r in result.records:
        if result.operation == "check":
            for finding in r.figures.get("findings", []):
                print(finding, file=out)
            if not r.figures:
                print(r.located_error(), file=out)
            continue
        if not r.ok:
            print(f"{r.key}: FAILED: {r.located_error()}", file=out)
            continue
        if result.operation == "convert":
            continue  # the outputs are the result; the summary says how many
        figures = ", ".join(
            f"{k} {v}" for k, v in r.figures.items() if not isinstance(v, (list, dict))
        )
        shown = f" -> {r.output}" if r.output else ""
        print(f"{r.key}: {figures}{shown}", file=out)
    if result.operation in ("stats", "evaluate"):
        totals = ", ".join(f"{k} {v}" for k, v in result.totals.items())
        print(f"total: {totals}", file=out)


def _codes(values: Sequence[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _render_split(args: argparse.Namespace, options: dict[str, Any], err: TextIO) -> int:
    from .renderers.graphviz import split_sections

    if len(args.inputs) != 1 or Path(args.inputs[0]).is_dir():
        raise _UsageError("--split sections takes one map file")
    outdir = Path(args.output)
    if args.output == "-" or (outdir.exists() and not outdir.is_dir()):
        raise _UsageError("--split sections needs an output directory")
    fmt = args.to or "svg"
    if fmt in ("svg", "png", "pdf", "dot"):  # any other: split_sections says what it draws
        _checked_options(get_renderer(fmt), options)
    amap = _load(args.inputs[0], args.from_, args)
    inputs = [args.inputs[0], *amap.input_paths]
    if getattr(args, "sources", None):
        from .sources import verify_quotes

        amap = verify_quotes(amap, args.sources).map
    files = split_sections(amap, fmt, **options)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot create the folder: {exc.strerror or exc}") from exc
    for name, data in files.items():
        write_output(data, outdir / name, inputs=inputs)
    print(f"wrote {len(files)} files into {outdir} (open {outdir / 'index.html'})", file=err)
    return 0


def _cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    fmt = args.output_format or ("json" if args.json else "text")
    if args.json and fmt != "json":
        raise _UsageError("--json and --format other than json do not go together")
    select, ignore = _codes(args.select), _codes(args.ignore)
    try:
        select_findings([], select=select, ignore=ignore)
    except UnknownCodeError as exc:
        raise _UsageError(str(exc)) from exc
    failed = False
    report: dict[str, Any] = {}
    if args.fix_locators and not args.sources:
        raise _UsageError("--fix-locators needs --sources DIR")
    for path in args.inputs:
        fmt_name, reader_options = _reader_options(path, args.from_, args)
        findings = check(
            path, fmt_name, select=select, ignore=ignore, reader_options=reader_options
        )
        if args.sources:
            findings += select_findings(
                _check_sources(path, args, err), select=select, ignore=ignore
            )
        counts = {sev: sum(1 for f in findings if f.severity is sev) for sev in Severity}
        if counts[Severity.ERROR] or (args.strict and counts[Severity.WARNING]):
            failed = True
        if fmt == "json":
            report[path] = [f.as_dict() for f in findings]
        elif fmt == "github":
            for f in findings:
                print(_github_annotation(f, path), file=out)
        else:
            for f in findings:
                text = str(f)
                if f.location is None or not f.location.path:
                    text = f"{path}: {text}"
                print(text, file=out)
                if f.help:
                    print(f"  hint: {f.help}", file=out)
        if fmt != "json":
            print(
                f"{path}: {counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} "
                f"warning(s), {counts[Severity.INFO]} info",
                file=out if fmt == "text" else err,
            )
    if fmt == "json":
        json.dump(report, out, indent=2, ensure_ascii=False)
        out.write("\n")
    return 1 if failed else 0


def _check_sources(path: str, args: argparse.Namespace, err: TextIO) -> list[Any]:
    """Quote verification findings for one map (``check --sources``)."""
    from .sources import fix_locators, read_documents, verify_quotes

    library = getattr(args, "_library", None)
    if library is None:
        library = args._library = read_documents(args.sources, errors="collect")
    try:
        amap = _load(path, args.from_, args)
    except ArgmapError:
        return []  # the map's own findings already say why
    report = verify_quotes(amap, library)
    findings = list(report.findings)
    if not args.fix_locators:
        return findings
    if (args.from_ or detect_format(path)) != "argdown":
        raise ArgmapError(f"{path}: --fix-locators edits Argdown files only")
    fixes = fix_locators(path, report)
    print(f"{path}: {fixes.edits} locator edit(s) written", file=err)
    if fixes.edits:
        report = verify_quotes(_load(path, args.from_, args), library)
        findings = list(report.findings)
    return findings + list(fixes.findings)


def _cmd_evidence(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .sources import find_evidence, read_documents

    amap = _load(args.input, args.from_, args)
    library = read_documents(args.sources, errors="collect")
    for problem in library.problems:
        print(f"argmap: warning: {problem}", file=err)
    if args.top < 1:
        raise _UsageError("--top must be at least 1")
    if not 0.0 <= args.context <= 1.0:  # also false for nan
        raise _UsageError("--context must be between 0 and 1")
    if not 0.0 <= args.map_prior <= 1.0:
        raise _UsageError("--map-prior must be between 0 and 1")
    results = find_evidence(
        amap,
        library,
        claim=args.claim,
        top=args.top,
        semantic=args.semantic,
        context=args.context,
        clauses=args.clauses,
        map_prior=args.map_prior if args.map_evidence else 0.0,
        known_last=args.map_evidence,
    )
    if args.format == "json":
        json.dump([r.as_dict() for r in results], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    for r in results:
        node = amap.statements.get(r.claim) or amap.arguments.get(r.claim)  # an undercut's target
        title = (node.title if node is not None else None) or r.claim
        if args.format == "argdown":  # what the map already cites is not pasted again
            for c in r.candidates:
                if not c.cited:
                    out.write(c.argdown(title) + "\n")
            continue
        print(f"[{title}]: {r.text}", file=out)
        if not r.candidates:
            print("  (no candidates)", file=out)
        for i, c in enumerate(r.candidates, 1):
            known = "  (already cited for this claim)" if c.cited else ""
            print(f"  {i}. {c.score:.3f}  {c.document} {c.locator}{known}", file=out)
            words = c.text.split()
            gist = " ".join(words[:30]) + (" …" if len(words) > 30 else "")
            print(f"     {gist}", file=out)
        print(file=out)
    return 0


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github_annotation(f: Finding, path: str) -> str:
    """One GitHub Actions workflow command: ``::error file=…,line=…,col=…,title=…::…``."""
    loc = f.location
    props = [f"file={_github_escape(loc.path if loc and loc.path else path, prop=True)}"]
    if loc is not None and loc.line is not None:
        props.append(f"line={loc.line}")
        if loc.column is not None:
            props.append(f"col={loc.column}")
    props.append(f"title={_github_escape(f'{f.code} {f.name}', prop=True)}")
    message = f.message + (f" (hint: {f.help})" if f.help else "")
    return f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_github_escape(message)}"


def map_info(amap: ArgumentMap) -> dict[str, Any]:
    """What ``argmap info --json`` prints."""
    counts = amap.counts()
    return {
        "title": amap.title,
        "main_claims": [
            {"id": n.id, "text": getattr(n, "text", None) or n.label} for n in amap.main_claims()
        ],
        **counts,
    }


def _cmd_info(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    info = map_info(_load(args.input, args.from_, args))
    if args.json:
        json.dump(info, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    print(f"title:       {info['title'] or '(untitled)'}", file=out)
    print("main claims:", file=out)
    for claim in info["main_claims"]:
        print(f"  - {claim['text']}  [{claim['id']}]", file=out)
    print(
        f"claims: {info['claims']}  evidence: {info['evidence']}  arguments: {info['arguments']}",
        file=out,
    )
    rel = ", ".join(f"{k} {v}" for k, v in info["relations"].items())
    print(f"relations:   {rel}", file=out)
    print(f"tags: {info['tags']}  groups: {info['groups']}", file=out)
    return 0


def _cmd_plugins(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.name:
        return _cmd_plugin(args, out)
    infos = registry.list(load=True)
    if args.json:
        json.dump([i.as_dict() for i in infos], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    rows = [
        (
            i.kind,
            i.name,
            " ".join(i.extensions),
            f"{i.distribution} {i.version}",
            i.status + (f": {i.error}" if i.error else ""),
        )
        for i in infos
    ]
    widths = [max(len(r[c]) for r in rows) for c in range(4)] if rows else [0] * 4
    for r in rows:
        print("  ".join(r[c].ljust(widths[c]) for c in range(4)) + "  " + r[4], file=out)
    print("\nOptions of one of them: argmap plugins NAME", file=out)
    return 0


def _cmd_plugin(args: argparse.Namespace, out: TextIO) -> int:
    found = [info for kind in ("reader", "renderer") for info in registry.info(kind, args.name)]
    if not found:
        names = sorted({n for kind in GROUPS for n in registry.names(kind)})  # type: ignore[arg-type]
        raise PluginNotFoundError(
            f"no reader or renderer named {args.name!r}; installed: {', '.join(names)}"
        )
    if args.json:
        json.dump([i.as_dict() for i in found], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    for n, info in enumerate(found):
        if n:
            print(file=out)
        print(f"{info.kind} {info.name} — {info.description}", file=out)
        print(f"  distribution: {info.distribution} {info.version}", file=out)
        print(
            f"  status:       {info.status}" + (f": {info.error}" if info.error else ""), file=out
        )
        if info.aliases:
            print(f"  aliases:      {', '.join(info.aliases)}", file=out)
        if info.extensions:
            print(f"  extensions:   {' '.join(info.extensions)}", file=out)
        if info.api_version is not None:
            print(f"  plugin API:   {info.api_version}", file=out)
        if not info.options:
            print("  options:      none", file=out)
            continue
        print("  options:", file=out)
        for o in info.options:
            default = "" if o.type == "any" else f" (default: {_shown(o.default)})"
            print(f"    {o.name}: {o.allowed}{default}", file=out)
            if o.help:
                print(f"        {o.help}", file=out)
    return 0


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "(empty)"
    return str(value)


def _cmd_evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    amap = _load(args.input, args.from_, args)
    try:
        from .evaluate import cli_run
    except ImportError as exc:  # pragma: no cover - part of the package
        raise ArgmapError(f"evaluation is not available: {exc}") from exc
    text, code = cli_run(
        amap,
        semantics=args.semantics,
        as_json=args.json,
        support=args.support,
        limit=args.limit,
        explain=args.explain,
    )
    out.write(text if text.endswith("\n") else text + "\n")
    return code


def _cmd_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .mapdiff._cli import run

    return run(args, out, err)


_COMMANDS = {
    "render": _cmd_render,
    "check": _cmd_check,
    "info": _cmd_info,
    "plugins": _cmd_plugins,
    "evaluate": _cmd_evaluate,
    "batch": _cmd_batch,
    "diff": _cmd_diff,
    "evidence": _cmd_evidence,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``argmap`` command; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code) if isinstance(exc.code, int) else 2
    out, err = sys.stdout, sys.stderr
    if args.verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(levelname)s: %(message)s")
    # the library's warnings (what a format drops, ...) are one line each on stderr
    handler = logging.StreamHandler(err)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(_OneLine())
    logger = logging.getLogger("argmap")
    if not args.verbose:
        logger.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            seen: set[str] = set()

            def one_line(message: Warning | str, *_: Any, **__: Any) -> None:
                text = " ".join(str(message).split())
                if text not in seen:
                    seen.add(text)
                    print(f"argmap: warning: {text}", file=err)

            warnings.showwarning = one_line
            return _run(parser, args, out, err)
    finally:
        logger.removeHandler(handler)


def _run(
    parser: argparse.ArgumentParser, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    try:
        return _COMMANDS[args.command](args, out, err)
    except _UsageError as exc:
        parser.print_usage(err)
        print(f"argmap: error: {exc}", file=err)
        return 2
    except PluginNotFoundError as exc:
        if args.verbose:
            traceback.print_exc(file=err)
        print(f"argmap: error: {exc}", file=err)
        return 1
    except ArgmapError as exc:
        if args.verbose:
            traceback.print_exc(file=err)
        print(f"argmap: error: {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        print("argmap: interrupted", file=err)
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug in argmap or a plugin: still one line unless -v
        if args.verbose:
            traceback.print_exc(file=err)
        else:
            print(
                f"argmap: internal error: {type(exc).__name__}: {exc} (run with -v for details)",
                file=err,
            )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
