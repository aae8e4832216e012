"""Start-up to the first letter alone, as `bench/bench_pipeline.py` measures it, for A/B work. Not a test.

    .venv/bin/python bench/bench_startup.py [--checkout DIR] [--sources mixed|real] [--runs 5] [--big]

The one-letter corpus is the first letter of the bench corpus (`bench/out/corpus-1000/brief-00000.pdf`,
or `corpus-real-1000` with `--sources real`; rendered here as `make_corpus` renders it when the bench corpus
is absent), analysed with `vng analyze ONE --out OUT --workers 1` into a fresh OUT: the figures are the
manifest's `first_letter_seconds` (package import to the first letter done), `first_letter_started_seconds`,
`startup_seconds` and `startup_cpu_seconds`, exactly those of `make bench`, and the whole command's wall time.

`--big`: also the start of a big run, `vng analyze CORPUS --out OUT --workers 2` on the whole bench corpus
(1000 letters; `--bench-out` says where it is), stopped with SIGTERM once the first letter is written (its
line in OUT/.vng-index.jsonl): the figure is process spawn to that line, so it includes the interpreter's
own start (about 0.05 s more than the manifest's figure, which a stopped run does not write).

`--checkout DIR` runs that checkout's code (`python -m pipeline` with PYTHONPATH=DIR; default: this one),
with this interpreter; several are run in turn, A B A B ..., so that pairs see the same machine. One
untimed run of each checkout first builds what the first run after an install builds (bytecode and the
caches in pipeline/__pycache__), as `make bench` does in its install step. Prints one JSON object: every
run's figures, and per checkout the medians.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def first_letter(bench_out: Path, sources: str) -> Path:
    """The bench corpus's first letter (files[0] of bench_pipeline.main), rendered if the corpus is absent."""
    sys.path.insert(0, str(REPO))
    from bench.bench_pipeline import corpus_folder, make_corpus

    path = corpus_folder(1000, sources, root=bench_out) / "brief-00000.pdf"
    if path.is_file():
        return path

    # The first letter of make_corpus(N) depends only on the seed: the same for N = 1 and N = 1000.
    return make_corpus(1, sources=sources) / "brief-00000.pdf"


def run_one(checkout: Path, one: Path, scratch: Path) -> dict[str, object]:
    out = scratch / "out"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "analyze", str(one), "--out", str(out), "--workers", "1"],
                          env=env, cwd=scratch, capture_output=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: vng analyze failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"first_letter": manifest["first_letter_seconds"], "started": manifest["first_letter_started_seconds"],
            "command": round(wall, 3), "cpu": manifest["startup_cpu_seconds"]["first_letter"],
            "phases": manifest["startup_seconds"], "phases_cpu": manifest["startup_cpu_seconds"],
            "letter_cpu": manifest["first_letter_cpu_seconds"]}


def run_big(checkout: Path, corpus: Path, scratch: Path, workers: int) -> dict[str, object]:
    out = scratch / "big-out"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    index = out / ".vng-index.jsonl"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "analyze", str(corpus), "--out", str(out),
                                "--workers", str(workers)], env=env, cwd=scratch,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = None
    hung = False
    try:
        while process.poll() is None:
            if index.is_file() and index.stat().st_size > 0:
                seconds = time.perf_counter() - started
                break
            time.sleep(0.005)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # the run stops its workers and keeps what it wrote
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            # Seen once (session 34): the run hung at exit after SIGTERM, its pool's manager thread waiting for the
            # rest of a result a terminated worker had begun to send. Recorded, killed, and the bench goes on.
            hung = True
            process.kill()
            process.wait()
    if seconds is None:
        raise SystemExit(f"{checkout}: the big run ended before writing a letter ({process.returncode})")
    return {"first_letter_from_spawn": round(seconds, 3), **({"hung_after_sigterm": True} if hung else {})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", action="append", type=Path, help="checkout whose code runs (repeatable)")
    parser.add_argument("--sources", choices=("mixed", "real"), default="mixed")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", action="store_true", help="also the start of a big run on the whole bench corpus")
    parser.add_argument("--big-workers", type=int, default=2)
    parser.add_argument("--bench-out", type=Path, default=REPO / "bench" / "out",
                        help="where bench_pipeline.py keeps its corpora")
    args = parser.parse_args()
    checkouts = [c.resolve() for c in args.checkout or [REPO]]
    letter = first_letter(args.bench_out, args.sources)
    corpus = letter.parent
    runs: dict[str, list[dict[str, object]]] = {str(c): [] for c in checkouts}
    with tempfile.TemporaryDirectory(prefix="vng-startup-") as tmp:
        scratch = Path(tmp)
        one = scratch / "one-letter"
        one.mkdir()
        shutil.copy(letter, one / letter.name)
        for checkout in checkouts:  # untimed: bytecode and the package's caches
            run_one(checkout, one, scratch)
        for _ in range(args.runs):
            for checkout in checkouts:
                figures = run_one(checkout, one, scratch)
                if args.big:
                    figures.update(run_big(checkout, corpus, scratch, args.big_workers))
                runs[str(checkout)].append(figures)
    keys = ["first_letter", "started", "command", "cpu"] + (["first_letter_from_spawn"] if args.big else [])
    medians = {c: {k: round(statistics.median(float(r[k]) for r in rs), 3) for k in keys} for c, rs in runs.items()}
    report: dict[str, object] = {"sources": args.sources, "letter": str(letter), "medians": medians, "runs": runs}
    if len(checkouts) == 2:  # the pair ratios A/B, run by run
        a, b = (runs[str(c)] for c in checkouts)
        report["pair_ratios"] = {k: [round(float(x[k]) / float(y[k]), 3) for x, y in zip(a, b, strict=True)]
                                 for k in keys}
        report["pair_ratio_medians"] = {k: round(statistics.median(v), 3) for k, v in report["pair_ratios"].items()}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
