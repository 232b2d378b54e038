"""A council's payment publications: card files beside the main file, the month a file publishes,
undated files, copies stored twice, code pages, spreadsheet dates, a header's trailing comma and
payees redacted by a blank name.

Every file here is a small synthetic one in Manchester's layout; each expected answer is worked
out by hand in the comment beside it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
import yaml

from total_place.landing import PUBLISHED_MONTH_SHARE, land_file, land_files
from total_place.manifest import DataFile, DataFileError, Manifest, sha256_of
from total_place.sql_macros import render

HEADER = [
    "Body Name",
    "Service Area",
    "Expenses Type",
    "Invoice Payment Date",
    "Transaction Number",
    "Net Amount",
    "Supplier Name",
]
MANCHESTER = "Manchester City Council"
WAKEFIELD = "Wakefield Metropolitan District Council"


def _row(date: str, number: str, amount: str = "600.00", supplier: str = "ACME Ltd", body: str = MANCHESTER) -> list:
    return [body, "Growth", "Repairs", date, number, amount, supplier]


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def _payments(
    data_file_in: Callable[..., DataFile], name: str, content: bytes, publisher: str = "MAN", **options: object
) -> DataFile:
    return data_file_in(name, content, table="payments", layout="payments", publisher_code=publisher, **options)


def _dated(months: dict[int, int], year: int = 2019, prefix: str = "T") -> list[list[str]]:
    """`months[m]` payments dated in month m of `year`, in the order given, numbered T1, T2..."""
    days = [(month, day) for month, count in months.items() for day in range(1, count + 1)]
    return [_row(f"{day:02d}/{month:02d}/{year}", f"{prefix}{n}") for n, (month, day) in enumerate(days, start=1)]


def _log(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select source_file, status, publication, period, rows_landed from raw.load_log "
        "order by loaded_at, source_file, status"
    ).fetchall()


# 1. publication: a card file adds to its council's month; a correction replaces only its own publication.


def test_a_card_file_adds_to_the_month_and_its_correction_replaces_only_card_rows(con, data_file_in) -> None:
    main = _payments(
        data_file_in,
        "main.csv",
        _csv(
            [_row("01/03/2019", "M1", "100.00"), _row("05/03/2019", "M2", "200.00"), _row("20/03/2019", "M3", "300.00")]
        ),
    )
    card = _payments(
        data_file_in,
        "card.csv",
        _csv([_row("02/03/2019", "C1", "10.00"), _row("03/03/2019", "C2", "20.00")]),
        publication="procurement card",
    )
    # Both March 2019, MAN: landed together (one run), neither replaces the other.
    results = [r for rs in land_files(con, [main, card], data_file_in.data_dir) for r in rs]
    assert [(r.source_file, r.status, r.rows_landed) for r in results] == [
        ("main.csv", "landed", 3),
        ("card.csv", "landed", 2),
    ]

    def month() -> list[tuple]:
        return con.execute(
            "select _source_file, publication, period, transaction_id, amount from raw.payments order by all"
        ).fetchall()

    assert month() == [
        ("card.csv", "procurement card", "2019-03", "C1", "10.00"),
        ("card.csv", "procurement card", "2019-03", "C2", "20.00"),
        ("main.csv", "payments", "2019-03", "M1", "100.00"),
        ("main.csv", "payments", "2019-03", "M2", "200.00"),
        ("main.csv", "payments", "2019-03", "M3", "300.00"),
    ]
    # The card file corrected under a new name: only card.csv's rows give way.
    card_v2 = _payments(
        data_file_in,
        "card_v2.csv",
        _csv([_row("02/03/2019", "C1", "11.00"), _row("04/03/2019", "C3", "21.00")]),
        publication="procurement card",
    )
    [corrected] = land_file(con, card_v2, data_file_in.data_dir)
    assert (corrected.status, corrected.rows_landed) == ("replaced", 2)
    assert month() == [
        ("card_v2.csv", "procurement card", "2019-03", "C1", "11.00"),
        ("card_v2.csv", "procurement card", "2019-03", "C3", "21.00"),
        ("main.csv", "payments", "2019-03", "M1", "100.00"),
        ("main.csv", "payments", "2019-03", "M2", "200.00"),
        ("main.csv", "payments", "2019-03", "M3", "300.00"),
    ]
    replaced = con.execute("select replaced_files from raw.load_log where source_file = 'card_v2.csv'").fetchone()
    assert replaced == (f"card.csv ({card.sha256})",)
    # And the main file corrected: only main.csv's rows give way, the card rows stay.
    main_v2 = _payments(
        data_file_in,
        "main_v2.csv",
        _csv(
            [_row("01/03/2019", "M1", "100.00"), _row("05/03/2019", "M2", "250.00"), _row("21/03/2019", "M4", "300.00")]
        ),
    )
    [corrected_main] = land_file(con, main_v2, data_file_in.data_dir)
    assert corrected_main.status == "replaced"
    assert con.execute(
        "select _source_file, publication, count(*) from raw.payments group by all order by all"
    ).fetchall() == [("card_v2.csv", "procurement card", 2), ("main_v2.csv", "payments", 3)]
    assert _log(con) == [
        ("card.csv", "landed", "procurement card", "2019-03", 2),
        ("main.csv", "landed", "payments", "2019-03", 3),
        ("card.csv", "superseded by card_v2.csv", "procurement card", "2019-03", 0),
        ("card_v2.csv", "replaced", "procurement card", "2019-03", 2),
        ("main.csv", "superseded by main_v2.csv", "payments", "2019-03", 0),
        ("main_v2.csv", "replaced", "payments", "2019-03", 3),
    ]


def test_a_card_file_landed_after_the_main_file_on_its_own_replaces_nothing(con, data_file_in) -> None:
    main = _payments(data_file_in, "main.csv", _csv(_dated({3: 4})))
    card = _payments(data_file_in, "card.csv", _csv(_dated({3: 1}, prefix="C")), publication="procurement card")
    land_file(con, main, data_file_in.data_dir)
    # A single row would be under half of main.csv's four: held, were it the same publication.
    [result] = land_file(con, card, data_file_in.data_dir)
    assert (result.status, result.rows_landed) == ("landed", 1)
    assert con.execute("select count(*) from raw.payments").fetchone() == (5,)
    same = _payments(data_file_in, "main_extra.csv", _csv(_dated({3: 1}, prefix="X")))
    with pytest.raises(DataFileError, match=r"main_extra\.csv: held"):
        land_file(con, same, data_file_in.data_dir)


# 2. The month a file publishes: the latest holding at least a quarter of its payments.


@pytest.mark.parametrize(
    ("months", "period"),
    [
        ({4: 6, 5: 5}, "2019-05"),  # 11 payments, a quarter 2.75: both qualify, May is later
        ({4: 2, 5: 10}, "2019-05"),  # 12, a quarter 3: April's 2 do not
        ({4: 9, 5: 1}, "2019-04"),  # 10, a quarter 2.5: May's 1 does not
        ({4: 3, 5: 1}, "2019-05"),  # 4, a quarter exactly 1: "at least" a quarter, so May
        ({5: 1, 4: 3}, "2019-05"),  # the same, May's row first in the file
        ({3: 4, 4: 6}, "2019-04"),  # Darlington's file A: 10 payments, March 4 and April 6
        # 10 payments over 9 months, none with a quarter (2.5): the most common, January's 2
        ({1: 2, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1}, "2019-01"),
        # 8 payments over 8 months, none with 2: all tie, the first month to appear (June)
        ({6: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 7: 1, 8: 1}, "2019-06"),
    ],
)
def test_a_files_period_is_the_latest_month_with_a_quarter_of_its_payments(
    con, data_file_in, months: dict[int, int], period: str
) -> None:
    assert PUBLISHED_MONTH_SHARE == 0.25
    data_file = _payments(data_file_in, "m.csv", _csv(_dated(months)))
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert result.rows_landed == sum(months.values())
    assert con.execute("select distinct period from raw.payments").fetchall() == [(period,)]
    assert con.execute("select period from raw.load_log").fetchall() == [(period,)]


def test_a_quarantined_row_does_not_count_towards_the_period(con, data_file_in) -> None:
    # 9 April payments and 1 May one land, and 5 May rows without an amount are quarantined.
    # Of the 10 that land May's 1 is under a quarter (2.5): April. Were the quarantined rows
    # counted, May would hold 6 of 15 (a quarter is 3.75) and win as the later month.
    rows = [*_dated({4: 9, 5: 1}), *(_row(f"1{d}/05/2019", f"Q{d}", "") for d in range(5))]
    [result] = land_file(con, _payments(data_file_in, "m.csv", _csv(rows)), data_file_in.data_dir)
    assert (result.rows_landed, result.rows_quarantined) == (10, 5)
    assert con.execute("select period from raw.load_log").fetchone() == ("2019-04",)


@pytest.mark.parametrize("together", [True, False])
def test_consecutive_monthly_files_that_overlap_months_both_stay_landed(con, data_file_in, together: bool) -> None:
    # Darlington dates invoices: file A (April's) holds 6 April and 4 March payments, file B
    # (May's) 5 May and 5 April. A's period is April (both months a quarter of 10, April
    # later), B's May: different months, so B replaces nothing of A.
    a = _payments(data_file_in, "dar_2019-04.csv", _csv(_dated({4: 6, 3: 4}, prefix="A")))
    b = _payments(data_file_in, "dar_2019-05.csv", _csv(_dated({5: 5, 4: 5}, prefix="B")))
    if together:
        results = [r for rs in land_files(con, [a, b], data_file_in.data_dir) for r in rs]
    else:
        results = [*land_file(con, a, data_file_in.data_dir), *land_file(con, b, data_file_in.data_dir)]
    assert [(r.status, r.rows_landed) for r in results] == [("landed", 10), ("landed", 10)]
    assert con.execute(
        "select _source_file, period, count(*) from raw.payments group by all order by all"
    ).fetchall() == [("dar_2019-04.csv", "2019-04", 10), ("dar_2019-05.csv", "2019-05", 10)]
    assert con.execute(
        "select source_file, status, period, replaced_files from raw.load_log order by source_file"
    ).fetchall() == [
        ("dar_2019-04.csv", "landed", "2019-04", None),
        ("dar_2019-05.csv", "landed", "2019-05", None),
    ]


# 3. undated_period: the month of a file whose rows carry no date that can be read.


def test_a_file_with_no_date_column_lands_dated_to_its_entrys_month(con, data_file_in) -> None:
    header = [h for h in HEADER if h != "Invoice Payment Date"]
    rows = [[MANCHESTER, "Growth", "Repairs", f"U{n}", f"{n}00.00", "ACME Ltd"] for n in (1, 2, 3)]
    undated = _payments(data_file_in, "undated.csv", _csv(rows, header), undated_period="2013-01")
    [result] = land_file(con, undated, data_file_in.data_dir)
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (3, 3, 0)
    assert con.execute(
        "select transaction_id, payment_date, period, unmapped_columns from raw.payments order by 1"
    ).fetchall() == [
        ("U1", "2013-01", "2013-01", None),
        ("U2", "2013-01", "2013-01", None),
        ("U3", "2013-01", "2013-01", None),
    ]
    assert con.execute("select period from raw.load_log").fetchone() == ("2013-01",)


def test_without_undated_period_a_file_with_no_date_column_is_refused(con, data_file_in) -> None:
    header = [h for h in HEADER if h != "Invoice Payment Date"]
    rows = [[MANCHESTER, "Growth", "Repairs", "U1", "100.00", "ACME Ltd"]]
    with pytest.raises(DataFileError, match=r"undated\.csv: unknown payments layout, no column for payment_date"):
        land_file(con, _payments(data_file_in, "undated.csv", _csv(rows, header)), data_file_in.data_dir)


@pytest.mark.parametrize("undated_period", ["2010-09", None])
def test_a_date_column_holding_a_range_lands_dated_to_the_entrys_month(
    con, data_file_in, undated_period: str | None
) -> None:
    rows = [_row("July 2010-September 2010", f"R{n}", f"{n}00.00") for n in (1, 2, 3)]
    ranged = _payments(data_file_in, "q2.csv", _csv(rows), undated_period=undated_period)
    [result] = land_file(con, ranged, data_file_in.data_dir)
    if undated_period is None:  # the range is not a date: every row quarantined
        assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (3, 0, 3)
        reasons = con.execute("select distinct reason from raw.quarantine").fetchall()
        assert reasons == [("payment date 'July 2010-September 2010' is not a date",)]
        return
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (3, 3, 0)
    landed = con.execute("select payment_date, period, unmapped_columns from raw.payments order by transaction_id")
    for payment_date, period, unmapped in landed.fetchall():
        assert (payment_date, period) == ("2010-09", "2010-09")
        assert json.loads(unmapped) == {"Invoice Payment Date": "July 2010-September 2010"}
    assert con.execute("select period, rows_quarantined from raw.load_log").fetchone() == ("2010-09", 0)


def test_an_undated_period_that_is_not_a_month_is_refused(data_file_in) -> None:
    with pytest.raises(DataFileError, match=r"undated_period '2013-13' is not a month"):
        _payments(data_file_in, "x.csv", _csv([]), undated_period="2013-13")


# 4. duplicate_of: the same bytes listed under another name are checked, never landed.


def _manifest(tmp_path: Path, files: list[dict]) -> Path:
    document = {
        "attributions": {"ogl": "OGL"},
        "datasets": [
            {
                "name": "t",
                "publisher": "t",
                "url": "https://t",
                "licence": "OGL-UK-3.0",
                "attribution": "ogl",
                "file_defaults": {"table": "payments", "layout": "payments", "publisher_code": "MAN"},
                "files": files,
            }
        ],
    }
    path = tmp_path / "manifest.yml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def _pack_with_copy(tmp_path: Path) -> tuple[Path, str]:
    data_dir = tmp_path / "pack"
    (data_dir / "copy").mkdir(parents=True)
    content = _csv(_dated({3: 3}))
    (data_dir / "a.csv").write_bytes(content)
    (data_dir / "copy" / "b.csv").write_bytes(content)
    return data_dir, sha256_of(data_dir / "a.csv")


def test_a_copy_listed_as_duplicate_of_its_original_is_not_landed(con, tmp_path: Path) -> None:
    data_dir, sha256 = _pack_with_copy(tmp_path)
    manifest = Manifest.load(
        _manifest(
            tmp_path,
            [
                {"path": "a.csv", "sha256": sha256},
                {"path": "copy/b.csv", "sha256": sha256, "duplicate_of": "a.csv"},
            ],
        )
    )
    assert [(f.path, f.duplicate_of) for f in manifest.files] == [("a.csv", None), ("copy/b.csv", "a.csv")]
    results = {r.source_file: r for rs in land_files(con, manifest.files, data_dir) for r in rs}
    assert (results["copy/b.csv"].status, results["copy/b.csv"].rows_read) == ("duplicate of a.csv", 0)
    assert (results["a.csv"].status, results["a.csv"].rows_landed) == ("landed", 3)
    assert con.execute("select _source_file, count(*) from raw.payments group by all").fetchall() == [("a.csv", 3)]
    assert con.execute("select source_file from raw.load_log").fetchall() == [("a.csv",)]
    assert con.execute("select count(*) from raw.quarantine").fetchone() == (0,)


def test_a_file_landed_before_it_was_named_a_copy_leaves_the_raw_table(con, tmp_path: Path) -> None:
    # The copy alone first (a file of its own, March 2019's 3 payments), then the manifest says
    # it is the same bytes as a.csv: a.csv lands and the copy's rows go, so nothing counts twice.
    data_dir, sha256 = _pack_with_copy(tmp_path)
    alone = Manifest.load(_manifest(tmp_path, [{"path": "copy/b.csv", "sha256": sha256}]))
    list(land_files(con, alone.files, data_dir))
    assert con.execute("select _source_file, count(*) from raw.payments group by all").fetchall() == [("copy/b.csv", 3)]
    entries = [{"path": "a.csv", "sha256": sha256}, {"path": "copy/b.csv", "sha256": sha256, "duplicate_of": "a.csv"}]
    results = [r for rs in land_files(con, Manifest.load(_manifest(tmp_path, entries)).files, data_dir) for r in rs]
    assert [(r.source_file, r.status) for r in results if r.source_file == "copy/b.csv"] == [
        ("copy/b.csv", "unlanded"),
        ("copy/b.csv", "duplicate of a.csv"),
    ]
    assert con.execute("select _source_file, count(*) from raw.payments group by all").fetchall() == [("a.csv", 3)]


def test_a_duplicate_copy_that_is_missing_or_altered_stops_the_landing(con, tmp_path: Path) -> None:
    data_dir, sha256 = _pack_with_copy(tmp_path)
    entries = [{"path": "a.csv", "sha256": sha256}, {"path": "copy/b.csv", "sha256": sha256, "duplicate_of": "a.csv"}]
    manifest = Manifest.load(_manifest(tmp_path, entries))
    (data_dir / "copy" / "b.csv").write_bytes(b"edited")
    with pytest.raises(DataFileError, match=r"copy/b.csv: altered"):
        list(land_files(con, manifest.files, data_dir))
    (data_dir / "copy" / "b.csv").unlink()
    with pytest.raises(DataFileError, match=r"copy/b.csv: missing"):
        list(land_files(con, manifest.files, data_dir))


@pytest.mark.parametrize(
    ("copy_entry", "problem"),
    [
        ({"sha256": "0" * 64, "duplicate_of": "a.csv"}, "duplicate_of a.csv but their sha256 differ"),
        ({"duplicate_of": "nowhere.csv"}, "duplicate_of 'nowhere.csv' is not a listed file that lands"),
        ({"duplicate_of": "copy/b.csv"}, "duplicate_of 'copy/b.csv' is not a listed file that lands"),
    ],
)
def test_a_duplicate_that_is_not_a_copy_of_a_landing_file_is_refused(
    tmp_path: Path, copy_entry: dict, problem: str
) -> None:
    _, sha256 = _pack_with_copy(tmp_path)
    entries = [{"path": "a.csv", "sha256": sha256}, {"path": "copy/b.csv", "sha256": sha256, **copy_entry}]
    with pytest.raises(DataFileError) as raised:
        Manifest.load(_manifest(tmp_path, entries))
    message = str(raised.value)
    assert "copy/b.csv" in message and problem in message and "\n" not in message


# 5. encoding: a single-byte code page other than Windows-1252.


@pytest.mark.parametrize(
    ("encoding", "supplier", "logged"),
    [
        ("cp850", "\u00a3 Savers Ltd", "cp850"),  # byte 9C is the pound sign in code page 850
        (None, "\u0153 Savers Ltd", "cp1252"),  # ... and the ligature oe in Windows-1252
    ],
)
def test_a_file_in_code_page_850_reads_its_pound_signs(
    con, data_file_in, encoding: str | None, supplier: str, logged: str
) -> None:
    content = _csv([_row("01/03/2019", "E1", supplier="@ Savers Ltd")]).replace(b"@", b"\x9c")
    assert b"\x9c Savers Ltd" in content
    data_file = _payments(data_file_in, "cp.csv", content, encoding=encoding)
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert result.rows_landed == 1
    assert con.execute("select supplier_name from raw.payments").fetchone() == (supplier,)
    assert con.execute("select encoding from raw.load_log").fetchone() == (logged,)


def test_an_encoding_that_is_not_a_single_byte_code_page_is_refused(data_file_in) -> None:
    with pytest.raises(DataFileError, match=r"encoding 'utf-16' is not one of cp1252, cp850"):
        _payments(data_file_in, "x.csv", _csv([]), encoding="utf-16")


# 6. Dates: a month alone, and a spreadsheet's serial day number.


def _parse(text: str) -> dt.date | None:
    sql = render("parse_uk_date.sql", "parse_uk_date", "x")
    with duckdb.connect() as db:
        return db.execute(f"select {sql} from (select ? as x)", [text]).fetchone()[0]


def test_a_spreadsheet_serial_number_is_its_day() -> None:
    # Day 0 is 30 December 1899 (so 1 January 1900 is day 2); 42032 days on is 28 January 2015.
    assert dt.date(1899, 12, 30) + dt.timedelta(days=42032) == dt.date(2015, 1, 28)
    sql = render("parse_uk_date.sql", "parse_uk_date", "'42032.00'")
    with duckdb.connect() as db:
        literal = db.execute(f"select {sql}").fetchone()[0]
    assert literal == dt.date(2015, 1, 28)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("42032.00", dt.date(2015, 1, 28)),
        ("42032", dt.date(2015, 1, 28)),
        (" 42032.75 ", dt.date(2015, 1, 28)),  # a time of day is not a day more
        ("43466", dt.date(2019, 1, 1)),  # 2019-01-01 less 1899-12-30: 43,466 days
        ("2015-11", dt.date(2015, 11, 1)),  # a month alone: its first day
        ("2015-1", dt.date(2015, 1, 1)),
        ("2015-13", None),  # no such month
        ("4203", None),  # four digits: not a serial number
        ("420320", None),  # six digits: not one either
        ("42032.", None),
    ],
)
def test_month_only_and_serial_dates_are_read_exactly(text: str, date: dt.date | None) -> None:
    assert _parse(text) == date


def test_a_file_dated_by_serial_numbers_and_months_lands_in_their_month(con, data_file_in) -> None:
    # 42032 is 28 January 2015, 42035 is 31 January, 42036 is 1 February.
    rows = [
        _row("42032.00", "S1"),
        _row("42035", "S2"),
        _row("2015-01", "S3"),
        _row("42036.00", "S4"),
    ]
    [result] = land_file(con, _payments(data_file_in, "serial.csv", _csv(rows)), data_file_in.data_dir)
    assert (result.rows_landed, result.rows_quarantined) == (4, 0)
    # 3 January payments and 1 February one (a quarter of 4): February is the latest that qualifies.
    assert con.execute("select distinct period from raw.payments").fetchall() == [("2015-02",)]
    assert con.execute("select payment_date from raw.payments order by transaction_id").fetchall() == [
        ("42032.00",),
        ("42035",),
        ("2015-01",),
        ("42036.00",),
    ]


# 7. A header that ends in a column without a name (a trailing comma).


def test_a_header_ending_in_a_comma_lands_rows_with_and_without_the_last_value(con, data_file_in) -> None:
    lines = [
        ",".join([*HEADER, ""]),  # 8 columns, the last unnamed
        ",".join(_row("01/03/2019", "P1", "100.00")),  # 7 values: no trailing comma
        ",".join(_row("02/03/2019", "P2", "200.00")) + ",",  # 8 values, the last empty
        ",".join(_row("03/03/2019", "P3", "300.00")),
        ",".join(_row("04/03/2019", "P4", "400.00")) + ",x,y",  # 9 values: two more than the named 7
        ",".join(_row("05/03/2019", "P5", "500.00")) + ",",
        ",".join(_row("06/03/2019", "P6", "600.00")) + ",,x,y",  # 10 values: two more than the header's 8
    ]
    content = ("\n".join(lines) + "\n").encode()
    [result] = land_file(con, _payments(data_file_in, "trail.csv", content), data_file_in.data_dir)
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (6, 4, 2)
    assert result.rows_read == result.rows_landed + result.rows_quarantined
    assert con.execute(
        "select _row_number, transaction_id, amount, supplier_name, unmapped_columns from raw.payments order by 1"
    ).fetchall() == [
        (2, "P1", "100.00", "ACME Ltd", None),
        (3, "P2", "200.00", "ACME Ltd", None),
        (4, "P3", "300.00", "ACME Ltd", None),
        (6, "P5", "500.00", "ACME Ltd", None),
    ]
    assert con.execute("select row_number, reason from raw.quarantine order by 1").fetchall() == [
        (5, "9 values where the header has 8 columns"),
        (7, "10 values where the header has 8 columns"),
    ]


def test_a_header_ending_in_a_comma_still_quarantines_a_row_short_of_its_named_columns(con, data_file_in) -> None:
    # The unnamed 8th column is optional; the named 7th is not: 6 values are a row cut short,
    # and a value under the unnamed column is kept under its place ("column 8").
    lines = [
        ",".join([*HEADER, ""]),
        ",".join(_row("01/03/2019", "P1")[:6]),  # 6 values: no supplier name
        ",".join(_row("02/03/2019", "P2")) + ",x",  # 8 values, the last one under no name
    ]
    content = ("\n".join(lines) + "\n").encode()
    [result] = land_file(con, _payments(data_file_in, "short.csv", content), data_file_in.data_dir)
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (2, 1, 1)
    assert con.execute("select row_number, reason from raw.quarantine").fetchall() == [
        (2, "6 values where the header names 7 columns")
    ]
    [(unmapped,)] = con.execute("select unmapped_columns from raw.payments").fetchall()
    assert json.loads(unmapped) == {"column 8": "x"}


def test_without_a_trailing_comma_in_the_header_a_short_row_is_quarantined(con, data_file_in) -> None:
    # The control: a header of 7 named columns; a row of 6 values is a row cut short.
    lines = [",".join(HEADER), ",".join(_row("01/03/2019", "P1")), ",".join(_row("02/03/2019", "P2")[:6])]
    content = ("\n".join(lines) + "\n").encode()
    [result] = land_file(con, _payments(data_file_in, "cut.csv", content), data_file_in.data_dir)
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (2, 1, 1)
    assert con.execute("select row_number, reason from raw.quarantine").fetchall() == [
        (3, "6 values where the header has 7 columns")
    ]


# 8. blank_supplier_name: redacted (Wakefield leaves a redacted payee's name blank).


@pytest.mark.parametrize(("publisher", "body"), [("WKF", WAKEFIELD), ("MAN", MANCHESTER)])
def test_a_blank_supplier_name_lands_only_for_a_publisher_that_redacts_so(
    con, data_file_in, publisher: str, body: str
) -> None:
    rows = [
        _row("01/03/2019", "B1", "100.00", "ACME Ltd", body),
        _row("02/03/2019", "B2", "200.00", "", body),
        _row("03/03/2019", "B3", "300.00", "  ", body),  # spaces only: blank too
        _row("04/03/2019", "B4", "", "", body),  # no amount: quarantined for that whoever publishes
    ]
    data_file = _payments(data_file_in, "blank.csv", _csv(rows), publisher=publisher)
    [result] = land_file(con, data_file, data_file_in.data_dir)
    landed = con.execute("select transaction_id, supplier_name from raw.payments order by 1").fetchall()
    quarantined = con.execute("select row_number, reason from raw.quarantine order by 1").fetchall()
    if publisher == "WKF":
        assert (result.rows_landed, result.rows_quarantined) == (3, 1)
        assert landed == [("B1", "ACME Ltd"), ("B2", ""), ("B3", "  ")]
        assert quarantined == [(5, "missing amount")]
    else:
        assert (result.rows_landed, result.rows_quarantined) == (1, 3)
        assert landed == [("B1", "ACME Ltd")]
        assert quarantined == [(3, "missing supplier name"), (4, "missing supplier name"), (5, "missing amount")]
