"""A hostile publisher or manifest: paths out of the data directory, crafted table names, zip
bombs, a held lock. Each is one line naming the file and the problem, never a traceback, and
nothing outside the data directory is read."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
import yaml

from total_place.cli import main
from total_place.landing import land_file
from total_place.manifest import DataFile, DataFileError, Manifest, quote_identifier, sha256_of, verify

GOOD_CSV = b"code,name\nE1,One\nE2,Two\n"


def _entry(path: str, sha256: str = "0" * 64, **fields: object) -> DataFile:
    return DataFile(
        path=path, sha256=sha256, dataset="t", publisher="t", url="https://t", licence="OGL-UK-3.0", **fields
    )


def _write_manifest(path: Path, files: list[dict]) -> Path:
    document = {
        "attributions": {"ogl": "OGL"},
        "datasets": [
            {
                "name": "t",
                "publisher": "t",
                "url": "https://t",
                "licence": "OGL-UK-3.0",
                "attribution": "ogl",
                "files": files,
            }
        ],
    }
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("sha256", "'; drop table raw.load_log; --", "is not 64 lowercase hex digits"),
        ("layout", "pandas", "is not one of table, payments"),
        ("header_rows", "1; drop", "is not a list of row numbers"),
        ("null_markers", [["nested"]], "null_markers must be a list of text"),
        ("path", "../outside.csv", "leaves the data directory"),
        ("path", "/etc/passwd", "leaves the data directory"),
        ("path", "a/../../etc/passwd", "leaves the data directory"),
        ("path", "a\\..\\b.csv", "not a relative path"),
        ("archive_member", "../../etc/passwd", "leaves the data directory"),
        ("table", 'x"; drop table raw.load_log; --', "is not a table name"),
        ("table", "Load_Log", "is not a table name"),
        ("sheets", {"Sheet1": "t; drop schema raw cascade"}, "is not a table name"),
        ("key_columns", ['a" varchar); drop table raw.load_log; --'], "is not a landed column name"),
        ("publisher_code", "CAB'); delete from raw.load_log; --", "is not a code"),
        ("publisher_kind", "district; drop", "is not one of"),
    ],
)
def test_a_crafted_manifest_entry_is_one_line_naming_the_entry(
    tmp_path: Path, field: str, value: object, problem: str
) -> None:
    entry = {"path": "pack/file.csv", "sha256": "0" * 64, "table": "t__file"}
    entry[field] = value
    if field == "sheets":
        entry.pop("table")
    manifest_path = _write_manifest(tmp_path / "manifest.yml", [entry])
    with pytest.raises(DataFileError) as raised:
        Manifest.load(manifest_path)
    message = str(raised.value)
    assert problem in message and str(manifest_path) in message and repr(entry["path"]) in message
    assert "\n" not in message


def test_a_manifest_entry_without_a_sha256_is_named(tmp_path: Path) -> None:
    manifest_path = _write_manifest(tmp_path / "manifest.yml", [{"path": "pack/file.csv", "table": "t"}])
    expected = r"entry \{'path': 'pack/file.csv', 'table': 't'\} is not a complete file entry \(KeyError: 'sha256'\)"
    with pytest.raises(DataFileError, match=expected):
        Manifest.load(manifest_path)


def test_the_real_manifest_passes_the_checks(manifest: Manifest) -> None:
    assert all(table for data_file in manifest.files for table in data_file.tables)


def test_a_symlink_out_of_the_data_directory_is_refused_before_it_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.csv"
    secret.parent.mkdir()
    secret.write_bytes(GOOD_CSV)
    data_dir = tmp_path / "pack"
    (data_dir / "linked").mkdir(parents=True)
    (data_dir / "file.csv").symlink_to(secret)
    (data_dir / "folder").symlink_to(secret.parent, target_is_directory=True)
    for relative in ("file.csv", "folder/secret.csv"):
        # the manifest's sha256 is the outside file's own: only the path check stops it
        data_file = _entry(relative, sha256_of(secret), table="t")
        with pytest.raises(DataFileError) as raised:
            verify(data_file, data_dir)
        message = str(raised.value)
        assert "leads outside the data directory" in message and relative in message and "\n" not in message


def test_a_symlink_inside_the_data_directory_lands(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    data_dir = tmp_path / "pack"
    (data_dir / "real").mkdir(parents=True)
    (data_dir / "real" / "file.csv").write_bytes(GOOD_CSV)
    (data_dir / "alias.csv").symlink_to(data_dir / "real" / "file.csv")
    [result] = land_file(con, _entry("alias.csv", sha256_of(data_dir / "alias.csv"), table="t"), data_dir)
    assert (result.rows_read, result.rows_landed) == (2, 2)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory(con: duckdb.DuckDBPyConnection, data_file_in) -> None:
    # 64 MB of zeros packs to about 64 KB: a ratio of 1,000, where the pack's highest is 38
    bomb = _zip({"payments.csv": b"a,b\n" + b"0" * (64 << 20)})
    assert len(bomb) < 200_000
    data_file = data_file_in("bomb.zip", bomb, archive_member="payments.csv")
    with pytest.raises(DataFileError) as raised:
        land_file(con, data_file, data_file_in.data_dir)
    message = str(raised.value)
    assert "bomb.zip" in message and "'payments.csv'" in message and "zip bomb" in message
    assert "\n" not in message


def test_a_gzip_bomb_is_refused_as_it_inflates(con: duckdb.DuckDBPyConnection, data_file_in) -> None:
    # A gzip stream does not declare its size: the same bounds are counted as it is read.
    bomb = gzip.compress(b"a,b\n" + b"0" * (64 << 20))
    assert len(bomb) < 200_000
    data_file = data_file_in("bomb.csv.gz", bomb)
    with pytest.raises(DataFileError) as raised:
        land_file(con, data_file, data_file_in.data_dir)
    message = str(raised.value)
    assert "bomb.csv.gz" in message and "gzip bomb" in message and "\n" not in message


def test_a_gzipped_csv_lands_as_its_text(con: duckdb.DuckDBPyConnection, data_file_in) -> None:
    data_file = data_file_in("small.csv.gz", gzip.compress("code,name\nE1,Bûxton\nE2,Leeds\n".encode()))
    (result,) = land_file(con, data_file, data_file_in.data_dir)
    assert (result.rows_read, result.rows_landed) == (2, 2)
    assert con.execute("select code, name from raw.test__table order by code").fetchall() == [
        ("E1", "Bûxton"),
        ("E2", "Leeds"),
    ]


def test_a_member_over_the_size_bound_is_refused(
    con: duckdb.DuckDBPyConnection, data_file_in, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("total_place.readers.MAX_MEMBER_BYTES", 1_000)
    data_file = data_file_in("big.zip", _zip({"f.csv": os.urandom(1_500).hex().encode()}), archive_member="f.csv")
    with pytest.raises(DataFileError, match=r"big\.zip: member 'f\.csv' unpacks to 3,000 bytes, over the 1,000"):
        land_file(con, data_file, data_file_in.data_dir)


def test_a_workbook_that_is_a_zip_bomb_is_refused(con: duckdb.DuckDBPyConnection, data_file_in) -> None:
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b" " * (64 << 20)})
    data_file = data_file_in("bomb.xlsx", bomb, sheets={"Sheet1": "t"})
    with pytest.raises(DataFileError, match=r"bomb\.xlsx: member 'xl/worksheets/sheet1\.xml' unpacks .* zip bomb"):
        land_file(con, data_file, data_file_in.data_dir)


def test_a_real_zipped_csv_is_within_the_bounds(manifest: Manifest, pack_dir: Path) -> None:
    from total_place.readers import open_archive

    for data_file in manifest.files:
        if data_file.archive_member or data_file.path.endswith((".xlsx", ".ods", ".zip")):
            open_archive(pack_dir / data_file.path).close()


def test_quote_identifier_doubles_quotes() -> None:
    with duckdb.connect() as con:
        name = 'x"; drop table t; --'
        con.execute(f"create table {quote_identifier(name)} (a int)")
        assert con.execute("select table_name from duckdb_tables()").fetchall() == [(name,)]


HOLD_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("create table if not exists held (a int)")
print("held", flush=True)
time.sleep(30)
"""


def test_a_held_lock_is_one_line_naming_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "work.duckdb"
    data_dir = tmp_path / "pack"
    data_dir.mkdir()
    (data_dir / "f.csv").write_bytes(GOOD_CSV)
    manifest_path = _write_manifest(
        tmp_path / "manifest.yml", [{"path": "f.csv", "sha256": sha256_of(data_dir / "f.csv"), "table": "t__f"}]
    )
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(database)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("TOTAL_PLACE_WORKING_DB", str(database))
        monkeypatch.setenv("TOTAL_PLACE_DATA_DIR", str(data_dir))
        monkeypatch.setenv("TOTAL_PLACE_MANIFEST", str(manifest_path))
        monkeypatch.setenv("TOTAL_PLACE_DUCKDB_TEMP_DIRECTORY", str(tmp_path / "tmp"))
        assert main(["land", "--allow-dead-ends"]) == 2
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(database) in err and "in use by another process" in err


def test_a_full_disk_is_one_line_naming_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(*_: object) -> int:
        raise duckdb.IOException('Could not write file "/w/work.duckdb.wal": No space left on device')

    monkeypatch.setattr("total_place.cli.cmd_publish", full)
    parser_main = main
    assert parser_main(["publish"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the disk is full" in err and "/w/work.duckdb.wal" in err


# Publishers are who they say they are.

REGISTER_FILES = {
    "mysociety-la-codes/uk_local_authorities_current.csv": "la_codes__uk_local_authorities_current",
    "mysociety-la-codes/lookup_name_to_registry.csv": "la_codes__lookup_name_to_registry",
}
PAYMENTS_HEADER = "Body Name,Invoice Payment Date,Net Amount,Supplier Name,Service Area,Expenses Type\n"


def _payments_pack(tmp_path: Path, pack_dir: Path, payments: dict[str, tuple[str, str, str]]) -> Path:
    """A data directory with the register and payments files {name: (kind, code, body name)};
    its manifest beside it. Returns the manifest's path."""
    data_dir = tmp_path / "pack"
    entries = []
    for relative, table in REGISTER_FILES.items():
        (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / relative).write_bytes((pack_dir / relative).read_bytes())
        entries.append({"path": relative, "sha256": sha256_of(data_dir / relative), "table": table})
    for name, (kind, code, body) in payments.items():
        path = data_dir / "spend" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAYMENTS_HEADER + f"{body},01/04/2021,100.00,Acme Ltd,Adults,Gas\n", encoding="utf-8")
        entries.append(
            {
                "path": f"spend/{name}",
                "sha256": sha256_of(path),
                "table": "payments__transactions",
                "layout": "payments",
                "publisher_code": code,
                "publisher_kind": kind,
            }
        )
    return _write_manifest(tmp_path / "manifest.yml", entries)


def _land(tmp_path: Path, manifest_path: Path, monkeypatch: pytest.MonkeyPatch, *paths: str) -> int:
    monkeypatch.setenv("TOTAL_PLACE_WORKING_DB", str(tmp_path / "work.duckdb"))
    monkeypatch.setenv("TOTAL_PLACE_DATA_DIR", str(tmp_path / "pack"))
    monkeypatch.setenv("TOTAL_PLACE_MANIFEST", str(manifest_path))
    monkeypatch.setenv("TOTAL_PLACE_DUCKDB_TEMP_DIRECTORY", str(tmp_path / "tmp"))
    return main(["land", *paths])


def _landed_publishers(tmp_path: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(tmp_path / "work.duckdb"), read_only=True) as con:
        return con.execute("select _source_file, publisher_code from raw.payments__transactions order by 1").fetchall()


def test_the_cabinet_office_lands_under_its_own_key_not_cambridges(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest_path = _payments_pack(
        tmp_path,
        pack_dir,
        {
            "cabinet_office.csv": ("central_government", "CAB", "Cabinet Office"),
            "cambridge.csv": ("council", "CAB", "Cambridge City Council"),
            "tfl.csv": ("functional_body", "TFL", "TfL"),  # a seeded spelling
            "gmca.csv": ("combined_authority", "GMCA", "Greater Manchester Combined Authority"),
        },
    )
    assert _land(tmp_path, manifest_path, monkeypatch) == 0
    assert _landed_publishers(tmp_path) == [
        ("spend/cabinet_office.csv", "central_government:CAB"),
        ("spend/cambridge.csv", "CAB"),
        ("spend/gmca.csv", "combined_authority:GMCA"),
        ("spend/tfl.csv", "functional_body:TFL"),
    ]


@pytest.mark.parametrize(
    ("kind", "code", "body", "expected"),
    [
        (
            "council",
            "ZZZ",
            "Nowhere Council",
            "spend/file.csv: unknown publisher_code 'ZZZ', not in mysociety-la-codes/",
        ),
        ("central_government", "ZZZ", "Nowhere", "spend/file.csv: unknown publisher_code 'ZZZ', not in seeds/"),
        (
            "council",
            "GMCA",
            "Greater Manchester Combined Authority",
            "spend/file.csv: publisher_code 'GMCA' is Greater Manchester Combined Authority (combined_authority, "
            "COMB in the register), not a council",
        ),
        (
            "council",
            "CAB",
            "Cabinet Office",
            "spend/file.csv: organisation 'Cabinet Office' is not CAB's name 'Cambridge City Council'",
        ),
        (
            "central_government",
            "CAB",
            "Cambridge City Council",
            "spend/file.csv: organisation 'Cambridge City Council' is not CAB's name 'Cabinet Office'",
        ),
    ],
)
def test_a_publisher_not_who_it_says_fails_landing_in_one_line(
    tmp_path: Path,
    pack_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    code: str,
    body: str,
    expected: str,
) -> None:
    manifest_path = _payments_pack(tmp_path, pack_dir, {"file.csv": (kind, code, body)})
    assert _land(tmp_path, manifest_path, monkeypatch) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err
    with duckdb.connect(str(tmp_path / "work.duckdb"), read_only=True) as con:
        landed = con.execute("select count(*) from duckdb_tables() where table_name = 'payments__transactions'")
        assert landed.fetchone() == (0,)


def test_the_real_payments_files_name_their_councils(manifest: Manifest, pack_dir: Path, tmp_path: Path) -> None:
    from total_place.landing import land_files
    from total_place.publishers import check_payments_publishers, for_landing

    payments = [f for f in manifest.files if f.layout == "payments"]
    printed: dict[str, set[str]] = {}
    with duckdb.connect(str(tmp_path / "work.duckdb")) as con:
        check_names = check_payments_publishers(manifest, payments, pack_dir, con)
        assert check_names is not None

        def recorded(data_file: DataFile, names: set[str]) -> None:
            printed[data_file.path] = names
            check_names(data_file, names)

        for results in land_files(con, [for_landing(f) for f in payments], pack_dir, check_names=recorded):
            assert all(result.status == "landed" or result.status.startswith("duplicate of ") for result in results)
    # Read by hand (csv module, awk): Leeds (cp1252) also pays as a partnership's accountable body;
    # a cell reference typed into one Manchester row; Harrogate's system-code files print ledger
    # codes as the body; Wakefield's card file has a 0; Gateshead's export names no body.
    expected = {
        "spend-over-500/leeds_raw_2020-06.csv": {"Leeds City Council", "Leeds City Council as Accountable Body"},
        "spend-over-500/manchester/2020-05.csv.gz": {"Manchester City Council", "Manchester Cit+A2446y Council"},
        "spend-over-500/harrogate/2019-03.csv.gz": {"O8", "HR", "PO", "PI"},
        "spend-over-500/wakefield/2021-Q3-card.csv.gz": {"Wakefield WMDC", "0"},
        "spend-over-500/wakefield/2016-Q1.csv.gz": {"Wakefield MDC"},
        "spend-over-500/gateshead/2015-11.csv.gz": set(),
    }
    assert {path: printed.get(path) for path in expected} == expected
    # Every file but the duplicates (12 at Harrogate, one each at Darlington and Wakefield) is read.
    assert len(printed) == len(payments) - 14


# No dead ends.


def test_landing_a_table_no_staging_model_reads_fails_in_one_line_and_lands_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "pack"
    (data_dir / "new").mkdir(parents=True)
    (data_dir / "new" / "vintage_2031.csv").write_bytes(GOOD_CSV)
    manifest_path = _write_manifest(
        tmp_path / "manifest.yml",
        [
            {
                "path": "new/vintage_2031.csv",
                "sha256": sha256_of(data_dir / "new/vintage_2031.csv"),
                "table": "new__v2031",
            }
        ],
    )
    assert _land(tmp_path, manifest_path, monkeypatch) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "new/vintage_2031.csv: raw.new__v2031 is read by no staging model (a dead end)" in err
    assert not (tmp_path / "work.duckdb").exists()
    assert _land(tmp_path, manifest_path, monkeypatch, "--allow-dead-ends") == 0


def test_the_real_manifest_has_no_dead_end(manifest: Manifest) -> None:
    from total_place.dead_ends import check_files, declared_sources

    check_files(manifest.files, declared_sources())


def test_a_raw_table_no_model_reads_fails_the_build_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "work.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema raw")
        for table in ("payments__transactions", "load_log", "stale__rs_2014_15", "new__v2031"):
            con.execute(f"create table raw.{table} (a int)")
    monkeypatch.setenv("TOTAL_PLACE_WORKING_DB", str(database))
    assert main(["dead-ends"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{database}: raw.new__v2031, raw.stale__rs_2014_15 read by no staging model (dead ends)" in err


def test_the_build_record_lists_only_files_that_reach_a_model(tmp_path: Path, settings) -> None:
    import dataclasses

    from total_place.publish import publish

    working = tmp_path / "work.duckdb"
    with duckdb.connect(str(working)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.dim_x as select 1 as a")
        con.execute("create schema raw")
        con.execute(
            "create table raw.load_log as select * from (values "
            "('spend/leeds.csv', 'aa', 'payments__transactions', timestamp '2026-01-01', 'landed'), "
            "('new/vintage_2031.csv', 'bb', 'new__v2031', timestamp '2026-01-01', 'landed'), "
            "('spend/withdrawn.csv', 'cc', 'payments__transactions', timestamp '2026-01-01', 'landed'), "
            "('spend/withdrawn.csv', 'cc', 'payments__transactions', timestamp '2026-01-02', 'unlanded')"
            ") as t(source_file, source_sha256, raw_table, loaded_at, status)"
        )
    target = tmp_path / "published.duckdb"
    publish(dataclasses.replace(settings, working_db=working, published_db=target))
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select source_file from meta.source_files").fetchall() == [("spend/leeds.csv",)]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_one_row_naming_another_council_stops_the_file(
    tmp_path: Path,
    pack_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    encoding: str,
) -> None:
    manifest_path = _payments_pack(tmp_path, pack_dir, {"leeds.csv": ("council", "LDS", "Leeds City Council")})
    path = tmp_path / "pack" / "spend" / "leeds.csv"
    with path.open("a", encoding=encoding) as handle:
        handle.write("Leeds City Council,02/04/2021,£5.00,Acme Ltd,Adults,Gas\n")
        handle.write("Bradford Metropolitan District Council,03/04/2021,7.00,Acme Ltd,Adults,Gas\n")
    document = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    document["datasets"][0]["files"][-1]["sha256"] = sha256_of(path)
    manifest_path.write_text(yaml.safe_dump(document), encoding="utf-8")
    assert _land(tmp_path, manifest_path, monkeypatch) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "spend/leeds.csv: organisation 'Bradford Metropolitan District Council' is not LDS's name" in err


def test_a_windows_1252_payments_file_with_an_unclosed_huge_field_quarantines_that_row(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # cp1252 (the £) is transcoded for DuckDB's reader, which reads the organisation names too:
    # an unclosed quote opening a 200 KB field is that row's problem, never a traceback.
    manifest_path = _payments_pack(tmp_path, pack_dir, {"leeds.csv": ("council", "LDS", "Leeds City Council")})
    path = tmp_path / "pack" / "spend" / "leeds.csv"
    with path.open("a", encoding="cp1252") as handle:
        handle.write("Leeds City Council,02/04/2021,£5.00,Acme Ltd,Adults,Gas\n")
        handle.write('Leeds City Council,03/04/2021,7.00,"' + "x" * 200_000 + "\n")
    document = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    document["datasets"][0]["files"][-1]["sha256"] = sha256_of(path)
    manifest_path.write_text(yaml.safe_dump(document), encoding="utf-8")
    assert _land(tmp_path, manifest_path, monkeypatch) == 0
    assert "read 3 = landed 2 + quarantined 1" in capsys.readouterr().out
    with duckdb.connect(str(tmp_path / "work.duckdb"), read_only=True) as con:
        ((row_number, reason),) = con.execute("select row_number, reason from raw.quarantine").fetchall()
    assert row_number == 4 and reason.startswith("unbalanced quote: a quoted value")


def test_a_landed_file_declared_as_another_council_has_its_names_checked_again(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same bytes under another code land again as that council's: the names must be its.
    manifest_path = _payments_pack(tmp_path, pack_dir, {"leeds.csv": ("council", "LDS", "Leeds City Council")})
    assert _land(tmp_path, manifest_path, monkeypatch) == 0
    document = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    document["datasets"][0]["files"][-1]["publisher_code"] = "BRD"
    manifest_path.write_text(yaml.safe_dump(document), encoding="utf-8")
    capsys.readouterr()
    assert _land(tmp_path, manifest_path, monkeypatch) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "spend/leeds.csv: organisation 'Leeds City Council' is not BRD's name" in err


def test_a_file_of_mostly_unparsable_rows_is_refused_whole_in_one_line(
    con: duckdb.DuckDBPyConnection, data_file_in, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rejected rows are held in Python for their reasons; past the bound the file is refused.
    monkeypatch.setattr("total_place.landing.MAX_REJECTED_ROWS", 5)
    content = b"a,b\n" + b"1,2\n" * 3 + b"1,2,3\n" * 6
    data_file = data_file_in("flood.csv", content, key_columns=["a"])
    with pytest.raises(DataFileError, match=r"^flood\.csv: 6 rows DuckDB's reader cannot parse \(more than 5\)"):
        land_file(con, data_file, data_file_in.data_dir)
    assert con.execute("select count(*) from raw.load_log").fetchone() == (0,)
