"""Regression tier: entity cases as data, known failures as strict xfail (see README.md here)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from pipeline.entities import detect_entities
from pipeline.nlp import build_nlp, has_model
from pipeline.types import Passage

CASES = Path(__file__).with_name("entity_cases.jsonl")


def _cases() -> list[Any]:
    params = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        marks = [pytest.mark.xfail(strict=True, reason=case["known_failure"])] if case.get("known_failure") else []
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


@pytest.mark.parametrize("case", _cases())
def test_entity_case(nlp: Language, case: dict[str, Any]) -> None:
    if case.get("needs_model") and not has_model(nlp):
        pytest.skip("found with the Dutch model's tags (models/nl_vng_core), which this pipeline lacks")
    text, surface = case["text"], case["surface"]
    start = -1
    for _ in range(case.get("occurrence", 1)):
        start = text.index(surface, start + 1)
    found = {(e.label, e.start, e.end) for e in detect_entities(nlp, [Passage("case#p001", None, text, None)],
                                                                  "2025-03-20")}
    assert (case["label"], start, start + len(surface)) in found, sorted(found)
