"""The letter's date, type and title, from the letter's own cues.

Date: see pipeline/extract/letter_date.py (the "Datum" field or a date line first, else the date
the letter's clues support, with its window and evidence).
"""
from __future__ import annotations

import re

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


def _title(blocks: tuple[Block, ...], seg: Segmentation) -> str | None:
    for label, value in seg.header_fields:
        if label in ("onderwerp", "betreft"):
            return value.strip()
    for block in blocks[:6]:
        if "position paper" in block.text.lower() and len(block.text) < 200:
            return block.text.strip()
    if seg.headings:
        return seg.headings[0]
    return None
