"""Read a publisher's file as published: a header and numbered rows of text, nothing typed.

Typing and cleaning belong to the staging models; here a value is the text the publisher wrote
(a workbook number becomes its shortest exact text, a workbook date its ISO text).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from total_place.manifest import DataFileError

# Publishers' CSVs are UTF-8 (often with a byte-order mark) or Windows-1252 (a bare 0xA3 for £).
CSV_ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass
class SourceRows:
    """A header and an iterator of (row number in the file, values); row 1 is the first line."""

    header: list[str]
    rows: Iterator[tuple[int, list[str | None]]]
    sheet: str | None = None
    encoding: str | None = None


def _detect_encoding(path: Path) -> str:
    for encoding in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise DataFileError(f"{path}: not text in any of {', '.join(CSV_ENCODINGS)}")


def read_csv(path: Path) -> SourceRows:
    if path.stat().st_size == 0:
        raise DataFileError(f"{path}: empty file")
    with path.open("rb") as probe:
        if b"\x00" in probe.read(4096):
            raise DataFileError(f"{path}: binary content, not a CSV file")
    encoding = _detect_encoding(path)
    handle = path.open(newline="", encoding=encoding)
    reader = csv.reader(handle)
    # The header is the first line with any text: some publishers put blank lines above it.
    header_row, header = next(
        ((number, values) for number, values in enumerate(reader, start=1) if any(v.strip() for v in values)),
        (0, None),
    )
    if header is None:
        handle.close()
        raise DataFileError(f"{path}: no header row (the file holds only blank lines)")

    def rows() -> Iterator[tuple[int, list[str | None]]]:
        with handle:
            for row_number, values in enumerate(reader, start=header_row + 1):
                yield row_number, list(values)

    return SourceRows(header=header, rows=rows(), encoding=encoding)


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx_sheet(path: Path, sheet: str, header_row: int) -> SourceRows:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise DataFileError(f"{path}: not a readable .xlsx workbook ({error})") from error
    if sheet not in workbook.sheetnames:
        raise DataFileError(f"{path}: no sheet named {sheet!r} (sheets: {', '.join(workbook.sheetnames)})")
    cells = workbook[sheet].iter_rows(values_only=True)
    return _sheet_rows(path, sheet, header_row, ([_cell_text(v) for v in row] for row in cells))


def read_xls_sheet(path: Path, sheet: str, header_row: int) -> SourceRows:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.XLRDError as error:
        raise DataFileError(f"{path}: not a readable .xls workbook ({error})") from error
    if sheet not in book.sheet_names():
        raise DataFileError(f"{path}: no sheet named {sheet!r} (sheets: {', '.join(book.sheet_names())})")
    worksheet = book.sheet_by_name(sheet)

    def cell(row: int, col: int) -> str | None:
        kind, value = worksheet.cell_type(row, col), worksheet.cell_value(row, col)
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if kind == xlrd.XL_CELL_DATE:
            return _cell_text(xlrd.xldate.xldate_as_datetime(value, book.datemode))
        return _cell_text(value)

    values = ([cell(r, c) for c in range(worksheet.ncols)] for r in range(worksheet.nrows))
    return _sheet_rows(path, sheet, header_row, values)


def _sheet_rows(path: Path, sheet: str, header_row: int, values: Iterator[list[str | None]]) -> SourceRows:
    header: list[str] | None = None
    for row_number, row in enumerate(values, start=1):
        if row_number == header_row:
            header = [cell or "" for cell in row]
            break
    if header is None or not any(header):
        raise DataFileError(f"{path}: sheet {sheet!r} has no header in row {header_row}")
    # Workbooks often pad rows with empty trailing cells past the header's width.
    width = max(i + 1 for i, name in enumerate(header) if name)
    header = header[:width]

    def rows() -> Iterator[tuple[int, list[str | None]]]:
        for row_number, row in enumerate(values, start=header_row + 1):
            extra = row[width:]
            yield row_number, row[:width] + [cell for cell in extra if cell is not None]

    return SourceRows(header=header, rows=rows(), sheet=sheet)
