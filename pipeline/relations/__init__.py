"""Stage 5a: causal and impact claims per sentence, between maatregelen, risico's and gemeentetaken.

Per sentence: find the concepts (maatregelen via `pipeline.concepts.measures`, risico's and gemeentetaken
via the lexicons in `pipeline/concepts/`) and the causal cues (`cues.yaml`). Around the first cue, causes
are taken from the cue's cause side and effects from its effect side (see the directions in cues.yaml).
When the cause side holds no maatregel and the sentence opens with an anaphor ("Hierdoor", "Dit leidt"),
the maatregelen of the previous sentence of the passage are the causes (a claim across sentences).
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

DIRECTIONS = ("forward", "backward", "effect_before")
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
    anaphor: re.Pattern[str]

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
    for direction in (*DIRECTIONS, "anaphors"):
        items = data.get(direction)
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise DataFileError(f"{source}: '{direction}' must be a list of regex strings")
        for item in items:
            try:
                compiled = re.compile(rf"(?<!\w)(?:{item})(?!\w)", re.IGNORECASE)
            except re.error as error:
                raise DataFileError(f"{source}: {direction} cue {item!r} is not a valid regex: {error}") from error
            if direction != "anaphors":
                patterns.append((direction, compiled))
    anaphor = re.compile(rf"^\W*(?:{'|'.join(data['anaphors'])})\b", re.IGNORECASE)
    return CueLexicon(tuple(patterns), anaphor)


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
        for start, end in sentences.get(passage.id, [(0, len(passage.text))]):
            sentence = passage.text[start:end].strip()
            if not sentence:
                continue
            found = concepts_in(sentence)
            for source, target, cue in _pairs(sentence, found, cues, previous_measures):
                relation = RELATION_BY_KINDS.get((source.kind, target.kind))
                if relation is None or source.name == target.name:
                    continue
                key = (source.name, target.name, relation, passage.id, sentence)
                claims.setdefault(key, Claim(source.kind, source.name, relation, target.kind, target.name,
                                             doc_id, passage.id, sentence, cue.text.lower(), passage.stance))
            measures_here = [m for m in found if m.kind == "maatregel"]
            if measures_here:
                previous_measures = measures_here
    return tuple(claims[k] for k in sorted(claims, key=lambda k: (k[3], passage_order(k[3]), k[4], k[0], k[1])))


def passage_order(passage_id: str) -> int:
    match = re.search(r"#p(\d+)$", passage_id)
    return int(match.group(1)) if match else 0


def _pairs(sentence: str, found: list[ConceptMatch], cues: CueLexicon,
           previous_measures: list[ConceptMatch]) -> list[tuple[ConceptMatch, ConceptMatch, Cue]]:
    sentence_cues = [c for c in cues.find(sentence) if not any(c.start < m.end and m.start < c.end for m in found)]
    if not sentence_cues:
        return []
    cue = sentence_cues[0]
    if cue.direction == "forward":
        causes = [m for m in found if m.end <= cue.start and m.kind in ("maatregel", "risico")]
        effects = [m for m in found if m.start >= cue.end and m.kind in ("risico", "gemeentetaak")]
    elif cue.direction == "backward":
        effects = [m for m in found if m.end <= cue.start and m.kind in ("risico", "gemeentetaak")]
        causes = [m for m in found if m.start >= cue.end and m.kind in ("maatregel", "risico")]
    else:
        before = [m for m in found if m.end <= cue.start]
        effects = [m for m in before if m.kind in ("risico", "gemeentetaak")]
        causes = [m for m in before if m.kind == "maatregel"]
    if not any(c.kind == "maatregel" for c in causes) and cues.anaphor.match(sentence) and previous_measures:
        causes = previous_measures + causes  # "Hierdoor ...": the measure is in the sentence before
    # A measure among the causes makes the claim about that measure; risks on the cause side then
    # only link to effects when no measure is named.
    measure_causes = [c for c in causes if c.kind == "maatregel"]
    pairs: list[tuple[ConceptMatch, ConceptMatch, Cue]] = []
    for cause in measure_causes or causes:
        for effect in effects:
            pairs.append((cause, effect, cue))
    return pairs
