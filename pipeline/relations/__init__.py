"""Stage 5a: causal and impact claims per sentence, between maatregelen, risico's and gemeentetaken.

Per sentence: find the concepts (maatregelen via `pipeline.concepts.measures`, risico's and gemeentetaken
via the lexicons in `pipeline/concepts/`) and the causal cues (`cues.yaml`). Around the first cue, causes
are taken from the cue's cause side and effects from its effect side (see the directions in cues.yaml).
When the cause side holds no maatregel and the sentence opens with an anaphor, the cause comes from the
sentence before (a claim across sentences): "De plannen ..." takes the maatregelen named before;
"Hierdoor ..."/"Dit betekent ..." takes the previous sentence's risico (a chain), else its maatregelen.
Relations by kinds: maatregel -> risico and risico -> risico are `leidt_tot`; maatregel or risico ->
gemeentetaak is `raakt`. maatregel -> maatregel and gemeentetaak -> anything are not claims here.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from pipeline.concepts.lexicon import ConceptMatch, load_lexicon
from pipeline.concepts.measures import find_measures
from pipeline.errors import DataFileError
from pipeline.types import Claim, Mention, Passage

DIRECTIONS = ("forward", "backward", "effect_before", "anaphoric", "amplify")
RELATION_BY_KINDS = {
    ("maatregel", "risico"): "leidt_tot",
    ("risico", "risico"): "leidt_tot",
    ("maatregel", "gemeentetaak"): "raakt",
    ("risico", "gemeentetaak"): "raakt",
}


@dataclass(frozen=True)
class Cue:
    direction: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CueLexicon:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    clause_anaphor: re.Pattern[str]
    measure_anaphor: re.Pattern[str]

    def find(self, sentence: str) -> list[Cue]:
        found = [Cue(direction, m.start(), m.end(), m.group(0))
                 for direction, pattern in self.patterns for m in pattern.finditer(sentence)]
        return sorted(found, key=lambda c: (c.start, -(c.end - c.start)))


@lru_cache(maxsize=1)
def load_cues() -> CueLexicon:
    source = "pipeline/relations/cues.yaml"
    data = yaml.safe_load(resources.files("pipeline.relations").joinpath("cues.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise DataFileError(f"{source}: needs a mapping of direction -> list of regexes")
    patterns: list[tuple[str, re.Pattern[str]]] = []
    anaphor_lists = ("clause_anaphors", "measure_anaphors")
    for direction in (*DIRECTIONS, *anaphor_lists):
        items = data.get(direction)
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise DataFileError(f"{source}: '{direction}' must be a list of regex strings")
        for item in items:
            try:
                compiled = re.compile(rf"(?<!\w)(?:{item})(?!\w)", re.IGNORECASE)
            except re.error as error:
                raise DataFileError(f"{source}: {direction} cue {item!r} is not a valid regex: {error}") from error
            if direction not in anaphor_lists:
                patterns.append((direction, compiled))
    clause, measure = (re.compile(rf"^\W*(?:{'|'.join(data[name])})\b", re.IGNORECASE) for name in anaphor_lists)
    return CueLexicon(tuple(patterns), clause, measure)


def concepts_in(text: str) -> list[ConceptMatch]:
    """Every maatregel, risico and gemeentetaak in a text, in order; maatregelen win overlaps."""
    measures = [ConceptMatch("maatregel", m.canonical, m.start, m.end, m.surface) for m in find_measures(text)]
    others = load_lexicon("risicos.yaml").find(text) + load_lexicon("gemeentetaken.yaml").find(text)
    chosen = list(measures)
    for match in sorted(others, key=lambda m: (-(m.end - m.start), m.start)):
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: (m.start, m.kind, m.name))


def mentions_in(passages: Sequence[Passage]) -> tuple[Mention, ...]:
    return tuple(Mention(m.kind, m.name, p.id, m.start, m.end) for p in passages for m in concepts_in(p.text))


def extract_claims(doc_id: str, passages: Sequence[Passage],
                   sentences: Mapping[str, Sequence[tuple[int, int]]]) -> tuple[Claim, ...]:
    """Claims of one letter; `sentences` maps a passage id to its sentence (start, end) offsets."""
    cues = load_cues()
    claims: dict[tuple[str, str, str, str, str], Claim] = {}
    for passage in passages:
        previous_measures: list[ConceptMatch] = []
        previous_risks: list[ConceptMatch] = []
        previous_effects: list[ConceptMatch] = []
        for start, end in sentences.get(passage.id, [(0, len(passage.text))]):
            sentence = passage.text[start:end].strip()
            if not sentence:
                continue
            found = concepts_in(sentence)
            pairs = _pairs(sentence, found, cues, previous_measures, previous_risks, previous_effects)
            for source, target, cue in pairs:
                relation = RELATION_BY_KINDS.get((source.kind, target.kind))
                if relation is None or source.name == target.name:
                    continue
                key = (source.name, target.name, relation, passage.id, sentence)
                claims.setdefault(key, Claim(source.kind, source.name, relation, target.kind, target.name,
                                             doc_id, passage.id, sentence, cue.text.lower(), passage.stance))
            measures_here = [m for m in found if m.kind == "maatregel"]
            if measures_here:
                previous_measures = measures_here
            previous_risks = [m for m in found if m.kind == "risico"]
            previous_effects = [t for _, t, _ in pairs] or [m for m in found if m.kind in ("risico", "gemeentetaak")]
    return tuple(claims[k] for k in sorted(claims, key=lambda k: (k[3], passage_order(k[3]), k[4], k[0], k[1])))


def passage_order(passage_id: str) -> int:
    match = re.search(r"#p(\d+)$", passage_id)
    return int(match.group(1)) if match else 0


def _pairs(sentence: str, found: list[ConceptMatch], cues: CueLexicon, previous_measures: list[ConceptMatch],
           previous_risks: list[ConceptMatch], previous_effects: list[ConceptMatch],
           ) -> list[tuple[ConceptMatch, ConceptMatch, Cue]]:
    """Cause-effect pairs around every cue of the sentence (cues inside a concept's words are ignored)."""
    pairs: list[tuple[ConceptMatch, ConceptMatch, Cue]] = []
    for cue in cues.find(sentence):
        if any(cue.start < m.end and m.start < cue.end for m in found):
            continue
        causes, effects = _sides(sentence, found, cue, cues, previous_measures, previous_risks, previous_effects)
        # A measure among the causes makes the claim about that measure; risks on the cause side then
        # only link to effects when no measure is named.
        measure_causes = [c for c in causes if c.kind == "maatregel"]
        for cause in measure_causes or causes:
            for effect in effects:
                if (cause, effect, cue) not in pairs and cause != effect:
                    pairs.append((cause, effect, cue))
    return pairs


def _sides(sentence: str, found: list[ConceptMatch], cue: Cue, cues: CueLexicon,
           previous_measures: list[ConceptMatch], previous_risks: list[ConceptMatch],
           previous_effects: list[ConceptMatch]) -> tuple[list[ConceptMatch], list[ConceptMatch]]:
    if cue.direction == "forward":
        causes = [m for m in found if m.end <= cue.start and m.kind in ("maatregel", "risico")]
        effects = [m for m in found if m.start >= cue.end and m.kind in ("risico", "gemeentetaak")]
    elif cue.direction == "backward":
        effects = [m for m in found if m.end <= cue.start and m.kind in ("risico", "gemeentetaak")]
        causes = [m for m in found if m.start >= cue.end and m.kind in ("maatregel", "risico")]
    elif cue.direction == "amplify":
        return [m for m in found if m.kind == "maatregel"], list(previous_effects)
    elif cue.direction == "anaphoric":
        causes = [m for m in found if m.end <= cue.start and m.kind == "maatregel"]
        if not causes:
            if cues.measure_anaphor.match(sentence) and previous_measures:
                causes = previous_measures
            else:
                causes = previous_risks or previous_measures
        return causes, [m for m in found if m.kind in ("risico", "gemeentetaak") and m not in causes]
    else:
        before = [m for m in found if m.end <= cue.start]
        effects = [m for m in before if m.kind in ("risico", "gemeentetaak")]
        causes = [m for m in before if m.kind == "maatregel"]
    if not any(c.kind == "maatregel" for c in causes):
        if cues.measure_anaphor.match(sentence) and previous_measures:
            causes = previous_measures + causes  # "De plannen ...": the measures named before
        elif cues.clause_anaphor.match(sentence) and not causes:
            causes = previous_risks or previous_measures  # "Dit leidt tot ...": what the sentence before said
    return causes, effects
