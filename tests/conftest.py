"""Shared fixtures: the real datasets, and a scratch copy of data/ a test may break on purpose."""
from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cbe_dash.browser import OfflineBrowser, chromium_available, offline_browser
from cbe_dash.data import PROJECT_DATA_DIR, Datasets, load_datasets

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def ds() -> Datasets:
    return load_datasets(PROJECT_DATA_DIR)


@pytest.fixture(scope="session")
def browser() -> Iterator[OfflineBrowser]:
    """One headless Debian chromium for every browser test (playwright's sync API allows one at a time)."""
    if not chromium_available():
        pytest.skip("Debian chromium is not installed (.ci/run installs it with apt-get)")
    with offline_browser() as b:
        yield b


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's data folder."""
    target = tmp_path / "data"
    shutil.copytree(PROJECT_DATA_DIR, target)
    return target


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
