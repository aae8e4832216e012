"""Stage 5: the corpus graph of maatregel -> risico -> gemeentetaak claims, merged over all letters.

A `networkx.MultiDiGraph` whose edge key is the relation name (`leidt_tot`, `raakt`), so that one pair
of nodes carries at most one edge per relation. Node ids are readable and stable: `<kind>:<slug>`.

Nodes are open-vocabulary (issue 19): each end of a claim is a node phrase (its key, label, kind and
the words the letter used, `pipeline/relations/phrases.py`); `pipeline/relations/resolution.py`
merges the phrases of all letters into nodes (same kind and key, or the same head and a similar key).
Only claims the author asserts are edges: a claim marked negated, reported or hypothetical is left
out (its ends still count as mentions of nodes that have edges).

Node attributes: kind, label, mentions, first_seen, last_seen (the output contract), plus `key` (the
representative normalised key), `variants` (the distinct phrasings letters used, sorted; a JSON list
in GraphML) and `canonical` (a seed lexicon named it). `mentions` counts the distinct sentences in
which a claim names the node, at least the lexicon mentions of a seed's name (`LetterResult.mentions`),
and at least 1. Edge attributes: relation, weight, evidence, docs, stances, first_seen, last_seen and
`confidence`: the highest confidence of the claims behind the edge (an edge stands as soon as one
sentence makes the claim surely; weight says how many do).

A claim made by the closed-vocabulary stage (no `source_key`) names a lexicon concept: its key is
the name's words and it is canonical.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pipeline.relations.phrases import has_content, seed_key
from pipeline.relations.resolution import NodeRef, Resolution, resolve, slug
from pipeline.types import Claim, LetterResult

if TYPE_CHECKING:
    import networkx as nx

NODE_KINDS = ("maatregel", "risico", "gemeentetaak")


def node_id(kind: str, name: str) -> str:
    return f"{kind}:{slug(name)}"


def asserted(claim: Claim) -> bool:
    """A claim that is an edge: the author says it, without negation or a hypothetical."""
    return not (claim.negated or claim.reported or claim.hypothetical)


def claim_ends(claim: Claim) -> tuple[NodeRef, NodeRef]:
    """The two ends of a claim as node references."""
    ends = []
    for kind, label, key, text, canonical in (
            (claim.source_kind, claim.source, claim.source_key, claim.source_text, claim.source_canonical),
            (claim.target_kind, claim.target, claim.target_key, claim.target_text, claim.target_canonical)):
        if not has_content(label):
            ends.append(NodeRef(kind, "", label))  # a pronoun or function words: no node, so no edge
        elif not key:  # a lexicon concept named by the closed-vocabulary stage
            ends.append(NodeRef(kind, seed_key(label), label, True, text or label))
        else:
            ends.append(NodeRef(kind, key, label, canonical, text or label))
    return ends[0], ends[1]


def resolve_claims(results: Sequence[LetterResult]) -> Resolution:
    """The nodes of all asserted claims of all letters."""
    return resolve(end for result in results for claim in result.claims if asserted(claim)
                   for end in claim_ends(claim))


def build_graph(results: Sequence[LetterResult]) -> nx.MultiDiGraph:
    """Merge the claims of all letters; nodes and edges are added in sorted order for stable output."""
    results = sorted(results, key=lambda r: r.doc_id)
    resolution = resolve_claims(results)
    sentences: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    seen_dates: dict[str, set[str]] = defaultdict(set)
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for result in results:
        for claim in result.claims:
            ends = claim_ends(claim)
            ids = [resolution.id_of(end.kind, end.key) for end in ends]
            for found in ids:
                if found is not None:
                    sentences[found].add((claim.doc_id, claim.passage_id, claim.sentence))
                    if result.date:
                        seen_dates[found].add(result.date)
            source, target = ids
            if not asserted(claim) or source is None or target is None:
                continue
            edge = edges.setdefault((source, target, claim.relation),
                                    {"evidence": set(), "docs": set(), "dates": set(), "stances": defaultdict(int),
                                     "confidence": 0.0})
            if result.date:
                edge["dates"].add(result.date)
            edge["evidence"].add((claim.doc_id, claim.passage_id, claim.sentence))
            edge["docs"].add(claim.doc_id)
            edge["confidence"] = max(edge["confidence"], float(claim.confidence))
            if claim.stance:
                edge["stances"][claim.stance] += 1

    lexicon_mentions: dict[str, int] = defaultdict(int)
    seeds = {(n.kind, n.label): n.id for n in resolution.nodes if n.canonical}
    for result in results:
        for mention in result.mentions:
            found = seeds.get((mention.kind, mention.name))
            if found is not None:
                lexicon_mentions[found] += 1
                if result.date:
                    seen_dates[found].add(result.date)

    import networkx as nx  # noqa: PLC0415 - corpus outputs only: the first letter need not wait for networkx (~0.1 s)

    graph = nx.MultiDiGraph()
    used = sorted({s for s, _, _ in edges} | {t for _, t, _ in edges})
    nodes = {n.id: n for n in resolution.nodes}
    for key in used:
        node = nodes[key]
        dates = sorted(seen_dates.get(key, ()))
        graph.add_node(key, kind=node.kind, label=node.label,
                       mentions=max(len(sentences.get(key, ())), lexicon_mentions.get(key, 0), 1),
                       first_seen=dates[0] if dates else "", last_seen=dates[-1] if dates else "",
                       key=node.key, variants=list(node.variants), canonical=node.canonical)
    for (source, target, relation), data in sorted(edges.items()):
        evidence = [{"doc_id": d, "passage_id": p, "sentence": s} for d, p, s in sorted(data["evidence"])]
        dates = sorted(data["dates"])
        graph.add_edge(source, target, key=relation, relation=relation, weight=len(evidence), evidence=evidence,
                       docs=sorted(data["docs"]), stances=dict(sorted(data["stances"].items())),
                       first_seen=dates[0] if dates else "", last_seen=dates[-1] if dates else "",
                       confidence=round(data["confidence"], 4))
    return graph


def graph_to_node_link(graph: nx.MultiDiGraph) -> dict[str, object]:
    """Node-link JSON: nodes under "nodes", edges under "edges", the multigraph edge key under "key"."""
    import networkx as nx  # noqa: PLC0415 - corpus outputs only: the first letter need not wait for networkx (~0.1 s)

    return nx.node_link_data(graph, edges="edges", key="key")


def graph_from_node_link(data: dict[str, object]) -> nx.MultiDiGraph:
    import networkx as nx  # noqa: PLC0415 - corpus outputs only: the first letter need not wait for networkx (~0.1 s)

    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges", key="key")
