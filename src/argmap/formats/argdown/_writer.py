"""Write an :class:`ArgumentMap` as idiomatic Argdown that reads back to an equal map.

Layout: front matter; the elements outside any group; then each group as a heading
(nested groups as deeper headings) followed by its elements. A statement or argument
that is mentioned in exactly one place (one premise-conclusion structure, or as the
source of one relation) is defined right there, so supports and attacks nest as in
hand-written Argdown; everything else gets a top-level definition and is referred to by
title. Relations are written below their target (``+``, ``-``, ``_``), contradictions
below their source (``><``).

What Argdown cannot say is reported with a warning on the ``argmap`` logger and left
out: undercuts of relations, contradictions involving arguments, tags and metadata of
relations, and premises of an argument without a conclusion.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..._log import logger
from ..._model import Argument, ArgumentMap, Relation, RelationKind, Statement, slugify
from ._inline import PUNCT

__all__ = ["write_argdown"]

log = logger()

_TAG_WORD = re.compile(r"[\w-]+")
_HASH = re.compile(r"(?<!\S)#")
_SLASHES = re.compile(r"(?<!\S)/(?=/)|/(?=\*)")
_LIST_START = re.compile(r"(\d+)\.(?=[ \t]|$)")
_FLAT_KEYS = ("source", "author", "publisher", "url", "published", "quote", "locator", "document")
_SOURCE_FIELDS = ("title", *_FLAT_KEYS[1:])
_COMMENT_OPENERS = re.compile(r"(?<!\S)//|/\*|<!--")
# mentions and Markdown links are kept; other brackets are escaped
_BRACKETS = re.compile(
    r"(@\[(?:\\.|[^\]\\\n])*\]|@<(?:\\.|[^>\\\n])*>|\[[^\[\]\n]*\]\([^()\s]*\))|[\[\]<>]"
)


def _brackets(m: re.Match[str]) -> str:
    if m.group(1) is not None:  # a mention or link: kept, but it must not open a comment
        return m.group(0).replace("<!--", "\\<!--")
    return "\\" + m.group(0)


_RUNS = re.compile(r"\\.|\*+|_+")
_EDGE = PUNCT


def _emphasis(text: str) -> str:
    """Escape ``*`` and ``_`` that do not pair up as Markdown emphasis: the reference
    implementation rejects a lone one, even inside a word."""
    runs = [m for m in _RUNS.finditer(text) if m.group()[0] != "\\"]
    if not runs:
        return text
    n = len(text)
    keep: set[int] = set()
    openers: list[re.Match[str]] = []
    for m in runs:
        a, b = m.start(), m.end()
        before = text[a - 1] if a else " "
        after = text[b] if b < n else " "
        if not before.isspace() and (after.isspace() or after in _EDGE):
            for k in range(len(openers) - 1, -1, -1):
                if openers[k].group() == m.group():
                    keep.add(openers[k].start())
                    keep.add(a)
                    del openers[k:]
                    break
            else:
                continue
            continue
        if (before.isspace() or before in _EDGE) and not after.isspace():
            openers.append(m)
    out = []
    pos = 0
    for m in runs:
        if m.start() in keep:
            continue
        out.append(text[pos : m.start()])
        out.append("".join("\\" + c for c in m.group()))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _protected(text: str, plain: Any) -> str:
    """Apply ``plain`` to the text outside mentions and Markdown links."""
    out = []
    pos = 0
    for m in _KEPT.finditer(text):
        out.append(plain(text[pos : m.start()]))
        out.append(m.group().replace("<!--", "\\<!--"))
        pos = m.end()
    out.append(plain(text[pos:]))
    return "".join(out)


_KEPT = re.compile(r"@\[(?:\\.|[^\]\\\n])*\]|@<(?:\\.|[^>\\\n])*>|\[[^\[\]\n]*\]\([^()\s]*\)")
_LEADING = re.compile(r"(?!\[[^\[\]\n]*\]\()[\[<#=]|\(\d+\)|[-+_><*]+(?:[ \t]|$)|--")


def _escape(text: str, *, leading: bool = False) -> str:
    """Escape what the reader (or the reference implementation) would take for syntax:
    data, tags, comments, and brackets outside mentions and links."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
    if "[" in text or "]" in text or "<" in text or ">" in text:
        text = _BRACKETS.sub(_brackets, text)
    if "*" in text or "_" in text:
        text = _protected(text, _emphasis)
    if "#" in text:
        text = _HASH.sub("\\\\#", text)
    if "/" in text:
        text = _SLASHES.sub("\\\\/", text)
    if leading and text:
        if _LEADING.match(text):
            text = "\\" + text
        elif text[0].isdigit():
            text = _LIST_START.sub(r"\1\\.", text, count=1)
    return text


def _title(title: str, close: str) -> str:
    title = title.replace("\\", "\\\\").replace(close, "\\" + close)
    if "/" in title:
        title = _SLASHES.sub("\\\\/", title)
    return title.replace("<!--", "\\<!--")


# ---------------------------------------------------------------------------- flow YAML
# The data of an element is written as one line of flow-style YAML. PyYAML's emitter is
# general, and slow for this (most of the writer's time on a map whose nodes carry data):
# the usual shapes -- a mapping of plain or single-quoted strings, numbers, booleans,
# nulls, and lists and mappings of those -- are written here, with exactly the text
# PyYAML writes for them (the same choice of plain or single-quoted style, the same
# number forms). Anything else (double quotes needed, a line break, a shared or tuple
# container, another type, a long or empty key) goes to PyYAML, as before.


class _Unusual(Exception):
    """A value :func:`_flow` leaves to PyYAML."""


# PyYAML's implicit resolvers: a plain scalar matching one of these is not read as a string
_RESOLVERS: dict[str | None, list[tuple[str, re.Pattern[str]]]] = (
    yaml.SafeDumper.yaml_implicit_resolvers
)
_ANY_RESOLVERS = _RESOLVERS.get(None, [])
_STR_TAG = "tag:yaml.org,2002:str"
_FLOAT_TAG = "tag:yaml.org,2002:float"
# anything PyYAML would double-quote or write on more lines: characters outside its
# printable set, line breaks (``\n``, NEL, U+2028/9) and the byte order mark
_NOT_SIMPLE = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]"
)
_PLAIN_FIRST = frozenset("#,[]{}&*!|>'\"%@`?:")  # indicators a plain scalar cannot start with
_FLOW_INDICATOR = re.compile(r"[,?\[\]{}:]| #")  # ... nor hold, in flow context
_MAX_KEY = 100  # PyYAML writes a key of 123 characters or more as a complex key (``? k``)
_MAX_FLOW_DEPTH = 20


def _resolves(text: str) -> str:
    """The tag PyYAML's resolver gives the plain scalar ``text`` (not empty)."""
    for tag, regexp in _RESOLVERS.get(text[0], ()):
        if regexp.match(text):
            return tag
    for tag, regexp in _ANY_RESOLVERS:
        if regexp.match(text):
            return tag
    return _STR_TAG


def _flow_str(text: str) -> str:
    if _NOT_SIMPLE.search(text):
        raise _Unusual
    if (
        text
        and text[0] not in _PLAIN_FIRST
        and text[0] != " "
        and text[-1] != " "
        and not (text[0] == "-" and (len(text) == 1 or text[1] == " "))
        and not text.startswith(("---", "..."))
        and not _FLOW_INDICATOR.search(text)
        and _resolves(text) == _STR_TAG
    ):
        return text
    return "'" + text.replace("'", "''") + "'"


def _flow(value: Any, seen: set[int], depth: int) -> str:
    """``value`` as PyYAML writes it in a flow collection (or :class:`_Unusual`)."""
    kind = type(value)
    if kind is str:
        return _flow_str(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
        if _resolves(text) != _FLOAT_TAG:
            raise _Unusual
        return text
    if depth > _MAX_FLOW_DEPTH or id(value) in seen:  # deep, or shared: an anchor
        raise _Unusual
    if kind is list:
        seen.add(id(value))
        return "[" + ", ".join([_flow(v, seen, depth + 1) for v in value]) + "]"
    if kind is dict:
        seen.add(id(value))
        return _flow_dict(value, seen, depth + 1)
    raise _Unusual


def _flow_dict(data: dict[Any, Any], seen: set[int], depth: int) -> str:
    parts = []
    for k, v in data.items():
        if type(k) is not str or not k or len(k) > _MAX_KEY:
            raise _Unusual
        parts.append(_flow_str(k) + ": " + _flow(v, seen, depth))
    return "{" + ", ".join(parts) + "}"


def _dump(data: dict[str, Any]) -> str:
    """The data as one line of flow YAML that the reader reads back to the same values
    (double-quoted, with ``/`` and ``<`` escaped, where it would hold a comment opener)."""
    try:
        out = _flow_dict(data, {id(data)}, 0)
    except _Unusual:
        pass
    else:
        if not _COMMENT_OPENERS.search(out):
            return out
    return _dump_pyyaml(data)


def _dump_pyyaml(data: dict[str, Any]) -> str:
    out = yaml.safe_dump(
        data, default_flow_style=True, width=float("inf"), allow_unicode=True, sort_keys=False
    ).strip()
    if _COMMENT_OPENERS.search(out) or "\n" in out:
        out = yaml.safe_dump(
            data,
            default_flow_style=True,
            default_style='"',
            width=float("inf"),
            allow_unicode=True,
            sort_keys=False,
        ).strip()
        out = out.replace("/", "\\/").replace("<", "\\x3C")
    return out


_ASCII_ALNUM = re.compile("[A-Za-z0-9]")


def _is_slug_of(nid: str, text: str) -> bool:
    """``nid == slugify(text)``, rejecting most ids quickly (slugify costs more than the
    rest of a statement's checks): a slug has at most 48 characters, and the slug of an
    ASCII text starts with the text's first letter or digit, in lower case."""
    if len(nid) > 48:
        return False
    if text.isascii():
        first = _ASCII_ALNUM.search(text)
        if first is not None and nid[:1] != first.group().lower():
            return False
    return nid == slugify(text)


def _tags(tags: tuple[str, ...], where: str, lost: list[str]) -> str:
    parts = []
    for t in tags:
        if _TAG_WORD.fullmatch(t):
            parts.append(f"#{t}")
        elif t and ")" not in t and t == " ".join(t.split()):
            parts.append(f"#({t})")
        else:
            lost.append(f"tag {t!r} of {where}")
    return " ".join(parts)


MAX_NESTING = 50
"""How many levels deep a node is defined inline under its container. Deeper in a chain
(a support of a support of ... ), the node at this depth is defined at the top level
instead and referred to by title where it is mentioned, so the output grows linearly
with the map and reads back to the same map."""

MAX_SECTION_DEPTH = 100
"""How many levels of ``#`` a section heading gets. A section nested deeper starts again
at level 1: the parent of that one section is left out (with a warning)."""

_SYMBOL = {RelationKind.SUPPORT: "+", RelationKind.ATTACK: "-", RelationKind.UNDERCUT: "_"}
_KIND_VALUE = {kind: kind.value for kind in RelationKind}


class _Writer:
    def __init__(self, amap: ArgumentMap) -> None:
        self.m = amap
        self.lost: list[str] = []
        self.out: list[str] = []
        st = amap.statements
        ar = amap.arguments
        # the tables' own key views: C-level membership tests, no method call per lookup
        st_ids, ar_ids, rel_ids = st.keys(), ar.keys(), amap.relations.keys()
        self.pcs: dict[str, list[Any]] = {}
        self.pcs_from_meta: set[str] = set()
        for a in ar.values():
            self.pcs[a.id] = self._pcs_items(a)
        pcs = self.pcs
        # -------------------------------------------------------- relation placement
        below: dict[str, list[Relation]] = {}  # node id -> relations written under it
        self.below = below
        self.explicit = False
        contradiction = RelationKind.CONTRADICTION
        for r in amap.relations.values():
            source, target, kind = r.source, r.target, r.kind
            if r.tags or r.meta:
                self.lost.append(f"tags and metadata of relation {r.id!r}")
            if r.id != f"{source} -{_KIND_VALUE[kind]}-> {target}":  # relation_id
                self.lost.append(f"the id of relation {r.id!r}")
            if source not in st_ids and source not in ar_ids:
                self.lost.append(f"relation {r.id!r} (its source is not a node)")
                continue
            if target not in st_ids and target not in ar_ids:
                self.lost.append(f"relation {r.id!r} (Argdown cannot attack a relation)")
                continue
            if kind is contradiction:
                if source in ar_ids or target in ar_ids:
                    self.lost.append(f"contradiction {r.id!r} (only statements contradict)")
                    continue
                if source > target and f"{target} -contradiction-> {source}" in rel_ids:
                    self.lost.append(f"contradiction {r.id!r} (it has a twin in the other way)")
                    continue
                holder = source
            else:
                if not self.explicit and (pcs.get(source) or self._implied(r)):
                    self.explicit = True
                holder = target
            if holder in below:
                below[holder].append(r)
            else:
                below[holder] = [r]
        # -------------------------------------------------------- mentions
        # where a node is mentioned outside its own block: (container node id, kind)
        mentions: dict[str, list[str]] = {}
        self.mentions = mentions
        for aid, items in pcs.items():
            for x in items:
                if isinstance(x, str):  # ids, not inference dicts
                    if x in mentions:
                        mentions[x].append(aid)
                    else:
                        mentions[x] = [aid]
        for holder, rels in below.items():
            for r in rels:
                other = r.target if r.kind is contradiction else r.source
                if other in mentions:
                    mentions[other].append(holder)
                else:
                    mentions[other] = [holder]
        # -------------------------------------------------------- homes
        group_ids = amap.groups.keys()
        group_of: dict[str, str | None] = {}
        self.group_of = group_of
        members: dict[str | None, list[Statement | Argument]] = {}  # by group, in order
        self.members = members
        inline: set[str] = set()
        self.inline = inline
        for n in amap.nodes():
            nid = n.id
            gid = n.group if n.group in group_ids else None
            group_of[nid] = gid
            if gid in members:
                members[gid].append(n)
            else:
                members[gid] = [n]
            ms = mentions.get(nid)
            if ms is None or len(ms) != 1 or ms[0] == nid:
                continue
            if isinstance(n, Argument):
                if pcs.get(nid):
                    continue
            elif not n.text:
                continue
            inline.add(nid)
        self._resolve_homes(amap)
        # -------------------------------------------------------- titles
        self.untitled: set[str] = set()
        for s in st.values():
            if (
                s.title is None
                and s.text
                and (s.id in inline or s.id not in mentions)
                and _is_slug_of(s.id, s.text)
                and not self._other(s.meta, "other_texts", s.text)
            ):
                self.untitled.add(s.id)
        self.stmt_titles = st_ids - self.untitled if self.untitled else set(st_ids)
        self.untitled_args: set[str] = set()
        sources = {r.source for r in amap.relations.values()}
        for a in ar.values():
            if (
                a.title is None
                and a.text is None
                and not a.tags
                and not (set(a.meta) - {"pcs"})
                and a.conclusion is not None
                and pcs.get(a.id)
                and a.id not in below
                and not mentions.get(a.id)
                and a.id not in sources
                and a.id == slugify("arg " + a.conclusion)
            ):
                self.untitled_args.add(a.id)
        self.done: set[str] = set()

    # ------------------------------------------------------------------ helpers
    def _implied(self, r: Relation) -> bool:
        """Whether the reader would drop ``r`` as implied: a relation to a reconstructed
        argument when the same relation goes to one of its premises."""
        items = self.pcs.get(r.target)
        if not items:
            return False
        rel_ids = self.m.relations.keys()
        head = f"{r.source} -{_KIND_VALUE[r.kind]}-> "  # relation_id(r.kind, r.source, x)
        return any(head + x in rel_ids for x in items[:-1] if isinstance(x, str))

    def _resolve_homes(self, amap: ArgumentMap) -> None:
        """Decide which inline nodes stay inline, in one pass over the containment forest.

        A node defined inline is written under its container (the one node that mentions
        it). It stays inline when its container is in the same group, when the chain of
        containers above it is no cycle (the node where a walk first closes a cycle goes
        top-level) and when it would not be nested more than :data:`MAX_NESTING` levels
        deep (the node at that depth goes top-level and is referred to by title from its
        container; its own subtree nests below it again). Each node is visited once, so
        this is linear in the map however deep the support chains are.
        """
        inline = self.inline
        container = {nid: self.mentions[nid][0] for nid in inline}
        level: dict[str, int] = {}  # nesting level of a resolved node (top-level: 0)
        for n in amap.nodes():
            if n.id not in inline or n.id in level:
                continue
            path: list[str] = []
            on_path: set[str] = set()
            cur = n.id
            while cur in inline and cur not in level:
                if cur in on_path:  # a cycle of containers: break it here
                    inline.discard(cur)
                    level[cur] = 0
                    break
                path.append(cur)
                on_path.add(cur)
                cur = container[cur]
            for nid in reversed(path):
                if nid in level:  # the node that closed the cycle
                    continue
                up = container[nid]
                depth = level.get(up, 0) + 1
                if self.group_of.get(nid) != self.group_of.get(up) or depth > MAX_NESTING:
                    inline.discard(nid)
                    depth = 0
                level[nid] = depth

    @staticmethod
    def _other(meta: dict[str, Any], key: str, first: str | None) -> list[str]:
        """Further texts to write as more definitions (when they read back the same)."""
        value = meta.get(key)
        if not isinstance(value, list) or not value:
            return []
        seen = {first}
        for v in value:
            if not isinstance(v, str) or v != " ".join(v.split()) or not v or v in seen:
                return []
            seen.add(v)
        return list(value)

    def _pcs_items(self, a: Argument) -> list[Any]:
        """The premise-conclusion structure to write: ids and inference dicts."""
        st = self.m.statements.keys()
        pcs = a.meta.get("pcs")
        if isinstance(pcs, list) and self._valid_pcs(pcs, a):
            self.pcs_from_meta.add(a.id)
            return list(pcs)
        if a.conclusion is None or a.conclusion not in st:
            if a.premises:
                self.lost.append(f"premises of argument {a.id!r} (it has no conclusion)")
            return []
        prem = [p for p in a.premises if p in st]
        if len(prem) != len(a.premises) or len(set(prem)) != len(prem) or a.conclusion in prem:
            self.lost.append(f"the premises of argument {a.id!r} as given")
            prem = list(dict.fromkeys(p for p in prem if p != a.conclusion))
        if not prem:
            prem = [a.conclusion]  # (1) C ---- (2) C: no premise, conclusion C
        return [*prem, {}, a.conclusion]

    def _valid_pcs(self, pcs: list[Any], a: Argument) -> bool:
        st = self.m.statements.keys()
        if len(pcs) < 3 or not isinstance(pcs[0], str) or not isinstance(pcs[-1], str):
            return False
        n_inf = 0
        interesting = False
        prev_dict = False
        concluded: set[str] = set()
        after = False
        for x in pcs:
            if isinstance(x, dict):
                if prev_dict or set(x) - {"rules", "data"}:
                    return False
                rules = x.get("rules", [])
                data = x.get("data", {})
                if not isinstance(rules, list) or not isinstance(data, dict):
                    return False
                for r in rules:
                    if not isinstance(r, str) or not r or r != " ".join(r.split()):
                        return False
                    if "," in r or r.endswith("-") or r.startswith("-"):
                        return False
                if ("rules" in x and not rules) or ("data" in x and not data):
                    return False
                interesting = interesting or bool(rules) or bool(data)
                n_inf += 1
                prev_dict = True
                after = True
            elif isinstance(x, str) and x in st:
                prev_dict = False
                if after:
                    concluded.add(x)
                    after = False
            else:
                return False
        if not (n_inf > 1 or interesting):
            return False
        premises = list(dict.fromkeys(x for x in pcs if isinstance(x, str) and x not in concluded))
        return tuple(premises) == a.premises and pcs[-1] == a.conclusion

    def ref(self, nid: str) -> str:
        if nid in self.m.arguments:
            return f"<{_title(self.arg_title(nid), '>')}>"
        return f"[{_title(nid, ']')}]"

    def arg_title(self, aid: str) -> str:
        a = self.m.arguments[aid]
        if a.title is not None and a.title not in self.stmt_titles and a.id == a.title:
            return a.title
        if (
            a.title is not None
            and a.title in self.stmt_titles
            and a.id == f"arg:{a.title}"
            and f"arg:{a.title}" not in self.stmt_titles
            and (a.id == aid or a.id not in self.m.arguments)
        ):
            return a.title
        return aid

    def data_of(self, node: Statement | Argument) -> dict[str, Any]:
        data: dict[str, Any] = {}
        meta = dict(node.meta)
        if isinstance(node, Statement):
            if self._other(node.meta, "other_texts", node.text):
                del meta["other_texts"]
            if node.is_evidence:
                srcs = node.sources
                if len(srcs) == 1 and not set(meta) & set(_FLAT_KEYS[1:]):
                    s = srcs[0]
                    data["source"] = s.title
                    for k in _FLAT_KEYS[1:]:
                        v = getattr(s, k)
                        if v is not None:
                            data[k] = v
                else:
                    data["sources"] = [
                        {k: getattr(s, k) for k in _SOURCE_FIELDS if getattr(s, k) is not None}
                        for s in srcs
                    ]
            if node.title != node.id and node.id not in self.untitled:
                data["title"] = node.title
        else:
            if self._other(node.meta, "other_descriptions", node.text):
                meta.pop("other_descriptions")
            if node.id in self.pcs_from_meta:
                del meta["pcs"]
            if node.id not in self.untitled_args and node.title != self.arg_title(node.id):
                data["title"] = node.title
        data.update(meta)
        return data

    def head(self, node: Statement | Argument, *, leading: bool) -> str:
        """The element's own text: title, text, tags and data (one line)."""
        where = node.id
        if isinstance(node, Statement):
            body = _escape(node.text, leading=leading and node.id in self.untitled)
            if node.id in self.untitled:
                line = body
            else:
                line = self.ref(node.id) + (f": {body}" if body else "")
        else:
            body = _escape(node.text) if node.text else ""
            line = self.ref(node.id) + (f": {body}" if body else "")
        tags = _tags(node.tags, where, self.lost)
        if tags:
            line += " " + tags
        data = self.data_of(node)
        if data:
            line += " " + _dump(data)
        return line

    # ------------------------------------------------------------------ emission
    def children(self, nid: str, indent: int) -> None:
        """The relations written below ``nid``, with the nodes defined inline there (and
        theirs, depth first; iteratively, so a long support chain cannot overflow)."""
        stack = [(iter(self.below.get(nid, ())), indent)]
        while stack:
            rels, ind = stack[-1]
            r = next(rels, None)
            if r is None:
                stack.pop()
                continue
            pad = " " * ind
            if r.kind is RelationKind.CONTRADICTION:
                sym, other = "><", r.target
            else:
                sym = _SYMBOL[r.kind]
                other = r.source
            if other in self.inline and other not in self.done:
                self.done.add(other)
                node = self.m.node(other)
                self.out.append(f"{pad}{sym} {self.head(node, leading=True)}")
                stack.append((iter(self.below.get(other, ())), ind + 2))
            else:
                self.out.append(f"{pad}{sym} {self.ref(other)}")

    def block(self, node: Statement | Argument) -> None:
        self.done.add(node.id)
        if node.id in self.untitled_args:
            self.write_pcs(node)  # type: ignore[arg-type]
            return
        self.out.append(self.head(node, leading=True))
        self.children(node.id, 2)
        self.out.append("")
        if isinstance(node, Argument) and self.pcs.get(node.id):
            self.write_pcs(node)

    def write_pcs(self, a: Argument) -> None:
        n = 0
        for x in self.pcs[a.id]:
            if isinstance(x, dict):
                rules = ", ".join(_escape(r) for r in x.get("rules", []))
                data = x.get("data")
                if rules or data:
                    self.out.append("--")
                    self.out.append(" ".join(p for p in (rules, _dump(data) if data else "") if p))
                    self.out.append("--")
                else:
                    self.out.append("----")
                continue
            n += 1
            if x in self.inline and x not in self.done:
                self.done.add(x)
                node = self.m.statements[x]
                self.out.append(f"({n}) {self.head(node, leading=True)}")
                self.children(x, 2)
            else:
                self.out.append(f"({n}) {self.ref(x)}")
        self.out.append("")

    def nodes_in(self, gid: str | None) -> None:
        # untitled arguments first: a premise-conclusion structure right after an
        # argument's block would belong to that argument
        members = self.members.get(gid, ())
        for n in members:
            if n.id in self.untitled_args:
                self.block(n)
        for n in members:
            if n.id not in self.inline and n.id not in self.done:
                self.block(n)

    def more_texts(self) -> None:
        """Further texts of a statement (descriptions of an argument): more definitions."""
        for node in self.m.nodes():
            key = "other_texts" if isinstance(node, Statement) else "other_descriptions"
            texts = self._other(node.meta, key, node.text)
            if texts and node.id not in self.untitled:
                for t in texts:
                    self.out.append(f"{self.ref(node.id)}: {_escape(t)}")
                    self.out.append("")

    def front(self) -> None:
        m = self.m
        front: dict[str, Any] = {}
        if m.title is not None:
            front["title"] = m.title
        if m.description is not None:
            front["description"] = m.description
        front.update(m.meta)
        if self.explicit:
            front["argmap"] = {"argument-relations": "explicit"}
        if front:
            self.out.append("===")
            self.out.append(
                yaml.safe_dump(
                    front, allow_unicode=True, sort_keys=False, default_flow_style=False
                ).rstrip("\n")
            )
            self.out.append("===")
            self.out.append("")

    def write(self) -> str:
        self.front()
        self.nodes_in(None)
        groups = self.m.groups
        kids: dict[str | None, list[str]] = {}
        for g in groups.values():
            parent = g.parent if g.parent in groups and g.parent != g.id else None
            kids.setdefault(parent, []).append(g.id)
        used: set[str] = set()
        stems: dict[str, int] = {}  # slug -> the last suffix tried for it
        visited: set[str] = set()

        def heading(gid: str, depth: int) -> None:
            g = groups[gid]
            data = dict(g.meta)
            # the id the reader would give this heading: the slug of its title, or the
            # first free "slug-k"
            stem = slugify(g.title)
            predicted, k = stem, stems.get(stem, 1)
            if k > 1:
                predicted = f"{stem}-{k}"
            while predicted in used:
                k += 1
                predicted = f"{stem}-{k}"
            stems[stem] = k
            if predicted != gid:
                data["id"] = gid
            used.add(gid)
            line = "#" * depth + " " + _escape(g.title)
            if data:
                line += " " + _dump(data)
            self.out.append(line)
            self.out.append("")
            self.nodes_in(gid)

        def visit(start: str) -> None:
            # depth first, iteratively: sections may nest any number of levels
            stack = [(start, 1)]
            while stack:
                gid, depth = stack.pop()
                if gid in visited:
                    continue
                visited.add(gid)
                if depth > MAX_SECTION_DEPTH:
                    self.lost.append(
                        f"the parent of group {gid!r} (sections nest at most "
                        f"{MAX_SECTION_DEPTH} levels deep in Argdown written by argmap)"
                    )
                    depth = 1
                heading(gid, depth)
                for child in reversed(kids.get(gid, ())):
                    stack.append((child, depth + 1))

        for gid in kids.get(None, ()):
            visit(gid)
        for gid in groups:  # groups caught in a parent cycle
            if gid not in visited:
                self.lost.append(f"the parent of group {gid!r}")
                visit(gid)
        self.more_texts()
        if self.lost:
            log.warning(
                "Argdown cannot express %d thing(s) of this map, left out: %s",
                len(self.lost),
                "; ".join(self.lost),
            )
        while self.out and self.out[-1] == "":
            self.out.pop()
        return "\n".join(self.out) + "\n"


def write_argdown(amap: ArgumentMap) -> str:
    """The map as Argdown text."""
    return _Writer(amap).write()
