"""Validate the Dutch gold files (gold_*.conllu) in this folder; see README.md for the format.

Checks per sentence: the required comments, consecutive token ids, ten columns, UPOS in the UD set,
a non-empty lemma without compound underscores, `# text` equal to the tokens joined with their
SpaceAfter, noun-chunk ranges valid (inside the sentence, ordered, not overlapping, containing a
NOUN or PRON), the text found in its source file, and (when spaCy is importable) the tokens equal
to those of spacy.blank("nl"). Exit status 1 on any error.

Usage: python scripts/check_dutch_gold.py [FILE ...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = REPO / "corpora" / "annotations" / "dutch_gold"
UPOS = {
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
    "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
}
REQUIRED = ("sent_id", "text", "source", "noun_chunks")


def _blocks(path: Path) -> list[list[str]]:
    blocks, cur = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            cur.append(line)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def check_file(path: Path, tokenizer: object = None) -> tuple[list[str], int, int]:  # noqa: C901 - one pass checks every rule in file order
    errors: list[str] = []
    seen: set[str] = set()
    n_tok = 0
    sources: dict[str, str] = {}
    blocks = _blocks(path)
    for bi, block in enumerate(blocks, 1):
        meta: dict[str, str] = {}
        rows: list[list[str]] = []
        for line in block:
            if line.startswith("#"):
                m = re.match(r"#\s*([\w.]+)\s*=\s?(.*)$", line)
                if m:
                    meta[m.group(1)] = m.group(2)
            else:
                rows.append(line.split("\t"))
        where = f"{path.name} block {bi} ({meta.get('sent_id', '?')})"
        for key in REQUIRED:
            if key not in meta:
                errors.append(f"{where}: missing # {key}")
        sid = meta.get("sent_id", "")
        if sid in seen:
            errors.append(f"{where}: duplicate sent_id")
        seen.add(sid)
        rebuilt = ""
        for i, cols in enumerate(rows, 1):
            if len(cols) != 10:
                errors.append(f"{where}: line {i} has {len(cols)} columns")
                continue
            if cols[0] != str(i):
                errors.append(f"{where}: token id {cols[0]!r}, expected {i}")
            form, lemma, upos, misc = cols[1], cols[2], cols[3], cols[9]
            if upos not in UPOS:
                errors.append(f"{where}: token {i} {form!r}: UPOS {upos!r} not in UD set")
            if not lemma or (lemma == "_" and form != "_"):
                errors.append(f"{where}: token {i} {form!r}: empty lemma")
            if "_" in lemma and form != lemma:
                errors.append(f"{where}: token {i} {form!r}: underscore in lemma {lemma!r}")
            if misc not in ("_", "SpaceAfter=No"):
                errors.append(f"{where}: token {i}: MISC {misc!r}")
            rebuilt += form + ("" if misc == "SpaceAfter=No" or i == len(rows) else " ")
        n_tok += len(rows)
        text = meta.get("text", "")
        if rebuilt != text:
            errors.append(f"{where}: tokens give {rebuilt!r}, # text is {text!r}")
        chunks = meta.get("noun_chunks", "").strip()
        prev_end = 0
        if chunks:
            for part in chunks.split("|"):
                m = re.fullmatch(r"(\d+)-(\d+)", part)
                if not m:
                    errors.append(f"{where}: bad chunk {part!r}")
                    continue
                a, b = int(m.group(1)), int(m.group(2))
                if not (1 <= a <= b <= len(rows)):
                    errors.append(f"{where}: chunk {part} outside 1-{len(rows)}")
                    continue
                if a <= prev_end:
                    errors.append(f"{where}: chunk {part} overlaps or precedes the previous one")
                prev_end = b
                if not any(rows[k][3] in ("NOUN", "PRON") for k in range(a - 1, b)):
                    errors.append(f"{where}: chunk {part} has no NOUN/PRON")
        src = meta.get("source", "")
        if src:
            sp = REPO / src
            if not sp.is_file():
                errors.append(f"{where}: source {src} not found")
            else:
                if src not in sources:
                    sources[src] = " ".join(sp.read_text(encoding="utf-8").split())
                if " ".join(text.split()) not in sources[src]:
                    errors.append(f"{where}: # text not found in {src}")
        if tokenizer is not None and text:
            toks = [t.text for t in tokenizer(text)]
            forms = [c[1] for c in rows if len(c) == 10]
            if toks != forms:
                errors.append(f"{where}: spaCy tokens {toks} differ from {forms}")
    return errors, len(blocks), n_tok


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(HERE.glob("gold_*.conllu"))
    try:
        import spacy

        tokenizer = spacy.blank("nl").tokenizer
    except ImportError:
        tokenizer = None
        print("spaCy not importable: tokenisation not checked")
    bad = 0
    for f in files:
        errors, n_sent, n_tok = check_file(f, tokenizer)
        for e in errors:
            print(e)
        bad += len(errors)
        print(f"{f.name}: {n_sent} sentences, {n_tok} tokens, {len(errors)} errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
