"""Stage 5a: causal and impact claims per sentence, between maatregelen, risico's and gemeentetaken.

Per sentence:

1. Concepts: maatregelen (`pipeline.concepts.measures`), risico's and gemeentetaken (the lexicons in
   `pipeline/concepts/`). Overlaps: the longest match wins, a maatregel on ties; a mention that is
   both a maatregel and a task or risk ("TGO", "kleinschalige opvang") keeps the other reading as an
   alternative, used when it is on the effect side. "onduidelijk hoe ... <maatregel>" becomes the
   risico "onduidelijkheid over <maatregel>"; a risico the text calls under control is dropped.
2. Anaphoric noun phrases become concepts: "de plannen"/"de maatregelen" stand for the last group of
   several maatregelen, "dit wetsvoorstel" for the last maatregel, "deze situatie" for the risk of
   the sentence before.
3. Cues (`cues.yaml`) split the sentence into segments; each cue takes its causes and effects from
   the segments around it according to its direction (see cues.yaml). Lists of effects are split
   ("gevolgen voor leefbaarheid, welzijn en integratie" gives three claims); a relative pronoun
   before a cue ("..., wat leidt tot") takes the nearest concept as the cause; a second cue without
   a cause of its own shares the cause of the first ("X belemmert Y en leidt tot Z"), and a cue
   whose cause side holds only a pronoun ("Dit betekent", "Het zorgt voor", "creëert dit") or a
   pronominal adverb ("hierdoor", "op deze manier") takes the cause from the sentences before
   (within the section): the risks the sentence before claimed as effects (a chain, link by link),
   else its risks, else its maatregelen; "Bovendien/Ook ..." keeps the cause of the sentence before.
4. "Wij vrezen dat Y" with no cause in the sentence: Y is the feared effect of the maatregel
   discussed just before.

Relations by kinds: maatregel -> risico and risico -> risico are `leidt_tot`; maatregel or risico ->
gemeentetaak is `raakt`. Nothing points at a maatregel, and a gemeentetaak causes nothing here.
Requests ("Wij vragen u ...", request list items) make no claims.

Everything the stage matches is data (`Vocabulary`): the default is the shipped files; evaluation
passes reduced vocabularies (pipeline.evaluate.relations, leave-one-letter-out).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

from pipeline.datafiles import DataFile, LineDict, LineList, package_file, read_yaml
from pipeline.concepts.lexicon import ConceptLexicon, ConceptMatch, literal_needle, load_lexicon
from pipeline.concepts.measures import MeasureTable, find_measures, load_measures
from pipeline.types import Claim, Mention, Passage

CUES_FILE = "cues.yaml"
DIRECTIONS = ("forward", "backward", "effect_before", "nominal", "anaphoric", "amplify", "prevent", "obstacle")
MARKERS = ("expectation", "relative", "additive", "pronoun_anaphor", "adverb_anaphor", "risk_anaphor",
           "measure_anaphor_plural", "measure_anaphor_singular", "vagueness", "defused", "given", "not_a_cause",
           "request", "negation")
RELATION_BY_KINDS = {
    ("maatregel", "risico"): "leidt_tot",
    ("risico", "risico"): "leidt_tot",
    ("maatregel", "gemeentetaak"): "raakt",
    ("risico", "gemeentetaak"): "raakt",
}
CAUSE_KINDS = ("maatregel", "risico")
EFFECT_KINDS = ("gemeentetaak", "risico")  # preference order for a mention with several readings
CONTEXT_SENTENCES = 2  # how far back a cause or effect is looked for
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


# ----------------------------------------------------------------------------- cue data

@dataclass(frozen=True)
class CueItem:
    """One entry of cues.yaml: a cue (group = its direction) or a marker (group = its list)."""

    group: str
    raw: str
    line: int
    regex: re.Pattern[str]
    cause_follows: bool = False
    chain: bool = False
    needle: str | None = None  # a lower-case word every match contains: skip sentences without it

    @property
    def key(self) -> tuple[str, str]:
        return (self.group, self.raw)


@dataclass(frozen=True)
class Cue:
    direction: str
    start: int
    end: int
    text: str
    cause_follows: bool = False
    chain: bool = False  # a connective after a clause: its cause is that clause's risk ("..., waardoor")


@dataclass(frozen=True)
class CueLexicon:
    source: str
    items: tuple[CueItem, ...]

    @cached_property
    def _cues(self) -> tuple[CueItem, ...]:
        return tuple(item for item in self.items if item.group in DIRECTIONS)

    @cached_property
    def _markers(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        out: dict[str, list[re.Pattern[str]]] = {name: [] for name in MARKERS}
        for item in self.items:
            if item.group in out:
                out[item.group].append(item.regex)
        return {name: tuple(patterns) for name, patterns in out.items()}

    def markers(self, name: str) -> tuple[re.Pattern[str], ...]:
        return self._markers[name]

    def ends_with(self, name: str, text: str, words_between: int = 0) -> bool:
        """Does text end with a marker of list `name`, followed by at most `words_between` words?"""
        key = (name, words_between)
        if key not in self._ending:
            self._ending[key] = tuple(re.compile(rf"(?:{p.pattern})\W*(?:\w+\W+){{0,{words_between}}}$", p.flags)
                                      for p in self._markers[name])
        return any(p.search(text) for p in self._ending[key])

    @cached_property
    def _ending(self) -> dict[tuple[str, int], tuple[re.Pattern[str], ...]]:
        return {}

    def find(self, sentence: str) -> list[Cue]:
        """The cues of a sentence in reading order; of overlapping cues the longest wins."""
        lowered = sentence.lower()
        found = [Cue(item.group, m.start(), m.end(), m.group(0).strip(), item.cause_follows, item.chain)
                 for item in self._cues if item.needle is None or item.needle in lowered
                 for m in item.regex.finditer(sentence) if m.end() > m.start()]
        chosen: list[Cue] = []
        for cue in sorted(found, key=lambda c: (-(c.end - c.start), c.start)):
            if all(cue.end <= c.start or cue.start >= c.end for c in chosen):
                chosen.append(cue)
        negation = self._markers["negation"]
        return sorted((c for c in chosen if not any(p.search(c.text) for p in negation)
                       and not self.ends_with("negation", sentence[max(0, c.start - 20):c.start])),
                      key=lambda c: (c.start, c.end))

    def keep_items(self, keep: Callable[[CueItem], bool]) -> CueLexicon:
        """The same lexicon with only the items for which keep(item) is true (for ablation studies)."""
        return CueLexicon(self.source, tuple(item for item in self.items if keep(item)))


def parse_cues(file: DataFile) -> CueLexicon:
    """Validate cues.yaml; DataFileError names the file and line of anything wrong."""
    file.check_keys(file.data, {"cues", "markers"}, "the top level")
    cues = file.mapping(file.data, "cues")
    markers = file.mapping(file.data, "markers")
    items: list[CueItem] = []
    seen: dict[tuple[str, str], int] = {}
    for section, allowed in ((cues, DIRECTIONS), (markers, MARKERS)):
        for group in section:
            line = section.key_lines[group]
            if group not in allowed:
                raise file.fail(line, f"unknown list {group!r} (expected one of: {', '.join(allowed)})")
            entries = section[group]
            if not isinstance(entries, LineList) or not entries:
                raise file.fail(line, f"{group!r} must be a non-empty list")
            for entry, entry_line in zip(entries, entries.item_lines, strict=True):
                options = {"cause_follows": False, "chain": False}
                if isinstance(entry, LineDict):
                    file.check_keys(entry, {"pattern", *options}, f"a {group} cue")
                    if section is markers:
                        raise file.fail(entry_line, "markers are plain regex strings")
                    for option in options:
                        options[option] = entry.get(option, False)
                        if not isinstance(options[option], bool):
                            raise file.fail(entry.key_lines[option], f"{option!r} must be true or false")
                    entry = entry.get("pattern")
                if not isinstance(entry, str) or not entry.strip():
                    raise file.fail(entry_line, f"{group!r} holds {entry!r}; expected a regex string")
                if (group, entry) in seen:
                    raise file.fail(entry_line,
                                    f"{entry!r} is listed twice in {group!r} (also line {seen[group, entry]})")
                seen[group, entry] = entry_line
                regex = file.regex(rf"(?<![\w-])(?:{entry})(?![\w-])", entry_line)
                if regex.fullmatch(""):
                    raise file.fail(entry_line, f"{entry!r} matches the empty string")
                items.append(CueItem(group, entry, entry_line, regex, **options, needle=literal_needle(entry)))
    for group in (*DIRECTIONS, *MARKERS):
        if group not in cues and group not in markers:
            raise file.fail(file.data.line, f"missing list {group!r}")
    return CueLexicon(file.name, tuple(items))


@cache
def load_cues(path: Path | None = None) -> CueLexicon:
    source = path if path is not None else package_file("pipeline.relations", CUES_FILE)
    return parse_cues(read_yaml(source, str(path) if path is not None else f"pipeline/relations/{CUES_FILE}"))


@dataclass(frozen=True)
class Vocabulary:
    """Everything the relation stage matches: measure table, risk and task lexicons, cues."""

    measures: MeasureTable
    risks: ConceptLexicon
    tasks: ConceptLexicon
    cues: CueLexicon


@cache
def default_vocabulary() -> Vocabulary:
    return Vocabulary(measures=load_measures(), risks=load_lexicon("risicos.yaml"),
                      tasks=load_lexicon("gemeentetaken.yaml"), cues=load_cues())


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
    for pattern in cues.markers("vagueness"):
        for marker in pattern.finditer(text):
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


# ----------------------------------------------------------------------------- claims

def extract_claims(doc_id: str, passages: Sequence[Passage], sentences: Mapping[str, Sequence[tuple[int, int]]],
                   vocabulary: Vocabulary | None = None) -> tuple[Claim, ...]:
    """Claims of one letter; `sentences` maps a passage id to its sentence (start, end) offsets."""
    vocabulary = vocabulary or default_vocabulary()
    claims: dict[tuple[str, str, str, str, str], Claim] = {}
    context = _Context(vocabulary)
    section: object = object()
    for passage in passages:
        if passage.section != section:
            section = passage.section
            context.history = []
            context.topic_tasks = _unique(e for n in _nodes(passage.section or "", vocabulary)
                                          if (e := n.as_effect()) and e.kind == "gemeentetaak")
        request_item = passage.kind == "list_item" and passage.request
        for start, end in sentences.get(passage.id, [(0, len(passage.text))]):
            sentence = passage.text[start:end].strip()
            if not sentence:
                continue
            record = _sentence(sentence, context)
            if request_item or _opens_with(sentence, vocabulary.cues.markers("request")):
                record.pairs = []
            for cause, effect, cue in record.pairs:
                relation = RELATION_BY_KINDS[(cause.kind, effect.kind)]
                key = (cause.name, effect.name, relation, passage.id, sentence)
                claims.setdefault(key, Claim(cause.kind, cause.name, relation, effect.kind, effect.name,
                                             doc_id, passage.id, sentence, cue.text.lower(), passage.stance))
            context.history.append(record)
            context.letter_measures.append([n for n in record.nodes if n.kind == "maatregel"])
            context.names.extend((n.kind, n.name) for n in record.nodes)
    return tuple(claims.values())  # reading order


def passage_order(passage_id: str) -> int:
    match = re.search(r"#p(\d+)$", passage_id)
    return int(match.group(1)) if match else 0


def _opens_with(sentence: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    start = _skip_space(sentence, 0)
    return any(p.match(sentence, start) for p in patterns)


def _sentence(sentence: str, context: _Context) -> _Record:
    """The concepts and cause-effect pairs of one sentence."""
    cues_lexicon = context.vocabulary.cues
    nodes = [context.specific(n) for n in _nodes(sentence, context.vocabulary)]
    cues = [c for c in cues_lexicon.find(sentence)
            if not any(c.start < n.end and n.start < c.end for n in nodes)]
    cues = [c for c in cues if not c.cause_follows or _cause_follows(sentence, c, nodes)]
    nodes = sorted(nodes + _anaphoric_nodes(sentence, nodes, cues, context), key=lambda n: (n.start, n.end))
    additive = _opens_with(sentence, cues_lexicon.markers("additive"))
    state = _SentenceState(sentence, nodes, cues, context, additive)
    pairs = state.pairs()
    return _Record(nodes, pairs, additive)


def _cause_follows(sentence: str, cue: Cue, nodes: list[Node]) -> bool:
    for node in nodes:
        if node.start >= cue.end and node.is_cause:
            return len(_WORD.findall(sentence[cue.end:node.start])) <= 3
    return False


def _anaphoric_nodes(sentence: str, nodes: list[Node], cues: list[Cue], context: _Context) -> list[Node]:
    """Noun phrases that stand for earlier concepts: 'de plannen', 'dit wetsvoorstel', 'deze situatie'."""
    lexicon = context.vocabulary.cues
    out: list[Node] = []
    taken = [(n.start, n.end) for n in nodes] + [(c.start, c.end) for c in cues]

    def earlier(match: re.Match[str]) -> list[Node]:
        return [n for n in nodes if n.kind == "maatregel" and n.end <= match.start()]

    resolvers: dict[str, Callable[[re.Match[str]], list[Node]]] = {
        "measure_anaphor_plural": lambda m: context.measure_group(True, before=earlier(m)),
        "measure_anaphor_singular": lambda m: context.measure_group(False, m.groupdict().get("head"), earlier(m)),
        "risk_anaphor": lambda m: context.causes(risks_only=True),
    }
    for marker, resolve in resolvers.items():
        for pattern in lexicon.markers(marker):
            for match in pattern.finditer(sentence):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                for target in resolve(match):
                    out.append(Node(target.kind, target.name, match.start(), match.end(), target.alts, resolved=True))
                taken.append((match.start(), match.end()))
    return out


class _SentenceState:
    """Pairs cause and effect around each cue of one sentence."""

    def __init__(self, sentence: str, nodes: list[Node], cues: list[Cue], context: _Context, additive: bool):
        self.sentence = sentence
        self.nodes = nodes
        self.cues = cues
        self.context = context
        self.additive = additive
        self.markers = context.vocabulary.cues.markers
        self.used_context = False
        self.causes_of: list[list[Node]] = []
        self.effects_of: list[list[Node]] = []

    # --- helpers -----------------------------------------------------------------------------------
    def within(self, start: int, end: int) -> list[Node]:
        return [n for n in self.nodes if start <= n.start < end]

    def segment_before(self, i: int) -> tuple[int, int]:
        return (self.cues[i - 1].end if i else 0, self.cues[i].start)

    def segment_after(self, i: int) -> tuple[int, int]:
        return (self.cues[i].end, self.cues[i + 1].start if i + 1 < len(self.cues) else len(self.sentence))

    def causes_in(self, start: int, end: int) -> list[Node]:
        lexicon = self.context.vocabulary.cues
        return [node for node in self.within(start, end) if node.is_cause
                and not lexicon.ends_with("not_a_cause", self.sentence[max(0, node.start - 40):node.start])]

    def effect_list(self, start: int, end: int) -> list[Node]:
        """The first effect in the span and those coordinated with it ('A, B en C')."""
        effects = [(n, e) for n in self.within(start, end) if (e := n.as_effect())]
        if not effects:
            return []
        first = effects[0]
        out = [first[1]]
        last = first[0]
        for node, effect in effects[1:]:
            if node.start < last.end:  # another reading of the same words (an anaphor for several)
                out.append(effect)
                continue
            closing = self.coordinated(last.end, node.start)
            if closing is None:
                break
            out.append(effect)
            last = node
            if closing:
                break
        return out

    def last_group(self, nodes: list[Node]) -> list[Node]:
        """The last of the nodes and those coordinated with it ('X en Y leiden tot')."""
        if not nodes:
            return []
        group = [nodes[-1]]
        for node in reversed(nodes[:-1]):
            if node.end > group[0].start or self.coordinated(node.end, group[0].start) is not None:
                group.insert(0, node)
            else:
                break
        return group

    def effect_group_before(self, start: int, end: int) -> list[Node]:
        """The last effect in the span and those coordinated with it, in order."""
        effects = [(n, e) for n in self.within(start, end) if (e := n.as_effect())]
        if not effects:
            return []
        group = [effects[-1]]
        for node, effect in reversed(effects[:-1]):
            if node.end > group[0][0].start:
                group.insert(0, (node, effect))
                continue
            if self.coordinated(node.end, group[0][0].start) is None:
                break
            group.insert(0, (node, effect))
        return [e for _, e in group]

    def coordinated(self, start: int, end: int) -> bool | None:
        """None: not a list; False: a list goes on; True: the last item follows (after 'en'/'of')."""
        gap = self.sentence[start:end]
        words = [w.lower() for w in _WORD.findall(gap)]
        if len(words) > 4:
            return None
        if any(w not in _COORDINATORS for w in words):
            # an unnamed list item: "overbewoning, spanningen en hogere kosten"
            if not _LIST_ITEM.match(gap):
                return None
            words = [w for w in words if w in _COORDINATORS]
        if not words and not re.search(r"[,/–-]", gap):
            return None
        if words and not re.search(r"[,/–-]", gap) and not set(words) & (_FINAL_COORDINATORS | {"zoals", "als"}):
            return None
        return bool(set(words) & _FINAL_COORDINATORS)

    def clause_final(self, i: int) -> bool:
        """Cue i ends its clause (a verb at the end of a Dutch subordinate or verb-final clause)."""
        rest = self.sentence[self.cues[i].end:]
        stop = re.search(r"[.,;:!?()–—]|$", rest)
        return len(_WORD.findall(rest[:stop.start() if stop else len(rest)])) <= 1

    def has_adverb_anaphor(self, start: int, end: int) -> bool:
        text = self.sentence[start:end]
        return any(p.search(text) for p in self.markers("adverb_anaphor"))

    def pronoun_subject(self, start: int, end: int, cue_end: int) -> bool:
        """The cause side is only a pronoun ('Dit betekent', 'Het zorgt voor', 'creëert dit')."""
        text = self.sentence[start:end]
        for pattern in self.markers("expectation"):
            text = pattern.sub(" ", text)
        content = [w for w in _WORD.findall(text) if w.lower() not in _ADVERBS]
        pronouns = self.markers("pronoun_anaphor")
        if len(content) == 1:
            return any(p.fullmatch(content[0]) for p in pronouns)
        if content:
            return False
        # inverted word order: "creëert dit", "zorgt dit voor" (the pronoun right after or inside the cue)
        after = _WORD.match(self.sentence, _skip_space(self.sentence, cue_end))
        inside = _WORD.findall(self.sentence[end:cue_end])[1:]
        return any(p.fullmatch(w) for p in pronouns for w in [*inside, *([after.group(0)] if after else [])][:3])

    def relative_before(self, i: int) -> Node | None:
        """'..., wat leidt tot' / 'die ... effect hebben op': the concept the relative pronoun refers to."""
        start, end = self.segment_before(i)
        text = self.sentence[start:end]
        for pattern in self.markers("relative"):
            for match in pattern.finditer(text):
                tail = _WORD.findall(text[match.end():])
                if len(tail) <= 3 and all(w.lower() in _ADVERBS for w in tail):
                    position = start + match.start()
                    causes = [n for n in self.nodes if n.end <= position and n.is_cause]
                    if causes:
                        nearest = causes[-1]
                        return nearest
        return None

    def expectation(self) -> re.Match[str] | None:
        for pattern in self.markers("expectation"):
            match = pattern.search(self.sentence)
            if match:
                return match
        return None

    def from_context(self, *, risks_only: bool = False) -> list[Node]:
        found = self.context.causes(additive=self.additive, risks_only=risks_only)
        if found:
            self.used_context = True
        return found

    def at_sentence_start(self, position: int) -> bool:
        words = [w.lower() for w in _WORD.findall(self.sentence[:position])]
        return all(w in _ADVERBS or w in {"enerzijds", "anderzijds"} for w in words)

    # --- directions ---------------------------------------------------------------------------------
    def pairs(self) -> list[tuple[Node, Node, Cue]]:
        pairs: list[tuple[Node, Node, Cue]] = []
        for i, cue in enumerate(self.cues):
            causes, effects = getattr(self, f"_{cue.direction}")(i)
            causes, effects = _unique(causes), _unique(effects)
            self.causes_of.append(causes)
            self.effects_of.append(effects)
            for cause in causes:
                for effect in effects:
                    if _related(cause, effect):
                        pairs.append((cause, effect, cue))
        if not any(c.kind == "maatregel" for c, _, _ in pairs) and not self.used_context:
            marker = self.expectation()
            if marker:
                # a feared effect without a cue must be a named risk (a task needs a cue saying it is hit)
                effects = [e for n in self.within(marker.end(), len(self.sentence))
                           if (e := n.as_effect()) and e.kind == "risico"]
                if effects:
                    cue = Cue("expectation", marker.start(), marker.end(), marker.group(0))
                    pairs += [(c, e, cue) for c in self.context.measures() for e in effects if _related(c, e)]
        seen: set[tuple[str, str]] = set()
        unique: list[tuple[Node, Node, Cue]] = []
        for cause, effect, cue in pairs:
            if (cause.name, effect.name) not in seen:
                seen.add((cause.name, effect.name))
                unique.append((cause, effect, cue))
        return unique

    def _cause_side(self, i: int, start: int, end: int) -> list[Node]:
        """Causes of cue i from the text before it (forward, effect_before, obstacle)."""
        cue = self.cues[i]
        relative = self.relative_before(i)
        if relative is not None:
            return [relative]
        previous_effects = {e.name for e in self.effects_of[i - 1]} if i else set()
        if cue.chain and i:
            chain = [e for e in self.effects_of[i - 1] if e.kind == "risico"]
            if chain:
                return chain
        causes = self.last_group([c for c in self.causes_in(start, end) if c.name not in previous_effects])
        if causes:
            return causes
        if self.has_adverb_anaphor(start, end) or self.pronoun_subject(start, end, cue.end):
            return self.from_context()
        if i:
            return self.causes_of[i - 1]
        return []

    def _forward(self, i: int) -> tuple[list[Node], list[Node]]:
        start, end = self.segment_before(i)
        after_start, after_end = self.segment_after(i)
        effects = self.effect_list(after_start, after_end)
        causes = self._cause_side(i, start, end)
        if not effects and self.clause_final(i):  # verb-final: "die ... Y veroorzaken", "X kan Y bemoeilijken"
            first_cause = min((c.end for c in causes if not c.resolved and start <= c.start < end), default=start)
            effects = self.effect_group_before(first_cause, end)
        return causes, effects

    def _backward(self, i: int) -> tuple[list[Node], list[Node]]:
        cue = self.cues[i]
        start, end = self.segment_before(i)
        after_start, after_end = self.segment_after(i)
        boundary = _BOUNDARY.search(self.sentence, after_start, after_end)
        phrase_end = boundary.start() if boundary else after_end
        if cue.cause_follows or (boundary is None and self.at_sentence_start(cue.start)):
            # "Door X kunnen Y ...", "Vanwege X is Y ...": the cause is the noun phrase after the cue
            following = self.causes_in(after_start, phrase_end)
            if following:
                group = [following[0]]
                for node in following[1:]:
                    if node.start < group[-1].end or self.coordinated(group[-1].end, node.start) is not None:
                        group.append(node)
                    else:
                        break
                group_end = max(n.end for n in self.nodes if n.start < group[-1].end and n.end > group[0].start)
                if any(n.as_effect() for n in self.within(group_end, phrase_end)):
                    phrase_end = group_end
        causes = self.causes_in(after_start, phrase_end)
        if not causes and not self.within(after_start, phrase_end) and self.at_sentence_start(cue.start):
            causes = self.from_context()
        effects = self.effect_group_before(start, end)
        if not effects:
            effects = self.effect_list(phrase_end, after_end)
        if not effects and i:
            effects = self.effects_of[i - 1]
        if not effects and (self.at_sentence_start(cue.start) or self.has_adverb_anaphor(0, cue.start)):
            effects = self.context.effects()
            self.used_context = self.used_context or bool(effects)
        return causes, effects

    def _effect_before(self, i: int) -> tuple[list[Node], list[Node]]:
        start, end = self.segment_before(i)
        effects = self.effect_group_before(start, end)
        if not effects:
            return [], []
        group_start = min(n.start for n in self.within(start, end) if n.as_effect() and
                          any(n.as_effect().name == e.name for e in effects))
        previous_effects = {e.name for e in self.effects_of[i - 1]} if i else set()
        causes = [c for c in self.causes_in(start, group_start) if c.name not in previous_effects]
        if not causes and i:
            causes = self.causes_of[i - 1]
        if not causes and (self.has_adverb_anaphor(0, end) or self.expectation() is not None
                           or self.pronoun_subject(start, group_start, self.cues[i].end)):
            causes = self.from_context()
        return causes, effects

    def _nominal(self, i: int) -> tuple[list[Node], list[Node]]:
        after_start, after_end = self.segment_after(i)
        link = re.compile(r"\b(?:voor|op)\b", re.IGNORECASE).search(self.sentence, after_start, after_end)
        if not link or len(_WORD.findall(self.sentence[after_start:link.start()])) > 8:
            return [], []
        causes = self.causes_in(after_start, link.start())
        if not causes and self.has_adverb_anaphor(after_start, link.start()) and not self.within(0, self.cues[i].start):
            causes = self.from_context()
        return causes, self.effect_list(link.end(), after_end)

    def _anaphoric(self, i: int) -> tuple[list[Node], list[Node]]:
        cue = self.cues[i]
        start, _ = self.segment_before(i)
        _, end = self.segment_after(i)
        causes = [n for n in self.within(start, cue.start) if n.kind == "maatregel"]
        if not causes:
            causes = self.from_context()
        names = {c.name for c in causes}
        effects = [e for n in self.within(start, end) if (e := n.as_effect()) and n.name not in names
                   and e.name not in names]
        return causes, effects

    def _amplify(self, i: int) -> tuple[list[Node], list[Node]]:
        return [n for n in self.nodes if n.kind == "maatregel"], self.context.previous_effects()

    def _prevent(self, i: int) -> tuple[list[Node], list[Node]]:
        after_start, after_end = self.segment_after(i)
        effects = self.effect_list(after_start, after_end)
        if not effects:
            return [], []
        causes = self.context.causes(risks_only=True)
        self.used_context = self.used_context or bool(causes)
        return causes, effects

    def _obstacle(self, i: int) -> tuple[list[Node], list[Node]]:
        start, end = self.segment_before(i)
        after_start, after_end = self.segment_after(i)
        causes = self._cause_side(i, start, end)
        effects = [e for e in self.effect_list(after_start, after_end) if e.kind == "gemeentetaak"]
        if not effects and causes:
            effects = self.context.tasks()
        return causes, effects


def _related(cause: Node, effect: Node) -> bool:
    """A claim needs a cause and an effect of the right kinds that are not the same thing."""
    if (cause.kind, effect.kind) not in RELATION_BY_KINDS or cause.name == effect.name:
        return False
    a, b = cause.name.lower(), effect.name.lower()
    return not (a.startswith(b + " ") or b.startswith(a + " ") or a.startswith(b + " (") or b.startswith(a + " ("))


__all__ = ["Cue", "CueItem", "CueLexicon", "Node", "Vocabulary", "concepts_in", "default_vocabulary",
           "extract_claims", "load_cues", "mentions_in", "parse_cues"]
