"""How far the older LassySmall release's trees agree with today's annotation (the figures behind map_old_tree).

    python -m training.nl_vng_core.agreement [--data DIR]

On the sentences that are in the older train release and in a current dev or test file (same tokens), it
compares each old arc with today's: raw (as released) and after map_old_tree, on the arcs it keeps; and
each old UPOS / UPOS+FEATS with today's on the sentences shared with a *test* file, raw and after map_old_pos
with the map learned on the sentences shared with a *dev* file (what prepare --old-pos does), so the figure
is held out.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from training.nl_vng_core.conllu import (
    Sentence,
    learn_old_pos_map,
    map_old_pos,
    map_old_token,
    map_old_tree,
    read_conllu,
    text_key,
)
from training.nl_vng_core.prepare import DEFAULT_DATA, OLD, TREEBANKS, UD, check_data, old_pos_pairs


def agreement(data: Path) -> dict:
    check_data(data)
    today: dict[str, Sentence] = {}
    for tb in TREEBANKS:
        for split in ("dev", "test"):
            for s in read_conllu(data / UD / f"{tb}-{split}.conllu"):
                today[text_key(s.text)] = s
    n = Counter()
    for old in read_conllu(data / UD / OLD):
        new = today.get(text_key(old.text))
        if new is None or [t.form for t in old.tokens] != [t.form for t in new.tokens]:
            continue
        n["sentences"] += 1
        for a, b in zip(old.tokens, new.tokens, strict=True):
            n["tokens"] += 1
            n["raw_uas"] += a.head == b.head
            n["raw_las"] += a.head == b.head and a.deprel == b.deprel
        tree = map_old_tree(Sentence(old.sent_id, old.text, tuple(map_old_token(t) for t in old.tokens)))
        if tree is None:
            n["no_tree"] += 1
            continue
        for a, b in zip(tree.tokens, new.tokens, strict=True):
            if a.head < 0:
                continue
            n["kept_arcs"] += 1
            n["kept_uas"] += a.head == b.head
            n["kept_las"] += a.head == b.head and a.deprel == b.deprel
    table = learn_old_pos_map(old_pos_pairs(data, "dev"))
    for old, new in old_pos_pairs(data, "test"):
        mapped = map_old_pos(old, table)
        for a, m, b in zip(old.tokens, mapped.tokens, new.tokens, strict=True):
            n["pos_tokens"] += 1
            n["pos_raw"] += a.upos == b.upos
            n["pos_mapped"] += m.upos == b.upos
            n["morph_raw"] += (a.upos, a.feats) == (b.upos, b.feats)
            n["morph_mapped"] += (m.upos, m.feats) == (b.upos, b.feats)
    pos = {k: round(n[k] / n["pos_tokens"], 4) for k in ("pos_raw", "pos_mapped", "morph_raw", "morph_mapped")}
    return {
        "pos_map_keys": len(table), "pos_test_shared_tokens": n["pos_tokens"],
        **{f"upos_{k[4:]}" if k.startswith("pos_") else f"upos_feats_{k[6:]}": v for k, v in pos.items()},
        "shared_sentences": n["sentences"], "shared_tokens": n["tokens"],
        "raw_uas": round(n["raw_uas"] / n["tokens"], 4), "raw_las": round(n["raw_las"] / n["tokens"], 4),
        "sentences_without_tree": n["no_tree"], "kept_arcs": n["kept_arcs"],
        "kept_uas": round(n["kept_uas"] / n["kept_arcs"], 4), "kept_las": round(n["kept_las"] / n["kept_arcs"], 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    print(json.dumps(agreement(ap.parse_args().data), indent=2))


if __name__ == "__main__":
    main()
