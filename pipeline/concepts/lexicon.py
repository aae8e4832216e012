"""A concept lexicon as data: canonical names with regex patterns, validated loudly at load time.

File format (YAML):

    kind: risico
    concepts:
      - name: dakloosheid
        patterns: ['dakloos\\w*', 'op straat (?:belanden|terechtkomen)']
      - name: "druk op {x}"          # {x} is filled from the named group x, lower-cased
        patterns: ['druk op (?:de |het )?(?P<x>opvang|asielketen)']

Patterns are matched case-insensitively on word boundaries. When matches overlap, the longest wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from pipeline.errors import DataFileError


@dataclass(frozen=True)
class ConceptMatch:
    kind: str
    name: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Entry:
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ConceptLexicon:
    kind: str
    source: str
    entries: tuple[_Entry, ...]

    def find(self, text: str) -> list[ConceptMatch]:
        found: list[ConceptMatch] = []
        for entry in self.entries:
            for match in entry.pattern.finditer(text):
                name = entry.name
                if "{x}" in name:
                    name = name.replace("{x}", re.sub(r"\s+", " ", (match.group("x") or "").lower()).strip())
                found.append(ConceptMatch(self.kind, name, match.start(), match.end(), match.group(0)))
        return _longest_first(found)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.entries)


def _longest_first(matches: list[ConceptMatch]) -> list[ConceptMatch]:
    chosen: list[ConceptMatch] = []
    for match in sorted(matches, key=lambda m: (-(m.end - m.start), m.start, m.name)):
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: (m.start, m.name))


def parse_lexicon(text: str, source: str) -> ConceptLexicon:
    """Parse and validate a lexicon; errors name the file, the line and what is wrong."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DataFileError(f"{source}: not valid YAML: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str) or not isinstance(data.get("concepts"), list):
        raise DataFileError(f"{source}: needs a top-level mapping with 'kind' (text) and 'concepts' (a list)")
    lines: list[int] = []
    if root is not None:
        for key, value in root.value:
            if key.value == "concepts":
                lines = [node.start_mark.line + 1 for node in value.value]
    entries: list[_Entry] = []
    seen: set[str] = set()
    for index, item in enumerate(data["concepts"]):
        where = f"{source}, line {lines[index] if index < len(lines) else '?'}"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise DataFileError(f"{where}: each concept needs a non-empty 'name'")
        patterns = item.get("patterns")
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise DataFileError(f"{where}: concept {item['name']!r} needs a non-empty list of 'patterns' (strings)")
        if item["name"] in seen:
            raise DataFileError(f"{where}: concept {item['name']!r} is listed twice; merge its patterns")
        seen.add(item["name"])
        for pattern in patterns:
            try:
                compiled = re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", re.IGNORECASE)
            except re.error as error:
                raise DataFileError(f"{where}: pattern {pattern!r} of {item['name']!r} is not a valid regex: {error}") from error
            if "{x}" in item["name"] and "x" not in compiled.groupindex:
                raise DataFileError(f"{where}: {item['name']!r} uses {{x}} but pattern {pattern!r} has no (?P<x>...) group")
            entries.append(_Entry(item["name"], compiled))
    return ConceptLexicon(kind=data["kind"], source=source, entries=tuple(entries))


@lru_cache(maxsize=None)
def load_lexicon(filename: str) -> ConceptLexicon:
    """A lexicon shipped in this package (pipeline/concepts/<filename>)."""
    resource = resources.files("pipeline.concepts").joinpath(filename)
    return parse_lexicon(resource.read_text(encoding="utf-8"), f"pipeline/concepts/{filename}")
