"""The one composer: find letters, run the per-letter stages, write letters/*.json and the manifest.

Per file: read bytes -> extract (pdf/text) -> clean -> segment -> metadata -> entities -> result.
A file that fails is recorded in the manifest with a readable reason and the run goes on; this
module holds the only broad `except` of the project, at that per-file boundary.
"""
from __future__ import annotations

import gc
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import re
import signal
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import STARTED, __version__
from pipeline.corpus import write_corpus_outputs
from pipeline.errors import EmptyContentError, InputError, LimitExceededError, VngError
from pipeline.fingerprint import pipeline_fingerprint
from pipeline.export import dumps_json, write_bytes_atomic, write_json_atomic
from pipeline.report import build_report, letter_view
from pipeline.extract import SUPPORTED_SUFFIXES, UNSUPPORTED_SUFFIXES, clean_document, read_document, read_metadata
from pipeline.extract.marker import is_marked_fictional
from pipeline.segment import segment
from pipeline.types import CleanDocument, Entity, Letter, LetterResult, RawDocument, Segmentation

if TYPE_CHECKING:
    from spacy.language import Language

    from pipeline.classify import InferenceModels

log = logging.getLogger("vng")

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
INDEX_NAME = ".vng-index.json"  # what the last run wrote: lets a re-run start new work before loading the rest
DEFAULT_MAX_SECONDS = 300.0  # real letters take well under a second; a 500-page PDF about a minute


@dataclass(frozen=True)
class AnalyzeOptions:
    allow_failures: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    debug: bool = False  # re-raise unexpected errors instead of recording them
    model: str | None = None  # a spaCy pipeline name or path; None: nl_core_news_lg if installed, else our own
    workers: int = 1  # processes for per-letter work (local executor)
    executor: str = "local"  # local | dask
    scheduler: str | None = None  # Dask scheduler address; None starts a LocalCluster
    force: bool = False  # ignore results of earlier runs
    max_seconds: float = DEFAULT_MAX_SECONDS  # per-letter time limit (0: none)


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str  # path relative to the corpus folder, with forward slashes
    doc_id: str


@dataclass(frozen=True)
class FileOutcome:
    source: str
    doc_id: str
    status: str  # ok | failed | skipped
    error: str | None
    seconds: float
    sha256: str | None = None
    result: LetterResult | None = field(default=None, compare=False)
    cached: bool = False  # re-used from an earlier run: same bytes, same pipeline
    stages: dict[str, float] = field(default_factory=dict, compare=False)  # CPU seconds per stage
    pages: int | None = None
    words: int | None = None
    document: bytes | None = field(default=None, compare=False, repr=False)  # letters/<doc_id>.json, made by the worker

    def manifest_entry(self) -> dict[str, object]:
        result = self.result
        return {"source": self.source, "doc_id": self.doc_id, "status": self.status, "error": self.error,
                "seconds": round(self.seconds, 3), "sha256": self.sha256, "cached": self.cached,
                "stages": self.stages, "pages": self.pages, "words": self.words,
                "passages": len(result.passages) if result else None,
                "removed_lines": len(result.removed) if result else None,
                "layout": result.layout if result else None,

                "date": result.date if result else None, "date_source": result.date_source if result else None,
                "date_window": list(result.date_window) if result and result.date_window else None,
                "date_evidence": [c.to_dict() for c in result.date_evidence if c.used] if result else []}


@dataclass(frozen=True)
class RunSummary:
    outcomes: tuple[FileOutcome, ...]
    started: str
    finished: str
    out_dir: Path

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "failed")

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def safe_doc_id(stem: str) -> str:
    """A file-system-safe id from a file stem: ASCII letters, digits, '.', '_' and '-' only."""
    text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-")
    return text[:100] or "letter"


def no_content_message(source: str, raw: RawDocument, clean: CleanDocument, segmentation: Segmentation) -> str:
    """Why a letter gave no passage, with what was seen, so that the user can tell a reading error from an empty letter."""
    seen = Counter(block.kind for block in segmentation.non_content)
    parts = [f"{count} {kind}" for kind, count in sorted(seen.items())]
    if segmentation.headings:
        parts.append(f"{len(segmentation.headings)} heading")
    log.debug("%s: no content; blocks: %s", source, [(b.kind, b.text[:80]) for b in clean.blocks])
    return (f"{source}: no content found: the text has {len(raw.lines)} lines (layout {raw.layout or raw.kind}), "
            f"read as {len(clean.blocks)} blocks ({', '.join(parts) or 'none'}) and no passage; "
            "see --debug for the blocks")


def find_inputs(corpus_dir: Path) -> tuple[list[InputFile], list[FileOutcome]]:
    """Letters under corpus_dir (recursive, sorted); symlinks leading outside it are skipped."""
    root = corpus_dir.resolve()
    found: list[InputFile] = []
    skipped: list[FileOutcome] = []
    taken: set[str] = set()
    candidates = sorted(p for p in corpus_dir.rglob("*")
                        if p.suffix.lower() in SUPPORTED_SUFFIXES or p.suffix.lower() in UNSUPPORTED_SUFFIXES)
    for path in candidates:
        if path.suffix.lower() in UNSUPPORTED_SUFFIXES and not path.is_dir():
            # Documents we do not read are listed, with what to do, instead of passed over in silence.
            source = path.relative_to(corpus_dir).as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            skipped.append(FileOutcome(source, safe_doc_id(path.stem), "skipped",
                                       f"{source}: {UNSUPPORTED_SUFFIXES[path.suffix.lower()]}; not read", 0.0))
            continue
        # A name that is not valid UTF-8 (surrogate escapes) is recorded readably; the path still opens.
        source = path.relative_to(corpus_dir).as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        if not path.is_file():
            if path.is_dir():
                continue  # a folder named like a letter: rglob looks inside it
            why = ("a symlink whose target does not exist (or a link loop)" if path.is_symlink()
                   else "not a regular file (a pipe, socket or device)")
            skipped.append(FileOutcome(source, safe_doc_id(path.stem), "skipped", f"{source}: {why}; not read", 0.0))
            continue
        resolved = path.resolve()
        if resolved != root and root not in resolved.parents:
            skipped.append(FileOutcome(source, safe_doc_id(path.stem), "skipped",
                                       f"{source}: a symlink that points outside the corpus folder; not followed", 0.0))
            continue
        doc_id = safe_doc_id(path.stem)
        # Unique ignoring case: "Brief.json" and "brief.json" are one file on macOS and Windows.
        base, salt = doc_id, 0
        while doc_id.casefold() in taken:  # re-hash until free: two sources can share a first hash
            digest = hashlib.sha256(f"{source}\0{salt}".encode("utf-8") if salt else source.encode("utf-8")).hexdigest()[:8]
            doc_id, salt = f"{base}-{digest}", salt + 1
        taken.add(doc_id.casefold())
        found.append(InputFile(path=path, source=source, doc_id=doc_id))
    return found, skipped


@contextmanager
def _timed(clock: dict[str, float], stage: str) -> Iterator[None]:
    """Add the CPU seconds of the block to clock[stage] (the benchmark reports them per stage)."""
    started = time.process_time()
    try:
        yield
    finally:
        clock[stage] = clock.get(stage, 0.0) + time.process_time() - started


def read_letter(path: Path, *, source: str | None = None, doc_id: str | None = None,
                data: bytes | None = None, clock: dict[str, float] | None = None) -> Letter:
    """Stages 1-2 for one file: extract, clean, segment, metadata."""
    data = path.read_bytes() if data is None else data
    source = source or path.name
    doc_id = doc_id or safe_doc_id(path.stem)
    clock = clock if clock is not None else {}
    with _timed(clock, "extract"):
        raw = read_document(path, data, source)
    with _timed(clock, "clean_segment"):
        clean = clean_document(raw)
        segmentation = segment(doc_id, clean)
        meta = read_metadata(raw, clean, segmentation)
    if not segmentation.passages:
        raise EmptyContentError(no_content_message(source, raw, clean, segmentation))
    return Letter(doc_id=doc_id, source=source, sha256=hashlib.sha256(data).hexdigest(), meta=meta,
                  passages=segmentation.passages, removed=clean.removed, encoding=raw.encoding,
                  page_count=raw.page_count, non_content=segmentation.non_content,
                  layout=raw.layout or raw.kind, layout_evidence=raw.layout_evidence,
                  fictional=is_marked_fictional(raw))


@dataclass(frozen=True)
class Engine:
    """What the per-letter stages need, built once per process: the nlp pipeline and the classifiers."""

    nlp: Language
    models: InferenceModels


_ENGINE: Engine | None = None


def get_engine(model: str | None = None) -> Engine:
    global _ENGINE
    if _ENGINE is None:
        from pipeline.classify import ensure_inference_models
        from pipeline.nlp import build_nlp

        # Models built by another package version or data are retrained in memory (with a warning), so
        # that `make analyze` works on any machine; `make train` refreshes models/ for good.
        _ENGINE = Engine(nlp=build_nlp(model), models=ensure_inference_models(on_stale="retrain"))
    return _ENGINE


def letter_result(letter: Letter, engine: Engine, clock: dict[str, float] | None = None) -> LetterResult:
    """Stages 3-5 for one letter: entities and sentences, classification, concepts, claims, requests."""
    from pipeline.classify import classify_passages
    from pipeline.entities import run_nlp
    from pipeline.relations import extract_claims, mentions_in
    from pipeline.requests import extract_requests

    clock = clock if clock is not None else {}
    with _timed(clock, "entities"):
        nlp_result = run_nlp(engine.nlp, letter.passages, letter.meta.date, letter.meta.date_window)
    passages = tuple(replace(p, sentences=nlp_result.sentences.get(p.id, ())) for p in letter.passages)
    by_passage: dict[str, list[Entity]] = defaultdict(list)
    for entity in nlp_result.entities:
        by_passage[entity.passage_id].append(entity)
    with _timed(clock, "classify"):
        passages = classify_passages(passages, engine.models, by_passage)
    salutation = next((b.text for b in letter.non_content if b.kind == "salutation"), None)
    with _timed(clock, "relations"):
        claims = extract_claims(letter.doc_id, passages, nlp_result.sentences)
        mentions = mentions_in(passages)
        requests = extract_requests(letter.doc_id, letter.meta.doc_type, passages, title=letter.meta.title,
                                    salutation=salutation)
    return LetterResult(
        doc_id=letter.doc_id, source=letter.source, sha256=letter.sha256, date=letter.meta.date,
        date_source=letter.meta.date_source, doc_type=letter.meta.doc_type, title=letter.meta.title,
        date_window=letter.meta.date_window, date_evidence=letter.meta.date_evidence,
        passages=passages, entities=nlp_result.entities, page_count=letter.page_count, encoding=letter.encoding,
        removed=letter.removed, claims=claims, mentions=mentions, requests=requests,
        letter_number=letter.meta.letter_number, letter_year=letter.meta.letter_year,
        layout=letter.layout, layout_evidence=letter.layout_evidence, fictional=letter.fictional,
    )


@contextmanager
def time_limit(seconds: float, source: str) -> Iterator[None]:
    """Stop one letter's work after `seconds` (a SIGALRM timer; only in a process's main thread)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise LimitExceededError(f"{source}: analysis took longer than {seconds:g} s and was stopped; "
                                 "raise --max-seconds if this letter is genuine")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)  # repeats: pdfminer swallows some ValueErrors
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Task:
    """One letter to analyse, with its bytes: workers (local or on a Dask cluster) need no shared disk."""

    item: InputFile
    data: bytes
    sha256: str
    fingerprint: str  # the pipeline fingerprint written into the letter's JSON


def process_file(task: Task, options: AnalyzeOptions) -> FileOutcome:
    """The per-file boundary: any failure becomes a `failed` outcome with a readable reason."""
    item = task.item
    engine = get_engine(options.model)  # built before the clock starts: start-up is not the letter's time
    started = time.perf_counter()
    clock: dict[str, float] = {}
    try:
        with time_limit(options.max_seconds, item.source):
            letter = read_letter(item.path, source=item.source, doc_id=item.doc_id, data=task.data, clock=clock)
            result = letter_result(letter, engine, clock)
            with _timed(clock, "serialize"):  # in the worker: the parent only writes the bytes
                document = dumps_json({**result.to_dict(), "pipeline": task.fingerprint}).encode("utf-8")
    except VngError as error:
        return FileOutcome(item.source, item.doc_id, "failed", str(error), time.perf_counter() - started, task.sha256)
    except Exception as error:  # noqa: BLE001 - the per-file boundary: one bad file never stops the run
        if options.debug:
            raise
        log.debug("unexpected error in %s", item.source, exc_info=True)
        message = f"{item.source}: unexpected {type(error).__name__}: {error} (run with --debug for the traceback)"
        return FileOutcome(item.source, item.doc_id, "failed", message, time.perf_counter() - started, task.sha256)
    return FileOutcome(item.source, item.doc_id, "ok", None, time.perf_counter() - started, task.sha256, result,
                       stages={k: round(v, 4) for k, v in sorted(clock.items())},
                       pages=letter.page_count, words=sum(len(p.text.split()) for p in letter.passages),
                       document=document)


def _cached(letters_dir: Path, item: InputFile, sha256: str, fingerprint: str) -> LetterResult | None:
    """The letter's result of an earlier run, if made from the same bytes by the same pipeline."""
    path = letters_dir / f"{item.doc_id}.json"
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None  # absent, or cut short by a killed run: analyse again
    if data.get("sha256") != sha256 or data.get("pipeline") != fingerprint or data.get("source") != item.source:
        return None
    return LetterResult.from_dict(data)


@contextmanager
def _bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while the parent builds many long-lived acyclic objects.

    Loading a thousand cached letters creates millions of objects; each allocation burst triggers
    collections that rescan all of them (about 40 % of the load time). Letter results hold no
    reference cycles, so nothing is left uncollected; the collector is back on afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _TaskRunner:
    """Runs tasks in this process, a process pool, or on Dask; a pool starts before `outcomes()` is
    iterated, so the parent can load the re-used letters while the workers analyse the new ones."""

    def __init__(self, tasks: list[Task], options: AnalyzeOptions, parent_busy: bool) -> None:
        self.tasks = tasks
        self.options = options
        self.pool: ProcessPoolExecutor | None = None
        self.pending: set[Future[FileOutcome]] = set()
        self.queue = iter(tasks)
        workers = min(options.workers, len(tasks))
        # One task left and nothing else to do: a pool would only add start-up. With re-used letters
        # to load, even one task goes to a worker process, so that both cores are busy.
        if options.executor == "dask" or not tasks or (workers <= 1 and not (parent_busy and options.workers > 1)):
            return
        if "fork" in multiprocessing.get_all_start_methods():
            if not parent_busy:
                get_engine(options.model)  # built once here and inherited by every forked worker
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("spawn")
        # gc.enable: workers forked while the parent has the collector paused must still collect.
        self.pool = ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context, initializer=gc.enable)
        for task in self.queue:
            self.pending.add(self.pool.submit(process_file, task, options))
            if len(self.pending) >= 4 * max(1, workers):  # bounded: bytes stay on disk until needed
                break

    def outcomes(self) -> Iterator[FileOutcome]:
        if self.options.executor == "dask" and self.tasks:
            from pipeline.distributed import run_on_dask

            yield from run_on_dask(self.tasks, self.options)
            return
        if self.pool is None:
            for task in self.tasks:
                yield process_file(task, self.options)
            return
        with self.pool:
            while self.pending:
                done, self.pending = wait(self.pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
                    task = next(self.queue, None)
                    if task is not None:
                        self.pending.add(self.pool.submit(process_file, task, self.options))


def _read_index(out_dir: Path) -> dict[str, list[str]]:
    """doc_id -> [sha256, pipeline, source] of the letters the last run wrote (a hint, checked on load)."""
    try:
        data = json.loads((out_dir / INDEX_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def analyze(corpus_dir: Path, out_dir: Path, options: AnalyzeOptions | None = None,
            progress: Callable[[int, int], None] | None = None) -> RunSummary:
    """Analyse every letter under corpus_dir into out_dir; re-use results of unchanged letters."""
    options = options or AnalyzeOptions()
    if not corpus_dir.is_dir():
        raise InputError(f"corpus folder {corpus_dir} does not exist or is not a folder")
    started = _now()
    inputs, outcomes = find_inputs(corpus_dir)
    letters_dir = out_dir / "letters"
    letters_dir.mkdir(parents=True, exist_ok=True)
    for leftover in [*out_dir.glob(".*.tmp"), *letters_dir.glob(".*.tmp")]:
        leftover.unlink()  # temp files of a run that was killed before it could rename them
    fingerprint = pipeline_fingerprint(options.model)
    index = {} if options.force else _read_index(out_dir)
    seen: dict[str, str] = {}
    tasks: list[Task] = []
    reusable: list[tuple[InputFile, str]] = []
    results: dict[str, LetterResult] = {}
    for item in inputs:
        size = item.path.stat().st_size
        if size > options.max_bytes:
            outcomes.append(FileOutcome(item.source, item.doc_id, "failed",
                                        f"{item.source}: {size} bytes is over the limit of {options.max_bytes} bytes; "
                                        "raise --max-bytes if this letter is genuine", 0.0))
            continue
        data = item.path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        if not data.strip():
            outcomes.append(FileOutcome(item.source, item.doc_id, "failed",
                                        f"{item.source}: the file is empty; nothing to analyse", 0.0, sha256))
            continue
        if sha256 in seen:
            outcomes.append(FileOutcome(item.source, item.doc_id, "skipped",
                                        f"{item.source}: duplicate of {seen[sha256]} (same bytes); analysed once", 0.0, sha256))
            continue
        seen[sha256] = item.source
        if index.get(item.doc_id) == [sha256, fingerprint, item.source]:
            reusable.append((item, sha256))
        else:
            tasks.append(Task(item, data, sha256, fingerprint))
    total = len(outcomes) + len(tasks) + len(reusable)
    runner = _TaskRunner(tasks, options, parent_busy=bool(reusable))
    # While the workers analyse the new letters, load the unchanged ones. The index is only a hint:
    # a letter file that does not hold what it promised is analysed again.
    late: list[Task] = []
    with _bulk_allocation():
        for item, sha256 in reusable:
            cached = _cached(letters_dir, item, sha256, fingerprint)
            if cached is None:
                late.append(Task(item, item.path.read_bytes(), sha256, fingerprint))
                continue
            results[item.doc_id] = cached
            outcomes.append(FileOutcome(item.source, item.doc_id, "ok", None, 0.0, sha256, cached, cached=True))
    done = len(outcomes)
    if progress:
        progress(done, total)
    first_letter: float | None = None
    for outcome in itertools.chain(runner.outcomes(), _TaskRunner(late, options, parent_busy=False).outcomes()):
        if first_letter is None:
            first_letter = time.perf_counter() - STARTED
        if outcome.status == "ok" and outcome.result is not None and outcome.document is not None:
            write_bytes_atomic(letters_dir / f"{outcome.doc_id}.json", outcome.document)
            results[outcome.doc_id] = outcome.result
            outcome = replace(outcome, document=None)  # written: not kept for the rest of the run
        outcomes.append(outcome)
        done += 1
        if progress:
            progress(done, total)
    _drop_stale_letters(letters_dir, set(results))
    with _bulk_allocation():
        return _write_outputs(corpus_dir, out_dir, fingerprint, results, outcomes, started, first_letter)


def _write_outputs(corpus_dir: Path, out_dir: Path, fingerprint: str, results: dict[str, LetterResult],
                   outcomes: list[FileOutcome], started: str, first_letter: float | None) -> RunSummary:
    """Corpus-level outputs, the index, the manifest and the report, from the letters in memory."""
    write_corpus_outputs(list(results.values()), out_dir)
    write_json_atomic(out_dir / INDEX_NAME, {doc_id: [r.sha256, fingerprint, r.source]
                                              for doc_id, r in sorted(results.items())})
    outcomes.sort(key=lambda o: o.source)
    summary = RunSummary(tuple(outcomes), started, _now(), out_dir)
    write_json_atomic(out_dir / "manifest.json", {
        "version": __version__,
        "pipeline": fingerprint,
        "started": summary.started,
        "finished": summary.finished,
        "corpus": str(corpus_dir),
        "files": [o.manifest_entry() for o in summary.outcomes],
        "counts": {status: summary.count(status) for status in ("ok", "failed", "skipped")},
        "cached": sum(1 for o in summary.outcomes if o.cached),
        "first_letter_seconds": round(first_letter, 3) if first_letter is not None else None,
        "seconds": round(time.perf_counter() - STARTED, 3),
    })
    # After the manifest (the report lists failed files too), from the letters already in memory.
    build_report(out_dir, letters=[letter_view(results[doc_id]) for doc_id in sorted(results)])
    return summary


def _drop_stale_letters(letters_dir: Path, keep: set[str]) -> None:
    """Letters of an earlier run whose input is gone (or failed now) must not linger."""
    for path in letters_dir.glob("*.json"):
        if path.stem not in keep:
            path.unlink()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_workers() -> int:
    return os.cpu_count() or 1
