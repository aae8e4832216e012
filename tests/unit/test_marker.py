"""The fictional-letter marker (pipeline/extract/marker.py): what marks a letter as made up, and what does not."""
from __future__ import annotations

import pytest

from pipeline.extract.marker import is_marked_fictional
from pipeline.types import Line, RawDocument


def _raw(*texts: str, title: str | None = None) -> RawDocument:
    metadata = (("Title", title),) if title else ()
    return RawDocument(source="x.txt", kind="text", lines=tuple(Line(t, None) for t in texts), page_count=None,
                       pdf_metadata=metadata)


@pytest.mark.parametrize("lines", [
    ("FICTIEF VOORBEELD – geen echte VNG-brief", "Datum", "3 februari 2026"),
    ("", "   ", "Fictief voorbeeld: verzonnen brief", "Datum"),
    ("Vereniging van Nederlandse Gemeenten", "", "fictief voorbeeld", "Datum", "Onderwerp"),
])
def test_the_marker_near_the_top_marks_a_letter(lines: tuple[str, ...]) -> None:
    assert is_marked_fictional(_raw(*lines))


@pytest.mark.parametrize("lines", [
    ("Vereniging van Nederlandse Gemeenten", "Datum", "3 februari 2026", "Onderwerp", "Opvang"),
    # Deeper in the letter it is a quotation or a word in a sentence, not a label of the letter.
    ("Aan de leden", "Datum", "1 maart 2025", "Onderwerp", "Opvang", "FICTIEF VOORBEELD"),
    ("Dit is geen fictief voorbeeld maar een echte brief.",),
])
def test_no_marker_no_fiction(lines: tuple[str, ...]) -> None:
    assert not is_marked_fictional(_raw(*lines))


def test_a_pdf_title_can_carry_the_marker() -> None:
    assert is_marked_fictional(_raw("Datum", title="FICTIEF VOORBEELD – ledenbrief"))
    assert not is_marked_fictional(_raw("Datum", title="Ledenbrief"))
