"""The statement gold and training files (corpora/annotations/statements*, corpora/training/statements.jsonl),
read with loud errors, and aligned to the pipeline's passages by anchor."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.datafiles import read_jsonl
from pipeline.errors import DataFileError
from pipeline.paths import corpora_dir
from pipeline.types import STANCES, Passage

# The corpora exist only in a checkout (paths.corpora_dir raises elsewhere): these are functions, so a
# run, which imports this module through the statement stage, never asks for them.


def annotations_dir() -> Path:
    return corpora_dir() / "annotations"


def gold_real_dir() -> Path:
    return annotations_dir() / "statements"


def gold_examples_dir() -> Path:
    return annotations_dir() / "statements-examples"


def gold_blind_dir() -> Path:
    return annotations_dir() / "statements-heldout"


def blind_corpus_dir() -> Path:
    return corpora_dir() / "heldout-stance"


def examples_corpus_dir() -> Path:
    return corpora_dir() / "examples"


def training_file() -> Path:
    return corpora_dir() / "training" / "statements.jsonl"


def series_file() -> Path:
    return gold_examples_dir() / "examples_series.yaml"


@dataclass(frozen=True)
class GoldStatement:
    anchor: str
    target: str
    actor: str
    stance: str
    cue: str
    where: str  # file:line


@dataclass(frozen=True)
class TrainingStatement:
    id: str
    case: str
    text: str
    target: str
    stance: str


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _check_stance(where: str, stance: object) -> str:
    if stance not in STANCES:
        raise DataFileError(f"{where}: 'stance' must be one of {', '.join(STANCES)}; got {stance!r}")
    return str(stance)


def read_gold(path: Path) -> list[GoldStatement]:
    out = []
    for where, record in read_jsonl(path, ("anchor", "target", "actor", "stance", "cue")):
        for key in ("anchor", "target", "actor", "cue"):
            if not isinstance(record[key], str) or not record[key].strip():
                raise DataFileError(f"{where}: '{key}' must be a non-empty string")
        if len(record["cue"].split()) > 10:
            raise DataFileError(f"{where}: 'cue' is an anchor of at most 10 words, not a quote")
        out.append(GoldStatement(record["anchor"], record["target"], record["actor"],
                                 _check_stance(where, record["stance"]), record["cue"], where))
    return out


def read_training(path: Path | None = None) -> list[TrainingStatement]:
    path = path or training_file()
    out, seen = [], set()
    for where, record in read_jsonl(path, ("id", "case", "text", "statements")):
        if record["id"] in seen:
            raise DataFileError(f"{where}: duplicate id {record['id']!r}")
        seen.add(record["id"])
        if not isinstance(record["statements"], list) or not record["statements"]:
            raise DataFileError(f"{where}: 'statements' must be a non-empty list of {{target, stance}}")
        for item in record["statements"]:
            if not isinstance(item, dict) or set(item) != {"target", "stance"}:
                raise DataFileError(f"{where}: each statement needs exactly 'target' and 'stance'")
            out.append(TrainingStatement(str(record["id"]), str(record["case"]), record["text"], item["target"],
                                         _check_stance(where, item["stance"])))
    if not out:
        raise DataFileError(f"{path}: holds no statements")
    return out


def align(passages: Sequence[Passage], gold: Sequence[GoldStatement]) -> list[tuple[Passage, GoldStatement]]:
    """Each gold statement with the passage whose (normalised) text starts with its anchor; DataFileError
    when an anchor starts no passage or more than one: the gold must say which passage it means."""
    texts = [_norm(p.text) for p in passages]
    out = []
    for record in gold:
        anchor = _norm(record.anchor)
        hits = [i for i, t in enumerate(texts) if t.startswith(anchor)]
        if len(hits) != 1:
            raise DataFileError(f"{record.where}: anchor {record.anchor!r} starts {len(hits)} passages (expected 1)")
        out.append((passages[hits[0]], record))
    return out
