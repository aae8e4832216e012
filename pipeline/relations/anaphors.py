"""Measure anaphors and antecedents (anaphors.yaml; issue 19, round 9b): which phrase named before a singular
measure noun ("de maatregel", "het voorstel", "deze verplichting") takes up, and which phrases are never an
antecedent (a purpose or an evaluation: "het doel", "het grootste knelpunt").

Pure functions over words: no parse needed."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pipeline.datafiles import DataFile, package_file, read_yaml

ANAPHORS_FILE = "anaphors.yaml"
_KEYS = ("general_measure_nouns", "short_compound_heads", "not_antecedents")
_EVALUATIONS = "evaluation_heads"  # a family of its own: its words are also not_antecedents
MIN_COMPOUND = 4  # a measure noun this long or longer also names a compound ending in it ("werkgeversafdracht")


@dataclass(frozen=True)
class AnaphorWords:
    general: frozenset[str]  # "de maatregel": any maatregel named before
    short: frozenset[str]  # nouns shorter than MIN_COMPOUND that still end compounds ("wet": "Spreidingswet")
    not_antecedents: frozenset[str]  # heads of a purpose or an evaluation: never an antecedent
    evaluations: frozenset[str] = frozenset()  # "Het grootste knelpunt is X": the copula's X is the antecedent

    def names(self, noun: str, word: str) -> bool:
        """Does a word of a phrase named before carry the anaphor's noun: the same word or a compound ending
        in it ("voorstel" in "wetsvoorstel", "wet" in "Spreidingswet", "afdracht" in "werkgeversafdracht")?
        Both lower case; a plural of the noun counts ("verboden" for "verbod")."""
        if not noun or not word.isalpha():
            return False
        stems = {noun, noun + "en", noun + "s", noun + "n"}
        compound = len(noun) >= MIN_COMPOUND or noun in self.short
        return word in stems or (compound and any(word.endswith(s) for s in stems))


def parse_anaphors(file: DataFile) -> AnaphorWords:
    """Validate anaphors.yaml; DataFileError names the file and line of anything wrong."""
    lists = file.word_lists({**dict.fromkeys(_KEYS, 0), _EVALUATIONS: 1})
    return AnaphorWords(general=frozenset(lists["general_measure_nouns"]),
                        short=frozenset(lists["short_compound_heads"]),
                        not_antecedents=frozenset(lists["not_antecedents"]),
                        evaluations=frozenset(lists[_EVALUATIONS]))


@cache
def load_anaphors() -> AnaphorWords:
    return parse_anaphors(read_yaml(package_file("pipeline.relations", ANAPHORS_FILE),
                                    f"pipeline/relations/{ANAPHORS_FILE}"))
