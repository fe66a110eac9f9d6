"""The parts of a map figure that change with the year, for stepping years in the browser.

Why: the browser can redraw a map's year the moment its Year slider moves, before the server has rerun
(`cbe_dash/ui/instant.py`), if the page carries every year's traces and the few layout entries that differ
between years. Everything else in a map's layout is the same for all years of one layer, view and size
(tests/test_year_parts.py checks that for every map), so the drawn layout keeps it.
"""
from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

#: Layout entries that differ between the years of one map: its title (with the year), the coverage and
#: source lines (annotations), in the tile view the tiles of states with no data (shapes), and on phones the
#: margins, which make room for as many wrapped title and source lines as that year has.
YEAR_LAYOUT_KEYS = ("title", "annotations", "shapes", "margin")


def year_parts(fig: go.Figure) -> dict[str, Any]:
    """{"data": traces, "layout": {key: value for YEAR_LAYOUT_KEYS}}, as plain JSON values (what plotly.js
    receives from Streamlit for the same figure); a key the figure lacks is sent empty, so a year without
    tiles for missing states clears the previous year's."""
    spec = json.loads(pio.to_json(fig, validate=False))
    layout = spec.get("layout", {})
    empty: dict[str, Any] = {"title": {"text": ""}, "annotations": [], "shapes": [], "margin": {}}
    return {"data": spec.get("data", []), "layout": {key: layout.get(key, empty[key]) for key in YEAR_LAYOUT_KEYS}}
