"""Neighbourhoods with persistently poor outcomes: rpt_place_neighbourhoods against a hand count.

For Blackpool and Leeds (neither changed boundaries from 2009 to 2023), the small areas in
England's most deprived IMD decile in each vintage are counted here straight from the pack's
files with pandas, independently of the landing and the models: IoD2015 and IoD2019 File 1 by
the district they print, and IoD2010 on 2011 small areas through ONS's 2001-2011 lookup (a 2011
area counts where every 2001 parent it has was in decile 1). The persistently deprived are the
2011 areas in all three sets.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

IMD_HISTORY = "imd-history"
PLACES = {"E06000009": "Blackpool", "E08000035": "Leeds"}


@pytest.fixture(scope="module")
def warehouse(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()


def _file_1(pack_dir: Path, name: str, sheet: str) -> pd.DataFrame:
    """Columns by position as the README lays them out: LSOA code, district name and decile (1st, 4th, 6th)."""
    frame = pd.read_excel(pack_dir / IMD_HISTORY / name, sheet_name=sheet, usecols=[0, 3, 5], dtype=str)
    frame.columns = ["lsoa11", "district_name", "decile"]
    return frame


@pytest.fixture(scope="module")
def most_deprived_by_vintage(pack_dir: Path) -> dict[int, pd.DataFrame]:
    """Per vintage, the 2011 small areas in decile 1 with the name of the district the file gives them."""
    imd2019 = _file_1(pack_dir, "File_1_-_IMD2019_Index_of_Multiple_Deprivation.xlsx", "IMD2019")
    imd2015 = _file_1(pack_dir, "File_1_ID_2015_Index_of_Multiple_Deprivation.xlsx", "IMD 2015")
    imd2010 = pd.read_csv(pack_dir / IMD_HISTORY / "imd2010_lsoa11_england.csv", dtype=str)
    lookup = pd.read_csv(pack_dir / IMD_HISTORY / "LSOA01_LSOA11_LAD11_EW_LU.csv", dtype=str, keep_default_na=False)
    parents = lookup.merge(imd2010, left_on="LSOA01CD", right_on="lsoa01_code", how="inner")
    parents["in_decile_1"] = parents["IMD_decile"] == "1"
    all_parents_in_decile_1 = parents.groupby(["LSOA11CD", "LAD11NM"])["in_decile_1"].all().reset_index()
    carried_2010 = all_parents_in_decile_1[all_parents_in_decile_1["in_decile_1"]].rename(
        columns={"LSOA11CD": "lsoa11", "LAD11NM": "district_name"}
    )
    return {
        2010: carried_2010[["lsoa11", "district_name"]],
        2015: imd2015[imd2015["decile"] == "1"][["lsoa11", "district_name"]],
        2019: imd2019[imd2019["decile"] == "1"][["lsoa11", "district_name"]],
    }


def _hand_sets(most_deprived: dict[int, pd.DataFrame], name: str) -> dict[int, set[str]]:
    return {
        vintage: set(frame.loc[frame["district_name"] == name, "lsoa11"]) for vintage, frame in most_deprived.items()
    }


@pytest.mark.parametrize("district_code", sorted(PLACES))
def test_most_deprived_decile_counts_agree_with_the_files(
    warehouse: duckdb.DuckDBPyConnection, most_deprived_by_vintage: dict[int, pd.DataFrame], district_code: str
) -> None:
    by_hand = _hand_sets(most_deprived_by_vintage, PLACES[district_code])
    rows = warehouse.execute(
        "select imd_vintage, most_deprived_decile_small_areas, persistently_deprived_small_areas "
        "from marts.rpt_place_neighbourhoods where place_kind = 'district' and place_code = ? order by 1",
        [district_code],
    ).fetchall()
    assert {vintage: count for vintage, count, _ in rows} == {vintage: len(areas) for vintage, areas in by_hand.items()}
    persistent = set.intersection(*by_hand.values())
    assert persistent, "a place chosen for its deprivation has persistently deprived areas"
    assert {persistent_count for _, _, persistent_count in rows} == {len(persistent)}


@pytest.mark.parametrize("district_code", sorted(PLACES))
def test_the_detail_lists_the_same_persistently_deprived_areas(
    warehouse: duckdb.DuckDBPyConnection, most_deprived_by_vintage: dict[int, pd.DataFrame], district_code: str
) -> None:
    by_hand = set.intersection(*_hand_sets(most_deprived_by_vintage, PLACES[district_code]).values())
    listed = warehouse.execute(
        "select lsoa_code, count(*) from marts.fct_small_area_deprivation "
        "where district_code = ? and is_persistently_deprived group by 1",
        [district_code],
    ).fetchall()
    assert {code for code, _ in listed} == by_hand
    assert {vintages for _, vintages in listed} == {3}


def test_share_of_residents_is_the_persistently_deprived_areas_population_over_the_place(
    warehouse: duckdb.DuckDBPyConnection, pack_dir: Path
) -> None:
    population = pd.read_csv(pack_dir / "lsoa-population" / "2019_population.csv", dtype=str, encoding="utf-8-sig")
    population["pop"] = population["pop"].str.replace(",", "").astype(int)
    areas = warehouse.execute(
        "select lsoa_code, is_persistently_deprived from marts.fct_small_area_deprivation "
        "where district_code = 'E06000009' and imd_vintage = 2019"
    ).df()
    joined = areas.merge(population, left_on="lsoa_code", right_on="lsoa")
    expected = joined.loc[joined["is_persistently_deprived"], "pop"].sum() / joined["pop"].sum()
    share = warehouse.execute(
        "select distinct persistently_deprived_population_share from marts.rpt_place_neighbourhoods "
        "where place_kind = 'district' and place_code = 'E06000009'"
    ).fetchall()
    assert share == [(pytest.approx(expected),)]
