"""Date normaliser: ISO at the written precision, relative dates against the letter date."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.normalize.dates import DateValue, normalize_date, parse_letter_date

_ONE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
ISO = re.compile(rf"{_ONE}(?:/{_ONE})?")  # a date at its precision, or an interval of two


@pytest.mark.parametrize(("text", "letter", "iso", "rule"), [
    ("30 januari 2025", None, "2025-01-30", "explicit"),
    ("op 3 maart 2024 besloten", "2025-01-30", "2024-03-03", "explicit"),
    ("januari 2025", None, "2025-01", "explicit"),
    ("in oktober 2019", None, "2019-10", "explicit"),
    ("vanaf 2027", None, "2027", "explicit"),
    ("sinds 2015", None, "2015", "explicit"),
    ("medio 2025", None, "2025", "period"),
    ("eind 2024", None, "2024", "period"),
    ("begin 2026", None, "2026", "period"),
    ("in het najaar van 2024", None, "2024", "season"),
    ("voorjaar 2025", None, "2025", "season"),
    ("de tweede helft van 2023", None, "2023", "part_of_year"),
    ("het derde kwartaal van 2022", None, "2022", "part_of_year"),
    ("taakstelling 2023-II", None, "2023", "year_code"),
    ("in 2026–2027", None, "2026/2027", "year_range"),
    ("15-01-2025", None, "2025-01-15", "explicit"),
    ("2025-01-15", None, "2025-01-15", "explicit"),
    ("1 jan. 2025", None, "2025-01-01", "explicit"),
    # relative: jl. = on or before the letter date, a.s. = on or after it, across year ends
    ("20 december jl.", "2025-01-30", "2024-12-20", "jl_past"),
    ("2 februari j.l.", "2025-01-30", "2024-02-02", "jl_past"),
    ("1 januari a.s.", "2023-11-20", "2024-01-01", "as_future"),
    ("15 maart aanstaande", "2024-03-20", "2025-03-15", "as_future"),
    # no marker: the year that puts the date nearest to the letter date
    ("1 juli", "2025-01-30", "2025-07-01", "nearest_year"),
    ("28 december", "2025-01-05", "2024-12-28", "nearest_year"),
    ("vrijdag 10 november", "2023-11-14", "2023-11-10", "nearest_year"),
    ("donderdag 5 februari", "2025-01-30", "2025-02-05", "nearest_year"),  # weekday never changes the value
    ("in augustus", "2025-07-14", "2025-08", "nearest_year"),
    ("begin augustus", "2025-07-14", "2025-08", "nearest_year"),
    ("per december", "2025-01-10", "2024-12", "nearest_year"),
])
def test_date_cases(text: str, letter: str | None, iso: str, rule: str) -> None:
    value = normalize_date(text, letter)
    assert value is not None
    assert (value.iso, value.rule) == (iso, rule)
    if rule in {"jl_past", "as_future", "nearest_year"}:
        assert value.anchor == letter


@pytest.mark.parametrize(("text", "letter", "iso", "rule"), [
    ("volgende week", "2025-01-30", "2025-02-03/2025-02-09", "relative_week"),
    ("vorig jaar", "2025-01-30", "2024", "relative_year"),
    ("eind dit jaar", "2025-01-30", "2025", "relative_year"),
    ("twee dagen geleden", "2025-03-12", "2025-03-10", "relative_offset"),
    ("over drie maanden", "2025-11-12", "2026-02", "relative_offset"),
    ("gisteren", "2025-01-01", "2024-12-31", "relative_day"),
    ("afgelopen vrijdag", "2025-03-12", "2025-03-07", "relative_weekday"),
    ("maandag a.s.", "2025-03-12", "2025-03-17", "relative_weekday"),
    ("het vorige kwartaal", "2025-02-12", "2024", "relative_quarter"),
    ("voor de zomer", "2025-10-15", "2026", "relative_season"),
    ("vrijdag de 15de", "2025-08-05", "2025-08-15", "weekday_ordinal"),
    ("de derde dinsdag van september", "2025-06-10", "2025-09-16", "nth_weekday"),
    ("van 1 tot en met 15 maart", "2025-02-10", "2025-03-01/2025-03-15", "range"),
    ("tussen 28 en 31 december", "2026-01-05", "2025-12-28/2025-12-31", "range"),
    ("21/04/16", None, "2016-04-21", "explicit"),
    ("31-12-99", None, "1999-12-31", "explicit"),
    ("12 okt.", "2025-11-03", "2025-10-12", "nearest_year"),
])
def test_relative_dates(text: str, letter: str | None, iso: str, rule: str) -> None:
    value = normalize_date(text, letter)
    assert value is not None and (value.iso, value.rule) == (iso, rule)
    if letter is not None:
        assert value.anchor == letter


def test_relative_dates_without_letter_date_are_unresolved() -> None:
    assert normalize_date("volgende week", None) == DateValue(None, "unresolved")
    assert normalize_date("twee dagen geleden", None) == DateValue(None, "unresolved")


def test_impossible_day_keeps_only_the_month() -> None:
    value = normalize_date("31 februari 2025", "2025-01-30")
    assert value is not None and value.iso == "2025-02"


@pytest.mark.parametrize("text", [
    "31 februari",  # no such day, and no year to fall back on
    "geen datum hier",
    "30 graden",
    "Kamerstukken II 2021/22",
    "2023D45953",
    "de komende jaren",  # vague deixis: no unit to resolve (relative forms are in test_relative_dates)
    "momenteel",
    "paragraaf 2.4.1",
])
def test_not_dates(text: str) -> None:
    assert normalize_date(text, "2025-01-30") is None


def test_missing_year_without_letter_date_is_unresolved() -> None:
    assert normalize_date("3 juli jl.", None) == DateValue(None, "unresolved")
    assert normalize_date("in augustus", None) == DateValue(None, "unresolved")


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-01-30", "2025-01-30"), (None, None), ("", None), ("2025-02-30", None), ("30-01-2025", None),
])
def test_parse_letter_date(value: str | None, expected: str | None) -> None:
    parsed = parse_letter_date(value)
    assert (parsed.isoformat() if parsed else None) == expected


@settings(max_examples=600, deadline=None)
@given(text=st.text(max_size=80), letter=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.text(max_size=12)))
def test_date_normaliser_never_raises(text: str, letter: str | None) -> None:
    value = normalize_date(text, letter)
    assert value is None or isinstance(value, DateValue)
    if value is not None:
        assert value.iso is None or ISO.fullmatch(value.iso)
        assert value.iso is not None or value.rule == "unresolved"


_DATEISH = st.builds(lambda d, m, y, rel: f"{d} {m} {y}{rel}", st.integers(0, 40),
                     st.sampled_from(["januari", "februari", "juni", "december", "mei"]),
                     st.sampled_from(["", "1999", "2025", "2099"]), st.sampled_from(["", " jl.", " a.s."]))


@settings(max_examples=500, deadline=None)
@given(text=_DATEISH, letter=st.dates().map(lambda d: d.isoformat()))
def test_date_like_strings_resolve_to_well_formed_values(text: str, letter: str) -> None:
    value = normalize_date(text, letter)
    assert value is None or (value.iso is not None and ISO.fullmatch(value.iso))
