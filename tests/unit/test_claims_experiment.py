"""The learned-claims experiment (training/claims/): candidates, features and labels on invented,
hand-parsed sentences (no model needed)."""
from __future__ import annotations

from dataclasses import replace

import spacy
from spacy.tokens import Doc

from pipeline.evaluate.claims import MatchLine
from pipeline.relations.cues import load_claim_cues
from training.claims.candidates import CUE_FEATURES, Pair, dependency_path, label, sentence_pairs, spans_of
from training.claims.experiment import without_cues

VOCAB = spacy.blank("nl").vocab


def parsed(rows: list[tuple[str, str, str, str, int]]) -> Doc:
    """(word, lemma, pos, dep, head index) rows; the root points at itself."""
    return Doc(VOCAB, words=[r[0] for r in rows], lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
               deps=[r[3] for r in rows], heads=[r[4] for r in rows], spaces=[True] * (len(rows) - 1) + [False])


# an invented sentence: "De verkorting van de vergunning leidt tot een tekort aan woningen ."
LEIDT = [("De", "de", "DET", "det", 1), ("verkorting", "verkorting", "NOUN", "nsubj", 5),
         ("van", "van", "ADP", "case", 4), ("de", "de", "DET", "det", 4), ("vergunning", "vergunning", "NOUN", "nmod", 1),
         ("leidt", "leiden", "VERB", "ROOT", 5), ("tot", "tot", "ADP", "case", 8), ("een", "een", "DET", "det", 8),
         ("tekort", "tekort", "NOUN", "obl", 5), ("aan", "aan", "ADP", "case", 10),
         ("woningen", "woning", "NOUN", "nmod", 8), (".", ".", "PUNCT", "punct", 5)]
GOLD = MatchLine("maatregel", "verkorting vergunning", "leidt_tot", "risico", "tekort aan woningen",
                 "leidt tot een tekort", (("verkort",), ("vergunning",)), (("tekort",), ("woning",)))


def _pair(pairs: list[Pair], source_head: str, target_head: str) -> list[Pair]:
    return [p for p in pairs if not p.cross and p.source_head == source_head and p.target_head == target_head]


def test_candidate_phrases_are_nouns_with_their_complements_not_their_clauses() -> None:
    doc = parsed(LEIDT)
    spans = {s.head: s.text for s in spans_of(doc) if not s.clause}
    assert spans == {1: "De verkorting van de vergunning", 4: "van de vergunning", 8: "tot een tekort aan woningen",
                     10: "aan woningen"}
    # the verb with its clause is a candidate too (a nominalised clause), without the final punctuation
    assert [(s.head, s.text) for s in spans_of(doc) if s.clause] == [
        (5, "De verkorting van de vergunning leidt tot een tekort aan woningen")]


def test_dependency_path_runs_up_to_the_verb_and_down() -> None:
    doc = parsed(LEIDT)
    path, top = dependency_path(doc[1], doc[8])
    assert path == "nsubj^ obl_"
    assert top.lemma_ == "leiden"
    path, top = dependency_path(doc[4], doc[1])
    assert (path, top.i) == ("nmod^", 1)


def test_pair_features_name_path_order_kinds_and_the_cue() -> None:
    doc = parsed(LEIDT)
    pairs = sentence_pairs("x", "p1", doc, 0, load_claim_cues())
    forward = _pair(pairs, "verkorting", "tekort")
    assert len(forward) == 1
    f = forward[0].features
    assert f["path"] == "nsubj^ obl_" and f["top"] == "leiden" and f["order"] == "ab"
    assert f["between=leiden"] == 1.0 and f["cue_between"] == 1.0 and str(f["cue_dir"]).startswith("forward")
    assert f["kind_b"] == "risico" and forward[0].claim.relation == "leidt_tot"
    backward = _pair(pairs, "tekort", "verkorting")[0].features
    assert backward["order"] == "ba" and backward["cue_dir"] == "forward:ba"  # the cue between, the wrong way round
    # nested phrases (the noun inside the other's complement) make no pair
    assert not _pair(pairs, "verkorting", "vergunning")
    assert not set(CUE_FEATURES) & set(without_cues(f))


def test_labels_follow_the_lenient_match() -> None:
    pairs = sentence_pairs("x", "p1", parsed(LEIDT), 0, load_claim_cues())
    positive = [p for p in pairs if label(p, [GOLD])]
    assert [(p.source_head, p.target_head) for p in positive] == [("verkorting", "tekort")]
    # the anchor must be in the sentence
    elsewhere = replace(GOLD, anchor="een andere zin hier")
    assert not any(label(p, [elsewhere]) for p in pairs)


def test_negation_marker_and_cross_sentence_pairs_after_an_anaphor() -> None:
    previous = parsed([("De", "de", "DET", "det", 1), ("sluiting", "sluiting", "NOUN", "nsubj", 4),
                       ("van", "van", "ADP", "case", 3), ("opvang", "opvang", "NOUN", "nmod", 1),
                       ("dreigt", "dreigen", "VERB", "ROOT", 4), (".", ".", "PUNCT", "punct", 4)])
    current = parsed([("Hierdoor", "hierdoor", "ADV", "advmod", 1), ("ontstaat", "ontstaan", "VERB", "ROOT", 1),
                      ("geen", "geen", "DET", "det", 3), ("dakloosheid", "dakloosheid", "NOUN", "nsubj", 1),
                      (".", ".", "PUNCT", "punct", 1)])
    pairs = sentence_pairs("x", "p2", current, 1, load_claim_cues(), previous)
    cross = [p for p in pairs if p.cross]
    assert {(p.source_head, p.target_head) for p in cross} == {
        (cause, effect) for cause in ("sluiting", "opvang", "dreigt") for effect in ("dakloosheid", "ontstaat")}
    assert all(p.features["cross"] == 1.0 and p.features["anaphor"] == "hierdoor" for p in cross)
    assert all(p.claim.sentence == current.text for p in cross)
    without = sentence_pairs("x", "p2", current, 1, load_claim_cues(), None)
    assert not any(p.cross for p in without)
