"""What analysts and BI tools see: a published file that never blocks or half-shows, exports,
and a place profile a browser renders."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import duckdb
import pytest

from total_place.export import export
from total_place.profile import PlaceNotFoundError, write_profile
from total_place.publish import publish
from total_place.settings import PROJECT_ROOT, Settings

READER = """
import sys, time, duckdb
path, seconds = sys.argv[1], float(sys.argv[2])
answers, deadline = [], time.monotonic() + seconds
con = duckdb.connect(path, read_only=True)
while time.monotonic() < deadline:
    answers.append(con.execute(
        "select (select count(*) from marts.dim_place), (select sum(population_mid_2020) from marts.dim_place), "
        "(select count(*) from meta.build_info), (select count(*) from marts.rpt_total_place_count)"
    ).fetchone())
    if len(answers) % 50 == 0:  # reconnect now and then, as a BI tool does, to pick up a new file
        con.close()
        con = duckdb.connect(path, read_only=True)
print(len(answers), len(set(answers)), repr(answers[0]), flush=True)
"""


@pytest.fixture(scope="module")
def published(built_warehouse: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    target = tmp_path_factory.mktemp("published") / "total_place.duckdb"
    published_settings = dataclasses.replace(settings, working_db=built_warehouse, published_db=target)
    publish(published_settings)
    return published_settings


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_reader_holding_the_file_never_blocks_a_publish_nor_sees_half_of_one(published: Settings) -> None:
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published.published_db), "12"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(2)  # the reader has the file open
    for _ in range(3):
        publish(published)
    output, _ = reader.communicate(timeout=60)
    queries, distinct_answers, first_answer = output.split(maxsplit=2)
    assert reader.returncode == 0
    assert int(queries) > 100
    # Every answer was complete and the same: 296 districts, ONS's England total, one build record.
    assert int(distinct_answers) == 1
    assert first_answer.strip().startswith("(296, 56550138, 1, ")


def test_a_failed_publish_leaves_the_published_warehouse_untouched(published: Settings, tmp_path: Path) -> None:
    before = _sha256(published.published_db)
    empty_working = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty_working)).close()
    with pytest.raises(RuntimeError, match="no tables"):
        publish(dataclasses.replace(published, working_db=empty_working))
    assert _sha256(published.published_db) == before
    assert not list(published.published_db.parent.glob(".*.tmp"))


def test_exports_hold_every_public_mart_with_a_dictionary(published: Settings, tmp_path: Path) -> None:
    files = export(published, tmp_path / "exports")
    with duckdb.connect(str(published.published_db), read_only=True) as con:
        tables = [
            r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()
        ]
        for table in tables:
            rows = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
            parquet = con.execute(f"select count(*) from '{tmp_path / 'exports' / table}.parquet'").fetchone()[0]
            assert parquet == rows, table
    assert {f.name for f in files} >= {f"{t}.{s}" for t in tables for s in ("parquet", "csv")}
    with (tmp_path / "exports" / "data_dictionary.csv").open(encoding="utf-8") as handle:
        dictionary = list(csv.DictReader(handle))
    assert {row["table"] for row in dictionary} == set(tables)
    assert all(row["description"] for row in dictionary), "every table and column is described"


def test_an_unknown_place_is_refused(published: Settings, tmp_path: Path) -> None:
    with pytest.raises(PlaceNotFoundError, match="Atlantis"):
        write_profile(published, "Atlantis", tmp_path)


def _png_colours(png: bytes) -> int:
    """Distinct colours in an 8-bit RGB(A) PNG, decoded with the standard library."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width = 8, b"", 0
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        data = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour_type = struct.unpack(">IIBB", data[:10])
            assert depth == 8 and colour_type in (2, 6)
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += data
        position += 12 + length
    raw, stride, colours, previous = zlib.decompress(idat), width * channels, set(), bytearray(width * channels)
    for row_start in range(0, len(raw), stride + 1):
        kind, line = raw[row_start], bytearray(raw[row_start + 1 : row_start + 1 + stride])
        for i in range(stride):  # undo the PNG filters
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                best = min((abs(p - left), 0, left), (abs(p - up), 1, up), (abs(p - corner), 2, corner))[2]
                line[i] = (line[i] + best) & 255
        colours.update(bytes(line[i : i + 3]) for i in range(0, stride, channels * 7))
        previous = line
    return len(colours)


def test_the_leeds_profile_renders_in_a_headless_browser(published: Settings, tmp_path: Path) -> None:
    page = write_profile(published, "Leeds", tmp_path)
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") == 4 and "<script" not in text and "http" not in text.split("</style>")[0]
    assert "Leeds" in text and "Outcome baseline" in text
    # 87 of Leeds's small areas are in the most deprived tenth in 2010, 2015 and 2019 (counted from the
    # pack's files in test_neighbourhoods); the page says so and lists each one.
    assert "Neighbourhoods with persistently poor outcomes" in text
    assert '<span class="figure">87</span> small areas' in text
    section = text.split("Neighbourhoods with persistently poor outcomes")[1]
    assert section.count("<tr><td>E01") == 87
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed: `make test` installs it"
    screenshot = tmp_path / "leeds.png"
    result = subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", "--disable-component-update", "--disable-sync", "--enable-logging=stderr",
            f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={screenshot}", "--window-size=1000,2400",
            page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Uncaught" not in result.stderr and ":CONSOLE(" not in result.stderr
    # A blank page has one colour; the charts have the place, peer, England and comparison colours.
    assert _png_colours(screenshot.read_bytes()) > 8


def test_published_file_holds_no_personal_data(published: Settings) -> None:
    with duckdb.connect(str(published.published_db), read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name, data_type from information_schema.columns"
        ).fetchall()
    # No supplier identity (a flag saying the publisher redacted one, or a count of suppliers, is
    # no name), no unpublished layer.
    unpublished = ("raw", "staging", "intermediate")
    assert not [c for c in columns if ("supplier" in c[2] and c[3] not in ("BOOLEAN", "BIGINT")) or c[0] in unpublished]


def test_query_latency_reports_every_analysis(published: Settings) -> None:
    from total_place.latency import measure

    results = measure(published, repeats=3)
    assert {name for name, _, _ in results} == {path.stem for path in (PROJECT_ROOT / "analyses").glob("*.sql")}
    assert all(0 < median <= p95 for _, median, p95 in results)


def test_every_public_mart_has_an_enforced_contract() -> None:
    manifest = json.loads((PROJECT_ROOT / "target" / "manifest.json").read_text())
    marts = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["schema"] == "marts"]
    assert marts
    for node in marts:
        assert node["access"] == "public", node["name"]
        assert node["config"]["contract"]["enforced"], node["name"]
