"""Per-letter work as futures on a Dask cluster (`vng analyze --executor dask --scheduler ADDRESS`).

The tasks carry the letters' bytes, so workers need the package (`pip install .[dask]`) but no shared
disk. Each worker process builds the nlp pipeline and loads the models once (`get_engine` caches them).
Without a scheduler address a LocalCluster with `--workers` processes is started for the run.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from pipeline.errors import VngError

if TYPE_CHECKING:
    from pipeline.analyze import AnalyzeOptions, FileOutcome, Task


class DaskUnavailableError(VngError, ImportError):
    """dask.distributed is not installed."""


def run_on_dask(tasks: Sequence[Task], options: AnalyzeOptions) -> Iterator[FileOutcome]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as error:
        raise DaskUnavailableError("the Dask executor needs dask.distributed: pip install '.[dask]'") from error
    from pipeline.analyze import process_file

    cluster = None
    if options.scheduler:
        client = Client(options.scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, options.workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(process_file, task, options, pure=False, key=f"letter-{task.sha256}")
                   for task in tasks]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
