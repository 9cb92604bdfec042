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
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from ._api import check, get_renderer, read, renderer_for_path, write_output
from ._errors import ArgmapError, PluginNotFoundError
from ._model import ArgumentMap
from ._registry import registry
from ._validate import Severity

__all__ = ["build_parser", "main"]

EVALUATE_SEMANTICS = (
    "grounded",
    "complete",
    "preferred",
    "stable",
    "df-quad",
    "quad",
    "h-categorizer",
    "euler",
    "quadratic-energy",
)


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


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the ``argmap`` command (also used to document it)."""
    parser = argparse.ArgumentParser(
        prog="argmap",
        description="Argument maps: read, check, evaluate and render claims, evidence "
        "and the relations between them.",
    )
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show tracebacks and debug logging"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser(
        "render",
        help="render maps to a diagram or another format",
        description="Render INPUT to OUTPUT; formats are inferred from the file names. "
        "With several inputs, or a directory, OUTPUT is a directory and --to names the format.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="map file(s) or a directory")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUTPUT", help="output file, directory, or -"
    )
    p.add_argument("--to", metavar="FORMAT", help="renderer name (default: from OUTPUT's name)")
    p.add_argument("--from", dest="from_", metavar="FORMAT", help="reader name (default: detect)")
    _add_options_flag(p, "renderer option, e.g. -O direction=LR -O wrap=30 (repeatable)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar for many inputs")

    p = sub.add_parser(
        "check", help="validate maps", description="Validate maps; exit 1 if any has errors."
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--from", dest="from_", metavar="FORMAT")
    p.add_argument("--json", action="store_true", help="findings as JSON")
    p.add_argument("--strict", action="store_true", help="warnings fail too")

    p = sub.add_parser("info", help="title, main claims and counts of a map")
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--from", dest="from_", metavar="FORMAT")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("plugins", help="list installed readers and renderers")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "evaluate",
        help="which claims stand: argumentation semantics and gradual strength",
    )
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--from", dest="from_", metavar="FORMAT")
    p.add_argument("--semantics", default="grounded", choices=EVALUATE_SEMANTICS)
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
        help="with --json: also each node's status and why it has it",
    )
    _add_batch_parser(sub)

    from .mapdiff._cli import add_parser as _add_diff_parser

    _add_diff_parser(sub, _add_options_flag)
    return parser


def _add_batch_parser(sub: Any) -> None:
    p = sub.add_parser(
        "batch",
        help="convert, check, count or evaluate a whole corpus of maps",
        description="Apply OPERATION to every map of a corpus: folders, glob patterns, "
        "files, JSON Lines files (one map a line). A bad map is reported and the rest go on. "
        "With -o DIR, outputs mirror the input tree there, next to a manifest; a rerun "
        "skips maps whose input and options are unchanged.",
    )
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
def _load(path: str, fmt: str | None) -> ArgumentMap:
    return read(path, fmt)


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


def _cmd_render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    options = dict(args.options)
    many = len(args.inputs) > 1 or any(Path(i).is_dir() for i in args.inputs)
    if not many:
        amap = _load(args.inputs[0], args.from_)
        if args.output == "-":
            renderer = get_renderer(args.to or "json")
            _write_stdout(renderer.render(amap, **options), out)
            return 0
        renderer = renderer_for_path(args.output, args.to)
        data = renderer.render(amap, **options)
        write_output(data, args.output, inputs=[args.inputs[0]])
        return 0
    if args.output == "-":
        raise _UsageError("several inputs need an output directory, not -")
    if not args.to:
        raise _UsageError("several inputs: name the output format with --to")
    outdir = Path(args.output)
    if outdir.exists() and not outdir.is_dir():
        raise _UsageError(f"{outdir} is not a directory")
    from .corpus import Convert, run

    show = not args.no_progress and err.isatty()
    result = _run_batch(
        lambda: run(
            args.inputs,
            Convert(args.to, options),
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
    if args.operation == "convert":
        if not args.to or not args.output:
            raise _UsageError("convert needs --to FORMAT and -o DIR")
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
        write_output(report, args.report)
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


def _cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    failed = False
    report: dict[str, Any] = {}
    for path in args.inputs:
        findings = check(path, args.from_)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors or (args.strict and findings):
            failed = True
        if args.json:
            report[path] = [f.as_dict() for f in findings]
            continue
        for f in findings:
            text = str(f)
            if f.location is None or not f.location.path:
                text = f"{path}: {text}"
            print(text, file=out)
        warnings_ = len(findings) - len(errors)
        print(f"{path}: {len(errors)} error(s), {warnings_} warning(s)", file=out)
    if args.json:
        json.dump(report, out, indent=2, ensure_ascii=False)
        out.write("\n")
    return 1 if failed else 0


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
    info = map_info(_load(args.input, args.from_))
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
    return 0


def _cmd_evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    amap = _load(args.input, args.from_)
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
