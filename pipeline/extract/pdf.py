"""PDF letters through pdfminer.six: lines with page, position, font size and boldness.

Superscript footnote references (digits in a smaller font, raised above the baseline) are
dropped here, because only the character geometry tells them apart from real numbers; they
are recorded as removals by the cleaner through `FOOTNOTE_REF_MARK`.
"""
from __future__ import annotations

import io
import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import Any, NamedTuple

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTPage, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSException

from pipeline.errors import (EmptyInputError, EncryptedPdfError, LimitExceededError, NoTextLayerError,
                             UnreadableFileError, VngError)
from pipeline.types import Line, RawDocument

# Explicit layout parameters: line_margin keeps paragraphs in one box; word_margin decides spaces.
# boxes_flow=None: no hierarchical ordering of text boxes (costly); lines are ordered by position here.
LAPARAMS = LAParams(line_overlap=0.5, char_margin=2.0, line_margin=0.5, word_margin=0.1,
                    boxes_flow=None, detect_vertical=False, all_texts=False)
FOOTNOTE_REF_MARK = "\u2063"  # invisible separator: marks where a superscript reference stood

# Guards against hostile PDFs (pdfminer.six has no limits of its own: it inflates every stream whole
# and keeps it). A letter's content streams and fonts are kilobytes to a few megabytes; images, which
# text extraction never decodes, are not counted.
MAX_STREAM_BYTES = 64 * 1024 * 1024  # decoded size of one compressed stream
MAX_DECODED_BYTES = 256 * 1024 * 1024  # decoded size of all compressed streams together
MAX_PAGE_ITEMS = 200_000  # characters and drawing operations on one page (a dense page has ~5,000)
# What pdfminer raises on damaged files besides its own exceptions.
_DAMAGED = (PDFSyntaxError, PSException, ValueError, LookupError, TypeError, AttributeError, AssertionError,
            ArithmeticError, struct.error, zlib.error, RecursionError, EOFError)
_STREAM_RE = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_IMAGE_RE = re.compile(rb"/Subtype\s*/Image\b")


def _iter_text_lines(page: LTPage) -> Iterator[LTTextLine]:
    for element in page:
        if isinstance(element, LTTextContainer):
            for line in element:
                if isinstance(line, LTTextLine):
                    yield line


def _line_text(line: LTTextLine) -> tuple[str, float, bool]:
    """Text, dominant font size and boldness of a line, in one pass over its characters."""
    items = list(line)
    sizes: Counter[float] = Counter()
    bold = 0
    baselines: list[float] = []
    for item in items:
        if isinstance(item, LTChar):
            sizes[round(item.size, 1)] += 1
            bold += "bold" in item.fontname.lower()
            baselines.append(item.y0)
    if not sizes:
        return line.get_text().replace("\n", "").replace(FOOTNOTE_REF_MARK, "").rstrip(), 0.0, False
    size = sizes.most_common(1)[0][0]
    baseline = sorted(baselines)[len(baselines) // 2]
    out: list[str] = []
    for item in items:
        text = item.get_text().replace(FOOTNOTE_REF_MARK, "")  # the mark is ours: never from the PDF
        if text.isdigit() and isinstance(item, LTChar) and item.size < 0.8 * size and item.y0 > baseline + 0.15 * size:
            out.append(FOOTNOTE_REF_MARK + text)  # raised small digit: a footnote reference
        else:
            out.append(text)
    return "".join(out).replace("\n", "").rstrip(), size, bold > len(baselines) / 2


def read_pdf(data: bytes, source: str) -> RawDocument:
    if not data:
        raise EmptyInputError(f"{source}: the file is empty; nothing to analyse")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableFileError(f"{source}: not a PDF (no %PDF header); check the download")
    check_compressed_streams(data, source)
    # Pages are turned into rows one at a time: pdfminer's layout objects of a long PDF do not fit in memory.
    rows_by_page: list[list[_Row]] = []
    height: float | None = None
    document: PDFDocument | None = None
    for document, page in _layouts(data, source):
        rows_by_page.append(_merge_rows(sorted(_iter_text_lines(page), key=lambda ln: (-round(ln.y1), ln.x0))))
        height = max(height or 0.0, page.height)
    if document is None:
        raise UnreadableFileError(f"{source}: the PDF has no pages; the file may be truncated")
    sizes: Counter[float] = Counter()
    for rows in rows_by_page:
        for row in rows:
            sizes[row.size] += len(row.text)
    if not sizes:
        raise NoTextLayerError(f"{source}: {len(rows_by_page)} page(s) but no text layer (a scan?); "
                               "OCR is not supported: give a PDF with text")

    lines: list[Line] = []
    for page_number, rows in enumerate(rows_by_page, start=1):
        previous_bottom: float | None = None
        for index, row in enumerate(rows):
            gap = previous_bottom is not None and (previous_bottom - row.y1) > 0.6 * row.size
            lines.append(Line(text=row.text.strip(), page=page_number, y=round(row.y1, 1),
                              x=round(row.x0, 1), size=row.size, bold=row.bold,
                              gap_before=gap or index == 0, page_start=index == 0))
            previous_bottom = row.y0
    return RawDocument(source=source, kind="pdf", lines=tuple(lines), page_count=len(rows_by_page),
                       pdf_metadata=_pdf_metadata(document), page_height=height)


class _BoundedAggregator(PDFPageAggregator):
    """pdfminer's page aggregator that stops a page holding more objects than any letter page."""

    def __init__(self, resources: PDFResourceManager, source: str) -> None:
        super().__init__(resources, laparams=LAPARAMS)
        self.source = source
        self.items = 0

    def begin_page(self, page: PDFPage, ctm: Any) -> None:
        self.items = 0
        super().begin_page(page, ctm)

    def _count(self) -> None:
        self.items += 1
        if self.items > MAX_PAGE_ITEMS:
            raise LimitExceededError(f"{self.source}: page {self.pageno} draws more than {MAX_PAGE_ITEMS:,} "
                                     "characters and shapes; this is not a letter page, so the PDF is not read")

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        self._count()
        return super().render_char(*args, **kwargs)

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        self._count()
        super().paint_path(*args, **kwargs)

    def render_image(self, *args: Any, **kwargs: Any) -> None:
        self._count()
        super().render_image(*args, **kwargs)


def _layouts(data: bytes, source: str) -> Iterator[tuple[PDFDocument, LTPage]]:
    """pdfminer.six's `extract_pages` with explicit errors and limits: (document, page layout) per page."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        resources = PDFResourceManager(caching=True)
        device = _BoundedAggregator(resources, source)
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            yield document, device.get_result()
    except VngError:
        raise  # our own errors (a time or size limit hit inside pdfminer) pass through unchanged
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise EncryptedPdfError(f"{source}: the PDF is encrypted ({type(error).__name__}); "
                                "save an unencrypted copy and run again") from error
    except MemoryError as error:
        raise LimitExceededError(f"{source}: the PDF needs more memory than is available; not read") from error
    except _DAMAGED as error:
        raise UnreadableFileError(f"{source}: the PDF is damaged or truncated "
                                  f"({type(error).__name__}: {_short(error)}); get a fresh copy") from error


def _short(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[:limit] + "…"


def check_compressed_streams(data: bytes, source: str) -> None:
    """Refuse a PDF whose compressed streams inflate beyond MAX_STREAM_BYTES (one) or MAX_DECODED_BYTES (all).

    The raw bytes are scanned before pdfminer sees them: every `stream` is inflated piecewise (output
    counted, not kept), so a decompression bomb costs milliseconds and no memory. Image streams are
    skipped (text extraction does not decode them); encrypted streams do not inflate and are left to
    the time limit.
    """
    total = 0
    for match in _STREAM_RE.finditer(data):
        header = data.rfind(b"obj", max(0, match.start() - 65536), match.start())
        if header >= 0 and _IMAGE_RE.search(data, header, match.start()):
            continue
        size = _inflated_size(data, match.end(), MAX_STREAM_BYTES)
        total += size
        if size > MAX_STREAM_BYTES or total > MAX_DECODED_BYTES:
            what = "a compressed stream in the PDF expands" if size > MAX_STREAM_BYTES \
                else "the compressed streams in the PDF expand"
            limit = MAX_STREAM_BYTES if size > MAX_STREAM_BYTES else MAX_DECODED_BYTES
            raise LimitExceededError(f"{source}: {what} to more than {limit // 2**20} MB "
                                     "(a decompression bomb?); the PDF is not read")


def _inflated_size(data: bytes, start: int, limit: int) -> int:
    """Bytes that zlib data at `start` inflates to, counted up to just over `limit` (0: not zlib data)."""
    inflater = zlib.decompressobj()
    view = memoryview(data)
    size = 0
    position = start
    try:
        while position < len(data) and not inflater.eof and size <= limit:
            pending: bytes | memoryview = view[position:position + 65536]
            position += 65536
            while pending and not inflater.eof and size <= limit:
                produced = len(inflater.decompress(pending, 1 << 20))
                # At the end of the stream zlib may leave the rest in unconsumed_tail for good: stop
                # there (checked by `eof`), and on any call that makes no progress.
                if not produced and len(inflater.unconsumed_tail) == len(pending):
                    break
                size += produced
                pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not zlib data, or the end of a damaged stream: pdfminer decides what to make of it
    return size


class _Row(NamedTuple):
    """One text row of a page: its geometry and text, without pdfminer's per-character objects."""

    y0: float
    y1: float
    x0: float
    text: str
    size: float
    bold: bool


def _merge_rows(page_lines: list[LTTextLine]) -> list[_Row]:
    """Join pieces that pdfminer put in separate boxes but that share a baseline (a bullet and its text)."""
    rows: list[_Row] = []
    last_x1 = 0.0
    for line in page_lines:
        text, size, bold = _line_text(line)
        if not text.strip():
            continue
        if rows and abs(rows[-1].y1 - line.y1) < 0.4 * size and line.x0 >= last_x1 - 1:
            first = rows[-1]
            rows[-1] = first._replace(text=f"{first.text.rstrip()} {text.strip()}", bold=first.bold and bold)
        else:
            rows.append(_Row(line.y0, line.y1, line.x0, text, size, bold))
        last_x1 = line.x1
    return rows


def _pdf_metadata(document: PDFDocument) -> tuple[tuple[str, str], ...]:
    """The document information dictionary as text; entries that cannot be read are left out."""
    found: dict[str, str] = {}
    for info in document.info:
        if not isinstance(info, dict):
            continue
        for key, value in info.items():
            try:
                value = resolve1(value)
            except _DAMAGED:
                continue
            if isinstance(value, bytes):
                if value.startswith(b"\xfe\xff"):
                    text = value[2:].decode("utf-16-be", errors="replace")
                else:
                    text = value.decode("latin-1")
            elif isinstance(value, str):
                text = value
            else:
                continue
            found[str(key)] = text
    return tuple(sorted(found.items()))
