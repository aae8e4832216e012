"""A precomputed, deterministic layered layout for the corpus graph.

Columns by node kind (maatregel | risico | gemeentetaak, then any other kinds). A kind whose nodes
point at each other (risico -> risico) gets a few columns, by depth in those chains, so that causes
stand left of their effects. Rows are ordered by the barycentre heuristic to reduce edge crossings.
Positions are computed here, once, so the page draws the graph without any physics on load and the
same graph always gets the same picture.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.graph import NODE_KINDS

if TYPE_CHECKING:
    import networkx as nx

COLUMN_GAP = 240  # px between columns
ROW_GAP = 46  # px between nodes in a column (room for a label above a node)
MARGIN_X = 270  # room for labels (up to 34 characters) left of the first and right of the last column
MARGIN_Y = 56  # column titles on top
MAX_DEPTH = 3  # columns per kind at most: longer chains share the last one
MAX_SPREAD = 2.0  # a short column spreads its nodes up to this many rows apart, to shorten the lines
SWEEPS = 8  # barycentre passes; more rarely changes anything for graphs of this size


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    kinds: tuple[str, ...]  # kinds in column order
    positions: dict[str, tuple[int, int]]  # node id -> (x, y)


def kind_order(kinds: set[str]) -> tuple[str, ...]:
    """The three claim kinds first in causal order, any others after them alphabetically."""
    known = [k for k in NODE_KINDS if k in kinds]
    return tuple(known + sorted(kinds - set(NODE_KINDS)))


def _depths(graph: nx.MultiDiGraph, kind_of: dict[str, str]) -> dict[str, int]:
    """Depth of each node in the chains of edges between nodes of its own kind (cycles count once)."""
    import networkx as nx  # noqa: PLC0415 - the report only: the first letter need not wait for networkx (~0.1 s)

    same = nx.DiGraph()
    same.add_nodes_from(sorted(graph.nodes, key=str))
    same.add_edges_from(sorted(((s, t) for s, t in graph.edges() if kind_of[s] == kind_of[t] and s != t), key=str))
    dag = nx.condensation(same)  # strongly connected parts become one node: a DAG
    depth: dict[int, int] = {}
    for part in nx.lexicographical_topological_sort(dag):
        depth[part] = max((depth[p] + 1 for p in dag.predecessors(part)), default=0)
    return {node: min(depth[dag.graph["mapping"][node]], MAX_DEPTH - 1) for node in graph.nodes}


def layered_layout(graph: nx.MultiDiGraph) -> Layout:
    kind_of = {node: str(data.get("kind", "")) for node, data in graph.nodes(data=True)}
    kinds = kind_order(set(kind_of.values()))
    depth = _depths(graph, kind_of)
    slots = sorted({(kinds.index(kind_of[n]), depth[n]) for n in graph.nodes})
    column_of = {node: slots.index((kinds.index(kind_of[node]), depth[node])) for node in graph.nodes}
    columns: list[list[str]] = [[] for _ in slots]
    # Start from the most mentioned nodes on top; node ids break ties so the order is total.
    for node in sorted(graph.nodes, key=lambda n: (-int(graph.nodes[n].get("mentions") or 0), str(n))):
        columns[column_of[node]].append(node)

    neighbours = {node: sorted(set(graph.predecessors(node)) | set(graph.successors(node)), key=str)
                  for node in graph.nodes}
    tallest = max((len(c) for c in columns), default=0)

    def rows(column: list[str]) -> dict[str, float]:
        # Shorter columns spread out a little and are centred against the tallest one, so rows of
        # different columns are comparable (for the barycentres) and the lines between them short.
        step = min(MAX_SPREAD, (tallest - 1) / (len(column) - 1)) if len(column) > 1 else 1.0
        offset = (tallest - 1 - step * (len(column) - 1)) / 2
        return {node: offset + i * step for i, node in enumerate(column)}

    # Classic layer sweeps: down from the first column, then back up from the last one.
    down, up = list(range(1, len(columns))), list(range(len(columns) - 2, -1, -1))
    for sweep in range(SWEEPS):
        for c in (down if sweep % 2 == 0 else up):
            row = {n: v for col in columns for n, v in rows(col).items()}
            rank = {node: i for i, node in enumerate(columns[c])}

            def barycentre(node: str) -> tuple[float, int]:  # a sort key, used within this iteration only
                others = [row[m] for m in neighbours[node] if column_of[m] != c]  # noqa: B023
                return (round(sum(others) / len(others), 6) if others else row[node], rank[node])  # noqa: B023

            columns[c] = sorted(columns[c], key=barycentre)

    positions: dict[str, tuple[int, int]] = {}
    for c, column in enumerate(columns):
        for node, r in rows(column).items():
            positions[node] = (MARGIN_X + c * COLUMN_GAP, MARGIN_Y + round(r * ROW_GAP))
    width = 2 * MARGIN_X + max(len(columns) - 1, 0) * COLUMN_GAP
    height = MARGIN_Y + max(tallest - 1, 0) * ROW_GAP + 30
    return Layout(width=width, height=height, kinds=kinds, positions=positions)
