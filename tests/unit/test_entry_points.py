"""catalogue's entry points, selected once per group, are the ones catalogue itself selects."""
from __future__ import annotations

import subprocess
import sys

import catalogue
import pytest

import pipeline  # noqa: F401 - memoises catalogue's look-ups
from pipeline import entry_points


def test_memoised_selections_equal_catalogues_own() -> None:
    original = getattr(catalogue.Registry, "_vng_original_get_entry_points")  # noqa: B009 - set by memoise()
    for namespace in (("spacy", "factories"), ("spacy", "languages"), ("srsly", "msgpack_decoders"), ("vng", "none")):
        registry = catalogue.Registry(namespace, entry_points=True)
        first = registry._get_entry_points()
        assert list(first) == list(original(registry))
        assert registry._get_entry_points() is first  # selected once


def test_replaced_entry_points_bypass_the_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = catalogue.Registry(("spacy", "factories"), entry_points=True)
    registry._get_entry_points()
    monkeypatch.setattr(catalogue, "AVAILABLE_ENTRY_POINTS", {})  # a test's own set: read as catalogue would
    assert list(registry._get_entry_points()) == []


def test_memoise_is_idempotent() -> None:
    method = catalogue.Registry._get_entry_points
    entry_points.memoise()
    assert catalogue.Registry._get_entry_points is method


def test_spacy_builds_the_same_pipeline() -> None:
    code = ("import pipeline, spacy\n"
            "nlp = spacy.blank('nl')\n"
            "nlp.add_pipe('sentencizer')\n"
            "print(nlp.pipe_names, [t.text for t in nlp('Zie art. 3, lid 2.')])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['sentencizer'] ['Zie', 'art.', '3', ',', 'lid', '2', '.']"
