"""Raw Dutch text for `spacy pretrain` of nl_vng_core's tok2vec, and the pretraining run (round 10, off by default).

    python -m training.nl_vng_core.pretrain OUT.jsonl [--data DIR] [--sources old,europeana,fictional]

writes the raw text (one {"text": ...} a line) and prints how much each source gave; `make model` /
build.py --pretrain-epochs N writes it, pretrains the base's tok2vec on it (pretrain.cfg: the characters
objective) and initialises the base with the weights.

Sources, all licence-clean for a model that ships:
  old        the older LassySmall train release (CC BY-SA 4.0, as the model), sentence by sentence;
  europeana  the Europeana Newspapers NER tokens (CC0), historical spelling and OCR noise, cut into sentences
             at sentence-final punctuation (at most MAX_TOKENS tokens a piece);
  fictional  our own fictional letters and training passages (silver.fictional_paragraphs), paragraph by
             paragraph, less every paragraph that overlaps a sentence of the in-domain gold (its
             cross-validated score must not have seen the held-out half's text).
Every text of every source that is, contains, or lies inside a sentence of a current UD dev or test file
is dropped: no test sentence reaches the model, and the dev slice stays unseen. The real letters in
../shared/corpora are never read.
"""
from __future__ import annotations

import argparse
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from training.nl_vng_core.conllu import read_conllu, sha256, text_key
from training.nl_vng_core.prepare import DEFAULT_DATA, DEFAULT_GOLD, HERE, OLD, TREEBANKS, UD, gold_keys

CONFIG = HERE / "pretrain.cfg"
EUROPEANA = Path("ner-nl-europeana") / "enp_NL.kb.bio"
SOURCES = ("old", "europeana", "fictional")
MAX_TOKENS = 60
WINDOW = 20  # shorter keys only match whole (as prepare.overlaps: containment from 20 characters on)
SENTENCE_END = (".", "?", "!")


class KeyIndex:
    """Whether a text key equals, contains or lies inside one of a set of sentence keys, without comparing
    every pair: a key of WINDOW characters or more is found through its first WINDOW characters."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.exact = set(keys)
        self.by_anchor: dict[str, list[str]] = defaultdict(list)  # first window -> keys
        self.by_window: dict[str, set[str]] = defaultdict(set)  # every window -> keys holding it
        for key in self.exact:
            if len(key) >= WINDOW:
                self.by_anchor[key[:WINDOW]].append(key)
                for i in range(len(key) - WINDOW + 1):
                    self.by_window[key[i:i + WINDOW]].add(key)

    def hit(self, key: str) -> bool:
        if key in self.exact:
            return True
        if len(key) < WINDOW:
            return False
        if any(key in k for k in self.by_window.get(key[:WINDOW], ())):
            return True
        return any(k in key for i in range(len(key) - WINDOW + 1) for k in self.by_anchor.get(key[i:i + WINDOW], ()))


def held_out_keys(data: Path) -> set[str]:
    """Every sentence of the current dev and test files of both treebanks."""
    return {text_key(s.text) for tb in TREEBANKS for split in ("dev", "test")
            for s in read_conllu(data / UD / f"{tb}-{split}.conllu")}


def europeana_sentences(path: Path) -> Iterator[str]:
    """The NER file's tokens (one `token TAG` a line, no sentence breaks) cut after sentence-final punctuation
    (bare, or ending a token of 4+ characters, so initials and short abbreviations like "J." and "Mr." do
    not cut) or at MAX_TOKENS."""
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.rsplit(" ", 1)[0].strip() if " " in line.strip() else line.strip()
        if not word:
            continue
        words.append(word)
        if (word in SENTENCE_END or (len(word) > 3 and word.endswith(SENTENCE_END))) or len(words) >= MAX_TOKENS:
            yield " ".join(words)
            words = []
    if words:
        yield " ".join(words)


def source_texts(source: str, data: Path) -> Iterator[str]:
    if source == "old":
        yield from (s.text for s in read_conllu(data / UD / OLD))
    elif source == "europeana":
        yield from europeana_sentences(data / EUROPEANA)
    elif source == "fictional":
        from training.nl_vng_core.silver import fictional_paragraphs

        yield from fictional_paragraphs()
    else:
        raise ValueError(f"unknown pretraining source {source!r} (known: {', '.join(SOURCES)})")


def prepare_text(data: Path, out: Path, *, sources: Iterable[str] = SOURCES, gold: Path = DEFAULT_GOLD,
                 limit: int = 0) -> dict:
    """Write the raw text to `out` (JSONL); returns per source the texts kept and dropped, and the words.
    limit: at most this many texts of each source (0: all; a smoke run; spaCy's JsonlCorpus ignores its own
    `limit`)."""
    held = KeyIndex(held_out_keys(data))
    in_gold = KeyIndex(gold_keys(gold)) if gold.is_dir() else KeyIndex(())
    info: dict[str, dict[str, int]] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for source in sources:
            counts = {"kept": 0, "dropped_in_ud_dev_or_test": 0, "dropped_in_gold": 0, "words": 0}
            for text in source_texts(source, data):
                if limit and counts["kept"] >= limit:
                    break
                text = " ".join(text.split())
                if not text:
                    continue
                key = text_key(text)
                if held.hit(key):
                    counts["dropped_in_ud_dev_or_test"] += 1
                    continue
                if source == "fictional" and in_gold.hit(key):
                    counts["dropped_in_gold"] += 1
                    continue
                fh.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
                counts["kept"] += 1
                counts["words"] += len(text.split())
            info[source] = counts
    return {"sources": info, "sha256": sha256(out)}


def merged_config(base_config: Path, out: Path) -> Path:
    """config.cfg with pretrain.cfg's [pretraining] block and corpus, written to `out` (uninterpolated)."""
    from spacy.util import load_config

    cfg = load_config(base_config, interpolate=False).merge(load_config(CONFIG, interpolate=False))
    out.parent.mkdir(parents=True, exist_ok=True)
    cfg.to_disk(out)
    return out


def pretrain_tok2vec(config: Path, text: Path, out: Path, *, epochs: int, overrides: dict[str, object] | None = None) -> Path:
    """spaCy pretrain of the tok2vec of `config` (a merged_config) on `text` for `epochs` epochs; the
    overrides are the base's (width, depth, seed), so the weights fit the network the base trains.
    Returns the weights file (model-last.bin)."""
    from spacy.training.pretrain import pretrain
    from spacy.util import load_config

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if epochs < 1:
        raise ValueError(f"--pretrain-epochs {epochs}: at least 1")
    cfg = load_config(config, overrides={**(overrides or {}), "paths.raw_text": str(text),
                                         "pretraining.max_epochs": epochs},
                      interpolate=False)
    out.mkdir(parents=True, exist_ok=True)
    cfg.to_disk(out / "config.cfg")
    pretrain(cfg.interpolate(), out, silent=False)
    return out / "model-last.bin"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--sources", default=",".join(SOURCES))
    ap.add_argument("--limit", type=int, default=0, help="at most this many texts of each source (default 0: all)")
    args = ap.parse_args()
    print(json.dumps(prepare_text(args.data, args.out, sources=args.sources.split(","), gold=args.gold,
                                  limit=args.limit), indent=2))


if __name__ == "__main__":
    main()
