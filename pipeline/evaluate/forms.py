"""Score DATUM and AANTAL per written form on the case table, and letter dates on fictional letters.

The case table (forms.jsonl, next to this module) holds one sentence per case with the one gold
entity of its label (`span`, and `iso` or `value`/`unit`/`high`), or `span: null` for sentences
that must hold no entity of that label (identifiers, vague words). Per form:

  precision  predicted spans of the label that are a gold span / all predicted spans of the label
  recall     gold spans predicted exactly (same characters, same label)
  value P    correct values among the predicted gold spans (DATUM iso; AANTAL value, unit, high)
  value R    correct values among all gold spans

The letter-date part reads corpora/heldout-dates (fictional letters without a "Datum" line) and
corpora/annotations/heldout_dates.jsonl (each letter's true date window): a letter counts when its
`date` lies inside the true window; its own `date_window` must not be empty.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.datafiles import read_jsonl
from pipeline.entities import run_nlp
from pipeline.errors import DataFileError
from pipeline.evaluate.letters import analyse_letters
from pipeline.nlp import build_nlp
from pipeline.paths import corpora_dir
from pipeline.types import Entity, LetterResult, Passage

CASES = Path(__file__).resolve().parent / "forms.jsonl"
# A second batch, written after the rules for the first were done, scored once before any fix: an
# estimate of how the rules do on phrasings they were not written from.
CASES_BATCH2 = Path(__file__).resolve().parent / "forms_batch2.jsonl"
DATE_LETTERS = corpora_dir() / "heldout-dates"
DATE_GOLD = corpora_dir() / "annotations" / "heldout_dates.jsonl"
LABELS = ("DATUM", "AANTAL")


@dataclass(frozen=True)
class Case:
    where: str
    label: str
    form: str
    text: str
    span: str | None
    letter_date: str | None
    iso: str | None = None
    value: float | None = None
    unit: str | None = None
    high: float | None = None

    @property
    def offsets(self) -> tuple[int, int] | None:
        if self.span is None:
            return None
        start = self.text.index(self.span)
        return start, start + len(self.span)


def load_cases(path: Path = CASES) -> list[Case]:
    cases = []
    for where, record in read_jsonl(path, required=("label", "form", "text", "span")):
        label, span, text = record["label"], record["span"], record["text"]
        if label not in LABELS:
            raise DataFileError(f"{where}: label must be one of {', '.join(LABELS)}, not {label!r}")
        if span is not None and text.count(span) != 1:
            raise DataFileError(f"{where}: span {span!r} must occur exactly once in the text")
        if span is not None and label == "DATUM" and not record.get("iso"):
            raise DataFileError(f"{where}: a DATUM case needs its iso value")
        if span is not None and label == "AANTAL" and not isinstance(record.get("value"), (int, float)):
            raise DataFileError(f"{where}: an AANTAL case needs a numeric value")
        cases.append(Case(where, label, record["form"], text, span, record.get("letter_date"), record.get("iso"),
                          record.get("value"), record.get("unit"), record.get("high")))
    return cases


@dataclass
class FormScore:
    gold: int = 0
    predicted: int = 0
    span_hits: int = 0
    value_hits: int = 0
    errors: list[str] | None = None

    @property
    def precision(self) -> float:
        return self.span_hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.span_hits / self.gold if self.gold else 1.0

    @property
    def value_precision(self) -> float:
        return self.value_hits / self.span_hits if self.span_hits else (1.0 if not self.gold else 0.0)

    @property
    def value_recall(self) -> float:
        return self.value_hits / self.gold if self.gold else 1.0


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-6)


def value_ok(case: Case, entity: Entity) -> bool:
    if case.label == "DATUM":
        return entity.iso == case.iso
    return (_close(entity.value, case.value) and entity.unit == case.unit
            and _close(getattr(entity, "high", None), case.high))


def _describe(entity: Entity) -> str:
    if entity.label == "DATUM":
        return f"{entity.text!r} iso={entity.iso} rule={entity.rule}"
    high = getattr(entity, "high", None)
    return f"{entity.text!r} value={entity.value} unit={entity.unit}" + (f" high={high}" if high is not None else "")


def score_cases(cases: list[Case] | None = None) -> dict[tuple[str, str], FormScore]:
    """(label, form) -> scores; also (label, "ALL")."""
    cases = load_cases() if cases is None else cases
    nlp = build_nlp()
    scores: dict[tuple[str, str], FormScore] = defaultdict(lambda: FormScore(errors=[]))
    for index, case in enumerate(cases):
        passage = Passage(id=f"case{index}#p001", section=None, text=case.text, page=None)
        found = [e for e in run_nlp(nlp, [passage], case.letter_date).entities if e.label == case.label]
        for key in ((case.label, case.form), (case.label, "ALL")):
            score = scores[key]
            score.predicted += len(found)
            target = case.offsets
            if target is not None:
                score.gold += 1
            hit = next((e for e in found if target == (e.start, e.end)), None)
            if hit is not None:
                score.span_hits += 1
                if value_ok(case, hit):
                    score.value_hits += 1
            if key[1] == "ALL" or score.errors is None:
                continue
            if target is not None and hit is None:
                score.errors.append(f"missed {case.span!r} in {case.text!r}"
                                    + (f" (found {', '.join(_describe(e) for e in found)})" if found else ""))
            elif hit is not None and not value_ok(case, hit):
                want = case.iso if case.label == "DATUM" else f"{case.value} {case.unit}" + (
                    f" high={case.high}" if case.high is not None else "")
                score.errors.append(f"wrong value {_describe(hit)}, want {want}")
            for entity in found:
                if entity is not hit:
                    score.errors.append(f"spurious {_describe(entity)} in {case.text!r}")
    return dict(scores)


def render_case_scores(scores: dict[tuple[str, str], FormScore], *, errors: bool = True,
                       title: str = "DATUM and AANTAL per written form (case table pipeline/evaluate/forms.jsonl)") -> str:
    lines = [title,
             f"{'label':<7} {'form':<18} {'gold':>4} {'pred':>4}  {'P':>5} {'R':>5}  {'value P':>7} {'value R':>7}"]
    for label in LABELS:
        keys = sorted(k for k in scores if k[0] == label and k[1] != "ALL")
        for key in [*keys, (label, "ALL")]:
            if key not in scores:
                continue
            s = scores[key]
            lines.append(f"{label:<7} {key[1]:<18} {s.gold:>4} {s.predicted:>4}  {s.precision:>5.2f} {s.recall:>5.2f}"
                         f"  {s.value_precision:>7.2f} {s.value_recall:>7.2f}")
    total = FormScore()
    for label in LABELS:
        part = scores.get((label, "ALL"))
        if part:
            total.gold += part.gold
            total.predicted += part.predicted
            total.span_hits += part.span_hits
            total.value_hits += part.value_hits
    lines.append(f"{'both':<7} {'ALL':<18} {total.gold:>4} {total.predicted:>4}  {total.precision:>5.2f} "
                 f"{total.recall:>5.2f}  {total.value_precision:>7.2f} {total.value_recall:>7.2f}")
    if errors:
        wrong = [f"  {label} {form}: {line}" for (label, form), s in sorted(scores.items())
                 for line in (s.errors or [])]
        lines.append("Errors:" if wrong else "No errors.")
        lines.extend(wrong)
    return "\n".join(lines)


@dataclass(frozen=True)
class LetterDateScore:
    doc_id: str
    window: tuple[str, str]
    date: str | None
    date_source: str
    predicted_window: tuple[str, str] | None

    @property
    def inside(self) -> bool:
        return self.date is not None and self.window[0] <= self.date <= self.window[1]

    @property
    def window_ok(self) -> bool:
        return self.predicted_window is not None and self.predicted_window[0] <= self.predicted_window[1]


def load_date_gold(path: Path = DATE_GOLD) -> dict[str, tuple[str, str]]:
    gold: dict[str, tuple[str, str]] = {}
    for where, record in read_jsonl(path, required=("doc_id", "window")):
        window = record["window"]
        if not (isinstance(window, list) and len(window) == 2 and window[0] <= window[1]):
            raise DataFileError(f"{where}: window must be [earliest, latest] ISO dates")
        gold[record["doc_id"]] = (window[0], window[1])
    return gold


def score_letter_dates(results: dict[str, LetterResult] | None = None) -> list[LetterDateScore]:
    gold = load_date_gold()
    results = analyse_letters(DATE_LETTERS) if results is None else results
    missing = sorted(set(gold) - set(results))
    if missing:
        raise DataFileError(f"{DATE_GOLD}: no letter for {', '.join(missing)} in {DATE_LETTERS}")
    out = []
    for doc_id, window in sorted(gold.items()):
        result = results[doc_id]
        predicted: Any = getattr(result, "date_window", None)
        out.append(LetterDateScore(doc_id, window, result.date, result.date_source,
                                   tuple(predicted) if predicted else None))
    return out


def render_letter_dates(scores: list[LetterDateScore]) -> str:
    lines = ["Letter dates without a 'Datum' line (corpora/heldout-dates, fictional)",
             f"{'letter':<44} {'true window':<23} {'date':<10} {'source':<12} {'window':<23} ok"]
    for s in scores:
        window = f"{s.predicted_window[0]}..{s.predicted_window[1]}" if s.predicted_window else "-"
        lines.append(f"{s.doc_id:<44} {s.window[0]}..{s.window[1]} {s.date or '-':<10} {s.date_source:<12} "
                     f"{window:<23} {'yes' if s.inside else 'NO'}")
    inside = sum(s.inside for s in scores)
    windows = sum(s.window_ok for s in scores)
    lines.append(f"date inside the true window: {inside}/{len(scores)}; non-empty window: {windows}/{len(scores)}")
    return "\n".join(lines)
