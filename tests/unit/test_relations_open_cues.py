"""Open cue verbs (pipeline/relations/open_cues.py): the data file, the verb forms and the text pre-check
(the rule on parsed sentences is covered by tests/regression/claim_cases.jsonl, ids r7a-*)."""
from __future__ import annotations

import pytest

from pipeline.datafiles import parse_yaml
from pipeline.errors import DataFileError
from pipeline.relations.open_cues import candidate, finite_forms, load_open_verbs, parse_open_verbs, reprise

_LISTS = "positive: [helpen]\nirregular: [is]\nopeners: [ook]\ndemonstratives: [die]\nendings: [ing]\n"


def test_shipped_file_loads_and_lists_are_disjoint() -> None:
    verbs = load_open_verbs()
    assert "bevatten" in verbs.neutral and "helpen" in verbs.positive
    assert not verbs.neutral & verbs.positive
    assert {"bevat", "regelt", "is"} <= verbs.not_claims


def test_bad_file_fails_loudly() -> None:
    with pytest.raises(DataFileError, match=r"o\.yaml:1"):
        parse_open_verbs(parse_yaml("neutral: [Regelen]\n" + _LISTS, "o.yaml"))
    with pytest.raises(DataFileError, match="also neutral"):
        parse_open_verbs(parse_yaml("neutral: [helpen]\n" + _LISTS, "o.yaml"))
    with pytest.raises(DataFileError, match="twice"):
        parse_open_verbs(parse_yaml("neutral: [regelen, regelen]\n" + _LISTS, "o.yaml"))


@pytest.mark.parametrize(("infinitive", "form"), [("bevatten", "bevat"), ("lopen", "loopt"), ("blijven", "blijft"),
                                                 ("regelen", "regelt"), ("wijzigen", "wijzigt")])
def test_finite_forms(infinitive: str, form: str) -> None:
    assert form in finite_forms(infinitive)


def test_reprise_finds_the_verb_or_compound_before() -> None:
    assert reprise("versnippering", "Het toezicht versnippert over elf bureaus.")
    assert reprise("leegstand", "Veel panden staan al jaren leeg.")
    assert reprise("gat", "Dat geeft een begrotingsgat.")
    assert not reprise("achterstand", "De wachtlijsten lopen op.")


@pytest.mark.parametrize(("text", "previous", "expected"), [
    ("De nieuwe meldplicht versnippert de hulp.", "", True),  # a measure head
    ("Het schrappen van de subsidie breekt de projecten af.", "", True),  # a nominalised action
    ("Die leegstand trekt verloedering aan.", "Veel panden staan leeg.", True),  # a reprise
    ("Die leegstand trekt verloedering aan.", "Het regent.", False),  # nothing to take up
    ("De nieuwe regeling bevat drie onderdelen.", "", False),  # a neutral verb
    ("het beperken van gezinshereniging;", "", False),  # a list item, no main clause
    ("Die gemeenten werken samen.", "De gemeenten in de regio.", False),  # an actor
    ("Wij vragen u de regeling te schrappen.", "", False),
])
def test_candidate(text: str, previous: str, expected: bool) -> None:
    assert candidate(text, previous) is expected


def test_precheck_words_are_the_runs_holding_a_letter_or_digit() -> None:
    """candidate() reads its words with one regex (_ALNUM_WORD): the runs of _WORD that hold a character
    str.isalnum() takes, as the per-character filter it replaced gave, over all of Unicode."""
    from pipeline.relations.open_cues import _ALNUM_WORD, _WORD

    def old(text: str) -> list[str]:
        return [w for w in _WORD.findall(text) if any(c.isalnum() for c in w)]

    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert _ALNUM_WORD.findall(every) == old(every)
    for char in every[::7]:
        for text in (char, f"_{char}", f"-{char}'", f"__ {char}_ '-' x"):
            assert _ALNUM_WORD.findall(text) == old(text), repr(text)
    assert _ALNUM_WORD.findall("het '- _ wetsvoorstel’s 2e-kamer __") == ["het", "wetsvoorstel’s", "2e-kamer"]
