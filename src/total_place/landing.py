"""Land publishers' files into the `raw` schema of the working database, as published.

Every raw row carries its lineage (file, sha256, sheet, row number, load time). Rows that cannot
be landed go to `raw.quarantine` with the reason, and `raw.load_log` records, for every landing,
rows read = rows landed + rows quarantined. Landing an unchanged file again changes nothing (a
file whose manifest sha256 the load log already holds is not even read: `total-place verify`
checks the files on disk); landing a changed file replaces that file's rows, and a council
payments file replaces the rows of the same council and month from any file; the log keeps
what was replaced.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fnmatch
import functools
import hashlib
import io
import itertools
import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from total_place.manifest import (
    DEFAULT_PUBLICATION,
    DataFile,
    DataFileError,
    check_unaltered,
    locate,
    publication_order,
    sha256_of,
    verify,
)
from total_place.payments import PAYMENT_COLUMNS, PAYMENT_ROLES, PaymentLayout, publisher_layout
from total_place.publishers import MAX_ORGANISATION_NAMES
from total_place.readers import (
    CsvText,
    Row,
    SourceRows,
    prepare_csv,
    read_ods_sheet,
    read_xls_sheet,
    read_xlsx_sheet,
)
from total_place.sql_macros import quoted, render, sql_text

log = logging.getLogger(__name__)

RAW_SCHEMA = "raw"
# Checks the organisation names a payments file prints against its publisher: raises DataFileError.
NameCheck = Callable[[DataFile, set[str]], None]
BATCH_ROWS = 50_000
# Lineage on every raw row; the file version it identifies (its sha256) is in the load log, by file
# and landing time, once a file rather than once a row (a fifth of the time of writing a row).
LINEAGE_COLUMNS = ("_source_file", "_sheet", "_row_number", "_loaded_at")
# DuckDB's reader rejects a longer row (a 10 MB field) as a row, with its line and reason.
MAX_ROW_BYTES = 2 * 1024 * 1024
RAW_TEXT_CHARS = 2_000  # of a quarantined row's text kept in raw.quarantine
MAX_REJECTED_ROWS = 100_000  # rows of a file DuckDB's reader rejects, at most, before the file is refused
COMMIT_FILES, COMMIT_ROWS = 200, 2_000_000  # files landed one by one in one transaction, at most
# New CSV files staged by shape and committed together, at most (the whole run's files are
# prepared before it is staged: transcoded copies of a run's files are on disk together).
RUN_FILES, RUN_BYTES = 500, 1 << 30
# DuckDB's memory while landing: a file's rows are staged in a temporary table, which spills to
# the temp directory beyond this, so a 1 GB file lands in about 1.3 GB of resident memory.
LANDING_MEMORY_LIMIT = "1GB"

BOOKKEEPING_DDL = f"""
create schema if not exists {RAW_SCHEMA};
create table if not exists {RAW_SCHEMA}.load_log (
    source_file varchar not null,
    source_sha256 varchar not null,
    sheet varchar,
    raw_table varchar not null,
    encoding varchar,
    rows_read bigint not null,
    rows_landed bigint not null,
    rows_quarantined bigint not null,
    replaced_sha256 varchar,
    publisher_code varchar,
    period varchar,
    replaced_files varchar,
    loaded_at timestamp not null,
    status varchar,
    published varchar,
    entry varchar,
    publication varchar
);
create table if not exists {RAW_SCHEMA}.quarantine (
    source_file varchar not null,
    source_sha256 varchar not null,
    sheet varchar,
    raw_table varchar not null,
    row_number bigint not null,
    raw_text varchar,
    reason varchar not null,
    loaded_at timestamp not null
);
create table if not exists {RAW_SCHEMA}.column_map (
    raw_table varchar not null,
    source_file varchar not null,
    ordinal integer not null,
    column_name varchar not null,
    published_header varchar not null
);
"""
# Columns later versions added to the end of the load log: landing, replaced or unlanded; and
# the manifest's `published` (date or version) of the file, by which the newest of a council's
# month wins.
LOAD_LOG_ADDED_COLUMNS = (
    ("status", "varchar"),
    ("published", "varchar"),
    ("entry", "varchar"),
    ("publication", "varchar"),
)


@dataclass(frozen=True)
class LandingResult:
    source_file: str
    sheet: str | None
    raw_table: str
    status: str  # landed, replaced or unchanged
    rows_read: int
    rows_landed: int
    rows_quarantined: int
    seconds: float = 0.0

    def describe(self) -> str:
        where = f"{self.source_file}" + (f" [{self.sheet}]" if self.sheet else "")
        if self.status == "unchanged":
            return f"{where}: unchanged, raw.{self.raw_table} kept as it was"
        if self.status == "unlanded":
            return f"{where}: unlanded, its rows removed from raw.{self.raw_table} (recorded in raw.load_log)"
        if self.status.startswith(("superseded", "duplicate of")):
            return f"{where}: not landed, {self.status}"
        rate = self.rows_read / self.seconds if self.seconds else 0
        return (
            f"{where}: {self.status} raw.{self.raw_table}, read {self.rows_read:,} = "
            f"landed {self.rows_landed:,} + quarantined {self.rows_quarantined:,} "
            f"in {self.seconds:.1f} s ({rate:,.0f} rows/s)"
        )


def column_names(header: list[str]) -> list[str]:
    """Published headers as SQL names: snake_case, unique, never starting with a digit."""
    names: list[str] = []
    for position, published in enumerate(header, start=1):
        name = re.sub(r"[^0-9a-z]+", "_", published.strip().lower().replace("+", "_plus")).strip("_")
        name = name or f"column_{position}"
        if name[0].isdigit():
            name = f"c_{name}"
        candidate, suffix = name, 2
        while candidate in names:
            candidate, suffix = f"{name}_{suffix}", suffix + 1
        names.append(candidate)
    return names


class TableShape:
    """Columns as published; a row needs its key columns filled and its numeric columns numbers.
    Every rule is SQL over the staged values "c1".."cN" (one per header column)."""

    def __init__(self, data_file: DataFile, header: list[str]) -> None:
        self.columns = column_names(header)
        self.published_headers = header
        self.width = len(header)
        unknown = [k for k in data_file.key_columns if k not in self.columns]
        if unknown:
            raise DataFileError(
                f"{data_file.path}: no column {', '.join(unknown)} (columns: {', '.join(self.columns)})"
            )
        self.keys = [self.columns.index(k) for k in data_file.key_columns]
        self.markers = "(" + ", ".join(sql_text(m) for m in ["", *data_file.null_markers]) + ")"
        self.numeric = [
            i
            for i, name in enumerate(self.columns)
            if any(fnmatch.fnmatch(name, pattern) for pattern in data_file.numeric_columns)
        ]
        self.month: str | None = None
        self.derived: list[tuple[str, str]] = []
        self.from_lineage: tuple[str, ...] = ()

    def select_list(self) -> list[tuple[str, str]]:
        return [(name, _value(i)) for i, name in enumerate(self.columns)]

    def reason(self) -> str:
        problems = [
            f"case when coalesce(trim({_value(i)}), '') = '' then 'missing {self.columns[i]}' end" for i in self.keys
        ]
        problems += [
            render("published_number.sql", "published_number_problem", _value(i), self.columns[i], self.markers)
            for i in self.numeric
        ]
        return _first_problem(self.published_headers, problems)


class PaymentsShape:
    """A council payments file mapped to payment roles (see payments.py and payment_layouts.yml);
    dates and amounts must read exactly by the staging macros, else the row is quarantined."""

    def __init__(self, data_file: DataFile, path: Path, header: list[str]) -> None:
        if not data_file.publisher_code:
            raise DataFileError(f"{data_file.path}: a payments file needs a publisher_code in data_manifest.yml")
        self.layout = PaymentLayout.from_header(
            path, data_file.publisher_code, header, undated=data_file.undated_period is not None
        )
        self.columns = list(PAYMENT_COLUMNS)
        self.published_headers = list(PAYMENT_COLUMNS)
        # Each file's own, from its lineage when it lands (the period is known once every row is read).
        self.from_lineage = ("publisher_code", "period", "publication")
        # A file whose rows carry no readable date: each is dated to the month its entry declares.
        self.undated_period = data_file.undated_period
        self.header = header
        self.width = len(header)
        century = self.layout.two_digit_year_century
        self.century = "null" if century is None else sql_text(str(century))
        date = render("parse_uk_date.sql", "parse_uk_date", self._role("payment_date"), self.century)
        self.derived = [("_date", date)]  # parsed once, for the reason and the month
        self.month = "strftime(_date, '%Y-%m')"

    def _role(self, role: str) -> str:
        if role == "payment_date" and self.undated_period is not None:
            return sql_text(self.undated_period)
        index = self.layout.role_index.get(role)
        return "cast(null as varchar)" if index is None else _value(index)

    def select_list(self) -> list[tuple[str, str]]:
        # A JSON object of the non-empty values, as text: concat_ws skips the members that are null
        # (the same text as json_merge_patch('{}', json_object(...)), at a third of the cost).
        members = ", ".join(
            f"""case when {_value(index)} <> '' then to_json({sql_text(name)}) || ':' || to_json({_value(index)}) end"""
            for index, name in self.layout.unmapped_names().items()
        )
        unmapped = f"nullif('{{' || concat_ws(',', {members}) || '}}', '{{}}')" if members else "cast(null as varchar)"
        values = {
            # The file's own (see from_lineage): files of one header land together whoever published them.
            "publisher_code": "cast(null as varchar)",
            "period": "cast(null as varchar)",
            "publication": "cast(null as varchar)",
            **{role: self._role(role) for role in PAYMENT_ROLES},
            "unmapped_columns": unmapped,
            "two_digit_year_century": "null" if self.century == "null" else self.century,
        }
        return [(name, values[name]) for name in self.columns]

    def reason(self) -> str:
        date, amount, supplier = (self._role(r) for r in ("payment_date", "amount", "supplier_name"))
        problems = [
            f"case when coalesce(trim({date}), '') = '' then 'missing payment date' end",
            render("parse_uk_date.sql", "uk_date_problem", date, "payment date", self.century, "_date"),
            f"case when coalesce(trim({amount}), '') = '' then 'missing amount' end",
            render("parse_amount.sql", "amount_problem", amount, "amount"),
            *(
                render("parse_amount.sql", "amount_problem", self._role(role), role.replace("_", " "))
                for role in ("vat_amount", "gross_amount")
                if role in self.layout.role_index
            ),
            *(
                []
                if self.layout.blank_supplier_is_redacted
                else [f"case when coalesce(trim({supplier}), '') = '' then 'missing supplier name' end"]
            ),
        ]
        return _first_problem(self.header, problems)


Shape = TableShape | PaymentsShape


def _value(index: int) -> str:
    """The staged value of header column `index` (0-based)."""
    return quoted(f"c{index + 1}")


def _first_problem(header: list[str], problems: list[str]) -> str:
    """SQL: why a staged row cannot land (blank, a repeated header, then each problem in turn), or null."""
    width = len(header)
    # A header ending in unnamed columns lets a row end without their values (DuckDB pads them with
    # null, see _stage_csv); a row that ends before a named column is still short.
    named = max((i + 1 for i, name in enumerate(header) if name.strip()), default=width)
    if named < width:
        values = " + ".join(f"case when {_value(i)} is null then 0 else 1 end" for i in range(width))
        problems = [
            f"case when {_value(named - 1)} is null then cast({values} as varchar) || "
            f"' values where the header names {named} columns' end",
            *problems,
        ]
    # Only spaces, or nothing: column by column, so a row with text is decided at its first
    # column (the rows' text concatenated cost as much as reading them).
    blank = " and ".join(f"coalesce(trim({_value(i)}), '') = ''" for i in range(width))
    repeated = " and ".join(f"coalesce(trim({_value(i)}), '') = {sql_text(h.strip())}" for i, h in enumerate(header))
    return (
        f"case when {blank} then 'blank row' when {repeated} then 'repeated header row' "
        f"else coalesce({', '.join(problems)}) end"
        if problems
        else f"case when {blank} then 'blank row' when {repeated} then 'repeated header row' end"
    )


def _raw_text_sql(width: int) -> str:
    """SQL: a staged row as one CSV line (quoted where a value needs it), for the quarantine."""
    cells = [
        f"""case when regexp_matches(coalesce({_value(i)}, ''), '[,"\r\n]') """
        f"""then '"' || replace({_value(i)}, '"', '""') || '"' else coalesce({_value(i)}, '') end"""
        for i in range(width)
    ]
    return " || ',' || ".join(cells)


def _bookkeeping_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = ? "
        "and table_name in ('load_log', 'quarantine', 'column_map') order by table_name, ordinal_position",
        [RAW_SCHEMA],
    ).fetchall()


@functools.cache
def _expected_bookkeeping_columns() -> list[tuple[str, str]]:
    with duckdb.connect() as blank:
        blank.execute(BOOKKEEPING_DDL)
        return _bookkeeping_columns(blank)


def ensure_bookkeeping(con: duckdb.DuckDBPyConnection) -> None:
    """Create the load log, quarantine and column map (adding the load log's newer trailing columns
    to one an earlier version made), and refuse ones that differ otherwise."""
    con.execute(BOOKKEEPING_DDL)
    for name, ddl in LOAD_LOG_ADDED_COLUMNS:
        con.execute(f"alter table {RAW_SCHEMA}.load_log add column if not exists {name} {ddl}")
    if _bookkeeping_columns(con) != _expected_bookkeeping_columns():
        raise DataFileError(
            f"{RAW_SCHEMA}.load_log, quarantine or column_map in the working database were made by an "
            "older version of total-place; delete the working database (make clean) and land again"
        )


def _progress(label: str, rows: int, seconds: float) -> None:
    if rows >= 100_000:
        log.info("%s: %s rows read, %s rows/s", label, f"{rows:,}", f"{rows / max(seconds, 1e-9):,.0f}")


def _existing_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The raw table's columns, or none when it does not exist yet (asked without an error, which
    would abort the transaction)."""
    return [
        row[0]
        for row in con.execute(
            "select column_name from duckdb_columns() where schema_name = ? and table_name = ? order by column_index",
            [RAW_SCHEMA, table],
        ).fetchall()
    ]


def _prepare_table(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], existing: list[str], data_file: DataFile
) -> None:
    """Create the raw table, or widen it for a file that adds columns (a long-format extract with
    an extra breakdown). Rows of files without a column hold null there; inserts go by name, so
    the column order of a file does not matter."""
    target = f"{RAW_SCHEMA}.{quoted(table)}"
    if not existing:
        data_columns = ", ".join(f"{quoted(name)} varchar" for name in columns)
        con.execute(
            f"create table {target} ({data_columns}, _source_file varchar not null, _sheet varchar, "
            "_row_number bigint not null, _loaded_at timestamp not null)"
        )
        return
    if "_source_sha256" in existing:  # an earlier version's table: the file's sha256 is in the load log
        con.execute(f"alter table {target} drop column if exists _source_sha256")
    shared = set(columns) & set(existing)
    if not shared or not set(data_file.key_columns) <= shared:
        raise DataFileError(
            f"{data_file.path}: its columns ({', '.join(columns)}) do not fit raw.{table} "
            f"({', '.join(c for c in existing if not c.startswith('_'))}); "
            "map it to a table of its own in data_manifest.yml"
        )
    for name in columns:
        if name not in existing:
            con.execute(f"alter table {target} add column {quoted(name)} varchar")


@dataclass
class Staged:
    """A file's (or sheet's) rows staged in the temporary table `landing_staged`, with the other
    files of its shape: "filename" (this file's `key` there), "_file_index", "c1".."cN", "_reason", "_month";
    the view `landing_rows` adds "_k", a staged row's place among the file's staged rows. Also
    the rows the reader rejected, and how "_k" maps to the file's own row number (row = _k +
    offset from the last segment starting at or before it)."""

    key: str
    encoding: str | None
    staged: int
    rejected: list[tuple[int, str, str]]  # (row number, raw text, reason)
    segments: list[tuple[int, int]]  # (first _k, offset)
    first_rowid: int | None = None  # "_k" is the staged row's rowid less this, plus 1; None: "_k" is staged
    file_index: int = 0  # the file's place in its stage ("_file_index")


# The staged rows (a table), a view of them with "_k", and each staged file's first row id and count.
STAGE_BASE, STAGE_READ, STAGE_FILES = "landing_staged", "landing_rows", "landing_files"


def _reject_reason(error_type: str, csv_line: str, message: str, width: int, encoding: str) -> str:
    """One line saying why DuckDB's reader rejected a row."""
    if error_type in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        if not csv_line.strip():
            return "blank row"
        try:
            values = next(csv.reader(io.StringIO(csv_line)), [])
        except csv.Error:
            return f"unreadable row ({message})"
        return f"{len(values)} values where the header has {width} columns"
    if error_type == "UNQUOTED VALUE":
        return "unbalanced quote: a quoted value does not end where its field ends"
    if error_type == "LINE SIZE OVER MAXIMUM":
        return f"row longer than {MAX_ROW_BYTES:,} bytes"
    if error_type in ("INVALID ENCODING", "INVALID UNICODE"):
        return (
            f"bytes that are not {encoding} in a {encoding} file (the file mixes encodings): the row cannot be decoded"
        )
    return f"unreadable row ({error_type}: {message})"


def _clip(text: str) -> str:
    return text if len(text) <= RAW_TEXT_CHARS else f"{text[:RAW_TEXT_CHARS]}... ({len(text):,} characters)"


def _stage_csv(con: duckdb.DuckDBPyConnection, texts: list[tuple[DataFile, CsvText]], shape: Shape) -> list[Staged]:
    """DuckDB's reader parses the files (every value as text), all files of one shape and header
    length in one call; the shape's SQL decides each row's reason. One Staged per file, in order."""
    first_text = texts[0][1]
    width = len(first_text.header)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, width + 1)) + "}"
    paths = "[" + ", ".join(sql_text(str(text.path)) for _, text in texts) + "]"
    # A header that ends in columns without a name (a trailing comma) makes them optional: a row
    # without their empty values is the same row (Darlington's 2013 files end only the header so).
    padded = not first_text.header[-1].strip()
    con.execute("drop table if exists landing_rejects; drop table if exists landing_reject_scans")
    # Parsed in parallel: a table made from the reader keeps the files' order (DuckDB preserves
    # insertion order), so a staged row's rowid gives its place among the rows the reader accepted.
    read = (
        f"select *, cast(file_index as bigint) as _file_index from read_csv({paths}, header = false, filename = true, "
        f"skip = {first_text.header_end}, columns = {columns}, delim = ',', quote = '\"', escape = '\"', "
        f"strict_mode = true, null_padding = {str(padded).lower()}, parallel = true, auto_detect = false, "
        # An empty value lands as the empty text it is, not null (no text reads as null).
        "nullstr = '\uffff', allow_quoted_nulls = false, "
        f"store_rejects = true, rejects_table = 'landing_rejects', rejects_scan = 'landing_reject_scans', "
        f"max_line_size = {MAX_ROW_BYTES})"
    )
    con.execute(f"create or replace temp table {STAGE_BASE} as {_classified(shape, read)}")
    _index_staged_files(con, "base.rowid - files.first_rowid + 1 as _k, ", shape)
    counts = {
        filename: (staged, first_rowid)
        for filename, staged, first_rowid in con.execute(
            f"select filename, staged, first_rowid from {STAGE_FILES}"
        ).fetchall()
    }
    # Rejected rows are read into Python (their reasons need Python's CSV reader): a file of
    # little but unparsable rows is refused whole rather than held in memory.
    flooded = con.execute(
        "select scans.file_path, count(distinct errors.line) as rows from landing_rejects as errors "
        "join landing_reject_scans as scans on scans.scan_id = errors.scan_id and scans.file_id = errors.file_id "
        f"group by 1 having count(distinct errors.line) > {MAX_REJECTED_ROWS} limit 1"
    ).fetchone()
    if flooded:
        data_file = next(data_file for data_file, text in texts if str(text.path) == flooded[0])
        raise DataFileError(
            f"{data_file.path}: {flooded[1]:,} rows DuckDB's reader cannot parse (more than "
            f"{MAX_REJECTED_ROWS:,}): not a CSV of its header; nothing of it landed"
        )
    by_file: dict[str, dict[int, tuple[str, str, str]]] = {}
    for path, line, error_type, csv_line, message in con.execute(
        "select scans.file_path, errors.line, errors.error_type, errors.csv_line, errors.error_message "
        "from landing_rejects as errors join landing_reject_scans as scans "
        "on scans.scan_id = errors.scan_id and scans.file_id = errors.file_id "
        "order by scans.file_path, errors.line, errors.column_idx"
    ).fetchall():
        # The reader's text of a row can start with the blank lines before it: they are not the row.
        by_file.setdefault(path, {}).setdefault(int(line), (error_type, (csv_line or "").strip("\r\n"), message or ""))
    return [
        _staged_file(con, data_file, text, *counts.get(str(text.path), (0, 0)), by_file.get(str(text.path), {}), index)
        for index, (data_file, text) in enumerate(texts)
    ]


def _index_staged_files(con: duckdb.DuckDBPyConnection, row_key: str, shape: Shape) -> None:
    """Each staged file's first row id, row count, rows to land and the organisation names it
    prints (see _printed_names), and the view of the staged rows with "_k" (`row_key`: its SQL,
    or nothing when the stage has it). A file's rows must lie in one run of row ids, in order,
    or the row numbers would be wrong."""
    names = "cast(null as varchar[])"
    if isinstance(shape, PaymentsShape) and "organisation_name" in shape.layout.role_index:
        name = f"trim({shape._role('organisation_name')})"
        names = f"list(distinct {name}) filter (where _reason is distinct from 'repeated header row' and {name} <> '')"
    con.execute(
        f"create or replace temp table {STAGE_FILES} as select filename, min(rowid) as first_rowid, "
        "count(*) as staged, count(*) filter (where _reason is null) as to_land, "
        f"max(rowid) - min(rowid) + 1 as span, {names} as printed_names from {STAGE_BASE} group by filename"
    )
    scattered = con.execute(f"select filename from {STAGE_FILES} where span <> staged limit 1").fetchone()
    if scattered:
        raise DataFileError(f"{scattered[0]}: its rows were not read in one run, in order; nothing landed")
    con.execute(
        f"create or replace temp view {STAGE_READ} as select {row_key}base.* from {STAGE_BASE} as base "
        f"join {STAGE_FILES} as files on files.filename = base.filename"
    )


def _staged_file(
    con: duckdb.DuckDBPyConnection,
    data_file: DataFile,
    text: CsvText,
    staged: int,
    first_rowid: int,
    by_line: dict[int, tuple[str, str, str]],
    file_index: int,
) -> Staged:
    """One file of a stage: its rejected rows with their reasons, and its row numbers."""
    width, encoding, key = len(text.header), text.encoding, str(text.path)
    rejects = {
        line: (_clip(csv_line), _reject_reason(error_type, csv_line, message, width, encoding), csv_line.count("\n"))
        for line, (error_type, csv_line, message) in by_line.items()
        if line > text.header_end
    }
    newlines = sum(r[2] for r in rejects.values())
    end = text.data_line + staged + len(rejects) + len(text.blank_lines) + newlines
    multiline: list[tuple[int, int]] = []
    if end != text.lines + 1:
        joined = "concat_ws('', " + ", ".join(_value(i) for i in range(width)) + ")"
        multiline = con.execute(
            f"select _k, length({joined}) - length(replace({joined}, chr(10), '')) as n "
            f"from {STAGE_READ} where filename = ? and contains({joined}, chr(10)) order by _k",
            [key],
        ).fetchall()
    segments, extra = _number_rows(text, staged, rejects, multiline, data_file)
    rejected = [(line, raw, reason) for line, (raw, reason, _) in rejects.items()] + extra
    encoding = f"{encoding}, mixed" if text.mixed_bytes else encoding
    return Staged(key, encoding, staged, sorted(rejected), segments, first_rowid, file_index)


def _classified(shape: Shape, rows: str) -> str:
    """SQL: the staged rows with the shape's derived values, each row's reason and its month."""
    derived = "".join(f", {expression} as {name}" for name, expression in shape.derived)
    month = shape.month or "cast(null as varchar)"
    return f"select *, {shape.reason()} as _reason, {month} as _month from (select *{derived} from ({rows}))"


def _number_rows(
    text: CsvText,
    staged: int,
    rejects: dict[int, tuple[str, str, int]],
    multiline: list[tuple[int, int]],
    data_file: DataFile,
) -> tuple[list[tuple[int, int]], list[tuple[int, str, str]]]:
    """Each staged row's row number, from the few rows that break the run of one record a line:
    rows the reader rejected (numbered by DuckDB), blank lines (which it skips; found in the bytes)
    and values over several lines. Walks those events in file order, never row by row. Also the
    blank lines and, if the reader stopped early (a quote never closed), the rest of the file,
    as quarantined rows."""
    blanks = list(text.blank_lines)
    reject_lines = sorted(rejects)
    record, line, k, offset = text.header_end + 1, text.data_line, 0, text.header_end
    segments = [(1, offset)]
    quarantined: list[tuple[int, str, str]] = []
    bi = ri = mi = 0
    infinity = float("inf")
    while True:
        while bi < len(blanks) and blanks[bi] < line:  # a blank line inside a quoted value
            bi += 1
        next_blank = blanks[bi] if bi < len(blanks) else infinity
        next_reject = reject_lines[ri] if ri < len(reject_lines) else infinity
        next_multi = multiline[mi][0] if mi < len(multiline) else infinity
        plain = int(min(next_blank - line, next_reject - record, next_multi - k - 1, staged - k))
        k, record, line = k + plain, record + plain, line + plain
        if line == next_blank:
            quarantined.append((record, "", "blank row"))
            record, line, bi, offset = record + 1, line + 1, bi + 1, offset + 1
            segments = [*segments[:-1]] if segments[-1][0] == k + 1 else segments
            segments.append((k + 1, offset))
        elif record == next_reject:
            record, line, ri, offset = record + 1, line + 1 + rejects[next_reject][2], ri + 1, offset + 1
            segments = [*segments[:-1]] if segments[-1][0] == k + 1 else segments
            segments.append((k + 1, offset))
        elif k + 1 == next_multi:
            k, record, line, mi = k + 1, record + 1, line + 1 + multiline[mi][1], mi + 1
        else:
            break
    if line <= text.lines:  # DuckDB's reader stops without a word at a quote that never closes
        with text.path.open(encoding="utf-8", errors="replace", newline="") as handle:
            rest = "".join(itertools.islice(handle, line - 1, None))
        quarantined.append((record, _clip(rest), f"unbalanced quote: a quoted value from line {line} never closes"))
    elif line > text.lines + 1:
        raise DataFileError(
            f"{data_file.path}: rows and lines do not add up ({line - 1} lines accounted for, {text.lines} in "
            "the file); nothing landed"
        )
    return segments, quarantined


def _stage_sheet(con: duckdb.DuckDBPyConnection, source: SourceRows, shape: Shape, key: str) -> Staged:
    """Rows of a workbook sheet (read in Python: DuckDB does not read workbooks) staged in batches;
    the same SQL as for CSV decides each row's reason."""
    width = len(source.header)
    names = [f"c{i}" for i in range(1, width + 1)]
    con.execute(
        f"create or replace temp table landing_input (filename varchar, _file_index bigint, _k bigint, "
        f"{', '.join(f'{quoted(n)} varchar' for n in names)})"
    )
    rejected: list[tuple[int, str, str]] = []
    batch: list[Row] = []
    numbers: list[int] = []

    import pandas as pd  # only workbooks need it

    def flush() -> None:
        if batch:
            frame = pd.DataFrame(batch, columns=names, dtype="string").assign(_k=numbers, filename=key, _file_index=0)
            con.register("landing_batch", frame)
            con.execute("insert into landing_input by name select * from landing_batch")
            con.unregister("landing_batch")
            batch.clear()
            numbers.clear()

    for row_number, values in source.rows:
        if len(values) != width:
            raw = _raw_text(values)
            reason = "blank row" if not raw.strip(",") else f"{len(values)} values where the header has {width} columns"
            rejected.append((row_number, _clip(raw), reason))
            continue
        batch.append(values)
        numbers.append(row_number)
        if len(batch) >= BATCH_ROWS:
            flush()
    flush()
    con.execute(f"create or replace temp table {STAGE_BASE} as {_classified(shape, 'select * from landing_input')}")
    con.execute("drop table landing_input")
    _index_staged_files(con, "", shape)  # a sheet's rows carry their own row numbers as "_k"
    staged = con.execute(f"select count(*) from {STAGE_READ}").fetchone()[0]
    return Staged(key, None, staged, rejected, [(1, 0)])


def _raw_text(values: Row) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(["" if value is None else value for value in values])
    return buffer.getvalue().rstrip("\r\n")


def _read_sheet(data_file: DataFile, path: Path, sheet: str) -> SourceRows:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx_sheet(path, sheet, data_file.header_rows)
    if suffix == ".xls":
        return read_xls_sheet(path, sheet, data_file.header_rows)
    if suffix == ".ods":
        return read_ods_sheet(path, sheet, data_file.header_rows)
    raise DataFileError(f"{path}: sheets are listed but {suffix} is not a workbook format")


def _shape(data_file: DataFile, path: Path, header: list[str]) -> Shape:
    if data_file.layout == "payments":
        return PaymentsShape(data_file, path, header)
    if data_file.layout != "table":
        raise DataFileError(f"{data_file.path}: unknown layout {data_file.layout!r} in data_manifest.yml")
    return TableShape(data_file, header)


def _stage(
    con: duckdb.DuckDBPyConnection, data_file: DataFile, data_dir: Path, sheet: str | None
) -> tuple[Shape, Staged]:
    path = data_dir / data_file.path
    if sheet is None:
        with prepare_csv(path, data_file.header_rows, data_file.archive_member, data_file.encoding) as text:
            shape = _shape(data_file, path, text.header)
            return shape, _stage_csv(con, [(data_file, text)], shape)[0]
    source = _read_sheet(data_file, path, sheet)
    shape = _shape(data_file, path, source.header)
    return shape, _stage_sheet(con, source, shape, f"{data_file.path} [{sheet}]")


# A month holding at least this share of a file's payments can be the month it publishes.
PUBLISHED_MONTH_SHARE = 0.25


def _payments_periods(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each staged file's month, from its payments' dates, never its name: the latest month that
    holds at least a quarter of them (else the month most fall in, the first to appear on a tie).
    A month's file carries the last month's late invoices and credit notes (Darlington dates
    invoices: its May 2018 file holds 1,093 April and 1,007 May payments), and they belong to it;
    a quarter's file is its last month's."""
    return dict(
        con.execute(
            "select filename, _month from (select filename, _month, count(*) as payments, min(rowid) as first_row, "
            "sum(count(*)) over (partition by filename) as file_payments "
            f"from {STAGE_BASE} where _reason is null group by filename, _month) "
            "qualify row_number() over (partition by filename order by payments >= file_payments * ? desc, "
            "case when payments >= file_payments * ? then _month end desc nulls last, payments desc, first_row) = 1",
            [PUBLISHED_MONTH_SHARE, PUBLISHED_MONTH_SHARE],
        ).fetchall()
    )


# A council's month of one publication (raw table, publisher, month, publication): the unit a
# payments file replaces.
MonthKey = tuple[str, str | None, str, str]
# Rows landed before publications were told apart are the council's main publication.
_SAME_PUBLICATION = f"coalesce(publication, '{DEFAULT_PUBLICATION}') = ?"


def _publication(data_file: DataFile) -> str | None:
    """The payment publication a file belongs to (see DataFile.publication); none for other layouts."""
    return data_file.publication if data_file.layout == "payments" else None


def _money(column: str) -> str:
    return f"coalesce(sum({render('parse_amount.sql', 'parse_amount', column)}), 0)"


def _period_logged(con: duckdb.DuckDBPyConnection, table: str, data_file: DataFile, period: str) -> bool:
    return bool(
        con.execute(
            f"select count(*) from {RAW_SCHEMA}.load_log where raw_table = ? and publisher_code = ? "
            f"and period = ? and {_SAME_PUBLICATION} and source_file <> ? and rows_landed > 0",
            [table, data_file.publisher_code, period, _publication(data_file), data_file.path],
        ).fetchone()[0]
    )


def _hold_shrinking(con: duckdb.DuckDBPyConnection, landing: Landing, shape: Shape) -> None:
    """Refuse a file that would replace what is landed with under half the rows (or, for payments,
    under half the money): a wrong "correction" must not silently wipe a council's month, nor
    its own earlier version (whose rows may lie in another month than the few that land)."""
    data_file, period, previous, table, sheet = (
        landing.data_file,
        landing.period,
        landing.previous,
        landing.table,
        landing.sheet,
    )
    target = f"{RAW_SCHEMA}.{quoted(table)}"
    comparisons: list[tuple[str, int, float, int, float]] = []  # what, old rows, old money, new rows, new money
    is_payments = isinstance(shape, PaymentsShape)
    amount = dict(shape.select_list())["amount"] if is_payments else None
    new_rows, new_money = con.execute(
        f"select count(*), {_money(amount) if amount else 0} from {STAGE_BASE} where _reason is null and filename = ?",
        [landing.staged.key],
    ).fetchone()
    if is_payments and period is not None and (previous or _period_logged(con, table, data_file, period)):
        old_rows, old_money = con.execute(
            f"select count(*), {_money('amount')} from {target} where publisher_code = ? and period = ? "
            f"and {_SAME_PUBLICATION}",
            [data_file.publisher_code, period, _publication(data_file)],
        ).fetchone()
        comparisons.append((f"{data_file.publisher_code} {period}", old_rows, old_money, new_rows, new_money))
    if previous:
        old_rows, old_money = con.execute(
            f"select count(*), {_money('amount') if is_payments else 0} from {target} "
            "where _source_file = ? and _sheet is not distinct from ?",
            [data_file.path, sheet],
        ).fetchone()
        comparisons.append((f"its earlier version in raw.{table}", old_rows, old_money, new_rows, new_money))
    for what, old_rows, old_money, new_rows, new_money in comparisons:
        if new_rows * 2 < old_rows or (old_money > 0 and new_money * 2 < old_money):
            money = f", £{old_money:,.2f} with £{new_money:,.2f}" if old_money else ""
            raise DataFileError(
                f"{data_file.path}: held, not landed: it would replace {what} ({old_rows:,} rows with {new_rows:,}"
                f"{money}), under half; if the correction is right, land it with --allow-shrink"
            )


def _newer_holder(con: duckdb.DuckDBPyConnection, table: str, data_file: DataFile, period: str) -> str | None:
    """Another file of this council-month, landed and published later than this one (by the
    manifest's `published`: dates by date, versions by number): that one wins, whatever the
    order of landing. Two files, one dated and one versioned, cannot be ordered: one line."""
    if not data_file.published:
        return None
    mine = publication_order(data_file.published, data_file.path)
    rows = con.execute(
        f"select source_file, arg_max(published, loaded_at) from {RAW_SCHEMA}.load_log where raw_table = ? "
        f"and publisher_code = ? and period = ? and {_SAME_PUBLICATION} and source_file <> ? and rows_landed > 0 "
        "and published is not null group by source_file",
        [table, data_file.publisher_code, period, _publication(data_file), data_file.path],
    ).fetchall()
    newer = []
    for source_file, published in rows:
        theirs = publication_order(published, source_file)
        if theirs[0] != mine[0]:
            raise DataFileError(
                f"{data_file.path}: published {data_file.published!r} and {source_file}, landed for the same "
                f"month, published {published!r}: a date and a version cannot be ordered; give both a date"
            )
        if theirs > mine:
            newer.append((theirs, source_file, published))
    target = f"{RAW_SCHEMA}.{quoted(table)}"
    for _, source_file, published in sorted(newer, reverse=True):
        held = con.execute(
            f"select count(*) from {target} where _source_file = ? and period = ?", [source_file, period]
        ).fetchone()[0]
        if held:
            return f"{source_file} (published {published})"
    return None


@dataclass
class Landing:
    """One file's sheet (or whole CSV) on its way into one raw table."""

    data_file: DataFile
    sheet: str | None
    table: str
    previous: str | None  # the sha256 its earlier version was landed from, if any
    entry: str  # its manifest entry's fingerprint
    staged: Staged
    period: str | None = None  # a payments file's month


def land_table(
    con: duckdb.DuckDBPyConnection,
    data_file: DataFile,
    data_dir: Path,
    sheet: str | None,
    table: str,
    previous: str | None,
    allow_shrink: bool = False,
    entry: str | None = None,
    columns_cache: dict[str, list[str]] | None = None,
    check_names: NameCheck | None = None,
) -> LandingResult:
    """Land one sheet (or the whole CSV) of a checked file into its raw table, replacing what the
    `previous` version of the file (its sha256 in the load log) left there, if any; inside the
    caller's transaction."""
    started = time.monotonic()
    try:
        shape, staged = _stage(con, data_file, data_dir, sheet)
        if check_names is not None:
            check_names(data_file, _printed_names(con).get(staged.key, set()))
        landing = Landing(data_file, sheet, table, previous, entry or "", staged)
        if isinstance(shape, PaymentsShape):
            landing.period = _payments_periods(con).get(staged.key)
        existing = _table_columns(con, table, shape, columns_cache)
        newer = _newer_holder(con, table, data_file, landing.period) if landing.period and existing else None
        if newer:
            # Logged, so that it is not read again while the newer file holds its month.
            status = f"superseded by {newer}"
            con.execute(
                f"insert into {RAW_SCHEMA}.load_log values (?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, null, ?, ?, ?, ?, ?)",
                [
                    data_file.path, data_file.sha256, sheet, table, staged.encoding, previous, data_file.publisher_code,
                    landing.period, dt.datetime.now(dt.UTC).replace(tzinfo=None), status, data_file.published,
                    entry or "", _publication(data_file),
                ],
            )  # fmt: skip
            return LandingResult(data_file.path, sheet, table, status, 0, 0, 0)
        return _write(con, [landing], shape, existing, started, alone=False, allow_shrink=allow_shrink)[0]
    finally:
        _drop_stage(con)


def _printed_names(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """The organisation names each staged payments file prints (a few more than a file may
    print, at most), by its key; none where it has no such column."""
    return {
        key: set(names)
        for key, names in con.execute(
            f"select filename, printed_names[1:{MAX_ORGANISATION_NAMES + 1}] from {STAGE_FILES} "
            "where printed_names is not null"
        ).fetchall()
    }


def _drop_stage(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"drop view if exists {STAGE_READ}; drop table if exists {STAGE_BASE}")
    con.execute(f"drop table if exists {STAGE_FILES}")


def _table_columns(
    con: duckdb.DuckDBPyConnection, table: str, shape: Shape, columns_cache: dict[str, list[str]] | None
) -> list[str]:
    """The raw table's columns before this file (none if it does not exist yet); the cache then
    holds them with the file's added."""
    existing = columns_cache[table] if columns_cache is not None and table in columns_cache else None
    if existing is None:
        existing = _existing_columns(con, table)
    if columns_cache is not None:
        columns_cache[table] = sorted(set(existing) | set(shape.columns)) if existing else [*shape.columns]
    return existing


def _write(
    con: duckdb.DuckDBPyConnection,
    landings: list[Landing],
    shape: Shape,
    existing: list[str],
    started: float,
    alone: bool,
    allow_shrink: bool = False,
) -> list[LandingResult]:
    """Staged files of one shape into their raw table and the quarantine, with the load log (in
    the caller's transaction). `alone`: the caller knows no landing has an earlier version or
    another file of its council-month landed, so there is nothing to hold, delete or replace."""
    write = _begin_write(con, landings, shape, existing, alone, allow_shrink)
    _insert_straight(con, [(write, STAGE_BASE)])
    return _end_write(con, write, started)


@dataclass
class _Write:
    """One shape's staged files on their way into a raw table: all written but the rows that read
    straight from the stage (see _row_sources), which the caller inserts, alone or with other
    shapes' in one statement."""

    landings: list[Landing]
    shape: Shape
    target: str  # the raw table, as SQL
    names: str  # the columns an insert of raw rows lists
    loaded_at: dt.datetime
    expected: dict[str, tuple[int, int]]  # per staged file: rows to land, rows to quarantine
    straight: _RowSource | None
    alone: bool
    landed: int = 0
    quarantined: int = 0

    def straight_rows(self) -> int:
        """The rows the straight files land, as staged."""
        return sum(self.expected.get(landing.staged.key, (0, 0))[0] for landing in self.straight_files())

    def straight_files(self) -> list[Landing]:
        return [landing for landing in self.landings if len(landing.staged.segments) == 1]

    def straight_select(self, stage: str) -> tuple[str, list[object]]:
        """The raw rows of the straight files, read from `stage` (the stage table's name)."""
        assert self.straight is not None
        return _raw_rows_select(self.shape, self.straight, stage), [self.loaded_at]


def _raw_rows_select(shape: Shape, source: _RowSource, stage: str | None = None) -> str:
    """SQL: the raw rows of a source (its landed rows), lineage last; `stage`: see _RowSource.rows."""
    values = ", ".join(source.lineage[name] if name in shape.from_lineage else sql for name, sql in shape.select_list())
    return (
        f"select {values}, {source.lineage['source_file']}, {source.lineage['sheet']}, {source.row_number}, ? "
        f"{source.rows(stage)} and landing._reason is null"
    )


def _begin_write(
    con: duckdb.DuckDBPyConnection,
    landings: list[Landing],
    shape: Shape,
    existing: list[str],
    alone: bool,
    allow_shrink: bool,
) -> _Write:
    """All of a shape's write but the insert of its straight rows (see _Write)."""
    loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    table = landings[0].table
    target = f"{RAW_SCHEMA}.{quoted(table)}"
    _prepare_table(con, table, shape.columns, existing, landings[0].data_file)
    if not alone:
        for landing in landings:
            if not allow_shrink:
                _hold_shrinking(con, landing, shape)
            if landing.previous:  # a changed file: drop what its earlier version left (scans, so only then)
                _delete_file_rows(con, landing.data_file.path, table, landing.sheet)
    _stage_lineage(con, landings)
    mapping = list(enumerate(zip(shape.columns, shape.published_headers, strict=True), 1))
    con.execute(  # one statement for every file and column
        f"insert into {RAW_SCHEMA}.column_map select ?, lineage.source_file, columns.* from landing_lineage as "
        f"lineage cross join (values {', '.join(['(?, ?, ?)'] * len(mapping))}) as columns order by all",
        [table, *(value for ordinal, (name, header) in mapping for value in (ordinal, name, header))],
    )
    expected = {
        key: (landed, quarantined)
        for key, landed, quarantined in con.execute(
            f"select filename, to_land, staged - to_land from {STAGE_FILES} "
            "where filename in (select filename from landing_lineage)"
        ).fetchall()
    }
    names = ", ".join([*(quoted(name) for name, _ in shape.select_list()), *LINEAGE_COLUMNS])
    sources = _row_sources(landings)
    straight = next((source for source in sources if not source.joins), None)
    write = _Write(landings, shape, target, names, loaded_at, expected, straight, alone)
    # Counted from what the inserts report, not worked out, so that rows read = landed +
    # quarantined is a check that can fail (a row lost between the stage and the tables).
    for source in sources:
        if source.joins:
            write.landed += con.execute(
                f"insert into {target} ({names}) {_raw_rows_select(shape, source)}", [loaded_at]
            ).fetchone()[0]
        write.quarantined += con.execute(
            f"insert into {RAW_SCHEMA}.quarantine select {source.lineage['source_file']}, "
            f"{source.lineage['source_sha256']}, {source.lineage['sheet']}, ?, {source.row_number}, "
            f"{_raw_text_sql(shape.width)}, landing._reason, ? {source.rows()} and landing._reason is not null",
            [table, loaded_at],
        ).fetchone()[0]
    rejected = [
        [landing.data_file.path, landing.data_file.sha256, landing.sheet, table, n, raw, why, loaded_at]
        for landing in landings
        for n, raw, why in landing.staged.rejected
    ]
    if rejected:
        con.executemany(f"insert into {RAW_SCHEMA}.quarantine values (?, ?, ?, ?, ?, ?, ?, ?)", rejected)
    return write


def _end_write(con: duckdb.DuckDBPyConnection, write: _Write, started: float) -> list[LandingResult]:
    """Check every staged row reached the raw table or the quarantine, and log each file."""
    landings, expected, loaded_at = write.landings, write.expected, write.loaded_at
    table = landings[0].table
    would_land = sum(counts[0] for counts in expected.values())
    would_quarantine = sum(counts[1] for counts in expected.values())
    if write.landed != would_land or write.quarantined != would_quarantine:
        files = ", ".join(landing.data_file.path for landing in landings)
        raise DataFileError(
            f"{files}: {would_land + would_quarantine:,} rows staged but {write.landed + write.quarantined:,} "
            "reached the raw table and quarantine; nothing of it is landed"
        )
    seconds = time.monotonic() - started
    staged_rows = sum(landing.staged.staged + len(landing.staged.rejected) for landing in landings) or 1
    results, log_rows = [], []
    for landing in landings:
        data_file, staged = landing.data_file, landing.staged
        file_landed, file_quarantined = expected.get(staged.key, (0, 0))
        file_quarantined += len(staged.rejected)
        read = staged.staged + len(staged.rejected)
        replaced_files = None
        if landing.period is not None and not write.alone:
            replaced_files = _replace_payment_period(con, table, data_file, landing.period, loaded_at)
        status = "replaced" if landing.previous or replaced_files else "landed"
        log_rows.append([
            data_file.path, data_file.sha256, landing.sheet, table, staged.encoding, read, file_landed,
            file_quarantined, landing.previous, data_file.publisher_code, landing.period, replaced_files,
            loaded_at, status, data_file.published, landing.entry, _publication(data_file),
        ])  # fmt: skip
        file_seconds = seconds * read / staged_rows
        _progress(f"{data_file.path}{f' [{landing.sheet}]' if landing.sheet else ''}", read, file_seconds)
        results.append(
            LandingResult(
                data_file.path, landing.sheet, table, status, read, file_landed, file_quarantined, file_seconds
            )
        )
    row = f"({', '.join(['?'] * 17)})"
    con.execute(
        f"insert into {RAW_SCHEMA}.load_log values {', '.join([row] * len(log_rows))}",
        [value for log_row in log_rows for value in log_row],
    )
    return results


LINEAGE_FIELDS = ("source_file", "source_sha256", "sheet", "period", "publisher_code", "publication")


@dataclass(frozen=True)
class _RowSource:
    """Staged rows of some files, as SQL: each lineage field (LINEAGE_FIELDS) of a row's file, the
    row's number in its file, and the rows themselves (from ... where ...)."""

    lineage: dict[str, str]
    row_number: str
    table: str
    joins: str  # none: the rows read straight from the stage table
    condition: str

    def rows(self, table: str | None = None) -> str:
        """from ... where ...: from the stage table, or `table` (a straight source's stage set aside)."""
        return f"from {table or self.table} as landing {self.joins}where {self.condition}"


def _row_sources(landings: list[Landing]) -> list[_RowSource]:
    """The staged rows of the files landing, with their lineage. Files of one segment (a row's
    number is its place plus one offset) read straight from the stage, their lineage looked up by
    the file's place in it: a projection, which keeps DuckDB's parallel, order-preserving insert
    that writes row groups as they fill (a join to the lineage table loses it and took twice the
    time). Files of several segments (rows the reader rejected, blank lines, values over several
    lines) take an as-of join for the row number, only where needed."""
    straight = {landing.staged.file_index: landing for landing in landings if len(landing.staged.segments) == 1}
    sources = []
    if straight:
        places = range(max(straight) + 1)

        def by_file(value: Callable[[Landing], str | int | None]) -> str:
            values = [_literal(value(straight[place])) if place in straight else "null" for place in places]
            return f"[{', '.join(values)}][landing._file_index + 1]"

        lineage = {
            "source_file": by_file(lambda landing: landing.data_file.path),
            "source_sha256": by_file(lambda landing: landing.data_file.sha256),
            "sheet": by_file(lambda landing: landing.sheet),
            "period": by_file(lambda landing: landing.period),
            "publisher_code": by_file(lambda landing: landing.data_file.publisher_code),
            "publication": by_file(lambda landing: _publication(landing.data_file)),
        }
        place = "landing._k" if landings[0].staged.first_rowid is None else "landing.rowid"
        sources.append(
            _RowSource(
                lineage,
                f"{place} + {by_file(lambda landing: _row_base(landing.staged))}",
                STAGE_BASE,
                "",
                by_file(lambda landing: True),
            )
        )
    if len(straight) < len(landings):
        sources.append(
            _RowSource(
                {field: f"lineage.{field}" for field in LINEAGE_FIELDS},
                "landing._k + segment.row_offset",
                STAGE_READ,
                "join landing_lineage as lineage on lineage.filename = landing.filename asof join landing_segments "
                "as segment on segment.filename = landing.filename and landing._k >= segment.first_k ",
                "lineage.segmented",
            )
        )
    return sources


def _literal(value: str | int | None) -> str:
    """A SQL literal of a text, a whole number, a truth value or null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else sql_text(value)


def _row_base(staged: Staged) -> int:
    """What a staged row's place (its "_k", or its rowid) adds to make the file's row number,
    for a file of one segment."""
    offset = staged.segments[0][1]
    return offset if staged.first_rowid is None else offset + 1 - staged.first_rowid


def _stage_lineage(con: duckdb.DuckDBPyConnection, landings: list[Landing]) -> None:
    """What every landed or quarantined row carries from its file (landing_lineage), and how a
    staged row's "_k" becomes the file's own row number (landing_segments)."""
    con.execute(
        "create or replace temp table landing_lineage (filename varchar, source_file varchar, "
        "source_sha256 varchar, sheet varchar, period varchar, publisher_code varchar, publication varchar, "
        "row_base bigint, segmented boolean)"
    )
    con.execute(
        f"insert into landing_lineage values {', '.join(['(?, ?, ?, ?, ?, ?, ?, ?, ?)'] * len(landings))}",
        [
            value
            for landing in landings
            for value in (
                landing.staged.key,
                landing.data_file.path,
                landing.data_file.sha256,
                landing.sheet,
                landing.period,
                landing.data_file.publisher_code,
                _publication(landing.data_file),
                _row_base(landing.staged),
                len(landing.staged.segments) > 1,
            )
        ],
    )
    segments = [
        (landing.staged.key, first, offset) for landing in landings for first, offset in landing.staged.segments
    ]
    con.execute("create or replace temp table landing_segments (filename varchar, first_k bigint, row_offset bigint)")
    con.execute(
        f"insert into landing_segments values {', '.join(['(?, ?, ?)'] * len(segments))}",
        [value for segment in segments for value in segment],
    )


def _delete_file_rows(con: duckdb.DuckDBPyConnection, source_file: str, table: str, sheet: str | None) -> None:
    con.execute(
        f"delete from {RAW_SCHEMA}.{quoted(table)} where _source_file = ? and _sheet is not distinct from ?",
        [source_file, sheet],
    )
    con.execute(
        f"delete from {RAW_SCHEMA}.quarantine where source_file = ? and raw_table = ? and sheet is not distinct from ?",
        [source_file, table, sheet],
    )
    con.execute(f"delete from {RAW_SCHEMA}.column_map where raw_table = ? and source_file = ?", [table, source_file])


def _replace_payment_period(
    con: duckdb.DuckDBPyConnection, table: str, data_file: DataFile, period: str, loaded_at: dt.datetime
) -> str | None:
    """Drop the same council's month from other files, logging each as superseded by this one
    (so it is reported as such, not landed again while this one holds the month, and left out
    of the build record); the files replaced, as logged."""
    # The load log is small; the table may hold tens of millions of rows, so it is scanned
    # only when the log says another file of this council and month was landed.
    if not _period_logged(con, table, data_file, period):
        return None
    target = f"{RAW_SCHEMA}.{quoted(table)}"
    replaced = [
        source_file
        for (source_file,) in con.execute(
            f"select distinct _source_file from {target} "
            f"where publisher_code = ? and period = ? and {_SAME_PUBLICATION} and _source_file <> ? order by 1",
            [data_file.publisher_code, period, _publication(data_file), data_file.path],
        ).fetchall()
    ]
    if not replaced:
        return None
    con.execute(
        f"delete from {target} where publisher_code = ? and period = ? and {_SAME_PUBLICATION} and _source_file <> ?",
        [data_file.publisher_code, period, _publication(data_file), data_file.path],
    )
    # Each replaced file's last log entry: the version its rows came from.
    last_logged = (
        f"from {RAW_SCHEMA}.load_log where raw_table = ? and list_contains(?::varchar[], source_file) "
        "qualify row_number() over (partition by source_file, sheet order by loaded_at desc) = 1"
    )
    versions = con.execute(f"select source_file, source_sha256 {last_logged} order by 1", [table, replaced]).fetchall()
    con.execute(
        f"insert into {RAW_SCHEMA}.load_log select source_file, source_sha256, sheet, raw_table, encoding, 0, 0, 0, "
        f"null, publisher_code, period, null, ?, ?, published, entry, publication {last_logged}",
        [loaded_at, f"superseded by {data_file.path}", table, replaced],
    )
    return "; ".join(f"{source_file} ({sha256})" for source_file, sha256 in versions)


def unland(con: duckdb.DuckDBPyConnection, data_file: DataFile) -> list[LandingResult]:
    """Remove a file's rows from its raw table(s), quarantine and column map, and log it (status
    `unlanded`, no rows), so the next landing of it lands it again; the files it superseded are
    logged as unlanded too, so the next landing brings their months back."""
    ensure_bookkeeping(con)
    return _unland_from(con, data_file, _tables(data_file))


def _unland_from(
    con: duckdb.DuckDBPyConnection, data_file: DataFile, places: list[tuple[str | None, str]]
) -> list[LandingResult]:
    results = []
    loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for sheet, table in places:
        con.execute("begin transaction")
        try:
            if _existing_columns_in_transaction(con, table):
                _delete_file_rows(con, data_file.path, table, sheet)
            con.execute(
                f"insert into {RAW_SCHEMA}.load_log values (?, ?, ?, ?, null, 0, 0, 0, null, ?, null, null, ?, "
                "'unlanded', ?, null, ?)",
                [
                    data_file.path,
                    data_file.sha256,
                    sheet,
                    table,
                    data_file.publisher_code,
                    loaded_at,
                    data_file.published,
                    _publication(data_file),
                ],
            )
            con.execute(
                f"insert into {RAW_SCHEMA}.load_log select source_file, source_sha256, sheet, raw_table, encoding, "
                "0, 0, 0, null, publisher_code, period, null, ?, 'unlanded', published, entry, publication from ("
                f"select * from {RAW_SCHEMA}.load_log where raw_table = ? "
                "qualify row_number() over (partition by source_file, sheet order by loaded_at desc) = 1) "
                "where status = ? or starts_with(status, ?)",
                [loaded_at, table, f"superseded by {data_file.path}", f"superseded by {data_file.path} ("],
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        results.append(LandingResult(data_file.path, sheet, table, "unlanded", 0, 0, 0))
    return results


def _existing_columns_in_transaction(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [RAW_SCHEMA, table]
        ).fetchone()[0]
    )


def _tables(data_file: DataFile) -> list[tuple[str | None, str]]:
    """The (sheet, raw table) pairs a manifest file lands in."""
    if data_file.sheets:
        return list(data_file.sheets.items())
    if data_file.table is None:
        raise DataFileError(f"{data_file.path}: data_manifest.yml names no table or sheets for it")
    return [(None, data_file.table)]


class LandedVersions(dict[tuple[str, str | None, str], tuple[str, str]]):
    """Per (file, sheet, raw table): the sha256 and manifest entry it was last landed from (an
    unlanded file is not landed); and, for a file another file of its council-month superseded
    (its rows are gone, and it does not land again while that one holds the month), why."""

    def __init__(self) -> None:
        super().__init__()
        self.superseded: dict[tuple[str, str | None, str], str] = {}

    def kept(self, path: str, sheet: str | None, table: str) -> LandingResult:
        """The result for a file whose landed version is current: unchanged, or superseded."""
        return LandingResult(path, sheet, table, self.superseded.get((path, sheet, table), "unchanged"), 0, 0, 0)


def _landed_versions(con: duckdb.DuckDBPyConnection) -> LandedVersions:
    """What the load log says each (file, sheet, table) was last landed from: see LandedVersions."""
    versions = LandedVersions()
    for source_file, sheet, table, sha256, entry, status in con.execute(
        f"select source_file, sheet, raw_table, source_sha256, entry, status from {RAW_SCHEMA}.load_log "
        "qualify row_number() over (partition by source_file, sheet, raw_table order by loaded_at desc) = 1"
    ).fetchall():
        if status == "unlanded":
            continue
        versions[(source_file, sheet, table)] = (sha256, entry or "")
        if status and status.startswith("superseded"):
            versions.superseded[(source_file, sheet, table)] = status
    return versions


def entry_fingerprint(data_file: DataFile) -> str:
    """What of a file's manifest entry and payment layout decides how it lands: when it changes,
    the file lands again though its bytes did not."""
    reading = {
        "table": data_file.table, "sheets": data_file.sheets, "header_rows": data_file.header_rows,
        "key_columns": data_file.key_columns, "numeric_columns": data_file.numeric_columns,
        "null_markers": data_file.null_markers, "archive_member": data_file.archive_member,
        "layout": data_file.layout, "publisher_code": data_file.publisher_code,
    }  # fmt: skip
    # Added later: only where set, so the files landed before them are not landed again.
    for option in ("undated_period", "encoding"):
        if getattr(data_file, option) is not None:
            reading[option] = getattr(data_file, option)
    if data_file.publication != DEFAULT_PUBLICATION:
        reading["publication"] = data_file.publication
    if data_file.layout == "payments":
        reading["payment_layout"] = publisher_layout(data_file.publisher_code or "")
    return hashlib.sha256(json.dumps(reading, sort_keys=True, default=str).encode()).hexdigest()[:16]


def land_file(
    con: duckdb.DuckDBPyConnection,
    data_file: DataFile,
    data_dir: Path,
    allow_shrink: bool = False,
    check_names: NameCheck | None = None,
) -> list[LandingResult]:
    """Land one manifest file (every listed sheet of a workbook); all or nothing per table."""
    return [
        result for results in land_files(con, [data_file], data_dir, allow_shrink, check_names) for result in results
    ]


def land_files(
    con: duckdb.DuckDBPyConnection,
    data_files: list[DataFile],
    data_dir: Path,
    allow_shrink: bool = False,
    check_names: NameCheck | None = None,
) -> Iterator[list[LandingResult]]:
    """Land manifest files in order, yielding each one's results once committed. A file that would
    replace a council's month (or its own earlier version) with under half the rows or money is
    held, unless `allow_shrink`. Files are committed together, up to COMMIT_FILES files or
    COMMIT_ROWS rows (a commit per small file cost a third of the time); a file that fails rolls
    its batch back, the batch's earlier files land again one by one, and the failure is raised
    with nothing of that file landed."""
    ensure_bookkeeping(con)
    memory_limit, threshold, disabled = con.execute(
        "select current_setting('memory_limit'), current_setting('checkpoint_threshold'), "
        "current_setting('disabled_compression_methods')"
    ).fetchone()
    # Raw text is stored without FSST (dictionary compression, or none): choosing and building
    # FSST symbol tables was a fifth of a landing's insert (5.9 s against 4.7-5.4 s for 2.1
    # million payments), and saved half their disk (44 MB against 80 MB). Raw tables are
    # written once and read by staging; the published warehouse is compressed as usual.
    con.execute(f"set disabled_compression_methods = {sql_text(','.join(filter(None, [disabled, 'fsst'])))}")
    if _bytes(memory_limit) > _bytes(LANDING_MEMORY_LIMIT):  # never raised, only held down
        con.execute(f"set memory_limit = '{LANDING_MEMORY_LIMIT}'")
    # One checkpoint at the end, not one per 16 MB of log: committing small files cost two
    # thirds of a landing into a large database. It also merges the part-filled row groups
    # inserts end with, as it must (left undone, the next writer's checkpoint would do it): so
    # a run inserts once per raw table (see _insert_straight).
    con.execute("set checkpoint_threshold = '64GB'")
    try:
        yield from _land_batches(con, data_files, data_dir, allow_shrink, check_names)
    finally:
        con.execute(f"set memory_limit = {sql_text(_shown_size_midpoint(memory_limit))}")
        con.execute(f"set checkpoint_threshold = {sql_text(threshold)}")
        con.execute(f"set disabled_compression_methods = {sql_text(disabled)}")
    con.execute("checkpoint")


def _shown_size_midpoint(shown: str) -> str:
    """A memory size to set back as DuckDB showed it ("2.7 GiB"): it shows the size cut to one
    decimal, so the middle of what it was, which it shows the same (setting the text shown
    lowered the limit a step each time: 3GB showed as 2.7 GiB, which set showed as 2.6 GiB)."""
    number, unit = _size_parts(shown)
    decimals = len(number.partition(".")[2])
    if not decimals:  # not cut: as it was
        return shown
    return f"{float(number) + 0.5 * 10**-decimals:.{decimals + 1}f} {unit}".strip()


def _size_parts(size: str) -> tuple[str, str]:
    """The number and unit of a DuckDB memory size ("1GB", "3.7 GiB", "488.2 MiB")."""
    number, unit = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z]*)\s*", size).groups()
    return number, unit


def _bytes(size: str) -> float:
    """Bytes in a DuckDB memory size ("1GB", "3.7 GiB", "488.2 MiB")."""
    number, unit = _size_parts(size)
    powers = {"": 0, "b": 0, "bytes": 0, "kb": 1, "kib": 1, "mb": 2, "mib": 2, "gb": 3, "gib": 3, "tb": 4, "tib": 4}
    base = 1024 if unit.lower().endswith("ib") else 1000
    return float(number) * base ** powers[unit.lower()]


def _land_batches(
    con: duckdb.DuckDBPyConnection,
    data_files: list[DataFile],
    data_dir: Path,
    allow_shrink: bool,
    check_names: NameCheck | None,
) -> Iterator[list[LandingResult]]:
    landed_versions = _landed_versions(con)
    # A file stored twice under two names lands once: its copy is checked, never landed (and its
    # rows leave, if it was landed before the manifest named it a copy).
    for copy in (data_file for data_file in data_files if data_file.duplicate_of is not None):
        path = locate(copy, data_dir)
        check_unaltered(copy, path, sha256_of(path))
        if any(landed_path == copy.path for landed_path, _, _ in landed_versions):
            yield unland(con, copy)
        yield [LandingResult(copy.path, None, copy.table or "", f"duplicate of {copy.duplicate_of}", 0, 0, 0)]
    data_files = [data_file for data_file in data_files if data_file.duplicate_of is None]
    yield from _unland_moved(con, data_files, landed_versions)
    columns_cache: dict[str, list[str]] = {}
    for files, together in _runs(data_files, data_dir, landed_versions):
        if together:
            yield from _land_run(con, files, data_dir, allow_shrink, landed_versions, columns_cache, check_names)
        else:
            yield from _land_each(con, files, data_dir, allow_shrink, landed_versions, columns_cache, check_names)


def _unland_moved(
    con: duckdb.DuckDBPyConnection, data_files: list[DataFile], landed_versions: LandedVersions
) -> Iterator[list[LandingResult]]:
    """A file whose manifest entry now names other tables (or sheets) leaves the ones it was
    landed in: its rows there are removed and logged as unlanded, so none are counted twice."""
    current = {
        data_file.path: set(_tables(data_file)) for data_file in data_files if data_file.sheets or data_file.table
    }
    moved: dict[str, list[tuple[str | None, str]]] = {}
    for path, sheet, table in list(landed_versions):
        if path in current and (sheet, table) not in current[path]:
            moved.setdefault(path, []).append((sheet, table))
    by_path = {data_file.path: data_file for data_file in data_files}
    for path, places in moved.items():
        yield _unland_from(con, by_path[path], places)
        for sheet, table in places:
            landed_versions.pop((path, sheet, table), None)


def _lands_together(data_file: DataFile, landed_versions: LandedVersions) -> bool:
    """A CSV file new to its table (or unchanged): it can be staged with the other files of its shape."""
    if data_file.sheets or data_file.table is None:
        return False
    landed = landed_versions.get((data_file.path, None, data_file.table))
    return landed is None or landed == (data_file.sha256, entry_fingerprint(data_file))


def _runs(
    data_files: list[DataFile], data_dir: Path, landed_versions: LandedVersions
) -> Iterator[tuple[list[DataFile], bool]]:
    """The files in manifest order, in runs: CSV files new to their table land together (up to
    RUN_FILES files or RUN_BYTES), the rest one by one."""
    run: list[DataFile] = []
    together, size = False, 0
    for data_file in data_files:
        fits = _lands_together(data_file, landed_versions)
        if run and (fits != together or (fits and (len(run) >= RUN_FILES or size >= RUN_BYTES))):
            yield run, together
            run, size = [], 0
        together = fits
        run.append(data_file)
        if fits:
            with contextlib.suppress(OSError):
                size += (data_dir / data_file.path).stat().st_size
    if run:
        yield run, together


class _OutOfOrder(Exception):
    """Two files of a run land on one council-month in an order that staging by shape would reverse."""


def _land_run(
    con: duckdb.DuckDBPyConnection,
    files: list[DataFile],
    data_dir: Path,
    allow_shrink: bool,
    landed_versions: LandedVersions,
    columns_cache: dict[str, list[str]],
    check_names: NameCheck | None,
) -> Iterator[list[LandingResult]]:
    """A run of new CSV files, written in one transaction; should anything fail, the run is rolled
    back and its files land one by one, so that a bad file is named and the others land.
    (Interrupted, Ctrl-C: the run is undone and nothing more lands.)"""
    before = dict(landed_versions)
    try:
        results, deferred = _land_together(con, files, data_dir, landed_versions, columns_cache, check_names)
    except Exception:
        columns_cache.clear()
        landed_versions.clear()
        landed_versions.update(before)
        results, deferred = [], files
    yield from results
    if deferred:
        yield from _land_each(con, deferred, data_dir, allow_shrink, landed_versions, columns_cache, check_names)


def _land_together(
    con: duckdb.DuckDBPyConnection,
    files: list[DataFile],
    data_dir: Path,
    landed_versions: LandedVersions,
    columns_cache: dict[str, list[str]],
    check_names: NameCheck | None,
) -> tuple[list[list[LandingResult]], list[DataFile]]:
    """New CSV files staged by shape, one read and one insert per shape. A file that cannot be
    prepared, or lands on a council-month that another file holds or an earlier file of the run
    claims, is deferred (in manifest order), to land on its own with the checks that apply.
    Every shape is staged and checked before the transaction that writes them all begins: an
    insert reading a table made in its own transaction took twice the time."""
    order = {data_file.path: number for number, data_file in enumerate(files)}
    results: dict[str, list[LandingResult]] = {}
    deferred: list[DataFile] = []
    staged_shapes: list[tuple[Shape, list[Landing], float, str]] = []
    with contextlib.ExitStack() as stack:
        stack.callback(_drop_parked_stages, con, staged_shapes)
        # Each file is hashed in a thread (hashlib lets go of the GIL) while this one scans its
        # bytes (see _prepared): hashing took 0.24 s of the 1 s of Python in landing 295 MB of
        # payments, and 0.92 s for one 1 GB file.
        hashing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")
        stack.callback(hashing.shutdown, wait=True, cancel_futures=True)
        located: list[tuple[DataFile, Path, Future[str]]] = []
        for data_file in files:
            table = data_file.table or ""
            if landed_versions.get((data_file.path, None, table)) == (data_file.sha256, entry_fingerprint(data_file)):
                results[data_file.path] = [landed_versions.kept(data_file.path, None, table)]
                continue
            try:
                path = locate(data_file, data_dir)
            except DataFileError:
                deferred.append(data_file)
                continue
            located.append((data_file, path, hashing.submit(sha256_of, path)))
        shapes: dict[str, tuple[Shape, list[tuple[DataFile, CsvText]]]] = {}
        for data_file, resolved, digest in located:
            table = data_file.table or ""
            try:
                text = _prepared(stack, data_file, data_dir, resolved, digest)
                shape = _shape(data_file, data_dir / data_file.path, text.header)
            except DataFileError:
                deferred.append(data_file)
                continue
            # Files whose rows read, check and land by the same SQL share a stage.
            key = repr((table, text.header_end, shape.width, shape.published_headers, _classified(shape, "")))
            shapes.setdefault(key + repr(shape.select_list()), (shape, []))[1].append((data_file, text))
        held = _months_held(con)
        claimed: dict[MonthKey, int] = {}
        for number, (shape, texts) in enumerate(shapes.values()):
            started = time.monotonic()
            try:
                landings = _plan_landings(con, shape, texts, check_names, held, claimed, order, deferred)
            except BaseException:
                _drop_stage(con)
                raise
            if landings:
                staged_shapes.append((shape, landings, started, _park_stage(con, f"_{number}")))
            else:
                _drop_stage(con)
        con.execute("begin transaction")
        try:
            writes: dict[str, list[tuple[_Write, float, str]]] = {}
            for shape, landings, started, suffix in staged_shapes:
                _unpark_stage(con, suffix)
                table = landings[0].table
                existing = _table_columns(con, table, shape, columns_cache)
                write = _begin_write(con, landings, shape, existing, alone=True, allow_shrink=False)
                writes.setdefault(table, []).append((write, started, _park_stage(con, suffix)))
            for table_writes in writes.values():
                _insert_straight(con, [(write, STAGE_BASE + suffix) for write, _, suffix in table_writes])
                for write, started, _ in table_writes:
                    for landing, result in zip(write.landings, _end_write(con, write, started), strict=True):
                        results[landing.data_file.path] = [result]
                        key = (landing.data_file.path, None, landing.table)
                        landed_versions.superseded.pop(key, None)
                        landed_versions[key] = (landing.data_file.sha256, landing.entry)
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")
    deferred.sort(key=lambda data_file: order[data_file.path])
    return [results[data_file.path] for data_file in files if data_file.path in results], deferred


def _prepared(
    stack: contextlib.ExitStack, data_file: DataFile, data_dir: Path, resolved: Path, digest: Future[str]
) -> CsvText:
    """A CSV file ready for DuckDB's reader (see prepare_csv), held open by `stack`, once its
    sha256 (`digest`, of the file at `resolved`) is the manifest's: an altered file is named as
    such whatever else is wrong with it."""
    try:
        text = stack.enter_context(
            prepare_csv(data_dir / data_file.path, data_file.header_rows, data_file.archive_member, data_file.encoding)
        )
    except DataFileError:
        check_unaltered(data_file, resolved, digest.result())
        raise
    check_unaltered(data_file, resolved, digest.result())
    return text


def _plan_landings(
    con: duckdb.DuckDBPyConnection,
    shape: Shape,
    texts: list[tuple[DataFile, CsvText]],
    check_names: NameCheck | None,
    held: dict[MonthKey, set[str]],
    claimed: dict[MonthKey, int],
    order: dict[str, int],
    deferred: list[DataFile],
) -> list[Landing]:
    """Stage the files of one shape and decide which land now; the others join `deferred`."""
    staged_files = _stage_csv(con, texts, shape)
    periods = _payments_periods(con) if isinstance(shape, PaymentsShape) else {}
    names = _printed_names(con) if check_names is not None else {}
    landings = []
    for (data_file, _), staged in zip(texts, staged_files, strict=True):
        if check_names is not None and not _names_pass(check_names, data_file, names.get(staged.key)):
            deferred.append(data_file)  # landing it alone names the problem
            continue
        period = periods.get(staged.key)
        if period is not None:
            month = (data_file.table or "", data_file.publisher_code, period, _publication(data_file))
            if month in claimed and claimed[month] > order[data_file.path]:
                raise _OutOfOrder(data_file.path)
            if month in claimed or held.get(month, set()) - {data_file.path}:
                deferred.append(data_file)
                continue
            claimed[month] = order[data_file.path]
        entry = entry_fingerprint(data_file)
        landings.append(Landing(data_file, None, data_file.table or "", None, entry, staged, period))
    return landings


def _park_stage(con: duckdb.DuckDBPyConnection, suffix: str) -> str:
    """Set a shape's staged rows aside (renamed, `suffix` added) while another shape is staged or
    written; the suffix."""
    for table in (STAGE_BASE, STAGE_FILES):
        con.execute(f"alter table {table} rename to {table}{suffix}")
    return suffix


def _unpark_stage(con: duckdb.DuckDBPyConnection, suffix: str) -> None:
    for table in (STAGE_BASE, STAGE_FILES):
        con.execute(f"alter table {table}{suffix} rename to {table}")


def _insert_straight(con: duckdb.DuckDBPyConnection, writes: list[tuple[_Write, str]]) -> None:
    """The straight rows of the shapes bound for one raw table (`writes`: each with the name of
    the stage its rows are read from) in one insert for each list of columns, its count checked:
    an insert ends in one part-filled row group, and an insert per shape of a run left the
    closing checkpoint merging them, a tenth of a landing."""
    by_columns: dict[str, list[tuple[_Write, str]]] = {}
    for write, stage in writes:
        if write.straight is not None:
            by_columns.setdefault(write.names, []).append((write, stage))
    for names, group in by_columns.items():
        selects = [write.straight_select(stage) for write, stage in group]
        landed = con.execute(
            f"insert into {group[0][0].target} ({names}) {' union all '.join(sql for sql, _ in selects)}",
            [param for _, params in selects for param in params],
        ).fetchone()[0]
        expected = [write.straight_rows() for write, _ in group]
        if landed != sum(expected):
            files = ", ".join(landing.data_file.path for write, _ in group for landing in write.landings)
            raise DataFileError(
                f"{files}: {sum(expected):,} staged rows to land but {landed:,} reached the raw table; "
                "nothing of it is landed"
            )
        for (write, _), rows in zip(group, expected, strict=True):
            write.landed += rows


def _drop_parked_stages(
    con: duckdb.DuckDBPyConnection, staged_shapes: list[tuple[Shape, list[Landing], float, str]]
) -> None:
    for *_, suffix in staged_shapes:
        for table in (STAGE_BASE, STAGE_FILES):
            con.execute(f"drop table if exists {table}{suffix}")
    _drop_stage(con)


def _names_pass(check_names: NameCheck, data_file: DataFile, names: set[str] | None) -> bool:
    try:
        check_names(data_file, names or set())
    except DataFileError:
        return False
    return True


def _months_held(con: duckdb.DuckDBPyConnection) -> dict[MonthKey, set[str]]:
    """The files each council-month (of one publication) of a raw table has landed from, per the load log."""
    held: dict[MonthKey, set[str]] = {}
    for table, publisher, period, publication, source_file in con.execute(
        f"select raw_table, publisher_code, period, coalesce(publication, '{DEFAULT_PUBLICATION}'), source_file "
        f"from {RAW_SCHEMA}.load_log where period is not null and rows_landed > 0"
    ).fetchall():
        held.setdefault((table, publisher, period, publication), set()).add(source_file)
    return held


def _land_each(
    con: duckdb.DuckDBPyConnection,
    data_files: list[DataFile],
    data_dir: Path,
    allow_shrink: bool,
    landed_versions: LandedVersions,
    columns_cache: dict[str, list[str]],
    check_names: NameCheck | None,
) -> Iterator[list[LandingResult]]:
    """Files landed one by one, committed together up to COMMIT_FILES files or COMMIT_ROWS rows;
    a file that fails rolls its batch back, the batch's earlier files land again one by one, and
    the failure is raised with nothing of that file landed."""
    batch: list[tuple[DataFile, list[LandingResult]]] = []
    rows = 0
    for data_file in data_files:
        if not batch:
            con.execute("begin transaction")
            before = dict(landed_versions)
        try:
            results = _land_one(con, data_file, data_dir, allow_shrink, landed_versions, columns_cache, check_names)
        except Exception:
            con.execute("rollback")
            columns_cache.clear()
            landed_versions.clear()
            landed_versions.update(before)
            for earlier, _ in batch:
                yield _land_alone(con, earlier, data_dir, allow_shrink, landed_versions, check_names)
            batch = []
            yield _land_alone(con, data_file, data_dir, allow_shrink, landed_versions, check_names)
            continue
        except BaseException:
            # Interrupted (Ctrl-C): undo the batch and stop, landing nothing more.
            con.execute("rollback")
            raise
        batch.append((data_file, results))
        rows += sum(result.rows_read for result in results)
        if len(batch) >= COMMIT_FILES or rows >= COMMIT_ROWS:
            con.execute("commit")
            yield from (results for _, results in batch)
            batch, rows = [], 0
    if batch:
        con.execute("commit")
        yield from (results for _, results in batch)


def _land_alone(
    con: duckdb.DuckDBPyConnection,
    data_file: DataFile,
    data_dir: Path,
    allow_shrink: bool,
    landed_versions: LandedVersions,
    check_names: NameCheck | None,
) -> list[LandingResult]:
    con.execute("begin transaction")
    try:
        results = _land_one(con, data_file, data_dir, allow_shrink, landed_versions, None, check_names)
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
    return results


def _land_one(
    con: duckdb.DuckDBPyConnection,
    data_file: DataFile,
    data_dir: Path,
    allow_shrink: bool,
    landed_versions: LandedVersions,
    columns_cache: dict[str, list[str]] | None,
    check_names: NameCheck | None,
) -> list[LandingResult]:
    tables = _tables(data_file)
    entry = entry_fingerprint(data_file)
    current = (data_file.sha256, entry)
    # A version already in raw is not read, nor hashed: at national scale that is thousands of files.
    if any(landed_versions.get((data_file.path, *key)) != current for key in tables):
        verify(data_file, data_dir)
    results = []
    for sheet, table in tables:
        previous = landed_versions.get((data_file.path, sheet, table))
        if previous == current:
            results.append(landed_versions.kept(data_file.path, sheet, table))
            continue
        result = land_table(
            con, data_file, data_dir, sheet, table, previous[0] if previous else None, allow_shrink, entry,
            columns_cache, check_names,
        )  # fmt: skip
        results.append(result)
        if result.status in ("landed", "replaced") or result.status.startswith("superseded"):
            landed_versions[(data_file.path, sheet, table)] = current
            landed_versions.superseded.pop((data_file.path, sheet, table), None)
            if result.status.startswith("superseded"):
                landed_versions.superseded[(data_file.path, sheet, table)] = result.status
    return results
