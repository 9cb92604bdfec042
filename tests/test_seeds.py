"""The seed map ``seeds/meta-open-models.argdown``: its structure must not silently break.

The map is read with :func:`argmap.read` from the repository (no corpus needed). The
tests name statements by their Argdown titles, so renaming a statement or turning an
attack into a support fails here rather than passing unnoticed.

One test also checks every quotation against the five source documents, when they are
available: set ``ARGMAP_SEEDS`` to their folder (default ``../shared/seeds`` next to the
project); it is skipped, with the reason, otherwise.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap import Argument, ArgumentMap, RelationKind, Severity, Statement
from markers import ROOT, needs_dot

SEED = ROOT / "seeds" / "meta-open-models.argdown"

STRATECHERY_URL = (
    "https://stratechery.com/2023/"
    "free-meta-open-sources-another-ai-model-moats-and-open-source-apple-and-meta/"
)

# The five source documents: the file-name prefix of the clipping in the seeds folder,
# and the title the map cites it by (plus the URL, where the document gives one).
DOCUMENTS: dict[str, tuple[str, str | None]] = {
    "000": (
        "Meta Open Sources Another AI Model, Moats and Open Source, Apple and Meta",
        STRATECHERY_URL,
    ),
    "001": ("Hacker News thread on Meta's open Llama models", None),
    "002": ("Why is Meta spending so much on Open Source AI?", None),
    "003": ("Meta's Llama 3.1 405B and its open-source approach", None),
    "004": ("Air Street essay on openness, Llama and open source", None),
}

MAIN_POSITIONS = (
    "Meta keeps giving",
    "Charity dries up",
    "Llama not open source",
    "Open catching up",
    "Regulation risk",
)

THEME_TAGS = {"business model", "licensing", "ecosystem", "risk", "competition"}


@pytest.fixture(scope="module")
def seed_map() -> ArgumentMap:
    return argmap.read(SEED)


def statement(amap: ArgumentMap, title: str) -> Statement:
    found = [s for s in amap.statements.values() if s.title == title]
    assert len(found) == 1, f"expected one statement titled {title!r}, found {len(found)}"
    return found[0]


def argument(amap: ArgumentMap, title: str) -> Argument:
    found = [a for a in amap.arguments.values() if a.title == title]
    assert len(found) == 1, f"expected one argument titled {title!r}, found {len(found)}"
    return found[0]


def related(amap: ArgumentMap, kind: RelationKind, source: str, target: str) -> bool:
    return any(
        r.kind is kind and r.source == source and r.target == target
        for r in amap.relations.values()
    )


def attacks(amap: ArgumentMap, attacker: str, target: str) -> bool:
    return related(
        amap, RelationKind.ATTACK, statement(amap, attacker).id, statement(amap, target).id
    )


def supports(amap: ArgumentMap, supporter: str, target: str) -> bool:
    return related(
        amap, RelationKind.SUPPORT, statement(amap, supporter).id, statement(amap, target).id
    )


def test_map_has_title_description_and_size(seed_map: ArgumentMap) -> None:
    assert seed_map.title == "Why does Meta give its AI models away, and will it last?"
    assert seed_map.description
    assert "Llama" in seed_map.description
    assert 40 <= len(seed_map.statements) <= 80
    assert seed_map.source_path is not None


def test_check_reports_no_errors_and_no_orphans(seed_map: ArgumentMap) -> None:
    findings = argmap.check(seed_map)
    assert [str(f) for f in findings if f.severity is Severity.ERROR] == []
    assert [str(f) for f in findings if f.code == "W107"] == []
    assert [str(f) for f in argmap.check(SEED) if f.severity is Severity.ERROR] == []


def test_main_positions_are_stated(seed_map: ArgumentMap) -> None:
    for title in MAIN_POSITIONS:
        st = statement(seed_map, title)
        assert not st.is_evidence, f"{title!r} is a position, not evidence"
    assert related(
        seed_map,
        RelationKind.CONTRADICTION,
        statement(seed_map, "Meta keeps giving").id,
        statement(seed_map, "Charity dries up").id,
    ) or related(
        seed_map,
        RelationKind.CONTRADICTION,
        statement(seed_map, "Charity dries up").id,
        statement(seed_map, "Meta keeps giving").id,
    )


def test_charity_grist_spam_rebuttal_chain(seed_map: ArgumentMap) -> None:
    """ "Charity will dry up" <- "grist for ads" <- "AI content is spam" <- counter."""
    assert "charity" in statement(seed_map, "Charity dries up").text
    assert "grist" in statement(seed_map, "Grist for ads").text
    assert "spam" in statement(seed_map, "AI content is spam").text
    assert attacks(seed_map, "Grist for ads", "Charity dries up")
    assert attacks(seed_map, "AI content is spam", "Grist for ads")
    assert attacks(seed_map, "Models fight spam", "AI content is spam")
    # the chain is a rebuttal chain, not support in disguise
    assert not supports(seed_map, "Grist for ads", "Charity dries up")
    assert not supports(seed_map, "AI content is spam", "Grist for ads")


def test_other_disagreements_are_attacks(seed_map: ArgumentMap) -> None:
    assert supports(seed_map, "Protects the apps", "Meta keeps giving")
    assert attacks(seed_map, "Benchmarks overstate", "Open catching up")
    assert attacks(seed_map, "Regulation risk", "Meta keeps giving")
    assert supports(seed_map, "Misuse risk", "Regulation risk")
    assert attacks(seed_map, "Espionage anyway", "Misuse risk")
    assert attacks(seed_map, "Vague argument", "Espionage anyway")
    assert attacks(seed_map, "Llama not open source", "Linux path")
    assert attacks(seed_map, "Synthetic data limit", "Foundation model route")


def test_cost_objection_is_an_undercut_of_the_cost_argument(seed_map: ArgumentMap) -> None:
    costs = argument(seed_map, "Costs end the giving")
    premises = {seed_map.statements[p].title for p in costs.premises}
    assert premises == {"Models cost a fortune", "Spending must pay off"}
    assert costs.conclusion == statement(seed_map, "Charity dries up").id
    cheap = statement(seed_map, "Cost insignificant")
    assert cheap.is_evidence
    assert related(seed_map, RelationKind.UNDERCUT, cheap.id, costs.id)
    # it attacks the inference, not the premise that models are expensive
    assert not attacks(seed_map, "Cost insignificant", "Models cost a fortune")


def test_scenario_reasoning_is_a_chain_of_linked_premises(seed_map: ArgumentMap) -> None:
    multi = [a for a in seed_map.arguments.values() if len(a.premises) >= 2 and a.conclusion]
    assert len(multi) >= 4
    scenario = argument(seed_map, "Scenario 2")
    assert len(scenario.premises) == 3
    free = argument(seed_map, "Free models commoditise")
    # the second step starts from the first step's conclusion
    assert scenario.conclusion in free.premises
    assert free.conclusion == statement(seed_map, "Protects the apps").id
    grist = argument(seed_map, "Grist argument")
    assert grist.conclusion == statement(seed_map, "Grist for ads").id
    assert len(grist.premises) == 3


def test_every_evidence_statement_cites_a_short_quote(seed_map: ArgumentMap) -> None:
    evidence = seed_map.evidence_items
    assert len(evidence) >= 30
    for st in evidence:
        assert st.sources, f"{st.id!r} cites no source"
        for src in st.sources:
            assert src.title, f"{st.id!r}: a source without a title"
            assert src.locator, f"{st.id!r}: a source without a locator"
            assert src.quote, f"{st.id!r}: a source without a quote"
            words = len(src.quote.split())
            assert words <= 25, f"{st.id!r}: quote of {words} words is too long"


def test_claims_carry_no_sources(seed_map: ArgumentMap) -> None:
    for st in seed_map.claims:
        assert not st.sources, f"claim {st.id!r} has sources but is not evidence"


def cited(amap: ArgumentMap, title: str, url: str | None) -> list[str]:
    return [
        st.id
        for st in amap.evidence_items
        if any(s.title == title or (url is not None and s.url == url) for s in st.sources)
    ]


@pytest.mark.parametrize("prefix", sorted(DOCUMENTS))
def test_each_document_is_cited_at_least_twice(seed_map: ArgumentMap, prefix: str) -> None:
    title, url = DOCUMENTS[prefix]
    assert len(cited(seed_map, title, url)) >= 2


def test_sources_are_cited_consistently(seed_map: ArgumentMap) -> None:
    """Every source is one of the five documents, cited with the same details each time."""
    known = {title for title, _ in DOCUMENTS.values()}
    details: dict[str, set[tuple[str | None, ...]]] = {}
    for st in seed_map.evidence_items:
        for src in st.sources:
            assert src.title in known, f"{st.id!r} cites an unknown source {src.title!r}"
            details.setdefault(src.title, set()).add(
                (src.author, src.publisher, src.url, src.published)
            )
    for title, variants in details.items():
        assert len(variants) == 1, f"{title!r} is cited with differing details: {variants}"
    stratechery = details[DOCUMENTS["000"][0]].pop()
    assert stratechery == (None, "Stratechery", STRATECHERY_URL, "2023-05-11")
    nandu = details[DOCUMENTS["002"][0]].pop()
    assert nandu[3] == "2024-04-26"


def test_themes_and_sections(seed_map: ArgumentMap) -> None:
    assert set(seed_map.tags()) >= THEME_TAGS
    assert "business model" in statement(seed_map, "Grist for ads").tags
    # every node has a theme, so a tag selection (render option tags=) shows whole threads
    untagged = [n.id for n in seed_map.nodes() if not THEME_TAGS.intersection(n.tags)]
    assert untagged == []
    assert all("#" not in s.text for s in seed_map.statements.values())
    titles = {g.title: g for g in seed_map.groups.values()}
    for heading in (
        "The question and the main positions",
        "Is it charity?",
        "Commoditise the complement",
        "Is Llama open source?",
        "Are open models catching up?",
        "Risks of openness",
    ):
        assert heading in titles
    grist_group = titles["Grist for the ad machine"]
    assert grist_group.parent == titles["Is it charity?"].id
    assert statement(seed_map, "AI content is spam").group == grist_group.id


def seeds_folder() -> Path | None:
    setting = os.environ.get("ARGMAP_SEEDS", "")
    path = Path(setting) if setting else ROOT.parent / "shared" / "seeds"
    if not path.is_absolute():
        path = (ROOT / path).resolve()
    return path if path.is_dir() else None


def test_quotes_are_verbatim_at_their_exact_locators(seed_map: ArgumentMap) -> None:
    """Every quote is in the document it cites, character for character, and its locator
    is the quote's exact locator there (issue 15)."""
    from argmap.sources import read_documents, verify_quotes

    folder = seeds_folder()
    if folder is None:
        pytest.skip("seed documents not found: set ARGMAP_SEEDS to their folder")
    report = verify_quotes(seed_map, read_documents(folder))
    assert len(report.checks) == 46
    statuses = {c.statement: c.verification.status.value for c in report.checks}
    assert set(statuses.values()) == {"exact"}, statuses
    for c in report.checks:
        assert c.source.locator == c.verification.locator, c.statement
        assert c.found_by in ("document", "url"), c.statement
    assert report.findings == []


def test_overview_shows_positions_without_evidence(seed_map: ArgumentMap) -> None:
    dot = argmap.render(
        seed_map,
        "dot",
        root=statement(seed_map, "Meta keeps giving").id,
        depth=2,
        show_evidence=False,
    )
    assert isinstance(dot, str)
    for title in ("Meta keeps giving", "Charity dries up", "Protects the apps"):
        assert title in dot
    assert "Cost insignificant" not in dot
    full = argmap.render(seed_map, "dot")
    assert isinstance(full, str)
    assert "Cost insignificant" in full
    assert len(full) > len(dot)


@needs_dot
def test_full_map_renders_to_png(seed_map: ArgumentMap) -> None:
    png = argmap.render(seed_map, "png")
    assert isinstance(png, bytes)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("fmt", ["argdown", "json"])
def test_round_trip_keeps_the_map(seed_map: ArgumentMap, fmt: str) -> None:
    text = argmap.render(seed_map, fmt)
    assert isinstance(text, str)
    again = argmap.parse(text, fmt)
    assert again == seed_map
    assert len(again.evidence_items) == len(seed_map.evidence_items)


# ---------------------------------------------------------------- committed renderings
def _regen() -> Any:
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader(
        "regen_seeds", str(ROOT / "scripts" / "regen-seeds")
    )
    spec = importlib.util.spec_from_loader("regen_seeds", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


REGEN = _regen()
_GV_VERSION = re.compile(rb"Generated by graphviz version ([^\s]+)")


@needs_dot
@pytest.mark.graphviz
@pytest.mark.parametrize("item", REGEN.renderings(), ids=lambda item: item["output"])
def test_committed_rendering_is_fresh(item: dict[str, Any]) -> None:
    """A committed picture in seeds/ is what the current renderer draws (regenerate with
    scripts/regen-seeds). Byte for byte when the Graphviz versions match; else the drawn
    text must match (another Graphviz places things differently)."""
    path = ROOT / "seeds" / item["output"]
    committed = path.read_bytes()
    fresh = REGEN.fresh(item)
    hint = f"seeds/{item['output']} is stale: run scripts/regen-seeds and commit the result"
    made_by = _GV_VERSION.search(committed)
    here = _GV_VERSION.search(fresh)
    if made_by and here and made_by.group(1) == here.group(1):
        assert committed == fresh, hint
    else:

        def texts(svg: bytes) -> list[bytes]:
            return sorted(re.findall(rb"<text[^>]*>([^<]*)</text>", svg))

        assert texts(committed) == texts(fresh), hint


def test_readme_picture_is_legible_at_githubs_column_width() -> None:
    """The README's picture, shown in GitHub's ~880 px column (an image wider than the
    column is scaled down to it), has no text smaller than 10 px. Graphviz SVG is in
    points (1 pt = 4/3 px); text sizes are in the same units."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"!\[[^\]]*\]\((seeds/[^)]+\.svg)\)", readme)
    assert found is not None, "README.md shows no picture from seeds/"
    svg = (ROOT / found.group(1)).read_text(encoding="utf-8")
    width = re.search(r'<svg width="([\d.]+)pt"', svg)
    assert width is not None
    px = float(width.group(1)) * 4 / 3
    scale = min(1.0, 880 / px)
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes
    assert min(sizes) * 4 / 3 * scale >= 10, (found.group(1), px, min(sizes))


def _bezier_points(d: str) -> list[tuple[float, float]]:
    """Points along an SVG path of cubic Béziers as Graphviz writes them (M x,y C ...)."""
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    ctrl = list(zip(nums[::2], nums[1::2], strict=False))
    out = []
    for i in range(0, len(ctrl) - 3, 3):
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = ctrl[i : i + 4]
        for k in range(21):
            t = k / 20
            u = 1 - t
            out.append(
                (
                    u**3 * ax + 3 * u * u * t * bx + 3 * u * t * t * cx + t**3 * dx,
                    u**3 * ay + 3 * u * u * t * by + 3 * u * t * t * cy + t**3 * dy,
                )
            )
    return out


def label_crossings(svg: str) -> list[tuple[str, str]]:
    """(edge title, section title) for every edge path that runs through the box of a
    cluster's title text. The box is estimated from the text: 0.6 em per character of
    bold Helvetica (wider than Graphviz's own estimate, as browsers draw it), from 0.8 em
    above the baseline to 0.2 em below."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(svg)
    boxes = []
    for g in root.iter(ns + "g"):
        if "cluster" not in (g.get("class") or "").split():
            continue
        for t in g.iter(ns + "text"):
            size = float(t.get("font-size", "14"))
            words = "".join(t.itertext())
            x, y, w = float(t.get("x", "0")), float(t.get("y", "0")), len(words) * size * 0.6
            anchor = t.get("text-anchor", "start")
            x0 = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
            boxes.append((words, x0, y - 0.8 * size, x0 + w, y + 0.2 * size))
    crossed = []
    for g in root.iter(ns + "g"):
        if "edge" not in (g.get("class") or "").split():
            continue
        title = g.findtext(ns + "title") or ""
        for path in g.iter(ns + "path"):
            points = _bezier_points(path.get("d", ""))
            for words, x0, y0, x1, y1 in boxes:
                if any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points):
                    crossed.append((title, words))
    return crossed


def test_label_crossings_sees_an_edge_through_a_title() -> None:
    """The geometric check itself: a path through a title is found, one beside it not."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g class="cluster group">'
        '<text x="100" y="50" font-size="12">A section title</text></g>'
        '<g class="edge support"><title>a supports b</title>'
        '<path d="M90,46 C120,46 150,46 190,46"/></g>'
        '<g class="edge support"><title>c supports d</title>'
        '<path d="M90,80 C120,80 150,80 190,80"/></g></svg>'
    )
    assert label_crossings(svg) == [("a supports b", "A section title")]


@pytest.mark.parametrize("item", REGEN.renderings(), ids=lambda item: item["output"])
def test_no_edge_runs_through_a_section_title(item: dict[str, Any]) -> None:
    """In the committed pictures (fresh, see above) no edge crosses a section's title
    (the README picture had the support from "Not charity" running through "The
    question and the main positions"), and every edge's <title> is words, not DOT
    names with ports (``n3->n0:nw``)."""
    svg = (ROOT / "seeds" / item["output"]).read_text(encoding="utf-8")
    assert label_crossings(svg) == []
    titles = re.findall(r"<title>([^<]*)</title>", svg)
    assert titles
    assert not [t for t in titles if re.search(r"\b[nr]\d+(:\w+)?&#45;&gt;", t)]
