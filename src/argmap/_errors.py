"""The argmap exception tree.

Every error argmap raises on purpose is an :class:`ArgmapError`; each class also
subclasses the builtin exception it is closest to, so ``except ValueError`` keeps
working for code that does not know argmap::

    ArgmapError(Exception)
    ├── ArgmapSyntaxError(ArgmapError, ValueError)     bad input text, with file/line/column
    ├── MapStructureError(ArgmapError, ValueError)     a map that is not well formed
    │   ├── DuplicateIdError                           two elements share one id
    │   └── DanglingReferenceError                     a reference to an id that is not there
    ├── ValidationError(ArgmapError, ValueError)       check() found errors (carries the findings)
    ├── PluginError(ArgmapError, LookupError)          plugin lookup, loading
    │   ├── PluginNotFoundError                        no reader/renderer of that name or extension
    │   ├── PluginLoadError                            its import raised, or wrong API version
    │   └── FormatDetectionError                       the format of an input could not be told
    ├── RenderError(ArgmapError, RuntimeError)         a renderer failed
    │   └── GraphvizNotFoundError                      the ``dot`` program is not installed
    ├── OutputError(ArgmapError, OSError)              an output cannot be written (or is an input)
    ├── CorpusError(ArgmapError, ValueError)           a batch run cannot start (argmap.corpus)
    └── DiffError(ArgmapError, ValueError)             a map diff that cannot be made or applied
"""

from __future__ import annotations

import os
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
    "OutputError",
    "PluginError",
    "PluginLoadError",
    "PluginNotFoundError",
    "RenderError",
    "ValidationError",
]


class ArgmapError(Exception):
    """Base class of every error argmap raises on purpose."""


class ArgmapSyntaxError(ArgmapError, ValueError):
    """Input text that a reader cannot parse.

    ``str(err)`` is one line: ``path:line:column: message``. The offending source line
    and a caret are available as :attr:`excerpt`.
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
    ) -> None:
        self.message = message
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
        return text

    @property
    def excerpt(self) -> str:
        """The offending line with a caret under the column, or ``""``."""
        if self.source_line is None:
            return ""
        caret = " " * max((self.column or 1) - 1, 0) + "^"
        return f"{self.source_line}\n{caret}"


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


class PluginError(ArgmapError, LookupError):
    """Base class of plugin lookup and loading errors."""


class PluginNotFoundError(PluginError):
    """No installed reader or renderer answers to the name or file extension asked for."""


class PluginLoadError(PluginError):
    """A plugin could not be imported, or declares an API version argmap does not speak."""


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
