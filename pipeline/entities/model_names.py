"""vng_model_names: PERSOON and LOCATIE from proper nouns in person and place contexts.

Uses the Dutch model's part-of-speech tags (pipeline.nlp.annotate): a run of PROPN tokens right
after a context word of lexicons/name_contexts.yaml is a person ("mevrouw X", "burgemeester X",
"dr. X", "motie-X", "de motie van het lid X") or a place ("in/uit/te/naar/bij X", "de gemeente X",
"regio X"). No name is listed anywhere: the tags decide what is a name. Only sentences where a
cheap text check finds a context word followed by a capital are tagged, so the model costs little.

Candidates only fill gaps: one that overlaps another rule's candidate is dropped, except on exactly
the same characters (the other rule wins by priority in vng_merge) and a place around a known place.

add_surname_mentions: after a letter is done (run_nlp), a later mention of a found person's
surname alone ("Ten Wolde-Karaca pleit ...") is that PERSOON too.

Added by build_nlp only when the pipeline has a model; with spacy.blank("nl") nothing changes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import cast

import yaml
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token

from pipeline.entities.extensions import Candidate, add_candidates, doc_text, register_extensions
from pipeline.entities.merge import set_entities
from pipeline.errors import DataFileError
from pipeline.statistical import annotate, pos_components

CONTEXTS_FILE = "name_contexts.yaml"
PRIORITY = 0  # below the regex rules (1-2) and the lexicons (3)
KEYS = ("person_before", "person_prefix", "place_after_preposition", "place_after_noun", "name_particles",
        "place_list_joiners", "org_heads", "not_names")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,4}|[A-Z][a-z]?\.")


@dataclass(frozen=True)
class NameContexts:
    person_before: frozenset[str]
    person_prefix: frozenset[str]
    place_after_preposition: frozenset[str]
    place_after_noun: frozenset[str]
    particles: frozenset[tuple[str, ...]]  # allowed particle sequences, longest first when matched
    joiners: frozenset[str]
    org_heads: frozenset[str]
    not_names: frozenset[str]

    @property
    def particle_words(self) -> frozenset[str]:
        return frozenset(w for seq in self.particles for w in seq)

    def kind(self, word: str) -> str | None:
        folded = word.casefold()
        if folded in self.person_before:
            return "PERSOON"
        if folded in self.place_after_preposition or folded in self.place_after_noun:
            return "LOCATIE"
        return None


@lru_cache(maxsize=1)
def name_contexts() -> NameContexts:
    source = files("pipeline.entities") / "lexicons" / CONTEXTS_FILE
    return parse_name_contexts(source.read_text(encoding="utf-8"))


def parse_name_contexts(text: str) -> NameContexts:
    """The contexts file, validated: every key present, each a list of non-empty strings."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise DataFileError(f"{CONTEXTS_FILE}: not valid YAML: {err}") from err
    if not isinstance(data, dict) or set(data) != set(KEYS):
        raise DataFileError(f"{CONTEXTS_FILE}: needs exactly the keys {', '.join(KEYS)}")
    for key in KEYS:
        if not isinstance(data[key], list) or not all(isinstance(w, str) and w.strip() for w in data[key]):
            raise DataFileError(f"{CONTEXTS_FILE}: {key} must be a list of words")
    fold = lambda key: frozenset(w.casefold() for w in data[key])  # noqa: E731
    return NameContexts(fold("person_before"), fold("person_prefix"), fold("place_after_preposition"),
                        fold("place_after_noun"), frozenset(tuple(w.split()) for w in data["name_particles"]),
                        fold("place_list_joiners"), frozenset(data["org_heads"]), frozenset(data["not_names"]))


@lru_cache(maxsize=1)
def _precheck() -> re.Pattern[str]:
    """A context word directly before a capital (or "'s-"): the sentences worth tagging."""
    c = name_contexts()
    words = sorted(c.person_before | c.place_after_preposition | c.place_after_noun, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    prefixes = "|".join(re.escape(w) for w in sorted(c.person_prefix))
    # case-insensitive words ("In", "Wethouder"), case-sensitive capital after them
    return re.compile(rf"(?<![\w.-])(?:(?i:{alternatives})\s+['’]?(?:[st]-)?[A-ZÀ-Ý]|(?i:[^\W\d_]*(?:{prefixes}))-[A-ZÀ-Ý])")


def _is_name_token(token: Token, contexts: NameContexts) -> bool:
    """A proper noun: tagged PROPN, or capitalised inside the sentence where the tagger says NOUN/X
    (unknown names often get NOUN; Dutch does not capitalise common nouns)."""
    text = token.text
    if text in contexts.not_names or text in contexts.org_heads:
        return False
    if token.pos_ != "PROPN" and not (token.pos_ in ("NOUN", "X") and token.i > 0 and text[:1].isupper()):
        return False
    if len(text) > 1 and text.isupper() and not _INITIALS.fullmatch(text):
        return False  # an acronym: an organisation or a law, not a person or a place
    return text[:1].isupper() or text.startswith("s-")


def _particles_at(tokens: Sequence[Token], j: int, contexts: NameContexts) -> int:
    """How many tokens from j form an allowed particle sequence ("van der"), 0 if none."""
    for size in (2, 1):
        words = tuple(t.text for t in tokens[j:j + size])
        if len(words) == size and all(w.islower() for w in words) and words in contexts.particles:
            return size
    return 0


def _name_follows(tokens: Sequence[Token], j: int, contexts: NameContexts) -> bool:
    """A name part at j, or after an allowed particle sequence at j."""
    k = j + _particles_at(tokens, j, contexts)
    return k < len(tokens) and _is_name_token(tokens[k], contexts)


def _heads_org(tokens: Sequence[Token], k: int, contexts: NameContexts) -> bool:
    """Whether the capitalised run from k holds an organisation head ("Radboud Universiteit")."""
    while k < len(tokens) and tokens[k].text[:1].isupper():
        if tokens[k].text in contexts.org_heads:
            return True
        k += 1
    return False


def _name_end(tokens: Sequence[Token], i: int, contexts: NameContexts, *, person: bool) -> int:
    """The end (exclusive) of the name that starts at tokens[i], or i when none starts there.

    A name: [initials] [given name] [particles] surname parts ("M.C. van der Staay-Hoornstra",
    "Hermien ten Wolde-Karaca", "'s-Gravenzande" = "'" + "s-Gravenzande", "Hoek van Holland").
    Particles never start a name and never follow a surname after initials; a part after them that
    heads an organisation ("van de Universiteit") ends the name before them; a bare "van" after one
    name part is read as "X van <place>" ("burgemeester Wolters van Westerwolde").
    """
    j = i
    initials = 0
    if person:
        while j < len(tokens) and _INITIALS.fullmatch(tokens[j].text):
            j += 1
            initials += 1
    end = i
    parts = 0
    if j < len(tokens) - 1 and tokens[j].text in ("'", "’") and tokens[j + 1].text[:2] in ("s-", "t-") \
            and tokens[j + 1].text[2:3].isupper():
        j += 2  # "'s-Gravenzande": the tokenizer splits off the apostrophe, the tagger may not see a name
        parts, end = 1, j
    elif (j < len(tokens) - 1 and tokens[j].text[:1].isupper() and tokens[j].pos_ in ("ADJ", "NOUN")
          and tokens[j].text not in contexts.not_names and tokens[j].text not in contexts.org_heads
          and _name_follows(tokens, j + 1, contexts)):
        j += 1  # "Hollandsche Rading", "Sint Jansteen", "Hoek van Holland"
        parts = 1
    while j < len(tokens):
        token = tokens[j]
        if _is_name_token(token, contexts) or (parts and token.text == "-" and j + 1 < len(tokens)):
            j += 1
            parts += token.text != "-"
            end = j
            continue
        size = _particles_at(tokens, j, contexts) if parts or initials else 0
        if person and parts == 1 and not initials and tokens[j].text == "van" and size == 1:
            break  # "burgemeester Wolters van Westerwolde": the person and the place they speak for
        if size and not (initials and parts) and not (person and parts > 1):
            k = j + size
            if k < len(tokens) and _is_name_token(tokens[k], contexts) and not _heads_org(tokens, k, contexts):
                j = k
                continue
        break
    return end


class ModelNames:
    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.contexts = name_contexts()
        self.precheck = _precheck()

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """One annotate() call per batch of docs, on the sentences the text check picked."""
        batch = list(docs)
        chosen: list[tuple[int, int, int]] = []  # (doc index, start, end) of the sentences to tag
        for n, doc in enumerate(batch):
            text = doc_text(doc)
            if not self.precheck.search(text):
                continue
            spans = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") \
                else [(0, len(text))]
            chosen.extend((n, a, b) for a, b in spans if self.precheck.search(text, a, b))
        texts = [doc_text(batch[n])[a:b] for n, a, b in chosen]
        tagged = annotate(self.nlp, texts, batch_size=batch_size, only=pos_components(self.nlp)) if texts else []
        found: dict[int, list[Candidate]] = {}
        place_ends: dict[int, set[int]] = {}
        for (n, a, _), sentence in zip(chosen, tagged, strict=False):
            doc = batch[n]
            if n not in place_ends:
                place_ends[n] = {c.end for c in doc._.vng_candidates or () if c.label == "LOCATIE"}
            found.setdefault(n, []).extend(self._candidates(sentence, doc_text(doc), a, place_ends[n]))
        for n, doc in enumerate(batch):
            if found.get(n):
                add_candidates(doc, [c for c in found[n] if _fills_gap(c, doc._.vng_candidates or ())])
            yield doc

    def _candidates(self, doc: Doc, text: str, offset: int, place_ends: set[int]) -> list[Candidate]:
        """place_ends: end offsets of LOCATIE candidates so far (a list of places continues them)."""
        c = self.contexts
        tokens = list(doc)
        out: list[Candidate] = []

        def add(start: int, end: int, label: str, rule: str) -> None:
            span = doc[start:end]
            a, b = offset + span.start_char, offset + span.end_char
            out.append(Candidate(a, b, label, " ".join(text[a:b].split()), rule, PRIORITY))
            if label == "LOCATIE":
                place_ends.add(b)

        i = 0
        while i < len(tokens):
            token = tokens[i]
            folded = token.text.casefold()
            label = None
            if folded.endswith("-") and folded[:-1].endswith(tuple(c.person_prefix)):
                label = "PERSOON"  # "motie-" / "Kamermotie-" + "Jansen" (split_prefixed_names)
            elif folded in c.person_before:
                label = "PERSOON"
            elif folded in c.place_after_preposition or folded in c.place_after_noun:
                label = "LOCATIE"
            elif folded in c.joiners and i and offset + tokens[i - 1].idx + len(tokens[i - 1].text) in place_ends:
                label = "LOCATIE"  # "in Zwolle, Kampen en Urk"
            if label is None:
                i += 1
                continue
            start = i + 1
            end = _name_end(tokens, start, c, person=label == "PERSOON")
            if end <= start or (label == "PERSOON" and all(_INITIALS.fullmatch(t.text) for t in tokens[start:end])):
                i += 1
                continue
            add(start, end, label, f"model:{folded}")
            if label == "PERSOON" and end + 1 < len(tokens) and tokens[end].text == "van":
                place_end = _name_end(tokens, end + 1, c, person=False)  # "wethouder X van Y"
                if place_end > end + 1 and tokens[end + 1].text not in c.org_heads:
                    add(end + 1, place_end, "LOCATIE", "model:person_van")
                    end = place_end
            i = end
        return out


def _fills_gap(candidate: Candidate, others: Sequence[Candidate]) -> bool:
    """Where a rule or lexicon already proposed something, it stands: ours only fill gaps. Exceptions:
    the same characters (merge lets the other win by priority) and a place name around a known
    place ("Kop van Overijssel")."""
    for other in others:
        if other.start < candidate.end and candidate.start < other.end and (other.start, other.end) != (
                candidate.start, candidate.end):
            inside = candidate.start <= other.start and other.end <= candidate.end
            if not (candidate.label == other.label == "LOCATIE" and inside):
                return False
    return True


def _prefixed_names_head() -> str:
    prefixes = "|".join(re.escape(p) for p in sorted(name_contexts().person_prefix))
    return rf"(?i:[^\W\d_]*(?:{prefixes}))-(?=[A-ZÀ-Ý])"  # also a compound: "Kamermotie-"


def prefixed_names_pattern(prefix_pattern: str) -> str:
    """The tokenizer's prefix pattern that also splits "motie-" off a following name (see
    split_prefixed_names); given the pattern it returns, unchanged.

    The head and spaCy's prefixes (all anchored with ^) are tried at the string's start only: a head
    found inside a word split it there ("Kamermotie-Bosma" -> "Kamerm", "otie-Bosma"), and prefixes
    tried at every position made each search 15 times as slow."""
    start = rf"\A(?:{_prefixed_names_head()}|"
    return prefix_pattern if prefix_pattern.startswith(start) else rf"{start}{prefix_pattern})"


def split_prefixed_names(nlp: Language) -> None:
    """Let the tokenizer split "motie-" off a following name ("motie-Jansen" -> "motie-", "Jansen"), so
    the name can be an entity of its own. Only such tokens change. Setting the tokenizer's prefixes
    reloads its 4,700 special cases (a third of building the pipeline), so build_nlp builds the
    tokenizer of a model folder with this pattern at once and this finds nothing left to do."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    old = tokenizer.prefix_search
    pattern = getattr(old, "__self__", None)
    if pattern is None or not hasattr(pattern, "pattern"):
        return
    new = prefixed_names_pattern(pattern.pattern)
    if new != pattern.pattern:
        tokenizer.prefix_search = re.compile(new).search


def add_surname_mentions(docs: Sequence[Doc]) -> None:
    """A found person's surname alone, later in the same letter, is that PERSOON too."""
    forms: set[str] = set()
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ == "PERSOON":
                forms.update(surname_forms(ent.text))
    if not forms:
        return
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                         + r")(?![\w-])")
    for doc in docs:
        text = doc_text(doc)
        taken = [(e.start_char, e.end_char) for e in doc.ents]
        extra = [Candidate(m.start(), m.end(), "PERSOON", m.group(1), "model:surname", PRIORITY)
                 for m in pattern.finditer(text) if not any(m.start() < e and s < m.end() for s, e in taken)]
        if extra:
            current = [Candidate(e.start_char, e.end_char, e.label_, e._.canonical, e._.rule or "", iso=e._.iso,
                                 value=e._.value, unit=e._.unit, qualifier=e._.qualifier, anchor=e._.anchor,
                                 high=e._.high) for e in doc.ents]
            set_entities(doc, current + extra)


def surname_forms(name: str) -> set[str]:
    """How a person's surname alone may be written: "Hermien ten Wolde-Karaca" -> "ten Wolde-Karaca",
    "Ten Wolde-Karaca"; "E.M. Lankhorst-Adjei" -> "Lankhorst-Adjei"; "Okafor" -> "Okafor"."""
    particles = name_contexts().particle_words
    words = name.split()
    while words and _INITIALS.fullmatch(words[0]):
        words = words[1:]
    if len(words) >= 2 and words[0].casefold() not in particles and (
            words[1][:1].isupper() or words[1].casefold() in particles):
        words = words[1:]  # a given name
    if not words or len(" ".join(words)) < 4:
        return set()
    surname = " ".join(words)
    capitalised = surname[0].upper() + surname[1:]
    if not capitalised[:1].isupper():
        return set()
    return {surname, capitalised}


@Language.factory("vng_model_names", assigns=["doc._.vng_candidates"], default_config={})
def make_model_names(nlp: Language, name: str) -> ModelNames:
    register_extensions()
    return ModelNames(nlp, name)
