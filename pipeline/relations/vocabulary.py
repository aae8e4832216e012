"""Everything the relation stage matches, as one object (evaluation passes reduced ones), and the kinds it relates."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pipeline.concepts.lexicon import ConceptLexicon, load_lexicon
from pipeline.concepts.measures import MeasureTable, load_measures
from pipeline.relations.cues import CueLexicon, load_cues

RELATION_BY_KINDS = {
    ("maatregel", "risico"): "leidt_tot",
    ("risico", "risico"): "leidt_tot",
    ("maatregel", "gemeentetaak"): "raakt",
    ("risico", "gemeentetaak"): "raakt",
}
CAUSE_KINDS = ("maatregel", "risico")
EFFECT_KINDS = ("gemeentetaak", "risico")  # preference order for a mention with several readings

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
