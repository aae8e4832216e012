"""A real Dask cluster: a `dask scheduler` and two `dask worker` processes on 127.0.0.1, started and
always torn down by the test, give the same bytes as a local run, with bytes or paths in the tasks."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.analyze import AnalyzeOptions, analyze
from pipeline.tasks import InputFile, Task
from tests.conftest import EXAMPLES, REPO, write_fictional_letters
from tests.dask_helpers import stop_process_groups
from tests.snapshots import snapshot

pytest.importorskip("distributed")



def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dask_command() -> list[str]:
    script = Path(sys.executable).with_name("dask")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dask"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    logs = tmp_path_factory.mktemp("dask-logs")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    # One retry per task: a letter that kills its worker fails after two deaths, not four.
    env = {**os.environ, "PYTHONPATH": str(REPO), "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    processes: list[subprocess.Popen[bytes]] = []

    def start(args: list[str], name: str) -> None:
        log = (logs / f"{name}.log").open("wb")
        processes.append(subprocess.Popen([*_dask_command(), *args], stdout=log, stderr=subprocess.STDOUT, env=env,
                                          cwd=logs, start_new_session=True))

    try:
        start(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], "scheduler")
        for number in (1, 2):
            start(["worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1",
                   "--name", f"w{number}"], f"worker{number}")
        from dask.distributed import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(2, timeout=max(1.0, deadline - time.monotonic()))
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        stop_process_groups(processes)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask") / "corpus"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.md"))
    write_fictional_letters(folder, 30)  # more letters than tasks in flight: the window is refilled
    return folder


@pytest.fixture(scope="module")
def local(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("local") / "out"
    analyze(corpus, out, AnalyzeOptions(workers=1))
    return snapshot(out)


@pytest.mark.slow
@pytest.mark.parametrize("by_path", [False, True], ids=["bytes", "paths"])
def test_a_real_cluster_gives_the_same_bytes_as_a_local_run(cluster: str, corpus: Path, local: dict[str, bytes],
                                                           tmp_path: Path, by_path: bool) -> None:
    out = tmp_path / "out"
    summary = analyze(corpus, out, AnalyzeOptions(executor="dask", scheduler=cluster, inputs_by_path=by_path))
    assert summary.failed == 0 and summary.count("ok") == sum(1 for name in local if name.startswith("letters/"))
    assert snapshot(out) == local


def test_inputs_under_a_url_base(cluster: str, corpus: Path, local: dict[str, bytes], tmp_path: Path) -> None:
    """`--inputs-base URL`: the workers read each source under an fsspec URL (here a file:// copy)."""
    pytest.importorskip("fsspec")
    shared = tmp_path / "gedeeld"
    shutil.copytree(corpus, shared)
    out = tmp_path / "out"
    analyze(corpus, out, AnalyzeOptions(executor="dask", scheduler=cluster, inputs_by_path=True,
                                        inputs_base=shared.as_uri()))
    assert snapshot(out) == local
    # The workers really read the copy: a letter that differs there is refused, the others are as before.
    changed = shared / "brief0003.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "Een andere slotzin.\n", encoding="utf-8")
    again = tmp_path / "again"
    summary = analyze(corpus, again, AnalyzeOptions(executor="dask", scheduler=cluster, inputs_by_path=True,
                                                    inputs_base=shared.as_uri()))
    refused = [o for o in summary.outcomes if o.status == "failed"]
    assert [o.source for o in refused] == ["brief0003.txt"] and "is not the one scanned" in (refused[0].error or "")


@pytest.mark.slow
def test_a_worker_that_dies_fails_its_letter_and_the_run_goes_on(cluster: str, corpus: Path) -> None:
    from pipeline.distributed import DaskExecutor
    from tests.dask_helpers import deadly

    items = [InputFile(p, p.name, p.stem) for p in sorted(corpus.glob("brief000*.txt"))]
    tasks = iter([Task(item, f"{index:064x}", "test", data=b"x") for index, item in enumerate(items)])
    outcomes = list(DaskExecutor(deadly, tasks, scheduler=cluster, workers=2).outcomes())
    by_source = {o.source: o for o in outcomes}
    assert len(outcomes) == len(items)
    deadly_outcome = by_source["brief0002.txt"]
    assert deadly_outcome.status == "failed", deadly_outcome
    assert "Dask worker died while analysing this letter" in (deadly_outcome.error or ""), deadly_outcome
    assert all(o.status == "ok" for s, o in by_source.items() if s != "brief0002.txt"), [(o.source, o.error) for o in outcomes]


@pytest.mark.slow
def test_sigterm_during_a_dask_run_keeps_finished_letters_and_resumes(cluster: str, tmp_path: Path) -> None:
    import json
    import re

    corpus = tmp_path / "corpus"
    write_fictional_letters(corpus, 150)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "analyze", str(corpus), "--out", str(out),
                                "--executor", "dask", "--scheduler", cluster], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 120
        while not (out / "letters").is_dir() or len(list((out / "letters").glob("*.json"))) < 5:
            assert process.poll() is None and time.monotonic() < deadline, "the run ended before it was stopped"
            time.sleep(0.005)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == 143 and "Traceback" not in stderr, stderr
    match = re.search(r"Interrupted after (\d+)/150 letters; run the same command to continue", stderr)
    assert match, stderr
    finished = int(match.group(1))
    assert len(list((out / "letters").glob("*.json"))) == finished and not list(out.rglob("*.tmp"))
    analyze(corpus, out, AnalyzeOptions(executor="dask", scheduler=cluster))
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["cached"] == finished
    full = tmp_path / "full"
    analyze(corpus, full, AnalyzeOptions(workers=1))
    assert snapshot(out) == snapshot(full)


def test_the_dask_executor_keeps_a_bounded_number_of_tasks_in_flight(cluster: str) -> None:
    from pipeline.distributed import IN_FLIGHT_PER_THREAD, DaskExecutor
    from tests.dask_helpers import deadly

    pulled = 0

    def tasks():
        nonlocal pulled
        for number in range(60):
            pulled += 1
            item = InputFile(Path(f"x{number}.txt"), f"x{number}.txt", f"x{number}")  # never the deadly source
            yield Task(item, f"{number + 1000:064x}", "test", data=b"x")

    executor = DaskExecutor(deadly, tasks(), scheduler=cluster, workers=2)
    limit = IN_FLIGHT_PER_THREAD * 2  # two workers with one thread each
    seen = 0
    for outcome in executor.outcomes():
        seen += 1
        assert outcome.status == "ok" and pulled - seen < limit
    assert seen == 60
