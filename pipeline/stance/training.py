"""Training the statement model (scikit-learn: imported only when a model is trained).

`fit` turns feature rows into a StatementModel of plain weights (model.py). The examples here come
from the fictional hard-case passages (corpora/training/statements.jsonl) and from analysed letters
with gold statements; the shipped model's recipe, which adds the real letters, is in shipping.py.
The fictional example corpus and the blind letters are never trained on: they measure the stage.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.classify import ensure_inference_models
from pipeline.classify.inputs import PassageInput
from pipeline.paths import package_dir, relative_to_checkout
from pipeline.stance.data import GoldStatement, align, read_training, training_file
from pipeline.stance.evidence import SHIPPED_GROUPS, Evidence, features, passage_evidence
from pipeline.stance.model import StatementModel
from pipeline.stance.rules import RULES_FILE, co_signers_of, load_rules
from pipeline.types import STANCES, LetterResult

C = 1.0


def fit(rows: Sequence[dict[str, float]], labels: Sequence[str], sample_weight: Sequence[float] | None = None,
        meta: dict[str, object] | None = None) -> StatementModel:
    """Logistic regression (scikit-learn) exported to plain weights, rounded so files are stable."""
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=0)
    model.fit(matrix, list(labels), sample_weight=list(sample_weight) if sample_weight is not None else None)
    classes = tuple(str(c) for c in model.classes_)
    coef = model.coef_
    if len(classes) == 2:  # binary: one row; expand to one per class
        coef = [[-v for v in coef[0]], list(coef[0])]
        intercept: tuple[float, ...] = (-float(model.intercept_[0]), float(model.intercept_[0]))
    else:
        intercept = tuple(float(v) for v in model.intercept_)
    weights = {}
    for index, name in enumerate(vectorizer.get_feature_names_out()):
        row = tuple(round(float(coef[k][index]), 5) for k in range(len(classes)))
        if any(row):
            weights[str(name)] = row
    return StatementModel(classes, tuple(round(v, 5) for v in intercept), weights, dict(meta or {}))


@dataclass(frozen=True)
class Example:
    group: str  # "training" or the doc_id of the letter
    target: str
    stance: str
    evidence: Evidence
    passage_scores: dict[str, float]
    passage_stance: str | None  # today's passage stance (the baseline)
    passage_id: str

    def features(self, groups: tuple[str, ...] = SHIPPED_GROUPS) -> dict[str, float]:
        return features(self.evidence, self.passage_scores, groups)


def training_examples() -> list[Example]:
    records = read_training(training_file())
    texts = list(dict.fromkeys(r.text for r in records))
    predictions = ensure_inference_models(on_stale="retrain").predict([PassageInput(text=t) for t in texts])
    scores: dict[str, dict[str, float]] = {
        t: {s: round(float(p), 4) for s, p in zip(STANCES, predictions.stance_probs[i], strict=True)}
        for i, t in enumerate(texts)}
    targets_of: dict[str, list[str]] = {}
    for record in records:
        targets_of.setdefault(record.text, []).append(record.target)
    out = []
    for record in records:
        evidence = {e.target: e for e in passage_evidence(record.text, tuple(targets_of[record.text]))}[record.target]
        stance = max(scores[record.text], key=lambda s: scores[record.text][s])
        out.append(Example("training", record.target, record.stance, evidence, scores[record.text], stance, record.id))
    return out


def letter_examples(result: LetterResult, gold: Sequence[GoldStatement]) -> list[Example]:
    """The gold statements of one analysed letter, with the evidence the stage sees."""
    pairs = align(result.passages, gold)
    gold_targets: dict[str, list[str]] = {}
    for passage, record in pairs:
        gold_targets.setdefault(passage.id, []).append(record.target)
    co_signers = co_signers_of([p.text for p in result.passages], load_rules())
    cache: dict[str, dict[str, Evidence]] = {}
    out = []
    for passage, record in pairs:
        if passage.id not in cache:
            targets = tuple(dict.fromkeys([*passage.targets, *gold_targets[passage.id]]))
            cache[passage.id] = {e.target: e for e in passage_evidence(passage.text, targets, passage.sentences, co_signers)}
        out.append(Example(result.doc_id, record.target, record.stance, cache[passage.id][record.target],
                           dict(passage.stance_scores), passage.stance, passage.id))
    return out


def fit_examples(examples: Sequence[Example], meta: dict[str, object] | None = None,
                 groups: tuple[str, ...] = SHIPPED_GROUPS) -> StatementModel:
    return fit([e.features(groups) for e in examples], [e.stance for e in examples],
               meta={**(meta or {}), "groups": list(groups)})


def sources(gold_dirs: Sequence[Path] = ()) -> dict[str, str]:
    """The digests of what a model is trained on (the training passages, the cue rules and the gold
    files in `gold_dirs`), by path relative to the checkout: model.load calls a model stale by them."""
    files = [training_file(), *(p for d in gold_dirs for p in sorted(d.glob("*.jsonl"))), package_dir() / "stance" / RULES_FILE]
    return {relative_to_checkout(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def train_fictional() -> StatementModel:
    """A model trained on the fictional hard-case passages alone (no real letter is analysed): the
    stand-in when the shipped model is missing or stale."""
    examples = training_examples()
    return fit_examples(examples, meta={"sources": sources(), "examples": len(examples), "letters": []})
