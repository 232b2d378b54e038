"""Landing: lineage, nothing lost (read = landed + quarantined), idempotence, clear errors.

Broken inputs are made from a real file of the pack, so the parsing is tested on what
publishers actually write.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from total_place.landing import column_names, land_file, land_files
from total_place.manifest import DataFileError, Manifest

REAL_LOOKUP = "humaniverse-geographr/lookup_ltla23_cauth23.csv"  # 53 districts, 4 columns


def _real_bytes(pack_dir: Path, path: str = REAL_LOOKUP) -> bytes:
    return (pack_dir / path).read_bytes()


def _log(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select rows_read, rows_landed, rows_quarantined, replaced_sha256 from raw.load_log order by loaded_at"
    ).fetchall()


def test_a_real_file_lands_whole_with_lineage(con, data_file_in, pack_dir: Path) -> None:
    content = _real_bytes(pack_dir)
    data_file = data_file_in("cauth.csv", content)
    [result] = land_file(con, data_file, data_file_in.data_dir)
    # 54 lines in the file: one header and 53 districts (counted with wc -l).
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (53, 53, 0)
    first = con.execute(
        "select ltla23_name, cauth23_code, _source_file, source_sha256, _row_number from raw.test__table "
        "join raw.load_log on source_file = _source_file and loaded_at = _loaded_at order by _row_number limit 1"
    ).fetchone()
    assert first == ("Bolton", "E47000001", "cauth.csv", data_file.sha256, 2)


def test_a_raw_table_carrying_a_sha256_on_every_row_lands_on(con, data_file_in) -> None:
    """A working database an earlier version made holds each row's file sha256 (not null); the
    next landing drops that column, the load log holding the sha256 once a file."""
    con.execute("create schema raw")
    con.execute(
        "create table raw.test__table (code varchar, _source_file varchar not null, _source_sha256 varchar not null, "
        "_sheet varchar, _row_number bigint not null, _loaded_at timestamp not null)"
    )
    con.execute("insert into raw.test__table values ('E1', 'old.csv', repeat('0', 64), null, 2, now())")
    data_file = data_file_in("new.csv", b"code\nE2\n")
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert result.rows_landed == 1
    assert con.execute("select code, _source_file from raw.test__table order by code").fetchall() == [
        ("E1", "old.csv"),
        ("E2", "new.csv"),
    ]
    assert "_source_sha256" not in [row[0] for row in con.execute("describe raw.test__table").fetchall()]


def test_landing_leaves_the_connections_settings_as_it_found_them(con, data_file_in) -> None:
    """Landing holds DuckDB's memory down, checkpoints once and stores raw text without FSST;
    whoever uses the connection next (dbt, a check) gets their own settings back."""
    settings = ("memory_limit", "checkpoint_threshold", "disabled_compression_methods")
    query = f"select {', '.join(f'current_setting({name!r})' for name in settings)}"
    con.execute("set memory_limit = '3GB'; set checkpoint_threshold = '32MB'")
    con.execute("set disabled_compression_methods = 'chimp'")
    before = con.execute(query).fetchone()
    assert before[2] == "Chimp"  # DuckDB's spelling: the test sets what it means to check
    land_file(con, data_file_in("a.csv", b"code\nE1\n"), data_file_in.data_dir)
    assert con.execute(query).fetchone() == before


def test_landing_the_same_file_twice_changes_nothing(con, data_file_in, pack_dir: Path) -> None:
    data_file = data_file_in("cauth.csv", _real_bytes(pack_dir))
    land_file(con, data_file, data_file_in.data_dir)
    [again] = land_file(con, data_file, data_file_in.data_dir)
    assert again.status == "unchanged"
    assert con.execute("select count(*) from raw.test__table").fetchone() == (53,)
    assert len(_log(con)) == 1


def test_a_file_named_twice_in_one_run_lands_once(con, data_file_in, pack_dir: Path) -> None:
    data_file = data_file_in("cauth.csv", _real_bytes(pack_dir))
    first, second = list(land_files(con, [data_file, data_file], data_file_in.data_dir))
    assert (first[0].status, second[0].status) == ("landed", "unchanged")
    assert con.execute("select count(*) from raw.test__table").fetchone() == (53,)


def test_a_version_already_landed_is_not_read_again(con, data_file_in, pack_dir: Path) -> None:
    data_file = data_file_in("cauth.csv", _real_bytes(pack_dir))
    land_file(con, data_file, data_file_in.data_dir)
    (data_file_in.data_dir / "cauth.csv").unlink()  # the load log holds this sha256: nothing to read
    [again] = land_file(con, data_file, data_file_in.data_dir)
    assert again.status == "unchanged"
    changed = data_file_in("cauth.csv", _real_bytes(pack_dir)[:-40])
    (data_file_in.data_dir / "cauth.csv").write_bytes(_real_bytes(pack_dir))  # not the version listed
    with pytest.raises(DataFileError, match=r"cauth\.csv: altered"):
        land_file(con, changed, data_file_in.data_dir)


@pytest.mark.parametrize("now", [b"", b"code\nE9\n"], ids=["emptied", "edited"])
def test_a_file_altered_since_its_manifest_entry_is_named_as_altered_in_a_run(con, data_file_in, now: bytes) -> None:
    """Files of a run are hashed while others are read: an altered file is still refused as
    altered (not as whatever else is wrong with it), and the files before it land."""
    good = data_file_in("good.csv", b"code\nE1\n")
    altered = data_file_in("altered.csv", b"code\nE2\n")
    (data_file_in.data_dir / "altered.csv").write_bytes(now)
    results = land_files(con, [good, altered], data_file_in.data_dir)
    assert next(results)[0].rows_landed == 1
    with pytest.raises(DataFileError, match=r"altered\.csv: altered \(sha256"):
        next(results)
    assert con.execute("select code from raw.test__table").fetchall() == [("E1",)]


def test_a_corrected_file_replaces_its_rows_and_records_the_replacement(con, data_file_in, pack_dir: Path) -> None:
    original = data_file_in("cauth.csv", _real_bytes(pack_dir))
    land_file(con, original, data_file_in.data_dir)
    lines = _real_bytes(pack_dir).decode().splitlines(keepends=True)
    corrected = data_file_in("cauth.csv", "".join(lines[:-3]).encode())  # publisher drops 3 rows
    [result] = land_file(con, corrected, data_file_in.data_dir)
    assert result.status == "replaced"
    assert con.execute("select count(*) from raw.test__table").fetchone() == (50,)
    assert _log(con)[-1] == (50, 50, 0, original.sha256)


def test_bad_rows_are_quarantined_and_no_good_row_is_lost(con, data_file_in, pack_dir: Path) -> None:
    lines = _real_bytes(pack_dir).decode().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    broken = [header, *rows[:10], header, *rows[10:20], "E08000099,Short row\n", *rows[20:], "\n", ",,,\n"]
    data_file = data_file_in("cauth.csv", "".join(broken).encode())
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (57, 53, 4)
    reasons = con.execute("select row_number, reason from raw.quarantine order by row_number").fetchall()
    assert reasons == [
        (12, "repeated header row"),
        (23, "2 values where the header has 4 columns"),
        (57, "blank row"),
        (58, "blank row"),
    ]
    landed = {row[0] for row in con.execute("select ltla23_code from raw.test__table").fetchall()}
    assert landed == {values[1] for values in csv.reader(rows)}


def test_windows_1252_text_lands_with_its_pound_sign(con, data_file_in) -> None:
    content = "Supplier,Amount\nA & B Ltd,\u00a3500.00\n".encode("cp1252")
    data_file = data_file_in("spend.csv", content)
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert result.rows_landed == 1
    assert con.execute("select amount from raw.test__table").fetchone() == ("\u00a3500.00",)
    assert con.execute("select encoding from raw.load_log").fetchone() == ("cp1252",)


def test_a_byte_order_mark_does_not_reach_the_column_name(con, data_file_in, pack_dir: Path) -> None:
    head = b"".join(_real_bytes(pack_dir, "lsoa-population/2019_population.csv").splitlines(keepends=True)[:4])
    data_file = data_file_in("population.csv", head)
    land_file(con, data_file, data_file_in.data_dir)
    assert con.execute("select lsoa, pop from raw.test__table order by _row_number").fetchone() == (
        "E01011949",
        "1,954",
    )


@pytest.mark.parametrize(
    ("name", "content", "entry", "problem"),
    [
        ("empty.csv", b"", {}, "empty file"),
        ("blank.csv", b"\n\n", {}, "no header row"),
        ("fake.xlsx", b"a,b\n1,2\n", {"sheets": {"IMD": "t"}}, "not a readable .xlsx workbook"),
        ("binary.csv", b"PK\x03\x04\x00\x00binary", {}, "binary content"),
    ],
)
def test_bad_files_fail_with_one_line_naming_the_file_and_land_nothing(
    con, data_file_in, name: str, content: bytes, entry: dict, problem: str
) -> None:
    data_file = data_file_in(name, content, **entry)
    with pytest.raises(DataFileError) as raised:
        land_file(con, data_file, data_file_in.data_dir)
    message = str(raised.value)
    assert name in message and problem in message and "\n" not in message
    assert con.execute("select count(*) from raw.load_log").fetchone() == (0,)


def test_a_workbook_without_the_expected_sheet_is_refused(
    con, data_file_in, manifest: Manifest, pack_dir: Path
) -> None:
    imd = next(f for f in manifest.files if f.path.startswith("imd2019/"))
    data_file = data_file_in("imd.xlsx", _real_bytes(pack_dir, imd.path), sheets={"Deprivation": "t"})
    with pytest.raises(DataFileError, match=r"imd\.xlsx: no sheet named 'Deprivation' \(sheets: Notes, IMD"):
        land_file(con, data_file, data_file_in.data_dir)


def test_a_real_workbook_sheet_lands_as_published(con, data_file_in, manifest: Manifest, pack_dir: Path) -> None:
    imd = next(f for f in manifest.files if f.path.startswith("imd2019/"))
    data_file = data_file_in("imd.xlsx", _real_bytes(pack_dir, imd.path), sheets={"IMD": "imd"}, header_rows=[1])
    [result] = land_file(con, data_file, data_file_in.data_dir)
    # File 10 covers the 317 districts of April 2019.
    assert (result.rows_read, result.rows_landed) == (317, 317)
    hartlepool = con.execute(
        "select imd_average_score, imd_rank_of_average_score, _sheet, _row_number "
        "from raw.imd where local_authority_district_code_2019 = 'E06000001'"
    ).fetchone()
    # As printed in the workbook: score 35.037, rank 10, on row 2 of sheet IMD.
    assert hartlepool == ("35.037", "10", "IMD", 2)


def test_published_headers_become_unique_sql_names() -> None:
    assert column_names(["IMD - Average rank ", "0", "90+", "Amount", "amount", ""]) == [
        "imd_average_rank",
        "c_0",
        "c_90_plus",
        "amount",
        "amount_2",
        "column_6",
    ]


def test_a_file_in_the_wrong_encoding_is_refused_whole(con, data_file_in, pack_dir: Path) -> None:
    utf16 = _real_bytes(pack_dir).decode("utf-8").encode("utf-16")
    data_file = data_file_in("cauth_utf16.csv", utf16)
    with pytest.raises(DataFileError, match=r"cauth_utf16\.csv: binary content, not a CSV file"):
        land_file(con, data_file, data_file_in.data_dir)
    assert con.execute("select count(*) from raw.load_log").fetchone() == (0,)


def test_a_multi_row_header_joins_codes_above_names(con, data_file_in) -> None:
    content = b"Net current expenditure,,\n,190,290\nAuthority,Education,Highways\nLeeds,100,20\n"
    data_file = data_file_in("rs.csv", content, header_rows=[2, 3], key_columns=["authority"])
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert result.rows_landed == 1
    assert con.execute(
        "select authority, c_190_education, c_290_highways, _row_number from raw.test__table"
    ).fetchone() == (
        "Leeds",
        "100",
        "20",
        4,
    )


def test_a_file_adding_a_column_widens_the_shared_table(con, data_file_in) -> None:
    first = data_file_in("a.csv", b"area_code,value\nE1,1\n", key_columns=["area_code"])
    second = data_file_in("b.csv", b"area_code,group,value\nE2,Male,2\n", key_columns=["area_code"])
    land_file(con, first, data_file_in.data_dir)
    land_file(con, second, data_file_in.data_dir)
    rows = con.execute('select area_code, "group", value from raw.test__table order by area_code').fetchall()
    assert rows == [("E1", None, "1"), ("E2", "Male", "2")]


def test_published_no_value_markers_pass_and_other_text_is_quarantined(con, data_file_in) -> None:
    content = b"area_code,value\nE1,1.5\nE2,NA\nE3,n/a\n"
    data_file = data_file_in("ft.csv", content, numeric_columns=["value"], null_markers=["NA"])
    [result] = land_file(con, data_file, data_file_in.data_dir)
    assert (result.rows_landed, result.rows_quarantined) == (2, 1)
    assert con.execute("select row_number, reason from raw.quarantine").fetchall() == [
        (4, "value 'n/a' is not a number")
    ]


def _ods(rows_xml: str, sheet: str = "Data") -> bytes:
    """A minimal OpenDocument spreadsheet: one sheet of the given table rows."""
    import io
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f'<office:body><office:spreadsheet><table:table table:name="Front"/><table:table table:name="{sheet}">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_an_ods_sheet_lands_stored_values_with_repeats_expanded(con, data_file_in) -> None:
    text = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    number = '<table:table-cell office:value-type="float" office:value="{}"><text:p>{}</text:p></table:table-cell>'
    rows = (
        f"<table:table-row>{text.format('Area')}{text.format('Net<text:s/>spend')}"
        f"{text.format('Other')}</table:table-row>"
        # A value repeated over two columns, then the empty tail a sheet repeats to column 16384.
        f"<table:table-row>{text.format('Adur')}"
        '<table:table-cell office:value-type="float" office:value="2611" table:number-columns-repeated="2">'
        '<text:p>2,611</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16381"/>'
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/>'
        "</table:table-row>"
        f"<table:table-row>{text.format('England')}{number.format('-0.25', '(0.25)')}"
        "<table:covered-table-cell/></table:table-row>"
        # Empty rows down to row 1048576 are not rows of the sheet.
        '<table:table-row table:number-rows-repeated="1048571"><table:table-cell/></table:table-row>'
    )
    data_file = data_file_in("rs.ods", _ods(rows), sheets={"Data": "rs"}, header_rows=[1], key_columns=["area"])
    [result] = land_file(con, data_file, data_file_in.data_dir)
    # Rows 2 and 5 land, the two blank rows between them are quarantined, nothing below row 5 is read.
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (4, 2, 2)
    assert con.execute("select area, net_spend, other, _row_number from raw.rs order by _row_number").fetchall() == [
        ("Adur", "2611", "2611", 2),
        ("England", "-0.25", None, 5),
    ]


def test_the_real_2023_24_revenue_outturn_ods_lands_whole(
    con, data_file_in, manifest: Manifest, pack_dir: Path
) -> None:
    rs = manifest.find("revenue-outturn/RS_2023-24_data_by_LA.ods")
    [sheet] = rs.sheets
    data_file = data_file_in(
        "rs.ods", _real_bytes(pack_dir, rs.path), sheets={sheet: "rs"}, header_rows=rs.header_rows,
        key_columns=rs.key_columns, numeric_columns=rs.numeric_columns, null_markers=rs.null_markers,
    )  # fmt: skip
    [result] = land_file(con, data_file, data_file_in.data_dir)
    # Data rows 14 to 437 of the sheet: 412 authorities, ENGLAND, 11 class rows and the class
    # breakdown's own header row (row 426), which is quarantined for its text in number columns.
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (424, 423, 1)
    adur = con.execute(
        "select e_code, ons_code, local_authority, class, c_190_education_services, "
        "c_290_highways_and_transport_services, c_490_housing_services_gfra_only, _row_number "
        "from raw.rs where e_code = 'E3831'"
    ).fetchone()
    # As content.xml stores them (office:value 0, -166 and 2611, displayed "2,611"), on row 14.
    assert adur == ("E3831", "E07000223", "Adur", "SD", "0", "-166", "2611", 14)


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        # a value repeated a billion columns would be a billion values in memory
        (
            '<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated='
            '"1000000000"><text:p>x</text:p></table:table-cell></table:table-row>',
            r"number-columns-repeated '1000000000' is not a count up to 16,384",
        ),
        ('<table:table-row table:number-rows-repeated="-3"><table:table-cell/></table:table-row>', r"is not a count"),
        (
            '<table:table-row><table:table-cell office:value-type="float" office:value="lots"/></table:table-row>',
            r"ValueError: could not convert string to float",
        ),
        (
            '<table:table-row><table:table-cell office:value-type="date" office:date-value="soon"/></table:table-row>',
            r"ValueError: Invalid isoformat string",
        ),
    ],
)
def test_a_hostile_ods_sheet_is_one_line_naming_the_file(con, data_file_in, rows: str, problem: str) -> None:
    data_file = data_file_in("h.ods", _ods(rows), sheets={"Data": "t"})
    with pytest.raises(DataFileError, match=rf"^\S*h\.ods: sheet 'Data' cannot be read \(.*{problem}"):
        land_file(con, data_file, data_file_in.data_dir)
    broken = data_file_in("b.ods", _ods("", sheet="Data<"), sheets={"Data": "t"})  # not XML before the sheet
    with pytest.raises(DataFileError, match=r"b\.ods: not a readable \.ods workbook \(content\.xml"):
        land_file(con, broken, data_file_in.data_dir)


def test_an_ods_file_that_is_not_a_workbook_or_lacks_the_sheet_is_refused(con, data_file_in) -> None:
    not_ods = data_file_in("fake.ods", b"a,b\n1,2\n", sheets={"Data": "t"})
    with pytest.raises(DataFileError, match=r"fake\.ods: not a readable \.ods workbook"):
        land_file(con, not_ods, data_file_in.data_dir)
    other_sheet = data_file_in("rs.ods", _ods("<table:table-row/>"), sheets={"RS": "t"})
    with pytest.raises(DataFileError, match=r"rs\.ods: no sheet named 'RS' \(sheets: Front, Data\)"):
        land_file(con, other_sheet, data_file_in.data_dir)
