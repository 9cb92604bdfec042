"""Argument maps in MkDocs (and any Python-Markdown site): a SuperFences custom fence.

In ``mkdocs.yml``::

    markdown_extensions:
      - pymdownx.superfences:
          custom_fences:
            - name: argmap
              class: argmap
              validator: !!python/name:argmap.mkdocs.fence_validator
              format: !!python/name:argmap.mkdocs.fence_format

Then a fence draws the map inline as SVG::

    ```argmap direction="LR" wrap="30"
    [Open]: Meta will keep its models open.
      <- Charity dries up.
    ```

Fence options (SuperFences option names cannot contain ``-``): ``format`` (the reader,
default ``argdown``), ``direction`` (``auto``/``TB``/``LR``/``BT``/``RL``), ``wrap``, ``tags`` and
``groups`` (comma-separated), ``root``, ``depth``, ``hide_evidence`` (a bare flag),
``evaluation`` and ``alt``.

A map that cannot be read or drawn becomes an error block in the page and a warning
on the ``mkdocs.plugins.argmap`` logger, which ``mkdocs build --strict`` turns into a
failed build. To abort at the first bad map instead, use :func:`fence_format_strict`
as the ``format``: it raises ``SuperFencesException``, which SuperFences lets through.
"""

from __future__ import annotations

import hashlib
import html
import logging
from typing import Any

import argmap
from argmap._errors import ArgmapError
from argmap._inline_svg import inline_svg

__all__ = ["fence_format", "fence_format_strict", "fence_validator"]

log = logging.getLogger("mkdocs.plugins.argmap")

_DIRECTIONS = ("AUTO", "TB", "LR", "BT", "RL")
_OPTIONS = (
    "format",
    "direction",
    "wrap",
    "tags",
    "groups",
    "root",
    "depth",
    "hide_evidence",
    "evaluation",
    "alt",
)
_BAD = "_argmap_invalid"


def fence_validator(
    language: str,
    inputs: dict[str, str],
    options: dict[str, Any],
    attrs: dict[str, Any],
    md: Any,
) -> bool:
    """Take the fence's options. Always accepts the fence, so that a mistake in an option
    is reported by :func:`fence_format` rather than the map silently shown as code."""
    problems = []
    for key, value in inputs.items():
        if key not in _OPTIONS:
            problems.append(f"unknown option {key!r} (known: {', '.join(_OPTIONS)})")
            continue
        try:
            options[key] = _convert(key, value)
        except ValueError as exc:
            problems.append(f"option {key}={value!r}: {exc}")
    if problems:
        options[_BAD] = "; ".join(problems)
    return True


def _convert(key: str, value: str) -> Any:
    if key == "direction":
        upper = value.strip().upper()
        if upper not in _DIRECTIONS:
            raise ValueError(f"expected one of {', '.join(_DIRECTIONS)}")
        return upper
    if key in ("wrap", "depth"):
        try:
            number = int(value)
        except ValueError:
            raise ValueError("expected a whole number") from None
        if number < (1 if key == "wrap" else 0):
            raise ValueError("expected a positive number" if key == "wrap" else ">= 0")
        return number
    if key in ("tags", "groups"):
        items = [v.strip().lstrip("#") for v in value.split(",")]
        if not all(items):
            raise ValueError("expected a comma-separated list of names")
        return items
    if key == "hide_evidence":
        if value.lower() in ("hide_evidence", "true", "yes", "1"):
            return True
        if value.lower() in ("false", "no", "0"):
            return False
        raise ValueError("expected a bare flag, true or false")
    return value


def render_svg(source: str, options: dict[str, Any]) -> str:
    """The map in ``source`` as an SVG element ready to sit in HTML.

    Raises :class:`argmap.ArgmapError` for a bad map or a failed rendering (a bug in a
    reader or renderer plugin included).
    """
    try:
        return _render_svg(source, options)
    except ArgmapError:
        raise
    except Exception as exc:  # a plugin's bug: reported like any other failure
        raise argmap.RenderError(f"internal error: {type(exc).__name__}: {exc}") from exc


def _render_svg(source: str, options: dict[str, Any]) -> str:
    if options.get(_BAD):
        raise ArgmapError(options[_BAD])
    fmt = options.get("format", "argdown")
    amap = argmap.parse(source, fmt)
    errors = [f for f in argmap.check(amap) if f.severity is argmap.Severity.ERROR]
    if errors:
        raise ArgmapError("invalid map: " + "; ".join(str(f) for f in errors[:3]))
    root = options.get("root")
    if root is not None and not (root in amap.statements or root in amap.arguments):
        raise ArgmapError(f"root {root!r} is not a statement or argument of the map")
    wanted = {k: options[k] for k in ("tags", "groups", "root", "depth") if k in options}
    if wanted and not any(True for _ in amap.select(**wanted).nodes()):
        raise ArgmapError(f"nothing in the map matches {wanted}")
    select: dict[str, Any] = {}
    for key in ("tags", "groups", "root", "depth"):
        if key in options:
            select[key] = options[key]
    renderer = argmap.get_renderer("svg")
    declared = set(type(renderer).options)
    passed: dict[str, Any] = {}
    for key in ("direction", "wrap", "evaluation"):
        if key in options:
            if key in declared:
                passed[key] = options[key]
            elif key == "evaluation":
                raise ArgmapError("the svg renderer cannot show an evaluation")
    for key in list(select):
        if key in declared:
            passed[key] = select.pop(key)
    show_evidence = not options.get("hide_evidence", False)
    if "show_evidence" in declared:
        passed["show_evidence"] = show_evidence
    elif not show_evidence:
        select["include_evidence"] = False
    if select:
        amap = amap.select(**select)
    svg = argmap.render(amap, renderer, **passed)
    if isinstance(svg, bytes):
        svg = svg.decode("utf-8")
    alt = options.get("alt") or _alt(amap, options.get("root"))
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    return inline_svg(svg, prefix=f"argmap-{digest}-", alt=alt)


def _alt(amap: argmap.ArgumentMap, root: str | None = None) -> str:
    mains = [amap.node(root)] if root else amap.main_claims()
    texts = [n.text if isinstance(n, argmap.Statement) else n.label for n in mains[:3]]
    return "; ".join(t for t in texts if t) or amap.title or "argument map"


def _error_block(class_name: str, message: str) -> str:
    return (
        f'<div class="{html.escape(class_name)} argmap-error">'
        f"<p><strong>argmap:</strong> {html.escape(message)}</p></div>"
    )


def fence_format(
    source: str,
    language: str,
    class_name: str,
    options: dict[str, Any],
    md: Any,
    **kwargs: Any,
) -> str:
    """Render an ``argmap`` fence as inline SVG; a bad map becomes an error block and a
    warning (``mkdocs build --strict`` fails on it)."""
    try:
        svg = render_svg(source, options)
    except ArgmapError as exc:
        log.warning("argmap fence: %s", exc)
        return _error_block(class_name, str(exc))
    return f'<div class="{html.escape(class_name)}">{svg}</div>'


def fence_format_strict(
    source: str,
    language: str,
    class_name: str,
    options: dict[str, Any],
    md: Any,
    **kwargs: Any,
) -> str:
    """Like :func:`fence_format`, but a bad map aborts the build with
    ``pymdownx.superfences.SuperFencesException``."""
    from pymdownx.superfences import SuperFencesException

    try:
        svg = render_svg(source, options)
    except ArgmapError as exc:
        raise SuperFencesException(f"argmap fence: {exc}") from exc
    return f'<div class="{html.escape(class_name)}">{svg}</div>'
