"""Statement.to_dict is written field by field (for speed): it must still carry every field."""
from __future__ import annotations

import dataclasses

from pipeline.types import Statement


def test_statement_to_dict_has_every_field_and_round_trips() -> None:
    statement = Statement(doc_id="d", passage_id="d#p001", actor="VNG", target="Spreidingswet", stance="steunend",
                          confidence=0.8, scores={"kritisch": 0.1, "neutraal": 0.1, "steunend": 0.8},
                          sentence="Wij steunen de Spreidingswet.", sentence_start=0, sentence_end=29,
                          cues=("+steunen",), method="rules", date="2025-01-30")
    data = statement.to_dict()
    assert set(data) == {f.name for f in dataclasses.fields(Statement)}
    assert data == {**dataclasses.asdict(statement), "cues": ["+steunen"]}
    assert Statement.from_dict(data) == statement
