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

Limits (options of each reader, :class:`ICCMAOptions`): the input's size, the number of
arguments (for ICCMA'23, the declared ``N`` is checked before any claim is made) and the
number of attack lines. Past one, reading stops with a located error that names the
option to raise.
"""

from __future__ import annotations

import re

import attrs

from .._errors import ArgmapSyntaxError
from .._gc import gc_paused
from .._model import (
    ArgumentMap,
    Location,
    Relation,
    RelationKind,
    Statement,
    StatementKind,
    _trusted_statement,
)
from ..plugin import Reader, option

__all__ = ["ApxReader", "ICCMAOptions", "ICCMAReader", "TgfReader"]

_ATTACK = RelationKind.ATTACK
MAX_ARGUMENTS = 500_000
"""The default of :attr:`ICCMAOptions.max_arguments`."""
MAX_ATTACKS = 5_000_000
"""The default of :attr:`ICCMAOptions.max_attacks`."""
MAX_BYTES = 256 * 2**20
"""The default of :attr:`ICCMAOptions.max_bytes` (256 MiB)."""


@attrs.frozen
class ICCMAOptions:
    """Limits of the ICCMA, ASPARTIX and TGF readers (each a guard against an input that
    would take minutes and gigabytes: ``p af 9999999`` is 13 bytes)."""

    max_arguments: int = option(
        MAX_ARGUMENTS,
        help="the most arguments accepted (ICCMA'23: checked against 'p af N' "
        "before any is made)",
        min=0,
    )
    max_attacks: int = option(MAX_ATTACKS, help="the most attack lines accepted", min=0)
    max_bytes: int = option(
        MAX_BYTES, help="the largest input accepted, in characters of text", min=0
    )


def _check_size(text: str, options: ICCMAOptions | None, path: str | None) -> ICCMAOptions:
    opts = options if isinstance(options, ICCMAOptions) else ICCMAOptions()
    if len(text) > opts.max_bytes:
        raise ArgmapSyntaxError(
            f"the input is {len(text):,} characters, more than this reader accepts "
            f"({opts.max_bytes:,}; raise the max_bytes option to read it)",
            path=path,
            line=1,
            column=1,
        )
    return opts


class _Builder:
    """Collects claims and attacks, with locations, and adds them to a map in bulk."""

    def __init__(self, path: str | None, opts: ICCMAOptions) -> None:
        self.path = path
        self.opts = opts
        self.amap = ArgumentMap(source_path=path)
        self.statements: dict[str, Statement] = {}
        self.relations: dict[str, Relation] = {}
        self.n_attacks = 0

    def claim(self, name: str, line: int, column: int) -> None:
        self.statements[name] = Statement(
            id=name, text=name, location=Location(self.path, line, column)
        )

    def attack(self, a: str, b: str, line: int, column: int) -> None:
        rid = f"{a} -attack-> {b}"  # relation_id(_ATTACK, a, b), inlined: millions of calls
        if rid in self.relations:
            return
        loc = Location(self.path, line, column)
        self.relations[rid] = Relation(rid, _ATTACK, a, b, location=loc)

    def too_many_attacks(self, line: int, column: int, text: str) -> ArgmapSyntaxError:
        return _error(
            f"more than {self.opts.max_attacks:,} attacks, more than this reader accepts "
            "(raise the max_attacks option to read it)",
            self.path,
            line,
            column,
            text,
        )

    def too_many_arguments(self, line: int, column: int, text: str) -> ArgmapSyntaxError:
        return _error(
            f"more than {self.opts.max_arguments:,} arguments, more than this reader accepts "
            "(raise the max_arguments option to read it)",
            self.path,
            line,
            column,
            text,
        )

    def finish(self) -> ArgumentMap:
        amap = self.amap
        amap.add_all(self.statements.values())
        amap.add_all(self.relations.values())
        return amap


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
    Options = ICCMAOptions

    def parse_map(
        self, text: str, options: ICCMAOptions | None, *, path: str | None = None
    ) -> ArgumentMap:
        opts = _check_size(text, options, path)
        build = _Builder(path, opts)
        with gc_paused():
            return self._parse(text, build, opts, path)

    def _parse(
        self, text: str, build: _Builder, opts: ICCMAOptions, path: str | None
    ) -> ArgumentMap:
        n: int | None = None
        names: dict[str, str] = {}  # "1" .. "N", each to itself: the common spelling
        max_attacks = opts.max_attacks
        attack = build.attack
        relations = build.relations
        lines = text.splitlines()
        for lineno, line in enumerate(lines, 1):
            fields = line.split()
            if n is not None and len(fields) == 2:  # the common case, checked at once
                a, b = fields
                if a in names and b in names:
                    if len(relations) >= max_attacks:
                        raise build.too_many_attacks(lineno, 1, line)
                    attack(a, b, lineno, len(line) - len(line.lstrip()) + 1)
                    continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            column = len(line) - len(line.lstrip()) + 1
            if n is None:
                if len(fields) != 3 or fields[0] != "p" or fields[1] != "af":
                    raise _error("missing header", path, lineno, column, line, "'p af N'")
                where = column + line.lstrip().rfind(fields[2])
                if not fields[2].isdigit() or not fields[2].isascii():
                    raise _error(
                        f"bad number of arguments {fields[2]!r}",
                        path,
                        lineno,
                        where,
                        line,
                        "a non-negative integer",
                    )
                if len(fields[2].lstrip("0")) > len(str(opts.max_arguments)) or (
                    int(fields[2]) > opts.max_arguments
                ):  # checked before any claim is made (and before a huge int is)
                    raise _error(
                        f"{fields[2].lstrip('0')} arguments is more than this reader accepts "
                        f"({opts.max_arguments:,}; raise the max_arguments option to read it)",
                        path,
                        lineno,
                        where,
                        line,
                    )
                n = int(fields[2])
                loc = Location(path, lineno, column)  # one for every claim: the header's
                statements = build.statements
                claim = StatementKind.CLAIM
                for i in range(1, n + 1):  # the reader guarantees the fields' types
                    name = str(i)
                    names[name] = name
                    statements[name] = _trusted_statement(
                        name, name, claim, None, (), (), None, {}, loc
                    )
                continue
            if len(fields) != 2:
                raise _error(
                    "an attack line has two argument numbers", path, lineno, column, line, "'i j'"
                )
            pos = column
            found = []
            for field in fields:
                pos = line.index(field, pos - 1) + 1
                if (
                    not (field.isascii() and field.isdigit())
                    or len(field.lstrip("0")) > len(str(n))
                    or not 1 <= int(field) <= n
                ):
                    raise _error(
                        f"{field!r} is not an argument",
                        path,
                        lineno,
                        pos,
                        line,
                        f"an integer from 1 to {n}",
                    )
                found.append(str(int(field)))
                pos += len(field)
            if len(relations) >= max_attacks:
                raise build.too_many_attacks(lineno, column, line)
            attack(found[0], found[1], lineno, column)
        if n is None:
            raise _error(
                "empty input: no 'p af N' header",
                path,
                max(len(lines), 1),
                1,
                lines[-1] if lines else "",
                "'p af N'",
            )
        return build.finish()

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
_APX_LINE = re.compile(
    r"""\s*(?:
        (?P<arg>arg\s*\(\s*(?P<a>[^\s(),.%]+)\s*\)\s*\.)
      | (?P<att>att\s*\(\s*(?P<s>[^\s(),.%]+)\s*,\s*(?P<t>[^\s(),.%]+)\s*\)\s*\.)
      )\s*(?:%.*)?""",
    re.VERBOSE,
)
"""One fact on a line (with blanks and a comment around it): the common layout, read a
line at a time; anything else is read by the general tokenizer."""


_Fact = tuple[str, int, int, int]
"""An ``arg`` fact: name, line, column, where its line starts."""
_Attack = tuple[str, str, int, int, int]
"""An ``att`` fact: source, target, line, column, where its line starts."""


class ApxReader(Reader):
    """ASPARTIX argumentation frameworks (``arg(a).`` / ``att(a,b).``)."""

    name = "apx"
    aliases = ("aspartix",)
    extensions = (".apx",)
    media_type = "text/x-aspartix"
    description = "ASPARTIX argumentation framework (arg(a). att(a,b).)"
    Options = ICCMAOptions

    def parse_map(
        self, text: str, options: ICCMAOptions | None, *, path: str | None = None
    ) -> ArgumentMap:
        opts = _check_size(text, options, path)
        with gc_paused():
            facts = self._facts_by_line(text, opts, path)
            if facts is None:
                facts = self._facts(text, opts, path)
            build = _Builder(path, opts)
            args, attacks = facts
            claim = build.claim
            statements = build.statements
            for name, ln, col, start in args:
                if name in statements:
                    line = self._line(text, start)
                    raise _error(f"argument {name!r} is declared twice", path, ln, col, line)
                claim(name, ln, col)
            attack = build.attack
            for s, t, ln, col, start in attacks:
                if s not in statements or t not in statements:
                    name = s if s not in statements else t
                    line = self._line(text, start)
                    raise _error(
                        f"attack names undeclared argument {name!r}",
                        path,
                        ln,
                        col,
                        line,
                        f"an earlier or later 'arg({name}).'",
                    )
                attack(s, t, ln, col)
            return build.finish()

    def _facts_by_line(
        self, text: str, opts: ICCMAOptions, path: str | None
    ) -> tuple[list[_Fact], list[_Attack]] | None:
        """Every fact, when each line holds at most one (else ``None``): ``(name, line,
        column, line start)`` and ``(source, target, line, column, line start)``."""
        args: list[_Fact] = []
        attacks: list[_Attack] = []
        fullmatch = _APX_LINE.fullmatch
        start = 0
        max_args, max_attacks = opts.max_arguments, opts.max_attacks
        for lineno, line in enumerate(text.split("\n"), 1):
            m = fullmatch(line)
            if m is not None:
                t = m.group("t")
                if t is not None:
                    if len(attacks) >= max_attacks:
                        column = m.start("att") + 1
                        raise _Builder(path, opts).too_many_attacks(lineno, column, line)
                    attacks.append((m.group("s"), t, lineno, m.start("att") + 1, start))
                else:
                    if len(args) >= max_args:
                        raise _Builder(path, opts).too_many_arguments(
                            lineno, m.start("arg") + 1, line
                        )
                    args.append((m.group("a"), lineno, m.start("arg") + 1, start))
            elif line and not line.isspace() and not line.lstrip().startswith("%"):
                return None
            start += len(line) + 1
        return args, attacks

    def _facts(
        self, text: str, opts: ICCMAOptions, path: str | None
    ) -> tuple[list[_Fact], list[_Attack]]:
        """Every fact, by the general tokenizer (facts across lines, several a line)."""
        args: list[_Fact] = []
        attacks: list[_Attack] = []
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
                if len(args) >= opts.max_arguments:
                    line = self._line(text, line_start)
                    raise _Builder(path, opts).too_many_arguments(lineno, column, line)
                args.append((m.group("a"), lineno, column, line_start))
            elif m.group("att") is not None:
                if len(attacks) >= opts.max_attacks:
                    line = self._line(text, line_start)
                    raise _Builder(path, opts).too_many_attacks(lineno, column, line)
                attacks.append((m.group("s"), m.group("t"), lineno, column, line_start))
            newlines = text.count("\n", pos, m.end())
            if newlines:
                lineno += newlines
                line_start = text.rfind("\n", pos, m.end()) + 1
            pos = m.end()
        return args, attacks

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
    Options = ICCMAOptions

    def parse_map(
        self, text: str, options: ICCMAOptions | None, *, path: str | None = None
    ) -> ArgumentMap:
        opts = _check_size(text, options, path)
        build = _Builder(path, opts)
        with gc_paused():
            return self._parse(text, build, opts, path)

    def _parse(
        self, text: str, build: _Builder, opts: ICCMAOptions, path: str | None
    ) -> ArgumentMap:
        statements = build.statements
        relations = build.relations
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
                if len(statements) >= opts.max_arguments:
                    raise build.too_many_arguments(lineno, column, line)
                build.claim(name, lineno, column)
                if len(fields) > 1:  # a TGF node label
                    label = stripped[len(name) :].strip()
                    statements[name] = Statement(
                        id=name, text=label, location=Location(path, lineno, column)
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
            a, b = fields[0], fields[1]
            if a not in statements or b not in statements:
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
            if len(relations) >= opts.max_attacks:
                raise build.too_many_attacks(lineno, column, line)
            build.attack(a, b, lineno, column)
        return build.finish()
