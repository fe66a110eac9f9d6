"""One map's timeline as a single HTML file that opens anywhere, offline, with no Python.

For the live app's "Download interactive map (HTML)" button: plotly.js, the US outline, the page script
and every year's figures (map and tiles) are inside the file, so a presenter can open it on any laptop.
"""
from __future__ import annotations

from markupsafe import Markup

from cbe_dash.data import Datasets
from cbe_dash.site import vendor
from cbe_dash.site.build import ASSETS, SITE_CONFIG
from cbe_dash.site.render import render
from cbe_dash.site.timeline import map_timeline


def _inline_script(code: str, what: str) -> Markup:
    """Script text to place inside <script>: refused if it could end the element early."""
    lowered = code.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError(f"{what} contains '</script' or '<!--' and cannot be inlined safely")
    return Markup(code)


def interactive_map_html(ds: Datasets, kind: str, *settings: str) -> str:
    """The whole timeline of one map ("policy", layer), ("league",) or ("connectivity", metric) as one
    self-contained HTML document: Previous/Next, Play, arrow keys, map and tile views, title, legend,
    takeaway, coverage and source line for every year."""
    timeline = map_timeline(ds, kind, *settings)
    plotly_js = vendor.verified_plotly_js().decode("utf-8")
    return render(
        "standalone.html", timeline=timeline, version=ds.version, config=SITE_CONFIG,
        plotly_version=vendor.VERSION_FILE.read_text(encoding="utf-8").split()[-1],
        css=Markup((ASSETS / "site.css").read_text(encoding="utf-8")),
        plotly_js=_inline_script(plotly_js, "plotly.js"),
        topology_js=_inline_script(vendor.topology_script(), "the US outline"),
        site_js=_inline_script((ASSETS / "site.js").read_text(encoding="utf-8"), "site.js"),
    )
