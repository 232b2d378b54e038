"""The benchmark (`make bench`): each step of the warehouse's life timed in its own process.

Every step runs as a child process so its wall time and peak resident memory (the kernel's
maxrss for that child, DuckDB's memory included) are its own. The benchmark reports; it never
asserts: these machines are shared and noisy, so ratios are quoted from one run.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from total_place.settings import PROJECT_ROOT, Settings

BENCH_EXPECTATIONS = PROJECT_ROOT / "benchmarks" / "expectations"


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


def run(
    settings: Settings, validation_rows: int, out_dir: Path, scale: str = "pack", validation_memory_limit: str = "1GB"
) -> BenchReport:
    """Land the real pack, build, check (GE and plain SQL), publish, query; validate a large table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    working = out_dir / "total_place_bench.duckdb"
    published = out_dir / "total_place_bench_published.duckdb"
    for stale in (working, published):
        stale.unlink(missing_ok=True)
    env = {
        **os.environ,
        "TOTAL_PLACE_WORKING_DB": str(working),
        "TOTAL_PLACE_PUBLISHED_DB": str(published),
        "TOTAL_PLACE_DATA_DOCS_DIR": str(out_dir / "data_docs"),
        "DBT_PROFILES_DIR": str(PROJECT_ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    report = BenchReport(scale=scale)

    landed = run_measured("land (the data pack)", _cli("land"), env)
    with duckdb.connect(str(working), read_only=True) as con:
        rows_read = con.execute("select sum(rows_read) from raw.load_log").fetchone()[0]
    report.steps.append(Measured(landed.step, landed.seconds, landed.peak_mb, rows_read, "rows read"))

    build = run_measured("dbt build (full)", _dbt("build", "--quiet"), env, note="models, unit and data tests")
    report.steps.append(build)
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
        ("GE checks / plain SQL checks", checks.seconds / plain.seconds, "what Great Expectations adds"),
        ("GE checks / dbt build", checks.seconds / build.seconds, "checks against the build itself"),
        ("large table: GE / plain SQL", large_ge.seconds / large_plain.seconds, f"{validation_rows:,} rows"),
    ]
    table_mb = validation_rows * 29 / 1024 / 1024  # 8 + 9 + 8 + 4 bytes a row, uncompressed
    report.notes.append(
        f"Validating {validation_rows:,} rows (about {table_mb:,.0f} MB of column data) peaked at "
        f"{large_ge.peak_mb:,.0f} MB in the Great Expectations process with DuckDB limited to "
        f"{validation_memory_limit}: the rows stay in DuckDB, which spills to disk; none is read into Python."
    )
    return report
