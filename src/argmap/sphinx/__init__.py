"""Argument maps in Sphinx documents: the ``argmap`` directive.

Add the extension to ``conf.py``::

    extensions = ["argmap.sphinx"]

and draw a map from a file, or from the directive's content::

    .. argmap:: maps/debate.argdown
       :caption: Will Meta keep giving its models away?
       :direction: LR

    .. argmap::
       :format: argdown

       [Open]: Meta will keep its models open.
         <- Charity dries up.

The same directive works in MyST Markdown as an ``{argmap}`` fence, and as a plain
``argmap`` code fence with ``myst_fence_as_directive = ["argmap"]``.

What each builder gets:

* HTML builders (``html``, ``dirhtml``, ``singlehtml``, ``epub``, ...): the SVG inline
  in the page, so its text can be selected and found, and any links in it work;
* LaTeX: a PDF rendering, copied next to the ``.tex`` file and included with
  ``\\sphinxincludegraphics``;
* every other builder (``text``, ``man``, ``texinfo``, ``xml``, ...): the text outline
  as a literal block; builders that write no document (``linkcheck``, ``gettext``,
  ``dummy``) get the alt text.

Renderings are cached by content: the hash of the map text, its format, the options, the
output format and the argmap version names a file in the cache directory (by default
``<doctreedir>/argmap-cache``; set ``argmap_cache_dir``), so a rebuild with unchanged maps
runs Graphviz zero times.

A missing file or a bad map is a Sphinx warning located at the directive, with the map's
own ``file:line:column`` in the message (so ``sphinx-build -W`` fails); never a crash.
Warnings have the type ``argmap`` (``suppress_warnings = ["argmap.*"]``).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import set_source_info
from sphinx.util.osutil import relative_uri

import argmap
from argmap._api import write_output
from argmap._errors import ArgmapError, ArgmapSyntaxError
from argmap._inline_svg import inline_svg
from argmap._registry import fingerprint
from argmap.plugin import Renderer

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

__all__ = [
    "ArgmapDirective",
    "ArgmapFallback",
    "argmap_diagram",
    "cache_key",
    "inline_svg",
    "render_cached",
    "setup",
]

logger = logging.getLogger(__name__)

_STATIC = Path(__file__).resolve().parent / "_static"

#: Directive options that are passed on to renderers (directive name → keyword).
RENDER_OPTIONS: dict[str, str] = {
    "direction": "direction",
    "wrap": "wrap",
    "tags": "tags",
    "groups": "groups",
    "root": "root",
    "depth": "depth",
    "hide-evidence": "show_evidence",
    "evaluation": "evaluation",
}
#: Options a renderer may not know about that argmap applies itself with ``select()``.
_SELECTION = ("tags", "groups", "root", "depth", "show_evidence")
#: Builder formats that get inline SVG.
_HTML_FORMATS = ("html",)


class argmap_diagram(nodes.General, nodes.Inline, nodes.Element):  # type: ignore[misc]
    """A map to draw: carries the map's text, format and rendering options."""


# --------------------------------------------------------------------------- options


def _csv(argument: str | None) -> list[str]:
    value = directives.unchanged_required(argument)
    items = [part.strip() for part in re.split(r"[,\n]", value)]
    items = [i[1:] if i.startswith("#") else i for i in items]
    if not all(items):
        raise ValueError("expected a comma-separated list of names")
    return items


def _key_values(argument: str | None) -> dict[str, str | bool]:
    """``key=value`` pairs separated by commas or white space (like the CLI's ``-O``);
    ``true`` and ``false`` become booleans."""
    value = directives.unchanged_required(argument)
    pairs: dict[str, str | bool] = {}
    for item in re.split(r"[,\s]+", value.strip()):
        key, sep, val = item.partition("=")
        if not sep or not key:
            raise ValueError(f"expected key=value, got {item!r}")
        val = val.strip()
        flag = {"true": True, "false": False}.get(val.lower())
        pairs[key.strip().replace("-", "_")] = val if flag is None else flag
    return pairs


def _align(argument: str | None) -> str:
    return str(directives.choice(argument, ("left", "center", "right")))


def _reader_name(argument: str | None) -> str:
    return str(directives.unchanged_required(argument)).strip()


# --------------------------------------------------------------------------- directive


class ArgmapDirective(SphinxDirective):
    """``.. argmap:: [path]``: draw an argument map from a file or from the content."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "format": _reader_name,
        "caption": directives.unchanged,
        "alt": directives.unchanged,
        "align": _align,
        "name": directives.unchanged,
        "class": directives.class_option,
        "direction": directives.unchanged_required,
        "wrap": directives.unchanged_required,
        "tags": _csv,
        "groups": _csv,
        "root": directives.unchanged_required,
        "depth": directives.unchanged_required,
        "hide-evidence": directives.flag,
        "evaluation": directives.unchanged_required,
        "options": _key_values,
        "interactive": directives.flag,
    }

    def _warn(self, message: str, subtype: str) -> list[nodes.Node]:
        logger.warning(message, location=self.get_location(), type="argmap", subtype=subtype)
        return []

    def run(self) -> list[nodes.Node]:
        display: str
        path: str | None = None
        if self.arguments:
            if self.content:
                return self._warn(
                    "argmap directive: give a file name or inline content, not both",
                    "usage",
                )
            rel, path = self.env.relfn2path(self.arguments[0].strip())
            self.env.note_dependency(rel)
            display = str(rel)
            try:
                text = Path(path).read_bytes().decode("utf-8").lstrip("\ufeff")
            except FileNotFoundError:
                return self._warn(f"argmap file not found: {display}", "missing")
            except (OSError, UnicodeDecodeError) as exc:
                return self._warn(f"argmap file {display} cannot be read: {exc}", "missing")
        else:
            text = "\n".join(self.content)
            if not text.strip():
                return self._warn(
                    "argmap directive needs a file name or inline content (it is empty)",
                    "usage",
                )
            display = self.env.doc2path(self.env.docname, False).as_posix()

        fmt = self.options.get("format")
        reader_options: dict[str, Any] = {}
        try:
            if fmt is None:
                fmt = argmap.detect_format(path, text) if path else "argdown"
            reader_options = _reader_options(fmt, self.env.srcdir)
            amap = argmap.parse(text, fmt, path=path, **reader_options)
        except ArgmapSyntaxError as exc:
            return self._warn(self._locate(exc, display, inline=path is None), "syntax")
        except ArgmapError as exc:
            message = _relative(str(exc), path, display)
            if not message.startswith(display):
                message = f"{display}: {message}"
            return self._warn(message, "map")
        except Exception as exc:  # a bug in a reader plugin: a warning, not a crash
            return self._warn(
                f"{display}: internal error in the {fmt} reader: {type(exc).__name__}: {exc}",
                "map",
            )
        errors = [f for f in argmap.check(amap) if f.severity is argmap.Severity.ERROR]
        if errors:
            found = "; ".join(_relative(str(f), path, display) for f in errors[:3])
            more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
            return self._warn(f"invalid map: {found}{more}", "check")

        options: dict[str, Any] = dict(self.config.argmap_default_options or {})
        options.update(self.options.get("options", {}))
        for key, keyword in RENDER_OPTIONS.items():
            if key in self.options:
                value = self.options[key]
                options[keyword] = False if key == "hide-evidence" else value
        unknown = sorted(set(options) - _known_options())
        if unknown:
            return self._warn(
                f"argmap directive: unknown renderer option(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(_known_options()))}",
                "usage",
            )
        try:
            options = _typed_options(options)
        except argmap.OptionError as exc:
            name = next((k for k, v in RENDER_OPTIONS.items() if v == exc.option), exc.option)
            given = f":{name}: {exc.value}" if name in self.options else f"{exc.option}="
            return self._warn(f"argmap directive: {given}: {exc}", "usage")
        root = options.get("root")
        if root is not None and not (root in amap.statements or root in amap.arguments):
            return self._warn(
                f"{display}: :root: {options['root']!r} is not a statement or argument of the map",
                "map",
            )

        select = {k: options[k] for k in ("tags", "groups", "root", "depth") if k in options}
        shown = amap.select(include_evidence=options.get("show_evidence", True), **select)
        if select and not any(True for _ in shown.nodes()):
            chosen = "; ".join(
                f":{k}: {v if isinstance(v, (str, int)) else ', '.join(v)}"
                for k, v in self.options.items()
                if k in select
            )
            return self._warn(f"{display}: nothing in the map matches {chosen}", "map")

        node = argmap_diagram()
        node["text"] = text
        node["file"] = path
        node["format"] = fmt
        node["reader_options"] = reader_options
        node["path"] = display
        node["options"] = options
        node["alt"] = self.options.get("alt") or _default_alt(amap, options.get("root"))
        node["classes"] = ["argmap", *self.options.get("class", [])]
        node["interactive"] = "interactive" in self.options
        if "align" in self.options:
            node["align"] = self.options["align"]
        self.set_source_info(node)

        if "caption" not in self.options:
            self.add_name(node)
            return [node]
        figure = nodes.figure("", node, classes=["argmap-figure"])
        if "align" in node:
            figure["align"] = node["align"]
        inline, messages = self.parse_inline(self.options["caption"])
        caption = nodes.caption(self.options["caption"], "", *inline)
        caption.extend(messages)
        set_source_info(self, caption)
        figure += caption
        self.add_name(figure)
        return [figure]

    def _locate(self, exc: ArgmapSyntaxError, display: str, *, inline: bool) -> str:
        """The error as ``file:line:column: message``, the line counted in the file the
        reader saw (for inline content: in the document)."""
        line = exc.line
        if inline and line is not None:
            line += self.content_offset
            if type(self.state).__module__.startswith("myst_parser"):
                # MyST counts the content offset from the directive's own line
                line += self.lineno
        where = display
        if line is not None:
            where += f":{line}"
            if exc.column is not None:
                where += f":{exc.column}"
        message = f"{where}: {exc.message}"
        if exc.expected:
            message += f" (expected {exc.expected})"
        if exc.excerpt:
            message += "\n" + "\n".join("    " + x for x in exc.excerpt.splitlines())
        return message


def _typed_options(options: dict[str, Any]) -> dict[str, Any]:
    """The options read by the declarations of the renderers the directive uses (the
    first of svg, pdf, text that declares each), so that a bad value is reported where
    the directive is; raises :class:`argmap.OptionError`."""
    out = dict(options)
    for name in ("svg", "pdf", "text"):
        try:
            cls = type(argmap.get_renderer(name))
        except ArgmapError:
            continue
        if cls.Options is None:
            continue
        mine = {k: v for k, v in out.items() if k in cls.options}
        parsed = cls.parse_options(mine)
        for key in mine:
            value = getattr(parsed, key)
            out[key] = list(value) if isinstance(value, tuple) else value
    return out


def _known_options() -> set[str]:
    """Options some renderer the directive uses (svg, pdf, text) understands."""
    known = set(_SELECTION)
    for name in ("svg", "pdf", "text"):
        try:
            known |= set(type(argmap.get_renderer(name)).options)
        except ArgmapError:
            continue
    return known


def _relative(message: str, path: str | None, display: str) -> str:
    """``message`` naming the map file as the document names it, not by absolute path."""
    return message.replace(path, display) if path else message


def _default_alt(amap: argmap.ArgumentMap, root: str | None = None) -> str:
    mains = [amap.node(root)] if root else amap.main_claims()
    if mains:
        texts = [n.text if isinstance(n, argmap.Statement) else n.label for n in mains[:3]]
        return "; ".join(t for t in texts if t) or (amap.title or "argument map")
    return amap.title or "argument map"


# --------------------------------------------------------------------------- rendering


def _cache_dir(app: Sphinx) -> Path:
    configured = app.config.argmap_cache_dir
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else Path(app.confdir) / path
    return Path(app.doctreedir) / "argmap-cache"


def cache_key(node: argmap_diagram, to: str) -> str:
    """The content hash naming a rendering: map text, formats, options, argmap version,
    and the reader's and renderer's distribution and version (for an editable install,
    also a hash of the plugin's source, so that editing a plugin re-renders)."""
    payload = json.dumps(
        {
            "argmap": argmap.__version__,
            "text": node["text"],
            "format": node["format"],
            "to": to,
            "options": node["options"],
            "reader": fingerprint("reader", node["format"]),
            "renderer": fingerprint("renderer", to),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _split_options(
    renderer: Renderer, options: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(selection argmap applies itself, options passed to the renderer).

    A renderer gets the options it declares; selection options it does not declare are
    applied with :meth:`ArgumentMap.select`, presentation options it does not know
    (``direction`` for a text outline, say) do not apply to it.
    """
    declared = set(type(renderer).options)
    select: dict[str, Any] = {}
    passed: dict[str, Any] = {}
    for key, value in options.items():
        if key in declared:
            passed[key] = value
        elif key in _SELECTION:
            select[key] = value
        elif key == "evaluation":
            raise argmap.RenderError(
                f"the {type(renderer).name} renderer cannot show an evaluation"
            )
        # any other option is for another renderer (``direction`` means nothing to the
        # text outline); unknown options are caught when the directive is read
    return select, passed


def _reader_options(fmt: str, srcdir: str | os.PathLike[str]) -> dict[str, Any]:
    """What the directive tells the reader: Argdown's ``@include`` may read the whole
    source folder (and nothing outside it), whichever folder the map is in."""
    if "include_root" in type(argmap.get_reader(fmt)).options:
        return {"include_root": os.fspath(srcdir)}
    return {}


def _render(node: argmap_diagram, to: str) -> tuple[str | bytes, tuple[str, ...]]:
    """The rendering, and every file it was read from (never written over)."""
    amap = argmap.parse(
        node["text"], node["format"], path=node.get("file"), **node.get("reader_options", {})
    )
    renderer = argmap.get_renderer(to)
    select, passed = _split_options(renderer, node["options"])
    if select:
        show = select.pop("show_evidence", True)
        amap = amap.select(include_evidence=bool(show), **select)
    from .._guard import guarded

    with guarded("renderer", renderer):
        return renderer.render(amap, **passed), amap.input_paths


def _node_inputs(node: argmap_diagram) -> list[str]:
    return [node["file"]] if node.get("file") else []


def render_cached(app: Sphinx, node: argmap_diagram, to: str) -> tuple[str, str | bytes]:
    """``(key, output)`` of ``node`` rendered as ``to``, from the cache when it is there.

    Raises :class:`argmap.ArgmapError` when the map cannot be rendered.
    """
    key = cache_key(node, to)
    directory = _cache_dir(app)
    binary = to in ("pdf", "png")
    cached = directory / f"{key}.{to}"
    if cached.is_file():
        data = cached.read_bytes()
        return key, data if binary else data.decode("utf-8")
    try:
        output, inputs = _render(node, to)
    except ArgmapError:
        raise
    except Exception as exc:  # a bug in a reader or renderer: a warning, not a crash
        raise argmap.RenderError(
            f"internal error in the {to} renderer: {type(exc).__name__}: {exc}"
        ) from exc
    if binary and isinstance(output, str):
        output = output.encode("utf-8")
    directory.mkdir(parents=True, exist_ok=True)
    write_output(output, cached, inputs=inputs)
    return key, output


def _warn_render(node: argmap_diagram, exc: Exception) -> None:
    logger.warning(
        "%s: cannot draw the argument map: %s",
        node["path"],
        exc,
        location=node,
        type="argmap",
        subtype="render",
    )


#: Where the HTML builders write the interactive viewers, inside the output directory.
VIEWER_DIR = "_argmap"


def _viewer_link(self: Any, node: argmap_diagram) -> str | None:
    """Write the interactive viewer of ``node`` into the output (rendered once, cached
    like the SVG) and return its URI relative to the page being written; ``None`` when
    viewers are off (``argmap_viewer = False``), for epub, or when it cannot be drawn."""
    builder = self.builder
    if not builder.app.config.argmap_viewer or builder.name.startswith("epub"):
        return None
    try:
        key, page = render_cached(builder.app, node, "html")
    except ArgmapError as exc:
        _warn_render(node, exc)
        return None
    data = page.encode("utf-8") if isinstance(page, str) else page
    name = f"{VIEWER_DIR}/argmap-{key[:16]}.html"
    target = Path(builder.outdir) / name
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_output(data, target, inputs=_node_inputs(node))
    return relative_uri(builder.get_target_uri(builder.current_docname), name)


def _id_prefix(translator: Any, key: str) -> str:
    """``argmap-<key>-<n>-``: the n-th diagram the translator writes, so that the same map
    drawn twice on one page (or in ``singlehtml``) gets ids of its own each time."""
    seq = getattr(translator, "_argmap_seq", 0) + 1
    translator._argmap_seq = seq
    return f"argmap-{key[:8]}-{seq}-"


def html_visit_argmap(self: Any, node: argmap_diagram) -> None:
    try:
        key, svg = render_cached(self.builder.app, node, "svg")
    except ArgmapError as exc:
        _warn_render(node, exc)
        self.body.append(
            f'<div class="argmap argmap-error"><p>{html.escape(node["alt"])}</p></div>\n'
        )
        raise nodes.SkipNode from None
    assert isinstance(svg, str)
    viewer = _viewer_link(self, node)
    classes = [f"align-{node['align']}"] if "align" in node else []
    inline = node.get("interactive", False) and viewer is not None
    if inline:
        classes.append("argmap-interactive")
    if classes:
        self.body.append(self.starttag(node, "div", "", CLASS=" ".join(classes)))
    else:
        self.body.append(self.starttag(node, "div", ""))
    alt = html.escape(node["alt"], quote=True)
    if inline:
        # the viewer itself, in a frame (its own page, its own strict CSP); the frame may
        # run scripts and open source links, nothing else
        self.body.append(
            f'<iframe class="argmap-viewer" src="{html.escape(viewer or "", quote=True)}" '
            f'title="Interactive argument map: {alt}" loading="lazy" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>'
        )
    else:
        svg_html = inline_svg(svg, prefix=_id_prefix(self, key), alt=node["alt"])
        if viewer:
            svg_html = (
                f'<a class="argmap-zoom" href="{html.escape(viewer, quote=True)}" '
                f'title="Open the interactive viewer">{svg_html}</a>'
            )
        self.body.append(svg_html)
    if viewer:
        self.body.append(
            f'<p class="argmap-open"><a href="{html.escape(viewer, quote=True)}">'
            "Open the interactive viewer</a> (zoom, search, focus, sources)</p>"
        )
    self.body.append("</div>\n")
    raise nodes.SkipNode


def latex_visit_argmap(self: Any, node: argmap_diagram) -> None:
    builder = self.builder
    try:
        key, pdf = render_cached(builder.app, node, "pdf")
    except ArgmapError as exc:
        _warn_render(node, exc)
        self.body.append(f"\n\n\\emph{{{self.encode(node['alt'])}}}\n\n")
        raise nodes.SkipNode from None
    assert isinstance(pdf, bytes)
    name = f"argmap-{key[:16]}"
    target = Path(builder.outdir) / f"{name}.pdf"
    if not target.is_file() or target.read_bytes() != pdf:
        write_output(pdf, target, inputs=_node_inputs(node))
    include = f"\\sphinxincludegraphics{{{{{name}}}.pdf}}"
    if isinstance(node.parent, nodes.figure):
        self.body.append(f"\n{include}\n")
    else:
        env = {"left": "flushleft", "right": "flushright"}.get(node.get("align", ""), "center")
        self.body.append(f"\n\n\\begin{{{env}}}\n{include}\n\\end{{{env}}}\n\n")
    raise nodes.SkipNode


class ArgmapFallback(SphinxPostTransform):
    """Builders without inline SVG or PDF get the text outline as a literal block."""

    default_priority = 199

    def run(self, **kwargs: Any) -> None:
        builder: Builder = self.app.builder
        fmt = builder.format
        if fmt in _HTML_FORMATS or fmt == "latex":
            return
        for node in list(self.document.findall(argmap_diagram)):
            replacement: nodes.Element
            if not fmt:  # linkcheck, gettext, dummy: nothing is drawn
                replacement = nodes.paragraph("", node["alt"])
            else:
                try:
                    _, outline = render_cached(self.app, node, "text")
                except ArgmapError as exc:
                    _warn_render(node, exc)
                    replacement = nodes.paragraph("", node["alt"])
                else:
                    text = outline if isinstance(outline, str) else outline.decode("utf-8")
                    text = text.rstrip("\n")
                    replacement = nodes.literal_block(text, text, classes=list(node["classes"]))
            replacement["ids"] = list(node["ids"])
            replacement.source, replacement.line = node.source, node.line
            node.replace_self(replacement)


# --------------------------------------------------------------------------- setup


def _static_path(app: Sphinx) -> None:
    if app.builder.format in _HTML_FORMATS:
        static = app.config.html_static_path
        if str(_STATIC) not in static:
            static.append(str(_STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``argmap`` directive and its node with Sphinx."""
    app.add_config_value("argmap_cache_dir", None, "env", types=(str, type(None)))
    app.add_config_value("argmap_default_options", {}, "env", types=(dict,))
    app.add_config_value("argmap_viewer", True, "html", types=(bool,))
    app.add_node(
        argmap_diagram,
        html=(html_visit_argmap, None),
        latex=(latex_visit_argmap, None),
    )
    app.add_directive("argmap", ArgmapDirective)
    app.add_post_transform(ArgmapFallback)
    app.add_css_file("argmap.css")
    app.connect("builder-inited", _static_path)
    return {
        "version": argmap.__version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
