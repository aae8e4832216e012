"""End-to-end benchmark of `vng analyze` on a synthetic corpus of letter PDFs. Not a test.

    .venv/bin/python bench/bench_pipeline.py [--letters 1000] [--workers 2] [--keep]

1. Makes (once, cached under bench/out/) N letter PDFs of realistic layout: running headers, page
   numbers, footnote URLs with superscript references, hyphenated line ends, rendered by
   tests.render_pdf from the fictional example letters and, when present, the real
   letters in ../shared/corpora/vng, shuffled and varied so that no two files are identical.
2. Times pdfminer.six `extract_text` alone over the same files on one core (the floor).
3. Runs `vng analyze` with --workers N as a child process: wall time, pages/s, words/s, peak RSS of
   the whole process tree (sampled from /proc; also split into the peak while the workers run and the
   parent's alone, when it writes the corpus outputs and the report), CPU seconds per stage (from the manifest).
4. Start-up: `vng analyze` on a one-letter corpus (process start to first letter done; and to the
   moment that letter's own work began, i.e. what start-up alone cost), and when each start-up phase of
   each run ended (the manifest's `startup_seconds`, and the parent's CPU at those points).
5. Re-run after adding one letter to the analysed corpus.
Before 3, one untimed `vng analyze` of the one-letter corpus builds what the first run after an install
or a merge builds once (Python's bytecode of changed modules, pipeline/__pycache__'s regex and import
caches and lexeme-attribute table), so that no timed run pays for it; its start-up figures are reported as
`first_run_after_install`.
`make bench` builds those caches in its install step first, so there that run is the first after `make`.
Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.render_pdf import blocks_from_text, render_letter_pdf

OUT = REPO / "bench" / "out"
VNG = REPO / ".venv" / "bin" / "vng"
REAL = sorted((REPO.parent / "shared" / "corpora" / "vng").glob("*.txt"))
SOURCES = {
    # the default: fictional examples and, when present, the real letters
    "mixed": [*sorted((REPO / "corpora" / "examples").glob("*.txt")),
              *sorted((REPO / "scripts" / "example_sources").glob("*.txt")), *REAL],
    # only the three real letters: denser pages (more words per page), so relatively more NLP per page
    "real": REAL,
}


def corpus_folder(letters: int, sources: str = "mixed", root: Path = OUT) -> Path:
    """Where make_corpus keeps a corpus of `letters` letters from `sources` (bench_startup.py reads it too)."""
    return root / (f"corpus-{letters}" if sources == "mixed" else f"corpus-{sources}-{letters}")


def make_corpus(letters: int, seed: int = 7, sources: str = "mixed") -> Path:
    folder = corpus_folder(letters, sources)
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    if not SOURCES[sources]:
        raise SystemExit(f"no source letters for --sources {sources} (the real letters are read from ../shared)")
    texts = [p.read_text(encoding="utf-8") for p in SOURCES[sources]]
    for index in range(letters):
        # Two or three source letters per synthetic letter: ~4-5 pages, like the real ones.
        chosen = rng.sample(texts, k=min(len(texts), rng.choice((2, 2, 3))))
        blocks = [block for text in chosen for block in blocks_from_text(text)]
        date = f"{rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        render_letter_pdf(blocks, folder / f"brief-{index:05d}.pdf", title=f"Synthetische brief {index}",
                          date=date, seed=index)
    marker.touch()
    return folder


def extract_text_floor(files: list[Path]) -> tuple[float, int]:
    """pdfminer.six extract_text over the files in this process, pinned to one core."""
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    pages = 0
    started = time.perf_counter()
    for path in files:
        extract_text(str(path))
    seconds = time.perf_counter() - started
    for path in files:
        with path.open("rb") as stream:
            pages += sum(1 for _ in PDFPage.get_pages(stream))
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    return seconds, pages


def _tree_rss(pid: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants, in bytes, and how many processes that is."""
    total = 0
    processes = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with Path(f"/proc/{current}/status").open(encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        processes += 1
            for task in Path(f"/proc/{current}/task").iterdir():
                with (task / "children").open(encoding="ascii") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total, processes


PEAKS: dict[str, int] = {}  # of the last run_vng: the tree's peak while workers ran, and the parent's alone


def run_vng(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS of the whole process tree of one `vng` run."""
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen([str(VNG), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()
    PEAKS.clear()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            rss, processes = _tree_rss(process.pid)
            peak = max(peak, rss)
            # Where the peak is: while the workers analyse, or in the parent alone (corpus outputs, report).
            phase = "with_workers" if processes > 1 else "parent_alone"
            PEAKS[phase] = max(PEAKS.get(phase, 0), rss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"vng {' '.join(args)} failed ({process.returncode}): {stderr.decode()[-2000:]}")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sources", choices=sorted(SOURCES), default="mixed",
                        help="mixed: fictional examples and the real letters; real: only the three real letters")
    args = parser.parse_args()

    made = time.perf_counter()
    corpus = make_corpus(args.letters, sources=args.sources)
    files = sorted(corpus.glob("*.pdf"))
    make_seconds = time.perf_counter() - made

    floor_seconds, pages = extract_text_floor(files)

    one = OUT / "one-letter"
    shutil.rmtree(one, ignore_errors=True)
    one.mkdir(parents=True)
    shutil.copy(files[0], one / files[0].name)
    # The first run after an install or a merge compiles bytecode and fills the caches in
    # pipeline/__pycache__ once: done here, untimed, and reported on its own.
    warm_up = OUT / "warm-up-out"
    shutil.rmtree(warm_up, ignore_errors=True)
    run_vng(["analyze", str(one), "--out", str(warm_up), "--workers", "1"])
    first_run = json.loads((warm_up / "manifest.json").read_text(encoding="utf-8"))
    shutil.rmtree(warm_up, ignore_errors=True)

    out = OUT / (f"run-{args.letters}" if args.sources == "mixed" else f"run-{args.sources}-{args.letters}")
    shutil.rmtree(out, ignore_errors=True)
    wall, peak = run_vng(["analyze", str(corpus), "--out", str(out), "--workers", str(args.workers)])
    peaks = dict(PEAKS)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    ok = [f for f in manifest["files"] if f["status"] == "ok"]
    words = sum(f["words"] or 0 for f in ok)
    stages: dict[str, float] = {}
    for entry in ok:
        for stage, seconds in entry["stages"].items():
            stages[stage] = stages.get(stage, 0.0) + seconds

    one_wall, _ = run_vng(["analyze", str(one), "--out", str(OUT / "one-letter-out"), "--workers", "1", "--force"])
    one_manifest = json.loads((OUT / "one-letter-out" / "manifest.json").read_text(encoding="utf-8"))
    first_in_big_run = manifest.get("first_letter_seconds")

    extra = corpus / "zz-extra.pdf"
    shutil.copy(files[-1], extra)
    with extra.open("ab") as stream:
        stream.write(b"\n% one more letter\n")  # other bytes, same content: analysed as a new letter
    try:
        rerun, _ = run_vng(["analyze", str(corpus), "--out", str(out), "--workers", str(args.workers)])
    finally:
        extra.unlink()
        (corpus / ".complete").touch()

    print(json.dumps({
        "sources": args.sources, "letters": len(files), "pages": pages, "words": words, "workers": args.workers,
        "corpus_seconds_to_make": round(make_seconds, 1),
        "end_to_end": {"seconds": round(wall, 2), "pages_per_second": round(pages / wall, 1),
                       "words_per_second": round(words / wall), "peak_rss_mib": round(peak / 2**20, 1),
                       "peak_rss_mib_by_phase": {k: round(v / 2**20, 1) for k, v in sorted(peaks.items())},
                       "failed": len(manifest["files"]) - len(ok)},
        "extract_text_one_core": {"seconds": round(floor_seconds, 2),
                                  "pages_per_second": round(pages / floor_seconds, 1)},
        "speedup_over_extract_text": round(floor_seconds / wall, 2),
        "cpu_seconds_per_stage": {k: round(v, 2) for k, v in sorted(stages.items())},
        # each stage against `extract` of the same run: the machine's speed drifts between sessions (±10 %)
        # and `extract` is the stage whose cost the NLP work cannot change, so these compare across runs
        "cpu_seconds_outside_extract": round(sum(v for k, v in stages.items() if k != "extract"), 2),
        "cpu_per_stage_over_extract": {k: round(v / stages["extract"], 3) for k, v in sorted(stages.items())
                                       if k != "extract" and stages.get("extract")},
        "startup_to_first_letter_seconds": {
            "one_letter_corpus": one_manifest.get("first_letter_seconds"),
            "big_run": first_in_big_run,
            "one_letter_corpus_whole_command": round(one_wall, 2),
            # process start to the moment the first finished letter's own work began (its engine ready)
            "started": {"one_letter_corpus": one_manifest.get("first_letter_started_seconds"),
                        "big_run": manifest.get("first_letter_started_seconds")},
            "first_run_after_install": {"one_letter_corpus": first_run.get("first_letter_seconds"),
                                        "started": first_run.get("first_letter_started_seconds"),
                                        "cpu": first_run.get("first_letter_cpu_seconds")},
            # CPU seconds of the process that analysed the first letter (a forked worker: since its fork)
            # when the letter's work began and ended; ended - began far below the letter's wall time
            # (first_letter - started above) means that letter waited for a core
            "first_letter_cpu": {"one_letter_corpus": one_manifest.get("first_letter_cpu_seconds"),
                                 "big_run": manifest.get("first_letter_cpu_seconds")},
            # process start to the end of each start-up phase (the manifest's startup_seconds: run = the
            # composer began, after the imports; fingerprint; planned = every file hashed; engine = built
            # in the parent; dispatched = workers forked and the first letters handed over)
            "phases": {"one_letter_corpus": one_manifest.get("startup_seconds"),
                       "big_run": manifest.get("startup_seconds"),
                       "first_run_after_install": first_run.get("startup_seconds")},
            # the parent's CPU seconds at the same points: far below the wall figures means waiting (a
            # busy machine, a cold disk), not work
            "phases_cpu": {"one_letter_corpus": one_manifest.get("startup_cpu_seconds"),
                           "big_run": manifest.get("startup_cpu_seconds"),
                           "first_run_after_install": first_run.get("startup_cpu_seconds")}},
        "rerun_after_adding_one_letter": {"seconds": round(rerun, 2), "share_of_full_run": round(rerun / wall, 4)},
    }, indent=2))


if __name__ == "__main__":
    main()
