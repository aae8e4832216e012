"""Measure how fast report.html opens in headless Chromium for a big synthetic OUT_DIR (not a test).

    .venv/bin/python tests/browser/measure_load.py [--letters 1000] [--source OUT_DIR] [--keep DIR] [--runs 3]

Copies the letters of a real OUT_DIR (default: a fresh `vng analyze corpora/examples`) until there are
--letters of them, each with its own doc_id and date, rebuilds graph, positions and tables with the
pipeline's own corpus stage, builds the report and opens it --runs times in a fresh page. Prints the
report size, the build time and the load times (navigation start to the end of the report's script,
as the page measures it; wall clock from `goto` to ready; first contentful paint).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pipeline.corpus import write_corpus_outputs
from pipeline.export import write_json_atomic
from pipeline.report import build_report
from pipeline.types import LetterResult

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthesise(source: Path, out: Path, count: int) -> None:
    """count letters made from the ones in source: the doc_id is replaced everywhere it occurs."""
    originals = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((source / "letters").glob("*.json"))]
    if not originals:
        sys.exit(f"no letters in {source / 'letters'}")
    start = date(2016, 1, 4)
    results = []
    for i in range(count):
        letter = originals[i % len(originals)]
        doc_id = f"{letter['doc_id']}_{i:04d}"
        # doc_ids are unique, file-system-safe strings: a textual replacement rewrites every reference.
        data = json.loads(json.dumps(letter).replace(json.dumps(letter["doc_id"])[1:-1], doc_id))
        data["date"] = (start + timedelta(days=i * 3653 // count)).isoformat()
        write_json_atomic(out / "letters" / f"{doc_id}.json", data)
        results.append(LetterResult.from_dict(data))
    write_corpus_outputs(results, out)
    write_json_atomic(out / "manifest.json", {"version": "synthetic", "started": "", "finished": "",
                                              "counts": {"ok": count, "failed": 0, "skipped": 0}, "files": []})


def measure(report: Path, runs: int) -> list[tuple[float, float, float]]:
    from playwright.sync_api import sync_playwright

    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            started = time.perf_counter()
            page.goto(report.as_uri())
            page.wait_for_selector("html[data-ready='1']", timeout=60_000)
            wall = time.perf_counter() - started
            in_page = page.evaluate("performance.getEntriesByName('vng-ready')[0].startTime") / 1000
            page.wait_for_timeout(200)  # let the first paint be recorded
            paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
            timings.append((in_page, wall, (paint or 0) / 1000))
            page.close()
        browser.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--source", type=Path, help="an OUT_DIR of `vng analyze` to copy letters from")
    parser.add_argument("--keep", type=Path, help="write the synthetic OUT_DIR here (default: a temp folder)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        source = args.source
        if source is None:
            source = Path(temp) / "examples"
            subprocess.run([sys.executable, "-m", "pipeline", "analyze", str(REPO / "corpora" / "examples"),
                            "--out", str(source)], check=True)
        out = args.keep or Path(temp) / "big"
        synthesise(source, out, args.letters)
        started = time.perf_counter()
        report = build_report(out)
        built = time.perf_counter() - started
        data = json.loads((out / "positions.json").read_text(encoding="utf-8"))
        points = sum(len(t["timeline"]) for t in data["targets"].values())
        passages = sum(len(json.loads(p.read_text(encoding="utf-8"))["passages"])
                       for p in (out / "letters").glob("*.json"))
        print(f"{args.letters} letters, {passages} passages, {points} timeline points; "
              f"report {report.stat().st_size / 1e6:.1f} MB, built in {built:.2f} s")
        timings = measure(report, args.runs)
        for in_page, wall, paint in timings:
            print(f"  ready after {in_page:.2f} s (in page), {wall:.2f} s (wall clock from goto); "
                  f"first contentful paint {paint:.2f} s")
        print(f"median: {statistics.median(t[0] for t in timings):.2f} s in page, "
              f"{statistics.median(t[1] for t in timings):.2f} s wall clock")


if __name__ == "__main__":
    main()
