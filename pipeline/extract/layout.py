"""How a plain-text letter is laid out, decided from measurable evidence in the file itself.

Text letters come in a few shapes: text extracted from PDFs (hard-wrapped at the page width, lines of
spaces between paragraphs, a leading space at a page start), text saved from a word processor or copied
from a web page or an e-mail (one paragraph per line, with or without blank lines between them), and
hard-wrapped text with an empty line after every line ("double spaced"). The shape decides what a line
end means: in wrapped text most line ends are inside a sentence; in one-paragraph-per-line text every
line end ends a paragraph.

The evidence, per pair of adjacent lines (a, b):
- a *continuation*: `a` ends without sentence-final punctuation and `b` starts with a lower-case letter,
  or `a` ends in a hyphen and `b` starts with a letter. Only wrapped text has these in number: Dutch
  sentences mostly go on with a lower-case word, and a paragraph-per-line file never breaks a sentence;
- the wrap width: the 90th percentile of the lengths of lines that end in a continuation. A line well
  over that width cannot be a wrapped line, so in a wrapped file such lines are whole paragraphs (a
  pasted block), unless the line itself runs on into the next.

Decision (`TextLayout.kind`):
- `wrapped`: continuations between adjacent lines make up at least `WRAPPED_MIN_SHARE` of the line
  ends that could hold one; blank lines and whitespace-only lines separate paragraphs;
- `wrapped_double_spaced`: as `wrapped`, but an empty line follows most lines and the continuations
  run across those single empty lines: they are not paragraph breaks;
- `paragraph_per_line`: no such evidence: every line is a block of its own;
- `mixed`: a wrapped file with blocks whose lines are far longer than the wrap width; those blocks are
  read one paragraph per line.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

WRAPPED_MIN_SHARE = 0.2  # wrapped Dutch text measures 0.3-0.7; paragraph-per-line text 0-0.05
LONG_LINE_FACTOR = 1.3  # a line this much longer than the wrap width is not a wrapped line
MIN_PAIR_LENGTH = 25  # shorter lines (headings, fields) say nothing about wrapping
_SENTENCE_END = (".", "!", "?", ":", ";")
_HYPHENS = ("-", "\u2010", "\u2011", "\u00ad")
_URLISH_RE = re.compile(r"(?:https?://|www\.|mailto:|\S+\.(?:nl|pdf|html?)\b|/\S*$)", re.IGNORECASE)
_BULLET_START_RE = re.compile(r"^\s*(?:[•●▪■◦○➢➤►▶–\-*·]|\d{1,2}[.)]|[a-z][.)])\s+\S")


@dataclass(frozen=True)
class TextLayout:
    """The layout decision for one text file, with the numbers it rests on (written to the letter JSON)."""

    kind: str  # wrapped | wrapped_double_spaced | paragraph_per_line | mixed
    lines: int  # non-blank lines
    pairs: int  # adjacent line pairs that could show a continuation
    continuations: int
    blank_pairs: int  # pairs with one empty line between them that could show a continuation
    blank_continuations: int
    wrap_width: int | None  # 90th percentile of the lengths of lines that end in a continuation
    long_lines: frozenset[int]  # indices of lines over LONG_LINE_FACTOR x wrap_width: whole paragraphs

    @property
    def double_spaced(self) -> bool:
        return self.kind == "wrapped_double_spaced"

    def evidence(self) -> dict[str, object]:
        return {"lines": self.lines, "pairs": self.pairs, "continuations": self.continuations,
                "blank_pairs": self.blank_pairs, "blank_continuations": self.blank_continuations,
                "wrap_width": self.wrap_width, "long_lines": len(self.long_lines),
                "double_spaced": self.double_spaced}


def _continues(first: str, second: str) -> bool:
    """Whether `second` reads as the rest of the sentence that `first` breaks off."""
    a, b = first.rstrip(), second.lstrip()
    if not a or not b:
        return False
    if not ((a.endswith(_HYPHENS) and b[:1].isalpha()) or (not a.endswith(_SENTENCE_END) and b[:1].islower())):
        return False
    # Footnote links and list items say nothing about how the prose is wrapped.
    return not (_BULLET_START_RE.match(second) or _URLISH_RE.search(a) or _URLISH_RE.match(b))


def decide_layout(raw: Sequence[str]) -> TextLayout:
    """The layout of a text file's lines (already split, line ends normalised)."""
    text_lines = [i for i, line in enumerate(raw) if line.strip()]
    followed_by_empty = sum(1 for i in text_lines if i + 1 < len(raw) and raw[i + 1] == "")
    double_spaced_shape = bool(text_lines) and followed_by_empty / len(text_lines) > 0.5

    pairs = continuations = blank_pairs = blank_continuations = 0
    widths: list[int] = []
    for i in text_lines:
        line = raw[i]
        if len(line.strip()) < MIN_PAIR_LENGTH and not line.rstrip().endswith(_HYPHENS):
            continue  # a short line says nothing, unless it breaks a word
        if i + 1 < len(raw) and raw[i + 1].strip():
            pairs += 1
            if _continues(line, raw[i + 1]):
                continuations += 1
                widths.append(len(line.strip()))
        elif i + 2 < len(raw) and raw[i + 1] == "" and raw[i + 2].strip():
            blank_pairs += 1
            if _continues(line, raw[i + 2]):
                blank_continuations += 1
                widths.append(len(line.strip()))
    widths.sort()
    wrap_width = widths[int(0.9 * (len(widths) - 1))] if widths else None
    wrapped = pairs > 0 and continuations / pairs >= WRAPPED_MIN_SHARE
    wrapped_across_blanks = blank_pairs > 0 and blank_continuations / blank_pairs >= WRAPPED_MIN_SHARE
    long_lines = frozenset(i for i in text_lines if _is_long_line(raw, i, wrap_width)) if wrap_width else frozenset()
    if double_spaced_shape and wrapped_across_blanks:
        kind = "wrapped_double_spaced"
    elif wrapped:
        kind = "mixed" if long_lines else "wrapped"
    else:
        kind = "paragraph_per_line"
    return TextLayout(kind=kind, lines=len(text_lines), pairs=pairs, continuations=continuations,
                      blank_pairs=blank_pairs, blank_continuations=blank_continuations,
                      wrap_width=wrap_width, long_lines=long_lines)


def _is_long_line(raw: Sequence[str], index: int, wrap_width: int | None) -> bool:
    """Line `index` is too long to be a wrapped line of this file and does not run on: a paragraph."""
    if wrap_width is None or len(raw[index].strip()) <= LONG_LINE_FACTOR * wrap_width:
        return False
    return not (index + 1 < len(raw) and _continues(raw[index], raw[index + 1]))
