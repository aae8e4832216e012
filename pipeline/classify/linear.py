"""Inference for the three passage classifiers without scikit-learn: what `vng analyze` loads.

The models are trained, cross-validated and saved with scikit-learn (model.py, train.py). Every one of
them is linear over TF-IDF n-grams and cue counts, so prediction needs only their vocabularies, idf
weights, coefficients and intercepts. `make train` exports those next to the joblib files
(models/inference.json + models/inference.npy); loading them takes milliseconds, where importing
scikit-learn alone takes ~0.8 s of every run's start-up. tests/unit/test_classify_linear.py checks that
the probabilities equal scikit-learn's `predict_proba` (to 1e-9) on training and real passages.

The export holds plain JSON and one .npy array (no pickle): loading it runs no code from the file.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import __version__
from pipeline.classify.cues import load_cues
from pipeline.classify.decisions import (
    REQUEST_MODES,
    STANCES,
    Predictions,
    RequestMode,
    assemble,
    no_predictions,
    stance_columns,
)
from pipeline.classify.inputs import PassageInput, cue_row
from pipeline.errors import ModelError
from pipeline.paths import checkout, models_dir
from pipeline.types import THEMES

# The trained models: the package data pipeline.models, or $VNG_MODELS (read when this module is imported).
DEFAULT_MODEL_DIR = models_dir()
META_FILE = "meta.json"
INFERENCE_FILES = {"header": "inference.json", "arrays": "inference.npy"}
FORMAT_VERSION = 1
_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's whitespace normalisation for char_wb
_MAX_WORDS = 200_000  # words whose columns a TfidfPart keeps (a few MB)


@dataclass(frozen=True, eq=False)
class TfidfPart:
    """One fitted TfidfVectorizer (lowercase, sublinear tf, l2 norm, smooth idf) as plain data."""

    analyzer: str  # "word" or "char_wb"
    ngram_range: tuple[int, int]
    token_pattern: str | None
    vocabulary: dict[str, int]
    idf: np.ndarray
    # char_wb: a word's vocabulary columns (its n-grams do not depend on the rest of the text); words
    # repeat across passages and letters, so most are looked up instead of cut into n-grams again
    _word_columns: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False)

    def _char_wb_grams(self, word: str) -> list[str]:
        low, high = self.ngram_range
        grams: list[str] = []
        word = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            grams.append(word[offset:offset + n])
            while offset + n < len(word):
                offset += 1
                grams.append(word[offset:offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
        return grams

    def _words(self, text: str) -> list[str]:
        return _WHITE_SPACES.sub(" ", text.lower()).split()

    def terms(self, text: str) -> list[str]:
        """scikit-learn's analyzer for these settings (lowercase, then word or char_wb n-grams)."""
        if self.analyzer == "char_wb":
            return [gram for word in self._words(text) for gram in self._char_wb_grams(word)]
        text = text.lower()
        low, high = self.ngram_range
        tokens = re.findall(self.token_pattern or r"(?u)\b\w\w+\b", text)
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
            grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return grams

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(column indices, l2-normalised tf-idf values) of one text, columns ascending."""
        vocabulary = self.vocabulary
        if self.analyzer == "char_wb":
            known = self._word_columns
            pieces: list[np.ndarray] = []
            for word in self._words(text):
                found = known.get(word)
                if found is None:
                    found = np.array([vocabulary[g] for g in self._char_wb_grams(word) if g in vocabulary],
                                     dtype=np.int64)
                    if len(known) < _MAX_WORDS:
                        known[word] = found
                pieces.append(found)
            hits = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
            # np.unique sorts and counts in C: the same columns and counts as a Counter, 2x faster
            # here (a passage has thousands of character n-grams)
            columns, counts = np.unique(hits, return_counts=True)
        else:  # a few hundred word n-grams: a Counter is faster
            counted = Counter(vocabulary[g] for g in self.terms(text) if g in vocabulary)
            columns = np.array(sorted(counted), dtype=np.int64)
            counts = np.array([counted[c] for c in columns.tolist()], dtype=np.int64)
        if not columns.size:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        values = np.log(counts.astype(np.float64)) + 1.0
        values *= self.idf[columns]
        norm = math.sqrt(float(np.dot(values, values)))
        return columns, values / norm if norm > 0 else values


@dataclass(frozen=True, eq=False)
class LinearModel:
    """FeatureUnion(text parts, cue counts) -> logistic regression(s), as plain arrays."""

    parts: tuple[tuple[str, float], ...]  # (part key, transformer weight), in FeatureUnion order
    cue_groups: tuple[str, ...]
    cue_weight: float
    coef: np.ndarray  # (outputs, features)
    intercept: np.ndarray  # (outputs,)
    kind: str  # "binary" (P(classes[1])), "softmax" (multinomial) or "ovr" (one sigmoid per output)
    classes: tuple[str, ...]

    def probabilities(self, inputs: Sequence[PassageInput], tfidf: dict[str, TfidfPart],
                      rows: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        out = np.zeros((len(inputs), self.coef.shape[0]))
        for index, item in enumerate(inputs):
            decision = self.intercept.copy()
            offset = 0
            for key, weight in self.parts:
                part = tfidf[key]
                if (key, index) not in rows:
                    rows[(key, index)] = part.row(item.full_text)
                columns, values = rows[(key, index)]
                if len(columns):
                    decision += self.coef[:, offset + columns] @ (values * weight)
                offset += len(part.idf)
            if self.cue_groups:
                cues = np.log1p(np.array(cue_row(item, self.cue_groups), dtype=np.float64)) * self.cue_weight
                decision += self.coef[:, offset:offset + len(cues)] @ cues
            out[index] = decision
        if self.kind == "softmax":
            out = np.exp(out - out.max(axis=1, keepdims=True))
            return out / out.sum(axis=1, keepdims=True)
        return 1.0 / (1.0 + np.exp(-out))  # binary and ovr: one sigmoid per output


@dataclass(frozen=True, eq=False)
class InferenceModels:
    """The three classifiers for prediction, with the decisions taken at training time."""

    tfidf: dict[str, TfidfPart]
    themes: LinearModel
    stance: LinearModel
    request: LinearModel
    theme_threshold: float
    request_mode: RequestMode

    def predict(self, inputs: Sequence[PassageInput]) -> Predictions:
        """All three models over a batch; TF-IDF rows shared between models with the same vectorizer."""
        items = list(inputs)
        if not items:
            return no_predictions()
        rows: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}
        theme_probs = self.themes.probabilities(items, self.tfidf, rows)
        stance_probs = stance_columns(self.stance.classes, self.stance.probabilities(items, self.tfidf, rows))
        request_probs = self.request.probabilities(items, self.tfidf, rows)[:, 0]
        return assemble(items, theme_probs, stance_probs, request_probs, self.theme_threshold, self.request_mode)


# --- files ----------------------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale_model(directory: Path, why: str) -> ModelError:
    return ModelError(f"the model in {directory} {why}; run `make train` to rebuild it")


def read_meta(directory: Path) -> dict[str, Any]:
    """meta.json, checked against this checkout (package version, labels, cues.yaml, training data)."""
    meta_path = directory / META_FILE
    if not meta_path.is_file():
        raise ModelError(f"no trained model in {directory} (no {META_FILE}); run `make train`")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise stale_model(directory, f"has an unreadable {META_FILE} ({err})") from err
    if not isinstance(meta, dict):
        raise stale_model(directory, f"has a malformed {META_FILE}")
    if meta.get("package_version") != __version__:
        raise stale_model(directory, f"was built with vng-brieven {meta.get('package_version')!r}, this is {__version__!r}")
    if meta.get("labels", {}).get("themes") != list(THEMES) or meta.get("labels", {}).get("stance") != list(STANCES):
        raise stale_model(directory, "was built for other labels")
    if meta.get("cues_sha256") != load_cues().sha256:
        raise stale_model(directory, "was built with another pipeline/classify/cues.yaml")
    for source in meta.get("training_data", []):
        path = Path(source.get("path", ""))
        if not path.is_absolute():
            root = checkout()
            if root is None:
                continue  # an installed package has no training data to compare with
            path = root / path
        if path.is_file() and sha256_file(path) != source.get("sha256"):
            raise stale_model(directory, f"was trained on another version of {source.get('path')}")
    if meta.get("request_mode") not in REQUEST_MODES:
        raise stale_model(directory, f"has an unknown request_mode {meta.get('request_mode')!r}")
    return meta


def write_inference(models: InferenceModels, directory: Path) -> dict[str, Path]:
    """Write inference.json (structure, vocabularies) and inference.npy (all numbers, one array).

    Deterministic: the same models give the same bytes. Returns the paths by INFERENCE_FILES key;
    the caller writes them atomically and records their hashes in meta.json."""
    chunks: list[np.ndarray] = []
    position = 0

    def place(array: np.ndarray) -> list[int]:
        nonlocal position
        flat = np.ascontiguousarray(array, dtype=np.float64).ravel()
        chunks.append(flat)
        position += flat.size
        return [position - flat.size, *array.shape]

    header: dict[str, Any] = {"format": FORMAT_VERSION, "theme_threshold": models.theme_threshold,
                              "request_mode": models.request_mode, "tfidf": {}, "models": {}}
    for key, part in sorted(models.tfidf.items()):
        terms = sorted(part.vocabulary, key=part.vocabulary.__getitem__)
        header["tfidf"][key] = {"analyzer": part.analyzer, "ngram_range": list(part.ngram_range),
                                "token_pattern": part.token_pattern, "terms": terms, "idf": place(part.idf)}
    for name in ("themes", "stance", "request"):
        model: LinearModel = getattr(models, name)
        header["models"][name] = {"parts": [list(p) for p in model.parts], "cue_groups": list(model.cue_groups),
                                  "cue_weight": model.cue_weight, "kind": model.kind, "classes": list(model.classes),
                                  "coef": place(model.coef), "intercept": place(model.intercept)}
    directory.mkdir(parents=True, exist_ok=True)
    paths = {key: directory / name for key, name in INFERENCE_FILES.items()}
    paths["header"].write_text(json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                               encoding="utf-8")
    np.save(paths["arrays"], np.concatenate(chunks) if chunks else np.zeros(0), allow_pickle=False)
    return paths


def read_inference(header_path: Path, arrays_path: Path) -> InferenceModels:
    """Load what write_inference wrote; ModelError when the files do not fit together."""
    try:
        header = json.loads(header_path.read_text(encoding="utf-8"))
        numbers = np.load(arrays_path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise ModelError(f"cannot read {header_path.parent}/inference.*: {error}; run `make train`") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT_VERSION:
        raise ModelError(f"{header_path} has another format; run `make train` to rebuild it")

    def take(spec: list[int]) -> np.ndarray:
        start, *shape = spec
        size = int(np.prod(shape)) if shape else 1
        if start < 0 or start + size > numbers.size:
            raise ModelError(f"{arrays_path} is shorter than {header_path} says; run `make train`")
        return numbers[start:start + size].reshape(shape)

    try:
        tfidf = {key: TfidfPart(spec["analyzer"], tuple(spec["ngram_range"]), spec["token_pattern"],
                                {term: i for i, term in enumerate(spec["terms"])}, take(spec["idf"]))
                 for key, spec in header["tfidf"].items()}
        models = {name: LinearModel(tuple((str(k), float(w)) for k, w in spec["parts"]), tuple(spec["cue_groups"]),
                                    float(spec["cue_weight"]), take(spec["coef"]), take(spec["intercept"]),
                                    spec["kind"], tuple(spec["classes"]))
                  for name, spec in header["models"].items()}
        return InferenceModels(tfidf=tfidf, themes=models["themes"], stance=models["stance"],
                               request=models["request"], theme_threshold=float(header["theme_threshold"]),
                               request_mode=header["request_mode"])
    except (KeyError, TypeError, ValueError) as error:
        raise ModelError(f"{header_path} is malformed ({error!r}); run `make train` to rebuild it") from error


def load_inference_models(directory: Path = DEFAULT_MODEL_DIR) -> InferenceModels:
    """The exported models in `directory`, checked against meta.json; ModelError on any mismatch."""
    meta = read_meta(directory)
    files = meta.get("inference_files") or {}
    for key, name in INFERENCE_FILES.items():
        path = directory / name
        if not path.is_file():
            raise stale_model(directory, f"lacks {name}")
        if files.get(key, {}).get("sha256") != sha256_file(path):
            raise stale_model(directory, f"has a {name} that does not match {META_FILE}")
    return read_inference(directory / INFERENCE_FILES["header"], directory / INFERENCE_FILES["arrays"])
