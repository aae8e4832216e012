"""Stage 6: the VNG's position on each measure over time, change points, and what a letter says anew.

Per target measure and letter (letters in date order, then doc_id): the mean of the stance
probabilities of the letter's passages about that measure; its label is the most probable stance and
its confidence that probability. A change point is a pair of consecutive letters whose labels differ;
it is `confident` when the stance on both sides has a confidence of at least CONFIDENT_AT (see
`is_confident`): the report's "What changed" lists only those.
Letters without a date cannot be placed in time and are left out of the timelines (listed in
`undated`, and last wherever letters are listed in date order). An inferred date is shown as such
(`date_label`: "≈ 2025-07 (na 14-07-2025)"), with its source and window.
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from pipeline.extract.letter_date import date_label
from pipeline.types import STANCES, LetterResult

# A stance whose mean probability is below one half is closer to a toss-up between the other two
# labels than to a position; a change from or to such a stance is listed, but not as confident.
CONFIDENT_AT = 0.5


@dataclass(frozen=True)
class StancePoint:
    target: str
    doc_id: str
    date: str
    stance: str
    confidence: float
    scores: dict[str, float]
    passage_ids: tuple[str, ...]
    date_source: str = "explicit"
    date_window: tuple[str, str] | None = None

    @property
    def date_label(self) -> str:
        return date_label(self.date, self.date_source, self.date_window)

    def to_dict(self) -> dict[str, object]:
        return {"target": self.target, "doc_id": self.doc_id, "date": self.date, "stance": self.stance,
                "confidence": self.confidence, "scores": dict(self.scores), "passage_ids": list(self.passage_ids),
                "date_source": self.date_source, "date_label": self.date_label,
                "date_window": list(self.date_window) if self.date_window else None}


@dataclass(frozen=True)
class ChangePoint:
    target: str
    before: StancePoint
    after: StancePoint

    def to_dict(self) -> dict[str, object]:
        return {"target": self.target, "from": self.before.stance, "to": self.after.stance,
                "confident": is_confident(self),
                "from_doc_id": self.before.doc_id, "to_doc_id": self.after.doc_id,
                "from_date": self.before.date, "to_date": self.after.date,
                "from_passages": list(self.before.passage_ids), "to_passages": list(self.after.passage_ids)}


@dataclass(frozen=True)
class Positions:
    timelines: dict[str, tuple[StancePoint, ...]]
    changes: tuple[ChangePoint, ...]
    undated: tuple[str, ...]

    def to_dict(self, results: Sequence[LetterResult]) -> dict[str, object]:
        texts = {p.id: p.text for r in results for p in r.passages}
        out: dict[str, object] = {"targets": {}, "undated": list(self.undated),
                                  "undated_note": "letters without a date are not placed on the time lines"
                                  if self.undated else None}
        for target, points in sorted(self.timelines.items()):
            changes = [c for c in self.changes if c.target == target]
            out["targets"][target] = {  # type: ignore[index]
                "timeline": [p.to_dict() for p in points],
                "change_points": [{**c.to_dict(),
                                   "evidence_before": [{"passage_id": i, "text": texts[i]} for i in c.before.passage_ids],
                                   "evidence_after": [{"passage_id": i, "text": texts[i]} for i in c.after.passage_ids]}
                                  for c in changes],
            }
        return out


def is_confident(change: ChangePoint) -> bool:
    """The one rule for a confident change point: both sides' stance confidence >= CONFIDENT_AT."""
    return min(change.before.confidence, change.after.confidence) >= CONFIDENT_AT


def _scores(passage_scores: dict[str, float], label: str | None) -> dict[str, float]:
    if passage_scores:
        return {s: float(passage_scores.get(s, 0.0)) for s in STANCES}
    return {s: 1.0 if s == label else 0.0 for s in STANCES}


def letter_order(result: LetterResult) -> tuple[bool, str, str]:
    """Date order; undated letters last."""
    return (result.date is None, result.date or "", result.doc_id)


def stance_points(result: LetterResult) -> list[StancePoint]:
    """The letter's stance per target measure (requires a date)."""
    by_target: dict[str, list] = defaultdict(list)
    for passage in result.passages:
        if passage.stance is None:
            continue
        for target in passage.targets:
            by_target[target].append(passage)
    points = []
    for target, passages in sorted(by_target.items()):
        totals: dict[str, float] = {s: 0.0 for s in STANCES}
        for passage in passages:
            for stance, value in _scores(passage.stance_scores, passage.stance).items():
                totals[stance] += value
        mean: dict[str, float] = {s: round(totals[s] / len(passages), 4) for s in STANCES}
        label = max(STANCES, key=lambda s: (mean[s], -STANCES.index(s)))
        points.append(StancePoint(target, result.doc_id, result.date or "", label, mean[label], mean,
                                  tuple(p.id for p in passages), result.date_source, result.date_window))
    return points


def track_positions(results: Sequence[LetterResult]) -> Positions:
    timelines: dict[str, list[StancePoint]] = defaultdict(list)
    undated = []
    for result in sorted(results, key=letter_order):
        if not result.date:
            undated.append(result.doc_id)
            continue
        for point in stance_points(result):
            timelines[point.target].append(point)
    changes = [ChangePoint(target, before, after)
               for target, points in sorted(timelines.items())
               for before, after in itertools.pairwise(points) if before.stance != after.stance]
    return Positions({t: tuple(p) for t, p in timelines.items()}, tuple(changes), tuple(undated))


@dataclass(frozen=True)
class LetterDiff:
    doc_id: str
    date: str | None
    earlier: tuple[str, ...]
    relations: dict[str, list[str]]  # new / repeated / no_longer
    requests: dict[str, list[str]]
    stances: list[dict[str, object]]

    def to_dict(self) -> dict[str, object]:
        return asdict(self) | {"earlier": list(self.earlier)}


def _relation_keys(result: LetterResult) -> set[str]:
    return {f"{c.source} -[{c.relation}]-> {c.target}" for c in result.claims}


def _request_keys(result: LetterResult) -> set[str]:
    return {f"{r.addressee}: {', '.join(r.targets) or '(geen maatregel)'}" for r in result.requests}


def diff_letter(results: Sequence[LetterResult], doc_id: str) -> LetterDiff:
    """What this letter says that is new, repeated, or no longer said, against the letters before it."""
    ordered = sorted(results, key=letter_order)
    index = next((i for i, r in enumerate(ordered) if r.doc_id == doc_id), None)
    if index is None:
        raise KeyError(doc_id)
    letter = ordered[index]
    earlier = [r for r in ordered[:index] if r.date and letter.date and r.date <= letter.date] if letter.date else []

    def compare(keys_of: Callable[[LetterResult], set[str]]) -> dict[str, list[str]]:
        now = keys_of(letter)
        before: set[str] = set().union(*(keys_of(r) for r in earlier)) if earlier else set()
        return {"new": sorted(now - before), "repeated": sorted(now & before), "no_longer": sorted(before - now)}

    last_point: dict[str, StancePoint] = {}
    for result in earlier:
        for point in stance_points(result):
            last_point[point.target] = point
    stances: list[dict[str, object]] = []
    now_points = {p.target: p for p in stance_points(letter)}
    for target in sorted(set(now_points) | set(last_point)):
        now, before = now_points.get(target), last_point.get(target)
        status = ("new" if before is None else "no_longer" if now is None
                  else "repeated" if now.stance == before.stance else "changed")
        stances.append({"target": target, "status": status, "stance": now.stance if now else None,
                        "previous_stance": before.stance if before else None,
                        "previous_doc_id": before.doc_id if before else None})
    return LetterDiff(letter.doc_id, letter.date, tuple(r.doc_id for r in earlier), compare(_relation_keys),
                      compare(_request_keys), stances)
