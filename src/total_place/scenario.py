"""`total-place scenario FILE.yml`: validate a pooled prevention budget scenario, build it, write its page.

Python only checks the file and hands it to dbt as the var `scenario`; the arithmetic is in
models/marts/prevention/rpt_scenario_pooled_budget.sql. A malformed scenario stops with one
line naming the file and the problem (ScenarioError).
"""

from __future__ import annotations

import csv
import json
import math
import re
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import yaml

from total_place.settings import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "seeds"
REQUIRED_KEYS = {
    "name",
    "places",
    "base_year",
    "years",
    "shift_per_year",
    "from_stage",
    "contributors",
    "pooled_themes",
    "to_stages",
}
CONTRIBUTOR_KEYS = {"partner", "source", "line"}
MODEL = "rpt_scenario_pooled_budget"


class ScenarioError(ValueError):
    """A scenario file that cannot be run: the message names the file and the problem."""


@dataclass(frozen=True)
class KnownValues:
    """What a scenario may name: places, partners (kinds of body), lines per source, themes, stages, years."""

    places: frozenset[str]
    partners: frozenset[str]
    lines: frozenset[tuple[str, str]]
    themes: frozenset[str]
    stages: frozenset[str]
    years: frozenset[str]


def _seed_rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def known_values(working_db: Path) -> KnownValues:
    """Places, partners, lines and years from the built working database; themes and stages from the seeds."""
    if not working_db.exists():
        raise FileNotFoundError(f"{working_db}: no working database; run `make build` (or dbt build) first")
    with duckdb.connect(str(working_db), read_only=True) as con:
        districts = con.sql("select district_code, district_name from marts.dim_place").fetchall()
        partners = con.sql("select distinct body_kind from marts.fct_place_spend").fetchall()
        lines = con.sql("select distinct source, service_line_code from marts.fct_place_spend").fetchall()
        years = con.sql("select distinct financial_year from marts.fct_place_spend").fetchall()
    pilots = {row["pilot_name"] for row in _seed_rows("total_place_pilots")}
    all_lines = {(source, line) for source, line in lines} | {(source, line.split(".")[0]) for source, line in lines}
    return KnownValues(
        places=frozenset(pilots | {code for code, _ in districts} | {name for _, name in districts}),
        partners=frozenset(kind for (kind,) in partners),
        lines=frozenset(all_lines),
        themes=frozenset(row["theme"] for row in _seed_rows("spend_lines")),
        stages=frozenset(row["stage"] for row in _seed_rows("prevention_stages")),
        years=frozenset(year for (year,) in years),
    )


def _shares(path: Path, scenario: dict[str, Any], key: str, allowed: frozenset[str], what: str) -> None:
    shares = scenario[key]
    if not isinstance(shares, dict) or not shares:
        raise ScenarioError(f"{path}: {key} must map each {what} to its share")
    for name, share in shares.items():
        if name not in allowed:
            raise ScenarioError(f"{path}: {key} names an unknown {what} {name!r}")
        if isinstance(share, bool) or not isinstance(share, int | float) or not math.isfinite(share):
            raise ScenarioError(f"{path}: {key} gives {name!r} a share that is not a number")
        if share < 0:
            raise ScenarioError(f"{path}: {key} gives {name!r} a negative share")
    total = sum(shares.values())
    if total > 1 + 1e-9:
        raise ScenarioError(f"{path}: {key} shares add to {total:.0%}, over 100%")
    if total < 1 - 1e-9:
        raise ScenarioError(f"{path}: {key} shares add to {total:.0%}, not 100% (the pool would not be spent)")


def validate(path: Path, known: KnownValues) -> dict[str, Any]:
    """The scenario file as a dict dbt can take as the var `scenario`, or ScenarioError naming the problem."""
    try:
        scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ScenarioError(f"{path}: no such file") from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path}: not a YAML file ({type(error).__name__})") from error
    if not isinstance(scenario, dict):
        raise ScenarioError(f"{path}: a scenario is a YAML mapping of {', '.join(sorted(REQUIRED_KEYS))}")
    missing = REQUIRED_KEYS - scenario.keys()
    if missing:
        raise ScenarioError(f"{path}: missing {', '.join(sorted(missing))}")
    unknown = scenario.keys() - REQUIRED_KEYS
    if unknown:
        raise ScenarioError(f"{path}: unknown key {', '.join(sorted(map(str, unknown)))}")
    if not isinstance(scenario["name"], str) or not re.fullmatch(r"[a-z0-9_]+", scenario["name"]):
        raise ScenarioError(f"{path}: name must be lowercase letters, digits and underscores")
    places = scenario["places"]
    if not isinstance(places, list) or not places:
        raise ScenarioError(f"{path}: places must be a list of places")
    for place in places:
        if place not in known.places:
            raise ScenarioError(f"{path}: unknown place {place!r} (a Total Place pilot, or a district's name or code)")
    if str(scenario["base_year"]) not in known.years:
        raise ScenarioError(f"{path}: base_year {scenario['base_year']!r} is not a year of the count")
    scenario["base_year"] = str(scenario["base_year"])
    years, shift = scenario["years"], scenario["shift_per_year"]
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ScenarioError(f"{path}: years must be a whole number of years, at least 1")
    if isinstance(shift, bool) or not isinstance(shift, int | float) or not math.isfinite(shift):
        raise ScenarioError(f"{path}: shift_per_year must be a number (0.02 is 2% a year)")
    if shift < 0:
        raise ScenarioError(f"{path}: shift_per_year is negative ({shift}); a shift moves money towards prevention")
    if shift * years > 1 + 1e-9:
        raise ScenarioError(f"{path}: shift_per_year times years is {shift * years:.0%}, over 100% of the lines")
    if scenario["from_stage"] not in known.stages:
        raise ScenarioError(f"{path}: unknown from_stage {scenario['from_stage']!r}")
    contributors = scenario["contributors"]
    if not isinstance(contributors, list) or not contributors:
        raise ScenarioError(f"{path}: contributors must be a list of partner, source and line")
    for contributor in contributors:
        if not isinstance(contributor, dict) or set(contributor) != CONTRIBUTOR_KEYS:
            raise ScenarioError(f"{path}: each contributor has exactly partner, source and line")
        contributor["line"] = str(contributor["line"])
        if contributor["partner"] not in known.partners:
            raise ScenarioError(f"{path}: unknown partner {contributor['partner']!r} (a kind of body of the count)")
        if (contributor["source"], contributor["line"]) not in known.lines:
            raise ScenarioError(f"{path}: unknown line {contributor['line']!r} of source {contributor['source']!r}")
    _shares(path, scenario, "pooled_themes", known.themes, "theme")
    _shares(path, scenario, "to_stages", known.stages - {scenario["from_stage"]}, "stage (other than from_stage)")
    return scenario


def _table(rows: list[tuple[Any, ...]], headers: list[str]) -> str:
    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return f"{value:,.2f}"
        if isinstance(value, float):
            return f"{value:,.4g}" if abs(value) < 10 else f"{value:,.1f}"
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def write_page(con: duckdb.DuckDBPyConnection, scenario: dict[str, Any], source_file: Path, out_dir: Path) -> Path:
    """The scenario's output page (markdown) from the built rpt_scenario_pooled_budget."""

    def rows(section: str, columns: str) -> list[tuple[Any, ...]]:
        return con.execute(
            f"select place_name, {columns} from marts.{MODEL} where section = ? "
            "order by place_name, scenario_year, stage_order, partner, theme, indicator_id, district_code",
            [section],
        ).fetchall()

    money = "amount_gbp"
    parts = [
        f"# Scenario: {scenario['name']}",
        "",
        f"From {source_file}. Base year {scenario['base_year']}; {scenario['shift_per_year']:.1%} a year of each "
        f"contributing line's spend at '{scenario['from_stage']}' moves into the pooled budget, cumulatively, for "
        f"{scenario['years']} years. Built by dbt (marts.{MODEL}); amounts in pounds at outturn prices of the base "
        "year. Outcomes are the baseline the pooled budget aims to move: no effect is forecast.",
        "",
        "## Who contributes what each year",
        "",
        _table(
            rows("contribution", f"scenario_year, partner, source, line_key, base_amount_gbp, {money}"),
            ["place", "year", "partner", "source", "line", "base-year spend at the stage (£)", "contribution (£)"],
        ),
        "",
        "## Pooled budget by theme and stage",
        "",
        _table(
            rows("pooled budget", f"scenario_year, theme, stage, amount_share, {money}"),
            ["place", "year", "theme", "stage", "share of pool", "pooled (£)"],
        ),
        "",
        "## The place's spectrum before and after",
        "",
        _table(
            rows("spectrum", f"scenario_year, stage, base_amount_gbp, {money}, amount_share"),
            ["place", "year", "stage", "before (£)", "after (£)", "share after"],
        ),
        "",
        "## Outcomes the pooled themes target (baseline)",
        "",
        _table(
            rows(
                "outcome",
                "district_code, indicator_name, indicator_period, polarity, baseline_value, england_gap, peer_gap",
            ),
            ["place", "district", "indicator", "period", "polarity", "baseline", "gap to England", "gap to peers"],
        ),
        "",
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / f"{scenario['name']}.md"
    page.write_text("\n".join(parts), encoding="utf-8")
    return page


def check_contributions(con: duckdb.DuckDBPyConnection, scenario: dict[str, Any], path: Path) -> None:
    """Every contributor must have spend at `from_stage` in every place in the base year: one
    that has none would add nothing and drop out of the pool unseen."""
    places = [row[0] for row in con.execute(f"select distinct place_name from marts.{MODEL} order by 1").fetchall()]
    found = set(
        con.execute(
            f"select place_name, partner, source, line_key from marts.{MODEL} "
            "where section = 'contribution' and base_amount_gbp > 0"
        ).fetchall()
    )
    for place in places:
        for contributor in scenario["contributors"]:
            partner, source, line = contributor["partner"], contributor["source"], contributor["line"]
            if (place, partner, source, line) not in found:
                raise ScenarioError(
                    f"{path}: {partner} has no spend on {source} line {line} at {scenario['from_stage']!r} in "
                    f"{place} in {scenario['base_year']}: a contributor that adds nothing"
                )


def run(settings: Settings, path: Path, out_dir: Path) -> int:
    """Validate the file, build the scenario's model and its tests with it, write the page."""
    scenario = validate(path, known_values(settings.working_db))
    command = [
        str(Path(sys.executable).with_name("dbt")),
        "build",
        "--quiet",
        "--select",
        MODEL,
        "--vars",
        json.dumps({"scenario": scenario}),
    ]
    result = subprocess.run(command, cwd=PROJECT_ROOT, check=False)
    if result.returncode != 0:
        raise ScenarioError(f"{path}: dbt build of {MODEL} failed (logs/dbt.log says why)")
    with duckdb.connect(str(settings.working_db), read_only=True) as con:
        check_contributions(con, scenario, path)
        page = write_page(con, scenario, path, out_dir)
    print(f"{path}: {MODEL} built and reconciled; page {page}")
    return 0
