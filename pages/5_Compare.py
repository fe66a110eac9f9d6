"""Compare: 2 to 6 states side by side on the same indicators, with small charts over time."""
import streamlit as st

from cbe_dash import chart_preload

with chart_preload.while_loading():  # the browser loads plotly.js meanwhile
    from cbe_dash import comparison_figures, explore, ui, urlstate, views
    from cbe_dash.maps import CONNECTIVITY_LAYERS, POLICY_LAYERS
    from cbe_dash.states import STATE_CODES, state_name

PAGE = "compare"
MAX = comparison_figures.MAX_STATES
ds = ui.page("Compare states", needs=(*explore.NEEDS, "league_totals"))
years = explore.explore_years(ds)
metrics = explore.connectivity_metrics(ds)
specs = [
    urlstate.states(max_items=MAX),
    urlstate.choice("year", years, years[-1]),
    urlstate.choice("metric", metrics, metrics[0] if metrics else None),
]
notices = ui.bind_url(PAGE, specs)
STATES_KEY = ui.widget_key(PAGE, "states")


def share_selection() -> None:
    """A selection made here becomes the shared state filter of every page."""
    ui.set_value(ui.SHARED_STATES, list(st.session_state[STATES_KEY]))


def try_example() -> None:
    ui.set_value(ui.SHARED_STATES, ["KY", "NH"])


st.title("Compare states")
ui.show_notices(notices)
shared = ui.shared_states()
if len(shared) > MAX:
    ui.show_notices([f"The shared state filter holds {len(shared)} states; Compare shows the first {MAX}."])
ui.set_value(STATES_KEY, shared[:MAX])
chosen = st.multiselect(f"States to compare (2 to {MAX}; shared with the other pages)", options=list(STATE_CODES),
                        format_func=lambda c: f"{state_name(c)} ({c})", max_selections=MAX, key=STATES_KEY,
                        on_change=share_selection)
year_col, metric_col = st.columns([3, 2], vertical_alignment="bottom")
with year_col:
    year = ui.year_control(PAGE, years, play=False)
metric = metric_col.selectbox("Connectivity measure for the chart", options=metrics,
                              format_func=lambda m: CONNECTIVITY_LAYERS[m].label,
                              **ui.kept(ui.widget_key(PAGE, "metric"), metrics[0] if metrics else None))
ui.sync_url(PAGE, specs, {"states": chosen, "year": year, "metric": metric})

if len(chosen) < 2:
    st.info(f"Pick at least two states (up to {MAX}) to compare them.", icon=":material/compare:")
    st.button("Example: Kentucky and New Hampshire", on_click=try_example, icon=":material/lightbulb:",
              key=f"{PAGE}.example")
    st.stop()

names = [state_name(s) for s in chosen]
st.header("At a glance")
st.dataframe(explore.facts_table(ds, chosen), hide_index=True, width="stretch", key=f"{PAGE}.facts",
             column_config={"fact": "Fact"})
st.caption("Latest known status; 'unknown' and 'not published' are gaps in the sources, not zeros.")

st.header(f"Every indicator in {year}")
table = explore.compare_table(ds, ui.view(ds, "cross_table", year), chosen)
st.dataframe(table, hide_index=True, width="stretch", key=f"{PAGE}.compare",
             column_config={"indicator": st.column_config.TextColumn("Indicator", pinned=True)})
st.text(explore.source_note(ds) + ". Connectivity: the latest edition up to the year that published the state.")
ui.share_panel(ui.data_out(ds, "cross", year, states=chosen))

st.header("Over time")
selection = tuple(chosen)
policy_tabs = st.tabs([POLICY_LAYERS[f].label for f in views.POLICY_FIELDS])
for tab, fld in zip(policy_tabs, views.POLICY_FIELDS):
    with tab:
        fig, caption = ui.comparison_chart(ds, "policy", selection, fld)
        st.plotly_chart(fig, config=ui.PLOTLY_CONFIG, width="stretch", key=f"{PAGE}.policy.{fld}")
        st.text(caption)
fig, caption = ui.comparison_chart(ds, "league", selection, "")
st.plotly_chart(fig, config=ui.PLOTLY_CONFIG, width="stretch", key=f"{PAGE}.league")
st.text(caption)
if metric:
    fig, caption = ui.comparison_chart(ds, "connectivity", selection, metric)
    st.plotly_chart(fig, config=ui.PLOTLY_CONFIG, width="stretch", key=f"{PAGE}.connectivity")
    st.text(caption)

st.header("Sourced indicators, state by state")
for tab, state in zip(st.tabs(names), chosen):
    with tab:
        indicators = ui.view(ds, "state_indicators", state)
        if indicators.empty:
            st.info("No sourced indicator for this state.")
        else:
            ui.indicator_table(indicators, key=f"{PAGE}.indicators.{state}")
