"""vng_merge: choose non-overlapping entities from the candidates; vng_normalizer: canonical names.

Choosing: quantities come last (a number inside a date or name is never an AANTAL); otherwise
the longest candidate wins an overlap ("Vluchtelingenwerk Nederland" over "Nederland"), then the
higher rule priority (a known name over a shape), then the earlier one. Candidates inside a URL or
e-mail address are dropped.

A name followed by an abbreviation in brackets defines it (pipeline.entities.abbreviations): both
become entities with one canonical; run_nlp then marks the letter's other uses of the abbreviation.

A statistical model's entities (doc.ents before us, e.g. nl_core_news_lg's ner) are mapped onto
our labels (label_map) and added only where none of ours overlaps: ours win on span, label and
canonical. Their generic nouns ("kabinet", "gemeenten") are dropped through the gazetteers'
not_entities lists. Labels without a mapping (DATE, CARDINAL, NORP for adjectives) are dropped.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc, Span
from spacy.training import Example

from pipeline.entities.abbreviations import USER_DATA_KEY as ABBREVIATIONS
from pipeline.entities.abbreviations import Definition, find_definitions, mentions
from pipeline.entities.data import LeaveOut, as_leave_out, gazetteer
from pipeline.entities.extensions import Candidate, doc_text, register_extensions
from pipeline.entities.normalize.names import ALIAS_FILES, name_tables

DEFAULT_LABEL_MAP: dict[str, str] = {
    "PERSON": "PERSOON", "PER": "PERSOON", "ORG": "ORG", "GPE": "LOCATIE", "LOC": "LOCATIE",
}


def set_entities(doc: Doc, candidates: Sequence[Candidate]) -> None:
    """doc.ents from non-overlapping candidates, with their values in the Span._ attributes."""
    spans: list[tuple[Span, Candidate]] = []
    for candidate in sorted(candidates, key=lambda c: c.start):
        span = doc.char_span(candidate.start, candidate.end, label=candidate.label, alignment_mode="strict")
        if span is None:
            span = doc.char_span(candidate.start, candidate.end, label=candidate.label, alignment_mode="contract")
        if span is None or len(span) == 0 or (spans and span.start < spans[-1][0].end):
            continue
        spans.append((span, candidate))
    doc.ents = [span for span, _ in spans]
    for ent, (_, candidate) in zip(doc.ents, spans, strict=False):
        values = ent._
        values.canonical = candidate.canonical
        values.rule = candidate.rule
        for name in ("iso", "value", "unit", "qualifier", "anchor", "high"):  # None is the default: skip
            if getattr(candidate, name) is not None:
                setattr(values, name, getattr(candidate, name))


def add_abbreviation_mentions(doc: Doc, definitions: Sequence[Definition]) -> None:
    """Entities for uses of abbreviations defined anywhere in the letter that nothing covers yet."""
    if not definitions:
        return
    taken = [(ent.start_char, ent.end_char) for ent in doc.ents]
    extra = mentions(doc_text(doc), definitions, taken)
    if not extra:
        return
    current = [Candidate(ent.start_char, ent.end_char, ent.label_, ent._.canonical, ent._.rule or "",
                         iso=ent._.iso, value=ent._.value, unit=ent._.unit, qualifier=ent._.qualifier,
                         anchor=ent._.anchor) for ent in doc.ents]
    set_entities(doc, current + extra)


class Merger:
    def __init__(self, name: str, label_map: dict[str, str], leave: LeaveOut = ()) -> None:
        self.name = name
        self.names = name_tables(leave)
        self.label_map = dict(label_map)
        self.generic: dict[str, frozenset[str]] = {
            label: gazetteer(file).not_entities for label, file in ALIAS_FILES.items()}

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Entity precision/recall/F1 (overall and per label) as spaCy's NER scores them, for `nlp.evaluate`."""
        return get_ner_prf(examples, **kwargs)

    def __call__(self, doc: Doc) -> Doc:
        chosen: list[tuple[Span, Candidate]] = []
        taken = bytearray(len(doc))
        for span, candidate in self._ranked(doc, doc._.vng_candidates or ()):
            if any(taken[span.start:span.end]):
                continue
            taken[span.start:span.end] = b"\x01" * len(span)
            chosen.append((span, candidate))
        for ent in doc.ents:  # from a statistical ner that ran before us
            label = self.label_map.get(ent.label_)
            if label is None or any(taken[ent.start:ent.end]):
                continue
            if ent.text.casefold() in self.generic.get(label, frozenset()):
                continue
            taken[ent.start:ent.end] = b"\x01" * len(ent)
            chosen.append((ent, Candidate(ent.start_char, ent.end_char, label, ent.text, "model", 0)))
        # Abbreviations the text defines: "Knooppunt ... Oekraïne (KCIO)" -> two entities, one canonical.
        aligned = [replace(candidate, start=span.start_char, end=span.end_char) for span, candidate in chosen]
        aligned, definitions = find_definitions(doc_text(doc), aligned, self.names)
        doc.user_data[ABBREVIATIONS] = tuple(definitions)
        set_entities(doc, aligned)
        doc._.vng_candidates = None  # spent: keep docs small
        return doc

    @staticmethod
    def _ranked(doc: Doc, candidates: Sequence[Candidate]) -> list[tuple[Span, Candidate]]:
        spans: list[tuple[Span, Candidate]] = []
        for candidate in candidates:
            span = doc.char_span(candidate.start, candidate.end, alignment_mode="strict")
            if span is None:  # the match starts or ends inside a token: keep whole tokens only
                span = doc.char_span(candidate.start, candidate.end, alignment_mode="contract")
            if span is None or len(span) == 0 or any(t.like_url or t.like_email for t in span):
                continue
            spans.append((span, candidate))
        # Quantities go last: a number inside a date, a name or a law title is not an AANTAL
        # ("18 december 2024 enkele ..." must not become "2024 enkele").
        spans.sort(key=lambda item: (item[1].label == "AANTAL", -(item[0].end_char - item[0].start_char),
                                     -item[1].priority, item[0].start))
        return spans


class Normalizer:
    """Canonical forms: gazetteer aliases for names, the ISO value for dates, the number for amounts."""

    def __init__(self, name: str, leave: LeaveOut = ()) -> None:
        self.name = name
        self.names = name_tables(leave)

    def __call__(self, doc: Doc) -> Doc:
        for ent in doc.ents:
            label = ent.label_
            if label == "DATUM":
                ent._.canonical = ent._.iso or " ".join(ent.text.split())
            elif label == "AANTAL":
                if ent._.canonical is None:
                    ent._.canonical = " ".join(ent.text.split())
            else:
                ent._.canonical = self.names.canonical(label, ent._.canonical or ent.text)
        return doc


@Language.factory("vng_merge", requires=["doc._.vng_candidates"], assigns=["doc.ents", "span._.canonical",
                  "span._.iso", "span._.value", "span._.unit", "span._.qualifier", "span._.rule", "span._.anchor",
                  "span._.high"],
                  default_config={"label_map": DEFAULT_LABEL_MAP, "leave_out": {}})
def make_merge(nlp: Language, name: str, label_map: dict[str, str], leave_out: dict[str, list[str]]) -> Merger:
    register_extensions()
    return Merger(name, label_map, as_leave_out(leave_out))


@Language.factory("vng_normalizer", requires=["doc.ents", "span._.canonical"], assigns=["span._.canonical"],
                  default_config={"leave_out": {}})
def make_normalizer(nlp: Language, name: str, leave_out: dict[str, list[str]]) -> Normalizer:
    register_extensions()
    return Normalizer(name, as_leave_out(leave_out))
