"""Scoring against the gold annotations in corpora/annotations (`vng evaluate`).

Each part reads its own gold folder: entities/, passages/ (themes, stance, request, targets,
addressee) and relations/. The letters are read from ../shared/corpora/vng (third-party text that
is not in this repository), analysed by the full pipeline, and scored per label and per letter.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.types import LetterResult

REPO_ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = REPO_ROOT / "corpora" / "annotations"
REAL_CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "vng"
PARTS = ("entities", "classify", "requests", "relations", "forms", "stance")


def analyse_letters(corpus_dir: Path) -> dict[str, LetterResult]:
    """The full per-letter pipeline over every letter in corpus_dir, in memory."""
    from pipeline.analyze import find_inputs, get_engine, letter_result, read_letter

    engine = get_engine()
    inputs, _ = find_inputs(corpus_dir)
    return {item.doc_id: letter_result(read_letter(item.path, source=item.source, doc_id=item.doc_id), engine)
            for item in inputs}


def evaluate(corpus_dir: Path = REAL_CORPUS, annotations: Path = ANNOTATIONS,
             parts: Sequence[str] = PARTS) -> str:
    """Every requested part's scores as text."""
    sections: list[str] = []
    results = analyse_letters(corpus_dir) if set(parts) & {"entities", "requests", "relations"} else {}
    if "entities" in parts:
        from pipeline.evaluate.entities import load_gold, render_entity_scores, score_entities

        from pipeline.evaluate.entities import score_heldout
        from pipeline.evaluate.entities_lolo import render_lolo, run_lolo

        gold = load_gold(annotations / "entities")
        sections.append("Entities on the real letters (in-sample: the rules were written reading them)\n"
                        + render_entity_scores(score_entities(gold, {k: v for k, v in results.items() if k in gold})))
        sections.append("Entities, leave-one-letter-out (lexicon entries seen only in the held-out letter removed)\n"
                        + render_lolo(run_lolo(corpus_dir, annotations / "entities")))
        sections.append("Entities on the held-out fictional letters (corpora/heldout; used for fixes after scoring)\n"
                        + render_entity_scores(score_heldout()))
    if "classify" in parts:
        from pipeline.evaluate.classify import render_text, run_evaluation

        sections.append(render_text(run_evaluation(corpus_dir, annotations / "passages")))
    if "requests" in parts:
        from pipeline.evaluate.requests import render_request_scores, score_requests

        sections.append(render_request_scores(score_requests(annotations / "passages", results)))
    if "relations" in parts:
        from pipeline.evaluate.relations import evaluate_relations

        sections.append(evaluate_relations(corpus_dir, annotations / "relations", results))
    if "forms" in parts:
        from pipeline.evaluate.forms import (CASES_BATCH2, load_cases, render_case_scores, render_letter_dates,
                                             score_cases, score_letter_dates)

        sections.append(render_case_scores(score_cases()))
        sections.append(render_case_scores(score_cases(load_cases(CASES_BATCH2)), title=(
            "Second batch (pipeline/evaluate/forms_batch2.jsonl), written after the rules for the first")))
        sections.append(render_letter_dates(score_letter_dates()))
    if "stance" in parts:
        from pipeline.evaluate.stance import render, run

        sections.append(render(run(corpus_dir)))
    return "\n\n".join(sections)
