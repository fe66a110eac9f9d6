"""Policy: where each state stands on CBE credit, mastery-based diplomas and the Snapshot map."""
import streamlit as st

from cbe_dash import chart_preload

with chart_preload.while_loading():  # the browser loads plotly.js meanwhile
    from cbe_dash import maps, ui, urlstate, views

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
presenting = ui.presenting()
layer_key = ui.widget_key(PAGE, "layer")

if not presenting:
    st.title("State CBE policy")
    ui.show_notices(notices)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.segmented_control("Layer", options=list(maps.POLICY_LAYERS),
                             format_func=lambda k: maps.POLICY_LAYERS[k].label, **ui.kept(layer_key, "credit_policy"))
        view = ui.view_toggle()
else:
    view = ui.current_view()
layer = st.session_state.get(layer_key) or "credit_policy"
layer_info = maps.POLICY_LAYERS[layer]


def map_by_year() -> None:
    """The map, its timeline and everything that changes with the year."""
    map_slot = st.container()
    year = ui.year_control(PAGE, years)
    with map_slot:
        if layer == "snapshot_category":  # known for a handful of states: the national counts come first
            clicked = ui.snapshot_primary(ds, year, view, key=f"{PAGE}.map")
        else:
            fig = ui.map_figure(ds, "policy", layer, year, view)
            clicked = ui.show_map(fig, key=f"{PAGE}.map", alt=f"{layer_info.label} by state, {year}",
                                  filename=f"cbe-dash-{layer}-{year}")
    frame = ui.map_frame(ds, "policy", layer, year)
    st.markdown(f"**{ui.plain(ui.view(ds, 'takeaway.policy', layer, year))}**")
    since = st.session_state.get("since", years[0])
    if not presenting:
        if layer != "snapshot_category":
            ui.coverage_notice(frame, "map")
        data_bar = ui.data_out(ds, "policy", layer, year)
        if clicked:
            ui.state_detail(ds, clicked)
        with ui.lazy_expander("What changed between two years", icon=":material/compare_arrows:",
                              key=f"{PAGE}.changes", open_with=["since"]) as is_open:
            if is_open:
                since = st.select_slider("Compare with", options=years, value=years[0], **ui.bound("since"))
                ui.policy_changes_panel(ds, layer, since, year)
        with ui.lazy_expander("Data table for this map", icon=":material/table:", key=f"{PAGE}.table") as is_open:
            if is_open:
                ui.map_table(ds, "policy", layer, year)
    ui.sync_url(PAGE, specs, {"layer": layer, "year": year, "view": view, "since": since})
    if not presenting:
        ui.share_panel(data_bar, embed=True, title=f"{layer_info.label}, {year} (CBE Dash)")


ui.by_year(PAGE, map_by_year)

if not presenting:
    trend_col, note_col = st.columns([2, 1])
    with trend_col:
        if layer != "snapshot_category":  # that layer already leads with these counts
            st.plotly_chart(ui.cached_trend(ds), config=ui.chart_config("cbe-dash-snapshot-counts"),
                            width="stretch", key=f"{PAGE}.trend")
    with note_col:
        st.caption("Snapshot counts: published counts of the 50 states per map edition; DC is counted apart. "
                   "The series ended with the 2020 update.")
        st.caption("Rule: a state's status in a year is its latest sourced event up to that year; before its first "
                   "event it is unknown (No data). Exit exams count as no mastery-based diploma. A ringed state's "
                   "status is known only as of a source's date: it may be older than the year it appears.")
        ui.image_format_picker()

if layer != "snapshot_category":  # last: the first map goes out before every year's parts
    ui.instant_years(ds, PAGE, "policy", years, lambda y: (layer, y, view))
