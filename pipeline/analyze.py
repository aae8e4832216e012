"""The one composer: find letters, run the per-letter stages, write letters/*.json and the manifest.

Per file: read bytes -> extract (pdf/text) -> clean -> segment -> metadata -> entities -> result.
A file that fails is recorded in the manifest with a readable reason and the run goes on; this
module holds the only broad `except` of the project, at that per-file boundary.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline import __version__
from pipeline.errors import InputError, LimitExceededError, VngError
from pipeline.export import write_json_atomic
from pipeline.extract import SUPPORTED_SUFFIXES, clean_document, read_document, read_metadata
from pipeline.segment import segment
from pipeline.types import Letter, LetterResult

log = logging.getLogger("vng")

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class AnalyzeOptions:
    allow_failures: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    debug: bool = False  # re-raise unexpected errors instead of recording them


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

    def manifest_entry(self) -> dict[str, object]:
        return {"source": self.source, "doc_id": self.doc_id, "status": self.status, "error": self.error,
                "seconds": round(self.seconds, 3), "sha256": self.sha256}


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


def find_inputs(corpus_dir: Path) -> tuple[list[InputFile], list[FileOutcome]]:
    """Letters under corpus_dir (recursive, sorted); symlinks leading outside it are skipped."""
    root = corpus_dir.resolve()
    found: list[InputFile] = []
    skipped: list[FileOutcome] = []
    taken: set[str] = set()
    candidates = sorted(p for p in corpus_dir.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
    for path in candidates:
        source = path.relative_to(corpus_dir).as_posix()
        if not path.is_file():
            continue
        resolved = path.resolve()
        if resolved != root and root not in resolved.parents:
            skipped.append(FileOutcome(source, safe_doc_id(path.stem), "skipped",
                                       "symlink points outside the corpus folder; not followed", 0.0))
            continue
        doc_id = safe_doc_id(path.stem)
        if doc_id in taken:
            digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
            doc_id = f"{doc_id}-{digest}"
        taken.add(doc_id)
        found.append(InputFile(path=path, source=source, doc_id=doc_id))
    return found, skipped


def read_letter(path: Path, *, source: str | None = None, doc_id: str | None = None,
                data: bytes | None = None) -> Letter:
    """Stages 1-2 for one file: extract, clean, segment, metadata."""
    data = path.read_bytes() if data is None else data
    source = source or path.name
    doc_id = doc_id or safe_doc_id(path.stem)
    raw = read_document(path, data, source)
    clean = clean_document(raw)
    segmentation = segment(doc_id, clean)
    meta = read_metadata(raw, clean, segmentation)
    return Letter(doc_id=doc_id, source=source, sha256=hashlib.sha256(data).hexdigest(), meta=meta,
                  passages=segmentation.passages, removed=clean.removed, encoding=raw.encoding,
                  page_count=raw.page_count, non_content=segmentation.non_content)


def letter_result(letter: Letter) -> LetterResult:
    """Later stages for one letter; entities and classification join here as they land."""
    return LetterResult(
        doc_id=letter.doc_id, source=letter.source, sha256=letter.sha256, date=letter.meta.date,
        date_source=letter.meta.date_source, doc_type=letter.meta.doc_type, title=letter.meta.title,
        passages=letter.passages, entities=(), page_count=letter.page_count, encoding=letter.encoding,
        removed=letter.removed,
    )


def process_file(item: InputFile, options: AnalyzeOptions) -> FileOutcome:
    """The per-file boundary: any failure becomes a `failed` outcome with a readable reason."""
    started = time.perf_counter()
    sha256: str | None = None
    try:
        size = item.path.stat().st_size
        if size > options.max_bytes:
            raise LimitExceededError(f"{item.source}: {size} bytes is over the limit of {options.max_bytes} "
                                     "bytes; raise --max-bytes if this letter is genuine")
        data = item.path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        letter = read_letter(item.path, source=item.source, doc_id=item.doc_id, data=data)
        result = letter_result(letter)
    except InputError as error:
        return FileOutcome(item.source, item.doc_id, "failed", str(error), time.perf_counter() - started, sha256)
    except VngError as error:
        return FileOutcome(item.source, item.doc_id, "failed", str(error), time.perf_counter() - started, sha256)
    except Exception as error:  # noqa: BLE001 - the per-file boundary: one bad file never stops the run
        if options.debug:
            raise
        log.debug("unexpected error in %s", item.source, exc_info=True)
        message = f"{item.source}: unexpected {type(error).__name__}: {error} (run with --debug for the traceback)"
        return FileOutcome(item.source, item.doc_id, "failed", message, time.perf_counter() - started, sha256)
    return FileOutcome(item.source, item.doc_id, "ok", None, time.perf_counter() - started, sha256, result)


def analyze(corpus_dir: Path, out_dir: Path, options: AnalyzeOptions | None = None,
            progress: Callable[[Iterable[InputFile], int], Iterable[InputFile]] | None = None) -> RunSummary:
    options = options or AnalyzeOptions()
    if not corpus_dir.is_dir():
        raise InputError(f"corpus folder {corpus_dir} does not exist or is not a folder")
    started = _now()
    inputs, outcomes = find_inputs(corpus_dir)
    letters_dir = out_dir / "letters"
    letters_dir.mkdir(parents=True, exist_ok=True)
    seen: dict[str, str] = {}
    iterator: Iterable[InputFile] = progress(inputs, len(inputs)) if progress else inputs
    for item in iterator:
        outcome = process_file(item, options)
        if outcome.status == "ok" and outcome.sha256 in seen:
            outcome = FileOutcome(item.source, item.doc_id, "skipped",
                                  f"duplicate of {seen[outcome.sha256]} (same bytes); analysed once",
                                  outcome.seconds, outcome.sha256)
        if outcome.status == "ok" and outcome.result is not None:
            seen[outcome.sha256 or ""] = item.source
            write_json_atomic(letters_dir / f"{item.doc_id}.json", outcome.result.to_dict())
        outcomes.append(outcome)
    _drop_stale_letters(letters_dir, {o.doc_id for o in outcomes if o.status == "ok"})
    outcomes.sort(key=lambda o: o.source)
    summary = RunSummary(tuple(outcomes), started, _now(), out_dir)
    write_json_atomic(out_dir / "manifest.json", {
        "version": __version__,
        "started": summary.started,
        "finished": summary.finished,
        "corpus": str(corpus_dir),
        "files": [o.manifest_entry() for o in summary.outcomes],
        "counts": {status: summary.count(status) for status in ("ok", "failed", "skipped")},
    })
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
