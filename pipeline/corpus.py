"""Corpus-level outputs, built once in the parent over all per-letter results: graph and flat tables.

Every table is written twice: as `<name>.csv` (plain UTF-8 for pandas and scripts) and as a sheet of
`vng.xlsx` (typed cells for people who live in Excel). The tables of the graph and the positions are
built here as typed `Table`s; the letter tables come from each letter's rows, made once per letter and
re-used by later runs (pipeline/table_rows.py). Lists are not
packed into cells for analysis: each list has a link table with one row per item (`passage_themes`,
`passage_targets`, `edge_evidence`, `shift_passages`, `request_targets`); the "; "-joined columns of
the original tables stay, for reading by eye and for scripts written against them.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.export import (
    csv_text,
    edge_id,
    table_csv_text,
    write_chunks_atomic,
    write_gexf_atomic,
    write_graphml_atomic,
    write_json_atomic,
    write_text_atomic,
)
from pipeline.graph import build_graph, graph_to_node_link
from pipeline.positions import Positions, is_confident, track_positions
from pipeline.table_rows import joined, write_letter_tables
from pipeline.types import LetterResult, Table
from pipeline.workbook import WORKBOOK_NAME, Sheet, SpooledSheet, sheet, write_xlsx_atomic

if TYPE_CHECKING:
    import networkx as nx


def corpus_tables(graph: nx.MultiDiGraph, positions: Positions, results: Sequence[LetterResult]) -> tuple[Table, ...]:
    """The tables made from the graph and the positions (the letter tables are in pipeline/table_rows.py)."""
    nodes = graph.nodes
    edges = list(graph.edges(keys=True, data=True))
    changed = {}
    for change in positions.changes:  # a confident change into a letter wins over an uncertain one
        if (change.target, change.after.doc_id) not in changed or change.confident:
            changed[(change.target, change.after.doc_id)] = change
    dates = {r.doc_id: r.date for r in results}
    timelines = [p for _, points in sorted(positions.timelines.items()) for p in points]
    return (
        Table("nodes", (("node_id", "str"), ("kind", "str"), ("label", "str"), ("mentions", "int"),
                        ("first_seen", "date"), ("last_seen", "date"), ("key", "str"), ("canonical", "bool"),
                        ("variants", "str")),
              tuple((n, d["kind"], d["label"], d["mentions"], d["first_seen"] or None, d["last_seen"] or None,
                     d["key"], d["canonical"], joined(d["variants"]))
                    for n, d in graph.nodes(data=True))),
        Table("relations", (("source_id", "str"), ("source_kind", "str"), ("source", "str"), ("relation", "str"),
                            ("target_id", "str"), ("target_kind", "str"), ("target", "str"), ("weight", "int"),
                            ("docs", "str"), ("first_seen", "date"), ("last_seen", "date"),
                            ("evidence_sentence", "str"), ("evidence", "str"), ("edge_id", "str"),
                            ("confidence", "float")),
              tuple((s, nodes[s]["kind"], nodes[s]["label"], d["relation"], t, nodes[t]["kind"], nodes[t]["label"],
                     d["weight"], joined(d["docs"]), d["first_seen"] or None, d["last_seen"] or None,
                     d["evidence"][0]["sentence"], json.dumps(d["evidence"], ensure_ascii=False, sort_keys=True),
                     edge_id(s, k, t), d["confidence"]) for s, t, k, d in edges)),
        Table("edge_evidence", (("edge_id", "str"), ("source_id", "str"), ("relation", "str"), ("target_id", "str"),
                                ("doc_id", "str"), ("date", "date"), ("passage_id", "str"), ("sentence", "str")),
              tuple((edge_id(s, k, t), s, d["relation"], t, ev["doc_id"], dates.get(ev["doc_id"]), ev["passage_id"],
                     ev["sentence"]) for s, t, k, d in edges for ev in d["evidence"])),
        Table("shifts", (("target", "str"), ("date", "date"), ("doc_id", "str"), ("stance", "str"),
                         ("confidence", "float"), ("kritisch", "float"), ("neutraal", "float"), ("steunend", "float"),
                         ("passages", "str"), ("change", "bool"), ("previous_stance", "str"),
                         ("confident_change", "bool"), ("date_source", "str"), ("date_label", "str"),
                         ("confident", "bool"), ("sentence", "str"), ("sentence_passage_id", "str"),
                         ("statements", "int"), ("title", "str")),
              tuple((p.target, p.date, p.doc_id, p.stance, p.confidence, p.scores["kritisch"], p.scores["neutraal"],
                     p.scores["steunend"], joined(p.passage_ids), (p.target, p.doc_id) in changed,
                     changed[(p.target, p.doc_id)].before.stance if (p.target, p.doc_id) in changed else "",
                     is_confident(changed[(p.target, p.doc_id)]) if (p.target, p.doc_id) in changed else False,
                     p.date_source, p.date_label, p.confident, p.sentence, p.sentence_passage_id, p.statements,
                     p.title)
                    for p in timelines)),
        Table("shift_passages", (("target", "str"), ("date", "date"), ("doc_id", "str"), ("passage_id", "str")),
              tuple((p.target, p.date, p.doc_id, i) for p in timelines for i in p.passage_ids)),
        Table("changes", (("target", "str"), ("from_date", "date"), ("to_date", "date"), ("from_doc_id", "str"),
                          ("to_doc_id", "str"), ("from", "str"), ("to", "str"), ("from_confidence", "float"),
                          ("to_confidence", "float"), ("confident", "bool"), ("from_sentence", "str"),
                          ("to_sentence", "str")),
              tuple((c.target, c.before.date, c.after.date, c.before.doc_id, c.after.doc_id, c.before.stance,
                     c.after.stance, c.before.confidence, c.after.confidence, is_confident(c), c.before.sentence,
                     c.after.sentence)
                    for c in positions.changes)),
    )


# The order of the CSV files' sheets in vng.xlsx.
TABLE_ORDER = ("letters", "passages", "passage_themes", "passage_targets", "entities", "nodes", "relations",
               "edge_evidence", "shifts", "shift_passages", "changes", "requests", "request_targets", "statements")


def write_corpus_outputs(results: Sequence[LetterResult], out_dir: Path,
                         pipelines: Mapping[str, str] | None = None,
                         full: Callable[[LetterResult], LetterResult] | None = None) -> None:
    """The graph, positions and tables over all letters. `pipelines` (doc_id -> the fingerprint of the
    pipeline that analysed the letter) lets the letters' table rows be re-used between runs; `full`
    gives the whole result of a letter held without its theme scores (pipeline.table_rows.for_corpus)."""
    results = sorted(results, key=lambda r: r.doc_id)
    graph = build_graph(results)
    write_json_atomic(out_dir / "graph.json", graph_to_node_link(graph))
    write_graphml_atomic(out_dir / "graph.graphml", graph)
    write_gexf_atomic(out_dir / "graph.gexf", graph)

    positions = track_positions(results)
    write_chunks_atomic(out_dir / "positions.json", positions.json_chunks(results))  # = dumps_json(to_dict)
    # The letter tables are the big ones: written letter by letter, their sheets spooled to OUT.
    spooled = write_letter_tables(results, out_dir, pipelines or {}, full)
    try:
        sheets: dict[str, Sheet | SpooledSheet] = dict(spooled)
        for made in corpus_tables(graph, positions, results):
            write_text_atomic(out_dir / f"{made.name}.csv",
                              csv_text([made.header]) + table_csv_text(made.columns, made.rows))
            sheets[made.name] = sheet(made)
        write_xlsx_atomic(out_dir / WORKBOOK_NAME, [sheets[name] for name in TABLE_ORDER])
    finally:
        for spool in spooled.values():
            spool.path.unlink(missing_ok=True)
