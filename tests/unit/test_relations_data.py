"""Validation of the relation stage's data files: concept lexicons and cues.yaml fail loudly with file and line."""
from __future__ import annotations

import re

import pytest

from pipeline.concepts.lexicon import load_lexicon, parse_lexicon
from pipeline.datafiles import parse_yaml
from pipeline.errors import DataFileError
from pipeline.relations import DIRECTIONS, MARKERS, load_cues, parse_cues

SOURCE = "risicos-test.yaml"


def lexicon(concepts: str) -> str:
    return "kind: risico\nconcepts:\n" + concepts


@pytest.mark.parametrize(("concepts", "line", "message"), [
    ("  - name: a\n    patterns: ['ok']\n  - name: b\n    patterns:\n      - 'x'\n      - '(unclosed'\n", 8,
     "not a valid regex"),
    ("  - name: a\n    patterns: ['x']\n  - name: a\n    patterns: ['y']\n", 5, "listed twice"),
    ("  - name: 'druk op {x}'\n    patterns: ['druk op (?:de )?opvang']\n", 4, "(?P<x>...)"),
    ("  - name: a\n    patterns: []\n", 3, "non-empty list of 'patterns'"),
    ("  - name: ''\n    patterns: ['x']\n", 3, "non-empty 'name'"),
    ("  - name: a\n    patterns: ['(?:x)?']\n", 4, "matches the empty string"),
])
def test_lexicon_errors_name_file_and_line(concepts: str, line: int, message: str) -> None:
    with pytest.raises(DataFileError) as error:
        parse_lexicon(lexicon(concepts), SOURCE)
    assert str(error.value).startswith(f"{SOURCE}:{line}: ")
    assert message in str(error.value)


def test_lexicon_needs_kind_and_concepts() -> None:
    with pytest.raises(DataFileError, match=SOURCE):
        parse_lexicon("concepts: []\n", SOURCE)
    with pytest.raises(DataFileError, match="invalid YAML"):
        parse_lexicon("kind: [\n", SOURCE)


def test_lexicon_longest_match_and_file_order_on_ties() -> None:
    parsed = parse_lexicon(lexicon(
        "  - name: 'verblijf in {x}'\n    patterns: ['lang in (?P<x>hotels)']\n"
        "  - name: verblijf\n    patterns: ['lang in \\w+', 'lang']\n"), SOURCE)
    assert [m.name for m in parsed.find("te lang in hotels")] == ["verblijf in hotels"]
    assert [m.name for m in parsed.find("te lang")] == ["verblijf"]


def test_keep_patterns_narrows_a_lexicon() -> None:
    parsed = parse_lexicon(lexicon("  - name: a\n    patterns: ['x', 'y']\n"), SOURCE)
    narrowed = parsed.keep_patterns(lambda entry: entry.raw != "x")
    assert [m.surface for m in narrowed.find("x y")] == ["y"]
    assert parsed.names == ("a",) and [e.line for e in parsed.entries] == [3, 3]


def test_shipped_lexicons_load() -> None:
    assert load_lexicon("risicos.yaml").kind == "risico"
    assert load_lexicon("gemeentetaken.yaml").kind == "gemeentetaak"


# ----------------------------------------------------------------------------- cues.yaml

def cue_file(extra_cues: str = "", extra_markers: str = "") -> str:
    cues = "".join(f"  {d}:\n    - 'cue{i}'\n" for i, d in enumerate(DIRECTIONS))
    markers = "".join(f"  {m}:\n    - 'marker{i}'\n" for i, m in enumerate(MARKERS))
    return f"cues:\n{cues}{extra_cues}markers:\n{markers}{extra_markers}"


def test_a_minimal_cue_file_parses() -> None:
    parsed = parse_cues(parse_yaml(cue_file(), "cues-test.yaml"))
    assert {item.group for item in parsed.items} == set(DIRECTIONS) | set(MARKERS)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    position = -1
    for _ in range(nth):
        position = text.index(needle, position + 1)
    return text[:position].count("\n") + 1


BAD_REGEX = cue_file().replace("    - 'cue0'", "    - 'cue0'\n    - '(bad'")
TWICE = cue_file().replace("    - 'cue1'", "    - 'cue1'\n    - 'cue1'")
UNKNOWN = cue_file().replace("  forward:", "  sideways:\n    - 'x'\n  forward:")
BAD_OPTION = cue_file().replace("    - 'cue0'", "    - {pattern: 'x', cause_follows: 3}")
EMPTY = cue_file().replace("    - 'cue0'", "    - '(?:x)?'")


@pytest.mark.parametrize(("text", "line", "message"), [
    (BAD_REGEX, line_of(BAD_REGEX, "'(bad'"), "invalid regular expression"),
    (TWICE, line_of(TWICE, "'cue1'", 2), "listed twice"),
    (UNKNOWN, line_of(UNKNOWN, "sideways"), "unknown list 'sideways'"),
    (BAD_OPTION, line_of(BAD_OPTION, "cause_follows"), "true or false"),
    (EMPTY, line_of(EMPTY, "'(?:x)?'"), "matches the empty string"),
])
def test_cue_errors_name_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(DataFileError) as error:
        parse_cues(parse_yaml(text, "cues-test.yaml"))
    assert f"cues-test.yaml:{line}:" in str(error.value)
    assert message in str(error.value)


def test_cue_file_needs_every_list() -> None:
    text = re.sub(r"  amplify:\n    - 'cue\d+'\n", "", cue_file())
    with pytest.raises(DataFileError, match="missing list 'amplify'"):
        parse_cues(parse_yaml(text, "cues-test.yaml"))


def test_shipped_cues_load_and_keep_items_narrows() -> None:
    cues = load_cues()
    assert cues.find("Dit leidt tot problemen.")[0].direction == "forward"
    narrowed = cues.keep_items(lambda item: item.group != "forward")
    assert [c.direction for c in narrowed.find("Dit leidt tot problemen.")] == []


def test_lexicon_rejects_unknown_keys_and_names_the_allowed_ones() -> None:
    with pytest.raises(DataFileError) as error:
        parse_lexicon(lexicon("  - name: a\n    patterns: ['x']\n    patern: ['y']\n"), SOURCE)
    assert str(error.value).startswith(f"{SOURCE}:5: unknown key 'patern'") and "name, note, patterns" in str(error.value)
