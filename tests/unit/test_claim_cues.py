"""claim_cues.yaml (issue 19): validated loudly, cues found longest-first with their named parts, the pre-check."""
from __future__ import annotations

import pytest

from pipeline.datafiles import parse_yaml
from pipeline.errors import DataFileError
from pipeline.relations.cues import CLAIM_DIRECTIONS, CLAIM_MARKERS, load_claim_cues, parse_claim_cues

SOURCE = "claim-cues-test.yaml"


def _file() -> str:  # every cue and marker word contains the precheck part "cue" or "marker"
    lists = "".join(f"  {d}:\n    - 'cue{i}'\n" for i, d in enumerate(CLAIM_DIRECTIONS))
    marks = "".join(f"  {m}:\n    - 'marker{i}'\n" for i, m in enumerate(CLAIM_MARKERS))
    return f"precheck: [cue, marker]\ncues:\n{lists}markers:\n{marks}"


def test_shipped_cues_load_with_every_list() -> None:
    cues = load_claim_cues()
    groups = {item.group for item in cues.items}
    assert set(CLAIM_DIRECTIONS) <= groups and set(CLAIM_MARKERS) <= groups


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  forward:\n", "  sideways:\n    - 'x'\n  forward:\n", "unknown list 'sideways'"),
    ("    - 'marker2'\n", "    - 'marker2'\n    - 'marker2'\n", "listed twice"),
    ("    - 'cue0'\n", "    - '(?P<oorzaak>x) leidt'\n", "may name only"),
    ("    - 'marker4'\n", "    - '(?P<effect>om)'\n", "markers none"),
    ("    - 'cue6'\n", "    - '(?:x)?'\n", "matches the empty string"),
    ("    - 'cue0'\n", "    - '(unclosed'\n", "invalid regular expression"),
    ("    - 'cue0'\n", "    - 'leidt tot'\n", "none of the precheck word parts"),
    ("precheck: [cue, marker]", "precheck: [cue, Marker]", "lower case"),
    ("    - 'cue0'\n", "    - 'cue een {hindrance} voor'\n", "names the class {hindrance}"),
])
def test_errors_name_the_file(old: str, new: str, message: str) -> None:
    text = _file()
    assert old in text
    with pytest.raises(DataFileError) as error:
        parse_claim_cues(parse_yaml(text.replace(old, new, 1), SOURCE))
    assert str(error.value).startswith(SOURCE) and message in str(error.value)


def test_missing_list_is_an_error() -> None:
    text = _file().replace("  fear:\n    - 'cue6'\n", "")
    with pytest.raises(DataFileError, match="missing list 'fear'"):
        parse_claim_cues(parse_yaml(text, SOURCE))


def test_find_longest_cue_and_named_parts() -> None:
    cues = load_claim_cues()
    sentence = "De sluiting zet de leefbaarheid in wijken onder druk, wat leidt tot meer overlast."
    found = cues.find(sentence)
    assert [c.direction for c in found] == ["forward", "forward"]
    first = found[0]
    assert first.effect is not None and sentence[first.effect[0]:first.effect[1]].strip() == "de leefbaarheid in wijken"
    inverted = cues.find("Op termijn leidt deze maatregel tot langere wachttijden.")[0]
    assert inverted.inner is not None


def test_precheck_selects_only_cue_sentences() -> None:
    cues = load_claim_cues()
    assert cues.worth_parsing("De wet leidt tot meer dakloosheid.")
    assert cues.worth_parsing("Hierdoor lopen de wachttijden op.")
    assert not cues.worth_parsing("De VNG dankt u voor de uitnodiging voor het overleg van 12 maart.")


def test_keep_items_drops_cues() -> None:
    cues = load_claim_cues()
    without = cues.keep_items(lambda item: item.group != "anaphoric")
    assert cues.find("Hierdoor lopen de wachttijden op.")
    assert not without.find("Hierdoor lopen de wachttijden op.")


def test_markers() -> None:
    cues = load_claim_cues()
    assert cues.marked("reported", "Het kabinet stelt dat de wet")
    assert cues.marked("purpose", "om de druk op de opvang te verlichten")
    assert not any(p.search("niet alleen") for p in cues.markers("negation"))


def test_a_class_name_stands_for_the_words_of_that_predicates_yaml_class() -> None:
    cues = load_claim_cues()
    found = cues.find("De hoge drempel vormt een hindernis voor de toegang tot het loket.")
    assert [c.text for c in found] == ["vormt een hindernis voor"]
    # the ablation key is the entry as written, with its class name
    assert "{obstacle}" in found[0].raw
