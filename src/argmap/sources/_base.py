"""The base class of source readers (the ``argmap.sources`` entry point group)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, ClassVar

from .. import _paths
from .._errors import ArgmapSyntaxError
from ..plugin import Plugin

if TYPE_CHECKING:
    from ._document import Document

__all__ = ["SourceReader", "decode_text", "document_id"]


def document_id(path: str | os.PathLike[str] | None) -> str:
    """The default id of a document read from ``path``: its file name."""
    if path is None:
        return "document"
    return _paths.name(path) or "document"


def decode_text(data: bytes, path: str | None, encoding: str = "utf-8") -> str:
    """Decode ``data`` (a UTF-8 byte order mark is dropped), or raise a located error."""
    try:
        text = data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ArgmapSyntaxError(
            f"not {encoding} text: byte 0x{data[exc.start]:02x} cannot be decoded",
            path=path,
            line=line,
            column=column,
        ) from None
    if "\x00" in text:
        head = text[: text.index("\x00")]
        raise ArgmapSyntaxError(
            "a NUL character: this looks like a binary file, not text",
            path=path,
            line=head.count("\n") + 1,
            column=len(head) - (head.rfind("\n") + 1) + 1,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


class SourceReader(Plugin):
    """Turns a file (an article, a clipping, a PDF) into a :class:`~argmap.sources.Document`.

    Text formats override :meth:`parse`; binary ones set :attr:`binary` and override
    :meth:`parse_bytes`. A source reader must raise only :class:`~argmap.ArgmapError`
    subclasses on bad input, saying where (path, and line/column or page when known).
    """

    encoding: ClassVar[str] = "utf-8"
    binary: ClassVar[bool] = False
    """The format is binary: :meth:`read` hands the bytes to :meth:`parse_bytes`."""

    def parse(self, text: str, *, path: str | None = None, id: str | None = None) -> Document:
        """Parse a text document; ``id`` defaults to the file name of ``path``."""
        raise NotImplementedError

    def parse_bytes(
        self, data: bytes, *, path: str | None = None, id: str | None = None
    ) -> Document:
        """Parse raw bytes; the default decodes them and calls :meth:`parse`."""
        return self.parse(decode_text(data, path, self.encoding), path=path, id=id)

    def read(self, path: str | os.PathLike[str], *, id: str | None = None, **_: Any) -> Document:
        """Read a file."""
        from pathlib import Path  # (not imported when the registry imports this module)

        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise ArgmapSyntaxError(f"cannot read file: {exc.strerror or exc}", path=p) from exc
        return self.parse_bytes(data, path=os.fspath(p), id=id)
