"""Scoring the passage classifier against the gold passages of the real letters (`vng evaluate`).

- Leave-one-letter-out (sklearn LeaveOneGroupOut, groups = letter): train on the fictional training
  passages plus the gold passages of the other real letters, predict the held-out letter.
- The shipped model (fictional passages only) on each real letter.
- The hand-written rules alone against the models, for request and stance, so "which wins" is measured.
- Targets (the measure matcher; no training involved) as set precision/recall/F1 per passage.

Gold passages are aligned to the pipeline's passages by their anchor: the whitespace-normalised first
words of the passage. Anchors that match no passage are reported (and logged as warnings).

    python -m pipeline.evaluate.classify [--corpus DIR] [--annotations DIR]
"""
from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    classification_report,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.model_selection import LeaveOneGroupOut
from sklearn.preprocessing import MultiLabelBinarizer

from pipeline.classify import passage_targets, predict_letter
from pipeline.classify.cues import stance_rule
from pipeline.classify.features import PassageInput
from pipeline.classify.model import (
    REQUEST_MODES,
    STANCES,
    Models,
    RequestMode,
    TrainingExample,
    decide_requests,
)
from pipeline.classify.train import (
    DEFAULT_TRAINING_FILES,
    ensure_models,
    read_training_file,
    train_models,
)
from pipeline.datafiles import read_jsonl
from pipeline.errors import DataFileError
from pipeline.letter import read_letter
from pipeline.paths import corpora_dir, real_corpus_dir
from pipeline.types import THEMES, Letter, Passage

log = logging.getLogger("vng.evaluate")

ANNOTATIONS_DIR = corpora_dir() / "annotations" / "passages"
REAL_CORPUS_DIR = real_corpus_dir()
_GOLD_KEYS = ("anchor", "section", "themes", "stance", "request", "targets")


# --- gold and alignment -------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldPassage:
    anchor: str
    section: str | None
    themes: tuple[str, ...]
    stance: str
    request: bool
    targets: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class AlignedLetter:
    doc_id: str
    passages: tuple[Passage, ...]  # every passage of the letter, in reading order (context for targets)
    pairs: tuple[tuple[int, GoldPassage], ...]  # (index into passages, its gold)
    unmatched_anchors: tuple[str, ...]  # gold anchors that start no passage
    unannotated: tuple[str, ...]  # passage ids without a gold record

    def examples(self) -> list[TrainingExample]:
        return [TrainingExample(id=self.passages[i].id, text=self.passages[i].text, themes=g.themes,
                                stance=g.stance, request=g.request, targets=g.targets,  # type: ignore[arg-type]
                                bullet=self.passages[i].bullet, section=self.passages[i].section, group=self.doc_id)
                for i, g in self.pairs]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_gold(path: Path) -> list[GoldPassage]:
    records: list[GoldPassage] = []
    for where, data in read_jsonl(path, _GOLD_KEYS):
        number = int(where.rsplit(":", 1)[1])
        if data["stance"] not in STANCES or any(t not in THEMES for t in data["themes"]):
            raise DataFileError(f"{where}: unknown stance or theme label")
        records.append(GoldPassage(anchor=data["anchor"], section=data["section"], themes=tuple(data["themes"]),
                                   stance=data["stance"], request=bool(data["request"]),
                                   targets=tuple(data["targets"]), line=number))
    return records


def align(letter: Letter, gold: Sequence[GoldPassage]) -> AlignedLetter:
    """Match each gold anchor to the passage whose text starts with it (whitespace-normalised)."""
    texts = [_norm(p.text) for p in letter.passages]
    pairs: list[tuple[int, GoldPassage]] = []
    unmatched: list[str] = []
    used: set[int] = set()
    for record in gold:
        anchor = _norm(record.anchor)
        index = next((i for i, t in enumerate(texts) if i not in used and t.startswith(anchor)), None)
        if index is None:
            unmatched.append(record.anchor)
            continue
        used.add(index)
        pairs.append((index, record))
    if unmatched:
        log.warning("%s: %d gold anchor(s) match no passage: %s", letter.doc_id, len(unmatched),
                    "; ".join(repr(a) for a in unmatched))
    unannotated = tuple(p.id for i, p in enumerate(letter.passages) if i not in used)
    return AlignedLetter(letter.doc_id, letter.passages, tuple(sorted(pairs, key=lambda pair: pair[0])),
                         tuple(unmatched), unannotated)


def load_real_letters(corpus_dir: Path = REAL_CORPUS_DIR, annotations_dir: Path = ANNOTATIONS_DIR) -> list[AlignedLetter]:
    """The real letters that have a gold file, aligned; sorted by doc_id."""
    letters: list[AlignedLetter] = []
    for gold_path in sorted(annotations_dir.glob("*.jsonl")):
        source = corpus_dir / f"{gold_path.stem}.txt"
        if not source.is_file():
            source = corpus_dir / f"{gold_path.stem}.pdf"
        if not source.is_file():
            log.warning("no letter for gold file %s in %s", gold_path.name, corpus_dir)
            continue
        letters.append(align(read_letter(source), read_gold(gold_path)))
    return letters


# --- scores -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Scores:
    """Scores of one set of predictions against gold passages."""

    n: int
    theme_micro_f1: float
    theme_macro_f1: float
    stance_macro_f1: float
    stance_accuracy: float
    stance_confusion: tuple[tuple[int, ...], ...]  # rows gold, columns predicted, in STANCES order
    request: PRF
    targets: PRF


@dataclass(frozen=True)
class RuleVsModel:
    """Request F1 per decision mode and stance scores of the rule vs the model, on the same passages."""

    request: Mapping[RequestMode, PRF]  # "model", "rule", "rule_or_model"
    stance_model: tuple[float, float]  # (macro-F1, accuracy)
    stance_rule: tuple[float, float]


@dataclass(frozen=True)
class LetterEvaluation:
    doc_id: str
    n: int
    lolo: Scores
    shipped: Scores
    lolo_request_mode: str  # the mode the fold's training chose by cross-validation
    comparison: RuleVsModel  # on the LOLO model
    unmatched_anchors: tuple[str, ...]
    unannotated: tuple[str, ...]


@dataclass(frozen=True)
class ClassifyEvaluation:
    letters: tuple[LetterEvaluation, ...]
    overall_lolo: Scores  # pooled over the held-out predictions of every fold
    overall_shipped: Scores
    overall_comparison: RuleVsModel
    stance_report: str  # sklearn classification_report, pooled LOLO
    training_examples: int
    seconds: float
    shipped_cv: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class _Run:
    """Predictions for the gold passages of one or more letters."""

    gold: list[GoldPassage]
    themes: list[tuple[str, ...]]
    stances: list[str]
    request_probs: list[float]
    request_rules: list[bool]
    requests: list[bool]
    stance_rules: list[str]
    targets: list[tuple[str, ...]]

    def __add__(self, other: _Run) -> _Run:
        return _Run(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))


def _prf(gold: Sequence[bool], predicted: Sequence[bool]) -> PRF:
    p, r, f, _ = precision_recall_fscore_support(list(gold), list(predicted), average="binary", pos_label=True,
                                                 zero_division=0)
    return PRF(round(float(p), 4), round(float(r), 4), round(float(f), 4))


def _target_prf(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> PRF:
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = set(g), set(p)
        tp, fp, fn = tp + len(gs & ps), fp + len(ps - gs), fn + len(gs - ps)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(round(precision, 4), round(recall, 4), round(f1, 4))


def _scores(run: _Run) -> Scores:
    binarizer = MultiLabelBinarizer(classes=list(THEMES))
    gold_themes = binarizer.fit_transform([g.themes for g in run.gold])
    pred_themes = binarizer.transform(run.themes)
    gold_stance = [g.stance for g in run.gold]
    return Scores(
        n=len(run.gold),
        theme_micro_f1=round(float(f1_score(gold_themes, pred_themes, average="micro", zero_division=0)), 4),
        theme_macro_f1=round(float(f1_score(gold_themes, pred_themes, average="macro", zero_division=0)), 4),
        stance_macro_f1=round(float(f1_score(gold_stance, run.stances, labels=list(STANCES), average="macro",
                                             zero_division=0)), 4),
        stance_accuracy=round(float(accuracy_score(gold_stance, run.stances)), 4),
        stance_confusion=tuple(tuple(int(v) for v in row)
                               for row in confusion_matrix(gold_stance, run.stances, labels=list(STANCES))),
        request=_prf([g.request for g in run.gold], run.requests),
        targets=_target_prf([g.targets for g in run.gold], run.targets),
    )


def _comparison(run: _Run) -> RuleVsModel:
    gold_request = [g.request for g in run.gold]
    probs = np.array(run.request_probs)
    by_mode = {mode: _prf(gold_request, decide_requests(probs, run.request_rules, mode)) for mode in REQUEST_MODES}
    gold_stance = [g.stance for g in run.gold]

    def stance(pred: Sequence[str]) -> tuple[float, float]:
        return (round(float(f1_score(gold_stance, list(pred), labels=list(STANCES), average="macro", zero_division=0)), 4),
                round(float(accuracy_score(gold_stance, list(pred))), 4))

    return RuleVsModel(request=by_mode, stance_model=stance(run.stances), stance_rule=stance(run.stance_rules))


def _run(models: Models, letter: AlignedLetter) -> _Run:
    """The pipeline's own code path over the whole letter (structure matters: lead-ins, sections),
    then the passages that have gold."""
    indices = [i for i, _ in letter.pairs]
    predictions = predict_letter(letter.passages, models)
    targets = passage_targets(letter.passages)
    items = [PassageInput(letter.passages[i].text, letter.passages[i].bullet, letter.passages[i].section)
             for i in indices]
    return _Run(
        gold=[g for _, g in letter.pairs],
        themes=[predictions.themes[i] for i in indices],
        stances=[predictions.stances[i] for i in indices],
        request_probs=[float(predictions.request_probs[i]) for i in indices],
        request_rules=[predictions.request_rules[i] for i in indices],
        requests=[predictions.requests[i] for i in indices],
        stance_rules=[stance_rule(item.full_text) for item in items],
        targets=[targets[i] for i in indices],
    )


def evaluate_classifier(letters: Sequence[AlignedLetter], training: Sequence[TrainingExample],
                        shipped: Models) -> ClassifyEvaluation:
    """Leave-one-letter-out over `letters`, plus the shipped model and the rules, per letter and pooled."""
    started = time.perf_counter()
    real = [ex for letter in letters for ex in letter.examples()]
    groups = [ex.group for ex in real]
    by_id = {letter.doc_id: letter for letter in letters}
    results: list[LetterEvaluation] = []
    lolo_runs: list[_Run] = []
    shipped_runs: list[_Run] = []
    for train_index, test_index in LeaveOneGroupOut().split(real, groups=groups):
        held_out = by_id[groups[test_index[0]]]
        models = train_models(list(training) + [real[i] for i in train_index])
        lolo, ship = _run(models, held_out), _run(shipped, held_out)
        lolo_runs.append(lolo)
        shipped_runs.append(ship)
        results.append(LetterEvaluation(
            doc_id=held_out.doc_id, n=len(held_out.pairs), lolo=_scores(lolo), shipped=_scores(ship),
            lolo_request_mode=models.request_mode, comparison=_comparison(lolo),
            unmatched_anchors=held_out.unmatched_anchors, unannotated=held_out.unannotated))
    pooled_lolo = sum(lolo_runs[1:], lolo_runs[0])
    pooled_shipped = sum(shipped_runs[1:], shipped_runs[0])
    report = classification_report([g.stance for g in pooled_lolo.gold], pooled_lolo.stances,
                                   labels=list(STANCES), zero_division=0, digits=3)
    return ClassifyEvaluation(
        letters=tuple(sorted(results, key=lambda r: r.doc_id)),
        overall_lolo=_scores(pooled_lolo), overall_shipped=_scores(pooled_shipped),
        overall_comparison=_comparison(pooled_lolo), stance_report=report,
        training_examples=len(training), seconds=round(time.perf_counter() - started, 1),
        shipped_cv=dict(shipped.cv))


def run_evaluation(corpus_dir: Path = REAL_CORPUS_DIR, annotations_dir: Path = ANNOTATIONS_DIR,
                   training_files: Sequence[Path] = DEFAULT_TRAINING_FILES,
                   shipped: Models | None = None) -> ClassifyEvaluation:
    letters = load_real_letters(corpus_dir, annotations_dir)
    if len(letters) < 2:
        raise DataFileError(f"leave-one-letter-out needs at least two annotated letters; found {len(letters)} "
                            f"(letters in {corpus_dir}, gold in {annotations_dir})")
    training = [ex for path in training_files for ex in read_training_file(path)]
    return evaluate_classifier(letters, training, shipped if shipped is not None else ensure_models())


# --- rendering ----------------------------------------------------------------------------------
def _line(name: str, s: Scores) -> str:
    return (f"  {name:<22} n={s.n:<3} themes micro {s.theme_micro_f1:.3f} macro {s.theme_macro_f1:.3f} | "
            f"stance macro-F1 {s.stance_macro_f1:.3f} acc {s.stance_accuracy:.3f} | "
            f"request P {s.request.precision:.3f} R {s.request.recall:.3f} F1 {s.request.f1:.3f} | "
            f"targets P {s.targets.precision:.3f} R {s.targets.recall:.3f} F1 {s.targets.f1:.3f}")


def _confusion(s: Scores) -> list[str]:
    head = "      gold \\ pred " + " ".join(f"{label:>9}" for label in STANCES)
    rows = [f"      {label:<15} " + " ".join(f"{v:>9}" for v in row) for label, row in zip(STANCES, s.stance_confusion,
                                                                                   strict=True)]
    return [head, *rows]


def _comparison_lines(c: RuleVsModel) -> list[str]:
    modes = "  ".join(f"{m} F1 {c.request[m].f1:.3f} (P {c.request[m].precision:.3f} R {c.request[m].recall:.3f})"
                      for m in REQUEST_MODES)
    return [f"      request: {modes}",
            f"      stance:  model macro-F1 {c.stance_model[0]:.3f} acc {c.stance_model[1]:.3f}  "
            f"rule macro-F1 {c.stance_rule[0]:.3f} acc {c.stance_rule[1]:.3f}"]


def render_text(evaluation: ClassifyEvaluation) -> str:
    lines = ["Passage classification against the gold passages of the real letters",
             f"(leave-one-letter-out: trained on {evaluation.training_examples} fictional passages + the other "
             f"letters' gold; shipped model: fictional passages only; {evaluation.seconds:.1f} s)", ""]
    for letter in evaluation.letters:
        lines.append(f"{letter.doc_id}")
        lines.append(_line("LOLO", letter.lolo))
        lines.append(_line("shipped model", letter.shipped))
        lines += _confusion(letter.lolo)
        lines.append(f"      rules vs model (LOLO; this fold's training chose request mode '{letter.lolo_request_mode}'):")
        lines += _comparison_lines(letter.comparison)
        if letter.unmatched_anchors:
            lines.append(f"      !! {len(letter.unmatched_anchors)} gold anchor(s) match no passage: "
                         + "; ".join(repr(a) for a in letter.unmatched_anchors))
        if letter.unannotated:
            lines.append(f"      ({len(letter.unannotated)} passage(s) without gold, not scored: "
                         f"{', '.join(letter.unannotated)})")
        lines.append("")
    lines.append("overall (pooled over letters)")
    lines.append(_line("LOLO", evaluation.overall_lolo))
    lines.append(_line("shipped model", evaluation.overall_shipped))
    lines += _confusion(evaluation.overall_lolo)
    lines.append("      rules vs model (LOLO):")
    lines += _comparison_lines(evaluation.overall_comparison)
    lines.append("")
    lines.append("stance, pooled LOLO (sklearn classification_report):")
    lines.append(evaluation.stance_report.rstrip())
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate.classify",
                                     description="Score the passage classifier on the annotated real letters.")
    parser.add_argument("--corpus", type=Path, default=REAL_CORPUS_DIR)
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS_DIR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print(render_text(run_evaluation(args.corpus, args.annotations)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
