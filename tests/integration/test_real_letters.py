"""End to end over the real letters in ../shared/corpora/vng (acceptance of the foundation)."""
from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.extract import clean_document, read_document
from pipeline.letter import read_letter
from pipeline.types import ENTITY_LABELS, STANCES, THEMES
from tests.conftest import real_letters

URL_RE = re.compile(r"https?://|www\.|mailto:")
HEADER_RE = re.compile(r"Vereniging van Nederlandse Gemeenten\s+\d+\s*/\s*\d+")


@pytest.fixture(scope="module")
def analysed(real_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real")
    result = CliRunner().invoke(app, ["analyze", str(real_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _letters(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "letters").glob("*.json"))}


def test_all_letters_ok(analysed: Path, real_corpus: Path) -> None:
    manifest = json.loads((analysed / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == len(list(real_corpus.glob("*.txt")))
    assert all(f["status"] == "ok" and f["error"] is None for f in manifest["files"])
    for key in ("started", "finished", "version"):
        assert manifest[key]


def test_contract_fields(analysed: Path) -> None:
    for letter in _letters(analysed).values():
        for key in ("doc_id", "source", "sha256", "date", "date_source", "doc_type", "title", "passages", "entities"):
            assert key in letter
        assert letter["doc_type"] in {"ledenbrief", "kamerbrief", "position_paper", "other"}
        ids = [p["id"] for p in letter["passages"]]
        assert len(ids) == len(set(ids)) and all(i.startswith(letter["doc_id"] + "#p") for i in ids)
        by_id = {}
        for passage in letter["passages"]:
            for key in ("id", "section", "text", "page", "themes", "theme_scores", "stance", "stance_scores",
                        "request", "targets"):
                assert key in passage
            # the values, not only the keys: types, label sets and probabilities as the contract says
            assert isinstance(passage["text"], str) and passage["text"].strip()
            assert passage["section"] is None or isinstance(passage["section"], str)
            assert passage["page"] is None or (isinstance(passage["page"], int) and passage["page"] >= 1)
            assert set(passage["themes"]) <= set(THEMES) and set(passage["theme_scores"]) == set(THEMES)
            assert all(0.0 <= v <= 1.0 for v in passage["theme_scores"].values())
            assert all(passage["theme_scores"][t] > 0 for t in passage["themes"])
            assert passage["stance"] in STANCES and set(passage["stance_scores"]) == set(STANCES)
            assert abs(sum(passage["stance_scores"].values()) - 1.0) <= 1.5e-4  # three values rounded to 4 decimals
            assert passage["stance_scores"][passage["stance"]] == max(passage["stance_scores"].values())
            assert isinstance(passage["request"], bool)
            assert all(isinstance(t, str) and t for t in passage["targets"])
            by_id[passage["id"]] = passage
        for entity in letter["entities"]:
            assert entity["label"] in ENTITY_LABELS
            text = by_id[entity["passage_id"]]["text"]
            assert 0 <= entity["start"] < entity["end"] <= len(text)
            assert text[entity["start"]:entity["end"]] == entity["text"], entity


def test_explicit_date(analysed: Path) -> None:
    letter = _letters(analysed)["001_550deb8e279389dc"]
    assert (letter["date"], letter["date_source"]) == ("2025-01-30", "explicit")
    assert letter["doc_type"] == "kamerbrief"


def test_inferred_dates_are_plausible(analysed: Path) -> None:
    letters = _letters(analysed)
    assert letters["002_a2fece1ccbfcf957"]["date"].startswith("2025-07")
    assert letters["004_c43955ed5106532c"]["date"].startswith("2023-11")
    assert {letters[k]["date_source"] for k in ("002_a2fece1ccbfcf957", "004_c43955ed5106532c")} == {"inferred"}
    assert {letters[k]["doc_type"] for k in ("002_a2fece1ccbfcf957", "004_c43955ed5106532c")} == {"ledenbrief"}


def test_inferred_dates_have_window_and_evidence(analysed: Path) -> None:
    letters = _letters(analysed)
    windows = {k: tuple(letters[k]["date_window"]) for k in ("002_a2fece1ccbfcf957", "004_c43955ed5106532c")}
    # 002 reports "14 juli jl."; 004 the cabinet's letters of "vrijdag 10 november" and "1 januari a.s."
    assert windows["002_a2fece1ccbfcf957"][0] == "2025-07-14" and windows["002_a2fece1ccbfcf957"][1] < "2026-01-01"
    assert windows["004_c43955ed5106532c"][0] == "2023-11-10" and windows["004_c43955ed5106532c"][1] <= "2024-01-01"
    for letter in letters.values():
        low, high = letter["date_window"]
        assert low <= letter["date"] <= high
        assert letter["date_evidence"] and all(c["text"] and c["passage"] for c in letter["date_evidence"])
    manifest = json.loads((analysed / "manifest.json").read_text(encoding="utf-8"))
    entries = {f["doc_id"]: f for f in manifest["files"]}
    assert entries["002_a2fece1ccbfcf957"]["date_window"] == letters["002_a2fece1ccbfcf957"]["date_window"]


def test_passages_are_clean(analysed: Path) -> None:
    for letter in _letters(analysed).values():
        for passage in letter["passages"]:
            text = passage["text"]
            assert not URL_RE.search(text), text
            assert not HEADER_RE.search(text), text
            assert not re.fullmatch(r"\s*\d{1,3}\s*", text), text
            assert not re.search(r"[^\W\d_]{3,}- [a-z]", text.replace("- en ", "").replace("- of ", "")), text
            # footnote lines ("3 Kamerstukken ...") never survive as passages
            assert not re.match(r"^\d{1,2}\s+(https?|Kamerstukken)", text), text


def test_line_end_hyphenation_and_footnote_refs_undone(analysed: Path) -> None:
    text = " ".join(p["text"] for letter in _letters(analysed).values() for p in letter["passages"])
    # In 004 a footnote URL is split over two lines, and refs are glued to words ("brief2", "ingediend.3").
    assert "capaciteitsbesluit-coa" not in text
    assert "brief2" not in text and "ingediend.3" not in text and "jl.4" not in text
    assert "vier brieven naar" in text
    assert "Vreemdelingen- en Asielbeleid" in text  # an elliptical compound keeps its hyphen


def test_sections_not_passages(analysed: Path) -> None:
    letters = _letters(analysed)
    first = letters["001_550deb8e279389dc"]
    sections = {p["section"] for p in first["passages"]}
    assert "1. Zorgen over vervolg implementatie Spreidingswet" in sections
    assert "Inleiding" in sections
    texts = {p["text"] for letter in letters.values() for p in letter["passages"]}
    for heading in ("1. Zorgen over vervolg implementatie Spreidingswet", "Inleiding", "Asielnoodmaatregelenwet",
                    "Tekort aan opvangplekken", "Kleinschaligheid", "Derdelanders"):
        assert heading not in texts
    assert not any(t.startswith(("Geachte", "Met vriendelijke groet", "Mocht u vragen")) for t in texts)


def test_rerun_is_byte_identical(real_corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert runner.invoke(app, ["analyze", str(real_corpus), "--out", str(out)]).exit_code == 0
        outputs.append({p.name: p.read_bytes() for p in sorted((out / "letters").glob("*.json"))})
    assert outputs[0] == outputs[1] and outputs[0]


def _one_paragraph_per_line(path: Path) -> str:
    """The letter as a word processor would save it: every block the cleaner reads in the original
    (header lines, salutation, headings, paragraphs, list items with their bullet, closing) on one line,
    blank lines between them, and the lines it removed (page footers, footnote links) after them."""
    raw = read_document(path, path.read_bytes(), path.name)
    clean = clean_document(raw)
    lines = [f"{block.bullet} {block.text}" if block.bullet else block.text for block in clean.blocks]
    lines += [removal.text for removal in clean.removed if removal.kind in ("header_footer", "footnote_url", "footnote")]
    return "\n\n".join(lines) + "\n"


@pytest.mark.parametrize("path", real_letters(), ids=lambda p: p.stem[:3])
def test_real_letters_as_one_paragraph_per_line_give_the_same_passages(path: Path, tmp_path: Path) -> None:
    today = read_letter(path, source=path.name, doc_id=path.stem)
    rewritten = tmp_path / path.name
    rewritten.write_text(_one_paragraph_per_line(path), encoding="utf-8")
    assert max(len(line) for line in rewritten.read_text(encoding="utf-8").splitlines()) > 300  # really rewritten
    got = read_letter(rewritten, source=path.name, doc_id=path.stem)
    assert got.layout == "paragraph_per_line"
    ratio = difflib.SequenceMatcher(None, " ".join(p.text for p in today.passages).split(),
                                    " ".join(p.text for p in got.passages).split(), autojunk=False).ratio()
    assert ratio >= 0.98, f"word similarity {ratio:.4f}"
    assert [p.section for p in got.passages] == [p.section for p in today.passages]
    assert (got.meta.date, got.meta.title) == (today.meta.date, today.meta.title)
