"""Scoring claims against the relation gold, and the leave-one-letter-out ablation of the vocabulary."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import DataFileError
from pipeline.evaluate.relations import (
    BACKGROUND,
    Counts,
    GoldRelation,
    ablated_vocabulary,
    leave_one_letter_out,
    load_gold,
    load_gold_file,
    render_relation_scores,
    score_relations,
    vocabulary_usage,
)
from pipeline.relations import default_vocabulary
from pipeline.types import Claim, Passage

ROW = {"source_kind": "maatregel", "source": "intrekking Spreidingswet", "relation": "leidt_tot",
       "target_kind": "risico", "target": "chaos in de asielketen", "anchor": "dit leidt tot chaos", "cue": "leidt tot"}


def write(tmp_path: Path, *rows: object, name: str = "doc.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def gold(source: str, target: str, anchor: str = "dit leidt tot chaos", relation: str = "leidt_tot",
         source_kind: str = "maatregel", target_kind: str = "risico") -> GoldRelation:
    return GoldRelation(source_kind, source, relation, target_kind, target, anchor, "cue")


def claim(source: str, target: str, sentence: str = "En dit leidt tot chaos.", relation: str = "leidt_tot") -> Claim:
    return Claim("maatregel", source, relation, "risico", target, "doc", "doc#p001", sentence, "cue")


# ----------------------------------------------------------------------------- gold files

def test_load_gold_file(tmp_path: Path) -> None:
    (relation,) = load_gold_file(write(tmp_path, ROW))
    assert relation.triple == ("intrekking spreidingswet", "leidt_tot", "chaos in de asielketen")
    assert relation.line == 1
    assert list(load_gold(tmp_path)) == ["doc"]


@pytest.mark.parametrize(("row", "message"), [
    ("{not json", "invalid JSON"),
    ("[1, 2]", "JSON object"),
    ({**ROW, "anchor": ""}, "missing or empty anchor"),
    ({k: v for k, v in ROW.items() if k != "cue"}, "missing or empty cue"),
    ({**ROW, "extra": "x"}, "unknown field"),
    ({**ROW, "source_kind": "wet"}, "not one of"),
    ({**ROW, "relation": "raakt"}, "must be 'leidt_tot'"),
    ({**ROW, "source_kind": "gemeentetaak"}, "no relation goes from a gemeentetaak"),
    ({**ROW, "anchor": "te kort"}, "3 to 8"),
])
def test_gold_errors_name_file_and_line(tmp_path: Path, row: object, message: str) -> None:
    path = write(tmp_path, ROW | {"anchor": "een ander anker hier"}, row)
    with pytest.raises(DataFileError) as error:
        load_gold_file(path)
    assert f"{path}:2:" in str(error.value) and message in str(error.value)


def test_gold_repeats_are_errors(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"doc.jsonl:2: repeats the relation of line 1"):
        load_gold_file(write(tmp_path, ROW, ROW))


def test_missing_gold_folder(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        load_gold(tmp_path / "nope")


def test_shipped_gold_is_valid() -> None:
    folder = Path(__file__).resolve().parents[2] / "corpora" / "annotations" / "relations"
    loaded = load_gold(folder)
    assert sum(len(rows) for rows in loaded.values()) == 79


# ----------------------------------------------------------------------------- scoring

def test_scores_per_letter_and_pooled() -> None:
    gold_by_letter = {"a": [gold("X", "Y"), gold("X", "Z")], "b": [gold("X", "Y")]}
    claims = {"a": [claim("X", "Y"), claim("X", "Q")], "b": [], "unannotated": [claim("X", "Y")]}
    scores = score_relations(gold_by_letter, claims)
    assert scores.triples == {"a": Counts(1, 1, 1), "b": Counts(0, 0, 1)}
    assert scores.pooled() == Counts(1, 1, 2)
    assert scores.missed["a"] == (("x", "leidt_tot", "z"),) and scores.spurious["a"] == (("x", "leidt_tot", "q"),)
    assert (scores.pooled().precision, scores.pooled().recall) == (0.5, pytest.approx(1 / 3))


def test_names_match_ignoring_case_apostrophes_and_spaces() -> None:
    scores = score_relations({"a": [gold("X", "veiligheidsrisico’s")]}, {"a": [claim("x", "veiligheidsrisico's ")]})
    assert scores.triples["a"] == Counts(1, 0, 0)


def test_anchored_view_needs_the_anchor_in_the_sentence() -> None:
    gold_by_letter = {"a": [gold("X", "Y", anchor="dit leidt tot chaos")]}
    right = score_relations(gold_by_letter, {"a": [claim("X", "Y", "Maar  dit leidt tot chaos, zegt men.")]})
    wrong = score_relations(gold_by_letter, {"a": [claim("X", "Y", "Een andere zin.")]})
    assert right.anchored["a"] == Counts(1, 0, 0)
    assert wrong.triples["a"] == Counts(1, 0, 0) and wrong.anchored["a"] == Counts(0, 1, 1)


def test_render_mentions_every_letter_and_view() -> None:
    scores = score_relations({"a": [gold("X", "Y")]}, {"a": [claim("X", "Y")]})
    text = render_relation_scores(scores, scores, {"a": [("cue", "forward", "x")]})
    assert "| a | 1 | 1 | 1 | 1.00 | 1.00 | 1.00 |" in text
    assert "leave-one-letter-out" in text and "a 1" in text


# ----------------------------------------------------------------------------- leave one letter out

def letter(doc_id: str, *sentences: str) -> list[Passage]:
    text = " ".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append((start, start + len(sentence)))
        start += len(sentence) + 1
    return [Passage(id=f"{doc_id}#p001", section=None, text=text, page=None, sentences=tuple(spans))]


LETTERS = {
    "a": letter("a", "Het woningtekort leidt tot overbewoning."),
    "b": letter("b", "Het woningtekort veroorzaakt dakloosheid."),
}


def test_usage_and_ablation() -> None:
    vocabulary = default_vocabulary()
    usage = vocabulary_usage(vocabulary, LETTERS)
    assert usage[("risico", "woningtekort", "woningtekort")] == {"a", "b"}
    assert usage[("risico", "overbewoning", "overbewon\\w*")] == {"a"}
    reduced, dropped = ablated_vocabulary(vocabulary, usage, "a")
    assert ("risico", "overbewoning", "overbewon\\w*") in dropped
    assert ("risico", "woningtekort", "woningtekort") not in dropped
    assert any(key[:2] == ("cue", "forward") for key in dropped)  # "leidt tot" occurs only in a
    assert len(reduced.risks.entries) < len(vocabulary.risks.entries)
    assert len(reduced.cues.items) < len(vocabulary.cues.items)


def test_background_texts_keep_attested_patterns() -> None:
    usage = vocabulary_usage(default_vocabulary(), LETTERS, background=["Overbewoning is een probleem."])
    assert usage[("risico", "overbewoning", "overbewon\\w*")] == {"a", BACKGROUND}


def test_leave_one_letter_out_scores_each_letter_with_its_own_patterns_removed() -> None:
    gold_by_letter = {
        "a": [gold("woningtekort", "overbewoning", source_kind="risico")],
        "b": [gold("woningtekort", "dakloosheid", source_kind="risico")],
    }
    lolo, dropped = leave_one_letter_out(gold_by_letter, LETTERS)
    assert set(dropped) == {"a", "b"}
    assert lolo.triples["a"] == Counts(0, 0, 1)  # "overbewoning" and "leidt tot" only occur in a
    attested, _ = leave_one_letter_out(gold_by_letter, LETTERS,
                                       background=["Dat leidt tot overbewoning.", "Dit veroorzaakt dakloosheid."])
    assert attested.triples == {"a": Counts(1, 0, 0), "b": Counts(1, 0, 0)}
