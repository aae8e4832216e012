"""The kind of a node phrase no seed names: maatregel, risico or gemeentetaak (issue 19).

Rules on the phrase's head and modifiers, as data (kinds.yaml; the order of the rules is documented
there). The measure heads are not in kinds.yaml: they are the `measure_nouns` and actions of
pipeline/concepts/maatregelen.yaml, read through `load_measures()`, so that the classification
stage's measure matcher and these rules share one definition of a measure.

`kinds_examples.jsonl` holds hand-written fictional phrases with their kind: the check of these rules
(tests/unit/test_relations_kinds.py measures accuracy on a held-out part).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.concepts.measures import MeasureTable, load_measures
from pipeline.datafiles import DataFile, package_file, read_yaml

KINDS_FILE = "kinds.yaml"
EXAMPLES_FILE = "kinds_examples.jsonl"
_LINKING = ("", "s", "en", "e")  # what may join the parts of a Dutch compound: "verblijfs|vergunning"
_MIN_PREFIX = 3
_PLURALS = ("'s", "’s", "en", "s")


@dataclass(frozen=True)
class KindRules:
    risk_heads: frozenset[str]
    task_heads: frozenset[str]
    measure_heads: frozenset[str]
    transparent_heads: frozenset[str]
    risk_modifiers: frozenset[str]

    def head_kind(self, lemma: str, *, verb: bool = False) -> str | None:
        """The kind a head names: its lemma (or a plural stripped of its ending), else the longest
        listed ending of a compound; None when no list knows it. `verb`: the head is a verb, whose
        "-en" is no plural ending ("regelen" is not the measure noun "regel")."""
        return _head_kind(self, lemma.lower(), verb)

    def _head_kind(self, lemma: str, verb: bool = False) -> str | None:
        forms = [lemma] if verb else _forms(lemma)
        for form in forms:
            for kind, heads in self._lists():
                if form in heads:
                    return kind
        best: tuple[int, str] | None = None
        for form in forms:
            for kind, heads in self._lists():
                for size in range(len(form) - _MIN_PREFIX, 2, -1):
                    ending = form[-size:]
                    if ending in heads and (best is None or size > best[0]):
                        best = (size, kind)
                        break
        return best[1] if best else None

    def _lists(self) -> tuple[tuple[str, frozenset[str]], ...]:
        return (("risico", self.risk_heads), ("maatregel", self.measure_heads), ("gemeentetaak", self.task_heads))


@lru_cache(maxsize=16384)
def _head_kind(rules: KindRules, lemma: str, verb: bool = False) -> str | None:
    return rules._head_kind(lemma, verb)  # noqa: SLF001 - the cached form of KindRules.head_kind


def _forms(word: str) -> list[str]:
    forms = [word]
    for ending in _PLURALS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            stem = word[: -len(ending)]
            forms.append(stem)
            if ending == "en" and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                forms.append(stem[:-1])  # a doubled consonant: "plekken" -> "plek"
    return forms


def parse_rules(file: DataFile, measures: MeasureTable) -> KindRules:
    keys = ("risk_heads", "task_heads", "transparent_heads", "risk_modifiers")
    file.check_keys(file.data, set(keys), "the top level")
    lists: dict[str, frozenset[str]] = {}
    for key in keys:
        words = file.strings(file.data, key)
        for word, line in words:
            if not re.fullmatch(r"[a-zà-ÿ'-]+", word):
                raise file.fail(line, f"{key}: {word!r} must be one lower-case word")
        lists[key] = frozenset(w for w, _ in words)
    owners = {"risk_heads": lists["risk_heads"], "task_heads": lists["task_heads"],
              "measure heads of maatregelen.yaml": measures.measure_heads}
    for key in ("risk_heads", "task_heads"):
        for word, line in file.strings(file.data, key):
            others = [name for name, words in owners.items() if name != key and word in words]
            if others:
                raise file.fail(line, f"{key}: {word!r} is also in {others[0]}; a head has one kind")
    return KindRules(risk_heads=lists["risk_heads"], task_heads=lists["task_heads"],
                     measure_heads=measures.measure_heads, transparent_heads=lists["transparent_heads"],
                     risk_modifiers=lists["risk_modifiers"])


@cache
def load_rules() -> KindRules:
    return parse_rules(read_yaml(package_file("pipeline.relations", KINDS_FILE), f"pipeline/relations/{KINDS_FILE}"),
                       load_measures())


def classify_kind(head: str, modifiers: Sequence[str], *, head_text: str = "", rules: KindRules | None = None,
                  default: str = "risico", verb: bool = False, effect: bool = False) -> str:
    """maatregel | risico | gemeentetaak for a phrase with this head lemma and these other words
    (lemmas, lower case, in order; function words may be included: "geen", "onvoldoende").
    `head_text`: the head as written, tried when the lemma is unknown (a lemmatiser's slip: "taalles").
    `default`: the kind of a head no list knows (rule 4): risico, or gemeentetaak for the thing an
    impact cue hits ("zet de schuldpreventie onder druk"). `verb`: the head is the verb of a clause core,
    looked up as it is (its "-en" is no plural: "regelen" is not the measure noun "regel"). `effect`: the
    phrase is a claim's effect, which is never a maatregel: a transparent head passes over a measure word
    to the task or risk after it ("de kwaliteit van de besluiten over maatschappelijke begeleiding")."""
    rules = rules or load_rules()
    words = [m.lower() for m in modifiers]
    if any(w in rules.risk_modifiers for w in words):
        return "risico"
    head = head.lower()
    if head in rules.transparent_heads:
        for word in words:
            kind = rules.head_kind(word)
            if kind is not None and not (effect and kind == "maatregel"):
                return kind
    return rules.head_kind(head, verb=verb) or (rules.head_kind(head_text, verb=verb) if head_text else None) or default
