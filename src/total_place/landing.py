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

import csv
import datetime as dt
import fnmatch
import functools
import io
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from total_place.manifest import DataFile, DataFileError, verify
from total_place.payments import PAYMENT_COLUMNS, PaymentLayout
from total_place.readers import Row, SourceRows, read_csv, read_ods_sheet, read_xls_sheet, read_xlsx_sheet

log = logging.getLogger(__name__)

RAW_SCHEMA = "raw"
BATCH_ROWS = 50_000
LINEAGE_COLUMNS = ("_source_file", "_source_sha256", "_sheet", "_row_number", "_loaded_at")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")

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
    loaded_at timestamp not null
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


class PublishedTable:
    """Columns as published; a row needs its key columns filled and its numeric columns numbers."""

    def __init__(self, data_file: DataFile, header: list[str]) -> None:
        self.columns = column_names(header)
        self.published_headers = header
        unknown = [k for k in data_file.key_columns if k not in self.columns]
        if unknown:
            raise DataFileError(
                f"{data_file.path}: no column {', '.join(unknown)} (columns: {', '.join(self.columns)})"
            )
        self.keys = [self.columns.index(k) for k in data_file.key_columns]
        self.null_markers = set(data_file.null_markers)
        self.numeric = [
            i
            for i, name in enumerate(self.columns)
            if any(fnmatch.fnmatch(name, pattern) for pattern in data_file.numeric_columns)
        ]

    def shape(self, values: Row) -> tuple[Row, str | None]:
        for index in self.keys:
            if values[index] is None or not values[index].strip():
                return values, f"missing {self.columns[index]}"
        for index in self.numeric:
            value = values[index]
            text = (value or "").strip()
            if text and text not in self.null_markers and not NUMBER.match(text):
                return values, f"{self.columns[index]} {value!r} is not a number"
        return values, None


class PaymentsTable:
    """A council payments file mapped to payment roles (see payments.py and payment_layouts.yml)."""

    def __init__(self, data_file: DataFile, path: Path, header: list[str]) -> None:
        if not data_file.publisher_code:
            raise DataFileError(f"{data_file.path}: a payments file needs a publisher_code in data_manifest.yml")
        self.layout = PaymentLayout.from_header(path, data_file.publisher_code, header)
        self.columns = list(PAYMENT_COLUMNS)
        self.published_headers = list(PAYMENT_COLUMNS)

    def shape(self, values: Row) -> tuple[Row, str | None]:
        return self.layout.shape(values)


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
    """Create the load log, quarantine and column map, and refuse ones an older version made."""
    con.execute(BOOKKEEPING_DDL)
    if _bookkeeping_columns(con) != _expected_bookkeeping_columns():
        raise DataFileError(
            f"{RAW_SCHEMA}.load_log, quarantine or column_map in the working database were made by an "
            "older version of total-place; delete the working database (make clean) and land again"
        )


def _read(data_file: DataFile, path: Path, sheet: str | None) -> SourceRows:
    suffix = path.suffix.lower()
    if sheet is None:
        return read_csv(path, data_file.header_rows, data_file.archive_member)
    if suffix == ".xlsx":
        return read_xlsx_sheet(path, sheet, data_file.header_rows)
    if suffix == ".xls":
        return read_xls_sheet(path, sheet, data_file.header_rows)
    if suffix == ".ods":
        return read_ods_sheet(path, sheet, data_file.header_rows)
    raise DataFileError(f"{path}: sheets are listed but {suffix} is not a workbook format")


def _progress(label: str) -> Iterator[None]:
    """Yield once per row; show rows per second as a bar on a terminal, as log lines otherwise."""
    started = time.monotonic()
    if sys.stderr.isatty():
        from tqdm import tqdm

        with tqdm(desc=label, unit=" rows", unit_scale=True, leave=False) as bar:
            while True:
                yield
                bar.update(1)
    count = 0
    while True:
        yield
        count += 1
        if count % 100_000 == 0:
            rate = count / max(time.monotonic() - started, 1e-9)
            log.info("%s: %s rows read, %s rows/s", label, f"{count:,}", f"{rate:,.0f}")


def _classify(source: SourceRows, shape: PublishedTable | PaymentsTable) -> Iterator[tuple[int, Row, str | None]]:
    """Each row (shaped for its table) with the reason it cannot land, or None when it can."""
    header = [name.strip() for name in source.header]
    width = len(header)
    for row_number, values in source.rows:
        if not any(value is not None and str(value).strip() for value in values):
            yield row_number, values, "blank row"
        elif len(values) != width:
            yield row_number, values, f"{len(values)} values where the header has {width} columns"
        elif str(values[0] or "").strip() == header[0] and [str(v or "").strip() for v in values] == header:
            yield row_number, values, "repeated header row"
        else:
            shaped, reason = shape.shape(values)
            yield row_number, (values if reason else shaped), reason


def _raw_text(values: Row) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(["" if value is None else value for value in values])
    return buffer.getvalue().rstrip("\r\n")


def _existing_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The raw table's columns, or none when it does not exist yet. Asked of the table itself:
    information_schema lists every column of the database, which costs more than landing a
    small file. Not inside a transaction, which an error would abort."""
    try:
        info = con.execute(f"select name from pragma_table_info('{RAW_SCHEMA}.\"{table}\"')")
        return [row[0] for row in info.fetchall()]
    except duckdb.CatalogException:
        return []


def _prepare_table(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], existing: list[str], data_file: DataFile
) -> None:
    """Create the raw table, or widen it for a file that adds columns (a long-format extract with
    an extra breakdown). Rows of files without a column hold null there; inserts go by name, so
    the column order of a file does not matter."""
    quoted = f'{RAW_SCHEMA}."{table}"'
    if not existing:
        data_columns = ", ".join(f'"{name}" varchar' for name in columns)
        con.execute(
            f"create table {quoted} ({data_columns}, _source_file varchar not null, "
            "_source_sha256 varchar not null, _sheet varchar, _row_number bigint not null, "
            "_loaded_at timestamp not null)"
        )
        return
    shared = set(columns) & set(existing)
    if not shared or not set(data_file.key_columns) <= shared:
        raise DataFileError(
            f"{data_file.path}: its columns ({', '.join(columns)}) do not fit raw.{table} "
            f"({', '.join(c for c in existing if not c.startswith('_'))}); "
            "map it to a table of its own in data_manifest.yml"
        )
    for name in columns:
        if name not in existing:
            con.execute(f'alter table {quoted} add column "{name}" varchar')


@dataclass
class ShapedFile:
    """A payments file read and every row shaped for its raw table (with the reason a row cannot
    land), held whole: a file is one council-month, and its rows wait for the month to be known."""

    columns: list[str]
    published_headers: list[str]
    encoding: str | None
    rows: list[tuple[int, Row, str | None]]
    period: str | None


def shape_payments_file(data_file: DataFile, data_dir: Path) -> ShapedFile:
    """Read and shape a council payments file; the month stamped on every landed row."""
    path = data_dir / data_file.path
    source = _read(data_file, path, None)
    shape = PaymentsTable(data_file, path, source.header)
    rows = list(_classify(source, shape))
    periods = Counter(shape.layout.period_of(values) for _, values, reason in rows if reason is None)
    period = _payments_period(periods) if periods else None
    period_index = shape.columns.index("period")
    for _, values, reason in rows:
        if reason is None:
            values[period_index] = period
    return ShapedFile(shape.columns, shape.published_headers, source.encoding, rows, period)


def _shape_table(data_file: DataFile, data_dir: Path, sheet: str | None) -> tuple[PublishedTable, SourceRows]:
    path = data_dir / data_file.path
    source = _read(data_file, path, sheet)
    if data_file.layout != "table":
        raise DataFileError(f"{data_file.path}: unknown layout {data_file.layout!r} in data_manifest.yml")
    return PublishedTable(data_file, source.header), source


def land_table(
    con: duckdb.DuckDBPyConnection,
    data_file: DataFile,
    data_dir: Path,
    sheet: str | None,
    table: str,
    previous: str | None,
) -> LandingResult:
    """Land one sheet (or the whole CSV) of a checked file into its raw table, replacing what the
    `previous` version of the file (its sha256 in the load log) left there, if any."""
    sha256 = data_file.sha256  # verify() has checked that the file hashes to this
    started = time.monotonic()
    shaped = shape_payments_file(data_file, data_dir) if data_file.layout == "payments" else None
    if shaped is not None:
        columns, published_headers, encoding = shaped.columns, shaped.published_headers, shaped.encoding
        classified: Iterator[tuple[int, Row, str | None]] = iter(shaped.rows)
        period = shaped.period
    else:
        shape, source = _shape_table(data_file, data_dir, sheet)
        columns, published_headers, encoding = shape.columns, shape.published_headers, source.encoding
        classified = _classify(source, shape)
        period = None
    loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    lineage = {"_source_file": data_file.path, "_source_sha256": sha256, "_sheet": sheet, "_loaded_at": loaded_at}
    quoted = f'{RAW_SCHEMA}."{table}"'
    existing = _existing_columns(con, table)

    con.execute("begin transaction")
    try:
        _prepare_table(con, table, columns, existing, data_file)
        if previous:  # a changed file: drop what its earlier version left (scans, so only then)
            con.execute(
                f"delete from {quoted} where _source_file = ? and _sheet is not distinct from ?",
                [data_file.path, sheet],
            )
            con.execute(
                f"delete from {RAW_SCHEMA}.quarantine where source_file = ? and raw_table = ? "
                "and sheet is not distinct from ?",
                [data_file.path, table, sheet],
            )
            con.execute(
                f"delete from {RAW_SCHEMA}.column_map where raw_table = ? and source_file = ?", [table, data_file.path]
            )
        mapping = [
            (table, data_file.path, i, name, header)
            for i, (name, header) in enumerate(zip(columns, published_headers, strict=True), 1)
        ]
        con.execute(  # one statement, not one per column
            f"insert into {RAW_SCHEMA}.column_map values {', '.join(['(?, ?, ?, ?, ?)'] * len(mapping))}",
            [value for row in mapping for value in row],
        )
        read = landed = quarantined = 0
        batch: list[Row] = []
        row_numbers: list[int] = []
        rejects: list[list[object]] = []
        ticker = _progress(f"{data_file.path}{f' [{sheet}]' if sheet else ''}")

        def flush() -> None:
            if batch:
                frame = pd.DataFrame(batch, columns=columns, dtype="string")
                frame = frame.assign(_row_number=row_numbers, **lineage)
                con.register("landing_batch", frame)
                con.execute(f"insert into {quoted} by name select * from landing_batch")
                con.unregister("landing_batch")
                batch.clear()
                row_numbers.clear()
            if rejects:
                con.executemany(f"insert into {RAW_SCHEMA}.quarantine values (?, ?, ?, ?, ?, ?, ?, ?)", rejects)
                rejects.clear()

        for row_number, values, reason in classified:
            next(ticker)
            read += 1
            if reason is None:
                landed += 1
                batch.append(values)
                row_numbers.append(row_number)
            else:
                quarantined += 1
                rejects.append([data_file.path, sha256, sheet, table, row_number, _raw_text(values), reason, loaded_at])
            if len(batch) >= BATCH_ROWS or len(rejects) >= BATCH_ROWS:
                flush()
        flush()
        ticker.close()
        replaced_files = None
        if period is not None:
            replaced_files = _replace_payment_period(con, quoted, table, data_file, period)
        status = "replaced" if previous or replaced_files else "landed"
        con.execute(
            f"insert into {RAW_SCHEMA}.load_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                data_file.path, sha256, sheet, table, encoding, read, landed, quarantined,
                previous, data_file.publisher_code, period, replaced_files, loaded_at,
            ],
        )  # fmt: skip
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return LandingResult(data_file.path, sheet, table, status, read, landed, quarantined, time.monotonic() - started)


def _payments_period(periods: Counter[str]) -> str:
    """A file's month is the month most of its payments fall in: a June file carries May credit
    notes, and they belong to the June publication."""
    return periods.most_common(1)[0][0]


def _replace_payment_period(
    con: duckdb.DuckDBPyConnection, quoted: str, table: str, data_file: DataFile, period: str
) -> str | None:
    """Drop the same council's month from other files; the files replaced, as logged."""
    # The load log is small; the table may hold tens of millions of rows, so it is scanned
    # only when the log says another file of this council and month was landed.
    logged = con.execute(
        f"select count(*) from {RAW_SCHEMA}.load_log "
        "where raw_table = ? and publisher_code = ? and period = ? and source_file <> ?",
        [table, data_file.publisher_code, period, data_file.path],
    ).fetchone()[0]
    if not logged:
        return None
    replaced = con.execute(
        f"select distinct _source_file || ' (' || _source_sha256 || ')' from {quoted} "
        "where publisher_code = ? and period = ? and _source_file <> ? order by 1",
        [data_file.publisher_code, period, data_file.path],
    ).fetchall()
    if not replaced:
        return None
    con.execute(
        f"delete from {quoted} where publisher_code = ? and period = ? and _source_file <> ?",
        [data_file.publisher_code, period, data_file.path],
    )
    return "; ".join(row[0] for row in replaced)


def _tables(data_file: DataFile) -> list[tuple[str | None, str]]:
    """The (sheet, raw table) pairs a manifest file lands in."""
    if data_file.sheets:
        return list(data_file.sheets.items())
    if data_file.table is None:
        raise DataFileError(f"{data_file.path}: data_manifest.yml names no table or sheets for it")
    return [(None, data_file.table)]


def _landed_versions(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str | None, str], str]:
    """The sha256 each (file, sheet, table) was last landed from, per the load log."""
    return {
        (source_file, sheet, table): sha256
        for source_file, sheet, table, sha256 in con.execute(
            f"select source_file, sheet, raw_table, source_sha256 from {RAW_SCHEMA}.load_log "
            "qualify row_number() over (partition by source_file, sheet, raw_table order by loaded_at desc) = 1"
        ).fetchall()
    }


def land_file(con: duckdb.DuckDBPyConnection, data_file: DataFile, data_dir: Path) -> list[LandingResult]:
    """Land one manifest file (every listed sheet of a workbook); all or nothing per table."""
    return next(land_files(con, [data_file], data_dir))


def land_files(
    con: duckdb.DuckDBPyConnection, data_files: list[DataFile], data_dir: Path
) -> Iterator[list[LandingResult]]:
    """Land manifest files in order, yielding each one's results as it lands."""
    ensure_bookkeeping(con)
    landed_versions = _landed_versions(con)
    for data_file in data_files:
        tables = _tables(data_file)
        # A version already in raw is not read, nor hashed: at national scale that is thousands of files.
        if any(landed_versions.get((data_file.path, *key)) != data_file.sha256 for key in tables):
            verify(data_file, data_dir)
        results = []
        for sheet, table in tables:
            previous = landed_versions.get((data_file.path, sheet, table))
            if previous == data_file.sha256:
                results.append(LandingResult(data_file.path, sheet, table, "unchanged", 0, 0, 0))
            else:
                results.append(land_table(con, data_file, data_dir, sheet, table, previous))
                landed_versions[(data_file.path, sheet, table)] = data_file.sha256
        yield results
