"""Prepare the training data of nl_vng_core from ../shared/data/ud-dutch into training/nl_vng_core/corpus/.

    python -m training.nl_vng_core.prepare [--data DIR] [--old/--no-old]

train.spacy   the current dev splits of UD_Dutch-Alpino and -LassySmall, less a held-out slice;
              with --old also the older LassySmall train release (mapped, see conllu.py; with --old-heads
              its trees too, as far as map_old_tree settles them), less every sentence whose text is in a
              current dev or test file; with --old-pos its UPOS/FEATS re-derived in today's conventions by a
              map learned on the sentences it shares with the current dev files (never the test files)
              with --silver also Frog's tags/lemmas on our fictional texts (silver/, see silver.py), less
              every sentence that overlaps a sentence of the in-domain gold (corpora/annotations/dutch_gold)
dev.spacy     the held-out slice (model selection only), DEV_PER_TREEBANK sentences of each dev file
data.json     sha256 of every input file, sentence and token counts
Test files are never converted here: evaluate.py reads them itself.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from training.nl_vng_core.conllu import (
    Sentence,
    learn_old_pos_map,
    map_old_pos,
    map_old_token,
    map_old_tree,
    read_conllu,
    sha256,
    text_key,
    to_doc,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
UD = "ud-dutch"
TREEBANKS = ("Alpino_nl_alpino-ud", "LassySmall_nl_lassysmall-ud")
OLD = "LassySmall_nl_lassysmall-ud-train.older-release.conllu"
SILVER = HERE / "silver" / "fictional_frog.conllu"
DEFAULT_GOLD = REPO / "corpora" / "annotations" / "dutch_gold"
SEED = 17
DEV_PER_TREEBANK = 150


def required_files(data: Path) -> list[Path]:
    files = [data / UD / f"{tb}-{split}.conllu" for tb in TREEBANKS for split in ("dev", "test")]
    return [*files, data / UD / OLD]


def check_data(data: Path) -> None:
    missing = [p for p in required_files(data) if not p.is_file()]
    if missing:
        sys.exit("make model needs the UD Dutch treebank files of ../shared/data (see its README):\n  "
                 + "\n  ".join(str(p) for p in missing)
                 + "\nThey are not here; nothing was trained. The committed models/nl_vng_core is unchanged.")


def gold_keys(gold: Path) -> list[str]:
    return [text_key(s.text) for f in sorted(gold.glob("*.conllu")) for s in read_conllu(f)]


def overlaps(key: str, keys: list[str]) -> bool:
    """The same sentence, or one inside the other (Frog and the gold may split sentences differently)."""
    return any(key == k or (len(k) > 20 and k in key) or (len(key) > 20 and key in k) for k in keys)


def old_pos_pairs(data: Path, split: str = "dev") -> list[tuple[Sentence, Sentence]]:
    """(old-release sentence after map_old_token, today's sentence) for the sentences in both the older
    release and a current ``split`` file with the same tokens."""
    today = {text_key(s.text): s for tb in TREEBANKS for s in read_conllu(data / UD / f"{tb}-{split}.conllu")}
    pairs = []
    for s in read_conllu(data / UD / OLD):
        new = today.get(text_key(s.text))
        if new is not None and [t.form for t in s.tokens] == [t.form for t in new.tokens]:
            pairs.append((Sentence(s.sent_id, s.text, tuple(map_old_token(t) for t in s.tokens)), new))
    return pairs


def prepare(data: Path, out: Path, *, old: bool, old_heads: bool = False, old_complete: bool = False,
            old_pos: bool = False, silver: bool = False, gold: Path = DEFAULT_GOLD) -> dict:
    check_data(data)
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("nl")
    rng = random.Random(SEED)
    test_keys: set[str] = set()
    held_keys: set[str] = set()  # current dev + test: the old release may not repeat them
    train: list[Sentence] = []
    dev: list[Sentence] = []
    dropped_in_test = 0
    for tb in TREEBANKS:
        for s in read_conllu(data / UD / f"{tb}-test.conllu"):
            test_keys.add(text_key(s.text))
        sents = list(read_conllu(data / UD / f"{tb}-dev.conllu"))
        held_keys.update(text_key(s.text) for s in sents)
        order = list(range(len(sents)))
        rng.shuffle(order)
        dev_idx = set(order[:DEV_PER_TREEBANK])
        dev += [s for i, s in enumerate(sents) if i in dev_idx]
        rest = [s for i, s in enumerate(sents) if i not in dev_idx]
        kept = [s for s in rest if text_key(s.text) not in test_keys]
        dropped_in_test += len(rest) - len(kept)
        train += kept
    held_keys |= test_keys
    train_docs = [to_doc(nlp.vocab, s) for s in train]
    old_kept = old_dropped = old_trees = old_arcs = 0
    pos_map = learn_old_pos_map(old_pos_pairs(data, "dev")) if old and old_pos else None
    if old:
        for s in read_conllu(data / UD / OLD):
            if text_key(s.text) in held_keys:
                old_dropped += 1
                continue
            s = Sentence(s.sent_id, s.text, tuple(map_old_token(t) for t in s.tokens))
            if pos_map is not None:
                s = map_old_pos(s, pos_map)
            tree = map_old_tree(s, complete=old_complete) if old_heads else None
            if tree is not None:
                old_trees += 1
                old_arcs += sum(t.head >= 0 for t in tree.tokens)
            train_docs.append(to_doc(nlp.vocab, tree or s, with_tags=False, with_deps=tree is not None))
            old_kept += 1
    silver_kept = silver_dropped = 0
    if silver:
        keys = gold_keys(gold)
        if not keys:
            sys.exit(f"--silver needs the in-domain gold in {gold} to keep its sentences out of training")
        for s in read_conllu(SILVER):
            if overlaps(text_key(s.text), keys):
                silver_dropped += 1
                continue
            train_docs.append(to_doc(nlp.vocab, s, with_deps=False))
            silver_kept += 1
    dev_docs = [to_doc(nlp.vocab, s) for s in dev]
    DocBin(docs=train_docs, store_user_data=False).to_disk(out / "train.spacy")
    DocBin(docs=dev_docs, store_user_data=False).to_disk(out / "dev.spacy")
    info = {
        "seed": SEED,
        "old_release": old,
        "train_sentences": len(train_docs), "train_tokens": sum(len(d) for d in train_docs),
        "dev_sentences": len(dev_docs), "dev_tokens": sum(len(d) for d in dev_docs),
        "old_release_sentences_kept": old_kept, "old_release_heads": old_heads, "old_release_complete_trees_only": old_complete,
        **({"old_release_pos_map_keys": len(pos_map)} if pos_map is not None else {}),
        "old_release_trees": old_trees, "old_release_arcs": old_arcs, "old_release_sentences_dropped_in_dev_or_test": old_dropped,
        "train_sentences_dropped_in_test": dropped_in_test,
        "silver": silver, "silver_sentences_kept": silver_kept,
        "silver_sentences_dropped_in_gold": silver_dropped,
        "sha256": {p.name: sha256(p) for p in required_files(data) + ([SILVER] if silver else [])},
    }
    (out / "data.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return info


def add_data_options(ap: argparse.ArgumentParser) -> None:
    """The options that choose the training data, shared by prepare and build (make model)."""
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--old", action=argparse.BooleanOptionalAction, default=True,
                    help="add the mapped older LassySmall release")
    ap.add_argument("--old-heads", action=argparse.BooleanOptionalAction, default=False,
                    help="with its trees where conllu.map_old_tree settles them (else no heads: parser ignores it)")
    ap.add_argument("--old-complete", action="store_true",
                    help="with --old-heads: only trees with no missing arc but punctuation's")
    ap.add_argument("--old-pos", action=argparse.BooleanOptionalAction, default=False,
                    help="re-derive its UPOS/FEATS in today's conventions (conllu.learn_old_pos_map)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_options(ap)
    ap.add_argument("--out", type=Path, default=HERE / "corpus")
    ap.add_argument("--silver", action=argparse.BooleanOptionalAction, default=False,
                    help="add Frog silver data on our fictional texts (tags, morphology, lemmas)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = ap.parse_args()
    print(json.dumps(prepare(args.data, args.out, old=args.old, old_heads=args.old_heads,
                          old_complete=args.old_complete, old_pos=args.old_pos, silver=args.silver,
                          gold=args.gold), indent=2))


if __name__ == "__main__":
    main()
