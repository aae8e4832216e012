"""The letter's date, type and title, from the letter's own cues.

Date, first rule that applies:
1. `explicit`: a "Datum" header field, or a line near the top that is only a (place and) date
   ("Den Haag, 30 januari 2025").
2. `pdf_metadata`: the PDF's CreationDate (then ModDate).
3. `inferred`: the latest date the text itself places in the past: dates marked "jl."/"j.l.",
   dates after "d.d.", "sinds", or a document reference ("brief van 10 november 2023"). Dates
   without a year take the year that full dates in the letter use most.
4. otherwise null with `unknown`.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from pipeline.dutch import DAY_MONTH_RE, MONTH_PATTERN, MONTHS, parse_full_date, safe_date
from pipeline.types import Block, CleanDocument, LetterMeta, RawDocument, Segmentation

_DATE_LINE_RE = re.compile(
    rf"^(?:[A-Z][\w' -]{{1,30}},\s*)?(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?"
    rf"[0-3]?\d\s+{MONTH_PATTERN}\s+(?:19|20)\d\d\.?$",
    re.IGNORECASE,
)
_PAST_CONTEXT_RE = re.compile(
    r"(?:\bd\.d\.|\bsinds|\b(?:brief|kamerbrief|verzamelbrief|ledenbrief|besluit|uitspraak)\s+van)\s*$", re.IGNORECASE
)
HEADER_SCAN = 25  # blocks at the top of a letter where its letterhead lives
_PDF_DATE_RE = re.compile(r"^(?:D:)?((?:19|20)\d\d)(\d\d)(\d\d)")


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


def read_metadata(raw: RawDocument, clean: CleanDocument, segmentation: Segmentation) -> LetterMeta:
    date_value, source, evidence = _letter_date(raw, clean, segmentation)
    number, number_year = letter_number(clean, segmentation)
    return LetterMeta(
        letter_number=number,
        letter_year=number_year,
        date=date_value.isoformat() if date_value else None,
        date_source=source,  # type: ignore[arg-type]
        doc_type=_doc_type(clean.blocks, segmentation),  # type: ignore[arg-type]
        title=_title(clean.blocks, segmentation),
        date_evidence=evidence,
    )


def _letter_date(raw: RawDocument, clean: CleanDocument, seg: Segmentation) -> tuple[date | None, str, str | None]:
    for label, value in seg.header_fields:
        if label == "datum":
            found = parse_full_date(value)
            if found:
                return found, "explicit", value
    for block in clean.blocks[:15]:
        if _DATE_LINE_RE.match(block.text.strip()):
            found = parse_full_date(block.text)
            if found:
                return found, "explicit", block.text
    metadata = dict(raw.pdf_metadata)
    for key in ("CreationDate", "ModDate"):
        match = _PDF_DATE_RE.match(metadata.get(key, ""))
        if match:
            found = safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if found:
                return found, "pdf_metadata", f"{key} {metadata[key]}"
    inferred = infer_date(" ".join(p.text for p in seg.passages) + " " + " ".join(seg.headings))
    if inferred:
        return inferred[0], "inferred", inferred[1]
    return None, "unknown", None


def infer_date(text: str) -> tuple[date, str] | None:
    """The latest date that the text marks as past (rule 3 of the module docstring)."""
    years = Counter(m.group("year") for m in DAY_MONTH_RE.finditer(text) if m.group("year"))
    if not years:
        return None
    usual_year = int(years.most_common(1)[0][0])
    best: tuple[date, str] | None = None
    for match in DAY_MONTH_RE.finditer(text):
        before = text[max(0, match.start() - 40):match.start()]
        relative = (match.group("rel") or "").strip().lower().replace(".", "")
        if relative in ("jl", "jl"):
            pass
        elif relative == "as" or not _PAST_CONTEXT_RE.search(before):
            continue
        year = int(match.group("year")) if match.group("year") else usual_year
        found = safe_date(year, MONTHS[match.group("month").lower()], int(match.group("day")))
        if found and (best is None or found > best[0]):
            best = (found, match.group(0).strip())
    return best


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
