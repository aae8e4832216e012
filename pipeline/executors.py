"""Where per-letter work runs: in this process, in a process pool, or on Dask (`distributed.py`).

An executor is given the per-letter function (it never imports the composer) and an iterator of
tasks, which it consumes lazily: only a bounded number of tasks (a small multiple of the workers) is
in flight, refilled as results arrive, so the bytes of letters not yet needed stay on disk.
Outcomes are yielded as they arrive, in completion order; the composer writes each at once.
"""
from __future__ import annotations

import ctypes
import gc
import itertools
import mmap
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from pipeline.errors import VngError
from pipeline.tasks import FileOutcome, Task, failed

LetterFunction = Callable[[Task], FileOutcome]
IN_FLIGHT_PER_WORKER = 4


class DaskUnavailableError(VngError, ImportError):
    """dask.distributed is not installed."""

WORKER_DIED = ("{source}: the worker process died while analysing this letter (killed, out of memory, "
               "or a crash inside a library); the other letters went on; run again to retry it")


def _worker_init() -> None:
    # Workers forked while the parent has the collector paused must still collect. Ctrl-C reaches the
    # whole process group: only the parent reacts (it stops the workers itself).
    gc.enable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, a worker gets SIGKILL when the parent dies (even by SIGKILL): no orphans left waiting."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _mp_context() -> multiprocessing.context.BaseContext:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now: cancel queued tasks and end the running ones (their letters are redone later)."""
    # ProcessPoolExecutor has no public terminate before Python 3.14; its process table is the only handle.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    # A task the queue's feeder thread is still writing to a worker that is then terminated would block
    # the pool's exit-time join of that thread for ever (the tasks are redone later: drop them).
    call_queue = getattr(pool, "_call_queue", None)
    if call_queue is not None:
        call_queue.cancel_join_thread()
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown() forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
    # The pool's manager thread notices the dead workers and closes its wake-up pipe; if it is still doing so
    # when the interpreter exits, CPython 3.11's exit hook writes to that pipe as it closes ("Bad file
    # descriptor" traceback after Ctrl-C, about one run in ten). Let it finish first.
    if manager is not None and manager.is_alive():
        manager.join(timeout=5)


class SerialExecutor:
    """In this process: one task or one worker, where a pool would only add start-up."""

    def __init__(self, fn: LetterFunction, tasks: Iterator[Task]) -> None:
        self.fn = fn
        self.tasks = tasks

    def outcomes(self) -> Iterator[FileOutcome]:
        for task in self.tasks:
            yield self.fn(task)

    def close(self) -> None:
        pass


class PoolExecutor:
    """A process pool with a bounded number of tasks in flight; started at construction, so the
    parent can load re-used letters while the workers analyse new ones.

    A worker that dies (killed, out of memory, a crash in C code) breaks the whole pool; the letters
    that were in flight are then run again one at a time, each in a fresh worker, so only the letter
    that kills its worker ends as `failed` and the run goes on.
    """

    def __init__(self, fn: LetterFunction, tasks: Iterator[Task], workers: int) -> None:
        self.fn = fn
        self.tasks = tasks
        self.workers = max(1, workers)
        self.limit = IN_FLIGHT_PER_WORKER * self.workers
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[Future[FileOutcome], Task] = {}
        self._carry: list[Task] = []
        self._start()

    def _start(self) -> None:
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_mp_context(), initializer=_worker_init)
        self._carry = self._refill()  # letters in flight if the new pool broke at once: suspects

    def _refill(self) -> list[Task]:
        """Submit until the window is full; the tasks in flight when the pool broke, if it did."""
        if self.pool is None:
            raise RuntimeError("the pool is not started")
        while len(self.pending) < self.limit:
            task = next(self.tasks, None)
            if task is None:
                return []
            try:
                self.pending[self.pool.submit(self.fn, task)] = task
            except BrokenProcessPool:
                # A worker died after the last wait(): every letter in flight may be the one it ran.
                return [task]
        return []

    def _isolated(self, suspects: list[Task]) -> Iterator[FileOutcome]:
        for task in suspects:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=_mp_context(), initializer=_worker_init)
            try:
                yield pool.submit(self.fn, task).result()
            except BrokenProcessPool:
                yield failed(task, WORKER_DIED.format(source=task.item.source))
            finally:
                _stop(pool)

    def outcomes(self) -> Iterator[FileOutcome]:
        try:
            suspects, self._carry = self._carry, []
            while self.pending or suspects:
                if not suspects:
                    done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        task = self.pending.pop(future)
                        try:
                            outcome = future.result()
                        except BrokenProcessPool:
                            suspects.append(task)
                            continue
                        yield outcome
                    if not suspects:
                        suspects = self._refill()
                if suspects:
                    # Every task still in flight may be the one that killed its worker.
                    suspects = sorted([*suspects, *self.pending.values()], key=lambda t: t.item.source)
                    self.pending.clear()
                    if self.pool is not None:
                        _stop(self.pool)
                    yield from self._isolated(suspects)
                    self._start()
                    suspects, self._carry = self._carry, []
        except BaseException:
            self.close()  # interrupted or failed: do not wait for letters nobody will write
            raise
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    def close(self) -> None:
        """Stop the workers if the run ends before all outcomes were taken (idempotent)."""
        if self.pool is not None:
            _stop(self.pool)
            self.pool = None


READ_AHEAD_BYTES = 64 * 2**20  # room for the letters read ahead (address space: only what is written is used)


Ahead = Callable[[Task], Task] | Sequence[Callable[[Task], Task]]


def _ahead_in_child(tasks: list[Task], steps: Sequence[Callable[[Task], Task]], shared: mmap.mmap) -> None:
    """The reader child's work: the steps of each task in turn (the first letter is the one awaited first),
    the task written to `shared` as it leaves each step (its size, its index, the pickled task), until every
    task is done or there is no room left."""
    at = 0
    for index, task in enumerate(tasks):
        for step in steps:
            try:
                stepped = step(task)
            except VngError:
                break  # not read: its worker reads it (and reports why)
            if stepped is task:
                continue
            record = pickle.dumps(stepped, protocol=pickle.HIGHEST_PROTOCOL)
            if at + 16 + len(record) > READ_AHEAD_BYTES:
                return  # no room left: the workers do the rest
            shared[at + 16:at + 16 + len(record)] = record
            shared[at + 8:at + 16] = index.to_bytes(8, "little")
            shared[at:at + 8] = len(record).to_bytes(8, "little")  # last: a record is whole once sized
            at += 16 + len(record)
            task = stepped


def _read_ahead(tasks: list[Task], read: Ahead, build: Callable[[], object]) -> list[Task]:
    """build() here while a forked child reads the tasks' letters (read(task): their stages 1-2); the tasks,
    read where the child finished reading them before build() was done, as they were otherwise. `read` may
    be several steps, done for each task in turn; a task is taken as the last step finished in time left it.

    The child only saves time on the way to the first letters, which would otherwise wait for the engine and
    then be read: it never decides an outcome. A letter it cannot read (a VngError) is left to its worker,
    which reads it again and reports why; a child still reading when the engine is built is killed, not
    waited for, and what it had not finished is read by the workers as usual. The letters come back through
    anonymous shared memory (nothing is written to disk), each record's size written after the record."""
    steps = (read,) if callable(read) else tuple(read)
    shared = mmap.mmap(-1, READ_AHEAD_BYTES)  # MAP_SHARED: the child's writes are seen here
    pid = os.fork()
    if pid == 0:  # the child: each task read goes to the shared memory at once; exit without Python's clean-up
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the parent stops it
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            _die_with_parent()
            _ahead_in_child(tasks, steps, shared)
            code = 0
        finally:
            os._exit(code)
    done = list(tasks)
    try:
        try:
            build()
        finally:
            if os.waitpid(pid, os.WNOHANG) == (0, 0):  # still reading: the workers read the rest themselves
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        at = 0
        latest: dict[int, tuple[int, int]] = {}  # task index -> (offset, size) of its last record
        while at + 16 <= READ_AHEAD_BYTES:
            size = int.from_bytes(shared[at:at + 8], "little")
            if not size:
                break
            latest[int.from_bytes(shared[at + 8:at + 16], "little")] = (at + 16, size)
            at += 16 + size
        for index, (offset, size) in latest.items():
            done[index] = pickle.loads(shared[offset:offset + size])  # noqa: S301 - written by our own child
    finally:
        shared.close()
    return done


class Executor(Protocol):
    def outcomes(self) -> Iterator[FileOutcome]: ...

    def close(self) -> None: ...


def make_executor(fn: LetterFunction, tasks: Iterator[Task], *, executor: str, workers: int, scheduler: str | None,
                  few_tasks: bool, prepare: Callable[[], object] | None = None,
                  release: Callable[[], object] | None = None,
                  read_ahead: Ahead | None = None) -> Executor:
    """The executor for a run. `workers`: processes wanted (0: no new letters, nothing to start);
    `few_tasks`: run the letters in this process, because a pool would only add start-up (one new letter
    and nothing else for the parent to do, or one worker asked for); `prepare` builds what forked workers
    inherit, and `release` lets the parent drop it once they are forked; `read_ahead` does the first part
    of a letter's work without the engine (its stages 1-2, then what else needs no engine: one callable or
    several steps): the first letter of each worker is read by a forked child while `prepare` runs (the second
    core is idle then), instead of after it. In this process (`few_tasks`), `prepare` builds this process's
    engine while a forked child reads the first letter."""
    if workers == 0:
        return SerialExecutor(fn, tasks)
    if executor == "dask":
        try:  # dask is an optional extra
            from pipeline.distributed import DaskExecutor  # noqa: PLC0415 - dask is an optional extra
        except ImportError as error:
            raise DaskUnavailableError("the Dask executor needs dask.distributed: pip install '.[dask]'") from error

        return DaskExecutor(fn, tasks, scheduler=scheduler, workers=workers)
    forks = "fork" in multiprocessing.get_all_start_methods()
    if few_tasks:
        if prepare is not None and read_ahead is not None and forks:
            # This process analyses the letters itself: the first is read by a forked child while the
            # engine is built here (the second core is idle then), instead of after it. The engine is
            # this process's own: never released.
            first = _read_ahead(list(itertools.islice(tasks, 1)), read_ahead, prepare)
            tasks = itertools.chain(first, tasks)
        return SerialExecutor(fn, tasks)
    if prepare is None or not forks:
        return PoolExecutor(fn, tasks, workers)
    if read_ahead is not None:
        first = _read_ahead(list(itertools.islice(tasks, workers)), read_ahead, prepare)
        tasks = itertools.chain(first, tasks)
    else:
        prepare()  # built once here and inherited by every forked worker
    # Frozen, the parent's objects stay out of the workers' cyclic collections: a collection would write
    # to every inherited object and so copy its pages into each worker (the gc module's advice for fork).
    gc.freeze()
    try:
        pool = PoolExecutor(fn, tasks, workers)  # forks every worker at its first submit
    finally:
        gc.unfreeze()
    if release is not None:
        # The workers have their copy. The parent's memory, freed, is reused for the letters' results it
        # holds to the end; a worker restarted after a crash builds its own.
        release()
    return pool
