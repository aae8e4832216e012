"""Does a learned claim model over the parse generalise to unseen letters better than the rules? (issue 19)

    python -m training.claims.experiment              # cross-validation; writes results.json, cost.json
    python -m training.claims.experiment --blind-letters DIR --blind-gold DIR
                                                      # trained on everything here, scored once on DIR

Data: the three real letters with gold (corpora/annotations/relations/, letters in shared/corpora/vng/)
and the fictional sets 1-5 (corpora/heldout-relations*/). Each letter is analysed by the pipeline
(`letter_result`: passages, sentences, the rule stage's claims); every non-request sentence is parsed
with the shipped Dutch model; candidates, features and labels come from candidates.py.

Protocol: GroupKFold by letter (5 folds, no letter in train and test), out-of-fold probabilities,
scored per letter with the repository's lenient scorer (`score_lenient`), summed per group and pooled;
also leave-one-set-out (each set, and the real letters, held out whole: a new writer's letters). The
rule stage is scored as it is: in-sample (its cues were tuned on these letters), and for the real
letters also leave-one-letter-out (`open_lolo_claims`). Combinations: union (rule claims plus model
claims at p >= high) and veto (rule claims the model scores below low are dropped).

The analysis (slow) is cached under outputs/claims_experiment/ (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import pickle
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from spacy.tokens import Doc, DocBin

from pipeline.evaluate import claims as lenient
from pipeline.evaluate.claims import Lenient, MatchLine, fold, predictions, score_lenient
from pipeline.evaluate.letters import ANNOTATIONS, REAL_CORPUS, analyse_letters
from pipeline.evaluate.relations import FICTIONAL_SETS
from pipeline.letter import get_engine
from pipeline.paths import corpora_dir
from pipeline.relations.claims import claim_sentences as rule_sentences
from pipeline.relations.cues import load_claim_cues
from pipeline.statistical import annotate, parse_components
from pipeline.types import Claim, Passage
from training.claims.candidates import CUE_FEATURES, Pair, label, sentence_pairs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CACHE = ROOT / "outputs" / "claims_experiment"
RESULTS = HERE / "results.json"
COST = HERE / "cost.json"
TABLE = HERE / "results.md"
SEED = 0
FOLDS = 5
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
HIGH = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
LOW = (0.02, 0.05, 0.1, 0.2)
C = 0.5


def groups() -> list[tuple[str, Path, Path]]:
    """The real letters and the fictional sets already tuned on (vng evaluate's list; the blind ones are
    left for --blind-letters)."""
    corpora = corpora_dir()
    return [("real", REAL_CORPUS, ANNOTATIONS / "relations"),
            *((f"set{n}", corpora / letters, corpora / gold)
              for n, (label, letters, gold) in enumerate(FICTIONAL_SETS, 1) if not label.startswith("blind"))]


@dataclass
class Letter:
    group: str
    doc_id: str
    passages: tuple[Passage, ...]
    rules: tuple[Claim, ...]
    gold: list[MatchLine]
    words: int


@dataclass
class Parsed:
    """The letter's sentences (passage id, section, text, request) and the docs of the non-request ones."""

    items: list[tuple[str, str | None, str, bool]]
    docs: dict[int, Doc]


def _sentence_items(passages: Sequence[Passage]) -> list[tuple[str, str | None, str, bool]]:
    cues = load_claim_cues()
    spans = {p.id: p.sentences or ((0, len(p.text)),) for p in passages}
    return [(s.passage.id, s.passage.section, s.text, s.request) for s in rule_sentences(passages, spans, cues)]


def analyse(letters_dir: Path, gold_dir: Path, group: str) -> list[Letter]:
    gold = lenient.load_match_gold(gold_dir)
    results = analyse_letters(letters_dir)
    missing = sorted(set(gold) - set(results))
    if missing:
        raise SystemExit(f"{gold_dir}: gold for letters not found in {letters_dir}: {', '.join(missing)}")
    return [Letter(group, doc_id, result.passages, result.claims, gold[doc_id],
                   sum(len(p.text.split()) for p in result.passages))
            for doc_id, result in results.items() if doc_id in gold]


def parse(letters: Sequence[Letter]) -> tuple[dict[str, Parsed], dict[str, float]]:
    """Parse every non-request sentence; the cost beside the rule stage's (the sentences it parses)."""
    nlp = get_engine().nlp
    cues = load_claim_cues()
    out: dict[str, Parsed] = {}
    texts: list[str] = []
    rule_texts: list[str] = []
    where: list[tuple[str, int]] = []
    for letter in letters:
        spans = {p.id: p.sentences or ((0, len(p.text)),) for p in letter.passages}
        chosen = rule_sentences(letter.passages, spans, cues)
        rule_texts += [s.text for s in chosen if s.parse]
        items = [(s.passage.id, s.passage.section, s.text, s.request) for s in chosen]
        out[letter.doc_id] = Parsed(items, {})
        for n, item in enumerate(items):
            if not item[3]:
                texts.append(item[2])
                where.append((letter.doc_id, n))
    components = parse_components(nlp)
    started = time.process_time()
    docs = annotate(nlp, texts, only=components)
    all_cpu = time.process_time() - started
    started = time.process_time()
    annotate(nlp, rule_texts, only=components)
    rule_cpu = time.process_time() - started
    for (doc_id, n), doc in zip(where, docs, strict=True):
        out[doc_id].docs[n] = doc
    words = sum(letter.words for letter in letters)
    cost = {"words": words, "sentences_parsed_model": len(texts), "sentences_parsed_rules": len(rule_texts),
            "cpu_s_model": round(all_cpu, 1), "cpu_s_rules_sentences": round(rule_cpu, 1),
            "sentences_per_1000_words_model": round(1000 * len(texts) / words, 1),
            "sentences_per_1000_words_rules": round(1000 * len(rule_texts) / words, 1),
            "cpu_s_per_1000_words_model": round(1000 * all_cpu / words, 2),
            "cpu_s_per_1000_words_rules_sentences": round(1000 * rule_cpu / words, 2)}
    return out, cost


def load_all(refresh: bool = False) -> tuple[list[Letter], dict[str, Parsed], dict[str, float], dict[str, tuple[Claim, ...]]]:
    """Every letter analysed and parsed, from the cache when there is one."""
    CACHE.mkdir(parents=True, exist_ok=True)
    meta, docs_file = CACHE / "letters.pickle", CACHE / "docs.spacy"
    nlp = get_engine().nlp
    if meta.is_file() and docs_file.is_file() and not refresh:
        with meta.open("rb") as f:
            letters, items, counts, cost, lolo = pickle.load(f)  # noqa: S301 - our own cache
        docs = list(DocBin().from_bytes(docs_file.read_bytes()).get_docs(nlp.vocab))
    else:
        letters = [letter for group, letters_dir, gold_dir in groups() for letter in analyse(letters_dir, gold_dir, group)]
        parsed, cost = parse(letters)
        real = {x.doc_id: x.passages for x in letters if x.group == "real"}
        lolo, _ = lenient.open_lolo_claims(real, nlp)
        items = {doc_id: p.items for doc_id, p in parsed.items()}
        counts = {doc_id: sorted(p.docs) for doc_id, p in parsed.items()}
        docs = [p.docs[n] for doc_id in counts for n in counts[doc_id] for p in [parsed[doc_id]]]
        bin_ = DocBin(attrs=["ORTH", "LEMMA", "POS", "TAG", "MORPH", "DEP", "HEAD", "SENT_START"])
        for doc in docs:
            bin_.add(doc)
        docs_file.write_bytes(bin_.to_bytes())
        with meta.open("wb") as f:
            pickle.dump((letters, items, counts, cost, lolo), f)
    it = iter(docs)
    parsed_out = {doc_id: Parsed(items[doc_id], {n: next(it) for n in counts[doc_id]}) for doc_id in counts}
    return letters, parsed_out, cost, lolo


# ----------------------------------------------------------------------------- pairs

def letter_pairs(letter: Letter, parsed: Parsed) -> list[Pair]:
    cues = load_claim_cues()
    out: list[Pair] = []
    for n, (passage_id, section, _text, request) in enumerate(parsed.items):
        if request or n not in parsed.docs:
            continue
        previous = parsed.docs.get(n - 1) if n and parsed.items[n - 1][1] == section else None
        out += sentence_pairs(letter.doc_id, passage_id, parsed.docs[n], n, cues, previous)
    return out


def without_cues(features: Mapping[str, float | str]) -> dict[str, float | str]:
    return {k: v for k, v in features.items() if k not in CUE_FEATURES}


def _matrix(vectorizer: DictVectorizer, rows: list[dict[str, float | str]], train: bool) -> csr_matrix:
    """The rows as a CSR matrix with 32-bit indexes (liblinear accepts no others)."""
    x = csr_matrix(vectorizer.fit_transform(rows) if train else vectorizer.transform(rows))
    x.indices = x.indices.astype(np.int32)
    x.indptr = x.indptr.astype(np.int32)
    return x


def fit(pairs: Sequence[Pair], labels: Sequence[int], use_cue: bool = True) -> tuple[DictVectorizer, LogisticRegression]:
    vectorizer = DictVectorizer()
    x = _matrix(vectorizer, [dict(p.features) if use_cue else without_cues(p.features) for p in pairs], True)
    model = LogisticRegression(C=C, max_iter=5000, solver="liblinear", random_state=SEED)
    model.fit(x, np.asarray(labels))
    return vectorizer, model


def predict(vectorizer: DictVectorizer, model: LogisticRegression, pairs: Sequence[Pair], use_cue: bool = True) -> np.ndarray:
    if not pairs:
        return np.zeros(0)
    x = _matrix(vectorizer, [dict(p.features) if use_cue else without_cues(p.features) for p in pairs], False)
    return model.predict_proba(x)[:, 1]


def out_of_fold(pairs: Sequence[Pair], labels: Sequence[int], split: Sequence[str], folds: int | None,
                use_cue: bool = True) -> np.ndarray:
    """Probabilities of each pair from a model that never saw its letter (GroupKFold on `split`), or,
    with folds None, never saw its group (one fold per distinct value of `split`)."""
    keys = np.asarray(split)
    n = folds or len(set(split))
    probs = np.zeros(len(pairs))
    y = np.asarray(labels)
    for train, test in GroupKFold(n_splits=n).split(np.zeros(len(pairs)), y, keys):
        vectorizer, model = fit([pairs[i] for i in train], y[train].tolist(), use_cue)
        probs[test] = predict(vectorizer, model, [pairs[i] for i in test], use_cue)
    return probs


# ----------------------------------------------------------------------------- decoding and scoring

def model_claims(pairs: Sequence[Pair], probs: np.ndarray, threshold: float) -> dict[str, list[Claim]]:
    """Per letter, the pairs at or above the threshold; of the readings of one pair (two relations),
    the likelier."""
    best: dict[tuple[str, int, bool, str, str], tuple[float, Claim]] = {}
    for pair, p in zip(pairs, probs, strict=True):
        if p < threshold:
            continue
        key = (pair.doc_id, pair.index, pair.cross, pair.claim.source_text, pair.claim.target_text)
        if key not in best or p > best[key][0]:
            best[key] = (float(p), pair.claim)
    out: dict[str, list[Claim]] = defaultdict(list)
    for (doc_id, *_), (_, claim) in sorted(best.items(), key=lambda kv: kv[0]):
        out[doc_id].append(claim)
    return out


def model_claims_nms(pairs: Sequence[Pair], probs: np.ndarray, threshold: float) -> dict[str, list[Claim]]:
    """As model_claims, but within a sentence a pair whose cause overlaps the cause and whose effect
    overlaps the effect of a likelier chosen pair is dropped (one claim per cause/effect region)."""
    chosen: dict[tuple[str, int], list[Pair]] = defaultdict(list)
    order = sorted((i for i in range(len(pairs)) if probs[i] >= threshold), key=lambda i: (-probs[i], i))
    for i in order:
        pair = pairs[i]
        kept = chosen[(pair.doc_id, pair.index)]
        if any(k.cross == pair.cross and set(k.source_tokens) & set(pair.source_tokens)
               and set(k.target_tokens) & set(pair.target_tokens) for k in kept):
            continue
        kept.append(pair)
    out: dict[str, list[Claim]] = defaultdict(list)
    for (doc_id, _), kept in sorted(chosen.items()):
        out[doc_id] += [k.claim for k in kept]
    return out


def rule_scores(pairs: Sequence[Pair], probs: np.ndarray, rules: Mapping[str, Sequence[Claim]]) -> dict[int, float]:
    """The model's probability of each rule claim (by id()): the likeliest pair of the same sentence whose
    cause head and effect head are words of the rule claim's cause and effect; absent when none is."""
    by_sentence: dict[tuple[str, str], list[tuple[Pair, float]]] = defaultdict(list)
    for pair, p in zip(pairs, probs, strict=True):
        by_sentence[(pair.doc_id, fold(pair.sentence))].append((pair, float(p)))
    out: dict[int, float] = {}
    for doc_id, claims in rules.items():
        for claim in claims:
            source = set(fold(claim.source_text or claim.source).split())
            target = set(fold(claim.target_text or claim.target).split())
            found = [p for pair, p in by_sentence.get((doc_id, fold(claim.sentence)), [])
                     if pair.source_head in source and pair.target_head in target
                     and pair.claim.relation == claim.relation]
            if found:
                out[id(claim)] = max(found)
    return out


def per_letter(letters: Sequence[Letter], claims: Mapping[str, Sequence[Claim]]) -> dict[str, str]:
    """Per letter: "found/gold R / P"."""
    out: dict[str, str] = {}
    for letter in letters:
        s = score_lenient(letter.gold, claims.get(letter.doc_id, ()))
        out[letter.doc_id] = f"{s.found}/{s.gold} R {s.recall:.2f} / P {s.precision:.2f} ({s.predicted} predicted)"
    return out


def score(letters: Sequence[Letter], claims: Mapping[str, Sequence[Claim]]) -> dict[str, dict[str, object]]:
    """Per group and pooled: lenient counts, recall, precision, F1."""
    sums: dict[str, Lenient] = defaultdict(Lenient)
    for letter in letters:
        s = score_lenient(letter.gold, claims.get(letter.doc_id, ()))
        sums[letter.group] = sums[letter.group] + s
        sums["pooled"] = sums["pooled"] + s
        if letter.group != "real":
            sums["fictional"] = sums["fictional"] + s
    out: dict[str, dict[str, object]] = {}
    for group, s in sums.items():
        out[group] = {"gold": s.gold, "found": s.found, "predicted": s.predicted, "correct": s.correct,
                      "R": round(s.recall, 3), "P": round(s.precision, 3), "F1": round(s.f1, 3)}
    return out


def combine(rules: Mapping[str, Sequence[Claim]], model: Mapping[str, Sequence[Claim]], rule_p: Mapping[int, float],
            low: float | None, high: float | None) -> dict[str, list[Claim]]:
    """Rule claims (less those the model scores below `low`) plus model claims (already at `high`)."""
    out: dict[str, list[Claim]] = {}
    for doc_id in set(rules) | set(model):
        kept = [c for c in predictions(rules.get(doc_id, ())) if low is None or rule_p.get(id(c), 1.0) >= low]
        out[doc_id] = kept + (list(model.get(doc_id, ())) if high is not None else [])
    return out


def experiment() -> dict[str, object]:
    letters, parsed, cost, lolo = load_all()
    pairs: list[Pair] = []
    started = time.process_time()
    for letter in letters:
        pairs += letter_pairs(letter, parsed[letter.doc_id])
    spent = time.process_time() - started
    cost = {**cost, "cpu_s_pairs_and_features": round(spent, 1),
            "cpu_s_per_1000_words_pairs_and_features": round(1000 * spent / cost["words"], 2)}
    gold = {letter.doc_id: letter.gold for letter in letters}
    group_of = {letter.doc_id: letter.group for letter in letters}
    labels = [int(label(p, gold[p.doc_id])) for p in pairs]
    rules = {letter.doc_id: letter.rules for letter in letters}
    table: dict[str, object] = {}
    table["rules (in-sample)"] = score(letters, {d: predictions(c) for d, c in rules.items()})
    letters_table: dict[str, dict[str, str]] = {
        "rules (in-sample)": per_letter(letters, {d: predictions(c) for d, c in rules.items()})}
    real = [x for x in letters if x.group == "real"]
    table["rules, real letters leave-one-letter-out"] = score(real, {d: predictions(c) for d, c in lolo.items()})
    # how many gold lines any candidate can reach (the model's recall ceiling)
    reach = {d: [p.claim for p, y in zip(pairs, labels, strict=True) if y and p.doc_id == d] for d in gold}
    table["candidate ceiling (every positive pair)"] = score(letters, reach)
    protocols = {"GroupKFold by letter": ([p.doc_id for p in pairs], FOLDS),
                 "leave one set out": ([group_of[p.doc_id] for p in pairs], None)}
    for name, (split, folds) in protocols.items():
        for use_cue in (True, False):
            probs = out_of_fold(pairs, labels, split, folds, use_cue)
            tag = f"[{name}{'' if use_cue else ', no cue feature'}]"
            for t in THRESHOLDS:
                table[f"model p>={t} {tag}"] = score(letters, model_claims(pairs, probs, t))
            if not use_cue:
                continue
            for t in THRESHOLDS:
                table[f"model p>={t}, one claim per cause/effect region {tag}"] = score(
                    letters, model_claims_nms(pairs, probs, t))
            # the rule stage's parse budget: only sentences where a cue of the lexicon matches
            cued = np.asarray([1.0 if p.features.get("cue_sentence") else 0.0 for p in pairs])
            for t in THRESHOLDS[1:5]:
                table[f"model p>={t}, one claim per region, cue sentences only {tag}"] = score(
                    letters, model_claims_nms(pairs, probs * cued, t))
            letters_table[f"model p>=0.15, one claim per cause/effect region {tag}"] = per_letter(
                letters, model_claims_nms(pairs, probs, 0.15))
            rule_p = rule_scores(pairs, probs, rules)
            for high in HIGH:
                table[f"rules + model p>={high} {tag}"] = score(letters, combine(rules, model_claims(pairs, probs, high),
                                                                                rule_p, None, high))
            for low in LOW:
                table[f"rules, veto model p<{low} {tag}"] = score(letters, combine(rules, {}, rule_p, low, None))
                for high in HIGH[1:4]:
                    table[f"rules, veto p<{low} + model p>={high} {tag}"] = score(
                        letters, combine(rules, model_claims(pairs, probs, high), rule_p, low, high))
    summary = {"letters": {g: sum(1 for x in letters if x.group == g) for g in dict.fromkeys(group_of.values())},
               "gold_lines": sum(len(x.gold) for x in letters), "pairs": len(pairs), "positive_pairs": sum(labels),
               "folds": FOLDS, "C": C, "seed": SEED}
    return {"summary": summary, "table": table, "per_letter": letters_table, "_cost": cost}


# ----------------------------------------------------------------------------- blind

def blind(letters_dir: Path, gold_dir: Path, threshold: float, high: float, low: float) -> str:
    letters, parsed, _, _ = load_all()
    pairs: list[Pair] = []
    for letter in letters:
        pairs += letter_pairs(letter, parsed[letter.doc_id])
    labels = _labels(letters, pairs)
    vectorizer, model = fit(pairs, labels)
    new = analyse(letters_dir, gold_dir, "blind")
    new_parsed, cost = parse(new)
    started = time.process_time()
    new_pairs = [pair for letter in new for pair in letter_pairs(letter, new_parsed[letter.doc_id])]
    probs = predict(vectorizer, model, new_pairs)
    spent = time.process_time() - started
    cost = {**cost, "cpu_s_pairs_features_and_scoring": round(spent, 1),
            "cpu_s_per_1000_words_pairs_features_and_scoring": round(1000 * spent / cost["words"], 2)}
    rules = {letter.doc_id: letter.rules for letter in new}
    rule_p = rule_scores(new_pairs, probs, rules)
    configs = {"rules (as shipped)": {d: predictions(c) for d, c in rules.items()},
               f"model p>={threshold}, one claim per region": model_claims_nms(new_pairs, probs, threshold),
               f"rules + model p>={high}": combine(rules, model_claims(new_pairs, probs, high), rule_p, None, high),
               f"rules, veto p<{low} + model p>={high}": combine(rules, model_claims(new_pairs, probs, high), rule_p,
                                                                 low, high)}
    lines = ["| configuration | letter | gold | found | predicted | correct | R | P |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, claims in configs.items():
        total = Lenient()
        for letter in new:
            s = score_lenient(letter.gold, claims.get(letter.doc_id, ()))
            total = total + s
            lines.append(f"| {name} | {letter.doc_id} | {s.gold} | {s.found} | {s.predicted} | {s.correct} | "
                         f"{s.recall:.2f} | {s.precision:.2f} |")
        lines.append(f"| {name} | **ALL** | {total.gold} | {total.found} | {total.predicted} | {total.correct} | "
                     f"{total.recall:.2f} | {total.precision:.2f} |")
    lines.append(f"\nparse cost: {json.dumps(cost, sort_keys=True)}")
    return "\n".join(lines)


def _labels(letters: Sequence[Letter], pairs: Sequence[Pair]) -> list[int]:
    gold = {letter.doc_id: letter.gold for letter in letters}
    return [int(label(p, gold[p.doc_id])) for p in pairs]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--blind-letters", type=Path)
    parser.add_argument("--blind-gold", type=Path)
    # defaults: the best pooled F1 of the model alone in cross-validation (0.15, one claim per region); a
    # union that adds recall at a precision still above 0.60 (0.5); the mildest veto (0.02)
    parser.add_argument("--threshold", type=float, default=0.15, help="model alone")
    parser.add_argument("--high", type=float, default=0.5, help="union: model claims added at p >= high")
    parser.add_argument("--low", type=float, default=0.02, help="veto: rule claims dropped at p < low")
    args = parser.parse_args(argv)
    if args.blind_letters or args.blind_gold:
        if not (args.blind_letters and args.blind_gold):
            parser.error("--blind-letters and --blind-gold go together")
        print(blind(args.blind_letters, args.blind_gold, args.threshold, args.high, args.low))
        return
    result = experiment()
    cost = result.pop("_cost")
    RESULTS.write_text(json.dumps(result, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    COST.write_text(json.dumps(cost, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    markdown = render(result)
    TABLE.write_text(markdown + "\n", encoding="utf-8")
    print(markdown)
    print(json.dumps(cost, sort_keys=True))


def render(result: Mapping[str, object]) -> str:
    """results.json as one markdown table: recall / precision per group, pooled, and pooled F1."""
    table = result["table"]
    if not isinstance(table, dict):
        raise TypeError("results: 'table' must be a mapping")
    columns = ("real", "set1", "set2", "set3", "set4", "set5", "fictional", "pooled")
    lines = ["| configuration | " + " | ".join(columns) + " | pooled F1 |",
             "| --- |" + " --- |" * (len(columns) + 1)]
    for name, rows in table.items():
        cells = [f"{rows[g]['R']:.2f} / {rows[g]['P']:.2f}" if g in rows else "" for g in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {rows['pooled']['F1']:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
