"""What "Dit ..." takes up after a sentence whose subject is an extraposed clause (claims round 12b).

"Het is zorgelijk dat jongeren op straat belanden. Dit leidt tot overlast." The sentence before has a dummy
"het" as subject and its content in the "dat" clause at the end ("Het baart ons zorgen dat ...", "Het valt op
dat ...", "Het blijkt dat ..."): the anaphor stands for that clause, not for a noun the sentence names in
passing (the verb "baart" tagged as a noun, "zorgen"). The clause becomes one node, its nominal core ("jongeren
op straat belanden"), as the fear cue makes it when it is listed. Works on the tags and lemmas the sentence
before already has (no parse): cheap, and only asked when an anaphor found nothing claimed or named before it.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.relations.arguments import phrase_token
from pipeline.relations.phrases import NodePhrase, node_phrase

# "Het <verb or copula> <up to six words> dat <clause>": the shape; the tags decide that "het" is a dummy
# subject (a verb right after it, not a noun: "Het kabinet stelt dat ..." is someone's view, no extraposition)
_EXTRAPOSED = re.compile(r"^\W*het\s+(?:\S+\s+){1,7}?dat\s+\S", re.IGNORECASE)
# the clause ends at a semicolon, a colon or a dash that opens a second statement
_CLAUSE_END = {";", ":", "–", "—"}
# modal and auxiliary verbs say how likely the clause is, not what happens: left out of the node
_DENIAL = {"niet", "geen", "nooit", "allerminst"}
_AUXILIARY = {"kunnen", "zullen", "moeten", "gaan", "blijken", "worden", "zijn", "hebben"}


def extraposed_clause(doc: Doc | None, text: str) -> list[NodePhrase]:
    """The node of the extraposed "dat" clause of a sentence "Het <verb> ... dat <clause>" ([] for any other
    sentence, a "dat" clause that names nothing, or a sentence without tags)."""
    if doc is None or len(doc) < 4 or not _EXTRAPOSED.match(text):
        return []
    words = [t for t in doc if not t.is_punct or t.text in _CLAUSE_END]
    if len(words) < 3 or words[0].lower_ != "het" or not (
            words[1].pos_ in {"VERB", "AUX"} or words[2].pos_ in {"DET", "PRON"}):
        return []  # a noun after "het" is the subject ("Het kabinet stelt dat"); a verb the tagger took for a
        # noun has an object right after it ("Het baart/NOUN de VNG zorgen dat")
    start = next((t.i for t in doc[2:9] if t.lower_ == "dat"), None)
    if start is None or any(t.lower_ in _DENIAL for t in doc[1:start]):
        return []  # "Het is niet zo dat X": X is denied, no cause
    clause = []
    for token in doc[start + 1:]:
        if token.text in _CLAUSE_END:
            break
        if token.is_punct or (token.pos_ == "AUX" and token.lemma_.lower() in _AUXILIARY):
            continue
        clause.append(phrase_token(token))
    node = node_phrase(clause, role="cause")
    return [node] if node is not None else []
