"""CPU seconds of the relations stage per 1,000 words (issue 19, acceptance 4). Not a test.

    .venv/bin/python bench/bench_relations.py [--letters 200]

Reads the fictional examples, scripts/example_sources and (when present) the real letters in
../shared/corpora/vng as plain text, plus N synthetic letters made of two or three of them
(shuffled paragraphs, as bench_pipeline.py mixes them), runs the per-letter pipeline and sums the
`relations` clock of pipeline.letter.letter_result (time.process_time: claims, mentions, requests)
and the words of the letters' passages. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.letter import get_engine, letter_result, read_letter

SOURCES = [*sorted((REPO / "corpora" / "examples").glob("*.txt")),
           *sorted((REPO / "scripts" / "example_sources").glob("*.txt")),
           *sorted((REPO.parent / "shared" / "corpora" / "vng").glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    engine = get_engine()
    clock: dict[str, float] = {}
    words = 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = list(SOURCES)
        for index in range(args.letters):
            chosen = rng.sample(texts, k=min(len(texts), rng.choice((2, 2, 3))))
            paragraphs = [p for text in chosen for p in text.split("\n\n")]
            head, body = paragraphs[:3], paragraphs[3:]
            rng.shuffle(body)
            path = Path(tmp) / f"brief-{index:05d}.txt"
            path.write_text("\n\n".join(head + body), encoding="utf-8")
            paths.append(path)
        for path in paths:
            result = letter_result(read_letter(path), engine, clock)
            words += sum(len(p.text.split()) for p in result.passages)
    print(json.dumps({"letters": len(paths), "words": words, "cpu_seconds": {k: round(v, 2) for k, v in clock.items()},
                      "relations_cpu_per_1000_words": round(1000 * clock.get("relations", 0.0) / max(words, 1), 4)}))


if __name__ == "__main__":
    main()
