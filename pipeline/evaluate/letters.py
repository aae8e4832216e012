"""What every evaluation part reads: where the gold and the real letters are, and the letters analysed."""
from __future__ import annotations

from pathlib import Path

from pipeline.discovery import find_inputs
from pipeline.letter import get_engine, letter_result, read_letter
from pipeline.paths import corpora_dir, real_corpus_dir
from pipeline.types import LetterResult

ANNOTATIONS = corpora_dir() / "annotations"
REAL_CORPUS = real_corpus_dir()


def analyse_letters(corpus_dir: Path) -> dict[str, LetterResult]:
    """The full per-letter pipeline over every letter in corpus_dir, in memory."""
    engine = get_engine()
    inputs, _ = find_inputs(corpus_dir)
    return {item.doc_id: letter_result(read_letter(item.path, source=item.source, doc_id=item.doc_id), engine)
            for item in inputs}
