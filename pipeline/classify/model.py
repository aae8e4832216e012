"""The three passage classifiers (themes, stance, request): building, fitting and predicting.

- themes: OneVsRestClassifier(LogisticRegression); a theme is given when its probability reaches a
  threshold chosen by cross-validation on the training data, and every passage gets at least its
  most probable theme.
- stance: LogisticRegression (multinomial, class_weight="balanced") over kritisch/neutraal/steunend.
- request: LogisticRegression with the hand-written request rule among its features; the final
  decision is the model, the rule alone, or rule OR model, whichever cross-validates best on the
  training data (so the choice is measured, not assumed).

Everything is deterministic: fixed random_state, deterministic solvers, no parallelism.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from pipeline.classify.cues import request_rule
from pipeline.classify.decisions import (  # noqa: F401 - re-exported
    REQUEST_MODES,
    STANCES,
    Predictions,
    RequestMode,
    assemble,
    decide_requests,
    decide_themes,
    no_predictions,
    stance_columns,
)
from pipeline.classify.features import CueFeatures, FeatureConfig, PassageInput, build_features
from pipeline.classify.linear import InferenceModels, LinearModel, TfidfPart
from pipeline.errors import ModelError
from pipeline.types import THEMES, Stance


@dataclass(frozen=True)
class TrainingExample:
    """One labelled passage: fictional training data, or a gold passage of a real letter."""

    id: str
    text: str
    themes: tuple[str, ...]
    stance: Stance
    request: bool
    targets: tuple[str, ...] = ()
    bullet: str | None = None
    section: str | None = None
    group: str = "training"  # where it comes from: "training" or a letter's doc_id

    def input(self) -> PassageInput:
        return PassageInput(text=self.text, bullet=self.bullet, section=self.section)


@dataclass(frozen=True)
class ModelConfig:
    """Hyper-parameters. Fixed, not searched per run, so training is fast and reproducible."""

    theme_features: FeatureConfig = field(default_factory=lambda: FeatureConfig(cue_groups=("themes", "section")))
    stance_features: FeatureConfig = field(default_factory=lambda: FeatureConfig(cue_groups=("stance", "request")))
    request_features: FeatureConfig = field(default_factory=lambda: FeatureConfig(cue_groups=("request",)))
    theme_c: float = 10.0
    stance_c: float = 2.0
    request_c: float = 2.0
    folds: int = 5
    random_state: int = 0
    threshold_grid: tuple[float, ...] = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


DEFAULT_CONFIG = ModelConfig()


@dataclass(frozen=True, eq=False)
class Models:
    """Fitted classifiers plus the decisions taken from cross-validation."""

    themes: Pipeline
    stance: Pipeline
    request: Pipeline
    theme_threshold: float
    request_mode: RequestMode
    cv: Mapping[str, Any] = field(default_factory=dict)  # cross-validated scores on the training data
    n_examples: int = 0
    config: ModelConfig = DEFAULT_CONFIG
    training_sources: tuple[tuple[str, str, int], ...] = ()  # (path, sha256, examples)

    def predict(self, inputs: Sequence[PassageInput]) -> Predictions:
        return predict(self, inputs)


# --- building -----------------------------------------------------------------------------------
def _logistic(c: float, config: ModelConfig, solver: str = "liblinear", tol: float = 1e-4) -> LogisticRegression:
    # liblinear (primal, binary) is ten times faster than lbfgs on these wide sparse matrices; the
    # three-class stance model needs lbfgs for a true multinomial fit.
    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver=solver, tol=tol,
                              random_state=config.random_state)


def theme_pipeline(config: ModelConfig) -> Pipeline:
    return Pipeline([("features", build_features(config.theme_features)),
                     ("classifier", OneVsRestClassifier(_logistic(config.theme_c, config)))])


def stance_pipeline(config: ModelConfig) -> Pipeline:
    return Pipeline([("features", build_features(config.stance_features)),
                     ("classifier", _logistic(config.stance_c, config, solver="lbfgs", tol=1e-3))])


def request_pipeline(config: ModelConfig) -> Pipeline:
    return Pipeline([("features", build_features(config.request_features)),
                     ("classifier", _logistic(config.request_c, config))])


def theme_matrix(examples: Sequence[TrainingExample]) -> np.ndarray:
    return MultiLabelBinarizer(classes=list(THEMES)).fit_transform([ex.themes for ex in examples])


def _request_column(pipeline: Pipeline, probs: np.ndarray) -> np.ndarray:
    classes = list(pipeline.classes_)
    return probs[:, classes.index(True)] if True in classes else np.zeros(probs.shape[0])


def theme_micro_macro(gold: np.ndarray, predicted: Sequence[Sequence[str]]) -> tuple[float, float]:
    pred = MultiLabelBinarizer(classes=list(THEMES)).fit_transform(predicted)
    return (float(f1_score(gold, pred, average="micro", zero_division=0)),
            float(f1_score(gold, pred, average="macro", zero_division=0)))


# --- fitting ------------------------------------------------------------------------------------
def _check_examples(examples: Sequence[TrainingExample]) -> None:
    if len(examples) < 10:
        raise ValueError(f"training needs at least 10 labelled passages, got {len(examples)}")
    if len({ex.stance for ex in examples}) < 2 or len({ex.request for ex in examples}) < 2:
        raise ValueError("training needs at least two stances and both request values")


def _folds(labels: Sequence[object] | np.ndarray, config: ModelConfig, stratified: bool) -> KFold | StratifiedKFold:
    if stratified:
        smallest = min(np.unique(np.asarray(labels), return_counts=True)[1])
        n = max(2, min(config.folds, int(smallest)))
        return StratifiedKFold(n_splits=n, shuffle=True, random_state=config.random_state)
    return KFold(n_splits=config.folds, shuffle=True, random_state=config.random_state)


def fit_models(examples: Sequence[TrainingExample], config: ModelConfig = DEFAULT_CONFIG) -> Models:
    """Cross-validate (to choose the theme threshold and the request mode, and to report scores),
    then fit the three pipelines on all examples."""
    _check_examples(examples)
    inputs = [ex.input() for ex in examples]
    y_themes = theme_matrix(examples)
    y_stance = np.array([ex.stance for ex in examples])
    y_request = np.array([ex.request for ex in examples])

    # Themes: out-of-fold probabilities -> the threshold with the best micro-F1.
    theme_cv = cross_val_predict(theme_pipeline(config), inputs, y_themes,
                                 cv=_folds(y_stance, config, stratified=False), method="predict_proba")
    best = max(config.threshold_grid,
               key=lambda t: (theme_micro_macro(y_themes, decide_themes(theme_cv, t))[0], -abs(t - 0.5)))
    theme_micro, theme_macro = theme_micro_macro(y_themes, decide_themes(theme_cv, best))

    stance_model = stance_pipeline(config)
    stance_cv_raw = cross_val_predict(stance_model, inputs, y_stance,
                                      cv=_folds(y_stance, config, stratified=True), method="predict_proba")
    stance_classes = sorted(set(y_stance))
    stance_cv = np.array(stance_classes)[np.argmax(stance_cv_raw, axis=1)]

    request_cv_raw = cross_val_predict(request_pipeline(config), inputs, y_request,
                                       cv=_folds(y_request, config, stratified=True), method="predict_proba")
    request_cv = request_cv_raw[:, 1]
    rules = [request_rule(item.text, item.bullet) for item in inputs]
    request_scores = {mode: float(f1_score(y_request, decide_requests(request_cv, rules, mode), zero_division=0))
                      for mode in REQUEST_MODES}
    # Ties go to the earlier mode in REQUEST_MODES (the model first: it sees the rule as a feature).
    mode = max(REQUEST_MODES, key=lambda m: (request_scores[m], -REQUEST_MODES.index(m)))

    cv = {
        "folds": config.folds,
        "themes": {"micro_f1": round(theme_micro, 4), "macro_f1": round(theme_macro, 4), "threshold": best},
        "stance": {"macro_f1": round(float(f1_score(y_stance, stance_cv, average="macro", zero_division=0)), 4),
                   "accuracy": round(float(accuracy_score(y_stance, stance_cv)), 4)},
        "request": {"f1_" + m: round(s, 4) for m, s in request_scores.items()} | {"mode": mode},
    }
    themes = theme_pipeline(config).fit(inputs, y_themes)
    stance = stance_pipeline(config).fit(inputs, y_stance)
    request = request_pipeline(config).fit(inputs, y_request)
    return Models(themes=themes, stance=stance, request=request, theme_threshold=best, request_mode=mode,
                  cv=cv, n_examples=len(examples), config=config)


def predict(models: Models, inputs: Sequence[PassageInput]) -> Predictions:
    """All three models over a batch in one call each."""
    if not inputs:
        return no_predictions()
    items = list(inputs)
    theme_probs = np.asarray(models.themes.predict_proba(items), dtype=np.float64)
    stance_probs = stance_columns(models.stance.classes_, models.stance.predict_proba(items))
    request_probs = _request_column(models.request, models.request.predict_proba(items))
    return assemble(items, theme_probs, stance_probs, request_probs, models.theme_threshold, models.request_mode)


# --- export for inference without scikit-learn -------------------------------------------------------
def compile_models(models: Models) -> InferenceModels:
    """The fitted pipelines as plain arrays for linear.InferenceModels (identical probabilities).

    Refuses (ModelError) any setting the plain-array inference does not reproduce, so that a change of
    model configuration cannot silently change predictions."""
    tfidf: dict[str, TfidfPart] = {}
    keys: dict[str, str] = {}

    def part_key(vectorizer: TfidfVectorizer) -> str:
        params = vectorizer.get_params()
        expected = {"lowercase": True, "sublinear_tf": True, "norm": "l2", "use_idf": True, "binary": False,
                    "stop_words": None, "strip_accents": None, "preprocessor": None, "tokenizer": None,
                    "input": "content"}
        wrong = {k: params.get(k) for k, v in expected.items() if params.get(k) != v}
        if wrong or params["analyzer"] not in ("word", "char_wb"):
            raise ModelError(f"cannot export a TfidfVectorizer with {wrong or params['analyzer']}")
        digest = hashlib.sha256(repr((params["analyzer"], params["ngram_range"], params["token_pattern"],
                                      sorted(vectorizer.vocabulary_.items()))).encode("utf-8"))
        digest.update(np.ascontiguousarray(vectorizer.idf_, dtype=np.float64).tobytes())
        fingerprint = digest.hexdigest()
        if fingerprint not in keys:  # the three models' vectorizers are fitted alike: store each once
            keys[fingerprint] = f"p{len(keys)}"
            tfidf[keys[fingerprint]] = TfidfPart(
                params["analyzer"], tuple(params["ngram_range"]),
                params["token_pattern"] if params["analyzer"] == "word" else None,
                {str(term): int(column) for term, column in vectorizer.vocabulary_.items()},
                np.asarray(vectorizer.idf_, dtype=np.float64))
        return keys[fingerprint]

    def linear(pipeline: Pipeline) -> LinearModel:
        union: FeatureUnion = pipeline.named_steps["features"]
        weights = union.transformer_weights or {}
        parts: list[tuple[str, float]] = []
        cue_groups: tuple[str, ...] = ()
        cue_weight = 1.0
        for name, transformer in union.transformer_list:
            if isinstance(transformer, CueFeatures):
                cue_groups, cue_weight = tuple(transformer.groups), float(weights.get(name, 1.0))
                continue
            text_of, vectorizer = transformer.named_steps["text"], transformer.named_steps["tfidf"]
            if cue_groups or text_of.field != "text":
                raise ModelError("cannot export: text features must read the passage text and precede the cues")
            parts.append((part_key(vectorizer), float(weights.get(name, 1.0))))
        classifier = pipeline.named_steps["classifier"]
        if isinstance(classifier, OneVsRestClassifier):
            estimators = classifier.estimators_
            if not all(isinstance(e, LogisticRegression) and len(e.classes_) == 2 for e in estimators):
                raise ModelError("cannot export a one-vs-rest model with a constant or non-logistic label")
            coef = np.ascontiguousarray(np.vstack([e.coef_ for e in estimators]), dtype=np.float64)
            intercept = np.concatenate([e.intercept_ for e in estimators])
            return LinearModel(tuple(parts), cue_groups, cue_weight, coef, intercept, "ovr",
                               tuple(str(c) for c in classifier.classes_))
        if not isinstance(classifier, LogisticRegression):
            raise ModelError(f"cannot export a {type(classifier).__name__}")
        kind = "binary" if len(classifier.classes_) == 2 else "softmax"
        # C order, as read back from inference.npy: the matrix products then sum in the same order.
        return LinearModel(tuple(parts), cue_groups, cue_weight, np.ascontiguousarray(classifier.coef_, dtype=np.float64),
                           np.ascontiguousarray(classifier.intercept_, dtype=np.float64), kind,
                           tuple(str(c) for c in classifier.classes_))

    request = linear(models.request)
    if request.classes != ("False", "True"):
        raise ModelError(f"the request model has classes {request.classes}, expected (False, True)")
    return InferenceModels(tfidf=tfidf, themes=linear(models.themes), stance=linear(models.stance), request=request,
                           theme_threshold=models.theme_threshold, request_mode=models.request_mode)
