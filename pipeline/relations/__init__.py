"""Stage 5a: causal and impact claims per sentence, between maatregelen, risico's and gemeentetaken.

Two extractors (issue 19). With a parser (the Dutch model): the open-vocabulary stage of claims.py
(cues.py with claim_cues.yaml, arguments.py, phrases.py/kinds.py for the nodes, resolution.py across
letters): claims from the sentence's structure, any phrase a node, the lexicons below as seeds; see
claims.py. Without a parser (spacy.blank("nl")), and as the evaluation's baseline: the closed-vocabulary
stage of issue 6 (legacy.py), described below.

The closed-vocabulary stage, per sentence:

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

Modules of the closed-vocabulary stage: cues.py (cues.yaml), vocabulary.py (the data as one object),
nodes.py (concepts of a sentence), context.py (what earlier sentences of the section give), sentence.py
(cause-effect pairs around each cue), legacy.py (a letter's claims).

Everything the stage matches is data (`Vocabulary`): the default is the shipped files; evaluation
passes reduced vocabularies (pipeline.evaluate.relations, leave-one-letter-out).
"""
from __future__ import annotations

from pipeline.relations.claims import extract_claims, extract_open_claims, passage_order
from pipeline.relations.cues import (
    DIRECTIONS,
    MARKERS,
    ClaimCueLexicon,
    Cue,
    CueItem,
    CueLexicon,
    load_claim_cues,
    load_cues,
    parse_cues,
)
from pipeline.relations.nodes import Node, concepts_in, mentions_in
from pipeline.relations.vocabulary import RELATION_BY_KINDS, Vocabulary, default_vocabulary

__all__ = ["DIRECTIONS", "MARKERS", "RELATION_BY_KINDS", "ClaimCueLexicon", "Cue", "CueItem", "CueLexicon", "Node",
           "Vocabulary", "concepts_in", "default_vocabulary", "extract_claims", "extract_open_claims", "load_claim_cues",
           "load_cues", "mentions_in", "parse_cues", "passage_order"]
