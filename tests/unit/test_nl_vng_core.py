"""The shipped Dutch model models/nl_vng_core: tags, lemmas, noun chunks; and how build_nlp uses it.

Skipped where the model is not in the checkout (build_nlp then falls back to blank: test_nlp.py)."""
from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language

from pipeline.entities import detect_entities
from pipeline.nlp import SHIPPED_MODEL, annotate, build_nlp, has_model
from pipeline.statistical import annotate_mixed, parse_components
from pipeline.types import Passage

pytestmark = pytest.mark.skipif(not (SHIPPED_MODEL / "config.cfg").is_file(), reason="models/nl_vng_core absent")


@pytest.fixture(scope="module")
def model() -> Language:
    return spacy.load(SHIPPED_MODEL)


def _tokens(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.pos_, t.lemma_) for t in nlp(text)]


def test_tags_and_lemmas(model: Language) -> None:
    found = _tokens(model, "De gemeenten vangen de asielzoekers op in tijdelijke locaties.")
    assert [pos for _, pos, _ in found] == ["DET", "NOUN", "VERB", "DET", "NOUN", "ADP", "ADP", "ADJ", "NOUN",
                                            "PUNCT"]
    lemmas = {text: lemma for text, _, lemma in found}
    assert lemmas["gemeenten"] == "gemeente" and lemmas["asielzoekers"] == "asielzoeker"
    assert lemmas["locaties"] == "locatie" and lemmas["tijdelijke"] == "tijdelijk"


def test_lemmas_of_verbs_and_auxiliaries(model: Language) -> None:
    lemmas = {t.text: (t.pos_, t.lemma_) for t in model("Het kabinet heeft de regeling verlengd en wil meer doen.")}
    assert lemmas["heeft"] == ("AUX", "hebben")
    assert lemmas["verlengd"] == ("VERB", "verlengen")
    assert lemmas["kabinet"] == ("NOUN", "kabinet")


def test_noun_chunks(model: Language) -> None:
    doc = model("De staatssecretaris stuurt de Tweede Kamer een brief over de opvang van asielzoekers.")
    chunks = [c.text for c in doc.noun_chunks]
    assert "De staatssecretaris" in chunks and "een brief" in chunks and "de opvang" in chunks


def test_meta_records_versions_data_scores_and_licence() -> None:
    meta = json.loads((SHIPPED_MODEL / "meta.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY-SA 4.0" and meta["sources"]
    vng = meta["vng"]
    assert set(vng["scores"]["ud_test"]) == {"Alpino", "LassySmall"}
    for scores in vng["scores"]["ud_test"].values():
        assert {"pos", "tag", "morph", "lemma", "uas", "las"} <= set(scores)
    assert all(len(digest) == 64 for digest in vng["data"]["sha256"].values())
    assert meta["trained_with_spacy"].startswith("3.")


def test_size_of_the_shipped_model() -> None:
    size = sum(p.stat().st_size for p in SHIPPED_MODEL.rglob("*") if p.is_file())
    assert size <= 25 * 1024 * 1024, size


def test_build_nlp_loads_it_with_the_statistics_on_demand() -> None:
    nlp = build_nlp()
    assert has_model(nlp)
    doc = nlp("De gemeenten vangen asielzoekers op.")
    assert not doc.has_annotation("TAG") and not doc.has_annotation("DEP")  # not run per letter
    (tagged,) = annotate(nlp, ["De gemeenten vangen asielzoekers op."])
    assert [t.pos_ for t in tagged][:2] == ["DET", "NOUN"] and tagged.has_annotation("DEP")


def test_entities_are_the_same_with_and_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Op 3 april 2025 sprak staatssecretaris Okkema in Den Haag met het COA over 2.500 plekken in "
            "Ter Apel; mevrouw dr. A. de Vries van de VNG was erbij.")
    with_model = build_nlp()
    import pipeline.nlp as nlp_module
    monkeypatch.setattr(nlp_module, "SHIPPED_MODEL", SHIPPED_MODEL / "absent")
    blank = build_nlp()
    assert has_model(with_model) and not has_model(blank)
    passages = [Passage("p1", None, text, None)]
    assert detect_entities(with_model, passages, "2025-04-10") == detect_entities(blank, passages, "2025-04-10")


def test_the_parse_without_the_tagger_reads_the_same() -> None:
    """parse_components leaves out the tagger (nothing reads its tags): POS, morphology, lemmas and the
    parse are the same as with every component."""
    nlp = build_nlp()
    assert "tagger" in nlp.component_names and "tagger" not in parse_components(nlp)
    texts = ["De intrekking van de Spreidingswet leidt tot langere wachttijden in de opvang.",
             "Hierdoor komen statushouders op straat te staan, wat gemeenten voor grote problemen stelt."]
    every = annotate(nlp, texts)
    fewer = annotate(nlp, texts, only=parse_components(nlp))
    assert all(d.has_annotation("DEP") for d in fewer)
    assert [[(t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in d] for d in every] == \
        [[(t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in d] for d in fewer]


def test_parse_components_keep_the_tagger_where_its_tags_may_be_read() -> None:
    nlp = spacy.blank("nl")
    for name in ("tok2vec", "tagger", "morphologizer", "parser"):
        nlp.add_pipe(name)
    assert "tagger" not in parse_components(nlp) and {"tok2vec", "morphologizer", "parser"} <= set(parse_components(nlp))
    nlp.add_pipe("attribute_ruler")  # it may map tags to POS
    assert "tagger" in parse_components(nlp)


def test_annotate_mixed_is_annotate_per_text() -> None:
    """Tags and lemmas for all texts and the parse for some, in one batch: each doc as annotate() alone
    would give it (the shared components run once; the parser after them on its texts)."""
    nlp = build_nlp()
    texts = ["Hierdoor komen statushouders op straat te staan.", "De gemeenten vangen asielzoekers op.",
             "De intrekking van de Spreidingswet leidt tot langere wachttijden.", "Dit raakt de opvang."]
    more = [False, True, True, False]
    tags = ("morphologizer", "trainable_lemmatizer")
    mixed = annotate_mixed(nlp, texts, more, tags, parse_components(nlp))
    alone = [annotate(nlp, [t], only=parse_components(nlp) if m else tags)[0] for t, m in zip(texts, more, strict=True)]

    def read(doc: spacy.tokens.Doc) -> list[tuple[str, str, str, str, int]]:
        return [(t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]

    assert [read(d) for d in mixed] == [read(d) for d in alone]
    assert [d.has_annotation("DEP") for d in mixed] == more
    # a tagger asked for but left out of the fuller set: the shared components differ, two calls instead
    fallback = annotate_mixed(nlp, texts, more, ("tagger", *tags), parse_components(nlp))
    assert [read(d) for d in fallback] == [read(d) for d in alone]
    assert [d.has_annotation("TAG") for d in fallback] == [not m for m in more]
