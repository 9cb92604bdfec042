"""SVG made fit to sit inline in an HTML page (shared by the Sphinx and MkDocs integrations)."""

from __future__ import annotations

import html
import re

__all__ = ["inline_svg"]

_SVG_HEAD = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.S)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_REF = re.compile(r'(href="#|url\(#)([^")]*)')


def inline_svg(svg: str, *, prefix: str, alt: str) -> str:
    """``svg`` without XML prolog, doctype and comments; every ``id`` (and each reference
    to one) prefixed with ``prefix``, so that several maps on one page do not share
    Graphviz's ``node1``; the ``<svg>`` element labelled with ``alt`` for screen readers."""
    svg = _SVG_HEAD.sub("", svg, count=1)
    svg = _COMMENT.sub("", svg)
    ids = set(_ID.findall(svg))
    if ids:
        svg = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
        svg = _REF.sub(
            lambda m: m.group(1) + (prefix + m.group(2) if m.group(2) in ids else m.group(2)),
            svg,
        )
    label = html.escape(alt, quote=True)
    return re.sub(r"<svg\b", f'<svg role="img" aria-label="{label}"', svg, count=1).strip()
