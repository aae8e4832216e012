"""Start-up: the plan made in a helper process while the engine builds is the plan made in place."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.analyze import (
    STARTUP_PHASES,
    AnalyzeOptions,
    _fingerprint_and_plan,
    _fingerprint_and_plan_here,
    _Phases,
    analyze,
)
from pipeline.collection import Collection
from pipeline.letter import get_engine

# Fictional letters, written for this test.
LETTER = "Fictieve brief {n}.\n\nGeachte leden,\n\nDe gemeente {n} vraagt aandacht voor de opvang van statushouders.\n"


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for n in range(3):
        (folder / f"b{n}.txt").write_text(LETTER.format(n=n), encoding="utf-8")
    (folder / "b3.txt").write_text(LETTER.format(n=0), encoding="utf-8")  # same bytes as b0: skipped
    (folder / "b4.txt").write_text("", encoding="utf-8")  # empty: failed
    return folder


def test_plan_made_beside_the_engine_is_the_plan_made_in_place(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    (out / "letters").mkdir(parents=True)
    collection = Collection.load(out)
    options = AnalyzeOptions(workers=2)
    get_engine.cache_clear()
    phases = _Phases()
    fingerprint, (plan, pruned) = _fingerprint_and_plan(corpus, str(corpus.resolve()), collection, options,
                                                        out / "letters", phases)
    assert "engine" in phases.marks  # a new collection: the engine was built meanwhile
    here, (plan_here, pruned_here), _ = _fingerprint_and_plan_here(corpus, str(corpus.resolve()), collection, options,
                                                                   out / "letters")
    assert (fingerprint, plan, pruned) == (here, plan_here, pruned_here)
    assert [item.source for item, _, _ in plan.new] == ["b0.txt", "b1.txt", "b2.txt"]
    assert sorted((o.source, o.status) for o in plan.outcomes) == [("b3.txt", "skipped"), ("b4.txt", "failed")]


def test_manifest_records_the_startup_phases(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    analyze(corpus, tmp_path / "out", AnalyzeOptions(workers=1))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    wall, cpu = manifest["startup_seconds"], manifest["startup_cpu_seconds"]
    assert list(wall) == sorted(STARTUP_PHASES) and list(cpu) == sorted(STARTUP_PHASES)
    reached = [wall[k] for k in ("run", "planned", "dispatched", "first_letter")]
    assert all(v is not None for v in reached) and reached == sorted(reached)
    assert wall["first_letter"] == manifest["first_letter_seconds"]
