"""League coverage: where the Digital Promise League of Innovative Schools districts are."""
import streamlit as st

from cbe_dash import maps, ui, urlstate, views
from cbe_dash.states import STATE_CODES, state_name

PAGE = "league"
ds = ui.page("League coverage", needs=("league", "league_totals", "tile_grid"))
years = views.league_years(ds)
specs = [urlstate.choice("year", years, 2016), urlstate.choice("view", maps.VIEWS, "map"), urlstate.states()]
notices = ui.bind_url(PAGE, specs)

st.title("League of Innovative Schools coverage")
ui.show_notices(notices)
year = ui.year_control(PAGE, years, default=2016)
view = ui.view_toggle()

members = views.league_members_by(ds, year)
mapped = members[members["state"].isin(STATE_CODES)]
total = views.league_total(ds, year)
outside = len(members) - len(mapped)

map_col, side_col = st.columns([3, 1])
with map_col:
    fig = ui.map_figure(ds, "league", year, view)
    clicked = ui.show_map(fig, key=f"{PAGE}.map", alt=f"Known League districts by state, fall {year}")
with side_col:
    if total:
        states_text = f"{total.states} states" if total.states is not None else "states not published"
        st.metric(f"Published League size, {year}", f"{total.districts_text} districts", help=f"As of {total.as_of}")
        st.caption(f"{states_text}; source: {views.source_label(ds, total.source_id)}")
    else:
        st.metric(f"Published League size, {year}", "not published")
    st.metric("Known from sources", f"{len(members)} districts",
              help="Districts a public source shows joining by this fall. The roster is incomplete.")
    st.caption(f"in {mapped['state'].nunique()} states" + (f", plus {outside} outside the 50 states and DC" if outside else ""))
    if total and total.districts:
        st.progress(min(1.0, len(members) / total.districts),
                    text=f"{len(members)} of {total.districts_text} districts known")
    st.caption("A district that joined earlier may since have left; sources rarely say when. "
               "Districts with no known join year are listed below but not counted.")

if clicked:
    ui.state_detail(ds, clicked)

st.subheader("Districts")
chosen = ui.state_picker("Show districts in")
table = views.league_districts(ds, chosen or None)
table = table.assign(in_2016_cohort=table["cohort_year"].eq(2016) & table["spell"].isin(["original", "readmitted"]))
st.caption(f"{len(table)} membership records"
           + (f" in {', '.join(state_name(s) for s in chosen)}" if chosen else "")
           + ". The 2016 cohort (19 new districts and 4 re-admitted, as announced in October 2016) is marked.")
ui.league_table(ds, table)

with st.expander("Data table for this map", icon=":material/table:"):
    ui.map_table(ds, "league", year)

ui.sync_url(PAGE, specs, {"year": year, "view": view, "states": chosen})
ui.continue_playing(PAGE, years)
