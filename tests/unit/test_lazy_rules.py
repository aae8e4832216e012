"""The tokenizer that adds its special cases when a text could use them gives spaCy's tokens."""
from __future__ import annotations

import pickle

import pytest
import spacy
from spacy.tokenizer import Tokenizer

from pipeline.lazy_rules import LazyRulesTokenizer, rule_pieces
from pipeline.nlp import build_nlp


@pytest.fixture(scope="module")
def pair() -> tuple[LazyRulesTokenizer, Tokenizer, list[str]]:
    """The shipped pipeline's lazy tokenizer, and spaCy's own with every rule (in another vocabulary)."""
    lazy = build_nlp().tokenizer
    if not isinstance(lazy, LazyRulesTokenizer):
        pytest.skip("the shipped model is not installed")
    rules = dict(lazy._held)
    other = build_nlp().tokenizer
    eager = Tokenizer(spacy.blank("nl").vocab, rules=other.rules, prefix_search=other.prefix_search,
                      suffix_search=other.suffix_search, infix_finditer=other.infix_finditer,
                      token_match=other.token_match, url_match=other.url_match,
                      faster_heuristics=other.faster_heuristics)
    return lazy, eager, sorted(rules)


def _tokens(tokenizer: Tokenizer, text: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.whitespace_, t.norm_) for t in tokenizer(text)]


def test_the_same_tokens_as_spacys_tokenizer(pair: tuple[LazyRulesTokenizer, Tokenizer, list[str]]) -> None:
    lazy, eager, rules = pair
    # Invented sentences, then every rule in a sentence, rules side by side and glued together.
    texts = ["De gemeente vraagt o.a. om 3 mld. euro, zie art. 12 lid 2 (d.d. 3 jan.) a.s. maandag.",
             "Dhr. Jansen e.a. zijn \xa0 het eens :-) met mevr. De Vries; t.z.t. volgt er meer.",
             "Zie   ook:blz.4, nr.5 en z.g. 'buitenlandse' ...", ""]
    texts += [f"Dit is {rule} en {rule}." for rule in rules[::3]]
    texts += [" ".join(rules[i:i + 5]) for i in range(0, len(rules), 5)]
    texts += ["".join(rules[i:i + 2]) for i in range(1, len(rules), 11)]
    for text in texts:
        assert _tokens(lazy, text) == _tokens(eager, text), text


def test_pieces_are_the_rules_split_without_rules() -> None:
    settings = {"suffix_search": spacy.util.compile_suffix_regex([r"\."]).search}
    assert rule_pieces({"a.s.": [{65: "a.s."}], "mld.": [{65: "mld."}]}, settings) == {
        "a.s.": ("a.s", "."), "mld.": ("mld", ".")}


def test_a_later_rule_replaces_a_held_one() -> None:
    vocab = spacy.blank("nl").vocab
    rules = {"enz.": [{"ORTH": "enz."}]}
    settings = {"suffix_search": spacy.util.compile_suffix_regex([r"\."]).search}
    lazy = LazyRulesTokenizer(vocab, rules, rule_pieces(rules, settings), **settings)
    lazy.add_special_case("enz.", [{"ORTH": "enz"}, {"ORTH": "."}])  # added after the model's own: it wins
    assert [t.text for t in lazy("boeken enz.")] == ["boeken", "enz", "."]


def test_spacys_own_again_when_serialised_or_its_rules_read() -> None:
    vocab = spacy.blank("nl").vocab
    rules = {"enz.": [{"ORTH": "enz."}], "mld.": [{"ORTH": "mld."}]}
    settings = {"suffix_search": spacy.util.compile_suffix_regex([r"\."]).search}
    lazy = LazyRulesTokenizer(vocab, rules, rule_pieces(rules, settings), **settings)
    assert [t.text for t in lazy("3 mld.")] == ["3", "mld."] and "enz." in lazy._held
    copy = pickle.loads(pickle.dumps(lazy))  # noqa: S301 - our own bytes
    assert type(copy) is Tokenizer and set(copy.rules) == {"enz.", "mld."}
    assert set(lazy.rules) == {"enz.", "mld."} and lazy._held == {}
    lazy.suffix_search = None  # changing the affixes: every rule is added first, as spaCy's tokenizer has them
    assert [t.text for t in lazy("boeken enz.")] == ["boeken", "enz."]
