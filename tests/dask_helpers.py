"""Per-letter functions for tests on a real Dask cluster (importable by the workers as `tests.dask_helpers`)."""
from __future__ import annotations

import contextlib
import os

from pipeline.tasks import FileOutcome, Task

DEADLY_SOURCE = "brief0002.txt"


def deadly(task: Task) -> FileOutcome:
    """Kills its worker process on one letter, as a crash or the OOM killer would."""
    if task.item.source == DEADLY_SOURCE:
        os._exit(9)
    return FileOutcome(task.item.source, task.item.doc_id, "ok", None, 0.0, task.sha256)


def stop_process_groups(processes: list) -> None:
    """SIGTERM each process's group (a `dask scheduler`/`dask worker` and its children), SIGKILL if needed."""
    import signal
    import subprocess

    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
