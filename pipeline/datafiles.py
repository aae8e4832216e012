"""The one reader of the project's data files (YAML and JSONL), with file:line errors.

Every data file goes through here: the shipped lexicons, patterns and cues (found next to their
readers through importlib.resources, so a wheel works as well as a checkout), the training data and
the gold annotations. A problem raises DataFileError naming the file, the line and what is wrong: a
bad edit fails loudly at start-up instead of silently matching nothing.

- `read_yaml` / `parse_yaml`: a YAML file whose top level is a mapping, parsed by `LineLoader`, whose
  mappings (`LineDict`) and sequences (`LineList`) remember their lines; duplicate keys are errors.
  `DataFile` has typed accessors and `check_keys`, which rejects unknown keys and names the allowed ones.
- `read_jsonl`: one JSON object a line, ("file:line", record) pairs, required keys checked.
- `package_file`: a data file shipped inside a package.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import DataFileError
from pipeline.regex_cache import compile_pattern


# --- a YAML loader that keeps line numbers -------------------------------------------------------
class LineDict(dict[Any, Any]):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A YAML sequence that remembers its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


# libyaml's parser (C) when PyYAML has it: the same documents and marks, ten times faster to load,
# which is most of the data-file cost at start-up. The constructors below are ours either way.
SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(SafeBase):
    pass


def _mapping(loader: LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


# --- YAML data files -----------------------------------------------------------------------------
def fail(where: str, line: int | None, what: str) -> DataFileError:
    place = f"{where}:{line}" if line else where
    return DataFileError(f"{place}: {what}. Fix the data file; the pipeline does not start with it.")


@dataclass(frozen=True)
class DataFile:
    """A parsed YAML data file: its name (for messages), its text and its top-level mapping."""

    name: str
    text: str
    data: LineDict

    def fail(self, line: int | None, what: str) -> DataFileError:
        return fail(self.name, line, what)

    # --- typed accessors that raise DataFileError with the right line -----------------------------
    def mapping(self, parent: LineDict, key: str, *, required: bool = True) -> LineDict:
        value = parent.get(key)
        if value is None and not required:
            empty = LineDict()
            empty.line, empty.key_lines = parent.line, {}
            return empty
        if not isinstance(value, LineDict):
            raise self.fail(parent.key_lines.get(key, parent.line), f"'{key}' must be a mapping")
        return value

    def strings(self, parent: LineDict, key: str, *, required: bool = True) -> list[tuple[str, int]]:
        """A list of non-empty strings as (value, line) pairs."""
        value = parent.get(key)
        line = parent.key_lines.get(key, parent.line)
        if value is None:
            if required:
                raise self.fail(parent.line, f"missing key '{key}'")
            return []
        if not isinstance(value, LineList):
            raise self.fail(line, f"'{key}' must be a list of strings")
        out: list[tuple[str, int]] = []
        for item, item_line in zip(value, value.item_lines, strict=True):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(item_line, f"'{key}' holds {item!r}; expected a non-empty string")
            out.append((item, item_line))
        return out

    def word_lists(self, families: dict[str, int]) -> dict[str, list[str]]:
        """The top level's lists of single lower-case words, one per key of `families` (no other key allowed);
        a word is in at most one list of the same family number ("one word, one class")."""
        self.check_keys(self.data, set(families), "the top level")
        lists: dict[str, list[str]] = {}
        owners: dict[int, dict[str, tuple[str, int]]] = {}
        for key, family in families.items():
            owner = owners.setdefault(family, {})
            lists[key] = []
            for word, line in self.strings(self.data, key):
                if not re.fullmatch(r"[a-zà-ÿ]+", word):
                    raise self.fail(line, f"{key}: {word!r} must be one lower-case word")
                if word in owner:
                    other, other_line = owner[word]
                    raise self.fail(line, f"{key}: {word!r} is also in {other} (line {other_line}); a word has one class")
                owner[word] = (key, line)
                lists[key].append(word)
        return lists

    def regex(self, pattern: str, line: int, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        try:
            return compile_pattern(pattern, flags)  # re.compile, from stored code when compiled before
        except re.error as err:
            raise self.fail(line, f"invalid regular expression {pattern!r}: {err}") from err

    def check_keys(self, mapping: LineDict, allowed: set[str], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                raise self.fail(mapping.key_lines.get(key, mapping.line),
                                f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})")


def parse_yaml(text: str, name: str) -> DataFile:
    try:
        data = yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        raise fail(name, line, f"invalid YAML: {err.problem or err}") from err
    except yaml.YAMLError as err:
        raise fail(name, None, f"invalid YAML: {err}") from err
    if not isinstance(data, LineDict):
        raise fail(name, 1, "the top level must be a mapping")
    return DataFile(name=name, text=text, data=data)


def read_text(source: Traversable | Path, where: str) -> str:
    """A data file's text; a file that cannot be read is a DataFileError naming it."""
    try:
        return source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise fail(where, None, f"cannot be read ({err})") from err


def read_yaml(source: Traversable | Path, name: str | None = None) -> DataFile:
    where = name or str(source)
    return parse_yaml(read_text(source, where), where)


def package_file(package: str, name: str) -> Traversable:
    """A data file shipped inside a package (works from a checkout and from a wheel)."""
    return resources.files(package).joinpath(name)


# --- JSONL data files ----------------------------------------------------------------------------
def parse_jsonl(text: str, where: str, required: Sequence[str] = (),
                allowed: Sequence[str] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for every line that is not empty or a `//` comment; DataFileError names
    the file and line of invalid JSON, a line that is not an object, missing keys or (with `allowed`)
    unknown keys."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise fail(where, number, f"invalid JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise fail(where, number, "each line must be a JSON object")
        missing = [key for key in required if key not in record]
        if missing:
            raise fail(where, number, f"missing {', '.join(missing)}")
        if allowed is not None and set(record) - set(allowed):
            raise fail(where, number, f"unknown keys {sorted(set(record) - set(allowed))} "
                                      f"(allowed: {', '.join(sorted(allowed))})")
        yield number, record


def read_jsonl(path: Path, required: Sequence[str] = ()) -> Iterator[tuple[str, dict[str, Any]]]:
    """("file:line", record) for every record of a JSONL file (see parse_jsonl)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise fail(str(path), None, f"cannot be read ({error})") from error
    for number, record in parse_jsonl(text, str(path), required):
        yield f"{path}:{number}", record
