"""The measure matcher (pipeline/concepts/measures.py) as a case table, and maatregelen.yaml checks.

All example sentences are invented for these tests."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from pipeline.classify import passage_targets
from pipeline.concepts.measures import MEASURES_FILE, find_measures, load_measures, measure_names, parse_measures
from pipeline.datafiles import package_file, parse_yaml
from pipeline.errors import DataFileError
from pipeline.types import Entity, Passage

REPO = Path(__file__).resolve().parents[2]
TARGETS_YAML = REPO / "corpora" / "annotations" / "passages" / "targets.yaml"


@pytest.mark.parametrize(("text", "expected"), [
    # an action applied to a known measure or law, before or after it
    ("Het kabinet werkt aan de intrekking van de Spreidingswet.", ["intrekking Spreidingswet"]),
    ("Het kabinet wil de Spreidingswet intrekken.", ["intrekking Spreidingswet"]),
    ("De wet mag niet worden ingetrokken: de Spreidingswet moet blijven.", ["Spreidingswet"]),
    ("De Spreidingswet mag niet worden ingetrokken zolang de keten niet op orde is.", ["intrekking Spreidingswet"]),
    ("Het kabinet kondigt de afschaffing van de taakstelling aan.", ["afschaffing taakstelling"]),
    ("De rijksbijdrage aan de Landelijke Vreemdelingenvoorziening is beëindigd.", ["beëindiging LVV"]),
    ("De beëindiging van de LVV treft vooral grote steden.", ["beëindiging LVV"]),
    ("Bezuinigingen op de juridische begeleiding raken asielzoekers direct.",
     ["bezuiniging juridische begeleiding asielzoekers"]),
    ("Het kabinet plant een verbod op voorrang voor statushouders bij sociale huur.",
     ["verbod op voorrang huisvesting statushouders"]),
    # laws the table does not know are measures too, and combine with actions
    ("De Omgevingswet wordt per 1 januari ingetrokken.", ["intrekking Omgevingswet"]),
    ("De Participatiewet kent een tegenprestatie.", ["Participatiewet"]),
    ("Het kabinet wil de Wet invoering tweestatusstelsel snel behandelen.", ["Wet invoering tweestatusstelsel"]),
    ("De Asielnoodmaatregelenwet ligt bij de Eerste Kamer.", ["Asielnoodmaatregelenwet"]),
    # where a generic law title ends: "en" + one last word; a known name is not extended by its verb
    ("De Wet werk en bijstand is dertig jaar oud.", ["Wet werk en bijstand"]),
    ("Met de Wet terugkeer en vertrek, die in januari ingaat, verandert veel.", ["Wet terugkeer en vertrek"]),
    ("De Wet inburgering en de Participatiewet hangen samen.", ["Wet inburgering 2021", "Participatiewet"]),
    ("De invoering van de Wet inburgering 2021 verliep moeizaam.", ["invoering Wet inburgering 2021"]),
    # actions on noun phrases nobody listed
    ("De VNG is tegen de afschaffing van de reiskostenvergoeding.", ["afschaffing reiskostenvergoeding"]),
    # aliases of known measures
    ("De verdeelbesluiten zijn bekendgemaakt.", ["Spreidingswet"]),
    ("Gemeenten willen meer kleinschalige opvang.", ["kleinschalige opvang"]),
    ("Cruiseschepen zijn geen duurzame oplossing.", ["noodopvang"]),
    ("De TGO-locaties draaien goed.", ["tijdelijke gemeentelijke opvang (TGO)"]),
    ("Het normbedrag voor de opvang van Oekraïners wordt geïndexeerd.", ["financiering gemeentelijke opvang Oekraïners"]),
    ("De Europese Commissie verlengt de tijdelijke bescherming.", ["Richtlijn Tijdelijke Bescherming"]),
    ("Het Migratiepact gaat in 2026 in.", ["EU-Migratiepact"]),
    # acronyms match only in capitals; no measure, no target
    ("Zet de bak bij de deur.", []),
    ("Het BAK wordt herzien.", ["Bestuurlijk Afsprakenkader Oekraïne (BAK)"]),
    ("Het doel is minder druk op de keten.", []),
    ("Gemeenten werken hard aan nieuwe locaties.", []),
])
def test_find_measures(text: str, expected: list[str]) -> None:
    assert list(measure_names(text)) == expected


def test_match_offsets_and_surface() -> None:
    text = "Wij zijn tegen de intrekking van de Spreidingswet."
    [match] = find_measures(text)
    assert match.canonical == "intrekking Spreidingswet"
    assert text[match.start:match.end] == match.surface == "intrekking van de Spreidingswet"


def test_matches_come_in_reading_order_without_overlap() -> None:
    text = "Naast de Spreidingswet noemen we de taakstelling en het verbod op voorrang voor statushouders."
    matches = find_measures(text)
    assert [m.start for m in matches] == sorted(m.start for m in matches)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))
    assert [m.canonical for m in matches][:2] == ["Spreidingswet", "taakstelling huisvesting statushouders"]


def test_list_items_inherit_targets_of_their_lead_in() -> None:
    passages = [
        Passage(id="x#p001", section="Wetgeving", text="De Asielnoodmaatregelenwet bevat onder meer:", page=None),
        Passage(id="x#p002", section="Wetgeving", text="het beperken van de nareis;", page=None, kind="list_item",
                bullet="-"),
        Passage(id="x#p003", section="Wetgeving", text="Daarnaast regelt de Participatiewet iets anders.", page=None),
        Passage(id="x#p004", section="Asielnoodmaatregelenwet", text="Wij volgen dit.", page=None),
        Passage(id="x#p005", section="Overig", text="Wij volgen dit.", page=None),
    ]
    assert passage_targets(passages) == [("Asielnoodmaatregelenwet",), ("Asielnoodmaatregelenwet",),
                                         ("Participatiewet",), ("Asielnoodmaatregelenwet",), ()]


def test_laws_found_by_the_entity_stage_are_targets_too() -> None:
    text = "De Wet Markt en Overheid geldt ook hier, net als de Spreidingswet."
    passage = Passage(id="x#p001", section=None, text=text, page=None)
    entities = {"x#p001": [
        Entity(label="WET", text="Wet Markt en Overheid", canonical="Wet markt en overheid", passage_id="x#p001",
               start=3, end=24),
        Entity(label="WET", text="Spreidingswet", canonical="Spreidingswet", passage_id="x#p001",
               start=text.index("Spreidingswet"), end=len(text) - 1),
        Entity(label="ORG", text="Overheid", canonical="Overheid", passage_id="x#p001", start=16, end=24),
    ]}
    assert passage_targets([passage], entities) == [("Spreidingswet", "Wet markt en overheid")]


def test_canonical_names_cover_the_annotation_vocabulary() -> None:
    """Targets are compared with gold names: every name of targets.yaml must be a canonical here."""
    if not TARGETS_YAML.is_file():
        pytest.skip("no targets.yaml in corpora/annotations/passages")
    gold_names = set(yaml.safe_load(TARGETS_YAML.read_text(encoding="utf-8")))
    assert gold_names <= set(load_measures().canonicals)


def _shipped_text() -> str:
    return package_file("pipeline.concepts", MEASURES_FILE).read_text(encoding="utf-8")


def test_bad_alias_regex_is_reported_with_file_and_line() -> None:
    text = _shipped_text().replace("'regiobinding'", "'regio(binding'")
    line = next(i for i, ln in enumerate(text.splitlines(), start=1) if "regio(binding" in ln)
    with pytest.raises(DataFileError, match=rf"m\.yaml:{line}: invalid regular expression"):
        parse_measures(parse_yaml(text, "m.yaml"))


def test_measure_without_aliases_key_is_reported() -> None:
    text = _shipped_text().replace("  regiobinding:\n    aliases: ['regiobinding']\n", "  regiobinding:\n    short: x\n")
    with pytest.raises(DataFileError, match=r"m\.yaml:\d+: measure 'regiobinding' has no 'aliases'"):
        parse_measures(parse_yaml(text, "m.yaml"))


def test_unknown_free_action_is_reported() -> None:
    text = _shipped_text().replace("free_actions: [intrekking,", "free_actions: [intrekken,")
    with pytest.raises(DataFileError, match=r"free action 'intrekken' is not one of the actions"):
        parse_measures(parse_yaml(text, "m.yaml"))
