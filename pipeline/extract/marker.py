"""The fictional-letter marker: how a made-up example letter says that it is not a real VNG letter.

Rule (documented in corpora/README.md): a letter is fictional when one of its first five non-empty
lines starts with `FICTIEF VOORBEELD` (any case, any text after it), or, for a PDF, when its Title
metadata does. Every letter in corpora/examples and corpora/heldout opens with
`FICTIEF VOORBEELD – geen echte VNG-brief`; the real letters carry no such line. The marker is read
from the raw lines, before cleaning, because the header block it stands in is not a passage.
"""
from __future__ import annotations

from pipeline.types import RawDocument

MARKER = "fictief voorbeeld"
LINES_SEARCHED = 5  # the marker opens the letter; deeper down it would be a quotation, not a label


def is_marked_fictional(raw: RawDocument) -> bool:
    lines = [line.text.strip() for line in raw.lines if line.text.strip()][:LINES_SEARCHED]
    titles = [value.strip() for key, value in raw.pdf_metadata if key.lower() == "title"]
    return any(text.casefold().startswith(MARKER) for text in lines + titles)
