"""vng.xlsx: every flat table as a sheet of one Excel workbook, for people who live in Excel.

openpyxl builds the workbook: the package, one sheet per table with its bold header row, the frozen
header pane, the autofilter over the used range (and the defined name Excel keeps for it), column
widths, the document properties. The data rows are then streamed into each sheet's `sheetData` as the
SpreadsheetML openpyxl's write-only mode writes (inline strings, numbers, booleans, dates as serial
numbers with a `yyyy-mm-dd` style): openpyxl cell by cell took 4.9 CPU s for the tables of 1,000
letters, this 1.4 s. Rows are made as templates with their number left open, so that the rows of a
letter made in an earlier run can be re-used (pipeline/table_rows.py).

Deterministic: the document properties carry a fixed time and every zip entry 1980-01-01, so the
same tables give the same bytes.
"""
from __future__ import annotations

import io
import math
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, cast

from pipeline.errors import OutputError
from pipeline.export import atomic_writer
from pipeline.types import ColumnKind, Table

WORKBOOK_NAME = "vng.xlsx"
MAX_TEXT = 32_767  # characters an Excel cell holds
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_NEEDS_WORK = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # to escape or to drop
_FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_LEVEL = 1  # deflate level: a fifth bigger than level 6 and four times faster (a re-run rewrites the workbook)
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year quirk, exact from March 1900 on)
_WIDTHS = {"str": 18, "int": 9, "float": 9, "bool": 8, "date": 11}
_WIDE = {"text": 80, "sentence": 80, "title": 50, "evidence": 60, "evidence_sentence": 60}
_BOLD, _DATE = 1, 2  # cellXfs indexes in the stylesheet below
# openpyxl's own stylesheet for a workbook with a bold font and a yyyy-mm-dd number format, fixed here
# so that the two style indexes the rows use are known.
_STYLES = (
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
    '<scheme val="minor"/></font><font><b val="1"/></font></fonts>'
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" applyFont="1" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


def escape(text: str) -> str:
    """xml.sax.saxutils.escape, which imports urllib, http, email and ssl (start-up time: this module is
    imported before the first letter, for its table rows)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    if len(value) > MAX_TEXT or _NEEDS_WORK.search(value):  # most cells need neither: skip the rewrites
        value = escape(_ILLEGAL.sub("", value)[:MAX_TEXT])
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f"<is><t{space}>{value}</t></is>"


def _cell(ref: str, value: Any, kind: str) -> str:
    """One <c> element; empty cells are left out, as Excel writes them."""
    if value is None or value == "":
        return ""
    if value.__class__ is str and kind == "str":  # the common case first
        return f'<c r="{ref}" t="inlineStr">{_text(value)}</c>'
    if kind == "date":
        try:
            day = date.fromisoformat(str(value))
        except ValueError:  # a partial date ("2025-05") stays text rather than a made-up day
            return f'<c r="{ref}" t="inlineStr">{_text(str(value))}</c>'
        return f'<c r="{ref}" s="{_DATE}" t="n"><v>{(day - _EPOCH).days}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)) and kind in ("int", "float"):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        return f'<c r="{ref}" t="n"><v>{value!r}</v></c>'
    # Inline strings are never formulas: text starting with "=" stays text.
    return f'<c r="{ref}" t="inlineStr">{_text(str(value))}</c>'


ROW = "\x00"  # stands for the row number in a row template; XML 1.0 text can never hold it


@dataclass(frozen=True)
class Sheet:
    """A table ready for the workbook: its columns and its data rows as SpreadsheetML templates."""

    name: str
    columns: tuple[tuple[str, ColumnKind], ...]
    rows: Sequence[str]  # one `<row>` element per data row, with ROW where its number goes


@dataclass(frozen=True)
class SpooledSheet:
    """A table's sheet whose numbered `<row>` elements wait in a file (UTF-8), written as the rows were
    read, so that a big table need not be held in memory (pipeline/table_rows.py)."""

    name: str
    columns: tuple[tuple[str, ColumnKind], ...]
    count: int  # data rows
    path: Path


def row_templates(columns: Sequence[tuple[str, ColumnKind]], rows: Iterable[Sequence[Any]]) -> list[str]:
    """Rows as `<row>` elements whose number is left open (ROW), so that the rows of one letter can be
    made once and placed anywhere in the sheet (pipeline/table_rows.py keeps them between runs)."""
    letters = [_column_letter(i) for i in range(1, len(columns) + 1)]
    kinds = [kind for _, kind in columns]
    out = []
    for row in rows:
        cells = [f'<row r="{ROW}">']
        for letter, value, kind in zip(letters, row, kinds, strict=False):
            if value is None or value == "":
                continue  # empty cells are left out, as Excel writes them
            if value.__class__ is str and kind == "str":  # the common case, without a call
                if len(value) > MAX_TEXT or _NEEDS_WORK.search(value):
                    value = escape(_ILLEGAL.sub("", value)[:MAX_TEXT])
                space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
                cells.append(f'<c r="{letter}{ROW}" t="inlineStr"><is><t{space}>{value}</t></is></c>')
            else:
                cells.append(_cell(f"{letter}{ROW}", value, kind))
        cells.append("</row>")
        out.append("".join(cells))
    return out


def sheet(table: Table) -> Sheet:
    return Sheet(table.name, table.columns, row_templates(table.columns, table.rows))


@contextmanager
def _temporary_files_in(folder: Path | None) -> Iterator[None]:
    """openpyxl spools every sheet through a temporary file (and removes it): keep those inside OUT_DIR,
    because no run writes outside it. The parent process is the only writer at this point."""
    if folder is None:
        yield
        return
    previous = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = previous


def numbered_rows(rows: Iterable[str], first: int) -> str:
    """Row templates with their numbers filled in, from `first` on."""
    return "".join(row.replace(ROW, str(number)) for number, row in enumerate(rows, start=first))


def _row_count(table: Sheet | SpooledSheet) -> int:
    return table.count if isinstance(table, SpooledSheet) else len(table.rows)


def xlsx_bytes(tables: Sequence[Table | Sheet | SpooledSheet], temp_dir: Path | None = None) -> bytes:
    """The workbook as bytes; `temp_dir`: where openpyxl may put its short-lived spool files."""
    packed = io.BytesIO()
    write_xlsx(packed, tables, temp_dir)
    return packed.getvalue()


def write_xlsx(stream: BinaryIO, tables: Sequence[Table | Sheet | SpooledSheet], temp_dir: Path | None = None) -> None:
    """The workbook into a seekable binary stream; each sheet's rows go in as they are read."""
    sheets_in = [t if isinstance(t, (Sheet, SpooledSheet)) else sheet(t) for t in tables]
    # Imported here: the workers import this module for the row templates, which need no openpyxl.
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "vng-brieven"
    bold = Font(bold=True)
    sheets: dict[str, Sheet | SpooledSheet] = {}
    for number, table in enumerate(sheets_in, start=1):
        worksheet = workbook.create_sheet(table.name[:31])
        sheets[f"xl/worksheets/sheet{number}.xml"] = table
        worksheet.freeze_panes = "A2"
        last = f"{_column_letter(max(len(table.columns), 1))}{_row_count(table) + 1}"
        worksheet.auto_filter.ref = f"A1:{last}"
        for index, (name, kind) in enumerate(table.columns, start=1):
            worksheet.column_dimensions[_column_letter(index)].width = _WIDE.get(name, _WIDTHS[kind])
            worksheet.cell(row=1, column=index, value=name).font = bold
    buffer = io.BytesIO()
    with _temporary_files_in(temp_dir):
        workbook.save(buffer)

    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            if isinstance(sheets.get(info.filename), SpooledSheet):
                _write_spooled(target, entry, data.decode("utf-8"), cast(SpooledSheet, sheets[info.filename]))
                continue
            if info.filename in sheets:
                table = cast(Sheet, sheets[info.filename])
                head, tail = _sheet_ends(data.decode("utf-8"), table)
                data = (head + numbered_rows(table.rows, 2) + tail).encode("utf-8")  # data rows under the header
            elif info.filename == "xl/styles.xml":
                data = _STYLES.encode("utf-8")
            elif info.filename == "docProps/core.xml":
                # openpyxl stamps the save time as `modified`: a fixed time keeps re-runs byte-identical.
                stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            target.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=_LEVEL)


def _sheet_ends(xml: str, table: Sheet | SpooledSheet) -> tuple[str, str]:
    """openpyxl's sheet XML around where the data rows go, the used range reaching the last data row
    (openpyxl saw only the header)."""
    if table.columns and f'<c r="A1" s="{_BOLD}"' not in xml:
        raise OutputError(f"openpyxl wrote the sheet {table.name} in an unexpected form (header style); "
                          "install the openpyxl version pyproject.toml names")
    head, tail = xml.split("</sheetData>")
    head = re.sub(r'<dimension ref="[^"]*"/>',
                  f'<dimension ref="A1:{_column_letter(max(len(table.columns), 1))}{_row_count(table) + 1}"/>',
                  head, count=1)
    return head, "</sheetData>" + tail


def _write_spooled(target: zipfile.ZipFile, entry: zipfile.ZipInfo, xml: str, table: SpooledSheet) -> None:
    """A sheet whose rows wait in a file, copied into the zip entry piece by piece; the same bytes as
    writestr of the whole (deflate's output does not depend on how its input is cut)."""
    head, tail = _sheet_ends(xml, table)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry._compresslevel = _LEVEL  # type: ignore[attr-defined]  # noqa: SLF001 - what writestr(compresslevel=) sets
    with target.open(entry, "w") as dest, table.path.open("rb") as rows:
        dest.write(head.encode("utf-8"))
        while chunk := rows.read(1 << 20):
            dest.write(chunk)
        dest.write(tail.encode("utf-8"))


def write_xlsx_atomic(path: Path, tables: Sequence[Table | Sheet | SpooledSheet]) -> None:
    with atomic_writer(path) as stream:
        write_xlsx(stream, tables, temp_dir=path.parent)
