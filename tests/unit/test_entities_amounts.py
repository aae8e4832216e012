"""Amount normaliser: Dutch number formats, scales, currency, percentages, units, qualifiers."""
from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.normalize.amounts import AmountValue, normalize_amount, parse_digits, parse_number_word


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), [
    ("96.000 plekken", 96000, "plekken", None),
    ("ruim 9.800 statushouders", 9800, "statushouders", "ruim"),
    ("€ 1,2 miljard", 1_200_000_000, "EUR", None),
    ("€1,2 mld. extra", 1_200_000_000, "EUR", None),
    ("1,5 miljoen euro", 1_500_000, "EUR", None),
    ("€ 25,- per maand", 25, "EUR", None),
    ("115%", 115, "%", None),
    ("115 procent", 115, "%", None),
    ("2,5%", 2.5, "%", None),
    ("zeven jaar", 7, "jaar", None),
    ("vier brieven", 4, "brieven", None),
    ("acht jaar", 8, "jaar", None),
    ("één verdeelsleutel", 1, "verdeelsleutel", None),
    ("vijfentwintig gemeenten", 25, "gemeenten", None),
    ("tweehonderd woningen", 200, "woningen", None),
    ("1.234.567 inwoners", 1_234_567, "inwoners", None),
    ("meer dan 83.000 ontheemden", 83000, "ontheemden", "meer dan"),
    ("minder dan 150 plekken", 150, "plekken", "minder dan"),
    ("circa 280.000 statushouders", 280000, "statushouders", "circa"),
    ("ca. 40 locaties", 40, "locaties", "ca."),
    ("bijna 5.100 statushouders", 5100, "statushouders", "bijna"),
    ("ongeveer 50 asielzoekers", 50, "asielzoekers", "ongeveer"),
    ("maximaal 2000 personen", 2000, "personen", "maximaal"),
    ("minimaal vijf jaar", 5, "jaar", "minimaal"),
    ("zo’n 400 nareizigers", 400, "nareizigers", "zo’n"),
    ("zo'n 400 nareizigers", 400, "nareizigers", "zo'n"),
    ("tenminste 30 opvangplekken", 30, "opvangplekken", "tenminste"),
    ("107.000 gemeentelijke opvangplekken", 107000, "opvangplekken", None),
    ("drie aangenomen resoluties", 3, "resoluties", None),
    ("125.000 Oekraïners", 125000, "oekraïners", None),
    ("circa 95.500 zijn gerealiseerd", 95500, None, "circa"),
    ("(was 27.300, wordt 17.600)", 27300, None, None),
    ("waarvan 8.100 voor jongeren", 8100, None, None),
])
def test_amount_cases(text: str, value: float, unit: str | None, qualifier: str | None) -> None:
    found = normalize_amount(text)
    assert found is not None
    assert math.isclose(found.value, value)
    assert (found.unit, found.qualifier) == (unit, qualifier)


@pytest.mark.parametrize(("text", "value", "unit", "high", "rule"), [
    ("tweeënveertig locaties", 42, "locaties", None, "words"),
    ("anderhalf jaar", 1.5, "jaar", None, "half"),
    ("een half miljoen euro", 500_000, "EUR", None, "half"),
    ("tweeënhalf miljoen euro", 2_500_000, "EUR", None, "half"),
    ("vijf euro vijftig per persoon", 5.5, "EUR", None, "words"),
    ("3 euro en 50 cent", 3.5, "EUR", None, "digits"),
    ("75 cent", 0.75, "EUR", None, "digits"),
    ("€ -12 per dag", -12, "EUR", None, "digits"),
    ("-2,5% van de begroting", -2.5, "%", None, "digits"),
    ("min vijf procent", -5, "%", None, "words"),
    ("3.000 tot 5.000 plekken", 3000, "plekken", 5000, "range"),
    ("5 à 6 miljoen euro", 5_000_000, "EUR", 6_000_000, "range"),
    ("tien tot vijftien procent", 10, "%", 15, "range"),
])
def test_issue18_amount_forms(text: str, value: float, unit: str | None, high: float | None, rule: str) -> None:
    found = normalize_amount(text)
    assert found is not None
    assert math.isclose(found.value, value) and found.unit == unit and found.rule == rule
    assert (found.high is None and high is None) or math.isclose(found.high or 0, high or 0)


def test_decreases_and_percentage_points() -> None:
    from pipeline.entities.normalize.amounts import resolve
    from pipeline.entities.rules import shipped_rules

    rule = shipped_rules("amounts.yaml").rules[0]
    text = "een daling van 3 procentpunten"
    match = rule.search(text)
    assert match is not None
    value = resolve(match.groupdict(), text[: match.start()])
    assert value is not None and (value.value, value.unit, value.rule) == (-3, "procentpunt", "decrease")
    rise = "een stijging van 4 procent"
    match = rule.search(rise)
    assert match is not None and resolve(match.groupdict(), rise[: match.start()]).value == 4


@pytest.mark.parametrize("text", ["postcode 2514 BH Den Haag", "bel 070-3738393", "Stb. 2024, 118 gepubliceerd"])
def test_identifiers_are_not_amounts(text: str) -> None:
    assert normalize_amount(text) is None



@pytest.mark.parametrize("text", [
    "tienduizenden statushouders",  # vague: no value
    "vele honderden nareizigers",
    "enkele gemeenten",
    "een aantal gemeenten",  # the article is not a number
    "twee tot",  # a written number must count a noun
    "Kamerstukken II 2021/22, 19 637, nr. 2939",  # references, not quantities
    "zie punt 2 en 3",
    "artikel 12",
    "om 10.00 uur",
    "in 2025",  # a year
    "2023D45953",
])
def test_not_amounts(text: str) -> None:
    assert normalize_amount(text) is None


@pytest.mark.parametrize(("word", "value"), [
    ("één", 1), ("Twee", 2), ("elf", 11), ("negentien", 19), ("twintig", 20), ("eenentwintig", 21),
    ("drieëntwintig", 23), ("negenennegentig", 99), ("honderd", 100), ("driehonderdvijftig", 350),
    ("duizend", 1000), ("tweeduizend", 2000), ("vijfduizendtweehonderd", 5200),
    ("een", None), ("en", None), ("tienduizenden", None), ("honderden", None), ("tienen", None), ("", None),
])
def test_number_words(word: str, value: int | None) -> None:
    assert parse_number_word(word) == value


@pytest.mark.parametrize(("text", "value"), [
    ("9.800", 9800), ("1,5", 1.5), ("1.000.000", 1000000), ("12", 12), ("3,0", 3), ("1.00", None), ("abc", None),
])
def test_parse_digits(text: str, value: float | None) -> None:
    assert parse_digits(text) == value


@settings(max_examples=600, deadline=None)
@given(text=st.text(max_size=80))
def test_amount_normaliser_never_raises(text: str) -> None:
    found = normalize_amount(text)
    assert found is None or isinstance(found, AmountValue)
    if found is not None:
        assert isinstance(found.value, (int, float)) and math.isfinite(found.value)
        # Negative only where the text says so: a minus sign, "min"/"minus", or a decrease word before it.
        assert found.value >= 0 or found.rule == "decrease" \
            or re.search(r"[-\u2212\u2013]|\bmin(?:us)?\b", text, re.IGNORECASE), (text, found)
        assert found.unit is None or (isinstance(found.unit, str) and found.unit)
        assert found.qualifier is None or isinstance(found.qualifier, str)


_NUMBERISH = st.builds(lambda q, n, s, u: f"{q}{n}{s}{u}", st.sampled_from(["", "ruim ", "circa ", "zo’n "]),
                       st.one_of(st.integers(0, 10**9).map(lambda i: f"{i:,}".replace(",", ".")),
                                 st.sampled_from(["acht", "twintig", "honderd", "één"])),
                       st.sampled_from(["", " miljoen", " mld.", "%"]), st.sampled_from(["", " plekken", " euro"]))


@settings(max_examples=500, deadline=None)
@given(text=_NUMBERISH)
def test_number_like_strings_give_well_formed_values(text: str) -> None:
    found = normalize_amount(text)
    assert found is None or (math.isfinite(found.value) and found.value >= 0)
