"""Change-point detection, diffs and request records on constructed letters."""
from __future__ import annotations

import pytest

from pipeline.positions import (
    CONFIDENT_AT,
    ChangePoint,
    StancePoint,
    diff_letter,
    is_confident,
    stance_points,
    track_positions,
)
from pipeline.requests import addressee, extract_requests
from pipeline.types import Claim, LetterResult, Passage, Request

SCORES = {"kritisch": {"kritisch": 0.8, "neutraal": 0.15, "steunend": 0.05},
          "neutraal": {"kritisch": 0.1, "neutraal": 0.8, "steunend": 0.1},
          "steunend": {"kritisch": 0.05, "neutraal": 0.15, "steunend": 0.8}}


def _letter(doc_id: str, date: str | None, stances: dict[str, str], claims: tuple[Claim, ...] = (),
            requests: tuple[Request, ...] = ()) -> LetterResult:
    passages = tuple(Passage(id=f"{doc_id}#p{i:03d}", section=None, text=f"Tekst over {target}.", page=None,
                             stance=stance, stance_scores=SCORES[stance], targets=(target,))  # type: ignore[arg-type]
                     for i, (target, stance) in enumerate(sorted(stances.items()), start=1))
    return LetterResult(doc_id=doc_id, source=f"{doc_id}.txt", sha256="0", date=date, date_source="explicit",
                        doc_type="kamerbrief", title=None, passages=passages, claims=claims, requests=requests)


def test_change_point_from_steunend_to_kritisch() -> None:
    letters = [_letter("b", "2025-03-01", {"paviljoens": "kritisch"}), _letter("a", "2024-05-01", {"paviljoens": "steunend"})]
    positions = track_positions(letters)
    assert [p.stance for p in positions.timelines["paviljoens"]] == ["steunend", "kritisch"]
    (change,) = positions.changes
    assert (change.before.doc_id, change.after.doc_id, change.before.stance, change.after.stance) == \
        ("a", "b", "steunend", "kritisch")


def _point(doc_id: str, stance: str, confidence: float) -> StancePoint:
    return StancePoint("x", doc_id, "2024-01-01", stance, confidence, {}, ())


@pytest.mark.parametrize(("before", "after", "confident"), [
    (0.8, 0.8, True), (CONFIDENT_AT, CONFIDENT_AT, True), (0.49, 0.9, False), (0.9, 0.38, False)])
def test_a_change_is_confident_when_both_sides_are(before: float, after: float, confident: bool) -> None:
    change = ChangePoint("x", _point("a", "steunend", before), _point("b", "kritisch", after))
    assert is_confident(change) is confident
    assert change.to_dict()["confident"] is confident


def test_no_change_and_single_appearance() -> None:
    letters = [_letter("a", "2024-01-01", {"x": "kritisch", "y": "neutraal"}),
               _letter("b", "2024-06-01", {"x": "kritisch"})]
    positions = track_positions(letters)
    assert positions.changes == ()
    assert len(positions.timelines["x"]) == 2 and len(positions.timelines["y"]) == 1


def test_undated_letters_stay_out_of_the_timeline() -> None:
    positions = track_positions([_letter("a", None, {"x": "kritisch"}), _letter("b", "2024-01-01", {"x": "steunend"})])
    assert positions.undated == ("a",) and [p.doc_id for p in positions.timelines["x"]] == ["b"]


def test_every_point_cites_existing_passages() -> None:
    letters = [_letter("a", "2024-01-01", {"x": "kritisch", "y": "steunend"}), _letter("b", "2024-02-01", {"x": "neutraal"})]
    known = {p.id for r in letters for p in r.passages}
    data = track_positions(letters).to_dict(letters)
    for target in data["targets"].values():  # type: ignore[union-attr]
        for point in target["timeline"]:
            assert set(point["passage_ids"]) <= known
        for change in target["change_points"]:
            assert {e["passage_id"] for e in change["evidence_before"] + change["evidence_after"]} <= known


def test_stance_point_averages_scores() -> None:
    letter = _letter("a", "2024-01-01", {"x": "kritisch"})
    (point,) = stance_points(letter)
    assert point.stance == "kritisch" and point.confidence == pytest.approx(0.8)
    assert sum(point.scores.values()) == pytest.approx(1.0)


def test_diff_new_repeated_no_longer() -> None:
    claim = Claim("maatregel", "verbod", "leidt_tot", "risico", "dakloosheid", "a", "a#p001", "Zin.", "leidt tot")
    other = Claim("maatregel", "verbod", "leidt_tot", "risico", "overlast", "b", "b#p001", "Zin.", "leidt tot")
    a = _letter("a", "2024-01-01", {"x": "steunend", "z": "neutraal"}, claims=(claim,))
    b = _letter("b", "2024-06-01", {"x": "kritisch", "y": "neutraal"}, claims=(claim, other))
    result = diff_letter([b, a], "b")
    assert result.earlier == ("a",)
    assert result.relations == {"new": ["verbod -[leidt_tot]-> overlast"], "repeated": ["verbod -[leidt_tot]-> dakloosheid"],
                                "no_longer": []}
    statuses = {row["target"]: row["status"] for row in result.stances}
    assert statuses == {"x": "changed", "y": "new", "z": "no_longer"}
    with pytest.raises(KeyError):
        diff_letter([a], "nope")


@pytest.mark.parametrize(
    ("sentence", "doc_type", "expected"),
    [
        ("Graag vragen wij u de minister te wijzen op deze knelpunten.", "kamerbrief", "Tweede Kamer"),
        ("De VNG vraagt het kabinet om structurele financiering.", "ledenbrief", "kabinet"),
        ("De VNG heeft de minister verzocht om tijdige communicatie.", "ledenbrief", "minister"),
        ("De VNG dringt er bij het ministerie op aan dat de status uitvoerbaar is.", "ledenbrief", "minister"),
        ("De VNG roept de Eerste Kamer op de wet niet aan te nemen.", "ledenbrief", "Eerste Kamer"),
        ("De VNG pleit voor meerjarige afspraken.", "ledenbrief", "kabinet"),
    ],
)
def test_addressee(sentence: str, doc_type: str, expected: str) -> None:
    assert addressee(sentence, doc_type) == expected


def test_request_records_take_the_request_sentence() -> None:
    text = "De financiering loopt af. Wij vragen u de minister om duidelijkheid te vragen."
    passage = Passage(id="a#p001", section=None, text=text, page=None, request=True, targets=("TGO",),
                      sentences=((0, 25), (26, len(text))))
    (record,) = extract_requests("a", "kamerbrief", [passage])
    assert record.sentence == "Wij vragen u de minister om duidelijkheid te vragen."
    assert record.addressee == "Tweede Kamer" and record.targets == ("TGO",)


def _scored_letter(doc_id: str, date: str, stance: str, lead: float) -> LetterResult:
    """A letter on measure x with the given stance, held with `lead` probability (the rest spread evenly)."""
    scores = {s: (lead if s == stance else (1 - lead) / 2) for s in SCORES}
    passage = Passage(id=f"{doc_id}#p001", section=None, text="Tekst over x.", page=None, stance=stance,
                      stance_scores=scores, targets=("x",))  # type: ignore[arg-type]
    return LetterResult(doc_id=doc_id, source=f"{doc_id}.txt", sha256="0", date=date, date_source="explicit",
                        doc_type="kamerbrief", title=None, passages=(passage,))


def test_equal_stances_make_no_change_point_whatever_their_confidence() -> None:
    letters = [_scored_letter(f"l{i}", f"2024-0{i}-01", "kritisch", lead)
               for i, lead in enumerate((0.4, 0.95, 0.6, 0.5), start=1)]
    positions = track_positions(letters)
    assert [p.stance for p in positions.timelines["x"]] == ["kritisch"] * 4
    assert positions.changes == ()


def test_a_series_changes_exactly_where_the_stance_does() -> None:
    stances = ("kritisch", "kritisch", "steunend", "steunend", "steunend", "neutraal")
    letters = [_scored_letter(f"l{i}", f"2024-0{i}-01", stance, 0.5 + i / 20) for i, stance in enumerate(stances, 1)]
    changes = track_positions(letters).changes
    assert [(c.before.doc_id, c.after.doc_id) for c in changes] == [("l2", "l3"), ("l5", "l6")]
