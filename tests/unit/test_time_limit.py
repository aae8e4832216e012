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


def _busy_swallowing(seconds: float) -> int:
    """Work that catches every exception raised in it, as pdfminer's parser does in places."""
    swallowed = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        try:
            _busy(0.01)
        except Exception:  # noqa: BLE001 - stands for pdfminer's broad except
            swallowed += 1
    return swallowed


def test_work_past_the_limit_is_stopped() -> None:
    with pytest.raises(LimitExceededError, match=r"longer than 0\.05 s"), time_limit(0.05, "a.pdf"):
        _busy(2.0)


def test_swallowed_alarms_still_fail_the_letter() -> None:
    swallowed: list[int] = []

    def work() -> None:
        with time_limit(0.05, "a.pdf"):
            swallowed.append(_busy_swallowing(0.3))

    with pytest.raises(LimitExceededError, match="raise --max-seconds"):
        work()
    assert swallowed[0] >= 1  # the alarm was raised inside the work and caught there


def test_work_within_the_limit_is_left_alone() -> None:
    with time_limit(5.0, "a.pdf"):
        _busy(0.01)
