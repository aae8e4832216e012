"""Stage 2: clean blocks -> passages under their section headings.

Not content (kept in `Segmentation.non_content`, not in passages): the header block before the
salutation (letterhead, "Datum", "Onderwerp", "Kenmerk" and their values), the salutation, the
closing formula and everything after it (signature, function), contact lines ("Mocht u vragen
hebben ..."), and tables of contents (a run of three or more heading-like lines, or list items
that repeat a later heading).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.dutch import CLOSING_RE, DAY_MONTH_RE, FIELD_LINE_RE, SALUTATION_RE, STRONG_SALUTATION_RE, is_label_line
from pipeline.types import Block, CleanDocument, Passage, Segmentation

# A salutation that runs on into the letter's first sentence ("Geachte leden, Het kabinet ..."): split it.
_SALUTATION_SPLIT_RE = re.compile(r"^([^,:.!?]{3,120}[,:])\s+(?=[A-Z0-9\u00C0-\u024F])")
_CONTACT_RE = re.compile(r"^(mocht u (nog )?vragen hebben|heeft u (nog )?vragen|voor (meer informatie|vragen)"
                         r"|neem(t)? (voor vragen )?(gerust )?contact)", re.IGNORECASE)
HEADER_LABELS = ("datum", "onderwerp", "kenmerk", "uw kenmerk", "ons kenmerk", "betreft", "bijlage", "bijlagen",
                 "bijlage(n)", "aan", "van", "telefoon", "contactpersoon", "uw brief van", "lbr", "lbr.",
                 "afdeling", "e-mail", "doorkiesnummer", "verzonden", "ledenbrief nummer", "ledenbriefnummer",
                 "ons nummer", "cc")
# Longest labels first, and a label ends where a word does: "Lbr." before "Lbr", "Aan" not in "Aanleiding".
_LABEL_RE = re.compile(
    rf"^({'|'.join(re.escape(label) for label in sorted(HEADER_LABELS, key=len, reverse=True))})(?![\w])\s*[:|]?\s*(.*)$",
    re.IGNORECASE)
# Fields that never open a sentence of a letter's body (dutch.FIELD_LINE_RE): wherever they stand near the
# top (a side column of a PDF letterhead is read between the address lines), they are fields, not passages.
FIELD_LINE_MAX_CHARS = 110
HEADER_SCAN_BLOCKS = 25
_CONTENTS_LEAD_RE = re.compile(r"^(inhoud|inhoudsopgave|in deze brief)\s*:?$", re.IGNORECASE)


def _normal(text: str) -> str:
    text = re.sub(r"^\d{1,2}(\.\d{1,2})*\.?\s+", "", text.lower())
    return re.sub(r"[^\w]+", " ", text).strip()


def segment(doc_id: str, clean: CleanDocument) -> Segmentation:
    blocks = list(clean.blocks)
    non_content: list[Block] = []
    header_fields: list[tuple[str, str]] = []

    # Header block: everything before a salutation near the top ("Geachte ..." before "Aan de leden ...",
    # which is also an addressee line).
    salutation = next((i for i, b in enumerate(blocks[:HEADER_SCAN_BLOCKS]) if STRONG_SALUTATION_RE.match(b.text)),
                      None)
    if salutation is None:
        salutation = next((i for i, b in enumerate(blocks[:HEADER_SCAN_BLOCKS]) if SALUTATION_RE.match(b.text)),
                          None)
    if salutation is not None:
        split = _SALUTATION_SPLIT_RE.match(blocks[salutation].text)
        if split and len(blocks[salutation].text) - split.end() >= 20:
            # The salutation takes only itself out, never the paragraph it was read together with.
            rest = blocks[salutation].text[split.end():]
            blocks[salutation:salutation + 1] = [replace(blocks[salutation], text=split.group(1)),
                                                 replace(blocks[salutation], kind="paragraph", text=rest)]
    start = 0
    if salutation is not None:
        header_fields = _header_fields(blocks[:salutation])
        non_content.extend(replace(b, kind="meta") for b in blocks[:salutation])
        non_content.append(replace(blocks[salutation], kind="salutation"))
        start = salutation + 1
    else:
        # No salutation (position papers, notes): only labelled header lines are meta.
        while start < min(len(blocks), HEADER_SCAN_BLOCKS) and _LABEL_RE.match(blocks[start].text) \
                and len(blocks[start].text) < 100:
            start += 1
            if start < len(blocks) and _LABEL_RE.match(blocks[start - 1].text).group(2) == "":  # type: ignore[union-attr]
                start += 1  # the label's value on its own line
        header_fields = _header_fields(blocks[:start])
        non_content.extend(replace(b, kind="meta") for b in blocks[:start])
    body = blocks[start:]
    # Field lines that the reading order put after the salutation (a letterhead's side column).
    top: list[int] = []
    for i, block in enumerate(body[:HEADER_SCAN_BLOCKS]):
        if is_field_line(block):
            top.append(i)
            match = FIELD_LINE_RE.match(block.text)
            if match and not match.group(2).strip() and i + 1 < len(body) and not is_field_line(body[i + 1]) \
                    and len(body[i + 1].text) <= FIELD_LINE_MAX_CHARS and body[i + 1].kind != "list_item":
                top.append(i + 1)  # "Datum" / "22 mei 2025": the value on the line below its label
    if top and salutation is None:
        # Without a salutation, short lines above the last field are the letterhead ("Vereniging van
        # Nederlandse Gemeenten", a logo's text), not headings or passages.
        top = sorted(set(top) | {i for i in range(top[-1]) if len(body[i].text) < 100
                                 and not body[i].text.endswith((".", "!", "?")) and body[i].kind != "list_item"})
    if top:
        header_fields.extend(_header_fields([body[i] for i in top]))
        non_content.extend(replace(body[i], kind="meta") for i in top)
        body = [b for i, b in enumerate(body) if i not in set(top)]

    closing = next((i for i, b in enumerate(body) if CLOSING_RE.match(b.text)), None)
    if closing is not None:
        non_content.extend(replace(b, kind="closing") for b in body[closing:])
        body = body[:closing]

    later_headings = {_normal(b.text) for b in body if b.kind == "heading"}
    toc = _table_of_contents(body, later_headings)

    passages: list[Passage] = []
    headings: list[str] = []
    section: str | None = None
    for index, block in enumerate(body):
        if index in toc:
            non_content.append(replace(block, kind="meta"))
            continue
        if block.kind == "heading":
            section = block.text
            headings.append(block.text)
            continue
        if _CONTACT_RE.match(block.text):
            non_content.append(replace(block, kind="meta"))
            continue
        passages.append(Passage(
            id=f"{doc_id}#p{len(passages) + 1:03d}",
            section=section,
            text=block.text,
            page=block.page,
            kind="list_item" if block.kind == "list_item" else "paragraph",
            bullet=block.bullet,
        ))
    return Segmentation(passages=tuple(passages), non_content=tuple(non_content), headings=tuple(headings),
                        header_fields=tuple(header_fields))


def is_field_line(block: Block) -> bool:
    """A letterhead field ("Datum 25 februari 2025", "Ons kenmerk TLE/U2025", "Lbr. 25/041") and nothing else."""
    if block.kind == "list_item" or len(block.text) > FIELD_LINE_MAX_CHARS:
        return False
    match = FIELD_LINE_RE.match(block.text)
    if not match:
        return False
    if is_label_line(block.text):
        return True
    label, value = match.group(1).lower(), match.group(2).strip()
    if label == "datum":
        return bool(DAY_MONTH_RE.search(value) or re.fullmatch(r"\d{1,2}[-./]\d{1,2}[-./]\d{2,4}", value))
    if label in ("betreft", "onderwerp"):
        return value[:1].isupper() and not value.endswith((".", "!", "?"))
    if label.startswith(("bijlage", "verzonden", "afdeling", "contactpersoon")):
        return len(value) <= 60 and not value.endswith((".", "!", "?"))
    return any(ch.isdigit() for ch in value) or "@" in value  # kenmerk, Lbr., telefoon, e-mail


def _header_fields(blocks: Sequence[Block]) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    index = 0
    while index < len(blocks):
        match = _LABEL_RE.match(blocks[index].text)
        if match and len(blocks[index].text) < 150:
            label, value = match.group(1).lower(), match.group(2).strip()
            if not value and index + 1 < len(blocks) and not _LABEL_RE.match(blocks[index + 1].text):
                value = blocks[index + 1].text
                index += 1
            if value:
                fields.append((label, value))
        index += 1
    return fields


def _repeated_later(body: Sequence[Block], index: int) -> bool:
    key = _normal(body[index].text)
    return any(_normal(b.text).startswith(key) for b in body[index + 1:] if b.kind == "heading")


def _table_of_contents(body: Sequence[Block], later_headings: set[str]) -> set[int]:
    """Indices of blocks that list the letter's own headings before they come."""
    toc: set[int] = set()
    index = 0
    while index < len(body):
        end = index
        while end < len(body) and body[end].kind == "heading":
            end += 1
        if end - index >= 3:
            # Three headings with no text between: a contents list. Its last line is a real heading
            # when text follows and no later heading repeats it ("Inleiding" after the list).
            last = end - 1
            if end < len(body) and body[end].kind != "heading" and not _repeated_later(body, last):
                last -= 1
            toc.update(range(index, last + 1))
        index = max(end, index + 1)
    # A short item that names a heading still to come; walked from the end, so that each heading is
    # normalised once (not once per block before it).
    later: set[str] = set()
    for index in range(len(body) - 1, -1, -1):
        block = body[index]
        if block.kind in ("list_item", "paragraph") and len(block.text) < 100:
            key = _normal(block.text.rstrip(";.,"))
            if key and key in later:
                toc.add(index)
        elif block.kind == "heading":
            later.add(_normal(block.text))
    # List items right after an "Inhoud:" lead-in are contents, whatever their wording.
    for index, block in enumerate(body):
        if _CONTENTS_LEAD_RE.match(block.text):
            toc.add(index)
            follow = index + 1
            while follow < len(body) and body[follow].kind == "list_item":
                toc.add(follow)
                follow += 1
    # A contents list drags its lead-in line ("Inhoud:") along.
    for index in sorted(toc):
        if index > 0 and index - 1 not in toc and body[index - 1].text.rstrip().endswith(":") \
                and len(body[index - 1].text) < 40:
            toc.add(index - 1)
    return toc
