"""predicates.yaml (issue 19, round 8a): change-of-state and evaluative predicate classes, validated at load."""
from __future__ import annotations

import pytest

from pipeline.datafiles import parse_yaml
from pipeline.errors import DataFileError
from pipeline.relations.predicates import GAIN, HARM, load_predicates, parse_predicates

SOURCE = "predicates-test.yaml"
KEYS = ("decline_verbs", "decline_nouns", "increase_verbs", "increase_nouns", "worsen_words", "harmful_heads",
        "valued_heads", "obstacle_nouns", "breeding_nouns", "evaluation_nouns", "evaluation_light", "decision_verbs",
        "result_adjectives", "burden_nouns", "predicament_nouns", "position_nouns", "predicament_adjectives",
        "flood_nouns", "forced_harm_verbs", "hit_participles")


def _file() -> str:
    return "".join(f"{key}: [word{letter}]\n" for letter, key in zip("abcdefghijklmnopqrst", KEYS, strict=True))


@pytest.mark.parametrize(("key", "polarity"), [
    ("goed samenwerking school verliezen", HARM),  # a good thing lost
    ("kwaliteit schuldhulp verslechteren", HARM),
    ("armoede verslechteren", HARM),  # a worsening, whatever worsens
    ("aantal zorgmijder stijgen", HARM),
    ("wachtlijst schuldhulp afnemen", GAIN),  # a harmful thing declines
    ("zorgkost gemeente dalen", GAIN),  # a compound ending in a harmful head
    ("vertrouwen ouder groeien", GAIN),  # a valued thing grows
    ("situatie opvang", None),  # no change of state
])
def test_polarity_of_a_change_of_state(key: str, polarity: str | None) -> None:
    assert load_predicates().polarity(key) == polarity


def test_a_bare_evaluation_names_no_consequence() -> None:
    predicates = load_predicates()
    assert predicates.bare_evaluation("groot obstakel vormen")
    assert predicates.bare_evaluation("probleem zijn")
    assert not predicates.bare_evaluation("obstakel toegang schuldhulp")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("decline_nouns: [wordb]", "decline_nouns: [wordb, Word]", "one lower-case word"),
    ("increase_verbs: [wordc]", "increase_verbs: [worda]", "a word has one class"),
    ("valued_heads: [wordg]", "valued_heads: [wordg]\nextra: [x]", "extra"),
])
def test_errors_name_the_file(old: str, new: str, message: str) -> None:
    text = _file()
    assert old in text
    with pytest.raises(DataFileError) as error:
        parse_predicates(parse_yaml(text.replace(old, new, 1), SOURCE))
    assert str(error.value).startswith(SOURCE) and message in str(error.value)


def test_the_same_word_may_be_in_two_families() -> None:
    # "probleem" is a harmful head (its increase is a harm) and an evaluative noun ("is een probleem")
    text = _file().replace("harmful_heads: [wordf]", "harmful_heads: [probleem]").replace(
        "evaluation_nouns: [wordj]", "evaluation_nouns: [probleem]")
    classes = parse_predicates(parse_yaml(text, SOURCE))
    assert "probleem" in classes.harmful and "probleem" in classes.evaluation


def test_round_10b_forced_harm_verbs() -> None:
    # a forced act that is itself a harm, a separable verb with its particle ("opheffen", not "afsluiten")
    classes = load_predicates()
    assert {"opheffen", "schrappen", "voorfinancieren"} <= classes.forced_harm
    assert "afsluiten" not in classes.forced_harm and "inhuren" not in classes.forced_harm


def test_round_9a_classes_are_cue_classes() -> None:
    # the classes claim_cues.yaml names (round 9a): a worse result state, a burden, a predicament
    classes = load_predicates().cue_classes
    assert "onrendabel" in classes["result"] and "eenvoudiger" not in classes["result"]
    assert "kosten" in classes["burden"] and "strijd" in classes["predicament"]
    assert "positie" in classes["position"] and "lastige" in classes["trouble"]


@pytest.mark.parametrize(("key", "polarity"), [
    ("aantal vacature krimpt", HARM),  # a finite form the lemmatiser left: still a decline
    ("bereik welzijnswerk afneemen", HARM),  # a misspelt lemma of "afnemen"
    ("jongerenwerk bereik verliest", HARM),
    ("wachtlijst afnemen", GAIN),  # a harmful thing declines: a gain
    ("overlast toenemen", HARM),
    ("gemeente gesprek voeren", None),  # no change
])
def test_change_read_through_finite_and_misspelt_forms(key: str, polarity: str | None) -> None:
    assert load_predicates().polarity(key) == polarity
