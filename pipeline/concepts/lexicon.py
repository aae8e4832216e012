"""A concept lexicon as data: canonical names with regex patterns, validated loudly at load time.

File format (YAML):

    kind: risico
    concepts:
      - name: dakloosheid
        patterns: ['dakloos\\w*', 'op straat (?:belanden|terechtkomen)']
      - name: "druk op {x}"          # {x} is filled from the named group x, lower-cased
        patterns: ['druk op (?:de |het )?(?P<x>opvang|asielketen)']

Patterns are matched case-insensitively on word boundaries. When matches overlap, the longest wins;
between matches of the same length, the concept listed first wins (list specific concepts first).
A lexicon can be narrowed to some of its patterns (`keep_patterns`), for ablation studies.
"""
from __future__ import annotations

import hashlib
import re
import re._parser as sre_parse  # the regex parser of the standard library: literal_needles reads patterns
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, cast

from pipeline.datafiles import LineDict, LineList, parse_yaml
from pipeline.regex_cache import compile_pattern, derived_value


@dataclass(frozen=True)
class ConceptMatch:
    kind: str
    name: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Entry:
    name: str
    pattern: re.Pattern[str]
    raw: str = ""  # the pattern as written in the file
    line: int = 0  # of the concept in the file
    index: int = 0  # of the concept in the file: earlier concepts win ties
    needle: str | None = None  # a lower-case word every match contains: a cheap pre-check
    needles: tuple[str, ...] | None = None  # without a needle: one of these is in every match

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.raw)


@dataclass(frozen=True)
class ConceptLexicon:
    kind: str
    source: str
    entries: tuple[_Entry, ...]

    @cached_property
    def _prechecks(self) -> NeedleIndex:
        return NeedleIndex([(entry.needle, entry.needles) for entry in self.entries])

    @cached_property
    def _scans(self) -> tuple[StartScan, ...]:
        return tuple(StartScan(entry.pattern) for entry in self.entries)

    def find(self, text: str) -> list[ConceptMatch]:
        found: list[tuple[ConceptMatch, int]] = []
        entries, scans = self.entries, self._scans
        lowered = text.lower()
        for index in self._prechecks.passing(lowered):  # the loop runs for every passage and phrase
            entry = entries[index]
            for match in scans[index].finditer(text, lowered):
                if match.end() == match.start():
                    continue
                name = entry.name
                if "{x}" in name:
                    name = name.replace("{x}", re.sub(r"\s+", " ", (match.group("x") or "").lower()).strip())
                found.append((ConceptMatch(self.kind, name, match.start(), match.end(), match.group(0)), entry.index))
        return _longest_first(found)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.name for e in self.entries))

    def keep_patterns(self, keep: Callable[[_Entry], bool]) -> ConceptLexicon:
        """The same lexicon with only the patterns for which keep(entry) is true."""
        return replace(self, entries=tuple(e for e in self.entries if keep(e)))


def literal_needle(pattern: str) -> str | None:
    """The longest word (4+ letters) that every match of `pattern` must contain, or None when unsure.

    Groups and character classes are dropped first (they may be optional or alternatives); a pattern
    with a top-level alternation has no single needle."""
    text = re.sub(r"\\.", " ", pattern)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)[?*+]?", " ", text)
    if "|" in text or "(" in text or ")" in text:
        return None
    words = [w for w in re.findall(r"[^\W\d_]{4,}", text) if not re.search(r"[?*+{]", text[text.find(w) + len(w):][:1])]
    return max(words, key=len).lower() if words else None


def may_match(needle: str | None, needles: tuple[str, ...] | None, lowered: str) -> bool:
    """The cheap pre-check of a pattern (its needles_of) on the lower-cased text: False only when it cannot match."""
    if needle is not None:
        return needle in lowered
    return needles is None or any(n in lowered for n in needles)


class NeedleIndex:
    """The pre-checks (`needles_of`) of many patterns at once: `passing(lowered)` is
    `[i for i, (needle, needles) in enumerate(checks) if may_match(needle, needles, lowered)]`, found by one
    regex over the text instead of a Python call per pattern (claim_cues.yaml: 162 patterns, 351 needles).
    The regex (`needle_trie`) gives at a position the longest needle that starts there; every needle that
    starts there is a prefix of that one, so each needle's owners and those of its prefixes are looked up
    together. It is searched for again from the character after each hit (needles overlap): as a plain
    pattern, not inside a look-ahead, `re` skips quickly to the characters a needle can start with."""

    def __init__(self, checks: Sequence[tuple[str | None, tuple[str, ...] | None]]) -> None:
        self._always = frozenset(i for i, (needle, needles) in enumerate(checks) if needle is None and needles is None)
        owners: dict[str, set[int]] = {}
        for index, (needle, needles) in enumerate(checks):
            for one in (needle,) if needle is not None else needles or ():
                owners.setdefault(one, set()).add(index)
        # A needle's owners with those of the needles it starts with: its prefixes looked up (a test of every
        # needle against every other took ~0.05 CPU s of the first letter, for the 460 needles of the cues).
        self._owners = {longest: frozenset(i for end in range(len(longest) + 1) for i in owners.get(longest[:end], ()))
                        for longest in owners}
        self._needles = compile_pattern(needle_trie(owners)) if owners else None

    def passing(self, lowered: str) -> list[int]:
        hits = set(self._always)
        if self._needles is not None:
            search = self._needles.search
            found: set[str] = set()
            position, end = 0, len(lowered)
            while position <= end and (match := search(lowered, position)) is not None:  # re clamps position
                found.add(match.group())
                position = match.start() + 1
            for longest in found:
                hits.update(self._owners[longest])
        return sorted(hits)


class StartScan:
    """`regex.finditer(text)`, faster: where every match of the regex starts with one of a few literal strings
    (`literal_starts`), those are looked for in the lower-cased text (a case-sensitive literal search, which
    `re` does quickly) and the regex is tried only there (`regex.match(text, at)`, its look-behind seeing the
    text before). The lexicons' patterns open with a look-behind (`(?<![\\w-])`) and are case-insensitive,
    so `re` itself tries them at every character. Same matches in the same order: a match can start only
    where one of the strings is, and from there on `match` does what `finditer`'s scan does at that place."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        starts = literal_starts(regex)
        self._starts = compile_pattern("|".join(re.escape(s) for s in starts)) if starts else None

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """The matches of the regex in text; lowered is text.lower()."""
        starts = self._starts
        if starts is None or len(lowered) != len(text) or _FOLDED_APART.search(text):
            yield from self.regex.finditer(text)
            return
        match_at = self.regex.match
        position = 0
        while (start := starts.search(lowered, position)) is not None:
            at = start.start()
            found = match_at(text, at)
            if found is None:
                position = at + 1
                continue
            yield found
            position = found.end() if found.end() > at else at + 1


# the characters `re`'s ignore-case matches with an ASCII letter whose str.lower() is another ("ı", "ſ") or
# longer ("İ"): a text holding one is scanned by the regex itself (tests/unit: checked over all of Unicode)
_FOLDED_APART = re.compile("[\u0130\u0131\u017f]")
_START_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ")
_MIN_START = 3  # a shorter start ("de", "op") is in every sentence: no gain
_START_LENGTH = 8  # longer starts select no better
_MAX_STARTS = 64


def literal_starts(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case strings ([a-z0-9 ], 3 to 8 characters) one of which every match of `regex` starts with, or
    None when unsure (a match may start with \\w, a non-ASCII letter, ...). Look-arounds are skipped (they
    consume nothing); an optional part gives its own starts and those of what follows it. Taken as
    str.lower() reads the text (`StartScan` leaves the few letters `re` folds otherwise to the regex)."""
    kept = derived_value("literal_starts", _code_version(), regex, lambda: _literal_starts(regex))
    if kept is None or (isinstance(kept, tuple) and kept and all(isinstance(s, str) for s in kept)):
        return cast(tuple[str, ...] | None, kept)
    return _literal_starts(regex)  # a damaged entry: parse again


def _literal_starts(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    try:
        found = _starts(list(sre_parse.parse(regex.pattern, regex.flags)), frozenset({""}))
    except (re.error, RecursionError, TypeError, ValueError):
        return None
    if not found or min(len(s) for s in found) < _MIN_START or len(found) > _MAX_STARTS:
        return None
    # a start that begins with another start adds nothing: where it is, the other is too
    return tuple(sorted(s for s in found if not any(o != s and s.startswith(o) for o in found)))


def _starts(items: list[tuple[Any, Any]], follow: frozenset[str]) -> frozenset[str]:  # re._parser's items
    """The starts of a match of `items` followed by a match starting with one of `follow` ("": anything)."""
    unsure = frozenset({""})
    if not items:
        return follow
    op, av = items[0]

    def rest() -> frozenset[str]:
        return _starts(items[1:], follow)

    def cut(found: Iterable[str]) -> frozenset[str]:
        out = frozenset(s[:_START_LENGTH] for s in found)
        return out if len(out) <= 4 * _MAX_STARTS else unsure

    if op is sre_parse.LITERAL:
        char = chr(av).lower()
        return cut(char + s for s in rest()) if char in _START_CHARS else unsure
    if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
        return rest()
    if op is sre_parse.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return unsure if add_flags or del_flags else _starts(list(sub), rest())
    if op is sre_parse.BRANCH:
        after = rest()
        return cut(s for branch in av[1] for s in _starts(list(branch), after))
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, high, item = av
        after = rest()
        once = _starts(list(item), after if high == 1 else unsure)
        return cut(once | after) if low == 0 else once
    if op is sre_parse.IN and all(o is sre_parse.LITERAL for o, _ in av):
        chars = [chr(c).lower() for _, c in av]
        after = rest()
        return cut(c + s for c in chars for s in after) if all(c in _START_CHARS for c in chars) else unsure
    return unsure


_Trie = dict[str, "_Trie"]


def needle_trie(needles: Iterable[str]) -> str:
    """A regex matching, at a position, the longest of these strings that starts there (none: no match).
    Written as a trie ("ver(?:ho(?:og)?|oorza)"): the regex engine follows one branch per character, where an
    alternation of the strings would try each in turn."""
    root: _Trie = {}
    for needle in needles:
        node = root
        for char in needle:
            node = node.setdefault(char, {})
        node[""] = {}  # a needle ends here

    def emit(node: _Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        body = "" if not branches else branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return (f"(?:{body})?" if body else "") if "" in node else body
    return emit(root)


def needles_of(pattern: str, regex: re.Pattern[str]) -> tuple[str | None, tuple[str, ...] | None]:
    """The pre-check of a pattern (as written) compiled to `regex`: (needle, None) with one word every
    match contains (literal_needle, else a single literal_needles string), else (None, strings one of
    which every match contains), else (None, None): no pre-check."""
    needle = literal_needle(pattern)
    if needle is not None:
        return needle, None
    needles = literal_needles(regex)
    if needles is not None and len(needles) == 1:
        return needles[0], None
    return None, needles


def literal_needles(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of `regex` contains, or None when unsure: a
    cheap pre-check (`any(n in text.lower() ...)`) for patterns literal_needle gives no word for,
    such as a top-level alternation ("overvolle? (?:woningen|huizen)": "overvol"; "a x|b": "a x", "b").
    Read from the compiled pattern, so what a caller added around the written one counts too. Like
    literal_needle it takes str.lower() for the regex's ignore-case (the long s "ſ" is the exception)."""
    # Parsing the pattern again costs what the regex cache saves: the answer is kept beside it,
    # keyed by this module's code (pipeline.regex_cache.derived_value).
    kept = derived_value("literal_needles", _code_version(), regex, lambda: _literal_needles(regex))
    if kept is None or (isinstance(kept, tuple) and kept and all(isinstance(n, str) for n in kept)):
        return cast(tuple[str, ...] | None, kept)
    return _literal_needles(regex)  # a damaged entry: parse again


@cache
def _code_version() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _literal_needles(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    try:
        found = _needles(sre_parse.parse(regex.pattern, regex.flags))
    except (re.error, RecursionError, TypeError, ValueError):
        return None
    return tuple(sorted(found)) if found else None


_MIN_NEEDLE = 3  # shorter literals ("de ", "op") are in almost every sentence: no pre-check


def _needles(items: sre_parse.SubPattern | list[tuple[object, object]]) -> frozenset[str] | None:
    """The most selective set of strings one of which every match of this sequence contains."""
    candidates: list[frozenset[str]] = []
    run = ""

    def flush() -> None:
        nonlocal run
        if len(run.strip()) >= _MIN_NEEDLE:
            candidates.append(frozenset({run}))
        run = ""

    for op, av in items:
        if op is sre_parse.LITERAL:
            run += chr(av).lower()  # type: ignore[arg-type]
            continue
        flush()
        found: frozenset[str] | None = None
        if op is sre_parse.SUBPATTERN:
            found = _needles(av[-1])  # type: ignore[index]
        elif op is sre_parse.BRANCH:
            branches = [_needles(branch) for branch in av[1]]  # type: ignore[index]
            if branches and all(branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT) \
                and av[0] >= 1:  # type: ignore[index]
            found = _needles(av[2])  # type: ignore[index]
        if found:
            candidates.append(found)
    flush()
    if not candidates:
        return None
    # the longest shortest alternative, then the fewest: the pre-check that skips most texts
    return min(candidates, key=lambda c: (-min(len(n.strip()) for n in c), len(c), sorted(c)))


def _longest_first(matches: list[tuple[ConceptMatch, int]]) -> list[ConceptMatch]:
    chosen: list[ConceptMatch] = []
    for match, _index in sorted(matches, key=lambda m: (-(m[0].end - m[0].start), m[0].start, m[1], m[0].name)):
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: (m.start, m.name))


def parse_lexicon(text: str, source: str) -> ConceptLexicon:
    """Parse and validate a lexicon; errors name the file, the line and what is wrong."""
    file = parse_yaml(text, source)
    file.check_keys(file.data, {"kind", "concepts", "description"}, "a concept lexicon")
    kind, concepts = file.data.get("kind"), file.data.get("concepts")
    if not isinstance(kind, str) or not isinstance(concepts, LineList):
        raise file.fail(file.data.line, "needs a top-level mapping with 'kind' (text) and 'concepts' (a list)")
    entries: list[_Entry] = []
    seen: set[str] = set()
    for index, (item, line) in enumerate(zip(concepts, concepts.item_lines, strict=True)):
        if not isinstance(item, LineDict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise file.fail(line, "each concept needs a non-empty 'name'")
        file.check_keys(item, {"name", "patterns", "note"}, f"concept {item['name']!r}")
        patterns = item.get("patterns")
        if not isinstance(patterns, LineList) or not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise file.fail(line, f"concept {item['name']!r} needs a non-empty list of 'patterns' (strings)")
        if item["name"] in seen:
            raise file.fail(line, f"concept {item['name']!r} is listed twice; merge its patterns")
        seen.add(item["name"])
        for pattern, at in zip(patterns, patterns.item_lines, strict=True):
            try:
                compiled = compile_pattern(rf"(?<![\w-])(?:{pattern})(?![\w])", re.IGNORECASE)
            except re.error as error:
                raise file.fail(at, f"pattern {pattern!r} of {item['name']!r} is not a valid regex: {error}") from error
            if compiled.fullmatch(""):
                raise file.fail(at, f"pattern {pattern!r} of {item['name']!r} matches the empty string")
            if "{x}" in item["name"] and "x" not in compiled.groupindex:
                raise file.fail(at, f"{item['name']!r} uses {{x}} but pattern {pattern!r} has no (?P<x>...) group")
            entries.append(_Entry(item["name"], compiled, pattern, line, index, *needles_of(pattern, compiled)))
    return ConceptLexicon(kind=kind, source=source, entries=tuple(entries))


@cache
def load_lexicon(filename: str) -> ConceptLexicon:
    """A lexicon shipped in this package (pipeline/concepts/<filename>)."""
    resource = resources.files("pipeline.concepts").joinpath(filename)
    return parse_lexicon(resource.read_text(encoding="utf-8"), f"pipeline/concepts/{filename}")
