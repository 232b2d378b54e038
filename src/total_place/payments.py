"""Council payment files ("spending over £500"): headers mapped to roles, rows checked.

Values stay as published text; this module only decides which column plays which role and
whether a row can be read at all (a date that is a date, an amount that is a number), so a
row staging could not type is quarantined at the door instead of vanishing later.
The date formats and amount forms here are the ones the staging macros parse.
"""

from __future__ import annotations

import dataclasses
import functools
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
UNMAPPED = "unmapped"
# The layout's rule for two-digit years (a century, "20"), landed on every row for staging to read with.
PAYMENT_COLUMNS = [
    "publisher_code",
    "period",
    "publication",
    *PAYMENT_ROLES,
    "unmapped_columns",
    "two_digit_year_century",
]

# What dates and amounts are, and how they are read, is macros/parse_uk_date.sql and
# macros/parse_amount.sql: landing renders them into its SQL, staging calls them.


def fold_header(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z£/]+", " ", header.lower()).split())


def publisher_layout(publisher_code: str, layouts_path: Path | None = None) -> dict:
    """The publisher's entry in payment_layouts.yml (and the common headers), as landing used it."""
    layouts = _load_layouts(layouts_path or PROJECT_ROOT / "payment_layouts.yml")
    return {
        "common_headers": layouts.get("common_headers"),
        "publisher": (layouts.get("publishers") or {}).get(publisher_code),
    }


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
    two_digit_year_century: int | None = None
    # The publisher redacts a payee by leaving the name blank (blank_supplier_name: redacted).
    blank_supplier_is_redacted: bool = False

    @classmethod
    def from_header(
        cls,
        path: Path,
        publisher_code: str,
        header: list[str],
        layouts_path: Path | None = None,
        undated: bool = False,
    ) -> PaymentLayout:
        """`undated`: the file's entry dates its rows (undated_period), so it needs no date column;
        one it has is kept among the unmapped columns, as published."""
        layouts_path = layouts_path or PROJECT_ROOT / "payment_layouts.yml"
        # A national landing meets each council's header in hundreds of files: mapped once.
        layout, missing = _layout_of(publisher_code, tuple(header), layouts_path, layouts_path.stat().st_mtime_ns)
        if undated:
            missing = [role for role in missing if role != "payment_date"]
            if "payment_date" in layout.role_index:
                role_index = dict(layout.role_index)
                index = role_index.pop("payment_date")
                unmapped = dict(sorted({**layout.unmapped, index: header[index]}.items()))
                layout = dataclasses.replace(layout, role_index=role_index, unmapped=unmapped)
        if missing:
            headers = ", ".join(h for h in header if h)
            headers = headers if len(headers) <= 300 else f"{headers[:300]}..."
            raise DataFileError(
                f"{path}: unknown payments layout, no column for {', '.join(missing)} "
                f"(headers: {headers}); "
                f"map them under publishers: {publisher_code}: in payment_layouts.yml"
            )
        return layout

    def unmapped_names(self) -> dict[int, str]:
        """The unmapped columns' names for the JSON of unmapped_columns: as published, a repeated
        name numbered ("Notes", "Notes (2)") so every column keeps its value."""
        names: dict[int, str] = {}
        for index, published in self.unmapped.items():
            published = published.strip() or f"column {index + 1}"  # a column the header leaves unnamed
            name, count = published, 2
            while name in names.values():
                name, count = f"{published} ({count})", count + 1
            names[index] = name
        return names


@functools.lru_cache(maxsize=1024)
def _layout_of(
    publisher_code: str, header: tuple[str, ...], layouts_path: Path, mtime_ns: int
) -> tuple[PaymentLayout, list[str]]:
    """A header's roles by one version of payment_layouts.yml, and the required roles it lacks."""
    layouts = _load_layouts_version(layouts_path, mtime_ns)
    publisher = (layouts.get("publishers") or {}).get(publisher_code) or {}
    own = {fold_header(h): role for h, role in (publisher.get("columns") or {}).items()}
    common = {fold_header(h): role for role, hs in layouts["common_headers"].items() for h in hs}
    role_index: dict[str, int] = {}
    for published in header:
        role = own.get(fold_header(published))
        if role is not None and role != UNMAPPED and role not in PAYMENT_ROLES:
            raise DataFileError(f"payment_layouts.yml: {published!r} maps to unknown role {role!r}")
    # The publisher's own names first, then the common ones for roles still open: a finance
    # system's "Supplier Name(T)" is the name where the file's plain "Supplier Name" is a code.
    repeated = publisher.get("repeated_headers", "first")
    if repeated not in ("first", "last"):
        raise DataFileError(
            f"payment_layouts.yml: repeated_headers of {publisher_code} must be first or last, not {repeated!r}"
        )
    # Of a header a file repeats, the first plays its role, or the last where the publisher's
    # finance system puts a code first and the text after it.
    columns = list(enumerate(header))
    if repeated == "last":
        columns.reverse()
    for names in (own, common):
        for index, published in columns:
            role = names.get(fold_header(published))
            if (
                role is not None
                and role != UNMAPPED  # the publisher's own word that a common header is not that role here
                and role not in role_index
                and index not in role_index.values()
                and not (names is common and own.get(fold_header(published)) == UNMAPPED)
            ):
                role_index[role] = index
    unmapped = {index: published for index, published in enumerate(header) if index not in role_index.values()}
    century = publisher.get("two_digit_year_century")
    if century is not None and (not isinstance(century, int) or not 0 < century < 100):
        raise DataFileError(
            f"payment_layouts.yml: two_digit_year_century of {publisher_code} must be a century such as 20, "
            f"not {century!r}"
        )
    missing = [role for role in REQUIRED_ROLES if role not in role_index]
    blank_supplier = publisher.get("blank_supplier_name")
    if blank_supplier not in (None, "redacted"):
        raise DataFileError(
            f"payment_layouts.yml: blank_supplier_name of {publisher_code} can only be redacted, not {blank_supplier!r}"
        )
    return PaymentLayout(publisher_code, role_index, unmapped, century, blank_supplier == "redacted"), missing
