"""The corpus graph from open-vocabulary claims (pipeline/graph.py): resolution, asserted claims only,
node attributes, no pronoun or function-word nodes, GraphML and node-link round trips, determinism."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from pipeline.export import write_graphml_atomic
from pipeline.graph import build_graph, graph_from_node_link, graph_to_node_link
from pipeline.relations.phrases import load_words, phrase_of_text
from pipeline.relations.vocabulary import RELATION_BY_KINDS
from pipeline.types import Claim, LetterResult, Mention


def _claim(doc: str, source: str, target: str, sentence: str, **flags: object) -> Claim | None:
    """A claim as the claims stage makes it: both ends through node_phrase; None when an end names nothing."""
    s, t = phrase_of_text(source), phrase_of_text(target)
    if s is None or t is None:
        return None
    relation = RELATION_BY_KINDS[(s.kind, t.kind)]
    return Claim(s.kind, s.label, relation, t.kind, t.label, doc, f"{doc}#p001", sentence, "leidt tot",
                 source_key=s.key, target_key=t.key, source_text=s.surface, target_text=t.surface,
                 source_canonical=s.canonical, target_canonical=t.canonical, **flags)  # type: ignore[arg-type]


def _letter(doc: str, date: str, claims: list[Claim | None], mentions: tuple[Mention, ...] = ()) -> LetterResult:
    return LetterResult(doc_id=doc, source=f"{doc}.txt", sha256="0" * 64, date=date, date_source="explicit",
                        doc_type="ledenbrief", title=None, passages=(), claims=tuple(c for c in claims if c),
                        mentions=mentions, fictional=True)


def _letters() -> list[LetterResult]:
    return [
        _letter("a", "2025-01-10", [
            _claim("a", "de verkorting van de verblijfsvergunning", "een tekort aan tolken", "Zin een.", confidence=0.7),
            _claim("a", "de verkorting van de verblijfsvergunning", "de inburgering van nieuwkomers", "Zin twee."),
            _claim("a", "dit", "een tekort aan tolken", "Dit leidt tot een tekort."),  # no node: no claim
            _claim("a", "de verkorting van de verblijfsvergunning", "onrust in de wijk", "Zin drie.", negated=True),
        ], (Mention("gemeentetaak", "inburgering", "a#p001", 0, 5),) * 3),
        _letter("b", "2025-03-01", [
            _claim("b", "De verkorting van de verblijfsvergunning", "het tekort aan beëdigde tolken", "Zin vier.",
                   confidence=0.9),
            _claim("b", "het schrappen van de reiskostenvergoeding", "onrust in de wijk", "Zin vijf.", reported=True),
            _claim("b", "het schrappen van de reiskostenvergoeding", "meer zwerfjongeren", "Zin zes.", hypothetical=True),
        ]),
    ]


def test_nodes_are_resolved_phrases_with_their_attributes() -> None:
    graph = build_graph(_letters())
    measure = graph.nodes["maatregel:verkorting-van-de-verblijfsvergunning"]
    assert measure["kind"] == "maatregel" and measure["key"] == "verkorting verblijfsvergunning"
    assert measure["variants"] == ["De verkorting van de verblijfsvergunning", "de verkorting van de verblijfsvergunning"]
    assert measure["canonical"] is False
    assert (measure["first_seen"], measure["last_seen"]) == ("2025-01-10", "2025-03-01")
    assert measure["mentions"] == 4  # three sentences of a, one of b (the negated claim names it too)
    shortage = graph.nodes["risico:tekort-aan-beedigde-tolken"]  # one label each: ties alphabetical
    assert shortage["variants"] == ["een tekort aan tolken", "het tekort aan beëdigde tolken"]
    task = graph.nodes["gemeentetaak:inburgering"]
    assert task["canonical"] is True and task["mentions"] == 3  # the lexicon's mentions of a seed count


def test_only_asserted_claims_are_edges() -> None:
    graph = build_graph(_letters())
    assert sorted((u, v, k) for u, v, k in graph.edges(keys=True)) == [
        ("maatregel:verkorting-van-de-verblijfsvergunning", "gemeentetaak:inburgering", "raakt"),
        ("maatregel:verkorting-van-de-verblijfsvergunning", "risico:tekort-aan-beedigde-tolken", "leidt_tot"),
    ]
    assert not any("onrust" in n or "zwerfjongeren" in n or "reiskosten" in n for n in graph.nodes)


def test_edge_confidence_is_the_highest_of_its_claims() -> None:
    graph = build_graph(_letters())
    data = graph.edges["maatregel:verkorting-van-de-verblijfsvergunning", "risico:tekort-aan-beedigde-tolken", "leidt_tot"]
    assert data["confidence"] == 0.9 and data["weight"] == 2 and data["docs"] == ["a", "b"]


def test_no_pronoun_or_function_word_nodes_from_hand_made_claims() -> None:
    words = load_words()
    bad = [Claim("maatregel", "dit", "leidt_tot", "risico", "dakloosheid", "c", "c#p001", "Dit leidt tot dakloosheid.",
                 "leidt tot", source_key="dit", target_key="dakloosheid", source_text="Dit", target_text="dakloosheid"),
           Claim("maatregel", "Spreidingswet", "raakt", "gemeentetaak", "het", "c", "c#p002", "De wet raakt het.",
                 "raakt", source_key="spreidingswet", target_key="het", source_text="De wet", target_text="het"),
           Claim("maatregel", "deze maatregel", "leidt_tot", "risico", "van de", "c", "c#p003", "Zin.", "leidt tot",
                 source_key="maatregel", target_key="", source_text="deze maatregel", target_text="van de")]
    for text in ("dit", "het", "die", "hun", "zij", "ook", "deze situatie", "van de"):
        assert _claim("c", text, "meer zwerfjongeren", "Zin.") is None
    graph = build_graph([*_letters(), _letter("c", "2025-04-01", list(bad))])
    for _, data in graph.nodes(data=True):
        words_of_label = data["label"].lower().split()
        assert not all(w in words.never_key or w in words.vague_heads for w in words_of_label), data["label"]
    assert graph.number_of_edges() == 2


def test_round_trips_and_byte_identical(tmp_path: Path) -> None:
    letters = _letters()
    graph = build_graph(letters)
    assert json.dumps(graph_to_node_link(build_graph(list(reversed(letters)))), sort_keys=True) == \
        json.dumps(graph_to_node_link(graph), sort_keys=True)
    again = graph_from_node_link(json.loads(json.dumps(graph_to_node_link(graph))))
    assert nx.utils.graphs_equal(again, graph)
    write_graphml_atomic(tmp_path / "g.graphml", graph)
    write_graphml_atomic(tmp_path / "h.graphml", build_graph(list(reversed(letters))))
    assert (tmp_path / "g.graphml").read_bytes() == (tmp_path / "h.graphml").read_bytes()
    loaded = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    node = loaded.nodes["maatregel:verkorting-van-de-verblijfsvergunning"]
    assert json.loads(node["variants"]) == graph.nodes["maatregel:verkorting-van-de-verblijfsvergunning"]["variants"]
    assert node["canonical"] is False and node["key"] == "verkorting verblijfsvergunning"


def test_closed_vocabulary_claims_keep_their_names() -> None:
    old = Claim("maatregel", "intrekking Spreidingswet", "leidt_tot", "risico", "dakloosheid", "d", "d#p001",
                "Zin.", "leidt tot")
    graph = build_graph([_letter("d", "2024-05-01", [old])])
    assert sorted(graph.nodes) == ["maatregel:intrekking-spreidingswet", "risico:dakloosheid"]
    assert all(d["canonical"] for _, d in graph.nodes(data=True))
