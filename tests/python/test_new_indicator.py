"""A new indicator in the Fingertips long format reaches the baseline with only a catalogue entry.

The test copies the project and the built test warehouse, drops a new extract into a scratch
data directory, adds one row to the copy's indicator catalogue, lands the file and rebuilds the
outcome models with dbt: no SQL or Python is changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb

from total_place.landing import land_file
from total_place.manifest import DataFile, sha256_of
from total_place.settings import PROJECT_ROOT

EXTRACT = """area_code,area_name,period,value,indicator,measure,unit,significance
E92000001,England,2018/19,12.5,Loneliness in older people,Percentage,Persons,Not compared
E08000035,Leeds,2018/19,14.1,Loneliness in older people,Percentage,Persons,Worse
E08000025,Birmingham,2018/19,11.0,Loneliness in older people,Percentage,Persons,Better
E07000026,Allerdale,2018/19,9.2,Loneliness in older people,Percentage,Persons,Similar
"""
CATALOGUE_ROW = (
    "loneliness_older_people,Loneliness in older people,fingertips,percentage,lower_is_better,"
    "proportion,wilson,100,population_65_plus,false,older people,0,100\n"
)


def test_a_new_long_format_indicator_needs_only_a_catalogue_entry(built_warehouse: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(
        PROJECT_ROOT,
        project,
        ignore=shutil.ignore_patterns(".venv", "warehouse", "target", "logs", ".git", "__pycache__"),
    )
    with (project / "seeds" / "indicator_catalogue.csv").open("a", encoding="utf-8") as catalogue:
        catalogue.write(CATALOGUE_ROW)
    working_db = tmp_path / "working.duckdb"
    shutil.copyfile(built_warehouse, working_db)

    extract = tmp_path / "pack" / "fingertips-outcomes" / "older_people_loneliness.csv"
    extract.parent.mkdir(parents=True)
    extract.write_text(EXTRACT, encoding="utf-8")
    data_file = DataFile(
        path="fingertips-outcomes/older_people_loneliness.csv",
        sha256=sha256_of(extract),
        dataset="ohid_fingertips",
        publisher="test",
        url="https://fingertips.phe.org.uk/",
        licence="OGL-UK-3.0",
        table="fingertips__indicator_values",
        key_columns=["area_code", "period", "indicator"],
        numeric_columns=["value"],
        null_markers=["NA"],
    )
    with duckdb.connect(str(working_db)) as con:
        land_file(con, data_file, tmp_path / "pack")

    env = {**os.environ, "TOTAL_PLACE_WORKING_DB": str(working_db), "DBT_PROFILES_DIR": str(project)}
    dbt = Path(os.environ.get("VIRTUAL_ENV", PROJECT_ROOT / ".venv")) / "bin" / "dbt"
    for args in (["seed", "--select", "indicator_catalogue"], ["run", "--select", "+fct_outcome_baseline"]):
        subprocess.run([str(dbt), *args, "--project-dir", str(project)], env=env, cwd=project, check=True)

    with duckdb.connect(str(working_db), read_only=True) as con:
        rows = con.execute(
            "select district_code, indicator_value, england_value, comparison_with_england, is_upper_tier_value "
            "from marts.fct_outcome_baseline where indicator_id = 'loneliness_older_people' order by district_code"
        ).fetchall()
    # Allerdale (E07000026) merged into Cumberland in 2023, so its district value is not Cumberland's.
    assert rows == [
        ("E08000025", 11.0, 12.5, "better", False),
        ("E08000035", 14.1, 12.5, "worse", False),
    ]
