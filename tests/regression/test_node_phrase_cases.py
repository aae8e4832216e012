"""Regression tier: node phrase cases as data (node_phrase_cases.jsonl), known failures as strict xfail."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.datafiles import parse_jsonl
from pipeline.relations.phrases import phrase_of_text

CASES = Path(__file__).with_name("node_phrase_cases.jsonl")


def _cases() -> list[Any]:
    params = []
    for _, case in parse_jsonl(CASES.read_text(encoding="utf-8"), str(CASES), ("id", "text")):
        marks = [pytest.mark.xfail(strict=True, reason=case["known_failure"])] if case.get("known_failure") else []
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.mark.parametrize("case", _cases())
def test_node_phrase_case(case: dict[str, Any]) -> None:
    phrase = phrase_of_text(case["text"])
    if "expected" in case:
        assert case["expected"] is None and phrase is None
        return
    assert phrase is not None
    assert (phrase.key, phrase.label, phrase.kind, phrase.canonical) == \
        (case["key"], case["label"], case["kind"], case["canonical"])
