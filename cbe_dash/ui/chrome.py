"""Navigation and page chrome: page start, the sidebar menu, presentation mode's frame."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from cbe_dash.data import TABLES, Datasets
from cbe_dash.ui.cache import datasets
from cbe_dash.ui.panels import problems_panel
from cbe_dash.ui.state import note_page, presenting, set_presenting
from cbe_dash.ui.styles import BASE_CSS, PRESENTATION_CSS

APP_TITLE = "CBE Dash"
ROOT = Path(__file__).resolve().parent.parent.parent
FAVICON = ROOT / "static" / "favicon.png"
_HOME = "_nav_home_page"

#: (file, title, URL path) of every page after Home, in menu order.
PAGE_FILES: tuple[tuple[str, str, str], ...] = (
    ("pages/1_Policy.py", "Policy", "Policy"),
    ("pages/2_League.py", "League coverage", "League"),
    ("pages/3_Connectivity.py", "Connectivity gaps", "Connectivity"),
    ("pages/4_State_profile.py", "State profile", "State_profile"),
    ("pages/5_Compare.py", "Compare states", "Compare"),
    ("pages/6_Explore.py", "Explore all data", "Explore"),
    ("pages/7_About_the_data.py", "About the data", "About_the_data"),
)


def page(title: str, *, needs: Sequence[str] = ()) -> Datasets:
    """Start a page: config, data, sidebar; stops with an error panel when a needed table is broken."""
    st.set_page_config(page_title=f"{title} | {APP_TITLE}", page_icon=str(FAVICON), layout="wide")
    note_page()
    ds = datasets()
    st.html(BASE_CSS)
    if presenting():
        _presentation_chrome()
    else:
        _sidebar(ds)
    missing = [TABLES[n] for n in needs if not ds.available(n)]
    if missing:
        st.title(title)
        problems_panel(ds, missing)
        st.stop()
    return ds


def _sidebar(ds: Datasets) -> None:
    with st.sidebar:
        home = _home_link()
        if home is not None:
            st.page_link(home, label="Home")
            for path, title, _ in PAGE_FILES:
                st.page_link(path, label=title)
            st.divider()
        st.button("Presentation mode", icon=":material/slideshow:", on_click=set_presenting, args=(True,),
                  help="Only the map, its title, the year control and a one-line takeaway, in large type. "
                       "Arrow keys step through the years; Esc leaves. Link: add ?present=1")
        st.caption(f"Data version {ds.version}")
        if ds.problems:
            st.warning(f"{len(ds.problems)} data problem(s) found: some views are unavailable. See About the data.",
                       icon=":material/warning:")


def _home_link() -> object | None:
    """What the menu's Home link points at; None for a page run as a lone script (AppTest), with no menu.

    Streamlit runs a server's very first request in its old pages/-folder mode, straight into the page file
    without app.py: the pages are then known by their files, and Home by "app.py".
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if _HOME in st.session_state:
        return st.session_state[_HOME]
    ctx = get_script_run_ctx()
    if ctx is not None and Path(ctx.main_script_path).resolve() == ROOT / "app.py":
        return "app.py"
    return None


def register_navigation(home: object) -> None:
    """Remember the home page (a function page, which page links must name by its Page object)."""
    st.session_state[_HOME] = home


def nav_position() -> str:
    return "hidden" if presenting() else "sidebar"


def _presentation_chrome() -> None:
    st.html(PRESENTATION_CSS)
    st.button("Exit presentation", icon=":material/close:", on_click=set_presenting, args=(False,),
              shortcut="Esc", key="present.exit", type="tertiary")
