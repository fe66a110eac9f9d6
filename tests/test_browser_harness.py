"""The browser harness itself (tests/support), on a tiny app: it starts, it counts what plotly drew,
and it catches a page that tries to leave the machine. Timings are never asserted here."""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    GUARD_FAILURE,
    GUARD_FLUSH_MS,
    HEADLESS_SHELL,
    AppServer,
    OfflineBrowser,
    chromium_available,
    count_map_shapes,
    leaves_machine,
    running_app,
    step_slider,
    wait_for_idle,
    wait_for_map,
    wait_for_title,
)
from tests.support.server import health_ok
from tests.support.shared_app import RECORD, shared_app, stop_shared_app

ROOT = Path(__file__).resolve().parent.parent

# 51 points on a 12x8 grid, like the tile view; `?leak=1` also shows an image from a non-loopback host.
TINY_APP = textwrap.dedent('''
    import plotly.graph_objects as go
    import streamlit as st

    year = st.select_slider("Year", options=[2018, 2019, 2020], value=2019)
    xs, ys = [i % 12 for i in range(51)], [i // 12 for i in range(51)]
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="markers", marker_symbol="square"))
    st.plotly_chart(fig.update_layout(title=f"Tiny, {year}"))
    if st.query_params.get("leak"):
        st.image("https://example.com/x.png")
''')


URLS = [
    ("http://127.0.0.1:8501/_stcore/health", False),
    ("ws://localhost:8501/_stcore/stream", False),
    ("http://[::1]/x", False),
    ("http://127.8.9.10/x", False),
    ("data:image/png;base64,AAAA", False),
    ("blob:http://127.0.0.1/abc", False),
    ("https://cdn.plot.ly/un/usa_110m.json", True),
    ("http://10.0.0.1/x", True),
    ("wss://example.org/ws", True),
    ("http://localhost.example.com/x", True),
    ("https://127.0.0.1.example.com/x", True),
    ("HTTP://EXAMPLE.COM", True),
]


@pytest.mark.parametrize(("url", "leaves"), URLS)
def test_leaves_machine(url: str, leaves: bool) -> None:
    assert leaves_machine(url) is leaves


def test_running_app_reports_a_server_that_dies(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="exited"):
        with running_app(tmp_path, script="missing.py", timeout_s=30):
            pass


def test_workers_share_one_app_server_and_the_run_stops_it(tmp_path: Path) -> None:
    """Under xdist the browser tests' workers use one server (tests/support/shared_app.py): the first
    starts it, the next finds it, and the end of the run leaves no server behind."""
    (tmp_path / "app.py").write_text(TINY_APP, encoding="utf-8")
    folder = tmp_path / "run"
    folder.mkdir()
    first = shared_app(folder, tmp_path)
    try:
        second = shared_app(folder, tmp_path)  # another worker, later
        assert (second.url, second.pid, second.process) == (first.url, first.pid, None)
    finally:
        stop_shared_app(folder)
    assert first.process is not None and first.process.wait(timeout=10) is not None
    assert not health_ok(first.url)
    stop_shared_app(folder)  # nothing left to stop: no error
    (folder / RECORD).write_text(json.dumps({"port": first.port, "pid": first.pid, "log": str(first.log_path)}))
    with pytest.raises(RuntimeError, match="has exited"):  # a worker finding a dead server says so at once
        shared_app(folder, tmp_path)


needs_chromium = pytest.mark.skipif(
    not chromium_available(), reason="needs Debian chromium (apt-get install chromium-headless-shell)"
)


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    app_dir = tmp_path_factory.mktemp("tiny_app")
    (app_dir / "app.py").write_text(TINY_APP, encoding="utf-8")
    with running_app(app_dir) as server:
        yield server


@pytest.mark.browser
@needs_chromium
def test_draws_51_points_and_redraws_on_year_change(tiny_server: AppServer, page: Page) -> None:
    page.goto(tiny_server.url)
    assert wait_for_map(page) == 51
    wait_for_idle(page)
    assert count_map_shapes(page) == {
        "plots": 1, "choropleth": [0], "scatter": [51], "titles": ["Tiny, 2019"],
    }
    assert step_slider(page, "Year") == "2020"
    wait_for_title(page, "Tiny, 2020")
    assert wait_for_map(page, title="2020") == 51
    assert tiny_server.process.poll() is None


@pytest.mark.browser
@needs_chromium
def test_idle_waits_until_a_chart_whose_code_is_late_is_drawn(tiny_server: AppServer, page: Page) -> None:
    """A finished run whose chart is still a loading placeholder is not idle: tests read drawn pages."""
    held = []
    page.route("**/PlotlyChart*.js", lambda route: held.append(route))  # Streamlit's chunk for st.plotly_chart
    page.goto(tiny_server.url)
    page.wait_for_selector('[data-testid="stSkeleton"]', state="attached")
    with pytest.raises(PlaywrightTimeout):
        wait_for_idle(page, 3000)
    assert held and count_map_shapes(page)["plots"] == 0
    for route in held:
        route.continue_()
    wait_for_idle(page)
    assert count_map_shapes(page)["scatter"] == [51]


@pytest.fixture
def leaving_page(context: BrowserContext) -> Page:
    """A guarded page that may try to leave: not the `page` fixture, which fails a test whose page tried."""
    return context.new_page()


@pytest.mark.browser
@needs_chromium
def test_records_and_blocks_requests_that_leave_the_machine(
    tiny_server: AppServer, browser: OfflineBrowser, leaving_page: Page
) -> None:
    page = leaving_page
    before = len(browser.blocked)
    page.goto(f"{tiny_server.url}/?leak=1")
    wait_for_map(page)
    page.wait_for_selector('[data-testid="stImage"] img', state="attached")
    page.wait_for_timeout(500)  # lets playwright deliver the request events (time.sleep would not)
    new = browser.blocked[before:]
    assert new and all("example.com" in url for url in new), new


#: Beyond loopback, each way: a name, a private and a link-local address (chromium's own proxy bypass would
#: send 169.254.0.0/16 and fe80::/10 direct), names that only look local, and the cloud metadata address.
LEAVING = [url for url, leaves in URLS if leaves and not url.startswith("ws")] + [
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/x"]
FETCH = "url => fetch(url, {mode: 'no-cors'}).then(() => 'fetched', () => 'failed')"
SOCKET = ("url => new Promise(done => { const ws = new WebSocket(url); "
          "ws.onopen = () => done('open'); ws.onclose = () => done('closed'); })")


@pytest.mark.browser
@needs_chromium
def test_the_guard_fails_every_request_beyond_loopback_and_lets_loopback_through(
    tiny_server: AppServer, browser: OfflineBrowser, leaving_page: Page
) -> None:
    page = leaving_page
    failures: dict[str, str | None] = {}
    page.on("requestfailed", lambda request: failures.setdefault(request.url, request.failure))
    page.goto(f"{tiny_server.url}/_stcore/health")
    before = len(browser.blocked)
    for url in LEAVING:
        assert page.evaluate(FETCH, url) == "failed", url
    assert page.evaluate(SOCKET, "wss://example.org/ws") == "closed"
    local = f"http://localhost:{tiny_server.port}/_stcore/health"
    assert page.evaluate(FETCH, local) == "fetched" and local not in failures
    page.wait_for_timeout(GUARD_FLUSH_MS)
    assert len(failures) == len(LEAVING) and set(failures.values()) == {GUARD_FAILURE}, failures
    # each recorded, the websocket too, the loopback request not
    assert sorted(browser.blocked[before:]) == sorted([*failures, "wss://example.org/ws"])


@pytest.mark.browser
@needs_chromium
def test_streamlit_itself_stays_on_the_machine(tiny_server: AppServer, browser: OfflineBrowser) -> None:
    page = browser.new_page(isolated=True)  # the harness's own way to a guarded page, as the benchmark uses
    before = len(browser.blocked)
    page.goto(tiny_server.url)
    wait_for_map(page)
    wait_for_idle(page)
    page.wait_for_timeout(500)
    assert browser.blocked[before:] == []


# An inner pytest run on the browser tests' own fixtures: a test fails on each kind of page they use (a page
# of the warm context, a shared `opened` page, a page in a context of its own), a page tries to leave, one passes.
INNER_TESTS = textwrap.dedent('''
    import pytest

    def test_fails_on_purpose(page):
        page.set_content("<h1>About to fail</h1>")
        assert False, "on purpose"

    def test_page_tries_to_leave(page):
        page.set_content('<img src="https://example.com/x.png">')
        page.wait_for_timeout(300)

    def test_passes(page):
        page.set_content("<h1>Fine</h1>")

    @pytest.mark.parametrize("opened", ["About_the_data"], indirect=True, scope="session")
    def test_shared_page_fails(opened):
        assert False, "on purpose"

    def test_own_context_fails(browser):
        browser.new_page(isolated=True).set_content("<h1>A cold visitor</h1>")
        assert False, "on purpose"
''')


@pytest.mark.browser
@needs_chromium
def test_a_failing_browser_test_keeps_its_trace_and_screenshot_and_a_leaving_page_fails(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.conftest", "tests.browser.conftest"]\n',
                                          encoding="utf-8")
    (tmp_path / "test_inner.py").write_text(INNER_TESTS, encoding="utf-8")
    results = tmp_path / "results"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pytest.ini"), "--rootdir", str(tmp_path),
         "--output", str(results), "-p", "no:cacheprovider", "-q", "-rA", "-n", "0",  # 5 tests: no workers
         str(tmp_path / "test_inner.py")],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    for failed in ("test_fails_on_purpose", "test_shared_page_fails[chromium-About_the_data]",
                   "test_own_context_fails"):
        assert f"FAILED test_inner.py::{failed}" in out, out
    assert "ERROR test_inner.py::test_page_tries_to_leave" in out and "requests tried to leave" in out, out
    assert "PASSED test_inner.py::test_passes" in out, out
    kept = {d.name: sorted(f.name for f in d.iterdir()) for d in results.iterdir()}
    assert sorted(kept) == ["test-inner-py-test-fails-on-purpose-chromium",
                            "test-inner-py-test-own-context-fails-chromium",
                            "test-inner-py-test-page-tries-to-leave-chromium",
                            "test-inner-py-test-shared-page-fails-chromium-about-the-data"], kept
    for files in kept.values():
        assert files == ["test-failed-1.png", "trace.zip"], kept


#: Labels from the app, set in Streamlit's own font (Source Sans, from its static files, inline: offline).
FONT_SAMPLE = ["Known for 51 of 51 states (50 and DC)", "Snapshot category (Aurora/iNACOL)", "Mastery-based diploma"]


def _text_widths(page: Page) -> list[float]:
    import streamlit

    font = next((Path(streamlit.__file__).parent / "static/static/media").glob("SourceSansVF-Upright*.woff2"))
    face = base64.b64encode(font.read_bytes()).decode()
    page.set_content(f"<style>@font-face {{font-family: S; src: url(data:font/woff2;base64,{face})}}</style>"
                     "<div style='font: 16px S'>" + "<br>".join(f"<span>{t}</span>" for t in FONT_SAMPLE) + "</div>")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page.evaluate("[...document.querySelectorAll('span')].map(s => s.getBoundingClientRect().width)")


@pytest.mark.browser
@pytest.mark.skipif(not (HEADLESS_SHELL.is_file() and CHROMIUM.is_file()),
                    reason="needs both Debian chromium and chromium-headless-shell")
def test_the_headless_shell_sets_text_as_wide_as_the_full_browser(page: Page, browser_type: Any) -> None:
    """The tests measure what a person would see: text in the tests' headless shell is exactly as wide as in
    chromium itself (unhinted; the shell's default whole-pixel hinting made labels ~2-4% wider)."""
    full = browser_type.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
    try:
        expected = _text_widths(full.new_page())
    finally:
        full.close()
    assert page.context.browser.version == full.version
    assert _text_widths(page) == expected
