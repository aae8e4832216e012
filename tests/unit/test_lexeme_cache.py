"""pipeline.lexeme_cache: the stored lexical attributes are the ones the real getters give."""
from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.vocab import Vocab

from pipeline import lexeme_cache
from pipeline.lexeme_cache import LexemeAttributes, getters_stamp

ATTRIBUTES = ("lower_", "norm_", "prefix_", "suffix_", "shape_", "lang_", "is_alpha", "is_digit", "is_lower",
              "is_space", "is_title", "is_upper", "is_stop", "like_email", "like_num", "is_punct", "is_ascii",
              "is_bracket", "is_quote", "is_left_punct", "is_right_punct", "is_currency", "like_url")
# Words a blank Dutch vocabulary does not hold yet (its tokenizer exceptions make lexemes of their own).
WORDS = ("asielzoekersopvang", "Zwolle2026", "9.999", "xq.zz.", "www.voorbeeld-brief.nl", "kees@voorbeeld.nl",
         "((", "»»", "STATUSHOUDERS", "Ééntje", "1ste-ronde", "Den-Haag", "'s-Hertogenboschs", "$$", "   ")


def _values(vocab: Vocab, word: str) -> list[object]:
    lexeme = vocab[word]
    return [getattr(lexeme, name) for name in ATTRIBUTES]


def test_stored_attributes_equal_the_getters(tmp_path: Path) -> None:
    getters = spacy.blank("nl").vocab.lex_attr_getters
    first = spacy.blank("nl").vocab
    real = dict(first.lex_attr_getters)
    assert not any(word in first for word in WORDS)
    with LexemeAttributes(tmp_path) as lexemes:
        lexemes.attach(first)
        for word in WORDS[:10]:
            first[word]
    assert first.lex_attr_getters == real  # the real getters are back
    assert len(list(tmp_path.glob(f"{lexeme_cache.CACHE_PREFIX}-*.marshal"))) == 1
    # A new process: the first ten words from the file, the others from the getters; all as without it.
    second = spacy.blank("nl").vocab
    with LexemeAttributes(tmp_path) as lexemes:
        lexemes.attach(second)
        assert all(word in lexemes.tables[next(iter(lexemes.tables))] for word in WORDS[:10])
        for word in WORDS:
            second[word]
        assert lexemes.changed  # five new words: stored for next time
    plain = Vocab(strings=[], lex_attr_getters=getters)
    for word in WORDS:
        assert _values(second, word) == _values(plain, word), word
        assert _values(first, word) == _values(plain, word), word


def test_a_damaged_file_means_the_getters(tmp_path: Path) -> None:
    vocab = spacy.blank("nl").vocab
    stamp = getters_stamp(dict(vocab.lex_attr_getters))
    (tmp_path / f"{lexeme_cache.CACHE_PREFIX}-{stamp[:20]}.marshal").write_bytes(b"\x00 not marshal")
    with LexemeAttributes(tmp_path) as lexemes:
        lexemes.attach(vocab)
        vocab["asielzoekers"]
    plain = Vocab(strings=[], lex_attr_getters=spacy.blank("nl").vocab.lex_attr_getters)
    assert _values(vocab, "asielzoekers") == _values(plain, "asielzoekers")


def test_a_wrong_value_in_another_layout_is_not_used(tmp_path: Path) -> None:
    """Columns of another length than the strings (a file cut short, an old layout): ignored."""
    vocab = spacy.blank("nl").vocab
    stamp = getters_stamp(dict(vocab.lex_attr_getters))
    (tmp_path / f"{lexeme_cache.CACHE_PREFIX}-{stamp[:20]}.marshal").write_bytes(
        marshal.dumps((["de", "het"], {attr: ["x"] for attr in vocab.lex_attr_getters})))
    with LexemeAttributes(tmp_path) as lexemes:
        lexemes.attach(vocab)
        assert all(not table for table in lexemes.tables.values())


@pytest.mark.parametrize("seed", ["1", "2"])
def test_the_stamp_does_not_depend_on_the_hash_seed(seed: str) -> None:
    """The getters close over sets (stop words): their order changes with PYTHONHASHSEED, the stamp must not."""
    code = ("import spacy; from pipeline.lexeme_cache import getters_stamp; "
            "print(getters_stamp(dict(spacy.blank('nl').vocab.lex_attr_getters)))")
    stamps = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": s},
                             capture_output=True, text=True, check=True).stdout for s in (seed, "0")}
    assert len(stamps) == 1


def test_another_getter_is_another_stamp() -> None:
    getters = dict(spacy.blank("nl").vocab.lex_attr_getters)
    changed = {**getters, next(iter(getters)): lambda string: string.upper()}
    assert getters_stamp(changed) != getters_stamp(getters)
