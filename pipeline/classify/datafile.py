"""Reading the classifier's shipped YAML data files with line numbers, so errors can point at them.

A problem in a data file raises DataFileError naming the file, the line and what is wrong: a bad edit
must fail loudly at start-up instead of silently matching nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from pipeline.errors import DataFileError
from pipeline.yaml_lines import LineDict, LineList, LineLoader


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

    def regex(self, pattern: str, line: int, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        try:
            return re.compile(pattern, flags)
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


def read_yaml(source: Traversable | Path, name: str | None = None) -> DataFile:
    where = name or str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise fail(where, None, f"cannot be read ({err})") from err
    return parse_yaml(text, where)


def package_file(package: str, name: str) -> Traversable:
    """A data file shipped inside a package (works from a checkout and from a wheel)."""
    return resources.files(package).joinpath(name)
