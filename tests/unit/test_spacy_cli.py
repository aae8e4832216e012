"""spaCy's CLI package is imported only when used (pipeline/spacy_cli.py), and then works as before."""
from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_importing_the_pipeline_and_spacy_leaves_the_cli_out() -> None:
    out = _run("import sys, pipeline.cli, spacy\n"
               "print(sorted(m for m in ('spacy.cli.download', 'spacy.cli.train', 'weasel', 'jinja2') if m in sys.modules))")
    assert out.strip() == "[]"


@pytest.mark.parametrize("use", [
    "print(callable(spacy.cli.download))",  # an attribute of the package
    "from spacy.cli.train import train; print(callable(train))",  # a submodule (training/nl_vng_core does this)
    "import spacy.cli.download as d; print(callable(d.download))",
    "import spacy.cli; print(callable(spacy.cli.init_config))",
    "print(isinstance(spacy.info(), dict))",  # spacy.info, from spacy.cli.info
])
def test_the_cli_is_there_when_used(use: str) -> None:
    out = _run(f"import sys, pipeline, spacy\n{use}\n"
               "print(type(sys.modules['spacy.cli']).__name__, spacy.cli is sys.modules['spacy.cli'])")
    assert out.split() == ["True", "module", "True"]


def test_nothing_is_deferred_when_spacy_came_first() -> None:
    out = _run("import sys, spacy, pipeline\nprint(type(sys.modules['spacy.cli']).__name__)")
    assert out.strip() == "module"
