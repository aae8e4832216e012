"""Relation cues (cues.yaml): the verbs and phrases that link a cause and an effect, and the markers."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import ClassVar, Protocol, TypeVar

from pipeline.concepts.lexicon import NeedleIndex, StartScan, may_match, needle_trie, needles_of
from pipeline.datafiles import DataFile, LineDict, LineList, package_file, read_yaml
from pipeline.regex_cache import compile_pattern
from pipeline.relations.predicates import load_predicates

CUES_FILE = "cues.yaml"
DIRECTIONS = ("forward", "backward", "effect_before", "nominal", "anaphoric", "amplify", "prevent", "obstacle")
MARKERS = ("expectation", "relative", "additive", "pronoun_anaphor", "adverb_anaphor", "risk_anaphor",
           "measure_anaphor_plural", "measure_anaphor_singular", "vagueness", "defused", "given", "not_a_cause",
           "request", "negation")

# ----------------------------------------------------------------------------- cue data

@dataclass(frozen=True)
class CueItem:
    """One entry of cues.yaml: a cue (group = its direction) or a marker (group = its list)."""

    group: str
    raw: str
    line: int
    regex: re.Pattern[str]
    cause_follows: bool = False
    chain: bool = False
    needle: str | None = None  # a lower-case word every match contains: skip sentences without it
    needles: tuple[str, ...] | None = None  # without a needle: one of these is in every match

    @property
    def key(self) -> tuple[str, str]:
        return (self.group, self.raw)


@dataclass(frozen=True)
class Cue:
    direction: str
    start: int
    end: int
    text: str
    cause_follows: bool = False
    chain: bool = False  # a connective after a clause: its cause is that clause's risk ("..., waardoor")


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


SpannedT = TypeVar("SpannedT", bound=_Spanned)


def longest_first(found: Iterable[SpannedT], order: Callable[[SpannedT], tuple[object, ...]]) -> list[SpannedT]:
    """Of overlapping spans the first in `order` (longest first) wins; the winners in that order."""
    chosen: list[SpannedT] = []
    for span in sorted(found, key=order):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return chosen


def marker_patterns(items: Iterable[CueItem], names: Iterable[str]) -> dict[str, tuple[re.Pattern[str], ...]]:
    """The patterns of each marker list, in file order."""
    out: dict[str, list[re.Pattern[str]]] = {name: [] for name in names}
    for item in items:
        if item.group in out:
            out[item.group].append(item.regex)
    return {name: tuple(patterns) for name, patterns in out.items()}


class _CueItems:
    """What both cue lexicons share: their items split into cues (groups in `directions`) and marker
    lists (groups in `marker_names`)."""

    items: tuple[CueItem, ...]
    directions: ClassVar[tuple[str, ...]]
    marker_names: ClassVar[tuple[str, ...]]

    @cached_property
    def _cues(self) -> tuple[CueItem, ...]:
        return tuple(item for item in self.items if item.group in self.directions)

    @cached_property
    def _markers(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        return marker_patterns(self.items, self.marker_names)

    def markers(self, name: str) -> tuple[re.Pattern[str], ...]:
        return self._markers[name]

    def marker_scans(self, name: str) -> tuple[StartScan, ...]:
        """The patterns of marker list `name` as StartScans: the same matches as `markers(name)`'s finditer,
        tried only where a literal start of the pattern is (a look-behind makes `re` try every character)."""
        scans = self._marker_scans.get(name)
        if scans is None:
            scans = self._marker_scans[name] = tuple(StartScan(p) for p in self._markers[name])
        return scans

    @cached_property
    def _marker_scans(self) -> dict[str, tuple[StartScan, ...]]:
        return {}


@dataclass(frozen=True)
class CueLexicon(_CueItems):
    source: str
    items: tuple[CueItem, ...]
    directions: ClassVar[tuple[str, ...]] = DIRECTIONS
    marker_names: ClassVar[tuple[str, ...]] = MARKERS

    def ends_with(self, name: str, text: str, words_between: int = 0) -> bool:
        """Does text end with a marker of list `name`, followed by at most `words_between` words?"""
        key = (name, words_between)
        if key not in self._ending:
            self._ending[key] = tuple(re.compile(rf"(?:{p.pattern})\W*(?:\w+\W+){{0,{words_between}}}$", p.flags)
                                      for p in self._markers[name])
        return any(p.search(text) for p in self._ending[key])

    @cached_property
    def _ending(self) -> dict[tuple[str, int], tuple[re.Pattern[str], ...]]:
        return {}

    def find(self, sentence: str) -> list[Cue]:
        """The cues of a sentence in reading order; of overlapping cues the longest wins."""
        lowered = sentence.lower()
        found = [Cue(item.group, m.start(), m.end(), m.group(0).strip(), item.cause_follows, item.chain)
                 for item in self._cues if may_match(item.needle, item.needles, lowered)
                 for m in item.regex.finditer(sentence) if m.end() > m.start()]
        chosen = longest_first(found, lambda c: (-(c.end - c.start), c.start))
        negation = self._markers["negation"]
        return sorted((c for c in chosen if not any(p.search(c.text) for p in negation)
                       and not self.ends_with("negation", sentence[max(0, c.start - 20):c.start])),
                      key=lambda c: (c.start, c.end))

    def keep_items(self, keep: Callable[[CueItem], bool]) -> CueLexicon:
        """The same lexicon with only the items for which keep(item) is true (for ablation studies)."""
        return CueLexicon(self.source, tuple(item for item in self.items if keep(item)))


def parse_cues(file: DataFile) -> CueLexicon:
    """Validate cues.yaml; DataFileError names the file and line of anything wrong."""
    file.check_keys(file.data, {"cues", "markers"}, "the top level")
    cues = file.mapping(file.data, "cues")
    markers = file.mapping(file.data, "markers")
    items: list[CueItem] = []
    seen: dict[tuple[str, str], int] = {}
    for section, allowed in ((cues, DIRECTIONS), (markers, MARKERS)):
        for group in section:
            line = section.key_lines[group]
            if group not in allowed:
                raise file.fail(line, f"unknown list {group!r} (expected one of: {', '.join(allowed)})")
            entries = section[group]
            if not isinstance(entries, LineList) or not entries:
                raise file.fail(line, f"{group!r} must be a non-empty list")
            for entry, entry_line in zip(entries, entries.item_lines, strict=True):
                options = {"cause_follows": False, "chain": False}
                if isinstance(entry, LineDict):
                    file.check_keys(entry, {"pattern", *options}, f"a {group} cue")
                    if section is markers:
                        raise file.fail(entry_line, "markers are plain regex strings")
                    for option in options:
                        options[option] = entry.get(option, False)
                        if not isinstance(options[option], bool):
                            raise file.fail(entry.key_lines[option], f"{option!r} must be true or false")
                    entry = entry.get("pattern")
                if not isinstance(entry, str) or not entry.strip():
                    raise file.fail(entry_line, f"{group!r} holds {entry!r}; expected a regex string")
                if (group, entry) in seen:
                    raise file.fail(entry_line,
                                    f"{entry!r} is listed twice in {group!r} (also line {seen[group, entry]})")
                seen[group, entry] = entry_line
                regex = file.regex(rf"(?<![\w-])(?:{entry})(?![\w-])", entry_line)
                if regex.fullmatch(""):
                    raise file.fail(entry_line, f"{entry!r} matches the empty string")
                needle, needles = needles_of(entry, regex)
                items.append(CueItem(group, entry, entry_line, regex, **options, needle=needle, needles=needles))
    for group in (*DIRECTIONS, *MARKERS):
        if group not in cues and group not in markers:
            raise file.fail(file.data.line, f"missing list {group!r}")
    return CueLexicon(file.name, tuple(items))


@cache
def load_cues(path: Path | None = None) -> CueLexicon:
    source = path if path is not None else package_file("pipeline.relations", CUES_FILE)
    return parse_cues(read_yaml(source, str(path) if path is not None else f"pipeline/relations/{CUES_FILE}"))


# ----------------------------------------------------------------------------- open-vocabulary cues (issue 19)

CLAIM_CUES_FILE = "claim_cues.yaml"
CLAIM_DIRECTIONS = ("forward", "backward", "connective", "effect_before", "nominal", "anaphoric", "fear")
CLAIM_MARKERS = ("reported", "endorsed", "negation", "denied", "hypothetical", "purpose", "positive", "approval",
                 "request", "actor", "anaphor", "impact", "impact_passive")
_GROUPS = ("effect", "inner")


@dataclass(frozen=True)
class ClaimCue:
    """A cue found in a sentence: where it is, its direction, and the parts its pattern names."""

    direction: str
    start: int
    end: int
    text: str
    raw: str  # the cues.yaml entry, for ablation and reports
    effect: tuple[int, int] | None = None  # (?P<effect>...): the effect's characters
    inner: tuple[int, int] | None = None  # (?P<inner>...): words inside the cue (an inverted subject)


@dataclass(frozen=True)
class ClaimCueLexicon(_CueItems):
    """claim_cues.yaml: cues by direction and markers."""

    source: str
    items: tuple[CueItem, ...]
    stems: tuple[str, ...] = ()  # precheck: a sentence without any of them holds no cue
    directions: ClassVar[tuple[str, ...]] = CLAIM_DIRECTIONS
    marker_names: ClassVar[tuple[str, ...]] = CLAIM_MARKERS

    def marked(self, name: str, text: str) -> re.Match[str] | None:
        """The first match of any marker of list `name` in text."""
        found = [m for p in self._markers[name] if (m := p.search(text))]
        return min(found, key=lambda m: (m.start(), -m.end())) if found else None

    def worth_parsing(self, sentence: str) -> bool:
        """The cheap pre-check: does the sentence hold a word part of `precheck` and then a cue?"""
        return self.holds_stem(sentence.lower()) and bool(self.find(sentence))

    def holds_stem(self, lowered: str) -> bool:
        """Does the lower-cased sentence hold a word part of `precheck` (`any(stem in lowered ...)`)?"""
        return self._stem_trie.search(lowered) is not None

    @cached_property
    def _stem_trie(self) -> re.Pattern[str]:
        return compile_pattern(needle_trie(self.stems))

    @cached_property
    def _prechecks(self) -> NeedleIndex:
        return NeedleIndex([(item.needle, item.needles) for item in self._cues])

    @cached_property
    def _scans(self) -> tuple[StartScan, ...]:
        return tuple(StartScan(item.regex) for item in self._cues)

    def find(self, sentence: str) -> list[ClaimCue]:
        """The cues of a sentence in reading order; of overlapping cues the longest wins."""
        found: list[ClaimCue] = []
        cues, scans = self._cues, self._scans
        lowered = sentence.lower()
        for index in self._prechecks.passing(lowered):  # the items whose needles the sentence holds
            item = cues[index]
            for m in scans[index].finditer(sentence, lowered):
                if m.end() <= m.start():
                    continue
                # "effect2", "effect3": the effect in another branch of one entry (a construction in several word
                # orders; a name may appear once in a pattern)
                spans = {g.rstrip("0123456789"): (m.start(g), m.end(g)) for g in item.regex.groupindex
                         if g.rstrip("0123456789") in _GROUPS and m.start(g) >= 0 and m.end(g) > m.start(g)}
                found.append(ClaimCue(item.group, m.start(), m.end(), m.group(0).strip(), item.raw,
                                      spans.get("effect"), spans.get("inner")))
        chosen = longest_first(found, lambda c: (-(c.end - c.start), c.start, c.raw))
        return sorted(chosen, key=lambda c: (c.start, c.end))

    def keep_items(self, keep: Callable[[CueItem], bool]) -> ClaimCueLexicon:
        """The same lexicon with only the items for which keep(item) is true (for ablation studies)."""
        return ClaimCueLexicon(self.source, tuple(item for item in self.items if keep(item)), self.stems)


_CLASS = re.compile(r"\{([a-z_]+)\}")


def _expand_classes(file: DataFile, entry: str, line: int) -> str:
    """"{obstacle}" in a cue stands for the words of that noun class of predicates.yaml (one list, by
    meaning, shared by every cue that names it); an unknown class is an error."""
    classes = load_predicates().cue_classes

    def word_list(m: re.Match[str]) -> str:
        if m.group(1) not in classes:
            raise file.fail(line, f"{entry!r} names the class {{{m.group(1)}}}; predicates.yaml has "
                            f"{', '.join(sorted(classes))}")
        return "(?:" + "|".join(re.escape(w) for w in classes[m.group(1)]) + ")"
    return _CLASS.sub(word_list, entry)


def parse_claim_cues(file: DataFile) -> ClaimCueLexicon:
    """Validate claim_cues.yaml; DataFileError names the file and line of anything wrong."""
    file.check_keys(file.data, {"precheck", "cues", "markers"}, "the top level")
    stems = file.strings(file.data, "precheck")
    for stem, line in stems:
        if stem != stem.strip().lower() or not stem:
            raise file.fail(line, f"precheck: {stem!r} must be lower case without outer spaces")
    items: list[CueItem] = []
    seen: dict[tuple[str, str], int] = {}
    for key, allowed in (("cues", CLAIM_DIRECTIONS), ("markers", CLAIM_MARKERS)):
        section = file.mapping(file.data, key)
        for group in section:
            line = section.key_lines[group]
            if group not in allowed:
                raise file.fail(line, f"unknown list {group!r} (expected one of: {', '.join(allowed)})")
            entries = section[group]
            if not isinstance(entries, LineList) or not entries:
                raise file.fail(line, f"{group!r} must be a non-empty list")
            for raw, entry_line in zip(entries, entries.item_lines, strict=True):
                if not isinstance(raw, str) or not raw.strip():
                    raise file.fail(entry_line, f"{group!r} holds {raw!r}; expected a regex string")
                if (group, raw) in seen:
                    raise file.fail(entry_line,
                                    f"{raw!r} is listed twice in {group!r} (also line {seen[group, raw]})")
                seen[group, raw] = entry_line
                entry = _expand_classes(file, raw, entry_line)
                regex = file.regex(rf"(?<![\w-])(?:{entry})(?![\w-])", entry_line)
                if regex.fullmatch(""):
                    raise file.fail(entry_line, f"{entry!r} matches the empty string")
                unknown = {g.rstrip("0123456789") for g in regex.groupindex} - set(_GROUPS)
                if unknown or (key == "markers" and regex.groupindex):
                    raise file.fail(entry_line, f"{entry!r} names group(s) {', '.join(sorted(regex.groupindex))}; "
                                    f"cues may name only {', '.join(_GROUPS)}, markers none")
                if key == "cues" and not any(stem in entry.lower() for stem, _ in stems):
                    raise file.fail(entry_line, f"{entry!r} contains none of the precheck word parts")
                needle, needles = needles_of(entry, regex)
                items.append(CueItem(group, raw, entry_line, regex, needle=needle, needles=needles))
        for group in allowed:
            if group not in section:
                raise file.fail(section.line, f"missing list {group!r}")
    return ClaimCueLexicon(file.name, tuple(items), tuple(stem for stem, _ in stems))


@cache
def load_claim_cues(path: Path | None = None) -> ClaimCueLexicon:
    source = path if path is not None else package_file("pipeline.relations", CLAIM_CUES_FILE)
    return parse_claim_cues(read_yaml(source, str(path) if path is not None else
                                      f"pipeline/relations/{CLAIM_CUES_FILE}"))
