"""Stage 6: the VNG's position on each measure over time, change points, and what a letter says anew.

Per target measure and letter (letters in date order, then doc_id) the position is read from the
letter's statements about that measure (pipeline/stance/): the stance with the most support, summed
over the statements' confidences (a letter that only describes the measure is `neutraal`, no
position); its confidence is the strongest statement of that stance, discounted by the share of
statements that say the opposite; the deciding sentence is that statement's. Letters analysed
before statements existed fall back to the passages' stance.

A change point is `confident` only where both sides are positions (kritisch or steunend) with a
confidence of at least CONFIDENT_AT, compared with the last confident position before it (an
uncertain or neutral letter in between does not hide or double a change); every other difference
between consecutive letters is listed as an uncertain change. CONFIDENT_AT was chosen on the gold
(README, Statements): the lowest threshold at which the change points of the example corpus series
reach the required precision.
Letters without a date cannot be placed in time and are left out of the timelines (listed in
`undated`, and last wherever letters are listed in date order). An inferred date is shown as such
(`date_label`: "≈ 2025-07 (na 14-07-2025)"), with its source and window.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise

from pipeline.extract.letter_date import date_label
from pipeline.types import STANCES, LetterResult, Statement

# Chosen on the gold (README, Statements): a position below it is drawn as uncertain and never
# anchors a confident change.
CONFIDENT_AT = 0.6
POSITIONS = ("kritisch", "steunend")


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
    sentence: str | None = None  # the deciding sentence (verbatim), from the strongest statement
    sentence_passage_id: str | None = None
    statements: int = 0  # how many statements the point rests on (0: passage stance, old results)
    title: str | None = None

    @property
    def date_label(self) -> str:
        return date_label(self.date, self.date_source, self.date_window)

    @property
    def confident(self) -> bool:
        """A position (kritisch or steunend) at or above CONFIDENT_AT; everything else is uncertain."""
        return self.stance in POSITIONS and self.confidence >= CONFIDENT_AT

    def to_dict(self) -> dict[str, object]:
        return {"target": self.target, "doc_id": self.doc_id, "date": self.date, "stance": self.stance,
                "confidence": self.confidence, "scores": dict(self.scores), "passage_ids": list(self.passage_ids),
                "date_source": self.date_source, "date_label": self.date_label,
                "date_window": list(self.date_window) if self.date_window else None,
                "confident": self.confident, "sentence": self.sentence,
                "sentence_passage_id": self.sentence_passage_id, "statements": self.statements,
                "title": self.title}


@dataclass(frozen=True)
class ChangePoint:
    target: str
    before: StancePoint
    after: StancePoint
    threshold: float = CONFIDENT_AT

    @property
    def confident(self) -> bool:
        """The one rule: both sides are positions (kritisch or steunend) with confidence >= threshold."""
        return all(p.stance in POSITIONS and p.confidence >= self.threshold for p in (self.before, self.after))

    def to_dict(self) -> dict[str, object]:
        return {"target": self.target, "from": self.before.stance, "to": self.after.stance,
                "confident": self.confident, "status": "confident" if self.confident else "uncertain",
                "from_confidence": self.before.confidence, "to_confidence": self.after.confidence,
                "from_sentence": self.before.sentence, "to_sentence": self.after.sentence,
                "from_sentence_passage_id": self.before.sentence_passage_id,
                "to_sentence_passage_id": self.after.sentence_passage_id,
                "from_doc_id": self.before.doc_id, "to_doc_id": self.after.doc_id,
                "from_date": self.before.date, "to_date": self.after.date,
                "from_passages": list(self.before.passage_ids), "to_passages": list(self.after.passage_ids)}


@dataclass(frozen=True)
class Positions:
    timelines: dict[str, tuple[StancePoint, ...]]
    changes: tuple[ChangePoint, ...]
    undated: tuple[str, ...]

    def to_dict(self, results: Sequence[LetterResult]) -> dict[str, object]:
        out: dict[str, object] = {"targets": dict(self.targets(results)), "undated": list(self.undated),
                                  "undated_note": self._undated_note()}
        return out

    def _undated_note(self) -> str | None:
        return "letters without a date are not placed on the time lines" if self.undated else None

    def targets(self, results: Sequence[LetterResult]) -> Iterator[tuple[str, dict[str, object]]]:
        """(target, its part of to_dict()["targets"]), one at a time, in order."""
        texts = {p.id: p.text for r in results for p in r.passages}
        statements: dict[str, list[Statement]] = defaultdict(list)  # the objects: made dicts one target at a time
        for result in sorted(results, key=letter_order):
            for statement in result.statements:
                statements[statement.target].append(statement)
        for target, points in sorted(self.timelines.items()):
            changes = [c for c in self.changes if c.target == target]
            yield target, {
                "timeline": [p.to_dict() for p in points],
                "statements": [st.to_dict() for st in statements.get(target, [])],
                "change_points": [{**c.to_dict(),
                                   "evidence_before": [{"passage_id": i, "text": texts[i]} for i in c.before.passage_ids],
                                   "evidence_after": [{"passage_id": i, "text": texts[i]} for i in c.after.passage_ids]}
                                  for c in changes],
            }

    def json_chunks(self, results: Sequence[LetterResult]) -> Iterator[str]:
        """dumps_json(self.to_dict(results)) in pieces, one target at a time: the statements of 1,000
        letters as dicts and as one JSON string were a large part of the parent's peak memory."""
        yield '{"targets":{'
        for index, (target, data) in enumerate(self.targets(results)):
            yield ("," if index else "") + _dumps(target) + ":" + _dumps(data)
        yield '},"undated":' + _dumps(list(self.undated)) + ',"undated_note":' + _dumps(self._undated_note()) + "}\n"


def _dumps(value: object) -> str:
    """As pipeline.export.dumps_json writes JSON (without its final newline)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def is_confident(change: ChangePoint) -> bool:
    """The one rule for a confident change point: both sides are confident positions (see track_positions)."""
    return change.confident


def _scores(passage_scores: dict[str, float], label: str | None) -> dict[str, float]:
    if passage_scores:
        return {s: float(passage_scores.get(s, 0.0)) for s in STANCES}
    return {s: 1.0 if s == label else 0.0 for s in STANCES}


def letter_order(result: LetterResult) -> tuple[bool, str, str]:
    """Date order; undated letters last."""
    return (result.date is None, result.date or "", result.doc_id)


def _from_statements(result: LetterResult) -> list[StancePoint]:
    by_target: dict[str, list[Statement]] = defaultdict(list)
    for statement in result.statements:
        by_target[statement.target].append(statement)
    points = []
    for target, statements in sorted(by_target.items()):
        mass: dict[str, float] = {s: round(sum(st.confidence for st in statements if st.stance == s), 4) for s in STANCES}
        held = [s for s in POSITIONS if mass[s] > 0]
        if held:
            label = max(held, key=lambda s: (mass[s], s == "kritisch"))
            other = sum(mass[s] for s in POSITIONS if s != label)
            strongest = max((st for st in statements if st.stance == label), key=lambda st: st.confidence)
            confidence = round(strongest.confidence * mass[label] / (mass[label] + other), 4)
        else:
            label = "neutraal"
            strongest = max(statements, key=lambda st: st.confidence)
            confidence = round(mass["neutraal"] / len(statements), 4)
        scores: dict[str, float] = {s: round(sum(st.scores.get(s, 0.0) for st in statements) / len(statements), 4)
                                    for s in STANCES}
        points.append(StancePoint(target, result.doc_id, result.date or "", label, confidence, scores,
                                  tuple(dict.fromkeys(st.passage_id for st in statements)), result.date_source,
                                  result.date_window, strongest.sentence, strongest.passage_id, len(statements),
                                  result.title))
    return points


def stance_points(result: LetterResult) -> list[StancePoint]:
    """The letter's stance per target measure (requires a date): from its statements, or for results
    made before statements existed from its passages' stance."""
    if result.statements:
        return _from_statements(result)
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
                                  tuple(p.id for p in passages), result.date_source, result.date_window,
                                  title=result.title))
    return points


def change_points(target: str, points: Sequence[StancePoint], threshold: float = CONFIDENT_AT) -> list[ChangePoint]:
    """Confident changes between consecutive confident positions; every other difference between
    consecutive letters as an uncertain change. In date order of the later side."""
    confident: list[ChangePoint] = []
    last: StancePoint | None = None
    for point in points:
        if point.stance not in POSITIONS or point.confidence < threshold:
            continue
        if last is not None and last.stance != point.stance:
            confident.append(ChangePoint(target, last, point, threshold))
        last = point
    pairs = {(c.before.doc_id, c.after.doc_id) for c in confident}
    uncertain = [ChangePoint(target, before, after, threshold) for before, after in pairwise(points)
                 if before.stance != after.stance and (before.doc_id, after.doc_id) not in pairs]
    order = {p.doc_id: i for i, p in enumerate(points)}
    return sorted([*confident, *uncertain], key=lambda c: (order[c.after.doc_id], order[c.before.doc_id]))


def track_positions(results: Sequence[LetterResult], threshold: float = CONFIDENT_AT) -> Positions:
    timelines: dict[str, list[StancePoint]] = defaultdict(list)
    undated = []
    for result in sorted(results, key=letter_order):
        if not result.date:
            undated.append(result.doc_id)
            continue
        for point in stance_points(result):
            timelines[point.target].append(point)
    changes = [change for target, points in sorted(timelines.items())
               for change in change_points(target, points, threshold)]
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
