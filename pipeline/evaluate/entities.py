"""Score predicted entities against the gold in corpora/annotations/entities/<doc_id>.jsonl.

Each gold entity is located in the predicted letter's passages by its anchor (3-8 words of clean
text, whitespace collapsed): the anchor must occur exactly once among the passages, and the gold
text is found inside it. A gold entity that cannot be located (its passage was dropped by the
segmenter, the anchor is ambiguous) is listed in EntityScores.unlocated and counted as missed,
never silently dropped.

Three views, per letter and label:
  spans      strict spans (same characters, same label), scored with spaCy's NER scorer over
             Examples built per passage
  canonical  the set of distinct canonical values per letter (did we find *which* laws, orgs ...)
  values     DATUM iso / AANTAL value correct, among the gold entities whose span we found

Besides the real letters, corpora/heldout holds fictional letters written after the rules, with
gold in corpora/annotations/heldout_entities: `score_heldout()` scores the entity stage on them
(an estimate of how the rules do on letters they were not written from), `error_lines()` lists
what went wrong entity by entity.
"""
from __future__ import annotations

import io
import itertools
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console
from rich.table import Table
from spacy.scorer import PRFScore, get_ner_prf
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.vocab import Vocab

from pipeline.datafiles import read_jsonl
from pipeline.discovery import find_inputs
from pipeline.entities import run_nlp
from pipeline.errors import DataFileError
from pipeline.letter import read_letter
from pipeline.nlp import build_nlp
from pipeline.paths import corpora_dir
from pipeline.types import ENTITY_LABELS, Entity, Passage

log = logging.getLogger("vng")

HELDOUT_CORPUS = corpora_dir() / "heldout"
HELDOUT_GOLD = corpora_dir() / "annotations" / "heldout_entities"

ALL = "ALL"
VALUE_LABELS = ("DATUM", "AANTAL")


class LetterLike(Protocol):
    @property
    def passages(self) -> Sequence[Passage]: ...

    @property
    def entities(self) -> Sequence[Entity]: ...


@dataclass(frozen=True)
class GoldEntity:
    label: str
    text: str
    anchor: str
    canonical: str
    iso: str | None = None
    value: int | float | None = None
    unit: str | None = None
    qualifier: str | None = None
    line: int = 0  # in the gold file, for messages


@dataclass(frozen=True)
class Unlocated:
    doc_id: str
    gold: GoldEntity
    reason: str


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass(frozen=True)
class ValueCounts:
    correct: int = 0
    span_found: int = 0  # gold entities whose exact span was predicted
    gold: int = 0

    def __add__(self, other: ValueCounts) -> ValueCounts:
        return ValueCounts(self.correct + other.correct, self.span_found + other.span_found, self.gold + other.gold)

    @property
    def accuracy(self) -> float:
        """Correct values among all gold entities of the label (a missed span counts as wrong)."""
        return self.correct / self.gold if self.gold else 0.0


@dataclass(frozen=True)
class EntityScores:
    spans: dict[str, dict[str, Counts]]  # doc_id -> label (and ALL) -> counts
    canonical: dict[str, dict[str, Counts]]
    values: dict[str, dict[str, ValueCounts]]
    unlocated: tuple[Unlocated, ...] = ()
    spacy_prf: dict[str, dict[str, Any]] = field(default_factory=dict)  # doc_id -> get_ner_prf output

    @property
    def letters(self) -> list[str]:
        return sorted(self.spans)

    def total(self, view: str = "spans") -> dict[str, Counts]:
        """Micro-summed counts over letters for one view ("spans" or "canonical")."""
        table: dict[str, dict[str, Counts]] = getattr(self, view)
        out: dict[str, Counts] = defaultdict(Counts)
        for per_label in table.values():
            for label, counts in per_label.items():
                out[label] = out[label] + counts
        return dict(out)

    def total_values(self) -> dict[str, ValueCounts]:
        out: dict[str, ValueCounts] = defaultdict(ValueCounts)
        for per_label in self.values.values():
            for label, counts in per_label.items():
                out[label] = out[label] + counts
        return dict(out)


# ----------------------------------------------------------------------------- gold files

_REQUIRED = ("label", "text", "anchor", "canonical")


def load_gold_file(path: Path) -> list[GoldEntity]:
    """One letter's gold; DataFileError names the file and line of anything malformed."""
    out: list[GoldEntity] = []
    for where, row in read_jsonl(path):
        number = int(where.rsplit(":", 1)[1])
        missing = [key for key in _REQUIRED if not isinstance(row.get(key), str) or not row[key]]
        if missing:
            raise DataFileError(f"{path}:{number}: missing or empty {', '.join(missing)}")
        if row["label"] not in ENTITY_LABELS:
            raise DataFileError(f"{path}:{number}: unknown label {row['label']!r}")
        if row["text"] not in row["anchor"]:
            raise DataFileError(f"{path}:{number}: the anchor does not contain the text {row['text']!r}")
        value = row.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise DataFileError(f"{path}:{number}: 'value' must be a number or null")
        out.append(GoldEntity(row["label"], row["text"], row["anchor"], row["canonical"], row.get("iso"),
                              value, row.get("unit"), row.get("qualifier"), number))
    return out


def load_gold(folder: Path) -> dict[str, list[GoldEntity]]:
    """doc_id (file stem) -> gold entities, for every *.jsonl in folder."""
    return {path.stem: load_gold_file(path) for path in sorted(folder.glob("*.jsonl"))}


# ----------------------------------------------------------------------------- locating

def _collapsed(text: str) -> tuple[str, list[int]]:
    """text with whitespace runs collapsed to one space, and each output char's source index."""
    chars: list[str] = []
    index: list[int] = []
    previous_space = True  # also strips leading whitespace
    for i, char in enumerate(text):
        if char.isspace():
            if not previous_space:
                chars.append(" ")
                index.append(i)
            previous_space = True
        else:
            chars.append(char)
            index.append(i)
            previous_space = False
    return "".join(chars), index


def locate(gold: Sequence[GoldEntity], passages: Sequence[Passage], doc_id: str
           ) -> tuple[list[tuple[GoldEntity, str, int, int]], list[Unlocated]]:
    """(gold, passage_id, start, end) for each locatable gold entity, and the others with reasons.

    The anchor is searched in all passages joined by a space, so an anchor that runs across a
    passage boundary (the segmenter split where the annotator did not) still locates its entity,
    as long as the entity itself lies within one passage.
    """
    chars: list[str] = []
    where: list[tuple[int, int]] = []  # joined index -> (passage number, offset in passage text)
    for number, passage in enumerate(passages):
        text, index = _collapsed(passage.text)
        if chars:
            chars.append(" ")
            where.append((-1, -1))
        chars.extend(text)
        where.extend((number, i) for i in index)
    joined = "".join(chars)
    found: list[tuple[GoldEntity, str, int, int]] = []
    missing: list[Unlocated] = []
    for entity in gold:
        anchor = " ".join(entity.anchor.split())
        text = " ".join(entity.text.split())
        hits = [m.start() for m in re.finditer(re.escape(anchor), joined)]
        if text not in anchor:
            missing.append(Unlocated(doc_id, entity, "the anchor does not contain the text"))
            continue
        if len(hits) != 1:
            reason = "anchor not found in the passages" if not hits else f"anchor occurs {len(hits)} times"
            missing.append(Unlocated(doc_id, entity, reason))
            continue
        start = hits[0] + anchor.find(text)
        first, last = where[start], where[start + len(text) - 1]
        if first[0] < 0 or first[0] != last[0]:
            missing.append(Unlocated(doc_id, entity, "the entity runs across a passage boundary"))
            continue
        found.append((entity, passages[first[0]].id, first[1], last[1] + 1))
    return found, missing


# ----------------------------------------------------------------------------- scoring

def _example(text: str, gold: Iterable[tuple[int, int, str]], predicted: Iterable[tuple[int, int, str]],
             vocab: Vocab) -> Example:
    """An Example over one passage, tokenised so every gold and predicted boundary is a token edge."""
    gold, predicted = list(gold), list(predicted)
    cuts = {0, len(text)}
    for start, end, _ in gold + predicted:
        cuts.update((start, end))
    for match in re.finditer(r"\s+", text):
        cuts.update(match.span())
    edges = sorted(cuts)
    pieces = [(a, b) for a, b in itertools.pairwise(edges) if text[a:b].strip()]
    words = [text[a:b] for a, b in pieces]
    spaces = [b < len(text) and text[b].isspace() for _, b in pieces]
    reference = Doc(vocab, words=words, spaces=spaces)
    predicted_doc = Doc(vocab, words=words, spaces=spaces)
    starts = {a: i for i, (a, _) in enumerate(pieces)}
    ends = {b: i + 1 for i, (_, b) in enumerate(pieces)}
    for doc, spans in ((reference, gold), (predicted_doc, predicted)):
        ents = []
        for start, end, label in sorted(set(spans)):
            if start in starts and end in ends:  # a span edge inside whitespace cannot be scored
                ents.append(Span(doc, starts[start], ends[end], label=label))
        doc.set_ents(_non_overlapping(ents), default="outside")
    return Example(predicted_doc, reference)


def _non_overlapping(spans: list[Any]) -> list[Any]:
    taken: set[int] = set()
    out = []
    for span in spans:
        if taken.isdisjoint(range(span.start, span.end)):
            out.append(span)
            taken.update(range(span.start, span.end))
    return out


def _span_counts(examples: Iterable[Example]) -> dict[str, PRFScore]:
    """Per-label tp/fp/fn, by the same rule as spaCy's get_ner_prf (which returns only P/R/F)."""
    scores: dict[str, PRFScore] = defaultdict(PRFScore)
    for eg in examples:
        golds = {(e.label_, e.start, e.end) for e in eg.y.ents}
        for ent in eg.x.ents:
            key = (ent.label_, ent.start, ent.end)  # same tokens on both sides
            if key in golds:
                scores[ent.label_].tp += 1
                golds.remove(key)
            else:
                scores[ent.label_].fp += 1
        for label, _, _ in golds:
            scores[label].fn += 1
    return scores


def _set_counts(gold: set[str], predicted: set[str]) -> Counts:
    return Counts(len(gold & predicted), len(predicted - gold), len(gold - predicted))


def _predicted_canonical(entity: Entity) -> str:
    if entity.label == "DATUM" and entity.iso:
        return entity.iso
    if entity.label == "AANTAL" and entity.value is not None:
        return _number(entity.value)
    return entity.canonical


def _number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def score_entities(gold: Mapping[str, Sequence[GoldEntity]], predicted: Mapping[str, LetterLike]) -> EntityScores:
    """Scores per letter and label; letters in gold but not predicted count as entirely missed."""
    vocab = Vocab()
    spans: dict[str, dict[str, Counts]] = {}
    canonical: dict[str, dict[str, Counts]] = {}
    values: dict[str, dict[str, ValueCounts]] = {}
    prf: dict[str, dict[str, Any]] = {}
    unlocated: list[Unlocated] = []
    for doc_id in sorted(gold):
        letter = predicted.get(doc_id)
        passages = list(letter.passages) if letter else []
        entities = list(letter.entities) if letter else []
        located, missing = locate(gold[doc_id], passages, doc_id)
        if letter is None:
            missing = [Unlocated(doc_id, g, "letter not in the predictions") for g in gold[doc_id]]
        unlocated.extend(missing)
        by_passage_gold: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for entity, pid, start, end in located:
            by_passage_gold[pid].append((start, end, entity.label))
        by_passage_pred: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for found in entities:
            by_passage_pred[found.passage_id].append((found.start, found.end, found.label))
        examples = [_example(p.text, by_passage_gold[p.id], by_passage_pred[p.id], vocab) for p in passages]
        per_label = {label: Counts(s.tp, s.fp, s.fn) for label, s in _span_counts(examples).items()}
        for item in missing:
            per_label[item.gold.label] = per_label.get(item.gold.label, Counts()) + Counts(fn=1)
        per_label[ALL] = sum(per_label.values(), Counts())
        spans[doc_id] = per_label
        prf[doc_id] = get_ner_prf(examples)

        canon: dict[str, Counts] = {}
        for label in ENTITY_LABELS:
            gold_set = {g.canonical for g in gold[doc_id] if g.label == label}
            pred_set = {_predicted_canonical(e) for e in entities if e.label == label}
            if gold_set or pred_set:
                canon[label] = _set_counts(gold_set, pred_set)
        canon[ALL] = sum(canon.values(), Counts())
        canonical[doc_id] = canon

        by_span = {(e.passage_id, e.start, e.end, e.label): e for e in entities}
        vals: dict[str, ValueCounts] = {}
        for label in VALUE_LABELS:
            counts = ValueCounts(gold=sum(1 for g in gold[doc_id] if g.label == label))
            for entity, pid, start, end in located:
                if entity.label != label:
                    continue
                hit = by_span.get((pid, start, end, label))
                if hit is None:
                    continue
                right = hit.iso == entity.iso if label == "DATUM" else _same_number(hit.value, entity.value)
                counts = counts + ValueCounts(correct=int(right), span_found=1)
            vals[label] = counts
        values[doc_id] = vals
    for item in unlocated:
        log.warning("gold entity not located: %s line %d %s %r (%s)", item.doc_id, item.gold.line,
                    item.gold.label, item.gold.text, item.reason)
    return EntityScores(spans, canonical, values, tuple(unlocated), prf)


def _same_number(a: int | float | None, b: int | float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-9


# ----------------------------------------------------------------------------- entity stage only

@dataclass(frozen=True)
class Predicted:
    """One letter after stages 1-3 (read, segment, entities): what scoring needs."""

    passages: tuple[Passage, ...]
    entities: tuple[Entity, ...]
    date: str | None = None


def predict_entities(corpus_dir: Path, nlp: Any = None, only: Iterable[str] | None = None) -> dict[str, Predicted]:
    """Entities of every letter in corpus_dir (or only the doc ids given), without the later stages.

    nlp: a pipeline from pipeline.nlp.build_nlp; built with the default model when None.
    """
    if nlp is None:
        nlp = build_nlp()
    wanted = set(only) if only is not None else None
    out: dict[str, Predicted] = {}
    for item in find_inputs(corpus_dir)[0]:
        if wanted is not None and item.doc_id not in wanted:
            continue
        letter = read_letter(item.path, source=item.source, doc_id=item.doc_id)
        result = run_nlp(nlp, letter.passages, letter.meta.date, letter.meta.date_window)
        out[letter.doc_id] = Predicted(tuple(letter.passages), result.entities, letter.meta.date)
    return out


def score_heldout(corpus_dir: Path = HELDOUT_CORPUS, gold_dir: Path = HELDOUT_GOLD, nlp: Any = None
                  ) -> EntityScores:
    """The entity stage scored on the held-out fictional letters (see corpora/heldout/README.md)."""
    gold = load_gold(gold_dir)
    return score_entities(gold, predict_entities(corpus_dir, nlp, only=gold))


def error_lines(gold: Mapping[str, Sequence[GoldEntity]], predicted: Mapping[str, LetterLike]) -> list[str]:
    """One line per wrong entity: missed (FN), spurious (FP), or right span with a wrong value."""
    lines: list[str] = []
    for doc_id in sorted(gold):
        letter = predicted.get(doc_id)
        if letter is None:
            lines.append(f"{doc_id}: not predicted")
            continue
        located, missing = locate(gold[doc_id], list(letter.passages), doc_id)
        golds = {(pid, start, end, g.label): g for g, pid, start, end in located}
        preds = {(e.passage_id, e.start, e.end, e.label): e for e in letter.entities}
        out: list[tuple[tuple[str, int], str]] = []
        for key in set(golds) | set(preds):
            g, e = golds.get(key), preds.get(key)
            where = (key[0], key[1])
            if g is not None and e is None:
                out.append((where, f"FN {g.label} {g.text!r}"))
            elif e is not None and g is None:
                out.append((where, f"FP {e.label} {e.text!r} (rule {e.rule})"))
            elif g is not None and e is not None:
                wrong = _value_problems(g, e)
                if wrong:
                    out.append((where, f"VALUE {g.label} {g.text!r}: {'; '.join(wrong)}"))
        lines.extend(f"{doc_id}: {text}" for _, text in sorted(out))
        lines.extend(f"{doc_id}: FN {m.gold.label} {m.gold.text!r} (not located: {m.reason})" for m in missing)
    return lines


def _value_problems(gold: GoldEntity, entity: Entity) -> list[str]:
    wrong: list[str] = []
    if gold.label == "DATUM":
        if entity.iso != gold.iso:
            wrong.append(f"iso {entity.iso} != {gold.iso}")
    elif gold.label == "AANTAL":
        if not _same_number(entity.value, gold.value):
            wrong.append(f"value {entity.value} != {gold.value}")
        if entity.unit != gold.unit:
            wrong.append(f"unit {entity.unit!r} != {gold.unit!r}")
        if entity.qualifier != gold.qualifier:
            wrong.append(f"qualifier {entity.qualifier!r} != {gold.qualifier!r}")
    elif entity.canonical != gold.canonical:
        wrong.append(f"canonical {entity.canonical!r} != {gold.canonical!r}")
    return wrong


# ----------------------------------------------------------------------------- rendering

def _rows(scores: EntityScores, view: str) -> list[list[str]]:
    table: dict[str, dict[str, Counts]] = getattr(scores, view)
    totals = scores.total(view)
    labels = [label for label in (*ENTITY_LABELS, ALL) if label in totals]
    rows = []
    for label in labels:
        row = [label]
        for doc_id in scores.letters:
            counts = table[doc_id].get(label)
            row.append(_cell(counts))
        row.append(_cell(totals[label]))
        rows.append(row)
    return rows


def _cell(counts: Counts | None) -> str:
    if counts is None or counts.tp + counts.fp + counts.fn == 0:
        return "-"
    return f"{counts.precision:.2f}/{counts.recall:.2f}/{counts.f1:.2f} ({counts.support})"


def render_entity_scores(scores: EntityScores, *, rich: bool = False) -> str:
    """Tables per label x letter (P/R/F1 and gold support), values and unlocated gold."""
    header = ["label", *[doc_id[:12] for doc_id in scores.letters], "all letters"]
    sections = [("Strict spans  P/R/F1 (gold count)", _rows(scores, "spans")),
                ("Distinct canonical values per letter  P/R/F1 (gold count)", _rows(scores, "canonical"))]
    value_rows = []
    totals = scores.total_values()
    for label in VALUE_LABELS:
        row = [label]
        for doc_id in scores.letters:
            v = scores.values[doc_id].get(label, ValueCounts())
            row.append(f"{v.correct}/{v.gold}" if v.gold else "-")
        t = totals.get(label, ValueCounts())
        row.append(f"{t.correct}/{t.gold} ({t.accuracy:.2f})" if t.gold else "-")
        value_rows.append(row)
    sections.append(("Values correct (DATUM iso, AANTAL value) / gold", value_rows))
    if rich:
        return _render_rich(header, sections, scores.unlocated)
    out = []
    for title, rows in sections:
        out.append(title)
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            out.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip())
        out.append("")
    out.extend(_unlocated_lines(scores.unlocated))
    return "\n".join(out).rstrip() + "\n"


def _unlocated_lines(unlocated: Sequence[Unlocated]) -> list[str]:
    if not unlocated:
        return ["All gold entities were located."]
    lines = [f"{len(unlocated)} gold entities could not be located (counted as missed):"]
    lines.extend(f"  {u.doc_id} line {u.gold.line}: {u.gold.label} {u.gold.text!r} - {u.reason}" for u in unlocated)
    return lines


def _render_rich(header: list[str], sections: list[tuple[str, list[list[str]]]], unlocated: Sequence[Unlocated]) -> str:

    buffer = io.StringIO()
    console = Console(file=buffer, width=160, force_terminal=False)
    for title, rows in sections:
        table = Table(title=title)
        for name in header:
            table.add_column(name)
        for row in rows:
            table.add_row(*row)
        console.print(table)
    for line in _unlocated_lines(unlocated):
        console.print(line)
    return buffer.getvalue()
