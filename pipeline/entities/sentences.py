"""vng_sentences: a rule-based sentence splitter that knows Dutch abbreviations.

Used when the pipeline has no parser or senter (the blank Dutch pipeline). A sentence starts
after ".", "!", "?" or "…" when the next token opens a sentence (a capital, a digit, a quote or a
list marker). After an abbreviation listed as never_final ("o.a.", "mr.", "ca.") no sentence
starts; after one listed as may_end_sentence ("jl.", "a.s.", "enz.") a sentence starts only when
the next word is capitalised: "op 3 juli jl. De Kamer ..." splits, "3 juli jl. ingestemd" does not.
"""
from __future__ import annotations

from functools import cache
from typing import cast

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from pipeline.entities.data import lexicon
from pipeline.entities.extensions import doc_text

_FINAL = frozenset({".", "!", "?", "…", "..."})
_OPENERS = frozenset("\"'‘“(➢•-–—*")


@cache
def abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """(never_final, may_end_sentence), lower-cased."""
    file = lexicon("abbreviations.yaml")
    never = frozenset(a.casefold() for a in file.strings("never_final"))
    may_end = frozenset(a.casefold() for a in file.strings("may_end_sentence"))
    both = never & may_end
    if both:
        raise file.error(None, f"listed both as never_final and may_end_sentence: {sorted(both)}")
    return never, may_end


def add_abbreviation_exceptions(nlp: Language) -> None:
    """Keep each abbreviation one token (the blank tokenizer splits e.g. "mld." into two)."""
    never, may_end = abbreviations()
    for abbreviation in never | may_end:
        for form in {abbreviation, abbreviation[:1].upper() + abbreviation[1:]}:
            if len(nlp.tokenizer(form)) != 1:
                cast(Tokenizer, nlp.tokenizer).add_special_case(form, [{"ORTH": form}])


def _opens_sentence(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in _OPENERS


class SentenceSplitter:
    def __init__(self, name: str) -> None:
        self.name = name
        self.never, self.may_end = abbreviations()

    def __call__(self, doc: Doc) -> Doc:
        """Sets every token's is_sent_start in one array write (Token objects are slow to make)."""
        count = len(doc)
        if count == 0:
            return doc
        text = doc_text(doc)
        spans = doc.to_array([IDX, LENGTH])
        words = [text[start:start + length] for start, length in spans.tolist()]
        starts = numpy.full((count, 1), -1, dtype="int32")
        starts[0, 0] = 1
        for i in range(1, count):
            # fast path: a sentence never starts after a word that ends in a letter or digit
            if not words[i - 1][-1:].isalnum() and self._starts(words, i):
                starts[i, 0] = 1
        if "\n\n" in text:  # a blank line always ends a sentence
            for i in range(1, count):
                if "\n\n" in text[spans[i - 1, 0] + spans[i - 1, 1]:spans[i, 0]] or "\n\n" in words[i - 1]:
                    starts[i, 0] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]  # thinc's Ints2d is this array
        return doc

    def _starts(self, words: list[str], i: int) -> bool:
        previous, word = words[i - 1], words[i]
        if word.isspace() or (_is_punct(word) and word not in _OPENERS):
            return False
        lowered = previous.casefold()
        if lowered in self.never:
            return False
        if lowered in self.may_end:
            return word[:1].isupper()
        if previous in _FINAL or (previous[-1:] in "!?" and _is_punct(previous)):
            return _opens_sentence(word)
        # a closing quote or bracket after the full stop: ". ’ Daarna" / "). Daarna"
        if _is_punct(previous) and i >= 2 and words[i - 2] in _FINAL:
            return _opens_sentence(word)
        return False


def _is_punct(word: str) -> bool:
    return bool(word) and not any(char.isalnum() for char in word)


@Language.factory("vng_sentences", assigns=["token.is_sent_start"], default_config={})
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    add_abbreviation_exceptions(nlp)
    return SentenceSplitter(name)
