"""The trained statement model: logistic regression over target-marked features (evidence.features),
kept as plain weights in models/statements.json, so a run predicts without importing scikit-learn.

Training (scikit-learn) is in training.py; the shipped model's recipe in shipping.py:

    python -m pipeline.stance.shipping      # retrain and write models/statements.json
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.errors import ModelError
from pipeline.paths import checkout, models_dir, package_dir
from pipeline.types import STANCES

FORMAT = 1
RETRAIN = "python -m pipeline.stance.shipping"


def model_file() -> Path:
    """models/statements.json of the models in use (the package's, or $VNG_MODELS)."""
    return models_dir() / "statements.json"


@dataclass(frozen=True)
class StatementModel:
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    meta: dict[str, object]

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(self.meta.get("groups", ()))  # type: ignore[arg-type]

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        logits = list(self.intercept)
        for name, value in feats.items():
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    logits[k] += w * value
        top = max(logits)
        exp = [math.exp(v - top) for v in logits]
        total = sum(exp)
        probs = {c: e / total for c, e in zip(self.classes, exp, strict=True)}
        return {s: round(probs.get(s, 0.0), 4) for s in STANCES}

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "classes": list(self.classes), "intercept": list(self.intercept),
                           "weights": {k: list(v) for k, v in self.weights.items()}, "meta": self.meta},
                          ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def save(model: StatementModel, path: Path | None = None) -> Path:
    path = path or model_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(model.to_json(), encoding="utf-8")
    temp.replace(path)
    return path


@cache
def load(path: Path | None = None) -> StatementModel:
    """The model in `path` (default: model_file()); ModelError if it is missing, of another format, or
    trained on other versions of its source files than this checkout's."""
    path = path or model_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ModelError(f"{path}: no readable statement model ({error}); run `{RETRAIN}`") from error
    if data.get("format") != FORMAT:
        raise ModelError(f"{path}: statement model format {data.get('format')!r}, expected {FORMAT}; retrain it")
    sources = data.get("meta", {}).get("sources", {})
    stale = [name for name, digest in sources.items() if _digest(Path(name)) not in (digest, None)]
    if stale:
        raise ModelError(f"{path}: trained on other versions of {', '.join(stale)}; run `{RETRAIN}`")
    return StatementModel(tuple(data["classes"]), tuple(data["intercept"]),
                          {k: tuple(v) for k, v in data["weights"].items()}, data.get("meta", {}))


def _digest(relative: Path) -> str | None:
    """The digest of a source file named relative to the checkout (in a wheel: to the folder holding the
    package); None when it is not there (an installed wheel has no corpora: not stale)."""
    path = (checkout() or package_dir().parent) / relative
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
