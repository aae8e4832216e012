"""Concept nodes of a sentence: maatregelen, risico's and gemeentetaken found by the lexicons."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.concepts.lexicon import ConceptMatch
from pipeline.concepts.measures import find_measures
from pipeline.relations.cues import CueLexicon
from pipeline.relations.vocabulary import CAUSE_KINDS, EFFECT_KINDS, Vocabulary, default_vocabulary
from pipeline.types import Mention, Passage

_ADVERBS = {"ook", "steeds", "vaak", "vaker", "weer", "echter", "nu", "dan", "zelfs", "mogelijk", "uiteindelijk",
            "wel", "namelijk", "dus", "daarbij", "bovendien", "immers", "al", "nog", "in", "potentie", "op",
            "termijn", "zeker", "eerder", "niet", "alleen", "zo", "tegelijkertijd", "daarnaast", "verder", "en",
            "maar"}
_COORDINATORS = {"en", "of", "als", "zoals", "ook", "de", "het", "een", "alsmede", "waaronder", "andere", "en/of",
                 "tot", "voor", "op", "aan", "met", "name", "meer", "minder", "extra", "veel", "grote", "groot",
                 "nog", "zelfs", "vaak", "steeds"}
_FINAL_COORDINATORS = {"en", "of", "alsmede", "en/of"}
_WORD = re.compile(r"[\w/]+")
_LIST_ITEM = re.compile(r"\s*,\s*(?:[\w-]+\s+)?[\w-]+\s*(?:,\s*(?:en\s+|of\s+)?|\s(?:en|of)\s+)(?:(?:de|het|een)\s+)?$")
_BOUNDARY = re.compile(r"[;:–—]|,(?!\s*(?:zoals|waaronder|bijvoorbeeld|met name|en\b|of\b))|\s-\s")

# ----------------------------------------------------------------------------- concepts

@dataclass(frozen=True)
class Node:
    """A concept in a sentence; `alts` are other readings of the same words (kind, name)."""

    kind: str
    name: str
    start: int
    end: int
    alts: tuple[tuple[str, str], ...] = ()
    resolved: bool = False  # stands for an anaphor, resolved from the sentences before
    given: bool = False  # a circumstance ("gezien de druk op ..."), not what the sentence is about

    def as_effect(self) -> Node | None:
        if self.kind in EFFECT_KINDS:
            return self
        for kind in EFFECT_KINDS:
            for alt_kind, name in self.alts:
                if alt_kind == kind:
                    return replace(self, kind=kind, name=name, alts=())
        return None

    @property
    def is_cause(self) -> bool:
        return self.kind in CAUSE_KINDS


def _nodes(text: str, vocabulary: Vocabulary) -> list[Node]:
    """Every concept of a text with its alternative readings, in order."""
    candidates: list[tuple[int, str, str, int, int]] = []  # (priority, kind, name, start, end)
    for m in find_measures(text, vocabulary.measures):
        candidates.append((3, "maatregel", m.canonical, m.start, m.end))
    for priority, lexicon in ((2, vocabulary.risks), (1, vocabulary.tasks)):
        for c in lexicon.find(text):
            candidates.append((priority, c.kind, c.name, c.start, c.end))
    chosen: list[tuple[int, str, str, int, int]] = []
    for cand in sorted(candidates, key=lambda c: (-(c[4] - c[3]), -c[0], c[3])):
        if all(cand[4] <= c[3] or cand[3] >= c[4] for c in chosen):
            chosen.append(cand)
    nodes: list[Node] = []
    for _priority, kind, name, start, end in sorted(chosen, key=lambda c: c[3]):
        alts: list[tuple[str, str]] = []
        for _p, other_kind, other_name, other_start, other_end in candidates:
            overlap = min(end, other_end) - max(start, other_start)
            if other_kind != kind and overlap > 0 and overlap >= 0.6 * (end - start) \
                    and overlap >= 0.6 * (other_end - other_start) and (other_kind, other_name) not in alts:
                alts.append((other_kind, other_name))
        nodes.append(Node(kind, name, start, end, tuple(alts)))
    return _vagueness(text, nodes, vocabulary.cues)


def _vagueness(text: str, nodes: list[Node], cues: CueLexicon) -> list[Node]:
    """'onduidelijk hoe ... <maatregel>' -> risico 'onduidelijkheid over <maatregel>'; drop defused risks."""
    out = list(nodes)
    lowered = text.lower()
    for scan in cues.marker_scans("vagueness"):  # runs for every passage: each pattern tried only at its starts
        for marker in scan.finditer(text, lowered):
            if any(n.start < marker.end() and marker.start() < n.end for n in out):
                continue  # the marker is part of a named risk ("onduidelijkheid over de financiering")
            for index, node in enumerate(out):
                gap = text[marker.end():node.start]
                if node.start >= marker.end() and node.kind == "maatregel" and len(gap) <= 60 \
                        and not re.search(r"[.;:,]", gap) and not any(n.start >= marker.end() and n.end <= node.start
                                                                      for n in out):
                    out[index] = Node("risico", f"onduidelijkheid over {node.name}", marker.start(), node.end)
                    break
    out = [n for n in out if not any(o is not n and o.start <= n.start and n.end <= o.end and o.kind == "risico"
                                     and o.name.startswith("onduidelijkheid over ") for o in out)]
    defused = cues.markers("defused")
    out = [n for n in out if not (n.kind == "risico" and any(p.match(text, _skip_space(text, n.end)) for p in defused))]
    return [replace(n, given=True) if cues.ends_with("given", text[max(0, n.start - 60):n.start], 2) else n
            for n in out]


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def concepts_in(text: str, vocabulary: Vocabulary | None = None) -> list[ConceptMatch]:
    """Every maatregel, risico and gemeentetaak in a text, in order (one reading per mention)."""
    return [ConceptMatch(n.kind, n.name, n.start, n.end, text[n.start:n.end])
            for n in _nodes(text, vocabulary or default_vocabulary())]


def mentions_in(passages: Sequence[Passage], vocabulary: Vocabulary | None = None) -> tuple[Mention, ...]:
    vocabulary = vocabulary or default_vocabulary()
    return tuple(Mention(m.kind, m.name, p.id, m.start, m.end)
                 for p in passages for m in concepts_in(p.text, vocabulary))
