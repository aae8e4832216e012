"""The shipped statement model: the fictional hard cases plus the gold statements of the three real
letters (../shared/corpora/vng, analysed without statements). Needs a checkout and scikit-learn.

    python -m pipeline.stance.shipping      # retrain and write models/statements.json
"""
from __future__ import annotations

from pathlib import Path

from pipeline.discovery import find_inputs
from pipeline.letter import get_engine, letter_result, read_letter
from pipeline.paths import real_corpus_dir
from pipeline.stance.data import gold_real_dir, read_gold
from pipeline.stance.model import StatementModel, save
from pipeline.stance.statements import without_statements
from pipeline.stance.training import Example, fit_examples, letter_examples, sources, training_examples
from pipeline.types import LetterResult


def _analyse(corpus_dir: Path) -> dict[str, LetterResult]:
    # as pipeline.evaluate.letters.analyse_letters: importing the evaluate package from here would
    # import this module again, half made, through pipeline.evaluate.stance
    engine = get_engine()
    inputs, _ = find_inputs(corpus_dir)
    return {item.doc_id: letter_result(read_letter(item.path, source=item.source, doc_id=item.doc_id), engine)
            for item in inputs}


def real_letter_examples(corpus_dir: Path | None = None) -> dict[str, list[Example]]:
    """The gold statements of the real letters with the evidence the stage sees. The letters are
    analysed without statements: training needs only their passages (and must not need a model)."""
    with without_statements():
        results = _analyse(corpus_dir or real_corpus_dir())
    out = {}
    for path in sorted(gold_real_dir().glob("*.jsonl")):
        if path.stem in results:
            out[path.stem] = letter_examples(results[path.stem], read_gold(path))
    return out


def train_shipped(corpus_dir: Path | None = None) -> StatementModel:
    """The shipped model: the fictional hard cases plus the gold of all three real letters."""
    real = real_letter_examples(corpus_dir) if (corpus_dir or real_corpus_dir()).is_dir() else {}
    examples = [*training_examples(), *(e for doc in sorted(real) for e in real[doc])]
    return fit_examples(examples, meta={"sources": sources([gold_real_dir()]), "examples": len(examples),
                                        "letters": sorted(real)})


def main() -> int:
    path = save(train_shipped())
    print(f"statement model -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
