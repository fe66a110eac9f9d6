"""Policy: where each state stands on CBE credit, mastery-based diplomas and the Snapshot map."""
import streamlit as st

from cbe_dash import maps, ui, urlstate, views
from cbe_dash.figures import counts_trend
from cbe_dash.palette import SCALES

PAGE = "policy"
ds = ui.page("Policy", needs=("state_policy", "policy_counts", "tile_grid"))
years = views.policy_years(ds)
specs = [
    urlstate.choice("layer", maps.POLICY_LAYERS, "credit_policy"),
    urlstate.choice("year", years, years[-1]),
    urlstate.choice("view", maps.VIEWS, "map"),
    urlstate.choice("since", years, years[0]),
]
notices = ui.bind_url(PAGE, specs)

st.title("State CBE policy")
ui.show_notices(notices)
layer = st.segmented_control("Layer", options=list(maps.POLICY_LAYERS),
                             format_func=lambda k: maps.POLICY_LAYERS[k].label,
                             **ui.kept(ui.widget_key(PAGE, "layer"), "credit_policy")) or "credit_policy"
year = ui.year_control(PAGE, years)
view = ui.view_toggle()

map_col, side_col = st.columns([3, 1])
with map_col:
    fig = ui.map_figure(ds, "policy", layer, year, view)
    clicked = ui.show_map(fig, key=f"{PAGE}.map", alt=f"{maps.POLICY_LAYERS[layer].label} by state, {year}")
with side_col:
    st.plotly_chart(ui.cached_trend(ds), config=ui.PLOTLY_CONFIG, width="stretch", key=f"{PAGE}.trend")
    st.caption("Published counts of the 50 states per Snapshot edition; DC is counted apart. "
               "The series ended with the 2020 update.")

if clicked:
    ui.state_detail(ds, clicked)

with st.expander("What changed between two years", icon=":material/compare_arrows:"):
    since = st.select_slider("Compare with", options=years, **ui.kept(ui.widget_key(PAGE, "since"), years[0]))
    changes = views.policy_changes(ds, layer, since, year)
    st.write(f"{len(changes)} states changed on {maps.POLICY_LAYERS[layer].label.lower()} between {since} and {year}"
             " (a state whose status was unknown before counts as a change).")
    st.dataframe(changes, hide_index=True, width="stretch")

with st.expander("Data table for this map", icon=":material/table:"):
    ui.map_table(ds, "policy", layer, year)

ui.sync_url(PAGE, specs, {"layer": layer, "year": year, "view": view, "since": since})
ui.continue_playing(PAGE, years)
