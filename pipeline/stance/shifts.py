"""What `vng shifts` shows: measure names matched the way people type them, and the rows of the
timelines and of the confident changes, as plain data for the table, JSON and CSV printers."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from pipeline.positions import ChangePoint, Positions, StancePoint

MATCH_AT = 85  # rapidfuzz score (0-100) from which a measure name counts as meant
SUGGEST_AT = 50


def fold(text: str) -> str:
    """Lower case without accents: "Oekraïners" and "oekrainers" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class TargetMatch:
    names: tuple[str, ...]  # the measures meant
    suggestions: tuple[str, ...]  # when none is: the closest names


def match_targets(query: str, names: Sequence[str]) -> TargetMatch:
    """Accent-folded substring match first; otherwise fuzzy (rapidfuzz WRatio) above MATCH_AT; otherwise
    no match and up to three suggestions."""
    folded = {name: fold(name) for name in names}
    wanted = fold(query).strip()
    exact = tuple(name for name in sorted(names) if wanted in folded[name])
    if exact:
        return TargetMatch(exact, ())
    scored = process.extract(wanted, folded, scorer=fuzz.WRatio, limit=None)
    ranked = sorted(((score, key) for _, score, key in scored), key=lambda s: (-s[0], s[1]))
    close = tuple(sorted(key for score, key in ranked if score >= MATCH_AT))
    if close:
        return TargetMatch(close, ())
    return TargetMatch((), tuple(key for score, key in ranked[:3] if score >= SUGGEST_AT))


def point_row(point: StancePoint, change: ChangePoint | None) -> dict[str, object]:
    return {"target": point.target, "date": point.date, "date_label": point.date_label, "doc_id": point.doc_id,
            "title": point.title, "stance": point.stance, "confidence": point.confidence,
            "confident": point.confident,
            "change": None if change is None else ("confident" if change.confident else "uncertain"),
            "previous_stance": None if change is None else change.before.stance,
            "sentence": point.sentence, "passage_id": point.sentence_passage_id}


def timeline_rows(positions: Positions, targets: Sequence[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for target in targets:
        into: dict[str, ChangePoint] = {}
        for change in positions.changes:
            if change.target == target and (change.after.doc_id not in into or change.confident):
                into[change.after.doc_id] = change
        rows.extend(point_row(p, into.get(p.doc_id)) for p in positions.timelines.get(target, ()))
    return rows


def change_rows(positions: Positions, targets: Sequence[str]) -> list[dict[str, object]]:
    """The confident changes, each with both sides' letter, date, stance, confidence and sentence."""
    wanted = set(targets)
    return [{"target": c.target, "from": c.before.stance, "to": c.after.stance,
             "from_date": c.before.date_label, "to_date": c.after.date_label,
             "from_doc_id": c.before.doc_id, "to_doc_id": c.after.doc_id,
             "from_title": c.before.title, "to_title": c.after.title,
             "from_confidence": c.before.confidence, "to_confidence": c.after.confidence,
             "from_sentence": c.before.sentence, "to_sentence": c.after.sentence}
            for c in positions.changes if c.confident and c.target in wanted]
