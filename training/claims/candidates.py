"""Candidate (cause, effect) pairs of a parsed sentence, their features and their gold labels (issue 19).

A learned alternative to the rule stage's cue + argument rules, for an experiment
(training/claims/experiment.py), not part of the run:

- candidates: every noun (or proper noun) of the sentence with its nominal subtree (determiners,
  adjectives, prepositional complements; not its conjuncts, relative clauses or appositions), reduced
  to a node by the rule stage's own reducer (`pipeline.relations.phrases.node_phrase`);
- pairs: every ordered pair of two non-overlapping candidates of a sentence, and, when the sentence
  opens with an anaphor ("Dit", "Hierdoor", "Daardoor", ...), each candidate of the sentence before
  (same section) as cause with each candidate of this one as effect;
- relation: from the effect's kind (gemeentetaak: raakt, else leidt_tot) as the rule stage does; when
  reading the effect as a thing hit ("impact" role) gives another kind, both readings are candidates;
- features: the dependency path between the two heads, the lemma at its top, the words between, order
  and distance, kinds, negation/report/hypothetical markers, and (one switchable group) whether a cue
  of the rule lexicon matches;
- label: the repository's lenient match (`pipeline.evaluate.claims`) against the letter's gold lines.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from pipeline.evaluate.claims import MatchLine, claim_matches, fold
from pipeline.relations.claims import _ANAPHOR_ANYWHERE, _OPENING_ANAPHOR
from pipeline.relations.cues import ClaimCueLexicon
from pipeline.relations.phrases import NodePhrase, from_spacy, node_phrase
from pipeline.types import Claim

# children that are not part of a noun's own phrase: other conjuncts, clauses, appositions
_OUTSIDE = frozenset({"conj", "cc", "acl", "acl:relcl", "advcl", "appos", "punct", "parataxis", "ccomp", "xcomp",
                      "nsubj", "csubj", "cop", "aux", "aux:pass", "mark", "expl", "orphan", "dep"})
_NOT_HEADS = frozenset({"flat", "compound", "fixed", "compound:prt"})
_OUTSIDE_CLAUSE = frozenset({"conj", "cc", "punct", "parataxis", "advcl", "acl:relcl", "mark", "ccomp", "csubj"})
_CLAUSE_DEPS = frozenset({"aux", "aux:pass", "cop", "amod", "compound:prt", "fixed", "flat"})
MAX_SPAN = 12  # tokens of one candidate phrase
MAX_PATH = 6  # dependency arcs; a longer path is one value "long"
# a sentence that points back: the rule stage's own tests (read-only), and "Zulke/Dergelijke ..."
_ZULKE = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:zulke|zo'n|zo’n|dergelijke|als gevolg (?:hiervan|daarvan)|zo)\b", re.IGNORECASE)
_POINTERS = frozenset({"dit", "deze", "dat", "die", "hierdoor", "daardoor", "hiermee", "daarmee", "zulke", "dergelijke",
                       "hiervan", "daarvan", "zo"})
CUE_FEATURES = ("cue_sentence", "cue_between", "cue_dir")  # the rule-lexicon group, for the ablation
_MARKERS = ("negation", "reported", "endorsed", "hypothetical", "purpose", "positive", "request")


@dataclass(frozen=True)
class Span:
    """A candidate phrase: its head token and its tokens (indexes into the sentence's doc)."""

    head: int
    tokens: tuple[int, ...]
    text: str
    clause: bool
    cause: NodePhrase
    effect: NodePhrase
    impact: NodePhrase


@dataclass(frozen=True)
class Pair:
    """One candidate claim with its features; `index` is its sentence within the letter."""

    doc_id: str
    passage_id: str
    sentence: str
    index: int
    claim: Claim
    features: dict[str, float | str] = field(hash=False)
    cross: bool = False
    source_head: str = ""
    target_head: str = ""
    source_tokens: tuple[int, ...] = ()  # in the sentence before when `cross`
    target_tokens: tuple[int, ...] = ()


def phrase_tokens(token: Token, outside: frozenset[str] = _OUTSIDE) -> list[Token]:
    """The noun's own phrase: itself and its subtree without conjuncts, clauses and appositions
    (for a clause: without other clauses and conjuncts), at most MAX_SPAN tokens (nearest first)."""
    out: list[Token] = []

    def gather(t: Token) -> None:
        out.append(t)
        for child in t.children:
            if child.dep_ not in outside:
                gather(child)

    gather(token)
    out.sort(key=lambda t: t.i)
    if len(out) > MAX_SPAN:
        out = sorted(sorted(out, key=lambda t: abs(t.i - token.i))[:MAX_SPAN], key=lambda t: t.i)
    return out


def spans_of(doc: Doc) -> list[Span]:
    """The candidate phrases of a parsed sentence, in reading order: nouns with their phrase, and
    verbs with their clause (a nominalised clause: "statushouders niet mogen werken")."""
    out: list[Span] = []
    for token in doc:
        clause = token.pos_ == "VERB" and token.dep_ not in _CLAUSE_DEPS
        if not clause and (token.pos_ not in {"NOUN", "PROPN"} or token.dep_ in _NOT_HEADS):
            continue
        tokens = phrase_tokens(token, _OUTSIDE_CLAUSE if clause else _OUTSIDE)
        if clause and len(tokens) < 2:
            continue
        words = from_spacy(tokens)
        cause = node_phrase(words, role="cause")
        effect = node_phrase(words, role="effect")
        impact = node_phrase(words, role="impact")
        if cause is None or effect is None or impact is None:
            continue
        text = doc[tokens[0].i:tokens[-1].i + 1].text
        out.append(Span(token.i, tuple(t.i for t in tokens), text, clause, cause, effect, impact))
    return out


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def dependency_path(a: Token, b: Token) -> tuple[str, Token]:
    """The labels from a up to the lowest common ancestor and down to b ("nsubj^ obl_"), and that ancestor."""
    up, down = _ancestors(a), _ancestors(b)
    down_ids = {t.i: n for n, t in enumerate(down)}
    for n, t in enumerate(up):
        if t.i in down_ids:
            top = t
            rising = [x.dep_ + "^" for x in up[:n]]
            falling = [x.dep_ + "_" for x in down[:down_ids[t.i]]][::-1]
            arcs = rising + falling
            return (" ".join(arcs) if len(arcs) <= MAX_PATH else "long"), top
    return "none", a  # different sentences of one doc: no common ancestor


def _bucket(n: int) -> str:
    for limit in (1, 2, 4, 8, 15):
        if n <= limit:
            return str(limit)
    return "more"


def sentence_features(text: str, cues: ClaimCueLexicon) -> dict[str, float | str]:
    """What the whole sentence says: markers of the rule lexicon's precision discipline."""
    out: dict[str, float | str] = {}
    for name in _MARKERS:
        if cues.marked(name, text):
            out[f"marker={name}"] = 1.0
    return out


def pair_features(doc: Doc, a: Span, b: Span, target: NodePhrase, source: NodePhrase, found_cues: Sequence[tuple[int, int, str]],
                  *, base: Mapping[str, float | str]) -> dict[str, float | str]:
    """Features of cause `a` -> effect `b` within one sentence; `found_cues`: (start char, end char,
    direction) of the rule lexicon's cues in the sentence."""
    ha, hb = doc[a.head], doc[b.head]
    path, top = dependency_path(ha, hb)
    out: dict[str, float | str] = dict(base)
    out["path"] = path
    out["top"] = top.lemma_.lower()
    out["top_pos"] = top.pos_
    out["top_is_end"] = 1.0 if top.i in (ha.i, hb.i) else 0.0
    verbs = [t for t in _ancestors(ha) if t.i != ha.i and t.pos_ in {"VERB", "AUX", "ADP", "SCONJ"}]
    if verbs:
        out["first_up_a"] = verbs[0].lemma_.lower()
    verbs_b = [t for t in _ancestors(hb) if t.i != hb.i and t.pos_ in {"VERB", "AUX", "ADP", "SCONJ"}]
    if verbs_b:
        out["first_up_b"] = verbs_b[0].lemma_.lower()
    out["order"] = "ab" if ha.i < hb.i else "ba"
    out["distance"] = _bucket(abs(ha.i - hb.i))
    first, second = (a, b) if ha.i < hb.i else (b, a)
    low, high = max(first.tokens), min(second.tokens)
    between = doc[low + 1:high] if 0 < high - low <= 16 else doc[0:0]
    for t in between:
        if t.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "ADV", "CCONJ", "NOUN", "PRON"}:
            out[f"between={t.lemma_.lower()}"] = 1.0
        if t.text == ",":
            out["comma_between"] = 1.0
    out["dep_a"] = ha.dep_
    out["dep_b"] = hb.dep_
    out["spans"] = f"{'clause' if a.clause else 'noun'}>{'clause' if b.clause else 'noun'}"
    out["path|top"] = f"{path}|{out['top']}"
    out["top|order"] = f"{out['top']}|{out['order']}"
    out["kind_a"] = source.kind
    out["kind_b"] = target.kind
    out["kinds"] = f"{source.kind}>{target.kind}"
    out["canonical_a"] = 1.0 if source.canonical else 0.0
    out["canonical_b"] = 1.0 if target.canonical else 0.0
    out["neg_near"] = 1.0 if any(t.lower_ in {"niet", "geen"} and t.head.i in {top.i, *[v.i for v in verbs[:2]]}
                                 for t in doc) else 0.0
    # the rule lexicon's cues: one group of features, switchable (CUE_FEATURES)
    if found_cues:
        out["cue_sentence"] = 1.0
        start, end = doc[first.head].idx + len(doc[first.head].text), doc[second.head].idx
        inside = [direction for s, _, direction in found_cues if start <= s < end]
        if inside:
            out["cue_between"] = 1.0
            out["cue_dir"] = f"{inside[0]}:{out['order']}"
    return out


def cross_features(doc: Doc, b: Span, source: NodePhrase, target: NodePhrase, previous: Doc, a: Span,
                   found_cues: Sequence[tuple[int, int, str]], *, base: Mapping[str, float | str]) -> dict[str, float | str]:
    """Features of a cause `a` in the sentence before -> effect `b` in a sentence opening with an anaphor."""
    anchor = next((t for t in doc if t.lower_ in _POINTERS), doc[0])
    path, top = dependency_path(anchor, doc[b.head])
    ha = previous[a.head]
    out: dict[str, float | str] = dict(base)
    out["cross"] = 1.0
    out["anaphor"] = anchor.lower_
    out["path"] = "X " + path
    out["top"] = top.lemma_.lower()
    out["dep_b"] = doc[b.head].dep_
    out["dep_a_prev"] = ha.dep_
    out["spans"] = f"{'clause' if a.clause else 'noun'}>{'clause' if b.clause else 'noun'}"
    out["path|top"] = f"{out['path']}|{out['top']}"
    out["a_in_main"] = 1.0 if ha.dep_ in {"nsubj", "obj", "ROOT", "root", "nsubj:pass"} else 0.0
    out["kind_a"] = source.kind
    out["kind_b"] = target.kind
    out["kinds"] = f"{source.kind}>{target.kind}"
    out["canonical_a"] = 1.0 if source.canonical else 0.0
    out["canonical_b"] = 1.0 if target.canonical else 0.0
    if found_cues:
        out["cue_sentence"] = 1.0
        if any(s < doc[b.head].idx for s, _, _ in found_cues):
            out["cue_between"] = 1.0
            out["cue_dir"] = f"{found_cues[0][2]}:X"
    return out


def points_back(text: str) -> bool:
    """Whether a sentence may take its cause from the sentence before (an anaphor)."""
    return bool(_OPENING_ANAPHOR.match(text) or _ANAPHOR_ANYWHERE.search(text) or _ZULKE.match(text))


def relation_of(target: NodePhrase) -> str:
    return "raakt" if target.kind == "gemeentetaak" else "leidt_tot"


def _source(node: NodePhrase) -> NodePhrase:
    return node if node.kind != "gemeentetaak" else NodePhrase(node.key, node.label, "risico", node.canonical, node.surface,
                                                                 node.head)


def _targets(span: Span) -> list[NodePhrase]:
    effect = span.effect if span.effect.kind != "maatregel" else NodePhrase(
        span.effect.key, span.effect.label, "risico", span.effect.canonical, span.effect.surface, span.effect.head)
    out = [effect]
    if relation_of(span.impact) != relation_of(effect):
        out.append(span.impact if span.impact.kind != "maatregel" else effect)
    return out


def make_claim(doc_id: str, passage_id: str, sentence: str, source: NodePhrase, source_text: str,
               target: NodePhrase, target_text: str, confidence: float = 1.0) -> Claim:
    return Claim(source_kind=source.kind, source=source.label, relation=relation_of(target), target_kind=target.kind,
                 target=target.label, doc_id=doc_id, passage_id=passage_id, sentence=sentence, cue="(model)",
                 source_key=source.key, target_key=target.key, source_text=source_text, target_text=target_text,
                 confidence=confidence)


def cue_spans(text: str, cues: ClaimCueLexicon) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, c.direction) for c in cues.find(text)]


def sentence_pairs(doc_id: str, passage_id: str, doc: Doc, index: int, cues: ClaimCueLexicon,
                   previous: Doc | None = None) -> list[Pair]:
    """All candidate pairs of one parsed sentence (and, after an anaphor, with the sentence before)."""
    text = doc.text
    base = sentence_features(text, cues)
    found = cue_spans(text, cues)
    spans = spans_of(doc)
    out: list[Pair] = []
    for a in spans:
        source = _source(a.cause)
        for b in spans:
            if a.head == b.head or a.head in b.tokens or b.head in a.tokens:
                continue
            for target in _targets(b):
                features = pair_features(doc, a, b, target, source, found, base=base)
                claim = make_claim(doc_id, passage_id, text, source, a.text, target, b.text)
                out.append(Pair(doc_id, passage_id, text, index, claim, features, False, doc[a.head].lower_,
                                doc[b.head].lower_, a.tokens, b.tokens))
    if previous is not None and points_back(text):
        for a in spans_of(previous):
            source = _source(a.cause)
            for b in spans:
                for target in _targets(b):
                    features = cross_features(doc, b, source, target, previous, a, found, base=base)
                    claim = make_claim(doc_id, passage_id, text, source, a.text, target, b.text)
                    out.append(Pair(doc_id, passage_id, text, index, claim, features, True, previous[a.head].lower_,
                                    doc[b.head].lower_, a.tokens, b.tokens))
    return out


def label(pair: Pair, gold: Sequence[MatchLine]) -> bool:
    """Whether the pair's claim matches a gold line of its letter (the lenient match of the scorer)."""
    sentence = fold(pair.sentence)
    return any(fold(line.anchor) in sentence and claim_matches(pair.claim, line) for line in gold)
