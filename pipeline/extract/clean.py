"""Turn raw lines into clean blocks: drop page furniture and footnotes, rejoin words and paragraphs.

The same cleaner serves PDF lines (with positions and font sizes) and lines of text files that
were once extracted from PDFs. Every removal is recorded (kind, text, page) for audit; nothing that
is removed ends up in block text.

Decisions, in order:
1. URL-only lines (with or without a footnote number) are footnote links: removed anywhere.
2. Footnote blocks: from each page end backwards, lines that look like footnotes (URL, a number
   that the body cites as a reference, label lines ending in ':' before a URL, wrapped URL tails,
   small print in a PDF). A run of such lines that holds a URL is removed wherever it stands,
   because text files do not always mark page ends.
3. Running headers/footers: lines in a page's top or bottom zone whose digit-free form recurs in
   that zone on at least two pages, any "<text> n/N" line, and bare page numbers.
4. Footnote reference digits: superscript digits from PDFs; in text, the first reference-shaped
   occurrence of each footnote number found in step 2 ("brief2", "ingediend.3", "brieven 1 naar").
5. Lines become blocks: headings, paragraphs and list items; line-end hyphens are undone when the
   joined form is a word of the letter or the parts are ordinary lowercase word parts, and kept for
   real compounds ("COA-locatie", "Oekraïne-opvang", "asiel- en migratiebeleid").
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.dutch import SALUTATION_LINE_RE, is_aligned_field_line, is_label_line
from pipeline.extract.pdf import FOOTNOTE_REF_MARK
from pipeline.types import Block, CleanDocument, Line, RawDocument, Removal

BULLETS = "•●▪■◦○➢➤►▶–-*·"
_BULLET_RE = re.compile(rf"^([{re.escape(BULLETS)}])\s+(?=\S)")
_URL_RE = re.compile(r"^(?:\d{1,2}\s+)?(?:https?://|www\.|mailto:)\S*$", re.IGNORECASE)
_URL_TAIL_RE = re.compile(r"^[\w./?=&%#~+:-]{12,}$")
_FOOTNOTE_NUMBER_RE = re.compile(r"^(\d{1,2})\s+\S")
_PAGE_NUMBER_RE = re.compile(
    r"^(?:-\s*\d{1,3}\s*-|\d{1,3}|\d{1,3}\s*/\s*\d{1,3}|(?:pagina|blz\.?|page)\s*\d{1,3}(?:\s*(?:van|of|/)\s*\d{1,3})?)$",
    re.IGNORECASE,
)
_RUNNING_NUMBERED_RE = re.compile(r"^\S.{2,80}?\s+\d{1,3}\s*/\s*\d{1,3}$")
_TRAILING_PAGE_RE = re.compile(
    r"\s*(?:\d{1,3}\s*/\s*\d{1,3}|(?:pagina|blz\.?)\s*\d{1,3}(?:\s*van\s*\d{1,3})?|\d{1,3})$", re.IGNORECASE
)
_NUMBERED_HEADING_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")
# Numbered and lettered list markers: "1)", "a.", "b)", and "1." before text that is not a heading.
_NUMBERED_ITEM_RE = re.compile(r"^(\d{1,2}[.)]|[a-z][.)])\s+(?=\S)")
_REF_MARK_RE = re.compile(rf"{FOOTNOTE_REF_MARK}\d*")
_SPACES_RE = re.compile(r"[\u00a0\u2007\u202f\t ]{2,}|[\u00a0\u2007\u202f\t]")
_LIGATURE_RE = re.compile("[\ufb00-\ufb06]")
# Line-end and in-word hyphens as producers write them: U+2010 (hyphen) and U+2011 (non-breaking).
_HYPHEN_VARIANTS_RE = re.compile("[\u2010\u2011]")
_SENTENCE_END = (".", "!", "?", ":", ";")
# Words that follow an elliptical compound part: "asiel- en migratiebeleid".
_ELLIPSIS_NEXT = {"en", "of", "tot", "noch", "dan"}
# Function words that may follow a spaced footnote reference: "vier brieven 1 naar de Kamer".
_FUNCTION_WORDS = (
    "naar|en|van|in|op|te|die|dat|de|het|is|om|voor|met|aan|over|bij|zijn|was|wordt|door|of|als"
)
# Words a Dutch heading does not end with, but a line broken off inside a sentence often does.
_LINE_END_FUNCTION_WORDS = frozenset(
    ["de", "het", "een", "van", "met", "en", "in", "op", "te", "voor", "aan", "om", "tot", "bij", "naar", "als", "of",
     "dat", "die", "dan", "door", "over", "uit", "is", "zijn", "wordt"])
_DUTCH_VOWEL_PAIRS = {"aa", "ee", "oo", "uu", "ie", "ei", "eu", "oe", "ou", "ui", "ae", "ao", "ea", "eo", "oa", "ia", "io"}
HEADING_MAX_CHARS = 110
# A paragraph longer than this is not one (a file without paragraph breaks, one endless line): it is
# split at sentence ends so that later stages see passages of a sane size. Real paragraphs stay far below.
BLOCK_MAX_CHARS = 5000
_SPLIT_SENTENCE_RE = re.compile(r"[.!?;:]\s+(?=\S)")
HEADING_MAX_WORDS = 14
ZONE_LINES = 2


@dataclass(frozen=True)
class _Work:
    line: Line
    removed: str | None = None  # removal kind, when removed


def clean_document(raw: RawDocument) -> CleanDocument:
    lines, removed = _normalise_lines(raw.lines)
    work = [_Work(line) for line in lines]
    body_size = _body_size(lines)
    _mark_urls(work)
    footnote_numbers = _mark_footnotes(work, body_size, raw.kind == "pdf")
    _mark_page_furniture(work, raw)
    kept: list[Line] = []
    for item in work:
        if item.removed:
            removed.append(Removal(item.removed, item.line.text, _page(raw, item.line)))
        else:
            kept.append(item.line)
    vocabulary = _vocabulary(kept)
    if raw.kind == "pdf":
        kept = _markerless_list_items(kept)
    blocks = _build_blocks(kept, vocabulary, body_size, raw.kind == "pdf")
    blocks, ref_removals = _remove_footnote_refs(blocks, footnote_numbers)
    removed.extend(ref_removals)
    blocks = [part for block in blocks for part in _split_long(block)]
    if raw.kind != "pdf":
        blocks = [replace(b, page=None) for b in blocks]
    return CleanDocument(source=raw.source, blocks=tuple(blocks), removed=tuple(removed),
                         page_count=raw.page_count)


def _page(raw: RawDocument, line: Line) -> int | None:
    return line.page if raw.kind == "pdf" else None


def _normalise_lines(lines: Sequence[Line]) -> tuple[list[Line], list[Removal]]:
    out: list[Line] = []
    removed: list[Removal] = []
    # Producers' hyphens (U+2010, U+2011) and ligatures ("ﬁnanciële", U+FB01): looked for once per letter.
    sample = "".join(line.text for line in lines)
    hyphens = _HYPHEN_VARIANTS_RE.search(sample) is not None
    ligatures = _LIGATURE_RE.search(sample) is not None
    for line in lines:
        text = _HYPHEN_VARIANTS_RE.sub("-", line.text) if hyphens else line.text
        if ligatures:
            text = _LIGATURE_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
        if "\u00ad" in text:
            removed.append(Removal("soft_hyphen", text, line.page))
            # Soft hyphens inside words go; one at the line end stays as the mark of a broken word.
            stripped = text.rstrip()
            text = stripped[:-1].replace("\u00ad", "") + "\u00ad" if stripped.endswith("\u00ad") \
                else text.replace("\u00ad", "")
        aligned = len(out) < FIELD_SCAN_LINES and is_aligned_field_line(text.strip())
        text = _SPACES_RE.sub(" ", text).strip()
        if aligned and not line.gap_before:
            # "datum        16 juni 2026" above "ons kenmerk  AB/12": a field in a column starts a block of its
            # own, as a label line does (the column is gone once spaces are collapsed)
            line = replace(line, gap_before=True)
        if text.replace(FOOTNOTE_REF_MARK, ""):
            out.append(line if text == line.text else replace(line, text=text))
    return out, removed


def _body_size(lines: Sequence[Line]) -> float | None:
    sizes = Counter(line.size for line in lines if line.size)
    return sizes.most_common(1)[0][0] if sizes else None


def _mark_urls(work: list[_Work]) -> None:
    for index, item in enumerate(work):
        if _URL_RE.match(item.line.text):
            work[index] = replace(item, removed="footnote_url")
        elif index and work[index - 1].removed and work[index - 1].line.text.endswith(("-", "/", "_")) \
                and _URL_TAIL_RE.match(item.line.text):
            work[index] = replace(item, removed="footnote_url")  # the wrapped tail of a long URL


def _referenced_numbers(work: Sequence[_Work]) -> set[str]:
    """Numbers the body cites as references: glued to a word or after punctuation, or superscript."""
    text = " ".join(item.line.text for item in work if not item.removed)
    found = set(re.findall(r"(?<=[^\W\d_]{2})(\d{1,2})(?=[\s,.;:)]|$)", text))
    found |= set(re.findall(r"(?<=[^\d\s][.,;:)])(\d{1,2})(?=[\s,.;:]|$)", text))  # not "1.2"
    found |= set(re.findall(rf"(?<=[^\W\d_]) (\d{{1,2}}) (?=(?:{_FUNCTION_WORDS})\b)", text))
    found |= set(re.findall(rf"{FOOTNOTE_REF_MARK}(\d{{1,2}})", text))
    return found


def _mark_footnotes(  # noqa: C901 - one pass over the lines with a case per footnote shape
    work: list[_Work], body_size: float | None, is_pdf: bool) -> set[str]:
    referenced = _referenced_numbers(work)

    def small(line: Line) -> bool:
        return bool(is_pdf and body_size and line.size and line.size <= 0.85 * body_size)

    def footnote_like(index: int) -> bool:
        item = work[index]
        text = item.line.text
        if item.removed == "footnote_url":
            return True
        if _PAGE_NUMBER_RE.match(text) or _RUNNING_NUMBERED_RE.match(text):
            return False  # page furniture, handled by _mark_page_furniture
        number = _FOOTNOTE_NUMBER_RE.match(text)
        if number and (number.group(1) in referenced or small(item.line)):
            return True
        if small(item.line) and not item.line.bold:
            return True
        nxt = work[index + 1] if index + 1 < len(work) else None
        # A footnote's label before its URL ("Verzamelbrief Opvang:", "1 Meerjaren Productieprognose:") is
        # numbered or a short title; a sentence ending in ':' before a footnote is the body's lead-in.
        label = bool(_FOOTNOTE_NUMBER_RE.match(text)) or (len(text.split()) <= 10 and "," not in text)
        return text.endswith(":") and len(text) < 90 and label and nxt is not None and nxt.removed == "footnote_url"

    # Runs of footnote-like lines that contain a URL, anywhere.
    index = 0
    while index < len(work):
        if footnote_like(index):
            end = index
            while end + 1 < len(work) and footnote_like(end + 1):
                end += 1
            run = range(index, end + 1)
            if any(work[i].removed == "footnote_url" for i in run):
                for i in run:
                    if not work[i].removed:
                        work[i] = replace(work[i], removed="footnote")
            index = end + 1
        else:
            index += 1
    # Page ends: footnotes sit at the foot of the page, below the body (bare page numbers may follow).
    by_page: dict[int | None, list[int]] = defaultdict(list)
    for i, item in enumerate(work):
        by_page[item.line.page].append(i)
    for indices in by_page.values():
        for i in reversed(indices):
            text = work[i].line.text
            if work[i].removed or _PAGE_NUMBER_RE.match(text) or _RUNNING_NUMBERED_RE.match(text):
                continue
            if not footnote_like(i):
                break
            work[i] = replace(work[i], removed="footnote")
    numbers: set[str] = set()
    for item in work:
        if item.removed in ("footnote", "footnote_url"):
            match = _FOOTNOTE_NUMBER_RE.match(item.line.text)
            if match:
                numbers.add(match.group(1))
    return numbers


def _header_key(text: str) -> str:
    key = _TRAILING_PAGE_RE.sub("", text.lower()).strip()
    return re.sub(r"\d+", "#", key)


def _mark_page_furniture(work: list[_Work], raw: RawDocument) -> None:
    by_page: dict[int | None, list[int]] = defaultdict(list)
    for i, item in enumerate(work):
        if not item.removed:
            by_page[item.line.page].append(i)
    zone_keys: dict[str, set[int | None]] = defaultdict(set)
    zones: dict[int, str] = {}
    for page, indices in by_page.items():
        if raw.kind == "pdf" and raw.page_height:
            # PDF: the top and bottom 10 % of the page, where running heads and feet live.
            zone = [i for i in indices if (y := work[i].line.y) is not None
                    and (y > 0.90 * raw.page_height or y < 0.10 * raw.page_height)]
        else:
            zone = indices[:ZONE_LINES] + indices[-ZONE_LINES:]
        for i in set(zone):
            key = _header_key(work[i].line.text)
            zones[i] = key
            if key:
                zone_keys[key].add(page)
    for i, item in enumerate(work):
        if item.removed:
            continue
        text = item.line.text
        if i and is_label_line(work[i - 1].line.text):
            continue  # "Lbr." above "25/112": the value of a field, not a page number
        if _PAGE_NUMBER_RE.match(text) and (i in zones or raw.kind == "text"):
            work[i] = replace(item, removed="page_number")
        elif ((_RUNNING_NUMBERED_RE.match(text) and not text.endswith((".", ",")))
              or (zones.get(i) and len(zone_keys[zones[i]]) >= 2 and len(text) < 120)):
            work[i] = replace(item, removed="header_footer")


FIELD_SCAN_LINES = 60  # lines at the top of a letter where letterhead fields stand
SHORT_LINE_SHARE = 0.4  # a PDF line ending this share of the text width short of the right margin ends its block
LIST_INDENT_MIN = 10.0  # points right of the page's left margin: an indented line


def _markerless_list_items(lines: Sequence[Line]) -> list[Line]:
    """Lists whose bullets are drawn as shapes, not text (a browser's print-to-PDF): indented lines after
    a lead-in that ends in ':' are list items; an item ends with a short line or a ';' or '.'.

    The bullet is written as "•", so the cleaner's list rules apply as to every other list.
    """
    margins: dict[int | None, float] = {}
    widths: dict[int | None, int] = {}
    rights: dict[int | None, float] = {}
    by_page: dict[int | None, Counter[float]] = defaultdict(Counter)
    for line in lines:
        if line.x is not None and len(line.text) > 40:
            by_page[line.page][round(line.x)] += 1
    for page, counts in by_page.items():
        usual = [x for x, n in counts.items() if n >= max(2, counts.most_common(1)[0][1] // 4)]
        if usual:  # a page with a single long line has no margin to measure indentation against
            margins[page] = min(usual)
    for line in lines:
        margin = margins.get(line.page)
        if margin is not None and line.x is not None and line.x >= margin + LIST_INDENT_MIN:
            widths[line.page] = max(widths.get(line.page, 0), len(line.text))
            rights[line.page] = max(rights.get(line.page, 0.0), line.x1 or 0.0)
    out: list[Line] = []
    in_list = False
    for line in lines:
        margin = margins.get(line.page)
        indented = (margin is not None and line.x is not None and line.x >= margin + LIST_INDENT_MIN
                    and not line.bold and _bullet(line.text)[0] is None)
        previous = out[-1] if out else None
        if not indented or previous is None:
            in_list = False
            out.append(line)
            continue
        previous_text = _REF_MARK_RE.sub("", previous.text)
        lead_in = previous_text.endswith(":") and not in_list
        # An item's last line stops short of the column's right edge (by geometry where known).
        if previous.x1 is not None and line.page in rights and previous.size:
            stops_short = previous.x1 < rights[line.page] - 3 * previous.size
        else:
            stops_short = len(previous.text) < 0.8 * widths.get(line.page, 0)
        item_ended = in_list and (previous_text.endswith((".", ";", "!", "?")) or stops_short)
        if lead_in or item_ended:
            line = replace(line, text=f"• {line.text}")
            in_list = True
        out.append(line)
    return out


def _vocabulary(lines: Sequence[Line]) -> set[str]:
    """Lower-cased words of the letter, not counting the broken ends of lines."""
    words: set[str] = set()
    for line in lines:
        tokens = re.findall(r"[^\W\d_][\w-]*[^\W\d_]|[^\W\d_]", line.text)
        if line.text.endswith(("-", "\u00ad")) and tokens:
            tokens = tokens[:-1]
        words.update(token.lower() for token in tokens)
    return words


_HYPHEN_END_RE = re.compile(r"([^\W\d_][\w]*)-$")
_WORD_RUN_RE = re.compile(r"\w*-")
_JOIN_WINDOW = 256  # characters of the text so far that decide a join (more only for longer words)


def _join(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two wrapped lines, undoing line-end hyphenation where the result is a word."""
    drop_last, separator = _join_decision(left, right, vocabulary)
    return (left[:-1] if drop_last else left) + separator + right


def _join_decision(left: str, right: str, vocabulary: set[str]) -> tuple[bool, str]:
    """How `right` continues `left`: (drop left's last character, separator).

    Only the end of `left` is searched, so that joining the n lines of a block stays linear
    (a 500-page letter without paragraph breaks is one block of tens of thousands of lines).
    """
    if left.endswith("\u00ad"):
        return True, ""
    if not left.endswith("-") or left.endswith((" -", " –")):
        return False, " "
    window = left[-_JOIN_WINDOW:]
    if len(window) < len(left) and _WORD_RUN_RE.fullmatch(window):
        window = left  # a word longer than the window: look at all of it
    match = _HYPHEN_END_RE.search(window)
    if not match:
        return False, " "
    head = match.group(1)
    tail_match = re.match(r"[\w]+", right)
    tail = tail_match.group(0) if tail_match else ""
    if not tail or tail.lower() in _ELLIPSIS_NEXT:
        return False, " "  # "Vreemdelingen- en Asielbeleid"
    if keep_hyphen(head, tail, vocabulary):
        return False, ""
    return True, ""


def _join_lines(parts: Sequence[str], vocabulary: set[str]) -> str:
    """`_join` over a block's lines, without copying the whole text so far at every line."""
    done: list[str] = []  # settled text; `recent` is the end that later joins look at
    recent = parts[0]
    for part in parts[1:]:
        if len(recent) > 4 * _JOIN_WINDOW:
            # Settle the text before a space well back from the end: a word never spans a space,
            # so every decision about later joins is the same as on the whole text.
            cut = recent.rfind(" ", 0, len(recent) - _JOIN_WINDOW)
            if cut > 0:
                done.append(recent[:cut])
                recent = recent[cut:]
        drop_last, separator = _join_decision(recent, part, vocabulary)
        recent = (recent[:-1] if drop_last else recent) + separator + part
    return "".join(done) + recent


def keep_hyphen(head: str, tail: str, vocabulary: set[str]) -> bool:
    """Whether "head-" + "tail" at a line break is a real compound hyphen (True) or a break (False)."""
    joined = (head + tail).lower()
    hyphenated = f"{head}-{tail}".lower()
    if hyphenated in vocabulary:
        return True
    if joined in vocabulary:
        return False
    if tail[:1].isupper() or any(ch.isdigit() for ch in head + tail):
        return True  # "EU-Migratiepact", "2023-II"
    if sum(ch.isupper() for ch in head) >= 2:
        return True  # acronyms: "COA-locatie", "BRP-straten"
    if head[:1].isupper() and head.lower() in vocabulary:
        return True  # a proper noun that stands alone elsewhere: "Oekraïne-opvang"
    # Dutch writes a hyphen where vowels would merge: "zee-egel", "auto-ongeluk"
    return head[-1:].lower() + tail[:1].lower() in _DUTCH_VOWEL_PAIRS


def _bullet(text: str) -> tuple[str | None, str]:
    match = _BULLET_RE.match(text)
    if match:
        return match.group(1), text[match.end():]
    match = _NUMBERED_ITEM_RE.match(text)
    if match and not (match.group(1)[-1] == "." and match.group(1)[0].isdigit()
                      and _heading_shaped(text[match.end():])):
        return match.group(1), text[match.end():]  # "a.", "1)", and "1." before text that is no heading
    return None, text


def _numbered_paren_heading(text: str) -> bool:
    """'2) Huisvesting': a heading when it stands alone between paragraphs (decided by the caller)."""
    match = _NUMBERED_ITEM_RE.match(text)
    return bool(match and match.group(1)[0].isdigit() and match.group(1)[-1] == ")"
                and _heading_shaped(text[match.end():]))


def _heading_shaped(text: str) -> bool:
    """Short, capitalised or numbered, without final punctuation: what any heading looks like."""
    if len(text) > HEADING_MAX_CHARS or len(text.split()) > HEADING_MAX_WORDS:
        return False
    if text.endswith((".", ",", ";", ":", "-", "–")) or "http" in text:
        return False
    first = text[:1]
    return first.isupper() or bool(_NUMBERED_HEADING_RE.match(text)) or first in "‘'\"“"


def _looks_like_heading(line: Line, body_size: float | None, is_pdf: bool) -> bool:
    text = line.text.replace(FOOTNOTE_REF_MARK, "")
    if line.style == "heading":
        return True
    if line.style == "list_item" or _bullet(text)[0] or not _heading_shaped(text):
        return False
    if text.rsplit(None, 1)[-1] in _LINE_END_FUNCTION_WORDS and not (is_pdf and line.bold):
        return False  # "... samenwerken met het": a line broken off mid-sentence (a bold run may wrap there)
    if is_pdf and (line.bold or (body_size and line.size and line.size > 1.05 * body_size)):
        return True
    return not is_pdf or not body_size


# A row of a text table as Markdown writes a letterhead's fields ("| Datum | 8 juni 2026 |"), and the rule
# under a table's first row ("|---|:---|").
_TABLE_ROW_RE = re.compile(r"^\|(.*)\|\s*$")
_TABLE_RULE_RE = re.compile(r"^\|[\s:|+-]*-{3,}[\s:|+-]*\|?\s*$")


def _table_rows(lines: Sequence[Line]) -> list[Line]:
    """Each row of a text table a block of its own, its cells joined by " | " as the Word reader writes a
    table row, so that "Datum | 8 juni 2026" is read as a field; rules between rows dropped. Without this
    the rows run together into one paragraph (no blank line between them) and the fields are lost. Rows
    may have outer pipes ("| Datum | 8 juni 2026 |") or not ("Datum        | 8 juni 2026", a short first
    cell); a row whose first cell is empty continues the value of the row before; a dashed rule line
    ends the block before it."""
    out: list[Line] = []
    after_row = False
    gap_next = False
    for line in lines:
        if _DASHED_RULE_RE.match(line.text) or (after_row and _TABLE_RULE_RE.match(line.text)):
            gap_next = True
            continue
        cells = _cells(line.text)
        if after_row and cells and cells[0] == "" and len(cells) == 2 and cells[1]:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {cells[1]}")
            continue
        cells = [c for c in cells if c]
        if len(cells) >= 2:
            out.append(replace(line, text=" | ".join(cells), gap_before=True))
            after_row, gap_next = True, False
            continue
        out.append(line if not (after_row or gap_next) or line.gap_before else replace(line, gap_before=True))
        after_row = gap_next = False
    return out


# a line of dashes or equals signs only: a rule between a letterhead and its fields, or around a table
_DASHED_RULE_RE = re.compile(r"^\s*[-=_]{10,}\s*$")
# a row without outer pipes: a short first cell (a field label), then "|" and the value
_BARE_ROW_RE = re.compile(r"^([^|]{0,30}?)\s*\|(.*)$")


def _cells(text: str) -> list[str]:
    """The cells of a table row as written (stripped; an empty first cell kept: a continuation row), or []."""
    match = _TABLE_ROW_RE.match(text)
    if match:
        return [c.strip() for c in match.group(1).split("|")]
    bare = _BARE_ROW_RE.match(text)
    if bare and (not bare.group(1).strip() or re.fullmatch(r"[A-Za-z][\w().]*(?: [\w().]+){0,2}", bare.group(1).strip())):
        return [bare.group(1).strip(), *(c.strip() for c in bare.group(2).split("|"))]
    return []


def _build_blocks(lines: Sequence[Line], vocabulary: set[str], body_size: float | None, is_pdf: bool) -> list[Block]:
    lines = _table_rows(lines)
    blocks: list[Block] = []
    current: list[str] = []
    current_kind = "paragraph"
    current_bullet: str | None = None
    current_page: int | None = None
    long_line = _typical_width(lines)
    current_opened_by_gap = False  # the current block began after a blank line
    left_edge: dict[int | None, float] = {}
    right_edge: dict[int | None, float] = {}
    for line in lines:
        if line.x is not None and line.x1 is not None:
            left_edge[line.page] = min(left_edge.get(line.page, line.x), line.x)
            right_edge[line.page] = max(right_edge.get(line.page, line.x1), line.x1)

    def flush() -> None:
        nonlocal current, current_kind, current_bullet, current_opened_by_gap
        if current:
            text = _join_lines(current, vocabulary).strip().rstrip("\u00ad")
            blocks.append(Block(kind=current_kind, text=text, page=current_page, bullet=current_bullet))  # type: ignore[arg-type]
        current, current_kind, current_bullet = [], "paragraph", None
        current_opened_by_gap = False

    previous: Line | None = None
    for index, line in enumerate(lines):
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        bullet, text = _bullet(line.text)
        if not is_pdf and line.gap_before and current_kind == "paragraph" and len(current) == 2 \
                and current_opened_by_gap and _heading_shaped(" ".join(current)) and current[0][:1].isupper() \
                and len(current[1]) < 0.5 * long_line:
            current_kind = "heading"  # a heading wrapped in hard-wrapped text: two lines between blank lines
        prev_text = _REF_MARK_RE.sub("", previous.text) if previous else ""  # "partners.<ref>1" ends a sentence
        prev_closed = (previous is None or prev_text.endswith(_SENTENCE_END)
                       or bool(blocks and not current) or (current_kind == "heading")
                       or bool(SALUTATION_LINE_RE.match(prev_text)))  # a salutation is a line of its own
        starts_block = line.gap_before or prev_closed or bullet is not None
        if is_pdf and previous is not None and previous.bold != line.bold:
            starts_block = True
        if is_pdf and previous is not None and previous.x1 is not None and line.text[:1].isupper() \
                and previous.page == line.page and previous.x1 < right_edge.get(line.page, 0.0) - SHORT_LINE_SHARE * (
                    right_edge.get(line.page, 0.0) - left_edge.get(line.page, 0.0)):
            starts_block = True  # a line far short of the right margin, then a capital: the block ended
            line = line if line.gap_before else replace(line, gap_before=True)
        if index < FIELD_SCAN_LINES and is_label_line(line.text):
            starts_block = True  # "Betreft" under "Ons kenmerk TLE/U2025" in a side block: a field of its own
            line = line if line.gap_before else replace(line, gap_before=True)
        if previous is not None and (line.page != previous.page or line.page_start):
            # The first line of a page: its gap is to the running head, not to a paragraph. The
            # paragraph runs on unless the last line of the previous page ended one.
            starts_block = bullet is not None or current_kind == "heading" \
                or (is_pdf and (previous.bold != line.bold or previous.size != line.size)) \
                or (not is_pdf and line.gap_before and prev_text.endswith(_SENTENCE_END)) \
                or (_ends_paragraph(prev_text, long_line) and current_kind != "list_item") \
                or (prev_text.endswith(_SENTENCE_END) and _looks_like_heading(line, body_size, is_pdf)
                    and len(line.text) < 0.8 * long_line)
            line = replace(line, gap_before=starts_block)
        next_starts = (nxt is None or nxt.gap_before or _bullet(nxt.text)[0] is not None
                       or nxt.text[:1].isupper() or nxt.text[:1].isdigit()
                       or (is_pdf and nxt.bold != line.bold)
                       or (is_pdf and line.bold and nxt.bold and nxt.size == line.size))  # a wrapped bold heading
        # A line in the heading font may fill the line: a long heading wraps (the bold run joins it).
        # So may a line of text that stands alone between blank lines (no wrapped line does).
        short = len(line.text) < 0.8 * long_line or (is_pdf and (line.bold or bool(
            body_size and line.size and line.size > 1.05 * body_size))) \
            or (not is_pdf and line.gap_before and nxt is not None and nxt.gap_before)
        if bullet is not None and starts_block and next_starts and _numbered_paren_heading(line.text) \
                and not prev_text.endswith(":") and _bullet(prev_text)[0] is None \
                and (nxt is None or _bullet(nxt.text)[0] is None):
            bullet, text, line = None, line.text, replace(line, style="heading")  # "2) Huisvesting" between paragraphs
        if line.style == "heading" or (starts_block and next_starts and short
                                       and _looks_like_heading(line, body_size, is_pdf)) \
                or (is_pdf and line.bold and current_kind == "heading" and not line.gap_before and current):
            # Wrapped headings exist only where the font says so (PDF bold runs).
            if current_kind != "heading" or line.gap_before or not (is_pdf and line.bold):
                flush()
                current_kind = "heading"
                current_page = line.page
            current.append(text)
            previous = line
            continue
        if bullet is not None:
            flush()
            current_kind, current_bullet, current_page = "list_item", bullet, line.page
            current.append(text)
        elif starts_block and (line.gap_before or current_kind == "heading" or not current
                               or _ends_paragraph(prev_text, long_line)):
            flush()
            current_page = line.page
            current.append(text)
        else:
            if not current:
                current_page = line.page
            current.append(text)
        if len(current) == 1:
            current_opened_by_gap = line.gap_before
        previous = line
    flush()
    return blocks


def _ends_paragraph(text: str, long_line: float) -> bool:
    """A line that ends a sentence well short of the text width ends its paragraph."""
    return text.endswith(_SENTENCE_END) and len(text) < 0.85 * long_line


def _typical_width(lines: Sequence[Line]) -> float:
    lengths = sorted(len(line.text) for line in lines)
    # Short texts say little about the page width; a letter's lines hold at least ~60 characters.
    return max(float(lengths[int(0.9 * (len(lengths) - 1))]), 60.0) if lengths else 80.0


def _remove_footnote_refs(blocks: list[Block], numbers: set[str]) -> tuple[list[Block], list[Removal]]:
    removals: list[Removal] = []
    out: list[Block] = []
    pending = set(numbers)
    for block in blocks:
        text = block.text
        if FOOTNOTE_REF_MARK in text:
            for ref in re.findall(rf"{FOOTNOTE_REF_MARK}\d+", text):
                removals.append(Removal("footnote_ref", ref.replace(FOOTNOTE_REF_MARK, ""), block.page))
            text = re.sub(rf"{FOOTNOTE_REF_MARK}\d+", "", text).replace(FOOTNOTE_REF_MARK, "")
        if block.kind in ("paragraph", "list_item"):
            for number in sorted(pending):
                if number not in text:
                    continue  # every pattern below matches the number's digits (a cheap test first)
                patterns = (
                    rf"(?<=[^\W\d_]{{2}}){number}(?=[\s,.;:)]|$)",
                    rf"(?<=[^\d\s][.,;:)]){number}(?=[\s,.;:]|$)",
                    rf"(?<=[^\W\d_]) {number}(?= (?:{_FUNCTION_WORDS})\b)",
                )
                for pattern in patterns:
                    match = re.search(pattern, text)
                    if match:
                        text = text[:match.start()] + text[match.end():]
                        removals.append(Removal("footnote_ref", number, block.page))
                        pending.discard(number)
                        break
        text = re.sub(r" {2,}", " ", text).strip()
        if text:  # a block that held only references is gone
            out.append(replace(block, text=text))
    return out, removals


def _split_long(block: Block) -> list[Block]:
    """A block over BLOCK_MAX_CHARS as several: cut after the last sentence end that fits, else at a space."""
    text = block.text
    if len(text) <= BLOCK_MAX_CHARS:
        return [block]
    parts: list[str] = []
    while len(text) > BLOCK_MAX_CHARS:
        head = text[:BLOCK_MAX_CHARS + 1]
        ends = [m.end() for m in _SPLIT_SENTENCE_RE.finditer(head, BLOCK_MAX_CHARS // 2)]
        cut = ends[-1] if ends else head.rfind(" ", BLOCK_MAX_CHARS // 2) + 1 or BLOCK_MAX_CHARS
        parts.append(text[:cut].strip())
        text = text[cut:].strip()
    parts.append(text)
    return [replace(block, text=part) for part in parts if part]
