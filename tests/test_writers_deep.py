"""Writers on deep maps (issue 12 item 5): no recursion on user structure, output that
grows linearly with the map, and the documented flattening rules of the nested formats."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

import argmap
from argmap import ArgumentMap, RenderError
from argmap.formats.argdown._writer import MAX_NESTING, MAX_SECTION_DEPTH
from argmap.renderers.outline import MAX_LEVEL
from argmap.testing import assert_maps_equal

ROOT = Path(__file__).resolve().parent.parent
DEPTH = 5_000  # five times Python's recursion limit; benchmarks/bench_writers.py goes further


def chain(n: int) -> ArgumentMap:
    """``s0 <- s1 <- ... <- s(n-1)``: each statement supports the one before."""
    m = ArgumentMap(f"A chain of {n}")
    prev = m.claim("Statement 0.", id="s0")
    for i in range(1, n):
        node = m.claim(f"Statement {i}.", id=f"s{i}")
        m.support(node, prev)
        prev = node
    return m


def star(n: int) -> ArgumentMap:
    """The same statements as :func:`chain`, each supporting ``s0``: depth 1."""
    m = ArgumentMap(f"A chain of {n}")
    first = m.claim("Statement 0.", id="s0")
    for i in range(1, n):
        m.support(m.claim(f"Statement {i}.", id=f"s{i}"), first)
    return m


def nested_groups(n: int) -> ArgumentMap:
    m = ArgumentMap(f"{n} nested sections")
    parent = None
    for i in range(n):
        g = m.group(f"Section {i}", id=f"g{i}", parent=parent)
        m.claim(f"Statement {i}.", id=f"s{i}", group=g.id)
        parent = g.id
    return m


def _installed(fmt: str) -> None:
    try:
        argmap.get_renderer(fmt)
    except argmap.ArgmapError:
        pytest.skip(f"the {fmt} renderer (a plugin) is not installed")


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("argdown", {}),
        ("markdown", {}),
        ("text", {}),
        ("html", {"diagram": False}),
        ("mermaid", {}),
        ("aif", {}),
        ("sadface", {}),
        ("json", {}),
    ],
)
def test_a_deep_chain_is_written_in_linear_size(fmt: str, options: dict[str, object]) -> None:
    # before: the Argdown writer raised RecursionError at depth 1,000; the text and
    # Markdown outlines indented every line by its depth (2 x depth characters a line)
    _installed(fmt)
    text = argmap.render(chain(DEPTH), fmt, **options)
    assert f"Statement {DEPTH - 1}." in text
    flat = argmap.render(star(DEPTH), fmt, **options)
    # as long as the same map one level deep, give or take the (capped) indentation:
    # indenting by depth would make it hundreds of times longer
    assert len(text) < 10 * len(flat), f"{fmt}: {len(text)} characters, {len(flat)} flat"


def test_argdown_round_trips_a_deep_chain() -> None:
    m = chain(DEPTH)
    text = argmap.render(m, "argdown")
    widest = max(len(line) - len(line.lstrip(" ")) for line in text.splitlines())
    assert widest <= 2 * (MAX_NESTING + 1)  # definitions, then the reference below them
    assert_maps_equal(m, argmap.parse(text, "argdown"))


def test_argdown_flattens_nesting_past_the_limit() -> None:
    m = chain(MAX_NESTING + 20)
    text = argmap.render(m, "argdown")
    # the node at the limit is defined at the top level and referred to where it is mentioned
    deepest = f"s{MAX_NESTING + 1}"
    assert f"\n[{deepest}]: Statement {MAX_NESTING + 1}." in text
    assert f"+ [{deepest}]\n" in text
    assert_maps_equal(m, argmap.parse(text, "argdown"))
    # shallower chains nest as before
    short = argmap.render(chain(MAX_NESTING + 1), "argdown")
    assert sum(line.startswith("[") for line in short.splitlines()) == 1  # s0 only


def test_argdown_sections_nest_to_the_limit_then_restart(
    caplog: pytest.LogCaptureFixture,
) -> None:
    n = MAX_SECTION_DEPTH + 5
    m = nested_groups(n)
    with caplog.at_level(logging.WARNING, logger="argmap"):
        text = argmap.render(m, "argdown")
    back = argmap.parse(text, "argdown")
    cut = f"g{MAX_SECTION_DEPTH}"
    assert f"the parent of group {cut!r}" in caplog.text
    for i in range(n):
        expected = None if i == 0 else f"g{i - 1}"
        if f"g{i}" == cut:
            expected = None
        assert back.groups[f"g{i}"].parent == expected
        assert back.statements[f"s{i}"].group == f"g{i}"
    assert max(len(line) for line in text.splitlines() if line.startswith("#")) < 200


def test_deeply_nested_sections_in_argdown_and_mermaid() -> None:
    # before: recursion over the group tree (RecursionError near 1,000 levels in both
    # writers) and a quadratic scan of every node per section in the Argdown writer
    _installed("mermaid")
    m = nested_groups(DEPTH)
    with_sections = argmap.render(m, "argdown")
    assert len(with_sections) < 300 * DEPTH
    mermaid = argmap.render(m, "mermaid")
    assert mermaid.count("subgraph ") == DEPTH
    assert mermaid.count("\n  end") + mermaid.count(" end\n") >= DEPTH
    assert len(mermaid) < 600 * DEPTH  # uncapped, the indentation alone is 2 x DEPTH a line


def test_argdown_output_does_not_depend_on_the_hash_seed() -> None:
    # before: which inline definitions went top-level depended on the iteration order of
    # a set of strings, so the seed map was written differently from run to run
    seed = ROOT / "seeds" / "meta-open-models.argdown"
    code = "import argmap, sys; print(argmap.render(argmap.read(sys.argv[1]), 'argdown'))"
    outs = set()
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", code, str(seed)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outs.add(done.stdout)
    assert len(outs) == 1


@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_outline_continues_a_deep_subtree_as_a_further_tree(fmt: str) -> None:
    n = MAX_LEVEL + 5
    options: dict[str, object] = {"diagram": False} if fmt == "html" else {}
    out = argmap.render(chain(n), fmt, **options)
    assert "continued below" in out
    head = {"markdown": "## Continued: ", "text": "CONTINUED", "html": "<h3>Continued: "}
    assert head[fmt] in out
    for i in range(n):
        assert f"Statement {i}." in out
    # the statement at the limit heads the continuation: shown twice, nothing else is
    assert out.count(f"Statement {MAX_LEVEL}.") == 2
    assert out.count(f"Statement {MAX_LEVEL + 1}.") == 1


def test_kialo_refuses_a_chain_deeper_than_its_limit() -> None:
    _installed("kialo")
    from argmap_kialo._writer import MAX_DEPTH

    assert argmap.render(chain(MAX_DEPTH), "kialo").count("Pro:") == MAX_DEPTH - 1
    # before: the numbers ("1.1.1....") grew with the depth, a MemoryError at 100,000
    with pytest.raises(RenderError, match=f"at most {MAX_DEPTH} levels"):
        argmap.render(chain(MAX_DEPTH + 1), "kialo")
