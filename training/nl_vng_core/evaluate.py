"""Score a spaCy pipeline per UD Dutch test file and on the in-domain gold.

    python -m training.nl_vng_core.evaluate MODEL [--data DIR] [--gold DIR] [--lemmatizer rule|lookup]
    python -m training.nl_vng_core.evaluate MODEL --dev-slice [--corpus DIR]


UD test files (current release, gold tokenisation): POS, TAG, MORPH, LEMMA (compound "_" removed from
the gold, as the model is trained; LEMMA_UD against the gold as written), UAS, LAS. spaCy's own
scorer (Language.evaluate).
In-domain gold (corpora/annotations/dutch_gold/*.conllu, blank-"nl" tokens): UPOS and lemma accuracy,
noun-chunk precision/recall/F1 (exact token spans of doc.noun_chunks against `# noun_chunks`).
--dev-slice: the same UD scores on the model-selection slice prepare.py holds out (corpus/dev.spacy), per
treebank: what variants are chosen on (never the test files).
Independent of the vng pipeline.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

from training.nl_vng_core.conllu import read_conllu, strip_compounds, text_key, to_doc
from training.nl_vng_core.prepare import DEFAULT_DATA, REPO, TREEBANKS, UD

DEFAULT_GOLD = REPO / "corpora" / "annotations" / "dutch_gold"
RULE_LEMMATIZER = "lemmatizer"
UNSEEN_SOURCES = frozenset({"corpora/heldout-names", "tests/data/shapes"})


def with_rule_lemmatizer(nlp: Language, mode: str) -> Language:
    """The pipeline with spaCy's rule/lookup lemmatizer (spacy-lookups-data) instead of the trained one."""
    if "trainable_lemmatizer" in nlp.pipe_names:
        nlp.remove_pipe("trainable_lemmatizer")
    lem = nlp.add_pipe("lemmatizer", name=RULE_LEMMATIZER, config={"mode": mode, "overwrite": True})
    lem.initialize()
    return nlp


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def ud_scores(nlp: Language, path: Path) -> dict[str, float | None]:
    sents = list(read_conllu(path))
    scores: dict[str, float | None] = {}
    for compound in (False, True):
        examples = []
        for s in sents:
            gold = to_doc(nlp.vocab, s, compound_lemmas=compound)
            pred = Doc(nlp.vocab, words=[t.text for t in gold], spaces=[bool(t.whitespace_) for t in gold])
            examples.append(Example(pred, gold))
        res = nlp.evaluate(examples)
        if compound:
            scores["lemma_ud_compound"] = _round(res.get("lemma_acc"))
        else:
            scores.update({"pos": _round(res.get("pos_acc")), "tag": _round(res.get("tag_acc")),
                           "morph": _round(res.get("morph_acc")), "lemma": _round(res.get("lemma_acc")),
                           "uas": _round(res.get("dep_uas")), "las": _round(res.get("dep_las")),
                           "sents": len(sents), "tokens": sum(len(s.tokens) for s in sents)})
    return scores


def dev_slice_scores(nlp: Language, data: Path, corpus: Path) -> dict[str, dict[str, float | None]]:
    """POS/TAG/MORPH/LEMMA/UAS/LAS on the held-out model-selection slice (corpus/dev.spacy), per treebank
    (a sentence belongs to the current dev file its text is in) and all together."""
    gold_docs = list(DocBin().from_disk(corpus / "dev.spacy").get_docs(nlp.vocab))
    bank = {text_key(s.text): tb.split("_")[0] for tb in TREEBANKS
            for s in read_conllu(data / UD / f"{tb}-dev.conllu")}
    groups: dict[str, list[Example]] = {}
    for gold in gold_docs:
        pred = Doc(nlp.vocab, words=[t.text for t in gold], spaces=[bool(t.whitespace_) for t in gold])
        ex = Example(pred, gold)
        groups.setdefault(bank.get(text_key(gold.text), "unknown"), []).append(ex)
        groups.setdefault("all", []).append(ex)
    out = {}
    for name, examples in sorted(groups.items()):
        res = nlp.evaluate(examples)
        out[name] = {"pos": _round(res.get("pos_acc")), "tag": _round(res.get("tag_acc")),
                     "morph": _round(res.get("morph_acc")), "lemma": _round(res.get("lemma_acc")),
                     "uas": _round(res.get("dep_uas")), "las": _round(res.get("dep_las")),
                     "sents": len(examples), "tokens": sum(len(e.reference) for e in examples)}
    return out


def parse_chunks(value: str) -> set[tuple[int, int]]:
    out = set()
    for part in value.split("|"):
        part = part.strip()
        if part:
            a, _, b = part.partition("-")
            out.add((int(a) - 1, int(b or a)))  # 0-based start, exclusive end
    return out


GoldSentence = tuple[list, set[tuple[int, int]], str]


def read_gold(path: Path) -> list[GoldSentence]:
    """(tokens, chunk spans, source folder) per sentence of an in-domain gold file."""
    chunks_by_id: dict[str, set[tuple[int, int]]] = {}
    source_by_id: dict[str, str] = {}
    sent_id = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id"):
            sent_id = line.partition("=")[2].strip()
        elif line.startswith("# noun_chunks"):
            chunks_by_id[sent_id] = parse_chunks(line.partition("=")[2])
        elif line.startswith("# source"):
            source_by_id[sent_id] = str(Path(line.partition("=")[2].strip()).parent)
    return [(list(s.tokens), chunks_by_id.get(s.sent_id, set()), source_by_id.get(s.sent_id, ""))
            for s in read_conllu(path)]


def predict(nlp: Language, sentences: list[GoldSentence]) -> list[Doc]:
    """The model's analysis of each gold sentence, on the gold tokens."""
    docs = [Doc(nlp.vocab, words=[t.form for t in toks], spaces=[t.space_after for t in toks])
            for toks, _, _ in sentences]
    return list(nlp.pipe(docs))


def gold_scores(pairs: list[tuple[GoldSentence, Doc]]) -> dict[str, float | int]:
    n = upos_ok = lemma_ok = 0
    tp = n_pred = n_gold = 0
    for (toks, gold_chunks, _), doc in pairs:
        for tok, g in zip(doc, toks, strict=False):
            n += 1
            upos_ok += tok.pos_ == g.upos
            lemma_ok += tok.lemma_ == strip_compounds(g.lemma)
        pred_chunks = {(c.start, c.end) for c in doc.noun_chunks} if doc.has_annotation("DEP") else set()
        tp += len(pred_chunks & gold_chunks)
        n_pred += len(pred_chunks)
        n_gold += len(gold_chunks)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"sents": len(pairs), "tokens": n, "upos": _round(upos_ok / n if n else 0.0),
            "lemma": _round(lemma_ok / n if n else 0.0), "noun_chunk_p": _round(p), "noun_chunk_r": _round(r),
            "noun_chunk_f": _round(f), "noun_chunks_gold": n_gold}


def in_domain_scores(pairs: list[tuple[GoldSentence, Doc]]) -> dict:
    """In-domain scores of (gold sentence, prediction) pairs: all, per source folder, unseen documents."""
    out = {"all": gold_scores(pairs)}
    # per source folder: the silver data (silver.py) shares documents, never sentences, with
    # examples, heldout, heldout-dates and training; heldout-names and tests/data/shapes are unseen
    for source in sorted({p[0][2] for p in pairs}):
        out[source] = gold_scores([p for p in pairs if p[0][2] == source])
    unseen = [p for p in pairs if p[0][2] in UNSEEN_SOURCES]
    if unseen:
        out["unseen_documents"] = gold_scores(unseen)
    return out


def cross_validated(folds: list[tuple[Language, Path]]) -> dict:
    """In-domain scores pooled over folds: each model scored only on the gold file it was not trained on."""
    pairs = []
    for nlp, held_out in folds:
        sentences = read_gold(held_out)
        pairs += list(zip(sentences, predict(nlp, sentences), strict=True))
    return in_domain_scores(pairs)


def evaluate(nlp: Language, data: Path, gold: Path | list[Path], *, ud: bool = True) -> dict:
    """UD test scores (unless ud=False) and in-domain scores on the gold folder's files or the files given."""
    out: dict = {"ud_test": {}, "in_domain": {}}
    for tb in TREEBANKS if ud else ():
        path = data / UD / f"{tb}-test.conllu"
        out["ud_test"][tb.split("_")[0]] = ud_scores(nlp, path)
    files = sorted(gold.glob("*.conllu")) if isinstance(gold, Path) else gold
    sentences = [s for f in files for s in read_gold(f)]
    if sentences:
        pairs = list(zip(sentences, predict(nlp, sentences), strict=False))
        out["in_domain"] = in_domain_scores(pairs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--gold-file", type=Path, action="append", help="score on these gold files only")
    ap.add_argument("--lemmatizer", choices=["trained", "rule", "lookup"], default="trained")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--dev-slice", action="store_true",
                    help="score on the model-selection slice (corpus/dev.spacy) instead of the test files and gold")
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent / "corpus")
    args = ap.parse_args()
    if not (args.data / UD).is_dir():
        sys.exit(f"evaluation needs the UD Dutch test files in {args.data / UD} (see ../shared/data/README.md)")
    nlp = spacy.load(args.model)
    if args.dev_slice:
        text = json.dumps(dev_slice_scores(nlp, args.data, args.corpus), indent=2, sort_keys=True) + "\n"
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        print(text)
        return
    if args.lemmatizer != "trained":
        nlp = with_rule_lemmatizer(nlp, args.lemmatizer)
    gold = args.gold_file or sorted(args.gold.glob("*.conllu"))
    res = evaluate(nlp, args.data, gold)
    trained_on = set(nlp.meta.get("vng", {}).get("data", {}).get("finetune", {}).get("gold_files", []))
    if trained_on & {g.name for g in gold}:
        # a model fine-tuned on these gold files: its score on them is no estimate of anything
        res["in_domain_trained_on"] = res.pop("in_domain")
        res["in_domain_note"] = (f"this model was trained on {sorted(trained_on)}: scores on them are training "
                                 "scores; the cross-validated in-domain figures are in its meta.json (vng.scores)")
        print(res["in_domain_note"], file=sys.stderr)
    text = json.dumps(res, indent=2, sort_keys=True) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
