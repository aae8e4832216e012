"""Scoring against the gold annotations in corpora/annotations (`vng evaluate`).

Each part reads its own gold folder: entities/, passages/ (themes, stance, request, targets,
addressee) and relations/. The letters are read from ../shared/corpora/vng (third-party text that
is not in this repository), analysed by the full pipeline, and scored per label and per letter.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.evaluate.classify import render_text, run_evaluation
from pipeline.evaluate.entities import (
    load_gold,
    render_entity_scores,
    score_entities,
    score_heldout,
)
from pipeline.evaluate.entities_lolo import render_lolo, run_lolo
from pipeline.evaluate.forms import (
    CASES_BATCH2,
    load_cases,
    render_case_scores,
    render_letter_dates,
    score_cases,
    score_letter_dates,
)
from pipeline.evaluate.letters import ANNOTATIONS, REAL_CORPUS, analyse_letters
from pipeline.evaluate.relations import evaluate_relations
from pipeline.evaluate.requests import render_request_scores, score_requests
from pipeline.evaluate.stance import render as render_stance
from pipeline.evaluate.stance import run as run_stance

__all__ = ["ANNOTATIONS", "PARTS", "REAL_CORPUS", "analyse_letters", "evaluate"]

PARTS = ("entities", "classify", "requests", "relations", "forms", "stance")


def evaluate(corpus_dir: Path = REAL_CORPUS, annotations: Path = ANNOTATIONS,
             parts: Sequence[str] = PARTS) -> str:
    """Every requested part's scores as text."""
    sections: list[str] = []
    results = analyse_letters(corpus_dir) if set(parts) & {"entities", "requests", "relations"} else {}
    if "entities" in parts:
        gold = load_gold(annotations / "entities")
        sections.append("Entities on the real letters (in-sample: the rules were written reading them)\n"
                        + render_entity_scores(score_entities(gold, {k: v for k, v in results.items() if k in gold})))
        sections.append("Entities, leave-one-letter-out (lexicon entries seen only in the held-out letter removed)\n"
                        + render_lolo(run_lolo(corpus_dir, annotations / "entities")))
        sections.append("Entities on the held-out fictional letters (corpora/heldout; used for fixes after scoring)\n"
                        + render_entity_scores(score_heldout()))
    if "classify" in parts:
        sections.append(render_text(run_evaluation(corpus_dir, annotations / "passages")))
    if "requests" in parts:
        sections.append(render_request_scores(score_requests(annotations / "passages", results)))
    if "relations" in parts:
        sections.append(evaluate_relations(corpus_dir, annotations / "relations", results))
    if "forms" in parts:
        sections.append(render_case_scores(score_cases()))
        sections.append(render_case_scores(score_cases(load_cases(CASES_BATCH2)), title=(
            "Second batch (pipeline/evaluate/forms_batch2.jsonl), written after the rules for the first")))
        sections.append(render_letter_dates(score_letter_dates()))
    if "stance" in parts:
        sections.append(render_stance(run_stance(corpus_dir)))
    return "\n\n".join(sections)
