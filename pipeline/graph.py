"""Stage 5: the corpus graph of maatregel -> risico -> gemeentetaak claims, merged over all letters.

A `networkx.MultiDiGraph` whose edge key is the relation name (`leidt_tot`, `raakt`), so that one pair
of nodes carries at most one edge per relation. Node ids are readable and stable: `<kind>:<slug>`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import networkx as nx

from pipeline.types import LetterResult

NODE_KINDS = ("maatregel", "risico", "gemeentetaak")


def node_id(kind: str, name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "onbekend"
    return f"{kind}:{slug}"


def build_graph(results: Sequence[LetterResult]) -> nx.MultiDiGraph:
    """Merge the claims of all letters; nodes and edges are added in sorted order for stable output."""
    mentions: dict[str, int] = defaultdict(int)
    seen_dates: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, tuple[str, str]] = {}
    for result in results:
        for mention in result.mentions:
            key = node_id(mention.kind, mention.name)
            mentions[key] += 1
            labels.setdefault(key, (mention.kind, mention.name))
            if result.date:
                seen_dates[key].append(result.date)

    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for result in sorted(results, key=lambda r: r.doc_id):
        for claim in result.claims:
            source = node_id(claim.source_kind, claim.source)
            target = node_id(claim.target_kind, claim.target)
            for key, kind, name in ((source, claim.source_kind, claim.source), (target, claim.target_kind, claim.target)):
                labels.setdefault(key, (kind, name))
                if result.date:
                    seen_dates[key].append(result.date)
            edge = edges.setdefault((source, target, claim.relation),
                                    {"evidence": set(), "docs": set(), "dates": set(), "stances": defaultdict(int)})
            if result.date:
                edge["dates"].add(result.date)
            edge["evidence"].add((claim.doc_id, claim.passage_id, claim.sentence))
            edge["docs"].add(claim.doc_id)
            if claim.stance:
                edge["stances"][claim.stance] += 1

    graph = nx.MultiDiGraph()
    used = sorted({s for s, _, _ in edges} | {t for _, t, _ in edges})
    for key in used:
        kind, name = labels[key]
        dates = sorted(seen_dates.get(key, []))
        graph.add_node(key, kind=kind, label=name, mentions=max(mentions.get(key, 0), 1),
                       first_seen=dates[0] if dates else "", last_seen=dates[-1] if dates else "")
    for (source, target, relation), data in sorted(edges.items()):
        evidence = [{"doc_id": d, "passage_id": p, "sentence": s} for d, p, s in sorted(data["evidence"])]
        dates = sorted(data["dates"])
        graph.add_edge(source, target, key=relation, relation=relation, weight=len(evidence), evidence=evidence,
                       docs=sorted(data["docs"]), stances=dict(sorted(data["stances"].items())),
                       first_seen=dates[0] if dates else "", last_seen=dates[-1] if dates else "")
    return graph


def graph_to_node_link(graph: nx.MultiDiGraph) -> dict[str, object]:
    """Node-link JSON: nodes under "nodes", edges under "edges", the multigraph edge key under "key"."""
    return nx.node_link_data(graph, edges="edges", key="key")


def graph_from_node_link(data: dict[str, object]) -> nx.MultiDiGraph:
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges", key="key")
