"""Training, saving, loading and applying the passage classifiers."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import sklearn

from pipeline import __version__
from pipeline.classify import classify_passages
from pipeline.classify.linear import INFERENCE_FILES
from pipeline.classify.model import STANCES, Models, TrainingExample
from pipeline.classify.train import (
    DEFAULT_MODEL_DIR,
    DEFAULT_TRAINING_FILES,
    META_FILE,
    MODEL_FILES,
    ensure_models,
    load_models,
    main,
    read_training_file,
    save_models,
    train_from_files,
    train_models,
)
from pipeline.errors import DataFileError, ModelError
from pipeline.letter import read_letter
from pipeline.types import THEMES, Passage

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_LETTER = REPO / "corpora" / "examples" / "vb01_kamerbrief_commissiedebat_2024.txt"
SUBSET = 160  # enough for every label, small enough to train in a second or two

# Every test here trains scikit-learn models (about two minutes in all): `make test`, not `make test-fast`.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def training_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not DEFAULT_TRAINING_FILES[0].is_file():
        pytest.skip("no training data in corpora/training")
    lines = DEFAULT_TRAINING_FILES[0].read_text(encoding="utf-8").splitlines()[:SUBSET]
    path = tmp_path_factory.mktemp("data") / "passages.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def examples(training_file: Path) -> list[TrainingExample]:
    return read_training_file(training_file)


@pytest.fixture(scope="module")
def models(training_file: Path) -> Models:
    return train_from_files((training_file,))


@pytest.fixture(scope="module")
def saved(models: Models, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("models")
    save_models(models, directory)
    return directory


def _coefficients(models: Models) -> list[np.ndarray]:
    themes = [est.coef_ for est in models.themes.named_steps["classifier"].estimators_ if hasattr(est, "coef_")]
    return [*themes, models.stance.named_steps["classifier"].coef_, models.request.named_steps["classifier"].coef_]


def test_same_data_gives_the_same_model(examples: list[TrainingExample]) -> None:
    first, second = train_models(examples), train_models(examples)
    for a, b in zip(_coefficients(first), _coefficients(second), strict=True):
        assert np.array_equal(a, b)
    inputs = [ex.input() for ex in examples[:20]]
    for name in ("themes", "stance", "request"):
        assert np.array_equal(getattr(first, name).predict_proba(inputs), getattr(second, name).predict_proba(inputs))
    assert (first.theme_threshold, first.request_mode, dict(first.cv)) == \
        (second.theme_threshold, second.request_mode, dict(second.cv))


def test_saving_twice_gives_identical_files(models: Models, saved: Path, tmp_path: Path) -> None:
    save_models(models, tmp_path)
    for name in (META_FILE, *MODEL_FILES.values(), *INFERENCE_FILES.values()):
        assert (tmp_path / name).read_bytes() == (saved / name).read_bytes(), name


def test_meta_records_versions_labels_data_and_scores_but_no_date(saved: Path, training_file: Path) -> None:
    meta = json.loads((saved / META_FILE).read_text(encoding="utf-8"))
    assert meta["package_version"] == __version__
    assert meta["sklearn_version"] == sklearn.__version__
    assert meta["labels"]["themes"] == list(THEMES) and meta["labels"]["stance"] == list(STANCES)
    [data] = meta["training_data"]
    assert data["examples"] == SUBSET and len(data["sha256"]) == 64
    assert {"themes", "stance", "request"} <= set(meta["cross_validation"])
    text = json.dumps(meta)
    assert "date" not in text and "time" not in text and "20" + "2" not in text.replace(sklearn.__version__, "")


def test_round_trip_predicts_the_same(models: Models, saved: Path, examples: list[TrainingExample]) -> None:
    loaded = load_models(saved)
    inputs = [ex.input() for ex in examples[:10]]
    assert np.array_equal(loaded.stance.predict_proba(inputs), models.stance.predict_proba(inputs))
    assert (loaded.theme_threshold, loaded.request_mode) == (models.theme_threshold, models.request_mode)


def _copy(saved: Path, target: Path) -> Path:
    target.mkdir()
    for name in (META_FILE, *MODEL_FILES.values()):
        (target / name).write_bytes((saved / name).read_bytes())
    return target


@pytest.mark.parametrize(("key", "value"), [
    ("package_version", "0.0.0-other"),
    ("sklearn_version", "0.1"),
    ("cues_sha256", "0" * 64),
    ("request_mode", "guess"),
])
def test_load_refuses_a_tampered_meta(saved: Path, tmp_path: Path, key: str, value: str) -> None:
    directory = _copy(saved, tmp_path / "m")
    meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    meta[key] = value
    (directory / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="make train"):
        load_models(directory)


def test_load_refuses_a_changed_model_file(saved: Path, tmp_path: Path) -> None:
    directory = _copy(saved, tmp_path / "m")
    with (directory / MODEL_FILES["stance"]).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="does not match"):
        load_models(directory)


def test_load_refuses_a_model_trained_on_other_data(models: Models, tmp_path: Path, training_file: Path) -> None:
    data = tmp_path / "passages.jsonl"
    data.write_bytes(training_file.read_bytes())
    trained = train_from_files((data,))
    save_models(trained, tmp_path / "m")
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the data changed
    with pytest.raises(ModelError, match="trained on another version"):
        load_models(tmp_path / "m")


def test_load_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="make train"):
        load_models(tmp_path)
    (tmp_path / META_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="unreadable"):
        load_models(tmp_path)


def test_ensure_models_trains_when_missing_then_loads(tmp_path: Path, training_file: Path) -> None:
    directory = tmp_path / "models"
    first = ensure_models(directory, (training_file,))
    assert (directory / META_FILE).is_file()
    second = ensure_models(directory, (training_file,))
    assert second.theme_threshold == first.theme_threshold


def test_ensure_models_can_replace_a_stale_model_in_memory(saved: Path, tmp_path: Path, training_file: Path) -> None:
    directory = _copy(saved, tmp_path / "m")
    meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    meta["sklearn_version"] = "0.1"
    (directory / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in directory.iterdir()}
    with pytest.raises(ModelError):
        ensure_models(directory, (training_file,))
    assert ensure_models(directory, (training_file,), on_stale="retrain").n_examples == SUBSET
    assert {p.name: p.read_bytes() for p in directory.iterdir()} == before  # left alone


def test_ensure_models_without_data_says_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="training data not found"):
        ensure_models(tmp_path / "models", (tmp_path / "none.jsonl",))


def test_train_command_prints_a_summary(tmp_path: Path, training_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--out", str(tmp_path / "m"), "--data", str(training_file)]) == 0
    out = capsys.readouterr().out
    assert f"trained on {SUBSET} passages" in out and "request F1" in out
    assert (tmp_path / "m" / META_FILE).is_file()


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": "a", "text": "x", "themes": ["opvang"], "stance": "kritisch"', "invalid JSON"),
    ('{"id": "a", "text": "x", "themes": ["opvang"], "stance": "kritisch"}', "missing request"),
    ('{"id": "a", "text": "x", "themes": ["asiel"], "stance": "kritisch", "request": true}', "'themes' must be"),
    ('{"id": "a", "text": "x", "themes": ["opvang"], "stance": "boos", "request": true}', "'stance' must be"),
    ('{"id": "a", "text": "x", "themes": ["opvang"], "stance": "kritisch", "request": "ja"}', "'request' must be"),
])
def test_bad_training_records_are_reported_with_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    good = '{"id": "g", "text": "Goed.", "themes": ["opvang"], "stance": "neutraal", "request": false}'
    path = tmp_path / "bad.jsonl"
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"bad\.jsonl:2: .*{message}"):
        read_training_file(path)


# --- classify_passages --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def letter_passages() -> tuple[Passage, ...]:
    return read_letter(EXAMPLE_LETTER).passages


def test_classify_passages_fills_every_field(models: Models, letter_passages: tuple[Passage, ...]) -> None:
    out = classify_passages(letter_passages, models)
    assert isinstance(out, tuple) and len(out) == len(letter_passages)
    for before, after in zip(letter_passages, out, strict=True):
        assert (after.id, after.text, after.section, after.kind, after.bullet) == \
            (before.id, before.text, before.section, before.kind, before.bullet)
        assert list(after.theme_scores) == list(THEMES)
        assert all(0.0 <= v <= 1.0 for v in after.theme_scores.values())
        assert after.themes and set(after.themes) <= set(THEMES)
        assert after.themes[0] == max(after.theme_scores, key=lambda t: (after.theme_scores[t], -THEMES.index(t)))
        assert list(after.stance_scores) == list(STANCES)
        assert abs(sum(after.stance_scores.values()) - 1.0) <= 1e-3
        assert after.stance == max(after.stance_scores, key=after.stance_scores.__getitem__)
        assert isinstance(after.request, bool)
        assert isinstance(after.targets, tuple) and all(isinstance(t, str) for t in after.targets)
    assert any(p.request for p in out if p.bullet == "➢")
    assert any("Spreidingswet" in p.targets for p in out)
    json.dumps([p.to_dict() for p in out])  # the output stays JSON-serialisable


def test_classify_passages_predicts_a_letter_in_one_batch(models: Models, letter_passages: tuple[Passage, ...],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, int]] = []
    for name in ("themes", "stance", "request"):
        pipeline = getattr(models, name)
        original = pipeline.predict_proba

        def counting(inputs: list[object], _name: str = name, _original: object = original) -> np.ndarray:
            calls.append((_name, len(inputs)))
            return _original(inputs)  # type: ignore[operator]

        monkeypatch.setattr(pipeline, "predict_proba", counting)
    classify_passages(letter_passages, models)
    assert sorted(calls) == sorted((name, len(letter_passages)) for name in ("themes", "stance", "request"))


def test_classify_no_passages(models: Models) -> None:
    assert classify_passages((), models) == ()


def test_shipped_model_matches_this_checkout() -> None:
    """models/ must be rebuilt (`make train`) whenever the training data, cues.yaml or versions change."""
    if not (DEFAULT_MODEL_DIR / META_FILE).is_file():
        pytest.skip("no shipped model in models/")
    shipped = load_models(DEFAULT_MODEL_DIR)
    assert shipped.n_examples >= 300
    assert all(not path.startswith(("/", "..")) for path, _, _ in shipped.training_sources)
