"""Feature extraction for the passage classifiers: scikit-learn transformers, all deterministic.

Each model sees a `PassageInput` (the passage text, its bullet glyph and its section heading) and
turns it into one sparse row: TF-IDF word 1-2 grams of the text, TF-IDF character n-grams within
words (robust to Dutch compounds: "asielopvang", "opvanglocatie"), and the counts of the hand-written
cues of cues.yaml (request, stance and theme cues, plus theme cues in the section heading), combined
with a FeatureUnion. The cue counts are log-scaled so a long passage does not dominate.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

# Re-exported: the inputs and cue rows are shared with the scikit-learn-free inference (linear.py).
from pipeline.classify.inputs import CUE_GROUPS, PassageInput, cue_feature_names, cue_row

__all__ = ["CUE_GROUPS", "CueFeatures", "FeatureConfig", "PassageInput", "StableTfidfVectorizer", "TextOf",
           "build_features", "cue_feature_names", "cue_row"]

class TextOf(BaseEstimator, TransformerMixin):
    """Selects one text field of PassageInput objects ("text" = full text with glyph, or "section")."""

    def __init__(self, field: str = "text") -> None:
        self.field = field

    def fit(self, inputs: Sequence[PassageInput], y: object = None) -> TextOf:
        return self

    def transform(self, inputs: Sequence[PassageInput]) -> list[str]:
        if self.field == "text":
            return [item.full_text for item in inputs]
        return [getattr(item, self.field) or "" for item in inputs]


class CueFeatures(BaseEstimator, TransformerMixin):
    """Log-scaled counts of the cues.yaml cues (see cue_feature_names)."""

    def __init__(self, groups: tuple[str, ...] = CUE_GROUPS) -> None:
        self.groups = groups

    def fit(self, inputs: Sequence[PassageInput], y: object = None) -> CueFeatures:
        self.n_features_out_ = len(cue_feature_names(self.groups))
        return self

    def transform(self, inputs: Sequence[PassageInput]) -> sparse.csr_matrix:
        rows = np.array([cue_row(item, self.groups) for item in inputs], dtype=np.float64)
        rows = rows.reshape(len(inputs), len(cue_feature_names(self.groups)))
        return sparse.csr_matrix(np.log1p(rows))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(cue_feature_names(self.groups), dtype=object)


class StableTfidfVectorizer(TfidfVectorizer):
    """TfidfVectorizer whose pickle is the same in every process: scikit-learn caches id(stop_words),
    a memory address, which would make two trainings on the same data give different model files."""

    def __getstate__(self) -> dict[str, object]:
        state = dict(super().__getstate__())
        state.pop("_stop_words_id", None)
        state.pop("_memo_key", None)
        return state

    def transform(self, raw_documents: Sequence[str]) -> sparse.csr_matrix:
        # The theme, stance and request models each hold a vectorizer fitted on the same passages with
        # the same settings: identical vocabularies. Memoising the last few transforms makes the three
        # models pay for one. The key holds the fitted state, so different vectorizers never share.
        if not hasattr(self, "idf_"):
            return super().transform(raw_documents)
        if getattr(self, "_memo_key", None) is None:
            digest = hashlib.sha1(self.idf_.tobytes(), usedforsecurity=False)
            digest.update(repr(sorted(self.get_params().items())).encode())
            self._memo_key = (digest.hexdigest(), len(self.vocabulary_))
        key = (self._memo_key, tuple(raw_documents))
        found = _TRANSFORMS.get(key)
        if found is None:
            found = super().transform(raw_documents)
            _TRANSFORMS[key] = found
            while len(_TRANSFORMS) > _MEMO_SIZE:
                _TRANSFORMS.pop(next(iter(_TRANSFORMS)))
        return found.copy()


_MEMO_SIZE = 8
_TRANSFORMS: dict[object, sparse.csr_matrix] = {}


@dataclass(frozen=True)
class FeatureConfig:
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] | None = (3, 5)
    cue_groups: tuple[str, ...] = CUE_GROUPS
    word_weight: float = 1.0
    char_weight: float = 1.0
    cue_weight: float = 1.0


def build_features(config: FeatureConfig) -> FeatureUnion:
    """TF-IDF word n-grams (+ character n-grams) + cue counts, as one FeatureUnion."""
    parts: list[tuple[str, Pipeline | CueFeatures]] = [
        ("words", Pipeline([
            ("text", TextOf("text")),
            ("tfidf", StableTfidfVectorizer(ngram_range=config.word_ngrams, lowercase=True, sublinear_tf=True,
                                            min_df=1, token_pattern=r"(?u)\b\w\w+\b|➢",  # noqa: S106 - a regex, not a password
                                            dtype=np.float64)),
        ])),
    ]
    weights = {"words": config.word_weight}
    if config.char_ngrams is not None:
        parts.append(("chars", Pipeline([
            ("text", TextOf("text")),
            ("tfidf", StableTfidfVectorizer(analyzer="char_wb", ngram_range=config.char_ngrams, lowercase=True,
                                            sublinear_tf=True, min_df=2, dtype=np.float64)),
        ])))
        weights["chars"] = config.char_weight
    if config.cue_groups:
        parts.append(("cues", CueFeatures(tuple(config.cue_groups))))
        weights["cues"] = config.cue_weight
    return FeatureUnion(parts, transformer_weights=weights)
