"""build_nlp: components, pipe analysis, sentences, and a statistical model's entities merged under ours."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from pipeline.entities import detect_entities
from pipeline.nlp import RULE_COMPONENTS, build_nlp
from pipeline.types import Passage


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def test_components_and_order(nlp: Language) -> None:
    assert nlp.pipe_names == ["vng_sentences", *RULE_COMPONENTS, "vng_merge", "vng_normalizer"]


def test_pipe_analysis_has_no_problems(nlp: Language) -> None:
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert all(not found for found in problems.values()), problems


def test_logs_which_pipeline_is_used(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="vng"):
        build_nlp()
    assert any("blank Dutch pipeline" in record.getMessage() for record in caplog.records)


def _sentences(nlp: Language, text: str) -> list[str]:
    return [s.text for s in nlp(text).sents]


@pytest.mark.parametrize(("text", "count"), [
    ("Dit is een zin. Dit is er nog een.", 2),
    ("Gemeenten zoals o.a. Zwolle doen mee. Ook t.a.v. de opvang.", 2),
    ("Het bedrag is ca. 5 mln. euro en mr. Jansen tekent.", 1),
    ("De Kamer stemde op 3 juli jl. in met de wet.", 1),
    ("De Kamer vergaderde op 3 juli jl. De VNG was er ook.", 2),
    ("Het overleg is op 1 mei a.s. Daarna volgt een besluit.", 2),
    ("Zie bijv. Nr. 5 en art. 12 van de wet.", 1),
    ("Waarom? Omdat het moet! Echt.", 3),
])
def test_sentences_respect_dutch_abbreviations(nlp: Language, text: str, count: int) -> None:
    assert len(_sentences(nlp, text)) == count, _sentences(nlp, text)


def test_abbreviations_stay_one_token(nlp: Language) -> None:
    assert [t.text for t in nlp.make_doc("€ 2 mld. en de IND. Daarna")] == ["€", "2", "mld.", "en", "de", "IND", ".", "Daarna"]


def test_a_saved_pipeline_is_loaded_and_its_entities_merged_under_ours(tmp_path: Path) -> None:
    """Stands in for nl_core_news_lg: a saved pipeline whose ner-like component uses OntoNotes labels."""
    base = spacy.blank("nl")
    ruler = base.add_pipe("entity_ruler")
    ruler.add_patterns([  # type: ignore[attr-defined]
        {"label": "PERSON", "pattern": "Anna de Wit"},
        {"label": "LOC", "pattern": "Waddenzee"},
        {"label": "ORG", "pattern": "kabinet"},  # generic: dropped
        {"label": "NORP", "pattern": "Nederlandse"},  # adjective: no mapping, dropped
        {"label": "GPE", "pattern": "Ter Apel"},  # ours (LOCATIE from the gazetteer) win
        {"label": "PERSON", "pattern": "COA"},  # ours win on label: ORG
        {"label": "DATE", "pattern": [{"LOWER": "maart"}]},  # dates are ours
    ])
    path = tmp_path / "model"
    base.to_disk(path)
    nlp = build_nlp(str(path))
    assert nlp.pipe_names[:2] == ["vng_sentences", "entity_ruler"] and "vng_merge" in nlp.pipe_names
    text = "Anna de Wit van het COA en het kabinet zagen de Nederlandse Waddenzee bij Ter Apel in maart 2025."
    found = {(e.label, e.text, e.rule) for e in detect_entities(nlp, [Passage("p1", None, text, None)], None)}
    assert found == {
        ("PERSOON", "Anna de Wit", "model"), ("ORG", "COA", "lexicon"), ("LOCATIE", "Waddenzee", "model"),
        ("LOCATIE", "Ter Apel", "lexicon"), ("DATUM", "maart 2025", "explicit"),
    }


def test_unknown_model_raises_oserror() -> None:
    with pytest.raises(OSError, match="no_such_spacy_model_xyz"):
        build_nlp("no_such_spacy_model_xyz")
