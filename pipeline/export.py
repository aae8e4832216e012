"""Writers for everything in OUT_DIR: atomic (temp file + rename), sorted keys, stable order."""
from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import networkx as nx

from pipeline.errors import OutputError
from pipeline.types import Table


def dumps_json(data: Any) -> str:
    # Compact separators and no indent keep json on its C encoder (indenting falls back to pure
    # Python, several times slower on a thousand letters); one document per file, newline-terminated.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


@lru_cache(maxsize=1)
def file_mode() -> int:
    """The mode a plain open() would give a new file (0644 under umask 022); mkstemp gives 0600."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_error(path: Path, error: OSError) -> OutputError:
    """One line naming the path and what to do, by the kind of failure (disk full, not writable)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "the disk is full: free some space or give another --out"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "the folder is not writable: fix its permissions or give another --out"
    else:
        advice = "check that the folder is writable or give another --out"
    return OutputError(f"cannot write {path}: {error.strerror or error}; {advice}")


def _temp_file(path: Path) -> tuple[int, str]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise write_error(path, error) from error
    os.fchmod(handle, file_mode())  # colleagues on a shared server can read the outputs
    return handle, temp_name


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write bytes so that readers see the old file or the new one, never half of one.

    `durable=False` skips the fsync: for caches that are checked when read and made again when lost."""
    with atomic_writer(path, durable=durable) as stream:
        stream.write(data)


@contextmanager
def atomic_writer(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary stream whose bytes replace `path` when the block ends without error (fsynced unless
    `durable=False`), for outputs written piece by piece instead of held whole in memory."""
    handle, temp_name = _temp_file(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        Path(temp_name).replace(path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise write_error(path, error) from error
    except BaseException:  # interrupted (Ctrl-C, SIGTERM): no temp file is left behind
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_chunks_atomic(path: Path, chunks: Iterable[str]) -> None:
    """UTF-8 text given in pieces, written atomically like write_text_atomic, never held whole."""
    with atomic_writer(path) as stream:
        for chunk in chunks:
            stream.write(chunk.encode("utf-8"))


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text (newlines as written) atomically, like write_bytes_atomic."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_json_atomic(path: Path, data: Any) -> None:
    write_text_atomic(path, dumps_json(data))


def edge_id(source: str, key: str, target: str) -> str:
    """The one id of a graph edge in every export: unique and readable, "<source>--<relation>--<target>"."""
    return f"{source}--{key}--{target}"


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes: lists and dicts become JSON strings (Gephi/Cytoscape-safe).

    The edge key is the edge id, so networkx writes it as the GraphML edge `id` (and nothing else):
    `read_graphml(path, force_multigraph=True)` gives it back as the key; `relation` is an attribute."""
    import networkx as nx  # noqa: PLC0415 - corpus outputs only; workers import this module for dumps_json

    out = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: _scalar(v) for k, v in sorted(data.items())})
    for source, target, key, data in graph.edges(keys=True, data=True):
        out.add_edge(source, target, key=edge_id(source, key, target),
                     **{k: _scalar(v) for k, v in sorted(data.items())})
    return out


def gexf_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The GraphML copy plus what Gephi reads from GEXF: `start`/`end` (the timeline) from first_seen /
    last_seen where known, the edge `id` and `label` (the relation)."""
    out = graphml_ready(graph)
    for _, data in out.nodes(data=True):
        if data.get("first_seen"):
            data["start"], data["end"] = data["first_seen"], data["last_seen"]
    for _, _, key, data in out.edges(keys=True, data=True):
        data["id"], data["label"] = key, data.get("relation", "")
        if data.get("first_seen"):
            data["start"], data["end"] = data["first_seen"], data["last_seen"]
    return out


def write_graphml_atomic(path: Path, graph: nx.MultiDiGraph) -> None:
    """GraphML through networkx's lxml writer, every key typed, written via a temp file."""
    import networkx as nx  # noqa: PLC0415 - corpus outputs only; workers import this module for dumps_json

    handle, temp_name = _temp_file(path)
    os.close(handle)
    try:
        nx.write_graphml_lxml(graphml_ready(graph), temp_name, encoding="utf-8", prettyprint=True,
                              named_key_ids=False)
        Path(temp_name).replace(path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise write_error(path, error) from error
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV lines ("\\n"-terminated, None as an empty cell), to be joined under a header."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)  # the csv module writes None as ""
    return buffer.getvalue()


def write_gexf_atomic(path: Path, graph: nx.MultiDiGraph) -> None:
    """GEXF 1.2 for Gephi (networkx's writer). networkx stamps today's date as `lastmodifieddate`; the
    latest date seen in the graph replaces it, so a re-run on the same letters gives the same bytes."""
    import networkx as nx  # noqa: PLC0415 - corpus outputs only; workers import this module for dumps_json

    ready = gexf_ready(graph)
    seen = sorted(str(d) for _, d in ready.nodes(data="last_seen") if d)
    text = "\n".join(nx.generate_gexf(ready, encoding="utf-8", prettyprint=True, version="1.2draft"))
    text = re.sub(r'lastmodifieddate="[^"]*"', f'lastmodifieddate="{seen[-1] if seen else "1970-01-01"}"', text,
                  count=1)
    write_text_atomic(path, '<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n")


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value


def table_csv_text(columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]) -> str:
    """A table's rows as CSV lines: booleans as true/false (only bool columns need a look at each cell)."""
    flags = [i for i, (_, kind) in enumerate(columns) if kind == "bool"]
    if flags:
        rows = ([csv_cell(v) if i in flags else v for i, v in enumerate(row)] for row in rows)
    return csv_text(rows)


def write_table_csv(out_dir: Path, table: Table) -> None:
    write_text_atomic(out_dir / f"{table.name}.csv", csv_text([table.header]) + table_csv_text(table.columns, table.rows))
