"""What the composer hands to an executor and gets back: options, one task per letter, its outcome.

Plain data, imported by the composer (`analyze.py`) and by every executor (`executors.py`,
`distributed.py`), so that no executor needs the composer: it is given the per-letter function.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.types import Letter, LetterResult

if TYPE_CHECKING:  # numpy arrays: the composer and the executors need not import the classifiers
    from pipeline.classify.decisions import Predictions

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
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
    prune: bool = False  # drop letters whose source file is gone from the folder analysed again
    inputs_by_path: bool = False  # tasks carry a path or URL instead of the bytes (workers share storage)
    inputs_base: str | None = None  # with inputs_by_path: an fsspec URL the workers read `source` under


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str  # path relative to the corpus folder, with forward slashes
    doc_id: str


@dataclass(frozen=True)
class ReadLetter:
    """A letter's stages 1-2 (extract, clean, segment, metadata), done ahead of its other stages: the first
    letters are read while the engine is built (`pipeline.executors`)."""

    letter: Letter
    clock: dict[str, float]  # CPU seconds of those stages, as `pipeline.letter.read_letter` counts them
    seconds: float  # their wall time
    # The passage classifiers' outputs for the letter's passages (`pipeline.classify.predict_letter`: they read
    # only the passages' text, so they need no spaCy), when the reader had the time; counted in clock["classify"]
    predictions: Predictions | None = None


@dataclass(frozen=True)
class Task:
    """One letter to analyse: its bytes (the default: workers need no shared disk) or where to read them."""

    item: InputFile
    sha256: str
    fingerprint: str  # the pipeline fingerprint written into the letter's JSON
    data: bytes | None = field(default=None, repr=False)
    url: str | None = None  # a local path or an fsspec URL (file://, s3://, ...) when data is None
    read: ReadLetter | None = field(default=None, repr=False)  # stages 1-2 already done (from `data`)


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
    rows: bytes | None = field(default=None, compare=False, repr=False)  # its .vng-rows file, made by the worker
    corpus: str | None = None  # the corpus folder (absolute) the source is relative to
    source_missing: bool = False  # kept from an earlier run although the file is gone (no --prune)
    # CPU seconds of the process that analysed the letter when its work began and when it ended (a forked
    # worker counts from its fork): start-up figures of the manifest, not part of the letter's entry
    process_cpu: tuple[float, float] | None = field(default=None, compare=False)

    def manifest_entry(self) -> dict[str, object]:
        entry: dict[str, object] = {
            "source": self.source, "doc_id": self.doc_id, "status": self.status, "error": self.error,
            "seconds": round(self.seconds, 3), "sha256": self.sha256, "cached": self.cached,
            "stages": self.stages, "pages": self.pages, "words": self.words, "corpus": self.corpus}
        result = self.result
        entry.update({
            "passages": len(result.passages) if result else None,
            "removed_lines": len(result.removed) if result else None,
            "layout": result.layout if result else None,
            "date": result.date if result else None, "date_source": result.date_source if result else None,
            "date_window": list(result.date_window) if result and result.date_window else None,
            "date_evidence": [c.to_dict() for c in result.date_evidence if c.used] if result else []})
        if self.source_missing:
            entry["source_missing"] = True
        return entry


def failed(task: Task, message: str, seconds: float = 0.0) -> FileOutcome:
    return FileOutcome(task.item.source, task.item.doc_id, "failed", message, seconds, task.sha256)
