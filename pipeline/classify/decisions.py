"""Labels, the prediction record and the decision rules shared by the scikit-learn models (model.py)
and the scikit-learn-free inference (linear.py)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from pipeline.types import THEMES, Stance

STANCES: tuple[Stance, ...] = ("kritisch", "neutraal", "steunend")
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
