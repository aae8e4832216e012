"""Corpus-level outputs, built once in the parent over all per-letter results: graph and flat tables."""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pipeline.export import write_csv_atomic, write_graphml_atomic, write_json_atomic
from pipeline.extract.letter_date import date_label
from pipeline.graph import build_graph, graph_to_node_link
from pipeline.positions import letter_order, track_positions
from pipeline.types import LetterResult


def _joined(values: Sequence[str]) -> str:
    return "; ".join(values)


def write_corpus_outputs(results: Sequence[LetterResult], out_dir: Path) -> None:
    results = sorted(results, key=lambda r: r.doc_id)
    graph = build_graph(results)
    write_json_atomic(out_dir / "graph.json", graph_to_node_link(graph))
    write_graphml_atomic(out_dir / "graph.graphml", graph)

    write_csv_atomic(out_dir / "letters.csv",
                     ["doc_id", "source", "date", "date_source", "date_label", "date_earliest", "date_latest",
                      "doc_type", "title", "passages", "date_evidence"],
                     ([r.doc_id, r.source, r.date, r.date_source, date_label(r.date, r.date_source, r.date_window),
                       r.date_window[0] if r.date_window else None, r.date_window[1] if r.date_window else None,
                       r.doc_type, r.title, len(r.passages),
                       json.dumps([c.to_dict() for c in r.date_evidence if c.used], ensure_ascii=False, sort_keys=True)]
                      for r in sorted(results, key=letter_order)))
    write_csv_atomic(out_dir / "passages.csv",
                     ["doc_id", "passage_id", "date", "doc_type", "section", "page", "kind", "themes", "stance",
                      "request", "targets", "text"],
                     ([r.doc_id, p.id, r.date, r.doc_type, p.section, p.page, p.kind, _joined(p.themes), p.stance,
                       str(p.request).lower(), _joined(p.targets), p.text] for r in results for p in r.passages))
    write_csv_atomic(out_dir / "entities.csv",
                     ["doc_id", "passage_id", "label", "text", "canonical", "start", "end", "iso", "value", "unit",
                      "qualifier", "high", "rule"],
                     ([r.doc_id, e.passage_id, e.label, e.text, e.canonical, e.start, e.end, e.iso, e.value, e.unit,
                       e.qualifier, e.high, e.rule] for r in results for e in r.entities))
    write_csv_atomic(out_dir / "relations.csv",
                     ["source_id", "source_kind", "source", "relation", "target_id", "target_kind", "target", "weight",
                      "docs", "first_seen", "last_seen", "evidence_sentence", "evidence"],
                     ([source, graph.nodes[source]["kind"], graph.nodes[source]["label"], data["relation"], target,
                       graph.nodes[target]["kind"], graph.nodes[target]["label"], data["weight"], _joined(data["docs"]),
                       data["first_seen"], data["last_seen"],
                       data["evidence"][0]["sentence"], json.dumps(data["evidence"], ensure_ascii=False, sort_keys=True)]
                      for source, target, data in graph.edges(data=True)))

    positions = track_positions(results)
    write_json_atomic(out_dir / "positions.json", positions.to_dict(results))
    changed = {(c.target, c.after.doc_id): c for c in positions.changes}
    write_csv_atomic(out_dir / "shifts.csv",
                     ["target", "date", "doc_id", "stance", "confidence", "kritisch", "neutraal", "steunend",
                      "passages", "change", "previous_stance", "date_source", "date_label"],
                     ([p.target, p.date, p.doc_id, p.stance, p.confidence, p.scores["kritisch"], p.scores["neutraal"],
                       p.scores["steunend"], _joined(p.passage_ids), str((p.target, p.doc_id) in changed).lower(),
                       changed[(p.target, p.doc_id)].before.stance if (p.target, p.doc_id) in changed else "",
                       p.date_source, p.date_label]
                      for target, points in sorted(positions.timelines.items()) for p in points))
    dates = {r.doc_id: r.date for r in results}
    labels = {r.doc_id: date_label(r.date, r.date_source, r.date_window) for r in results}
    write_csv_atomic(out_dir / "requests.csv",
                     ["doc_id", "date", "passage_id", "addressee", "targets", "sentence", "date_label"],
                     ([q.doc_id, dates[q.doc_id], q.passage_id, q.addressee, _joined(q.targets), q.sentence,
                       labels[q.doc_id]]
                      for r in sorted(results, key=letter_order) for q in r.requests))
