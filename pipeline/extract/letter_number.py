"""The VNG letter number ("Lbr. 24/006") and its year, from the letterhead or the running header."""
from __future__ import annotations

import re

from pipeline.types import CleanDocument, Segmentation

HEADER_SCAN = 25  # blocks at the top of a letter where its letterhead lives
# "Lbr. 24/006", "Lbr: 25/041", "Ledenbrief nummer 24/006", "ledenbrief 23/112": two-digit year / serial.
_LETTER_NUMBER_RE = re.compile(r"\b(?:lbr\.?|ledenbrief(?:\s*(?:nummer|nr\.?))?)\s*:?\s*(\d{2})\s*/\s*(\d{2,4})\b",
                               re.IGNORECASE)
_LETTER_NUMBER_LABELS = ("lbr", "lbr.", "ledenbrief nummer", "ledenbriefnummer", "ons nummer")


def letter_number(clean: CleanDocument, seg: Segmentation) -> tuple[str | None, int | None]:
    """The VNG letter number and its year: from a header field, else the letter's top or running header."""
    candidates = [f"lbr {value}" for label, value in seg.header_fields if label in _LETTER_NUMBER_LABELS]
    candidates += [block.text for block in clean.blocks[:HEADER_SCAN]]
    candidates += [removal.text for removal in clean.removed if removal.kind == "header_footer"]
    for text in candidates:
        match = _LETTER_NUMBER_RE.search(text)
        if match:
            return f"{match.group(1)}/{match.group(2)}", 2000 + int(match.group(1))
    return None, None
