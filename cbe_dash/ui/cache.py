"""Caches at the page boundary: data loaded and validated once per process, each view, frame and figure
built once per (data version, settings).

Everything the caches call is plain Python from the package; only the caching itself is Streamlit's.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cbe_dash import catalog, comparison_figures, explore, headlines, maps, takeaways, views
from cbe_dash.citation import today
from cbe_dash.data import Datasets, folder_signature, load_available, resolve_data_dir
from cbe_dash.export import with_source_links
from cbe_dash.figures import counts_trend
from cbe_dash.palette import SCALES
from cbe_dash.profile import state_facts, state_indicators
from cbe_dash.screen_sizes import SIZES, fit  # noqa: F401  (SIZES: the sizes map_figure accepts)
from cbe_dash.ui.device import on_phone
from cbe_dash.ui.state import presenting
from cbe_dash.year_parts import year_parts


# --- data -----------------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=8)
def _load(directory: str, signature: tuple[tuple[str, int, int], ...]) -> Datasets:
    return load_available(directory)


def datasets() -> Datasets:
    directory = resolve_data_dir()
    return _load(str(directory), folder_signature(directory))  # changes when any data file changes


# --- map frames and figures -----------------------------------------------------------------------------

_BUILDERS: dict[str, Callable[..., go.Figure]] = {
    "policy": maps.policy_figure,
    "league": maps.league_figure,
    "connectivity": maps.connectivity_figure,
}

_FRAMES: dict[str, Callable[..., pd.DataFrame]] = {
    "policy": maps.policy_frame,
    "league": maps.league_frame,
    "connectivity": maps.connectivity_frame,
}

@st.cache_data(show_spinner=False, max_entries=512)
def _frame(kind: str, version: str, directory: str, *args: object) -> pd.DataFrame:
    return _FRAMES[kind](datasets(), *args)


@st.cache_data(show_spinner=False, max_entries=256)
def _table(kind: str, version: str, directory: str, unit: str, *args: object) -> pd.DataFrame:
    return maps.map_table(_frame(kind, version, directory, *args), unit)


def map_table_frame(ds: Datasets, kind: str, unit: str, *args: object) -> pd.DataFrame:
    """A map's frame as analysts read it (maps.map_table), computed once per settings."""
    return _table(kind, ds.version, str(ds.data_dir), unit, *args)


def map_frame(ds: Datasets, kind: str, *args: object) -> pd.DataFrame:
    """One row per state behind a map (category, value text, source), computed once per settings."""
    return _frame(kind, ds.version, str(ds.data_dir), *args)


@st.cache_resource(show_spinner=False, max_entries=512)
def _figure(kind: str, size: str, version: str, directory: str, accessed: str, *args: object) -> go.Figure:
    *settings, view = args  # the map frame's settings, then "map" or "tiles"
    fig = _BUILDERS[kind](datasets(), *settings, view, frame=_frame(kind, version, directory, *settings))
    return fit(fig, size)


def map_figure(ds: Datasets, kind: str, *args: object, size: str | None = None) -> go.Figure:
    """The figure for a map page's settings (those of its map frame, then the view), built once per data
    version, settings and display size (see screen_sizes.SIZES; by default the page's, or the presentation
    or phone size), from the cached map frame."""
    size = size or _display_size()
    # `accessed` keys the cache by day: the figure's credit line carries the access date.
    return _figure(kind, size, ds.version, str(ds.data_dir), today().isoformat(), *args)


@st.cache_resource(show_spinner=False, max_entries=64)
def _years_json(kind: str, size: str, version: str, directory: str, accessed: str,
                settings: tuple[tuple[int, tuple[object, ...]], ...]) -> str:
    parts = {str(year): year_parts(_figure(kind, size, version, directory, accessed, *args))
             for year, args in settings}
    return json.dumps(parts, separators=(",", ":"))


def map_years_json(ds: Datasets, kind: str, years: Sequence[int],
                   settings_for: Callable[[int], tuple[object, ...]]) -> str:
    """Every year's map parts (cbe_dash.year_parts; `settings_for(y)` as map_figure's settings, the view
    last) as one JSON object by year, built once per map and display size: a whole-page rerun then costs
    one cache lookup and sends a string already encoded."""
    settings = tuple((year, tuple(settings_for(year))) for year in years)
    return _years_json(kind, _display_size(), ds.version, str(ds.data_dir), today().isoformat(), settings)


def _display_size() -> str:
    """The map size this page shows (see screen_sizes.SIZES)."""
    return "present" if presenting() else "phone" if on_phone() else "page"


def small_map(ds: Datasets, kind: str, *args: object) -> go.Figure:
    """A map sized for the home page's small multiples."""
    return map_figure(ds, kind, *args, size="small")


# --- views ----------------------------------------------------------------------------------------------

#: Views pages use on every rerun; cached here so moving a slider back and forth recomputes nothing. A
#: takeaway reads the map's cached frame rather than building its own.
_VIEWS: dict[str, Callable[..., object]] = {
    "headline": headlines.sentence,
    "home_map_args": headlines.home_map_args,
    "league_districts_linked":
        lambda ds, states: with_source_links(ds, views.league_districts(ds, states)),
    "state_indicators": state_indicators,
    "state_facts": state_facts,
    "source_label": views.source_label,
    "league_2016_evidence": views.league_2016_evidence,
    "policy_changes": views.policy_changes,
    "league_members_by": views.league_members_by,
    "cross_table": explore.cross_table,
    "policy_transitions": views.policy_transitions,
    "best_connectivity_year": maps.best_connectivity_year,
    "league_coverage": maps.league_coverage,
    "league_is_thin": maps.league_is_thin,
    "league_total": views.league_total,
    "takeaway.policy": lambda ds, *args: takeaways.policy(ds, *args, frame=map_frame(ds, "policy", *args)),
    "takeaway.league": lambda ds, *args: takeaways.league(ds, *args, frame=map_frame(ds, "league", *args)),
    "takeaway.connectivity":
        lambda ds, *args: takeaways.connectivity(ds, *args, frame=map_frame(ds, "connectivity", *args)),
    # The About page's tables: built from the descriptor and sources.csv, the same on every rerun.
    "dataset_summary": catalog.dataset_summary,
    "all_fields": lambda ds: catalog.all_fields(ds.package),
    "sources_for": lambda ds, ids: views.sources_for(ds, pd.Series(ids, dtype=object)),
}


@st.cache_data(show_spinner=False, max_entries=512)
def _view(name: str, version: str, directory: str, *args: object) -> object:
    return _VIEWS[name](datasets(), *args)


def view(ds: Datasets, name: str, *args: object) -> Any:
    """A cached view by name (see _VIEWS): a fresh copy each call, so callers may change it."""
    return _view(name, ds.version, str(ds.data_dir), *args)


# --- charts ---------------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=4)
def _trend(version: str, directory: str) -> go.Figure:
    ds = datasets()
    return counts_trend(views.snapshot_counts(ds), SCALES["snapshot_category"],
                        "Snapshot map: states per category",
                        "Source: Aurora Institute (iNACOL) Snapshot map editions. Chart: CBE Dash")


def cached_trend(ds: Datasets) -> go.Figure:
    return _trend(ds.version, str(ds.data_dir))


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
