"""Passage.to_dict and Entity.to_dict are written field by field (for speed): they must still give what
dataclasses.asdict gave, key order included, with the fields an entity's label does not use left out."""
from __future__ import annotations

import dataclasses

from pipeline.types import Entity, Passage


def test_passage_to_dict_equals_asdict_with_lists() -> None:
    passage = Passage(id="d#p001", section="Opvang", text="Wij vragen u ...", page=2, kind="list_item", bullet="➢",
                      themes=("opvang",), theme_scores={"opvang": 0.9}, stance="kritisch",
                      stance_scores={"kritisch": 0.7}, request=True, targets=("Spreidingswet",),
                      sentences=((0, 16),))
    data = passage.to_dict()
    expected = {**dataclasses.asdict(passage), "themes": ["opvang"], "targets": ["Spreidingswet"],
                "sentences": [[0, 16]]}
    assert list(data) == list(expected) == [f.name for f in dataclasses.fields(Passage)]
    assert data == expected
    assert data["theme_scores"] is not passage.theme_scores  # a copy, as asdict made
    assert Passage.from_dict(data) == passage


def _asdict_then_pop(entity: Entity) -> dict[str, object]:
    """What Entity.to_dict returned when it was asdict() with the unused fields popped."""
    data = dataclasses.asdict(entity)
    if entity.label != "DATUM":
        data.pop("iso")
        data.pop("anchor")
    if entity.label != "AANTAL":
        for key in ("value", "unit", "qualifier", "high"):
            data.pop(key)
    elif entity.high is None:
        data.pop("high")
    return data


def test_entity_to_dict_equals_asdict_then_pop_for_every_label_shape() -> None:
    entities = [
        Entity("DATUM", "1 mei", "2025-05-01", "d#p1", 0, 5, iso="2025-05-01", rule="day_month", anchor="2025"),
        Entity("AANTAL", "3.000 tot 5.000", "3000", "d#p1", 0, 15, value=3000, unit="personen", qualifier="ruim",
               rule="range", high=5000),
        Entity("AANTAL", "ruim 10", "10", "d#p1", 0, 7, value=10, qualifier="ruim"),
        Entity("WET", "Spreidingswet", "Spreidingswet", "d#p2", 3, 16, rule="laws"),
        Entity("PERSOON", "L. Jansen", "L. Jansen", "d#p2", 0, 9),
    ]
    for entity in entities:
        data = entity.to_dict()
        expected = _asdict_then_pop(entity)
        assert list(data) == list(expected)
        assert data == expected
        assert Entity.from_dict(data) == entity
