"""In-domain supervision: continue training a base pipeline with hand-annotated gold sentences added.

    python -m training.nl_vng_core.finetune BASE OUT --gold FILE [--gold FILE ...] [--eval FILE ...]

The base model (runs/base/model-best of `make model`) goes on training, all components sourced
(finetune.cfg), on the base training data (corpus/train.spacy) plus the given in-domain gold files,
each repeated GOLD_REPEAT times, for a fixed number of steps with the same seed; the last step is
kept (no model selection). The gold gives UPOS and lemmas only (no XPOS, no heads, no FEATS):
  - FEATS: the base model's morphology where its POS equals the gold UPOS, else the most frequent
    FEATS of that form and UPOS in the training data, else of that UPOS; a POS+FEATS label the
    morphologizer does not know makes the token's POS/FEATS missing (not trained on);
  - lemma: missing where the edit tree from form to gold lemma is one the lemmatizer does not know.
The in-domain score of a model trained on gold half A is measured on half B and vice versa
(`build.py` does this 2-fold cross-validation); never on sentences trained on.
"""
from __future__ import annotations

import argparse
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.morphology import Morphology
from spacy.pipeline.edit_tree_lemmatizer import EditTreeLemmatizer
from spacy.tokens import Doc, DocBin

from training.nl_vng_core.conllu import read_conllu, strip_compounds

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "finetune.cfg"
GOLD_REPEAT = 4
STEPS = 400
WITH_DEV = False


@spacy.registry.callbacks("vng_restore_lemma_labels.v1")
def restore_lemma_labels() -> Callable[[Language], Language]:
    """The edit-tree lemmatizer loaded from disk has an empty tree->label map (spaCy 3.8 rebuilds it
    only in initialize), so resuming its training would map every gold lemma to label 0: rebuild it."""
    def restore(nlp: Language) -> Language:
        for _, proc in nlp.pipeline + [(n, nlp.get_pipe(n)) for n in nlp.disabled]:
            if isinstance(proc, EditTreeLemmatizer) and not proc.tree2label:
                proc.tree2label = {tree: i for i, tree in enumerate(proc.cfg["labels"])}
        return nlp
    return restore


def _label(morph: str, pos: str) -> str:
    feats = Morphology.feats_to_dict(morph) if morph else {}
    feats["POS"] = pos
    return Morphology.dict_to_feats(feats)


def known_labels(nlp: Language, doc: Doc) -> bool:
    """Whether every tag and POS+FEATS label of this Doc is one the sourced model knows (spaCy's tagger
    and morphologizer cannot train on a label they were not initialised with; the parser maps rare
    dependency labels itself, as in the base training)."""
    tags = set(nlp.get_pipe("tagger").labels)
    morphs = set(nlp.get_pipe("morphologizer").labels)
    return all((not t.tag_ or t.tag_ in tags) and (not t.pos_ or _label(str(t.morph), t.pos_) in morphs)
               for t in doc)


def feats_tables(base_train: list[Doc]) -> tuple[dict, dict]:
    by_form: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_pos: dict[str, Counter] = defaultdict(Counter)
    for doc in base_train:
        for t in doc:
            if t.pos_:
                by_form[(t.lower_, t.pos_)][str(t.morph)] += 1
                by_pos[t.pos_][str(t.morph)] += 1
    return by_form, by_pos


def gold_docs(nlp: Language, files: list[Path], base_train: list[Doc]) -> list[Doc]:
    """Training Docs of in-domain gold sentences (UPOS, lemma; FEATS filled in as documented above)."""
    morph_labels = set(nlp.get_pipe("morphologizer").labels)
    known_trees = set(nlp.get_pipe("trainable_lemmatizer").cfg["labels"])
    trees = nlp.get_pipe("trainable_lemmatizer").trees
    by_form, by_pos = feats_tables(base_train)
    sents = [s for f in files for s in read_conllu(f)]
    words = [[t.form for t in s.tokens] for s in sents]
    spaces = [[t.space_after for t in s.tokens] for s in sents]
    preds = list(nlp.pipe(Doc(nlp.vocab, words=w, spaces=sp) for w, sp in zip(words, spaces, strict=True)))
    out = []
    for s, pred in zip(sents, preds, strict=True):
        pos, morphs, lemmas = [], [], []
        for t, p in zip(s.tokens, pred, strict=True):
            if p.pos_ == t.upos:
                morph = str(p.morph)
            elif by_form.get((t.form.lower(), t.upos)):
                morph = by_form[(t.form.lower(), t.upos)].most_common(1)[0][0]
            elif by_pos.get(t.upos):
                morph = by_pos[t.upos].most_common(1)[0][0]
            else:
                morph = ""
            if _label(morph, t.upos) in morph_labels:
                pos.append(t.upos)
                morphs.append(morph)
            else:
                pos.append("")
                morphs.append("")
            lemma = strip_compounds(t.lemma)
            lemmas.append(lemma if trees.add(t.form, lemma) in known_trees else "")
        sp = [t.space_after for t in s.tokens]
        sp[-1] = False
        out.append(Doc(nlp.vocab, words=[t.form for t in s.tokens], spaces=sp, pos=pos, morphs=morphs,
                       lemmas=lemmas))
    return out


def finetune(base: Path, out: Path, gold: list[Path], *, corpus: Path, repeat: int = GOLD_REPEAT,
             steps: int = STEPS, with_dev: bool = WITH_DEV, seed: int | None = None) -> Path:
    """Write corpus/finetune-<out name>.spacy, train from BASE into OUT; returns OUT/model-last.

    with_dev: the base's model-selection slice (corpus/dev.spacy) is training data here too (the last
    step is kept, nothing is selected on it any more); it is still what spaCy logs its dev scores on.
    seed: instead of finetune.cfg's 17 (another seed measures the draw; make model uses 17)."""
    from spacy.cli.train import train as spacy_train

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    nlp = spacy.load(base)
    train_docs = list(DocBin().from_disk(corpus / "train.spacy").get_docs(nlp.vocab))
    if with_dev:
        train_docs += [d for d in DocBin().from_disk(corpus / "dev.spacy").get_docs(nlp.vocab) if known_labels(nlp, d)]
    extra = gold_docs(nlp, gold, train_docs)
    data = corpus / f"finetune-{out.name}.spacy"
    DocBin(docs=train_docs + extra * repeat, store_user_data=False).to_disk(data)
    (out).mkdir(parents=True, exist_ok=True)
    (out / "finetune.json").write_text(json.dumps({
        "base": str(base), "gold": [str(g) for g in gold], "repeat": repeat, "steps": steps, "with_dev": with_dev,
        **({"seed": seed} if seed is not None else {}),
        "train_docs": len(train_docs),
        "gold_sentences": len(extra), "gold_tokens": sum(len(d) for d in extra),
        "gold_tokens_pos_missing": sum(1 for d in extra for t in d if not t.pos_),
        "gold_tokens_lemma_missing": sum(1 for d in extra for t in d if not t.lemma_),
    }, indent=2) + "\n", encoding="utf-8")
    overrides: dict[str, object] = {"paths.train": str(data), "paths.dev": str(corpus / "dev.spacy"),
                                    "paths.base": str(base), "training.max_steps": steps}
    if seed is not None:
        overrides["system.seed"] = seed
    spacy_train(CONFIG, out, overrides=overrides)
    return out / "model-last"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--gold", type=Path, action="append", required=True)
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--repeat", type=int, default=GOLD_REPEAT)
    ap.add_argument("--steps", type=int, default=STEPS)
    ap.add_argument("--with-dev", action=argparse.BooleanOptionalAction, default=WITH_DEV)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    print(finetune(args.base, args.out, args.gold, corpus=args.corpus, repeat=args.repeat, steps=args.steps,
                   with_dev=args.with_dev, seed=args.seed))


if __name__ == "__main__":
    main()
