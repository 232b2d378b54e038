"""Hostile values and bytes in CSV files: every row is landed exactly or quarantined with its reason,
rows read = landed + quarantined, and nothing raises a traceback.

Each generated row knows what should become of it, worked out here in Python from how it was
made (the amount in pence, the date), never from the landing's own output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from total_place.landing import land_file
from total_place.manifest import DataFile, sha256_of
from total_place.sql_macros import render

HEADER = ["Date Paid", "Supplier Name", "Net Amount"]
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _data_file(data_dir: Path, name: str, content: bytes, **entry: object) -> DataFile:
    path = data_dir / name
    path.write_bytes(content)
    entry = {"table": "payments", "layout": "payments", "publisher_code": "newtown", **entry}
    return DataFile(
        path=name, sha256=sha256_of(path), dataset="test", publisher="test", url="file://test", licence="OGL", **entry
    )


def _land(content: bytes, name: str = "hostile.csv", **entry: object) -> tuple[duckdb.DuckDBPyConnection, object]:
    with tempfile.TemporaryDirectory() as scratch:
        con = duckdb.connect()
        [result] = land_file(con, _data_file(Path(scratch), name, content, **entry), Path(scratch))
        return con, result


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _money(pence: int, style: str) -> str:
    pounds = f"{abs(pence) // 100:,}" if "," in style else str(abs(pence) // 100)
    text = f"{pounds}.{abs(pence) % 100:02d}"
    text = f"£{text}" if "£" in style else text
    if pence < 0:
        text = f"({text})" if "(" in style else f"-{text}"
    return text


good_amounts = st.builds(
    lambda pence, style: (_money(pence, style), Decimal(pence) / 100),
    st.integers(min_value=-(10**17) + 1, max_value=10**17 - 1),  # up to 16 digits of pounds
    st.sampled_from(["", ",", "(", "£", "£,(", ",("]),
)
bad_amounts = st.sampled_from(
    ["(-12.00)", "1,2,3,,", "1,234.567", "12345678901234567890.00", "TBC", "12.3.4", "--5", "£", "1,23", "(5"]
)
good_dates = st.builds(
    lambda day, form: (day.strftime(form), day),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y"]),
)
bad_dates = st.sampled_from(["31/02/2019", "1/6/19", "2019-13-01", "yesterday", "32/01/2020", "01/06/0019x"])
suppliers = st.text(alphabet="ab ,\"'é£\n", min_size=1, max_size=12).filter(lambda s: s.strip())
rows = st.lists(
    st.tuples(st.one_of(good_dates, bad_dates), suppliers, st.one_of(good_amounts, bad_amounts)),
    min_size=1,
    max_size=30,
)


@PROPERTY
@given(rows=rows)
def test_every_row_lands_exactly_or_is_quarantined_with_a_reason(rows: list[tuple]) -> None:
    content = _csv([HEADER, *[[d if isinstance(d, str) else d[0], s, a if isinstance(a, str) else a[0]]
                              for d, s, a in rows]])  # fmt: skip
    con, result = _land(content.encode())
    expected = {}  # row number -> (date, pounds) of the rows that must land
    for number, (date, _supplier, amount) in enumerate(rows, start=2):
        if not isinstance(date, str) and not isinstance(amount, str):
            expected[number] = (date[1], amount[1])
    assert result.rows_read == len(rows) == result.rows_landed + result.rows_quarantined
    date_sql = render("parse_uk_date.sql", "parse_uk_date", "payment_date", "two_digit_year_century")
    amount_sql = render("parse_amount.sql", "parse_amount", "amount")
    landed = {
        number: (date, amount)
        for number, date, amount in con.execute(
            f"select _row_number, {date_sql}, {amount_sql} from raw.payments"
        ).fetchall()
    }
    assert landed == expected
    reasons = con.execute("select row_number, reason from raw.quarantine").fetchall()
    assert sorted(n for n, _ in reasons) == sorted(set(range(2, len(rows) + 2)) - set(expected))
    assert all(reason for _, reason in reasons)


lines = st.lists(
    st.sampled_from(["good", "blank", "short", "long", "empty_values", "multiline"]), min_size=1, max_size=25
)


@PROPERTY
@given(kinds=lines, unbalanced_at_end=st.booleans(), stray_byte=st.booleans())
def test_broken_rows_and_bytes_are_quarantined_and_good_rows_keep_their_row_number(
    kinds: list[str], unbalanced_at_end: bool, stray_byte: bool
) -> None:
    text = {
        "good": "01/03/2019,A Ltd,10.00\n",
        "blank": "\n",
        "short": "01/03/2019,A Ltd\n",
        "long": "01/03/2019,A Ltd,10.00,extra\n",
        "empty_values": ",,\n",
        "multiline": '01/03/2019,"A\nLtd",10.00\n',
    }
    body = "Date Paid,Supplier Name,Net Amount\n" + "".join(text[k] for k in kinds)
    raw = body.encode()
    if stray_byte:  # a UTF-8 file (it has an é) with one Windows-1252 byte on a row of its own
        raw += "01/03/2019,Café,1.00\n".encode() + b"01/03/2019,Caf\xe9,1.00\n"
    if unbalanced_at_end:
        raw += b'01/03/2019,"B Ltd,1.00\n01/03/2019,C Ltd,2.00\n'
    con, result = _land(raw)
    assert result.rows_read == result.rows_landed + result.rows_quarantined
    # Row numbers as Python's own CSV reader counts records (a blank line is one, a quoted value
    # over two lines is one), for the rows that must land.
    records = list(csv.reader(io.StringIO(body)))
    expected = [n for n, values in enumerate(records, start=1) if n > 1 and len(values) == 3 and values[0]]
    if stray_byte:
        expected.append(len(records) + 1)  # the Café row lands; the next, undecodable, does not
    landed = [n for (n,) in con.execute("select _row_number from raw.payments order by _row_number").fetchall()]
    assert landed == expected
    reasons = dict(con.execute("select row_number, reason from raw.quarantine").fetchall())
    if stray_byte:
        assert "cannot be decoded" in reasons[len(records) + 2]
    if unbalanced_at_end:
        assert any("quote" in reason for reason in reasons.values())


def test_a_huge_field_is_a_quarantined_row_not_a_crash() -> None:
    content = "Date Paid,Supplier Name,Net Amount\n01/03/2019,A,1.00\n01/03/2019," + "x" * 10_000_000 + ",2.00\n"
    con, result = _land((content + "01/03/2019,B,3.00\n").encode())
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (3, 2, 1)
    number, reason, kept = con.execute("select row_number, reason, length(raw_text) from raw.quarantine").fetchone()
    assert number == 3 and "longer than" in reason and kept < 3_000


def test_an_unbalanced_quote_mid_file_is_quarantined_with_its_line() -> None:
    content = 'Date Paid,Supplier Name,Net Amount\n01/03/2019,A,1.00\n01/03/2019,"B,2.00\n01/03/2019,C,3.00\n'
    con, result = _land(content.encode())
    assert result.rows_read == result.rows_landed + result.rows_quarantined
    assert con.execute("select _row_number from raw.payments").fetchall() == [(2,)]
    (number, reason) = con.execute("select row_number, reason from raw.quarantine").fetchone()
    assert number == 3 and "quote" in reason


def test_a_whole_windows_1252_file_is_read_as_such() -> None:
    content = "Date Paid,Supplier Name,Net Amount\n01/03/2019,Caf\u00e9 \u2013 Ltd,\u00a31.00\n".encode("cp1252")
    con, result = _land(content)
    assert result.rows_landed == 1
    assert con.execute("select supplier_name, amount from raw.payments").fetchone() == ("Caf\u00e9 \u2013 Ltd", "£1.00")
    assert con.execute("select encoding from raw.load_log").fetchone() == ("cp1252",)


def test_two_digit_years_are_not_guessed() -> None:
    content = b"Date Paid,Supplier Name,Net Amount\n1/6/19,A,1.00\n"
    con, result = _land(content)
    assert result.rows_quarantined == 1
    assert "two-digit year" in con.execute("select reason from raw.quarantine").fetchone()[0]


@pytest.mark.parametrize(
    "header",
    ['a"; drop table raw.load_log; --', "amount", "Amount", "amount"],
)
def test_header_names_become_quoted_identifiers_and_duplicates_keep_their_values(header: str) -> None:
    content = _csv([["Code", header, "Amount", "amount"], ["E1", "x", "1", "2"]]).encode()
    con, result = _land(content, name="t.csv", table="t", layout="table", publisher_code=None)
    assert result.rows_landed == 1
    row = con.execute("select * exclude (_source_file, _sheet, _row_number, _loaded_at) from raw.t")
    assert row.fetchone() == ("E1", "x", "1", "2")
    assert con.execute("select count(*) from raw.load_log").fetchone() == (1,)
