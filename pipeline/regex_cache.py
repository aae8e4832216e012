"""Compiled regular expressions of the lexicons, kept between runs.

Every process compiles about 1,500 patterns of the shipped lexicons and rules (gazetteers, cue lists,
measure aliases, the tokenizer's affixes) before or during its first letter. Python's `re` parses and
translates each pattern in Python code, which cost about 0.25 CPU s of every start; only the last step
(`_sre.compile`, in C) is fast. `compile_pattern` keeps what `re` hands to that last step, keyed by the
pattern text and flags, in a file beside the package's bytecode (`__pycache__/`, as the fingerprint's
import cache), and builds the pattern from it next time: the same `_sre.compile` call `re` makes, so the
same matcher.

The same file keeps what a reader derives from a pattern by parsing it again (`derived_value`: the
literal needles of the concept lexicons' patterns), keyed by the pattern and the sha256 of the module
that derives it. Within a process, a pattern compiled twice (the same cue in two lists) is one object.

Safe when stale or damaged: an entry is keyed by the exact pattern text, so an edited lexicon only adds
entries; the file is tied to the exact Python build and `_sre`'s magic number, and anything unexpected
(another Python, a damaged file, a folder that cannot be written, `re` internals that moved) means plain
`re.compile`, never an error.
"""
from __future__ import annotations

import contextlib
import importlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:  # CPython's regex internals (private: looked up by name); without them every pattern is re.compile'd
    _sre: Any = importlib.import_module("_sre")
    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Python implementations
    _sre = _compiler = _parser = None

CACHE_NAME = "vng-regex-cache"  # in the package's __pycache__
MAX_ENTRIES = 20_000  # more means many lexicon edits since the file was started: start again

_Key = tuple[str, int]
_Parts = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _stamp() -> str:
    """What must match for the stored code to be valid: the exact Python build and the engine's version."""
    magic = getattr(_sre, "MAGIC", None)
    codesize = getattr(_sre, "CODESIZE", None)
    return f"{sys.version} {sys.implementation.cache_tag} sre {magic} {codesize}"


class _Cache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[_Key, _Parts] = {}
        self.new: dict[_Key, _Parts] = {}
        # Patterns compiled in this process: a pattern several readers use (the same cue in two lists)
        # is compiled once, as re.compile's own cache would (its stored entry is popped at first use).
        self.compiled: dict[_Key, re.Pattern[str]] = {}
        self.derived: dict[tuple[str, str, str, int], Any] = {}  # derive(): values read from the file
        self.new_derived: dict[tuple[str, str, str, int], Any] = {}
        self.loaded = False
        self.enabled = _sre is not None and hasattr(_compiler, "_code") and hasattr(_parser, "parse")

    def _load(self) -> None:
        self.loaded = True
        try:
            data = marshal.loads(self.path.read_bytes())  # noqa: S302 - our own file beside the .pyc files
        except (OSError, EOFError, ValueError, TypeError):
            return
        if isinstance(data, tuple) and len(data) == 2 and data[0] == _stamp() and isinstance(data[1], dict):
            self.derived = {k: v for k, v in data[1].items() if isinstance(k, tuple) and len(k) == 4}
            self.stored = {k: v for k, v in data[1].items() if not (isinstance(k, tuple) and len(k) == 4)}

    def compile(self, pattern: str, flags: int) -> re.Pattern[str]:
        key = (pattern, int(flags))
        known = self.compiled.get(key)
        if known is None:
            known = self.compiled[key] = self._compile(pattern, flags)
        return known

    def derive(self, kind: str, version: str, pattern: str, flags: int, compute: Callable[[], Any]) -> Any:
        """compute(), or what it gave before for this kind, version, pattern and flags."""
        if not self.enabled:
            return compute()
        if not self.loaded:
            self._load()
        key = (f"{kind} {version}", pattern, "", int(flags))
        if key in self.derived:
            return self.derived[key]
        value = self.derived[key] = self.new_derived[key] = compute()
        return value

    def _compile(self, pattern: str, flags: int) -> re.Pattern[str]:
        if not self.enabled:
            return re.compile(pattern, flags)
        if not self.loaded:
            self._load()
        key = (pattern, int(flags))
        parts = self.stored.pop(key, None)  # each pattern is compiled once per process (the readers keep it)
        if parts is not None:
            try:
                final_flags, code, groups, groupindex, indexgroup = parts
                return _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
            except (TypeError, ValueError, RuntimeError):  # a damaged entry: compile it as re does
                pass
        try:
            parts = _compile_parts(pattern, int(flags))
        except re.error:
            raise  # an invalid pattern: the reader names the file and line
        except (AttributeError, TypeError, ValueError, IndexError):  # re's internals changed: plain re from now on
            self.enabled = False
            return re.compile(pattern, flags)
        final_flags, code, groups, groupindex, indexgroup = parts
        try:
            compiled: re.Pattern[str] = _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
        except (TypeError, ValueError, RuntimeError):  # _sre.compile's signature changed: plain re from now on
            self.enabled = False
            return re.compile(pattern, flags)
        self.new[key] = parts
        return compiled

    def save(self) -> None:
        """Add this process's new entries to the file (atomically); a folder that cannot be written only
        means compiling again next time."""
        if not self.new and not self.new_derived:
            return
        merged: dict[Any, Any] = {}
        try:
            data = marshal.loads(self.path.read_bytes())  # noqa: S302 - as above
            if isinstance(data, tuple) and len(data) == 2 and data[0] == _stamp() and isinstance(data[1], dict):
                merged = data[1]
        except (OSError, EOFError, ValueError, TypeError):
            merged = {}
        if len(merged) + len(self.new) + len(self.new_derived) > MAX_ENTRIES:
            merged = {}
        merged.update(self.new)
        merged.update(self.new_derived)
        self.new, self.new_derived = {}, {}
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(exist_ok=True)
            temporary.write_bytes(marshal.dumps((_stamp(), merged)))
            temporary.replace(self.path)
        except (OSError, ValueError):  # ValueError: a value marshal cannot store (then nothing is stored)
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


def _compile_parts(pattern: str, flags: int) -> _Parts:
    """What re._compiler.compile passes to _sre.compile (CPython 3.11-3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)  # noqa: SLF001 - the step re._compiler.compile takes
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints (re uses int subclasses for flags and opcodes): what marshal stores, and all _sre needs.
    return (int(flags | parsed.state.flags), [int(c) for c in code], int(parsed.state.groups - 1),
            {str(k): int(v) for k, v in groupindex.items()}, tuple(indexgroup))


_CACHE = _Cache(Path(__file__).resolve().parent / "__pycache__" / f"{CACHE_NAME}.{sys.implementation.cache_tag}.marshal")


def compile_pattern(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), from the stored code when this pattern was compiled before."""
    return _CACHE.compile(pattern, int(flags))


def derived_value(kind: str, version: str, regex: re.Pattern[str], compute: Callable[[], Any]) -> Any:
    """compute(): something read from a pattern by parsing it again (such as the literal needles of
    pipeline.concepts.lexicon), kept in the same file. `version` must change whenever compute's answer
    may (the caller passes the sha256 of the module that computes it); the value must be what marshal
    stores (None, str, int, tuples of them)."""
    return _CACHE.derive(kind, version, regex.pattern, int(regex.flags), compute)


def save_patterns() -> None:
    """Store the patterns this process compiled for the first time (cheap when there are none)."""
    _CACHE.save()


def _reset_for_tests(path: Path) -> Any:
    """A fresh cache at `path` (tests); returns the previous one."""
    global _CACHE
    previous, _CACHE = _CACHE, _Cache(path)
    return previous
