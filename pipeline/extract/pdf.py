"""PDF letters through pdfminer.six: lines with page, position, font size and boldness.

Superscript footnote references (digits in a smaller font, raised above the baseline) are
dropped here, because only the character geometry tells them apart from real numbers; they
are recorded as removals by the cleaner through `FOOTNOTE_REF_MARK`.
"""
from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTPage, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from pipeline.errors import EmptyInputError, EncryptedPdfError, NoTextLayerError, UnreadableFileError, VngError
from pipeline.types import Line, RawDocument

# Explicit layout parameters: line_margin keeps paragraphs in one box; word_margin decides spaces.
# boxes_flow=None: no hierarchical ordering of text boxes (costly); lines are ordered by position here.
LAPARAMS = LAParams(line_overlap=0.5, char_margin=2.0, line_margin=0.5, word_margin=0.1,
                    boxes_flow=None, detect_vertical=False, all_texts=False)
FOOTNOTE_REF_MARK = "\u2063"  # invisible separator: marks where a superscript reference stood


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
        return line.get_text().replace("\n", "").rstrip(), 0.0, False
    size = sizes.most_common(1)[0][0]
    baseline = sorted(baselines)[len(baselines) // 2]
    out: list[str] = []
    for item in items:
        text = item.get_text()
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
    try:
        pages = list(extract_pages(io.BytesIO(data), laparams=LAPARAMS))
    except VngError:
        raise  # our own errors (a time limit hit inside pdfminer) pass through unchanged
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise EncryptedPdfError(f"{source}: the PDF is encrypted ({type(error).__name__}); "
                                "save an unencrypted copy and run again") from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as error:
        raise UnreadableFileError(f"{source}: the PDF is damaged or truncated "
                                  f"({type(error).__name__}: {error}); get a fresh copy") from error
    if not pages:
        raise UnreadableFileError(f"{source}: the PDF has no pages; the file may be truncated")

    rows_by_page = [_merge_rows(sorted(_iter_text_lines(page), key=lambda ln: (-round(ln.y1), ln.x0)))
                    for page in pages]
    sizes: Counter[float] = Counter()
    for rows in rows_by_page:
        for _, text, size, _ in rows:
            sizes[size] += len(text)
    if not sizes:
        raise NoTextLayerError(f"{source}: {len(pages)} page(s) but no text layer (a scan?); "
                               "OCR is not supported: give a PDF with text")

    lines: list[Line] = []
    for page_number, rows in enumerate(rows_by_page, start=1):
        previous_bottom: float | None = None
        for index, (line, text, size, bold) in enumerate(rows):
            gap = previous_bottom is not None and (previous_bottom - line.y1) > 0.6 * size
            lines.append(Line(text=text.strip(), page=page_number, y=round(line.y1, 1),
                              x=round(line.x0, 1), size=size, bold=bold,
                              gap_before=gap or index == 0, page_start=index == 0))
            previous_bottom = line.y0
    metadata = _pdf_metadata(data)
    return RawDocument(source=source, kind="pdf", lines=tuple(lines), page_count=len(pages),
                       pdf_metadata=metadata, page_height=max((page.height for page in pages), default=None))


def _merge_rows(page_lines: list[LTTextLine]) -> list[tuple[LTTextLine, str, float, bool]]:
    """Join pieces that pdfminer put in separate boxes but that share a baseline (a bullet and its text)."""
    rows: list[tuple[LTTextLine, str, float, bool]] = []
    last_x1 = 0.0
    for line in page_lines:
        text, size, bold = _line_text(line)
        if not text.strip():
            continue
        if rows and abs(rows[-1][0].y1 - line.y1) < 0.4 * size and line.x0 >= last_x1 - 1:
            first, joined, first_size, first_bold = rows[-1]
            rows[-1] = (first, f"{joined.rstrip()} {text.strip()}", first_size, first_bold and bold)
        else:
            rows.append((line, text, size, bold))
        last_x1 = line.x1
    return rows


def _pdf_metadata(data: bytes) -> tuple[tuple[str, str], ...]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    found: dict[str, str] = {}
    for info in document.info:
        for key, value in info.items():
            value = resolve1(value)
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
