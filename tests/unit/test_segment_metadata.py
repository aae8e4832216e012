"""Segmentation and letter metadata on constructed letters."""
from __future__ import annotations

import pytest

from pipeline.extract.letter_date import infer_date
from pipeline.letter import read_letter
from pipeline.types import Letter

KAMERBRIEF = """Vereniging van Nederlandse Gemeenten
 \nDatum\n12 maart 2025\n \nOnderwerp\nInbreng debat over de opvang\n \nGeachte dames en heren,
 \nVolgende week debatteert u met de minister over de opvang. Wij vragen uw aandacht voor:
1. Eerste onderwerp van de brief
2. Tweede onderwerp van de brief
3. Derde onderwerp van de brief
 \nInleiding
Gemeenten werken hard aan de opvang van asielzoekers en de huisvesting van statushouders.
 \n1. Eerste onderwerp van de brief
Op 3 maart jl. sprak de Kamer over de opvang.
➢ Wij vragen u de minister aan te sporen.
 \n2. Tweede onderwerp van de brief
Tekst bij het tweede onderwerp.
 \n3. Derde onderwerp van de brief
Tekst bij het derde onderwerp.
 \nMocht u vragen hebben, neemt u dan contact op met de VNG.
 \nMet vriendelijke groet,\nVereniging van Nederlandse Gemeenten\nA. de Vries\nDirecteur
"""


def _letter(tmp_path, text: str, name: str = "brief.txt") -> Letter:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_letter(path)


def test_kamerbrief_structure(tmp_path) -> None:
    letter = _letter(tmp_path, KAMERBRIEF)
    assert letter.meta.date == "2025-03-12" and letter.meta.date_source == "explicit"
    assert letter.meta.doc_type == "kamerbrief"
    assert letter.meta.title == "Inbreng debat over de opvang"
    sections = [p.section for p in letter.passages]
    assert sections == [None, "Inleiding", "1. Eerste onderwerp van de brief", "1. Eerste onderwerp van de brief",
                        "2. Tweede onderwerp van de brief", "3. Derde onderwerp van de brief"]
    texts = " ".join(p.text for p in letter.passages)
    for not_content in ("Geachte", "Met vriendelijke groet", "A. de Vries", "Mocht u vragen", "Datum", "Directeur"):
        assert not_content not in texts
    assert letter.passages[3].kind == "list_item" and letter.passages[3].bullet == "➢"
    assert [p.id for p in letter.passages][:2] == ["brief#p001", "brief#p002"]


def test_ledenbrief_and_position_paper_types(tmp_path) -> None:
    leden = _letter(tmp_path, "Geachte leden van college en gemeenteraad,\n \nIn deze ledenbrief leest u meer.\n", "a.txt")
    assert leden.meta.doc_type == "ledenbrief"
    paper = _letter(tmp_path, "Position paper VNG rondetafelgesprek opvang\n \nDe VNG vindt de opvang belangrijk.\n", "b.txt")
    assert paper.meta.doc_type == "position_paper"
    assert paper.meta.title == "Position paper VNG rondetafelgesprek opvang"
    other = _letter(tmp_path, "Een notitie over de opvang.\n", "c.txt")
    assert other.meta.doc_type == "other" and other.meta.date is None and other.meta.date_source == "unknown"


@pytest.mark.parametrize(
    ("text", "expected", "window"),
    [
        ("Op 3 juli 2025 vergaderde de LRT. Op 14 juli jl. meldde het KCIO tekorten.", "2025-07-14",
         ("2025-07-14", "2026-01-13")),
        ("In de brief van 10 november 2023 staat het. Per 1 januari 2025 moet het klaar zijn.", "2023-11-10",
         ("2023-11-10", "2025-01-01")),
        ("De minister schreef d.d. 16 december 2024. Vanaf 1 juli 2025 geldt de wet.", "2024-12-16",
         ("2024-12-16", "2025-07-01")),
        # only a future date: the letter is older than it; the window says how little is known
        ("Per 1 juli 2025 geldt de wet.", "2025-07-01", ("2024-01-01", "2025-07-01")),
        ("Een notitie zonder datum.", None, None),
    ],
)
def test_infer_date(text: str, expected: str | None, window: tuple[str, str] | None) -> None:
    found = infer_date(text)
    assert (found.date.isoformat() if found.date else None) == expected
    assert (tuple(d.isoformat() for d in found.window) if found.window else None) == window
    assert found.source == ("inferred" if expected else "unknown")


@pytest.mark.parametrize(("header", "number", "year"), [
    ("Lbr. 24/006", "24/006", 2024),
    ("Lbr: 25/041", "25/041", 2025),
    ("Lbr.\n25/112", "25/112", 2025),
    ("Ledenbrief nummer 23/098", "23/098", 2023),
    ("Ons kenmerk TLE/U202400123", None, None),
])
def test_letter_number_and_its_year_from_the_header(tmp_path, header: str, number: str | None,
                                                    year: int | None) -> None:
    text = f"Vereniging van Nederlandse Gemeenten\n\n{header}\n\nDatum 25 februari 2025\n\nBetreft Opvang\n\n" \
           "Geachte leden,\n\nDe VNG informeert u over de opvang van asielzoekers in gemeenten.\n"
    letter = _letter(tmp_path, text)
    assert (letter.meta.letter_number, letter.meta.letter_year) == (number, year)
    assert (letter.meta.date, letter.meta.date_source, letter.meta.title) == ("2025-02-25", "explicit", "Opvang")
    assert [p.text for p in letter.passages] == ["De VNG informeert u over de opvang van asielzoekers in gemeenten."]


def test_header_fields_after_the_salutation_are_fields_not_passages(tmp_path) -> None:
    # A side column of a PDF letterhead read after the address block and the salutation.
    text = ("Aan de leden\n\nGeachte leden van college en gemeenteraad,\n\nDatum\n\n25 februari 2025\n\n"
            "Ons kenmerk TLE/U202500317\n\nTelefoon 070 373 8393\n\nBijlage(n) 2\n\nLbr. 25/017\n\n"
            "Betreft Opvang na 1 juli\n\nDe VNG informeert u over de opvang van asielzoekers in gemeenten.\n")
    letter = _letter(tmp_path, text)
    assert [p.text for p in letter.passages] == ["De VNG informeert u over de opvang van asielzoekers in gemeenten."]
    assert (letter.meta.date, letter.meta.date_source, letter.meta.title, letter.meta.letter_number) == \
        ("2025-02-25", "explicit", "Opvang na 1 juli", "25/017")


def test_a_sentence_that_starts_like_a_label_stays_a_passage(tmp_path) -> None:
    text = ("Geachte leden,\n\nAanleiding voor deze brief is de opvang van asielzoekers in gemeenten.\n\n"
            "Datum en tijd van het overleg volgen nog; wij informeren u tijdig.\n")
    assert len(_letter(tmp_path, text).passages) == 2


def test_a_letter_without_content_fails_with_what_was_seen(tmp_path) -> None:
    from pipeline.errors import EmptyContentError

    with pytest.raises(EmptyContentError, match=r"no content found: the text has 3 lines .* salutation"):
        _letter(tmp_path, "Geachte leden,\n\nMet vriendelijke groet,\n\nVNG\n")


@pytest.mark.parametrize(("header", "title"), [
    # a heading that only names the type, then the subject line (no "Betreft")
    ("CONSULTATIEREACTIE\nOntwerpregeling vergoeding schoolvervoer nieuwkomers\nDatum: 2 juni 2026\n",
     "Ontwerpregeling vergoeding schoolvervoer nieuwkomers"),
    # the sender's name between them is skipped; a quoted theme on the next line belongs to the title
    ("Position paper\nVereniging van Nederlandse Gemeenten\nHoorzitting vaste commissie voor Justitie\n"
     "\u201cToezicht op kleine opvanglocaties\u201d\nDatum: 2 juni 2026\n",
     "Hoorzitting vaste commissie voor Justitie \u201cToezicht op kleine opvanglocaties\u201d"),
    ("VNG-reactie\n\nWetsvoorstel registratie tijdelijke bewoners\n\nKenmerk: AB/2026-11\n",
     "Wetsvoorstel registratie tijdelijke bewoners"),
    # a Betreft field still wins
    ("ZIENSWIJZE\nOver de opvang\nBetreft: Ontwerpbesluit tijdelijke huisvesting\n",
     "Ontwerpbesluit tijdelijke huisvesting"),
])
def test_the_title_under_a_heading_that_names_only_the_type(tmp_path, header: str, title: str) -> None:
    text = f"{header}\nGeachte heer, mevrouw,\n\nDe VNG reageert graag op het voorstel over de opvang in gemeenten.\n"
    assert _letter(tmp_path, text).meta.title == title


def test_a_type_heading_right_above_the_fields_gives_no_title_of_its_own(tmp_path) -> None:
    text = ("CONSULTATIEREACTIE\nDatum: 2 juni 2026\n\nGeachte heer, mevrouw,\n\n"
            "1. Schoolvervoer\n\nDe VNG reageert graag op het voorstel over de opvang in gemeenten.\n")
    assert _letter(tmp_path, text).meta.title == "1. Schoolvervoer"


def test_fields_aligned_in_a_column_are_fields(tmp_path) -> None:
    # lower-case labels, values aligned by spaces, a value wrapped onto the next line; no colons, no blank lines
    text = ("Vereniging van Nederlandse Gemeenten\n\n"
            "aan          de vaste commissie voor Binnenlandse Zaken\n"
            "datum        4 mei 2026\n"
            "ons kenmerk  AB/2026-031\n"
            "betreft      Leegstandsbeheer van gemeentelijke panden: voorwaarden, termijnen en\n"
            "             toezicht\n\n"
            "Geachte leden van de commissie,\n\n"
            "De VNG reageert graag op het voorstel over leegstandsbeheer in gemeenten.\n")
    letter = _letter(tmp_path, text)
    assert (letter.meta.date, letter.meta.date_source) == ("2026-05-04", "explicit")
    assert letter.meta.title == "Leegstandsbeheer van gemeentelijke panden: voorwaarden, termijnen en toezicht"
    assert [p.text for p in letter.passages] == ["De VNG reageert graag op het voorstel over leegstandsbeheer in gemeenten."]


def test_a_letterhead_line_ending_with_the_occasions_date_dates_the_letter(tmp_path) -> None:
    text = ("POSITION PAPER\nHoorzitting toezicht op kleine opvanglocaties\n"
            "Vaste commissie voor Justitie en Veiligheid, Tweede Kamer, 14 oktober 2026\n\n"
            "1. Inleiding\n\nDe VNG reageert graag op het voorstel over toezicht in gemeenten.\n")
    letter = _letter(tmp_path, text)
    assert (letter.meta.date, letter.meta.date_source) == ("2026-10-14", "explicit")


def test_a_sentence_ending_with_a_date_does_not_date_the_letter(tmp_path) -> None:
    text = ("Geachte leden,\n\nDe minister heeft het voorstel, na overleg met de VNG, ingediend op 14 oktober 2026\n"
            "en de Kamer behandelt het binnenkort.\n")
    assert _letter(tmp_path, text).meta.date_source != "explicit"
