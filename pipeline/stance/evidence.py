"""What a passage says about each measure it is about: the clauses about it, the cues in them, a rule
score, and the features the trained model reads.

Scope: a clause is about a measure when it names it; a clause that names none is about the measures
of the clause before it in the same sentence (or after it: "Wij vrezen | dat X in het gedrang
komt"), and a sentence that names none is about the measures of the sentence before it ("De VNG
vindt dit uiterst zorgelijk"). A measure the passage does not name (inherited from a lead-in or
heading) is read from the whole passage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import pipeline.concepts.measures as measures
from pipeline.stance.rules import (
    Clause,
    Cue,
    StanceRules,
    clauses,
    cues_in,
    load_rules,
    lost,
    removed_after,
    removed_before,
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z➢•\"'‘“(])")
_WORD = re.compile(r"[\w'’-]+")
RULE_MARGIN = 0.3  # |support - objection| below this is neutraal for the rules
CARRIED = 0.75  # weight of a sentence that does not name the measure but follows one that does
DIRECT = 1.25  # weight of the clause that names it


@dataclass(frozen=True)
class MentionSpan:
    start: int
    end: int
    flipped: bool  # the object of a removal: "het verlagen van de X", "X afschaffen"


@dataclass(frozen=True)
class CueHit:
    text: str
    sign: int  # toward the measure, after negation and flip
    weight: float
    sentence: int  # index into the passage's sentences
    group: str
    negated: bool
    flipped: bool


@dataclass(frozen=True)
class Evidence:
    target: str
    mentioned: bool
    clause_text: str  # the clauses about the target, joined, mention masked as <T>
    window: tuple[str, ...]  # words around the first mention (masked), for the model
    hits: tuple[CueHit, ...]
    reported: int  # cues in others' words (not counted)
    support: float
    objection: float
    mention_sentence: int | None

    @property
    def undecided(self) -> bool:
        """The VNG says it has no position (yet) on the measure."""
        return any(h.sign == 0 for h in self.hits)

    @property
    def rule_stance(self) -> str:
        if self.undecided:
            return "neutraal"
        score = self.support - self.objection
        return "steunend" if score > RULE_MARGIN else "kritisch" if score < -RULE_MARGIN else "neutraal"

    def deciding_sentence(self, stance: str) -> int | None:
        """The sentence of the strongest cue that agrees with `stance`; else where the target is named."""
        sign = {"steunend": 1, "kritisch": -1, "neutraal": 0}.get(stance)
        agreeing = [h for h in self.hits if sign is not None and h.sign == sign]
        if agreeing:
            return max(agreeing, key=lambda h: (h.weight, -h.sentence)).sentence
        return self.mention_sentence


def sentence_spans(text: str, given: tuple[tuple[int, int], ...] = ()) -> tuple[tuple[int, int], ...]:
    """The passage's sentences from the pipeline (vng_sentences); a simple split where it has none."""
    if given:
        return given
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return tuple((s, e) for s, e in spans if text[s:e].strip())


@lru_cache(maxsize=512)
def _alias_patterns(target: str) -> tuple[re.Pattern[str], ...]:
    table = measures.load_measures()
    return tuple(a.regex for a in table.aliases if a.canonical == target)


def mentions(text: str, target: str, rules: StanceRules) -> list[MentionSpan]:
    """Where the passage names the target, and whether each mention is the object of a removal."""
    spans = {(m.start, m.end) for m in measures.find_measures(text) if m.canonical == target}
    for pattern in _alias_patterns(target):
        spans.update((m.start(), m.end()) for m in pattern.finditer(text))
    if spans:
        # "het pakket", "het verbod", "dit wetsvoorstel" after the measure was named refer back to it
        first = min(s for s, _ in spans)
        names = " ".join([target.lower(), *(text[s:e].lower() for s, e in spans)])
        for head in rules.heads:
            if head not in names:
                continue
            for match in re.finditer(rf"\b(?:het|de|dit|deze|dat|die)\s+({head}|\w+-?{head})\b", text, re.IGNORECASE):
                if match.start(1) > first:
                    spans.add((match.start(1), match.end(1)))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return [MentionSpan(s, e, removed_before(text, s, rules) or removed_after(text, e, rules)) for s, e in sorted(chosen)]


def _masked(text: str, start: int, end: int, spans: list[MentionSpan]) -> str:
    out, cursor = [], start
    for span in spans:
        if span.end <= start or span.start >= end:
            continue
        out.append(text[cursor:max(cursor, span.start)])
        out.append(" <T> ")
        cursor = min(end, span.end)
    out.append(text[cursor:end])
    return "".join(out)


def passage_evidence(text: str, targets: tuple[str, ...], sentences: tuple[tuple[int, int], ...] = (),
                     co_signers: frozenset[str] = frozenset(), rules: StanceRules | None = None) -> list[Evidence]:
    """One Evidence per target of the passage."""
    rules = rules or load_rules()
    spans = sentence_spans(text, sentences)
    found = {t: mentions(text, t, rules) for t in targets}
    named = [t for t in targets if found[t]]
    # about[i][j]: target -> flipped, for clause j of sentence i
    sentence_clauses: list[list[Clause]] = [clauses(text, s, e, rules) for s, e in spans]
    about: list[list[dict[str, bool]]] = []
    previous: dict[str, bool] = {}
    for index, clause_list in enumerate(sentence_clauses):
        own: list[dict[str, bool]] = []
        for clause in clause_list:
            here = {t: any(m.flipped for m in found[t] if clause.start <= m.start < clause.end)
                    for t in named if any(clause.start <= m.start < clause.end for m in found[t])}
            own.append(here)
        filled: list[dict[str, bool]] = []
        for j, here in enumerate(own):
            if here:
                filled.append(here)
                continue
            before = next((own[k] for k in range(j - 1, -1, -1) if own[k]), None)
            after = next((own[k] for k in range(j + 1, len(own)) if own[k]), None)
            filled.append(dict(before or after or previous or {t: False for t in named}))
        about.append(filled)
        sentence_named = {t: f for here in own for t, f in here.items()}
        if sentence_named and index > 0 and any(p.search(text[spans[index][0]:spans[index][1]].lower())
                                                for p in rules.continuation):
            for earlier in about[index - 1]:
                earlier.update({t: f for t, f in sentence_named.items() if t not in earlier})
        if sentence_named:
            previous = sentence_named
    # a clause's cues and a sentence's "lost" do not depend on the target: found once per passage, not per target
    sentence_texts = [text[s:e] for s, e in spans]
    sentence_lost = [lost(sentence, rules) for sentence in sentence_texts] if targets else []
    clause_cues: dict[tuple[int, int], list[Cue]] = {}
    out: list[Evidence] = []
    for target in targets:
        hits: list[CueHit] = []
        reported = 0
        pieces: list[str] = []
        mention_sentence = None
        for i, clause_list in enumerate(sentence_clauses):
            sentence_text = sentence_texts[i]
            for j, clause in enumerate(clause_list):
                if found[target]:
                    if target not in about[i][j]:
                        continue
                    flip = about[i][j][target]
                else:
                    flip = False  # not named (inherited from a lead-in or heading): the whole passage is about it
                direct = any(clause.start <= m.start < clause.end for m in found[target])
                if direct and mention_sentence is None:
                    mention_sentence = i
                flip = flip != sentence_lost[i]  # "Wij vrezen dat X in het gedrang komt": fear for X is support
                pieces.append(_masked(text, clause.start, clause.end, found[target]))
                cues = clause_cues.get((i, j))
                if cues is None:
                    cues = clause_cues[(i, j)] = cues_in(clause, sentence_text, rules, co_signers)
                for cue in cues:
                    if cue.voice == "other":
                        reported += 1
                        continue
                    sign = -cue.polarity if flip else cue.polarity
                    named_here = any(spans[i][0] <= m.start < spans[i][1] for m in found[target])
                    scale = DIRECT if direct else 1.0 if named_here or not found[target] else CARRIED
                    hits.append(CueHit(cue.text, sign, cue.weight * scale, i, cue.group, cue.negated, flip))
        window: tuple[str, ...] = ()
        if found[target]:
            first = found[target][0]
            left = _WORD.findall(text[max(0, first.start - 60):first.start].lower())[-4:]
            right = _WORD.findall(text[first.end:first.end + 60].lower())[:4]
            window = tuple(f"l{len(left) - k}:{w}" for k, w in enumerate(left)) + tuple(
                f"r{k + 1}:{w}" for k, w in enumerate(right))
        support = round(sum(h.weight for h in hits if h.sign > 0), 4)
        objection = round(sum(h.weight for h in hits if h.sign < 0), 4)
        out.append(Evidence(target, bool(found[target]), " ".join(pieces), window, tuple(hits), reported,
                            support, objection, mention_sentence))
    return out


# Feature groups of the shipped model. Measured leave-one-letter-out on the real letters (README,
# Statements): with the words ("w", "b", "win") the model overfits the ~170 examples there are
# (macro-F1 0.73 against 0.82 without), so they are made only when asked for (training, evaluation), not
# used by the shipped model until there is more gold.
ALL_GROUPS = ("rule", "cue", "passage", "w", "b", "win")
SHIPPED_GROUPS = ("rule", "passage")


def features(evidence: Evidence, passage_scores: dict[str, float] | None = None,
             groups: tuple[str, ...] = SHIPPED_GROUPS) -> dict[str, float]:
    """Target-marked features for the model: rule scores and cues (signed toward the target), words of
    the clauses about it with the mention masked, words around the mention, and the passage's stance."""
    every = _all_features(evidence, passage_scores, groups)
    return {k: v for k, v in every.items() if k.split(":", 1)[0] in groups}


def _all_features(evidence: Evidence, passage_scores: dict[str, float] | None,
                  groups: tuple[str, ...] = ALL_GROUPS) -> dict[str, float]:
    """Every feature of the groups asked for, in one fixed order (the word groups, which the shipped
    model does not use, are only made when asked for)."""
    feats: dict[str, float] = {
        "rule:support": evidence.support,
        "rule:objection": evidence.objection,
        f"rule:stance={evidence.rule_stance}": 1.0,
        "rule:reported": min(evidence.reported, 3) / 3,
        "rule:named": 1.0 if evidence.mentioned else 0.0,
    }
    if any(h.flipped for h in evidence.hits):
        feats["rule:flipped"] = 1.0
    if any(h.negated for h in evidence.hits):
        feats["rule:negated"] = 1.0
    if evidence.undecided:
        feats["rule:undecided"] = 1.0
    for hit in evidence.hits:
        key = f"cue:{'+' if hit.sign > 0 else '-' if hit.sign < 0 else '0'}{hit.text.lower()}"
        feats[key] = feats.get(key, 0.0) + 1.0
    if "w" in groups or "b" in groups:
        words = _WORD.findall(evidence.clause_text.lower().replace("<t>", " ttarget "))
        for word in words:
            feats[f"w:{word}"] = 1.0
        for a, b in pairwise(words):
            feats[f"b:{a}_{b}"] = 1.0
    if "win" in groups:
        for item in evidence.window:
            feats[f"win:{item}"] = 1.0
    for stance, value in (passage_scores or {}).items():
        feats[f"passage:{stance}"] = float(value)
    return feats
