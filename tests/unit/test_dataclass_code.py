"""The stored code of dataclasses' generated methods gives the same classes as compiling them, cold or warm,
and a damaged or foreign file never fails a run."""
from __future__ import annotations

import dataclasses
import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import dataclass_code


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "__pycache__" / "codes.marshal"
    previous = dataclass_code._reset_for_tests(path)
    try:
        yield path
    finally:
        dataclass_code._CODES = previous


def _make() -> tuple[type, type]:
    """Two invented classes: a frozen one with a default factory, and an ordered one."""

    @dataclasses.dataclass(frozen=True)
    class Passage:
        text: str
        page: int | None = None
        themes: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    @dataclasses.dataclass(order=True)
    class Count:
        value: int
        unit: str = "plekken"

    return Passage, Count


def _behaves(passage_cls: type, count_cls: type) -> None:
    first = passage_cls("De gemeente vangt 40 mensen op.", 2)
    assert first == passage_cls("De gemeente vangt 40 mensen op.", 2) and first.themes == ()
    assert hash(first) == hash(passage_cls("De gemeente vangt 40 mensen op.", 2))
    assert repr(first) == "_make.<locals>.Passage(text='De gemeente vangt 40 mensen op.', page=2, themes=())"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.page = 3  # type: ignore[misc]
    assert sorted([count_cls(3), count_cls(1, "euro")]) == [count_cls(1, "euro"), count_cls(3)]
    assert passage_cls.__init__.__annotations__ == {"text": "str", "page": "int | None", "themes": "tuple[str, ...]",
                                                    "return": None}


def test_cold_and_warm_classes_behave_alike(store: Path) -> None:
    _behaves(*_make())
    assert dataclass_code._CODES is not None and dataclass_code._CODES.new  # compiled and kept
    dataclass_code.save()
    assert store.is_file()
    codes = dataclass_code._reset_for_tests(store)  # a new process: every text comes from the file
    assert codes is not None
    _behaves(*_make())
    assert dataclass_code._CODES is not None and dataclass_code._CODES.new == {}  # all were in the file


def test_stored_code_is_what_exec_compiles(store: Path) -> None:
    _make()
    assert dataclass_code._CODES is not None
    for text, code in dataclass_code._CODES.new.items():
        assert code == compile(text, "<string>", "exec", dont_inherit=True)
        namespace: dict[str, object] = {}
        exec(code, {}, namespace)  # noqa: S102 - the generated text's outer function, as dataclasses runs it
        assert "__create_fn__" in namespace


def test_a_damaged_or_foreign_file_means_compiling(store: Path) -> None:
    store.parent.mkdir(parents=True)
    for junk in (b"", b"\x00garbage", marshal.dumps(("another python", {"def f(): pass": compile("1", "x", "eval")}))):
        store.write_bytes(junk)
        dataclass_code._reset_for_tests(store)
        _behaves(*_make())
        dataclass_code.save()  # replaces the junk with good entries
    dataclass_code._reset_for_tests(store)
    _behaves(*_make())
    assert dataclass_code._CODES is not None and dataclass_code._CODES.new == {}


def test_installed_for_the_package() -> None:
    # pipeline/__init__.py installs it before any module of the pipeline, spaCy or thinc is imported
    assert vars(dataclasses).get("exec") is dataclass_code._exec
