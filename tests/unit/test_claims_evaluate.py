"""Lenient scoring of the claims stage (pipeline.evaluate.claims): node match groups, anchors, flags."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.errors import DataFileError
from pipeline.evaluate.claims import (
    claim_cue_usage,
    fold,
    load_match_gold,
    load_node_match,
    matches,
    rows_for,
    score_lenient,
)
from pipeline.evaluate.letters import ANNOTATIONS
from pipeline.evaluate.relations import FICTIONAL_SETS
from pipeline.extract import clean_document, read_document
from pipeline.relations.cues import load_claim_cues
from pipeline.types import Claim, Passage

LINE = {"source_kind": "maatregel", "source": "verkorting verblijfsvergunning", "relation": "leidt_tot",
        "target_kind": "risico", "target": "vaker verlengingsaanvragen", "anchor": "waardoor gemeenten veel vaker",
        "cue": "waardoor", "source_match": [["verkort", "korter"], ["verblijfsvergunning", "vergunning"]],
        "target_match": [["verlenging"], ["aanvra"]]}
CORPORA = ANNOTATIONS.parent
SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")  # "meedragen. Zulke crises leggen": no claim holds both sentences
SENTENCE = "De vergunning wordt korter, waardoor gemeenten veel vaker verlengingsaanvragen krijgen."


def _claim(source: str, target: str, *, sentence: str = SENTENCE, relation: str = "leidt_tot", **flags: bool) -> Claim:
    return Claim("maatregel", source, relation, "risico", target, "d", "d#p1", sentence, "waardoor",
                 source_text=source, target_text=target, **flags)


def _gold(tmp_path: Path, *rows: dict) -> Path:
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return tmp_path


def test_match_is_every_group_by_substring() -> None:
    groups = (("verkort", "korter"), ("verblijfsvergunning", "vergunning"))
    assert matches(groups, ["kortere verblijfsvergunningen"])
    assert not matches(groups, ["verkorting"])
    assert matches((("veiligheidsrisico",),), ["veiligheidsrisico’s"])
    assert fold("Oekraïense  Ontheemden") == "oekraïense ontheemden"


def test_scores_recall_precision_and_flags(tmp_path: Path) -> None:
    gold = load_match_gold(_gold(tmp_path, LINE))["d"]
    good = _claim("verkorting van de vergunning", "verlengingsaanvragen")
    wrong_anchor = _claim("verkorting van de vergunning", "verlengingsaanvragen", sentence="Elders.")
    negated = _claim("verkorting van de vergunning", "verlengingsaanvragen", negated=True)
    other = _claim("verkorting van de vergunning", "hogere kosten")
    score = score_lenient(gold, [good, other, negated])
    assert (score.gold, score.found, score.predicted, score.correct) == (1, 1, 2, 1)
    assert score.recall == 1.0 and score.precision == 0.5
    assert score_lenient(gold, [wrong_anchor]).found == 0
    assert score_lenient(gold, [_claim("verkorting vergunning", "verlengingsaanvragen", relation="raakt")]).found == 0
    rows = rows_for("blind", {"d": gold}, {"d": (good,)}, {"d": ()})
    assert rows[-1].letter == "**ALL**" and rows[-1].new.found == 1 and rows[-1].baseline.found == 0


def test_gold_without_match_fields_needs_node_match(tmp_path: Path) -> None:
    row = {k: v for k, v in LINE.items() if not k.endswith("_match")}
    with pytest.raises(DataFileError, match=r"node_match\.yaml"):
        load_match_gold(_gold(tmp_path, row))
    (tmp_path / "node_match.yaml").write_text(
        "maatregel:\n  verkorting verblijfsvergunning: [[verkort], [vergunning]]\nrisico:\n"
        "  vaker verlengingsaanvragen: [[verlenging]]\ngemeentetaak: {}\n", encoding="utf-8")
    (line,) = load_match_gold(tmp_path)["d"]
    assert line.target_match == (("verlenging",),)


def test_node_match_names_satisfy_their_groups(tmp_path: Path) -> None:
    path = tmp_path / "node_match.yaml"
    path.write_text("maatregel:\n  intrekking Spreidingswet: [[afschaf]]\nrisico: {}\ngemeentetaak: {}\n",
                    encoding="utf-8")
    with pytest.raises(DataFileError, match="does not satisfy its own groups"):
        load_node_match(path)


def test_shipped_real_gold_has_match_groups_for_every_name() -> None:
    gold = load_match_gold(ANNOTATIONS / "relations")
    assert sum(len(lines) for lines in gold.values()) == 79
    assert all(line.source_match and line.target_match for lines in gold.values() for line in lines)
    assert not [line.anchor for lines in gold.values() for line in lines if SENTENCE_BREAK.search(line.anchor)]


@pytest.mark.parametrize(("letters_dir", "gold_dir"), [(letters, gold) for _, letters, gold in FICTIONAL_SETS])
def test_shipped_fictional_gold_checks(letters_dir: str, gold_dir: str) -> None:
    """The guidelines' checks: every anchor occurs exactly once in the letter's clean text and lies within
    one sentence (a claim never spans a full stop, so an anchor across one can never be matched), kinds agree
    with the relation, and each line's own names satisfy its match groups."""
    folder = CORPORA / gold_dir
    if not any(folder.glob("*.jsonl")):
        pytest.skip(f"no gold in {folder}")
    gold = load_match_gold(folder)
    assert len(gold) >= 8 and all(lines for lines in gold.values())
    for doc_id, lines in gold.items():
        path = CORPORA / letters_dir / f"{doc_id}.txt"
        clean = clean_document(read_document(path, path.read_bytes(), path.name))
        text = " ".join(" ".join(block.text.split()) for block in clean.blocks)
        for line in lines:
            assert text.count(line.anchor) == 1, (doc_id, line.anchor)
            assert not SENTENCE_BREAK.search(line.anchor), ("anchor crosses a sentence boundary", doc_id, line.anchor)
            assert (line.relation, line.target_kind) in {("leidt_tot", "risico"), ("raakt", "gemeentetaak")}
            assert line.source_kind in {"maatregel", "risico"}
            assert matches(line.source_match, [line.source]) and matches(line.target_match, [line.target]), line


def test_cue_usage_per_letter() -> None:
    cues = load_claim_cues()
    letters = {"a": [Passage("a#p1", None, "Dit leidt tot problemen.", 1)],
               "b": [Passage("b#p1", None, "Hierdoor stokt de doorstroom.", 1)]}
    usage = claim_cue_usage(cues, letters, background=["Daardoor stokt alles."])
    assert usage[("anaphoric", "hierdoor")] == {"b"}
    assert usage[("anaphoric", "daardoor")] == {"(background)"}
