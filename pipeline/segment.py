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

from pipeline.types import Block, CleanDocument, Passage, Segmentation

_SALUTATION_RE = re.compile(r"^(geachte|beste|hooggeachte|aan de leden|zeer geachte)\b", re.IGNORECASE)
_CLOSING_RE = re.compile(r"^(met vriendelijke groet|met hartelijke groet|hoogachtend|met collegiale groet|namens het bestuur)",
                         re.IGNORECASE)
_CONTACT_RE = re.compile(r"^(mocht u (nog )?vragen hebben|heeft u (nog )?vragen|voor (meer informatie|vragen)|neem(t)? (voor vragen )?(gerust )?contact)",
                         re.IGNORECASE)
HEADER_LABELS = ("datum", "onderwerp", "kenmerk", "uw kenmerk", "ons kenmerk", "betreft", "bijlage", "bijlagen",
                 "bijlage(n)", "aan", "van", "telefoon", "contactpersoon", "uw brief van", "lbr", "lbr.",
                 "afdeling", "e-mail", "doorkiesnummer", "verzonden")
_LABEL_RE = re.compile(rf"^({'|'.join(re.escape(label) for label in HEADER_LABELS)})\s*:?\s*(.*)$", re.IGNORECASE)
HEADER_SCAN_BLOCKS = 25
_CONTENTS_LEAD_RE = re.compile(r"^(inhoud|inhoudsopgave|in deze brief)\s*:?$", re.IGNORECASE)


def _normal(text: str) -> str:
    text = re.sub(r"^\d{1,2}(\.\d{1,2})*\.?\s+", "", text.lower())
    return re.sub(r"[^\w]+", " ", text).strip()


def segment(doc_id: str, clean: CleanDocument) -> Segmentation:
    blocks = list(clean.blocks)
    non_content: list[Block] = []
    header_fields: list[tuple[str, str]] = []

    # Header block: everything before a salutation near the top.
    salutation = next((i for i, b in enumerate(blocks[:HEADER_SCAN_BLOCKS]) if _SALUTATION_RE.match(b.text)), None)
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

    closing = next((i for i, b in enumerate(body) if _CLOSING_RE.match(b.text)), None)
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
    for index, block in enumerate(body):
        if block.kind in ("list_item", "paragraph") and len(block.text) < 100:
            key = _normal(block.text.rstrip(";.,"))
            later = {_normal(b.text) for b in body[index + 1:] if b.kind == "heading"}
            if key and key in later:
                toc.add(index)
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
