"""Ctrl-C and SIGTERM during a run: stop cleanly, keep every finished letter, say how to continue."""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Interrupted(BaseException):
    """The run was stopped by a signal. A BaseException, so that no per-file boundary swallows it."""

    def __init__(self, signum: int, done: int = 0, total: int = 0) -> None:
        super().__init__(signum, done, total)
        self.signum = signum
        self.done = done
        self.total = total

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM

    def __str__(self) -> str:
        if not self.total:  # stopped while the folder was still being scanned
            return "Interrupted before any letter was analysed; run the same command to continue"
        return f"Interrupted after {self.done}/{self.total} letters; run the same command to continue"


class Interrupts:
    """Turns SIGINT/SIGTERM into `Interrupted`, except inside `deferred()` blocks (a letter file and
    its index line are written together), where it is raised at the end of the block."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self._pending: int | None = None
        self._depth = 0

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._depth:
            self._pending = signum
            return
        raise Interrupted(signum)

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # signal handlers can only be set in the main thread; the caller handles signals
            return
        previous = {s: signal.signal(s, self._handle) for s in self.SIGNALS}
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if not self._depth and self._pending is not None:
            signum, self._pending = self._pending, None
            raise Interrupted(signum)
