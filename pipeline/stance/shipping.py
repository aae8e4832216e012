"""The shipped statement model: the fictional hard cases plus the gold statements of the three real
letters (../shared/corpora/vng, analysed without statements). Needs a checkout and scikit-learn.

    python -m pipeline.stance.shipping      # retrain and write models/statements.json
"""
from __future__ import annotations

from pathlib import Path

from pipeline.evaluate.letters import REAL_CORPUS, analyse_letters
from pipeline.stance.data import gold_real_dir, read_gold
from pipeline.stance.model import StatementModel, save
from pipeline.stance.statements import without_statements
from pipeline.stance.training import Example, fit_examples, letter_examples, sources, training_examples


def real_letter_examples(corpus_dir: Path | None = None) -> dict[str, list[Example]]:
    """The gold statements of the real letters with the evidence the stage sees. The letters are
    analysed without statements: training needs only their passages (and must not need a model)."""
    with without_statements():
        results = analyse_letters(corpus_dir or REAL_CORPUS)
    out = {}
    for path in sorted(gold_real_dir().glob("*.jsonl")):
        if path.stem in results:
            out[path.stem] = letter_examples(results[path.stem], read_gold(path))
    return out


def train_shipped(corpus_dir: Path | None = None) -> StatementModel:
    """The shipped model: the fictional hard cases plus the gold of all three real letters."""
    real = real_letter_examples(corpus_dir) if (corpus_dir or REAL_CORPUS).is_dir() else {}
    examples = [*training_examples(), *(e for doc in sorted(real) for e in real[doc])]
    return fit_examples(examples, meta={"sources": sources([gold_real_dir()]), "examples": len(examples),
                                        "letters": sorted(real)})


def main() -> int:
    path = save(train_shipped())
    print(f"statement model -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
