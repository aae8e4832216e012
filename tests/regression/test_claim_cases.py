"""Regression tier: claim extraction cases as data (claim_cases.jsonl, fictional sentences), run on the
shipped Dutch model; known failures as strict xfail."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from pipeline.datafiles import parse_jsonl
from pipeline.nlp import SHIPPED_MODEL, build_nlp
from pipeline.relations.claims import extract_claims
from pipeline.types import Claim, Passage

CASES = Path(__file__).with_name("claim_cases.jsonl")
needs_model = pytest.mark.skipif(not (SHIPPED_MODEL / "config.cfg").is_file(), reason="models/nl_vng_core absent")
FLAGS = ("negated", "reported", "hypothetical")


def _cases() -> list[Any]:
    params = []
    for _, case in parse_jsonl(CASES.read_text(encoding="utf-8"), str(CASES), ("id", "text", "claims")):
        marks = [pytest.mark.xfail(strict=True, reason=case["known_failure"])] if case.get("known_failure") else []
        params.append(pytest.param(case, id=case["id"], marks=[needs_model, *marks]))
    return params


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def claims_of(nlp: Language, text: str) -> tuple[Claim, ...]:
    sentences = tuple((m.start(), m.end()) for m in re.finditer(r"[^.?!]+[.?!]", text))
    passage = Passage("d#p1", "Sectie", text, 1, sentences=sentences)
    return extract_claims("d", [passage], {passage.id: sentences}, nlp=nlp)


def _found(expected: dict[str, Any], claims: tuple[Claim, ...]) -> bool:
    # label or surface text, each on its own (joined, a stem could match across the two)
    return any(any(expected["source"] in text.lower() for text in (c.source, c.source_text))
               and any(expected["target"] in text.lower() for text in (c.target, c.target_text))
               and c.relation == expected["relation"]
               and all(getattr(c, flag) == expected.get(flag, False) for flag in FLAGS) for c in claims)


@pytest.mark.parametrize("case", _cases())
def test_claim_case(nlp: Language, case: dict[str, Any]) -> None:
    claims = claims_of(nlp, case["text"])
    if not case["claims"]:
        assert [c for c in claims if not any(getattr(c, f) for f in FLAGS)] == []
        return
    for expected in case["claims"]:
        assert _found(expected, claims), (expected, claims)
    # "absent": stems no claim's source or target may hold (a wrong extra claim the case was written for)
    for stem in case.get("absent", []):
        assert not any(stem in c.source.lower() or stem in c.target.lower() for c in claims), (stem, claims)
    # "absent_claims": claims (source, relation, target stems, as in "claims") that must not be made: a wrong
    # claim whose words may stay in a right one ("de aanbieders" as a cause, kept in the effect's label)
    for wrong in case.get("absent_claims", []):
        assert not _found(wrong, claims), (wrong, claims)
