"""Every shipped data file loads; a broken one fails loudly with its file and line."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.entities.data import (
    gazetteer,
    lexicon,
    load_jsonl_patterns,
    load_yaml,
    parse_gazetteer,
    shipped_files,
    token_patterns,
)
from pipeline.entities.normalize.names import FILTERS
from pipeline.entities.rules import TEMPLATE_FILTERS, load_rules, shipped_rules
from pipeline.errors import DataFileError

GAZETTEERS = ("orgs.yaml", "places.yaml", "laws.yaml")


@pytest.mark.parametrize("name", shipped_files("lexicons"))
def test_every_lexicon_parses(name: str) -> None:
    assert lexicon(name).data


@pytest.mark.parametrize("name", GAZETTEERS)
def test_gazetteers_are_valid(name: str) -> None:
    table = gazetteer(name)
    assert table.entries
    assert all(entry.surface == entry.surface.strip() for entry in table.entries)


@pytest.mark.parametrize("name", [n for n in shipped_files("patterns") if n.endswith(".yaml")])
def test_every_rule_set_compiles(name: str) -> None:
    assert shipped_rules(name).rules


@pytest.mark.parametrize("name", [n for n in shipped_files("patterns") if n.endswith(".jsonl")])
def test_every_token_pattern_file_is_valid(name: str) -> None:
    assert token_patterns(name)


def test_template_filters_are_implemented() -> None:
    assert set(TEMPLATE_FILTERS) == set(FILTERS)


def test_all_dutch_municipalities_are_listed() -> None:
    groups = lexicon("places.yaml").data["groups"]
    municipalities = [item for name, items in groups.items() if name.startswith("municipalities") for item in items]
    assert len(municipalities) >= 330  # plus Groningen and Utrecht, listed as provinces


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DataFileError) as info:
        call()
    return str(info.value)


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.yaml", "label: ORG\ngroups:\n  x: [a, b\n")
    message = _error(lambda: load_yaml(path, "bad.yaml"))
    assert message.startswith("bad.yaml:") and "invalid YAML" in message


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "dup.yaml", "label: ORG\nlabel: WET\n")
    assert "duplicate key" in _error(lambda: load_yaml(path, "dup.yaml"))


def test_bad_gazetteer_entry_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.yaml", "label: ORG\ngroups:\n  bodies:\n    - COA\n    - 12\n")
    message = _error(lambda: parse_gazetteer(load_yaml(path, "g.yaml")))
    assert message.startswith("g.yaml:5:") and "entry" in message


def test_conflicting_canonicals_are_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.yaml", "label: ORG\ngroups:\n  a:\n    - COA: [X]\n    - IND: [X]\n")
    assert "g.yaml:5:" in _error(lambda: parse_gazetteer(load_yaml(path, "g.yaml")))


def test_unknown_label_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.yaml", "label: THING\ngroups: {}\n")
    assert "g.yaml:1:" in _error(lambda: parse_gazetteer(load_yaml(path, "g.yaml")))


def test_regex_that_does_not_compile_names_its_rule_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.yaml", "label: WET\nrules:\n  - name: ok\n    regex: 'wet'\n  - name: broken\n    regex: '(wet'\n")
    message = _error(lambda: load_rules(path, "r.yaml"))
    assert message.startswith("r.yaml:5:") and "broken" in message and "compile" in message


def test_unknown_placeholder_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.yaml", "label: WET\nrules:\n  - name: x\n    regex: '<<NOPE>>wet'\n")
    assert "<<NOPE>>" in _error(lambda: load_rules(path, "r.yaml"))


def test_template_group_must_exist(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.yaml", "label: WET\nrules:\n  - name: x\n    regex: 'wet'\n    canonical: '{name}'\n")
    assert "{name}" in _error(lambda: load_rules(path, "r.yaml"))


def test_unknown_rule_key_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.yaml", "label: WET\nrules:\n  - name: x\n    regexp: 'wet'\n")
    assert "r.yaml:3:" in _error(lambda: load_rules(path, "r.yaml"))


@pytest.mark.parametrize(("line", "what"), [
    ("{not json", "invalid JSON"),
    ('{"label": "THING", "pattern": "x"}', "'label'"),
    ('{"label": "ORG", "pattern": [{"NOPE": 1}]}', "invalid token pattern"),
    ('{"label": "ORG", "pattern": 3}', "'pattern'"),
    ('{"label": "ORG", "pattern": "x", "extra": 1}', "unknown keys"),
])
def test_broken_jsonl_pattern_names_file_and_line(tmp_path: Path, line: str, what: str) -> None:
    path = _write(tmp_path, "p.jsonl", '{"label": "ORG", "pattern": "VNG"}\n' + line + "\n")
    message = _error(lambda: load_jsonl_patterns(path, "p.jsonl"))
    assert message.startswith("p.jsonl:2:") and what in message
