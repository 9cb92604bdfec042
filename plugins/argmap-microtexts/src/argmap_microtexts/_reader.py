"""The arg-microtexts reader: one SAX pass over the XML, then one pass over what it found.

The XML is parsed with :mod:`defusedxml`, so entity declarations (the "billion laughs"
bomb), external entities and external DTDs are refused before anything is expanded.
"""

from __future__ import annotations

import io
import os
import re
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from typing import Any

import attrs
import defusedxml.sax
from defusedxml.common import DefusedXmlException

from argmap import (
    ArgmapError,
    ArgmapSyntaxError,
    Argument,
    ArgumentMap,
    Location,
    Relation,
    RelationKind,
    Source,
    Statement,
    StatementKind,
)
from argmap.plugin import LimitOptions, Reader, check_text, read_input

__all__ = ["MicrotextsReader"]

_DEFAULTS = LimitOptions()
_NEWLINE = re.compile(r"\r\n|\r|\n")
ADU_TYPES = ("pro", "opp")
STANCES = ("pro", "con", "unclear")
EDGE_TYPES = ("seg", "sup", "exa", "add", "reb", "und")
_ARGUMENTATIVE = {
    "sup": RelationKind.SUPPORT,
    "exa": RelationKind.SUPPORT,
    "reb": RelationKind.ATTACK,
    "und": RelationKind.UNDERCUT,
}
_REQUIRED = {
    "arggraph": ("id",),
    "edu": ("id",),
    "joint": ("id",),
    "adu": ("id", "type"),
    "edge": ("id", "src", "trg", "type"),
}


class _Element:
    """An element of the graph as read: its attributes and where it stood."""

    __slots__ = ("attrs", "column", "line", "tag", "text")

    def __init__(self, tag: str, attrs: dict[str, str], line: int, column: int) -> None:
        self.tag = tag
        self.attrs = attrs
        self.line = line
        self.column = column
        self.text = ""


class _Collector(xml.sax.handler.ContentHandler):
    """Collects the elements of one ``<arggraph>`` (the SAX pass); checks nesting and
    attributes as it goes, with the parser's line and column."""

    def __init__(self, path: str | None, max_elements: int = _DEFAULTS.max_elements) -> None:
        super().__init__()
        self.path = path
        self.max_elements = max_elements
        self.count = 0
        self.locator: xml.sax.xmlreader.Locator | None = None
        self.graph: _Element | None = None
        self.elements: dict[str, _Element] = {}
        self.order: list[_Element] = []
        self._depth = 0
        self._edu: _Element | None = None
        self._chunks: list[str] = []

    # -- location helpers
    def where(self) -> tuple[int | None, int | None]:
        if self.locator is None:
            return None, None
        line = self.locator.getLineNumber()
        col = self.locator.getColumnNumber()
        return line, (col + 1 if col is not None and col >= 0 else None)

    def error(self, message: str, line: int | None = None, column: int | None = None) -> None:
        if line is None:
            line, column = self.where()
        raise ArgmapSyntaxError(message, path=self.path, line=line, column=column)

    # -- SAX callbacks
    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def startElement(self, name: str, attrs: Any) -> None:
        line, column = self.where()
        self.count += 1
        if self.count > self.max_elements:
            self.error(
                f"too many XML elements: more than the limit of {self.max_elements:,} "
                "(the reader option max_elements widens it)",
                line,
                column,
            )
        self._depth += 1
        if self._depth == 1:
            if name != "arggraph":
                self.error(f"the root element must be <arggraph>, not <{name}>", line, column)
        elif self._depth > 2:
            self.error(f"<{name}> cannot stand inside another element here", line, column)
        elif name not in _REQUIRED or name == "arggraph":
            self.error(
                f"unexpected element <{name}> in <arggraph>",
                line,
                column,
            )
        values = {k: attrs.getValue(k) for k in attrs.getNames()}
        for attr in _REQUIRED[name]:
            if not values.get(attr):
                self.error(f"<{name}> needs a non-empty {attr!r} attribute", line, column)
        el = _Element(name, values, line or 0, column or 0)
        if name == "arggraph":
            self.graph = el
            stance = values.get("stance")
            if stance is not None and stance not in STANCES:
                self.error(
                    f"unknown stance {stance!r} (expected pro, con or unclear)", line, column
                )
            return
        ident = values["id"]
        if ident in self.elements or (self.graph is not None and ident == self.graph.attrs["id"]):
            self.error(f"duplicate id {ident!r}", line, column)
        if name == "adu" and values["type"] not in ADU_TYPES:
            self.error(f"unknown ADU type {values['type']!r} (expected pro or opp)", line, column)
        if name == "edge" and values["type"] not in EDGE_TYPES:
            self.error(
                f"unknown edge type {values['type']!r} (expected one of {', '.join(EDGE_TYPES)})",
                line,
                column,
            )
        self.elements[ident] = el
        self.order.append(el)
        if name == "edu":
            self._edu = el
            self._chunks = []

    def characters(self, content: str) -> None:
        if self._edu is not None:
            self._chunks.append(content)
        elif content.strip() and self._depth > 0:
            self.error("unexpected text outside an <edu>")

    def endElement(self, name: str) -> None:
        self._depth -= 1
        if name == "edu" and self._edu is not None:
            self._edu.text = " ".join("".join(self._chunks).split())
            self._edu = None


@attrs.frozen
class MicrotextsReaderOptions(LimitOptions):
    """The options of the microtexts reader: its input limits (``max_elements`` counts
    XML elements; ``max_depth`` is moot: the format nests two levels, deeper is an
    error anyway)."""


class MicrotextsReader(Reader):
    """Reads arg-microtexts argument graphs (``<arggraph>`` XML, ``arggraph.dtd``)."""

    name = "microtexts"
    aliases = ("arg-microtexts", "arggraph")
    extensions = (".xml",)
    media_type = "application/xml"
    description = "arg-microtexts argument graphs (arggraph XML: EDUs, ADUs, sup/exa/reb/und/add)"

    def sniff(self, text: str) -> float:
        head = text[:2048]
        return 0.95 if "<arggraph" in head else 0.0

    Options = MicrotextsReaderOptions

    def parse_map(
        self, text: str, options: MicrotextsReaderOptions, *, path: str | None = None
    ) -> ArgumentMap:
        # a character stream: the text is already decoded, whatever the XML
        # declaration says about the encoding
        check_text(text, options.max_bytes, path)
        return _parse(text, path, options.max_elements)

    def read(self, path: str | os.PathLike[str], **options: Any) -> ArgumentMap:
        """Read a file as bytes: the XML parser decodes it as its declaration says."""
        opts: MicrotextsReaderOptions = type(self).parse_options(options)
        p = os.fspath(path)
        data = read_input(p, opts.max_bytes)
        amap = _parse(data, p, opts.max_elements)
        amap.source_path = p
        return amap


def _parse(
    data: str | bytes, path: str | None, max_elements: int = _DEFAULTS.max_elements
) -> ArgumentMap:
    collector = _Collector(path, max_elements)
    try:
        parser = defusedxml.sax.make_parser()
        parser.forbid_dtd = False
        parser.forbid_entities = True
        parser.forbid_external = True
        parser.setContentHandler(collector)
        source = xml.sax.xmlreader.InputSource(path)
        if isinstance(data, bytes):
            source.setByteStream(io.BytesIO(data))
        else:
            source.setCharacterStream(io.StringIO(data))
        parser.parse(source)
    except ArgmapError:
        raise
    except xml.sax.SAXParseException as exc:
        col = exc.getColumnNumber()
        raise ArgmapSyntaxError(
            f"malformed XML: {exc.getMessage()}",
            path=path,
            line=exc.getLineNumber(),
            column=col + 1 if col is not None and col >= 0 else None,
            source_line=_line(data, exc.getLineNumber()),
        ) from None
    except DefusedXmlException as exc:
        line, column = collector.where()
        raise ArgmapSyntaxError(
            f"refused unsafe XML: {_describe(exc)}",
            path=path,
            line=line,
            column=column,
            source_line=_line(data, line),
        ) from None
    except (xml.sax.SAXException, ValueError, LookupError) as exc:
        line, column = collector.where()
        raise ArgmapSyntaxError(
            f"cannot parse XML: {exc}", path=path, line=line, column=column
        ) from None
    if collector.graph is None:
        raise ArgmapSyntaxError("no <arggraph> element", path=path, line=1, column=1)
    return _build(collector, path)


def _line(data: str | bytes, line: int | None) -> str | None:
    """The ``line``-th line (1-based, as the XML parser counts them), for error excerpts."""
    if not line or line < 1:
        return None
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines = _NEWLINE.split(text, maxsplit=line)
    return lines[line - 1] if line <= len(lines) else None


def _describe(exc: DefusedXmlException) -> str:
    name = type(exc).__name__
    if name == "EntitiesForbidden":
        return f"entity declaration {getattr(exc, 'name', '?')!r} (entities are not allowed)"
    if name == "ExternalReferenceForbidden":
        return f"external reference {getattr(exc, 'sysid', None) or '?'!r}"
    if name == "DTDForbidden":
        return "document type declaration"
    return str(exc) or name


def _build(c: _Collector, path: str | None) -> ArgumentMap:
    """Turn the collected elements into a map (the second, resolving pass)."""
    assert c.graph is not None
    graph_id = c.graph.attrs["id"]
    els = c.elements

    def fail(el: _Element, message: str) -> ArgmapSyntaxError:
        return ArgmapSyntaxError(message, path=path, line=el.line or None, column=el.column or None)

    def loc(el: _Element) -> Location:
        return Location(path, el.line or None, el.column or None)

    edus = [e for e in c.order if e.tag == "edu"]
    edu_index = {e.attrs["id"]: i for i, e in enumerate(edus)}
    adus = [e for e in c.order if e.tag == "adu"]
    edges = [e for e in c.order if e.tag == "edge"]

    # seg edges: EDU -> ADU, EDU -> JOINT, JOINT -> ADU
    segs_into: dict[str, list[str]] = {}
    added: dict[str, list[str]] = {}  # edge id -> additional premises (add edges)
    outgoing: set[str] = set()
    segmented: dict[str, str] = {}  # EDU or joint -> what its seg edge leads to
    for e in edges:
        src, trg, kind = e.attrs["src"], e.attrs["trg"], e.attrs["type"]
        for end in (src, trg):
            if end not in els:
                raise fail(e, f"edge {e.attrs['id']!r} refers to {end!r}, which is not defined")
        s_tag, t_tag = els[src].tag, els[trg].tag
        if kind == "seg":
            if (
                s_tag not in ("edu", "joint")
                or t_tag not in ("joint", "adu")
                or (s_tag == "joint" and t_tag == "joint")
            ):
                raise fail(
                    e,
                    f"a seg edge joins an EDU or joint to an ADU or joint, not "
                    f"{s_tag} {src!r} to {t_tag} {trg!r}",
                )
            if src in segmented:  # else one EDU's text could fill many ADUs (n² text)
                raise fail(
                    e,
                    f"{s_tag} {src!r} is already segmented into {segmented[src]!r}; an EDU "
                    "or joint belongs to one ADU or joint",
                )
            segmented[src] = trg
            segs_into.setdefault(trg, []).append(src)
            continue
        if s_tag != "adu":
            raise fail(e, f"a {kind} edge starts at an ADU, not at {s_tag} {src!r}")
        outgoing.add(src)
        if kind in ("sup", "exa", "reb"):
            if t_tag != "adu":
                raise fail(e, f"a {kind} edge ends at an ADU, not at {t_tag} {trg!r}")
        else:  # und, add: the target is another argumentative edge
            if t_tag != "edge" or els[trg].attrs["type"] in ("seg", "add"):
                raise fail(
                    e, f"an {kind} edge ends at a sup, exa, reb or und edge, not at {t_tag} {trg!r}"
                )
            if kind == "add":
                added.setdefault(trg, []).append(src)

    def edus_of(node: str) -> list[str]:
        found: list[str] = []
        for src in segs_into.get(node, ()):
            if els[src].tag == "edu":
                found.append(src)
            else:
                found.extend(s for s in segs_into.get(src, ()) if els[s].tag == "edu")
        return sorted(dict.fromkeys(found), key=edu_index.__getitem__)

    examples = {e.attrs["src"] for e in edges if e.attrs["type"] == "exa"}
    central = [a.attrs["id"] for a in adus if a.attrs["id"] not in outgoing]
    meta: dict[str, Any] = {"id": graph_id}
    for key in ("topic_id", "stance"):
        if c.graph.attrs.get(key):
            meta[key] = c.graph.attrs[key]
    if len(central) == 1:
        meta["central_claim"] = central[0]
    amap = ArgumentMap(
        graph_id,
        description=" ".join(e.text for e in edus if e.text) or None,
        meta=meta,
        source_path=path,
    )
    edu_text = {e.attrs["id"]: e.text for e in edus}
    for a in adus:
        aid = a.attrs["id"]
        parts = edus_of(aid)
        if not parts:
            raise fail(a, f"ADU {aid!r} has no text: no seg edge leads to it from an EDU")
        text = " ".join(edu_text[p] for p in parts)
        is_example = aid in examples
        amap.add(
            Statement(
                id=aid,
                text=text,
                kind=StatementKind.EVIDENCE if is_example else StatementKind.CLAIM,
                sources=(Source(title=graph_id, locator=",".join(parts)),) if is_example else (),
                meta={"adu_type": a.attrs["type"], "edus": parts},
                location=loc(a),
            )
        )
    for e in edges:
        kind_name = e.attrs["type"]
        if kind_name not in _ARGUMENTATIVE:
            continue
        eid, src, trg = e.attrs["id"], e.attrs["src"], e.attrs["trg"]
        kind = _ARGUMENTATIVE[kind_name]
        extra = added.get(eid)
        if not extra:
            amap.add(
                Relation(
                    id=eid,
                    kind=kind,
                    source=src,
                    target=trg,
                    meta={"edge_type": kind_name},
                    location=loc(e),
                )
            )
            continue
        premises = (src, *extra)
        if kind is RelationKind.SUPPORT:
            amap.add(
                Argument(
                    id=eid,
                    premises=premises,
                    conclusion=trg,
                    meta={"edge_type": kind_name},
                    location=loc(e),
                )
            )
        else:
            amap.add(
                Argument(id=eid, premises=premises, meta={"edge_type": kind_name}, location=loc(e))
            )
            amap.add(
                Relation(
                    id=f"{eid} -{kind.value}-> {trg}",
                    kind=kind,
                    source=eid,
                    target=trg,
                    meta={"edge_type": kind_name},
                    location=loc(e),
                )
            )
    return amap
