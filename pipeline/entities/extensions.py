"""Custom attributes and the candidate list our components share.

Span._ values are primitives only (never Spans), so docs pickle and serialise cleanly:
  canonical, iso, value, unit, qualifier, rule, anchor, high
Doc._.letter_date   ISO date of the letter, set before the pipeline runs (resolves "3 juli jl.")
Doc._.letter_window "earliest/latest" ISO dates the letter date may lie between (when inferred)
Doc._.vng_candidates  the candidate entities the rule components propose; vng_merge picks from them.

Candidates live in a Doc attribute, not in a SpanGroup with Span._ values, because spaCy keys
span extension values by character offsets only: two candidates over the same characters (a
lexicon hit and a pattern hit) would overwrite each other's values.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

SPAN_ATTRS: tuple[str, ...] = ("canonical", "iso", "value", "unit", "qualifier", "rule", "anchor", "high")


@dataclass(frozen=True)
class Candidate:
    """One proposed entity: character offsets into doc.text and everything known about it."""

    start: int
    end: int
    label: str
    canonical: str
    rule: str
    priority: int = 1  # breaks ties between overlapping candidates of the same length
    iso: str | None = None
    value: int | float | None = None
    unit: str | None = None
    qualifier: str | None = None
    anchor: str | None = None
    high: int | float | None = None  # AANTAL ranges: the high end


def register_extensions() -> None:
    """Idempotent: safe to call from every component factory."""
    for name in SPAN_ATTRS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("letter_date"):
        Doc.set_extension("letter_date", default=None)
    if not Doc.has_extension("letter_window"):
        Doc.set_extension("letter_window", default=None)
    if not Doc.has_extension("vng_candidates"):
        Doc.set_extension("vng_candidates", default=None)


TEXT_KEY = "vng_text"


def doc_text(doc: Doc) -> str:
    """doc.text, computed once per doc: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def add_candidates(doc: Doc, found: list[Candidate]) -> None:
    if not found:
        return
    current = doc._.vng_candidates
    if current is None:
        doc._.vng_candidates = list(found)
    else:
        current.extend(found)
