"""An OUT folder is a collection: letters from one or more corpus folders, kept until taken out.

The index (`OUT/.vng-index.jsonl`) is the collection's membership: one JSON line per letter that is
in it (doc_id, corpus folder, source, sha256, pipeline), appended as soon as the letter's file is
written, so a run stopped at any point (Ctrl-C, SIGTERM, SIGKILL, power loss) loses no finished
letter; a `{"doc_id": ..., "drop": true}` line takes one out. The last line for a doc_id wins. Each
run ends by rewriting it compactly. The letter files are self-describing too (sha256, source and
pipeline inside), so a letter written just before a kill, whose index line is missing, is still
re-used when its bytes and pipeline match.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from pipeline.errors import OutputError
from pipeline.export import dumps_json, write_error, write_text_atomic

INDEX_NAME = ".vng-index.jsonl"
ROWS_DIR = ".vng-rows"  # each letter's table rows, kept between runs (pipeline/table_rows.py)
SHEET_SPOOL_PREFIX = ".vng-sheet-"  # a letter table's vng.xlsx sheet while it is written (table_rows.py)
ROWS_SUFFIX = ".rows"
LEGACY_INDEX = ".vng-index.json"  # doc_id -> [sha256, pipeline, source] of one corpus (before collections)
MANIFEST_NAME = "manifest.json"
_TEMP_NAME = re.compile(r"^\.(.+)\.[a-z0-9_]{8}\.tmp$")
_OUTPUT_SUFFIXES = {".json", ".jsonl", ".csv", ".graphml", ".html", ".gexf", ".xml", ".parquet", ".xlsx",
                    ROWS_SUFFIX}


@dataclass(frozen=True)
class Member:
    doc_id: str
    corpus: str  # the corpus folder, absolute
    source: str  # relative to corpus, forward slashes
    sha256: str
    pipeline: str

    @property
    def path(self) -> Path:
        return Path(self.corpus) / self.source


def output_error(path: Path, error: OSError, doing: str = "write") -> OutputError:
    """One line that names the path and says what to do, by the kind of failure."""
    return OutputError(str(write_error(path, error)).replace("cannot write", f"cannot {doing}", 1))


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """One run at a time per OUT: a second one would remove the first one's temp files mid-write.

    The lock is on the folder itself (flock on its descriptor), so it leaves no file behind and is
    released by the kernel when a killed run's process ends."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder; give a folder (it is created when missing)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(out_dir, os.O_RDONLY)
    except NotADirectoryError:
        raise OutputError(f"--out {out_dir}: a part of that path is a file, not a folder; give another --out") from None
    except OSError as error:
        raise output_error(out_dir, error, "create") from None
    try:
        try:
            import fcntl  # noqa: PLC0415 - POSIX only
        except ImportError:  # not POSIX: no lock, as before
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise OutputError(f"another vng run is writing into {out_dir}; wait until it ends, "
                                  "or give another --out") from None
        yield
    finally:
        os.close(handle)


def prepare_out(out_dir: Path) -> None:
    """Make OUT and OUT/letters, and make sure we can write there, before any work is done."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder; give a folder (it is created when missing)")
    try:
        (out_dir / "letters").mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".vng-probe.", suffix=".tmp", dir=out_dir)
        os.close(handle)
        Path(probe).unlink()
    except NotADirectoryError:
        raise OutputError(f"--out {out_dir}: a part of that path is a file, not a folder; give another --out") from None
    except FileExistsError:
        raise OutputError(f"--out {out_dir}/letters is a file, not a folder; move it away or give another --out") from None
    except OSError as error:
        raise output_error(out_dir, error, "write into") from None
    # Our temp files (".<name>.<8 random>.tmp" from mkstemp), of a run killed before it could rename
    # them; only those of files we write, so a user's own hidden files are never touched.
    for folder in (out_dir, out_dir / "letters", out_dir / ROWS_DIR):
        for leftover in folder.glob(".*.tmp"):
            match = _TEMP_NAME.match(leftover.name)
            name = match.group(1) if match else ""
            if match and (Path(name).suffix in _OUTPUT_SUFFIXES or name in (INDEX_NAME, "vng-probe")
                          or f".{name}".startswith(SHEET_SPOOL_PREFIX)):
                leftover.unlink(missing_ok=True)


def read_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _resolved(folder: str) -> str:
    return str(Path(folder).resolve())


def _read_lines(path: Path) -> Iterator[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        # Never go on as if the collection were empty: the run would rebuild the outputs without it.
        raise OutputError(f"cannot read {path}: {error.strerror or error}; fix its permissions "
                          "(it lists the letters this folder holds)") from None
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short by a kill: the letter file itself still tells (self-describing)
        if isinstance(record, dict) and isinstance(record.get("doc_id"), str):
            yield record


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as stream:
        stream.seek(-1, os.SEEK_END)
        return stream.read(1) == b"\n"


class Collection:
    """The letters an OUT folder holds, and the journal that records each change at once."""

    def __init__(self, out_dir: Path, members: dict[str, Member], manifest: dict[str, Any]) -> None:
        self.out_dir = out_dir
        self.members = members
        self.manifest = manifest
        self._journal: IO[str] | None = None

    @classmethod
    def load(cls, out_dir: Path) -> Collection:
        manifest = read_manifest(out_dir)
        members: dict[str, Member] = {}
        index = out_dir / INDEX_NAME
        if index.exists():
            for record in _read_lines(index):
                if record.get("drop"):
                    members.pop(record["doc_id"], None)
                    continue
                try:
                    members[record["doc_id"]] = Member(**{k: str(record[k]) for k in
                                                          ("doc_id", "corpus", "source", "sha256", "pipeline")})
                except KeyError:
                    continue
        elif (out_dir / LEGACY_INDEX).exists() and manifest.get("corpus"):
            # An OUT made before collections: one corpus, recorded in the manifest.
            corpus = _resolved(str(manifest["corpus"]))
            try:
                legacy = json.loads((out_dir / LEGACY_INDEX).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                legacy = {}
            for doc_id, value in legacy.items() if isinstance(legacy, dict) else ():
                if isinstance(value, list) and len(value) == 3:
                    members[doc_id] = Member(doc_id, corpus, str(value[2]), str(value[0]), str(value[1]))
        else:
            # No index (deleted by hand?): the manifest of the last finished run lists the letters too.
            members = cls._from_manifest(out_dir, manifest)
        return cls(out_dir, members, manifest)

    @staticmethod
    def _from_manifest(out_dir: Path, manifest: dict[str, Any]) -> dict[str, Member]:
        members: dict[str, Member] = {}
        for entry in manifest.get("files", []):
            doc_id, corpus = entry.get("doc_id"), entry.get("corpus") or manifest.get("corpus")
            if (entry.get("status") == "ok" and isinstance(doc_id, str) and corpus and entry.get("sha256")
                    and (out_dir / "letters" / f"{doc_id}.json").is_file()):
                members[doc_id] = Member(doc_id, _resolved(str(corpus)), str(entry["source"]), str(entry["sha256"]),
                                         str(manifest.get("pipeline") or ""))
        return members

    @property
    def corpora(self) -> list[str]:
        """The corpus folders of the collection: of its letters and of the files the manifest lists."""
        found = {m.corpus for m in self.members.values()}
        found.update(str(f["corpus"]) for f in self.manifest.get("files", []) if f.get("corpus"))
        found.update(str(c) for c in self.manifest.get("corpora", []))
        return sorted(found)

    def previous_entries(self, exclude_corpus: str | None = None) -> list[dict[str, Any]]:
        """Manifest entries of the last run, except those of one corpus (analysed again now)."""
        fallback = _resolved(str(self.manifest["corpus"])) if self.manifest.get("corpus") else None
        entries = []
        for entry in self.manifest.get("files", []):
            corpus = entry.get("corpus") or fallback
            if corpus is not None and corpus != exclude_corpus:
                entries.append({**entry, "corpus": corpus})
        return entries

    @contextmanager
    def journal(self) -> Iterator[None]:
        path = self.out_dir / INDEX_NAME
        try:
            self._journal = path.open("a", encoding="utf-8")
            if self._journal.tell() and not _ends_with_newline(path):
                self._journal.write("\n")  # the last line was cut by a kill: start ours on a line of its own
        except OSError as error:
            raise output_error(path, error) from None
        try:
            yield
        finally:
            self._journal.close()
            self._journal = None

    def _append(self, record: dict[str, Any]) -> None:
        if self._journal is None:
            return
        try:
            self._journal.write(dumps_json(record))
            self._journal.flush()  # no fsync: the letter file is synced, and self-describing
        except OSError as error:
            raise output_error(self.out_dir / INDEX_NAME, error) from None

    def add(self, member: Member) -> None:
        if self.members.get(member.doc_id) == member:
            return
        self.members[member.doc_id] = member
        self._append(asdict(member))

    def drop(self, doc_ids: Iterable[str]) -> list[str]:
        """Take letters out: their index entry and their letter file (only theirs). Returns what was dropped."""
        dropped = []
        for doc_id in sorted(set(doc_ids)):
            if self.members.pop(doc_id, None) is None:
                continue
            self._append({"doc_id": doc_id, "drop": True})
            try:
                (self.out_dir / "letters" / f"{doc_id}.json").unlink(missing_ok=True)
            except OSError as error:
                raise output_error(self.out_dir / "letters" / f"{doc_id}.json", error, "remove") from None
            dropped.append(doc_id)
        return dropped

    def pipelines(self) -> dict[str, str]:
        """doc_id -> the fingerprint of the pipeline that analysed the letter."""
        return {doc_id: member.pipeline for doc_id, member in self.members.items()}

    def save(self) -> None:
        """Rewrite the index compactly (atomically); the legacy index, if any, is replaced by it."""
        write_text_atomic(self.out_dir / INDEX_NAME,
                          "".join(dumps_json(asdict(self.members[d])) for d in sorted(self.members)))
        (self.out_dir / LEGACY_INDEX).unlink(missing_ok=True)
