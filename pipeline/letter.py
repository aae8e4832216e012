"""The per-letter function: one file's bytes in, one LetterResult (or a readable failure) out.

Stages 1-2 (`read_letter`: extract, clean, segment, metadata) and 3-5 (`letter_result`: entities,
classification, concepts, claims, requests), the per-process engine, the time limit and the per-file
boundary (`process_file`, the only broad `except` of the project). The executors run `process_file`;
the composer (`analyze.py`) plans the run and writes the outputs.
"""
from __future__ import annotations

import hashlib
import logging
import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.language import Language

from pipeline.classify import InferenceModels, classify_passages, ensure_inference_models
from pipeline.classify.decisions import Predictions
from pipeline.discovery import safe_doc_id
from pipeline.entities import run_nlp
from pipeline.errors import EmptyContentError, InputError, LimitExceededError, UnreadableFileError, VngError
from pipeline.export import dumps_json
from pipeline.extract import clean_document, read_document, read_metadata
from pipeline.extract.marker import is_marked_fictional
from pipeline.nlp import build_nlp
from pipeline.regex_cache import save_patterns
from pipeline.relations import extract_claims, mentions_in
from pipeline.requests import extract_requests
from pipeline.segment import segment
from pipeline.stance.statements import letter_statements
from pipeline.tasks import AnalyzeOptions, FileOutcome, Task
from pipeline.types import CleanDocument, Entity, Letter, LetterResult, RawDocument, Segmentation

__all__ = ["Engine", "get_engine", "letter_result", "no_content_message", "process_file", "read_letter", "time_limit"]

log = logging.getLogger("vng")


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


@cache
def get_engine(model: str | None = None) -> Engine:
    """The engine of this process (built on first use; each worker builds its own once)."""
    # Models built by another package version or data are retrained in memory (with a warning), so
    # that `make analyze` works on any machine; `make train` refreshes models/ for good.
    engine = Engine(nlp=build_nlp(model), models=ensure_inference_models(on_stale="retrain"))
    save_patterns()  # the patterns compiled for the first time, for the next process (pipeline.regex_cache)
    return engine


def letter_result(letter: Letter, engine: Engine, clock: dict[str, float] | None = None,
                  predictions: Predictions | None = None) -> LetterResult:
    """Stages 3-5 for one letter: entities and sentences, classification, concepts, claims, requests.
    `predictions`: the classifiers' outputs for the letter's passages, made ahead (`pipeline.worker`)."""
    clock = clock if clock is not None else {}
    with _timed(clock, "entities"):
        nlp_result = run_nlp(engine.nlp, letter.passages, letter.meta.date, letter.meta.date_window)
    passages = tuple(replace(p, sentences=nlp_result.sentences.get(p.id, ())) for p in letter.passages)
    by_passage: dict[str, list[Entity]] = defaultdict(list)
    for entity in nlp_result.entities:
        by_passage[entity.passage_id].append(entity)
    with _timed(clock, "classify"):
        passages = classify_passages(passages, engine.models, by_passage, predictions=predictions)
    salutation = next((b.text for b in letter.non_content if b.kind == "salutation"), None)
    with _timed(clock, "relations"):
        claims = extract_claims(letter.doc_id, passages, nlp_result.sentences, nlp=engine.nlp)
        mentions = mentions_in(passages)
        requests = extract_requests(letter.doc_id, letter.meta.doc_type, passages, title=letter.meta.title,
                                    salutation=salutation)
    with _timed(clock, "stance"):
        statements = letter_statements(letter.doc_id, letter.meta.date, passages)
    return LetterResult(
        doc_id=letter.doc_id, source=letter.source, sha256=letter.sha256, date=letter.meta.date,
        date_source=letter.meta.date_source, doc_type=letter.meta.doc_type, title=letter.meta.title,
        date_window=letter.meta.date_window, date_evidence=letter.meta.date_evidence,
        passages=passages, entities=nlp_result.entities, page_count=letter.page_count, encoding=letter.encoding,
        removed=letter.removed, claims=claims, mentions=mentions, requests=requests,
        letter_number=letter.meta.letter_number, letter_year=letter.meta.letter_year,
        layout=letter.layout, layout_evidence=letter.layout_evidence, fictional=letter.fictional,
        statements=statements,
    )


@contextmanager
def time_limit(seconds: float, source: str) -> Iterator[None]:
    """Stop one letter's work after `seconds` (a SIGALRM timer; only in a process's main thread).

    The timer raises inside the work, but pdfminer swallows exceptions in places (`except Exception` in
    its parser), so a letter whose alarms were all swallowed still fails when the work returns.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    message = (f"{source}: analysis took longer than {seconds:g} s and was stopped; "
               "raise --max-seconds if this letter is genuine")
    expired = False

    def expire(signum: int, frame: object) -> None:
        nonlocal expired
        expired = True
        raise LimitExceededError(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)  # repeats, for the alarms that are swallowed
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:
        raise LimitExceededError(message)


def _read_input(task: Task) -> bytes:
    """The letter's bytes: carried by the task (the default), or read from its path or fsspec URL."""
    if task.data is not None:
        return task.data
    where = task.url or str(task.item.path)
    try:
        if "://" not in where or where.startswith("file://"):
            return Path(where.removeprefix("file://")).read_bytes()
        import fsspec  # noqa: PLC0415 - optional: only for inputs by URL (--inputs-base)

        with fsspec.open(where, "rb") as stream:
            return stream.read()
    except (OSError, ImportError) as error:
        raise UnreadableFileError(f"{task.item.source}: the worker cannot read {where} ({error}); "
                                  "--inputs-by-path needs storage the workers share") from error


def process_file(task: Task, options: AnalyzeOptions) -> FileOutcome:
    """The per-file boundary: any failure becomes a `failed` outcome with a readable reason."""
    item = task.item
    engine = get_engine(options.model)  # built before the clock starts: start-up is not the letter's time
    # Stages 1-2 may have been done ahead (the first letters, while the engine was built): their time counts.
    started = time.perf_counter() - (task.read.seconds if task.read is not None else 0.0)
    clock: dict[str, float] = dict(task.read.clock) if task.read is not None else {}
    try:
        with time_limit(options.max_seconds, item.source):
            predictions = None
            if task.read is not None:
                letter, predictions = task.read.letter, task.read.predictions
            else:
                data = _read_input(task)
                if task.data is None and hashlib.sha256(data).hexdigest() != task.sha256:
                    raise InputError(f"{item.source}: the file the worker read ({task.url}) is not the one scanned "
                                     "(its bytes differ); it changed meanwhile, or --inputs-base points elsewhere")
                letter = read_letter(item.path, source=item.source, doc_id=item.doc_id, data=data, clock=clock)
            result = letter_result(letter, engine, clock, predictions=predictions)
            with _timed(clock, "serialize"):  # in the worker: the parent only writes the bytes
                document = dumps_json({**result.to_dict(), "pipeline": task.fingerprint}).encode("utf-8")
        save_patterns()  # those the letter's stages compiled for the first time (nothing after the first letters)
    except VngError as error:
        return FileOutcome(item.source, item.doc_id, "failed", str(error), time.perf_counter() - started, task.sha256)
    except Exception as error:  # the per-file boundary: one bad file never stops the run (re-raised with --debug)
        if options.debug:
            raise
        log.debug("unexpected error in %s", item.source, exc_info=True)
        message = f"{item.source}: unexpected {type(error).__name__}: {error} (run with --debug for the traceback)"
        return FileOutcome(item.source, item.doc_id, "failed", message, time.perf_counter() - started, task.sha256)
    return FileOutcome(item.source, item.doc_id, "ok", None, time.perf_counter() - started, result.sha256, result,
                       stages={k: round(v, 4) for k, v in sorted(clock.items())},
                       pages=letter.page_count, words=sum(len(p.text.split()) for p in letter.passages),
                       document=document)
