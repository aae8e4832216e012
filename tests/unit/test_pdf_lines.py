"""The PDF reader's own line formation gives what pdfminer.six's layout analysis gives.

pipeline/extract/pdf.py skips pdfminer's per-character LTChar objects (most of the extraction time)
and forms lines from plain glyph tuples. These tests keep it honest: on PDFs with the features
letters have (superscripts, bold, several fonts, char and word spacing, horizontal scaling, rotated
pages and rotated text, form XObjects, multibyte fonts from Chromium), every page's lines must have the
same text and bounding boxes as pdfminer's `extract_pages` with the same layout parameters.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

from pipeline.extract import pdf as pdf_module

reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from tests.render_pdf import blocks_from_text, render_letter_pdf  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ORACLE_PARAMS = LAParams(line_overlap=pdf_module.LINE_OVERLAP, char_margin=pdf_module.CHAR_MARGIN,
                         word_margin=pdf_module.WORD_MARGIN, line_margin=0.5, boxes_flow=None,
                         detect_vertical=False, all_texts=False)


def _key(text: str, box: tuple[float, float, float, float]) -> tuple[str, tuple[float, ...]]:
    return text.rstrip("\n"), tuple(round(v, 6) for v in box)


def _oracle(data: bytes) -> list[list[tuple[str, tuple[float, ...]]]]:
    """Per page: pdfminer.six's text lines (text, bbox), ordered like the reader orders them."""
    pages = []
    for page in extract_pages(io.BytesIO(data), laparams=ORACLE_PARAMS):
        lines = [line for box in page if isinstance(box, LTTextContainer)
                 for line in box if isinstance(line, LTTextLine)]
        pages.append(sorted((_key(ln.get_text(), ln.bbox) for ln in lines), key=lambda k: (-round(k[1][3]), k[1][0])))
    return pages


def _ours(data: bytes) -> list[list[tuple[str, tuple[float, ...]]]]:
    pages = []
    for _, lines, _ in pdf_module._page_lines(data, "test.pdf"):
        pages.append(sorted((_key(ln.text(), (ln.x0, ln.y0, ln.x1, ln.y1)) for ln in lines),
                            key=lambda k: (-round(k[1][3]), k[1][0])))
    return pages


def _assert_same(data: bytes) -> None:
    expected = _oracle(data)
    assert expected and any(expected), "the oracle found no text: the test PDF is wrong"
    assert _ours(data) == expected


def _feature_pdf(rotate_page: int = 0) -> bytes:
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setPageRotation(rotate_page)
    pdf.setFont("Times-Roman", 11)
    pdf.drawString(72, 780, "Gewone regel met de Wet inburgering 2021 en 9.800 plekken.")
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, 750, "Een vetgedrukte kop")
    text = pdf.beginText(72, 720)
    text.setFont("Helvetica", 10)
    text.textOut("Voetnoot hier")
    text.setRise(4)
    text.setFont("Helvetica", 6)
    text.textOut("12")
    text.setRise(0)
    text.setFont("Helvetica", 10)
    text.textOut(" en verder.")
    text.setCharSpace(1.5)
    text.textLine("")
    text.textLine("Ruim gespatieerde tekst")
    text.setCharSpace(0)
    text.setWordSpace(6)
    text.textLine("woorden met extra ruimte ertussen")
    text.setWordSpace(0)
    text.setHorizScale(70)
    text.textLine("smal geschaalde tekst")
    text.setHorizScale(100)
    pdf.drawText(text)
    pdf.drawRightString(520, 650, "rechts uitgelijnd")
    pdf.drawCentredString(300, 630, "gecentreerd")
    pdf.drawString(72, 610, "links")
    pdf.drawString(300, 610, "zelfde basislijn, ver weg")
    pdf.saveState()
    pdf.translate(40, 400)
    pdf.rotate(90)
    pdf.drawString(0, 0, "gedraaide kantlijntekst")
    pdf.restoreState()
    pdf.saveState()
    pdf.transform(1, 0, 0.3, 1, 100, 500)  # skewed text: the general path
    pdf.drawString(0, 0, "schuine tekst")
    pdf.restoreState()
    pdf.saveState()
    pdf.scale(1, -1)  # mirrored text: y grows downwards
    pdf.drawString(72, -450, "gespiegelde regel")
    pdf.restoreState()
    pdf.beginForm("logo")
    pdf.drawString(0, 0, "tekst in een formulier-XObject")
    pdf.endForm()
    pdf.doForm("logo")
    pdf.showPage()
    pdf.setFont("Courier", 9)
    for row in range(30):
        pdf.drawString(60, 800 - 14 * row, f"{row:>3} pagina twee, regel {row} met tekst")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.mark.parametrize("rotate_page", [0, 90, 180, 270])
def test_lines_equal_pdfminer_on_a_pdf_with_letter_features(rotate_page: int) -> None:
    _assert_same(_feature_pdf(rotate_page))


@pytest.mark.parametrize("source", sorted((REPO / "corpora" / "examples").glob("*.txt"))[:4], ids=lambda p: p.stem)
def test_lines_equal_pdfminer_on_rendered_letters(source: Path, tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    render_letter_pdf(blocks_from_text(source.read_text(encoding="utf-8")), path, title="t", date="2026-01-05", seed=3)
    _assert_same(path.read_bytes())


def test_lines_equal_pdfminer_on_the_shipped_example_pdfs() -> None:
    files = sorted((REPO / "corpora" / "examples").glob("*.pdf"))
    assert files
    for path in files:
        _assert_same(path.read_bytes())


HTML = """<html><head><meta charset="utf-8"><style>body{font-family:serif;font-size:11pt}
sup{font-size:7pt} td{border:1px solid #000}</style></head><body>
<p style="text-align:right">Datum: 3 maart 2026</p><h2>Ledenbrief (fictief): opvang</h2>
<p>De minister van Asiel en Migratie meldt op 14 februari jl. dat ruim 9.800 plekken<sup>1</sup>
ontbreken. Wij vragen het kabinet om duidelijkheid v&oacute;&oacute;r 1 juli &mdash; &euro; 1,2 miljard.</p>
<ul><li>Een <b>vet</b> en <i>cursief</i> punt</li><li>115% van de taakstelling</li></ul>
<table><tr><td>Utrecht</td><td>1.234</td></tr></table>
<p style="font-size:8pt"><sup>1</sup> https://example.org/fictief</p></body></html>"""


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no Chromium at /usr/bin/chromium")
def test_lines_equal_pdfminer_on_a_chromium_pdf(tmp_path: Path) -> None:
    """Chromium writes Type0/Identity-H fonts with TJ kerning, as many office exports do."""
    page = tmp_path / "letter.html"
    page.write_text(HTML, encoding="utf-8")
    out = tmp_path / "letter.pdf"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", page.as_uri()], check=True, capture_output=True, timeout=120)
    _assert_same(out.read_bytes())
