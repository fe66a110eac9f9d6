"""A presenter's first load: the chart library loads while the server is still preparing the page."""
from __future__ import annotations

import pytest

from tests.support.browser import running_app, wait_for_idle, wait_for_map
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

#: Records (in performance.now() ms) when the Policy map's element first reaches the page.
MAP_ARRIVAL = """
window.__mapArrived = null;
new MutationObserver(() => {
  if (window.__mapArrived === null && document.querySelector('.st-key-policy-map')) {
    window.__mapArrived = performance.now();
  }
}).observe(document, {subtree: true, childList: true});
"""
LEAD_MS = 100
PLOTLY_CHUNK_STARTS = """
performance.getEntriesByType('resource').filter(e => /PlotlyChart[^/]*\\.js$/.test(e.name)).map(e => e.startTime)
"""


def test_plotly_starts_loading_before_the_first_map_arrives_on_a_fresh_server(browser):
    page = browser.new_page(isolated=True)
    page.context.add_init_script(MAP_ARRIVAL)
    try:
        with running_app(ROOT) as server:  # a fresh process: its first run imports and loads everything
            page.goto(f"{server.url}/Policy")
            assert wait_for_map(page, 51) == 51
            wait_for_idle(page)
            map_arrived = page.evaluate("window.__mapArrived")
            chunk_starts = page.evaluate(PLOTLY_CHUNK_STARTS)
            assert map_arrived is not None
            assert len(chunk_starts) == 1
            # Without the preload the request starts in the same render as the map (a few ms apart); with it,
            # while the fresh server is still importing and loading (hundreds of ms earlier).
            assert map_arrived - chunk_starts[0] > LEAD_MS, "plotly.js was only requested once the map arrived"
            assert page.locator('[class*="st-key-chart-preload"]').count() == 0  # the hidden chart is gone
    finally:
        page.context.close()
