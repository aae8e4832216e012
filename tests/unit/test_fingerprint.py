"""The fingerprint hashes exactly what changes a letter's result (see pipeline/fingerprint.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.fingerprint import IMPORTS_CACHE, fingerprint_inputs, fingerprint_of, pipeline_fingerprint
from pipeline.paths import models_dir, package_dir

PACKAGE = package_dir()


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the package and of the models, to edit."""
    package = tmp_path / "pipeline"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    models = tmp_path / "models"
    shutil.copytree(models_dir(), models, ignore=shutil.ignore_patterns("__pycache__"))
    return package, models


def _append(path: Path, text: str) -> None:
    path.write_bytes(path.read_bytes() + text.encode())


def test_every_data_file_the_stages_read_is_hashed() -> None:
    hashed = {path for _, path in fingerprint_inputs(PACKAGE, models_dir())[0]}
    stage_data = {path for folder in ("entities", "concepts", "classify", "relations", "extract")
                  for path in (PACKAGE / folder).rglob("*") if path.suffix in (".yaml", ".jsonl")}
    assert len(stage_data) >= 20
    assert stage_data - hashed == set()
    assert {p for p in models_dir().iterdir() if p.suffix in (".npy", ".json", ".joblib")} - hashed == set()


@pytest.mark.parametrize("edited", ["entities/lexicons/orgs.yaml", "entities/patterns/entity_ruler.jsonl",
                                    "concepts/risicos.yaml", "classify/cues.yaml", "relations/cues.yaml",
                                    "entities/rules.py", "extract/clean.py"])
def test_an_edit_to_what_the_stages_use_changes_the_fingerprint(copy: tuple[Path, Path], edited: str) -> None:
    package, models = copy
    before = fingerprint_of(package, models)
    _append(package / edited, "\n" if edited.endswith(".jsonl") else "\n# edited\n")
    assert fingerprint_of(package, models) != before


def test_an_edit_to_a_model_changes_the_fingerprint(copy: tuple[Path, Path]) -> None:
    package, models = copy
    before = fingerprint_of(package, models)
    _append(models / "meta.json", " ")
    assert fingerprint_of(package, models) != before


@pytest.mark.parametrize("edited", ["cli.py", "analyze.py", "report/builder.py", "report/assets/report.js",
                                    "evaluate/forms_batch2.jsonl", "evaluate/entities.py", "workbook.py"])
def test_an_edit_that_changes_no_letter_result_keeps_the_fingerprint(copy: tuple[Path, Path], edited: str) -> None:
    package, models = copy
    before = fingerprint_of(package, models)
    _append(package / edited, "\n// edited\n" if edited.endswith(".js") else "\n")
    assert fingerprint_of(package, models) == before


def test_the_run_fingerprint_is_the_shipped_package_and_models() -> None:
    assert pipeline_fingerprint() == fingerprint_of(PACKAGE, models_dir())
    assert len(pipeline_fingerprint()) == 16


def test_the_imports_cache_gives_the_same_files_and_follows_a_new_import(copy: tuple[Path, Path]) -> None:
    package, models = copy
    cold = fingerprint_inputs(package, models)[0]
    cache = package / "__pycache__" / IMPORTS_CACHE
    assert cache.is_file()
    assert fingerprint_inputs(package, models)[0] == cold  # warm: the same files
    assert package / "workbook.py" not in {path for _, path in cold}
    _append(package / "entities" / "rules.py", "\nfrom pipeline import workbook  # noqa\n")
    edited = {path for _, path in fingerprint_inputs(package, models)[0]}
    assert package / "workbook.py" in edited  # the edited file was parsed again, not taken from the cache


def test_the_imports_cache_is_discarded_when_damaged_or_made_by_other_code(copy: tuple[Path, Path]) -> None:
    package, models = copy
    before = fingerprint_of(package, models)
    cache = package / "__pycache__" / IMPORTS_CACHE
    data = json.loads(cache.read_text(encoding="utf-8"))
    cache.write_text(json.dumps({**data, "key": "other", "imports": {key: [] for key in data["imports"]}}), encoding="utf-8")
    assert fingerprint_of(package, models) == before
    cache.write_text("{not json", encoding="utf-8")
    assert fingerprint_of(package, models) == before


def test_the_fingerprint_needs_no_writable_package(copy: tuple[Path, Path]) -> None:
    package, models = copy
    before = fingerprint_of(package, models)
    shutil.rmtree(package / "__pycache__")
    (package / "__pycache__").write_text("a file where the folder would be", encoding="utf-8")
    assert fingerprint_of(package, models) == before
