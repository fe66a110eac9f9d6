"""A diagnostic beside the floor: the app's own Policy map and a Year slider, and nothing else.

bench.py times its year change like the map pages' and reports it as "info", next to the floor's. The gap
between the floor and this page is what drawing the US map itself costs when the server redraws it
(plotly's geo redraw, the figure's size). The map pages step years in the browser instead
(cbe_dash/ui/instant.py), which this page does not, so it stays the measure of the server's path. Same
figure, cache and chart settings as the page (cbe_dash.ui.show_map), at the page's map height. The map
outlines are the app's (benchmarks/static links to ../static: Streamlit serves static files from the main
script's folder).
"""
from __future__ import annotations

import streamlit as st

from cbe_dash import ui, views

ds = ui.datasets()
years = views.policy_years(ds)
year = st.slider("Year", min_value=years[0], max_value=years[-1], step=1, value=years[-1])
fig = ui.map_figure(ds, "policy", "credit_policy", year, "map")
st.plotly_chart(fig, key="map", on_select="rerun", selection_mode="points", config=ui.chart_config("map"),
                width="stretch", height=510, alt=f"CBE credit policy by state, {year}")
