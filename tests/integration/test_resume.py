"""A run stopped at any point (Ctrl-C, SIGTERM, SIGKILL) keeps every finished letter: the next run of
the same command analyses exactly the rest and the outputs equal those of an uninterrupted run."""
from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.analyze import AnalyzeOptions, analyze
from tests.conftest import REPO, write_fictional_letters
from tests.snapshots import snapshot

N = 200  # tiny fictional letters: the whole run takes a few seconds


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("resume") / "corpus"
    write_fictional_letters(folder, N)
    return folder


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("full") / "out"
    analyze(corpus, out, AnalyzeOptions(workers=2))
    return snapshot(out)


def _start(corpus: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "analyze", str(corpus), "--out", str(out), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=out.parent,
                            start_new_session=True, env={**os.environ, "PYTHONPATH": str(REPO)})


def _wait_for_letters(out: Path, process: subprocess.Popen[str], at_least: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        letters = out / "letters"
        if letters.is_dir() and len(list(letters.glob("*.json"))) >= at_least:
            return
        assert process.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.005)
    raise AssertionError("no letters appeared")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGKILL"])
def test_an_interrupted_run_resumes_where_it_stopped(how: str, corpus: Path, uninterrupted: dict[str, bytes],
                                                     tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _start(corpus, out)
    try:
        _wait_for_letters(out, process, 5)
        number = getattr(signal, how)
        if how == "SIGINT":
            os.killpg(process.pid, number)  # as Ctrl-C does: the whole process group, workers included
        else:
            process.send_signal(number)
        stdout, stderr = process.communicate(timeout=60)  # also proves no worker outlives the parent
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the run's process group
        process.wait()
    assert "Traceback" not in stdout + stderr
    if how == "SIGKILL":
        assert process.returncode == -signal.SIGKILL
        finished = len(list((out / "letters").glob("*.json")))
    else:
        assert process.returncode == {"SIGINT": 130, "SIGTERM": 143}[how], stderr
        match = re.search(r"Interrupted after (\d+)/(\d+) letters; run the same command to continue", stderr)
        assert match, stderr
        finished, total = int(match.group(1)), int(match.group(2))
        assert total == N
        assert len(list((out / "letters").glob("*.json"))) == finished  # each counted letter is on disk, no more
        assert not list(out.rglob("*.tmp")), "temp files left behind"
    assert 0 < finished < N
    for path in (out / "letters").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # whole files only
    summary = analyze(corpus, out, AnalyzeOptions(workers=2))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["cached"] == finished
    assert sum(1 for f in manifest["files"] if f["status"] == "ok" and not f["cached"]) == N - finished
    assert summary.count("ok") == N
    assert snapshot(out) == uninterrupted
    assert not list(out.rglob("*.tmp"))


def test_letters_without_their_index_line_are_trusted_by_their_own_fingerprint(tmp_path: Path) -> None:
    """A kill between a letter's rename and its index line, or a line cut in half: nothing is redone."""
    corpus = tmp_path / "corpus"
    write_fictional_letters(corpus, 6)
    out = tmp_path / "out"
    analyze(corpus, out)
    before = snapshot(out)
    index = out / ".vng-index.jsonl"
    lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
    index.write_text("".join(lines[:3]) + lines[3][:25], encoding="utf-8")  # two lines lost, one cut short
    (out / "manifest.json").unlink()
    summary = analyze(corpus, out)
    assert sum(o.cached for o in summary.outcomes) == 6
    assert snapshot(out) == before
    assert len(index.read_text(encoding="utf-8").splitlines()) == 6  # compacted: whole lines only
    # A letter file that does not hold what its name promises (another source) is not trusted.
    victim = out / "letters" / "brief0002.json"
    data = json.loads(victim.read_text(encoding="utf-8"))
    victim.write_text(json.dumps({**data, "source": "elders.txt"}), encoding="utf-8")
    index.unlink()
    again = analyze(corpus, out)
    redone = [o.source for o in again.outcomes if not o.cached]
    assert redone == ["brief0002.txt"] and snapshot(out) == before
