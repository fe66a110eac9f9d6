"""The Streamlit boundary: cached loading, shared sidebar, URL state, error panels, map display.

Everything below this module is plain Python; pages call only these helpers and the pure modules.
Caches live here, at the page boundary: data is loaded and validated once per process, and each
figure is built once per (data version, settings).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cbe_dash import comparison_figures, explore, maps, urlstate, views
from cbe_dash.data import TABLES, Datasets, load_available, resolve_data_dir
from cbe_dash.export import table_csv
from cbe_dash.figures import PLOTLY_CONFIG, counts_trend
from cbe_dash import headlines
from cbe_dash.headlines import GAP_METRIC, national_value
from cbe_dash.palette import NO_DATA, SCALES
from cbe_dash.profile import state_facts, state_indicators
from cbe_dash.states import STATE_CODES, state_name
from cbe_dash.views import sources_for

APP_TITLE = "CBE Dash"
VIEW_LABELS = {"map": "Map", "tiles": "Tiles"}
SHARED_STATES = "shared_states"
SHARED_VIEW = "shared_view"
LINK_COLUMN = st.column_config.LinkColumn("Link", display_text="open source")


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


def problems_panel(ds: Datasets, resources: Sequence[str]) -> None:
    files = ", ".join(ds.package.resource(r).path for r in resources)
    st.error(f"This view needs data that did not pass its checks ({files}). The other pages still work.",
             icon=":material/error:")
    problems = [str(p) for r in resources for p in ds.problems_for(r)]
    st.code("\n".join(problems[:200]) + ("\n..." if len(problems) > 200 else ""), language=None, wrap_lines=True)
    st.caption(f"Data folder: {ds.data_dir}. Fix the files and reload; `python -m cbe_dash validate` lists the same problems.")


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


def _sidebar(ds: Datasets) -> None:
    with st.sidebar:
        home = _home_link()
        if home is not None:
            st.page_link(home, label="Home")
            for path, title, _ in PAGE_FILES:
                st.page_link(path, label=title)
            st.divider()
        st.button("Presentation mode", icon=":material/slideshow:", on_click=_set_presenting, args=(True,),
                  help="Only the map, its title, the year control and a one-line takeaway, in large type. "
                       "Arrow keys step through the years; Esc leaves. Link: add ?present=1")
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


#: Layout changes per display size: the page's own map, home-page small multiples, presentation mode.
SIZES: dict[str, dict[str, object]] = {
    "page": {},
    "small": {"height": 360, "margin": {"l": 0, "r": 0, "t": 64, "b": 40}, "legend": {"font": {"size": 11}},
              "title": {"font": {"size": 16}, "subtitle": {"text": ""}}},
    "present": {"height": 760, "font": {"size": 20}, "legend": {"font": {"size": 22}},
                "title": {"font": {"size": 34}, "subtitle": {"font": {"size": 22}}}},
}


@st.cache_resource(show_spinner=False, max_entries=512)
def _figure(kind: str, size: str, version: str, directory: str, *args: object) -> go.Figure:
    *settings, view = args  # the map frame's settings, then "map" or "tiles"
    fig = _BUILDERS[kind](datasets(), *settings, view, frame=_frame(kind, version, directory, *settings))
    if SIZES[size]:
        fig.update_layout(**SIZES[size])
    if size == "present":
        fig.update_annotations(font={"size": 18})
        fig.update_layout(legend_title_font_size=20)
    return fig


def map_figure(ds: Datasets, kind: str, *args: object) -> go.Figure:
    """The figure for a map page's settings (those of its map frame, then the view), built once per data
    version, settings and display size, from the cached map frame."""
    return _figure(kind, "present" if presenting() else "page", ds.version, str(ds.data_dir), *args)


def prepare_adjacent_years(ds: Datasets, kind: str, years: Sequence[int], year: int,
                           settings_for: Callable[[int], tuple[object, ...]]) -> None:
    """Call at the end of a map page: build the maps of the years just before and after `year`.

    Why: stepping is how years are explored (arrow keys, Previous/Next, Play), and a map not built yet
    costs the step ~20-40 ms of server time before the browser can redraw. Built here, after everything
    on the page has been sent, that time falls while the browser is still drawing the current map.
    """
    years = list(years)
    if year not in years:
        return
    i = years.index(year)
    for j in (i + 1, i - 1):
        if 0 <= j < len(years):
            map_figure(ds, kind, *settings_for(years[j]))


def small_map(ds: Datasets, kind: str, *args: object) -> go.Figure:
    """A map sized for the home page's small multiples."""
    return _figure(kind, "small", ds.version, str(ds.data_dir), *args)


_FRAMES: dict[str, Callable[..., pd.DataFrame]] = {
    "policy": maps.policy_frame,
    "league": maps.league_frame,
    "connectivity": maps.connectivity_frame,
}


@st.cache_data(show_spinner=False, max_entries=512)
def _frame(kind: str, version: str, directory: str, *args: object) -> pd.DataFrame:
    return _FRAMES[kind](datasets(), *args)


def map_frame(ds: Datasets, kind: str, *args: object) -> pd.DataFrame:
    """One row per state behind a map (category, value text, source), computed once per settings."""
    return _frame(kind, ds.version, str(ds.data_dir), *args)


#: Views pages use on every rerun; cached here so moving a slider back and forth recomputes nothing.
_VIEWS: dict[str, Callable[..., object]] = {
    "headline": headlines.sentence,
    "league_districts": views.league_districts,
    "state_indicators": state_indicators,
    "state_facts": state_facts,
    "source_label": views.source_label,
    "league_2016_evidence": views.league_2016_evidence,
    "policy_changes": views.policy_changes,
    "league_members_by": views.league_members_by,
    "cross_table": explore.cross_table,
}


@st.cache_data(show_spinner=False, max_entries=512)
def _view(name: str, version: str, directory: str, *args: object) -> object:
    return _VIEWS[name](datasets(), *args)


def view(ds: Datasets, name: str, *args: object) -> Any:
    """A cached view by name (see _VIEWS): a fresh copy each call, so callers may change it."""
    return _view(name, ds.version, str(ds.data_dir), *args)


def map_table(ds: Datasets, kind: str, *args: object) -> None:
    """The map's numbers as an accessible table, one row per state (what the colours encode, in words)."""
    frame = map_frame(ds, kind, *args)
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
    """Widget kwargs whose value survives page switches and is the same on every page that shows it.

    Streamlit drops the state of widgets not drawn on a page, and a page drawn earlier may still hold an
    old value; the remembered value is therefore put back before every draw.
    """
    store = f"_keep.{key}"
    if store in st.session_state:
        st.session_state[key] = st.session_state[store]
    elif key not in st.session_state and default is not None:
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


#: Settings every page accepts: presentation mode.
GLOBAL_PARAMS: tuple[urlstate.Param, ...] = (urlstate.flag("present"),)


def bind_url(page_name: str, specs: Sequence[urlstate.Param]) -> list[str]:
    """Apply a link's settings to this page's widgets (when the URL changed), return notices."""
    specs = [*specs, *GLOBAL_PARAMS]
    raw = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    marker = f"_url_seen.{page_name}"
    flat = {k: ",".join(v) for k, v in raw.items()}
    if st.session_state.get(marker) == flat:
        return []
    st.session_state[marker] = flat
    values, notices = urlstate.read(raw, specs)
    for name, value in values.items():
        if name not in {p.name for p in GLOBAL_PARAMS}:
            set_value(_target_key(page_name, name), list(value) if isinstance(value, tuple) else value)
    return notices


def _target_key(page_name: str, name: str) -> str:
    return {"states": SHARED_STATES, "view": SHARED_VIEW}.get(name, widget_key(page_name, name))


def sync_url(page_name: str, specs: Sequence[urlstate.Param], values: dict[str, object]) -> None:
    """Write the current settings into the URL so a copied link reopens this view."""
    specs = [*specs, *GLOBAL_PARAMS]
    values = {**values, "present": "1" if presenting() else "0"}
    encoded = urlstate.write({k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}, specs)
    current = {k: st.query_params.get(k) for k in st.query_params.keys()}
    if current != encoded:
        st.query_params.from_dict(encoded)
    st.session_state[f"_url_seen.{page_name}"] = encoded


def show_notices(notices: Sequence[str]) -> None:
    for notice in notices:
        st.caption(f":material/info: {notice}")


def current_view() -> str:
    return st.session_state.get(SHARED_VIEW) or st.session_state.get(f"_keep.{SHARED_VIEW}") or "map"


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

IMAGE_FORMATS = {"png": "PNG", "svg": "SVG"}
IMAGE_FORMAT = "shared_image_format"


def chart_config(filename: str) -> dict[str, object]:
    """Plotly config: local map outlines, and the camera button saving the chosen format (in the browser, offline)."""
    image = {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": filename,
             "format": st.session_state.get(f"_keep.{IMAGE_FORMAT}", "png")}
    return {**PLOTLY_CONFIG, "toImageButtonOptions": image}


def image_format_picker() -> None:
    st.segmented_control("Save image as", options=list(IMAGE_FORMATS), format_func=IMAGE_FORMATS.get,
                         help="The camera button on the chart saves it, with its title, legend and source, "
                              "in this format. Works offline.", **kept(IMAGE_FORMAT, "png"))


def show_map(fig: go.Figure, key: str, alt: str, filename: str = "cbe-dash-map") -> str | None:
    """Draw a map; returns the USPS code of a clicked state, if any."""
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points",
                            config=chart_config(filename), width="stretch", alt=alt)
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
    table = view(ds, "state_indicators", state)
    st.header(f"{state_name(state)}: everything CBE Dash knows")
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
            "url": LINK_COLUMN,
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
                 column_config={"url": LINK_COLUMN})


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
    year = st.select_slider("Year", options=years, **kwargs)
    row = st.container(horizontal=True)
    keys = presenting()
    row.button("Previous year", icon=":material/chevron_left:", key=f"{key}.prev", on_click=_step,
               args=(key, years, -1), disabled=year == years[0], shortcut="Left" if keys else None)
    row.button("Next year", icon=":material/chevron_right:", key=f"{key}.next", on_click=_step,
               args=(key, years, 1), disabled=year == years[-1], shortcut="Right" if keys else None)
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
        set_value(key, years[0])


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
        "url": LINK_COLUMN,
    })


def download_table(frame: pd.DataFrame, *, title: str, file_name: str, ds: Datasets, key: str) -> None:
    """Download exactly the shown table as CSV (formula-safe, with a data-version header line)."""
    version = ds.version
    st.download_button("Download CSV", data=lambda: table_csv(frame, title=title, version=version),
                       file_name=file_name, mime="text/csv", icon=":material/download:", key=key,
                       on_click="ignore")


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
    st.caption(f"Source: {view(ds, 'source_label', row['source_id'])}")


def _unit_text(unit: str) -> str:
    return {"percent": "%", "USD per Mbps per month": "USD per Mbps per month"}.get(unit, unit)


# --- navigation -----------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
FAVICON = ROOT / "static" / "favicon.png"
_HOME = "_nav_home_page"


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


def presenting() -> bool:
    """Presentation mode: ?present=1 in the URL (the sidebar button writes it there too)."""
    return st.query_params.get("present") == "1"


def _set_presenting(on: bool) -> None:
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


#: Constant style for presentation mode (no data in it): hide Streamlit's chrome, enlarge type.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; max-width: 100% !important; }
[data-testid="stMain"] p, [data-testid="stMain"] label, [data-testid="stMain"] button { font-size: 1.5rem !important; }
</style>
"""


def _presentation_chrome() -> None:
    st.html(PRESENTATION_CSS)
    st.button("Exit presentation", icon=":material/close:", on_click=_set_presenting, args=(False,),
              shortcut="Esc", key="present.exit", type="tertiary")


# --- analyst pages (Compare, Explore) -------------------------------------------------------------------

def shared_states() -> list[str]:
    """The shared state filter as last set on any page, also on a page that does not draw its picker."""
    value = st.session_state.get(f"_keep.{SHARED_STATES}", st.session_state.get(SHARED_STATES, []))
    return [s for s in (value or []) if s in STATE_CODES]


@st.cache_resource(show_spinner=False, max_entries=128)
def _comparison_chart(version: str, directory: str, kind: str, states: tuple[str, ...], arg: str) -> tuple[go.Figure, str]:
    """The small multiples for one comparison, built once per data version and selection."""
    data = datasets()
    if kind == "policy":
        history = explore.policy_history(data, states, explore.explore_years(data))
        return comparison_figures.policy_steps(
            history, arg, SCALES[arg], states, title=f"{maps.POLICY_LAYERS[arg].label} over time",
            source_line=explore.source_note(data, [arg], made="Chart"))
    if kind == "league":
        return comparison_figures.league_lines(
            explore.league_history(data, states), states, title="Known League districts over time",
            source_line=explore.source_note(data, [explore.LEAGUE_COLUMN], made="Chart"))
    layer = maps.CONNECTIVITY_LAYERS[arg]
    return comparison_figures.connectivity_points(
        explore.connectivity_history(data, states, arg), states, views.connectivity_years(data, arg),
        unit=layer.unit, title=f"{layer.label} by report year",
        source_line="Source: EducationSuperHighway State of the States and state releases. Chart: CBE Dash")


def comparison_chart(ds: Datasets, kind: str, states: Sequence[str], arg: str = "") -> tuple[go.Figure, str]:
    """Small multiples over time for some states ("policy" with a rubric, "league", "connectivity" with a
    metric), with a caption naming states without data."""
    return _comparison_chart(ds.version, str(ds.data_dir), kind, tuple(states), arg)


@st.cache_resource(show_spinner=False, max_entries=64)
def _indicator_chart(version: str, directory: str, year: int, states: tuple[str, ...], x: str, y: str
                     ) -> tuple[go.Figure, str]:
    data = datasets()
    table = view(data, "cross_table", year)
    table = table[table["state"].isin(states)].reset_index(drop=True)
    indicators = explore.indicators(data)
    title = f"{indicators[y].label} vs {indicators[x].label}, {year}"
    return comparison_figures.indicator_chart(table, indicators[x], indicators[y], title=title,
                                              source_line=explore.source_note(data, [x, y], made="Chart"))


def indicator_chart(ds: Datasets, year: int, states: Sequence[str], x: str, y: str) -> tuple[go.Figure, str]:
    """Any two cross-table indicators against each other for the given states (cached per selection)."""
    return _indicator_chart(ds.version, str(ds.data_dir), year, tuple(states), x, y)
