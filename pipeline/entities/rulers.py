"""The rule components. Each proposes Candidates; vng_merge chooses among them.

vng_entity_ruler  gazetteers (lexicons/orgs|places|laws.yaml) through a PhraseMatcher, and
                  spaCy token patterns (patterns/*.jsonl) through a Matcher; also a hyphenated
                  pair of known places ("Budel-Cranendonck") and a known body + "Nederland"
                  ("Vluchtelingenwerk Nederland")
vng_laws, vng_ministers, vng_orgs, vng_persons
                  regex rule sets (patterns/<name>.yaml) whose canonical comes from a template
vng_dates         date rules; values resolved against Doc._.letter_date
vng_amounts       quantity rules; values, units and qualifiers read from the match
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import cast

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from pipeline.entities.data import Gazetteer, LeaveOut, TokenPattern, as_leave_out, gazetteer, token_patterns
from pipeline.entities.extensions import Candidate, add_candidates, doc_text, register_extensions
from pipeline.entities.normalize import amounts as amount_values
from pipeline.entities.normalize import dates as date_values
from pipeline.entities.normalize.names import name_tables
from pipeline.entities.rules import RegexRule, RuleSet, shipped_rules

CANDIDATES = "doc._.vng_candidates"
LEXICON_PRIORITY = 3
_ACRONYM = re.compile(r"[A-Z][A-Z&]+")


class EntityRuler:
    """Known names from the gazetteers (exact, case-sensitive) plus JSONL token patterns."""

    def __init__(self, nlp: Language, name: str, gazetteers: Sequence[str], patterns: Sequence[str],
                 leave: LeaveOut = ()) -> None:
        self.name = name
        self.names = name_tables(leave)
        self.gazetteers: list[Gazetteer] = [gazetteer(file, leave) for file in gazetteers]
        split_acronym_full_stops(nlp, [e.surface for table in self.gazetteers for e in table.entries])
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        # match key -> (label, canonical, needs_context, context_before)
        self.entries: dict[int, tuple[str, str, bool, frozenset[str]]] = {}
        for table in self.gazetteers:
            by_key: dict[tuple[str, str, bool], list[str]] = {}
            for entry in table.matchable():
                needs = entry.surface in table.needs_context
                for surface in _variants(entry.surface):
                    by_key.setdefault((table.label, entry.canonical, needs), []).append(surface)
            for (label, canonical, needs), surfaces in by_key.items():
                key = nlp.vocab.strings.add(f"{label}|{canonical}|{int(needs)}")
                self.entries[key] = (label, canonical, needs, table.context_before)
                self.phrases.add(nlp.vocab.strings[key], list(cast(Tokenizer, nlp.tokenizer).pipe(surfaces)))
        # One-word place names, for hyphenated pairs such as "Budel-Cranendonck" (both known places).
        self.place_words: frozenset[str] = frozenset(
            e.surface for table in self.gazetteers if table.label == "LOCATIE" for e in table.matchable()
            if " " not in e.surface and e.surface not in table.needs_context)
        self.matcher = Matcher(nlp.vocab)
        self.token_rules: dict[int, TokenPattern] = {}
        triggers: set[str] | None = set()  # words one of which every token pattern needs first
        for file in patterns:
            for rule in token_patterns(file):
                key = nlp.vocab.strings.add(f"{file}:{rule.line}")
                self.token_rules[key] = rule
                if isinstance(rule.pattern, str):
                    self.phrases.add(nlp.vocab.strings[key], [nlp.make_doc(rule.pattern)])
                else:
                    self.matcher.add(nlp.vocab.strings[key], [rule.pattern], greedy="LONGEST")
                    first = _first_token_words(rule.pattern)
                    triggers = None if first is None or triggers is None else triggers | first
        # The Matcher checks every token; skip it for texts without any of its first words.
        self.matcher_triggers = None if triggers is None else tuple(sorted(triggers))

    def __call__(self, doc: Doc) -> Doc:
        found: list[Candidate] = []
        matches = list(self.phrases(doc))
        if len(self.matcher):
            folded = doc_text(doc).casefold()
            if self.matcher_triggers is None or any(word in folded for word in self.matcher_triggers):
                matches.extend(self.matcher(doc))
        for key, start, end in matches:
            span = doc[start:end]
            if key in self.entries:
                label, canonical, needs, context = self.entries[key]
                if needs and (start == 0 or doc[start - 1].text not in context):
                    continue
                found.append(Candidate(span.start_char, span.end_char, label, canonical, "lexicon",
                                       LEXICON_PRIORITY))
                if label == "ORG" and end < len(doc) and doc[end].text == "Nederland" and not span.text.endswith(
                        "Nederland"):
                    # the Dutch branch or umbrella of a known body: "Vluchtelingenwerk Nederland"
                    whole = doc[start:end + 1]
                    found.append(Candidate(whole.start_char, whole.end_char, "ORG",
                                           self.names.canonical("ORG", whole.text), "lexicon_nederland",
                                           LEXICON_PRIORITY))
            else:
                rule = self.token_rules[key]
                canonical = rule.id or self.names.canonical(rule.label, span.text)
                found.append(Candidate(span.start_char, span.end_char, rule.label, canonical,
                                       f"pattern:{rule.line}", LEXICON_PRIORITY - 1))
        found.extend(self._place_pairs(doc))
        add_candidates(doc, found)
        return doc

    def _place_pairs(self, doc: Doc) -> Iterator[Candidate]:
        """"Budel-Cranendonck", "Groningen-Drenthe": a hyphenated token made of known place names."""
        text = doc_text(doc)
        if not self.place_words or "-" not in text:
            return
        # token offsets from one array: a Token object per token cost more than the check itself
        for start, length in doc.to_array([IDX, LENGTH]).tolist():
            word = text[start:start + length]
            if "-" not in word or word in self.place_words:
                continue
            parts = word.split("-")
            if len(parts) >= 2 and all(part in self.place_words for part in parts):
                yield Candidate(start, start + length, "LOCATIE", word, "place_pair", LEXICON_PRIORITY - 1)


def _first_token_words(pattern: list[dict[str, object]]) -> set[str] | None:
    """The casefolded words the first token of a pattern must be, or None when it is not fixed."""
    if not pattern:
        return None
    first = pattern[0]
    if first.get("OP") in {"?", "*", "!"}:
        return None
    for attr in ("ORTH", "TEXT", "LOWER", "NORM"):
        value = first.get(attr)
        if isinstance(value, str):
            return {value.casefold()}
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and set(value) == {"IN"}:
            return {str(word).casefold() for word in value["IN"]}
    return None


def split_acronym_full_stops(nlp: Language, surfaces: Sequence[str]) -> None:
    """Make "IND." two tokens at the end of a sentence, as "COA." already is.

    Dutch tokenizer exceptions keep some capitalised abbreviations with their full stop ("IND.",
    "DT&V."), which would hide the acronym from the phrase matcher.
    """
    for surface in surfaces:
        if _ACRONYM.fullmatch(surface) and len(nlp.tokenizer(surface + ".")) == 1:
            cast(Tokenizer, nlp.tokenizer).add_special_case(surface + ".", [{"ORTH": surface}, {"ORTH": "."}])


def _variants(surface: str) -> Iterator[str]:
    """The surface, and for acronyms the possessive/plural forms: PRT’s, PRT's."""
    yield surface
    if _ACRONYM.fullmatch(surface):
        yield surface + "’s"
        yield surface + "'s"


class RegexRuler:
    """Candidates from one regex rule set; subclasses say how a match becomes a Candidate."""

    def __init__(self, name: str, rules: RuleSet, leave: LeaveOut = ()) -> None:
        self.name = name
        self.rules = rules
        self.names = name_tables(leave)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        folded = text.casefold()
        found: list[Candidate] = []
        for rule in self.rules.applicable(folded):  # cheap pre-check: a rule cannot match without its needed words
            for match in rule.finditer(text):
                start, end = rule.span_of(match)
                if end <= start or text[start:end].casefold() in rule.exclude:
                    continue
                candidate = self.candidate(doc, text, rule, match, start, end)
                if candidate is not None:
                    found.append(candidate)
        add_candidates(doc, found)
        return doc

    def candidate(self, doc: Doc, text: str, rule: RegexRule, match: re.Match[str], start: int, end: int
                  ) -> Candidate | None:
        canonical = self.names.canonical(rule.label, rule.render(match, self.names.filters))
        return Candidate(start, end, rule.label, canonical, rule.name, rule.priority)


class DateRuler(RegexRuler):
    def candidate(self, doc: Doc, text: str, rule: RegexRule, match: re.Match[str], start: int, end: int
                  ) -> Candidate | None:
        groups = match.groupdict()
        value = date_values.resolve(groups, date_values.parse_letter_date(doc._.letter_date))
        if value is None:
            return None
        rule_name = value.rule
        if value.anchor and doc._.letter_window:
            # the letter date is uncertain: say so when its window's two ends give different years
            ends = [date_values.resolve(groups, date_values.parse_letter_date(end))
                    for end in doc._.letter_window.split("/")]
            if any(e is not None and e.iso and value.iso and e.iso[:4] != value.iso[:4] for e in ends):
                rule_name = f"{value.rule}+window_spans_year"
        canonical = value.iso or " ".join(text[start:end].split())
        return Candidate(start, end, "DATUM", canonical, rule_name, rule.priority, iso=value.iso,
                         anchor=value.anchor)


class AmountRuler(RegexRuler):
    def candidate(self, doc: Doc, text: str, rule: RegexRule, match: re.Match[str], start: int, end: int
                  ) -> Candidate | None:
        if not text[: match.start()].strip() and text[end: end + 1] in {".", ")"}:
            return None  # a list number at the start of a passage: "1. Zorgen over ..."
        value = amount_values.resolve(match.groupdict(), text[max(0, match.start() - 40): match.start()])
        if value is None:
            return None
        return Candidate(start, end, "AANTAL", _number_text(value.value), value.rule, rule.priority,
                         value=value.value, unit=value.unit, qualifier=value.qualifier, high=value.high)


def _number_text(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# Every component that reads the name lexicons takes `leave_out` (lexicon file -> surface forms) as
# config: leave-one-letter-out evaluation builds its pipelines with reduced lexicons this way.
NO_LEAVE_OUT: dict[str, list[str]] = {}


# ------------------------------------------------------------------------- factories

@Language.factory("vng_entity_ruler", assigns=[CANDIDATES],
                  default_config={"gazetteers": ["orgs.yaml", "places.yaml", "laws.yaml"],
                                  "patterns": ["entity_ruler.jsonl"], "leave_out": NO_LEAVE_OUT})
def make_entity_ruler(nlp: Language, name: str, gazetteers: list[str], patterns: list[str],
                      leave_out: dict[str, list[str]]) -> EntityRuler:
    register_extensions()
    return EntityRuler(nlp, name, gazetteers, patterns, as_leave_out(leave_out))


@Language.factory("vng_regex_ruler", assigns=[CANDIDATES], default_config={"leave_out": NO_LEAVE_OUT})
def make_regex_ruler(nlp: Language, name: str, rules: str, leave_out: dict[str, list[str]]) -> RegexRuler:
    """One regex rule set (patterns/<rules>), e.g. nlp.add_pipe("vng_regex_ruler", name="vng_laws",
    config={"rules": "laws.yaml"})."""
    register_extensions()
    leave = as_leave_out(leave_out)
    return RegexRuler(name, shipped_rules(rules, leave), leave)


@Language.factory("vng_dates", assigns=[CANDIDATES], default_config={"rules": "dates.yaml", "leave_out": NO_LEAVE_OUT})
def make_dates(nlp: Language, name: str, rules: str, leave_out: dict[str, list[str]]) -> DateRuler:
    register_extensions()
    leave = as_leave_out(leave_out)
    return DateRuler(name, shipped_rules(rules, leave), leave)


@Language.factory("vng_amounts", assigns=[CANDIDATES],
                  default_config={"rules": "amounts.yaml", "leave_out": NO_LEAVE_OUT})
def make_amounts(nlp: Language, name: str, rules: str, leave_out: dict[str, list[str]]) -> AmountRuler:
    register_extensions()
    leave = as_leave_out(leave_out)
    return AmountRuler(name, shipped_rules(rules, leave), leave)
