"""The plugin registry: readers, renderers and source readers found through entry points.

Nothing is scanned at ``import argmap``. The first lookup reads the entry point
*metadata* of one group (no plugin code is imported); a lookup by name then imports
only that plugin. Looking up by alias or file extension needs the declared attributes,
so it imports the plugins of the group one by one until one answers, each failure
recorded and never fatal to the others.

Built-in formats come from argmap's own ``entry_points.txt`` like anyone else's, and
are also listed statically in ``_BUILTINS`` so that a bare source checkout (no
installed metadata) still finds them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import warnings
from collections.abc import Iterable
from typing import Any, Literal

import attrs
import importlib_metadata

from ._errors import PluginError, PluginLoadError, PluginNotFoundError
from .plugin import API_VERSION, Plugin, Reader, Renderer
from .sources._base import SourceReader

__all__ = ["PluginInfo", "Registry", "registry"]

log = logging.getLogger("argmap")

Kind = Literal["reader", "renderer", "source"]
GROUPS: dict[str, str] = {
    "reader": "argmap.readers",
    "renderer": "argmap.renderers",
    "source": "argmap.sources",
}
_BASES: dict[str, type[Plugin]] = {"reader": Reader, "renderer": Renderer, "source": SourceReader}
BUILTIN_DIST = "argmap"

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
    """``ok``, ``not loaded``, ``broken``, ``incompatible`` or ``shadowed``."""
    error: str | None = None
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    media_type: str | None = None
    description: str = ""
    cls: type[Plugin] | None = attrs.field(default=None, repr=False)

    @property
    def builtin(self) -> bool:
        return self.distribution == BUILTIN_DIST

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
        }


def _load_object(value: str) -> Any:
    module_name, _, attr = value.partition(":")
    import importlib

    obj: Any = importlib.import_module(module_name)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj


class Registry:
    """Readers and renderers by name, alias and extension, discovered lazily."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._infos: dict[str, dict[str, PluginInfo]] | None = None
        self._problems: list[str] = []

    # -------------------------------------------------------------- discovery
    def _discover(self) -> dict[str, dict[str, PluginInfo]]:
        with self._lock:
            if self._infos is not None:
                return self._infos
            infos: dict[str, dict[str, PluginInfo]] = {kind: {} for kind in GROUPS}
            problems: list[str] = []
            try:
                from . import __version__ as own_version
            except ImportError:  # pragma: no cover
                own_version = "0+unknown"
            every = importlib_metadata.entry_points()  # one scan of the installed metadata
            for kind, group in GROUPS.items():
                found: dict[str, list[PluginInfo]] = {}
                for ep in every.select(group=group):
                    dist = ep.dist.name if ep.dist is not None else "<unknown>"
                    version = ep.dist.version if ep.dist is not None else "?"
                    info = PluginInfo(ep.name, kind, ep.value, dist, version)  # type: ignore[arg-type]
                    bucket = found.setdefault(ep.name, [])
                    # the same distribution can be visible twice on sys.path (e.g. an
                    # editable install next to a build dir); keep one
                    if not any(i.distribution == dist and i.value == ep.value for i in bucket):
                        bucket.append(info)
                for name, value in _BUILTINS[kind].items():
                    if not any(i.builtin for i in found.get(name, [])):
                        found.setdefault(name, []).append(
                            PluginInfo(name, kind, value, BUILTIN_DIST, own_version)  # type: ignore[arg-type]
                        )
                for name, candidates in found.items():
                    infos[kind][name] = self._resolve_collision(kind, name, candidates, problems)
            self._infos = infos
            self._problems = problems
            return infos

    @staticmethod
    def _resolve_collision(
        kind: str, name: str, candidates: list[PluginInfo], problems: list[str]
    ) -> PluginInfo:
        if len(candidates) == 1:
            return candidates[0]
        dists = ", ".join(sorted(c.distribution for c in candidates))
        builtin = [c for c in candidates if c.builtin]
        if builtin:
            winner = builtin[0]
            msg = (
                f"the {kind} name {name!r} is claimed by several distributions ({dists}); "
                f"argmap's built-in one is used"
            )
            warnings.warn(msg, stacklevel=4)
        else:
            winner = sorted(candidates, key=lambda c: c.distribution)[0]
            msg = (
                f"the {kind} name {name!r} is claimed by several distributions ({dists}); "
                f"{winner.distribution}'s is used: uninstall one of them"
            )
            warnings.warn(msg, stacklevel=4)
        problems.append(msg)
        log.warning(msg)
        winner.error = msg
        return winner

    def refresh(self) -> None:
        """Forget what was discovered (after installing a plugin at run time)."""
        with self._lock:
            self._infos = None
            self._problems = []

    @property
    def problems(self) -> list[str]:
        """Collisions found during discovery."""
        self._discover()
        return list(self._problems)

    # -------------------------------------------------------------- loading
    def _load(self, info: PluginInfo) -> type[Plugin]:
        with self._lock:
            if info.cls is not None:
                return info.cls
            if info.status in ("broken", "incompatible"):
                raise PluginLoadError(
                    f"{info.kind} {info.name!r} from {info.distribution}: {info.error}"
                )
            try:
                obj = _load_object(info.value)
            except Exception as exc:
                info.status = "broken"
                info.error = f"import of {info.value} failed: {type(exc).__name__}: {exc}"
                log.warning(
                    "%s %r from %s is broken: %s",
                    info.kind,
                    info.name,
                    info.distribution,
                    info.error,
                )
                raise PluginLoadError(
                    f"the {info.kind} {info.name!r} from distribution {info.distribution} "
                    f"{info.version} could not be loaded: {info.error}"
                ) from exc
            problem = self._check_class(info, obj)
            if problem:
                info.status = "incompatible"
                info.error = problem
                raise PluginLoadError(
                    f"the {info.kind} {info.name!r} from distribution {info.distribution} "
                    f"{info.version} is not usable: {problem}"
                )
            cls: type[Plugin] = obj
            info.cls = cls
            info.status = "ok" if info.error is None else "ok (collision)"
            info.aliases = tuple(getattr(cls, "aliases", ()))
            info.extensions = tuple(e.lower() for e in getattr(cls, "extensions", ()))
            info.media_type = getattr(cls, "media_type", None)
            info.description = (
                getattr(cls, "description", "")
                or ((cls.__doc__ or "").strip().splitlines() or [""])[0]
            )
            return cls

    @staticmethod
    def _check_class(info: PluginInfo, obj: Any) -> str | None:
        base = _BASES[info.kind]
        if not isinstance(obj, type) or not issubclass(obj, base):
            method = "render" if info.kind == "renderer" else "parse"
            if not (isinstance(obj, type) and callable(getattr(obj, method, None))):
                return f"{info.value} is not an argmap.plugin.{base.__name__} subclass"
        api = getattr(obj, "api_version", None)
        if api != API_VERSION:
            return f"declares plugin API version {api!r}; this argmap speaks version {API_VERSION}"
        declared = getattr(obj, "name", None)
        if declared != info.name:
            return f"entry point name {info.name!r} differs from the class's name {declared!r}"
        return None

    # -------------------------------------------------------------- lookups
    def names(self, kind: Kind) -> list[str]:
        return sorted(self._discover()[kind])

    def _available(self, kind: Kind) -> str:
        infos = self._discover()[kind]
        ok = [n for n, i in sorted(infos.items()) if i.status not in ("broken", "incompatible")]
        return ", ".join(ok) or "none"

    def get(self, kind: Kind, name: str) -> type[Plugin]:
        """The plugin class for a name or alias."""
        infos = self._discover()[kind]
        key = name.lower()
        if key in infos:
            return self._load(infos[key])
        for info in self._each_loaded(kind):
            if key in (a.lower() for a in info.aliases):
                return info.cls  # type: ignore[return-value]
        raise PluginNotFoundError(
            f"no {kind} named {name!r}; installed {kind}s: {self._available(kind)}"
        )

    def for_extension(self, kind: Kind, extension: str) -> list[type[Plugin]]:
        """Plugin classes that claim a file extension (``.json``), built-ins first."""
        ext = extension.lower()
        if not ext.startswith("."):
            ext = "." + ext
        found = [info for info in self._each_loaded(kind) if ext in info.extensions]
        found.sort(key=lambda i: (not i.builtin, i.name))
        return [i.cls for i in found if i.cls is not None]

    def for_filename(self, kind: Kind, filename: str) -> list[type[Plugin]]:
        """Plugin classes whose extensions end ``filename``: longest match, then built-ins first."""
        lower = filename.lower()
        scored = []
        for info in self._each_loaded(kind):
            best = max((len(e) for e in info.extensions if lower.endswith(e)), default=0)
            if best:
                scored.append((-best, not info.builtin, info.name, info))
        scored.sort(key=lambda t: t[:3])
        return [t[3].cls for t in scored if t[3].cls is not None]

    def _each_loaded(self, kind: Kind) -> Iterable[PluginInfo]:
        infos = self._discover()[kind]
        builtin_first = sorted(infos.values(), key=lambda i: (not i.builtin, i.name))
        for info in builtin_first:
            try:
                self._load(info)
            except PluginError:
                continue
            yield info

    def list(self, *, load: bool = True) -> list[PluginInfo]:
        """Every registered plugin; with ``load`` each is imported to report its status."""
        out: list[PluginInfo] = []
        for kind in GROUPS:
            for name in self.names(kind):  # type: ignore[arg-type]
                info = self._discover()[kind][name]
                if load:
                    with contextlib.suppress(PluginError):
                        self._load(info)
                out.append(info)
        return out


registry = Registry()
"""The process-wide registry used by :func:`argmap.read`, :func:`argmap.render` and the CLI."""
