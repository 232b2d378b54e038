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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from total_place.manifest import DataFile, DataFileError, Manifest, resolve_inside, verify
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


def organisation_names(data_files: list[DataFile], data_dir: Path) -> dict[str, set[str]]:
    """The organisation names each payments file prints (its organisation_name role; none when
    it has no such column), by file path. Plain UTF-8 CSVs of one width are read together by
    DuckDB's reader (one scan, no sniffing: the width and column come from the header);
    workbooks, zip members, set header rows and other encodings are read as landing reads them."""
    from total_place.payments import PaymentLayout
    from total_place.readers import read_csv

    names: dict[str, set[str]] = {}
    together: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for data_file in data_files:
        path = resolve_inside(data_dir, data_file.path)  # landing checks its sha256; here it is only read
        source = read_csv(path, data_file.header_rows, data_file.archive_member)
        layout = PaymentLayout.from_header(path, data_file.publisher_code or "", source.header)
        index = layout.role_index.get("organisation_name")
        names[data_file.path] = set()
        if index is None:
            continue
        if data_file.archive_member is None and data_file.header_rows is None and source.encoding == "utf-8-sig":
            together.setdefault((len(source.header), index), []).append((str(path), data_file.path))
            names[data_file.path] = {f"\0header:{source.header[index]}"}  # the header's own cell, dropped below
            continue
        try:
            for _, values in source.rows:
                if index < len(values) and values[index] and values[index].strip():
                    names[data_file.path].add(values[index].strip())
                    if len(names[data_file.path]) > MAX_ORGANISATION_NAMES:
                        break
        except csv.Error as error:
            # Landing quarantines such rows; here, where names are only read, one line is enough.
            raise DataFileError(f"{data_file.path}: not readable as CSV ({error})") from error
    with duckdb.connect() as con:
        for (width, index), files in together.items():
            by_path = dict(files)
            found = con.execute(
                f"select filename, list(distinct trim(c{index})) from read_csv(?, header = false, "
                "auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = ?, null_padding = true, "
                "strict_mode = false, ignore_errors = true, filename = true) group by filename",
                [list(by_path), {f"c{i}": "varchar" for i in range(width)}],
            ).fetchall()
            for filename, values in found:
                relative = by_path[filename]
                header = next(iter(names[relative]))[len("\0header:") :]
                names[relative] = {v for v in values if v and v != header.strip()}
            for relative in by_path.values():  # a file of no data rows
                names[relative] = {n for n in names[relative] if not n.startswith("\0header:")}
    return names


def check_payments_publishers(
    manifest: Manifest,
    data_files: list[DataFile],
    data_dir: Path,
    con: duckdb.DuckDBPyConnection,
) -> None:
    """Before landing: every payments file's publisher code, and the organisation names of each
    file not yet landed in this version (a landed version was checked when it landed)."""
    payments = [f for f in data_files if f.layout == "payments"]
    if not payments:
        return
    register = Register.load(manifest, data_dir, con)
    for data_file in payments:
        register.check(data_file)
    landed = _landed_versions(con)
    unlanded = [
        data_file
        for data_file in payments
        if (data_file.path, data_file.sha256, publisher_key(data_file)) not in landed
    ]
    printed = organisation_names(unlanded, data_dir)
    for data_file in unlanded:
        register.check_names(data_file, printed[data_file.path])


def _landed_versions(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str, str | None]]:
    """Files landed in this version under this publisher: a file re-declared as another body
    (same bytes, another code or kind) lands again and has its names checked again."""
    if not _has_table(con, "load_log"):
        return set()
    return set(
        con.execute("select distinct source_file, source_sha256, publisher_code from raw.load_log").fetchall()
    )
