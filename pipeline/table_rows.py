"""The rows one letter gives the flat tables: made once per letter and kept between runs.

Eight of the fourteen tables (letters, passages, passage_themes, passage_targets, entities, requests,
request_targets, statements) hold rows that depend on one letter alone: nearly all of the 3.5 million cells of a
1,000-letter collection. A run that adds one letter re-made all of them, as CSV and as SpreadsheetML
(most of its time). Now each letter's rows are made once, as CSV lines and as `<row>` templates for
vng.xlsx (row numbers left open), and kept in OUT/.vng-rows/<doc_id>.rows under a key: the letter's
input sha256, the pipeline that analysed it, and the code that makes rows. A file whose key does not
match, or that cannot be read, is made again, so the folder is a cache: deleting it costs one slower run.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pipeline.collection import ROWS_DIR, ROWS_SUFFIX, SHEET_SPOOL_PREFIX
from pipeline.export import atomic_writer, csv_text, table_csv_text, write_bytes_atomic
from pipeline.extract.letter_date import date_label
from pipeline.positions import letter_order
from pipeline.types import ColumnKind, LetterResult
from pipeline.workbook import SpooledSheet, numbered_rows, row_templates

_SEPARATOR = "\x01"  # between row templates in a .rows file; never in a cell (workbook drops control characters)


def joined(values: Sequence[str]) -> str:
    """A list in one cell ("; "-joined); the link tables hold the same lists one item per row."""
    return "; ".join(values)


def request_id(doc_id: str, index: int) -> str:
    """A request's id: its letter and its place among the letter's requests (1-based)."""
    return f"{doc_id}#q{index:03d}"


def _window(result: LetterResult) -> str | None:
    """The date window as an ISO 8601 interval ("2024-01-01/2024-03-31"), None without one."""
    return "/".join(result.date_window) if result.date_window else None


def _letter_row(r: LetterResult) -> Iterable[tuple[Any, ...]]:
    yield (r.doc_id, r.title, r.date, r.date_source, _window(r), r.doc_type, r.source, r.page_count,
           len(r.passages), len(r.requests), len(r.entities), r.fictional,
           date_label(r.date, r.date_source, r.date_window),
           r.date_window[0] if r.date_window else None, r.date_window[1] if r.date_window else None,
           r.letter_number, r.layout,
           json.dumps([c.to_dict() for c in r.date_evidence if c.used], ensure_ascii=False, sort_keys=True))


def _requests(r: LetterResult) -> Iterable[tuple[Any, ...]]:
    label = date_label(r.date, r.date_source, r.date_window)
    for index, q in enumerate(r.requests, start=1):
        yield (q.doc_id, r.date, q.passage_id, q.addressee, joined(q.targets), q.sentence,
               request_id(r.doc_id, index), label)


def _request_targets(r: LetterResult) -> Iterable[tuple[Any, ...]]:
    for index, q in enumerate(r.requests, start=1):
        for target in q.targets:
            yield (request_id(r.doc_id, index), q.doc_id, q.passage_id, target)


def _statements(r: LetterResult) -> Iterable[tuple[Any, ...]]:
    # DNA's data model: one row per statement (actor, concept, agreement, with the sentence)
    for st in r.statements:
        yield (st.doc_id, st.date, st.passage_id, st.actor, st.target, st.stance,
               {"steunend": 1, "kritisch": 0}.get(st.stance), st.confidence, st.scores.get("kritisch"),
               st.scores.get("neutraal"), st.scores.get("steunend"), st.sentence, st.sentence_start,
               st.sentence_end, joined(st.cues), st.method, r.title)


@dataclass(frozen=True)
class LetterTable:
    """A table whose rows each come from one letter; `order`: how the letters follow each other in it."""

    name: str
    columns: tuple[tuple[str, ColumnKind], ...]
    order: Literal["doc_id", "date"]
    rows: Callable[[LetterResult], Iterable[tuple[Any, ...]]]


LETTER_TABLES: tuple[LetterTable, ...] = (
    LetterTable("letters", (("doc_id", "str"), ("title", "str"), ("date", "date"), ("date_source", "str"),
                            ("date_window", "str"), ("doc_type", "str"), ("source", "str"), ("pages", "int"),
                            ("passages", "int"), ("requests", "int"), ("entities", "int"), ("fictional", "bool"),
                            ("date_label", "str"), ("date_earliest", "date"), ("date_latest", "date"),
                            ("letter_number", "str"), ("layout", "str"), ("date_evidence", "str")),
                "date", _letter_row),
    LetterTable("passages", (("doc_id", "str"), ("passage_id", "str"), ("date", "date"), ("doc_type", "str"),
                             ("section", "str"), ("page", "int"), ("kind", "str"), ("themes", "str"),
                             ("stance", "str"), ("request", "bool"), ("targets", "str"), ("text", "str")),
                "doc_id",
                lambda r: ((r.doc_id, p.id, r.date, r.doc_type, p.section, None if p.page is None else int(p.page),
                            p.kind, joined(p.themes), p.stance, p.request, joined(p.targets), p.text)
                           for p in r.passages)),
    LetterTable("passage_themes", (("doc_id", "str"), ("passage_id", "str"), ("theme", "str"), ("score", "float")),
                "doc_id",
                lambda r: ((r.doc_id, p.id, theme, p.theme_scores.get(theme)) for p in r.passages
                           for theme in p.themes)),
    LetterTable("passage_targets", (("doc_id", "str"), ("passage_id", "str"), ("target", "str")), "doc_id",
                lambda r: ((r.doc_id, p.id, target) for p in r.passages for target in p.targets)),
    LetterTable("entities", (("doc_id", "str"), ("passage_id", "str"), ("label", "str"), ("text", "str"),
                             ("canonical", "str"), ("start", "int"), ("end", "int"), ("iso", "str"),
                             ("value", "float"), ("unit", "str"), ("qualifier", "str"), ("high", "float"),
                             ("rule", "str")),
                "doc_id",
                lambda r: ((r.doc_id, e.passage_id, e.label, e.text, e.canonical, e.start, e.end, e.iso, e.value,
                            e.unit, e.qualifier, e.high, e.rule) for e in r.entities)),
    LetterTable("requests", (("doc_id", "str"), ("date", "date"), ("passage_id", "str"), ("addressee", "str"),
                             ("targets", "str"), ("sentence", "str"), ("request_id", "str"), ("date_label", "str")),
                "date", _requests),
    LetterTable("request_targets", (("request_id", "str"), ("doc_id", "str"), ("passage_id", "str"),
                                    ("target", "str")),
                "date", _request_targets),
    LetterTable("statements", (("doc_id", "str"), ("date", "date"), ("passage_id", "str"), ("actor", "str"),
                               ("target", "str"), ("stance", "str"), ("agreement", "int"), ("confidence", "float"),
                               ("kritisch", "float"), ("neutraal", "float"), ("steunend", "float"),
                               ("sentence", "str"), ("sentence_start", "int"), ("sentence_end", "int"),
                               ("cues", "str"), ("method", "str"), ("title", "str")),
                "date", _statements),
)


@dataclass(frozen=True)
class Rows:
    """One letter's rows of one table, as CSV lines and as vng.xlsx row templates."""

    csv: str
    sheet: tuple[str, ...]


def render(result: LetterResult) -> dict[str, Rows]:
    """The letter's rows of every letter table."""
    rendered = {}
    for table in LETTER_TABLES:
        rows = list(table.rows(result))
        rendered[table.name] = Rows(table_csv_text(table.columns, rows), tuple(row_templates(table.columns, rows)))
    return rendered


@cache
def _code_digest() -> str:
    """What makes rows: this module and the CSV and workbook writers it uses."""
    digest = hashlib.sha256()
    for name in ("table_rows.py", "export.py", "workbook.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def rows_key(result: LetterResult, pipeline: str) -> str:
    return f"{result.sha256}:{pipeline}:{_code_digest()}"


def encoded_rows(result: LetterResult, pipeline: str) -> bytes:
    """The letter's .rows file, made where the letter is analysed (a worker), so that the parent only writes it."""
    return _encode(rows_key(result, pipeline), render(result))


def write_rows(out_dir: Path, doc_id: str, data: bytes) -> None:
    # A cache, checked when read: no fsync.
    write_bytes_atomic(out_dir / ROWS_DIR / f"{doc_id}{ROWS_SUFFIX}", data, durable=False)


def _encode(key: str, rendered: Mapping[str, Rows]) -> bytes:
    parts = [(name, rows.csv, _SEPARATOR.join(rows.sheet), len(rows.sheet)) for name, rows in rendered.items()]
    header = {"key": key, "tables": [[name, len(text), len(sheet), count] for name, text, sheet, count in parts]}
    return (json.dumps(header, sort_keys=True) + "\n" + "".join(text + sheet for _, text, sheet, _ in parts)).encode()


def _decode(data: bytes, key: str) -> dict[str, Rows] | None:
    """The rows in a .rows file, or None when it was made for another key or is damaged."""
    try:
        text = data.decode("utf-8")
        line, _, body = text.partition("\n")
        header = json.loads(line)
        if header.get("key") != key:
            return None
        rendered, at = {}, 0
        for name, csv_length, sheet_length, count in header["tables"]:
            csv = body[at:at + csv_length]
            sheet = body[at + csv_length:at + csv_length + sheet_length]
            at += csv_length + sheet_length
            rows = tuple(sheet.split(_SEPARATOR)) if count else ()
            if len(rows) != count:
                return None
            rendered[name] = Rows(csv, rows)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None  # cut short or not ours: made again
    if at != len(body) or set(rendered) != {t.name for t in LETTER_TABLES}:
        return None
    return rendered


def for_corpus(result: LetterResult) -> LetterResult:
    """The result as the parent keeps it for the corpus outputs: without the passages' theme scores,
    which only the `passage_themes` rows show (made by the worker, or from the full result read again:
    `write_letter_tables(full=...)`). They were about 40 % of a result's memory, which the parent holds for
    every letter of the collection."""
    if not any(p.theme_scores for p in result.passages):
        return result
    return replace(result, passages=tuple(replace(p, theme_scores={}) for p in result.passages))


def _rows_folder(out_dir: Path | None) -> Path | None:
    folder = out_dir / ROWS_DIR if out_dir is not None else None
    if folder is not None:
        folder.mkdir(exist_ok=True)
    return folder


def _held(result: LetterResult, folder: Path | None, pipelines: Mapping[str, str],
          full: Callable[[LetterResult], LetterResult] | None) -> dict[str, Rows]:
    """One letter's rows: from its .rows file when that holds them for the same key, else made (and kept)."""
    pipeline = pipelines.get(result.doc_id)
    if folder is None or pipeline is None:
        return render(full(result) if full else result)
    key = rows_key(result, pipeline)
    path = folder / f"{result.doc_id}{ROWS_SUFFIX}"
    try:
        held = _decode(path.read_bytes(), key)
    except OSError:
        held = None
    if held is None:
        held = render(full(result) if full else result)
        write_bytes_atomic(path, _encode(key, held), durable=False)  # a cache, checked when read
    return held


def _remove_others(folder: Path | None, doc_ids: Iterable[str]) -> None:
    """Remove the .rows files of letters no longer in the collection (this module made them)."""
    if folder is None:
        return
    wanted = {f"{doc_id}{ROWS_SUFFIX}" for doc_id in doc_ids}
    for entry in os.scandir(folder):
        if entry.name.endswith(ROWS_SUFFIX) and entry.name not in wanted:
            Path(entry.path).unlink()


def write_letter_tables(results: Sequence[LetterResult], out_dir: Path, pipelines: Mapping[str, str],
                        full: Callable[[LetterResult], LetterResult] | None = None) -> dict[str, SpooledSheet]:
    """Write each letter table's CSV (OUT/<name>.csv) letter by letter, and spool its vng.xlsx rows
    (numbered) to a temporary file in OUT, returned as a SpooledSheet per table: the caller writes the
    workbook and removes those files. Same bytes as joining letter_tables(), but the parent never holds
    a whole table or every letter's rows (at 1,000 real letters those were ~0.6 GB of its peak).
    Each letter's rows are read once per order of the tables (by doc_id, by date)."""
    folder = _rows_folder(out_dir)
    orders = {"doc_id": sorted(results, key=lambda r: r.doc_id), "date": sorted(results, key=letter_order)}
    made: dict[str, dict[str, Rows]] = {}  # rows made, not kept in a file (no pipeline): made once
    spools: dict[str, tuple[Path, int]] = {}
    try:
        with ExitStack() as stack:
            csvs = {t.name: stack.enter_context(atomic_writer(out_dir / f"{t.name}.csv")) for t in LETTER_TABLES}
            for table in LETTER_TABLES:
                csvs[table.name].write(csv_text([tuple(name for name, _ in table.columns)]).encode("utf-8"))
                handle, name = tempfile.mkstemp(prefix=f"{SHEET_SPOOL_PREFIX}{table.name}.", suffix=".tmp",
                                               dir=out_dir)
                os.close(handle)
                spools[table.name] = (Path(name), 0)
            sheets = {name: stack.enter_context(path.open("wb")) for name, (path, _) in spools.items()}
            counts = dict.fromkeys(spools, 0)
            for order, letters in orders.items():
                tables = [t for t in LETTER_TABLES if t.order == order]
                if not tables:
                    continue
                for result in letters:
                    if result.doc_id in made:
                        held = made[result.doc_id]
                    else:
                        held = _held(result, folder, pipelines, full)
                        if folder is None or result.doc_id not in pipelines:
                            made[result.doc_id] = held
                    for table in tables:
                        rows = held[table.name]
                        csvs[table.name].write(rows.csv.encode("utf-8"))
                        sheets[table.name].write(numbered_rows(rows.sheet, counts[table.name] + 2).encode("utf-8"))
                        counts[table.name] += len(rows.sheet)
            for name in sheets:
                sheets[name].flush()
        _remove_others(folder, (r.doc_id for r in results))
    except BaseException:
        for path, _ in spools.values():
            path.unlink(missing_ok=True)
        raise
    return {t.name: SpooledSheet(t.name, t.columns, counts[t.name], spools[t.name][0]) for t in LETTER_TABLES}
