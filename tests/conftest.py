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


PLACES = ("Aadorp", "Bergveld", "Cranendonk", "Dijkhoven", "Eemwaard", "Friesmeer", "Grootbroek", "Heuvelrade")


def write_fictional_letters(folder: Path, count: int, start: int = 0, prefix: str = "brief") -> list[Path]:
    """Tiny FICTIONAL letters (invented places and numbers), distinct bytes each, fast to analyse."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        place = PLACES[number % len(PLACES)]
        text = (f"Fictieve testbrief {number}\n \nDatum: {1 + number % 28} maart 2025\n \n"
                f"Geachte leden van college en gemeenteraad,\n \n"
                f"De gemeente {place} vangt {100 + number} asielzoekers op in een tijdelijke locatie. "
                "De VNG vraagt het kabinet om structurele financiering van de opvang.\n \n"
                f"Door de Spreidingswet krijgt {place} meer ruimte voor huisvesting van statushouders.\n \n"
                "Met vriendelijke groet,\nVNG\n")
        path = folder / f"{prefix}{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
