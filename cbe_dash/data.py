"""Load the project's datasets: files -> validated, typed frames.

`load_datasets` is strict (any problem raises, for the CLI and tests); `load_available` keeps every
clean table and reports the rest, so one broken file costs only the pages that need it.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from cbe_dash.schema import DESCRIPTOR, Package, read_package
from cbe_dash.validation import DataValidationError, Problem, foreign_key_problems, read_table

PROJECT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "CBE_DASH_DATA_DIR"

#: Attribute name on Datasets -> resource name in datapackage.json.
TABLES: Mapping[str, str] = MappingProxyType({
    "sources": "sources",
    "state_policy": "state_policy_events",
    "policy_counts": "policy_counts",
    "league": "league_members",
    "league_totals": "league_totals",
    "connectivity": "connectivity",
    "connectivity_national": "connectivity_national",
    "home_internet": "home_internet",
    "iln": "iln_members",
    "regions": "regions",
    "tile_grid": "tile_grid",
})


class DatasetUnavailable(LookupError):
    """A page asked for a table that did not pass validation; carries that table's problems."""

    def __init__(self, resource: str, problems: tuple[Problem, ...]):
        self.resource = resource
        self.problems = problems
        super().__init__(f"{resource} is unavailable: " + "; ".join(str(p) for p in problems[:3]))


@dataclass(frozen=True)
class Datasets:
    """The validated tables. Attributes (``ds.state_policy`` ...) raise DatasetUnavailable for a broken table."""

    tables: Mapping[str, pd.DataFrame]
    problems: tuple[Problem, ...]
    data_dir: Path
    package: Package
    version: str
    _by_resource: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict, repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        resource = TABLES.get(name)
        if resource is None:
            raise AttributeError(name)
        return self.table(resource)

    def table(self, resource: str) -> pd.DataFrame:
        if resource in self.tables:
            return self.tables[resource]
        raise DatasetUnavailable(resource, self.problems_for(resource))

    def problems_for(self, resource: str) -> tuple[Problem, ...]:
        return self._by_resource.get(resource, ())

    @property
    def package_path(self) -> Path:
        return PROJECT_DATA_DIR / DESCRIPTOR

    def available(self, *attrs: str) -> bool:
        return all(TABLES[a] in self.tables for a in attrs)


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Explicit argument, else $CBE_DASH_DATA_DIR (an analyst's updated copy), else the project's data/."""
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else PROJECT_DATA_DIR


def project_package() -> Package:
    """The descriptor shipped with the code: it is the contract, whatever folder the CSVs come from."""
    return read_package(PROJECT_DATA_DIR / DESCRIPTOR)


def _version(package: Package, data_dir: Path) -> str:
    digest = hashlib.sha256()
    for res in package.resources:
        path = data_dir / res.path
        if path.is_file():
            digest.update(path.read_bytes())
    return f"{package.version}+{digest.hexdigest()[:8]}"


def load_available(data_dir: str | os.PathLike[str] | None = None) -> Datasets:
    """Every table that passes its checks, plus every problem found (never raises for bad data)."""
    directory = resolve_data_dir(data_dir)
    package = project_package()
    results = {res.name: read_table(directory, res) for res in package.resources}
    by_resource: dict[str, list[Problem]] = {name: list(r.problems) for name, r in results.items()}
    clean = {name: r.frame for name, r in results.items() if r.frame is not None and not r.problems}
    for name, problems in foreign_key_problems(clean, package).items():
        by_resource[name].extend(problems)
    tables = {
        name: frame.reset_index(drop=True)
        for name, frame in clean.items()
        if not by_resource[name]
    }
    all_problems = tuple(sorted(p for ps in by_resource.values() for p in ps))
    return Datasets(
        tables=MappingProxyType(tables),
        problems=all_problems,
        data_dir=directory,
        package=package,
        version=_version(package, directory),
        _by_resource=MappingProxyType({k: tuple(sorted(v)) for k, v in by_resource.items() if v}),
    )


def load_datasets(data_dir: str | os.PathLike[str] | None = None) -> Datasets:
    """All tables, validated; raises DataValidationError listing every problem when any file is bad."""
    ds = load_available(data_dir)
    if ds.problems:
        raise DataValidationError(ds.problems)
    return ds
