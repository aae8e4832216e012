"""The cheap pre-checks of regex lists (literal_needle, literal_needles): a pattern is skipped on a text only
when it cannot match there, so the finders give the same results with and without them."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.concepts.lexicon import (
    _FOLDED_APART,
    NeedleIndex,
    StartScan,
    literal_needles,
    literal_starts,
    load_lexicon,
    may_match,
    needles_of,
)
from pipeline.concepts.measures import MeasureTable, _find_measures, load_measures
from pipeline.relations.cues import ClaimCueLexicon, load_claim_cues

REPO = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((REPO / "corpora" / "examples").glob("*.txt")),
           *sorted((REPO / "scripts" / "example_sources").glob("*.txt")),
           *sorted((REPO.parent / "shared" / "corpora" / "vng").glob("*.txt"))]


def _texts() -> list[str]:
    paragraphs = [p for path in SOURCES for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.?!])\s+", p) if s.strip()]
    return paragraphs + sentences


@pytest.mark.parametrize(("pattern", "expected"), [
    ("overvolle? (?:woningen|huizen)", ("overvoll",)),  # the optional "e" ends the literal
    ("(?:slibt|slibben) (?:\\w+ ){0,3}?dicht|dichtslibben", ("dicht", "dichtslibben")),  # each branch gives one
    # the set whose shortest string is longest; the parser takes the common "on" out of the branch
    ("(?:onvoldoende|ontoereikende) (?:middelen|financiering)", ("toereikende", "voldoende")),
    ("BRP[- ](?:straten|inschrijving)", ("inschrijving", "straten")),
    ("TGO", ("tgo",)),  # lower case: compared with the lower-cased text
    ("(?:lange|langere) wachttijden?", (" wachttijde",)),  # the space is part of every match
    ("(?:x|ab)c|d", None),  # a branch without a literal of three characters: no pre-check
    ("(?:de |het )?\\w+", None),
    ("(?:zorg)*en", None),  # a group that may repeat zero times is not required
])
def test_literal_needles(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert literal_needles(re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", re.IGNORECASE)) == expected


def test_needles_of_prefers_the_needle_word() -> None:
    regex = re.compile("(?:de )?voorzieningen(?: \\w+)?", re.IGNORECASE)
    assert needles_of(regex.pattern, regex) == ("voorzieningen", None)
    regex = re.compile("ggz|GGD", re.IGNORECASE)
    assert needles_of(regex.pattern, regex) == (None, ("ggd", "ggz"))


def test_every_match_passes_the_pre_check() -> None:
    """On the example and real letters (paragraphs and sentences): wherever a shipped pattern matches,
    its pre-check lets the text through."""
    texts = _texts()
    lowered = [t.lower() for t in texts]
    checked = 0
    items = [(e.pattern, e.needle, e.needles) for name in ("risicos.yaml", "gemeentetaken.yaml")
             for e in load_lexicon(name).entries]
    items += [(i.regex, i.needle, i.needles) for i in load_claim_cues().items]
    items += [(a.regex, a.needle, a.needles) for a in load_measures().aliases]
    for regex, needle, needles in items:
        if needle is None and needles is None:
            continue
        for text, low in zip(texts, lowered, strict=True):
            if regex.search(text):
                checked += 1
                assert (needle in low) if needle is not None else any(n in low for n in needles or ()), (
                    regex.pattern, text[:120])
    assert checked > 500


def test_finders_give_the_same_with_and_without_pre_checks() -> None:
    texts = _texts()
    for name in ("risicos.yaml", "gemeentetaken.yaml"):
        lexicon = load_lexicon(name)
        bare = replace(lexicon, entries=tuple(replace(e, needle=None, needles=None) for e in lexicon.entries))
        assert [lexicon.find(t) for t in texts] == [bare.find(t) for t in texts]
    cues = load_claim_cues()
    bare_cues = ClaimCueLexicon(cues.source, tuple(replace(i, needle=None, needles=None) for i in cues.items),
                                cues.stems)
    assert [cues.find(t) for t in texts] == [bare_cues.find(t) for t in texts]
    table = load_measures()
    bare_table: MeasureTable = replace(table, aliases=tuple(replace(a, needle=None, needles=None)
                                                            for a in table.aliases))
    assert [_find_measures(t, table) for t in texts] == [_find_measures(t, bare_table) for t in texts]


def test_needle_index_is_may_match_of_each() -> None:
    """NeedleIndex.passing (one regex over the text) lets through exactly the patterns may_match lets through,
    for every shipped list on the example and real letters, and on needles that overlap or nest."""
    texts = _texts()
    lists = [[(e.needle, e.needles) for e in load_lexicon(name).entries]
             for name in ("risicos.yaml", "gemeentetaken.yaml")]
    lists.append([(i.needle, i.needles) for i in load_claim_cues().items])
    lists.append([(a.needle, a.needles) for a in load_measures().aliases])
    for checks in lists:
        index = NeedleIndex(checks)
        for low in (t.lower() for t in texts):
            assert index.passing(low) == [i for i, (n, ns) in enumerate(checks) if may_match(n, ns, low)]
    # nested and overlapping needles, a pattern without pre-check, an empty needle
    checks = [("verho", None), ("verhoog", None), (None, ("hoog", "oogst")), (None, None), ("ver h", None), ("", None)]
    index = NeedleIndex(checks)
    for low in ("de verhoogde oogst", "verho", "ver hoog", "oogs", "", "verhoging en hoogte"):
        assert index.passing(low) == [i for i, (n, ns) in enumerate(checks) if may_match(n, ns, low)], low
    assert NeedleIndex([]).passing("tekst") == []


def test_holds_stem_is_any_stem() -> None:
    cues = load_claim_cues()
    for low in [t.lower() for t in _texts()] + ["", "geen enkel woord", "ver"]:
        assert cues.holds_stem(low) == any(stem in low for stem in cues.stems), low


@pytest.mark.parametrize(("pattern", "expected"), [
    ("tekorten? (?:in|bij) de opvang", ("tekorte ", "tekorten")),  # with and without the optional "n"
    ("(?:asiel)?opvang (?:te )?bieden", ("asielopv", "opvang b", "opvang t")),  # optional: its start or what follows
    ("(?<!grote )zorg(?! over)", ("zorg",)),  # look-arounds consume nothing
    ("(?:landen|komen) de kosten", ("komen de", "landen d")),
    ("[Cc]oa|COA", ("coa",)),  # lower case, as compared with the lower-cased text
    ("ad[- ]hoc", None),  # "ad" then a character outside [a-z0-9 ]: too short
    ("(?:\\w+ )?risico", None),  # may start with any word
    ("Oekraïne", ("oekra",)),  # up to the first non-ASCII letter
    ("(?:de |het )?kans", ("de kans", "het kans", "kans")),  # 8 characters at most
])
def test_literal_starts(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert literal_starts(re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", re.IGNORECASE)) == expected


def test_start_scan_is_finditer() -> None:
    """StartScan.finditer gives what regex.finditer gives (spans and groups, in order), for every shipped
    lexicon and claim cue pattern on the example and real letters, and on texts with the letters re's
    ignore-case folds apart from str.lower."""
    texts = _texts()
    texts += ["De asielopvang bieden wij, ASIELOPVANG BIEDEN wij; ſtatushouders in de opvang",
              "İn de opvang: tekortEN İN de opvang, tekorten ın de opvang", "", "opvang"]
    regexes = [e.pattern for name in ("risicos.yaml", "gemeentetaken.yaml") for e in load_lexicon(name).entries]
    regexes += [i.regex for i in load_claim_cues().items]
    scanned = 0
    for regex in regexes:
        scan = StartScan(regex)
        scanned += scan._starts is not None
        for text in texts:
            expected = [(m.span(), m.groups()) for m in regex.finditer(text)]
            assert [(m.span(), m.groups()) for m in scan.finditer(text, text.lower())] == expected, (regex.pattern, text)
    assert scanned > 0.8 * len(regexes)


def test_folded_apart_are_all_such_letters() -> None:
    """The characters re's ignore-case matches with a letter or digit of [a-z0-9 ] while str.lower() makes them
    something else: exactly those StartScan leaves to the regex (_FOLDED_APART), over all of Unicode."""
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    apart = {c for a in "abcdefghijklmnopqrstuvwxyz0123456789 " for c in re.findall(re.escape(a), every, re.IGNORECASE)
             if c.lower() != a}
    assert apart == {c for c in every[:0x200] if _FOLDED_APART.match(c)}
