"""detect_entities: spans, offsets, canonical names and values, on invented text and the real letters."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.entities import detect_entities
from pipeline.nlp import build_nlp
from pipeline.types import Entity, Passage

# Invented text in the style of the letters (not taken from them).
FIXTURE = (
    "Op 12 maart jl. sprak de VNG met de staatssecretaris van JenV en minister Van Hijum over de "
    "Huisvestingswet 2014, het EU-migratiepact en de Wet inburgering 2021. Het COA vangt ruim 9.800 "
    "asielzoekers op in Ter Apel en Budel; per 1 januari a.s. komt er € 1,2 miljard bij. "
    "Het kabinet en de provincies zwijgen, de minister ook.",
    "Vanaf 2027 moet 115% van de taakstelling (18.750 mensen) gehuisvest zijn, zegt het ministerie van BZK; "
    "zie punt 2 en 3 en Kamerstukken II 2022/23, 36 333, nr. 12.",
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def _detect(nlp: Language, *texts: str, letter_date: str | None = "2025-03-20") -> tuple[Entity, ...]:
    passages = [Passage(f"d#p{i:03d}", None, text, None) for i, text in enumerate(texts, start=1)]
    return detect_entities(nlp, passages, letter_date)


def test_offsets_index_the_passage_text(nlp: Language) -> None:
    found = _detect(nlp, *FIXTURE)
    assert found
    texts = {f"d#p{i:03d}": t for i, t in enumerate(FIXTURE, start=1)}
    for entity in found:
        assert texts[entity.passage_id][entity.start:entity.end] == entity.text


def test_reading_order(nlp: Language) -> None:
    found = _detect(nlp, *FIXTURE)
    assert [(e.passage_id, e.start) for e in found] == sorted((e.passage_id, e.start) for e in found)


def test_fixture_entities(nlp: Language) -> None:
    found = {(e.label, e.text, e.canonical) for e in _detect(nlp, *FIXTURE)}
    assert found == {
        ("DATUM", "12 maart jl.", "2025-03-12"),
        ("ORG", "VNG", "VNG"),
        ("MINISTER", "staatssecretaris van JenV", "staatssecretaris van Justitie en Veiligheid"),
        ("MINISTER", "minister Van Hijum", "minister Van Hijum"),
        ("WET", "Huisvestingswet 2014", "Huisvestingswet 2014"),
        ("WET", "EU-migratiepact", "Asiel- en Migratiepact"),
        ("WET", "Wet inburgering 2021", "Wet inburgering 2021"),
        ("ORG", "COA", "COA"),
        ("AANTAL", "9.800 asielzoekers", "9800"),
        ("LOCATIE", "Ter Apel", "Ter Apel"),
        ("LOCATIE", "Budel", "Budel"),
        ("DATUM", "1 januari a.s.", "2026-01-01"),
        ("AANTAL", "€ 1,2 miljard", "1200000000"),
        ("DATUM", "2027", "2027"),
        ("AANTAL", "115%", "115"),
        ("AANTAL", "18.750 mensen", "18750"),
        ("ORG", "ministerie van BZK", "ministerie van Binnenlandse Zaken en Koninkrijksrelaties"),
    }


def test_values_rules_and_anchor(nlp: Language) -> None:
    by_text = {e.text: e for e in _detect(nlp, *FIXTURE)}
    relative = by_text["1 januari a.s."]
    assert (relative.iso, relative.rule, relative.anchor) == ("2026-01-01", "as_future", "2025-03-20")
    amount = by_text["9.800 asielzoekers"]
    assert (amount.value, amount.unit, amount.qualifier) == (9800, "asielzoekers", "ruim")
    money = by_text["€ 1,2 miljard"]
    assert (money.value, money.unit) == (1_200_000_000, "EUR")
    assert by_text["VNG"].to_dict().keys() == {"label", "text", "canonical", "passage_id", "start", "end", "rule"}


@pytest.mark.parametrize(("text", "label", "surface", "canonical"), [
    # laws
    ("Zij wijzen op de asielnoodmaatregelenwet.", "WET", "asielnoodmaatregelenwet", "Asielnoodmaatregelenwet"),
    ("Het Migratiepact geldt straks.", "WET", "Migratiepact", "Asiel- en Migratiepact"),
    ("Het Asiel- en Migratiepact geldt straks.", "WET", "Asiel- en Migratiepact", "Asiel- en Migratiepact"),
    ("De Wet invoering tweestatusstelsel is ingediend.", "WET", "Wet invoering tweestatusstelsel",
     "Wet invoering tweestatusstelsel"),
    ("De Wet tweestatusstelsel is ingediend.", "WET", "Wet tweestatusstelsel", "Wet invoering tweestatusstelsel"),
    ("Volgens het amendement-Vondeling mag dat niet.", "WET", "amendement-Vondeling", "amendement Vondeling"),
    ("Het amendement Van der Plas is aangenomen.", "WET", "amendement Van der Plas", "amendement Van der Plas"),
    ("De richtlijn tijdelijke bescherming loopt af.", "WET", "richtlijn tijdelijke bescherming",
     "Richtlijn Tijdelijke Bescherming"),
    ("Dat volgt uit de Opvangrichtlijn en de Dublinverordening.", "WET", "Opvangrichtlijn", "Opvangrichtlijn"),
    ("Dit staat in het Vreemdelingenbesluit.", "WET", "Vreemdelingenbesluit", "Vreemdelingenbesluit 2000"),
    ("De Wet op de ruimtelijke ordening is vervangen.", "WET", "Wet op de ruimtelijke ordening",
     "Wet op de ruimtelijke ordening"),
    ("De tijdelijke wet Opvang Ontheemden is in voorbereiding.", "WET", "tijdelijke wet Opvang Ontheemden",
     "tijdelijke wet Opvang Ontheemden"),
    # ministers
    ("Wij vragen de minister van A&M om duidelijkheid.", "MINISTER", "minister van A&M", "minister van Asiel en Migratie"),
    ("Wij vragen de minister voor VRO om duidelijkheid.", "MINISTER", "minister voor VRO",
     "minister van Volkshuisvesting en Ruimtelijke Ordening"),
    ("De minister van Sociale Zaken en Werkgelegenheid reageert.", "MINISTER",
     "minister van Sociale Zaken en Werkgelegenheid", "minister van Sociale Zaken en Werkgelegenheid"),
    ("De minister van OCW reageert.", "MINISTER", "minister van OCW", "minister van Onderwijs, Cultuur en Wetenschap"),
    ("Ook de staatssecretaris van Justitie en Veiligheid reageert.", "MINISTER",
     "staatssecretaris van Justitie en Veiligheid", "staatssecretaris van Justitie en Veiligheid"),
    ("Daarop antwoordde minister Faber kort.", "MINISTER", "minister Faber", "minister Faber"),
    ("Premier Schoof antwoordde kort.", "MINISTER", "Premier Schoof", "minister-president Schoof"),
    ("De minister-president antwoordde kort.", "MINISTER", "minister-president", "minister-president"),
    # organisations
    ("Het Centraal Orgaan opvang asielzoekers opent locaties.", "ORG", "Centraal Orgaan opvang asielzoekers", "COA"),
    ("De Immigratie- en Naturalisatiedienst beslist.", "ORG", "Immigratie- en Naturalisatiedienst", "IND"),
    ("De Dienst Terugkeer en Vertrek begeleidt.", "ORG", "Dienst Terugkeer en Vertrek", "DT&V"),
    ("Het ministerie van Justitie en Veiligheid betaalt.", "ORG", "ministerie van Justitie en Veiligheid",
     "ministerie van Justitie en Veiligheid"),
    ("Het ministerie van VWS betaalt.", "ORG", "ministerie van VWS", "ministerie van Volksgezondheid, Welzijn en Sport"),
    ("De Landelijke Regietafel Asiel en Integratie overlegt.", "ORG", "Landelijke Regietafel Asiel en Integratie", "LRT"),
    ("Via de PRT's loopt de verdeling.", "ORG", "PRT's", "PRT"),
    ("Het Interprovinciaal Overleg reageert.", "ORG", "Interprovinciaal Overleg", "IPO"),
    ("Het Rode Kruis helpt.", "ORG", "Rode Kruis", "Rode Kruis"),
    ("Ook Aedes reageert.", "ORG", "Aedes", "Aedes"),
    ("De Raad van State adviseert.", "ORG", "Raad van State", "Raad van State"),
    ("De Europese Commissie stelt voor.", "ORG", "Europese Commissie", "Europese Commissie"),
    ("De Stichting Opvang Nieuwkomers helpt.", "ORG", "Stichting Opvang Nieuwkomers", "Stichting Opvang Nieuwkomers"),
    ("De Vaste commissie voor Asiel en Migratie vergadert.", "ORG", "Vaste commissie voor Asiel en Migratie",
     "Vaste commissie voor Asiel en Migratie"),
    # people and places
    ("Namens de VNG tekent mr. drs. J.A. van der Berg.", "PERSOON", "J.A. van der Berg", "J.A. van der Berg"),
    ("Burgemeester Van Zanen sprak.", "PERSOON", "Van Zanen", "Van Zanen"),
    ("Er komt een locatie in Gilze en Rijen.", "LOCATIE", "Gilze en Rijen", "Gilze en Rijen"),
    ("De opvang in Den Bosch groeit.", "LOCATIE", "Den Bosch", "'s-Hertogenbosch"),
    ("Zij vluchtten uit Syrië en Eritrea.", "LOCATIE", "Syrië", "Syrië"),
])
def test_names_and_aliases(nlp: Language, text: str, label: str, surface: str, canonical: str) -> None:
    found = {(e.label, e.text, e.canonical) for e in _detect(nlp, text)}
    assert (label, surface, canonical) in found, found


@pytest.mark.parametrize(("text", "absent"), [
    ("De wet is duidelijk en de minister ook.", {"WET", "MINISTER"}),
    ("Het kabinet, het rijk, de politie en de gemeenten overleggen met de provincies.", {"ORG"}),
    ("Oekraïense en Nederlandse gemeenten helpen Oekraïners.", {"LOCATIE"}),
    ("Best is om te wachten; Goes er niet heen.", {"LOCATIE"}),
    ("Tienduizenden statushouders en honderden gemeenten wachten.", {"AANTAL"}),
    ("Zie punt 2 en 3, artikel 12 en Kamerstukken II 2021/22, 19 637, nr. 2939.", {"AANTAL", "DATUM"}),
    ("De VNG-inzet en de COA-cijfers zijn bekend; de Oekraïne-opvang loopt.", {"ORG", "LOCATIE"}),
    ("Wetgeving en wetsvoorstellen gaan over de impact op het compacte stelsel.", {"WET"}),
    ("Mail naar info@vng.nl of kijk op https://www.vng.nl/2025/01/15/brief.", {"ORG", "DATUM", "AANTAL"}),
])
def test_not_entities(nlp: Language, text: str, absent: set[str]) -> None:
    labels = {e.label for e in _detect(nlp, text)}
    assert not labels & absent, _detect(nlp, text)


def test_year_and_amount_do_not_swallow_each_other(nlp: Language) -> None:
    found = {(e.label, e.text) for e in _detect(nlp, "Op 18 december 2024 enkele plannen; vanaf 2026 maximaal 2000 personen.")}
    assert found == {("DATUM", "18 december 2024"), ("DATUM", "2026"), ("AANTAL", "2000 personen")}


def test_unresolvable_relative_date_without_letter_date(nlp: Language) -> None:
    (found,) = _detect(nlp, "Het gebeurde op 3 juli jl. in stilte.", letter_date=None)
    assert (found.label, found.iso, found.rule, found.canonical) == ("DATUM", None, "unresolved", "3 juli jl.")


def test_empty_input(nlp: Language) -> None:
    assert _detect(nlp) == ()
    assert _detect(nlp, "") == ()


def _paragraphs(path: Path) -> list[str]:
    """Stand-in segmentation: blank-line separated blocks, URL lines dropped, lines joined."""
    blocks, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                blocks.append(" ".join(current))
            current = []
        elif "://" not in line and not line.strip().startswith("mailto:"):
            current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    return blocks


def test_real_letters_offsets_and_basics(nlp: Language, real_corpus: Path) -> None:
    for path in sorted(real_corpus.glob("*.txt")):
        texts = _paragraphs(path)
        found = _detect(nlp, *texts, letter_date="2025-01-30")
        by_id = {f"d#p{i:03d}": t for i, t in enumerate(texts, start=1)}
        for entity in found:
            assert by_id[entity.passage_id][entity.start:entity.end] == entity.text
        labels = {e.label for e in found}
        assert {"ORG", "DATUM"} <= labels, path.name
