"""Memory of the Dask client at archive scale: peak RSS with bytes vs paths in the tasks. Not a test.

    .venv/bin/python bench/bench_dask_client.py [--letters 20000] [--workers 2] [--work echo|real]

1. Writes N tiny synthetic FICTIONAL letters (.txt, a few hundred bytes each) to a temp folder.
2. Starts a `dask scheduler` and `--workers` `dask worker` processes on 127.0.0.1 (free port; always
   torn down), so that only the client runs in the measured process.
3. For bytes and for paths (`--inputs-by-path`), and for N/2 and N letters, runs a fresh child process
   that drives `pipeline.distributed.DaskExecutor` the way the composer does (tasks made lazily, only a
   bounded number in flight, each outcome dropped once consumed, as the composer drops it once written)
   and reports the child's peak RSS (ru_maxrss) and wall time.
   `--work echo` (default): the per-letter function returns an outcome with a document of the size of a
   real letter file without analysing (isolates the client's bookkeeping, fast on a busy machine);
   `--work real`: the real per-letter function (`process_file`). `--modes all-at-once` adds the
   executor as it was before (every letter submitted at once with its bytes), for comparison.
4. `--analyze`: also runs the whole `vng analyze --executor dask` for N/2 and N letters (the parent
   keeps every letter's result for the corpus outputs, so it grows with N by design).
Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.dask_helpers import stop_process_groups

PLACES = ("Aadorp", "Bergveld", "Cranendonk", "Dijkhoven", "Eemwaard", "Friesmeer", "Grootbroek", "Heuvelrade")


def write_letters(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        place = PLACES[number % len(PLACES)]
        (folder / f"brief{number:06d}.txt").write_text(
            f"Fictieve testbrief {number}\n \nDatum: {1 + number % 28} maart 2025\n \n"
            "Geachte leden van college en gemeenteraad,\n \n"
            f"De gemeente {place} vangt {100 + number} asielzoekers op in een tijdelijke locatie. "
            "De VNG vraagt het kabinet om structurele financiering van de opvang.\n \n"
            "Met vriendelijke groet,\nVNG\n", encoding="utf-8")


def echo(task):
    from pipeline.tasks import FileOutcome

    data = task.data if task.data is not None else Path(task.url).read_bytes()
    document = (data * 16)[:8000]  # about the size of a tiny letter's JSON
    return FileOutcome(task.item.source, task.item.doc_id, "ok", None, 0.0, task.sha256, document=document)


def child(args: argparse.Namespace) -> None:
    import hashlib

    from pipeline.distributed import DaskExecutor
    from pipeline.letter import process_file
    from pipeline.tasks import AnalyzeOptions, InputFile, Task

    paths = sorted(Path(args.corpus).glob("*.txt"))[: args.count]
    hashes = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]  # the composer's scan

    def tasks():
        for path, sha in zip(paths, hashes, strict=False):
            item = InputFile(path, path.name, path.stem)
            if args.mode == "paths":
                yield Task(item, sha, "bench", url=str(path))
            else:
                yield Task(item, sha, "bench", data=path.read_bytes())

    options = AnalyzeOptions(inputs_by_path=args.mode == "paths")
    fn = echo if args.work == "echo" else partial(process_file, options=options)
    started = time.perf_counter()
    done = failed = 0
    if args.mode == "all-at-once":
        # How the executor worked before: every letter submitted at once, each task with its bytes.
        from dask.distributed import Client, as_completed

        with Client(args.scheduler) as client:
            futures = [client.submit(fn, task, pure=False, key=f"letter-{task.sha256}") for task in tasks()]
            for future in as_completed(futures):
                outcome = future.result()
                done += 1
                failed += outcome.status != "ok"
    else:
        for outcome in DaskExecutor(fn, tasks(), scheduler=args.scheduler, workers=1).outcomes():
            done += 1
            failed += outcome.status != "ok"
    print(json.dumps({"letters": done, "failed": failed, "seconds": round(time.perf_counter() - started, 1),
                      "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _measure(argv: list[str]) -> dict:
    result = subprocess.run([sys.executable, __file__, *argv], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _analyze_rss(corpus: Path, count: int, scheduler: str, by_path: bool, tmp: Path) -> dict:
    subset = tmp / f"subset-{count}"
    if not subset.exists():
        subset.mkdir()
        for path in sorted(corpus.glob("*.txt"))[:count]:
            os.link(path, subset / path.name)
    out = tmp / f"out-{count}-{by_path}"
    code = ("import resource, sys, time; from pathlib import Path; from pipeline.analyze import analyze, AnalyzeOptions;"
            f"t=time.perf_counter(); s=analyze(Path({str(subset)!r}), Path({str(out)!r}), AnalyzeOptions(executor='dask',"
            f" scheduler={scheduler!r}, inputs_by_path={by_path})); import json;"
            "print(json.dumps({'letters': s.count('ok'), 'failed': s.failed, 'seconds': round(time.perf_counter()-t, 1),"
            " 'peak_rss_mib': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024, 1)}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    shutil.rmtree(out, ignore_errors=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", choices=("echo", "real"), default="echo")
    parser.add_argument("--analyze", action="store_true")
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--mode", choices=("bytes", "paths", "all-at-once"))
    parser.add_argument("--modes", default="bytes,paths", help="bytes, paths, all-at-once (the old executor)")
    parser.add_argument("--count", type=int)
    parser.add_argument("--corpus")
    parser.add_argument("--scheduler")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    tmp = Path(tempfile.mkdtemp(prefix="vng-bench-dask-"))
    corpus = tmp / "corpus"
    write_letters(corpus, args.letters)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [str(Path(sys.executable).with_name("dask"))]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)]
    processes += [subprocess.Popen([*dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
                  for _ in range(args.workers)]
    try:
        from dask.distributed import Client

        time.sleep(2)
        with Client(address, timeout=30) as client:
            client.wait_for_workers(args.workers, timeout=120)
        half = args.letters // 2
        report: dict = {"letters": args.letters, "workers": args.workers, "work": args.work, "executor": {}}
        for mode in args.modes.split(","):
            runs = {str(n): _measure(["--child", "--mode", mode, "--count", str(n), "--corpus", str(corpus),
                                      "--scheduler", address, "--work", args.work]) for n in (half, args.letters)}
            growth = runs[str(args.letters)]["peak_rss_mib"] / runs[str(half)]["peak_rss_mib"] - 1
            report["executor"][mode] = {**runs, "growth_pct": round(100 * growth, 1)}
        if args.analyze:
            report["analyze"] = {}
            for by_path in (False, True):
                runs = {str(n): _analyze_rss(corpus, n, address, by_path, tmp) for n in (half, args.letters)}
                growth = runs[str(args.letters)]["peak_rss_mib"] / runs[str(half)]["peak_rss_mib"] - 1
                report["analyze"]["paths" if by_path else "bytes"] = {**runs, "growth_pct": round(100 * growth, 1)}
        report["load_average"] = os.getloadavg()
        print(json.dumps(report, indent=2))
    finally:
        stop_process_groups(processes)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
