"""The relation extractor on invented sentences: each cue direction, lists, anaphora, chains, requests.

The sentences are made up for these tests (not taken from any letter); names are the canonical
names of the shipped lexicons and maatregel table.
"""
from __future__ import annotations

import pytest

from pipeline.relations import concepts_in, default_vocabulary, extract_claims, mentions_in
from pipeline.types import Passage

Triple = tuple[str, str, str]


def passage(*sentences: str, section: str | None = None, pid: str = "t#p001", kind: str = "paragraph",
            request: bool = False) -> Passage:
    text, spans = "", []
    for sentence in sentences:
        if text:
            text += " "
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence
    return Passage(id=pid, section=section, text=text, page=None, kind=kind, request=request, sentences=tuple(spans))


def triples(*passages: Passage) -> set[Triple]:
    claims = extract_claims("t", passages, {p.id: p.sentences for p in passages})
    return {(c.source, c.relation, c.target) for c in claims}


SPREIDING = "intrekking Spreidingswet"
TAAK = "afschaffing taakstelling"

CASES: list[tuple[str, tuple[str, ...], set[Triple]]] = [
    # forward: cause ... cue ... effect (several effects are split)
    ("forward", ("De afschaffing van de taakstelling leidt tot langere wachttijden en meer overlast.",),
     {(TAAK, "leidt_tot", "langere wachttijden"), (TAAK, "leidt_tot", "overlast en criminaliteit")}),
    ("forward zorgt voor", ("De intrekking van de Spreidingswet zorgt voor een tekort aan opvangplekken.",),
     {(SPREIDING, "leidt_tot", "tekort aan opvangplekken")}),
    ("forward onto tasks", ("Het woningtekort heeft grote gevolgen voor onderwijs, zorg en inburgering.",),
     {("woningtekort", "raakt", t) for t in ("onderwijs", "zorg", "inburgering")}),
    ("verb-final clause", ("Wij zien dat netcongestie de realisatie van nieuwe opvanglocaties bemoeilijkt.",),
     {("beletsels fysieke domein", "raakt", "opvang realiseren")}),
    ("discontinuous 'maakt ... lastig'", ("Het tekort aan opvangplekken maakt inburgering erg lastig.",),
     {("tekort aan opvangplekken", "raakt", "inburgering")}),
    # backward: effect ... cue cause
    ("backward vanwege", ("Gemeenten zien meer dakloosheid vanwege de beëindiging van de LVV.",),
     {("beëindiging LVV", "leidt_tot", "dakloosheid")}),
    ("backward doordat first", ("Doordat de Spreidingswet wordt ingetrokken, neemt de druk op de opvang toe.",),
     {(SPREIDING, "leidt_tot", "druk op de opvang")}),
    ("backward omdat after the effect", ("Er is een tekort aan opvangplekken, mede omdat de doorstroom stokt.",),
     {("stokkende doorstroom", "leidt_tot", "tekort aan opvangplekken")}),
    ("'door' before a named cause", ("Door het woningtekort blijven statushouders in de opvang.",),
     {("woningtekort", "leidt_tot", "stokkende doorstroom")}),
    ("'door' as a passive agent is no cue", ("Door het COA wordt de opvang georganiseerd.",), set()),
    ("bij gebrek aan", ("Bij gebrek aan woningen verblijven gezinnen te lang in hotels.",),
     {("woningtekort", "leidt_tot", "langdurig verblijf in hotels")}),
    # effect_before: cause ... effect ... cue
    ("effect_before", ("De intrekking van de Spreidingswet kan chaos in de asielketen tot gevolg hebben.",),
     {(SPREIDING, "leidt_tot", "chaos in de asielketen")}),
    ("feared effect of the measure before",
     ("Het kabinet wil de taakstelling afschaffen.", "Wij vrezen dat de integratie in het gedrang komt."),
     {(TAAK, "raakt", "integratie")}),
    # nominal: de gevolgen van X voor Y
    ("nominal", ("Wij wijzen op de gevolgen van het woningtekort voor onderwijs, zorg en inburgering.",),
     {("woningtekort", "raakt", t) for t in ("onderwijs", "zorg", "inburgering")}),
    ("nominal without a named target", ("Wij wijzen op de gevolgen van het woningtekort voor gemeenten.",), set()),
    # anaphoric: the cause is in the sentence before
    ("hierdoor", ("De Spreidingswet wordt ingetrokken.", "Hierdoor ontstaat chaos in de asielketen."),
     {(SPREIDING, "leidt_tot", "chaos in de asielketen")}),
    ("daarom", ("Er is een groot woningtekort.", "Daarom zijn gemeenten gevraagd extra opvang te realiseren."),
     {("woningtekort", "raakt", "opvang realiseren")}),
    # amplify: this measure strengthens the effect of the sentence before
    ("amplify", ("Het woningtekort leidt tot stokkende doorstroom.",
                 "De afschaffing van de taakstelling versterkt dit effect."),
     {("woningtekort", "leidt_tot", "stokkende doorstroom"), (TAAK, "leidt_tot", "stokkende doorstroom")}),
    # prevent: the unmet condition just before is the cause
    ("prevent", ("Het is nog onduidelijk hoe de regiobinding wordt uitgewerkt.",
                 "Dat is nodig om te voorkomen dat het draagvlak verdwijnt."),
     {("onduidelijkheid over regiobinding", "leidt_tot", "minder draagvlak")}),
    # relative clauses and chains within a sentence
    ("relative 'wat leidt tot' chains",
     ("Het woningtekort veroorzaakt stokkende doorstroom, wat leidt tot een tekort aan opvangplekken.",),
     {("woningtekort", "leidt_tot", "stokkende doorstroom"),
      ("stokkende doorstroom", "leidt_tot", "tekort aan opvangplekken")}),
    ("relative 'die ... effect hebben op'",
     ("Gemeenten merken personeelstekorten, die weer effect hebben op zorg en onderwijs.",),
     {("tekorten op de arbeidsmarkt", "raakt", "zorg"), ("tekorten op de arbeidsmarkt", "raakt", "onderwijs")}),
    ("waardoor chains", ("De beëindiging van de LVV leidt tot dakloosheid, waardoor de overlast toeneemt.",),
     {("beëindiging LVV", "leidt_tot", "dakloosheid"), ("dakloosheid", "leidt_tot", "overlast en criminaliteit")}),
    ("second cue shares the subject",
     ("De intrekking van de Spreidingswet belemmert de integratie en leidt tot overbewoning.",),
     {(SPREIDING, "raakt", "integratie"), (SPREIDING, "leidt_tot", "overbewoning")}),
    ("second effect with its own cue",
     ("Het woningtekort veroorzaakt niet alleen overbewoning, het kan op termijn ook dakloosheid tot gevolg hebben.",),
     {("woningtekort", "leidt_tot", "overbewoning"), ("woningtekort", "leidt_tot", "dakloosheid")}),
    ("met ... als gevolg", ("Het woningtekort heeft gevolgen voor de leefbaarheid, met overbewoning als gevolg.",),
     {("woningtekort", "raakt", "leefbaarheid"), ("woningtekort", "leidt_tot", "overbewoning")}),
    # lists of effects
    ("list with an unnamed item", ("Het woningtekort leidt tot overbewoning, spanningen en hogere kosten.",),
     {("woningtekort", "leidt_tot", "overbewoning"),
      ("woningtekort", "leidt_tot", "financieel risico voor gemeenten")}),
    ("a list ends after its last item",
     ("De intrekking van de Spreidingswet heeft gevolgen voor leefbaarheid, welzijn en integratie, en de veiligheid "
      "regelt de politie.",),
     {(SPREIDING, "raakt", t) for t in ("leefbaarheid", "welzijn", "integratie")}),
    ("list closes at 'en'",
     ("Het woningtekort heeft gevolgen voor zorg en onderwijs, terwijl de veiligheid toeneemt.",),
     {("woningtekort", "raakt", "zorg"), ("woningtekort", "raakt", "onderwijs")}),
    # anaphora across sentences, chains link by link
    ("chain across sentences",
     ("Het verbod op voorrang voor statushouders gaat in 2026 in.", "Hierdoor is er nauwelijks doorstroom.",
      "Dit betekent dat gezinnen langdurig in hotels verblijven."),
     {("verbod op voorrang huisvesting statushouders", "leidt_tot", "stokkende doorstroom"),
      ("stokkende doorstroom", "leidt_tot", "langdurig verblijf in hotels")}),
    ("'de plannen' stands for the group named before",
     ("Het kabinet werkt aan de intrekking van de Spreidingswet en de afschaffing van de taakstelling.",
      "De plannen leiden tot chaos in de asielketen."),
     {(SPREIDING, "leidt_tot", "chaos in de asielketen"), (TAAK, "leidt_tot", "chaos in de asielketen")}),
    ("'bovendien ... dit' keeps the subject",
     ("Het woningtekort leidt tot overbewoning.", "Bovendien zorgt dit voor hogere kosten."),
     {("woningtekort", "leidt_tot", "overbewoning"),
      ("woningtekort", "leidt_tot", "financieel risico voor gemeenten")}),
    ("'het zorgt voor' after a sentence without concepts",
     ("Gemeenten verkeren in een lastige positie.", "Dat komt steeds vaker voor.", "Het zorgt voor intimidatie."),
     {("lastige positie gemeenten", "leidt_tot", "bedreigende situaties in gemeenten")}),
    ("'deze situatie' is the risk before",
     ("De afschaffing van de taakstelling leidt tot stokkende doorstroom.",
      "Als deze situatie aanhoudt, heeft dit gevolgen voor de leefbaarheid."),
     {(TAAK, "leidt_tot", "stokkende doorstroom"), ("stokkende doorstroom", "raakt", "leefbaarheid")}),
    ("a fragment gives the causes of the sentence before",
     ("Gemeenten verkeren in een lastige positie.", "Vooral vanwege het woningtekort en de Spreidingswet."),
     {("woningtekort", "leidt_tot", "lastige positie gemeenten"),
      ("Spreidingswet", "leidt_tot", "lastige positie gemeenten")}),
    ("no anaphor, no claim across sentences",
     ("De Spreidingswet wordt ingetrokken.", "Gemeenten zien chaos in de asielketen."), set()),
    ("effect with the verb before it", ("Zonder structurele financiering komt de inburgering in de knel.",),
     {("financieel risico voor gemeenten", "raakt", "inburgering")}),
    ("two effects in a 'dat' clause",
     ("De hogere instroom zorgt ervoor dat de wachttijden oplopen en de leefbaarheid onder druk staat.",),
     {("hogere instroom", "leidt_tot", "langere wachttijden"), ("hogere instroom", "raakt", "leefbaarheid")}),
    ("raising verb with a negative object", ("De afschaffing van de taakstelling vergroot de druk op de opvang.",),
     {(TAAK, "leidt_tot", "druk op de opvang")}),
    # what is not a claim
    ("raising verb with a positive object", ("Kleinschalige opvang vergroot het draagvlak.",), set()),
    ("negated cue", ("De regiobinding leidt niet tot betere integratie.",), set()),
    ("an expectation without a cue needs a named risk",
     ("De intrekking van de Spreidingswet wordt verwacht.", "Wij verwachten dat het kabinet de zorg goed regelt."),
     set()),
    ("concern is no care", ("De intrekking van de Spreidingswet leidt tot grote zorg bij gemeenten.",), set()),
    ("requests make no claims",
     ("Wij vragen u te voorkomen dat de Spreidingswet wordt ingetrokken, want dit leidt tot chaos.",), set()),
    ("a measure hits no measure", ("De intrekking van de Spreidingswet raakt de regiobinding.",), set()),
    ("a thing does not cause itself", ("Het woningtekort leidt tot een woningtekort.",), set()),
    ("a mention that is both measure and task is the task when hit",
     ("Onduidelijkheid over de financiering bemoeilijkt de TGO.",),
     {("onduidelijke financiering", "raakt", "tijdelijke gemeentelijke opvang")}),
]


@pytest.mark.parametrize(("label", "sentences", "expected"), CASES, ids=[c[0] for c in CASES])
def test_case_table(label: str, sentences: tuple[str, ...], expected: set[Triple]) -> None:
    assert triples(passage(*sentences)) == expected


def test_obstacle_takes_the_task_of_the_section_heading() -> None:
    sentence = "Het huisartsentekort is een groot obstakel."
    assert triples(passage(sentence)) == set()
    assert triples(passage(sentence, section="3. Kleinschalige opvang")) == {
        ("huisartsentekort", "raakt", "kleinschalige opvang realiseren")}


def test_context_crosses_paragraphs_of_a_section_but_not_sections() -> None:
    first = passage("Het woningtekort leidt tot overbewoning.", section="A", pid="t#p001")
    same = passage("Dit betekent dat de leefbaarheid onder druk komt te staan.", section="A", pid="t#p002")
    other = passage("Dit betekent dat de leefbaarheid onder druk komt te staan.", section="B", pid="t#p002")
    assert ("overbewoning", "raakt", "leefbaarheid") in triples(first, same)
    assert triples(first, other) == {("woningtekort", "leidt_tot", "overbewoning")}


def test_request_list_items_make_no_claims() -> None:
    item = passage("Het woningtekort leidt tot overbewoning.", kind="list_item", request=True)
    assert triples(item) == set()


def test_claim_fields() -> None:
    p = passage("De intrekking van de Spreidingswet zorgt voor een tekort aan opvangplekken.")
    (claim,) = extract_claims("doc", [p], {p.id: p.sentences})
    assert (claim.source_kind, claim.target_kind) == ("maatregel", "risico")
    assert (claim.doc_id, claim.passage_id) == ("doc", p.id)
    assert claim.sentence == p.text and claim.cue == "zorgt voor"


def test_passages_without_sentence_offsets_are_one_sentence() -> None:
    p = passage("De intrekking van de Spreidingswet zorgt voor een tekort aan opvangplekken.")
    assert len(extract_claims("doc", [p], {})) == 1


def test_vagueness_of_a_measure_is_a_risk() -> None:
    found = concepts_in("Het is nog onduidelijk hoe de regiobinding eruit komt te zien.")
    assert [(m.kind, m.name) for m in found] == [("risico", "onduidelijkheid over regiobinding")]


def test_a_risk_under_control_is_no_risk() -> None:
    assert concepts_in("De situatie in Ter Apel is beheersbaar.") == []
    found = concepts_in("De situatie in Ter Apel verslechtert.")
    assert [m.name for m in found] == ["verslechtering situatie Ter Apel"]


def test_general_name_resolves_to_the_specific_one_named_before() -> None:
    got = triples(passage("Statushouders blijven langdurig in doorstroomlocaties.",
                          "Als zij jarenlang blijven wonen, heeft dit gevolgen voor het welzijn."))
    assert ("langdurig verblijf in doorstroomlocaties", "raakt", "welzijn") in got


def test_mentions_cover_every_concept() -> None:
    p = passage("Het woningtekort raakt de zorg.")
    assert [(m.kind, m.name) for m in mentions_in([p])] == [("risico", "woningtekort"), ("gemeentetaak", "zorg")]


def test_injected_vocabulary_is_used() -> None:
    vocabulary = default_vocabulary()
    without_tekort = vocabulary.risks.keep_patterns(lambda e: e.name != "woningtekort")
    reduced = type(vocabulary)(vocabulary.measures, without_tekort, vocabulary.tasks, vocabulary.cues)
    p = passage("Het woningtekort raakt de zorg.")
    assert extract_claims("t", [p], {p.id: p.sentences}, reduced) == ()
    assert len(extract_claims("t", [p], {p.id: p.sentences}, vocabulary)) == 1


def test_marker_scans_find_what_the_marker_patterns_find() -> None:
    """mentions_in reads the vagueness markers by StartScan (CueLexicon.marker_scans): the same matches, in the
    same order, as each pattern's own finditer, also in a text with a letter re folds apart from str.lower."""
    cues = default_vocabulary().cues
    texts = ["Het is nog onduidelijk hoe de minister dit wil regelen, en ONDUIDELIJK OF het budget volstaat.",
             "Er is onzekerheid over de bekostiging; onduidelijkheid rond de termijn blijft.", "Geen marker hier.",
             "Onduıdelijk hoe het verder gaat (een dotless i), onduidelijk wat de rol van de gemeente is."]
    for name in ("vagueness", "defused", "given"):
        for text in texts:
            expected = [m.span() for p in cues.markers(name) for m in p.finditer(text)]
            assert [m.span() for s in cues.marker_scans(name) for m in s.finditer(text, text.lower())] == expected
