"""Hostile and arbitrary input: the reader refuses it with argmap errors only."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from argmap_microtexts import MicrotextsReader
from microtexts_corpus import MICROTEXTS

from argmap import ArgmapError, ArgmapSyntaxError

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE arggraph [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<arggraph id="bomb">
  <edu id="e1">&lol9;</edu>
  <adu id="a1" type="pro" />
  <edge id="c1" src="e1" trg="a1" type="seg" />
</arggraph>
"""


def _external(target: Path) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE arggraph [
  <!ENTITY secret SYSTEM "{target.as_uri()}">
]>
<arggraph id="xxe">
  <edu id="e1">&secret;</edu>
  <adu id="a1" type="pro" />
  <edge id="c1" src="e1" trg="a1" type="seg" />
</arggraph>
"""


def test_billion_laughs_is_refused_before_expansion() -> None:
    with pytest.raises(ArgmapSyntaxError, match="entit") as info:
        MicrotextsReader().parse(BILLION_LAUGHS, path="bomb.xml")
    err = info.value
    assert (err.path, err.line) == ("bomb.xml", 3)  # at the first declaration
    assert "lollol" not in str(err)


def test_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    with pytest.raises(ArgmapSyntaxError, match="entit") as info:
        MicrotextsReader().parse(_external(secret), path="xxe.xml")
    assert "TOP-SECRET-CONTENT" not in str(info.value)
    assert info.value.line == 3


def test_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    """An external DTD that declares an entity is never fetched: the entity stays undefined."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "TOP-SECRET-CONTENT">', encoding="utf-8")
    text = f"""<?xml version="1.0"?>
<!DOCTYPE arggraph SYSTEM "{dtd.as_uri()}">
<arggraph id="x"><edu id="e1">&secret;</edu><adu id="a1" type="pro"/>
<edge id="c1" src="e1" trg="a1" type="seg"/></arggraph>
"""
    with pytest.raises(ArgmapSyntaxError) as info:
        MicrotextsReader().parse(text)
    assert "TOP-SECRET-CONTENT" not in str(info.value)


def test_internal_dtd_without_entities_is_fine() -> None:
    text = """<?xml version="1.0"?>
<!DOCTYPE arggraph [ <!ELEMENT arggraph ANY> ]>
<arggraph id="x"><edu id="e1">Only claim.</edu><adu id="a1" type="pro"/>
<edge id="c1" src="e1" trg="a1" type="seg"/></arggraph>
"""
    m = MicrotextsReader().parse(text)
    assert m.statements["a1"].text == "Only claim."


def test_bad_bytes_in_file_are_located(tmp_path: Path) -> None:
    f = tmp_path / "latin.xml"
    f.write_bytes(b"<arggraph id='x'>\n<edu id='e1'>caf\xe9</edu></arggraph>")
    with pytest.raises(ArgmapSyntaxError) as info:
        MicrotextsReader().read(f)
    assert info.value.line == 2


def _seeds() -> list[str]:
    from test_microtexts_reader import SMALL

    seeds = [SMALL, BILLION_LAUGHS]
    if MICROTEXTS is not None:
        seeds += [
            (MICROTEXTS / n).read_text("utf-8")
            for n in ("micro_b001.xml", "micro_k031.xml")
            if (MICROTEXTS / n).exists()
        ]
    return seeds


def test_reader_raises_only_argmap_errors() -> None:
    testing = pytest.importorskip("argmap.testing")
    testing.assert_reader_robust(MicrotextsReader(), seeds=_seeds(), max_examples=300)


def test_every_error_class_is_argmap() -> None:
    for text in (
        "",
        "<",
        "<?xml version='1.0' encoding='klingon'?><arggraph id='x'/>",
        "<arggraph id='x'></arggraph>",
        "\x00",
        "<arggraph id='x'>&amp;</arggraph>",
    ):
        with contextlib.suppress(ArgmapError):
            MicrotextsReader().parse(text)


def test_files_are_decoded_as_their_declaration_says(tmp_path: Path) -> None:
    f = tmp_path / "latin1.xml"
    f.write_bytes(
        b"<?xml version='1.0' encoding='ISO-8859-1'?>\n"
        b"<arggraph id='x'><edu id='e1'>Caf\xe9s should open on Sundays.</edu>"
        b"<adu id='a1' type='pro'/><edge id='c1' src='e1' trg='a1' type='seg'/></arggraph>"
    )
    m = MicrotextsReader().read(f)
    assert m.statements["a1"].text == "Caf\u00e9s should open on Sundays."
    assert m.source_path == str(f)


def test_unreadable_file_is_an_argmap_error(tmp_path: Path) -> None:
    with pytest.raises(ArgmapSyntaxError, match="cannot read file"):
        MicrotextsReader().read(tmp_path / "missing.xml")
