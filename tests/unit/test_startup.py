"""Start-up: the manifest records when each start-up phase ended."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.analyze import STARTUP_PHASES, AnalyzeOptions, analyze

# Fictional letters, written for this test.
LETTER = "Fictieve brief {n}.\n\nGeachte leden,\n\nDe gemeente {n} vraagt aandacht voor de opvang van statushouders.\n"


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for n in range(3):
        (folder / f"b{n}.txt").write_text(LETTER.format(n=n), encoding="utf-8")
    (folder / "b3.txt").write_text(LETTER.format(n=0), encoding="utf-8")  # same bytes as b0: skipped
    (folder / "b4.txt").write_text("", encoding="utf-8")  # empty: failed
    return folder


def test_manifest_records_the_startup_phases(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    analyze(corpus, tmp_path / "out", AnalyzeOptions(workers=1))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    wall, cpu = manifest["startup_seconds"], manifest["startup_cpu_seconds"]
    assert list(wall) == sorted(STARTUP_PHASES) and list(cpu) == sorted(STARTUP_PHASES)
    reached = [wall[k] for k in ("run", "planned", "dispatched", "first_letter")]
    assert all(v is not None for v in reached) and reached == sorted(reached)
    assert wall["first_letter"] == manifest["first_letter_seconds"]


def test_manifest_records_the_first_letters_cpu(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    analyze(corpus, tmp_path / "out", AnalyzeOptions(workers=1))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    cpu = manifest["first_letter_cpu_seconds"]
    # In a run without workers the letter's process is this one: its CPU includes the imports and the engine.
    assert set(cpu) == {"began", "ended"} and 0 < cpu["began"] <= cpu["ended"]
    assert cpu["ended"] <= manifest["startup_cpu_seconds"]["first_letter"]
