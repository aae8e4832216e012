"""Errors of a whole run end in one line on stderr that names the path or address and says what to do,
with a non-zero exit code and no traceback; the end of every run says where the report is."""
from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.analyze import AnalyzeOptions, analyze
from pipeline.cli import app
from tests.conftest import REPO, write_fictional_letters


def vng(*args: str, cwd: Path, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "300"},
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def one_error_line(process: subprocess.CompletedProcess[str], *needles: str) -> str:
    output = process.stdout + process.stderr
    assert "Traceback" not in output, output
    lines = [line for line in process.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write_fictional_letters(folder, 3)
    return folder


# --- OUT -------------------------------------------------------------------------------------------

def test_out_is_a_file(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text("van de gebruiker\n", encoding="utf-8")
    process = vng("analyze", str(corpus), "--out", str(target), cwd=tmp_path)
    assert process.returncode == 2
    one_error_line(process, str(target), "is a file, not a folder", "give a folder")
    assert target.read_text(encoding="utf-8") == "van de gebruiker\n"


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str, str], Path]]:
    """Mount a small tmpfs (needs root and mount rights; skipped elsewhere), always unmounted."""
    mounted: list[Path] = []

    def mount(name: str, options: str) -> Path:
        point = tmp_path / name
        point.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode(errors='replace').strip()}")
        mounted.append(point)
        return point

    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_out_on_a_read_only_file_system(corpus: Path, tmp_path: Path, tmpfs: Callable[[str, str], Path]) -> None:
    point = tmpfs("ro", "ro,size=1m")
    process = vng("analyze", str(corpus), "--out", str(point / "out"), cwd=tmp_path)
    assert process.returncode == 2
    one_error_line(process, str(point / "out"), "not writable", "give another --out")


def test_out_on_a_full_disk(tmp_path: Path, tmpfs: Callable[[str, str], Path]) -> None:
    corpus = tmp_path / "groot"
    write_fictional_letters(corpus, 40)
    point = tmpfs("vol", "size=64k")
    process = vng("analyze", str(corpus), "--out", str(point / "out"), "--workers", "1", cwd=tmp_path)
    assert process.returncode == 2, process.stderr
    one_error_line(process, str(point / "out"), "the disk is full", "free some space or give another --out")
    assert not list((point / "out").rglob("*.tmp"))


def test_a_write_error_injected_in_process_is_one_line(corpus: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as a full disk, on any machine: fsync of one output fails with ENOSPC."""
    import pipeline.export as export

    real_fsync = os.fsync
    calls = {"n": 0}

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(export.os, "fsync", failing_fsync)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(out) in lines[0] and "the disk is full" in lines[0], lines
    assert not list(out.rglob("*.tmp"))


def test_out_not_writable_injected(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied (root ignores file modes, so the error is injected where OUT is probed)."""
    import pipeline.collection as collection

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(collection.tempfile, "mkstemp", denied)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(out)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(out) in lines[0] and "not writable" in lines[0], lines


# --- CORPUS ----------------------------------------------------------------------------------------

def test_corpus_missing(tmp_path: Path) -> None:
    process = vng("analyze", str(tmp_path / "nergens"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert process.returncode == 2
    one_error_line(process, str(tmp_path / "nergens"), "does not exist", "give the folder")
    assert not (tmp_path / "out").exists()


def test_corpus_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "brief.txt").write_text("tekst\n", encoding="utf-8")
    process = vng("analyze", str(tmp_path / "brief.txt"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert process.returncode == 2
    one_error_line(process, "brief.txt", "is a file, not a folder", "give the folder")


def test_corpus_empty(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    process = vng("analyze", str(tmp_path / "leeg"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert process.returncode == 2
    one_error_line(process, str(tmp_path / "leeg"), "is empty", "put the letters")


def test_corpus_without_a_supported_file_says_which_types_it_found(tmp_path: Path) -> None:
    folder = tmp_path / "anders"
    folder.mkdir()
    for name in ("a.jpg", "b.jpg", "c.odt", "notes"):
        (folder / name).write_bytes(b"x")
    process = vng("analyze", str(folder), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert process.returncode == 2
    one_error_line(process, str(folder), "holds no", "found: 2 .jpg, 1 (no suffix), 1 .odt")


# --- Dask ------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_dask_scheduler_fails_fast(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    started = time.monotonic()
    process = vng("analyze", str(corpus), "--out", str(tmp_path / "out"), "--executor", "dask",
                  "--scheduler", address, cwd=tmp_path)
    assert time.monotonic() - started < 15  # start-up included; Dask alone would wait 30 s
    assert process.returncode == 2
    one_error_line(process, f"cannot reach the Dask scheduler at {address}: connection refused", "dask scheduler")


# --- letters that fail, workers that die -------------------------------------------------------------

def test_the_end_of_a_run_says_where_the_report_is_and_about_allow_failures(corpus: Path, tmp_path: Path) -> None:
    (corpus / "leeg.txt").write_bytes(b"")
    out = tmp_path / "out"
    process = vng("analyze", str(corpus), "--out", str(out), "--workers", "1", cwd=tmp_path)
    assert process.returncode == 1 and "Traceback" not in process.stderr
    assert f"report: {out / 'report.html'}" in process.stderr
    assert "1 letter(s) failed" in process.stderr and str(out / "manifest.json") in process.stderr
    assert "--allow-failures" in process.stderr and "ARGS=--allow-failures" in process.stderr
    allowed = vng("analyze", str(corpus), "--out", str(out), "--allow-failures", cwd=tmp_path)
    assert allowed.returncode == 0 and "1 letter(s) failed" in allowed.stderr
    (corpus / "leeg.txt").unlink()
    clean = vng("analyze", str(corpus), "--out", str(out), cwd=tmp_path)
    assert clean.returncode == 0 and f"report: {out / 'report.html'}" in clean.stderr and "failed (" not in clean.stderr


def _deadly_letter_result(letter, engine, clock=None, **kwargs: object):  # runs in a forked worker: dies on one letter
    if letter.source == "brief0001.txt":
        os._exit(9)
    return _REAL_LETTER_RESULT(letter, engine, clock, **kwargs)


_REAL_LETTER_RESULT = None


@pytest.mark.skipif(sys.platform == "win32" or "fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="the injected crash reaches the workers through fork")
def test_a_worker_that_dies_fails_its_letter_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    global _REAL_LETTER_RESULT
    import pipeline.letter as per_letter

    corpus = tmp_path / "corpus"
    write_fictional_letters(corpus, 12)
    _REAL_LETTER_RESULT = per_letter.letter_result
    monkeypatch.setattr(per_letter, "letter_result", _deadly_letter_result)
    out = tmp_path / "out"
    summary = analyze(corpus, out, AnalyzeOptions(workers=2))
    by_source = {o.source: o for o in summary.outcomes}
    problems = [(s, o.status, o.error) for s, o in by_source.items() if o.status != "ok"]
    assert by_source["brief0001.txt"].status == "failed", problems
    assert "worker process died" in (by_source["brief0001.txt"].error or ""), problems
    assert [p[0] for p in problems] == ["brief0001.txt"], problems
    assert len(list((out / "letters").glob("*.json"))) == 11


# --- file modes --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("umask", "file_mode", "dir_mode"), [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)])
def test_outputs_respect_the_umask(corpus: Path, tmp_path: Path, umask: int, file_mode: int, dir_mode: int) -> None:
    out = tmp_path / "out"
    process = vng("analyze", str(corpus), "--out", str(out), "--workers", "1", cwd=tmp_path, umask=umask)
    assert process.returncode == 0, process.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == file_mode, (path, oct(path.stat().st_mode))
    for path in [out, *(p for p in out.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(path.stat().st_mode) == dir_mode, path
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["ok"] == 3


def test_a_second_run_into_the_same_out_is_refused_while_the_first_runs(corpus: Path, tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    out = tmp_path / "out"
    out.mkdir()
    handle = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running `vng analyze` holds it
        process = vng("analyze", str(corpus), "--out", str(out), cwd=tmp_path)
    finally:
        os.close(handle)
    assert process.returncode == 2
    one_error_line(process, f"another vng run is writing into {out}", "wait until it ends")
    assert list(out.iterdir()) == []
    assert vng("analyze", str(corpus), "--out", str(out), cwd=tmp_path).returncode == 0  # released: runs
