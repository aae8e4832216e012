"""Lexical attributes of the words the pipeline's build adds to the vocabulary, kept between runs.

Building the pipeline creates about 11,000 lexemes (the tokenizer's 4,700 special cases, the words of
the gazetteers' phrase patterns), and for each spaCy calls the language's ~20 attribute getters (shape,
like_num, is_stop, norm, ...), all Python functions: about 0.27 CPU s of every process's start-up.
`LexemeAttributes` hands the vocabulary, while the pipeline is built, getters that look the value up in
a table kept beside the package's bytecode (`__pycache__/`, as pipeline.regex_cache) and call the real
getter only for a string the table lacks; afterwards the real getters are back. So every lexeme holds
the values the real getters give.

The table is tied to the getters themselves (their code, and the data they close over: stop words, norm
exceptions), spaCy's version and Python's: anything else (another model's vocabulary, an upgrade) is
another file. A file that is damaged or cannot be written only means calling the getters.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import marshal
import os
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

CACHE_PREFIX = "vng-lexemes"  # in the package's __pycache__, one file per set of getters
FOLDER = Path(__file__).resolve().parent / "__pycache__"
MAX_STRINGS = 100_000  # more: something adds words without end; start again


def _describe(value: Any) -> Any:
    """A description of a getter that changes whenever what it computes may (JSON, stable across processes)."""
    if isinstance(value, functools.partial):
        return ["partial", _describe(value.func), [_describe(a) for a in value.args],
                {str(k): _describe(v) for k, v in sorted(value.keywords.items())}]
    if isinstance(value, types.CodeType):
        return ["code", value.co_code.hex(), [_describe(c) for c in value.co_consts], list(value.co_names)]
    code = getattr(value, "__code__", None)
    if isinstance(code, types.CodeType):
        cells = [_describe(cell.cell_contents) for cell in getattr(value, "__closure__", None) or ()]
        return ["function", f"{value.__module__}.{value.__qualname__}", _describe(code), cells,
                [_describe(d) for d in getattr(value, "__defaults__", None) or ()]]
    if isinstance(value, (set, frozenset)):  # sorted: a set's order changes with the process's hash seed
        return ["set", sorted((_describe(v) for v in value), key=_key)]
    if isinstance(value, dict):
        return ["dict", sorted(([_describe(k), _describe(v)] for k, v in value.items()), key=_key)]
    if isinstance(value, (list, tuple)):
        return [_describe(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "items"):  # spaCy's lookup tables
        return ["table", type(value).__qualname__, _describe(dict(value.items()))]
    return ["object", type(value).__module__, type(value).__qualname__, repr(value)]


def _key(description: Any) -> str:
    return json.dumps(description, sort_keys=True, default=str)


def getters_stamp(getters: dict[int, Callable[[str], Any]]) -> str:
    """The getters' identity: what must match for stored values to be theirs."""
    described = {str(attr): _describe(getter) for attr, getter in sorted(getters.items())}
    text = json.dumps([sys.version, spacy.__version__, described], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Table(dict[str, Any]):
    """One attribute's values by string; a string it lacks gets the real getter's value, remembered."""

    def __init__(self, getter: Callable[[str], Any], values: dict[str, Any], owner: LexemeAttributes) -> None:
        super().__init__(values)
        self.getter = getter
        self.owner = owner

    def __missing__(self, string: str) -> Any:
        value = self[string] = self.getter(string)
        self.owner.changed = True
        return value


class LexemeAttributes:
    """`with LexemeAttributes() as lexemes: lexemes.attach(vocab); ...`: while the block runs, the new
    lexemes of `vocab` take their attributes from the stored table; at its end the real getters are
    back and the new values are stored."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or FOLDER
        self.vocab: Any = None  # spaCy's Vocab (its type stub does not declare lex_attr_getters)
        self.getters: dict[int, Callable[[str], Any]] = {}
        self.tables: dict[int, _Table] = {}
        self.path: Path | None = None
        self.changed = False

    def __enter__(self) -> LexemeAttributes:
        return self

    def attach(self, vocab: Any) -> None:
        """Cached getters for this vocabulary (nothing when it is the one attached already)."""
        if vocab is self.vocab:
            return
        self.detach()
        getters = dict(vocab.lex_attr_getters or {})
        if not getters:
            return
        self.path = self.folder / f"{CACHE_PREFIX}-{getters_stamp(getters)[:20]}.marshal"
        strings, columns = self._read()
        self.vocab, self.getters, self.changed = vocab, getters, False
        self.tables = {attr: _Table(getter, dict(zip(strings, columns.get(attr, ()), strict=False)), self)
                       for attr, getter in getters.items()}
        vocab.lex_attr_getters = {attr: table.__getitem__ for attr, table in self.tables.items()}

    def _read(self) -> tuple[list[str], dict[int, list[Any]]]:
        """The stored strings, and per attribute their values in the same order (compact: one copy of
        each string, and lists load faster than dictionaries)."""
        if self.path is None:
            return [], {}
        try:
            data = marshal.loads(self.path.read_bytes())  # noqa: S302 - our own file beside the .pyc files
        except (OSError, EOFError, ValueError, TypeError):
            return [], {}
        if not (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], list) and isinstance(data[1], dict)):
            return [], {}
        strings, columns = data
        if not all(isinstance(v, list) and len(v) == len(strings) for v in columns.values()):
            return [], {}
        return strings, columns

    def detach(self) -> None:
        """The real getters back; the values found meanwhile stored (atomically)."""
        if self.vocab is None:
            return
        self.vocab.lex_attr_getters = self.getters
        self.vocab = None
        if not self.changed or self.path is None:
            return
        strings = list(next(iter(self.tables.values())))
        if len(strings) > MAX_STRINGS:
            return
        # Every table has every string: each lexeme asks every getter.
        columns = {attr: [table[s] for s in strings] for attr, table in self.tables.items()}
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(exist_ok=True)
            temporary.write_bytes(marshal.dumps((strings, columns)))
            temporary.replace(self.path)
        except (OSError, ValueError):  # ValueError: a value marshal cannot store (then nothing is stored)
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    def __exit__(self, *exc: object) -> None:
        self.detach()
