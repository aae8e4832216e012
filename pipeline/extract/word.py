"""Word letters (.docx) through python-docx: paragraphs and table rows in reading order as `Line`s.

Paragraph styles carry the structure a word processor knows: heading styles (English and Dutch names,
"Heading 2", "Kop 2", "Title") become headings, list styles and numbered paragraphs become list items
(written with a "•" bullet so the cleaner treats them as every other list). Every paragraph starts a
block of its own; a soft line break inside a paragraph (address lines) gives a new line of the same
block. Table rows (often the letterhead's fields: "Datum | 25 februari 2025") are one line per row.
Page headers and footers of the document are not body text and are not read.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from pipeline.errors import EmptyInputError, UnreadableFileError
from pipeline.types import Line, RawDocument

_HEADING_STYLE_RE = re.compile(r"^(heading|kop|title|titel|subtitle|ondertitel)\b", re.IGNORECASE)
_LIST_STYLE_RE = re.compile(r"^(list|lijst)", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, source: str) -> RawDocument:
    # python-docx is imported here: it is needed only for Word input, and costs start-up time otherwise.
    import docx  # noqa: PLC0415 - python-docx only for .docx input
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415 - python-docx only for .docx input

    if not data:
        raise EmptyInputError(f"{source}: the file is empty; nothing to analyse")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFileError(f"{source}: not a readable Word (.docx) file ({type(error).__name__}); "
                                  "open it in Word or LibreOffice and save it again as .docx or PDF") from error
    lines = tuple(_lines(document))
    if not lines:
        raise EmptyInputError(f"{source}: the Word document holds no text; nothing to analyse")
    return RawDocument(source=source, kind="docx", lines=lines, page_count=None, layout="docx",
                       layout_evidence=(("paragraphs", sum(1 for line in lines if line.gap_before)),))


def _lines(document: Any) -> Iterator[Line]:  # a python-docx Document (imported lazily)
    from docx.table import Table  # noqa: PLC0415 - python-docx only for .docx input
    from docx.text.paragraph import Paragraph  # noqa: PLC0415 - python-docx only for .docx input

    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            yield from _paragraph_lines(Paragraph(child, document))
        elif child.tag == f"{_W}tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                if cells:
                    yield Line(text=" ".join(cells), page=None, gap_before=True)


def _paragraph_lines(paragraph: object) -> Iterator[Line]:
    text: str = paragraph.text  # type: ignore[attr-defined]
    if not text.strip():
        return
    style = paragraph.style.name if paragraph.style is not None else ""  # type: ignore[attr-defined]
    # python-docx has no public API for list numbering: read the paragraph's XML properties.
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None  # type: ignore[attr-defined]  # noqa: SLF001
    runs = [run for run in paragraph.runs if run.text.strip()]  # type: ignore[attr-defined]
    all_bold = bool(runs) and all(run.bold for run in runs)
    kind: str | None = None
    if _HEADING_STYLE_RE.match(style or ""):
        kind = "heading"
    elif numbered or _LIST_STYLE_RE.match(style or ""):
        kind = "list_item"
    elif all_bold and len(text) < 90 and not text.rstrip().endswith((".", ",", ";", ":")):
        kind = "heading"  # a bold line standing alone: a heading typed without a heading style
    for index, part in enumerate(p for p in text.split("\n") if p.strip()):
        part = " ".join(part.split())
        if kind == "list_item" and index == 0:
            part = f"• {part}"
        yield Line(text=part, page=None, gap_before=index == 0, style="heading" if kind == "heading" else None)
