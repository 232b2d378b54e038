"""Great Expectations checks of the warehouse: the suites in `expectations/`, run as SQL in DuckDB.

A suite file names the table it checks and lists Great Expectations expectations (type, kwargs,
severity, why). `raw.yml` is a template: it becomes one suite per raw landing table, with the key
and numeric columns data_manifest.yml declares for that table and the code columns its name rules
match. Severity `critical` fails the check; `warning` is reported and does not.
"""

from __future__ import annotations

import fnmatch
import html
import logging
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml

from total_place.manifest import Manifest
from total_place.settings import Settings

RAW_TEMPLATE = "raw.yml"
CRITICAL = "critical"
WARNING = "warning"
# Placeholders in suite files are {{name}}: GE's own {batch} and SQL regex braces stay as written.
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


class SuiteError(Exception):
    """A suite file is malformed or names something that does not exist. One line, naming the file."""


@dataclass(frozen=True)
class Suite:
    """One Great Expectations suite over one table of the working database."""

    name: str
    schema: str
    table: str
    expectations: list[dict[str, Any]]
    path: Path


@dataclass(frozen=True)
class Outcome:
    suite: str
    table: str
    column: str | None
    expectation: str
    description: str
    severity: str
    success: bool
    observed: Any

    def describe(self) -> str:
        column = f" [{self.column}]" if self.column else ""
        verdict = "FAIL" if self.severity == CRITICAL else "WARN"
        return f"{verdict} {self.table}{column} {self.expectation}: observed {self.observed!r} ({self.description})"


@dataclass
class CheckReport:
    outcomes: list[Outcome] = field(default_factory=list)
    suites: int = 0
    seconds: float = 0.0
    data_docs: Path | None = None

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.severity == CRITICAL]

    @property
    def warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.severity != CRITICAL]


def _fill(value: Any, variables: dict[str, str]) -> Any:
    """Replace {{name}} placeholders in every string of a suite entry."""
    if isinstance(value, str):

        def replace(match: re.Match[str]) -> str:
            if match.group(1) not in variables:
                raise KeyError(match.group(1))
            return variables[match.group(1)]

        return PLACEHOLDER.sub(replace, value)
    if isinstance(value, list):
        return [_fill(item, variables) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, variables) for key, item in value.items()}
    return value


def _sql_list(values: list[str]) -> str:
    """A SQL list of the given text values and the empty string, which never stands for a value."""
    return ", ".join("'" + value.replace("'", "''") + "'" for value in [*values, ""])


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SuiteError(f"{path}: not valid YAML ({error})".replace("\n", " ")) from error
    if not isinstance(document, dict) or not isinstance(document.get("expectations"), list):
        raise SuiteError(f"{path}: a suite needs a mapping with an `expectations` list")
    return document


def _raw_tables(manifest: Manifest) -> dict[str, dict[str, list[str]]]:
    """Each raw table with the key columns, numeric column patterns and null markers of its files."""
    tables: dict[str, dict[str, list[str]]] = {}
    for data_file in manifest.files:
        for table in data_file.tables:
            declared = tables.setdefault(table, {"key_columns": [], "numeric_columns": [], "null_markers": []})
            for option in declared:
                declared[option].extend(v for v in getattr(data_file, option) if v not in declared[option])
    return tables


def _raw_suites(path: Path, manifest: Manifest, con: duckdb.DuckDBPyConnection) -> list[Suite]:
    """One suite per raw table data_manifest.yml lands, from the template in `raw.yml`."""
    template = _read_yaml(path)
    code_rules = [(re.compile(rule["columns"]), rule) for rule in template["code_columns"]]
    suites = []
    for table, declared in _raw_tables(manifest).items():
        columns = [
            row[0]
            for row in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'raw' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
        ]
        if not columns:
            raise SuiteError(f"{path}: raw.{table} is not in the working database; run `make land`")
        landed = [c for c in columns if not c.startswith("_")]
        targets_for: dict[str, list[dict[str, str]]] = {
            "table": [{}],
            "key_column": [{"column": c} for c in declared["key_columns"]],
            "numeric_column": [
                {"column": c}
                for c in landed
                if any(fnmatch.fnmatchcase(c, pattern) for pattern in declared["numeric_columns"])
            ],
            "code_column": [],
        }
        for column in landed:
            rule = next((rule for pattern, rule in code_rules if pattern.fullmatch(column)), None)
            if rule is not None:
                targets_for["code_column"].append(
                    {
                        "column": column,
                        "entity": rule["entity"],
                        # GE fills {batch} with str.format: a regex quantifier's braces are doubled.
                        "pattern": rule["pattern"].replace("{", "{{").replace("}", "}}"),
                        "published_markers": _sql_list(rule.get("published_markers", [])),
                    }
                )
        base = {"table": table, "null_markers": _sql_list(declared["null_markers"])}
        expectations: list[dict[str, Any]] = []
        for entry in template["expectations"]:
            scope = entry.get("for_each", "table")
            if scope not in targets_for:
                raise SuiteError(f"{path}: unknown for_each {scope!r}")
            body = {key: value for key, value in entry.items() if key != "for_each"}
            expectations.extend(_fill(body, {**base, **target}) for target in targets_for[scope])
        suites.append(Suite(f"raw.{table}", "raw", table, expectations, path))
    return suites


def load_suites(expectations_dir: Path, manifest: Manifest, con: duckdb.DuckDBPyConnection) -> list[Suite]:
    """Every suite in `expectations_dir`: the raw template expanded, then one suite per other file."""
    suites: list[Suite] = []
    for path in sorted(expectations_dir.glob("*.yml")):
        if path.name == RAW_TEMPLATE:
            suites.extend(_raw_suites(path, manifest, con))
            continue
        document = _read_yaml(path)
        try:
            schema, table = document["table"].split(".")
        except (KeyError, ValueError) as error:
            raise SuiteError(f"{path}: `table` must be schema.table") from error
        suites.append(Suite(document.get("name", document["table"]), schema, table, document["expectations"], path))
    if not suites:
        raise SuiteError(f"{expectations_dir}: no suite files (*.yml)")
    return suites


def _expectation_configuration(suite: Suite, entry: dict[str, Any]) -> Any:
    from great_expectations.exceptions import ExpectationNotFoundError, InvalidExpectationConfigurationError
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    severity = entry.get("severity", CRITICAL)
    if severity not in (CRITICAL, WARNING):
        raise SuiteError(f"{suite.path}: severity must be {CRITICAL} or {WARNING}, not {severity!r}")
    kwargs = dict(entry.get("kwargs", {}))
    if entry.get("description"):
        kwargs.setdefault("description", entry["description"])
    try:
        return ExpectationConfiguration(
            type=entry["type"], kwargs=kwargs, meta={"why": entry.get("why", "")}, severity=severity
        ).to_domain_obj()
    except KeyError as error:
        raise SuiteError(f"{suite.path}: an expectation of {suite.name} has no `type`") from error
    except (ExpectationNotFoundError, InvalidExpectationConfigurationError, ValueError) as error:
        message = str(error).splitlines()[0]
        raise SuiteError(f"{suite.path}: {entry['type']} in {suite.name}: {message}") from error


def _observed(result: Any) -> Any:
    outcome = result.result or {}
    if "observed_value" in outcome:
        return outcome["observed_value"]
    if "unexpected_count" in outcome:
        return {"unexpected": outcome["unexpected_count"], "examples": outcome.get("partial_unexpected_list", [])[:5]}
    if result.exception_info and result.exception_info.get("raised_exception"):
        return "error: " + str(result.exception_info.get("exception_message")).splitlines()[0]
    for info in (result.exception_info or {}).values():
        if isinstance(info, dict) and info.get("raised_exception"):
            return "error: " + str(info.get("exception_message")).splitlines()[0]
    return None


def run_checks(
    settings: Settings,
    database: Path | None = None,
    expectations_dir: Path | None = None,
    data_docs_dir: Path | None = None,
) -> CheckReport:
    """Validate every suite against the working database opened read-only; write Data Docs."""
    # Imported here: loading Great Expectations takes seconds, and only this command needs it.
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from total_place import (
        gx_data_docs,
        gx_duckdb,  # sets GX_ANALYTICS_ENABLED before GE is imported
    )

    # GE logs a line per table at INFO ("Setting raw to lowercase..."); keep the output to findings.
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("great_expectations"):
            logging.getLogger(name).setLevel(logging.WARNING)
    database = database or settings.working_db
    expectations_dir = expectations_dir or settings.expectations_dir
    data_docs_dir = data_docs_dir or settings.data_docs_dir
    if not database.exists():
        raise FileNotFoundError(f"{database}: no working database; run `make build` (or dbt build) first")
    started = time.monotonic()
    manifest = Manifest.load(settings.manifest_path)
    with duckdb.connect(str(database), read_only=True) as con:
        suites = load_suites(expectations_dir, manifest, con)

    if data_docs_dir.exists():
        shutil.rmtree(data_docs_dir)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(
        site_name="total_place",
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(data_docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "view": gx_data_docs.VIEW_CONFIG},
            "site_section_builders": {
                "expectations": {"view": gx_data_docs.VIEW_CONFIG},
                "validations": {"view": gx_data_docs.VIEW_CONFIG},
                "profiling": "None",
            },
        },
    )
    datasource = context.data_sources.add_duckdb(
        name="warehouse", **gx_duckdb.read_only_connection(database, settings.duckdb_config())
    )
    validations = []
    for suite in suites:
        asset = datasource.add_table_asset(name=suite.name, table_name=suite.table, schema_name=suite.schema)
        batch = asset.add_batch_definition_whole_table(name="whole table")
        configured = [_expectation_configuration(suite, entry) for entry in suite.expectations]
        gx_suite = context.suites.add(ExpectationSuite(name=suite.name, expectations=configured))
        validations.append(
            context.validation_definitions.add(gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite))
        )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name="total_place",
            validation_definitions=validations,
            actions=[UpdateDataDocsAction(name="data_docs", site_names=["total_place"])],
            result_format={"result_format": "SUMMARY"},
        )
    )
    try:
        result = checkpoint.run()
    finally:
        # Release the file: the data source tested its own engine when added, GE validated on another.
        datasource.get_execution_engine().close()
        datasource.get_engine().dispose()
    report = CheckReport(suites=len(suites))
    by_name = {suite.name: suite for suite in suites}
    for run in result.run_results.values():
        suite = by_name[run.suite_name]
        for validation in run.results:
            config = validation.expectation_config
            report.outcomes.append(
                Outcome(
                    suite=suite.name,
                    table=f"{suite.schema}.{suite.table}",
                    column=config.kwargs.get("column"),
                    expectation=config.type,
                    description=config.description or config.kwargs.get("description") or "",
                    severity=str(getattr(config.severity, "value", config.severity)),
                    success=bool(validation.success),
                    observed=_observed(validation),
                )
            )
    report.data_docs = write_offline_index(report, data_docs_dir)
    report.seconds = time.monotonic() - started
    return report


def _plain_check(con: duckdb.DuckDBPyConnection, suite: Suite, entry: dict[str, Any]) -> tuple[bool, Any]:
    """One expectation computed by a hand-written DuckDB query: (success, observed value)."""
    table = f'"{suite.schema}"."{suite.table}"'
    kind, kwargs = entry["type"], entry.get("kwargs", {})
    column = f'"{kwargs["column"]}"' if "column" in kwargs else None

    def scalar(sql: str) -> Any:
        return con.execute(sql).fetchone()[0]

    def between(value: Any) -> bool:
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        return value is not None and (low is None or value >= low) and (high is None or value <= high)

    if kind == "unexpected_rows_expectation":
        # GE formats the query with str.format: {batch} is the table and doubled braces are one.
        query = kwargs["unexpected_rows_query"].replace("{batch}", table).replace("{{", "{").replace("}}", "}")
        unexpected = scalar(f"select count(*) from ({query}) as unexpected_rows")
        return unexpected == 0, unexpected
    if kind == "expect_table_row_count_to_equal":
        rows = scalar(f"select count(*) from {table}")
        return rows == kwargs["value"], rows
    if kind == "expect_table_row_count_to_be_between":
        rows = scalar(f"select count(*) from {table}")
        return between(rows), rows
    if kind == "expect_column_values_to_not_be_null":
        nulls = scalar(f"select count(*) from {table} where {column} is null")
        return nulls == 0, nulls
    if kind == "expect_column_values_to_be_between":
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        below = "<=" if kwargs.get("strict_min") else "<"
        conditions = [f"{column} {below} {low}" if low is not None else "false"]
        conditions.append(f"{column} > {high}" if high is not None else "false")
        outside = scalar(f"select count(*) from {table} where {' or '.join(conditions)}")
        return outside == 0, outside
    if kind == "expect_column_values_to_be_unique":
        repeated = scalar(
            f"select coalesce(sum(n), 0) from (select count(*) as n from {table} "
            f"where {column} is not null group by {column} having count(*) > 1)"
        )
        return repeated == 0, repeated
    if kind == "expect_column_mean_to_be_between":
        mean = scalar(f"select avg({column}) from {table}")
        return between(mean), mean
    if kind == "expect_column_values_to_be_in_set":
        values = ", ".join(repr(v) for v in kwargs["value_set"])
        outside = scalar(f"select count(*) from {table} where {column} not in ({values})")
        return outside == 0, outside
    if kind == "expect_column_unique_value_count_to_be_between":
        distinct = scalar(f"select count(distinct {column}) from {table}")
        return between(distinct), distinct
    if kind == "expect_column_distinct_values_to_equal_set":
        rows = con.execute(f"select distinct {column} from {table} where {column} is not null").fetchall()
        found = {row[0] for row in rows}
        return found == set(kwargs["value_set"]), sorted(found)
    if kind == "expect_column_proportion_of_unique_values_to_be_between":
        share = scalar(f"select count(distinct {column}) / nullif(count({column}), 0) from {table}")
        return between(share), share
    if kind == "expect_column_median_to_be_between":
        middle = scalar(f"select median({column}) from {table}")
        return between(middle), middle
    raise SuiteError(f"{suite.path}: no plain SQL form of {kind} (add one to checks._plain_check)")


def run_plain_sql(
    settings: Settings, database: Path | None = None, expectations_dir: Path | None = None
) -> CheckReport:
    """The same suites as hand-written DuckDB queries, without Great Expectations: the benchmark's
    yardstick for what GE costs, and a cross-check that both read the suites alike."""
    database = database or settings.working_db
    if not database.exists():
        raise FileNotFoundError(f"{database}: no working database; run `make build` (or dbt build) first")
    started = time.monotonic()
    report = CheckReport()
    with duckdb.connect(str(database), read_only=True, config=settings.duckdb_config()) as con:
        suites = load_suites(expectations_dir or settings.expectations_dir, Manifest.load(settings.manifest_path), con)
        report.suites = len(suites)
        for suite in suites:
            for entry in suite.expectations:
                success, observed = _plain_check(con, suite, entry)
                report.outcomes.append(
                    Outcome(
                        suite=suite.name,
                        table=f"{suite.schema}.{suite.table}",
                        column=entry.get("kwargs", {}).get("column"),
                        expectation=entry["type"],
                        description=entry.get("description", ""),
                        severity=entry.get("severity", CRITICAL),
                        success=success,
                        observed=observed,
                    )
                )
    report.seconds = time.monotonic() - started
    return report


def write_offline_index(report: CheckReport, data_docs_dir: Path) -> Path:
    """A script-free page listing every suite, its result and links to GE's pages for it.

    GE's own index.html draws its tables with JavaScript from public CDNs, so on a machine
    without internet it lists nothing; its per-suite pages are plain HTML and read fine.
    """
    rows = []
    for suite in sorted({o.suite for o in report.outcomes}):
        outcomes = [o for o in report.outcomes if o.suite == suite]
        schema, table = suite.split(".", 1)
        pages = sorted((data_docs_dir / "validations" / schema / table).rglob("*.html"))
        validation = pages[-1].relative_to(data_docs_dir).as_posix() if pages else ""
        failed = sum(not o.success and o.severity == CRITICAL for o in outcomes)
        warned = sum(not o.success and o.severity != CRITICAL for o in outcomes)
        status = "failed" if failed else "warnings" if warned else "passed"
        rows.append(
            f"<tr class='{status}'><td><a href='{html.escape(validation)}'>{html.escape(suite)}</a></td>"
            f"<td>{len(outcomes)}</td><td>{failed}</td><td>{warned}</td><td>{status}</td>"
            f"<td><a href='expectations/{html.escape(schema)}/{html.escape(table)}.html'>suite</a></td></tr>"
        )
    page = data_docs_dir / "suites.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Total Place data quality</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
        ".failed{background:#fdd}.warnings{background:#ffd}</style></head><body>"
        f"<h1>Total Place data quality</h1><p>{len(rows)} suites, {len(report.outcomes)} expectations: "
        f"{len(report.failures)} failed, {len(report.warnings)} warnings. Each suite links to its Great "
        "Expectations validation page; <a href='index.html'>Great Expectations' own index</a> needs internet "
        "for its scripts.</p><table><tr><th>suite</th><th>expectations</th><th>failed</th><th>warnings</th>"
        f"<th>status</th><th>definition</th></tr>{''.join(rows)}</table></body></html>",
        encoding="utf-8",
    )
    return page
