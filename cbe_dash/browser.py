"""Drive the real app in a real browser, offline: shared by the browser tests and the benchmark.

Two context managers and a few page helpers:

- `running_app` starts `streamlit run` on a free loopback port in its own process group, waits for
  `/_stcore/health`, and always kills the whole group on exit (a stray server would hold the port and
  skew the next measurement).
- `offline_browser` launches Debian's chromium through playwright (never `playwright install`) and
  gives pages on which every request to a non-loopback host is aborted and recorded in `.blocked`, so
  a test can assert that nothing tried to leave the machine.
- `wait_for_map` / `count_map_shapes` / `wait_for_title` read what plotly actually drew (SVG nodes), which
  AppTest cannot see: a geo map whose outlines failed to load draws only its colour bar.

No Streamlit import here: the server runs in a subprocess.
"""
from __future__ import annotations

import ipaddress
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # playwright is a test/benchmark dependency, not an app one
    from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, WebSocketRoute

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
DEFAULT_VIEWPORT = {"width": 1400, "height": 1000}
MAP_SHAPES = 51  # 50 states + DC

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

# One JS function both for counting and for waiting, so the two can never disagree on what "drawn" is.
# Choropleth: plotly's geo layer draws one `path.choroplethlocation` per located feature (none at all when
# the topojson failed to load). Tiles: an SVG scatter draws one `path.point` per marker.
_COUNT_JS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => ({
  choropleth: p.querySelectorAll('path.choroplethlocation').length,
  scatter: p.querySelectorAll('.scatterlayer path.point, .scattergeolayer path.point, .scattergeo path.point').length,
  title: (p.querySelector('.gtitle') || {}).textContent || '',
}))
"""

_WAIT_MAP_JS = """
([expected, title]) => {
  const plots = (%s)();
  for (const p of plots) {
    if (title !== null && !p.title.includes(title)) continue;
    const n = Math.max(p.choropleth, p.scatter);
    if (n >= expected) return n;
  }
  return false;
}
""" % _COUNT_JS.strip()

_WAIT_TITLE_JS = """
(text) => Array.from(document.querySelectorAll('.js-plotly-plot .gtitle'))
  .some(t => (t.textContent || '').includes(text))
"""


# ---------------------------------------------------------------------------------------------- server


def free_port() -> int:
    """A loopback port free right now (the OS picks it; a tiny race with other starters is accepted)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppServer:
    """A running `streamlit run`: where it listens, its process, and when it was launched and ready."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    started_at: float  # time.perf_counter() just before the process was launched
    ready_at: float = 0.0  # time.perf_counter() when /_stcore/health first answered ok

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's stdout+stderr (for failure messages)."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def streamlit_command(script: str, port: int, extra_args: Sequence[str] = ()) -> list[str]:
    """The exact command line: headless, loopback only, no usage stats (which would call a metrics host)."""
    return [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        *extra_args,
    ]


def _health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _wait_healthy(server: AppServer, timeout_s: float) -> None:
    """Poll health often (the benchmark's cold start includes this wait), failing fast if the server died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with code {server.process.returncode} before answering health:\n"
                f"{server.log_tail()}"
            )
        if _health_ok(server.url):
            server.ready_at = time.perf_counter()
            return
        time.sleep(0.05)
    raise TimeoutError(f"streamlit did not answer {server.url}/_stcore/health within {timeout_s}s:\n"
                       f"{server.log_tail()}")


def _kill_group(process: subprocess.Popen[bytes], grace_s: float = 5.0) -> None:
    """TERM then KILL the server's whole process group (it was started as a session leader)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
    try:  # children may outlive a leader that exited on TERM
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@contextmanager
def running_app(
    app_dir: Path,
    *,
    script: str = "app.py",
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    extra_args: Sequence[str] = (),
    timeout_s: float = 60.0,
) -> Iterator[AppServer]:
    """Run `streamlit run <script>` from `app_dir` (so its .streamlit/config.toml applies) until exit.

    `env` is merged onto os.environ (e.g. CBE_DASH_DATA_DIR). Raises with the server's log tail if it
    dies or never gets healthy. The process group is killed on exit whatever happened.
    """
    port = port or free_port()
    logdir = Path(tempfile.mkdtemp(prefix="cbe-dash-server-"))
    log_path = logdir / "server.log"
    full_env = {**os.environ, **(env or {})}
    with log_path.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            streamlit_command(script, port, extra_args),
            cwd=str(app_dir),
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = AppServer(f"http://127.0.0.1:{port}", port, process, log_path, started)
    try:
        _wait_healthy(server, timeout_s)
        yield server
    finally:
        _kill_group(process)


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
    """

    browser: Browser
    blocked: list[str] = field(default_factory=list)
    _shared: BrowserContext | None = None

    @property
    def version(self) -> str:
        return self.browser.version

    def new_context(self, **kwargs: Any) -> BrowserContext:
        """A fresh context (own cache, cookies, storage) with the network guard installed."""
        kwargs.setdefault("viewport", DEFAULT_VIEWPORT)
        context = self.browser.new_context(**kwargs)
        context.route(GUARD_PATTERN, self._block)
        context.route_web_socket(GUARD_PATTERN, self._block_ws)
        return context

    def new_page(self, *, isolated: bool = False) -> Page:
        """A page in the shared context, or in a context of its own when `isolated` (a cold visitor)."""
        if isolated:
            return self.new_context().new_page()
        if self._shared is None:
            self._shared = self.new_context()
        return self._shared.new_page()

    def _block(self, route: Route) -> None:
        if not leaves_machine(route.request.url):
            route.fallback()
            return
        self.blocked.append(route.request.url)
        route.abort("blockedbyclient")

    def _block_ws(self, ws: WebSocketRoute) -> None:
        if not leaves_machine(ws.url):
            ws.connect_to_server()
            return
        self.blocked.append(ws.url)
        ws.close(code=1008, reason="offline test: non-loopback host")


def chromium_available() -> bool:
    """Whether the Debian chromium the harness needs is installed (tests skip without it)."""
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


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


# ------------------------------------------------------------------------------------------ page reads


def count_map_shapes(page: Page) -> dict[str, Any]:
    """What plotly drew, per plot in page order: `{"plots": n, "choropleth": [...], "scatter": [...],
    "titles": [...]}` (choropleth paths, scatter/tile points, figure titles)."""
    plots: list[dict[str, Any]] = page.evaluate(_COUNT_JS)
    return {
        "plots": len(plots),
        "choropleth": [p["choropleth"] for p in plots],
        "scatter": [p["scatter"] for p in plots],
        "titles": [p["title"] for p in plots],
    }


def wait_for_map(
    page: Page, expected: int = MAP_SHAPES, timeout_ms: float = 30_000, *, title: str | None = None
) -> int:
    """Wait until one plot (whose title contains `title`, if given) has drawn at least `expected` state
    shapes or tile points; returns that count. Polls every animation frame, so it is fit for timing."""
    handle = page.wait_for_function(_WAIT_MAP_JS, arg=[expected, title], timeout=timeout_ms, polling="raf")
    return int(handle.json_value())


def wait_for_title(page: Page, text: str, timeout_ms: float = 30_000) -> None:
    """Wait until a plotly figure title on the page contains `text` (e.g. the year just chosen)."""
    page.wait_for_function(_WAIT_TITLE_JS, arg=text, timeout=timeout_ms, polling="raf")


def wait_for_idle(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until the script has drawn something, has stopped running, and the websocket is connected.

    Right after `goto` the app reports "notRunning" before its first run has even started, so idleness
    alone would let a test read an empty page; the first rendered element proves the run began.
    """
    page.wait_for_selector(
        '[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]',
        state="attached",
        timeout=timeout_ms,
    )
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]',
        state="attached",
        timeout=timeout_ms,
    )


def slider(page: Page, label: str = "Year") -> Locator:
    """The thumb of the Streamlit slider / select_slider labelled `label`.

    Streamlit 1.67 renders it as a react-aria `input[type=range]` (implicit role slider, no `role`
    attribute, accessible name doubled by aria-labelledby), so it is found by its aria-label.
    """
    return page.locator(f'[data-testid="stSlider"] input[type="range"][aria-label="{label}"]').first


def step_slider(page: Page, label: str = "Year", key: str | None = None) -> str:
    """Focus the slider and press one arrow key; returns the newly shown option (aria-valuetext).

    With no `key`, goes right unless already at the last option. The browser shows the new value at
    once; the server rerun (and the redrawn chart) follows, so wait on the returned text.
    """
    thumb = slider(page, label)
    if key is None:
        at_end = thumb.get_attribute("value") == thumb.get_attribute("max")
        key = "ArrowLeft" if at_end else "ArrowRight"
    thumb.focus()
    before = thumb.get_attribute("aria-valuetext")
    page.keyboard.press(key)
    after = thumb.get_attribute("aria-valuetext") or ""
    if after == before:
        raise RuntimeError(f"slider {label!r} did not move on {key} (value {before!r})")
    return after
