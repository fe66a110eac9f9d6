"""Start the browser loading its chart library while the server is still preparing the first page.

Why: Streamlit's front end fetches and compiles plotly.js (a few MB) only when the first chart element
arrives, which on a 2-core laptop takes over a second, and on a session's first run that element arrives
only after the server has imported pandas and loaded the data. Sending a hidden, empty chart first lets
both happen at once: the map is drawn up to a second sooner on a cold start, which is what a presenter
opening the app in front of a room sees. The element is removed again before the page draws anything.

This module imports only Streamlit, so pages can call it before their heavy imports.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

_SENT = "_chart_preload_sent"
_CONTAINER_KEY = "chart-preload"
#: Hides the preload's container (Streamlit gives it the CSS class st-key-<key>); constant, no data in it.
_HIDE = f"<style>.st-key-{_CONTAINER_KEY} {{display: none}}</style>"
#: The smallest figure Streamlit accepts: one empty trace.
_EMPTY_FIGURE = {"data": [{"type": "scatter", "x": [], "y": []}], "layout": {}}
#: Serialises first runs while the heavy modules are imported. Why: plotly peeks at sys.modules for numpy
#: and pandas, so a session drawing its preload chart while another session's thread is half-way through
#: importing them fails with "partially initialized module" (seen with 5 viewers opening a cold server).
_FIRST_RUN = threading.Lock()


@contextmanager
def while_loading() -> Iterator[None]:
    """Around a page's slow first imports: on a session's first run, a hidden chart makes the browser
    start loading plotly.js now; it is cleared when the block ends. Later runs add nothing."""
    if st.session_state.get(_SENT):
        yield
        return
    st.session_state[_SENT] = True
    with _FIRST_RUN:
        slot = st.empty()
        with slot.container(key=_CONTAINER_KEY):
            st.html(_HIDE)
            st.plotly_chart(_EMPTY_FIGURE, key=f"{_CONTAINER_KEY}-figure")
        try:
            yield
        finally:
            slot.empty()
