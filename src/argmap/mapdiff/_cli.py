"""``argmap diff``: the command, its git modes (external diff driver, textconv) and
reading ``REV:path`` from git.

Exit status as ``diff``'s: 0 the maps are equal, 1 they differ, 2 trouble (a file that
cannot be read, a bad option). In ``--git`` mode the status is 0 whenever the diff could
be made, because git stops at an external diff that exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from .._errors import ArgmapError, ArgmapSyntaxError
from .._model import ArgumentMap

__all__ = ["add_arguments", "load_version", "run"]

_DRAWN = {
    ".svg": "svg",
    ".html": "html",
    ".htm": "html",
    ".png": "png",
    ".pdf": "pdf",
    ".dot": "dot",
    ".gv": "dot",
}
_NULL = os.devnull


def add_arguments(
    p: argparse.ArgumentParser, options_flag: Callable[[argparse.ArgumentParser, str], None]
) -> None:
    """The arguments of ``argmap diff``, added to its parser when that is first used (the
    command line builds it without importing :mod:`argmap.mapdiff`)."""
    from . import DEFAULT_THRESHOLD, IGNORABLE

    p.description = (
        "Compare two maps element by element: statements (claims and evidence), "
        "arguments, relations and groups added, removed or changed, renamed and reworded "
        "elements matched by their text. OLD may be REV:path to read a revision from git. "
        "Exit status: 0 equal, 1 different, 2 trouble."
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="OLD NEW",
        help="the two maps (any formats); OLD or NEW may be REV:path (read with git show)",
    )
    p.add_argument("--from", dest="from_", metavar="FORMAT", help="reader name (default: detect)")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="report format on stdout (default text; markdown for a pull-request comment)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="also draw the new map with the changes highlighted: .svg, .html, .png, .pdf, .dot",
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help=f"how alike (0-1) texts must be to match a reworded element (default "
        f"{DEFAULT_THRESHOLD})",
    )
    p.add_argument(
        "--ignore",
        metavar="FIELDS",
        default="",
        help="comma-separated fields to leave out of the comparison: "
        + ", ".join(sorted(IGNORABLE)),
    )
    options_flag(p, "drawing option for -o, e.g. -O direction=LR (repeatable)")
    p.add_argument("-q", "--quiet", action="store_true", help="print no report; only the status")
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (default: when stdout is a terminal)",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--textconv",
        action="store_true",
        help="print one map (FILE) as one line per element, for a git textconv filter",
    )
    mode.add_argument(
        "--git",
        action="store_true",
        help="act as git's external diff driver (diff.<driver>.command): the seven arguments "
        "PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE",
    )


def _git_show(spec: str, rev: str, path: str) -> str:
    import shutil  # only REV:path needs these; every argmap command builds this parser
    import subprocess

    git = shutil.which("git")
    if git is None:
        raise ArgmapSyntaxError("reading REV:path needs git, which is not on PATH", path=spec)
    candidates = [path] if path.startswith(("./", "../", "/")) else [f"./{path}", path]
    message = ""
    for candidate in candidates:
        proc = subprocess.run([git, "show", f"{rev}:{candidate}"], capture_output=True, check=False)
        if proc.returncode == 0:
            try:
                return proc.stdout.decode("utf-8").lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise ArgmapSyntaxError(f"not UTF-8 text (byte {exc.start})", path=spec) from None
        message = message or " ".join(proc.stderr.decode("utf-8", "replace").split())
    raise ArgmapSyntaxError(f"git cannot show it: {message or 'unknown error'}", path=spec)


def load_version(spec: str, fmt: str | None, *, name: str | None = None) -> ArgumentMap:
    """A map from a file, or from git when ``spec`` is ``REV:path`` and no such file exists.

    ``name`` (a file name) tells the format when ``spec``'s own name cannot (git's
    temporary files).
    """
    from .._api import parse, read

    path = Path(spec)
    if spec == _NULL:
        return ArgumentMap()
    if path.exists():
        if name is None or fmt is not None:
            return read(path, fmt)
        try:
            text = path.read_bytes().decode("utf-8").lstrip("\ufeff")
        except (OSError, UnicodeDecodeError) as exc:
            raise ArgmapSyntaxError(f"cannot read it: {exc}", path=spec) from None
        return parse(text, fmt, path=name)
    rev, sep, inner = spec.partition(":")
    drive = len(rev) == 1 and rev.isalpha() and os.name == "nt"
    if sep and rev and inner and not drive:
        text = _git_show(spec, rev, inner)
        return parse(text, fmt, path=inner)
    raise ArgmapSyntaxError("no such file (nor a git REV:path)", path=spec)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        return _run(args, out, err)
    except ArgmapError as exc:
        if args.verbose:
            traceback.print_exc(file=err)
        print(f"argmap: error: {exc}", file=err)
        return 2


def _usage(message: str) -> Exception:
    from ..cli import _UsageError

    return _UsageError(message)


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .._api import write_output
    from . import diff
    from ._report import inventory

    paths: list[str] = args.paths
    if args.textconv:
        if len(paths) != 1:
            raise _usage("--textconv takes one FILE")
        out.write(inventory(load_version(paths[0], args.from_)))
        return 0
    if args.git:
        if len(paths) != 7:
            raise _usage(
                "--git takes the seven arguments git gives an external diff: PATH OLD-FILE "
                "OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE"
            )
        name = paths[0]
        old = load_version(paths[1], args.from_, name=name)
        new = load_version(paths[4], args.from_, name=name)
        old_name, new_name = f"a/{name}", f"b/{name}"
    else:
        if len(paths) != 2:
            raise _usage("diff takes two maps: OLD NEW")
        old_name, new_name = paths
        old = load_version(old_name, args.from_)
        new = load_version(new_name, args.from_)
    ignore = [x.strip() for x in args.ignore.split(",") if x.strip()]
    d = diff(old, new, threshold=args.threshold, ignore=ignore)

    if args.output:
        fmt = _DRAWN.get(Path(args.output).suffix.lower())
        if fmt is None:
            raise _usage(
                f"cannot draw a diff into {args.output}: name a .svg, .html, .png, .pdf or "
                ".dot file"
            )
        data = d.draw(new, fmt, old_name=old_name, new_name=new_name, **dict(args.options))
        inputs = [p for p in (paths if not args.git else [paths[0]]) if Path(p).exists()]
        inputs += [*old.input_paths, *new.input_paths]  # and the files they include
        write_output(data, args.output, inputs=inputs)

    if not args.quiet:
        if args.format == "json":
            json.dump(
                d.to_dict(old_name=old_name, new_name=new_name), out, indent=2, ensure_ascii=False
            )
            out.write("\n")
        elif args.format == "markdown":
            out.write(d.to_markdown(old_name=old_name, new_name=new_name))
        else:
            color = args.color == "always" or (
                args.color == "auto" and out.isatty() and not args.git
            )
            out.write(d.to_text(old_name=old_name, new_name=new_name, color=color))
    if args.git:
        return 0
    return 0 if d.equal else 1
