"""Relation extraction on the real VNG letters against corpora/annotations/relations.

The letters are third-party text and are not in this repository: they are read from
../shared/corpora/vng (the `real_corpus` fixture skips when they are absent). The thresholds are
what the extractor reaches when these tests were written, rounded down; they are no promise for
letters the rules were not written on: see the leave-one-letter-out figures.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import ANNOTATIONS, analyse_letters
from pipeline.evaluate.relations import (
    FICTIONAL_SETS,
    background_texts,
    evaluate_relations,
    fictional_set_texts,
    leave_one_letter_out,
    load_gold,
    score_relations,
    sentences_of,
)
from pipeline.letter import get_engine
from pipeline.relations import claims as claims_module
from pipeline.relations import extract_claims
from pipeline.relations.cues import load_claim_cues
from pipeline.relations.legacy import extract_legacy_claims
from pipeline.relations.open_cues import candidate
from pipeline.statistical import annotate_mixed
from pipeline.types import Claim, LetterResult

REPO = Path(__file__).resolve().parents[2]
GOLD = ANNOTATIONS / "relations"

# doc_id -> (precision, recall) reached in-sample on (source, relation, target), rounded down.
IN_SAMPLE = {
    "001_550deb8e279389dc": (0.95, 0.85),
    "002_a2fece1ccbfcf957": (0.80, 0.75),
    "004_c43955ed5106532c": (0.95, 0.90),
}


@pytest.fixture(scope="module")
def results(real_corpus: Path) -> dict[str, LetterResult]:
    return analyse_letters(real_corpus)


@pytest.fixture(scope="module")
def legacy(results: dict[str, LetterResult]) -> dict[str, tuple[Claim, ...]]:
    """The closed-vocabulary stage (issue 6, legacy.py) on the letters: these tests keep measuring it;
    the run itself uses the open-vocabulary stage (tests/unit/test_claims_open.py, `vng evaluate`)."""
    return {doc_id: extract_legacy_claims(doc_id, r.passages, sentences_of(r.passages)) for doc_id, r in results.items()}


@pytest.fixture(scope="module")
def gold() -> dict:
    return load_gold(GOLD)


def test_in_sample_scores_per_letter(legacy: dict[str, tuple[Claim, ...]], gold: dict) -> None:
    scores = score_relations(gold, legacy)
    for doc_id, (precision, recall) in IN_SAMPLE.items():
        for view in (scores.triples, scores.anchored):
            counts = view[doc_id]
            assert counts.precision >= precision, (doc_id, counts)
            assert counts.recall >= recall, (doc_id, counts)
            assert counts.precision >= 0.6 and counts.recall >= 0.6  # the target of the issue


def test_leave_one_letter_out_is_reported_and_lower(results: dict[str, LetterResult], gold: dict,
                                                    legacy: dict[str, tuple[Claim, ...]]) -> None:
    letters = {doc_id: r.passages for doc_id, r in results.items()}
    strict, dropped = leave_one_letter_out(gold, letters)
    attested, _ = leave_one_letter_out(gold, letters, background=background_texts(REPO / "corpora"))
    in_sample = score_relations(gold, legacy)
    assert all(dropped[doc_id] for doc_id in gold)
    assert strict.pooled().recall <= attested.pooled().recall <= in_sample.pooled().recall
    # measured: strict pooled R 0.08 (P 0.55); with patterns attested in the fictional texts kept, R 0.32 (P 0.89)
    assert strict.pooled().recall >= 0.05
    assert attested.pooled().recall >= 0.30 and attested.pooled().precision >= 0.80


def test_evaluate_section_renders(real_corpus: Path, results: dict[str, LetterResult]) -> None:
    text = evaluate_relations(real_corpus, GOLD, results)
    for doc_id in IN_SAMPLE:
        assert doc_id in text
    assert "leave-one-letter-out" in text and "**ALL**" in text and "baseline" in text
    pooled = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if "**ALL**" in line}
    assert set(pooled) >= {"real, leave-one-letter-out", "real, LOLO, patterns attested in the fictional examples kept",
                           "real, LOLO, patterns attested in any fictional letter kept", "real, in-sample"}


def test_fictional_set_texts_read_every_set() -> None:
    sets = [(group, REPO / "corpora" / letters, REPO / "corpora" / gold) for group, letters, gold in FICTIONAL_SETS]
    texts = fictional_set_texts(sets)
    assert len(texts) == sum(len(list(letters.glob("*.txt"))) for _, letters, _ in sets) >= 40
    assert all(text.startswith("FICTIEF") for text in texts)


def test_open_stage_parses_only_cue_sentences(results: dict[str, LetterResult],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The stage's cost is the model: only sentences with a cue get the parse, the sentence before one
    at most tags and lemmas (speed itself is measured by bench/bench_relations.py, not here)."""
    calls: list[tuple[list[str], list[bool]]] = []

    def recording(nlp: object, texts: list[str], more: list[bool], *args: object, **kwargs: object) -> object:
        calls.append((list(texts), list(more)))
        return annotate_mixed(nlp, texts, more, *args, **kwargs)

    monkeypatch.setattr(claims_module, "annotate_mixed", recording)
    cues = load_claim_cues()
    nlp = get_engine().nlp
    sentences = 0
    for doc_id, result in results.items():
        spans = sentences_of(result.passages)
        sentences += sum(len(v) for v in spans.values())
        extract_claims(doc_id, result.passages, spans, nlp=nlp)
    parsed = [text for texts, more in calls for text, full in zip(texts, more, strict=True) if full]
    tagged = [text for texts, more in calls for text, full in zip(texts, more, strict=True) if not full]
    assert len(calls) == len(results) and parsed
    # a parsed sentence holds a listed cue, or opens with a subject that may be a cause (the open rule's
    # text pre-check, open_cues.candidate; a reprise is looked for in the whole letter here, a superset
    # of the sentence before)
    for result, (texts, more) in zip(results.values(), calls, strict=True):
        letter = " ".join(p.text for p in result.passages)
        assert all(cues.find(text) or candidate(text, letter) for text, full in zip(texts, more, strict=True) if full)
    assert len(tagged) <= len(parsed) and len(parsed) + len(tagged) < sentences / 2
