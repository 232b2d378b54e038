"""A hostile publisher or manifest: paths out of the data directory, crafted table names, zip
bombs, a held lock. Each is one line naming the file and the problem, never a traceback, and
nothing outside the data directory is read."""

from __future__ import annotations

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
    with pytest.raises(DataFileError, match=r"entry 'pack/file.csv' has no 'sha256'"):
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
        assert main(["land"]) == 2
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
