"""Silver training data: Frog's CGN tags and lemmas on the repository's FICTIONAL texts, mapped to UD.

    python -m training.nl_vng_core.silver        # needs `frog` (apt-get install frog frogdata)

Writes silver/fictional_frog.conllu (committed, so `make model` needs no Frog). Only files marked
"FICTIEF VOORBEELD" and the fictional training passages are read; never the real letters in ../shared,
and Frog is never used at run time. Sentences of the in-domain gold are dropped again by prepare.py,
which always filters against the current gold.

CGN -> UD: UD Dutch keeps the CGN tag as XPOS ("N(soort,mv,basis)" = "N|soort|mv|basis"); UPOS and
FEATS are the most frequent ones for that XPOS (and word form, for closed classes and AUX/VERB) in the
current UD Dutch dev files. Lemmas: Frog's, lower-cased except for proper nouns; a plural noun whose
lemma equals its form (Frog's guess for unknown compounds) gets no lemma (missing, not trained on).
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from training.nl_vng_core.conllu import read_conllu
from training.nl_vng_core.prepare import DEFAULT_DATA, REPO, TREEBANKS, UD

HERE = Path(__file__).resolve().parent
OUT = HERE / "silver" / "fictional_frog.conllu"
FICTIONAL_DIRS = ("corpora/examples", "corpora/heldout", "corpora/heldout-dates")
PASSAGES = REPO / "corpora" / "training" / "passages.jsonl"
MARK = "FICTIEF VOORBEELD"


def fictional_paragraphs() -> list[str]:
    paras: list[str] = []
    for folder in FICTIONAL_DIRS:
        for path in sorted((REPO / folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if MARK not in text[:300]:
                raise SystemExit(f"{path} is not marked {MARK!r}: only fictional texts may be used")
            for block in text.split("\n\n"):
                line = " ".join(x.strip() for x in block.splitlines() if x.strip() and MARK not in x)
                if line:
                    paras.append(line)
    for line in PASSAGES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            paras.append(" ".join(json.loads(line)["text"].split()))
    return paras


def ud_tables(data: Path) -> tuple[dict, dict]:
    by_form: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_xpos: dict[str, Counter] = defaultdict(Counter)
    for tb in TREEBANKS:
        for s in read_conllu(data / UD / f"{tb}-dev.conllu"):
            for t in s.tokens:
                by_form[(t.xpos, t.form.lower())][(t.upos, t.feats)] += 1
                by_xpos[t.xpos][(t.upos, t.feats)] += 1
    return by_form, by_xpos


COARSE = {"N": "NOUN", "ADJ": "ADJ", "WW": "VERB", "TW": "NUM", "VNW": "PRON", "LID": "DET", "VZ": "ADP",
          "BW": "ADV", "TSW": "INTJ", "LET": "PUNCT", "SPEC": "X"}


def to_ud(form: str, lemma: str, cgn: str, by_form: dict, by_xpos: dict) -> tuple[str, str, str, str]:
    """(lemma, upos, xpos, feats) in UD Dutch conventions for one Frog token."""
    xpos = cgn.replace("(", "|").replace(",", "|").rstrip(")").rstrip("|")
    if by_form.get((xpos, form.lower())):
        upos, feats = by_form[(xpos, form.lower())].most_common(1)[0][0]
    elif by_xpos.get(xpos):
        upos, feats = by_xpos[xpos].most_common(1)[0][0]
    else:
        upos, feats = COARSE.get(xpos.split("|")[0], "X"), "_"
        if xpos.startswith(("N|eigen", "SPEC|deeleigen")):
            upos = "PROPN"
        elif xpos.startswith("VG|neven"):
            upos = "CCONJ"
        elif xpos.startswith("VG|onder"):
            upos = "SCONJ"
    if upos != "PROPN":
        lemma = lemma.lower()
    if xpos.startswith("N|soort|mv") and lemma.lower() == form.lower():
        lemma = "_"  # Frog did not know the word: no lemma rather than a wrong one
    return lemma, upos, xpos, feats


def run_frog(paragraphs: list[str]) -> list[list[tuple[str, str, str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.txt"
        src.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        out = subprocess.run(["frog", "-t", str(src), "--skip=mcpn"], capture_output=True, text=True,
                             check=True).stdout
    sents, cur = [], []
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) < 5:
            if cur:
                sents.append(cur)
            cur = []
            continue
        cur.append((cols[1], cols[2], cols[4]))
    if cur:
        sents.append(cur)
    return sents


def spaces_after(words: list[str], text: str, pos: int) -> tuple[list[bool], int]:
    """Whether each word is followed by a space in text (searched from pos); the position after."""
    flags = []
    for w in words:
        i = text.find(w, pos)
        if i < 0:
            flags.append(True)
            continue
        pos = i + len(w)
        flags.append(pos < len(text) and text[pos] == " ")
    return flags, pos


def main() -> None:
    paras = fictional_paragraphs()
    by_form, by_xpos = ud_tables(DEFAULT_DATA)
    sents = run_frog(paras)
    joined = " ".join(paras)
    pos = 0
    lines = ["# silver: Frog on the repository's fictional texts, mapped to UD (training/nl_vng_core/silver.py)"]
    for n, sent in enumerate(sents, 1):
        words = [w for w, _, _ in sent]
        flags, pos = spaces_after(words, joined, pos)
        text = "".join(w + (" " if f else "") for w, f in zip(words, flags, strict=False)).strip()
        lines += [f"# sent_id = silver-{n}", f"# text = {text}"]
        for i, ((form, lemma, cgn), flag) in enumerate(zip(sent, flags, strict=False), 1):
            lem, upos, xpos, feats = to_ud(form, lemma, cgn, by_form, by_xpos)
            misc = "_" if flag or i == len(sent) else "SpaceAfter=No"
            lines.append("\t".join([str(i), form, lem, upos, xpos, feats, "_", "_", "_", misc]))
        lines.append("")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(sents)} sentences, {sum(len(s) for s in sents)} tokens")


if __name__ == "__main__":
    main()
