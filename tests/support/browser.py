"""Drive the real app in a real browser, offline: shared by the browser tests and the benchmark.

- `offline_browser` launches Debian's chromium through playwright (never `playwright install`);
  `OfflineBrowser` wraps a launched browser so that every context it makes blocks and records (in
  `.blocked`) each request and websocket to a non-loopback host: a test can assert nothing tried to leave
  the machine. The pytest fixtures (tests/conftest.py) wrap pytest-playwright's browser the same way.
- `wait_for_map` / `count_map_shapes` / `wait_for_title` read what plotly actually drew (SVG nodes), which
  AppTest cannot see: a geo map whose outlines failed to load draws only its colour bar. They live in
  `tests.support.page_reads`, `running_app` and friends in `tests.support.server`; both are re-exported here.
"""
from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tests.support.page_reads import (MAP_SHAPES, count_map_shapes, slider, step_slider, wait_for_idle,
                                     wait_for_map, wait_for_title, watch_script_runs)
from tests.support.server import AppServer, free_port, running_app, streamlit_command

if TYPE_CHECKING:  # playwright is a test/benchmark dependency, not an app one
    from playwright.sync_api import Browser, BrowserContext, Page

__all__ = [
    "CHROMIUM", "CHROMIUM_ARGS", "DEFAULT_VIEWPORT", "GUARD_ARGS", "GUARD_FAILURE", "GUARD_FLUSH_MS", "HEADLESS_SHELL",
    "MAP_SHAPES", "AppServer", "OfflineBrowser", "check_guard", "chromium_available", "chromium_for_tests",
    "count_map_shapes", "free_port", "is_loopback_host", "kept_warm", "leaves_machine", "offline_browser",
    "running_app", "slider", "step_slider", "streamlit_command", "TEST_CHROMIUM_ARGS", "wait_for_idle",
    "wait_for_map", "wait_for_title", "watch_script_runs",
]

#: The full browser, as people run it: headed runs (`--headed`) and the benchmark's timings.
CHROMIUM = Path("/usr/bin/chromium")
#: Debian's build of the same chromium without the browser shell (package chromium-headless-shell): the
#: headless tests' browser. Same Blink and V8, but a page load costs ~20% less CPU (measured on Policy,
#: League, Connectivity, Explore, State profile: 5.4 against 6.7 CPU-s each with tracing on).
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
#: The network guard, set at launch so that it costs nothing per request: every request and websocket to a
#: host beyond loopback goes to a proxy address where nothing listens and fails there
#: (net::ERR_PROXY_CONNECTION_FAILED). Loopback is listed by hand: chromium's own bypass list also sends
#: link-local addresses (169.254.0.0/16, fe80::/10) direct, off the machine.
#: Unlike playwright's request routing (the guard before), it leaves chromium's HTTP cache on.
GUARD_ARGS: tuple[str, ...] = (
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>;localhost;*.localhost;127.0.0.0/8;[::1]",
    # No name lookups either: the rules apply to IP literals too, hence loopback's again.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.*, EXCLUDE [::1]",
)
#: What a request beyond loopback fails with when the guard is on (`check_guard`).
GUARD_FAILURE = "net::ERR_PROXY_CONNECTION_FAILED"
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # The headless shell hints glyphs to whole pixels by default: text came out ~2% wider than in the full
    # browser (a 544 px control measured 557). Unhinted, both lay every page out to the same pixel.
    "--font-render-hinting=none",
    *GUARD_ARGS,
)
#: The tests' chromium adds one V8 flag: it records where each compiled function sits in its script while
#: compiling it, instead of parsing the function a second time when a stack trace first needs that (V8's
#: default, "lazy source positions"). A trace of a Policy page load under playwright showed ~1 s of such
#: re-parsing (V8.CollectSourcePositions); which caller asks for the stack traces was not pinned down.
#: Measured: a Policy load's renderer CPU 4.0 -> 2.9 s (whole load 5.5 -> 4.4 CPU-s); the browser tests of
#: test_offline_maps.py run serially 16% less CPU.
#: And one process flag: pages of one site in one context share a renderer process (`--process-per-site`),
#: so the tests' pages of the app, all in one context per worker (tests/browser/conftest.py `warm`), reuse
#: the JavaScript V8 compiled for the pages before them instead of compiling Streamlit's anew for each.
#: Neither changes what a page shows; the benchmarks keep chromium's defaults, so their timings stay a user's.
TEST_CHROMIUM_ARGS: tuple[str, ...] = (*CHROMIUM_ARGS, "--js-flags=--no-enable-lazy-source-positions",
                                       "--process-per-site")
DEFAULT_VIEWPORT = {"width": 1400, "height": 1000}
#: How long a test lets playwright deliver request events still pending before it reads `.blocked`.
GUARD_FLUSH_MS = 100

#: Network schemes whose host is checked; data:, blob:, about: and the like never leave the machine.
_NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})

# --------------------------------------------------------------------------------------------- browser


def is_loopback_host(host: str | None) -> bool:
    """True for localhost names and loopback IPs (127.0.0.0/8, ::1)."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def leaves_machine(url: str) -> bool:
    """Would fetching this URL use the network beyond loopback?"""
    parts = urlsplit(url)
    return parts.scheme.lower() in _NETWORK_SCHEMES and not is_loopback_host(parts.hostname)


@dataclass
class OfflineBrowser:
    """A chromium launched with `GUARD_ARGS`, whose pages therefore cannot reach beyond loopback;
    `.blocked` lists every URL that tried (from each context's failed requests and its websockets).

    Playwright's sync API delivers events only while a playwright call is in progress: let a page settle
    with `page.wait_for_timeout(ms)`, not `time.sleep`, before reading `.blocked`. Creating one checks that
    the guard is on (`check_guard`). Anything else (`.contexts`, `.close()`, ...) is the wrapped playwright
    `Browser`'s.
    """

    browser: Browser
    blocked: list[str] = field(default_factory=list)
    #: False: traces of these contexts record no screencast, whatever `tracing.start` asks (on 2 cores the
    #: screencast costs ~6 s of CPU per Streamlit page load).
    trace_screencast: bool = True
    #: False: nor DOM snapshots (~0.8 CPU-s, ~14%, per Streamlit page load with three year steps). The trace
    #: still keeps every action with its call log and timing, console, network and page errors.
    trace_snapshots: bool = True
    #: Makes the contexts behind `new_page(isolated=True)`; under pytest, pytest-playwright's `new_context`
    #: (so those pages keep a trace and screenshot when their test fails). None: `new_context` below.
    context_factory: Callable[..., BrowserContext] | None = None
    _shared: BrowserContext | None = None

    def __post_init__(self) -> None:
        check_guard(self.browser)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "browser":  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.browser, name)

    @property
    def version(self) -> str:
        return self.browser.version

    def new_context(self, **kwargs: Any) -> BrowserContext:
        """A fresh context (own cache, cookies, storage) whose attempts to leave the machine are recorded."""
        kwargs.setdefault("viewport", DEFAULT_VIEWPORT)
        context = self.guard(self.browser.new_context(**kwargs))
        if not (self.trace_screencast and self.trace_snapshots):
            _trace_less(context, screenshots=self.trace_screencast, snapshots=self.trace_snapshots)
        return context

    def guard(self, context: BrowserContext) -> BrowserContext:
        """Record in `.blocked` what a context made elsewhere tries to reach beyond loopback; returns it.
        Such a request always fails (at the guard's proxy), so failed requests are all it listens to: the
        hundreds of a page load that succeed never cost a message to Python."""
        context.on("requestfailed", lambda request: self._record(request.url))
        context.on("page", lambda page: page.on("websocket", lambda ws: self._record(ws.url)))
        return context

    def new_page(self, *, isolated: bool = False) -> Page:
        """A page in the shared context, or in a context of its own when `isolated` (a cold visitor)."""
        if isolated:
            return (self.context_factory or self.new_context)().new_page()
        if self._shared is None:
            self._shared = self.new_context()
        return self._shared.new_page()

    def _record(self, url: str) -> None:
        if leaves_machine(url):
            self.blocked.append(url)


#: An address reserved for documentation (TEST-NET-1, RFC 5737): never anyone's server.
_PROBE_URL = "http://192.0.2.1/cbe-dash-guard-probe.png"


def check_guard(browser: Browser, timeout_ms: float = 10_000) -> None:
    """Fail at once, before any test, if this chromium would let a request leave the machine: a request
    beyond loopback must fail at the guard's dead proxy (`GUARD_ARGS` missing from its launch, or
    something listening at the proxy's address, would show here)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        with page.expect_event("requestfailed", timeout=timeout_ms) as failed:
            page.set_content(f'<img src="{_PROBE_URL}">')
        failure = failed.value.failure
    except Exception as exc:  # noqa: BLE001 - any way the probe did not fail as it must
        raise RuntimeError(f"chromium's network guard is off: {_PROBE_URL} did not fail at once ({exc})") from exc
    finally:
        context.close()
    if failure != GUARD_FAILURE:
        raise RuntimeError(f"chromium's network guard is off: {_PROBE_URL} failed with {failure}, "
                           f"not {GUARD_FAILURE}; launch it with GUARD_ARGS")


def _trace_less(context: BrowserContext, *, screenshots: bool, snapshots: bool) -> None:
    """Make `context.tracing.start(...)` record screenshots and snapshots only if allowed (pytest-playwright
    always asks for both)."""
    start = context.tracing.start

    def start_with_less(**kwargs: Any) -> None:
        allowed = {"screenshots": screenshots and kwargs.get("screenshots", False),
                   "snapshots": snapshots and kwargs.get("snapshots", False)}
        start(**{**kwargs, **allowed})

    context.tracing.start = start_with_less  # type: ignore[method-assign]


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def chromium_available() -> bool:
    """Whether a Debian chromium the harness can drive is installed (tests skip without it)."""
    return _executable(HEADLESS_SHELL) or _executable(CHROMIUM)


def chromium_for_tests(*, headless: bool = True) -> Path:
    """The chromium the tests launch: the headless shell when it is installed and the run is headless
    (cheaper per page), else the full browser."""
    return HEADLESS_SHELL if headless and _executable(HEADLESS_SHELL) else CHROMIUM


def kept_warm(context: BrowserContext, url: str) -> BrowserContext:
    """Open `url` (any document of the site the context's pages will show) in an idle anchor tab, so that
    with `--process-per-site` one renderer process serves every later page of that site: the JavaScript it
    compiled, with the context's HTTP cache, is reused instead of fetched and compiled per page."""
    context.new_page().goto(url)
    return context


@contextmanager
def offline_browser(*, headless: bool = True, executable: Path = CHROMIUM) -> Iterator[OfflineBrowser]:
    """Launch Debian chromium through playwright; closed (with all its contexts) on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(executable), headless=headless, args=list(CHROMIUM_ARGS)
        )
        try:
            yield OfflineBrowser(browser)
        finally:
            browser.close()
