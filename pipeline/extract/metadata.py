"""The letter's date, type and title, from the letter's own cues.

Date: see pipeline/extract/letter_date.py (the "Datum" field or a date line first, else the date
the letter's clues support, with its window and evidence).
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pipeline.dutch import FIELD_LINE_RE, STRONG_SALUTATION_RE
from pipeline.entities.data import load_yaml
from pipeline.extract.letter_date import infer_letter_date
from pipeline.extract.letter_number import letter_number
from pipeline.types import Block, CleanDocument, LetterMeta, RawDocument, Segmentation


def read_metadata(raw: RawDocument, clean: CleanDocument, segmentation: Segmentation) -> LetterMeta:
    found = infer_letter_date(raw, clean, segmentation)
    number, number_year = letter_number(clean, segmentation)
    return LetterMeta(
        letter_number=number,
        letter_year=number_year,
        date=found.date.isoformat() if found.date else None,
        date_source=found.source,  # type: ignore[arg-type]
        doc_type=_doc_type(clean.blocks, segmentation),  # type: ignore[arg-type]
        title=_title(clean.blocks, segmentation),
        date_evidence=found.evidence,
        date_window=(found.window[0].isoformat(), found.window[1].isoformat()) if found.window else None,
    )


def _doc_type(blocks: tuple[Block, ...], seg: Segmentation) -> str:
    top = " ".join(b.text for b in blocks[:12]).lower()
    everything = " ".join(b.text for b in blocks).lower()
    salutation = next((b.text.lower() for b in seg.non_content if b.kind == "salutation"), "")
    if "position paper" in top or "positionpaper" in top or "rondetafelgesprek" in top:
        return "position_paper"
    if "college" in salutation or "gemeenteraad" in salutation or "ledenbrief" in top \
            or re.search(r"\bin deze ledenbrief\b", everything):
        return "ledenbrief"
    addressed = re.search(r"\b(tweede|eerste) kamer\b|\bvaste (kamer)?commissie\b|\bkamerleden\b|\bminister\b|"
                          r"\bstaatssecretaris\b|\bdebatteert u\b", top + " " + salutation)
    if salutation and (addressed or "dames en heren" in salutation or "voorzitter" in salutation):
        return "kamerbrief"
    if any(label == "onderwerp" for label, _ in seg.header_fields) and addressed:
        return "kamerbrief"
    return "other"


TYPE_HEADINGS = Path(__file__).resolve().with_name("type_headings.yaml")
_HEADER_BLOCKS = 8  # a letterhead's type heading and title come before this many blocks
_TITLE_MAX = 200
_SENDER_RE = re.compile(r"(?:vereniging van nederlandse gemeenten|vng)\s*", re.IGNORECASE)
_QUOTES = "\"'“‘„«"


@cache
def _type_headings() -> frozenset[str]:
    return frozenset(word.lower() for word in load_yaml(TYPE_HEADINGS, "extract/type_headings.yaml")
                     .strings("type_headings"))


def _is_type_heading(text: str) -> bool:
    words = re.sub(r"^vng[\s-]*", "", text.strip().lower()).rstrip(" .:")
    return words in _type_headings()


def _title_line(text: str) -> bool:
    return bool(text) and len(text) <= _TITLE_MAX and not (
        FIELD_LINE_RE.match(text) or STRONG_SALUTATION_RE.match(text) or text.endswith(".") or _is_type_heading(text))


def _after_type_heading(blocks: tuple[Block, ...]) -> str | None:
    """The title under a heading that only names the document's type ("CONSULTATIEREACTIE", then the
    subject line): the next line that is no sender name, field, salutation or sentence, with a quoted
    theme on the line after it ('Rondetafelgesprek X' / '"Overlijden in de opvang"')."""
    for index, block in enumerate(blocks[:_HEADER_BLOCKS]):
        if STRONG_SALUTATION_RE.match(block.text):
            return None
        if not _is_type_heading(block.text):
            continue
        after = [b.text.strip() for b in blocks[index + 1:index + 4]]
        after = [text for text in after if _SENDER_RE.fullmatch(text) is None]
        if not after or not _title_line(after[0]):
            return None
        if len(after) > 1 and after[1][:1] in _QUOTES and _title_line(after[1]):
            return f"{after[0]} {after[1]}"
        return after[0]
    return None


def _title(blocks: tuple[Block, ...], seg: Segmentation) -> str | None:
    for label, value in seg.header_fields:
        if label in ("onderwerp", "betreft"):
            return value.strip()
    under_heading = _after_type_heading(blocks)
    if under_heading:
        return under_heading
    for block in blocks[:6]:
        if "position paper" in block.text.lower() and len(block.text) < 200:
            return block.text.strip()
    if seg.headings:
        return seg.headings[0]
    return None
