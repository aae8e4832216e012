"""General rules added after the held-out letters and the leave-one-letter-out estimate.

Every sentence here is invented (in the style of the letters, not taken from them); the names are
chosen so that most of them are in no lexicon: the rules must find them by their shape.
"""
from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.training import Example

from pipeline.entities import detect_entities
from pipeline.entities.abbreviations import is_abbreviation, long_form_start
from pipeline.entities.data import as_leave_out, gazetteer, left_out
from pipeline.nlp import build_nlp
from pipeline.types import Entity, Passage


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def _detect(nlp: Language, *texts: str, letter_date: str | None = "2025-03-20") -> tuple[Entity, ...]:
    passages = [Passage(f"d#p{i:03d}", None, text, None) for i, text in enumerate(texts, start=1)]
    return detect_entities(nlp, passages, letter_date)


def _found(nlp: Language, *texts: str) -> set[tuple[str, str, str]]:
    return {(e.label, e.text, e.canonical) for e in _detect(nlp, *texts)}


@pytest.mark.parametrize(("text", "label", "surface", "canonical"), [
    # laws: where a title ends
    ("Wij vragen de Wet COA tijdig aan te passen.", "WET", "Wet COA", "Wet Centraal Orgaan opvang asielzoekers"),
    ("Pas de Wet BRP spoedig aan.", "WET", "Wet BRP", "Wet basisregistratie personen"),
    ("Het besluit werkt de Wet inburgering 2021 verder uit.", "WET", "Wet inburgering 2021", "Wet inburgering 2021"),
    ("Met de Wet terugkeer en vertrek, die in januari ingaat, verandert veel.", "WET", "Wet terugkeer en vertrek",
     "Wet terugkeer en vertrek"),
    ("De Wet werk en bijstand is dertig jaar oud.", "WET", "Wet werk en bijstand", "Wet werk en bijstand"),
    ("De Aanpassingswet Participatiewet ligt klaar.", "WET", "Aanpassingswet Participatiewet",
     "Aanpassingswet Participatiewet"),
    ("Het wetsvoorstel Implementatiewet Asiel- en Migratiepact is ingediend.", "WET",
     "Implementatiewet Asiel- en Migratiepact", "Implementatiewet Asiel- en Migratiepact"),
    ("Dit volgt uit de Regeling opvang ontheemden Oekraïne tot maart 2027.", "WET",
     "Regeling opvang ontheemden Oekraïne", "Regeling opvang ontheemden Oekraïne"),
    ("Zie het Uitvoeringsbesluit (EU) 2022/382 van de Raad.", "WET", "Uitvoeringsbesluit (EU) 2022/382",
     "Uitvoeringsbesluit (EU) 2022/382"),
    ("Het EU-Migratiepact geldt vanaf juni.", "WET", "EU-Migratiepact", "Asiel- en Migratiepact"),
    # ministers with name and portfolio
    ("Staatssecretaris De Groot-Smit van Justitie en Veiligheid zegde toe.", "MINISTER",
     "Staatssecretaris De Groot-Smit van Justitie en Veiligheid", "staatssecretaris van Justitie en Veiligheid"),
    # organisations by shape
    ("Volgens de Autoriteit Woonruimteverdeling klopt dat.", "ORG", "Autoriteit Woonruimteverdeling",
     "Autoriteit Woonruimteverdeling"),
    ("Het Agentschap Telecom controleert.", "ORG", "Agentschap Telecom", "Agentschap Telecom"),
    ("Onderzoek van de Saxion Hogeschool laat dat zien.", "ORG", "Saxion Hogeschool", "Saxion Hogeschool"),
    ("Dat adviseerde ook de Gezondheidsraad vorige maand.", "ORG", "Gezondheidsraad", "Gezondheidsraad"),
    ("Dat besprak de Raad Concurrentievermogen gisteren.", "ORG", "Raad Concurrentievermogen",
     "Raad Concurrentievermogen"),
    ("Het werd besproken in de Raad van Europese Steden en Regio's.", "ORG", "Raad van Europese Steden en Regio's",
     "Raad van Europese Steden en Regio's"),
    ("Ook het Nederlandse Rode Kruis helpt.", "ORG", "Rode Kruis", "Rode Kruis"),
    ("Dat meldt het Planbureau voor de Leefomgeving.", "ORG", "Planbureau voor de Leefomgeving", "PBL"),
    ("Dat meldt het Leger des Heils Nederland.", "ORG", "Leger des Heils Nederland", "Leger des Heils Nederland"),
    # people
    ("Onderzoek van dr. Sanne Verhoeven van de Hogeschool Utrecht laat zien dat het werkt.", "PERSOON",
     "Sanne Verhoeven", "Sanne Verhoeven"),
    ("Volgens prof. Jansen van de Radboud Universiteit klopt dat.", "PERSOON", "Jansen", "Jansen"),
    ("Burgemeester Wolters van Westerwolde noemde het een vangnet.", "PERSOON", "Wolters", "Wolters"),
    ("Wethouder Femke de Vries sprak.", "PERSOON", "Femke de Vries", "Femke de Vries"),
    # places
    ("De aanmelding gebeurt in Budel-Cranendonck.", "LOCATIE", "Budel-Cranendonck", "Budel-Cranendonck"),
    ("Velen komen uit Dnipro en Zaporizja.", "LOCATIE", "Zaporizja", "Zaporizja"),
])
def test_general_rules(nlp: Language, text: str, label: str, surface: str, canonical: str) -> None:
    found = _found(nlp, text)
    assert (label, surface, canonical) in found, found


@pytest.mark.parametrize(("text", "surface", "value", "unit", "qualifier"), [
    ("Gemeenten huisvestten ruim twee derde van de taakstelling.", "twee derde", 2 / 3, None, "ruim"),
    ("Daarvan is een derde van de plekken bezet.", "een derde", 1 / 3, None, None),
    ("Het geldt voor drie kwart.", "drie kwart", 0.75, None, None),
    ("Bij 1 op de 4 gemeenten kwam de toets te laat.", "1 op de 4 gemeenten", 0.25, "gemeenten", None),
    ("Een op de drie aanvragen wordt niet ingediend.", "Een op de drie aanvragen", 1 / 3, "aanvragen", None),
    ("Er zijn ongeveer 45 extra fte nodig.", "45 extra fte", 45, "fte", "ongeveer"),
    ("Van wie bijna 9.100 aantoonbaar vertrokken.", "9.100", 9100, None, "bijna"),
    ("Uit een peiling onder 96 gemeenten blijkt dat.", "96 gemeenten", 96, "gemeenten", None),
    ("Er komen 12 gesloten locaties bij.", "12 gesloten locaties", 12, "locaties", None),
    ("Een pilot in drie regio's volgt.", "drie regio's", 3, "regio's", None),
    ("Er komen gemiddeld 1.400 per maand.", "1.400", 1400, None, None),
    ("Zij hebben twee derde landen bezocht.", "twee derde landen", 2, "landen", None),
])
def test_quantities(nlp: Language, text: str, surface: str, value: float, unit: str | None,
                    qualifier: str | None) -> None:
    amounts = {e.text: e for e in _detect(nlp, text) if e.label == "AANTAL"}
    assert surface in amounts, amounts
    found = amounts[surface]
    assert found.value == pytest.approx(value) and (found.unit, found.qualifier) == (unit, qualifier)


def test_defined_abbreviations_are_entities_in_the_whole_letter(nlp: Language) -> None:
    found = _detect(nlp,
                    "Wij werken samen met het Landelijk Informatiepunt Nieuwkomers (LIN) en de Stichting Kompas (SKO).",
                    "Het LIN en de SKO delen gegevens volgens de Wet betere gegevensdeling (Wbg).",
                    "De Wbg regelt dat; LIN-cijfers volgen.")
    got = [(e.passage_id[-1], e.label, e.text, e.canonical) for e in found]
    assert got == [
        ("1", "ORG", "Landelijk Informatiepunt Nieuwkomers", "LIN"),
        ("1", "ORG", "LIN", "LIN"),
        ("1", "ORG", "Stichting Kompas", "SKO"),
        ("1", "ORG", "SKO", "SKO"),
        ("2", "ORG", "LIN", "LIN"),
        ("2", "ORG", "SKO", "SKO"),
        ("2", "WET", "Wet betere gegevensdeling", "Wet betere gegevensdeling"),
        ("2", "WET", "Wbg", "Wet betere gegevensdeling"),
        ("3", "WET", "Wbg", "Wet betere gegevensdeling"),
    ]


def test_abbreviation_long_forms_take_a_leading_adjective_and_names_found_by_rules(nlp: Language) -> None:
    found = _found(nlp, "Het Europees Comité van de Steden (CvdS) en de Raad van Europese Dorpen en Regio's (CEDR).")
    assert ("ORG", "Europees Comité van de Steden", "CvdS") in found
    assert ("ORG", "CvdS", "CvdS") in found
    assert ("ORG", "Raad van Europese Dorpen en Regio's", "CEDR") in found
    assert ("ORG", "CEDR", "CEDR") in found


@pytest.mark.parametrize("text", [
    "Zij staan in de Basis Registratie Personen (BRP).",
    "Zij verblijven in de Landelijke Vreemdelingen Voorziening (LVV).",
    "Dat staat in het Bestuurlijk Afsprakenkader (BAK).",
    "Zij wonen in het Centraal Aanmeldcentrum (CAC).",
    "Er is tijdelijke gemeentelijke opvang (TGO).",
    "Geld komt uit het Fonds voor asiel, migratie en integratie (AMIF).",
])
def test_registers_facilities_and_documents_are_not_defined_as_entities(nlp: Language, text: str) -> None:
    assert not {e.label for e in _detect(nlp, text)} & {"ORG", "WET"}, _detect(nlp, text)


@pytest.mark.parametrize("text", [
    "In de Gemeenteraad is dat besproken.",
    "Burgemeester Jansen van Westerwolde sprak met de Ondernemingsraad.",
])
def test_generic_bodies_are_not_organisations(nlp: Language, text: str) -> None:
    assert not [e for e in _detect(nlp, text) if e.label == "ORG"]


def test_schwartz_hearst_long_forms() -> None:
    before = "Het rapport van de Dienst Terugkeer en Vertrek"
    assert before[long_form_start("DT&V", before):] == "Dienst Terugkeer en Vertrek"
    before = "in samenwerking met het Sociaal en Cultureel Planbureau"
    assert before[long_form_start("SCP", before):] == "Sociaal en Cultureel Planbureau"
    assert long_form_start("XYZ", "geen passende woorden hier") is None
    assert is_abbreviation("KCIO") and is_abbreviation("Wmo") and is_abbreviation("DT&V")
    assert not is_abbreviation("Gemeenten") and not is_abbreviation("A")


def test_reduced_lexicons_are_values_passed_in_and_built_pipelines_keep_them() -> None:
    leave = as_leave_out({"orgs.yaml": ["IND"], "portfolios.yaml": ["Asiel en Migratie"]})
    assert left_out(leave, "orgs.yaml") == {"IND"} and left_out(leave, "laws.yaml") == frozenset()
    assert "IND" not in {e.surface for e in gazetteer("orgs.yaml", leave).entries}
    assert "IND" in {e.surface for e in gazetteer("orgs.yaml").entries}  # the full lexicon is untouched
    reduced = build_nlp(without={"orgs.yaml": ["IND", "Immigratie- en Naturalisatiedienst"]})
    full = build_nlp()
    text = "De IND beslist; de Immigratie- en Naturalisatiedienst ook."
    # without the lexicon the acronym is unknown; the full name is still found by its shape
    expected = {("ORG", "Immigratie- en Naturalisatiedienst", "Immigratie- en Naturalisatiedienst")}
    assert {(e.label, e.text, e.canonical) for e in _detect(reduced, text)} == expected
    assert {e.canonical for e in _detect(full, text) if e.label == "ORG"} == {"IND"}
    assert {(e.label, e.text, e.canonical) for e in _detect(reduced, text)} == expected  # still reduced


def test_nlp_evaluate_scores_the_entities_as_spacy_does() -> None:
    """vng_merge has a score(): nlp.evaluate gives ents_p/r/f and per-label figures against gold spans."""
    nlp = build_nlp()
    text = "De Spreidingswet geldt sinds 1 februari 2024 in Nederland."
    gold = nlp.make_doc(text)
    gold.ents = [gold.char_span(3, 16, label="WET"), gold.char_span(29, 44, label="DATUM"),
                 gold.char_span(48, 57, label="ORG")]  # a wrong gold label: a miss and a false positive
    scores = nlp.evaluate([Example(nlp.make_doc(text), gold)])
    assert scores["ents_per_type"]["WET"] == {"p": 1.0, "r": 1.0, "f": 1.0}
    assert scores["ents_per_type"]["DATUM"] == {"p": 1.0, "r": 1.0, "f": 1.0}
    assert scores["ents_per_type"]["ORG"]["r"] == 0.0
    assert scores["ents_p"] == pytest.approx(2 / 3) and scores["ents_r"] == pytest.approx(2 / 3)
