"""Small shared facts about written Dutch: month names and full-date parsing."""
from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
# Salutations and closing formulas of Dutch letters ("Geachte leden van college en gemeenteraad,").
SALUTATION_RE = re.compile(r"^(geachte|beste|hooggeachte|aan de leden|zeer geachte)\b", re.IGNORECASE)
# The same without "Aan de leden", which also opens an addressee line: preferred where both occur.
STRONG_SALUTATION_RE = re.compile(r"^(geachte|beste|hooggeachte|zeer geachte)\b", re.IGNORECASE)
# A line that is only a salutation: the next line always starts a new block.
SALUTATION_LINE_RE = re.compile(r"^(?:geachte|beste|hooggeachte|zeer geachte)\b[^.!?]{0,100}[,:]?$", re.IGNORECASE)
CLOSING_RE = re.compile(r"^(met vriendelijke groet|met hartelijke groet|hoogachtend|met collegiale groet|namens het bestuur)",
                        re.IGNORECASE)
# Letterhead field labels that never open a sentence of a letter's body.
STRONG_FIELD_LABELS = ("datum", "ons kenmerk", "uw kenmerk", "kenmerk", "lbr", "lbr.", "ledenbrief nummer",
                       "ledenbriefnummer", "telefoon", "bijlage", "bijlagen", "bijlage(n)", "betreft", "onderwerp",
                       "e-mail", "contactpersoon", "doorkiesnummer", "uw brief van", "verzonden", "afdeling")
FIELD_LINE_RE = re.compile(
    rf"^({'|'.join(re.escape(label) for label in sorted(STRONG_FIELD_LABELS, key=len, reverse=True))})(?![\w])\s*:?\s*(.*)$",
    re.IGNORECASE)


def is_label_line(text: str) -> bool:
    """A bare letterhead label ("Betreft", "Ons kenmerk") or one with a colon ("Datum: 3 maart 2025")."""
    match = FIELD_LINE_RE.match(text)
    return match is not None and (not match.group(2).strip() or text[len(match.group(1)):].lstrip().startswith(":"))


def is_aligned_field_line(text: str) -> bool:
    """A letterhead field whose value is aligned in a column after its label ("datum        16 juni 2026",
    "ons kenmerk  AB/123"): a field line even in lower case and without a colon."""
    match = FIELD_LINE_RE.match(text)
    return match is not None and re.match(r"[ \t]{2,}\S", text[len(match.group(1)):]) is not None


MONTH_PATTERN = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
)
# "30 januari 2025", "1 juli jl.", "3 juli"; the year group is optional.
DAY_MONTH_RE = re.compile(
    rf"\b(?P<day>[0-3]?\d)\s+(?P<month>{MONTH_PATTERN})(?:\s+(?P<year>(?:19|20)\d\d))?\b"
    r"(?P<rel>\s+(?:jl|j\.l|a\.s)\.?)?",
    re.IGNORECASE,
)


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the parts do not make one (31 februari)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_full_date(text: str) -> date | None:
    """The first '30 januari 2025'-style date (with year) in text, else None."""
    for match in DAY_MONTH_RE.finditer(text):
        if match.group("year"):
            found = safe_date(
                int(match.group("year")), MONTHS[match.group("month").lower()], int(match.group("day"))
            )
            if found:
                return found
    return None
