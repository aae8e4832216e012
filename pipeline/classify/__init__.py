"""Stage: passage classification (themes, stance, request) and targets (the measures a passage is about).

    models = ensure_inference_models()
    passages = classify_passages(letter.passages, models, entities_by_passage)

Training and cross-validation live in model.py / features.py / train.py (scikit-learn); prediction
in a run uses linear.py, the same models as plain arrays, so that `vng analyze` never imports
scikit-learn unless it has to retrain. The hand-written cues are in cues.yaml / cues.py, the measure
matcher in pipeline/concepts/measures.py.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from pipeline.classify.decisions import STANCES, Predictions, decide_themes
from pipeline.classify.inputs import PassageInput
from pipeline.classify.linear import (
    DEFAULT_MODEL_DIR,
    META_FILE,
    InferenceModels,
    load_inference_models,
)
from pipeline.concepts import measures
from pipeline.errors import ModelError
from pipeline.types import THEMES, Entity, Passage

__all__ = ["InferenceModels", "classify_passages", "ensure_inference_models", "passage_targets", "predict_letter"]

log = logging.getLogger("vng.classify")


class Predictor(Protocol):
    """Models.predict (scikit-learn, for training and evaluation) or InferenceModels.predict (runs)."""

    @property
    def theme_threshold(self) -> float: ...

    def predict(self, inputs: Sequence[PassageInput]) -> Predictions: ...


INHERIT_DEFAULT: tuple[str, ...] = ("lead_in", "heading")


def ensure_inference_models(directory: Path = DEFAULT_MODEL_DIR,
                            on_stale: Literal["raise", "retrain"] = "raise") -> InferenceModels:
    """The exported models in `directory` for prediction, without importing scikit-learn.

    No model yet: one is trained from the repository's data and saved (as `ensure_models` does). A
    model that does not match this checkout raises ModelError, or with on_stale="retrain" is replaced
    by one trained in memory (a warning is logged; the files are left alone)."""
    try:
        return load_inference_models(directory)
    except ModelError as error:
        if (directory / META_FILE).is_file() and on_stale != "retrain":
            raise
        reason = error
    # Training needs scikit-learn, which a run that only predicts never imports.
    from pipeline.classify.model import compile_models  # noqa: PLC0415 - scikit-learn, for training only
    from pipeline.classify.train import ensure_models  # noqa: PLC0415 - scikit-learn, for training only

    if (directory / META_FILE).is_file():
        log.warning("%s; using a model trained just now", reason)
        return compile_models(ensure_models(directory, on_stale="retrain"))
    return compile_models(ensure_models(directory))


LEAD_IN_WEIGHT = 0.5  # share of a list item's theme scores that comes from its lead-in paragraph


def lead_ins(passages: Sequence[Passage]) -> list[int | None]:
    """For each list item, the index of the paragraph that introduces its list (same section, ends
    with ":", only list items in between); None for everything else."""
    out: list[int | None] = []
    for index, passage in enumerate(passages):
        found: int | None = None
        if passage.kind == "list_item":
            back = index - 1
            while back >= 0 and passages[back].kind == "list_item" and passages[back].section == passage.section:
                back -= 1
            if back >= 0 and passages[back].section == passage.section and passages[back].text.rstrip().endswith(":"):
                found = back
        out.append(found)
    return out


def _own_targets(passage: Passage, entities: Sequence[Entity]) -> list[str]:
    matches = measures.find_measures(passage.text)
    names = [m.canonical for m in matches]
    table = measures.load_measures()
    for entity in entities:
        # A law the entity stage found but the measure table does not cover is a target too.
        if entity.label != "WET" or any(m.start < entity.end and entity.start < m.end for m in matches):
            continue
        names.append(table.by_lower.get(entity.canonical.lower(), entity.canonical))
    return list(dict.fromkeys(names))


def passage_targets(passages: Sequence[Passage], entities_by_passage: Mapping[str, Sequence[Entity]] | None = None,
                    inherit: Sequence[str] = INHERIT_DEFAULT) -> list[tuple[str, ...]]:
    """Targets per passage: the measures it names; one that names none inherits, in this order,
    - "lead_in": a list item takes the targets of the paragraph that introduces its list;
    - "heading": the measures named in its section heading;
    - "section": the first targets found earlier in the same section."""
    entities_by_passage = entities_by_passage or {}
    own = [_own_targets(p, entities_by_passage.get(p.id, ())) for p in passages]
    leads = lead_ins(passages)
    result: list[tuple[str, ...]] = []
    for index, passage in enumerate(passages):
        found = own[index]
        lead = leads[index]
        if not found and "lead_in" in inherit and lead is not None:
            found = own[lead]
        if not found and "heading" in inherit and passage.section:
            found = [m.canonical for m in measures.find_measures(passage.section)]
        if not found and "section" in inherit:
            earlier = (own[j] for j in range(index) if passages[j].section == passage.section and own[j])
            found = next(earlier, [])
        result.append(tuple(dict.fromkeys(found)))
    return result


def _rounded(values: Sequence[float], labels: Sequence[str]) -> dict[str, float]:
    return {label: round(float(min(1.0, max(0.0, value))), 4) for label, value in zip(labels, values, strict=True)}


def predict_letter(passages: Sequence[Passage], models: Predictor) -> Predictions:
    """The models over all passages of one letter in one batch, with the letter's structure applied:
    a list item's theme scores are mixed with those of its lead-in paragraph ("Oorzaken zijn:" ->
    short items that name no theme of their own)."""
    inputs = [PassageInput(text=p.text, bullet=p.bullet, section=p.section) for p in passages]
    predictions = models.predict(inputs)
    leads = lead_ins(passages)
    if all(lead is None for lead in leads):
        return predictions
    probs = np.array(predictions.theme_probs, copy=True)
    for index, lead in enumerate(leads):
        if lead is not None:
            own, introduced = predictions.theme_probs[index], predictions.theme_probs[lead]
            probs[index] = (1 - LEAD_IN_WEIGHT) * own + LEAD_IN_WEIGHT * introduced
    return replace(predictions, theme_probs=probs, themes=decide_themes(probs, models.theme_threshold))


def classify_passages(passages: Sequence[Passage], models: Predictor,
                      entities_by_passage: Mapping[str, Sequence[Entity]] | None = None,
                      predictions: Predictions | None = None) -> tuple[Passage, ...]:
    """New Passages with themes, theme_scores, stance, stance_scores, request and targets filled in.

    All passages of a letter go through each model in one batch. `predictions`: `predict_letter` of these
    passages with these models, made ahead (it reads only their text, bullet and section)."""
    if not passages:
        return ()
    if predictions is None:
        predictions = predict_letter(passages, models)
    targets = passage_targets(passages, entities_by_passage)
    out: list[Passage] = []
    for index, passage in enumerate(passages):
        out.append(replace(
            passage,
            themes=predictions.themes[index],
            theme_scores=_rounded(predictions.theme_probs[index], THEMES),
            stance=predictions.stances[index],
            stance_scores=_rounded(predictions.stance_probs[index], STANCES),
            request=predictions.requests[index],
            targets=targets[index],
        ))
    return tuple(out)
