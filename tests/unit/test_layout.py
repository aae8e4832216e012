"""Text layout decided from evidence (pipeline/extract/layout.py) and what the cleaner makes of it."""
from __future__ import annotations

import pytest

from pipeline.extract.clean import clean_document
from pipeline.extract.layout import decide_layout
from pipeline.extract.text import read_text, split_lines
from pipeline.segment import segment

PARAGRAPHS = [
    "Het kabinet heeft op 3 maart 2025 besloten de Spreidingswet in te trekken. Dat leidt tot grote onzekerheid "
    "bij gemeenten die al locaties hebben voorbereid en met hun inwoners in gesprek zijn gegaan.",
    "De VNG maakt zich ook zorgen over de financiering van de noodopvang. Minister Faber heeft nog geen "
    "duidelijkheid gegeven over de middelen voor 2026, terwijl gemeenten nu contracten moeten afsluiten.",
    "Wij vragen u daarom om op korte termijn met gemeenten in overleg te gaan over een meerjarige regeling.",
]
LETTER_PARTS = ["Geachte leden van college en gemeenteraad,", *PARAGRAPHS, "Met vriendelijke groet,",
                "Vereniging van Nederlandse Gemeenten"]


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current]


def _passages(text: str) -> list[str]:
    raw = read_text(text.encode("utf-8"), "brief.txt")
    return [p.text for p in segment("brief", clean_document(raw)).passages]


def _layout(text: str) -> str:
    return decide_layout(split_lines(text)).kind


SHAPES = {
    "paragraph_per_line with blank lines": ("\n\n".join(LETTER_PARTS), "paragraph_per_line"),
    "paragraph_per_line without blank lines": ("\n".join(LETTER_PARTS), "paragraph_per_line"),
    "hard-wrapped at 72": ("\n\n".join("\n".join(_wrap(p, 72)) for p in LETTER_PARTS), "wrapped"),
    "hard-wrapped at 100, CRLF": ("\r\n\r\n".join("\r\n".join(_wrap(p, 100)) for p in LETTER_PARTS), "wrapped"),
    "paragraph_per_line, CR": ("\r\r".join(LETTER_PARTS), "paragraph_per_line"),
    "double spaced": ("\n\n\n".join("\n\n".join(_wrap(p, 80)) for p in LETTER_PARTS), "wrapped_double_spaced"),
    "wrapped, first-line indents, no blank lines": (
        "\n".join(line for p in LETTER_PARTS for line in ["\t" + _wrap(p, 70)[0], *_wrap(p, 70)[1:]]), "wrapped"),
}


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_is_recognised_and_gives_the_paragraphs(name: str) -> None:
    text, kind = SHAPES[name]
    assert _layout(text) == kind
    assert _passages(text) == PARAGRAPHS


def test_a_block_of_long_lines_in_a_wrapped_file_is_read_one_paragraph_per_line() -> None:
    wrapped = "\n".join(_wrap(PARAGRAPHS[0], 70))
    pasted = "\n".join(PARAGRAPHS[1:])  # two long lines, no blank line between them
    text = f"Geachte leden,\n\n{wrapped}\n\n{pasted}\n\nMet vriendelijke groet,\n"
    assert _layout(text) == "mixed"
    assert _passages(text) == PARAGRAPHS


def test_the_layout_and_its_evidence_are_recorded() -> None:
    raw = read_text("\n\n".join(LETTER_PARTS).encode("utf-8"), "brief.txt")
    evidence = dict(raw.layout_evidence)
    assert raw.layout == "paragraph_per_line"
    assert evidence["continuations"] == 0 and evidence["lines"] == len(LETTER_PARTS)


def test_form_feeds_start_pages_and_a_paragraph_runs_on_across_them() -> None:
    lines = _wrap(PARAGRAPHS[0], 60)
    text = "Geachte leden,\n\n" + "\n".join(lines[:2]) + "\n\f\n" + "\n".join(lines[2:]) + "\n"
    raw = read_text(text.encode("utf-8"), "brief.txt")
    assert max(line.page for line in raw.lines) == 2
    assert _passages(text) == [PARAGRAPHS[0]]


def test_a_salutation_without_a_blank_line_takes_only_itself_out() -> None:
    text = "Geachte leden van college en gemeenteraad,\n" + "\n".join(_wrap(PARAGRAPHS[0], 72)) + "\n"
    assert _passages(text) == [PARAGRAPHS[0]]
    one_line = "Geachte leden, " + PARAGRAPHS[0]  # read together with the first paragraph
    assert _passages(one_line + "\n") == [PARAGRAPHS[0]]


@pytest.mark.parametrize("hyphen", ["-", "\u2010", "\u2011", "\u00ad"])
def test_line_end_hyphens_in_every_form_are_undone(hyphen: str) -> None:
    text = (f"Geachte leden,\n\nGemeenten werken hard aan de huisvestings{hyphen}\nopgave en aan de "
            f"vreemdelingen{hyphen}\nketen in de regio.\n")
    assert _passages(text) == ["Gemeenten werken hard aan de huisvestingsopgave en aan de vreemdelingenketen in "
                               "de regio."]


@pytest.mark.parametrize("hyphen", ["-", "\u2010", "\u2011"])
def test_a_visible_hyphen_of_a_real_compound_stays(hyphen: str) -> None:
    text = f"Geachte leden,\n\nSamen met het COA{hyphen}\nteam en de Oekraïne{hyphen}\nopvang in Oekraïne.\n"
    assert _passages(text) == ["Samen met het COA-team en de Oekraïne-opvang in Oekraïne."]


def test_soft_hyphens_inside_words_give_whole_words() -> None:
    text = "Geachte leden,\n\nDe ge\u00admeen\u00adten vragen om meer\u00ad\nduidelijkheid over de op\u00advang.\n"
    assert _passages(text) == ["De gemeenten vragen om meerduidelijkheid over de opvang."]


@pytest.mark.parametrize(("line", "kind", "bullet"), [
    ("• een vast aanspreekpunt", "list_item", "•"),
    ("- een vast aanspreekpunt", "list_item", "-"),
    ("– een vast aanspreekpunt", "list_item", "–"),
    ("➢ een vast aanspreekpunt", "list_item", "➢"),
    ("* een vast aanspreekpunt", "list_item", "*"),
    ("a. een vast aanspreekpunt", "list_item", "a."),
    ("1) een vast aanspreekpunt", "list_item", "1)"),
    ("1. een vast aanspreekpunt;", "list_item", "1."),
])
def test_bullets_of_every_kind(line: str, kind: str, bullet: str) -> None:
    raw = read_text(f"Wij vragen om:\n\n{line}\n\nDat is nodig.\n".encode(), "brief.txt")
    blocks = clean_document(raw).blocks
    assert (blocks[1].kind, blocks[1].bullet, blocks[1].text) == (kind, bullet, line.split(" ", 1)[1])


@pytest.mark.parametrize("heading", ["FINANCIERING VAN DE OPVANG", "1. Financiering van de opvang",
                                     "1.1 Financiering van de opvang", "2) Financiering van de opvang"])
def test_headings_in_capitals_and_numbered(heading: str) -> None:
    text = f"{PARAGRAPHS[0]}\n\n{heading}\n\n{PARAGRAPHS[1]}\n"
    seg = segment("brief", clean_document(read_text(text.encode(), "brief.txt")))
    assert seg.headings == (heading,)
    assert [p.section for p in seg.passages] == [None, heading]
