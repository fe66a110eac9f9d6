"""Controls a view is set with: the year (slider, steps, play), map or tiles, states, image format."""
from __future__ import annotations

import time
from collections.abc import Sequence

import streamlit as st

from cbe_dash.figures import PLOTLY_CONFIG
from cbe_dash.states import STATE_CODES, state_name
from cbe_dash.ui.state import (SHARED_STATES, SHARED_VIEW, YEAR, kept, presenting, request_year_step, set_year,
                               settle_year, year_drawn, year_slider_kwargs)

VIEW_LABELS = {"map": "Map", "tiles": "Tiles"}
IMAGE_FORMATS = {"png": "PNG", "svg": "SVG"}
IMAGE_FORMAT = "shared_image_format"


def view_toggle() -> str:
    """Map or tile grid: one choice for every map, kept for the session."""
    choice = st.segmented_control("View", options=list(VIEW_LABELS), format_func=VIEW_LABELS.get,
                                  help="Tiles give every state, DC included, the same size.", **kept(SHARED_VIEW, "map"))
    return choice or "map"


def state_picker(label: str = "States", *, max_selections: int | None = None) -> list[str]:
    """Selected states, shared across pages (a filter set on one page holds on the others)."""
    return st.multiselect(label, options=list(STATE_CODES), format_func=lambda c: f"{state_name(c)} ({c})",
                          max_selections=max_selections, **kept(SHARED_STATES, []))


def chart_config(filename: str) -> dict[str, object]:
    """Plotly config: local map outlines, and the camera button saving the chosen format (in the browser, offline)."""
    image = {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": filename,
             "format": st.session_state.get(IMAGE_FORMAT, "png")}
    return {**PLOTLY_CONFIG, "toImageButtonOptions": image}


def image_format_picker() -> None:
    st.segmented_control("Save image as", options=list(IMAGE_FORMATS), format_func=IMAGE_FORMATS.get,
                         help="The camera button on the chart saves it, with its title, legend and source, "
                              "in this format. Works offline.", **kept(IMAGE_FORMAT, "png"))


# --- year -----------------------------------------------------------------------------------------------

def year_control(page_name: str, years: Sequence[int], *, default: int | None = None, play: bool = True) -> int:
    """Year slider with previous/next steps and an optional play button that walks through the years."""
    key = YEAR
    years = list(years)
    default = default if default in years else years[-1]
    settle_year(years, default)
    playing_key = f"{page_name}.year.playing"
    if len(years) == 1:
        st.caption(f"Year: {years[0]} (the only year with data)")
        return years[0]
    year = st.select_slider("Year", options=years, **year_slider_kwargs(default))
    year_drawn(year)
    row = st.container(horizontal=True)
    keys = presenting()
    row.button("Previous year", icon=":material/chevron_left:", key=f"{key}.prev", on_click=request_year_step,
               args=(-1,), disabled=year == years[0], shortcut="Left" if keys else None)
    row.button("Next year", icon=":material/chevron_right:", key=f"{key}.next", on_click=request_year_step,
               args=(1,), disabled=year == years[-1], shortcut="Right" if keys else None)
    if play:
        playing = st.session_state.get(playing_key, False)
        row.button("Stop" if playing else "Play through the years", key=f"{key}.play",
                   icon=":material/stop:" if playing else ":material/play_arrow:",
                   on_click=_toggle_play, args=(key, playing_key, years))
    return int(year)


def _toggle_play(key: str, playing_key: str, years: Sequence[int]) -> None:
    playing = not st.session_state.get(playing_key, False)
    st.session_state[playing_key] = playing
    if playing and st.session_state.get(key) == years[-1]:
        set_year(years[0])


def continue_playing(page_name: str, years: Sequence[int], delay: float = 1.2) -> None:
    """Call at the end of a page: while playing, advance one year after a pause and rerun."""
    key = YEAR
    playing_key = f"{page_name}.year.playing"
    if not st.session_state.get(playing_key):
        return
    years = list(years)
    if st.session_state.get(key) == years[-1]:
        st.session_state[playing_key] = False
        return
    time.sleep(delay)
    request_year_step(1)
    st.rerun()
