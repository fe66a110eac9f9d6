"""Maps, detail panels, tables and notices: how a page shows what the views computed.

Data strings are shown in table cells or plain-text elements, never as Markdown or HTML.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cbe_dash import maps
from cbe_dash.data import Datasets
from cbe_dash.headlines import GAP_METRIC, national_value
from cbe_dash.palette import NO_DATA
from cbe_dash.states import STATE_CODES, state_name
from cbe_dash.ui.cache import map_frame, view
from cbe_dash.ui.controls import chart_config
from cbe_dash.views import sources_for

LINK_COLUMN = st.column_config.LinkColumn("Link", display_text="open source")


def problems_panel(ds: Datasets, resources: Sequence[str]) -> None:
    """Which files failed their checks and every problem in them, by file name (no server paths)."""
    files = ", ".join(ds.package.resource(r).path for r in resources)
    st.error(f"This view needs data that did not pass its checks ({files}). The other pages still work.",
             icon=":material/error:")
    problems = [str(p) for r in resources for p in ds.problems_for(r)]
    st.code("\n".join(problems[:200]) + ("\n..." if len(problems) > 200 else ""), language=None, wrap_lines=True)
    st.caption("Fix the files in the data folder and reload; `python -m cbe_dash validate` lists the same problems.")


def show_notices(notices: Sequence[str]) -> None:
    for notice in notices:
        st.caption(f":material/info: {notice}")


def show_map(fig: go.Figure, key: str, alt: str, filename: str = "cbe-dash-map") -> str | None:
    """Draw a map; returns the USPS code of a clicked state, if any."""
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points",
                            config=chart_config(filename), width="stretch", height="stretch", alt=alt)
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


def map_table(ds: Datasets, kind: str, *args: object) -> None:
    """The map's numbers as an accessible table, one row per state (what the colours encode, in words)."""
    frame = map_frame(ds, kind, *args)
    frame.insert(1, "name", frame["state"].map(state_name))
    frame["category"] = frame["category"].fillna(NO_DATA)
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"category": "Category", "detail": "Value", "source": "Source", "name": "State name"})


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
    st.text(f"Source: {view(ds, 'source_label', row['source_id'])}")


def _unit_text(unit: str) -> str:
    return {"percent": "%", "USD per Mbps per month": "USD per Mbps per month"}.get(unit, unit)
