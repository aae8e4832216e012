"""Stage 1: read a file into lines, clean them into blocks, and read the letter's metadata."""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import UnreadableFileError
from pipeline.extract.clean import clean_document
from pipeline.extract.metadata import read_metadata
from pipeline.extract.pdf import read_pdf
from pipeline.extract.text import read_text
from pipeline.extract.webpage import read_html
from pipeline.extract.word import read_docx
from pipeline.types import RawDocument

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".docx", ".html", ".htm")
# Types that turn up in letter folders but are not read, with what to do instead (manifest: `skipped`).
UNSUPPORTED_SUFFIXES: dict[str, str] = {
    ".doc": "an old Word document (.doc); save it as .docx or PDF",
    ".odt": "an OpenDocument text (.odt); save it as .docx, PDF or text",
    ".rtf": "a rich-text file (.rtf); save it as .docx, PDF or text",
    ".pages": "a Pages document; export it as PDF",
    ".eml": "an e-mail message; save the letter's text as .txt or PDF",
    ".msg": "an Outlook message; save the letter's text as .txt or PDF",
    ".jpg": "an image (a scan?); OCR is not supported: give a PDF with text or the text itself",
    ".jpeg": "an image (a scan?); OCR is not supported: give a PDF with text or the text itself",
    ".png": "an image (a scan?); OCR is not supported: give a PDF with text or the text itself",
    ".tif": "an image (a scan?); OCR is not supported: give a PDF with text or the text itself",
    ".tiff": "an image (a scan?); OCR is not supported: give a PDF with text or the text itself",
    ".gif": "an image; OCR is not supported: give a PDF with text or the text itself",
    ".xlsx": "a spreadsheet; letters are read from PDF, Word, web-page or text files",
    ".xls": "a spreadsheet; letters are read from PDF, Word, web-page or text files",
    ".pptx": "a presentation; save it as PDF",
    ".ppt": "a presentation; save it as PDF",
    ".zip": "an archive; unpack it into the corpus folder",
}
_READERS = {".pdf": read_pdf, ".txt": read_text, ".docx": read_docx, ".html": read_html, ".htm": read_html}


def read_document(path: Path, data: bytes, source: str) -> RawDocument:
    """Dispatch on the file suffix; `data` is the file's bytes (already read once for hashing)."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        what = UNSUPPORTED_SUFFIXES.get(suffix, f"an unsupported file type ({suffix or 'no suffix'})")
        raise UnreadableFileError(f"{source}: {what}; give .pdf, .docx, .html or .txt files")
    return reader(data, source)


__all__ = ["SUPPORTED_SUFFIXES", "UNSUPPORTED_SUFFIXES", "clean_document", "read_document", "read_metadata"]
