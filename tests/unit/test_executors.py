"""Executors take tasks lazily: never more than a small multiple of the workers in flight."""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.executors import IN_FLIGHT_PER_WORKER, PoolExecutor, SerialExecutor
from pipeline.tasks import FileOutcome, InputFile, Task


def echo(task: Task) -> FileOutcome:
    return FileOutcome(task.item.source, task.item.doc_id, "ok", None, 0.0, task.sha256)


class Counted:
    """A task iterator that records how far ahead of the outcomes the executor has pulled."""

    def __init__(self, count: int) -> None:
        self.pulled = 0
        self.count = count

    def __iter__(self) -> Iterator[Task]:
        for number in range(self.count):
            self.pulled += 1
            item = InputFile(Path(f"brief{number}.txt"), f"brief{number}.txt", f"brief{number}")
            yield Task(item, f"{number:064x}", "test", data=b"x")


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="workers inherit this module by fork")
def test_the_pool_keeps_a_bounded_number_of_tasks_in_flight() -> None:
    tasks = Counted(100)
    executor = PoolExecutor(echo, iter(tasks), workers=2)
    limit = IN_FLIGHT_PER_WORKER * 2
    assert tasks.pulled == limit  # started, not more: the rest of the bytes stay on disk
    seen = 0
    ahead = []
    for outcome in executor.outcomes():
        seen += 1
        ahead.append(tasks.pulled - seen)
        assert outcome.status == "ok"
    assert seen == 100 and max(ahead) < limit and tasks.pulled == 100


def test_serial_takes_one_task_at_a_time() -> None:
    tasks = Counted(5)
    for seen, _ in enumerate(SerialExecutor(echo, iter(tasks)).outcomes(), start=1):
        assert tasks.pulled == seen
