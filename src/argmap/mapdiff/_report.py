"""Diff reports: plain text, Markdown, JSON data, and the one-line-per-element inventory
that ``git diff`` compares through a ``textconv`` filter."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .._model import Argument, ArgumentMap, Group, Relation, RelationKind, Source, Statement

if TYPE_CHECKING:
    from . import Change, FieldChange, MapDiff, Section

__all__ = ["describe", "inventory", "summary_line", "to_dict", "to_markdown", "to_text"]

_SINGULAR = {
    "statements": "statement",
    "arguments": "argument",
    "relations": "relation",
    "groups": "group",
}
_TITLES = {
    "statements": "Statements (claims and evidence)",
    "arguments": "Arguments",
    "relations": "Relations",
    "groups": "Groups",
}


# ---------------------------------------------------------------------- shared
def _kind(el: Any) -> str:
    if isinstance(el, Statement):
        return el.kind.value
    if isinstance(el, Argument):
        return "argument"
    if isinstance(el, Relation):
        return el.kind.value
    return "group"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def describe(el: Any) -> str:
    """One line naming an element: ``claim [id]: "text"``, ``support: [a] → [b]``."""
    if isinstance(el, Relation):
        return f"{el.kind.value}: [{el.source}] → [{el.target}]"
    if isinstance(el, Group):
        return f'group [{el.id}]: "{_one_line(el.title)}"'
    text = el.text or el.title
    body = f': "{_one_line(text)}"' if text else ""
    return f"{_kind(el)} [{el.id}]{body}"


def _change_head(c: Change[Any]) -> str:
    old, new = c.old, c.new
    if isinstance(new, Relation):
        head = f"{new.kind.value}: [{new.source}] → [{new.target}]"
        if c.renamed:
            head += f" (id {old.id} → {new.id})"
        return head
    ident = f"[{old.id} → {new.id}]" if c.renamed else f"[{new.id}]"
    return f"{_kind(new)} {ident}"


def _value(value: Any) -> str:
    from . import ABSENT

    if value is ABSENT or value is None:
        return "(none)"
    if isinstance(value, str):
        return '"' + _one_line(value) + '"'
    if isinstance(value, Source):
        return _source_line(value)
    if isinstance(value, RelationKind):
        return value.value
    if isinstance(value, tuple):
        return "(" + ", ".join(_value(v) for v in value) + ")"
    if hasattr(value, "value") and isinstance(value.value, str):
        return str(value.value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _field_line(f: FieldChange) -> str:
    if f.field == "tags":
        old, new = set(f.old), set(f.new)
        added = [t for t in f.new if t not in old]
        removed = [t for t in f.old if t not in new]
        parts = [f"+#{t}" for t in added] + [f"−#{t}" for t in removed]
        return f"tags: {' '.join(parts) if parts else 'reordered ' + _value(f.new)}"
    if f.old is None or _absent(f.old):
        return f"{f.field}: added {_value(f.new)}"
    if f.new is None or _absent(f.new):
        return f"{f.field}: removed {_value(f.old)}"
    return f"{f.field}: {_value(f.old)} → {_value(f.new)}"


def _absent(value: Any) -> bool:
    from . import ABSENT

    return value is ABSENT


def _source_line(src: Source) -> str:
    parts = [src.label()]
    if src.quote:
        parts.append(f'"{_one_line(src.quote)}"')
    if src.locator:
        parts.append(src.locator)
    return ", ".join(parts)


def summary_line(d: MapDiff) -> str:
    """``3 changes: 1 statement added, 2 relations changed`` or ``no changes``."""
    parts = []
    total = 0
    for name, section in d.sections():
        for op, n in section.counts().items():
            if n:
                total += n
                noun = _SINGULAR[name] + ("s" if n > 1 else "")
                parts.append(f"{n} {noun} {op}")
    map_n = sum(1 for f in d.map_fields if f.reported)
    if map_n:
        total += map_n
        parts.append(f"{map_n} map field{'s' if map_n > 1 else ''} changed")
    if not total:
        return "no changes"
    return f"{total} change{'s' if total > 1 else ''}: " + ", ".join(parts)


def _extra_lines(el: Any) -> Iterator[str]:
    if isinstance(el, Statement):
        if el.title and el.title != el.id:
            yield f'title: "{_one_line(el.title)}"'
        for src in el.sources:
            yield "source: " + _source_line(src)
    elif isinstance(el, Argument) and (el.premises or el.conclusion):
        prem = ", ".join(f"[{p}]" for p in el.premises) or "(none)"
        yield f"premises {prem} ⇒ [{el.conclusion or '(none)'}]"


# ---------------------------------------------------------------------- text
_ANSI = {"+": "\x1b[32m", "-": "\x1b[31m", "~": "\x1b[33m"}


def to_text(
    d: MapDiff, *, old_name: str = "old", new_name: str = "new", color: bool = False
) -> str:
    def mark(sign: str, text: str) -> str:
        line = f"{sign} {text}"
        return f"{_ANSI[sign]}{line}\x1b[0m" if color else line

    out = [f"argmap diff {old_name} → {new_name}", summary_line(d)]
    fields = [f for f in d.map_fields if f.reported]
    if fields:
        out += ["", "Map"]
        out += ["  " + mark("~", _field_line(f)) for f in fields]
    for name, section in d.sections():
        if not section:
            continue
        out += ["", _TITLES[name]]
        for el in section.added:
            out.append("  " + mark("+", describe(el)))
            out += ["      " + x for x in _extra_lines(el)]
        for el in section.removed:
            out.append("  " + mark("-", describe(el)))
        for c in section.reported_changes:
            out.append("  " + mark("~", f"{_change_head(c)}   (matched by {c.match})"))
            out += ["      " + _field_line(f) for f in c.reported_fields]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------- markdown
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _one_line(text))


def _code(text: str) -> str:
    text = _one_line(text)
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_value(value: Any) -> str:
    if _absent(value) or value is None:
        return "*(none)*"
    if isinstance(value, str):
        return _md(value)
    return _md(_value(value))


def _md_field(f: FieldChange) -> str:
    if f.field == "tags":
        return _md(_field_line(f))
    name = _code(f.field)
    if _absent(f.old) or f.old is None:
        return f"{name} added: {_md_value(f.new)}"
    if _absent(f.new) or f.new is None:
        return f"{name} removed: ~~{_md_value(f.old)}~~"
    return f"{name}: ~~{_md_value(f.old)}~~ → {_md_value(f.new)}"


def _md_element(el: Any) -> str:
    if isinstance(el, Relation):
        return f"{el.kind.value}: {_code(el.source)} → {_code(el.target)}"
    if isinstance(el, Group):
        return f"group {_code(el.id)}: {_md(el.title)}"
    text = el.text or el.title
    return f"{_kind(el)} {_code(el.id)}" + (f": {_md(text)}" if text else "")


def to_markdown(d: MapDiff, *, old_name: str = "old", new_name: str = "new") -> str:
    out = [f"### argmap diff {_code(old_name)} → {_code(new_name)}", ""]
    out.append(f"**{_md(summary_line(d))}**")
    if d.equal:
        return "\n".join(out) + "\n"
    out += ["", "| | added | removed | changed |", "|---|---:|---:|---:|"]
    for name, section in d.sections():
        n = section.counts()
        out.append(f"| {name} | {n['added']} | {n['removed']} | {n['changed']} |")
    fields = [f for f in d.map_fields if f.reported]
    if fields:
        out += ["", "#### Map", ""]
        out += [f"- ✏️ {_md_field(f)}" for f in fields]
    for name, section in d.sections():
        if not section:
            continue
        out += ["", f"#### {_TITLES[name]}", ""]
        for el in section.added:
            out.append(f"- ➕ **added** {_md_element(el)}")
            out += [f"  - {_md(x)}" for x in _extra_lines(el)]
        for el in section.removed:
            out.append(f"- ➖ **removed** {_md_element(el)}")
        for c in section.reported_changes:
            head = (
                _md_element(c.new)
                if isinstance(c.new, Relation)
                else (
                    f"{_kind(c.new)} {_code(c.old.id)} → {_code(c.new.id)}"
                    if c.renamed
                    else f"{_kind(c.new)} {_code(c.new.id)}"
                )
            )
            out.append(f"- ✏️ **changed** {head} *(matched by {_md(str(c.match))})*")
            out += [f"  - {_md_field(f)}" for f in c.reported_fields]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------- JSON
def _plain(value: Any) -> Any:
    from .._serialize import _converter

    if isinstance(value, (Statement, Argument, Relation, Group)):
        return _converter.unstructure(value, type(value))
    if isinstance(value, Source):
        return _converter.unstructure(value, Source)
    if isinstance(value, RelationKind) or hasattr(value, "value"):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _field_dict(f: FieldChange) -> dict[str, Any]:
    out: dict[str, Any] = {"field": f.field}
    if not _absent(f.old):
        out["old"] = _plain(f.old)
    if not _absent(f.new):
        out["new"] = _plain(f.new)
    if f.implied:
        out["implied"] = True
    if f.ignored:
        out["ignored"] = True
    return out


def _section_dict(section: Section[Any]) -> dict[str, Any]:
    return {
        "added": [_plain(e) for e in section.added],
        "removed": [_plain(e) for e in section.removed],
        "changed": [
            {
                "old_id": c.old.id,
                "new_id": c.new.id,
                "match": {"reason": c.match.reason, "score": round(c.match.score, 4)},
                "reported": c.reported,
                "fields": [_field_dict(f) for f in c.fields],
                "old": _plain(c.old),
                "new": _plain(c.new),
            }
            for c in section.changed
        ],
    }


def to_dict(d: MapDiff, *, old_name: str | None = None, new_name: str | None = None) -> Any:
    out: dict[str, Any] = {"equal": d.equal}
    if old_name is not None:
        out["old"] = old_name
    if new_name is not None:
        out["new"] = new_name
    out["threshold"] = d.threshold
    out["ignore"] = sorted(d.ignore)
    out["summary"] = d.summary()
    out["map"] = [_field_dict(f) for f in d.map_fields]
    for name in ("statements", "arguments", "relations", "groups"):
        out[name] = _section_dict(getattr(d, name))
    return out


# ---------------------------------------------------------------------- inventory
def _q(text: str | None) -> str:
    return json.dumps(_one_line(text or ""), ensure_ascii=False)


def inventory(amap: ArgumentMap) -> str:
    """Every element of ``amap`` on its own line, sorted by kind and id, references by id:
    text whose line diff is a structural diff (made for git's ``textconv``)."""
    out: list[str] = []
    if amap.title:
        out.append(f"map title {_q(amap.title)}")
    if amap.description:
        out.append(f"map description {_q(amap.description)}")
    for key in sorted(amap.meta):
        out.append(
            f"map meta.{key} = {json.dumps(amap.meta[key], ensure_ascii=False, default=str)}"
        )

    def common(el: Any) -> str:
        tail = "".join(f" #{_q(t) if ' ' in t else t}" for t in el.tags)
        if getattr(el, "group", None):
            tail += f" in [{el.group}]"
        if el.meta:
            tail += " meta " + json.dumps(el.meta, ensure_ascii=False, sort_keys=True, default=str)
        return tail

    for g in sorted(amap.groups.values(), key=lambda x: x.id):
        parent = f" in [{g.parent}]" if g.parent else ""
        out.append(f"group [{g.id}] {_q(g.title)}{parent}")
    for s in sorted(amap.statements.values(), key=lambda x: x.id):
        title = f" title {_q(s.title)}" if s.title and s.title != s.id else ""
        out.append(f"{s.kind.value} [{s.id}] {_q(s.text)}{title}{common(s)}")
        for src in s.sources:
            fields = [
                f"{name} {_q(value)}"
                for name in ("title", "author", "publisher", "published", "url", "quote", "locator")
                if (value := getattr(src, name))
            ]
            out.append(f"  source of [{s.id}]: " + ", ".join(fields))
    for a in sorted(amap.arguments.values(), key=lambda x: x.id):
        title = f" title {_q(a.title)}" if a.title and a.title != a.id else ""
        text = f" {_q(a.text)}" if a.text else ""
        prem = ", ".join(f"[{p}]" for p in a.premises)
        structure = f" premises {prem} ⇒ [{a.conclusion}]" if a.premises or a.conclusion else ""
        out.append(f"argument [{a.id}]{text}{title}{structure}{common(a)}")
    for r in sorted(amap.relations.values(), key=lambda x: x.id):
        rid = "" if r.id == f"{r.source} -{r.kind.value}-> {r.target}" else f" (id {r.id})"
        out.append(f"{r.kind.value} [{r.source}] → [{r.target}]{rid}{common(r)}")
    return "\n".join(out) + "\n"
