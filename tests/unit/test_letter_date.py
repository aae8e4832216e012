"""The letter date from clues, with its window (pipeline/extract/letter_date.py), on constructed texts."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.letter_date import date_label, infer_date
from pipeline.letter import read_letter

# a line of only spaces separates paragraphs in text input (see pipeline/extract/text.py)
HEADER = "Vereniging van Nederlandse Gemeenten\n \nOnderwerp\nEen brief\n \nGeachte leden van college en gemeenteraad,\n \n"
CLOSING = "\n \nMet vriendelijke groet,\nVereniging van Nederlandse Gemeenten\n"


def _window(text: str) -> tuple[str | None, tuple[str, str] | None]:
    found = infer_date(text)
    window = (found.window[0].isoformat(), found.window[1].isoformat()) if found.window else None
    return (found.date.isoformat() if found.date else None), window


def test_tense_of_day_months_gives_the_window_and_the_year_from_full_dates() -> None:
    # future dates in 2026 would pull a majority-year guess to 2026; the tense says 2025
    day, window = _window("Op 17 februari heeft de minister het voorstel gestuurd. Op 6 maart organiseert de VNG "
                          "een bijeenkomst. Het voorstel moet per 1 januari 2026 in werking treden. Wij vragen "
                          "om afspraken voor 2026 en 2027.")
    assert (day, window) == ("2025-02-17", ("2025-02-17", "2025-03-06"))


def test_a_weekday_fixes_the_year() -> None:
    day, window = _window("Op dinsdag 1 april sprak de commissie over het voorstel. Op donderdag 10 april "
                          "debatteert u erover.")
    assert window == ("2025-04-01", "2025-04-10")  # 1 April is a Tuesday in 2025 (and 2014, 2031)
    assert day == "2025-04-01"


def test_deictic_words_tie_the_letter_to_the_days_around_a_date() -> None:
    _, window = _window("Afgelopen vrijdag 14 maart sloten provincies en rijk een akkoord. In 2025 blijft de "
                        "opgave groot.")
    assert window == ("2025-03-15", "2025-03-21")
    _, window = _window("Volgende week, woensdag 5 februari debatteert u met de minister. De wet geldt sinds "
                        "1 juli 2024.")
    assert window == ("2025-01-27", "2025-02-02")


def test_the_window_may_span_a_year_boundary() -> None:
    day, window = _window("In 2025 hebben gemeenten veel statushouders gehuisvest. Op 18 december jl. zijn "
                          "afspraken gemaakt. Die gaan per 1 januari a.s. in.")
    assert (day, window) == ("2025-12-18", ("2025-12-18", "2026-01-01"))


def test_outweighed_clues_stay_in_the_evidence_as_unused() -> None:
    found = infer_date("Sinds januari 2025 werken gemeenten samen. Op 4 juni jl. nam de Kamer de wet aan. De "
                       "senaat behandelt het voorstel op 24 juni. Sinds 2019 bestaat de regeling.")
    assert found.window is not None and found.window[0].isoformat() == "2025-06-04"
    assert all(clue.text and clue.passage for clue in found.evidence)
    assert {clue.kind for clue in found.evidence} >= {"past_date", "past_day_month", "future_day_month"}


@pytest.mark.parametrize(("day", "source", "window", "label"), [
    ("2025-07-14", "inferred", ("2025-07-14", "2025-08-31"), "≈ 2025-07 (na 14-07-2025)"),
    ("2025-07-01", "inferred", ("2024-01-01", "2025-07-01"), "≈ 2025-07 (voor 01-07-2025)"),
    ("2024-10-02", "pdf_metadata", ("2024-09-30", "2024-10-02"), "≈ 2024-10 (PDF 02-10-2024)"),
    ("2025-03-18", "inferred", ("2025-03-15", "2025-03-21"), "≈ 2025-03 (15-03-2025 – 21-03-2025)"),
    ("2025-01-30", "explicit", ("2025-01-30", "2025-01-30"), "2025-01-30"),
    (None, "unknown", None, "no date"),
])
def test_date_label(day: str | None, source: str, window: tuple[str, str] | None, label: str) -> None:
    assert date_label(day, source, window) == label


def test_letter_number_footnote_urls_and_kamerstuk_session(tmp_path: Path) -> None:
    text = (HEADER.replace("Onderwerp", "Lbr.\n24/006\n \nOnderwerp") + "Op 23 januari heeft de minister geschreven. "
            "Op 9 februari a.s. praten wij met het ministerie." + CLOSING)
    path = tmp_path / "lbr.txt"
    path.write_text(text, encoding="utf-8")
    meta = read_letter(path).meta
    assert (meta.date, meta.date_window, meta.date_source) == ("2024-01-23", ("2024-01-23", "2024-02-09"), "inferred")
    assert any(c.kind == "letter_number" and c.used for c in meta.date_evidence)

    text = (HEADER + "Op 19 februari schreven wij u.1 In maart gaat de VNG in gesprek (Kamerstukken II 2024/25, "
            "36 704, nr. 44)." + CLOSING
            + "\n \n1 https://vng.nl/sites/default/files/2025-02/20250219-ledenbrief.pdf\n")
    path = tmp_path / "url.txt"
    path.write_text(text, encoding="utf-8")
    meta = read_letter(path).meta
    assert meta.date_window == ("2025-02-19", "2025-03-31")
    kinds = {c.kind for c in meta.date_evidence if c.used}
    assert {"footnote_url", "kamerstuk_session"} <= kinds


def test_pdf_creation_date_used_when_plausible_and_rejected_when_not(tmp_path: Path) -> None:
    from tests.render_pdf import blocks_from_text, render_letter_pdf

    body = (HEADER + "Op 4 juni jl. nam de Tweede Kamer de wet aan. Sinds januari 2025 werken gemeenten samen. "
            "De Eerste Kamer behandelt het voorstel op 24 juni." + CLOSING)
    for created, expected_source in (("2025-06-10", "pdf_metadata"), ("2019-03-01", "inferred")):
        path = tmp_path / f"brief-{created}.pdf"
        render_letter_pdf(blocks_from_text(body), path, date=created)
        meta = read_letter(path).meta
        assert meta.date_source == expected_source
        assert meta.date_window is not None and meta.date_window[0] <= meta.date <= meta.date_window[1]
        pdf = next(c for c in meta.date_evidence if c.kind == "pdf_metadata")
        assert pdf.used == (expected_source == "pdf_metadata")
    assert meta.date == "2025-06-04"


def test_explicit_datum_field_has_a_one_day_window(tmp_path: Path) -> None:
    path = tmp_path / "datum.txt"
    path.write_text(HEADER.replace("Onderwerp", "Datum\n12-03-2025\n \nOnderwerp") + "Tekst." + CLOSING,
                    encoding="utf-8")
    meta = read_letter(path).meta
    assert (meta.date, meta.date_source, meta.date_window) == ("2025-03-12", "explicit", ("2025-03-12", "2025-03-12"))
    assert [c.kind for c in meta.date_evidence] == ["datum_field"]


def test_day_months_record_a_window_that_spans_a_year_boundary() -> None:
    from pipeline.entities import run_nlp
    from pipeline.nlp import build_nlp
    from pipeline.types import Passage

    passage = Passage(id="x#p001", section=None, text="Op 15 januari is er overleg. Vorig jaar en op 20 november "
                      "jl. spraken wij elkaar.", page=None)
    entities = run_nlp(build_nlp(), [passage], "2025-12-18", ("2025-12-18", "2026-01-02")).entities
    rules = {e.text: e.rule for e in entities if e.label == "DATUM"}
    assert rules["15 januari"] == "nearest_year"  # 2026-01-15 from either end of the window
    assert rules["20 november jl."] == "jl_past"
    assert rules["Vorig jaar"] == "relative_year+window_spans_year"  # 2024 or 2025
    certain = run_nlp(build_nlp(), [passage], "2025-12-18", ("2025-12-18", "2025-12-18")).entities
    assert {e.rule for e in certain if e.label == "DATUM"} == {"nearest_year", "jl_past", "relative_year"}
