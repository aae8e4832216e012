"""The statement rules on the hard cases, one kind of phrasing per case (fictional sentences)."""
from __future__ import annotations

import pytest

from pipeline.datafiles import parse_yaml
from pipeline.errors import DataFileError
from pipeline.stance.evidence import passage_evidence
from pipeline.stance.rules import clauses, load_rules, parse_rules


def stance(text: str, target: str, *others: str) -> str:
    found = {e.target: e for e in passage_evidence(text, (target, *others))}
    return found[target].rule_stance


@pytest.mark.parametrize(("text", "target", "expected"), [
    # predicate polarity
    ("De VNG roept op tot de snelle invoering van de verbeterde Spreidingswet.", "Spreidingswet", "steunend"),
    ("Kleinschalige opvang biedt kansen voor een goede band met de buurt.", "kleinschalige opvang", "steunend"),
    ("Wij vrezen dat de Asielnoodmaatregelenwet leidt tot meer mensen op straat.", "Asielnoodmaatregelenwet", "kritisch"),
    # negation flips the cue
    ("De VNG steunt de verdere inzet van noodopvang in hotels niet langer.", "noodopvang", "kritisch"),
    ("Wij zijn geen voorstander van crisisnoodopvang in sporthallen.", "noodopvang", "kritisch"),
    ("Gemeenten hebben geen bezwaar tegen de vroege koppeling van statushouders aan een gemeente.",
     "vroege koppeling statushouders aan gemeente", "steunend"),
    # requests
    ("Wij vragen u het tweestatusstelsel niet in te voeren.", "Wet invoering tweestatusstelsel", "kritisch"),
    ("Wij vragen u de minister te verzoeken het capaciteitsbesluit niet los te laten.", "capaciteitsbesluit COA",
     "steunend"),
    # a removal: opposite stance toward the measure removed
    ("Het verlagen van de buffercapaciteit is onverstandig.", "buffercapaciteit asielopvang", "steunend"),
    # fear FOR a measure is support
    ("Wij vrezen dat kleinschalige opvang in het gedrang komt.", "kleinschalige opvang", "steunend"),
    # others' words are not the VNG's
    ("De Raad van State is kritisch over de Asielnoodmaatregelenwet.", "Asielnoodmaatregelenwet", "neutraal"),
    ("Volgens de Inspectie is de noodopvang in sporthallen onverantwoord.", "noodopvang", "neutraal"),
    # ... unless the VNG answers them
    ("De minister verwacht veel van de doorstroomlocaties. De VNG deelt die verwachting niet.", "doorstroomlocaties",
     "kritisch"),
    # contrast: the clause about the measure itself decides
    ("De VNG steunt de Spreidingswet, maar de vergoeding per opvangplek is te laag.", "Spreidingswet", "steunend"),
    # no position yet
    ("De VNG heroverweegt haar steun aan de noodopvang in paviljoens.", "noodopvang", "neutraal"),
    # a bare description
    ("De verdeelbesluiten voor de tweede ronde worden op 1 maart gepubliceerd.", "Spreidingswet", "neutraal"),
])
def test_hard_cases(text: str, target: str, expected: str) -> None:
    assert stance(text, target) == expected


def test_each_measure_gets_its_own_clauses() -> None:
    text = ("De verlenging van de RTB geeft rust, maar de tijdelijke nationale verblijfsstatus die daarna volgt, "
            "is voor gemeenten onuitvoerbaar.")
    assert stance(text, "tijdelijke nationale verblijfsstatus Oekraïners", "Richtlijn Tijdelijke Bescherming") == "kritisch"
    assert stance(text, "Richtlijn Tijdelijke Bescherming", "tijdelijke nationale verblijfsstatus Oekraïners") != "kritisch"


def test_a_sentence_without_the_name_carries_the_judgement_of_the_one_before() -> None:
    text = "Het kabinet werkt aan intrekking van de Spreidingswet. De VNG vindt dit uiterst zorgelijk."
    assert stance(text, "intrekking Spreidingswet") == "kritisch"


def test_het_pakket_refers_back_to_the_measure() -> None:
    text = ("Verder is het samenhangende maatregelenpakket besproken. Ook de uitstroom van statushouders kwam aan "
            "bod. De VNG vindt het pakket niet realistisch.")
    assert stance(text, "samenhangend maatregelenpakket", "versnelde uitstroom statushouders") == "kritisch"


def test_clauses_cut_at_contrast_and_weigh_it_more() -> None:
    text = "De VNG steunt X, maar twijfelt aan Y."
    parts = clauses(text, 0, len(text), load_rules())
    assert [c.weight for c in parts] == [1.0, 1.5]
    assert "".join(c.text for c in parts).replace(" ", "") == text.replace(" ", "").replace(",", "")


def test_a_bad_rules_file_fails_loudly_with_its_line() -> None:
    from importlib import resources

    text = resources.files("pipeline.stance").joinpath("rules.yaml").read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if row.strip() == "polarity: 1")
    group_line = line - 1
    bad = text.replace("polarity: 1", "polarity: 2", 1)
    with pytest.raises(DataFileError, match=rf"rules.yaml:{group_line}: .*polarity must be"):
        parse_rules(parse_yaml(bad, "rules.yaml"))
