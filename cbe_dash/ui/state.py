"""Session and URL state: a shared link applied once, settings kept across pages, presentation mode.

Most settings live in Streamlit's own state: widgets whose options are their own URL form are bound to the
URL (`bind="query-params"`, the key is the parameter name), the others keep their value across pages with
`persist_state="session"`. A shared link is applied once, when a session opens a page (a link, a reload,
the menu, back/forward); afterwards the widget is the truth and the URL follows it. Every value read from
the URL is first checked by cbe_dash.urlstate, so a bad one gets a notice that never repeats it.
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx

from cbe_dash import urlstate
from cbe_dash.states import STATE_CODES

SHARED_STATES = "shared_states"
SHARED_VIEW = "shared_view"
YEAR = "year"

#: Parameters whose widget is bound to the URL by Streamlit (its options are their own URL form). The
#: others (layer, view, metric, state, states, league, threshold, x, y) show labels, which a bound widget
#: would put in the URL instead of the short names shared links use; they are written here.
BOUND = frozenset({YEAR, "since", "region", "division", "credit", "diploma", "snapshot"})
#: Settings every page accepts: presentation mode.
GLOBAL_PARAMS: tuple[urlstate.Param, ...] = (urlstate.flag("present"),)

_PAGE = "_url.page"  # the page the session ran last
_APPLIED = "_url.applied"  # the page whose link was applied since the session came to it
_NOTICES = "_url.notices"  # notices carried over the one rerun that rewrites an old-style link


def presenting() -> bool:
    """Presentation mode: ?present=1 in the URL (the sidebar button writes it there too)."""
    return st.query_params.get("present") == "1"


def set_presenting(on: bool) -> None:
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


# --- widget kwargs ---------------------------------------------------------------------------------------

def bound(name: str) -> dict[str, object]:
    """Kwargs binding a widget to the URL parameter `name` (the value also follows the user across pages)."""
    return {"key": name, "bind": "query-params", "persist_state": "session"}


def kept(key: str, default: object = None) -> dict[str, object]:
    """Kwargs of a widget whose value follows the user across pages (not bound: see BOUND)."""
    if key not in st.session_state and default is not None:
        st.session_state[key] = default
    return {"key": key, "persist_state": "session"}


def set_value(key: str, value: object) -> None:
    """Set a widget's value before it is drawn."""
    st.session_state[key] = value


def widget_key(page_name: str, name: str) -> str:
    return f"{page_name}.{name}"


def shared_states() -> list[str]:
    """The shared state filter as last set on any page, also on a page that does not draw its picker."""
    return [s for s in (st.session_state.get(SHARED_STATES) or []) if s in STATE_CODES]


def current_view() -> str:
    return st.session_state.get(SHARED_VIEW) or "map"


# --- a link, applied once -----------------------------------------------------------------------------------

def note_page() -> None:
    """Called by every page at its start: coming to another page opens its link afresh."""
    ctx = get_script_run_ctx()
    page = ctx.page_script_hash if ctx is not None else ""
    if st.session_state.get(_PAGE) != page:
        st.session_state[_PAGE] = page
        st.session_state.pop(_APPLIED, None)


def _opening(page_name: str) -> bool:
    ctx = get_script_run_ctx()
    if st.session_state.get(_APPLIED) == page_name and not (ctx is not None and ctx.is_history_navigation):
        return False
    st.session_state[_APPLIED] = page_name
    return True


def bind_url(page_name: str, specs: Sequence[urlstate.Param]) -> list[str]:
    """Apply a link's settings when the session opens this page; return notices about what was refused.

    Only then: on every later run the widgets are the truth, so a query string the browser sends before it
    has caught up with the last change can never move a setting back. Bound widgets are seeded by Streamlit;
    an old-style list (`?region=South,West`) is first rewritten to the repeated form they read.
    """
    if not _opening(page_name):
        return st.session_state.pop(_NOTICES, [])
    specs = [*specs, *GLOBAL_PARAMS]
    raw = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    values, notices = urlstate.read(raw, specs)
    for name, value in values.items():
        if name not in BOUND and name != "present":
            set_value(_target_key(page_name, name), list(value) if isinstance(value, tuple) else value)
    rewritten = {name: list(value) for name, value in values.items()
                 if name in BOUND and isinstance(value, tuple) and raw[name] != list(value)}
    rewritten |= {name: [] for name in raw if name in BOUND and name not in values}
    if rewritten:
        for name, items in rewritten.items():
            try:
                if items:
                    st.query_params[name] = items
                else:
                    del st.query_params[name]
            except StreamlitAPIException:  # bound since an earlier run: Streamlit's own check drops it
                pass
        st.session_state[_NOTICES] = notices
        st.rerun()
    return notices


def _target_key(page_name: str, name: str) -> str:
    return {"states": SHARED_STATES, "view": SHARED_VIEW}.get(name, widget_key(page_name, name))


def sync_url(page_name: str, specs: Sequence[urlstate.Param], values: dict[str, object]) -> None:
    """Write the settings Streamlit does not bind into the URL, and drop parameters this page does not use.

    Only what differs is written, so a run that changed none of them sends the browser nothing (a stale
    query string sent back would undo a year step the browser made meanwhile).
    """
    del page_name
    specs = [*specs, *GLOBAL_PARAMS]
    values = {**values, "present": "1" if presenting() else "0"}
    free = [s for s in specs if s.name not in BOUND]
    wanted = urlstate.write({k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}, free)
    for key in list(st.query_params.keys()):
        if key not in wanted and key not in BOUND.intersection(s.name for s in specs):
            try:
                del st.query_params[key]
            except StreamlitAPIException:  # still bound to a widget of the page the user came from
                pass
    for key, text in wanted.items():
        if st.query_params.get_all(key) != [text]:
            st.query_params[key] = text


# --- the year -------------------------------------------------------------------------------------------

def year_slider_kwargs(default: int) -> dict[str, object]:
    """What year_control passes to its slider: bound to ?year=, the page's default left out of links."""
    return {**bound(YEAR), "value": default, "on_change": _year_moved}


def _year_moved() -> None:
    st.session_state["_year.moved"] = True


def request_year_step(delta: int) -> None:
    """Previous/Next/Play: count the step; settle_year applies it to the year the server holds.

    The step is not taken from the slider's reported value: a click sent before the browser received the
    last step carries the old year, and stepping from it would undo that step.
    """
    st.session_state["_year.steps"] = st.session_state.get("_year.steps", 0) + delta


def set_year(year: int) -> None:
    """Move the year from a callback (e.g. Play restarting at the first year)."""
    st.session_state["_year.truth"] = year
    st.session_state.pop("_year.steps", None)


def settle_year(years: Sequence[int], default: int) -> None:
    """Before the slider is drawn: the year is the user's last slider move plus any steps since.

    On the run that opens the page the link (or Streamlit's kept value) decides and nothing is set here.
    """
    s = st.session_state
    reported, steps, moved = s.get(YEAR), s.pop("_year.steps", 0), s.pop("_year.moved", False)
    if s.get("_year.page") != s.get(_PAGE):
        s["_year.page"] = s.get(_PAGE)
        s.pop("_year.truth", None)
        return
    year = s.get("_year.truth")
    if year is None or (moved and not steps):
        year = reported
    if year not in years:  # e.g. another connectivity measure, published in other years
        year = default
    if steps:
        year = years[max(0, min(len(years) - 1, list(years).index(year) + steps))]
    s["_year.truth"] = year
    if reported is not None and reported != year:
        s[YEAR] = year


def year_drawn(year: int) -> None:
    """After the slider is drawn: remember what it shows (a link or Streamlit may have set it)."""
    st.session_state["_year.truth"] = year
