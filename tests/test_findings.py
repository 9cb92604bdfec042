"""``argmap check``: one small file per finding code, asserting code, severity and the
exact location; silencing; the documented list of codes; all syntax errors at once;
the Argdown writer never writes what the checker rejects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap import ArgmapSyntaxError, Severity, UnknownCodeError
from argmap._validate import CODES, codes_table, select_findings
from argmap.cli import main
from argmap.testing import maps
from markers import ROOT

# code -> (file name, text, (line, column) of the finding). Each text is a small map
# that has that finding (and maybe others); the location is where an author looks.
CASES: dict[str, tuple[str, str, tuple[int, int]]] = {
    "E101": ("m.argdown", "[A]: a claim\n  - [Ghost]\n", (2, 5)),
    "W102": ("m.argdown", "[A]: a claim\n  + <Nowhere>\n", (2, 5)),
    "E103": (
        "m.json",
        json.dumps(
            {
                "schema_version": 1,
                "statements": [{"id": "a", "text": "x"}],
                "arguments": [{"id": "arg", "premises": ["ghost"], "conclusion": "a"}],
            }
        ),
        (0, 0),
    ),
    "E104": (
        "m.json",
        json.dumps(
            {
                "schema_version": 1,
                "statements": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}],
            }
        ),
        (0, 0),
    ),
    "W105": ("m.argdown", "[A]: one\n  + [B]: b\n\n[A]: two\n", (4, 6)),
    "E106": ("m.argdown", "[A]: a\n  + [B]:\n", (2, 5)),
    "W107": ("m.argdown", "[A]: a\n  + [B]: b\n\n[C]: alone\n", (4, 1)),
    "E201": ("m.argdown", "[A]: a\n  + [B]: b\n  + [A]\n", (3, 3)),
    "W202": ("m.argdown", "[A]: a\n  + [B]: b\n  - [A]\n", (3, 3)),
    "W203": ("m.argdown", "[A]: a\n  + [B]: b\n  + [B]\n", (3, 3)),
    "W204": ("m.argdown", "[A]: a\n  + [B]: b\n    + [A]\n", (1, 1)),
    "W205": (
        "m.argdown",
        "[T]: the thesis\n  + [S]: support\n\n<Arg>: an argument\n\n(1) p\n----\n(2) c\n",
        (4, 1),
    ),
    "I206": ("m.argdown", "[A]: a\n  - [B]: b\n    - [A]\n", (3, 5)),
    "I207": ("m.argdown", "[A]: a\n  >< [B]: b\n  - [B]\n", (3, 3)),
    "E301": ("m.argdown", "[A]: a\n  + [E]: evidence {sources: []}\n", (2, 5)),
    "W302": ("m.argdown", "[A]: a\n  + [E]: evidence {source: null}\n", (2, 5)),
    "E401": ("m.argdown", "[A]: a\n\n- a relation without a parent\n", (3, 1)),
    "W402": ("m.argdown", "[A]: a\n  - [Undefined ref\n", (2, 5)),
    "W403": ("m.argdown", "[A]: a\n  - Ghost]\n", (2, 10)),
    "W404": ("m.argdown", "[A]: a // argmap: ignore[X999]\n  + [B]: b\n", (1, 11)),
}


# The 5xx codes come from checking quotes against source documents (check --sources):
# test_quote_check_codes_can_be_selected and tests/test_sources.py cover them.
QUOTE_CODES = {c for c in CODES if c[1] == "5"}


def test_every_code_has_a_case() -> None:
    assert set(CASES) == set(CODES) - QUOTE_CODES


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding(code: str, tmp_path: Path) -> None:
    name, text, (line, column) = CASES[code]
    path = tmp_path / name
    path.write_text(text, "utf-8")
    found = [f for f in argmap.check(path) if f.code == code]
    assert len(found) == 1, [str(f) for f in argmap.check(path)]
    (f,) = found
    assert f.severity is CODES[code].severity
    assert f.severity.value[0].upper() == code[0]
    assert f.location is not None
    assert f.location.path == str(path)
    if line:  # JSON structure errors are located in the file only
        assert (f.location.line, f.location.column) == (line, column), str(f)
    assert f.help == CODES[code].hint
    assert str(f).startswith(f"{path}:" + (f"{line}:{column}: " if line else ""))
    assert f"{f.severity.value}[{code}]" in str(f)


def test_conflicting_texts_are_both_kept(tmp_path: Path) -> None:
    path = tmp_path / "m.argdown"
    path.write_text(CASES["W105"][1], "utf-8")
    st = argmap.read(path).statements["A"]
    assert st.text == "one"
    assert st.meta["other_texts"] == ["two"]


def test_undefined_reference_is_not_also_an_empty_statement(tmp_path: Path) -> None:
    path = tmp_path / "m.argdown"
    path.write_text(CASES["E101"][1], "utf-8")
    assert [f.code for f in argmap.check(path)] == ["E101"]


# ------------------------------------------------------------------ silencing
@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("[A]: a\n  + [B]: b\n\n[C]: alone // argmap: ignore[W107]\n", []),
        ("[A]: a\n  + [B]: b\n\n// argmap: ignore[W107]\n[C]: alone\n", []),
        ("[A]: a\n  + [B]: b\n\n<!-- argmap: ignore[W1] -->\n[C]: alone\n", []),
        ("[A]: a\n  + [B]: b\n\n/* argmap: ignore */ [C]: alone\n", []),
        ("[A]: a\n  + [B]: b\n\n[C]: alone // argmap: ignore[W105]\n", ["W107"]),
        ("===\nargmap: {ignore: [W107]}\n===\n\n[A]: a\n  + [B]: b\n\n[C]: alone\n", []),
        ("[A]: a\n  + [B]: b\n// argmap: ignore[W107]\n\n\n[C]: alone\n", []),
        ("[A]: a // argmap: ignore[W107]\n  + [B]: b\n\n[C]: alone\n", ["W107"]),
    ],
)
def test_a_comment_silences_one_place(text: str, left: list[str], tmp_path: Path) -> None:
    path = tmp_path / "m.argdown"
    path.write_text(text, "utf-8")
    assert [f.code for f in argmap.check(path)] == left


def test_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.argdown"
    path.write_text("[A]: a\n  - [Ghost]\n  + [B]: b\n  + [B]\n\n[C]: alone\n", "utf-8")
    codes = [f.code for f in argmap.check(path)]
    assert codes == ["E101", "W203", "W107"]
    assert [f.code for f in argmap.check(path, select=["W"])] == ["W203", "W107"]
    assert [f.code for f in argmap.check(path, ignore=["W1", "E"])] == ["W203"]
    assert [f.code for f in argmap.check(path, select=["ALL"], ignore=["W203"])] == [
        "E101",
        "W107",
    ]
    with pytest.raises(UnknownCodeError, match="X1"):
        select_findings([], select=["X1"])
    assert main(["check", str(path), "--ignore", "E101"]) == 0
    assert main(["check", str(path), "--ignore", "E101", "--strict"]) == 1
    assert main(["check", str(path), "--select", "W107,I", "--strict"]) == 1
    assert main(["check", str(path), "--select", "I", "--strict"]) == 0
    capsys.readouterr()
    assert main(["check", str(path), "--select", "Q9"]) == 2
    assert "no finding code starts with 'Q9'" in capsys.readouterr().err


def test_info_never_fails(tmp_path: Path) -> None:
    path = tmp_path / "m.argdown"
    path.write_text(CASES["I206"][1], "utf-8")
    assert [f.severity for f in argmap.check(path)] == [Severity.INFO]
    assert main(["check", str(path), "--strict"]) == 0


# ------------------------------------------------------------------ output formats
def test_check_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m,a:p.argdown"
    path.write_text("[A]: a\n  - [Ghost]\n  + [B]: b\n  + [B]\n", "utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:2:5: error[E101]: [Ghost] is used but never defined: it has no text"
    assert out[1] == f"  hint: {CODES['E101'].hint}"
    assert out[-1] == f"{path}: 1 error(s), 1 warning(s), 0 info"
    assert main(["check", str(path), "--format", "github"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    escaped = str(path).replace(":", "%3A").replace(",", "%2C")
    assert lines[0] == (
        f"::error file={escaped},line=2,col=5,title=E101 undefined-statement::"
        f"[Ghost] is used but never defined: it has no text (hint: {CODES['E101'].hint})"
    )
    assert lines[1].startswith(f"::warning file={escaped},line=4,col=3,title=W203 ")
    assert "1 error(s)" in captured.err
    assert main(["check", str(path), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    (entries,) = doc.values()
    assert [(e["code"], e["severity"], e["line"], e["column"]) for e in entries] == [
        ("E101", "error", 2, 5),
        ("W203", "warning", 4, 3),
    ]
    assert entries[0]["name"] == "undefined-statement"
    assert entries[0]["hint"] == CODES["E101"].hint


# ------------------------------------------------------------------ the docs
def test_documented_codes_are_the_codes() -> None:
    doc = (ROOT / "docs" / "errors.md").read_text("utf-8")
    m = re.search(r"<!-- codes: begin -->\n(.*?)\n<!-- codes: end -->", doc, re.S)
    assert m is not None, "docs/errors.md lost its generated table of codes"
    assert m.group(1) == codes_table(), (
        "docs/errors.md is out of date: paste the output of "
        "python -c 'from argmap._validate import codes_table; print(codes_table())'"
    )


# ------------------------------------------------------------------ syntax errors
FIVE = """\
===
title: [unclosed
===

[A]: fine
  + [B]: also fine

- a paragraph cannot start with a relation

[C]: a text {data: [1, 2}

[D]: good
  + [E]: good too
(1) a numbered statement inside a paragraph

[F]: still read
  -
"""


def test_five_syntax_errors_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "five.argdown"
    path.write_text(FIVE, "utf-8")
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.read(path)
    err = info.value
    located = [(e.line, e.column) for e in err.errors]
    assert located == [(2, 8), (8, 1), (10, 13), (14, 1), (17, 4)]
    assert all(e.path == str(path) for e in err.errors)
    assert str(err).endswith("[and 4 more error(s)]")
    assert "flow sequence opened here is not closed" in err.errors[0].message
    findings = argmap.check(path)
    assert [(f.code, f.location.line, f.location.column) for f in findings if f.location] == [
        ("E401", line, col) for line, col in located
    ]


def test_errors_after_a_limit_are_not_collected() -> None:
    text = "\n\n".join("- no parent" for _ in range(30))
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.parse(text, "argdown", max_errors=5)
    assert len(info.value.errors) == 5
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.parse(text, "argdown")
    assert len(info.value.errors) == 30


def test_front_matter_yaml_error_location_is_exact() -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.parse("===\ntitle: [oops\nauthor: x\n===\n\n[A]: a\n", "argdown")
    assert (info.value.line, info.value.column) == (2, 8)
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.parse('===\ntitle: ok\nabstract: "never closed\n===\n\n[A]: a\n', "argdown")
    assert (info.value.line, info.value.column) == (3, 11)
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.parse("===\ntitle: ok\n  bad: indentation\n===\n\n[A]: a\n", "argdown")
    assert info.value.line == 3


# ------------------------------------------------------------------ the writer
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(maps())
def test_written_argdown_checks_without_errors(amap: argmap.ArgumentMap) -> None:
    text = argmap.render(amap, "argdown")
    assert isinstance(text, str)
    findings = argmap.check(argmap.parse(text, "argdown"))
    assert [str(f) for f in findings if f.severity is Severity.ERROR] == [], text


def test_quote_check_codes_can_be_selected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The codes ``check --sources`` gives are known codes: selecting them by code or by
    group works, and every code the verifier and the locator fixer emit is in CODES."""
    import re

    import argmap.sources._fix as fix
    import argmap.sources._verify as verify

    emitted = set()
    for module in (verify, fix):
        text = Path(module.__file__ or "").read_text("utf-8")
        emitted |= set(re.findall(r'"([EWI]5\d\d)"', text))
    assert emitted == QUOTE_CODES
    doc = tmp_path / "docs" / "a.md"
    doc.parent.mkdir()
    doc.write_text("The sky is blue over the sea today.\n", "utf-8")
    path = tmp_path / "m.argdown"
    path.write_text(
        "[C]: claim\n  + [E]: evidence\n"
        "    {source: A, quote: 'the sky is green', document: a.md}\n",
        "utf-8",
    )
    args = ["check", str(path), "--sources", str(doc.parent)]
    assert main([*args, "--select", "E5"]) == 1
    out = capsys.readouterr().out
    assert "E501" in out
    assert main([*args, "--select", "W5,I5"]) == 0
