"""A letter read ahead (its stages 1-2 done while the engine was built) gives the same result."""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from pipeline.tasks import AnalyzeOptions, InputFile, Task
from pipeline.worker import classify_ahead, read_ahead, run_task

EXAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "examples" / "vb05_ledenbrief_evaluatie_paviljoens_2025.pdf"


def _task(path: Path) -> Task:
    data = path.read_bytes()
    return Task(InputFile(path, path.name, path.stem), hashlib.sha256(data).hexdigest(), "test", data=data)


def test_a_letter_read_ahead_gives_the_same_document() -> None:
    task = _task(EXAMPLE)
    read = pickle.loads(pickle.dumps(read_ahead(task)))  # noqa: S301 - as it travels from the reader to a worker
    assert read.read is not None and set(read.read.clock) == {"extract", "clean_segment"}
    plain, ahead = run_task(task, AnalyzeOptions()), run_task(read, AnalyzeOptions())
    assert plain.status == ahead.status == "ok"
    assert ahead.document == plain.document and ahead.rows == plain.rows
    assert (ahead.pages, ahead.words) == (plain.pages, plain.words)
    assert set(ahead.stages) == set(plain.stages)
    assert ahead.stages["extract"] == round(read.read.clock["extract"], 4)  # the reader's CPU, counted once
    assert ahead.seconds >= read.read.seconds  # the letter's time includes its reading


def test_a_task_without_bytes_is_left_to_its_worker() -> None:
    task = Task(InputFile(EXAMPLE, EXAMPLE.name, EXAMPLE.stem), "0" * 64, "test", url=str(EXAMPLE))
    assert read_ahead(task) is task


def test_a_letter_classified_ahead_gives_the_same_document() -> None:
    task = _task(EXAMPLE)
    read = read_ahead(task)
    ahead = pickle.loads(pickle.dumps(classify_ahead(read)))  # noqa: S301 - as it travels from the reader to a worker
    assert ahead.read is not None and ahead.read.predictions is not None
    assert ahead.read.clock["classify"] > 0 and ahead.read.seconds >= read.read.seconds
    assert classify_ahead(ahead) is ahead  # done once
    plain, done = run_task(task, AnalyzeOptions()), run_task(ahead, AnalyzeOptions())
    assert plain.status == done.status == "ok"
    assert done.document == plain.document and done.rows == plain.rows
    assert done.stages["classify"] >= ahead.read.clock["classify"]  # the reader's CPU, counted with the rest


def test_a_task_not_read_is_not_classified_ahead() -> None:
    task = _task(EXAMPLE)
    assert classify_ahead(task) is task
