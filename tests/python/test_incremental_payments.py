"""Council payments at small scale: generated files land, and an incremental build after a new
month and a corrected month gives exactly the tables a full rebuild gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from total_place import generator
from total_place.bench import PAYMENTS_MODELS
from total_place.manifest import Manifest
from total_place.settings import PROJECT_ROOT, Settings

COUNCILS, ROWS_PER_MONTH = 4, 400


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _land(env: dict[str, str]) -> None:
    _run([sys.executable, "-m", "total_place.cli", "land"], env)


def _dbt_run(env: dict[str, str], *extra: str) -> None:
    dbt = str(Path(sys.executable).with_name("dbt"))
    _run([dbt, "run", "--quiet", "--select", *PAYMENTS_MODELS, *extra], env)


TABLES = ("fct_payments", "rpt_payments_monthly")


def _snapshot(database: Path, name: str) -> str:
    """The payments tables as they stand (their load times aside), copied beside them: compared in
    SQL, since the real pack's millions of payments are too many to sort in Python."""
    with duckdb.connect(str(database)) as con:
        for table in TABLES:
            con.execute(
                f"create or replace table main.{name}_{table} as select * exclude (loaded_at) from marts.{table}"
            )
    return name


def _differences(database: Path, first: str, second: str) -> dict[str, int]:
    """Rows of each payments table in one snapshot and not the other, either way (as multisets)."""
    with duckdb.connect(str(database), read_only=True) as con:
        return {
            table: con.execute(
                f"select (select count(*) from (select * from main.{first}_{table} except all "
                f"select * from main.{second}_{table})) + (select count(*) from (select * from main.{second}_{table} "
                f"except all select * from main.{first}_{table}))"
            ).fetchone()[0]
            for table in TABLES
        }


@pytest.fixture(scope="module")
def payments_env(built_warehouse: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict:
    scratch = tmp_path_factory.mktemp("payments")
    database = scratch / built_warehouse.name  # dbt's views name their catalog after the file
    shutil.copyfile(built_warehouse, database)
    out_dir = scratch / "generated"
    env = {
        **os.environ,
        "TOTAL_PLACE_WORKING_DB": str(database),
        "TOTAL_PLACE_DATA_DIR": str(out_dir),
        "TOTAL_PLACE_MANIFEST": str(out_dir / generator.MANIFEST_NAME),
        "DBT_PROFILES_DIR": str(PROJECT_ROOT),
    }
    return {"env": env, "database": database, "out_dir": out_dir, "scratch": scratch}


def test_generated_files_are_deterministic_and_in_four_layouts(settings: Settings, tmp_path: Path) -> None:
    manifest = Manifest.load(settings.manifest_path)
    first, _ = generator.generate(manifest, settings.data_dir, tmp_path / "a", councils=4, months=1, rows_per_month=50)
    second, _ = generator.generate(manifest, settings.data_dir, tmp_path / "b", councils=4, months=1, rows_per_month=50)
    assert first.read_text() == second.read_text()  # same seed and scale, same sha256 of every file
    headers = {(path.read_bytes().split(b"\r\n")[0]) for path in (tmp_path / "a").rglob("*.csv")}
    assert len(headers) == len(generator.LAYOUTS) == 4


def test_incremental_build_equals_full_rebuild(payments_env: dict, settings: Settings) -> None:
    env, database, out_dir = payments_env["env"], payments_env["database"], payments_env["out_dir"]
    manifest = Manifest.load(settings.manifest_path)

    # Two months land and build incrementally on top of the real pack's payments.
    generator.generate(manifest, settings.data_dir, out_dir, councils=COUNCILS, months=2, rows_per_month=ROWS_PER_MONTH)
    _land(env)
    _dbt_run(env)
    # A new month, and the first council's first month corrected (same file, new payments).
    generator.generate(
        manifest, settings.data_dir, out_dir, councils=COUNCILS, months=1, rows_per_month=ROWS_PER_MONTH, first_month=2
    )
    generator.generate(
        manifest, settings.data_dir, out_dir, councils=1, months=1, rows_per_month=ROWS_PER_MONTH, revision=1
    )
    _land(env)
    _dbt_run(env)
    incremental = _snapshot(database, "incremental")

    _dbt_run(env, "--full-refresh")
    full = _snapshot(database, "full")
    assert _differences(database, incremental, full) == {table: 0 for table in TABLES}

    # The classification seeds changed since the last build (simulated: every row carries another
    # version and a theme it no longer has): an incremental build reclassifies every month.
    classified = "intermediate.int_payment_descriptions_classified"
    with duckdb.connect(str(database)) as con:
        for table in (classified, *(f"marts.{table}" for table in TABLES)):
            con.execute(f"update {table} set theme = 'stale', classification_version = 'an older version'")
    _dbt_run(env)
    assert _differences(database, _snapshot(database, "reclassified"), full) == {table: 0 for table in TABLES}
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute(f"select count(*) from {classified} where theme = 'stale'").fetchone()[0] == 0

    # The corrected month holds the corrected file's payments only, and every landed row is there.
    entries = yaml.safe_load((out_dir / generator.MANIFEST_NAME).read_text())["datasets"][0]["files"]
    corrected = entries[0]
    with duckdb.connect(str(database), read_only=True) as con:
        landed, in_mart = con.execute(
            "select (select rows_landed from raw.load_log where source_file = ? order by loaded_at desc limit 1), "
            "(select count(*) from marts.fct_payments where source_file = ?)",
            [corrected["path"], corrected["path"]],
        ).fetchone()
        raw_rows, mart_rows = con.execute(
            "select (select count(*) from raw.payments__transactions), (select count(*) from marts.fct_payments)"
        ).fetchone()
    assert in_mart == landed > 0
    assert mart_rows == raw_rows


def test_council_months_whose_raw_rows_are_gone_leave_the_incremental_models(payments_env: dict) -> None:
    """A file re-issued for another month, and a file un-landed: an incremental build drops the
    council-months they held, as a full refresh does (it once kept them until a full refresh)."""
    env, database, out_dir = payments_env["env"], payments_env["database"], payments_env["out_dir"]
    manifest_path = out_dir / generator.MANIFEST_NAME
    document = yaml.safe_load(manifest_path.read_text())
    entries = document["datasets"][0]["files"]
    by_council: dict[str, list[dict]] = {}
    for entry in entries:
        by_council.setdefault(entry["publisher_code"], []).append(entry)
    first, second = sorted(by_council)[:2]
    reissued, other_month = sorted(by_council[first], key=lambda e: e["path"])[:2]
    # The publisher re-issues its first month's file, and it now holds the next month's payments.
    content = (out_dir / other_month["path"]).read_bytes()
    (out_dir / reissued["path"]).write_bytes(content)
    reissued["sha256"] = other_month["sha256"]
    manifest_path.write_text(yaml.safe_dump(document, sort_keys=False))
    _land(env)
    gone = sorted(by_council[second], key=lambda e: e["path"])[0]
    _run([sys.executable, "-m", "total_place.cli", "unland", gone["path"]], env)
    _dbt_run(env)
    incremental = _snapshot(database, "incremental_after_gone")
    _dbt_run(env, "--full-refresh")
    full = _snapshot(database, "full_after_gone")
    assert _differences(database, incremental, full) == {table: 0 for table in TABLES}
    with duckdb.connect(str(database), read_only=True) as con:
        held = con.execute(
            "select count(*) from marts.fct_payments where source_file in (?, ?)", [gone["path"], reissued["path"]]
        ).fetchone()[0]
        months = con.execute(
            "select count(distinct period) from marts.fct_payments where publisher_code = ?", [first]
        ).fetchone()[0]
    # The un-landed file holds nothing; the re-issued file holds the other month (its first month is gone).
    reissued_rows = con_rows = None
    with duckdb.connect(str(database), read_only=True) as con:
        reissued_rows, con_rows = con.execute(
            "select (select count(*) from marts.fct_payments where source_file = ?), "
            "(select count(*) from raw.payments__transactions where _source_file = ?)",
            [reissued["path"], reissued["path"]],
        ).fetchone()
    assert held == reissued_rows == con_rows > 0
    assert months == 2  # three months generated, the first gone
