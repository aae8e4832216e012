"""vng_model_names: persons and places from the model's proper nouns in context (fictional names)."""
from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.entities import detect_entities
from pipeline.entities.model_names import name_contexts, parse_name_contexts, surname_forms
from pipeline.errors import DataFileError
from pipeline.nlp import BLANK, SHIPPED_MODEL, build_nlp, has_model
from pipeline.types import Passage

needs_model = pytest.mark.skipif(not (SHIPPED_MODEL / "config.cfg").is_file(), reason="models/nl_vng_core absent")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def _found(nlp: Language, *texts: str) -> set[tuple[str, str]]:
    passages = [Passage(f"p{i}", None, text, None) for i, text in enumerate(texts)]
    return {(e.label, e.text) for e in detect_entities(nlp, passages, "2026-03-01")}


@needs_model
def test_places_after_prepositions_and_place_nouns(nlp: Language) -> None:
    found = _found(nlp, "De opvang in Zuiderbroek-Oost sluit; de gemeente Hessel-Vaart en regio Noordkwartier "
                        "bieden plekken.")
    assert {("LOCATIE", "Zuiderbroek-Oost"), ("LOCATIE", "Hessel-Vaart"), ("LOCATIE", "Noordkwartier")} <= found


@needs_model
def test_a_list_of_places_and_an_apostrophe_name(nlp: Language) -> None:
    found = _found(nlp, "Er zijn locaties in 's-Gravenmoer, Lutjebrug en Oudeweer.")
    assert {("LOCATIE", "'s-Gravenmoer"), ("LOCATIE", "Lutjebrug"), ("LOCATIE", "Oudeweer")} <= found


@needs_model
def test_persons_with_title_function_initials_and_motion(nlp: Language) -> None:
    found = _found(nlp, "Wethouder Annelies Brinkhorst van Oudeweer en mevrouw K.L. van der Meulen-Faber "
                        "spraken over de motie-Tjalsma.")
    assert ("PERSOON", "Annelies Brinkhorst") in found and ("LOCATIE", "Oudeweer") in found
    assert ("PERSOON", "K.L. van der Meulen-Faber") in found and ("PERSOON", "Tjalsma") in found


@needs_model
def test_a_motion_compound_splits_before_the_name_only(nlp: Language) -> None:
    # The "motie-" head once matched inside a word: "Kamermotie-Bosma" became "Kamerm" + "otie-Bosma".
    words = [t.text for t in nlp("De Kamermotie-Bosma en de motie-Tjalsma.")]
    assert words[:4] == ["De", "Kamermotie-", "Bosma", "en"] and "motie-" in words and "Tjalsma" in words
    found = _found(nlp, "Zij wezen op de Kamermotie-Bosma.")
    assert ("PERSOON", "Bosma") in found


@needs_model
def test_a_later_surname_alone_is_the_same_person(nlp: Language) -> None:
    found = _found(nlp, "Projectleider Daphne Kreukniet opende de locatie.", "Kreukniet wees op de wachtlijst.")
    assert ("PERSOON", "Daphne Kreukniet") in found and ("PERSOON", "Kreukniet") in found


@needs_model
def test_organisations_and_acronyms_are_not_places(nlp: Language) -> None:
    found = _found(nlp, "Onderzoeker Meindertsma van de Universiteit Twente werkt bij het COA in Almelo.")
    assert ("PERSOON", "Meindertsma") in found
    assert not any(text.startswith(("van", "Universiteit", "COA")) for label, text in found if label != "ORG")


def test_blank_pipeline_has_no_model_names() -> None:
    nlp = build_nlp(BLANK)
    assert not has_model(nlp) and "vng_model_names" not in nlp.pipe_names


def test_surname_forms() -> None:
    assert surname_forms("Hermien ten Brake-Oduya") == {"ten Brake-Oduya", "Ten Brake-Oduya"}
    assert surname_forms("E.M. Lankveld") == {"Lankveld"}
    assert surname_forms("Van Dommelen-Arts") == {"Van Dommelen-Arts"}


def test_contexts_file_is_validated_loudly() -> None:
    assert "in" in name_contexts().place_after_preposition
    with pytest.raises(DataFileError):
        parse_name_contexts("person_before: [mevrouw]\n")
    with pytest.raises(DataFileError):
        parse_name_contexts("[unclosed")
