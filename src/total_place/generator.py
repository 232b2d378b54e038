"""Council payment files at national scale, for the benchmark: deterministic, in real layouts.

What the files look like is learnt from the real "spending over £500" files of the data pack
(every file data_manifest.yml lands with the payments layout): the distribution of amounts
(empirical quantiles of the absolute amount, so the heavy tail is the real one), the share of
credit notes, the service areas and expense types together (their joint frequencies), the
share of redacted suppliers and how concentrated payments are on the top suppliers. Supplier
names are made up ("Supplier 01234 Ltd"): no real name, person or company, is reproduced.

Each council publishes in one of four layouts: Leeds's and Manchester's, the Local Government
Transparency Code's recommended headings, and a finance-system export. A few rows are broken on
purpose (a date or amount that is not one), as real files have, so landing quarantines them.

The generator writes the files, a manifest in data_manifest.yml's form (with each file's
sha256) and nothing else; landing them is `total-place land` with TOTAL_PLACE_DATA_DIR and
TOTAL_PLACE_MANIFEST pointing at the output. Same seed and scale, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from total_place.landing import land_files
from total_place.manifest import DataFile, Manifest, read_yaml, write_yaml
from total_place.readers import read_csv
from total_place.sql_macros import render, sql_text

PAYMENTS_TABLE = "payments__transactions"
MANIFEST_NAME = "payments_manifest.yml"
REDACTED = "REDACTED - personal data"
BAD_ROW_RATE = 1 / 20_000
REDACTION_MARKERS = ("redacted", "personal data", "withheld", "private individual")
FIRST_MONTH = dt.date(2021, 4, 1)


@dataclass(frozen=True)
class Layout:
    name: str
    encoding: str
    date_format: str
    # published header -> the value it holds (a key of the row dict the generator builds)
    columns: tuple[tuple[str, str], ...]


LAYOUTS = (
    Layout(
        "leeds",
        "cp1252",
        "%d/%m/%Y",
        (
            ("Organisation Label", "council"),
            ("Effective Date", "month_end"),
            ("Organisational Unit", "service_area"),
            ("Service Division Label", "service_division"),
            ("Category Internal Name", "expense_type"),
            ("Purpose", "expense_detail"),
            ("Payment Date", "date"),
            ("Transaction Number", "transaction_id"),
            ("Irrecoverable VAT Amount", "vat"),
            ("Amount", "amount"),
            ("Capital Or Revenue", "capital_or_revenue"),
            ("Beneficiary Name", "supplier"),
        ),
    ),
    Layout(
        "manchester",
        "utf-8",
        "%Y-%m-%d",
        (
            ("Body Name", "council"),
            ("Service Area", "service_area"),
            ("Expenses Type", "expense_type"),
            ("Invoice Payment Date", "date"),
            ("Transaction Number", "transaction_id"),
            ("Net Amount", "amount"),
            ("Supplier Name", "supplier"),
        ),
    ),
    Layout(
        "transparency_code",
        "utf-8",
        "%d/%m/%Y",
        (
            ("Body Name", "council"),
            ("Service Area", "service_area"),
            ("Responsible Unit", "service_division"),
            ("Expenses Type", "expense_type"),
            ("Narrative", "expense_detail"),
            ("Date", "date"),
            ("Transaction Number", "transaction_id"),
            ("Amount", "amount"),
            ("Capital/Revenue", "capital_or_revenue"),
            ("Supplier Name", "supplier"),
        ),
    ),
    Layout(
        "finance_export",
        "utf-8",
        "%d-%b-%Y",
        (
            ("Directorate", "service_area"),
            ("Cost Centre Name", "service_division"),
            ("Subjective Description", "expense_type"),
            ("Posting Date", "date"),
            ("Document Number", "transaction_id"),
            ("Net Value", "amount"),
            ("VAT", "vat"),
            ("Vendor Name", "supplier"),
        ),
    ),
)


@dataclass(frozen=True)
class Profile:
    """What real payment files look like, learnt from the data pack."""

    log_amount_quantiles: np.ndarray  # 101 quantiles of log(|amount|)
    credit_note_share: float
    service_expense_pairs: list[tuple[str, str]]
    pair_weights: np.ndarray
    redacted_share: float
    top_supplier_share: float  # share of payments to the most-paid 1% of suppliers
    payments_per_supplier: float


def learn_profile(manifest: Manifest, data_dir: Path) -> Profile:
    """Distributions of the real payment files that the manifest lands."""
    files = [f for f in manifest.files if f.layout == "payments" and f.table and f.duplicate_of is None]
    if not files:
        raise ValueError("no payment files in the manifest to learn from")
    key = (tuple((f.path, f.sha256) for f in files), data_dir)
    if key not in _PROFILES:  # once per set of files in a process: tests and the bench generate often
        _PROFILES[key] = _learn_profile(files, data_dir)
    return _PROFILES[key]


_PROFILES: dict[tuple[tuple[tuple[str, str], ...], Path], Profile] = {}


def _learn_profile(files: list[DataFile], data_dir: Path) -> Profile:
    """The rows landing accepts, and only those, landed in a scratch database and summarised there
    (the pack holds 2.3 million real payments)."""
    with duckdb.connect() as scratch:
        scratch.execute("set enable_progress_bar = false")
        for _ in land_files(scratch, files, data_dir):
            pass
        tables = sorted({data_file.table for data_file in files if data_file.table})
        amount = render("parse_amount.sql", "parse_amount", "amount")
        scratch.execute(
            "create temp table paid as "
            + " union all ".join(
                f"select cast({amount} as double) as amount, coalesce(trim(service_area), '') as service, "
                f"coalesce(trim(expense_type), '') as expense, coalesce(trim(supplier_name), '') as supplier "
                f'from raw."{table}"'
                for table in tables
            )
        )
        scratch.execute("delete from paid where amount = 0 or amount is null")
        grid = ", ".join(f"{q / 100:.2f}" for q in range(101))
        redacted = " or ".join(f"contains(lower(supplier), {sql_text(marker)})" for marker in REDACTION_MARKERS)
        quantiles, credit_share, redacted_share, payments = scratch.execute(
            f"select quantile_cont(ln(abs(amount)), [{grid}]), avg(case when amount < 0 then 1.0 else 0.0 end), "
            f"avg(case when {redacted} then 1.0 else 0.0 end), count(*) from paid"
        ).fetchone()
        pairs = scratch.execute(
            "select case when service = '' then 'Unknown' else service end, "
            "case when expense = '' then 'Unknown' else expense end, count(*) from paid group by all"
        ).fetchall()
        counts = np.array(
            [n for (n,) in scratch.execute("select count(*) from paid group by supplier order by 1 desc").fetchall()]
        )
    if not payments:
        raise ValueError("no payment files in the manifest to learn from")
    top = max(1, len(counts) // 100)
    ordered = sorted(((service, expense), n) for service, expense, n in pairs)
    ordered.sort(key=lambda item: -item[1])
    return Profile(
        log_amount_quantiles=np.array(quantiles, dtype=float),
        credit_note_share=float(credit_share),
        service_expense_pairs=[pair for pair, _ in ordered],
        pair_weights=np.array([n for _, n in ordered], dtype=float) / payments,
        redacted_share=float(redacted_share),
        top_supplier_share=float(counts[:top].sum() / counts.sum()),
        payments_per_supplier=float(counts.mean()),
    )


@dataclass(frozen=True)
class Council:
    register_code: str
    name: str


def english_councils(data_dir: Path, manifest: Manifest, limit: int | None) -> list[Council]:
    """Current English councils that publish payments: districts, unitaries, boroughs, counties;
    none whose real payments the manifest lands (its months would replace theirs, or be held)."""
    real = {data_file.publisher_code for data_file in manifest.files if data_file.layout == "payments"}
    register = next(f for f in manifest.files if f.table == "la_codes__uk_local_authorities_current")
    source = read_csv(data_dir / register.path)
    column = {name: i for i, name in enumerate(source.header)}
    councils = [
        Council(values[column["local-authority-code"]].strip(), values[column["official-name"]].strip())
        for _, values in source.rows
        if values[column["nation"]] == "England"
        and values[column["current-authority"]].strip().lower() == "true"
        and values[column["local-authority-type"]] in {"NMD", "MD", "UA", "LBO", "CC", "CTY"}  # 296 + 21 counties
        and values[column["local-authority-code"]].strip() not in real
    ]
    councils.sort(key=lambda council: council.register_code)
    return councils[:limit] if limit else councils


def _month(index: int) -> dt.date:
    """The first day of the index-th month from FIRST_MONTH."""
    year, month = divmod(FIRST_MONTH.month - 1 + index, 12)
    return dt.date(FIRST_MONTH.year + year, month + 1, 1)


def _days_in(month: dt.date) -> int:
    return ((month + dt.timedelta(days=32)).replace(day=1) - month).days


def _amount_text(rng: np.random.Generator, profile: Profile, size: int) -> np.ndarray:
    """Amounts from the real distribution: interpolate the quantiles of log |amount|."""
    grid = np.linspace(0, 1, len(profile.log_amount_quantiles))
    magnitude = np.exp(np.interp(rng.random(size), grid, profile.log_amount_quantiles))
    sign = np.where(rng.random(size) < profile.credit_note_share, -1.0, 1.0)
    return np.round(sign * magnitude, 2)


def write_month(
    out_dir: Path, council: Council, layout: Layout, month: dt.date, rows: int, profile: Profile, seed: int
) -> tuple[str, str, int]:
    """One council's file for one month: (relative path, sha256, rows written)."""
    rng = np.random.default_rng([seed, int(month.strftime("%Y%m")), sum(map(ord, council.register_code))])
    days = _days_in(month)
    day_text = np.array([(month + dt.timedelta(days=d)).strftime(layout.date_format) for d in range(days)])
    pair = rng.choice(len(profile.service_expense_pairs), size=rows, p=profile.pair_weights)
    services = np.array([service for service, _ in profile.service_expense_pairs], dtype=object)
    expenses = np.array([expense for _, expense in profile.service_expense_pairs], dtype=object)
    amount = np.char.mod("%.2f", _amount_text(rng, profile, rows)).astype(object)
    date = day_text[rng.integers(0, days, rows)].astype(object)
    # Suppliers: a Zipf-like spread, so a few suppliers get most payments, as in real files.
    supplier_pool = max(10, int(rows / profile.payments_per_supplier))
    supplier_id = np.minimum(rng.zipf(1.6, rows) - 1, supplier_pool - 1)
    supplier = np.char.add(np.char.add("Supplier ", np.char.zfill(supplier_id.astype(str), 5)), " Ltd").astype(object)
    supplier[rng.random(rows) < profile.redacted_share] = REDACTED
    # As real files have: a few rows whose date or amount is not one (landing quarantines them).
    broken = np.flatnonzero(rng.random(rows) < BAD_ROW_RATE)
    date[broken[::2]] = "TBC"
    amount[broken[1::2]] = "see note"
    values = {
        "council": np.full(rows, council.name, dtype=object),
        "month_end": np.full(rows, day_text[-1], dtype=object),
        "service_area": services[pair],
        "service_division": np.char.add(services[pair].astype(str), " unit").astype(object),
        "expense_type": expenses[pair],
        "expense_detail": expenses[pair],
        "date": date,
        "transaction_id": np.char.add(f"{month:%y%m}-", np.char.zfill(np.arange(1, rows + 1).astype(str), 7)),
        "vat": np.full(rows, "0.00", dtype=object),
        "amount": amount,
        "capital_or_revenue": np.full(rows, "R", dtype=object),
        "supplier": supplier,
    }
    frame = pd.DataFrame({header: values[key] for header, key in layout.columns})
    content = frame.to_csv(index=False, lineterminator="\r\n").encode(layout.encoding, errors="replace")
    relative = f"{council.register_code.lower()}/{council.register_code.lower()}_{month:%Y-%m}.csv"
    path = out_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return relative, hashlib.sha256(content).hexdigest(), rows


def _write_month_task(task: tuple) -> tuple[str, str, int]:
    return write_month(*task)


def generate(
    manifest: Manifest,
    data_dir: Path,
    out_dir: Path,
    councils: int | None,
    months: int,
    rows_per_month: int,
    seed: int = 2009,
    first_month: int = 0,
    revision: int = 0,
    workers: int | None = None,
) -> tuple[Path, int]:
    """Write every council's files for months first_month .. first_month + months - 1 and a manifest
    of all files in out_dir; (manifest path, rows written this call). A later revision rewrites
    the same council-months with other payments: a council's corrected file."""
    profile = learn_profile(manifest, data_dir)
    publishers = english_councils(data_dir, manifest, councils)
    manifest_path = out_dir / MANIFEST_NAME
    document = (
        read_yaml(manifest_path)
        if manifest_path.exists()
        else {
            "attributions": {"synthetic": "Synthetic council payments made by total_place.generator."},
            "datasets": [
                {
                    "name": "synthetic_council_payments",
                    "publisher": "total_place.generator (synthetic, learnt from real spending over £500 files)",
                    "url": "none: synthetic, made by `total-place generate-payments`",
                    "licence": "OGL-UK-3.0",
                    "attribution": "synthetic",
                    "files": [],
                }
            ],
        }
    )
    files = {entry["path"]: entry for entry in document["datasets"][0]["files"]}
    tasks = []
    for number, council in enumerate(publishers):
        # Councils differ in size: a council's monthly volume is a fixed multiple of the mean.
        rows = max(1, int(rows_per_month * (0.5 + (sum(map(ord, council.register_code)) % 100) / 100)))
        layout = LAYOUTS[number % len(LAYOUTS)]
        tasks += [
            (out_dir, council, layout, _month(i), rows, profile, seed + revision)
            for i in range(first_month, first_month + months)
        ]
    # Each file has its own seed, so writing them in parallel gives the same bytes.
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        results = list(pool.map(_write_month_task, tasks, chunksize=8))
    written = 0
    for (_, council, *_rest), (relative, sha256, rows) in zip(tasks, results, strict=True):
        written += rows
        files[relative] = {
            "path": relative,
            "sha256": sha256,
            "table": PAYMENTS_TABLE,
            "layout": "payments",
            "publisher_code": council.register_code,
        }
    document["datasets"][0]["files"] = sorted(files.values(), key=lambda entry: entry["path"])
    write_yaml(manifest_path, document)
    return manifest_path, written
