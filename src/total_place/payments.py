"""Council payment files ("spending over £500"): headers mapped to roles, rows checked.

Values stay as published text; this module only decides which column plays which role and
whether a row can be read at all (a date that is a date, an amount that is a number), so a
row staging could not type is quarantined at the door instead of vanishing later.
The date formats and amount forms here are the ones the staging macros parse.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from total_place.manifest import DataFileError
from total_place.settings import PROJECT_ROOT

PAYMENT_ROLES = (
    "organisation_name",
    "payment_date",
    "amount",
    "vat_amount",
    "gross_amount",
    "supplier_name",
    "service_area",
    "service_division",
    "expense_type",
    "expense_detail",
    "expense_code",
    "capital_or_revenue",
    "transaction_id",
)
REQUIRED_ROLES = ("payment_date", "amount", "supplier_name")
PAYMENT_COLUMNS = ["publisher_code", "period", *PAYMENT_ROLES, "unmapped_columns"]

# UK publishers write day before month; ISO dates and timestamps also occur.
DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)
# "1,234.56", "-48.50", "(48.50)", "£500", "£ (1,000.00)", "500.00 CR" is not a form seen: left out.
AMOUNT_PATTERN = re.compile(r"^\(?-?£?\s*\(?-?[0-9][0-9,]*(\.[0-9]+)?\)?$")


def fold_header(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z£/]+", " ", header.lower()).split())


# A file's dates repeat (a month has at most 31 days), and strptime is slow: parse each text once.
@functools.lru_cache(maxsize=65_536)
def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def is_amount(text: str) -> bool:
    return bool(AMOUNT_PATTERN.match(text.strip().replace(" ", "")))


def parse_amount(text: str) -> float:
    """Pounds from an amount that is_amount accepts, as macros/parse_amount.sql reads it:
    brackets mean a credit."""
    sign = -1.0 if "(" in text else 1.0
    return sign * float(re.sub(r"[£,() ]", "", text.strip()))


def _load_layouts(path: Path) -> dict:
    """payment_layouts.yml, read once per version of the file (a national landing reads it per file)."""
    return _load_layouts_version(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_layouts_version(path: Path, mtime_ns: int) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


@dataclass(frozen=True)
class PaymentLayout:
    """Which column index plays each role in one file; the rest are unmapped."""

    publisher_code: str
    role_index: dict[str, int]
    unmapped: dict[int, str]

    @classmethod
    def from_header(
        cls, path: Path, publisher_code: str, header: list[str], layouts_path: Path | None = None
    ) -> PaymentLayout:
        layouts = _load_layouts(layouts_path or PROJECT_ROOT / "payment_layouts.yml")
        publisher = (layouts.get("publishers") or {}).get(publisher_code) or {}
        own = {fold_header(h): role for h, role in (publisher.get("columns") or {}).items()}
        common = {fold_header(h): role for role, hs in layouts["common_headers"].items() for h in hs}
        role_index: dict[str, int] = {}
        unmapped: dict[int, str] = {}
        for index, published in enumerate(header):
            folded = fold_header(published)
            role = own.get(folded) or common.get(folded)
            if role is not None and role not in PAYMENT_ROLES:
                raise DataFileError(f"payment_layouts.yml: {published!r} maps to unknown role {role!r}")
            if role is None or role in role_index:
                unmapped[index] = published
            else:
                role_index[role] = index
        missing = [role for role in REQUIRED_ROLES if role not in role_index]
        if missing:
            headers = ", ".join(h for h in header if h)
            headers = headers if len(headers) <= 300 else f"{headers[:300]}..."
            raise DataFileError(
                f"{path}: unknown payments layout, no column for {', '.join(missing)} "
                f"(headers: {headers}); "
                f"map them under publishers: {publisher_code}: in payment_layouts.yml"
            )
        return cls(publisher_code, role_index, unmapped)

    def shape(self, values: list[str | None]) -> tuple[list[str | None], str | None]:
        """The row in PAYMENT_COLUMNS order (period filled in later), and why it cannot land, if so."""
        by_role = {role: values[index] for role, index in self.role_index.items()}
        unmapped = {name: values[index] for index, name in self.unmapped.items() if values[index] not in (None, "")}
        row = [
            self.publisher_code,
            None,
            *(by_role.get(role) for role in PAYMENT_ROLES),
            json.dumps(unmapped, ensure_ascii=False) if unmapped else None,
        ]
        date_text, amount_text = by_role["payment_date"], by_role["amount"]
        if not (date_text or "").strip():
            return row, "missing payment date"
        if parse_date(date_text) is None:
            return row, f"payment date {date_text!r} is not a date"
        if not (amount_text or "").strip():
            return row, "missing amount"
        if not is_amount(amount_text):
            return row, f"amount {amount_text!r} is not a number"
        if not (by_role["supplier_name"] or "").strip():
            return row, "missing supplier name"
        return row, None

    def period_of(self, values: list[str | None]) -> str:
        """The month (yyyy-mm) a landed row's payment date falls in."""
        date = parse_date(values[PAYMENT_COLUMNS.index("payment_date")] or "")
        assert date is not None, "only rows that passed shape() have a period"
        return f"{date:%Y-%m}"
