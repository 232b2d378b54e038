"""The project's data manifest agrees with the pack's own, and bad files are named clearly."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from total_place.manifest import DataFileError, Manifest, verify, verify_all


def test_every_manifest_file_matches_the_packs_own_manifest(manifest: Manifest, pack_dir: Path) -> None:
    with (pack_dir / "MANIFEST.csv").open(newline="", encoding="utf-8") as handle:
        pack = {row["path"]: row["sha256"] for row in csv.DictReader(handle)}
    assert manifest.files, "data_manifest.yml lists no files"
    for data_file in manifest.files:
        assert pack.get(data_file.path) == data_file.sha256, data_file.path


def test_every_manifest_file_names_publisher_url_and_licence(manifest: Manifest) -> None:
    for data_file in manifest.files:
        assert data_file.publisher and data_file.url.startswith("https://"), data_file.path
        assert data_file.licence in {"OGL-UK-3.0", "CC-BY-4.0"}, data_file.path
        assert manifest.dataset_attribution[data_file.dataset] in manifest.attributions


def test_the_real_pack_verifies(manifest: Manifest, pack_dir: Path) -> None:
    assert verify_all(manifest, pack_dir) == []


def test_a_missing_file_is_named_with_what_to_do(manifest: Manifest, tmp_path: Path) -> None:
    data_file = manifest.files[0]
    with pytest.raises(DataFileError) as raised:
        verify(data_file, tmp_path)
    message = str(raised.value)
    assert data_file.path in message and "missing" in message and "TOTAL_PLACE_DATA_DIR" in message
    assert "\n" not in message


def test_an_altered_file_is_named_with_what_to_do(manifest: Manifest, pack_dir: Path, tmp_path: Path) -> None:
    data_file = next(f for f in manifest.files if f.path.endswith("lookup_ltla23_region23.csv"))
    copy = tmp_path / data_file.path
    copy.parent.mkdir(parents=True)
    shutil.copyfile(pack_dir / data_file.path, copy)
    with copy.open("a", encoding="utf-8") as handle:
        handle.write("E99999999,Nowhere,E12000001,North East\n")
    with pytest.raises(DataFileError) as raised:
        verify(data_file, tmp_path)
    message = str(raised.value)
    assert data_file.path in message and "altered" in message and "data_manifest.yml" in message
    assert "\n" not in message
