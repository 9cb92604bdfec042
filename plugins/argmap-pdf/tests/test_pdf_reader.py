"""The PDF source reader on PDFs made here from known text, and on broken ones."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap.sources import read_document, verify_quotes

fpdf = pytest.importorskip("fpdf", reason="fpdf2 (the test extra) makes the test PDFs")

PAGE_ONE = [
    "Open models are catching up with the closed frontier. The gap shrank in 2024.",
    "A second paragraph says that training costs remain very high for everyone involved "
    "in building frontier models, which is a barrier to entry.",
]
PAGE_TWO = ["Page two begins here. Licences differ from release to release."]


def make_pdf(pages: list[list[str]], *, title: str = "Open models report") -> bytes:
    pdf = fpdf.FPDF()
    pdf.set_title(title)
    pdf.set_author("A. Writer")
    pdf.set_font("Helvetica", size=12)
    for paragraphs in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, "\n\n".join(paragraphs))
    return bytes(pdf.output())


@pytest.fixture
def report_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([PAGE_ONE, PAGE_TWO]))
    return path


def test_found_through_the_entry_point() -> None:
    info = {(i.kind, i.name): i for i in argmap.plugins()}
    pdf = info[("source", "pdf")]
    assert pdf.distribution == "argmap-pdf"
    assert pdf.status == "ok"
    assert pdf.extensions == (".pdf",)


def test_paragraphs_pages_and_metadata(report_pdf: Path) -> None:
    doc = read_document(report_pdf)
    assert doc.id == "report.pdf"
    assert doc.format == "pdf"
    assert doc.title == "Open models report"
    assert doc.author == "A. Writer"
    assert [p.text for p in doc.paragraphs] == [*PAGE_ONE, *PAGE_TWO]
    assert [p.locator for p in doc.paragraphs] == ["p. 1, ¶1", "p. 1, ¶2", "p. 2, ¶3"]
    assert doc.passage("¶1.s2").text == "The gap shrank in 2024."
    assert doc.passage("p. 2, ¶3.s2").page == 2
    for p in doc.passages:
        assert doc.text[p.start : p.end] == p.text


def test_a_quote_in_a_pdf_verifies_with_its_page(report_pdf: Path) -> None:
    m = argmap.ArgumentMap()
    claim = m.claim("Licences vary")
    ev = m.evidence(
        "The report notes changing licences.",
        argmap.Source(
            title="Open models report",
            document="report.pdf",
            quote="Licences differ from release to release.",
        ),
    )
    m.support(ev, claim)
    report = verify_quotes(m, [read_document(report_pdf)])
    (check,) = report.checks
    assert check.verification.status.value == "exact"
    assert check.verification.locator == "p. 2, ¶3.s2"


def test_hyphenated_words_are_mended() -> None:
    from argmap_pdf import page_paragraphs

    assert page_paragraphs("A fron-\ntier model.\n\nNext one.") == [
        "A frontier model.",
        "Next one.",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a PDF"),
        (b"hello, I am text", "not a PDF"),
        (b"%PDF-1.7\n%garbage\n", "cannot read this PDF"),
    ],
)
def test_broken_files_give_located_errors(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(argmap.ArgmapSyntaxError, match=message) as info:
        read_document(path)
    assert info.value.path == str(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf([PAGE_ONE])
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(argmap.ArgmapError) as info:
        read_document(path)
    assert "cut.pdf" in str(info.value)


def test_pdf_without_text(tmp_path: Path) -> None:
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(argmap.ArgmapSyntaxError, match="no text"):
        read_document(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    pdf = fpdf.FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 6, "Secret text.")
    path = tmp_path / "locked.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(argmap.ArgmapError) as info:
        read_document(path)
    assert "locked.pdf" in str(info.value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_no_crash_on_mangled_pdfs(data: bytes) -> None:
    base = make_pdf([PAGE_ONE])
    mangled = base[:200] + data + base[200 + len(data) :]
    from argmap_pdf import PdfSourceReader

    with contextlib.suppress(argmap.ArgmapError):
        PdfSourceReader().parse_bytes(mangled, path="m.pdf")
