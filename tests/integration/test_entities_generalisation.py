"""How the entity rules generalise: held-out fictional letters and leave-one-letter-out.

The floors are the scores measured when the test was written, rounded down; none is higher than
what was measured. Held-out letters: corpora/heldout (all eight have been used to improve the
rules since, so these are regression floors, not estimates for unseen letters; the blind scores
are in corpora/heldout/README.md). Leave-one-letter-out needs the real letters in
../shared/corpora/vng and is skipped without them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate.entities import (
    ALL,
    HELDOUT_CORPUS,
    HELDOUT_GOLD,
    EntityScores,
    error_lines,
    load_gold,
    predict_entities,
    score_entities,
)
from pipeline.nlp import build_nlp
from tests.conftest import SHARED_CORPUS

# Strict-span F1 per letter (all labels) as measured: ho08 misses nothing but reads
# "één nationaal (en regionaal partnerschapsplan)" as a quantity; every other letter scores 1.00.
LETTER_FLOORS = {
    "ho01_brief_eerste_kamer_migratiepact_2025": 1.0,
    "ho02_ledenbrief_cijfers_normbedragen_2026": 1.0,
    "ho03_position_paper_terugkeer_2025": 1.0,
    "ho04_kamerbrief_volkshuisvesting_regelgeving_2026": 1.0,
    "ho05_consultatiereactie_inburgering_2026": 1.0,
    "ho06_ledenbrief_oekraine_verlenging_2025": 1.0,
    "ho07_inbreng_voorjaarsnota_financien_2026": 1.0,
    "ho08_position_paper_europese_fondsen_2026": 0.98,
}
# Strict-span F1 per label over all held-out letters (measured: AANTAL 0.994, the rest 1.00).
LABEL_FLOORS = {"WET": 1.0, "MINISTER": 1.0, "ORG": 1.0, "PERSOON": 1.0, "LOCATIE": 1.0, "DATUM": 1.0,
                "AANTAL": 0.99, ALL: 0.99}
# Leave-one-letter-out strict-span F1 (measured: 001 1.00, 002 0.979, 004 0.959; all letters 0.976).
LOLO_FLOORS = {"001_550deb8e279389dc": 1.0, "002_a2fece1ccbfcf957": 0.97, "004_c43955ed5106532c": 0.95, ALL: 0.97}


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


@pytest.fixture(scope="module")
def gold() -> dict:
    return load_gold(HELDOUT_GOLD)


@pytest.fixture(scope="module")
def heldout(nlp, gold) -> EntityScores:  # type: ignore[no-untyped-def]
    return score_entities(gold, predict_entities(HELDOUT_CORPUS, nlp, only=gold))


def test_every_heldout_letter_has_gold_and_is_marked_fictional(gold: dict) -> None:
    letters = sorted(p.stem for p in HELDOUT_CORPUS.glob("*.txt"))
    assert letters == sorted(gold) == sorted(LETTER_FLOORS)
    for stem in letters:
        first = (HELDOUT_CORPUS / f"{stem}.txt").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("FICTIEF VOORBEELD"), stem
    assert "FICTIEF VOORBEELD" in (HELDOUT_CORPUS / "README.md").read_text(encoding="utf-8")


def test_all_heldout_gold_is_located(heldout: EntityScores) -> None:
    assert heldout.unlocated == ()


@pytest.mark.parametrize("letter", sorted(LETTER_FLOORS))
def test_heldout_letter_scores(heldout: EntityScores, letter: str) -> None:
    assert heldout.spans[letter][ALL].f1 >= LETTER_FLOORS[letter]


def test_heldout_label_scores(heldout: EntityScores) -> None:
    totals = heldout.total("spans")
    low = {label: round(totals[label].f1, 3) for label, floor in LABEL_FLOORS.items() if totals[label].f1 < floor}
    assert not low, low
    assert heldout.total("canonical")[ALL].f1 >= 0.99


def test_heldout_values(heldout: EntityScores) -> None:
    values = heldout.total_values()
    assert values["DATUM"].accuracy == 1.0
    assert values["AANTAL"].accuracy == 1.0


def test_heldout_errors_are_the_known_ones(nlp, gold) -> None:  # type: ignore[no-untyped-def]
    predicted = predict_entities(HELDOUT_CORPUS, nlp, only=gold)
    assert error_lines(gold, predicted) == [
        "ho08_position_paper_europese_fondsen_2026: FP AANTAL 'één nationaal' (rule words)"]


def test_heldout_letters_as_pdf_score_the_same(  # type: ignore[no-untyped-def]
        nlp, gold, heldout: EntityScores, tmp_path: Path) -> None:
    from tests.render_pdf import blocks_from_text, render_letter_pdf

    for source in sorted(HELDOUT_CORPUS.glob("*.txt")):
        render_letter_pdf(blocks_from_text(source.read_text(encoding="utf-8")), tmp_path / f"{source.stem}.pdf",
                          title="FICTIEF VOORBEELD", seed=0)
    scores = score_entities(gold, predict_entities(tmp_path, nlp, only=gold))
    assert scores.unlocated == ()
    assert scores.total("spans")[ALL].f1 >= LABEL_FLOORS[ALL]


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="the real letters (../shared/corpora/vng) are not available")
def test_leave_one_letter_out_runs() -> None:
    from pipeline.evaluate.entities_lolo import render_lolo, run_lolo

    result = run_lolo()
    assert result.scores.letters == sorted(LOLO_FLOORS.keys() - {ALL})
    assert result.in_sample.total("spans")[ALL].f1 == 1.0
    for letter in result.scores.letters:
        assert result.scores.spans[letter][ALL].f1 >= LOLO_FLOORS[letter], letter
    assert result.scores.total("spans")[ALL].f1 >= LOLO_FLOORS[ALL]
    # letters 002 and 004 name bodies and places no other letter names; those forms were left out
    assert result.dropped["002_a2fece1ccbfcf957"]["orgs.yaml"]
    assert "IND" in result.dropped["004_c43955ed5106532c"]["orgs.yaml"]
    text = render_lolo(result)
    assert "Leave-one-letter-out" in text and "Forms left out per letter" in text


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="the real letters (../shared/corpora/vng) are not available")
def test_a_reduced_pipeline_does_not_leak_into_later_ones() -> None:
    from pipeline.evaluate import ANNOTATIONS

    gold = load_gold(ANNOTATIONS / "entities")
    reduced = build_nlp(without={"orgs.yaml": ["IND", "Immigratie- en Naturalisatiedienst"]})
    full = build_nlp()
    letter = "004_c43955ed5106532c"
    with_reduced = predict_entities(SHARED_CORPUS, reduced, only=[letter])[letter]
    with_full = predict_entities(SHARED_CORPUS, full, only=[letter])[letter]
    assert not any(e.text == "IND" for e in with_reduced.entities)
    assert any(e.text == "IND" for e in with_full.entities)
    assert score_entities({letter: gold[letter]}, {letter: with_full}).spans[letter][ALL].f1 == 1.0
