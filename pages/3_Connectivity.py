"""Connectivity gaps: which states' schools still lacked the bandwidth digital learning needs."""
import streamlit as st

from cbe_dash import chart_preload

with chart_preload.while_loading():  # the browser loads plotly.js meanwhile
    from cbe_dash import maps, ui, urlstate

PAGE = "connectivity"
ds = ui.page("Connectivity gaps", needs=("connectivity", "connectivity_national", "home_internet", "tile_grid"))
metrics = list(maps.CONNECTIVITY_LAYERS)
all_years = sorted({y for m in metrics for y in maps.connectivity_years(ds, m)})
specs = [urlstate.choice("metric", metrics, metrics[0]), urlstate.choice("view", maps.VIEWS, "map"),
         urlstate.choice("year", all_years)]
notices = ui.bind_url(PAGE, specs)
presenting = ui.presenting()
metric_key = ui.widget_key(PAGE, "metric")

if not presenting:
    st.title("School connectivity gaps")
    ui.show_notices(notices)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox("Measure", options=metrics, format_func=lambda k: maps.CONNECTIVITY_LAYERS[k].label,
                     width=460, **ui.kept(metric_key, metrics[0]))
        view = ui.view_toggle()
else:
    view = ui.current_view()
metric = st.session_state.get(metric_key) or metrics[0]
years = maps.connectivity_years(ds, metric)
layer = maps.CONNECTIVITY_LAYERS[metric]


def map_by_year() -> None:
    """The map, its timeline and everything that changes with the year."""
    map_slot = st.container()
    year = ui.year_control(PAGE, years, default=ui.view(ds, 'best_connectivity_year', metric), play=False)
    with map_slot:
        fig = ui.map_figure(ds, "connectivity", metric, year, view)
        clicked = ui.show_map(fig, key=f"{PAGE}.map", alt=f"{layer.label} by state, {year}",
                              filename=f"cbe-dash-{metric}-{year}")
    frame = ui.map_frame(ds, "connectivity", metric, year)
    st.markdown(f"**{ui.plain(ui.view(ds, 'takeaway.connectivity', metric, year))}**")
    if not presenting:
        ui.coverage_notice(frame, "map")
        data_bar = ui.data_out(ds, "connectivity", metric, year)
        headline_col, note_col = st.columns([1, 1])
        with headline_col:
            ui.national_headline(ds, metric, year)
        with note_col:
            published = int(frame["category"].notna().sum())
            st.caption(f"{published} of 51 states have a published value for this measure and year; the rest are "
                       "shown as \"No data\" (not published), never as zero. Editions changed definitions and "
                       "samples: compare years with care: after 2015 most state figures come from states' own or "
                       "news releases (ringed on the map), not a national table. The 1 Mbps (Connect K-12) and "
                       "home-internet (ACS) measures are different goals.")
            ui.image_format_picker()
        if clicked:
            ui.state_detail(ds, clicked)
        with ui.lazy_expander("Data table for this map", icon=":material/table:", key=f"{PAGE}.table") as is_open:
            if is_open:
                ui.map_table(ds, "connectivity", metric, year)
    ui.sync_url(PAGE, specs, {"metric": metric, "year": year, "view": view})
    if not presenting:
        ui.share_panel(data_bar, embed=True, title=f"{layer.label}, {year} (CBE Dash)")


ui.by_year(PAGE, map_by_year)
# Last: the first map goes out before every year's parts.
ui.instant_years(ds, PAGE, "connectivity", years, lambda y: (metric, y, view))
