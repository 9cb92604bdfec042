"""The one argmap logger, ``logging.getLogger("argmap")``.

Library code logs through it and never prints. It carries a :class:`logging.NullHandler`,
so a program that configures no logging sees no argmap messages on stderr.

:mod:`logging` (with :mod:`traceback`, :mod:`string`, ...) costs a few milliseconds to
import, a tenth of reading a small Argdown file in a fresh process, and most commands
never log: :data:`log` stands for the logger and imports :mod:`logging` when it is first
used. The handler is added then, or at once if :mod:`logging` is already imported (a
program that configures logging has imported it), and before the registry imports a
plugin (:func:`logger`). Modules that import :mod:`logging` anyway take the logger
itself from :func:`logger`.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing)
if TYPE_CHECKING:
    import logging
    from typing import Any

__all__ = ["log", "logger"]

_logger: logging.Logger | None = None


def logger() -> logging.Logger:
    """``logging.getLogger("argmap")``, with its :class:`logging.NullHandler`."""
    global _logger
    if _logger is None:
        import logging

        found = logging.getLogger("argmap")
        if not any(type(h) is logging.NullHandler for h in found.handlers):
            found.addHandler(logging.NullHandler())
        _logger = found
    return _logger


class _Log:
    """The argmap logger, imported when first used (every attribute is the logger's)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        return getattr(logger(), name)

    def __repr__(self) -> str:
        return repr(logger())


log: logging.Logger = _Log()  # type: ignore[assignment]

if "logging" in sys.modules:
    logger()
