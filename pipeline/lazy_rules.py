"""A spaCy tokenizer that adds its special cases when a text could use them.

The model's tokenizer has 4,670 special cases ("a.s.", "mld.", emoticons, ...). spaCy adds each at once:
checked, made a fused token, and (3,991 of them, those with a prefix, suffix or infix) tokenized and added
to a phrase matcher: about 0.5 CPU s of every process's start-up (0.04 s without them), while a letter
needs a few hundred. `LazyRulesTokenizer` holds them back and adds, before it tokenizes a text, every
held rule that could change the text's tokens: those whose pieces all occur in it.

Why that is the same tokenization. A rule acts on a text in two ways: (1) as a whole chunk or an affix
remainder equal to the rule's string, which is then a substring of the text; (2) through the phrase
matcher, which matches the rule's pieces (its string as the tokenizer splits it without rules) as a
sequence of token texts, and even a match whose text is not the rule's (pieces with a space between)
takes part in choosing among overlapping matches. Token texts are substrings of the text, so in both
cases every piece of the rule occurs in the text. A rule is added when its longest piece occurs in the
text (a superset: more rules than act, never fewer); a piece without whitespace lies inside one
whitespace-separated chunk, and each distinct chunk is looked at once; the few rules with a whitespace
piece (the no-break space "\xa0" is one) are added with the first text. The pieces are what spaCy
computes for the matcher (a tokenizer with the same affixes and no rules), kept in
`pipeline/__pycache__` through `regex_cache.derived_value`, keyed by the rules, the affix patterns
and spaCy's version. A rule added later replaces a held one of the same string, as it would replace it
when added after all of them; changing the affixes, reading or setting `rules`, serialising or
`explain` first adds every held rule, so the tokenizer is then spaCy's own.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from pipeline.regex_cache import compile_pattern, derived_value

_SOURCE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
MAX_SEEN = 200_000  # distinct chunks remembered as looked at; more: forget them (they are only looked at again)


def rule_pieces(rules: dict[str, Any], settings: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Each rule's pieces: its string as a tokenizer with these affix settings and no rules splits it."""
    plain = Tokenizer(spacy.blank("xx").vocab, rules=None, **settings)
    return {string: tuple(token.text for token in plain(string)) for string in sorted(rules)}


def stored_pieces(rules: dict[str, Any], patterns: dict[str, str | None], settings: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """rule_pieces, kept between runs (pipeline.regex_cache.derived_value), keyed by everything it reads."""
    key = json.dumps([spacy.__version__, _SOURCE, patterns, settings.get("faster_heuristics", True),
                      sorted((k, [sorted(piece.items()) for piece in v]) for k, v in rules.items())],
                     sort_keys=True, default=str)
    version = hashlib.sha256(key.encode("utf-8")).hexdigest()
    anchor = compile_pattern(patterns.get("prefix_search") or "")
    stored = derived_value("tokenizer rule pieces", version, anchor,
                           lambda: tuple(rule_pieces(rules, settings).items()))
    return {string: tuple(pieces) for string, pieces in stored}


class LazyRulesTokenizer(Tokenizer):
    """spaCy's Tokenizer, whose special cases are added when a text could use them (module docstring)."""

    def __init__(self, vocab: Any, rules: dict[str, Any], pieces: dict[str, tuple[str, ...]], **settings: Any) -> None:
        self._held: dict[str, Any] = {}
        super().__init__(vocab, rules=None, **settings)
        self._held = dict(rules)
        self._by_piece: dict[str, list[str]] = {}
        self._always: list[str] = []  # a piece with whitespace in it ("\xa0" is one): added at the first text
        for string in rules:
            parts = pieces.get(string) or (string,)
            piece = max(parts, key=len)
            if not piece or any(ch.isspace() for ch in piece):
                self._always.append(string)
            else:
                self._by_piece.setdefault(piece, []).append(string)
        self._lengths = sorted({len(piece) for piece in self._by_piece})
        self._seen: set[str] = set()

    # -- adding held rules -------------------------------------------------------------------------
    def _add_for(self, text: str) -> None:
        if not self._held:
            return
        needed: set[str] = set(self._always)
        self._always = []
        seen, by_piece, lengths = self._seen, self._by_piece, self._lengths
        for chunk in set(text.split()):
            if chunk in seen:
                continue
            size = len(chunk)
            for length in lengths:
                if length > size:
                    break
                for start in range(size - length + 1):
                    found = by_piece.get(chunk[start:start + length])
                    if found is not None:
                        needed.update(found)
            seen.add(chunk)
        if len(seen) > MAX_SEEN:
            seen.clear()
        for string in sorted(needed):
            substrings = self._held.get(string)
            if substrings is not None:
                self.add_special_case(string, substrings)

    def _add_all(self) -> None:
        for string in sorted(self._held):
            substrings = self._held.get(string)
            if substrings is not None:
                self.add_special_case(string, substrings)

    def add_special_case(self, string: str, substrings: Iterable[dict[Any, Any]]) -> None:
        # a held rule of the same string came first: this one replaces it, as it would
        getattr(self, "_held", {}).pop(string, None)
        super().add_special_case(string, substrings)

    # -- tokenizing --------------------------------------------------------------------------------
    def __call__(self, text: str) -> Doc:
        self._add_for(text)
        return super().__call__(text)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def explain(self, text: str) -> list[tuple[str, str]]:
        self._add_all()
        return super().explain(text)

    # -- what makes it spaCy's own tokenizer again --------------------------------------------------
    @property
    def rules(self) -> dict[str, Any]:
        self._add_all()
        return Tokenizer.rules.__get__(self)

    @rules.setter
    def rules(self, rules: dict[str, Any]) -> None:
        self._held = {}
        Tokenizer.rules.__set__(self, rules)

    def _affix(name: str) -> property:  # builds the properties below
        spacys = getattr(Tokenizer, name)

        def get(self: LazyRulesTokenizer) -> Any:
            return spacys.__get__(self)

        def set_(self: LazyRulesTokenizer, value: Any) -> None:
            if getattr(self, "_held", None):
                self._add_all()  # the held rules' pieces were split by the old affixes
            spacys.__set__(self, value)

        return property(get, set_)

    prefix_search = _affix("prefix_search")
    suffix_search = _affix("suffix_search")
    infix_finditer = _affix("infix_finditer")
    token_match = _affix("token_match")
    url_match = _affix("url_match")
    faster_heuristics = _affix("faster_heuristics")
    del _affix

    def to_bytes(self, **kwargs: Any) -> bytes:
        self._add_all()
        return super().to_bytes(**kwargs)

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        self._add_all()
        super().to_disk(path, **kwargs)

    def __reduce__(self) -> Any:
        self._add_all()
        _, args, *_ = super().__reduce__()
        return (Tokenizer, args, None, None)  # spaCy's own, with every rule
