"""argmap.diff: matching, field changes, apply/reverse, reports — on built maps, on
generated maps with random edits (hypothesis), on real Argdown files edited by hand, an
Argdown file against its AIF export, and the seed map against its own git history."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import (
    ArgumentMap,
    Group,
    Relation,
    RelationKind,
    Source,
    Statement,
    StatementKind,
)
from argmap._model import relation_id
from argmap.mapdiff import ABSENT, FieldChange
from argmap.testing import assert_maps_equal, maps
from markers import ROOT, needs_corpus, needs_dot

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reported(d: argmap.MapDiff) -> dict[str, object]:
    """Everything a report shows, as plain data that a test can compare exactly."""
    out: dict[str, object] = {}
    for name, section in d.sections():
        entry = {
            "added": sorted(e.id for e in section.added),
            "removed": sorted(e.id for e in section.removed),
            "changed": sorted(
                (c.old.id, c.new.id, c.match.reason, tuple(f.field for f in c.reported_fields))
                for c in section.reported_changes
            ),
        }
        if any(entry.values()):
            out[name] = entry
    if any(f.reported for f in d.map_fields):
        out["map"] = [f.field for f in d.map_fields if f.reported]
    return out


def copy(amap: ArgumentMap) -> ArgumentMap:
    return argmap.parse(str(argmap.render(amap, "json")), "json")


def seed() -> ArgumentMap:
    m = ArgumentMap("Will Meta keep giving?", meta={"lang": "en"})
    g = m.group("Is it charity?", id="charity-g")
    keep = m.claim("Meta will keep releasing open models.", id="keep", group=g)
    charity = m.claim("Meta's free models are corporate charity, and charity dries up.",
                      id="charity", tags=["business"], group=g)  # fmt: skip
    cost = m.evidence(
        "The cost is insignificant next to Meta's revenue.",
        source=Source(
            title="HN thread", publisher="Hacker News", quote="The cost is insignificant."
        ),
        id="cost",
    )
    a = m.claim("Frontier models cost a fortune.", id="fortune")
    b = m.claim("Spending must pay off.", id="pay")
    m.rebut(charity, keep)
    m.rebut(cost, charity)
    m.argument([a, b], charity, id="costs-end", title="Costs end the giving")
    return m


# ---------------------------------------------------------------------- basics
def test_equal_maps_diff_empty_and_exit_like_diff() -> None:
    m = seed()
    d = argmap.diff(m, copy(m))
    assert d.equal
    assert not d
    assert reported(d) == {}
    assert d.to_text().splitlines()[1] == "no changes"


def test_reworded_statement_is_one_change_naming_the_field() -> None:
    old = seed()
    new = copy(old)
    new.update("charity", text="Meta's free models are corporate charity, and such charity ends.")
    d = argmap.diff(old, new)
    assert reported(d) == {"statements": {"added": [], "removed": [],
                           "changed": [("charity", "charity", "same id", ("text",))]}}  # fmt: skip
    (change,) = d.statements.changed
    assert change.fields == (
        FieldChange("text", old.statements["charity"].text, new.statements["charity"].text),
    )


def _rename(m: ArgumentMap, old_id: str, new_id: str, **changes: object) -> ArgumentMap:
    """A copy of ``m`` with a statement's id changed everywhere it is referred to."""

    def ren(x: str | None) -> str | None:
        return new_id if x == old_id else x

    out = ArgumentMap(m.title, description=m.description, meta=m.meta)
    for g in m.groups.values():
        out.add(g)
    for s in m.statements.values():
        out.add(attrs.evolve(s, id=new_id, **changes) if s.id == old_id else s)
    for a in m.arguments.values():
        out.add(attrs.evolve(a, premises=tuple(map(ren, a.premises)), conclusion=ren(a.conclusion)))
    for r in m.relations.values():
        src, tgt = ren(r.source), ren(r.target)
        assert src is not None
        assert tgt is not None
        out.add(attrs.evolve(r, id=relation_id(r.kind, src, tgt), source=src, target=tgt))
    return out


def test_renamed_and_reworded_statement_is_matched_by_similar_text() -> None:
    old = seed()
    text = "Meta's free models are corporate charity, and the charity dries up."
    new = _rename(old, "charity", "charity-ends", text=text)
    d = argmap.diff(old, new)
    (change,) = d.statements.reported_changes
    assert (change.old.id, change.new.id) == ("charity", "charity-ends")
    assert change.match.reason == "similar text"
    assert change.match.score > 0.9
    assert [f.field for f in change.reported_fields] == ["text"]
    assert "similar text (9" in str(change.match)
    # the relations and the argument that refer to it follow, without being reported
    assert not d.relations
    assert not d.arguments
    assert len(d.relations.changed) == 2
    assert all(f.implied for c in d.relations.changed for f in c.fields)
    assert d.apply(old) == new
    assert d.reverse().apply(new) == old


def test_threshold_decides_whether_a_reworded_element_is_matched() -> None:
    old = seed()
    new = _rename(old, "charity", "gift", text="Meta gives its models away as a gift.")
    loose = argmap.diff(old, new, threshold=0.3)
    strict = argmap.diff(old, new, threshold=0.95)
    assert [c.new.id for c in loose.statements.reported_changes] == ["gift"]
    assert [s.id for s in strict.statements.removed] == ["charity"]
    assert [s.id for s in strict.statements.added] == ["gift"]
    for d in (loose, strict):
        assert d.apply(old) == new


def test_moved_relation_kind_change_and_argument_structure() -> None:
    old = seed()
    new = copy(old)
    new.remove_relation("cost -attack-> charity")
    new.rebut("cost", "fortune")  # the same objection, now aimed at another claim
    new.remove_relation("charity -attack-> keep")
    new.contradict("charity", "keep")  # same ends, another kind
    d = argmap.diff(old, new)
    assert reported(d) == {"relations": {"added": [], "removed": [], "changed": sorted([
        ("charity -attack-> keep", "charity -contradiction-> keep", "same ends", ("kind",)),
        ("cost -attack-> charity", "cost -attack-> fortune", "same kind and source", ("target",)),
    ])}}  # fmt: skip
    assert d.apply(old) == new


def test_renamed_argument_is_matched_by_its_premises_and_conclusion() -> None:
    old = seed()
    new = ArgumentMap(old.title, meta=old.meta)
    for el in [*old.groups.values(), *old.statements.values(), *old.relations.values()]:
        new.add(el)
    new.add(attrs.evolve(old.arguments["costs-end"], id="money", title="Money runs out"))
    d = argmap.diff(old, new)
    (c,) = d.arguments.changed
    assert c.match.reason == "same premises and conclusion"
    assert c.renamed
    assert [f.field for f in c.reported_fields] == ["title"]


def test_evidence_sources_tags_group_and_meta_changes_name_the_field() -> None:
    old = seed()
    new = copy(old)
    src = old.statements["cost"].sources[0]
    new.update("cost", sources=(attrs.evolve(src, quote="It is insignificant."),
                                Source(title="Earnings call", published="2024")))  # fmt: skip
    new.update("charity", tags=("business", "risk"), group=None, meta={"status": "contested"})
    new.meta["lang"] = "en-GB"
    new.title = "Will Meta keep giving its models away?"
    d = argmap.diff(old, new)
    fields = {c.new.id: [f.field for f in c.reported_fields] for c in d.statements.changed}
    assert fields == {
        "cost": ["sources[0].quote", "sources[1]"],
        "charity": ["tags", "group", "meta.status"],
    }
    assert [f.field for f in d.map_fields] == ["title", "meta.lang"]
    assert [(c.new.id, f.field) for c, f in d.sources] == [("cost", "sources[0].quote"),
                                                           ("cost", "sources[1]")]  # fmt: skip
    assert [c.new.id for c in d.evidence.changed] == ["cost"]
    charity = next(c for c in d.statements.changed if c.new.id == "charity")
    status = next(f for f in charity.fields if f.field == "meta.status")
    assert status.old is ABSENT
    assert status.new == "contested"
    text = d.to_text()
    assert "tags: +#risk" in text
    assert 'meta.status: added "contested"' in text
    assert d.apply(old) == new
    assert d.reverse().apply(new) == old


def test_groups_matched_by_title_and_renamed() -> None:
    old = seed()
    new = ArgumentMap(old.title, meta=old.meta)
    new.add(Group("is-it-charity", "Is it charity?"))
    for s in old.statements.values():
        new.add(attrs.evolve(s, group="is-it-charity") if s.group else s)
    for el in [*old.arguments.values(), *old.relations.values()]:
        new.add(el)
    d = argmap.diff(old, new)
    (g,) = d.groups.changed
    assert g.match.reason == "same title"
    assert g.renamed
    assert not d.statements  # each statement's group follows the rename
    assert d.apply(old) == new


def test_contradiction_written_the_other_way_round_is_no_change() -> None:
    old = ArgumentMap()
    old.claim("A", id="a")
    old.claim("B", id="b")
    new = copy(old)
    old.contradict("a", "b")
    new.contradict("b", "a")
    d = argmap.diff(old, new)
    assert d.equal
    assert d.apply(old) == new


def test_ignore_leaves_fields_out_of_the_report_but_apply_stays_exact() -> None:
    old = seed()
    new = copy(old)
    new.update("charity", tags=())
    d = argmap.diff(old, new, ignore=["tags"])
    assert d.equal
    assert d.apply(old) == new
    with pytest.raises(argmap.DiffError, match="cannot ignore colour"):
        argmap.diff(old, new, ignore=["colour"])


@pytest.mark.parametrize("threshold", [0, -1, 1.5, "x"])
def test_bad_threshold_is_an_argmap_error(threshold: object) -> None:
    with pytest.raises(argmap.DiffError, match="threshold"):
        argmap.diff(seed(), seed(), threshold=threshold)  # type: ignore[arg-type]


def test_apply_to_another_map_is_a_conflict_error() -> None:
    old = seed()
    new = copy(old)
    new.update("charity", text="Changed.")
    d = argmap.diff(old, new)
    other = copy(old)
    other.update("charity", text="Something else.")
    with pytest.raises(argmap.DiffError, match="statement 'charity' differs"):
        d.apply(other)
    with pytest.raises(argmap.DiffError, match="not in the map"):
        d.apply(ArgumentMap(old.title, meta=old.meta))
    assert old == seed()  # apply never changes its input


def test_diff_is_frozen() -> None:
    d = argmap.diff(seed(), seed())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.threshold = 0.5  # type: ignore[misc]


# ---------------------------------------------------------------------- properties
_WORDS = ["open", "models", "Meta", "charity", "cost", "ads", "grist", "users", "spam"]


@st.composite
def edited(draw: st.DrawFn) -> tuple[ArgumentMap, ArgumentMap]:
    """A generated map and a copy with random edits of every kind."""
    a = draw(maps(max_statements=7, max_relations=8))
    statements = dict(a.statements)
    arguments = dict(a.arguments)
    relations = dict(a.relations)
    groups = dict(a.groups)
    title, meta = a.title, dict(a.meta)

    def rename_refs(old_id: str, new_id: str) -> None:
        for k, arg in list(arguments.items()):
            arguments[k] = attrs.evolve(
                arg,
                premises=tuple(new_id if p == old_id else p for p in arg.premises),
                conclusion=new_id if arg.conclusion == old_id else arg.conclusion,
            )
        for k, r in list(relations.items()):
            if old_id in (r.source, r.target):
                del relations[k]
                src = new_id if r.source == old_id else r.source
                tgt = new_id if r.target == old_id else r.target
                rid = relation_id(r.kind, src, tgt)
                relations[rid] = attrs.evolve(r, id=rid, source=src, target=tgt)

    ops = draw(st.lists(st.sampled_from([
        "reword", "rename", "rename+reword", "remove", "add", "add-evidence", "relate",
        "unrelate", "move", "rekind", "tags", "quote", "group", "title", "meta", "argument",
        "regroup",
    ]), min_size=1, max_size=8))  # fmt: skip
    for n, op in enumerate(ops):
        ids = list(statements)
        taken = set(statements) | set(arguments) | set(relations)
        if op in ("reword", "rename", "rename+reword", "remove", "tags", "quote") and not ids:
            continue
        if op == "reword":
            k = draw(st.sampled_from(ids))
            statements[k] = attrs.evolve(statements[k], text=statements[k].text + " indeed")
        elif op in ("rename", "rename+reword"):
            k = draw(st.sampled_from(ids))
            new_id = f"renamed{n}-{k}"
            if new_id in taken:
                continue
            s = statements.pop(k)
            text = s.text + "!" if op != "rename" else s.text
            statements[new_id] = attrs.evolve(s, id=new_id, text=text)
            rename_refs(k, new_id)
        elif op == "remove":
            k = draw(st.sampled_from(ids))
            del statements[k]
            for rid, r in list(relations.items()):
                if k in (r.source, r.target):
                    del relations[rid]
            for aid, arg in list(arguments.items()):
                arguments[aid] = attrs.evolve(
                    arg,
                    premises=tuple(p for p in arg.premises if p != k),
                    conclusion=None if arg.conclusion == k else arg.conclusion,
                )
        elif op in ("add", "add-evidence"):
            sid = f"new{n}"
            if sid in taken:
                continue
            words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6))
            ev = op == "add-evidence"
            statements[sid] = Statement(
                sid,
                " ".join(words),
                kind=StatementKind.EVIDENCE if ev else StatementKind.CLAIM,
                sources=(Source(title="A source", quote=" ".join(words)),) if ev else (),
            )
        elif op == "relate" and len(ids) >= 2:
            src, tgt = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            kind = draw(st.sampled_from([RelationKind.SUPPORT, RelationKind.ATTACK]))
            rid = relation_id(kind, src, tgt)
            if rid not in taken:
                relations[rid] = Relation(rid, kind, src, tgt)
        elif op in ("unrelate", "move", "rekind") and relations:
            rid = draw(st.sampled_from(sorted(relations)))
            if any(r.target == rid for r in relations.values()):
                continue  # an undercut aims at it
            r = relations.pop(rid)
            if op == "unrelate":
                continue
            if op == "move":
                targets = [x for x in ids if x != r.source]
                if not targets or r.kind is RelationKind.UNDERCUT:
                    relations[rid] = r
                    continue
                r = attrs.evolve(r, target=draw(st.sampled_from(targets)))
            else:
                kinds = [k for k in (RelationKind.SUPPORT, RelationKind.ATTACK) if k is not r.kind]
                r = attrs.evolve(r, kind=kinds[0])
            r = attrs.evolve(r, id=relation_id(r.kind, r.source, r.target))
            if r.id in taken - {rid}:
                relations[rid] = relations.get(rid, attrs.evolve(r, id=rid))
                continue
            relations[r.id] = r
        elif op == "tags":
            k = draw(st.sampled_from(ids))
            statements[k] = attrs.evolve(statements[k], tags=(*statements[k].tags, f"t{n}"))
        elif op == "quote":
            k = draw(st.sampled_from(ids))
            s = statements[k]
            if s.sources:
                statements[k] = attrs.evolve(
                    s, sources=(attrs.evolve(s.sources[0], quote=f"q{n}"), *s.sources[1:])
                )
        elif op == "group":
            gid = f"ng{n}"
            groups[gid] = Group(gid, draw(st.sampled_from(_WORDS)))
            if ids:
                k = draw(st.sampled_from(ids))
                statements[k] = attrs.evolve(statements[k], group=gid)
        elif op == "regroup" and groups:
            gid = draw(st.sampled_from(sorted(groups)))
            groups[gid] = attrs.evolve(groups[gid], title=groups[gid].title + " (renamed)")
        elif op == "title":
            title = (title or "") + " v2"
        elif op == "meta":
            meta[f"k{n}"] = n
            if meta and draw(st.booleans()):
                meta.pop(next(iter(meta)))
        elif op == "argument" and arguments:
            aid = draw(st.sampled_from(sorted(arguments)))
            arguments[aid] = attrs.evolve(arguments[aid], text=f"reason {n}")

    b = ArgumentMap(title, description=a.description, meta=meta)
    for table in (groups, statements, arguments, relations):
        for el in table.values():
            b.add(el)
    return a, b


@SETTINGS
@given(maps())
def test_property_diff_of_a_map_with_itself_is_empty(a: ArgumentMap) -> None:
    d = argmap.diff(a, copy(a))
    assert d.equal
    assert d.apply(a) == a


@SETTINGS
@given(edited())
def test_property_apply_gives_the_new_map_back(pair: tuple[ArgumentMap, ArgumentMap]) -> None:
    a, b = pair
    d = argmap.diff(a, b)
    assert_maps_equal(b, d.apply(a))


@SETTINGS
@given(edited())
def test_property_reverse_applied_to_new_gives_the_old_map(
    pair: tuple[ArgumentMap, ArgumentMap],
) -> None:
    a, b = pair
    d = argmap.diff(a, b)
    assert_maps_equal(a, d.reverse().apply(b))
    assert d.reverse().reverse() == d


@SETTINGS
@given(edited(), st.floats(0.05, 1.0))
def test_property_any_threshold_keeps_the_diff_complete_and_reports_never_crash(
    pair: tuple[ArgumentMap, ArgumentMap], threshold: float
) -> None:
    a, b = pair
    d = argmap.diff(a, b, threshold=threshold)
    assert_maps_equal(b, d.apply(a))
    assert d.equal == (d.to_text().splitlines()[1] == "no changes")
    json.dumps(d.to_dict())
    d.to_markdown()
    drawing, _ = d.highlight(b)
    assert len(drawing) == len(b) + len(d.statements.removed) + len(d.arguments.removed)


def test_property_maps_with_any_unicode_text() -> None:
    @settings(max_examples=60, deadline=None)
    @given(maps(), maps())
    def run(a: ArgumentMap, b: ArgumentMap) -> None:
        d = argmap.diff(a, b)  # two unrelated maps: whatever matches, the diff is complete
        assert_maps_equal(b, d.apply(a))
        assert_maps_equal(a, d.reverse().apply(b))

    run()


# ---------------------------------------------------------------------- real files
def _edit(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


@needs_corpus
def test_semmelweis_rename_reword_move_and_new_evidence(corpus: Path, tmp_path: Path) -> None:
    path = corpus / "argdown" / "examples-semmelweis_betz.argdown"
    text = path.read_text(encoding="utf-8")
    edited_text = _edit(
        text,
        # rename: the title is the id, so every reference changes too
        ("[Washing Helps]", "[Disinfection Helps]"),
        # reword
        ("from symptoms similar to childbed fever and eventually died.",
         "from symptoms similar to childbed fever and died soon after."),
        # move a relation: H2's contrary is now H1, not H3
        ("[Rough Examination Hypothesis]\n  -> [Cadavric Substance Hypothesis]",
         "[Rough Examination Hypothesis]\n  -> [Epidemic Influence Hypothesis]"),
        # new evidence, with its source, supporting the renamed statement
        ("[No Variations]: Cases",
         "[Vienna Records]: The clinic's records show mortality in the First Division fell\n"
         "after chlorine washing was introduced.\n"
         '  {source: "Die Aetiologie des Kindbettfiebers", author: "Ignaz Semmelweis",\n'
         '   published: "1861", quote: "the mortality fell", locator: "p. 64"}\n'
         "  +> [Disinfection Helps]\n\n"
         "[No Variations]: Cases"),
    )  # fmt: skip
    new_path = tmp_path / "semmelweis-edited.argdown"
    new_path.write_text(edited_text, encoding="utf-8")
    old, new = argmap.read(path), argmap.read(new_path)
    d = argmap.diff(old, new)
    assert reported(d) == {
        "statements": {
            "added": ["Vienna Records"],
            "removed": [],
            "changed": [
                ("Death of Kolletschka", "Death of Kolletschka", "same id", ("text",)),
                ("Washing Helps", "Disinfection Helps", "same text", ()),
            ],
        },
        "relations": {
            "added": ["Vienna Records -support-> Disinfection Helps"],
            "removed": [],
            "changed": [
                (
                    "Rough Examination Hypothesis -attack-> Cadavric Substance Hypothesis",
                    "Rough Examination Hypothesis -attack-> Epidemic Influence Hypothesis",
                    "same kind and source",
                    ("target",),
                )
            ],
        },
    }
    (ev,) = d.evidence.added
    assert ev.sources[0].author == "Ignaz Semmelweis"
    assert ev.sources[0].locator == "p. 64"
    # the argument whose premise was renamed follows it, unreported but complete
    (arg,) = d.arguments.changed
    assert arg.new.id == "Washing Blocks Contamination"
    assert not arg.reported
    assert d.apply(old) == new
    assert d.reverse().apply(new) == old
    text_report = d.to_text(old_name="old", new_name="new")
    assert "~ claim [Washing Helps → Disinfection Helps]   (matched by same text)" in text_report
    assert "+ evidence [Vienna Records]: \"The clinic's records show" in text_report


@needs_corpus
def test_untitled_statement_reworded_in_a_real_file_matches_by_similarity(
    corpus: Path, tmp_path: Path
) -> None:
    path = corpus / "argdown" / "argdown-core-test-veggie_debate.argdown"
    new_path = tmp_path / "veggie.argdown"
    new_path.write_text(
        _edit(
            path.read_text(encoding="utf-8"),
            (
                "Die französische Küche ist z.B. UNESCO-Weltkulturerbe.",
                "Die französische Küche ist zum Beispiel UNESCO-Weltkulturerbe.",
            ),
        ),
        encoding="utf-8",
    )
    old, new = argmap.read(path), argmap.read(new_path)
    d = argmap.diff(old, new)
    (c,) = d.statements.reported_changes
    assert c.old.id == "die-französische-küche-ist-zb-unesco"
    assert c.new.id != c.old.id
    assert c.match.reason == "similar text"
    assert [f.field for f in c.reported_fields] == ["text"]
    assert reported(d) == {"statements": {"added": [], "removed": [], "changed": [
        (c.old.id, c.new.id, "similar text", ("text",))]}}  # fmt: skip
    assert d.apply(old) == new


@needs_corpus
@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (ROOT.parent / "shared" / "corpus" / "argdown").glob("*.argdown"))
    if (ROOT.parent / "shared" / "corpus" / "argdown").is_dir()
    else [],
)
def test_every_corpus_file_diffs_empty_against_itself_and_against_its_json(
    corpus: Path, name: str
) -> None:
    try:
        old = argmap.read(corpus / "argdown" / name)
    except argmap.ArgmapError:
        pytest.skip("not a readable map")
    assert argmap.diff(old, argmap.read(corpus / "argdown" / name)).equal
    assert argmap.diff(old, copy(old)).equal


@needs_corpus
def test_argdown_against_its_aif_export_diffs_empty_where_the_formats_agree(
    corpus: Path, tmp_path: Path
) -> None:
    pytest.importorskip("argmap_aif")
    path = corpus / "argdown" / "examples-semmelweis_betz.argdown"
    amap = argmap.read(path)
    # with argmap's extension objects AIF carries everything: the diff is empty
    full = tmp_path / "semmelweis.aif.json"
    argmap.write(amap, full, "aif")
    assert argmap.diff(amap, argmap.read(full, "aif")).equal
    # plain AIF loses what it has no place for (the plugin's README lists it): the diff
    # reports exactly that, and nothing where the formats agree
    plain = tmp_path / "plain.aif.json"
    plain.write_text(str(argmap.render(amap, "aif", extensions=False)), encoding="utf-8")
    back = argmap.read(plain, "aif")
    d = argmap.diff(amap, back)
    lost = {"title", "tags", "group", "meta", "kind", "sources", "text"}
    for _, section in d.sections():
        for c in section.reported_changes:
            assert {f.field.split(".")[0].split("[")[0] for f in c.reported_fields} <= lost, c
    assert not d.statements.added
    assert not d.statements.removed
    assert argmap.diff(amap, back, ignore=["title", "tags", "groups", "meta", "description",
                                           "text", "kind", "sources"]).equal  # fmt: skip
    assert d.apply(amap) == back


def _git_show(rev: str, path: str) -> str | None:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        return None
    proc = subprocess.run([git, "-C", str(ROOT), "show", f"{rev}:{path}"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    return proc.stdout if proc.returncode == 0 else None


SEED = "seeds/meta-open-models.argdown"


def test_seed_map_against_an_older_version_from_git_history() -> None:
    # both ends fixed: later commits (683931b: source documents) edit the seed's sources
    older, newer = _git_show("939b1f7", SEED), _git_show("821551f", SEED)
    if older is None or newer is None:
        pytest.skip("this checkout has no git history with commits 939b1f7 and 821551f")
    old = argmap.parse(older, "argdown", path=SEED)
    new = argmap.parse(newer, "argdown", path=SEED)
    d = argmap.diff(old, new)
    # what commits 449202d and 821551f did, as their messages say: the patron claim now
    # rests on the cost premise, and Apple/privacy evidence backs the adoption doubts
    assert reported(d) == {
        "statements": {"added": ["Apple talks failed"], "removed": [], "changed": []},
        "relations": {
            "added": ["Apple talks failed -support-> Weak adoption"],
            "removed": [],
            "changed": [
                (
                    "Charity dries up -support-> Open needs a patron",
                    "Models cost a fortune -support-> Open needs a patron",
                    "same kind and target",
                    ("source",),
                )
            ],
        },
    }
    (ev,) = d.evidence.added
    assert ev.sources[0].publisher == "The Motley Fool"
    assert d.apply(old) == new


# ---------------------------------------------------------------------- reports
def test_markdown_report_escapes_text_and_lists_each_change() -> None:
    old = seed()
    new = copy(old)
    new.update("charity", text="Charity *ends* | [soon] <b>")
    md = argmap.diff(old, new).to_markdown(old_name="a.argdown", new_name="b.argdown")
    assert md.startswith("### argmap diff `a.argdown` → `b.argdown`")
    assert "| statements | 0 | 0 | 1 |" in md
    assert r"Charity \*ends\* \| \[soon\] \<b\>" in md


def test_json_report_is_complete_plain_data() -> None:
    old = seed()
    new = _rename(old, "charity", "charity-ends")
    doc = argmap.diff(old, new).to_dict(old_name="a", new_name="b")
    assert doc["equal"] is False
    assert doc["old"] == "a"
    (c,) = doc["statements"]["changed"]
    assert c["match"] == {"reason": "same text", "score": 1.0}
    assert c["old_id"] == "charity"
    assert c["new"]["id"] == "charity-ends"
    assert all(f.get("implied") for r in doc["relations"]["changed"] for f in r["fields"])
    json.dumps(doc)


def test_inventory_lists_each_element_on_one_line_sorted() -> None:
    from argmap.mapdiff._report import inventory

    lines = inventory(seed()).splitlines()
    assert lines[0] == 'map title "Will Meta keep giving?"'
    assert 'claim [charity] "Meta\'s free models are corporate charity, and charity dries up."' \
        ' #business in [charity-g]' in lines  # fmt: skip
    assert "attack [cost] → [charity]" in lines
    assert any(line.startswith('  source of [cost]: title "HN thread"') for line in lines)


# ---------------------------------------------------------------------- drawing
def test_highlight_marks_added_removed_and_changed_in_the_dot_source() -> None:
    from argmap.mapdiff._draw import ADDED, CHANGED, REMOVED

    old = seed()
    new = copy(old)
    new.update("charity", text="Meta's free models are corporate charity, and charity ends.")
    new.evidence("Zuckerberg: open models are good business.",
                 source=Source(title="Earnings call"), id="zuck")  # fmt: skip
    new.support("zuck", "keep")
    new.remove_relation("cost -attack-> charity")
    new.rebut("cost", "fortune")
    old.claim("A claim that went away.", id="gone")
    old.support("gone", "keep")
    d = argmap.diff(old, new)
    dot = str(d.draw(new, "dot"))
    assert f'color="{ADDED}", penwidth=2.2, peripheries=2' in dot  # zuck
    assert "+ added" in dot
    assert "− removed" in dot
    assert "~ changed: text" in dot
    assert f'color="{REMOVED}"' in dot
    assert 'style="rounded,filled,dashed"' in dot
    assert f'color="{CHANGED}", penwidth=3.2' in dot  # the changed claim, the moved link
    assert "<S>Meta&#39;s free models" in dot or "<S>Meta's free models" in dot
    assert "Legend" in dot
    assert "link changed or moved" in dot
    assert "was: " in dot
    # the ghost of the moved link joins its old ends
    assert dot.count("label=<<B>−</B>>") == 2  # the removed support, the moved attack's ghost


@needs_dot
def test_highlighted_diagram_draws_with_real_dot(tmp_path: Path) -> None:
    old = seed()
    new = copy(old)
    new.update("charity", text="Changed text.")
    d = argmap.diff(old, new)
    svg = str(d.draw(new, "svg", old_name="v1", new_name="v2"))
    assert svg.lstrip().startswith("<?xml")
    assert "changes from v1 to v2" in svg
    png = d.draw(new, "png")
    assert isinstance(png, bytes)
    assert png.startswith(b"\x89PNG")
    page = str(d.draw(new, "html", old_name="v1", new_name="v2"))
    assert page.startswith("<!DOCTYPE html>")
    assert '<svg role="img"' in page
    assert "statement changed" in page
    with pytest.raises(argmap.DiffError, match="cannot draw a diff as 'gif'"):
        d.draw(new, "gif")


def test_similarity_matching_is_indexed_not_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every statement renamed and reworded: each is found by similarity, with at most
    MAX_CANDIDATES rapidfuzz calls per statement (all pairs would be N²)."""
    import random

    from argmap.mapdiff import _similar

    rnd = random.Random(5)
    words = [f"w{i}" for i in range(300)]
    n = 1500
    old, new = ArgumentMap(), ArgumentMap()
    for i in range(n):
        text = " ".join(rnd.choice(words) for _ in range(8))
        old.claim(text, id=f"s{i}")
        new.claim(text + " too", id=f"renamed-{i}")
    calls = 0
    real = _similar.similarity

    def counting(a: str, b: str) -> float:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(_similar, "similarity", counting)
    d = argmap.diff(old, new)
    assert calls <= _similar.MAX_CANDIDATES * n
    matched = {(c.old.id, c.new.id) for c in d.statements.changed}
    assert len(matched) == n
    assert all(f"renamed-{a[1:]}" == b for a, b in matched)


def test_the_diff_module_is_imported_only_when_used() -> None:
    import sys

    code = (
        "import sys, argmap; a = 'argmap.mapdiff' in sys.modules; argmap.diff; "
        "print(a, 'argmap.mapdiff' in sys.modules, 'rapidfuzz' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "False"]
