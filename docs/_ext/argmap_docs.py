"""Helpers for argmap's own documentation, so that what the pages show stays true.

``.. argmap-cli-help:: [COMMAND]``
    the ``--help`` text of the argmap command, from ``argmap.cli.build_parser()``;
``.. argmap-outline:: PATH``
    the text outline ``argmap render PATH -o - --to text`` prints, rendered at build time;
``.. argmap-diff:: OLD NEW``
    the text report ``argmap diff OLD NEW`` prints and, with ``:draw:``, the highlighted
    diagram (``:root:``/``:depth:``/``:direction:`` as the renderer's options), made at build time.
``.. argmap-options:: KIND NAME``
    the table of the options the ``KIND`` (``reader``/``renderer``) ``NAME`` declares, from
    its declaration (the same one ``argmap plugins NAME`` shows and that checks values).
"""

from __future__ import annotations

import argparse
import os
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


def _help(parser: argparse.ArgumentParser, command: str | None) -> str:
    if command is None:
        return parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command].format_help()
    raise ValueError(f"argmap has no command {command!r}")


class CliHelp(SphinxDirective):
    required_arguments = 0
    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        from argmap.cli import build_parser

        saved = {k: os.environ.get(k) for k in ("COLUMNS", "NO_COLOR")}
        os.environ["COLUMNS"] = "90"
        os.environ["NO_COLOR"] = "1"
        try:
            text = _help(build_parser(), self.arguments[0] if self.arguments else None)
        except ValueError as exc:
            raise self.error(str(exc)) from None
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        block = nodes.literal_block(text, text, language="text")
        self.set_source_info(block)
        return [block]


class Outline(SphinxDirective):
    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        import argmap

        rel, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(rel)
        try:
            text = argmap.render(argmap.read(path), "text")
        except argmap.ArgmapError as exc:
            raise self.error(f"argmap-outline: {exc}") from None
        assert isinstance(text, str)
        block = nodes.literal_block(text, text, language="text")
        self.set_source_info(block)
        return [block]


class Diff(SphinxDirective):
    required_arguments = 2
    option_spec: ClassVar[dict[str, Any]] = {
        "draw": lambda x: True,
        "root": str,
        "depth": int,
        "direction": str,
        "alt": str,
    }

    def run(self) -> list[nodes.Node]:
        import argmap
        from argmap._inline_svg import inline_svg

        paths = []
        for arg in self.arguments:
            rel, path = self.env.relfn2path(arg)
            self.env.note_dependency(rel)
            paths.append(path)
        names = [os.path.basename(a) for a in self.arguments]
        try:
            old, new = (argmap.read(p) for p in paths)
            d = argmap.diff(old, new)
            text = d.to_text(old_name=names[0], new_name=names[1])
            out: list[nodes.Node] = [nodes.literal_block(text, text, language="text")]
            if "draw" in self.options:
                opts = {
                    k: self.options[k] for k in ("root", "depth", "direction") if k in self.options
                }
                svg = d.draw(new, "svg", old_name=names[0], new_name=names[1], **opts)
                alt = self.options.get("alt", f"{names[1]} with the changes since {names[0]}")
                html = inline_svg(str(svg), prefix=f"diff{self.env.new_serialno('diff')}-", alt=alt)
                html = html.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
                out.append(nodes.raw("", f'<div class="argmap-diff">{html}</div>', format="html"))
        except argmap.ArgmapError as exc:
            raise self.error(f"argmap-diff: {exc}") from None
        for node in out:
            self.set_source_info(node)
        return out


def _default(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "(empty)"
    return str(value)


class Options(SphinxDirective):
    required_arguments = 2
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        import argmap
        from argmap._registry import registry

        kind, name = self.arguments
        try:
            cls = registry.get(kind, name)  # type: ignore[arg-type]
        except argmap.ArgmapError as exc:
            raise self.error(f"argmap-options: {exc}") from None
        specs = cls.option_specs()
        if not specs:
            para = nodes.paragraph("", f"The {name} {kind} takes no options.")
            return [para]
        table = nodes.table(classes=["argmap-options"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (18, 28, 14, 40):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        body = nodes.tbody()
        group += body

        def row(cells: list[nodes.Node], into: nodes.Element) -> None:
            tr = nodes.row()
            for cell in cells:
                entry = nodes.entry()
                entry += cell
                tr += entry
            into += tr

        row([nodes.paragraph("", t) for t in ("option", "allowed", "default", "meaning")], head)
        for spec in specs:
            row(
                [
                    nodes.paragraph("", "", nodes.literal(spec.name, spec.name)),
                    nodes.paragraph("", spec.allowed),
                    nodes.paragraph("", "", nodes.literal("", _default(spec.default))),
                    nodes.paragraph("", spec.help),
                ],
                body,
            )
        self.set_source_info(table)
        return [table]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("argmap-options", Options)
    app.add_directive("argmap-cli-help", CliHelp)
    app.add_directive("argmap-outline", Outline)
    app.add_directive("argmap-diff", Diff)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
