"""Predicate classes by meaning (predicates.yaml; issue 19, round 8a): is an effect that is its subject with a
change of state ("de kwaliteit verslechtert", "het aantal X stijgt", "de samenwerking gaat verloren") a harm?

The effect's key (the lemmas of its core, phrases.node_phrase) holds the change and the thing that changes.
A decline of a good or neutral thing is a harm, even when the letter calls the thing good ("de goede
samenwerking gaat verloren": the positive marker of claim_cues.yaml must not drop it); a decline of a
harmful thing ("de wachtlijsten nemen af", "de kosten dalen") is a gain, as is an increase of a valued
thing ("het vertrouwen groeit"). Pure functions over the key: no parse needed, so the check costs nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from pipeline.datafiles import DataFile, package_file, read_yaml

PREDICATES_FILE = "predicates.yaml"
# the lists of predicates.yaml, each with its family: a word has one class within a family (a change, a
# thing's value, an evaluation, a decision)
_FAMILY = {"decline_verbs": 0, "decline_nouns": 0, "increase_verbs": 0, "increase_nouns": 0, "worsen_words": 0,
           "harmful_heads": 1,
           "valued_heads": 1, "obstacle_nouns": 2, "breeding_nouns": 2, "evaluation_nouns": 2, "evaluation_light": 2,
           "decision_verbs": 3, "result_adjectives": 4, "burden_nouns": 5, "predicament_nouns": 6,
           "position_nouns": 6, "predicament_adjectives": 7, "flood_nouns": 8, "forced_harm_verbs": 9,
           "hit_participles": 10}
_MIN_COMPOUND = 4  # a head this long or longer also counts at the end of a compound ("zorgkosten")

DECLINE, INCREASE = "decline", "increase"
HARM, GAIN = "harm", "gain"


@dataclass(frozen=True)
class PredicateClasses:
    decline: frozenset[str]  # verbs and nouns of a decline or loss
    increase: frozenset[str]  # verbs and nouns of an increase
    worsen: frozenset[str]  # verbs and nouns of a worsening: a harm whatever worsens
    harmful: frozenset[str]  # heads whose increase is a harm
    valued: frozenset[str]  # heads whose increase is a gain
    obstacle: tuple[str, ...] = ()  # "X vormt een obstakel voor Y": Y is hit
    breeding: tuple[str, ...] = ()  # "X is een voedingsbodem voor Y": Y is caused
    evaluation: frozenset[str] = frozenset()  # other evaluative predicate nouns ("een probleem")
    light: frozenset[str] = frozenset()  # words an unnamed evaluation holds besides its noun
    decisions: frozenset[str] = frozenset()  # an actor's decisions and stances: a reason for them is a motive
    # round 9a, classes the cues name: a worse result state ("maakt X onrendabel"), a burden shifted onto a
    # party ("legt de kosten bij"), a predicament a party is brought into ("brengt X in strijd met")
    result: tuple[str, ...] = ()
    burden: tuple[str, ...] = ()
    predicament: tuple[str, ...] = ()
    position: tuple[str, ...] = ()  # a position noun that is a predicament only with a trouble adjective
    trouble: tuple[str, ...] = ()
    flood: tuple[str, ...] = ()  # "een stroom aan X": X is a burden
    forced_harm: frozenset[str] = frozenset()  # round 10b: a forced act that is itself a harm ("te schrappen")
    hit: tuple[str, ...] = ()  # round 12a: participles of a harm that hits, in a passive ("wordt ... ondergraven")

    @cached_property  # read once per cue of claim_cues.yaml at load: made once
    def cue_classes(self) -> dict[str, tuple[str, ...]]:
        """The classes claim_cues.yaml may name as "{obstacle}", "{breeding}" (nouns), "{change}" (the
        infinitives of the change-of-state verbs: "doet de kosten oplopen"), "{result}", "{burden}",
        "{predicament}", "{position}", "{trouble}", "{flood}" and "{harmful}" (round 9a), "{hit_participle}" (round
        12a: also read by claims.py's passive check); "{change_stem}": the
        beginnings every form of a change word starts with ("krimp" for "krimpt", "afneem" for "afneemt"), for a
        cheap look-ahead."""
        changes = sorted(w for w in self.decline | self.increase | self.worsen if w.endswith("en") and w != "verloren")
        return {"obstacle": self.obstacle, "breeding": self.breeding, "change": tuple(changes),
                "change_stem": _stems(self.decline | self.increase | self.worsen),
                "result": self.result, "burden": self.burden, "predicament": self.predicament,
                "position": self.position, "trouble": self.trouble, "flood": self.flood,
                "harmful": tuple(sorted(self.harmful, key=lambda w: (-len(w), w))),
                "hit_participle": tuple(sorted(self.hit, key=lambda w: (-len(w), w)))}

    def bare_evaluation(self, key: str) -> bool:
        """Is a key only an evaluative predicate ("groot obstakel vormen", "probleem zijn"): a judgement
        that names no consequence?"""
        words = key.lower().split()
        nouns = set(self.obstacle) | set(self.breeding) | self.evaluation
        return any(w in nouns for w in words) and all(w in nouns or w in self.light for w in words)

    @cached_property
    def _changes(self) -> frozenset[str]:
        return self.decline | self.increase

    @cached_property
    def _changes_and_worsen(self) -> frozenset[str]:
        return self.decline | self.increase | self.worsen

    def change(self, words: list[str]) -> str | None:
        """The change a key's words state, if one: decline or increase (the first such word wins)."""
        words = [_infinitive(w, self._changes) for w in words]
        for word in words:
            if word in self.decline:
                return DECLINE
            if word in self.increase:
                return INCREASE
        return None

    def _has(self, heads: frozenset[str], words: list[str]) -> bool:
        return any(w in heads or any(len(h) >= _MIN_COMPOUND and w.endswith(h) for h in heads) for w in words)

    def polarity(self, key: str) -> str | None:
        """HARM or GAIN for an effect whose key states a change of state of a thing; None without a change."""
        words = [_infinitive(w, self._changes_and_worsen) for w in key.lower().split()]
        if any(w in self.worsen for w in words):
            return HARM
        change = self.change(words)
        if change is None:
            return None
        rest = [w for w in words if w not in self.decline and w not in self.increase]
        if self._has(self.harmful, rest):
            return GAIN if change == DECLINE else HARM
        if change == INCREASE and self._has(self.valued, rest):
            return GAIN
        return HARM


def _stems(words: frozenset[str]) -> tuple[str, ...]:
    """What the finite forms of these words begin with: an infinitive without "-en", also with its open
    syllable's vowel doubled and a final z/v as s/f ("nemen" -> "nem", "neem"; "verliezen" -> "verliez",
    "verlies"); other words as they are."""
    out: set[str] = set()
    for word in words:
        if not word.endswith("en") or word == "verloren":
            out.add(word)
            continue
        stem = word[:-2]
        forms = {stem, re.sub(r"(?<=[^aeiou])([aeou])(?=[^aeiou]$)", r"\1\1", stem)}
        forms |= {f[:-1] + {"z": "s", "v": "f"}[f[-1]] for f in list(forms) if f[-1] in "zv"}
        out |= forms
    return tuple(sorted(out, key=lambda w: (-len(w), w)))


def _infinitive(word: str, verbs: frozenset[str]) -> str:
    """The listed infinitive of a finite verb the lemmatiser left as written or misspelt ("krimpt" -> "krimpen",
    "afneemt"/"afneemen" -> "afnemen", "daalt" -> "dalen", "verliest" -> "verliezen"); the word itself when none
    fits."""
    if word in verbs or len(word) < 4 or not word.endswith(("t", "en")):
        return word
    stem = word[:-1] if word[-1] == "t" else word[:-2]  # the lemmatiser's "afneemen" too
    stems = {stem, re.sub(r"([aeou])\1(?=[^aeiou]$)", r"\1", stem)}  # an open syllable: "neem" -> "nem"
    stems |= {t[:-1] + {"s": "z", "f": "v"}[t[-1]] for t in list(stems) if t[-1] in "sf"}  # "verlies" -> "verliez"
    return next((t + "en" for t in sorted(stems) if t + "en" in verbs), word)


def parse_predicates(file: DataFile) -> PredicateClasses:
    """Validate predicates.yaml; DataFileError names the file and line of anything wrong."""
    lists = file.word_lists(_FAMILY)
    return PredicateClasses(decline=frozenset(lists["decline_verbs"] + lists["decline_nouns"]),
                            increase=frozenset(lists["increase_verbs"] + lists["increase_nouns"]),
                            worsen=frozenset(lists["worsen_words"]),
                            harmful=frozenset(lists["harmful_heads"]), valued=frozenset(lists["valued_heads"]),
                            obstacle=tuple(lists["obstacle_nouns"]), breeding=tuple(lists["breeding_nouns"]),
                            evaluation=frozenset(lists["evaluation_nouns"]), light=frozenset(lists["evaluation_light"]),
                            decisions=frozenset(lists["decision_verbs"]), result=tuple(lists["result_adjectives"]),
                            burden=tuple(lists["burden_nouns"]), predicament=tuple(lists["predicament_nouns"]),
                            position=tuple(lists["position_nouns"]), trouble=tuple(lists["predicament_adjectives"]),
                            flood=tuple(lists["flood_nouns"]), forced_harm=frozenset(lists["forced_harm_verbs"]),
                            hit=tuple(lists["hit_participles"]))


@cache
def load_predicates() -> PredicateClasses:
    return parse_predicates(read_yaml(package_file("pipeline.relations", PREDICATES_FILE),
                                      f"pipeline/relations/{PREDICATES_FILE}"))
