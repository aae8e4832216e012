"""What the passage classifiers read of a passage, and the hand-written cue features: no scikit-learn,
so that inference (linear.py) loads without it."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.classify.cues import load_cues, shipped_request_cues, stance_cues, theme_counts
from pipeline.types import THEMES

CUE_GROUPS: tuple[str, ...] = ("request", "stance", "themes", "section")


@dataclass(frozen=True)
class PassageInput:
    """What the classifiers read of a passage."""

    text: str
    bullet: str | None = None
    section: str | None = None

    @property
    def full_text(self) -> str:
        """The text with its list glyph in front, as the training passages write it ("➢ Wij ...")."""
        if self.bullet and not self.text.startswith(self.bullet):
            return f"{self.bullet} {self.text}"
        return self.text


def cue_feature_names(groups: Sequence[str] = CUE_GROUPS) -> list[str]:
    names: list[str] = []
    if "request" in groups:
        names += ["req_vng", "req_addressed", "req_other", "req_verbs", "req_necessity", "req_deontic",
                  "req_vng_necessity", "req_bullet", "req_first_sentence", "req_rule", "req_vng_minus_other"]
    if "stance" in groups:
        names += ["st_kritisch", "st_steunend", "st_negated", "st_concessive", "st_rule_kritisch",
                  "st_rule_neutraal", "st_rule_steunend", "st_positive_words", "st_negative_words"]
    if "themes" in groups:
        names += [f"theme_{theme}" for theme in THEMES]
    if "section" in groups:
        names += [f"section_{theme}" for theme in THEMES]
    return names


def cue_row(item: PassageInput, groups: Sequence[str] = CUE_GROUPS) -> list[float]:
    """The raw cue counts of one passage, in the order of cue_feature_names(groups)."""
    return list(_cue_row(item, tuple(groups)))


@lru_cache(maxsize=16384)  # cross-validation transforms the same passages many times
def _cue_row(item: PassageInput, groups: tuple[str, ...]) -> tuple[float, ...]:
    cues = load_cues()
    text = item.full_text
    row: list[float] = []
    if "request" in groups:
        req = shipped_request_cues(item.text, item.bullet)  # shared with the request rule
        row += [req.vng_requests, req.addressed, req.other_requests, req.verbs, req.necessity, req.deontic,
                req.vng_necessity, float(req.request_bullet), float(req.first_sentence), float(req.rule),
                max(0, req.vng_requests + req.addressed - req.other_requests)]
    if "stance" in groups:
        st = stance_cues(text, cues)
        rule = st.rule
        row += [st.kritisch, st.steunend, st.negated_support, float(st.concessive_support),
                float(rule == "kritisch"), float(rule == "neutraal"), float(rule == "steunend"),
                st.positive_words, st.negative_words]
    if "themes" in groups:
        counts = theme_counts(text, cues)
        row += [counts[theme] for theme in THEMES]
    if "section" in groups:
        row += _section_counts(item.section or "")
    return tuple(float(value) for value in row)


@lru_cache(maxsize=1024)
def _section_counts(section: str) -> tuple[int, ...]:
    """Theme keyword counts of a section heading, in THEMES order: the passages of a section share it."""
    counts = theme_counts(section, load_cues())
    return tuple(counts[theme] for theme in THEMES)
