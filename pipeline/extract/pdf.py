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
from collections.abc import Iterator, Sequence
from typing import Final, NamedTuple

from pdfminer.layout import LTChar
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextDevice, PDFTextSeq
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSException
from pdfminer.utils import Matrix, PathSegment, Point, Rect, apply_matrix_pt

from pipeline.errors import (
    EmptyInputError,
    EncryptedPdfError,
    LimitExceededError,
    NoTextLayerError,
    UnreadableFileError,
    VngError,
)
from pipeline.types import Line, RawDocument

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
    for document, lines_on_page, page_height in _page_lines(data, source):  # noqa: B007 - the last one is used below
        rows_by_page.append(_reading_order(_merge_rows(sorted(lines_on_page, key=lambda ln: (-round(ln.y1), ln.x0)))))
        height = max(height or 0.0, page_height)
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
        width = max(row.x1 for row in rows) - min(row.x0 for row in rows) if rows else 0.0
        for index, row in enumerate(rows):
            gap = previous_bottom is not None and (previous_bottom - row.y1) > 0.6 * row.size
            # A row that starts far from the previous row's left edge is in another column (a side
            # block read between the address lines), not the next line of the same paragraph.
            # Going back left by more than a first-line indent is a new row of a field list (label | value).
            column = row.split or (index > 0 and (abs(row.x0 - rows[index - 1].x0) > COLUMN_JUMP * width
                                                  or row.x0 < rows[index - 1].x0 - COLUMN_BACK_EM * row.size))
            lines.append(Line(text=row.text.strip(), page=page_number, y=round(row.y1, 1),
                              x=round(row.x0, 1), x1=round(row.x1, 1), size=row.size, bold=row.bold,
                              gap_before=gap or column or index == 0, page_start=index == 0))
            previous_bottom = row.y0
    return RawDocument(source=source, kind="pdf", lines=tuple(lines), page_count=len(rows_by_page),
                       pdf_metadata=_pdf_metadata(document), page_height=height)


# Line formation as pdfminer.six's layout analysis with LAParams(line_overlap=0.5, char_margin=2.0,
# word_margin=0.1): the rules of its `group_objects` and `LTTextLineHorizontal.add`, applied to plain
# tuples. Text boxes (line_margin, boxes_flow) are not built: lines are ordered by position here.
LINE_OVERLAP = 0.5
CHAR_MARGIN = 2.0
WORD_MARGIN = 0.1
COLUMN_GAP_EM = 3.0  # pieces on one baseline further apart than this (in font sizes) are columns
BAND_GAP_EM = 2.0  # vertical white space (in font sizes) that ends a band of side-by-side columns
COLUMN_BACK_EM = 4.0  # a row starting this far (in font sizes) left of the previous row's start: a new row of fields
COLUMN_JUMP = 0.25  # a left edge this far (share of the page's text width) from the previous row's: a column
FOOTNOTE_REF_MARK = "\u2063"  # invisible separator: marks where a superscript reference stood

# A glyph is a tuple (x0, y0, x1, y1, text, size, bold): pdfminer's LTChar bounding box, text and font
# size, without the object (creating ~15,000 LTChar objects per letter was most of the extraction time).
Glyph = tuple[float, float, float, float, str, float, bool]
# Field positions in a Glyph (Final: the type checker reads glyph[X0] as a float, glyph[TEXT] as a str).
X0: Final = 0
Y0: Final = 1
X1: Final = 2
Y1: Final = 3
TEXT: Final = 4
SIZE: Final = 5
BOLD: Final = 6


class _GlyphCollector(PDFTextDevice):
    """A pdfminer device that records each page's characters as glyph tuples, in drawing order.

    Upright horizontal text (the whole of a normal letter) takes a fast path that computes the same
    bounding boxes as pdfminer's LTChar with the same arithmetic; rotated, skewed or vertical text goes
    through LTChar itself. Text inside form XObjects is skipped, as pdfminer does with all_texts=False.
    Stops a page holding more objects than any letter page (MAX_PAGE_ITEMS).
    """

    def __init__(self, resources: PDFResourceManager, source: str) -> None:
        super().__init__(resources)
        self.source = source
        self.glyphs: list[Glyph] = []
        self.items = 0
        self.figure_depth = 0
        self.page_height = 0.0
        self.page_number = 0
        # Per font: (bold, descent per unit size, {cid: (text, width)}); fonts repeat on every page.
        self._fonts: dict[PDFFont, tuple[bool, float, dict[int, tuple[str, float]]]] = {}

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        super().begin_page(page, ctm)
        self.glyphs = []
        self.items = 0
        self.figure_depth = 0
        self.page_number += 1
        x0, y0, x1, y1 = page.mediabox
        self.page_height = abs(apply_matrix_pt(ctm, (x0, y0))[1] - apply_matrix_pt(ctm, (x1, y1))[1])

    def begin_figure(self, name: str, bbox: Rect, matrix: Matrix) -> None:
        self.figure_depth += 1

    def end_figure(self, name: str) -> None:
        self.figure_depth -= 1

    def _count(self, items: int = 1) -> None:
        self.items += items
        if self.items > MAX_PAGE_ITEMS:
            raise LimitExceededError(f"{self.source}: page {self.page_number} draws more than {MAX_PAGE_ITEMS:,} "
                                     "characters and shapes; this is not a letter page, so the PDF is not read")

    def paint_path(self, graphicstate: PDFGraphicState, stroke: bool, fill: bool, evenodd: bool,
                   path: Sequence[PathSegment]) -> None:
        self._count()

    def render_image(self, name: str, stream: PDFStream) -> None:
        self._count()

    def _font(self, font: PDFFont) -> tuple[bool, float, dict[int, tuple[str, float]]]:
        known = self._fonts.get(font)
        if known is None:
            known = self._fonts[font] = ("bold" in str(font.fontname).lower(), font.get_descent(), {})
        return known

    @staticmethod
    def _char(font: PDFFont, cid: int) -> tuple[str, float]:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"  # what pdfminer's layout analyser writes for an unmapped character
        return text, font.char_width(cid)

    def render_char(self, matrix: Matrix, font: PDFFont, fontsize: float, scaling: float, rise: float,
                    cid: int, ncs: PDFColorSpace, graphicstate: PDFGraphicState) -> float:
        """The general path (rotated, skewed or vertical text): pdfminer's LTChar gives the geometry."""
        self._count()
        bold, _, chars = self._font(font)
        entry = chars.get(cid)
        if entry is None:
            entry = chars[cid] = self._char(font, cid)
        char = LTChar(matrix, font, fontsize, scaling, rise, entry[0], entry[1], font.char_disp(cid), ncs,
                      graphicstate)
        if not self.figure_depth:
            self.glyphs.append((char.x0, char.y0, char.x1, char.y1, entry[0], char.size, bold))
        return char.adv

    def render_string_horizontal(self, seq: PDFTextSeq, matrix: Matrix, pos: Point, font: PDFFont,
                                 fontsize: float, scaling: float, charspace: float, wordspace: float,
                                 rise: float, dxscale: float, ncs: PDFColorSpace,
                                 graphicstate: PDFGraphicState) -> Point:
        a, b, c, d, e, f = matrix
        if b or c:
            return super().render_string_horizontal(seq, matrix, pos, font, fontsize, scaling, charspace,
                                                    wordspace, rise, dxscale, ncs, graphicstate)
        bold, descent_unit, chars = self._font(font)
        x, y = pos
        # LTChar's box is (0, descent + rise) - (adv, descent + rise + fontsize) through the matrix.
        descent = descent_unit * fontsize
        base = y * d + f
        low = d * (descent + rise) + base
        high = d * (descent + rise + fontsize) + base
        if high < low:
            low, high = high, low
        size = high - low
        keep = not self.figure_depth
        glyphs = self.glyphs
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                cids = font.decode(obj)
                self._count(len(cids))  # type: ignore[arg-type]  # typed Iterable; pdfminer returns a list
                for cid in cids:
                    if needcharspace:
                        x += charspace
                    entry = chars.get(cid)
                    if entry is None:
                        entry = chars[cid] = self._char(font, cid)
                    adv = entry[1] * fontsize * scaling
                    left = x * a + e
                    right = a * adv + left
                    if right < left:
                        left, right = right, left
                    if keep:
                        glyphs.append((left, low, right, high, entry[0], size, bold))
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
        return (x, y)


class _TextLine:
    """Glyphs of one line with pdfminer's word spaces (None) between them, and the line's box."""

    __slots__ = ("_last_x1", "items", "x0", "x1", "y0", "y1")

    def __init__(self, first: Glyph) -> None:
        self.items: list[Glyph | None] = [first]
        self.x0, self.y0, self.x1, self.y1 = first[X0], first[Y0], first[X1], first[Y1]
        self._last_x1 = first[X1]

    def add(self, glyph: Glyph) -> None:
        # LTTextLineHorizontal.add: a space where the gap exceeds word_margin x the glyph's larger side.
        if self._last_x1 < glyph[X0] - WORD_MARGIN * max(glyph[X1] - glyph[X0], glyph[Y1] - glyph[Y0]):
            self.items.append(None)
        self._last_x1 = glyph[X1]
        self.items.append(glyph)
        self.x0 = min(self.x0, glyph[X0])
        self.y0 = min(self.y0, glyph[Y0])
        self.x1 = max(self.x1, glyph[X1])
        self.y1 = max(self.y1, glyph[Y1])

    def text(self) -> str:
        return "".join(" " if item is None else item[TEXT] for item in self.items)


def _group_lines(glyphs: list[Glyph]) -> list[_TextLine]:
    """pdfminer's `group_objects` for horizontal text: consecutive glyphs that overlap vertically and
    are near horizontally form a line; empty and whitespace-only lines are dropped as pdfminer does."""
    lines: list[_TextLine] = []
    line: _TextLine | None = None
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None:
            halign = (glyph[Y0] <= previous[Y1] and previous[Y0] <= glyph[Y1]
                      and min(previous[Y1] - previous[Y0], glyph[Y1] - glyph[Y0]) * LINE_OVERLAP
                      < min(abs(previous[Y0] - glyph[Y1]), abs(previous[Y1] - glyph[Y0]))
                      and _hdistance(previous, glyph)
                      < max(previous[X1] - previous[X0], glyph[X1] - glyph[X0]) * CHAR_MARGIN)
            if halign and line is not None:
                line.add(glyph)
            elif line is not None:
                lines.append(line)
                line = None
            elif halign:
                line = _TextLine(previous)
                line.add(glyph)
            else:
                lines.append(_TextLine(previous))
        previous = glyph
    if line is None and previous is not None:
        line = _TextLine(previous)
    if line is not None:
        lines.append(line)
    return [ln for ln in lines if ln.x1 - ln.x0 > 0 and ln.y1 - ln.y0 > 0 and not ln.text().isspace()]


def _hdistance(first: Glyph, second: Glyph) -> float:
    if second[X0] <= first[X1] and first[X0] <= second[X1]:
        return 0.0
    return min(abs(first[X0] - second[X1]), abs(first[X1] - second[X0]))


def _page_lines(data: bytes, source: str) -> Iterator[tuple[PDFDocument, list[_TextLine], float]]:
    """(document, text lines, page height) per page, with explicit errors and limits."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        resources = PDFResourceManager(caching=True)
        device = _GlyphCollector(resources, source)
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            yield document, _group_lines(device.glyphs), device.page_height
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
    x1: float = 0.0
    split: bool = False  # shares its baseline with the previous row, across a gap too wide for a word space


def _line_text(line: _TextLine) -> tuple[str, float, bool]:
    """Text, dominant font size and boldness of a line, in one pass over its glyphs."""
    glyphs = [item for item in line.items if item is not None]
    sizes: Counter[float] = Counter(round(glyph[SIZE], 1) for glyph in glyphs)
    bold = sum(glyph[BOLD] for glyph in glyphs)
    size = sizes.most_common(1)[0][0]
    baseline = sorted(glyph[Y0] for glyph in glyphs)[len(glyphs) // 2]
    out: list[str] = []
    for item in line.items:
        if item is None:
            out.append(" ")
            continue
        text = item[TEXT].replace(FOOTNOTE_REF_MARK, "")  # the mark is ours: never from the PDF
        # Browsers print <sup> at 83 % of the body size: smaller and raised is what tells a reference.
        if text.isdigit() and item[SIZE] < 0.9 * size and item[Y0] > baseline + 0.15 * size:
            out.append(FOOTNOTE_REF_MARK + text)  # raised small digit: a footnote reference
        else:
            out.append(text)
    return "".join(out).replace("\n", "").rstrip(), size, bold > len(glyphs) / 2


def _merge_rows(page_lines: list[_TextLine]) -> list[_Row]:
    """Join lines that share a baseline but were drawn apart (a bullet and its text)."""
    rows: list[_Row] = []
    last_x1 = 0.0
    for line in page_lines:
        text, size, bold = _line_text(line)
        if not text.strip():
            continue
        same_baseline = bool(rows) and abs(rows[-1].y1 - line.y1) < 0.4 * size and line.x0 >= last_x1 - 1
        if same_baseline and line.x0 - last_x1 <= COLUMN_GAP_EM * size:
            first = rows[-1]
            rows[-1] = first._replace(text=f"{first.text.rstrip()} {text.strip()}", bold=first.bold and bold,
                                      x1=max(first.x1, line.x1))
        else:
            # A wider gap on one baseline separates columns ("Aan: de leden" beside "Datum 25 februari
            # 2025", a label and its value at a tab stop): separate rows, never one line.
            rows.append(_Row(line.y0, line.y1, line.x0, text, size, bold, line.x1, split=same_baseline))
        last_x1 = line.x1
    return rows

def _reading_order(rows: list[_Row]) -> list[_Row]:
    """Rows top to bottom, except where the page holds two columns side by side (an address block
    beside a side block of fields): there the left column is read whole, then the right one.

    A band is a run of rows, none of which crosses the middle of the text area, holding rows on both
    sides of it; a full-width body line ends the band.
    """
    if len(rows) < 3:
        return rows
    middle = (min(row.x0 for row in rows) + max(row.x1 for row in rows)) / 2
    out: list[_Row] = []
    band: list[_Row] = []

    def close() -> None:
        left = [row for row in band if row.x0 < middle]
        right = [row for row in band if row.x0 >= middle]
        if left and right:
            # The right column's first row starts a block of its own; the left one reads on.
            out.extend([*left, right[0]._replace(split=True), *right[1:]])
        else:
            out.extend(band)
        band.clear()

    previous: _Row | None = None
    for row in rows:
        if row.x0 < middle < row.x1:
            close()
            out.append(row)
        else:
            if previous is not None and previous.y0 - row.y1 > BAND_GAP_EM * row.size:
                close()  # white space closes the letterhead: the salutation below is no part of it
            band.append(row)
        previous = row
    close()
    return out


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
