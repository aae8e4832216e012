"""Where the pipeline finds its files, in a checkout and in an installed wheel alike.

- The package's data files (lexicons, patterns, cues, report assets) sit next to their readers and
  are found through `importlib.resources`.
- The trained models are the package `pipeline.models` (the folder `models/` of the checkout, mapped
  by `package-dir` in pyproject.toml), so a wheel carries them; `VNG_MODELS=DIR` points elsewhere
  (a retrained or experimental set) without touching the installed package.
- The corpora (training data, gold annotations, held-out letters) exist only in a checkout:
  `checkout()` is None in an installed wheel, and what needs them says so. `VNG_CORPORA` and
  `VNG_REAL_CORPUS` override where they are (the real letters lie beside the checkout, in
  ../shared/corpora/vng, never in it).
"""
from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path

from pipeline.errors import LocationError

MODELS_ENV = "VNG_MODELS"
CORPORA_ENV = "VNG_CORPORA"
REAL_CORPUS_ENV = "VNG_REAL_CORPUS"


def package_dir() -> Path:
    """The folder of the installed `pipeline` package (a plain folder: the wheel is not zip-safe)."""
    return Path(str(files("pipeline")))


def models_dir() -> Path:
    """The trained models: $VNG_MODELS if set, else the package data `pipeline.models`."""
    override = os.environ.get(MODELS_ENV)
    return Path(override) if override else Path(str(files("pipeline.models")))


@cache
def checkout() -> Path | None:
    """The source checkout this package is imported from (its pyproject.toml names vng-brieven), or None."""
    root = package_dir().parent
    project = root / "pyproject.toml"
    if project.is_file() and 'name = "vng-brieven"' in project.read_text(encoding="utf-8"):
        return root
    return None


def corpora_dir() -> Path:
    """The repository's corpora/ (training data, annotations, held-out letters)."""
    override = os.environ.get(CORPORA_ENV)
    if override:
        return Path(override)
    root = checkout()
    if root is None:
        raise LocationError(f"the corpora exist only in a checkout of vng-brieven; set {CORPORA_ENV}=DIR")
    return root / "corpora"


def real_corpus_dir() -> Path:
    """The real VNG letters (third-party text, kept beside the checkout in ../shared/corpora/vng)."""
    override = os.environ.get(REAL_CORPUS_ENV)
    if override:
        return Path(override)
    root = checkout()
    if root is None:
        raise LocationError(f"the real letters lie beside a checkout (../shared/corpora/vng); set {REAL_CORPUS_ENV}=DIR")
    return root.parent / "shared" / "corpora" / "vng"


def relative_to_checkout(path: Path) -> str:
    """`path` as written into model metadata: relative to the checkout when inside it, else as given."""
    root = checkout()
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if root is not None and root in resolved.parents else str(path)
