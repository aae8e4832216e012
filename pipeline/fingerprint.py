"""One hash of everything that changes results: code, data files, models and the spaCy pipeline used.

It keys the re-use of earlier results (a letter is analysed again when its bytes or this hash change)
and is written into the manifest and every letter file.
"""
from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

from pipeline import __version__

PACKAGE = Path(__file__).resolve().parent
SUFFIXES = {".py", ".yaml", ".yml", ".jsonl", ".json", ".html", ".js", ".css"}


MODEL_DIR = PACKAGE.parent / "models"


SHIPPED_MODEL = MODEL_DIR / "nl_vng_core"


def spacy_pipeline_name(model: str | None) -> str:
    """What build_nlp will load (pipeline.nlp.resolve_model_name), found without importing spaCy
    (start-up time matters here); the shipped model is named with a hash of its files."""
    if model is not None:
        return model
    for name in ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm"):
        if importlib.util.find_spec(name):
            return name
    if (SHIPPED_MODEL / "config.cfg").is_file():
        digest = hashlib.sha256()
        for path in sorted(p for p in SHIPPED_MODEL.rglob("*") if p.is_file()):
            digest.update(path.relative_to(SHIPPED_MODEL).as_posix().encode() + b"\0" + path.read_bytes())
        return f"nl_vng_core@{digest.hexdigest()[:12]}"
    return "blank:nl"


@lru_cache(maxsize=None)
def pipeline_fingerprint(model: str | None = None) -> str:
    digest = hashlib.sha256(f"vng-brieven {__version__}\n".encode())
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts]
    if MODEL_DIR.is_dir():
        files += [p for p in MODEL_DIR.iterdir() if p.is_file() and p.suffix in (".joblib", ".json", ".npy")]
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(f"spacy:{spacy_pipeline_name(model)}".encode())
    return digest.hexdigest()[:16]
