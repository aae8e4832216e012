"""The stored-pattern cache gives the same patterns as re.compile, cold or warm, and never fails a run."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import regex_cache

PATTERNS = [
    (r"(?<![\w-])(?:motie|amendement)-(?P<name>[A-Z][a-z]+)(?!\w)", re.IGNORECASE),
    (r"\b(\d{1,2})\s+(januari|februari|maart)\s+(\d{4})\b", 0),
    (r"(?x) € \s* (?P<amount>\d+(?:,\d+)?) \s* (miljoen|miljard)?", re.VERBOSE),
    (r"^(?:\s*\([^)]*\))?(?:\W+\w+){0,4}?\W+(?:geschrapt|verlaagd)(?!\w)", re.IGNORECASE | re.MULTILINE),
    (r"[A-Z]\.(?:[A-Z]\.)*\s?[A-Z][a-z]+", 0),
]
TEXTS = ["De motie-Vondeling vraagt om € 12,5 miljoen.", "Op 1 januari 2025 schreef L.K. Geluk (VNG) ons",
         "AMENDEMENT-dijk", "(zie bijlage) de bijdrage wordt verlaagd", ""]


@pytest.fixture
def cache_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "__pycache__" / "patterns.marshal"
    previous = regex_cache._reset_for_tests(path)
    try:
        yield path
    finally:
        regex_cache._CACHE = previous


def _same(compiled: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert (compiled.pattern, compiled.flags, compiled.groups, dict(compiled.groupindex)) == \
        (expected.pattern, expected.flags, expected.groups, dict(expected.groupindex))
    for text in TEXTS:
        assert [(m.span(), m.groups()) for m in compiled.finditer(text)] == \
            [(m.span(), m.groups()) for m in expected.finditer(text)]


def test_cold_and_warm_patterns_equal_re_compile(cache_file: Path) -> None:
    for pattern, flags in PATTERNS:
        _same(regex_cache.compile_pattern(pattern, flags), pattern, flags)
    regex_cache.save_patterns()
    assert cache_file.is_file()
    regex_cache._reset_for_tests(cache_file)  # a new process: everything comes from the file
    for pattern, flags in PATTERNS:
        _same(regex_cache.compile_pattern(pattern, flags), pattern, flags)
    assert regex_cache._CACHE.stored == {} and regex_cache._CACHE.new == {}  # all were hits


def test_a_damaged_or_foreign_file_means_plain_compiling(cache_file: Path) -> None:
    cache_file.parent.mkdir(parents=True)
    for junk in (b"", b"\x00garbage", __import__("marshal").dumps(("another python", {("a", 0): (0, [], 0, {}, ())}))):
        cache_file.write_bytes(junk)
        regex_cache._reset_for_tests(cache_file)
        for pattern, flags in PATTERNS:
            _same(regex_cache.compile_pattern(pattern, flags), pattern, flags)
        regex_cache.save_patterns()  # replaces the junk with good entries
    regex_cache._reset_for_tests(cache_file)
    regex_cache.compile_pattern(*PATTERNS[0])
    assert regex_cache._CACHE.new == {}


def test_a_damaged_entry_is_compiled_again(cache_file: Path) -> None:
    pattern, flags = PATTERNS[0]
    cache = regex_cache._CACHE
    cache.loaded = True
    cache.stored[(pattern, flags)] = (0, [999999], 0, {}, ())  # code _sre refuses
    _same(regex_cache.compile_pattern(pattern, flags), pattern, flags)


def test_an_invalid_pattern_raises_re_error(cache_file: Path) -> None:
    with pytest.raises(re.error):
        regex_cache.compile_pattern("(unclosed", 0)


def test_an_unwritable_folder_only_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    previous = regex_cache._reset_for_tests(blocker / "__pycache__" / "patterns.marshal")
    try:
        _same(regex_cache.compile_pattern(*PATTERNS[1]), *PATTERNS[1])
        regex_cache.save_patterns()  # cannot write: no error
    finally:
        regex_cache._CACHE = previous


def test_an_sre_compile_that_rejects_the_stored_form_means_plain_re(cache_file: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    class Moved:  # another Python whose _sre.compile takes other arguments
        @staticmethod
        def compile(*args: object) -> object:
            raise TypeError("compile() takes other arguments")

    monkeypatch.setattr(regex_cache, "_sre", Moved)
    for pattern, flags in PATTERNS:
        _same(regex_cache.compile_pattern(pattern, flags), pattern, flags)
    regex_cache.save_patterns()
    assert not cache_file.exists()


def test_a_pattern_compiled_twice_in_a_process_stays_a_hit(cache_file: Path) -> None:
    # Two readers with the same pattern (the same cue in two lists): one compile, and next time no miss.
    pattern, flags = PATTERNS[0]
    first = regex_cache.compile_pattern(pattern, flags)
    assert regex_cache.compile_pattern(pattern, flags) is first
    regex_cache.save_patterns()
    regex_cache._reset_for_tests(cache_file)
    for _ in range(2):
        _same(regex_cache.compile_pattern(pattern, flags), pattern, flags)
    assert regex_cache._CACHE.new == {}  # the second use was no miss either (it was: every run again)


def test_derived_values_are_kept_per_version(cache_file: Path) -> None:
    regex = re.compile(*PATTERNS[1])
    calls: list[str] = []

    def compute() -> tuple[str, ...]:
        calls.append("computed")
        return ("januari", "maart")

    assert regex_cache.derived_value("needles", "v1", regex, compute) == ("januari", "maart")
    regex_cache.save_patterns()
    regex_cache._reset_for_tests(cache_file)  # a new process
    assert regex_cache.derived_value("needles", "v1", regex, compute) == ("januari", "maart")
    assert calls == ["computed"]  # from the file
    assert regex_cache.derived_value("needles", "v2", regex, compute) == ("januari", "maart")
    assert calls == ["computed", "computed"]  # another version of the code: computed again
    _same(regex_cache.compile_pattern(*PATTERNS[1]), *PATTERNS[1])  # patterns and values side by side


def test_literal_needles_from_the_file_equal_a_fresh_parse(cache_file: Path) -> None:
    from pipeline.concepts.lexicon import _literal_needles, literal_needles

    regexes = [re.compile(r"overvolle? (?:woningen|huizen)", re.IGNORECASE), re.compile("a x|b"), re.compile(r"\w+")]
    fresh = [_literal_needles(r) for r in regexes]
    assert [literal_needles(r) for r in regexes] == fresh
    regex_cache.save_patterns()
    regex_cache._reset_for_tests(cache_file)
    assert [literal_needles(r) for r in regexes] == fresh
    regex_cache._CACHE.derived = {k: 42 for k in regex_cache._CACHE.derived}  # damaged values: parsed again
    assert [literal_needles(r) for r in regexes] == fresh
