"""Score extracted claims against the relation gold in corpora/annotations/relations/<doc_id>.jsonl.

`vng evaluate --part relations` (evaluate_relations) scores the open-vocabulary stage of issue 19 with
the lenient node match of pipeline.evaluate.claims, beside the closed-vocabulary stage (legacy.py) as
the baseline: the real letters in-sample and leave-one-letter-out, and the fictional letter sets of
FICTIONAL_SETS (corpora/heldout-relations, -2 ... -12: each scored blind first and tuned on since;
corpora/heldout-relations-13 and -14, the thirteenth and fourteenth blind sets). The functions below score the closed-vocabulary
stage by exact canonical names (its tests and the baseline's leave-one-letter-out use them).

Two views of the exact scoring, per letter and pooled over letters (micro: counts summed):

  triples   the set of distinct (source, relation, target) of a letter; nodes match by canonical
            name (case, curly apostrophes and spacing ignored)
  anchored  the same, and the claim's sentence must contain the gold anchor: gold units are the
            distinct (triple, anchor) pairs, predicted units the distinct (triple, sentence) pairs; a
            gold unit is found when a predicted unit has its triple and contains its anchor, and a
            predicted unit is spurious when it matches no gold unit

Leave-one-letter-out (LOLO) estimate for the rule lexicons: the risk, task and cue patterns and the
maatregel aliases were written while reading all annotated letters. For each held-out letter L, every
pattern whose matches over the annotated letters occur ONLY in L is dropped (it would not have
been written without seeing L), extraction is re-run on L with the reduced vocabulary, and L is
scored. This approximates "rules written looking at the other letters, scored on this one". It
does not undo choices in the code itself (which were also made looking at all letters), and it
drops generic patterns that happen to occur in one letter only: read it as a rough estimate.
The generic parts of the maatregel table (law-name patterns, actions such as "intrekking van") are
kept; cue markers (anaphors, expectation phrases) are ablated like cues.

Two softer rows keep a pattern that also matches a text written without the real letters: the
fictional examples and training passages; and, in the third row, also the letters of every fictional
relation set (their writers never saw the real letters). The cue classes added while tuning on those sets
survive there, the ones only a real letter motivated do not.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.datafiles import read_jsonl
from pipeline.errors import DataFileError
from pipeline.evaluate import claims as lenient
from pipeline.evaluate.entities import Counts
from pipeline.evaluate.letters import analyse_letters
from pipeline.letter import get_engine
from pipeline.relations import RELATION_BY_KINDS, Vocabulary, default_vocabulary
from pipeline.relations.legacy import extract_legacy_claims
from pipeline.types import Claim, LetterResult, Passage

KINDS = ("maatregel", "risico", "gemeentetaak")
FIELDS = ("source_kind", "source", "relation", "target_kind", "target", "anchor", "cue")
POOLED = "ALL"

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class GoldRelation:
    source_kind: str
    source: str
    relation: str
    target_kind: str
    target: str
    anchor: str
    cue: str
    line: int = 0  # in the gold file, for messages

    @property
    def triple(self) -> Triple:
        return (normalise_name(self.source), self.relation, normalise_name(self.target))


@dataclass(frozen=True)
class RelationScores:
    triples: dict[str, Counts]  # doc_id -> counts
    anchored: dict[str, Counts]
    missed: dict[str, tuple[Triple, ...]] = field(default_factory=dict)  # gold triples not predicted
    spurious: dict[str, tuple[Triple, ...]] = field(default_factory=dict)  # predicted triples not in the gold

    @property
    def letters(self) -> list[str]:
        return sorted(self.triples)

    def pooled(self, view: str = "triples") -> Counts:
        table: dict[str, Counts] = getattr(self, view)
        return sum(table.values(), Counts())


# ----------------------------------------------------------------------------- gold

def normalise_name(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'").replace("‘", "'")).strip().lower()


def normalise_text(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def load_gold_file(path: Path) -> list[GoldRelation]:
    """One letter's gold; DataFileError names the file and line of anything malformed."""
    out: list[GoldRelation] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for where, row in read_jsonl(path):
        number = int(where.rsplit(":", 1)[1])
        missing = [key for key in FIELDS if not isinstance(row.get(key), str) or not row[key].strip()]
        if missing:
            raise DataFileError(f"{where}: missing or empty {', '.join(missing)}")
        unknown = sorted(set(row) - set(FIELDS))
        if unknown:
            raise DataFileError(f"{where}: unknown field(s) {', '.join(unknown)} (expected {', '.join(FIELDS)})")
        for key in ("source_kind", "target_kind"):
            if row[key] not in KINDS:
                raise DataFileError(f"{where}: {key} {row[key]!r} is not one of {', '.join(KINDS)}")
        expected = RELATION_BY_KINDS.get((row["source_kind"], row["target_kind"]))
        if expected is None:
            raise DataFileError(f"{where}: no relation goes from a {row['source_kind']} to a {row['target_kind']}")
        if row["relation"] != expected:
            raise DataFileError(f"{where}: relation {row['relation']!r} between a {row['source_kind']} and a "
                                f"{row['target_kind']} must be {expected!r}")
        words = len(row["anchor"].split())
        if not 3 <= words <= 8:
            raise DataFileError(f"{where}: the anchor has {words} words; it must have 3 to 8")
        relation_key = (row["source"], row["relation"], row["target"], row["anchor"])
        if relation_key in seen:
            raise DataFileError(f"{where}: repeats the relation of line {seen[relation_key]}")
        seen[relation_key] = number
        out.append(GoldRelation(**{k: row[k] for k in FIELDS}, line=number))
    return out


def load_gold(folder: Path) -> dict[str, list[GoldRelation]]:
    """doc_id (file stem) -> gold relations, for every *.jsonl in folder."""
    if not folder.is_dir():
        raise DataFileError(f"{folder}: the relation gold folder does not exist")
    return {path.stem: load_gold_file(path) for path in sorted(folder.glob("*.jsonl"))}


# ----------------------------------------------------------------------------- scoring

def claim_triple(claim: Claim) -> Triple:
    return (normalise_name(claim.source), claim.relation, normalise_name(claim.target))


def score_relations(gold_by_letter: Mapping[str, Sequence[GoldRelation]],
                    claims_by_letter: Mapping[str, Sequence[Claim]]) -> RelationScores:
    """Per-letter scores for every letter of the gold (a letter without claims scores nothing found);
    claims of letters the gold does not cover are not scored."""
    triples: dict[str, Counts] = {}
    anchored: dict[str, Counts] = {}
    missed: dict[str, tuple[Triple, ...]] = {}
    spurious: dict[str, tuple[Triple, ...]] = {}
    for doc_id, gold in sorted(gold_by_letter.items()):
        claims = claims_by_letter.get(doc_id, ())
        gold_set = {g.triple for g in gold}
        predicted = {claim_triple(c) for c in claims}
        triples[doc_id] = Counts(len(gold_set & predicted), len(predicted - gold_set), len(gold_set - predicted))
        missed[doc_id] = tuple(sorted(gold_set - predicted))
        spurious[doc_id] = tuple(sorted(predicted - gold_set))
        gold_units = {(g.triple, normalise_text(g.anchor)) for g in gold}
        predicted_units = {(claim_triple(c), normalise_text(c.sentence)) for c in claims}
        found = {unit for unit in gold_units
                 if any(t == unit[0] and unit[1] in sentence for t, sentence in predicted_units)}
        matched = {unit for unit in predicted_units
                   if any(t == unit[0] and anchor in unit[1] for t, anchor in gold_units)}
        anchored[doc_id] = Counts(len(found), len(predicted_units - matched), len(gold_units - found))
    return RelationScores(triples, anchored, missed, spurious)


# ----------------------------------------------------------------------------- leave one letter out

# ("risico", name, pattern), ("gemeentetaak", name, pattern), ("maatregel", canonical, alias), ("cue", list, pattern)
Key = tuple[str, ...]


def _texts(passages: Sequence[Passage]) -> list[str]:
    sections = {p.section for p in passages if p.section}
    return [p.text for p in passages] + sorted(sections)


BACKGROUND = "(background)"


def vocabulary_usage(vocabulary: Vocabulary, letters: Mapping[str, Sequence[Passage]],
                     background: Sequence[str] = ()) -> dict[Key, set[str]]:
    """For each pattern of the vocabulary, the letters in whose text it matches (BACKGROUND when it
    also matches one of the background texts)."""
    usage: dict[Key, set[str]] = {}
    texts = {doc_id: _texts(passages) for doc_id, passages in letters.items()}
    if background:
        texts[BACKGROUND] = list(background)

    def record(key: Key, pattern: re.Pattern[str]) -> None:
        usage.setdefault(key, set()).update(doc_id for doc_id, items in texts.items()
                                            if any(pattern.search(text) for text in items))

    for lexicon in (vocabulary.risks, vocabulary.tasks):
        for entry in lexicon.entries:
            record((lexicon.kind, entry.name, entry.raw), entry.pattern)
    for alias in vocabulary.measures.aliases:
        record(("maatregel", alias.canonical, alias.regex.pattern), alias.regex)
    for item in vocabulary.cues.items:
        record(("cue", item.group, item.raw), item.regex)
    return usage


def ablated_vocabulary(vocabulary: Vocabulary, usage: Mapping[Key, set[str]], held_out: str,
                       ) -> tuple[Vocabulary, list[Key]]:
    """The vocabulary without the patterns that match in the held-out letter only, and those patterns."""
    dropped = sorted(key for key, letters in usage.items() if letters == {held_out})
    gone = set(dropped)
    measures = vocabulary.measures
    reduced = Vocabulary(
        measures=replace(measures, aliases=tuple(a for a in measures.aliases
                                                 if ("maatregel", a.canonical, a.regex.pattern) not in gone)),
        risks=vocabulary.risks.keep_patterns(lambda e: (vocabulary.risks.kind, e.name, e.raw) not in gone),
        tasks=vocabulary.tasks.keep_patterns(lambda e: (vocabulary.tasks.kind, e.name, e.raw) not in gone),
        cues=vocabulary.cues.keep_items(lambda i: ("cue", i.group, i.raw) not in gone),
    )
    return reduced, dropped


def sentences_of(passages: Sequence[Passage]) -> dict[str, Sequence[tuple[int, int]]]:
    return {p.id: p.sentences or ((0, len(p.text)),) for p in passages}


def legacy_lolo_claims(gold_by_letter: Mapping[str, Sequence[GoldRelation]], letters: Mapping[str, Sequence[Passage]],
                       vocabulary: Vocabulary | None = None, background: Sequence[str] = (),
                       ) -> tuple[dict[str, tuple[Claim, ...]], dict[str, list[Key]]]:
    """The closed-vocabulary claims of each gold letter with the patterns only it needed removed."""
    vocabulary = vocabulary or default_vocabulary()
    annotated = {doc_id: letters[doc_id] for doc_id in gold_by_letter if doc_id in letters}
    usage = vocabulary_usage(vocabulary, annotated, background)
    claims: dict[str, tuple[Claim, ...]] = {}
    dropped: dict[str, list[Key]] = {}
    for doc_id, passages in annotated.items():
        reduced, dropped[doc_id] = ablated_vocabulary(vocabulary, usage, doc_id)
        claims[doc_id] = extract_legacy_claims(doc_id, passages, sentences_of(passages), reduced)
    return claims, dropped


def leave_one_letter_out(gold_by_letter: Mapping[str, Sequence[GoldRelation]],
                         letters: Mapping[str, Sequence[Passage]], vocabulary: Vocabulary | None = None,
                         background: Sequence[str] = ()) -> tuple[RelationScores, dict[str, list[Key]]]:
    """Scores of each gold letter with the patterns only it needed removed, and the removed patterns
    (the closed-vocabulary stage, legacy.py).

    With `background` texts (letters that are not scored, e.g. the fictional examples), a pattern that
    also matches there is kept: it is attested outside the held-out letter."""
    claims, dropped = legacy_lolo_claims(gold_by_letter, letters, vocabulary, background)
    return score_relations(gold_by_letter, claims), dropped


# ----------------------------------------------------------------------------- report

def _row(label: str, counts: Counts) -> str:
    return (f"| {label} | {counts.tp} | {counts.tp + counts.fp} | {counts.tp + counts.fn} | "
            f"{counts.precision:.2f} | {counts.recall:.2f} | {counts.f1:.2f} |")


def render_relation_scores(scores: RelationScores, lolo: RelationScores | None = None,
                           dropped: Mapping[str, Sequence[Key]] | None = None, *, details: bool = True,
                           lolo_background: RelationScores | None = None) -> str:
    """Markdown-ish text: per letter and pooled, in-sample (triples, anchored) and LOLO."""
    header = "| letter | tp | predicted | gold | P | R | F1 |\n| --- | --- | --- | --- | --- | --- | --- |"
    views = [("in-sample, triples (source, relation, target)", scores, "triples"),
             ("in-sample, anchored (triple and the anchor in the claim's sentence)", scores, "anchored")]
    if lolo is not None:
        views.append(("leave-one-letter-out (patterns only the held-out letter matches removed), triples", lolo,
                      "triples"))
        views.append(("leave-one-letter-out, anchored", lolo, "anchored"))
    if lolo_background is not None:
        views.append(("leave-one-letter-out, patterns also attested in the fictional examples and training "
                      "passages kept, triples", lolo_background, "triples"))
    lines = ["## Relations"]
    for title, table, view in views:
        lines += ["", f"### {title}", "", header]
        counts: dict[str, Counts] = getattr(table, view)
        lines += [_row(doc_id, counts[doc_id]) for doc_id in sorted(counts)]
        lines.append(_row(f"**{POOLED}**", table.pooled(view)))
    if dropped:
        lines += ["", "Patterns removed per held-out letter: " +
                  ", ".join(f"{doc_id} {len(keys)}" for doc_id, keys in sorted(dropped.items()))]
    if details:
        for title, scored in (("in-sample", scores), ("leave-one-letter-out", lolo)):
            if scored is None:
                continue
            table = scored
            lines += ["", f"### Differences ({title})"]
            for doc_id in table.letters:
                for mark, items in (("missed", table.missed), ("spurious", table.spurious)):
                    lines += [f"- {doc_id} {mark}: {s} -[{r}]-> {t}" for s, r, t in items.get(doc_id, ())]
    return "\n".join(lines)


def background_texts(corpora: Path) -> list[str]:
    """The fictional example letters (.txt) and training passages of the repository, as plain texts."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((corpora / "examples").glob("*.txt"))]
    training = corpora / "training" / "passages.jsonl"
    if training.is_file():
        texts += [json.loads(line)["text"] for line in training.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    return texts


def fictional_set_texts(fictional_sets: Sequence[tuple[str, Path, Path]]) -> list[str]:
    """The letters of the fictional relation sets, as raw texts: a cue pattern that also matches one of them
    is attested in a letter written without the real ones (its writers never saw the real letters), so the
    third leave-one-letter-out row keeps it."""
    return [path.read_text(encoding="utf-8") for _, letters_dir, _ in fictional_sets if letters_dir.is_dir()
            for path in sorted(letters_dir.glob("*.txt"))]


# The fictional letter sets scored with the lenient match: (row group, letters, gold) under corpora/.
# Set 1 was scored blind once (FIRST_SCORE.md) and tuned on since; set 2 (session 25) was scored blind twice,
# then tuned on; set 3 (session 25) blind once, set 4 (session 26) blind twice, both tuned on in session 26;
# set 5 (session 26) blind twice, tuned on in session 27; set 6 (session 27) blind twice, tuned on in session 28;
# set 7 (session 28) blind twice, tuned on in session 29; set 8 (session 29) blind twice, tuned on in session 30;
# set 9 (session 30) blind twice, tuned on in session 31; set 10 (session 31) blind twice, tuned on in session 32;
# set 11 (session 32) blind twice, tuned on in session 33; set 12 (session 33) blind twice, tuned on in
# session 34; sets 13 and 14 (session 34) are blind.
FICTIONAL_SETS = (("fictional set 1 (hr01-hr10; blind at first, tuned on since)", "heldout-relations",
                   "annotations/heldout_relations"),
                  ("fictional set 2 (hr11-hr18; blind twice, tuned on since)", "heldout-relations-2",
                   "annotations/heldout_relations_2"),
                  ("fictional set 3 (hr19-hr26; blind once, tuned on since)", "heldout-relations-3",
                   "annotations/heldout_relations_3"),
                  ("fictional set 4 (hr27-hr34; blind twice, tuned on since)", "heldout-relations-4",
                   "annotations/heldout_relations_4"),
                  ("fictional set 5 (hr35-hr42; blind twice, tuned on since)", "heldout-relations-5",
                   "annotations/heldout_relations_5"),
                  ("fictional set 6 (hr43-hr50; blind twice, tuned on since)", "heldout-relations-6",
                   "annotations/heldout_relations_6"),
                  ("fictional set 7 (hr51-hr58; blind twice, tuned on since)", "heldout-relations-7",
                   "annotations/heldout_relations_7"),
                  ("fictional set 8 (hr59-hr66; blind twice, tuned on since)", "heldout-relations-8",
                   "annotations/heldout_relations_8"),
                  ("fictional set 9 (hr67-hr74; blind twice, tuned on since)", "heldout-relations-9",
                   "annotations/heldout_relations_9"),
                  ("fictional set 10 (hr75-hr82; blind twice, tuned on since)", "heldout-relations-10",
                   "annotations/heldout_relations_10"),
                  ("fictional set 11 (hr83-hr90; blind twice, tuned on since)", "heldout-relations-11",
                   "annotations/heldout_relations_11"),
                  ("fictional set 12 (hr91-hr98; blind twice, tuned on since)", "heldout-relations-12",
                   "annotations/heldout_relations_12"),
                  ("blind fictional set 13 (hr99-hr106)", "heldout-relations-13", "annotations/heldout_relations_13"),
                  ("blind fictional set 14 (hr107-hr114)", "heldout-relations-14", "annotations/heldout_relations_14"))


def evaluate_relations(corpus_dir: Path, gold_folder: Path, results: Mapping[str, LetterResult], *,
                       fictional_sets: Sequence[tuple[str, Path, Path]] | None = None, details: bool = True) -> str:
    """The relation section of `vng evaluate` (issue 19): per letter recall, precision and F1 of the
    open-vocabulary stage with the lenient node match (pipeline.evaluate.claims), today's
    closed-vocabulary stage beside it: the real letters in-sample and leave-one-letter-out, and the
    fictional letter sets (FICTIONAL_SETS: (group, letters folder, gold folder); default under corpora/)."""
    gold = load_gold(gold_folder)
    missing = sorted(set(gold) - set(results))
    if missing:
        raise DataFileError(f"{gold_folder}: gold for letter(s) {', '.join(missing)} that are not in {corpus_dir}")
    match_gold = lenient.load_match_gold(gold_folder)
    letters = {doc_id: results[doc_id].passages for doc_id in gold}
    nlp = get_engine().nlp
    new_lolo, dropped = lenient.open_lolo_claims(letters, nlp)
    old_lolo, old_dropped = legacy_lolo_claims(gold, letters)
    in_sample = {doc_id: results[doc_id].claims for doc_id in gold}
    corpora = gold_folder.resolve().parent.parent
    if fictional_sets is None:
        fictional_sets = [(group, corpora / letters_dir, corpora / gold_dir)
                          for group, letters_dir, gold_dir in FICTIONAL_SETS]
    examples = background_texts(corpora)
    new_soft, _ = lenient.open_lolo_claims(letters, nlp, background=examples)
    old_soft, _ = legacy_lolo_claims(gold, letters, background=examples)
    all_fictional = examples + fictional_set_texts(fictional_sets)
    new_any, _ = lenient.open_lolo_claims(letters, nlp, background=all_fictional)
    old_any, _ = legacy_lolo_claims(gold, letters, background=all_fictional)
    rows = [*lenient.rows_for("real, leave-one-letter-out", match_gold, new_lolo, old_lolo),
            *lenient.rows_for("real, LOLO, patterns attested in the fictional examples kept", match_gold, new_soft,
                              old_soft),
            *lenient.rows_for("real, LOLO, patterns attested in any fictional letter kept", match_gold, new_any,
                              old_any),
            *lenient.rows_for("real, in-sample", match_gold, in_sample, lenient.legacy_claims(letters))]
    scored: list[tuple[str, dict[str, list[lenient.MatchLine]], dict[str, tuple[Claim, ...]]]] = []
    absent: list[Path] = []
    for group, letters_dir, set_gold in fictional_sets:
        if not (letters_dir.is_dir() and any(letters_dir.glob("*.txt"))):
            absent.append(letters_dir)
            continue
        set_results = analyse_letters(letters_dir)
        set_match = lenient.load_match_gold(set_gold)
        unknown = sorted(set(set_match) - set(set_results))
        if unknown:
            raise DataFileError(f"{set_gold}: gold for letter(s) {', '.join(unknown)} not in {letters_dir}")
        claims = {doc_id: set_results[doc_id].claims for doc_id in set_match}
        set_letters = {doc_id: set_results[doc_id].passages for doc_id in set_match}
        rows += lenient.rows_for(group, set_match, claims, lenient.legacy_claims(set_letters))
        scored.append((group, set_match, claims))
    lines = ["## Relations (issue 19: open-vocabulary claims; baseline: the closed-vocabulary stage)", "",
             "Lenient node match (corpora/annotations/heldout_relations/README.md); predicted = claims not flagged "
             "negated, reported or hypothetical. Leave-one-letter-out: the cue patterns matching only the held-out "
             "letter removed (open stage, claim_cues.yaml) / the lexicon and cue patterns matching only it removed "
             "(baseline); the concept lexicons are seeds of the open stage and stay whole.", "",
             lenient.render_rows(rows), "",
             "Cue patterns removed per held-out letter: " + ", ".join(f"{d} {n}" for d, n in sorted(dropped.items()))
             + "; baseline patterns removed: " + ", ".join(f"{d} {len(k)}" for d, k in sorted(old_dropped.items()))]
    lines += [f"(no fictional letters in {folder})" for folder in absent]
    if details:
        lines += ["", "### Differences (open stage, real letters leave-one-letter-out)",
                  *lenient.differences(match_gold, new_lolo)]
        for group, set_match, claims in scored:
            lines += ["", f"### Differences (open stage, {group})", *lenient.differences(set_match, claims)]
    return "\n".join(lines)
