"""The plain-array inference (linear.py) predicts what the scikit-learn pipelines predict, loads without
scikit-learn, and refuses files that do not belong to the model in meta.json."""
from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline.classify import ensure_inference_models
from pipeline.classify.features import PassageInput
from pipeline.classify.linear import INFERENCE_FILES, load_inference_models, write_inference
from pipeline.classify.model import Models, compile_models, predict
from pipeline.classify.train import (
    DEFAULT_MODEL_DIR,
    DEFAULT_TRAINING_FILES,
    load_models,
    read_training_file,
    save_models,
)
from pipeline.errors import ModelError
from pipeline.letter import read_letter
from tests.conftest import EXAMPLES, real_letters

REPO = Path(__file__).resolve().parents[2]

ODD_INPUTS = [
    PassageInput(""), PassageInput("   "), PassageInput("a"), PassageInput("Wij"),
    PassageInput("➢ Wij vragen het kabinet om structurele middelen.", bullet="➢", section="Financiën"),
    PassageInput("ÉÉN  ZIN\tmet\u00a0rare   witruimte\nen regels", section=None),
    PassageInput("x" * 3000), PassageInput("De Spreidingswet (Wgt) — 1.234 plekken; €1,2 mld. " * 20),
    PassageInput("Ελληνικά en 中文 en emoji 🙂 in een passage", bullet="•"),
]


@pytest.fixture(scope="module")
def shipped() -> Models:
    return load_models(DEFAULT_MODEL_DIR)


def _inputs() -> list[PassageInput]:
    items = [ex.input() for ex in read_training_file(DEFAULT_TRAINING_FILES[0])]
    # the fictional letters of the repository (examples and held-out), and the real ones when present:
    # over 500 passages either way (the test must not depend on ../shared to hold)
    fictional = [path for folder in (EXAMPLES, REPO / "corpora" / "heldout", REPO / "corpora" / "heldout-dates")
                 for path in sorted(folder.glob("*.txt"))]
    for path in [*fictional, *real_letters()]:
        items += [PassageInput(p.text, p.bullet, p.section) for p in read_letter(path).passages]
    return items + ODD_INPUTS


def _assert_same(models: Models, inputs: list[PassageInput]) -> None:
    expected = predict(models, inputs)
    got = compile_models(models).predict(inputs)
    for field in ("theme_probs", "stance_probs", "request_probs"):
        np.testing.assert_allclose(getattr(got, field), getattr(expected, field), rtol=0, atol=1e-9, err_msg=field)
    assert got.themes == expected.themes
    assert got.stances == expected.stances
    assert got.requests == expected.requests and got.request_rules == expected.request_rules


def test_plain_arrays_predict_what_scikit_learn_predicts(shipped: Models) -> None:
    inputs = _inputs()
    assert len(inputs) > 500
    _assert_same(shipped, inputs)


def test_shipped_inference_files_are_the_shipped_model(shipped: Models) -> None:
    inputs = _inputs()[:200] + ODD_INPUTS
    loaded = load_inference_models(DEFAULT_MODEL_DIR)
    compiled = compile_models(shipped)
    for field in ("theme_probs", "stance_probs", "request_probs"):
        assert np.array_equal(getattr(loaded.predict(inputs), field), getattr(compiled.predict(inputs), field))


def test_empty_batch() -> None:
    predictions = load_inference_models(DEFAULT_MODEL_DIR).predict([])
    assert predictions.themes == () and predictions.theme_probs.shape == (0, 11)


def test_export_is_deterministic(shipped: Models, tmp_path: Path) -> None:
    first = write_inference(compile_models(shipped), tmp_path / "a")
    second = write_inference(compile_models(shipped), tmp_path / "b")
    for key in INFERENCE_FILES:
        assert first[key].read_bytes() == second[key].read_bytes()


def test_a_run_never_imports_scikit_learn() -> None:
    code = ("import sys\nfrom pipeline.letter import get_engine, letter_result, read_letter\n"
            f"from pathlib import Path\nengine = get_engine()\n"
            f"letter_result(read_letter(Path({str(sorted(EXAMPLES.glob('*.txt'))[0])!r})), engine)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'joblib')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


@pytest.fixture
def saved(shipped: Models, tmp_path: Path) -> Path:
    directory = tmp_path / "models"
    save_models(shipped, directory)
    return directory


def test_a_changed_inference_file_is_refused(saved: Path) -> None:
    arrays = saved / INFERENCE_FILES["arrays"]
    numbers = np.load(arrays)
    numbers[0] += 1.0
    np.save(arrays, numbers)
    with pytest.raises(ModelError, match=r"inference.npy that does not match meta.json.*make train"):
        load_inference_models(saved)


def test_a_missing_inference_file_is_refused_or_replaced(saved: Path, caplog: pytest.LogCaptureFixture) -> None:
    (saved / INFERENCE_FILES["header"]).unlink()
    with pytest.raises(ModelError, match=r"lacks inference.json.*make train"):
        ensure_inference_models(saved)
    with caplog.at_level(logging.WARNING, logger="vng.classify"):
        models = ensure_inference_models(saved, on_stale="retrain")
    assert "lacks inference.json" in caplog.text
    assert models.predict(ODD_INPUTS).themes  # a working model, trained in memory


def test_a_header_that_does_not_fit_the_arrays_is_refused(saved: Path, tmp_path: Path) -> None:
    from pipeline.classify.linear import read_inference

    header = json.loads((saved / INFERENCE_FILES["header"]).read_text(encoding="utf-8"))
    header["models"]["stance"]["coef"][0] = 10**9
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(header), encoding="utf-8")
    with pytest.raises(ModelError, match="shorter than"):
        read_inference(broken, saved / INFERENCE_FILES["arrays"])
    shutil.copy(saved / INFERENCE_FILES["header"], broken)
    broken.write_text('{"format": 99}', encoding="utf-8")
    with pytest.raises(ModelError, match="another format"):
        read_inference(broken, saved / INFERENCE_FILES["arrays"])
