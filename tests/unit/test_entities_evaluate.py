"""Scoring against gold: anchors located, strict spans via spaCy's scorer, canonical sets, values."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from spacy.scorer import get_ner_prf

from pipeline.errors import DataFileError
from pipeline.evaluate.entities import (
    ALL,
    GoldEntity,
    load_gold,
    load_gold_file,
    locate,
    render_entity_scores,
    score_entities,
)
from pipeline.types import Entity, Passage

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO / "corpora" / "annotations" / "entities"


@dataclass(frozen=True)
class Result:
    passages: tuple[Passage, ...]
    entities: tuple[Entity, ...]


P1 = Passage("x#p001", None, "De VNG   sprak op 3 juli jl. met het COA over 400 plekken.", None)
P2 = Passage("x#p002", None, "Ook de IND was er.", None)
GOLD = [
    GoldEntity("ORG", "VNG", "De VNG sprak op", "VNG"),
    GoldEntity("DATUM", "3 juli jl.", "op 3 juli jl. met", "2025-07-03", iso="2025-07-03"),
    GoldEntity("ORG", "COA", "met het COA over", "COA"),
    GoldEntity("AANTAL", "400 plekken", "over 400 plekken.", "400", value=400, unit="plekken"),
    GoldEntity("ORG", "IND", "Ook de IND was", "IND"),
    GoldEntity("ORG", "Rode Kruis", "het Rode Kruis hielp", "Rode Kruis"),  # in no passage
]


def _entity(label: str, passage: Passage, text: str, canonical: str, **values: object) -> Entity:
    start = passage.text.index(text)
    return Entity(label, text, canonical, passage.id, start, start + len(text), **values)  # type: ignore[arg-type]


def test_locate_maps_collapsed_anchors_to_passage_offsets() -> None:
    found, missing = locate(GOLD, [P1, P2], "x")
    spans = {(g.text, pid, P1.text[s:e] if pid == P1.id else P2.text[s:e]) for g, pid, s, e in found}
    assert ("VNG", "x#p001", "VNG") in spans and ("IND", "x#p002", "IND") in spans
    assert [(m.gold.text, m.reason) for m in missing] == [("Rode Kruis", "anchor not found in the passages")]


def test_anchor_across_a_passage_boundary_still_locates() -> None:
    gold = [GoldEntity("ORG", "COA", "400 plekken. Ook de", "COA"),
            GoldEntity("ORG", "IND", "plekken. Ook de IND", "IND")]
    found, missing = locate(gold, [P1, P2], "x")
    assert [g.text for g, *_ in found] == ["IND"]
    assert missing[0].reason == "the anchor does not contain the text"


def test_scores_per_label_and_letter() -> None:
    predicted = Result((P1, P2), (
        _entity("ORG", P1, "VNG", "VNG"),
        _entity("DATUM", P1, "3 juli jl.", "2025-07-03", iso="2025-07-03"),
        _entity("ORG", P1, "COA", "COA"),
        _entity("AANTAL", P1, "400", "400", value=400, unit=None),  # span too short
        _entity("LOCATIE", P2, "IND", "IND"),  # wrong label
    ))
    scores = score_entities({"x": GOLD}, {"x": predicted})
    spans = scores.spans["x"]
    assert (spans["ORG"].tp, spans["ORG"].fp, spans["ORG"].fn) == (2, 0, 2)  # IND mislabelled, Rode Kruis unlocated
    assert (spans["AANTAL"].tp, spans["AANTAL"].fp, spans["AANTAL"].fn) == (0, 1, 1)
    assert (spans["LOCATIE"].fp, spans[ALL].tp) == (1, 3)
    assert scores.values["x"]["DATUM"].correct == 1 and scores.values["x"]["AANTAL"].span_found == 0
    assert scores.canonical["x"]["AANTAL"].tp == 1  # the value was right even though the span was not
    assert [u.gold.text for u in scores.unlocated] == ["Rode Kruis"]
    # our counts agree with spaCy's own NER scorer over the located entities
    prf = scores.spacy_prf["x"]["ents_per_type"]
    located_org = spans["ORG"].tp / (spans["ORG"].tp + spans["ORG"].fp)
    assert prf["ORG"]["p"] == pytest.approx(located_org)
    table = render_entity_scores(scores)
    assert "ORG" in table and "Rode Kruis" in table and "x" in table
    assert "ORG" in render_entity_scores(scores, rich=True)


def test_missing_letter_counts_everything_as_missed() -> None:
    scores = score_entities({"x": GOLD}, {})
    assert scores.spans["x"][ALL].fn == len(GOLD) and len(scores.unlocated) == len(GOLD)


@pytest.mark.parametrize(("line", "what"), [
    ("{nope", "invalid JSON"),
    ('{"label": "ORG", "text": "VNG", "anchor": "de VNG zegt"}', "canonical"),
    ('{"label": "X", "text": "VNG", "anchor": "de VNG zegt", "canonical": "VNG"}', "unknown label"),
    ('{"label": "ORG", "text": "COA", "anchor": "de VNG zegt", "canonical": "VNG"}', "does not contain"),
])
def test_bad_gold_line_names_file_and_line(tmp_path: Path, line: str, what: str) -> None:
    path = tmp_path / "g.jsonl"
    good = json.dumps({"label": "ORG", "text": "VNG", "anchor": "de VNG zegt", "canonical": "VNG"})
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"g.jsonl:2: .*{what}"):
        load_gold_file(path)


@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="no gold annotations")
def test_real_gold_files_load() -> None:
    gold = load_gold(GOLD_DIR)
    assert gold and all(gold.values())


def test_get_ner_prf_is_what_we_report() -> None:
    # the Example construction keeps every boundary a token edge, so strict spans are exact
    predicted = Result((P1,), (_entity("ORG", P1, "VNG", "VNG"),))
    scores = score_entities({"x": GOLD[:1]}, {"x": predicted})
    assert scores.spacy_prf["x"]["ents_f"] == 1.0 and get_ner_prf([]) is not None
