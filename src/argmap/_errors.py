"""The argmap exception tree.

Every error argmap raises on purpose is an :class:`ArgmapError`; each class also
subclasses the builtin exception it is closest to, so ``except ValueError`` keeps
working for code that does not know argmap::

    ArgmapError(Exception)
    ├── ArgmapSyntaxError(ArgmapError, ValueError)     bad input text, with file/line/column
    │   └── ReaderError                                a reader's bug: it raised a non-argmap error
    ├── MapStructureError(ArgmapError, ValueError)     a map that is not well formed
    │   ├── DuplicateIdError                           two elements share one id
    │   └── DanglingReferenceError                     a reference to an id that is not there
    ├── ValidationError(ArgmapError, ValueError)       check() found errors (carries the findings)
    │   └── UnknownCodeError                           a finding code check() does not know
    ├── PluginError(ArgmapError, LookupError)          plugin lookup, loading
    │   ├── PluginNotFoundError                        no reader/renderer of that name or extension
    │   ├── PluginLoadError                            its import raised, or wrong API version
    │   ├── PluginClashError                           two distributions claim one name, none chosen
    │   └── FormatDetectionError                       the format of an input could not be told
    ├── RenderError(ArgmapError, RuntimeError)         a renderer failed
    │   ├── GraphvizNotFoundError                      the ``dot`` program is not installed
    │   └── OptionError(RenderError, ValueError)       an option it does not take, or a bad value
    ├── OutputError(ArgmapError, OSError)              an output cannot be written (or is an input)
    ├── CorpusError(ArgmapError, ValueError)           a batch run cannot start (argmap.corpus)
    └── DiffError(ArgmapError, ValueError)             a map diff that cannot be made or applied
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # (not typing's: `import argmap` imports only this module)
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "ArgmapError",
    "ArgmapSyntaxError",
    "CorpusError",
    "DanglingReferenceError",
    "DiffError",
    "DuplicateIdError",
    "FormatDetectionError",
    "GraphvizNotFoundError",
    "MapStructureError",
    "OptionError",
    "OutputError",
    "PluginClashError",
    "PluginError",
    "PluginLoadError",
    "PluginNotFoundError",
    "ReaderError",
    "RenderError",
    "UnknownCodeError",
    "ValidationError",
]


class ArgmapError(Exception):
    """Base class of every error argmap raises on purpose."""


class ArgmapSyntaxError(ArgmapError, ValueError):
    """Input text that a reader cannot parse.

    ``str(err)`` is one line: ``path:line:column: message``. The offending source line
    and a caret are available as :attr:`excerpt`. A reader that goes on after an error
    raises the first one with all of them in :attr:`errors` (``str`` then says how many
    more there are).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
        column: int | None = None,
        source_line: str | None = None,
        expected: str | None = None,
        others: Sequence[ArgmapSyntaxError] = (),
    ) -> None:
        self.message = message
        self.errors: list[ArgmapSyntaxError] = [self, *others]
        """Every error found in the input, this one first."""
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.column = column
        self.source_line = source_line
        self.expected = expected
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        if len(self.errors) > 1:
            text += f" [and {len(self.errors) - 1} more error(s)]"
        return text

    def with_others(self, others: Sequence[ArgmapSyntaxError]) -> ArgmapSyntaxError:
        """This error, carrying ``others`` (found after it) in :attr:`errors`."""
        return ArgmapSyntaxError(
            self.message,
            path=self.path,
            line=self.line,
            column=self.column,
            source_line=self.source_line,
            expected=self.expected,
            others=others,
        )

    @property
    def excerpt(self) -> str:
        """The offending line with a caret under the column, or ``""``."""
        if self.source_line is None:
            return ""
        caret = " " * max((self.column or 1) - 1, 0) + "^"
        return f"{self.source_line}\n{caret}"


class ReaderError(ArgmapSyntaxError):
    """A reader (or source reader) raised something that is not an argmap error: a bug
    in it, reported naming the plugin (:attr:`plugin`) and where it comes from
    (:attr:`origin`: its distribution and version); the original exception is the
    ``__cause__``. A renderer's bug is a :class:`RenderError` saying the same."""

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        plugin: str = "",
        origin: str = "",
    ) -> None:
        super().__init__(message, path=path)
        self.plugin = plugin
        self.origin = origin

    def __reduce__(self) -> tuple[object, ...]:  # picklable, e.g. back from a worker process
        return (_reader_error, (self.message, self.path, self.plugin, self.origin))


def _reader_error(message: str, path: str | None, plugin: str, origin: str) -> ReaderError:
    return ReaderError(message, path=path, plugin=plugin, origin=origin)


class MapStructureError(ArgmapError, ValueError):
    """A map that is not well formed (raised while building or reading it)."""


class DuplicateIdError(MapStructureError):
    """Two elements of one map share an id."""


class DanglingReferenceError(MapStructureError):
    """An element refers to an id that the map does not contain."""


class ValidationError(ArgmapError, ValueError):
    """:func:`argmap.check` found errors; :attr:`findings` lists them all."""

    def __init__(self, message: str, findings: Sequence[object] | None = None) -> None:
        super().__init__(message)
        self.findings = list(findings or [])


class UnknownCodeError(ValidationError):
    """A finding code or prefix (``--select``/``--ignore``) that matches no known code."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class PluginError(ArgmapError, LookupError):
    """Base class of plugin lookup and loading errors."""


class PluginNotFoundError(PluginError):
    """No installed reader or renderer answers to the name or file extension asked for."""


class PluginLoadError(PluginError):
    """A plugin could not be imported, or declares an API version argmap does not speak."""


class PluginClashError(PluginError):
    """Several distributions claim one reader or renderer name (or extension) and no
    choice was made between them; the message names them and how to choose."""


class FormatDetectionError(PluginError):
    """The format of an input could not be told from its name or content."""


class RenderError(ArgmapError, RuntimeError):
    """A renderer failed to produce its output."""


class GraphvizNotFoundError(RenderError):
    """The Graphviz ``dot`` program is needed but not installed."""


class OutputError(ArgmapError, OSError):
    """An output file could not be written, or writing it would overwrite an input."""


class CorpusError(ArgmapError, ValueError):
    """A batch run over a corpus cannot start: a source that does not exist, no map files
    found, an output folder that is a file (see :mod:`argmap.corpus`)."""


class DiffError(ArgmapError, ValueError):
    """A map diff cannot be made (bad options) or applied (to a map it was not made from)."""


class OptionError(RenderError, ValueError):
    """A plugin option that the plugin does not take, or a value it does not allow.

    The message names the plugin, the option, the value and what is allowed; the same
    parts are attributes. Readers' options raise it too (it is a :class:`RenderError`
    because renderers' options always raised that).
    """

    def __init__(
        self, message: str, *, plugin: str, option: str, value: object, allowed: str
    ) -> None:
        super().__init__(message)
        self.plugin = plugin
        self.option = option
        self.value = value
        self.allowed = allowed

    def __reduce__(self) -> tuple[object, ...]:  # picklable, e.g. back from a worker process
        return (_option_error, (str(self), self.plugin, self.option, self.value, self.allowed))


def _option_error(
    message: str, plugin: str, option: str, value: object, allowed: str
) -> OptionError:
    return OptionError(message, plugin=plugin, option=option, value=value, allowed=allowed)
