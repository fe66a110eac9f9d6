"""Explore: all 51 states for one year, every indicator a column; filter, chart any two, download."""
import streamlit as st

from cbe_dash import chart_preload

with chart_preload.while_loading():  # the browser loads plotly.js meanwhile
    from cbe_dash import comparison_figures, explore, ui, urlstate, views
    from cbe_dash.palette import NO_DATA, SCALES

PAGE = "explore"
POLICY_FILTERS = {"credit": "credit_policy", "diploma": "diploma_policy", "snapshot": "snapshot_category"}

ds = ui.page("Explore all data", needs=explore.NEEDS)
years = explore.explore_years(ds)
meta = explore.indicators(ds)
threshold_options = ["none", *explore.THRESHOLDS]
specs = [
    urlstate.choice("year", years, years[-1]),
    urlstate.Param("region", meta["region"].categories, (), many=True),
    urlstate.Param("division", meta["division"].categories, (), many=True),
    *(urlstate.Param(name, (*SCALES[fld].categories, NO_DATA), (), many=True) for name, fld in POLICY_FILTERS.items()),
    urlstate.choice("league", explore.LEAGUE_PRESENCE, "any"),
    urlstate.choice("threshold", threshold_options, "none"),
    urlstate.choice("x", meta, explore.DEFAULT_X),
    urlstate.choice("y", meta, explore.DEFAULT_Y),
    urlstate.states(),
]
notices = ui.bind_url(PAGE, specs)


def key(name: str) -> dict[str, object]:
    return ui.bound(name)


st.title("Explore all data")
ui.show_notices(notices)
st.caption("One row per state (50 states and DC) for the chosen year, every indicator a column. "
           "Policy is the status at the end of the year, League districts are those known to have joined by "
           "that fall, connectivity is the latest State of the States edition up to the year that published the "
           "state (edition in its own column).")
year = ui.year_control(PAGE, years, play=False)

with st.container(border=True):
    st.markdown("**Filters**")
    c1, c2, c3 = st.columns(3)
    regions = c1.multiselect("Census region", options=list(meta["region"].categories), **key("region"))
    divisions = c2.multiselect("Census division", options=list(meta["division"].categories), **key("division"))
    with c3:
        # Re-assert the shared value: set on another page, the browser would otherwise show this widget's
        # old selection while the table already uses the new one.
        ui.set_value(ui.SHARED_STATES, ui.shared_states())
        states = ui.state_picker("States (shared with the other pages)")
    p1, p2, p3 = st.columns(3)
    policy = {}
    for column, (name, fld) in zip((p1, p2, p3), POLICY_FILTERS.items()):
        policy[fld] = column.multiselect(meta[fld].label, options=[*SCALES[fld].categories, NO_DATA],
                                         help="Choose 'No data' to keep states whose status is unknown.",
                                         **key(name))
    l1, l2 = st.columns([3, 4])  # room for the three League choices on one line at 1280 px, and the longest threshold
    league = l1.segmented_control("League presence", options=list(explore.LEAGUE_PRESENCE),
                                  format_func=explore.LEAGUE_PRESENCE_LABELS.get,
                                  **ui.kept(ui.widget_key(PAGE, "league"), "any")) or "any"
    threshold = l2.selectbox("Connectivity threshold", options=threshold_options,
                             format_func=lambda k: "None" if k == "none" else explore.THRESHOLDS[k].label(),
                             help="A state with no published value never passes a threshold; the summary "
                                  "counts those states.",
                             **ui.kept(ui.widget_key(PAGE, "threshold"), "none"))

filters = explore.Filters(
    regions=tuple(regions), divisions=tuple(divisions), league=league, states=tuple(states),
    threshold=explore.THRESHOLDS.get(threshold), **{fld: tuple(v) for fld, v in policy.items()},
)
total = ui.view(ds, "cross_table", year)
filtered = explore.apply_filters(total, filters)
shown = explore.shown_table(filtered)

st.header(f"{year}: {len(shown)} of {len(total)} states")
st.text(explore.summary(filtered, total, filters))
if filters.snapshot_category and year > views.last_snapshot_edition(ds):
    st.caption(f"The Snapshot map series ended with its {views.last_snapshot_edition(ds)} edition: no state has a "
               "Snapshot category after it. Choose an earlier year, or filter on CBE credit policy instead.")
if 2 <= len(filtered) <= comparison_figures.MAX_STATES and st.button(
        f"Compare these {len(filtered)} states side by side", icon=":material/compare:", key=f"{PAGE}.compare"):
    # The year goes with the user (it is bound to ?year=, which only the slider may write).
    st.switch_page("pages/5_Compare.py", query_params={"states": ",".join(filtered["state"])})

number = st.column_config.NumberColumn
text = st.column_config.TextColumn
st.dataframe(shown, hide_index=True, width="stretch", key=f"{PAGE}.table", column_config={
    "state": text("Code", pinned=True), "name": text("State", pinned=True),
    "region": "Region", "division": "Division",
    **{fld: meta[fld].label for fld in POLICY_FILTERS.values()},
    "league_districts": number("Known League districts", format="%d"),
    "iln_member": text("ILN role (latest dated list)"), "iln_member_as_of": "ILN list date",
    "pct_districts_meeting_100kbps": number("Districts meeting 100 kbps (%)", format="%.1f"),
    "pct_districts_meeting_100kbps_qualifier": "Districts: qualifier",
    "pct_districts_meeting_100kbps_year": number("Districts: edition", format="%d"),
    "pct_districts_meeting_100kbps_basis": "Districts: published in",
    "students_not_meeting_100kbps": number("Students not meeting 100 kbps", format="localized"),
    "students_not_meeting_100kbps_qualifier": "Students: qualifier",
    "students_not_meeting_100kbps_year": number("Students: edition", format="%d"),
    "students_not_meeting_100kbps_basis": "Students: published in",
    "pct_households_no_internet": number("Households without internet (%)", format="%.1f"),
    "pct_households_no_internet_period": "ACS period",
    "sources": text("Sources", width="large"),
})
st.text(explore.source_note(ds) + ". 'None' in a number column: not published up to this year (never 0); "
           "empty in the download. ILN: 'not on a dated list' means no dated list up to this year names the state "
           "(some lists are partial or undated), not that it was outside the network.")
data_bar = ui.data_out(ds, "cross", year, states=None if len(shown) == len(total) else list(shown["state"]))

st.header("Chart any two indicators")
options = list(meta)
x_col, y_col = st.columns(2)
x = x_col.selectbox("Horizontal axis", options=options, format_func=lambda k: meta[k].label,
                    **ui.kept(ui.widget_key(PAGE, "x"), explore.DEFAULT_X))
y = y_col.selectbox("Vertical axis", options=options, format_func=lambda k: meta[k].label,
                    **ui.kept(ui.widget_key(PAGE, "y"), explore.DEFAULT_Y))
if shown.empty:
    st.info("No state matches the filters, so there is nothing to chart.", icon=":material/filter_alt_off:")
else:
    fig, caption = ui.indicator_chart(ds, year, tuple(filtered["state"]), x, y)
    st.plotly_chart(fig, config=ui.PLOTLY_CONFIG, width="stretch", key=f"{PAGE}.chart")
    st.text(caption + " The chart shows the states in the table above.")
    if states:
        st.caption("The state filter is shared: it also applies on the other pages.")

ui.sync_url(PAGE, specs, {
    "year": year, "region": regions, "division": divisions, **{n: policy[f] for n, f in POLICY_FILTERS.items()},
    "league": league, "threshold": threshold, "x": x, "y": y, "states": states,
})
ui.share_panel(data_bar)
