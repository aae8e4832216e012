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
  numeric_short    "21/04/16": a two-digit year, 00-69 -> 20xx, 70-99 -> 19xx (rule explicit)
  range            "1 tot en met 15 maart", "maart tot en met mei 2025" -> ISO interval
                   "2025-03-01/2025-03-15", "2025-03/2025-05"; without year as nearest_year
  relative_day     "gisteren", "vandaag", "morgen" -> the day
  relative_offset  "over twee weken", "twee dagen geleden" -> the day; months -> YYYY-MM, years -> YYYY
  relative_week    "volgende week", "vorige week" -> the ISO week as "YYYY-MM-DD/YYYY-MM-DD" (Mon-Sun)
  relative_month   "vorige maand", "eind volgende maand" -> YYYY-MM
  relative_year    "vorig jaar", "begin volgend jaar", "eind van het jaar" -> YYYY
  relative_quarter "het komende kwartaal", "het tweede kwartaal" -> the quarter's year (quarters and
                   halves resolve to the year, as "Q3 2026" does)
  relative_season  "voor de zomer", "komend voorjaar", "afgelopen zomer" -> the season's year
  relative_weekday "afgelopen vrijdag", "vrijdag jl." (the last one before the letter date),
                   "komende maandag", "maandag a.s." (the next one after it), "vorige week dinsdag"
  weekday_ordinal  "vrijdag de 15de": the 15th nearest the letter date that is a Friday
  nth_weekday      "de derde dinsdag van september", "de 3e dinsdag" (of the letter's month)
  unresolved       the year is missing and there is no letter date: iso is None
The letter's date may be uncertain (issue 18): when its window spans a year boundary and a value
would differ at the two ends, the entity stage appends "+window_spans_year" to the rule.
The weekday ("vrijdag 10 november") is part of the span but never changes the value: letters
get weekdays wrong, and the letter date is the better evidence.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from pipeline.entities.data import lexicon
from pipeline.entities.normalize.amounts import parse_number_word
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


_RELATIVE_KEYS = ("rel_day", "off_n", "off_n2", "rel_which", "rel_this_year", "season_rel", "ord_day", "nth",
                  "weekday2", "day2", "month2", "month_to", "part_code")


def resolve(groups: Mapping[str, str | None], letter: date | None) -> DateValue | None:
    """The value of one date match, from its named groups; None when the groups make no date."""
    if any(groups.get(key) for key in _RELATIVE_KEYS) or (groups.get("part") and not groups.get("year")):
        return _resolve_relative(groups, letter)
    anchor = letter.isoformat() if letter else None
    year = _year(groups.get("year") or groups.get("year_short"))
    if year is not None and groups.get("code"):
        return DateValue(f"{year:04d}", "year_code")
    if year is not None and groups.get("year2"):
        second = _year(groups["year2"]) or 0
        return DateValue(f"{year:04d}/{second:04d}", "year_range") if second > year else None
    month = _month(groups)
    day = int(day_text) if (day_text := groups.get("day")) else None
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


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    if len(text) == 2:  # "21/04/16": 00-69 are this century, 70-99 the last
        return 2000 + value if value < 70 else 1900 + value
    return value


@cache
def _calendar_maps() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    calendar = lexicon("calendar.yaml")
    return (calendar.string_map("relative_words", value_kind=int),
            calendar.string_map("relative_days", value_kind=int),
            calendar.string_map("season_months", value_kind=int))


_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_NTH = {"1e": 1, "2e": 2, "3e": 3, "4e": 4, "5e": 5, "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4,
        "vijfde": 5, "laatste": -1}


def _resolve_relative(groups: Mapping[str, str | None], letter: date | None) -> DateValue | None:
    """Ranges and every form that needs the letter date (the rules in the module docstring)."""
    if groups.get("month_to"):
        return _date_range(groups, letter)
    if groups.get("day2") or groups.get("month2"):
        return _range(groups, letter)
    if letter is None:
        return DateValue(None, "unresolved")
    if not 2 <= letter.year <= 9998:
        return None  # at the ends of the calendar there is no week before or year after
    anchor = letter.isoformat()
    which_map, day_map, season_map = _calendar_maps()

    def value(iso: str | None, rule: str) -> DateValue | None:
        return DateValue(iso, rule, anchor) if iso else None

    if groups.get("rel_day"):
        shift = day_map.get((groups["rel_day"] or "").casefold())
        return None if shift is None else value((letter + timedelta(days=shift)).isoformat(), "relative_day")
    if groups.get("off_n") or groups.get("off_n2"):
        return value(_offset(groups, letter), "relative_offset")
    if groups.get("ord_day"):
        return value(_weekday_ordinal(groups, letter), "weekday_ordinal")
    if groups.get("nth"):
        return value(_nth_weekday(groups, letter), "nth_weekday")
    if groups.get("weekday2") or (groups.get("rel_which") and groups.get("weekday")):
        return value(_relative_weekday(groups, letter, which_map), "relative_weekday")
    if groups.get("season_rel") or groups.get("season2"):
        return value(_relative_season(groups, letter, which_map, season_map), "relative_season")
    if groups.get("rel_this_year"):
        return value(f"{letter.year:04d}", "relative_year")
    if (groups.get("part") or groups.get("part_code")) and not groups.get("rel_which"):  # "het tweede kwartaal": this year
        return value(f"{letter.year:04d}", "relative_quarter")
    shift = which_map.get((groups.get("rel_which") or "").casefold())
    unit = (groups.get("rel_unit") or "").casefold()
    if shift is None or not unit:
        return None
    if unit == "week":
        monday = letter - timedelta(days=letter.weekday()) + timedelta(days=7 * shift)
        return value(f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}", "relative_week")
    if unit == "maand":
        months = letter.year * 12 + letter.month - 1 + shift
        return value(f"{months // 12:04d}-{months % 12 + 1:02d}", "relative_month")
    if unit == "kwartaal":
        quarters = letter.year * 4 + (letter.month - 1) // 3 + shift
        return value(f"{quarters // 4:04d}", "relative_quarter")
    return value(f"{letter.year + shift:04d}", "relative_year")


def _count(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if text.casefold() in {"een", "één"}:
        return 1
    return parse_number_word(text)


def _offset(groups: Mapping[str, str | None], letter: date) -> str | None:
    count = _count(groups.get("off_n") or groups.get("off_n2"))
    unit = (groups.get("off_unit") or groups.get("off_unit2") or "").casefold()
    if count is None or count > 999:
        return None
    sign = -1 if groups.get("off_ago") else 1
    if unit.startswith("dag"):
        return _shift_days(letter, sign * count)
    if unit.startswith("we"):
        return _shift_days(letter, sign * 7 * count)
    if unit.startswith("maand"):
        months = letter.year * 12 + letter.month - 1 + sign * count
        return f"{months // 12:04d}-{months % 12 + 1:02d}" if 1 <= months // 12 <= 9999 else None
    year = letter.year + sign * count
    return f"{year:04d}" if 1 <= year <= 9999 else None


def _shift_days(letter: date, days: int) -> str | None:
    try:
        return (letter + timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def weekday_index(name: str | None) -> int | None:
    """Monday 0 ... Sunday 6 for a Dutch weekday name, else None."""
    folded = (name or "").casefold()
    return _WEEKDAYS.index(folded) if folded in _WEEKDAYS else None


def _relative_weekday(groups: Mapping[str, str | None], letter: date, which_map: Mapping[str, int]) -> str | None:
    weekday = weekday_index(groups.get("weekday") or groups.get("weekday2"))
    if weekday is None:
        return None
    if groups.get("rel_week"):  # "vorige week dinsdag": that weekday in the week before
        shift = which_map.get((groups.get("rel_which") or "").casefold(), 0)
        monday = letter - timedelta(days=letter.weekday()) + timedelta(days=7 * shift)
        return (monday + timedelta(days=weekday)).isoformat()
    direction = -1 if groups.get("past") else 1 if groups.get("future") else \
        which_map.get((groups.get("rel_which") or "").casefold(), 0)
    if direction == 0:  # "deze vrijdag": this week's
        return (letter - timedelta(days=letter.weekday()) + timedelta(days=weekday)).isoformat()
    for step in range(1, 8):
        day = letter + timedelta(days=step * direction)
        if day.weekday() == weekday:
            return day.isoformat()
    return None


def _relative_season(groups: Mapping[str, str | None], letter: date, which_map: Mapping[str, int],
                     season_map: Mapping[str, int]) -> str | None:
    season = (groups.get("season") or groups.get("season2") or "").casefold()
    middle = season_map.get(season)
    if middle is None:
        return None
    before_after = (groups.get("season_rel") or "").casefold()
    if before_after in {"voor", "vóór"}:  # the coming one, unless it is nearly over
        year = letter.year if letter.month <= middle + 1 else letter.year + 1
    elif before_after in {"na", "ná"}:
        year = letter.year if letter.month <= middle + 3 else letter.year + 1
    else:
        shift = which_map.get((groups.get("rel_which") or "").casefold(), 0)
        if shift < 0:  # "afgelopen zomer": the last one that began
            year = letter.year if letter.month >= middle else letter.year - 1
        elif shift > 0:  # "komend voorjaar": the next one to begin
            year = letter.year if letter.month < middle else letter.year + 1
        else:
            year = letter.year
    return f"{year:04d}"


def _weekday_ordinal(groups: Mapping[str, str | None], letter: date) -> str | None:
    weekday = weekday_index(groups.get("weekday"))
    day = int(groups.get("ord_day") or 0)
    if weekday is None or not 1 <= day <= 31:
        return None
    options = []
    for shift in range(-6, 7):
        months = letter.year * 12 + letter.month - 1 + shift
        found = _safe(months // 12, months % 12 + 1, day)
        if found and found.weekday() == weekday:
            options.append(found)
    # the nearest; a coming day wins a tie (letters announce more than they look back)
    return min(options, key=lambda d: (abs((d - letter).days), d < letter)).isoformat() if options else None


def _nth_weekday(groups: Mapping[str, str | None], letter: date) -> str | None:
    weekday = weekday_index(groups.get("weekday_n"))
    nth = _NTH.get((groups.get("nth") or "").casefold())
    if weekday is None or nth is None:
        return None
    month = _month(groups) or letter.month
    if groups.get("year"):
        year = int(groups["year"] or 0)
    elif groups.get("month"):
        year = min((letter.year + s for s in (0, 1, -1)),
                   key=lambda y: abs((y * 12 + month) - (letter.year * 12 + letter.month)))
    else:
        year = letter.year
    days = [d for d in (_safe(year, month, n) for n in range(1, 32)) if d and d.weekday() == weekday]
    if not days or (nth > 0 and nth > len(days)):
        return None
    return days[nth - 1 if nth > 0 else -1].isoformat()


def _date_range(groups: Mapping[str, str | None], letter: date | None) -> DateValue | None:
    """"24 december tot en met 2 januari", "1 februari tot 1 maart 2025" -> an interval of days."""
    first_month = _month(groups)
    last_month = _months().get((groups.get("month_to") or "").casefold())
    low, high = int(groups.get("day") or 0), int(groups.get("day_to") or 0)
    if first_month is None or last_month is None:
        return None
    year_to = _year(groups.get("year_to"))
    year_from = _year(groups.get("year"))
    anchor = None
    if year_to is None and year_from is None:
        if letter is None:
            return DateValue(None, "unresolved")
        start = _nearest_day(letter, first_month, low)
        anchor = letter.isoformat()
    else:
        start_year = year_from or (year_to if (first_month, low) <= (last_month, high) else (year_to or 0) - 1)
        start = _safe(start_year, first_month, low) if start_year is not None else None
    if start is None:
        return None
    end_year = year_to or (start.year if (last_month, high) >= (first_month, low) else start.year + 1)
    end = _safe(end_year, last_month, high)
    if end is None or end <= start or (end - start).days > 366:
        return None
    return DateValue(f"{start.isoformat()}/{end.isoformat()}", "range", anchor)


def _range(groups: Mapping[str, str | None], letter: date | None) -> DateValue | None:
    """"1 tot en met 15 maart" -> "2025-03-01/2025-03-15"; "maart tot en met mei 2025" -> months."""
    year = _year(groups.get("year"))
    if groups.get("month2"):
        first, last = _month(groups), _months().get((groups.get("month2") or "").casefold())
        if first is None or last is None or last <= first:
            return None
        if year is None:
            if letter is None:
                return DateValue(None, "unresolved")
            start = resolve({"month": groups.get("month")}, letter)
            year = int(start.iso[:4]) if start and start.iso else letter.year
            return DateValue(f"{year:04d}-{first:02d}/{year:04d}-{last:02d}", "range", letter.isoformat())
        return DateValue(f"{year:04d}-{first:02d}/{year:04d}-{last:02d}", "range")
    month = _month(groups)
    low, high = int(groups.get("day") or 0), int(groups.get("day2") or 0)
    if month is None or not 1 <= low < high <= 31:
        return None
    anchor = None
    if year is None:
        if letter is None:
            return DateValue(None, "unresolved")
        nearest = _nearest_day(letter, month, low)
        if nearest is None:
            return None
        year, anchor = nearest.year, letter.isoformat()
    first_day, last_day = _safe(year, month, low), _safe(year, month, high)
    if first_day is None or last_day is None:
        return None
    return DateValue(f"{first_day.isoformat()}/{last_day.isoformat()}", "range", anchor)


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
