"""Land publishers' files into the `raw` schema of the working database, as published.

Every raw row carries its lineage (file, sha256, sheet, row number, load time). Rows that cannot
be landed go to `raw.quarantine` with the reason, and `raw.load_log` records, for every landing,
rows read = rows landed + rows quarantined. Landing an unchanged file again changes nothing;
landing a changed file replaces that file's rows and the log keeps the sha256 it replaced.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from total_place.manifest import DataFile, DataFileError, verify
from total_place.readers import SourceRows, read_csv, read_xls_sheet, read_xlsx_sheet

log = logging.getLogger(__name__)

RAW_SCHEMA = "raw"
BATCH_ROWS = 50_000
LINEAGE_COLUMNS = ("_source_file", "_source_sha256", "_sheet", "_row_number", "_loaded_at")

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

    def describe(self) -> str:
        where = f"{self.source_file}" + (f" [{self.sheet}]" if self.sheet else "")
        if self.status == "unchanged":
            return f"{where}: unchanged, raw.{self.raw_table} kept as it was"
        return (
            f"{where}: {self.status} raw.{self.raw_table}, read {self.rows_read:,} = "
            f"landed {self.rows_landed:,} + quarantined {self.rows_quarantined:,}"
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


def ensure_bookkeeping(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(BOOKKEEPING_DDL)


def _read(data_file: DataFile, path: Path, sheet: str | None) -> SourceRows:
    suffix = path.suffix.lower()
    if sheet is None:
        return read_csv(path)
    if suffix == ".xlsx":
        return read_xlsx_sheet(path, sheet, data_file.header_row)
    if suffix == ".xls":
        return read_xls_sheet(path, sheet, data_file.header_row)
    raise DataFileError(f"{path}: sheets are listed but {suffix} is not a workbook format")


def _progress(total_hint: str) -> Iterator[None]:
    """Yield once per row; report rows per second as a bar on a terminal, as log lines otherwise."""
    started = time.monotonic()
    if sys.stderr.isatty():
        from tqdm import tqdm

        with tqdm(desc=total_hint, unit=" rows", unit_scale=True, leave=False) as bar:
            while True:
                yield
                bar.update(1)
    count = 0
    while True:
        yield
        count += 1
        if count % 500_000 == 0:
            rate = count / max(time.monotonic() - started, 1e-9)
            log.info("%s: %s rows read, %s rows/s", total_hint, f"{count:,}", f"{rate:,.0f}")


def _classify(source: SourceRows, width: int) -> Iterator[tuple[int, list[str | None], str | None]]:
    """Each row with the reason it cannot land, or None when it can."""
    header = [name.strip() for name in source.header]
    for row_number, values in source.rows:
        if not any(value is not None and str(value).strip() for value in values):
            yield row_number, values, "blank row"
        elif len(values) != width:
            yield row_number, values, f"{len(values)} values where the header has {width} columns"
        elif [str(value or "").strip() for value in values] == header:
            yield row_number, values, "repeated header row"
        else:
            yield row_number, values, None


def _raw_text(values: list[str | None]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(["" if value is None else value for value in values])
    return buffer.getvalue().rstrip("\r\n")


def _prepare_table(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], source_file: str) -> None:
    existing = [
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [RAW_SCHEMA, table],
        ).fetchall()
    ]
    wanted = columns + list(LINEAGE_COLUMNS)
    if existing and existing != wanted:
        other_files = con.execute(
            f'select count(*) from {RAW_SCHEMA}."{table}" where _source_file <> ?', [source_file]
        ).fetchone()[0]
        if other_files:
            raise DataFileError(
                f"{source_file}: columns differ from raw.{table}, which also holds other files' rows; "
                "map it to a table of its own in data_manifest.yml"
            )
        con.execute(f'drop table {RAW_SCHEMA}."{table}"')
        existing = []
    if not existing:
        data_columns = ", ".join(f'"{name}" varchar' for name in columns)
        con.execute(
            f'create table {RAW_SCHEMA}."{table}" ({data_columns}, _source_file varchar not null, '
            "_source_sha256 varchar not null, _sheet varchar, _row_number bigint not null, "
            "_loaded_at timestamp not null)"
        )


def land_table(
    con: duckdb.DuckDBPyConnection,
    data_file: DataFile,
    data_dir: Path,
    sheet: str | None,
    table: str,
    sha256: str,
) -> LandingResult:
    path = data_dir / data_file.path
    previous = con.execute(
        f"select source_sha256 from {RAW_SCHEMA}.load_log "
        "where source_file = ? and raw_table = ? and sheet is not distinct from ? "
        "order by loaded_at desc limit 1",
        [data_file.path, table, sheet],
    ).fetchone()
    if previous and previous[0] == sha256:
        return LandingResult(data_file.path, sheet, table, "unchanged", 0, 0, 0)

    source = _read(data_file, path, sheet)
    columns = column_names(source.header)
    width = len(columns)
    loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    lineage = {
        "_source_file": data_file.path,
        "_source_sha256": sha256,
        "_sheet": sheet,
        "_loaded_at": loaded_at,
    }

    con.execute("begin transaction")
    try:
        _prepare_table(con, table, columns, data_file.path)
        con.execute(
            f'delete from {RAW_SCHEMA}."{table}" where _source_file = ? and _sheet is not distinct from ?',
            [data_file.path, sheet],
        )
        con.execute(
            f"delete from {RAW_SCHEMA}.quarantine where source_file = ? and raw_table = ? "
            "and sheet is not distinct from ?",
            [data_file.path, table, sheet],
        )
        con.execute(f"delete from {RAW_SCHEMA}.column_map where raw_table = ?", [table])
        con.executemany(
            f"insert into {RAW_SCHEMA}.column_map values (?, ?, ?, ?)",
            [
                [table, i, name, header]
                for i, (name, header) in enumerate(zip(columns, source.header, strict=True), 1)
            ],
        )
        read = landed = quarantined = 0
        batch: list[list[str | None]] = []
        row_numbers: list[int] = []
        rejects: list[list[object]] = []
        ticker = _progress(f"{data_file.path}{f' [{sheet}]' if sheet else ''}")

        def flush() -> None:
            if batch:
                frame = pd.DataFrame(batch, columns=columns, dtype="string")
                frame = frame.assign(_row_number=row_numbers, **lineage)
                con.register("landing_batch", frame)
                con.execute(f'insert into {RAW_SCHEMA}."{table}" by name select * from landing_batch')
                con.unregister("landing_batch")
                batch.clear()
                row_numbers.clear()
            if rejects:
                con.executemany(
                    f"insert into {RAW_SCHEMA}.quarantine values (?, ?, ?, ?, ?, ?, ?, ?)", rejects
                )
                rejects.clear()

        for row_number, values, reason in _classify(source, width):
            next(ticker)
            read += 1
            if reason is None:
                landed += 1
                batch.append(values)
                row_numbers.append(row_number)
            else:
                quarantined += 1
                rejects.append(
                    [data_file.path, sha256, sheet, table, row_number, _raw_text(values), reason, loaded_at]
                )
            if len(batch) >= BATCH_ROWS or len(rejects) >= BATCH_ROWS:
                flush()
        flush()
        ticker.close()
        status = "replaced" if previous else "landed"
        con.execute(
            f"insert into {RAW_SCHEMA}.load_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                data_file.path,
                sha256,
                sheet,
                table,
                source.encoding,
                read,
                landed,
                quarantined,
                previous[0] if previous else None,
                loaded_at,
            ],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return LandingResult(data_file.path, sheet, table, status, read, landed, quarantined)


def land_file(con: duckdb.DuckDBPyConnection, data_file: DataFile, data_dir: Path) -> list[LandingResult]:
    """Land one manifest file (every listed sheet of a workbook); all or nothing per table."""
    verify(data_file, data_dir)
    sha256 = data_file.sha256  # verify() has just checked the file hashes to this
    ensure_bookkeeping(con)
    if data_file.sheets:
        return [
            land_table(con, data_file, data_dir, sheet, table, sha256)
            for sheet, table in data_file.sheets.items()
        ]
    if data_file.table is None:
        raise DataFileError(f"{data_file.path}: data_manifest.yml names no table or sheets for it")
    return [land_table(con, data_file, data_dir, None, data_file.table, sha256)]
