"""Plain-text letters: decode with a recorded fallback, and turn lines into `Line`s.

Text letters come in several layouts; `layout.py` decides which one a file has, and the lines get
their paragraph breaks from it. Cues of text extracted from PDFs are kept as flags: a line holding only
spaces separates paragraphs, a sentence-final line ending in two or more spaces ends its paragraph, and
a line starting with a single space starts a new page (that is how the extractor marks page starts); a
form feed starts a page too. In a double-spaced wrapped file the single empty lines are not breaks; in a
paragraph-per-line file every line is a paragraph; a first-line indent opens a paragraph.
"""
from __future__ import annotations

import codecs
import re

from pipeline.errors import EmptyInputError, NotTextError
from pipeline.extract.layout import TextLayout, decide_layout
from pipeline.extract.pdf import FOOTNOTE_REF_MARK
from pipeline.types import Line, RawDocument

_PAGE_START_RE = re.compile(r"^ \S")
_PARAGRAPH_END_RE = re.compile(r"[.:;!?]\s{2,}$")
# Unicode category Cc is U+0000-001F and U+007F-009F; line ends, tabs and form feeds are layout.
_CONTROLS = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
_CONTROL_CHARS_RE = re.compile(f"[{_CONTROLS}]")
_STRIP_RE = re.compile(f"[{_CONTROLS}{FOOTNOTE_REF_MARK}]")
_INDENT_RE = re.compile(r"^(?:\t|  +)\S")


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
    controls = len(_CONTROL_CHARS_RE.findall(text))
    if controls > max(8, len(text) // 50):
        raise NotTextError(f"{source}: {controls} control characters in {len(text)} characters; "
                           "this is not a text file (give the original PDF or a UTF-8 export)")
    if not text.strip():
        raise EmptyInputError(f"{source}: the file holds only whitespace; nothing to analyse")
    return text, encoding


def split_lines(text: str) -> list[str]:
    """Lines with CRLF, CR and LF ends alike; control characters dropped, except tabs and form feeds (a
    form feed starts a new page), and so is the character the PDF reader uses to mark superscript
    references (it must not come from the text)."""
    text = _STRIP_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.split("\n")


def text_to_lines(text: str) -> tuple[Line, ...]:
    raw = split_lines(text)
    return layout_lines(raw, decide_layout(raw))


def layout_lines(raw: list[str], layout: TextLayout) -> tuple[Line, ...]:
    """`Line`s with paragraph breaks (`gap_before`) and page starts as the file's layout reads them."""
    double_spaced = layout.double_spaced
    every_line = layout.kind == "paragraph_per_line"
    lines: list[Line] = []
    page = 1
    gap = False
    empty_run = 0
    previous_indent = False
    form_feed = False  # a form feed on a line of its own: the next text line starts a page
    for index, line in enumerate(raw):
        if not line.strip():
            form_feed = form_feed or "\f" in line
            if line or not double_spaced:
                gap = True  # a whitespace-only line, or any blank line in single-spaced text
            empty_run += 1
            if empty_run >= 2 and double_spaced:
                gap = True
            continue
        empty_run = 0
        page_start = False
        if "\f" in line or form_feed:
            page += 1 if lines else 0
            page_start = True
            line = line.replace("\f", "")
            form_feed = False
        elif lines and _PAGE_START_RE.match(line):
            page += 1
            page_start = True
        # A first-line indent (a tab or two spaces; one space marks a page start) opens a paragraph.
        indent = bool(_INDENT_RE.match(line))
        long_line = layout.kind == "mixed" and index in layout.long_lines
        # A first-line indent follows a finished sentence and opens with a capital; an indented line
        # after an unfinished one is the hanging indent of a list item or a quote.
        first_line_indent = indent and not previous_indent and bool(lines) \
            and lines[-1].text.endswith((".", "!", "?", ":")) and line.lstrip()[:1].isupper()
        # At a page start `gap_before` is only what the text shows (a blank line before the page's first
        # line); the cleaner decides there whether the paragraph runs on.
        starts = gap or every_line or long_line or first_line_indent or (page_start and not lines)
        lines.append(Line(text=line.strip(), page=page, gap_before=starts, page_start=page_start or index == 0))
        previous_indent = indent
        # The extractor ends a paragraph's last line with two or more spaces, wrapped lines with one;
        # a line too long to be wrapped is a whole paragraph.
        gap = bool(_PARAGRAPH_END_RE.search(line)) or long_line
    return tuple(lines)


def read_text(data: bytes, source: str) -> RawDocument:
    text, encoding = decode_text(data, source)
    raw = split_lines(text)
    layout = decide_layout(raw)
    lines = layout_lines(raw, layout)
    if not lines:
        raise EmptyInputError(f"{source}: no text lines found; nothing to analyse")
    return RawDocument(source=source, kind="text", lines=lines, page_count=None, encoding=encoding,
                       layout=layout.kind, layout_evidence=tuple(layout.evidence().items()))
