"""The statistical components of a Dutch spaCy pipeline (tags, morphology, lemmas, parse).

build_nlp (pipeline/nlp.py) loads them disabled, so a run pays nothing for them; a stage that needs
them on a few sentences it chose with a cheap pre-check calls annotate().
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

STATISTICAL = ("tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "lemmatizer", "attribute_ruler",
               "parser", "senter")


def has_model(nlp: Language) -> bool:
    """Whether annotate() can give tags, lemmas and a parse with this pipeline."""
    return any(name in STATISTICAL for name in nlp.component_names)


def annotate(nlp: Language, texts: Iterable[str], batch_size: int = 64,
             only: Iterable[str] | None = None) -> list[Doc]:
    """Tags, morphology, lemmas and parse (noun chunks) for these texts only: the model's components
    that build_nlp disabled, in their order, batched. only: run just these of them (and what they
    listen to: tok2vec), e.g. POS_COMPONENTS. With no model the docs are only tokenised."""
    return _run(nlp, [nlp.make_doc(text) for text in texts], _components(nlp, only), batch_size)


def annotate_mixed(nlp: Language, texts: Sequence[str], more: Sequence[bool], only: Iterable[str],
                   more_only: Iterable[str] | None = None, batch_size: int = 64) -> list[Doc]:
    """annotate(nlp, texts, only=only), and for the texts where `more` is true annotate(...,
    only=more_only) instead (e.g. tags and lemmas for all, the parse for some). When the pipeline
    order allows it (the components only the latter need all come after the shared ones), the shared
    ones run once over all texts, in one batch: each doc's annotation is the same either way, as the
    components listen to tok2vec's output on the doc, not to each other."""
    first, full = _components(nlp, only), _components(nlp, more_only)
    rest = [name for name in full if name not in first]
    if [name for name in full if name in first] != first or full != first + rest:
        # another order: two separate calls, each in pipeline order
        chosen = [text for text, extra in zip(texts, more, strict=True) if extra]
        fuller = iter(annotate(nlp, chosen, batch_size, more_only))
        plain = iter(annotate(nlp, [text for text, extra in zip(texts, more, strict=True) if not extra],
                              batch_size, only))
        return [next(fuller) if extra else next(plain) for extra in more]
    docs = _run(nlp, [nlp.make_doc(text) for text in texts], first, batch_size)
    _run(nlp, [doc for doc, extra in zip(docs, more, strict=True) if extra], rest, batch_size)
    return docs


def _components(nlp: Language, only: Iterable[str] | None) -> list[str]:
    """The disabled statistical components annotate() runs for `only` (all when None), in pipeline order."""
    wanted = None if only is None else set(only) | {"tok2vec"}
    return [name for name in nlp.component_names if name in STATISTICAL and name in nlp.disabled
            and (wanted is None or name in wanted)]


def _run(nlp: Language, docs: list[Doc], names: Sequence[str], batch_size: int) -> list[Doc]:
    for name in names:
        component: Any = nlp.get_pipe(name)  # a trainable pipe: it has pipe()
        docs = list(component.pipe(docs, batch_size=batch_size))
    return docs


def pos_components(nlp: Language) -> tuple[str, ...]:
    """The components that set Token.pos_: the morphologizer, else tagger + attribute_ruler."""
    if "morphologizer" in nlp.component_names:
        return ("morphologizer",)
    return ("tagger", "attribute_ruler")


def parse_components(nlp: Language) -> tuple[str, ...]:
    """The components for POS, morphology, lemmas and the parse: all statistical ones but the tagger
    when nothing needs its fine-grained tags (a morphologizer sets POS and no attribute_ruler maps
    tags; the stages read pos_, morph, lemma_ and dep_ only)."""
    names = nlp.component_names
    skip = {"tagger"} if "morphologizer" in names and "attribute_ruler" not in names else set()
    return tuple(name for name in STATISTICAL if name not in skip)
