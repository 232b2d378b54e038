"""Shared fixtures: the real data pack, and small copies of its files to break on purpose."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from total_place.manifest import DataFile, Manifest, sha256_of
from total_place.settings import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def pack_dir(settings: Settings) -> Path:
    if not (settings.data_dir / "MANIFEST.csv").is_file():
        pytest.fail(f"the public data pack is not at {settings.data_dir}; set TOTAL_PLACE_DATA_DIR")
    return settings.data_dir


@pytest.fixture(scope="session")
def manifest(settings: Settings) -> Manifest:
    return Manifest.load(settings.manifest_path)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(tmp_path / "landing_test.duckdb"))
    yield connection
    connection.close()


DataFileMaker = Callable[..., DataFile]


@pytest.fixture
def data_file_in(tmp_path: Path) -> DataFileMaker:
    """Write bytes as a file of a scratch data directory and return its manifest entry."""
    data_dir = tmp_path / "pack"

    def make(name: str, content: bytes, table: str = "test__table", **entry: object) -> DataFile:
        path = data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return DataFile(
            path=name,
            sha256=sha256_of(path),
            dataset="test",
            publisher="test",
            url="file://test",
            licence="OGL-UK-3.0",
            table=None if "sheets" in entry else table,
            **entry,
        )

    make.data_dir = data_dir  # type: ignore[attr-defined]
    return make


@pytest.fixture(scope="session")
def built_warehouse(settings: Settings) -> Path:
    """The working database `make test` has just built with `dbt build`."""
    if not settings.working_db.is_file():
        pytest.fail(f"no built warehouse at {settings.working_db}: run `make test`, which builds it first")
    return settings.working_db


def pytest_report_header() -> list[str]:
    return [f"TOTAL_PLACE_WORKING_DB={os.environ.get('TOTAL_PLACE_WORKING_DB', '(default)')}"]
