"""Analyst query latency on the published warehouse: each query in analyses/, run repeatedly
on a read-only connection, as a BI tool or an analyst would. Reports, never asserts: timings on
shared machines are noisy."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import duckdb

from total_place.settings import PROJECT_ROOT, Settings


def measure(settings: Settings, repeats: int = 20, analyses_dir: Path | None = None) -> list[tuple[str, float, float]]:
    """(query, median ms, 95th percentile ms) for every analysis."""
    results = []
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        for path in sorted((analyses_dir or PROJECT_ROOT / "analyses").glob("*.sql")):
            sql = path.read_text(encoding="utf-8")
            con.execute(sql).fetchall()  # warm the cache once, as a dashboard's second view would be
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            results.append((path.stem, statistics.median(timings), timings[max(0, round(0.95 * len(timings)) - 1)]))
    return results
