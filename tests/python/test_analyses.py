"""The example queries in analyses/ run on a published warehouse and give the right answers."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import duckdb
import pytest

from total_place.publish import publish
from total_place.settings import PROJECT_ROOT, Settings

ANALYSES = sorted((PROJECT_ROOT / "analyses").glob("*.sql"))


@pytest.fixture(scope="module")
def published(built_warehouse: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("published") / "total_place.duckdb"
    publish(dataclasses.replace(settings, working_db=built_warehouse, published_db=target))
    return target


def _run(published: Path, name: str) -> list[tuple]:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute((PROJECT_ROOT / "analyses" / name).read_text()).fetchall()


@pytest.mark.parametrize("analysis", ANALYSES, ids=lambda path: path.name)
def test_every_analysis_runs_on_the_published_warehouse(published: Path, analysis: Path) -> None:
    assert _run(published, analysis.name)


def test_most_deprived_place_is_blackpool(published: Path) -> None:
    # IMD 2019 File 10 ranks Blackpool (E06000009) 1st of 317 by average score (45.039);
    # no merger since 2019 produced a more deprived district.
    first = _run(published, "most_deprived_places.sql")[0]
    assert first[:2] == ("E06000009", "Blackpool") and first[-1] == 1


def test_regions_hold_all_296_places_and_englands_population(published: Path) -> None:
    rows = _run(published, "population_by_region.sql")
    assert len(rows) == 9
    assert sum(row[2] for row in rows) == 296
    # ONS mid-2020 England total.
    assert sum(row[3] for row in rows) == 56_550_138


def test_the_thirteen_pilots_are_counted_cumbria_among_them(published: Path) -> None:
    rows = _run(published, "total_place_pilots_then_and_now.sql")
    assert len(rows) == 13
    assert "Cumbria" in {row[0] for row in rows}
    assert all(row[2] > 0 for row in rows)


def test_leeds_payments_by_theme_add_up_to_the_published_file(published: Path, pack_dir: Path) -> None:
    # Worked out from the file itself: every amount of Leeds's June 2020 file, summed here
    # (the file ends with a blank line, which is no payment).
    with (pack_dir / "spend-over-500" / "leeds_raw_2020-06.csv").open(encoding="cp1252", newline="") as handle:
        amounts = [float(row["Amount"].replace(",", "")) for row in csv.DictReader(handle) if row["Amount"].strip()]
    rows = [row for row in _run(published, "council_payments_by_theme.sql") if row[0] == "Leeds City Council"]
    assert {row[1] for row in rows} == {"2020-21"}
    assert sum(row[4] for row in rows) == len(amounts) == 16_176
    assert sum(row[5] for row in rows) == pytest.approx(sum(amounts) / 1e6, abs=0.01)
