"""Training examples for the statement model, and the shipped model's recipe.

Sources: the fictional hard-case passages (corpora/training/statements.jsonl) and the gold
statements of the real letters (corpora/annotations/statements/). The fictional example corpus and
the blind letters are never trained on: they measure the stage.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.stance.data import GOLD_REAL, REPO_ROOT, TRAINING_FILE, GoldStatement, align, read_gold, read_training
from pipeline.stance.evidence import SHIPPED_GROUPS, Evidence, features, passage_evidence
from pipeline.stance.model import StatementModel, fit
from pipeline.stance.rules import co_signers_of, load_rules
from pipeline.types import LetterResult


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
    from pipeline.classify import ensure_inference_models
    from pipeline.classify.inputs import PassageInput

    records = read_training(TRAINING_FILE)
    texts = list(dict.fromkeys(r.text for r in records))
    predictions = ensure_inference_models(on_stale="retrain").predict([PassageInput(text=t) for t in texts])
    scores = {t: {s: round(float(p), 4) for s, p in zip(("kritisch", "neutraal", "steunend"), predictions.stance_probs[i], strict=True)}
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


def _sources() -> dict[str, str]:
    files = [TRAINING_FILE, *sorted(GOLD_REAL.glob("*.jsonl")), REPO_ROOT / "pipeline" / "stance" / "rules.yaml"]
    return {str(p.relative_to(REPO_ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def real_letter_examples(corpus_dir: Path | None = None) -> dict[str, list[Example]]:
    """The gold statements of the real letters with the evidence the stage sees. The letters are
    analysed without statements: training needs only their passages (and must not need a model)."""
    from pipeline.evaluate import REAL_CORPUS, analyse_letters
    from pipeline.stance import statements

    with statements.without_statements():
        results = analyse_letters(corpus_dir or REAL_CORPUS)
    out = {}
    for path in sorted(GOLD_REAL.glob("*.jsonl")):
        if path.stem in results:
            out[path.stem] = letter_examples(results[path.stem], read_gold(path))
    return out


def train_shipped(corpus_dir: Path | None = None) -> StatementModel:
    """The shipped model: the fictional hard cases plus the gold of all three real letters."""
    from pipeline.evaluate import REAL_CORPUS

    real = real_letter_examples(corpus_dir) if (corpus_dir or REAL_CORPUS).is_dir() else {}
    examples = [*training_examples(), *(e for doc in sorted(real) for e in real[doc])]
    return fit_examples(examples, meta={"sources": _sources(), "examples": len(examples),
                                        "letters": sorted(real)})


