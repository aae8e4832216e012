"""Every letter, whatever shape it arrives in: the same passages, sections, entities and metadata.

Six fictional letters (tests/data/shapes) are each written in ten shapes (tests/shapes): five plain-text
layouts, a Word document, a saved web page, a reportlab PDF and a Chromium print-to-PDF with a letterhead
and a side block of fields (skipped where Chromium is absent). The reference is the letter's own data.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline.entities import run_nlp
from pipeline.letter import get_engine, read_letter
from pipeline.types import Letter, Passage
from tests.shapes import FOOTER, ShapeLetter, chromium_available, letters, reference, write_shapes

LETTERS = letters()
TEXT_SHAPES = ("lines_blank", "lines_noblank", "wrapped", "pdf_text", "crlf_tabs", "cr")
SHAPES = (*TEXT_SHAPES, "docx", "html", "reportlab", "chromium")
SIMILARITY = 0.98


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    root = tmp_path_factory.mktemp("shapes")
    return {letter.id: write_shapes(letter, root / letter.id, chromium=chromium_available()) for letter in LETTERS}


def _read(rendered: dict[str, dict[str, Path]], letter: ShapeLetter, shape: str) -> Letter:
    if shape not in rendered[letter.id]:
        pytest.skip(f"{shape}: /usr/bin/chromium is not installed (.ci/run installs Debian's chromium)")
    path = rendered[letter.id][shape]
    return read_letter(path, source=path.name, doc_id=letter.id)


def _words(texts: list[str]) -> list[str]:
    return " ".join(texts).split()


def test_there_are_six_letters_of_different_kinds() -> None:
    assert len(LETTERS) >= 6
    assert len({letter.kind for letter in LETTERS}) >= 3
    assert len({len(reference(letter)) for letter in LETTERS}) >= 4  # different lengths


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("letter", LETTERS, ids=[letter.id[:4] for letter in LETTERS])
def test_every_shape_gives_the_reference_passages(rendered: dict[str, dict[str, Path]], letter: ShapeLetter,
                                                  shape: str) -> None:
    got = _read(rendered, letter, shape)
    expected = reference(letter)
    ratio = difflib.SequenceMatcher(None, _words([t for _, t in expected]), _words([p.text for p in got.passages]),
                                    autojunk=False).ratio()
    assert ratio >= SIMILARITY, f"{shape}: word similarity {ratio:.3f}"
    assert [p.section for p in got.passages] == [section for section, _ in expected], shape
    # Nothing of the letterhead, footer, footnote links or salutation inside a passage.
    codes = [value for label, value in letter.header if any(ch.isdigit() for ch in value)
             and label.lower() not in ("datum", "betreft", "bijlage(n)")]
    for passage in got.passages:
        assert "http" not in passage.text and "www." not in passage.text, passage.text
        assert not re.search(rf"{FOOTER} \d+/\d+", passage.text), passage.text
        assert not any(code in passage.text for code in codes), passage.text
        assert passage.text not in {value for _, value in letter.header}, passage.text
        if letter.salutation:
            assert letter.salutation not in passage.text
        if letter.closing:
            assert letter.closing not in passage.text


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("letter", LETTERS, ids=[letter.id[:4] for letter in LETTERS])
def test_every_shape_gives_the_letters_metadata(rendered: dict[str, dict[str, Path]], letter: ShapeLetter,
                                                shape: str) -> None:
    got = _read(rendered, letter, shape)
    expected = letter.expected
    if expected["date"]:
        assert (got.meta.date, got.meta.date_source) == (expected["date"], "explicit"), shape
    else:
        assert got.meta.date_source != "explicit", shape  # a PDF's CreationDate may still date it
    assert got.meta.letter_number == expected["letter_number"], shape
    if expected["letter_number"]:
        assert got.meta.letter_year == 2000 + int(expected["letter_number"][:2])
    assert got.meta.title == expected["title"], shape


def _entity_keys(letter: ShapeLetter, passages: tuple[Passage, ...]) -> Counter[tuple[str, str]]:
    result = run_nlp(get_engine().nlp, passages, letter.expected["date"])
    # Without a printed date, day-months are resolved against whatever dates the letter: compare their words.
    return Counter((e.label, e.text if e.label == "DATUM" and not letter.expected["date"] else e.canonical)
                   for e in result.entities)


@pytest.mark.slow
@pytest.mark.parametrize("letter", LETTERS, ids=[letter.id[:4] for letter in LETTERS])
def test_every_shape_gives_the_same_entities(rendered: dict[str, dict[str, Path]], letter: ShapeLetter) -> None:
    expected = _entity_keys(letter, tuple(Passage(id=f"{letter.id}#p{i:03d}", section=section, text=text, page=None)
                                          for i, (section, text) in enumerate(reference(letter), start=1)))
    assert sum(expected.values()) >= 5
    for shape in rendered[letter.id]:
        got = _read(rendered, letter, shape)
        keys = _entity_keys(letter, got.passages)
        assert keys == expected, f"{shape}: missing {expected - keys}, extra {keys - expected}"
