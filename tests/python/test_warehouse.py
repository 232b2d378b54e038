"""The warehouse `make test` built: nothing lost in landing, and what is published is right."""

from __future__ import annotations

import csv
import dataclasses
import gzip
import io
import json
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest
import yaml

from total_place.landing import land_file
from total_place.manifest import Manifest
from total_place.publish import publish
from total_place.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="module")
def warehouse(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()


def _csv_records(path: Path, archive_member: str | None, header_rows: list[int] | None = None) -> int:
    """Records after the header (the first record, or the last of the manifest's header rows),
    counted with the csv module, independently of the landing code.

    Latin-1 decodes any byte, and every encoding in the pack agrees with it on the delimiters.
    """
    before_data = max(header_rows) if header_rows else 1
    if archive_member:
        with zipfile.ZipFile(path) as archive, archive.open(archive_member) as member:
            text = io.TextIOWrapper(member, encoding="latin-1", newline="")
            return sum(1 for _ in csv.reader(text)) - before_data
    if path.suffix == ".gz":
        with gzip.open(path, "rt", newline="", encoding="latin-1") as handle:
            return sum(1 for _ in csv.reader(handle)) - before_data
    with path.open(newline="", encoding="latin-1") as handle:
        return sum(1 for _ in csv.reader(handle)) - before_data


def test_every_file_read_equals_landed_plus_quarantined(warehouse, manifest: Manifest, pack_dir: Path) -> None:
    logged = {
        (row[0], row[1]): row[2:]
        for row in warehouse.execute(
            "select source_file, raw_table, arg_max(rows_read, loaded_at), arg_max(rows_landed, loaded_at), "
            "arg_max(rows_quarantined, loaded_at) from raw.load_log group by 1, 2"
        ).fetchall()
    }
    for data_file in manifest.files:
        if data_file.duplicate_of is not None:  # the same bytes as a file that lands: never landed
            assert not any(path == data_file.path for path, _ in logged), data_file.path
            continue
        for table in data_file.tables:
            read, landed, quarantined = logged[(data_file.path, table)]
            assert read == landed + quarantined, (data_file.path, table)
            in_table = warehouse.execute(
                f'select count(*) from raw."{table}" where _source_file = ?', [data_file.path]
            ).fetchone()[0]
            assert in_table == landed, (data_file.path, table)
            if not data_file.sheets:
                records = _csv_records(pack_dir / data_file.path, data_file.archive_member, data_file.header_rows)
                assert read == records, data_file.path


def test_landing_the_pack_again_leaves_raw_unchanged(
    built_warehouse: Path, manifest: Manifest, pack_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built_warehouse, copy)
    count_rows = "select table_name, estimated_size from duckdb_tables() where schema_name = 'raw' order by 1"
    with duckdb.connect(str(copy)) as con:
        tables = [row[0] for row in con.execute(count_rows).fetchall()]
        before = {t: con.execute(f'select count(*) from raw."{t}"').fetchone()[0] for t in tables}
        results = [r for data_file in manifest.files for r in land_file(con, data_file, pack_dir)]
        after = {t: con.execute(f'select count(*) from raw."{t}"').fetchone()[0] for t in tables}
    # A copy of another file (duplicate_of) is never landed, then or now.
    assert {result.status for result in results if not result.status.startswith("duplicate of ")} == {"unchanged"}
    assert after == before


def test_dim_place_has_the_296_districts_with_every_column_filled(warehouse) -> None:
    columns = [
        row[0]
        for row in warehouse.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'dim_place'"
        ).fetchall()
    ]
    counts = dict(
        zip(
            columns,
            warehouse.execute(f"select {', '.join(f'count({c})' for c in columns)} from marts.dim_place").fetchone(),
            strict=True,
        )
    )
    # Only districts in a combined authority have one: the 2023 lookup lists 53 of them.
    # 11 of today's districts were formed since 2016: Bournemouth, Christchurch and Poole,
    # Dorset, East and West Suffolk (2019), Buckinghamshire (2020), North and West
    # Northamptonshire (2021), Cumberland, Westmorland and Furness, North Yorkshire and
    # Somerset (2023).
    assert counts.pop("combined_authority_code") == counts.pop("combined_authority_name") == 53
    assert counts.pop("predecessor_district_codes") == 11
    assert set(counts.values()) == {296}


def test_restated_districts_carry_their_predecessors(warehouse) -> None:
    north_yorkshire = warehouse.execute(
        "select population_mid_2020, predecessor_district_codes, is_imd_restated "
        "from marts.dim_place where district_code = 'E06000065'"
    ).fetchone()
    # Mid-2020 populations of the seven North Yorkshire districts in the pack (E07000163-169):
    # 57,338 + 91,932 + 161,545 + 53,732 + 55,629 + 108,737 + 91,697 = 620,610.
    assert north_yorkshire[0] == 620_610
    assert north_yorkshire[1] == ", ".join(f"E07000{n}" for n in range(163, 170))
    assert north_yorkshire[2] is True


def test_publish_holds_marts_only_and_records_its_build(
    built_warehouse: Path, settings: Settings, manifest: Manifest, tmp_path: Path
) -> None:
    target = tmp_path / "published" / "total_place.duckdb"
    published_settings = dataclasses.replace(settings, working_db=built_warehouse, published_db=target)
    tables = publish(published_settings)
    assert "marts.dim_place" in tables
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_place").fetchone() == (296,)
        schemas = {row[0] for row in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
        assert schemas == {"marts", "meta"}
        files = dict(con.execute("select source_file, source_sha256 from meta.source_files").fetchall())
        assert files == {f.path: f.sha256 for f in manifest.files if f.duplicate_of is None}
        project_version = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["version"]
        assert con.execute(
            "select count(*) from meta.build_info where code_version <> '' and project_version = ?", [project_version]
        ).fetchone() == (1,)
    assert not list(target.parent.glob(".*.tmp"))


def test_every_raw_table_has_a_source_and_a_staging_model(warehouse, settings: Settings) -> None:
    """No landed table is left unused: each is a dbt source that a staging model selects from."""
    manifest_json = json.loads((PROJECT_ROOT / "target" / "manifest.json").read_text())
    sources = {
        node["unique_id"]: node["identifier"] for node in manifest_json["sources"].values() if node["schema"] == "raw"
    }
    staged = {
        sources[parent]
        for node in manifest_json["nodes"].values()
        if node["resource_type"] == "model" and node["name"].startswith("stg_")
        for parent in node["depends_on"]["nodes"]
        if parent in sources
    }
    bookkeeping = {"load_log", "quarantine", "column_map"}
    raw_tables = {
        row[0]
        for row in warehouse.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()
    }
    # The column map is bookkeeping, but staging may read it (which columns a workbook had).
    assert raw_tables - bookkeeping == staged - bookkeeping


def test_every_model_and_column_is_described(warehouse) -> None:
    """Docs in YAML, not in heads: every model and every column it builds has a description."""
    manifest_json = json.loads((PROJECT_ROOT / "target" / "manifest.json").read_text())
    undescribed = []
    for node in manifest_json["nodes"].values():
        if node["resource_type"] != "model":
            continue
        columns = warehouse.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [node["schema"], node["alias"]],
        ).fetchall()
        assert columns, node["name"]
        if not node["description"]:
            undescribed.append(node["name"])
        undescribed += [f"{node['name']}.{c}" for (c,) in columns if not node["columns"].get(c, {}).get("description")]
    assert undescribed == []
