"""Property tests: the cleaner, the date and amount normalisers and the entity stage on arbitrary text.

Each property runs on at least 500 generated examples: arbitrary unicode, and text assembled from
the pieces these stages react to (bullets, URLs, page numbers, footnote numbers, hyphenated line
ends, dates, amounts), which random unicode almost never produces.
"""
from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.entities.normalize import normalize_amount, normalize_date
from pipeline.errors import EmptyInputError, NotTextError
from pipeline.extract.clean import BLOCK_MAX_CHARS, clean_document
from pipeline.extract.pdf import FOOTNOTE_REF_MARK
from pipeline.extract.text import read_text
from pipeline.types import Block, Passage

# database=None: no .hypothesis folder in the repository; the examples are drawn afresh each run.
SETTINGS = settings(max_examples=500, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- strategies ---------------------------------------------------------------------------------

LETTER_PIECES = [
    "de", "het", "gemeenten", "opvang", "asielzoekers", "COA-locatie", "Wet", "minister", "kabinet", "VNG",
    "Oekraïne", "statushouders", "huis-\nvesting", "asiel- en", "migratiebeleid", "brief2", "ingediend.3",
    "€ 1,2 miljoen", "9.800", "63%", "30 januari 2025", "20 december jl.", "1 januari a.s.", "medio 2025",
    ".", ",", ":", ";", "?", "(VNG)", "’", "\u00ad", "\u00a0", "\t", " ", "  ", "\n", "\n\n", "\n \n", ".  \n",
    "\n ", "\f", "\n• ", "\n- ", "\n➢ ", "\n1. ", "\n2.1 Kop\n", "\nPagina 2 van 3\n", "\n- 3 -\n", "\n4\n",
    "\nVereniging van Nederlandse Gemeenten 1/2\n", "\n1 https://www.vng.nl/brieven/2025\n", "\nhttps://x.nl/a-\n",
    "www.rijksoverheid.nl/b_c\n", "\n2 Zie:\n", FOOTNOTE_REF_MARK, "\x07", "\u2028", "\u202e", "x" * 120,
]
pieces_text = st.lists(st.one_of(st.sampled_from(LETTER_PIECES), st.text(max_size=8)), max_size=120).map(
    lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts))
any_text = st.one_of(st.text(max_size=400), pieces_text)

# Words of letter text. No bare one- or two-digit numbers: a line that starts with one ("30 gemeenten
# ...") is a footnote to the cleaner when the body cites that number and the line ends a page, and
# re-cleaning can move such a line to the end (see test_cleaning_reaches_a_fixed_point_on_any_text).
WORDS = ["de", "het", "gemeenten", "opvang", "asielzoekers", "COA-locatie", "Wet", "minister", "€", "1,5", "miljoen",
         "januari", "2025", "jl.", "(VNG)", "statushouders", "huisvesting", "zo’n", "9.800", "Oekraïne", "en",
         "of", "brief", "kabinet", "-", "a.s.", "z.g.", "Raad van State", "provincies", "100%"]
word = st.one_of(st.sampled_from(WORDS),
                 st.text(alphabet=st.characters(categories=["L", "P", "S"]), min_size=1, max_size=12))
sentence = st.tuples(st.sampled_from(["De", "Het", "Gemeenten", "Wij", "Het COA", "Oekraïne", "In", "Zo"]),
                     st.lists(word, max_size=20), st.sampled_from([".", "?", "!", ":", ";", ""])).map(
    lambda t: " ".join([t[0], *t[1]]) + t[2])
paragraph = st.tuples(st.lists(sentence, min_size=1, max_size=6).map(" ".join), st.integers(30, 100),
                      st.sampled_from(["", "• ", "- ", "➢ "])).map(
    lambda t: textwrap.fill(t[2] + t[0], width=t[1], break_on_hyphens=False, break_long_words=False))
# Letter-shaped text: wrapped paragraphs (some bulleted) separated by blank or whitespace-only lines.
letter_text = st.tuples(st.lists(paragraph, min_size=1, max_size=8), st.sampled_from(["\n\n", "\n \n", "\n"])).map(
    lambda t: t[1].join(t[0]))

DATE_PIECES = ["januari", "Februari", "maart", "mei", "dec", "sept.", "jl.", "j.l.", "a.s.", "aanstaande", "medio",
               "begin", "eind", "najaar", "voorjaar", "eerste helft van", "derde kwartaal van", "vanaf", "in", "sinds",
               "vrijdag", "2023-II", "2026–2027", "2027-2026", "15-01-2025", "31-02-2024", "29 februari", "31 april",
               "0", "00", "32", "13", "1", "30", "2025", "1999", "0000", "9999", "12345", "-", "/", ".", " ", "  "]
date_text = st.lists(st.one_of(st.sampled_from(DATE_PIECES), st.integers(0, 10**6).map(str)), max_size=12).map(" ".join)
AMOUNT_PIECES = ["€", "EUR", "euro", "%", "procent", "miljoen", "miljard", "mld.", "mln", "duizend", "ruim", "circa",
                 "meer dan", "zo’n", "twee derde", "drie kwart", "één", "een", "vijfentwintig",
                 "tweehonderdduizend",
                 "honderden", "1 op de 4", "op de", "gemeenten", "statushouders", "plaatsen", "van", ",-", ".", ",",
                 "9.800", "1,5", "0,0", "2025", "nr.", "artikel", "punt"]
amount_text = st.lists(st.one_of(st.sampled_from(AMOUNT_PIECES), st.integers(0, 10**40).map(str),
                                 st.from_regex(r"\d{1,4}(\.\d{3}){0,8}(,\d{1,30})?", fullmatch=True)),
                       max_size=10).map(" ".join)
letter_dates = st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
                         st.text(max_size=12))

# --- the cleaner --------------------------------------------------------------------------------


def _render(block: Block) -> str:
    """A block as a line of text: list items keep their bullet (the cleaner strips it into `bullet`)."""
    return f"{block.bullet} {block.text}" if block.kind == "list_item" else block.text


def _clean(text: str) -> list[str] | None:
    """The rendered blocks of a text file holding `text` (UTF-8), or None when it is refused."""
    try:
        document = clean_document(read_text(text.encode("utf-8"), "x.txt"))
    except (EmptyInputError, NotTextError):
        return None
    return [_render(block) for block in document.blocks]


def _reclean(blocks: list[str]) -> list[str] | None:
    # A line of only a space separates paragraphs (the text reader's paragraph mark); a truly empty
    # line after every line would be read as double spacing, not as paragraph breaks.
    return _clean("\n \n".join(blocks))


def _squash(text: str) -> str:
    return "".join(text.split())


def _as_written(text: str) -> str:
    """The input with the cleaner's documented character rewrites applied."""
    text = re.sub("[\u2010\u2011]", "-", text)
    return re.sub("[\ufb00-\ufb06]", lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def _is_subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(ch in remaining for ch in short)


@SETTINGS
@given(st.one_of(st.binary(max_size=600), any_text.map(lambda t: t.encode("utf-8"))))
def test_reading_and_cleaning_any_bytes_raises_only_our_input_errors(data: bytes) -> None:
    try:
        raw = read_text(data, "x.txt")
        document = clean_document(raw)
    except (EmptyInputError, NotTextError) as error:
        assert str(error).startswith("x.txt: ")  # noqa: PT017 - most inputs read; only a refusal's message is checked
        return
    assert raw.encoding in {"utf-8", "utf-16", "cp1252", "latin-1"}
    for block in document.blocks:
        assert block.text and block.text == block.text.strip() and "  " not in block.text
        assert block.page is None  # text files have no pages


@SETTINGS
@given(any_text)
def test_cleaned_blocks_are_clean_text_taken_from_the_input(text: str) -> None:
    blocks = _clean(text)
    if blocks is None:
        return
    for rendered in blocks:
        assert rendered.strip() == rendered and rendered
        assert not any(unicodedata.category(ch) == "Cc" for ch in rendered)
        assert FOOTNOTE_REF_MARK not in rendered and "\u00ad" not in rendered
        assert len(rendered) <= BLOCK_MAX_CHARS + 2  # + a bullet and its space
    # The cleaner only removes and re-spaces, and writes producers' hyphens (U+2010, U+2011) as "-" and
    # ligatures (U+FB00-FB06) as their letters: it never invents any other character or reorders them.
    assert _is_subsequence(_squash("".join(blocks)), _squash(_as_written(text)))


@SETTINGS
@given(letter_text)
def test_cleaning_is_idempotent_on_letter_text(text: str) -> None:
    """Cleaning the cleaned text (blocks as lines, a paragraph mark between them) gives the same blocks."""
    blocks = _clean(text)
    if not blocks:
        return
    assert _reclean(blocks) == blocks


@SETTINGS
@given(st.one_of(any_text, letter_text, letter_text.map(lambda t: t.replace("Gemeenten", "30 gemeenten"))))
def test_cleaning_reaches_a_fixed_point_on_any_text(text: str) -> None:
    """On arbitrary text one re-clean can still change something: joining wrapped lines makes lines that
    the line rules read differently ("-" + "0-" gives "- 0-", a page number), and a paragraph that
    starts with a cited number ("30 de asielzoekers ...") is a footnote once it is the last line.
    The second re-clean changes nothing (checked with 8,000 examples per strategy while writing this)."""
    blocks = _clean(text)
    if not blocks:
        return
    once = _reclean(blocks)
    if not once:
        return
    assert _reclean(once) == once


def test_the_old_one_step_counterexample_is_now_stable() -> None:
    """Hypothesis once found that "-\n0-" cleaned to "- 0-", which a re-clean then dropped as a page
    number. Since the text layout is decided from evidence (two lines with no sign of wrapping are two
    paragraphs), it cleans to two blocks that re-clean to themselves; no one-step counterexample was
    found in 20,000 examples of these strategies. The property above keeps its two steps as margin."""
    blocks = _clean("-\n0-")
    assert blocks == ["-", "0-"] and _reclean(blocks) == blocks


# --- normalisers --------------------------------------------------------------------------------

DATE_RULES = {"explicit", "period", "season", "part_of_year", "year_code", "year_range", "jl_past", "as_future",
              "nearest_year", "unresolved",
              # issue 18: ranges and forms relative to the letter date
              "range", "relative_day", "relative_offset", "relative_week", "relative_month", "relative_year",
              "relative_quarter", "relative_season", "relative_weekday", "weekday_ordinal", "nth_weekday"}
_ISO_ONE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
ISO_RE = re.compile(rf"{_ISO_ONE}(?:/{_ISO_ONE})?")  # a date at its precision, or an interval (issue 18)


def _check_date_value(value: object, letter_date: str | None) -> None:
    if value is None:
        return
    assert value.rule in DATE_RULES
    assert (value.iso is None) == (value.rule == "unresolved")
    if value.iso is not None:
        assert ISO_RE.fullmatch(value.iso), value
        if len(value.iso) == 10:
            date.fromisoformat(value.iso)  # a real day, not 31 februari
        if "/" in value.iso:
            first, second = value.iso.split("/")
            assert first < second
    if value.anchor is not None:
        assert value.anchor == letter_date


@SETTINGS
@given(st.one_of(st.text(max_size=200), date_text), letter_dates)
def test_date_normaliser_never_raises_and_gives_iso(text: str, letter_date: str | None) -> None:
    _check_date_value(normalize_date(text, letter_date), letter_date)


@SETTINGS
@given(st.one_of(st.text(max_size=200), amount_text))
@example("-1")  # found by hypothesis: a sign makes a quantity negative
@example("min 1")
@example("tussen 3.000 en 5.000 plekken")
@example("een daling van 3 procentpunt")
def test_amount_normaliser_never_raises_and_gives_finite_values(text: str) -> None:
    value = normalize_amount(text)
    if value is None:
        return
    assert type(value.value) in (int, float)
    assert math.isfinite(value.value), value
    # negative only by design: a sign ("€ -12", "-3%"), "min(us)" or a decrease ("een daling van 3 procentpunt")
    assert value.value >= 0 or value.rule == "decrease" or re.search(r"[-−]|\b[Mm]in(?:us)?\b", text), value
    assert value.rule in {"digits", "words", "ratio", "range", "decrease"}
    if value.rule == "ratio":
        assert value.value <= 1
    assert value.unit is None or (isinstance(value.unit, str) and value.unit)
    assert value.qualifier is None or (isinstance(value.qualifier, str) and value.qualifier == value.qualifier.strip())


# --- the entity stage ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import build_nlp

    return build_nlp(None)


LABELS = {"WET", "MINISTER", "ORG", "PERSOON", "LOCATIE", "DATUM", "AANTAL"}


@SETTINGS
@given(texts=st.lists(st.one_of(any_text, letter_text, date_text, amount_text), min_size=1, max_size=3),
       letter_date=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat)))
def test_entity_offsets_slice_back_to_their_text(nlp, texts: list[str],
                                                  letter_date: str | None) -> None:
    from pipeline.entities import detect_entities

    passages = [Passage(id=f"x#p{i:03d}", section=None, text=text, page=None) for i, text in enumerate(texts)]
    by_id = {p.id: p.text for p in passages}
    for entity in detect_entities(nlp, passages, letter_date):
        text = by_id[entity.passage_id]
        assert 0 <= entity.start < entity.end <= len(text)
        assert text[entity.start:entity.end] == entity.text, entity
        assert entity.label in LABELS and entity.canonical
        if entity.label == "DATUM":
            assert entity.iso is None or ISO_RE.fullmatch(entity.iso), entity
        if entity.label == "AANTAL" and entity.value is not None:
            assert math.isfinite(entity.value), entity


# --- joining a block's lines --------------------------------------------------------------------

join_line = st.lists(st.sampled_from([*list("aeoAB5_ -–\xadé"), "en ", "of ", "zoek", "x" * 300, "1" * 100, "COA-"]),
                     min_size=1, max_size=60).map("".join).map(str.strip).filter(bool)


@SETTINGS
@given(st.lists(join_line, min_size=1, max_size=40),
       st.sets(st.sampled_from(["aa", "zoekzoek", "a-a", "ae", "coa-zoek"])))
def test_joining_lines_in_pieces_equals_joining_them_pairwise(parts: list[str], vocabulary: set[str]) -> None:
    """`_join_lines` (linear: only the end of the text so far is looked at) gives what folding the
    pairwise `_join` over the whole text gives (quadratic: 3,500 lines took ~30 s)."""
    from pipeline.extract.clean import _join, _join_lines

    text = parts[0]
    for part in parts[1:]:
        text = _join(text, part, vocabulary)
    assert _join_lines(parts, vocabulary) == text
