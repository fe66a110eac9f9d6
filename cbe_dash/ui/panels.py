"""Maps, detail panels, tables and notices: how a page shows what the views computed.

Data strings are shown in table cells or plain-text elements, never as Markdown or HTML.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cbe_dash import maps, snapshot
from cbe_dash.data import Datasets
from cbe_dash.export import with_source_links
from cbe_dash.headlines import GAP_METRIC, national_value
from cbe_dash.palette import NO_DATA
from cbe_dash.plaintext import escape_markdown
from cbe_dash.states import STATE_CODES, state_name
from cbe_dash.ui.cache import map_figure, map_table_frame, view
from cbe_dash.ui.controls import chart_config
from cbe_dash.ui.lazy import lazy_expander
from cbe_dash.views import CHANGED, FIRST_DOCUMENTED, NO_LONGER_DOCUMENTED

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


#: How a map table's value column is formatted, by the layer's unit (numbers stay numbers, so they sort).
_VALUE_FORMATS = {"%": "%.1f%%", "USD": "dollar", "districts": "%d"}


def map_table(ds: Datasets, kind: str, *args: object) -> None:
    """The map's numbers as an accessible table, one row per state (what the colours encode, in words):
    values are numbers with their unit (sortable), a missing value reads "No data", never None."""
    unit = {"league": maps.LEAGUE_LAYER.unit, "connectivity": maps.CONNECTIVITY_LAYERS[str(args[0])].unit
            if kind == "connectivity" else ""}.get(kind, "")
    table = map_table_frame(ds, kind, unit, *args)
    value = next((c for c in table.columns if c.startswith("Value")), None)
    fmt = next((f for prefix, f in _VALUE_FORMATS.items() if unit.startswith(prefix)), "localized")
    config = {value: st.column_config.NumberColumn(value, format=fmt)} if value else {}
    st.dataframe(table, hide_index=True, width="stretch", placeholder=NO_DATA, column_config=config)


def coverage_notice(frame: pd.DataFrame, what: str) -> None:
    """A prominent warning when a map knows fewer than half of the 51 (a thin layer is never a default)."""
    if maps.is_thin(frame):
        st.warning(f"{maps.coverage_line(frame)}. This {what} shows only the states a source happens to name; "
                   "grey states are unknown, not zero or none.", icon=":material/warning:")


def league_coverage_notice(ds: Datasets, year: int) -> None:
    """A prominent warning when sources name fewer than half of the districts the League counted that year."""
    if view(ds, "league_is_thin", year):
        st.warning(f"Thin coverage: {view(ds, 'league_coverage', year)}. The map shows only where the districts a "
                   "source names are, not the whole League.", icon=":material/warning:")


def policy_changes_panel(ds: Datasets, field: str, since: int, year: int) -> None:
    """What changed between two years: only moves between two known statuses count as changes; states
    that became known meanwhile are listed apart as "first documented"."""
    label = maps.POLICY_LAYERS[field].label
    moves = with_source_links(ds, view(ds, "policy_transitions", field, since, year))  # linked once, then split
    changed = moves[moves["kind"] == CHANGED]
    first = moves[moves["kind"] == FIRST_DOCUMENTED]
    ended = moves[moves["kind"] == NO_LONGER_DOCUMENTED]
    st.write(f"{len(changed)} states moved from one known {label} status to another between {since} and {year}. "
             f"{len(first)} more were first documented (no known status in {since}): a source appeared, which "
             "does not show the policy changed.")
    columns = {"name": "State", "state": "Code", "before": f"Status in {since}", "after": f"Status in {year}",
               "evidence": "Dated by", "source": "Source", "url": LINK_COLUMN}
    shown = ["name", "state", "before", "after", "evidence", "source", "url"]
    if not changed.empty:
        st.markdown("**Changed status**")
        st.dataframe(changed[[c for c in shown if c in changed]], hide_index=True, width="stretch",
                     placeholder=NO_DATA, column_config=columns)
    if not first.empty:
        st.markdown("**First documented** (unknown before; not counted as a change)")
        st.dataframe(first[[c for c in shown if c in first and c != "before"]], hide_index=True,
                     width="stretch", placeholder=NO_DATA, column_config=columns)
    if not ended.empty:
        st.caption(f"{len(ended)} states known in {since} have no known status in {year} "
                   "(for the Snapshot layer: the series ended in 2020).")


def snapshot_primary(ds: Datasets, year: int, view: str, key: str) -> str | None:
    """The Snapshot layer: the published national counts by edition first, then the few states a source
    names, on a map in an expander (a map of five states and 46 greys is not the finding)."""
    st.plotly_chart(snapshot.snapshot_figure(ds, year), config=chart_config(f"cbe-dash-snapshot-counts-{year}"),
                    width="stretch", key=f"{key}.counts")
    with lazy_expander("Map of the states a source names", icon=":material/map:", key=f"{key}.named") as is_open:
        if not is_open:
            return None
        fig = map_figure(ds, "policy", "snapshot_category", year, view)
        return show_map(fig, key=key, alt=f"Snapshot category by state, {year}",
                        filename=f"cbe-dash-snapshot_category-{year}")


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
    table = view(ds, "sources_for", tuple(source_ids.dropna()))
    shown = [c for c in ("title", "publisher", "kind", "host", "published", "url") if c in table.columns]
    st.dataframe(table[shown], key=key, hide_index=True, width="stretch", column_config={
        "title": "Title", "publisher": "Publisher (original producer)", "published": "Published",
        "kind": st.column_config.TextColumn("Kind", help="primary: the publisher's own document or the law's "
                                            "official text; secondary: reporting about it; copy: a third "
                                            "party's copy of a primary document"),
        "host": st.column_config.TextColumn("Copy hosted at", help="For a copy: the site that hosts it"),
        "url": LINK_COLUMN})


def league_table(shown: pd.DataFrame) -> None:
    """The district list with its sources linked (view "league_districts_linked")."""
    columns = [c for c in ["district", "state", "state_name", "cohort_year", "status", "spell",
                           "verification", "member_2016_17", "city", "note", "source", "url"] if c in shown.columns]
    st.dataframe(shown[columns], hide_index=True, width="stretch", placeholder=NO_DATA, column_config={
        "cohort_year": st.column_config.NumberColumn("Joined (fall)", format="%d"),
        "state_name": "State", "district": "District", "state": "Code", "status": "Status", "spell": "Spell",
        "verification": "Verification", "city": "City", "note": "Note", "source": "Source",
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
    st.metric(label, escape_markdown(maps.value_text(row["value"], row["qualifier"], _unit_text(str(row["unit"])))))
    st.text(f"Source: {view(ds, 'source_label', row['source_id'])}")


def _unit_text(unit: str) -> str:
    return {"percent": "%", "USD per Mbps per month": "USD per Mbps per month"}.get(unit, unit)
