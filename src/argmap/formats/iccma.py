"""Readers for abstract argumentation frameworks in the ICCMA competition formats.

- ``iccma`` (``.af``): ICCMA 2023, a ``p af N`` header line, then one ``i j`` line per
  attack (``1 <= i, j <= N``); lines starting with ``#`` are comments. Arguments are
  named ``"1"`` .. ``"N"``.
- ``apx`` (``.apx``): ASPARTIX facts ``arg(a).`` and ``att(a,b).``; ``%`` starts a comment.
- ``tgf`` (``.tgf``): Trivial Graph Format, one argument name per line, a line ``#``,
  then one ``a b`` line per attack.

Each argument becomes a claim whose id (and text) is its name; each attack becomes an
``attack`` relation. A repeated attack is kept once. Malformed input raises
:class:`~argmap.ArgmapSyntaxError` with the line and column.
"""

from __future__ import annotations

import re

from .._errors import ArgmapSyntaxError
from .._model import ArgumentMap, Location, Relation, RelationKind, Statement, relation_id
from ..plugin import Reader

__all__ = ["ApxReader", "ICCMAReader", "TgfReader"]

_ATTACK = RelationKind.ATTACK
MAX_ARGUMENTS = 10_000_000
"""The largest ``p af N`` the ICCMA'23 reader accepts (a guard against a typo such as an
extra digit allocating billions of claims)."""


class _Builder:
    """Adds claims and attacks to a map quickly, with locations."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.amap = ArgumentMap(source_path=path)
        self.seen: set[tuple[str, str]] = set()

    def claim(self, name: str, line: int, column: int) -> None:
        self.amap.add(Statement(id=name, text=name, location=Location(self.path, line, column)))

    def attack(self, a: str, b: str, line: int, column: int) -> None:
        if (a, b) in self.seen:
            return
        self.seen.add((a, b))
        self.amap.add(
            Relation(
                id=relation_id(_ATTACK, a, b),
                kind=_ATTACK,
                source=a,
                target=b,
                location=Location(self.path, line, column),
            )
        )


def _error(
    message: str, path: str | None, lineno: int, column: int, line: str, expected: str | None = None
) -> ArgmapSyntaxError:
    return ArgmapSyntaxError(
        message, path=path, line=lineno, column=column, source_line=line, expected=expected
    )


class ICCMAReader(Reader):
    """ICCMA 2023 abstract argumentation frameworks (``p af N``)."""

    name = "iccma"
    aliases = ("iccma23", "af")
    extensions = (".af",)
    media_type = "text/x-iccma-af"
    description = "ICCMA 2023 argumentation framework ('p af N', numeric attacks)"

    def parse_map(self, text: str, options: None, *, path: str | None = None) -> ArgumentMap:
        build = _Builder(path)
        n: int | None = None
        for lineno, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            column = len(line) - len(line.lstrip()) + 1
            fields = stripped.split()
            if n is None:
                if len(fields) != 3 or fields[0] != "p" or fields[1] != "af":
                    raise _error("missing header", path, lineno, column, line, "'p af N'")
                if not fields[2].isdigit() or not fields[2].isascii():
                    raise _error(
                        f"bad number of arguments {fields[2]!r}",
                        path,
                        lineno,
                        column + line.lstrip().rfind(fields[2]),
                        line,
                        "a non-negative integer",
                    )
                n = int(fields[2])
                if n > MAX_ARGUMENTS:
                    raise _error(
                        f"{n} arguments is more than this reader accepts ({MAX_ARGUMENTS})",
                        path,
                        lineno,
                        column + line.lstrip().rfind(fields[2]),
                        line,
                    )
                for i in range(1, n + 1):
                    build.claim(str(i), lineno, column)
                continue
            if len(fields) != 2:
                raise _error(
                    "an attack line has two argument numbers", path, lineno, column, line, "'i j'"
                )
            pos = column
            names = []
            for field in fields:
                pos = line.index(field, pos - 1) + 1
                if not (field.isascii() and field.isdigit()) or not 1 <= int(field) <= n:
                    raise _error(
                        f"{field!r} is not an argument",
                        path,
                        lineno,
                        pos,
                        line,
                        f"an integer from 1 to {n}",
                    )
                names.append(str(int(field)))
                pos += len(field)
            build.attack(names[0], names[1], lineno, column)
        if n is None:
            lines = text.splitlines()
            raise _error(
                "empty input: no 'p af N' header",
                path,
                max(len(lines), 1),
                1,
                lines[-1] if lines else "",
                "'p af N'",
            )
        return build.amap

    def sniff(self, text: str) -> float:
        for line in text[:4096].splitlines():
            s = line.strip()
            if s and not s.startswith("#"):
                return 1.0 if re.fullmatch(r"p\s+af\s+\d+", s) else 0.0
        return 0.0


_APX_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<comment>%[^\n]*)
      | (?P<arg>arg\s*\(\s*(?P<a>[^\s(),.%]+)\s*\)\s*\.)
      | (?P<att>att\s*\(\s*(?P<s>[^\s(),.%]+)\s*,\s*(?P<t>[^\s(),.%]+)\s*\)\s*\.)
    """,
    re.VERBOSE,
)


class ApxReader(Reader):
    """ASPARTIX argumentation frameworks (``arg(a).`` / ``att(a,b).``)."""

    name = "apx"
    aliases = ("aspartix",)
    extensions = (".apx",)
    media_type = "text/x-aspartix"
    description = "ASPARTIX argumentation framework (arg(a). att(a,b).)"

    def parse_map(self, text: str, options: None, *, path: str | None = None) -> ArgumentMap:
        build = _Builder(path)
        attacks: list[tuple[str, str, int, int, int]] = []
        pos, end = 0, len(text)
        lineno, line_start = 1, 0
        match = _APX_TOKEN.match
        while pos < end:
            m = match(text, pos)
            if m is None:
                line_end = text.find("\n", pos)
                line = text[line_start : line_end if line_end >= 0 else end]
                raise _error(
                    "not an ASPARTIX fact",
                    path,
                    lineno,
                    pos - line_start + 1,
                    line,
                    "'arg(name).' or 'att(name,name).'",
                )
            column = pos - line_start + 1
            if m.group("arg") is not None:
                name = m.group("a")
                if name in build.amap:
                    line = self._line(text, line_start)
                    raise _error(f"argument {name!r} is declared twice", path, lineno, column, line)
                build.claim(name, lineno, column)
            elif m.group("att") is not None:
                attacks.append((m.group("s"), m.group("t"), lineno, column, line_start))
            newlines = text.count("\n", pos, m.end())
            if newlines:
                lineno += newlines
                line_start = text.rfind("\n", pos, m.end()) + 1
            pos = m.end()
        statements = build.amap.statements
        for s, t, ln, col, start in attacks:
            for name in (s, t):
                if name not in statements:
                    line = self._line(text, start)
                    raise _error(
                        f"attack names undeclared argument {name!r}",
                        path,
                        ln,
                        col,
                        line,
                        f"an earlier or later 'arg({name}).'",
                    )
            build.attack(s, t, ln, col)
        return build.amap

    @staticmethod
    def _line(text: str, start: int) -> str:
        stop = text.find("\n", start)
        return text[start : stop if stop >= 0 else len(text)]

    def sniff(self, text: str) -> float:
        head = text[:4096].lstrip()
        return 0.9 if re.match(r"(arg|att)\s*\(", head) else 0.0


class TgfReader(Reader):
    """Trivial Graph Format argumentation frameworks (names, ``#``, attacks)."""

    name = "tgf"
    aliases = ()
    extensions = (".tgf",)
    media_type = "text/x-tgf"
    description = "Trivial Graph Format argumentation framework (names, '#', attacks)"

    def parse_map(self, text: str, options: None, *, path: str | None = None) -> ArgumentMap:
        build = _Builder(path)
        statements = build.amap.statements
        in_edges = False
        for lineno, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if not stripped:
                continue
            column = len(line) - len(line.lstrip()) + 1
            if stripped == "#":
                if in_edges:
                    raise _error("a second '#' separator", path, lineno, column, line)
                in_edges = True
                continue
            fields = stripped.split()
            if not in_edges:
                name = fields[0]
                if name in statements:
                    raise _error(f"argument {name!r} is declared twice", path, lineno, column, line)
                build.claim(name, lineno, column)
                if len(fields) > 1:  # a TGF node label
                    label = stripped[len(name) :].strip()
                    build.amap.replace(
                        Statement(id=name, text=label, location=Location(path, lineno, column))
                    )
                continue
            if len(fields) < 2:
                raise _error(
                    "an attack line names two arguments",
                    path,
                    lineno,
                    column,
                    line,
                    "'attacker attacked'",
                )
            pos = column
            for field in fields[:2]:
                pos = line.index(field, pos - 1) + 1
                if field not in statements:
                    raise _error(
                        f"attack names undeclared argument {field!r}",
                        path,
                        lineno,
                        pos,
                        line,
                        "a name listed before '#'",
                    )
                pos += len(field)
            build.attack(fields[0], fields[1], lineno, column)
        return build.amap
