"""A Great Expectations SQL data source that works on DuckDB, so every check runs as SQL inside DuckDB.

Why this module exists: with great_expectations 1.x and duckdb-engine, a plain SQL data source
returns no rows for every metric, so every expectation fails with no observed value:
  https://github.com/great-expectations/great_expectations/issues/10738
  https://github.com/great-expectations/great_expectations/issues/11579
GE runs each query in `with engine.connect() as connection:` and reads the result after that
block. Leaving the block closes the SQLAlchemy connection, which rolls back its transaction; a
DuckDB result does not survive a rollback on its connection, so the late read finds nothing.
GE already keeps one connection open for SQLite and SQL Server for a similar reason; this engine
does the same for DuckDB, and nothing else. `tests/python/test_gx_duckdb.py` checks that the
plain data source still fails: when it passes, upstream is fixed and this module can go.

Everything GE computes is pushed down as SQL to DuckDB; no table is read into Python.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

# Great Expectations sends usage statistics unless told not to; this machine has no network.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import sqlalchemy
from great_expectations.datasource.fluent import SQLDatasource
from great_expectations.execution_engine import SqlAlchemyExecutionEngine


class DuckDBExecutionEngine(SqlAlchemyExecutionEngine):
    """GE's SQL engine with one DuckDB connection kept open for the whole validation."""

    @contextmanager
    def get_connection(self) -> Iterator[sqlalchemy.Connection]:
        if self._connection is None or self._connection.closed:
            self._connection = self.engine.connect()
        yield self._connection

    def close(self) -> None:
        """Close the kept connection too, so the file can be opened again in this process."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        super().close()


class DuckDBDatasource(SQLDatasource):
    """`context.data_sources.add_duckdb(...)`: a SQL data source using `DuckDBExecutionEngine`."""

    type: Literal["duckdb"] = "duckdb"  # type: ignore[assignment]

    @property
    def execution_engine_type(self) -> type[SqlAlchemyExecutionEngine]:
        return DuckDBExecutionEngine


def read_only_connection(database: Path, duckdb_config: dict[str, str | int]) -> dict[str, object]:
    """Arguments for `add_duckdb` that open the database file read-only with the project's settings."""
    return {
        "connection_string": f"duckdb:///{database}",
        "kwargs": {"connect_args": {"read_only": True, "config": dict(duckdb_config)}},
    }
