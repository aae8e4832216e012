"""Stage 1: read a file into lines, clean them into blocks, and read the letter's metadata."""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import UnreadableFileError
from pipeline.extract.clean import clean_document
from pipeline.extract.metadata import read_metadata
from pipeline.extract.pdf import read_pdf
from pipeline.extract.text import read_text
from pipeline.types import RawDocument

SUPPORTED_SUFFIXES = (".pdf", ".txt")


def read_document(path: Path, data: bytes, source: str) -> RawDocument:
    """Dispatch on the file suffix; `data` is the file's bytes (already read once for hashing)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return read_pdf(data, source)
    if suffix == ".txt":
        return read_text(data, source)
    raise UnreadableFileError(f"{source}: unsupported file type {suffix!r}; give .pdf or .txt files")


__all__ = ["SUPPORTED_SUFFIXES", "clean_document", "read_document", "read_metadata"]
