"""Word and web-page letters are read; other document types are listed, with what to do; an empty result fails."""
from __future__ import annotations

import io
import json
from pathlib import Path

import docx
from typer.testing import CliRunner

from pipeline.cli import app

BODY = "De VNG informeert u over de opvang van asielzoekers in gemeenten en de huisvesting van statushouders."


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Geachte leden van college en gemeenteraad,")
    document.add_heading("Opvang", level=2)
    document.add_paragraph(BODY)
    document.add_paragraph("Met vriendelijke groet,")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_folder_of_mixed_types_is_listed_entry_by_entry(tmp_path: Path) -> None:
    corpus = tmp_path / "brieven"
    corpus.mkdir()
    (corpus / "brief.docx").write_bytes(_docx())
    (corpus / "pagina.html").write_text(f"<html><body><nav><a href='/'>Home</a></nav><main><p>Geachte leden,</p>"
                                        f"<p>{BODY}</p></main><footer>VNG</footer></body></html>", encoding="utf-8")
    (corpus / "oud.odt").write_bytes(b"PK\x03\x04 not really an odt")
    (corpus / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0 a jpeg")
    (corpus / "leeg.txt").write_text("Geachte leden,\n\nMet vriendelijke groet,\n\nVNG\n", encoding="utf-8")
    (corpus / "notities.json").write_text("{}", encoding="utf-8")  # not a document type: not listed
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output  # leeg.txt failed
    files = {entry["source"]: entry for entry in json.loads((out / "manifest.json").read_text())["files"]}
    assert set(files) == {"brief.docx", "pagina.html", "oud.odt", "scan.jpg", "leeg.txt"}
    for source in ("brief.docx", "pagina.html"):
        assert files[source]["status"] == "ok" and files[source]["passages"] == 1, files[source]
    assert files["brief.docx"]["layout"] == "docx" and files["pagina.html"]["layout"] == "html"
    assert files["oud.odt"]["status"] == "skipped" and "save it as .docx, PDF or text" in files["oud.odt"]["error"]
    assert files["scan.jpg"]["status"] == "skipped" and "OCR is not supported" in files["scan.jpg"]["error"]
    assert files["leeg.txt"]["status"] == "failed" and "no content found" in files["leeg.txt"]["error"]
    letter = json.loads((out / "letters" / "brief.json").read_text())
    assert [(p["section"], p["text"]) for p in letter["passages"]] == [("Opvang", BODY)]
    page = json.loads((out / "letters" / "pagina.json").read_text())
    assert [p["text"] for p in page["passages"]] == [BODY]  # navigation and footer are not passages
