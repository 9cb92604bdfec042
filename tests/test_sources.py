"""Source documents (issue 15): readers on real files, locators, quote verification,
--fix-locators, the evidence finder and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
import argmap.testing
from argmap.cli import main
from argmap.sources import (
    Block,
    Document,
    Library,
    build_document,
    find_evidence,
    fix_locators,
    parse_locator,
    read_document,
    read_documents,
    verify_quotes,
)

ROOT = Path(__file__).resolve().parents[1]
SEED_MAP = ROOT / "seeds" / "meta-open-models.argdown"


def seeds() -> Path:
    path = ROOT.parent / "shared" / "seeds"
    if not path.is_dir():
        pytest.skip("seed documents not found (../shared/seeds)")
    return path


# ------------------------------------------------------------------ the model
@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=8))
def test_passages_address_their_text(paragraphs: list[str]) -> None:
    doc = build_document([Block(p) for p in paragraphs], id="x")
    for p in doc.passages:
        assert doc.text[p.start : p.end] == p.text
        assert doc.passage(p.locator) == p
        assert parse_locator(p.locator) == (None, p.paragraph, p.sentence)
        assert doc.locate(p.start, p.end) in (p.locator, f"¶{p.paragraph}")
    again = build_document([Block(p) for p in paragraphs], id="x")
    assert [p.locator for p in again.passages] == [p.locator for p in doc.passages]
    assert Document.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc


def test_sentences_and_abbreviations() -> None:
    doc = build_document(
        [Block("Dr. Lee met the U.S. team at 3 p.m. on Monday. They agreed! Then left.")], id="x"
    )
    assert [s.text for s in doc.sentences] == [
        "Dr. Lee met the U.S. team at 3 p.m. on Monday.",
        "They agreed!",
        "Then left.",
    ]
    assert doc.locate(doc.text.index("agreed"), doc.text.index("agreed") + 6) == "¶1.s2"
    sel = doc.selector(doc.text.index("They"), doc.text.index("!") + 1, context=8)
    assert sel.as_dict() == {
        "type": "TextQuoteSelector",
        "exact": "They agreed!",
        "prefix": "Monday. ",
        "suffix": " Then le",
    }


def test_a_quote_across_paragraphs_gets_a_range() -> None:
    doc = build_document([Block("One two."), Block("Three four.")], id="x")
    assert doc.locate(4, doc.text.index("Three") + 5) == "¶1–¶2"


def test_documents_serialise_with_errors_located() -> None:
    with pytest.raises(argmap.ArgmapSyntaxError, match=r"\$\.id"):
        Document.from_dict({"id": 3, "text": "x"})


# ------------------------------------------------------------------ readers
def test_text_reader_on_the_seed_clippings() -> None:
    lib = read_documents(seeds())
    assert len(lib) == 5
    strat = lib["000_2343880208b7c9e3.txt"]
    assert strat.format == "text"
    assert strat.title == (
        "[FREE] Meta Open Sources Another AI Model, Moats and Open Source, Apple and Meta"
    )
    assert strat.url is not None
    assert strat.url.startswith("https://stratechery.com/2023/")
    assert strat.clipped == "2023-05-11"
    assert strat.author is None
    assert strat.published is None
    assert strat.meta["tags"] == ["clippings"]
    assert not strat.text.startswith("author::")
    sections = {p.section for p in strat.paragraphs}
    assert "Moats and Open Source" in sections
    thread = lib["001_beece11bf5ab5d3b.txt"]
    assert thread.paragraphs[0].text.startswith("Perhaps for now")
    assert thread.title is None


def test_markdown_reader_front_matter_and_markup(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: Open weights\nauthor: [Ann, Bo]\ndate: 2024-07-26\n"
        "url: https://example.org/w\n---\n\n# Intro\n\nOpen *weights* are not "
        "[open source](https://x.org).\nStill useful.\n\n- first item\n- second item\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert (doc.title, doc.author, doc.published, doc.url) == (
        "Open weights",
        "Ann, Bo",
        "2024-07-26",
        "https://example.org/w",
    )
    assert [p.text for p in doc.paragraphs] == [
        "Intro",
        "Open weights are not open source. Still useful.",
        "first item",
        "second item",
    ]
    assert doc.paragraphs[1].section == "Intro"


def test_clipper_properties_in_markdown(tmp_path: Path) -> None:
    text = (seeds() / "000_2343880208b7c9e3.txt").read_text(encoding="utf-8")
    path = tmp_path / "clip.md"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "markdown"
    assert doc.clipped == "2023-05-11"
    assert "[The Verge]" not in doc.text
    assert "The Verge" in doc.text


HTML = """<!doctype html><html><head><title>Open models | Site</title>
<meta name="author" content="Ann Lee"><meta property="og:site_name" content="The Site">
<meta name="date" content="2024-07-30"></head><body>
<nav><a href="/">Home</a> <a href="/x">Other</a></nav>
<article><h1>Are open models catching up?</h1>
<p>Open models have caught up with the closed frontier on many benchmarks this year.</p>
<h2>Costs</h2>
<p>Training a frontier model still costs hundreds of millions of dollars. Few can pay.</p>
<ul><li>Llama 3.1 was released in July.</li><li>Its licence caps large services.</li></ul>
</article><footer>Copyright The Site, all rights reserved.</footer>
<script>var tracking = 1;</script></body></html>"""


def test_html_reader_main_text_and_metadata(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.author == "Ann Lee"
    assert doc.publisher == "The Site"
    assert doc.published == "2024-07-30"
    texts = [p.text for p in doc.paragraphs]
    assert (
        "Training a frontier model still costs hundreds of millions of dollars. Few can pay."
        in texts
    )
    assert "Llama 3.1 was released in July." in texts
    assert not any("Copyright" in t or "tracking" in t or t == "Home Other" for t in texts)
    costs = next(p for p in doc.paragraphs if p.text.startswith("Training"))
    assert costs.section == "Costs"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.txt", b"caf\xe9 au lait", "not utf-8 text"),
        ("bin.txt", b"abc\n\x00\x01\x02", "NUL"),
        ("fm.md", b"---\ntitle: x\nno end\n", "never closed"),
        ("yaml.md", b"---\ntitle: [unclosed\n---\ntext\n", "invalid YAML"),
        ("list.md", b"---\n- a\n- b\n---\ntext\n", "must be a mapping"),
        ("empty.html", b"   ", "empty HTML"),
        (
            "script.html",
            b"<html><head><script>var a = 1;</script></head><body></body></html>",
            "no main text",
        ),
        ("junk.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not utf-8"),
    ],
)
def test_hostile_inputs_give_located_errors(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    if name.endswith(".html"):
        pytest.importorskip("trafilatura")
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(argmap.ArgmapSyntaxError, match=message) as info:
        read_document(path)
    assert info.value.path == str(path)


def test_bad_yaml_error_says_the_line(tmp_path: Path) -> None:
    path = tmp_path / "y.md"
    path.write_bytes(b"---\ntitle: ok\nauthor: [x\n---\n")
    with pytest.raises(argmap.ArgmapSyntaxError) as info:
        read_document(path)
    assert info.value.line is not None
    assert info.value.line >= 3


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_text_and_markdown_readers_never_crash(text: str) -> None:
    for fmt in ("text", "markdown"):
        reader = argmap.sources.get_source_reader(fmt)
        try:
            doc = reader.parse(text, path="x")
        except argmap.ArgmapError:
            continue
        for p in doc.passages:
            assert doc.text[p.start : p.end] == p.text


def test_unknown_extension_and_registry_listing(tmp_path: Path) -> None:
    path = tmp_path / "x.weird"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(argmap.FormatDetectionError, match="no source reader"):
        read_document(path)
    kinds = {(i.kind, i.name) for i in argmap.plugins()}
    assert {("source", "text"), ("source", "markdown"), ("source", "html")} <= kinds


# ------------------------------------------------------------------ verification
def _map(quote: str, **source: str) -> argmap.ArgumentMap:
    m = argmap.ArgumentMap()
    claim = m.claim("Open models are catching up")
    ev = m.evidence("A report says so.", argmap.Source(quote=quote, **source), id="ev")
    m.support(ev, claim)
    return m


DOC = build_document(
    [
        Block("Open models have caught up with the closed frontier. Costs remain high."),
        Block("The licence bars services with over 700M users — a deliberate fence."),
    ],
    id="report.txt",
    metadata={"title": "The report", "url": "https://example.org/report"},
)


@pytest.mark.parametrize(
    ("quote", "status", "code", "locator"),
    [
        ("Costs remain high.", "exact", "W502", "¶1.s2"),
        (
            "the licence bars services with over 700M users - a deliberate fence",
            "normalised",
            "I501",
            "¶2",
        ),
        ("Open models have caught up with the closed frontiers", "approximate", "W501", "¶1.s1"),
        ("Bananas are an excellent source of potassium.", "not-found", "E501", "¶1"),
    ],
)
def test_verification_statuses(quote: str, status: str, code: str, locator: str) -> None:
    report = verify_quotes(_map(quote, title="The report", document="report.txt"), [DOC])
    (check,) = report.checks
    assert check.verification.status.value == status
    assert check.verification.locator == locator
    assert code in {f.code for f in report.findings}
    recorded = report.map.statements["ev"].sources[0].verification
    assert recorded == check.verification
    if status == "not-found":
        message = next(f.message for f in report.findings if f.code == "E501")
        assert "closest passage is ¶1" in message


def test_document_found_by_url_title_or_search() -> None:
    for source in ({"url": "http://www.example.org/report/"}, {"title": "the report"}):
        report = verify_quotes(_map("Costs remain high.", **source), [DOC])
        assert report.checks[0].found_by in ("url", "title")
    report = verify_quotes(_map("Costs remain high.", title="Unknown"), [DOC])
    assert report.checks[0].found_by == "search"
    assert "W503" in {f.code for f in report.findings}
    report = verify_quotes(_map("Costs remain high.", document="missing.txt"), [DOC])
    assert [f.code for f in report.findings] == ["E502"]


def test_every_seed_quote_verifies_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED_MAP), "--sources", str(seeds()), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report[str(SEED_MAP)] == []


# ------------------------------------------------------------------ --fix-locators
def test_fix_locators_changes_only_locators(tmp_path: Path) -> None:
    src = seeds()
    original = SEED_MAP.read_text(encoding="utf-8")
    stale = original.replace('locator: "¶7", ', 'locator: "comment about cost", ', 1)
    stale = stale.replace(', locator: "¶24.s2"', "", 1)  # and one locator missing
    assert stale != original
    path = tmp_path / "map.argdown"
    path.write_bytes(stale.replace("\n", "\r\n").encode("utf-8"))
    assert main(["check", str(path), "--sources", str(src), "--fix-locators"]) == 0
    fixed = path.read_bytes().decode("utf-8")
    assert "\r\n" in fixed
    assert "\n" not in fixed.replace("\r\n", "")
    assert fixed.replace("\r\n", "\n") == original
    before = path.read_bytes()
    assert main(["check", str(path), "--sources", str(src), "--fix-locators"]) == 0
    assert path.read_bytes() == before  # nothing left to fix: the file is not touched


def test_fix_locators_adds_document_and_locator(tmp_path: Path) -> None:
    path = tmp_path / "m.argdown"
    path.write_text(
        "[Claim]: Open models are catching up.\n"
        "  + [Ev]: A report says so. // a comment {not: data}\n"
        '    {source: "A report", quote: "Costs remain high."}\n',
        encoding="utf-8",
    )
    report = verify_quotes(argmap.read(path), [DOC])
    fixes = fix_locators(path, report)
    assert (fixes.edits, fixes.findings) == (1, ())  # one insertion: locator and document
    text = path.read_text(encoding="utf-8")
    assert (
        '{source: "A report", quote: "Costs remain high.", locator: "¶1.s2", '
        'document: "report.txt"}' in text
    )
    assert "// a comment {not: data}" in text


# ------------------------------------------------------------------ evidence finder
def test_evidence_finder_lexical_and_snippets_verify() -> None:
    lib = read_documents(seeds())
    m = argmap.read(SEED_MAP)
    (found,) = find_evidence(m, lib, claim="Cost insignificant", semantic=False, top=5)
    assert found.candidates
    assert all(c.semantic is None for c in found.candidates)
    scores = [c.score for c in found.candidates]
    assert scores == sorted(scores, reverse=True)
    assert any(c.document == "001_beece11bf5ab5d3b.txt" for c in found.candidates)
    snippet = found.candidates[0].argdown("Cost insignificant")
    pasted = argmap.parse(
        "[Cost insignificant]: The cost is small.\n" + snippet.split("\n", 1)[1], "argdown"
    )
    report = verify_quotes(pasted, lib)
    assert [c.verification.status.value for c in report.checks] == ["exact"]
    assert report.findings == []


def test_semantic_reranker_loads_offline() -> None:
    pytest.importorskip("wordllama")
    from argmap.sources._evidence import load_embedder

    model = load_embedder()
    vec = model.embed(["open weights"])
    assert vec.shape == (1, 256)
    (found,) = find_evidence(
        "Meta gives its models away for free", Library([DOC]), semantic=True, top=2
    )
    assert found.candidates[0].semantic is not None


def test_evidence_cli_formats(capsys: pytest.CaptureFixture[str]) -> None:
    src = str(seeds())
    args = ["evidence", str(SEED_MAP), "--sources", src, "--claim", "Open catching up"]
    assert main([*args, "--no-semantic", "--top", "2"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("[Open catching up]:")
    assert "  1. " in text
    assert main([*args, "--no-semantic", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["claim"] == "Open catching up"
    assert len(data[0]["candidates"]) == 5
    assert main([*args, "--no-semantic", "--format", "argdown", "--top", "1"]) == 0
    assert "document:" in capsys.readouterr().out
    assert main(["evidence", str(SEED_MAP), "--sources", src, "--claim", "Nope"]) == 1


# ------------------------------------------------------------------ the argmap.sources group
SOURCE_PLUGIN = '''
from argmap.sources import Block, SourceReader, build_document

class ShoutSourceReader(SourceReader):
    """Lines of a .shout file, one paragraph each."""
    name = "shout"
    extensions = (".shout",)
    api_version = 1

    def parse(self, text, *, path=None, id=None):
        return build_document([Block(x) for x in text.splitlines()], id=id or "x", path=path)
'''


def _dist(root: Path, dist: str, module: str, source: str, entry_points: str) -> None:
    (root / f"{module}.py").write_text(source, "utf-8")
    info = root / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(entry_points, "utf-8")


def test_third_party_source_readers_lazy_and_isolated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from argmap._registry import registry

    site = tmp_path / "site"
    site.mkdir()
    _dist(
        site,
        "argmap-shout-src",
        "shout_src",
        SOURCE_PLUGIN,
        "[argmap.sources]\nshout = shout_src:ShoutSourceReader\n",
    )
    _dist(
        site,
        "argmap-broken-src",
        "broken_src",
        "raise RuntimeError('boom')\n",
        "[argmap.sources]\nbroken = broken_src:Nope\n",
    )
    monkeypatch.syspath_prepend(str(site))
    registry.refresh()
    try:
        assert "shout" in registry.names("source")
        assert "shout_src" not in sys.modules  # discovery reads metadata only
        doc_path = tmp_path / "a.shout"
        doc_path.write_text("Loud words here.\nMore words.", "utf-8")
        doc = read_document(doc_path, id="a.shout")
        assert [p.locator for p in doc.paragraphs] == ["¶1", "¶2"]
        assert main(["plugins", "--json"]) == 0
        rows = {(r["kind"], r["name"]): r for r in json.loads(capsys.readouterr().out)}
        assert rows[("source", "shout")]["distribution"] == "argmap-shout-src"
        assert rows[("source", "shout")]["status"] == "ok"
        assert rows[("source", "broken")]["status"] == "broken"
        assert "boom" in rows[("source", "broken")]["error"]
        assert rows[("source", "text")]["status"] == "ok"  # others unaffected
    finally:
        registry.refresh()
        for name in ("shout_src", "broken_src"):
            sys.modules.pop(name, None)


@settings(max_examples=60, deadline=None)
@given(amap=argmap.testing.maps(max_statements=6, max_relations=4))
def test_fix_locators_on_random_maps_changes_only_locators(
    amap: argmap.ArgumentMap, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from argmap.sources._fix import _comparable

    quotes = [s.quote for st in amap.statements.values() for s in st.sources if s.quote]
    doc = build_document([Block(q) for q in quotes], id="d.txt")
    path = tmp_path_factory.mktemp("fix") / "m.argdown"
    path.write_text(argmap.render(amap, "argdown"), encoding="utf-8")  # type: ignore[arg-type]
    before = argmap.read(path)
    report = verify_quotes(before, [doc])
    fixes = fix_locators(path, report)
    after = argmap.read(path)
    assert _comparable(after) == _comparable(before)
    assert {f.code for f in fixes.findings} <= {"W504"}
    missed = {f.element for f in fixes.findings}
    again = verify_quotes(after, [doc])
    for check in again.checks:
        if check.verification.verified:  # written, or reported as not written
            assert check.source.locator == check.verification.locator or (
                check.statement in missed and check.source.locator is None
            )


def test_fix_locators_skips_braces_in_front_matter(tmp_path: Path) -> None:
    # a `{` in the front matter once swallowed every data block after it: nothing was
    # written, and nothing said so (the random-map test above found it)
    path = tmp_path / "m.argdown"
    path.write_text(
        "===\ndescription: '{'\n===\n\n[Ev]: Costs.\n"
        '  {source: "A report", quote: "Costs remain high.", document: "report.txt"}\n',
        encoding="utf-8",
    )
    fixes = fix_locators(path, verify_quotes(argmap.read(path), [DOC]))
    assert (fixes.edits, fixes.findings) == (1, ())
    assert 'quote: "Costs remain high.", locator: "¶1.s2", document:' in path.read_text("utf-8")


def test_fix_locators_reports_a_locator_it_cannot_write(tmp_path: Path) -> None:
    # the report is of the map as it was; the file's quote has changed since
    path = tmp_path / "m.argdown"
    path.write_text(
        '[Ev]: Costs.\n  {source: "A report", quote: "Costs remain high.", '
        'document: "report.txt"}\n',
        encoding="utf-8",
    )
    report = verify_quotes(argmap.read(path), [DOC])
    path.write_text(path.read_text("utf-8").replace("remain high", "remain hgh"), "utf-8")
    before = path.read_bytes()
    fixes = fix_locators(path, report)
    assert fixes.edits == 0
    assert path.read_bytes() == before
    (finding,) = fixes.findings
    assert (finding.code, finding.element) == ("W504", "Ev")
    assert "¶1.s2" in finding.message
    assert finding.location is not None
    assert finding.location.line == 1


def test_check_api_with_sources_and_selectors() -> None:
    assert argmap.check(SEED_MAP, sources=seeds()) == argmap.check(SEED_MAP)
    m = _map("Costs remain hgh.", document="report.txt")
    findings = argmap.check(m, sources=Library([DOC]))
    assert [f.code for f in findings if f.code[1] == "5"] == ["W501"]
    report = verify_quotes(_map("Costs remain high.", document="report.txt"), [DOC])
    data = report.as_dict()
    assert data["checks"][0]["selector"]["exact"] == "Costs remain high."
    assert data["checks"][0]["selector"]["prefix"].endswith("frontier. ")


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 50000 + "deep text that is long enough to be content" + "</div>" * 50000,
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<x>&b;&b;</x>",
        "<html><body><p>" + "word " * 50000 + "</p></body></html>",
        "<html><body><p>unclosed <b>tags <i>everywhere<p>and more text in here",
    ],
)
def test_hostile_html_never_crashes(html: str) -> None:
    pytest.importorskip("trafilatura")
    reader = argmap.sources.get_source_reader("html")
    try:
        doc = reader.parse(html, path="x.html")
    except argmap.ArgmapSyntaxError as exc:
        error: argmap.ArgmapSyntaxError | None = exc
    else:
        error = None
    if error is not None:
        assert error.path == "x.html"
        return
    for p in doc.passages:
        assert doc.text[p.start : p.end] == p.text


# ------------------------------------------------------------------ shown to readers
@pytest.mark.parametrize("to", ["text", "markdown", "html"])
def test_renderers_show_verified_quotes_with_locator_and_context(to: str) -> None:
    m = argmap.ArgumentMap()
    claim = m.claim("Open models are catching up")
    good = m.evidence(
        "Caught up.", argmap.Source(title="R", quote="Costs remain high.", locator="p. 9"), id="g"
    )
    bad = m.evidence(
        "Made up.",
        argmap.Source(title="R", quote="Nobody wrote this.", document="report.txt"),
        id="b",
    )
    m.support(good, claim)
    m.support(bad, claim)
    checked = verify_quotes(m, [DOC]).map
    options = {"interactive": False} if to == "html" else {}
    out = argmap.render(checked, to, **options)
    assert isinstance(out, str)
    text = " ".join(out.split()).lower()
    assert "verified in report.txt" in text
    assert "¶1.s2" in text  # the exact locator, not the map's "p. 9"
    assert "frontier." in text  # a little of the context before the quote
    assert "unverified: not found in report.txt" in text
    plain = " ".join(argmap.render(m, to, **options).split()).lower()  # never checked: nothing new
    assert "verified in report.txt" not in plain
    assert "not found in" not in plain


def test_viewer_data_carries_the_verdict_locator_and_context() -> None:
    from argmap.renderers.viewer import map_data

    m = argmap.ArgumentMap()
    claim = m.claim("Open models are catching up")
    good = m.evidence("Caught up.", argmap.Source(title="R", quote="Costs remain high."), id="g")
    m.support(good, claim)
    nodes = map_data(verify_quotes(m, [DOC]).map, None, 1)["nodes"]
    (cite,) = [c for n in nodes for c in n.get("cites", [])]
    assert cite["locator"] == "¶1.s2"
    assert cite["verified"] is True
    assert cite["check"] == "verified in report.txt"
    assert cite["ctx"][0].endswith("frontier.")
    (plain,) = [c for n in map_data(m, None, 1)["nodes"] for c in n.get("cites", [])]
    assert "check" not in plain
    assert "ctx" not in plain
