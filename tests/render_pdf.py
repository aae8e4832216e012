"""Render a structured letter into a PDF that looks like a real VNG letter.

Used by tests and the benchmark: the PDF carries exactly the artefacts the cleaner has to undo
(running headers "Vereniging van Nederlandse Gemeenten n/N", bare page numbers, hyphenated line
ends, words broken at their own hyphen, superscript footnote references and footnote URLs at the
page foot). We lay out every line ourselves on reportlab's low-level canvas instead of platypus,
so where a line breaks is fully under our control and reproducible.
"""
from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date as _date
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

__all__ = ["RenderBlock", "blocks_from_text", "render_letter_pdf"]

DEFAULT_HEADER = "Vereniging van Nederlandse Gemeenten"

BLOCK_KINDS = ("heading", "paragraph", "list_item", "meta")
# Synonyms accepted so callers may pass pipeline BlockKind values straight through.
_KIND_ALIASES = {"salutation": "meta", "closing": "meta"}


@dataclass(frozen=True)
class RenderBlock:
    """One block of a letter.

    kind: "heading" | "paragraph" | "list_item" | "meta". Meta blocks (date, subject,
    salutation, closing, signature) are drawn as-is, one output line per text line.
    footnote_urls: URLs cited by the block; one superscript number goes after the block's last
    word and the URLs are printed at the foot of the page where that number lands.
    """

    kind: str
    text: str
    footnote_urls: tuple[str, ...] = ()


# --- page geometry (points) --------------------------------------------------------------
PAGE_W, PAGE_H = A4
LEFT = 72.0
RIGHT = 80.0
TEXT_W = PAGE_W - LEFT - RIGHT  # ~455pt: about 90-95 characters of 10pt Helvetica, as in real letters
TOP_FIRST = PAGE_H - 105.0  # first baseline on page 1, below the letterhead
TOP_OTHER = PAGE_H - 80.0  # first baseline on later pages, below the running header
HEADER_Y = PAGE_H - 45.0
PAGE_NUMBER_Y = 30.0
FOOT_BASE_Y = 52.0  # baseline of the lowest footnote line
BODY_BOTTOM = 62.0  # lowest body baseline when the page has no footnotes

BODY_FONT, BOLD_FONT = "Helvetica", "Helvetica-Bold"
BODY_SIZE, HEADING_SIZE, SMALL_SIZE, SUP_SIZE = 10.0, 11.0, 8.0, 6.0
LEADING = 13.0
PARA_GAP = 10.0  # extra space between paragraphs: must be clearly larger than normal leading gaps
HEADING_GAP = 16.0  # extra space before a heading
LIST_GAP = 2.0  # extra space between consecutive list items
SUP_RISE = 3.8
FOOT_LEADING = 10.0
LIST_INDENT = 16.0  # hanging indent of list item text
FOOT_RULE_W = 150.0

_FANCY_FONT = "VngDejaVuSans"
_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")

# consonant groups that may open a syllable, longest first so "schr" wins over "chr"
_ONSETS = (
    "schr", "spr", "str", "spl", "sch",
    "br", "dr", "gr", "kr", "pr", "tr", "vr", "fr", "bl", "gl", "kl", "pl", "fl", "ch",
)
_VOWELS = set("aeiouyáàâäéèêëíìîïóòôöúùûü")
_URL_BREAK_AFTER = set("/-?&=_.")

_MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}


# --- fonts ---------------------------------------------------------------------------------
_fancy_font_state: dict[str, str | None] = {}


def _fancy_font() -> str | None:
    """Register a TTF that has "➢" (Helvetica lacks it); None when no such font is installed."""
    if "name" in _fancy_font_state:
        return _fancy_font_state["name"]
    name: str | None = None
    for base in _FONT_DIRS:
        if not base.is_dir():
            continue
        found = sorted(p for p in base.rglob("DejaVuSans.ttf"))
        if found:
            try:
                pdfmetrics.registerFont(TTFont(_FANCY_FONT, str(found[0])))
                name = _FANCY_FONT
            except Exception:  # noqa: BLE001 - a broken font file must not break rendering: fall back to "•"
                name = None
            break
    _fancy_font_state["name"] = name
    return name


def _width(text: str, font: str = BODY_FONT, size: float = BODY_SIZE) -> float:
    return pdfmetrics.stringWidth(text, font, size)


# --- layout data ---------------------------------------------------------------------------
@dataclass
class _Token:
    text: str
    sup: str = ""  # superscript reference glued after this token


@dataclass
class _Op:
    """A drawing operation on one page."""

    x: float
    y: float
    text: str
    font: str
    size: float


@dataclass
class _Page:
    ops: list[_Op] = field(default_factory=list)
    notes: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (number, urls)
    note_lines: int = 0


# --- hyphenation ---------------------------------------------------------------------------
def _split_affixes(word: str) -> tuple[str, str, str]:
    """Separate leading/trailing punctuation so hyphenation only looks at the letters."""
    m = re.match(r"^(\W*)(.*?)(\W*)$", word, flags=re.UNICODE)
    assert m is not None
    return m.group(1), m.group(2), m.group(3)


def _is_vowel(core: str, i: int) -> bool:
    ch = core[i].lower()
    if ch in _VOWELS:
        return True
    # Dutch "ij" acts as one vowel
    return ch == "j" and i > 0 and core[i - 1].lower() == "i"


def _syllable_points(core: str) -> list[int]:
    """Plausible Dutch-like split indices in a plain word (split before index i).

    Between two vowel groups one consonant goes to the next syllable (ge-meen-ten); with a
    cluster we split before its last consonant (kos-ten), unless the cluster ends in a
    consonant group that can start a Dutch syllable (la-chen, bij-drage, af-ge-sproken).
    """
    points: list[int] = []
    n = len(core)
    i = 0
    while i < n and not _is_vowel(core, i):
        i += 1
    while i < n:
        while i < n and _is_vowel(core, i):  # skip vowel group
            i += 1
        start = i
        while i < n and not _is_vowel(core, i):  # consonant cluster
            i += 1
        if i >= n or i == start:
            break
        cluster = core[start:i].lower()
        if not cluster.isalpha():
            continue  # digits or symbols inside: not a word we dare to split
        onset = next((o for o in _ONSETS if cluster.endswith(o)), cluster[-1])
        points.append(i - len(onset))
    return points


def _hyphen_candidates(word: str) -> list[tuple[str, str]]:
    """(head, tail) pairs, head as written at the line end, best (rightmost) first."""
    lead, core, trail = _split_affixes(word)
    if "-" in word:
        # A real hyphen: only ever break there, and write no extra hyphen ("COA-" + "locatie").
        # "Vreemdelingen-" (as in "Vreemdelingen- en asielbeleid") is left whole.
        out = []
        for m in re.finditer("-", core):
            head, tail = core[: m.start() + 1], core[m.end():]
            if len(head) >= 3 and len(tail) >= 2 and tail[0].isalpha():
                out.append((lead + head, tail + trail))
        return list(reversed(out))
    if len(core) < 8 or not core.isalpha() or core.isupper():
        return []  # short words, numbers, codes and acronyms are never split
    points = [p for p in _syllable_points(core) if p >= 3 and len(core) - p >= 3]
    return [(lead + core[:p] + "-", core[p:] + trail) for p in reversed(points)]


def _force_split(text: str, avail: float, font: str, size: float) -> tuple[str, str]:
    """Cut a token wider than a whole line (a URL in running text) without adding a hyphen."""
    best = 1
    for k in range(1, len(text)):
        if _width(text[:k], font, size) > avail:
            break
        best = k
    for k in range(best, max(best // 2, 1), -1):  # prefer a natural URL break point
        if text[k - 1] in _URL_BREAK_AFTER:
            return text[:k], text[k:]
    return text[:best], text[best:]


# --- line breaking -------------------------------------------------------------------------
def _break_lines(
    tokens: list[_Token], avail: float, font: str, size: float, hyphenate: bool, rng: random.Random
) -> list[list[_Token]]:
    """Greedy ragged-right line filling with optional hyphenation at line ends."""
    space = _width(" ", font, size)
    lines: list[list[_Token]] = []
    cur: list[_Token] = []
    cur_w = 0.0
    queue = list(tokens)
    while queue:
        tok = queue.pop(0)
        tok_w = _width(tok.text, font, size) + (_width(tok.sup, font, SUP_SIZE) if tok.sup else 0.0)
        need = tok_w if not cur else cur_w + space + tok_w
        if need <= avail:
            cur.append(tok)
            cur_w = need
            continue
        room = avail - (cur_w + space if cur else 0.0)
        if hyphenate:
            fitting = [
                (h, t) for h, t in _hyphen_candidates(tok.text) if _width(h, font, size) <= room
            ]
            if fitting:
                # Mostly the rightmost point (what a word processor does); the seed varies it.
                head, tail = fitting[1] if len(fitting) > 1 and rng.random() < 0.25 else fitting[0]
                cur.append(_Token(head))
                lines.append(cur)
                cur, cur_w = [], 0.0
                queue.insert(0, _Token(tail, tok.sup))
                continue
        if not cur:
            head, tail = _force_split(tok.text, avail, font, size)
            lines.append([_Token(head)])
            queue.insert(0, _Token(tail, tok.sup))
            continue
        lines.append(cur)
        cur, cur_w = [], 0.0
        queue.insert(0, tok)
    if cur:
        lines.append(cur)
    return lines


def _wrap_url(number: str, url: str, first: bool) -> list[tuple[str, str]]:
    """Footnote lines as (prefix, text); only the first line of a note carries its number."""
    prefix_w = _width(f"{number} ", BODY_FONT, SMALL_SIZE)
    avail = TEXT_W - prefix_w
    out: list[tuple[str, str]] = []
    rest = url
    while rest:
        if _width(rest, BODY_FONT, SMALL_SIZE) <= avail:
            head, rest = rest, ""
        else:
            head, rest = _force_split(rest, avail, BODY_FONT, SMALL_SIZE)
        out.append((number if first and not out else "", head))
    return out


# --- dates ---------------------------------------------------------------------------------
def _parse_date(value: str | _date) -> _date:
    """Accept ISO "2025-03-12" (also "2025-03" / "2025": first day), Dutch "12 maart 2025" or a date."""
    if isinstance(value, _date):
        return value
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", text)  # partial dates as the pipeline may report them
    if m:
        return _date(int(m.group(1)), int(m.group(2) or 1), 1)
    m = re.fullmatch(r"(\d{1,2})\s+([a-zA-Z]+)\s+(\d{4})", text)
    if m and m.group(2).lower() in _MONTHS:
        return _date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    raise ValueError(f"render_letter_pdf: cannot read date {value!r}; use YYYY-MM-DD or '12 maart 2025'")


class _LetterInfo(PDFInfo):
    """Document info that only writes what we know, so no fake title or date reaches the
    pipeline's metadata reader (reportlab would otherwise write "untitled" and its own stamp)."""

    def __init__(self, title: str | None, author: str, created: _date | None) -> None:
        super().__init__()
        self._title = title
        self._author = author
        self._created = created

    def format(self, document: Any) -> bytes:
        entries: dict[str, object] = {
            "Author": PDFString(self._author),
            "Producer": PDFString("vng-brieven test renderer (reportlab)"),
            "Trapped": PDFName(self.trapped),
        }
        if self._title:
            entries["Title"] = PDFString(self._title)
        if self._created is not None:
            stamp = self._created.strftime("D:%Y%m%d090000+00'00'")
            entries["CreationDate"] = entries["ModDate"] = PDFDate(
                ts=document._timeStamp, dateFormatter=lambda *_: stamp
            )
        return PDFDictionary(entries).format(document)


# --- the renderer --------------------------------------------------------------------------
class _Layout:
    def __init__(self, header: str, hyphenate: bool, seed: int) -> None:
        self.header = header
        self.hyphenate = hyphenate
        self.rng = random.Random(seed)
        self.pages: list[_Page] = [_Page()]
        self.y = TOP_FIRST
        self.fresh = True  # nothing placed on the current page yet
        self.note_counter = 0
        self.fancy = _fancy_font()

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def _bottom(self, extra_note_lines: int = 0) -> float:
        lines = self.page.note_lines + extra_note_lines
        if lines == 0:
            return BODY_BOTTOM
        # footnote block: lines stacked upward from FOOT_BASE_Y, a rule above, then a margin
        return FOOT_BASE_Y + (lines - 1) * FOOT_LEADING + SMALL_SIZE + 14.0

    def _new_page(self) -> None:
        self.pages.append(_Page())
        self.y = TOP_OTHER
        self.fresh = True

    def _place_line(self, gap: float, note: tuple[str, tuple[str, ...]] | None) -> float:
        """Reserve one line (plus its footnote if it carries a reference); return its baseline."""
        note_lines = sum(len(_wrap_url(note[0], u, i == 0)) for i, u in enumerate(note[1])) if note else 0
        y = self.y - (0.0 if self.fresh else LEADING + gap)
        if not self.fresh and y < self._bottom(note_lines):
            self._new_page()
            y = self.y
        self.y = y
        self.fresh = False
        if note:
            self.page.notes.append(note)
            self.page.note_lines += note_lines
        return y

    def _room_for(self, n_lines: int, gap: float) -> bool:
        needed = (0.0 if self.fresh else LEADING + gap) + (n_lines - 1) * LEADING
        return self.y - needed >= self._bottom()

    def add(self, block: RenderBlock, prev_kind: str | None) -> None:
        kind = _KIND_ALIASES.get(block.kind, block.kind)
        if kind not in BLOCK_KINDS:
            raise ValueError(f"RenderBlock.kind must be one of {BLOCK_KINDS}, got {block.kind!r}")
        note: tuple[str, tuple[str, ...]] | None = None
        if block.footnote_urls:
            self.note_counter += 1
            note = (str(self.note_counter), tuple(block.footnote_urls))

        if kind == "meta":
            self._add_meta(block, note, prev_kind)
            return

        font, size, indent = BODY_FONT, BODY_SIZE, 0.0
        bullet = ""
        text = block.text.strip()
        if kind == "heading":
            font, size = BOLD_FONT, HEADING_SIZE
            gap = HEADING_GAP
        elif kind == "list_item":
            bullet, text = _split_bullet(text)
            indent = LIST_INDENT
            gap = LIST_GAP if prev_kind == "list_item" else PARA_GAP
        else:
            gap = 3.0 if prev_kind == "heading" else PARA_GAP
        tokens = [_Token(t) for t in text.split()]
        if not tokens:
            return
        if note:
            tokens[-1] = _Token(tokens[-1].text, note[0])
        lines = _break_lines(tokens, TEXT_W - indent, font, size, self.hyphenate, self.rng)

        # keep a heading with the first two lines of what follows; avoid a lone first line
        keep = 3 if kind == "heading" else min(2, len(lines))
        if not self.fresh and not self._room_for(keep, gap):
            self._new_page()
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            y = self._place_line(gap if i == 0 else 0.0, note if last else None)
            x = LEFT + indent
            if bullet and i == 0:
                glyph_font = BODY_FONT
                if bullet == "➢":
                    glyph_font = self.fancy or BODY_FONT
                    bullet = bullet if self.fancy else "•"
                self.page.ops.append(_Op(LEFT + 2.0, y, bullet, glyph_font, size))
            text_line = " ".join(t.text for t in line)
            self.page.ops.append(_Op(x, y, text_line, font, size))
            sup = line[-1].sup
            if sup:
                sx = x + _width(text_line, font, size)
                self.page.ops.append(_Op(sx, y + SUP_RISE, sup, BODY_FONT, SUP_SIZE))

    def _add_meta(self, block: RenderBlock, note: tuple[str, tuple[str, ...]] | None, prev_kind: str | None) -> None:
        raw_lines = [ln.strip() for ln in block.text.splitlines() if ln.strip()]
        lines: list[list[_Token]] = []
        for raw in raw_lines:  # as-is, but never run off the page
            lines.extend(_break_lines([_Token(t) for t in raw.split()], TEXT_W, BODY_FONT, BODY_SIZE, False, self.rng))
        if not lines:
            return
        if note:
            last = lines[-1]
            last[-1] = _Token(last[-1].text, note[0])
        gap = PARA_GAP
        if not self.fresh and not self._room_for(len(lines), gap):
            self._new_page()
        for i, line in enumerate(lines):
            y = self._place_line(gap if i == 0 else 0.0, note if i == len(lines) - 1 else None)
            text_line = " ".join(t.text for t in line)
            self.page.ops.append(_Op(LEFT, y, text_line, BODY_FONT, BODY_SIZE))
            if line[-1].sup:
                sx = LEFT + _width(text_line)
                self.page.ops.append(_Op(sx, y + SUP_RISE, line[-1].sup, BODY_FONT, SUP_SIZE))


def _split_bullet(text: str) -> tuple[str, str]:
    """A list item's own glyph ("•", "➢", "-", "1.") or "•" when it has none."""
    m = re.match(r"^([•➢\-–▪●*]|\d+[.)]|[a-z][.)])\s+(.*)$", text, flags=re.S)
    if m:
        glyph = "-" if m.group(1) == "–" else m.group(1)
        return glyph, m.group(2)
    return "•", text


def _draw_op(canvas: Canvas, op: _Op) -> None:
    if "•" not in op.text or op.font not in (BODY_FONT, BOLD_FONT):
        canvas.setFont(op.font, op.size)
        canvas.drawString(op.x, op.y, op.text)
        return
    # reportlab writes "•" in Helvetica as code 0x7F, which text extractors (pdfminer) cannot
    # map; write WinAnsi's own bullet code 0x95 instead so the glyph survives extraction.
    text = canvas.beginText(op.x, op.y)
    text.setFont(op.font, op.size)
    for i, piece in enumerate(op.text.split("•")):
        if i:
            text._code.append("(\\225) Tj")
        if piece:
            text.textOut(piece)
    canvas.drawText(text)


def _draw(canvas: Canvas, pages: list[_Page], header: str) -> None:
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        if number == 1:
            canvas.setFont(BOLD_FONT, 12.0)  # letterhead: the header without numbers
            canvas.drawString(LEFT, HEADER_Y, header)
        else:
            canvas.setFont(BODY_FONT, SMALL_SIZE)
            canvas.drawString(LEFT, HEADER_Y, f"{header} {number}/{total}")
        for op in page.ops:
            _draw_op(canvas, op)
        if page.notes:
            lines: list[tuple[str, str]] = []
            for num, urls in page.notes:
                for i, url in enumerate(urls):
                    lines.extend(_wrap_url(num, url, i == 0))
            top = FOOT_BASE_Y + (len(lines) - 1) * FOOT_LEADING
            canvas.setLineWidth(0.5)
            canvas.line(LEFT, top + SMALL_SIZE + 4.0, LEFT + FOOT_RULE_W, top + SMALL_SIZE + 4.0)
            canvas.setFont(BODY_FONT, SMALL_SIZE)
            prefix_w = _width("0 ", BODY_FONT, SMALL_SIZE)
            for i, (prefix, text) in enumerate(lines):
                y = top - i * FOOT_LEADING
                if prefix:
                    canvas.drawString(LEFT, y, f"{prefix} {text}")
                else:
                    canvas.drawString(LEFT + prefix_w + 2.0, y, text)
        canvas.setFont(BODY_FONT, SMALL_SIZE)
        canvas.drawCentredString(PAGE_W / 2.0, PAGE_NUMBER_Y, str(number))
        canvas.showPage()


def render_letter_pdf(
    blocks: Sequence[RenderBlock],
    path: Path,
    *,
    header: str = DEFAULT_HEADER,
    title: str | None = None,
    date: str | None = None,
    hyphenate: bool = True,
    seed: int = 0,
) -> int:
    """Write `blocks` as an A4 letter PDF at `path`; return the number of pages.

    Output bytes depend only on the arguments (reportlab invariant mode), so fixtures are stable.
    `date` (ISO or Dutch "12 maart 2025") becomes the CreationDate; `title` the Title entry.
    """
    created = _parse_date(date) if date else None
    layout = _Layout(header, hyphenate, seed)
    prev: str | None = None
    for block in blocks:
        layout.add(block, prev)
        prev = _KIND_ALIASES.get(block.kind, block.kind)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    canvas._doc.info = _LetterInfo(title, header, created)  # see _LetterInfo for why
    _draw(canvas, layout.pages, header)
    canvas.save()
    return len(layout.pages)


# --- plain text -> blocks --------------------------------------------------------------------
_URL_RE = re.compile(r"^(https?://\S+|www\.\S+|mailto:\S+)$")
_BULLET_RE = re.compile(r"^[•➢\-–▪●]\s+")
_NUMBERED_RE = re.compile(r"^\d+\.\s+\S")
_DATE_RE = re.compile(
    r"^\d{1,2}\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+\d{4}$",
    re.IGNORECASE,
)
_META_LABELS = {"datum", "onderwerp", "kenmerk", "betreft", "ons kenmerk", "uw kenmerk", "aan", "bijlage(n)", "bijlagen"}
_CLOSING_RE = re.compile(r"^(met vriendelijke groet|hoogachtend|met hartelijke groet)", re.IGNORECASE)
_HEADING_MAX = 70


def _is_heading_line(line: str) -> bool:
    if len(line) > _HEADING_MAX or line[-1] in ".,;:!?" or _BULLET_RE.match(line):
        return False
    return bool(_NUMBERED_RE.match(line)) or line[0].isupper()


def blocks_from_text(text: str) -> list[RenderBlock]:
    """Parse a plain-text letter into blocks.

    Blank lines separate paragraphs. A short line without final punctuation that opens a
    paragraph is a heading ("1. Inleiding", "Huisvesting statushouders"); lines starting with
    "•", "➢" or "-" are list items (continuation lines join the item); a paragraph made only of
    "1. ..." lines is a list; date/subject labels, the salutation and everything from the
    closing on are meta; a URL-only line becomes a footnote URL of the block before it.
    """
    blocks: list[RenderBlock] = []
    paragraphs: list[list[str]] = []
    cur: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if line:
            cur.append(line)
        elif cur:
            paragraphs.append(cur)
            cur = []
    if cur:
        paragraphs.append(cur)

    def attach_url(url: str) -> None:
        if blocks:
            last = blocks[-1]
            blocks[-1] = RenderBlock(last.kind, last.text, (*last.footnote_urls, url))
        else:
            blocks.append(RenderBlock("paragraph", url))

    in_closing = False
    expect_value = False  # the line after "Datum"/"Onderwerp" is the value, also meta
    line_no = 0
    for para in paragraphs:
        body: list[str] = []
        kind = "paragraph"

        def flush() -> None:
            nonlocal body, kind
            if body:
                sep = "\n" if kind == "meta" else " "
                blocks.append(RenderBlock(kind, sep.join(body)))
            body, kind = [], "paragraph"

        numbered_list = len(para) > 1 and all(_NUMBERED_RE.match(ln) for ln in para)
        for idx, line in enumerate(para):
            if _URL_RE.match(line):
                flush()
                attach_url(line)
                continue
            line_no += 1
            if line == DEFAULT_HEADER:
                if line_no <= 4:
                    flush()
                    continue  # the letterhead: the renderer draws it itself
                in_closing = True  # later on, the association's name is part of the signature
            low = line.lower().rstrip(":")
            is_meta = (
                in_closing
                or expect_value
                or low in _META_LABELS
                or bool(_DATE_RE.match(line))
                or line.startswith("FICTIEF")
                or line.lower().startswith("position paper")
                or (line.startswith("Geachte") and line.endswith(","))
                or bool(_CLOSING_RE.match(line))
            )
            if _CLOSING_RE.match(line):
                in_closing = True
            if is_meta:
                expect_value = low in {"datum", "onderwerp", "kenmerk", "betreft"}
                if kind != "meta":
                    flush()
                    kind = "meta"
                body.append(line)
                continue
            expect_value = False
            numbered_item = idx > 0 and bool(_NUMBERED_RE.match(line)) and len(line) <= _HEADING_MAX
            if numbered_list or numbered_item or _BULLET_RE.match(line):
                flush()
                kind = "list_item"
                body = [line]
                continue
            if idx == 0 and _is_heading_line(line):
                flush()
                blocks.append(RenderBlock("heading", line))
                continue
            if kind == "meta":
                flush()
            body.append(line)
        flush()
    return blocks
