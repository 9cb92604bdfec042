"""What the read path needs of :mod:`pathlib`, without importing it.

:mod:`pathlib` (with :mod:`urllib.parse`, :mod:`ipaddress`, :mod:`fnmatch`, ...) costs a
few milliseconds to import, a twentieth of reading a small map in a fresh process. These
give exactly what ``pathlib.Path`` gives for a POSIX path (``tests/test_paths.py``
compares them); elsewhere (Windows) they ask :mod:`pathlib` itself.
"""

from __future__ import annotations

import errno
import os
import stat

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing)
if TYPE_CHECKING:
    PathLike = str | os.PathLike[str]

__all__ = ["is_dir", "exists", "name", "normal", "suffix"]

_POSIX = os.name == "posix"
# the errors pathlib's exists() and is_dir() take for "no" (others are raised)
_IGNORED = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def normal(path: PathLike) -> str:
    """``os.fspath(pathlib.Path(path))``: no empty or ``.`` components, no trailing
    slash, ``.`` for nothing; two leading slashes kept (POSIX lets them mean more)."""
    text = os.fspath(path)
    if not _POSIX or not isinstance(text, str):
        from pathlib import Path

        return os.fspath(Path(text))
    root = ""
    if text[:1] == "/":
        rest = text.lstrip("/")
        root = "//" if len(text) - len(rest) == 2 else "/"
        text = rest
    parts = [p for p in text.split("/") if p and p != "."]
    return root + "/".join(parts) if root or parts else "."


def name(path: PathLike) -> str:
    """``pathlib.Path(path).name``: the last component, ``""`` for none."""
    text = normal(path)
    if text in (".", "/", "//"):
        return ""
    return text.rpartition("/")[2] if _POSIX else os.path.basename(text)


def suffix(file_name: str) -> str:
    """``pathlib.PurePath(file_name).suffix`` of a bare file name (see :func:`name`)."""
    i = file_name.rfind(".")
    return file_name[i:] if 0 < i < len(file_name) - 1 else ""


def _stat(path: str) -> os.stat_result | None:
    """``os.stat(path)``, None where pathlib's ``exists()`` says no."""
    try:
        return os.stat(path)
    except OSError as exc:
        if exc.errno in _IGNORED:
            return None
        raise
    except ValueError:  # a NUL in the path, or one not encodable
        return None


def exists(path: str) -> bool:
    """``pathlib.Path(path).exists()`` (a stat that fails for another reason raises)."""
    if not _POSIX:
        from pathlib import Path

        return Path(path).exists()
    return _stat(path) is not None


def is_dir(path: str) -> bool:
    """``pathlib.Path(path).is_dir()``."""
    if not _POSIX:
        from pathlib import Path

        return Path(path).is_dir()
    st = _stat(path)
    return st is not None and stat.S_ISDIR(st.st_mode)
