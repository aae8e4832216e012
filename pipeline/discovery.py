"""Finding the letters under a corpus folder and giving each a file-system-safe, stable doc_id."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.extract import SUPPORTED_SUFFIXES, UNSUPPORTED_SUFFIXES
from pipeline.tasks import InputFile


@dataclass(frozen=True)
class Skipped:
    """A path under the corpus that is not read (a dangling symlink, a pipe, a link out of the corpus)."""

    source: str
    doc_id: str
    reason: str


def safe_doc_id(stem: str) -> str:
    """A file-system-safe id from a file stem: ASCII letters, digits, '.', '_' and '-' only."""
    text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-")
    return text[:100] or "letter"


def _source_of(path: Path, corpus_dir: Path) -> str:
    # A name that is not valid UTF-8 (surrogate escapes) is recorded readably; the path still opens.
    return path.relative_to(corpus_dir).as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def check_corpus(corpus_dir: Path) -> None:
    """Refuse a corpus that is missing, empty or without a supported file, saying what was found."""
    supported = " or ".join(SUPPORTED_SUFFIXES)
    if not corpus_dir.is_dir():
        what = "is a file, not a folder" if corpus_dir.exists() else "does not exist"
        raise InputError(f"corpus folder {corpus_dir} {what}; give the folder that holds the letters ({supported})")
    found: Counter[str] = Counter()
    for path in corpus_dir.rglob("*"):
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            return
        if path.is_file():
            found[path.suffix.lower() or "(no suffix)"] += 1
    if not found:
        raise InputError(f"corpus folder {corpus_dir} is empty; put the letters ({supported} files) in it")
    types = ", ".join(f"{count} {suffix}" for suffix, count in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
    raise InputError(f"corpus folder {corpus_dir} holds no {supported} file (found: {types}); "
                     f"give the folder with the letters, or convert them to {supported}")


def find_inputs(corpus_dir: Path, assigned: Mapping[str, str] | None = None,
                taken: Iterable[str] = ()) -> tuple[list[InputFile], list[Skipped]]:
    """Letters under corpus_dir (recursive, sorted); symlinks leading outside it are skipped.

    `assigned`: source -> doc_id given by an earlier run into the same collection (kept, so ids never
    change); `taken`: doc_ids of the collection's other letters, which a new letter must not reuse.
    """
    assigned = assigned or {}
    root = corpus_dir.resolve()
    found: list[InputFile] = []
    skipped: list[Skipped] = []
    # Unique ignoring case: "Brief.json" and "brief.json" are one file on macOS and Windows.
    used = {doc_id.casefold() for doc_id in taken} | {doc_id.casefold() for doc_id in assigned.values()}
    candidates = sorted(p for p in corpus_dir.rglob("*")
                        if p.suffix.lower() in SUPPORTED_SUFFIXES or p.suffix.lower() in UNSUPPORTED_SUFFIXES)
    for path in candidates:
        source = _source_of(path, corpus_dir)
        if path.suffix.lower() in UNSUPPORTED_SUFFIXES:
            if not path.is_dir():  # documents we do not read are listed, with what to do, not passed over
                skipped.append(Skipped(source, safe_doc_id(path.stem),
                                       f"{source}: {UNSUPPORTED_SUFFIXES[path.suffix.lower()]}; not read"))
            continue
        if not path.is_file():
            if path.is_dir():
                continue  # a folder named like a letter: rglob looks inside it
            why = ("a symlink whose target does not exist (or a link loop)" if path.is_symlink()
                   else "not a regular file (a pipe, socket or device)")
            skipped.append(Skipped(source, safe_doc_id(path.stem), f"{source}: {why}; not read"))
            continue
        resolved = path.resolve()
        if resolved != root and root not in resolved.parents:
            skipped.append(Skipped(source, safe_doc_id(path.stem),
                                   f"{source}: a symlink that points outside the corpus folder; not followed"))
            continue
        doc_id = assigned.get(source)
        if doc_id is None:
            doc_id = base = safe_doc_id(path.stem)
            salt = 0
            while doc_id.casefold() in used:  # re-hash until free: two sources can share a first hash
                key = f"{source}\0{salt}" if salt else source
                doc_id, salt = f"{base}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}", salt + 1
            used.add(doc_id.casefold())
        found.append(InputFile(path=path, source=source, doc_id=doc_id))
    return found, skipped
