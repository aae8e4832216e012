"""Hostile inputs next to good letters: one `vng analyze` run over all of them, each outcome checked.

The corpus is generated in a tmp folder (see CASES and `_build_corpus`); the run is a subprocess
(`python -m pipeline analyze`, two workers), as a user would start it, so the terminal output is the
real one, worker processes included. tests/robustness/README.md has the table of cases and outcomes.
"""
from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.extract.clean import BLOCK_MAX_CHARS
from tests.conftest import EXAMPLES, REPO
from tests.robustness.raw_pdf import raw_pdf

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

MAX_BYTES = 2_000_000  # --max-bytes of the run: `groot.txt` is over it, everything else under it
MAX_SECONDS = 240  # --max-seconds of the run: generous, so the 500-page PDF is judged on its own merits
PAGES = 500
BOMB_MB = 300  # what the bomb's content stream inflates to

GOOD_TXT = EXAMPLES / "vb01_kamerbrief_commissiedebat_2024.txt"
GOOD_PDF = EXAMPLES / "vb05_ledenbrief_evaluatie_paviljoens_2025.pdf"
VARIANT = EXAMPLES / "vb02_ledenbrief_stand_van_zaken_2024.txt"

SHORT_LETTER = (
    "Geachte leden van college en gemeenteraad,\n \n"
    "De VNG informeert u over de opvang van asielzoekers. Gemeenten ontvangen € 1,2 miljoen voor de opvang "
    "van Oekraïners – dat is ruim 15% meer dan vorig jaar, zo’n 300 plaatsen.\n \n"
    "Met vriendelijke groet,\nVereniging van Nederlandse Gemeenten\n"
)
PDF_LINES = ("Geachte leden van college en gemeenteraad,",
             "De opvang van asielzoekers vraagt veel van gemeenten. Het COA zoekt 3.000 extra plaatsen.",
             "Met vriendelijke groet,", "Vereniging van Nederlandse Gemeenten")


# --- makers -------------------------------------------------------------------------------------

def _variant(number: int) -> bytes:
    """A good letter with distinct bytes (so it is not a duplicate of another)."""
    return VARIANT.read_bytes() + f"\nKenmerk 2024-{number:04d}.\n".encode()


def _pdf(lines: tuple[str, ...] | None = PDF_LINES, encrypt: object = None) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, encrypt=encrypt)
    if lines:
        for index, line in enumerate(lines):
            pdf.drawString(72, 760 - 30 * index, line)  # a blank line's gap between paragraphs
    else:
        pdf.rect(72, 500, 400, 250, fill=1)  # drawing only: what a scan without OCR looks like to pdfminer
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _long_pdf(pages: int) -> bytes:
    """`pages` pages of one paragraph that never ends (no blank line, no sentence end until the last
    page), under a running head and above a page number: 3,500 wrapped lines for the cleaner to join."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(72, 810, f"Vereniging van Nederlandse Gemeenten {page}/{pages}")
        pdf.drawString(290, 30, str(page))
        pdf.setFont("Helvetica", 10)
        text = pdf.beginText(72, 740)
        for line in range(7):
            text.textLine(f"gemeenten vangen op blad {page} asielzoekers op en regel {line + 1} van deze lange alinea "
                          "gaat over huis-")
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _bomb(megabytes: int) -> bytes:
    """A one-page PDF whose FlateDecode content stream is a few hundred KB and inflates to `megabytes` MB."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    return raw_pdf([(b"", stream)])


def _zip() -> bytes:
    """A .docx-like zip archive: binary data, NUL bytes in its header."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", SHORT_LETTER)
    return buffer.getvalue()


def _with_controls_and_long_lines() -> bytes:
    """A good letter with a few stray control characters and one 200,000-character line."""
    rng = random.Random(3)
    lines = []
    sentence = "Gemeenten vragen het kabinet om structurele middelen voor de opvang van asielzoekers. "
    for line in VARIANT.read_text(encoding="utf-8").splitlines():
        if line.startswith("Met vriendelijke groet"):  # the long line goes in the body, before the closing
            lines += [(sentence * (200_000 // len(sentence))).strip(), " "]
        if line.strip() and rng.random() < 0.3:
            at = rng.randrange(len(line) + 1)
            line = line[:at] + rng.choice(["\x07", "\x1b", "\x0b", "\x7f", "\x85", "\x1b[31m"]) + line[at:]
        lines.append(line)
    assert len(lines) > 20 and any(len(line) > 100_000 for line in lines)
    return "\n".join(lines).encode("utf-8")


@dataclass(frozen=True)
class Case:
    name: str  # path under the corpus folder
    make: Callable[[Path], None]
    status: str  # ok | failed | skipped | absent (not listed in the manifest)
    phrase: str | None = None  # part of the manifest's error message


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data() if callable(data) else data)


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _truncated(path: Path) -> None:
    data = GOOD_PDF.read_bytes()
    path.write_bytes(data[: len(data) * 6 // 10])


CASES: list[Case] = [
    # good letters
    Case("goed.txt", _bytes(GOOD_TXT.read_bytes()), "ok"),
    Case("goed.pdf", _bytes(GOOD_PDF.read_bytes()), "ok"),
    # damaged and impostor PDFs
    Case("afgekapt.pdf", _truncated, "failed", "damaged or truncated"),
    Case("willekeurig.pdf", _bytes(lambda: random.Random(1).randbytes(4096)), "failed", "not a PDF"),
    Case("kapotte-kop.pdf", _bytes(lambda: b"%PDF-1.7\n" + random.Random(2).randbytes(4096)), "failed",
         "damaged or truncated"),
    Case("versleuteld.pdf", _bytes(lambda: _pdf(encrypt="geheim")), "failed", "encrypted"),
    Case("alleen-eigenaarswachtwoord.pdf",
         _bytes(lambda: _pdf(encrypt=StandardEncryption("", ownerPassword="eigenaar", canCopy=0))), "ok"),
    Case("scan.pdf", _bytes(lambda: _pdf(lines=None)), "failed", "OCR is not supported"),
    Case("bom.pdf", _bytes(lambda: _bomb(BOMB_MB)), "failed", "decompression bomb"),
    Case("lang-500-paginas.pdf", _bytes(lambda: _long_pdf(PAGES)), "ok"),
    # empty, binary and odd text files
    Case("leeg.txt", _bytes(b""), "failed", "empty"),
    Case("leeg.pdf", _bytes(b""), "failed", "empty"),
    Case("witruimte.txt", _bytes(b"  \n\t\n \r\n"), "failed", "empty"),
    Case("document.txt", _bytes(_zip), "failed", "binary data"),
    Case("besturingstekens.txt", _bytes(bytes(range(1, 32)) * 40 + b"tekst"), "failed", "control characters"),
    Case("afgebroken-utf16.txt", _bytes(SHORT_LETTER.encode("utf-16")[:-1]), "failed", "not valid UTF-16"),
    Case("cp1252.txt", _bytes(SHORT_LETTER.encode("cp1252")), "ok"),
    Case("utf16.txt", _bytes(SHORT_LETTER.encode("utf-16")), "ok"),
    Case("stuurtekens-lange-regels.txt", _bytes(_with_controls_and_long_lines), "ok"),
    Case("groot.txt", _bytes(lambda: (SHORT_LETTER * (MAX_BYTES // len(SHORT_LETTER) + 10)).encode()), "failed",
         "over the limit"),
    # names
    Case("brief met spaties.txt", _bytes(_variant(1)), "ok"),
    Case("Brief ü – café №1.TXT", _bytes(_variant(2)), "ok"),
    Case("..verborgen brief.txt", _bytes(_variant(3)), "ok"),
    Case("regel\nbreuk.txt", _bytes(_variant(4)), "ok"),
    Case("[red]opmaak.txt", _bytes(b"\x00\x01binary"), "failed", "binary data"),  # rich markup in a printed name
    Case("..\\..\\uit/..brief.txt", _bytes(_variant(5)), "ok"),  # `..\..\uit` is one folder name on POSIX
    Case(".../brief.txt", _bytes(_variant(6)), "ok"),
    Case("..%2F..%2Fuit/brief.txt", _bytes(_variant(7)), "ok"),
    Case("sub map/-rf.txt", _bytes(_variant(8)), "ok"),
    Case(unicodedata.normalize("NFC", "café.txt"), _bytes(_variant(9)), "ok"),
    Case(unicodedata.normalize("NFD", "café.txt"), _bytes(_variant(10)), "ok"),  # same doc_id stem "cafe"
    Case("Hoofdletters.txt", _bytes(_variant(11)), "ok"),
    Case("hoofdletters.txt", _bytes(_variant(12)), "ok"),
    Case("\x1b[2Jwis-scherm.txt", _bytes(b"\x00binary"), "failed", "binary data"),  # a terminal escape in a name
    # duplicates and links
    Case("goed_kopie.txt", _bytes(GOOD_TXT.read_bytes()), "skipped", "duplicate of goed.txt"),
    Case("zz-alias.txt", _link("goed.txt"), "skipped", "duplicate of goed.txt"),  # a link inside the corpus
    Case("buiten.txt", _link("../buiten/brief.txt"), "skipped", "outside the corpus"),
    Case("buitenmap", _link("../buiten"), "absent"),  # a linked folder is not descended into
    Case("lus", _link("."), "absent"),  # a folder loop
    Case("weg.txt", _link("bestaat-niet.txt"), "skipped", "target does not exist"),  # a dangling link
    Case("zelf.txt", _link("zelf.txt"), "skipped", "link loop"),  # a link to itself
    Case("pijp.txt", lambda p: os.mkfifo(p), "skipped", "not a regular file"),  # never opened: would block
    Case("map.pdf/brief.txt", _bytes(_variant(13)), "ok"),  # a folder named like a letter
]
BY_NAME = {case.name: case for case in CASES}


# --- the run ------------------------------------------------------------------------------------

def _tree(root: Path, skip: Path) -> dict[str, tuple]:
    """Everything under root (not following links), except `skip`: path -> (kind, size, mtime, link target)."""
    found: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d != skip]
        for name in dirs + files:
            path = here / name
            info = path.lstat()
            target = path.readlink() if stat.S_ISLNK(info.st_mode) else None
            found[str(path.relative_to(root))] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, target)
    return found


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "COV_"))}
    env.update(PYTHONPATH=str(REPO), TMPDIR=str(tmp), **extra)
    return env


def run_vng(args: list[str], cwd: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "analyze", *args], cwd=cwd, env=_env(tmp),
                          capture_output=True, text=True, errors="surrogateescape", timeout=600)


@dataclass(frozen=True)
class Run:
    corpus: Path
    out: Path
    process: subprocess.CompletedProcess[str]
    files: dict[str, dict]
    before: dict[str, tuple]
    after: dict[str, tuple]

    @property
    def output(self) -> str:
        return self.process.stdout + self.process.stderr

    def letter(self, name: str) -> dict:
        return json.loads((self.out / "letters" / f"{self.files[name]['doc_id']}.json").read_text(encoding="utf-8"))


def _build_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (root / "buiten").mkdir()
    (root / "buiten" / "brief.txt").write_bytes(_variant(99))
    for case in CASES:
        path = corpus / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        case.make(path)
    return corpus


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("hostile")
    corpus = _build_corpus(root)
    for folder in ("cwd", "tmp"):
        (root / folder).mkdir()
    out = root / "out"
    before = _tree(root, skip=out)
    process = run_vng([str(corpus), "--out", str(out), "--workers", "2", "--max-bytes", str(MAX_BYTES),
                       "--max-seconds", str(MAX_SECONDS)], cwd=root / "cwd", tmp=root / "tmp")
    after = _tree(root, skip=out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return Run(corpus, out, process, {f["source"]: f for f in manifest["files"]}, before, after)


pytestmark = pytest.mark.slow  # the module's one run takes ~15-25 s (the 500-page PDF)


# --- outcomes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name.encode("unicode_escape").decode())
def test_outcome(run: Run, case: Case) -> None:
    entry = run.files.get(case.name)
    if case.status == "absent":
        assert entry is None or entry["status"] == "skipped", entry  # not read; a `skipped` note would do too
        return
    assert entry is not None, f"{case.name!r} is not in the manifest"
    assert entry["status"] == case.status, entry
    if case.phrase:
        assert case.phrase in entry["error"], entry["error"]
        assert "Traceback" not in entry["error"] and "unexpected" not in entry["error"], entry["error"]
    if case.status == "ok":
        assert entry["error"] is None and (run.out / "letters" / f"{entry['doc_id']}.json").is_file()


def test_exit_code_and_terminal_output(run: Run) -> None:
    assert run.process.returncode == 1, run.output  # some files failed, no --allow-failures
    assert "Traceback" not in run.output
    failed = sum(1 for c in CASES if c.status == "failed")
    assert re.search(rf"\b{failed} failed\b", run.output), run.output
    assert "[red]opmaak.txt" in run.output  # printed literally, not taken as rich markup


def test_letters_written_are_exactly_the_ok_files(run: Run) -> None:
    written = sorted(p.name for p in (run.out / "letters").iterdir())
    expected = sorted(f"{f['doc_id']}.json" for f in run.files.values() if f["status"] == "ok")
    assert written == expected
    assert len(set(written)) == len(written)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+\.json", name) and not name.startswith(".") for name in written)
    sources = sorted(json.loads((run.out / "letters" / name).read_text(encoding="utf-8"))["source"] for name in written)
    assert sources == sorted(s for s, f in run.files.items() if f["status"] == "ok")


def test_nothing_is_written_outside_out_dir(run: Run) -> None:
    assert run.after == run.before  # corpus, cwd, TMPDIR and the outside folder are untouched
    assert all(p.resolve().is_relative_to(run.out.resolve()) for p in run.out.rglob("*"))


def test_linked_folders_are_not_descended(run: Run) -> None:
    assert not [s for s in run.files if s.startswith(("buitenmap/", "lus/"))]
    assert not any("Kenmerk 2024-0099" in p.read_text(encoding="utf-8") for p in (run.out / "letters").iterdir())


def test_names_collide_only_in_the_doc_id_and_get_a_hash(run: Run) -> None:
    ids = [run.files[unicodedata.normalize(form, "café.txt")]["doc_id"] for form in ("NFC", "NFD")]
    assert ids[0] != ids[1] and all(i.startswith("cafe") for i in ids)
    assert run.files["..\\..\\uit/..brief.txt"]["doc_id"] == "brief" or \
        run.files["..\\..\\uit/..brief.txt"]["doc_id"].startswith("brief-")


def test_doc_ids_are_unique_ignoring_case(run: Run) -> None:
    ids = [f["doc_id"] for f in run.files.values() if f["status"] == "ok"]
    assert len({i.casefold() for i in ids}) == len(ids)


def test_no_terminal_escape_sequences_from_file_names(run: Run) -> None:
    assert "\x1b" not in run.output


# --- what the ok letters hold -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "encoding"), [("cp1252.txt", "cp1252"), ("utf16.txt", "utf-16"),
                                                ("goed.txt", "utf-8")])
def test_encoding_is_recorded_and_text_decoded(run: Run, name: str, encoding: str) -> None:
    letter = run.letter(name)
    assert letter["encoding"] == encoding
    if name != "goed.txt":
        text = " ".join(p["text"] for p in letter["passages"])
        assert "€ 1,2 miljoen" in text and "Oekraïners – dat is ruim 15%" in text and "zo’n 300" in text


def test_control_characters_are_dropped_and_long_lines_split(run: Run) -> None:
    letter = run.letter("stuurtekens-lange-regels.txt")
    texts = [p["text"] for p in letter["passages"]]
    assert not any(unicodedata.category(ch) == "Cc" for text in texts for ch in text)
    assert max(len(t) for t in texts) <= BLOCK_MAX_CHARS
    assert sum("structurele middelen" in t for t in texts) >= 200_000 // 5000 // 2  # the long line is kept, in parts


def test_owner_password_only_pdf_is_read(run: Run) -> None:
    letter = run.letter("alleen-eigenaarswachtwoord.pdf")
    assert any("Het COA zoekt 3.000 extra plaatsen" in p["text"] for p in letter["passages"])


def test_500_page_pdf(run: Run) -> None:
    entry = run.files["lang-500-paginas.pdf"]
    letter = run.letter("lang-500-paginas.pdf")
    assert entry["pages"] == PAGES and letter["page_count"] == PAGES
    texts = [p["text"] for p in letter["passages"]]
    assert max(len(t) for t in texts) <= BLOCK_MAX_CHARS  # the endless paragraph is cut into passages
    assert " ".join(texts).count("gemeenten vangen op blad") == 7 * PAGES  # no line lost
    assert not any("Vereniging van Nederlandse Gemeenten" in t for t in texts)  # running heads removed
    # Joining 3,500 lines into one block took ~30 CPU seconds (quadratic) before the fix; now well under one.
    assert entry["stages"]["clean_segment"] < 5, entry


# --- runs of their own --------------------------------------------------------------------------

def test_time_limit_stops_a_slow_letter(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "traag.pdf").write_bytes(_long_pdf(150))  # several seconds of pdfminer, stopped after 0.2 s
    out = tmp_path / "out"
    process = run_vng([str(corpus), "--out", str(out), "--workers", "1", "--max-seconds", "0.2"],
                      cwd=tmp_path, tmp=tmp_path)
    entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"][0]
    assert process.returncode == 1 and entry["status"] == "failed", process.stderr
    assert "took longer than 0.2 s" in entry["error"] and entry["seconds"] < 5
    assert "Traceback" not in process.stdout + process.stderr


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOOD_TXT, corpus / "goed.txt")
    # a name that is not UTF-8 can only be written as bytes
    Path(os.fsdecode(os.path.join(os.fsencode(corpus), b"brief-\xff\xfe.txt"))).write_bytes(_variant(1))  # noqa: PTH118
    out = tmp_path / "out"
    process = run_vng([str(corpus), "--out", str(out), "--workers", "1"], cwd=tmp_path, tmp=tmp_path)
    assert "Traceback" not in process.stdout + process.stderr
    assert process.returncode == 0, process.stderr
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert [f["status"] for f in files] == ["ok", "ok"]
    assert len({f["doc_id"] for f in files}) == 2


def test_names_that_differ_only_in_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, byte in enumerate((b"\xff", b"\xfe", b"\xfd")):
        Path(os.fsdecode(os.path.join(os.fsencode(corpus), b"a" + byte + b".txt"))).write_bytes(_variant(number))  # noqa: PTH118
    out = tmp_path / "out"
    process = run_vng([str(corpus), "--out", str(out), "--workers", "1"], cwd=tmp_path, tmp=tmp_path)
    assert process.returncode == 0, process.stderr
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert [f["status"] for f in files] == ["ok", "ok", "ok"]
    assert len({f["source"] for f in files}) == 3
    assert len({f["doc_id"] for f in files}) == 3 and len(list((out / "letters").iterdir())) == 3
