"""Collective anaphors after a bullet list (issue 19, claims quality round 8b): "Het kabinet neemt drie
maatregelen: - A; - B; - C. Deze maatregelen leiden tot X" claims A → X, B → X and C → X. Fictional text."""
from __future__ import annotations

import re

import pytest
from spacy.language import Language

from pipeline.nlp import SHIPPED_MODEL, build_nlp
from pipeline.relations.claims import extract_claims
from pipeline.types import Claim, Passage

needs_model = pytest.mark.skipif(not (SHIPPED_MODEL / "config.cfg").is_file(), reason="models/nl_vng_core absent")


def _claims(nlp: Language, blocks: list[tuple[str, str]]) -> tuple[Claim, ...]:
    """blocks: (kind, text) in reading order, one section."""
    passages = []
    for index, (kind, text) in enumerate(blocks):
        sentences = tuple((m.start(), m.end()) for m in re.finditer(r"[^.?!]+[.?!]?", text) if m.group().strip())
        passages.append(Passage(f"d#p{index}", "Sectie", text, 1, kind=kind,  # type: ignore[arg-type]
                                bullet="-" if kind == "list_item" else None, sentences=sentences))
    return extract_claims("d", passages, {p.id: p.sentences for p in passages}, nlp=nlp)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def _pairs(claims: tuple[Claim, ...]) -> set[tuple[str, str]]:
    return {(c.source_text.lower() + " " + c.source.lower(), c.target.lower()) for c in claims
            if not (c.negated or c.reported or c.hypothetical)}


@needs_model
@pytest.mark.parametrize(("blocks", "members", "effect"), [
    ([("paragraph", "Het kabinet kondigt in de begroting de volgende bezuinigingen aan:"),
      ("list_item", "de afschaffing van de reiskostenvergoeding voor mantelzorgers;"),
      ("list_item", "een korting op het budget voor dagbesteding;"),
      ("list_item", "het schrappen van de subsidie voor respijtzorg."),
      ("paragraph", "Deze maatregelen leiden tot overbelasting van mantelzorgers.")],
     ("reiskostenvergoeding", "korting op het budget", "subsidie"), "overbelasting"),
    ([("paragraph", "Twee voornemens raken de wijkteams:"),
      ("list_item", "de sluiting van de inloopspreekuren"),
      ("list_item", "de verhoging van de eigen bijdrage"),
      ("paragraph", "Beide voornemens veroorzaken langere wachtlijsten bij de schuldhulp.")],
     ("inloopspreekuren", "eigen bijdrage"), "wachtlijst"),
])
def test_a_collective_anaphor_after_a_bullet_list_takes_every_item(nlp: Language, blocks: list[tuple[str, str]],
                                                                    members: tuple[str, ...], effect: str) -> None:
    pairs = _pairs(_claims(nlp, blocks))
    for member in members:
        assert any(member in source and effect in target for source, target in pairs), (member, pairs)


@needs_model
def test_a_number_word_that_the_list_does_not_fit_takes_no_item(nlp: Language) -> None:
    blocks = [("paragraph", "Het kabinet kondigt twee bezuinigingen aan:"),
              ("list_item", "de afschaffing van de reiskostenvergoeding voor mantelzorgers;"),
              ("list_item", "een korting op het budget voor dagbesteding."),
              ("paragraph", "Deze drie maatregelen leiden tot overbelasting van mantelzorgers.")]
    pairs = _pairs(_claims(nlp, blocks))
    assert not any("reiskostenvergoeding" in s or "dagbesteding" in s for s, _ in pairs), pairs


@needs_model
def test_the_bullets_beside_an_anaphor_in_a_list_are_not_its_members(nlp: Language) -> None:
    # the anaphor is an item itself: the items before it are its siblings, not the list it sums up
    blocks = [("paragraph", "Onze aanbevelingen:"),
              ("list_item", "Handhaaf de reiskostenvergoeding voor mantelzorgers."),
              ("list_item", "Schrap de korting op het budget voor dagbesteding."),
              ("list_item", "Zet de subsidie voor respijtzorg voort."),
              ("list_item", "De drie maatregelen veroorzaken overbelasting van mantelzorgers.")]
    pairs = _pairs(_claims(nlp, blocks))
    assert not any(word in s for s, _ in pairs for word in ("reiskostenvergoeding", "korting", "respijtzorg")), pairs
