"""Resolution of node phrases across letters (issue 19): which phrases are one graph node.

1. Phrases with the same (kind, key) are one node.
2. Other phrases of the same kind merge when their heads are the same noun (up to a plural ending)
   and their keys are similar: `key_similarity` >= MERGE_THRESHOLD. Different heads never merge:
   "verkorting verblijfsvergunning" and "intrekking verblijfsvergunning" stay two maatregelen, as do
   "druk opvang" and "tekort opvang". Two different seeds (canonical names) never merge either.
3. Groups are visited in an order that depends only on the multiset of phrases (seeds first, then
   the most frequent key, ties by key), and a group joins the first node whose *representative* (its
   first group) is similar enough: no chains of merges that drift from one meaning to another, and
   the result does not depend on the order of the letters.
4. Each node keeps its surface variants and gets one label: the seed's name, else the most frequent
   label, ties alphabetical.

Key similarity: the words of the two keys are aligned one to one; a pair of words counts when it is
equal or rapidfuzz's ratio is >= WORD_MATCH (inflection and spelling: "woning"/"woningen" 86,
"statushouder"/"statushouders" 96, but "verkorting"/"verlenging" 70) or they share a start of four
letters or more that leaves at most three of the longer word ("dakloze"/"dakloos": a lemma of the
model against a word without it); the similarity is the number of
aligned words over the length of the LONGER key. MERGE_THRESHOLD = 0.6 means: keys of one or two
words merge only when all words agree, three-word keys with two agreeing words of a two- or
three-word key, five-word keys with three. So a modifier that adds one detail to a two-word key
merges ("druk gemeentelijk opvang" into "druk opvang": 2/3), but a bare head never swallows a
specific phrase ("druk" vs "druk opvang": 1/2), and two different objects of the same head stay
apart ("tekort tolk" vs "tekort woning": 1/2).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

MERGE_THRESHOLD = 0.6
WORD_MATCH = 85.0
_MIN_SHARED_START, _MAX_REST = 4, 3
_PLURALS = ("'s", "’s", "en", "s", "e")


@dataclass(frozen=True)
class NodeRef:
    """One mention of a node by a claim: what node_phrase said about the words a letter used."""

    kind: str
    key: str
    label: str
    canonical: bool = False
    surface: str = ""
    head: str = ""  # "" when unknown: the first word of the key stands in


@dataclass(frozen=True)
class ResolvedNode:
    id: str  # "<kind>:<slug of label>", unique
    kind: str
    key: str  # the representative key
    label: str
    canonical: bool
    variants: tuple[str, ...]  # distinct surface texts (or labels where no surface was given), sorted
    keys: tuple[str, ...]  # every key merged into this node, sorted


@dataclass(frozen=True)
class Resolution:
    nodes: tuple[ResolvedNode, ...]  # sorted by id
    by_key: dict[tuple[str, str], str]  # (kind, key) -> node id

    def node(self, node_id: str) -> ResolvedNode:
        return next(n for n in self.nodes if n.id == node_id)

    def id_of(self, kind: str, key: str) -> str | None:
        return self.by_key.get((kind, key))


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "onbekend"


def _stems(word: str) -> set[str]:
    forms = {word}
    for ending in _PLURALS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            forms.add(word[: -len(ending)])
    return forms


def same_head(a: str, b: str) -> bool:
    """Heads are the same noun up to a plural ending ("statushouder"/"statushouders")."""
    return a == b or bool(_stems(a.lower()) & _stems(b.lower()))


def words_match(a: str, b: str) -> bool:
    """The same word up to inflection or spelling: equal, rapidfuzz ratio >= WORD_MATCH, or a shared
    start of at least four letters that leaves at most three letters of the longer word
    ("dakloze"/"dakloos", "tolk"/"tolken"; not "stad"/"staat", "kind"/"kinderen")."""
    if a == b or ratio(a, b) >= WORD_MATCH:
        return True
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return shared >= _MIN_SHARED_START and shared >= max(len(a), len(b)) - _MAX_REST


def key_similarity(a: str, b: str) -> float:
    """Aligned words over the length of the longer key (see the module docstring)."""
    left, right = a.split(), b.split()
    if not left or not right:
        return 0.0
    unused = list(right)
    matched = 0
    for word in left:
        best = max(unused, key=lambda other: (word == other, words_match(word, other), ratio(word, other), other),
                   default=None)
        if best is not None and words_match(word, best):
            unused.remove(best)
            matched += 1
    return matched / max(len(left), len(right))


@dataclass
class _Group:
    kind: str
    key: str
    head: str
    canonical: bool
    count: int
    labels: Counter[str]
    surfaces: set[str]
    seed_labels: Counter[str]  # the labels of the refs a seed named


def _groups(refs: Iterable[NodeRef]) -> list[_Group]:
    groups: dict[tuple[str, str], _Group] = {}
    heads: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for ref in refs:
        if not ref.key.strip():
            continue
        group = groups.setdefault((ref.kind, ref.key), _Group(ref.kind, ref.key, "", False, 0, Counter(), set(),
                                                                        Counter()))
        group.count += 1
        group.labels[ref.label] += 1
        group.canonical = group.canonical or ref.canonical
        if ref.canonical:
            group.seed_labels[ref.label] += 1
        group.surfaces.add(ref.surface or ref.label)
        heads[(ref.kind, ref.key)][ref.head or ref.key.split()[0]] += 1
    for where, group in groups.items():
        group.head = min(heads[where].items(), key=lambda item: (-item[1], item[0]))[0]
    # Seeds first (they name the node), then the most frequent key, ties by key: a multiset order.
    return sorted(groups.values(), key=lambda g: (not g.canonical, -g.count, g.kind, g.key))


def resolve(refs: Iterable[NodeRef], threshold: float = MERGE_THRESHOLD) -> Resolution:
    """The nodes the phrases name, merged by key and by similarity (module docstring)."""
    clusters: list[list[_Group]] = []
    by_head: dict[tuple[str, str], list[int]] = defaultdict(list)  # (kind, head stem) -> clusters, in order
    for group in _groups(refs):
        stems = _stems(group.head.lower())
        candidates = sorted({i for stem in stems for i in by_head.get((group.kind, stem), ())})
        for index in candidates:
            first = clusters[index][0]
            if first.canonical and group.canonical:
                continue
            if key_similarity(first.key, group.key) >= threshold:
                clusters[index].append(group)
                break
        else:
            clusters.append([group])
            for stem in stems:
                by_head[(group.kind, stem)].append(len(clusters) - 1)
    made: list[tuple[str, str, list[_Group]]] = []
    for cluster in clusters:
        seeds = [g for g in cluster if g.canonical]
        if seeds:
            label = min(seeds[0].seed_labels.items(), key=lambda item: (-item[1], item[0]))[0]
        else:
            labels: Counter[str] = Counter()
            for g in cluster:
                labels.update(g.labels)
            label = min(labels.items(), key=lambda item: (-item[1], item[0]))[0]
        made.append((f"{cluster[0].kind}:{slug(label)}", label, cluster))
    nodes: list[ResolvedNode] = []
    by_key: dict[tuple[str, str], str] = {}
    taken: Counter[str] = Counter()
    for base, label, cluster in sorted(made, key=lambda m: (m[0], m[2][0].key)):
        taken[base] += 1
        node_id = base if taken[base] == 1 else f"{base}-{taken[base]}"
        first = cluster[0]
        nodes.append(ResolvedNode(
            id=node_id, kind=first.kind, key=first.key, label=label, canonical=any(g.canonical for g in cluster),
            variants=tuple(sorted({s for g in cluster for s in g.surfaces})),
            keys=tuple(sorted(g.key for g in cluster))))
        for g in cluster:
            by_key[(g.kind, g.key)] = node_id
    return Resolution(nodes=tuple(sorted(nodes, key=lambda n: n.id)), by_key=by_key)
