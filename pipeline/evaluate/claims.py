"""Lenient scoring of the open-vocabulary claims stage (issue 19), per letter, with today's stage beside it.

The node match is the one of corpora/annotations/heldout_relations/README.md ("Lenient node match"):
a gold line has match groups for its source and its target (head stems, then key-modifier stems);
a predicted node matches when every group has a stem that occurs in its label or in the words the
claim's sentence used for it (lower case, curly apostrophes straightened, Unicode NFC). A predicted
claim matches a gold line when the relation is equal, both ends match and its sentence contains the
gold anchor. Recall = gold lines matched / gold lines; precision = predicted claims matching some gold
line / predicted claims; claims the stage flags (negated, reported, hypothetical) are not predictions.

Gold: the real letters' lines (corpora/annotations/relations/) take their groups from the canonical
name (node_match.yaml next to them); the blind fictional letters' lines
(corpora/annotations/heldout_relations/) carry their own `source_match` / `target_match`.

Rows: the three real letters leave-one-letter-out (the concept lexicons stay whole: they are seeds;
the cue patterns of claim_cues.yaml that match only the held-out letter are removed, as the
closed-vocabulary LOLO removes its patterns), the blind fictional letters, a pooled (micro) row per
group; the baseline is today's closed-vocabulary stage (legacy.py): leave-one-letter-out as before
on the real letters, with its whole vocabulary on the blind ones.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from pipeline.datafiles import read_jsonl, read_yaml
from pipeline.errors import DataFileError
from pipeline.relations.claims import extract_open_claims
from pipeline.relations.cues import ClaimCueLexicon, load_claim_cues
from pipeline.relations.legacy import extract_legacy_claims
from pipeline.types import Claim, Passage

Groups = tuple[tuple[str, ...], ...]
MATCH_FILE = "node_match.yaml"


@dataclass(frozen=True)
class MatchLine:
    """One gold claim with its lenient match."""

    source_kind: str
    source: str
    relation: str
    target_kind: str
    target: str
    anchor: str
    source_match: Groups
    target_match: Groups


@dataclass(frozen=True)
class Lenient:
    gold: int = 0
    found: int = 0  # gold lines matched
    predicted: int = 0
    correct: int = 0  # predictions matching some gold line

    def __add__(self, other: Lenient) -> Lenient:
        return Lenient(self.gold + other.gold, self.found + other.found, self.predicted + other.predicted,
                       self.correct + other.correct)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _groups(value: object, where: str) -> Groups:
    if not isinstance(value, list) or not 1 <= len(value) <= 3:
        raise DataFileError(f"{where}: match groups must be a list of one to three lists of stems")
    out: list[tuple[str, ...]] = []
    for group in value:
        if not isinstance(group, list) or not group or not all(isinstance(s, str) and s.strip() for s in group):
            raise DataFileError(f"{where}: each match group must be a non-empty list of strings")
        if any(s != s.strip().lower() for s in group):
            raise DataFileError(f"{where}: stems are lower case without outer spaces: {group}")
        out.append(tuple(fold(s) for s in group))
    return tuple(out)


def load_node_match(path: Path) -> dict[tuple[str, str], Groups]:
    """(kind, folded canonical name) -> groups, from node_match.yaml; each name satisfies its own groups."""
    file = read_yaml(path)
    out: dict[tuple[str, str], Groups] = {}
    for kind in ("maatregel", "risico", "gemeentetaak"):
        section = file.mapping(file.data, kind)
        for name, value in section.items():
            groups = _groups(value, f"{path}:{section.key_lines[name]}")
            if not matches(groups, [str(name)]):
                raise DataFileError(f"{path}:{section.key_lines[name]}: {name!r} does not satisfy its own groups")
            out[(kind, fold(str(name)))] = groups
    return out


def load_match_gold(folder: Path) -> dict[str, list[MatchLine]]:
    """doc_id -> gold lines with their match groups, for every *.jsonl of the folder; the groups come
    from the lines' own match fields, else from node_match.yaml in the folder."""
    if not folder.is_dir():
        raise DataFileError(f"{folder}: the relation gold folder does not exist")
    table = load_node_match(folder / MATCH_FILE) if (folder / MATCH_FILE).is_file() else {}
    out: dict[str, list[MatchLine]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        lines: list[MatchLine] = []
        for where, row in read_jsonl(path):
            groups: list[Groups] = []
            for end in ("source", "target"):
                if f"{end}_match" in row:
                    groups.append(_groups(row[f"{end}_match"], where))
                    continue
                key = (row.get(f"{end}_kind"), fold(str(row.get(end, ""))))
                if key not in table:
                    raise DataFileError(f"{where}: no {end}_match and {row.get(end)!r} is not in {MATCH_FILE}")
                groups.append(table[key])
            lines.append(MatchLine(row["source_kind"], row["source"], row["relation"], row["target_kind"],
                                   row["target"], row["anchor"], groups[0], groups[1]))
        out[path.stem] = lines
    return out


def matches(groups: Groups, texts: Sequence[str]) -> bool:
    folded = [fold(t) for t in texts if t]
    return all(any(stem in text for stem in group for text in folded) for group in groups)


def predictions(claims: Sequence[Claim]) -> list[Claim]:
    """The claims that count as predictions: not negated, reported or hypothetical."""
    return [c for c in claims if not (c.negated or c.reported or c.hypothetical)]


def claim_matches(claim: Claim, line: MatchLine) -> bool:
    """The lenient match of one claim to one gold line: same relation, the line's anchor in the claim's
    sentence, and each end meeting its match groups (head group, key-modifier group)."""
    return (claim.relation == line.relation and fold(line.anchor) in fold(claim.sentence)
            and matches(line.source_match, [claim.source, claim.source_text])
            and matches(line.target_match, [claim.target, claim.target_text]))


def score_lenient(gold: Sequence[MatchLine], claims: Sequence[Claim]) -> Lenient:
    predicted = predictions(claims)
    found = sum(1 for line in gold if any(claim_matches(c, line) for c in predicted))
    correct = sum(1 for c in predicted if any(claim_matches(c, line) for line in gold))
    return Lenient(len(gold), found, len(predicted), correct)


# ----------------------------------------------------------------------------- leave one letter out

BACKGROUND = "(background)"


def claim_cue_usage(cues: ClaimCueLexicon, letters: Mapping[str, Sequence[Passage]],
                    background: Sequence[str] = ()) -> dict[tuple[str, str], set[str]]:
    """For each cue pattern, the letters in whose text it matches (BACKGROUND: one of the background texts)."""
    texts = {doc_id: [p.text for p in passages] for doc_id, passages in letters.items()}
    if background:
        texts[BACKGROUND] = list(background)
    return {(item.group, item.raw): {doc_id for doc_id, items in texts.items()
                                     if any(item.regex.search(t) for t in items)}
            for item in cues.items}


def open_lolo_claims(letters: Mapping[str, Sequence[Passage]], nlp: Language, cues: ClaimCueLexicon | None = None,
                     background: Sequence[str] = ()) -> tuple[dict[str, tuple[Claim, ...]], dict[str, int]]:
    """Claims of each letter with the cue patterns that match only it removed; how many were removed.
    With background texts (the fictional examples), a pattern that also matches there is kept."""
    cues = cues or load_claim_cues()
    usage = claim_cue_usage(cues, letters, background)
    out: dict[str, tuple[Claim, ...]] = {}
    dropped: dict[str, int] = {}
    for doc_id, passages in letters.items():
        gone = {key for key, found in usage.items() if found == {doc_id}}
        dropped[doc_id] = len(gone)
        reduced = cues.keep_items(lambda item, gone=gone: (item.group, item.raw) not in gone)  # type: ignore[misc]
        out[doc_id] = extract_open_claims(doc_id, passages, _sentences(passages), nlp, reduced)
    return out, dropped


def _sentences(passages: Sequence[Passage]) -> dict[str, Sequence[tuple[int, int]]]:
    return {p.id: p.sentences or ((0, len(p.text)),) for p in passages}


def legacy_claims(letters: Mapping[str, Sequence[Passage]]) -> dict[str, tuple[Claim, ...]]:
    return {doc_id: extract_legacy_claims(doc_id, passages, _sentences(passages)) for doc_id, passages in letters.items()}


# ----------------------------------------------------------------------------- report

@dataclass(frozen=True)
class Row:
    group: str
    letter: str
    new: Lenient
    baseline: Lenient


def rows_for(group: str, gold: Mapping[str, Sequence[MatchLine]], new: Mapping[str, Sequence[Claim]],
             baseline: Mapping[str, Sequence[Claim]]) -> list[Row]:
    rows = [Row(group, doc_id, score_lenient(lines, new.get(doc_id, ())), score_lenient(lines, baseline.get(doc_id, ())))
            for doc_id, lines in sorted(gold.items())]
    pooled = Row(group, "**ALL**", sum((r.new for r in rows), Lenient()),
                 sum((r.baseline for r in rows), Lenient()))
    return [*rows, pooled]


def _cells(s: Lenient) -> str:
    return f"{s.predicted} | {s.found}/{s.gold} | {s.recall:.2f} | {s.precision:.2f} | {s.f1:.2f}"


def render_rows(rows: Sequence[Row]) -> str:
    lines = ["| group | letter | predicted | gold found | R | P | F1 | baseline predicted | found | R | P | F1 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r.group} | {r.letter} | {_cells(r.new)} | {_cells(r.baseline)} |" for r in rows]
    return "\n".join(lines)


def differences(gold: Mapping[str, Sequence[MatchLine]], claims: Mapping[str, Sequence[Claim]]) -> list[str]:
    """Missed gold lines and spurious predictions per letter (for reading, not scoring)."""
    out: list[str] = []
    for doc_id, lines in sorted(gold.items()):
        predicted = predictions(claims.get(doc_id, ()))
        for line in lines:
            if not any(claim_matches(c, line) for c in predicted):
                out.append(f"- {doc_id} missed: {line.source} -[{line.relation}]-> {line.target} ({line.anchor!r})")
        for c in predicted:
            if not any(claim_matches(c, line) for line in lines):
                out.append(f"- {doc_id} spurious: {c.source} -[{c.relation}]-> {c.target} ({c.cue!r})")
    return out
