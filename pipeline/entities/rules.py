"""Regex rule sets (patterns/*.yaml) and the placeholders they are written with.

A rule set file::

    label: WET
    rules:
      - name: wet_compound          # recorded as Entity.rule
        priority: 2                 # wins ties between overlapping candidates of equal length
        regex: '(?P<span>...)'      # Python regex; group 'span' (or the whole match) is the entity
        verbose: false              # compile with re.VERBOSE
        canonical: '{span|cap}'     # optional template over named groups, with an optional filter
        exclude: [...]              # optional span texts (case-insensitive) that are never entities
        needs: [...]                # optional: skip the rule unless the text contains one of these
                                    # (case-insensitive substrings; a speed-up, never a filter)

``<<NAME>>`` in a regex is replaced before compiling: character classes (L, LC, UP, LOW, CW) and
alternations built from the lexicons (MONTH, QUALIFIER, PORTFOLIO, ...); see `placeholders()`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources.abc import Traversable
from pathlib import Path

from pipeline.datafiles import LineDict
from pipeline.entities.data import LeaveOut, LineList, YamlFile, gazetteer, left_out, lexicon, load_yaml, resource
from pipeline.regex_cache import compile_pattern
from pipeline.types import ENTITY_LABELS

# Character classes. LC is the inside of a class (letters of both cases), for building others.
LC = "a-zA-ZÀ-ÖØ-öø-ÿĀ-ſ"
UP = "[A-ZÀ-ÖØ-Þ]"
LOW = "[a-zß-öø-ÿ]"
L = f"[{LC}]"
CW = f"{UP}[{LC}'’]*(?:-[{LC}]+)*"  # a capitalised word, hyphenated parts allowed

# Filters a canonical template may use: "{name|cap}". Implemented in normalize.names.FILTERS.
TEMPLATE_FILTERS: tuple[str, ...] = ("cap", "lower", "portfolio", "role")

_PLACEHOLDER = re.compile(r"<<([A-Z_]+)>>")

_TEMPLATE = re.compile(r"\{(\w+)(?:\|(\w+))?\}")


def alternation(words: Iterable[str], *, capitalised_too: bool = False) -> str:
    """A non-capturing group matching any of words, longest first; spaces match any whitespace."""
    forms = set()
    for word in words:
        forms.add(word)
        if capitalised_too and word[:1].islower():
            forms.add(word[:1].upper() + word[1:])
    ordered = sorted(forms, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _number_word_regex() -> str:
    file = lexicon("numbers.yaml")
    parts = [*file.string_map("units", value_kind=int), *file.string_map("teens", value_kind=int),
             *file.string_map("tens", value_kind=int), "honderd", "duizend", "en", "ën"]
    # never just the conjunction or the article: "en vijfentwintig" must reach "vijfentwintig"
    return "(?![Ee]en?(?![\\w-]))(?![Ee]n)(?:" + alternation(parts, capitalised_too=True) + ")+"


def _number_word_start() -> str:
    file = lexicon("numbers.yaml")
    words = [*file.string_map("units", value_kind=int), *file.string_map("teens", value_kind=int),
             *file.string_map("tens", value_kind=int), "honderd", "duizend"]
    letters = sorted({w[0] for w in words} | {w[0].upper() for w in words})
    return "[" + "".join(re.escape(c) for c in letters) + "]"


@cache
def placeholders(leave: LeaveOut = ()) -> dict[str, str]:
    """Every <<NAME>> a rule may use, built once from the lexicons (less what `leave` leaves out)."""
    calendar = lexicon("calendar.yaml")
    numbers = lexicon("numbers.yaml")
    words = lexicon("words.yaml")
    persons = lexicon("persons.yaml")
    portfolios = lexicon("portfolios.yaml").string_map("portfolios", value_kind=list)
    dropped = left_out(leave, "portfolios.yaml")
    portfolio_names = [name for name, variants in portfolios.items() for name in (name, *variants)
                       if name not in dropped]
    prefixes = persons.strings("prefixes")
    generic_portfolio = f"{CW}(?:\\s{CW})?(?:(?:,\\s|\\s(?:en|&)\\s){CW}(?:\\s{CW})?)*"
    modifiers = alternation(words.strings("modifiers"))
    return {
        "LC": LC, "UP": UP, "LOW": LOW, "L": L, "CW": CW,
        "MONTH": alternation(calendar.string_map("months", value_kind=int), capitalised_too=True),
        "MONTH_ABBR": alternation(calendar.string_map("month_abbreviations", value_kind=int), capitalised_too=True),
        "WEEKDAY": alternation(calendar.strings("weekdays"), capitalised_too=True),
        "PAST": alternation(calendar.strings("past_markers")),
        "RELATIVE": alternation(calendar.string_map("relative_words", value_kind=int), capitalised_too=True),
        "OFFSET_UNIT": alternation(calendar.strings("offset_units")),
        "RELATIVE_DAY": alternation(calendar.string_map("relative_days", value_kind=int), capitalised_too=True),
        "NUMBER_OR_ONE": f"(?:\\d{{1,3}}|[Ee]en|[Éé]én|{_number_word_regex()})",
        "FUTURE": alternation(calendar.strings("future_markers")),
        "PERIOD": alternation(calendar.strings("period_words"), capitalised_too=True),
        "SEASON": alternation(calendar.strings("seasons"), capitalised_too=True),
        "ORDINAL": alternation(calendar.strings("ordinals"), capitalised_too=True),
        "YEAR_PART": alternation(calendar.strings("year_parts")),
        "DATE_CTX": alternation(calendar.strings("date_context"), capitalised_too=True),
        "QUALIFIER": alternation(numbers.strings("qualifiers"), capitalised_too=True),
        "SCALE": alternation(numbers.string_map("scales", value_kind=int)),
        "CURRENCY": alternation(numbers.strings("currency_symbols")),
        "CURRENCY_WORD": alternation(numbers.strings("currency_words")),
        "PERCENT": alternation(numbers.strings("percent_words")),
        "NUMWORD": _number_word_regex(),
        # the first letters number words can start with: a cheap test before the long alternation
        "NUMWORD_START": _number_word_start(),
        "UNIT_STOP": alternation(words.strings("unit_stop"), capitalised_too=True),
        # "ge...en" is not a modifier shape: it is as often a plural noun ("96 gemeenten blijkt");
        # strong participles used as adjectives are listed in words.yaml instead ("gesloten")
        "MODIFIER": f"(?:{L}{{2,}}e|ge{L}+(?:d|t)|aange{L}+|{modifiers})",
        # the listed modifiers may stand before a noun even when they are also unit_stop words
        # ("45 extra fte"), as long as a noun follows
        "MODIFIER_WORD": f"{modifiers}(?![\\w-])",
        "ADJECTIVE_END": alternation(words.strings("adjective_endings")),
        "FRACTION": alternation(numbers.string_map("fractions", value_kind=int)) + "(?![\\w-])",
        "TITLE_STOP": alternation(words.strings("title_stop")),
        "PORTFOLIO": alternation(portfolio_names),
        "GENERIC_PORTFOLIO": generic_portfolio,
        "TITLE": alternation(persons.strings("titles")),
        "ROLE": alternation(persons.strings("roles")),
        "TUSSEN": alternation(prefixes),
        "TUSSEN_CAP": alternation(p[:1].upper() + p[1:] for p in prefixes),
        "NOT_SURNAME": alternation(persons.strings("not_surnames")),
        "INITIALS": r"(?:(?:[A-Z]|Th|Chr|Ph|IJ)\.){1,5}",
        # a capitalised given name that is followed by more of the name (not a sentence word)
        # ("burgemeester Femke de Vries"; not "burgemeester Wolters van Westerwolde", a place)
        "GIVEN_NAME": f"(?!{alternation(persons.strings('not_surnames'))}(?![\\w-])){UP}{LOW}+(?:-{UP}{LOW}+)?"
                      f"(?=\\s(?:{alternation(prefixes)}\\s(?!{_place_names(leave)}(?![\\w-])))?{UP}{LOW})",
        # capitalised words that make the name before them part of an organisation's name
        "ORG_WORD": alternation(persons.strings("org_words")) + "(?![\\w-])",
        "DETERMINER": alternation(["De", "Het", "Een", "Deze", "Die", "Dit", "Elke", "Iedere", "Onze", "Uw",
                                   "Welke", "Beide", "Andere", "Vorige", "Genoemde", "Zelfde", "Alle"]),
    }


def _place_names(leave: LeaveOut) -> str:
    return alternation(entry.surface for entry in gazetteer("places.yaml", leave).entries)


@cache
def placeholder_words() -> dict[str, tuple[str, ...]]:
    """The word lists behind the lexicon placeholders, for a rule's `needs`."""
    calendar = lexicon("calendar.yaml")
    persons = lexicon("persons.yaml")
    return {
        "WEEKDAY": calendar.strings("weekdays"),
        "MONTH": tuple(calendar.string_map("months", value_kind=int)),
        "MONTH_ABBR": tuple(calendar.string_map("month_abbreviations", value_kind=int)),
        "PERIOD": calendar.strings("period_words"),
        "SEASON": calendar.strings("seasons"),
        "YEAR_PART": calendar.strings("year_parts"),
        "TITLE": persons.strings("titles"),
        "ROLE": persons.strings("roles"),
        "DIGIT": tuple("0123456789"),
    }


def expand(regex: str, where: Callable[[str], Exception], leave: LeaveOut = ()) -> str:
    table = placeholders(leave)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in table:
            raise where(f"unknown placeholder <<{name}>>; known: {', '.join(sorted(table))}")
        return table[name]

    return _PLACEHOLDER.sub(replace, regex)


@dataclass(frozen=True)
class RegexRule:
    name: str
    label: str
    regex: re.Pattern[str]
    priority: int
    canonical: str | None
    exclude: frozenset[str]
    line: int
    needs: tuple[str, ...] = ()  # casefolded substrings, one of which the text must contain

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text)

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return match.span("span") if "span" in self.regex.groupindex else match.span()

    def render(self, match: re.Match[str], filters: Mapping[str, Callable[[str], str]]) -> str:
        """The canonical template filled from the match's named groups."""
        template = self.canonical or "{span}"

        def fill(found: re.Match[str]) -> str:
            group, filter_name = found.group(1), found.group(2)
            value = match.group(0) if group == "span" and "span" not in self.regex.groupindex else match.group(group) or ""
            value = " ".join(value.split())
            return filters[filter_name](value) if filter_name else value

        return " ".join(_TEMPLATE.sub(fill, template).split())


@dataclass(frozen=True)
class RuleSet:
    label: str
    rules: tuple[RegexRule, ...]
    source: str

    @cached_property
    def needed_words(self) -> tuple[str, ...]:
        """Every word some rule `needs`, once (rules share most of them: the month names, digits)."""
        return tuple(sorted({word for rule in self.rules for word in rule.needs}))

    def applicable(self, folded: str, words: Iterable[str] | None = None) -> list[RegexRule]:
        """The rules that can match a casefolded text: those without `needs`, and those with one of their
        words in it. Each word is looked for once, not once per rule that needs it; `words`: only these
        can be present (those found in a text the given one is part of)."""
        present = {word for word in (self.needed_words if words is None else words) if word in folded}
        return [rule for rule in self.rules if not rule.needs or not present.isdisjoint(rule.needs)]


def parse_rules(file: YamlFile, filters: Iterable[str] = TEMPLATE_FILTERS, leave: LeaveOut = ()) -> RuleSet:
    """Validate and compile a rule set; filters are the template filter names allowed."""
    allowed_filters = set(filters)
    label = file.get("label", str)
    if label not in ENTITY_LABELS:
        raise file.error(file.line_of("label"), f"unknown label {label!r}")
    rules_data = file.get("rules", list)
    if not rules_data:
        raise file.error(file.line_of("rules"), "'rules' is empty")
    rules: list[RegexRule] = []
    names: set[str] = set()
    for index, item in enumerate(rules_data):
        line = rules_data.item_lines[index] if isinstance(rules_data, LineList) else rules_data.line
        if not isinstance(item, LineDict):  # the loader makes every mapping a LineDict
            raise file.error(line, "each rule must be a mapping")
        unknown = set(item) - {"name", "regex", "priority", "canonical", "exclude", "verbose", "needs"}
        if unknown:
            raise file.error(line, f"unknown keys {sorted(unknown)}")
        name = file.get("name", str, within=item)
        if name in names:
            raise file.error(line, f"duplicate rule name {name!r}")
        names.add(name)
        raw = file.get("regex", str, within=item)
        priority = file.get("priority", int, within=item, required=False, default=1)
        verbose = file.get("verbose", bool, within=item, required=False, default=False)
        canonical = file.get("canonical", str, within=item, required=False)
        exclude = file.strings("exclude", within=item, required=False)
        needs_words: list[str] = []
        for word in file.strings("needs", within=item, required=False):
            found = _PLACEHOLDER.fullmatch(word)
            if found and found.group(1) not in placeholder_words():
                raise file.error(line, f"rule {name!r}: needs uses unknown <<{found.group(1)}>>; known: "
                                       f"{', '.join(sorted(placeholder_words()))}")
            needs_words.extend(placeholder_words()[found.group(1)] if found else [word])
        needs = tuple(sorted({word.casefold() for word in needs_words}))

        def error(what: str, line: int = line, name: str = name) -> Exception:
            return file.error(line, f"rule {name!r}: {what}")

        try:
            compiled = compile_pattern(expand(raw, error, leave), re.VERBOSE if verbose else 0)
        except re.error as err:
            raise error(f"the regex does not compile: {err}") from err
        if canonical:
            for group, filter_name in _TEMPLATE.findall(canonical):
                if group != "span" and group not in compiled.groupindex:
                    raise error(f"the canonical template uses {{{group}}}, which the regex does not define")
                if filter_name and filter_name not in allowed_filters:
                    raise error(f"unknown filter |{filter_name}; known: {', '.join(sorted(allowed_filters))}")
        rules.append(RegexRule(name, label, compiled, priority, canonical,
                               frozenset(e.casefold() for e in exclude), line, needs))
    return RuleSet(label, tuple(rules), file.name)


def load_rules(source: Traversable | Path, name: str | None = None, leave: LeaveOut = ()) -> RuleSet:
    return parse_rules(load_yaml(source, name), leave=leave)


@cache
def shipped_rules(name: str, leave: LeaveOut = ()) -> RuleSet:
    """A shipped rule set, compiled once per process (per lexicons left out)."""
    return load_rules(resource("patterns", name), f"patterns/{name}", leave)
