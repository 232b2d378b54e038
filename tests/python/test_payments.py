"""Council payment files: roles from headers, any publisher's layout, bad rows quarantined.

Broken inputs are made from the real Manchester file of the pack (3,755 payments, March 2019).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import duckdb
import pytest

from total_place.landing import land_file, land_files, unland
from total_place.manifest import DataFileError, publication_order
from total_place.sql_macros import render

MANCHESTER = "spend-over-500/manchester_clean_2019-03.csv"  # 3,756 lines: header + 3,755 payments
LEEDS = "spend-over-500/leeds_raw_2020-06.csv"


def _rows(pack_dir: Path, path: str = MANCHESTER) -> list[list[str]]:
    with (pack_dir / path).open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def _payments(data_file_in, name: str, content: bytes, publisher: str = "MAN"):
    return data_file_in(name, content, table="payments", layout="payments", publisher_code=publisher)


def _landed(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select payment_date, amount, supplier_name, service_area, expense_type, transaction_id "
        "from raw.payments order by transaction_id"
    ).fetchall()


def test_the_real_leeds_file_maps_every_role(con, data_file_in, pack_dir: Path) -> None:
    data_file = _payments(data_file_in, "leeds.csv", (pack_dir / LEEDS).read_bytes(), publisher="LDS")
    [result] = land_file(con, data_file, data_file_in.data_dir)
    # 16,178 lines: the header, 16,176 payments and one blank trailing row.
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (16_177, 16_176, 1)
    first = con.execute(
        "select organisation_name, payment_date, amount, vat_amount, supplier_name, service_area, "
        "service_division, expense_type, expense_detail, expense_code, capital_or_revenue, transaction_id, "
        "unmapped_columns, period from raw.payments where _row_number = 2"
    ).fetchone()
    assert first[:12] == (
        "Leeds City Council", "24/06/2020", "5400.00", "0.00", "A & V TRANSITIONAL HOMES",
        "Adults and Health", "Services For Older People Under 65 P/Dis", "Third Party Payments",
        "Sheltered Accommodation", "569", "R", "2006-00001",
    )  # fmt: skip
    assert json.loads(first[12]) == {
        "Organisation Code": "Http://opendatacommunities.org/id/metropolitan-district-council/leeds",
        "Effective Date": "30/06/2020",
        "Procurement Card": "No",
    }
    assert first[13] == "2020-06"


def test_shuffled_columns_land_the_same_payments(con, data_file_in, pack_dir: Path, tmp_path: Path) -> None:
    rows = _rows(pack_dir)
    order = [6, 3, 0, 5, 2, 4, 1]
    shuffled = [[row[i] for i in order] for row in rows]
    land_file(con, _payments(data_file_in, "a.csv", _csv_bytes(rows)), data_file_in.data_dir)
    published_order = _landed(con)
    with duckdb.connect(str(tmp_path / "other.duckdb")) as other:
        land_file(other, _payments(data_file_in, "b.csv", _csv_bytes(shuffled)), data_file_in.data_dir)
        assert _landed(other) == published_order
    assert len(published_order) == 3_755


def test_bad_values_are_quarantined_and_every_good_row_lands_once(con, data_file_in, pack_dir: Path) -> None:
    header, *payments = _rows(pack_dir)
    broken = [list(row) for row in payments]
    broken[0][5] = "TBC"  # amount not a number
    broken[1][3] = "31/02/2019"  # no such date
    broken[2][6] = ""  # no supplier
    broken[3][3] = ""  # no date
    rows = [header, *broken[:100], header, *broken[100:-1]]  # a header repeated mid-file
    # The file ends mid-row: the last payment's line stops after its fourth value.
    truncated = _csv_bytes(rows) + _csv_bytes([broken[-1][:4]]).rstrip(b"\n")
    data_file = _payments(data_file_in, "broken.csv", truncated)
    [result] = land_file(con, data_file, data_file_in.data_dir)
    reasons = [r[0] for r in con.execute("select reason from raw.quarantine order by row_number").fetchall()]
    assert reasons == [
        "amount 'TBC' is not a number",
        "payment date '31/02/2019' is not a date",
        "missing supplier name",
        "missing payment date",
        "repeated header row",
        "4 values where the header has 7 columns",
    ]
    assert (result.rows_read, result.rows_quarantined) == (3_756, 6)
    # Transaction numbers of the untouched rows (a transaction can have several lines).
    good = [row[4] for row in payments[4:-1]]
    landed = [row[0] for row in con.execute("select transaction_id from raw.payments").fetchall()]
    assert sorted(landed) == sorted(good) and len(landed) == result.rows_landed == 3_750


def test_windows_1252_pound_signs_and_brackets_are_amounts(con, data_file_in) -> None:
    content = (
        "Date Paid,Supplier Name,Net Amount\n01/03/2019,A Ltd,\u00a31,250.00\n02/03/2019,B Ltd,(48.50)\n"
    ).replace("\u00a31,250.00", '"\u00a31,250.00"')
    data_file = _payments(data_file_in, "cp1252.csv", content.encode("cp1252"), publisher="newtown")
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert result.rows_landed == 2
    assert con.execute("select amount from raw.payments order by _row_number").fetchall() == [
        ("\u00a31,250.00",),
        ("(48.50)",),
    ]


def test_a_council_with_no_mapping_and_common_headers_lands(con, data_file_in) -> None:
    content = (
        "Body Name,Date,Supplier,Amount,Directorate,Expense Type,Invoice Number,Cost Centre\n"
        "Newtown Council,2021-04-07,ACME Roofing Ltd,1200.50,Housing,Repairs,INV-1,H100\n"
        "Newtown Council,2021-04-09,Redacted personal data,650.00,Children's Services,Fostering,INV-2,C200\n"
    )
    data_file = _payments(data_file_in, "newtown.csv", content.encode(), publisher="newtown")
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert result.rows_landed == 2
    assert con.execute(
        "select publisher_code, period, payment_date, amount, supplier_name, service_area, expense_type, "
        "transaction_id, service_division from raw.payments order by _row_number"
    ).fetchall() == [
        ("newtown", "2021-04", "2021-04-07", "1200.50", "ACME Roofing Ltd", "Housing", "Repairs", "INV-1", "H100"),
        ("newtown", "2021-04", "2021-04-09", "650.00", "Redacted personal data", "Children's Services",
         "Fostering", "INV-2", "C200"),
    ]  # fmt: skip


def test_an_unknown_layout_is_refused_in_one_line(con, data_file_in) -> None:
    content = b"When,Who,How much\n01/01/2020,A Ltd,10\n"
    data_file = _payments(data_file_in, "odd.csv", content, publisher="oddtown")
    with pytest.raises(DataFileError) as raised:
        land_file(con, data_file, data_file_in.data_dir)
    message = str(raised.value)
    assert "odd.csv: unknown payments layout, no column for payment_date, amount, supplier_name" in message
    assert "payment_layouts.yml" in message and "\n" not in message
    assert con.execute("select count(*) from raw.load_log").fetchone() == (0,)


def test_a_corrected_file_for_the_same_council_and_month_replaces_it(con, data_file_in, pack_dir: Path) -> None:
    header, *payments = _rows(pack_dir)
    first = _payments(data_file_in, "manchester_2019-03_v1.csv", _csv_bytes([header, *payments]))
    land_file(con, first, data_file_in.data_dir)
    corrected = _payments(data_file_in, "manchester_2019-03_v2.csv", _csv_bytes([header, *payments[:-10]]))
    [result] = land_file(con, corrected, data_file_in.data_dir)
    assert result.status == "replaced"
    assert con.execute("select count(*), count(distinct _source_file) from raw.payments").fetchone() == (3_745, 1)
    replaced = con.execute(
        "select publisher_code, period, replaced_files from raw.load_log where source_file like '%v2.csv'"
    ).fetchone()
    assert replaced == ("MAN", "2019-03", f"manchester_2019-03_v1.csv ({first.sha256})")


def _read(macro_file: str, macro: str, text: str, *args: str) -> object:
    """What a staging macro makes of one text, evaluated by DuckDB."""
    with duckdb.connect() as db:
        return db.execute(f"select {render(macro_file, macro, 'x', *args)} from (select ? as x)", [text]).fetchone()[0]


@pytest.mark.parametrize(
    ("text", "century", "date"),
    [
        ("24/06/2020", "null", "2020-06-24"),
        ("2019-03-01", "null", "2019-03-01"),
        ("1-Mar-2019", "null", "2019-03-01"),
        ("31/02/2019", "null", None),  # no such day
        ("1/6/19", "null", None),  # a two-digit year is never guessed (it was once read as year 19)
        ("1/6/19", "20", "2019-06-01"),  # ... only by the layout's rule
        ("1-Mar-19", "20", "2019-03-01"),
        ("01/06/0019", "null", "0019-06-01"),  # four digits are four digits
        ("24/06/2020 10:15", "null", "2020-06-24"),
    ],
)
def test_uk_dates_are_read_exactly(text: str, century: str, date: str | None) -> None:
    parsed = _read("parse_uk_date.sql", "parse_uk_date", text, century)
    assert (parsed.isoformat() if parsed else None) == date


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("24/06/2020", None),
        ("", None),
        ("01/06/0019", "is outside 1990 to 2099"),  # read as written, then refused: no payment of AD 19
        ("1/6/19", "has a two-digit year"),
        ("31/02/2019", "is not a date"),
    ],
)
def test_a_date_lands_only_when_read_exactly_in_a_plausible_year(text: str, problem: str | None) -> None:
    reason = _read("parse_uk_date.sql", "uk_date_problem", text, "payment date")
    assert (reason is None) if problem is None else (problem in reason and text in reason)


@pytest.mark.parametrize(
    ("text", "pounds", "problem"),
    [
        ("1,234.56", "1234.56", None),
        ("-48.50", "-48.50", None),
        ("(48.50)", "-48.50", None),
        ("\u00a3500", "500.00", None),
        ("\u00a3 (1,000.00)", "-1000.00", None),
        ("1.500", "1.50", None),  # trailing zeros are exact
        ("(-12.00)", None, "is not a number"),  # a bracket and a minus: no sign is guessed
        ("1,2,3,,", None, "is not a number"),  # commas that are not thousands
        ("1,234.567", None, "more than 2 decimal places"),
        ("12345678901234567890.00", None, "out of range"),  # 20 digits: beyond decimal(18, 2)
        ("TBC", None, "is not a number"),
    ],
)
def test_amounts_are_read_exactly_or_not_at_all(text: str, pounds: str | None, problem: str | None) -> None:
    parsed = _read("parse_amount.sql", "parse_amount", text)
    assert (None if parsed is None else str(parsed)) == pounds
    reason = _read("parse_amount.sql", "amount_problem", text, "amount")
    assert (reason is None) if problem is None else (problem in reason and text in reason)


def test_hostile_values_are_quarantined_with_their_reason(con, data_file_in) -> None:
    rows = [
        ["Date Paid", "Supplier Name", "Net Amount", "Notes", "Notes"],
        ["01/03/2019", "A Ltd", "(-12.00)", "x", "y"],
        ["02/03/2019", "B Ltd", "1,2,3,,", "", ""],
        ["03/03/2019", "C Ltd", "1,234.567", "", ""],
        ["04/03/2019", "D Ltd", "12345678901234567890.00", "", ""],
        ["1/3/19", "E Ltd", "10.00", "", ""],
        ["05/03/2019", "F Ltd", "1,234.50", "first", "second"],
    ]
    data_file = _payments(data_file_in, "hostile.csv", _csv_bytes(rows), publisher="newtown")
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (6, 1, 5)
    reasons = con.execute("select row_number, reason from raw.quarantine order by row_number").fetchall()
    assert [n for n, _ in reasons] == [2, 3, 4, 5, 6]
    assert "'(-12.00)' is not a number" in reasons[0][1] and "'1,2,3,,' is not a number" in reasons[1][1]
    assert "more than 2 decimal places" in reasons[2][1] and "out of range" in reasons[3][1]
    assert "two-digit year" in reasons[4][1]
    amount, unmapped = con.execute("select amount, unmapped_columns from raw.payments").fetchone()
    # Both "Notes" columns keep their value.
    assert amount == "1,234.50" and json.loads(unmapped) == {"Notes": "first", "Notes (2)": "second"}


def _log_of(con: duckdb.DuckDBPyConnection, path: str) -> tuple:
    return con.execute(
        "select status, rows_landed, period from raw.load_log where source_file = ? order by loaded_at desc limit 1",
        [path],
    ).fetchone()


def test_a_correction_with_far_fewer_payments_is_held_unless_allowed(con, data_file_in, pack_dir: Path) -> None:
    header, *payments = _rows(pack_dir)
    real = _payments(data_file_in, "manchester_2019-03.csv", _csv_bytes([header, *payments]))
    land_file(con, real, data_file_in.data_dir)
    # A "corrected" file: 49 rows, 47 of them with dates that are not dates (2 would land).
    broken = [list(row) for row in payments[:49]]
    for row in broken[2:]:
        row[3] = "99/99/2019"
    corrected = _payments(data_file_in, "manchester_2019-03_corrected.csv", _csv_bytes([header, *broken]))
    with pytest.raises(DataFileError) as raised:
        land_file(con, corrected, data_file_in.data_dir)
    message = str(raised.value)
    assert "manchester_2019-03_corrected.csv: held" in message and "3,755 rows with 2" in message
    assert "--allow-shrink" in message and "\n" not in message
    # Nothing of it landed; the real month is whole, and landing the real file again changes nothing.
    assert con.execute("select count(*) from raw.payments").fetchone() == (3_755,)
    assert con.execute("select count(*) from raw.load_log").fetchone() == (1,)
    [again] = land_file(con, real, data_file_in.data_dir)
    assert again.status == "unchanged"
    [allowed] = land_file(con, corrected, data_file_in.data_dir, allow_shrink=True)
    assert (allowed.status, allowed.rows_landed) == ("replaced", 2)
    assert con.execute("select count(*) from raw.payments").fetchone() == (2,)


def test_a_reissue_whose_few_rows_fall_in_another_month_is_held(con, data_file_in, pack_dir: Path) -> None:
    header, *payments = _rows(pack_dir)
    land_file(con, _payments(data_file_in, "manchester.csv", _csv_bytes([header, *payments])), data_file_in.data_dir)
    # The same file re-issued: 49 rows, 2 dated April, 47 not dates. Its month is April, where
    # nothing is landed, but it would still wipe its own March.
    broken = [list(row) for row in payments[:49]]
    for row in broken[:2]:
        row[3] = "15/04/2019"
    for row in broken[2:]:
        row[3] = "99/99/2019"
    reissued = _payments(data_file_in, "manchester.csv", _csv_bytes([header, *broken]))
    with pytest.raises(DataFileError, match=r"manchester\.csv: held.*its earlier version.*3,755 rows with 2"):
        land_file(con, reissued, data_file_in.data_dir)
    assert con.execute("select count(*) from raw.payments").fetchone() == (3_755,)


def test_the_newest_publication_of_a_month_wins_whatever_the_order(con, data_file_in, pack_dir: Path) -> None:
    header, *payments = _rows(pack_dir)
    older = _payments(data_file_in, "v1.csv", _csv_bytes([header, *payments]))
    newer = _payments(data_file_in, "v2.csv", _csv_bytes([header, *payments[:-10]]))
    older = dataclasses.replace(older, published="2019-04-10")
    newer = dataclasses.replace(newer, published="2019-05-02")
    land_file(con, newer, data_file_in.data_dir)
    [result] = land_file(con, older, data_file_in.data_dir)  # landed second, but published first
    assert result.status == "superseded by v2.csv (published 2019-05-02)"
    assert con.execute("select count(*), min(_source_file) from raw.payments").fetchone() == (3_745, "v2.csv")


def test_versions_are_ordered_by_number_not_as_text(con, data_file_in, pack_dir: Path) -> None:
    header, *payments = _rows(pack_dir)
    v10 = dataclasses.replace(
        _payments(data_file_in, "v10.csv", _csv_bytes([header, *payments[:-10]])), published="v10"
    )
    v9 = dataclasses.replace(_payments(data_file_in, "v9.csv", _csv_bytes([header, *payments])), published="v9")
    land_file(con, v10, data_file_in.data_dir)
    [result] = land_file(con, v9, data_file_in.data_dir)  # as text, "v9" sorts after "v10"
    assert result.status == "superseded by v10.csv (published v10)"
    dated = dataclasses.replace(
        _payments(data_file_in, "d.csv", _csv_bytes([header, *payments])), published="2019-05-02"
    )
    with pytest.raises(DataFileError, match=r"d\.csv: published '2019-05-02' and v10\.csv.*cannot be ordered"):
        land_file(con, dated, data_file_in.data_dir)


@pytest.mark.parametrize(
    ("published", "order"),
    [("2019-05-02", ("date", (2019, 5, 2))), ("v10", ("version", (10,))), ("1.10", ("version", (1, 10)))],
)
def test_publication_order(published: str, order: tuple) -> None:
    assert publication_order(published, "e") == order


@pytest.mark.parametrize("published", ["2019-02-30", "May 2019", "v1..2", "latest", ""])
def test_a_publication_that_is_neither_a_date_nor_a_version_is_refused(published: str) -> None:
    with pytest.raises(DataFileError, match=r"^e: published .* is neither a date"):
        publication_order(published, "e")


def test_a_file_whose_month_another_holds_is_reported_superseded_until_that_one_is_unlanded(
    con, data_file_in, pack_dir: Path
) -> None:
    header, *payments = _rows(pack_dir)
    first = _payments(data_file_in, "march_v1.csv", _csv_bytes([header, *payments]))
    second = _payments(data_file_in, "march_v2.csv", _csv_bytes([header, *payments[:-10]]))
    land_file(con, first, data_file_in.data_dir)
    land_file(con, second, data_file_in.data_dir)
    # landing both again: the first is neither "unchanged" (its rows are gone) nor landed again
    results = [result for data_file in (first, second) for result in land_file(con, data_file, data_file_in.data_dir)]
    assert [r.status for r in results] == ["superseded by march_v2.csv", "unchanged"]
    assert _log_of(con, "march_v1.csv") == ("superseded by march_v2.csv", 0, "2019-03")
    unland(con, second)
    [back] = land_file(con, first, data_file_in.data_dir)
    assert (back.status, back.rows_landed) == ("landed", 3_755)
    assert con.execute("select count(*), min(_source_file) from raw.payments").fetchone() == (3_755, "march_v1.csv")


def test_unland_removes_a_files_rows_and_the_next_landing_brings_them_back(con, data_file_in, pack_dir: Path) -> None:
    header, *payments = _rows(pack_dir)
    data_file = _payments(data_file_in, "m.csv", _csv_bytes([header, *payments[:100]]))
    land_file(con, data_file, data_file_in.data_dir)
    [result] = unland(con, data_file)
    assert result.status == "unlanded"
    assert con.execute("select count(*) from raw.payments").fetchone() == (0,)
    assert _log_of(con, "m.csv") == ("unlanded", 0, None)
    [again] = land_file(con, data_file, data_file_in.data_dir)
    assert (again.status, again.rows_landed) == ("landed", 100)


def test_a_file_moved_to_another_table_leaves_the_one_it_was_landed_in(con, data_file_in) -> None:
    content = b"area_code,value\nE1,1\nE2,2\n"
    first = data_file_in("a.csv", content, key_columns=["area_code"])
    land_file(con, first, data_file_in.data_dir)
    moved = dataclasses.replace(first, table="test__other")
    results = land_file(con, moved, data_file_in.data_dir)
    assert [(r.raw_table, r.status) for r in results] == [("test__table", "unlanded"), ("test__other", "landed")]
    assert con.execute("select count(*) from raw.test__table").fetchone() == (0,)  # not counted twice
    assert con.execute("select count(*) from raw.test__other").fetchone() == (2,)


def test_a_changed_manifest_entry_lands_the_file_again(con, data_file_in) -> None:
    content = b"area_code,value\nE1,1\nE2,n/a\n"
    first = data_file_in("a.csv", content, key_columns=["area_code"])
    land_file(con, first, data_file_in.data_dir)
    assert con.execute("select count(*) from raw.test__table").fetchone() == (2,)
    stricter = dataclasses.replace(first, numeric_columns=["value"])  # same bytes, a new reading rule
    [result] = land_file(con, stricter, data_file_in.data_dir)
    assert result.status == "replaced" and result.rows_quarantined == 1
    assert con.execute("select count(*) from raw.test__table").fetchone() == (1,)


def test_files_landed_together_match_each_landed_alone(con, data_file_in, tmp_path: Path) -> None:
    """The run path (files of a shape read, checked and inserted together, lineage looked up by a
    file's place in the read) lands what landing each file on its own lands: every raw row with
    its row number and lineage, every quarantined row, every log entry."""
    first = "Body Name,Date,Supplier,Amount,Directorate,Expense Type,Invoice Number\n"
    second = "Payment Date,Net Amount,Supplier Name,Service Area,Expense Type,Transaction Number\n"
    files = [
        # bbb's April, then another bbb April file: it waits for the first and supersedes it
        # (more rows, so it is not held), leaving a gap among the places of its shape's read.
        ("b.csv", first + "Bee,2021-04-02,ACME Ltd,500.00,Housing,Repairs,B1\n", "bbb"),
        ("e.csv", first + "".join(f"Bee,2021-04-0{d},ACME Ltd,60{d}.00,Housing,Repairs,E{d}\n" for d in (3, 4)), "bbb"),
        # Rows the reader rejects (four values), a blank line and an amount that is not one:
        # row numbers from several segments.
        (
            "a.csv",
            first + "Aye,2021-04-05,Roof Co,700.00,Highways,Works,A1\n\nAye,2021-04-06,Roof Co,1,2,3\n"
            "Aye,2021-04-07,Roof Co,12.5.0,Highways,Works,A3\nAye,2021-04-08,Roof Co,800.00,Highways,Works,A4\n",
            "aaa",
        ),
        (
            "c.csv",
            second + "07/05/2021,900.00,Sea Ltd,Parks,Trees,C1\n08/05/2021,(15.00),Sea Ltd,Parks,Trees,C2\n",
            "aaa",
        ),
        ("d.csv", second + "09/04/2021,1000.00,Dee Ltd,Parks,Trees,D1\n", "ccc"),
    ]
    data_files = [
        _payments(data_file_in, name, content.encode(), publisher=publisher) for name, content, publisher in files
    ]
    together = [result for results in land_files(con, data_files, data_file_in.data_dir) for result in results]
    alone_db = duckdb.connect(str(tmp_path / "alone.duckdb"))
    alone = [result for data_file in data_files for result in land_file(alone_db, data_file, data_file_in.data_dir)]

    def state(connection: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
        return {
            table: connection.execute(f"select * exclude ({stamp}) from raw.{table} order by all").fetchall()
            for table, stamp in (("payments", "_loaded_at"), ("quarantine", "loaded_at"), ("load_log", "loaded_at"))
        }

    def counts(results: list) -> list[tuple]:
        return sorted((r.source_file, r.status, r.rows_read, r.rows_landed, r.rows_quarantined) for r in results)

    assert counts(together) == counts(alone)
    landed_together = state(con)
    assert landed_together == state(alone_db)
    # Worked out by hand: b's row gives way to e's two; a lands rows 2 and 6 and quarantines 3
    # (blank), 4 (four values) and 5 (an amount that is not one); c and d land whole.
    assert sorted((row[0], row[-3], row[-1]) for row in landed_together["payments"]) == [
        ("aaa", "a.csv", 2),
        ("aaa", "a.csv", 6),
        ("aaa", "c.csv", 2),
        ("aaa", "c.csv", 3),
        ("bbb", "e.csv", 2),
        ("bbb", "e.csv", 3),
        ("ccc", "d.csv", 2),
    ]
    assert [(row[0], row[4]) for row in landed_together["quarantine"]] == [("a.csv", 3), ("a.csv", 4), ("a.csv", 5)]
    alone_db.close()
