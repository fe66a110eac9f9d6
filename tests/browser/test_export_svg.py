"""An exported image carries the coverage line: plotly.js itself renders the figure to SVG in chromium."""
from __future__ import annotations

import base64
import json
import urllib.parse
from pathlib import Path

import plotly
import pytest

from cbe_dash import maps, snapshot

pytestmark = pytest.mark.browser

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@pytest.fixture(scope="module")
def plotly_page(browser):
    """A blank page with plotly.js, as the app's chart has it: no server, nothing else on it (loaded once for
    both tests; its context is the harness's own, as it outlives a test)."""
    page = browser.new_context().new_page()
    page.set_content("<html><body><div id='chart'></div></body></html>")
    page.add_script_tag(content=PLOTLY_JS.read_text(encoding="utf-8"))
    yield page
    page.context.close()


def _svg(page, fig) -> str:
    """The SVG the camera button would save, from plotly.js's own Plotly.toImage (offline)."""
    url = page.evaluate("spec => Plotly.toImage(spec, {format: 'svg', width: 1000, height: 560})",
                        json.loads(fig.to_json()))
    header, body = url.split(",", 1)
    return base64.b64decode(body).decode() if ";base64" in header else urllib.parse.unquote(body)


@pytest.mark.parametrize("build", ["tiles", "snapshot"])
def test_svg_export_carries_coverage_title_and_source(browser, plotly_page, ds, build) -> None:
    if build == "tiles":
        fig = maps.connectivity_figure(ds, "pct_districts_meeting_100kbps", 2019, "tiles")
        coverage = "Known for only"
    else:
        fig = snapshot.snapshot_figure(ds, 2019)
        coverage = "Published national counts"
    svg = _svg(plotly_page, fig)
    assert svg.lstrip().startswith("<svg")
    assert coverage in svg and "Source:" in svg and "2019" in svg
    assert browser.blocked == []
