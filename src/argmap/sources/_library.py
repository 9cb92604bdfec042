"""Reading source documents, and a :class:`Library` of them that maps can name."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .._errors import ArgmapError, ArgmapSyntaxError, FormatDetectionError
from .._guard import guarded, instantiate
from ._document import Document

if TYPE_CHECKING:
    from .._model import Source
    from ._base import SourceReader

__all__ = ["Library", "get_source_reader", "read_document", "read_documents"]

PathLike = str | os.PathLike[str]


def get_source_reader(name: str) -> SourceReader:
    """The source reader with this name or alias (``text``, ``markdown``, ``html``, ``pdf``…)."""
    from .._registry import registry

    return instantiate("source", registry.get("source", name))  # type: ignore[no-any-return]


def _reader_for(path: Path) -> SourceReader:
    from .._registry import registry

    found = registry.for_filename("source", path.name)
    if not found:
        raise FormatDetectionError(
            f"{path}: no source reader reads {path.suffix or 'files without an extension'}; "
            f"installed source readers: {', '.join(registry.names('source'))}"
        )
    return instantiate("source", found[0])  # type: ignore[no-any-return]


def read_document(path: PathLike, format: str | None = None, *, id: str | None = None) -> Document:
    """Read one source document; the reader is chosen by ``format`` or the file name."""
    p = Path(path)
    reader = get_source_reader(format) if format else _reader_for(p)
    with guarded("source", reader, path=os.fspath(p)):
        return reader.read(p, id=id)


def read_documents(
    directory: PathLike, *, recursive: bool = True, errors: str = "raise"
) -> Library:
    """Every document in ``directory`` that some source reader reads, as a :class:`Library`.

    Documents are named by their path relative to ``directory`` (``clips/a.md``); with
    ``errors="collect"`` unreadable ones are listed in :attr:`Library.problems` instead of
    raising.
    """
    from .._registry import registry

    root = Path(directory)
    if not root.is_dir():
        if root.is_file():
            return Library([read_document(root)], root=root.parent)
        raise ArgmapSyntaxError("no such directory of source documents", path=root)
    exts = {e for info in registry._each_loaded("source") for e in info.extensions}
    files = sorted(
        f
        for f in (root.rglob("*") if recursive else root.iterdir())
        if f.is_file() and any(f.name.lower().endswith(e) for e in exts)
    )
    docs: list[Document] = []
    problems: list[ArgmapError] = []
    readers: dict[str, SourceReader] = {}  # by extension: one lookup per kind of file
    for f in files:
        rel = f.relative_to(root).as_posix()
        key = "".join(f.suffixes[-2:]).lower()
        try:
            reader = readers.get(key)
            if reader is None:
                reader = readers[key] = _reader_for(f)
            with guarded("source", reader, path=os.fspath(f)):
                docs.append(reader.read(f, id=rel))
        except ArgmapError as exc:
            if errors == "raise":
                raise
            problems.append(exc)
    return Library(docs, root=root, problems=problems)


def _norm_url(url: str) -> str:
    u = url.strip().lower()
    for prefix in ("https://", "http://"):
        if u.startswith(prefix):
            u = u[len(prefix) :]
    if u.startswith("www."):
        u = u[4:]
    return u.rstrip("/")


class Library:
    """Source documents by id, and the ways a map may name them: id, file name, path,
    URL or title."""

    def __init__(
        self,
        documents: Iterable[Document] = (),
        *,
        root: PathLike | None = None,
        problems: Iterable[ArgmapError] = (),
    ) -> None:
        self.root = Path(root) if root is not None else None
        self.problems: list[ArgmapError] = list(problems)
        self._docs: dict[str, Document] = {}
        self._names: dict[str, str] = {}
        for doc in documents:
            self.add(doc)

    def add(self, doc: Document) -> None:
        self._docs[doc.id] = doc
        names = [doc.id, Path(doc.id).name]
        if doc.path:
            names.append(os.path.abspath(doc.path))
        if doc.url:
            names.append("url:" + _norm_url(doc.url))
        if doc.title:
            names.append("title:" + doc.title.casefold().strip())
        for n in names:
            self._names.setdefault(n, doc.id)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._docs.values())

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __getitem__(self, name: str) -> Document:
        doc = self.get(name)
        if doc is None:
            raise KeyError(name)
        return doc

    def __repr__(self) -> str:
        where = f" from {self.root}" if self.root else ""
        return f"<Library of {len(self)} documents{where}>"

    def get(self, name: str) -> Document | None:
        """The document a map names: by id, file name, path (relative to the library's
        folder, or absolute) or URL."""
        key = name.strip()
        hit = self._names.get(key)
        if hit is None and self.root is not None and not key.startswith(("http:", "https:")):
            hit = self._names.get(os.path.abspath(self.root / key))
        if hit is None and "://" in key:
            hit = self._names.get("url:" + _norm_url(key))
        if hit is None:
            hit = self._names.get(Path(key).name)
        return self._docs.get(hit) if hit is not None else None

    def resolve(self, source: Source) -> tuple[Document | None, str]:
        """The document a :class:`~argmap.Source` cites, and how it was found:
        ``"document"`` (its ``document`` field), ``"url"``, ``"title"``, or ``""``."""
        if source.document:
            return self.get(source.document), "document"
        if source.url:
            hit = self._names.get("url:" + _norm_url(source.url))
            if hit is not None:
                return self._docs[hit], "url"
        if source.title:
            hit = self._names.get("title:" + source.title.casefold().strip())
            if hit is not None:
                return self._docs[hit], "title"
        return None, ""
