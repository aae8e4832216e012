"""Acceptance of issue 18 on data in the repository: the DATUM/AANTAL case tables and the fictional
letters without a "Datum" line (corpora/heldout-dates, true windows in corpora/annotations)."""
from __future__ import annotations

import pytest

from pipeline.evaluate.forms import CASES, CASES_BATCH2, FormScore, load_cases, score_cases, score_letter_dates


def _overall(scores: dict[tuple[str, str], FormScore]) -> FormScore:
    total = FormScore()
    for label in ("DATUM", "AANTAL"):
        part = scores[(label, "ALL")]
        total.gold += part.gold
        total.predicted += part.predicted
        total.span_hits += part.span_hits
        total.value_hits += part.value_hits
    return total


def test_the_case_table_covers_every_form_with_enough_cases() -> None:
    cases = load_cases(CASES)
    assert len(cases) >= 150
    forms = {(c.label, c.form) for c in cases}
    for needed in (("DATUM", "numeric"), ("DATUM", "month_abbr"), ("DATUM", "weekday_ordinal"),
                   ("DATUM", "relative_offset"), ("DATUM", "quarter_half"), ("DATUM", "season"), ("DATUM", "range"),
                   ("AANTAL", "number_words"), ("AANTAL", "fraction"), ("AANTAL", "money"), ("AANTAL", "percent"),
                   ("AANTAL", "range"), ("AANTAL", "identifier")):
        assert needed in forms


@pytest.mark.parametrize("path", [CASES, CASES_BATCH2], ids=["batch1", "batch2"])
def test_case_table_recall_and_value_precision(path) -> None:
    total = _overall(score_cases(load_cases(path)))
    assert total.recall >= 0.9
    assert total.value_precision >= 0.95
    assert total.precision >= 0.9  # identifiers and vague words stay out


def test_letters_without_datum_line_are_dated_inside_their_true_window() -> None:
    scores = score_letter_dates()
    assert len(scores) >= 10
    assert sum(s.inside for s in scores) >= len(scores) - 1
    assert all(s.window_ok for s in scores)
