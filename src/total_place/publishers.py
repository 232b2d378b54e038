"""Publishers are who they say they are: a payments file's publisher checked before it lands.

A council's `publisher_code` must be an English council's code in mySociety's register of local
authorities; where the file names its organisation (the organisation_name role), every name
must be one of the register's names for that code or a spelling seeded in
seeds/publisher_name_spellings.csv. A body that is not a council declares its
`publisher_kind` in the manifest: a combined authority or the GLA by its register code, a
functional body (TfL) or a central government department by its code in
seeds/non_district_publishers.csv. Such a body lands under its own key (`kind:CODE`), so the
Cabinet Office (CAB) is never read as Cambridge City Council (CAB in the register): staging
gives the kind, and fct_payments takes councils only.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from total_place.manifest import DataFile, DataFileError, Manifest, verify
from total_place.settings import PROJECT_ROOT

REGISTER_TABLE = "la_codes__uk_local_authorities_current"
REGISTER_NAMES_TABLE = "la_codes__lookup_name_to_registry"
SEEDS_DIR = PROJECT_ROOT / "seeds"
NON_DISTRICT_SEED = "non_district_publishers.csv"
SPELLINGS_SEED = "publisher_name_spellings.csv"

# The register's authority types that each kind declared in the manifest may carry: English
# councils (non-metropolitan and metropolitan districts, unitaries, London boroughs, counties
# and the City of London); combined authorities and the GLA (a strategic regional authority).
REGISTER_TYPES = {
    "council": {"NMD", "MD", "UA", "LBO", "CTY", "CC"},
    "combined_authority": {"COMB", "SRA"},
}
# A file naming more organisations than this is not one publisher's file.
MAX_ORGANISATION_NAMES = 20


def fold_name(name: str) -> str:
    """A name as compared: lower case, & as and, punctuation and repeated spaces gone."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.lower().replace("&", " and ")).split())


def publisher_key(data_file: DataFile) -> str | None:
    """The code a payments file's rows land under: a council's register code as declared, any
    other body's prefixed by its kind, so no other body can share a council's key."""
    if data_file.publisher_code is None or data_file.publisher_kind == "council":
        return data_file.publisher_code
    return f"{data_file.publisher_kind}:{data_file.publisher_code}"


def for_landing(data_file: DataFile) -> DataFile:
    """The manifest entry as landing uses it: publisher_code set to the publisher's key."""
    key = publisher_key(data_file)
    return data_file if key == data_file.publisher_code else dataclasses.replace(data_file, publisher_code=key)


@dataclass(frozen=True)
class Publisher:
    kind: str
    code: str
    name: str  # the register's (or seed's) official name
    register_type: str | None
    names: frozenset[str]  # folded names the publisher's files may print


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _snake(row: dict[str, str]) -> dict[str, str]:
    return {key.strip().lower().replace("-", "_"): (value or "") for key, value in row.items() if key}


@dataclass(frozen=True)
class Register:
    """Every publisher a payments file may declare, by (kind, code)."""

    publishers: dict[tuple[str, str], Publisher]
    source: str

    @classmethod
    def load(cls, manifest: Manifest, data_dir: Path, con: duckdb.DuckDBPyConnection | None = None) -> Register:
        """mySociety's register from the pack (checked against its sha256) when the manifest
        lists it, else as landed in the working database; the seeds from seeds/."""
        by_table = {data_file.table: data_file for data_file in manifest.files if data_file.table}
        if REGISTER_TABLE in by_table:
            register_file = by_table[REGISTER_TABLE]
            authorities = [_snake(r) for r in _read_csv(verify(register_file, data_dir))]
            names_file = by_table.get(REGISTER_NAMES_TABLE)
            names = [_snake(r) for r in _read_csv(verify(names_file, data_dir))] if names_file else []
            source = register_file.path
        elif con is not None and _has_table(con, REGISTER_TABLE):
            authorities = _rows(con, REGISTER_TABLE)
            names = _rows(con, REGISTER_NAMES_TABLE) if _has_table(con, REGISTER_NAMES_TABLE) else []
            source = f"raw.{REGISTER_TABLE}"
        else:
            raise DataFileError(
                f"mySociety's register ({REGISTER_TABLE}) is neither in the manifest nor landed: "
                "payments files' publishers cannot be checked; land mysociety-la-codes first"
            )
        return cls(_publishers(authorities, names), source)

    def check(self, data_file: DataFile) -> Publisher:
        """The file's declared publisher, or one line naming the file and the code."""
        code = data_file.publisher_code
        if code is None:
            raise DataFileError(f"{data_file.path}: a payments file needs a publisher_code in the manifest")
        publisher = self.publishers.get((data_file.publisher_kind, code))
        if publisher is not None:
            return publisher
        elsewhere = [p for (kind, other), p in self.publishers.items() if other == code]
        if elsewhere:
            found = elsewhere[0]
            raise DataFileError(
                f"{data_file.path}: publisher_code {code!r} is {found.name} ({found.kind}"
                f"{f', {found.register_type} in the register' if found.register_type else ''}), "
                f"not a {data_file.publisher_kind}; declare publisher_kind: {found.kind} if that is the publisher"
            )
        where = (
            self.source
            if data_file.publisher_kind in REGISTER_TYPES
            else f"seeds/{NON_DISTRICT_SEED} ({data_file.publisher_kind})"
        )
        raise DataFileError(
            f"{data_file.path}: unknown publisher_code {code!r}, not in {where}; "
            "a body that is not a council declares its publisher_kind in the manifest"
        )

    def check_names(self, data_file: DataFile, published_names: Iterable[str]) -> None:
        """Every organisation name a file prints must be its publisher's: one line naming the
        file and both names otherwise."""
        publisher = self.check(data_file)
        distinct = {name.strip() for name in published_names if name and name.strip()}
        if len(distinct) > MAX_ORGANISATION_NAMES:
            raise DataFileError(
                f"{data_file.path}: names {len(distinct):,} organisations; a payments file is one publisher's"
            )
        for name in sorted(distinct):
            if fold_name(name) not in publisher.names:
                raise DataFileError(
                    f"{data_file.path}: organisation {name!r} is not {publisher.code}'s name "
                    f"{publisher.name!r}; if it is the same body, add the spelling to seeds/{SPELLINGS_SEED}"
                )


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'raw' and table_name = ?", [table]
        ).fetchone()[0]
    )


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[dict[str, str]]:
    cursor = con.execute(f'select * from raw."{table}"')  # a constant of this module, not input
    columns = [d[0] for d in cursor.description]
    return [{c: "" if v is None else str(v) for c, v in zip(columns, row, strict=True)} for row in cursor.fetchall()]


def _publishers(authorities: list[dict[str, str]], names: list[dict[str, str]]) -> dict[tuple[str, str], Publisher]:
    spellings: dict[tuple[str, str], set[str]] = {}
    for row in _read_csv(SEEDS_DIR / SPELLINGS_SEED):
        key = (row["publisher_kind"], row["publisher_code"])
        spellings.setdefault(key, set()).add(fold_name(row["published_name"]))
    register_names: dict[str, set[str]] = {}
    for row in names:
        register_names.setdefault(row["local_authority_code"].strip().upper(), set()).add(fold_name(row["la_name"]))
    kind_of_type = {t: kind for kind, types in REGISTER_TYPES.items() for t in types}
    publishers: dict[tuple[str, str], Publisher] = {}
    for row in authorities:
        code, register_type = row["local_authority_code"].strip().upper(), row["local_authority_type"].strip()
        kind = kind_of_type.get(register_type)
        if kind is None:
            continue  # Scottish, Welsh and Northern Irish councils pay no English district's spend
        known = {row["official_name"], row["nice_name"], *row["alt_names"].split(",")}
        folded = {fold_name(n) for n in known if n.strip()} | register_names.get(code, set())
        folded |= spellings.get((kind, code), set())
        publishers[(kind, code)] = Publisher(kind, code, row["official_name"].strip(), register_type, frozenset(folded))
    for row in _read_csv(SEEDS_DIR / NON_DISTRICT_SEED):
        kind, code = row["publisher_kind"], row["publisher_code"]
        folded = {fold_name(row["publisher_name"])} | spellings.get((kind, code), set())
        publishers[(kind, code)] = Publisher(kind, code, row["publisher_name"], None, frozenset(folded))
    return publishers


def check_payments_publishers(
    manifest: Manifest,
    data_files: list[DataFile],
    data_dir: Path,
    con: duckdb.DuckDBPyConnection,
) -> Callable[[DataFile, set[str]], None] | None:
    """Before landing: every payments file's publisher code. Returns the check landing makes of
    the organisation names each payments file prints, once DuckDB has read them (for the entries
    as landing sees them: see for_landing); none if no file is a payments file."""
    payments = [f for f in data_files if f.layout == "payments"]
    if not payments:
        return None
    register = Register.load(manifest, data_dir, con)
    declared = {}
    for data_file in payments:
        register.check(data_file)
        declared[data_file.path] = data_file

    def check_names(data_file: DataFile, printed: set[str]) -> None:
        if data_file.layout == "payments":
            register.check_names(declared.get(data_file.path, data_file), printed)

    return check_names
