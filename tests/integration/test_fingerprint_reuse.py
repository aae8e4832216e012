"""Editing a lexicon makes the next run analyse a letter again (the fingerprint holds the data files).

The package is copied, the copy is run as `python -m pipeline analyze` (first on PYTHONPATH), a name
is added to the copy's organisation lexicon, and the next run must re-analyse the letter and find
the new name; a run without an edit re-uses the letter.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.paths import models_dir, package_dir

# Fictional letter (written for this test); the organisation is made up.
LETTER = """FICTIEF VOORBEELD – geen echte VNG-brief
Vereniging van Nederlandse Gemeenten

Datum
3 maart 2025

Onderwerp
Opvang en begeleiding van statushouders

Geachte dames en heren,

Gemeenten werken bij de huisvesting van statushouders samen met Zeewolkje. Wij vragen u
deze samenwerking te steunen en de financiering voor 2026 zeker te stellen.

Met vriendelijke groet,
Vereniging van Nederlandse Gemeenten
"""


def _run(src: Path, corpus: Path, out: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(src), "VNG_MODELS": str(models_dir())}
    done = subprocess.run([sys.executable, "-m", "pipeline", "analyze", str(corpus), "--out", str(out), "--workers", "1"],
                          cwd=src, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    (entry,) = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    letter = json.loads((out / "letters" / f"{entry['doc_id']}.json").read_text(encoding="utf-8"))
    return {"cached": entry["cached"], "pipeline": letter["pipeline"],
            "orgs": sorted(e["text"] for e in letter["entities"] if e["label"] == "ORG")}


@pytest.mark.slow
def test_editing_a_lexicon_re_analyses_the_letter(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(package_dir(), src / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "brief.txt").write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out"

    first = _run(src, corpus, out)
    assert first["cached"] is False and "Zeewolkje" not in first["orgs"]
    again = _run(src, corpus, out)
    assert again["cached"] is True and again["pipeline"] == first["pipeline"]

    orgs = src / "pipeline" / "entities" / "lexicons" / "orgs.yaml"
    text = orgs.read_text(encoding="utf-8")
    assert "  asylum_chain:\n" in text
    orgs.write_text(text.replace("  asylum_chain:\n", "  asylum_chain:\n    - Zeewolkje\n", 1), encoding="utf-8")
    edited = _run(src, corpus, out)
    assert edited["cached"] is False and edited["pipeline"] != first["pipeline"]
    assert "Zeewolkje" in edited["orgs"]
