"""The flat tables of `vng analyze`: CSVs and link tables in pandas, vng.xlsx in openpyxl, GEXF in networkx.

Row counts are checked against the JSON outputs (letters/*.json, graph.json, positions.json), which are
the pipeline's primary record, so a table that drops or duplicates rows fails here.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.graph import graph_from_node_link
from tests.conftest import EXAMPLES

pd = pytest.importorskip("pandas")
openpyxl = pytest.importorskip("openpyxl")

LINK_TABLES = ("passage_themes", "passage_targets", "edge_evidence", "shift_passages", "request_targets")
TABLES = ("letters", "passages", "passage_themes", "passage_targets", "entities", "nodes", "relations",
          "edge_evidence", "shifts", "shift_passages", "changes", "requests", "request_targets", "statements")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables")
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--out", str(folder), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return folder


def _letters(out: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "letters").glob("*.json"))]


def _expected_counts(out: Path) -> dict[str, int]:
    """Rows each table must have, counted from the JSON outputs."""
    letters = _letters(out)
    passages = [p for d in letters for p in d["passages"]]
    requests = [q for d in letters for q in d["requests"]]
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    targets = json.loads((out / "positions.json").read_text(encoding="utf-8"))["targets"].values()
    timeline = [pt for t in targets for pt in t["timeline"]]
    return {
        "letters": len(letters), "passages": len(passages),
        "passage_themes": sum(len(p["themes"]) for p in passages),
        "passage_targets": sum(len(p["targets"]) for p in passages),
        "entities": sum(len(d["entities"]) for d in letters),
        "nodes": len(graph["nodes"]), "relations": len(graph["edges"]),
        "edge_evidence": sum(len(e["evidence"]) for e in graph["edges"]),
        "shifts": len(timeline), "shift_passages": sum(len(pt["passage_ids"]) for pt in timeline),
        "changes": sum(len(t["change_points"]) for t in targets),
        "requests": len(requests), "request_targets": sum(len(q["targets"]) for q in requests),
        "statements": sum(len(d["statements"]) for d in letters),
    }


def test_every_table_is_written_and_non_trivial(out: Path) -> None:
    counts = _expected_counts(out)
    assert set(counts) == set(TABLES)
    # The examples exercise every table: a zero here would make the count checks below vacuous.
    assert all(n > 0 for n in counts.values()), counts


@pytest.mark.parametrize("name", TABLES)
def test_csv_loads_in_pandas_with_the_rows_of_the_json(out: Path, name: str) -> None:
    frame = pd.read_csv(out / f"{name}.csv", keep_default_na=False)
    assert len(frame) == _expected_counts(out)[name]


def test_link_tables_hold_the_lists_of_the_json(out: Path) -> None:
    letters = _letters(out)
    themes = pd.read_csv(out / "passage_themes.csv")
    assert sorted(zip(themes.passage_id, themes.theme, strict=False)) == sorted(
        (p["id"], t) for d in letters for p in d["passages"] for t in p["themes"])
    for _, row in themes.iterrows():
        assert row.score == pytest.approx(next(p["theme_scores"][row.theme] for d in letters for p in d["passages"]
                                               if p["id"] == row.passage_id))
    targets = pd.read_csv(out / "passage_targets.csv")
    assert sorted(zip(targets.passage_id, targets.target, strict=False)) == sorted(
        (p["id"], t) for d in letters for p in d["passages"] for t in p["targets"])
    graph = graph_from_node_link(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    evidence = pd.read_csv(out / "edge_evidence.csv")
    assert sorted(zip(evidence.source_id, evidence.relation, evidence.target_id, evidence.passage_id,
                      evidence.sentence, strict=False)) == sorted(
        (u, d["relation"], v, ev["passage_id"], ev["sentence"]) for u, v, d in graph.edges(data=True)
        for ev in d["evidence"])
    relations = pd.read_csv(out / "relations.csv")
    assert set(evidence.edge_id) == set(relations.edge_id) and relations.edge_id.is_unique
    requests = pd.read_csv(out / "requests.csv")
    assert requests.request_id.is_unique
    request_targets = pd.read_csv(out / "request_targets.csv")
    assert set(request_targets.request_id) <= set(requests.request_id)


def test_letters_table(out: Path) -> None:
    frame = pd.read_csv(out / "letters.csv", keep_default_na=False, dtype={"pages": "Int64"})
    assert list(frame.columns[:10]) == ["doc_id", "title", "date", "date_source", "date_window", "doc_type", "source",
                                        "pages", "passages", "requests"]
    by_id = {d["doc_id"]: d for d in _letters(out)}
    for _, row in frame.iterrows():
        letter = by_id[row.doc_id]
        assert (row.title, row.date, row.date_source, row.doc_type, row.source) == (
            letter["title"], letter["date"] or "", letter["date_source"], letter["doc_type"], letter["source"])
        assert (row.passages, row.requests) == (len(letter["passages"]), len(letter["requests"]))
    # pandas parses the "true"/"false" column as booleans; every example letter carries the marker
    assert frame.fictional.dtype == bool and frame.fictional.all()
    pdf = frame[frame.source.str.endswith(".pdf")]
    assert len(pdf) == 1 and int(pdf.pages.iloc[0]) >= 2


def test_page_is_an_integer(out: Path) -> None:
    frame = pd.read_csv(out / "passages.csv", dtype={"page": "Int64"})  # the README's way to read it
    pages = frame.page.dropna()
    assert len(pages) > 0 and (pages >= 1).all()
    text = (out / "passages.csv").read_text(encoding="utf-8")
    assert ".0," not in "".join(line.split(",")[5] + "," for line in text.splitlines()[1:] if line.count(",") > 5)


def test_workbook_has_a_typed_sheet_per_table(out: Path) -> None:
    book = openpyxl.load_workbook(out / "vng.xlsx")
    assert book.sheetnames == list(TABLES)
    counts = _expected_counts(out)
    for name in TABLES:
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        assert header == list(pd.read_csv(out / f"{name}.csv", nrows=0).columns)
        assert sheet.max_row - 1 == counts[name], name
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{counts[name] + 1}"
        assert all(c.font.b for c in sheet[1])
    letters = book["letters"]
    column = {c.value: c.column for c in letters[1]}
    for row in letters.iter_rows(min_row=2):
        date_cell = row[column["date"] - 1]
        assert date_cell.is_date and isinstance(date_cell.value, datetime.datetime)
        assert isinstance(row[column["passages"] - 1].value, int)
        assert row[column["fictional"] - 1].value is True
    passages = book["passages"]
    column = {c.value: c.column for c in passages[1]}
    cells = list(passages.iter_rows(min_row=2))
    assert all(isinstance(r[column["request"] - 1].value, bool) for r in cells)
    pages = [r[column["page"] - 1].value for r in cells if r[column["page"] - 1].value is not None]
    assert pages and all(isinstance(p, int) for p in pages)
    shifts = book["shifts"]
    column = {c.value: c.column for c in shifts[1]}
    assert all(isinstance(r[column["confidence"] - 1].value, float) for r in shifts.iter_rows(min_row=2))


def test_workbook_text_is_never_a_formula(tmp_path: Path) -> None:
    from pipeline.types import Table
    from pipeline.workbook import write_xlsx_atomic

    write_xlsx_atomic(tmp_path / "t.xlsx", [Table("t", (("text", "str"), ("d", "date")),
                                                  (("=HYPERLINK(\"http://x\")", "2025-05"), ("a\x01b", None)))])
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "=HYPERLINK(\"http://x\")"
    assert sheet["B2"].value == "2025-05"  # a partial date stays text
    assert sheet["A3"].value == "ab"


def test_workbook_bytes_do_not_depend_on_the_time_of_writing() -> None:
    import time

    from pipeline.types import Table
    from pipeline.workbook import xlsx_bytes

    tables = [Table("t", (("d", "date"), ("n", "int"), ("x", "float")), (("2024-02-29", 3, 0.25),))]
    first = xlsx_bytes(tables)
    time.sleep(1.1)  # zip entries and document properties record seconds
    assert xlsx_bytes(tables) == first
    sheet = openpyxl.load_workbook(io.BytesIO(first))["t"]
    assert sheet["A2"].value == datetime.datetime(2024, 2, 29) and sheet["A2"].number_format == "yyyy-mm-dd"
    assert (sheet["B2"].value, sheet["C2"].value) == (3, 0.25)


def test_gexf_loads_with_kinds_and_a_timeline(out: Path) -> None:
    graph = nx.read_gexf(out / "graph.gexf")
    original = graph_from_node_link(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    assert set(graph.nodes) == set(original.nodes)
    assert graph.number_of_edges() == original.number_of_edges()
    for node, data in original.nodes(data=True):
        loaded = graph.nodes[node]
        assert (loaded["kind"], loaded["label"], loaded["first_seen"], loaded["last_seen"]) == (
            data["kind"], data["label"], data["first_seen"], data["last_seen"])
        if data["first_seen"]:
            assert (loaded["start"], loaded["end"]) == (data["first_seen"], data["last_seen"])
    assert graph.graph["mode"] == "dynamic"
    ids = [d["id"] for _, _, d in graph.edges(data=True)]
    assert len(set(ids)) == len(ids) == original.number_of_edges()


def test_graphml_has_one_id_per_edge(out: Path) -> None:
    graph = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    keys = [k for _, _, k in graph.edges(keys=True)]
    assert len(set(keys)) == len(keys) > 0
    assert all("edge_id" not in d for _, _, d in graph.edges(data=True))  # the id is the edge's id, nothing else
    assert all(k == f"{u}--{d['relation']}--{v}" for u, v, k, d in graph.edges(keys=True, data=True))


def test_rerun_gives_byte_identical_tables(out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--out", str(again), "--workers", "1"]).exit_code == 0
    for name in [f"{t}.csv" for t in TABLES] + ["vng.xlsx", "graph.gexf"]:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def _cell(value: Any) -> str:
    """A JSON value as the CSV writes it (pipeline.export.csv_cell, lists joined by "; ")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


ENTITY_FIELDS = ("passage_id", "label", "text", "canonical", "start", "end", "iso", "value", "unit", "qualifier",
                 "high", "rule")
PASSAGE_FIELDS = {"passage_id": "id", "section": "section", "page": "page", "kind": "kind", "themes": "themes",
                  "stance": "stance", "request": "request", "targets": "targets", "text": "text"}


def test_entities_table_holds_every_entity_of_the_json_column_by_column(out: Path) -> None:
    rows = _csv_rows(out / "entities.csv")
    assert list(rows[0]) == ["doc_id", *ENTITY_FIELDS]
    expected = [{"doc_id": d["doc_id"], **{k: _cell(e.get(k)) for k in ENTITY_FIELDS}}
                for d in _letters(out) for e in d["entities"]]
    # every column is filled somewhere: a swap of two columns cannot hide among empty cells
    assert all(any(row[k] for row in expected) for k in ENTITY_FIELDS if k not in ("high",)), expected[:3]
    assert sorted(rows, key=lambda r: sorted(r.items())) == sorted(expected, key=lambda r: sorted(r.items()))


def test_passages_table_holds_every_passage_of_the_json_column_by_column(out: Path) -> None:
    rows = _csv_rows(out / "passages.csv")
    letters = _letters(out)
    expected = [{"doc_id": d["doc_id"], "date": _cell(d["date"]), "doc_type": d["doc_type"],
                 **{column: _cell(p.get(key)) for column, key in PASSAGE_FIELDS.items()}}
                for d in letters for p in d["passages"]]
    assert [{k: row[k] for k in expected[0]} for row in rows] == expected
    # the text column is the passage text, not its section or anything else of the same row
    assert all(row["text"] and row["text"] != row["section"] for row in rows)


def test_a_sheet_spooled_to_a_file_gives_the_same_workbook(tmp_path: Path) -> None:
    """vng.xlsx streams the letter tables' rows from files: the bytes equal the rows held in memory."""
    from pipeline.types import Table
    from pipeline.workbook import SpooledSheet, numbered_rows, row_templates, sheet, xlsx_bytes

    columns = (("text", "str"), ("n", "int"), ("d", "date"))
    rows = tuple((f"regel {i} {'é' * (i % 7)} <&>", i, "2025-01-02") for i in range(5000))
    table = Table("t", columns, rows)
    spool = tmp_path / "rows.xml"
    spool.write_bytes(numbered_rows(row_templates(columns, rows), 2).encode("utf-8"))
    spooled = SpooledSheet("t", columns, len(rows), spool)
    other = Table("u", (("a", "str"),), (("x",),))
    assert xlsx_bytes([spooled, other]) == xlsx_bytes([sheet(table), other])
