"""What plotly and Streamlit drew, read in the real browser (AppTest cannot see SVG nodes): map shapes,
titles, the script's idle state, the Year slider and how each script run ended. Shared by the browser tests
and the benchmark; re-exported by tests.support.browser."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # playwright is a test/benchmark dependency, not an app one
    from playwright.sync_api import Locator, Page

MAP_SHAPES = 51  # 50 states + DC

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
    """Wait until the script has drawn something, has stopped running, the websocket is connected, and
    every element it sent is drawn.

    Right after `goto` the app reports "notRunning" before its first run has even started, so idleness
    alone would let a test read an empty page; the first rendered element proves the run began. A finished
    run is not a drawn page either: on a first visit Streamlit shows a placeholder (`stSkeleton`) for each
    widget and chart whose code is still loading, for up to ~2 s after the run ended on a busy 2-core
    machine (the map, the sliders, the buttons). A test that read the page then would check placeholders.
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
    page.wait_for_function(_NOTHING_LOADING_JS, timeout=timeout_ms, polling=50)


#: No element of the page is still a loading placeholder (see wait_for_idle).
_NOTHING_LOADING_JS = "() => !document.querySelector('[data-testid=\"stApp\"] [data-testid=\"stSkeleton\"]')"


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


def watch_script_runs(page: Page, runs: list[int]) -> None:
    """Append to `runs` how each script run sent to the page ends (ForwardMsg.ScriptFinishedStatus: 0 a
    whole-page run, 3 a fragment's), read off the page's websocket. Call before the page opens; playwright
    delivers the frames while a call of the test is in progress."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def note(payload: bytes | str) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode("latin-1"))
        if msg.WhichOneof("type") == "script_finished":
            runs.append(msg.script_finished)

    page.on("websocket", lambda socket: socket.on("framereceived", note))
