"""Per-letter work as futures on a Dask cluster (`vng analyze --executor dask --scheduler ADDRESS`).

By default a task carries the letter's bytes, so workers need the package (`pip install .[dask]`) but
no shared disk; with `--inputs-by-path` it carries a path or fsspec URL and the worker reads it. Only
a bounded number of tasks is in flight (a small multiple of the cluster's worker threads), refilled as
results arrive, so the client holds a few letters at a time, not the archive. Each worker process
builds the nlp pipeline and loads the models once. Without a scheduler address a LocalCluster with
`--workers` processes is started for the run. The executor is given the per-letter function: it never
imports the composer.
"""
from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

# dask is an optional extra: pipeline.executors imports this module only for --executor dask.
from dask.distributed import Client, KilledWorker, LocalCluster, as_completed

from pipeline.errors import VngError
from pipeline.tasks import FileOutcome, Task, failed

IN_FLIGHT_PER_THREAD = 4
CONNECT_SECONDS = 5.0
KILLED_RETRIES = 1  # resubmissions of a letter whose worker died (Dask itself retries allowed-failures times)


class SchedulerUnreachableError(VngError, ConnectionError):
    """The Dask scheduler does not answer at the address given."""


def _probe(address: str) -> None:
    """Fail fast with a clear reason: Dask itself retries a refused connection until its timeout."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme not in ("tcp", "") or parts.hostname is None:
        return  # tls://, ucx://, inproc://: left to Dask
    try:
        with socket.create_connection((parts.hostname, parts.port or 8786), timeout=CONNECT_SECONDS):
            pass
    except OSError as error:
        reason = "connection refused" if isinstance(error, ConnectionRefusedError) else (
            f"no answer within {CONNECT_SECONDS:g} s" if isinstance(error, TimeoutError) else error.strerror or str(error))
        raise SchedulerUnreachableError(
            f"cannot reach the Dask scheduler at {address}: {reason}; start it with `dask scheduler` "
            "or give the right --scheduler address") from None


class DaskExecutor:
    def __init__(self, fn: Callable[[Task], FileOutcome], tasks: Iterator[Task], *, scheduler: str | None,
                 workers: int) -> None:
        self.fn = fn
        self.tasks = tasks
        self.cluster: Any = None
        self.client: Any = None
        if scheduler:
            _probe(scheduler)
            try:
                self.client = Client(scheduler, timeout=CONNECT_SECONDS)
            except (OSError, TimeoutError) as error:
                raise SchedulerUnreachableError(
                    f"cannot reach the Dask scheduler at {scheduler}: {error}; check that `dask scheduler` "
                    "runs there and the --scheduler address") from None
        else:
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        threads = sum(self.client.nthreads().values()) or max(1, workers)
        self.limit = IN_FLIGHT_PER_THREAD * threads

    def outcomes(self) -> Iterator[FileOutcome]:
        pending: dict[str, tuple[Any, Task, int]] = {}  # key -> (future, task, attempt)
        queue = as_completed()

        def submit(task: Task, attempt: int = 0) -> None:
            key = f"letter-{task.sha256}" + (f"-retry{attempt}" if attempt else "")
            future = self.client.submit(self.fn, task, pure=False, key=key)
            pending[future.key] = (future, task, attempt)
            queue.add(future)

        def refill() -> None:
            while len(pending) < self.limit:
                task = next(self.tasks, None)
                if task is None:
                    return
                submit(task)

        suspects: list[Task] = []  # letters on a worker that died: tried again alone at the end

        try:
            refill()
            for future in queue:
                _, task, attempt = pending.pop(future.key)
                try:
                    outcome = future.result()
                except KilledWorker as error:
                    # Dask blames every task that was on a worker when it died. A letter that only stood
                    # next to the one that killed it succeeds when it runs alone, after the others.
                    if attempt < KILLED_RETRIES:
                        future.release()
                        suspects.append(task)
                        refill()
                        if not pending and suspects:
                            submit(suspects.pop(0), attempt + 1)
                        continue
                    outcome = failed(task, f"{task.item.source}: the Dask worker died while analysing this letter "
                                           f"({error}); the other letters went on; run again to retry it")
                except Exception as error:  # noqa: BLE001 - one letter's boundary: lost data, cancelled, ...
                    outcome = failed(task, f"{task.item.source}: the Dask task failed ({type(error).__name__}: "
                                           f"{error}); run again to retry it")
                future.release()  # the scheduler forgets it: nothing piles up on the client
                yield outcome
                refill()
                if not pending and suspects:
                    submit(suspects.pop(0), KILLED_RETRIES)  # one at a time, nothing beside it
        finally:
            queue.clear()
            if pending:  # interrupted: stop what runs on the cluster for this run
                self.client.cancel([future for future, _, _ in pending.values()])
            self.close()

    def close(self) -> None:
        """Disconnect (and stop a LocalCluster of our own); idempotent."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
