"""The `total-place` command: one entry point, a subcommand per job dbt does not do."""

from __future__ import annotations

import argparse
import errno
import logging
import re
import sys
from pathlib import Path

import duckdb

from total_place import dead_ends
from total_place.checks import SuiteError, run_checks, run_plain_sql
from total_place.export import export
from total_place.landing import land_files, unland
from total_place.latency import measure
from total_place.manifest import DataFile, DataFileError, Manifest, verify_all
from total_place.profile import PlaceNotFoundError, write_profile
from total_place.publish import publish
from total_place.publishers import check_payments_publishers, for_landing
from total_place.scenario import ScenarioError
from total_place.scenario import run as run_scenario
from total_place.settings import Settings


def _select(manifest: Manifest, data_dir: Path, targets: list[str]) -> list[DataFile]:
    """Manifest entries for the given files or folders (relative to the data directory), or all."""
    if not targets:
        return manifest.files
    selected: list[DataFile] = []
    for target in targets:
        path = Path(target)
        absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if not absolute.exists():
            absolute = (data_dir / target).resolve()
        try:
            relative = absolute.relative_to(data_dir.resolve()).as_posix()
        except ValueError as error:
            raise DataFileError(f"{target}: not inside the data directory {data_dir}") from error
        if absolute.is_dir():
            prefix = "" if relative == "." else f"{relative}/"
            matches = [f for f in manifest.files if f.path.startswith(prefix)]
            if not matches:
                raise DataFileError(f"{target}: no file of data_manifest.yml is in this folder")
            selected.extend(matches)
        else:
            selected.append(manifest.find(relative))
    return selected


def cmd_verify(settings: Settings, args: argparse.Namespace) -> int:
    manifest = Manifest.load(settings.manifest_path)
    problems = verify_all(manifest, settings.data_dir)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not problems:
        print(f"{len(manifest.files)} data files match data_manifest.yml in {settings.data_dir}")
    return 1 if problems else 0


def cmd_land(settings: Settings, args: argparse.Namespace) -> int:
    manifest = Manifest.load(settings.manifest_path)
    files = _select(manifest, settings.data_dir, args.paths)
    if not args.allow_dead_ends:
        dead_ends.check_files(files, dead_ends.tables_read_by_models())
    settings.working_db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.working_db), config=settings.duckdb_config()) as con:
        check_names = check_payments_publishers(manifest, files, settings.data_dir, con)
        files = [for_landing(data_file) for data_file in files]
        for results in land_files(con, files, settings.data_dir, args.allow_shrink, check_names):
            for result in results:
                print(result.describe())
    return 0


def cmd_dead_ends(settings: Settings, args: argparse.Namespace) -> int:
    with duckdb.connect(str(settings.working_db), read_only=True) as con:
        dead_ends.check_database(con, dead_ends.tables_read_by_models(), settings.working_db)
    print(f"every raw table of {settings.working_db} is read by a staging model")
    return 0


def cmd_unland(settings: Settings, args: argparse.Namespace) -> int:
    manifest = Manifest.load(settings.manifest_path)
    files = _select(manifest, settings.data_dir, args.paths)
    with duckdb.connect(str(settings.working_db), config=settings.duckdb_config()) as con:
        for data_file in files:
            for result in unland(con, data_file):
                print(result.describe())
    return 0


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    database = Path(args.database).resolve() if args.database else None
    expectations_dir = Path(args.expectations_dir).resolve() if args.expectations_dir else None
    if args.plain_sql:
        report = run_plain_sql(settings, database=database, expectations_dir=expectations_dir)
    else:
        report = run_checks(settings, database=database, expectations_dir=expectations_dir)
    for outcome in report.failures + report.warnings:
        print(outcome.describe())
    passed = sum(o.success for o in report.outcomes)
    print(
        f"checks: {report.suites} suites, {len(report.outcomes)} expectations: {passed} passed, "
        f"{len(report.failures)} failed, {len(report.warnings)} warnings in {report.seconds:.1f} s"
        + (f"; Data Docs: {report.data_docs}" if report.data_docs else "")
    )
    return 1 if report.failures else 0


def cmd_generate_payments(settings: Settings, args: argparse.Namespace) -> int:
    manifest = Manifest.load(settings.manifest_path)
    out_dir = Path(args.out_dir).resolve()
    from total_place import generator  # numpy and pandas: only these commands need them

    manifest_path, rows = generator.generate(
        manifest,
        settings.data_dir,
        out_dir,
        councils=args.councils or None,
        months=args.months,
        rows_per_month=args.rows_per_month,
        seed=args.seed,
        first_month=args.first_month,
    )
    print(f"wrote {rows:,} payments to {out_dir}; land them with TOTAL_PLACE_DATA_DIR={out_dir} "
          f"TOTAL_PLACE_MANIFEST={manifest_path} total-place land")  # fmt: skip
    return 0


def cmd_bench(settings: Settings, args: argparse.Namespace) -> int:
    out_dir = Path(args.out_dir).resolve()
    from total_place import bench

    scale = bench.Scale(args.scale, args.councils or None, args.months, args.rows_per_month)
    report = bench.run(
        settings,
        validation_rows=args.validation_rows,
        out_dir=out_dir,
        scale=scale,
        validation_memory_limit=args.validation_memory_limit,
        large_file_mb=args.large_file_mb,
    )
    text = report.render()
    (out_dir / "bench.md").write_text(text, encoding="utf-8")
    print(text, end="")
    print(f"written to {out_dir / 'bench.md'}")
    return 0


def cmd_publish(settings: Settings, args: argparse.Namespace) -> int:
    tables = publish(settings)
    print(f"published {len(tables)} tables to {settings.published_db}: {', '.join(tables)}")
    return 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    files = export(settings, Path(args.out_dir))
    print(f"wrote {len(files)} files to {args.out_dir}")
    return 0


def cmd_profile(settings: Settings, args: argparse.Namespace) -> int:
    path = write_profile(settings, args.place, Path(args.out_dir))
    print(f"wrote {path}")
    return 0


def cmd_scenario(settings: Settings, args: argparse.Namespace) -> int:
    return run_scenario(settings, Path(args.file), Path(args.out_dir))


def cmd_query_latency(settings: Settings, args: argparse.Namespace) -> int:
    print(f"{'query':45} {'median ms':>10} {'p95 ms':>10}")
    for name, median, p95 in measure(settings, repeats=args.repeats):
        print(f"{name:45} {median:10.1f} {p95:10.1f}")
    return 0


def _scale_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--councils",
        type=int,
        default=0,
        help="councils (default 0: every English council without real payments in the pack)",
    )
    parser.add_argument("--months", type=int, default=36, help="months from April 2021 (default: %(default)s)")
    parser.add_argument(
        "--rows-per-month",
        type=int,
        default=4_400,
        help="payments a month; each council gets 0.5 to 1.5 times this, fixed by its code (default: %(default)s)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="total-place",
        description="Total Place warehouse: land the public data pack, publish the warehouse.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("verify", help="check every data file against data_manifest.yml").set_defaults(
        handler=cmd_verify
    )
    land = commands.add_parser("land", help="land files into the raw schema of the working database")
    land.add_argument("paths", nargs="*", help="files or folders of the data directory (default: every manifest file)")
    land.add_argument(
        "--allow-dead-ends",
        action="store_true",
        help="land tables that no staging model reads yet (while writing the model); the build still fails",
    )
    land.add_argument(
        "--allow-shrink",
        action="store_true",
        help="land a file even where it replaces a council's month (or its own earlier version) with under "
        "half the rows or money (held otherwise)",
    )
    land.set_defaults(handler=cmd_land)
    commands.add_parser(
        "dead-ends", help="fail, naming them, if raw tables of the working database are read by no staging model"
    ).set_defaults(handler=cmd_dead_ends)
    unland_parser = commands.add_parser(
        "unland", help="remove files' rows from the raw schema and record it in the load log"
    )
    unland_parser.add_argument("paths", nargs="+", help="files or folders of the data directory")
    unland_parser.set_defaults(handler=cmd_unland)
    check = commands.add_parser(
        "check", help="run the Great Expectations suites in expectations/ on the working database"
    )
    check.add_argument("--database", help="DuckDB file to check (default: the working database)")
    check.add_argument("--expectations-dir", help="folder of suite files (default: expectations/)")
    check.add_argument(
        "--plain-sql", action="store_true", help="run the same checks as hand-written SQL, without GE (benchmark)"
    )
    check.set_defaults(handler=cmd_check)
    generate = commands.add_parser(
        "generate-payments", help="write synthetic council payment files (learnt from the real ones) and a manifest"
    )
    _scale_arguments(generate)
    generate.add_argument("--out-dir", required=True, help="where to write the files and payments_manifest.yml")
    generate.add_argument("--seed", type=int, default=2009, help="random seed (default: %(default)s)")
    generate.add_argument("--first-month", type=int, default=0, help="months after April 2021 to start at (0)")
    generate.set_defaults(handler=cmd_generate_payments)
    bench_parser = commands.add_parser("bench", help="time every step in its own process; print and write a table")
    bench_parser.add_argument("--scale", default="national", help="label of this run's scale (default: %(default)s)")
    _scale_arguments(bench_parser)
    bench_parser.add_argument(
        "--validation-rows", type=int, default=100_000_000, help="rows of the large validated table (%(default)s)"
    )
    bench_parser.add_argument(
        "--validation-memory-limit", default="1GB", help="DuckDB memory limit while validating it (%(default)s)"
    )
    bench_parser.add_argument("--out-dir", default="warehouse/bench", help="where to work and write (%(default)s)")
    bench_parser.add_argument(
        "--large-file-mb", type=int, help="size of the one large payments file landed (default: the payments, to 1024)"
    )
    bench_parser.set_defaults(handler=cmd_bench)
    commands.add_parser("publish", help="copy the marts to the published warehouse file, atomically").set_defaults(
        handler=cmd_publish
    )
    export_parser = commands.add_parser(
        "export", help="write every public mart to Parquet and CSV with a data dictionary"
    )
    export_parser.add_argument("--out-dir", default="warehouse/exports", help="where to write (default: %(default)s)")
    export_parser.set_defaults(handler=cmd_export)
    profile_parser = commands.add_parser("profile", help="write a self-contained HTML profile of one place")
    profile_parser.add_argument("place", help="district code (E08000035) or name (Leeds)")
    profile_parser.add_argument("--out-dir", default="warehouse/profiles", help="where to write (default: %(default)s)")
    profile_parser.set_defaults(handler=cmd_profile)
    scenario_parser = commands.add_parser(
        "scenario", help="validate a pooled prevention budget scenario (YAML), build it through dbt, write its page"
    )
    scenario_parser.add_argument("file", help="the scenario file, e.g. scenarios/birmingham_older_people.yml")
    scenario_parser.add_argument("--out-dir", default="warehouse/scenarios", help="where the page is written")
    scenario_parser.set_defaults(handler=cmd_scenario)
    latency = commands.add_parser(
        "query-latency", help="time every query in analyses/ on the published warehouse (median, p95)"
    )
    latency.add_argument("--repeats", type=int, default=20, help="runs of each query (default: %(default)s)")
    latency.set_defaults(handler=cmd_query_latency)
    return parser


def _database_error(error: BaseException, settings: Settings) -> str:
    """A DuckDB or operating-system failure (a lock another process holds, a full disk) as one
    line naming the database or file: DuckDB's own message names the file only sometimes."""
    text = " ".join(str(error).split())
    named = re.search(r'file "([^"]+)"', text)
    where = getattr(error, "filename", None) or (named.group(1) if named else settings.working_db)
    if (isinstance(error, OSError) and error.errno == errno.ENOSPC) or "No space left on device" in text:
        return f"{where}: the disk is full ({text}); free space or point TOTAL_PLACE_DUCKDB_TEMP_DIRECTORY elsewhere"
    if "Could not set lock" in text or "Conflicting lock" in text:
        return (
            f"{where}: in use by another process ({text}); "
            "wait for it to finish or close it (a DuckDB file has one writer at a time)"
        )
    return f"{where}: {text}"


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    try:
        return args.handler(settings, args)
    except (DataFileError, PlaceNotFoundError, SuiteError, ScenarioError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (duckdb.Error, OSError) as error:
        print(f"error: {_database_error(error, settings)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
