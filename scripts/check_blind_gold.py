"""Check relation gold written for a blind set: `.venv/bin/python scripts/check_blind_gold.py LETTERS_DIR GOLD_DIR`.

Used by the writers of the fictional relation sets (corpora/heldout-relations*) before they hand in. Per
letter: JSON with the nine fields, kinds vs relation, anchors of 3-8 words that occur exactly once in the
letter's clean text (the blocks of pipeline.extract joined with spaces), match groups non-empty lists of
lower-case strings, and each line's own names satisfy its match fields."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract import clean_document, read_document

FIELDS = ("source_kind", "source", "relation", "target_kind", "target", "anchor", "cue", "source_match", "target_match")
TARGET_OF = {"leidt_tot": "risico", "raakt": "gemeentetaak"}


def clean_text(path: Path) -> str:
    raw = read_document(path, path.read_bytes(), path.name)
    return " ".join(" ".join(block.text.split()) for block in clean_document(raw).blocks)


def matches(groups: list[list[str]], name: str) -> bool:
    name = name.lower().replace("\u2019", "'")
    return all(any(alt in name for alt in group) for group in groups)


def main(letters: Path, gold: Path) -> int:
    problems = 0
    for letter in sorted(letters.glob("*.txt")):
        gold_file = gold / (letter.stem + ".jsonl")
        if not gold_file.is_file():
            print(f"{letter.name}: no gold file {gold_file}")
            problems += 1
            continue
        text = clean_text(letter)
        first = letter.read_text(encoding="utf-8").splitlines()[0]
        if "FICTIEF VOORBEELD" not in first:
            print(f"{letter.name}: first line is not the FICTIEF VOORBEELD marker")
            problems += 1
        lines = [row for row in gold_file.read_text(encoding="utf-8").splitlines() if row.strip()]
        for n, line in enumerate(lines, 1):
            where = f"{gold_file.name}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                print(f"{where}: not JSON ({error})")
                problems += 1
                continue
            missing = [f for f in FIELDS if f not in row]
            if missing:
                print(f"{where}: missing fields {missing}")
                problems += 1
                continue
            rel = row["relation"]
            if rel not in TARGET_OF or row["target_kind"] != TARGET_OF[rel]:
                print(f"{where}: relation {rel} with target_kind {row['target_kind']}")
                problems += 1
            if row["source_kind"] not in ("maatregel", "risico"):
                print(f"{where}: source_kind {row['source_kind']} (maatregel or risico)")
                problems += 1
            words = len(row["anchor"].split())
            if not 3 <= words <= 8:
                print(f"{where}: anchor has {words} words")
                problems += 1
            count = text.count(" ".join(row["anchor"].split()))
            if count != 1:
                print(f"{where}: anchor {row['anchor']!r} occurs {count} times in the clean text")
                problems += 1
            for side in ("source", "target"):
                groups = row[f"{side}_match"]
                ok = (isinstance(groups, list) and 1 <= len(groups) <= 2 and
                      all(isinstance(g, list) and g and all(isinstance(a, str) and a == a.lower() and a for a in g)
                          for g in groups))
                if not ok:
                    print(f"{where}: {side}_match must be 1-2 non-empty lists of lower-case strings")
                    problems += 1
                elif not matches(groups, row[side]):
                    print(f"{where}: {side} {row[side]!r} does not satisfy its own match field")
                    problems += 1
        print(f"{letter.name}: {len(lines)} gold lines checked")
    print("OK" if not problems else f"{problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
