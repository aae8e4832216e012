"""The cleaner, case by case, on small constructed line sequences."""
from __future__ import annotations

import pytest

from pipeline.errors import EmptyInputError, NotTextError
from pipeline.extract.clean import clean_document, keep_hyphen
from pipeline.extract.text import decode_text, read_text, text_to_lines
from pipeline.types import Line, RawDocument


def _clean_text(text: str):
    return clean_document(read_text(text.encode("utf-8"), "t.txt"))


@pytest.mark.parametrize(
    ("head", "tail", "vocabulary", "expected"),
    [
        ("Spreidings", "wet", set(), False),           # ordinary word break
        ("asiel", "opvang", set(), False),
        ("COA", "locatie", set(), True),               # acronym compound
        ("EU", "migratiepact", set(), True),
        ("BRP", "straten", set(), True),
        ("Oekraïne", "opvang", {"oekraïne"}, True),    # proper noun that stands alone elsewhere
        ("zee", "egel", set(), True),                  # vowel clash keeps the hyphen
        ("auto", "ongeluk", set(), True),
        ("2023", "II", set(), True),
        ("huis", "vesting", {"huisvesting"}, False),   # the joined word occurs in the letter
        ("niet", "westerse", {"niet-westerse"}, True),  # the hyphenated form occurs in the letter
    ],
)
def test_keep_hyphen(head: str, tail: str, vocabulary: set[str], expected: bool) -> None:
    assert keep_hyphen(head, tail, vocabulary) is expected


def test_wrapped_lines_join_and_hyphenation_is_undone() -> None:
    text = ("Geachte dames en heren,\n\nGemeenten werken hard aan de uitvoering van de Spreidings-\n"
            "wet en aan een nieuwe COA-\nlocatie voor asiel- en\nmigratiebeleid in de regio.\n")
    passages = [b.text for b in _clean_text(text).blocks if b.kind == "paragraph" and "Geachte" not in b.text]
    assert passages == ["Gemeenten werken hard aan de uitvoering van de Spreidingswet en aan een nieuwe "
                        "COA-locatie voor asiel- en migratiebeleid in de regio."]


def test_urls_footnotes_headers_and_page_numbers_are_removed_and_recorded() -> None:
    text = (
        "Eerste alinea van de brief over de opvang van asielzoekers in de gemeente, met een verwijzing1\n"
        "naar een bron en nog een paar woorden om de regel vol te maken tot het einde.\n"
        " \n"
        "1 https://www.example.org/een/lange/bron\n"
        "https://www.example.org/nog-een-bron\n"
        "3\n"
        "Vereniging van Nederlandse Gemeenten 2/3\n"
        " Tweede alinea van de brief over de huisvesting van statushouders in de gemeente en de regio.\n"
    )
    clean = _clean_text(text)
    body = " ".join(b.text for b in clean.blocks)
    assert "http" not in body and "2/3" not in body
    assert "verwijzing naar" in body  # the glued reference digit is gone
    kinds = {r.kind for r in clean.removed}
    assert {"footnote_url", "header_footer", "page_number", "footnote_ref"} <= kinds


def test_bullets_stay_list_items() -> None:
    text = ("Inleidende zin van de brief over het beleid.\n \n➢ Wij vragen u de minister te vragen om\n"
            "duidelijkheid over de middelen.\n• Tweede punt van de lijst.\n- Derde punt.\n")
    blocks = _clean_text(text).blocks
    items = [(b.bullet, b.text) for b in blocks if b.kind == "list_item"]
    assert items == [("➢", "Wij vragen u de minister te vragen om duidelijkheid over de middelen."),
                     ("•", "Tweede punt van de lijst."), ("-", "Derde punt.")]


def test_headings_are_found_by_shape() -> None:
    text = ("1. Zorgen over de uitvoering van de wet\nOp dit moment is nog onduidelijk hoe de minister het toezicht wil\n"
            "vormgeven, en dat baart zorgen.\n \nTekort aan opvangplekken\nEr is een tekort aan opvangplekken.\n")
    blocks = _clean_text(text).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "1. Zorgen over de uitvoering van de wet"),
        ("paragraph", "Op dit moment is nog onduidelijk hoe de minister het toezicht wil vormgeven, en dat baart zorgen."),
        ("heading", "Tekort aan opvangplekken"),
        ("paragraph", "Er is een tekort aan opvangplekken."),
    ]


def test_paragraph_continues_across_a_page_break() -> None:
    text = ("Zo gaat het COA langjarig samenwerken met het\n3 Kamerstukken II 2021/22, 19 637, nr. 2939\n"
            " Rode Kruis om kleine locaties te ondersteunen.\n")
    # "3" is cited in the body, so the line at the page foot is a footnote
    blocks = _clean_text("Een motie is ingediend.3 Dat is bekend.\n \n" + text).blocks
    assert blocks[-1].text == "Zo gaat het COA langjarig samenwerken met het Rode Kruis om kleine locaties te ondersteunen."


def test_double_spaced_text_keeps_paragraphs_together() -> None:
    text = "Eerste regel van een alinea die verder gaat\n\nop de volgende regel.\n\n \n\nNieuwe alinea.\n"
    lines = text_to_lines(text)
    assert [line.gap_before for line in lines] == [False, False, True]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Opvang in Oekraïne".encode(), "utf-8"),
        ("Opvang in Oekraïne – €".encode("cp1252"), "cp1252"),
        ("Opvang in Oekraïne".encode("utf-16"), "utf-16"),
        ("\ufeffOpvang".encode("utf-8"), "utf-8"),
    ],
)
def test_decoding_records_the_encoding(data: bytes, encoding: str) -> None:
    text, used = decode_text(data, "x.txt")
    assert used == encoding and text.startswith("Opvang")


def test_binary_and_empty_text_are_refused() -> None:
    with pytest.raises(NotTextError):
        decode_text(bytes(range(256)) * 4, "x.txt")
    with pytest.raises(EmptyInputError):
        decode_text(b"  \n\n ", "x.txt")


def test_pdf_lines_running_headers_by_repetition() -> None:
    lines = []
    for page in (1, 2, 3):
        lines.append(Line("Ledenbrief asiel en migratie", page, y=820, size=8, page_start=True, gap_before=True))
        for row in range(3):
            text = f"Tekst {row} van pagina {page} over opvang en huisvesting van statushouders in gemeenten"
            lines.append(Line(text + ("." if row == 2 else ""), page, y=700 - 20 * row, size=10, gap_before=row == 0))
            if row == 2:
                lines.append(Line("Slotzin.", page, y=620, size=10))
        lines.append(Line(str(page), page, y=30, size=8, gap_before=True))
    raw = RawDocument("x.pdf", "pdf", tuple(lines), 3, page_height=842.0)
    clean = clean_document(raw)
    assert all("Ledenbrief" not in b.text for b in clean.blocks)
    assert [b.page for b in clean.blocks] == [1, 2, 3]
    assert sum(r.kind == "header_footer" for r in clean.removed) == 3
    assert sum(r.kind == "page_number" for r in clean.removed) == 3
