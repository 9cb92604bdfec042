"""Real plugin distributions for the tests: written to a temporary directory, built and
``pip install``ed (into a ``--target`` or, editable, a ``--prefix`` directory) exactly as
a stranger's plugin would be; the tests put that directory on ``sys.path``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

YAML_READER = '''
"""A YAML argument map reader: the worked example of docs/plugins.md."""

from typing import Literal

import attrs

from argmap import ArgumentMap, Relation, RelationKind
from argmap.plugin import Reader, load_yaml, option, relation_id, yaml_error


@attrs.frozen
class YamlMapOptions:
    default_kind: Literal["claim", "evidence"] = option(
        "claim", help="what a statement without a kind is"
    )
    min_claims: int = option(0, help="reject maps with fewer claims", min=0)


class YamlMapReader(Reader):
    """Argument maps written as YAML ({LABEL})."""

    name = "yamlmap"
    extensions = (".yml", ".yaml")
    media_type = "application/yaml"
    description = "YAML argument maps ({LABEL})"
    Options = YamlMapOptions

    def parse_map(self, text, options, *, path=None):
        doc = load_yaml(text, path)
        if not isinstance(doc, dict):
            raise yaml_error("expected a mapping", [], text=text, path=path)
        amap = ArgumentMap(doc.get("title"))
        claims = doc.get("claims") or {{}}
        for key, value in claims.items():
            if not isinstance(value, str):
                raise yaml_error("a claim is text", ["claims", key], text=text, path=path)
            amap.claim("{PREFIX}" + value, id=key)
        if len(claims) < options.min_claims:
            raise yaml_error(
                f"at least {{options.min_claims}} claims needed", ["claims"], text=text, path=path
            )
        for source, target in doc.get("attacks") or []:
            rid = relation_id(RelationKind.ATTACK, source, target)
            amap.add(Relation(id=rid, kind=RelationKind.ATTACK, source=source, target=target))
        return amap
'''

SHOUT_RENDERER = '''
"""A renderer with typed options."""

from typing import Literal

import attrs

from argmap.plugin import Renderer, option


@attrs.frozen
class ShoutOptions:
    width: int = option(40, help="cut lines at this many characters", min=10, max=200)
    case: Literal["upper", "lower"] = option("upper", help="which case to shout in")
    marks: bool = option(True, help="end each line with an exclamation mark")


class ShoutRenderer(Renderer):
    """Every statement shouted."""

    name = "shout"
    extensions = (".shout",)
    media_type = "text/x-shout"
    Options = ShoutOptions

    def render_map(self, amap, options):
        lines = []
        for s in amap.statements.values():
            text = s.text.upper() if options.case == "upper" else s.text.lower()
            lines.append(text[: options.width] + ("!" if options.marks else ""))
        return "\\n".join(lines) + "\\n"
'''

OLD_STYLE_RENDERER = '''
from argmap.plugin import Renderer


class EchoRenderer(Renderer):
    """API version 1: options arrive as they were given."""

    name = "echo"
    extensions = (".echo",)
    api_version = 1
    options = {"anything": "echoed back"}

    def render(self, amap, /, **options):
        return repr(sorted(options.items())) + "\\n"
'''

EXITING = """
import sys

sys.exit("argmap-exiter refuses to load")
"""


def write_project(
    root: Path, dist: str, module: str, source: str, entry_points: dict[str, dict[str, str]]
) -> Path:
    """A project directory (pyproject.toml + one module) for a plugin distribution."""
    project = root / dist
    package = project / "src" / module
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(source), "utf-8")
    eps = "".join(
        f'[project.entry-points."{group}"]\n'
        + "".join(f'{name} = "{value}"\n' for name, value in items.items())
        for group, items in entry_points.items()
    )
    (project / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "{dist}"
            version = "1.0.0"
            dependencies = ["argmap"]

            [tool.hatch.build.targets.wheel]
            packages = ["src/{module}"]
            """
        )
        + eps,
        "utf-8",
    )
    return project


def pip_install(
    projects: list[Path], *, target: Path | None = None, editable_prefix: Path | None = None
) -> Path:
    """``pip install`` the projects; returns the directory to put on ``sys.path``
    (for an editable install: the site directory whose ``.pth`` file points at the source)."""
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check"]
    if editable_prefix is not None:
        for project in projects:
            cmd += ["-e", str(project)]
        subprocess.run([*cmd, "--prefix", str(editable_prefix)], check=True)
        found = list(editable_prefix.glob("lib/python*/site-packages"))
        assert found, f"no site-packages under {editable_prefix}"
        return found[0]
    assert target is not None
    subprocess.run([*cmd, "--target", str(target), *map(str, projects)], check=True)
    return target


def yaml_reader(label: str, prefix: str = "") -> str:
    return (
        YAML_READER.replace("{LABEL}", label)
        .replace("{PREFIX}", prefix)
        .replace("{{", "{")
        .replace("}}", "}")
    )


def forget(*module_prefixes: str) -> None:
    """Forget the plugins: the registry's discoveries and choices, and their modules."""
    from argmap._registry import registry

    registry.refresh()
    registry._chosen.clear()
    for name in [m for m in sys.modules if m.startswith(module_prefixes)]:
        del sys.modules[name]
