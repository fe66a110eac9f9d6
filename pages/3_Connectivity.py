"""Connectivity gaps: which states' schools still lacked the bandwidth digital learning needs."""
import streamlit as st

from cbe_dash import maps, ui, urlstate

PAGE = "connectivity"
ds = ui.page("Connectivity gaps", needs=("connectivity", "connectivity_national", "home_internet", "tile_grid"))
metrics = list(maps.CONNECTIVITY_LAYERS)
specs = [urlstate.choice("metric", metrics, metrics[0]), urlstate.choice("view", maps.VIEWS, "map"),
         urlstate.choice("year", sorted({y for m in metrics for y in maps.connectivity_years(ds, m)}))]
notices = ui.bind_url(PAGE, specs)

st.title("School connectivity gaps")
ui.show_notices(notices)
metric = st.selectbox("Measure", options=metrics, format_func=lambda k: maps.CONNECTIVITY_LAYERS[k].label,
                      **ui.kept(ui.widget_key(PAGE, "metric"), metrics[0]))
years = maps.connectivity_years(ds, metric)
year = ui.year_control(PAGE, years, default=years[0], play=False)
view = ui.view_toggle()
layer = maps.CONNECTIVITY_LAYERS[metric]

map_col, side_col = st.columns([3, 1])
with map_col:
    fig = ui.map_figure(ds, "connectivity", metric, year, view)
    clicked = ui.show_map(fig, key=f"{PAGE}.map", alt=f"{layer.label} by state, {year}")
with side_col:
    ui.national_headline(ds, metric, year)

frame = maps.connectivity_frame(ds, metric, year)
published = int(frame["category"].notna().sum())
st.caption(f"{published} of 51 states have a published value for this measure and year; the rest are shown as "
           "\"No data\" (not published), never as zero. Editions changed definitions: compare years with care.")
if clicked:
    ui.state_detail(ds, clicked)

with st.expander("Data table for this map", icon=":material/table:"):
    ui.map_table(ds, "connectivity", metric, year)

ui.sync_url(PAGE, specs, {"metric": metric, "year": year, "view": view})
