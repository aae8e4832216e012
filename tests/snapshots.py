"""The corpus outputs of an OUT folder as bytes, for tests that compare two runs byte for byte."""
from __future__ import annotations

from pathlib import Path

# Every corpus output but the manifest (it has timestamps) and the collection index.
OUTPUTS = ("graph.json", "graph.graphml", "graph.gexf", "positions.json", "report.html", "vng.xlsx")


def snapshot(out: Path) -> dict[str, bytes]:
    files = {f"letters/{p.name}": p.read_bytes() for p in sorted((out / "letters").glob("*.json"))}
    files.update({name: (out / name).read_bytes() for name in OUTPUTS})
    files.update({p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))})
    return files
