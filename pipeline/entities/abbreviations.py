"""Abbreviations a letter defines itself: "Knooppunt Coördinatie en Informatie Oekraïne (KCIO)".

A name followed by an abbreviation in brackets gives two entities with one canonical (the
annotation guide: "Landelijke Regietafel Migratie en Integratie" and "LRT"), and every other use
of that abbreviation in the letter is the same entity - also when neither is in a lexicon.

Finding the long form: the algorithm of Schwartz & Hearst (2003): the abbreviation's letters are
matched right to left against the words before the bracket, the first letter at the start of a
word. The label comes from the long form:
  an entity the rules found with exactly that span      its label
  the abbreviation, when it is itself a known name                                its label
  a law word (Wet ..., ...wet, ...richtlijn, ...verordening, ...pact, ...verdrag)   WET
  a register, facility, scheme or document word (...registratie, ...voorziening,
    ...locatie, ...kader, ...regeling, ...agenda ...: BRP, LVV, VBL, BAK)           nothing
  a body word (...raad, ...dienst, Overleg, Knooppunt, Planbureau, Regietafel ...)  ORG
  any other name with every content word capitalised ("Landelijk Informatiepunt
    Statushouders (LIS)")                                                          ORG
  otherwise                                                                         nothing
(lists in lexicons/words.yaml)
Canonical: the lexicon's for the long form or the abbreviation; else for ORG the abbreviation (the
guide's "usual abbreviation") and for WET the long form (the law's full name).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.entities.data import lexicon
from pipeline.entities.extensions import Candidate
from pipeline.entities.normalize.names import NameTables

# "(KCIO)", "(DT&V)", "(PRT’s)", "(Wmo 2015)"
_BRACKETED = re.compile(r"\((?P<abbr>[A-Z][A-Za-z&]{1,7}(?:\s(?:19|20)\d\d)?)(?P<possessive>[’']s)?\)")
_SENTENCE_BREAK = re.compile(r"[.;:!?()\[\]]\s|[()\[\];]")
USER_DATA_KEY = "vng_abbreviations"


@dataclass(frozen=True)
class Definition:
    abbreviation: str  # as written inside the brackets, without a possessive "’s"
    label: str
    canonical: str


@cache
def _heads() -> dict[str, tuple[str, ...]]:
    words = lexicon("words.yaml")
    return {key: tuple(w.casefold() for w in words.strings(key))
            for key in ("law_first_words", "law_heads", "org_heads", "not_org_heads", "name_function_words")}


def is_abbreviation(text: str) -> bool:
    """"KCIO", "DT&V", "Wmo", "PBL": at least two capitals, or a capital and at most 4 letters."""
    letters = [c for c in text if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return 2 <= len(letters) <= 8 and (capitals >= 2 or len(letters) <= 4)


def long_form_start(abbreviation: str, before: str) -> int | None:
    """Where the long form of abbreviation starts in `before` (the text up to the bracket), or None.

    Schwartz & Hearst: each letter of the abbreviation, right to left, is found in the text right
    to left; the first letter must begin a word. The long form may not be longer than
    min(n + 5, 2n) words for an abbreviation of n letters.
    """
    letters = [c.casefold() for c in abbreviation if c.isalnum() and not c.isdigit()]
    if not letters:
        return None
    words = list(re.finditer(r"\S+", before))
    limit = min(len(letters) + 5, 2 * len(letters))
    if not words:
        return None
    window_start = words[max(0, len(words) - limit)].start()
    text = before[window_start:].casefold()
    s, i = len(letters) - 1, len(text) - 1
    while s >= 0:
        char = letters[s]
        while i >= 0 and (text[i] != char or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = text.rfind(" ", 0, i + 2) + 1
    return window_start + start


_ADJECTIVE_ENDS = ("e", "lijk", "aal", "eel", "isch", "ief", "ig")


def _label(long_form: str) -> str | None:
    heads = _heads()
    written = long_form.split()
    words = [w.casefold().strip(",") for w in written]
    if not words:
        return None
    if words[0] in heads["law_first_words"] or any(w.endswith(heads["law_heads"]) for w in words):
        return "WET"
    # The head noun is the first word that is not an adjective or function word:
    # "Landelijk Coördinatiecentrum Opvang Oekraïners" -> coördinatiecentrum.
    head = next((w for w in words if w not in heads["name_function_words"] and not w.endswith(_ADJECTIVE_ENDS)),
                None)
    for word in ([head] if head else []) + words:
        if word.endswith(heads["not_org_heads"]):
            return None  # a register, facility, scheme or document: BRP, LVV, VBL, BAK
        if word.endswith(heads["org_heads"]):
            return "ORG"
    # an unknown name written as a proper name, every content word capitalised:
    # "Landelijk Informatiepunt Statushouders (LIS)"
    if all(w[:1].isupper() or w.casefold() in heads["name_function_words"] for w in written):
        return "ORG"
    return None


def find_definitions(text: str, candidates: Sequence[Candidate], names: NameTables
                     ) -> tuple[list[Candidate], list[Definition]]:
    """The candidates with each definition's long form and abbreviation made entities, and the
    definitions. A long form replaces the entities inside it; one that cuts through a larger
    entity is left alone."""
    chosen = list(candidates)
    definitions: list[Definition] = []
    for match in _BRACKETED.finditer(text):
        abbreviation = match.group("abbr")
        letters = abbreviation.split()[0]
        if not is_abbreviation(letters):
            continue
        before = text[: match.start()].rstrip()
        end = len(before)
        breaks = list(_SENTENCE_BREAK.finditer(before))
        floor = breaks[-1].end() if breaks else 0
        found = long_form_start(letters, before[floor:])
        start = None if found is None else found + floor
        # A name the rules found right before the bracket is the long form when it is at least as
        # long, also when the letters do not spell it ("Raad van Europese Gemeenten en Regio's (CEMR)").
        named = [c for c in chosen if c.end == end and c.label in ("ORG", "WET", "LOCATIE")]
        if named and (start is None or min(c.start for c in named) <= start) and (
                start is not None or sum(ch.isupper() for ch in letters) >= 2):
            start = min(c.start for c in named)
        if start is None:
            continue
        long_form = text[start:end]
        if not long_form[:1].isupper() or len(long_form.split()) < 2:
            continue  # a name of one word is not a definition ("Nidos (NIDOS)")
        exact = next((c for c in chosen if c.start == start and c.end == end), None)
        known = [c for c in chosen if (c.start, c.end) == (match.start("abbr"), match.end("abbr"))]
        if exact and exact.label in ("ORG", "WET", "LOCATIE"):
            label: str | None = exact.label
        elif known and known[0].label in ("ORG", "WET", "LOCATIE"):
            label = known[0].label  # the abbreviation itself is a known name: "Verenigde Staten (VS)"
        else:
            label = _label(long_form)
        if label is None:
            continue
        if label == "ORG" and exact is None:
            # a capitalised adjective before the spelled-out part belongs to the name:
            # "Europees Comité van de Regio's (CvdR)"
            adjective = _ADJECTIVE_BEFORE.search(text, floor, start)
            if adjective:
                start = adjective.start(1)
                long_form = text[start:end]
        if any(c.start < start < c.end or c.start < end < c.end for c in chosen):
            continue  # the long form cuts through a longer entity ("... Uitvoeringswet X (...)")
        canonical = _canonical(label, long_form, abbreviation, names, exact)
        abbr_start = match.start("abbr")
        abbr_end = match.end("possessive") if match.group("possessive") else match.end("abbr")
        inside = [c for c in chosen if start <= c.start and c.end <= end]
        at_abbr = [c for c in chosen if c.start < abbr_end and abbr_start < c.end]
        if any(c.label not in (label, "AANTAL", "DATUM") for c in at_abbr):
            continue
        chosen = [c for c in chosen if c not in inside and c not in at_abbr]
        chosen.append(Candidate(start, end, label, canonical, exact.rule if exact else "abbreviation_long", 3))
        chosen.append(Candidate(abbr_start, abbr_end, label, canonical, "abbreviation", 3))
        definitions.append(Definition(abbreviation, label, canonical))
    chosen.sort(key=lambda c: c.start)
    return chosen, definitions


# A capitalised adjective ending right where a long form starts: "Europees ", "Nationale ".
_ADJECTIVE_BEFORE = re.compile(
    r"(?<![\w-])(?!(?:Deze|Die|Onze|Uwe|Alle|Elke|Iedere|Andere|Beide|Welke|Vorige|Genoemde|Zelfde|Diverse|Enkele)\s)"
    r"([A-Z][a-zà-ÿ]+(?:e|ees|aal|eel|lijk|isch))\s+$")


def _canonical(label: str, long_form: str, abbreviation: str, names: NameTables, exact: Candidate | None) -> str:
    aliases = names.aliases.get(label, {})
    for form in (long_form, abbreviation):
        key = " ".join(form.split()).casefold()
        if key in aliases:
            return aliases[key]
    if exact is not None and exact.canonical and exact.canonical != " ".join(long_form.split()):
        return exact.canonical
    return abbreviation if label == "ORG" else " ".join(long_form.split())


def mentions(text: str, definitions: Iterable[Definition], taken: Sequence[tuple[int, int]]) -> list[Candidate]:
    """Uses of defined abbreviations in text that no entity covers yet ("de KCIO", "het PBL’s")."""
    out: list[Candidate] = []
    spans = list(taken)
    seen: set[str] = set()
    for definition in definitions:
        if definition.abbreviation in seen:
            continue
        seen.add(definition.abbreviation)
        pattern = r"(?<![\w&-])" + re.escape(definition.abbreviation) + r"(?:[’']s)?(?![\w&-])"
        for match in re.finditer(pattern, text):
            start, end = match.span()
            if any(a < end and start < b for a, b in spans):
                continue
            spans.append((start, end))
            out.append(Candidate(start, end, definition.label, definition.canonical, "abbreviation", 3))
    return out


def merge_definitions(groups: Iterable[Iterable[Definition]]) -> list[Definition]:
    """The letter's definitions in order; the first definition of an abbreviation wins."""
    out: dict[str, Definition] = {}
    for group in groups:
        for definition in group:
            out.setdefault(definition.abbreviation, definition)
    return list(out.values())


__all__ = [
    "USER_DATA_KEY",
    "Definition",
    "find_definitions",
    "is_abbreviation",
    "long_form_start",
    "mentions",
    "merge_definitions",
]
