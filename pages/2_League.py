"""League coverage: where the Digital Promise League of Innovative Schools districts are."""
import streamlit as st

from cbe_dash import chart_preload

with chart_preload.while_loading():  # the browser loads plotly.js meanwhile
    from cbe_dash import maps, ui, urlstate, views
    from cbe_dash.export import SOURCE_LINK_COLUMNS
    from cbe_dash.states import STATE_CODES, state_name

PAGE = "league"
ds = ui.page("League coverage", needs=("league", "league_totals", "tile_grid"))
years = views.league_years(ds)
specs = [urlstate.choice("year", years, 2016), urlstate.choice("view", maps.VIEWS, "map"), urlstate.states()]
notices = ui.bind_url(PAGE, specs)
presenting = ui.presenting()

if not presenting:
    st.title("League of Innovative Schools coverage")
    ui.show_notices(notices)
    view = ui.view_toggle()
else:
    view = ui.current_view()


def map_by_year() -> None:
    """The map, its timeline and everything that changes with the year."""
    map_slot = st.container()
    year = ui.year_control(PAGE, years, default=2016)
    members = ui.view(ds, "league_members_by", year)
    on_map = members[members["state"].isin(STATE_CODES)]
    total = ui.view(ds, "league_total", year)
    with map_slot:
        fig = ui.map_figure(ds, "league", year, view)
        clicked = ui.show_map(fig, key=f"{PAGE}.map", alt=f"Known League districts by state, fall {year}",
                              filename=f"cbe-dash-league-{year}")
    st.markdown(f"**{ui.plain(ui.view(ds, 'takeaway.league', year))}**")
    chosen = ui.shared_states()
    if not presenting:
        ui.league_coverage_notice(ds, year)
        data_bar = ui.data_out(ds, "league", year)
        side_metrics(year, members, on_map, total)
        if clicked:
            ui.state_detail(ds, clicked)
        with ui.lazy_expander("Data table for this map", icon=":material/table:", key=f"{PAGE}.table") as is_open:
            if is_open:
                ui.map_table(ds, "league", year)
    ui.sync_url(PAGE, specs, {"year": year, "view": view, "states": chosen})
    if not presenting:
        ui.share_panel(data_bar, embed=True, title=f"League of Innovative Schools districts, fall {year} (CBE Dash)")


def side_metrics(year: int, members, on_map, total) -> None:
    """The published size against what sources show, under the map."""
    size_col, known_col, note_col = st.columns([1, 1, 2])
    with size_col:
        st.metric(f"Published League size, {year}", ui.plain(f"{total.districts_text} districts") if total else "not published",
                  help=f"As of {ui.plain(total.as_of)}" if total else None)
        if total:
            st.text(f"{total.states if total.states is not None else 'Number of'} states"  # plain: a source's name
                    f"{'' if total.states is not None else ' not published'}; "
                    f"source: {ui.view(ds, 'source_label', total.source_id)}")
    with known_col:
        st.metric("Known from sources", f"{len(members)} districts",
                  help="Districts a public source shows joining by this fall. The roster is incomplete.")
        outside = len(members) - len(on_map)
        # Text, not st.progress: the bar's animation cost every year step ~20 ms in the browser.
        st.caption(f"in {on_map['state'].nunique()} states" + (f", plus {outside} outside the 50 states and DC"
                                                                if outside else "") + ". Known share: "
                   + ui.view(ds, "league_coverage", year) + " (members known that year over the size the League "
                   "published for that year).")
    with note_col:
        if year == 2016:
            evidence = ui.view(ds, "league_2016_evidence")
            st.caption(f"For 2016-17, {evidence['confirmed']} are confirmed and {evidence['likely']} likely members "
                       "by sources dated near that school year; the rest joined earlier with no later evidence.")
        st.caption("A district that joined earlier may since have left; sources rarely say when. "
                   "Districts with no known join year are listed below but not counted.")
        ui.image_format_picker()


def districts() -> None:
    """The membership records of every year, filtered by the shared state picker.

    Outside the year's fragment: the roster does not change with the year (each record says the fall it
    joined), so a year step or Play tick neither rebuilds nor re-sends it (~80 KB a step before).
    """
    st.header("Districts")
    chosen = ui.state_picker("Show districts in")
    linked = ui.view(ds, "league_districts_linked", tuple(chosen) or None)
    table = linked.drop(columns=SOURCE_LINK_COLUMNS, errors="ignore")  # the download names sources by id and URL
    st.caption(f"{len(table)} membership records" + (f" in {', '.join(state_name(s) for s in chosen)}" if chosen else "")
               + ". \"Joined (fall)\" is the cohort a district joined or was re-admitted in; the fall 2016 cohort "
               "was announced as 19 new districts and 4 re-admitted. Sort by it to see one year's cohort.")
    ui.league_table(linked)
    ui.download_table(table, title="League of Innovative Schools districts", file_name="cbe-dash-league.csv",
                      ds=ds, key=f"{PAGE}.csv")


ui.by_year(PAGE, map_by_year)
if not presenting:
    districts()
ui.instant_years(ds, PAGE, "league", years, lambda y: (y, view))  # last: the first map goes out before them
