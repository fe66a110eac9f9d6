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
import re
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
    from playwright.sync_api import Browser, BrowserContext, Page, Route, WebSocketRoute

__all__ = [
    "CHROMIUM", "CHROMIUM_ARGS", "DEFAULT_VIEWPORT", "GUARD_FLUSH_MS", "GUARD_PATTERN", "HEADLESS_SHELL",
    "MAP_SHAPES", "AppServer", "OfflineBrowser", "chromium_available", "chromium_for_tests", "count_map_shapes",
    "free_port", "is_loopback_host", "leaves_machine", "offline_browser", "running_app", "slider", "step_slider",
    "streamlit_command", "TEST_CHROMIUM_ARGS", "wait_for_idle", "wait_for_map", "wait_for_title", "watch_script_runs",
]

#: The full browser, as people run it: headed runs (`--headed`) and the benchmark's timings.
CHROMIUM = Path("/usr/bin/chromium")
#: Debian's build of the same chromium without the browser shell (package chromium-headless-shell): the
#: headless tests' browser. Same Blink and V8, but a page load costs ~20% less CPU (measured on Policy,
#: League, Connectivity, Explore, State profile: 5.4 against 6.7 CPU-s each with tracing on).
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
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
)
#: The tests' chromium adds one V8 flag: it records where each compiled function sits in its script while
#: compiling it, instead of parsing the function a second time when a stack trace first needs that (V8's
#: default, "lazy source positions"). A trace of a Policy page load under playwright showed ~1 s of such
#: re-parsing (V8.CollectSourcePositions); which caller asks for the stack traces was not pinned down.
#: Measured: a Policy load's renderer CPU 4.0 -> 2.9 s (whole load 5.5 -> 4.4 CPU-s); the browser tests of
#: test_offline_maps.py run serially 16% less CPU. It changes nothing a page shows; the benchmarks keep V8's
#: default, so their timings stay a user's.
TEST_CHROMIUM_ARGS: tuple[str, ...] = (*CHROMIUM_ARGS, "--js-flags=--no-enable-lazy-source-positions")
DEFAULT_VIEWPORT = {"width": 1400, "height": 1000}
#: How long a test lets playwright run route handlers still pending before it reads `.blocked`.
GUARD_FLUSH_MS = 100

#: Network schemes whose host is checked; data:, blob:, about: and the like never leave the machine.
_NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})

#: Requests the guard intercepts: a network scheme whose authority is not plainly a loopback host.
#: A regex (unlike a Python callable) is matched inside playwright's driver, so the many loopback
#: requests of a page load never wait on a round trip to Python. It may over-match (e.g. `user@` in the
#: authority); `leaves_machine` has the last word in the handler.
GUARD_PATTERN = re.compile(
    r"^(?:https?|wss?|ftp)://"
    r"(?!(?:localhost|[^/?#:@]*\.localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?#]|$))",
    re.IGNORECASE,
)


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
    """A chromium whose pages cannot reach beyond loopback; `.blocked` lists every URL that tried.

    Playwright's sync API runs route handlers only while a playwright call is in progress: let a page
    settle with `page.wait_for_timeout(ms)`, not `time.sleep`, before reading `.blocked`. Routing also
    disables chromium's HTTP cache for these contexts (each page load fetches Streamlit's JS anew).
    Anything else (`.contexts`, `.close()`, ...) is the wrapped playwright `Browser`'s.
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
    _blocked_by_context: dict[int, list[str]] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "browser":  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.browser, name)

    @property
    def version(self) -> str:
        return self.browser.version

    def new_context(self, **kwargs: Any) -> BrowserContext:
        """A fresh context (own cache, cookies, storage) with the network guard installed."""
        kwargs.setdefault("viewport", DEFAULT_VIEWPORT)
        context = self.guard(self.browser.new_context(**kwargs))
        if not (self.trace_screencast and self.trace_snapshots):
            _trace_less(context, screenshots=self.trace_screencast, snapshots=self.trace_snapshots)
        return context

    def guard(self, context: BrowserContext) -> BrowserContext:
        """Install the network guard on a context made elsewhere; returns it."""
        mine = self._blocked_by_context.setdefault(id(context), [])
        context.route(GUARD_PATTERN, lambda route: self._block(route, mine))
        context.route_web_socket(GUARD_PATTERN, lambda ws: self._block_ws(ws, mine))
        context.on("close", lambda _: self._blocked_by_context.pop(id(context), None))
        return context

    def blocked_on(self, context: BrowserContext) -> list[str]:
        """The URLs this one (open) context tried to reach beyond loopback."""
        return list(self._blocked_by_context.get(id(context), []))

    def new_page(self, *, isolated: bool = False) -> Page:
        """A page in the shared context, or in a context of its own when `isolated` (a cold visitor)."""
        if isolated:
            return (self.context_factory or self.new_context)().new_page()
        if self._shared is None:
            self._shared = self.new_context()
        return self._shared.new_page()

    def _block(self, route: Route, mine: list[str]) -> None:
        if not leaves_machine(route.request.url):
            route.fallback()
            return
        self.blocked.append(route.request.url)
        mine.append(route.request.url)
        route.abort("blockedbyclient")

    def _block_ws(self, ws: WebSocketRoute, mine: list[str]) -> None:
        if not leaves_machine(ws.url):
            ws.connect_to_server()
            return
        self.blocked.append(ws.url)
        mine.append(ws.url)
        ws.close(code=1008, reason="offline test: non-loopback host")


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
