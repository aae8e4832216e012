"""Measure dateparser (DATUM) and text2num (AANTAL number words) on the case table of issue 18.

Not part of the pipeline or the tests: it answers "would a library beat the hand rules here?".
Needs `pip install dateparser text2num` (neither is a dependency of vng-brieven).

DATUM: dateparser.search.search_dates(text, languages=["nl"], settings={"RELATIVE_BASE": letter
date, "PREFER_DATES_FROM": "current_period"}) on each case sentence; a case counts when one found
expression equals the gold span and its date agrees with the gold iso at the gold's precision
(an interval: its first day). AANTAL: text_to_num.alpha2digit(text, "nl") on each number-word
case; it counts when the gold value appears as digits in the output.

Usage: python scripts/compare_libraries.py
"""
from __future__ import annotations

import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.evaluate.forms import load_cases


def _agrees(found: datetime, iso: str) -> bool:
    first = iso.split("/")[0]
    return found.date().isoformat()[: len(first)] == first


def dateparser_scores() -> tuple[Counter[str], Counter[str], Counter[str]]:
    from dateparser.search import search_dates

    hits: Counter[str] = Counter()
    values: Counter[str] = Counter()  # the right date found, whatever the span
    totals: Counter[str] = Counter()
    for case in load_cases():
        if case.label != "DATUM" or case.span is None:
            continue
        totals[case.form] += 1
        base = datetime.fromisoformat(case.letter_date) if case.letter_date else datetime(2025, 3, 12)
        found = search_dates(case.text, languages=["nl"],
                             settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period"}) or []
        if any(text.strip() == case.span and _agrees(value, case.iso or "") for text, value in found):
            hits[case.form] += 1
        if any(_agrees(value, case.iso or "") for _, value in found):
            values[case.form] += 1
    return hits, values, totals


def text2num_scores() -> tuple[int, int]:
    from text_to_num import alpha2digit

    hits = total = 0
    for case in load_cases():
        if case.label != "AANTAL" or case.form != "number_words" or case.span is None:
            continue
        total += 1
        out = alpha2digit(case.text, "nl")
        value = case.value
        number = str(int(value)) if value is not None and float(value).is_integer() else str(value)
        if number in out.replace(".", ""):
            hits += 1
    return hits, total


def main() -> int:
    hits, values, totals = dateparser_scores()
    print("dateparser, Dutch, RELATIVE_BASE = the case's letter date: exact span and value | right value, any span")
    for form in sorted(totals):
        print(f"  {form:<18} {hits[form]:>3}/{totals[form]:<3}  {values[form]:>3}/{totals[form]:<3}")
    print(f"  {'ALL':<18} {sum(hits.values()):>3}/{sum(totals.values())}  {sum(values.values()):>3}/{sum(totals.values())}")
    found, total = text2num_scores()
    print(f"text2num alpha2digit(nl) on the number-word cases: {found}/{total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
