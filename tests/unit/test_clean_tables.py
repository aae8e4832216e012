"""Text tables in a letter's header ("| Datum | 8 juni 2026 |", as Markdown writes them): each row a field."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.analyze import AnalyzeOptions, analyze
from pipeline.extract import clean_document, read_document

# A fictional letter, written for this test.
LETTER = """FICTIEF VOORBEELD – geen echte VNG-brief

POSITION PAPER
Vereniging van Nederlandse Gemeenten

| Aan      | Vaste commissie voor Binnenlandse Zaken |
|----------|-----------------------------------------|
| Datum    | 8 juni 2026                             |
| Kenmerk  | FIC/PP-2026-001                         |
| Betreft  | Inbreng rondetafelgesprek opvang        |

Geachte leden van de commissie,

Graag geven wij u onze inbreng voor het gesprek over de opvang van statushouders.

Met vriendelijke groet,
Vereniging van Nederlandse Gemeenten
"""


def test_table_rows_are_blocks_of_their_own_without_the_rule() -> None:
    clean = clean_document(read_document(Path("brief.txt"), LETTER.encode(), "brief.txt"))
    texts = [block.text for block in clean.blocks]
    assert "Datum | 8 juni 2026" in texts and "Betreft | Inbreng rondetafelgesprek opvang" in texts
    assert not any("---" in text for text in texts)
    assert "Geachte leden van de commissie," in texts


def _analysed(tmp_path: Path, text: str) -> dict[str, object]:
    """The letter JSON of a one-letter corpus holding `text`, analysed end to end."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "brief.txt").write_text(text, encoding="utf-8")
    analyze(corpus, tmp_path / "out", AnalyzeOptions(workers=1))
    return json.loads(next((tmp_path / "out" / "letters").glob("*.json")).read_text(encoding="utf-8"))


def test_table_header_gives_date_and_title(tmp_path: Path) -> None:
    letter = _analysed(tmp_path, LETTER)
    assert (letter["date"], letter["date_source"]) == ("2026-06-08", "explicit")
    assert letter["title"] == "Inbreng rondetafelgesprek opvang"


# The same kind of header without outer pipes, between dashed rules, a field running over two rows (fictional).
BORDERED = """FICTIEF VOORBEELD – geen echte VNG-brief

Vereniging van Nederlandse Gemeenten | Postbus 1 | 1000 AA Ergens
--------------------------------------------------------------------
Aan          | Ministerie van Voorbeeldzaken,
             | directie Huisvesting
Datum        | 3 februari 2027
Kenmerk      | FIC/2027-004
Betreft      | Reactie op het ontwerpbesluit tijdelijke woonunits
--------------------------------------------------------------------

Geachte heer, mevrouw,

Graag reageren wij op het ontwerpbesluit over tijdelijke woonunits voor statushouders.

Met vriendelijke groet,
Vereniging van Nederlandse Gemeenten
"""


def test_bordered_table_rows_without_outer_pipes() -> None:
    clean = clean_document(read_document(Path("brief.txt"), BORDERED.encode(), "brief.txt"))
    texts = [block.text for block in clean.blocks]
    assert "Aan | Ministerie van Voorbeeldzaken, directie Huisvesting" in texts
    assert "Datum | 3 februari 2027" in texts
    assert "Betreft | Reactie op het ontwerpbesluit tijdelijke woonunits" in texts
    assert not any("-----" in text for text in texts)
    assert "Geachte heer, mevrouw," in texts


def test_bordered_table_header_gives_date_and_title(tmp_path: Path) -> None:
    letter = _analysed(tmp_path, BORDERED)
    assert (letter["date"], letter["date_source"]) == ("2027-02-03", "explicit")
    assert letter["title"] == "Reactie op het ontwerpbesluit tijdelijke woonunits"
