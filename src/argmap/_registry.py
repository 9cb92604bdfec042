"""The plugin registry: readers, renderers and source readers found through entry points.

Nothing is scanned at ``import argmap``. The first lookup reads the entry point
*metadata* of the groups in :data:`GROUPS` (no plugin code is imported); a lookup by
name then imports only that plugin.

**Lookups by alias or file extension** need each plugin's declared ``aliases`` and
``extensions``. Those are kept in a small metadata cache (``plugins-TAG.json`` in the
cache directory: ``$ARGMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/argmap``, else
``~/.cache/argmap``; ``TAG`` names the environment, see :func:`_env_tag`), one entry per
entry point keyed by its distribution's name, version and installed metadata (path and
modification time, so a reinstall refreshes it) and checked against the modification
time of the plugin's module file (so editing an editable install refreshes it too). A
plugin missing from the cache is imported once to fill it; afterwards finding the reader
of ``x.yaml`` imports that reader only. An unwritable cache directory only costs speed.

**The scan** of the installed entry points is cached too (``entry-points-TAG.json``, one
file per ``sys.path``, the newest :data:`_SCAN_KEEP` kept: a process reads only its own
environment's files, however many environments share the directory), so that a command
does not import ``importlib_metadata`` (and ``email``, ``zipfile``, ...) at all: it is
checked against the names and modification times of the metadata directories on
``sys.path`` and of their ``entry_points.txt`` (see :func:`_metadata_stamp`); any
install, removal or entry point edit makes the next process scan again, and
:meth:`Registry.refresh` rescans in this one.

**Precedence.** A built-in format beats a third-party plugin of the same name (with a
warning); the third party is listed ``shadowed``. Between third parties nothing is
picked silently: using a name two distributions claim raises
:class:`~argmap.PluginClashError` naming both and how to choose, which is either the
environment variable ``ARGMAP_PREFER=reader:yamlmap=argmap-yamlmap`` (several choices
separated by commas) or :func:`argmap.prefer`. A choice also lets a third party replace
a built-in. The losers stay listed, ``shadowed``, with their extensions.

**Isolation.** Anything a plugin raises while it is imported or its attributes are read
(any ``BaseException`` but ``KeyboardInterrupt``: ``SystemExit`` too) marks it
``broken`` with its distribution named; other lookups and ``argmap plugins`` go on,
and a broken plugin is never offered as a choice.

Built-in formats come from argmap's own ``entry_points.txt`` like anyone else's, and
are also listed statically in ``_BUILTINS`` so that a bare source checkout (no
installed metadata) still finds them.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ._errors import PluginClashError, PluginError, PluginLoadError, PluginNotFoundError
from ._log import log
from .plugin import SUPPORTED_API_VERSIONS, OptionSpec, Plugin, Reader, Renderer
from .sources._base import SourceReader

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["PluginInfo", "Registry", "registry"]


Kind = Literal["reader", "renderer", "source"]
GROUPS: dict[str, str] = {
    "reader": "argmap.readers",
    "renderer": "argmap.renderers",
    "source": "argmap.sources",
}
_BASES: dict[str, type[Plugin]] = {"reader": Reader, "renderer": Renderer, "source": SourceReader}
_METHODS: dict[str, str] = {"reader": "parse", "renderer": "render", "source": "parse"}
BUILTIN_DIST = "argmap"
PREFER_ENV = "ARGMAP_PREFER"
_CACHE_FORMAT = 1
_CACHE_LIMIT = 2000

_BUILTINS: dict[str, dict[str, str]] = {
    "reader": {
        "json": "argmap.formats.native:NativeJSONReader",
        "argdown": "argmap.formats.argdown:ArgdownReader",
        "iccma": "argmap.formats.iccma:ICCMAReader",
        "apx": "argmap.formats.iccma:ApxReader",
        "tgf": "argmap.formats.iccma:TgfReader",
    },
    "renderer": {
        "json": "argmap.formats.native:NativeJSONRenderer",
        "argdown": "argmap.formats.argdown:ArgdownRenderer",
        "dot": "argmap.renderers.graphviz:DotRenderer",
        "svg": "argmap.renderers.graphviz:SvgRenderer",
        "png": "argmap.renderers.graphviz:PngRenderer",
        "pdf": "argmap.renderers.graphviz:PdfRenderer",
        "markdown": "argmap.renderers.outline:MarkdownRenderer",
        "text": "argmap.renderers.outline:TextRenderer",
        "html": "argmap.renderers.html:HtmlRenderer",
    },
    "source": {
        "text": "argmap.sources._text:TextSourceReader",
        "markdown": "argmap.sources._text:MarkdownSourceReader",
        "html": "argmap.sources._html:HtmlSourceReader",
    },
}

_PKG_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn(message: str) -> None:
    """A warning attributed to the first caller outside argmap (not to argmap's own
    code), so that a library user sees where in *their* code it arose."""
    frame = sys._getframe(1)
    level = 2
    while frame is not None and (
        frame.f_code.co_filename.startswith(_PKG_DIR)
        or frame.f_code.co_filename.startswith("<frozen importlib")
    ):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(message, UserWarning, stacklevel=level)


@attrs.define
class PluginInfo:
    """One registered reader or renderer, as ``argmap plugins`` lists it."""

    name: str
    kind: Kind
    value: str
    """The entry point's ``module:Class``."""
    distribution: str
    version: str
    status: str = "not loaded"
    """``ok``; ``not loaded`` (not imported yet); ``broken`` (its import or attributes
    raised); ``incompatible`` (not a plugin class, or an API version argmap does not
    speak); ``shadowed`` (another distribution's plugin of the same name is used);
    ``clash`` (several third parties claim the name and none was chosen)."""
    error: str | None = None
    """Why it is broken, incompatible, shadowed or clashing; a built-in's warning."""
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    media_type: str | None = None
    description: str = ""
    api_version: int | None = None
    options: tuple[OptionSpec, ...] = ()
    """Every option the plugin takes (known once it is loaded)."""
    cls: type[Plugin] | None = attrs.field(default=None, repr=False)
    _dist_key: str = attrs.field(default="", repr=False)
    _module_file: str | None = attrs.field(default=None, repr=False)
    _described: bool = attrs.field(default=False, repr=False)
    _failed: bool = attrs.field(default=False, repr=False)

    @property
    def builtin(self) -> bool:
        return self.distribution == BUILTIN_DIST

    @property
    def usable(self) -> bool:
        """Whether it can be chosen (not broken, incompatible, shadowed or clashing)."""
        return self.status in ("ok", "not loaded")

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "extensions": list(self.extensions),
            "media_type": self.media_type,
            "distribution": self.distribution,
            "version": self.version,
            "status": self.status,
            "error": self.error,
            "entry_point": self.value,
            "description": self.description,
            "api_version": self.api_version,
            "options": [o.as_dict() for o in self.options],
        }


def _load_object(value: str) -> Any:
    module_name, _, attr = value.partition(":")
    import importlib

    obj: Any = importlib.import_module(module_name)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj


def cache_dir() -> Path:
    """Where argmap keeps its plugin metadata cache."""
    from pathlib import Path

    return Path(_cache_folder())


def _cache_folder() -> str:
    configured = os.environ.get("ARGMAP_CACHE_DIR")
    if configured:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "argmap")


def _parse_prefer(text: str) -> dict[tuple[str, str], str]:
    prefs: dict[tuple[str, str], str] = {}
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        head, eq, dist = item.partition("=")
        kind, colon, name = head.partition(":")
        if not (eq and colon and kind.strip() in GROUPS and name.strip() and dist.strip()):
            warn(
                f"{PREFER_ENV}: ignoring {item!r}; expected KIND:NAME=DISTRIBUTION with KIND "
                f"one of {', '.join(GROUPS)}, e.g. reader:yamlmap=argmap-yamlmap"
            )
            continue
        prefs[(kind.strip(), name.strip().lower())] = dist.strip()
    return prefs


def _same_dist(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return s.lower().replace("_", "-").replace(".", "-")

    return norm(a) == norm(b)


Record = tuple[str, str, str, str, str, str]
"""One entry point found: kind, name, ``module:Class``, distribution, version, and the
key of the distribution's metadata in the plugin metadata cache."""

_SCAN_FORMAT = 2
_SCAN_KEEP = 32  # environments (sys.path lists) remembered: their newest cache files
# the finders of distributions on sys.path: the standard library's, importlib_metadata's
_KNOWN_FINDERS = ("_frozen_importlib_external", "importlib", "importlib_metadata")


def _dist_identity(dist: Any) -> tuple[str, str, str]:
    """A distribution's name, version and metadata cache key, from one parse of its
    ``METADATA`` (``dist.name`` and ``dist.version`` would parse it once each)."""
    if dist is None:
        return "<unknown>", "?", "<unknown>|?|None|0"
    try:
        meta = dist.metadata
        name = str(meta.get("Name") or "<unknown>")
        version = str(meta.get("Version") or "?")
    except (KeyError, OSError, ValueError):  # a distribution without readable metadata
        name, version = "<unknown>", "?"
    where = getattr(dist, "_path", None)
    try:
        stamp = os.stat(where).st_mtime_ns if where is not None else 0
    except OSError:
        stamp = 0
    return name, version, f"{name}|{version}|{where}|{stamp}"


def _scan_key() -> str | None:
    """Which environment a scan belongs to: ``sys.path`` (and the working directory when
    a path is relative); None when a finder on ``sys.meta_path`` that argmap does not
    know may supply distributions (then every process scans)."""
    for finder in sys.meta_path:
        if getattr(finder, "find_distributions", None) is not None and not str(
            getattr(finder, "__module__", "")
        ).startswith(_KNOWN_FINDERS):
            return None
    paths = list(sys.path)
    if not all(os.path.isabs(p) for p in paths):
        paths.append("cwd=" + os.getcwd())
    return "\0".join(paths)


def _metadata_stamp() -> list[Any]:
    """What the installed entry points depend on, cheap to take (no file is read): per
    ``sys.path`` entry the names of its metadata directories (``*.dist-info``,
    ``*.egg-info``) with their modification times and those of their
    ``entry_points.txt`` (a zip file on the path: its size and time). Installing,
    removing or reinstalling a distribution changes it."""
    out: list[Any] = []
    for entry in sys.path:
        root = entry or "."
        try:
            names = sorted(os.listdir(root))
        except NotADirectoryError:  # a zip file on sys.path
            try:
                st = os.stat(root)
            except OSError:
                out.append(None)
            else:
                out.append([st.st_size, st.st_mtime_ns])
            continue
        except OSError:
            out.append(None)
            continue
        found: list[Any] = []
        for name in names:
            low = name.lower()
            if not low.endswith((".dist-info", ".egg-info")) and low != "egg-info":
                continue
            full = os.path.join(root, name)
            try:
                st = os.stat(full)
            except OSError:
                continue
            try:
                ep = os.stat(os.path.join(full, "entry_points.txt"))
                ep_stamp: Any = [ep.st_size, ep.st_mtime_ns]
            except OSError:
                ep_stamp = None
            found.append([name, st.st_mtime_ns, ep_stamp])
        out.append(found)
    return out


def _env_tag(key: str) -> str:
    """A short name for an environment's cache files, from its :func:`_scan_key` (one file
    per environment: a process reads its own, however many environments share the cache
    directory; the scan file holds the key itself, so a clash of tags is only a miss)."""
    # the hash of a tuple of ints is the same in every process (a str's is not), and no
    # module need be imported for it (binascii, zlib, hashlib: a shared library each)
    return f"{hash(tuple(key.encode('utf-8', 'surrogatepass'))) & 0xFFFFFFFFFFFFFFFF:016x}"


def _scan_file(key: str) -> str:
    return os.path.join(_cache_folder(), f"entry-points-{_env_tag(key)}.json")


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _read_scan(key: str) -> dict[str, Any] | None:
    try:
        doc = json.loads(_read_text(_scan_file(key)))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != _SCAN_FORMAT or doc.get("key") != key:
        return None
    return doc


def _prune(prefix: str) -> None:
    """Forget the oldest environments' cache files ``prefix*.json`` beyond :data:`_SCAN_KEEP`."""
    folder = _cache_folder()
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".json")]
        if len(names) <= _SCAN_KEEP:
            return
        aged = sorted(names, key=lambda n: os.stat(os.path.join(folder, n)).st_mtime_ns)
        for name in aged[: len(names) - _SCAN_KEEP]:
            os.unlink(os.path.join(folder, name))
    except OSError as exc:  # another process pruned them first, or the folder is read-only
        log.debug("cannot prune the plugin cache %s: %s", folder, exc)


def _cached_scan() -> tuple[list[Record], str] | None:
    """The entry points of the last scan of this environment, if nothing installed has
    changed since (see :func:`_metadata_stamp`); None otherwise."""
    key = _scan_key()
    if key is None:
        return None
    entry = _read_scan(key)
    if entry is None or entry.get("stamp") != _metadata_stamp():
        return None
    try:
        records = [
            (str(k), str(n), str(v), str(d), str(ver), str(dk))
            for k, n, v, d, ver, dk in entry["records"]
            if k in GROUPS
        ]
        own = str(entry["own_version"])
    except (KeyError, TypeError, ValueError):
        return None
    return records, own


def _scan() -> tuple[list[Record], str]:
    """Every entry point of :data:`GROUPS` in the installed metadata (one scan; each
    distribution's ``METADATA`` parsed once) and argmap's own version when a built-in
    is missing from it; remembered in the scan cache for the next process."""
    key = _scan_key()
    stamp = _metadata_stamp() if key is not None else None  # before: a change during
    # the scan makes the next process scan again
    import importlib_metadata  # at the first lookup, not at import argmap

    every = importlib_metadata.entry_points()
    seen: dict[int, tuple[str, str, str]] = {}
    records: list[Record] = []
    for kind, group in GROUPS.items():
        for ep in every.select(group=group):
            identity = seen.get(id(ep.dist))
            if identity is None:
                identity = seen[id(ep.dist)] = _dist_identity(ep.dist)
            dist, version, dist_key = identity
            records.append((kind, ep.name.lower(), ep.value, dist, version, dist_key))
    registered = {(r[0], r[1]) for r in records if r[3] == BUILTIN_DIST}
    own = next((r[4] for r in records if r[3] == BUILTIN_DIST), "")
    if not own and any((k, n) not in registered for k, names in _BUILTINS.items() for n in names):
        try:
            from . import __version__ as own
        except ImportError:  # pragma: no cover
            own = "0+unknown"
    if key is not None:
        _save_scan(key, {"stamp": stamp, "records": records, "own_version": own})
    return records, own


def _save_scan(key: str, entry: dict[str, Any]) -> None:
    _write_json(_scan_file(key), {"format": _SCAN_FORMAT, "key": key, **entry})
    _prune("entry-points-")


def _write_json(path: str, doc: Any) -> None:
    """Write a cache file atomically; a cache that cannot be written only costs speed."""
    tmp = None
    try:
        import tempfile  # only writing a cache needs it, not import argmap

        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        stem = os.path.splitext(os.path.basename(path))[0]
        fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh)
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("cannot write the plugin cache %s: %s", path, exc)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class Registry:
    """Readers and renderers by name, alias and extension, discovered lazily."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._candidates: dict[str, dict[str, list[PluginInfo]]] | None = None
        self._problems: list[str] = []
        self._chosen: dict[tuple[str, str], str] = {}
        self._cache: dict[str, Any] | None = None
        self._cache_dirty = False
        self._rescan = False

    # -------------------------------------------------------------- discovery
    def _discover(self) -> dict[str, dict[str, list[PluginInfo]]]:
        with self._lock:
            if self._candidates is not None:
                return self._candidates
            scan = None if self._rescan else _cached_scan()
            if scan is None:
                scan = _scan()
                self._rescan = False
            records, own_version = scan
            out: dict[str, dict[str, list[PluginInfo]]] = {kind: {} for kind in GROUPS}
            for kind, name, value, dist, version, dist_key in records:
                info = PluginInfo(name, kind, value, dist, version)  # type: ignore[arg-type]
                info._dist_key = dist_key
                bucket = out[kind].setdefault(name, [])
                # the same distribution can be visible twice on sys.path (e.g. an
                # editable install next to a build dir); keep one
                if not any(i.distribution == dist and i.value == value for i in bucket):
                    bucket.append(info)
            for kind, found in out.items():
                for name, value in _BUILTINS.get(kind, {}).items():
                    if not any(i.builtin for i in found.get(name, [])):
                        info = PluginInfo(name, kind, value, BUILTIN_DIST, own_version)  # type: ignore[arg-type]
                        info._dist_key = f"{BUILTIN_DIST}|{own_version}|static"
                        found.setdefault(name, []).append(info)
            self._candidates = out
            self._problems = []
            prefs = _parse_prefer(os.environ.get(PREFER_ENV, ""))
            prefs.update(self._chosen)
            for kind, found in out.items():
                for name, candidates in found.items():
                    if len(candidates) > 1:
                        self._settle(kind, name, candidates, prefs.get((kind, name)))
            return out

    def _settle(
        self, kind: str, name: str, candidates: list[PluginInfo], preferred: str | None
    ) -> None:
        """Mark the losers of a name claimed by several distributions."""
        dists = ", ".join(sorted(c.distribution for c in candidates))
        chosen = [c for c in candidates if preferred and _same_dist(c.distribution, preferred)]
        if chosen:
            winner = chosen[0]
            how = f"chosen with {PREFER_ENV} or argmap.prefer()"
        else:
            builtin = [c for c in candidates if c.builtin]
            if not builtin:
                message = self._clash_message(kind, name, candidates, preferred)
                for c in candidates:
                    c.status = "clash"
                    c.error = message
                self._problems.append(message)
                return
            winner = builtin[0]
            how = "argmap's built-in one is used"
            message = (
                f"the {kind} name {name!r} is claimed by several distributions ({dists}); "
                f"{how}; to use another: {PREFER_ENV}={kind}:{name}=DISTRIBUTION"
            )
            self._problems.append(message)
            winner.error = message
            warn(message)
        for c in candidates:
            if c is not winner:
                c.status = "shadowed"
                c.error = f"shadowed by {winner.distribution}'s {kind} {name!r} ({how})"

    @staticmethod
    def _clash_message(
        kind: str, name: str, candidates: list[PluginInfo], preferred: str | None
    ) -> str:
        named = " and ".join(f"{c.distribution} {c.version}" for c in candidates)
        first = sorted(c.distribution for c in candidates)[0]
        text = f"the {kind} name {name!r} is claimed by {len(candidates)} distributions: {named}"
        if preferred:
            text += f" ({PREFER_ENV} prefers {preferred}, which is not one of them)"
        return (
            f"{text}; choose one with the environment variable "
            f"{PREFER_ENV}={kind}:{name}={first} or in Python "
            f"argmap.prefer({kind!r}, {name!r}, {first!r}), or uninstall the other"
        )

    def prefer(self, kind: str, name: str, distribution: str) -> None:
        """Use ``distribution``'s plugin for the ``kind`` (``reader``, ``renderer``) name
        ``name`` when several distributions claim it (also over a built-in)."""
        if kind not in GROUPS:
            raise PluginNotFoundError(
                f"no plugin kind {kind!r}; the kinds are: {', '.join(GROUPS)}"
            )
        with self._lock:
            self._chosen[(kind, name.lower())] = distribution
            self._candidates = None

    def refresh(self) -> None:
        """Forget what was discovered (after installing a plugin at run time)."""
        with self._lock:
            self._candidates = None
            self._problems = []
            self._cache = None
            self._rescan = True  # and read the installed metadata again, not the scan cache

    @property
    def problems(self) -> list[str]:
        """Name clashes found during discovery."""
        self._discover()
        return list(self._problems)

    # -------------------------------------------------------------- metadata cache
    def _cache_file(self) -> str:
        # one file per environment, as the scan (entries are keyed by distribution and
        # checked against its files: two environments sharing one file would be right too)
        key = _scan_key()
        name = f"plugins-{_env_tag(key)}.json" if key else "plugins.json"
        return os.path.join(_cache_folder(), name)

    def _cache_entries(self) -> dict[str, Any]:
        if self._cache is None:
            entries: dict[str, Any] = {}
            try:
                doc = json.loads(_read_text(self._cache_file()))
                if isinstance(doc, dict) and doc.get("format") == _CACHE_FORMAT:
                    loaded = doc.get("entries")
                    entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                pass
            self._cache = entries
        return self._cache

    @staticmethod
    def _cache_key(info: PluginInfo) -> str:
        return f"{info.kind}|{info.name}|{info.value}|{info._dist_key}"

    def _from_cache(self, info: PluginInfo) -> bool:
        entry = self._cache_entries().get(self._cache_key(info))
        if not isinstance(entry, dict):
            return False
        if entry.get("broken"):  # a non-editable install that could not be imported
            info.status = "broken"
            info.error = str(entry["broken"])
            info._failed = True
            return False
        file, mtime = entry.get("file"), entry.get("mtime")
        if file is not None:
            try:
                if os.stat(file).st_mtime_ns != mtime:
                    return False
            except OSError:
                return False
        try:
            info.aliases = tuple(str(a).lower() for a in entry["aliases"])
            info.extensions = tuple(str(e).lower() for e in entry["extensions"])
            info.media_type = entry.get("media_type")
            info.description = str(entry.get("description", ""))
            info.api_version = entry.get("api_version")
        except (KeyError, TypeError):
            return False
        info._described = True
        return True

    def _to_cache(self, info: PluginInfo) -> None:
        file = info._module_file
        try:
            mtime = os.stat(file).st_mtime_ns if file else None
        except OSError:
            file, mtime = None, None
        entry = {
            "aliases": list(info.aliases),
            "extensions": list(info.extensions),
            "media_type": info.media_type,
            "description": info.description,
            "api_version": info.api_version,
            "file": file,
            "mtime": mtime,
        }
        entries, key = self._cache_entries(), self._cache_key(info)
        if entries.get(key) != entry:  # loading a plugin the cache knows writes nothing
            entries[key] = entry
            self._cache_dirty = True

    def _save_cache(self) -> None:
        with self._lock:
            if not self._cache_dirty or self._cache is None:
                return
            self._cache_dirty = False
            entries = self._cache
            if len(entries) > _CACHE_LIMIT:  # oldest first: forget entries of old installs
                entries = dict(list(entries.items())[-_CACHE_LIMIT:])
                self._cache = entries
            _write_json(self._cache_file(), {"format": _CACHE_FORMAT, "entries": entries})
            _prune("plugins-")

    def _describe(self, info: PluginInfo) -> bool:
        """Make ``info``'s aliases and extensions known: from the cache, else by importing
        it. False if it cannot be loaded."""
        if info._described:
            return True
        if info._failed:
            return False
        if self._from_cache(info):
            return True
        if info._failed:  # the cache remembers that it is broken
            return False
        try:
            self._load(info)
        except PluginError:
            return False
        return True

    # -------------------------------------------------------------- loading
    def _load(self, info: PluginInfo) -> type[Plugin]:
        with self._lock:
            if info.cls is not None:
                return info.cls
            if info._failed:
                raise PluginLoadError(
                    f"the {info.kind} {info.name!r} from distribution {info.distribution} "
                    f"{info.version} is {info.status}: {info.error}"
                )
            try:
                obj = _load_object(info.value)
                problem = self._check_class(info, obj)
                if problem is None:
                    self._read_class(info, obj)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # SystemExit from a plugin too: contained
                info.status = "broken"
                info._failed = True
                info.error = f"import of {info.value} failed: {type(exc).__name__}: {exc}"
                log.warning(
                    "%s %r from %s is broken: %s",
                    info.kind,
                    info.name,
                    info.distribution,
                    info.error,
                )
                if not info.builtin and not _editable(info.distribution):
                    # remembered until it is reinstalled (its metadata changes then)
                    self._cache_entries()[self._cache_key(info)] = {"broken": info.error}
                    self._cache_dirty = True
                    self._save_cache()
                raise PluginLoadError(
                    f"the {info.kind} {info.name!r} from distribution {info.distribution} "
                    f"{info.version} could not be loaded: {info.error}"
                ) from exc
            if problem:
                info.status = "incompatible"
                info._failed = True
                info.error = problem
                raise PluginLoadError(
                    f"the {info.kind} {info.name!r} from distribution {info.distribution} "
                    f"{info.version} is not usable: {problem}"
                )
            cls: type[Plugin] = obj
            info.cls = cls
            if info.status == "not loaded":
                info.status = "ok"
            self._to_cache(info)
            self._save_cache()
            return cls

    @staticmethod
    def _read_class(info: PluginInfo, cls: Any) -> None:
        info.aliases = tuple(str(a).lower() for a in getattr(cls, "aliases", ()))
        info.extensions = tuple(str(e).lower() for e in getattr(cls, "extensions", ()))
        info.media_type = getattr(cls, "media_type", None)
        info.description = str(
            getattr(cls, "description", "") or ((cls.__doc__ or "").strip().splitlines() or [""])[0]
        )
        info.api_version = getattr(cls, "api_version", None)
        specs = getattr(cls, "option_specs", None)
        info.options = tuple(specs()) if callable(specs) else ()
        module = sys.modules.get(getattr(cls, "__module__", ""))
        file = getattr(module, "__file__", None)
        info._module_file = os.path.abspath(file) if isinstance(file, str) else None
        info._described = True

    @staticmethod
    def _check_class(info: PluginInfo, obj: Any) -> str | None:
        base = _BASES[info.kind]
        if not isinstance(obj, type) or not issubclass(obj, base):
            method = _METHODS.get(info.kind, "")
            if not (isinstance(obj, type) and callable(getattr(obj, method, None))):
                return f"{info.value} is not an argmap.plugin.{base.__name__} subclass"
        api = getattr(obj, "api_version", None)
        if api not in SUPPORTED_API_VERSIONS:
            speaks = " and ".join(map(str, SUPPORTED_API_VERSIONS))
            return f"declares plugin API version {api!r}; this argmap speaks versions {speaks}"
        declared = getattr(obj, "name", None)
        if not isinstance(declared, str) or declared.lower() != info.name:
            return f"entry point name {info.name!r} differs from the class's name {declared!r}"
        return None

    # -------------------------------------------------------------- lookups
    def names(self, kind: Kind) -> list[str]:
        """Every name some distribution registers for ``kind``."""
        return sorted(self._discover()[kind])

    def _winner(self, kind: str, name: str) -> PluginInfo:
        """The plugin used for ``name``: raises PluginClashError for an unsettled clash."""
        candidates = self._discover()[kind][name]
        for c in candidates:
            if c.status == "clash":
                raise PluginClashError(c.error or f"the {kind} name {name!r} is claimed twice")
        live = [c for c in candidates if c.status != "shadowed"]
        return live[0] if live else candidates[0]

    def available(self, kind: Kind) -> list[str]:
        """The names of ``kind`` that can be used (each is loaded to make sure)."""
        out = []
        for name in self.names(kind):
            try:
                info = self._winner(kind, name)
                self._load(info)
            except PluginError:
                continue
            out.append(name)
        return out

    def _available(self, kind: Kind) -> str:
        return ", ".join(self.available(kind)) or "none"

    def get(self, kind: Kind, name: str) -> type[Plugin]:
        """The plugin class for a name or alias."""
        infos = self._discover()[kind]
        key = name.lower()
        if key in infos:
            return self._load(self._winner(kind, key))
        for info in self._winners(kind):
            if self._describe(info) and key in info.aliases:
                return self._load(info)
        raise PluginNotFoundError(
            f"no {kind} named {name!r}; installed {kind}s: {self._available(kind)}"
        )

    def _winners(self, kind: Kind) -> Iterable[PluginInfo]:
        """Per name the plugin that is used (clashing names are skipped), built-ins first."""
        chosen = []
        for name, candidates in self._discover()[kind].items():
            if any(c.status == "clash" for c in candidates):
                continue
            chosen.append(self._winner(kind, name))
        chosen.sort(key=lambda i: (not i.builtin, i.name))
        return chosen

    def _clashes_for(self, kind: Kind, match: Any) -> None:
        """Raise PluginClashError if a clashing name claims what ``match`` accepts."""
        for candidates in self._discover()[kind].values():
            if len(candidates) > 1 and any(c.status == "clash" for c in candidates):
                for c in candidates:
                    if self._describe(c) and match(c):
                        raise PluginClashError(c.error or "")

    def extensions(self, kind: Kind) -> set[str]:
        """Every extension a usable plugin of ``kind`` claims (without importing it when
        the metadata cache knows it)."""
        out: set[str] = set()
        for info in self._winners(kind):
            if self._describe(info) and info.usable:
                out.update(info.extensions)
        self._save_cache()
        return out

    def for_extension(self, kind: Kind, extension: str) -> list[type[Plugin]]:
        """Plugin classes that claim a file extension (``.json``), built-ins first."""
        ext = extension.lower()
        if not ext.startswith("."):
            ext = "." + ext
        return self.for_filename(kind, "x" + ext, exact=True)

    def for_filename(self, kind: Kind, filename: str, *, exact: bool = False) -> list[type[Plugin]]:
        """Plugin classes whose extensions end ``filename``: longest match, then built-ins
        first. Only the plugins that match are imported."""
        lower = filename.lower()

        def best(info: PluginInfo) -> int:
            if exact:
                return max((len(e) for e in info.extensions if lower == "x" + e), default=0)
            return max((len(e) for e in info.extensions if lower.endswith(e)), default=0)

        self._clashes_for(kind, lambda c: best(c) > 0)
        scored = []
        for info in self._winners(kind):
            if self._describe(info) and info.usable:
                length = best(info)
                if length:
                    scored.append((-length, not info.builtin, info.name, info))
        self._save_cache()
        scored.sort(key=lambda t: t[:3])
        out = []
        for *_, info in scored:
            try:
                out.append(self._load(info))
            except PluginError:
                continue
        return out

    def _each_loaded(self, kind: Kind) -> Iterable[PluginInfo]:
        """Every usable plugin of ``kind``, imported (for sniffing by content)."""
        for info in list(self._winners(kind)):
            try:
                self._load(info)
            except PluginError:
                continue
            if info.usable:
                yield info

    def info(self, kind: Kind, name: str) -> list[PluginInfo]:
        """Every registration of ``name`` (several when distributions clash), loaded."""
        infos = self._discover()[kind].get(name.lower())
        if infos is None:
            with contextlib.suppress(PluginError):
                cls = self.get(kind, name)
                infos = self._discover()[kind].get(cls.name.lower())
        for info in infos or []:
            with contextlib.suppress(PluginError):
                self._load(info)
        return list(infos or [])

    def list(self, *, load: bool = True) -> list[PluginInfo]:
        """Every registered plugin; with ``load`` each is imported to report its status.

        Names claimed by several distributions give one row per distribution: the one
        used, and the others ``shadowed`` (or all ``clash`` when no choice settles it).
        """
        out: list[PluginInfo] = []
        for kind in GROUPS:
            for name in self.names(kind):  # type: ignore[arg-type]
                for info in self._discover()[kind][name]:
                    if load:
                        with contextlib.suppress(PluginError):
                            self._load(info)
                    out.append(info)
        return out


registry = Registry()
"""The process-wide registry used by :func:`argmap.read`, :func:`argmap.render` and the CLI."""


_EDITABLE: dict[str, bool] = {}
_HASHES: dict[tuple[str, int, int], str] = {}


def _editable(distribution: str) -> bool:
    """Whether the distribution is an editable (development) install (PEP 610)."""
    if distribution not in _EDITABLE:
        import importlib_metadata  # not at import argmap

        editable = False
        try:
            text = importlib_metadata.distribution(distribution).read_text("direct_url.json")
            if text:
                editable = bool(json.loads(text).get("dir_info", {}).get("editable"))
        except (importlib_metadata.PackageNotFoundError, ValueError, AttributeError, OSError):
            pass
        _EDITABLE[distribution] = editable
    return _EDITABLE[distribution]


def _source_hash(cls: type) -> str:
    """A hash of the source of the plugin's code: its module, or every ``.py`` file of
    the top-level package it belongs to."""
    import hashlib
    from pathlib import Path

    module = sys.modules.get(cls.__module__)
    file = getattr(module, "__file__", None)
    if not isinstance(file, str):
        return "unknown"
    top = sys.modules.get(cls.__module__.partition(".")[0])
    top_file = getattr(top, "__file__", None)
    if isinstance(top_file, str) and os.path.basename(top_file) == "__init__.py":
        root = Path(top_file).parent
        files = sorted(root.rglob("*.py"))
    else:
        root, files = Path(file).parent, [Path(file)]
    digest = hashlib.sha256()
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue
        key = (str(path), st.st_mtime_ns, st.st_size)
        if key not in _HASHES:
            try:
                _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                continue
        digest.update(f"{path.relative_to(root)}\0{_HASHES[key]}\0".encode())
    return digest.hexdigest()


def fingerprint(kind: str, name: str) -> dict[str, Any]:
    """What identifies the code of the ``kind`` plugin ``name`` for a rendering cache:
    its distribution and version and, for an editable install, a hash of its source."""
    try:
        cls = registry.get(kind, name)  # type: ignore[arg-type]
    except PluginError as exc:
        return {"name": name, "error": str(exc)}
    info = next(
        (i for i in registry._discover()[kind].get(cls.name.lower(), []) if i.cls is cls), None
    )
    if info is None:
        return {"name": name, "module": cls.__module__}
    out: dict[str, Any] = {
        "name": info.name,
        "distribution": info.distribution,
        "version": info.version,
    }
    if _editable(info.distribution):
        out["source"] = _source_hash(cls)
    return out


def prefer(kind: str, name: str, distribution: str) -> None:
    """Use ``distribution``'s plugin for the ``kind`` name ``name`` (``kind`` is
    ``"reader"`` or ``"renderer"``) when several installed distributions claim it.

    The same as ``ARGMAP_PREFER=kind:name=distribution`` in the environment (a choice
    made here wins over the environment). It can also replace a built-in format.
    """
    registry.prefer(kind, name, distribution)
