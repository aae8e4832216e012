"""The letter's date: printed, or inferred from every clue in the letter, with the window it allows.

1. `explicit`: a "Datum" header field, or a line near the top that is only a (place and) date.
   The window is that day.
2. Otherwise every clue becomes a set of days on which the letter could have been written, with
   a weight:
   - a date with a direction: "jl.", "sinds", "d.d.", "brief van", a past verb ("Op 17 februari
     heeft de minister ... gebracht", "vergaderde") put the letter after it; "a.s.", "uiterlijk",
     "tot", a present or future verb ("Op 6 maart organiseert de VNG") before it. A day-month
     without year allows each year, but only within half a year of the date (letters speak of
     recent and coming events); a weekday with it ("vrijdag 14 maart") allows only the years in
     which that day is that weekday; "afgelopen vrijdag 14 maart", "volgende week, donderdag
     5 februari", "gisteren" tie the letter to the days around the date;
   - the year of a letter number ("Lbr. 24/006": 2024), a Kamerstuk of a parliamentary year
     ("Kamerstukken II 2024/25": not before September 2024), dates in the footnote URLs the cleaner
     removed ("/2025-02/20250219-...", "/2025/07/11/": not older than that);
   - the PDF's CreationDate (the letter was written in the month before it, when plausible);
   - every year written in the letter: a weak pull towards those years.
   The window is the longest run of days that violates the least weight (ties: the latest run);
   the date is the PDF's date when it lies in the window (`pdf_metadata`), else the window's
   first day when a clue bounds it from below (the day of the latest past event), else its last
   (`inferred`). Clues outweighed by others stay in the evidence with `used: false`.
3. Nothing that gives a year: null with `unknown`.
The computation has no clock: the same letter always gets the same date. Letters are taken to be
written between EARLIEST_YEAR and LATEST_YEAR (raise LATEST_YEAR with each release).
"""
from __future__ import annotations

import bisect
import calendar
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from pipeline.dutch import MONTH_PATTERN, parse_full_date, safe_date
from pipeline.entities.data import load_yaml
from pipeline.entities.normalize import dates as date_values
from pipeline.entities.rules import shipped_rules
from pipeline.extract.letter_number import letter_number
from pipeline.types import Block, CleanDocument, DateClue, Passage, RawDocument, Segmentation

Day = date  # the type, under a name the field `LetterDate.date` does not shadow

DATA = Path(__file__).resolve().with_name("letter_date.yaml")
EARLIEST_YEAR = 1990
LATEST_YEAR = 2027  # the year after this release: no letter is dated later
RECENT_DAYS = 183  # a day-month without year lies within half a year of the letter date
OPEN_LOW, OPEN_HIGH = date(EARLIEST_YEAR - 1, 1, 1), date(LATEST_YEAR + 1, 12, 31)
YEAR_PULL = 0.05  # penalty per year between the letter and each year the letter writes

# A full date, its weekday optional: "26 maart 2026", "dinsdag 3 juni 2025".
_FULL_DATE = (rf"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?"
              rf"[0-3]?\d\s+{MONTH_PATTERN}\s+(?:19|20)\d\d")
_DATE_LINE_RE = re.compile(rf"^(?:[A-Z][\w' -]{{1,30}},\s*)?{_FULL_DATE}\.?$", re.IGNORECASE)
# A letterhead line that names the occasion and ends with its date, no sentence ("Vaste commissie voor
# Asiel en Migratie, Tweede Kamer, 26 maart 2026"): up to three comma-separated parts before the date.
_OCCASION_DATE_LINE_RE = re.compile(rf"^(?:[^.,:;!?]{{1,60}},\s*){{1,3}}{_FULL_DATE}$", re.IGNORECASE)
_PDF_DATE_RE = re.compile(r"^(?:D:)?((?:19|20)\d\d)(\d\d)(\d\d)")
_SESSION_RE = re.compile(r"\bKamerstukk?(?:en)?\s+I{1,2}\s+((?:19|20)\d\d)\s*/\s*(?:19|20)?\d\d\b")
_URL_DATE_RES = (
    re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/([0-3]\d)(?=/|$)"),  # /2025/07/11/
    re.compile(r"(?<![\d])((?:19|20)\d\d)(0[1-9]|1[0-2])([0-3]\d)(?!\d)"),  # 20250219-ledenbrief
    re.compile(r"/((?:19|20)\d\d)-(0[1-9]|1[0-2])(?=/)"),  # /2025-02/
    re.compile(r"[?&]d?id=((?:19|20)\d\d)[A-Z]\d+"),  # tweedekamer.nl ?id=2023Z19060
)
_URL_KINDS = ("url", "footnote", "footnote_url")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"‘“(])")
_CLAUSE_RE = re.compile(r"[,;:()]|\s(?:en|maar|want|terwijl|omdat|dat|die|waarin|waarbij)\s")
_WORD_RE = re.compile(r"[a-zà-ÿ]+", re.IGNORECASE)
_PARTICIPLE_RE = re.compile(r"(?<!\w)(?:[a-z]*ge[a-zë]{2,}(?:d|t|en)|[a-z]+eerd)(?!\w)")
_NOT_PARTICIPLE = frozenset({"gemeente", "gemeenten", "gegevens", "gevolgen", "gelegenheid", "geleden", "genoeg",
                             "gebieden", "gebied", "gebruiken", "gedeelten", "gevallen", "gelden", "geldt", "gebouwen",
                             "gesprekken", "gezinnen", "generaties", "gedachten", "geboden", "gebouwd"})
_DEICTIC = (  # words just before a date -> (min days, max days) from the date to the letter, or a week shift
    (re.compile(r"(?:afgelopen|vorige|jongstleden)\s*,?\s*(?:op\s+)?$", re.IGNORECASE), "past_week", (1, 7)),
    (re.compile(r"vorige\s+week\s*,?\s*(?:op\s+)?$", re.IGNORECASE), "previous_week", None),
    (re.compile(r"(?:volgende|komende)\s+week\s*,?\s*(?:op\s+)?$", re.IGNORECASE), "next_week", None),
    (re.compile(r"(?:komende|aanstaande)\s*,?\s*(?:op\s+)?$", re.IGNORECASE), "coming_week", (-7, -1)),
    (re.compile(r"eergisteren\s*,?\s*(?:op\s+)?$", re.IGNORECASE), "two_days_ago", (2, 2)),
    (re.compile(r"gisteren\s*,?\s*(?:op\s+)?$", re.IGNORECASE), "yesterday", (1, 1)),
    (re.compile(r"vandaag\s*,?\s*(?:op\s+)?$", re.IGNORECASE), "today", (0, 0)),
    (re.compile(r"overmorgen\s*,?\s*(?:op\s+)?$", re.IGNORECASE), "in_two_days", (-2, -2)),
    (re.compile(r"morgen\s*,?\s*(?:op\s+)?$", re.IGNORECASE), "tomorrow", (-1, -1)),
)


@dataclass(frozen=True)
class LetterDate:
    date: Day | None
    source: str  # explicit | pdf_metadata | inferred | unknown
    window: tuple[Day, Day] | None
    evidence: tuple[DateClue, ...]


@dataclass(frozen=True)
class _Clue:
    kind: str
    text: str
    passage: str | None
    allowed: tuple[tuple[date, date], ...]  # sorted, disjoint day intervals the clue allows
    weight: float
    gives_year: bool = True  # False: the clue alone cannot say which year (a day-month)

    def allows(self, day: date) -> bool:
        index = bisect.bisect_right(self.allowed, (day, OPEN_HIGH)) - 1
        return index >= 0 and self.allowed[index][0] <= day <= self.allowed[index][1]

    def interval_at(self, day: date) -> tuple[date, date] | None:
        for low, high in self.allowed:
            if low <= day <= high:
                return low, high
        return min(self.allowed, key=lambda iv: min(abs((iv[0] - day).days), abs((iv[1] - day).days)), default=None)


@dataclass(frozen=True)
class _Words:
    past_verbs: frozenset[str]
    copulas: frozenset[str]
    future_verbs: frozenset[str]
    past_before: re.Pattern[str]
    future_before: re.Pattern[str]
    not_past_shape: frozenset[str]


@cache
def _words() -> _Words:
    file = load_yaml(DATA, "extract/letter_date.yaml")

    def ending(key: str) -> re.Pattern[str]:
        words = sorted(file.strings(key), key=len, reverse=True)
        return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
                          + r")\s*,?\s*(?:op\s+|de\s+|het\s+)?$", re.IGNORECASE)

    return _Words(frozenset(file.strings("past_verbs")), frozenset(file.strings("copulas")),
                  frozenset(file.strings("future_verbs")), ending("past_before"), ending("future_before"),
                  frozenset(file.strings("not_past_shape")))


def infer_letter_date(raw: RawDocument, clean: CleanDocument, seg: Segmentation) -> LetterDate:
    """The letter's date, its window and the clues behind them (see the module docstring)."""
    explicit = _explicit(clean.blocks, seg)
    if explicit is not None:
        return explicit
    clues = [*_text_clues(seg), *_number_clues(clean, seg), *_url_clues(clean), *_pdf_clues(raw)]
    years = [year for clue in clues if clue.kind in _YEAR_KINDS for year in _clue_years(clue)]
    return solve(clues, years)


_YEAR_KINDS = ("past_date", "future_date", "date_mention", "letter_number", "kamerstuk_session", "footnote_url",
               "pdf_metadata")


def _explicit(blocks: tuple[Block, ...], seg: Segmentation) -> LetterDate | None:
    for label, value in seg.header_fields:
        if label == "datum":
            found = parse_full_date(value) or _numeric_date(value)
            if found:
                return _exact(found, "datum_field", value, "header")
    for block in blocks[:15]:
        if _DATE_LINE_RE.match(block.text.strip()) or (
                block.kind != "paragraph" and _OCCASION_DATE_LINE_RE.match(block.text.strip())):
            found = parse_full_date(block.text)
            if found:
                return _exact(found, "date_line", block.text, "header")
    return None


def _numeric_date(value: str) -> date | None:
    found = date_values.normalize_date(value)
    if found and found.iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.iso):
        return date_values.parse_letter_date(found.iso)
    return None


def _exact(day: date, kind: str, text: str, where: str) -> LetterDate:
    clue = DateClue(kind, text.strip(), where, day.isoformat(), day.isoformat())
    return LetterDate(day, "explicit", (day, day), (clue,))


# ------------------------------------------------------------------ clues from dates in the text

def _sentences(text: str) -> Iterator[str]:
    yield from (s for s in _SENTENCE_RE.split(text) if s.strip())


def _date_matches(sentence: str, words: Iterable[str] | None = None
                  ) -> Iterator[tuple[int, int, dict[str, str | None], str]]:
    """Non-overlapping date matches (longest first), as (start, end, groups, rule name); `words`: the
    rules' needed words present in the text the sentence comes from (default: look for all)."""
    found = []
    for rule in shipped_rules("dates.yaml").applicable(sentence.casefold(), words):
        for match in rule.finditer(sentence):
            start, end = rule.span_of(match)
            if end > start:
                found.append((start, end, rule.priority, match.groupdict(), rule.name))
    taken: list[tuple[int, int]] = []
    for start, end, _, groups, name in sorted(found, key=lambda f: (-(f[1] - f[0]), -f[2], f[0])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        yield start, end, groups, name


def _text_clues(seg: Segmentation) -> Iterator[_Clue]:
    # every text of the letter: passages, headings, and what the segmenter kept out of them (a
    # salutation block that swallowed the first paragraph, "Uw brief van ..." in the header)
    sources = ([(p.id, p.text) for p in seg.passages] + [("heading", h) for h in seg.headings]
               + [(block.kind, block.text) for block in seg.non_content])
    rules = shipped_rules("dates.yaml")
    for where, text in sources:
        # a needed word absent from the text is absent from each of its sentences (casefold works per
        # character, so a sentence's folded text is part of the text's): looked for once per text
        folded = text.casefold()
        words = [word for word in rules.needed_words if word in folded]
        for sentence in _sentences(text):
            for start, end, groups, name in _date_matches(sentence, words):
                yield from _date_clues(sentence, start, end, groups, name, where)


def _date_clues(sentence: str, start: int, end: int, groups: dict[str, str | None], rule: str,
                where: str) -> Iterator[_Clue]:
    if rule.startswith("relative") or groups.get("rel"):
        return  # "volgende week": resolved against the letter date, says nothing about it
    text = " ".join(sentence[start:end].split())
    direction = _direction(sentence, start, end, groups)
    if groups.get("year"):
        value = date_values.resolve(groups, None)
        span = _iso_span(value.iso) if value and value.iso else None
        if span is None:
            return
        first, last = span
        if direction == "past":
            yield _Clue("past_date", text, where, ((first, OPEN_HIGH),), 2.0)
        elif direction == "future":
            yield _Clue("future_date", text, where, ((OPEN_LOW, last),), 2.0)
        else:
            yield _Clue("date_mention", text, where, ((first - timedelta(days=730), last + timedelta(days=730)),), 0.1)
        return
    month = date_values._month(groups)  # noqa: SLF001 - the one month reader for rule groups
    if month is None:
        return
    day = int(day_text) if (day_text := groups.get("day")) else None
    if day is not None and safe_date(2000, month, day) is None:
        return
    before = sentence[:start]
    marker = (groups.get("past") and "jl") or (groups.get("future") and "as")
    weight = 2.0 if marker else 1.0 if direction != "neutral" else 0.3
    deictic = next(((kind, gaps) for pattern, kind, gaps in _DEICTIC if pattern.search(before[-30:])), None)
    intervals: list[tuple[date, date]] = []
    weekday_intervals: list[tuple[date, date]] = []
    weekday = date_values.weekday_index(groups.get("weekday"))
    for year in range(EARLIEST_YEAR - 1, LATEST_YEAR + 2):
        found_day = safe_date(year, month, day or 1)
        if found_day is None:
            continue
        first = found_day
        last = first if day else _month_end(first)
        if deictic is not None and day is not None:
            kind, gaps = deictic
            if gaps is None:  # the letter is in the week before / after the date's week
                monday = first - timedelta(days=first.weekday())
                shift = 7 if kind == "previous_week" else -7
                allowed = (monday + timedelta(days=shift), monday + timedelta(days=shift + 6))
            else:
                allowed = (first + timedelta(days=gaps[0]), first + timedelta(days=gaps[1]))
                allowed = (min(allowed), max(allowed))
            weight = 2.0
        elif direction == "past":
            allowed = (first, last + timedelta(days=RECENT_DAYS))
        elif direction == "future":
            allowed = (first - timedelta(days=RECENT_DAYS), last)
        else:
            allowed = (first - timedelta(days=RECENT_DAYS), last + timedelta(days=RECENT_DAYS))
        intervals.append(allowed)
        if weekday is not None and day is not None and first.weekday() == weekday:
            weekday_intervals.append(allowed)
    kind = {"past": "past_day_month", "future": "future_day_month"}.get(direction, "day_month_mention")
    if deictic is not None and day is not None:
        kind = f"{deictic[0]}_day_month"
    if kind != "day_month_mention":  # without a direction it allows every day of some year: no clue
        yield _Clue(kind, text, where, _merged(intervals), weight, gives_year=False)
    if weekday is not None and day is not None:
        yield _Clue("weekday", text, where, _merged(weekday_intervals), 1.0)


def _direction(sentence: str, start: int, end: int, groups: dict[str, str | None]) -> str:
    """past, future or neutral: where the date lies relative to the day of writing."""
    if groups.get("past"):
        return "past"
    if groups.get("future"):
        return "future"
    words = _words()
    before = sentence[:start]
    if words.past_before.search(before[-40:]):
        return "past"
    if words.future_before.search(before[-40:]):
        return "future"
    lead = before.strip().lower()
    after_words = _WORD_RE.findall(sentence[end:].lower())
    if after_words and re.fullmatch(r"(?:(?:op|per|in|vanaf|rond|omstreeks|half|eind|begin|medio)\s*)?", lead):
        verb = after_words[0]  # a clause-initial date: the finite verb comes right after it (V2)
        found = _verb_direction(verb, sentence[end:], words, shape=True)
        if found:
            return found
    if groups.get("year") and not groups.get("month") and re.search(r"(?<!\w)(?:voor|van)\s+$", before.lower()):
        return "neutral"  # "de financiering voor 2026": what the money is for, not when
    # elsewhere in the clause: the finite verb nearest to the date
    clause_start = max((m.end() for m in _CLAUSE_RE.finditer(sentence[:start])), default=0)
    clause_end = next((m.start() + end for m in _CLAUSE_RE.finditer(sentence[end:])), len(sentence))
    best: tuple[int, str] | None = None
    for match in _WORD_RE.finditer(sentence.lower(), clause_start, clause_end):
        if start <= match.start() < end:
            continue
        found = _verb_direction(match.group(0), sentence[match.end():clause_end], words, shape=False)
        if found:
            distance = start - match.end() if match.end() <= start else match.start() - end
            if best is None or distance < best[0]:
                best = (distance, found)
    if best:
        return best[1]
    # a main clause puts its finite verb second: "Daarvoor stuurde het kabinet op ...", "De minister schreef"
    clause = _WORD_RE.findall(sentence[clause_start:clause_end].lower())
    second = 2 if clause[:1] in (["de"], ["het"], ["een"]) else 1
    if len(clause) > second and not (start <= clause_start + sentence[clause_start:].lower().find(clause[second]) < end):
        found = _verb_direction(clause[second], sentence[end:clause_end], words, shape=True)
        if found:
            return found
    return "neutral"


def _verb_direction(word: str, rest: str, words: _Words, *, shape: bool) -> str | None:
    if word in words.past_verbs:
        return "past"
    if word in words.copulas:
        if re.search(r"(?<!\w)(?:nog\s+niet|niet|nog\s+geen)(?!\w)", rest.lower()):
            return None  # "is nog niet geregeld": a state, not an event
        participles = [p for p in _PARTICIPLE_RE.findall(rest.lower()) if p not in _NOT_PARTICIPLE]
        return "past" if participles else "future"
    if word in words.future_verbs:
        return "future"
    if shape and word not in words.not_past_shape:
        if re.fullmatch(r"[a-zë]{3,}(?:de|te|den|ten)", word):
            return "past"
        if re.fullmatch(r"[a-zë]{3,}t", word) or re.fullmatch(r"[a-zë]{4,}en", word):
            return "future"  # present tense of a scheduled event: "Op 6 maart organiseert de VNG"
    return None


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _iso_span(iso: str) -> tuple[date, date] | None:
    """First and last day of an ISO date, month, year or interval ("2026/2027")."""
    if "/" in iso:
        low, high = (_iso_span(part) for part in iso.split("/", 1))
        return (low[0], high[1]) if low and high else None
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        found = safe_date(*parts)
        return (found, found) if found else None
    if len(parts) == 2:
        first = safe_date(parts[0], parts[1], 1)
        return (first, _month_end(first)) if first else None
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _merged(intervals: Iterable[tuple[date, date]]) -> tuple[tuple[date, date], ...]:
    out: list[tuple[date, date]] = []
    for low, high in sorted(intervals):
        if out and low <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return tuple(out)


# ------------------------------------------------------------------ letter numbers, URLs, PDF

def _number_clues(clean: CleanDocument, seg: Segmentation) -> Iterator[_Clue]:
    number, year = letter_number(clean, seg)
    if number is not None and year is not None and EARLIEST_YEAR <= year <= LATEST_YEAR:
        yield _Clue("letter_number", f"Lbr. {number}", "header", ((date(year, 1, 1), date(year, 12, 31)),), 3.0)
    texts = [(p.id, p.text) for p in seg.passages] + [(block.kind, block.text) for block in seg.non_content]
    for where, text in texts:
        for found in _SESSION_RE.finditer(text):
            yield _session_clue(found, where)


def _session_clue(found: re.Match[str], where: str) -> _Clue:
    # the parliamentary year starts in September: a Kamerstuk of 2024/25 is not older than that
    year = int(found.group(1))
    return _Clue("kamerstuk_session", found.group(0), where, ((date(year, 9, 1), OPEN_HIGH),), 2.0)


def _url_clues(clean: CleanDocument) -> Iterator[_Clue]:
    for removal in clean.removed:
        for found in _SESSION_RE.finditer(removal.text):
            yield _session_clue(found, "footnote")
        if removal.kind not in _URL_KINDS and "://" not in removal.text:
            continue
        best: date | None = None
        for pattern in _URL_DATE_RES:
            for match in pattern.finditer(removal.text):
                parts = [int(g) for g in match.groups()]
                day = safe_date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
                if day and EARLIEST_YEAR <= day.year <= LATEST_YEAR and (best is None or day > best):
                    best = day
        if best is not None:
            yield _Clue("footnote_url", removal.text.strip(), "footnote", ((best, OPEN_HIGH),), 2.0)


def _pdf_clues(raw: RawDocument) -> Iterator[_Clue]:
    metadata = dict(raw.pdf_metadata)
    for key in ("CreationDate", "ModDate"):
        match = _PDF_DATE_RE.match(metadata.get(key, ""))
        if match:
            found = safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if found and EARLIEST_YEAR <= found.year <= LATEST_YEAR:
                # the letter was written at most a month before the file was made
                yield _Clue("pdf_metadata", f"{key} {metadata[key]}", "pdf_metadata",
                            ((found - timedelta(days=31), found),), 1.5)
                return


def _clue_years(clue: _Clue) -> list[int]:
    low, high = clue.allowed[0][0], clue.allowed[-1][1]
    if clue.kind == "date_mention":  # stored widened by two years on each side
        low, high = low + timedelta(days=730), high - timedelta(days=730)
    ends = [d.year for d in (low, high) if OPEN_LOW < d < OPEN_HIGH]
    return sorted(set(ends))


# ------------------------------------------------------------------ weighing the clues

def solve(clues: Sequence[_Clue], years: Sequence[int]) -> LetterDate:
    """The window of least violated weight and the date in it (see the module docstring)."""
    clues = [c for c in clues if c.allowed]
    if not any(c.gives_year for c in clues):
        return LetterDate(None, "unknown", None, ())
    bounded = [d.year for c in clues if c.gives_year for iv in c.allowed for d in iv if OPEN_LOW < d < OPEN_HIGH]
    low_year = max(EARLIEST_YEAR, min([*bounded, *years]) - 1)
    high_year = min(LATEST_YEAR, max([*bounded, *years]) + 1)
    if low_year > high_year:
        return LetterDate(None, "unknown", None, ())
    start, stop = date(low_year, 1, 1), date(high_year, 12, 31)
    points = {start, stop + timedelta(days=1)} | {date(y, 1, 1) for y in range(low_year, high_year + 1)}
    for clue in clues:
        for low, high in clue.allowed:
            points.update(d for d in (low, high + timedelta(days=1)) if start <= d <= stop)
    ordered = sorted(points)
    segments = list(zip(ordered, [d - timedelta(days=1) for d in ordered[1:]], strict=False))
    # a sweep over the interval ends: the weight of the clues that allow each segment (a clue's
    # intervals are disjoint, so each adds its weight at most once)
    changes: dict[date, float] = {}
    for clue in clues:
        for low, high in clue.allowed:
            changes[max(low, start)] = changes.get(max(low, start), 0.0) + clue.weight
            changes[high + timedelta(days=1)] = changes.get(high + timedelta(days=1), 0.0) - clue.weight
    total = sum(c.weight for c in clues)
    allowed = 0.0
    pending = sorted(changes.items())
    index = 0
    costs = []
    for first, _ in segments:
        while index < len(pending) and pending[index][0] <= first:
            allowed += pending[index][1]
            index += 1
        costs.append(round(total - allowed, 6))
    # the pull of a segment depends only on its year: summed over the distinct years written (integers,
    # so the same sums as year by year)
    year_counts = Counter(years)
    distance = {y: sum(abs(y - year) * n for year, n in year_counts.items()) for y in {f.year for f, _ in segments}}
    pulls = [YEAR_PULL * distance[first.year] for first, _ in segments]
    best = min(costs)
    runs: list[tuple[date, date, float]] = []  # (first, last, least pull in the run)
    for (first, last), cost, pull in zip(segments, costs, pulls, strict=False):
        if cost > best:
            continue
        if runs and first == runs[-1][1] + timedelta(days=1):
            runs[-1] = (runs[-1][0], last, min(runs[-1][2], pull))
        else:
            runs.append((first, last, pull))
    # ties: the run nearest to the years the letter writes, then the latest
    low, high, _ = min(reversed(runs), key=lambda run: run[2])
    used = [c for c in clues if c.allows(low)]
    pdf = next((c for c in used if c.kind == "pdf_metadata"), None)
    pdf_day = pdf.allowed[-1][1] if pdf else None
    if pdf_day is not None and low <= pdf_day <= high:
        day, source = pdf_day, "pdf_metadata"
    elif any(_lower_edge(c, low) for c in used) or not any(_upper_edge(c, high) for c in used):
        day, source = low, "inferred"
    else:
        day, source = high, "inferred"
    used_ids = {id(c) for c in used}
    evidence = tuple(_evidence(c, low, id(c) in used_ids) for c in clues)
    return LetterDate(day, source, (low, high), evidence)


def _lower_edge(clue: _Clue, low: date) -> bool:
    interval = clue.interval_at(low)
    return interval is not None and interval[0] == low and clue.kind != "pdf_metadata"


def _upper_edge(clue: _Clue, high: date) -> bool:
    interval = clue.interval_at(high)
    return interval is not None and interval[1] == high


def _evidence(clue: _Clue, day: date, used: bool) -> DateClue:
    interval = clue.interval_at(day)
    low, high = interval if interval else (OPEN_LOW, OPEN_HIGH)
    return DateClue(clue.kind, clue.text, clue.passage, low.isoformat() if low > OPEN_LOW else None,
                    high.isoformat() if high < OPEN_HIGH else None, used)


def date_label(day: str | None, source: str, window: Sequence[str] | None) -> str:
    """How a letter date is shown: printed as is, inferred as "≈ 2025-07 (na 14-07-2025)"."""
    if not day:
        return "no date"
    if source == "explicit" or not window or window[0] == window[1]:
        return day
    low, high = (f"{w[8:10]}-{w[5:7]}-{w[:4]}" for w in window)
    if source == "pdf_metadata":
        return f"≈ {day[:7]} (PDF {day[8:10]}-{day[5:7]}-{day[:4]})"
    if day == window[0]:
        return f"≈ {day[:7]} (na {low})"
    if day == window[1]:
        return f"≈ {day[:7]} (voor {high})"
    return f"≈ {day[:7]} ({low} – {high})"


def infer_date(text: str) -> LetterDate:
    """The letter date that a text alone supports (one passage, no header, URLs or PDF)."""
    seg = Segmentation(passages=(Passage(id="text#p001", section=None, text=text, page=None),), non_content=(),
                       headings=())
    return infer_letter_date(RawDocument("text", "text", (), None), CleanDocument("text", (), (), None), seg)


__all__ = ["LetterDate", "date_label", "infer_date", "infer_letter_date", "solve"]
