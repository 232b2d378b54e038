"""Publish the analyst-facing marts from the working database to the published file, atomically.

Analysts and BI tools open only the published file. It is written whole under a temporary name
beside the target and then renamed over it, so a reader holding the old file keeps a complete
old warehouse, a new connection sees the complete new one, and a failed build publishes nothing.
Raw and staging rows (which may hold personal data) never leave the working database.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import duckdb
import yaml

from total_place.dead_ends import tables_read_by_models
from total_place.manifest import quote_identifier, quote_literal
from total_place.settings import PROJECT_ROOT, Settings

PUBLISHED_SCHEMAS = ("marts",)


def code_version() -> str:
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def project_version() -> str:
    """The dbt project's version: bumped whenever a public mart's contract changes."""
    return str(yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))["version"])


def publish(settings: Settings) -> list[str]:
    """Copy every table of the published schemas into a fresh file and swap it in; return its tables."""
    target = settings.published_db
    target.parent.mkdir(parents=True, exist_ok=True)
    staging_file = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    staging_file.unlink(missing_ok=True)
    published: list[str] = []
    try:
        con = duckdb.connect(str(staging_file), config=settings.duckdb_config())
        try:
            con.execute(f"attach {quote_literal(str(settings.working_db))} as working (read_only)")
            tables = con.execute(
                "select schema_name, table_name from duckdb_tables() "
                "where database_name = 'working' and schema_name in "
                f"({', '.join('?' for _ in PUBLISHED_SCHEMAS)}) order by 1, 2",
                list(PUBLISHED_SCHEMAS),
            ).fetchall()
            if not tables:
                raise RuntimeError(f"{settings.working_db}: no tables in {PUBLISHED_SCHEMAS}; run dbt build first")
            for schema, table in tables:
                name = f"{quote_identifier(schema)}.{quote_identifier(table)}"
                con.execute(f"create schema if not exists {quote_identifier(schema)}")
                con.execute(f"create table {name} as select * from working.{name}")
                published.append(f"{schema}.{table}")
            _record_build(con)
            con.execute("detach working")
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(staging_file, target)
    finally:
        staging_file.unlink(missing_ok=True)
    return published


def _record_build(con: duckdb.DuckDBPyConnection) -> None:
    """The published file says when it was built, from which code and from which data files."""
    con.execute("create schema if not exists meta")
    con.execute(
        "create table meta.build_info as select ? as built_at, ? as code_version, ? as project_version",
        [dt.datetime.now(dt.UTC).replace(tzinfo=None), code_version(), project_version()],
    )
    # Only files whose raw table a model reads (a dead end reached nothing that is published), and
    # not files whose latest entry in the log is their unlanding or another file superseding them.
    read = sorted(tables_read_by_models())
    con.execute(
        "create table meta.source_files as "
        "select source_file, arg_max(source_sha256, loaded_at) as source_sha256, "
        "max(loaded_at) as loaded_at from working.raw.load_log "
        "where list_contains(?::varchar[], raw_table) group by source_file "
        "having coalesce(arg_max(status, loaded_at), 'landed') <> 'unlanded' "
        "and not starts_with(coalesce(arg_max(status, loaded_at), 'landed'), 'superseded') order by source_file",
        [read],
    )
