"""Controls a view is set with: the year (slider, steps, play), map or tiles, states, image format."""
from __future__ import annotations

from collections.abc import Callable, Sequence

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

#: Seconds per year while playing: long enough for a room to read the map and its title before it moves.
PLAY_PACE_S = 2.0


def _playing_key(page_name: str) -> str:
    return f"{page_name}.year.playing"


def _step_by_hand(page_name: str, delta: int) -> None:
    """Previous/Next: one step (counted on the server, see state.request_year_step); pauses playing, as a
    video player would."""
    request_year_step(delta)
    st.session_state[_playing_key(page_name)] = False


def year_control(page_name: str, years: Sequence[int], *, default: int | None = None, play: bool = True) -> int:
    """The timeline row: year slider, previous/next steps and an optional Play/Pause that walks the years.

    Drawn under the map, as Our World in Data's grapher does (see `by_year` for Play's timer).
    The slider is bound to ?year= (state.year_slider_kwargs); a link is applied once, steps never undone.
    """
    years = list(years)
    default = default if default in years else years[-1]
    if len(years) == 1:
        st.caption(f"Year: {years[0]} (the only year with data)")
        return years[0]
    if play:
        _play_tick(page_name, years)
    settle_year(years, default)
    row = st.container(horizontal=True, vertical_alignment="bottom", key=f"{page_name}-timeline")
    with row:
        year = _year_slider(years, default)
    year_drawn(year)
    keys = presenting()
    row.button("Previous year", icon=":material/chevron_left:", key=f"{YEAR}.prev", on_click=_step_by_hand,
               args=(page_name, -1), disabled=year == years[0], shortcut="Left" if keys else None)
    row.button("Next year", icon=":material/chevron_right:", key=f"{YEAR}.next", on_click=_step_by_hand,
               args=(page_name, 1), disabled=year == years[-1], shortcut="Right" if keys else None)
    if play:
        playing = bool(st.session_state.get(_playing_key(page_name)))
        label = "Pause" if playing else ("Play again" if year == years[-1] else "Play")
        row.button(label, key=f"{YEAR}.play", icon=":material/pause:" if playing else ":material/play_arrow:",
                   on_click=_toggle_play, args=(page_name, years, year),
                   help=None if playing else f"Steps through the years, one every {PLAY_PACE_S:g} seconds")
    return int(year)


def _year_slider(years: list[int], default: int) -> int:
    """Consecutive years: a numeric slider, so assistive technology reads the year itself as the value
    (a select_slider reports its option index, "13"). Years with gaps keep the select_slider, whose stops
    are only the years with data."""
    kwargs = year_slider_kwargs(default)
    if years == list(range(years[0], years[-1] + 1)):
        return st.slider("Year", min_value=years[0], max_value=years[-1], step=1, **kwargs)
    return st.select_slider("Year", options=years, **kwargs)


def _toggle_play(page_name: str, years: Sequence[int], shown: int) -> None:
    key = _playing_key(page_name)
    playing = not st.session_state.get(key, False)
    st.session_state[key] = playing
    if playing and shown == years[-1]:
        set_year(years[0])


def _play_tick(page_name: str, years: list[int]) -> None:
    """While playing, each timer tick (see `by_year`) advances one year; at the last year playing stops."""
    key = _playing_key(page_name)
    ticked = st.session_state.pop(f"{key}.tick", False)
    if not st.session_state.get(key) or not ticked:
        return
    current = st.session_state.get("_year.truth", st.session_state.get(YEAR))
    index = years.index(current) if current in years else -1
    request_year_step(1)
    if index + 1 >= len(years) - 1:
        st.session_state[key] = False


def by_year(page_name: str, body: Callable[[], None]) -> None:
    """Run `body` (the map and everything that depends on the year) as an `st.fragment`: a year step, a
    click on a state or a panel opened reruns only it, so the browser redraws the map without re-rendering
    the rest of the page (A/B, 40 interleaved Policy steps: 212 -> 158 ms median from key to redrawn map).

    After a server restart the open page reconnects to a new session that holds no fragment, and Streamlit
    1.67 drops a rerun of a fragment it does not know: the slider would move and the map would not
    (tests/browser/test_year_steps.py). Its front end reruns the whole page on reconnecting when the page
    has a timed fragment, so `_rerun_on_reconnect` is one: it draws nothing and fires every ten minutes.
    """
    st.fragment(_rerun_on_reconnect, run_every=RECONNECT_TIMER_S)()
    st.fragment(lambda: _with_play_timer(page_name, body))()


#: The reconnect fragment's period (see `by_year`): it only has to exist; each firing is an empty run.
RECONNECT_TIMER_S = 600.0


def _rerun_on_reconnect() -> None:
    """Nothing: a timed fragment whose presence makes Streamlit rerun the page when it reconnects."""


def _with_play_timer(page_name: str, body: Callable[[], None]) -> None:
    """While playing, a tiny timed fragment inside the year's fragment asks for one whole-page run per tick
    (a run of the year's fragment for any other reason, such as a click on a state, never steps the year).
    Inside, so that Play and Pause, themselves in that fragment, start and stop the timer."""
    key = _playing_key(page_name)
    if st.session_state.get(key):
        st.session_state[f"{key}.armed"] = False  # this run only draws the timer
        st.fragment(lambda: _tick(key), run_every=PLAY_PACE_S)()
    body()


def _tick(key: str) -> None:
    """A Play tick: the timer's run inside its parent's run only arms it; each timed run steps the page."""
    if st.session_state.get(f"{key}.armed") and st.session_state.get(key):
        st.session_state[f"{key}.tick"] = True
        st.rerun(scope="app")
    st.session_state[f"{key}.armed"] = True
