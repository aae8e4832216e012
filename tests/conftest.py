from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpora" / "vng"
EXAMPLES = REPO / "corpora" / "examples"


def real_letters() -> list[Path]:
    return sorted(SHARED_CORPUS.glob("*.txt")) if SHARED_CORPUS.is_dir() else []


@pytest.fixture(scope="session")
def real_corpus() -> Path:
    if not real_letters():
        pytest.skip(f"the real letters are not at {SHARED_CORPUS}")
    return SHARED_CORPUS
