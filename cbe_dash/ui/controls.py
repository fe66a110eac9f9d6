"""Controls a view is set with: the year (slider, steps, play), map or tiles, states, image format."""
from __future__ import annotations

import time
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
    st.session_state[f"{key}.stepped_at"] = time.monotonic()  # the first step comes a full pace later
    if playing and shown == years[-1]:
        set_year(years[0])


def _play_tick(page_name: str, years: list[int]) -> None:
    """While playing, a run of the year's fragment a pace after the last step is the timer's (see
    `by_year`) and advances one year; at the last year playing stops.

    Streamlit does not say whether a fragment run is the timer's or a click inside it (a state on the map,
    a panel): a run sooner than 80% of the pace after the last step only redraws.
    """
    key = _playing_key(page_name)
    due = time.monotonic() - st.session_state.get(f"{key}.stepped_at", 0.0) >= 0.8 * PLAY_PACE_S
    if not st.session_state.get(key) or not due:
        return
    st.session_state[f"{key}.stepped_at"] = time.monotonic()
    current = st.session_state.get("_year.truth", st.session_state.get(YEAR))
    index = years.index(current) if current in years else -1
    request_year_step(1)
    if index + 1 >= len(years) - 1:
        st.session_state[key] = False


def by_year(page_name: str, body: Callable[[], None]) -> None:
    """Run `body` (the map and everything that depends on the year) as an `st.fragment`: a year step, a
    Play tick, a click on a state or a panel opened reruns only it, so the browser redraws the map without
    re-rendering the rest of the page (A/B, 40 interleaved Policy steps: 212 -> 158 ms median from key to
    redrawn map).

    While playing, the fragment is timed (`run_every`, one run per pace). A fragment's timing is set when
    the page runs whole, so when Play or Pause (inside the fragment) or the last year changes whether it
    should be timed, it asks for one whole-page run.

    After a server restart the open page reconnects to a new session that holds no fragment, and Streamlit
    1.67 drops a rerun of a fragment it does not know: the slider would move and the map would not
    (tests/browser/test_year_steps.py). Its front end reruns the whole page on reconnecting when the page
    has a timed fragment, so `_rerun_on_reconnect` is one: it draws nothing and fires every ten minutes.
    """
    key = _playing_key(page_name)
    timed = bool(st.session_state.get(key))
    st.session_state[f"{key}.timed"] = timed
    st.fragment(_rerun_on_reconnect, run_every=RECONNECT_TIMER_S)()
    st.fragment(lambda: _year_part(page_name, body), run_every=PLAY_PACE_S if timed else None)()


def _year_part(page_name: str, body: Callable[[], None]) -> None:
    key = _playing_key(page_name)
    if bool(st.session_state.get(key)) != st.session_state.get(f"{key}.timed"):
        st.rerun(scope="app")  # time the fragment anew (see by_year)
    body()


#: The reconnect fragment's period (see `by_year`): it only has to exist; each firing is an empty run.
RECONNECT_TIMER_S = 600.0


def _rerun_on_reconnect() -> None:
    """Nothing: a timed fragment whose presence makes Streamlit rerun the page when it reconnects."""
