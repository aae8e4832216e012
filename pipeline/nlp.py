"""build_nlp: the spaCy pipeline of the entity stage.

Which Dutch pipeline (first found): the model named (`--model NAME|PATH`: an installed package or the
folder of a saved pipeline; `blank:nl` for none), else nl_core_news_lg / _md / _sm when installed, else our own
models/nl_vng_core (trained by `make model` on UD Dutch, shipped in the repository), else
spacy.blank("nl") with a warning (also when the shipped model is missing or cannot be loaded).
Nothing is ever downloaded.

The model's statistical components (tok2vec, tagger, morphologizer, lemmatizers, parser, senter)
are loaded but *disabled*: `nlp(text)` runs only the tokenizer, the model's ner if it has one, and
our rules, so the model costs no time per letter. A stage that needs tags, lemmas, noun chunks or a
parse asks for them on the few sentences it chose with a cheap pre-check: `annotate(nlp, texts)`.

Then our components are added, in this order:
  vng_sentences     when the pipeline cannot split sentences itself (no enabled parser/senter)
  vng_entity_ruler  gazetteers + token patterns
  vng_laws, vng_ministers, vng_orgs, vng_persons   regex rule sets (factory vng_regex_ruler, config rules)
  vng_dates, vng_amounts                          date and amount rules (their own factories: they resolve values)
  vng_model_names   with a model only: PERSOON/LOCATIE from proper nouns in person/place contexts
  vng_merge         chooses among the candidates (and the model's own ents: ours win)
  vng_normalizer    canonical names
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import is_package, registry

# Importing the modules registers the component factories with spaCy.
from pipeline.entities import merge as _merge  # noqa: F401
from pipeline.entities import rulers as _rulers  # noqa: F401
from pipeline.entities import sentences as _sentences  # noqa: F401
from pipeline.entities.extensions import register_extensions
from pipeline.entities.model_names import prefixed_names_pattern, split_prefixed_names
from pipeline.entities.sentences import add_abbreviation_exceptions
from pipeline.errors import ModelNotFoundError
from pipeline.fingerprint import SHIPPED_MODEL as SHIPPED_MODEL_NAME
from pipeline.fingerprint import STATISTICAL_MODELS
from pipeline.lazy_rules import LazyRulesTokenizer, stored_pieces
from pipeline.lexeme_cache import LexemeAttributes
from pipeline.paths import models_dir
from pipeline.regex_cache import compile_pattern
from pipeline.statistical import STATISTICAL, annotate, has_model, pos_components

log = logging.getLogger("vng")

SHIPPED_MODEL = models_dir() / SHIPPED_MODEL_NAME
BLANK = "blank:nl"
UNNEEDED = list(STATISTICAL)  # kept for callers that exclude them outright
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
        for name in STATISTICAL_MODELS:
            if is_package(name):
                return name
        return str(SHIPPED_MODEL) if (SHIPPED_MODEL / "config.cfg").is_file() else BLANK
    if model == BLANK:
        return BLANK
    if not is_package(model) and not Path(model).is_dir():
        raise ModelNotFoundError(f"spaCy pipeline {model!r} is neither an installed package nor a folder; install it "
                         "(pip install <package>) or give the path of a saved pipeline")
    return model


@registry.tokenizers("vng.unloaded_tokenizer.v1")
def _unloaded_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer without rules, for `_load` to replace by the model folder's own."""
    return lambda nlp: Tokenizer(nlp.vocab)


def _wants_model_names(nlp: Language) -> bool:
    """Whether build_nlp adds vng_model_names (and splits "motie-" off names in the tokenizer)."""
    return has_model(nlp) and not {"tagger", "morphologizer"}.isdisjoint(nlp.component_names)


def _folder_tokenizer(nlp: Language, folder: Path) -> Tokenizer:
    """The model folder's tokenizer, as `Tokenizer.from_disk` reads it, built in one go with the
    prefixes of split_prefixed_names when build_nlp will want them. spaCy's own way loads the
    4,700 special cases three times (the language's defaults, the folder's, and again when the
    prefixes change): two thirds of the pipeline's build time, in every process."""
    data = srsly.msgpack_loads((folder / "tokenizer").read_bytes())

    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    prefix = text("prefix_search")
    if prefix is not None and _wants_model_names(nlp):
        prefix = prefixed_names_pattern(prefix)
    suffix, infix, token_match, url_match = text("suffix_search"), text("infix_finditer"), text("token_match"), text("url_match")
    rules = data.get("exceptions")
    settings: dict[str, Any] = {
        "prefix_search": compile_pattern(prefix).search if prefix is not None else None,
        "suffix_search": compile_pattern(suffix).search if suffix is not None else None,
        "infix_finditer": compile_pattern(infix).finditer if infix is not None else None,
        "token_match": compile_pattern(token_match).match if token_match is not None else None,
        "url_match": compile_pattern(url_match).match if url_match is not None else None,
        "faster_heuristics": bool(data.get("faster_heuristics", True))}
    if not isinstance(rules, dict) or not rules:
        return Tokenizer(nlp.vocab, rules=None, **settings)
    # The 4,670 special cases are added when a text could use them (pipeline.lazy_rules): the same tokens.
    patterns = {"prefix_search": prefix, "suffix_search": suffix, "infix_finditer": infix, "token_match": token_match,
                "url_match": url_match}
    return LazyRulesTokenizer(nlp.vocab, rules, stored_pieces(rules, patterns, settings), **settings)


def _default_tokenizer(folder: Path) -> bool:
    """Whether a saved pipeline uses spaCy's standard tokenizer (then _folder_tokenizer can build it)."""
    try:
        config = spacy.util.load_config(folder / "config.cfg")
    except (OSError, ValueError):
        return False
    return bool((folder / "tokenizer").is_file()
                and config.get("nlp", {}).get("tokenizer", {}).get("@tokenizers") == "spacy.Tokenizer.v1")


def _load(model: str, lexemes: LexemeAttributes) -> Language:
    """The named pipeline with its statistical components disabled (ner and the tok2vec it may need stay)."""
    folder = Path(model)
    if folder.is_dir() and _default_tokenizer(folder):
        nlp = spacy.load(folder, exclude=["tokenizer"],
                         config={"nlp": {"tokenizer": {"@tokenizers": "vng.unloaded_tokenizer.v1"}}})
        lexemes.attach(nlp.vocab)  # the special cases' words: their attributes from the stored table
        nlp.tokenizer = _folder_tokenizer(nlp, folder)
    else:
        nlp = spacy.load(model)  # OSError when the model cannot be found
    keep_tok2vec = "ner" in nlp.pipe_names
    nlp.select_pipes(disable=[name for name in nlp.pipe_names
                              if name in STATISTICAL and not (name == "tok2vec" and keep_tok2vec)])
    return nlp


def build_nlp(model: str | None = None, *, without: Mapping[str, Iterable[str]] | None = None) -> Language:
    """The entity pipeline on the named model, a statistical Dutch model, or a blank one.

    without: lexicon file name -> surface forms to leave out of the gazetteers and portfolios, for
    leave-one-letter-out estimates; given to every component that reads the name lexicons as its
    `leave_out` config (as spaCy's rulers take their patterns), so no other pipeline is affected.
    """
    leave = {name: sorted(set(surfaces)) for name, surfaces in (without or {}).items() if surfaces}
    register_extensions()
    # The words the build adds to the vocabulary (tokenizer special cases, gazetteer patterns) take their
    # lexical attributes from a stored table while it runs (pipeline.lexeme_cache): the same values.
    with LexemeAttributes() as lexemes:
        return _build(model, leave, lexemes)


def _build(model: str | None, leave: dict[str, list[str]], lexemes: LexemeAttributes) -> Language:
    named = model is not None
    resolved = resolve_model_name(model)
    nlp: Language | None = None
    if resolved == BLANK and named:
        log.info("entity stage: blank Dutch pipeline (spaCy %s), as asked", spacy.__version__)
    elif resolved == BLANK:
        log.warning("entity stage: blank Dutch pipeline (spaCy %s): no Dutch model is installed and %s is "
                    "missing; tags, lemmas and parse are unavailable (run `make model`)",
                    spacy.__version__, SHIPPED_MODEL)
    elif named or resolved != str(SHIPPED_MODEL):
        nlp = _load(resolved, lexemes)
    else:
        try:
            nlp = _load(resolved, lexemes)
        except (OSError, ValueError, KeyError) as err:  # a broken shipped model: the rules still run
            log.warning("entity stage: blank Dutch pipeline (spaCy %s): the shipped model %s cannot be "
                        "loaded (%s: %s); run `make model`", spacy.__version__, resolved, type(err).__name__, err)
    if nlp is None:
        nlp = spacy.blank("nl")
    else:
        log.info("entity stage: spaCy pipeline %r (%s %s), model components enabled %s, run on demand %s", resolved,
                 nlp.meta.get("name"), nlp.meta.get("version"), nlp.pipe_names, nlp.disabled)
    lexemes.attach(nlp.vocab)
    if SENTENCE_SETTERS & set(nlp.pipe_names):
        add_abbreviation_exceptions(nlp)  # vng_sentences does this itself when it is added
    else:
        nlp.add_pipe("vng_sentences", first=True)
    for name, factory, config in RULE_PIPES:
        nlp.add_pipe(factory, name=name, config={**config, "leave_out": leave})
    if _wants_model_names(nlp):
        nlp.add_pipe("vng_model_names")  # persons and places from the model's proper nouns
        split_prefixed_names(nlp)
    nlp.add_pipe("vng_merge", config={"leave_out": leave})
    nlp.add_pipe("vng_normalizer", config={"leave_out": leave})
    return nlp


__all__ = ["STATISTICAL", "STATISTICAL_MODELS", "annotate", "build_nlp", "has_model", "pos_components", "resolve_model_name"]
