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


def _financial_year_deflator(pack_dir: Path, start_year: int) -> float:
    """HM Treasury's method, worked here from ONS's quarterly YBGB in the pack: the mean of the
    four quarters April to March."""
    with (pack_dir / "hmt-gdp-deflators" / "gdp_deflators.csv").open(encoding="utf-8", newline="") as handle:
        quarters = {row[0]: float(row[1]) for row in csv.reader(handle) if len(row) == 2 and " Q" in row[0]}
    wanted = [f"{start_year} Q2", f"{start_year} Q3", f"{start_year} Q4", f"{start_year + 1} Q1"]
    return sum(quarters[quarter] for quarter in wanted) / 4


def test_pilots_set_beside_their_2008_09_counts_in_2008_09_prices(
    published: Path, built_warehouse: Path, pack_dir: Path
) -> None:
    rows = _run(published, "total_place_pilots_2008_09_compared.sql")
    assert [(row[0], row[1]) for row in rows][:2] == [("Birmingham", "all public spend"), ("Birmingham", "council")]
    assert len(rows) == 8
    # The earliest year every source covers: the CRA starts in 2013-14 and the Revenue Outturn has it.
    assert {row[4] for row in rows} == {"2013-14"}
    # 75.325 and 82.175 for 2008-09 and 2013-14, from the quarters.
    factor = _financial_year_deflator(pack_dir, 2008) / _financial_year_deflator(pack_dir, 2013)
    assert factor == pytest.approx(75.325 / 82.175)
    with duckdb.connect(str(published), read_only=True) as con:
        birmingham, pilots = con.execute(
            "select sum(case when place_name = 'Birmingham' then total_spend_gbp end), sum(total_spend_gbp) "
            "from marts.rpt_total_place_count where place_kind = 'total place pilot' and financial_year = '2013-14'"
        ).fetchone()
    assert rows[0][5] == pytest.approx(float(birmingham) * factor / 1e9, abs=0.006)
    # The city council's own current spend lies between its return's printed totals: total service
    # expenditure (line 699) plus housing benefits at least, net current expenditure (749, which
    # adds levies and other items the count leaves out) at most.
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        service_total, net_current = con.execute(
            "select sum(case when service_line_code = 699 then net_current_expenditure_gbp end), "
            "sum(case when service_line_code = 749 then net_current_expenditure_gbp end) "
            "from staging.stg_mhclg_revenue_outturn__service_expenditure "
            "where financial_year = '2013-14' and mhclg_ecode = 'E4601'"  # Birmingham, by MHCLG's code
        ).fetchone()
    assert float(service_total) * factor / 1e9 < rows[1][5] < float(net_current) * factor / 1e9
    assert rows[6][5] == pytest.approx(float(pilots) * factor / 1e9, abs=0.006)
    # The 2010 report's "about 20% of national spending"; every row explains itself.
    assert 0.15 < rows[7][6] < 0.25
    assert all(row[8] and ": " in row[8] for row in rows)
