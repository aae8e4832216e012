"""RuleSet.applicable looks for each needed word once per text: it must pick exactly the rules the per-rule
check picked (a rule without `needs`, or with one of its words in the casefolded text), and a sentence
checked against only the words found in its text must get the same rules as checked against all."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.entities.rules import RuleSet, shipped_rules

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "corpora" / "examples").glob("*.txt"))
RULE_FILES = ("dates.yaml", "amounts.yaml", "laws.yaml", "ministers.yaml", "orgs.yaml", "persons.yaml")


def _per_rule(rules: RuleSet, folded: str) -> list[str]:
    return [r.name for r in rules.rules if not r.needs or any(word in folded for word in r.needs)]


@pytest.mark.parametrize("name", RULE_FILES)
def test_applicable_picks_what_the_per_rule_check_picked(name: str) -> None:
    rules = shipped_rules(name)
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    assert texts
    pieces = [piece for text in texts for piece in text.split("\n\n")] + ["", "Per 1 januari 2025", "ß STRASSE"]
    for piece in pieces:
        folded = piece.casefold()
        assert [r.name for r in rules.applicable(folded)] == _per_rule(rules, folded)
        # a sentence of the piece, with only the words found in the whole piece
        words = [w for w in rules.needed_words if w in folded]
        for sentence in piece.split(". "):
            part = sentence.casefold()
            assert [r.name for r in rules.applicable(part, words)] == _per_rule(rules, part)
