"""Export every public mart of the published warehouse to Parquet and CSV, with a data dictionary.

The dictionary comes from the dbt manifest, where every model and column is described, so the
files spreadsheet users open carry the same definitions as the docs site.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb

from total_place.settings import PROJECT_ROOT, Settings

PUBLIC_SCHEMA = "marts"


def _descriptions(manifest_path: Path) -> dict[str, dict]:
    """Public models' descriptions and column descriptions, by model name."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node.get("access") == "public"
    }


def export(settings: Settings, out_dir: Path, manifest_path: Path | None = None) -> list[Path]:
    manifest_path = manifest_path or PROJECT_ROOT / "target" / "manifest.json"
    if not manifest_path.is_file():
        raise FileNotFoundError(f"{manifest_path}: no dbt manifest; run `make build` (or `dbt parse`) first")
    models = _descriptions(manifest_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    dictionary_rows: list[list[str]] = []
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() where schema_name = ? order by 1", [PUBLIC_SCHEMA]
            ).fetchall()
        ]
        for table in tables:
            relation = f'{PUBLIC_SCHEMA}."{table}"'
            for suffix, options in (("parquet", "(format parquet, compression zstd)"), ("csv", "(format csv, header)")):
                path = out_dir / f"{table}.{suffix}"
                con.execute(f"copy (select * from {relation}) to '{path}' {options}")
                written.append(path)
            node = models.get(table, {})
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [PUBLIC_SCHEMA, table],
            ).fetchall()
            dictionary_rows.append([table, "", "", " ".join(node.get("description", "").split())])
            for name, data_type in columns:
                described = node.get("columns", {}).get(name, {}).get("description", "")
                dictionary_rows.append([table, name, data_type, " ".join(described.split())])
    dictionary = out_dir / "data_dictionary.csv"
    with dictionary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["table", "column", "data_type", "description"])
        writer.writerows(dictionary_rows)
    written.append(dictionary)
    return written
