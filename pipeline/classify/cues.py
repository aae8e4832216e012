"""Cue lexicons (cues.yaml) and the hand-written rules built on them.

The rules are plain functions over a passage's text, so they can be tested on their own, compared
against the statistical models (`vng evaluate`), and fed to those models as features:

- `request_rule`: does the VNG itself ask for something here? A request verb ("vragen", "verzoeken",
  "roepen ... op", "dringen ... aan", "pleiten voor", ...) whose subject is the VNG ("wij", "we",
  "de VNG"), an addressed request ("Wij vragen u ..."), or a request bullet ("➢"). A request by
  another actor reported as a fact ("het kabinet vraagt de provincies ...") is not a VNG request.
- `stance_rule`: kritisch / neutraal / steunend from counts of critical and supportive cues, with the
  concessive rule "De VNG steunt X, maar ..." -> steunend (support with conditions is support).
- `theme_rule`: themes whose keywords occur.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pipeline.concepts.lexicon import literal_needle
from pipeline.datafiles import DataFile, LineDict, package_file, read_yaml
from pipeline.types import THEMES, Stance

CUES_FILE = "cues.yaml"
_WORD_RE = re.compile(r"\w+(?:[-’']\w+)*")
# A sentence ends at . ! ? followed by white space and a capital, digit or opening quote/bracket.
# Lower-case continuations ("jl. zijn", "d.d. 16") therefore stay in one sentence.
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý“‘\"'(➢•])")


@dataclass(frozen=True)
class Pattern:
    name: str  # "<section>[<index>]" for messages and debugging
    regex: re.Pattern[str]
    line: int
    needle: str | None = None  # a lower-case word every match contains: skip texts without it


@dataclass(frozen=True)
class Cues:
    """The compiled contents of cues.yaml."""

    sha256: str
    vng_subjects: tuple[Pattern, ...]
    request_verbs: tuple[Pattern, ...]
    verb_noun_contexts: tuple[Pattern, ...]
    verb_demand_contexts: tuple[Pattern, ...]
    other_actors: tuple[Pattern, ...]
    addressed: tuple[Pattern, ...]
    necessity: tuple[Pattern, ...]
    deontic: tuple[Pattern, ...]
    bullet_glyphs: frozenset[str]
    window_before: int
    window_after: int
    kritisch: tuple[Pattern, ...]
    steunend: tuple[Pattern, ...]
    negators: tuple[Pattern, ...]
    concessive: tuple[Pattern, ...]
    positive_words: tuple[Pattern, ...]
    negative_words: tuple[Pattern, ...]
    themes: tuple[tuple[str, tuple[Pattern, ...]], ...]  # in THEMES order


# --- loading ------------------------------------------------------------------------------------
def _patterns(file: DataFile, parent: LineDict, key: str, section: str) -> tuple[Pattern, ...]:
    items = file.strings(parent, key)
    if not items:
        raise file.fail(parent.key_lines.get(key, parent.line), f"'{section}.{key}' is empty")
    return tuple(Pattern(f"{section}.{key}[{i}]", file.regex(text, line), line, literal_needle(text))
                 for i, (text, line) in enumerate(items))


def _int(file: DataFile, parent: LineDict, key: str, low: int, high: int) -> int:
    value = parent.get(key)
    line = parent.key_lines.get(key, parent.line)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise file.fail(line, f"'{key}' must be a whole number from {low} to {high}, not {value!r}")
    return value


def parse_cues(file: DataFile) -> Cues:
    """Validate and compile a parsed cues file; DataFileError (file:line) on any problem."""
    top = file.data
    file.check_keys(top, {"request", "stance", "themes"}, "the top level")
    request = file.mapping(top, "request")
    file.check_keys(request, {"vng_subjects", "verbs", "verb_noun_contexts", "verb_demand_contexts", "other_actors",
                              "addressed", "necessity", "deontic", "bullet_glyphs", "window_before",
                              "window_after"}, "request")
    stance = file.mapping(top, "stance")
    file.check_keys(stance, {"kritisch", "steunend", "negators", "concessive", "positive_words", "negative_words"},
                    "stance")
    themes = file.mapping(top, "themes")
    for theme in themes:
        if theme not in THEMES:
            raise file.fail(themes.key_lines[theme], f"unknown theme {theme!r} (themes: {', '.join(THEMES)})")
    for theme in THEMES:
        if theme not in themes:
            raise file.fail(themes.line, f"theme {theme!r} has no keywords")
    glyphs = file.strings(request, "bullet_glyphs")
    return Cues(
        sha256=hashlib.sha256(file.text.encode("utf-8")).hexdigest(),
        vng_subjects=_patterns(file, request, "vng_subjects", "request"),
        request_verbs=_patterns(file, request, "verbs", "request"),
        verb_noun_contexts=_patterns(file, request, "verb_noun_contexts", "request"),
        verb_demand_contexts=_patterns(file, request, "verb_demand_contexts", "request"),
        other_actors=_patterns(file, request, "other_actors", "request"),
        addressed=_patterns(file, request, "addressed", "request"),
        necessity=_patterns(file, request, "necessity", "request"),
        deontic=_patterns(file, request, "deontic", "request"),
        bullet_glyphs=frozenset(glyph.strip() for glyph, _ in glyphs),
        window_before=_int(file, request, "window_before", 0, 50),
        window_after=_int(file, request, "window_after", 0, 50),
        kritisch=_patterns(file, stance, "kritisch", "stance"),
        steunend=_patterns(file, stance, "steunend", "stance"),
        negators=_patterns(file, stance, "negators", "stance"),
        concessive=_patterns(file, stance, "concessive", "stance"),
        positive_words=_patterns(file, stance, "positive_words", "stance"),
        negative_words=_patterns(file, stance, "negative_words", "stance"),
        themes=tuple((theme, _patterns(file, themes, theme, "themes")) for theme in THEMES),
    )


@cache
def load_cues(path: Path | None = None) -> Cues:
    """The shipped cues (or those of `path`), compiled once per process."""
    source = path if path is not None else package_file("pipeline.classify", CUES_FILE)
    name = str(path) if path is not None else f"pipeline/classify/{CUES_FILE}"
    return parse_cues(read_yaml(source, name))


# --- text helpers -------------------------------------------------------------------------------
def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_RE.split(text.strip()) if part]


def _token_starts(text: str) -> list[int]:
    return [m.start() for m in _WORD_RE.finditer(text)]


def _token_span(starts: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Token indices [first, last+1) covered by the character span [start, end)."""
    first = next((i for i, s in enumerate(starts) if s >= start), len(starts))
    last = next((i for i in range(len(starts) - 1, -1, -1) if starts[i] < end), first - 1)
    return first, max(first, last + 1)


def _scanned(patterns: Sequence[Pattern], text: str, lowered: str | None = None) -> list[Pattern]:
    """The patterns that can match text at all (their needle occurs in it)."""
    lowered = text.lower() if lowered is None else lowered
    return [p for p in patterns if p.needle is None or p.needle in lowered]


def _spans(patterns: Sequence[Pattern], text: str) -> list[tuple[int, int]]:
    return sorted({span for p in _scanned(patterns, text) for m in p.regex.finditer(text)
                   if (span := m.span())[1] > span[0]})


def _count(patterns: Sequence[Pattern], text: str, lowered: str | None = None) -> int:
    # findall scans as finditer does (the same non-overlapping matches) without a match object each
    return sum(len(p.regex.findall(text)) for p in _scanned(patterns, text, lowered))


# --- requests -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RequestCues:
    vng_requests: int  # request verbs whose subject is the VNG
    addressed: int  # "Wij vragen u ..."
    other_requests: int  # request verbs whose subject is another actor (reported, not a VNG request)
    verbs: int  # request verbs of any subject
    necessity: int  # "het is noodzakelijk dat ..."
    deontic: int  # "het Rijk moet ...", "X mag niet ..."
    vng_necessity: int  # sentences where the VNG itself says something is necessary or must happen
    request_bullet: bool  # a request glyph (➢) opens the passage
    first_sentence: bool  # the first sentence is itself a VNG request

    @property
    def rule(self) -> bool:
        return self.addressed > 0 or self.vng_requests > 0 or (self.request_bullet and self.verbs > 0)


def _sentence_requests(sentence: str, cues: Cues) -> tuple[int, int, int]:
    """(VNG requests, other actors' requests, request verbs) in one sentence."""
    starts = _token_starts(sentence)
    subjects = [_token_span(starts, s, e) for s, e in _spans(cues.vng_subjects, sentence)]
    actors = [(_token_span(starts, s, e), sentence[s:e]) for s, e in _spans(cues.other_actors, sentence)]
    vng = other = verbs = 0
    for start, end in _spans(cues.request_verbs, sentence):
        before = sentence[max(0, start - 40):start]
        if sentence[start:end].lower() in ("vraag", "vragen") and \
                any(p.regex.search(before) for p in cues.verb_noun_contexts):
            continue  # "de nodige vragen": a noun
        after = sentence[end:end + 60]
        if any(p.regex.search(before if p.regex.pattern.endswith("$") else after) for p in cues.verb_demand_contexts):
            continue  # "dit vraagt veel van gemeenten": a demand on capacity, not a request
        verbs += 1
        v0, v1 = _token_span(starts, start, end)
        comma_after = sentence.find(",", end)
        best_vng: int | None = None
        for s0, s1 in subjects:
            if v0 <= s0 < v1:
                gap = 0  # inside a multi-word verb: "herhaalt de VNG het verzoek"
            elif s1 <= v0 and v0 - s1 <= cues.window_before:
                gap = v0 - s1
            elif v1 <= s0 < len(starts) and s0 - v1 <= cues.window_after and not (0 <= comma_after < starts[s0]):
                gap = s0 - v1
            else:
                continue
            best_vng = gap if best_vng is None else min(best_vng, gap)
        best_other: int | None = None
        verb_word = sentence[start:end].split()[0].lower()
        for (a0, a1), actor in actors:
            if a1 == v0:
                # "het kabinet vraagt": but a singular actor is never the subject of "vragen"
                plural_actor = actor.lower().endswith(("s", "en"))
                if verb_word.endswith("en") and not plural_actor:
                    continue
                gap = 0
            elif a0 == v1 and not verb_word.endswith("en"):
                gap = 0  # "vraagt het kabinet"
            else:
                continue
            best_other = gap
        if best_vng is not None and (best_other is None or best_vng <= best_other):
            vng += 1
        elif best_other is not None:
            other += 1
    return vng, other, verbs


def request_cues(text: str, bullet: str | None = None, cues: Cues | None = None) -> RequestCues:
    cues = cues or load_cues()
    vng = other = verbs = vng_necessity = 0
    first = False
    for index, sentence in enumerate(sentences(text)):
        v, o, n = _sentence_requests(sentence, cues)
        addressed = _count(cues.addressed, sentence)
        vng, other, verbs = vng + v, other + o, verbs + n
        if index == 0:
            first = v > 0 or addressed > 0
        if any(p.regex.search(sentence) for p in cues.vng_subjects) and \
                any(p.regex.search(sentence) for p in (*cues.necessity, *cues.deontic)):
            vng_necessity += 1
    glyph = (bullet or "").strip()
    if not glyph and text[:1] in cues.bullet_glyphs:
        glyph = text[:1]
    return RequestCues(
        vng_requests=vng,
        addressed=_count(cues.addressed, text),
        other_requests=other,
        verbs=verbs,
        necessity=_count(cues.necessity, text),
        deontic=_count(cues.deontic, text),
        vng_necessity=vng_necessity,
        request_bullet=glyph in cues.bullet_glyphs,
        first_sentence=first,
    )


@lru_cache(maxsize=4096)
def shipped_request_cues(text: str, bullet: str | None = None) -> RequestCues:
    """request_cues with the shipped cues, once per passage: the request model's cue features and the
    request rule both need them (each letter's passages went through request_cues twice)."""
    return request_cues(text, bullet, load_cues())


def request_rule(text: str, bullet: str | None = None) -> bool:
    """True when the VNG itself asks for something in this passage."""
    return shipped_request_cues(text, bullet).rule


# --- stance -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StanceCues:
    kritisch: int
    steunend: int
    negated_support: int  # "geen steun", "niet positief": counted as kritisch too
    concessive_support: bool  # "steunt ..., maar ..."
    positive_words: int = 0  # general evaluative vocabulary (model features only)
    negative_words: int = 0

    @property
    def rule(self) -> Stance:
        if self.concessive_support:
            return "steunend"
        if self.steunend > self.kritisch:
            return "steunend"
        if self.kritisch > self.steunend:
            return "kritisch"
        return "neutraal"


def stance_cues(text: str, cues: Cues | None = None) -> StanceCues:
    cues = cues or load_cues()
    critical = _count(cues.kritisch, text)
    support = negated = 0
    concessive = False
    for sentence in sentences(text):
        for start, end in _spans(cues.steunend, sentence):
            before = sentence[max(0, start - 30):start]
            if any(p.regex.search(before) for p in cues.negators):
                negated += 1
                continue
            support += 1
            rest = sentence[end:]
            if any(p.regex.search(rest) for p in cues.concessive):
                concessive = True
    return StanceCues(kritisch=critical + negated, steunend=support, negated_support=negated,
                      concessive_support=concessive, positive_words=_count(cues.positive_words, text),
                      negative_words=_count(cues.negative_words, text))


def stance_rule(text: str) -> Stance:
    return stance_cues(text).rule


# --- themes -------------------------------------------------------------------------------------
def theme_counts(text: str, cues: Cues | None = None) -> dict[str, int]:
    cues = cues or load_cues()
    lowered = text.lower()
    return {theme: _count(patterns, text, lowered) for theme, patterns in cues.themes}


def theme_rule(text: str) -> tuple[str, ...]:
    counts = theme_counts(text)
    return tuple(theme for theme in THEMES if counts[theme] > 0)
