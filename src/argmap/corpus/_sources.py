"""What a corpus is: the map files of folders, glob patterns, lists and JSON Lines files,
each named by a key relative to the corpus root; and where each one's output goes."""

from __future__ import annotations

import glob as _glob
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import attrs

from .._errors import CorpusError
from .._log import logger
from .._registry import registry

__all__ = ["MANIFEST_NAME", "Corpus", "Item", "output_names", "reader_extensions"]

log = logger()

MANIFEST_NAME = ".argmap-batch.jsonl"
"""The manifest a batch run keeps in its output folder (hidden, so walks skip it)."""

JSONL_SUFFIXES = (".jsonl", ".ndjson")
_GLOB_CHARS = frozenset("*?[")

PathLike = str | os.PathLike[str]


@attrs.frozen
class Item:
    """One map of a corpus.

    ``key`` names it uniquely within the corpus: its path relative to the corpus root
    (``a/x.argdown``), or for a line of a JSON Lines file ``maps.jsonl:3``.
    """

    key: str
    path: str
    """The file as given (for a JSON Lines item: the ``.jsonl`` file)."""
    line: int | None = None
    """The 1-based line of a JSON Lines item, else ``None``."""
    text: str | None = attrs.field(default=None, repr=False, eq=False)
    """A JSON Lines item's text (a file item is read by the worker)."""

    @property
    def rel(self) -> str:
        """The item's file relative to the corpus root (POSIX separators)."""
        return self.key if self.line is None else self.key.rsplit(":", 1)[0]


def reader_extensions() -> list[str]:
    """Every extension an installed reader claims, longest first."""
    exts = registry.extensions("reader")  # from the plugin metadata cache: no imports
    return sorted(exts, key=lambda e: (-len(e), e))


def _is_hidden(rel_parts: Iterable[str]) -> bool:
    return any(part.startswith(".") for part in rel_parts)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _manifest_outputs(manifest: Path) -> set[str]:
    """Absolute paths of the outputs a manifest records (a torn last line is ignored)."""
    found: set[str] = set()
    try:
        text = manifest.read_text("utf-8", "replace")
    except OSError:
        return found
    base = os.path.abspath(manifest.parent)
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        out = entry.get("output") if isinstance(entry, dict) else None
        if isinstance(out, str):
            found.add(os.path.normpath(os.path.join(base, out)))
    return found


class Corpus:
    """A set of map files in a fixed order, each an :class:`Item`.

    Build one with :meth:`from_sources`. ``root`` is the folder that item keys (and the
    mirrored output tree) are relative to: the common folder of all sources.
    """

    def __init__(self, items: Sequence[Item], root: PathLike, *, format: str | None = None):
        keys = Counter(i.key for i in items)
        dup = [k for k, n in keys.items() if n > 1]
        if dup:
            raise CorpusError(f"two items of the corpus share the key {dup[0]!r}")
        self.items: tuple[Item, ...] = tuple(items)
        self.root = Path(root)
        self.format = format

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __repr__(self) -> str:
        return f"<Corpus of {len(self.items)} map(s) under {os.fspath(self.root)!r}>"

    @classmethod
    def from_sources(
        cls,
        sources: PathLike | Iterable[PathLike],
        *,
        format: str | None = None,
        exclude: Iterable[PathLike] = (),
    ) -> Corpus:
        """The corpus of ``sources``: folders (walked for files some installed reader
        claims by extension), glob patterns (``maps/**/*.json``), single files, and JSON
        Lines files (``.jsonl``/``.ndjson``: one map per non-blank line).

        A walk or a glob never yields hidden files or folders, files that are not regular
        files (a FIFO, a device), anything inside ``exclude`` (a batch run passes its
        output folder; one that holds the whole folder walked excludes nothing by
        itself), nor any file that a batch manifest found in the tree records as an
        output (this or a previous run's outputs).
        A file named explicitly is always taken. The same file named twice is taken once.
        """
        if isinstance(sources, (str, os.PathLike)):
            sources = [sources]
        excluded = [os.path.abspath(os.fspath(e)) for e in exclude]
        exts = reader_extensions()
        # (absolute path, as given, the folder walked or globbed, None for a file named)
        found: list[tuple[str, str, str | None]] = []
        bases: list[str] = []
        # Outputs recorded by any manifest in a walked tree (this run's or an earlier one's).
        recorded: set[str] = set()
        checked: set[str] = set()
        for src in sources:
            given = os.fspath(src)
            p = Path(given)
            if p.is_dir():
                base = os.path.abspath(given)
                bases.append(base)
                walked: list[tuple[str, str, str | None]] = []
                for dirpath, dirnames, filenames in os.walk(base):
                    dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                    if MANIFEST_NAME in filenames:
                        recorded |= _manifest_outputs(Path(dirpath) / MANIFEST_NAME)
                    for name in sorted(filenames):
                        if name.startswith(".") or not any(name.lower().endswith(e) for e in exts):
                            continue
                        full = os.path.join(dirpath, name)
                        if not os.path.isfile(full):  # a FIFO or a device would never end
                            continue
                        shown = os.path.join(given, os.path.relpath(full, base))
                        walked.append((full, shown, base))
                found.extend(sorted(walked, key=lambda t: Path(t[0]).relative_to(base).parts))
            elif not p.exists() and _GLOB_CHARS & set(given):
                base = _glob_base(given)
                bases.append(base)
                for match in sorted(_glob.glob(given, recursive=True)):
                    full = os.path.abspath(match)
                    rel_parts = Path(os.path.relpath(full, base)).parts
                    if os.path.isfile(full) and not _is_hidden(rel_parts):
                        found.append((full, match, base))
                        recorded |= _manifests_above(full, base, checked)
            elif p.is_file():
                full = os.path.abspath(given)
                bases.append(os.path.dirname(full))
                found.append((full, given, None))
            else:
                raise CorpusError(f"{given}: no such file or folder, and no file matches it")
        if not bases:
            raise CorpusError("the corpus is empty: no sources given")
        root = os.path.commonpath(bases)
        items: list[Item] = []
        seen: set[str] = set()
        for full, shown, walked_from in found:
            # an excluded folder that holds the whole walk (outputs written among the
            # inputs) leaves out only what a manifest records as outputs
            if walked_from is not None and (
                any(_within(full, e) and not _within(walked_from, e) for e in excluded)
                or os.path.normpath(full) in recorded
            ):
                continue
            real = os.path.realpath(full)
            if real in seen:
                continue
            seen.add(real)
            rel = Path(os.path.relpath(full, root)).as_posix()
            if full.lower().endswith(JSONL_SUFFIXES):
                items.extend(_jsonl_items(full, shown, rel))
            else:
                items.append(Item(rel, shown))
        if not items:
            raise CorpusError("no map files found in " + ", ".join(os.fspath(s) for s in sources))
        return cls(items, root, format=format)


def _manifests_above(path: str, base: str, checked: set[str]) -> set[str]:
    """Outputs recorded by manifests in the folders from ``path``'s up to ``base``."""
    found: set[str] = set()
    folder = os.path.dirname(path)
    while folder not in checked:
        checked.add(folder)
        manifest = Path(folder) / MANIFEST_NAME
        if manifest.is_file():
            found |= _manifest_outputs(manifest)
        parent = os.path.dirname(folder)
        if folder == base or parent == folder or not _within(folder, base):
            break
        folder = parent
    return found


def _glob_base(pattern: str) -> str:
    """The folder a glob pattern is anchored at: its parts before the first wildcard."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return os.path.abspath(os.path.join(*fixed)) if fixed else os.path.abspath(".")


def _jsonl_items(full: str, shown: str, rel: str) -> list[Item]:
    try:
        data = Path(full).read_bytes()
    except OSError as exc:
        raise CorpusError(f"{shown}: cannot read: {exc.strerror or exc}") from exc
    text = data.decode("utf-8", "surrogateescape").lstrip("\ufeff")
    return [
        Item(f"{rel}:{n}", shown, n, line)
        for n, line in enumerate(text.split("\n"), 1)
        if line.strip()
    ]


def _stem(rel: str, exts: Sequence[str]) -> str:
    low = rel.lower()
    for e in exts:
        if low.endswith(e) and len(e) < len(rel.rsplit("/", 1)[-1]):
            return rel[: -len(e)]
    head, _, tail = rel.rpartition("/")
    stem = Path(tail).stem or tail
    return f"{head}/{stem}" if head else stem


def output_names(
    items: Sequence[Item],
    extension: str,
    *,
    inputs_at: Iterable[str] = (),
) -> dict[str, str]:
    """Each item's output path relative to the output folder (POSIX separators).

    The rule: the input tree is mirrored and the reader's extension is replaced by
    ``extension`` (``a/x.argdown`` → ``a/x.svg``); a JSON Lines file is a folder of
    its lines (``maps.jsonl:3`` → ``maps/3.svg``). Where two items would get the same
    name, or a name that is an input (``inputs_at``: those relative paths), each of
    them keeps its whole input name instead (``x.argdown.svg``, ``x.sadface.json.svg``,
    ``maps.jsonl/3.svg``). Only when outputs go among the inputs can even that be taken
    by an input; then the extension is repeated until the name is free.
    """
    exts = reader_extensions() + [s for s in JSONL_SUFFIXES]
    short: dict[str, str] = {}
    long: dict[str, str] = {}
    for it in items:
        if it.line is None:
            short[it.key] = _stem(it.rel, exts) + extension
            long[it.key] = it.rel + extension
        else:
            short[it.key] = f"{_stem(it.rel, exts)}/{it.line}{extension}"
            long[it.key] = f"{it.rel}/{it.line}{extension}"
    taken = set(inputs_at)
    use_long: set[str] = set()
    while True:
        names = {k: (long[k] if k in use_long else short[k]) for k in short}
        counts = Counter(names.values())
        clash = {k for k, n in names.items() if counts[n] > 1 or n in taken}
        if clash <= use_long:
            break
        use_long |= clash
    # Only when outputs go among the inputs can a whole name still be taken (``x.json``
    # and ``x.json.json`` both inputs): repeat the extension until the name is free.
    used = Counter(names.values())
    for key in sorted(names):
        name = names[key]
        if used[name] > 1 or name in taken:
            used[name] -= 1
            while used[name] or name in taken:
                name += extension
            names[key] = name
            used[name] += 1
    return names
