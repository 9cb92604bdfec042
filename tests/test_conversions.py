"""Honest conversions: each renderer declares what its format expresses; render, write
and the CLI say what a conversion drops, with counts, and --strict refuses."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap._registry import registry
from argmap.cli import main
from argmap.plugin import EVERYTHING, FEATURES, map_features
from argmap.testing import maps
from markers import ROOT

SEED = ROOT / "seeds" / "meta-open-models.argdown"
ROUND_TRIP = ("json", "argdown", "aif", "sadface")


def test_every_installed_renderer_declares_what_it_expresses() -> None:
    names = registry.names("renderer")
    for plugin in ("kialo", "mermaid", "aif", "sadface"):
        assert plugin in names
    for name in names:
        cls = registry.get("renderer", name)
        expresses = cls.expresses  # type: ignore[attr-defined]
        assert expresses is not None, name
        assert expresses <= EVERYTHING, name
    for name in ROUND_TRIP:
        assert registry.get("renderer", name).expresses == EVERYTHING  # type: ignore[attr-defined]


def test_seed_map_to_kialo_says_what_it_drops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.txt"
    assert main(["render", str(SEED), "-o", str(out), "--to", "kialo"]) == 0
    assert out.exists()
    err = capsys.readouterr().err
    (line,) = [x for x in err.splitlines() if "cannot be expressed" in x]
    assert line.startswith("argmap: warning: kialo: the map description, ")
    for part in ("4 arguments", "10 sections", "5 tags", "80 titles", "1 contradiction"):
        assert part in line
    assert line.endswith("cannot be expressed — written without them")


def test_strict_refuses_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.txt"
    assert main(["render", str(SEED), "-o", str(out), "--to", "kialo", "--strict"]) == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    err = capsys.readouterr().err
    assert "argmap: error: kialo: " in err
    assert err.rstrip().endswith("nothing written (strict)")
    m = argmap.read(SEED)
    with pytest.raises(argmap.RenderError, match="4 arguments"):
        argmap.write(m, out, "kialo", strict=True)
    assert not out.exists()
    with pytest.raises(argmap.RenderError):
        argmap.render(m, "kialo", strict=True)


def test_the_warning_goes_through_logging(caplog: pytest.LogCaptureFixture) -> None:
    m = argmap.read(SEED)
    with caplog.at_level(logging.INFO, logger="argmap"):
        argmap.render(m, "kialo")
    (record,) = [r for r in caplog.records if "cannot be expressed" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert record.name == "argmap"


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_round_trip_formats_report_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(SEED), "-o", str(tmp_path / "out"), "--to", name]) == 0
    assert "cannot be expressed" not in capsys.readouterr().err
    assert main(["render", str(SEED), "-o", str(tmp_path / "out2"), "--to", name, "--strict"]) == 0


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(maps())
def test_round_trip_formats_never_drop(amap: argmap.ArgumentMap) -> None:
    for name in ROUND_TRIP:
        assert argmap.get_renderer(name).dropped(amap) == {}


def test_plain_aif_says_what_it_drops(caplog: pytest.LogCaptureFixture) -> None:
    m = argmap.read(SEED)
    renderer = argmap.get_renderer("aif")
    assert renderer.dropped(m) == {}
    lost = renderer.dropped(m, extensions="false")
    assert lost["sections"] == 10
    assert lost["evidence"] == map_features(m)["evidence"]
    with pytest.raises(argmap.RenderError, match="aif: the map title"):
        argmap.render(m, "aif", strict=True, extensions=False)


def test_a_view_logs_what_it_leaves_out_as_info(caplog: pytest.LogCaptureFixture) -> None:
    m = argmap.read(SEED)
    with caplog.at_level(logging.INFO, logger="argmap"):
        argmap.render(m, "dot")
        argmap.render(m, "dot", strict=True)  # a view is not a conversion: strict allows it
    records = [r for r in caplog.records if "cannot be expressed" in r.getMessage()]
    assert [r.levelno for r in records] == [logging.INFO, logging.INFO]
    assert "5 tags" in records[0].getMessage()
    assert "tags" not in argmap.get_renderer("dot").dropped(m, tag_colors=True)


def test_features_counted() -> None:
    m = argmap.ArgumentMap("t", description="d")
    a = m.claim("a", id="a", tags=["x", "y"])
    b = m.claim("b", id="b", title="B", tags=["x"])
    e = m.evidence("e", argmap.Source(title="s", author="me", quote="q"), id="e")
    m.contradict(a, b)
    m.support(e, a)
    counts = map_features(m)
    assert counts == {
        "title": 1,
        "description": 1,
        "titles": 1,
        "evidence": 1,
        "sources": 1,
        "source-details": 1,
        "quotes": 1,
        "contradiction": 1,
        "support": 1,
        "tags": 2,
    }
    assert set(counts) <= set(FEATURES)
