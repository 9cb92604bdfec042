"""argmap.corpus: batch jobs over a small corpus with one broken file, on every executor
(in-process, a real process pool, a real dask.distributed LocalCluster on 127.0.0.1),
resuming, a really interrupted run, and the batch bullets of issue 12."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap import corpus
from argmap.cli import main
from markers import needs_corpus, needs_dot

ARGDOWN = "[A]: Cats are great.\n  + [B]: They purr.\n  - [C]: They scratch.\n"
BROKEN = "{"  # malformed JSON: a located syntax error at 1:2


def _native(tmp: Path, name: str, title: str, *, self_support: bool = False) -> Path:
    m = argmap.ArgumentMap(title)
    a = m.claim(f"{title}: main", id="a")
    b = m.claim(f"{title}: reason", id="b")
    m.support(b, a)
    if self_support:
        m.support(a, a)
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    argmap.write(m, path)
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Four good maps (one with a check error) and one broken file, in a tree."""
    root = tmp_path / "maps"
    _native(root, "a.json", "alpha")
    _native(root, "sub/selfish.json", "selfish", self_support=True)
    (root / "sub" / "b.argdown").write_text(ARGDOWN, "utf-8")
    (root / "sub" / "deeper").mkdir()
    (root / "sub" / "deeper" / "c.argdown").write_text(ARGDOWN.replace("Cats", "Dogs"), "utf-8")
    (root / "broken.json").write_text(BROKEN, "utf-8")
    (root / ".hidden.json").write_text(BROKEN, "utf-8")  # never part of a walk
    (root / "notes.txt").write_text("not a map", "utf-8")  # no reader claims .txt
    return root


KEYS = ["a.json", "broken.json", "sub/b.argdown", "sub/deeper/c.argdown", "sub/selfish.json"]


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # None still binds 8787: a free port, never a clash
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _comparable(result: corpus.BatchResult) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.as_dict().items() if k != "seconds"} for r in result.records]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != corpus.MANIFEST_NAME
    }


OPERATIONS = {
    "convert": corpus.Convert("json"),
    "check": corpus.Check(),
    "stats": corpus.Stats(),
    "evaluate": corpus.Evaluate("grounded"),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_each_operation_gives_the_same_records_on_every_executor(
    name: str, small: Path, tmp_path: Path, dask_client: Any
) -> None:
    op = OPERATIONS[name]
    results = {}
    for label, executor in (
        ("inproc", corpus.InProcess()),
        ("pool", corpus.ProcessPool(2)),
        ("dask", corpus.DaskExecutor(dask_client)),
    ):
        results[label] = corpus.run(
            small, op, output=tmp_path / f"out-{label}", executor=executor, progress=False
        )
    first = results["inproc"]
    for label in ("pool", "dask"):
        assert _comparable(results[label]) == _comparable(first), label
        assert _tree(tmp_path / f"out-{label}") == _tree(tmp_path / "out-inproc"), label

    assert [r.key for r in first.records] == KEYS
    by_key = {r.key: r for r in first.records}
    broken = by_key["broken.json"]
    assert not broken.ok
    assert broken.error_type == "ArgmapSyntaxError"
    assert broken.error is not None
    assert broken.error.startswith(f"{small / 'broken.json'}:1:2: malformed JSON")
    summary = first.summary()
    assert "failed:" in summary
    assert f"  {small / 'broken.json'}:1:2: malformed JSON" in summary

    if name == "check":
        selfish = by_key["sub/selfish.json"]
        assert not selfish.ok
        assert selfish.figures["error"] == 1
        assert selfish.error is not None
        assert "error[E201]: 'a' supports itself" in selfish.error
        assert selfish.error.startswith(str(small / "sub" / "selfish.json"))
        assert f"  {selfish.error}" in summary
        assert first.counts() == {"maps": 5, "ok": 3, "failed": 2, "skipped": 0}
    else:
        assert first.counts() == {"maps": 5, "ok": 4, "failed": 1, "skipped": 0}
        assert summary.count("\n  ") == 1  # only the broken file is listed
    if name == "convert":
        out = tmp_path / "out-inproc"
        assert sorted(_tree(out)) == [
            "a.json",
            "sub/b.json",
            "sub/deeper/c.json",
            "sub/selfish.json",
        ]
        assert by_key["sub/b.argdown"].output == "sub/b.json"
        again = argmap.read(out / "sub" / "b.json")
        assert again.counts() == argmap.read(small / "sub" / "b.argdown").counts()
    if name == "stats":
        for key in KEYS:
            if key != "broken.json":
                want = corpus.map_counts(argmap.read(small / key))
                assert by_key[key].figures == want
        totals = first.totals
        assert totals["maps"] == 4
        assert totals["claims"] == 2 + 2 + 3 + 3
        assert totals["support"] == 1 + 2 + 1 + 1
        assert totals["attack"] == 2
    if name == "evaluate":
        figures = by_key["sub/b.argdown"].figures
        assert figures == {"accepted": 2, "rejected": 1, "undecided": 0, "extensions": 1}
        doc = json.loads((tmp_path / "out-dask" / "sub" / "b.evaluation.json").read_text("utf-8"))
        assert doc["semantics"] == "grounded"
        assert sorted(doc["status"].values()) == ["accepted", "accepted", "rejected"]


def test_without_an_output_folder_nothing_is_written(small: Path) -> None:
    before = _tree(small)
    result = corpus.stats(small, progress=False)
    assert len(result.records) == 5
    assert result.processed == 5
    assert _tree(small) == before
    with pytest.raises(corpus.CorpusError, match="needs an output folder"):
        corpus.run(small, corpus.Convert("svg"))


def test_resume_skips_what_is_unchanged_and_redoes_what_changed(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = corpus.convert(small, "json", output=out, progress=False)
    assert first.processed == 5
    assert first.skipped == 0
    written = _tree(out)

    second = corpus.convert(small, "json", output=out, progress=False)
    assert second.processed == 0
    assert second.skipped == 5
    assert _comparable(second) == [{**r, "skipped": True} for r in _comparable(first)]
    assert _tree(out) == written

    # Touched without a change: re-hashed, still skipped.
    target = small / "sub" / "b.argdown"
    os.utime(target, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert corpus.convert(small, "json", output=out, progress=False).processed == 0

    # Changed: exactly that one is redone.
    target.write_text(ARGDOWN + "  + [D]: They sleep a lot.\n", "utf-8")
    third = corpus.convert(small, "json", output=out, progress=False)
    assert [r.key for r in third.records if not r.skipped] == ["sub/b.argdown"]
    assert argmap.read(out / "sub" / "b.json").counts()["claims"] == 4

    # A deleted output is redone; other options are another run; --force redoes all.
    (out / "a.json").unlink()
    assert [r.key for r in corpus.convert(small, "json", output=out).records if not r.skipped] == [
        "a.json"
    ]
    other = corpus.convert(small, "json", output=out, options={"other": "1"}, progress=False)
    assert other.processed == 5
    forced = corpus.convert(small, "json", output=out, force=True, progress=False)
    assert forced.processed == 5
    retried = corpus.convert(small, "json", output=out, retry_failed=True, progress=False)
    assert [r.key for r in retried.records if not r.skipped] == ["broken.json"]


def test_a_manifest_with_a_torn_last_line_is_still_usable(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    corpus.stats(small, output=out, progress=False)
    manifest = out / corpus.MANIFEST_NAME
    lines = manifest.read_text("utf-8").splitlines(keepends=True)
    manifest.write_text("".join(lines[:-1]) + lines[-1][:20], "utf-8")  # cut mid-line
    again = corpus.stats(small, output=out, progress=False)
    assert again.processed == 1
    assert again.skipped == 4


def _svg_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        body = "".join(f"  + [R{i}_{k}]: Reason {k} for claim {i}.\n" for k in range(12))
        (folder / f"m{i:03d}.argdown").write_text(f"[C{i}]: Claim {i}.\n{body}", "utf-8")


@needs_dot
@pytest.mark.parametrize("workers", ["0", "2"])
def test_an_interrupted_run_leaves_no_partial_output_and_resumes(
    workers: str, tmp_path: Path
) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    n = 80
    _svg_corpus(src, n)
    cmd = [sys.executable, "-m", "argmap", "batch", "convert", str(src), "--to", "svg"]
    cmd += ["-o", str(out), "--workers", workers, "--no-progress"]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, text=True
    )
    manifest = out / corpus.MANIFEST_NAME
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.read_text("utf-8").count("\n") >= 3:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole process group, workers too
    _, err = proc.communicate(timeout=600)  # loaded 2-core CI: over 60 s
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert "run again to resume" in err

    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    outputs = sorted(p for p in out.glob("*.svg"))
    assert 3 <= len(outputs) < n
    for p in outputs:
        text = p.read_text("utf-8")
        assert text.lstrip().startswith(("<?xml", "<svg"))
        assert text.rstrip().endswith("</svg>")
    recorded = [json.loads(line) for line in manifest.read_text("utf-8").splitlines()[:-1]]
    for entry in recorded:
        assert entry["record"]["ok"]
        assert (out / entry["output"]).is_file()

    result = corpus.convert(src, "svg", output=out, progress=False)
    assert result.ok
    assert len(result.records) == n
    assert result.skipped >= len(recorded)
    assert result.processed == n - result.skipped
    assert len(list(out.glob("*.svg"))) == n


# ---------------------------------------------------------------- issue 12, batch bullets
def test_outputs_with_the_same_stem_never_collide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "maps"
    for sub in ("a", "b"):
        (src / sub).mkdir(parents=True)
        (src / sub / "x.argdown").write_text(ARGDOWN.replace("Cats", sub.upper()), "utf-8")
    (src / "x.argdown").write_text(ARGDOWN.replace("Cats", "Root"), "utf-8")
    _native(src, "x.json", "native")
    out = tmp_path / "out"
    assert main(["render", str(src), "-o", str(out), "--to", "json"]) == 0
    assert "rendered 4 of 4" in capsys.readouterr().err
    names = sorted(_tree(out))
    assert names == ["a/x.json", "b/x.json", "x.argdown.json", "x.json.json"]
    for name, source in [
        ("a/x.json", "a/x.argdown"),
        ("b/x.json", "b/x.argdown"),
        ("x.argdown.json", "x.argdown"),
        ("x.json.json", "x.json"),
    ]:
        assert argmap.read(out / name).title == argmap.read(src / source).title
        got = [s.text for s in argmap.read(out / name).statements.values()]
        assert got == [s.text for s in argmap.read(src / source).statements.values()]


def test_same_stem_with_a_plugin_extension(tmp_path: Path) -> None:
    pytest.importorskip("argmap_sadface")
    src = tmp_path / "maps"
    src.mkdir()
    (src / "x.argdown").write_text(ARGDOWN, "utf-8")
    sadface = argmap.render(argmap.parse(ARGDOWN, "argdown"), "sadface")
    (src / "x.sadface.json").write_text(str(sadface), "utf-8")
    result = corpus.convert(src, "json", output=tmp_path / "out")
    assert result.ok
    assert sorted(r.output or "" for r in result.records) == [
        "x.argdown.json",
        "x.sadface.json.json",
    ]


def test_a_folder_run_never_reads_its_own_or_an_earlier_runs_outputs(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inside = small / "rendered"
    for _ in range(2):
        assert main(["render", str(small), "-o", str(inside), "--to", "json"]) == 1
        assert "rendered 4 of 5" in capsys.readouterr().err
    assert not (inside / "rendered").exists()
    other = small / "again"
    assert main(["render", str(small), "-o", str(other), "--to", "json"]) == 1
    assert "rendered 4 of 5" in capsys.readouterr().err
    assert sorted(_tree(other)) == sorted(_tree(inside))
    # and the engine's corpus says so directly, for a walk and for a glob
    keys = [i.key for i in corpus.Corpus.from_sources(small)]
    assert keys == KEYS
    globbed = corpus.Corpus.from_sources(str(small / "**" / "*.json"))
    assert [i.key for i in globbed] == ["a.json", "broken.json", "sub/selfish.json"]


def test_a_non_argmap_exception_fails_one_file_and_the_rest_go_on(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from argmap.formats import native

    original = native.NativeJSONRenderer.render

    def explode(self: Any, amap: argmap.ArgumentMap, /, **options: Any) -> str | bytes:
        if amap.title == "alpha":
            raise KeyError("a bug in a renderer")
        return original(self, amap, **options)

    monkeypatch.setattr(native.NativeJSONRenderer, "render", explode)
    out = tmp_path / "out"
    assert main(["render", str(small), "-o", str(out), "--to", "json"]) == 1
    err = capsys.readouterr().err
    # the renderer's bug is wrapped (naming the plugin and its distribution), the rest go on
    assert f"{small / 'a.json'}: the renderer 'json' (distribution argmap " in err
    assert "failed: KeyError: 'a bug in a renderer'" in err
    assert "rendered 3 of 5" in err
    assert sorted(_tree(out)) == ["sub/b.json", "sub/deeper/c.json", "sub/selfish.json"]


# ---------------------------------------------------------------- sources
def test_json_lines_globs_and_lists(small: Path, tmp_path: Path) -> None:
    good = (small / "a.json").read_text("utf-8")
    one_line = json.dumps(json.loads(good))
    jsonl = tmp_path / "more" / "maps.jsonl"
    jsonl.parent.mkdir()
    jsonl.write_text(f'{one_line}\n\n{{"schema_version": 1, \n{one_line}\n', "utf-8")
    result = corpus.convert([jsonl], "json", output=tmp_path / "out", progress=False)
    assert [r.key for r in result.records] == ["maps.jsonl:1", "maps.jsonl:3", "maps.jsonl:4"]
    bad = result.records[1]
    assert bad.error is not None
    assert bad.error.startswith(f"{jsonl}:3:")
    assert [r.output for r in result.records] == ["maps/1.json", None, "maps/4.json"]

    globbed = corpus.Corpus.from_sources(str(small / "**" / "*.argdown"))
    assert [i.key for i in globbed] == ["sub/b.argdown", "sub/deeper/c.argdown"]
    listed = corpus.Corpus.from_sources([small / "a.json", small / "sub" / "b.argdown", jsonl])
    assert [i.key for i in listed][:2] == ["maps/a.json", "maps/sub/b.argdown"]
    assert len(listed) == 5
    with pytest.raises(corpus.CorpusError, match="no such file"):
        corpus.Corpus.from_sources(tmp_path / "nope")
    with pytest.raises(corpus.CorpusError, match="no map files"):
        corpus.Corpus.from_sources(str(tmp_path / "*.nothing"))


@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(["a", "b", "x"]), max_size=2),
            st.sampled_from(["x", "y", "x.argdown", "x.json"]),
            st.sampled_from([".argdown", ".json", ".ad", ".jsonl"]),
        ),
        max_size=12,
    )
)
@settings(deadline=None)  # the first example loads the readers
def test_output_names_are_unique_for_any_tree(files: list[tuple[list[str], str, str]]) -> None:
    items, seen = [], set()
    for dirs, stem, ext in files:
        rel = "/".join([*dirs, stem + ext])
        if rel in seen:
            continue
        seen.add(rel)
        if ext == ".jsonl":
            items += [corpus.Item(f"{rel}:{n}", rel, n, "{}") for n in (1, 2)]
        else:
            items.append(corpus.Item(rel, rel))
    names = corpus.output_names(items, ".json", inputs_at={i.rel for i in items})
    assert len(set(names.values())) == len(items)
    assert not set(names.values()) & {i.rel for i in items}


# ---------------------------------------------------------------- the command
def test_batch_command(small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "stats", str(small), "--workers", "0", "--format", "csv"]) == 1
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert [r["key"] for r in rows] == [*KEYS, "(total)"]
    assert rows[-1]["claims"] == "10"
    assert rows[0]["claims"] == "2"
    assert "stats: 5 map(s), 4 ok, 1 failed" in captured.err
    assert f"{small / 'broken.json'}:1:2: malformed JSON" in captured.err

    report = tmp_path / "report.json"
    args = ["batch", "check", str(small), "--workers", "0", "--format", "json"]
    assert main([*args, "--report", str(report), "-o", str(tmp_path / "state")]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"] == {"maps": 5, "ok": 3, "failed": 2, "skipped": 0}
    assert json.loads(report.read_text("utf-8"))["summary"] == doc["summary"]
    assert main([*args, "-o", str(tmp_path / "state")]) == 1
    assert json.loads(capsys.readouterr().out)["summary"]["skipped"] == 5

    assert main(["batch", "convert", str(small), "--workers", "0"]) == 2
    assert main(["batch", "evaluate", str(small), "--semantics", "nope"]) == 2
    assert main(["batch", "evaluate", str(small), "--workers", "0", "--support", "x"]) == 1
    assert "unknown support construction" in capsys.readouterr().err


def test_batch_command_on_dask(
    small: Path, dask_client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    address = dask_client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    assert main(["batch", "stats", str(small), "--dask", address, "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["totals"]["claims"] == 10
    assert doc["executor"].startswith("Dask (tcp://127.0.0.1:")


@needs_corpus
def test_a_real_aif_corpus(corpus_path_aif: Path) -> None:
    result = corpus.stats(corpus_path_aif, progress=False)
    assert result.ok
    assert result.totals["maps"] == 110
    assert result.totals["claims"] > 0
    assert result.totals["support"] > 0


@pytest.fixture
def corpus_path_aif(corpus: Path) -> Path:
    pytest.importorskip("argmap_aif")
    return corpus / "aif" / "microtexts-en"
