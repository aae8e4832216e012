"""Training, saving and loading the passage classifiers (`make train`, `vng train`).

    python -m pipeline.classify.train [--out models/] [--data corpora/training/passages.jsonl ...]

The shipped model is trained only on data in this repository (the fictional training passages), never
on the real letters. `models/meta.json` records what it was built from and by which versions; it holds
no date, so training twice on the same data gives the same file. `load_models` refuses a model whose
meta.json does not match this checkout (package or scikit-learn version, cues.yaml, training data).
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, Literal

import joblib
import numpy
import sklearn

from pipeline import __version__
from pipeline.classify.cues import load_cues
from pipeline.classify.linear import (
    DEFAULT_MODEL_DIR,
    INFERENCE_FILES,
    META_FILE,
    read_meta,
    sha256_file,
    stale_model,
    write_inference,
)
from pipeline.classify.model import (
    DEFAULT_CONFIG,
    REQUEST_MODES,
    STANCES,
    ModelConfig,
    Models,
    TrainingExample,
    compile_models,
    fit_models,
)
from pipeline.datafiles import read_jsonl
from pipeline.errors import DataFileError, ModelError
from pipeline.paths import corpora_dir, relative_to_checkout
from pipeline.types import THEMES

log = logging.getLogger("vng.classify")

DEFAULT_TRAINING_FILES: tuple[Path, ...] = (corpora_dir() / "training" / "passages.jsonl",)
MODEL_FILES = {"themes": "themes.joblib", "stance": "stance.joblib", "request": "request.joblib"}
_REQUIRED_KEYS = ("id", "text", "themes", "stance", "request")


# --- training data ------------------------------------------------------------------------------
def read_training_file(path: Path, group: str = "training") -> list[TrainingExample]:
    """Labelled passages from a JSONL file; DataFileError (file:line) on any malformed record."""
    examples: list[TrainingExample] = []
    seen: set[str] = set()
    for where, record in read_jsonl(path, _REQUIRED_KEYS):
        text, themes, stance, request = record["text"], record["themes"], record["stance"], record["request"]
        if not isinstance(text, str) or not text.strip():
            raise DataFileError(f"{where}: 'text' must be a non-empty string")
        if not isinstance(themes, list) or not themes or any(t not in THEMES for t in themes):
            raise DataFileError(f"{where}: 'themes' must be a non-empty list of {', '.join(THEMES)}; got {themes!r}")
        if stance not in STANCES:
            raise DataFileError(f"{where}: 'stance' must be one of {', '.join(STANCES)}; got {stance!r}")
        if not isinstance(request, bool):
            raise DataFileError(f"{where}: 'request' must be true or false; got {request!r}")
        targets = record.get("targets", [])
        if not isinstance(targets, list) or any(not isinstance(t, str) for t in targets):
            raise DataFileError(f"{where}: 'targets' must be a list of strings")
        ident = str(record["id"])
        if ident in seen:
            raise DataFileError(f"{where}: duplicate id {ident!r}")
        seen.add(ident)
        examples.append(TrainingExample(
            id=ident, text=text, themes=tuple(themes), stance=stance, request=request, targets=tuple(targets),
            bullet=record.get("bullet"), section=record.get("section"), group=group))
    if not examples:
        raise DataFileError(f"{path}: holds no training passages")
    return examples


# --- training -----------------------------------------------------------------------------------
def train_models(training_examples: Sequence[TrainingExample], config: ModelConfig = DEFAULT_CONFIG) -> Models:
    """Three fitted pipelines (themes, stance, request) with cross-validated scores."""
    return fit_models(training_examples, config)


def train_from_files(files: Sequence[Path] = DEFAULT_TRAINING_FILES,
                     config: ModelConfig = DEFAULT_CONFIG) -> Models:
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise ModelError(f"cannot train: training data not found at {', '.join(missing)}")
    examples: list[TrainingExample] = []
    sources: list[tuple[str, str, int]] = []
    for path in files:
        found = read_training_file(path)
        examples += found
        sources.append((relative_to_checkout(path), sha256_file(path), len(found)))
    return replace(train_models(examples, config), training_sources=tuple(sources))


# --- saving and loading -------------------------------------------------------------------------
def _meta(models: Models, file_hashes: dict[str, str], inference_hashes: dict[str, str]) -> dict[str, Any]:
    return {
        "package_version": __version__,
        "sklearn_version": sklearn.__version__,
        "numpy_version": numpy.__version__,
        "labels": {"themes": list(THEMES), "stance": list(STANCES), "request": [False, True]},
        "theme_threshold": models.theme_threshold,
        "request_mode": models.request_mode,
        "cues_sha256": load_cues().sha256,
        "training_data": [{"path": p, "sha256": h, "examples": n} for p, h, n in models.training_sources],
        "examples": models.n_examples,
        "cross_validation": dict(models.cv),
        "config": asdict(models.config),
        "files": {name: {"file": MODEL_FILES[name], "sha256": digest} for name, digest in sorted(file_hashes.items())},
        # The same models as plain arrays for inference without scikit-learn (pipeline/classify/linear.py).
        "inference_files": {key: {"file": INFERENCE_FILES[key], "sha256": digest}
                            for key, digest in sorted(inference_hashes.items())},
    }


def save_models(models: Models, directory: Path = DEFAULT_MODEL_DIR) -> Path:
    """Write the three pipelines (joblib) and meta.json into directory; meta.json last and atomically,
    so a reader never sees a meta.json that describes files not yet written."""
    directory.mkdir(parents=True, exist_ok=True)
    hashes: dict[str, str] = {}
    for name, filename in MODEL_FILES.items():
        target = directory / filename
        with tempfile.NamedTemporaryFile(dir=directory, prefix=f".{filename}.", delete=False) as handle:
            temp = Path(handle.name)
        try:
            joblib.dump(getattr(models, name), temp, compress=3)
            temp.chmod(0o644)  # NamedTemporaryFile makes 0600 files; models are ordinary repo files
            hashes[name] = sha256_file(temp)
            Path(temp).replace(target)
        finally:
            temp.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".inference.") as staging:
        written = write_inference(compile_models(models), Path(staging))
        inference_hashes = {key: sha256_file(path) for key, path in written.items()}
        for key, path in written.items():
            path.chmod(0o644)
            path.replace(directory / INFERENCE_FILES[key])
    meta = json.dumps(_meta(models, hashes, inference_hashes), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, prefix=".meta.", delete=False) as meta_file:
        meta_file.write(meta)
    Path(meta_file.name).chmod(0o644)
    Path(meta_file.name).replace(directory / META_FILE)
    return directory / META_FILE


def load_models(directory: Path = DEFAULT_MODEL_DIR) -> Models:
    """Load a saved model, checking meta.json against this checkout; ModelError on any mismatch."""
    meta = read_meta(directory)
    if meta.get("sklearn_version") != sklearn.__version__:
        raise stale_model(directory, f"was built with scikit-learn {meta.get('sklearn_version')!r}, "
                                f"this is {sklearn.__version__!r}")
    loaded: dict[str, Any] = {}
    for name, filename in MODEL_FILES.items():
        path = directory / filename
        if not path.is_file():
            raise stale_model(directory, f"lacks {filename}")
        expected = meta.get("files", {}).get(name, {}).get("sha256")
        if expected != sha256_file(path):
            raise stale_model(directory, f"has a {filename} that does not match {META_FILE}")
        loaded[name] = joblib.load(path)
    config = DEFAULT_CONFIG
    return Models(
        themes=loaded["themes"], stance=loaded["stance"], request=loaded["request"],
        theme_threshold=float(meta["theme_threshold"]), request_mode=meta["request_mode"],
        cv=meta.get("cross_validation", {}), n_examples=int(meta.get("examples", 0)), config=config,
        training_sources=tuple((s["path"], s["sha256"], int(s.get("examples", 0)))
                               for s in meta.get("training_data", [])),
    )


def ensure_models(directory: Path = DEFAULT_MODEL_DIR,
                  training_files: Sequence[Path] = DEFAULT_TRAINING_FILES,
                  on_stale: Literal["raise", "retrain"] = "raise") -> Models:
    """The saved model; when there is none yet, train one from the repository's data and save it.

    A model that exists but does not match this checkout (other package or scikit-learn version,
    changed cues.yaml or training data) raises ModelError by default, because retraining silently
    would hide that the shipped model is stale. With on_stale="retrain" a fresh model is trained in
    memory instead (a warning is logged; the files in `directory` are left alone)."""
    if (directory / META_FILE).is_file():
        try:
            return load_models(directory)
        except ModelError as error:
            if on_stale != "retrain":
                raise
            log.warning("%s; using a model trained just now from %s", error,
                        ", ".join(relative_to_checkout(f) for f in training_files))
            return train_from_files(training_files)
    models = train_from_files(training_files)
    save_models(models, directory)
    return models


# --- command line -------------------------------------------------------------------------------
def summary(models: Models, seconds: float, directory: Path) -> str:
    cv = models.cv
    lines = [
        f"trained on {models.n_examples} passages in {seconds:.1f} s -> {directory}",
        *(f"  data: {path} ({n} passages, sha256 {digest[:12]})" for path, digest, n in models.training_sources),
        f"  cross-validation ({cv['folds']} folds, training data):",
        f"    themes  micro-F1 {cv['themes']['micro_f1']:.3f}  macro-F1 {cv['themes']['macro_f1']:.3f}"
        f"  (threshold {models.theme_threshold})",
        f"    stance  macro-F1 {cv['stance']['macro_f1']:.3f}  accuracy {cv['stance']['accuracy']:.3f}",
        "    request F1 " + "  ".join(f"{m} {cv['request']['f1_' + m]:.3f}" for m in REQUEST_MODES)
        + f"  -> using {models.request_mode}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.classify.train",
                                     description="Train the passage classifiers and save them with meta.json.")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR, help="model folder (default: models/)")
    parser.add_argument("--data", type=Path, action="append",
                        help="training JSONL file; repeat for several (default: corpora/training/passages.jsonl)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    models = train_from_files(tuple(args.data) if args.data else DEFAULT_TRAINING_FILES)
    save_models(models, args.out)
    print(summary(models, time.perf_counter() - started, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
