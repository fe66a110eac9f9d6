"""The benchmark's floor: the least a Streamlit page with a 51-state plotly chart and a Year control costs.

Every app figure in bench.py is read as a ratio to this page, so it does only what any map page must
do: one select_slider "Year", one 51-point figure whose title ("Floor, 2019") and values change with
it. No data loading, no caching, no geo outlines (a square marker per state on a 12x8 grid, like the
tile view), plain graph_objects.
"""
from __future__ import annotations

import random

import plotly.graph_objects as go
import streamlit as st

STATES = (
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ "
    "NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY"
).split()
YEARS = list(range(2012, 2026))


def floor_figure(year: int) -> go.Figure:
    """51 square markers whose colours depend on the year (seeded, so a year always looks the same)."""
    rng = random.Random(year)
    values = [rng.random() for _ in STATES]
    fig = go.Figure(go.Scatter(
        x=[i % 12 for i in range(len(STATES))],
        y=[i // 12 for i in range(len(STATES))],
        text=STATES,
        mode="markers",
        marker={"symbol": "square", "size": 28, "color": values, "colorscale": "Blues"},
        hovertemplate="%{text}: %{marker.color:.2f}<extra></extra>",
    ))
    return fig.update_layout(title=f"Floor, {year}", yaxis_autorange="reversed")


year = st.select_slider("Year", options=YEARS, value=2019)
st.plotly_chart(floor_figure(year))
