"""No dead ends: every raw table is read by a staging model, and the build record names only
files that reach one.

A file landed into a table no model reads (a new workbook vintage before its staging model)
would pass `dbt build` silently and be listed as a source of the published warehouse. Which
tables models read comes from dbt's own manifest (target/manifest.json, written by `dbt parse`
or `dbt build`: a source with a model among its children) when it is there and newer than the
models; else from the sources the YAML declares (models/**/_*__sources.yml), which is what
`total-place land` checks before it lands anything.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from total_place.manifest import DataFile, DataFileError, read_yaml
from total_place.settings import PROJECT_ROOT

RAW_SCHEMA = "raw"
BOOKKEEPING_TABLES = frozenset({"load_log", "quarantine", "column_map"})
MODELS_DIR = PROJECT_ROOT / "models"
DBT_MANIFEST = PROJECT_ROOT / "target" / "manifest.json"


def declared_sources(models_dir: Path = MODELS_DIR) -> set[str]:
    """Raw tables the sources YAML declares (by identifier, else name)."""
    tables: set[str] = set()
    for path in sorted(models_dir.rglob("_*__sources.yml")):
        for source in read_yaml(path).get("sources") or []:
            if source.get("schema", source.get("name")) != RAW_SCHEMA:
                continue
            for table in source.get("tables") or []:
                tables.add(table.get("identifier") or table["name"])
    return tables


def _dbt_manifest_is_current(dbt_manifest: Path, models_dir: Path) -> bool:
    if not dbt_manifest.is_file():
        return False
    written = dbt_manifest.stat().st_mtime
    return all(path.stat().st_mtime <= written for path in models_dir.rglob("*") if path.is_file())


def tables_read_by_models(dbt_manifest: Path = DBT_MANIFEST, models_dir: Path = MODELS_DIR) -> set[str]:
    """Raw tables that some model reads: from dbt's manifest when current, else the YAML."""
    if not _dbt_manifest_is_current(dbt_manifest, models_dir):
        return declared_sources(models_dir)
    document = json.loads(dbt_manifest.read_text(encoding="utf-8"))
    children = document.get("child_map", {})
    return {
        source["identifier"]
        for source_id, source in document.get("sources", {}).items()
        if source.get("schema") == RAW_SCHEMA and any(c.startswith("model.") for c in children.get(source_id, []))
    }


def check_files(data_files: list[DataFile], read: set[str]) -> None:
    """Before landing: one line naming the first file whose table no staging model reads."""
    for data_file in data_files:
        unread = sorted(set(data_file.tables) - read - BOOKKEEPING_TABLES)
        if unread:
            raise DataFileError(
                f"{data_file.path}: raw.{', raw.'.join(unread)} is read by no staging model (a dead end); "
                "add its source entry and staging model first, or land with --allow-dead-ends while writing them"
            )


def unread_raw_tables(con: duckdb.DuckDBPyConnection, read: set[str], database: str | None = None) -> list[str]:
    """Raw tables of a working database that no model reads."""
    catalog = "" if database is None else " and database_name = ?"
    landed = con.execute(
        f"select table_name from duckdb_tables() where schema_name = ?{catalog} order by 1",
        [RAW_SCHEMA] + ([database] if database else []),
    ).fetchall()
    return [table for (table,) in landed if table not in read and table not in BOOKKEEPING_TABLES]


def check_database(con: duckdb.DuckDBPyConnection, read: set[str], database_path: Path) -> None:
    """After a build: one line naming every raw table that no model reads."""
    unread = unread_raw_tables(con, read)
    if unread:
        raise DataFileError(
            f"{database_path}: raw.{', raw.'.join(unread)} read by no staging model (dead ends); "
            "add a source entry and staging model for each, or drop the table and its manifest entry"
        )
