"""The Markdown outline and plain-text tree renderers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgumentMap, RenderError, Source
from argmap._api import get_renderer, render
from argmap._display import visible, visible_url
from argmap.renderers.outline import MarkdownRenderer, TextRenderer, md_escape
from argmap.testing import maps, texts

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("ARGMAP_UPDATE_GOLDEN") == "1"


def full_map() -> ArgumentMap:
    """A map with every element and relation type, a shared node, a cycle and an orphan."""
    m = ArgumentMap("Should cities ban cars from their centres?", description="A demo debate.")
    g = m.group("Economy", id="economy")
    main = m.claim("Cities should ban private cars from their centres", id="main", tags="policy")
    air = m.claim("Car bans improve air quality", id="air", title="Cleaner air")
    m.support(air, main)
    madrid = m.evidence(
        "Madrid's low-emission zone cut NO2 by 15% in one year",
        [
            Source(
                title="Madrid Central: first-year report",
                author="Ayuntamiento de Madrid",
                publisher="City of Madrid",
                url="https://example.org/madrid-central",
                published="2019-06",
                quote="NO2 levels fell by 15% on average",
                locator="p. 4",
            ),
            Source(title="A blog post", url="javascript:alert(1)"),
        ],
        id="madrid",
    )
    m.support(madrid, air)
    tiny = m.claim("The study covered only six stations", id="tiny")
    m.undercut(tiny, m.relations["madrid -support-> air"])
    never = m.claim("Car bans never change anything", id="never")
    m.contradict(never, air)
    shops = m.claim("Shops in the centre lose customers", id="shops", group=g)
    m.rebut(shops, main)
    foot = m.claim("Most shoppers arrive on foot or by transit", id="foot", group=g)
    walk = m.claim("Pedestrian streets draw more walkers", id="walk", group=g)
    footfall = m.argument([foot, walk], main, title="Footfall", id="footfall", group=g)
    m.rebut(footfall, shops)
    survey = m.claim("The survey was run by a car lobby", id="survey")
    m.undercut(survey, footfall)
    m.support(air, shops)  # shared: 'air' is reached a second time under 'shops'
    loop_a = m.claim("Loop A", id="loop-a")
    loop_b = m.claim("Loop B", id="loop-b")
    m.support(loop_a, loop_b)
    m.support(loop_b, loop_a)
    m.claim("An orphan thought", id="orphan")
    return m


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with ARGMAP_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------- golden files
def test_golden_text() -> None:
    check_golden("outline-full.txt", render(full_map(), "text"))


def test_golden_text_ascii_narrow() -> None:
    check_golden("outline-full-ascii-w60.txt", render(full_map(), "text", ascii=True, width=60))


def test_golden_markdown() -> None:
    check_golden("outline-full.md", render(full_map(), "markdown"))


# ------------------------------------------------------------------------- structure
def test_registered_by_name_and_extension() -> None:
    assert isinstance(get_renderer("markdown"), MarkdownRenderer)
    assert isinstance(get_renderer("text"), TextRenderer)
    assert MarkdownRenderer.extensions == (".md", ".markdown")
    assert MarkdownRenderer.media_type == "text/markdown"
    assert TextRenderer.extensions == (".txt",)
    assert TextRenderer.media_type == "text/plain"


def test_text_tree_structure() -> None:
    out = render(full_map(), "text", width=0)
    lines = out.splitlines()
    assert lines[0] == "Should cities ban cars from their centres?"
    main = lines.index("■ Cities should ban private cars from their centres #policy")
    # the main claim's children, in order: pros (support, then the concluding argument), cons
    kids = [ln for ln in lines[main + 1 :] if re.match(r"^[├└]── ", ln)]
    assert kids[0].startswith("├── PRO  Cleaner air: Car bans improve air quality")
    assert kids[1].startswith("├── PRO  ⟨Footfall⟩")
    assert kids[2].startswith("└── CON  Shops in the centre lose customers")
    assert "│   ├── PREMISE 1/2  Most shoppers arrive on foot or by transit" in lines
    assert "│   ├── PREMISE 2/2  Pedestrian streets draw more walkers" in lines
    assert any(
        "UNDERCUT  The survey was run by a car lobby — undercuts the inference of" in ln
        for ln in lines
    )
    assert any(
        "UNDERCUT  The study covered only six stations — undercuts the" in ln for ln in lines
    )
    assert any("CONTRADICTS  Car bans never change anything" in ln for ln in lines)
    # evidence with its source details
    assert any("PRO  [evidence] Madrid's low-emission zone" in ln for ln in lines)
    assert any(
        "source: Madrid Central: first-year report, Ayuntamiento de Madrid" in ln for ln in lines
    )
    assert any(ln.strip(" │").startswith("https://example.org/madrid-central") for ln in lines)
    assert any("“NO2 levels fell by 15% on average” (p. 4)" in ln for ln in lines)


def test_shared_nodes_and_cycles_are_back_references() -> None:
    out = render(full_map(), "text")
    # 'air' is printed once in full, then referred to
    full_lines = [ln for ln in out.splitlines() if "PRO  Cleaner air: Car bans" in ln]
    assert len(full_lines) == 1
    assert any("PRO  (see above: Cleaner air)" in ln for ln in out.splitlines())
    # the cycle terminates with a back-reference
    assert "■ Loop A" in out or "■ Loop B" in out
    assert "(see above: Loop" in out


def test_every_node_is_shown_in_full_exactly_once() -> None:
    m = full_map()
    out = render(m, "text", width=0)
    for node in m.nodes():
        text = node.text if node.text else None
        if text is None:
            continue
        shown = sum(1 for ln in out.splitlines() if text in ln and "see above" not in ln)
        assert shown >= 1, node.id


def test_orphans_listed_at_the_end() -> None:
    out = render(full_map(), "text")
    tail = out[out.index("Orphans (no relations)") :]
    assert "- An orphan thought" in tail
    assert "Loop" not in tail
    md = render(full_map(), "markdown")
    assert md.rstrip().endswith("- An orphan thought")
    assert "## Not connected to a main claim" in md


def test_ascii_option_draws_with_ascii_only() -> None:
    out = render(full_map(), "text", ascii=True)
    assert out.isascii(), [ln for ln in out.splitlines() if not ln.isascii()]
    m = ArgumentMap()
    m.support(m.claim("“Quoted” — and… ⟨odd⟩ ■", id="a"), m.claim("plain", id="b"))
    assert "“Quoted” — and… ⟨odd⟩ ■" in render(m, "text", ascii=True)  # user text as is
    assert "|-- PRO  Cleaner air" in out
    assert "`-- CON  Shops in the centre lose customers" in out


def test_options_from_the_command_line_as_strings() -> None:
    a = render(full_map(), "text", ascii="yes", width="50", show_evidence="false")
    b = render(full_map(), "text", ascii=True, width=50, show_evidence=False)
    assert a == b
    assert "[evidence]" not in a
    assert "Madrid" not in a


def test_width_wraps_lines() -> None:
    out = render(full_map(), "text", width=50)
    for ln in out.splitlines():
        if "://" not in ln:
            assert len(ln) <= 50, ln
    assert max(len(ln) for ln in render(full_map(), "text", width=0).splitlines()) > 100


def test_unknown_and_bad_options_raise_render_errors() -> None:
    with pytest.raises(RenderError, match="no option colour"):
        render(full_map(), "text", colour="red")
    with pytest.raises(RenderError, match=r"option width='wide' is not allowed: expected a whole"):
        render(full_map(), "text", width="wide")
    with pytest.raises(RenderError, match=r"ascii='maybe' is not allowed: expected true or false"):
        render(full_map(), "text", ascii="maybe")
    with pytest.raises(RenderError, match="no option width"):
        render(full_map(), "markdown", width=10)


def test_title_option() -> None:
    assert render(full_map(), "markdown", title="Mine").startswith("# Mine\n")
    assert not render(full_map(), "markdown", title="").startswith("#")
    assert render(full_map(), "text", title="").startswith("A demo debate.")


def test_select_tags_groups_root_depth() -> None:
    out = render(full_map(), "text", groups="economy")
    assert "Shops in the centre" in out
    assert "Cleaner air" not in out
    out = render(full_map(), "text", root="shops")
    assert "■ Shops in the centre lose customers" in out.splitlines()
    assert "Cities should ban" not in out
    assert "Orphans" not in out
    out = render(full_map(), "text", root="main", depth=1)
    assert "Cleaner air" in out
    assert "Madrid" not in out
    out = render(full_map(), "text", depth=1)
    assert "Madrid" not in out
    assert "more below (depth limit)" in out
    assert "Orphans" in out
    assert "Loop A" in out
    out = render(full_map(), "text", tags=["policy"])
    assert "■ Cities should ban private cars" in out
    assert "Shops" not in out


def test_undercuts_of_every_kind_of_link() -> None:
    m = ArgumentMap()
    a, b, c, d = (m.claim(x, id=x) for x in ("alpha", "beta", "gamma", "delta"))
    m.support(b, a)
    m.rebut(c, a)
    m.contradict(d, a)
    m.undercut(m.claim("u1", id="u1"), m.relations["beta -support-> alpha"])
    m.undercut(m.claim("u2", id="u2"), m.relations["gamma -attack-> alpha"])
    m.undercut(m.claim("u3", id="u3"), m.relations["delta -contradiction-> alpha"])
    m.undercut(m.claim("u4", id="u4"), m.relations["u1 -undercut-> beta -support-> alpha"])
    out = render(m, "text", width=0)
    assert "UNDERCUT  u1 — undercuts the inference from beta to alpha" in out
    assert "UNDERCUT  u2 — undercuts the attack of gamma on alpha" in out
    assert "UNDERCUT  u3 — undercuts the contradiction between delta and alpha" in out
    assert "UNDERCUT  u4 — undercuts the undercut by u1" in out
    assert "Not connected" not in out


def test_deep_chains_do_not_overflow() -> None:
    m = ArgumentMap()
    prev = m.claim("claim 0", id="c0")
    for i in range(1, 1500):  # deeper than the recursion limit
        cur = m.claim(f"claim {i}", id=f"c{i}")
        m.support(cur, prev)
        prev = cur
    out = render(m, "text", width=0, ascii=True)
    assert "claim 1499" in out
    assert "claim 1499" in render(m, "markdown")


def test_evidence_sources_in_markdown() -> None:
    md = render(full_map(), "markdown")
    assert (
        "Source: [Madrid Central: first-year report](<https://example.org/madrid-central>), "
        "Ayuntamiento de Madrid, City of Madrid, 2019-06 — “NO2 levels fell by 15% on average” "
        "(p. 4)"
    ) in md
    # an unsafe URL is never a link
    assert "(javascript:" not in md
    assert "<javascript:" not in md
    assert "Source: A blog post, javascript:alert(1)" in md


def test_markdown_markers() -> None:
    md = render(full_map(), "markdown")
    assert "- **Pro**: Cleaner air: Car bans improve air quality" in md
    assert "- **Con**: Shops in the centre lose customers" in md
    assert "**Undercut**: The survey was run by a car lobby — undercuts the inference" in md
    assert "**Contradicts**: Car bans never change anything" in md
    assert "*Premise 1/2*: Most shoppers arrive on foot or by transit" in md
    assert "(see above: Cleaner air)" in md


@pytest.mark.parametrize(
    "text",
    [
        "[click](https://evil.example)",
        "<img src=x onerror=alert(1)>",
        "# Heading",
        "**bold** _em_ `code` ~~strike~~",
        "a\n\n# not a heading\n- not a list",
        "&lt;entity&gt; \\ backslash",
        "![image](x.png)",
        "| a | b |",
    ],
)
def test_markdown_escapes_user_text(text: str) -> None:
    m = ArgumentMap(text)
    c = m.claim(text, id="c")
    m.support(m.claim("plain supporter", id="s"), c)
    html = _markdown_to_html(render(m, "markdown"))
    tags = _tags(html)
    assert tags <= {"h1", "h2", "ul", "li", "p", "strong", "em", "code"}, tags
    assert " ".join(text.split()) in _text_of(html)


def test_md_escape_is_reversible_by_commonmark() -> None:
    s = r"*a* _b_ `c` [d](e) <f> &amp; \g # | ~ !"
    assert _text_of(_markdown_to_html(md_escape(s))).strip() == s


# ------------------------------------------------------------------------- properties
def _markdown_to_html(md: str) -> str:
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark").render(md))


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _tags(html: str) -> set[str]:
    p = _Collect()
    p.feed(html)
    p.close()
    return p.tags


def _text_of(html: str) -> str:
    p = _Collect()
    p.feed(html)
    p.close()
    return " ".join("".join(p.text).split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(max_statements=6, max_relations=8))
def test_markdown_never_produces_markup(amap: ArgumentMap) -> None:
    md = render(amap, "markdown")
    p = _Collect()
    p.feed(_markdown_to_html(md))
    p.close()
    assert p.tags <= {"h1", "h2", "h3", "ul", "li", "p", "strong", "em", "code", "a"}, p.tags
    safe = {visible_url(s.url) for st_ in amap.statements.values() for s in st_.sources if s.url}
    for tag, name, value in p.attrs:
        assert (tag, name) == ("a", "href")
        assert value in safe
    text = " ".join("".join(p.text).split())
    for node in amap.nodes():
        for piece in (getattr(node, "text", None), node.title):
            if piece:
                assert " ".join(visible(piece).split()) in text  # as displayed


@settings(max_examples=60, deadline=None)
@given(maps(max_statements=7, max_relations=10), st.booleans(), st.integers(0, 120))
def test_text_renders_every_map(amap: ArgumentMap, ascii_: bool, width: int) -> None:
    out = render(amap, "text", ascii=ascii_, width=width)
    assert out.endswith("\n")
    assert render(amap, "text", ascii=ascii_, width=width) == out  # deterministic
    unwrapped = render(amap, "text", ascii=ascii_, width=0)
    for node in amap.nodes():  # every node is in the outline, in full or as a back-reference
        label = node.title or getattr(node, "text", None)
        if label:
            assert " ".join(visible(label).split())[:40] in unwrapped  # as displayed


@settings(max_examples=30, deadline=None)
@given(st.lists(texts(max_size=80, plain=True), min_size=3, max_size=3), st.integers(40, 100))
def test_no_line_longer_than_width(words: list[str], width: int) -> None:
    m = ArgumentMap()
    a = m.claim(words[0], id="a")
    b = m.claim(words[1], id="b")
    c = m.claim(words[2], id="c")
    m.support(b, a)
    m.rebut(c, b)
    for ln in render(m, "text", width=width).splitlines():
        assert len(ln) <= width, (ln, width)


# ------------------------------------------------------------------------- evaluation
class FakeEvaluation:
    """A small object honouring the evaluation display contract."""

    semantics = "fake"
    is_gradual = True

    def __init__(self, table: dict[str, tuple[str | None, float | None]]) -> None:
        self.table = table
        self.calls: list[str] = []

    def status(self, node_id: str) -> str | None:
        self.calls.append(node_id)
        return self.table.get(node_id, (None, None))[0]

    def strength(self, node_id: str) -> float | None:
        return self.table.get(node_id, (None, None))[1]

    def explain(self, node_id: str) -> str:
        return f"because of reasons about {node_id}"


def test_evaluation_badges_and_explanations_from_an_object() -> None:
    ev = FakeEvaluation(
        {
            "main": ("accepted", 0.734),
            "shops": ("rejected", 0.2),
            "air": ("undecided", None),
            "never": (None, 0.5),
        }
    )
    out = render(full_map(), "text", evaluation=ev, width=0)
    assert "■ Cities should ban private cars from their centres #policy [IN 73%]" in out
    assert "CON  Shops in the centre lose customers [OUT 20%]" in out
    assert "PRO  Cleaner air: Car bans improve air quality [UNDEC]" in out
    assert "Car bans never change anything [50%]" in out
    assert "why: because of reasons about main" in out
    assert "reasons about madrid" not in out  # no result, no badge, no explanation
    md = render(full_map(), "markdown", evaluation=ev)
    assert "## Cities should ban private cars from their centres \\#policy `IN 73%`" in md
    assert "Shops in the centre lose customers `OUT 20%`" in md


def test_evaluation_object_must_honour_the_contract() -> None:
    with pytest.raises(RenderError, match="has no status"):
        render(full_map(), "text", evaluation=object())


def test_no_evaluation_no_badges() -> None:
    assert "[IN" not in render(full_map(), "text")
    assert render(full_map(), "text", evaluation="none") == render(full_map(), "text")


def test_unknown_semantics_is_a_render_error() -> None:
    pytest.importorskip("argmap.evaluate")
    with pytest.raises(argmap.ArgmapError, match="no-such-semantics"):
        render(full_map(), "text", evaluation="no-such-semantics")


def test_real_evaluation_integration() -> None:
    evaluate = pytest.importorskip("argmap.evaluate")
    m = ArgumentMap()
    a, b, c = m.claim("a claim", id="a"), m.claim("b claim", id="b"), m.claim("c claim", id="c")
    m.rebut(b, a)
    m.rebut(c, b)
    out = render(m, "text", evaluation="grounded")
    assert "■ a claim [IN]" in out
    assert "CON  b claim [OUT]" in out
    assert "CON  c claim [IN]" in out
    ev = evaluate.evaluate(m, "grounded")
    assert f"why: {' '.join(ev.explain('b').split())[:40]}" in out
    gradual = render(m, "markdown", evaluation="df-quad")
    assert re.search(r"a claim `\d+%`", gradual)  # a strength, and no label it has not got


# ------------------------------------------------------------------------- determinism
def test_output_does_not_depend_on_hash_seed() -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_outline as t; "
        "from argmap._api import render; m = t.full_map(); "
        "sys.stdout.write(render(m, 'text') + render(m, 'markdown'))"
    )
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", code, str(Path(__file__).parent)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outs.add(proc.stdout)
    assert len(outs) == 1


# ------------------------------------------------------------------------- corpus
def _argdown_or_skip() -> None:
    try:
        argmap.get_reader("argdown")
    except argmap.PluginError as exc:
        pytest.skip(f"the Argdown reader cannot be loaded: {exc}")


@pytest.mark.corpus
def test_argdown_primer_outline(corpus: Path) -> None:
    _argdown_or_skip()
    amap = argmap.read(corpus / "argdown" / "examples-argdown-primer.argdown", "argdown")
    out = render(amap, "text", width=100)
    md = render(amap, "markdown")
    for node in amap.main_claims():
        label = node.title or getattr(node, "text", None) or node.id
        assert " ".join(label.split())[:30] in out
    assert out.count("\n") > 10
    assert md.count("\n- ") > 3
    assert render(amap, "text", width=100) == out


@pytest.mark.parametrize("text", ["-", "+", "- a", "1. q", "12) r", "=", "---", "* y"])
def test_markdown_text_that_looks_like_a_block_marker_stays_text(text: str) -> None:
    """A statement whose text begins like a list item or a rule (found by hypothesis: an
    orphan claim `-` gave the line `- -`, an empty nested list) is shown as its text."""
    m = ArgumentMap()
    m.support(m.evidence("e", id="e", source=Source("s")), m.claim("x", id="a"))
    m.claim(text, id="o")
    p = _Collect()
    p.feed(_markdown_to_html(render(m, "markdown")))
    p.close()
    assert p.tags <= {"h1", "h2", "h3", "ul", "li", "p", "strong", "em"}, p.tags
    assert text in " ".join("".join(p.text).split())
