"""build_nlp: the spaCy pipeline of the entity stage.

With no model named, the statistical Dutch model nl_core_news_lg is used when it is installed
(only its tokenizer and ner are kept), else spacy.blank("nl"). A model may also be named: an
installed package or the path of any saved spaCy pipeline. Nothing is ever downloaded.

Then our components are added, in this order:
  vng_sentences     when the pipeline cannot split sentences itself (no parser/senter)
  vng_entity_ruler  gazetteers + token patterns
  vng_laws, vng_ministers, vng_orgs, vng_persons   regex rule sets (factory vng_regex_ruler, config rules)
  vng_dates, vng_amounts                          date and amount rules (their own factories: they resolve values)
  vng_merge         chooses among the candidates (and the model's own ents: ours win)
  vng_normalizer    canonical names
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import is_package

# Importing the modules registers the component factories with spaCy.
from pipeline.entities import merge as _merge  # noqa: F401
from pipeline.entities import rulers as _rulers  # noqa: F401
from pipeline.entities import sentences as _sentences  # noqa: F401
from pipeline.entities.extensions import register_extensions
from pipeline.entities.sentences import add_abbreviation_exceptions
from pipeline.errors import ModelNotFoundError

log = logging.getLogger("vng")

STATISTICAL_MODEL = "nl_core_news_lg"
# Components of the statistical model the entity stage does not use (ner and tok2vec stay).
UNNEEDED = ["tagger", "morphologizer", "parser", "lemmatizer", "attribute_ruler", "senter",
            "trainable_lemmatizer"]
# The candidate finders, in order: (component name, factory, config). One factory per kind of
# component; which data it reads is its config.
RULE_PIPES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("vng_entity_ruler", "vng_entity_ruler", {}),
    ("vng_laws", "vng_regex_ruler", {"rules": "laws.yaml"}),
    ("vng_ministers", "vng_regex_ruler", {"rules": "ministers.yaml"}),
    ("vng_orgs", "vng_regex_ruler", {"rules": "orgs.yaml"}),
    ("vng_persons", "vng_regex_ruler", {"rules": "persons.yaml"}),
    ("vng_dates", "vng_dates", {"rules": "dates.yaml"}),
    ("vng_amounts", "vng_amounts", {"rules": "amounts.yaml"}),
)
RULE_COMPONENTS: tuple[str, ...] = tuple(name for name, _, _ in RULE_PIPES)
SENTENCE_SETTERS = frozenset({"parser", "senter", "sentencizer", "vng_sentences"})


def resolve_model_name(model: str | None = None) -> str:
    """The spaCy pipeline that `build_nlp(model)` will use: a package name, a path, or "blank:nl"."""
    if model is None:
        return STATISTICAL_MODEL if is_package(STATISTICAL_MODEL) else "blank:nl"
    if not is_package(model) and not Path(model).is_dir():
        raise ModelNotFoundError(f"spaCy pipeline {model!r} is neither an installed package nor a folder; install it "
                         "(pip install <package>) or give the path of a saved pipeline")
    return model


def build_nlp(model: str | None = None, *, without: Mapping[str, Iterable[str]] | None = None) -> Language:
    """The entity pipeline on the named model, the statistical Dutch model, or a blank one.

    without: lexicon file name -> surface forms to leave out of the gazetteers and portfolios, for
    leave-one-letter-out estimates; given to every component that reads the name lexicons as its
    `leave_out` config (as spaCy's rulers take their patterns), so no other pipeline is affected.
    """
    leave = {name: sorted(set(surfaces)) for name, surfaces in (without or {}).items() if surfaces}
    register_extensions()
    resolved = resolve_model_name(model)
    model = None if resolved == "blank:nl" else resolved
    if model is None:
        nlp = spacy.blank("nl")
        log.info("entity stage: blank Dutch pipeline (spaCy %s); %s is not installed",
                 spacy.__version__, STATISTICAL_MODEL)
    else:
        nlp = spacy.load(model, exclude=UNNEEDED)  # OSError when the model cannot be found
        log.info("entity stage: spaCy pipeline %r (%s %s), components %s", model, nlp.meta.get("name"),
                 nlp.meta.get("version"), nlp.pipe_names)
    if SENTENCE_SETTERS & set(nlp.pipe_names):
        add_abbreviation_exceptions(nlp)  # vng_sentences does this itself when it is added
    else:
        nlp.add_pipe("vng_sentences", first=True)
    for name, factory, config in RULE_PIPES:
        nlp.add_pipe(factory, name=name, config={**config, "leave_out": leave})
    nlp.add_pipe("vng_merge", config={"leave_out": leave})
    nlp.add_pipe("vng_normalizer", config={"leave_out": leave})
    return nlp
