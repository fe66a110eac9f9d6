"""Years stepped in the browser: the map redraws the moment its Year slider moves (see instant_years.js).

A year step still reruns the page's year fragment on the server (the takeaway, citation, link and the map
itself follow), so this only makes the map come first; without it the page works as before.

What of Streamlit 1.67 the script relies on (check when upgrading, as for ui/styles.py): the st-key-<key>
classes of the map ("<page>.map") and timeline row ("<page>-timeline"), the slider as an input[type=range]
whose aria-valuetext is the year, stMain and stSlider test ids, the global `window.Plotly`, and the chart
theme setting titles in bold. tests/browser/test_instant_years.py fails if any of these changes.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from cbe_dash.data import Datasets
from cbe_dash.ui.cache import map_years_json

_HOOK = st.components.v2.component("cbe_dash_instant_years", html="<span></span>",
                                   js=Path(__file__).with_name("instant_years.js").read_text(encoding="utf-8"))


def instant_years(ds: Datasets, page: str, kind: str, years: Sequence[int],
                  settings_for: Callable[[int], tuple[object, ...]]) -> None:
    """Send every year's map parts to the browser (once per whole-page run: call it outside the year
    fragment, at the end of the page, so the first map is sent before them). `settings_for(y)` gives the
    map's settings as for ui.map_figure, the view last."""
    _HOOK(data={"page": page, "years": map_years_json(ds, kind, years, settings_for)}, key=f"{page}.instant",
          height=0)
