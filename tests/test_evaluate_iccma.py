"""Extension semantics checked against the ICCMA reference answers of the corpus.

Each instance is read in place with its reader (``.af``/``.apx``/``.tgf``) and every
semantics with a recorded answer is compared: extensions when listed, counts otherwise.
Instances or semantics recorded as ``timeout`` by the reference engines are skipped;
for the large ICCMA'23 instances a single extension is computed and verified instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.evaluate import AF, count_extensions, extensions, grounded, to_af
from markers import CORPUS

pytest.importorskip("pysat")

SEMANTICS = {"GR": "grounded", "CO": "complete", "PR": "preferred", "ST": "stable"}
# Enumerations that may take more than a few seconds on a loaded machine.
SLOW = {("BA__BA-numArg100-pbCycle0.45-0.apx", "CO")}  # 26 244 complete extensions
TOO_MANY = 100_000  # complete extensions beyond this are not enumerated in tests


def _records() -> list[dict[str, Any]]:
    if CORPUS is None:
        return []
    data = json.loads((CORPUS / "iccma" / "reference_answers.json").read_text("utf-8"))
    return list(data["instances"])


def _path(corpus: Path, name: str) -> Path:
    folder = {".af": "af", ".apx": "apx", ".tgf": "tgf"}[Path(name).suffix]
    return corpus / "iccma" / folder / name


def _cases() -> list[Any]:
    cases = []
    for rec in _records():
        for key, sem in SEMANTICS.items():
            answer = rec.get(key)
            if not answer:
                continue
            count = answer.get("count_clingo", answer.get("size"))
            if not isinstance(count, int):
                continue  # recorded as a timeout
            if key == "CO" and count > TOO_MANY:
                continue
            marks = [pytest.mark.slow] if (rec["file"], key) in SLOW else []
            cases.append(
                pytest.param(rec["file"], sem, answer, id=f"{rec['file']}-{sem}", marks=marks)
            )
    return cases


_MAPS: dict[str, argmap.ArgumentMap] = {}
_AFS: dict[str, AF] = {}


def _map(corpus: Path, name: str) -> argmap.ArgumentMap:
    if name not in _MAPS:
        _MAPS[name] = argmap.read(_path(corpus, name))
    return _MAPS[name]


def _af(corpus: Path, name: str) -> AF:
    if name not in _AFS:
        _AFS[name] = to_af(_map(corpus, name))
    return _AFS[name]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "semantics", "answer"), _cases())
def test_reference_answer(corpus: Path, name: str, semantics: str, answer: dict[str, Any]) -> None:
    af = _af(corpus, name)
    if semantics == "grounded":
        ext = grounded(af)
        assert len(ext) == answer["size"]
        if answer.get("extension") is not None:
            assert sorted(ext) == sorted(answer["extension"])
        return
    expected = answer.get("extensions")
    if expected is not None:
        got = extensions(af, semantics)
        assert sorted(sorted(e) for e in got) == sorted(sorted(e) for e in expected)
    else:
        assert count_extensions(af, semantics) == answer["count_clingo"]


def _conflict_free(af: AF, ext: set[int]) -> bool:
    return all(b not in ext for a in ext for b in af.attacks[a])


def _defends(af: AF, ext: set[int], i: int) -> bool:
    return all(any(d in ext for d in af.attackers[b]) for b in af.attackers[i])


LARGE = [
    "a1210993_20150717_0403.gml.80.af",
    "admbuster_1000.af",
    "admbuster_8000.af",
    "admbuster_10000.af",
    pytest.param("admbuster_50000.af", marks=pytest.mark.slow),
]


@pytest.mark.corpus
@pytest.mark.parametrize("name", LARGE)
def test_large_instances_one_extension(corpus: Path, name: str) -> None:
    """SE tasks: one stable and one preferred extension, verified independently."""
    rec = next(r for r in _records() if r["file"] == name)
    af = _af(corpus, name)
    checks = rec.get("single_extension_checks", {})
    gr_size = rec.get("GR", checks.get("GR", {})).get("size")
    assert len(grounded(af)) == gr_size
    (st,) = extensions(af, "stable", 1)
    ext = {af.index[x] for x in st}
    assert _conflict_free(af, ext)
    assert all(i in ext or any(a in ext for a in af.attackers[i]) for i in range(len(af)))
    (pr,) = extensions(af, "preferred", 1)
    ext = {af.index[x] for x in pr}
    assert _conflict_free(af, ext)
    assert all(_defends(af, ext, i) for i in ext)
    for key in ("SE-ST", "SE-PR"):
        size = checks.get(key, {}).get("size")
        if name.startswith("admbuster") and isinstance(size, int):
            # admbuster has a single stable = preferred extension
            assert len(st) == len(pr) == size


@pytest.mark.corpus
def test_reference_instances_read_with_declared_sizes(corpus: Path) -> None:
    for rec in _records():
        amap = _map(corpus, rec["file"])
        assert len(amap) == rec["n_args"], rec["file"]
        assert len(amap.relations) == rec["n_attacks"], rec["file"]
