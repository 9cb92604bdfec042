"""YAML parsing with located errors (the counterpart of :mod:`argmap._jsonloc`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import ArgmapSyntaxError

if TYPE_CHECKING:
    from ._jsonloc import JSONPath

__all__ = ["load_yaml", "yaml_error"]


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line(text: str, line: int) -> str | None:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None


def load_yaml(text: str, path: str | None) -> Any:
    """Parse ``text`` as YAML (safe types only: no Python objects are built).

    Malformed YAML raises :class:`~argmap.ArgmapSyntaxError` with line and column; an
    empty document is ``None``.
    """
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        if mark is None:
            raise ArgmapSyntaxError(f"malformed YAML: {problem}", path=path) from None
        raise ArgmapSyntaxError(
            f"malformed YAML: {problem}",
            path=path,
            line=mark.line + 1,
            column=mark.column + 1,
            source_line=_line(text, mark.line + 1),
        ) from None
    except yaml.YAMLError as exc:
        raise ArgmapSyntaxError(f"malformed YAML: {exc}", path=path) from None
    except RecursionError:
        raise ArgmapSyntaxError("YAML nested too deeply", path=path) from None


def _node_at(root: Any, parts: JSONPath) -> Any:
    import yaml

    node = root
    for part in parts:
        if node is None:
            return None
        if isinstance(part, int) and isinstance(node, yaml.SequenceNode):
            if not 0 <= part < len(node.value):
                return node
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    node = value
                    break
            else:  # a missing key: point at the mapping that lacks it
                return node
        else:
            return node
    return node


def yaml_error(
    message: str, parts: JSONPath, *, text: str | None, path: str | None
) -> ArgmapSyntaxError:
    """An :class:`~argmap.ArgmapSyntaxError` naming the path to a value (``$.claims[2].text``)
    and, when found in ``text``, its line and column."""
    import yaml

    from ._jsonloc import json_path  # not at start-up: it imports orjson

    line = column = None
    source_line = None
    if text is not None:
        try:
            node = _node_at(yaml.compose(text, Loader=_loader()), parts)
        except (yaml.YAMLError, RecursionError):
            node = None
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            source_line = _line(text, line)
    return ArgmapSyntaxError(
        f"{message} at {json_path(parts)}",
        path=path,
        line=line,
        column=column,
        source_line=source_line,
    )
