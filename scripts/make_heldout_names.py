"""Build corpora/heldout-names/*.txt and their entity gold from the annotated sources (issue 17).

The sources in scripts/heldout_names_sources/ are the fictional letters with the gold written
inline while writing them: `[[LABEL|surface]]`, `[[LABEL|surface|canonical]]`,
`[[DATUM|surface|iso]]`, `[[AANTAL|surface|value|unit|qualifier]]` (`-` for null). This script
strips the markup, wraps the paragraphs like the other held-out letters, and writes one gold file
per letter in the format of corpora/annotations/entities/README.md: each entity gets the shortest
anchor (3-8 words of its paragraph) that occurs once in the clean letter and holds the surface once.

--score runs the current entity stage on the letters and prints the scores as `vng evaluate` does
(pipeline.evaluate.entities: predict_entities, score_entities, render_entity_scores) and one line
per wrong entity (error_lines).

--check then reads every letter with the pipeline's reader and locates each gold entity in the
passages exactly as `vng evaluate` does (pipeline.evaluate.entities.locate); any entity that does
not locate, or locates on other characters than the source says, is an error.

Usage: python scripts/make_heldout_names.py [--check] [--score]
"""
from __future__ import annotations

import json
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

SOURCES = Path(__file__).resolve().parent / "heldout_names_sources"
TEXT_DIR = ROOT / "corpora" / "heldout-names"
GOLD_DIR = ROOT / "corpora" / "annotations" / "heldout_names"
WIDTH = 95
MARK = re.compile(r"\[\[([A-Z]+)\|([^|\]]+)((?:\|[^|\]]*)*)\]\]")
LABELS = ("WET", "MINISTER", "ORG", "PERSOON", "LOCATIE", "DATUM", "AANTAL")


@dataclass(frozen=True)
class Mention:
    label: str
    surface: str
    extra: tuple[str, ...]
    paragraph: int  # index into the letter's paragraphs
    start: int  # offset in the paragraph's one-line text


def _strip(line: str, paragraph: int) -> tuple[str, list[Mention]]:
    out: list[str] = []
    mentions: list[Mention] = []
    pos = 0
    length = 0
    for match in MARK.finditer(line):
        plain = line[pos:match.start()]
        out.append(plain)
        length += len(plain)
        label, surface, rest = match.group(1), match.group(2), match.group(3)
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} in {match.group(0)!r}")
        extra = tuple(rest.split("|")[1:]) if rest else ()
        mentions.append(Mention(label, surface, extra, paragraph, length))
        out.append(surface)
        length += len(surface)
        pos = match.end()
    out.append(line[pos:])
    if "[[" in line[pos:] or "]]" in line[pos:]:
        raise ValueError(f"unparsed markup in {line!r}")
    return "".join(out), mentions


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _row(mention: Mention, anchor: str) -> dict[str, object]:
    label, surface, extra = mention.label, mention.surface, mention.extra
    if label == "DATUM":
        (iso,) = extra
        return {"label": label, "text": surface, "anchor": anchor, "canonical": iso, "iso": iso}
    if label == "AANTAL":
        value_text, unit, qualifier = extra
        value = _number(value_text)
        return {"label": label, "text": surface, "anchor": anchor, "canonical": str(value), "value": value,
                "unit": None if unit == "-" else unit, "qualifier": None if qualifier == "-" else qualifier}
    if len(extra) > 1:
        raise ValueError(f"too many fields for {label} {surface!r}")
    return {"label": label, "text": surface, "anchor": anchor, "canonical": extra[0] if extra else surface}


def _anchor(paragraph: str, start: int, surface: str, clean: str) -> str:
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", paragraph)]
    end = start + len(surface)
    first = next(i for i, (a, b) in enumerate(words) if b > start)
    last = next(i for i, (a, b) in enumerate(words) if b >= end)
    for size in range(max(3, last - first + 1), 9):
        # prefer windows that start at the entity and run on to the right (as the existing gold does)
        for lo in range(first, first - size, -1):
            hi = lo + size - 1
            if lo < 0 or hi >= len(words) or hi < last:
                continue
            anchor = paragraph[words[lo][0]:words[hi][1]]
            if anchor.count(surface) == 1 and clean.count(anchor) == 1:
                return anchor
    raise ValueError(f"no unique anchor of 3-8 words for {surface!r} in {paragraph[:60]!r}")


def build(source: Path) -> tuple[str, list[dict[str, object]], list[tuple[Mention, str]]]:
    lines = source.read_text(encoding="utf-8").splitlines()
    plain_lines: list[str] = []
    mentions: list[Mention] = []
    for number, line in enumerate(lines):
        plain, found = _strip(line, number)
        plain_lines.append(plain)
        mentions.extend(found)
    clean = " ".join(" ".join(plain_lines).split())
    rows: list[dict[str, object]] = []
    located: list[tuple[Mention, str]] = []
    for mention in mentions:
        paragraph = plain_lines[mention.paragraph]
        if paragraph[mention.start:mention.start + len(mention.surface)] != mention.surface:
            raise SystemExit(f"{mention.surface!r} is not where the source marks it (paragraph {mention.paragraph})")
        anchor = _anchor(paragraph, mention.start, mention.surface, clean)
        rows.append(_row(mention, anchor))
        located.append((mention, paragraph))
    wrapped: list[str] = []
    for line in plain_lines:
        if len(line) <= WIDTH:
            wrapped.append(line)
            continue
        parts = textwrap.wrap(line, WIDTH, break_on_hyphens=False, break_long_words=False)
        if any(part.endswith("-") for part in parts[:-1]):
            raise ValueError(f"a wrapped line ends with a hyphen: {line[:60]!r}")
        wrapped.extend(parts)
    return "\n".join(wrapped) + "\n", rows, located


def check(stem: str, path: Path, gold_path: Path) -> list[str]:
    """Locate every gold entity in the pipeline's passages, as vng evaluate does."""
    from pipeline.analyze import read_letter
    from pipeline.evaluate.entities import load_gold_file, locate

    letter = read_letter(path, source="heldout-names", doc_id=stem)
    gold = load_gold_file(gold_path)
    found, missing = locate(gold, letter.passages, stem)
    problems = [f"{stem}: {m.entity.label} {m.entity.text!r}: {m.reason}" for m in missing]
    texts = {p.id: p.text for p in letter.passages}
    for entity, passage_id, start, end in found:
        if " ".join(texts[passage_id][start:end].split()) != " ".join(entity.text.split()):
            problems.append(f"{stem}: {entity.text!r} located as {texts[passage_id][start:end]!r}")
    return problems


def main() -> int:
    TEXT_DIR.mkdir(parents=True, exist_ok=True)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for source in sorted(SOURCES.glob("hn*.txt")):
        text, rows, _ = build(source)
        (TEXT_DIR / source.name).write_text(text, encoding="utf-8")
        gold_path = GOLD_DIR / f"{source.stem}.jsonl"
        gold_path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        counts = {label: sum(row["label"] == label for row in rows) for label in LABELS}
        print(source.stem, len(text.split()), "words", counts)
        if "--check" in sys.argv:
            problems.extend(check(source.stem, TEXT_DIR / source.name, gold_path))
    for line in problems:
        print("PROBLEM", line)
    if "--score" in sys.argv and not problems:
        score()
    return 1 if problems else 0


def score() -> None:
    """The current entity stage on these letters, scored blind against their gold."""
    from pipeline.evaluate.entities import (
        error_lines,
        load_gold,
        predict_entities,
        render_entity_scores,
        score_entities,
    )

    gold = load_gold(GOLD_DIR)
    predicted = predict_entities(TEXT_DIR, only=gold)
    print(render_entity_scores(score_entities(gold, predicted)))
    for line in error_lines(gold, predicted):
        print(line)


if __name__ == "__main__":
    raise SystemExit(main())
