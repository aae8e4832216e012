"""Requests as records: who the VNG asks to act, about which measure, in which words.

Addressee, first rule that applies to the request sentence:
1. the VNG addresses the reader ("wij vragen u", "uw aandacht") in a kamerbrief: the letter's addressee,
   the Eerste Kamer when the letter is addressed to it, else the Tweede Kamer;
2. the first actor named in the sentence after the request verb, else anywhere in it: a minister or
   ministry or staatssecretaris -> "minister"; kabinet / het rijk -> "kabinet"; Tweede Kamer, Eerste
   Kamer, Europese Commissie, provincies, gemeenten, COA as named;
3. the government actor the passage names (minister/ministry, kabinet/rijk, Eerste, Tweede Kamer);
4. otherwise "kabinet" (VNG requests without a named actor are aimed at the government).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.types import Passage, Request

_READER_RE = re.compile(r"\b(?:u|uw)\b")
_ACTORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Eerste Kamer", re.compile(r"\bEerste Kamer\b|\bsenaat\b", re.IGNORECASE)),
    ("Tweede Kamer", re.compile(r"\bTweede Kamer\b|\bKamerleden\b", re.IGNORECASE)),
    ("minister", re.compile(r"\b(?:minister(?:ie|s)?|staatssecretaris(?:sen)?|bewindspersonen?)\b", re.IGNORECASE)),
    ("kabinet", re.compile(r"\b(?:kabinet|het rijk|rijksoverheid|regering)\b", re.IGNORECASE)),
    ("Europese Commissie", re.compile(r"\bEuropese Commissie\b|\bEU\b", re.IGNORECASE)),
    ("provincies", re.compile(r"\bprovincies?\b", re.IGNORECASE)),
    ("COA", re.compile(r"\bCOA\b")),
)
_PASSAGE_ACTORS = ("minister", "kabinet", "Eerste Kamer", "Tweede Kamer")
_REQUEST_VERB_RE = re.compile(
    r"\b(?:vragen|vraagt|verzoek\w*|roep\w* \w+(?: \w+)* op|oproep\w*|dring\w*|pleit\w*|stellen voor|"
    r"spoor\w*|hecht\w* (?:er)?aan|wil(?:len)? dat|benadruk\w*|noodzakelijk|moet|moeten)\b",
    re.IGNORECASE,
)


def request_sentence(passage: Passage) -> str:
    """The sentence of the passage that makes the request (the first with a request verb)."""
    spans = passage.sentences or ((0, len(passage.text)),)
    sentences = [passage.text[s:e].strip() for s, e in spans if passage.text[s:e].strip()]
    for sentence in sentences:
        if _REQUEST_VERB_RE.search(sentence):
            return sentence
    return sentences[0] if sentences else passage.text


def addressee(sentence: str, doc_type: str, letter_addressee: str = "Tweede Kamer", passage_text: str = "") -> str:
    if doc_type == "kamerbrief" and _READER_RE.search(sentence):
        return letter_addressee
    verb = _REQUEST_VERB_RE.search(sentence)
    after = sentence[verb.end():] if verb else sentence
    for text in (after, sentence):
        hits = [(m.start(), name) for name, pattern in _ACTORS for m in [pattern.search(text)] if m]
        if hits:
            return min(hits)[1]
    # The sentence names nobody: the government actor the passage is about (the ministry that announced
    # the measure, the chamber that debates it).
    for name in _PASSAGE_ACTORS:
        if dict(_ACTORS)[name].search(passage_text):
            return name
    return "kabinet"


def letter_addressee(title: str | None, salutation: str | None) -> str:
    text = f"{title or ''} {salutation or ''}"
    return "Eerste Kamer" if re.search(r"Eerste Kamer|senaat|senatoren", text, re.IGNORECASE) else "Tweede Kamer"


def extract_requests(doc_id: str, doc_type: str, passages: Sequence[Passage], *,
                     title: str | None = None, salutation: str | None = None) -> tuple[Request, ...]:
    reader = letter_addressee(title, salutation)
    records = []
    for passage in passages:
        if not passage.request:
            continue
        sentence = request_sentence(passage)
        records.append(Request(doc_id=doc_id, passage_id=passage.id,
                               addressee=addressee(sentence, doc_type, reader, passage.text),
                               targets=passage.targets, sentence=sentence))
    return tuple(records)
