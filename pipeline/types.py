"""Frozen dataclasses passed between the stages. Nothing else lives here."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

DocType = Literal["ledenbrief", "kamerbrief", "position_paper", "other"]
DateSource = Literal["explicit", "pdf_metadata", "inferred", "unknown"]
Stance = Literal["kritisch", "neutraal", "steunend"]
STANCES: tuple[Stance, ...] = ("kritisch", "neutraal", "steunend")  # the one list of stances, in this order
BlockKind = Literal["heading", "paragraph", "list_item", "salutation", "closing", "meta"]

THEMES: tuple[str, ...] = (
    "opvang", "huisvesting", "integratie", "financien", "wetgeving", "terugkeer",
    "oekraine", "veiligheid", "bestuur", "zorg", "eu",
)
ENTITY_LABELS: tuple[str, ...] = ("WET", "MINISTER", "ORG", "PERSOON", "LOCATIE", "DATUM", "AANTAL")


@dataclass(frozen=True)
class Line:
    """One physical line of a source, before cleaning."""

    text: str
    page: int | None  # 1-based; None when the source has no pages we can trust
    y: float | None = None  # top of the line in page coordinates (PDF only)
    x: float | None = None  # left edge (PDF only)
    x1: float | None = None  # right edge (PDF only)
    size: float | None = None  # dominant font size (PDF only)
    bold: bool = False  # most characters in a bold font (PDF only)
    gap_before: bool = False  # a visible vertical gap / blank line precedes it
    page_start: bool = False  # first line of a page
    style: str | None = None  # "heading" where the source says so (a Word heading style, an HTML <h2>)


@dataclass(frozen=True)
class RawDocument:
    """What extraction reads from one file: lines plus what the file itself says."""

    source: str
    kind: Literal["pdf", "text", "docx", "html"]
    lines: tuple[Line, ...]
    page_count: int | None
    encoding: str | None = None  # the text encoding used (text input only)
    pdf_metadata: tuple[tuple[str, str], ...] = ()
    page_height: float | None = None
    layout: str | None = None  # how lines were read into paragraphs (extract/layout.py; "pdf", "docx", "html")
    layout_evidence: tuple[tuple[str, object], ...] = ()  # the measurements behind `layout`


@dataclass(frozen=True)
class Removal:
    """Something the cleaner removed, kept for audit."""

    kind: str  # header_footer | page_number | footnote | url | footnote_ref | soft_hyphen
    text: str
    page: int | None


@dataclass(frozen=True)
class Block:
    """A cleaned paragraph-level unit in reading order."""

    kind: BlockKind
    text: str
    page: int | None
    bullet: str | None = None


@dataclass(frozen=True)
class CleanDocument:
    source: str
    blocks: tuple[Block, ...]
    removed: tuple[Removal, ...]
    page_count: int | None


@dataclass(frozen=True)
class Segmentation:
    """Passages in reading order plus what is not content (header block, salutation, closing)."""

    passages: tuple[Passage, ...]
    non_content: tuple[Block, ...]
    headings: tuple[str, ...]
    header_fields: tuple[tuple[str, str], ...] = ()  # ("datum", "30 januari 2025"), ("onderwerp", ...)


@dataclass(frozen=True)
class DateClue:
    """One piece of evidence about when a letter was written (pipeline/extract/letter_date.py)."""

    kind: str  # datum_field | date_line | past_date | future_date | date_mention | letter_number | ...
    text: str  # the words (or URL, metadata entry) the clue was read from
    passage: str | None  # passage id, or "header", "heading", "footnote", "pdf_metadata"
    earliest: str | None  # the letter is not older than this (ISO), when the clue says so
    latest: str | None  # the letter is not newer than this
    used: bool = True  # consistent with the chosen window (False: outweighed by other clues)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LetterMeta:
    date: str | None
    date_source: DateSource
    doc_type: DocType
    title: str | None
    date_evidence: tuple[DateClue, ...] = ()  # the clues the date was read or inferred from
    date_window: tuple[str, str] | None = None  # [earliest, latest] the evidence allows (ISO dates)
    letter_number: str | None = None  # "24/006" from "Lbr. 24/006" (two-digit year / serial)
    letter_year: int | None = None  # the year of the letter number (2024 for "24/006")


@dataclass(frozen=True)
class Entity:
    label: str
    text: str
    canonical: str
    passage_id: str
    start: int
    end: int
    iso: str | None = None  # DATUM
    value: float | int | None = None  # AANTAL
    unit: str | None = None  # AANTAL
    qualifier: str | None = None  # AANTAL: ruim, circa, meer dan ...
    rule: str | None = None  # how the value was resolved
    anchor: str | None = None  # what a relative date was resolved against
    high: float | int | None = None  # AANTAL ranges: the high end ("3.000 tot 5.000": value 3000, high 5000)

    def to_dict(self) -> dict[str, Any]:
        # field by field, not asdict (which deep-copies): every letter serialises hundreds of these
        data: dict[str, Any] = {"label": self.label, "text": self.text, "canonical": self.canonical,
                                "passage_id": self.passage_id, "start": self.start, "end": self.end}
        if self.label == "DATUM":
            data["iso"] = self.iso
        if self.label == "AANTAL":
            data.update(value=self.value, unit=self.unit, qualifier=self.qualifier)
        data["rule"] = self.rule
        if self.label == "DATUM":
            data["anchor"] = self.anchor
        if self.label == "AANTAL" and self.high is not None:
            data["high"] = self.high  # only ranges have one: other letters' bytes stay as they were
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(**{name: data[name] for name in _ENTITY_FIELDS if name in data})


@dataclass(frozen=True)
class Passage:
    id: str
    section: str | None
    text: str
    page: int | None
    kind: Literal["paragraph", "list_item"] = "paragraph"
    bullet: str | None = None  # the list glyph ("•", "➢", "-") for list items
    themes: tuple[str, ...] = ()
    theme_scores: dict[str, float] = field(default_factory=dict)
    stance: Stance | None = None
    stance_scores: dict[str, float] = field(default_factory=dict)
    request: bool = False
    targets: tuple[str, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()  # (start, end) offsets into text

    def to_dict(self) -> dict[str, Any]:
        # field by field, not asdict (which deep-copies): a real letter has ~150 passages
        return {"id": self.id, "section": self.section, "text": self.text, "page": self.page, "kind": self.kind,
                "bullet": self.bullet, "themes": list(self.themes), "theme_scores": dict(self.theme_scores),
                "stance": self.stance, "stance_scores": dict(self.stance_scores), "request": self.request,
                "targets": list(self.targets), "sentences": [list(span) for span in self.sentences]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Passage:
        kwargs = {name: data[name] for name in _PASSAGE_FIELDS if name in data}
        kwargs["themes"] = tuple(kwargs.get("themes", ()))
        kwargs["targets"] = tuple(kwargs.get("targets", ()))
        kwargs["sentences"] = tuple(tuple(span) for span in kwargs.get("sentences", ()))
        return cls(**kwargs)


_ENTITY_FIELDS = tuple(f.name for f in fields(Entity))
_PASSAGE_FIELDS = tuple(f.name for f in fields(Passage))


@dataclass(frozen=True)
class Mention:
    """A named concept (maatregel, risico, gemeentetaak) found in a passage."""

    kind: str
    name: str
    passage_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """One causal or impact claim: source -[relation]-> target, with the sentence that makes it."""

    source_kind: str
    source: str
    relation: str  # leidt_tot | raakt
    target_kind: str
    target: str
    doc_id: str
    passage_id: str
    sentence: str
    cue: str
    stance: str | None = None  # the passage's stance, when classified
    # Open-vocabulary nodes (issue 19): the normalised key of each end (lemmas of its core, no
    # function words), the words the sentence used for it, and how sure the stage is of the claim.
    source_key: str = ""
    target_key: str = ""
    source_text: str = ""
    target_text: str = ""
    confidence: float = 1.0
    # Kept on the claim, left out of the graph: "leidt niet tot", "het kabinet stelt dat ...",
    # "zou kunnen leiden tot" when the author does not assert it.
    negated: bool = False
    reported: bool = False
    hypothetical: bool = False
    # Whether each end took a seed's canonical name (NodePhrase.canonical, pipeline/relations/phrases.py).
    source_canonical: bool = False
    target_canonical: bool = False


@dataclass(frozen=True)
class Request:
    """A passage in which the VNG asks or urges someone to act."""

    doc_id: str
    passage_id: str
    addressee: str
    targets: tuple[str, ...]
    sentence: str


@dataclass(frozen=True)
class Statement:
    """The stance of an actor (the VNG, with its co-signers) toward one measure in one passage, with the
    sentence that decides it: one row of DNA's data model (pipeline/stance/)."""

    doc_id: str
    passage_id: str
    actor: str
    target: str
    stance: Stance
    confidence: float  # probability of `stance`
    scores: dict[str, float]  # stance -> probability
    sentence: str  # verbatim from the passage text
    sentence_start: int  # offsets of `sentence` in the passage text
    sentence_end: int
    cues: tuple[str, ...]  # the words that decided it, with their sign ("+steunt", "-niet in te voeren")
    method: str  # model | rules | passage (no mention: the passage's own stance)
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # Field by field: dataclasses.asdict deep-copies recursively, ten times slower on the 47,000
        # statements of a 1,000-letter collection (positions.json is rebuilt on every run).
        return {"doc_id": self.doc_id, "passage_id": self.passage_id, "actor": self.actor, "target": self.target,
                "stance": self.stance, "confidence": self.confidence, "scores": dict(self.scores),
                "sentence": self.sentence, "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
                "cues": list(self.cues), "method": self.method, "date": self.date}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        return cls(**{**data, "cues": tuple(data.get("cues", ())), "scores": dict(data.get("scores", {}))})


@dataclass(frozen=True)
class Letter:
    """A letter after extraction, cleaning, metadata and segmentation."""

    doc_id: str
    source: str
    sha256: str
    meta: LetterMeta
    passages: tuple[Passage, ...]
    removed: tuple[Removal, ...] = ()
    encoding: str | None = None
    page_count: int | None = None
    non_content: tuple[Block, ...] = ()  # salutation, closing, signature, contact lines
    layout: str | None = None  # how the reader read lines into paragraphs (RawDocument.layout)
    layout_evidence: tuple[tuple[str, object], ...] = ()
    fictional: bool = False  # the file carries the fictional-letter marker (pipeline/extract/marker.py)


@dataclass(frozen=True)
class LetterResult:
    """Everything the pipeline knows about one letter; written as letters/<doc_id>.json."""

    doc_id: str
    source: str
    sha256: str
    date: str | None
    date_source: DateSource
    doc_type: DocType
    title: str | None
    passages: tuple[Passage, ...]
    entities: tuple[Entity, ...] = ()
    date_window: tuple[str, str] | None = None
    date_evidence: tuple[DateClue, ...] = ()
    page_count: int | None = None
    encoding: str | None = None
    removed: tuple[Removal, ...] = ()
    claims: tuple[Claim, ...] = ()
    mentions: tuple[Mention, ...] = ()
    requests: tuple[Request, ...] = ()
    letter_number: str | None = None
    letter_year: int | None = None
    layout: str | None = None
    layout_evidence: tuple[tuple[str, object], ...] = ()
    fictional: bool = False  # marked as a made-up example letter, not a real one
    statements: tuple[Statement, ...] = ()  # stance per (passage, measure), pipeline/stance/

    def to_dict(self) -> dict[str, Any]:
        return {
            "letter_number": self.letter_number,
            "letter_year": self.letter_year,
            "layout": self.layout,
            "layout_evidence": dict(self.layout_evidence),
            "doc_id": self.doc_id,
            "fictional": self.fictional,
            "source": self.source,
            "sha256": self.sha256,
            "date": self.date,
            "date_source": self.date_source,
            "date_window": list(self.date_window) if self.date_window else None,
            "date_evidence": [c.to_dict() for c in self.date_evidence],
            "doc_type": self.doc_type,
            "title": self.title,
            "page_count": self.page_count,
            "encoding": self.encoding,
            "passages": [p.to_dict() for p in self.passages],
            "entities": [e.to_dict() for e in self.entities],
            "removed": [asdict(r) for r in self.removed],
            "claims": [asdict(c) for c in self.claims],
            "mentions": [asdict(m) for m in self.mentions],
            "requests": [{**asdict(r), "targets": list(r.targets)} for r in self.requests],
            "statements": [s.to_dict() for s in self.statements],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LetterResult:
        return cls(
            doc_id=data["doc_id"],
            source=data["source"],
            sha256=data["sha256"],
            date=data.get("date"),
            date_source=data.get("date_source", "unknown"),
            date_window=tuple(data["date_window"]) if data.get("date_window") else None,
            date_evidence=tuple(DateClue(**c) for c in data.get("date_evidence", [])),
            doc_type=data.get("doc_type", "other"),
            title=data.get("title"),
            passages=tuple(Passage.from_dict(p) for p in data.get("passages", [])),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", [])),
            page_count=data.get("page_count"),
            encoding=data.get("encoding"),
            removed=tuple(Removal(**r) for r in data.get("removed", [])),
            claims=tuple(Claim(**c) for c in data.get("claims", [])),
            mentions=tuple(Mention(**m) for m in data.get("mentions", [])),
            requests=tuple(Request(**{**r, "targets": tuple(r["targets"])}) for r in data.get("requests", [])),
            letter_number=data.get("letter_number"),
            letter_year=data.get("letter_year"),
            layout=data.get("layout"),
            layout_evidence=tuple(sorted((data.get("layout_evidence") or {}).items())),
            fictional=bool(data.get("fictional", False)),
            statements=tuple(Statement.from_dict(s) for s in data.get("statements", [])),
        )


ColumnKind = Literal["str", "int", "float", "bool", "date"]


@dataclass(frozen=True)
class Table:
    """One flat output table (a CSV file and a sheet of vng.xlsx): typed columns, rows in a stable order."""

    name: str  # file stem: passages -> passages.csv and the sheet "passages"
    columns: tuple[tuple[str, ColumnKind], ...]
    rows: tuple[tuple[Any, ...], ...]

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)
