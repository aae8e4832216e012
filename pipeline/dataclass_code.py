"""The generated methods of dataclasses, compiled once and kept between runs.

`@dataclass` writes the source of each class's `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`
and `__delattr__` (frozen) as text and compiles it with `exec`: about 930 small functions before the first
letter (our frozen dataclasses, spaCy's, thinc's, pydantic's), ~0.15 CPU s of every process's start-up,
nearly all of it in the compiler. `install()` (called by `pipeline/__init__.py`, before any of those
modules is imported) gives the dataclasses module an `exec` that compiles each text once and keeps the
code objects in a file beside the package's bytecode (`__pycache__/`, as `pipeline.regex_cache` does),
keyed by the exact text: the same text compiled the same way (`dont_inherit`, as `exec` of a string in a
module without `__future__` imports compiles it), so the same functions.

Safe when stale or damaged: a text not in the file is compiled as before (and stored by `save()`); the file is
tied to the exact Python build and its optimisation level, and anything unexpected (another Python, a
damaged file, a folder that cannot be written) means compiling, never an error. Anything but a string
(`exec` of a code object) goes to the real `exec` unchanged.
"""
from __future__ import annotations

import builtins
import contextlib
import dataclasses
import marshal
import os
import sys
import types
from pathlib import Path
from typing import Any

CACHE_NAME = "vng-dataclass-code"  # in the package's __pycache__
MAX_ENTRIES = 5_000  # more: the file grew without end (edited classes, tests' own classes); start again
_PATH = Path(__file__).resolve().parent / "__pycache__" / f"{CACHE_NAME}.{sys.implementation.cache_tag}.marshal"


def _stamp() -> str:
    """What must match for stored code to be valid: the exact Python build and how it optimises."""
    return f"{sys.version} {sys.implementation.cache_tag} optimize {sys.flags.optimize}"


class _Codes:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[str, types.CodeType] = {}
        self.new: dict[str, types.CodeType] = {}
        try:
            data = marshal.loads(path.read_bytes())  # noqa: S302 - our own file beside the .pyc files
        except (OSError, EOFError, ValueError, TypeError):
            return
        if isinstance(data, tuple) and len(data) == 2 and data[0] == _stamp() and isinstance(data[1], dict):
            self.stored = {k: v for k, v in data[1].items() if isinstance(k, str) and isinstance(v, types.CodeType)}

    def code(self, source: str) -> types.CodeType:
        known = self.stored.get(source)
        if known is None:
            # What exec(source) compiles: "<string>", the caller's (dataclasses') compiler flags, which are none.
            known = self.stored[source] = self.new[source] = compile(source, "<string>", "exec", dont_inherit=True)
        return known

    def save(self) -> None:
        """Add this process's new entries to the file (atomically)."""
        if not self.new:
            return
        merged: dict[str, types.CodeType] = {}
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            data = marshal.loads(self.path.read_bytes())  # noqa: S302 - as above
            if isinstance(data, tuple) and len(data) == 2 and data[0] == _stamp() and isinstance(data[1], dict):
                merged = data[1]
        if len(merged) + len(self.new) > MAX_ENTRIES:
            merged = {}
        merged.update(self.new)
        self.new = {}
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(exist_ok=True)
            temporary.write_bytes(marshal.dumps((_stamp(), merged)))
            temporary.replace(self.path)
        except (OSError, ValueError):  # a read-only install: compile again next time
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


_CODES: _Codes | None = None


def _exec(source: Any, namespace: dict[str, Any] | None = None, local_names: Any = None, /) -> None:
    """exec, with the code of a source text from the store."""
    if isinstance(source, str) and _CODES is not None:
        source = _CODES.code(source)
    builtins.exec(source, namespace, local_names)  # noqa: S102 - dataclasses' own exec of the text it generated


def install() -> None:
    """From now on, dataclasses compile their methods' texts through the store (idempotent)."""
    global _CODES
    if _CODES is None:
        _CODES = _Codes(_PATH)
    vars(dataclasses)["exec"] = _exec  # the module's own name `exec` comes before the builtin


def save() -> None:
    """Store the texts compiled for the first time in this process (cheap when there are none)."""
    if _CODES is not None:
        _CODES.save()


def _reset_for_tests(path: Path) -> _Codes | None:
    """A fresh store at `path` (tests); returns the previous one."""
    global _CODES
    previous, _CODES = _CODES, _Codes(path)
    return previous
