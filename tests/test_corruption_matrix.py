"""The corruption matrix: whatever a data folder holds, `validate` names it and no page crashes.

Each case breaks a copy of data/ in one way (the cases of issue 14, the folder cases, and the rules added
with them) and states what must happen: either its exact ``file:line: column: message`` problems (the
table is withheld), or an accepted normalisation (the tables load exactly as from the project's data).
Every case then runs through `validate` and through every page: no exception, and a page either renders
or shows its problem panel.

Pages see only the tables that passed (and the folder listing): cases that leave pages the same tables
share one page run (`scenario`), so the matrix stays fast while every case is still checked on every page.
The shipped config redacts exception messages; run with STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=full to read them.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cbe_dash import data as data_module
from cbe_dash import validation
from cbe_dash.__main__ import main
from cbe_dash.data import PROJECT_DATA_DIR, TABLES, Datasets, load_available
from tests.conftest import ROOT
from tests.corruption_cases import BY_ID, CASE_IDS, CASES, Case
from tests.support.apptest import panel_keys

PAGES = ["app.py"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
#: Query strings that take each page past its defaults into the parts that read the most tables.
PAGE_QUERIES = {"pages/5_Compare.py": {"states": "KY,NH"}, "pages/4_State_profile.py": {"state": "KY"}}

#: One xdist worker runs the whole matrix: the data copies and each scenario's page runs are made once.
pytestmark = pytest.mark.xdist_group("corruption-matrix")


# --- building and loading each case once ----------------------------------------------------------------

@dataclass
class Built:
    directory: Path
    expected: list[str]


def _unreadable_open(path_name: str) -> Callable[..., object]:
    real = open

    def fake(file, *args, **kwargs):
        if Path(file).name == path_name:
            raise PermissionError(13, "Permission denied")
        return real(file, *args, **kwargs)
    return fake


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Built]:
    """One data copy per case, made once for the whole matrix."""
    out = {}
    for case in CASES:
        directory = tmp_path_factory.mktemp(case.id) / "data"
        shutil.copytree(PROJECT_DATA_DIR, directory)
        out[case.id] = Built(directory, case.make(directory))
    return out


@pytest.fixture
def in_case(monkeypatch, built):
    """Point the app at a case's folder (and at its descriptor when the case breaks the contract)."""
    def enter(case: Case) -> Built:
        b = built[case.id]
        monkeypatch.setenv("CBE_DASH_DATA_DIR", str(b.directory))
        if case.descriptor:
            monkeypatch.setattr(data_module, "PROJECT_DATA_DIR", b.directory)
        if case.unreadable and os.geteuid() == 0:
            monkeypatch.setattr(validation, "open", _unreadable_open(case.unreadable), raising=False)
        return b
    return enter


def expected_problems(case: Case, b: Built) -> list[str]:
    if b.expected == ["<descriptor>"]:
        ds_text = (b.directory / "datapackage.json").read_text(encoding="utf-8")
        try:
            json.loads(ds_text)
        except json.JSONDecodeError as err:
            message = f"not valid JSON ({err.msg}, column {err.colno}); no table can be checked without it"
            return [f"datapackage.json:{err.lineno}: -: {message}"]
    return b.expected


# --- validate ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reference() -> Datasets:
    return load_available(PROJECT_DATA_DIR)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_validate_names_each_problem_or_accepts_the_normalisation(case_id, in_case, reference):
    """The checks `validate` runs, in-process (files identical to the stamped ones skip only pandera)."""
    case = BY_ID[case_id]
    b = in_case(case)
    ds = loaded(case, b)
    problems = sorted(str(p) for p in ds.problems)
    assert problems == sorted(expected_problems(case, b))
    assert all(str(b.directory) not in p for p in problems)  # file names, never server paths
    if not b.expected:  # accepted: the tables are exactly the project's
        for name in TABLES.values():
            pd.testing.assert_frame_equal(ds.table(name), reference.table(name))


@pytest.mark.parametrize("case_id", ["integer-above-64-bits", "descriptor-not-json", "unreadable-file",
                                     "folder-named-csv", "arabic-indic-year", "bom-and-crlf"])
def test_the_validate_command_prints_the_same_and_exits_1_only_for_problems(case_id, in_case, capsys):
    case = BY_ID[case_id]
    b = in_case(case)
    assert main(["validate", str(b.directory)]) == (1 if b.expected else 0)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    printed = out.out.splitlines() if b.expected else []
    assert sorted(printed) == sorted(expected_problems(case, b))


_LOADED: dict[str, Datasets] = {}


def loaded(case: Case, b: Built) -> Datasets:
    """The case's datasets as the app loads them (once per case; call inside `in_case`)."""
    if case.id not in _LOADED:
        _LOADED[case.id] = load_available(b.directory)
    return _LOADED[case.id]


@pytest.mark.parametrize("case_id", ["integer-above-64-bits", "stray-files-and-folders"])
def test_the_command_line_reports_without_a_traceback(case_id, built):
    b = built[case_id]
    run = subprocess.run([sys.executable, "-m", "cbe_dash", "validate", str(b.directory)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr
    assert run.stdout.splitlines()[: len(b.expected)] == b.expected
    assert run.returncode == (1 if b.expected else 0)
    if case_id != "integer-above-64-bits":
        assert "not described in datapackage.json, ignored" in run.stderr


def test_a_parallel_run_keeps_the_matrix_in_one_worker(request: pytest.FixtureRequest) -> None:
    """Its data copies are made once per worker: the group must hold (it silently broke on pytest 9)."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not a parallel --dist loadgroup run")
    assert request.node.nodeid.endswith("@corruption-matrix")


def test_the_matrix_covers_issue_14():
    origins = [c.origin for c in CASES]
    assert origins.count("crash") >= 12 and origins.count("silent-wrong") >= 8


# --- every page ------------------------------------------------------------------------------------------

def _frames_digest(ds: Datasets) -> str:
    h = hashlib.sha256()
    for name in sorted(ds.tables):
        h.update(name.encode())
        h.update(pd.util.hash_pandas_object(ds.tables[name]).values.tobytes())
    return h.hexdigest()


def _entries(directory: Path) -> tuple[tuple[str, str], ...]:
    """What sits in the folder, by kind: the UI lists it too (cache signature), so it is part of a scenario."""
    kinds = []
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        kind = "link" if entry.is_symlink() else "dir" if entry.is_dir() else "file"
        if kind != "file" or entry.name not in {"datapackage.json", "validated.json", "README.md"} | {
                f"{n}.csv" for n in TABLES.values()}:
            kinds.append((entry.name, kind))
    return tuple(kinds)


_SCENARIOS: dict[tuple[int, Path], tuple[str, tuple, tuple]] = {}


def scenario(ds: Datasets, directory: Path) -> tuple[str, tuple, tuple]:
    """What the pages see: the tables that passed (by content) and the folder's odd entries. Worked out
    once per loaded case (its datasets stay in `_LOADED` / `_WITHHELD`, so the id is never reused)."""
    key = (id(ds), directory)
    if key not in _SCENARIOS:
        described = tuple((res.name, len(res.fields)) for res in ds.package.resources)
        _SCENARIOS[key] = _frames_digest(ds), _entries(directory), described
    return _SCENARIOS[key]


_PANELS: dict[str, list[str]] = {}


def panels_of(path: str) -> list[str]:
    """The lazy panels (tables, what changed, Download, Cite, Share) the page draws on the project's data."""
    if path not in _PANELS:
        at = AppTest.from_file(str(ROOT / path), default_timeout=120)
        for key, value in PAGE_QUERIES.get(path, {}).items():
            at.query_params[key] = value
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("CBE_DASH_DATA_DIR", str(PROJECT_DATA_DIR))
            _PANELS[path] = panel_keys(at.run())
    return _PANELS[path]


def run_page(path: str) -> AppTest:
    """The page with every panel open, so what a panel builds meets the broken data too."""
    keys = panels_of(path)
    at = AppTest.from_file(str(ROOT / path), default_timeout=120)
    for key, value in PAGE_QUERIES.get(path, {}).items():
        at.query_params[key] = value
    for key in keys:
        at.session_state[key] = True
    return at.run()


_OUTCOMES: dict[tuple, tuple[list[str], bool]] = {}


def page_outcome(path: str, ds: Datasets, directory: Path) -> tuple[list[str], bool]:
    """(exception messages, whether a problem panel was shown), run once per page and scenario."""
    key = (path, scenario(ds, directory))
    if key not in _OUTCOMES:
        at = run_page(path)
        panel = any("did not pass its checks" in e.body for e in at.error)
        _OUTCOMES[key] = ([e.message for e in at.exception], panel)
    return _OUTCOMES[key]


def _missing_tables(ds: Datasets) -> set[str]:
    return {attr for attr, name in TABLES.items() if name not in ds.tables}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_page_renders_or_shows_its_panel(case_id, path, in_case):
    case = BY_ID[case_id]
    b = in_case(case)
    ds = loaded(case, b)
    exceptions, panel = page_outcome(path, ds, b.directory)
    assert exceptions == [], exceptions
    if not _missing_tables(ds):
        assert not panel


def _withhold(table: str) -> Callable[[Path], list[str]]:
    file = f"{TABLES[table]}.csv"

    def make(d: Path) -> list[str]:
        (d / file).write_bytes(b"")
        return [f"{file}:1: -: file is empty (expected a header row and data rows)"]
    return make


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("table", list(TABLES))
def test_withholding_each_table_in_turn(table, path, tmp_path_factory, monkeypatch):
    """Each page declares every table it reads: without one it renders or shows its panel, never crashes."""
    if table not in _WITHHELD:  # one copy and one load per table, shared by the pages
        directory = tmp_path_factory.mktemp(f"without-{table}") / "data"
        shutil.copytree(PROJECT_DATA_DIR, directory)
        _withhold(table)(directory)
        _WITHHELD[table] = directory, load_available(directory)
    directory, ds = _WITHHELD[table]
    monkeypatch.setenv("CBE_DASH_DATA_DIR", str(directory))
    assert _missing_tables(ds) == {table}
    exceptions, _ = page_outcome(path, ds, directory)
    assert exceptions == [], exceptions


_WITHHELD: dict[str, tuple[Path, Datasets]] = {}


# --- the stamp in a folder it cannot write ----------------------------------------------------------------

@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(30, "Read-only file system")])
def test_stamp_in_a_read_only_folder_is_a_clear_message(error, monkeypatch, tmp_path, capsys):
    shutil.copytree(PROJECT_DATA_DIR, tmp_path / "data")
    monkeypatch.setattr(data_module, "PROJECT_DATA_DIR", tmp_path / "data")
    before = (tmp_path / "data" / "validated.json").read_bytes()

    def refuse(self, *args, **kwargs):
        raise error
    monkeypatch.setattr(Path, "write_text", refuse)
    assert main(["validate", str(tmp_path / "data"), "--stamp"]) == 1
    err = capsys.readouterr().err
    assert "cannot write the stamp data/validated.json" in err and error.strerror in err
    assert str(tmp_path) not in err
    assert (tmp_path / "data" / "validated.json").read_bytes() == before
    assert not (tmp_path / "data" / "validated.json.tmp").exists()
