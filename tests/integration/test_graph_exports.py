"""The corpus graph and tables: GraphML round trip and schema, node-link JSON, evidence, determinism."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.graph import graph_from_node_link
from pipeline.relations.phrases import has_content, load_words
from tests.conftest import EXAMPLES, SHARED_CORPUS

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "graphml.xsd"


def _corpora() -> list[Path]:
    return [EXAMPLES] + ([SHARED_CORPUS] if SHARED_CORPUS.is_dir() else [])


@pytest.fixture(scope="module", params=_corpora(), ids=lambda p: p.name)
def out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("graph")
    result = CliRunner().invoke(app, ["analyze", str(request.param), "--out", str(folder), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return folder


def _decoded(value: object) -> object:
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


def test_graph_has_contract_fields(out: Path) -> None:
    graph = graph_from_node_link(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    assert graph.number_of_edges() > 0
    for node, data in graph.nodes(data=True):
        assert node and data["kind"] in {"maatregel", "risico", "gemeentetaak"}
        assert data["label"] and isinstance(data["mentions"], int) and data["mentions"] >= 1
        assert "first_seen" in data and "last_seen" in data
    for source, target, key, data in graph.edges(keys=True, data=True):
        assert key == data["relation"] in {"leidt_tot", "raakt"}
        assert data["weight"] == len(data["evidence"]) >= 1
        assert data["docs"] == sorted({e["doc_id"] for e in data["evidence"]})
        kinds = (graph.nodes[source]["kind"], graph.nodes[target]["kind"])
        assert kinds in {("maatregel", "risico"), ("risico", "risico"), ("maatregel", "gemeentetaak"),
                         ("risico", "gemeentetaak")}


def test_node_labels_are_readable_phrases(out: Path) -> None:
    """No node is a pronoun, a vague noun or a lone function word (issue 19); open-vocabulary attributes."""
    words = load_words()
    graph = graph_from_node_link(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    for _, data in graph.nodes(data=True):
        label = data["label"].lower().split()
        assert not all(w in words.never_key or w in words.vague_heads for w in label), data["label"]
        assert has_content(data["label"]) and data["label"] == data["label"].strip()
        assert data["key"] and isinstance(data["canonical"], bool)
        assert data["variants"] == sorted(set(data["variants"])) and data["variants"]
    for _, _, data in graph.edges(data=True):
        assert 0.0 < data["confidence"] <= 1.0


def test_graphml_round_trips(out: Path) -> None:
    original = graph_from_node_link(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    loaded = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert set(loaded.nodes) == set(original.nodes)
    for node, data in original.nodes(data=True):
        assert {k: _decoded(v) for k, v in loaded.nodes[node].items()} == data
    original_edges = {(u, v, d["relation"]): d for u, v, d in original.edges(data=True)}
    loaded_edges = {(u, v, d["relation"]): d for u, v, d in loaded.edges(data=True)}
    assert set(loaded_edges) == set(original_edges)
    for key, data in original_edges.items():
        decoded = {k: _decoded(v) for k, v in loaded_edges[key].items() if k != "edge_id"}
        assert decoded == data


def test_graphml_is_valid_and_gephi_safe(out: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(out / "graph.graphml"))
    assert schema.validate(document), schema.error_log
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = document.findall("g:key", ns)
    assert keys and all(k.get("attr.type") in {"boolean", "int", "long", "float", "double", "string"} for k in keys)
    edge_ids = [e.get("id") for e in document.iterfind(".//g:edge", ns)]
    assert all(edge_ids) and len(set(edge_ids)) == len(edge_ids)
    assert all(n.get("id") for n in document.iterfind(".//g:node", ns))


def test_every_edge_has_verbatim_evidence(out: Path) -> None:
    passages = {}
    for path in (out / "letters").glob("*.json"):
        for passage in json.loads(path.read_text(encoding="utf-8"))["passages"]:
            passages[passage["id"]] = passage["text"]
    graph = graph_from_node_link(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    for _, _, data in graph.edges(data=True):
        assert data["evidence"]
        for evidence in data["evidence"]:
            assert evidence["sentence"] in passages[evidence["passage_id"]]


def test_tables_match_the_graph(out: Path) -> None:
    graph = graph_from_node_link(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    with (out / "relations.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == graph.number_of_edges()
    assert {(r["source_id"], r["target_id"], r["relation"]) for r in rows} == \
        {(u, v, d["relation"]) for u, v, d in graph.edges(data=True)}
    for name in ("passages.csv", "entities.csv", "shifts.csv", "requests.csv"):
        with (out / name).open(encoding="utf-8", newline="") as stream:
            assert next(csv.reader(stream))  # a header row


def test_node_and_edge_tables_carry_resolution_and_confidence(out: Path) -> None:
    graph = graph_from_node_link(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    with (out / "nodes.csv").open(encoding="utf-8", newline="") as stream:
        nodes = {r["node_id"]: r for r in csv.DictReader(stream)}
    assert set(nodes) == set(graph.nodes) and nodes
    for node, data in graph.nodes(data=True):
        row = nodes[node]
        assert (row["key"], row["canonical"], row["variants"]) == (
            data["key"], "true" if data["canonical"] else "false", "; ".join(data["variants"]))
        assert row["key"] and row["variants"]
    with (out / "relations.csv").open(encoding="utf-8", newline="") as stream:
        confidence = {(r["source_id"], r["relation"], r["target_id"]): float(r["confidence"])
                      for r in csv.DictReader(stream)}
    assert confidence == {(u, k, v): d["confidence"] for u, v, k, d in graph.edges(keys=True, data=True)}
    assert all(0.0 < c <= 1.0 for c in confidence.values())


def test_rerun_gives_byte_identical_graph(out: Path, tmp_path: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    again = tmp_path / "again"
    assert CliRunner().invoke(app, ["analyze", manifest["corpus"], "--out", str(again), "--workers", "1"]).exit_code == 0
    for name in ("graph.json", "graph.graphml", "graph.gexf", "vng.xlsx", "relations.csv", "passages.csv", "entities.csv",
                 "shifts.csv",
                 "requests.csv", "positions.json"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
