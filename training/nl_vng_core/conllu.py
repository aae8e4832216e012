"""Read CoNLL-U into spaCy Docs, with the mappings that make the treebank releases agree.

The current UD Dutch releases (Alpino, LassySmall 2.13+) and the older LassySmall training release
differ in annotation; what we map (see training/README.md):
  - lemmas: new releases mark compound parts with "_" ("gemeente_raad"); the old one does not and the
    pipeline wants plain lemmas ("gemeenteraad") -> "_" is removed everywhere (``strip_compounds``);
  - old lemmas keep the capital of a sentence-initial word ("Officieel") -> lower-cased unless PROPN/X/SYM;
  - old possessive pronouns lack Poss=Yes -> added for the possessive forms;
  - old trees (``map_old_tree``): on the 1,610 sentences in both releases the old heads agree with today's on
    83 % of tokens; the differences are conventions: punctuation attached elsewhere (70 % differ) -> missing;
    cc on the first conjunct -> moved to the conjunct after it (UD v2); copulas/auxiliaries other than
    today's (worden/blijven/laten/willen ... as cop/aux, where today has a main verb with xcomp) -> the
    sentence gives no tree; flat:name -> flat; possessive det -> nmod:poss; nsubj beside aux:pass ->
    nsubj:pass; obl with "door" beside aux:pass -> obl:agent, other obl (obl or obl:arg today), reflexive
    obj (obj or expl:pv), fixed, appos, nummod, xcomp, ccomp, iobj, expl -> missing (head and label: spaCy
    keeps no head without a label). Kept arcs agree with today's annotation: UAS 98.2, LAS 96.5;
  - the old release has no XPOS and no SpaceAfter -> tags missing, words separated by single spaces.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

POSSESSIVES = frozenset({"mijn", "m'n", "jouw", "je", "zijn", "z'n", "haar", "ons", "onze", "uw", "hun", "jullie"})


@dataclass(frozen=True)
class Token:
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    space_after: bool


@dataclass(frozen=True)
class Sentence:
    sent_id: str
    text: str
    tokens: tuple[Token, ...]


def read_conllu(path: Path) -> Iterator[Sentence]:
    """The sentences of a CoNLL-U file (multiword-token ranges and empty nodes skipped)."""
    sent_id, text, tokens = "", "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                yield _sentence(sent_id, text, tokens)
            sent_id, text, tokens = "", "", []
        elif line.startswith("#"):
            key, _, value = line[1:].strip().partition("=")
            if key.strip() == "sent_id":
                sent_id = value.strip()
            elif key.strip() == "text":
                text = value.strip()
            elif not sent_id and line.startswith("# ") and line.strip().endswith(".xml"):
                sent_id = line[2:].strip()  # the old release's "# <file>.xml" ids
        else:
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            head = int(cols[6]) if cols[6].isdigit() else -1
            tokens.append(Token(cols[1], cols[2], cols[3], cols[4], cols[5], head, cols[7],
                                "SpaceAfter=No" not in cols[9].split("|")))
    if tokens:
        yield _sentence(sent_id, text, tokens)


def _sentence(sent_id: str, text: str, tokens: list[Token]) -> Sentence:
    if not text:
        text = "".join(t.form + (" " if t.space_after else "") for t in tokens).strip()
    return Sentence(sent_id, text, tuple(tokens))


def text_key(text: str) -> str:
    """Whitespace-free form of a sentence, to find the same sentence across releases."""
    return re.sub(r"\s+", "", text).lower()


def strip_compounds(lemma: str) -> str:
    return lemma.replace("_", "") if lemma != "_" and len(lemma) > 1 else lemma


def map_old_token(tok: Token) -> Token:
    """An old-release token in today's conventions (as far as the token alone tells)."""
    lemma = tok.lemma
    if tok.upos not in ("PROPN", "X", "SYM") and lemma[:1].isupper() and not lemma.isupper():
        lemma = lemma[0].lower() + lemma[1:]
    feats = tok.feats
    if tok.upos in ("PRON", "DET") and tok.form.lower() in POSSESSIVES and tok.deprel in ("nmod", "det") \
            and "Poss=" not in feats:
        parts = [] if feats == "_" else feats.split("|")
        parts = sorted([*parts, "Poss=Yes"], key=str.lower)
        feats = "|".join(parts)
    return Token(tok.form, lemma, tok.upos, tok.xpos, feats, tok.head, tok.deprel, tok.space_after)


# what today's UD Dutch uses as copula / auxiliary (the current dev files); the old release has more
OLD_TREE_COP = frozenset({"zijn"})
OLD_TREE_AUX = frozenset({"hebben", "zijn", "kunnen", "zullen", "moeten", "mogen"})
OLD_TREE_AUX_PASS = frozenset({"worden", "zijn", "krijgen"})
REFLEXIVES = frozenset({"zich", "me", "mij", "je", "ons", "u", "zichzelf"})
# old labels that mean the same today (on the shared sentences >= 90 % the same label on the same head)
OLD_TREE_SAME = frozenset({"root", "case", "det", "nmod", "amod", "advmod", "conj", "cc", "mark", "parataxis",
                           "aux:pass", "advcl", "aux", "cop", "compound:prt", "acl:relcl", "nsubj:pass", "acl",
                           "nsubj", "obj"})


def map_old_tree(sent: Sentence, *, complete: bool = False) -> Sentence | None:
    """The old release's tree in today's conventions where the tree settles it; an arc it does not settle
    gets head -1 and no label (missing); None when the sentence's tree follows another analysis, or with
    ``complete`` when an arc other than punctuation's is missing (spaCy's oracle follows the model's own
    guess on a missing arc: the labels left missing lost)."""
    toks = sent.tokens
    for t in toks:
        lem = t.lemma.lower()
        if (t.deprel == "cop" and lem not in OLD_TREE_COP) or (t.deprel == "aux" and lem not in OLD_TREE_AUX) \
                or (t.deprel == "aux:pass" and lem not in OLD_TREE_AUX_PASS):
            return None
    kids: dict[int, list[int]] = {}
    for j, t in enumerate(toks, 1):
        kids.setdefault(t.head, []).append(j)

    def has_kid(h: int, rel: str, lemmas: frozenset[str] | None = None) -> bool:
        return any(toks[k - 1].deprel == rel and (lemmas is None or toks[k - 1].lemma.lower() in lemmas)
                   for k in kids.get(h, []))

    out = []
    for i, t in enumerate(toks, 1):
        head, rel = t.head, t.deprel
        if rel == "cc":  # UD v2: on the conjunct it introduces
            after = [k for k in kids.get(head, []) if toks[k - 1].deprel == "conj" and k > i]
            head = min(after) if after else head
        elif rel == "flat:name":
            rel = "flat"
        elif rel == "det" and t.form.lower() in POSSESSIVES and t.upos in ("PRON", "DET"):
            rel = "nmod:poss"
        elif rel == "nsubj" and has_kid(head, "aux:pass"):
            rel = "nsubj:pass"
        elif rel == "obl":
            rel = "obl:agent" if has_kid(i, "case", frozenset({"door"})) and has_kid(head, "aux:pass") else ""
        elif (rel == "obj" and t.lemma.lower() in REFLEXIVES) or rel not in OLD_TREE_SAME:
            rel = ""  # reflexive obj: obj or expl:pv today
        if complete and not rel and t.deprel != "punct":
            return None
        out.append(Token(t.form, t.lemma, t.upos, t.xpos, t.feats, head if rel else -1, rel, t.space_after))
    return Sentence(sent.sent_id, sent.text, tuple(out))


def to_doc(vocab: Vocab, sent: Sentence, *, with_tags: bool = True, with_deps: bool = True,
           compound_lemmas: bool = False) -> Doc:
    """A gold Doc for one sentence; what is not given stays missing (spaCy then does not train on it)."""
    toks = sent.tokens
    words = [t.form for t in toks]
    spaces = [t.space_after for t in toks]
    spaces[-1] = False
    def lemma(t: Token) -> str:
        if t.lemma == "_" and t.form != "_":
            return ""  # not annotated (silver data): missing, not trained on
        return t.lemma if compound_lemmas else strip_compounds(t.lemma)

    kwargs: dict = {
        "lemmas": [lemma(t) for t in toks],
        "pos": [t.upos for t in toks],
        "morphs": [t.feats if t.feats != "_" else "" for t in toks],
    }
    if with_tags and all(t.xpos != "_" for t in toks):
        kwargs["tags"] = [t.xpos for t in toks]
    if with_deps and any(t.head >= 0 for t in toks):
        # head -1: not annotated (map_old_tree); spaCy trains the parser on the other arcs only
        kwargs["heads"] = [None if t.head < 0 else t.head - 1 if t.head > 0 else i for i, t in enumerate(toks)]
        kwargs["deps"] = [t.deprel if t.head >= 0 else None for t in toks]
    return Doc(vocab, words=words, spaces=spaces, **kwargs)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the older release's UPOS/FEATS in today's conventions (learned, see learn_old_pos_map) ---
# On the sentences in both releases the old UPOS agrees with today's on 94.3 % of tokens, FEATS on 94.9 %:
# possessive DET -> PRON (Person=..|Poss=Yes|PronType=Prs), "als" ADP -> SCONJ, ordinals NUM -> ADJ,
# worden/laten/willen AUX -> VERB, parts of multiword names (NOUN/ADJ/ADP/DET) -> PROPN, "meer/minder/vele"
# PRON -> ADV, Foreign=yes -> Foreign=Yes ... These are conventions the token and its context settle, so
# the map is learned from the aligned pairs rather than written by hand.
OldPosKey = tuple[str, ...]
OldPosMap = dict[OldPosKey, tuple[str, str]]
MIN_SHARE = 0.6


def _pos_keys(sent: Sentence, i: int) -> list[OldPosKey]:
    """Backoff keys of token i (0-based) of an old-release sentence, most specific first."""
    t = sent.tokens[i]
    cap = "cap" if i > 0 and t.form[:1].isupper() else "low"
    head_pos = sent.tokens[t.head - 1].upos if t.head > 0 else "ROOT"
    return [("form", t.upos, t.feats, t.form.lower(), cap, t.deprel),
            ("form", t.upos, t.feats, t.form.lower(), cap),
            ("ctx", t.upos, t.feats, cap, t.deprel, head_pos),
            ("ctx", t.upos, t.feats, cap, t.deprel),
            ("pos", t.upos, t.feats)]


def learn_old_pos_map(pairs: list[tuple[Sentence, Sentence]], min_count: int = 2) -> OldPosMap:
    """(old sentence, today's sentence) pairs with the same tokens -> for every backoff key seen at least
    ``min_count`` times, today's most frequent (UPOS, FEATS) when it has a share of at least MIN_SHARE."""
    from collections import Counter, defaultdict

    seen: dict[OldPosKey, Counter] = defaultdict(Counter)
    for old, new in pairs:
        for i, b in enumerate(new.tokens):
            for key in _pos_keys(old, i):
                seen[key][(b.upos, b.feats)] += 1
    table: OldPosMap = {}
    for key, counts in seen.items():
        total = sum(counts.values())
        (best, n), = counts.most_common(1)
        if total >= min_count and n / total >= MIN_SHARE:
            table[key] = best
    return table


def map_old_pos(sent: Sentence, table: OldPosMap) -> Sentence:
    """The old sentence with each token's (UPOS, FEATS) from the most specific key of ``table`` that it has;
    a token no key covers keeps its own (with the old lower-case feature values capitalised)."""
    out = []
    for i, t in enumerate(sent.tokens):
        upos, feats = next((table[k] for k in _pos_keys(sent, i) if k in table),
                           (t.upos, t.feats.replace("=yes", "=Yes")))
        out.append(Token(t.form, t.lemma, upos, t.xpos, feats, t.head, t.deprel, t.space_after))
    return Sentence(sent.sent_id, sent.text, tuple(out))
