"""The Streamlit boundary: cached loading, shared sidebar, URL state, error panels, map display.

Everything below this module is plain Python; pages call only these helpers and the pure modules.
Caches live here, at the page boundary: data is loaded and validated once per process, and each
figure is built once per (data version, settings).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cbe_dash import maps, urlstate, views
from cbe_dash.data import TABLES, Datasets, load_available, resolve_data_dir
from cbe_dash.export import table_csv
from cbe_dash.figures import PLOTLY_CONFIG, counts_trend
from cbe_dash.headlines import GAP_METRIC, national_value
from cbe_dash.palette import NO_DATA, SCALES
from cbe_dash.profile import state_indicators
from cbe_dash.states import STATE_CODES, state_name
from cbe_dash.views import sources_for

APP_TITLE = "CBE Dash"
VIEW_LABELS = {"map": "Map", "tiles": "Tiles"}
SHARED_STATES = "shared_states"
SHARED_VIEW = "shared_view"


# --- data -----------------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=8)
def _load(directory: str, signature: tuple[tuple[str, int, int], ...]) -> Datasets:
    return load_available(directory)


def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Changes when any data file changes, so an analyst's edit shows on the next rerun."""
    if not directory.is_dir():
        return ()
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(directory.glob("*.csv")))


def datasets() -> Datasets:
    directory = resolve_data_dir()
    return _load(str(directory), _signature(directory))


def page(title: str, *, needs: Sequence[str] = ()) -> Datasets:
    """Start a page: config, data, sidebar; stops with an error panel when a needed table is broken."""
    st.set_page_config(page_title=f"{title} | {APP_TITLE}", page_icon=str(FAVICON), layout="wide")
    ds = datasets()
    _sidebar(ds)
    missing = [TABLES[n] for n in needs if not ds.available(n)]
    if missing:
        st.title(title)
        problems_panel(ds, missing)
        st.stop()
    return ds


def problems_panel(ds: Datasets, resources: Sequence[str]) -> None:
    files = ", ".join(ds.package.resource(r).path for r in resources)
    st.error(f"This view needs data that did not pass its checks ({files}). The other pages still work.",
             icon=":material/error:")
    problems = [str(p) for r in resources for p in ds.problems_for(r)]
    st.code("\n".join(problems[:200]) + ("\n..." if len(problems) > 200 else ""), language=None, wrap_lines=True)
    st.caption(f"Data folder: {ds.data_dir}. Fix the files and reload; `python -m cbe_dash validate` lists the same problems.")


def _sidebar(ds: Datasets) -> None:
    with st.sidebar:
        st.caption(f"Data version {ds.version}")
        if ds.problems:
            st.warning(f"{len(ds.problems)} data problem(s) found: some views are unavailable. See About the data.",
                       icon=":material/warning:")


# --- cached figures -------------------------------------------------------------------------------------

_BUILDERS: dict[str, Callable[..., go.Figure]] = {
    "policy": maps.policy_figure,
    "league": maps.league_figure,
    "connectivity": maps.connectivity_figure,
}


@st.cache_resource(show_spinner=False, max_entries=512)
def _figure(kind: str, version: str, directory: str, *args: object) -> go.Figure:
    return _BUILDERS[kind](datasets(), *args)


def map_figure(ds: Datasets, kind: str, *args: object) -> go.Figure:
    """The figure for a map page's settings, built once per data version and settings."""
    return _figure(kind, ds.version, str(ds.data_dir), *args)


@st.cache_resource(show_spinner=False, max_entries=64)
def _small(kind: str, version: str, directory: str, *args: object) -> go.Figure:
    fig = go.Figure(_figure(kind, version, directory, *args))
    fig.update_layout(height=360, margin={"l": 0, "r": 0, "t": 60, "b": 40}, legend={"font": {"size": 11}})
    return fig


def small_map(ds: Datasets, kind: str, *args: object) -> go.Figure:
    """A map sized for the home page's small multiples."""
    return _small(kind, ds.version, str(ds.data_dir), *args)


_FRAMES: dict[str, Callable[..., pd.DataFrame]] = {
    "policy": maps.policy_frame,
    "league": maps.league_frame,
    "connectivity": maps.connectivity_frame,
}


def map_table(ds: Datasets, kind: str, *args: object) -> None:
    """The map's numbers as an accessible table, one row per state (what the colours encode, in words)."""
    frame = _FRAMES[kind](ds, *args).copy()
    frame.insert(1, "name", frame["state"].map(state_name))
    frame["category"] = frame["category"].fillna(NO_DATA)
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"category": "Category", "detail": "Value", "source": "Source", "name": "State name"})


@st.cache_resource(show_spinner=False, max_entries=4)
def _trend(version: str, directory: str) -> go.Figure:
    ds = datasets()
    return counts_trend(views.snapshot_counts(ds), SCALES["snapshot_category"],
                        "Snapshot map: states per category",
                        "Source: Aurora Institute (iNACOL) Snapshot map editions. Chart: CBE Dash")


def cached_trend(ds: Datasets) -> go.Figure:
    return _trend(ds.version, str(ds.data_dir))


# --- shared settings across pages -----------------------------------------------------------------------

def kept(key: str, default: object = None) -> dict[str, object]:
    """Widget kwargs whose value survives page switches (Streamlit drops state of widgets not on a page)."""
    store = f"_keep.{key}"
    if key not in st.session_state:
        if store in st.session_state:
            st.session_state[key] = st.session_state[store]
        elif default is not None:
            st.session_state[key] = default
    return {"key": key, "on_change": _remember, "args": (key,)}


def _remember(key: str) -> None:
    st.session_state[f"_keep.{key}"] = st.session_state[key]


def set_value(key: str, value: object) -> None:
    """Set a widget's value before it is drawn (and remember it across pages)."""
    st.session_state[key] = value
    st.session_state[f"_keep.{key}"] = value


def widget_key(page_name: str, name: str) -> str:
    return f"{page_name}.{name}"


def bind_url(page_name: str, specs: Sequence[urlstate.Param]) -> list[str]:
    """Apply a link's settings to this page's widgets (when the URL changed), return notices."""
    raw = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    marker = f"_url_seen.{page_name}"
    flat = {k: ",".join(v) for k, v in raw.items()}
    if st.session_state.get(marker) == flat:
        return []
    st.session_state[marker] = flat
    values, notices = urlstate.read(raw, specs)
    for name, value in values.items():
        set_value(_target_key(page_name, name), list(value) if isinstance(value, tuple) else value)
    return notices


def _target_key(page_name: str, name: str) -> str:
    return {"states": SHARED_STATES, "view": SHARED_VIEW}.get(name, widget_key(page_name, name))


def sync_url(page_name: str, specs: Sequence[urlstate.Param], values: dict[str, object]) -> None:
    """Write the current settings into the URL so a copied link reopens this view."""
    encoded = urlstate.write({k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}, specs)
    current = {k: st.query_params.get(k) for k in st.query_params.keys()}
    if current != encoded:
        st.query_params.from_dict(encoded)
    st.session_state[f"_url_seen.{page_name}"] = encoded


def show_notices(notices: Sequence[str]) -> None:
    for notice in notices:
        st.caption(f":material/info: {notice}")


def view_toggle() -> str:
    """Map or tile grid: one choice for every map, kept for the session."""
    choice = st.segmented_control("View", options=list(VIEW_LABELS), format_func=VIEW_LABELS.get,
                                  help="Tiles give every state, DC included, the same size.", **kept(SHARED_VIEW, "map"))
    return choice or "map"


def state_picker(label: str = "States", *, max_selections: int | None = None) -> list[str]:
    """Selected states, shared across pages (a filter set on one page holds on the others)."""
    return st.multiselect(label, options=list(STATE_CODES), format_func=lambda c: f"{state_name(c)} ({c})",
                          max_selections=max_selections, **kept(SHARED_STATES, []))


# --- maps and detail panels ----------------------------------------------------------------------------

def show_map(fig: go.Figure, key: str, alt: str) -> str | None:
    """Draw a map; returns the USPS code of a clicked state, if any."""
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points",
                            config=PLOTLY_CONFIG, width="stretch")
    return selected_state(event)


def selected_state(event: object) -> str | None:
    points = []
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points:
        code = point.get("location")
        if code is None and point.get("customdata"):
            code = point["customdata"][0]
        if code in STATE_CODES:
            return str(code)
    return None


def state_detail(ds: Datasets, state: str) -> None:
    """Every indicator for the state across years, each with its source link."""
    table = state_indicators(ds, state)
    st.subheader(f"{state_name(state)}: everything CBE Dash knows")
    if table.empty:
        st.info("No sourced indicator for this state.")
        return
    indicator_table(table, key=f"detail.{state}")
    st.page_link("pages/4_State_profile.py", label=f"Open the full profile of {state_name(state)}",
                 icon=":material/arrow_forward:", query_params={"state": state})


def indicator_table(table: pd.DataFrame, key: str) -> None:
    shown = [c for c in ["topic", "indicator", "year", "value", "note", "source", "url"] if c in table.columns]
    st.dataframe(
        table[shown], key=key, hide_index=True, width="stretch",
        column_config={
            "year": st.column_config.NumberColumn("Year", format="%d"),
            "url": st.column_config.LinkColumn("Link", display_text="open source"),
            "note": st.column_config.TextColumn("Note", width="medium"),
        },
    )


def sources_table(ds: Datasets, source_ids: pd.Series, *, key: str) -> None:
    """The sources behind what a page shows, as a table with links (data never rendered as HTML)."""
    if not ds.available("sources"):
        st.caption("Sources are unavailable: sources.csv did not pass its checks.")
        return
    table = sources_for(ds, source_ids)
    st.dataframe(table[["title", "publisher", "published", "url"]], key=key, hide_index=True, width="stretch",
                 column_config={"url": st.column_config.LinkColumn("Link", display_text="open source")})


# --- year control ---------------------------------------------------------------------------------------

def _step(key: str, years: Sequence[int], delta: int) -> None:
    current = st.session_state.get(key, years[-1])
    index = years.index(current) if current in years else len(years) - 1
    set_value(key, years[max(0, min(len(years) - 1, index + delta))])


def year_control(page_name: str, years: Sequence[int], *, default: int | None = None, play: bool = True) -> int:
    """Year slider with previous/next steps and an optional play button that walks through the years."""
    key = widget_key(page_name, "year")
    years = list(years)
    pending = st.session_state.pop(f"{key}.pending", None)
    if pending in years:
        set_value(key, pending)
    kwargs = kept(key)
    if st.session_state.get(key) not in years:
        set_value(key, default if default in years else years[-1])
    playing_key = f"{key}.playing"
    if len(years) == 1:
        st.caption(f"Year: {years[0]} (the only year with data)")
        return years[0]
    slider_col, prev_col, next_col, play_col = st.columns([8, 1, 1, 1.4], vertical_alignment="bottom")
    prev_col.button("Previous", icon=":material/chevron_left:", key=f"{key}.prev", on_click=_step,
                    args=(key, years, -1), disabled=st.session_state[key] == years[0], help="Previous year")
    next_col.button("Next", icon=":material/chevron_right:", key=f"{key}.next", on_click=_step,
                    args=(key, years, 1), disabled=st.session_state[key] == years[-1], help="Next year")
    if play:
        playing = st.session_state.get(playing_key, False)
        if play_col.button("Stop" if playing else "Play", icon=":material/stop:" if playing else ":material/play_arrow:",
                           key=f"{key}.play", help="Step through every year"):
            st.session_state[playing_key] = not playing
            if not playing and st.session_state[key] == years[-1]:
                set_value(key, years[0])
            st.rerun()
    year = slider_col.select_slider("Year", options=years, **kwargs)
    return int(year)


def continue_playing(page_name: str, years: Sequence[int], delay: float = 1.2) -> None:
    """Call at the end of a page: while playing, advance one year after a pause and rerun."""
    key = widget_key(page_name, "year")
    playing_key = f"{key}.playing"
    if not st.session_state.get(playing_key):
        return
    years = list(years)
    if st.session_state.get(key) == years[-1]:
        st.session_state[playing_key] = False
        return
    time.sleep(delay)
    current = st.session_state.get(key, years[0])
    st.session_state[f"{key}.pending"] = years[min(len(years) - 1, years.index(current) + 1)] if current in years else years[0]
    st.rerun()


def with_source_links(ds: Datasets, table: pd.DataFrame) -> pd.DataFrame:
    """Add the source's title and URL next to each row's source_id."""
    if not ds.available("sources"):
        return table
    sources = ds.sources.set_index("source_id")
    return table.assign(source=table["source_id"].map(sources["title"]), url=table["source_id"].map(sources["url"]))


def league_table(ds: Datasets, table: pd.DataFrame) -> None:
    shown = with_source_links(ds, table)
    columns = [c for c in ["district", "state", "state_name", "cohort_year", "in_2016_cohort", "status", "spell",
                           "verification", "member_2016_17", "city", "note", "source", "url"] if c in shown.columns]
    st.dataframe(shown[columns], hide_index=True, width="stretch", column_config={
        "cohort_year": st.column_config.NumberColumn("Joined (fall)", format="%d"),
        "in_2016_cohort": st.column_config.CheckboxColumn("2016 cohort"),
        "member_2016_17": st.column_config.TextColumn("Evidence for 2016-17"),
        "url": st.column_config.LinkColumn("Link", display_text="open source"),
    })


def download_table(frame: pd.DataFrame, *, title: str, file_name: str, ds: Datasets, key: str) -> None:
    """Download exactly the shown table as CSV (formula-safe, with a data-version header line)."""
    st.download_button("Download CSV", data=table_csv(frame, title=title, version=ds.version),
                       file_name=file_name, mime="text/csv", icon=":material/download:", key=key)


def national_headline(ds: Datasets, metric: str, year: int) -> None:
    """The national figure beside a connectivity map: same measure and edition when published."""
    layer = maps.CONNECTIVITY_LAYERS[metric]
    row = national_value(ds, metric, year)
    label = f"National, {year}: {layer.label.lower()}"
    if row is None:
        row = national_value(ds, GAP_METRIC, year)
        label = f"National, {year}: students not meeting 100 kbps"
    if row is None:
        st.metric(f"National, {year}", "not published")
        return
    st.metric(label, maps.value_text(row["value"], row["qualifier"], _unit_text(str(row["unit"]))))
    st.caption(f"Source: {views.source_label(ds, row['source_id'])}")


def _unit_text(unit: str) -> str:
    return {"percent": "%", "USD per Mbps per month": "USD per Mbps per month"}.get(unit, unit)


# --- navigation -----------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
FAVICON = ROOT / "static" / "favicon.png"


def nav_position() -> str:
    return "hidden" if presenting() else "sidebar"


def presenting() -> bool:
    """Presentation mode: ?present=1 in the URL (the toggle writes it there too)."""
    return st.query_params.get("present") == "1"


# --- analyst pages (Compare, Explore) -------------------------------------------------------------------

def shared_states() -> list[str]:
    """The shared state filter as last set on any page, also on a page that does not draw its picker."""
    value = st.session_state.get(SHARED_STATES, st.session_state.get(f"_keep.{SHARED_STATES}", []))
    return [s for s in (value or []) if s in STATE_CODES]
