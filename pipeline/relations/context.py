"""Cross-sentence context within a section: earlier concepts for anaphora and causes carried over."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from pipeline.relations.cues import Cue
from pipeline.relations.nodes import Node
from pipeline.relations.vocabulary import Vocabulary

CONTEXT_SENTENCES = 2  # how far back a cause or effect is looked for

# ----------------------------------------------------------------------------- context

@dataclass
class _Record:
    """What one sentence said, for the sentences after it."""

    nodes: list[Node]
    pairs: list[tuple[Node, Node, Cue]]
    additive: bool


@dataclass
class _Context:
    vocabulary: Vocabulary
    history: list[_Record] = field(default_factory=list)  # this section
    letter_measures: list[list[Node]] = field(default_factory=list)  # measures per sentence, whole letter
    names: list[tuple[str, str]] = field(default_factory=list)  # (kind, name) in order of mention
    topic_tasks: list[Node] = field(default_factory=list)  # tasks the section heading names

    def recent(self) -> list[_Record]:
        return self.history[-CONTEXT_SENTENCES:][::-1]

    def causes(self, *, additive: bool = False, risks_only: bool = False) -> list[Node]:
        """The cause an anaphor stands for: what the nearest sentence with concepts said."""
        records = self.recent()
        for index, record in enumerate(records):
            found = _record_causes(record, additive=additive, risks_only=risks_only)
            if found:
                if record.additive and index + 1 < len(records):
                    found += _record_causes(records[index + 1], additive=False, risks_only=risks_only)
                return _unique(found)
        return []

    def effects(self) -> list[Node]:
        """The effect an anaphor stands for (what was hit or went wrong in the sentence before)."""
        for record in self.recent():
            found = [e for _, e, _ in record.pairs] or [e for n in record.nodes if (e := n.as_effect())
                                                        and not n.given]
            if found:
                return _unique(found)
        return []

    def previous_effects(self) -> list[Node]:
        return _unique([e for _, e, _ in self.history[-1].pairs]) if self.history else []

    def measures(self) -> list[Node]:
        """The maatregelen under discussion: those of the nearest sentence that names any."""
        records = self.recent()
        for index, record in enumerate(records):
            found = [n for n in record.nodes if n.kind == "maatregel"]
            if found:
                if record.additive and index + 1 < len(records):
                    found += [n for n in records[index + 1].nodes if n.kind == "maatregel"]
                return _unique(found)
        return []

    def measure_group(self, plural: bool, head: str | None = None, before: Sequence[Node] = ()) -> list[Node]:
        """The maatregelen an anaphoric noun phrase stands for (see cues.yaml); `before` are the
        maatregelen named earlier in the same sentence, which come first."""
        groups = [g for g in [*self.letter_measures, list(before)] if g]
        if not groups:
            return []
        if plural:
            for group in reversed(groups):
                if len({n.name for n in group}) >= 2:
                    return _unique(group)
            return _unique(groups[-1])
        if head:
            for group in reversed(groups):
                for node in reversed(group):
                    if head.lower() in node.name.lower():
                        return [node]
            return []
        return [groups[-1][-1]]

    def tasks(self) -> list[Node]:
        if self.topic_tasks:
            return self.topic_tasks
        for record in self.recent():
            found = [e for n in record.nodes if (e := n.as_effect()) and e.kind == "gemeentetaak"]
            if found:
                return _unique(found)
        return []

    def specific(self, node: Node) -> Node:
        """'langdurig verblijf' -> 'langdurig verblijf in doorstroomlocaties' when that was named before."""
        for kind, name in reversed(self.names):
            if kind == node.kind and name.startswith(node.name + " "):
                return replace(node, name=name)
        return node


def _record_causes(record: _Record, *, additive: bool, risks_only: bool) -> list[Node]:
    if additive and record.pairs:  # "Bovendien ...": the subject of the sentence before, its first claim
        first = record.pairs[0][2]
        return [c for c, _, cue in record.pairs if cue == first]
    chain = [e for _, e, _ in record.pairs if e.kind == "risico"]
    if chain:
        return chain
    if record.pairs and not risks_only:
        return [c for c, _, _ in record.pairs]
    risks = [n for n in record.nodes if n.kind == "risico"]
    if risks or risks_only:
        return risks
    return [n for n in record.nodes if n.kind == "maatregel"]


def _unique(nodes: Iterable[Node]) -> list[Node]:
    seen: set[tuple[str, str]] = set()
    out: list[Node] = []
    for node in nodes:
        if (node.kind, node.name) not in seen:
            seen.add((node.kind, node.name))
            out.append(node)
    return out
