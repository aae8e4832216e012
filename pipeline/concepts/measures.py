"""Government measures (maatregelen) named in Dutch text, as canonical names.

Data-driven (maatregelen.yaml) and general rather than a list of sentences:

1. an alias table of known measures ("verdeelbesluiten" -> "Spreidingswet", "amendement Mooiman" ->
   "verbod op voorrang huisvesting statushouders");
2. KINDS of measures: an action applied to a measure or law, before it ("intrekking van de X",
   "het afschaffen van de X", "bezuinigingen op X") or after it ("X ... ingetrokken", "X in te
   trekken"), becomes "<action> <X>" ("intrekking Spreidingswet", "beëindiging LVV"; also for laws
   the table does not know: "intrekking Omgevingswet");
3. any law name ("...wet", "Wet ...") is itself a measure.

Where matches overlap, an action+measure beats a plain alias, which beats an action on an unknown
noun phrase ("afschaffing van de reiskostenvergoeding" -> "afschaffing reiskostenvergoeding"), which
beats a generic law name; then the longer match wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

from pipeline.concepts.lexicon import NeedleIndex, needles_of
from pipeline.datafiles import DataFile, LineDict, package_file, read_yaml

MEASURES_FILE = "maatregelen.yaml"
_GAP = r"(?:\W+\w+){0,8}?\W+"  # what "..." stands for: up to eight words in between
_PRIORITY_ACTION, _PRIORITY_ALIAS, _PRIORITY_GENERIC, _PRIORITY_LAW = 4, 3, 2, 1


@dataclass(frozen=True)
class MeasureMatch:
    canonical: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Alias:
    canonical: str
    regex: re.Pattern[str]
    needle: str | None = None  # a lower-case word every match contains: a cheap pre-check
    needles: tuple[str, ...] | None = None  # without a needle: one of these is in every match


@dataclass(frozen=True)
class _Action:
    name: str
    before: re.Pattern[str]  # matches text ending right before a measure: "intrekking van de "
    after: re.Pattern[str] | None  # matches text right after it: " niet mag worden ingetrokken"
    free: bool  # also combines with unknown noun phrases and with any short name
    generic: re.Pattern[str] | None  # "<action> van de <noun phrase>" for free actions


@dataclass(frozen=True)
class MeasureTable:
    canonicals: tuple[str, ...]
    aliases: tuple[_Alias, ...]
    shorts: dict[str, str]  # canonical -> short name used in compositions
    laws: frozenset[str]  # canonicals that are laws
    actions: tuple[_Action, ...]
    law_patterns: tuple[re.Pattern[str], ...]
    by_lower: dict[str, str]  # lower-cased canonical -> canonical
    not_objects: frozenset[str]
    # What a measure is, for phrases no entry names (pipeline/relations/kinds.py): nouns that name a
    # measure by what it is ("wet", "verbod") and the one-word phrasings of the actions ("verkorting",
    # "afschaffen").
    measure_nouns: frozenset[str] = frozenset()
    action_words: frozenset[str] = frozenset()

    @property
    def measure_heads(self) -> frozenset[str]:
        return self.measure_nouns | self.action_words

    @cached_property
    def alias_prechecks(self) -> NeedleIndex:
        """may_match of every alias at once (_find_measures runs for every passage, sentence and phrase)."""
        return NeedleIndex([(alias.needle, alias.needles) for alias in self.aliases])


def _case_sensitive(alias: str) -> bool:
    """Aliases written in capitals only (acronyms: "BAK", "LVV") must match in capitals only."""
    letters = re.sub(r"\\.|\(\?[:!=<]+", "", alias)
    return not re.search(r"[a-zà-ÿ]", letters)


def alias_regex(alias: str) -> str:
    body = alias.replace(" ... ", _GAP).replace(" ?", r"\s*").replace(" ", r"\s+")
    return rf"(?<![\w-])(?:{body})(?!\w)"


def _compile(file: DataFile, pattern: str, line: int, *, case_sensitive: bool) -> re.Pattern[str]:
    return file.regex(pattern, line, flags=0 if case_sensitive else re.IGNORECASE)


def parse_measures(file: DataFile) -> MeasureTable:
    top = file.data
    file.check_keys(top, {"actions", "free_actions", "object_stopwords", "not_objects", "laws", "measures",
                          "measure_nouns"}, "the top level")
    measures = file.mapping(top, "measures")
    if not measures:
        raise file.fail(measures.line, "'measures' is empty")
    aliases: list[_Alias] = []
    shorts: dict[str, str] = {}
    laws: set[str] = set()
    for canonical, entry in measures.items():
        line = measures.key_lines[canonical]
        if not isinstance(canonical, str) or not canonical.strip() or canonical != canonical.strip():
            raise file.fail(line, f"measure name {canonical!r} must be a non-empty string without outer spaces")
        if not isinstance(entry, LineDict):
            raise file.fail(line, f"measure {canonical!r} must be a mapping with 'aliases'")
        file.check_keys(entry, {"aliases", "short", "law"}, f"measure {canonical!r}")
        if "aliases" not in entry:
            raise file.fail(line, f"measure {canonical!r} has no 'aliases' (use [] for none)")
        items = file.strings(entry, "aliases")
        # The name itself is always an alias (word by word: re.escape would escape its spaces, which
        # alias_regex turns into white space, and a name of several words never matched itself).
        items.append((" ".join(re.escape(word) for word in canonical.split()), line))
        for alias, alias_line in items:
            regex = _compile(file, alias_regex(alias), alias_line, case_sensitive=_case_sensitive(alias))
            if regex.search(""):
                raise file.fail(alias_line, f"alias {alias!r} matches the empty string")
            aliases.append(_Alias(canonical, regex, *needles_of(alias, regex)))
        short = entry.get("short")
        if short is not None:
            if not isinstance(short, str) or not short.strip():
                raise file.fail(entry.key_lines["short"], "'short' must be a non-empty string")
            shorts[canonical] = short
        law = entry.get("law", False)
        if not isinstance(law, bool):
            raise file.fail(entry.key_lines["law"], "'law' must be true or false")
        if law:
            laws.add(canonical)
    actions_map = file.mapping(top, "actions")
    free = {name for name, _ in file.strings(top, "free_actions")}
    for name, line in file.strings(top, "free_actions"):
        if name not in actions_map:
            raise file.fail(line, f"free action {name!r} is not one of the actions")
    stopwords = "|".join(re.escape(w) for w, _ in file.strings(top, "object_stopwords"))
    # A short noun phrase: up to three lower-case words, ending before a function word or punctuation.
    word = rf"(?!(?:{stopwords})\b)[a-zà-ÿ][\w-]"
    noun_phrase = (rf"(?P<object>(?:{word}*\s+){{0,2}}?{word}{{3,}})"
                   rf"(?=\s+(?:{stopwords})\b|\s*[.,;:()]|\s*$)")
    actions: list[_Action] = []
    action_words: set[str] = set()
    for name in actions_map:
        entry = actions_map[name]
        line = actions_map.key_lines[name]
        if not isinstance(entry, LineDict):
            raise file.fail(line, f"action {name!r} must be a mapping with 'before' and 'after'")
        file.check_keys(entry, {"before", "after"}, f"action {name!r}")
        before_forms = [p.replace(" ... ", _GAP).replace(" ", r"\s+") for p, _ in file.strings(entry, "before")]
        after_forms = [p.replace(" ... ", _GAP).replace(" ", r"\s+") for p, _ in file.strings(entry, "after")]
        if not before_forms:
            raise file.fail(line, f"action {name!r} has no 'before' phrasings")
        action_words.update(w.lower() for w in [str(name).split()[0], *(p for p, _ in file.strings(entry, "before")
                                                                        + file.strings(entry, "after"))]
                            if re.fullmatch(r"[a-zà-ÿ]+", w.lower()))
        either = "|".join(before_forms)
        before = _compile(file, rf"(?<![\w-])(?:(?:het|de|een)\s+)?(?P<action>(?:{either})\s+(?:van|op|aan)\s+"
                                rf"(?:(?:de|het|een)\s+)?(?:\w+\s+(?:aan|voor|van|op)\s+(?:de\s+|het\s+)?)?)$",
                          line, case_sensitive=False)
        after = None
        if after_forms:
            after = _compile(file, rf"^(?:\s*\([^)]*\))?(?:\W+\w+){{0,4}}?\W+(?:{'|'.join(after_forms)})(?!\w)",
                             line, case_sensitive=False)
        generic = None
        if name in free:
            generic = _compile(file, rf"(?<![\w-])(?:(?:het|de|een)\s+)?(?P<action>(?:{either})\s+(?:van|op)\s+"
                                     rf"(?:(?:de|het|een)\s+)?{noun_phrase})", line, case_sensitive=False)
        actions.append(_Action(str(name), before, after, name in free, generic))
    law_patterns = tuple(_compile(file, rf"(?<![\w-]){pattern}(?!\w)", line, case_sensitive=True)
                         for pattern, line in file.strings(top, "laws"))
    canonicals = tuple(measures)
    return MeasureTable(canonicals=canonicals, aliases=tuple(aliases), shorts=shorts, laws=frozenset(laws),
                        actions=tuple(actions), law_patterns=law_patterns,
                        by_lower={c.lower(): c for c in canonicals},
                        not_objects=frozenset(w.lower() for w, _ in file.strings(top, "not_objects")),
                        measure_nouns=_measure_nouns(file), action_words=frozenset(action_words))


def _measure_nouns(file: DataFile) -> frozenset[str]:
    nouns = file.strings(file.data, "measure_nouns", required=False)
    for noun, line in nouns:
        if not re.fullmatch(r"[a-zà-ÿ-]+", noun):
            raise file.fail(line, f"measure noun {noun!r} must be one lower-case word")
    return frozenset(n for n, _ in nouns)


@cache
def load_measures(path: Path | None = None) -> MeasureTable:
    source = path if path is not None else package_file("pipeline.concepts", MEASURES_FILE)
    name = str(path) if path is not None else f"pipeline/concepts/{MEASURES_FILE}"
    return parse_measures(read_yaml(source, name))


def _compose(table: MeasureTable, action: _Action, canonical: str) -> str | None:
    """"intrekking" + Spreidingswet -> "intrekking Spreidingswet".

    A combination the table knows is always taken; otherwise only a law (known, or found by the
    generic law patterns) combines with any action, and a measure with a short name combines with
    the free actions. Anything else keeps its own name."""
    known = canonical in table.by_lower.values()
    short = table.shorts.get(canonical, canonical)
    name = f"{action.name} {short}"
    if name.lower() in table.by_lower:
        return table.by_lower[name.lower()]
    if canonical in table.laws or not known:
        return name
    if action.free and canonical in table.shorts:
        return name
    return None


def _normalise_law(surface: str) -> str:
    return re.sub(r"\s+", " ", surface).strip()


def find_measures(text: str, table: MeasureTable | None = None) -> list[MeasureMatch]:
    """The measures named in text, in reading order, overlaps resolved."""
    if table is None or table is load_measures():
        # Classification, concept mentions and claims all ask about the same passages and sentences
        # (mentions pass the shipped table itself, through the default vocabulary).
        return list(_find_with_shipped_table(text))
    return _find_measures(text, table)


@lru_cache(maxsize=4096)
def _find_with_shipped_table(text: str) -> tuple[MeasureMatch, ...]:
    return tuple(_find_measures(text, load_measures()))


def _find_measures(text: str, table: MeasureTable) -> list[MeasureMatch]:
    candidates: list[tuple[int, int, int, str]] = []  # (priority, start, end, canonical)
    bases: list[tuple[int, int, str]] = []
    aliases = table.aliases
    for index in table.alias_prechecks.passing(text.lower()):
        alias = aliases[index]
        for match in alias.regex.finditer(text):
            candidates.append((_PRIORITY_ALIAS, match.start(), match.end(), alias.canonical))
            bases.append((match.start(), match.end(), alias.canonical))
    known_starts = {start for start, _, _ in bases}
    for pattern in table.law_patterns:
        for match in pattern.finditer(text):
            if match.start() in known_starts:
                continue  # the table knows where this law's name ends ("Wet inburgering 2021" + "verliep")
            surface = _normalise_law(match.group(0))
            canonical = table.by_lower.get(surface.lower(), surface)
            candidates.append((_PRIORITY_LAW, match.start(), match.end(), canonical))
            bases.append((match.start(), match.end(), canonical))
    for start, end, canonical in bases:
        for action in table.actions:
            window = max(0, start - 80)
            before = action.before.search(text[window:start])
            if before:
                name = _compose(table, action, canonical)
                if name:
                    candidates.append((_PRIORITY_ACTION, window + before.start("action"), end, name))
                continue
            after = action.after.search(text[end:end + 80]) if action.after else None
            if after:
                name = _compose(table, action, canonical)
                if name:
                    candidates.append((_PRIORITY_ACTION, start, end + after.end(), name))
    for action in table.actions:
        if action.generic is None:
            continue
        for match in action.generic.finditer(text):
            words = match.group("object").split()
            if words[-1].lower() in table.not_objects or re.match(r"\s+van\b", text[match.end():]):
                continue  # "de toepasselijkheid van X", "het dragen van X": the object is not the measure
            name = f"{action.name} {' '.join(w.lower() for w in words)}"
            candidates.append((_PRIORITY_GENERIC, match.start("action"), match.end(),
                               table.by_lower.get(name.lower(), name)))
    chosen: list[tuple[int, int, str]] = []
    for _priority, start, end, canonical in sorted(candidates, key=lambda c: (-c[0], -(c[2] - c[1]), c[1], c[3])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, canonical))
    return [MeasureMatch(canonical, start, end, text[start:end]) for start, end, canonical in sorted(chosen)]


def measure_names(text: str) -> tuple[str, ...]:
    """Distinct canonical names in order of first mention."""
    return tuple(dict.fromkeys(match.canonical for match in find_measures(text)))
