"""Conformance of the Argdown reader and writer with the reference implementation.

Every ``.argdown`` file of the corpus (``corpus/argdown/``, read in place) is checked:

* files the reference CLI (``@argdown/cli`` 1.7.5) accepted load with the same numbers of
  statements (equivalence classes), arguments, relations of each kind, sections and tags
  as the reference's JSON export in ``expected/`` says;
* files it rejected raise a located :class:`argmap.ArgmapSyntaxError`;
* every accepted file survives read → write → read unchanged.

The reference numbers are computed from ``expected/*.json`` here, never written down.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from argmap import ArgmapSyntaxError, ArgumentMap
from argmap.formats.argdown import ArgdownReader, ArgdownRenderer
from argmap.testing import assert_maps_equal
from markers import corpus_path

pytestmark = pytest.mark.corpus

_ROOT = corpus_path()
_FOLDER = _ROOT / "argdown" if _ROOT is not None else None
_FILES = (
    sorted(p.relative_to(_FOLDER).as_posix() for p in _FOLDER.rglob("*.argdown"))
    if _FOLDER is not None and _FOLDER.is_dir()
    else []
)
# the reference's strict-mode relation names, as argmap's kinds
_KINDS = {"contrary": "attack", "contradictory": "contradiction", "entails": "support"}


def _manifest(folder: Path) -> dict[str, str]:
    """File (relative path) -> the reference CLI's result, from MANIFEST.txt."""
    out = {}
    for line in (folder / "MANIFEST.txt").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 5 and cells[0].endswith(".argdown"):
            out[cells[0]] = cells[4]
    return out


def _expected(folder: Path, name: str) -> Path:
    return folder / "expected" / (Path(name).stem + ".json")


def _reference_counts(model: dict[str, Any]) -> dict[str, Any]:
    def sections(items: list[dict[str, Any]]) -> int:
        return sum(1 + sections(s.get("children", [])) for s in items)

    rels = collections.Counter(
        _KINDS.get(r["relationType"], r["relationType"]) for r in model["relations"]
    )
    return {
        "statements": len(model["statements"]),
        "arguments": len(model["arguments"]),
        "relations": {
            k: rels.get(k, 0) for k in ("support", "attack", "undercut", "contradiction")
        },
        "sections": sections(model["sections"]),
        "tags": len(model["tags"]),
    }


def _counts(amap: ArgumentMap) -> dict[str, Any]:
    c = amap.counts()
    return {
        "statements": c["claims"] + c["evidence"],
        "arguments": c["arguments"],
        "relations": c["relations"],
        "sections": c["groups"],
        "tags": c["tags"],
    }


def _kind(folder: Path, name: str) -> str:
    result = _manifest(folder).get(name, "")
    if _expected(folder, name).exists():
        return "accepted"
    if "syntax error" in result or "YAMLException" in result:
        return "rejected"
    if Path(name).name.startswith("_"):
        return "partial"
    raise AssertionError(f"{name}: no expected JSON and no known reference result: {result!r}")


def _select(kind: str) -> list[str]:
    assert _FOLDER is not None
    return [n for n in _FILES if _kind(_FOLDER, n) == kind]


_ACCEPTED = _select("accepted") if _FILES else []
_REJECTED = _select("rejected") if _FILES else []


def test_corpus_is_there(corpus: Path) -> None:
    """The parametrized tests below really run over the folder: every file is accepted,
    rejected or a partial."""
    assert len(_FILES) >= 30
    assert len(_ACCEPTED) >= 25
    assert len(_REJECTED) >= 5
    assert len(_ACCEPTED) + len(_REJECTED) + 2 == len(_FILES)
    assert (corpus / "argdown" / "MANIFEST.txt").is_file()


@pytest.mark.parametrize("name", _ACCEPTED)
def test_reference_counts(corpus: Path, name: str) -> None:
    folder = corpus / "argdown"
    model = json.loads(_expected(folder, name).read_text(encoding="utf-8"))
    amap = ArgdownReader().read(folder / name)
    assert _counts(amap) == _reference_counts(model)


@pytest.mark.parametrize("name", _REJECTED)
def test_rejected_with_location(corpus: Path, name: str) -> None:
    folder = corpus / "argdown"
    with pytest.raises(ArgmapSyntaxError) as info:
        ArgdownReader().read(folder / name)
    err = info.value
    assert err.path == os.fspath(folder / name)
    assert err.line is not None
    assert err.column is not None
    assert err.source_line is not None
    assert err.expected
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    assert err.source_line == lines[err.line - 1]


@pytest.mark.parametrize(
    ("name", "line", "column"),
    [
        # where the reference CLI reports its first error, too
        ("ArgVu-demo.argdown", 10, 8),
        ("argdown-core-test-lexer-definitions-references.argdown", 2, 1),
        ("argdown-core-test-lexer-statements-by-number.argdown", 1, 4),
        ("argdown-core-test-lexer-relations.argdown", 1, 1),
        ("argdown-core-test-lexer-relation-after-emptyline.argdown", 3, 5),
        ("argdown-core-test-lexer-lists.argdown", 2, 3),
    ],
)
def test_rejected_where_the_reference_rejects(
    corpus: Path, name: str, line: int, column: int
) -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        ArgdownReader().read(corpus / "argdown" / name)
    assert (info.value.line, info.value.column) == (line, column)


def test_partials_are_read_leniently(corpus: Path) -> None:
    """Deliberately more lenient than the reference: the CLI skips files named ``_*``
    (partials meant to be included) with "No Argdown files found"; argmap reads them
    like any file, expanding their own includes (the include cycle between the two
    partials is cut, as the reference cuts it)."""
    folder = corpus / "argdown" / "argdown-cli-test"
    partials = sorted(p.name for p in folder.glob("_*.argdown"))
    assert partials == ["_partial1.argdown", "_partial2.argdown"]
    for name in partials:
        assert _kind(corpus / "argdown", f"argdown-cli-test/{name}") == "partial"
    amap = ArgdownReader().read(folder / "_partial1.argdown")
    assert [s.text for s in amap.statements.values()] == [
        "First line of partial1",
        "First line of partial2",
        "Second line pof partial2",
        "Second line of partial1",
    ]


@pytest.mark.parametrize("name", [*_ACCEPTED, "argdown-cli-test/_partial1.argdown"])
def test_round_trip(corpus: Path, name: str) -> None:
    folder = corpus / "argdown"
    amap = ArgdownReader().read(folder / name)
    text = ArgdownRenderer().render(amap)
    back = ArgdownReader().parse(text)
    assert_maps_equal(amap, back)
    # and once more: the writer's own output is stable under another round
    assert_maps_equal(back, ArgdownReader().parse(ArgdownRenderer().render(back)))


def _argdown_cli() -> str | None:
    return os.environ.get("ARGMAP_ARGDOWN_CLI") or shutil.which("argdown")


@pytest.mark.slow
@pytest.mark.skipif(
    _argdown_cli() is None,
    reason="the reference Argdown CLI is not installed (npm install @argdown/cli@1.7.5; "
    "put it on PATH or set ARGMAP_ARGDOWN_CLI)",
)
def test_reference_cli_reads_our_output(corpus: Path, tmp_path: Path) -> None:
    """The writer's output of every accepted corpus file, exported by the reference CLI,
    has the reference's own numbers for the original file."""
    folder = corpus / "argdown"
    written = tmp_path / "written"
    written.mkdir()
    names = _ACCEPTED
    for name in names:
        amap = ArgdownReader().read(folder / name)
        (written / Path(name).name).write_text(ArgdownRenderer().render(amap), encoding="utf-8")
    out = tmp_path / "json"
    cli = _argdown_cli()
    assert cli is not None
    proc = subprocess.run(
        [cli, "json", str(written / "*.argdown"), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in names:
        ours = json.loads((out / (Path(name).stem + ".json")).read_text(encoding="utf-8"))
        ref = json.loads(_expected(folder, name).read_text(encoding="utf-8"))
        assert _reference_counts(ours) == _reference_counts(ref), name
