"""The cue rules of the statement stage: which clauses are about a measure, and what they say of it.

Works on plain text with character offsets (the blank spaCy pipeline gives sentences only). A
dependency parse, where it lands, can replace `clauses()` and `_negated()` without changing the
callers: they only need clause spans, and whether a cue in a clause is negated.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from pipeline.concepts.lexicon import literal_needle
from pipeline.datafiles import DataFile, LineDict, package_file, read_yaml

RULES_FILE = "rules.yaml"
_PUNCT_SPLIT = re.compile(r"[,;:–—()]|\s-\s")


@dataclass(frozen=True)
class CueGroup:
    name: str
    polarity: int
    weight: float
    writer: bool
    patterns: tuple[re.Pattern[str], ...]
    # per pattern, a lower-case word every match contains (None: unsure): a clause without it is not scanned
    needles: tuple[str | None, ...] = ()

    def scanned(self, lowered: str) -> Iterator[re.Pattern[str]]:
        """The patterns that can match the lower-cased text at all."""
        if not self.needles:
            yield from self.patterns
            return
        for pattern, needle in zip(self.patterns, self.needles, strict=True):
            if needle is None or needle in lowered:
                yield pattern


@dataclass(frozen=True)
class StanceRules:
    groups: tuple[CueGroup, ...]
    negators: tuple[re.Pattern[str], ...]
    not_negators: tuple[re.Pattern[str], ...]
    removals_before: tuple[re.Pattern[str], ...]
    removals_after: tuple[re.Pattern[str], ...]
    losses: tuple[re.Pattern[str], ...]
    actors: tuple[re.Pattern[str], ...]  # others than the VNG
    reporting: tuple[re.Pattern[str], ...]
    vng: tuple[re.Pattern[str], ...]
    heads: tuple[str, ...]
    continuation: tuple[re.Pattern[str], ...]
    co_signers: dict[str, tuple[re.Pattern[str], ...]]
    contrast: re.Pattern[str]
    concession: re.Pattern[str]
    splitter: re.Pattern[str]


@dataclass(frozen=True)
class Clause:
    start: int  # offsets into the passage text
    end: int
    text: str
    weight: float  # contrast clauses weigh more, concessive ones less


@dataclass(frozen=True)
class Cue:
    group: str
    text: str  # the words matched
    polarity: int  # after negation, before the flip toward a removed/lost measure
    weight: float
    negated: bool
    voice: str  # "vng" | "other"


def _patterns(file: DataFile, parent: LineDict, key: str) -> tuple[re.Pattern[str], ...]:
    return tuple(file.regex(p, line) for p, line in file.strings(parent, key))


def parse_rules(file: DataFile) -> StanceRules:
    top = file.data
    file.check_keys(top, {"cues", "negators", "not_negators", "removals", "losses", "others", "vng", "co_signers",
                          "contrast", "concession", "splitters", "heads", "continuation"}, "the top level")
    others = file.mapping(top, "others")
    file.check_keys(others, {"actors", "reporting"}, "others")
    cues = file.mapping(top, "cues")
    groups = []
    for name in cues:
        entry = cues[name]
        line = cues.key_lines[name]
        if not isinstance(entry, LineDict):
            raise file.fail(line, f"cue group {name!r} must be a mapping with polarity, weight and patterns")
        file.check_keys(entry, {"polarity", "weight", "writer", "patterns"}, f"cue group {name!r}")
        polarity, weight = entry.get("polarity"), entry.get("weight")
        if polarity not in (1, 0, -1):
            raise file.fail(line, f"cue group {name!r}: polarity must be 1, 0 or -1")
        if not isinstance(weight, (int, float)) or not 0 < weight <= 3:
            raise file.fail(line, f"cue group {name!r}: weight must be a number in (0, 3]")
        writer = entry.get("writer", False)
        if not isinstance(writer, bool):
            raise file.fail(line, f"cue group {name!r}: writer must be true or false")
        patterns = _patterns(file, entry, "patterns")
        if not patterns:
            raise file.fail(line, f"cue group {name!r} has no patterns")
        groups.append(CueGroup(str(name), int(polarity), float(weight), writer, patterns,
                               tuple(literal_needle(p.pattern) for p in patterns)))
    removals = file.mapping(top, "removals")
    file.check_keys(removals, {"before", "after"}, "removals")
    signers_map = file.mapping(top, "co_signers")
    signers: dict[str, tuple[re.Pattern[str], ...]] = {}
    for name in signers_map:
        signers[str(name).lower()] = _patterns(file, signers_map, name)

    def alternation(key: str) -> re.Pattern[str]:
        return file.regex("|".join(f"(?:{p})" for p, _ in file.strings(top, key)), top.key_lines.get(key, 1))

    return StanceRules(
        groups=tuple(groups), negators=_patterns(file, top, "negators"), not_negators=_patterns(file, top, "not_negators"),
        removals_before=_patterns(file, removals, "before"), removals_after=_patterns(file, removals, "after"),
        losses=_patterns(file, top, "losses"), actors=_patterns(file, others, "actors"),
        reporting=_patterns(file, others, "reporting"), vng=_patterns(file, top, "vng"),
        heads=tuple(h.lower() for h, _ in file.strings(top, "heads")),
        continuation=_patterns(file, top, "continuation"),
        co_signers=signers, contrast=alternation("contrast"), concession=alternation("concession"),
        splitter=alternation("splitters"),
    )


@cache
def load_rules(path: Path | None = None) -> StanceRules:
    source = path if path is not None else package_file("pipeline.stance", RULES_FILE)
    return parse_rules(read_yaml(source, str(path) if path else f"pipeline/stance/{RULES_FILE}"))


def clauses(text: str, start: int, end: int, rules: StanceRules) -> list[Clause]:
    """The clauses of one sentence (text[start:end]): cut at punctuation, subordinators and contrast
    words; a clause opened by a contrast word weighs 1.5, by a concession 0.5."""
    cuts = {start, end}
    sentence = text[start:end]
    for match in _PUNCT_SPLIT.finditer(sentence):
        cuts.add(start + match.start())
    for pattern in (rules.splitter, rules.contrast, rules.concession):
        for match in pattern.finditer(sentence):
            cuts.add(start + match.start())
    bounds = sorted(cuts)
    out: list[Clause] = []
    for left, right in pairwise(bounds):
        piece = text[left:right]
        if not piece.strip(" ,;:–—()-"):
            continue
        head = piece.lstrip(" ,;:–—()-").lower()
        weight = 1.5 if rules.contrast.match(head) else 0.5 if rules.concession.match(head) else 1.0
        out.append(Clause(left, right, piece, weight))
    return out


def _negated(clause: str, cue: re.Match[str], rules: StanceRules) -> bool:
    covered = [(m.start(), m.end()) for p in rules.not_negators for m in p.finditer(clause)]
    covered.append((cue.start(), cue.end()))
    for pattern in rules.negators:
        for match in pattern.finditer(clause):
            if not any(s <= match.start() < e for s, e in covered):
                return True
    return False


def voice(clause: str, sentence: str, rules: StanceRules, co_signers: frozenset[str] = frozenset(),
          before: int | None = None) -> str:
    """"other" when the words up to `before` in the clause are another actor's (an actor other than the
    VNG before the cue, and the VNG not named in the clause), or the sentence reports them ("volgens")."""
    lowered = clause.lower()
    if any(p.search(lowered) for p in rules.vng):
        return "vng"
    head = lowered[:before] if before is not None else lowered
    allied = [p for name in co_signers for p in rules.co_signers.get(name, ())]
    for pattern in rules.actors:
        for match in pattern.finditer(head):
            if not any(a.search(match.group(0)) for a in allied):
                return "other"
    lowered_sentence = sentence.lower()
    if any(p.search(lowered_sentence) for p in rules.reporting):
        return "other"
    # a sentence whose subject is another actor ("De evaluatie noemt A, B en C als knelpunten") speaks
    # for that actor in all its clauses, unless the VNG is named in it
    opening = lowered_sentence.lstrip()[:40]
    if not any(p.search(lowered_sentence) for p in rules.vng) and any(
            m.start() < 12 and not any(a.search(m.group(0)) for a in allied)
            for p in rules.actors for m in p.finditer(opening)):
        return "other"
    return "vng"


def cues_in(clause: Clause, sentence: str, rules: StanceRules, co_signers: frozenset[str] = frozenset()) -> list[Cue]:
    """Every cue in a clause, with its polarity after negation and whose voice it is."""
    lowered = clause.text.lower()
    found: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for group in rules.groups:
        for pattern in group.scanned(lowered):
            for match in pattern.finditer(lowered):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue  # one stretch of words is one cue ("niet realistisch", not also "realistisch")
                taken.append((match.start(), match.end()))
                negated = group.polarity != 0 and _negated(lowered, match, rules)
                found.append(Cue(group.name, clause.text[match.start():match.end()],
                                 -group.polarity if negated else group.polarity, group.weight * clause.weight,
                                 negated, "vng" if group.writer else voice(clause.text, sentence, rules, co_signers,
                                                                           match.start())))
    return found


def removed_before(text: str, start: int, rules: StanceRules) -> bool:
    window = text[max(0, start - 60):start].lower()
    return any(p.search(window) for p in rules.removals_before)


def removed_after(text: str, end: int, rules: StanceRules) -> bool:
    window = text[end:end + 60].lower()
    return any(p.search(window) for p in rules.removals_after)


def lost(clause: str, rules: StanceRules) -> bool:
    lowered = clause.lower()
    return any(p.search(lowered) for p in rules.losses)


def co_signers_of(texts: list[str], rules: StanceRules) -> frozenset[str]:
    """Organisations that sign or speak with the VNG in this letter ("De VNG, het IPO en ...")."""
    found = set()
    for name in rules.co_signers:
        joined = re.compile(rf"\bvng\b[^.]{{0,40}}\b{re.escape(name)}\b|\b{re.escape(name)}\b[^.]{{0,40}}\ben\s+(?:de\s+)?vng\b",
                            re.IGNORECASE)
        if any(joined.search(t) for t in texts):
            found.add(name)
    return frozenset(found)
