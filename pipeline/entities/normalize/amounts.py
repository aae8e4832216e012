"""Read a quantity: the number (Dutch format), its scale, currency or percent, unit and qualifier.

value     the number as int when whole, else float: "9.800" -> 9800, "1,5 miljoen euro" -> 1500000,
          "twee derde" -> 2/3 (unit None), "1 op de 4 gemeenten" -> 0.25 (unit "gemeenten")
unit      "EUR" for money, "%" for percentages, else the counted noun as written, lower-cased
          ("Oekraïners" -> "oekraïners"); None when the noun is left out ("was 27.300")
qualifier the approximation or bound before the number, lower-cased ("ruim", "meer dan", "zo’n")
high      the high end of a range ("tussen 3.000 en 5.000 plekken": value 3000, high 5000), else None
Since issue 18: halves ("anderhalf jaar" 1.5, "een half miljoen euro" 500000), cents ("vijf euro
vijftig" 5.5, "3 euro en 50 cent" 3.5, "75 cent" 0.75 EUR), signs ("€ -12", "-3%", "min vijf
procent"), decreases ("een daling van 3 procentpunt" -3, unit "procentpunt"), ranges.
Vague quantities ("tienduizenden", "vele honderden") are not AANTAL: they have no value, so the
number-word parser rejects them and no entity is made. Postcodes ("2514 BH") are not quantities.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from pipeline.entities.data import lexicon
from pipeline.entities.rules import shipped_rules

_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class AmountValue:
    value: int | float
    unit: str | None
    qualifier: str | None
    rule: str = "digits"  # digits | words | ratio | half | range | decrease
    high: int | float | None = None  # the high end of a range


@dataclass(frozen=True)
class _NumberWords:
    units: dict[str, int]
    teens: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    currency_symbols: frozenset[str]
    percent: frozenset[str]
    fractions: dict[str, int]
    halves: dict[str, float]
    decrease: re.Pattern[str]
    percentage_points: frozenset[str]


@cache
def _words() -> _NumberWords:
    file = lexicon("numbers.yaml")
    decrease = "|".join(re.escape(w) for w in sorted(file.strings("decrease_words"), key=len, reverse=True))
    return _NumberWords(
        units=file.string_map("units", value_kind=int),
        teens=file.string_map("teens", value_kind=int),
        tens=file.string_map("tens", value_kind=int),
        scales={k.casefold(): v for k, v in file.string_map("scales", value_kind=int).items()},
        currency_symbols=frozenset(file.strings("currency_symbols")),
        percent=frozenset(file.strings("percent_words")),
        fractions={k.casefold(): v for k, v in file.string_map("fractions", value_kind=int).items()},
        halves={" ".join(k.casefold().split()): float(v)
                for k, v in file.string_map("halves", value_kind=(int, float)).items()},
        decrease=re.compile(rf"(?<!\w)(?:{decrease})\s+(?:van|met)\s+(?:de\s+|het\s+)?$", re.IGNORECASE),
        percentage_points=frozenset(w.casefold() for w in file.strings("percentage_point_words")),
    )


MAX_DIGITS = 15  # digits before the decimal comma; more is no quantity (and would not survive as a float)


def parse_digits(text: str) -> int | float | None:
    """A number in Dutch notation: '.' groups thousands, ',' marks decimals ("9.800", "1,5").

    None for digit strings too long to be a quantity (a reference number, a run of digits).
    """
    if not re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", text):
        return None
    whole, _, decimals = text.replace(".", "").partition(",")
    if len(whole.lstrip("0")) > MAX_DIGITS:
        return None
    if decimals.strip("0"):
        return float(f"{whole}.{decimals}")
    return int(whole)


def parse_number_word(text: str) -> int | None:
    """A written Dutch cardinal ("acht", "vijfentwintig", "tweehonderdduizend") or None.

    "een" alone is the article, not a number; vague plurals ("honderden") are rejected.
    """
    word = text.casefold()
    if not word or word == "een" or len(word) > 80:
        return None
    value = _below_million(word)
    return value if value and value > 0 else None


def _below_million(word: str) -> int | None:
    if "duizend" in word:
        head, _, tail = word.partition("duizend")
        thousands = 1 if head == "" else _below_thousand(head)
        rest = 0 if tail == "" else _below_thousand(tail)
        if thousands is None or rest is None:
            return None
        return thousands * 1000 + rest
    return _below_thousand(word)


def _below_thousand(word: str) -> int | None:
    if "honderd" in word:
        head, _, tail = word.partition("honderd")
        hundreds = 1 if head == "" else _below_hundred(head)
        rest = 0 if tail == "" else _below_hundred(tail)
        if hundreds is None or rest is None or hundreds > 9:
            return None
        return hundreds * 100 + rest
    return _below_hundred(word)


def _below_hundred(word: str) -> int | None:
    words = _words()
    if word in words.units:
        return words.units[word]
    if word in words.teens:
        return words.teens[word]
    if word in words.tens:
        return words.tens[word]
    # "vijfentwintig", "eenentwintig", "drieëntwintig": unit + (ë)en + tens
    for ten_word, ten in words.tens.items():
        if word.endswith(ten_word):
            head = word[: -len(ten_word)]
            for joiner in ("ën", "en"):
                if head.endswith(joiner) and head[: -len(joiner)] in words.units:
                    return words.units[head[: -len(joiner)]] + ten
    return None


@cache
def _reference_before() -> re.Pattern[str]:
    """Text ending in a reference word (+ earlier numbers): "punt 2 en ", "nr. ", "artikel "."""
    refs = lexicon("words.yaml").strings("number_reference")
    alternatives = "|".join(re.escape(r) for r in sorted(refs, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})\s*(?:\d+[a-z]?\s*(?:,|en|t/m|tot|-|–)?\s*)*$", re.IGNORECASE)


def is_reference(before: str) -> bool:
    """True when the text just before a number makes it a reference ("punt 2", "nr. 2939")."""
    return bool(_reference_before().search(before[-40:]))


def resolve(  # noqa: C901 - one case per way Dutch writes an amount, in the order they are tried
    groups: Mapping[str, str | None], before: str = "") -> AmountValue | None:
    """The value of one quantity match, from its named groups; None when it is not a quantity.

    before: the text preceding the match, to drop numbers that are references, not quantities.
    """
    if before and is_reference(before):
        return None
    if any(re.fullmatch(r"0\d+", groups.get(key) or "") for key in ("number", "number2")):
        return None  # "070", "0612": telephone numbers and codes, not quantities
    words = _words()
    number = groups.get("number")
    word = groups.get("word")
    if groups.get("ratio_den"):
        return _ratio(groups)
    if groups.get("one") and groups.get("fraction"):
        value: int | float | None = 1
        rule = "words"
    elif groups.get("half"):
        value = _half(groups["half"] or "")
        rule = "half"
    elif number:
        value = parse_digits(number)
        rule = "digits"
    elif groups.get("scaled_fraction_one"):  # "een kwart miljoen"
        denominator = words.fractions.get((groups["scaled_fraction_one"] or "").casefold())
        value = 1 / denominator if denominator else None
        rule = "words"
    elif word and groups.get("half_suffix"):  # "tweeënhalf": "tweeën" + "half"
        value = _half(word + "half")
        rule = "half"
    elif word and groups.get("and_half"):  # "twee en een half jaar"
        whole = parse_number_word(word)
        value = whole + 0.5 if whole else None
        rule = "half"
    elif word and groups.get("scaled_fraction"):  # "drie kwart miljoen": 3/4 of the scale
        whole = parse_number_word(word)
        denominator = words.fractions.get((groups["scaled_fraction"] or "").casefold())
        value = whole / denominator if whole and denominator else None
        rule = "words"
    elif word:
        value = parse_number_word(word)
        rule = "words"
    else:
        return None
    if value is None:
        return None
    high = _number(groups.get("number2") or groups.get("word2") or "") if (
        groups.get("number2") or groups.get("word2")) else None
    if (groups.get("number2") or groups.get("word2")) and (high is None or high <= value):
        return None  # "3 tot 2" is no range
    scale = groups.get("scale")
    if scale:
        factor = words.scales.get(scale.casefold())
        if factor is None:
            return None
        value = _tidy(value * factor)
        high = _tidy(high * factor) if high is not None else None
    cents = groups.get("cents") or groups.get("cents_and")
    if cents:
        count = _number(cents)
        if count is None or count >= 100:
            return None
        value = _tidy(value + count / 100)
    if groups.get("cent_unit"):
        value = _tidy(value / 100)
    fraction = groups.get("fraction")
    if fraction:
        denominator = words.fractions.get(fraction.casefold())
        if not denominator:
            return None
        value = value / denominator  # "twee derde" -> 2/3; kept unrounded
        if float(value).is_integer():
            value = int(value)
    qualifier = groups.get("qualifier") or (groups.get("between") if high is not None else None)
    qualifier = " ".join(qualifier.casefold().split()) if qualifier else None
    unit: str | None
    raw_unit = groups.get("unit")
    if number and raw_unit and re.fullmatch(r"\d{4}", number) and re.fullmatch(r"[A-Z]{2}", raw_unit):
        return None  # "2514 BH": a postcode
    if groups.get("currency") or groups.get("currency_word") or groups.get("cent_unit"):
        unit = "EUR"
    elif groups.get("percent"):
        unit = "%"
    else:
        unit = raw_unit.casefold() if raw_unit else None
        if unit in words.percentage_points:
            unit = "procentpunt"
    if (word or groups.get("one") or groups.get("half") or groups.get("scaled_fraction_one")) and unit is None \
            and not fraction:
        return None  # a written number must count something: "twee tot negen" is not a quantity
    if (number and unit is None and not qualifier and not scale and _YEAR_LIKE.fullmatch(number)):
        return None  # a bare 2025 is a year, not a quantity
    if high is not None:
        rule = "range"
    if groups.get("sign") or groups.get("minus"):
        value = -value
    elif unit in {"%", "procentpunt"} and before and words.decrease.search(before):
        value, rule = -value, "decrease"  # "een daling van 3 procentpunt"
    return AmountValue(value, unit, qualifier, rule, high)


def _tidy(value: int | float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def _half(text: str) -> float | None:
    """"anderhalf" 1.5, "een half" 0.5, "tweeënhalf" 2.5."""
    words = _words()
    folded = " ".join(text.casefold().split())
    if folded in words.halves:
        return words.halves[folded]
    for joiner in ("ënhalf", "enhalf"):
        if folded.endswith(joiner):
            whole = parse_number_word(folded[: -len(joiner)]) if folded[: -len(joiner)] not in {"een", "één"} else 1
            return whole + 0.5 if whole else None
    return None


def _number(text: str) -> int | float | None:
    if text.casefold() in {"één", "een"}:
        return 1
    return parse_digits(text) if text[:1].isdigit() else parse_number_word(text)


def _ratio(groups: Mapping[str, str | None]) -> AmountValue | None:
    """"1 op de 4 gemeenten" -> 0.25 with unit "gemeenten"."""
    numerator = _number(groups.get("ratio_num") or "")
    denominator = _number(groups.get("ratio_den") or "")
    if not numerator or not denominator or numerator > denominator:
        return None
    qualifier = groups.get("qualifier")
    unit = groups.get("unit")
    return AmountValue(numerator / denominator, unit.casefold() if unit else None,
                       " ".join(qualifier.casefold().split()) if qualifier else None, "ratio")


def normalize_amount(text: str) -> AmountValue | None:
    """The value of the first quantity in text (earliest, then longest), or None. Never raises."""
    best: tuple[int, int, AmountValue] | None = None
    for rule in shipped_rules("amounts.yaml").rules:
        for match in rule.finditer(text):
            value = resolve(match.groupdict(), text[: match.start()])
            if value is None:
                continue
            start, end = rule.span_of(match)
            if best is None or (start, -(end - start)) < (best[0], -best[1]):
                best = (start, end - start, value)
            break
    return best[2] if best else None
