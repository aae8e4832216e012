"""Each letter's table rows are made once and re-used by later runs, with the same bytes as made anew."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline.table_rows as table_rows
from pipeline.analyze import load_collection_results
from pipeline.cli import app
from pipeline.collection import ROWS_DIR
from pipeline.corpus import TABLE_ORDER, write_corpus_outputs
from pipeline.types import LetterResult
from pipeline.workbook import WORKBOOK_NAME
from tests.conftest import EXAMPLES

OUTPUTS = (*(f"{name}.csv" for name in TABLE_ORDER), WORKBOOK_NAME)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[LetterResult], dict[str, str]]:
    folder = tmp_path_factory.mktemp("rows")
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--out", str(folder), "--workers", "1"])
    assert result.exit_code == 0, result.output
    collection, results = load_collection_results(folder)
    return list(results.values()), collection.pipelines()


def _outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def _counting_render(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    render = table_rows.render

    def counted(result: LetterResult) -> dict[str, table_rows.Rows]:
        made.append(result.doc_id)
        return render(result)

    monkeypatch.setattr(table_rows, "render", counted)
    return made


def test_kept_rows_give_the_bytes_of_rows_made_anew(analysed: tuple[list[LetterResult], dict[str, str]],
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results, pipelines = analysed
    write_corpus_outputs(results, tmp_path / "fresh")  # no pipelines: rows made, nothing kept
    assert not (tmp_path / "fresh" / ROWS_DIR).exists() or not any((tmp_path / "fresh" / ROWS_DIR).iterdir())
    write_corpus_outputs(results, tmp_path / "kept", pipelines)
    assert sorted(p.stem for p in (tmp_path / "kept" / ROWS_DIR).iterdir()) == sorted(r.doc_id for r in results)
    made = _counting_render(monkeypatch)
    write_corpus_outputs(results, tmp_path / "kept", pipelines)
    assert made == []  # every letter's rows came from its file
    assert _outputs(tmp_path / "kept") == _outputs(tmp_path / "fresh")


def test_rows_of_another_pipeline_or_damaged_are_made_again(analysed: tuple[list[LetterResult], dict[str, str]],
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results, pipelines = analysed
    write_corpus_outputs(results, tmp_path / "fresh")
    write_corpus_outputs(results, tmp_path, pipelines)
    first, second, *_ = sorted(r.doc_id for r in results)
    rows = tmp_path / ROWS_DIR
    (rows / f"{first}.rows").write_bytes((rows / f"{first}.rows").read_bytes()[:-40])  # cut short
    made = _counting_render(monkeypatch)
    write_corpus_outputs(results, tmp_path, {**pipelines, second: "another-pipeline"})
    assert sorted(made) == [first, second]
    assert _outputs(tmp_path) == _outputs(tmp_path / "fresh")


def test_rows_of_letters_taken_out_are_removed_and_nothing_else(analysed: tuple[list[LetterResult], dict[str, str]],
                                                                tmp_path: Path) -> None:
    results, pipelines = analysed
    write_corpus_outputs(results, tmp_path, pipelines)
    (tmp_path / ROWS_DIR / "notes.txt").write_text("mine", encoding="utf-8")
    write_corpus_outputs(results[1:], tmp_path, pipelines)
    assert sorted(p.name for p in (tmp_path / ROWS_DIR).iterdir()) == sorted(
        [f"{r.doc_id}.rows" for r in results[1:]] + ["notes.txt"])


def test_adding_a_letter_makes_only_its_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    letters = sorted(EXAMPLES.glob("*.txt"))
    for path in letters[:-1]:
        (corpus / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(out), "--workers", "1"]).exit_code == 0
    (corpus / letters[-1].name).write_bytes(letters[-1].read_bytes())
    made = _counting_render(monkeypatch)
    assert CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(out), "--workers", "1"]).exit_code == 0
    assert made == [letters[-1].stem]
    whole = tmp_path / "whole"
    assert CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(whole), "--workers", "1"]).exit_code == 0
    assert _outputs(out) == _outputs(whole)


def test_results_held_without_theme_scores_give_the_same_tables(analysed: tuple[list[LetterResult], dict[str, str]],
                                                                 tmp_path: Path) -> None:
    """The parent holds for_corpus results; a letter whose rows must be made again is read whole (`full`)."""
    results, pipelines = analysed
    write_corpus_outputs(results, tmp_path / "fresh")
    whole = {r.doc_id: r for r in results}
    slim = [table_rows.for_corpus(r) for r in results]
    assert any(p.theme_scores for r in results for p in r.passages)
    assert not any(p.theme_scores for r in slim for p in r.passages)
    asked: list[str] = []

    def full(result: LetterResult) -> LetterResult:
        asked.append(result.doc_id)
        return whole[result.doc_id]

    write_corpus_outputs(slim, tmp_path / "slim", pipelines, full=full)  # no rows files yet: all made from `full`
    assert sorted(asked) == sorted(whole)
    assert _outputs(tmp_path / "slim") == _outputs(tmp_path / "fresh")


def test_tables_written_letter_by_letter_leave_no_spool_files(analysed: tuple[list[LetterResult], dict[str, str]],
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results, pipelines = analysed
    write_corpus_outputs(results, tmp_path, pipelines)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [ROWS_DIR]

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.corpus.write_xlsx_atomic", broken)
    with pytest.raises(OSError, match="No space left"):
        write_corpus_outputs(results, tmp_path, pipelines)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [ROWS_DIR]
