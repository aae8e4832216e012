"""Leave-one-letter-out estimate for the entity rules on the real letters.

The lexicons (organisations, laws, places, ministerial portfolios) were written by people who had
read the three real letters, so the in-sample score (1.00) says little about an unseen letter. For
each real letter L this module removes every lexicon surface form (a canonical name or an alias,
exactly as listed) that occurs in L and in neither of the other real letters - it would plausibly
not have been written without reading L - rebuilds the entity pipeline with those forms left out
(`build_nlp(without=...)`), and scores L with it.

What counts as "occurs": the form, case-insensitively, as a whole word anywhere in the letter's
extracted text (headings and footnotes included: a rule writer reads those too).

Only named-entity lexicon entries are left out. Shape rules (patterns/*.yaml), the JSONL token
patterns and the closed-class word lists (modifiers, qualifiers, title stop words ...) stay: they
were also written while reading the letters, so the estimate is still somewhat optimistic.

    result = run_lolo()
    print(render_lolo(result))
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.discovery import find_inputs
from pipeline.entities.data import gazetteer, lexicon
from pipeline.evaluate.entities import (
    ALL,
    EntityScores,
    Predicted,
    error_lines,
    load_gold,
    predict_entities,
    render_entity_scores,
    score_entities,
)
from pipeline.evaluate.letters import ANNOTATIONS, REAL_CORPUS
from pipeline.extract import read_document
from pipeline.nlp import build_nlp
from pipeline.types import ENTITY_LABELS

# Lexicon files whose entries are specific names, and how to list their surface forms.
NAME_LEXICONS: tuple[str, ...] = ("orgs.yaml", "places.yaml", "laws.yaml", "portfolios.yaml")


@dataclass(frozen=True)
class LoloResult:
    """Per real letter: the scores with its own-only lexicon forms left out, and those forms."""

    scores: EntityScores  # each letter scored by the pipeline built without its own-only forms
    in_sample: EntityScores  # the same letters scored by the full pipeline, for comparison
    dropped: dict[str, dict[str, tuple[str, ...]]]  # doc_id -> lexicon file -> forms left out
    errors: dict[str, tuple[str, ...]]  # doc_id -> error lines of the reduced run


def lexicon_surfaces() -> dict[str, tuple[str, ...]]:
    """Every surface form of the name lexicons, per file, as written (full lexicons)."""
    out: dict[str, tuple[str, ...]] = {}
    for name in NAME_LEXICONS:
        if name == "portfolios.yaml":
            table = lexicon(name).string_map("portfolios", value_kind=list)
            out[name] = tuple(dict.fromkeys(form for canonical, variants in table.items()
                                            for form in (canonical, *variants)))
        else:
            out[name] = tuple(dict.fromkeys(entry.surface for entry in gazetteer(name).entries))
    return out


def _occurs(surface: str, text: str) -> bool:
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(part) for part in surface.split()) + r"(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def letter_texts(corpus_dir: Path, doc_ids: Sequence[str]) -> dict[str, str]:
    """The extracted text (all lines) of each letter, for deciding where a form occurs."""
    texts: dict[str, str] = {}
    for item in find_inputs(corpus_dir)[0]:
        if item.doc_id in doc_ids:
            raw = read_document(item.path, item.path.read_bytes(), item.source)
            texts[item.doc_id] = "\n".join(line.text for line in raw.lines)
    return texts


def own_only_forms(texts: Mapping[str, str], surfaces: Mapping[str, Sequence[str]]
                   ) -> dict[str, dict[str, tuple[str, ...]]]:
    """doc_id -> lexicon file -> the forms that occur in that letter and in no other."""
    seen = {name: {form: {doc for doc, text in texts.items() if _occurs(form, text)} for form in forms}
            for name, forms in surfaces.items()}
    return {doc: {name: tuple(form for form, docs in table.items() if docs == {doc})
                  for name, table in seen.items()}
            for doc in texts}


def run_lolo(corpus_dir: Path | None = None, gold_dir: Path | None = None, model: str | None = None) -> LoloResult:
    """Score each real letter with the entity pipeline built without the forms only it contains."""
    corpus_dir = corpus_dir or REAL_CORPUS
    gold = load_gold(gold_dir or ANNOTATIONS / "entities")
    doc_ids = sorted(gold)
    texts = letter_texts(corpus_dir, doc_ids)
    dropped = own_only_forms(texts, lexicon_surfaces())
    full = predict_entities(corpus_dir, build_nlp(model), only=doc_ids)
    reduced: dict[str, Predicted] = {}
    for doc_id in doc_ids:
        nlp = build_nlp(model, without=dropped.get(doc_id, {}))
        reduced.update(predict_entities(corpus_dir, nlp, only=[doc_id]))
    errors = {doc_id: tuple(error_lines({doc_id: gold[doc_id]}, reduced)) for doc_id in doc_ids}
    return LoloResult(score_entities(gold, reduced), score_entities(gold, full),
                      {doc: {name: forms for name, forms in table.items() if forms} for doc, table in dropped.items()},
                      errors)


def summary_rows(result: LoloResult) -> list[tuple[str, str, float, float, int]]:
    """(doc_id, label, in-sample F1, leave-one-out F1, gold count) for every letter and label."""
    rows = []
    for doc_id in result.scores.letters:
        for label in (*ENTITY_LABELS, ALL):
            lolo = result.scores.spans[doc_id].get(label)
            full = result.in_sample.spans[doc_id].get(label)
            if lolo is None and full is None:
                continue
            either = lolo or full
            support = either.support if either else 0
            rows.append((doc_id, label, full.f1 if full else 0.0, lolo.f1 if lolo else 0.0, support))
    return rows


def render_lolo(result: LoloResult) -> str:
    """Leave-one-letter-out scores as text: tables, the forms left out and what went wrong."""
    out = ["Leave-one-letter-out (entity lexicons without the forms only the scored letter contains)", ""]
    out.append(render_entity_scores(result.scores).rstrip())
    out.append("")
    out.append("Strict-span F1, in-sample -> leave-one-out")
    for doc_id, label, full, lolo, support in summary_rows(result):
        if label == ALL or full != lolo:
            out.append(f"  {doc_id[:12]}  {label:<8} {full:.2f} -> {lolo:.2f}  ({support})")
    out.append("")
    out.append("Forms left out per letter")
    for doc_id, table in sorted(result.dropped.items()):
        forms = [f"{name}: {', '.join(items)}" for name, items in sorted(table.items())]
        out.append(f"  {doc_id[:12]}  " + ("; ".join(forms) if forms else "(none)"))
    out.append("")
    out.append("Errors of the leave-one-out runs")
    lines = [line for doc_id in sorted(result.errors) for line in result.errors[doc_id]]
    out.extend(f"  {line}" for line in lines) if lines else out.append("  (none)")
    return "\n".join(out) + "\n"


__all__ = [
    "NAME_LEXICONS",
    "LoloResult",
    "lexicon_surfaces",
    "own_only_forms",
    "render_lolo",
    "run_lolo",
    "summary_rows",
]
