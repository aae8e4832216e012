"""Re-runs: unchanged letters are re-used, results equal a full run, killed runs leave no corrupt files,
and the parallel and Dask executors give the same bytes as one process."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.analyze import INDEX_NAME, AnalyzeOptions, analyze
from pipeline.collection import ROWS_DIR
from pipeline.report import build_report
from tests.conftest import EXAMPLES, SHARED_CORPUS
from tests.snapshots import snapshot


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def test_rerun_after_adding_a_letter_equals_a_full_run(corpus: Path, tmp_path: Path) -> None:
    added = sorted(corpus.glob("*.txt"))[-1]
    held = tmp_path / added.name
    shutil.move(added, held)
    out = tmp_path / "incremental"
    first = analyze(corpus, out)
    assert first.count("ok") == 4 and not any(o.cached for o in first.outcomes)
    shutil.move(held, added)
    second = analyze(corpus, out)
    assert sum(o.cached for o in second.outcomes) == 4 and second.count("ok") == 5
    full = tmp_path / "full"
    analyze(corpus, full)
    assert snapshot(out) == snapshot(full)


def test_removed_letters_are_kept_until_prune_and_changed_ones_redone(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    analyze(corpus, out)
    letters = sorted(corpus.glob("*.txt"))
    letters[0].unlink()
    letters[1].write_text(letters[1].read_text(encoding="utf-8") + "\nEen extra alinea over de opvang.\n",
                          encoding="utf-8")
    summary = analyze(corpus, out)
    # The source is gone: its letter stays (a user's work is never dropped silently), and the run says so.
    assert (out / "letters" / f"{letters[0].stem}.json").exists()
    assert any("1 letter(s) no longer in" in note and "--prune" in note for note in summary.notes)
    kept = next(o for o in summary.outcomes if o.source == letters[0].name)
    assert kept.source_missing and kept.status == "ok"
    changed = next(o for o in summary.outcomes if o.source == letters[1].name)
    assert not changed.cached and changed.status == "ok"
    assert letters[0].stem in (out / "passages.csv").read_text(encoding="utf-8")
    pruned = analyze(corpus, out, AnalyzeOptions(prune=True))
    assert not (out / "letters" / f"{letters[0].stem}.json").exists()
    assert any("dropped (--prune)" in note for note in pruned.notes)
    full = tmp_path / "full"
    analyze(corpus, full)
    assert snapshot(out) == snapshot(full)


def test_the_report_from_memory_equals_the_report_from_the_files(corpus: Path, tmp_path: Path) -> None:
    """analyze() builds report.html from the results in memory; `vng report` reads letters/*.json."""
    out = tmp_path / "out"
    analyze(corpus, out)
    from_memory = (out / "report.html").read_bytes()
    assert build_report(out).read_bytes() == from_memory
    analyze(corpus, out)  # a re-run: every letter re-used from letters/*.json
    assert (out / "report.html").read_bytes() == from_memory


def test_two_workers_give_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    analyze(corpus, tmp_path / "one", AnalyzeOptions(workers=1))
    analyze(corpus, tmp_path / "two", AnalyzeOptions(workers=2))
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


@pytest.mark.parametrize("delay", [0.5, 2.0, 4.0])
def test_a_killed_run_leaves_valid_files_and_the_next_run_completes(corpus: Path, tmp_path: Path, delay: float) -> None:
    # More letters, so that the kill lands mid-run at several points.
    for index in range(6):
        for letter in sorted(corpus.glob("vb0[1-4]*.txt")):
            text = letter.read_text(encoding="utf-8") + f"\nKopie {index} voor de test.\n"
            (corpus / f"kopie{index}_{letter.name}").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "analyze", str(corpus), "--out", str(out),
                                "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every file that exists is whole
    analyze(corpus, out)
    full = tmp_path / "full"
    analyze(corpus, full)
    assert snapshot(out) == snapshot(full)
    assert not list(out.rglob("*.tmp"))  # temp files of the killed run are not left as outputs
    hidden = {p.name for p in out.rglob(".*")}
    assert hidden <= {INDEX_NAME, ROWS_DIR}, hidden  # the index and the table-rows cache, no leftovers


def test_dask_gives_the_same_bytes_as_local(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    corpus = SHARED_CORPUS if SHARED_CORPUS.is_dir() else EXAMPLES
    analyze(corpus, tmp_path / "local", AnalyzeOptions(workers=1))
    analyze(corpus, tmp_path / "dask", AnalyzeOptions(workers=2, executor="dask"))
    assert snapshot(tmp_path / "local") == snapshot(tmp_path / "dask")


def test_a_letter_file_that_does_not_match_the_index_is_analysed_again(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    analyze(corpus, out)
    victim = sorted((out / "letters").glob("*.json"))[0]
    victim.write_text('{"cut": ', encoding="utf-8")  # as if damaged after the run that indexed it
    summary = analyze(corpus, out)
    redone = next(o for o in summary.outcomes if o.doc_id == victim.stem)
    assert redone.status == "ok" and not redone.cached
    full = tmp_path / "full"
    analyze(corpus, full)
    assert snapshot(out) == snapshot(full)


def test_tasks_that_carry_paths_give_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    """--inputs-by-path is not only for Dask: a local pool reading the files itself gives the same bytes."""
    analyze(corpus, tmp_path / "bytes", AnalyzeOptions(workers=2))
    analyze(corpus, tmp_path / "paths", AnalyzeOptions(workers=2, inputs_by_path=True))
    assert snapshot(tmp_path / "bytes") == snapshot(tmp_path / "paths")
