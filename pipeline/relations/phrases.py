"""Node phrases (issue 19): what a cause or effect argument is, as a graph node.

The claims stage reduces each argument to the tokens of its nominal core and asks `node_phrase` what
node they name:

- `key`: the lemmas of the core's content words, lower case, in order, without determiners, pronouns,
  function words and sentence adverbs ("verkorting verblijfsvergunning"); the resolution stage
  (`resolution.py`) merges nodes on it across letters.
- `label`: the core as the letter wrote it, trimmed of leading determiners/possessives/adverbs and
  trailing function words and punctuation ("verkorting van de verblijfsvergunning"), or the canonical
  name of the seed it matches.
- `kind`: maatregel, risico or gemeentetaak: the seed's kind, else the rules of `kinds.py` on the head.
- `canonical`: True when a seed matched. The three concept lexicons and the measure table of
  `pipeline/concepts/` are *seeds*, not gates: a phrase whose head one of them covers takes the seed's
  name and kind; any other phrase is a node of its own.
- `head`: the lemma of the noun the phrase is about (the last content word before the first
  preposition: Dutch puts adjectives before the noun and complements after it).

Without a model (lemma and pos empty) the words themselves, lower-cased, stand for lemmas and the
word lists of `phrases.yaml` decide what is a function word. No content (a pronoun, "deze situatie",
function words only, one letter) gives None.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from pipeline.concepts.lexicon import ConceptLexicon, load_lexicon
from pipeline.concepts.measures import MeasureTable, find_measures, load_measures
from pipeline.datafiles import DataFile, package_file, read_yaml
from pipeline.relations.kinds import classify_kind, load_rules

PHRASES_FILE = "phrases.yaml"
NODE_KINDS = ("maatregel", "risico", "gemeentetaak")
# Parts of speech (UPOS) that never carry the content of a node.
FUNCTION_POS = frozenset({"DET", "PRON", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "PUNCT", "SYM", "INTJ"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB", "NUM", "X", "ADV", ""})
_HEAD_POS = ("NOUN", "PROPN", "VERB", "X")  # what a head can be, in order of preference
# Between seeds covering the same words: a maatregel as the old stage did, but on the effect side of a
# claim the reading that can be an effect ("kleinschalige opvang", "TGO": the task, not the measure).
_SEED_PRIORITY = {"maatregel": 3, "risico": 2, "gemeentetaak": 1}
_EFFECT_PRIORITY = {"gemeentetaak": 3, "risico": 2, "maatregel": 1}
# "impact": the effect of an impact cue (claim_cues.yaml markers "impact": "zet X onder druk",
# "ondermijnt X", "gevolgen voor X"): a thing hit. A head no list knows is then a gemeentetaak (a task
# or domain: "schuldpreventie", "buurtwerk"), and so is a measure word no seed names ("het
# gemeentelijk sportbeleid"); a risk head stays a risico ("het draagvlak", "de bereidheid").
ROLES = ("", "cause", "effect", "impact")
_WORD = re.compile(r"\w", re.UNICODE)
# Pronominal adverbs ("hierover", "daardoor", "waarmee"): they point back, like pronouns.
_PRONOMINAL = re.compile(r"(?:hier|daar|waar|er)(?:van|door|mee|op|voor|over|in|bij|toe|uit|aan|om|na|naar|tegen"
                         r"|onder|achter|langs|tussen|binnen|buiten|zonder|omtrent|rond)")
_NO_SPACE_BEFORE = re.compile(r"[,.;:!?)\]’'%]")
_NOT_WORDS = re.compile(r"^(?:https?:|www\.)|@|\.(?:nl|com|org|eu)\b")
_NAMING_POS = frozenset({"NOUN", "PROPN", "VERB", "X", "NUM"})  # with tags, a node names at least one of these


@dataclass(frozen=True)
class PhraseToken:
    text: str
    lemma: str  # lower case; "" without a model
    pos: str  # UPOS; "" without a model
    dep: str = ""


@dataclass(frozen=True)
class NodePhrase:
    key: str  # normalised: lemmas of the core, no determiners/function words ("verkorting verblijfsvergunning")
    label: str  # readable Dutch phrase, the core as written, or the seed's canonical name
    kind: str  # maatregel | risico | gemeentetaak
    canonical: bool  # a seed lexicon entry matched
    surface: str  # the words as the letter wrote them
    head: str = ""  # lemma of the noun the phrase is about ("verkorting"); resolution never merges two heads


@dataclass(frozen=True)
class PhraseWords:
    """The word lists of phrases.yaml."""

    pronouns: frozenset[str]
    determiners: frozenset[str]
    function_words: frozenset[str]
    adverbs: frozenset[str]
    vague_heads: frozenset[str]
    light_heads: frozenset[str]
    actors: frozenset[str]
    time_heads: frozenset[str]
    municipal_actors: frozenset[str]
    nominalisations: Mapping[str, str]  # verb lemma -> noun of its act

    @property
    def never_key(self) -> frozenset[str]:
        return self.pronouns | self.determiners | self.function_words | self.adverbs


@dataclass(frozen=True)
class Seeds:
    """The concept lexicons and the measure table, used to canonicalise phrases."""

    measures: MeasureTable
    risks: ConceptLexicon
    tasks: ConceptLexicon


def parse_words(file: DataFile) -> PhraseWords:
    keys = ("pronouns", "determiners", "function_words", "adverbs", "vague_heads", "light_heads", "actors",
            "time_heads", "municipal_actors")
    file.check_keys(file.data, {*keys, "nominalisations"}, "the top level")
    lists: dict[str, frozenset[str]] = {}
    for key in keys:
        words = file.strings(file.data, key)
        for word, line in words:
            if word != word.strip().lower():
                raise file.fail(line, f"{key}: {word!r} must be lower case without outer spaces")
        lists[key] = frozenset(w for w, _ in words)
    table = file.mapping(file.data, "nominalisations")
    nominalisations: dict[str, str] = {}
    for verb, noun in table.items():
        line = table.key_lines.get(verb, table.line)
        if not isinstance(verb, str) or not isinstance(noun, str) or not verb.isalpha() or not noun.isalpha() \
                or verb != verb.lower() or noun != noun.lower():
            raise file.fail(line, f"nominalisations: {verb!r}: {noun!r} must map a lower-case verb to a lower-case noun")
        nominalisations[verb] = noun
    return PhraseWords(**lists, nominalisations=MappingProxyType(nominalisations))


@cache
def load_words() -> PhraseWords:
    return parse_words(read_yaml(package_file("pipeline.relations", PHRASES_FILE),
                                 f"pipeline/relations/{PHRASES_FILE}"))


@cache
def default_seeds() -> Seeds:
    return Seeds(measures=load_measures(), risks=load_lexicon("risicos.yaml"), tasks=load_lexicon("gemeentetaken.yaml"))


# ----------------------------------------------------------------------------- words

def _lemma(token: PhraseToken) -> str:
    return (token.lemma or token.text).lower()


def _is_function(token: PhraseToken, words: PhraseWords) -> bool:
    """A word that is never part of a key."""
    lower, lemma = token.text.lower(), _lemma(token)
    if not _WORD.search(token.text) or _NOT_WORDS.search(token.text):
        return True  # punctuation, symbols, addresses
    if token.pos in FUNCTION_POS or _PRONOMINAL.fullmatch(lower):
        return True
    if token.pos == "ADV" or not token.pos:
        return lower in words.never_key or lemma in words.never_key
    if token.pos in {"NOUN", "PROPN"}:
        return False  # "hun" as a noun never happens; "druk" as a noun is content
    return lower in words.function_words or lower in words.adverbs


def _names_something(content: Sequence[PhraseToken], lemmas: Sequence[str], words: PhraseWords) -> bool:
    """Not only words that point back ("deze situatie", "de gevolgen hiervan") or name actors ("de
    gemeenten"); with tags, not a lone adjective or adverb ("plotseling", "benodigde")."""
    if all(lemma in words.vague_heads or lemma in words.pronouns or lemma in words.actors
           or token.text.lower() in words.actors for token, lemma in zip(content, lemmas, strict=True)):
        return False
    if len(content) == 1 and content[0].pos and content[0].pos not in _NAMING_POS:
        return False  # a lone adjective or adverb; two are a phrase the tagger may have missed a noun in
    if len(content) == 1 and content[0].pos == "VERB" and lemmas[0] != content[0].text.lower():
        return False  # a lone inflected verb ("aangegeven"); an infinitive is a nominalised act ("handhaven")
    return sum(len(t.text) for t in content) >= 2


# Participles that only say an actor is hit ("kleine gemeenten worden harder getroffen"): nothing happens
# to the actor that a node could name.
_HIT_PARTICIPLES = frozenset({"treffen", "raken", "benadelen", "duperen", "getroffen", "geraakt", "benadeeld",
                              "gedupeerd"})


def _actor_hit(tokens: Sequence[PhraseToken], content: Sequence[int], words: PhraseWords, *, impact: bool) -> bool:
    """An actor or group of people with a participle of being hit ("kleine gemeenten harder getroffen"),
    or, as the thing an impact cue hits, with only attributive adjectives ("treft precies de kleine
    gemeenten"): no node, as the actor alone is none. Elsewhere an adjective names a state of the people
    ("leidt tot meer dakloze jongeren", "statushouders vaker dakloos"): kept."""
    nouns = [i for i in content if tokens[i].pos in {"NOUN", "PROPN"}]
    if len(nouns) != 1:
        return False
    head = nouns[0]  # a clause core's head is its verb ("gemeenten harder getroffen"): the noun is the actor
    if not (_lemma(tokens[head]) in words.actors or tokens[head].text.lower() in words.actors):
        return False
    hit = {i for i in content if i > head and tokens[i].pos == "VERB"
           and (_lemma(tokens[i]) in _HIT_PARTICIPLES or tokens[i].text.lower() in _HIT_PARTICIPLES)}
    # "harder getroffen": with the participle of being hit, an adjective after the head says how hard
    if not hit and not impact:
        return False
    return all(i == head or i in hit or tokens[i].pos == "ADV" or (tokens[i].pos == "ADJ" and (i < head or hit))
               for i in content)


def fallback_tokens(text: str) -> list[PhraseToken]:
    """Tokens without a model: words and punctuation, lemma and pos empty."""
    return [PhraseToken(m.group(0), "", "") for m in re.finditer(r"(?:https?://|www\.)\S+|[\w'’/-]+(?:\.\w+)*|[^\w\s]", text)]


def head_index(tokens: Sequence[PhraseToken], content: Sequence[int]) -> int:
    """The noun the phrase is about: within the first stretch of content words (up to the first
    preposition or conjunction), the last noun; without tags, the last word of that stretch.
    `content`: the indexes of the content words, not empty."""
    words = load_words()
    first: list[int] = []
    for index in range(content[0], len(tokens)):
        token = tokens[index]
        if index in content:
            first.append(index)
        elif first and (token.pos == "ADP" or token.text.lower() in words.function_words
                        or token.pos in {"CCONJ", "SCONJ", "PUNCT"} or not _WORD.search(token.text)):
            break
    if first and tokens[first[-1]].pos == "VERB" and len(first) > 1:
        return first[-1]  # a nominalised clause ends in its verb: "statushouders huisvesten"
    if len(content) > 1 and tokens[content[0]].pos == "VERB" and tokens[content[0]].dep not in {"amod", "nmod", "obj"}:
        return content[0]  # a clause in main-clause order: "sluiten (steeds meer) inloopvoorzieningen"
    for pos in _HEAD_POS:
        tagged = [i for i in first if tokens[i].pos == pos]
        if tagged:
            return tagged[-1]
    if any(tokens[i].pos for i in first):
        for pos in _HEAD_POS:  # the first stretch has no noun ("onvoldoende ..."): the first noun after it
            tagged = [i for i in content if tokens[i].pos == pos]
            if tagged:
                return tagged[0]
    return first[-1] if first else content[0]


def _after_actor_label(tokens: Sequence[PhraseToken], content: Sequence[int], actor_end: int) -> str:
    """The label of a clause core without its municipal subject: from the word after it, so that a
    quantifier before the object stays ("minder taalonderwijs inkopen"); articles trimmed."""
    start = actor_end + 1
    while start < content[0] and tokens[start].text.lower() in {"de", "het", "een", "'t"}:
        start += 1
    return _join(tokens[start:content[-1] + 1])


# Quantifiers that say how much of the thing there is: the label keeps them before its first content word
# ("geen burgerservicenummer krijgen", "minder draagvlak"), as without them it says the opposite; the key
# leaves them out like every determiner.
_AMOUNT_WORDS = frozenset({"geen", "minder", "meer", "weinig", "nauwelijks", "minst", "meest"})


def _label(tokens: Sequence[PhraseToken], content: Sequence[int]) -> str:
    """The core as written: from the first to the last content word (function words inside kept), with an
    amount word just before it."""
    start = content[0]
    if start and tokens[start - 1].text.lower() in _AMOUNT_WORDS and tokens[start].pos in {"NOUN", "PROPN", "ADJ", "X", ""}:
        start -= 1
    return _join(tokens[start:content[-1] + 1])


def _join(tokens: Sequence[PhraseToken]) -> str:
    text = ""
    for token in tokens:
        if text and not (_NO_SPACE_BEFORE.fullmatch(token.text) or text.endswith(("(", "[", "‘"))):
            text += " "
        text += token.text
    return text.strip()


def _offsets(tokens: Sequence[PhraseToken]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens joined by single spaces (what the seed matchers read) and each token's span in it."""
    spans: list[tuple[int, int]] = []
    position = 0
    for token in tokens:
        spans.append((position, position + len(token.text)))
        position += len(token.text) + 1
    return " ".join(t.text for t in tokens), spans


# ----------------------------------------------------------------------------- seeds

def seed_match(tokens: Sequence[PhraseToken], head: int, seeds: Seeds | None = None,
               role: str = "") -> tuple[str, str] | None:
    """(kind, canonical name) of the seed that covers the phrase's head, or None.

    The longest match covering the head wins, a maatregel on ties. A light head ("toename",
    "risico op") lets a seed covering the first noun after it name the node."""
    seeds = seeds or default_seeds()
    text, spans = _offsets(tokens)
    candidates: list[tuple[str, str, int, int]] = [
        ("maatregel", m.canonical, m.start, m.end)
        for m in (find_measures(text) if seeds is default_seeds() else find_measures(text, seeds.measures))]
    for lexicon in (seeds.risks, seeds.tasks):
        candidates.extend((c.kind, c.name, c.start, c.end) for c in lexicon.find(text))
    targets = [head]
    words = load_words()
    if _lemma(tokens[head]) in words.light_heads or tokens[head].text.lower() in words.light_heads:
        after = [i for i in range(head + 1, len(tokens)) if tokens[i].pos in {"NOUN", "PROPN"}
                 or (not tokens[i].pos and not _is_function(tokens[i], words))]
        targets += after[:1]
    for target in targets:
        start, end = spans[target]
        covering = [c for c in candidates if c[2] <= start and end <= c[3]]
        if covering:
            priority = _EFFECT_PRIORITY if role in {"effect", "impact"} else _SEED_PRIORITY
            best = max(covering, key=lambda c: (c[3] - c[2], priority[c[0]], -c[2], c[1]))
            return best[0], best[1]
    return None


def seed_key(name: str) -> str:
    """The key of a seed's canonical name: its words lower-cased, without function words."""
    words = load_words()
    kept = [w for w in re.findall(r"[\w'’-]+", name.lower()) if w not in words.never_key]
    return " ".join(kept) or name.lower()


# ----------------------------------------------------------------------------- node phrase

def _modifier_words(tokens: Sequence[PhraseToken], head: int) -> list[str]:
    """The other words of a phrase for its kind: each lemma, and an adjective as written too (the lemmatiser
    slips on participles: "uitgestelde" -> "uitgestelen"; the kind lists hold both forms)."""
    out: list[str] = []
    for index, token in enumerate(tokens):
        if index != head and _WORD.search(token.text):
            out.append(_lemma(token))
            if token.pos == "ADJ" and token.text.lower() != out[-1]:
                out.append(token.text.lower())
    return out


def node_phrase(tokens: Sequence[PhraseToken], seeds: Seeds | None = None, *, role: str = "") -> NodePhrase | None:
    """The node a cause or effect argument names; None when it names nothing (a pronoun, function words).

    `seeds`: the lexicons to canonicalise with (default: the shipped ones; evaluation may pass others).
    `role`: "effect" when the phrase is the effect of a claim: where a maatregel seed and a task or risk
    seed name the same words, the task or risk is taken (default and "cause": the maatregel); "impact"
    when it is the effect of an impact cue (see ROLES)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    tokens = [t for t in tokens if t.text.strip()]
    if not tokens:
        return None
    words = load_words()
    content = [i for i, t in enumerate(tokens) if not _is_function(t, words)]
    if not content:
        return None
    lemmas = [_lemma(tokens[i]) for i in content]
    if not _names_something([tokens[i] for i in content], lemmas, words):
        return None
    surface = _join(tokens)
    head = head_index(tokens, content)
    if _actor_hit(tokens, content, words, impact=role == "impact"):
        return None
    if _lemma(tokens[head]) in words.time_heads or tokens[head].text.lower() in words.time_heads:
        return None  # "het vierde kwartaal": a time, not a thing that causes or suffers
    last = tokens[content[-1]]
    if last.pos == "NOUN" and _lemma(last) in words.time_heads and all(tokens[i].pos != "NOUN" for i in content[:-1]):
        return None  # "de afgelopen/VERB tijd": a participle the head finder took, before a time (round 10b)
    actor = _municipal_subject(tokens, content, head, words)
    if actor:
        # "gemeenten (moeten) tijdelijk onderdak regelen": who must act is no part of what happens
        content = [i for i in content if i not in actor]
        lemmas = [_lemma(tokens[i]) for i in content]
    seed = seed_match(tokens, head, seeds, role)
    head_lemma = _lemma(tokens[head])
    if seed is not None and seed[0] == "gemeentetaak" and any(
            _lemma(t) in load_rules().risk_modifiers or t.text.lower() in load_rules().risk_modifiers
            for i, t in enumerate(tokens) if i != head):
        seed = None  # a task with a risk modifier ("uitgestelde zorg", "onvoldoende opvang") names a risico
    owned = role in {"effect", "impact"} and _owned_by_other(tokens, head, words)
    if seed is not None and seed[0] == "gemeentetaak" and owned:
        seed = None  # "de registratie van X door de politie": an act of others, not the task the seed names
    if seed is not None:
        kind, name = seed
        return NodePhrase(key=seed_key(name), label=name, kind=kind, canonical=True, surface=surface,
                          head=head_lemma)
    key = " ".join(lemma for index, lemma in zip(content, lemmas, strict=True)
                   if tokens[index].pos != "NUM" and not tokens[index].text.isdigit())
    impact = role == "impact"
    modifiers = _modifier_words(tokens, head)
    kind = classify_kind(head_lemma, modifiers,
                         head_text=tokens[head].text, default="gemeentetaak" if impact else "risico",
                         verb=tokens[head].pos == "VERB", effect=role in {"effect", "impact"})
    if impact and kind == "maatregel":
        kind = "gemeentetaak"
    if actor and kind == "risico" and _task_object(tokens, content, head, modifiers=modifiers):
        kind = "gemeentetaak"
    if owned and kind == "gemeentetaak":
        kind = "risico"
    label = _nominal_label(tokens, content, words) or (
        _after_actor_label(tokens, content, max(actor)) if actor else _label(tokens, content))
    return NodePhrase(key=key or " ".join(lemmas), label=label, kind=kind, canonical=False, surface=surface, head=head_lemma)


_NOUN_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "X"})
_NOT_OBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "amod", "nmod", "nmod:poss"})


def _municipal(token: PhraseToken, words: PhraseWords) -> bool:
    """A gemeente or one of its services ("gemeenten", "colleges", "wijkteams"; a compound ending in one:
    "grensgemeenten")."""
    for form in {token.text.lower(), _lemma(token)}:
        if form in words.municipal_actors or any(
                form.endswith(actor) and len(form) - len(actor) >= 3 for actor in words.municipal_actors):
            return True
    return False


def is_municipal(token: PhraseToken) -> bool:
    """A gemeente or one of its services (phrases.yaml `municipal_actors`)."""
    return _municipal(token, load_words())


def _municipal_subject(tokens: Sequence[PhraseToken], content: Sequence[int], head: int,
                       words: PhraseWords) -> set[int]:
    """The words of a clause core's subject when it is a gemeente or its service and opens the core
    ("gemeenten (op korte termijn) tijdelijk onderdak regelen"): what they must do is the node, they are
    not; empty when the core is no clause about a verb or the subject is anything else."""
    verb = tokens[head]
    if verb.pos != "VERB" or len(content) < 3 or verb.dep.endswith(":pass") or _lemma(verb) != verb.text.lower():
        return set()  # an infinitive ("moeten regelen"); a participle ("gemeenten snel geïnformeerd") keeps its subject
    if any(tokens[i].pos == "VERB" for i in content if i != head and tokens[i].dep not in {"amod", "nmod"}):
        return set()  # another verb ("gemeenten horen dat ..."): the subject may be its, not the head's
    first = content[0]
    # the subject as parsed, or a word the parse attached otherwise but not as the verb's object
    # ("dat wijkteams/advmod vaker ... moeten inzetten")
    if first >= head or tokens[first].dep in {"obj", "iobj", "nmod"} or tokens[first].pos not in {"NOUN", "PROPN"} \
            or not _municipal(tokens[first], words):
        return set()
    actor = {first}
    actor.update(i for i in range(first) if tokens[i].pos in {"DET", "ADJ", "NUM"})
    return actor


# Plural endings of nouns for people who do something ("werkgevers", "verhuurders", "zorgaanbieders").
_PEOPLE_ENDINGS = ("ers", "aars", "iers", "eurs", "isten", "anten")


def _owners(token: PhraseToken, words: PhraseWords) -> bool:
    """People who run something of their own ("werkgevers", "verhuurders"); not the people a gemeente serves
    (the actors of phrases.yaml: "nieuwkomers", "bewoners": "de intake van nieuwkomers" is the gemeente's act)."""
    text = token.text.lower()
    return len(text) >= 6 and text.endswith(_PEOPLE_ENDINGS) and text not in words.actors \
        and _lemma(token) not in words.actors


def _next_noun(tokens: Sequence[PhraseToken], start: int) -> int | None:
    """The noun of the prepositional phrase opened at `start` (after its determiners and adjectives)."""
    for i in range(start + 1, min(len(tokens), start + 5)):
        if tokens[i].pos in {"NOUN", "PROPN"} or (not tokens[i].pos and i == len(tokens) - 1):
            return i
        if tokens[i].pos not in {"DET", "ADJ", "NUM", ""}:
            return None
    return None


def _owned_by_other(tokens: Sequence[PhraseToken], head: int, words: PhraseWords) -> bool:
    """What a cue hits is done by, or belongs to, others than a gemeente: a "door" agent that is no
    gemeente ("de opsporing van daders door de politie"), or a "van" owner naming people who run something
    of their own after a head that is no act ("de loonadministratie van kleine werkgevers"); only for a head
    no kind list knows.
    Then its harm is a changed state of theirs (a risico,
    `leidt_tot`), not a municipal task hit (the relations guidelines, "Kinds")."""
    lemma = _lemma(tokens[head])
    if load_rules().head_kind(lemma) is not None:
        # a listed head keeps its kind ("het toezicht door handhavers", "gevolgen voor de gezondheid van kinderen")
        return False
    for i in range(head + 1, len(tokens)):
        if tokens[i].text.lower() == "door":
            noun = _next_noun(tokens, i)
            return noun is not None and not _municipal(tokens[noun], words)
    if head + 1 >= len(tokens) or tokens[head + 1].text.lower() != "van":
        return False
    if tokens[head].pos == "VERB" or lemma.endswith("ing") or tokens[head].text.lower().endswith("ing"):
        return False  # an act: "van" names what it is done to ("de begeleiding van statushouders")
    noun = _next_noun(tokens, head + 1)
    return noun is not None and _owners(tokens[noun], words) and not _municipal(tokens[noun], words)


def _task_object(tokens: Sequence[PhraseToken], content: Sequence[int], head: int, modifiers: Sequence[str]) -> bool:
    """Whether what a gemeente must do is a task: the verb no kind list knows, no risk modifier
    ("minder taalonderwijs inkopen"), and an object of the verb that names a task ("tijdelijk onderdak
    regelen", "nachtopvang organiseren"); an object no list holds ("loonstroken controleren",
    "gebouwen ontruimen") leaves a risico."""
    rules = load_rules()
    if rules.head_kind(_lemma(tokens[head]), verb=True) is not None \
            or any(m in rules.risk_modifiers for m in modifiers):
        return False
    # a noun the tagger took for an adjective ("nachtopvang/ADJ") counts when a kind list knows it as a task;
    # a complement of another noun ("de loonstroken van de bijstand") does not
    return any(tokens[i].pos in {"NOUN", "PROPN", "ADJ", "X"} and tokens[i].dep not in _NOT_OBJECT_DEPS
               and rules.head_kind(_lemma(tokens[i])) == "gemeentetaak" for i in content if i != head)


def _nominal_label(tokens: Sequence[PhraseToken], content: Sequence[int], words: PhraseWords) -> str:
    """The label of a clause core about a listed verb, as a noun phrase ("verlies van het zicht op
    gebouwen"); "" when the verb has no listed nominalisation or the other words are more than one noun
    phrase (an adverb, a second verb: the clause label stays)."""
    verbs = [i for i in content if tokens[i].pos == "VERB"]
    if len(verbs) != 1 or verbs[0] != content[-1] or len(content) < 2:
        return ""  # one lexical verb, at the end: a clause core ("het budget daalt"), not a participle phrase
    head = verbs[0]
    verb = tokens[head]
    noun = words.nominalisations.get(_lemma(verb)) or words.nominalisations.get(verb.text.lower())
    if noun is None:
        return ""
    rest = [i for i in content if i != head]
    if any(tokens[i].pos not in _NOUN_PHRASE_POS for i in rest):
        return ""
    subject: set[int] = set()
    if any(tokens[i].dep == "obj" for i in rest):
        # "de brandweer verliest het zicht": what is lost, not who loses it
        subject = {i for i in rest if tokens[i].dep.startswith("nsubj")}
        if len(subject) == len(rest):
            return ""
        for i in sorted(subject):
            j = i - 1
            while j >= 0 and tokens[j].pos in {"DET", "ADJ"} and j not in subject:
                subject.add(j)
                j -= 1
        rest = [i for i in rest if i not in subject]
    if not rest:
        return noun
    phrase = [t for k, t in enumerate(tokens[rest[0]:rest[-1] + 1], rest[0]) if k not in subject and k != head]
    for before, token in itertools.pairwise(phrase):
        if token.pos in {"DET", "NUM"} and before.pos in {"NOUN", "PROPN"}:
            return ""  # a second noun phrase ("gezinnen een stapeling van kosten"): no one thing acted on
        if before.pos == "ADJ" and not before.text.lower().endswith("e") \
                and not (before.dep == "amod" and token.pos in {"NOUN", "PROPN"}):
            return ""  # "vast vakken": a predicate or particle the tagger took for an adjective (not "een algemeen bestuur")
    return f"{noun} van {_join(phrase)}"


def from_spacy(tokens: Iterable[Any]) -> list[PhraseToken]:
    """PhraseTokens of spaCy tokens (anything with text, lemma_, pos_ and dep_)."""
    return [PhraseToken(t.text, (t.lemma_ or "").lower(), t.pos_ or "", t.dep_ or "") for t in tokens]


@lru_cache(maxsize=8192)
def has_content(text: str) -> bool:
    """Whether a text names something: not a pronoun, a vague noun or function words only."""
    words = load_words()
    content = [t for t in fallback_tokens(text) if not _is_function(t, words)]
    return bool(content) and _names_something(content, [t.text.lower() for t in content], words)


def phrase_of_text(text: str, seeds: Seeds | None = None, *, role: str = "") -> NodePhrase | None:
    """`node_phrase` of plain text without a model (tests, the old lexicon-named claims)."""
    return node_phrase(fallback_tokens(text), seeds, role=role)
