"""Acceptance: each real letter rendered to a realistic PDF reads back like its text file.

The PDF has running headers ("Vereniging van Nederlandse Gemeenten n/N"), page numbers, footnote URLs
at the page foot with superscript references, and hyphenated line ends; the passages read from it must
match the text path's passages at >= 98 % (word-level sequence similarity), and each passage's `page`
must be the page on which its first words stand.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from pipeline.letter import read_letter
from pipeline.types import Letter
from tests.conftest import real_letters

pytest.importorskip("reportlab")
from pdfminer.high_level import extract_text

from tests.render_pdf import RenderBlock, render_letter_pdf


def _blocks(letter: Letter) -> list[RenderBlock]:
    blocks: list[RenderBlock] = []
    for block in letter.non_content:  # the header block up to the salutation, in order
        blocks.append(RenderBlock("meta", block.text))
        if block.kind == "salutation":
            break
    urls = [r.text.split()[-1] for r in letter.removed if r.kind == "footnote_url" and "://" in r.text]
    section: str | None = None
    for index, passage in enumerate(letter.passages):
        if passage.section != section and passage.section:
            blocks.append(RenderBlock("heading", passage.section))
        section = passage.section
        text = f"{passage.bullet} {passage.text}" if passage.kind == "list_item" else passage.text
        cited = (urls[index % len(urls)],) if urls and index % 3 == 1 else ()
        blocks.append(RenderBlock("list_item" if passage.kind == "list_item" else "paragraph", text, cited))
    blocks += [RenderBlock("meta", b.text) for b in letter.non_content if b.kind == "closing"]
    return blocks


def _words(letter: Letter) -> list[str]:
    return [w for p in letter.passages for w in p.text.split()]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "", text)).strip()


@pytest.mark.parametrize("path", real_letters(), ids=lambda p: p.stem)
def test_pdf_passages_match_text_passages(path: Path, tmp_path: Path) -> None:
    from_text = read_letter(path)
    pdf = tmp_path / f"{path.stem}.pdf"
    pages = render_letter_pdf(_blocks(from_text), pdf, title=from_text.meta.title, date=from_text.meta.date)
    assert pages >= 2
    from_pdf = read_letter(pdf)

    ratio = difflib.SequenceMatcher(None, _words(from_text), _words(from_pdf), autojunk=False).ratio()
    assert ratio >= 0.98, ratio
    assert [p.section for p in from_pdf.passages] == [p.section for p in from_text.passages]
    kinds = {r.kind for r in from_pdf.removed}
    assert {"header_footer", "page_number", "footnote_url", "footnote_ref"} <= kinds
    assert any(re.search(r"\w-$", r) for r in _raw_lines(pdf))  # hyphenated line ends were rendered

    page_texts = [_norm(extract_text(str(pdf), page_numbers=[n])) for n in range(pages)]
    for passage in from_pdf.passages:
        assert passage.page is not None and 1 <= passage.page <= pages
        start = " ".join(passage.text.split()[:4])
        assert start in page_texts[passage.page - 1] or start.replace("-", "") in page_texts[passage.page - 1], \
            (passage.id, passage.page, start)


def _raw_lines(pdf: Path) -> list[str]:
    return [line.rstrip() for line in extract_text(str(pdf)).splitlines()]
