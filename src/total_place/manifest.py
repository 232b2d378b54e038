"""The project's own manifest of data files (data_manifest.yml), and checking files against it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

# libyaml's parser and emitter where PyYAML was built with them: a national-scale manifest lists
# 11,000 files, and the pure-Python parser took about a second for every 600 of them.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def read_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # a safe loader, as yaml.safe_load


def write_yaml(path: Path, document: dict) -> None:
    path.write_text(yaml.dump(document, Dumper=_YAML_DUMPER, sort_keys=False), encoding="utf-8")


class DataFileError(Exception):
    """A data file is missing, altered or unreadable. The message is one line naming the file."""


# Names that reach SQL (raw tables, landed columns named in the manifest) and publisher codes:
# one strict pattern each, checked when the manifest is read, so a crafted value never gets as
# far as a statement. SQL also quotes them (quote_identifier), which alone would be enough.
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
# A publisher code as declared (CAB), or as landed for a body that is not a council (its kind
# first: central_government:CAB, see publishers.py).
PUBLISHER_CODE = re.compile(r"^(?:[a-z_]{1,30}:)?[A-Za-z0-9][A-Za-z0-9_-]{0,29}$")
PUBLISHER_KINDS = ("council", "combined_authority", "functional_body", "central_government")


DATASET_FIELDS = frozenset({"name", "publisher", "url", "licence", "attribution"})
SHA256 = re.compile(r"^[0-9a-f]{64}$")
LAYOUTS = ("table", "payments")
DEFAULT_PUBLICATION = "payments"
PUBLICATION = re.compile(r"^[a-z][a-z0-9 ]{0,39}$")
MONTH = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")
SINGLE_BYTE_ENCODINGS = ("cp1252", "cp850", "cp437", "latin-1")


def quote_identifier(name: str) -> str:
    """A name as a quoted SQL identifier, any double quote in it doubled."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """Text as a quoted SQL string literal, any single quote in it doubled."""
    return "'" + text.replace("'", "''") + "'"


def _check_relative_path(where: str, what: str, value: str) -> None:
    """A path from the manifest stays inside the directory it is relative to, as written."""
    if not value or "\\" in value or "\x00" in value:
        raise DataFileError(f"{where}: {what} {value!r} is not a relative path with / between folders")
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts or value.startswith("~"):
        raise DataFileError(f"{where}: {what} {value!r} leaves the data directory (absolute or with ..)")


@dataclass(frozen=True)
class DataFile:
    """One file of the pack: where it is, what it must hash to, and which raw table(s) it lands in."""

    path: str
    sha256: str
    dataset: str
    publisher: str
    url: str
    licence: str
    table: str | None = None
    sheets: dict[str, str] = field(default_factory=dict)
    # Rows holding the header; several are joined (service codes above service names).
    # None: the first line with any text.
    header_rows: list[int] | None = None
    # Landed column names that must hold a value, and ones (fnmatch patterns) that must be numbers.
    key_columns: list[str] = field(default_factory=list)
    numeric_columns: list[str] = field(default_factory=list)
    # Published stand-ins for "no value" (R's NA) that a numeric column may hold; kept as published.
    null_markers: list[str] = field(default_factory=list)
    # A CSV inside a zip archive.
    archive_member: str | None = None
    # `table` lands columns as published; `payments` maps a council's spend file to roles.
    layout: str = "table"
    publisher_code: str | None = None
    # What the publisher is: an English council in mySociety's register (the default), a
    # combined authority or the GLA (by register code), a functional body or a central government
    # department (by its code in seeds/non_district_publishers.csv); see publishers.py.
    publisher_kind: str = "council"

    # When the publisher issued this version (a date, or a version number): of two files for the
    # same council and month, the one published later wins, whatever the order of landing.
    published: str | None = None
    # Which of the council's payment publications the file belongs to: a new file replaces its
    # council's month only within its own publication, so procurement-card files and the files
    # of a council-owned company add to the month rather than replace it.
    publication: str = DEFAULT_PUBLICATION
    # The month of a payments file whose rows carry no date it can be read by (no date column,
    # or a range such as "July 2010-September 2010"): every row is dated to it, as a month.
    undated_period: str | None = None
    # The single-byte code page of a file that is not UTF-8 (cp850 writes £ as byte 9C), where it
    # is not Windows-1252.
    encoding: str | None = None
    # Another manifest entry holding the same bytes under another name: checked, never landed.
    duplicate_of: str | None = None

    def __post_init__(self) -> None:
        """Refuse what must never reach a path or a statement: one line naming the entry."""
        where = f"manifest entry {self.path!r}"
        if not isinstance(self.path, str):
            raise DataFileError(f"{where}: path is not text")
        _check_relative_path(where, "path", self.path)
        if not isinstance(self.sha256, str) or not SHA256.match(self.sha256):
            raise DataFileError(f"{where}: sha256 {self.sha256!r:.80} is not 64 lowercase hex digits")
        if self.layout not in LAYOUTS:
            raise DataFileError(f"{where}: layout {self.layout!r:.80} is not one of {', '.join(LAYOUTS)}")
        if not isinstance(self.sheets, dict) or not all(isinstance(k, str) for k in self.sheets):
            raise DataFileError(f"{where}: sheets must map sheet names to table names")
        if self.header_rows is not None and not (
            isinstance(self.header_rows, list)
            and self.header_rows
            and all(isinstance(r, int) and not isinstance(r, bool) and r >= 1 for r in self.header_rows)
        ):
            raise DataFileError(f"{where}: header_rows {self.header_rows!r:.80} is not a list of row numbers from 1")
        for option in ("key_columns", "numeric_columns", "null_markers"):
            values = getattr(self, option)
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise DataFileError(f"{where}: {option} must be a list of text")
        if self.archive_member is not None:
            _check_relative_path(where, "archive_member", self.archive_member)
        for table in ([self.table] if self.table is not None else []) + list(self.sheets.values()):
            if not isinstance(table, str) or not IDENTIFIER.match(table):
                raise DataFileError(
                    f"{where}: table {table!r} is not a table name "
                    "(lowercase letters, digits and _, starting with a letter, at most 63)"
                )
        for column in self.key_columns:
            if not isinstance(column, str) or not IDENTIFIER.match(column):
                raise DataFileError(f"{where}: key column {column!r} is not a landed column name")
        if self.publisher_code is not None and not (
            isinstance(self.publisher_code, str) and PUBLISHER_CODE.match(self.publisher_code)
        ):
            raise DataFileError(
                f"{where}: publisher_code {self.publisher_code!r} is not a code (letters, digits, - and _)"
            )
        if self.publisher_kind not in PUBLISHER_KINDS:
            raise DataFileError(
                f"{where}: publisher_kind {self.publisher_kind!r} is not one of {', '.join(PUBLISHER_KINDS)}"
            )
        if self.published is not None:
            publication_order(self.published, where)
        if not isinstance(self.publication, str) or not PUBLICATION.match(self.publication):
            raise DataFileError(
                f"{where}: publication {self.publication!r:.80} is not a lowercase name (letters, digits, spaces)"
            )
        if self.undated_period is not None and not (
            isinstance(self.undated_period, str) and MONTH.match(self.undated_period)
        ):
            raise DataFileError(f"{where}: undated_period {self.undated_period!r:.80} is not a month (2013-01)")
        if self.encoding is not None and self.encoding not in SINGLE_BYTE_ENCODINGS:
            raise DataFileError(
                f"{where}: encoding {self.encoding!r:.80} is not one of {', '.join(SINGLE_BYTE_ENCODINGS)}"
            )
        if self.duplicate_of is not None:
            _check_relative_path(where, "duplicate_of", self.duplicate_of)

    @property
    def tables(self) -> list[str]:
        return list(self.sheets.values()) if self.sheets else [self.table] if self.table else []


@dataclass(frozen=True)
class Manifest:
    files: list[DataFile]
    attributions: dict[str, str]
    dataset_attribution: dict[str, str]

    @classmethod
    def load(cls, manifest_path: Path) -> Manifest:
        try:
            document = read_yaml(manifest_path)
        except yaml.YAMLError as error:
            raise DataFileError(f"{manifest_path}: not valid YAML ({' '.join(str(error).split())})") from error
        files = []
        dataset_attribution = {}
        try:
            datasets = document["datasets"]
            attributions = document["attributions"]
        except (KeyError, TypeError) as error:
            raise DataFileError(f"{manifest_path}: no {error} section") from error
        for dataset in datasets:
            if not isinstance(dataset, dict) or not dataset.keys() >= DATASET_FIELDS:
                raise DataFileError(
                    f"{manifest_path}: dataset {dataset!r:.200} needs {', '.join(sorted(DATASET_FIELDS))}"
                )
            defaults = dataset.get("file_defaults") or {}
            if not isinstance(defaults, dict):
                raise DataFileError(f"{manifest_path}: dataset {dataset['name']!r}: file_defaults is not a mapping")
            for listed in dataset.get("files") or []:
                # A dataset's file_defaults hold what all its files share (table, layout, publisher).
                entry = {**defaults, **listed} if isinstance(listed, dict) else listed
                try:
                    data_file = DataFile(
                        path=entry["path"],
                        sha256=entry["sha256"],
                        dataset=dataset["name"],
                        publisher=dataset["publisher"],
                        url=dataset["url"],
                        licence=dataset["licence"],
                        table=entry.get("table"),
                        sheets=entry.get("sheets", {}),
                        header_rows=entry.get("header_rows"),
                        key_columns=entry.get("key_columns", []),
                        numeric_columns=entry.get("numeric_columns", []),
                        null_markers=entry.get("null_markers", []),
                        archive_member=entry.get("archive_member"),
                        layout=entry.get("layout", "table"),
                        publisher_code=entry.get("publisher_code"),
                        publisher_kind=entry.get("publisher_kind", "council"),
                        published=None if entry.get("published") is None else str(entry["published"]),
                        publication=entry.get("publication", DEFAULT_PUBLICATION),
                        undated_period=entry.get("undated_period"),
                        encoding=entry.get("encoding"),
                        duplicate_of=entry.get("duplicate_of"),
                    )
                except (KeyError, TypeError, AttributeError) as error:
                    raise DataFileError(
                        f"{manifest_path}: dataset {dataset.get('name')!r} entry {entry!r:.200} is not a complete "
                        f"file entry ({type(error).__name__}: {error})"
                    ) from error
                except DataFileError as error:
                    raise DataFileError(f"{manifest_path}: {error}") from error
                files.append(data_file)
            dataset_attribution[dataset["name"]] = dataset["attribution"]
        _check_duplicates(manifest_path, files)
        return cls(files, attributions, dataset_attribution)

    def find(self, relative_path: str) -> DataFile:
        for data_file in self.files:
            if data_file.path == relative_path:
                return data_file
        raise DataFileError(f"{relative_path}: not in the data manifest; add an entry to data_manifest.yml to land it")


def _check_duplicates(manifest_path: Path, files: list[DataFile]) -> None:
    """A `duplicate_of` names a listed file with the same sha256 (the same bytes), itself no duplicate."""
    by_path = {data_file.path: data_file for data_file in files}
    for data_file in files:
        if data_file.duplicate_of is None:
            continue
        original = by_path.get(data_file.duplicate_of)
        if original is None or original.duplicate_of is not None:
            raise DataFileError(
                f"{manifest_path}: {data_file.path}: duplicate_of {data_file.duplicate_of!r} is not a listed file "
                "that lands"
            )
        if original.sha256 != data_file.sha256:
            raise DataFileError(
                f"{manifest_path}: {data_file.path}: duplicate_of {data_file.duplicate_of} but their sha256 differ: "
                "they are not the same bytes"
            )


_PUBLISHED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PUBLISHED_VERSION = re.compile(r"v?(\d{1,9}(?:\.\d{1,9})*)", re.IGNORECASE)


def publication_order(published: object, where: str) -> tuple[str, tuple[int, ...]]:
    """How a manifest's `published` sorts: an ISO date (2019-05-02) by date, a version (3, v2,
    1.10) by its numbers, so that v10 follows v9; ("date" | "version", numbers). Anything else
    is one line naming the entry."""
    text = published if isinstance(published, str) else ""
    if _PUBLISHED_DATE.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            day = None
        if day is not None:
            return "date", (day.year, day.month, day.day)
    version = _PUBLISHED_VERSION.fullmatch(text)
    if version:
        return "version", tuple(int(part) for part in version.group(1).split("."))
    raise DataFileError(
        f"{where}: published {published!r:.80} is neither a date (2019-05-02) nor a version number (3, v2, 1.10)"
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_inside(data_dir: Path, relative_path: str) -> Path:
    """The file a manifest path names, every symlink followed, if it is inside the data directory.

    A symlink (the file's or a folder's) or `..` that leads out of the data directory is refused,
    however it is reached: the path is resolved first and then compared with the directory.
    """
    _check_relative_path(relative_path, "path", relative_path)
    root = data_dir.resolve()
    resolved = (root / relative_path).resolve()
    if not resolved.is_relative_to(root):
        raise DataFileError(
            f"{data_dir / relative_path}: leads outside the data directory {root} (to {resolved}); "
            "a data file must be inside it, not a link to elsewhere"
        )
    return resolved


def verify(data_file: DataFile, data_dir: Path) -> Path:
    """Return the file's absolute path if it is present, inside the data directory and unaltered,
    else raise DataFileError."""
    path = locate(data_file, data_dir)
    check_unaltered(data_file, path, sha256_of(path))
    return path


def locate(data_file: DataFile, data_dir: Path) -> Path:
    """The file's absolute path if it is present and inside the data directory, else DataFileError."""
    path = resolve_inside(data_dir, data_file.path)
    if not path.is_file():
        raise DataFileError(
            f"{path}: missing; put the public data pack in {data_dir} or set TOTAL_PLACE_DATA_DIR to where it is"
        )
    return path


def check_unaltered(data_file: DataFile, path: Path, actual: str) -> None:
    """DataFileError unless `actual` (the sha256 of the file at `path`) is the manifest's."""
    if actual != data_file.sha256:
        raise DataFileError(
            f"{path}: altered (sha256 {actual[:12]}..., manifest says {data_file.sha256[:12]}...); "
            "restore the publisher's file, or if the publisher re-issued it, "
            "update its sha256 in data_manifest.yml"
        )


def verify_all(manifest: Manifest, data_dir: Path) -> list[DataFileError]:
    """Check every file; return every problem rather than stopping at the first."""
    problems = []
    for data_file in manifest.files:
        try:
            verify(data_file, data_dir)
        except DataFileError as error:
            problems.append(error)
    return problems
