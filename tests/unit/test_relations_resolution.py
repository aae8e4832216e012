"""Resolution of node phrases across letters (pipeline/relations/resolution.py)."""
from __future__ import annotations

import random

import pytest

from pipeline.relations.phrases import phrase_of_text
from pipeline.relations.resolution import MERGE_THRESHOLD, NodeRef, key_similarity, resolve, same_head


def _ref(text: str) -> NodeRef:
    phrase = phrase_of_text(text)
    assert phrase is not None, text
    return NodeRef(phrase.kind, phrase.key, phrase.label, phrase.canonical, phrase.surface, phrase.head)


def test_same_kind_and_key_is_one_node_with_its_variants() -> None:
    resolution = resolve([_ref("de verkorting van de verblijfsvergunning"), _ref("verkorting van verblijfsvergunning"),
                          _ref("De verkorting van de verblijfsvergunning")])
    assert len(resolution.nodes) == 1
    node = resolution.nodes[0]
    assert node.kind == "maatregel" and node.key == "verkorting verblijfsvergunning" and not node.canonical
    assert node.variants == ("De verkorting van de verblijfsvergunning", "de verkorting van de verblijfsvergunning",
                             "verkorting van verblijfsvergunning")
    assert node.label == "verkorting van de verblijfsvergunning"  # the most frequent label


def test_different_heads_never_merge() -> None:
    resolution = resolve([_ref("de verkorting van de verblijfsvergunning"), _ref("de intrekking van de verblijfsvergunning")])
    assert len(resolution.nodes) == 2
    assert not same_head("verkorting", "intrekking")
    assert key_similarity("verkorting verblijfsvergunning", "intrekking verblijfsvergunning") == 0.5


def test_similar_keys_with_the_same_head_merge() -> None:
    refs = [_ref("een tekort aan tolken"), _ref("een tekort aan tolken"), _ref("het tekort aan beëdigde tolken"),
            _ref("een tekort aan leraren")]
    resolution = resolve(refs)
    labels = sorted(n.label for n in resolution.nodes)
    assert labels == ["tekort aan leraren", "tekort aan tolken"]
    tolken = next(n for n in resolution.nodes if n.label == "tekort aan tolken")
    assert tolken.keys == ("tekort beëdigde tolken", "tekort tolken")
    assert "het tekort aan beëdigde tolken" in tolken.variants


def test_bare_head_does_not_swallow_specific_phrases() -> None:
    assert key_similarity("verloedering", "verloedering wijk") < MERGE_THRESHOLD
    resolution = resolve([_ref("verloedering"), _ref("de verloedering van de wijk"), _ref("verloedering in de wijk")])
    assert sorted(n.key for n in resolution.nodes) == ["verloedering", "verloedering wijk"]


def test_no_chains_of_merges() -> None:
    # a b c merges into a b (2/3) and a b d too, but a c d does not join via a b c
    refs = [NodeRef("risico", "tekort plek opvang", "x1"), NodeRef("risico", "tekort plek", "x2"),
            NodeRef("risico", "tekort plek", "x2"), NodeRef("risico", "tekort opvang jeugd", "x3")]
    resolution = resolve(refs)
    assert resolution.id_of("risico", "tekort plek") == resolution.id_of("risico", "tekort plek opvang")
    assert resolution.id_of("risico", "tekort opvang jeugd") != resolution.id_of("risico", "tekort plek")


def test_inflection_and_spelling_variants_merge() -> None:
    assert key_similarity("tekort woning", "tekort woningen") == 1.0
    assert same_head("statushouder", "statushouders")
    resolution = resolve([NodeRef("risico", "dakloze statushouders", "dakloze statushouders", head="statushouders"),
                          NodeRef("risico", "dakloos statushouder", "dakloze statushouder", head="statushouder")])
    assert len(resolution.nodes) == 1


def test_seeds_keep_their_name_and_two_seeds_never_merge() -> None:
    refs = [_ref("de druk op de opvang"), _ref("druk op de asielketen"), _ref("de druk op de opvang")]
    resolution = resolve(refs)
    assert [(n.label, n.canonical) for n in resolution.nodes] == [("druk op de opvang", True)]
    assert resolution.nodes[0].variants == ("de druk op de opvang", "druk op de asielketen")
    seeds = resolve([NodeRef("risico", "druk opvang", "druk op opvang", True),
                     NodeRef("risico", "druk gemeentelijk opvang", "druk op gemeentelijke opvang", True),
                     NodeRef("risico", "druk gemeentelijk opvang", "druk op de gemeentelijke opvang", False)])
    assert sorted(n.label for n in seeds.nodes) == ["druk op gemeentelijke opvang", "druk op opvang"]


def test_kinds_never_merge() -> None:
    resolution = resolve([NodeRef("risico", "opvang kind", "a"), NodeRef("gemeentetaak", "opvang kind", "b")])
    assert len(resolution.nodes) == 2 and len({n.id for n in resolution.nodes}) == 2


@pytest.mark.parametrize("seed", range(5))
def test_order_of_letters_does_not_matter(seed: int) -> None:
    texts = ["een tekort aan tolken", "het tekort aan beëdigde tolken", "tekort aan tolken in de regio",
             "de verkorting van de verblijfsvergunning", "verkorting van de verblijfsvergunningen",
             "de druk op de opvang", "vertraging", "de vertraging van de bouw", "een tekort aan leraren",
             "tekort aan leraren en tolken", "onrust in de wijk", "onrust in wijken", "verloedering",
             "verloedering van de wijk", "dakloze statushouders"]
    refs = [_ref(t) for t in texts]
    expected = resolve(refs)
    shuffled = list(refs)
    random.Random(seed).shuffle(shuffled)
    assert resolve(shuffled) == expected


def test_label_ties_are_alphabetical_and_ids_unique() -> None:
    refs = [NodeRef("risico", "onrust wijk", "onrust in de wijk"), NodeRef("risico", "onrust wijk", "Onrust in de wijk")]
    assert resolve(refs).nodes[0].label == "Onrust in de wijk"
    clash = resolve([NodeRef("risico", "a b", "zelfde"), NodeRef("risico", "c d", "zelfde")])
    assert sorted(n.id for n in clash.nodes) == ["risico:zelfde", "risico:zelfde-2"]


def test_empty_keys_are_no_nodes() -> None:
    assert resolve([NodeRef("risico", "", "dit")]).nodes == ()
