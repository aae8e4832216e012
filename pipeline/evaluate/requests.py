"""Request records against the gold: which passages are requests, and to whom they are addressed."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import DataFileError
from pipeline.evaluate.classify import _norm
from pipeline.types import LetterResult


@dataclass(frozen=True)
class RequestScores:
    doc_id: str
    true_positives: int
    predicted: int
    gold: int
    addressee_correct: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def addressee_accuracy(self) -> float:
        return self.addressee_correct / self.true_positives if self.true_positives else 0.0


def score_requests(gold_dir: Path, results: Mapping[str, LetterResult]) -> list[RequestScores]:
    """Per letter (and pooled as doc_id "all"); gold passages are matched by their anchor."""
    scores: list[RequestScores] = []
    for doc_id, result in sorted(results.items()):
        path = gold_dir / f"{doc_id}.jsonl"
        if not path.is_file():
            continue
        gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts = {p.id: _norm(p.text) for p in result.passages}
        by_passage = {r.passage_id: r for r in result.requests}
        tp = predicted_matched = correct = gold_count = 0
        for number, record in enumerate(gold, start=1):
            if "request" not in record or "anchor" not in record:
                raise DataFileError(f"{path}:{number}: needs 'anchor' and 'request'")
            anchor = _norm(record["anchor"])
            passage_id = next((pid for pid, text in texts.items() if text.startswith(anchor)), None)
            predicted = passage_id in by_passage if passage_id else False
            predicted_matched += predicted
            if record["request"]:
                gold_count += 1
                if predicted:
                    tp += 1
                    correct += by_passage[passage_id].addressee == record.get("request_addressee")  # type: ignore[index]
        # Requests in passages the gold does not cover (non-aligned) count as predictions too.
        aligned = {pid for pid, text in texts.items() if any(text.startswith(_norm(r["anchor"])) for r in gold)}
        extra = sum(1 for pid in by_passage if pid not in aligned)
        scores.append(RequestScores(doc_id, tp, predicted_matched + extra, gold_count, correct))
    if scores:
        scores.append(RequestScores("all", *(sum(getattr(s, f) for s in scores)
                                             for f in ("true_positives", "predicted", "gold", "addressee_correct"))))
    return scores


def render_request_scores(scores: Sequence[RequestScores]) -> str:
    lines = ["Request records (full pipeline, shipped model) against the passage gold",
             f"{'letter':<24} {'P':>6} {'R':>6} {'F1':>6} {'addressee':>10}  (tp/pred/gold)"]
    for s in scores:
        f1 = 2 * s.precision * s.recall / (s.precision + s.recall) if s.precision + s.recall else 0.0
        lines.append(f"{s.doc_id:<24} {s.precision:6.2f} {s.recall:6.2f} {f1:6.2f} {s.addressee_accuracy:10.2f}"
                     f"  ({s.true_positives}/{s.predicted}/{s.gold})")
    return "\n".join(lines)
