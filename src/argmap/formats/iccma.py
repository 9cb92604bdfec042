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

Each reader has two paths that give the same map. The fast one checks the whole text
against one compiled pattern of the common layout (one fact or attack a line, at the
start of the line; blank and comment lines) and then cuts it into names with string
methods and builds the elements a column at a time (no Python call per attack: a
million attacks are read in about a second). Anything else — other spacing, several
facts a line, TGF labels, a limit passed, an unknown or repeated argument — is read by
the slow path, line by line, which alone raises the located errors. (The ``.apx``
layout of numbered names, ``a0``, ``a1``, ..., is proved by counts instead of a pattern:
see :func:`_numbers`.)
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import compress, count, repeat
from operator import add, mul, sub

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
    _trusted_many,
)
from ..plugin import Reader, option

__all__ = ["ApxReader", "ICCMAOptions", "ICCMAReader", "TgfReader"]

_ATTACK = RelationKind.ATTACK
_CLAIM = StatementKind.CLAIM
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
        return _finish(self.path, self.statements, self.relations)


def _error(
    message: str, path: str | None, lineno: int, column: int, line: str, expected: str | None = None
) -> ArgmapSyntaxError:
    return ArgmapSyntaxError(
        message, path=path, line=lineno, column=column, source_line=line, expected=expected
    )


# ---------------------------------------------------------------- the fast path
_ONCE = "*+" if sys.version_info >= (3, 11) else "*"  # possessive: no backtracking stack


def _locations(path: str | None, lines: list[int]) -> list[Location]:
    """A location at column 1 of each of ``lines`` (the fast path's layout)."""
    return _trusted_many(Location, len(lines), repeat(path), lines, repeat(1))


def _claims(names: list[str], locations: Iterable[Location]) -> dict[str, Statement]:
    """A claim for each name (its id and text), by name; fewer entries than ``names``
    when a name repeats."""
    made = _trusted_many(
        Statement, len(names), names, names, repeat(_CLAIM), repeat(None), repeat(()),
        repeat(()), repeat(None), iter(dict, None), locations,
    )
    return dict(zip(names, made, strict=True))


def _repeats(keys: list[int]) -> list[int]:
    """The positions, ascending, of the keys that stand earlier in ``keys`` (a repeated
    attack, as the integer ``source * n + target`` or any other one-to-one key).

    One C-level pass when none repeats: a set is filled a slice at a time, and only a
    slice that adds fewer keys than it holds can hold a repeat. Only the keys of such
    slices are looked for again (one more C-level pass), and only where they stand is
    there a Python step: a few repeats in a million attacks cost a few thousand steps,
    not a dict of every attack."""
    seen: set[int] = set()
    suspects: list[int] = []
    size = len(seen)
    for start in range(0, len(keys), _SLICE):
        part = keys[start : start + _SLICE]
        seen.update(part)
        grown = len(seen)
        if grown - size != len(part):
            suspects += part
        size = grown
    if not suspects:
        return []
    wanted = set(suspects).__contains__
    first: set[int] = set()
    found = []
    for at in compress(range(len(keys)), map(wanted, keys)):
        key = keys[at]
        if key in first:
            found.append(at)
        else:
            first.add(key)
    return found


_SLICE = 4096
"""Keys added to the set at once by :func:`_repeats`."""


def _without(column: Sequence[int], drop: list[int]) -> array[int]:
    """``column`` without the items at the positions ``drop`` (ascending)."""
    kept = array("i", column)
    if len(drop) <= 64:  # a few: deleted where they stand
        for at in reversed(drop):
            del kept[at]
        return kept
    mask = bytearray(b"\x01") * len(kept)
    deque(map(mask.__setitem__, drop, repeat(0)), maxlen=0)
    return array("i", compress(kept, mask))


def _fast_map(
    path: str | None,
    statements: dict[str, Statement],
    sources: Sequence[int],
    targets: Sequence[int],
    lines: Iterable[int],
    keys: list[int] | None = None,
) -> ArgumentMap:
    """The map of ``statements`` (by name, in order) and an attack from the
    ``sources[k]``-th to the ``targets[k]``-th of them on line ``lines[k]``, kept as
    columns (see :meth:`ArgumentMap._add_columns`: no object an attack until someone
    looks). A repeated attack is kept once, where it first stands. ``keys``: one
    integer an attack, equal for equal attacks (else ``source * n + target``)."""
    where: Sequence[int] = lines if isinstance(lines, range) else array("i", lines)
    if keys is None:
        keys = list(map(add, map(mul, sources, repeat(len(statements))), targets))
    drop = _repeats(keys)
    del keys
    if drop:
        sources = _without(sources, drop)
        targets = _without(targets, drop)
        where = _without(where, drop)
    amap = ArgumentMap(source_path=path)
    amap._add_trusted(statements, {}, [], [])
    amap._add_columns(list(statements), _ATTACK, sources, targets, path=path, lines=where)
    return amap


def _indexes(
    names: list[str], sources: list[str], targets: list[str]
) -> tuple[list[int], list[int]] | None:
    """Each of ``sources`` and ``targets`` as its position in ``names``; ``None`` when
    one is not there (undeclared: the slow path says where)."""
    at = dict(zip(names, range(len(names)), strict=True)).__getitem__
    try:
        return list(map(at, sources)), list(map(at, targets))
    except KeyError:
        return None


def _finish(
    path: str | None, statements: dict[str, Statement], relations: dict[str, Relation]
) -> ArgumentMap:
    amap = ArgumentMap(source_path=path)
    amap.add_all(statements.values())
    amap.add_all(relations.values())
    return amap


def _lf(text: str) -> str:
    """``\\r\\n`` as ``\\n``: the line numbers and columns stay (a lone ``\\r`` stays and
    sends the text to the slow path)."""
    return text.replace("\r\n", "\n") if "\r" in text else text


_NO_BREAK = r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]"
"""A character that does not end a line for ``str.splitlines``."""
_AF_LINE = rf"(?:[1-9][0-9]*[ \t]+[1-9][0-9]*|#{_NO_BREAK}*)?[ \t]*"
_AF_FAST = re.compile(
    rf"(?:(?:#{_NO_BREAK}*)?\n){_ONCE}p[ \t]+af[ \t]+(?P<n>[0-9]+)[ \t]*"
    rf"(?P<body>(?:\n{_AF_LINE}){_ONCE})"
)
"""ICCMA'23 in the common layout: comments, the header, then ``i j`` lines (numbers
without leading zeros), comments and blank lines, each at the start of its line."""


def _columns(line: str, fields: list[str], column: int) -> list[int]:
    """Where each of ``fields`` (the line's first fields, in order) starts in ``line``,
    searching from ``column`` (1-based)."""
    found = []
    pos = column
    for field in fields:
        pos = line.index(field, pos - 1) + 1
        found.append(pos)
        pos += len(field)
    return found


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
        with gc_paused():
            amap = self._fast(text, opts, path)
            return self._slow(text, opts, path) if amap is None else amap

    def _fast(self, text: str, opts: ICCMAOptions, path: str | None) -> ArgumentMap | None:
        """The map when ``text`` has the common layout, else ``None`` (see the module)."""
        text = _lf(text)
        m = _AF_FAST.fullmatch(text)
        if m is None:
            return None
        digits = m.group("n").lstrip("0")
        if len(digits) > len(str(opts.max_arguments)) or int(digits or 0) > opts.max_arguments:
            return None
        header = text.count("\n", 0, m.start("n")) + 1
        statements = self._claims(int(digits or 0), Location(path, header, 1))
        lines = m.group("body").split("\n")[1:]  # each after a "\n": line header + 1, ...
        is_attack = list(map("0".__lt__, lines))  # not blank, not a comment: "i j"
        facts = list(compress(lines, is_attack))
        if len(facts) > opts.max_attacks:
            return None
        joined = "\n".join(facts)
        fields = joined.split()
        claim = list(range(-1, len(statements))).__getitem__  # "i": the (i-1)-th claim
        try:  # integer names: parsed, not looked up
            sources = list(map(claim, map(int, fields[0::2])))
            targets = list(map(claim, map(int, fields[1::2])))
        except IndexError:  # past N: the slow path says where
            return None
        numbers = compress(count(header + 1), is_attack)
        return _fast_map(path, statements, sources, targets, numbers)

    @staticmethod
    def _claims(n: int, loc: Location) -> dict[str, Statement]:
        """The claims ``"1"`` .. ``"n"``, all at the header's location."""
        return _claims(list(map(str, range(1, n + 1))), repeat(loc))

    def _slow(self, text: str, opts: ICCMAOptions, path: str | None) -> ArgumentMap:
        build = _Builder(path, opts)
        n: int | None = None
        statements = build.statements
        relations = build.relations
        lines = text.splitlines()
        for lineno, line in enumerate(lines, 1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            fields = line.split()
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
                statements.update(self._claims(n, Location(path, lineno, column)))
                continue
            if len(fields) != 2:
                raise _error(
                    "an attack line has two argument numbers", path, lineno, column, line, "'i j'"
                )
            found = []
            for field, pos in zip(fields, _columns(line, fields, column), strict=True):
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
            if len(relations) >= opts.max_attacks:
                raise build.too_many_attacks(lineno, column, line)
            build.attack(found[0], found[1], lineno, column)
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


_APX_NAME = r"[^\s(),.%]+"
_APX_FACT = rf"(?:arg\({_APX_NAME}\)|att\({_APX_NAME},{_APX_NAME}\))\.|%[^\n]*"
_APX_FAST = re.compile(rf"(?:(?:{_APX_FACT})?\n){_ONCE}(?:{_APX_FACT})?")
"""ASPARTIX in the common layout: one fact a line, at its start, without blanks; blank
and comment lines."""
_APX_PUNCT = str.maketrans("(),.", "    ")


_DIGITS = "0123456789"
_DIGIT_BYTES = _DIGITS.encode()
_LINE_ENDS = bytes.maketrans(b"\n", b",")
_PREFIX = re.compile(r"[^\s(),.%]*")
"""What a name's prefix may hold (the characters of :data:`_APX_NAME`)."""
try:  # orjson comes with argmap (and parses a list of a million numbers in half the time)
    from orjson import loads as _loads
except ImportError:  # pragma: no cover
    from json import loads as _loads  # type: ignore[assignment]


def _numbers(
    block: bytes, opener: bytes, prefix: bytes, facts: int, names: int
) -> list[int] | None:
    """The numbers of the names in ``block``, in order, when it is ``facts`` lines, each
    ``opener``, ``names`` names separated by ``,``, and ``).``, every name ``prefix``
    and a decimal number without a leading zero; else ``None``.

    No pattern is matched and no string is made for a line or a name: with the digits
    deleted, ``block`` must be the one line it may be, repeated (one C-level pass);
    where the digits may stand then follows from a few counts (the line starts with
    ``opener`` and ``prefix``, the second name with ``,`` and ``prefix``, the line ends
    with ``).``: digits anywhere else change a count). What is left once the fixed
    text is gone is one JSON list of the numbers, parsed in C (JSON refuses a leading
    zero and an empty number)."""
    if not facts:
        return []
    start = opener + prefix
    second = b"," + prefix if names == 2 else b""
    line = start + second + b").\n"
    if (
        block.translate(None, _DIGIT_BYTES) != line.translate(None, _DIGIT_BYTES) * facts
        or not block.startswith(start)
        or block.count(b"\n" + start) != facts - 1
        or block.count(b").\n") != facts
        or (names == 2 and block.count(second) != facts)
    ):
        return None
    if prefix.translate(None, _DIGIT_BYTES) == prefix:  # the fixed text is no digit
        listed = block.translate(_LINE_ENDS, start + b").")
    else:
        listed = block.replace(start, b"")
        if names == 2:
            listed = listed.replace(second, b",")
        listed = listed.translate(_LINE_ENDS, b").")
    try:
        numbers: list[int] = _loads(b"[" + listed[:-1] + b"]")
    except ValueError:
        return None
    return numbers


def _apx_numbered(text: str, opts: ICCMAOptions, path: str | None) -> ArgumentMap | None:
    """The map of ``text`` (``\r\n`` already read as ``\n``) when it is every ``arg``
    line and then every ``att`` line, one fact a line at its start, without blanks, with
    no blank or comment line, and every name is one prefix and a number (``a0``,
    ``a1``, ...), numbers not repeated; else ``None``.

    The names are read as integers from the whole text at once (see :func:`_numbers`,
    which also proves the layout): no string is made for a name an attack, no dict
    looks one up, and the attacks' lines are a ``range``."""
    if not text.startswith("arg("):
        return None
    if not text.endswith("\n"):
        text += "\n"
    close = text.find(")", 4, 4096)
    first = text[4:close] if close > 0 else ""
    prefix = first.rstrip(_DIGITS)
    if prefix == first or _PREFIX.fullmatch(prefix) is None:
        return None
    try:
        data = text.encode()  # UTF-8: no byte of a non-ASCII character is ASCII
    except UnicodeEncodeError:  # a lone surrogate: the slow path reads it as it is
        return None
    cut = data.find(b"\natt(") + 1 or len(data)
    head, body = data[:cut], data[cut:]
    n_args, n_atts = head.count(b"\n"), body.count(b"\n")
    if n_args > opts.max_arguments or n_atts > opts.max_attacks:
        return None
    mark = prefix.encode()
    declared = _numbers(head, b"arg(", mark, n_args, 1)
    if declared is None or len(set(declared)) != n_args or max(declared) >= 2**62:
        return None  # a name twice: the slow path says where (a float: past 2**64)
    pairs = _numbers(body, b"att(", mark, n_atts, 2)
    del data, head, body
    if pairs is None:
        return None
    lo = min(declared)
    top = max(declared)
    if pairs and (max(pairs) > top or (lo and min(pairs) < lo)):
        return None  # undeclared: the slow path says where
    if declared != list(range(lo, lo + n_args)):  # not a0, a1, ... in order
        if top - lo > 4 * n_args + 64:
            return None
        at = [-1] * (top - lo + 1)
        deque(map(at.__setitem__, map(sub, declared, repeat(lo)), range(n_args)), maxlen=0)
        pairs = list(map(at.__getitem__, map(sub, pairs, repeat(lo))))
        if -1 in pairs:
            return None
    elif lo:
        pairs = list(map(sub, pairs, repeat(lo)))
    names = list(map(prefix.__add__, map(str, declared)))
    statements = _claims(names, _locations(path, list(range(1, n_args + 1))))
    found = array("i", pairs)
    del pairs
    # the two positions of an attack, read as one 64-bit integer: a key without a pass
    keys = array("q", found.tobytes()).tolist()
    lines = range(n_args + 1, n_args + n_atts + 1)
    return _fast_map(path, statements, found[0::2], found[1::2], lines, keys)


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
            amap = self._fast(text, opts, path)
            return self._slow(text, opts, path) if amap is None else amap

    def _fast(self, text: str, opts: ICCMAOptions, path: str | None) -> ArgumentMap | None:
        """The map when ``text`` has the common layout, else ``None`` (see the module)."""
        text = _lf(text)
        numbered = _apx_numbered(text, opts, path)  # proves its own layout: no pattern
        if numbered is not None:
            return numbered
        if _APX_FAST.fullmatch(text) is None:
            return None
        lines = text.split("\n")
        is_arg = list(map(str.startswith, lines, repeat("arg(")))
        names = "".join(compress(lines, is_arg)).translate(_APX_PUNCT).split()[1::2]
        if len(names) > opts.max_arguments:
            return None
        statements = _claims(names, _locations(path, list(compress(count(1), is_arg))))
        if len(statements) < len(names):  # declared twice
            return None
        is_att = list(map(str.startswith, lines, repeat("att(")))
        facts = list(compress(lines, is_att))  # each "att(a,b).": equal for equal attacks
        if len(facts) > opts.max_attacks:
            return None
        fields = "".join(facts).translate(_APX_PUNCT).split()
        found = _indexes(names, fields[1::3], fields[2::3])
        if found is None:
            return None
        return _fast_map(path, statements, *found, compress(count(1), is_att))

    def _slow(self, text: str, opts: ICCMAOptions, path: str | None) -> ArgumentMap:
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


_TGF_FAST = re.compile(
    rf"(?P<nodes>(?:(?:(?:[^\s#]|#\S)\S*[ \t]*)?\n){_ONCE})#[ \t]*"
    rf"(?P<edges>(?:\n(?:\S+[ \t]+\S+[ \t]*)?){_ONCE})"
)
"""TGF in the common layout: one name a line (no label), ``#``, one ``a b`` line an
attack (no label), each at the start of its line; blank lines."""


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
        with gc_paused():
            amap = self._fast(text, opts, path)
            return self._slow(text, opts, path) if amap is None else amap

    def _fast(self, text: str, opts: ICCMAOptions, path: str | None) -> ArgumentMap | None:
        """The map when ``text`` has the common layout, else ``None`` (see the module)."""
        text = _lf(text)
        m = _TGF_FAST.fullmatch(text)
        if m is None:
            return None
        nodes = m.group("nodes")
        names = nodes.split()  # one a line
        if len(names) > opts.max_arguments:
            return None
        numbers = list(compress(count(1), map(bool, nodes.split("\n")[:-1])))
        statements = _claims(names, _locations(path, numbers))
        if len(statements) < len(names):  # declared twice
            return None
        edges = m.group("edges")
        lines = edges.split("\n")[1:]
        is_edge = list(map(bool, lines))
        facts = list(compress(lines, is_edge))
        if len(facts) > opts.max_attacks:
            return None
        fields = edges.split()  # two a line
        found = _indexes(names, fields[0::2], fields[1::2])
        if found is None:
            return None
        where = compress(count(nodes.count("\n") + 2), is_edge)
        return _fast_map(path, statements, *found, where)

    def _slow(self, text: str, opts: ICCMAOptions, path: str | None) -> ArgumentMap:
        build = _Builder(path, opts)
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
            for field, pos in zip(fields[:2], _columns(line, fields[:2], column), strict=True):
                if field not in statements:
                    raise _error(
                        f"attack names undeclared argument {field!r}",
                        path,
                        lineno,
                        pos,
                        line,
                        "a name listed before '#'",
                    )
            if len(relations) >= opts.max_attacks:
                raise build.too_many_attacks(lineno, column, line)
            build.attack(a, b, lineno, column)
        return build.finish()
