"""Statements end to end on the fictional example corpus: statements.csv, positions, `vng shifts`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.stance.data import gold_real_dir, read_gold
from pipeline.stance.shifts import fold, match_targets
from tests.conftest import EXAMPLES

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("statements")
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--out", str(folder), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return folder


def _letters(out: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "letters").glob("*.json"))]


def test_statements_csv_has_one_row_per_statement(out: Path) -> None:
    statements = [s for letter in _letters(out) for s in letter["statements"]]
    frame = pd.read_csv(out / "statements.csv", keep_default_na=False)
    assert len(frame) == len(statements) > 20
    assert {"actor", "target", "stance", "confidence", "sentence", "passage_id", "doc_id", "date", "cues"} <= set(frame)
    assert set(frame["stance"]) <= {"kritisch", "neutraal", "steunend"}
    assert not frame.duplicated(["passage_id", "target"]).any()  # one statement per (passage, measure)


def test_every_statement_sentence_occurs_verbatim_in_its_passage(out: Path) -> None:
    for letter in _letters(out):
        texts = {p["id"]: p["text"] for p in letter["passages"]}
        for statement in letter["statements"]:
            text = texts[statement["passage_id"]]
            assert statement["sentence"] and statement["sentence"] in text
            assert text[statement["sentence_start"]:statement["sentence_end"]] == statement["sentence"]


def test_every_statement_is_about_a_target_of_its_passage(out: Path) -> None:
    for letter in _letters(out):
        targets = {p["id"]: p["targets"] for p in letter["passages"]}
        assert all(s["target"] in targets[s["passage_id"]] for s in letter["statements"])


def test_rerun_gives_byte_identical_statements_and_positions(out: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--out", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    for name in ("statements.csv", "positions.json", "shifts.csv", "changes.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_noodopvang_has_exactly_the_one_intended_confident_change(out: Path) -> None:
    positions = json.loads((out / "positions.json").read_text(encoding="utf-8"))
    target = positions["targets"]["noodopvang"]
    confident = [c for c in target["change_points"] if c["confident"]]
    assert [(c["from"], c["to"]) for c in confident] == [("steunend", "kritisch")]
    change = confident[0]
    assert change["from_sentence"] and change["to_sentence"]  # a sentence supports each side
    assert target["statements"] and all(s["target"] == "noodopvang" for s in target["statements"])


def test_points_carry_confidence_and_deciding_sentence(out: Path) -> None:
    positions = json.loads((out / "positions.json").read_text(encoding="utf-8"))
    for target in positions["targets"].values():
        for point in target["timeline"]:
            assert 0 <= point["confidence"] <= 1 and isinstance(point["confident"], bool)
            assert point["sentence"]


def test_shifts_changes_only_json_and_csv(out: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["shifts", str(out), "--changes-only", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(r["from_sentence"] and r["to_sentence"] and r["to_title"] for r in rows)
    result = runner.invoke(app, ["shifts", str(out), "-t", "noodopvang", "--csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(__import__("io").StringIO(result.output), keep_default_na=False)
    assert set(frame["target"]) == {"noodopvang"} and len(frame) == 5 and set(frame["title"]) != {""}


def test_shifts_text_is_not_cut_when_piped(out: Path) -> None:
    result = CliRunner().invoke(app, ["shifts", str(out), "-t", "noodopvang"])
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    assert "vb04_kamerbrief_paviljoens_kritisch_2026" in result.output


def test_target_matching_folds_accents_forgives_typos_and_suggests() -> None:
    names = ["noodopvang", "verhoging eigen bijdrage Oekraïners", "Spreidingswet", "intrekking Spreidingswet"]
    assert fold("Oekraïners") == "oekrainers"
    assert match_targets("oekrainers", names).names == ("verhoging eigen bijdrage Oekraïners",)
    assert match_targets("spreidingswet", names).names == ("Spreidingswet", "intrekking Spreidingswet")
    assert match_targets("nodopvang", names).names == ("noodopvang",)
    missing = match_targets("spreidingsbesluit", names)
    assert not missing.names and "Spreidingswet" in missing.suggestions


def test_shifts_unknown_target_suggests(out: Path) -> None:
    result = CliRunner().invoke(app, ["shifts", str(out), "-t", "paviljoenwet"])
    assert result.exit_code == 1


def test_gold_statements_of_the_real_letters_are_well_formed() -> None:
    for path in sorted(gold_real_dir().glob("*.jsonl")):
        gold = read_gold(path)
        assert gold and all(len(g.cue.split()) <= 10 for g in gold)
