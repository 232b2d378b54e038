"""Real council payments reconciled with the councils' own files: the warehouse's count and sum of
`marts.fct_payments` for one council and financial year must equal, to the penny, a figure worked
out here straight from the published CSV files of the data pack.

The expected figure never touches the project's landing code or SQL macros. Each gzip file is read
with Python's `gzip` and `csv` modules; its payment rows are the records after the header (records
with fewer than 3 non-empty fields are not payments, as the pack's README counts them), its money
the `Decimal` sum of the amount column that payment_layouts.yml names for the council. A file's
period is recomputed from its own payment dates by the rule the warehouse documents: the latest
month holding at least a quarter of the file's payments, else the month most of them fall in. A
financial year (April to March) is the files whose period falls in it, whatever their names say.

- Manchester (MAN) 2019-20: `Invoice Payment Date` (ISO) and `Net Amount`; every file's payments
  fall in its own month, so the year is the files 2019-04 to 2020-03.
- Darlington (DAL) 2018-19: `Transaction Date` (ISO) and `Invoice Line Value (net of VAT)`, found
  by name because `2019-07.csv` drops the two blank leading columns and later files add a trailing
  empty one. Darlington files carry many of the previous month's invoices: the May 2018 file holds
  more April (1,093) than May (1,007) payments, yet publishes May, the latest month with a quarter.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

PUBLISHED_MONTH_SHARE = Decimal("0.25")  # restated here on purpose, not imported from landing


@dataclass(frozen=True)
class FileFigures:
    """One published file as counted here: its payments, their money and the month it publishes."""

    path: str  # as the manifest and fct_payments.source_file name it
    rows: int
    amount: Decimal
    period: str
    months: Counter[str]


@pytest.fixture(scope="module")
def warehouse(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()


def _period(months: Counter[str]) -> str:
    """The latest month holding at least a quarter of the payments, else the most common month
    (the first to appear on a tie: a Counter keeps first-seen order and most_common is stable)."""
    total = sum(months.values())
    qualifying = [month for month, count in months.items() if count >= total * PUBLISHED_MONTH_SHARE]
    return max(qualifying) if qualifying else months.most_common(1)[0][0]


def _financial_year(month: str) -> str:
    """'2019-04' -> '2019-20'; '2020-03' -> '2019-20'."""
    year, number = int(month[:4]), int(month[5:7])
    start = year if number >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _file_figures(pack_dir: Path, path: str, date_column: str, amount_column: str) -> FileFigures:
    with gzip.open(pack_dir / path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        date_at, amount_at = header.index(date_column), header.index(amount_column)
        rows, amount, months = 0, Decimal(0), Counter()
        for record in reader:
            if sum(1 for value in record if value.strip()) < 3:
                continue
            date, value = record[date_at], record[amount_at]
            assert len(date) == 10 and date[4] == "-" and date[7] == "-", (path, reader.line_num, date)
            rows += 1
            amount += Decimal(value)
            months[date[:7]] += 1
    return FileFigures(path=path, rows=rows, amount=amount, period=_period(months), months=months)


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year}-{month:02d}" <= last:
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _reconcile(
    warehouse: duckdb.DuckDBPyConnection,
    pack_dir: Path,
    *,
    publisher_code: str,
    folder: str,
    financial_year: str,
    candidate_months: list[str],
    expected_months: list[str],
    date_column: str,
    amount_column: str,
) -> list[FileFigures]:
    """Count the year from the files, check it is the warehouse's, and return the files counted.

    Candidates run a month either side of the year so that a neighbour whose period fell inside it
    would be counted (and fail the hand-worked list) rather than silently missed."""
    figures = [
        _file_figures(pack_dir, f"spend-over-500/{folder}/{month}.csv.gz", date_column, amount_column)
        for month in candidate_months
    ]
    in_year = [f for f in figures if _financial_year(f.period) == financial_year]
    assert [f.path for f in in_year] == [f"spend-over-500/{folder}/{m}.csv.gz" for m in expected_months]
    # For these files the period is the month in the name; the test does not assume it, it checks it.
    assert [f.period for f in in_year] == expected_months

    expected_rows = sum(f.rows for f in in_year)
    expected_amount = sum((f.amount for f in in_year), Decimal(0))
    files = [f.path for f in in_year]

    quarantined = warehouse.execute(
        "select source_file, count(*) from raw.quarantine where list_contains(?, source_file) group by 1 order by 1",
        [files],
    ).fetchall()
    assert quarantined == [], f"rows of {publisher_code} {financial_year} quarantined: {quarantined}"

    rows, amount = warehouse.execute(
        "select count(*), sum(amount_gbp) from marts.fct_payments where publisher_code = ? and financial_year = ?",
        [publisher_code, financial_year],
    ).fetchone()
    by_file = {
        source_file: (n, total, period)
        for source_file, n, total, period in warehouse.execute(
            "select source_file, count(*), sum(amount_gbp), any_value(period) from marts.fct_payments "
            "where publisher_code = ? and financial_year = ? group by 1",
            [publisher_code, financial_year],
        ).fetchall()
    }
    differences = {
        f.path: {"files": (f.rows, f.amount, f.period), "warehouse": by_file.get(f.path)}
        for f in in_year
        if by_file.get(f.path) != (f.rows, f.amount, f.period)
    } | {path: {"files": None, "warehouse": by_file[path]} for path in by_file.keys() - set(files)}
    assert (rows, amount) == (expected_rows, expected_amount), differences
    assert differences == {}
    return in_year


def test_manchester_2019_20_payments_equal_the_councils_files(
    warehouse: duckdb.DuckDBPyConnection, pack_dir: Path
) -> None:
    # Hand-worked: twelve monthly files, April 2019 to March 2020; 39,291 payments, £857,037,958.07.
    counted = _reconcile(
        warehouse,
        pack_dir,
        publisher_code="MAN",
        folder="manchester",
        financial_year="2019-20",
        candidate_months=_months("2019-03", "2020-04"),
        expected_months=_months("2019-04", "2020-03"),
        date_column="Invoice Payment Date",
        amount_column="Net Amount",
    )
    assert sum(f.rows for f in counted) == 39_291
    assert sum(f.amount for f in counted) == Decimal("857037958.07")


def test_darlington_2018_19_payments_equal_the_councils_files(
    warehouse: duckdb.DuckDBPyConnection, pack_dir: Path
) -> None:
    # Hand-worked: twelve monthly files, April 2018 to March 2019; 21,783 payments, £106,888,172.82.
    counted = _reconcile(
        warehouse,
        pack_dir,
        publisher_code="DAL",
        folder="darlington",
        financial_year="2018-19",
        candidate_months=_months("2018-03", "2019-04"),
        expected_months=_months("2018-04", "2019-03"),
        date_column="Transaction Date",
        amount_column="Invoice Line Value (net of VAT)",
    )
    assert sum(f.rows for f in counted) == 21_783
    assert sum(f.amount for f in counted) == Decimal("106888172.82")
    # The naive reading (the month most payments fall in) would put May 2018's file in April.
    may = next(f for f in counted if f.path.endswith("/2018-05.csv.gz"))
    assert may.months["2018-04"] == 1_093 and may.months["2018-05"] == 1_007
    assert may.months.most_common(1)[0][0] == "2018-04" and may.period == "2018-05"
