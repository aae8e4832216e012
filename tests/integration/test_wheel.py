"""The package installs anywhere: a wheel built from this checkout, installed in a fresh venv, analyses
a letter from a folder outside the repository, with the models it carries (importlib.resources).

The wheel is built by pip (its build backend comes from PyPI or pip's cache) and installed with
--no-deps; the fresh venv borrows the dependencies (spaCy, numpy, ...) of the running environment
through a .pth line, which adds that site-packages folder without its .pth files, so the checkout's
editable install is not seen. The test runs from a temporary folder with no checkout above it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

REPO = Path(__file__).resolve().parents[2]


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-4000:])
    return done


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_analyses_a_letter_outside_the_repo(tmp_path: Path) -> None:
    # Built from a copy of the files git knows (tracked or not ignored): a build/ folder left in the
    # checkout by an earlier build would otherwise leak deleted modules into the wheel.
    src = tmp_path / "src"
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO).stdout
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(src)], cwd=tmp_path)
    (wheel,) = dist.glob("vng_brieven-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "pipeline/models/inference.npy" in names and "pipeline/entities/lexicons/orgs.yaml" in names
    assert not [n for n in names if n.startswith(("tests/", "pipeline/testing/")) or "__pycache__" in n]

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=tmp_path).stdout.strip())
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "--quiet",
          str(wheel)], cwd=tmp_path)

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VNG_MODELS", "VNG_CORPORA")}
    where = _run([str(python), "-c", "import pipeline, pipeline.paths as p; print(pipeline.__file__); "
                  "print(p.models_dir()); print(p.checkout())"], cwd=tmp_path, env=env).stdout.split()
    assert where[0].startswith(str(site)) and where[1].startswith(str(site)) and where[2] == "None", where

    letters = tmp_path / "letters"
    letters.mkdir()
    source = sorted(EXAMPLES.glob("*.txt"))[0]
    (letters / source.name).write_bytes(source.read_bytes())
    out = tmp_path / "out"
    _run([str(env_dir / "bin" / "vng"), "analyze", str(letters), "--out", str(out), "--workers", "1"],
         cwd=tmp_path, env=env)
    (letter,) = (out / "letters").glob("*.json")
    result = json.loads(letter.read_text(encoding="utf-8"))
    assert result["source"] == source.name and result["passages"] and result["entities"]
    assert any(p["themes"] for p in result["passages"])  # the classifiers loaded from the wheel's models
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [f["status"] for f in manifest["files"]] == ["ok"]
