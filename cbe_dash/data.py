"""Load the project's datasets: files -> validated, typed frames.

`load_datasets` is strict (any problem raises, for the CLI and tests); `load_available` keeps every
clean table and reports the rest, so one broken file costs only the pages that need it.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from cbe_dash.schema import DESCRIPTOR, Package, read_package
from cbe_dash.stamp import STAMP_FILE, read_stamp, rules_fingerprint, stamp_text
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


def _known_good(trust_stamp: bool) -> Callable[[str, bytes], bool]:
    """Which file contents may skip the constraint checks: those in the project's stamp, if trusted."""
    if not trust_stamp:
        return lambda path, raw: False
    known = read_stamp(PROJECT_DATA_DIR / STAMP_FILE)
    fingerprint = rules_fingerprint(PROJECT_DATA_DIR / DESCRIPTOR)
    return partial(known.covers, fingerprint=fingerprint)


def load_available(data_dir: str | os.PathLike[str] | None = None, *, trust_stamp: bool = True) -> Datasets:
    """Every table that passes its checks, plus every problem found (never raises for bad data).

    With `trust_stamp`, files byte-identical to ones recorded in data/validated.json skip the pandera
    constraint checks they already passed; `trust_stamp=False` checks everything from scratch.
    """
    directory = resolve_data_dir(data_dir)
    package = project_package()
    known_good = _known_good(trust_stamp)
    results = {res.name: read_table(directory, res, known_good) for res in package.resources}
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


def load_datasets(data_dir: str | os.PathLike[str] | None = None, *, trust_stamp: bool = True) -> Datasets:
    """All tables, validated; raises DataValidationError listing every problem when any file is bad."""
    ds = load_available(data_dir, trust_stamp=trust_stamp)
    if ds.problems:
        raise DataValidationError(ds.problems)
    return ds


def expected_stamp() -> str:
    """The stamp the project's data earns now: every file fully checked, none trusted from a stamp.

    Raises DataValidationError when any file has a problem, so a stamp can only ever record clean data.
    """
    ds = load_datasets(PROJECT_DATA_DIR, trust_stamp=False)
    files = {res.path: (PROJECT_DATA_DIR / res.path).read_bytes() for res in ds.package.resources}
    return stamp_text(rules_fingerprint(PROJECT_DATA_DIR / DESCRIPTOR), files)


def write_stamp() -> Path:
    """Record the project's data files as checked (after a full, clean check)."""
    path = PROJECT_DATA_DIR / STAMP_FILE
    path.write_text(expected_stamp(), encoding="utf-8")
    return path
