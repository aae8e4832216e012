"""Render the fictional no-"Datum" letters in scripts/heldout_dates_sources/ into corpora/heldout-dates/*.pdf.

These letters test the letter date read from PDF metadata (issue 18): each gets the CreationDate
listed below, one plausible and one a stale template date that the text contradicts. Output is
byte-identical on re-runs (reportlab invariant mode).

Usage: python scripts/make_heldout_date_pdfs.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from tests.render_pdf import blocks_from_text, render_letter_pdf

SOURCES = Path(__file__).resolve().parent / "heldout_dates_sources"
OUT_DIR = ROOT / "corpora" / "heldout-dates"
FICTION_MARK = "FICTIEF VOORBEELD"
CREATED = {
    "hd10_ledenbrief_pdf_metadata": "2024-10-02",  # plausible: the letter was written that day
    "hd11_ledenbrief_pdf_sjabloon": "2019-03-01",  # a template's date: the text says 2025
}


def main() -> int:
    for stem, created in sorted(CREATED.items()):
        src = SOURCES / f"{stem}.txt"
        text = src.read_text(encoding="utf-8")
        if FICTION_MARK not in text.splitlines()[0]:
            raise SystemExit(f"{src}: first line must carry the marker {FICTION_MARK!r}")
        out = OUT_DIR / f"{stem}.pdf"
        pages = render_letter_pdf(blocks_from_text(text), out, title=f"{FICTION_MARK} – {stem}", date=created, seed=0)
        print(f"wrote {out.relative_to(ROOT)} ({pages} pages, CreationDate {created})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
