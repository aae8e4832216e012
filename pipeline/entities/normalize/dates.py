"""Resolve a date expression to ISO 8601 at the precision written.

Rules (recorded in Entity.rule; the letter date used is recorded in Entity.anchor):
  explicit         day, month and year written ("30 januari 2025", "15-01-2025"), or month + year,
                   or a year in a date context ("vanaf 2027")
  period/season/part_of_year/year_code
                   "medio 2025", "najaar van 2024", "tweede helft van 2023", "2023-II" -> the year
  year_range       "2026–2027" -> ISO interval "2026/2027"
  jl_past          "20 december jl.": the most recent such day on or before the letter date
  as_future        "1 januari a.s.": the next such day on or after the letter date
  nearest_year     a day and month (or a month) without year: the year (letter year -1, 0 or +1)
                   that puts it closest to the letter date; ties go to the letter's own year
  unresolved       the year is missing and there is no letter date: iso is None
The weekday ("vrijdag 10 november") is part of the span but never changes the value: letters
get weekdays wrong, and the letter date is the better evidence.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from pipeline.entities.data import lexicon
from pipeline.entities.rules import shipped_rules


@dataclass(frozen=True)
class DateValue:
    iso: str | None
    rule: str
    anchor: str | None = None  # the letter date used, when the value depends on it


@cache
def _months() -> dict[str, int]:
    calendar = lexicon("calendar.yaml")
    months = {k.casefold(): v for k, v in calendar.string_map("months", value_kind=int).items()}
    months.update({k.casefold(): v for k, v in calendar.string_map("month_abbreviations", value_kind=int).items()})
    return months


def parse_letter_date(value: str | None) -> date | None:
    """The letter date from its ISO string; None when absent or not a valid YYYY-MM-DD."""
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    year, month, day = (int(part) for part in value.split("-"))
    return _safe(year, month, day)


def _safe(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1 <= year <= 9999):
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 31 februari
        return None


def resolve(groups: Mapping[str, str | None], letter: date | None) -> DateValue | None:
    """The value of one date match, from its named groups; None when the groups make no date."""
    anchor = letter.isoformat() if letter else None
    year = int(groups["year"]) if groups.get("year") else None
    if year is not None and groups.get("code"):
        return DateValue(f"{year:04d}", "year_code")
    if year is not None and groups.get("year2"):
        second = int(groups["year2"] or 0)
        return DateValue(f"{year:04d}/{second:04d}", "year_range") if second > year else None
    month = _month(groups)
    day = int(groups["day"]) if groups.get("day") else None
    if month is None:
        if year is None:
            return None
        for key, rule in (("season", "season"), ("part", "part_of_year"), ("quarter", "part_of_year"),
                          ("period", "period")):
            if groups.get(key):
                return DateValue(f"{year:04d}", rule)
        return DateValue(f"{year:04d}", "explicit")
    if day is not None:
        if year is not None:
            found = _safe(year, month, day)
            return DateValue(found.isoformat(), "explicit") if found else None
        if _safe(2000, month, day) is None:  # 2000 is a leap year: rejects only impossible days
            return None
        if letter is None:
            return DateValue(None, "unresolved")
        if groups.get("past"):
            found = _past(letter, month, day)
            return DateValue(found.isoformat(), "jl_past", anchor) if found else None
        if groups.get("future"):
            found = _future(letter, month, day)
            return DateValue(found.isoformat(), "as_future", anchor) if found else None
        found = _nearest_day(letter, month, day)
        return DateValue(found.isoformat(), "nearest_year", anchor) if found else None
    if year is not None:
        return DateValue(f"{year:04d}-{month:02d}", "explicit")
    if letter is None:
        return DateValue(None, "unresolved")
    best = min((letter.year + shift for shift in (0, -1, 1)),
               key=lambda y: abs((y * 12 + month) - (letter.year * 12 + letter.month)))
    return DateValue(f"{best:04d}-{month:02d}", "nearest_year", anchor)


def _month(groups: Mapping[str, str | None]) -> int | None:
    if groups.get("month_num"):
        value = int(groups["month_num"] or 0)
        return value if 1 <= value <= 12 else None
    name = groups.get("month") or groups.get("month_abbr")
    return _months().get(name.casefold()) if name else None


def _past(letter: date, month: int, day: int) -> date | None:
    for year in range(letter.year, letter.year - 9, -1):
        found = _safe(year, month, day)
        if found and found <= letter:
            return found
    return None


def _future(letter: date, month: int, day: int) -> date | None:
    for year in range(letter.year, letter.year + 9):
        found = _safe(year, month, day)
        if found and found >= letter:
            return found
    return None


def _nearest_day(letter: date, month: int, day: int) -> date | None:
    options = [d for d in (_safe(letter.year + s, month, day) for s in (0, -1, 1)) if d]
    # min keeps the first of equal distances, so the letter's own year wins ties
    return min(options, key=lambda d: abs((d - letter).days)) if options else None


def normalize_date(text: str, letter_date: str | None = None) -> DateValue | None:
    """The value of the first date expression in text (earliest, then longest), or None.

    Never raises for any string: the resolver works on what the rules matched.
    """
    letter = parse_letter_date(letter_date)
    best: tuple[int, int, DateValue] | None = None
    for rule in shipped_rules("dates.yaml").rules:
        match = rule.search(text)
        if not match:
            continue
        value = resolve(match.groupdict(), letter)
        if value is None:
            continue
        start, end = rule.span_of(match)
        if best is None or (start, -(end - start)) < (best[0], -best[1]):
            best = (start, end - start, value)
    return best[2] if best else None
