"""Landing under attack: hypothesis generates hostile files and manifests and lands them through
the `total-place land` command, as a publisher's file would arrive.

For every example: the command ends with 0, or 2 and one line `error: ...` (never a traceback);
`raw.load_log` says rows read = landed + quarantined, and the raw table and quarantine hold
exactly those rows; nothing outside the data directory reaches the database (a secret file
beside it carries a marker that must never be landed); the bookkeeping tables keep their
columns and never lose a row.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import os
import re
import sys
import traceback
import zipfile
from pathlib import Path
from unittest import mock

import duckdb
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from total_place.cli import main
from total_place.manifest import sha256_of

MARKER = "SECRET-OUTSIDE-THE-DATA-DIRECTORY"
BOOKKEEPING = ("load_log", "quarantine", "column_map")
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
REGISTER_FILES = {
    "mysociety-la-codes/uk_local_authorities_current.csv": "la_codes__uk_local_authorities_current",
    "mysociety-la-codes/lookup_name_to_registry.csv": "la_codes__lookup_name_to_registry",
}


# Every file Python opens while landing (the "open" audit event: open, io.open, os.open), so a
# read outside the data directory is seen even where nothing of it would reach the database.
# DuckDB's own reads are not audited: the marker check covers them.
_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


class Landing:
    """A scratch data directory, a secret beside it, one working database, and the checks."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data_dir = root / "pack"
        self.outside = root / "outside"
        self.database = root / "work.duckdb"
        self.data_dir.mkdir(parents=True)
        self.outside.mkdir()
        self.secret = self.outside / "secret.csv"
        self.secret.write_text(f"name,value\n{MARKER},1\n", encoding="utf-8")
        (self.data_dir / "link.csv").symlink_to(self.secret)
        (self.data_dir / "linkdir").symlink_to(self.outside, target_is_directory=True)
        self.counter = itertools.count()
        self.books: dict[str, list[tuple[str, str]]] | None = None
        self.log_rows = 0

    def write(self, content: bytes, suffix: str = ".csv") -> str:
        relative = f"fuzz/f{next(self.counter)}{suffix}"
        (self.data_dir / relative).parent.mkdir(exist_ok=True)
        (self.data_dir / relative).write_bytes(content)
        return relative

    def entry(self, relative: str, table: str, **fields: object) -> dict:
        path = self.data_dir / relative
        sha256 = sha256_of(path) if path.is_file() else sha256_of(self.secret)
        return {"path": relative, "sha256": sha256, "table": table, **fields}

    def land(self, entries: list[dict], *args: str) -> tuple[int, str]:
        """Run `total-place land` on a manifest of these entries: (exit code, stderr)."""
        manifest = self.root / f"manifest{next(self.counter)}.yml"
        document = {
            "attributions": {"ogl": "OGL"},
            "datasets": [
                {"name": "fuzz", "publisher": "fuzz", "url": "https://fuzz", "licence": "OGL-UK-3.0",
                 "attribution": "ogl", "files": entries}
            ],
        }  # fmt: skip
        manifest.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        environment = {
            "TOTAL_PLACE_DATA_DIR": str(self.data_dir),
            "TOTAL_PLACE_MANIFEST": str(manifest),
            "TOTAL_PLACE_WORKING_DB": str(self.database),
            "TOTAL_PLACE_DUCKDB_TEMP_DIRECTORY": str(self.root / "tmp"),
        }
        err, out = io.StringIO(), io.StringIO()
        global _opened
        _opened = []
        with mock.patch.dict(os.environ, environment), contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                code = main(["land", *args])
            except BaseException:  # the property: nothing escapes main
                pytest.fail(f"landing raised instead of one line:\n{traceback.format_exc()}")
            finally:
                opened, _opened = _opened, None
        outside = self.outside.resolve()
        read_outside = [p for p in opened if Path(p).resolve().is_relative_to(outside)]
        assert not read_outside, f"landing opened {read_outside}, outside the data directory"
        errors = err.getvalue()
        assert code in (0, 2), (code, errors)
        if code:
            assert errors.startswith("error: ") and errors.count("\n") == 1, errors
        else:
            assert "Traceback" not in errors
        self.check_books(entries)
        return code, errors

    def check_books(self, entries: list[dict]) -> None:
        if not self.database.exists():
            return
        with duckdb.connect(str(self.database), read_only=True) as con:
            books = {
                table: con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = 'raw' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                for table in BOOKKEEPING
            }
            if not books["load_log"]:
                return
            if self.books is None:
                self.books = books
            assert books == self.books, "a bookkeeping table changed its columns"
            log_rows = con.execute("select count(*) from raw.load_log").fetchone()[0]
            assert log_rows >= self.log_rows, "raw.load_log lost rows"
            self.log_rows = log_rows
            for entry in (e for e in entries if isinstance(e.get("path"), str)):
                for row in con.execute(
                    "select raw_table, rows_read, rows_landed, rows_quarantined from raw.load_log where "
                    "source_file = ? qualify row_number() over (partition by raw_table order by loaded_at desc) = 1",
                    [entry["path"]],
                ).fetchall():
                    table, read, landed, quarantined = row
                    assert read == landed + quarantined, row
                    in_table = con.execute(
                        f'select count(*) from raw."{table}" where _source_file = ?', [entry["path"]]
                    ).fetchone()[0]
                    in_quarantine = con.execute(
                        "select count(*) from raw.quarantine where source_file = ? and raw_table = ?",
                        [entry["path"], table],
                    ).fetchone()[0]
                    # a payments file's month may be replaced by a later file's: never more rows
                    assert in_table <= landed if entry.get("layout") == "payments" else in_table == landed, row
                    assert in_quarantine == quarantined, row
            tables = [
                t for (t,) in con.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()
            ]
            for table in tables:
                found = con.execute(
                    f'select count(*) from raw."{table}" as t where contains(cast(t as varchar), ?)', [MARKER]
                ).fetchone()
                assert found == (0,), f"the secret outside the data directory is in raw.{table}"


@pytest.fixture
def landing(tmp_path: Path) -> Landing:
    return Landing(tmp_path)


# Generic hostile CSVs: random bytes; quotes, separators and line ends in cells; encodings,
# mixed ones included; rows of any width.

HOSTILE_CHARACTERS = st.sampled_from(['"', ",", ";", "\t", "\n", "\r", "\r\n", "£", "é", "\u2019", "\ufeff", " ", "'"])
CELL = st.lists(HOSTILE_CHARACTERS | st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=10).map("".join)
TABLE = st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=1, max_size=25)


def _render(rows: list[list[str]], quoting: str, encoding: str) -> bytes:
    if quoting == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        text = buffer.getvalue()
    else:  # naive: unbalanced quotes and stray separators as a careless export writes them
        text = "".join(",".join(row) + "\n" for row in rows)
    if encoding == "mixed":  # a UTF-8 file with one stray Windows-1252 byte
        raw = text.encode("utf-8")
        return raw[: len(raw) // 2] + b"\xa3" + raw[len(raw) // 2 :]
    return text.encode(encoding, errors="replace")


@FUZZ
@given(
    rows=TABLE,
    quoting=st.sampled_from(["csv", "naive"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "mixed"]),
)
def test_a_hostile_csv_lands_whole_or_fails_in_one_line(
    landing: Landing, rows: list[list[str]], quoting: str, encoding: str
) -> None:
    relative = landing.write(_render(rows, quoting, encoding))
    code, errors = landing.land([landing.entry(relative, f"fuzz__t{next(landing.counter)}")], "--allow-dead-ends")
    if code:
        assert relative in errors or str(landing.database) in errors


@pytest.mark.parametrize("length", [200_000, 10 << 20])
def test_an_unbalanced_quote_opening_a_huge_field_is_one_line(landing: Landing, length: int) -> None:
    relative = landing.write(b'a,b\n1,2\n3,"' + b"x" * length + b"\n4,5\n")
    code, errors = landing.land([landing.entry(relative, f"fuzz__t{next(landing.counter)}")], "--allow-dead-ends")
    if code:
        assert relative in errors


@FUZZ
@given(content=st.binary(max_size=3000))
def test_random_bytes_land_whole_or_fail_in_one_line(landing: Landing, content: bytes) -> None:
    relative = landing.write(content)
    code, errors = landing.land([landing.entry(relative, f"fuzz__t{next(landing.counter)}")], "--allow-dead-ends")
    if code:
        assert relative in errors


# Paths: `..`, absolute paths, symlinks to a file or folder outside. The manifest's sha256 is
# the secret's own, so only the path check stands between it and the database.

PATH_PARTS = st.sampled_from(
    ["..", ".", "fuzz", "outside", "secret.csv", "link.csv", "linkdir", "pack", "etc", "passwd"]
)


@FUZZ
@given(parts=st.lists(PATH_PARTS, min_size=1, max_size=5), absolute=st.booleans())
def test_no_path_reaches_outside_the_data_directory(landing: Landing, parts: list[str], absolute: bool) -> None:
    relative = ("/" if absolute else "") + "/".join(parts)
    target = (landing.data_dir / relative).resolve()
    inside = target.is_relative_to(landing.data_dir.resolve()) and not absolute and ".." not in parts
    code, errors = landing.land([landing.entry(relative, "fuzz__paths")], "--allow-dead-ends")
    if not inside:
        assert code == 2, f"{relative} reached {target}"
    if code:
        assert repr(relative) in errors or relative in errors or str(target) in errors, errors


# Crafted table names, sheet maps and key columns: a name is landed only if it is a plain name;
# otherwise one line names the manifest entry.

NAME = st.lists(
    st.sampled_from([*"abcxyz_019 \"';-()*/.\\", "drop table raw.load_log", "\u00e9", "\x00", "A"]), max_size=8
).map("".join)


@FUZZ
@given(table=NAME, key=st.none() | NAME)
def test_a_crafted_table_name_never_reaches_sql(landing: Landing, table: str, key: str | None) -> None:
    relative = landing.write(b"a,b\n1,2\n")
    entry = landing.entry(relative, table, **({"key_columns": [key]} if key is not None else {}))
    code, errors = landing.land([entry], "--allow-dead-ends")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", table):  # the spec: lowercase letters, digits, _
        assert code == 2 and "is not a table name" in errors, errors
    elif key is not None and key not in ("a", "b"):
        assert code == 2, errors
    else:
        assert code == 0, errors
        with duckdb.connect(str(landing.database), read_only=True) as con:
            assert con.execute("select count(*) from duckdb_tables() where table_name = ?", [table]).fetchone() == (1,)


# Zip members: a bomb is refused from the archive's directory, anything else lands.


@FUZZ
@given(repeats=st.integers(1, 2_000) | st.integers(300_000, 4_000_000), noise=st.binary(max_size=2000))
def test_a_zip_bomb_is_refused_and_an_honest_zip_lands(landing: Landing, repeats: int, noise: bytes) -> None:
    member = b"a,b\n" + b"1,2\n" * repeats + noise.hex().encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", member)
    relative = landing.write(buffer.getvalue(), ".zip")
    info = zipfile.ZipFile(io.BytesIO(buffer.getvalue())).getinfo("data.csv")
    bomb = len(member) > (1 << 20) and len(member) > 200 * info.compress_size
    code, errors = landing.land([landing.entry(relative, "fuzz__zips", archive_member="data.csv")], "--allow-dead-ends")
    assert (code == 2 and "zip bomb" in errors) if bomb else code == 0, errors


# Publishers: a payments file lands only under a code the register (or the seed of bodies that
# are not councils) holds for its declared kind, and only when the name it prints is that
# body's; a body that is not a council never lands under a council's code.

VALID = {
    ("council", "LDS"): "Leeds City Council",
    ("council", "CAB"): "Cambridge City Council",
    ("central_government", "CAB"): "Cabinet Office",
    ("combined_authority", "GMCA"): "Greater Manchester Combined Authority",
    ("functional_body", "TFL"): "Transport for London",
}
KINDS = ["council", "combined_authority", "functional_body", "central_government"]
CODES = ["LDS", "CAB", "GMCA", "TFL", "ZZZ", "E08000035"]


@pytest.fixture
def payments_landing(landing: Landing, pack_dir: Path) -> Landing:
    for relative in REGISTER_FILES:
        (landing.data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        (landing.data_dir / relative).write_bytes((pack_dir / relative).read_bytes())
    return landing


@FUZZ
@given(
    kind=st.sampled_from(KINDS),
    code=st.sampled_from(CODES) | st.text(alphabet="ABCXYZ019:-_ ;'", min_size=1, max_size=6),
    name=st.sampled_from(sorted(set(VALID.values()))) | CELL,
)
def test_a_publisher_lands_only_as_who_it_is(payments_landing: Landing, kind: str, code: str, name: str) -> None:
    landing = payments_landing
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [["Body Name", "Invoice Payment Date", "Net Amount", "Supplier Name"], [name, "01/04/2021", "100.00", "Acme"]]
    )
    relative = landing.write(buffer.getvalue().encode("utf-8"))
    register = [landing.entry(r, t) for r, t in REGISTER_FILES.items()]
    payments = landing.entry(
        relative, "payments__transactions", layout="payments", publisher_code=code, publisher_kind=kind
    )
    code_landed, errors = landing.land([*register, payments])
    # a file that prints no organisation name is checked by its code alone
    expected = (kind, code) in VALID and name.strip() in ("", VALID[(kind, code)])
    assert (code_landed == 0) == expected, errors
    if code_landed:
        assert relative in errors or "manifest" in errors, errors
        return
    with duckdb.connect(str(landing.database), read_only=True) as con:
        landed = con.execute(
            "select distinct publisher_code from raw.payments__transactions where _source_file = ?", [relative]
        ).fetchall()
    assert landed == [(code if kind == "council" else f"{kind}:{code}",)]


# Dead ends: a table no staging model reads is refused before anything lands.


@FUZZ
@given(table=st.from_regex(r"\Azz[a-z0-9_]{1,20}\Z", fullmatch=True))
def test_a_dead_end_table_is_refused_before_landing(landing: Landing, table: str) -> None:
    relative = landing.write(b"a,b\n1,2\n")
    code, errors = landing.land([landing.entry(relative, table)])
    assert code == 2 and f"raw.{table} is read by no staging model" in errors and relative in errors
    if landing.database.exists():
        with duckdb.connect(str(landing.database), read_only=True) as con:
            assert con.execute("select count(*) from duckdb_tables() where table_name = ?", [table]).fetchone() == (0,)


# A manifest entry of any shape (wrong types, nesting, missing fields) is one line, never a
# traceback.

ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)
FIELDS = ["path", "sha256", "table", "sheets", "header_rows", "key_columns", "numeric_columns", "null_markers",
          "archive_member", "layout", "publisher_code", "publisher_kind"]  # fmt: skip


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(FIELDS), ANY_VALUE, max_size=6), keep_path=st.booleans())
def test_a_manifest_entry_of_any_shape_is_one_line(landing: Landing, fields: dict, keep_path: bool) -> None:
    relative = landing.write(b"a,b\n1,2\n")
    entry = {**landing.entry(relative, f"fuzz__t{next(landing.counter)}"), **fields}
    if keep_path:
        entry["path"] = relative
    landing.land([entry], "--allow-dead-ends")
