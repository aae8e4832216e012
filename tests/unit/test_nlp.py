"""build_nlp: components, pipe analysis, sentences, and a statistical model's entities merged under ours."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import is_package

import pipeline.nlp as nlp_module
from pipeline.entities import detect_entities
from pipeline.nlp import BLANK, RULE_COMPONENTS, STATISTICAL_MODELS, build_nlp, has_model, resolve_model_name
from pipeline.types import Passage


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def test_components_and_order(nlp: Language) -> None:
    with_model = ["vng_model_names"] if has_model(nlp) else []  # proper nouns in context need the tagger
    assert nlp.pipe_names == ["vng_sentences", *RULE_COMPONENTS, *with_model, "vng_merge", "vng_normalizer"]


def test_pipe_analysis_has_no_problems(nlp: Language) -> None:
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert all(not found for found in problems.values()), problems


def test_logs_which_pipeline_is_used(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="vng"):
        build_nlp()
    expected = "blank Dutch pipeline" if resolve_model_name() == BLANK else "spaCy pipeline"
    assert any(expected in record.getMessage() for record in caplog.records)


no_installed_model = pytest.mark.skipif(any(is_package(name) for name in STATISTICAL_MODELS),
                                        reason="an nl_core_news model is installed: it is used before ours")


@no_installed_model
def test_missing_shipped_model_warns_and_falls_back_to_blank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(nlp_module, "SHIPPED_MODEL", tmp_path / "nl_vng_core")
    with caplog.at_level(logging.WARNING, logger="vng"):
        nlp = build_nlp()
    assert not has_model(nlp) and nlp.pipe_names[0] == "vng_sentences"
    assert any(r.levelno == logging.WARNING and "blank Dutch pipeline" in r.getMessage() for r in caplog.records)
    found = detect_entities(nlp, [Passage("p1", None, "Het COA vangt mensen op in Ter Apel.", None)], None)
    assert {(e.label, e.text) for e in found} == {("ORG", "COA"), ("LOCATIE", "Ter Apel")}


@no_installed_model
@pytest.mark.parametrize("damage", ["garbage config", "missing weights"])
def test_broken_shipped_model_warns_and_falls_back_to_blank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture, damage: str) -> None:
    folder = tmp_path / "nl_vng_core"
    if damage == "garbage config":
        folder.mkdir()
        (folder / "config.cfg").write_text("[nlp\nthis is not a config", encoding="utf-8")
    else:
        base = spacy.blank("nl")
        base.add_pipe("tagger")
        base.initialize(lambda: [Example.from_dict(base.make_doc("een zin"), {"tags": ["LID", "N"]})])
        base.to_disk(folder)
        (folder / "tagger" / "model").unlink()
    monkeypatch.setattr(nlp_module, "SHIPPED_MODEL", folder)
    with caplog.at_level(logging.WARNING, logger="vng"):
        nlp = build_nlp()
    assert not has_model(nlp) and "vng_merge" in nlp.pipe_names
    assert any(r.levelno == logging.WARNING and "cannot be loaded" in r.getMessage() for r in caplog.records)


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


def test_blank_can_be_asked_for_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="vng"):
        nlp = build_nlp(BLANK)
    assert not has_model(nlp) and nlp.pipe_names[0] == "vng_sentences"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
