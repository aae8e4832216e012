"""CPU cost of the Dutch model in the entity stage: per letter with the shipped model loaded (its
statistics disabled, as `vng analyze` runs it) against spacy.blank("nl"), and what annotate() costs
when a stage runs the model over every sentence. CPU seconds (time.process_time), one process.

    .venv/bin/python bench/bench_model.py [--passes 5] [--model NAME|PATH] CORPUS...
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.entities import run_nlp
from pipeline.letter import read_letter
from pipeline.nlp import BLANK, annotate, build_nlp, has_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, nargs="*",
                        default=[REPO / "corpora" / "examples", REPO.parent / "shared" / "corpora" / "vng"])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    paths = sorted(p for c in args.corpora for p in c.iterdir() if p.suffix in (".txt", ".pdf"))
    letters = [read_letter(p) for p in paths]
    out: dict[str, object] = {"letters": len(letters), "passes": args.passes}
    for name, model in (("blank", BLANK), ("model", args.model)):
        t0 = time.process_time()
        nlp = build_nlp(model)
        load = time.process_time() - t0
        for letter in letters:  # warm-up
            run_nlp(nlp, letter.passages, letter.meta.date)
        t0 = time.process_time()
        for _ in range(args.passes):
            for letter in letters:
                run_nlp(nlp, letter.passages, letter.meta.date)
        per_letter = (time.process_time() - t0) / (args.passes * len(letters))
        out[name] = {"pipeline": nlp.meta.get("name"), "load_cpu_s": round(load, 3),
                     "entities_cpu_s_per_letter": round(per_letter, 4)}
        if has_model(nlp):
            sentences = [p.text[a:b] for letter in letters for p in letter.passages
                         for a, b in run_nlp(nlp, [p], letter.meta.date).sentences[p.id]]
            t0 = time.process_time()
            docs = annotate(nlp, sentences)
            spent = time.process_time() - t0
            out[name]["annotate_all_sentences"] = {  # type: ignore[index]
                "sentences": len(sentences), "tokens": sum(len(d) for d in docs), "cpu_s": round(spent, 3),
                "cpu_s_per_letter": round(spent / len(letters), 4)}
    print(json.dumps(out, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
