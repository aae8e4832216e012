"""Scoring per-measure stance (`vng evaluate --part stance`).

Per (passage, measure) pair of the gold (corpora/annotations/statements*/), four ways to decide:
- baseline: today's passage stance, given to every measure of the passage;
- rules: the cue rules alone (pipeline/stance/rules.yaml);
- model: the trained model (rule scores + target-marked words + passage stance);
on the three real letters leave-one-letter-out (the model trained on the fictional hard cases and
the other two letters), on the eight blind fictional letters (corpora/heldout-stance) and on the
fictional example corpus with the shipped model, which never saw either.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sklearn.metrics import accuracy_score, f1_score

from pipeline.errors import DataFileError
from pipeline.evaluate.letters import analyse_letters
from pipeline.positions import CONFIDENT_AT, ChangePoint, letter_order, track_positions
from pipeline.stance.data import (
    blind_corpus_dir,
    examples_corpus_dir,
    gold_blind_dir,
    gold_examples_dir,
    read_gold,
    series_file,
)
from pipeline.stance.evidence import ALL_GROUPS
from pipeline.stance.model import StatementModel
from pipeline.stance.shipping import real_letter_examples
from pipeline.stance.statements import STANCE_ORDER, without_statements
from pipeline.stance.training import Example, fit_examples, letter_examples, training_examples
from pipeline.types import STANCES, LetterResult

METHODS = ("baseline", "rules", "model+words", "model")
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True)
class Row:
    name: str
    n: int
    scores: dict[str, tuple[float, float]]  # method -> (macro-F1, accuracy)


def predict(example: Example, method: str, models: dict[str, StatementModel]) -> str:
    if method == "baseline":
        return example.passage_stance or "neutraal"
    if method == "rules":
        return example.evidence.rule_stance
    model = models[method]
    scores = model.probabilities(example.features(model.groups))
    return max(STANCE_ORDER, key=lambda s: (scores[s], -STANCE_ORDER.index(s)))


def _scores(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    return (round(float(f1_score(gold, predicted, labels=list(STANCES), average="macro", zero_division=0)), 3),
            round(float(accuracy_score(gold, predicted)), 3))


def score(name: str, examples: Sequence[Example],
          models: dict[str, dict[str, StatementModel]]) -> tuple[Row, dict[str, list[str]]]:
    """models: doc_id -> method -> the model to use for that letter's examples."""
    gold = [e.stance for e in examples]
    predictions = {m: [predict(e, m, models.get(e.group, {})) for e in examples] for m in METHODS}
    return Row(name, len(examples), {m: _scores(gold, p) for m, p in predictions.items()}), predictions


def analysed(corpus: Path, gold_dir: Path) -> dict[str, list[Example]]:
    with without_statements():
        results = analyse_letters(corpus)
    return {p.stem: letter_examples(results[p.stem], read_gold(p)) for p in sorted(gold_dir.glob("*.jsonl"))
            if p.stem in results}


@dataclass(frozen=True)
class ChangeScore:
    threshold: float
    predicted: int  # confident change points
    correct: int
    true: int  # annotated true changes
    found: int  # true changes matched by a confident change
    noodopvang: int  # confident changes on the built-in series

    @property
    def precision(self) -> float:
        return round(self.correct / self.predicted, 3) if self.predicted else 1.0


def blind_batches(docs: Sequence[str]) -> dict[str, list[str]]:
    """Batch 1 (hs01-hs08) was written before any code; batch 2 (hs09-) after tuning on the real letters."""
    first = [d for d in docs if int(d[2:4]) <= 8]
    return {"batch 1": first, "batch 2": [d for d in docs if d not in first]}


def read_series(path: Path | None = None) -> dict[str, dict[str, Any]]:
    path = path or series_file()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DataFileError(f"{path}: cannot be read ({error})") from error
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping of measure -> positions, changes")
    return data


def score_changes(results: Sequence[LetterResult], series: dict[str, dict[str, Any]],
                  threshold: float) -> ChangeScore:
    """Confident change points of the example corpus against the annotated true changes: a predicted
    change is right when the measure and the direction match and its pair of letters brackets the
    annotated transition [after, before] without contradicting the gold positions (see matches)."""
    positions = track_positions(results, threshold)
    order = {r.doc_id.split("_")[0]: i for i, r in enumerate(sorted(results, key=letter_order))}
    confident = [c for c in positions.changes if c.confident]
    true = [(target, change) for target, entry in series.items() for change in entry.get("changes") or []]

    def matches(c: ChangePoint, target: str, change: dict[str, str]) -> bool:
        # the predicted pair of letters brackets (part of) the true transition, and neither side
        # contradicts the gold: the earlier letter does not already hold the new position, nor the later
        # one the old (an uncertain letter in between may move the change one letter either way)
        positions = series[target].get("positions") or {}
        lo, hi = order[change["after"]], order[change["before"]]
        a_id, b_id = c.before.doc_id.split("_")[0], c.after.doc_id.split("_")[0]
        a, b = order[a_id], order[b_id]
        return (c.target == target and c.before.stance == change["from"] and c.after.stance == change["to"]
                and a < hi and b > lo and positions.get(a_id) != change["to"]
                and positions.get(b_id) != change["from"])

    correct = sum(1 for c in confident if any(matches(c, t, ch) for t, ch in true))
    found = sum(1 for t, ch in true if any(matches(c, t, ch) for c in confident))
    return ChangeScore(threshold, len(confident), correct, len(true), found,
                       sum(1 for c in confident if c.target == "noodopvang"))


@dataclass(frozen=True)
class StanceEvaluation:
    lolo: list[Row]
    blind: list[Row]
    examples: list[Row]
    changes: list[ChangeScore]


def run(corpus_dir: Path | None = None) -> StanceEvaluation:
    training = training_examples()
    real = real_letter_examples(corpus_dir)
    def both(examples: list[Example]) -> dict[str, StatementModel]:
        return {"model": fit_examples(examples), "model+words": fit_examples(examples, groups=ALL_GROUPS)}

    lolo_models = {doc: both([*training, *(e for other in sorted(real) if other != doc for e in real[other])])
                   for doc in real}
    shipped = both([*training, *(e for doc in sorted(real) for e in real[doc])])
    lolo = [score(doc, real[doc], lolo_models)[0] for doc in sorted(real)]
    lolo.append(score("all (LOLO)", [e for doc in sorted(real) for e in real[doc]], lolo_models)[0])
    blind_letters = analysed(blind_corpus_dir(), gold_blind_dir())
    blind_models = {doc: shipped for doc in blind_letters}
    blind = [score(doc, blind_letters[doc], blind_models)[0] for doc in sorted(blind_letters)]
    for batch, docs in blind_batches(sorted(blind_letters)).items():
        blind.append(score(f"{batch} (blind)", [e for doc in docs for e in blind_letters[doc]], blind_models)[0])
    example_results = analyse_letters(examples_corpus_dir())
    example_letters = {p.stem: letter_examples(example_results[p.stem], read_gold(p))
                       for p in sorted(gold_examples_dir().glob("*.jsonl")) if p.stem in example_results}
    example_models = {doc: shipped for doc in example_letters}
    examples = [score("all (examples)", [e for doc in sorted(example_letters) for e in example_letters[doc]],
                      example_models)[0]]
    series = read_series()
    changes = [score_changes(list(example_results.values()), series, t) for t in THRESHOLDS]
    return StanceEvaluation(lolo, blind, examples, changes)


def render(evaluation: StanceEvaluation) -> str:
    head = f"{'letters':<48} {'n':>4}  " + "  ".join(f"{m + ' F1/acc':>20}" for m in METHODS)
    lines = ["Per-measure stance (statements): macro-F1 / accuracy per (passage, measure) pair",
             "baseline = today's passage stance for every measure of the passage; rules = cue rules alone;",
             "model = the shipped model (rule scores + passage stance); model+words = also the words around the measure",
             head]
    for title, rows in (("Real letters, leave-one-letter-out", evaluation.lolo),
                        ("Blind fictional letters (corpora/heldout-stance), shipped model", evaluation.blind),
                        ("Fictional example corpus, shipped model (never trained on)", evaluation.examples)):
        lines.append(f"-- {title}")
        for row in rows:
            lines.append(f"{row.name:<48} {row.n:>4}  " + "  ".join(
                f"{row.scores[m][0]:>11.3f} / {row.scores[m][1]:.3f}" for m in METHODS))
    lines.append("")
    lines.append(f"Change points of the example corpus (true changes: {series_file().name}); "
                 f"threshold in use: {CONFIDENT_AT}")
    lines.append(f"{'threshold':>9} {'confident':>9} {'correct':>7} {'precision':>9} {'recall':>7} {'noodopvang':>10}")
    for c in evaluation.changes:
        lines.append(f"{c.threshold:>9.2f} {c.predicted:>9} {c.correct:>7} {c.precision:>9.3f} "
                     f"{c.found}/{c.true:<5} {c.noodopvang:>10}")
    return "\n".join(lines)


def main() -> int:
    print(render(run()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
