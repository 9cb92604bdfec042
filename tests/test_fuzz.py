"""A short fuzz pass over every reader (issue 12 item 7); ``scripts/fuzz`` runs it for long.

Any bytes give a map (or a source document) or an ArgmapError with a location, within
5 s and 1 GiB per input (see ``fuzz_harness``). Each reader gets a fixed, derandomized
hypothesis run of :data:`EXAMPLES` inputs (its seeds mutated, raw bytes, runs of its
tokens), read in a worker process under the limits.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import fuzz_harness as fh

EXAMPLES = 60


@pytest.mark.parametrize("name", list(fh.TARGETS))
def test_any_bytes_give_a_map_or_a_located_error(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the suite runs beside other work: 20 s per input here catches a stall without
    # flaking under load (scripts/fuzz holds readers to 5 s)
    monkeypatch.setenv("ARGMAP_FUZZ_TIME_LIMIT", "20")
    monkeypatch.setattr(fh, "TIME_LIMIT", 20.0)
    target = fh.TARGETS[name]
    if name == "pdf":
        pytest.importorskip("argmap_pdf", reason="the argmap-pdf plugin is not installed")
    seed_list = fh.seeds(target, limit=12)
    worker = fh.Worker(target)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(fh.strategy(target, seed_list))
    def reads(data: bytes) -> None:
        result = worker.run(data)
        assert fh.failure_key(result) is None, (result, data[:500])

    try:
        for seed in seed_list[:4]:  # the unchanged seeds must read too
            result = worker.run(seed)
            assert fh.failure_key(result) is None, (result, seed[:200])
        reads()
    finally:
        worker.close()


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (b"fine", "ok"),
        (b"sleep", "timeout"),
        (b"spin", "timeout"),
        (b"memory", "memory"),
        (b"crash", "crash"),
        (b"exit", "crash"),
    ],
)
def test_the_harness_catches_what_the_property_forbids(
    monkeypatch: pytest.MonkeyPatch, data: bytes, outcome: str
) -> None:
    """The harness itself, with a target that misbehaves on purpose."""
    monkeypatch.setenv("ARGMAP_FUZZ_TIME_LIMIT", "0.5")
    monkeypatch.setattr(fh, "TIME_LIMIT", 0.5)
    worker = fh.Worker(fh.SELFTEST)
    try:
        assert worker.run(data)["outcome"] == outcome
        assert worker.run(b"fine")["outcome"] == "ok"  # and it goes on (restarted if need be)
    finally:
        worker.close()
