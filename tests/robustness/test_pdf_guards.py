"""The PDF reader's guards against hostile files (pipeline/extract/pdf.py), with their limits lowered so
that the fixtures stay small: the decoded size of compressed streams (one, and all together; image
streams are not counted), the number of objects on one page, and errors pdfminer raises on damage."""
from __future__ import annotations

import io
import random
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError, LimitExceededError
from pipeline.extract import pdf as pdf_module
from pipeline.extract.pdf import check_compressed_streams, read_pdf
from tests.conftest import EXAMPLES
from tests.robustness.raw_pdf import raw_pdf as _raw_pdf

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

MB = 1 << 20


def _flate(size: int, fill: bytes = b" ") -> bytes:
    return zlib.compress(fill * size, 9)


TEXT = b"BT /F1 12 Tf 72 760 Td (De opvang van asielzoekers.) Tj ET"


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_STREAM_BYTES", 2 * MB)
    monkeypatch.setattr(pdf_module, "MAX_DECODED_BYTES", 5 * MB)


def test_one_stream_over_the_limit_is_refused(small_limits: None) -> None:
    data = _raw_pdf([(b"", _flate(3 * MB))])
    with pytest.raises(LimitExceededError, match=r"a compressed stream in the PDF expands to more than 2 MB"):
        read_pdf(data, "bom.pdf")


def test_many_streams_over_the_total_are_refused(small_limits: None) -> None:
    data = _raw_pdf([(b"", zlib.compress(TEXT))] + [(b"", _flate(MB + MB // 2, bytes([65 + i]))) for i in range(4)])
    check_compressed_streams(_raw_pdf([(b"", _flate(MB + MB // 2))] * 3), "drie.pdf")  # 4.5 MB: under the total
    with pytest.raises(LimitExceededError, match=r"the compressed streams in the PDF expand to more than 5 MB"):
        read_pdf(data, "veel.pdf")


def test_image_streams_are_not_counted(small_limits: None) -> None:
    image = b"/Type /XObject /Subtype /Image /Width 2048 /Height 2048 /ColorSpace /DeviceRGB /BitsPerComponent 8"
    check_compressed_streams(_raw_pdf([(b"", zlib.compress(TEXT)), (image, _flate(12 * MB))]), "foto.pdf")


def test_streams_that_are_not_zlib_are_ignored() -> None:
    rng = random.Random(5)
    check_compressed_streams(_raw_pdf([(b"", rng.randbytes(50_000)), (b"", b"stream\n" + rng.randbytes(1000))]), "x")


def test_a_page_with_too_many_objects_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_PAGE_ITEMS", 500)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.drawString(72, 760, "Een gewone eerste pagina.")
    pdf.showPage()
    for row in range(40):
        pdf.drawString(20, 20 + 20 * row, "x" * 30)  # 1,200 characters on page 2
    pdf.showPage()
    pdf.save()
    with pytest.raises(LimitExceededError, match=r"page 2 draws more than 500 characters and shapes"):
        read_pdf(buffer.getvalue(), "vol.pdf")


@pytest.mark.parametrize("seed", range(30))
def test_mutated_pdfs_fail_only_with_our_errors(seed: int) -> None:
    """Random damage to a good PDF: the reader gives a RawDocument or one of our input errors, nothing else."""
    data = bytearray(next(EXAMPLES.glob("*.pdf")).read_bytes())
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 12)):
        kind = rng.randrange(3)
        at = rng.randrange(len(data))
        if kind == 0:
            data[at] = rng.randrange(256)
        elif kind == 1:
            del data[at:at + rng.randint(1, 500)]
        else:
            data[at:at] = rng.choice([b"[[[[[[" * 400, b"<<" * 400, b"99999999999999999999 ", b"R", b"/Length -5"])
    try:
        read_pdf(bytes(data), "kapot.pdf")
    except InputError as error:  # anything else fails the test
        assert str(error).startswith("kapot.pdf: ") and len(str(error)) < 400  # noqa: PT017 - it may also read


def test_a_stream_of_some_megabytes_under_the_limit_is_passed_quickly() -> None:
    """zlib leaves the bytes after a stream's end in `unconsumed_tail` when the last call was capped:
    the scan once looped forever on any stream that inflates to more than its 1 MB step."""
    check_compressed_streams(_raw_pdf([(b"", _flate(3 * MB))] * 2), "drie-mb.pdf")


@settings(max_examples=500, deadline=None, database=None)
@given(chunks=st.lists(st.binary(max_size=3000), max_size=4), repeat=st.integers(1, 3000),
       cut=st.integers(0, 50), tail=st.binary(max_size=200), limit=st.integers(0, 4 * MB))
def test_inflated_size_counts_what_zlib_inflates(chunks: list[bytes], repeat: int, cut: int, tail: bytes,
                                                 limit: int) -> None:
    from pipeline.extract.pdf import _inflated_size

    plain = b"".join(chunks) * repeat
    packed = zlib.compress(plain)
    whole = _inflated_size(b"stream\n" + packed + tail, 7, limit)
    assert whole == len(plain) or (whole > limit and len(plain) > limit)
    cut_short = _inflated_size(b"stream\n" + packed[: max(0, len(packed) - cut)], 7, limit)  # truncated: no hang
    assert 0 <= cut_short <= max(whole, 0) + (1 << 20)
