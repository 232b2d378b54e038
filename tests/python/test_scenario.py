"""The pooled prevention budget scenario: the file's checks (one line naming the file and the
problem, exit 2) and the shipped example, which `make test` builds as dbt's default var."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from total_place import cli, scenario
from total_place.scenario import KnownValues, ScenarioError, validate
from total_place.settings import PROJECT_ROOT

EXAMPLE = PROJECT_ROOT / "scenarios" / "birmingham_older_people.yml"

KNOWN = KnownValues(
    places=frozenset({"Birmingham", "E08000025", "Leeds"}),
    partners=frozenset({"council", "NHS and health", "police"}),
    lines=frozenset({("revenue_outturn", "360"), ("cra", "7.A"), ("cra", "7")}),
    themes=frozenset({"older people", "health and wellbeing"}),
    stages=frozenset(
        {
            "universal and primary prevention",
            "secondary prevention and early intervention",
            "tertiary prevention",
            "acute and crisis response",
            "enabling or not applicable",
        }
    ),
    years=frozenset({"2016-17", "2017-18"}),
)


def _write(tmp_path: Path, **changes: object) -> Path:
    content = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            content.pop(key)
        else:
            content[key] = value
    path = tmp_path / "scenario.yml"
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return path


def test_the_example_is_valid_and_is_dbts_default_scenario(tmp_path: Path) -> None:
    example = validate(EXAMPLE, KNOWN)
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    default = tmp_path / "default.yml"
    default.write_text(yaml.safe_dump(project["vars"]["scenario"]), encoding="utf-8")
    assert example == validate(default, KNOWN)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"places": ["Atlantis"]}, "unknown place 'Atlantis'"),
        ({"contributors": [{"partner": "the army", "source": "cra", "line": "7.A"}]}, "unknown partner 'the army'"),
        ({"contributors": [{"partner": "council", "source": "revenue_outturn", "line": "999"}]}, "unknown line '999'"),
        ({"pooled_themes": {"older people": 0.7, "health and wellbeing": 0.6}}, "over 100%"),
        ({"to_stages": {"tertiary prevention": 1.5}}, "over 100%"),
        ({"shift_per_year": -0.02}, "shift_per_year is negative"),
        ({"shift_per_year": 0.5, "years": 3}, "over 100% of the lines"),
        ({"pooled_themes": {"older people": -0.5, "health and wellbeing": 1.5}}, "negative share"),
        ({"base_year": "1999-00"}, "not a year of the count"),
        ({"from_stage": "crisis"}, "unknown from_stage"),
        ({"to_stages": {"acute and crisis response": 1.0}}, "unknown stage"),
        ({"name": None}, "missing name"),
        ({"budget": 5}, "unknown key budget"),
    ],
)
def test_a_malformed_scenario_names_the_file_and_the_problem(
    tmp_path: Path, changes: dict[str, object], problem: str
) -> None:
    path = _write(tmp_path, **changes)
    with pytest.raises(ScenarioError) as raised:
        validate(path, KNOWN)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not a YAML file"):
        validate(path, KNOWN)


def test_the_command_stops_with_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(scenario, "known_values", lambda working_db: KNOWN)
    path = _write(tmp_path, shift_per_year=-0.01)
    assert cli.main(["scenario", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert error.startswith(f"error: {path}: shift_per_year is negative")


def test_a_contributor_with_no_base_year_spend_in_a_place_is_refused() -> None:
    import duckdb

    example = {
        "base_year": "2017-18",
        "from_stage": "acute and crisis response",
        "contributors": [
            {"partner": "NHS and health", "source": "cra", "line": "7.A"},
            {"partner": "council", "source": "revenue_outturn", "line": "360"},
        ],
    }
    with duckdb.connect() as con:
        con.execute("create schema marts")
        con.execute(
            f"create table marts.{scenario.MODEL} (place_name varchar, section varchar, partner varchar, "
            "source varchar, line_key varchar, base_amount_gbp decimal(18, 2))"
        )
        con.execute(
            f"insert into marts.{scenario.MODEL} values "
            "('Bradford', 'contribution', 'NHS and health', 'cra', '7.A', 100.00), "
            "('Bradford', 'contribution', 'council', 'revenue_outturn', '360', 50.00), "
            "('Leeds', 'contribution', 'NHS and health', 'cra', '7.A', 80.00), "
            "('Leeds', 'spectrum', null, null, null, null)"
        )
        with pytest.raises(
            ScenarioError, match=r"^s\.yml: council has no spend on revenue_outturn line 360 .* in Leeds in 2017-18"
        ):
            scenario.check_contributions(con, example, Path("s.yml"))
        con.execute(
            f"insert into marts.{scenario.MODEL} values "
            "('Leeds', 'contribution', 'council', 'revenue_outturn', '360', 1)"
        )
        scenario.check_contributions(con, example, Path("s.yml"))  # both contribute in both places
