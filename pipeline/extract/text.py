"""Plain-text letters: decode with a recorded fallback, and turn lines into `Line`s.

The .txt letters we receive are text extracted from PDFs. Their layout cues are kept as flags:
a line holding only spaces separates paragraphs, a sentence-final line ending in two or more spaces
ends its paragraph, and a line starting with a single space starts a new page (that is how the
extractor marks page starts). Files that put an empty line after every
line ("double spaced") are recognised so those empty lines are not read as paragraph breaks.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from pipeline.errors import EmptyInputError, NotTextError
from pipeline.extract.pdf import FOOTNOTE_REF_MARK
from pipeline.types import Line, RawDocument

_PAGE_START_RE = re.compile(r"^ \S")
_PARAGRAPH_END_RE = re.compile(r"[.:;!?]\s{2,}$")
_CONTROL_OK = {"\n", "\r", "\t", "\f"}


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, else latin-1."""
    if not data.strip():
        raise EmptyInputError(f"{source}: the file is empty; nothing to analyse")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:  # an odd number of bytes, a lone surrogate: cut short or not text
            raise NotTextError(f"{source}: starts with a UTF-16 byte order mark but is not valid UTF-16 "
                               f"({error.reason} at byte {error.start}); save it again as UTF-8") from error
    else:
        if b"\x00" in data[:4096]:
            raise NotTextError(f"{source}: the file holds binary data (NUL bytes), not text; "
                               "give a UTF-8 text file or the original PDF")
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _CONTROL_OK)
    if controls > max(8, len(text) // 50):
        raise NotTextError(f"{source}: {controls} control characters in {len(text)} characters; "
                           "this is not a text file (give the original PDF or a UTF-8 export)")
    if not text.strip():
        raise EmptyInputError(f"{source}: the file holds only whitespace; nothing to analyse")
    return text, encoding


def _strip_controls(line: str) -> str:
    """Drop control characters, except tabs and form feeds (a form feed starts a new page), and the
    character the PDF reader uses to mark superscript references (it must not come from the text)."""
    return "".join(ch for ch in line if ch in "\t\f" or (unicodedata.category(ch) != "Cc" and ch != FOOTNOTE_REF_MARK))


def text_to_lines(text: str) -> tuple[Line, ...]:
    raw = [_strip_controls(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    # Double spaced: most text lines are followed by a truly empty line.
    text_lines = [i for i, line in enumerate(raw) if line.strip()]
    followed_by_empty = sum(1 for i in text_lines if i + 1 < len(raw) and raw[i + 1] == "")
    double_spaced = bool(text_lines) and followed_by_empty / len(text_lines) > 0.5

    lines: list[Line] = []
    page = 1
    gap = False
    empty_run = 0
    for index, line in enumerate(raw):
        if not line.strip():
            if line or not double_spaced:
                gap = True  # a whitespace-only line, or any blank line in single-spaced text
            empty_run += 1
            if empty_run >= 2 and double_spaced:
                gap = True
            continue
        empty_run = 0
        page_start = False
        if "\f" in line:
            page += 1 if lines else 0
            page_start = True
            line = line.replace("\f", "")
        elif lines and _PAGE_START_RE.match(line):
            page += 1
            page_start = True
        lines.append(Line(text=line.strip(), page=page, gap_before=gap or page_start,
                          page_start=page_start or index == 0))
        # The extractor ends a paragraph's last line with two or more spaces, wrapped lines with one.
        gap = bool(_PARAGRAPH_END_RE.search(line))
    return tuple(lines)


def read_text(data: bytes, source: str) -> RawDocument:
    text, encoding = decode_text(data, source)
    lines = text_to_lines(text)
    if not lines:
        raise EmptyInputError(f"{source}: no text lines found; nothing to analyse")
    return RawDocument(source=source, kind="text", lines=lines, page_count=None, encoding=encoding)
