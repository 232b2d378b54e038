"""The project's own manifest of data files (data_manifest.yml), and checking files against it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

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
    # When the publisher issued this version (a date, or a version number): of two files for the
    # same council and month, the one published later wins, whatever the order of landing.
    published: str | None = None

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
        document = read_yaml(manifest_path)
        files = []
        dataset_attribution = {}
        for dataset in document["datasets"]:
            dataset_attribution[dataset["name"]] = dataset["attribution"]
            for entry in dataset["files"]:
                files.append(
                    DataFile(
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
                        published=None if entry.get("published") is None else str(entry["published"]),
                    )
                )
        return cls(files, document["attributions"], dataset_attribution)

    def find(self, relative_path: str) -> DataFile:
        for data_file in self.files:
            if data_file.path == relative_path:
                return data_file
        raise DataFileError(f"{relative_path}: not in the data manifest; add an entry to data_manifest.yml to land it")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(data_file: DataFile, data_dir: Path) -> Path:
    """Return the file's absolute path if it is present and unaltered, else raise DataFileError."""
    path = data_dir / data_file.path
    if not path.is_file():
        raise DataFileError(
            f"{path}: missing; put the public data pack in {data_dir} or set TOTAL_PLACE_DATA_DIR to where it is"
        )
    actual = sha256_of(path)
    if actual != data_file.sha256:
        raise DataFileError(
            f"{path}: altered (sha256 {actual[:12]}..., manifest says {data_file.sha256[:12]}...); "
            "restore the publisher's file, or if the publisher re-issued it, "
            "update its sha256 in data_manifest.yml"
        )
    return path


def verify_all(manifest: Manifest, data_dir: Path) -> list[DataFileError]:
    """Check every file; return every problem rather than stopping at the first."""
    problems = []
    for data_file in manifest.files:
        try:
            verify(data_file, data_dir)
        except DataFileError as error:
            problems.append(error)
    return problems
