"""Executors take tasks lazily: never more than a small multiple of the workers in flight."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.executors import IN_FLIGHT_PER_WORKER, PoolExecutor, SerialExecutor, make_executor
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


class _PoolThatBreaksOnSubmit:
    """A ProcessPoolExecutor stand-in: runs tasks at once, and the first pool breaks at its fifth submit,
    as a real pool does when a worker died after the last wait() (the race seen in CI)."""

    made = 0

    def __init__(self, max_workers: int, **_: object) -> None:
        type(self).made += 1
        self.breaks = type(self).made == 1
        self.submitted = 0
        self._processes: dict = {}

    def submit(self, fn, task):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        self.submitted += 1
        if self.breaks and self.submitted == 5:
            raise BrokenProcessPool("a child process terminated abruptly")
        future: Future = Future()
        future.set_result(fn(task))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_a_pool_that_breaks_while_refilling_loses_no_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.executors as executors

    monkeypatch.setattr(executors, "ProcessPoolExecutor", _PoolThatBreaksOnSubmit)
    _PoolThatBreaksOnSubmit.made = 0
    outcomes = list(PoolExecutor(echo, iter(Counted(12)), workers=1).outcomes())
    assert sorted(o.source for o in outcomes) == sorted(f"brief{n}.txt" for n in range(12))
    assert all(o.status == "ok" for o in outcomes)  # the letter being submitted was retried alone


def test_one_new_letter_beside_other_work_goes_to_a_worker() -> None:
    """The parent loads the collection's other letters meanwhile; in this process it would wait for them."""
    pool = make_executor(echo, iter(Counted(1)), executor="local", workers=1, scheduler=None, few_tasks=False)
    try:
        assert isinstance(pool, PoolExecutor)
        assert [o.doc_id for o in pool.outcomes()] == ["brief0"]
    finally:
        pool.close()
    serial = make_executor(echo, iter(Counted(1)), executor="local", workers=1, scheduler=None, few_tasks=True)
    assert isinstance(serial, SerialExecutor)


def sleep_long(seconds: float) -> float:
    import time
    time.sleep(seconds)
    return seconds


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="workers inherit this module by fork")
def test_stop_leaves_no_pool_thread_running() -> None:
    """After a stop (Ctrl-C) the pool's manager thread has finished: at interpreter exit CPython 3.11 would
    otherwise write to the wake-up pipe that thread is closing ("Bad file descriptor" traceback)."""
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.executors import _mp_context, _stop
    pool = ProcessPoolExecutor(max_workers=2, mp_context=_mp_context())
    futures = [pool.submit(sleep_long, 30.0) for _ in range(4)]
    manager = vars(pool)["_executor_manager_thread"]  # private, and mistyped in typeshed
    assert manager is not None and manager.is_alive()
    _stop(pool)
    assert not manager.is_alive()
    assert all(f.done() for f in futures)


FORK = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="the reader is forked")


def _marked(task: Task) -> Task:
    """A stand-in for pipeline.worker.read_ahead: marks the task as read (in the forked child)."""
    from dataclasses import replace

    if task.item.doc_id == "brief1":
        from pipeline.errors import UnreadableFileError
        raise UnreadableFileError("brief1.txt: cannot be read")  # left to its worker, which reports it
    return replace(task, url=f"read by {os.getpid()}")


def _echo_url(task: Task) -> FileOutcome:
    return FileOutcome(task.item.source, task.item.doc_id, "ok", task.url, 0.0, task.sha256)


@FORK
def test_the_first_letters_are_read_while_the_engine_is_built() -> None:
    import time

    built = []
    pool = make_executor(_echo_url, iter(Counted(6)), executor="local", workers=3, scheduler=None, few_tasks=False,
                         prepare=lambda: built.append(os.getpid()) or time.sleep(2), read_ahead=_marked)
    try:
        outcomes = {o.doc_id: o.error for o in pool.outcomes()}
    finally:
        pool.close()
    assert built == [os.getpid()]  # the engine is built once, here
    assert sorted(outcomes) == [f"brief{n}" for n in range(6)]  # every letter once, none lost
    readers = {outcomes["brief0"], outcomes["brief2"]}
    assert len(readers) == 1 and readers != {None} and str(os.getpid()) not in next(iter(readers))  # in a child
    assert outcomes["brief1"] is None  # the child could not read it: its worker does (and reports why)
    assert all(outcomes[f"brief{n}"] is None for n in range(3, 6))  # only the first letter of each worker


@FORK
def test_in_this_process_the_first_letter_is_read_while_the_engine_is_built() -> None:
    """One worker (or one new letter): the letters run here, the first one read by a forked child meanwhile."""
    import time

    built = []
    serial = make_executor(_echo_url, iter(Counted(3)), executor="local", workers=1, scheduler=None, few_tasks=True,
                           prepare=lambda: built.append(os.getpid()) or time.sleep(1), read_ahead=_marked)
    assert isinstance(serial, SerialExecutor)
    assert built == [os.getpid()]  # the engine of this process, built before the first letter is asked for
    outcomes = {o.doc_id: o.error for o in serial.outcomes()}
    assert sorted(outcomes) == ["brief0", "brief1", "brief2"]
    assert outcomes["brief0"] is not None and str(os.getpid()) not in outcomes["brief0"]  # read in a child
    assert outcomes["brief1"] is None and outcomes["brief2"] is None  # only the first letter


def _slow(task: Task) -> Task:
    import time
    time.sleep(30)
    return task


def _broken(task: Task) -> Task:
    if task.item.doc_id == "brief1":
        raise RuntimeError("a bug in the reader")
    return task


@FORK
@pytest.mark.parametrize("reader", [_slow, _broken])
def test_a_slow_or_failing_reader_changes_nothing(reader) -> None:
    """A reader not done when the engine is is killed, not waited for; what it read before it failed is used."""
    import time

    from pipeline.executors import _read_ahead
    tasks = list(Counted(2))
    started = time.perf_counter()
    assert _read_ahead(tasks, reader, lambda: time.sleep(0.2)) == tasks
    assert time.perf_counter() - started < 5


def _second(task: Task) -> Task:
    """A second read-ahead step: appends to what the first one marked."""
    from dataclasses import replace

    if task.item.doc_id == "brief2":
        raise RuntimeError("a bug in the second step")  # the child ends: what it wrote before is used
    return replace(task, url=f"{task.url} then {os.getpid()}")


@FORK
def test_read_ahead_steps_each_task_and_keeps_its_last_finished_step() -> None:
    import time

    from pipeline.executors import _read_ahead
    tasks = list(Counted(4))
    done = _read_ahead(tasks, (_marked, _second), lambda: time.sleep(1))
    assert done[0].url is not None and " then " in done[0].url  # both steps
    assert done[1] == tasks[1]  # the first step could not read it: left to its worker
    assert done[2].url is not None and done[2].url.startswith("read by ") and " then " not in done[2].url
    assert done[3] == tasks[3]  # the child had ended before it (the bug in brief2's second step)
