"""Read a publisher's file as published: a header and numbered rows of text, nothing typed.

Typing and cleaning belong to the staging models; here a value is the text the publisher wrote
(a workbook number becomes its shortest exact text, a workbook date its ISO text).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from total_place.manifest import DataFileError

# Publishers' CSVs are UTF-8 (often with a byte-order mark) or Windows-1252 (a bare 0xA3 for £).
CSV_ENCODINGS = ("utf-8-sig", "cp1252")
CSV_ENCODING_NAMES = ("utf-8", "cp1252")

Row = list[str | None]


@dataclass
class SourceRows:
    """A header and an iterator of (row number in the file or sheet, values); row 1 is the first line."""

    header: list[str]
    rows: Iterator[tuple[int, Row]]
    sheet: str | None = None
    encoding: str | None = None


# Bounds on what a zip archive (a zipped CSV, an .xlsx or .ods workbook) may unpack to, checked
# from its directory before a byte is inflated; zipfile stops reading a member at its declared
# size, so a member cannot exceed these by lying. The pack's largest ratio is 38 (an .ods
# content.xml); a zip bomb's is about 1,000. Small members (styles, printer settings) may
# compress further and are not held to the ratio.
MAX_MEMBER_BYTES = 4 << 30
MAX_COMPRESSION_RATIO = 200
RATIO_FROM_BYTES = 1 << 20
_BLOCK = 1 << 20


def check_archive(path: Path, archive: zipfile.ZipFile, members: Iterable[str] | None = None) -> None:
    """Refuse an archive whose members (all, or those named) unpack beyond the bounds above."""
    wanted = None if members is None else set(members)
    for info in archive.infolist():
        if wanted is not None and info.filename not in wanted:
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            raise DataFileError(
                f"{path}: member {info.filename!r} unpacks to {info.file_size:,} bytes, "
                f"over the {MAX_MEMBER_BYTES:,} allowed"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise DataFileError(
                f"{path}: member {info.filename!r} unpacks {ratio:,.0f} times its packed size "
                f"(over {MAX_COMPRESSION_RATIO}): refused as a zip bomb"
            )


def open_archive(path: Path, kind: str = "zip archive") -> zipfile.ZipFile:
    """A zip archive (a zipped CSV, an .xlsx or .ods workbook) whose members are within bounds."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise DataFileError(f"{path}: not a readable {kind} ({error})") from error
    try:
        check_archive(path, archive)
    except DataFileError:
        archive.close()
        raise
    return archive


class _BoundedGzip(io.RawIOBase):
    """A gzip file's bytes, refused as a bomb once they pass the bounds a zip member is held to
    (a gzip stream does not say its size before it is inflated, so it is counted as it is read)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._packed = path.stat().st_size
        self._stream = gzip.open(path, "rb")  # noqa: SIM115 (closed by close(), as the reader is)
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        try:
            data = self._stream.read(len(buffer))
        except (OSError, EOFError, zlib.error) as error:
            raise DataFileError(f"{self._path}: not a readable gzip file ({error})") from error
        self._read += len(data)
        if self._read > MAX_MEMBER_BYTES or (
            self._read > RATIO_FROM_BYTES and self._read > MAX_COMPRESSION_RATIO * self._packed
        ):
            raise DataFileError(
                f"{self._path}: unpacks to over {self._read:,} bytes from {self._packed:,}: refused as a gzip bomb"
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _scratch_parent() -> str | None:
    """Where a decoded copy of a file goes: beside DuckDB's spill files (on disk, sized for the
    warehouse) rather than the system temp directory, which is often memory."""
    configured = os.environ.get("TOTAL_PLACE_DUCKDB_TEMP_DIRECTORY")
    if not configured:
        return None
    Path(configured).mkdir(parents=True, exist_ok=True)
    return configured


@contextmanager
def _open_binary(path: Path, archive_member: str | None) -> Iterator[BinaryIO]:
    if archive_member is None and is_gzip(path):
        with io.BufferedReader(_BoundedGzip(path), buffer_size=_BLOCK) as handle:
            yield handle  # type: ignore[misc]
        return
    if archive_member is None:
        with path.open("rb") as handle:
            yield handle
        return
    with open_archive(path) as archive:
        if archive_member not in archive.namelist():
            names = ", ".join(archive.namelist()[:20])
            raise DataFileError(f"{path}: no member {archive_member!r} in the archive ({names})")
        try:
            handle = archive.open(archive_member)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
            raise DataFileError(f"{path}: member {archive_member!r} cannot be unpacked ({error})") from error
        with handle:
            yield handle


def _detect_encoding(path: Path, archive_member: str | None) -> str:
    for encoding in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with _open_binary(path, archive_member) as handle:
                for block in iter(lambda h=handle: h.read(1 << 20), b""):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise DataFileError(f"{path}: not text in any of {', '.join(CSV_ENCODINGS)}")


def _with_header(
    path: Path, where: str, numbered: Iterator[tuple[int, Row]], header_rows: list[int] | None
) -> tuple[list[str], Iterator[tuple[int, Row]]]:
    """Take the header off the rows: the given rows joined (codes above names), or the first with text."""
    if header_rows:
        parts: list[Row] = []
        for row_number, values in numbered:
            if row_number in header_rows:
                parts.append(values)
            if row_number >= max(header_rows):
                break
        if len(parts) != len(header_rows):
            raise DataFileError(f"{path}: {where}ends before header row {max(header_rows)}")
        width = max(len(part) for part in parts)
        header = [
            " ".join(str(part[i]).strip() for part in parts if i < len(part) and part[i] not in (None, ""))
            for i in range(width)
        ]
    else:
        header = []
        for _, values in numbered:
            if any(value not in (None, "") and str(value).strip() for value in values):
                header = ["" if value is None else str(value) for value in values]
                break
    if not any(name.strip() for name in header):
        raise DataFileError(f"{path}: {where}no header row (only blank lines)")
    return header, numbered


def read_csv(path: Path, header_rows: list[int] | None = None, archive_member: str | None = None) -> SourceRows:
    if path.stat().st_size == 0:
        raise DataFileError(f"{path}: empty file")
    with _open_binary(path, archive_member) as probe:
        start = probe.read(4096)
    if not start:
        raise DataFileError(f"{path}: empty file")
    if b"\x00" in start:
        raise DataFileError(f"{path}: binary content, not a CSV file")
    encoding = _detect_encoding(path, archive_member)

    def numbered() -> Iterator[tuple[int, Row]]:
        with _open_binary(path, archive_member) as handle:
            text = io.TextIOWrapper(handle, encoding=encoding, newline="")
            yield from enumerate((list(values) for values in csv.reader(text)), start=1)

    where = f"{archive_member} " if archive_member else ""
    header, rows = _with_header(path, where, numbered(), header_rows)
    return SourceRows(header=header, rows=rows, encoding=encoding)


# CSV for DuckDB's reader: Python decides the encoding (reading the bytes once, in blocks), finds
# the header and the blank lines DuckDB skips, and hands DuckDB a UTF-8 file it parses itself.
_BLANK_LINE = re.compile(rb"\n(?=\r?\n)")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True)
class CsvText:
    """A CSV file as DuckDB reads it: UTF-8 text at `path` (the file itself, or a transcoded copy),
    its header, and the line bookkeeping that lets every row keep the file's own row number.

    Row numbers count records as a CSV reader does (the header's record is 1, a blank line is a
    record, a quoted value over several lines is one record); lines count newlines."""

    path: Path
    encoding: str  # as published: utf-8 or cp1252
    mixed_bytes: bool  # UTF-8 text with bytes of another encoding: those rows cannot be decoded
    header: list[str]
    header_end: int  # the record number of the last header row: data starts on the next
    data_line: int  # the line the first record after the header starts on
    lines: int
    blank_lines: tuple[int, ...]  # lines with no text after the header (DuckDB's reader skips them)


@dataclass
class _ByteScan:
    utf8: bool = True
    utf8_multibyte: bool = False
    newlines: int = 0
    last_byte: bytes = b""
    blank_lines: list[int] | None = None


def _scan_bytes(handle: BinaryIO) -> _ByteScan:
    """One pass over the bytes: valid UTF-8 or not, any UTF-8 multi-byte character, newlines, blank lines."""
    scan = _ByteScan(blank_lines=[])
    decoder = codecs.getincrementaldecoder("utf-8")()
    carry = b""
    seen: set[int] = set()
    for block in iter(lambda: handle.read(_BLOCK), b""):
        ascii_only = block.isascii()
        # ASCII is UTF-8: decoded only if a character began in the block before (half the scan).
        if scan.utf8 and not (ascii_only and not decoder.getstate()[0]):
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                scan.utf8 = False
        if not scan.utf8_multibyte and not ascii_only and _UTF8_MULTIBYTE.search(carry + block):
            scan.utf8_multibyte = True
        window = carry + block
        for match in _BLANK_LINE.finditer(window):
            # The line after this newline is blank; its number counts the newlines before it.
            absolute = scan.newlines - carry.count(b"\n") + window.count(b"\n", 0, match.start()) + 2
            if absolute not in seen:
                seen.add(absolute)
                scan.blank_lines.append(absolute)
        scan.newlines += block.count(b"\n")
        carry = window[-3:]
        scan.last_byte = block[-1:]
    if scan.utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            scan.utf8 = False
    return scan


def _header_of(text_path: Path, path: Path, where: str, header_rows: list[int] | None) -> tuple[list[str], int, int]:
    """The header (as _with_header takes it), the record number it ends on and the line after it."""
    with text_path.open(encoding="utf-8-sig", errors="replace", newline="") as text:
        reader = csv.reader(text)
        last = 0

        def numbered() -> Iterator[tuple[int, Row]]:
            nonlocal last
            for number, values in enumerate(reader, start=1):
                last = number
                yield number, list(values)

        try:
            header, _ = _with_header(path, where, numbered(), header_rows)
        except csv.Error as error:
            raise DataFileError(f"{path}: {where}header cannot be read as CSV ({error})") from error
        return header, last, reader.line_num + 1


@contextmanager
def prepare_csv(
    path: Path,
    header_rows: list[int] | None = None,
    archive_member: str | None = None,
    single_byte: str | None = None,
) -> Iterator[CsvText]:
    """A CSV file (or zip member) ready for DuckDB's reader: UTF-8 or a single-byte code page
    (Windows-1252 unless the manifest names another, `single_byte`) decided for the whole file, or
    UTF-8 with stray bytes of another encoding (mixed_bytes: DuckDB rejects those rows, and they
    are quarantined). A zip member, a gzip file or a single-byte file is copied as UTF-8 to a
    scratch file, in blocks; nothing is held whole in memory."""
    if path.stat().st_size == 0:
        raise DataFileError(f"{path}: empty file")
    with _open_binary(path, archive_member) as probe:
        start = probe.read(4096)
    if not start:
        raise DataFileError(f"{path}: empty file")
    if b"\x00" in start:
        raise DataFileError(f"{path}: binary content, not a CSV file")
    with _open_binary(path, archive_member) as handle:
        scan = _scan_bytes(handle)
    encoding = "utf-8" if scan.utf8 or scan.utf8_multibyte else (single_byte or "cp1252")
    copied = archive_member is not None or is_gzip(path) or encoding != "utf-8"
    scratch = Path(tempfile.mkdtemp(prefix="total_place_csv_", dir=_scratch_parent())) if copied else None
    try:
        text_path = path
        if scratch is not None:
            text_path = scratch / "text.csv"
            decoder = codecs.getincrementaldecoder(encoding)()
            with _open_binary(path, archive_member) as source, text_path.open("wb") as target:
                try:
                    for block in iter(lambda: source.read(_BLOCK), b""):
                        target.write(decoder.decode(block).encode("utf-8"))
                    target.write(decoder.decode(b"", final=True).encode("utf-8"))
                except UnicodeDecodeError as error:
                    raise DataFileError(f"{path}: not text in UTF-8 or {encoding}") from error
        where = f"{archive_member} " if archive_member else ""
        header, header_end, data_line = _header_of(text_path, path, where, header_rows)
        lines = scan.newlines + (0 if scan.last_byte == b"\n" else 1)
        blank = tuple(line for line in (scan.blank_lines or []) if data_line <= line <= lines)
        yield CsvText(
            text_path, encoding, not scan.utf8 and encoding == "utf-8", header, header_end, data_line, lines, blank
        )
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _cell_text(value: object) -> str | None:
    if value is None or value == "":
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


def read_xlsx_sheet(path: Path, sheet: str, header_rows: list[int] | None) -> SourceRows:
    import openpyxl

    open_archive(path, ".xlsx workbook").close()  # bounded before openpyxl inflates anything
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise DataFileError(f"{path}: not a readable .xlsx workbook ({error})") from error
    if sheet not in workbook.sheetnames:
        raise DataFileError(f"{path}: no sheet named {sheet!r} (sheets: {', '.join(workbook.sheetnames)})")
    cells = workbook[sheet].iter_rows(values_only=True)
    return _sheet_rows(path, sheet, header_rows, ([_cell_text(v) for v in row] for row in cells))


def read_xls_sheet(path: Path, sheet: str, header_rows: list[int] | None) -> SourceRows:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as error:  # xlrd meets a corrupt file with many kinds of error
        raise DataFileError(f"{path}: not a readable .xls workbook ({type(error).__name__}: {error})") from error
    if sheet not in book.sheet_names():
        raise DataFileError(f"{path}: no sheet named {sheet!r} (sheets: {', '.join(book.sheet_names())})")
    worksheet = book.sheet_by_name(sheet)

    def cell(row: int, col: int) -> str | None:
        kind, value = worksheet.cell_type(row, col), worksheet.cell_value(row, col)
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if kind == xlrd.XL_CELL_DATE:
            try:
                return _cell_text(xlrd.xldate.xldate_as_datetime(value, book.datemode))
            except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                return _cell_text(value)  # no date at all: the serial number as stored, for the rules to judge
        return _cell_text(value)

    values = ([cell(r, c) for c in range(worksheet.ncols)] for r in range(worksheet.nrows))
    return _sheet_rows(path, sheet, header_rows, values)


# OpenDocument spreadsheets (.ods): content.xml read as a stream with the standard library,
# so a workbook published as .ods needs no reader of its own to install.
_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
# A spreadsheet's own limits (LibreOffice's and Excel's): a repeat count beyond them is hostile.
ODS_MAX_COLUMNS, ODS_MAX_ROWS = 16_384, 1_048_576
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _ods_paragraph(element: ElementTree.Element) -> str:
    """A text:p as displayed: spans and links read through, text:s as its count of spaces."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_ODS_TEXT}s":
            spaces = child.get(f"{_ODS_TEXT}c", "1")
            parts.append(" " * min(int(spaces), 1_000) if spaces.isdigit() else " ")
        elif child.tag == f"{_ODS_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_ODS_TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(_ods_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _ods_cell_text(cell: ElementTree.Element) -> str | None:
    """A cell's value as the other readers give it: numbers from the stored value, not the display."""
    kind = cell.get(f"{_ODS_OFFICE}value-type")
    if kind in ("float", "percentage", "currency"):
        return _cell_text(float(cell.get(f"{_ODS_OFFICE}value", "nan")))
    if kind == "date":
        return _cell_text(dt.datetime.fromisoformat(cell.get(f"{_ODS_OFFICE}date-value", "")))
    if kind == "boolean":
        return _cell_text(cell.get(f"{_ODS_OFFICE}boolean-value") == "true")
    if kind == "time":
        return cell.get(f"{_ODS_OFFICE}time-value")
    paragraphs = [_ods_paragraph(p) for p in cell.iter(f"{_ODS_TEXT}p")]
    return _cell_text("\n".join(paragraphs)) if paragraphs else None


def _ods_repeat(element: ElementTree.Element, attribute: str, limit: int) -> int:
    text = element.get(f"{_ODS_TABLE}{attribute}", "1")
    if not text.isdigit() or not 0 < int(text) <= limit:
        raise ValueError(f"{attribute} {text!r:.40} is not a count up to {limit:,}")
    return int(text)


def _ods_row(row: ElementTree.Element) -> Row:
    values: Row = []
    empty = 0  # empty cells held back: a row's empty tail is often repeated to the last column
    for cell in row:
        if cell.tag in (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell"):
            repeat = _ods_repeat(cell, "number-columns-repeated", ODS_MAX_COLUMNS)
            text = _ods_cell_text(cell)
            if text is None:
                empty += repeat
                continue
            if len(values) + empty + repeat > ODS_MAX_COLUMNS:
                raise ValueError(f"a row of more than {ODS_MAX_COLUMNS:,} columns")
            values.extend([None] * empty + [text] * repeat)
            empty = 0
    return values


def read_ods_sheet(path: Path, sheet: str, header_rows: list[int] | None) -> SourceRows:
    archive = open_archive(path, ".ods workbook")
    try:
        archive.getinfo("content.xml")
    except KeyError as error:
        archive.close()
        raise DataFileError(f"{path}: not a readable .ods workbook ({error})") from error
    names: list[str] = []
    with archive, archive.open("content.xml") as content:
        try:
            for _, element in ElementTree.iterparse(content, events=("start",)):
                if element.tag == f"{_ODS_TABLE}table":
                    names.append(element.get(f"{_ODS_TABLE}name", ""))
                    if names[-1] == sheet:
                        break
        except ElementTree.ParseError as error:
            raise DataFileError(f"{path}: not a readable .ods workbook (content.xml: {error})") from error
    if sheet not in names:
        raise DataFileError(f"{path}: no sheet named {sheet!r} (sheets: {', '.join(names)})")

    def values() -> Iterator[Row]:
        blank_run = 0  # empty rows are held back: a sheet often repeats one to row 1048576
        with zipfile.ZipFile(path) as book, book.open("content.xml") as content:
            in_sheet = False
            for event, element in ElementTree.iterparse(content, events=("start", "end")):
                if element.tag == f"{_ODS_TABLE}table":
                    in_sheet = event == "start" and element.get(f"{_ODS_TABLE}name") == sheet
                    if event == "end":
                        element.clear()
                elif event == "end" and element.tag == f"{_ODS_TABLE}table-row":
                    if in_sheet:
                        row = _ods_row(element)
                        repeat = _ods_repeat(element, "number-rows-repeated", ODS_MAX_ROWS)
                        if row:
                            yield from [[]] * blank_run
                            blank_run = 0
                            for _ in range(repeat):
                                yield list(row)
                        else:
                            blank_run += repeat
                    element.clear()

    return _sheet_rows(path, sheet, header_rows, values())


def _guarded(path: Path, sheet: str, values: Iterable[Row]) -> Iterator[Row]:
    """A workbook's rows, with any failure of its reader (a corrupt or hostile file) as one line."""
    try:
        yield from values
    except DataFileError:
        raise
    except Exception as error:
        raise DataFileError(f"{path}: sheet {sheet!r} cannot be read ({type(error).__name__}: {error})") from error


def _sheet_rows(path: Path, sheet: str, header_rows: list[int] | None, values: Iterable[Row]) -> SourceRows:
    header, rows = _with_header(
        path, f"sheet {sheet!r} ", enumerate(_guarded(path, sheet, values), start=1), header_rows
    )
    # Workbooks pad rows with empty cells past the header's width; a value there is kept
    # (and the row quarantined for its width), an empty cell is not.
    width = max(i + 1 for i, name in enumerate(header) if name.strip())
    header = header[:width]

    def trimmed() -> Iterator[tuple[int, Row]]:
        for row_number, row in rows:
            extra = [cell for cell in row[width:] if cell is not None]
            yield row_number, [*row[:width], *extra] + [None] * (width - len(row))

    return SourceRows(header=header, rows=trimmed(), sheet=sheet)
