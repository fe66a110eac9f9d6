"""Shared fixtures: the real datasets, a scratch copy of data/ a test may break on purpose, and an offline
chromium.

The browser fixtures build on pytest-playwright (pytest.ini turns on its trace and screenshot on failure,
kept under test-results/), launched on Debian's chromium (its headless shell, /usr/bin/chromium-headless-shell,
when installed; /usr/bin/chromium for `--headed`): never `playwright install`. It is launched with the
network guard (no request can leave the machine; `browser` checks that before any test), every context
records what tried, and `page` fails its test if anything on it tried to reach beyond loopback. Without chromium every test that needs the browser is skipped.
"""
from __future__ import annotations

import csv
import functools
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cbe_dash.data import PROJECT_DATA_DIR, Datasets, load_datasets
from tests.support.browser import (
    GUARD_FLUSH_MS,
    TEST_CHROMIUM_ARGS,
    OfflineBrowser,
    chromium_available,
    chromium_for_tests,
)
from tests.support.shared_app import stop_shared_app

ROOT = Path(__file__).resolve().parent.parent
NO_CHROMIUM = "Debian chromium is not installed (.ci/run installs chromium-headless-shell with apt-get)"
#: The browser tests' screen unless a test says otherwise: the most common laptop (see the brief's sizes).
LAPTOP = {"width": 1280, "height": 800}


#: Where each xdist worker finds the folder of the run's one app server (tests/support/shared_app.py).
SHARED_APP_FOLDER = "cbe_dash_shared_app"
_SHARED_APP_FOLDER = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    _scan_installed_components_once()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist's controller, for each worker it starts: the same folder for the run's app server."""
    config = node.config
    if _SHARED_APP_FOLDER not in config.stash:
        config.stash[_SHARED_APP_FOLDER] = Path(tempfile.mkdtemp(prefix="cbe-dash-run-"))
    node.workerinput[SHARED_APP_FOLDER] = str(config.stash[_SHARED_APP_FOLDER])


def pytest_unconfigure(config: pytest.Config) -> None:
    """The controller, once every worker has finished: stop the shared app server, if one was started."""
    folder = config.stash.get(_SHARED_APP_FOLDER, None)
    if folder is not None:
        stop_shared_app(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _scan_installed_components_once() -> None:
    """Each AppTest run rescans every installed distribution's metadata for Streamlit v2 components
    (Streamlit 1.67: ~0.8 s of CPU here, more than most pages' own run). Nothing is installed while the
    tests run, so the first scan's answer stands for the rest of the process; the app itself never runs
    this path (the server scans once at startup)."""
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):  # not wrapped yet
        manifest_scanner.scan_component_manifests = functools.cache(scan)


@pytest.fixture(scope="session")
def ds() -> Datasets:
    return load_datasets(PROJECT_DATA_DIR)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's data folder."""
    target = tmp_path / "data"
    shutil.copytree(PROJECT_DATA_DIR, target)
    return target


# ------------------------------------------------------------------------------- browser (playwright)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--trace-screencast", action="store_true", default=False,
        help="keep screenshots in the browser tests' traces too (off by default: on 2 cores it roughly "
             "triples a page load's CPU)",
    )
    parser.addoption(
        "--trace-snapshots", action="store_true", default=False,
        help="keep DOM snapshots in the browser tests' traces too (off by default: ~14%% more CPU per page; "
             "without them a trace still holds every action's call log, console, network and page errors)",
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options (--headed, --slowmo) on Debian's chromium with the harness flags."""
    if not chromium_available():
        pytest.skip(NO_CHROMIUM)
    args = {"headless": True, **browser_type_launch_args, "args": list(TEST_CHROMIUM_ARGS)}
    return {**args, "executable_path": str(chromium_for_tests(headless=args["headless"]))}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {"viewport": LAPTOP, **browser_context_args}


@pytest.fixture(scope="session")
def browser(launch_browser: Callable[..., Any], pytestconfig: pytest.Config) -> Iterator[OfflineBrowser]:
    """One headless chromium for every browser test (playwright's sync API allows one at a time).

    An `OfflineBrowser`: its contexts block and record (`.blocked`) every request that would leave the
    machine; other attributes are the playwright Browser's, so pytest-playwright's fixtures use it as is.
    """
    if not chromium_available():
        pytest.skip(NO_CHROMIUM)
    raw = launch_browser()
    try:
        yield OfflineBrowser(raw, trace_screencast=pytestconfig.getoption("--trace-screencast"),
                             trace_snapshots=pytestconfig.getoption("--trace-snapshots"))
    finally:
        raw.close()


@pytest.fixture(autouse=True)
def _browser_pages_keep_artifacts(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that makes its own pages (`browser.new_page(isolated=True)`) gets them from pytest-playwright's
    `new_context`, so they too are closed after the test and leave a trace and screenshot if it fails."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser: OfflineBrowser = request.getfixturevalue("browser")
    browser.context_factory = request.getfixturevalue("new_context")
    try:
        yield
    finally:
        browser.context_factory = None


@pytest.fixture
def page(context: Any, browser: OfflineBrowser) -> Iterator[Any]:
    """A fresh page in a fresh context; the test fails if anything on it tried to reach beyond loopback."""
    before = len(browser.blocked)
    p = context.new_page()
    yield p
    p.wait_for_timeout(GUARD_FLUSH_MS)
    assert browser.blocked[before:] == [], "requests tried to leave the machine"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that collected no test fails (exit 1) instead of pytest's exit 5: CI must never read an empty
    run (a broken testpaths, a selection that matches nothing) as anything but a failure it can explain."""
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("no tests were collected: failing the run (see tests/conftest.py)", red=True)


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
