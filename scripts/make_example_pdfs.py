"""Render the fictional example letters in scripts/example_sources/ into corpora/examples/*.pdf.

The sources live outside corpora/examples on purpose: the pipeline analyses every file there, so
each letter must exist there once (as .txt or as .pdf, never both). Output is byte-identical on
re-runs (reportlab invariant mode), so regenerating never produces a spurious diff.

Usage: python scripts/make_example_pdfs.py [NAME ...]   (default: every source)
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from tests.render_pdf import blocks_from_text, render_letter_pdf

SOURCES = Path(__file__).resolve().parent / "example_sources"
OUT_DIR = ROOT / "corpora" / "examples"
FICTION_MARK = "FICTIEF VOORBEELD"

_DATE_RE = re.compile(
    r"^\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}$"
)


def _label_value(lines: list[str], label: str) -> str | None:
    """The first non-empty line after a label line such as "Datum" or "Onderwerp"."""
    for i, line in enumerate(lines):
        if line.strip().lower() == label:
            for nxt in lines[i + 1:]:
                if nxt.strip():
                    return nxt.strip()
    return None


def render_source(src: Path, out_dir: Path = OUT_DIR) -> tuple[Path, int]:
    text = src.read_text(encoding="utf-8")
    if FICTION_MARK not in text.splitlines()[0]:
        raise SystemExit(f"{src}: first line must carry the marker {FICTION_MARK!r}")
    twin = out_dir / f"{src.stem}.txt"
    if twin.exists():  # the pipeline would analyse the letter twice
        raise SystemExit(f"{twin} exists: keep each example letter either as .txt or as .pdf")
    lines = text.splitlines()
    date = _label_value(lines, "datum")
    if date is not None and not _DATE_RE.match(date):
        date = None
    subject = _label_value(lines, "onderwerp") or src.stem
    out = out_dir / f"{src.stem}.pdf"
    pages = render_letter_pdf(
        blocks_from_text(text), out, title=f"{FICTION_MARK} – {subject}", date=date, seed=0
    )
    return out, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="source file stems (default: all in example_sources/)")
    args = parser.parse_args(argv)
    sources = sorted(SOURCES.glob("*.txt"))
    if args.names:
        sources = [s for s in sources if s.stem in set(args.names)]
        missing = set(args.names) - {s.stem for s in sources}
        if missing:
            raise SystemExit(f"no such source(s) in {SOURCES}: {', '.join(sorted(missing))}")
    for src in sources:
        out, pages = render_source(src)
        print(f"wrote {out.relative_to(ROOT)} ({pages} pages) from {src.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
