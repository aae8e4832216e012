"""Claims of one letter (issue 19): open-vocabulary cause → effect claims from the sentence's structure.

1. Pre-check: a sentence is parsed only when one regex of all cues (claim_cues.yaml) matches it, and
   the sentence before it too when it may be needed for an anaphor (an anaphoric, fear or
   effect_before cue, or an anaphor among its first words). Request sentences are skipped. All chosen
   sentences of the letter are parsed in one batch (`pipeline.statistical.annotate`).
2. Per cue, its cause and effect arguments (arguments.py) by the cue's direction; anaphors ("Dit",
   "Hierdoor", "deze maatregel", "..., wat leidt tot") are resolved: a relative pronoun to the claim
   just before in the sentence (its effects: a chain) or else to the clause before it; other anaphors
   to the sentences before within the section, at most CONTEXT_SENTENCES back: the risico effects of
   their claims (a chain, link by link), else their maatregelen, else (past a sentence with neither) the
   claim of the sentence before that, else their first risico. After "Bovendien/Daarnaast/Ook" a bare
   "dit" is the cause the sentence before started from; "op deze manier" takes the claims just made;
   "versterkt dit effect" the effects just claimed (round 6, README "Claims quality"). A collective
   anaphor ("deze maatregelen", "beide voornemens", also as the subject of a verb-final clause) takes the
   list of maatregelen named before, checked by its number word; "Deze wisselingen" the causes of the
   claims just made, "Die gevolgen" their effects (round 8b). A singular measure anaphor ("de maatregel",
   "het voorstel", "de wet") and a definite vague noun ("De termijn") take the phrase of the section named
   before with their noun (a compound: "het wetsvoorstel X", "de omzettingstermijn"), a general measure noun
   the nearest maatregel, never what that sentence claimed as an effect; a guess from a claimless sentence is
   only the phrase that opens it, and never a purpose or evaluation (anaphors.yaml; round 9b).
3. Each argument becomes a node (`phrases.node_phrase`: key, label, kind; the concept lexicons are
   seeds). Relation by kinds (RELATION_BY_KINDS); a maatregel on the effect side is read as a risico
   (a measure taken as a harm: "leidt tot de sluiting van"), a gemeentetaak on the cause side as a
   risico (the task's trouble causes something).
4. Precision discipline: a cue inside a purpose ("om ... te voorkomen") makes no claim, nor an effect
   the author calls positive, nor a request. Kept but flagged, and left out of the graph and of the
   predictions scored: `negated` (a negation on or right before the cue: "leidt niet tot", "geen
   gevolgen voor"), `reported` (after "het kabinet stelt/verwacht dat", "volgens de minister",
   unless the author endorses it: "terecht"), `hypothetical` (a question, "zou", "indien", "de vraag
   of").
5. `confidence`, from simple features (documented at `_confidence`).

Without a parser (spacy.blank("nl"), `has_model` false) the closed-vocabulary extractor of issue 6
(legacy.py) runs instead: the same outputs as before issue 19.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.concepts.measures import find_measures
from pipeline.relations.anaphors import load_anaphors
from pipeline.relations.arguments import (
    NEGATION_WORDS,
    Argument,
    attributive,
    causative_clause,
    cause_after,
    cause_before,
    cores,
    describes_content,
    effect_after,
    effect_before,
    inverted,
    inverted_effect,
    modal_final,
    nominalises,
    not_only,
    noun_after_determiner,
    noun_phrase_end,
    phrase_token,
    rest_of_clause,
    segment_after,
    segment_before,
    token_range,
    verb_final,
    verb_nominalised,
)
from pipeline.relations.cues import ClaimCue, ClaimCueLexicon, load_claim_cues
from pipeline.relations.extraposed import extraposed_clause
from pipeline.relations.kinds import load_rules
from pipeline.relations.legacy import extract_legacy_claims, passage_order
from pipeline.relations.open_cues import NOT_REPRISED, OPEN_DIRECTION, open_claim
from pipeline.relations.open_cues import candidate as open_candidate
from pipeline.relations.phrases import NodePhrase, PhraseToken, is_municipal, load_words, node_phrase, phrase_of_text
from pipeline.relations.predicates import GAIN, HARM, load_predicates
from pipeline.relations.vocabulary import RELATION_BY_KINDS, Vocabulary
from pipeline.statistical import annotate_mixed, has_model, parse_components, pos_components
from pipeline.types import Claim, Passage

__all__ = ["CONTEXT_SENTENCES", "extract_claims", "extract_open_claims", "passage_order"]

CONTEXT_SENTENCES = 2  # how far back (within the section) an anaphor is resolved
MAX_LISTED = 4  # how many listed maatregelen "deze maatregelen" / "de plannen" may stand for
LETTER_SENTENCES = 10  # how many parsed sentences back "deze maatregel" may find its maatregel
NAMED_SENTENCES = 4  # how many sentences of the section back "het voorstel", "de termijn" may find their phrase
_OPENING_ANAPHOR = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:dit|deze|hierdoor|daardoor|hiermee|daarmee|dat|het|"
                              r"zij|ze|op deze manier)\b", re.IGNORECASE)
_ANAPHOR_ANYWHERE = re.compile(r"\b(?:hierdoor|daardoor|hiermee|daarmee|op deze (?:manier|wijze)|dit (?:effect|probleem)|"
                               r"(?:deze|die|dit|dat|dergelijke|de) (?:maatregel|maatregelen|plan|plannen|voornemens?|"
                               r"voorstel|voorstellen|wetsvoorstel(?:len)?|wetten|besluit|situatie|ontwikkeling))\b",
                               re.IGNORECASE)
# a demonstrative before a noun ("Dit tekort", "Zulke crises"): the noun names what the sentence before said
_DEMONSTRATIVE = re.compile(r"\b(?:dit|dat|deze|die|zulke|zo'n|zo’n|dergelijke)\s+(?=\w+\S*$|$)", re.IGNORECASE)
# an adverb that adds one more consequence of the same thing ("Bovendien creëert dit ...", "Ook brengt het ...")
# a stated conclusion after a colon (claim_cues.yaml, anaphoric: "Het resultaat laat zich raden:")
_CONCLUSION = re.compile(r"^\W*het (?:eind)?(?:resultaat|gevolg|effect)\b[^:]*:\W*$", re.IGNORECASE)
# a definite or demonstrative phrase of one vague noun, read as an anaphor ("De termijn", "deze situatie")
_DEFINITE = re.compile(r"(?:de|het|deze|die|dit|dat)\s+([a-zà-ÿ]+)", re.IGNORECASE)
_ATTRIBUTED = re.compile(r"^\W*volgens\b", re.IGNORECASE)
_ADDITIVE = re.compile(r"^\W*(?:bovendien|daarnaast|ook|verder|tevens|eveneens)\b", re.IGNORECASE)
_NUMBER_WORDS = {"beide": 2, "twee": 2, "drie": 3, "vier": 4}  # "deze drie maatregelen": a list of that many
_MEASURE_ANAPHOR = re.compile(r"\b(?:maatregel|maatregelen|plan|plannen|voornemen|voornemens|voorstel|"
                              r"voorstellen|wetsvoorstel|wetsvoorstellen|wet|wetten|besluit|regeling|verbod|verboden|"
                              r"wetswijziging|amendement|motie|pakket|"
                              r"kabinetsplannen|beleid|keuze|aanpak|wijziging|wijzigingen)$", re.IGNORECASE)


def extract_claims(doc_id: str, passages: Sequence[Passage], sentences: Mapping[str, Sequence[tuple[int, int]]],
                   vocabulary: Vocabulary | None = None, *, nlp: Language | None = None,
                   cues: ClaimCueLexicon | None = None) -> tuple[Claim, ...]:
    """Claims of one letter; `sentences` maps a passage id to its sentence (start, end) offsets.

    With a parsing pipeline (`nlp` with a model): the open-vocabulary stage; otherwise the
    closed-vocabulary one (legacy.py, with `vocabulary`)."""
    if nlp is None or not has_model(nlp):
        return extract_legacy_claims(doc_id, passages, sentences, vocabulary)
    return extract_open_claims(doc_id, passages, sentences, nlp, cues or load_claim_cues())


# ----------------------------------------------------------------------------- sentences

@dataclass
class ClaimSentence:
    """One sentence of a letter as the claims stage plans it: what the text pre-check found, whether it is
    parsed, and (once annotated) its Doc. Mutable: planning and annotation fill it in place."""
    passage: Passage
    text: str
    request: bool
    parse: bool = False
    doc: Doc | None = None
    cues: list[ClaimCue] = field(default_factory=list)  # found by the pre-check
    previous: str = ""  # the sentence before in the same section (for an open claim's reprise)
    open: bool = False  # no listed cue, but a subject that may be a cause (open_cues.candidate)


@dataclass
class _Record:
    """What one sentence gave the sentences after it."""

    claims: list[tuple[NodePhrase, NodePhrase]] = field(default_factory=list)
    doc: Doc | None = None  # parsed or tagged sentences only
    cues: ClaimCueLexicon | None = None
    text: str = ""
    item: bool = False  # a list item (not a request): "deze maatregelen" after a list takes every item
    # effects of a cue whose anaphoric cause stood for nothing ("Hierdoor Y" after a purpose or an evaluation):
    # no claim, but a "Dit" after it still continues from Y
    unresolved: list[NodePhrase] = field(default_factory=list)

    @cached_property
    def nodes(self) -> list[NodePhrase]:
        """Its noun phrases as nodes, made when an anaphor after it asks for them; for a sentence
        that was not tagged, the maatregelen the measure table finds in it (the seeds, no model)."""
        return [node for group in self.groups for node in group]

    @cached_property
    def groups(self) -> list[list[NodePhrase]]:
        """Its noun phrases grouped by coordination ("A, B en C" is one group)."""
        if self.doc is not None and self.cues is not None:
            return _noun_phrases(self.doc, self.cues)
        return [[node] for m in find_measures(self.text) if (node := phrase_of_text(m.surface)) is not None
                and node.kind == "maatregel"]

    @property
    def attributed(self) -> bool:
        """A sentence that gives someone else's view ("Volgens de toelichting zorgen X juist voor Y"):
        an anaphor after it continues the author's argument, not that view."""
        return bool(_ATTRIBUTED.match(self.text))

    def measure_list(self, size: int = 0) -> list[NodePhrase]:
        """The maatregelen it names, with the phrases listed alongside them ("de afschaffing van A, de
        verlaging van B en de sluiting van C": a later "deze maatregelen" takes all three). Where it lists
        several, the list alone: a phrase named beside it ("staan in het regeerakkoord") is no member;
        with `size` (a number word: "deze drie plannen", "beide") the list of that many first."""
        groups = [g for g in self.groups if any(n.kind == "maatregel" for n in g)]
        lists = [g for g in groups if len(g) >= 2]
        if size:
            lists = [g for g in lists if len(g) == size] or lists
        out: list[NodePhrase] = []
        for group in lists[:1] or groups:
            out += [n if n.kind == "maatregel" else replace(n, kind="maatregel") for n in group]
        return _unique(out)

    def item_measures(self) -> list[NodePhrase]:
        """What a list item names for a collective anaphor after the list: its maatregelen, else its first
        phrase (an item of a list of measures is one: "- een korting op X;")."""
        measures = [n for n in self.nodes if n.kind == "maatregel"]
        first = [replace(n, kind="maatregel") for n in self.nodes[:1]]
        return _unique(measures or first)


# "deze maatregelen", "beide voornemens", "de drie plannen": the list items before such a sentence are tagged
_COLLECTIVE = re.compile(r"\b(?:deze|die|de|beide)\s+(?:(?:twee|drie|vier|vijf|genoemde)\s+)?(\w+)", re.IGNORECASE)
MAX_ITEMS = 6  # how many list items before a collective anaphor are read as its members


def _collective(text: str) -> bool:
    return any(_MEASURE_ANAPHOR.fullmatch(m.group(1)) and re.search(r"(?:en|s)$", m.group(1))
               for m in _COLLECTIVE.finditer(text))


def claim_sentences(passages: Sequence[Passage], sentences: Mapping[str, Sequence[tuple[int, int]]],
                    cues: ClaimCueLexicon) -> list[ClaimSentence]:
    """The letter's sentences in reading order, each marked by the cheap pre-check (listed cues, the open
    rule's candidate subject, requests) and by whether the model annotates it (a sentence with a cue or a
    candidate subject, and the sentences an anaphor or a collective anaphor after them points back to): the
    plan of extract_open_claims, also read by the claims experiment (training/claims)."""
    out: list[ClaimSentence] = []
    for passage in passages:
        request_item = passage.kind == "list_item" and passage.request
        for start, end in sentences.get(passage.id, [(0, len(passage.text))]):
            text = passage.text[start:end].strip()
            if text:
                request = request_item or _opens_with(text, cues.markers("request"))
                out.append(ClaimSentence(passage, text, request))
    for index, sentence in enumerate(out):
        if index and out[index - 1].passage.section == sentence.passage.section:
            sentence.previous = out[index - 1].text
        if sentence.request:
            continue
        found = cues.find(sentence.text) if cues.holds_stem(sentence.text.lower()) else []
        # the open rule (open_cues.py) may read a claim from the sentence's shape where no listed cue does
        sentence.open = open_candidate(sentence.text, sentence.previous,
                                       chained=bool(sentence.previous and (out[index - 1].cues or out[index - 1].open)))
        if not found:
            sentence.parse = sentence.open
            continue
        sentence.parse = True
        sentence.cues = found
        if index and out[index - 1].passage.section == sentence.passage.section and (
                _OPENING_ANAPHOR.match(sentence.text) or _ANAPHOR_ANYWHERE.search(sentence.text)
                or any(c.direction in {"anaphoric", "fear", "effect_before"} for c in found)
                or (found and found[0].direction == "backward" and not sentence.text[:found[0].start].strip(" ,"))
                or len(sentence.text[:found[0].start].split()) <= 2 if found else False):
            out[index - 1].parse = True
        if _collective(sentence.text) and sentence.passage.kind != "list_item":
            # a list before "Deze maatregelen ...": its items are the antecedents, each tagged for its phrase
            before = index - 1
            while before >= 0 and index - before <= MAX_ITEMS and out[before].passage.kind == "list_item" \
                    and out[before].passage.section == sentence.passage.section and not out[before].request:
                out[before].parse = True
                before -= 1
    return out


def _opens_with(sentence: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    start = len(sentence) - len(sentence.lstrip())
    return any(p.match(sentence, start) for p in patterns)


# ----------------------------------------------------------------------------- the stage

def extract_open_claims(doc_id: str, passages: Sequence[Passage],
                        sentences: Mapping[str, Sequence[tuple[int, int]]], nlp: Language,
                        cues: ClaimCueLexicon) -> tuple[Claim, ...]:
    items = claim_sentences(passages, sentences, cues)
    # cue sentences get the parse; the sentences before them only tags and lemmas (for their nodes)
    chosen = [s for s in items if s.parse]
    tags = (*pos_components(nlp), "trainable_lemmatizer", "lemmatizer")
    for sentence, doc in zip(chosen, annotate_mixed(nlp, [s.text for s in chosen],
                                                    [bool(s.cues) or s.open for s in chosen],
                                                    tags, parse_components(nlp)), strict=True):
        sentence.doc = doc
    claims: dict[tuple[str, str, str, str, str], Claim] = {}
    history: list[_Record] = []
    letter_records: list[_Record] = []  # the parsed sentences of the letter so far (its maatregelen)
    section: object = object()
    for sentence in items:
        if sentence.passage.section != section:
            section = sentence.passage.section
            history = []
        if sentence.doc is None or sentence.request or not (sentence.cues or sentence.open):
            history.append(_Record(doc=sentence.doc, cues=cues, text=sentence.text,
                                   item=sentence.passage.kind == "list_item" and not sentence.request))
            continue
        record = _Record(doc=sentence.doc, cues=cues, text=sentence.text, item=sentence.passage.kind == "list_item")
        context = _Context(history[-CONTEXT_SENTENCES:][::-1], letter_records, history[::-1], record.item)
        found = _claims_of(doc_id, sentence, cues, context, record) if sentence.cues else []
        if not found and sentence.open:
            # no listed cue made a claim: a subject that is a cause and an ordinary verb may (open_cues.py)
            found = _open_claims(doc_id, sentence, cues, context, record)
        for claim in found:
            key = (claim.source_key, claim.target_key, claim.relation, claim.passage_id, claim.sentence)
            if key not in claims:
                claims[key] = claim
        history.append(record)
        if sentence.cues or record.claims:
            letter_records.append(record)
    return tuple(claims.values())  # reading order


@dataclass
class _Context:
    recent: list[_Record]  # nearest first
    letter_records: list[_Record]
    section: list[_Record] = field(default_factory=list)  # the whole section so far, nearest first
    in_item: bool = False  # the sentence is a list item itself: the items before it are its siblings

    def last_measure(self) -> list[NodePhrase]:
        for record in reversed(self.letter_records[-LETTER_SENTENCES:]):
            measures = [n for n in record.nodes if n.kind == "maatregel"]
            if measures:
                return measures[-1:]
        return []

    def causes(self, words: str, additive: bool = False) -> list[NodePhrase]:
        """What an anaphoric cause stands for."""
        if additive and words.strip().lower() in {"dit", "dat", "het", "dit alles"} and self.recent \
                and self.recent[0].claims:
            # "X leidt tot Y. Bovendien creëert dit Z": one more consequence of X (the cause the sentence
            # before started from, the first link of its chain), not of Y
            effects = {e.key for _, e in self.recent[0].claims}
            return _unique([c for c, _ in self.recent[0].claims if c.key not in effects]
                           or [c for c, _ in self.recent[0].claims])
        definite = _DEFINITE.fullmatch(words.strip())
        if definite and not _MEASURE_ANAPHOR.fullmatch(definite.group(1)) and (
                named_one := self.measure_named(words, measure=False)):
            # "De termijn legt ..." after "de omzettingstermijn": the phrase named before with that noun
            return named_one
        if _MEASURE_ANAPHOR.search(words.strip()):
            # "de plannen", "deze maatregel": the maatregelen last named in the section ("de plannen":
            # the last sentence that names several), else in the letter
            plural = bool(re.search(r"(?:en|s)$", words.strip()))
            size = max((_NUMBER_WORDS.get(w, 0) for w in words.lower().split()), default=0)
            if not plural and not size and (named_one := self.measure_named(words)):
                return named_one
            named = (self.listed(size) if plural else
                     [m for r in self.section if (m := _unique([n for n in r.nodes if n.kind == "maatregel"]))])
            if size:
                # a number word is a check: "deze drie voorstellen" stands for a list of three, or for nothing
                return next((measures for measures in named if len(measures) == size), [])
            for measures in named:
                if len(measures) >= 2 or not plural:
                    return measures[:MAX_LISTED] if plural else measures[-1:]
            return named[0][:MAX_LISTED] if named else self.last_measure()
        if words.strip().lower() in {"ze", "zij", "hij", "het"} and self.recent and self.recent[0].claims:
            # a personal pronoun continues the subject of the sentence before ("De opzeggingen maken X
            # kwetsbaar voor Y. Ze ondermijnen ..."): its cause, where "Dit"/"Hierdoor" take its effect; round
            # 11a: so does a bare "het" as subject ("Dat budget vergroot het risico op X. Het drijft Y naar Z")
            return _unique([c for c, _ in self.recent[0].claims])
        if _MANNER.fullmatch(words.strip()):
            # "X mondt op deze manier uit in chaos": the way the letter has just described, a claim of the
            # sentences before, not a phrase a sentence without a claim named in passing
            claimed = next((found for record in self.recent if (found := _claimed(record))), [])
            if claimed:
                return claimed
        for index, record in enumerate(self.recent):
            if record.attributed:
                continue
            claimed = _claimed(record)
            if claimed:
                return claimed
            measures = [n for n in record.nodes if n.kind == "maatregel"]
            if measures:
                return measures[:3]
            if index == 0 and (clause := extraposed_clause(record.doc, record.text)):
                # round 12b: "Het baart ons zorgen dat X. Dit ...": the extraposed clause X (extraposed.py)
                return clause
            if index == 0 and len(self.recent) > 1 and (earlier := _claimed(self.recent[1])):
                # "X leidt tot Y. <a figure, a remark without claim or measure>. Dit ondermijnt Z": the claim
                # before beats a noun the sentence in between named in passing
                return earlier
            risks = [n for n in record.nodes if n.kind == "risico"]
            if risks:
                if risks[0].head in load_anaphors().evaluations and _opens(record.text, risks[0]) \
                        and (predicate := _copula_predicate(record, risks[0])):
                    return predicate  # "Het grootste knelpunt is X. Hierdoor ...": X (round 10b)
                # "Wij begrijpen het doel, maar ...", "Het grootste knelpunt is ...": a purpose or an evaluation
                # (anaphors.yaml) names no cause, and what the sentence is about is no phrase this guess can take
                return [] if risks[0].head in load_anaphors().not_antecedents or not _opens(record.text, risks[0]) \
                    else risks[:1]
        return []

    def measure_named(self, words: str, measure: bool = True) -> list[NodePhrase]:
        """What a singular measure anaphor takes up ("de maatregel", "het voorstel", "de wet"; anaphors.yaml):
        the nearest phrase of the section named before whose words carry the anaphor's noun, as its head or at
        the end of a compound ("het wetsvoorstel X" for "het voorstel", "de Spreidingswet" for "de wet"), else,
        for a general measure noun ("de maatregel", "dit besluit"), the nearest maatregel. Never what that
        sentence claimed as an effect ("X verzwaart de wettelijke zorgplicht. ... zorgt de maatregel voor Y":
        the maatregel is X). [] when none: the caller falls back to the measures last named. Not `measure`: a
        definite phrase of another vague noun ("De termijn legt ...", "de situatie"): only a phrase with its noun,
        which keeps its own kind ("de omzettingstermijn", "de situatie in de opvang")."""
        anaphors = load_anaphors()
        noun = words.split()[-1].lower() if words.split() else ""
        general = measure and noun in anaphors.general
        for record in self.section[:NAMED_SENTENCES]:
            carries = noun in record.text.lower()  # cheap: a sentence without the noun has no phrase carrying it
            if record.attributed or not (carries or general):
                continue
            hit = {e.head for _, e in record.claims}
            candidates = [n for n in _unique([c for c, _ in record.claims] + record.nodes) if n.head not in hit]
            for node in candidates if carries else []:
                if any(anaphors.names(noun, w) for w in re.findall(r"\w+", (node.surface or node.label).lower())):
                    return [_as_kind(node, "maatregel") if measure else node]
            if carries and (named := _named_with(record, noun)) is not None and named.head not in hit:
                return [_as_kind(named, "maatregel") if measure else named]
            if general:
                # the maatregel named there, else what that sentence's claims started from (a measure the kind
                # rules do not know as one: "De opheffing van X verzwaart Y. ... zorgt de maatregel voor Z")
                measures = [n for n in candidates if n.kind == "maatregel"] or [
                    c for c, _ in record.claims if c.head not in hit]
                if measures:
                    return [_as_kind(measures[0], "maatregel")]
        return []

    def listed(self, size: int = 0) -> list[list[NodePhrase]]:
        """The lists of maatregelen a plural anaphor may stand for, nearest first: each sentence's list
        (`_Record.measure_list`), and a run of list items as one list (an item each, in reading order)."""
        out: list[list[NodePhrase]] = []
        index = 0
        while index < len(self.section):
            if self.section[index].item and not self.in_item:
                run: list[_Record] = []
                while index < len(self.section) and self.section[index].item and len(run) < MAX_ITEMS:
                    run.append(self.section[index])
                    index += 1
                if members := _unique([n for record in reversed(run) for n in record.item_measures()]):
                    out.append(members)
                continue
            if measures := self.section[index].measure_list(size):
                out.append(measures)
            index += 1
        return out

    def events_before(self, node: NodePhrase) -> list[NodePhrase]:
        """What a demonstrative plural noun of events stands for ("Een sluiting leidt tot X. Een opening
        zorgt voor Y. Deze wisselingen ondermijnen Z"): the things that happened, the causes the sentences
        just before started their claims from (two at least: the plural sums several up). A bare verbal
        noun in -ingen (wisselingen, schommelingen, verschuivingen) names events; the claims of the
        section's last sentences (up to CONTEXT_SENTENCES, stopping at one without a claim)."""
        word = (node.surface or node.label).split()[-1].lower()
        if " " in node.key or not word.endswith("ingen"):
            return []
        found: list[NodePhrase] = []
        for record in self.recent:
            if record.attributed or not record.claims:
                break
            effects = {e.key for _, e in record.claims}
            found = [c for c, _ in record.claims if c.key not in effects] + found
        found = _unique(found)
        return found if len(found) >= 2 else []

    def measures(self) -> list[NodePhrase]:
        for record in self.recent:
            found = [n for n in record.nodes if n.kind == "maatregel"] or [c for c, _ in record.claims
                                                                           if c.kind == "maatregel"]
            if found:
                return _unique(found)[:3]
        return self.last_measure()

    def named_before(self, node: NodePhrase) -> NodePhrase | None:
        """The fuller phrase a demonstrative noun phrase points back to ("Dit tekort" after "leidt tot
        een tekort aan jeugdwerkers"; "Die problemen" after "liquiditeitsproblemen"): a phrase of the
        sentence before (its claims' effects first) with the same head noun, or a compound ending in it."""
        if not node.head or not self.recent:
            return None
        record = self.recent[0]
        candidates = [e for _, e in record.claims] + [c for c, _ in record.claims]
        if record.doc is not None:
            candidates += record.nodes
        for candidate in candidates:
            if candidate.key != node.key and candidate.head.endswith(node.head) \
                    and len(candidate.key) > len(node.key):
                return candidate
        if " " not in node.key:
            # the noun inside a longer phrase before, with its adjectives: "Zulke crises" after "vergroot de
            # kans op psychische crises" is "psychische crises" (attributive adjectives end in -e)
            word = node.surface.split()[-1] if node.surface else node.label
            pattern = re.compile(rf"\b(?:\w+e\s+){{1,2}}{re.escape(word)}\b", re.IGNORECASE)
            for candidate in candidates:
                found = pattern.search(candidate.surface or candidate.label)
                if found and (inner := phrase_of_text(found.group(0))) is not None and inner.key != node.key:
                    return inner
            for effect in (e for _, e in record.claims):
                # "Door X daalt het budget. Die daling ...": the clause the sentence before claimed, one node
                # for the chain (its key holds the verb's lemma)
                if any(nominalises(word.lower(), lemma) for lemma in effect.key.split()[1:]):
                    return effect
            if record.doc is not None:
                # "Daarnaast verhoogt DUO het examengeld. Deze verhoging ...": the noun names the act of the
                # verb before; the phrase is that act of the verb's object ("verhoging van het examengeld")
                complement = verb_nominalised(record.doc, word.lower())
                if complement:
                    noun = PhraseToken(word, node.head, "NOUN", "nsubj")
                    return node_phrase([noun, PhraseToken("van", "van", "ADP", "case"),
                                        *(phrase_token(t) for t in complement)])
        if len(self.recent) > 1:
            # round 10a: "X slaat een gat in de middelen. Daardoor ... . Zo'n gat zet Y onder druk": the phrase a claim
            # of the sentence before that one named, when the sentence between has none with that noun
            for _, candidate in self.recent[1].claims:
                if candidate.key != node.key and candidate.head.endswith(node.head) and len(candidate.key) > len(node.key):
                    return candidate
        return None

    def effects(self, claimed_only: bool = False) -> list[NodePhrase]:
        """What an effect anaphor stands for: the effects the sentence before claimed, else its first risico
        (not with `claimed_only`: "versterkt dit effect" after a sentence that claimed nothing)."""
        for record in self.recent:
            if record.attributed:
                continue
            if record.claims:
                return _unique([e for _, e in record.claims])
            if claimed_only:
                return []
            risks = [n for n in record.nodes if n.kind == "risico"]
            if risks:
                return risks[:1]
        return []


_MANNER = re.compile(r"op (?:deze|die|dezelfde) (?:manier|wijze)", re.IGNORECASE)


_COPULA = re.compile(r"\s*(?:is|blijft|was|bleef|wordt|vormt)\s+", re.IGNORECASE)


def _copula_predicate(record: _Record, evaluation: NodePhrase) -> list[NodePhrase]:
    """The phrase right after the copula of an evaluation that opens the sentence ("Het grootste knelpunt
    is de trage beoordeling van X": the beoordeling); [] when no copula or no phrase follows it."""
    text = record.text
    surface = evaluation.surface or evaluation.label
    at = text.lower().find(surface.lower())
    copula = _COPULA.match(text, at + len(surface)) if at >= 0 else None
    if copula is None:
        return []
    rest = text[copula.end():]
    predicate = next((node for node in record.nodes if node is not evaluation
                      and rest.lower().startswith((node.surface or node.label).lower())), None)
    if predicate is None:
        return []
    words = predicate.surface or predicate.label
    intent = _INTENT_CLAUSE.match(rest, len(words))
    if predicate.head in load_anaphors().general and intent is not None:
        # "het voornemen van het kabinet om een verbod in te stellen op X": a planned measure, named by its
        # "om" clause (the words the letter used for it)
        predicate = replace(predicate, kind="maatregel", surface=f"{words} {intent.group(1)}")
    return [predicate]


_INTENT_CLAUSE = re.compile(r"\s*,?\s*(om\b[^.;:!?]*)")


def _opens(text: str, node: NodePhrase) -> bool:
    """Does the phrase open the sentence (its first word among the sentence's first words: the subject of a
    main clause, "Het eigen risico komt daar bovenop")? A phrase further in (an object, "Wij begrijpen het
    doel"; a complement, "... zonder structurele middelen") is no guess for a "Dit" after the sentence."""
    words = (node.surface or node.label).split()
    if not words:
        return False
    if words[0].lower() in [w.strip(",;:()").lower() for w in text.split()[:3]]:
        return True
    # round 10b: "De afgelopen tijd zien we dat er een tekort aan X ontstaat": what the author observes opens
    # the clause after the observation, and the sentence is about it
    observed = _OBSERVED.search(text)
    if observed is not None and words[0].lower() in [
            w.strip(",;:()").lower() for w in text[observed.end():].split()[:3]]:
        return True
    # round 12b: "Er is op dit moment een tekort aan X", "Er zijn in veel regio's te weinig woningen": an
    # existential sentence is about the thing it says there is, which stands after "er is" and its adverbials
    existential = _EXISTENTIAL.match(text)
    if existential is None:
        return False
    after = [w.strip(",;:()").lower() for w in text[existential.end():].split()[:EXISTENTIAL_WORDS]]
    first = words[0].lower()
    # not a noun of an adverbial before it ("Er zijn in veel regio's te weinig woningen": not "regio's")
    return first in after and not any(w in _EXISTENTIAL_ADVERBIALS for w in after[max(0, after.index(first) - 2):
                                                                                   after.index(first)])


_EXISTENTIAL = re.compile(r"\W*er\s+(?:is|zijn|was|waren|ontstaat|ontstaan|bestaat|bestaan|dreigt|dreigen)\s+",
                          re.IGNORECASE)
_EXISTENTIAL_ADVERBIALS = frozenset({"in", "op", "bij", "voor", "na", "tijdens", "binnen", "buiten", "onder", "rond",
                                     "naast"})
EXISTENTIAL_WORDS = 8  # "op dit moment een groot": adverbials and a determiner before the noun
_OBSERVED = re.compile(r"\b(?:(?:zien|constateren|merken|signaleren|zagen|merkten|constateerden)\s+(?:we|wij)"
                       r"|(?:we|wij)\s+(?:\w+\s+)?(?:zien|constateren|merken|signaleren|zagen|merkten))"
                       r"\s+(?:\w+\s+){0,2}?dat\s+(?:er\s+)?", re.IGNORECASE)


def _named_with(record: _Record, noun: str) -> NodePhrase | None:
    """The phrase of a tagged sentence that opens with a word carrying a measure noun, with the name or
    complement after it: "het wetsvoorstel Bevoegdheden rond opvanglocaties" for "het voorstel" (the node's
    label is the name; its words keep "wetsvoorstel"). None when no such word or it names nothing."""
    anaphors = load_anaphors()
    if record.doc is None:
        # a sentence that was not tagged (two back): the word and a name after it, from the text alone
        for found in re.finditer(r"\w+", record.text):
            if anaphors.names(noun, found.group(0).lower()):
                name = re.match(r"(?:\s+[A-Z][\w-]*)*", record.text[found.end():])
                if (node := phrase_of_text(found.group(0) + (name.group(0) if name else ""))) is not None:
                    return node
        return None
    for token in record.doc:
        if token.pos_ in {"NOUN", "PROPN"} and anaphors.names(noun, token.lower_):
            end = max(noun_phrase_end(record.doc, token.i, len(record.doc)), token.i + 1)
            while end < len(record.doc) and (record.doc[end].pos_ == "PROPN" or record.doc[end].is_title):
                end = max(end + 1, noun_phrase_end(record.doc, end, len(record.doc)))  # the name after the noun
            node = node_phrase([phrase_token(t) for t in record.doc[token.i:max(end, token.i + 1)]])
            if node is not None:
                return node
    return None


def _claimed(record: _Record) -> list[NodePhrase]:
    """What a sentence's claims give an anaphor after it: their risico effects (of a chain inside the
    sentence, "Doordat X, raakt Y kwijt, wat leidt tot Z. Dit ...", its last link), else their causes."""
    if not record.claims:
        return _unique(record.unresolved)
    chain = [e for _, e in record.claims if e.kind == "risico"]
    causing = {c.key for c, _ in record.claims}
    chain = [e for e in chain if e.key not in causing] or chain
    if chain:
        return _unique(chain)
    return _unique([c for c, _ in record.claims])


def _unique(nodes: Sequence[NodePhrase]) -> list[NodePhrase]:
    seen: set[str] = set()
    out: list[NodePhrase] = []
    for node in nodes:
        if node.key not in seen:
            seen.add(node.key)
            out.append(node)
    return out


def _noun_phrases(doc: Doc, cues: ClaimCueLexicon) -> list[list[NodePhrase]]:
    """The sentence's noun phrases as nodes (for later anaphors), from the tags alone (the sentence
    before a cue sentence is tagged, not parsed): runs of determiners, adjectives and nouns with one
    genitive-like complement ("de verkorting van de verblijfsvergunning"); phrases joined only by a
    comma, "en" or "of" form one group (a list)."""
    out: list[list[NodePhrase]] = []
    i = 0
    joined = False  # only a comma or a conjunction since the last phrase
    while i < len(doc):
        if doc[i].pos_ not in {"DET", "ADJ", "NUM", "NOUN", "PROPN"}:
            joined = joined and (doc[i].text == "," or doc[i].lower_ in {"en", "of", "alsmede"})
            i += 1
            continue
        end = noun_phrase_end(doc, i, len(doc))
        tokens = doc[i:max(end, i + 1)]
        # a noun the tagger took for a verb or an adverb after a determiner ("de randvoorwaarden/VERB") is a
        # noun of the phrase (a nominalised infinitive, "het schrappen van X", keeps its tag)
        if any(t.pos_ in {"NOUN", "PROPN"} or noun_after_determiner(t) for t in tokens):
            node = node_phrase([replace(phrase_token(t), pos="NOUN") if noun_after_determiner(t) else phrase_token(t)
                                for t in tokens])
            if node is not None:
                if joined and out:
                    out[-1].append(node)
                else:
                    out.append([node])
                joined = True
        i = max(end, i + 1)
    return out


# ----------------------------------------------------------------------------- one sentence

@dataclass(frozen=True)
class _Pair:
    cue: ClaimCue
    causes: list[Argument]
    effects: list[Argument]
    shown: ClaimCue | None = None  # the cue the claim names, when another cue than `cue` links it


def _arguments(doc: Doc, found: list[ClaimCue], index: int, cues: ClaimCueLexicon,
               previous: list[_Pair]) -> _Pair:
    cue = found[index]
    first, last = token_range(doc, cue.start, cue.end)
    floor = token_range(doc, found[index - 1].start, found[index - 1].end)[1] if index else 0
    ceiling = token_range(doc, found[index + 1].start, found[index + 1].end)[0] if index + 1 < len(found) else len(doc)
    if cue.direction == "forward" and last == first + 1 and (
            attributive(doc[first]) or (doc[first].pos_ == "ADJ" and doc[first].dep_ == "amod")
            or (first and doc[first].lower_.endswith(("de", "te")) and doc[first - 1].pos_ in {"ADP", "DET"})):
        # round 10a: a cue verb's participle used as an adjective names no act ("de rekening voor beschadigde
        # vloeren", "verstoorde nachtrust"): no claim of its own
        return _Pair(cue, [], [])
    if cue.direction == "forward" and last == first + 1 and any(
            t.dep_ == "aux:pass" and t.i < first and t.lemma_.lower() == "worden" for t in doc[first].children):
        # round 11a: a passive of a cue verb ("Door X wordt de jobcoaching ondergraven"): its subject is the thing hit
        # and its cause the "door" phrase, which that cue reads; the verb's own pair would take the subject as cause
        return _Pair(cue, [], [])
    at = _CueAt(doc, found, index, cues, previous, cue, first, last, floor, ceiling)
    return _BY_DIRECTION.get(cue.direction, _fear_pair)(at)


@dataclass(frozen=True)
class _CueAt:
    """One cue of a sentence with what its arguments are sought between: the end of the cue before
    (floor) and the start of the cue after (ceiling)."""
    doc: Doc
    found: list[ClaimCue]
    index: int
    cues: ClaimCueLexicon
    previous: list[_Pair]
    cue: ClaimCue
    first: int
    last: int
    floor: int
    ceiling: int

    @property
    def anaphor(self) -> list[Argument]:
        return [Argument((), self.cue.start, self.cue.end, anaphor=True, how="context")]

    @property
    def opening(self) -> bool:
        """Only adverbs, conjunctions and punctuation before the cue in its stretch of the sentence."""
        return all(t.pos_ in {"ADV", "CCONJ", "PUNCT"} for t in self.doc[self.floor:self.first])


# "leidt niet tot A, (maar) wel tot B": a verbless continuation of the cue before, sharing its subject (round 9a)
_CONTINUED = re.compile(r"^(?:maar )?(?:wel |juist |vooral |eerder |ook )?tot$", re.IGNORECASE)


def _forward_pair(at: _CueAt) -> _Pair:
    doc, cue, cues, previous, floor, ceiling = at.doc, at.cue, at.cues, at.previous, at.floor, at.ceiling
    between = list(doc[floor:at.first])
    while between and between[-1].pos_ in {"AUX", "ADV"} and between[-1].lower_ not in {"en", "maar", "of"}:
        between = between[:-1]  # "..., maar kan ook X tot gevolg hebben": the modal and adverbs between
    if previous and between and (between[-1].lower_ in {"en", "maar", "of"} or _CONTINUED.match(cue.text)) \
            and previous[-1].cue.direction == "forward" and previous[-1].causes:
        # "X belemmert Y en leidt tot Z": the second verb shares the subject of the first
        return _Pair(cue, previous[-1].causes, effect_after(doc, cue, cues, ceiling))
    if cue.effect is None and cue.inner is None:
        final = verb_final(doc, cue, cues, floor)
        if final is not None and final[1]:
            return _Pair(cue, *final)
        modal = modal_final(doc, cue, cues, floor)
        if modal is not None and modal[0] and modal[1]:
            return _Pair(cue, *modal)
        swapped = inverted(doc, cue, cues, floor, ceiling)
        if swapped is not None:
            return _Pair(cue, *swapped)
    if cue.effect is not None and (swapped := inverted_effect(doc, cue, cues, floor)) is not None:
        return _Pair(cue, *swapped)  # "Ook zet X Y onder druk": subject and object inside the cue's effect
    causes = cause_before(doc, cue, cues, floor) or _parenthesis_before(doc, at.first, floor, cues)
    effects = _object_after_adverbial(doc, cue, cues, at.last, ceiling) or effect_after(doc, cue, cues, ceiling)
    effects = _listed_after(doc, effects, cues, ceiling) or effects
    effects = _without_elaboration(doc, effects, cue)
    if _EXCLUSION.match(cue.text):
        effects = [_excluded(a) for a in effects]
    return _Pair(cue, _manner_before(doc, causes, cue) or causes, effects)


# round 10a: "sluit X uit (van Y)": the harm is X's exclusion, also when X is only people ("de kinderen", "hen")
_EXCLUSION = re.compile(r"^(?:sluit|sluiten|sloot|sloten)\b.*\buit(?: (?:van|voor|bij)\b.*)?$", re.IGNORECASE)
_EXCLUDED_HEAD = (PhraseToken("uitsluiting", "uitsluiting", "NOUN", "ROOT"), PhraseToken("van", "van", "ADP", "case"))


def _excluded(argument: Argument) -> Argument:
    """The exclusion of what the argument names: "uitsluiting van kinderen (van het mbo)"."""
    if argument.anaphor or not argument.tokens:
        return argument
    tokens = tuple(t for t in argument.tokens if t.text.lower() != "uit")
    return replace(argument, tokens=_EXCLUDED_HEAD + tokens)


_ADVERBIAL_PREPOSITIONS = frozenset({"in", "bij", "voor", "onder", "binnen"})


def _object_after_adverbial(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon, last: int, ceiling: int) -> list[Argument]:
    """"X veroorzaakt in (juist) die gemeenten een begrotingsgat", "X creëert voor veel gezinnen een probleem":
    a prepositional phrase between a transitive cue verb and its object is an adverbial (where, for whom);
    the object after it is the effect. [] when the cue names its effect or ends in a preposition itself."""
    if cue.effect is not None or last + 2 >= ceiling or doc[last].lower_ not in _ADVERBIAL_PREPOSITIONS \
            or doc[last].pos_ != "ADP" or doc[last - 1].pos_ not in {"VERB", "AUX"}:
        return []
    j = last + 1
    while j < ceiling and (doc[j].pos_ == "ADV" or doc[j].dep_ in {"det", "advmod"}):
        j += 1
    end = noun_phrase_end(doc, j, ceiling)
    if end < ceiling and doc[end].lower_ in {"die", "dat"} and end > j:
        # round 10a: a relative clause on the place ("veroorzaakt bij de units die nu worden opgeleverd hoge
        # rekeningen"): the object follows the clause's verbs
        k = end + 1
        while k < ceiling and doc[k].pos_ not in {"VERB", "AUX"} and not doc[k].is_punct:
            k += 1
        verbs = k
        while k < ceiling and doc[k].pos_ in {"VERB", "AUX"}:
            k += 1
        end = k if k > verbs else end
    if end <= j or end >= ceiling or doc[end].pos_ not in {"DET", "ADJ", "NOUN"} \
            or doc[end].lower_ in {"die", "dat", "wat", "welke"}:
        return []
    return [a for a in cores(segment_after(doc, end, ceiling), cues, "after") if not a.anaphor]


def _listed_after(doc: Doc, effects: list[Argument], cues: ClaimCueLexicon, ceiling: int) -> list[Argument]:
    """"X ondermijnt de inzet voor de buurt: A, B en C": a list after a colon spells out the effect, one
    effect per member (as examples after "zoals" do); not a clause after the colon (it has a verb)."""
    if not effects or any(a.anaphor for a in effects):
        return []
    end = max(a.end for a in effects)
    colon = next((t.i for t in doc if t.idx >= end), None)
    if colon is None or colon >= ceiling or doc[colon].text != ":":
        return []
    rest = [t for t in doc[colon + 1:ceiling] if not (t.is_punct and t.i == len(doc) - 1)]
    if not rest or any(t.pos_ in {"VERB", "AUX"} for t in rest) or not any(t.text == "," or t.lower_ == "en" for t in rest):
        return []
    # members: split at the commas and at the last "en"/"of" (a member may hold "door"/"van" phrases)
    members: list[list[Token]] = [[]]
    for token in rest:
        if token.text == "," or (token.lower_ in {"en", "of"} and token.i + 1 < len(doc)
                                 and doc[token.i + 1].pos_ in {"DET", "ADJ", "NOUN", "PROPN"}):
            members.append([])
        else:
            members[-1].append(token)
    listed = [a for member in members if member for a in cores(member, cues, "after", split=False)]
    return listed if len(listed) >= 2 and not any(a.anaphor for a in listed) else []


def _without_elaboration(doc: Doc, effects: list[Argument], cue: ClaimCue) -> list[Argument]:
    """Round 11b: "maakt dat zij werk onder hun niveau verrichten, in de schoonmaak, de logistiek of de bezorging":
    a list after a clause effect and a comma that opens with a preposition says where or how the clause happens
    (an elaboration), it names no effects of its own; the verbless members of that list are dropped. The effect
    is a clause when the cue ends in "dat" or the effect holds a verb (the tagger may take a final infinitive for
    a noun: "verrichten/NOUN")."""
    if len(effects) < 2:
        return effects
    span = doc.char_span(effects[0].start, effects[0].end, alignment_mode="expand")
    if not (cue.text.lower().endswith(" dat") or any(t.pos_ == "VERB" or t.dep_ in {"ccomp", "advcl", "xcomp"}
                                                      for t in span or ())):
        return effects
    comma = next((t for t in doc if t.idx >= effects[0].end), None)
    if comma is None or comma.text != "," or comma.i + 1 >= len(doc) or doc[comma.i + 1].pos_ != "ADP" \
            or doc[comma.i + 1].lower_ in _CAUSAL_PREPOSITIONS:
        return effects

    def verbless(a: Argument) -> bool:
        part = doc.char_span(a.start, a.end, alignment_mode="expand")
        return part is not None and not any(t.pos_ in {"VERB", "AUX"} for t in part)
    return [a for a in effects if a is effects[0] or a.start < comma.idx or not verbless(a)]


_CAUSAL_PREPOSITIONS = frozenset({"door", "vanwege", "wegens", "dankzij", "ondanks"})


def _manner_before(doc: Doc, causes: list[Argument], cue: ClaimCue) -> list[Argument]:
    """"Het systeem mondt op deze manier uit in chaos": "op deze manier" between the subject and the cue
    names the cause (the way the sentences before described); the subject only undergoes it."""
    if not causes or any(a.anaphor for a in causes):
        return []
    end = max(a.end for a in causes)
    found = _MANNER.search(doc.text, end, cue.start)
    if found is None or re.search(r"[,;:]", doc.text[end:found.start()]):
        return []
    return [Argument((), found.start(), found.end(), anaphor=True, how="context")]


_EXAMPLE_OPENERS = frozenset({"zoals", "bijvoorbeeld", "waaronder"})


def _parenthesis_before(doc: Doc, first: int, floor: int, cues: ClaimCueLexicon) -> list[Argument]:
    """A subject that ends in a parenthesis between dashes right before the cue: "Regels die X raken – zoals
    de korting op Y – versterken dit effect": the examples name the cause; without examples, the subject
    across the parenthesis."""
    close = first - 1
    if close <= floor or doc[close].text not in _DASHES:
        return []
    opening = close - 1
    while opening >= floor and doc[opening].text not in _DASHES | {".", ";", ":"}:
        opening -= 1
    if opening < floor or doc[opening].text not in _DASHES:
        return []
    inner = list(doc[opening + 1:close])
    if len(inner) > 1 and inner[0].lower_ in _EXAMPLE_OPENERS:
        return cores(inner[1:], cues, "segment")
    return cores(_across_parenthesis(doc, first, floor), cues, "segment")


def _backward_pair(at: _CueAt) -> _Pair:
    doc, cue, cues, found, index, floor, ceiling = at.doc, at.cue, at.cues, at.found, at.index, at.floor, at.ceiling
    first = at.first
    causes, stop = cause_after(doc, cue, cues, ceiling)
    opening = at.opening
    if cue.text.lower() == "door" and _agent(doc, first, at.last, floor, opening,
                                             hit=bool(cues.marked("impact_passive", doc.text))):
        return _Pair(cue, [], [])  # a passive agent or a named actor ("door het COA"), not a cause
    if opening and index + 1 < len(found) and found[index + 1].direction in {"fear", "forward", "effect_before"} \
            and ceiling - stop <= 2:
        return _Pair(cue, causes, [])  # "Omdat X, vrezen wij dat Y": the next cue takes X as its cause
    if opening and describes_content(doc, stop, ceiling):
        return _Pair(cue, causes, [])  # "Door het amendement bevat de wet nu X": how the content came about
    if opening:
        # "Enerzijds vanwege X." after "Gemeenten komen in een lastige positie.": the effect is before
        rest = [t for t in doc[stop:ceiling] if not t.is_punct]
        if causes and rest and not any(t.pos_ in {"VERB", "AUX"} and not _modifier(t) for t in doc):
            # a fragment without a verb ("Vooral door X en daarnaast Y."): everything after the cue causes
            # the effect the sentence before named
            while rest and rest[0].pos_ not in {"DET", "ADJ", "NOUN", "PROPN", "NUM"}:
                rest = rest[1:]
            more = cores(rest, cues, "after") if rest else []
            return _Pair(cue, causes + [a for a in more if not a.anaphor], at.anaphor)
        if _motive(list(doc[stop:ceiling]), cues):
            return _Pair(cue, causes, [])
        return _Pair(cue, causes, rest_of_clause(doc, stop, cues, ceiling) or at.anaphor)
    before = _clause_before(doc, first, floor)  # "Y, doordat X"
    after = segment_after(doc, stop, ceiling) if stop < ceiling and doc[stop].text != "," else []
    if _motive(before + after, cues):
        return _Pair(cue, causes, [])
    return _Pair(cue, causes, cores(before + after, cues, "segment"))


def _motive(clause: Sequence[Token], cues: ClaimCueLexicon) -> bool:
    """Is the clause an act of the letter's author ("Vanwege de vakantie sturen wij deze brief later") or an
    actor's decision or stance ("Het kabinet kiest vanwege X voor Y", predicates.yaml decision_verbs)? A
    reason given for it is a motive, not a cause of harm."""
    if any(t.lower_ in {"wij", "we", "ik"} and t.dep_.startswith("nsubj") for t in clause):
        return True
    if any(t.lemma_.lower() in {"moeten", "dwingen"} or t.lower_ == "gedwongen" for t in clause):
        return False  # "Door X moeten gemeenten kiezen tussen ...": a forced decision is an effect
    actor = any(t.dep_.startswith("nsubj") and any(p.fullmatch(t.lower_) for p in cues.markers("actor"))
                for t in clause)
    return actor and any(t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in load_predicates().decisions
                         for t in clause)


def _connective_pair(at: _CueAt) -> _Pair:
    doc, cue, cues, floor, first = at.doc, at.cue, at.cues, at.floor, at.first
    # "X heeft gevolgen voor A en B – met Y als gevolg": after an impact cue the consequence comes from
    # X, not from the tasks it hits
    chained = [a for pair in at.previous for a in (pair.causes if _effect_role(pair.cue, cues) == "impact"
                                                   else pair.effects)]
    before = _clause_before(doc, first, floor)  # "X, waardoor Y"
    if not chained and before:
        before = _main_clause(doc, before, floor) or before
    if cue.text.lower() == "zodat" and not chained and _purpose(doc, before, floor, first, cues):
        return _Pair(cue, [], [])  # "Wij sturen deze brief, zodat u ...": an act and its purpose, no harm
    causes = chained or cores(before, cues, "segment")
    if not causes and at.opening:
        causes = at.anaphor  # "Met als gevolg dat Y." opening a sentence: the cause is the sentence before
    following = at.found[at.index + 1] if at.index + 1 < len(at.found) else None
    if following is not None and following.direction == "effect_before" \
            and "," not in doc.text[cue.end:following.start]:
        # "X, waardoor het buurtwerk stil komt te liggen": the cue in the clause says how X hits it; it
        # takes X as its cause (_effect_before_pair) and this connective makes no claim of its own
        return _Pair(cue, causes, [])
    return _Pair(cue, causes, effect_after(doc, cue, cues, at.ceiling))


def _purpose(doc: Doc, before: list[Token], floor: int, first: int, cues: ClaimCueLexicon) -> bool:
    """Does "zodat" give the purpose of an act: the author's (`_motive`), one an actor such as the cabinet
    wants or decides ("Het kabinet wil dat zij wachten, zodat ..."), or one a request asks for (an
    imperative opens the sentence: "Breng X onder in de wet, zodat ...")?"""
    if _motive(before, cues):
        return True
    words = [t for t in doc[floor:first] if t.is_alpha]
    if words and words[0].pos_ == "VERB" and not any(t.dep_.startswith("nsubj") and t.head.i == words[0].i
                                                      for t in doc[floor:first]):
        return True  # a verb first and no subject of it: an imperative
    # an actor that wants or decides ("Het kabinet wil dat ...", "De minister besluit ..."), not one that suffers
    # ("Kleine gemeenten missen de kennis, zodat ...")
    wanting = load_predicates().decisions | {"willen", "wensen", "beogen"}
    return any(t.dep_.startswith("nsubj") and any(p.fullmatch(t.lower_) for p in cues.markers("actor"))
               and t.head.lemma_.lower() in wanting for t in doc[floor:first])


def _clause_before(doc: Doc, first: int, floor: int) -> list[Token]:
    """The clause segment before token `first`, or before the comma directly in front of it."""
    before = segment_before(doc, first, floor)
    if not before and first - 1 > floor and doc[first - 1].text == ",":
        before = segment_before(doc, first - 1, floor)
    return before


_BURDEN_CLASS = "{burden}"  # a claim_cues.yaml entry naming this class shifts a burden (round 9a)


def _effect_before_pair(at: _CueAt) -> _Pair:
    doc, previous = at.doc, at.previous
    own = [a for pair in previous for a in pair.causes]
    if previous and previous[-1].cue.direction == "connective" and previous[-1].causes and not previous[-1].effects:
        own = previous[-1].causes  # the connective before yielded to this cue: its cause only
    if not own:
        own = _reason_after(at) or _reason_inside(at)  # "Y staat onder druk vanwege X", "Y komt door X in .."
    if not own and not (_OPENING_ANAPHOR.match(doc.text) or _ANAPHOR_ANYWHERE.search(doc.text)
                        or _BURDEN_CLASS in at.cue.raw):
        # a burden that lands on a party ("landen de kosten bij de gemeente") is always the consequence of
        # something said before: without an anaphor the sentences before still name its cause
        return _Pair(at.cue, [], [])
    # "Hierdoor komt X onder druk": the anaphoric cue before links the claim and names it
    linker = next((p.cue for p in reversed(previous) if p.cue.direction == "anaphoric" and p.causes), None)
    return _Pair(at.cue, own or at.anaphor, effect_before(doc, at.cue, at.cues, at.floor), linker)


def _reason_after(at: _CueAt) -> list[Argument]:
    """The cause a backward cue right after this one names ("komt onder druk door/vanwege X"): that cue
    finds no clause of its own before it, so this one takes its cause (a passive agent is none)."""
    doc, found, index = at.doc, at.found, at.index
    if index + 1 >= len(found) or found[index + 1].direction != "backward":
        return []
    following = found[index + 1]
    first, last = token_range(doc, following.start, following.end)
    if any(t.is_punct for t in doc[at.last:first]) or first - at.last > 3:
        return []  # another clause: the reason is not this predicate's
    if following.text.lower().split()[-1] == "door" and _agent(doc, first, last, at.floor):
        return []
    ceiling = token_range(doc, found[index + 2].start, found[index + 2].end)[0] if index + 2 < len(found) else len(doc)
    return cause_after(doc, following, at.cues, ceiling)[0]


_REASON_WORDS = frozenset({"door", "vanwege", "wegens", "als", "gevolg", "van"})


def _reason_inside(at: _CueAt) -> list[Argument]:
    """The cause the cue holds between its verb and its predicate: "Y komt door X in het gedrang"."""
    if at.cue.inner is None:
        return []
    a, b = token_range(at.doc, *at.cue.inner)
    inner = list(at.doc[a:b])
    while inner and inner[0].lower_ in _REASON_WORDS:
        inner = inner[1:]
    return [c for c in cores(inner, at.cues, "inner") if not c.anaphor] if inner else []


def _nominal_pair(at: _CueAt) -> _Pair:
    doc, cues, last, ceiling = at.doc, at.cues, at.last, at.ceiling
    rest = list(doc[last:ceiling])
    link = next((i for i, t in enumerate(rest) if t.lower_ in {"voor", "op"}), None)
    if link is None or link > 8:
        return _Pair(at.cue, [], [])
    return _Pair(at.cue, cores(rest[:link], cues, "after"), cores(segment_after(doc, last + link + 1, ceiling),
                                                                  cues, "after"))


def _anaphoric_pair(at: _CueAt) -> _Pair:
    doc, cue, cues, first, floor = at.doc, at.cue, at.cues, at.first, at.floor
    # "Hierdoor Y": Y follows; "..., dat de situatie hierdoor verslechtert": the clause around the cue
    around = [] if at.opening else _across_parenthesis(doc, first, floor)
    effects = cores(around + segment_after(doc, at.last, at.ceiling), cues, "after")
    start = around[0].i if around else first
    comma = start - 1 if around and around[0].lower_ == "en" else start - 2
    if not at.index and comma >= 2 and doc[comma].text == "," and doc[comma + 1].lower_ == "en":
        coordinated = _coordinated_before(doc, comma, floor, cues)
        if coordinated:
            return _Pair(cue, coordinated, effects)
    if at.index and at.previous and first >= 2 and doc[first - 1].lower_ == "en" and doc[first - 2].text == "," \
            and (before := at.previous[-1]).cue.direction != "anaphoric" and before.effects \
            and not any(a.anaphor for a in before.effects):
        # round 10a: "X leidt tot Y, en daardoor Z": the clause before claimed Y, which is what "daardoor" takes up
        return _Pair(cue, before.effects, effects)
    return _Pair(cue, at.anaphor, effects)


def _fear_pair(at: _CueAt) -> _Pair:
    # fear: the cause is named in the sentence by another cue, else the maatregel under discussion; a
    # causative verb in the feared clause names it there ("wij verwachten dat X ouders doet besluiten ...")
    causative = causative_clause(at.doc, at.last, at.cues, at.ceiling)
    if causative is not None:
        return _Pair(at.cue, *causative)
    return _Pair(at.cue, [Argument((), at.cue.start, at.cue.end, anaphor=True, how="fear")],
                 cores(segment_after(at.doc, at.last, at.ceiling), at.cues, "after"))


_BY_DIRECTION: dict[str, Callable[[_CueAt], _Pair]] = {
    "forward": _forward_pair, "backward": _backward_pair, "connective": _connective_pair,
    "effect_before": _effect_before_pair, "nominal": _nominal_pair, "anaphoric": _anaphoric_pair}


_DASHES = frozenset({"–", "—"})


def _across_parenthesis(doc: Doc, start: int, floor: int) -> list[Token]:
    """The clause segment before token `start`, across a parenthesis between dashes: "dat de situatie in X
    – en de chaos in de keten – hierdoor verslechtert" gives both subjects (the dashes themselves left out)."""
    segment = segment_before(doc, start, floor)
    begin = segment[0].i if segment else start
    if begin - 1 <= floor or doc[begin - 1].text not in _DASHES:
        return segment
    opening = begin - 2
    while opening > floor and doc[opening].text not in _DASHES | {".", ";", ":", ","}:
        opening -= 1
    if opening <= floor or doc[opening].text not in _DASHES:
        return segment
    return segment_before(doc, opening, floor) + list(doc[opening + 1:begin - 1]) + segment


def _main_clause(doc: Doc, clause: list[Token], floor: int) -> list[Token]:
    """"X verschuift het werk naar de winkels die ouderen niet bereiken, waardoor Y": the clause before
    the comma is a relative clause about the last noun; what brings Y about is the main clause before it,
    whose subject (when the parse gives one there) is the cause. [] when `clause` is no relative clause."""
    opener = clause[0].i - 1
    if opener <= floor or doc[opener].lower_ not in {"die", "dat", "welke"} or doc[opener].pos_ != "PRON" \
            or doc[opener - 1].pos_ not in {"NOUN", "PROPN"}:
        return []
    main = segment_before(doc, opener, floor)
    if not main or main[0].i != floor or not any(t.pos_ == "VERB" for t in main):
        return []  # only a main clause that opens the sentence (or follows the cue before)
    inside = {t.i for t in main}
    subjects = [t for t in main if t.dep_.startswith("nsubj") and t.head.i in inside and t.pos_ in {"NOUN", "PROPN"}]
    if subjects:
        subtree = [t for t in subjects[0].subtree if t.i in inside]
        if subtree and subtree[-1].i - subtree[0].i + 1 == len(subtree):
            return subtree
    return []


def _coordinated_before(doc: Doc, comma: int, floor: int, cues: ClaimCueLexicon) -> list[Argument]:
    """"X doet A, en Y staat daardoor B": the anaphoric cue points to the clause coordinated before the
    comma (its last object or subject), when that clause opens the sentence."""
    clause = segment_before(doc, comma, floor)
    if not clause or not (clause[0].i == 0 or doc[clause[0].i - 1].text in {".", ":"}):
        return []
    objects = [t for t in clause if _object_or_subject(t)]
    found = cores(clause, cues, "segment") if not objects else [
        a for t in objects[-1:] for a in cores(list(t.subtree), cues, "segment")]
    return [] if not found or any(a.anaphor for a in found) else found


# Who acts: "door" before these names an agent, not a cause (with the actors of phrases.yaml).
_AGENTS = frozenset({"medewerkers", "middel", "leden", "lid", "kamerleden", "fracties", "fractie", "organisaties",
                     "vrijwilligers", "professionals", "partners"})


def _object_of_previous(text: str, before: Sequence[ClaimCue], cue: ClaimCue) -> bool:
    """A fear cue that is the object of the forward cue just before it ("vergroot op zijn beurt het
    risico op X"): the forward cue makes the claim, with X as its effect."""
    if cue.direction != "fear" or not before or before[-1].direction != "forward":
        return False
    between = text[before[-1].end:cue.start]
    return len(between.split()) <= 4 and not re.search(r"[,.;:]|\b(?:dat|omdat|doordat|wat|die|en)\b", between)


def _agent_door(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon) -> bool:
    first, last = token_range(doc, cue.start, cue.end)
    return _agent(doc, first, last, 0, all(t.pos_ in {"ADV", "CCONJ", "PUNCT"} for t in doc[:first]),
                  hit=bool(cues.marked("impact_passive", doc.text)))


MEANS_WINDOW = 12  # tokens after "door" in which "te <verb>" makes a means clause
# verbs that take a "te" infinitive themselves ("komt ... te staan", "dreigt ... te verdwijnen"): the "door" between
# them and their infinitive is an ordinary cause
_TE_VERBS = frozenset({"komen", "dreigen", "blijken", "lijken", "schijnen", "hoeven", "beginnen", "weten", "proberen",
                       "trachten", "plegen", "behoeven", "staan", "liggen", "zitten", "blijven"})


def _means_clause(doc: Doc, cue: ClaimCue) -> bool:
    """Is the "door" at the cue a means clause after the main clause: "door" + up to MEANS_WINDOW words of the same
    clause + "te" + a verb ("voldoen door een bedrag te storten", "besparen door locaties te delen", "door meer
    medewerkers in te zetten"), with words other than adverbs before it? Not "door te late betalingen" (an adjective
    after "te")."""
    first, last = token_range(doc, cue.start, cue.end)
    if all(t.pos_ in {"ADV", "CCONJ", "PUNCT"} for t in doc[:first]) \
            or any(t.lemma_.lower() in _TE_VERBS for t in doc[:first]):
        return False  # "komt door deze maatregel zonder geld te staan": the infinitive belongs to the main verb
    for token in doc[last:last + MEANS_WINDOW]:
        if token.is_punct or token.pos_ in {"CCONJ", "SCONJ"}:
            return False
        if token.lower_ == "te" and token.i + 1 < len(doc) and doc[token.i + 1].pos_ in {"VERB", "AUX"}:
            return True
    return False


def _agent(doc: Doc, first: int, last: int, floor: int, opening: bool = False, hit: bool = False) -> bool:
    """Is the "door" at token `first` a passive agent or an actor: a form of "worden" before it in the
    clause, or a proper noun or a word for people or organisations right after it ("door een aantal
    leden van de Kamer")? At the start of a sentence only the second test (a cause comes first there).
    `hit`: the sentence's passive names a harm that hits (impact_passive); then a measure after "door" is its
    cause, not an agent (round 11a: "Y wordt door de nieuwe norm doorkruist")."""
    if not opening and any(t.lemma_.lower() == "worden" for t in segment_before(doc, first, floor)):
        head = next((t for t in doc[last:last + 5] if t.pos_ in {"NOUN", "PROPN"}), None)
        return not (hit and head is not None and load_rules().head_kind(head.lemma_.lower()) == "maatregel")
    if not opening and first and doc[first - 1].pos_ == "NOUN" and (
            doc[first - 1].lower_.endswith(_ACTION_ENDINGS) or (load_rules().head_kind(doc[first - 1].lemma_) == "gemeentetaak"
                                                      and doc[first].head.head.i == first - 1
                                                      and not _subordinate_subject(doc, first - 1))):
        # "de beoordeling door de jeugdarts", "het toezicht door boa's": the agent of a nominalised action
        # or of a task someone carries out (the "door" phrase parsed as the task noun's complement, and not
        # after the subject of a verb-final clause: "dat het taalonderwijs door zulke aanbieders
        # achteruitgaat", where it belongs to the verb the parse may have missed)
        return True
    if not opening and _action_complement_before(doc, first):
        return True  # "de werving van vrijwilligers door de sportclubs": the same across its complement
    if not opening and _nominal_infinitive_before(doc, first):
        return True  # "het meelezen door de mentor", "het ophalen door vrijwilligers": the agent of the act
    if not opening and any(t.lemma_.lower() == "vervangen" or t.lower_.startswith("vervang")
                           for t in segment_before(doc, first, floor)):
        return True  # "vervangt X door Y", "X te vervangen door Y": a substitution, not a cause
    following = next((t for t in doc[last:last + 5] if t.pos_ not in {"DET", "ADJ", "NUM"}
                      and t.lower_ not in {"aantal", "groep", "deel"}), None)
    if following is None:
        return not opening
    return (following.pos_ in {"PROPN", "PRON"} and not opening) or following.lower_ in _AGENTS \
        or following.lemma_.lower() in _AGENTS or following.lower_ in load_words().actors \
        or (not opening and _agent_noun(following) and doc[first - 1].pos_ == "NOUN"
            and not _subordinate_subject(doc, first - 1))


def _agent_noun(token: Token) -> bool:
    """A noun for a person who does something ("begeleider", "aanbieders", "beheerder", "derden"): the agent
    of an act, not a cause, when its "door" follows the act's noun ("de surveillance door beveiligers"); not
    opening a sentence ("Door de aanbieders ...") nor after a clause's subject ("dat het onderwijs door zulke
    aanbieders achteruitgaat"), where the actors can be a cause."""
    word = token.lower_
    return token.pos_ == "NOUN" and (word in _PERSON_WORDS or (
        word.endswith(_AGENT_ENDINGS) and not word.endswith(_NOT_AGENT_ENDINGS)))


def _nominal_infinitive_before(doc: Doc, first: int) -> bool:
    """A nominalised infinitive right before token `first`: "het (extra) meelezen | door": a noun in -en after
    "het" (a plural in -en takes "de")."""
    i = first - 1
    if i < 1 or doc[i].pos_ not in {"NOUN", "VERB"} or not doc[i].lower_.endswith("en"):
        return False
    j = i - 1
    while j >= 0 and doc[j].pos_ in {"ADJ", "ADV"}:
        j -= 1
    return j >= 0 and doc[j].lower_ == "het"


# Agent nouns: a verb stem with a suffix for the one who does it (begeleid-er, aanbied-er, beheer-der, verhuur-der,
# huis-meester, medewerk-ster), a few words for people that have no such suffix.
_AGENT_ENDINGS = ("der", "ders", "ger", "gers", "aar", "aars", "eur", "eurs", "ist", "isten", "ier", "iers",
                  "ker", "kers", "ster", "sters")
_NOT_AGENT_ENDINGS = ("honger", "kader", "oorlog", "papier", "manier", "kwartier", "lijst", "twist", "geur",
                      "deur", "kleur", "suiker", "bunker", "register", "venster")
_PERSON_WORDS = frozenset({"derden", "anderen", "particulieren", "buitenstaanders", "vreemden", "kennissen",
                           "familieleden", "buren"})


def _subordinate_subject(doc: Doc, index: int) -> bool:
    """The noun at `index` opens a subordinate clause ("dat het taalonderwijs ..."): a conjunction a few
    words before it, nothing but its determiners and adjectives between."""
    i = index - 1
    while i >= 0 and doc[i].pos_ in {"DET", "ADJ", "NUM"}:
        i -= 1
    return i >= 0 and doc[i].lower_ in {"dat", "omdat", "doordat", "zodat", "wanneer", "als", "indien"}


# Endings of nouns of an act ("opsporing", "identificatie", "inspectie"), whose "door" phrase is its agent.
_ACTION_ENDINGS = ("ing", "atie", "ctie")


def _action_complement_before(doc: Doc, first: int) -> bool:
    """A nominalised action and its "van" complement right before token `first` ("de werving van
    vrijwilligers | door ...")."""
    i = first - 1
    # (a noun the tagger took for a verb counts: "van verdachten/VERB/nmod door")
    while i > 0 and (doc[i].pos_ in {"NOUN", "ADJ", "DET", "NUM"} or (doc[i].pos_ == "VERB" and doc[i].dep_ == "nmod")):
        i -= 1
    return i > 0 and i < first - 1 and doc[i].lower_ == "van" and doc[i - 1].pos_ == "NOUN" \
        and doc[i - 1].lower_.endswith(_ACTION_ENDINGS)


def _claims_of(doc_id: str, sentence: ClaimSentence, cues: ClaimCueLexicon, context: _Context,
               record: _Record) -> list[Claim]:
    doc = sentence.doc
    if doc is None:  # only parsed sentences come here
        return []
    text = sentence.text
    purposes = [(m.start(), m.end()) for p in cues.markers("purpose") for m in p.finditer(text)]
    found = [c for c in sentence.cues if not any(s <= c.start < e for s, e in purposes)]
    found = [c for i, c in enumerate(found) if not _object_of_previous(text, found[:i], c)]
    # "door" before an agent is no cue at all: it must not cut the clause of the cue after it either
    # ("De beoordeling door de jeugdarts ondermijnt X": the cause is the beoordeling)
    found = [c for c in found if c.text.lower() != "door" or not _agent_door(doc, c, cues)]
    # round 12b: "X mag de plicht voldoen door een bedrag te storten": after the main clause, "door ... te <verb>" is
    # how the clause's subject acts (it is the infinitive's subject), a means and no cause; opening the sentence
    # ("Door de toeslag te schrappen raken gezinnen in de schulden") it stays a cause
    found = [c for c in found if c.text.lower() != "door" or not _means_clause(doc, c)]
    # "Wij vrezen dat X leidt tot Y": the cue inside the feared clause makes the claim
    found = [c for i, c in enumerate(found) if c.direction != "fear" or all(d.direction == "fear" for d in found[i + 1:])]
    # "Door X wordt Y ondergraven": the "door" cue makes the claim (Y hit); the participle is no cue of its own
    passives = [(c.end, m.end()) for c in found if c.text.lower() == "door"
                and (m := _passive_impact().match(text, c.end)) is not None]
    found = [c for c in found if c.text.lower() == "door" or not any(s < c.start < e for s, e in passives)]
    pairs: list[_Pair] = []
    for index in range(len(found)):
        pairs.append(_arguments(doc, found, index, cues, pairs))
    pairs = _own_subject_first(doc, pairs)
    own_causes = [a for p in pairs for a in p.causes if not a.anaphor]
    out: list[Claim] = []
    for pair in pairs:
        causes = _resolve(pair.causes, pair, pairs, own_causes, doc, cues, context, text)
        role = _effect_role(pair.cue, cues, text)
        if role == "effect" and pair.cue.text.lower() == "door" and any(s == pair.cue.end for s, _ in passives):
            role = "impact"  # "Door X wordt Y (zwaar) belast": Y is a thing hit, as after "X belast Y"
        effects = _resolve_effects(pair.effects, context, role, text)
        if _COERCION.match(pair.cue.text):
            effects = [(_forced_kind(node, pair.cue, text), words, how) for node, words, how in effects]
        if not causes and effects and any(a.anaphor for a in pair.causes):
            record.unresolved += [e for e, _, _ in effects if e.kind == "risico"]
        if not causes or not effects:
            continue
        flags = _flags(text, pair.cue, doc, cues)
        for cause, cause_text, cause_how in causes:
            for effect, effect_text, effect_how in effects:
                claim = _claim(doc_id, sentence, pair.shown or pair.cue, cause, effect, cause_text, effect_text, flags,
                               cues, (cause_how, effect_how))
                if claim is not None:
                    out.append(claim)
                    if not (claim.negated or claim.reported or claim.hypothetical):
                        record.claims.append((_as_kind(cause, claim.source_kind), _as_kind(effect, claim.target_kind)))
    return out


_REASON_ADVERBS = frozenset({"hierdoor", "daardoor"})


def _own_subject_first(doc: Doc, pairs: list[_Pair]) -> list[_Pair]:
    """"X bemoeilijkt daardoor Y", "X ondermijnt hierdoor Y": the adverb between the cue verb and its object
    gives the reason X acts, the claim is X → Y (the verb's own subject, named in the sentence), not the
    sentence before → Y. The verb's pair has its cause but lost its object to the adverb's cue; the two
    pairs become one."""
    out: list[_Pair] = []
    for pair in pairs:
        before = out[-1] if out else None
        if before is not None and pair.cue.direction == "anaphoric" and pair.cue.text.lower() in _REASON_ADVERBS \
                and before.cue.direction == "forward" and before.causes and not before.effects and pair.effects \
                and not any(a.anaphor for a in before.causes):
            first, _ = token_range(doc, pair.cue.start, pair.cue.end)
            _, last = token_range(doc, before.cue.start, before.cue.end)
            if all(t.pos_ == "ADV" for t in doc[last:first]):
                out[-1] = _Pair(before.cue, before.causes, pair.effects, before.shown)
                continue
        out.append(pair)
    return out


def _open_claims(doc_id: str, sentence: ClaimSentence, cues: ClaimCueLexicon, context: _Context,
                 record: _Record) -> list[Claim]:
    """The claim of a sentence without a listed cue whose subject is a cause (open_cues.py)."""
    doc = sentence.doc
    if doc is None:
        return []
    chained = [effect for _, effect in context.recent[0].claims] if context.recent else []
    found = open_claim(doc, cues, sentence.previous, chained=bool(chained))
    if found is None:
        return []
    cause = node_phrase([phrase_token(t) for t in found.subject])
    if cause is None:
        return []
    if found.cause == "chained":
        # round 11a: "Dat verlies versmalt X" after "Y maakt een derde van de kamers ongeschikt": the summary noun
        # stands for the effect the sentence before claimed (its last one)
        cause = chained[-1]
    if found.cause == "reprise" and context.recent:
        # "Dat gat" after "een begrotingsgat": the fuller phrase a claim of the sentence before named (not a
        # phrase of a sentence only tagged, whose noun phrases may be cut wrongly)
        claimed = {n.key for pair in context.recent[0].claims for n in pair}
        antecedent = context.named_before(cause)
        cause = antecedent if antecedent is not None and antecedent.key in claimed else cause
    subject_text = " ".join(t.text for t in found.subject)
    effects = _resolve_effects(found.effects, context, "effect", sentence.text)
    flags = _flags(sentence.text, found.cue, doc, cues)
    if found.negated and not flags.negated:
        flags = replace(flags, negated=True)
    out: list[Claim] = []
    for effect, effect_text, effect_how in effects:
        claim = _claim(doc_id, sentence, found.cue, cause, effect, subject_text, effect_text, flags, cues,
                       ("subject", effect_how))
        if claim is not None:
            out.append(claim)
            if not (claim.negated or claim.reported or claim.hypothetical):
                record.claims.append((_as_kind(cause, claim.source_kind), _as_kind(effect, claim.target_kind)))
    return out


_COERCION = re.compile(r"(?:dwingt|dwingen|dwong|dwongen|noopt|nopen|noopte|noopten|noodzaakt|noodzaken|noodzaakte"
                       r"|noodzaakten)\b", re.IGNORECASE)
# the last "te V" of a forced act, with the particle of a separable verb before "te" ("op te heffen")
_FORCED_VERB = re.compile(r"(?:\b(af|op|in|uit|aan|voor|door|terug|weg|stop|over|mee|bij|toe|om|vast) )?te (\w+)\W*$",
                          re.IGNORECASE)
_SELF = re.compile(r"\bzelf\b", re.IGNORECASE)


def _forced_kind(node: NodePhrase, cue: ClaimCue, text: str) -> NodePhrase:
    """The kind of a forced act ("X dwingt gemeenten (ertoe/om) ... te V", round 10b), by the guidelines: an act
    that is itself a harm (predicates.yaml `forced_harm_verbs`: cutting, closing, cancelling, raising a price,
    paying in advance) is a risico whatever it is done to ("taalklassen op te heffen"); an act a gemeente must
    now do itself ("dwingt gemeenten ertoe zelf een brandwacht in te huren") is a task made larger, a
    gemeentetaak; any other act keeps the kind its words give."""
    if cue.effect is None:
        return node
    act = text[cue.effect[0]:cue.effect[1]]
    words = text[cue.start:cue.effect[1]]
    verb = None
    for clause in re.split(r"\s+en\s+", act):  # "in te huren en te betalen": each forced verb
        if (found := _FORCED_VERB.search(clause)) is not None:
            # the separable verb as a whole: "af te sluiten" is "afsluiten" (a contract), not "sluiten"
            verb = (found.group(1) or "").lower() + found.group(2).lower()
            if verb in load_predicates().forced_harm:
                return _as_kind(node, "risico")
    party = re.findall(r"\w+", text[cue.start:cue.effect[0]])
    if verb is not None and _SELF.search(words) and any(is_municipal(PhraseToken(w, w.lower(), "NOUN")) for w in party):
        return _as_kind(node, "gemeentetaak")
    return node


def _as_kind(node: NodePhrase, kind: str) -> NodePhrase:
    return node if node.kind == kind else replace(node, kind=kind)


Resolved = list[tuple[NodePhrase, str, str]]  # node, the words the sentence used, how found


def _resolve(arguments: list[Argument], pair: _Pair, pairs: list[_Pair], own_causes: list[Argument], doc: Doc,
             cues: ClaimCueLexicon, context: _Context, text: str) -> Resolved:
    out: Resolved = []
    for argument in arguments:
        if not argument.anaphor and (anaphor := _measure_anaphor_core(argument, text)):
            # "dat de maatregelen ook grote problemen veroorzaken": the cue left "grote" beside the anaphor
            out += [(n, n.surface, "context") for n in context.causes(anaphor)]
            continue
        if not argument.anaphor and _DEMONSTRATIVE.search(text[:argument.start]) \
                and _SUMMARY_OF_HARM.fullmatch(argument.text):
            # "X leidt tot A en B. Die gevolgen treffen Z": the harms just claimed (none after a sentence that
            # claimed none: the noun itself names no node)
            out += [(n, n.surface, "context") for n in context.effects(claimed_only=True)]
            continue
        if not argument.anaphor:
            node = node_phrase(argument.tokens)
            if node is None and len(argument.tokens) == 1 and (
                    before := re.search(r"\b(?:de|het|deze|die|dit|dat)\s+$", text[:argument.start], re.IGNORECASE)):
                # "De termijn leidt tot X" (a vague noun names no node): the phrase named before with that noun
                words = f"{before.group(0)}{argument.tokens[0].text}"
                measure = bool(_MEASURE_ANAPHOR.fullmatch(argument.tokens[0].text))
                out += [(n, n.surface, "context") for n in context.measure_named(words, measure=measure)]
                continue
            if node is not None:
                demonstrative = bool(_DEMONSTRATIVE.search(text[:argument.start])
                                     or _DEMONSTRATIVE.match(text[argument.start:argument.end]))
                antecedent = context.named_before(node) if demonstrative else None
                events = context.events_before(node) if demonstrative and antecedent is None else []
                if events:
                    out += [(n, n.surface, "context") for n in events]
                elif demonstrative and (summary := _summary_of_claim(argument, text, context)) is not None:
                    out.append((summary, argument.text, "context"))
                else:
                    out.append((antecedent, argument.text, "context") if antecedent is not None
                               else (node, argument.text, argument.how))
            continue
        words = text[argument.start:argument.end]
        if argument.how == "relative":
            earlier = [a for p in pairs[:pairs.index(pair)] for a in p.effects if not a.anaphor]
            if not earlier:
                earlier = _antecedent(doc, argument, cues)
            out += [(n, a.text, "relative") for a in earlier if (n := node_phrase(a.tokens)) is not None]
        elif argument.how == "fear":
            others = [a for a in own_causes if a is not argument]
            if others:
                # "Omdat X, vrezen wij dat Y": the cause another cue of the sentence names
                out += [(n, a.text, a.how) for a in others if (n := node_phrase(a.tokens)) is not None]
                continue
            out += [(n, n.surface, "context") for n in context.measures()]
        elif fronted := _fronted_clause(doc, argument, cues, words):
            out += [(n, a.text, "segment") for a in fronted if (n := node_phrase(a.tokens)) is not None]
        elif _CONCLUSION.match(words):
            # "X leidt tot Y. Het resultaat laat zich raden: Z": Z follows from what the sentence before
            # claimed (its effects, whatever their kind), never from a phrase it only named
            out += [(n, n.surface, "context") for n in context.effects(claimed_only=True)]
        else:
            found = context.causes(words, bool(_ADDITIVE.match(text)))
            if reprise := _REPRISE_OF.search(words):
                # "Het gevolg van dat geweld is dat Y" after "vergroot de kans op geweld en wraakacties": of what
                # was said before, only what carries the reprise's noun (all of it when nothing does)
                stem = reprise.group(1).lower()[:max(4, len(reprise.group(1)) - 2)]
                found = [n for n in found if stem in n.surface.lower() or stem in n.label.lower()] or found
            out += [(n, n.surface, "context") for n in found]
    return out


# round 12a: a sentence's subject that is a demonstrative and one noun ("Dat uitstel", "Die wisselingen"), right after
# its opening adverbs
_SUMMARY_SUBJECT = re.compile(r"^\W*(?:(?:ook|bovendien|daarnaast|verder|juist|vooral|vervolgens|uiteindelijk)\s+)?"
                              r"(?:dit|dat|deze|die|zulke|dergelijke)\s+$", re.IGNORECASE)


def _summary_of_claim(argument: Argument, text: str, context: _Context) -> NodePhrase | None:
    """Round 12a: "Dat uitstel betekent dat ..." after "Door X schuift de aansluiting ... op": a demonstrative
    subject of one noun that no phrase before carries sums up what the sentence before claimed; it stands for that
    claim's effect (the one whose words carry the noun's stem, else the last). None when the sentence before
    claimed nothing, the noun was named in the sentences just before (its own phrase then), or it names a measure,
    an actor, a time or a text."""
    if len(argument.tokens) != 1 or argument.tokens[0].pos != "NOUN" or not _SUMMARY_SUBJECT.match(text[:argument.start]):
        return None
    noun = argument.tokens[0].text.lower()
    if _MEASURE_ANAPHOR.fullmatch(noun) or noun in load_words().actors or noun in NOT_REPRISED \
            or not context.recent or context.recent[0].attributed or not context.recent[0].claims:
        return None
    stem = noun[:max(4, len(noun) - 3)]
    if any(stem in record.text.lower() for record in context.recent[:3]):
        return None  # "Die norm" after "De nieuwe norm leidt tot X": a phrase named before, no summary
    return context.recent[0].claims[-1][1]


# round 10a: "het gevolg van die/deze/dat X is dat": X takes up one of the things said before
_REPRISE_OF = re.compile(r"\bgevolg van (?:dit|dat|deze|die|zo.n|zulke|dergelijke) (?:\w+ )*?(\w+) is dat\b", re.IGNORECASE)


def _measure_anaphor_core(argument: Argument, text: str) -> str:
    """"de maatregelen", "deze plannen", "beide voornemens", "deze drie plannen" with only adverbs or
    adjectives after it, or, as the subject, before the object of a verb-final clause ("dat de
    maatregelen ook grote problemen veroorzaken": the cue took subject and object together): an anaphor,
    not a phrase (its words, e.g. "deze drie plannen"; "" for anything else)."""
    tokens = [t for t in argument.tokens if t.pos != "DET" and t.text.lower() not in _NUMBER_WORDS]
    numbers = [t.text.lower() for t in argument.tokens[:2] if t.text.lower() in _NUMBER_WORDS]
    found = re.search(r"\b(?:de|deze|die|dit|dat|beide)\s+(?:(?:twee|drie|vier)\s+)?$", text[:argument.start],
                      re.IGNORECASE) if argument.tokens and argument.tokens[0].pos != "DET" else None
    determiner = argument.tokens[0].text if argument.tokens and argument.tokens[0].pos == "DET" else (
        " ".join(found.group(0).split()) if found else "")
    numbers += [w for w in determiner.lower().split() if w in _NUMBER_WORDS and w not in numbers]
    if not tokens or (len(tokens) < 2 and not numbers) \
            or determiner.lower().split()[:1] not in (["de"], ["deze"], ["die"], ["dit"], ["dat"], ["beide"]) \
            or not _MEASURE_ANAPHOR.fullmatch(tokens[0].text):
        return ""
    # the subject, then (no preposition between) the object's own words: two phrases, not one
    object_after = len(tokens) > 1 and tokens[0].dep.startswith("nsubj") \
        and tokens[1].pos in {"NOUN", "PROPN", "ADJ", "NUM"} and tokens[1].dep not in {"compound", "flat", "appos"}
    if not (all(t.pos in {"ADV", "ADJ"} for t in tokens[1:]) or object_after):
        return ""
    return " ".join([determiner, *[n for n in numbers if n not in determiner.lower().split()], tokens[0].text])


_SUBORDINATORS = frozenset({"als", "wanneer", "nu", "zodra", "doordat", "omdat", "aangezien", "indien"})


def _fronted_clause(doc: Doc, argument: Argument, cues: ClaimCueLexicon, words: str) -> list[Argument]:
    """A bare "dit"/"dat"/"het" after a fronted subordinate clause stands for that clause: "Als grote
    groepen lang in sobere locaties wonen, heeft dit gevolgen voor ..." (the subject of the main clause
    resumes the clause before it)."""
    if words.strip().lower() not in {"dit", "dat", "het"} or not len(doc) or doc[0].lower_ not in _SUBORDINATORS:
        return []
    first, _ = token_range(doc, argument.start, argument.end)
    commas = [t.i for t in doc[1:first] if t.text == ","]
    if not commas or first - commas[-1] > 3:
        return []
    return cores(list(doc[1:commas[-1]]), cues, "segment", split=False)


def _antecedent(doc: Doc, argument: Argument, cues: ClaimCueLexicon) -> list[Argument]:
    """What a relative pronoun refers to: the last noun phrase of the clause before it, skipping an
    inserted clause that opens with its verb ("X staat onder druk, concludeert de Inspectie, wat ...")."""
    first, _ = token_range(doc, argument.start, argument.end)
    end = first
    for _ in range(3):
        start = end - 1 if end and doc[end - 1].text == "," else end
        segment = segment_before(doc, start)
        if not segment:
            return []
        if segment[0].pos_ not in {"VERB", "AUX"}:
            found = cores(segment, cues, "segment")
            return found[-1:] if found else []
        end = segment[0].i
    return []


# A passive clause with a participle of hitting after a "door" cue: "Door X wordt Y ondergraven", "Door X worden
# de wijkteams, die al ..., zwaar belast" (what follows the cue, up to the participle; commas of an aside allowed).
# The participles are predicates.yaml's hit_participles (round 12a: one list with claim_cues.yaml's impact_passive).
@cache
def _passive_impact() -> re.Pattern[str]:
    participles = "|".join(re.escape(w) for w in load_predicates().cue_classes["hit_participle"])
    return re.compile(r"(?:\s+[^\s.;:]+){1,8}?\s+(?:wordt|worden|werd|werden|raakt|raken)\b(?:\s+[^\s.;:]+){1,20}?\s+"
                      rf"(?:\w+\s+)?(?:{participles})\b", re.IGNORECASE)


# (an adverb may stand between; "op hun beurt" is an adverbial, no possessive of the object)
_PEOPLES_OWN = re.compile(r"\s+(?:(?:ook|vooral|juist|zo|daarmee|direct|vaak)\s+)?(?:hun|zijn|haar)\s+(?!beurt\b)",
                          re.IGNORECASE)


def _effect_role(cue: ClaimCue, cues: ClaimCueLexicon, text: str = "") -> str:
    """"impact" for a cue whose effect is a thing hit ("zet X onder druk", "gevolgen voor X"), or for a reason
    cue in a sentence whose passive names such a hit (round 11a: "Door X wordt Y ondergraven"), else "effect"."""
    if any(p.fullmatch(cue.text) for p in cues.markers("impact")):
        # round 12a: "remt hun overstap", "belemmert zijn herstel": a thing of people is hit, which is no task (the
        # kind rules still make a listed task one: "ondermijnt hun begeleiding")
        return "effect" if text and _PEOPLES_OWN.match(text, cue.end) else "impact"
    if cue.direction == "backward" and text and cues.marked("impact_passive", text):
        return "impact"
    return "effect"


_HARM_NOUNS = r"effect|effecten|probleem|problemen|problematiek"
# "Die gevolgen", "Dat probleem" as a cause (after the demonstrative): the harms the sentence before claimed
_SUMMARY_OF_HARM = re.compile(rf"(?:{_HARM_NOUNS}|gevolg|gevolgen)", re.IGNORECASE)
# "dit effect", "dat probleem" as an effect: the harm just claimed (not a phrase of a sentence that claimed none)
_CLAIMED_EFFECT = re.compile(rf"(?:dit|dat|deze|die) (?:{_HARM_NOUNS})", re.IGNORECASE)


def _resolve_effects(arguments: list[Argument], context: _Context, role: str = "effect", text: str = "") -> Resolved:
    out: Resolved = []
    for argument in arguments:
        if argument.anaphor:
            claimed = bool(_CLAIMED_EFFECT.fullmatch(text[argument.start:argument.end].strip()))
            out += [(n, "", "context") for n in context.effects(claimed_only=claimed)]
        elif (node := node_phrase(argument.tokens, role=argument.role or role)) is not None:
            out.append((node, argument.text, argument.how))
    return out


# ----------------------------------------------------------------------------- flags and confidence

@dataclass(frozen=True)
class _Flags:
    negated: bool
    reported: bool
    hypothetical: bool


def _flags(text: str, cue: ClaimCue, doc: Doc, cues: ClaimCueLexicon) -> _Flags:
    before = text[max(0, cue.start - 25):cue.start]
    negation = cues.markers("negation")
    negated = cue.direction not in {"anaphoric", "connective", "fear"} and (
        any(p.search(cue.text) for p in negation)
        or any(p.search(" ".join(before.split()[-2:])) for p in negation))
    if not negated and cue.direction in {"forward", "effect_before"}:
        first, last = token_range(doc, cue.start, cue.end)
        verbs = [t for t in doc[first:last] if t.pos_ in {"VERB", "AUX"}]
        negated = any(child.lower_ in NEGATION_WORDS and child.dep_ in {"advmod", "det"}
                      and abs(child.i - first) <= 4 and not not_only(child) for verb in verbs for child in verb.children)
    negated = negated or cues.marked("denied", text[:cue.start]) is not None
    reporter = cues.marked("reported", text[:cue.start])
    reported = reporter is not None and cues.marked("endorsed", text) is None
    hypothetical = text.rstrip().endswith("?") or cues.marked("hypothetical", text[:cue.end]) is not None
    return _Flags(negated, reported, hypothetical)


def _confidence(cue: ClaimCue, hows: tuple[str, str], cause: NodePhrase, effect: NodePhrase) -> float:
    """0.5, plus 0.1 for each end named in the sentence itself (not resolved from context), 0.1 when
    the cause is the parse's subject or an explicit span of the cue, 0.1 for each end a seed lexicon
    knows (canonical); minus 0.1 for the ambiguous preposition cue "door" (also a passive agent); minus 0.3
    for an open cue (a verb no list holds, open_cues.py).
    Between 0.1 and 1.0."""
    score = 0.5
    score += sum(0.1 for how in hows if how not in {"context", "relative"})
    score += 0.1 if hows[0] in {"subject", "inner", "span"} or hows[1] == "span" else 0.0
    score += 0.1 * cause.canonical + 0.1 * effect.canonical
    if cue.text.lower().split()[-1] == "door":
        score -= 0.1
    if cue.direction == OPEN_DIRECTION:
        score -= 0.3  # a verb no cue list holds (open_cues.py): below any listed cue with the same ends
    return round(min(1.0, max(0.1, score)), 2)


def _claim(doc_id: str, sentence: ClaimSentence, cue: ClaimCue, cause: NodePhrase, effect: NodePhrase,
           cause_text: str, effect_text: str, flags: _Flags, cues: ClaimCueLexicon,
           hows: tuple[str, str]) -> Claim | None:
    cause_kind = "risico" if cause.kind == "gemeentetaak" else cause.kind
    effect_kind = "risico" if effect.kind == "maatregel" else effect.kind
    relation = RELATION_BY_KINDS.get((cause_kind, effect_kind))
    if relation is None or cause.key == effect.key or not cause.key or not effect.key:
        return None
    if any(p.fullmatch(cause.label.strip()) for p in cues.markers("actor")):
        return None  # "het kabinet wil ... creëren": an actor, not a cause
    # a change of state of the effect's subject decides by itself (predicates.py): "de goede samenwerking
    # gaat verloren" is a harm, "de wachtlijsten nemen af" a gain; else the positive markers decide
    predicates = load_predicates()
    if cue.direction == "backward" and predicates.bare_evaluation(effect.key):
        return None  # "dit vormt een groot obstakel, vanwege X": a judgement, no named consequence
    polarity = predicates.polarity(effect.key)
    if polarity is None and cue.effect is not None:
        polarity = predicates.polarity(f"{effect.key} {cue.text.lower()}")  # "doet de kosten dalen"
    if cue.direction == "backward" and polarity != HARM and _called_good(cause, cues):
        return None  # "door de goede samenwerking verloopt de opvang soepel": a good cause, no harm named
    if not flags.negated and cues.marked("approval", sentence.text[:cue.end]) is not None:
        return None  # "zorgt er gelukkig voor dat ...": the author calls the effect good
    if not flags.negated and (polarity == GAIN or (
            polarity is None and cues.marked("positive", effect.surface or effect.label) is not None)):
        return None  # a positive effect is not a claim of harm (a denied one stays on record, negated)
    return Claim(cause_kind, cause.label, relation, effect_kind, effect.label, doc_id, sentence.passage.id,
                 sentence.text, cue.text.lower(), sentence.passage.stance,
                 source_key=cause.key, target_key=effect.key, source_text=cause_text or cause.surface,
                 target_text=effect_text or effect.surface, confidence=_confidence(cue, hows, cause, effect),
                 negated=flags.negated, reported=flags.reported, hypothetical=flags.hypothetical,
                 source_canonical=cause.canonical, target_canonical=effect.canonical)


_LEADING_DETERMINERS = re.compile(r"^(?:de|het|een|deze|die|dit|dat)\s+", re.IGNORECASE)


def _called_good(cause: NodePhrase, cues: ClaimCueLexicon) -> bool:
    """Does the cause open with a word the author uses for a gain ("de goede samenwerking", "betere
    afspraken")? Not when the good word is further in ("gebrek aan duidelijkheid")."""
    text = _LEADING_DETERMINERS.sub("", (cause.surface or cause.label).strip())
    found = cues.marked("positive", text)
    return found is not None and found.start() == 0


def _object_or_subject(token: Token) -> bool:
    """A noun that is the clause's subject or object; one model calls an indefinite object a predicative
    complement ("hanteren tandartsen een patiëntenstop/xcomp")."""
    return token.pos_ in {"NOUN", "PROPN"} and (token.dep_ in {"obj", "nsubj"} or (
        token.dep_ == "xcomp" and token.head.pos_ == "VERB" and token.head.lemma_.lower() not in _COPULAS))


# Verbs whose xcomp is a real predicative ("blijft een probleem", "wordt een opgave"), not an object.
_COPULAS = frozenset({"zijn", "worden", "blijven", "lijken", "blijken", "heten", "noemen", "vinden", "maken"})


def _modifier(token: Token) -> bool:
    """A verb form that modifies a noun (a participle used as an adjective): no verb of a clause. One model
    attaches a clause's finite verb as "amod" to the noun before it ("Door de afschaffing van X weigeren/amod
    verhuurders ..."): a finite verb after its noun is a verb all the same."""
    return token.dep_ == "amod" and (attributive(token) or "Fin" not in token.morph.get("VerbForm", []))
