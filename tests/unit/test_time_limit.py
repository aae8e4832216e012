"""The per-letter time limit (pipeline.letter.time_limit)."""
from __future__ import annotations

import time

import pytest

from pipeline.errors import LimitExceededError
from pipeline.letter import time_limit


def _busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_work_past_the_limit_is_stopped() -> None:
    with pytest.raises(LimitExceededError, match="longer than 0.05 s"), time_limit(0.05, "a.pdf"):
        _busy(2.0)


def test_swallowed_alarms_still_fail_the_letter() -> None:
    # pdfminer's parser catches Exception in places: every alarm may land there.
    swallowed = 0
    with pytest.raises(LimitExceededError, match="raise --max-seconds"), time_limit(0.05, "a.pdf"):
        end = time.perf_counter() + 0.3
        while time.perf_counter() < end:
            try:
                _busy(0.01)
            except Exception:  # noqa: BLE001 - stands for pdfminer's broad except
                swallowed += 1
    assert swallowed >= 1


def test_work_within_the_limit_is_left_alone() -> None:
    with time_limit(5.0, "a.pdf"):
        _busy(0.01)
