"""Throughput of the entity stage (build once, then detect_entities) over the real letters.

Pinned to one CPU core. Prints one JSON object. Not part of the test suite.

    .venv/bin/python bench/bench_nlp.py [--passes 30] [--corpus ../shared/corpora/vng] [--model NAME]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.entities import detect_entities
from pipeline.letter import read_letter
from pipeline.nlp import build_nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "vng")
    parser.add_argument("--passes", type=int, default=30)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    letters = [read_letter(path) for path in sorted(args.corpus.glob("*.txt"))]
    if not letters:
        raise SystemExit(f"no letters in {args.corpus}")
    started = time.perf_counter()
    nlp = build_nlp(args.model)
    build_seconds = time.perf_counter() - started
    words = sum(len(p.text.split()) for letter in letters for p in letter.passages)
    entities = 0
    for letter in letters:  # warm-up: caches, lazily compiled regexes
        entities += len(detect_entities(nlp, letter.passages, letter.meta.date))
    started = time.perf_counter()
    for _ in range(args.passes):
        for letter in letters:
            detect_entities(nlp, letter.passages, letter.meta.date)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "stage": "entities",
        "pipeline": nlp.meta.get("name", "blank"),
        "components": nlp.pipe_names,
        "cores": 1,
        "letters": len(letters),
        "passages": sum(len(letter.passages) for letter in letters),
        "words_per_pass": words,
        "entities_per_pass": entities,
        "passes": args.passes,
        "seconds": round(seconds, 3),
        "build_seconds": round(build_seconds, 3),
        "words_per_second": round(words * args.passes / seconds),
    }, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
