"""The command line, run in-process through main(argv) and once as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import argmap
from argmap.cli import main


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    m = argmap.ArgumentMap("Will Meta keep giving its models away?")
    charity = m.claim("Meta's corporate charity will dry up", id="charity", tags=["business"])
    grist = m.claim("AI-generated content is grist for Meta's ads", id="grist")
    m.rebut(grist, charity)
    ev = m.evidence("more grist for the mill", source=argmap.Source(title="Stratechery"))
    m.support(ev, grist)
    return argmap.write(m, tmp_path / "debate.json")


def test_info_json_has_the_documented_keys(
    map_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", str(map_file), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["title"] == "Will Meta keep giving its models away?"
    assert [c["id"] for c in info["main_claims"]] == ["charity"]
    assert {k: info[k] for k in ("claims", "evidence", "arguments", "tags", "groups")} == {
        "claims": 2,
        "evidence": 1,
        "arguments": 0,
        "tags": 1,
        "groups": 0,
    }
    assert info["relations"] == {"support": 1, "attack": 1, "undercut": 0, "contradiction": 0}


def test_info_text(map_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(map_file)]) == 0
    out = capsys.readouterr().out
    assert "Meta's corporate charity will dry up" in out
    assert "attack 1" in out


def test_render_to_file_and_stdout(
    map_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copy.json"
    assert main(["render", str(map_file), "-o", str(out)]) == 0
    assert argmap.read(out) == argmap.read(map_file)
    assert main(["render", str(map_file), "-o", "-", "--to", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["schema_version"] == 1


def test_render_refuses_to_overwrite_its_input(
    map_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = map_file.read_bytes()
    assert main(["render", str(map_file), "-o", str(map_file)]) == 1
    assert "refusing to overwrite the input" in capsys.readouterr().err
    assert map_file.read_bytes() == before


def test_render_many_inputs_into_a_directory(
    map_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "maps"
    src.mkdir()
    for name in ("a", "b"):
        (src / f"{name}.json").write_bytes(map_file.read_bytes())
    (src / "bad.json").write_text("{", "utf-8")
    out = tmp_path / "out"
    assert main(["render", str(src), "-o", str(out), "--to", "json"]) == 1
    assert sorted(p.name for p in out.iterdir()) == [".argmap-batch.jsonl", "a.json", "b.json"]
    err = capsys.readouterr().err
    assert "bad.json:1:2: malformed JSON" in err
    assert "rendered 2 of 3" in err


def test_check_exit_codes(
    map_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(map_file)]) == 0
    doc = json.loads(map_file.read_text("utf-8"))
    doc["statements"][2]["sources"] = []
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), "utf-8")
    capsys.readouterr()
    assert main(["check", str(map_file), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "error[E301]" in out
    assert f"{bad}: 1 error(s)" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{\n  oops", "malformed JSON"),
        (
            '{"schema_version": 1, "statements": [{"id": "a", "text": "x"}],'
            ' "relations": [{"id": "r", "kind": "attack", "source": "a", "target": "ghost"}]}',
            "'ghost'",
        ),
        (
            '{"schema_version": 1, "statements": '
            '[{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}',
            "duplicate id 'a'",
        ),
    ],
)
def test_bad_input_gives_one_line_and_exit_1(
    tmp_path: Path, content: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, "utf-8")
    assert main(["info", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("argmap: error: ")
    assert str(bad) in err
    assert message in err
    assert main(["-v", "info", str(bad)]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_usage_errors_exit_2(map_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["render", str(map_file)]) == 2  # no -o
    assert main(["render", str(map_file), str(map_file), "-o", "-"]) == 2
    capsys.readouterr()


def test_unknown_format_lists_installed(map_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(map_file), "-o", "-", "--to", "nope"]) == 1
    assert "installed renderers: " in capsys.readouterr().err


def test_version_and_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "argmap", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == f"argmap {argmap.__version__}"


def test_evaluate_json_with_explanations(
    map_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", str(map_file), "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert set(plain) == {"semantics", "extensions"}
    assert main(["evaluate", str(map_file), "--json", "--explain"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["status"]["grist"] == "accepted"
    assert doc["status"]["charity"] == "rejected"
    assert (
        "grist" in doc["explanations"]["charity"].lower()
        or "AI-generated" in (doc["explanations"]["charity"])
    )
