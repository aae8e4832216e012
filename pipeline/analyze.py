"""The one composer: plan a run, hand the letters to an executor, write letters/*.json and the manifest.

The per-letter function (extract -> clean -> segment -> metadata -> entities -> classify -> claims,
and the per-file boundary where a failing file becomes a readable reason) is `pipeline.letter`;
input discovery is `pipeline.discovery`; the serial, pool and Dask executors are `pipeline.executors`.
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from pipeline import STARTED, __version__, dataclass_code
from pipeline.collection import INDEX_NAME, MANIFEST_NAME, Collection, Member, locked, prepare_out
from pipeline.corpus import write_corpus_outputs
from pipeline.discovery import check_corpus, find_inputs, safe_doc_id
from pipeline.errors import InputError
from pipeline.executors import make_executor
from pipeline.export import write_bytes_atomic, write_json_atomic
from pipeline.fingerprint import pipeline_fingerprint, spacy_pipeline_name
from pipeline.interrupts import Interrupted, Interrupts
from pipeline.letter import get_engine
from pipeline.report import REPORT_NAME, build_report, letter_view
from pipeline.table_rows import write_rows
from pipeline.tasks import DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS, AnalyzeOptions, FileOutcome, InputFile, Task
from pipeline.types import LetterResult
from pipeline.worker import classify_ahead, read_ahead, run_task

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_SECONDS", "INDEX_NAME", "AnalyzeOptions", "FileOutcome", "InputFile",
           "Interrupted", "RunSummary", "Task", "analyze", "find_inputs", "remove_letters", "safe_doc_id"]

log = logging.getLogger("vng")
# The manifest's `startup_seconds`: seconds from process start to the end of each start-up phase. run: the
# composer began (imports and the CLI before it); fingerprint: the pipeline's fingerprint made; planned:
# every file listed and hashed; engine: this process's engine built for the workers to inherit (None when
# it built none before dispatching: the workers or the first letter build it); dispatched: the executor
# started (workers forked, the first letters handed over); first_letter: the first letter's outcome in.
# `startup_cpu_seconds`: this process's CPU seconds (not its helper's or workers') at the same points, so
# that a slow start-up tells work from waiting (a busy machine, a cold disk).
STARTUP_PHASES = ("run", "fingerprint", "planned", "engine", "dispatched", "first_letter")


class _Phases:
    """When each start-up phase ended: wall seconds from process start, and this process's CPU seconds."""

    def __init__(self) -> None:
        self.marks: dict[str, tuple[float, float]] = {}

    def mark(self, name: str, *, at: tuple[float, float] | None = None) -> None:
        """The phase ended now, or at `at` (wall seconds from process start, CPU seconds)."""
        if name not in self.marks:  # the first time counts
            self.marks[name] = at if at is not None else (time.perf_counter() - STARTED, time.process_time())

    def manifest_fields(self) -> dict[str, dict[str, float | None]]:
        def column(index: int) -> dict[str, float | None]:
            return {k: round(self.marks[k][index], 3) if k in self.marks else None for k in STARTUP_PHASES}
        return {"startup_seconds": column(0), "startup_cpu_seconds": column(1)}


@dataclass(frozen=True)
class RunSummary:
    outcomes: tuple[FileOutcome, ...]  # the files of the corpus analysed in this run (and letters kept from it)
    started: str
    finished: str
    out_dir: Path
    letters: int = 0  # letters in the whole collection after the run
    other_letters: int = 0  # of those, from other corpus folders
    notes: tuple[str, ...] = ()  # what the user should know: letters kept although gone, pruned, ...

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "failed")

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def report(self) -> Path:
        return self.out_dir / REPORT_NAME


def _cached(letters_dir: Path, doc_id: str, source: str, sha256: str | None, fingerprint: str | None,
            *, for_corpus: bool = False) -> LetterResult | None:
    """The letter's result of an earlier run, if made from the same bytes by the same pipeline (None: any).
    for_corpus: without what only the letter's table rows need (pipeline.table_rows.for_corpus)."""
    path = letters_dir / f"{doc_id}.json"
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None  # absent, or cut short by a killed run: analyse again
    if not isinstance(data, dict) or data.get("source") != source or data.get("doc_id") != doc_id:
        return None
    if (sha256 is not None and data.get("sha256") != sha256) or (fingerprint is not None and data.get("pipeline") != fingerprint):
        return None
    if for_corpus:
        for passage in data.get("passages") or ():
            if isinstance(passage, dict):
                passage.pop("theme_scores", None)
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


@dataclass
class _Plan:
    """What a run will do with each file of the corpus and each letter of the collection."""

    outcomes: list[FileOutcome] = field(default_factory=list)  # decided without analysis (skipped, too big, ...)
    new: list[tuple[InputFile, str, str]] = field(default_factory=list)  # (item, sha256, corpus): to analyse
    reusable: list[tuple[InputFile, str, str]] = field(default_factory=list)  # same bytes and pipeline: load
    kept: list[Member] = field(default_factory=list)  # other folders' letters, and ours whose file is gone
    stale_here: set[str] = field(default_factory=set)  # doc_ids of this folder's letters that must be redone


def _plan(corpus_dir: Path, corpus: str, collection: Collection, fingerprint: str, options: AnalyzeOptions,
          letters_dir: Path) -> tuple[_Plan, list[Member]]:
    plan = _Plan()
    here = {m.source: m for m in collection.members.values() if m.corpus == corpus}
    others = sorted((m for m in collection.members.values() if m.corpus != corpus), key=lambda m: m.doc_id)
    inputs, skipped = find_inputs(corpus_dir, assigned={s: m.doc_id for s, m in here.items()},
                                  taken=[m.doc_id for m in others])
    plan.outcomes = [FileOutcome(s.source, s.doc_id, "skipped", s.reason, 0.0, corpus=corpus) for s in skipped]
    present = {item.source for item in inputs}
    gone = [m for s, m in sorted(here.items()) if s not in present]
    # Same bytes as a letter the collection already holds: analysed once (the letter held wins).
    seen: dict[str, str] = {m.sha256: f"{m.source} in {m.corpus}" for m in others}
    if not options.prune:
        seen.update({m.sha256: f"{m.source} (no longer in the folder, kept)" for m in gone})
    for other in others:
        # A letter of another folder made by another pipeline is refreshed when its file is unchanged.
        if other.pipeline != fingerprint and _unchanged(other):
            plan.new.append((InputFile(other.path, other.source, other.doc_id), other.sha256, other.corpus))
        else:
            plan.kept.append(other)
    if not options.prune:
        plan.kept.extend(gone)

    def fail(item: InputFile, message: str, sha256: str | None = None) -> None:
        plan.outcomes.append(FileOutcome(item.source, item.doc_id, "failed", message, 0.0, sha256, corpus=corpus))

    for item in inputs:
        try:
            size = item.path.stat().st_size
            data = item.path.read_bytes() if size <= options.max_bytes else b""
        except OSError as error:
            fail(item, f"{item.source}: cannot be read ({error.strerror or error}); check its permissions")
            continue
        if size > options.max_bytes:
            fail(item, f"{item.source}: {size} bytes is over the limit of {options.max_bytes} bytes; "
                       "raise --max-bytes if this letter is genuine")
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        if not data.strip():
            fail(item, f"{item.source}: the file is empty; nothing to analyse", sha256)
            continue
        if sha256 in seen:
            plan.outcomes.append(FileOutcome(item.source, item.doc_id, "skipped",
                                             f"{item.source}: duplicate of {seen[sha256]} (same bytes); analysed once",
                                             0.0, sha256, corpus=corpus))
            continue
        seen[sha256] = item.source
        member = here.get(item.source)
        if options.force:
            plan.new.append((item, sha256, corpus))
        elif member is not None and member.sha256 == sha256 and member.pipeline == fingerprint:
            plan.reusable.append((item, sha256, corpus))
        elif member is None and (letters_dir / f"{item.doc_id}.json").exists():
            plan.reusable.append((item, sha256, corpus))  # written by a run killed before its index line
        else:
            plan.new.append((item, sha256, corpus))
    # This folder's letters that do not end `ok` again are dropped at the end (their file changed).
    plan.stale_here = {m.doc_id for m in here.values() if m.source in present}
    return plan, (gone if options.prune else [])


def _unchanged(member: Member) -> bool:
    try:
        return hashlib.sha256(member.path.read_bytes()).hexdigest() == member.sha256
    except OSError:
        return False


def analyze(corpus_dir: Path, out_dir: Path, options: AnalyzeOptions | None = None,
            progress: Callable[[int, int], None] | None = None) -> RunSummary:
    """Add the letters under corpus_dir to the collection in out_dir and rebuild its corpus outputs.

    Letters whose bytes and pipeline are unchanged are re-used; letters from other folders stay.
    Ctrl-C and SIGTERM raise `Interrupted` (every finished letter is kept and re-used next time).
    """
    options = options or AnalyzeOptions()
    check_corpus(corpus_dir)
    with locked(out_dir):
        prepare_out(out_dir)
        interrupts = Interrupts()
        with interrupts.installed():
            return _run(corpus_dir, out_dir, options, progress, interrupts)


def _run(  # noqa: C901 - one run's steps in order; split, the shared state would travel through many arguments
        corpus_dir: Path, out_dir: Path, options: AnalyzeOptions, progress: Callable[[int, int], None] | None,
        interrupts: Interrupts) -> RunSummary:
    started = _now()
    # Start-up phases, seconds from process start (the manifest's `startup_seconds`): where the time
    # before the first letter went.
    phases = _Phases()
    phases.mark("run")
    corpus = str(corpus_dir.resolve())
    letters_dir = out_dir / "letters"
    fingerprint = pipeline_fingerprint(options.model)
    dataclass_code.save()  # the dataclass methods first compiled by this process's imports, for the next one
    phases.mark("fingerprint")
    collection = Collection.load(out_dir)
    plan, pruned = _plan(corpus_dir, corpus, collection, fingerprint, options, letters_dir)
    phases.mark("planned")
    notes: list[str] = []
    outcomes = list(plan.outcomes)
    refreshed: list[FileOutcome] = []
    results: dict[str, LetterResult] = {}
    total = len(outcomes) + len(plan.new) + len(plan.reusable)
    done = 0
    first_letter: float | None = None  # process start to the first letter done
    first_started: float | None = None  # ... to when that letter's own work began: start-up alone
    first_cpu: tuple[float, float] | None = None  # CPU of the process that analysed it, when its work began and ended

    def tasks(work: list[tuple[InputFile, str, str]]) -> Iterator[Task]:
        for item, sha256, _ in work:  # made when an executor asks: bytes stay on disk until needed
            if options.inputs_by_path:
                # fsspec URLs are not percent-encoded: "s3://bucket/brieven/a b.pdf" names that key.
                url = (f"{options.inputs_base.rstrip('/')}/{item.source}" if options.inputs_base
                       else str(item.path.resolve()))
                yield Task(item, sha256, fingerprint, url=url)
                continue
            try:
                yield Task(item, sha256, fingerprint, data=item.path.read_bytes())
            except OSError:
                yield Task(item, sha256, fingerprint, url=str(item.path))  # the worker reports why it fails

    corpus_of = {item.doc_id: c for item, _, c in [*plan.new, *plan.reusable]}
    fn = partial(run_task, options=options)
    streams: list[Iterator[FileOutcome]] = []
    executors: list[Any] = []
    try:
        with collection.journal():
            with interrupts.deferred():
                collection.drop(m.doc_id for m in pruned)
            if pruned:
                notes.append(f"{len(pruned)} letter(s) no longer in {corpus_dir} were dropped (--prune)")
            workers = min(options.workers, len(plan.new))
            busy = bool(plan.reusable or plan.kept)
            # One new letter in a big collection: a worker analyses it while this process loads the rest.
            executor = make_executor(fn, tasks(plan.new), executor=options.executor, workers=workers,
                                     scheduler=options.scheduler,
                                     few_tasks=options.workers <= 1 or (len(plan.new) <= 1 and not busy),
                                     prepare=None if busy else partial(_prepare_engine, options.model, phases),
                                     release=get_engine.cache_clear, read_ahead=(read_ahead, classify_ahead))
            executors.append(executor)
            phases.mark("dispatched")
            # While the workers analyse the new letters, load the unchanged ones. A letter file that
            # does not hold what the index promised is analysed again.
            late: list[tuple[InputFile, str, str]] = []
            with _bulk_allocation():
                for item, sha256, c in plan.reusable:
                    cached = _cached(letters_dir, item.doc_id, item.source, sha256, fingerprint, for_corpus=True)
                    if cached is None:
                        late.append((item, sha256, c))
                        continue
                    with interrupts.deferred():
                        collection.add(Member(item.doc_id, c, item.source, sha256, fingerprint))
                    results[item.doc_id] = cached
                    outcomes.append(FileOutcome(item.source, item.doc_id, "ok", None, 0.0, sha256, cached,
                                                cached=True, corpus=c))
                kept_missing = 0
                for member in plan.kept:
                    cached = _cached(letters_dir, member.doc_id, member.source, member.sha256, None, for_corpus=True)
                    if cached is None:
                        notes.append(f"letters/{member.doc_id}.json is missing or damaged; analyse "
                                     f"{member.corpus} again to restore it")
                        continue
                    results[member.doc_id] = cached
                    if member.corpus == corpus:
                        kept_missing += 1
                        outcomes.append(FileOutcome(member.source, member.doc_id, "ok", None, 0.0, member.sha256,
                                                    cached, cached=True, corpus=corpus, source_missing=True))
            if kept_missing:
                names = [m.source for m in plan.kept if m.corpus == corpus][:5]
                notes.append(f"{kept_missing} letter(s) no longer in {corpus_dir}: kept; use --prune to drop them "
                             f"({', '.join(names)}{', ...' if kept_missing > len(names) else ''})")
            done = len(outcomes)
            if progress:
                progress(done, total)
            streams.append(executor.outcomes())
            if late:
                # Rare (a letter file that does not hold what the index promised): redone here.
                streams.append(make_executor(fn, tasks(late), executor="local", workers=1, scheduler=None,
                                             few_tasks=True).outcomes())
            for stream in streams:
                for outcome in stream:
                    if first_letter is None:
                        first_letter = time.perf_counter() - STARTED
                        phases.mark("first_letter", at=(first_letter, time.process_time()))
                        # outcome.seconds is the letter's own time, from when its process had the engine
                        first_started = max(0.0, first_letter - outcome.seconds)
                        first_cpu = outcome.process_cpu
                    c = corpus_of[outcome.doc_id]
                    with interrupts.deferred():  # the letter file and its index line go together
                        if outcome.status == "ok" and outcome.result is not None and outcome.document is not None:
                            write_bytes_atomic(letters_dir / f"{outcome.doc_id}.json", outcome.document)
                            collection.add(Member(outcome.doc_id, c, outcome.source, outcome.result.sha256, fingerprint))
                            if outcome.rows is not None:
                                write_rows(out_dir, outcome.doc_id, outcome.rows)
                            results[outcome.doc_id] = outcome.result
                            outcome = replace(outcome, document=None, rows=None)  # written: not kept for the rest of the run
                        if c == corpus:
                            outcomes.append(replace(outcome, corpus=c))
                        else:  # a letter of another folder, refreshed for a new pipeline
                            refreshed.append(replace(outcome, corpus=c, result=None))
                            if outcome.status != "ok":  # keep what it was: never lose a letter to a refresh
                                old = _cached(letters_dir, outcome.doc_id, outcome.source, None, None, for_corpus=True)
                                if old is not None:
                                    results[outcome.doc_id] = old
                        done += 1
                    if progress:
                        progress(done, total)
            with interrupts.deferred():
                # This folder's letters whose file changed and did not come out `ok` again: not kept.
                dropped = collection.drop(plan.stale_here - set(results))
            if dropped:
                notes.append(f"{len(dropped)} letter(s) whose file changed and now failed or is a duplicate were "
                             f"taken out: {', '.join(dropped[:5])}{' ...' if len(dropped) > 5 else ''}")
    except Interrupted as stop:
        raise Interrupted(stop.signum, done, total) from None
    finally:
        for stream in streams:
            close = getattr(stream, "close", None)
            if close is not None:
                close()  # stops the workers of an interrupted run
        for executor in executors:
            executor.close()  # also when the run stopped before it asked for any outcome
    fresh = {o.doc_id for o in refreshed}
    carried = [e for e in _carried(collection, corpus, results) if e.get("doc_id") not in fresh or e.get("status") != "ok"]
    carried += [o.manifest_entry() for o in refreshed]
    try:
        with _bulk_allocation():
            summary = _write_outputs(collection, corpus, fingerprint, results, outcomes, carried, started,
                                     (first_letter, first_started, first_cpu), notes, phases,
                                     spacy_pipeline=spacy_pipeline_name(options.model))
    except Interrupted as stop:
        raise Interrupted(stop.signum, done, total) from None
    return summary


def _whole(letters_dir: Path, result: LetterResult) -> LetterResult:
    """The whole result of a letter held without its theme scores (for its table rows), from its file."""
    return _cached(letters_dir, result.doc_id, result.source, result.sha256, None) or result


def _carried(collection: Collection, corpus: str, results: dict[str, LetterResult]) -> list[dict[str, Any]]:
    """Manifest entries of the other folders: their letters (re-used) and their files that failed or were skipped."""
    entries = []
    members = {m.doc_id for m in collection.members.values() if m.corpus != corpus and m.doc_id in results}
    for entry in collection.previous_entries(exclude_corpus=corpus):
        if entry.get("status") == "ok" and entry.get("doc_id") not in members:
            continue  # removed, or refreshed now (then listed from this run)
        if entry.get("status") == "ok":
            members.discard(str(entry["doc_id"]))
            entry = {**entry, "cached": True, "seconds": 0.0, "stages": {}}
        entries.append(entry)
    for doc_id in sorted(members):  # letters the last manifest does not list (an interrupted run made them)
        member = collection.members[doc_id]
        entries.append(FileOutcome(member.source, doc_id, "ok", None, 0.0, member.sha256, cached=True,
                                   corpus=member.corpus).manifest_entry())
    return entries


def _write_outputs(collection: Collection, corpus: str, fingerprint: str, results: dict[str, LetterResult],
                   outcomes: list[FileOutcome], carried: list[dict[str, Any]], started: str,
                   first_letter: tuple[float | None, float | None, tuple[float, float] | None], notes: list[str],
                   phases: _Phases, spacy_pipeline: str) -> RunSummary:
    """Corpus-level outputs over the whole collection, the index, the manifest and the report.
    first_letter: seconds from process start to the first letter done, and to when it began, and the CPU
    seconds of the process that analysed it at those two points; phases: when each start-up phase ended."""
    out_dir = collection.out_dir
    write_corpus_outputs(list(results.values()), out_dir, collection.pipelines(), full=partial(_whole, out_dir / "letters"))
    collection.save()
    outcomes.sort(key=lambda o: o.source)
    files = sorted([*carried, *(o.manifest_entry() for o in outcomes)],
                   key=lambda f: (str(f.get("corpus") or ""), str(f.get("source"))))
    counts = {status: sum(1 for f in files if f.get("status") == status) for status in ("ok", "failed", "skipped")}
    # The results are not needed after the manifest entries: the summary keeps the outcomes without them.
    outcomes[:] = [replace(o, result=None) if o.result is not None else o for o in outcomes]
    summary = RunSummary(tuple(outcomes), started, _now(), out_dir, letters=len(results),
                         other_letters=sum(1 for m in collection.members.values() if m.corpus != corpus), notes=tuple(notes))
    write_json_atomic(out_dir / MANIFEST_NAME, {
        "version": __version__,
        "pipeline": fingerprint,
        "spacy_pipeline": spacy_pipeline,  # the Dutch spaCy model build_nlp loads (part of the fingerprint)
        "started": summary.started,
        "finished": summary.finished,
        "corpus": corpus,  # the folder analysed by this run
        "corpora": sorted({corpus, *collection.corpora}),
        "files": files,
        "counts": counts,
        "cached": sum(1 for f in files if f.get("cached")),
        "first_letter_seconds": round(first_letter[0], 3) if first_letter[0] is not None else None,
        "first_letter_started_seconds": round(first_letter[1], 3) if first_letter[1] is not None else None,
        # CPU seconds of the process that analysed the first letter (a forked worker counts from its fork,
        # so `began` is its own start-up) when the letter's work began and ended: `ended - began` far
        # below the letter's wall time means it waited for a core
        "first_letter_cpu_seconds": ({"began": round(first_letter[2][0], 3), "ended": round(first_letter[2][1], 3)}
                                     if first_letter[2] is not None else None),
        **phases.manifest_fields(),
        "seconds": round(time.perf_counter() - STARTED, 3),
    })
    # After the manifest (the report lists failed files too), from the letters already in memory; the
    # results themselves are let go first (the caller's dict, the one reference left): the report reads
    # positions.json and graph.json whole, and the parent's peak came from holding both.
    letters = [letter_view(results[doc_id]) for doc_id in sorted(results)]
    results.clear()
    build_report(out_dir, letters=letters)
    return summary


def load_collection_results(out_dir: Path) -> tuple[Collection, dict[str, LetterResult]]:
    """The letters an OUT holds, from their files (for `vng remove`, `vng list`)."""
    collection = Collection.load(out_dir)
    results: dict[str, LetterResult] = {}
    with _bulk_allocation():
        for doc_id, member in sorted(collection.members.items()):
            cached = _cached(out_dir / "letters", doc_id, member.source, member.sha256, None)
            if cached is not None:
                results[doc_id] = cached
    return collection, results


def remove_letters(out_dir: Path, doc_ids: list[str]) -> RunSummary:
    """Take the named letters out of the collection in out_dir and rebuild its corpus outputs.

    Only those letters' files are deleted; an unknown doc_id changes nothing and raises InputError."""
    if not (out_dir / MANIFEST_NAME).is_file() and not (out_dir / INDEX_NAME).is_file():
        raise InputError(f"{out_dir} holds no analysis; run `vng analyze CORPUS --out {out_dir}` first")
    with locked(out_dir):
        return _remove(out_dir, doc_ids)


def _remove(out_dir: Path, doc_ids: list[str]) -> RunSummary:
    prepare_out(out_dir)
    collection, results = load_collection_results(out_dir)
    unknown = sorted(set(doc_ids) - set(collection.members))
    if unknown:
        raise InputError(f"no letter {', '.join(unknown)} in {out_dir}; `vng list {out_dir}` shows the doc_ids")
    started = _now()
    with collection.journal():
        collection.drop(doc_ids)
    for doc_id in doc_ids:
        results.pop(doc_id, None)
    manifest = collection.manifest
    files = [f for f in manifest.get("files", []) if not (f.get("status") == "ok" and f.get("doc_id") in set(doc_ids))]
    write_corpus_outputs(list(results.values()), out_dir, collection.pipelines())
    collection.save()
    write_json_atomic(out_dir / MANIFEST_NAME, {
        **manifest, "files": files, "started": started, "finished": _now(),
        "counts": {status: sum(1 for f in files if f.get("status") == status) for status in ("ok", "failed", "skipped")},
        "cached": sum(1 for f in files if f.get("cached")),
        "removed": sorted(set(doc_ids)),
    })
    build_report(out_dir, letters=[letter_view(results[doc_id]) for doc_id in sorted(results)])
    return RunSummary((), started, _now(), out_dir, letters=len(results))


def _prepare_engine(model: str | None, phases: _Phases) -> None:
    """The engine forked workers inherit."""
    get_engine(model)
    phases.mark("engine")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_workers() -> int:
    return os.cpu_count() or 1
