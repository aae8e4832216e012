"""One sentence: its concepts, its cues, and the cause-effect pairs around each cue (eight directions)."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pipeline.relations.context import _Context, _Record, _unique
from pipeline.relations.cues import Cue
from pipeline.relations.nodes import (
    _ADVERBS,
    _BOUNDARY,
    _COORDINATORS,
    _FINAL_COORDINATORS,
    _LIST_ITEM,
    _WORD,
    Node,
    _nodes,
    _skip_space,
)
from pipeline.relations.vocabulary import RELATION_BY_KINDS


def _opens_with(sentence: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    start = _skip_space(sentence, 0)
    return any(p.match(sentence, start) for p in patterns)


def _sentence(sentence: str, context: _Context) -> _Record:
    """The concepts and cause-effect pairs of one sentence."""
    cues_lexicon = context.vocabulary.cues
    nodes = [context.specific(n) for n in _nodes(sentence, context.vocabulary)]
    cues = [c for c in cues_lexicon.find(sentence)
            if not any(c.start < n.end and n.start < c.end for n in nodes)]
    cues = [c for c in cues if not c.cause_follows or _cause_follows(sentence, c, nodes)]
    nodes = sorted(nodes + _anaphoric_nodes(sentence, nodes, cues, context), key=lambda n: (n.start, n.end))
    additive = _opens_with(sentence, cues_lexicon.markers("additive"))
    state = _SentenceState(sentence, nodes, cues, context, additive)
    pairs = state.pairs()
    return _Record(nodes, pairs, additive)


def _cause_follows(sentence: str, cue: Cue, nodes: list[Node]) -> bool:
    for node in nodes:
        if node.start >= cue.end and node.is_cause:
            return len(_WORD.findall(sentence[cue.end:node.start])) <= 3
    return False


def _anaphoric_nodes(sentence: str, nodes: list[Node], cues: list[Cue], context: _Context) -> list[Node]:
    """Noun phrases that stand for earlier concepts: 'de plannen', 'dit wetsvoorstel', 'deze situatie'."""
    lexicon = context.vocabulary.cues
    out: list[Node] = []
    taken = [(n.start, n.end) for n in nodes] + [(c.start, c.end) for c in cues]

    def earlier(match: re.Match[str]) -> list[Node]:
        return [n for n in nodes if n.kind == "maatregel" and n.end <= match.start()]

    resolvers: dict[str, Callable[[re.Match[str]], list[Node]]] = {
        "measure_anaphor_plural": lambda m: context.measure_group(True, before=earlier(m)),
        "measure_anaphor_singular": lambda m: context.measure_group(False, m.groupdict().get("head"), earlier(m)),
        "risk_anaphor": lambda m: context.causes(risks_only=True),
    }
    for marker, resolve in resolvers.items():
        for pattern in lexicon.markers(marker):
            for match in pattern.finditer(sentence):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                for target in resolve(match):
                    out.append(Node(target.kind, target.name, match.start(), match.end(), target.alts, resolved=True))
                taken.append((match.start(), match.end()))
    return out


class _SentenceState:
    """Pairs cause and effect around each cue of one sentence."""

    def __init__(self, sentence: str, nodes: list[Node], cues: list[Cue], context: _Context, additive: bool) -> None:
        self.sentence = sentence
        self.nodes = nodes
        self.cues = cues
        self.context = context
        self.additive = additive
        self.markers = context.vocabulary.cues.markers
        self.used_context = False
        self.causes_of: list[list[Node]] = []
        self.effects_of: list[list[Node]] = []

    # --- helpers -----------------------------------------------------------------------------------
    def within(self, start: int, end: int) -> list[Node]:
        return [n for n in self.nodes if start <= n.start < end]

    def segment_before(self, i: int) -> tuple[int, int]:
        return (self.cues[i - 1].end if i else 0, self.cues[i].start)

    def segment_after(self, i: int) -> tuple[int, int]:
        return (self.cues[i].end, self.cues[i + 1].start if i + 1 < len(self.cues) else len(self.sentence))

    def causes_in(self, start: int, end: int) -> list[Node]:
        lexicon = self.context.vocabulary.cues
        return [node for node in self.within(start, end) if node.is_cause
                and not lexicon.ends_with("not_a_cause", self.sentence[max(0, node.start - 40):node.start])]

    def effect_list(self, start: int, end: int) -> list[Node]:
        """The first effect in the span and those coordinated with it ('A, B en C')."""
        effects = [(n, e) for n in self.within(start, end) if (e := n.as_effect())]
        if not effects:
            return []
        first = effects[0]
        out = [first[1]]
        last = first[0]
        for node, effect in effects[1:]:
            if node.start < last.end:  # another reading of the same words (an anaphor for several)
                out.append(effect)
                continue
            closing = self.coordinated(last.end, node.start)
            if closing is None:
                break
            out.append(effect)
            last = node
            if closing:
                break
        return out

    def last_group(self, nodes: list[Node]) -> list[Node]:
        """The last of the nodes and those coordinated with it ('X en Y leiden tot')."""
        if not nodes:
            return []
        group = [nodes[-1]]
        for node in reversed(nodes[:-1]):
            if node.end > group[0].start or self.coordinated(node.end, group[0].start) is not None:
                group.insert(0, node)
            else:
                break
        return group

    def effect_group_before(self, start: int, end: int) -> list[Node]:
        """The last effect in the span and those coordinated with it, in order."""
        effects = [(n, e) for n in self.within(start, end) if (e := n.as_effect())]
        if not effects:
            return []
        group = [effects[-1]]
        for node, effect in reversed(effects[:-1]):
            if node.end > group[0][0].start:
                group.insert(0, (node, effect))
                continue
            if self.coordinated(node.end, group[0][0].start) is None:
                break
            group.insert(0, (node, effect))
        return [e for _, e in group]

    def coordinated(self, start: int, end: int) -> bool | None:
        """None: not a list; False: a list goes on; True: the last item follows (after 'en'/'of')."""
        gap = self.sentence[start:end]
        words = [w.lower() for w in _WORD.findall(gap)]
        if len(words) > 4:
            return None
        if any(w not in _COORDINATORS for w in words):
            # an unnamed list item: "overbewoning, spanningen en hogere kosten"
            if not _LIST_ITEM.match(gap):
                return None
            words = [w for w in words if w in _COORDINATORS]
        if not words and not re.search(r"[,/–-]", gap):
            return None
        if words and not re.search(r"[,/–-]", gap) and not set(words) & (_FINAL_COORDINATORS | {"zoals", "als"}):
            return None
        return bool(set(words) & _FINAL_COORDINATORS)

    def clause_final(self, i: int) -> bool:
        """Cue i ends its clause (a verb at the end of a Dutch subordinate or verb-final clause)."""
        rest = self.sentence[self.cues[i].end:]
        stop = re.search(r"[.,;:!?()–—]|$", rest)
        return len(_WORD.findall(rest[:stop.start() if stop else len(rest)])) <= 1

    def has_adverb_anaphor(self, start: int, end: int) -> bool:
        text = self.sentence[start:end]
        return any(p.search(text) for p in self.markers("adverb_anaphor"))

    def pronoun_subject(self, start: int, end: int, cue_end: int) -> bool:
        """The cause side is only a pronoun ('Dit betekent', 'Het zorgt voor', 'creëert dit')."""
        text = self.sentence[start:end]
        for pattern in self.markers("expectation"):
            text = pattern.sub(" ", text)
        content = [w for w in _WORD.findall(text) if w.lower() not in _ADVERBS]
        pronouns = self.markers("pronoun_anaphor")
        if len(content) == 1:
            return any(p.fullmatch(content[0]) for p in pronouns)
        if content:
            return False
        # inverted word order: "creëert dit", "zorgt dit voor" (the pronoun right after or inside the cue)
        after = _WORD.match(self.sentence, _skip_space(self.sentence, cue_end))
        inside = _WORD.findall(self.sentence[end:cue_end])[1:]
        return any(p.fullmatch(w) for p in pronouns for w in [*inside, *([after.group(0)] if after else [])][:3])

    def relative_before(self, i: int) -> Node | None:
        """'..., wat leidt tot' / 'die ... effect hebben op': the concept the relative pronoun refers to."""
        start, end = self.segment_before(i)
        text = self.sentence[start:end]
        for pattern in self.markers("relative"):
            for match in pattern.finditer(text):
                tail = _WORD.findall(text[match.end():])
                if len(tail) <= 3 and all(w.lower() in _ADVERBS for w in tail):
                    position = start + match.start()
                    causes = [n for n in self.nodes if n.end <= position and n.is_cause]
                    if causes:
                        nearest = causes[-1]
                        return nearest
        return None

    def expectation(self) -> re.Match[str] | None:
        for pattern in self.markers("expectation"):
            match = pattern.search(self.sentence)
            if match:
                return match
        return None

    def from_context(self, *, risks_only: bool = False) -> list[Node]:
        found = self.context.causes(additive=self.additive, risks_only=risks_only)
        if found:
            self.used_context = True
        return found

    def at_sentence_start(self, position: int) -> bool:
        words = [w.lower() for w in _WORD.findall(self.sentence[:position])]
        return all(w in _ADVERBS or w in {"enerzijds", "anderzijds"} for w in words)

    # --- directions ---------------------------------------------------------------------------------
    def pairs(self) -> list[tuple[Node, Node, Cue]]:
        pairs: list[tuple[Node, Node, Cue]] = []
        for i, cue in enumerate(self.cues):
            causes, effects = getattr(self, f"_{cue.direction}")(i)
            causes, effects = _unique(causes), _unique(effects)
            self.causes_of.append(causes)
            self.effects_of.append(effects)
            for cause in causes:
                for effect in effects:
                    if _related(cause, effect):
                        pairs.append((cause, effect, cue))
        if not any(c.kind == "maatregel" for c, _, _ in pairs) and not self.used_context:
            marker = self.expectation()
            if marker:
                # a feared effect without a cue must be a named risk (a task needs a cue saying it is hit)
                effects = [e for n in self.within(marker.end(), len(self.sentence))
                           if (e := n.as_effect()) and e.kind == "risico"]
                if effects:
                    cue = Cue("expectation", marker.start(), marker.end(), marker.group(0))
                    pairs += [(c, e, cue) for c in self.context.measures() for e in effects if _related(c, e)]
        seen: set[tuple[str, str]] = set()
        unique: list[tuple[Node, Node, Cue]] = []
        for cause, effect, cue in pairs:
            if (cause.name, effect.name) not in seen:
                seen.add((cause.name, effect.name))
                unique.append((cause, effect, cue))
        return unique

    def _cause_side(self, i: int, start: int, end: int) -> list[Node]:
        """Causes of cue i from the text before it (forward, effect_before, obstacle)."""
        cue = self.cues[i]
        relative = self.relative_before(i)
        if relative is not None:
            return [relative]
        previous_effects = {e.name for e in self.effects_of[i - 1]} if i else set()
        if cue.chain and i:
            chain = [e for e in self.effects_of[i - 1] if e.kind == "risico"]
            if chain:
                return chain
        causes = self.last_group([c for c in self.causes_in(start, end) if c.name not in previous_effects])
        if causes:
            return causes
        if self.has_adverb_anaphor(start, end) or self.pronoun_subject(start, end, cue.end):
            return self.from_context()
        if i:
            return self.causes_of[i - 1]
        return []

    def _forward(self, i: int) -> tuple[list[Node], list[Node]]:
        start, end = self.segment_before(i)
        after_start, after_end = self.segment_after(i)
        effects = self.effect_list(after_start, after_end)
        causes = self._cause_side(i, start, end)
        if not effects and self.clause_final(i):  # verb-final: "die ... Y veroorzaken", "X kan Y bemoeilijken"
            first_cause = min((c.end for c in causes if not c.resolved and start <= c.start < end), default=start)
            effects = self.effect_group_before(first_cause, end)
        return causes, effects

    def _backward(self, i: int) -> tuple[list[Node], list[Node]]:
        cue = self.cues[i]
        start, end = self.segment_before(i)
        after_start, after_end = self.segment_after(i)
        boundary = _BOUNDARY.search(self.sentence, after_start, after_end)
        phrase_end = boundary.start() if boundary else after_end
        if cue.cause_follows or (boundary is None and self.at_sentence_start(cue.start)):
            # "Door X kunnen Y ...", "Vanwege X is Y ...": the cause is the noun phrase after the cue
            following = self.causes_in(after_start, phrase_end)
            if following:
                group = [following[0]]
                for node in following[1:]:
                    if node.start < group[-1].end or self.coordinated(group[-1].end, node.start) is not None:
                        group.append(node)
                    else:
                        break
                group_end = max(n.end for n in self.nodes if n.start < group[-1].end and n.end > group[0].start)
                if any(n.as_effect() for n in self.within(group_end, phrase_end)):
                    phrase_end = group_end
        causes = self.causes_in(after_start, phrase_end)
        if not causes and not self.within(after_start, phrase_end) and self.at_sentence_start(cue.start):
            causes = self.from_context()
        effects = self.effect_group_before(start, end)
        if not effects:
            effects = self.effect_list(phrase_end, after_end)
        if not effects and i:
            effects = self.effects_of[i - 1]
        if not effects and (self.at_sentence_start(cue.start) or self.has_adverb_anaphor(0, cue.start)):
            effects = self.context.effects()
            self.used_context = self.used_context or bool(effects)
        return causes, effects

    def _effect_before(self, i: int) -> tuple[list[Node], list[Node]]:
        start, end = self.segment_before(i)
        effects = self.effect_group_before(start, end)
        if not effects:
            return [], []
        group_start = min(n.start for n in self.within(start, end) if (effect := n.as_effect()) is not None and
                          any(effect.name == e.name for e in effects))
        previous_effects = {e.name for e in self.effects_of[i - 1]} if i else set()
        causes = [c for c in self.causes_in(start, group_start) if c.name not in previous_effects]
        if not causes and i:
            causes = self.causes_of[i - 1]
        if not causes and (self.has_adverb_anaphor(0, end) or self.expectation() is not None
                           or self.pronoun_subject(start, group_start, self.cues[i].end)):
            causes = self.from_context()
        return causes, effects

    def _nominal(self, i: int) -> tuple[list[Node], list[Node]]:
        after_start, after_end = self.segment_after(i)
        link = re.compile(r"\b(?:voor|op)\b", re.IGNORECASE).search(self.sentence, after_start, after_end)
        if not link or len(_WORD.findall(self.sentence[after_start:link.start()])) > 8:
            return [], []
        causes = self.causes_in(after_start, link.start())
        if not causes and self.has_adverb_anaphor(after_start, link.start()) and not self.within(0, self.cues[i].start):
            causes = self.from_context()
        return causes, self.effect_list(link.end(), after_end)

    def _anaphoric(self, i: int) -> tuple[list[Node], list[Node]]:
        cue = self.cues[i]
        start, _ = self.segment_before(i)
        _, end = self.segment_after(i)
        causes = [n for n in self.within(start, cue.start) if n.kind == "maatregel"]
        if not causes:
            causes = self.from_context()
        names = {c.name for c in causes}
        effects = [e for n in self.within(start, end) if (e := n.as_effect()) and n.name not in names
                   and e.name not in names]
        return causes, effects

    def _amplify(self, i: int) -> tuple[list[Node], list[Node]]:
        return [n for n in self.nodes if n.kind == "maatregel"], self.context.previous_effects()

    def _prevent(self, i: int) -> tuple[list[Node], list[Node]]:
        after_start, after_end = self.segment_after(i)
        effects = self.effect_list(after_start, after_end)
        if not effects:
            return [], []
        causes = self.context.causes(risks_only=True)
        self.used_context = self.used_context or bool(causes)
        return causes, effects

    def _obstacle(self, i: int) -> tuple[list[Node], list[Node]]:
        start, end = self.segment_before(i)
        after_start, after_end = self.segment_after(i)
        causes = self._cause_side(i, start, end)
        effects = [e for e in self.effect_list(after_start, after_end) if e.kind == "gemeentetaak"]
        if not effects and causes:
            effects = self.context.tasks()
        return causes, effects


def _related(cause: Node, effect: Node) -> bool:
    """A claim needs a cause and an effect of the right kinds that are not the same thing."""
    if (cause.kind, effect.kind) not in RELATION_BY_KINDS or cause.name == effect.name:
        return False
    a, b = cause.name.lower(), effect.name.lower()
    return not (a.startswith(b + " ") or b.startswith(a + " ") or a.startswith(b + " (") or b.startswith(a + " ("))
