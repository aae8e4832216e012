"""Open cue verbs (issue 19, round 7a): a claim whose cue verb no list holds.

A letter says what a measure does with ordinary verbs no cue list can foresee ("Die leegstand trekt
vandalisme aan", "Het schrappen van de nachtwacht breekt de buddyprojecten af", "De nieuwe eis sluit een
groep statushouders buiten"). The rule reads the sentence's shape instead of its verb:

    [opening adverbs] SUBJECT  finite-verb  complement ...

is a claim SUBJECT → complement when the subject is a *cause*:
- a measure: its phrase's kind is maatregel by the shared kind rules (kinds.py, the measure heads of
  maatregelen.yaml): "De verplichte regeling", "De afschaffing van de audit";
- a nominalised action: "Het schrappen van X", "Het ontbreken van X";
- a demonstrative reprise of the sentence before: "Die leegstand" after "blijven leegstaan", "Dat gat"
  after "een begrotingsgat" (the noun, stripped of a derivational ending, is found in that sentence);
and the verb is not one of open_verbs.yaml's neutral verbs (regelen, bevatten, gelden, ...: what a
measure is or contains) or positive ones (helpen, verbeteren, ...). The complement is the clause after the
verb (a separable particle left out: "trekt X aan" → X). Negation, reporting, hypotheticals and positive
effects are flagged or dropped by claims.py as for any cue; the claim's confidence is lower (see
claims._confidence).

Cost: `candidate` is a pre-check on the text (no model), so only sentences that open with such a
subject are parsed for this rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, cached_property

from spacy.tokens import Doc, Token

from pipeline.datafiles import DataFile, package_file, read_yaml
from pipeline.relations.anaphors import load_anaphors
from pipeline.relations.arguments import (
    NEGATION_WORDS,
    Argument,
    cores,
    not_only,
    noun_phrase_end,
    phrase_token,
    segment_after,
)
from pipeline.relations.cues import ClaimCue, ClaimCueLexicon
from pipeline.relations.kinds import load_rules
from pipeline.relations.phrases import load_words, node_phrase

OPEN_VERBS_FILE = "open_verbs.yaml"
OPEN_DIRECTION = "open"  # ClaimCue.direction of a claim this rule makes
_MIN_STEM = 3  # a reprise's noun stem shorter than this says nothing ("Dat is")
_WINDOW = 5  # a longer stem is found in the sentence before by any run of this many of its letters
# separable particles that end a main clause ("trekt X aan", "breekt X af", "sluit X buiten")
_PARTICLES = frozenset({"aan", "af", "uit", "op", "buiten", "weg", "in", "mee", "om", "over", "toe", "door", "vast",
                        "neer", "terug", "bij", "los", "onderuit", "lam", "plat", "omhoog", "omlaag", "tegen", "achter"})
# round 12a: particles that make a neutral simple verb a verb of holding back or leaving behind ("houdt X tegen",
# "laat X achter met Y", "houdt X buiten"): the verb is judged by its particle compound alone (other particles keep
# the simple verb's judgement: "neemt X op", "geeft X aan" stay neutral)
_SPLIT_ONLY = frozenset({"tegen", "achter", "buiten", "weg"})  # round 13a: "weg" ("houdt vaste klanten weg")
# such a particle closing a clause (before a comma or stop, a relative pronoun or "met"): the pre-check lets the
# sentence through to be parsed although a neutral simple verb follows its subject
# (round 13a: "weg" also before a second verb: "houdt vaste klanten weg en jaagt ..."; the others not, which would parse
# the bench's sources' "werkt X tegen en moet ..." for one claim more than main: the cost budget)
_CLOSING_PARTICLE = re.compile(rf"\b(?:(?:{'|'.join(sorted(_SPLIT_ONLY))})\b(?=\s*(?:[,.;:!?]|$|met\b|die\b|dat\b|wat\b))"
                               r"|weg\b(?=\s+en\b))", re.IGNORECASE)
# round 11a: words that open another clause after the verb's object ("het aanbod waarop statushouders zijn
# aangewezen"): a neutral verb after one of them is that clause's verb, not the subject's ("die", "dat" are not
# among them: they also open a relative clause inside the subject, which the rule does not read)
_CLAUSE_OPENERS = frozenset({"waar", "waarop", "waarin", "waarmee", "waarvoor", "waaraan", "waardoor", "waarbij",
                             "waaruit", "omdat", "doordat", "terwijl", "wanneer", "zodat"})
# finite verb endings: a chained reprise reads "demonstrative noun verb" ("Dat verlies versmalt", "Die tekorten
# leiden", "Die schaarste dreef"), not "Dit vaak onder ..."
_FINITE_ENDINGS = ("t", "en", "de", "te", "den", "ten")
# round 11a: nouns after a demonstrative that name a time, a text or a way, not something said before ("Dit jaar",
# "Deze brief", "Die manier"): no chained reprise
NOT_REPRISED = frozenset({"jaar", "jaren", "week", "weken", "maand", "maanden", "dag", "dagen", "moment", "keer",
                           "tijd", "periode", "eeuw", "zomer", "winter", "brief", "notitie", "reactie", "punt", "kader",
                           "verband", "wijze", "manier", "geval", "gevallen", "vraag", "vragen", "reden", "redenen"})
_WORD = re.compile(r"[\w'’-]+")
# round 13a: words after an opening adverb that end like a finite verb but open a clause or a phrase ("Ook omdat ...",
# "Daarnaast met ...": no inverted subject follows)
_NO_VERBS = frozenset({"dat", "omdat", "doordat", "wat", "niet", "met", "net", "want", "dan", "als", "ten", "den"})
# a run of _WORD that holds a letter or digit (\w but "_" is what str.isalnum() takes): the pre-check's words, found
# by the regex instead of a Python test per character of every word of every sentence
_ALNUM_WORD = re.compile(r"(?=[\w'’-]*[^\W_])[\w'’-]+")


@dataclass(frozen=True)
class OpenVerbs:
    neutral: frozenset[str]
    positive: frozenset[str]
    openers: frozenset[str]
    demonstratives: frozenset[str]
    endings: tuple[str, ...]  # longest first
    irregular: frozenset[str] = frozenset()
    loads: frozenset[str] = frozenset()  # round 13a: what a cause shifts onto a party ("de kosten", "de taak")

    @cached_property  # the pre-check asks for it on every sentence
    def not_claims(self) -> frozenset[str]:
        """Finite forms of the neutral and positive verbs (derived and irregular): the pre-check's filter."""
        return frozenset({form for verb in self.neutral | self.positive for form in finite_forms(verb)}
                         | self.irregular)


def parse_open_verbs(file: DataFile) -> OpenVerbs:
    """Validate open_verbs.yaml; DataFileError names the file and line of anything wrong."""
    keys = ("neutral", "positive", "irregular", "openers", "demonstratives", "endings", "loads")
    file.check_keys(file.data, set(keys), "the top level")
    lists: dict[str, list[str]] = {}
    for key in keys:
        seen: dict[str, int] = {}
        for word, line in file.strings(file.data, key, required=key != "loads"):
            if not re.fullmatch(r"[a-zà-ÿ]+", word):
                raise file.fail(line, f"{key}: {word!r} must be one lower-case word")
            if word in seen:
                raise file.fail(line, f"{key}: {word!r} is listed twice (also line {seen[word]})")
            seen[word] = line
        lists[key] = list(seen)
    for word, line in file.strings(file.data, "positive"):
        if word in lists["neutral"]:
            raise file.fail(line, f"positive: {word!r} is also neutral; a verb has one list")
    return OpenVerbs(neutral=frozenset(lists["neutral"]), positive=frozenset(lists["positive"]),
                     openers=frozenset(lists["openers"]), demonstratives=frozenset(lists["demonstratives"]),
                     endings=tuple(sorted(lists["endings"], key=len, reverse=True)),
                     irregular=frozenset(lists["irregular"]), loads=frozenset(lists["loads"]))


@cache
def load_open_verbs() -> OpenVerbs:
    return parse_open_verbs(read_yaml(package_file("pipeline.relations", OPEN_VERBS_FILE),
                                      f"pipeline/relations/{OPEN_VERBS_FILE}"))


# ----------------------------------------------------------------------------- the pre-check (text only)

_VOWELS = "aeiou"


def finite_forms(infinitive: str) -> set[str]:
    """The present singular forms of a regular Dutch verb, from its infinitive: "bevatten" → bevat,
    "lopen" → loop, loopt; "blijven" → blijf, blijft; "beogen" → beoog, beoogt (spelling rules: a doubled
    consonant single, v/z → f/s at the end, an open syllable's vowel doubled). Irregular forms are listed."""
    if not infinitive.endswith("en") or len(infinitive) < 4:
        return {infinitive}
    stem = infinitive[:-2]
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        stem = stem[:-1]
    elif len(stem) >= 3 and stem[-1] not in _VOWELS and stem[-2] in _VOWELS and stem[-3] not in _VOWELS \
            and not stem.endswith(("el", "er", "ig")):
        stem = stem[:-1] + stem[-2] + stem[-1]  # "lop" → "loop", "beog" → "beoog"
    stem = stem[:-1] + {"v": "f", "z": "s"}.get(stem[-1], stem[-1])
    return {infinitive, stem, stem if stem.endswith("t") else stem + "t"}

def reprise(noun: str, previous: str, verbs: OpenVerbs | None = None) -> bool:
    """Does `noun` take up something the sentence before said? Its stem (a derivational ending stripped:
    "versnippering" → "versnipper") is in that sentence, or a run of _WINDOW of its letters is
    ("onderregistratie" and "registreren")."""
    verbs = verbs or load_open_verbs()
    noun, previous = noun.lower(), previous.lower()
    if not noun or not previous:
        return False
    stem = noun
    for ending in verbs.endings:
        if noun.endswith(ending) and len(noun) - len(ending) >= _MIN_STEM + 1:
            stem = noun[:-len(ending)]
            break
    if len(stem) < _MIN_STEM:
        return False
    if stem in previous or any(stem[i:i + _WINDOW] in previous for i in range(len(stem) - _WINDOW + 1)):
        return True
    # a separable verb split in the sentence before: "leegstand" after "staan ... leeg", "afhaken" after
    # "haken ... af" (the first part a word of that sentence: a particle, or four letters or more)
    words = set(_WORD.findall(previous))
    return any(stem[:i] in words and (i > _MIN_STEM or stem[:i] in _PARTICLES) and stem[i:] in previous
               for i in range(2, len(stem) - _MIN_STEM + 1))


def candidate(text: str, previous: str = "", chained: bool = False) -> bool:
    """The cheap pre-check: does the sentence open with a subject that may be a cause, or does a "dat"
    clause ("Wij zien dat de overdracht het toezicht versnippert")? A determiner, then a measure head within
    three words, "het <verb>en van", or a demonstrative and a reprise of `previous`; not when a finite form
    of a neutral or positive verb follows within nine words of its clause ("De wet bevat ..."). `chained`: the
    sentence before holds a listed cue, so any demonstrative subject may take up what it claimed (round 11a:
    "Dat verlies versmalt ..." after "... maakt een derde van de kamers ongeschikt")."""
    if not text[:1].isupper():
        return False  # a list item that continues a sentence ("het beperken van X;"): no main clause of its own
    verbs = load_open_verbs()
    lowered = text.lower()
    words = _ALNUM_WORD.findall(lowered)  # = [w for w in _WORD.findall(lowered) if any(c.isalnum() for c in w)]
    i = 0
    while i < len(words) and words[i] in verbs.openers:
        i += 1
    starts = [i] + [k + 1 for k in range(i + 1, len(words) - 1) if words[k] == "dat"]
    particle = any(p in lowered for p in _SPLIT_ONLY) and _CLOSING_PARTICLE.search(text) is not None
    if any(_cause_words(words, k, previous, verbs, chained and k == i, particle) for k in starts):
        return True
    if i < len(words) - 2 and words[i] == "met":
        # round 13a: "Met het wegvallen van X ...", "Met de nieuwe eis ..."; a demonstrative only after a claim ("Met die
        # baan verliezen ..."): a reprise alone ("Met deze wet verschuift ...") is mostly a frame, not worth a parse
        return (words[i + 1] in {"de", "het"} or chained) and _cause_words(words, i + 1, previous, verbs, chained, particle)
    # round 13a: "Ook legt het stoppen van X ...", "Daarnaast snijdt de stopzetting ...": after an opening adverb the
    # finite verb comes first and the subject after it (the verb not a neutral or positive one, unless a particle
    # closes the clause)
    return 0 < i < len(words) - 2 and (words[i] not in verbs.not_claims or particle) \
        and words[i] not in _CLAUSE_OPENERS | _NO_VERBS and words[i].endswith(_FINITE_ENDINGS) \
        and words[i + 1] in verbs.demonstratives | {"de", "het"} \
        and _cause_words(words, i + 1, previous, verbs, chained, particle, inverted=True)


def _cause_words(words: list[str], i: int, previous: str, verbs: OpenVerbs, chained: bool = False,
                 particle: bool = False, inverted: bool = False) -> bool:
    """Do the words from `i` on open with a subject that may be a cause, not followed by a neutral verb (unless
    a `particle` closes a clause of the sentence: the parsed rule decides on the particle verb)? `inverted`: the
    finite verb came before the subject (and was checked): the words after it are its objects."""
    window = [] if inverted else words[i + 1:i + 10]
    window = window[:next((n for n, w in enumerate(window) if n and w in _CLAUSE_OPENERS), len(window))]
    # round 12a: "kost hen een studiejaar", "kost werkgevers (die ...) hun personeel": a loss when a recipient follows;
    # the words after it are its objects (a neutral verb there is a relative clause's)
    blocked = set(window) & verbs.not_claims
    if blocked & _LOSS_FORMS:
        loss = next((n for n, w in enumerate(window) if w in _LOSS_FORMS and _recipient(window[n + 1:n + 2])), None)
        blocked = set(window[:loss]) & verbs.not_claims
    if i + 1 >= len(words) or (blocked and not particle):
        return False
    first, rest = words[i], words[i + 1:i + 4]
    if first == "het" and len(rest) >= 2 and rest[0].endswith("en") and rest[1] == "van":
        return True  # "Het schrappen van", "Het ontbreken van"
    if first in {"de", "het"}:
        rules = load_rules()
        return any(rules.head_kind(word) == "maatregel" for word in rest if word not in {"de", "het", "een", "van"})
    if first in verbs.demonstratives:
        actors = load_words().actors
        if chained and len(rest) >= 2 and rest[0] not in actors and rest[0] not in NOT_REPRISED and len(rest[0]) > 2 \
                and rest[1].endswith(_FINITE_ENDINGS):
            return True
        if any(reprise(word, previous, verbs) for word in rest[:2] if word not in actors and len(word) > 2):
            return True
        # round 13a: "Die automatische meldplicht ...": a demonstrative before a measure head of its own
        general = _general_measures()
        rules = load_rules()
        return any(rules.head_kind(word) == "maatregel" and word not in general for word in rest[:2])
    return False


# ----------------------------------------------------------------------------- the rule (parsed sentence)

@dataclass(frozen=True)
class OpenClaim:
    """The parts of an open claim: the cue (the verb), its subject and the complements (effects)."""

    cue: ClaimCue
    subject: list[Token]
    cause: str  # measure | action | reprise: why the subject is a cause
    effects: list[Argument]
    negated: bool = False  # a negation in the clause after the verb ("breekt X niet af")


def open_claim(doc: Doc, cues: ClaimCueLexicon, previous: str = "", chained: bool = False) -> OpenClaim | None:
    """The open claim of a parsed sentence, or None (see the module's docstring): its main clause
    ("SUBJECT verb complement"), else a "dat" clause ("dat SUBJECT complement verb"). `chained`: the sentence
    before made a claim, which an opening demonstrative subject may take up whatever its noun ("chained")."""
    verbs = load_open_verbs()
    i = 0
    while i < len(doc) and (doc[i].lower_ in verbs.openers or doc[i].is_punct):
        i += 1
    found = _with_clause(doc, i + 1, cues, previous, verbs, chained) if i < len(doc) and doc[i].lower_ == "met" \
        else _main_clause(doc, i, cues, previous, verbs, chained)
    if found is None and i:
        found = _inverted_clause(doc, i, cues, previous, verbs, chained)
    for token in doc[i + 1:]:
        if found is not None:
            break
        if token.lower_ == "dat" and token.pos_ == "SCONJ":
            found = _dat_clause(doc, token.i + 1, cues, previous, verbs)
    return found


def _subject(doc: Doc, i: int, previous: str, verbs: OpenVerbs) -> tuple[list[Token], str] | None:
    """The noun phrase at token i when it is a cause, with why (measure | action | reprise)."""
    if i >= len(doc) or doc[i].pos_ not in {"DET", "PRON"}:
        return None
    end = noun_phrase_end(doc, i, len(doc))
    subject = list(doc[i:end])
    if end >= len(doc) or len(subject) < 2:
        return None
    cause = _cause(doc, subject, previous, verbs)
    return (subject, cause) if cause is not None else None


def _dat_clause(doc: Doc, i: int, cues: ClaimCueLexicon, previous: str, verbs: OpenVerbs) -> OpenClaim | None:
    """"(Wij zien) dat de overdracht het toezicht versnippert", "dat de norm de meeste transformaties
    onrendabel maakt": the subject, the complement before the clause's finite verb (its last word)."""
    found = _subject(doc, i, previous, verbs)
    if found is None:
        return None
    subject, cause = found
    start = subject[-1].i + 1
    verb = next((t for t in doc[start:start + 12] if t.pos_ in {"VERB", "AUX"} or t.is_punct), None)
    if verb is None or verb.is_punct or verb.i == start or "Part" in verb.morph.get("VerbForm", []) \
            or "Inf" in verb.morph.get("VerbForm", []) or any(t.lower_ in {"te", "om"} for t in doc[start:verb.i]):
        return None
    if _verb_forms(verb, []) & (verbs.neutral | verbs.positive):
        return None
    complement = _past_acted_upon(list(doc[start:verb.i]))
    if not complement or complement[-1].lower_ in verbs.positive:
        return None
    return _claim_of(verb, subject, cause, complement, complement, cues, "open:")


def _claim_of(verb: Token, subject: list[Token], cause: str, complement: list[Token], scope: list[Token],
              cues: ClaimCueLexicon, source: str) -> OpenClaim | None:
    """The open claim of `verb` with the nominal cores of `complement` as its effects (None: no core names a
    thing), negated when `scope` holds a negation."""
    effects = [a for a in cores(complement, cues, "after") if not a.anaphor and _names_a_thing(a)]
    if not effects:
        return None
    cue = ClaimCue(OPEN_DIRECTION, verb.idx, verb.idx + len(verb.text), verb.text, f"{source}{verb.lemma_.lower()}")
    return OpenClaim(cue, subject, cause, effects, any(t.lower_ in NEGATION_WORDS and not not_only(t) for t in scope))


def _main_clause(doc: Doc, i: int, cues: ClaimCueLexicon, previous: str, verbs: OpenVerbs,
                 chained: bool = False) -> OpenClaim | None:
    """"SUBJECT verb complement": the subject is everything before the finite verb (a main clause in
    subject-first order: "Het terugbrengen van negentien naar vier loketten vergroot ...")."""
    if i >= len(doc) or doc[i].lower_ not in verbs.demonstratives | {"de", "het"}:
        return None
    end = next((t.i for t in doc[i + 1:i + 12] if t.is_punct or (t.pos_ in {"VERB", "AUX"} and (
        "Fin" in t.morph.get("VerbForm", []) or t.dep_ == "ROOT"))), None)
    if end is None or doc[end].is_punct or end - i < 2 \
            or any(t.pos_ in {"SCONJ", "PRON"} and t.lower_ in {"die", "dat", "wat", "welke"} for t in doc[i + 1:end]):
        return None  # no finite verb, or a relative clause inside the subject
    subject = list(doc[i:end])
    cause = _cause(doc, subject, previous, verbs, chained)
    if cause is None:
        return None
    return _after_verb(doc, subject, cause, doc[end], end + 1, cues, verbs)


def _with_clause(doc: Doc, i: int, cues: ClaimCueLexicon, previous: str, verbs: OpenVerbs,
                 chained: bool = False) -> OpenClaim | None:
    """Round 13a: "Met CAUSE verb ...": a fronted "met" phrase that names a cause (a measure, an action, a reprise)
    is what the clause's event comes with ("Met het wegvallen van de bijdrage verdwijnen de stemavonden", "Met die baan
    verliezen gezinnen ook hun kamer"). The effect is the verb's object (what is lost), else its subject (what
    disappears); not people (who lose or act), and not after a neutral or positive verb."""
    if i >= len(doc) or doc[i].lower_ not in verbs.demonstratives | {"de", "het"}:
        return None
    end = noun_phrase_end(doc, i, len(doc))
    if end >= len(doc) or end - i < 2:
        return None
    subject = list(doc[i:end])
    cause = _cause(doc, subject, previous, verbs, chained)
    verb = doc[end]
    if cause is None or verb.pos_ not in {"VERB", "AUX"} \
            or ("Fin" not in verb.morph.get("VerbForm", []) and verb.dep_ != "ROOT"):
        return None
    # (a comma may list the clause's subjects: "verliezen de bakker, de slager en de drogist een deel van hun omzet")
    stop = next((t.i for t in doc[end + 1:] if t.text in {";", ":", ".", "!", "?", "(", "–"}), len(doc))
    clause = list(doc[end + 1:stop])
    if any(t.lower_ in NOT_REPRISED for t in subject) or any(t.head.i == verb.i and t.dep_ == "nsubj" and t.lower_ in
                                                             {"wij", "we", "ik", "u"} for t in clause):
        return None  # "Met deze brief reageren wij ...", "Met dit jaar ...": a text or time; the author acts
    if _verb_forms(verb, [t.lower_ for t in clause if t.lower_ in _PARTICLES]) & (verbs.neutral | verbs.positive):
        return None
    # (the last object: after the verb the subject comes first, which the parser may also call an object)
    heads = [t for t in clause if t.head.i == verb.i and t.dep_ == "obj"][-1:] \
        or [t for t in clause if t.head.i == verb.i and t.dep_ in {"nsubj", "nsubj:pass"}]
    if not heads:
        return None
    span = [t for t in clause if heads[0].left_edge.i <= t.i <= heads[0].right_edge.i]
    relative = next((n for n, t in enumerate(span) if n and t.lower_ in {"die", "dat", "welke", "wat", "waar"}), None)
    span = span[:relative] if relative is not None else span
    if not span or _people_first(span[:next((n + 1 for n, t in enumerate(span) if t.pos_ in {"NOUN", "PROPN", "PRON"}),
                                            len(span))]):
        return None
    return _claim_of(verb, subject, cause, span, clause, cues, "open:met:")


def _inverted_clause(doc: Doc, i: int, cues: ClaimCueLexicon, previous: str, verbs: OpenVerbs,
                     chained: bool = False) -> OpenClaim | None:
    """Round 13a: "ADVERB verb SUBJECT complement": after an opening adverb the finite verb comes first ("Ook legt
    het stoppen van de bijdrage de kosten bij X neer", "Daarnaast snijdt de stopzetting het ouderenwerk af van Y",
    "Toch drijft de taaleis de gastouders weg"). The subject is the noun phrase right after the verb."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in verbs.demonstratives | {"de", "het"}:
        return None
    verb = doc[i]
    if verb.pos_ not in {"VERB", "AUX"} or "Fin" not in verb.morph.get("VerbForm", []):
        return None
    end = noun_phrase_end(doc, i + 1, len(doc))
    # an adjective after the subject's noun opens the object ("schrikt de eis jonge kandidaten af")
    end = next((t.i for t in doc[i + 2:end] if t.pos_ == "ADJ" and doc[t.i - 1].pos_ == "NOUN"), end)
    if end >= len(doc) or end - (i + 1) < 2:
        return None
    subject = list(doc[i + 1:end])
    cause = _cause(doc, subject, previous, verbs, chained)
    if cause is None:
        return None
    return _after_verb(doc, subject, cause, verb, end, cues, verbs)


def _after_verb(doc: Doc, subject: list[Token], cause: str, verb: Token, start: int, cues: ClaimCueLexicon,
                verbs: OpenVerbs) -> OpenClaim | None:
    """The open claim of a clause whose cause SUBJECT and finite verb are known: its complement from `start` on."""
    end = start - 1
    lemma = verb.lemma_.lower()
    if verb.pos_ not in {"VERB", "AUX"} or "Part" in verb.morph.get("VerbForm", []) \
            or "Inf" in verb.morph.get("VerbForm", []):
        return None
    segment = segment_after(doc, end + 1, len(doc))
    if any(t.lower_ in {"te", "ertoe"} and (t.lower_ == "ertoe" or (t.i + 1 < len(doc) and doc[t.i + 1].pos_ in {"VERB", "AUX"}))
           for t in segment):
        return None  # "dwingt X (ertoe) te V": a forced act, which the listed coercion cues read (not an object)
    if segment and segment[0].lower_ == "zich":
        # round 11a: a reflexive verb names a consequence only with what it turns into: "vertaalt zich (overdag) in
        # conflicten", "uit zich in verzuim"; "verspreidt zich over de wijk" names none
        link = next((t for t in segment[1:4] if t.pos_ == "ADP" or t.lower_ in {"in", "tot"}), None)
        if link is None or link.lower_ not in {"in", "tot"} \
                or any(t.pos_ != "ADV" for t in segment[1:link.i - segment[0].i]):
            return None
        segment = [t for t in segment if t.i > link.i]
    clause = list(doc[end + 1:next((t.i for t in doc[end + 1:] if t.is_punct and t.text not in {"-", "'"}), len(doc))])
    if verb.lower_ in _LOSS_FORMS and (lost := _loss(clause)) is not None:
        effects = [a for a in cores(lost, cues, "after") if not a.anaphor and _names_a_thing(a)]
        if not effects:
            return None
        cue = ClaimCue(OPEN_DIRECTION, verb.idx, verb.idx + len(verb.text), verb.text, "open:kosten")
        return OpenClaim(cue, subject, cause, effects,
                         any(t.lower_ in NEGATION_WORDS and not not_only(t) for t in clause))
    particle = _particle(segment, verb)
    if particle is not None and particle.lower_ in _SPLIT_ONLY:
        # round 12a: a particle verb is its own verb ("houdt X tegen" is no "houden"), judged by its compound only
        forms = {particle.lower_ + form for form in _verb_forms(verb, [])}
    else:
        forms = _verb_forms(verb, [t.lower_ for t in segment if t.lower_ in _PARTICLES])
    if forms & (verbs.neutral | verbs.positive):
        return None
    after_particle: list[Token] = []
    if particle is not None:
        # the complement ends at the particle: "zadelt X op met Y", "breekt X af die ..."
        after_particle = [t for t in segment if t.i > particle.i]
        segment = [t for t in segment if t.i < particle.i]
        if after_particle[:1] and after_particle[0].lower_ == "zonder" and len(after_particle) > 1:
            # round 13a: "levert duizenden meldingen op zonder hulpvraag": the "zonder" phrase still describes the object
            segment, after_particle = segment + after_particle, []
    destination = _destination(segment, after_particle, verbs)
    if destination is not None:
        # round 13a: a load shifted onto a party ("legt de kosten bij de jeugdzorg neer", "zuigt capaciteit weg bij de
        # invordering", "schuift gezinnen door naar de kinderopvang"): the party it lands with is hit
        complement: list[Token] | None = destination
    elif after_particle[:1] and after_particle[0].lower_ == "met" and len(after_particle) > 1:
        # round 12a: a party left or saddled with something: "laat statushouders achter met een gat in hun cv",
        # "zadelt de scholen op met de kosten": what they are left with is the effect, not the party
        complement = after_particle[1:]
    elif particle is not None and particle.lower_ == "tegen" and _people_first(segment):
        return None  # "houdt de verhuurders tegen": people held back is no harm the rule can name
    else:
        complement = _past_acted_upon(segment)
    if complement is None:
        return None
    segment = complement
    # a relative clause on the complement ("breekt de projecten af die gemeenten ... opbouwden") is no part of it
    relative = next((n for n, t in enumerate(segment) if n and t.lower_ in {"die", "dat", "welke", "wat"}
                     and any(u.pos_ in {"NOUN", "PROPN"} for u in segment[:n])), None)
    segment = segment[:relative] if relative is not None else segment
    # "op zijn/haar/hun beurt" is an adverbial, not part of the complement
    turn = {j for t in segment if t.lower_ == "beurt" and t.i >= 2 and doc[t.i - 2].lower_ == "op"
            for j in range(t.i - 2, t.i + 1)}
    segment = [t for t in segment if t.i not in turn]
    if not segment or segment[-1].lower_ in verbs.positive:
        return None  # nothing after the verb, or "maakt X mogelijk"
    effects = [a for a in cores(segment, cues, "after") if not a.anaphor and _names_a_thing(a)]
    if not effects:
        return None
    if destination is not None:
        effects = [replace(a, role="impact") for a in effects]
    text = verb.text if particle is None else f"{verb.text} ... {particle.text}"
    cue = ClaimCue(OPEN_DIRECTION, verb.idx, verb.idx + len(verb.text), text, f"open:{lemma}")
    # "breekt de projecten niet af", "trekt geen bezoekers aan": the claim is denied
    negated = any(t.lower_ in NEGATION_WORDS and not not_only(t) for t in segment)
    return OpenClaim(cue, subject, cause, effects, negated)


def _destination(segment: list[Token], after_particle: list[Token], verbs: OpenVerbs) -> list[Token] | None:
    """Round 13a: the party a load is shifted onto: after "bij" or "naar" following an object that is a load (a
    cost, a task, demand, capacity: open_verbs.yaml `loads`, also as a compound's end: "uitvoeringskosten"), or
    after "naar" following people ("schuift gezinnen door naar X"); in the clause or right after its particle
    ("zuigt capaciteit weg bij X"). None when there is none."""
    for part, rest in ((segment, None), (segment, after_particle)):
        if rest is None:
            k = next((n for n, t in enumerate(part) if n and t.lower_ in {"bij", "naar"} and t.pos_ == "ADP"), None)
            if k is None:
                continue
            objects, preposition, target = part[:k], part[k], part[k + 1:]
        elif rest[:1] and rest[0].lower_ in {"bij", "naar"} and len(rest) > 1:
            objects, preposition, target = part, rest[0], rest[1:]
        else:
            continue
        noun = next((t for t in objects if t.pos_ in {"NOUN", "PROPN", "PRON"}), None)
        party = next((t for t in target if t.pos_ in {"NOUN", "PROPN"}), None)
        if noun is None or party is None:
            continue
        if party.lower_ in load_words().actors or party.lemma_.lower() in load_words().actors:
            return None  # "legt de rekening bij gemeenten": a burden on "gemeenten" in general is a risico, no task
        word = noun.lower_
        if any(word.endswith(load) for load in verbs.loads) or noun.lemma_.lower() in verbs.loads \
                or (preposition.lower_ == "naar" and _people_first(objects)):
            return target
    return None


# round 12a: "kosten" with a recipient names a loss ("Dat uitstel kost hen een studiejaar", "De sluiting kost
# vrijwilligers hun plek"): the thing lost is the effect; without one it is a price ("De regeling kost 5 miljoen"),
# which the neutral verb list keeps out
_LOSS_FORMS = frozenset({"kost", "kosten", "kostte", "kostten"})
# object pronouns of people
_RECIPIENT_PRONOUNS = frozenset({"hen", "hun", "ons", "haar", "hem", "u", "je", "jou", "mij", "me"})
# determiners and possessives that open the thing lost
_LOSS_OPENERS = frozenset({"hun", "zijn", "haar", "een", "de", "het", "onze", "ons", "uw", "elk", "elke"})


def _recipient(words: list[str]) -> bool:
    """Does the word list open with a recipient: an object pronoun, an actor or people ("werkgevers")?"""
    if not words:
        return False
    # "kost een eigenaar", "kost veel gezinnen": a determiner first, the parsed rule checks the noun
    return _people_word(words[0]) or words[0] in {"een", "veel", "de", "sommige", "alle"}


def _people_word(word: str) -> bool:
    """An object pronoun, an actor or a noun of people ("werkgevers", "jongeren")."""
    return word in _RECIPIENT_PRONOUNS or word in load_words().actors or word.endswith(_PEOPLE_ENDINGS)


def _loss(segment: list[Token]) -> list[Token] | None:
    """After "kost": the thing lost when a recipient comes first ("hen een volledig studiejaar" → "een volledig
    studiejaar", "bewoners die ... worden overgeplaatst vrijwel altijd hun baan" → "hun baan"), else None."""
    # (a nominalised adjective of people counts: "jongeren", "ouderen", which the tagger may keep as ADJ)
    k = next((n for n, t in enumerate(segment) if t.pos_ in {"NOUN", "PROPN", "PRON"}
              or (t.pos_ == "ADJ" and _people_word(t.lower_))), None)
    if k is None or not (_people_first(segment[k:k + 1]) or _people_word(segment[k].lower_)):
        return None
    rest = segment[k + 1:]
    start = next((n for n in range(len(rest) - 1, -1, -1) if rest[n].lower_ in _LOSS_OPENERS
                  or (rest[n].like_num and (n == 0 or not rest[n - 1].like_num))), None)
    if start is None:
        start = next((n for n, t in enumerate(rest) if t.pos_ == "NOUN"), None)  # "kost statushouders banen als ..."
    tail = rest[start:] if start is not None else []
    # "banen als bezorger", "hun plek zoals die nu is": what follows names examples or a comparison
    tail = tail[:next((n for n, t in enumerate(tail) if n and t.lower_ in {"als", "zoals"}), len(tail))]
    return tail if any(t.pos_ == "NOUN" for t in tail) else None


# plural endings of nouns of people ("verhuurders", "werkgevers", "leraars", "studenten", "deelnemers")
_PEOPLE_ENDINGS = ("ers", "aars", "enten", "anten", "lingen")


def _people_first(segment: list[Token]) -> bool:
    """Is the first noun of the segment an actor or a group of people (round 12a)?"""
    noun = next((t for t in segment if t.pos_ in {"NOUN", "PROPN", "PRON"}), None)
    if noun is None:
        return False
    actors = load_words().actors
    return noun.pos_ == "PRON" or noun.lower_ in actors or noun.lemma_.lower() in actors \
        or noun.lower_.endswith(_PEOPLE_ENDINGS)


def _names_a_thing(argument: Argument) -> bool:
    """Not only a name or a date ("stopt per 1 juli 2027"): an effect has a common noun or a predicate."""
    return any(t.pos not in {"PROPN", "NUM", "DET", "ADP", "PUNCT"} for t in argument.tokens)


def _past_acted_upon(segment: list[Token]) -> list[Token] | None:
    """The complement when its object is a pronoun, an actor or people: what they are made into, the
    predicate after it ("maakt hen afhankelijk van anderen" → "afhankelijk van anderen"); None when there
    is none ("maakt de gemeente betaler van": who is acted upon is not what is caused). Other complements
    unchanged (a prepositional phrase first, "betekent voor veel van hen het einde van", is no object)."""
    actors = load_words().actors
    k = 0
    while k < len(segment) and segment[k].pos_ == "ADV":
        k += 1
    if k >= len(segment):
        return segment
    first = segment[k]
    noun = first if first.pos_ in {"PRON", "NOUN", "PROPN"} else next(
        (t for t in segment[k:] if t.pos_ in {"NOUN", "PROPN", "ADP"}), None)
    if first.pos_ == "ADP" or noun is None or noun.pos_ == "ADP":
        return segment
    if noun.pos_ != "PRON" and noun.lower_ not in actors and noun.lemma_.lower() not in actors:
        return segment
    predicate = next((n for n in range(noun.i - segment[0].i + 1, len(segment)) if segment[n].pos_ == "ADJ"), None)
    if predicate is not None and any(t.lower_ == "met" for t in segment[noun.i - segment[0].i + 1:predicate]):
        return None  # round 13a: "treft gezinnen met een laag inkomen": the adjective describes the people, no result
    if predicate is not None and predicate and segment[predicate - 1].lower_ == "minder":
        return None  # round 11a: "maakt gemeenten minder afhankelijk van X": a lesser state, no harm
    return segment[predicate:] if predicate is not None else None


def _verb_forms(verb: Token, particles: list[str]) -> set[str]:
    """The infinitives the verb may have (the lemmatiser's, and the finite form's stem + "en": "hevelt" →
    "hevelen", where the lemmatiser made "hevellen"), also with a particle of the clause before it
    ("over" + "hevelen")."""
    lemma = verb.lemma_.lower()
    stem = verb.lower_[:-1] if verb.lower_.endswith("t") and len(verb.lower_) > 3 else verb.lower_
    forms = {lemma, verb.lower_, stem + "en"}
    return forms | {particle + form for particle in particles for form in forms}


def _cause(doc: Doc, subject: list[Token], previous: str, verbs: OpenVerbs, chained: bool = False) -> str | None:
    first = subject[0].lower_
    if first == "het" and len(subject) >= 3 and subject[1].lower_.endswith("en") and subject[1].pos_ in {"VERB", "NOUN"} \
            and any(t.lower_ == "van" for t in subject[2:]):
        return "action"
    core = subject[:max(2, noun_phrase_end(doc, subject[0].i, subject[-1].i + 1) - subject[0].i)]
    nodes = [n for n in (node_phrase([phrase_token(t) for t in subject]), node_phrase([phrase_token(t) for t in core]))
             if n is not None]
    if not nodes:
        return None
    if first in {"de", "het"} and any(n.kind == "maatregel" for n in nodes):
        return "measure"

    actors = load_words().actors
    if first in verbs.demonstratives and any(t.pos_ in {"NOUN", "VERB"} and t.lower_ not in actors
                                             and reprise(t.lower_, previous, verbs) for t in subject[1:3]):
        return "reprise"  # "Die leegstand", "Dat afhaken" (a nominalised verb)
    # (the tagger makes an opening "Dat" a conjunction now and then: "Dat/SCONJ gemis duwt ...")
    if chained and first in verbs.demonstratives and subject[0].pos_ in {"DET", "PRON", "SCONJ"} \
            and 2 <= len(subject) <= 4 \
            and subject[1].pos_ == "NOUN" and subject[1].lower_ not in actors | NOT_REPRISED \
            and subject[1].lemma_.lower() not in actors:
        return "chained"  # round 11a: "Dat verlies", "Die schaarste", "Die hitte": a summary of what was just claimed
    if first in verbs.demonstratives and _named_measure(subject) and any(n.kind == "maatregel" for n in nodes):
        return "measure"  # round 13a: "Die automatische meldplicht" that nothing before names: a measure of its own
    return None


def _named_measure(subject: list[Token]) -> bool:
    """Round 13a: a demonstrative subject that names its measure ("Die automatische meldplicht", "Deze taaleis"), not
    one that only takes up a measure named before ("Deze maatregel", "Dit voorstel": anaphors.yaml)."""
    general = _general_measures()
    return not any(t.lower_ in general or t.lemma_.lower() in general for t in subject[1:])


# nouns that name no measure of their own after a demonstrative ("Dit verbod", "Deze plannen", "Dit beleid")
_GENERAL_MEASURES = frozenset({"verbod", "beleid", "aanpak", "pakket", "wetsvoorstel", "maatregelen", "plannen", "wetten",
                               "voorstellen", "besluiten", "regelingen", "wijzigingen", "voornemens", "regels", "regel"})


@cache
def _general_measures() -> frozenset[str]:
    """_GENERAL_MEASURES and the anaphors' general and short nouns, joined once (the pre-check asks per sentence)."""
    anaphors = load_anaphors()
    return _GENERAL_MEASURES | anaphors.general | anaphors.short


def _particle(segment: list[Token], verb: Token) -> Token | None:
    """The separable particle of the verb in the segment after it: the parse's compound:prt, else a
    particle word at the end of the clause or right before a relative pronoun or a comma."""
    for token in segment:
        if token.dep_ == "compound:prt" and token.head.i in {verb.i, *(t.i for t in segment)} \
                and token.lower_ in _PARTICLES:
            return token
    for index, token in enumerate(segment):
        after = segment[index + 1] if index + 1 < len(segment) else None
        if token.lower_ in _PARTICLES and token.pos_ in {"ADP", "ADV"} and index and (
                after is None or after.text == "," or after.pos_ == "ADP"  # "zadelt X op met Y"
                or (after.lower_ in {"die", "dat", "wat"} and after.pos_ == "PRON")):
            return token
    return None
