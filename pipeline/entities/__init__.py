"""Entity stage: passages -> Entity records (WET, MINISTER, ORG, PERSOON, LOCATIE, DATUM, AANTAL).

What counts as an entity (the annotation guide is corpora/annotations/entities/README.md):
  - Generic nouns are never ORG: kabinet, het rijk, gemeenten, provincies, politie, parlement,
    college van B&W, bare "het ministerie". Bare "de minister" and "de wet" are not entities.
  - Leading articles, prepositions and qualifiers stay outside spans; "jl."/"a.s." and a weekday
    before the day are inside a date's span.
  - Vague quantities ("tienduizenden", "vele honderden") are not AANTAL: they have no value.
  - A name with an abbreviation in brackets gives two entities with one canonical, and the
    abbreviation is that entity wherever else the letter uses it (see abbreviations.py).
  - DATUM values are resolved against the letter date (see normalize/dates.py for the rules);
    the rule and the letter date used are recorded in Entity.rule and Entity.anchor.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.entities.abbreviations import USER_DATA_KEY as ABBREVIATIONS
from pipeline.entities.abbreviations import merge_definitions
from pipeline.entities.extensions import TEXT_KEY, register_extensions
from pipeline.entities.merge import add_abbreviation_mentions
from pipeline.entities.model_names import add_surname_mentions
from pipeline.types import Entity, Passage

BATCH_SIZE = 64
MODEL_NAMES = "vng_model_names"


@dataclass(frozen=True)
class NlpResult:
    """What one pass of the nlp pipeline over a letter's passages yields."""

    entities: tuple[Entity, ...]
    sentences: dict[str, tuple[tuple[int, int], ...]]  # passage id -> (start, end) character offsets


def detect_entities(nlp: Language, passages: Sequence[Passage], letter_date: str | None,
                    letter_window: Sequence[str] | None = None) -> tuple[Entity, ...]:
    """Entities of one letter's passages in reading order; offsets index each passage's text."""
    return run_nlp(nlp, passages, letter_date, letter_window).entities


def run_nlp(nlp: Language, passages: Sequence[Passage], letter_date: str | None,
            letter_window: Sequence[str] | None = None) -> NlpResult:
    """One `nlp.pipe` over the passages: entities and sentence boundaries.

    letter_window: [earliest, latest] of an inferred letter date; a day-month whose year differs
    between the two ends records that in its rule ("+window_spans_year").
    """
    register_extensions()
    window = "/".join(letter_window) if letter_window and letter_window[0] != letter_window[1] else None
    docs: list[Doc] = []
    for passage in passages:
        doc = nlp.make_doc(passage.text)
        doc._.letter_date = letter_date
        doc._.letter_window = window
        doc.user_data[TEXT_KEY] = passage.text  # the tokenizer keeps the text intact: saves rebuilding it
        docs.append(doc)
    found: list[Entity] = []
    sentences: dict[str, tuple[tuple[int, int], ...]] = {}
    done = list(nlp.pipe(docs, batch_size=BATCH_SIZE))
    # An abbreviation defined in one passage ("... Oekraïne (KCIO)") is the same entity everywhere.
    definitions = merge_definitions(doc.user_data.get(ABBREVIATIONS, ()) for doc in done)
    if MODEL_NAMES in nlp.pipe_names:  # a person's surname alone, later in the letter
        add_surname_mentions(done)
    for passage, doc in zip(passages, done, strict=False):
        add_abbreviation_mentions(doc, definitions)
        found.extend(entity_from_span(ent, passage.id) for ent in doc.ents)
        sentences[passage.id] = tuple((sent.start_char, sent.end_char) for sent in doc.sents) if doc.has_annotation(
            "SENT_START") else ((0, len(passage.text)),)
    return NlpResult(tuple(found), sentences)


def entity_from_span(ent: Span, passage_id: str) -> Entity:
    """The one converter from a spaCy entity span to the Entity record."""
    label = ent.label_
    return Entity(
        label=label,
        text=ent.text,
        canonical=ent._.canonical or " ".join(ent.text.split()),
        passage_id=passage_id,
        start=ent.start_char,
        end=ent.end_char,
        iso=ent._.iso if label == "DATUM" else None,
        value=ent._.value if label == "AANTAL" else None,
        unit=ent._.unit if label == "AANTAL" else None,
        qualifier=ent._.qualifier if label == "AANTAL" else None,
        rule=ent._.rule,
        anchor=ent._.anchor if label == "DATUM" else None,
        high=ent._.high if label == "AANTAL" else None,
    )


__all__ = ["NlpResult", "detect_entities", "entity_from_span", "run_nlp"]
