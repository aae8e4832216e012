"""One hash of exactly what changes a letter's result: the code of the per-letter stages, their data
files, the trained models, the spaCy pipeline used and the versions of the libraries that read.

It keys the re-use of earlier results (a letter is analysed again when its bytes or this hash change)
and is written into the manifest and every letter file.

- Code: the modules the per-letter function (`pipeline.letter`) imports, followed through their
  `pipeline` imports; the composer, CLI, report, evaluation and tests are not in it (editing them
  changes no letter's result).
- Data: every data file (.yaml, .yml, .jsonl, .json) in the folders of those modules and in their
  data subfolders (entities/lexicons, entities/patterns, ...).
- Models: every file under the models folder (`pipeline.paths.models_dir()`).
- The spaCy pipeline `build_nlp` will load, and the versions of spaCy, pdfminer.six, numpy, the
  spaCy model package and Python.
"""
from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sys
from functools import cache
from pathlib import Path

from pipeline import __version__
from pipeline.paths import models_dir, package_dir

ENTRY = "pipeline.letter"  # the per-letter function: what it runs is what a result depends on
DATA_SUFFIXES = (".yaml", ".yml", ".jsonl", ".json")
LIBRARIES = ("spacy", "pdfminer.six", "numpy", "PyYAML")
# The default spaCy pipelines; the same rule as pipeline.nlp.resolve_model_name, kept here so that a run
# whose letters are all unchanged never imports spaCy.
STATISTICAL_MODELS = ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm")
SHIPPED_MODEL = "nl_vng_core"  # in the models folder
IMPORTS_CACHE = "vng-fingerprint-imports.json"  # in the package's __pycache__ (see _ImportsCache)


def _module_file(package: Path, name: str) -> Path | None:
    parts = name.split(".")[1:]
    base = package.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(path: Path) -> set[str]:
    """The `pipeline` modules a file names in its imports (at any depth: a lazy import counts too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "pipeline":
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


class _ImportsCache:
    """What `_imported` found in each source file, keyed by the sha256 of the file's bytes: parsing
    the ~65 modules of the closure took about 0.35 CPU s of every start. Kept beside the package's
    bytecode (`__pycache__/`, as Python keeps its own); a file whose bytes changed is parsed again,
    an edit of this module or another Python version discards the whole cache, and a folder that
    cannot be written only means parsing every time."""

    def __init__(self, package: Path) -> None:
        self.path = package / "__pycache__" / IMPORTS_CACHE
        self.key = f"{sys.version_info.major}.{sys.version_info.minor} {hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}"
        self.known: dict[str, list[str]] = {}
        self.used: dict[str, list[str]] = {}
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("key") == self.key and isinstance(data.get("imports"), dict):
            self.known = data["imports"]

    def imported(self, path: Path) -> set[str]:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        names = self.known.get(digest)
        if not isinstance(names, list):
            names = sorted(_imported(path))
        self.used[digest] = names
        return set(names)

    def save(self) -> None:
        if self.used == self.known:
            return
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(exist_ok=True)
            temporary.write_text(json.dumps({"key": self.key, "imports": self.used}, sort_keys=True), encoding="utf-8")
            temporary.replace(self.path)
        except OSError:  # a read-only install: parse again next time
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


def code_files(package: Path) -> list[Path]:
    """The source files of `pipeline.letter` and every pipeline module it imports, transitively
    (with the __init__ of each package on the way, which Python runs on import)."""
    cache = _ImportsCache(package)
    seen: dict[str, Path] = {}
    todo = [ENTRY]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(package, name)
        if path is None:  # `from pipeline.x import function`: a name, not a module
            continue
        seen[name] = path
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        todo.extend(parents)
        todo.extend(cache.imported(path))
    cache.save()
    return sorted(seen.values())


def data_files(package: Path, code: list[Path]) -> list[Path]:
    """Data files next to the code (and in its data subfolders, which hold no code)."""
    folders = {path.parent for path in code}
    out: list[Path] = []
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix not in DATA_SUFFIXES or "__pycache__" in path.parts:
                continue
            between = path.parent.relative_to(folder).parts
            # a subfolder with code of its own is a package: its data counts only if its code does
            if all(not any((folder.joinpath(*between[:i + 1])).glob("*.py")) for i in range(len(between))):
                out.append(path)
    return sorted(set(out))


def model_files(models: Path) -> list[Path]:
    if not models.is_dir():
        return []
    return sorted(p for p in models.rglob("*") if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts
                  and p.name != "README.md")


def spacy_pipeline_name(model: str | None = None) -> str:
    """What build_nlp will load (pipeline.nlp.resolve_model_name), found without importing spaCy (start-up
    time matters here): the named pipeline, else an installed nl_core_news_lg/md/sm, else the shipped
    models/nl_vng_core (its files are hashed with the other model files), else the blank pipeline."""
    if model is not None:
        return model
    for name in STATISTICAL_MODELS:
        if importlib.util.find_spec(name):
            return name
    return SHIPPED_MODEL if (models_dir() / SHIPPED_MODEL / "config.cfg").is_file() else "blank:nl"


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def fingerprint_inputs(package: Path, models: Path, model: str | None = None) -> tuple[list[tuple[str, Path]], str]:
    """(label, file) of every file hashed, and the text of everything else hashed."""
    code = code_files(package)
    files = [(path.relative_to(package).as_posix(), path) for path in code + data_files(package, code)]
    files += [("models/" + path.relative_to(models).as_posix(), path) for path in model_files(models)]
    spacy_pipeline = spacy_pipeline_name(model)
    if Path(spacy_pipeline).is_dir():  # a saved pipeline given by path: its files are part of it
        folder = Path(spacy_pipeline)
        files += [("spacy/" + path.relative_to(folder).as_posix(), path) for path in model_files(folder)]
    versions = {name: _version(name) for name in LIBRARIES}
    if not spacy_pipeline.startswith("blank:") and not Path(spacy_pipeline).exists():
        versions[spacy_pipeline] = _version(spacy_pipeline)
    text = (f"vng-brieven {__version__}\nspacy pipeline: {spacy_pipeline}\n"
            f"python {sys.version_info.major}.{sys.version_info.minor}\n"
            + "".join(f"{name} {version}\n" for name, version in sorted(versions.items())))
    return files, text


def fingerprint_of(package: Path, models: Path, model: str | None = None) -> str:
    files, text = fingerprint_inputs(package, models, model)
    digest = hashlib.sha256(text.encode())
    for label, path in sorted(files):
        digest.update(label.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


@cache
def pipeline_fingerprint(model: str | None = None) -> str:
    return fingerprint_of(package_dir(), models_dir(), model)
