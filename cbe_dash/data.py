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

from cbe_dash.schema import DESCRIPTOR, DescriptorError, Package, Resource, parse_package
from cbe_dash.stamp import STAMP_FILE, read_stamp, rules_fingerprint, stamp_text
from cbe_dash.validation import DataValidationError, Problem, cross_file_problems, read_bytes, read_table

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
    #: File name -> the exact bytes that passed validation (only for tables in `tables`). Downloads are
    #: built from these, never re-read from disk, so a file edited after loading cannot slip out.
    files: Mapping[str, bytes] = field(default_factory=dict, repr=False)
    #: The descriptor's bytes as read when the tables were checked against it (empty if unreadable).
    descriptor: bytes = field(default=b"", repr=False)
    #: Things worth knowing that withhold nothing (e.g. a CSV file the package does not describe).
    notes: tuple[str, ...] = ()

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

    def available(self, *attrs: str) -> bool:
        return all(TABLES[a] in self.tables for a in attrs)


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Explicit argument, else $CBE_DASH_DATA_DIR (an analyst's updated copy), else the project's data/."""
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else PROJECT_DATA_DIR


def _descriptor_path() -> Path:
    return PROJECT_DATA_DIR / DESCRIPTOR


def _stub(name: str) -> Resource:
    """Stands for a resource the descriptor does not describe, so pages can still name its file."""
    return Resource(name=name, path=f"{name}.csv", title=name, description="", fields=(), primary_key=(),
                    foreign_keys=())


def _contract() -> tuple[Package, bytes, dict[str, list[Problem]]]:
    """The package, the descriptor's bytes, and per resource the problem that withholds it, if any.

    A broken descriptor withholds every table (nothing can be checked without the contract); one that
    leaves out a resource the pages use withholds that one. Either way the package still names every
    resource, so pages can say which file is missing.
    """
    raw, problem = read_bytes(_descriptor_path(), DESCRIPTOR)
    try:
        if raw is None:
            raise DescriptorError(problem.message if problem else "cannot be read")
        try:
            package = parse_package(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as err:
            raise DescriptorError("not valid UTF-8", line=raw[: err.start].count(b"\n") + 1) from None
    except DescriptorError as err:
        broken = Problem(DESCRIPTOR, err.line, err.where, f"{err.message}; no table can be checked without it")
        stubs = tuple(_stub(name) for name in TABLES.values())
        return Package(name="", title="", version="", resources=stubs), raw or b"", {s.name: [broken] for s in stubs}
    described = {res.name for res in package.resources}
    absent = [name for name in TABLES.values() if name not in described]
    resources = package.resources + tuple(_stub(name) for name in absent)
    problems = {name: [Problem(DESCRIPTOR, 1, "resources", f"does not describe {name}, which the pages need")]
                for name in absent}
    return Package(package.name, package.title, package.version, resources), raw, problems


def _stray_notes(directory: Path, package: Package) -> tuple[str, ...]:
    """CSV files in the folder the package does not describe: ignored, but said so (a misnamed copy?)."""
    expected = {res.path for res in package.resources}
    try:
        names = sorted(entry.name for entry in os.scandir(directory))
    except OSError:
        return ()
    return tuple(f"{_printable(name)}: not described in {DESCRIPTOR}, ignored" for name in names
                 if name.lower().endswith(".csv") and name not in expected)


def _printable(name: str) -> str:
    """A file name safe to print: a line break or a byte that is not UTF-8 in a name is spelled out."""
    return "".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in name)


def _folder_problems(directory: Path) -> list[Problem]:
    if directory.is_dir():
        return []
    what = "does not exist" if not directory.exists() else "is not a folder"
    return [Problem(directory.name or str(directory), 1, "-", f"the data folder {what}")]


def _version(package: Package, files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for res in package.resources:
        digest.update(files.get(res.path, b""))
    return f"{package.version}+{digest.hexdigest()[:8]}"


def _known_good(trust_stamp: bool) -> Callable[[str, bytes], bool]:
    """Which file contents may skip the constraint checks: those in the project's stamp, if trusted."""
    if not trust_stamp:
        return lambda path, raw: False
    try:
        fingerprint = rules_fingerprint(_descriptor_path())
    except OSError:
        return lambda path, raw: False
    known = read_stamp(PROJECT_DATA_DIR / STAMP_FILE)
    return partial(known.covers, fingerprint=fingerprint)


def load_available(data_dir: str | os.PathLike[str] | None = None, *, trust_stamp: bool = True) -> Datasets:
    """Every table that passes its checks, plus every problem found (never raises for bad data).

    With `trust_stamp`, files byte-identical to ones recorded in data/validated.json skip the pandera
    constraint checks they already passed; `trust_stamp=False` checks everything from scratch.
    """
    directory = resolve_data_dir(data_dir)
    package, descriptor, by_resource = _contract()
    folder = _folder_problems(directory)
    readable = [res for res in package.resources if res.fields and res.name not in by_resource]
    known_good = _known_good(trust_stamp)
    results = {res.name: read_table(directory, res, known_good) for res in readable} if not folder else {}
    for res in package.resources:
        problems = by_resource.setdefault(res.name, [])
        problems.extend(folder)
        if res.name in results:
            problems.extend(results[res.name].problems)
    clean = {name: r.frame for name, r in results.items() if r.frame is not None and not by_resource[name]}
    for name, problems in cross_file_problems(clean, package).items():
        by_resource[name].extend(problems)
    tables = {name: frame.reset_index(drop=True) for name, frame in clean.items() if not by_resource[name]}
    files = {package.resource(name).path: results[name].raw or b"" for name in tables}
    all_problems = tuple(sorted({p for ps in by_resource.values() for p in ps}))
    return Datasets(
        tables=MappingProxyType(tables),
        problems=all_problems,
        data_dir=directory,
        package=package,
        version=_version(package, {res.path: r.raw or b"" for res in package.resources
                                   if (r := results.get(res.name)) is not None}),
        _by_resource=MappingProxyType({k: tuple(sorted(set(v))) for k, v in by_resource.items() if v}),
        files=MappingProxyType(files),
        descriptor=descriptor,
        notes=_stray_notes(directory, package),
    )


def folder_signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """(name, mtime, size) of every CSV entry in `directory`, for a cache that must notice edits.

    Never raises: an entry that cannot be examined (a link to nothing, a file removed meanwhile) counts
    with zeros, and an unreadable folder has the empty signature.
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return ()
    signature = []
    for entry in entries:
        if not entry.name.lower().endswith(".csv"):
            continue
        try:
            info = entry.stat()
            signature.append((entry.name, info.st_mtime_ns, info.st_size))
        except OSError:
            signature.append((entry.name, 0, 0))
    return tuple(signature)


def load_datasets(data_dir: str | os.PathLike[str] | None = None, *, trust_stamp: bool = True) -> Datasets:
    """All tables, validated; raises DataValidationError listing every problem when any file is bad."""
    ds = load_available(data_dir, trust_stamp=trust_stamp)
    if ds.problems:
        raise DataValidationError(ds.problems)
    return ds


def expected_stamp() -> str:
    """The stamp the project's data earns now: every file fully checked, none trusted from a stamp.

    Raises DataValidationError when any file has a problem, so a stamp can only ever record clean data.
    The stamp records the very bytes that were checked.
    """
    ds = load_datasets(PROJECT_DATA_DIR, trust_stamp=False)
    return stamp_text(rules_fingerprint(_descriptor_path()), ds.files)


def write_stamp() -> Path:
    """Record the project's data files as checked (after a full, clean check); OSError if it cannot write.

    Written to a temporary file first and then renamed, so a failed write never leaves half a stamp.
    """
    path = PROJECT_DATA_DIR / STAMP_FILE
    text = expected_stamp()
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        if temporary.exists() and not temporary.is_dir():
            temporary.unlink(missing_ok=True)
    return path
