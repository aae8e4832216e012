"""Loading and validating the shipped pattern and lexicon files.

Every file is found through importlib.resources (so it works from a wheel as well as a checkout) and
checked when it is loaded: a problem raises DataFileError naming the file, the line and what is
wrong, so a bad edit fails at start-up instead of silently matching nothing.

Formats
-------
lexicons/*.yaml   plain YAML; gazetteers (orgs, places, laws) have ``label`` and ``groups``: each
                  group is a list whose items are a name (canonical = the name) or a one-key mapping
                  ``canonical: [other surface forms]``.
patterns/*.yaml   regex rule sets: ``label`` and ``rules`` (name, regex, optional priority,
                  canonical template, exclude list). Regexes may use ``<<placeholder>>`` for
                  alternations built from lexicons (see pipeline.entities.rules).
patterns/*.jsonl  spaCy token patterns, one JSON object a line: {"label", "pattern", "id"?}.

`LeaveOut` names surfaces to leave out of the gazetteers and portfolios (leave-one-letter-out
estimates, pipeline.evaluate.entities_lolo): it is passed as an argument and as component config.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from spacy.matcher import Matcher
from spacy.vocab import Vocab

from pipeline.datafiles import LineDict, LineList, fail, parse_jsonl, read_text
from pipeline.datafiles import read_yaml as read_data_file
from pipeline.errors import DataFileError
from pipeline.types import ENTITY_LABELS

PACKAGE = "pipeline.entities"


def resource(kind: str, name: str) -> Traversable:
    """A shipped data file: kind is 'lexicons' or 'patterns'."""
    return resources.files(PACKAGE).joinpath(kind).joinpath(name)


def shipped_files(kind: str) -> list[str]:
    """Names of the shipped data files of one kind, sorted."""
    folder = resources.files(PACKAGE).joinpath(kind)
    return sorted(item.name for item in folder.iterdir()
                  if item.name.endswith((".yaml", ".jsonl")) and item.is_file())


def read_yaml(source: Traversable | Path, name: str | None = None) -> LineDict:
    """Parse a YAML data file whose top level is a mapping, keeping line numbers (pipeline.datafiles)."""
    return read_data_file(source, name).data


@dataclass(frozen=True)
class YamlFile:
    """A parsed YAML data file plus helpers that raise DataFileError with its name and lines."""

    name: str
    data: LineDict

    def line_of(self, key: str, within: LineDict | None = None) -> int:
        holder = self.data if within is None else within
        return holder.key_lines.get(key, holder.line)

    def error(self, line: int | None, what: str) -> DataFileError:
        return fail(self.name, line, what)

    def get(self, key: str, kind: type | tuple[type, ...], *, within: LineDict | None = None,
            required: bool = True, default: Any = None) -> Any:
        holder = self.data if within is None else within
        if key not in holder:
            if required:
                raise self.error(holder.line, f"missing key {key!r}")
            return default
        value = holder[key]
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.error(self.line_of(key, holder), f"{key!r} must be a {names}, not {type(value).__name__}")
        return value

    def strings(self, key: str, *, within: LineDict | None = None, required: bool = True) -> tuple[str, ...]:
        """A list of non-empty strings."""
        items = self.get(key, list, within=within, required=required, default=LineList())
        out: list[str] = []
        for index, item in enumerate(items):
            line = items.item_lines[index] if isinstance(items, LineList) else None
            if not isinstance(item, str) or not item.strip():
                raise self.error(line, f"items of {key!r} must be non-empty strings, found {item!r}")
            out.append(item)
        return tuple(out)

    def string_map(self, key: str, *, within: LineDict | None = None, required: bool = True,
                   value_kind: type | tuple[type, ...] = str) -> dict[str, Any]:
        holder = self.get(key, dict, within=within, required=required, default=LineDict())
        for item_key, value in holder.items():
            line = holder.key_lines.get(item_key) if isinstance(holder, LineDict) else None
            if not isinstance(item_key, str) or not item_key.strip():
                raise self.error(line, f"keys of {key!r} must be non-empty strings, found {item_key!r}")
            if not isinstance(value, value_kind) or isinstance(value, bool):
                raise self.error(line, f"{key}.{item_key} has a value of the wrong type: {value!r}")
        return dict(holder)


def load_yaml(source: Traversable | Path, name: str | None = None) -> YamlFile:
    return YamlFile(name or str(getattr(source, "name", None) or source), read_yaml(source, name))


# ---------------------------------------------------------------- leaving entries out

# What leave-one-letter-out leaves out of the name lexicons: lexicon file name ("orgs.yaml") ->
# surface forms, as a hashable value. Functions that build something from the lexicons take it as
# an argument (and are cached per value), and components take it as config: nothing is swapped in
# module state, so a cache cannot mix reduced and full lexicons.
LeaveOut = tuple[tuple[str, frozenset[str]], ...]


def as_leave_out(drop: Mapping[str, Iterable[str]] | None) -> LeaveOut:
    """The hashable form of {lexicon file: surfaces to leave out} (None or empty: nothing)."""
    return tuple(sorted((name, frozenset(surfaces)) for name, surfaces in (drop or {}).items() if surfaces))


def left_out(leave: LeaveOut, name: str) -> frozenset[str]:
    """The surfaces of lexicon file `name` that `leave` leaves out."""
    return dict(leave).get(name, frozenset())


@cache
def lexicon(name: str) -> YamlFile:
    """A shipped lexicon, parsed once per process."""
    return load_yaml(resource("lexicons", name), f"lexicons/{name}")


# ---------------------------------------------------------------- gazetteers

@dataclass(frozen=True)
class GazetteerEntry:
    surface: str
    canonical: str
    group: str
    line: int


@dataclass(frozen=True)
class Gazetteer:
    label: str
    entries: tuple[GazetteerEntry, ...]
    needs_context: frozenset[str]  # surfaces that are also common words: match only after a context word
    context_before: frozenset[str]
    not_entities: frozenset[str]  # casefolded generic words that are never this label (filters model ents)
    alias_only: frozenset[str] = frozenset()  # surfaces that name the entity but are not matched alone

    def matchable(self) -> tuple[GazetteerEntry, ...]:
        return tuple(e for e in self.entries if e.surface not in self.alias_only)

    def aliases(self) -> dict[str, str]:
        """casefolded surface -> canonical, for normalising names found by other rules."""
        return {entry.surface.casefold(): entry.canonical for entry in self.entries}


def parse_gazetteer(file: YamlFile) -> Gazetteer:
    label = file.get("label", str)
    if label not in ENTITY_LABELS:
        raise file.error(file.line_of("label"), f"unknown label {label!r}; use one of {', '.join(ENTITY_LABELS)}")
    groups = file.get("groups", dict)
    entries: list[GazetteerEntry] = []
    seen: dict[str, tuple[str, int]] = {}
    for group, items in groups.items():
        group_line = groups.key_lines.get(group, groups.line)
        if not isinstance(items, LineList):
            raise file.error(group_line, f"group {group!r} must be a list")
        for index, item in enumerate(items):
            line = items.item_lines[index]
            for surface, canonical in _gazetteer_item(file, item, line):
                previous = seen.get(surface)
                if previous and previous[0] != canonical:
                    raise file.error(line, f"{surface!r} is listed for {previous[0]!r} (line {previous[1]}) "
                                           f"and for {canonical!r}")
                seen[surface] = (canonical, line)
                entries.append(GazetteerEntry(surface, canonical, str(group), line))
    needs_context = frozenset(file.strings("needs_context", required=False))
    unknown = needs_context - set(seen)
    if unknown:
        raise file.error(file.line_of("needs_context"), f"needs_context names unlisted entries: {sorted(unknown)}")
    alias_only = frozenset(file.strings("alias_only", required=False))
    unknown = alias_only - set(seen)
    if unknown:
        raise file.error(file.line_of("alias_only"), f"alias_only names unlisted entries: {sorted(unknown)}")
    return Gazetteer(
        label=label,
        alias_only=alias_only,
        entries=tuple(entries),
        needs_context=needs_context,
        context_before=frozenset(file.strings("context_before", required=bool(needs_context))),
        not_entities=frozenset(s.casefold() for s in file.strings("not_entities", required=False)),
    )


def _gazetteer_item(file: YamlFile, item: Any, line: int) -> Iterable[tuple[str, str]]:
    if isinstance(item, str) and item.strip():
        yield item.strip(), item.strip()
        return
    if isinstance(item, dict) and len(item) == 1:
        canonical, aliases = next(iter(item.items()))
        if isinstance(canonical, str) and canonical.strip():
            if aliases is None:
                aliases = []
            if isinstance(aliases, str):
                aliases = [aliases]
            if isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases):
                yield canonical.strip(), canonical.strip()
                for alias in aliases:
                    yield alias.strip(), canonical.strip()
                return
    raise file.error(line, f"an entry must be a name or 'canonical: [aliases]', found {item!r}")


@cache
def gazetteer(name: str, leave: LeaveOut = ()) -> Gazetteer:
    """A shipped gazetteer, without the surfaces `leave` leaves out."""
    table = parse_gazetteer(lexicon(name))
    dropped = left_out(leave, name)
    if not dropped:
        return table
    return replace(table, entries=tuple(e for e in table.entries if e.surface not in dropped))


# ---------------------------------------------------------------- JSONL token patterns

@dataclass(frozen=True)
class TokenPattern:
    label: str
    pattern: str | list[dict[str, Any]]
    id: str | None  # the canonical name, when the pattern has one
    line: int


def parse_jsonl_patterns(text: str, where: str) -> tuple[TokenPattern, ...]:
    """EntityRuler-style lines: {"label": ..., "pattern": "phrase" | [token dicts], "id": ...}."""

    checker = Matcher(Vocab(), validate=True)
    out: list[TokenPattern] = []
    for number, row in parse_jsonl(text, where, allowed=("label", "pattern", "id")):
        label = row.get("label")
        if label not in ENTITY_LABELS:
            raise fail(where, number, f"'label' must be one of {', '.join(ENTITY_LABELS)}, found {label!r}")
        pattern = row.get("pattern")
        if isinstance(pattern, list):
            try:
                checker.add(f"line{number}", [pattern])
            except ValueError as err:  # spaCy's MatchPatternError is a ValueError
                raise fail(where, number, f"invalid token pattern: {err}") from err
        elif not (isinstance(pattern, str) and pattern.strip()):
            raise fail(where, number, "'pattern' must be a phrase string or a list of token dicts")
        ident = row.get("id")
        if ident is not None and not (isinstance(ident, str) and ident.strip()):
            raise fail(where, number, "'id' must be a non-empty string when given")
        out.append(TokenPattern(label, pattern, ident, number))
    return tuple(out)


def load_jsonl_patterns(source: Traversable | Path, name: str | None = None) -> tuple[TokenPattern, ...]:
    where = name or str(source)
    return parse_jsonl_patterns(read_text(source, where), where)


@cache
def token_patterns(name: str) -> tuple[TokenPattern, ...]:
    return load_jsonl_patterns(resource("patterns", name), f"patterns/{name}")
