"""Downloads and citations: the files an analyst takes away, built on click, clean and formula-safe.

Each view gets one compact bar: "Download" (the displayed data and the full data, each as CSV or as a zip
with metadata.json, README.txt and the sources used) and "Cite" (the suggested citation, producers first).
The bar leaves a slot for the share panel (ui.sharing), filled at the end of the page when the URL is final.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cbe_dash import view_data
from cbe_dash.citation import citation, short_citation, source_ids_in, today
from cbe_dash.data import DatasetUnavailable, Datasets
from cbe_dash.download_package import table_zip
from cbe_dash.export import table_csv, with_source_urls
from cbe_dash.site.standalone import interactive_map_html
from cbe_dash.ui.cache import datasets, view
from cbe_dash.ui.lazy import lazy_popover
from cbe_dash.ui.state import presenting
from cbe_dash.view_data import ViewTable

_HOW = ("CSV: the header is the first line; every row's source_id joins to sources.csv (source_url is its "
        "address). The zip adds metadata.json (columns, types, units, definitions, sources, version, "
        "citation), a README and the sources used.")


def download_table(frame: pd.DataFrame, *, title: str, file_name: str, ds: Datasets, key: str) -> None:
    """Download exactly the shown table as clean CSV (header first, source URLs beside source ids)."""
    st.download_button("Download CSV", data=lambda: table_csv(with_source_urls(ds, frame)), file_name=file_name,
                       mime="text/csv", icon=":material/download:", key=key, on_click="ignore",
                       help=f"{title}: the table as shown, one header line, source ids and URLs on every row")


@st.cache_data(show_spinner=False, max_entries=256)
def _displayed(kind: str, version: str, directory: str, args: tuple[object, ...]) -> ViewTable:
    ds = datasets()
    if kind == "cross":
        return view_data.cross(ds, *args, table=view(ds, "cross_table", *args))
    return view_data.displayed(ds, kind, *args)


@st.cache_data(show_spinner=False, max_entries=32)
def _full(kind: str, version: str, directory: str, args: tuple[object, ...]) -> ViewTable | None:
    ds = datasets()
    if kind == "cross":
        return view_data.cross_full(ds, table_for=lambda year: view(ds, "cross_table", year))
    return view_data.full(ds, kind, *args)


@st.cache_data(show_spinner=False, max_entries=256)
def _citation(kind: str, version: str, directory: str, args: tuple[object, ...], states: tuple[str, ...] | None,
              accessed: str, *, full: bool) -> str:
    """The full (Cite popover) or short (under the bar) citation of the displayed data."""
    table = displayed_table(datasets(), kind, *args, states=states)
    ids = source_ids_in(table.frame)
    return citation(datasets(), ids, title=table.title) if full else short_citation(datasets(), ids)


@st.cache_data(show_spinner=False, max_entries=256)
def _label(kind: str, version: str, directory: str, args: tuple[object, ...], states: tuple[str, ...] | None
           ) -> tuple[str, str]:
    """(file stem, title) of the displayed data: all a rerun needs to draw the bar; tables wait for a click."""
    table = displayed_table(datasets(), kind, *args, states=states)
    return table.name, table.title


#: Map views whose timeline can be saved as one offline HTML file; their last setting is the year.
MAP_KINDS = ("policy", "league", "connectivity")


@st.cache_data(show_spinner=False, max_entries=16)
def _interactive_map(kind: str, version: str, directory: str, settings: tuple[str, ...]) -> str:
    return interactive_map_html(datasets(), kind, *settings)


def _interactive_map_button(ds: Datasets, kind: str, settings: tuple[str, ...], key: str) -> None:
    """The whole timeline of this map as one self-contained HTML file (plotly.js inline): a presenter's
    copy that opens in any browser with no Python and no network."""
    st.markdown("**Interactive map**")
    st.text("Every year of this map in one HTML file: opens offline in any browser, with Play and map/tiles")
    name = "-".join(("cbe-dash", kind, *settings, "interactive"))
    st.download_button("Interactive map (HTML)", data=lambda: _interactive_map(kind, ds.version, str(ds.data_dir), settings),
                       file_name=f"{name}.html", mime="text/html", icon=":material/map:", key=f"{key}.html",
                       on_click="ignore")


def displayed_table(ds: Datasets, kind: str, *args: object, states: Sequence[str] | None = None) -> ViewTable:
    """The view's displayed data (cached per data version and settings); `states` narrows a per-state table."""
    table = _displayed(kind, ds.version, str(ds.data_dir), tuple(args))
    return table if states is None else view_data.for_states(table, states)


def full_table(ds: Datasets, kind: str, *args: object) -> ViewTable | None:
    return _full(kind, ds.version, str(ds.data_dir), tuple(args))


def _buttons(label: str, name: str, make: Callable[[], ViewTable], ds: Datasets, key: str) -> None:
    """CSV and zip of one table; both built only when clicked."""
    left, right = st.columns(2)
    left.download_button(f"{label} (CSV)", data=lambda: table_csv(make().frame), file_name=f"{name}.csv",
                         mime="text/csv", icon=":material/download:", key=f"{key}.csv", on_click="ignore")
    right.download_button(f"{label} + metadata (zip)", data=lambda: table_zip(ds, make()), file_name=f"{name}.zip",
                          mime="application/zip", icon=":material/folder_zip:", key=f"{key}.zip", on_click="ignore")


def data_out(ds: Datasets, kind: str, *args: object, states: Sequence[str] | None = None,
             key: str | None = None) -> DeltaGenerator | None:
    """The Download and Cite bar of a view (see view_data.KINDS for each kind's settings); returns a slot
    for ui.share_panel. Nothing while presenting or when the view's data is unavailable."""
    if presenting():
        return None
    key = key or f"out.{kind}"
    chosen = tuple(states) if states is not None else None
    try:
        name, title = _label(kind, ds.version, str(ds.data_dir), tuple(args), chosen)
    except DatasetUnavailable:
        return None
    bar = st.container(horizontal=True, gap="small", vertical_alignment="center")
    with bar:
        with lazy_popover("Download", icon=":material/download:", key=f"{key}.popover") as is_open:
            if is_open:
                _download_menu(ds, kind, args, chosen, name, title, key)
        cite = (kind, ds.version, str(ds.data_dir), tuple(args), chosen, today().isoformat())
        short = _citation(*cite, full=False)
        with lazy_popover("Cite", icon=":material/format_quote:", key=f"{key}.cite") as is_open:
            if is_open:
                _cite_menu(_citation(*cite, full=True), short)
        slot = st.empty()
    st.text(short)  # plain text: publisher names are data, never Markdown
    return slot


def _download_menu(ds: Datasets, kind: str, args: tuple[object, ...], chosen: tuple[str, ...] | None, name: str,
                   title: str, key: str) -> None:
    """What the Download popover holds (built only while it is open)."""
    st.markdown("**Displayed data**")
    st.text(title)
    _buttons("Displayed data", name, lambda: displayed_table(ds, kind, *args, states=chosen), ds,
             f"{key}.shown")
    full_name = view_data.full_name(kind, *args)
    if full_name:
        st.markdown("**Full data**")
        st.text("Every state and year of this dataset")
        _buttons("Full data", full_name, lambda: full_table(ds, kind, *args), ds, f"{key}.full")
    if kind in MAP_KINDS:
        _interactive_map_button(ds, kind, tuple(str(a) for a in args[:-1]), key)
    st.caption(_HOW)


def _cite_menu(text: str, short: str) -> None:
    st.markdown("**How to cite this view**")
    st.code(text, language=None, wrap_lines=True)
    st.caption("Credit the original producers first: the numbers are theirs; CBE Dash compiled them. "
               "The access date is today's. Short form (as in the figures):")
    st.code(short, language=None, wrap_lines=True)
