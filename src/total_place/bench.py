"""The benchmark (`make bench`): each step of the warehouse's life timed in its own process.

Every step runs as a child process so its wall time and peak resident memory (the kernel's
maxrss for that child, DuckDB's memory included) are its own. The benchmark reports; it never
asserts: these machines are shared and noisy, so ratios are quoted from one run.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from total_place import generator
from total_place.manifest import Manifest, read_yaml, sha256_of, write_yaml
from total_place.publishers import REGISTER_NAMES_TABLE, REGISTER_TABLE
from total_place.settings import PROJECT_ROOT, Settings
from total_place.sql_macros import quoted, sql_text

BENCH_EXPECTATIONS = PROJECT_ROOT / "benchmarks" / "expectations"
PAYMENTS_MODELS = (
    "int_payment_descriptions_collected",
    "int_payment_descriptions_classified",
    "fct_payments",
    "rpt_payments_monthly",
)


# The fields that describe a payment, which the classification rules read, and those a rule may
# read joined (dbt_project.yml's vars, as the models and macros/classify_by_patterns.sql read them).
_VARS = read_yaml(PROJECT_ROOT / "dbt_project.yml")["vars"]
DESCRIPTION_FIELDS: tuple[str, ...] = tuple(_VARS["payment_description_fields"])
_DESCRIPTION_KEY = ", ".join(("publisher_code", *DESCRIPTION_FIELDS))
_TRIMMED_FIELDS = ", ".join(f"coalesce(trim({f}), '') as {f}" for f in DESCRIPTION_FIELDS)


def _first_rule(name: str, seed: str, label: str) -> str:
    """A CTE: each description's label by the seed's first matching rule, as the models classify."""
    key = ("publisher_code", *DESCRIPTION_FIELDS)
    field = " ".join(f"when '{f}' then d.{f}" for f in DESCRIPTION_FIELDS)
    joiner = f" || {sql_text(_VARS['payment_combined_fields_separator'])} || "
    for combined, parts in _VARS["payment_combined_fields"].items():
        field += f" when '{combined}' then " + joiner.join(f"d.{part}" for part in parts)
    return (
        f"{name} as (select {', '.join(f'd.{k}' for k in key)}, "
        f"coalesce(arg_min(rules.{label}, rules.priority), 'unclassified') as {label} "
        f"from descriptions as d left join seeds.{seed} as rules on (rules.publisher_code is null "
        "or rules.publisher_code = d.publisher_code) "
        f"and lower(case rules.field {field} end) like rules.pattern "
        "group by all)"
    )


# The floor: rpt_payments_monthly's aggregates in one hand-written DuckDB query over the landed
# rows, parsing and classifying as the models do, with nothing materialised on the way.
FLOOR_SQL = f"""
with descriptions as (
    select distinct publisher_code, {_TRIMMED_FIELDS}
    from raw.payments__transactions
),
{_first_rule("themes", "payment_service_themes", "theme")},
{_first_rule("kinds", "payment_expense_kinds", "kind_of_spend")},
parsed as (
    select
        publisher_code,
        period,
        coalesce(publication, 'payments') as publication,
        {_TRIMMED_FIELDS},
        case when trim(amount) like '%(%' then -1 else 1 end * cast(
            replace(replace(replace(replace(replace(trim(amount), '£', ''), ',', ''), '(', ''), ')', ''), ' ', '')
            as decimal(18, 2)
        ) as amount_gbp
    from raw.payments__transactions
)
select publisher_code, period, publication, theme, kind_of_spend, count(*) as payments, sum(amount_gbp) as amount_gbp
from parsed
join themes using ({_DESCRIPTION_KEY})
join kinds using ({_DESCRIPTION_KEY})
group by all
"""


@dataclass(frozen=True)
class Measured:
    step: str
    seconds: float
    peak_mb: float
    rows: int | None = None
    note: str = ""
    output: str = field(default="", repr=False)

    @property
    def rows_per_second(self) -> float | None:
        return self.rows / self.seconds if self.rows and self.seconds else None


@dataclass
class BenchReport:
    scale: str
    steps: list[Measured] = field(default_factory=list)
    ratios: list[tuple[str, float, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def step(self, name: str) -> Measured:
        return next(s for s in self.steps if s.step == name)

    def render(self) -> str:
        lines = [
            f"# Total Place benchmark: {self.scale}",
            "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} cores, "
            f"{_memory_gb():.0f} GB memory, Python {platform.python_version()}, DuckDB {duckdb.__version__}.",
            "",
            "| step | seconds | peak memory MB | rows | rows per second | note |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for s in self.steps:
            rate = f"{s.rows_per_second:,.0f}" if s.rows_per_second else ""
            rows = f"{s.rows:,}" if s.rows is not None else ""
            lines.append(f"| {s.step} | {s.seconds:.2f} | {s.peak_mb:,.0f} | {rows} | {rate} | {s.note} |")
        if self.ratios:
            lines += ["", "| ratio (same run) | value | meaning |", "|---|---:|---|"]
            lines += [f"| {name} | {value:.2f} | {meaning} |" for name, value, meaning in self.ratios]
        if self.notes:
            lines += ["", *[f"- {note}" for note in self.notes]]
        return "\n".join(lines) + "\n"


def _memory_gb() -> float:
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        return int(meminfo.readline().split()[1]) / 1024 / 1024


def run_measured(step: str, argv: list[str], env: dict[str, str], rows: int | None = None, note: str = "") -> Measured:
    """Run one step as a child process; its wall time and peak RSS. A failed step stops the benchmark."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = output.decode(errors="replace").strip().splitlines()[-15:]
        raise RuntimeError(f"bench step {step!r} failed (exit {code}): {' | '.join(tail)}")
    return Measured(step, seconds, usage.ru_maxrss / 1024, rows, note, output.decode(errors="replace"))


def _rows_read(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return int(con.execute("select coalesce(sum(rows_read), 0) from raw.load_log").fetchone()[0])


def _generated_rows(output: str) -> int:
    """Rows the generate-payments command says it wrote ("wrote N payments ...")."""
    line = next(line for line in output.splitlines() if line.startswith("wrote "))
    return int(line.split()[1].replace(",", ""))


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "total_place.cli", *args]


def _dbt(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("dbt")), *args]


def create_validation_table(database: Path, rows: int) -> None:
    """A synthetic payments table of `rows` rows for validating at scale, made inside DuckDB."""
    database.parent.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    with duckdb.connect(str(database)) as con:
        con.execute("create schema bench")
        con.execute(
            f"""
            create table bench.payments as
            select
                range as payment_id,
                'E0' || cast(6 + range % 4 as varchar) || lpad(cast(range % 997 as varchar), 6, '0') as district_code,
                -- heavy-tailed like council payments: most small, a few very large
                cast(round(exp(5 + 2 * sqrt(-2 * ln(random() + 1e-12)) * cos(2 * pi() * random())), 2)
                    as decimal(18, 2)) as amount_gbp,
                date '2021-04-01' + cast(range % 1095 as integer) as paid_on
            from range({rows})
            """
        )


@dataclass(frozen=True)
class Scale:
    """Council payments to generate: councils (None for every English council), months, rows a month."""

    name: str
    councils: int | None
    months: int
    rows_per_month: int


def run_floor(database: Path) -> tuple[int, float]:
    """The floor query on the landed rows: (groups, total amount)."""
    with duckdb.connect(str(database), read_only=True) as con:
        # The cells rpt_payments_monthly publishes figures for (it suppresses smaller ones).
        minimum = int(read_yaml(PROJECT_ROOT / "dbt_project.yml")["vars"]["published_payments_minimum"])
        groups, total = con.execute(
            f"select count(*), sum(amount_gbp) filter (where payments >= {minimum}) from ({FLOOR_SQL})"
        ).fetchone()
    return groups, float(total or 0)


def _payments_totals(database: Path) -> tuple[int, float]:
    with duckdb.connect(str(database), read_only=True) as con:
        groups, total = con.execute("select count(*), sum(amount_gbp) from marts.rpt_payments_monthly").fetchone()
    return groups, float(total or 0)


def run(
    settings: Settings,
    validation_rows: int,
    out_dir: Path,
    scale: Scale,
    validation_memory_limit: str = "1GB",
    large_file_mb: int | None = None,
) -> BenchReport:
    """Land the real pack and generated payments, build in full and by one month, check (GE and
    plain SQL), publish, query; validate a large table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    working = out_dir / "total_place_bench.duckdb"
    published = out_dir / "total_place_bench_published.duckdb"
    generated = out_dir / "payments"
    for stale in (working, published):
        stale.unlink(missing_ok=True)
    shutil.rmtree(generated, ignore_errors=True)
    env = {
        **os.environ,
        "TOTAL_PLACE_WORKING_DB": str(working),
        "TOTAL_PLACE_PUBLISHED_DB": str(published),
        "TOTAL_PLACE_DATA_DOCS_DIR": str(out_dir / "data_docs"),
        "DBT_PROFILES_DIR": str(PROJECT_ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    councils = "every English council" if scale.councils is None else f"{scale.councils} councils"
    report = BenchReport(
        scale=f"{scale.name}: {councils} x {scale.months} months x about {scale.rows_per_month:,} payments a month"
    )

    landed = run_measured("land the data pack", _cli("land"), env)
    report.steps.append(Measured(landed.step, landed.seconds, landed.peak_mb, _rows_read(working), "rows read"))
    build = run_measured(
        "dbt build (full)", _dbt("build", "--quiet"), env, note="every model, unit and data test, on the pack"
    )
    report.steps.append(build)
    dbt_fixed_seconds = _bench_real_payments(report, settings, working, out_dir, env)

    # Payments: every month but the last, then the last on its own for the incremental build.
    payments_env = {
        **env,
        "TOTAL_PLACE_DATA_DIR": str(generated),
        "TOTAL_PLACE_MANIFEST": str(generated / generator.MANIFEST_NAME),
    }
    scale_args = ["--councils", str(scale.councils or 0), "--rows-per-month", str(scale.rows_per_month)]
    made = run_measured(
        "generate payments",
        _cli("generate-payments", "--out-dir", str(generated), "--months", str(scale.months - 1), *scale_args),
        env,
    )
    generated_rows = _generated_rows(made.output)
    report.steps.append(Measured(made.step, made.seconds, made.peak_mb, generated_rows, "CSV files written"))
    before, size_before = _rows_read(working), working.stat().st_size
    paid = run_measured("land payments", _cli("land"), payments_env)
    landed_bytes = working.stat().st_size - size_before
    paid = Measured(paid.step, paid.seconds, paid.peak_mb, _rows_read(working) - before, "rows read")
    report.steps.append(paid)
    _compare_landing_with_read_csv(report, paid, generated, out_dir, env, large_file_mb, landed_bytes)

    payments_full = run_measured(
        "payments models: full refresh", _dbt("run", "--quiet", "--full-refresh", "--select", *PAYMENTS_MODELS), env
    )
    report.steps.append(payments_full)
    floor = run_measured(
        "floor: one DuckDB query",
        [sys.executable, "-c", f"from total_place.bench import run_floor; from pathlib import Path; "
         f"print(*run_floor(Path({str(working)!r})))"],
        env,
        note="the monthly roll-up straight from the landed rows",
    )  # fmt: skip
    report.steps.append(floor)
    groups_text, total_text = floor.output.split()[-2:]
    floor_groups, floor_total = int(groups_text), float(total_text)
    model_groups, model_total = _payments_totals(working)
    report.notes.append(
        f"The floor query and rpt_payments_monthly agree: {floor_groups:,} and {model_groups:,} council-month-theme-"
        f"kind rows, £{floor_total:,.2f} and £{model_total:,.2f}."
    )

    run_measured(
        "generate one more month",
        _cli("generate-payments", "--out-dir", str(generated), "--months", "1",
             "--first-month", str(scale.months - 1), *scale_args),
        env,
    )  # fmt: skip
    before = _rows_read(working)
    month_landed = run_measured("land one more month", _cli("land"), payments_env)
    month_rows = _rows_read(working) - before
    report.steps.append(Measured(month_landed.step, month_landed.seconds, month_landed.peak_mb, month_rows))
    incremental = run_measured(
        "payments models: one-month incremental", _dbt("run", "--quiet", "--select", *PAYMENTS_MODELS), env
    )
    report.steps.append(incremental)
    checks = run_measured("checks: Great Expectations", _cli("check"), env, note="every suite, with Data Docs")
    plain = run_measured("checks: same as plain SQL", _cli("check", "--plain-sql"), env)
    report.steps += [checks, plain]
    report.steps.append(run_measured("publish", _cli("publish"), env))
    queries = run_measured("analyst queries", _cli("query-latency", "--repeats", "20"), env)
    timings = [line.split() for line in queries.output.splitlines()[1:] if len(line.split()) == 3]
    medians, p95s = [float(t[1]) for t in timings], [float(t[2]) for t in timings]
    report.steps.append(
        Measured(
            queries.step, queries.seconds, queries.peak_mb, note=f"{len(timings)} queries x 20: median "
            f"{min(medians):.1f}-{max(medians):.1f} ms, p95 {min(p95s):.1f}-{max(p95s):.1f} ms"
        )
    )  # fmt: skip

    report.ratios += [
        ("payments full build / floor", payments_full.seconds / floor.seconds, "(a) the models against one query"),
        ("one-month incremental / full", incremental.seconds / payments_full.seconds, "(b) payments models"),
        (
            "one-month incremental / full, dbt's fixed cost apart",
            max(incremental.seconds - dbt_fixed_seconds, 0) / max(payments_full.seconds - dbt_fixed_seconds, 1e-9),
            f"both less {dbt_fixed_seconds:.1f} s (dbt with nothing to build)",
        ),
        ("GE checks / plain SQL checks", checks.seconds / plain.seconds, "what Great Expectations adds"),
        ("GE checks / dbt build", checks.seconds / build.seconds, "checks against the build itself"),
    ]
    report.notes.append(
        f"DuckDB ran with memory_limit {settings.duckdb_memory_limit} and {settings.duckdb_threads} threads, "
        f"spilling to {settings.duckdb_temp_directory}; the full dbt build peaked at {build.peak_mb:,.0f} MB "
        "resident (the limit bounds DuckDB's buffers; Python and dbt add their own)."
    )
    if validation_rows:
        _validate_large_table(report, out_dir, env, validation_rows, validation_memory_limit)
    return report


def read_csv_into_table(listing: Path, database: Path) -> tuple[int, float, int]:
    """DuckDB's own fastest load of the listed files (groups of one encoding and one header,
    decided before timing): one read_csv call per group into a table of a database file, every
    value as text, the first file sniffed for the rest, rows it cannot parse skipped.
    (rows, seconds, the database file's bytes)."""
    groups = json.loads(listing.read_text(encoding="utf-8"))
    database.unlink(missing_ok=True)
    with duckdb.connect(str(database)) as con:
        started, read = time.perf_counter(), []
        for number, group in enumerate(groups):
            try:
                con.execute(
                    f"create table t{number} as select * from read_csv(?, all_varchar = true, header = true, "
                    f"ignore_errors = true, encoding = '{group['encoding']}')",
                    [group["paths"]],
                )
            except duckdb.InvalidInputException:
                # DuckDB reads UTF-8, UTF-16 and Latin-1 only (a cp850 file is none): its rate
                # is taken on the files it can read.
                continue
            read.append(number)
        seconds = time.perf_counter() - started
        rows = sum(con.execute(f"select count(*) from t{n}").fetchone()[0] for n in read)
    size = database.stat().st_size
    database.unlink(missing_ok=True)
    return rows, seconds, size


def _read_csv_output(output: str) -> tuple[int, int]:
    """Rows and database bytes from what a run of read_csv_into_table printed (rows, seconds, bytes)."""
    rows, _, size = output.split()[-3:]
    return int(rows), int(size)


def _listing(paths: list[Path], out: Path) -> Path:
    """The files for read_csv_into_table, grouped by encoding and header line."""
    groups: dict[tuple[str, bytes], list[str]] = {}
    for path in paths:
        opened = gzip.open if path.suffix == ".gz" else open  # read_csv inflates .gz itself
        encoding = "utf-8"
        try:
            with opened(path, "rt", encoding="utf-8") as handle:
                for _ in iter(lambda h=handle: h.read(1 << 20), ""):
                    pass
        except UnicodeDecodeError:
            encoding = "latin-1"
        with opened(path, "rb") as handle:
            groups.setdefault((encoding, handle.readline()), []).append(str(path))
    listing = [{"encoding": encoding, "paths": files} for (encoding, _), files in groups.items()]
    out.write_text(json.dumps(listing), encoding="utf-8")
    return out


def make_large_payments_file(generated: Path, out_dir: Path, megabytes: float) -> Path:
    """A payments file of about `megabytes` MB: the generator's first file, its rows repeated
    under one header; and a manifest listing it. The manifest's path."""
    first = sorted(generated.rglob("*.csv"))[0]
    out_dir.mkdir(parents=True, exist_ok=True)
    large = out_dir / f"large_{first.name}"
    data = first.read_bytes()
    header_end = data.index(b"\n") + 1
    header, body = data[:header_end], data[header_end:]
    target = max(megabytes * 1024 * 1024, len(data))
    with large.open("wb") as handle:
        handle.write(header)
        written = len(header)
        while written < target:
            handle.write(body)
            written += len(body)
    entry = next(
        e for e in read_yaml(generated / generator.MANIFEST_NAME)["datasets"][0]["files"]
        if (generated / e["path"]) == first
    )  # fmt: skip
    manifest = out_dir / "large_manifest.yml"
    document = read_yaml(generated / generator.MANIFEST_NAME)
    document["datasets"][0]["files"] = [{**entry, "path": large.name, "sha256": sha256_of(large)}]
    write_yaml(manifest, document)
    return manifest


def _copy_register(source_db: Path, target_db: Path) -> None:
    """mySociety's register, as the bench's working database landed it, into the large file's
    own database: landing checks every payments file's publisher against it."""
    with duckdb.connect(str(target_db)) as con:
        con.execute(f"attach {sql_text(str(source_db))} as bench (read_only)")
        con.execute("create schema if not exists raw")
        for table in (REGISTER_TABLE, REGISTER_NAMES_TABLE):
            exists = con.execute(
                "select count(*) from duckdb_tables() where database_name = 'bench' and schema_name = 'raw' "
                "and table_name = ?",
                [table],
            ).fetchone()[0]
            if exists:
                con.execute(f"create table raw.{quoted(table)} as select * from bench.raw.{quoted(table)}")
        con.execute("detach bench")


def _bench_real_payments(
    report: BenchReport, settings: Settings, working: Path, out_dir: Path, env: dict[str, str]
) -> float:
    """The pack's real council payments (landed with it): landing them alone against DuckDB's
    read_csv of the same files, the payments models' full build against the floor query, and a
    corrected month (the last file landed again) built incrementally against the full build.
    Returns dbt's fixed cost (a run with nothing to build), in seconds."""
    files = [
        data_file
        for data_file in Manifest.load(settings.manifest_path).files
        if data_file.layout == "payments" and data_file.duplicate_of is None
    ]
    # dbt's own start (parsing, connecting) with nothing to build: what every build pays first.
    fixed = run_measured(
        "dbt with nothing to build",
        _dbt("run", "--quiet", "--select", PAYMENTS_MODELS[-1], "--exclude", PAYMENTS_MODELS[-1]),
        env,
        note="dbt's fixed cost",
    )
    report.steps.append(fixed)
    if not files:
        return fixed.seconds
    scratch = out_dir / "real_payments.duckdb"
    scratch.unlink(missing_ok=True)
    alone = run_measured(
        f"land the real payments ({len(files)} files)",
        _cli("land", "--allow-dead-ends", *(data_file.path for data_file in files)),
        {**env, "TOTAL_PLACE_WORKING_DB": str(scratch)},
    )
    alone = Measured(alone.step, alone.seconds, alone.peak_mb, _rows_read(scratch), "rows read, alone")
    scratch.unlink(missing_ok=True)
    listing = _listing([settings.data_dir / data_file.path for data_file in files], out_dir / "read_csv_real.txt")
    call = "from total_place.bench import read_csv_into_table as r; from pathlib import Path; "
    own = run_measured(
        "DuckDB read_csv, the real payments", [sys.executable, "-c", f"{call}print(*r(Path({str(listing)!r}), "
        f"Path({str(out_dir / 'read_csv_real.duckdb')!r})))"], env, note="one call per header and encoding",
    )  # fmt: skip
    own = Measured(own.step, own.seconds, own.peak_mb, _read_csv_output(own.output)[0], own.note)
    full = run_measured(
        "real payments: models, full refresh",
        _dbt("run", "--quiet", "--full-refresh", "--select", *PAYMENTS_MODELS),
        env,
    )
    floor = run_measured(
        "real payments: floor query",
        [sys.executable, "-c", f"from total_place.bench import run_floor; from pathlib import Path; "
         f"print(*run_floor(Path({str(working)!r})))"],
        env,
    )  # fmt: skip
    corrected = files[-1].path
    # A council re-issues its file: the month's rows go and come back with a new load time.
    run_measured("real payments: unland a month", _cli("unland", corrected), env)
    run_measured("real payments: land it again", _cli("land", corrected), env)
    incremental = run_measured(
        "real payments: corrected month, incremental", _dbt("run", "--quiet", "--select", *PAYMENTS_MODELS), env
    )
    report.steps += [alone, own, full, floor, incremental]
    report.ratios += [
        ("real payments: landing / DuckDB read_csv", alone.rows_per_second / own.rows_per_second, "rows/s"),
        ("real payments: full build / floor", full.seconds / floor.seconds, "the models against one query"),
        (
            "real payments: full build / floor, dbt's fixed cost apart",
            max(full.seconds - fixed.seconds, 0) / floor.seconds,
            f"the build less {fixed.seconds:.1f} s",
        ),
        ("real payments: corrected month / full", incremental.seconds / full.seconds, f"{corrected} again"),
        (
            "real payments: corrected month / full, dbt's fixed cost apart",
            max(incremental.seconds - fixed.seconds, 0) / max(full.seconds - fixed.seconds, 1e-9),
            f"both less {fixed.seconds:.1f} s",
        ),
    ]
    return fixed.seconds


def _compare_landing_with_read_csv(
    report: BenchReport,
    paid: Measured,
    generated: Path,
    out_dir: Path,
    env: dict[str, str],
    large_file_mb: int | None,
    landed_bytes: int,
) -> None:
    """DuckDB's own read_csv on the files just landed (and what each wrote to disk), and a large
    file landed and read both ways."""
    files = sorted(generated.rglob("*.csv"))
    listing = _listing(files, out_dir / "read_csv_files.txt")
    scratch = out_dir / "read_csv_scratch.duckdb"
    call = "from total_place.bench import read_csv_into_table as r; from pathlib import Path; "
    own = run_measured(
        "DuckDB read_csv, same files", [sys.executable, "-c", f"{call}print(*r(Path({str(listing)!r}), "
        f"Path({str(scratch)!r})))"], env, note="one call per layout into a table: DuckDB's own rate",
    )  # fmt: skip
    own_rows, own_bytes = _read_csv_output(own.output)
    own = Measured(own.step, own.seconds, own.peak_mb, own_rows, own.note)
    report.steps.append(own)
    report.ratios.append(
        ("landing / DuckDB read_csv", paid.rows_per_second / own.rows_per_second, "same files, same run (rows/s)")
    )
    report.notes.append(
        f"Landing the payments grew the working database by {landed_bytes / 1e6:,.0f} MB (raw text is stored "
        "without FSST compression, for speed, with lineage and the quarantine); DuckDB's read_csv wrote "
        f"{own_bytes / 1e6:,.0f} MB."
    )
    generated_mb = sum(path.stat().st_size for path in files) / 1024 / 1024
    megabytes = large_file_mb if large_file_mb is not None else min(1024, generated_mb)
    large_dir = out_dir / "large"
    shutil.rmtree(large_dir, ignore_errors=True)
    manifest = make_large_payments_file(generated, large_dir, megabytes)
    large = next(large_dir.glob("large_*.csv"))
    mb = large.stat().st_size / 1024 / 1024
    size = f"{mb:,.0f} MB" if mb >= 10 else f"{mb:.1f} MB"
    database = large_dir / "large_landing.duckdb"
    _copy_register(Path(env["TOTAL_PLACE_WORKING_DB"]), database)
    large_env = {
        **env, "TOTAL_PLACE_DATA_DIR": str(large_dir), "TOTAL_PLACE_MANIFEST": str(manifest),
        "TOTAL_PLACE_WORKING_DB": str(database),
    }  # fmt: skip
    landed = run_measured(f"land one {size} payments file", _cli("land"), large_env)
    landed = Measured(landed.step, landed.seconds, landed.peak_mb, _rows_read(database), "rows read")
    single = _listing([large], large_dir / "read_csv_large.txt")
    read = run_measured(
        f"DuckDB read_csv, the {size} file", [sys.executable, "-c", f"{call}print(*r(Path({str(single)!r}), "
        f"Path({str(large_dir / 'read_csv_large.duckdb')!r})))"], env,
    )  # fmt: skip
    read = Measured(read.step, read.seconds, read.peak_mb, _read_csv_output(read.output)[0], "DuckDB's own rate")
    report.steps += [landed, read]
    report.ratios.append(
        (f"landing / DuckDB read_csv, one {size} file", landed.rows_per_second / read.rows_per_second, "rows/s")
    )
    report.notes.append(
        f"Landing one {size} payments file peaked at {landed.peak_mb:,.0f} MB resident (landing holds DuckDB "
        "to 1 GB, spilling a file's staged rows to the temp directory); DuckDB's read_csv of it at "
        f"{read.peak_mb:,.0f} MB."
    )
    shutil.rmtree(large_dir, ignore_errors=True)


def _validate_large_table(
    report: BenchReport, out_dir: Path, env: dict[str, str], validation_rows: int, validation_memory_limit: str
) -> None:
    """The benchmark suite on a synthetic table of validation_rows rows, GE against plain SQL."""
    large = out_dir / "validation_large.duckdb"
    made = run_measured(
        "make large table",
        [sys.executable, "-c", f"from total_place.bench import create_validation_table as c; "
         f"from pathlib import Path; c(Path({str(large)!r}), {validation_rows})"],
        env,
        rows=validation_rows,
    )  # fmt: skip
    large_args = ("--database", str(large), "--expectations-dir", str(BENCH_EXPECTATIONS))
    # A small DuckDB memory limit shows the validation's memory is DuckDB's bounded working set, not the table.
    bounded = {**env, "TOTAL_PLACE_DUCKDB_MEMORY_LIMIT": validation_memory_limit}
    note = f"DuckDB memory limit {validation_memory_limit}"
    large_ge = run_measured("checks on large table: GE", _cli("check", *large_args), bounded, validation_rows, note)
    large_plain = run_measured(
        "checks on large table: plain SQL", _cli("check", "--plain-sql", *large_args), bounded, validation_rows, note
    )
    report.steps += [made, large_ge, large_plain]
    large.unlink(missing_ok=True)

    report.ratios += [
        ("large table: GE / plain SQL", large_ge.seconds / large_plain.seconds, f"{validation_rows:,} rows"),
    ]
    table_mb = validation_rows * 29 / 1024 / 1024  # 8 + 9 + 8 + 4 bytes a row, uncompressed
    report.notes.append(
        f"Validating {validation_rows:,} rows (about {table_mb:,.0f} MB of column data) peaked at "
        f"{large_ge.peak_mb:,.0f} MB in the Great Expectations process with DuckDB limited to "
        f"{validation_memory_limit}: the rows stay in DuckDB, which spills to disk; none is read into Python."
    )
