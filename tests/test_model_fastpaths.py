"""The model's trusted construction (used by readers) and its set-based reference check
must give exactly what the public constructors and the element-by-element scan give."""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import ArgumentMap, Location, Relation, RelationKind, Statement
from argmap._model import (
    Argument,
    Group,
    _trusted_location,
    _trusted_relation,
    _trusted_statement,
)
from argmap.testing import maps, sources

_ids = st.text("abcxyz", min_size=1, max_size=3)
_opt = st.none() | st.text(max_size=5)
_locations = st.none() | st.builds(
    Location, _opt, st.none() | st.integers(1, 9), st.none() | st.integers(1, 9)
)


@given(
    _ids,
    st.text(max_size=8),
    st.sampled_from(["claim", "evidence"]),
    _opt,
    st.lists(sources(), max_size=2),
    st.lists(st.text("pq", min_size=1, max_size=2), max_size=4, unique=True),
    _opt,
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    _locations,
)
def test_trusted_statement_is_the_statement(
    sid: str,
    text: str,
    kind: str,
    title: str | None,
    srcs: list,
    tags: list,
    group: str | None,
    meta: dict,
    loc: Location | None,
) -> None:
    made = Statement(sid, text, kind, title, srcs, tags, group, meta, loc)  # type: ignore[arg-type]
    trusted = _trusted_statement(
        sid, text, made.kind, title, tuple(srcs), tuple(tags), group, dict(meta), loc
    )
    assert trusted == made
    assert hash(trusted) == hash(made)
    assert repr(trusted) == repr(made)
    assert trusted.location == made.location  # not compared by ==
    assert attrs.asdict(trusted) == attrs.asdict(made)


@given(_ids, st.sampled_from(list(RelationKind)), _ids, _ids, _locations)
def test_trusted_relation_is_the_relation(
    rid: str, kind: RelationKind, src: str, tgt: str, loc: Location | None
) -> None:
    made = Relation(rid, kind, src, tgt, location=loc)
    trusted = _trusted_relation(rid, kind, src, tgt, loc)
    assert trusted == made
    assert hash(trusted) == hash(made)
    assert trusted.location == made.location
    assert trusted.tags == ()
    assert trusted.meta == {}
    assert trusted.meta is not _trusted_relation(rid, kind, src, tgt, loc).meta  # not shared


@given(_opt, st.none() | st.integers(), st.none() | st.integers())
def test_trusted_location_is_the_location(
    path: str | None, line: int | None, col: int | None
) -> None:
    assert _trusted_location(path, line, col) == Location(path, line, col)


def _scan(amap: ArgumentMap) -> list[str]:
    """What _dangling reports when its set-based shortcut is bypassed."""
    amap._references_hold = lambda: False  # type: ignore[method-assign]
    return [message for _, message in amap._dangling()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    maps(),
    st.lists(
        st.tuples(
            st.sampled_from(["group", "premise", "conclusion", "source", "target", "parent"]), _ids
        ),
        max_size=3,
        unique=True,
    ),
)
def test_reference_check_agrees_with_the_scan(amap: ArgumentMap, breaks: list) -> None:
    """Maps with and without dangling references (of every kind): the shortcut says they
    all hold exactly when the full scan finds nothing."""
    for what, ref in breaks:
        ref = "missing-" + ref
        if what == "group":
            amap.add(Statement("st-" + ref, "t", group=ref))
        elif what == "premise":
            amap.add(Argument("ap-" + ref, premises=[ref]))
        elif what == "conclusion":
            amap.add(Argument("ac-" + ref, conclusion=ref))
        elif what == "source":
            amap.add(Relation("rs-" + ref, RelationKind.SUPPORT, ref, ref))
        elif what == "target":
            amap.add(
                Relation("rt-" + ref, RelationKind.ATTACK, next(iter(amap._statements), ref), ref)
            )
        else:
            amap.add(Group("g-" + ref, "G", parent=ref))
    holds = amap._references_hold()
    assert holds == (not _scan(amap))
