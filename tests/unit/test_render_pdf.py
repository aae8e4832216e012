"""The test PDF renderer must produce the artefacts our cleaner has to undo, readable by pdfminer."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser

from tests import render_pdf
from tests.render_pdf import RenderBlock, blocks_from_text, render_letter_pdf

URL = "https://www.tweedekamer.nl/voorbeeld/fictief/kamerstuk-2025-opvang"
LONG_URL = (
    "https://www.rijksoverheid.nl/voorbeeld/fictief/documenten/kamerstukken/2025/03/12/"
    "brief-over-de-voortgang-van-de-huisvesting-van-vergunninghouders-en-de-noodopvang"
)

# Own sentences (fictional), long words and real hyphens so every line-end case occurs.
_SENTENCES = (
    "Gemeenten werken hard aan de huisvesting van statushouders en de inburgering van nieuwkomers.",
    "De COA-locatie in de gemeente blijft langer open dan afgesproken, waardoor de druk oploopt.",
    "Verantwoordelijkheidsverdeling tussen Rijk en gemeenten vraagt om duidelijke afspraken.",
    "Het kabinet wil de noodopvang in paviljoens uitbreiden met ruim 3.000 plekken.",
    "Wij vragen de minister om structurele financiering van de maatschappelijke begeleiding.",
)

# Openers of different lengths shift where later words fall, so breaks vary from line to line.
_OPENERS = ("Ook", "Daarnaast geldt:", "Bovendien", "In de regio", "Tot slot merken wij op:", "Kortom", "Wel")


def _long_letter() -> list[RenderBlock]:
    blocks = [
        RenderBlock("meta", "FICTIEF VOORBEELD – testbrief"),
        RenderBlock("meta", "Datum\n12 maart 2025"),
        RenderBlock("meta", "Geachte dames en heren,"),
    ]
    for section in range(1, 6):
        blocks.append(RenderBlock("heading", f"{section}. Opvang en huisvesting deel {section}"))
        for para in range(3):
            # rotate the sentences so words land at different line positions
            opener = _OPENERS[(section * 3 + para) % len(_OPENERS)]
            text = opener + " " + " ".join(_SENTENCES[(section + para + k) % len(_SENTENCES)] for k in range(4))
            urls = (URL,) if (section, para) == (2, 1) else ()
            blocks.append(RenderBlock("paragraph", text, urls))
        blocks.append(RenderBlock("list_item", "➢ Wij vragen u de minister te verzoeken de COA-locaties tijdig te sluiten."))
    blocks.append(RenderBlock("meta", "Met vriendelijke groet,"))
    blocks.append(RenderBlock("meta", "Vereniging van Nederlandse Gemeenten"))
    blocks.append(RenderBlock("meta", "drs. P. Testpersoon\nDirecteur"))
    return blocks


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    path = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    pages = render_letter_pdf(_long_letter(), path, title="FICTIEF testbrief", date="2025-03-12")
    return path, pages, extract_text(str(path))


def _lines(text: str) -> list[str]:
    return [ln.rstrip() for ln in text.splitlines() if ln.strip()]


def test_long_letter_has_several_pages(long_pdf: tuple[Path, int, str]) -> None:
    path, pages, _ = long_pdf
    assert pages > 1
    assert len(list(extract_pages(str(path)))) == pages


def test_running_header_and_page_numbers(long_pdf: tuple[Path, int, str]) -> None:
    _, pages, text = long_pdf
    assert f"Vereniging van Nederlandse Gemeenten 2/{pages}" in text
    assert "Vereniging van Nederlandse Gemeenten 1/" not in text  # page 1 has the bare letterhead
    assert str(pages) in _lines(text)  # the bare footer number


def test_hyphenation_happened(long_pdf: tuple[Path, int, str]) -> None:
    lines = _lines(long_pdf[2])
    hyphenated = [ln for ln in lines if ln.endswith("-") and not ln.startswith("http")]
    assert hyphenated, "expected at least one line broken with a hyphen"


def test_real_hyphen_break_keeps_compound(long_pdf: tuple[Path, int, str]) -> None:
    # the hard case for the cleaner: "COA-" at a line end, "locatie" on the next line
    lines = _lines(long_pdf[2])
    assert any(a.endswith("COA-") and b.startswith("locatie") for a, b in itertools.pairwise(lines))
    assert not any(ln.endswith("CO-") or ln.endswith("COA--") for ln in lines)


def test_footnote_reference_and_url(long_pdf: tuple[Path, int, str]) -> None:
    text = long_pdf[2]
    assert f"1 {URL}" in text
    assert any(ln.endswith(".1") for ln in _lines(text))  # superscript glued to the last word


def test_no_hyphenation_when_disabled(tmp_path: Path) -> None:
    path = tmp_path / "plat.pdf"
    render_letter_pdf(_long_letter(), path, hyphenate=False)
    assert not [ln for ln in _lines(extract_text(str(path))) if ln.endswith("-")]


def test_long_footnote_url_is_wrapped(tmp_path: Path) -> None:
    path = tmp_path / "url.pdf"
    render_letter_pdf([RenderBlock("paragraph", "Zie de brief van het kabinet.", (LONG_URL,))], path)
    text = extract_text(str(path))
    assert "1 https://www.rijksoverheid.nl/" in text
    assert LONG_URL not in text  # too long for one line...
    assert LONG_URL[-25:] in text.replace("\n", "")  # ...but nothing is lost


def test_metadata(long_pdf: tuple[Path, int, str]) -> None:
    with long_pdf[0].open("rb") as fh:
        info = PDFDocument(PDFParser(fh)).info[0]
    assert info["Title"] == b"FICTIEF testbrief"
    assert info["CreationDate"].startswith(b"D:20250312")


def test_no_invented_metadata(tmp_path: Path) -> None:
    path = tmp_path / "kaal.pdf"
    render_letter_pdf([RenderBlock("paragraph", "Korte brief.")], path)
    with path.open("rb") as fh:
        info = PDFDocument(PDFParser(fh)).info[0]
    assert "Title" not in info and "CreationDate" not in info


def test_deterministic_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render_letter_pdf(_long_letter(), a, date="12 maart 2025")
    render_letter_pdf(_long_letter(), b, date="12 maart 2025")
    assert a.read_bytes() == b.read_bytes()


def test_bullet_falls_back_without_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_pdf, "_fancy_font_state", {"name": None})
    path = tmp_path / "bullet.pdf"
    render_letter_pdf([RenderBlock("list_item", "➢ Wij vragen u iets.")], path)
    text = extract_text(str(path))
    assert "•" in text and "➢" not in text


def test_invalid_input_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"RenderBlock\.kind must be one of"):
        render_letter_pdf([RenderBlock("tabel", "x")], tmp_path / "x.pdf")
    with pytest.raises(ValueError, match="cannot read date 'ergens in maart'"):
        render_letter_pdf([RenderBlock("paragraph", "x")], tmp_path / "y.pdf", date="ergens in maart")


def test_blocks_from_text() -> None:
    text = (
        "FICTIEF VOORBEELD – geen echte VNG-brief\n"
        "Vereniging van Nederlandse Gemeenten\n\n"
        "Datum\n3 februari 2026\n\n"
        "Onderwerp\nInbreng commissiedebat\n\n"
        "Geachte dames en heren,\n\n"
        "Wij vragen aandacht voor:\n1. Opvang\n2. Huisvesting\n\n"
        "1. Opvang in paviljoens\n"
        "De opvang staat onder druk, waardoor gemeenten extra\n"
        "plekken zoeken.\n"
        f"{URL}\n\n"
        "➢ Wij vragen u de minister te verzoeken om een plan\n"
        "voor de afbouw.\n"
        "• Tweede punt.\n\n"
        "Met vriendelijke groet,\n\n"
        "Vereniging van Nederlandse Gemeenten\n\n"
        "mr. A. Voorbeeld\nAlgemeen directeur\n"
    )
    got = [(b.kind, b.text, b.footnote_urls) for b in blocks_from_text(text)]
    assert got == [
        ("meta", "FICTIEF VOORBEELD – geen echte VNG-brief", ()),
        ("meta", "Datum\n3 februari 2026", ()),
        ("meta", "Onderwerp\nInbreng commissiedebat", ()),
        ("meta", "Geachte dames en heren,", ()),
        ("paragraph", "Wij vragen aandacht voor:", ()),
        ("list_item", "1. Opvang", ()),
        ("list_item", "2. Huisvesting", ()),
        ("heading", "1. Opvang in paviljoens", ()),
        ("paragraph", "De opvang staat onder druk, waardoor gemeenten extra plekken zoeken.", (URL,)),
        ("list_item", "➢ Wij vragen u de minister te verzoeken om een plan voor de afbouw.", ()),
        ("list_item", "• Tweede punt.", ()),
        ("meta", "Met vriendelijke groet,", ()),
        ("meta", "Vereniging van Nederlandse Gemeenten", ()),
        ("meta", "mr. A. Voorbeeld\nAlgemeen directeur", ()),
    ]


def test_example_sources_round_trip(tmp_path: Path) -> None:
    # every shipped source renders to a multi-page letter that still carries the fiction marker
    sources = sorted((Path(__file__).resolve().parents[2] / "scripts" / "example_sources").glob("*.txt"))
    assert sources
    for src in sources:
        out = tmp_path / f"{src.stem}.pdf"
        assert render_letter_pdf(blocks_from_text(src.read_text(encoding="utf-8")), out) >= 1
        assert "FICTIEF VOORBEELD" in extract_text(str(out))
