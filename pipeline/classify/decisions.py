"""Labels, the prediction record and the decision rules shared by the scikit-learn models (model.py)
and the scikit-learn-free inference (linear.py)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from pipeline.classify.cues import request_rule
from pipeline.classify.inputs import PassageInput
from pipeline.types import STANCES, THEMES, Stance

RequestMode = Literal["model", "rule", "rule_or_model"]
REQUEST_MODES: tuple[RequestMode, ...] = ("model", "rule", "rule_or_model")


@dataclass(frozen=True)
class Predictions:
    """Model outputs for a batch of passages, rows in input order."""

    theme_probs: np.ndarray  # (n, len(THEMES))
    themes: tuple[tuple[str, ...], ...]
    stance_probs: np.ndarray  # (n, 3) in STANCES order
    stances: tuple[Stance, ...]
    request_probs: np.ndarray  # (n,)
    request_rules: tuple[bool, ...]
    requests: tuple[bool, ...]


# --- decisions ----------------------------------------------------------------------------------
def decide_themes(probs: np.ndarray, threshold: float) -> tuple[tuple[str, ...], ...]:
    """Themes at or above the threshold, most probable first; at least the top one."""
    out: list[tuple[str, ...]] = []
    for row in probs:
        order = sorted(range(len(THEMES)), key=lambda i: (-row[i], i))
        chosen = [THEMES[i] for i in order if row[i] >= threshold] or [THEMES[order[0]]]
        out.append(tuple(chosen))
    return tuple(out)


def decide_requests(probs: np.ndarray, rules: Sequence[bool], mode: RequestMode) -> tuple[bool, ...]:
    model = [bool(p >= 0.5) for p in probs]
    if mode == "rule":
        return tuple(bool(r) for r in rules)
    if mode == "rule_or_model":
        return tuple(bool(r) or m for r, m in zip(rules, model, strict=True))
    return tuple(model)


def stance_columns(classes: Sequence[object], probs: np.ndarray) -> np.ndarray:
    """Probabilities in STANCES order, with 0 for a stance the training data did not have."""
    classes = list(classes)
    out = np.zeros((probs.shape[0], len(STANCES)))
    for j, stance in enumerate(STANCES):
        if stance in classes:
            out[:, j] = probs[:, classes.index(stance)]
    return out


def assemble(inputs: Sequence[PassageInput], theme_probs: np.ndarray, stance_probs: np.ndarray,
             request_probs: np.ndarray, theme_threshold: float, request_mode: RequestMode) -> Predictions:
    """The prediction record from the three models' probabilities (stances in STANCES order)."""
    rules = tuple(request_rule(item.text, item.bullet) for item in inputs)
    return Predictions(
        theme_probs=theme_probs,
        themes=decide_themes(theme_probs, theme_threshold),
        stance_probs=stance_probs,
        stances=tuple(STANCES[int(np.argmax(row))] for row in stance_probs),
        request_probs=request_probs,
        request_rules=rules,
        requests=decide_requests(request_probs, rules, request_mode),
    )


def no_predictions() -> Predictions:
    """The record for an empty batch."""
    return Predictions(np.zeros((0, len(THEMES))), (), np.zeros((0, len(STANCES))), (), np.zeros(0), (), ())
