"""anaphors.yaml (issue 19, round 9b): the measure nouns an anaphor carries and the heads that are never an
antecedent, validated at load."""
from __future__ import annotations

import pytest

from pipeline.datafiles import parse_yaml
from pipeline.errors import DataFileError
from pipeline.relations.anaphors import load_anaphors, parse_anaphors


@pytest.mark.parametrize(("noun", "word", "names"), [
    ("voorstel", "wetsvoorstel", True),  # a compound ending in the noun
    ("wet", "spreidingswet", True),  # "wet" is short, but a law's name ends in it
    ("afdracht", "werkgeversafdracht", True),
    ("verbod", "verboden", True),  # a plural
    ("maatregel", "maatregel", True),
    ("wet", "netwerk", False),
    ("plan", "planning", False),  # not at the end
    ("voorstel", "voorstelling2", False),
])
def test_a_word_carries_the_anaphors_noun(noun: str, word: str, names: bool) -> None:
    assert load_anaphors().names(noun, word) is names


def test_the_shipped_lists() -> None:
    words = load_anaphors()
    assert {"maatregel", "voorstel", "regeling", "besluit", "wijziging"} <= words.general
    assert {"doel", "knelpunt"} <= words.not_antecedents
    assert not words.general & words.not_antecedents


@pytest.mark.parametrize(("text", "message"), [
    ("general_measure_nouns: [maatregel]\nshort_compound_heads: [wet]\n", "not_antecedents"),  # a list missing
    ("general_measure_nouns: [Maatregel]\nshort_compound_heads: [wet]\nnot_antecedents: [doel]\n",
     "one lower-case word"),
    ("general_measure_nouns: [doel]\nshort_compound_heads: [wet]\nnot_antecedents: [doel]\n",
     "also in general_measure_nouns"),
])
def test_a_wrong_file_fails_loudly(text: str, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        parse_anaphors(parse_yaml(text, "anaphors-test.yaml"))
