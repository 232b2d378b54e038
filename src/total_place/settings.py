"""Where things are: every path and DuckDB setting, each overridable by an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    """Paths and DuckDB settings for one run.

    The working database is where landing and `dbt build` happen; only the published
    database is for analysts and BI tools (see `publish.py`).
    """

    data_dir: Path
    manifest_path: Path
    working_db: Path
    published_db: Path
    duckdb_memory_limit: str
    duckdb_threads: int
    duckdb_temp_directory: Path
    expectations_dir: Path
    data_docs_dir: Path

    @classmethod
    def from_env(cls) -> Settings:
        warehouse = _path_from_env("TOTAL_PLACE_WAREHOUSE_DIR", PROJECT_ROOT / "warehouse")
        return cls(
            data_dir=_path_from_env(
                "TOTAL_PLACE_DATA_DIR", (PROJECT_ROOT.parent / "shared" / "data" / "public").resolve()
            ),
            manifest_path=_path_from_env("TOTAL_PLACE_MANIFEST", PROJECT_ROOT / "data_manifest.yml"),
            working_db=_path_from_env("TOTAL_PLACE_WORKING_DB", warehouse / "work" / "total_place_work.duckdb"),
            published_db=_path_from_env("TOTAL_PLACE_PUBLISHED_DB", warehouse / "total_place.duckdb"),
            duckdb_memory_limit=os.environ.get("TOTAL_PLACE_DUCKDB_MEMORY_LIMIT", "4GB"),
            duckdb_threads=int(os.environ.get("TOTAL_PLACE_DUCKDB_THREADS", "2")),
            duckdb_temp_directory=_path_from_env(
                "TOTAL_PLACE_DUCKDB_TEMP_DIRECTORY", warehouse / "work" / "duckdb_tmp"
            ),
            expectations_dir=_path_from_env("TOTAL_PLACE_EXPECTATIONS_DIR", PROJECT_ROOT / "expectations"),
            data_docs_dir=_path_from_env("TOTAL_PLACE_DATA_DOCS_DIR", warehouse / "quality" / "data_docs"),
        )

    def duckdb_config(self) -> dict[str, str | int]:
        """DuckDB connection settings shared by landing, publishing and dbt (see profiles.yml)."""
        self.duckdb_temp_directory.mkdir(parents=True, exist_ok=True)
        return {
            "memory_limit": self.duckdb_memory_limit,
            "threads": self.duckdb_threads,
            "temp_directory": str(self.duckdb_temp_directory),
        }
