"""Microtexts reader: inputs that stalled, bounded input, valid text (issue 12)."""

from __future__ import annotations

import time

import pytest
from argmap_microtexts import MicrotextsReader

from argmap import ArgmapSyntaxError


def _one_joint_many_adus(n: int) -> str:
    """n EDUs joined into one joint, which is then 'segmented' into n ADUs: each ADU's
    text was every EDU's (n² text from an input of size n)."""
    parts = ['<arggraph id="x">']
    parts += [f'<edu id="e{i}">word{i}</edu>' for i in range(n)]
    parts.append('<joint id="j"/>')
    parts += [f'<adu id="a{i}" type="pro"/>' for i in range(n)]
    parts += [f'<edge id="s{i}" src="e{i}" trg="j" type="seg"/>' for i in range(n)]
    parts += [f'<edge id="t{i}" src="j" trg="a{i}" type="seg"/>' for i in range(n)]
    parts.append("</arggraph>")
    return "\n".join(parts)


def test_one_joint_segmented_into_many_adus_is_refused_quickly() -> None:
    n = 3000
    start = time.perf_counter()
    with pytest.raises(ArgmapSyntaxError, match="already segmented") as info:
        MicrotextsReader().parse(_one_joint_many_adus(n), path="x.xml")
    assert time.perf_counter() - start < 30  # it took minutes before (n² text)
    assert info.value.line == 1 + n + 1 + n + n + 2  # the second seg edge out of the joint


def test_an_edu_segmented_twice_is_refused() -> None:
    text = (
        '<arggraph id="x"><edu id="e1">A</edu><adu id="a1" type="pro"/>'
        '<adu id="a2" type="opp"/>\n<edge id="c1" src="e1" trg="a1" type="seg"/>\n'
        '<edge id="c2" src="e1" trg="a2" type="seg"/></arggraph>'
    )
    with pytest.raises(ArgmapSyntaxError, match="already segmented") as info:
        MicrotextsReader().parse(text)
    assert info.value.line == 3


def test_limits_are_reader_options() -> None:
    text = _one_joint_many_adus(1).replace('<joint id="j"/>', "")
    text = text.replace('src="j"', 'src="e0"').replace(
        '<edge id="s0" src="e0" trg="j" type="seg"/>', ""
    )
    assert len(MicrotextsReader().parse(text).statements) == 1
    with pytest.raises(ArgmapSyntaxError, match="max_elements") as info:
        MicrotextsReader().parse(text, max_elements=2)
    assert info.value.line is not None
    with pytest.raises(ArgmapSyntaxError, match="max_bytes"):
        MicrotextsReader().parse(text, max_bytes=10)


def test_a_lone_surrogate_in_text_is_a_located_error() -> None:
    text = '<arggraph id="x">\n<edu id="e1">a \ud800</edu></arggraph>'
    with pytest.raises(ArgmapSyntaxError, match="surrogate") as info:
        MicrotextsReader().parse(text)
    assert (info.value.line, info.value.column) == (2, 16)
