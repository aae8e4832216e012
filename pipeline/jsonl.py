"""Reading the project's JSONL data files (training passages, gold annotations) with loud errors."""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import DataFileError


def read_jsonl(path: Path, required: Sequence[str] = ()) -> Iterator[tuple[str, dict[str, Any]]]:
    """("file:line", record) for every non-empty line; DataFileError names the file and line of an
    unreadable file, invalid JSON, a line that is not an object, or missing keys."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(f"{path}: cannot be read ({error})") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataFileError(f"{where}: invalid JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise DataFileError(f"{where}: each line must be a JSON object")
        missing = [key for key in required if key not in record]
        if missing:
            raise DataFileError(f"{where}: missing {', '.join(missing)}")
        yield where, record
