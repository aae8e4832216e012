"""The same corpus gives byte-identical outputs whatever the working directory, the corpus's absolute
location, PYTHONHASHSEED and the number of workers (README: "the same input gives byte-identical
outputs (only the manifest has timestamps), with 1 or 2 workers").

Each run is a subprocess (`python -m pipeline analyze`) in its own folder with its own copy of
corpora/examples, called with relative paths, so nothing of the run's location can leak into outputs.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

COMPARED = ("graph.json", "graph.graphml", "graph.gexf", "passages.csv", "entities.csv", "relations.csv", "shifts.csv",
            "requests.csv", "letters.csv", "passage_themes.csv", "passage_targets.csv", "nodes.csv",
            "edge_evidence.csv", "shift_passages.csv", "changes.csv", "request_targets.csv", "vng.xlsx",
            "positions.json", "report.html")
# (name, PYTHONHASHSEED, --workers); each run also has its own working directory and corpus path.
RUNS = (("base", "0", "1"), ("seed", "4242", "1"), ("workers", "0", "2"), ("all", "17", "2"))


def _folder(root: Path, name: str) -> Path:
    return root / name / ("nested/deeper" if name in ("seed", "all") else "")  # different depths, too


def _start(root: Path, name: str, seed: str, workers: str) -> subprocess.Popen[str]:
    folder = _folder(root, name)
    folder.mkdir(parents=True)
    shutil.copytree(EXAMPLES, folder / "corpus", ignore=shutil.ignore_patterns("*.md"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(PYTHONPATH=str(REPO), PYTHONHASHSEED=seed)
    return subprocess.Popen([sys.executable, "-m", "pipeline", "analyze", "corpus", "--out", "out",
                             "--workers", workers], cwd=folder, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _outputs(out: Path) -> dict[str, bytes]:
    files = {f"letters/{p.name}": p.read_bytes() for p in sorted((out / "letters").glob("*.json"))}
    files.update({name: (out / name).read_bytes() for name in COMPARED})
    return files


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("determinism")
    results: dict[str, dict[str, bytes]] = {}
    for pair in (RUNS[:2], RUNS[2:]):  # two at a time: two cores
        started = [(name, _start(root, name, seed, workers)) for name, seed, workers in pair]
        for name, process in started:
            _stdout, stderr = process.communicate(timeout=300)
            assert process.returncode == 0, stderr
            results[name] = _outputs(_folder(root, name) / "out")
    return results


def test_a_run_writes_every_output(outputs: dict[str, dict[str, bytes]]) -> None:
    base = outputs["base"]
    assert len([n for n in base if n.startswith("letters/")]) == len(list(EXAMPLES.glob("*.txt"))) + \
        len(list(EXAMPLES.glob("*.pdf")))
    assert all(base.values())


@pytest.mark.parametrize("name", [r[0] for r in RUNS[1:]])
def test_outputs_are_byte_identical(outputs: dict[str, dict[str, bytes]], name: str) -> None:
    base, other = outputs["base"], outputs[name]
    assert sorted(other) == sorted(base)
    differing = [file for file in base if base[file] != other[file]]
    assert not differing, f"{name} differs from base in {differing}"


def test_outputs_hold_no_path_of_the_run(outputs: dict[str, dict[str, bytes]],
                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp_root = str(tmp_path_factory.getbasetemp()).encode()
    for file, data in outputs["base"].items():
        assert tmp_root not in data, file
        assert b"/determinism" not in data, file
