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

import contextlib
import hashlib
import html
import logging
from typing import Any

import argmap
from argmap._errors import ArgmapError
from argmap._inline_svg import inline_svg

__all__ = ["fence_format", "fence_format_strict", "fence_validator"]

log = logging.getLogger("mkdocs.plugins.argmap")

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
            problems.append(f"fence option {key}={value!r}: {exc}")
    if problems:
        options[_BAD] = "; ".join(problems)
    return True


def _convert(key: str, value: str) -> Any:
    if key in ("direction", "wrap", "depth", "root"):
        # read by the svg renderer's declaration, like -O and the Sphinx directive
        cls = type(argmap.get_renderer("svg"))
        if key in cls.options:
            try:
                return getattr(cls.parse_options({key: value}), key)
            except argmap.OptionError as exc:
                raise ValueError(str(exc)) from None
        return value
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


def render_svg(source: str, options: dict[str, Any], *, seq: int = 1) -> str:
    """The map in ``source`` as an SVG element ready to sit in HTML; ``seq`` numbers the
    diagram on its page, so that each one's element ids are its own.

    Raises :class:`argmap.ArgmapError` for a bad map or a failed rendering (a bug in a
    reader or renderer plugin included).
    """
    try:
        return _render_svg(source, options, seq)
    except ArgmapError:
        raise
    except Exception as exc:  # a plugin's bug: reported like any other failure
        raise argmap.RenderError(f"internal error: {type(exc).__name__}: {exc}") from exc


def _render_svg(source: str, options: dict[str, Any], seq: int) -> str:
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
    return inline_svg(svg, prefix=f"argmap-{digest}-{seq}-", alt=alt)


def _seq(md: Any) -> int:
    """The number of this diagram on the page (MkDocs makes one Markdown per page)."""
    seq = int(getattr(md, "_argmap_seq", 0)) + 1
    with contextlib.suppress(AttributeError):  # an object that takes no attributes
        md._argmap_seq = seq
    return seq


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
        svg = render_svg(source, options, seq=_seq(md))
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
        svg = render_svg(source, options, seq=_seq(md))
    except ArgmapError as exc:
        raise SuperFencesException(f"argmap fence: {exc}") from exc
    return f'<div class="{html.escape(class_name)}">{svg}</div>'
