"""Node phrases (pipeline/relations/phrases.py): keys, labels, kinds, seeds, no-content phrases."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.datafiles import parse_yaml
from pipeline.errors import DataFileError
from pipeline.relations.kinds import classify_kind
from pipeline.relations.phrases import (
    NodePhrase,
    PhraseToken,
    fallback_tokens,
    has_content,
    node_phrase,
    parse_words,
    phrase_of_text,
)

MODEL = Path(__file__).resolve().parents[2] / "models" / "nl_vng_core"


def _tokens(*triples: tuple[str, str, str]) -> list[PhraseToken]:
    return [PhraseToken(text, lemma, pos) for text, lemma, pos in triples]


def test_interface_with_model_tokens() -> None:
    tokens = _tokens(("De", "de", "DET"), ("verkorting", "verkorting", "NOUN"), ("van", "van", "ADP"),
                     ("de", "de", "DET"), ("verblijfsvergunningen", "verblijfsvergunning", "NOUN"))
    phrase = node_phrase(tokens)
    assert phrase == NodePhrase(key="verkorting verblijfsvergunning", label="verkorting van de verblijfsvergunningen",
                                kind="maatregel", canonical=False, surface="De verkorting van de verblijfsvergunningen",
                                head="verkorting")


def test_key_drops_function_words_adverbs_and_numbers() -> None:
    tokens = _tokens(("Ook", "ook", "ADV"), ("de", "de", "DET"), ("trage", "traag", "ADJ"),
                     ("afhandeling", "afhandeling", "NOUN"), ("bij", "bij", "ADP"), ("de", "de", "DET"),
                     ("dienst", "dienst", "NOUN"), ("van", "van", "ADP"), ("drie", "drie", "NUM"),
                     ("jaar", "jaar", "NOUN"), (",", ",", "PUNCT"))
    phrase = node_phrase(tokens)
    assert phrase is not None
    assert phrase.key == "traag afhandeling dienst jaar"
    assert phrase.label == "trage afhandeling bij de dienst van drie jaar"
    assert phrase.head == "afhandeling" and phrase.kind == "risico"


def test_without_model_lower_cased_words_and_stop_list() -> None:
    phrase = phrase_of_text("het uitstel van de bouw van nieuwe scholen")
    assert phrase is not None
    assert phrase.key == "uitstel bouw nieuwe scholen"
    assert phrase.label == "uitstel van de bouw van nieuwe scholen"
    assert phrase.surface == "het uitstel van de bouw van nieuwe scholen"


@pytest.mark.parametrize("text", ["dit", "het", "Dat", "deze situatie", "de gevolgen hiervan", "van de", "x", "hun",
                                  "die", ",", "ook nog", "zij", "deze maatregelen", "er", "de gemeenten",
                                  "het kabinet", "de minister van Asiel en Migratie", "https://example.org/brief"])
def test_no_content_gives_none(text: str) -> None:
    assert phrase_of_text(text) is None
    assert not has_content(text)


def test_pronoun_tagged_by_model_gives_none() -> None:
    assert node_phrase(_tokens(("Dit", "dit", "PRON"))) is None
    assert node_phrase(_tokens(("hun", "hun", "DET"), ("eigen", "eigen", "ADJ"))) is None  # a lone adjective
    assert node_phrase(_tokens(("plotseling", "plotseling", "ADV"))) is None
    assert node_phrase(_tokens(("dakloze", "dakloos", "ADJ"), ("jongeren", "jong", "ADJ"))) is not None
    assert node_phrase([]) is None


def test_seed_gives_canonical_name_and_kind() -> None:
    phrase = phrase_of_text("de intrekking van de Spreidingswet")
    assert phrase is not None and phrase.canonical
    assert (phrase.label, phrase.kind) == ("intrekking Spreidingswet", "maatregel")
    assert phrase.surface == "de intrekking van de Spreidingswet"


def test_seed_must_cover_the_head() -> None:
    # "jeugdzorg" is a seed (gemeentetaak "zorg"), but the phrase is about people leaving it: a node of its own.
    assert phrase_of_text("de jeugdzorg") == NodePhrase("zorg", "zorg", "gemeentetaak", True, "de jeugdzorg", "jeugdzorg")
    phrase = phrase_of_text("het vertrek uit de jeugdzorg")
    assert phrase is not None and not phrase.canonical
    assert (phrase.key, phrase.label, phrase.kind) == ("vertrek jeugdzorg", "vertrek uit de jeugdzorg", "risico")


def test_light_head_lets_the_seed_name_the_node() -> None:
    phrase = phrase_of_text("het risico op dakloosheid")
    assert phrase is not None and phrase.canonical and phrase.label == "dakloosheid"


def test_nominalised_clause_is_about_its_verb() -> None:
    tokens = _tokens(("nieuwkomers", "nieuwkomer", "NOUN"), ("huisvesten", "huisvesten", "VERB"))
    phrase = node_phrase(tokens)
    assert phrase is not None and phrase.head == "huisvesten" and phrase.kind == "gemeentetaak"


def test_fallback_tokens_keep_punctuation_apart() -> None:
    assert [t.text for t in fallback_tokens("azc's, (tijdelijk)")] == ["azc's", ",", "(", "tijdelijk", ")"]


def test_malformed_word_list_raises() -> None:
    with pytest.raises(DataFileError, match="lower case"):
        parse_words(parse_yaml("pronouns: [Dit]\ndeterminers: []\nfunction_words: []\nadverbs: []\n"
                               "vague_heads: []\nlight_heads: []\n", "p.yaml"))
    with pytest.raises(DataFileError, match="unknown key"):
        parse_words(parse_yaml("pronoun: [dit]\n", "p.yaml"))
    lists = "".join(f"{key}: [x]\n" for key in ("pronouns", "determiners", "function_words", "adverbs", "vague_heads",
                                                "light_heads", "actors", "time_heads",
                                                "municipal_actors"))
    with pytest.raises(DataFileError, match="nominalisations"):
        parse_words(parse_yaml(lists + "nominalisations:\n  Dalen: daling\n", "p.yaml"))
    assert parse_words(parse_yaml(lists + "nominalisations:\n  dalen: daling\n", "p.yaml")).nominalisations == {
        "dalen": "daling"}


def test_a_clause_core_about_a_listed_verb_is_labelled_as_its_noun() -> None:
    tokens = [PhraseToken("de", "de", "DET", "det"), PhraseToken("brandweer", "brandweer", "NOUN", "nsubj"),
              PhraseToken("het", "het", "DET", "det"), PhraseToken("zicht", "zicht", "NOUN", "obj"),
              PhraseToken("op", "op", "ADP", "case"), PhraseToken("gebouwen", "gebouw", "NOUN", "nmod"),
              PhraseToken("verliest", "verliezen", "VERB", "ROOT")]
    phrase = node_phrase(tokens)
    assert phrase is not None and phrase.label == "verlies van zicht op gebouwen"
    assert phrase.key == "brandweer zicht gebouw verliezen"  # key and surface keep the clause's words
    assert phrase.surface == "de brandweer het zicht op gebouwen verliest"
    unlisted = [*tokens[:-1], PhraseToken("kwijtraakt", "kwijtraken", "VERB", "ROOT")]
    assert node_phrase(unlisted).label == "brandweer het zicht op gebouwen kwijtraakt"  # type: ignore[union-attr]


@pytest.mark.skipif(not MODEL.is_dir(), reason="the shipped Dutch model is missing")
def test_with_the_shipped_model() -> None:
    import spacy

    from pipeline.relations.phrases import from_spacy

    nlp = spacy.load(MODEL)
    doc = nlp("De verkorting van de verblijfsvergunning leidt tot meer dakloze statushouders.")
    phrase = node_phrase(from_spacy(doc[0:5]))
    assert phrase is not None and phrase.key == "verkorting verblijfsvergunning" and phrase.kind == "maatregel"
    effect = node_phrase(from_spacy(doc[7:10]))
    assert effect is not None and effect.head == "statushouder" and "statushouder" in effect.key


def test_effect_side_prefers_the_task_reading_of_a_seed() -> None:
    cause = phrase_of_text("kleinschalige opvang")
    effect = phrase_of_text("kleinschalige opvang", role="effect")
    assert cause is not None and effect is not None
    assert (cause.kind, effect.kind) == ("maatregel", "gemeentetaak")
    assert cause.canonical and effect.canonical


def test_pronominal_adverbs_are_no_content() -> None:
    phrase = node_phrase(_tokens(("hierover", "hierover", "ADJ"), ("korte", "kort", "ADJ"), ("termijn", "termijn", "NOUN")))
    assert phrase is not None and phrase.key == "kort termijn" and phrase.label == "korte termijn"
    assert phrase_of_text("daardoor") is None and phrase_of_text("waarmee") is None


@pytest.mark.parametrize("text", ["op termijn", "in plaats van", "op basis van", "tot slot", "met name", "in de praktijk"])
def test_nouns_of_adverbial_idioms_name_nothing(text: str) -> None:
    assert phrase_of_text(text) is None


def test_lone_inflected_verb_names_nothing() -> None:
    assert node_phrase(_tokens(("aangegeven", "aangeven", "VERB"))) is None
    handhaven = node_phrase(_tokens(("handhaven", "handhaven", "VERB")))
    assert handhaven is not None and handhaven.kind == "gemeentetaak"


@pytest.mark.parametrize("text", ["het vierde kwartaal", "de komende jaren", "de Wet", "het verbod", "dit beleid"])
def test_times_and_bare_measure_words_name_nothing(text: str) -> None:
    assert phrase_of_text(text) is None


def test_a_specific_measure_word_still_names_a_node() -> None:
    phrase = phrase_of_text("het verbod op kamerverhuur")
    assert phrase is not None and phrase.kind == "maatregel"
    wait = phrase_of_text("een jaar wachttijd")
    assert wait is not None and wait.head == "wachttijd"
    task = phrase_of_text("de uitvoering van de Wet inburgering")
    assert task is not None and task.kind == "gemeentetaak"  # carrying out a law is the municipality's task


def _clause(*words: tuple[str, str, str, str]) -> list[PhraseToken]:
    return [PhraseToken(*word) for word in words]


def test_a_municipal_subject_is_left_out_and_a_task_object_makes_a_gemeentetaak() -> None:
    # "dat gemeenten tijdelijk onderdak moeten regelen": what they must do is the node; a task object decides
    phrase = node_phrase(_clause(("gemeenten", "gemeente", "NOUN", "nsubj"), ("tijdelijk", "tijdelijk", "ADJ", "amod"),
                                 ("onderdak", "onderdak", "NOUN", "obj"), ("regelen", "regelen", "VERB", "xcomp")),
                         role="effect")
    assert phrase is not None
    assert (phrase.label, phrase.key, phrase.kind) == ("tijdelijk onderdak regelen", "tijdelijk onderdak regelen",
                                                       "gemeentetaak")
    # an object no list knows leaves a risico; a risk modifier too
    other = node_phrase(_clause(("wijkteams", "wijkteam", "NOUN", "nsubj"), ("de", "de", "DET", "det"),
                                ("dossiers", "dossier", "NOUN", "obj"), ("herbeoordelen", "herbeoordelen", "VERB", "ccomp")))
    assert other is not None and (other.label, other.kind) == ("dossiers herbeoordelen", "risico")
    fewer = node_phrase(_clause(("colleges", "college", "NOUN", "nsubj"), ("minder", "weinig", "DET", "det"),
                                ("jeugdhulp", "jeugdhulp", "NOUN", "obj"), ("inkopen", "inkopen", "VERB", "ccomp")))
    assert fewer is not None and (fewer.label, fewer.kind) == ("minder jeugdhulp inkopen", "risico")
    # a participle keeps its subject: "gemeenten laat geïnformeerd" is about the gemeenten
    passive = node_phrase(_clause(("gemeenten", "gemeente", "NOUN", "nsubj:pass"), ("laat", "laat", "ADV", "advmod"),
                                  ("geïnformeerd", "informeren", "VERB", "ccomp")))
    assert passive is not None and passive.label.startswith("gemeenten")


def test_a_verb_head_is_no_plural_noun() -> None:
    # "regelen" is not the measure noun "regel" with a plural ending
    assert classify_kind("regelen", [], verb=True) == "risico"
    assert classify_kind("huisvesten", [], verb=True) == "gemeentetaak"


def test_a_label_keeps_the_amount_word_before_its_first_content_word() -> None:
    # without "geen"/"minder" the label says the opposite; the key leaves them out like every determiner
    phrase = node_phrase(_clause(("minder", "weinig", "DET", "det"), ("vrijwilligers", "vrijwilliger", "NOUN", "obj")))
    assert phrase is not None and (phrase.label, phrase.key) == ("minder vrijwilligers", "vrijwilliger")
    none = node_phrase(_clause(("geen", "geen", "DET", "det"), ("woonadres", "woonadres", "NOUN", "obj"),
                               ("krijgen", "krijgen", "VERB", "ccomp")))
    assert none is not None and none.label == "geen woonadres krijgen"
    article = node_phrase(_clause(("de", "de", "DET", "det"), ("wachtlijst", "wachtlijst", "NOUN", "obj")))
    assert article is not None and article.label == "wachtlijst"
