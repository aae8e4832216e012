"""Cause and effect arguments of a cue, from the parsed sentence (issue 19).

Each cue (claim_cues.yaml) takes its arguments from the sentence around it, by direction:

- before the cue: the cue verb's subject when the parse gives one inside the clause (`nsubj`),
  else the clause segment from the last boundary (punctuation, a subordinating conjunction, a
  relative pronoun, the end of an earlier cue) up to the cue; an inverted subject inside the cue
  ("leidt deze maatregel tot") comes first; a relative pronoun ("..., wat leidt tot", "die ...")
  marks the argument as anaphoric: the caller resolves it to the clause before.
- after the cue: the words up to the next clause boundary; a comma continues a list of noun phrases
  ("leefbaarheid, welzijn en integratie") but not a new clause (a verb after it).
- the model's parse is imperfect (LAS ~0.68): it is only trusted where it agrees with the linear
  segment (a subject inside the segment); otherwise the segment decides.

Each argument is then reduced to its nominal core: finite verbs, auxiliaries, adverbs and
subordinators are dropped, so a clause becomes a noun phrase ("statushouders belanden op straat" →
"statushouders op straat"; participles stay: "de LVV wordt afgeschaft" → "LVV afgeschaft"), and long
phrases are cut after their second noun. Coordinated noun phrases become separate arguments. An
argument whose words are only an anaphor (cues markers "anaphor": "dit", "deze maatregel", "op
deze manier") is returned as `anaphor=True` with no tokens: the caller resolves it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from pipeline.relations.cues import ClaimCue, ClaimCueLexicon
from pipeline.relations.kinds import load_rules
from pipeline.relations.phrases import PhraseToken, is_municipal, load_words, node_phrase

# Tokens that end a clause segment (besides punctuation): subordinators and relative pronouns.
_CLAUSE_WORDS = frozenset({"dat", "omdat", "doordat", "waardoor", "terwijl", "wat", "die", "welke", "hetgeen",
                           "maar", "zodat", "want", "als", "indien", "wanneer", "waarbij", "waarmee", "waarin",
                           "nu", "hoewel", "ofschoon", "aangezien", "vanwege", "waarop", "om"})
_RELATIVE = frozenset({"wat", "die", "welke", "hetgeen", "dat"})
# "terreinen als zorg en onderwijs", "beleid zoals zorg, welzijn": the examples are the arguments
_EXAMPLES = frozenset({"zoals", "waaronder", "bijvoorbeeld", "als"})
_STOP_PUNCT = frozenset({";", ":", "(", ")", "–", "—", "?", "!", "•", "➢", "-"})
_DROP_POS = frozenset({"AUX", "ADV", "SCONJ", "PUNCT", "PART", "INTJ", "SYM", "X"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_COORD = frozenset({"en", "of", "en/of", "alsmede", "evenals"})
# round 12a: comparatives after "of" that leave an amount open ("een jaar of langer", "tien of meer"): no coordination
_OPEN_BOUND = frozenset({"langer", "meer", "later", "vaker", "zo", "daaromtrent", "daarboven", "hoger", "ouder"})
# Nouns of adverbial phrases ("op termijn", "in potentie", "in de praktijk"): never an argument's content.
_ADVERBIAL_NOUNS = frozenset({"termijn", "potentie", "praktijk", "duur", "moment", "feite", "algemeen", "geval",
                              "bijzonder", "name", "principe", "ogen", "eerste", "plaats", "tijd", "basis",
                              "manier", "wijze", "mate", "verband", "kader", "aanzien", "gevolg", "verwachting",
                              "schatting"})
MAX_CONTENT = 7  # content words kept of one argument (a longer phrase is cut after its second noun)
MAX_CLAUSE = 10  # the same for a clause core, which also keeps its predicate
# Verbs of being somewhere: the state is the place ("nabestaanden (wonen) niet in Nederland").
_STATE_VERBS = frozenset({"wonen", "verblijven", "liggen", "bevinden"})
# Verbs that carry no content of their own in a clause core: auxiliaries, modals, the causative "laten".
_LIGHT_VERBS = frozenset({"zijn", "worden", "hebben", "kunnen", "moeten", "zullen", "mogen", "willen", "gaan",
                          "laten", "komen", "blijken", "lijken", "doen"})
# Adverbs that say how the effect is worse and so belong to a clause core ("minder vaak", "niet").
_DEGREE = frozenset({"niet", "geen", "minder", "meer", "langer", "vaker", "later", "eerder", "sneller", "nauwelijks",
                     "nooit", "zelden", "slechter", "moeilijker", "steeds"})


@dataclass(frozen=True)
class Argument:
    """One cause or effect: the tokens of its nominal core, or an anaphor the caller resolves."""

    tokens: tuple[PhraseToken, ...]
    start: int  # characters in the sentence
    end: int
    anaphor: bool = False
    how: str = "segment"  # subject | inner | segment | after | relative | span: how it was found
    # the node's role when the core itself decides it ("impact": a thing that comes to lie with the
    # gemeente, "de regie komt bij de gemeente te liggen"); "" leaves it to the cue
    role: str = ""

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)


def phrase_token(token: Token) -> PhraseToken:
    # an attributive participle or adjective the tagger took for a verb is an adjective of the phrase
    pos = "ADJ" if attributive(token) else token.pos_
    return PhraseToken(token.text, token.lemma_.lower(), pos, token.dep_)


def attributive(token: Token) -> bool:
    """A word tagged VERB or AUX that modifies the noun after it ("uitgestelde/VERB zorg", "Onbezette/AUX
    plaatsen"): an adjective, whichever tag the model gave it."""
    return token.pos_ in {"VERB", "AUX"} and token.dep_ == "amod" and token.head.pos_ in _NOUNS \
        and token.i < token.head.i and token.is_alpha


# ----------------------------------------------------------------------------- segments

def nominal(token: Token) -> bool:
    """A noun, or a word the tagger took for a verb but the parse uses as a noun phrase's head
    ("betalingsachterstanden/VERB" as the object of "leidt tot")."""
    return token.pos_ in _NOUNS or (token.pos_ == "VERB" and token.dep_.split(":")[0] in {"obj", "obl", "nsubj", "nmod"}
                                    and "Fin" not in token.morph.get("VerbForm", []) and token.lower_.endswith("en")
                                    and token.i > 0 and token.nbor(-1).lower_ != "te") or _after_het(token) \
        or noun_after_determiner(token) or _verb_after_preposition(token) or _mistagged_adposition(token)


# Determiners before a noun: a word right after one that is tagged VERB is a noun ("de randvoorwaarden"),
# unless a noun or adjective follows it (an attributive participle: "de verwachte kosten").
_NOUN_DETERMINERS = frozenset({"de", "een", "deze", "die", "dit", "zulke", "elke", "iedere", "geen", "onze"})


def noun_after_determiner(token: Token) -> bool:
    """A noun the tagger took for a verb or an adverb after a determiner: "de randvoorwaarden/VERB", "de
    leeftijdsgrens/ADV" (the sentence before a cue is only tagged, so no parse can tell)."""
    if not token.i or not token.is_alpha:
        return False
    if token.pos_ == "VERB":
        if "Fin" in token.morph.get("VerbForm", []):
            return False
        attributive_after = {"NOUN", "PROPN", "ADJ"}
    elif token.pos_ == "ADV":
        if len(token.text) < 6 or token.lower_ in _NOT_PARTICLES:
            return False
        # "de heel/ADV grote", "de meest ..."; before a noun only a long word ("de leeftijdsgrens/ADV
        # gezinnen" in an inverted clause), not "de meeste/ADV mensen"
        attributive_after = {"ADJ", "ADV", "NUM", "VERB"} | (set() if len(token.text) >= 8 else {"NOUN", "PROPN"})
    else:
        return False
    before = token.nbor(-1)
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return before.pos_ == "DET" and before.lower_ in _NOUN_DETERMINERS \
        and not (following is not None and following.pos_ in attributive_after)


# Dutch prepositions and postpositions (a closed class): a word tagged ADP that is none of them is a noun.
_PREPOSITIONS = frozenset({
    "aan", "achter", "af", "behalve", "beneden", "benevens", "betreffende", "bij", "binnen", "blijkens", "boven",
    "buiten", "dankzij", "door", "gedurende", "hangende", "ingevolge", "in", "inclusief", "jegens", "krachtens",
    "langs", "met", "middels", "na", "naar", "naast", "nabij", "namens", "om", "omstreeks", "omtrent", "onder",
    "ondanks", "op", "over", "overeenkomstig", "per", "rond", "rondom", "sedert", "sinds", "t.a.v.", "te", "tegen",
    "tegenover", "ten", "ter", "tijdens", "tot", "tussen", "uit", "uitgezonderd", "van", "vanaf", "vanuit",
    "vanwege", "via", "volgens", "voor", "voorbij", "vóór", "wegens", "zonder", "zoals", "als", "dan", "toe", "mee",
    "heen"})


def _mistagged_adposition(token: Token) -> bool:
    """A noun the tagger took for a preposition ("veroorzaakt slaaptekort/ADP bij kinderen"): no preposition
    of the closed class, and not the first part of an elliptic compound."""
    return token.pos_ == "ADP" and token.is_alpha and len(token.text) >= 5 \
        and token.lower_ not in _PREPOSITIONS and not token.lower_.startswith(("ten", "ter"))


def _verb_after_preposition(token: Token) -> bool:
    """A word tagged as a (finite) verb that a preposition governs in the parse: a noun ("het ontbreken van
    tolken/VERB"): verbs take no "case" dependents."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.pos_ == "VERB" and token.dep_.split(":")[0] in {"nmod", "obl"} and token.is_alpha \
        and "Part" not in token.morph.get("VerbForm", []) \
        and not (following is not None and following.pos_ in {"NOUN", "PROPN", "ADJ"}) \
        and any(c.dep_ == "case" and c.pos_ == "ADP" and c.i < token.i for c in token.children)


def _after_het(token: Token) -> bool:
    """A nominalised infinitive: "het (steeds opnieuw) opbouwen", "het ontbreken van tolken"."""
    if token.pos_ != "VERB" or "Inf" not in token.morph.get("VerbForm", []) or not token.lower_.endswith("en"):
        return False
    i = token.i - 1
    while i >= 0 and token.doc[i].pos_ == "ADV" and token.i - i <= 3:
        i -= 1
    return i >= 0 and token.doc[i].lower_ == "het"


def _demonstrative(token: Token) -> bool:
    """"die"/"dat" as a determiner inside a phrase ("veroorzaakt in juist die gemeenten een tekort"): not
    after a noun it could be the relative pronoun of, and before the noun (or adjective) it determines."""
    if token.lower_ not in {"die", "dat"} or not token.i or token.i + 1 >= len(token.doc):
        return False
    before, after = token.nbor(-1), token.nbor(1)
    return not nominal(before) and before.pos_ in {"ADP", "ADV", "ADJ"} and after.pos_ in {"NOUN", "ADJ"} \
        and (token.dep_ == "det" or token.head.i == after.i)


def _is_boundary(token: Token) -> bool:
    if token.i and token.text in {"De", "Het", "Een", "Dit", "Deze", "Wij", "We"} and token.nbor(-1).text not in {
            "(", "‘", "'", '"', "“"}:
        return True  # a capitalised word inside a sentence: a heading the segmenter glued to it
    if token.lower_ in {"als", "om"} and token.i and token.nbor(-1).pos_ in _NOUNS:
        return False
    if token.i == 0 and token.lower_ in {"dat", "die", "wat"}:
        return False  # a sentence-initial demonstrative ("Dat gaat ten koste van"), not a clause opener
    if _demonstrative(token):
        return False
    return token.text in _STOP_PUNCT or token.text == "," or (token.lower_ in _CLAUSE_WORDS and token.pos_ in {
        "SCONJ", "PRON", "ADP", "CCONJ"}) or token.lower_ in {"waardoor", "omdat", "doordat", "terwijl"}


def _has_verb(tokens: Sequence[Token]) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} and "Part" not in t.morph.get("VerbForm", []) for t in tokens)


def segment_before(doc: Doc, start: int, floor: int = 0) -> list[Token]:
    """The tokens of the clause segment that ends at token `start` (exclusive)."""
    i = start
    while i > floor and not _is_boundary(doc[i - 1]):
        i -= 1
    return list(doc[i:start])


def segment_after(doc: Doc, end: int, ceiling: int | None = None) -> list[Token]:
    """The tokens from token `end` to the next clause boundary; a comma or 'en' continues a list of
    noun phrases, not a new clause (one with a finite verb, or opened by a subordinator)."""
    ceiling = len(doc) if ceiling is None else ceiling
    out: list[Token] = []
    i = end
    while i < ceiling:
        token = doc[i]
        if token.text in _STOP_PUNCT or token.text in {".", "?", "!"}:
            break
        examples = token.lower_ in _EXAMPLES and out and out[-1].pos_ == "NOUN"
        resume = _after_relative(doc, i, out, ceiling)
        if resume is not None:
            i = resume  # "dat gemeenten gebouwen die zij nu gebruiken, moeten ontruimen": the clause goes on
            continue
        if token.text == "," or (token.lower_ in _CLAUSE_WORDS and token.pos_ in {"SCONJ", "PRON"} and out
                                 and not examples and not _demonstrative(token)):
            j = i + 1
            stop = j
            while stop < ceiling and not _is_boundary(doc[stop]):
                stop += 1
            part = list(doc[j:stop])
            # after a comma, a part opened by an adverb is an adverbial ("..., vooral in de zomermaanden"),
            # not the next member of a list
            opens_clause = token.text != "," or (part and (part[0].lower_ in _CLAUSE_WORDS or part[0].pos_ == "ADV"
                                                          or part[0].lower_ in _FOCUS))
            if opens_clause or not part or _has_verb(part) or not any(t.pos_ in _NOUNS for t in part):
                break
        out.append(token)
        i += 1
    return out


def _after_relative(doc: Doc, i: int, out: list[Token], ceiling: int) -> int | None:
    """Where a clause goes on after a relative clause on one of its nouns: "(dat) gemeenten gebouwen die
    zij nu gebruiken, moeten ontruimen", "blijven beperkingen die niet zichtbaar zijn buiten beeld". The
    relative clause (pronoun to its verb-final cluster, and a comma after it) is left out and the token
    after it returned, when the words after it complete the clause: its predicate (a verb) when none came
    before, or the rest of an inverted clause that opened with its finite verb. None otherwise ("leidt tot
    wachtlijsten die oplopen tot een jaar": the noun phrase ends at the relative clause)."""
    token = doc[i]
    if token.lower_ not in {"die", "dat"} or token.pos_ != "PRON" or not out \
            or not (nominal(out[-1]) or out[-1].pos_ == "ADJ"):  # "ontheemden/ADJ die ...": a noun
        return None
    j = i + 1
    # the clause's verb: tagged so, or the head of the relative clause in the parse ("verhuren/NOUN")
    while j < ceiling and doc[j].pos_ not in {"VERB", "AUX"} and doc[j].dep_ != "acl:relcl":
        if doc[j].text in _STOP_PUNCT or doc[j].text in {",", ".", "?", "!"} or _subordinator(doc[j]):
            return None  # no verb-final relative clause
        j += 1
    j += 1
    while j < ceiling and doc[j].pos_ in {"VERB", "AUX"}:
        j += 1  # the verb cluster that ends the relative clause ("hebben gevonden")
    if j < ceiling and doc[j].text == ",":
        j += 1
    rest = []
    k = j
    while k < ceiling and not _is_boundary(doc[k]):
        rest.append(doc[k])
        k += 1
    if not rest:
        return None
    # an inverted clause ("Doordat X, blijven beperkingen die ..."): its finite verb first, the tagger
    # does not always mark the plural present as finite
    opened_by_verb = out[0].pos_ in {"VERB", "AUX"} and "Part" not in out[0].morph.get("VerbForm", [])
    # a subordinate clause ("dat X die ..., moeten V"), or a clause after a colon ("Het resultaat laat zich
    # raden: panden die zich lenen voor bewoning, blijven leegstaan"): the segment follows its opener
    subordinate = out[0].i > 0 and (doc[out[0].i - 1].pos_ == "SCONJ" or doc[out[0].i - 1].text == ":")
    if (subordinate and not _has_verb(out) and _has_verb(rest)) or (opened_by_verb and not _has_verb(out[1:])):
        return j
    return None


def _subordinator(token: Token) -> bool:
    """A word that opens a clause; not "als" before a noun ("die zij als wisselwoning gebruiken"), which one
    model tags ADP and the other SCONJ with the noun as its head."""
    return token.pos_ == "SCONJ" and not (token.lower_ in {"als", "dan"} and token.head.pos_ in _NOUNS
                                          and token.head.i > token.i)


# Focus words the tagger may call adjectives ("juist"): after a comma they open an adverbial.
_FOCUS = frozenset({"juist", "vooral", "zeker", "zelfs", "ook", "voornamelijk", "bijvoorbeeld", "doorgaans",
                    "meestal", "vaak", "soms"})


# ----------------------------------------------------------------------------- nominal cores

def _adverbial(tokens: list[Token]) -> set[int]:
    """Indices of adverbial prepositional phrases ("op termijn", "in de praktijk", "op deze manier")."""
    time_heads = load_words().time_heads
    out: set[int] = set()
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        time_after = following is not None and (following.lemma_.lower() in time_heads or following.lower_ in time_heads)
        if token.lower_ in _ADVERBIAL_NOUNS and token.pos_ in {"NOUN", "ADJ", "ADV"} and not (
                token.pos_ == "ADJ" and following is not None and following.pos_ in {"NOUN", "PROPN"} and not time_after):
            # an adjective before its noun is no idiom ("naar een algemeen bestuur", unlike "in het algemeen"),
            # unless the noun is a time ("in de eerste maanden": when, not what; the time goes too)
            start = index
            while start and tokens[start - 1].pos_ in {"ADP", "DET", "ADJ", "PRON"}:
                start -= 1
            # "van" opens a complement of the noun before ("de afschaffing van de vergunningsvrije termijn")
            if start < index and tokens[start].pos_ == "ADP" and tokens[start].lower_ != "van":
                out.update(range(start, index + (2 if token.pos_ == "ADJ" and time_after else 1)))
        elif (token.lemma_.lower() in time_heads or token.lower_ in time_heads) \
                and index and tokens[index - 1].pos_ == "NUM" and not (index > 1 and tokens[index - 2].lower_ == "van"):
            # an amount of time inside a clause ("pas zes weken na afloop verschijnt", "binnen twee jaar"):
            # when, not what; with a preposition before it ("een termijn van zes weken" is what)
            start = index - 1
            if start and tokens[start - 1].pos_ == "ADP":
                start -= 1
                if start and tokens[start - 1].lower_ == "pas":
                    continue  # "begint pas na veertien maanden": the delay is what the clause says
            out.update(range(start, index + 1))
        elif token.lower_ == "volgens" and token.head.i != token.i:
            # a source inserted in the clause ("veroorzaakt volgens een eerste peiling bij twaalf
            # bibliotheken een daling"): the words of the phrase "volgens" opens are no part of the argument
            inside = {t.i for t in token.head.subtree}
            if token.i in inside and token.head.i > token.i:
                out.update(i for i, t in enumerate(tokens) if t.i in inside)
    return out


def _clause(tokens: Sequence[Token]) -> bool:
    """A span with a finite lexical verb, or a verb under a modal: a clause, not a noun phrase."""
    return any(t.pos_ == "VERB" and ("Fin" in t.morph.get("VerbForm", []) or (
        "Inf" in t.morph.get("VerbForm", []) and t.dep_ not in {"obj", "nsubj", "obl", "nmod"}
        and (t.i == 0 or t.nbor(-1).lower_ not in {"het", "van", "op", "te"})))
        and t.lemma_.lower() not in _LIGHT_VERBS for t in tokens)


def _finite(tokens: Sequence[Token]) -> bool:
    """A finite verb among the tokens before the first comma, a light one included ("komen ... terecht";
    not an insertion after a comma: "pesterijen en geweld, zo blijkt uit ...")."""
    for token in tokens:
        if token.text == ",":
            return False
        if token.pos_ == "VERB" and "Fin" in token.morph.get("VerbForm", []) \
                and not (token.i and token.nbor(-1).lower_ == "zo"):  # "zo blijkt uit ...": a source, no predicate
            return True
    return False


def _predicate(token: Token) -> bool:
    """The lexical verb of a clause core, kept as its infinitive ("gezinnen huur niet betalen")."""
    return token.pos_ == "VERB" and "Part" not in token.morph.get("VerbForm", []) \
        and token.lemma_.lower() not in _LIGHT_VERBS and token.lemma_.isalpha() and not _state_verb(token)


# Verbs that say what a law or scheme contains or regulates: "Door het amendement bevat de wet nu X" says how
# the content came about, not that the "door" phrase causes a harm.
_CONTENT_VERBS = frozenset({"bevatten", "omvatten", "regelen", "bepalen", "betreffen", "inhouden", "behelzen",
                            "gelden"})


def describes_content(doc: Doc, start: int, ceiling: int) -> bool:
    """Is the first finite verb from token `start` one that says what something contains or regulates?"""
    for token in doc[start:ceiling]:
        if token.pos_ in {"VERB", "AUX"} and "Fin" in token.morph.get("VerbForm", []):
            return token.lemma_.lower() in _CONTENT_VERBS
    return False


def _lands_with_municipality(part: list[Token]) -> set[int]:
    """The positions (in `part`) of "bij de gemeente" in a clause whose verb is being somewhere ("de regie
    over de uitvaart komt bij de gemeente te liggen", "de zorg ligt nu bij gemeenten"): what lies with the
    gemeente is its task, named without the gemeente; empty when the clause says no such thing."""
    if not any(_state_verb(t) for t in part):
        return set()
    for index, token in enumerate(part[:-1]):
        if token.lower_ != "bij":
            continue
        end = index + 1
        while end < len(part) and part[end].pos_ in {"DET", "ADJ"}:
            end += 1
        if end < len(part) and part[end].pos_ in _NOUNS and is_municipal(phrase_token(part[end])):
            return set(range(index, end + 1))
    return set()


def _state_verb(token: Token) -> bool:
    """A verb of being somewhere as a clause's verb ("niet in Nederland wonen", "bij de gemeente te
    liggen"): the place is the state; not a noun-like infinitive ("begeleid wonen")."""
    if token.lemma_.lower() not in _STATE_VERBS:
        return False
    before = token.nbor(-1) if token.i > 0 else None
    # "begeleid wonen", "zelfstandig wonen": a form of housing, not where someone is
    return not (before is not None and (before.pos_ == "ADJ" or "Part" in before.morph.get("VerbForm", []))) \
        and token.dep_ not in {"obj", "nsubj", "nmod", "obl", "amod"}


def _elliptic(token: Token) -> bool:
    """The first part of an elliptic compound ("vertaal-" in "vertaal- en legalisatieplicht", "kinder-
    en jeugdzorg"): it shares the noun after "en"/"of"."""
    return len(token.text) > 2 and token.text.endswith("-") and token.text[:-1].isalpha() \
        and token.i + 2 < len(token.doc) and token.nbor(1).lower_ in {"en", "of"} and token.nbor(2).is_alpha


def _mistagged_noun(token: Token) -> bool:
    """A noun the tagger took for an adverb or pronoun, used as an argument ("een verlengingsaanvraag",
    "de bouwprijs")."""
    if token.pos_ not in {"ADV", "PRON"} or token.dep_ not in {"obj", "nsubj", "nmod"} or not token.is_alpha:
        return False
    # long enough not to be a real adverb, or after a determiner or adjective of its own ("Zulke crises")
    after_modifier = len(token.text) >= 5 and token.i > 0 and token.nbor(-1).pos_ in {"DET", "ADJ"} \
        and token.nbor(-1).dep_ in {"det", "amod"} and token.nbor(-1).head.i == token.i
    return ((len(token.text) >= 8 and token.dep_ != "nmod") or after_modifier) and token.lower_ not in _LONG_PRONOUNS


def _keep(token: Token, previous: Token | None, clause: bool = False) -> bool:
    if clause and (_predicate(token) or (token.lower_ in _DEGREE and token.pos_ in {"ADV", "ADJ", "DET", "PRON"}
                                         and not not_only(token))):
        return True
    if _mistagged_noun(token) or _elliptic(token) or (previous is not None and previous.lower_ in {"en", "of"}
                                                     and previous.i and _elliptic(previous.nbor(-1))):
        return True
    if token.pos_ == "ADV" and token.is_alpha and _before_te_infinitive(token):
        return True  # the adverbial part of a separable verb: "kinderen thuis te houden", "weg te sturen"
    if token.lower_ == "niet" and token.i + 2 < len(token.doc) and token.doc[token.i + 1].lower_ == "te" \
            and token.doc[token.i + 2].pos_ == "VERB":
        return True  # "akten (zijn) niet te legaliseren": what cannot be done is the state
    if attributive(token) or noun_after_determiner(token):
        return True
    if token.pos_ in _DROP_POS:
        return token.pos_ == "X" and token.is_alpha
    if nominal(token):
        return True
    if token.pos_ == "VERB":
        form = token.morph.get("VerbForm", [])
        nominal_infinitive = "Inf" in form and previous is not None and previous.lower_ in {"het", "van", "op", "te"} \
            and not (previous.lower_ == "te" and token.lemma_.lower() in _STATE_VERBS)  # "bij X te liggen"
        return "Part" in form or nominal_infinitive
    if token.pos_ == "PRON":
        return False
    return not (token.pos_ == "ADJ" and token.lower_ in {"er", "sprake"})


def _before_te_infinitive(token: Token) -> bool:
    """Directly before "te" and an infinitive: the first part of a separable verb ("thuis te houden")."""
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "te" and doc[token.i + 2].pos_ == "VERB" \
        and "Inf" in doc[token.i + 2].morph.get("VerbForm", []) and token.lower_ not in _NOT_PARTICLES


# Adverbs before "te V" that are no part of the verb: degree, time and focus words.
_NOT_PARTICLES = frozenset({"niet", "nog", "ook", "al", "wel", "zo", "te", "erg", "heel", "zeer", "snel", "langer",
                            "meer", "minder", "steeds", "vaak", "vaker", "nauwelijks", "bijna", "zelfs", "alleen",
                            "daar", "hier", "er", "dan", "nu", "eerst", "pas", "opnieuw", "weer", "moeilijk"})


# Pronouns long enough to pass for a mistagged noun (see _keep).
_LONG_PRONOUNS = frozenset({"iedereen", "hetzelfde", "dezelfde", "allemaal", "degenen", "datgene", "diegene",
                            "diegenen", "hetgeen", "zichzelf", "elkander", "waarvan", "waarmee", "waardoor"})


# A quantity word that turns a thing into its lack: kept at the front ("minder ruimte voor preventie").
_LACK = frozenset({"minder", "geen", "weinig"})


def _trim(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].pos_ in {"ADP", "DET", "CCONJ"} or tokens[0].lower_ in _COORD) \
            and not (tokens[0].lower_ in _LACK and len(tokens) > 1) and not _mistagged_adposition(tokens[0]):
        tokens = tokens[1:]
    while tokens and (tokens[-1].pos_ in {"ADP", "DET", "CCONJ"} or tokens[-1].lower_ in _COORD) \
            and not _mistagged_adposition(tokens[-1]):
        tokens = tokens[:-1]
    return tokens


def _cut(tokens: list[Token], clause: bool = False) -> list[Token]:
    """A long phrase cut after its second noun (head and one complement: "tekort aan woningen"); a
    long clause core keeps its predicate after the cut ("statushouders ... indienen")."""
    content = [t for t in tokens if t.pos_ not in {"ADP", "DET", "CCONJ"}]
    if len(content) <= (MAX_CLAUSE if clause else MAX_CONTENT):
        return tokens
    if clause:
        tail = [t for t in tokens if _predicate(t) or t.lower_ in _DEGREE]
        head = _cut([t for t in tokens if t not in tail])
        return [t for t in tokens if t in head or t in tail]
    nouns = 0
    for index, token in enumerate(tokens):
        if token.pos_ in _NOUNS:
            nouns += 1
            if nouns == 2:
                return tokens[:index + 1]
    return tokens[:MAX_CONTENT]


def _split(tokens: list[Token]) -> list[list[Token]]:
    """Coordinated noun phrases as separate parts ("A, B en C"); a part without a noun of its own
    ("kortere en langere wachttijden") stays with the next."""
    parts: list[list[Token]] = [[]]
    clause = _clause(tokens)  # "zonder werk en zonder hulp op straat belanden": modifiers of one clause
    for token in tokens:
        # inside a complement ("risico's voor bewoners en medewerkers") 'en' joins the complement's nouns
        # (and so does a comma before a bare noun: "achterstanden bij huur, energie en zorgverzekering")
        following = tokens[token.i - tokens[0].i + 1] if token.i - tokens[0].i + 1 < len(tokens) else None
        in_complement = any(t.pos_ == "ADP" for t in parts[-1][1:]) and (
            token.text != "," or (following is not None and following.pos_ not in {"DET", "ADJ", "NUM", "PRON"})) \
            and not (following is not None and following.pos_ == "ADP" and not clause)  # "voor X en voor Y"
        new_clause = following is not None and following.pos_ in {"VERB", "AUX"} \
            and "Fin" in following.morph.get("VerbForm", [])  # "X blijven langer ... en stagneert Y"
        elliptic = token.i and _elliptic(token.nbor(-1))  # "vertaal- en legalisatieplicht" is one phrase
        # "korte, losse klussen": a comma between two adjectives of one noun joins no phrases
        elliptic = elliptic or (token.text == "," and bool(parts[-1]) and parts[-1][-1].pos_ == "ADJ"
                                and following is not None and following.pos_ == "ADJ")

        # "(doordat) pleegouders en kind elkaar niet verstaan": a coordinated subject of the clause's one
        # predicate is one situation, not two causes (the first part would lose the predicate)
        after = tokens[token.i - tokens[0].i + 1:]
        joined = next((t for t in after if t.pos_ not in {"DET", "ADJ"}), None)
        # (also when the clause's finite verb is a light one: "A en B komen in X vast te staan")
        subject = (clause or _finite(tokens)) and token.lower_ in _COORD and not _has_verb(parts[-1]) \
            and (_clause(after) or _finite(after)) \
            and not any(t.text == "," for t in parts[-1]) and bool(parts[-1]) and nominal(parts[-1][-1]) \
            and joined is not None and nominal(joined)  # two nouns joined, not "een uur of meer"
        if (token.text == "," or (token.lower_ in _COORD and token.pos_ in {"CCONJ", ""})) and not elliptic \
                and not subject and (not in_complement or (new_clause and token.lower_ in _COORD)):
            parts.append([])
        else:
            parts[-1].append(token)
    merged: list[list[Token]] = []
    pending: list[Token] = []
    for part in parts:
        if not any(nominal(t) for t in part):
            pending += part
            continue
        merged.append(pending + part)
        pending = []
    if pending and merged:
        merged[-1] += pending
    elif pending:
        merged = [pending]  # no noun anywhere (a mistagged one): the caller decides
    return [p for p in merged if p]


def is_anaphor(text: str, cues: ClaimCueLexicon) -> bool:
    text = re.sub(r"\s+", " ", text.strip(" ,.")).strip()
    return bool(text) and any(p.fullmatch(text) for p in cues.markers("anaphor"))


def cores(tokens: Sequence[Token], cues: ClaimCueLexicon, how: str = "segment", *,
          split: bool = True) -> list[Argument]:
    """The nominal cores of a span: one per coordinated noun phrase, or one anaphor."""
    tokens = list(tokens)
    # the rejected side of a comparison ("eerder verslechtert dan verbetert") is no part of the core
    rejected = {t.i + 1 for t in tokens[:-1] if t.lower_ == "dan" and _compared_verb(t)}
    tokens = [t for t in tokens if t.i not in rejected and t.i + 1 not in rejected]
    tokens = _without_locative(_without_relative(_without_standard(_without_extent(_without_open_amount(tokens)))))
    if not tokens:
        return []
    tokens = _access_denied(_domain_of_actor(tokens))
    for index, token in enumerate(tokens[:-1]):
        # "andere beleidsterreinen, zoals X en Y": a comma may stand before the examples
        before = index - 2 if index >= 2 and tokens[index - 1].text == "," else index - 1
        if token.lower_ in _EXAMPLES and index and tokens[before].pos_ == "NOUN" \
                and tokens[index + 1].pos_ in {"NOUN", "PROPN", "ADJ", "DET"}:
            if sum(1 for t in tokens[:index] if nominal(t)) >= 2:
                # "de planning van voorzieningen zoals X en Y": the phrase is about its own head, the
                # examples only illustrate ("kinderen als tolk": "als" is part of the phrase)
                tokens = tokens if token.lower_ == "als" else tokens[:index]
            else:
                tokens = tokens[index + 1:]  # "terreinen zoals onderwijs en inburgering": the examples
            break
    content = [t for t in tokens if t.pos_ not in {"ADV", "PUNCT", "AUX", "SCONJ", "CCONJ"}
               and t.lower_ not in {"er", "ook", "nog", "weer", "steeds", "vaak", "vaker", "zelfs"}]
    span_text = " ".join(t.text for t in content)
    if is_anaphor(span_text, cues) or (content and all(t.pos_ == "PRON" for t in content)):
        return [Argument((), tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), anaphor=True, how=how)]
    if not content and any(is_anaphor(t.text, cues) for t in tokens):
        return [Argument((), tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), anaphor=True, how=how)]
    out: list[Argument] = []
    for part in _shared_head(_shared_modifier(_without_accompanying(_split(tokens)))) if split else [tokens]:
        adverbial = _adverbial(part)
        clause = _clause(part)
        landing = _lands_with_municipality(part)
        adverbial |= landing
        particles = {c.i for t in part if clause and _predicate(t) for c in t.children if _particle(c)}
        kept = _trim([t for i, t in enumerate(part) if i not in adverbial and t.i not in particles
                      and _keep(t, part[i - 1] if i else None, clause)])
        kept = _trim(_cut(kept, clause))
        # a noun, a participle or nominal infinitive, or a mistagged noun ("schulden/ADJ" as the object)
        if not any(nominal(t) or _mistagged_noun(t) or (t.pos_ == "VERB" and t.dep_ != "ROOT") for t in kept) and not (
                kept and _adjective_argument(kept[-1])):
            continue
        # a word the parse uses as the head noun but the tagger did not call a noun is handed on as a NOUN
        heads = {t.i for t in kept if (t.pos_ in {"VERB", "ADV", "ADP"} and nominal(t)) or _mistagged_noun(t)}
        if not any(t.pos_ in _NOUNS for t in kept) and kept[-1].pos_ == "ADJ":
            heads.add(kept[-1].i)
        start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
        if clause:
            kept = _verb_last(kept, heads)
        tokens_out = tuple(replace(phrase_token(t), pos="NOUN") if t.i in heads
                           else _infinitive(t) if clause and _predicate(t) else phrase_token(t) for t in kept)
        out.append(Argument(tokens_out, start, end, how=how, role="impact" if landing else ""))
    return out


def _shared_modifier(parts: list[list[Token]]) -> list[list[Token]]:
    """Round 10a: "afgelaste beurzen, concerten en kermissen", "verstoorde nachtrust en stress": the adjectives
    before the first noun also qualify the bare nouns coordinated after it ("afgelaste concerten"); a bare
    "concerten" names no harm. Only parts of nothing but nouns take them."""
    if len(parts) < 2:
        return parts
    first = [t for t in parts[0] if t.pos_ not in {"DET", "PUNCT", "CCONJ"}]
    modifiers: list[Token] = []
    for token in first:
        if token.pos_ == "ADJ" or attributive(token):
            modifiers.append(token)
            continue
        break
    if not modifiers or len(modifiers) == len(first):
        return parts
    return [parts[0]] + [modifiers + part if part and all(t.pos_ in _NOUNS or t.pos_ in {"PUNCT", "CCONJ"}
                                                          for t in part) else part for part in parts[1:]]


def _without_accompanying(parts: list[list[Token]]) -> list[list[Token]]:
    """Round 10a: "leidt tot hogere kosten, met name voor kleine gemeenten", "met alle risico's van dien", "resulteert
    in een achterstand, met boetes die snel oplopen": a part that says whom the effect hits most, waves at its
    consequences or describes what comes along with it (a "met" phrase with a relative clause) is no effect of its
    own; a plain ", met omzetverlies voor winkels" stays one (the gold reads it as a consequence)."""
    return parts[:1] + [p for p in parts[1:] if not (len(p) > 1 and p[0].lower_ == "met" and (
        p[1].lower_ == "name" or " ".join(t.lower_ for t in p[-2:]) == "van dien"
        or _relative_after(p[-1])))]


def _relative_after(token: Token) -> bool:
    """A relative pronoun right after the token: its noun carries a relative clause ("boetes die ... oplopen")."""
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].lower_ in {"die", "dat"} and doc[token.i + 1].pos_ == "PRON"


def _shared_head(parts: list[list[Token]]) -> list[list[Token]]:
    """Round 10a: "verward gedrag in de openbare ruimte en in de wijk": a part that is only a prepositional phrase
    continues the head of the first part ("verward gedrag in de wijk"); a bare "wijk" names no harm."""
    if len(parts) < 2:
        return parts
    first = parts[0]
    at = next((i for i, t in enumerate(first) if t.pos_ == "ADP"), None)
    if not at or not any(nominal(t) for t in first[:at]):
        return parts
    out = [first]
    for part in parts[1:]:
        body = [t for t in part if t.pos_ != "CCONJ" and t.lower_ not in _COORD and not t.is_punct]
        out.append(first[:at] + body if body and body[0].pos_ == "ADP" and body[0].lower_ == first[at].lower_
                   else part)
    return out


# "op het gebied/terrein/vlak van X": the domain X of what comes before; the nouns before it that say only
# whose domain it is (an actor) or that it is one (a generic role or task) make no node of their own.
_DOMAIN_NOUNS = frozenset({"gebied", "terrein", "vlak", "beleidsterrein", "domein"})
_GENERIC_ROLES = frozenset({"taak", "taken", "rol", "rollen", "werk", "opgave", "opgaven", "verantwoordelijkheid",
                            "verantwoordelijkheden"})


def _domain_of_actor(tokens: list[Token]) -> list[Token]:
    """"gemeenten op het gebied van huisvesting, zorg en onderwijs", "de rol van colleges op het terrein van
    X": the domains (split later); a phrase with a head of its own before the domain ("de samenwerking op
    het gebied van terugkeer") is kept whole."""
    words = load_words()
    for index in range(len(tokens) - 4):
        op, article, noun, van = tokens[index:index + 4]
        if not (op.lower_ in {"op", "in"} and article.lower_ == "het" and noun.lower_ in _DOMAIN_NOUNS
                and van.lower_ == "van"):
            continue
        before = [t for t in tokens[:index] if t.pos_ in {"NOUN", "PROPN"}]
        if before and all(t.lower_ in words.actors or t.lemma_.lower() in words.actors
                          or t.lemma_.lower() in _GENERIC_ROLES or t.lower_ in _GENERIC_ROLES for t in before):
            return tokens[index + 4:]
        return tokens
    return tokens


# Words of access ("kunnen niet meer terecht bij X", "krijgen geen toegang tot X"): denied, the task X is hit.
_ACCESS_WORDS = frozenset({"terecht", "toegang"})
_ACCESS_PREPOSITIONS = frozenset({"in", "bij", "tot", "naar", "op", "voor"})


def _access_denied(tokens: list[Token]) -> list[Token]:
    """"(mensen) kunnen niet meer terecht in de crisisnoodopvang", "krijgen geen toegang meer tot de
    schuldhulp": the task people no longer reach is what is hit, when a kind list knows it as a task; any
    other span is returned as it is (its people and denial stay: "bewoners niet terecht in de kantine")."""
    for index, token in enumerate(tokens):
        if token.lower_ not in _ACCESS_WORDS or not any(t.lower_ in NEGATION_WORDS for t in tokens[:index + 1]):
            continue
        after = index + 1
        while after < len(tokens) and tokens[after].lower_ in {"meer", "langer"}:
            after += 1
        if after >= len(tokens) or tokens[after].lower_ not in _ACCESS_PREPOSITIONS:
            return tokens
        phrase: list[Token] = []
        for following in tokens[after + 1:]:
            if following.is_punct or following.pos_ in {"VERB", "AUX", "SCONJ"}:
                break
            phrase.append(following)
        rules = load_rules()
        if any(t.pos_ in _NOUNS and rules.head_kind(t.lemma_) == "gemeentetaak" for t in phrase):
            return phrase
        return tokens
    return tokens


# Relative adverbs that open a clause on the noun before them ("gebouwen waar tientallen mensen slapen",
# "de gegevens waarmee wijkteams plannen"); "waardoor" is a cue connective, not listed.
_RELATIVE_ADVERBS = frozenset({"waar", "waarmee", "waarin", "waarop", "waarbij", "waarvoor", "waaraan", "waarover",
                               "waarvan", "waaruit", "waarnaar", "waartoe", "waaronder", "waartegen"})


def _without_open_amount(tokens: list[Token]) -> list[Token]:
    """Round 12a: an amount with an open upper bound ("een jaar of langer", "een uur of meer", "vijf weken of
    meer") says how much, not what: it is left out (its "of" is no coordination of two phrases)."""
    bounds = [n for n in range(1, len(tokens) - 1) if tokens[n].lower_ == "of" and tokens[n + 1].lower_ in _OPEN_BOUND]
    if not bounds:  # cheap: most spans have none
        return tokens
    times = load_words().time_heads
    drop: set[int] = set()
    for n in bounds:
        unit = tokens[n - 1]
        if not ({unit.lower_, unit.lemma_.lower()} & (_UNITS | times)) and not _is_number(unit):
            continue
        start = n - 1
        while start > 0 and (tokens[start - 1].pos_ == "DET" or _is_number(tokens[start - 1])):
            start -= 1
        drop |= set(range(start, n + 2))
    return [t for n, t in enumerate(tokens) if n not in drop] if drop else tokens


def _clause_verb(token: Token) -> bool:
    """A verb of a relative clause: tagged so, and not a name the tagger took for one (round 12a: "het
    VN-verdrag/VERB": a word with a capital inside the sentence is no verb)."""
    return token.pos_ in {"VERB", "AUX"} and not any(c.isupper() for c in token.text)


def _list_comma(tokens: list[Token], j: int) -> bool:
    """Round 12a: a comma inside a relative clause that lists its objects ("waarin gemeenten opvang, woningen en
    voorzieningen combineren"): an "en"/"of" follows before the clause's verb or the end of the span."""
    for token in tokens[j + 1:]:
        if _clause_verb(token) or token.text in _STOP_PUNCT or token.text == ",":
            return False
        if token.lower_ in {"en", "of"}:
            return True
    return False


def _without_relative(tokens: list[Token]) -> list[Token]:
    """The span without the relative clauses on its nouns: from the relative adverb to the clause's
    verb cluster (its first verb and the non-finite ones after it: "kunnen worden besteed"), or to the
    end of the span when the tagger found no verb in it ("waarmee wijkteams hun inzet plannen/NOUN").
    A finite verb after the cluster belongs to the clause around it again ("... het zicht op gebouwen
    waar mensen slapen verliest"). The relative clause says which things, the core what happens to them."""
    words = load_words()
    # "het moment waarop zij Nederlander worden", "de mate waarin": a noun that says nothing itself
    # has its content in the relative clause
    empty = words.vague_heads | words.time_heads | words.light_heads | _ADVERBIAL_NOUNS
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.lower_ in _RELATIVE_ADVERBS and out and nominal(out[-1]) and i + 1 < len(tokens) \
                and out[-1].lemma_.lower() not in empty and out[-1].lower_ not in empty:
            j = i + 1
            while j < len(tokens) and not _clause_verb(tokens[j]) and tokens[j].text not in _STOP_PUNCT \
                    and (tokens[j].text != "," or _list_comma(tokens, j)):
                j += 1
            if j < len(tokens) and tokens[j].pos_ in {"VERB", "AUX"}:
                j += 1
                while j < len(tokens) and tokens[j].pos_ in {"VERB", "AUX"} \
                        and "Fin" not in tokens[j].morph.get("VerbForm", []):
                    j += 1
            if j > i + 1:
                i = j
                continue
        out.append(token)
        i += 1
    return out


def _without_locative(tokens: list[Token]) -> list[Token]:
    """A span that opens with a place or group before its own noun phrase ("(veroorzaakt) in juist die
    gemeenten een begrotingsgat", "bij kleine scholen een tekort aan leraren"): the phrase after it is
    the argument, the place only says where."""
    if len(tokens) < 4 or tokens[0].lower_ not in {"in", "bij", "binnen", "onder", "voor"}:
        return tokens
    for index, token in enumerate(tokens[1:-1], 1):
        if token.pos_ in {"ADP", "CCONJ", "SCONJ", "VERB", "AUX"} or token.text in {",", ":", ";"}:
            return tokens
        if token.pos_ in _NOUNS:
            following = tokens[index + 1]
            return tokens[index + 1:] if following.pos_ == "DET" and following.lower_ in {"een", "de", "het"} \
                and any(t.pos_ in _NOUNS for t in tokens[index + 2:]) else tokens
    return tokens


# Prepositions that open an extent or a date ("met gemiddeld twee weken", "per 1 juli 2026", "in 2027"); not
# "van"/"aan"/"tot", whose number is part of the thing ("een tekort van 300 plaatsen", "beperking tot 72 uur").
_EXTENT_PREPOSITIONS = frozenset({"met", "per", "vanaf", "sinds", "na", "binnen", "in", "op", "rond", "omstreeks"})
# What a number counts in an extent or a date: times (phrases.yaml time_heads), months, shares and money.
_MONTHS = frozenset({"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                     "oktober", "november", "december"})
_UNITS = _MONTHS | frozenset({"procent", "%", "euro", "procentpunt"})
_NUMBER_LINKS = frozenset({"tot", "à", "a", "-", "–", "of", "en"})


def _is_number(token: Token) -> bool:
    return token.pos_ == "NUM" or token.like_num


def _extent_end(tokens: list[Token], start: int) -> int:
    """The end (exclusive) of an extent or date phrase whose preposition is at `start` ("met gemiddeld twee
    tot drie weken", "per 1 juli 2026", "in 2027"), or `start` when none opens there: a number (after
    degree words: "gemiddeld", "ruim") counting a unit, or a year."""
    units = _UNITS | load_words().time_heads
    i = start + 1
    while i < len(tokens) and tokens[i].pos_ in {"ADV", "ADJ"} and not _is_number(tokens[i]):
        i += 1
    if i >= len(tokens) or not _is_number(tokens[i]):
        return start
    counted = False
    while i < len(tokens):
        token = tokens[i]
        if _is_number(token):
            counted = counted or (token.text.isdigit() and len(token.text) == 4)  # a year
            i += 1
        elif token.lower_ in units or token.lemma_.lower() in units:
            counted = True
            i += 1
        elif token.lower_ in _NUMBER_LINKS and i + 1 < len(tokens) and _is_number(tokens[i + 1]):
            i += 1
        else:
            break
    return i if counted else start


def _without_extent(tokens: list[Token]) -> list[Token]:
    """The span without its extents and dates: "de toewijzing van woningen met gemiddeld vier tot zes
    maanden" is about the toewijzing; how long or since when is no part of the node's name (a cut phrase
    left "... met gemiddeld vier", and "asielzoekers per 1 juli 2026" named a date)."""
    clause = _clause(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if i and tokens[i].lower_ in _EXTENT_PREPOSITIONS and tokens[i].pos_ in {"ADP", "ADV", ""}:
            end = _extent_end(tokens, i)
            # in a clause the extent may be what is claimed ("een behandeling begint pas na acht maanden"):
            # only a date goes
            if end > i and (not clause or any(t.lower_ in _MONTHS or (t.text.isdigit() and len(t.text) == 4)
                                              for t in tokens[i:end])):
                i = end
                continue
        out.append(tokens[i])
        i += 1
    return out


def _without_standard(tokens: list[Token]) -> list[Token]:
    """The span without the standard of a comparison at its end ("harder getroffen dan grote"): what
    the core is compared with is no part of it."""
    for index, token in enumerate(tokens[1:], 1):
        if token.lower_ == "dan" and token.pos_ in {"SCONJ", "ADP", "CCONJ"} \
                and tokens[index - 1].pos_ in {"ADJ", "ADV", "VERB"} and index + 3 >= len(tokens):
            return tokens[:index]
    return tokens


def _adjective_argument(token: Token) -> bool:
    """A word tagged ADJ that heads an argument (a mistagged noun: "tot minder fraude/ADJ"): the parse makes
    it an argument of the verb, or (another model) a "fixed" part of the preposition before it."""
    if token.pos_ != "ADJ" or token.lower_ in _FOCUS:  # "in juist/ADJ/obl die gemeenten": a focus word
        return False
    dep = token.dep_.split(":")[0]
    return dep in {"obl", "obj", "nsubj", "conj"} or (dep == "fixed" and token.head.pos_ == "ADP") \
        or any(c.dep_ == "det" and c.i < token.i for c in token.children) \
        or _subject_between_determiner_and_verb(token)  # "de korte vertrektermijn/ADJ"


def _subject_between_determiner_and_verb(token: Token) -> bool:
    """Round 10a: a long word tagged ADJ alone between a determiner and the verb ("De dwangbevelen/ADJ slokken
    ...", "Die aanmaningen/ADJ leiden tot ..."): a plural noun in -en the tagger took for an adjective. Also a long
    uninflected word tagged ADJ that ends a phrase after a determiner or adjective ("zet het gemeentelijk
    onderwijsachterstandenbeleid/ADJ onder druk"): a compound noun (an attributive adjective would be followed
    by its noun, a predicative one does not follow a determiner)."""
    doc = token.doc
    if not (token.is_alpha and 0 < token.i < len(doc) - 1):
        return False
    before, after = doc[token.i - 1], doc[token.i + 1]
    if len(token.text) >= 8 and before.pos_ == "DET" and after.pos_ in {"VERB", "AUX"}:
        return True
    return len(token.text) >= 12 and not token.lower_.endswith("e") and before.pos_ in {"DET", "ADJ"} \
        and after.pos_ not in {"NOUN", "PROPN", "ADJ", "NUM"} \
        and any(t.pos_ == "DET" for t in doc[max(0, token.i - 3):token.i])


def _compared_verb(than: Token) -> bool:
    """The word after "dan" is the verb of a comparison of two verbs ("eerder verslechtert dan verbetert"):
    tagged a verb, or (one model tags it ADJ) attached to the verb before "dan" in the parse."""
    after = than.nbor(1)
    if after.pos_ in {"VERB", "AUX"}:
        return True
    before = than.nbor(-1) if than.i else None
    return before is not None and before.pos_ in {"VERB", "AUX"} and after.pos_ == "ADJ" \
        and after.head.i == before.i and after.i != before.i


def _particle(child: Token) -> bool:
    """A separable verb particle ("neemt ... toe", "haken ... af", "vindt ... plaats"). One model also calls
    the noun of a prepositional phrase a particle ("raken buiten zicht", "blijven buiten beeld"): a noun
    after a preposition stays in its place, and so does a word the parse attaches as a particle to a verb
    further on ("tot/prt nu toe aan een baan helpen")."""
    if child.dep_ != "compound:prt" or child.pos_ in {"VERB", "AUX"} or (child.i < child.head.i and any(
            t.pos_ not in {"VERB", "AUX"} for t in child.doc[child.i + 1:child.head.i])):
        return False  # a verb is no particle; before its verb, only verbs stand between ("toe zullen nemen")
    return not ((child.pos_ in _NOUNS or nominal(child)) and child.i > 0 and child.nbor(-1).pos_ == "ADP")


def _verb_last(kept: list[Token], heads: set[int]) -> list[Token]:
    """A clause core in main-clause order ("blijven plekken in de opvang bezet", after a fronted
    "waardoor"/"hierdoor") with its verb moved to the end, as in a subordinate clause: the label reads
    "plekken in de opvang bezet blijven"."""
    leading = 0
    while leading < len(kept) and _predicate(kept[leading]) and kept[leading].i not in heads:
        leading += 1
    if not leading or not any(nominal(t) for t in kept[leading:]):
        return kept
    return [*kept[leading:], *kept[:leading]]


def _infinitive(token: Token) -> PhraseToken:
    """A clause's verb with its separable particle, as an infinitive ("stromen ... in" -> "instromen")."""
    particle = "".join(c.lower_ for c in token.children if _particle(c))
    if not particle:
        return phrase_token(token)  # the verb as written: the tagger takes some nouns for verbs ("leed")
    return PhraseToken(particle + token.lemma_.lower(), particle + token.lemma_.lower(), token.pos_, token.dep_)


# ----------------------------------------------------------------------------- by direction

def token_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets -> token indices [first, last+1), expanded to whole tokens."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:  # pragma: no cover - expand always gives a span for offsets inside the text
        return (0, 0)
    return (span.start, span.end)


def cue_verb(doc: Doc, first: int, last: int) -> Token | None:
    for token in doc[first:last]:
        if token.pos_ in {"VERB", "AUX"}:
            return token
    return None


def cause_before(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon, floor: int = 0) -> list[Argument]:
    """The cause of a forward cue: inverted subject inside the cue, the parse's subject, or the segment."""
    first, last = token_range(doc, cue.start, cue.end)
    if cue.inner is not None:
        a, b = token_range(doc, *cue.inner)
        inner = list(doc[a:b])
        # the inverted subject is the noun phrase right after the verb: "heeft dit in potentie ..."
        # (a participle before its noun is an adjective: "de verplichte/VERB/amod registratie")
        stop = next((i for i, t in enumerate(inner) if i and ((t.pos_ in {"ADV", "VERB", "AUX", "SCONJ"}
                                                                and not attributive(t)) or (
            t.pos_ == "ADP" and t.lower_ not in {"van", "aan"}))), len(inner))
        inner = inner[:stop]
        if inner and inner[0].pos_ in {"DET", "NOUN", "PROPN", "PRON"}:
            found = cores(inner, cues, "inner")
            if found:
                return found
    pronoun = doc[first] if first < len(doc) else None
    if pronoun is not None and pronoun.lower_ in _RELATIVE - {"dat"} and first > floor:
        # the cue opens with the relative pronoun: "..., wat X in de hand werkt"
        return [Argument((), pronoun.idx, pronoun.idx + len(pronoun.text), anaphor=True, how="relative")]
    segment = segment_before(doc, first, floor)
    if not segment and first - 1 > floor and doc[first - 1].text == ",":
        subject = _relative_subject(doc, first - 1, floor)
        if subject:
            # "een depressie die niet op tijd wordt behandeld, mondt uit in": the noun the relative clause
            # before the comma describes is the subject
            found = cores(subject, cues, "subject")
            if found and not any(a.anaphor for a in found):
                return found
    if segment and segment[0].pos_ == "AUX" and segment[0].i - 1 > floor and doc[segment[0].i - 1].text == ",":
        subject = _relative_subject(doc, segment[0].i - 1, floor)
        if subject:
            # round 10a: the same with a modal first: "Een brand die te laat wordt ontdekt, kan in een gebouw
            # met veel slaapplaatsen uitlopen op een ramp" (the place before the verb is no cause)
            found = cores(subject, cues, "subject")
            if found and not any(a.anaphor for a in found):
                return found
    if segment and segment[0].i > 0 and ((segment[-1].lower_ in _RELATIVE) or (
            len(segment) <= 3 and segment[0].lower_ in _RELATIVE and segment[0].pos_ != "DET")):
        return [Argument((), segment[0].idx, segment[-1].idx + len(segment[-1].text), anaphor=True, how="relative")]
    opener = (segment[0].i if segment else first) - 1
    if opener >= floor and opener >= 0 and doc[opener].lower_ in _RELATIVE and doc[opener].pos_ in {"PRON", "SCONJ", "DET"} \
            and all(t.pos_ in {"ADV", "AUX", "PART"} or (t.pos_ == "ADJ" and not any(nominal(x) for x in segment))
                                                          for t in segment):
        previous = doc[opener]
        return [Argument((), previous.idx, previous.idx + len(previous.text), anaphor=True, how="relative")]
    verb = cue_verb(doc, first, last)
    if verb is not None and segment:
        inside = {t.i for t in segment}
        for child in verb.children:
            if child.dep_.startswith("nsubj") and child.i in inside:
                subtree = [t for t in child.subtree if t.i in inside]
                if subtree and subtree[-1].i - subtree[0].i + 1 == len(subtree):
                    rest = [t for t in segment if t.i > subtree[-1].i]
                    if rest and (rest[0].pos_ == "ADP" or _rest_of_noun_phrase(rest)) and not _has_verb(rest):
                        # "opvang in grote groepen leidt tot": the parse left the PP out; "Elke maand
                        # uitstel/obj legt ...": one model splits the subject's noun phrase in two
                        subtree += rest
                    found = cores(subtree, cues, "subject")
                    if found and all(a.anaphor for a in found) and len(segment) > len(subtree) \
                            and any(nominal(t) for t in segment):
                        break  # a pronoun the parse took for the subject, with content beside it: the segment
                    if found:
                        return found
    return cores(segment, cues, "segment")


def _rest_of_noun_phrase(rest: list[Token]) -> bool:
    """The words between the parse's subject and the cue verb are a bare noun that completes the subject's
    noun phrase ("Elke maand | uitstel legt beslag op"): one or two nouns, nothing else."""
    return 0 < len(rest) <= 2 and all(t.pos_ in _NOUNS and t.dep_ != "nsubj" for t in rest)


def _relative_subject(doc: Doc, comma: int, floor: int) -> list[Token]:
    """The noun phrase before a relative clause that ends at the comma at `comma` ("X die ..., V")."""
    clause = segment_before(doc, comma, floor)
    opener = clause[0].i - 1 if clause else comma
    # a list inside the relative clause ("therapeuten die Tigrinya, Dari of Arabisch spreken, maakt"):
    # back over its commas to the pronoun, through parts without a verb of their own
    while clause and opener > floor and doc[opener].text == "," and comma - opener <= 12:
        part = segment_before(doc, opener, floor)
        if not part or _has_verb(part):
            break
        clause, opener = part + clause, part[0].i - 1
    if not clause or opener <= floor or doc[opener].lower_ not in {"die", "dat"} or doc[opener].pos_ != "PRON" \
            or not nominal(doc[opener - 1]):
        return []
    return segment_before(doc, opener, floor)


# where a thing is ("in de bodem", "op het terrein"): a modifier of the noun before it, not the start of the object
_PLACE_PREPOSITIONS = frozenset({"in", "op", "onder", "bij", "rond", "naast", "achter", "boven", "binnen"})


def inverted(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon, floor: int = 0, ceiling: int | None = None
             ) -> tuple[list[Argument], list[Argument]] | None:
    """A main clause opened by an adverbial phrase puts the subject after the verb: "Bij de GGD
    belemmert het ontbreken van tolken de screening". Two noun phrases right after the cue verb, and a
    segment before it that opens with a preposition or adverb and holds no subject: (cause, effect)."""
    first, last = token_range(doc, cue.start, cue.end)
    ceiling = len(doc) if ceiling is None else ceiling
    segment = segment_before(doc, first, floor)
    if cue.inner is not None or cue.effect is not None or not segment or segment[0].pos_ not in {"ADP", "ADV"} \
            or any(t.dep_.startswith("nsubj") or (t.pos_ in {"VERB", "AUX"} and not _conjoined_noun(t)) for t in segment) \
            or (segment[0].pos_ == "ADV" and any(nominal(t) for t in segment)):
        return None  # "Vooral de tekorten belemmeren ...": an adverb before the subject, not a fronted phrase
    if last >= ceiling or (doc[last].pos_ not in {"DET", "NOUN", "PROPN", "ADJ"} and not attributive(doc[last])):
        return None  # "Bovendien frustreren gemiste/VERB bezichtigingen de woningmatching": an adjective
    end = noun_phrase_end(doc, last, ceiling)
    if last < end < ceiling - 1 and doc[end].pos_ == "ADP" and doc[end].lower_ in _PLACE_PREPOSITIONS:
        # round 10b: the inverted subject may carry one place adverbial before the object ("Daarnaast bemoeilijken
        # oude leidingen in de kelders de renovatie"), also when the tagger took the cue verb for a noun
        after = noun_phrase_end(doc, end + 1, ceiling)
        if end + 1 < after < ceiling and doc[after].pos_ == "DET" and doc[after - 1].pos_ in {"NOUN", "PROPN"}:
            end = after
    subject_end = end
    while last < end < ceiling - 1 and doc[end].pos_ == "ADV" and doc[end].lower_ in _CLAUSE_ADVERBS:
        end += 1  # round 11b: "Bij ouderen veroorzaakt de hitte bovendien uitdroging": an adverb before the object
    if end <= last or end >= ceiling or (doc[end].pos_ not in {"DET", "NOUN", "PROPN", "ADJ"}
                                         and not attributive(doc[end])):
        return None
    causes = cores(list(doc[last:subject_end]), cues, "subject")
    effects = cores(segment_after(doc, end, ceiling), cues, "after")
    return (causes, effects) if causes and effects and not any(a.anaphor for a in causes) else None


# Sentence adverbs that may stand between an inverted subject and the object (not focus particles such as
# "vooral", "zelfs", "juist", "alleen": they belong to the object after them, "treft de korting vooral gemeenten").
_CLAUSE_ADVERBS = frozenset({"bovendien", "ook", "daarnaast", "vaak", "nu", "al", "echter", "tevens",
                             "eveneens", "steeds", "soms", "inmiddels", "dan", "ongetwijfeld"})


def _conjoined_noun(token: Token) -> bool:
    """A noun the tagger took for a verb in a coordinated phrase ("Bij ouderen en zieken/VERB/conj"): no verb of
    a clause of its own."""
    return token.dep_ == "conj" and token.head.pos_ in {"NOUN", "PROPN"} and token.head.i < token.i


def inverted_effect(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon, floor: int = 0
                    ) -> tuple[list[Argument], list[Argument]] | None:
    """"Ook zet de bewaring van lichamen (gedurende weken) het beheer van X onder druk": after a fronted adverb
    or adverbial with no subject, the words the cue pattern calls its effect hold the inverted subject
    and then the object: (cause, effect). None when the clause has its subject before the cue, or the
    words are not two noun phrases."""
    if cue.effect is None:
        return None
    first, _ = token_range(doc, cue.start, cue.end)
    segment = segment_before(doc, first, floor)
    if not segment or segment[0].pos_ not in {"ADP", "ADV"} \
            or any(t.dep_.startswith("nsubj") or t.pos_ in {"VERB", "AUX"} for t in segment) \
            or (segment[0].pos_ == "ADV" and any(nominal(t) for t in segment)):
        return None
    start, end = token_range(doc, *cue.effect)
    if start >= end or doc[start].pos_ not in {"DET", "ADJ", "NOUN", "PROPN"}:
        return None
    middle = noun_phrase_end(doc, start, end)
    if middle < end and doc[middle].pos_ == "ADP" and middle + 1 < end:
        after = noun_phrase_end(doc, middle + 1, end)  # one adverbial after the subject ("gedurende weken")
        if after > middle + 1 and after < end and doc[after].pos_ == "DET":
            middle = after
    if middle <= start or middle >= end or doc[middle].pos_ != "DET":
        return None  # the object opens with its article: "het beheer van ..."
    causes = cores(list(doc[start:middle]), cues, "subject")
    effects = cores(list(doc[middle:end]), cues, "inner")
    return (causes, effects) if causes and effects and not any(a.anaphor for a in causes) else None


# round 10b: the finite modal of a main clause whose cue verb is the infinitive at its end
_MODALS = frozenset({"kan", "kunnen", "kon", "konden", "zal", "zullen", "zou", "zouden", "gaat", "gaan", "dreigt",
                     "dreigen", "dreigde", "dreigden"})
_OPEN_BRACKETS = {"–": "–", "—": "—", "(": ")"}
_SUBJECT_WORDS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_ARTICLES = frozenset({"de", "het", "een", "deze", "die", "dit", "dat", "hun", "zijn", "haar", "onze", "uw"})


def _outside_brackets(tokens: Sequence[Token]) -> list[Token]:
    """The tokens without an aside between dashes or brackets ("X – zoals A, B en C – Y")."""
    out: list[Token] = []
    closing = ""
    for index, token in enumerate(tokens):
        if closing:
            closing = "" if token.text == closing else closing
            continue
        if token.text in _OPEN_BRACKETS and any(t.text == _OPEN_BRACKETS[token.text] for t in tokens[index + 1:]):
            closing = _OPEN_BRACKETS[token.text]
            continue
        out.append(token)
    return out


def modal_final(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon, floor: int = 0
                ) -> tuple[list[Argument], list[Argument]] | None:
    """A main clause whose finite verb is a modal and whose cue verb is the infinitive at its end (round 10b):
    "De nieuwe regels kunnen de bouw van woningen ernstig vertragen" (subject first: cause, then the object),
    "Zo kunnen X (– zoals A en B –) de realisatie van Y bemoeilijken" (after a fronted adverb the subject
    follows the modal: the first noun phrase is the cause, the phrase opened by the next article the effect).
    None for anything else (a subordinate clause: verb_final)."""
    first, last = token_range(doc, cue.start, cue.end)
    if last != first + 1 or not doc[first].lower_.endswith("en") or (
            last < len(doc) and not (doc[last].is_punct or doc[last].lower_ in {"en", "of", "maar"})):
        return None  # one cue verb, an infinitive, that ends its clause
    kept = _outside_brackets(list(doc[floor:first]))
    modal = next((i for i, t in enumerate(kept) if t.lower_ in _MODALS and t.pos_ in {"AUX", "VERB"}), None)
    if modal is None:
        return None
    start = max((i + 1 for i, t in enumerate(kept[:modal]) if _is_boundary(t)), default=0)
    if start and kept[start - 1].lower_ in _CLAUSE_WORDS | {"als", "wanneer", "indien", "zodat"}:
        return None  # a subordinate clause
    before, middle = kept[start:modal], kept[modal + 1:]
    while middle and ((middle[-1].pos_ in {"ADV", "ADJ"} and middle[-1].dep_ in {"advmod", "amod", "dep"})
                      or middle[-1].lower_ in {"niet", "ook", "verder", "nog"}):
        middle = middle[:-1]  # "ernstig", "verder", "niet": the manner of the verb, no part of its object
    if not before or not middle or any(t.is_punct for t in before + middle):
        return None
    if any(t.pos_ in _SUBJECT_WORDS for t in before):
        return cores(before, cues, "subject"), cores(middle, cues, "segment")
    # a fronted adverb ("Zo", "Daardoor", "Ook"): subject, then the object from the next article after a noun
    split = next((i for i in range(1, len(middle)) if middle[i].lower_ in _ARTICLES
                  and middle[i - 1].pos_ in {"NOUN", "PROPN"}), None)
    if split is None:
        return None
    return cores(middle[:split], cues, "subject"), cores(middle[split:], cues, "segment")


def verb_final(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon, floor: int = 0
               ) -> tuple[list[Argument], list[Argument]] | None:
    """A subordinate clause with the cue verb at its end ("..., wat de kans op X vergroot", "dat de
    scheiding slaapproblemen veroorzaakt"): the words before the verb hold the effect; the cause is the
    relative pronoun's antecedent, or the clause's first noun phrase after "dat/omdat/doordat"."""
    first, last = token_range(doc, cue.start, cue.end)
    if last < len(doc) and not (doc[last].is_punct or doc[last].lower_ in {"en", "of", "maar"}):
        return None  # the cue verb does not end its clause
    segment = segment_before(doc, first, floor)
    opener = (segment[0].i if segment else first) - 1
    if not segment or opener < 0 or doc[opener].lower_ not in _RELATIVE | {"omdat", "doordat", "dat"}:
        return None
    if doc[opener].lower_ in {"wat", "die", "welke", "hetgeen"}:
        cause = [Argument((), doc[opener].idx, doc[opener].idx + len(doc[opener].text), anaphor=True, how="relative")]
        return cause, cores(segment, cues, "segment")
    end = noun_phrase_end(doc, segment[0].i, first)
    if end >= first or end == segment[0].i:
        return None
    return cores(list(doc[segment[0].i:end]), cues, "subject"), cores(list(doc[end:first]), cues, "segment")


def _without_parenthetical(tokens: list[Token]) -> list[Token]:
    """A span without a relative clause between commas: "zet de aanpak van mensenhandel, die gemeenten
    samen met de politie voeren, verder onder druk" is about the aanpak. Round 12b: nor a bracketed explanation
    ("het werk van de bureaus (de plekken waar ouders advies krijgen) in de steden": the bureaus' work)."""
    if any(t.text == "(" for t in tokens):
        tokens = _outside_brackets(tokens)
    out: list[Token] = []
    skip = False
    for index, token in enumerate(tokens):
        if token.text == "," and not skip and index + 1 < len(tokens) \
                and tokens[index + 1].lower_ in _RELATIVE | {"waar", "waarmee", "waarin", "waarop", "waarbij", "waaraan"} \
                and any(t.text == "," for t in tokens[index + 1:]):
            skip = True
            continue
        if skip:
            skip = token.text != ","
            continue
        out.append(token)
    return out


def effect_after(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon, ceiling: int | None = None) -> list[Argument]:
    if cue.effect is not None:
        a, b = token_range(doc, *cue.effect)
        extraposed = _extraposed_clause(doc, a, cue, ceiling)
        if extraposed:
            return cores(extraposed, cues, "span")
        return cores(_without_parenthetical(list(doc[a:b])), cues, "span")
    _, last = token_range(doc, cue.start, cue.end)
    segment = segment_after(doc, last, ceiling)
    end = segment[-1].i + 1 if segment else last
    ceiling = len(doc) if ceiling is None else ceiling
    if end + 2 < ceiling and doc[end].text == "," and doc[end + 1].lower_ == "maar" \
            and any(_denial(t) for t in segment):
        # "dat gezinnen niet terugkeren, maar onderduiken": what happens instead is the effect
        # (not after "niet alleen A, maar ook B": both are)
        cut = next(i for i, t in enumerate(segment) if _denial(t))
        segment = segment[:cut] + segment_after(doc, end + 2, ceiling)
    content = [t for t in segment if t.pos_ not in {"DET", "ADJ", "ADV"}]
    if end + 1 < ceiling and doc[end].lower_ == "dat" and len(content) == 1 and content[0].lemma_.lower() in _CHANCE:
        # "vergroot de kans dat een brand te laat wordt opgemerkt": the clause is what becomes likelier
        return cores(segment_after(doc, end + 1, ceiling), cues, "after")
    return cores(segment, cues, "after")


def _extraposed_clause(doc: Doc, first: int, cue: ClaimCue, ceiling: int | None) -> list[Token]:
    """"maakt het (voor X) onmogelijk om Y te V": "het" stands for the "om" clause after the cue, which is
    what becomes hard; its words with the cue's last word (the adjective: "onmogelijk ... tolk in te
    zetten"), the people it is hard for left out. Empty when the effect is no expletive "het"."""
    if doc[first].lower_ != "het":
        return []
    _, last = token_range(doc, cue.start, cue.end)
    ceiling = len(doc) if ceiling is None else ceiling
    if last >= ceiling or doc[last].lower_ != "om" or doc[last - 1].pos_ not in {"ADJ", "ADV"}:
        return []
    clause: list[Token] = []
    for token in doc[last + 1:ceiling]:
        if token.is_punct:
            break
        clause.append(token)
        if token.pos_ == "VERB" and token.i and doc[token.i - 1].lower_ == "te":
            break  # "te V" ends the clause
    return [doc[last - 1], *clause] if any(t.lower_ == "te" for t in clause) else []


# Nouns of likelihood whose "dat" clause names the harm ("vergroot de kans / het risico dat Y").
_CHANCE = frozenset({"kans", "risico", "gevaar", "dreiging"})


# Words that deny what a verb says of its clause ("breekt X niet af", "leidt nauwelijks tot").
NEGATION_WORDS = frozenset({"niet", "geen", "nooit", "nauwelijks"})


def _denial(token: Token) -> bool:
    return token.lower_ in {"niet", "geen"} and not not_only(token)


def not_only(token: Token) -> bool:
    """"niet alleen", "niet enkel": an addition, not a negation (the word after `token` says so)."""
    return token.i + 1 < len(token.doc) and token.nbor(1).lower_ in {"alleen", "enkel", "slechts", "zozeer"}


def cause_after(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon, ceiling: int | None = None,
                *, opening: bool = False) -> tuple[list[Argument], int]:
    """The cause after a backward cue ("door X", "doordat X ..."), and the token where it ends. At the
    start of a sentence a prepositional cause ends at the finite verb ("Door X komen Y ...")."""
    _, last = token_range(doc, cue.start, cue.end)
    ceiling = len(doc) if ceiling is None else ceiling
    clause = cue.text.lower().split()[-1] in {"doordat", "omdat", "aangezien"}
    if not clause:
        end = noun_phrase_end(doc, last, ceiling)
        for _ in range(3):  # coordinated causes: "vanwege X en Y", "door X, Y en Z"
            if end + 1 < ceiling and doc[end].lower_ in {"en", "of", ","} \
                    and doc[end + 1].pos_ in {"DET", "ADJ", "NOUN", "PROPN", "ADV"}:
                end = noun_phrase_end(doc, end + 1, ceiling)
            else:
                break
        return cores(list(doc[last:end]), cues, "after"), end
    i = last
    while i < ceiling:
        token = doc[i]
        if token.text == "," and i > last and i + 1 < ceiling and doc[i - 1].pos_ == "ADJ" and doc[i + 1].pos_ == "ADJ":
            i += 1  # "omdat bewoners alleen korte, losse klussen krijgen": adjectives of one noun, not the clause's end
            continue
        if token.text in _STOP_PUNCT or token.text in {",", ".", "?", "!"}:
            break
        if not clause and token.pos_ in {"VERB", "AUX"} and "Part" not in token.morph.get("VerbForm", []):
            break
        if token.lower_ in _CLAUSE_WORDS and token.pos_ in {"SCONJ", "PRON"} and i > last:
            break
        i += 1
    return cores(list(doc[last:i]), cues, "after"), i


def noun_phrase_end(doc: Doc, start: int, ceiling: int) -> int:
    """The end of the noun phrase at `start`: determiners, adjectives, nouns, and one genitive-like
    complement ("het tekort aan tolken", "de verkorting van de verblijfsvergunning")."""
    i = start
    complements = 0
    while i < ceiling:
        token = doc[i]
        if _elliptic(token) and i + 2 < ceiling:
            i += 3  # "de vertaal- en legalisatieplicht": one noun phrase, whatever the tagger made of it
            continue
        if (token.pos_ == "NOUN" or nominal(token) or token.pos_ == "DET") and i > start and _common_noun(doc[i - 1]) \
                and not _attributive_noun(doc[i - 1], token):
            break  # two common nouns in a row, or a determiner after a noun: a new phrase begins
        if token.pos_ in {"DET", "ADJ", "NUM", "NOUN", "PROPN"} or nominal(token) or attributive(token) \
                or (token.pos_ == "ADV" and i == start) \
                or (i == start and token.pos_ == "PRON" and "Yes" in token.morph.get("Poss", [])):  # "hun vertrek"
            i += 1
            continue
        if token.pos_ == "VERB" and ("Part" in token.morph.get("VerbForm", []) or token.dep_ == "amod") and i > start \
                and doc[i - 1].pos_ in {"DET", "ADJ"}:
            i += 1  # a participle after a determiner: an adjective ("de verwachte kosten") or a mistagged noun
            continue
        if token.lower_ in {"van", "aan", "tussen", "rond", "rondom", "op", "voor", "in"} and complements < 1 \
                and i + 1 < ceiling and (doc[i + 1].pos_ in {"DET", "ADJ", "NUM", "NOUN", "PROPN"} or nominal(doc[i + 1])) \
                and (token.lower_ in {"van", "aan", "tussen", "rond", "rondom"} or (doc[i - 1].pos_ == "NOUN"
                     and doc[i - 1].lower_.endswith(("ing", "heid", "verbod", "tekort", "druk", "beperking")))):
            complements += 1
            i += 1
            continue
        break
    return max(i, start)


def _attributive_noun(before: Token, token: Token) -> bool:
    """A word tagged NOUN that the parse attaches as an adjective to the noun after it ("van ervaren/NOUN/amod
    casemanagers", "bevlogen/NOUN/amod vrijwilligers"), or as a sibling complement when the noun after it
    has no preposition or determiner of its own ("van ervaren/nmod verpleegkundigen/nmod"): one noun
    phrase, not two."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    if before.dep_ == "amod" and before.head.i == token.i:
        return True
    return before.dep_ == token.dep_ == "nmod" and before.head.i == token.head.i \
        and not any(child.dep_ in {"case", "det"} for child in token.children)


# Endings a noun adds to a verb's stem ("verhog-ing", "afhak-en", "leegsta-nd", "vertrek" has none).
_NOMINAL_ENDINGS = frozenset({"", "ing", "en", "nd", "st", "t", "ning"})


def nominalises(noun: str, lemma: str) -> bool:
    """Whether `noun` is a nominalisation of the verb `lemma`: "verhoging" of "verhogen", "daling" of
    "dalen", "onderregistratie" of "registreren" (a long shared stem), not "verhoging" of "gaan"."""
    if lemma in _LIGHT_VERBS or not lemma.isalpha() or not noun.replace("-", "").isalpha():
        return False
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1] if lemma.endswith("n") else lemma
    if len(stem) < 3:
        return False
    if noun.startswith(stem) and noun[len(stem):] in _NOMINAL_ENDINGS:
        return True
    shared = max((n for n in range(len(stem), 5, -1) for k in range(len(stem) - n + 1) if stem[k:k + n] in noun),
                 default=0)
    return shared >= 0.75 * len(stem)


def verb_nominalised(doc: Doc, noun: str) -> list[Token]:
    """The noun phrase a demonstrative nominalisation points to through the verb of the sentence before:
    "Daarnaast verhoogt DUO het examengeld. Deze verhoging ..." -> "het examengeld" (the first noun
    phrase after the verb that is not a name alone, else the last one before it in the clause:
    "... dat het budget daalt. Die daling ..."). Empty when no verb of the sentence gives the noun."""
    verbs = [t for t in doc if t.pos_ == "VERB" and nominalises(noun, t.lemma_.lower())]
    if not verbs:
        return []
    verb = verbs[-1]
    phrases: list[list[Token]] = []
    i = 0
    while i < len(doc):
        if doc[i].pos_ not in {"DET", "ADJ", "NUM", "NOUN", "PROPN"}:
            i += 1
            continue
        end = max(noun_phrase_end(doc, i, len(doc)), i + 1)
        # "verhoogt DUO het examengeld": a determiner after a name opens the next phrase
        end = next((k for k in range(i + 1, end) if doc[k].pos_ == "DET" and doc[k - 1].pos_ == "PROPN"), end)
        if any(t.pos_ == "NOUN" for t in doc[i:end]) and node_phrase([phrase_token(t) for t in doc[i:end]]) is not None:
            phrases.append(list(doc[i:end]))  # not an actor ("het rijk verhoogt ..."): what the act is done to
        i = end
    after = [p for p in phrases if p[0].i > verb.i]
    before = [p for p in phrases if p[-1].i < verb.i and not any(t.text in {",", ";", ":"} for t in doc[p[-1].i:verb.i])]
    return after[0] if after else before[-1] if before else []
def _common_noun(token: Token) -> bool:
    """A common noun, or a word tagged VERB/ADV that the parse or its determiner shows is one ("het ontbreken
    van tolken/VERB de screening": a new phrase begins after it, as after a noun)."""
    return token.pos_ == "NOUN" or (token.pos_ in {"VERB", "ADV"} and nominal(token))


def effect_before(doc: Doc, cue: ClaimCue, cues: ClaimCueLexicon, floor: int = 0) -> list[Argument]:
    if cue.effect is not None:
        a, b = token_range(doc, *cue.effect)
        return cores(list(doc[a:b]), cues, "span")
    first, _ = token_range(doc, cue.start, cue.end)
    segment = segment_before(doc, first, floor)
    if not segment and first - 1 > floor and doc[first - 1].text == ",":
        # "De hulp die gemeenten bieden, komt in het gedrang": the noun the relative clause describes
        return cores(_relative_subject(doc, first - 1, floor), cues, "subject")
    return cores(segment, cues, "segment")


# Causative verbs of a feared or expected clause: "dat X Y doet besluiten", "dat X Y wantrouwig maakt",
# "dat X Y ertoe brengt om ... te V" (lemma -> whether it needs "ertoe" in the clause)
_CAUSATIVES = {"doen": False, "maken": False, "brengen": True, "drijven": True, "zetten": True, "dwingen": False}


def causative_clause(doc: Doc, start: int, cues: ClaimCueLexicon, ceiling: int | None = None
                     ) -> tuple[list[Argument], list[Argument]] | None:
    """A feared or expected clause whose own verb is causative names its cause itself: "wij verwachten dat
    de afschaffing ouders doet besluiten om te stoppen" (the afschaffing causes the stopping), "wij vrezen
    dat die onvoorspelbaarheid raden terughoudend maakt". (cause, effect) from the clause's subject and the
    rest, or None for any other clause (its cause comes from the sentence or the letter, as before)."""
    ceiling = len(doc) if ceiling is None else ceiling
    segment = segment_after(doc, start, ceiling)
    if len(segment) < 3:
        return None
    words = {t.lower_ for t in segment}
    verb = next((t for t in segment[1:] if t.pos_ in {"VERB", "AUX"} and t.lemma_ in _CAUSATIVES
                 and (not _CAUSATIVES[t.lemma_] or "ertoe" in words)), None)
    if verb is None:
        return None
    if verb.lemma_ == "doen" and not (verb.i + 1 < ceiling and doc[verb.i + 1].pos_ == "VERB"):
        return None  # "doet" without an infinitive after it ("doet pijn") is no causative
    first = segment[0].i
    if segment[0].lower_ in {"die", "deze", "dit", "dat", "zulke"} and first + 1 < verb.i:
        first += 1  # a demonstrative before the subject ("die onvoorspelbaarheid")
    end = noun_phrase_end(doc, first, verb.i)
    subject = list(doc[segment[0].i:end])
    heads = [t for t in subject if t.pos_ in _NOUNS]
    if end <= first or not heads or heads[-1].lemma_.lower() in load_words().actors:
        return None  # no subject phrase, or people or an actor as the subject: not a cause
    if verb.lemma_ == "maken" and verb.i - end < 2:
        return None  # "maakt" makes someone into a state: an object and its state before the verb
    rest = [t for t in segment if t.i >= end and t.i != verb.i and t.lower_ not in {"ertoe", "om"}]
    last = segment[-1].i + 1
    if last < ceiling and doc[last].lower_ == "om":
        rest += segment_after(doc, last + 1, ceiling)  # "ertoe brengt om zonder inschrijving te beginnen"
    causes, effects = cores(subject, cues, "subject"), cores(rest, cues, "after")
    return (causes, effects) if causes and effects and not any(a.anaphor for a in causes) else None


def rest_of_clause(doc: Doc, start: int, cues: ClaimCueLexicon, ceiling: int | None = None) -> list[Argument]:
    """What a sentence-initial backward cue's cause phrase is followed by: the effect clause."""
    ceiling = len(doc) if ceiling is None else ceiling
    i = start
    while i < ceiling and doc[i].text == ",":
        i += 1
    return cores(segment_after(doc, i, ceiling), cues, "after")
