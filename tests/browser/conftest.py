"""One app server shared by the browser tests (starting it is the slow part), one warm browser context per
worker for the app's pages (`warm`: loading a page is the other slow part), `page` in it, and pages opened
once for the tests that only read them.

The offline chromium comes from tests/conftest.py (pytest-playwright underneath); `page` here replaces its
page in a fresh context, keeping what it gives a test: a trace and a screenshot when it fails, and a
failure if the page tried to leave the machine.

`opened` is for a test that only reads a page (counts shapes, reads titles, runs an audit) and never
clicks, types or navigates: every such test of one path reads the same page, loaded once. Parametrize it
indirectly at session scope, so pytest runs the tests of one path together and only one such page is open
at a time:

    @pytest.mark.parametrize("opened", ["Policy", "League?view=tiles@1366x768"], indirect=True, scope="session")
    def test_something(opened): ...

A path may end in `@WIDTHxHEIGHT` for another screen than the 1280x800 laptop; tests that read the same
path at the same size share one load, across modules. Under pytest-xdist every test on `opened` runs in
one worker (see `pytest_collection_modifyitems`), so no page is loaded twice.

Each test on it still fails if the page ever tried to leave the machine, and keeps its own trace chunk
and a screenshot when it fails (test-results/, as pytest-playwright does for `page`).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slugify import slugify

from tests.conftest import LAPTOP, NO_CHROMIUM, ROOT, SHARED_APP_FOLDER
from tests.support.browser import (GUARD_FLUSH_MS, AppServer, OfflineBrowser, chromium_available, kept_warm,
                                   running_app, wait_for_idle)
from tests.support.shared_app import shared_app

pytestmark = pytest.mark.browser

#: After the first run is idle, a shared page settles this long (late layout, plotly's resize) before any
#: test reads it: what the accessibility audit always waited.
SETTLE_MS = 1000

_OPENED_PATHS: dict[int, str] = {}

#: The analyst pages as opened by a link that sets them up (their busiest state; Explore's threshold is the one
#: with the longest label): read-only tests of several modules (audits, labels, menus) share these loads.
COMPARE = "Compare?states=KY,NH"
EXPLORE = "Explore?snapshot=Advanced&threshold=pct_households_no_internet_ge_20&diploma=none&league=with"


def opened_path(page: Any) -> str:
    """The path (with query) an `opened` page was loaded from: its URL may since show the app's own form."""
    return _OPENED_PATHS[id(page)]


def on_screen(path: str, width: int, height: int) -> str:
    """`opened`'s param for `path` on a width x height screen; the default laptop is written without "@", so
    tests of either spelling share one load."""
    return path if (width, height) == (LAPTOP["width"], LAPTOP["height"]) else f"{path}@{width}x{height}"


def _screen(param: str) -> tuple[str, dict[str, int] | None]:
    """"Policy?x=1@1366x768" -> ("Policy?x=1", {"width": 1366, "height": 768}); no "@": the default screen."""
    path, at, size = param.rpartition("@") if "@" in param else (param, "", "")
    if not at:
        return param, None
    width, height = (int(n) for n in size.split("x"))
    return path, {"width": width, "height": height}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests on one shared page run in one xdist worker (`--dist loadgroup`), so each page loads once;
    different pages spread over the workers."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if "opened" in getattr(item, "fixturenames", ()) and callspec is not None:
            page = callspec.params["opened"].replace("@", " at ")  # xdist splits a group off at its last @
            item.add_marker(pytest.mark.xdist_group(f"opened {page}"))


@pytest.fixture(scope="session")
def app(request: pytest.FixtureRequest) -> Iterator[AppServer]:
    """The real app on a loopback port, for the whole run: tests only read it through fresh pages. Under
    pytest-xdist all workers share one server (tests/support/shared_app.py), which the controller stops."""
    if not chromium_available():
        pytest.skip(NO_CHROMIUM)
    folder = getattr(request.config, "workerinput", {}).get(SHARED_APP_FOLDER)
    if folder:
        yield shared_app(Path(folder), ROOT)
        return
    with running_app(ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def warm(browser: OfflineBrowser, app: AppServer, browser_context_args: dict[str, Any],
         pytestconfig: pytest.Config) -> Iterator[Any]:
    """The worker's one context for the app's pages (`page`, `opened`), warm: its HTTP cache, and one renderer
    process (`--process-per-site`, kept alive by an idle anchor page), so a page load after the first
    fetches and compiles none of Streamlit's JavaScript again. Each test still gets a page of its own (a new
    tab: its own Streamlit session), closed after it. What pages leave in the context is what any visitor's
    browser holds after one visit: Streamlit's XSRF cookie and its theme choice ("System") per path."""
    context = browser.new_context(**browser_context_args)
    if _tracing(pytestconfig) != "off":
        context.tracing.start(snapshots=browser.trace_snapshots, sources=True,
                              screenshots=browser.trace_screencast, title="the app's pages")
        context.tracing.stop_chunk()  # each page load and each test records its own chunk
    yield kept_warm(context, f"{app.url}/_stcore/health")
    context.close()


def _tracing(config: pytest.Config) -> str:
    return config.getoption("--tracing")


def _keep(option: str, failed: bool) -> bool:
    """pytest-playwright's rule for --tracing / --screenshot: "on", or "...-on-failure" and failed."""
    return option == "on" or (failed and option in ("retain-on-failure", "only-on-failure"))


def _start_chunk(config: pytest.Config, page: Any, title: str) -> None:
    if _tracing(config) != "off":
        page.context.tracing.start_chunk(title=title)


def _keep_artifacts(config: pytest.Config, page: Any, folder: Path, failed: bool) -> None:
    """End the page's trace chunk, and keep it and a screenshot in `folder` as pytest-playwright would."""
    if _tracing(config) != "off":
        keep = _keep(_tracing(config), failed)
        if keep:
            folder.mkdir(parents=True, exist_ok=True)
        page.context.tracing.stop_chunk(path=folder / "trace.zip" if keep else None)
    if _keep(config.getoption("--screenshot"), failed):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"test-{'failed' if failed else 'finished'}-1.png", timeout=5000)


def _finish_test(request: pytest.FixtureRequest, page: Any, blocked_before: int) -> None:
    """After a test on `page`: its artifacts if it failed, and it fails if the page tried to leave the machine."""
    browser: OfflineBrowser = request.getfixturevalue("browser")
    page.wait_for_timeout(GUARD_FLUSH_MS)
    leaked = browser.blocked[blocked_before:]
    report = getattr(request.node, "rep_call", None)  # set by pytest-playwright's report hook
    failed = report is None or report.failed or bool(leaked)
    _keep_artifacts(request.config, page, Path(request.getfixturevalue("output_path")), failed)
    assert leaked == [], "requests tried to leave the machine"


@pytest.fixture
def page(request: pytest.FixtureRequest, warm: Any, browser: OfflineBrowser) -> Iterator[Any]:
    """A new page (tab) of the warm context, for a test that clicks, types or navigates; closed after it.
    It keeps its trace and a screenshot if the test fails, and fails the test if it tried to leave the
    machine."""
    before = len(browser.blocked)
    new = warm.new_page()
    _start_chunk(request.config, new, request.node.nodeid)
    try:
        yield new
        _finish_test(request, new, before)
    finally:
        new.close()


@pytest.fixture(scope="session")
def opened(request: pytest.FixtureRequest, warm: Any, app: AppServer, browser: OfflineBrowser) -> Iterator[Any]:
    """The app's page at `request.param` (a path with its query), loaded once and idle, for read-only tests."""
    path, screen = _screen(request.param)
    page = warm.new_page()
    if screen:
        page.set_viewport_size(screen)
    _start_chunk(request.config, page, f"shared page /{path}")
    before = len(browser.blocked)
    try:
        page.goto(f"{app.url}/{path}")
        wait_for_idle(page, 60_000)
        page.wait_for_timeout(SETTLE_MS)
        assert browser.blocked[before:] == [], "requests tried to leave the machine"
    except Exception:  # the load itself failed: keep what happened under test-results/shared-page-.../
        _keep_artifacts(request.config, page, Path(request.config.getoption("--output"),
                                                   slugify(f"shared-page-{path or 'home'}")), failed=True)
        page.close()
        raise
    if _tracing(request.config) != "off":
        page.context.tracing.stop_chunk()  # the load's chunk, dropped: each test records its own
    _OPENED_PATHS[id(page)] = path
    yield page
    _OPENED_PATHS.pop(id(page), None)
    page.close()


@pytest.fixture(autouse=True)
def _shared_page_per_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """For a test on `opened`: its own trace chunk and a screenshot kept if it fails, and the guard."""
    if "opened" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("opened")
    browser: OfflineBrowser = request.getfixturevalue("browser")
    before = len(browser.blocked)
    _start_chunk(request.config, page, request.node.nodeid)
    yield
    _finish_test(request, page, before)
