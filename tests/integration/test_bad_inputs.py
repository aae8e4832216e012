"""Bad input ends as `failed` with a readable error; the good files beside it are `ok`."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

GOOD_TEXT = ("Geachte leden van college en gemeenteraad,\n \nDe VNG informeert u over de opvang van "
             "asielzoekers in gemeenten.\n \nMet vriendelijke groet,\nVNG\n")


def _pdf(path: Path, text: str | None = "De opvang van asielzoekers vraagt veel van gemeenten.",
         encrypt: str | None = None) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    if text:
        pdf.drawString(72, 760, text)
    else:
        pdf.rect(72, 600, 300, 150, fill=1)  # a page with drawing only: like a scan without OCR
    pdf.showPage()
    pdf.save()
    return path


CASES = {
    "truncated.pdf": ("damaged or truncated", lambda p: p.write_bytes(_pdf(p).read_bytes()[:400])),
    "random.pdf": ("not a PDF", lambda p: p.write_bytes(os.urandom(2048))),
    "encrypted.pdf": ("encrypted", lambda p: _pdf(p, encrypt="geheim")),
    "scan.pdf": ("no text layer", lambda p: _pdf(p, text=None)),
    "empty.txt": ("empty", lambda p: p.write_bytes(b"")),
    "empty.pdf": ("empty", lambda p: p.write_bytes(b"")),
    "binary.txt": ("not text", lambda p: p.write_bytes(bytes(range(256)) * 8)),
    "broken.docx": ("not a readable Word", lambda p: p.write_bytes(b"PK\x03\x04 cut short")),
    "binary.html": ("binary data", lambda p: p.write_bytes(b"<html>\x00\x01" * 100)),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "goed.txt").write_text(GOOD_TEXT, encoding="utf-8")
    _pdf(folder / "goed.pdf")
    for name, (_, make) in CASES.items():
        make(folder / name)
    return folder


def _manifest(out: Path) -> dict[str, dict]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {f["source"]: f for f in data["files"]}


def test_each_bad_file_fails_readably_and_good_files_are_ok(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(out)])
    assert result.exit_code == 1  # failures without --allow-failures
    files = _manifest(out)
    assert files["goed.txt"]["status"] == "ok" and files["goed.pdf"]["status"] == "ok"
    for name, (phrase, _) in CASES.items():
        entry = files[name]
        assert entry["status"] == "failed", name
        assert phrase in entry["error"], (name, entry["error"])
        assert "Traceback" not in entry["error"]
    assert sorted(json.loads(p.read_text(encoding="utf-8"))["source"] for p in (out / "letters").glob("*.json")) \
        == ["goed.pdf", "goed.txt"]
    assert "Traceback" not in result.output


def test_allow_failures_exits_zero(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(tmp_path / "out"), "--allow-failures"])
    assert result.exit_code == 0


def test_encrypted_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    """Owner-password-only encryption (print/copy restrictions) is common and readable."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    folder = tmp_path / "c"
    folder.mkdir()
    _pdf(folder / "beperkt.pdf", encrypt=StandardEncryption("", ownerPassword="eigenaar", canCopy=0))
    out = tmp_path / "out"
    CliRunner().invoke(app, ["analyze", str(folder), "--out", str(out)])
    assert _manifest(out)["beperkt.pdf"]["status"] == "ok"


def test_file_names_never_write_outside_out_dir(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "..brief met spaties & ü.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "brief.txt").write_text(GOOD_TEXT + "\nAnders.\n", encoding="utf-8")
    (folder / "sub" / "brief.txt").write_text(GOOD_TEXT + "\nWeer anders.\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (out / "letters").iterdir())
    assert len(written) == 3 and len(set(written)) == 3
    assert all(p.resolve().parent == (out / "letters").resolve() for p in (out / "letters").iterdir())
    files = _manifest(out)
    assert files["link.txt"]["status"] == "skipped"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "out", "outside.txt"]


def test_duplicate_letters_are_analysed_once(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(GOOD_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    CliRunner().invoke(app, ["analyze", str(folder), "--out", str(out)])
    files = _manifest(out)
    assert files["a.txt"]["status"] == "ok"
    assert files["b.txt"]["status"] == "skipped" and "duplicate of a.txt" in files["b.txt"]["error"]


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "does not exist" in result.output
