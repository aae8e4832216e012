"""One fictional letter (tests/data/shapes/*.yaml) rendered in every shape a letter arrives in.

Each renderer writes the same letter as a file of one shape: plain text in five layouts (one paragraph
per line with and without blank lines, hard-wrapped, PDF-extracted text with page breaks and a running
footer, CRLF/CR line ends with tabs), a Word document (python-docx), a saved web page with the site's
navigation around it (lxml reads it), a reportlab PDF, and a Chromium print-to-PDF with a letterhead,
a side block of fields, justified and hyphenated text and a running footer. `reference()` is what the
pipeline should find in every shape: the passages and their sections, straight from the data.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SHAPES_DIR = Path(__file__).resolve().parents[1] / "data" / "shapes"
CHROMIUM = Path("/usr/bin/chromium")
_MARK_RE = re.compile(r"\{(\d+)\}")
FOOTER = "Vereniging van Nederlandse Gemeenten"
# Paragraphs the pipeline keeps out of passages by design (contact lines: segment._CONTACT_RE).
_CONTACT_RE = re.compile(r"^(mocht u (nog )?vragen hebben|heeft u (nog )?vragen|voor (meer informatie|vragen)|"
                         r"neem(t)? (voor vragen )?(gerust )?contact)", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    kind: str  # heading | paragraph | list_item
    text: str  # with {n} footnote marks
    bullet: str | None = None


@dataclass(frozen=True)
class ShapeLetter:
    id: str
    kind: str
    header: tuple[tuple[str, str], ...]
    addressee: tuple[str, ...]
    salutation: str | None
    items: tuple[Item, ...]
    closing: str | None
    signature: tuple[str, ...]
    footnotes: dict[int, str]
    expected: dict[str, Any]


def load(path: Path) -> ShapeLetter:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data.get("fictional") is True, f"{path}: fixture letters must be marked fictional"
    items: list[Item] = []
    for entry in data["body"]:
        if "heading" in entry:
            items.append(Item("heading", entry["heading"]))
        elif "p" in entry:
            items.append(Item("paragraph", entry["p"]))
        else:
            bullet = entry["list"]["bullet"]
            for number, text in enumerate(entry["list"]["items"]):
                items.append(Item("list_item", text, _nth_bullet(bullet, number)))
    return ShapeLetter(
        id=data["id"], kind=data["kind"], header=tuple((str(k), str(v)) for k, v in data.get("header") or []),
        addressee=tuple(data.get("addressee") or ()), salutation=data.get("salutation"), items=tuple(items),
        closing=data.get("closing"), signature=tuple(data.get("signature") or ()),
        footnotes={int(k): str(v) for k, v in (data.get("footnotes") or {}).items()}, expected=data["expected"],
    )


def letters() -> list[ShapeLetter]:
    return [load(path) for path in sorted(SHAPES_DIR.glob("*.yaml"))]


def _nth_bullet(bullet: str, number: int) -> str:
    if bullet == "a.":
        return f"{chr(ord('a') + number)}."
    if bullet == "1)":
        return f"{number + 1})"
    return bullet


def plain(text: str) -> str:
    return _MARK_RE.sub("", text)


def reference(letter: ShapeLetter) -> list[tuple[str | None, str]]:
    """(section, text) of every passage the letter holds."""
    out: list[tuple[str | None, str]] = []
    section: str | None = None
    for item in letter.items:
        if item.kind == "heading":
            section = item.text
        elif not _CONTACT_RE.match(item.text):
            out.append((section, plain(item.text)))
    return out


def header_values(letter: ShapeLetter) -> list[str]:
    return [value for _, value in letter.header]


# --- plain text -------------------------------------------------------------------------------------
def _text_with_refs(text: str) -> str:
    """Footnote marks as a text extractor leaves them: the number glued to the word before it."""
    return _MARK_RE.sub(lambda m: m.group(1), text)


def _item_line(item: Item) -> str:
    text = _text_with_refs(item.text)
    return f"{item.bullet} {text}" if item.kind == "list_item" else text


def _front(letter: ShapeLetter, separator: str = ": ") -> list[str]:
    lines = [FOOTER]
    lines += [f"{label}{separator}{value}" for label, value in letter.header]
    lines += list(letter.addressee)
    return lines


def _back(letter: ShapeLetter) -> list[str]:
    lines = [letter.closing] if letter.closing else []
    return lines + list(letter.signature)


def _footnote_lines(letter: ShapeLetter) -> list[str]:
    return [f"{number} {url}" for number, url in sorted(letter.footnotes.items())]


def paragraph_per_line(letter: ShapeLetter, blank: bool) -> str:
    blocks = _front(letter)
    if letter.salutation:
        blocks.append(letter.salutation)
    blocks += [_item_line(item) for item in letter.items]
    blocks += _back(letter) + _footnote_lines(letter)
    return ("\n\n" if blank else "\n").join(blocks) + "\n"


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Hard-wrap `text`, breaking long words at the line end with a hyphen as a word processor does."""
    lines: list[str] = []
    current = indent
    for word in text.split():
        candidate = f"{current} {word}" if current.strip() else current + word
        if len(candidate) <= width:
            current = candidate
            continue
        room = width - len(current) - 2
        if len(word) >= 12 and room >= 5 and word.isalpha() and word.islower():
            cut = _hyphen_point(word, room)
            if cut:
                lines.append(f"{current} {word[:cut]}-" if current.strip() else current + word[:cut] + "-")
                current = word[cut:]
                continue
        lines.append(current)
        current = word
    if current.strip():
        lines.append(current)
    return lines


def _hyphen_point(word: str, room: int) -> int | None:
    """A break after a vowel followed by a consonant, leaving at least four letters on each side."""
    vowels = set("aeiouy")
    for cut in range(min(room, len(word) - 4), 3, -1):
        if word[cut - 1] in vowels and word[cut] not in vowels:
            return cut
    return None


def hard_wrapped(letter: ShapeLetter, width: int = 72, line_end: str = "\n", tabs: bool = False) -> str:
    blocks = [[line] for line in _front(letter, "\t" if tabs else ": ")]
    if letter.salutation:
        blocks.append([letter.salutation])
    for item in letter.items:
        if item.kind == "list_item":
            wrapped = _wrap(f"{item.bullet} {_text_with_refs(item.text)}", width)
            blocks.append([wrapped[0], *["  " + line for line in wrapped[1:]]] if tabs else wrapped)
        else:
            blocks.append(_wrap(_text_with_refs(item.text), width))
    blocks += [[line] for line in _back(letter)]
    blocks += [[line] for line in _footnote_lines(letter)]
    return line_end.join(line_end.join(block) + line_end for block in blocks)


def pdf_extracted(letter: ShapeLetter, width: int = 92, page_lines: int = 40) -> str:
    """Text as a PDF extractor writes it: wrapped, a line of spaces between paragraphs, a running
    footer "<name> n/N" and a form feed at each page end, footnote URLs at the foot of their page."""
    blocks: list[list[str]] = [[line] for line in _front(letter)]
    if letter.salutation:
        blocks.append([letter.salutation])
    for item in letter.items:
        first = f"{item.bullet} " if item.kind == "list_item" else ""
        blocks.append(_wrap(first + _text_with_refs(item.text), width))
    blocks += [[line] for line in _back(letter)]
    pages: list[list[str]] = [[]]
    notes_on_page: list[list[str]] = [[]]
    for block in blocks:
        if len(pages[-1]) + len(block) > page_lines and pages[-1]:
            pages.append([])
            notes_on_page.append([])
        for index, line in enumerate(block):
            last = index == len(block) - 1
            pages[-1].append(line + ("  " if last and line.endswith((".", ":", ";", "?", "!")) else " "))
            for number in map(int, re.findall(r"(?<=[^\W\d_])(\d)(?=[\s,.;:)]|$)", line)):
                if number in letter.footnotes:
                    notes_on_page[-1].append(f"{number} {letter.footnotes[number]}")
        pages[-1].append("   ")  # a line of spaces: the paragraph ends
    out: list[str] = []
    for number, (page, notes) in enumerate(zip(pages, notes_on_page, strict=False), start=1):
        out += page + notes + [f"{FOOTER} {number}/{len(pages)}"]
        if number < len(pages):
            out.append("\f")
    return "\n".join(out) + "\n"


# --- Word ---------------------------------------------------------------------------------------------
def docx_bytes(letter: ShapeLetter) -> bytes:
    import io

    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for label, value in letter.header:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    for line in letter.addressee:
        document.add_paragraph(line)
    if letter.salutation:
        document.add_paragraph(letter.salutation)
    for item in letter.items:
        if item.kind == "heading":
            document.add_heading(item.text, level=2)
        elif item.kind == "list_item":
            numbered = item.bullet is not None and (item.bullet[0].isdigit() or item.bullet[0].islower())
            document.add_paragraph(plain(item.text), style="List Number" if numbered else "List Bullet")
        else:
            document.add_paragraph(plain(item.text))
    for line in _back(letter):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- web page and Chromium PDF -------------------------------------------------------------------------
def _html_text(text: str) -> str:
    return _MARK_RE.sub(lambda m: f"<sup>{m.group(1)}</sup>", html.escape(text))


def _html_body(letter: ShapeLetter) -> str:
    parts: list[str] = []
    open_list: str | None = None
    for item in letter.items:
        if item.kind == "list_item":
            tag = "ol" if item.bullet and (item.bullet[0].isdigit() or item.bullet[0].islower()) else "ul"
            if open_list != tag:
                if open_list:
                    parts.append(f"</{open_list}>")
                parts.append(f"<{tag}>")
                open_list = tag
            parts.append(f"<li>{_html_text(item.text)}</li>")
            continue
        if open_list:
            parts.append(f"</{open_list}>")
            open_list = None
        if item.kind == "heading":
            parts.append(f"<h2>{html.escape(item.text)}</h2>")
        else:
            parts.append(f"<p>{_html_text(item.text)}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    return "\n".join(parts)


def web_page(letter: ShapeLetter) -> str:
    fields = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in letter.header)
    notes = "".join(f'<li><a href="{html.escape(url)}">{html.escape(url)}</a></li>'
                    for _, url in sorted(letter.footnotes.items()))
    salutation = f"<p>{html.escape(letter.salutation)}</p>" if letter.salutation else ""
    back = "".join(f"<p>{html.escape(line)}</p>" for line in _back(letter))
    address = "<br>".join(html.escape(line) for line in letter.addressee)
    return f"""<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(letter.id)} | VNG</title>
<script>window.dataLayer = [{{"page": "brief"}}];</script><style>body {{ font-family: sans-serif; }}</style></head>
<body><div class="cookie-bar">Wij gebruiken cookies om de website te verbeteren. Akkoord</div>
<header class="site-header"><a href="/">VNG</a><nav><ul><li><a href="/onderwerpen">Onderwerpen</a></li>
<li><a href="/nieuws">Nieuws</a></li><li><a href="/brieven">Brieven</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/brieven">Brieven</a></div>
<main><article><table class="kenmerken">{fields}</table><p>{address}</p>{salutation}
{_html_body(letter)}{back}<ol class="footnotes">{notes}</ol></article></main>
<aside><h3>Gerelateerd</h3><p>Lees ook onze andere brieven over asiel en migratie.</p></aside>
<footer><p>Vereniging van Nederlandse Gemeenten, Nassaulaan 12, Den Haag</p></footer></body></html>
"""


def print_page(letter: ShapeLetter) -> str:
    """The letter as a VNG-like printed page: letterhead, a side block of fields beside the address,
    justified text with automatic hyphenation, footnotes at the end, a running footer n/N."""
    fields = "".join(f'<div class="field"><span class="label">{html.escape(k)}</span>'
                     f'<span class="value">{html.escape(v)}</span></div>' for k, v in letter.header)
    address = "".join(f"<div>{html.escape(line)}</div>" for line in letter.addressee) or "<div>&nbsp;</div>"
    notes = "".join(f"<li>{html.escape(url)}</li>" for _, url in sorted(letter.footnotes.items()))
    salutation = f'<p class="salutation">{html.escape(letter.salutation)}</p>' if letter.salutation else ""
    back = "".join(f'<p class="back">{html.escape(line)}</p>' for line in _back(letter))
    return f"""<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(letter.id)}</title>
<style>
@page {{ size: A4; margin: 25mm 22mm 25mm 25mm;
  @bottom-center {{ content: "{FOOTER} " counter(page) "/" counter(pages); font: 8pt sans-serif; }} }}
body {{ font: 10pt/1.45 "DejaVu Sans", sans-serif; }}
.letterhead {{ font: bold 14pt sans-serif; margin-bottom: 14mm; }}
.top {{ display: flex; justify-content: space-between; margin-bottom: 10mm; }}
.side {{ width: 70mm; font-size: 9pt; }}
.field {{ display: flex; }} .label {{ width: 28mm; color: #555; }} .value {{ flex: 1; }}
p, li {{ text-align: justify; hyphens: auto; -webkit-hyphens: auto; }}
h2 {{ font-size: 11pt; margin: 6mm 0 2mm; }}
.notes {{ font-size: 8pt; border-top: 1px solid #999; margin-top: 8mm; }}
</style></head><body><div class="letterhead">VNG</div>
<div class="top"><div class="address">{address}</div><div class="side">{fields}</div></div>
{salutation}{_html_body(letter)}{back}<ol class="notes">{notes}</ol></body></html>
"""


def chromium_pdf(html_text: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "letter.html"
        page.write_text(html_text, encoding="utf-8")
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )


def reportlab_pdf(letter: ShapeLetter, out: Path) -> None:
    from tests.render_pdf import RenderBlock, render_letter_pdf

    blocks = [RenderBlock("meta", f"{label}\n{value}") for label, value in letter.header]
    if letter.addressee:
        blocks.append(RenderBlock("meta", "\n".join(letter.addressee)))
    if letter.salutation:
        blocks.append(RenderBlock("meta", letter.salutation))
    for item in letter.items:
        urls = tuple(letter.footnotes[int(n)] for n in _MARK_RE.findall(item.text))
        text = plain(item.text)
        if item.kind == "list_item":
            text = f"{item.bullet} {text}"
        blocks.append(RenderBlock(item.kind, text, footnote_urls=urls))
    for line in _back(letter):
        blocks.append(RenderBlock("meta", line))
    render_letter_pdf(blocks, out, date=letter.expected.get("date"))


def write_shapes(letter: ShapeLetter, folder: Path, *, chromium: bool) -> dict[str, Path]:
    """Every shape of `letter` as a file in `folder`; returns shape name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}

    def put(shape: str, suffix: str, write: Callable[[Path], None]) -> None:
        path = folder / f"{letter.id}__{shape}{suffix}"
        write(path)
        made[shape] = path

    put("lines_blank", ".txt", lambda p: p.write_text(paragraph_per_line(letter, True), encoding="utf-8"))
    put("lines_noblank", ".txt", lambda p: p.write_text(paragraph_per_line(letter, False), encoding="utf-8"))
    put("wrapped", ".txt", lambda p: p.write_text(hard_wrapped(letter), encoding="utf-8"))
    put("pdf_text", ".txt", lambda p: p.write_text(pdf_extracted(letter), encoding="utf-8"))
    put("crlf_tabs", ".txt", lambda p: p.write_bytes(hard_wrapped(letter, 80, "\r\n", tabs=True).encode("utf-8")))
    put("cr", ".txt", lambda p: p.write_bytes(paragraph_per_line(letter, True).replace("\n", "\r").encode("utf-8")))
    put("docx", ".docx", lambda p: p.write_bytes(docx_bytes(letter)))
    put("html", ".html", lambda p: p.write_text(web_page(letter), encoding="utf-8"))
    put("reportlab", ".pdf", lambda p: reportlab_pdf(letter, p))
    if chromium:
        put("chromium", ".pdf", lambda p: chromium_pdf(print_page(letter), p))
    return made


def chromium_available() -> bool:
    return CHROMIUM.exists() and shutil.which(str(CHROMIUM)) is not None

