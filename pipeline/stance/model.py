"""The trained statement model: logistic regression over target-marked features (evidence.features).

Training uses scikit-learn (DictVectorizer + LogisticRegression); the model is exported as plain
weights in models/statements.json, so a run predicts without importing scikit-learn, and the same
data give the same file byte for byte.

    python -m pipeline.stance.model      # retrain and write models/statements.json
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.errors import ModelError

log = logging.getLogger("vng.stance")
from pipeline.stance.data import STANCES

MODEL_FILE = Path(__file__).resolve().parents[2] / "models" / "statements.json"
C = 1.0
FORMAT = 1


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


def fit(rows: Sequence[dict[str, float]], labels: Sequence[str], sample_weight: Sequence[float] | None = None,
        meta: dict[str, object] | None = None) -> StatementModel:
    """Logistic regression (scikit-learn) exported to plain weights, rounded so files are stable."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=0)
    model.fit(matrix, list(labels), sample_weight=list(sample_weight) if sample_weight is not None else None)
    classes = tuple(str(c) for c in model.classes_)
    coef = model.coef_
    if len(classes) == 2:  # binary: one row; expand to one per class
        coef = [[-v for v in coef[0]], list(coef[0])]
        intercept = (-float(model.intercept_[0]), float(model.intercept_[0]))
    else:
        intercept = tuple(float(v) for v in model.intercept_)
    weights = {}
    for index, name in enumerate(vectorizer.get_feature_names_out()):
        row = tuple(round(float(coef[k][index]), 5) for k in range(len(classes)))
        if any(row):
            weights[str(name)] = row
    return StatementModel(classes, tuple(round(v, 5) for v in intercept), weights, dict(meta or {}))


def save(model: StatementModel, path: Path = MODEL_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(model.to_json(), encoding="utf-8")
    temp.replace(path)
    return path


@cache
def load(path: Path = MODEL_FILE) -> StatementModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ModelError(f"{path}: no readable statement model ({error}); run `python -m pipeline.stance.model`") from error
    if data.get("format") != FORMAT:
        raise ModelError(f"{path}: statement model format {data.get('format')!r}, expected {FORMAT}; retrain it")
    sources = data.get("meta", {}).get("sources", {})
    stale = [name for name, digest in sources.items() if _digest(Path(name)) not in (digest, None)]
    if stale:
        raise ModelError(f"{path}: trained on other versions of {', '.join(stale)}; run `python -m pipeline.stance.model`")
    return StatementModel(tuple(data["classes"]), tuple(data["intercept"]),
                          {k: tuple(v) for k, v in data["weights"].items()}, data.get("meta", {}))


@cache
def ensure_model(path: Path = MODEL_FILE) -> StatementModel:
    """The shipped model; one that does not match this checkout's data (or is missing) is replaced by
    one trained in memory, with a warning (`python -m pipeline.stance.model` refreshes the file)."""
    try:
        return load(path)
    except ModelError as error:
        log.warning("%s; using a statement model trained just now", error)
    from pipeline.stance.training import train_shipped

    return train_shipped()


def _digest(relative: Path) -> str | None:
    path = MODEL_FILE.parents[1] / relative
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def main() -> int:
    from pipeline.stance.training import train_shipped

    path = save(train_shipped())
    print(f"statement model -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
