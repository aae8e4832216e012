"""Stage: statements, the VNG's stance toward each measure a passage is about, with the deciding sentence.

    statements = letter_statements(doc_id, date, passages)   # after classification (targets, stance)

One statement per (passage, target): the rules read the clauses about the target (evidence.py,
rules.yaml); the trained model (model.py) weighs the rule scores together with the words around the
mention and the passage's own stance, and gives the probability that is the statement's confidence.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache

from pipeline.errors import ModelError
from pipeline.stance.evidence import SHIPPED_GROUPS, Evidence, features, passage_evidence, sentence_spans
from pipeline.stance.model import StatementModel, load
from pipeline.stance.rules import co_signers_of, load_rules
from pipeline.types import Passage, Statement

log = logging.getLogger("vng.stance")

STANCE_ORDER = ("neutraal", "kritisch", "steunend")  # ties go to neutraal
_SKIP = [False]  # set while letters are analysed to train the model that makes statements


@cache
def ensure_model() -> StatementModel:
    """The shipped model; one that does not match this checkout's data (or is missing) is replaced by
    one trained in memory on the fictional hard-case passages alone, with a warning (`python -m
    pipeline.stance.shipping` refreshes the file from those and the real letters)."""
    try:
        return load()
    except ModelError as error:
        log.warning("%s; using a statement model trained just now on the fictional training passages only", error)
    # scikit-learn, for training only: a run with a current model never imports it
    from pipeline.stance.training import train_fictional  # noqa: PLC0415

    return train_fictional()


@contextmanager
def without_statements() -> Iterator[None]:
    """Analyse letters without making statements (training data for the statement model)."""
    _SKIP[0] = True
    try:
        yield
    finally:
        _SKIP[0] = False


def decide(evidence: Evidence, passage_scores: dict[str, float],
           model: StatementModel | None) -> tuple[str, dict[str, float], str]:
    """(stance, scores, method). Without a model, the rules alone (scores: 1 for the rule's stance)."""
    if model is None:
        stance = evidence.rule_stance
        return stance, {s: 1.0 if s == stance else 0.0 for s in STANCE_ORDER}, "rules"
    scores = model.probabilities(features(evidence, passage_scores, model.groups or SHIPPED_GROUPS))
    stance = max(STANCE_ORDER, key=lambda s: (scores[s], -STANCE_ORDER.index(s)))
    return stance, scores, "model"


def _sentence(text: str, span: tuple[int, int]) -> tuple[str, int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[start:end], start, end


def _actor(sentence: str, co_signers: frozenset[str]) -> str:
    if not co_signers:
        return "VNG"
    rules = load_rules()
    lowered = sentence.lower()
    named = sorted(n for n in co_signers if any(p.search(lowered) for p in rules.co_signers[n]))
    return ", ".join(["VNG", *(n.upper() if len(n) <= 4 else n.capitalize() for n in named)])


def letter_statements(doc_id: str, date: str | None, passages: Sequence[Passage],
                      model: StatementModel | None = None, use_model: bool = True) -> tuple[Statement, ...]:
    """Statements for every (passage, target) of one letter, in reading order then target order."""
    if _SKIP[0]:
        return ()
    if use_model and model is None:
        model = ensure_model()
    co_signers = co_signers_of([p.text for p in passages], load_rules())
    out: list[Statement] = []
    for passage in passages:
        if not passage.targets:
            continue
        spans = sentence_spans(passage.text, passage.sentences)
        for evidence in passage_evidence(passage.text, passage.targets, passage.sentences, co_signers):
            stance, scores, method = decide(evidence, passage.stance_scores, model if use_model else None)
            index = evidence.deciding_sentence(stance)
            sentence, start, end = _sentence(passage.text, spans[index if index is not None else 0])
            sign = {"steunend": 1, "kritisch": -1, "neutraal": 0}.get(stance)
            cues = tuple(dict.fromkeys(f"{'+' if h.sign > 0 else '-' if h.sign < 0 else '0'}{h.text}"
                                       for h in evidence.hits if sign is None or h.sign == sign))
            out.append(Statement(doc_id=doc_id, passage_id=passage.id, actor=_actor(sentence, co_signers),
                                 target=evidence.target, stance=stance,  # type: ignore[arg-type]
                                 confidence=scores[stance], scores=scores, sentence=sentence, sentence_start=start,
                                 sentence_end=end, cues=cues, method=method, date=date))
    return tuple(out)
