"""Corpus-level outputs, built once in the parent over all per-letter results: graph and flat tables.

Every table is built once as a typed `Table` and written twice: as `<name>.csv` (plain UTF-8 for pandas
and scripts) and as a sheet of `vng.xlsx` (typed cells for people who live in Excel). Lists are not
packed into cells for analysis: each list has a link table with one row per item (`passage_themes`,
`passage_targets`, `edge_evidence`, `shift_passages`, `request_targets`); the "; "-joined columns of
the original tables stay, for reading by eye and for scripts written against them.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from pipeline.export import edge_id, write_gexf_atomic, write_graphml_atomic, write_json_atomic, write_table_csv
from pipeline.graph import build_graph, graph_to_node_link
from pipeline.extract.letter_date import date_label
from pipeline.positions import Positions, is_confident, letter_order, track_positions
from pipeline.types import LetterResult, Table
from pipeline.workbook import WORKBOOK_NAME, write_xlsx_atomic


def _joined(values: Sequence[str]) -> str:
    return "; ".join(values)


def _date_window(result: LetterResult) -> str | None:
    """The letter's date window as an ISO 8601 interval ("2024-01-01/2024-03-31"), once LetterResult
    carries one (issue 18 adds `date_window`); None until then and for letters without one."""
    window = getattr(result, "date_window", None)
    if not window:
        return None
    if isinstance(window, (list, tuple)):
        return "/".join(str(part) for part in window)
    return str(window)


def request_id(doc_id: str, index: int) -> str:
    """A request's id: its letter and its place among the letter's requests (1-based)."""
    return f"{doc_id}#q{index:03d}"


def corpus_tables(results: Sequence[LetterResult], graph: nx.MultiDiGraph, positions: Positions) -> tuple[Table, ...]:
    """All flat tables, rows in a stable order (letters by doc_id, items in reading order)."""
    nodes = graph.nodes
    edges = list(graph.edges(keys=True, data=True))
    changed = {}
    for change in positions.changes:  # a confident change into a letter wins over an uncertain one
        if (change.target, change.after.doc_id) not in changed or change.confident:
            changed[(change.target, change.after.doc_id)] = change
    dates = {r.doc_id: r.date for r in results}
    labels = {r.doc_id: date_label(r.date, r.date_source, r.date_window) for r in results}
    by_date = sorted(results, key=letter_order)  # undated letters last
    requests = [(request_id(r.doc_id, i), q) for r in by_date for i, q in enumerate(r.requests, start=1)]
    timelines = [p for _, points in sorted(positions.timelines.items()) for p in points]
    return (
        Table("letters", (("doc_id", "str"), ("title", "str"), ("date", "date"), ("date_source", "str"),
                          ("date_window", "str"), ("doc_type", "str"), ("source", "str"), ("pages", "int"),
                          ("passages", "int"), ("requests", "int"), ("entities", "int"), ("fictional", "bool"),
                          ("date_label", "str"), ("date_earliest", "date"), ("date_latest", "date"),
                          ("letter_number", "str"), ("layout", "str"), ("date_evidence", "str")),
              tuple((r.doc_id, r.title, r.date, r.date_source, _date_window(r), r.doc_type, r.source, r.page_count,
                     len(r.passages), len(r.requests), len(r.entities), r.fictional,
                     date_label(r.date, r.date_source, r.date_window),
                     r.date_window[0] if r.date_window else None, r.date_window[1] if r.date_window else None,
                     r.letter_number, r.layout,
                     json.dumps([c.to_dict() for c in r.date_evidence if c.used], ensure_ascii=False, sort_keys=True))
                    for r in sorted(results, key=letter_order))),
        Table("passages", (("doc_id", "str"), ("passage_id", "str"), ("date", "date"), ("doc_type", "str"),
                           ("section", "str"), ("page", "int"), ("kind", "str"), ("themes", "str"), ("stance", "str"),
                           ("request", "bool"), ("targets", "str"), ("text", "str")),
              tuple((r.doc_id, p.id, r.date, r.doc_type, p.section, None if p.page is None else int(p.page), p.kind,
                     _joined(p.themes), p.stance, p.request, _joined(p.targets), p.text)
                    for r in results for p in r.passages)),
        Table("passage_themes", (("doc_id", "str"), ("passage_id", "str"), ("theme", "str"), ("score", "float")),
              tuple((r.doc_id, p.id, theme, p.theme_scores.get(theme)) for r in results for p in r.passages
                    for theme in p.themes)),
        Table("passage_targets", (("doc_id", "str"), ("passage_id", "str"), ("target", "str")),
              tuple((r.doc_id, p.id, target) for r in results for p in r.passages for target in p.targets)),
        Table("entities", (("doc_id", "str"), ("passage_id", "str"), ("label", "str"), ("text", "str"),
                           ("canonical", "str"), ("start", "int"), ("end", "int"), ("iso", "str"), ("value", "float"),
                           ("unit", "str"), ("qualifier", "str"), ("high", "float"), ("rule", "str")),
              tuple((r.doc_id, e.passage_id, e.label, e.text, e.canonical, e.start, e.end, e.iso, e.value, e.unit,
                     e.qualifier, e.high, e.rule) for r in results for e in r.entities)),
        Table("nodes", (("node_id", "str"), ("kind", "str"), ("label", "str"), ("mentions", "int"),
                        ("first_seen", "date"), ("last_seen", "date")),
              tuple((n, d["kind"], d["label"], d["mentions"], d["first_seen"] or None, d["last_seen"] or None)
                    for n, d in graph.nodes(data=True))),
        Table("relations", (("source_id", "str"), ("source_kind", "str"), ("source", "str"), ("relation", "str"),
                            ("target_id", "str"), ("target_kind", "str"), ("target", "str"), ("weight", "int"),
                            ("docs", "str"), ("first_seen", "date"), ("last_seen", "date"),
                            ("evidence_sentence", "str"), ("evidence", "str"), ("edge_id", "str")),
              tuple((s, nodes[s]["kind"], nodes[s]["label"], d["relation"], t, nodes[t]["kind"], nodes[t]["label"],
                     d["weight"], _joined(d["docs"]), d["first_seen"] or None, d["last_seen"] or None,
                     d["evidence"][0]["sentence"], json.dumps(d["evidence"], ensure_ascii=False, sort_keys=True),
                     edge_id(s, k, t)) for s, t, k, d in edges)),
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
                     p.scores["steunend"], _joined(p.passage_ids), (p.target, p.doc_id) in changed,
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
        Table("requests", (("doc_id", "str"), ("date", "date"), ("passage_id", "str"), ("addressee", "str"),
                           ("targets", "str"), ("sentence", "str"), ("request_id", "str"), ("date_label", "str")),
              tuple((q.doc_id, dates[q.doc_id], q.passage_id, q.addressee, _joined(q.targets), q.sentence, rid,
                     labels[q.doc_id]) for rid, q in requests)),
        Table("request_targets", (("request_id", "str"), ("doc_id", "str"), ("passage_id", "str"), ("target", "str")),
              tuple((rid, q.doc_id, q.passage_id, target) for rid, q in requests for target in q.targets)),
        # DNA's data model: one row per statement (actor, concept, agreement, with the sentence)
        Table("statements", (("doc_id", "str"), ("date", "date"), ("passage_id", "str"), ("actor", "str"),
                             ("target", "str"), ("stance", "str"), ("agreement", "int"), ("confidence", "float"),
                             ("kritisch", "float"), ("neutraal", "float"), ("steunend", "float"),
                             ("sentence", "str"), ("sentence_start", "int"), ("sentence_end", "int"),
                             ("cues", "str"), ("method", "str"), ("title", "str")),
              tuple((st.doc_id, st.date, st.passage_id, st.actor, st.target, st.stance,
                     {"steunend": 1, "kritisch": 0}.get(st.stance), st.confidence, st.scores.get("kritisch"),
                     st.scores.get("neutraal"), st.scores.get("steunend"), st.sentence, st.sentence_start,
                     st.sentence_end, _joined(st.cues), st.method, r.title)
                    for r in by_date for st in r.statements)),
    )


def write_corpus_outputs(results: Sequence[LetterResult], out_dir: Path) -> None:
    results = sorted(results, key=lambda r: r.doc_id)
    graph = build_graph(results)
    write_json_atomic(out_dir / "graph.json", graph_to_node_link(graph))
    write_graphml_atomic(out_dir / "graph.graphml", graph)
    write_gexf_atomic(out_dir / "graph.gexf", graph)

    positions = track_positions(results)
    write_json_atomic(out_dir / "positions.json", positions.to_dict(results))
    tables = corpus_tables(results, graph, positions)
    for table in tables:
        write_table_csv(out_dir, table)
    write_xlsx_atomic(out_dir / WORKBOOK_NAME, tables)
